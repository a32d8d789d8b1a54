/*
 * advapi32/servicectl.c - starting and stopping driver services, and their
 * status: StartService, ControlService, QueryServiceStatus(Ex).
 *
 * A driver service is started by NtLoadDriver and stopped by
 * NtUnloadDriver on its registry key, as Windows' SCM does; whether it
 * runs is the kernel's answer (NtQueryDriverState).  In ntio the kernel is
 * the calling process's own, so a driver started here runs until it is
 * stopped or this process exits.
 */
#include "svcp.h"

VOID ScServiceKeyPath(LPCWSTR Name, PWCHAR Path, SIZE_T PathChars, PUNICODE_STRING String)
{
    static const WCHAR Prefix[] = SC_SERVICES_NT_PATH;
    SIZE_T n = 0;
    for (; Prefix[n] && n + 1 < PathChars; n++)
        Path[n] = Prefix[n];
    for (SIZE_T i = 0; Name[i] && n + 1 < PathChars; i++)
        Path[n++] = Name[i];
    Path[n] = 0;
    String->Buffer = Path;
    String->Length = (USHORT)(n * sizeof(WCHAR));
    String->MaximumLength = (USHORT)((n + 1) * sizeof(WCHAR));
}

ULONG ScQueryDriverState(LPCWSTR Name)
{
    WCHAR Path[400];
    UNICODE_STRING Key;
    ULONG State = DRIVER_STATE_STOPPED;
    ScServiceKeyPath(Name, Path, RTL_NUMBER_OF(Path), &Key);
    if (!NT_SUCCESS(NtQueryDriverState(&Key, &State)))
        State = DRIVER_STATE_STOPPED;
    return State;
}

VOID ScFillStatus(PSC_SERVICE Service, ULONG DriverState, LPSERVICE_STATUS Status)
{
    memset(Status, 0, sizeof *Status);
    pthread_mutex_lock(&ScLock);
    Status->dwServiceType = Service->Type;
    switch (DriverState) {
    case DRIVER_STATE_RUNNING:
        Status->dwCurrentState = SERVICE_RUNNING;
        /* Windows reports every running driver as stoppable; one without
         * DriverUnload refuses the stop itself. */
        Status->dwControlsAccepted = SERVICE_ACCEPT_STOP;
        Status->dwWin32ExitCode = ERROR_SUCCESS;
        break;
    case DRIVER_STATE_UNLOAD_PENDING:
        Status->dwCurrentState = SERVICE_STOP_PENDING;
        Status->dwWin32ExitCode = ERROR_SUCCESS;
        break;
    default:
        Status->dwCurrentState = SERVICE_STOPPED;
        /* A driver that ran and stopped reports success; one that never
         * started in this process, ERROR_SERVICE_NEVER_STARTED; one that
         * failed to start, why. */
        Status->dwWin32ExitCode = Service->ExitCode;
        break;
    }
    pthread_mutex_unlock(&ScLock);
}

static VOID ScSetExitCode(PSC_SERVICE Service, DWORD Code)
{
    pthread_mutex_lock(&ScLock);
    Service->ExitCode = Code;
    pthread_mutex_unlock(&ScLock);
}

/* ---- StartService ------------------------------------------------------- */

/* The Win32 error StartService reports for NtLoadDriver's status. */
static DWORD ScLoadErrorToWin32(NTSTATUS Status)
{
    switch (Status) {
    case STATUS_IMAGE_ALREADY_LOADED:
        return ERROR_SERVICE_ALREADY_RUNNING;
    case STATUS_OBJECT_NAME_NOT_FOUND:
        return ERROR_FILE_NOT_FOUND;        /* the image */
    case STATUS_INVALID_IMAGE_FORMAT:
        return ERROR_BAD_EXE_FORMAT;
    case STATUS_PRIVILEGE_NOT_HELD:
        return ERROR_ACCESS_DENIED;
    default:
        return RtlNtStatusToDosError(Status);
    }
}

#define SC_MAX_DEPENDENCY_DEPTH 16

static DWORD ScStartDriver(LPCWSTR Name, PSC_SERVICE Service, ULONG Depth);

