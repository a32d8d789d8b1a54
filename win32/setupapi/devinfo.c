/*
 * setupapi/devinfo.c - device information sets and their elements:
 * SetupDiCreateDeviceInfoList(Ex), SetupDiGetClassDevs, SetupDiEnumDeviceInfo,
 * SetupDiOpenDeviceInfo, SetupDiDestroyDeviceInfoList.
 *
 * A set is built from cfgmgr32 (docs/cfgmgr32.md): the present devices are
 * those of the device tree, walked from the root with CM_Get_Child and
 * CM_Get_Sibling; the others are the instances of the registry
 * (Enum\<enumerator>\<device>\<instance>), which cfgmgr32 locates as
 * phantoms.  An element's DevInst is the cfgmgr32 DEVINST, its ClassGuid
 * the instance's ClassGUID value (all zeros, GUID_NULL, when there is none).
 * The set is a snapshot: devices that come or go later are not added or
 * removed, as on Windows.
 *
 * Errors are Windows': the functions set the thread's last error (cleared
 * on success).  A handle that is not a live set is ERROR_INVALID_HANDLE; an
 * SP_DEVINFO_DATA to fill whose cbSize is not sizeof(SP_DEVINFO_DATA) is
 * ERROR_INVALID_USER_BUFFER; one naming an element of another set (or none)
 * is ERROR_INVALID_PARAMETER.
 */
#include "devinfop.h"
#include "setupapip.h"
#include "rtl/nls.h"

#include <stdlib.h>
#include <string.h>

/* ---- helpers shared by the SetupDi sources ---------------------------------------------- */

BOOL DipFail(DWORD Error)
{
    SetLastError(Error);
    return FALSE;
}

BOOL DipSucceed(VOID)
{
    SetLastError(NO_ERROR);
    return TRUE;
}

DWORD DipToWide(PCSTR Ansi, PWSTR *Wide)
{
    *Wide = NULL;
    if (!Ansi)
        return ERROR_SUCCESS;
    SIZE_T Bytes = strlen(Ansi);
    SIZE_T Chars = RtlpUtf8ToUtf16(NULL, 0, Ansi, Bytes);
    PWSTR w = malloc((Chars + 1) * sizeof(WCHAR));
    if (!w)
        return ERROR_NOT_ENOUGH_MEMORY;
    RtlpUtf8ToUtf16(w, Chars, Ansi, Bytes);
    w[Chars] = 0;
    *Wide = w;
    return ERROR_SUCCESS;
}

DWORD DipToUtf8(PCWSTR Wide, SIZE_T Chars, PSTR Buffer, DWORD Bytes)
{
    SIZE_T Need = RtlpUtf16ToUtf8(NULL, 0, Wide, Chars);
    if (Buffer && Need <= Bytes)
        RtlpUtf16ToUtf8(Buffer, Need, Wide, Chars);
    return (DWORD)Need;
}

static int DipHexDigit(WCHAR c)
{
    if (c >= L'0' && c <= L'9')
        return c - L'0';
    if (c >= L'a' && c <= L'f')
        return c - L'a' + 10;
    if (c >= L'A' && c <= L'F')
        return c - L'A' + 10;
    return -1;
}

/* Digits hex digits of Text into *Value. */
static BOOL DipHex(PCWSTR Text, int Digits, ULONGLONG *Value)
{
    *Value = 0;
    for (int i = 0; i < Digits; i++) {
        int d = DipHexDigit(Text[i]);
        if (d < 0)
            return FALSE;
        *Value = *Value << 4 | (ULONGLONG)d;
    }
    return TRUE;
}

BOOL DipParseGuid(PCWSTR Text, GUID *Guid)
{
    ULONGLONG v;
    if (RtlpWcslen(Text) != 38 || Text[0] != L'{' || Text[9] != L'-' || Text[14] != L'-' ||
        Text[19] != L'-' || Text[24] != L'-' || Text[37] != L'}')
        return FALSE;
    if (!DipHex(Text + 1, 8, &v))
        return FALSE;
    Guid->Data1 = (ULONG)v;
    if (!DipHex(Text + 10, 4, &v))
        return FALSE;
    Guid->Data2 = (USHORT)v;
    if (!DipHex(Text + 15, 4, &v))
        return FALSE;
    Guid->Data3 = (USHORT)v;
    for (int i = 0; i < 8; i++) {
        PCWSTR p = i < 2 ? Text + 20 + 2 * i : Text + 25 + 2 * (i - 2);
        if (!DipHex(p, 2, &v))
            return FALSE;
        Guid->Data4[i] = (UCHAR)v;
    }
    return TRUE;
}

