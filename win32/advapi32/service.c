/*
 * advapi32/service.c - the Service Control Manager: its handles,
 * OpenSCManager, OpenService, CreateService, DeleteService and
 * CloseServiceHandle.
 *
 * The service database is HKLM\SYSTEM\CurrentControlSet\Services: a
 * service is a key there with Type, Start, ErrorControl, ImagePath,
 * DisplayName, Group, Tag, DependOnService/DependOnGroup and ObjectName,
 * as on Windows.  Handles are objects of this DLL (the SCM runs in-process
 * in ntio), validated by lookup before use.
 */
#include "svcp.h"

#include <unistd.h>

pthread_mutex_t ScLock = PTHREAD_MUTEX_INITIALIZER;

/* Live handles and the services this process has met; guarded by ScLock. */
static LIST_ENTRY ScHandles = { &ScHandles, &ScHandles };
static LIST_ENTRY ScServices = { &ScServices, &ScServices };

/* ---- handles ---------------------------------------------------------- */

DWORD ScReferenceHandle(SC_HANDLE Handle, ULONG Magic, PSC_HANDLE_OBJECT *Object)
{
    DWORD Error = ERROR_INVALID_HANDLE;
    *Object = NULL;
    pthread_mutex_lock(&ScLock);
    for (PLIST_ENTRY E = ScHandles.Flink; E != &ScHandles; E = E->Flink) {
        PSC_HANDLE_OBJECT H = CONTAINING_RECORD(E, SC_HANDLE_OBJECT, Link);
        if ((SC_HANDLE)H != Handle)
            continue;
        if (H->Magic == Magic && !H->Closed) {
            H->References++;
            *Object = H;
            Error = ERROR_SUCCESS;
        }
        break;
    }
    pthread_mutex_unlock(&ScLock);
    return Error;
}

/* ScLock held: the handle is gone; a service handle lets go of its record. */
static BOOLEAN ScReleaseHandleLocked(PSC_HANDLE_OBJECT Object, WCHAR *LastOfService)
{
    if (--Object->References)
        return FALSE;
    RemoveEntryList(&Object->Link);
    Object->Magic = 0;
    if (Object->Service && --Object->Service->Handles == 0 && LastOfService)
        memcpy(LastOfService, Object->Service->Name, sizeof Object->Service->Name);
    free(Object);
    return TRUE;
}

/* The last handle of a service in this process closed: a service marked
 * for deletion goes now if its driver is not running here. */
static VOID ScLastHandleClosed(LPCWSTR Name)
{
    if (ScIsMarkedForDelete(Name) && ScQueryDriverState(Name) == DRIVER_STATE_STOPPED)
        ScDeleteServiceKey(Name);
}

VOID ScDereference(PSC_HANDLE_OBJECT Object)
{
    WCHAR Last[SC_MAX_NAME + 1] = L"";
    pthread_mutex_lock(&ScLock);
    ScReleaseHandleLocked(Object, Last);
    pthread_mutex_unlock(&ScLock);
    if (Last[0])
        ScLastHandleClosed(Last);
}

static PSC_HANDLE_OBJECT ScAllocateHandle(ULONG Magic, ACCESS_MASK Access)
{
    PSC_HANDLE_OBJECT H = calloc(1, sizeof *H);
    if (!H)
        return NULL;
    H->Magic = Magic;
    H->References = 1;
    H->Access = Access;
    return H;
}

SC_HANDLE ScCreateServiceHandle(LPCWSTR Name, DWORD Type, ACCESS_MASK Access)
{
    PSC_HANDLE_OBJECT H = ScAllocateHandle(SC_MAGIC_SERVICE, Access);
    if (!H)
        return NULL;
    pthread_mutex_lock(&ScLock);
    PSC_SERVICE Service = NULL;
    for (PLIST_ENTRY E = ScServices.Flink; E != &ScServices; E = E->Flink) {
        PSC_SERVICE S = CONTAINING_RECORD(E, SC_SERVICE, Link);
        if (ScNamesEqual(S->Name, Name)) {
            Service = S;
            break;
        }
    }
    if (!Service) {
        Service = calloc(1, sizeof *Service);
        if (!Service) {
            pthread_mutex_unlock(&ScLock);
            free(H);
            return NULL;
        }
        /* Windows reports a driver that never ran in this boot so. */
        Service->ExitCode = ERROR_SERVICE_NEVER_STARTED;
        InsertTailList(&ScServices, &Service->Link);
    }
    /* The name as the registry spells it now (a service deleted and made
     * again may differ in case). */
    SIZE_T Chars = RtlpWcslen(Name);
    memcpy(Service->Name, Name, (Chars + 1) * sizeof(WCHAR));
    Service->Type = Type;
    Service->Handles++;
    H->Service = Service;
    InsertTailList(&ScHandles, &H->Link);
    pthread_mutex_unlock(&ScLock);
    return (SC_HANDLE)H;
}

