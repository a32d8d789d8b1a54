/*
 * cm/cmdriver.c - IoOpenDriverRegistryKey: the keys a driver keeps its own
 * settings and state in, below its service key
 * (\Registry\Machine\System\CurrentControlSet\Services\<ServiceKeyName>):
 *   DriverRegKeyParameters            Parameters
 *   DriverRegKeyPersistentState       State
 *   DriverRegKeySharedPersistentState SharedState
 * Created (non-volatile) when missing, the service key too: a driver ntio
 * started without one (NTIO_DRIVERS) still gets keys of its own.
 */
#include "cm.h"
#include "ex/ex.h"

#define CMP_SERVICES L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"

static NTSTATUS CmpCreateRelative(HANDLE Parent, PUNICODE_STRING Name, ACCESS_MASK Access, PHANDLE Key)
{
    OBJECT_ATTRIBUTES Attributes;
    InitializeObjectAttributes(&Attributes, Name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, Parent, NULL);
    return ZwCreateKey(Key, Access, &Attributes, 0, NULL, REG_OPTION_NON_VOLATILE, NULL);
}

NTIO_EXPORT NTSTATUS IoOpenDriverRegistryKey(PDRIVER_OBJECT DriverObject, DRIVER_REGKEY_TYPE RegKeyType,
                                             ACCESS_MASK DesiredAccess, ULONG Flags, PHANDLE DriverRegKey)
{
    static const PCWSTR Subkeys[] = {
        [DriverRegKeyParameters] = L"Parameters",
        [DriverRegKeyPersistentState] = L"State",
        [DriverRegKeySharedPersistentState] = L"SharedState",
    };
    UNICODE_STRING Path, Sub;
    PUNICODE_STRING Service;
    HANDLE ServiceKey;
    PWCHAR Buffer;
    ULONG Prefix = sizeof(CMP_SERVICES) - sizeof(WCHAR);
    NTSTATUS Status;

    PAGED_CODE();
    if (!DriverRegKey)
        return STATUS_INVALID_PARAMETER;
    *DriverRegKey = NULL;
    if (!DriverObject || Flags || (ULONG)RegKeyType >= RTL_NUMBER_OF(Subkeys) || !DriverObject->DriverExtension)
        return STATUS_INVALID_PARAMETER;
    Service = &DriverObject->DriverExtension->ServiceKeyName;
    if (!Service->Buffer || !Service->Length || (Service->Length & 1) ||
        (ULONG)Prefix + Service->Length > UNICODE_STRING_MAX_BYTES)
        return STATUS_INVALID_PARAMETER;
    for (ULONG i = 0; i < Service->Length / sizeof(WCHAR); i++)
        if (Service->Buffer[i] == L'\\')
            return STATUS_INVALID_PARAMETER; /* a name, not a path */

    Buffer = ExAllocatePoolWithTag(PagedPool, Prefix + Service->Length, CM_POOL_TAG);
    if (!Buffer)
        return STATUS_INSUFFICIENT_RESOURCES;
    memcpy(Buffer, CMP_SERVICES, Prefix);
    memcpy((PUCHAR)Buffer + Prefix, Service->Buffer, Service->Length);
    Path.Buffer = Buffer;
    Path.Length = Path.MaximumLength = (USHORT)(Prefix + Service->Length);
    Status = CmpCreateRelative(NULL, &Path, KEY_CREATE_SUB_KEY, &ServiceKey);
    ExFreePoolWithTag(Buffer, CM_POOL_TAG);
    if (!NT_SUCCESS(Status))
        return Status;
    RtlInitUnicodeString(&Sub, Subkeys[RegKeyType]);
    Status = CmpCreateRelative(ServiceKey, &Sub, DesiredAccess, DriverRegKey);
    ZwClose(ServiceKey);
    return Status;
}