/* Start what the service depends on first, as Windows' SCM does: each
 * service in DependOnService that is not running.  (Group dependencies
 * are not enforced: ntio starts no groups.) */
static DWORD ScStartDependencies(HKEY Key, ULONG Depth)
{
    LPWSTR Depends = NULL;
    DWORD Error = ScQueryString(Key, L"DependOnService", REG_MULTI_SZ, &Depends);
    if (Error || !Depends)
        return ERROR_SUCCESS;
    for (LPCWSTR p = Depends; *p && !Error; p += RtlpWcslen(p) + 1) {
        if (ScQueryDriverState(p) != DRIVER_STATE_STOPPED)
            continue;
        DWORD Dependency = Depth >= SC_MAX_DEPENDENCY_DEPTH ? ERROR_CIRCULAR_DEPENDENCY
                                                            : ScStartDriver(p, NULL, Depth + 1);
        if (Dependency && Dependency != ERROR_SERVICE_ALREADY_RUNNING)
            Error = ERROR_SERVICE_DEPENDENCY_FAIL;
    }
    free(Depends);
    return Error;
}

/* Start the driver service Name (Service: its record when started through
 * a handle, for the exit code). */
static DWORD ScStartDriver(LPCWSTR Name, PSC_SERVICE Service, ULONG Depth)
{
    HKEY Key;
    DWORD Error = ScOpenServiceKey(Name, KEY_READ, &Key);
    if (Error == ERROR_FILE_NOT_FOUND)
        return Service ? ERROR_SERVICE_MARKED_FOR_DELETE : ERROR_SERVICE_DOES_NOT_EXIST;
    if (Error)
        return Error;
    DWORD Type = ScQueryDword(Key, L"Type", 0);
    DWORD Start = ScQueryDword(Key, L"Start", SERVICE_DEMAND_START);
    if (ScQueryDword(Key, L"DeleteFlag", 0))
        Error = ERROR_SERVICE_MARKED_FOR_DELETE;
    else if (Start == SERVICE_DISABLED)
        Error = ERROR_SERVICE_DISABLED;
    else if (Type != SERVICE_KERNEL_DRIVER && Type != SERVICE_FILE_SYSTEM_DRIVER)
        Error = ERROR_NOT_SUPPORTED; /* a Win32 service put in the registry by hand */
    else if (ScQueryDriverState(Name) != DRIVER_STATE_STOPPED)
        Error = ERROR_SERVICE_ALREADY_RUNNING;
    else
        Error = ScStartDependencies(Key, Depth);
    RegCloseKey(Key);
    if (Error)
        return Error;

    WCHAR Path[400];
    UNICODE_STRING KeyPath;
    ScServiceKeyPath(Name, Path, RTL_NUMBER_OF(Path), &KeyPath);
    NTSTATUS Status = NtLoadDriver(&KeyPath);
    Error = NT_SUCCESS(Status) ? ERROR_SUCCESS : ScLoadErrorToWin32(Status);
    if (Service && Error != ERROR_SERVICE_ALREADY_RUNNING)
        ScSetExitCode(Service, Error);
    return Error;
}

NTIO_EXPORT BOOL WINAPI StartServiceW(SC_HANDLE hService, DWORD dwNumServiceArgs,
                                      LPCWSTR *lpServiceArgVectors)
{
    PSC_HANDLE_OBJECT H;
    UNREFERENCED_PARAMETER(dwNumServiceArgs);    /* drivers take no arguments */
    UNREFERENCED_PARAMETER(lpServiceArgVectors);
    DWORD Error = ScReferenceHandle(hService, SC_MAGIC_SERVICE, &H);
    if (!Error) {
        Error = (H->Access & SERVICE_START) ? ScStartDriver(H->Service->Name, H->Service, 0)
                                            : ERROR_ACCESS_DENIED;
        ScDereference(H);
    }
    if (Error) {
        SetLastError(Error);
        return FALSE;
    }
    return TRUE;
}

NTIO_EXPORT BOOL WINAPI StartServiceA(SC_HANDLE hService, DWORD dwNumServiceArgs,
                                      LPCSTR *lpServiceArgVectors)
{
    UNREFERENCED_PARAMETER(lpServiceArgVectors);
    return StartServiceW(hService, dwNumServiceArgs, NULL);
}

