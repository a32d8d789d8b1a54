/*
 * setupapi/devcreate.c - new devices: SetupDiCreateDeviceInfo and
 * SetupDiRegisterDeviceInfo (the default handler of DIF_REGISTERDEVICE),
 * what a devcon-style installer does to make a root-enumerated device
 * before it installs its driver.
 *
 * SetupDiCreateDeviceInfo adds an element for a device that does not exist
 * yet: a full instance ID, or with DICD_GENERATE_ID a device ID that
 * becomes ROOT\<ID>\NNNN, the first number no device, registry instance or
 * unregistered element of this process uses.  IDs are upper-cased, as
 * Windows makes them.  Windows records such a device at once as a phantom
 * devnode with an instance key; ntio's root enumerator would report any key
 * under Enum\ROOT as a device, so the element keeps the values its key will
 * get (ClassGUID, Class, DeviceDesc, and what SetupDiSetDeviceRegistryProperty
 * sets) and nothing is written before registration.  A set destroyed first
 * leaves no trace, as on Windows.  Until then the element's DevInst is 0.
 *
 * Registration writes Enum\<instance> with those values and hands the
 * device to the PnP manager (CM_Setup_DevNode registers a new root device,
 * which the root enumerator then reports: it comes into the tree, without
 * a driver until one is installed).  DI_DONOTCALLCONFIGMG leaves that to
 * the next enumeration.  Only root-enumerated instances can be registered:
 * ntio's buses report their own children (ERROR_NOT_SUPPORTED).
 *
 * SPRDI_FIND_DUPS compares the new device with each registered device of
 * its class through the caller's CompareProc, which gets them as elements
 * of the caller's set (added as SetupDiOpenDeviceInfo adds them); without
 * a CompareProc Windows compares resource lists, and ntio's software
 * devices have none, so none is a duplicate.
 *
 * One lock serializes the creations and registrations of the process, so
 * that two threads generating an ID do not take the same number.
 */
#include "devinfop.h"
#include "setupapip.h"
#include "rtl/nls.h"

#include <stdlib.h>
#include <string.h>

static pthread_mutex_t DipCreateLock = PTHREAD_MUTEX_INITIALIZER;

/* ERROR_SUCCESS when instance Id is free: no device of the tree or of the
 * registry, and no unregistered element, has it. */
static DWORD DipIdFree(PCWSTR Id)
{
    DEVINST DevInst;
    DWORD Error = DipLocate(Id, FALSE, &DevInst);
    if (Error == ERROR_SUCCESS)
        return ERROR_DEVINST_ALREADY_EXISTS;
    if (Error != ERROR_NO_SUCH_DEVINST)
        return Error;
    return DipPhantomExists(Id) ? ERROR_DEVINST_ALREADY_EXISTS : ERROR_SUCCESS;
}

static VOID DipUpcase(PWSTR Text)
{
    for (; *Text; Text++)
        if (*Text >= L'a' && *Text <= L'z')
            *Text = (WCHAR)(*Text - 32);
}

/* DICD_GENERATE_ID: ROOT\<Name>\NNNN, the first free number. */
static DWORD DipGenerateId(PCWSTR Name, WCHAR Id[MAX_DEVICE_ID_LEN])
{
    if (!Name[0] || DipHasChar(Name, L'\\') || RtlpWcslen(Name) + 10 >= MAX_DEVICE_ID_LEN)
        return ERROR_INVALID_DEVINST_NAME;
    for (ULONG n = 0; n < 10000; n++) {
        PWSTR Candidate = InfpFormat(L"ROOT\\%s\\%04u", Name, (unsigned)n);
        if (!Candidate)
            return ERROR_NOT_ENOUGH_MEMORY;
        memcpy(Id, Candidate, (RtlpWcslen(Candidate) + 1) * sizeof(WCHAR));
        free(Candidate);
        DipUpcase(Id);
        DWORD Error = DipIdFree(Id);
        if (Error != ERROR_DEVINST_ALREADY_EXISTS)
            return Error;
    }
    return ERROR_DEVINST_ALREADY_EXISTS;
}

