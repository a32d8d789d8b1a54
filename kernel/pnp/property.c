/*
 * pnp/property.c - what a driver may read about its device:
 * IoGetDeviceProperty (from the device node and its registry keys) and
 * IoOpenDeviceRegistryKey (the device's hardware key, "Device Parameters"
 * under Enum\<instance>, and its software key under Control\Class).
 */
#include "pnp.h"
#include "ex/ex.h"

/* Copy Size bytes of Data out with the buffer-size protocol. */
static NTSTATUS PpReturnProperty(const VOID *Data, ULONG Size, ULONG BufferLength, PVOID Buffer,
                                 PULONG ResultLength)
{
    *ResultLength = Size;
    if (BufferLength < Size || (!Buffer && Size))
        return STATUS_BUFFER_TOO_SMALL;
    memcpy(Buffer, Data, Size);
    return STATUS_SUCCESS;
}

static NTSTATUS PpReturnString(PCWSTR Text, BOOLEAN Multi, ULONG BufferLength, PVOID Buffer,
                               PULONG ResultLength)
{
    if (!Text)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    ULONG Chars = Multi ? PpMultiSzChars(Text) : (ULONG)RtlpWcslen(Text) + 1;
    return PpReturnProperty(Text, Chars * sizeof(WCHAR), BufferLength, Buffer, ResultLength);
}

/* A string value of the instance key. */
static NTSTATUS PpReturnRegistryString(PDEVICE_NODE Node, PCWSTR Value, ULONG BufferLength,
                                       PVOID Buffer, PULONG ResultLength)
{
    HANDLE Key;
    PWSTR Text = NULL;
    NTSTATUS Status = PpOpenInstanceKey(Node, KEY_READ, FALSE, &Key);
    if (!NT_SUCCESS(Status))
        return STATUS_OBJECT_NAME_NOT_FOUND;
    Status = PpQueryString(Key, Value, NULL, 0, &Text);
    ZwClose(Key);
    if (!NT_SUCCESS(Status))
        return Status == STATUS_INSUFFICIENT_RESOURCES ? Status : STATUS_OBJECT_NAME_NOT_FOUND;
    Status = PpReturnString(Text, FALSE, BufferLength, Buffer, ResultLength);
    ExFreePool(Text);
    return Status;
}