/* ---- access ----------------------------------------------------------- */

static const GENERIC_MAPPING ScManagerMapping = {
    STANDARD_RIGHTS_READ | SC_MANAGER_ENUMERATE_SERVICE | SC_MANAGER_QUERY_LOCK_STATUS,
    STANDARD_RIGHTS_WRITE | SC_MANAGER_CREATE_SERVICE | SC_MANAGER_MODIFY_BOOT_CONFIG,
    STANDARD_RIGHTS_EXECUTE | SC_MANAGER_CONNECT | SC_MANAGER_LOCK,
    SC_MANAGER_ALL_ACCESS,
};

static const GENERIC_MAPPING ScServiceMapping = {
    STANDARD_RIGHTS_READ | SERVICE_QUERY_CONFIG | SERVICE_QUERY_STATUS | SERVICE_INTERROGATE |
        SERVICE_ENUMERATE_DEPENDENTS,
    STANDARD_RIGHTS_WRITE | SERVICE_CHANGE_CONFIG,
    STANDARD_RIGHTS_EXECUTE | SERVICE_START | SERVICE_STOP | SERVICE_PAUSE_CONTINUE |
        SERVICE_USER_DEFINED_CONTROL,
    SERVICE_ALL_ACCESS,
};

/*
 * Whether the caller administers the SCM.  Windows' SCM grants its rights
 * from its security descriptors: everything to Administrators and SYSTEM,
 * reading to other users.  Here the SCM runs as the caller and writes the
 * registry with the caller's rights, so the registry decides: whoever may
 * write HKLM\...\Services (an administrator, se/token.c) administers the
 * SCM.  Decided once per process.
 */
static BOOLEAN ScCallerIsAdministrator(DWORD *Error)
{
    static int Admin = -1;
    int Value = __atomic_load_n(&Admin, __ATOMIC_ACQUIRE);
    *Error = ERROR_SUCCESS;
    if (Value < 0) {
        HKEY Key;
        DWORD Result = RegCreateKeyExW(HKEY_LOCAL_MACHINE, SC_SERVICES_KEY, 0, NULL, 0,
                                       KEY_READ | KEY_WRITE, NULL, &Key, NULL);
        if (Result == ERROR_SUCCESS) {
            RegCloseKey(Key);
            Value = 1;
        } else if (Result == ERROR_ACCESS_DENIED) {
            Value = 0;
        } else {
            *Error = Result;
            return FALSE;
        }
        __atomic_store_n(&Admin, Value, __ATOMIC_RELEASE);
    }
    return Value != 0;
}

static DWORD ScGrantAccess(ACCESS_MASK Desired, const GENERIC_MAPPING *Mapping, ACCESS_MASK UserRights,
                           ACCESS_MASK *Granted)
{
    DWORD Error;
    if (Desired & ACCESS_SYSTEM_SECURITY)
        return ERROR_PRIVILEGE_NOT_HELD; /* SeSecurityPrivilege is never enabled */
    ACCESS_MASK Allowed = ScCallerIsAdministrator(&Error) ? Mapping->GenericAll : UserRights;
    if (Error)
        return Error;
    ACCESS_MASK Want = Desired & ~(GENERIC_ALL | GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE |
                                   MAXIMUM_ALLOWED);
    if (Desired & GENERIC_READ)
        Want |= Mapping->GenericRead;
    if (Desired & GENERIC_WRITE)
        Want |= Mapping->GenericWrite;
    if (Desired & GENERIC_EXECUTE)
        Want |= Mapping->GenericExecute;
    if (Desired & GENERIC_ALL)
        Want |= Mapping->GenericAll;
    if (Want & ~Allowed)
        return ERROR_ACCESS_DENIED;
    *Granted = (Desired & MAXIMUM_ALLOWED) ? Allowed : Want;
    return ERROR_SUCCESS;
}