PWSTR DipGuidText(const GUID *g)
{
    return InfpFormat(L"{%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}", (unsigned)g->Data1,
                      g->Data2, g->Data3, g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3],
                      g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
}

/* ---- the live sets --------------------------------------------------------------------- */

/* Every set not yet destroyed, under DipSetsLock. */
static pthread_mutex_t DipSetsLock = PTHREAD_MUTEX_INITIALIZER;
static PDI_SET DipSets;

PDI_SET DipSetFromHandle(HDEVINFO Handle)
{
    PDI_SET Found = NULL;
    if (Handle && Handle != INVALID_HANDLE_VALUE) {
        pthread_mutex_lock(&DipSetsLock);
        for (PDI_SET s = DipSets; s; s = s->Next) {
            if (s == (PDI_SET)Handle) {
                Found = s;
                break;
            }
        }
        pthread_mutex_unlock(&DipSetsLock);
    }
    if (!Found || Found->Magic != DI_SET_MAGIC) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return Found;
}

static PDI_SET DipCreateSet(const GUID *ClassGuid)
{
    PDI_SET Set = calloc(1, sizeof *Set);
    if (!Set)
        return NULL;
    Set->Magic = DI_SET_MAGIC;
    DipInitInstall(&Set->Install);
    if (ClassGuid) {
        Set->HasClass = TRUE;
        Set->ClassGuid = *ClassGuid;
    }
    pthread_mutex_init(&Set->Lock, NULL);
    return Set;
}

static VOID DipPublishSet(PDI_SET Set)
{
    pthread_mutex_lock(&DipSetsLock);
    Set->Next = DipSets;
    DipSets = Set;
    pthread_mutex_unlock(&DipSetsLock);
}

VOID DipFreeDevice(PDI_DEVICE Device)
{
    DipFreeValues(Device);
    DipFreeInstall(&Device->Install);
    free(Device->Queried);
    free(Device);
}

static VOID DipFreeSet(PDI_SET Set)
{
    for (ULONG i = 0; i < Set->InterfaceCount; i++) {
        free(Set->Interfaces[i]->Path);
        free(Set->Interfaces[i]);
    }
    for (ULONG i = 0; i < Set->DeviceCount; i++)
        DipFreeDevice(Set->Devices[i]);
    free(Set->Interfaces);
    free(Set->Devices);
    DipFreeInstall(&Set->Install);
    pthread_mutex_destroy(&Set->Lock);
    Set->Magic = 0;
    free(Set);
}

/* ---- elements ---------------------------------------------------------------------------- */

PDI_DEVICE DipFindDevice(PDI_SET Set, PSP_DEVINFO_DATA Data)
{
    PDI_DEVICE Found = NULL;
    if (Data && Data->cbSize == sizeof(SP_DEVINFO_DATA) && Data->Reserved) {
        pthread_mutex_lock(&Set->Lock);
        for (ULONG i = 0; i < Set->DeviceCount; i++) {
            if ((ULONG_PTR)Set->Devices[i] == Data->Reserved) {
                Found = Set->Devices[i];
                break;
            }
        }
        pthread_mutex_unlock(&Set->Lock);
    }
    if (!Found)
        SetLastError(ERROR_INVALID_PARAMETER);
    return Found;
}

BOOL DipReturnElement(PDI_DEVICE Device, PSP_DEVINFO_DATA Data)
{
    if (Data) {
        if (Data->cbSize != sizeof(SP_DEVINFO_DATA))
            return DipFail(ERROR_INVALID_USER_BUFFER);
        DipFillDeviceData(Device, Data);
    }
    return DipSucceed();
}