/* The values a new element's key starts with: its class (GUID and name,
 * lower-case as the installer writes it) and description. */
static DWORD DipInitialValues(PDI_SET Set, PDI_DEVICE Device, PCWSTR Description)
{
    static const GUID Null;
    const GUID *g = &Device->ClassGuid;
    DWORD Error = ERROR_SUCCESS;
    if (memcmp(g, &Null, sizeof Null)) {
        PWSTR Text = DipGuidText(g);
        PWSTR Path = Text ? InfpFormat(L"%s\\%s", INFP_CLASS_PATH, Text) : NULL;
        PWSTR Name = NULL;
        HKEY Key;
        if (!Path) {
            free(Text);
            return ERROR_NOT_ENOUGH_MEMORY;
        }
        if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, Path, 0, KEY_QUERY_VALUE, &Key) == ERROR_SUCCESS) {
            Name = InfpQueryString(Key, L"Class");
            RegCloseKey(Key);
        }
        Error = DipSetPendingValue(Set, Device, L"ClassGUID", REG_SZ, Text,
                                   (DWORD)((RtlpWcslen(Text) + 1) * sizeof(WCHAR)));
        if (!Error && Name)
            Error = DipSetPendingValue(Set, Device, L"Class", REG_SZ, Name,
                                       (DWORD)((RtlpWcslen(Name) + 1) * sizeof(WCHAR)));
        free(Name);
        free(Path);
        free(Text);
    }
    if (!Error && Description)
        Error = DipSetPendingValue(Set, Device, L"DeviceDesc", REG_SZ, Description,
                                   (DWORD)((RtlpWcslen(Description) + 1) * sizeof(WCHAR)));
    return Error;
}

WINSETUPAPI BOOL WINAPI SetupDiCreateDeviceInfoW(HDEVINFO DeviceInfoSet, PCWSTR DeviceName,
                                                 const GUID *ClassGuid, PCWSTR DeviceDescription,
                                                 HWND hwndParent, DWORD CreationFlags,
                                                 PSP_DEVINFO_DATA DeviceInfoData)
{
    (void)hwndParent; /* no user interface */
    WCHAR Id[MAX_DEVICE_ID_LEN];
    /* Windows checks the name first, even before the handle. */
    if (!DeviceName)
        return DipFail(ERROR_INVALID_DEVINST_NAME);
    PDI_SET Set = DipSetFromHandle(DeviceInfoSet);
    if (!Set)
        return FALSE;
    if (!ClassGuid)
        return DipFail(ERROR_INVALID_PARAMETER);
    if (CreationFlags & ~(DICD_GENERATE_ID | DICD_INHERIT_CLASSDRVS))
        return DipFail(ERROR_INVALID_FLAGS);
    if (Set->HasClass && memcmp(&Set->ClassGuid, ClassGuid, sizeof *ClassGuid))
        return DipFail(ERROR_CLASS_MISMATCH);
    /* DICD_INHERIT_CLASSDRVS: sets have no class driver list to inherit. */
    PDI_DEVICE Device = DipNewDevice();
    if (!Device)
        return DipFail(ERROR_NOT_ENOUGH_MEMORY);
    Device->ClassGuid = *ClassGuid;
    Device->Phantom = TRUE;

    pthread_mutex_lock(&DipCreateLock);
    DWORD Error;
    if (CreationFlags & DICD_GENERATE_ID) {
        Error = DipGenerateId(DeviceName, Id);
    } else if (RtlpWcslen(DeviceName) >= MAX_DEVICE_ID_LEN) {
        Error = ERROR_INVALID_DEVINST_NAME;
    } else {
        memcpy(Id, DeviceName, (RtlpWcslen(DeviceName) + 1) * sizeof(WCHAR));
        DipUpcase(Id);
        Error = DipIdFree(Id);
    }
    if (Error == ERROR_SUCCESS) {
        memcpy(Device->InstanceId, Id, sizeof Id);
        Error = DipInitialValues(Set, Device, DeviceDescription);
    }
    if (Error == ERROR_SUCCESS) {
        pthread_mutex_lock(&Set->Lock);
        Error = DipInsertLocked(Set, Device);
        pthread_mutex_unlock(&Set->Lock);
    }
    pthread_mutex_unlock(&DipCreateLock);
    if (Error != ERROR_SUCCESS) {
        DipFreeDevice(Device); /* not in the set: nothing else refers to it */
        return DipFail(Error);
    }
    return DipReturnElement(Device, DeviceInfoData);
}

