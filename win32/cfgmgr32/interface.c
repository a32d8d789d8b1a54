/*
 * cfgmgr32/interface.c - device interface lists: CM_Get_Device_Interface_List
 * and CM_Get_Device_Interface_List_Size.  The PnP manager answers with a
 * MULTI_SZ of user-mode names (\\?\ROOT#NTIOECHO#0000#{guid}) that CreateFile
 * opens: the interfaces of one class, of one device or of all, enabled ones
 * only (CM_GET_DEVICE_INTERFACE_LIST_PRESENT) or every registered one
 * (CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES).  An empty list is one NUL
 * (size 1).  The list can grow between the size and the list calls: the
 * list call then fails with CR_BUFFER_SMALL and the caller asks again, as
 * on Windows.
 */
#include "cfgmgrp.h"

/* Ask the PnP manager: Buffer NULL asks for the size (*Chars). */
static NTSTATUS CmpListInterfaces(const GUID *Class, PCWSTR Instance, ULONG ulFlags, PWSTR Buffer,
                                  ULONG BufferChars, PULONG Chars)
{
    PLUGPLAY_CONTROL_INTERFACE_LIST_DATA Data;
    memset(&Data, 0, sizeof Data);
    CmpInitString(&Data.DeviceInstance, Instance);
    Data.InterfaceClassGuid = (GUID *)Class;
    Data.Flags = (ulFlags & CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES) ? 1 : 0;
    Data.Buffer = Buffer;
    Data.BufferSize = BufferChars;
    NTSTATUS Status = NtPlugPlayControl(PlugPlayControlGetInterfaceDeviceList, &Data, sizeof Data);
    *Chars = Data.BufferSize;
    return Status;
}

/* The arguments both forms check alike; Instance is "" for every device. */
static CONFIGRET CmpCheckListArguments(LPGUID Class, PCWSTR Instance, ULONG ulFlags)
{
    if (!Class)
        return CR_INVALID_POINTER;
    if (ulFlags & ~CM_GET_DEVICE_INTERFACE_LIST_BITS)
        return CR_INVALID_FLAG;
    if (Instance[0] && !CmpIsValidDeviceId(Instance))
        return CR_INVALID_DEVICE_ID;
    return CR_SUCCESS;
}

/* The whole list in malloc'd memory (for the A forms), *Chars long. */
static CONFIGRET CmpGetList(const GUID *Class, PCWSTR Instance, ULONG ulFlags, PWSTR *List,
                            PULONG Chars)
{
    for (;;) {
        ULONG Need;
        NTSTATUS Status = CmpListInterfaces(Class, Instance, ulFlags, NULL, 0, &Need);
        if (Status != STATUS_BUFFER_TOO_SMALL)
            return CmpStatusToConfigRet(NT_SUCCESS(Status) ? STATUS_UNSUCCESSFUL : Status);
        PWSTR Buffer = malloc(Need * sizeof(WCHAR));
        if (!Buffer)
            return CR_OUT_OF_MEMORY;
        Status = CmpListInterfaces(Class, Instance, ulFlags, Buffer, Need, Chars);
        if (NT_SUCCESS(Status)) {
            *List = Buffer;
            return CR_SUCCESS;
        }
        free(Buffer);
        if (Status != STATUS_BUFFER_TOO_SMALL) /* else: it grew meanwhile */
            return CmpStatusToConfigRet(Status);
    }
}

CMAPI CONFIGRET WINAPI CM_Get_Device_Interface_ListW(LPGUID InterfaceClassGuid,
                                                     DEVINSTID_W pDeviceID, PZZWSTR Buffer,
                                                     ULONG BufferLen, ULONG ulFlags)
{
    ULONG Chars;
    PCWSTR Instance = pDeviceID ? pDeviceID : L"";
    if (!Buffer || !BufferLen)
        return CR_INVALID_POINTER;
    CONFIGRET Result = CmpCheckListArguments(InterfaceClassGuid, Instance, ulFlags);
    if (Result != CR_SUCCESS)
        return Result;
    return CmpStatusToConfigRet(
        CmpListInterfaces(InterfaceClassGuid, Instance, ulFlags, Buffer, BufferLen, &Chars));
}

CMAPI CONFIGRET WINAPI CM_Get_Device_Interface_List_SizeW(PULONG pulLen, LPGUID InterfaceClassGuid,
                                                          DEVINSTID_W pDeviceID, ULONG ulFlags)
{
    ULONG Chars = 0;
    PCWSTR Instance = pDeviceID ? pDeviceID : L"";
    if (!pulLen)
        return CR_INVALID_POINTER;
    *pulLen = 0;
    CONFIGRET Result = CmpCheckListArguments(InterfaceClassGuid, Instance, ulFlags);
    if (Result != CR_SUCCESS)
        return Result;
    NTSTATUS Status = CmpListInterfaces(InterfaceClassGuid, Instance, ulFlags, NULL, 0, &Chars);
    if (Status != STATUS_BUFFER_TOO_SMALL)
        return CmpStatusToConfigRet(NT_SUCCESS(Status) ? STATUS_UNSUCCESSFUL : Status);
    *pulLen = Chars;
    return CR_SUCCESS;
}

/* The A forms: the list in UTF-8, its length in bytes. */
static CONFIGRET CmpGetListA(LPGUID Class, DEVINSTID_A pDeviceID, ULONG ulFlags, PSTR *List,
                             PULONG Bytes)
{
    CMP_PATH Instance;
    BOOL Given;
    PWSTR Wide = NULL;
    ULONG Chars = 0; /* set when CmpGetList succeeds */
    CONFIGRET Result = CmpAnsiToPath(pDeviceID, Instance, &Given);
    if (Result == CR_SUCCESS)
        Result = CmpCheckListArguments(Class, Instance, ulFlags);
    if (Result == CR_SUCCESS)
        Result = CmpGetList(Class, Instance, ulFlags, &Wide, &Chars);
    if (Result != CR_SUCCESS)
        return Result;
    *List = CmpWideToAnsi(Wide, Chars, Bytes);
    free(Wide);
    return *List ? CR_SUCCESS : CR_OUT_OF_MEMORY;
}

CMAPI CONFIGRET WINAPI CM_Get_Device_Interface_ListA(LPGUID InterfaceClassGuid,
                                                     DEVINSTID_A pDeviceID, PZZSTR Buffer,
                                                     ULONG BufferLen, ULONG ulFlags)
{
    PSTR List;
    ULONG Bytes;
    if (!Buffer || !BufferLen)
        return CR_INVALID_POINTER;
    CONFIGRET Result = CmpGetListA(InterfaceClassGuid, pDeviceID, ulFlags, &List, &Bytes);
    if (Result != CR_SUCCESS)
        return Result;
    if (BufferLen < Bytes) {
        Result = CR_BUFFER_SMALL;
    } else {
        memcpy(Buffer, List, Bytes);
    }
    free(List);
    return Result;
}

CMAPI CONFIGRET WINAPI CM_Get_Device_Interface_List_SizeA(PULONG pulLen, LPGUID InterfaceClassGuid,
                                                          DEVINSTID_A pDeviceID, ULONG ulFlags)
{
    PSTR List;
    ULONG Bytes;
    if (!pulLen)
        return CR_INVALID_POINTER;
    *pulLen = 0;
    CONFIGRET Result = CmpGetListA(InterfaceClassGuid, pDeviceID, ulFlags, &List, &Bytes);
    if (Result != CR_SUCCESS)
        return Result;
    free(List);
    *pulLen = Bytes;
    return CR_SUCCESS;
}
