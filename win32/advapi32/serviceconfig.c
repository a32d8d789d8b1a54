/*
 * advapi32/serviceconfig.c - a service's configuration:
 * QueryServiceConfig and ChangeServiceConfig, A and W.
 */
#include "svcp.h"

/* The configuration as stored, every string present (empty if the value
 * is absent), as QueryServiceConfig returns it. */
typedef struct _SC_CONFIG {
    DWORD Type, Start, ErrorControl, Tag;
    LPWSTR BinaryPath, Group, Dependencies, StartName, DisplayName;
} SC_CONFIG;

static VOID ScFreeConfig(SC_CONFIG *Config)
{
    free(Config->BinaryPath);
    free(Config->Group);
    free(Config->Dependencies);
    free(Config->StartName);
    free(Config->DisplayName);
}

static LPWSTR ScDuplicate(LPCWSTR String, SIZE_T Chars)
{
    LPWSTR Out = malloc((Chars + 1) * sizeof(WCHAR));
    if (Out) {
        memcpy(Out, String, Chars * sizeof(WCHAR));
        Out[Chars] = 0;
    }
    return Out;
}

/* DependOnService and DependOnGroup (with '+') as one multi-string. */
static DWORD ScReadDependencies(HKEY Key, LPWSTR *Out)
{
    LPWSTR Services = NULL, Groups = NULL;
    DWORD Error = ScQueryString(Key, L"DependOnService", REG_MULTI_SZ, &Services);
    if (!Error)
        Error = ScQueryString(Key, L"DependOnGroup", REG_MULTI_SZ, &Groups);
    SIZE_T Chars = ScMultiLength(Services) + ScMultiLength(Groups) * 2 + 2;
    LPWSTR Multi = Error ? NULL : calloc(Chars, sizeof(WCHAR));
    if (!Error && !Multi)
        Error = ERROR_NOT_ENOUGH_MEMORY;
    if (!Error) {
        SIZE_T n = 0;
        for (LPCWSTR p = Services; p && *p; p += RtlpWcslen(p) + 1) {
            SIZE_T Len = RtlpWcslen(p) + 1;
            memcpy(Multi + n, p, Len * sizeof(WCHAR));
            n += Len;
        }
        for (LPCWSTR p = Groups; p && *p; p += RtlpWcslen(p) + 1) {
            SIZE_T Len = RtlpWcslen(p) + 1;
            Multi[n++] = SC_GROUP_IDENTIFIERW;
            memcpy(Multi + n, p, Len * sizeof(WCHAR));
            n += Len;
        }
        Multi[n] = 0;
    }
    free(Services);
    free(Groups);
    *Out = Multi;
    return Error;
}

static DWORD ScReadConfig(LPCWSTR Name, SC_CONFIG *Config)
{
    HKEY Key;
    memset(Config, 0, sizeof *Config);
    DWORD Error = ScOpenServiceKey(Name, KEY_READ, &Key);
    if (Error == ERROR_FILE_NOT_FOUND)
        return ERROR_SERVICE_MARKED_FOR_DELETE; /* deleted under an open handle */
    if (Error)
        return Error;
    Config->Type = ScQueryDword(Key, L"Type", 0);
    Config->Start = ScQueryDword(Key, L"Start", SERVICE_DEMAND_START);
    Config->ErrorControl = ScQueryDword(Key, L"ErrorControl", SERVICE_ERROR_NORMAL);
    Config->Tag = ScQueryDword(Key, L"Tag", 0);
    Error = ScQueryString(Key, L"ImagePath", REG_SZ, &Config->BinaryPath);
    if (!Error)
        Error = ScQueryString(Key, L"Group", REG_SZ, &Config->Group);
    if (!Error)
        Error = ScReadDependencies(Key, &Config->Dependencies);
    if (!Error)
        Error = ScQueryString(Key, L"ObjectName", REG_SZ, &Config->StartName);
    if (!Error)
        Error = ScQueryString(Key, L"DisplayName", REG_SZ, &Config->DisplayName);
    RegCloseKey(Key);
    /* Absent strings are empty; the display name defaults to the name. */
    if (!Error && !Config->BinaryPath && !(Config->BinaryPath = ScDuplicate(L"", 0)))
        Error = ERROR_NOT_ENOUGH_MEMORY;
    if (!Error && !Config->Group && !(Config->Group = ScDuplicate(L"", 0)))
        Error = ERROR_NOT_ENOUGH_MEMORY;
    if (!Error && !Config->StartName && !(Config->StartName = ScDuplicate(L"", 0)))
        Error = ERROR_NOT_ENOUGH_MEMORY;
    if (!Error && !Config->DisplayName &&
        !(Config->DisplayName = ScDuplicate(Name, RtlpWcslen(Name))))
        Error = ERROR_NOT_ENOUGH_MEMORY;
    if (Error)
        ScFreeConfig(Config);
    return Error;
}

