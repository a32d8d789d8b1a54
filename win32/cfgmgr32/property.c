/*
 * cfgmgr32/property.c - CM_Get_DevNode_Registry_Property: the values of a
 * device instance's registry key (Enum\<instance path>), as installation
 * and the PnP manager wrote them (the PnP manager records HardwareID,
 * CompatibleIDs, DeviceDesc and Capabilities when it finds a device), with
 * the type they are stored with.  CM_DRP_ENUMERATOR_NAME is the first part
 * of the instance path.  A device only in the registry (a phantom) has its
 * properties too.
 *
 * The properties Windows' PnP manager answers from its device objects
 * rather than the registry (CM_DRP_PHYSICAL_DEVICE_OBJECT_NAME, BUSNUMBER,
 * ADDRESS, REMOVAL_POLICY, INSTALL_STATE ...) are not kept where cfgmgr32
 * can read them: CR_NO_SUCH_VALUE, as for a value never written.
 *
 * Sizes are in bytes.  Buffer NULL with *pulLength 0 asks for the size
 * (CR_BUFFER_SMALL and the size); a buffer too small gets CR_BUFFER_SMALL,
 * the size and nothing written.  The A form returns strings in UTF-8 and
 * their UTF-8 size.
 */
#include "cfgmgrp.h"

/* The value behind each property read from the instance key. */
static PCWSTR CmpPropertyValue(ULONG Property)
{
    switch (Property) {
    case CM_DRP_DEVICEDESC:
        return L"DeviceDesc";
    case CM_DRP_HARDWAREID:
        return L"HardwareID";
    case CM_DRP_COMPATIBLEIDS:
        return L"CompatibleIDs";
    case CM_DRP_SERVICE:
        return L"Service";
    case CM_DRP_CLASS:
        return L"Class";
    case CM_DRP_CLASSGUID:
        return L"ClassGUID";
    case CM_DRP_DRIVER:
        return L"Driver";
    case CM_DRP_CONFIGFLAGS:
        return L"ConfigFlags";
    case CM_DRP_MFG:
        return L"Mfg";
    case CM_DRP_FRIENDLYNAME:
        return L"FriendlyName";
    case CM_DRP_LOCATION_INFORMATION:
        return L"LocationInformation";
    case CM_DRP_CAPABILITIES:
        return L"Capabilities";
    case CM_DRP_UPPERFILTERS:
        return L"UpperFilters";
    case CM_DRP_LOWERFILTERS:
        return L"LowerFilters";
    default:
        return NULL;
    }
}

/* The property's data in malloc'd memory (a NUL more than *Bytes, so that
 * a string is terminated), its type and size. */
