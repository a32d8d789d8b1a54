/*
 * wdm/cm.h - the configuration manager's DDIs: Zw*Key, RtlQueryRegistryValues, RtlWriteRegistryValue.
 *
 * Part of wdm.h.  The registry services and their structures are in
 * <ntio/ntreg.h>; the Zw forms below call them with PreviousMode =
 * KernelMode (no access check unless OBJ_FORCE_ACCESS_CHECK, no probing of
 * the caller's buffers).  All of these run at PASSIVE_LEVEL.
 */
#ifndef NTIO_WDM_CM_H
#define NTIO_WDM_CM_H

#include <ntio/ntreg.h>

NTIO_BEGIN_DECLS

/* ---- Zw*Key: the services from kernel mode ------------------------------ */

NTSYSAPI NTSTATUS NTAPI ZwCreateKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                                    POBJECT_ATTRIBUTES ObjectAttributes, ULONG TitleIndex,
                                    PUNICODE_STRING Class, ULONG CreateOptions, PULONG Disposition);
NTSYSAPI NTSTATUS NTAPI ZwOpenKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                                  POBJECT_ATTRIBUTES ObjectAttributes);
NTSYSAPI NTSTATUS NTAPI ZwOpenKeyEx(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                                    POBJECT_ATTRIBUTES ObjectAttributes, ULONG OpenOptions);
NTSYSAPI NTSTATUS NTAPI ZwDeleteKey(HANDLE KeyHandle);
NTSYSAPI NTSTATUS NTAPI ZwDeleteValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName);
NTSYSAPI NTSTATUS NTAPI ZwEnumerateKey(HANDLE KeyHandle, ULONG Index,
                                       KEY_INFORMATION_CLASS KeyInformationClass, PVOID KeyInformation,
                                       ULONG Length, PULONG ResultLength);
NTSYSAPI NTSTATUS NTAPI ZwEnumerateValueKey(HANDLE KeyHandle, ULONG Index,
                                            KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
                                            PVOID KeyValueInformation, ULONG Length, PULONG ResultLength);
NTSYSAPI NTSTATUS NTAPI ZwFlushKey(HANDLE KeyHandle);
NTSYSAPI NTSTATUS NTAPI ZwQueryKey(HANDLE KeyHandle, KEY_INFORMATION_CLASS KeyInformationClass,
                                   PVOID KeyInformation, ULONG Length, PULONG ResultLength);
NTSYSAPI NTSTATUS NTAPI ZwQueryValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName,
                                        KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
                                        PVOID KeyValueInformation, ULONG Length, PULONG ResultLength);
NTSYSAPI NTSTATUS NTAPI ZwSetValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName, ULONG TitleIndex,
                                      ULONG Type, PVOID Data, ULONG DataSize);

/* ---- the Rtl registry routines (kernel/rtl/registry.c) ------------------ */

/* RelativeTo: where Path starts. */
#define RTL_REGISTRY_ABSOLUTE 0   /* Path is a full \Registry\... path */
#define RTL_REGISTRY_SERVICES 1   /* \Registry\Machine\System\CurrentControlSet\Services */
#define RTL_REGISTRY_CONTROL 2    /* \Registry\Machine\System\CurrentControlSet\Control */
#define RTL_REGISTRY_WINDOWS_NT 3 /* \Registry\Machine\Software\Microsoft\Windows NT\CurrentVersion */
#define RTL_REGISTRY_DEVICEMAP 4  /* \Registry\Machine\Hardware\DeviceMap */
#define RTL_REGISTRY_USER 5       /* \Registry\User\<SID of the current user> */
#define RTL_REGISTRY_MAXIMUM 6
#define RTL_REGISTRY_HANDLE 0x40000000   /* Path is a key handle */
#define RTL_REGISTRY_OPTIONAL 0x80000000 /* the key need not exist */

/* RTL_QUERY_REGISTRY_TABLE.Flags */
#define RTL_QUERY_REGISTRY_SUBKEY 0x00000001   /* Name is a subkey: the following entries are for it */
#define RTL_QUERY_REGISTRY_TOPKEY 0x00000002   /* back to the key RelativeTo/Path named */
#define RTL_QUERY_REGISTRY_REQUIRED 0x00000004 /* missing and no default: STATUS_OBJECT_NAME_NOT_FOUND */
#define RTL_QUERY_REGISTRY_NOVALUE 0x00000008  /* Name NULL: one call, no enumeration */
#define RTL_QUERY_REGISTRY_NOEXPAND 0x00000010 /* raw REG_EXPAND_SZ / REG_MULTI_SZ */
#define RTL_QUERY_REGISTRY_DIRECT 0x00000020   /* store into EntryContext, no QueryRoutine */
#define RTL_QUERY_REGISTRY_DELETE 0x00000040   /* delete the value once queried */
#define RTL_QUERY_REGISTRY_TYPECHECK 0x00000100 /* with DIRECT: type in DefaultType's top byte */
#define RTL_QUERY_REGISTRY_TYPECHECK_SHIFT 24
#define RTL_QUERY_REGISTRY_TYPECHECK_MASK (0xff << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT)