DWORD ScGrantManagerAccess(ACCESS_MASK Desired, ACCESS_MASK *Granted)
{
    /* Every SCM handle can connect (Windows adds SC_MANAGER_CONNECT). */
    DWORD Error = ScGrantAccess(Desired | SC_MANAGER_CONNECT, &ScManagerMapping,
                                SC_MANAGER_CONNECT | SC_MANAGER_ENUMERATE_SERVICE |
                                    SC_MANAGER_QUERY_LOCK_STATUS | READ_CONTROL,
                                Granted);
    return Error;
}

DWORD ScGrantServiceAccess(ACCESS_MASK Desired, ACCESS_MASK *Granted)
{
    return ScGrantAccess(Desired, &ScServiceMapping,
                         SERVICE_QUERY_CONFIG | SERVICE_QUERY_STATUS | SERVICE_ENUMERATE_DEPENDENTS |
                             SERVICE_INTERROGATE | SERVICE_USER_DEFINED_CONTROL | READ_CONTROL,
                         Granted);
}

/* ---- names ------------------------------------------------------------ */

BOOLEAN ScNamesEqual(LPCWSTR A, LPCWSTR B)
{
    for (;; A++, B++) {
        WCHAR a = *A, b = *B;
        if (a >= L'a' && a <= L'z')
            a -= 32;
        if (b >= L'a' && b <= L'z')
            b -= 32;
        if (a != b)
            return FALSE;
        if (!a)
            return TRUE;
    }
}

DWORD ScValidateServiceName(LPCWSTR Name)
{
    SIZE_T Chars = RtlpWcslen(Name);
    if (Chars == 0 || Chars > SC_MAX_NAME)
        return ERROR_INVALID_NAME;
    for (SIZE_T i = 0; i < Chars; i++)
        if (Name[i] == L'\\' || Name[i] == L'/')
            return ERROR_INVALID_NAME;
    return ERROR_SUCCESS;
}

/* The machine name: NULL, "", "localhost" or this host's name, with or
 * without a leading "\\". */
static BOOLEAN ScIsLocalMachine(LPCWSTR Machine)
{
    char Host[256], Given[512];
    if (!Machine || !Machine[0])
        return TRUE;
    if (Machine[0] == L'\\' && Machine[1] == L'\\')
        Machine += 2;
    SIZE_T n = RtlpUtf16ToUtf8(Given, sizeof Given - 1, Machine, RtlpWcslen(Machine));
    Given[n < sizeof Given ? n : sizeof Given - 1] = 0;
    if (!strcasecmp(Given, "localhost") || !strcmp(Given, "."))
        return TRUE;
    if (gethostname(Host, sizeof Host) != 0)
        return FALSE;
    Host[sizeof Host - 1] = 0;
    char *Dot = strchr(Host, '.');
    if (Dot)
        *Dot = 0;
    return !strcasecmp(Given, Host);
}

/* ---- OpenSCManager ------------------------------------------------------ */

NTIO_EXPORT SC_HANDLE WINAPI OpenSCManagerW(LPCWSTR lpMachineName, LPCWSTR lpDatabaseName,
                                            DWORD dwDesiredAccess)
{
    ACCESS_MASK Granted;
    DWORD Error;

    if (!ScIsLocalMachine(lpMachineName)) {
        SetLastError(RPC_S_SERVER_UNAVAILABLE); /* ntio has no remote SCM */
        return NULL;
    }
    if (lpDatabaseName && !ScNamesEqual(lpDatabaseName, SERVICES_ACTIVE_DATABASEW)) {
        SetLastError(ScNamesEqual(lpDatabaseName, SERVICES_FAILED_DATABASEW)
                         ? ERROR_DATABASE_DOES_NOT_EXIST
                         : ERROR_INVALID_NAME);
        return NULL;
    }
    Error = ScGrantManagerAccess(dwDesiredAccess, &Granted);
    if (Error) {
        SetLastError(Error);
        return NULL;
    }
    ScInitializeDatabase();
    PSC_HANDLE_OBJECT H = ScAllocateHandle(SC_MAGIC_MANAGER, Granted);
    if (!H) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    pthread_mutex_lock(&ScLock);
    InsertTailList(&ScHandles, &H->Link);
    pthread_mutex_unlock(&ScLock);
    SetLastError(ERROR_SUCCESS);
    return (SC_HANDLE)H;
}