/* Reference a service handle for a configuration call needing Access. */
static DWORD ScBeginConfigCall(SC_HANDLE hService, ACCESS_MASK Access, PSC_HANDLE_OBJECT *H)
{
    DWORD Error = ScReferenceHandle(hService, SC_MAGIC_SERVICE, H);
    if (Error)
        return Error;
    if (!((*H)->Access & Access)) {
        ScDereference(*H);
        return ERROR_ACCESS_DENIED;
    }
    return ERROR_SUCCESS;
}

/* ---- QueryServiceConfig ------------------------------------------------- */

/* Lay the strings out behind the structure, the way both forms do: each
 * string's size in bytes in Sizes, their text in Texts (Unicode or UTF-8). */
#define SC_CONFIG_STRINGS 5
static DWORD ScConfigSize(const SIZE_T *Sizes, SIZE_T Header)
{
    SIZE_T Total = Header;
    for (int i = 0; i < SC_CONFIG_STRINGS; i++)
        Total += (Sizes[i] + sizeof(WCHAR) - 1) & ~(sizeof(WCHAR) - 1);
    return (DWORD)Total;
}

static VOID ScPlaceStrings(PBYTE Buffer, SIZE_T Header, const void *const *Texts, const SIZE_T *Sizes,
                           void **Pointers[SC_CONFIG_STRINGS])
{
    PBYTE p = Buffer + Header;
    for (int i = 0; i < SC_CONFIG_STRINGS; i++) {
        memcpy(p, Texts[i], Sizes[i]);
        *Pointers[i] = p;
        p += (Sizes[i] + sizeof(WCHAR) - 1) & ~(sizeof(WCHAR) - 1);
    }
}

