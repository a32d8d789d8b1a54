/*
 * setupapi/devregkey.c - a device's registry keys: SetupDiOpenDevRegKey and
 * SetupDiCreateDevRegKey.
 *
 *   DIREG_DEV  the hardware key, Enum\<instance>\Device Parameters: the key
 *              a driver opens with IoOpenDeviceRegistryKey(PLUGPLAY_REGKEY_DEVICE)
 *   DIREG_DRV  the software key, Control\Class\{guid}\NNNN, which the
 *              instance's Driver value names
 *
 * Errors, as Windows (Wine's conformance tests record them): a NULL
 * element is ERROR_INVALID_PARAMETER; a scope or key type that is neither
 * of its two values (DIREG_BOTH included) ERROR_INVALID_FLAGS; an element
 * not registered yet ERROR_DEVINFO_NOT_REGISTERED; a key that does not
 * exist (no Device Parameters yet, no Driver value) ERROR_KEY_DOES_NOT_EXIST,
 * which SetupDiCreateDevRegKey then creates: Device Parameters, or the next
 * free NNNN of the device's class, recorded in its Driver value (the class
 * key must exist; a device of no class has none: ERROR_INVALID_CLASS).
 * Failures return INVALID_HANDLE_VALUE.
 *
 * ntio keeps one hardware profile and no per-profile branch of the
 * registry: DICS_FLAG_CONFIGSPECIFIC keys are ERROR_CALL_NOT_IMPLEMENTED.
 *
 * SetupDiCreateDevRegKey with an INF and a DDInstall section runs the
 * section's directives (CopyFiles, DelFiles, AddReg, DelReg) with HKR =
 * the key, as the device installer runs them.
 */
#include "devinfop.h"
#include "setupapip.h"
#include "rtl/nls.h"

#include <stdlib.h>
#include <string.h>

#define DIP_NO_KEY ((HKEY)INVALID_HANDLE_VALUE)

static HKEY DipKeyFail(DWORD Error)
{
    SetLastError(Error);
    return DIP_NO_KEY;
}

/* The checks of both functions, and the instance ID of the element. */
static DWORD DipKeyTarget(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData, DWORD Scope,
                          DWORD KeyType, WCHAR Id[MAX_DEVICE_ID_LEN], GUID *Class)
{
    PDI_SET Set;
    PDI_DEVICE Device = DipElementOf(DeviceInfoSet, DeviceInfoData, &Set);
    if (!Device)
        return GetLastError();
    if (Scope != DICS_FLAG_GLOBAL && Scope != DICS_FLAG_CONFIGSPECIFIC)
        return ERROR_INVALID_FLAGS;
    if (KeyType != DIREG_DEV && KeyType != DIREG_DRV)
        return ERROR_INVALID_FLAGS;
    pthread_mutex_lock(&Set->Lock);
    BOOL Phantom = Device->Phantom, Removed = Device->Removed;
    memcpy(Id, Device->InstanceId, MAX_DEVICE_ID_LEN * sizeof(WCHAR));
    *Class = Device->ClassGuid;
    pthread_mutex_unlock(&Set->Lock);
    if (Removed)
        return ERROR_NO_SUCH_DEVINST;
    if (Phantom)
        return ERROR_DEVINFO_NOT_REGISTERED;
    if (Scope == DICS_FLAG_CONFIGSPECIFIC)
        return ERROR_CALL_NOT_IMPLEMENTED;
    return ERROR_SUCCESS;
}

/* The Driver value of instance Id (malloc'd), or NULL. */
static PWSTR DipDriverValue(PCWSTR Id)
{
    HKEY Key;
    PWSTR Driver = NULL;
    if (InfpOpenInstanceKey(Id, KEY_QUERY_VALUE, &Key) == ERROR_SUCCESS) {
        Driver = InfpQueryString(Key, L"Driver");
        RegCloseKey(Key);
    }
    if (Driver && !Driver[0]) {
        free(Driver);
        Driver = NULL;
    }
    return Driver;
}

WINSETUPAPI HKEY WINAPI SetupDiOpenDevRegKey(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
                                             DWORD Scope, DWORD HwProfile, DWORD KeyType,
                                             REGSAM samDesired)
{
    (void)HwProfile; /* global keys only */
    WCHAR Id[MAX_DEVICE_ID_LEN];
    GUID Class;
    PWSTR Path = NULL;
    HKEY Key;
    DWORD Error = DipKeyTarget(DeviceInfoSet, DeviceInfoData, Scope, KeyType, Id, &Class);
    if (Error != ERROR_SUCCESS)
        return DipKeyFail(Error);
    if (KeyType == DIREG_DEV) {
        Path = InfpFormat(L"%s\\%s\\Device Parameters", INFP_ENUM_PATH, Id);
    } else {
        PWSTR Driver = DipDriverValue(Id);
        if (!Driver)
            return DipKeyFail(ERROR_KEY_DOES_NOT_EXIST);
        Path = InfpFormat(L"%s\\%s", INFP_CLASS_PATH, Driver);
        free(Driver);
    }
    if (!Path)
        return DipKeyFail(ERROR_NOT_ENOUGH_MEMORY);
    Error = RegOpenKeyExW(HKEY_LOCAL_MACHINE, Path, 0, samDesired, &Key);
    free(Path);
    if (Error == ERROR_FILE_NOT_FOUND)
        Error = ERROR_KEY_DOES_NOT_EXIST;
    if (Error != ERROR_SUCCESS)
        return DipKeyFail(Error);
    SetLastError(NO_ERROR);
    return Key;
}