WINSETUPAPI BOOL WINAPI SetupDiCreateDeviceInfoA(HDEVINFO DeviceInfoSet, PCSTR DeviceName,
                                                 const GUID *ClassGuid, PCSTR DeviceDescription,
                                                 HWND hwndParent, DWORD CreationFlags,
                                                 PSP_DEVINFO_DATA DeviceInfoData)
{
    PWSTR Name = NULL, Description = NULL;
    DWORD Error = DipToWide(DeviceName, &Name);
    if (Error == ERROR_SUCCESS)
        Error = DipToWide(DeviceDescription, &Description);
    BOOL Ok = Error == ERROR_SUCCESS
                  ? SetupDiCreateDeviceInfoW(DeviceInfoSet, Name, ClassGuid, Description,
                                             hwndParent, CreationFlags, DeviceInfoData)
                  : DipFail(Error);
    free(Name); /* the last error is SetLastError's alone */
    free(Description);
    return Ok;
}

/* ---- registration ------------------------------------------------------------------------ */

/* Write Device's instance key with the values it kept, and hand the device
 * to the PnP manager; the creation lock held. */
static DWORD DipRegister(PDI_SET Set, PDI_DEVICE Device, PDEVINST DevInst)
{
    WCHAR Id[MAX_DEVICE_ID_LEN];
    HKEY Key;
    DWORD Disposition = 0;
    pthread_mutex_lock(&Set->Lock);
    memcpy(Id, Device->InstanceId, sizeof Id);
    BOOL Direct = (Device->Install.Params.Flags & DI_DONOTCALLCONFIGMG) != 0;
    pthread_mutex_unlock(&Set->Lock);
    if (!DipEnumeratorIs(Id, L"ROOT"))
        return ERROR_NOT_SUPPORTED;
    PWSTR Path = InfpFormat(L"%s\\%s", INFP_ENUM_PATH, Id);
    if (!Path)
        return ERROR_NOT_ENOUGH_MEMORY;
    DWORD Error = RegCreateKeyExW(HKEY_LOCAL_MACHINE, Path, 0, NULL, REG_OPTION_NON_VOLATILE,
                                  KEY_SET_VALUE, NULL, &Key, &Disposition);
    if (Error == ERROR_SUCCESS && Disposition != REG_CREATED_NEW_KEY) {
        /* Written behind SetupAPI's back since the element was made. */
        RegCloseKey(Key);
        free(Path);
        return ERROR_DEVINST_ALREADY_EXISTS;
    }
    if (Error == ERROR_SUCCESS) {
        pthread_mutex_lock(&Set->Lock);
        for (ULONG i = 0; i < Device->ValueCount && Error == ERROR_SUCCESS; i++) {
            PDI_VALUE v = &Device->Values[i];
            Error = RegSetValueExW(Key, v->Name, 0, v->Type, v->Data, v->Bytes);
        }
        pthread_mutex_unlock(&Set->Lock);
        RegCloseKey(Key);
    }
    if (Error == ERROR_SUCCESS) {
        CONFIGRET Cr = CM_Locate_DevNodeW(DevInst, Id, CM_LOCATE_DEVNODE_PHANTOM);
        if (Cr == CR_SUCCESS && !Direct)
            Cr = CM_Setup_DevNode(*DevInst, CM_SETUP_DEVNODE_READY);
        if (Cr != CR_SUCCESS)
            Error = DipErrorOfConfigRet(Cr);
    }
    if (Error != ERROR_SUCCESS)
        RegDeleteTreeW(HKEY_LOCAL_MACHINE, Path);
    free(Path);
    return Error;
}