NTIO_EXPORT BOOL WINAPI QueryServiceConfigW(SC_HANDLE hService,
                                            LPQUERY_SERVICE_CONFIGW lpServiceConfig,
                                            DWORD cbBufSize, LPDWORD pcbBytesNeeded)
{
    PSC_HANDLE_OBJECT H;
    SC_CONFIG Config;
    DWORD Error = ScReferenceHandle(hService, SC_MAGIC_SERVICE, &H);
    if (Error) {
        SetLastError(Error);
        return FALSE;
    }
    if (!pcbBytesNeeded)
        Error = ERROR_INVALID_ADDRESS;
    else if (!(H->Access & SERVICE_QUERY_CONFIG))
        Error = ERROR_ACCESS_DENIED;
    else
        Error = ScReadConfig(H->Service->Name, &Config);
    ScDereference(H);
    if (Error) {
        SetLastError(Error);
        return FALSE;
    }
    const void *Texts[SC_CONFIG_STRINGS] = { Config.BinaryPath, Config.Group, Config.Dependencies,
                                             Config.StartName, Config.DisplayName };
    SIZE_T Sizes[SC_CONFIG_STRINGS];
    for (int i = 0; i < SC_CONFIG_STRINGS; i++)
        Sizes[i] = (i == 2 ? ScMultiLength(Texts[i]) : RtlpWcslen(Texts[i]) + 1) * sizeof(WCHAR);
    DWORD Needed = ScConfigSize(Sizes, sizeof(QUERY_SERVICE_CONFIGW));
    if (!lpServiceConfig || cbBufSize < Needed) {
        *pcbBytesNeeded = Needed;
        ScFreeConfig(&Config);
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    lpServiceConfig->dwServiceType = Config.Type;
    lpServiceConfig->dwStartType = Config.Start;
    lpServiceConfig->dwErrorControl = Config.ErrorControl;
    lpServiceConfig->dwTagId = Config.Tag;
    void **Pointers[SC_CONFIG_STRINGS] = {
        (void **)&lpServiceConfig->lpBinaryPathName, (void **)&lpServiceConfig->lpLoadOrderGroup,
        (void **)&lpServiceConfig->lpDependencies, (void **)&lpServiceConfig->lpServiceStartName,
        (void **)&lpServiceConfig->lpDisplayName,
    };
    ScPlaceStrings((PBYTE)lpServiceConfig, sizeof *lpServiceConfig, Texts, Sizes, Pointers);
    *pcbBytesNeeded = Needed;
    ScFreeConfig(&Config);
    return TRUE;
}

/* A Unicode string (or multi-string) in UTF-8, malloc'd; *Size in bytes
 * with its terminators. */
static LPSTR ScToUtf8(LPCWSTR Text, BOOLEAN Multi, SIZE_T *Size)
{
    SIZE_T Chars = Multi ? ScMultiLength(Text) : RtlpWcslen(Text) + 1;
    SIZE_T Bytes = RtlpUtf16ToUtf8(NULL, 0, Text, Chars);
    LPSTR Out = malloc(Bytes + 1);
    if (Out) {
        RtlpUtf16ToUtf8(Out, Bytes, Text, Chars);
        Out[Bytes] = 0;
    }
    *Size = Bytes;
    return Out;
}

NTIO_EXPORT BOOL WINAPI QueryServiceConfigA(SC_HANDLE hService,
                                            LPQUERY_SERVICE_CONFIGA lpServiceConfig,
                                            DWORD cbBufSize, LPDWORD pcbBytesNeeded)
{
    PSC_HANDLE_OBJECT H;
    SC_CONFIG Config;
    DWORD Error = ScReferenceHandle(hService, SC_MAGIC_SERVICE, &H);
    if (Error) {
        SetLastError(Error);
        return FALSE;
    }
    if (!pcbBytesNeeded)
        Error = ERROR_INVALID_ADDRESS;
    else if (!(H->Access & SERVICE_QUERY_CONFIG))
        Error = ERROR_ACCESS_DENIED;
    else
        Error = ScReadConfig(H->Service->Name, &Config);
    ScDereference(H);
    if (Error) {
        SetLastError(Error);
        return FALSE;
    }
    LPCWSTR Wide[SC_CONFIG_STRINGS] = { Config.BinaryPath, Config.Group, Config.Dependencies,
                                        Config.StartName, Config.DisplayName };
    LPSTR Narrow[SC_CONFIG_STRINGS] = { NULL };
    SIZE_T Sizes[SC_CONFIG_STRINGS];
    BOOL Result = FALSE;
    for (int i = 0; i < SC_CONFIG_STRINGS; i++)
        if (!(Narrow[i] = ScToUtf8(Wide[i], i == 2, &Sizes[i])))
            Error = ERROR_NOT_ENOUGH_MEMORY;
    DWORD Needed = ScConfigSize(Sizes, sizeof(QUERY_SERVICE_CONFIGA));
    if (Error) {
        SetLastError(Error);
    } else if (!lpServiceConfig || cbBufSize < Needed) {
        *pcbBytesNeeded = Needed;
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
    } else {
        lpServiceConfig->dwServiceType = Config.Type;
        lpServiceConfig->dwStartType = Config.Start;
        lpServiceConfig->dwErrorControl = Config.ErrorControl;
        lpServiceConfig->dwTagId = Config.Tag;
        void **Pointers[SC_CONFIG_STRINGS] = {
            (void **)&lpServiceConfig->lpBinaryPathName, (void **)&lpServiceConfig->lpLoadOrderGroup,
            (void **)&lpServiceConfig->lpDependencies, (void **)&lpServiceConfig->lpServiceStartName,
            (void **)&lpServiceConfig->lpDisplayName,
        };
        ScPlaceStrings((PBYTE)lpServiceConfig, sizeof *lpServiceConfig,
                       (const void *const *)Narrow, Sizes, Pointers);
        *pcbBytesNeeded = Needed;
        Result = TRUE;
    }
    for (int i = 0; i < SC_CONFIG_STRINGS; i++)
        free(Narrow[i]);
    ScFreeConfig(&Config);
    return Result;
}

/* ---- ChangeServiceConfig ------------------------------------------------ */

static DWORD ScSetDwordIf(HKEY Key, LPCWSTR Name, DWORD Value)
{
    if (Value == SERVICE_NO_CHANGE)
        return ERROR_SUCCESS;
    return RegSetValueExW(Key, Name, 0, REG_DWORD, (const BYTE *)&Value, sizeof Value);
}

/* An empty string clears a value, NULL leaves it. */
static DWORD ScSetStringIf(HKEY Key, LPCWSTR Name, DWORD Type, LPCWSTR Value)
{
    if (!Value)
        return ERROR_SUCCESS;
    if (!Value[0]) {
        DWORD Error = RegDeleteValueW(Key, Name);
        return Error == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : Error;
    }
    return RegSetValueExW(Key, Name, 0, Type, (const BYTE *)Value,
                          (DWORD)((RtlpWcslen(Value) + 1) * sizeof(WCHAR)));
}

NTIO_EXPORT BOOL WINAPI ChangeServiceConfigW(SC_HANDLE hService, DWORD dwServiceType,
                                             DWORD dwStartType, DWORD dwErrorControl,
                                             LPCWSTR lpBinaryPathName, LPCWSTR lpLoadOrderGroup,
                                             LPDWORD lpdwTagId, LPCWSTR lpDependencies,
                                             LPCWSTR lpServiceStartName, LPCWSTR lpPassword,
                                             LPCWSTR lpDisplayName)
{
    PSC_HANDLE_OBJECT H;
    HKEY Key = NULL;
    LPWSTR ImagePath = NULL, Group = NULL;
    DWORD Tag = 0;
    UNREFERENCED_PARAMETER(lpPassword); /* drivers have no account */

    DWORD Error = ScBeginConfigCall(hService, SERVICE_CHANGE_CONFIG, &H);
    if (Error) {
        SetLastError(Error);
        return FALSE;
    }
    LPCWSTR Name = H->Service->Name;
    pthread_mutex_lock(&ScLock); /* one configuration change at a time */
    if (ScIsMarkedForDelete(Name))
        Error = ERROR_SERVICE_MARKED_FOR_DELETE;
    if (!Error)
        Error = ScValidateTypes(dwServiceType, dwStartType, dwErrorControl, TRUE);
    if (!Error && lpBinaryPathName)
        Error = ScImagePathForDriver(lpBinaryPathName, &ImagePath);
    if (!Error && lpDisplayName && RtlpWcslen(lpDisplayName) > SC_MAX_NAME)
        Error = ERROR_INVALID_NAME;
    if (!Error && lpDisplayName && lpDisplayName[0] && ScDisplayNameTaken(lpDisplayName, Name))
        Error = ERROR_DUPLICATE_SERVICE_NAME;
    if (!Error && lpDependencies) {
        for (LPCWSTR p = lpDependencies; *p; p += RtlpWcslen(p) + 1)
            if (*p != SC_GROUP_IDENTIFIERW && ScNamesEqual(p, Name))
                Error = ERROR_CIRCULAR_DEPENDENCY;
    }
    if (!Error)
        Error = ScOpenServiceKey(Name, KEY_READ | KEY_WRITE, &Key);
    if (!Error && lpdwTagId) {
        /* A new tag in the group the service will be in. */
        if (lpLoadOrderGroup)
            Group = ScDuplicate(lpLoadOrderGroup, RtlpWcslen(lpLoadOrderGroup));
        else
            ScQueryString(Key, L"Group", REG_SZ, &Group);
        if (!Group || !Group[0])
            Error = ERROR_INVALID_PARAMETER;
        else
            Tag = ScNextTag(Group);
    }
    if (!Error)
        Error = ScSetDwordIf(Key, L"Type", dwServiceType);
    if (!Error)
        Error = ScSetDwordIf(Key, L"Start", dwStartType);
    if (!Error)
        Error = ScSetDwordIf(Key, L"ErrorControl", dwErrorControl);
    if (!Error)
        Error = ScSetStringIf(Key, L"ImagePath", REG_EXPAND_SZ, ImagePath);
    if (!Error)
        Error = ScSetStringIf(Key, L"Group", REG_SZ, lpLoadOrderGroup);
    if (!Error && lpdwTagId)
        Error = ScSetDwordIf(Key, L"Tag", Tag);
    if (!Error && lpDependencies)
        Error = ScWriteDependencies(Key, lpDependencies);
    if (!Error)
        Error = ScSetStringIf(Key, L"ObjectName", REG_SZ, lpServiceStartName);
    if (!Error)
        Error = ScSetStringIf(Key, L"DisplayName", REG_SZ, lpDisplayName);
    if (!Error && dwServiceType != SERVICE_NO_CHANGE)
        H->Service->Type = dwServiceType;
    pthread_mutex_unlock(&ScLock);
    if (Key)
        RegCloseKey(Key);
    free(ImagePath);
    free(Group);
    ScDereference(H);
    if (Error) {
        SetLastError(Error);
        return FALSE;
    }
    if (lpdwTagId)
        *lpdwTagId = Tag;
    return TRUE;
}

NTIO_EXPORT BOOL WINAPI ChangeServiceConfigA(SC_HANDLE hService, DWORD dwServiceType,
                                             DWORD dwStartType, DWORD dwErrorControl,
                                             LPCSTR lpBinaryPathName, LPCSTR lpLoadOrderGroup,
                                             LPDWORD lpdwTagId, LPCSTR lpDependencies,
                                             LPCSTR lpServiceStartName, LPCSTR lpPassword,
                                             LPCSTR lpDisplayName)
{
    SC_CONFIG_STRINGS_W W;
    BOOL Result = FALSE;
    DWORD Error = ScConfigStringsToUnicode(&W, lpDisplayName, lpBinaryPathName, lpLoadOrderGroup,
                                           lpDependencies, lpServiceStartName, lpPassword);
    if (Error)
        SetLastError(Error);
    else
        Result = ChangeServiceConfigW(hService, dwServiceType, dwStartType, dwErrorControl, W.Binary,
                                      W.Group, lpdwTagId, W.Depends, W.Start, W.Password, W.Display);
    ScFreeConfigStrings(&W);
    return Result;
}
