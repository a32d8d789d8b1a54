/*
 * io/iop.h - the I/O manager's private interface.
 */
#ifndef NTIO_IOP_H
#define NTIO_IOP_H

#include <stdio.h>
#include <wdm.h>
#include "ob/ob.h"
#include "ke/ke.h"

extern POBJECT_TYPE IopFileObjectType, IopDeviceObjectType, IopDriverObjectType;

/* Private per-IRP bookkeeping, kept in front of the IRP in the same block. */
typedef struct _IOP_IRP_HEADER {
    ULONGLONG IssueTimeNs;     /* when the I/O manager sent it (hang reports) */
    ULONG OutputLength;        /* user output length, bounds the copy-back */
    UCHAR AllocSize;           /* stack locations this block has room for */
    /* Canceller pins (IopCancelIrpList) in the low bits; IOP_PIN_COMPLETED
     * once IopCompleteRequest is done with the IRP.  A pinned IRP is freed
     * by whichever of the two comes last, so a canceller that found it on
     * a list may still call IoCancelIrp after it completed. */
    volatile UCHAR Pins;
    USHORT IopFlags;           /* IOP_IRP_* below */
} IOP_IRP_HEADER, *PIOP_IRP_HEADER;
#define IOP_PIN_COMPLETED 0x80
#define IOP_IRP_DEREF_USER_EVENT 0x0001  /* UserEvent was referenced from a handle */
/* Thread-agnostic: queued on its file object's IrpList (a file bound to a
 * completion port), not on the thread's; it holds a reference to the
 * issuing thread, which may exit before it completes. */
#define IOP_IRP_THREAD_AGNOSTIC 0x0002
#define IOP_IRP_HEADER_OF(Irp) ((PIOP_IRP_HEADER)(Irp) - 1)

/* IRP.AllocationFlags */
#define IRP_QUOTA_CHARGED 0x01
#define IRP_ALLOCATED_MUST_SUCCEED 0x02
#define IRP_ALLOCATED_FIXED_SIZE 0x04
#define IRP_LOOKASIDE_ALLOCATION 0x08

/* Allocate an IRP for the I/O manager's own use (per-thread cache). */
PIRP IopAllocateIrp(CCHAR StackSize, PVOID Caller);
/* Record Irp as the current thread's outstanding request: on the thread's
 * IRP list, or, for an asynchronous request on a file bound to a
 * completion port, on the file object's (thread-agnostic I/O). */
VOID IopQueueThreadIrp(PIRP Irp);
/* Take Irp off its list at completion.  FALSE when a canceller still has
 * it pinned: the canceller frees it (IoFreeIrp) instead of the caller. */
BOOLEAN IopDequeueThreadIrp(PIRP Irp);
VOID IopFlushThreadCaches(PKTHREAD Thread);
VOID IopCancelThreadIo(PKTHREAD Thread);
/* Cancel Thread's IRPs on File (all files if NULL) whose status block is
 * Iosb (any if NULL); returns how many matched. */
ULONG IopCancelThreadIrps(PKTHREAD Thread, PFILE_OBJECT File, PIO_STATUS_BLOCK Iosb);
/* Cancel the thread-agnostic IRPs of File issued by Thread (any if NULL)
 * whose status block is Iosb (any if NULL); returns how many matched. */
ULONG IopCancelFileIrps(PFILE_OBJECT File, PKTHREAD Thread, PIO_STATUS_BLOCK Iosb);
/* Process exit: cancel every thread-agnostic IRP and wait for them until
 * Deadline (KiMonotonicNs); returns how many were left (reported). */
ULONG IopRundownThreadAgnosticIo(ULONGLONG Deadline);

/* System buffers of buffered I/O (small ones come from a per-thread cache). */
PVOID IopAllocateSystemBuffer(ULONG Length);
VOID IopFreeSystemBuffer(PVOID Buffer);

/* The thread's IRP list lock (raw: holders never wait). */
#define IopLockThreadIrpList(T) KiAcquireSpinLockRaw(&(T)->IrpListLock, KiGetCurrentThread())
#define IopUnlockThreadIrpList(T) KiReleaseSpinLockRaw(&(T)->IrpListLock)
#define IopLockFileIrpList(F) KiAcquireSpinLockRaw(&(F)->IrpListLock, KiGetCurrentThread())
#define IopUnlockFileIrpList(F) KiReleaseSpinLockRaw(&(F)->IrpListLock)

