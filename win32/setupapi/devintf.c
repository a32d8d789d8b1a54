/*
 * setupapi/devintf.c - the device interfaces of a device information set:
 * SetupDiEnumDeviceInterfaces and SetupDiGetDeviceInterfaceDetail.
 *
 * A device's interfaces come from the PnP manager through
 * CM_Get_Device_Interface_List (docs/cfgmgr32.md), one class at a time, the
 * first time the set needs that class of that device (SetupDiGetClassDevs
 * with DIGCF_DEVICEINTERFACE asks at once; SetupDiEnumDeviceInterfaces asks
 * for the other classes when they are enumerated).  An interface that is
 * enabled has SPINT_ACTIVE; a registered one that is not (a removed
 * device's) is in the set only when it was built without DIGCF_PRESENT.
 *
 * The detail is the \\?\ name CreateFile opens, in an
 * SP_DEVICE_INTERFACE_DETAIL_DATA whose cbSize must be the size of the
 * fixed part, sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_W/A), whatever the
 * size of the buffer (ERROR_INVALID_USER_BUFFER otherwise); the buffer must
 * hold at least the fixed part and a NUL.  A buffer too small (or none,
 * with size 0) is ERROR_INSUFFICIENT_BUFFER with *RequiredSize: the fixed
 * part up to DevicePath and the path with its NUL, in bytes (UTF-8 for the
 * A form).  The SP_DEVINFO_DATA of the interface's device is filled even
 * then, as on Windows (Wine's conformance tests record it).
 */
#include "devinfop.h"
#include "rtl/nls.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ---- asking the PnP manager --------------------------------------------------------------- */

/* The interface list of a class for one device, malloc'd (*List NULL: none). */
static DWORD DipGetList(const GUID *Class, PCWSTR Id, ULONG Flags, PWSTR *List)
{
    *List = NULL;
    for (;;) {
        ULONG Len = 0;
        CONFIGRET Cr = CM_Get_Device_Interface_List_SizeW(&Len, (LPGUID)Class, (DEVINSTID_W)Id, Flags);
        if (Cr == CR_NO_SUCH_DEVNODE) /* not in the tree: no interfaces */
            return ERROR_SUCCESS;
        if (Cr != CR_SUCCESS)
            return CM_MapCrToWin32Err(Cr, ERROR_INVALID_DATA);
        PWSTR Buffer = malloc((Len ? Len : 1) * sizeof(WCHAR));
        if (!Buffer)
            return ERROR_NOT_ENOUGH_MEMORY;
        Cr = CM_Get_Device_Interface_ListW((LPGUID)Class, (DEVINSTID_W)Id, Buffer, Len ? Len : 1,
                                           Flags);
        if (Cr == CR_SUCCESS) {
            *List = Buffer;
            return ERROR_SUCCESS;
        }
        free(Buffer);
        if (Cr == CR_NO_SUCH_DEVNODE)
            return ERROR_SUCCESS;
        if (Cr != CR_BUFFER_SMALL) /* else: it grew between the calls */
            return CM_MapCrToWin32Err(Cr, ERROR_INVALID_DATA);
    }
}

static BOOL DipListHas(PCWSTR List, PCWSTR Name)
{
    for (PCWSTR p = List; p && *p; p += RtlpWcslen(p) + 1) {
        if (!DipCompareNoCase(p, Name))
            return TRUE;
    }
    return FALSE;
}

