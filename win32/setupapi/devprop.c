/*
 * setupapi/devprop.c - what a device information element says about its
 * device: SetupDiGetDeviceRegistryProperty, SetupDiSetDeviceRegistryProperty
 * and SetupDiGetDeviceInstanceId.
 *
 * The registry properties are cfgmgr32's (CM_Get_DevNode_Registry_Property,
 * docs/cfgmgr32.md): SPDRP_x is CM_DRP_x - 1, the value of the instance key
 * with the type it was stored with; the A form gives strings in UTF-8 and
 * sizes in UTF-8 bytes.  Windows' errors: a property never written (or one
 * ntio does not keep, such as the PDO name) is ERROR_INVALID_DATA; a
 * property number past SPDRP_MAXIMUM_PROPERTY is ERROR_INVALID_REG_PROPERTY;
 * a buffer too small, or none with size 0, is ERROR_INSUFFICIENT_BUFFER
 * with *RequiredSize (and *PropertyRegDataType) set and nothing written.
 *
 * An element SetupDiCreateDeviceInfo made and nobody has registered yet
 * has no instance key: its properties are the values it keeps for the key
 * (DeviceDesc and ClassGUID from its creation, the ones set since), read
 * the same way.  An element whose device SetupDiRemoveDevice removed
 * answers ERROR_NO_SUCH_DEVINST.
 *
 * Setting: the properties the documentation lets applications set, written
 * to the instance key (or kept for it until registration).  SPDRP_HARDWAREID
 * and SPDRP_COMPATIBLEIDS only for a root-enumerated device (a bus driver
 * reports the others' IDs); SPDRP_SECURITY (a self-relative security
 * descriptor) and SPDRP_SECURITY_SDS (its SDDL string) both become the
 * Security value the PnP manager applies to the device's stack when it
 * starts.  The rest - those the system owns (SPDRP_DEVICEDESC, SPDRP_DRIVER,
 * SPDRP_SERVICE ...) and the settable ones nothing in ntio reads
 * (SPDRP_EXCLUSIVE, SPDRP_UI_NUMBER_DESC_FORMAT, SPDRP_REMOVAL_POLICY_OVERRIDE)
 * - are ERROR_INVALID_REG_PROPERTY.  A NULL buffer of size 0 clears a
 * property; clearing one that is not set is ERROR_INVALID_DATA.
 *
 * The instance ID is returned by the same protocol, in characters (bytes
 * for the A form), the NUL included.
 */
#include "devinfop.h"
#include "setupapip.h"
#include "rtl/nls.h"

#include <stdlib.h>
#include <string.h>

/* The registry properties as values of the instance key. */
typedef struct _DIP_PROPERTY {
    DWORD Property;
    PCWSTR Value;
    DWORD SetType;      /* the type an application sets it with; 0: it may not */
    BOOL RootOnly;      /* settable for a root-enumerated device only */
    BOOL WriteOnly;     /* not read back (cfgmgr32 does not keep it either) */
} DIP_PROPERTY;

static const DIP_PROPERTY DipProperties[] = {
    { SPDRP_DEVICEDESC, L"DeviceDesc", 0, FALSE, FALSE },
    { SPDRP_HARDWAREID, L"HardwareID", REG_MULTI_SZ, TRUE, FALSE },
    { SPDRP_COMPATIBLEIDS, L"CompatibleIDs", REG_MULTI_SZ, TRUE, FALSE },
    { SPDRP_SERVICE, L"Service", 0, FALSE, FALSE },
    { SPDRP_CLASS, L"Class", 0, FALSE, FALSE },
    { SPDRP_CLASSGUID, L"ClassGUID", 0, FALSE, FALSE },
    { SPDRP_DRIVER, L"Driver", 0, FALSE, FALSE },
    { SPDRP_CONFIGFLAGS, L"ConfigFlags", REG_DWORD, FALSE, FALSE },
    { SPDRP_MFG, L"Mfg", 0, FALSE, FALSE },
    { SPDRP_FRIENDLYNAME, L"FriendlyName", REG_SZ, FALSE, FALSE },
    { SPDRP_LOCATION_INFORMATION, L"LocationInformation", REG_SZ, FALSE, FALSE },
    { SPDRP_CAPABILITIES, L"Capabilities", 0, FALSE, FALSE },
    { SPDRP_UPPERFILTERS, L"UpperFilters", REG_MULTI_SZ, FALSE, FALSE },
    { SPDRP_LOWERFILTERS, L"LowerFilters", REG_MULTI_SZ, FALSE, FALSE },
    { SPDRP_SECURITY, L"Security", REG_BINARY, FALSE, TRUE },
    { SPDRP_SECURITY_SDS, L"Security", REG_SZ, FALSE, TRUE },
};