/* File objects (io/file.c). */
typedef struct _OPEN_PACKET {
    ACCESS_MASK DesiredAccess;
    ULONG CreateDisposition;
    ULONG CreateOptions;
    ULONG FileAttributes;
    ULONG ShareAccess;
    LARGE_INTEGER AllocationSize; /* initial allocation; 0 = none */
    IO_STATUS_BLOCK IoStatus;   /* of the create */
    BOOLEAN Parsed;
} OPEN_PACKET, *POPEN_PACKET;

NTSTATUS IopParseDevice(PVOID ParseObject, KPROCESSOR_MODE AccessMode, ULONG Attributes,
                        PUNICODE_STRING CompleteName, PUNICODE_STRING RemainingName, PVOID Context,
                        PVOID *Object);
VOID IopCloseFile(struct _EPROCESS *Process, PVOID Object, ACCESS_MASK GrantedAccess,
                  ULONG_PTR ProcessHandleCount, ULONG_PTR SystemHandleCount);
VOID IopDeleteFile(PVOID Object);
VOID IopAcquireFileObjectLock(PFILE_OBJECT FileObject);
VOID IopReleaseFileObjectLock(PFILE_OBJECT FileObject);

/* Devices and drivers (io/device.c, io/driver.c). */

/* The I/O manager's own data about a device, Windows' DEVOBJ_EXTENSION:
 * DeviceObject->DeviceObjectExtension, in the same block as the device
 * object, behind the driver's device extension. */
typedef struct _DEVOBJ_EXTENSION {
    CSHORT Type;                  /* IO_TYPE_DEVICE_OBJECT_EXTENSION */
    USHORT Size;
    PDEVICE_OBJECT DeviceObject;
    ULONG PowerFlags;             /* the device power state PoSetPowerState last set */
    volatile ULONG ExtensionFlags; /* DOE_*; changed atomically */
    struct _DEVICE_NODE *DeviceNode; /* a PDO's node in the device tree (pnp/), else NULL */
    /* The device this one is attached to (IoAttachDeviceToDeviceStack), the
     * downward twin of AttachedDevice; guarded by the device database lock. */
    PDEVICE_OBJECT AttachedTo;
    /* IoSetStartIoAttributes' block, made on first use (io/startio.c). */
    struct _IOP_STARTIO_EXTENSION *volatile StartIo;
    /* The security descriptor the PnP manager's registry one replaced: an
     * open may still be reading it, so it goes with the device. */
    PVOID ReplacedSecurity;
} DEVOBJ_EXTENSION;

/* DEVOBJ_EXTENSION.ExtensionFlags, Windows' values. */
#define DOE_UNLOAD_PENDING 0x1
#define DOE_DELETE_PENDING 0x2
#define DOE_REMOVE_PENDING 0x4
#define DOE_REMOVE_PROCESSED 0x8
#define DOE_START_PENDING 0x10
/* ntio's: IoDeleteDevice found a device attached above; IoDetachDevice
 * drops the device's last reference. */
#define IOP_DOE_DELETE_ON_DETACH 0x80000000

VOID IopDeleteDevice(PVOID Object);
/* Frees IoSetStartIoAttributes' block (io/startio.c). */
VOID IopFreeStartIoExtension(PDEVICE_OBJECT DeviceObject);
VOID IopDeleteDriver(PVOID Object);
NTSTATUS IopInvalidDeviceRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp);
/* A driver named on the command line (NTIO_DRIVERS); service name = file name. */
NTSTATUS IopLoadDriver(const char *ImagePath, PDRIVER_OBJECT *DriverObject);
/* NtLoadDriver / NtUnloadDriver / NtQueryDriverState on a service key path
 * (ntio/ntdrv.h has their statuses). */
NTSTATUS IopLoadServiceDriver(PUNICODE_STRING ServiceKey, PDRIVER_OBJECT *DriverObject);
NTSTATUS IopUnloadServiceDriver(PCUNICODE_STRING ServiceKey);
ULONG IopQueryServiceDriverState(PCUNICODE_STRING ServiceKey);
/* The PnP manager's: a service's driver object, loaded if need be, referenced. */
NTSTATUS IopReferenceServiceDriver(PCWSTR Service, PDRIVER_OBJECT *DriverObject);
/* The PnP manager let go of a driver it loaded: unloaded if no device of
 * it and no device node's stack is left (the caller still references it). */