PDI_DEVICE DipElementOf(HDEVINFO Handle, PSP_DEVINFO_DATA Data, PDI_SET *Set)
{
    *Set = DipSetFromHandle(Handle);
    return *Set ? DipFindDevice(*Set, Data) : NULL;
}

VOID DipFillDeviceData(PDI_DEVICE Device, PSP_DEVINFO_DATA Data)
{
    Data->ClassGuid = Device->ClassGuid;
    Data->DevInst = Device->DevInst;
    Data->Reserved = (ULONG_PTR)Device;
}

/* The ClassGUID value of an instance, all zeros when it has none (or not a GUID). */
static VOID DipReadClassGuid(DEVINST DevInst, GUID *Guid)
{
    WCHAR Text[64];
    ULONG Type = 0, Bytes = sizeof Text - sizeof(WCHAR);
    memset(Guid, 0, sizeof *Guid);
    memset(Text, 0, sizeof Text);
    if (CM_Get_DevNode_Registry_PropertyW(DevInst, CM_DRP_CLASSGUID, &Type, Text, &Bytes, 0) ==
            CR_SUCCESS &&
        Type == REG_SZ && !DipParseGuid(Text, Guid))
        memset(Guid, 0, sizeof *Guid);
}

/* The element of DevInst in Set, or NULL; Lock held. */
static PDI_DEVICE DipLookupLocked(PDI_SET Set, DEVINST DevInst)
{
    for (ULONG i = 0; i < Set->DeviceCount; i++) {
        if (Set->Devices[i]->DevInst == DevInst)
            return Set->Devices[i];
    }
    return NULL;
}

PDI_DEVICE DipNewDevice(VOID)
{
    PDI_DEVICE New = calloc(1, sizeof *New);
    if (New)
        DipInitInstall(&New->Install);
    return New;
}

DWORD DipInsertLocked(PDI_SET Set, PDI_DEVICE Device)
{
    if (Set->DeviceCount == Set->DeviceCapacity) {
        ULONG Capacity = Set->DeviceCapacity ? Set->DeviceCapacity * 2 : 16;
        PDI_DEVICE *Grown = realloc(Set->Devices, Capacity * sizeof *Grown);
        if (!Grown)
            return ERROR_NOT_ENOUGH_MEMORY;
        Set->Devices = Grown;
        Set->DeviceCapacity = Capacity;
    }
    Set->Devices[Set->DeviceCount++] = Device;
    return ERROR_SUCCESS;
}

/* Add a new element for DevInst (not in Set yet); Lock held. */
static DWORD DipAppendLocked(PDI_SET Set, DEVINST DevInst, const GUID *ClassGuid,
                             PDI_DEVICE *Device)
{
    PDI_DEVICE New = DipNewDevice();
    DWORD Error = ERROR_NOT_ENOUGH_MEMORY;
    if (!New)
        return Error;
    if (CM_Get_Device_IDW(DevInst, New->InstanceId, MAX_DEVICE_ID_LEN, 0) != CR_SUCCESS) {
        Error = ERROR_NO_SUCH_DEVINST;
    } else {
        New->InstanceId[MAX_DEVICE_ID_LEN - 1] = 0;
        New->DevInst = DevInst;
        New->ClassGuid = *ClassGuid;
        Error = DipInsertLocked(Set, New);
    }
    if (Error != ERROR_SUCCESS) {
        DipFreeDevice(New);
        return Error;
    }
    *Device = New;
    return ERROR_SUCCESS;
}

/* The element not yet registered whose ID is Id, or NULL; Lock held. */
static PDI_DEVICE DipPhantomLocked(PDI_SET Set, PCWSTR Id)
{
    for (ULONG i = 0; i < Set->DeviceCount; i++) {
        PDI_DEVICE d = Set->Devices[i];
        if (d->Phantom && !d->Removed && !DipCompareNoCase(d->InstanceId, Id))
            return d;
    }
    return NULL;
}

BOOL DipPhantomExists(PCWSTR Id)
{
    BOOL Found = FALSE;
    pthread_mutex_lock(&DipSetsLock);
    for (PDI_SET s = DipSets; s && !Found; s = s->Next) {
        pthread_mutex_lock(&s->Lock);
        Found = DipPhantomLocked(s, Id) != NULL;
        pthread_mutex_unlock(&s->Lock);
    }
    pthread_mutex_unlock(&DipSetsLock);
    return Found;
}