static const DIP_PROPERTY *DipPropertyOf(DWORD Property)
{
    for (ULONG i = 0; i < RTL_NUMBER_OF(DipProperties); i++) {
        if (DipProperties[i].Property == Property)
            return &DipProperties[i];
    }
    return NULL;
}

static BOOL DipIsStringType(DWORD Type)
{
    return Type == REG_SZ || Type == REG_MULTI_SZ || Type == REG_EXPAND_SZ;
}

/* ---- the values of an element not registered yet --------------------------------------- */

VOID DipFreeValues(PDI_DEVICE Device)
{
    for (ULONG i = 0; i < Device->ValueCount; i++)
        free(Device->Values[i].Data);
    free(Device->Values);
    Device->Values = NULL;
    Device->ValueCount = 0;
}

DWORD DipSetPendingValue(PDI_SET Set, PDI_DEVICE Device, PCWSTR Name, DWORD Type,
                         const VOID *Data, DWORD Bytes)
{
    PBYTE Copy = NULL;
    if (Data && !(Copy = malloc(Bytes ? Bytes : 1)))
        return ERROR_NOT_ENOUGH_MEMORY;
    if (Data)
        memcpy(Copy, Data, Bytes);
    DWORD Error = ERROR_SUCCESS;
    pthread_mutex_lock(&Set->Lock);
    ULONG i = 0;
    while (i < Device->ValueCount && DipCompareNoCase(Device->Values[i].Name, Name))
        i++;
    if (!Data) {
        /* Forget it, as RegDeleteValue would. */
        if (i == Device->ValueCount) {
            Error = ERROR_FILE_NOT_FOUND;
        } else {
            free(Device->Values[i].Data);
            Device->Values[i] = Device->Values[--Device->ValueCount];
        }
    } else if (i == Device->ValueCount) {
        PDI_VALUE Grown = realloc(Device->Values, (Device->ValueCount + 1) * sizeof *Grown);
        if (!Grown) {
            Error = ERROR_NOT_ENOUGH_MEMORY;
            free(Copy);
        } else {
            Device->Values = Grown;
            Device->Values[Device->ValueCount++] = (DI_VALUE){ Name, Type, Bytes, Copy };
        }
    } else {
        free(Device->Values[i].Data);
        Device->Values[i] = (DI_VALUE){ Name, Type, Bytes, Copy };
    }
    pthread_mutex_unlock(&Set->Lock);
    return Error;
}

/* Return Type and Data (Bytes long) by the size protocol of
 * SetupDiGetDeviceRegistryProperty; strings in UTF-8 for the A form. */
static BOOL DipReturnValue(DWORD Type, const BYTE *Data, DWORD Bytes, PDWORD PropertyRegDataType,
                           PBYTE Buffer, DWORD Size, PDWORD RequiredSize, BOOL Ansi)
{
    BOOL Convert = Ansi && DipIsStringType(Type);
    DWORD Need = Convert ? DipToUtf8((PCWSTR)Data, Bytes / sizeof(WCHAR), NULL, 0) : Bytes;
    if (PropertyRegDataType)
        *PropertyRegDataType = Type;
    if (RequiredSize)
        *RequiredSize = Need;
    if (!Buffer || Size < Need)
        return DipFail(ERROR_INSUFFICIENT_BUFFER);
    if (Convert)
        DipToUtf8((PCWSTR)Data, Bytes / sizeof(WCHAR), (PSTR)Buffer, Size);
    else
        memcpy(Buffer, Data, Bytes);
    return DipSucceed();
}

/* A property of an element not registered yet: the value it keeps, or the
 * enumerator its instance ID names. */