/* The device's software key, made if it has none: the next free NNNN of
 * its class, recorded in its Driver value. */
static DWORD DipCreateSoftwareKey(PCWSTR Id, const GUID *Class, HKEY *Key)
{
    static const GUID Null;
    HKEY Instance, ClassKey;
    PWSTR Name = NULL;
    if (!memcmp(Class, &Null, sizeof Null))
        return ERROR_INVALID_CLASS;
    PWSTR Guid = DipGuidText(Class);
    PWSTR Path = Guid ? InfpFormat(L"%s\\%s", INFP_CLASS_PATH, Guid) : NULL;
    DWORD Error = Path ? RegOpenKeyExW(HKEY_LOCAL_MACHINE, Path, 0, KEY_QUERY_VALUE, &ClassKey)
                       : ERROR_NOT_ENOUGH_MEMORY;
    free(Path);
    if (Error == ERROR_SUCCESS)
        RegCloseKey(ClassKey);
    else if (Error == ERROR_FILE_NOT_FOUND)
        Error = ERROR_INVALID_CLASS; /* not installed */
    if (Error == ERROR_SUCCESS) {
        Error = InfpOpenInstanceKey(Id, KEY_QUERY_VALUE | KEY_SET_VALUE, &Instance);
        if (Error == ERROR_FILE_NOT_FOUND)
            Error = ERROR_NO_SUCH_DEVINST;
    }
    if (Error == ERROR_SUCCESS) {
        /* The installer's lock: the NNNN an install would take too. */
        InfpLockInstalls();
        Error = InfpOpenSoftwareKey(Instance, Guid, Key, &Name);
        if (Error == ERROR_SUCCESS) {
            Error = RegSetValueExW(Instance, L"Driver", 0, REG_SZ, (const BYTE *)Name,
                                   (DWORD)((RtlpWcslen(Name) + 1) * sizeof(WCHAR)));
            if (Error != ERROR_SUCCESS)
                RegCloseKey(*Key);
        }
        InfpUnlockInstalls();
        RegCloseKey(Instance);
    }
    free(Name);
    free(Guid);
    return Error;
}

WINSETUPAPI HKEY WINAPI SetupDiCreateDevRegKeyW(HDEVINFO DeviceInfoSet,
                                                PSP_DEVINFO_DATA DeviceInfoData, DWORD Scope,
                                                DWORD HwProfile, DWORD KeyType, HINF InfHandle,
                                                PCWSTR InfSectionName)
{
    (void)HwProfile; /* global keys only */
    WCHAR Id[MAX_DEVICE_ID_LEN];
    GUID Class;
    HKEY Key;
    PINF_FILE Inf = NULL;
    DWORD Error = DipKeyTarget(DeviceInfoSet, DeviceInfoData, Scope, KeyType, Id, &Class);
    if (Error != ERROR_SUCCESS)
        return DipKeyFail(Error);
    /* An INF and its section come together. */
    if (!InfHandle != !InfSectionName)
        return DipKeyFail(ERROR_INVALID_PARAMETER);
    if (InfHandle && !(Inf = InfpFromHandle(InfHandle)))
        return DipKeyFail(ERROR_INVALID_HANDLE);
    if (KeyType == DIREG_DEV) {
        PWSTR Path = InfpFormat(L"%s\\%s\\Device Parameters", INFP_ENUM_PATH, Id);
        Error = Path ? RegCreateKeyExW(HKEY_LOCAL_MACHINE, Path, 0, NULL, REG_OPTION_NON_VOLATILE,
                                       KEY_READ | KEY_WRITE, NULL, &Key, NULL)
                     : ERROR_NOT_ENOUGH_MEMORY;
        free(Path);
    } else {
        Error = DipCreateSoftwareKey(Id, &Class, &Key);
    }
    if (Error != ERROR_SUCCESS)
        return DipKeyFail(Error);
    if (Inf) {
        /* The section as named (a caller decorates it, .NTamd64 ...). */
        INFP_INSTALL Install;
        Error = InfpSectionExists(Inf, InfSectionName) ? InfpPrepareInstall(Inf, FALSE, &Install)
                                                       : ERROR_SECTION_NOT_FOUND;
        if (Error == ERROR_SUCCESS) {
            Error = InfpRunInstallSection(&Install, InfSectionName, Key,
                                          INFP_DO_FILES | INFP_DO_REGISTRY);
            free((PWSTR)Install.SourceDir);
        }
        if (Error != ERROR_SUCCESS) {
            RegCloseKey(Key);
            return DipKeyFail(Error);
        }
    }
    SetLastError(NO_ERROR);
    return Key;
}

WINSETUPAPI HKEY WINAPI SetupDiCreateDevRegKeyA(HDEVINFO DeviceInfoSet,
                                                PSP_DEVINFO_DATA DeviceInfoData, DWORD Scope,
                                                DWORD HwProfile, DWORD KeyType, HINF InfHandle,
                                                PCSTR InfSectionName)
{
    PWSTR Section;
    DWORD Error = DipToWide(InfSectionName, &Section);
    if (Error != ERROR_SUCCESS)
        return DipKeyFail(Error);
    HKEY Key = SetupDiCreateDevRegKeyW(DeviceInfoSet, DeviceInfoData, Scope, HwProfile, KeyType,
                                       InfHandle, Section);
    free(Section); /* the last error is SetLastError's alone */
    return Key;
}