DWORD DipErrorOfConfigRet(CONFIGRET Cr)
{
    switch (Cr) {
    case CR_SUCCESS:
        return ERROR_SUCCESS;
    case CR_NO_SUCH_DEVNODE:
    case CR_INVALID_DEVNODE:
        return ERROR_NO_SUCH_DEVINST;
    case CR_INVALID_DEVICE_ID:
        return ERROR_INVALID_DEVINST_NAME;
    case CR_NOT_DISABLEABLE:
        return ERROR_NOT_DISABLEABLE;
    case CR_OUT_OF_MEMORY:
        return ERROR_NOT_ENOUGH_MEMORY;
    default:
        return CM_MapCrToWin32Err(Cr, ERROR_GEN_FAILURE);
    }
}

DWORD DipLocate(PCWSTR Id, BOOL Present, PDEVINST DevInst)
{
    return DipErrorOfConfigRet(CM_Locate_DevNodeW(
        DevInst, (DEVINSTID_W)Id, Present ? CM_LOCATE_DEVNODE_NORMAL : CM_LOCATE_DEVNODE_PHANTOM));
}

DWORD DipAddDevice(PDI_SET Set, PCWSTR Id, BOOL Present, PDI_DEVICE *Device)
{
    DEVINST DevInst;
    GUID Class;
    /* An element this set created and has not registered is found by name:
     * the device exists nowhere else yet. */
    if (Id && Id[0]) {
        pthread_mutex_lock(&Set->Lock);
        *Device = DipPhantomLocked(Set, Id);
        pthread_mutex_unlock(&Set->Lock);
        if (*Device)
            return ERROR_SUCCESS;
    }
    DWORD Error = DipLocate(Id ? Id : L"", Present, &DevInst);
    if (Error != ERROR_SUCCESS)
        return Error;
    DipReadClassGuid(DevInst, &Class);
    pthread_mutex_lock(&Set->Lock);
    if ((*Device = DipLookupLocked(Set, DevInst))) {
        Error = ERROR_SUCCESS;
    } else if (Set->HasClass && memcmp(&Set->ClassGuid, &Class, sizeof Class)) {
        Error = ERROR_CLASS_MISMATCH;
    } else {
        Error = DipAppendLocked(Set, DevInst, &Class, Device);
    }
    pthread_mutex_unlock(&Set->Lock);
    return Error;
}

/* ---- collecting devices ------------------------------------------------------------------ */

typedef struct _DI_DEVLIST {
    ULONG Count, Capacity;
    DEVINST *Items;
} DI_DEVLIST;

static DWORD DipListAdd(DI_DEVLIST *List, DEVINST DevInst)
{
    for (ULONG i = 0; i < List->Count; i++) {
        if (List->Items[i] == DevInst)
            return ERROR_SUCCESS;
    }
    if (List->Count == List->Capacity) {
        ULONG Capacity = List->Capacity ? List->Capacity * 2 : 64;
        DEVINST *Grown = realloc(List->Items, Capacity * sizeof *Grown);
        if (!Grown)
            return ERROR_NOT_ENOUGH_MEMORY;
        List->Items = Grown;
        List->Capacity = Capacity;
    }
    List->Items[List->Count++] = DevInst;
    return ERROR_SUCCESS;
}

/* The devices of the tree, parents before children, siblings in their bus's order. */
static DWORD DipWalkTree(DEVINST DevInst, DI_DEVLIST *List, ULONG Depth)
{
    DEVINST Child;
    DWORD Error = DipListAdd(List, DevInst);
    if (Error != ERROR_SUCCESS || Depth > 64)
        return Error;
    if (CM_Get_Child(&Child, DevInst, 0) != CR_SUCCESS)
        return ERROR_SUCCESS;
    do {
        if ((Error = DipWalkTree(Child, List, Depth + 1)) != ERROR_SUCCESS)
            return Error;
    } while (CM_Get_Sibling(&Child, Child, 0) == CR_SUCCESS);
    return ERROR_SUCCESS;
}