static BOOL DipGetPendingProperty(PDI_SET Set, PDI_DEVICE Device, DWORD Property,
                                  PDWORD PropertyRegDataType, PBYTE Buffer, DWORD Size,
                                  PDWORD RequiredSize, BOOL Ansi)
{
    if (Property == SPDRP_ENUMERATOR_NAME) {
        WCHAR Enumerator[MAX_DEVICE_ID_LEN];
        ULONG n = 0;
        while (Device->InstanceId[n] && Device->InstanceId[n] != L'\\') {
            Enumerator[n] = Device->InstanceId[n];
            n++;
        }
        Enumerator[n] = 0;
        return DipReturnValue(REG_SZ, (const BYTE *)Enumerator, (n + 1) * sizeof(WCHAR),
                              PropertyRegDataType, Buffer, Size, RequiredSize, Ansi);
    }
    const DIP_PROPERTY *p = DipPropertyOf(Property);
    BOOL Ok = FALSE, Found = FALSE;
    pthread_mutex_lock(&Set->Lock);
    for (ULONG i = 0; p && !p->WriteOnly && i < Device->ValueCount && !Found; i++) {
        PDI_VALUE v = &Device->Values[i];
        if (!DipCompareNoCase(v->Name, p->Value)) {
            Found = TRUE;
            Ok = DipReturnValue(v->Type, v->Data, v->Bytes, PropertyRegDataType, Buffer, Size,
                                RequiredSize, Ansi);
        }
    }
    pthread_mutex_unlock(&Set->Lock);
    return Found ? Ok : DipFail(ERROR_INVALID_DATA);
}

static BOOL DipGetRegistryProperty(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
                                   DWORD Property, PDWORD PropertyRegDataType,
                                   PBYTE PropertyBuffer, DWORD PropertyBufferSize,
                                   PDWORD RequiredSize, BOOL Ansi)
{
    PDI_DEVICE Device;
    PDI_SET Set = DipSetFromHandle(DeviceInfoSet);
    if (!Set)
        return FALSE;
    if (!(Device = DipFindDevice(Set, DeviceInfoData)))
        return FALSE;
    if (Property >= SPDRP_MAXIMUM_PROPERTY)
        return DipFail(ERROR_INVALID_REG_PROPERTY);
    if (!PropertyBuffer && PropertyBufferSize)
        return DipFail(ERROR_INVALID_USER_BUFFER);
    pthread_mutex_lock(&Set->Lock);
    BOOL Phantom = Device->Phantom, Removed = Device->Removed;
    pthread_mutex_unlock(&Set->Lock);
    if (Removed)
        return DipFail(ERROR_NO_SUCH_DEVINST);
    if (Phantom)
        return DipGetPendingProperty(Set, Device, Property, PropertyRegDataType, PropertyBuffer,
                                     PropertyBufferSize, RequiredSize, Ansi);

    ULONG Type = REG_NONE, Length = PropertyBufferSize;
    CONFIGRET Cr = Ansi ? CM_Get_DevNode_Registry_PropertyA(Device->DevInst, Property + 1, &Type,
                                                            PropertyBuffer, &Length, 0)
                        : CM_Get_DevNode_Registry_PropertyW(Device->DevInst, Property + 1, &Type,
                                                            PropertyBuffer, &Length, 0);
    switch (Cr) {
    case CR_SUCCESS:
    case CR_BUFFER_SMALL:
        if (PropertyRegDataType)
            *PropertyRegDataType = Type;
        if (RequiredSize)
            *RequiredSize = Length;
        return Cr == CR_SUCCESS ? DipSucceed() : DipFail(ERROR_INSUFFICIENT_BUFFER);
    case CR_NO_SUCH_VALUE:
        return DipFail(ERROR_INVALID_DATA);
    case CR_INVALID_PROPERTY:
        return DipFail(ERROR_INVALID_REG_PROPERTY);
    default:
        return DipFail(CM_MapCrToWin32Err(Cr, ERROR_INVALID_DATA));
    }
}

WINSETUPAPI BOOL WINAPI SetupDiGetDeviceRegistryPropertyW(HDEVINFO DeviceInfoSet,
                                                          PSP_DEVINFO_DATA DeviceInfoData,
                                                          DWORD Property,
                                                          PDWORD PropertyRegDataType,
                                                          PBYTE PropertyBuffer,
                                                          DWORD PropertyBufferSize,
                                                          PDWORD RequiredSize)
{
    return DipGetRegistryProperty(DeviceInfoSet, DeviceInfoData, Property, PropertyRegDataType,
                                  PropertyBuffer, PropertyBufferSize, RequiredSize, FALSE);
}

WINSETUPAPI BOOL WINAPI SetupDiGetDeviceRegistryPropertyA(HDEVINFO DeviceInfoSet,
                                                          PSP_DEVINFO_DATA DeviceInfoData,
                                                          DWORD Property,
                                                          PDWORD PropertyRegDataType,
                                                          PBYTE PropertyBuffer,
                                                          DWORD PropertyBufferSize,
                                                          PDWORD RequiredSize)
{
    return DipGetRegistryProperty(DeviceInfoSet, DeviceInfoData, Property, PropertyRegDataType,
                                  PropertyBuffer, PropertyBufferSize, RequiredSize, TRUE);
}

/* ---- setting ------------------------------------------------------------------------------- */