NTIO_EXPORT SC_HANDLE WINAPI OpenSCManagerA(LPCSTR lpMachineName, LPCSTR lpDatabaseName,
                                            DWORD dwDesiredAccess)
{
    LPWSTR Machine = NULL, Database = NULL;
    SC_HANDLE Result = NULL;
    DWORD Error = AdvAnsiToUnicode(lpMachineName, &Machine);
    if (!Error)
        Error = AdvAnsiToUnicode(lpDatabaseName, &Database);
    if (Error)
        SetLastError(Error);
    else
        Result = OpenSCManagerW(Machine, Database, dwDesiredAccess);
    free(Machine);
    free(Database);
    return Result;
}

/* ---- OpenService -------------------------------------------------------- */

/* The service's key name as stored (the registry compares names without
 * case; the SCM reports them as created). */
static DWORD ScCanonicalName(HKEY Services, LPCWSTR Name, WCHAR *Out)
{
    for (DWORD Index = 0;; Index++) {
        WCHAR Key[SC_MAX_NAME + 2];
        DWORD Chars = RTL_NUMBER_OF(Key);
        DWORD Error = RegEnumKeyExW(Services, Index, Key, &Chars, NULL, NULL, NULL, NULL);
        if (Error == ERROR_MORE_DATA)
            continue;
        if (Error == ERROR_NO_MORE_ITEMS)
            return ERROR_SERVICE_DOES_NOT_EXIST;
        if (Error)
            return Error;
        if (ScNamesEqual(Key, Name)) {
            memcpy(Out, Key, (Chars + 1) * sizeof(WCHAR));
            return ERROR_SUCCESS;
        }
    }
}

NTIO_EXPORT SC_HANDLE WINAPI OpenServiceW(SC_HANDLE hSCManager, LPCWSTR lpServiceName,
                                          DWORD dwDesiredAccess)
{
    PSC_HANDLE_OBJECT Manager;
    ACCESS_MASK Granted;
    WCHAR Name[SC_MAX_NAME + 1];
    HKEY Services = NULL, Key = NULL;
    SC_HANDLE Result = NULL;
    DWORD Error = ScReferenceHandle(hSCManager, SC_MAGIC_MANAGER, &Manager);
    if (Error) {
        SetLastError(Error);
        return NULL;
    }
    if (!lpServiceName) {
        Error = ERROR_INVALID_ADDRESS;
        goto out;
    }
    /* A name that cannot be a service's is one that does not exist. */
    if (ScValidateServiceName(lpServiceName)) {
        Error = lpServiceName[0] ? ERROR_SERVICE_DOES_NOT_EXIST : ERROR_INVALID_NAME;
        goto out;
    }
    Error = ScOpenServicesKey(KEY_READ, &Services);
    if (Error == ERROR_FILE_NOT_FOUND)
        Error = ERROR_SERVICE_DOES_NOT_EXIST;
    if (!Error)
        Error = ScCanonicalName(Services, lpServiceName, Name);
    if (!Error)
        Error = ScOpenServiceKey(Name, KEY_READ, &Key);
    if (Error == ERROR_FILE_NOT_FOUND)
        Error = ERROR_SERVICE_DOES_NOT_EXIST;
    if (Error)
        goto out;
    Error = ScGrantServiceAccess(dwDesiredAccess, &Granted);
    if (Error)
        goto out;
    Result = ScCreateServiceHandle(Name, ScQueryDword(Key, L"Type", 0), Granted);
    if (!Result)
        Error = ERROR_NOT_ENOUGH_MEMORY;
out:
    if (Key)
        RegCloseKey(Key);
    if (Services)
        RegCloseKey(Services);
    ScDereference(Manager);
    if (Error)
        SetLastError(Error);
    return Result;
}

NTIO_EXPORT SC_HANDLE WINAPI OpenServiceA(SC_HANDLE hSCManager, LPCSTR lpServiceName,
                                          DWORD dwDesiredAccess)
{
    LPWSTR Name;
    DWORD Error = AdvAnsiToUnicode(lpServiceName, &Name);
    if (Error) {
        SetLastError(Error);
        return NULL;
    }
    SC_HANDLE Result = OpenServiceW(hSCManager, Name, dwDesiredAccess);
    free(Name);
    return Result;
}

