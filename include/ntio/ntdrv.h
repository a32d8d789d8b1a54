/*
 * ntio/ntdrv.h - loading and unloading drivers (NtLoadDriver, NtUnloadDriver).
 *
 * What advapi32's Service Control Manager calls to start and stop a driver
 * service.  DriverServiceName is the driver's registry key, normally
 * \Registry\Machine\System\CurrentControlSet\Services\NAME; the last
 * component is the service name, and the driver object is \Driver\NAME
 * (\FileSystem\NAME for a file system driver, Type 2).
 *
 * In the embedded model every process runs a kernel of its own: a driver
 * loaded here runs in the calling process, and unloads when it exits.
 */
#ifndef NTIO_NTDRV_H
#define NTIO_NTDRV_H

#include <ntio/basetypes.h>
#include <ntio/ntdef.h>

NTIO_BEGIN_DECLS

#ifndef NTSYSCALLAPI
#define NTSYSCALLAPI NTIO_EXPORT
#endif

/* The values of a service key. */
#include <ntio/svcdefs.h>

/*
 * NtLoadDriver - load the driver the service key describes and run its
 * DriverEntry with RegistryPath = DriverServiceName.  The key's values:
 *   Type       REG_DWORD, SERVICE_KERNEL_DRIVER (1) or
 *              SERVICE_FILE_SYSTEM_DRIVER (2);
 *   ImagePath  REG_SZ or REG_EXPAND_SZ: an NT path (\??\C:\dir\x.sys), a
 *              path under \SystemRoot (\SystemRoot\System32\drivers\x.sys,
 *              or relative to it: System32\drivers\x.sys); absent:
 *              \SystemRoot\System32\drivers\NAME.sys.
 * A user-mode caller must be an administrator (SeLoadDriverPrivilege).
 * Returns, as Windows does:
 *   STATUS_PRIVILEGE_NOT_HELD     not an administrator;
 *   STATUS_ACCESS_VIOLATION       a bad DriverServiceName pointer;
 *   STATUS_OBJECT_NAME_NOT_FOUND  no such key, or no such image file
 *                                 (STATUS_OBJECT_PATH_NOT_FOUND: no such
 *                                 directory);
 *   STATUS_ILL_FORMED_SERVICE_ENTRY  Type missing, or not a driver type;
 *   STATUS_IMAGE_ALREADY_LOADED   the driver (or its image) is loaded;
 *   STATUS_INVALID_IMAGE_FORMAT   the image is not a driver (not an ELF
 *                                 shared object built for ntio, or it has
 *                                 no DriverEntry);
 *   STATUS_PROCEDURE_NOT_FOUND    it imports a routine the kernel lacks;
 *   DriverEntry's status          when that fails (the driver's devices
 *                                 are deleted and the image unloaded).
 */
NTSYSCALLAPI NTSTATUS NTAPI NtLoadDriver(PUNICODE_STRING DriverServiceName);

/*
 * NtUnloadDriver - stop the driver of that service: once none of its
 * devices has an open file, DriverUnload runs, the image is unloaded and
 * any device or pool the driver left behind is reported ("ntio: leak:").
 * While files are open the unload is pending: new opens of its devices
 * fail with STATUS_NO_SUCH_DEVICE and DriverUnload runs when the last file
 * object goes; STATUS_SUCCESS is returned at once.  Errors:
 *   STATUS_PRIVILEGE_NOT_HELD     not an administrator (user mode);
 *   STATUS_OBJECT_NAME_NOT_FOUND  that driver is not loaded;
 *   STATUS_INVALID_DEVICE_REQUEST it has no DriverUnload (it cannot be
 *                                 stopped), or its unload is already pending.
 */
NTSYSCALLAPI NTSTATUS NTAPI NtUnloadDriver(PUNICODE_STRING DriverServiceName);

/*
 * NtQueryDriverState (ntio) - is the driver of a service loaded in this
 * kernel?  Windows' SCM finds out by looking for \Driver\NAME with
 * NtQueryDirectoryObject; ntio gives it this instead.  DriverServiceName
 * as for NtLoadDriver (only its last component is used; the key need not
 * exist).  *State receives one of DRIVER_STATE_*.  Any caller may ask.
 */
#define DRIVER_STATE_STOPPED 0          /* not loaded */
#define DRIVER_STATE_RUNNING 1          /* loaded, DriverEntry succeeded */
#define DRIVER_STATE_UNLOAD_PENDING 2   /* NtUnloadDriver waits for open files */
NTSYSCALLAPI NTSTATUS NTAPI NtQueryDriverState(PUNICODE_STRING DriverServiceName, PULONG State);

NTIO_END_DECLS

#endif /* NTIO_NTDRV_H */