/* ---- ControlService ----------------------------------------------------- */

/* Is a running service listed in DependOnService of Name running here? */
static BOOLEAN ScDependentsRunning(LPCWSTR Name)
{
    HKEY Services, Key;
    BOOLEAN Running = FALSE;
    if (ScOpenServicesKey(KEY_READ, &Services))
        return FALSE;
    for (DWORD Index = 0; !Running; Index++) {
        WCHAR Other[SC_MAX_NAME + 2];
        DWORD Chars = RTL_NUMBER_OF(Other);
        DWORD Error = RegEnumKeyExW(Services, Index, Other, &Chars, NULL, NULL, NULL, NULL);
        if (Error == ERROR_NO_MORE_ITEMS)
            break;
        if (Error || RegOpenKeyExW(Services, Other, 0, KEY_READ, &Key))
            continue;
        LPWSTR Depends = NULL;
        if (!ScQueryString(Key, L"DependOnService", REG_MULTI_SZ, &Depends) && Depends) {
            for (LPCWSTR p = Depends; *p; p += RtlpWcslen(p) + 1)
                if (ScNamesEqual(p, Name) && ScQueryDriverState(Other) == DRIVER_STATE_RUNNING)
                    Running = TRUE;
            free(Depends);
        }
        RegCloseKey(Key);
    }
    RegCloseKey(Services);
    return Running;
}

/* The right a control needs, or 0 if ControlService cannot send it. */
static ACCESS_MASK ScControlAccess(DWORD Control)
{
    switch (Control) {
    case SERVICE_CONTROL_STOP:
        return SERVICE_STOP;
    case SERVICE_CONTROL_PAUSE:
    case SERVICE_CONTROL_CONTINUE:
    case SERVICE_CONTROL_PARAMCHANGE:
    case SERVICE_CONTROL_NETBINDADD:
    case SERVICE_CONTROL_NETBINDREMOVE:
    case SERVICE_CONTROL_NETBINDENABLE:
    case SERVICE_CONTROL_NETBINDDISABLE:
        return SERVICE_PAUSE_CONTINUE;
    case SERVICE_CONTROL_INTERROGATE:
        return SERVICE_INTERROGATE;
    default:
        return Control >= 128 && Control <= 255 ? SERVICE_USER_DEFINED_CONTROL : 0;
    }
}

NTIO_EXPORT BOOL WINAPI ControlService(SC_HANDLE hService, DWORD dwControl,
                                       LPSERVICE_STATUS lpServiceStatus)
{
    PSC_HANDLE_OBJECT H;
    DWORD Error = ScReferenceHandle(hService, SC_MAGIC_SERVICE, &H);
    if (Error) {
        SetLastError(Error);
        return FALSE;
    }
    ACCESS_MASK Needed = ScControlAccess(dwControl);
    PSC_SERVICE Service = H->Service;
    BOOLEAN Fill = FALSE;
    ULONG State = DRIVER_STATE_STOPPED;
    if (!lpServiceStatus) {
        Error = ERROR_INVALID_ADDRESS;
    } else if (!Needed) {
        Error = ERROR_INVALID_PARAMETER; /* not a control ControlService sends */
    } else if (!(H->Access & Needed)) {
        Error = ERROR_ACCESS_DENIED;
    } else {
        /* From here on the status is returned, whatever happens
         * (NO_ERROR, INVALID_SERVICE_CONTROL, CANNOT_ACCEPT_CTRL,
         * NOT_ACTIVE). */
        Fill = TRUE;
        State = ScQueryDriverState(Service->Name);
        if (State == DRIVER_STATE_STOPPED) {
            Error = ERROR_SERVICE_NOT_ACTIVE;
        } else if (State == DRIVER_STATE_UNLOAD_PENDING) {
            Error = ERROR_SERVICE_CANNOT_ACCEPT_CTRL;
        } else if (dwControl == SERVICE_CONTROL_INTERROGATE) {
            Error = ERROR_SUCCESS;
        } else if (dwControl != SERVICE_CONTROL_STOP) {
            Error = ERROR_INVALID_SERVICE_CONTROL; /* drivers take no other control */
        } else if (ScDependentsRunning(Service->Name)) {
            Error = ERROR_DEPENDENT_SERVICES_RUNNING;
            Fill = FALSE;
        } else {
            WCHAR Path[400];
            UNICODE_STRING Key;
            ScServiceKeyPath(Service->Name, Path, RTL_NUMBER_OF(Path), &Key);
            NTSTATUS Status = NtUnloadDriver(&Key);
            if (NT_SUCCESS(Status)) {
                /* Stopped, or STOP_PENDING while files of its devices are
                 * open: success either way, as on Windows. */
                ScSetExitCode(Service, ERROR_SUCCESS);
            } else if (Status == STATUS_INVALID_DEVICE_REQUEST) {
                Error = ERROR_INVALID_SERVICE_CONTROL; /* no DriverUnload */
            } else if (Status == STATUS_OBJECT_NAME_NOT_FOUND) {
                Error = ERROR_SERVICE_NOT_ACTIVE;
            } else {
                Error = Status == STATUS_PRIVILEGE_NOT_HELD ? ERROR_ACCESS_DENIED
                                                            : RtlNtStatusToDosError(Status);
                Fill = FALSE;
            }
            State = ScQueryDriverState(Service->Name);
        }
    }
    if (Fill)
        ScFillStatus(Service, State, lpServiceStatus);
    ScDereference(H);
    if (Error) {
        SetLastError(Error);
        return FALSE;
    }
    return TRUE;
}