/* Every instance of the registry, Enum\<enumerator>\<device>\<instance>. */
static DWORD DipWalkRegistry(DI_DEVLIST *List)
{
    HKEY Enum;
    WCHAR Id[MAX_DEVICE_ID_LEN * 2];
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Enum", 0,
                      KEY_ENUMERATE_SUB_KEYS, &Enum) != ERROR_SUCCESS)
        return ERROR_SUCCESS;
    DWORD Error = ERROR_SUCCESS;
    for (DWORD i = 0; Error == ERROR_SUCCESS; i++) {
        DWORD Len1 = MAX_DEVICE_ID_LEN;
        HKEY K1;
        if (RegEnumKeyExW(Enum, i, Id, &Len1, NULL, NULL, NULL, NULL) != ERROR_SUCCESS)
            break;
        if (RegOpenKeyExW(Enum, Id, 0, KEY_ENUMERATE_SUB_KEYS, &K1) != ERROR_SUCCESS)
            continue;
        Id[Len1] = L'\\';
        for (DWORD j = 0; Error == ERROR_SUCCESS; j++) {
            DWORD Len2 = MAX_DEVICE_ID_LEN;
            HKEY K2;
            if (RegEnumKeyExW(K1, j, Id + Len1 + 1, &Len2, NULL, NULL, NULL, NULL) != ERROR_SUCCESS)
                break;
            if (RegOpenKeyExW(K1, Id + Len1 + 1, 0, KEY_ENUMERATE_SUB_KEYS, &K2) != ERROR_SUCCESS)
                continue;
            DWORD Base = Len1 + 1 + Len2;
            Id[Base] = L'\\';
            for (DWORD k = 0; Error == ERROR_SUCCESS; k++) {
                DWORD Len3 = MAX_DEVICE_ID_LEN;
                DEVINST DevInst;
                if (RegEnumKeyExW(K2, k, Id + Base + 1, &Len3, NULL, NULL, NULL, NULL) !=
                    ERROR_SUCCESS)
                    break;
                /* Keys that are not the shape of an instance ID are not devices. */
                if (CM_Locate_DevNodeW(&DevInst, Id, CM_LOCATE_DEVNODE_PHANTOM) == CR_SUCCESS)
                    Error = DipListAdd(List, DevInst);
            }
            RegCloseKey(K2);
        }
        RegCloseKey(K1);
    }
    RegCloseKey(Enum);
    return Error;
}

BOOL DipEnumeratorIs(PCWSTR Id, PCWSTR Enumerator)
{
    SIZE_T n = RtlpWcslen(Enumerator);
    WCHAR Part[MAX_DEVICE_ID_LEN];
    SIZE_T i = 0;
    while (Id[i] && Id[i] != L'\\' && i < MAX_DEVICE_ID_LEN - 1) {
        Part[i] = Id[i];
        i++;
    }
    Part[i] = 0;
    return i == n && !DipCompareNoCase(Part, Enumerator);
}

/* Whether a candidate device is under Enumerator (any if NULL); its class
 * GUID in *Class. */
static BOOL DipCandidate(DEVINST Dev, PCWSTR Enumerator, GUID *Class)
{
    WCHAR Id[MAX_DEVICE_ID_LEN];
    if (CM_Get_Device_IDW(Dev, Id, MAX_DEVICE_ID_LEN, 0) != CR_SUCCESS)
        return FALSE;
    Id[MAX_DEVICE_ID_LEN - 1] = 0;
    if (Enumerator && !DipEnumeratorIs(Id, Enumerator))
        return FALSE;
    DipReadClassGuid(Dev, Class);
    return TRUE;
}

/* Remove the last element (it had no interface of the classes asked); Lock held. */
static VOID DipDropLastLocked(PDI_SET Set)
{
    DipFreeDevice(Set->Devices[--Set->DeviceCount]);
}