/* SPRDI_FIND_DUPS: CompareProc on each registered device of the class. */
static DWORD DipFindDuplicate(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
                              const GUID *Class, PSP_DETSIG_CMPPROC CompareProc,
                              PVOID CompareContext, PSP_DEVINFO_DATA Duplicate)
{
    HDEVINFO Others = SetupDiGetClassDevsW(Class, NULL, NULL, 0);
    SP_DEVINFO_DATA Other = { sizeof Other }, Existing = { sizeof Existing };
    WCHAR Id[MAX_DEVICE_ID_LEN];
    DWORD Error = ERROR_SUCCESS;
    if (Others == INVALID_HANDLE_VALUE)
        return GetLastError();
    for (DWORD i = 0; Error == ERROR_SUCCESS && SetupDiEnumDeviceInfo(Others, i, &Other); i++) {
        if (!SetupDiGetDeviceInstanceIdW(Others, &Other, Id, MAX_DEVICE_ID_LEN, NULL) ||
            !SetupDiOpenDeviceInfoW(DeviceInfoSet, Id, NULL, 0, &Existing))
            continue;
        Error = CompareProc(DeviceInfoSet, DeviceInfoData, &Existing, CompareContext);
        if (Error == ERROR_DUPLICATE_FOUND && Duplicate)
            *Duplicate = Existing;
    }
    SetupDiDestroyDeviceInfoList(Others);
    return Error;
}

WINSETUPAPI BOOL WINAPI SetupDiRegisterDeviceInfo(HDEVINFO DeviceInfoSet,
                                                  PSP_DEVINFO_DATA DeviceInfoData, DWORD Flags,
                                                  PSP_DETSIG_CMPPROC CompareProc,
                                                  PVOID CompareContext,
                                                  PSP_DEVINFO_DATA DupDeviceInfoData)
{
    PDI_SET Set;
    PDI_DEVICE Device = DipElementOf(DeviceInfoSet, DeviceInfoData, &Set);
    if (!Device)
        return FALSE;
    if (Flags & ~SPRDI_FIND_DUPS)
        return DipFail(ERROR_INVALID_FLAGS);
    if (DupDeviceInfoData && DupDeviceInfoData->cbSize != sizeof(SP_DEVINFO_DATA))
        return DipFail(ERROR_INVALID_USER_BUFFER);
    pthread_mutex_lock(&Set->Lock);
    BOOL Phantom = Device->Phantom, Removed = Device->Removed;
    GUID Class = Device->ClassGuid;
    pthread_mutex_unlock(&Set->Lock);
    if (Removed)
        return DipFail(ERROR_NO_SUCH_DEVINST);
    if (!Phantom) /* registered already: nothing to do */
        return DipSucceed();
    if ((Flags & SPRDI_FIND_DUPS) && CompareProc) {
        DWORD Error = DipFindDuplicate(DeviceInfoSet, DeviceInfoData, &Class, CompareProc,
                                       CompareContext, DupDeviceInfoData);
        if (Error != ERROR_SUCCESS)
            return DipFail(Error);
    }

    DEVINST DevInst = 0;
    pthread_mutex_lock(&DipCreateLock);
    DWORD Error = DipRegister(Set, Device, &DevInst);
    if (Error == ERROR_SUCCESS) {
        pthread_mutex_lock(&Set->Lock);
        DipFreeValues(Device);
        Device->DevInst = DevInst;
        Device->Phantom = FALSE;
        pthread_mutex_unlock(&Set->Lock);
    }
    pthread_mutex_unlock(&DipCreateLock);
    if (Error != ERROR_SUCCESS)
        return DipFail(Error);
    DeviceInfoData->DevInst = DevInst;
    return DipSucceed();
}