/* ---- QueryServiceStatus(Ex) --------------------------------------------- */

NTIO_EXPORT BOOL WINAPI QueryServiceStatus(SC_HANDLE hService, LPSERVICE_STATUS lpServiceStatus)
{
    PSC_HANDLE_OBJECT H;
    DWORD Error = ScReferenceHandle(hService, SC_MAGIC_SERVICE, &H);
    if (Error) {
        SetLastError(Error);
        return FALSE;
    }
    if (!lpServiceStatus)
        Error = ERROR_INVALID_ADDRESS;
    else if (!(H->Access & SERVICE_QUERY_STATUS))
        Error = ERROR_ACCESS_DENIED;
    else
        ScFillStatus(H->Service, ScQueryDriverState(H->Service->Name), lpServiceStatus);
    ScDereference(H);
    if (Error) {
        SetLastError(Error);
        return FALSE;
    }
    return TRUE;
}

NTIO_EXPORT BOOL WINAPI QueryServiceStatusEx(SC_HANDLE hService, SC_STATUS_TYPE InfoLevel,
                                             LPBYTE lpBuffer, DWORD cbBufSize,
                                             LPDWORD pcbBytesNeeded)
{
    PSC_HANDLE_OBJECT H;
    /* Windows checks the level, then the size, then the handle. */
    if (InfoLevel != SC_STATUS_PROCESS_INFO) {
        SetLastError(ERROR_INVALID_LEVEL);
        return FALSE;
    }
    if (cbBufSize < sizeof(SERVICE_STATUS_PROCESS)) {
        if (!pcbBytesNeeded) {
            SetLastError(ERROR_INVALID_ADDRESS);
            return FALSE;
        }
        *pcbBytesNeeded = sizeof(SERVICE_STATUS_PROCESS);
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    DWORD Error = ScReferenceHandle(hService, SC_MAGIC_SERVICE, &H);
    if (Error) {
        SetLastError(Error);
        return FALSE;
    }
    if (!pcbBytesNeeded || !lpBuffer) {
        Error = ERROR_INVALID_ADDRESS;
    } else if (!(H->Access & SERVICE_QUERY_STATUS)) {
        Error = ERROR_ACCESS_DENIED;
    } else {
        SERVICE_STATUS Status;
        SERVICE_STATUS_PROCESS Info;
        ScFillStatus(H->Service, ScQueryDriverState(H->Service->Name), &Status);
        memcpy(&Info, &Status, sizeof Status);
        Info.dwProcessId = 0;      /* a driver runs in no service process */
        Info.dwServiceFlags = 0;
        memcpy(lpBuffer, &Info, sizeof Info);
        *pcbBytesNeeded = sizeof Info;
    }
    ScDereference(H);
    if (Error) {
        SetLastError(Error);
        return FALSE;
    }
    return TRUE;
}