/* ---- CreateService ------------------------------------------------------ */

static DWORD ScSetString(HKEY Key, LPCWSTR Name, DWORD Type, LPCWSTR Value)
{
    SIZE_T Bytes = (Type == REG_MULTI_SZ ? ScMultiLength(Value) : RtlpWcslen(Value) + 1) * sizeof(WCHAR);
    return RegSetValueExW(Key, Name, 0, Type, (const BYTE *)Value, (DWORD)Bytes);
}

static DWORD ScSetDword(HKEY Key, LPCWSTR Name, DWORD Value)
{
    return RegSetValueExW(Key, Name, 0, REG_DWORD, (const BYTE *)&Value, sizeof Value);
}

DWORD ScValidateTypes(DWORD Type, DWORD Start, DWORD ErrorControl, BOOLEAN Change)
{
    if (!(Change && Type == SERVICE_NO_CHANGE) && Type != SERVICE_KERNEL_DRIVER &&
        Type != SERVICE_FILE_SYSTEM_DRIVER)
        return ERROR_INVALID_PARAMETER; /* Win32 services cannot run in ntio */
    if (!(Change && Start == SERVICE_NO_CHANGE) && Start > SERVICE_DISABLED)
        return ERROR_INVALID_PARAMETER;
    if (!(Change && ErrorControl == SERVICE_NO_CHANGE) && ErrorControl > SERVICE_ERROR_CRITICAL)
        return ERROR_INVALID_PARAMETER;
    return ERROR_SUCCESS;
}

/* Does the dependency list name the service itself? */
static BOOLEAN ScDependsOnItself(LPCWSTR Name, LPCWSTR Dependencies)
{
    for (LPCWSTR p = Dependencies; p && *p; p += RtlpWcslen(p) + 1)
        if (*p != SC_GROUP_IDENTIFIERW && ScNamesEqual(p, Name))
            return TRUE;
    return FALSE;
}