/* What a self-relative security descriptor starts with: revision 1,
 * SE_SELF_RELATIVE, and offsets inside it (the PnP manager checks the rest). */
static BOOL DipLooksLikeDescriptor(const BYTE *Data, DWORD Bytes)
{
    if (Bytes < 20 || Data[0] != 1 || !(Data[3] & 0x80))
        return FALSE;
    for (ULONG i = 0; i < 4; i++) {
        DWORD Offset;
        memcpy(&Offset, Data + 4 + 4 * i, sizeof Offset);
        if (Offset && (Offset < 20 || Offset >= Bytes))
            return FALSE;
    }
    return TRUE;
}

/* The W form's work; strings are UTF-16. */
static BOOL DipSetRegistryProperty(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
                                   DWORD Property, const BYTE *PropertyBuffer,
                                   DWORD PropertyBufferSize)
{
    PDI_SET Set;
    PDI_DEVICE Device = DipElementOf(DeviceInfoSet, DeviceInfoData, &Set);
    if (!Device)
        return FALSE;
    const DIP_PROPERTY *p = DipPropertyOf(Property);
    if (!p || !p->SetType)
        return DipFail(ERROR_INVALID_REG_PROPERTY);
    if (!PropertyBuffer && PropertyBufferSize)
        return DipFail(ERROR_INVALID_USER_BUFFER);
    WCHAR Id[MAX_DEVICE_ID_LEN];
    pthread_mutex_lock(&Set->Lock);
    BOOL Phantom = Device->Phantom, Removed = Device->Removed;
    memcpy(Id, Device->InstanceId, sizeof Id);
    pthread_mutex_unlock(&Set->Lock);
    if (Removed)
        return DipFail(ERROR_NO_SUCH_DEVINST);
    if (p->RootOnly && !DipEnumeratorIs(Id, L"ROOT"))
        return DipFail(ERROR_INVALID_REG_PROPERTY);

    const BYTE *Data = PropertyBufferSize ? PropertyBuffer : NULL;
    DWORD Bytes = PropertyBufferSize, Type = p->SetType, Error = ERROR_SUCCESS;
    PBYTE Owned = NULL;
    if (Data && Type == REG_DWORD && Bytes != sizeof(DWORD))
        return DipFail(ERROR_INVALID_DATA);
    if (Data && DipIsStringType(Type) && Bytes % sizeof(WCHAR))
        return DipFail(ERROR_INVALID_DATA);
    if (Data && Property == SPDRP_SECURITY && !DipLooksLikeDescriptor(Data, Bytes))
        return DipFail(ERROR_INVALID_DATA);
    if (Data && Property == SPDRP_SECURITY_SDS) {
        /* Kept as the descriptor it describes, as an INF's Security entry. */
        PWSTR Sddl = calloc(Bytes / sizeof(WCHAR) + 1, sizeof(WCHAR));
        if (!Sddl)
            return DipFail(ERROR_NOT_ENOUGH_MEMORY);
        memcpy(Sddl, Data, Bytes);
        Error = InfpSddlToDescriptor(Sddl, &Owned, &Bytes);
        free(Sddl);
        if (Error != ERROR_SUCCESS)
            return DipFail(Error);
        Data = Owned;
        Type = REG_BINARY;
    }

    if (Phantom) {
        Error = DipSetPendingValue(Set, Device, p->Value, Type, Data, Bytes);
    } else {
        HKEY Key;
        Error = InfpOpenInstanceKey(Id, KEY_SET_VALUE, &Key);
        if (Error == ERROR_FILE_NOT_FOUND)
            Error = ERROR_NO_SUCH_DEVINST;
        if (Error == ERROR_SUCCESS) {
            Error = Data ? (DWORD)RegSetValueExW(Key, p->Value, 0, Type, Data, Bytes)
                         : (DWORD)RegDeleteValueW(Key, p->Value);
            RegCloseKey(Key);
        }
    }
    free(Owned);
    if (Error == ERROR_FILE_NOT_FOUND) /* cleared, but it was not set */
        Error = ERROR_INVALID_DATA;
    return Error == ERROR_SUCCESS ? DipSucceed() : DipFail(Error);
}

WINSETUPAPI BOOL WINAPI SetupDiSetDeviceRegistryPropertyW(HDEVINFO DeviceInfoSet,
                                                          PSP_DEVINFO_DATA DeviceInfoData,
                                                          DWORD Property,
                                                          const BYTE *PropertyBuffer,
                                                          DWORD PropertyBufferSize)
{
    return DipSetRegistryProperty(DeviceInfoSet, DeviceInfoData, Property, PropertyBuffer,
                                  PropertyBufferSize);
}