VOID IopUnloadPnpDriverIfIdle(PDRIVER_OBJECT DriverObject);
/* Deferred unload (io/file.c): a device's open files are counted in its
 * ReferenceCount.  IopImageOfDevice gives the driver's image record (NULL
 * for a driver object made without an image), read while the caller's
 * count keeps the driver loaded; the record outlives the driver object.
 * After dropping a count to 0, call IopCheckUnloadImage: a pending unload
 * happens then.  An open counts itself first, then fails with
 * STATUS_NO_SUCH_DEVICE if IopImageUnloadInvoked. */
#define IOP_DRVO_IMAGE 0x80000000   /* DRIVER_OBJECT.Flags: DriverSection is its image record */
PVOID IopImageOfDevice(PDEVICE_OBJECT Device);
BOOLEAN IopImageUnloadInvoked(PVOID ImageRecord);
VOID IopCheckUnloadImage(PVOID ImageRecord);
/* Process exit: DriverUnload of one driver / of all of them. */
VOID IopUnloadDriver(PDRIVER_OBJECT DriverObject);
VOID IopUnloadAllDrivers(VOID);
/* The image whose leaks are still to be reported at exit that holds Address. */
const char *IopModuleOfAddress(PVOID Address);
const char *IopDriverImageName(PDRIVER_OBJECT Driver);
ULONG IopReportLeakedDevices(FILE *Out);
/* A REG_DWORD value of an open key (io/driver.c): Value is written only
 * on success; another type or size is STATUS_OBJECT_TYPE_MISMATCH. */
NTSTATUS IopQueryDword(HANDLE Key, PCWSTR Name, PULONG Value);
/* Start the driver services of the registry marked SERVICE_BOOT_START,
 * SYSTEM_START or AUTO_START, then the NTIO_DRIVERS (io/iomgr.c).  A
 * failure that must stop the kernel is returned. */
NTSTATUS IopLoadBootDrivers(VOID);

/* Hung I/O (io/hang.c): an IRP its driver neither completes nor lets be
 * cancelled is reported, !irp-style, instead of hanging forever. */
#define IOP_EXIT_HUNG_IRP 124   /* exit status of a process ended for a hung IRP */
extern ULONGLONG IopHangTimeoutNs;
VOID IopInitializeHangDetection(VOID);
VOID IopReportIrp(FILE *Out, PIRP Irp, const char *Why);
/* Wait on a synchronous file object's event for Irp; never returns if the
 * IRP hangs (reports and ends the process). */
VOID IopWaitForSynchronousIrp(PFILE_OBJECT FileObject, PIRP Irp, BOOLEAN Alertable);
/* Wait for Thread's IRPs to drain after they were cancelled; report and
 * disassociate what is left after the hang timeout.  Returns how many were left. */
ULONG IopWaitForThreadIrps(PKTHREAD Thread, ULONGLONG TimeoutNs, const char *Why);
/* The same for a list of IRPs under Lock (a thread's or a file object's). */
ULONG IopWaitForIrpList(PKSPIN_LOCK Lock, PLIST_ENTRY Head, ULONGLONG Deadline, const char *Why);
DECLSPEC_NORETURN VOID IopEndProcessForHungIrp(VOID);

/* Completion (io/complete.c). */
VOID IopCompleteRequest(PIRP Irp);

/* System-service helpers (io/iosvc.c). */
NTSTATUS IopSynchronousServiceTail(PDEVICE_OBJECT DeviceObject, PIRP Irp, PFILE_OBJECT FileObject,
                                   BOOLEAN SynchronousIo);

/* The PnP manager (pnp/): a file of a surprise-removed stack closed; the
 * stacks removed at exit. */
VOID PpCheckPendingRemoval(PDEVICE_OBJECT Device);
VOID PpShutdownSystem(VOID);
BOOLEAN PpDriverInUse(PDRIVER_OBJECT Driver);
/* The IoRegisterPlugPlayNotification registrations of a driver still live. */
ULONG PpDriverNotificationCount(PDRIVER_OBJECT Driver);
/* Exit: let device installs started by the PnP manager end (bounded). */
VOID PpWaitForInstalls(VOID);

VOID IoInitSystem(VOID);
VOID IoShutdownSystem(VOID);

#endif