static DWORD DipBuildInterfaceSet(PDI_SET Set, const GUID *ClassGuid, PCWSTR Enumerator,
                                  DWORD Flags, DI_DEVLIST *Candidates)
{
    GUID *Classes = NULL;
    ULONG ClassCount = 0;
    DWORD Error;
    if (Flags & DIGCF_ALLCLASSES) {
        if ((Error = DipInterfaceClasses(&Classes, &ClassCount)) != ERROR_SUCCESS)
            return Error;
    } else {
        if (!(Classes = malloc(sizeof *Classes)))
            return ERROR_NOT_ENOUGH_MEMORY;
        Classes[0] = *ClassGuid;
        ClassCount = 1;
    }
    Error = ERROR_SUCCESS;
    pthread_mutex_lock(&Set->Lock);
    for (ULONG i = 0; i < Candidates->Count && Error == ERROR_SUCCESS; i++) {
        PDI_DEVICE Device;
        GUID Class;
        if (!DipCandidate(Candidates->Items[i], Enumerator, &Class))
            continue;
        if ((Error = DipAppendLocked(Set, Candidates->Items[i], &Class, &Device)) != ERROR_SUCCESS)
            break;
        for (ULONG c = 0; c < ClassCount && Error == ERROR_SUCCESS; c++)
            Error = DipQueryInterfaces(Set, Device, &Classes[c], !(Flags & DIGCF_PRESENT));
        if (Error == ERROR_SUCCESS && !DipInterfaceCountOf(Set, Device))
            DipDropLastLocked(Set);
    }
    pthread_mutex_unlock(&Set->Lock);
    free(Classes);
    return Error;
}

static DWORD DipBuildClassSet(PDI_SET Set, const GUID *ClassGuid, PCWSTR Enumerator, DWORD Flags,
                              DI_DEVLIST *Candidates)
{
    DWORD Error = ERROR_SUCCESS;
    pthread_mutex_lock(&Set->Lock);
    for (ULONG i = 0; i < Candidates->Count && Error == ERROR_SUCCESS; i++) {
        PDI_DEVICE Device;
        GUID Class;
        if (!DipCandidate(Candidates->Items[i], Enumerator, &Class))
            continue;
        if (!(Flags & DIGCF_ALLCLASSES) && memcmp(&Class, ClassGuid, sizeof Class))
            continue;
        Error = DipAppendLocked(Set, Candidates->Items[i], &Class, &Device);
    }
    pthread_mutex_unlock(&Set->Lock);
    return Error;
}

/* ---- the API ----------------------------------------------------------------------------- */

WINSETUPAPI HDEVINFO WINAPI SetupDiCreateDeviceInfoList(const GUID *ClassGuid, HWND hwndParent)
{
    (void)hwndParent; /* no user interface */
    PDI_SET Set = DipCreateSet(ClassGuid);
    if (!Set) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    DipPublishSet(Set);
    SetLastError(NO_ERROR);
    return Set;
}

WINSETUPAPI HDEVINFO WINAPI SetupDiCreateDeviceInfoListExW(const GUID *ClassGuid, HWND hwndParent,
                                                           PCWSTR MachineName, PVOID Reserved)
{
    if (Reserved) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    /* Remote device management (another computer's PnP manager) has no
     * counterpart: each ntio process reaches only its own. */
    if (MachineName && MachineName[0]) {
        SetLastError(ERROR_INVALID_MACHINENAME);
        return INVALID_HANDLE_VALUE;
    }
    return SetupDiCreateDeviceInfoList(ClassGuid, hwndParent);
}

WINSETUPAPI HDEVINFO WINAPI SetupDiCreateDeviceInfoListExA(const GUID *ClassGuid, HWND hwndParent,
                                                           PCSTR MachineName, PVOID Reserved)
{
    PWSTR Wide;
    DWORD Error = DipToWide(MachineName, &Wide);
    if (Error != ERROR_SUCCESS) {
        SetLastError(Error);
        return INVALID_HANDLE_VALUE;
    }
    HDEVINFO Set = SetupDiCreateDeviceInfoListExW(ClassGuid, hwndParent, Wide, Reserved);
    free(Wide); /* the last error is SetLastError's alone */
    return Set;
}

#define DIGCF_VALID_BITS                                                                      \
    (DIGCF_DEFAULT | DIGCF_PRESENT | DIGCF_ALLCLASSES | DIGCF_PROFILE | DIGCF_DEVICEINTERFACE)