static CONFIGRET CmpReadProperty(DEVINST dnDevInst, ULONG ulProperty, PULONG Type, PBYTE *Data,
                                 PULONG Bytes)
{
    CMP_PATH Path;
    HKEY Key;
    CONFIGRET Result = CmpPathFromDevInst(dnDevInst, Path);
    if (Result != CR_SUCCESS)
        return Result;
    if (ulProperty == CM_DRP_ENUMERATOR_NAME) {
        ULONG Chars = 0;
        while (Path[Chars] && Path[Chars] != L'\\')
            Chars++;
        Path[Chars] = 0;
        *Type = REG_SZ;
        *Bytes = (Chars + 1) * sizeof(WCHAR);
        if (!(*Data = malloc(*Bytes + sizeof(WCHAR))))
            return CR_OUT_OF_MEMORY;
        memcpy(*Data, Path, *Bytes);
        return CR_SUCCESS;
    }
    PCWSTR Value = CmpPropertyValue(ulProperty);
    if (!Value)
        return CR_NO_SUCH_VALUE;
    LONG Error = CmpOpenInstanceKey(Path, KEY_QUERY_VALUE, &Key);
    if (Error == ERROR_FILE_NOT_FOUND)
        return CR_NO_SUCH_VALUE;
    if (Error != ERROR_SUCCESS)
        return Error == ERROR_ACCESS_DENIED ? CR_ACCESS_DENIED : CR_REGISTRY_ERROR;
    for (;;) {
        DWORD Size = 0, Got;
        Error = RegQueryValueExW(Key, Value, NULL, Type, NULL, &Size);
        if (Error != ERROR_SUCCESS)
            break;
        if (!(*Data = malloc(Size + sizeof(WCHAR)))) {
            RegCloseKey(Key);
            return CR_OUT_OF_MEMORY;
        }
        Got = Size;
        Error = RegQueryValueExW(Key, Value, NULL, Type, *Data, &Got);
        if (Error == ERROR_SUCCESS) {
            memset(*Data + Got, 0, sizeof(WCHAR));
            *Bytes = Got;
            break;
        }
        free(*Data);
        if (Error != ERROR_MORE_DATA) /* else: it grew meanwhile */
            break;
    }
    RegCloseKey(Key);
    if (Error == ERROR_SUCCESS)
        return CR_SUCCESS;
    if (Error == ERROR_FILE_NOT_FOUND)
        return CR_NO_SUCH_VALUE;
    return Error == ERROR_ACCESS_DENIED ? CR_ACCESS_DENIED : CR_REGISTRY_ERROR;
}

/* The work of both forms; Ansi converts strings to UTF-8. */
static CONFIGRET CmpGetRegistryProperty(DEVINST dnDevInst, ULONG ulProperty, PULONG pulRegDataType,
                                        PVOID Buffer, PULONG pulLength, ULONG ulFlags, BOOL Ansi)
{
    ULONG Type, Bytes;
    PBYTE Data;
    if (!pulLength || (!Buffer && *pulLength))
        return CR_INVALID_POINTER;
    if (ulFlags)
        return CR_INVALID_FLAG;
    if (ulProperty < CM_DRP_MIN || ulProperty > CM_DRP_MAX)
        return CR_INVALID_PROPERTY;
    CONFIGRET Result = CmpReadProperty(dnDevInst, ulProperty, &Type, &Data, &Bytes);
    if (Result != CR_SUCCESS) {
        if (Result == CR_NO_SUCH_VALUE)
            *pulLength = 0;
        return Result;
    }
    if (Ansi && (Type == REG_SZ || Type == REG_EXPAND_SZ || Type == REG_MULTI_SZ)) {
        PSTR Narrow = CmpWideToAnsi((PCWSTR)Data, Bytes / sizeof(WCHAR), &Bytes);
        free(Data);
        if (!Narrow)
            return CR_OUT_OF_MEMORY;
        Data = (PBYTE)Narrow;
    }
    if (pulRegDataType)
        *pulRegDataType = Type;
    if (!Buffer || *pulLength < Bytes) {
        Result = CR_BUFFER_SMALL;
    } else {
        memcpy(Buffer, Data, Bytes);
    }
    *pulLength = Bytes;
    free(Data);
    return Result;
}

CMAPI CONFIGRET WINAPI CM_Get_DevNode_Registry_PropertyW(DEVINST dnDevInst, ULONG ulProperty,
                                                         PULONG pulRegDataType, PVOID Buffer,
                                                         PULONG pulLength, ULONG ulFlags)
{
    return CmpGetRegistryProperty(dnDevInst, ulProperty, pulRegDataType, Buffer, pulLength,
                                  ulFlags, FALSE);
}

CMAPI CONFIGRET WINAPI CM_Get_DevNode_Registry_PropertyA(DEVINST dnDevInst, ULONG ulProperty,
                                                         PULONG pulRegDataType, PVOID Buffer,
                                                         PULONG pulLength, ULONG ulFlags)
{
    return CmpGetRegistryProperty(dnDevInst, ulProperty, pulRegDataType, Buffer, pulLength,
                                  ulFlags, TRUE);
}