NTIO_EXPORT NTSTATUS IoGetDeviceProperty(PDEVICE_OBJECT DeviceObject,
                                         DEVICE_REGISTRY_PROPERTY DeviceProperty,
                                         ULONG BufferLength, PVOID PropertyBuffer,
                                         PULONG ResultLength)
{
    PDEVICE_NODE Node = PpDeviceNodeOf(DeviceObject);
    ULONG Value;
    if (!ResultLength)
        return STATUS_INVALID_PARAMETER;
    *ResultLength = 0;
    if (!Node) /* only a PDO has properties */
        return STATUS_INVALID_DEVICE_REQUEST;
    /* Strings of the instance key; the description and the location the
     * bus gave (IRP_MN_QUERY_DEVICE_TEXT) come first. */
    static const struct {
        DEVICE_REGISTRY_PROPERTY Property;
        PCWSTR Value;
    } RegistryStrings[] = {
        { DevicePropertyDeviceDescription, L"DeviceDesc" },
        { DevicePropertyClassName, L"Class" },
        { DevicePropertyClassGuid, L"ClassGUID" },
        { DevicePropertyDriverKeyName, L"Driver" },
        { DevicePropertyManufacturer, L"Mfg" },
        { DevicePropertyFriendlyName, L"FriendlyName" },
        { DevicePropertyLocationInformation, L"LocationInformation" },
    };
    for (ULONG i = 0; i < RTL_NUMBER_OF(RegistryStrings); i++) {
        if (RegistryStrings[i].Property != DeviceProperty)
            continue;
        PCWSTR Known = DeviceProperty == DevicePropertyDeviceDescription ? Node->Description
                       : DeviceProperty == DevicePropertyLocationInformation ? Node->Location
                                                                              : NULL;
        if (Known)
            return PpReturnString(Known, FALSE, BufferLength, PropertyBuffer, ResultLength);
        return PpReturnRegistryString(Node, RegistryStrings[i].Value, BufferLength, PropertyBuffer,
                                      ResultLength);
    }
    switch (DeviceProperty) {
    case DevicePropertyHardwareID:
        return PpReturnString(Node->HardwareIds, TRUE, BufferLength, PropertyBuffer, ResultLength);
    case DevicePropertyCompatibleIDs:
        return PpReturnString(Node->CompatibleIds, TRUE, BufferLength, PropertyBuffer,
                              ResultLength);
    case DevicePropertyPhysicalDeviceObjectName: {
        WCHAR Name[260];
        if (!ObpQueryNameString(Node->PhysicalDeviceObject, Name, RTL_NUMBER_OF(Name)))
            Name[0] = 0;
        return PpReturnString(Name, FALSE, BufferLength, PropertyBuffer, ResultLength);
    }
    case DevicePropertyEnumeratorName: {
        WCHAR Name[PNP_INSTANCE_PATH_CHARS];
        ULONG n = 0;
        for (; Node->InstancePath[n] && Node->InstancePath[n] != L'\\'; n++)
            Name[n] = Node->InstancePath[n];
        Name[n] = 0;
        return PpReturnString(Name, FALSE, BufferLength, PropertyBuffer, ResultLength);
    }
    case DevicePropertyUINumber:
        if (Node->Capabilities.UINumber == 0xFFFFFFFF)
            return STATUS_OBJECT_NAME_NOT_FOUND;
        Value = Node->Capabilities.UINumber;
        return PpReturnProperty(&Value, sizeof Value, BufferLength, PropertyBuffer, ResultLength);
    case DevicePropertyAddress:
        if (Node->Capabilities.Address == 0xFFFFFFFF)
            return STATUS_OBJECT_NAME_NOT_FOUND;
        Value = Node->Capabilities.Address;
        return PpReturnProperty(&Value, sizeof Value, BufferLength, PropertyBuffer, ResultLength);
    case DevicePropertyInstallState: {
        DEVICE_INSTALL_STATE State = Node->Problem == CM_PROB_NOT_CONFIGURED
                                         ? InstallStateNeedsReinstall
                                     : Node->Problem == CM_PROB_FAILED_INSTALL
                                         ? InstallStateFailedInstall
                                         : InstallStateInstalled;
        return PpReturnProperty(&State, sizeof State, BufferLength, PropertyBuffer, ResultLength);
    }
    case DevicePropertyRemovalPolicy: {
        DEVICE_REMOVAL_POLICY Policy = Node->Capabilities.Removable
                                           ? RemovalPolicyExpectSurpriseRemoval
                                           : RemovalPolicyExpectNoRemoval;
        return PpReturnProperty(&Policy, sizeof Policy, BufferLength, PropertyBuffer,
                                ResultLength);
    }
    case DevicePropertyBusTypeGuid:
    case DevicePropertyLegacyBusType:
    case DevicePropertyBusNumber: {
        /* From the bus's IRP_MN_QUERY_BUS_INFORMATION, asked at enumeration. */
        if (!Node->HasBusInformation)
            return STATUS_OBJECT_NAME_NOT_FOUND;
        PPNP_BUS_INFORMATION Bus = &Node->BusInformation;
        NTSTATUS Status;
        if (DeviceProperty == DevicePropertyBusTypeGuid)
            Status = PpReturnProperty(&Bus->BusTypeGuid, sizeof(GUID), BufferLength,
                                      PropertyBuffer, ResultLength);
        else if (DeviceProperty == DevicePropertyLegacyBusType)
            Status = PpReturnProperty(&Bus->LegacyBusType, sizeof(INTERFACE_TYPE), BufferLength,
                                      PropertyBuffer, ResultLength);
        else
            Status = PpReturnProperty(&Bus->BusNumber, sizeof(ULONG), BufferLength,
                                      PropertyBuffer, ResultLength);
        return Status;
    }
    case DevicePropertyBootConfiguration:
    case DevicePropertyBootConfigurationTranslated:
        return STATUS_OBJECT_NAME_NOT_FOUND; /* software devices have no boot configuration */
    default:
        return STATUS_INVALID_PARAMETER_2;
    }
}