WINSETUPAPI HDEVINFO WINAPI SetupDiGetClassDevsW(const GUID *ClassGuid, PCWSTR Enumerator,
                                                 HWND hwndParent, DWORD Flags)
{
    (void)hwndParent;
    DI_DEVLIST Candidates = { 0, 0, NULL };
    DWORD Error = ERROR_SUCCESS;
    PDI_SET Set;
    BOOL Interfaces = (Flags & DIGCF_DEVICEINTERFACE) != 0;

    if (Flags & ~DIGCF_VALID_BITS) {
        SetLastError(ERROR_INVALID_FLAGS);
        return INVALID_HANDLE_VALUE;
    }
    if (!ClassGuid && !(Flags & DIGCF_ALLCLASSES)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    if (Enumerator && !Enumerator[0])
        Enumerator = NULL;
    BOOL IsInstance = Enumerator && DipHasChar(Enumerator, L'\\');
    /* A device instance ID names one device, and only for interfaces. */
    if (IsInstance && !Interfaces) {
        SetLastError(ERROR_INVALID_DATA);
        return INVALID_HANDLE_VALUE;
    }
    /* A setup class set keeps its class (SetupDiOpenDeviceInfo checks it). */
    if (!(Set = DipCreateSet(!Interfaces && !(Flags & DIGCF_ALLCLASSES) ? ClassGuid : NULL))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }

    if (IsInstance) {
        DEVINST DevInst;
        Error = DipLocate(Enumerator, FALSE, &DevInst);
        if (Error == ERROR_INVALID_DEVINST_NAME)
            Error = ERROR_INVALID_DATA;
        if (Error == ERROR_SUCCESS)
            Error = DipListAdd(&Candidates, DevInst);
        Enumerator = NULL;
    } else {
        DEVINST Root;
        if (CM_Locate_DevNodeW(&Root, NULL, CM_LOCATE_DEVNODE_NORMAL) == CR_SUCCESS)
            Error = DipWalkTree(Root, &Candidates, 0);
        /* Devices only in the registry have no interfaces to list. */
        if (Error == ERROR_SUCCESS && !(Flags & DIGCF_PRESENT) && !Interfaces)
            Error = DipWalkRegistry(&Candidates);
        /* An enumerator nothing has ever used is not one. */
        if (Error == ERROR_SUCCESS && Enumerator) {
            BOOL Known = FALSE;
            WCHAR Path[MAX_DEVICE_ID_LEN + 64];
            HKEY Key;
            if (RtlpWcslen(Enumerator) < MAX_DEVICE_ID_LEN) {
                static const WCHAR Prefix[] = L"SYSTEM\\CurrentControlSet\\Enum\\";
                SIZE_T n = RTL_NUMBER_OF(Prefix) - 1;
                memcpy(Path, Prefix, n * sizeof(WCHAR));
                memcpy(Path + n, Enumerator, (RtlpWcslen(Enumerator) + 1) * sizeof(WCHAR));
                if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, Path, 0, KEY_READ, &Key) == ERROR_SUCCESS) {
                    Known = TRUE;
                    RegCloseKey(Key);
                }
                for (ULONG i = 0; i < Candidates.Count && !Known; i++) {
                    WCHAR Id[MAX_DEVICE_ID_LEN];
                    if (CM_Get_Device_IDW(Candidates.Items[i], Id, MAX_DEVICE_ID_LEN, 0) ==
                        CR_SUCCESS) {
                        Id[MAX_DEVICE_ID_LEN - 1] = 0;
                        Known = DipEnumeratorIs(Id, Enumerator);
                    }
                }
            }
            if (!Known)
                Error = ERROR_INVALID_DATA;
        }
    }

    if (Error == ERROR_SUCCESS) {
        Error = Interfaces ? DipBuildInterfaceSet(Set, ClassGuid, Enumerator, Flags, &Candidates)
                           : DipBuildClassSet(Set, ClassGuid, Enumerator, Flags, &Candidates);
    }
    free(Candidates.Items);
    if (Error != ERROR_SUCCESS) {
        DipFreeSet(Set);
        SetLastError(Error);
        return INVALID_HANDLE_VALUE;
    }
    DipPublishSet(Set);
    SetLastError(NO_ERROR);
    return Set;
}