NTIO_EXPORT SC_HANDLE WINAPI CreateServiceW(SC_HANDLE hSCManager, LPCWSTR lpServiceName,
                                            LPCWSTR lpDisplayName, DWORD dwDesiredAccess,
                                            DWORD dwServiceType, DWORD dwStartType,
                                            DWORD dwErrorControl, LPCWSTR lpBinaryPathName,
                                            LPCWSTR lpLoadOrderGroup, LPDWORD lpdwTagId,
                                            LPCWSTR lpDependencies, LPCWSTR lpServiceStartName,
                                            LPCWSTR lpPassword)
{
    PSC_HANDLE_OBJECT Manager;
    ACCESS_MASK Granted;
    HKEY Services = NULL, Key = NULL;
    LPWSTR ImagePath = NULL;
    SC_HANDLE Result = NULL;
    DWORD Disposition, Tag = 0;
    BOOLEAN Created = FALSE;
    UNREFERENCED_PARAMETER(lpPassword); /* drivers have no account */

    DWORD Error = ScReferenceHandle(hSCManager, SC_MAGIC_MANAGER, &Manager);
    if (Error) {
        SetLastError(Error);
        return NULL;
    }
    /* Windows checks, in this order: the required strings are there, the
     * manager handle may create, the names, the parameters. */
    if (!lpServiceName || !lpBinaryPathName) {
        Error = ERROR_INVALID_ADDRESS;
        goto out;
    }
    if (!(Manager->Access & SC_MANAGER_CREATE_SERVICE)) {
        Error = ERROR_ACCESS_DENIED;
        goto out;
    }
    Error = ScValidateServiceName(lpServiceName);
    if (!Error && lpDisplayName && RtlpWcslen(lpDisplayName) > SC_MAX_NAME)
        Error = ERROR_INVALID_NAME;
    if (Error)
        goto out;
    if (!lpBinaryPathName[0]) {
        Error = ERROR_INVALID_PARAMETER;
        goto out;
    }
    Error = ScValidateTypes(dwServiceType, dwStartType, dwErrorControl, FALSE);
    if (!Error && lpdwTagId && (!lpLoadOrderGroup || !lpLoadOrderGroup[0]))
        Error = ERROR_INVALID_PARAMETER; /* a tag orders the services of a group */
    if (!Error && ScDependsOnItself(lpServiceName, lpDependencies))
        Error = ERROR_CIRCULAR_DEPENDENCY;
    if (!Error)
        Error = ScImagePathForDriver(lpBinaryPathName, &ImagePath);
    if (!Error)
        Error = ScGrantServiceAccess(dwDesiredAccess, &Granted);
    if (Error)
        goto out;

    Error = ScOpenServicesKey(KEY_READ | KEY_WRITE, &Services);
    if (Error)
        goto out;
    /* The database is locked against other creators in this process;
     * another process racing for the same name is caught by the key's
     * disposition below. */
    pthread_mutex_lock(&ScLock);
    HKEY Existing;
    if (RegOpenKeyExW(Services, lpServiceName, 0, KEY_READ, &Existing) == ERROR_SUCCESS) {
        Error = ScQueryDword(Existing, L"DeleteFlag", 0) ? ERROR_SERVICE_MARKED_FOR_DELETE
                                                         : ERROR_SERVICE_EXISTS;
        RegCloseKey(Existing);
    } else if ((lpDisplayName && lpDisplayName[0] && ScDisplayNameTaken(lpDisplayName, NULL)) ||
               ScDisplayNameTaken(lpServiceName, NULL)) {
        Error = ERROR_DUPLICATE_SERVICE_NAME;
    } else {
        if (lpdwTagId)
            Tag = ScNextTag(lpLoadOrderGroup);
        Error = RegCreateKeyExW(Services, lpServiceName, 0, NULL, REG_OPTION_NON_VOLATILE,
                                KEY_ALL_ACCESS, NULL, &Key, &Disposition);
        if (!Error && Disposition != REG_CREATED_NEW_KEY)
            Error = ERROR_SERVICE_EXISTS;
        Created = !Error;
    }
    if (!Error)
        Error = ScSetDword(Key, L"Type", dwServiceType);
    if (!Error)
        Error = ScSetDword(Key, L"Start", dwStartType);
    if (!Error)
        Error = ScSetDword(Key, L"ErrorControl", dwErrorControl);
    if (!Error)
        Error = ScSetString(Key, L"ImagePath", REG_EXPAND_SZ, ImagePath);
    if (!Error && lpDisplayName && lpDisplayName[0])
        Error = ScSetString(Key, L"DisplayName", REG_SZ, lpDisplayName);
    if (!Error && lpLoadOrderGroup && lpLoadOrderGroup[0])
        Error = ScSetString(Key, L"Group", REG_SZ, lpLoadOrderGroup);
    if (!Error && lpdwTagId)
        Error = ScSetDword(Key, L"Tag", Tag);
    if (!Error && lpDependencies && lpDependencies[0])
        Error = ScWriteDependencies(Key, lpDependencies);
    if (!Error && lpServiceStartName && lpServiceStartName[0])
        Error = ScSetString(Key, L"ObjectName", REG_SZ, lpServiceStartName);
    if (Error && Created) {
        RegCloseKey(Key);
        Key = NULL;
        RegDeleteTreeW(Services, lpServiceName);
        RegDeleteKeyW(Services, lpServiceName);
    }
    pthread_mutex_unlock(&ScLock);
    if (Error)
        goto out;
    if (lpdwTagId)
        *lpdwTagId = Tag;
    WCHAR Name[SC_MAX_NAME + 1];
    memcpy(Name, lpServiceName, (RtlpWcslen(lpServiceName) + 1) * sizeof(WCHAR));
    Result = ScCreateServiceHandle(Name, dwServiceType, Granted);
    if (!Result)
        Error = ERROR_NOT_ENOUGH_MEMORY;
out:
    if (Key)
        RegCloseKey(Key);
    if (Services)
        RegCloseKey(Services);
    free(ImagePath);
    ScDereference(Manager);
    if (Error)
        SetLastError(Error);
    return Result;
}