static DWORD DipAppendInterfaceLocked(PDI_SET Set, PDI_DEVICE Device, const GUID *Class,
                                      PCWSTR Path, DWORD Flags)
{
    SIZE_T Bytes = (RtlpWcslen(Path) + 1) * sizeof(WCHAR);
    PDI_INTERFACE New = calloc(1, sizeof *New);
    if (!New || !(New->Path = malloc(Bytes))) {
        free(New);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    memcpy(New->Path, Path, Bytes);
    New->Class = *Class;
    New->Flags = Flags;
    New->Device = Device;
    if (Set->InterfaceCount == Set->InterfaceCapacity) {
        ULONG Capacity = Set->InterfaceCapacity ? Set->InterfaceCapacity * 2 : 16;
        PDI_INTERFACE *Grown = realloc(Set->Interfaces, Capacity * sizeof *Grown);
        if (!Grown) {
            free(New->Path);
            free(New);
            return ERROR_NOT_ENOUGH_MEMORY;
        }
        Set->Interfaces = Grown;
        Set->InterfaceCapacity = Capacity;
    }
    Set->Interfaces[Set->InterfaceCount++] = New;
    return ERROR_SUCCESS;
}

DWORD DipQueryInterfaces(PDI_SET Set, PDI_DEVICE Device, const GUID *Class, BOOL AllDevices)
{
    PWSTR Present = NULL, All = NULL;
    for (ULONG i = 0; i < Device->QueriedCount; i++) {
        if (!memcmp(&Device->Queried[i], Class, sizeof *Class))
            return ERROR_SUCCESS;
    }
    GUID *Grown = realloc(Device->Queried, (Device->QueriedCount + 1) * sizeof *Grown);
    if (!Grown)
        return ERROR_NOT_ENOUGH_MEMORY;
    Device->Queried = Grown;

    DWORD Error = DipGetList(Class, Device->InstanceId, CM_GET_DEVICE_INTERFACE_LIST_PRESENT,
                             &Present);
    if (Error == ERROR_SUCCESS && AllDevices)
        Error = DipGetList(Class, Device->InstanceId, CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES,
                           &All);
    PCWSTR Names = AllDevices ? All : Present;
    for (PCWSTR p = Names; Error == ERROR_SUCCESS && p && *p; p += RtlpWcslen(p) + 1)
        Error = DipAppendInterfaceLocked(Set, Device, Class, p,
                                         DipListHas(Present, p) ? SPINT_ACTIVE : 0);
    free(Present);
    free(All);
    if (Error == ERROR_SUCCESS)
        Device->Queried[Device->QueriedCount++] = *Class;
    return Error;
}

ULONG DipInterfaceCountOf(PDI_SET Set, PDI_DEVICE Device)
{
    ULONG Count = 0;
    for (ULONG i = 0; i < Set->InterfaceCount; i++)
        Count += Set->Interfaces[i]->Device == Device;
    return Count;
}

DWORD DipInterfaceClasses(GUID **Classes, PULONG Count)
{
    HKEY Key;
    ULONG Capacity = 0;
    *Classes = NULL;
    *Count = 0;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Control\\DeviceClasses", 0,
                      KEY_ENUMERATE_SUB_KEYS, &Key) != ERROR_SUCCESS)
        return ERROR_SUCCESS; /* no interface was ever registered */
    for (DWORD i = 0;; i++) {
        WCHAR Name[64];
        DWORD Len = 64;
        GUID Guid;
        if (RegEnumKeyExW(Key, i, Name, &Len, NULL, NULL, NULL, NULL) != ERROR_SUCCESS)
            break;
        if (!DipParseGuid(Name, &Guid))
            continue;
        if (*Count == Capacity) {
            Capacity = Capacity ? Capacity * 2 : 16;
            GUID *Grown = realloc(*Classes, Capacity * sizeof *Grown);
            if (!Grown) {
                RegCloseKey(Key);
                free(*Classes);
                *Classes = NULL;
                *Count = 0;
                return ERROR_NOT_ENOUGH_MEMORY;
            }
            *Classes = Grown;
        }
        (*Classes)[(*Count)++] = Guid;
    }
    RegCloseKey(Key);
    return ERROR_SUCCESS;
}

/* The interface an SP_DEVICE_INTERFACE_DATA names in Set, or NULL. */
static PDI_INTERFACE DipFindInterface(PDI_SET Set, PSP_DEVICE_INTERFACE_DATA Data)
{
    PDI_INTERFACE Found = NULL;
    if (!Data || Data->cbSize != sizeof(SP_DEVICE_INTERFACE_DATA) || !Data->Reserved)
        return NULL;
    pthread_mutex_lock(&Set->Lock);
    for (ULONG i = 0; i < Set->InterfaceCount; i++) {
        if ((ULONG_PTR)Set->Interfaces[i] == Data->Reserved) {
            Found = Set->Interfaces[i];
            break;
        }
    }
    pthread_mutex_unlock(&Set->Lock);
    return Found;
}

/* ---- the API ----------------------------------------------------------------------------- */

WINSETUPAPI BOOL WINAPI SetupDiEnumDeviceInterfaces(HDEVINFO DeviceInfoSet,
                                                    PSP_DEVINFO_DATA DeviceInfoData,
                                                    const GUID *InterfaceClassGuid,
                                                    DWORD MemberIndex,
                                                    PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData)
{
    PDI_DEVICE Device = NULL;
    PDI_INTERFACE Found = NULL;
    DWORD Error = ERROR_SUCCESS;
    PDI_SET Set = DipSetFromHandle(DeviceInfoSet);
    if (!Set)
        return FALSE;
    if (DeviceInfoData && !(Device = DipFindDevice(Set, DeviceInfoData)))
        return FALSE;
    if (!InterfaceClassGuid || !DeviceInterfaceData)
        return DipFail(ERROR_INVALID_PARAMETER);
    if (DeviceInterfaceData->cbSize != sizeof(SP_DEVICE_INTERFACE_DATA))
        return DipFail(ERROR_INVALID_USER_BUFFER);

    pthread_mutex_lock(&Set->Lock);
    /* The class of each device asked once; the set's devices keep what they had. */
    for (ULONG i = 0; i < Set->DeviceCount && Error == ERROR_SUCCESS; i++) {
        if (!Device || Set->Devices[i] == Device)
            Error = DipQueryInterfaces(Set, Set->Devices[i], InterfaceClassGuid, FALSE);
    }
    for (ULONG i = 0; i < Set->InterfaceCount && Error == ERROR_SUCCESS; i++) {
        PDI_INTERFACE I = Set->Interfaces[i];
        if ((Device && I->Device != Device) ||
            memcmp(&I->Class, InterfaceClassGuid, sizeof(GUID)))
            continue;
        if (MemberIndex-- == 0) {
            Found = I;
            break;
        }
    }
    if (Found) {
        DeviceInterfaceData->InterfaceClassGuid = Found->Class;
        DeviceInterfaceData->Flags = Found->Flags;
        DeviceInterfaceData->Reserved = (ULONG_PTR)Found;
    }
    pthread_mutex_unlock(&Set->Lock);
    if (Error != ERROR_SUCCESS)
        return DipFail(Error);
    return Found ? DipSucceed() : DipFail(ERROR_NO_MORE_ITEMS);
}

