/*
 * cfgmgr32/control.c - cfgmgr32's two sources of truth: the PnP manager,
 * reached through NtPlugPlayControl (ntio/ntpnp.h), for the device tree,
 * and the registry (Enum\<instance path>) for what is installed.
 */
#include "cfgmgrp.h"

VOID CmpInitString(PUNICODE_STRING String, PCWSTR Text)
{
    String->Buffer = (PWSTR)Text;
    String->Length = (USHORT)(RtlpWcslen(Text) * sizeof(WCHAR));
    String->MaximumLength = String->Length;
}

CONFIGRET CmpStatusToConfigRet(NTSTATUS Status)
{
    switch (Status) {
    case STATUS_SUCCESS:
        return CR_SUCCESS;
    case STATUS_NO_SUCH_DEVICE:
        return CR_NO_SUCH_DEVNODE;
    case STATUS_BUFFER_TOO_SMALL:
        return CR_BUFFER_SMALL;
    case STATUS_PLUGPLAY_QUERY_VETOED:
        return CR_REMOVE_VETOED;
    case STATUS_INSUFFICIENT_RESOURCES:
    case STATUS_NO_MEMORY:
        return CR_OUT_OF_MEMORY;
    case STATUS_ACCESS_VIOLATION:
        return CR_INVALID_POINTER;
    case STATUS_INVALID_PARAMETER:
        return CR_INVALID_DATA;
    case STATUS_INVALID_DEVICE_REQUEST:
        return CR_INVALID_DEVNODE; /* the root cannot be removed */
    case STATUS_ACCESS_DENIED:
        return CR_ACCESS_DENIED;
    case STATUS_NOT_SUPPORTED: /* the PnP manager did not start */
    case STATUS_TOO_LATE:      /* it is shutting down */
        return CR_NO_CM_SERVICES;
    default:
        return CR_FAILURE;
    }
}

NTSTATUS CmpDeviceAction(PLUGPLAY_CONTROL_CLASS Class, PCWSTR Path)
{
    PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA Data;
    memset(&Data, 0, sizeof Data);
    CmpInitString(&Data.DeviceInstance, Path);
    if (Class == PlugPlayControlEnumerateDevice)
        Data.Flags = 1; /* synchronous */
    return NtPlugPlayControl(Class, &Data, sizeof Data);
}

NTSTATUS CmpQueryStatus(PCWSTR Path, PULONG DnStatus, PULONG Problem)
{
    PLUGPLAY_CONTROL_STATUS_DATA Data;
    memset(&Data, 0, sizeof Data);
    CmpInitString(&Data.DeviceInstance, Path);
    NTSTATUS Status = NtPlugPlayControl(PlugPlayControlGetDeviceStatus, &Data, sizeof Data);
    *DnStatus = NT_SUCCESS(Status) ? Data.DeviceStatus : 0;
    *Problem = NT_SUCCESS(Status) ? Data.DeviceProblem : 0;
    return Status;
}

BOOL CmpIsPresent(PCWSTR Path)
{
    ULONG DnStatus, Problem;
    return NT_SUCCESS(CmpQueryStatus(Path, &DnStatus, &Problem));
}

NTSTATUS CmpQueryRelated(PCWSTR Path, ULONG Relation, CMP_PATH Related)
{
    PLUGPLAY_CONTROL_RELATED_DEVICE_DATA Data;
    memset(&Data, 0, sizeof Data);
    CmpInitString(&Data.TargetDeviceInstance, Path);
    Data.Relation = Relation;
    Data.RelatedDeviceInstance = Related;
    Data.RelatedDeviceInstanceLength = MAX_DEVICE_ID_LEN;
    return NtPlugPlayControl(PlugPlayControlGetRelatedDevice, &Data, sizeof Data);
}

NTSTATUS CmpRemoveDevice(PLUGPLAY_CONTROL_CLASS Class, PCWSTR Path, PULONG VetoType,
                         WCHAR Veto[MAX_PATH])
{
    PLUGPLAY_CONTROL_QUERY_REMOVE_DATA Data;
    memset(&Data, 0, sizeof Data);
    CmpInitString(&Data.DeviceInstance, Path);
    Veto[0] = 0;
    Data.VetoName.Buffer = Veto;
    Data.VetoName.MaximumLength = MAX_PATH * sizeof(WCHAR);
    NTSTATUS Status = NtPlugPlayControl(Class, &Data, sizeof Data);
    *VetoType = Status == STATUS_PLUGPLAY_QUERY_VETOED ? Data.VetoType : PNP_VetoTypeUnknown;
    if (Status != STATUS_PLUGPLAY_QUERY_VETOED)
        Veto[0] = 0;
    return Status;
}

LONG CmpOpenInstanceKey(PCWSTR Path, REGSAM Access, PHKEY Key)
{
    WCHAR Name[RTL_NUMBER_OF(CMP_ENUM_KEY) + MAX_DEVICE_ID_LEN];
    SIZE_T Prefix = RTL_NUMBER_OF(CMP_ENUM_KEY) - 1, Chars = RtlpWcslen(Path);
    if (Chars >= MAX_DEVICE_ID_LEN)
        return ERROR_FILE_NOT_FOUND;
    memcpy(Name, CMP_ENUM_KEY, Prefix * sizeof(WCHAR));
    memcpy(Name + Prefix, Path, (Chars + 1) * sizeof(WCHAR));
    return RegOpenKeyExW(HKEY_LOCAL_MACHINE, Name, 0, Access, Key);
}

CONFIGRET CmpUpdateConfigFlags(PCWSTR Path, DWORD Set, DWORD Clear, PDWORD Old)
{
    HKEY Key;
    DWORD Flags = 0, Type, Bytes = sizeof Flags;
    LONG Error = CmpOpenInstanceKey(Path, KEY_QUERY_VALUE | KEY_SET_VALUE, &Key);
    if (Error == ERROR_FILE_NOT_FOUND)
        return CR_NO_SUCH_DEVNODE;
    if (Error != ERROR_SUCCESS)
        return Error == ERROR_ACCESS_DENIED ? CR_ACCESS_DENIED : CR_REGISTRY_ERROR;
    Error = RegQueryValueExW(Key, L"ConfigFlags", NULL, &Type, (LPBYTE)&Flags, &Bytes);
    if (Error != ERROR_SUCCESS || Type != REG_DWORD || Bytes != sizeof Flags)
        Flags = 0;
    if (Old)
        *Old = Flags;
    DWORD New = (Flags | Set) & ~Clear;
    Error = ERROR_SUCCESS;
    if (New != Flags)
        Error = RegSetValueExW(Key, L"ConfigFlags", 0, REG_DWORD, (const BYTE *)&New, sizeof New);
    RegCloseKey(Key);
    if (Error == ERROR_SUCCESS)
        return CR_SUCCESS;
    return Error == ERROR_ACCESS_DENIED ? CR_ACCESS_DENIED : CR_REGISTRY_ERROR;
}