typedef NTSTATUS NTAPI RTL_QUERY_REGISTRY_ROUTINE(PWSTR ValueName, ULONG ValueType, PVOID ValueData,
                                                  ULONG ValueLength, PVOID Context, PVOID EntryContext);
typedef RTL_QUERY_REGISTRY_ROUTINE *PRTL_QUERY_REGISTRY_ROUTINE;

typedef struct _RTL_QUERY_REGISTRY_TABLE {
    PRTL_QUERY_REGISTRY_ROUTINE QueryRoutine;
    ULONG Flags;
    PWSTR Name;
    PVOID EntryContext;
    ULONG DefaultType;
    PVOID DefaultData;
    ULONG DefaultLength;
} RTL_QUERY_REGISTRY_TABLE, *PRTL_QUERY_REGISTRY_TABLE;

/*
 * Query several values with one call, as Windows does (the behaviour of
 * each flag is described above; the table ends with an entry whose
 * QueryRoutine and Name are both NULL, or with one that has neither a
 * QueryRoutine nor SUBKEY/DIRECT):
 *   - a missing value uses DefaultType/DefaultData/DefaultLength (REG_NONE:
 *     no default; with REQUIRED that is STATUS_OBJECT_NAME_NOT_FOUND).  A
 *     DefaultLength of 0 for a string type is computed from the data; a
 *     string default with NULL data is STATUS_DATA_OVERRUN;
 *   - unless NOEXPAND, REG_EXPAND_SZ is expanded (%SystemRoot%, %windir%,
 *     %SystemDrive% … from the system environment, or from Environment when
 *     it is not NULL: a block of NUL-terminated "NAME=value" strings ending
 *     with an empty one) and passed as REG_SZ, and each string
 *     of a REG_MULTI_SZ is passed as a REG_SZ of its own;
 *   - DIRECT (QueryRoutine NULL, Name not NULL; else STATUS_INVALID_PARAMETER)
 *     stores a string into the UNICODE_STRING at EntryContext (allocating
 *     Buffer from paged pool when it is NULL; free it with ExFreePool),
 *     data of at most 4 bytes at EntryContext, and larger data by the LONG
 *     at EntryContext: negative, -size of the buffer, data only; positive,
 *     the size, then {length, type, data}.  A buffer too small is left as
 *     it is (its STATUS_BUFFER_TOO_SMALL is ignored, as Windows ignores it
 *     from any QueryRoutine);
 *   - TYPECHECK with DIRECT: a value of another type than DefaultType >> 24
 *     is STATUS_OBJECT_TYPE_MISMATCH.
 * Processing stops at the first error a QueryRoutine returns.
 */
NTSYSAPI NTSTATUS NTAPI RtlQueryRegistryValues(ULONG RelativeTo, PCWSTR Path,
                                               PRTL_QUERY_REGISTRY_TABLE QueryTable, PVOID Context,
                                               PVOID Environment);
/* The same (every ntio hive is a trusted system hive). */
NTSYSAPI NTSTATUS NTAPI RtlQueryRegistryValuesEx(ULONG RelativeTo, PCWSTR Path,
                                                 PRTL_QUERY_REGISTRY_TABLE QueryTable, PVOID Context,
                                                 PVOID Environment);
/* Set ValueName in the key Path names (creating that key, not its parents). */
NTSYSAPI NTSTATUS NTAPI RtlWriteRegistryValue(ULONG RelativeTo, PCWSTR Path, PCWSTR ValueName,
                                              ULONG ValueType, PVOID ValueData, ULONG ValueLength);
NTSYSAPI NTSTATUS NTAPI RtlDeleteRegistryValue(ULONG RelativeTo, PCWSTR Path, PCWSTR ValueName);
/* Create the key (not its parents); success if it exists. */
NTSYSAPI NTSTATUS NTAPI RtlCreateRegistryKey(ULONG RelativeTo, PWSTR Path);
/* STATUS_SUCCESS if the key exists. */
NTSYSAPI NTSTATUS NTAPI RtlCheckRegistryKey(ULONG RelativeTo, PWSTR Path);

/* ---- a driver's own keys ------------------------------------------------- */

typedef enum _DRIVER_REGKEY_TYPE {
    DriverRegKeyParameters,           /* Services\<service>\Parameters */
    DriverRegKeyPersistentState,      /* Services\<service>\State */
    DriverRegKeySharedPersistentState /* Services\<service>\SharedState */
} DRIVER_REGKEY_TYPE, *PDRIVER_REGKEY_TYPE;

/* Open (creating it if needed, non-volatile) the key of RegKeyType under
 * the driver's service key, DriverObject->DriverExtension->ServiceKeyName.
 * Flags must be 0; a bad type, flag or driver object:
 * STATUS_INVALID_PARAMETER.  Close the handle (a kernel handle) with
 * ZwClose. */
NTKERNELAPI NTSTATUS NTAPI IoOpenDriverRegistryKey(struct _DRIVER_OBJECT *DriverObject,
                                                   DRIVER_REGKEY_TYPE RegKeyType,
                                                   ACCESS_MASK DesiredAccess, ULONG Flags,
                                                   PHANDLE DriverRegKey);

NTIO_END_DECLS

#endif /* NTIO_WDM_CM_H */