NTIO_EXPORT SC_HANDLE WINAPI CreateServiceA(SC_HANDLE hSCManager, LPCSTR lpServiceName,
                                            LPCSTR lpDisplayName, DWORD dwDesiredAccess,
                                            DWORD dwServiceType, DWORD dwStartType,
                                            DWORD dwErrorControl, LPCSTR lpBinaryPathName,
                                            LPCSTR lpLoadOrderGroup, LPDWORD lpdwTagId,
                                            LPCSTR lpDependencies, LPCSTR lpServiceStartName,
                                            LPCSTR lpPassword)
{
    LPWSTR Name = NULL;
    SC_CONFIG_STRINGS_W W = { 0 };
    SC_HANDLE Result = NULL;
    DWORD Error = AdvAnsiToUnicode(lpServiceName, &Name);
    if (!Error)
        Error = ScConfigStringsToUnicode(&W, lpDisplayName, lpBinaryPathName, lpLoadOrderGroup,
                                         lpDependencies, lpServiceStartName, lpPassword);
    if (Error)
        SetLastError(Error);
    else
        Result = CreateServiceW(hSCManager, Name, W.Display, dwDesiredAccess, dwServiceType,
                                dwStartType, dwErrorControl, W.Binary, W.Group, lpdwTagId, W.Depends,
                                W.Start, W.Password);
    free(Name);
    ScFreeConfigStrings(&W);
    return Result;
}

DWORD ScConfigStringsToUnicode(SC_CONFIG_STRINGS_W *W, LPCSTR Display, LPCSTR Binary, LPCSTR Group,
                               LPCSTR Depends, LPCSTR Start, LPCSTR Password)
{
    memset(W, 0, sizeof *W);
    DWORD Error = AdvAnsiToUnicode(Display, &W->Display);
    if (!Error)
        Error = AdvAnsiToUnicode(Binary, &W->Binary);
    if (!Error)
        Error = AdvAnsiToUnicode(Group, &W->Group);
    if (!Error)
        Error = ScAnsiToUnicodeMulti(Depends, &W->Depends);
    if (!Error)
        Error = AdvAnsiToUnicode(Start, &W->Start);
    if (!Error)
        Error = AdvAnsiToUnicode(Password, &W->Password);
    return Error;
}

VOID ScFreeConfigStrings(SC_CONFIG_STRINGS_W *W)
{
    free(W->Display);
    free(W->Binary);
    free(W->Group);
    free(W->Depends);
    free(W->Start);
    free(W->Password);
}

/* ---- DeleteService, CloseServiceHandle ---------------------------------- */

NTIO_EXPORT BOOL WINAPI DeleteService(SC_HANDLE hService)
{
    PSC_HANDLE_OBJECT H;
    HKEY Key;
    DWORD Error = ScReferenceHandle(hService, SC_MAGIC_SERVICE, &H);
    if (Error) {
        SetLastError(Error);
        return FALSE;
    }
    if (!(H->Access & DELETE)) {
        Error = ERROR_ACCESS_DENIED;
    } else {
        pthread_mutex_lock(&ScLock);
        Error = ScOpenServiceKey(H->Service->Name, KEY_READ | KEY_SET_VALUE, &Key);
        if (Error == ERROR_FILE_NOT_FOUND) {
            Error = ERROR_SERVICE_MARKED_FOR_DELETE; /* already deleted */
        } else if (!Error) {
            if (ScQueryDword(Key, L"DeleteFlag", 0))
                Error = ERROR_SERVICE_MARKED_FOR_DELETE;
            else
                Error = ScSetDword(Key, L"DeleteFlag", 1);
            RegCloseKey(Key);
        }
        pthread_mutex_unlock(&ScLock);
    }
    /* The key itself goes with the last handle (CloseServiceHandle). */
    ScDereference(H);
    if (Error) {
        SetLastError(Error);
        return FALSE;
    }
    return TRUE;
}

NTIO_EXPORT BOOL WINAPI CloseServiceHandle(SC_HANDLE hSCObject)
{
    WCHAR Last[SC_MAX_NAME + 1] = L"";
    BOOLEAN Found = FALSE;
    pthread_mutex_lock(&ScLock);
    for (PLIST_ENTRY E = ScHandles.Flink; E != &ScHandles; E = E->Flink) {
        PSC_HANDLE_OBJECT H = CONTAINING_RECORD(E, SC_HANDLE_OBJECT, Link);
        if ((SC_HANDLE)H != hSCObject)
            continue;
        if (!H->Closed) {
            H->Closed = TRUE;
            Found = TRUE;
            ScReleaseHandleLocked(H, Last);
        }
        break;
    }
    pthread_mutex_unlock(&ScLock);
    if (!Found) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (Last[0])
        ScLastHandleClosed(Last);
    return TRUE;
}