WINSETUPAPI BOOL WINAPI SetupDiSetDeviceRegistryPropertyA(HDEVINFO DeviceInfoSet,
                                                          PSP_DEVINFO_DATA DeviceInfoData,
                                                          DWORD Property,
                                                          const BYTE *PropertyBuffer,
                                                          DWORD PropertyBufferSize)
{
    const DIP_PROPERTY *p = DipPropertyOf(Property);
    if (!p || !PropertyBuffer || !PropertyBufferSize || !DipIsStringType(p->SetType))
        return DipSetRegistryProperty(DeviceInfoSet, DeviceInfoData, Property, PropertyBuffer,
                                      PropertyBufferSize);
    /* Strings (NULs within a MULTI_SZ included) in UTF-16. */
    SIZE_T Chars = RtlpUtf8ToUtf16(NULL, 0, (const char *)PropertyBuffer, PropertyBufferSize);
    PWSTR Wide = malloc((Chars ? Chars : 1) * sizeof(WCHAR));
    if (!Wide)
        return DipFail(ERROR_NOT_ENOUGH_MEMORY);
    RtlpUtf8ToUtf16(Wide, Chars, (const char *)PropertyBuffer, PropertyBufferSize);
    BOOL Ok = DipSetRegistryProperty(DeviceInfoSet, DeviceInfoData, Property, (const BYTE *)Wide,
                                     (DWORD)(Chars * sizeof(WCHAR)));
    free(Wide); /* the last error is SetLastError's alone */
    return Ok;
}

/* ---- instance IDs ---------------------------------------------------------------------------- */

/* The checks of both forms: the element, and a buffer that is there when it has a size. */
static PDI_DEVICE DipInstanceIdCommon(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
                                      PVOID Buffer, DWORD Size)
{
    PDI_SET Set;
    PDI_DEVICE Device = DipElementOf(DeviceInfoSet, DeviceInfoData, &Set);
    if (!Device)
        return NULL;
    if (!Buffer && Size) {
        SetLastError(ERROR_INVALID_USER_BUFFER);
        return NULL;
    }
    pthread_mutex_lock(&Set->Lock);
    BOOL Removed = Device->Removed;
    pthread_mutex_unlock(&Set->Lock);
    if (Removed) {
        SetLastError(ERROR_NO_SUCH_DEVINST);
        return NULL;
    }
    return Device;
}

WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInstanceIdW(HDEVINFO DeviceInfoSet,
                                                    PSP_DEVINFO_DATA DeviceInfoData,
                                                    PWSTR DeviceInstanceId,
                                                    DWORD DeviceInstanceIdSize,
                                                    PDWORD RequiredSize)
{
    PDI_DEVICE Device = DipInstanceIdCommon(DeviceInfoSet, DeviceInfoData, DeviceInstanceId,
                                            DeviceInstanceIdSize);
    if (!Device)
        return FALSE;
    DWORD Need = (DWORD)RtlpWcslen(Device->InstanceId) + 1;
    if (RequiredSize)
        *RequiredSize = Need;
    if (!DeviceInstanceId || DeviceInstanceIdSize < Need)
        return DipFail(ERROR_INSUFFICIENT_BUFFER);
    memcpy(DeviceInstanceId, Device->InstanceId, Need * sizeof(WCHAR));
    return DipSucceed();
}

WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInstanceIdA(HDEVINFO DeviceInfoSet,
                                                    PSP_DEVINFO_DATA DeviceInfoData,
                                                    PSTR DeviceInstanceId,
                                                    DWORD DeviceInstanceIdSize,
                                                    PDWORD RequiredSize)
{
    PDI_DEVICE Device = DipInstanceIdCommon(DeviceInfoSet, DeviceInfoData, DeviceInstanceId,
                                            DeviceInstanceIdSize);
    if (!Device)
        return FALSE;
    SIZE_T Chars = RtlpWcslen(Device->InstanceId);
    SIZE_T Bytes = RtlpUtf16ToUtf8(NULL, 0, Device->InstanceId, Chars);
    DWORD Need = (DWORD)Bytes + 1;
    if (RequiredSize)
        *RequiredSize = Need;
    if (!DeviceInstanceId || DeviceInstanceIdSize < Need)
        return DipFail(ERROR_INSUFFICIENT_BUFFER);
    RtlpUtf16ToUtf8(DeviceInstanceId, Bytes, Device->InstanceId, Chars);
    DeviceInstanceId[Bytes] = 0;
    return DipSucceed();
}