WINSETUPAPI HDEVINFO WINAPI SetupDiGetClassDevsA(const GUID *ClassGuid, PCSTR Enumerator,
                                                 HWND hwndParent, DWORD Flags)
{
    PWSTR Wide;
    DWORD Error = DipToWide(Enumerator, &Wide);
    if (Error != ERROR_SUCCESS) {
        SetLastError(Error);
        return INVALID_HANDLE_VALUE;
    }
    HDEVINFO Set = SetupDiGetClassDevsW(ClassGuid, Wide, hwndParent, Flags);
    DWORD Last = GetLastError();
    free(Wide);
    SetLastError(Last);
    return Set;
}

WINSETUPAPI BOOL WINAPI SetupDiEnumDeviceInfo(HDEVINFO DeviceInfoSet, DWORD MemberIndex,
                                              PSP_DEVINFO_DATA DeviceInfoData)
{
    PDI_SET Set = DipSetFromHandle(DeviceInfoSet);
    if (!Set)
        return FALSE;
    if (!DeviceInfoData)
        return DipFail(ERROR_INVALID_PARAMETER);
    if (DeviceInfoData->cbSize != sizeof(SP_DEVINFO_DATA))
        return DipFail(ERROR_INVALID_USER_BUFFER);
    pthread_mutex_lock(&Set->Lock);
    PDI_DEVICE Device = MemberIndex < Set->DeviceCount ? Set->Devices[MemberIndex] : NULL;
    if (Device)
        DipFillDeviceData(Device, DeviceInfoData);
    pthread_mutex_unlock(&Set->Lock);
    return Device ? DipSucceed() : DipFail(ERROR_NO_MORE_ITEMS);
}

#define DIOD_VALID_BITS (DIOD_INHERIT_CLASSDRVS | DIOD_CANCEL_REMOVE)

WINSETUPAPI BOOL WINAPI SetupDiOpenDeviceInfoW(HDEVINFO DeviceInfoSet, PCWSTR DeviceInstanceId,
                                               HWND hwndParent, DWORD OpenFlags,
                                               PSP_DEVINFO_DATA DeviceInfoData)
{
    (void)hwndParent;
    PDI_DEVICE Device;
    PDI_SET Set = DipSetFromHandle(DeviceInfoSet);
    if (!Set)
        return FALSE;
    if (OpenFlags & ~DIOD_VALID_BITS)
        return DipFail(ERROR_INVALID_FLAGS);
    /* An instance in the registry only (a phantom) opens too, as on Windows. */
    DWORD Error = DipAddDevice(Set, DeviceInstanceId, FALSE, &Device);
    if (Error != ERROR_SUCCESS)
        return DipFail(Error);
    return DipReturnElement(Device, DeviceInfoData);
}

WINSETUPAPI BOOL WINAPI SetupDiOpenDeviceInfoA(HDEVINFO DeviceInfoSet, PCSTR DeviceInstanceId,
                                               HWND hwndParent, DWORD OpenFlags,
                                               PSP_DEVINFO_DATA DeviceInfoData)
{
    PWSTR Wide;
    DWORD Error = DipToWide(DeviceInstanceId, &Wide);
    if (Error != ERROR_SUCCESS)
        return DipFail(Error);
    BOOL Ok = SetupDiOpenDeviceInfoW(DeviceInfoSet, Wide, hwndParent, OpenFlags, DeviceInfoData);
    DWORD Last = GetLastError();
    free(Wide);
    SetLastError(Last);
    return Ok;
}

WINSETUPAPI BOOL WINAPI SetupDiDestroyDeviceInfoList(HDEVINFO DeviceInfoSet)
{
    PDI_SET Found = NULL;
    if (DeviceInfoSet && DeviceInfoSet != INVALID_HANDLE_VALUE) {
        pthread_mutex_lock(&DipSetsLock);
        for (PDI_SET *p = &DipSets; *p; p = &(*p)->Next) {
            if (*p == (PDI_SET)DeviceInfoSet) {
                Found = *p;
                *p = Found->Next;
                break;
            }
        }
        pthread_mutex_unlock(&DipSetsLock);
    }
    if (!Found)
        return DipFail(ERROR_INVALID_HANDLE);
    DipFreeSet(Found);
    return DipSucceed();
}