/* The checks and the device of both forms; Fixed is the size the cbSize
 * must have, Unit the size of a path character. */
static BOOL DipDetailCommon(HDEVINFO DeviceInfoSet, PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
                            PDWORD DetailCbSize, DWORD DetailSize, DWORD Fixed, DWORD Unit,
                            PSP_DEVINFO_DATA DeviceInfoData, PDI_INTERFACE *Interface)
{
    PDI_SET Set = DipSetFromHandle(DeviceInfoSet);
    if (!Set)
        return FALSE;
    if (!(*Interface = DipFindInterface(Set, DeviceInterfaceData)))
        return DipFail(ERROR_INVALID_PARAMETER);
    if (DetailCbSize ? (*DetailCbSize != Fixed || DetailSize < offsetof(SP_DEVICE_INTERFACE_DETAIL_DATA_W, DevicePath) + Unit)
                     : DetailSize != 0)
        return DipFail(ERROR_INVALID_USER_BUFFER);
    if (DeviceInfoData && DeviceInfoData->cbSize != sizeof(SP_DEVINFO_DATA))
        return DipFail(ERROR_INVALID_USER_BUFFER);
    if (DeviceInfoData)
        DipFillDeviceData((*Interface)->Device, DeviceInfoData);
    return TRUE;
}

WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInterfaceDetailW(
    HDEVINFO DeviceInfoSet, PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
    PSP_DEVICE_INTERFACE_DETAIL_DATA_W DeviceInterfaceDetailData,
    DWORD DeviceInterfaceDetailDataSize, PDWORD RequiredSize, PSP_DEVINFO_DATA DeviceInfoData)
{
    PDI_INTERFACE I;
    if (!DipDetailCommon(DeviceInfoSet, DeviceInterfaceData,
                         DeviceInterfaceDetailData ? &DeviceInterfaceDetailData->cbSize : NULL,
                         DeviceInterfaceDetailDataSize, sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_W),
                         sizeof(WCHAR), DeviceInfoData, &I))
        return FALSE;
    SIZE_T PathBytes = (RtlpWcslen(I->Path) + 1) * sizeof(WCHAR);
    DWORD Need = (DWORD)(offsetof(SP_DEVICE_INTERFACE_DETAIL_DATA_W, DevicePath) + PathBytes);
    if (RequiredSize)
        *RequiredSize = Need;
    if (!DeviceInterfaceDetailData || DeviceInterfaceDetailDataSize < Need)
        return DipFail(ERROR_INSUFFICIENT_BUFFER);
    memcpy(DeviceInterfaceDetailData->DevicePath, I->Path, PathBytes);
    return DipSucceed();
}

WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInterfaceDetailA(
    HDEVINFO DeviceInfoSet, PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
    PSP_DEVICE_INTERFACE_DETAIL_DATA_A DeviceInterfaceDetailData,
    DWORD DeviceInterfaceDetailDataSize, PDWORD RequiredSize, PSP_DEVINFO_DATA DeviceInfoData)
{
    PDI_INTERFACE I;
    if (!DipDetailCommon(DeviceInfoSet, DeviceInterfaceData,
                         DeviceInterfaceDetailData ? &DeviceInterfaceDetailData->cbSize : NULL,
                         DeviceInterfaceDetailDataSize, sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_A),
                         sizeof(CHAR), DeviceInfoData, &I))
        return FALSE;
    SIZE_T Chars = RtlpWcslen(I->Path);
    SIZE_T Bytes = RtlpUtf16ToUtf8(NULL, 0, I->Path, Chars);
    DWORD Need = (DWORD)(offsetof(SP_DEVICE_INTERFACE_DETAIL_DATA_A, DevicePath) + Bytes + 1);
    if (RequiredSize)
        *RequiredSize = Need;
    if (!DeviceInterfaceDetailData || DeviceInterfaceDetailDataSize < Need)
        return DipFail(ERROR_INSUFFICIENT_BUFFER);
    RtlpUtf16ToUtf8(DeviceInterfaceDetailData->DevicePath, Bytes, I->Path, Chars);
    DeviceInterfaceDetailData->DevicePath[Bytes] = 0;
    return DipSucceed();
}