NTIO_EXPORT NTSTATUS IoOpenDeviceRegistryKey(PDEVICE_OBJECT DeviceObject, ULONG DevInstKeyType,
                                             ACCESS_MASK DesiredAccess, PHANDLE DeviceRegKey)
{
    PDEVICE_NODE Node = PpDeviceNodeOf(DeviceObject);
    HANDLE Instance, Key;
    NTSTATUS Status;
    if (!DeviceRegKey)
        return STATUS_INVALID_PARAMETER;
    *DeviceRegKey = NULL;
    if (!Node)
        return STATUS_INVALID_DEVICE_REQUEST;
    ULONG Which = DevInstKeyType & ~PLUGPLAY_REGKEY_CURRENT_HWPROFILE;
    if (Which != PLUGPLAY_REGKEY_DEVICE && Which != PLUGPLAY_REGKEY_DRIVER)
        return STATUS_INVALID_PARAMETER;
    if (DevInstKeyType & PLUGPLAY_REGKEY_CURRENT_HWPROFILE) {
        /* Hardware Profiles\Current\System\CurrentControlSet\Enum|Control\Class\... */
        WCHAR Sub[PNP_INSTANCE_PATH_CHARS + 64];
        WCHAR Driver[64];
        PCWSTR Tail = Node->InstancePath;
        if (Which == PLUGPLAY_REGKEY_DRIVER) {
            if (!NT_SUCCESS(PpOpenInstanceKey(Node, KEY_READ, FALSE, &Instance)))
                return STATUS_OBJECT_NAME_NOT_FOUND;
            Status = PpQueryString(Instance, L"Driver", Driver, RTL_NUMBER_OF(Driver), NULL);
            ZwClose(Instance);
            if (!NT_SUCCESS(Status))
                return STATUS_OBJECT_NAME_NOT_FOUND;
            Tail = Driver;
        }
        static const WCHAR Enum[] = L"Enum\\", Class[] = L"Control\\Class\\";
        PCWSTR Head = Which == PLUGPLAY_REGKEY_DEVICE ? Enum : Class;
        ULONG n = 0;
        for (PCWSTR p = Head; *p; p++)
            Sub[n++] = *p;
        for (PCWSTR p = Tail; *p && n < RTL_NUMBER_OF(Sub) - 1; p++)
            Sub[n++] = *p;
        Sub[n] = 0;
        Status = PpOpenKey(L"\\Registry\\Machine\\System\\CurrentControlSet\\Hardware Profiles\\"
                           L"Current\\System\\CurrentControlSet\\",
                           Sub, DesiredAccess, TRUE, NULL, &Key);
        if (NT_SUCCESS(Status))
            *DeviceRegKey = Key;
        return Status;
    }
    Status = PpOpenInstanceKey(Node, KEY_READ | KEY_CREATE_SUB_KEY, FALSE, &Instance);
    if (!NT_SUCCESS(Status))
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (Which == PLUGPLAY_REGKEY_DEVICE) {
        Status = PpOpenKey(L"", L"Device Parameters", DesiredAccess, TRUE, Instance, &Key);
    } else {
        /* The software key: Control\Class\<the instance's Driver value>. */
        WCHAR Driver[64];
        Status = PpQueryString(Instance, L"Driver", Driver, RTL_NUMBER_OF(Driver), NULL);
        if (NT_SUCCESS(Status))
            Status = PpOpenKey(PP_CLASS_PATH, Driver, DesiredAccess, TRUE, NULL, &Key);
        else
            Status = STATUS_OBJECT_NAME_NOT_FOUND; /* installed without a software key */
    }
    ZwClose(Instance);
    if (NT_SUCCESS(Status))
        *DeviceRegKey = Key;
    return Status;
}
