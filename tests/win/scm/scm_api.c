/*
 * tests/win/scm/scm_api.c - advapi32's Service Control Manager, function by
 * function, with the errors Windows gives for bad input: OpenSCManager,
 * CreateService, OpenService, StartService, ControlService,
 * QueryServiceStatus(Ex), QueryServiceConfig, ChangeServiceConfig,
 * DeleteService, CloseServiceHandle, A and W.  The drivers are the images
 * built next to this program (scmtest.sys …).
 */
#include <windows.h>
#include <winioctl.h>

#include "../../harness.h"
#include "scmtest.h"

static char Dir[MAX_PATH];      /* Z:\...\tests\win\scm\ */
static SC_HANDLE Manager;       /* SC_MANAGER_ALL_ACCESS */

/* Z:\...\scm\File */
static const char *Image(const char *File)
{
    static char Path[4][MAX_PATH];
    static int Next;
    char *Out = Path[Next++ % 4];
    snprintf(Out, MAX_PATH, "%s%s", Dir, File);
    return Out;
}

static SC_HANDLE Create(const char *Name, const char *File, DWORD Start)
{
    return CreateServiceA(Manager, Name, NULL, SERVICE_ALL_ACCESS, SERVICE_KERNEL_DRIVER, Start,
                          SERVICE_ERROR_NORMAL, Image(File), NULL, NULL, NULL, NULL, NULL);
}

/* Delete a service and close its handle (it goes with the handle). */
static void Remove(SC_HANDLE Service)
{
    CHECK(DeleteService(Service));
    CHECK(CloseServiceHandle(Service));
}

static DWORD State(SC_HANDLE Service)
{
    SERVICE_STATUS Status;
    return QueryServiceStatus(Service, &Status) ? Status.dwCurrentState : 0;
}

static DWORD ExitCode(SC_HANDLE Service)
{
    SERVICE_STATUS Status;
    return QueryServiceStatus(Service, &Status) ? Status.dwWin32ExitCode : 0xFFFFFFFF;
}

static BOOL Exists(const char *Name)
{
    SC_HANDLE S = OpenServiceA(Manager, Name, SERVICE_QUERY_STATUS);
    if (S)
        CloseServiceHandle(S);
    return S != NULL;
}

#define CHECK_FAILS(call, error)                 \
    do {                                         \
        SetLastError(0xdeadbeef);                \
        CHECK(!(call));                          \
        CHECK_EQ(GetLastError(), (DWORD)(error)); \
    } while (0)

/* ---- OpenSCManager -------------------------------------------------------- */

static void TestOpenManager(void)
{
    SC_HANDLE H;
    SetLastError(0xdeadbeef);
    H = OpenSCManagerA(NULL, NULL, 0);
    CHECK(H != NULL);
    CHECK_EQ(GetLastError(), ERROR_SUCCESS);
    CHECK(CloseServiceHandle(H));
    CHECK((H = OpenSCManagerA("", SERVICES_ACTIVE_DATABASEA, SC_MANAGER_CONNECT)) != NULL);
    CloseServiceHandle(H);
    CHECK((H = OpenSCManagerW(NULL, L"servicesactive", GENERIC_READ)) != NULL);
    CloseServiceHandle(H);
    CHECK((H = OpenSCManagerA("localhost", NULL, MAXIMUM_ALLOWED)) != NULL);
    CloseServiceHandle(H);
    CHECK_FAILS(OpenSCManagerA(NULL, "DoesNotExist", SC_MANAGER_CONNECT), ERROR_INVALID_NAME);
    CHECK_FAILS(OpenSCManagerA(NULL, SERVICES_FAILED_DATABASEA, SC_MANAGER_CONNECT),
                ERROR_DATABASE_DOES_NOT_EXIST);
    CHECK_FAILS(OpenSCManagerW(L"no-such-host.invalid", NULL, SC_MANAGER_CONNECT),
                RPC_S_SERVER_UNAVAILABLE);
    CHECK_FAILS(OpenSCManagerA(NULL, NULL, ACCESS_SYSTEM_SECURITY), ERROR_PRIVILEGE_NOT_HELD);
}

/* ---- handles ---------------------------------------------------------------- */

static void TestHandles(void)
{
    SERVICE_STATUS Status;
    int OnStack = 0;
    SC_HANDLE Garbage[] = { (SC_HANDLE)0x12345678, (SC_HANDLE)&OnStack, (SC_HANDLE)(ULONG_PTR)-1 };
    CHECK_FAILS(OpenServiceA(NULL, "x", SERVICE_QUERY_STATUS), ERROR_INVALID_HANDLE);
    CHECK_FAILS(CreateServiceA(NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL),
                ERROR_INVALID_HANDLE);
    CHECK_FAILS(CloseServiceHandle(NULL), ERROR_INVALID_HANDLE);
    CHECK_FAILS(QueryServiceStatus(NULL, NULL), ERROR_INVALID_HANDLE);
    CHECK_FAILS(DeleteService(NULL), ERROR_INVALID_HANDLE);
    for (size_t i = 0; i < sizeof Garbage / sizeof Garbage[0]; i++) {
        CHECK_FAILS(CloseServiceHandle(Garbage[i]), ERROR_INVALID_HANDLE);
        CHECK_FAILS(QueryServiceStatus(Garbage[i], &Status), ERROR_INVALID_HANDLE);
        CHECK_FAILS(StartServiceA(Garbage[i], 0, NULL), ERROR_INVALID_HANDLE);
        CHECK_FAILS(ControlService(Garbage[i], SERVICE_CONTROL_STOP, &Status), ERROR_INVALID_HANDLE);
        CHECK_FAILS(OpenServiceA(Garbage[i], "x", 0), ERROR_INVALID_HANDLE);
    }
    /* A manager handle is no service handle, and the other way round. */
    CHECK_FAILS(QueryServiceStatus(Manager, &Status), ERROR_INVALID_HANDLE);
    CHECK_FAILS(DeleteService(Manager), ERROR_INVALID_HANDLE);
    SC_HANDLE S = Create("ntiotest_handles", "scmtest.sys", SERVICE_DEMAND_START);
    CHECK(S != NULL);
    CHECK_FAILS(OpenServiceA(S, "ntiotest_handles", SERVICE_QUERY_STATUS), ERROR_INVALID_HANDLE);
    /* A closed handle is invalid. */
    SC_HANDLE M = OpenSCManagerA(NULL, NULL, SC_MANAGER_CONNECT);
    CHECK(CloseServiceHandle(M));
    CHECK_FAILS(CloseServiceHandle(M), ERROR_INVALID_HANDLE);
    CHECK_FAILS(OpenServiceA(M, "ntiotest_handles", SERVICE_QUERY_STATUS), ERROR_INVALID_HANDLE);
    Remove(S);
}

/* ---- CreateService ---------------------------------------------------------- */

static void TestCreate(void)
{
    const char *Path = Image("scmtest.sys");
    SC_HANDLE Connect = OpenSCManagerA(NULL, NULL, SC_MANAGER_CONNECT), S, T;
    DWORD Tag = 0xdeadbeef;

    /* Windows checks the strings first, then the right to create. */
    CHECK_FAILS(CreateServiceA(Connect, NULL, NULL, 0, 0, 0, 0, Path, NULL, NULL, NULL, NULL, NULL),
                ERROR_INVALID_ADDRESS);
    CHECK_FAILS(CreateServiceA(Connect, "ntiotest_c", NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL,
                               NULL),
                ERROR_INVALID_ADDRESS);
    CHECK_FAILS(CreateServiceA(Connect, "", NULL, 0, 0, 0, 0, "", NULL, NULL, NULL, NULL, NULL),
                ERROR_ACCESS_DENIED);
    CloseServiceHandle(Connect);

#define CREATE(name, type, start, error, path) \
    CreateServiceA(Manager, name, NULL, SERVICE_ALL_ACCESS, type, start, error, path, NULL, NULL, \
                   NULL, NULL, NULL)
    CHECK_FAILS(CREATE("", SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, 0, Path), ERROR_INVALID_NAME);
    CHECK_FAILS(CREATE("a\\b", SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, 0, Path), ERROR_INVALID_NAME);
    CHECK_FAILS(CREATE("a/b", SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, 0, Path), ERROR_INVALID_NAME);
    char Long[300];
    memset(Long, 'x', 257);
    Long[257] = 0;
    CHECK_FAILS(CREATE(Long, SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, 0, Path), ERROR_INVALID_NAME);
    CHECK_FAILS(CREATE("ntiotest_c", SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, 0, ""),
                ERROR_INVALID_PARAMETER);
    /* ntio runs no service programs: Win32 service types are refused. */
    CHECK_FAILS(CREATE("ntiotest_c", SERVICE_WIN32_OWN_PROCESS, SERVICE_DEMAND_START, 0, Path),
                ERROR_INVALID_PARAMETER);
    CHECK_FAILS(CREATE("ntiotest_c", SERVICE_WIN32_SHARE_PROCESS, SERVICE_DEMAND_START, 0, Path),
                ERROR_INVALID_PARAMETER);
    CHECK_FAILS(CREATE("ntiotest_c", SERVICE_KERNEL_DRIVER | SERVICE_FILE_SYSTEM_DRIVER,
                       SERVICE_DEMAND_START, 0, Path),
                ERROR_INVALID_PARAMETER);
    CHECK_FAILS(CREATE("ntiotest_c", SERVICE_KERNEL_DRIVER | SERVICE_INTERACTIVE_PROCESS,
                       SERVICE_DEMAND_START, 0, Path),
                ERROR_INVALID_PARAMETER);
    CHECK_FAILS(CREATE("ntiotest_c", 0, SERVICE_DEMAND_START, 0, Path), ERROR_INVALID_PARAMETER);
    CHECK_FAILS(CREATE("ntiotest_c", SERVICE_KERNEL_DRIVER, SERVICE_DISABLED + 1, 0, Path),
                ERROR_INVALID_PARAMETER);
    CHECK_FAILS(CREATE("ntiotest_c", SERVICE_KERNEL_DRIVER, SERVICE_AUTO_START | SERVICE_DISABLED, 0,
                       Path),
                ERROR_INVALID_PARAMETER);
    CHECK_FAILS(CREATE("ntiotest_c", SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START,
                       SERVICE_ERROR_CRITICAL + 1, Path),
                ERROR_INVALID_PARAMETER);
    /* A tag needs a group; a service cannot depend on itself. */
    CHECK_FAILS(CreateServiceA(Manager, "ntiotest_c", NULL, 0, SERVICE_KERNEL_DRIVER,
                               SERVICE_DEMAND_START, 0, Path, NULL, &Tag, NULL, NULL, NULL),
                ERROR_INVALID_PARAMETER);
    CHECK_FAILS(CreateServiceA(Manager, "ntiotest_c", NULL, 0, SERVICE_KERNEL_DRIVER,
                               SERVICE_DEMAND_START, 0, Path, NULL, NULL, "other\0ntiotest_C\0",
                               NULL, NULL),
                ERROR_CIRCULAR_DEPENDENCY);
    CHECK(!Exists("ntiotest_c"));

    /* Boot and system start are fine for drivers; no access asked is fine. */
    S = CreateServiceA(Manager, "ntiotest_c", "NTIO Test C", 0, SERVICE_KERNEL_DRIVER,
                       SERVICE_BOOT_START, SERVICE_ERROR_IGNORE, Path, "ntio group", &Tag, NULL,
                       NULL, NULL);
    CHECK(S != NULL);
    CHECK_EQ(Tag, 1);
    CHECK_FAILS(DeleteService(S), ERROR_ACCESS_DENIED); /* the handle has no rights */
    CloseServiceHandle(S);
    T = CreateServiceA(Manager, "ntiotest_c2", NULL, DELETE, SERVICE_FILE_SYSTEM_DRIVER,
                       SERVICE_SYSTEM_START, SERVICE_ERROR_SEVERE, Path, "NTIO GROUP", &Tag, NULL,
                       NULL, NULL);
    CHECK(T != NULL);
    CHECK_EQ(Tag, 2); /* the next tag of the same group */

    CHECK_FAILS(CREATE("ntiotest_c", SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, 0, Path),
                ERROR_SERVICE_EXISTS);
    CHECK_FAILS(CREATE("NTIOTEST_C", SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, 0, Path),
                ERROR_SERVICE_EXISTS);
    /* Display names are unique among names and display names. */
    CHECK_FAILS(CreateServiceA(Manager, "ntiotest_c3", "ntiotest_C", 0, SERVICE_KERNEL_DRIVER,
                               SERVICE_DEMAND_START, 0, Path, NULL, NULL, NULL, NULL, NULL),
                ERROR_DUPLICATE_SERVICE_NAME);
    CHECK_FAILS(CreateServiceA(Manager, "ntiotest_c3", "ntio test c", 0, SERVICE_KERNEL_DRIVER,
                               SERVICE_DEMAND_START, 0, Path, NULL, NULL, NULL, NULL, NULL),
                ERROR_DUPLICATE_SERVICE_NAME);
    CHECK_FAILS(CreateServiceA(Manager, "NTIO Test C", NULL, 0, SERVICE_KERNEL_DRIVER,
                               SERVICE_DEMAND_START, 0, Path, NULL, NULL, NULL, NULL, NULL),
                ERROR_DUPLICATE_SERVICE_NAME);
    CHECK(!Exists("ntiotest_c3"));
#undef CREATE

    S = OpenServiceA(Manager, "NtioTest_C", DELETE | SERVICE_QUERY_CONFIG);
    CHECK(S != NULL);
    Remove(S);
    Remove(T);
    CHECK(!Exists("ntiotest_c"));
    CHECK(!Exists("ntiotest_c2"));
}

/* ---- OpenService -------------------------------------------------------------- */

static void TestOpen(void)
{
    SC_HANDLE S = CreateServiceA(Manager, "ntiotest_open", "NTIO open test", SERVICE_ALL_ACCESS,
                                 SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, 0,
                                 Image("scmtest.sys"), NULL, NULL, NULL, NULL, NULL);
    SC_HANDLE T;
    CHECK(S != NULL);
    CHECK_FAILS(OpenServiceA(Manager, NULL, SERVICE_QUERY_STATUS), ERROR_INVALID_ADDRESS);
    CHECK_FAILS(OpenServiceA(Manager, "ntiotest_nosuch", SERVICE_QUERY_STATUS),
                ERROR_SERVICE_DOES_NOT_EXIST);
    CHECK_FAILS(OpenServiceA(Manager, "NTIO open test", SERVICE_QUERY_STATUS),
                ERROR_SERVICE_DOES_NOT_EXIST); /* not by display name */
    CHECK_FAILS(OpenServiceA(Manager, "a\\b", SERVICE_QUERY_STATUS), ERROR_SERVICE_DOES_NOT_EXIST);
    CHECK_FAILS(OpenServiceW(Manager, L"ntiotest_nosuch", SERVICE_QUERY_STATUS),
                ERROR_SERVICE_DOES_NOT_EXIST);
    CHECK((T = OpenServiceW(Manager, L"NTIOTEST_OPEN", GENERIC_READ)) != NULL);
    CloseServiceHandle(T);
    CHECK_FAILS(OpenServiceA(Manager, "ntiotest_open", ACCESS_SYSTEM_SECURITY),
                ERROR_PRIVILEGE_NOT_HELD);
    /* Rights are per handle. */
    SERVICE_STATUS Status;
    CHECK((T = OpenServiceA(Manager, "ntiotest_open", SERVICE_QUERY_CONFIG)) != NULL);
    CHECK_FAILS(QueryServiceStatus(T, &Status), ERROR_ACCESS_DENIED);
    CHECK_FAILS(StartServiceA(T, 0, NULL), ERROR_ACCESS_DENIED);
    CHECK_FAILS(ControlService(T, SERVICE_CONTROL_STOP, &Status), ERROR_ACCESS_DENIED);
    CHECK_FAILS(ControlService(T, SERVICE_CONTROL_INTERROGATE, &Status), ERROR_ACCESS_DENIED);
    CHECK_FAILS(DeleteService(T), ERROR_ACCESS_DENIED);
    CHECK_FAILS(ChangeServiceConfigA(T, SERVICE_NO_CHANGE, SERVICE_DISABLED, SERVICE_NO_CHANGE, NULL,
                                     NULL, NULL, NULL, NULL, NULL, NULL),
                ERROR_ACCESS_DENIED);
    CloseServiceHandle(T);
    CHECK((T = OpenServiceA(Manager, "ntiotest_open", SERVICE_QUERY_STATUS)) != NULL);
    DWORD Needed;
    CHECK_FAILS(QueryServiceConfigA(T, NULL, 0, &Needed), ERROR_ACCESS_DENIED);
    CloseServiceHandle(T);
    Remove(S);
}

/* ---- QueryServiceStatus(Ex) ------------------------------------------------------ */

static void TestStatus(void)
{
    SC_HANDLE S = Create("ntiotest_status", "scmtest.sys", SERVICE_DEMAND_START);
    SERVICE_STATUS Status;
    SERVICE_STATUS_PROCESS Process;
    DWORD Needed = 0;
    CHECK(S != NULL);
    CHECK_FAILS(QueryServiceStatus(S, NULL), ERROR_INVALID_ADDRESS);
    memset(&Status, 0xcc, sizeof Status);
    CHECK(QueryServiceStatus(S, &Status));
    CHECK_EQ(Status.dwServiceType, SERVICE_KERNEL_DRIVER);
    CHECK_EQ(Status.dwCurrentState, SERVICE_STOPPED);
    CHECK_EQ(Status.dwControlsAccepted, 0);
    CHECK_EQ(Status.dwWin32ExitCode, ERROR_SERVICE_NEVER_STARTED);
    CHECK_EQ(Status.dwServiceSpecificExitCode, 0);
    CHECK_EQ(Status.dwCheckPoint, 0);
    CHECK_EQ(Status.dwWaitHint, 0);

    /* The level first, then the size, then the handle. */
    CHECK_FAILS(QueryServiceStatusEx(NULL, 1, NULL, 0, &Needed), ERROR_INVALID_LEVEL);
    CHECK_FAILS(QueryServiceStatusEx(NULL, SC_STATUS_PROCESS_INFO, NULL, 0, &Needed),
                ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(Needed, sizeof(SERVICE_STATUS_PROCESS));
    Needed = 0;
    CHECK_FAILS(QueryServiceStatusEx(S, SC_STATUS_PROCESS_INFO, (LPBYTE)&Process,
                                     sizeof Process - 1, &Needed),
                ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(Needed, sizeof(SERVICE_STATUS_PROCESS));
    CHECK_FAILS(QueryServiceStatusEx(NULL, SC_STATUS_PROCESS_INFO, (LPBYTE)&Process, sizeof Process,
                                     &Needed),
                ERROR_INVALID_HANDLE);
    CHECK_FAILS(QueryServiceStatusEx(S, SC_STATUS_PROCESS_INFO, (LPBYTE)&Process, sizeof Process,
                                     NULL),
                ERROR_INVALID_ADDRESS);
    CHECK(QueryServiceStatusEx(S, SC_STATUS_PROCESS_INFO, (LPBYTE)&Process, sizeof Process, &Needed));
    CHECK_EQ(Process.dwCurrentState, SERVICE_STOPPED);
    CHECK_EQ(Process.dwProcessId, 0);
    CHECK_EQ(Process.dwServiceFlags, 0);

    CHECK(StartServiceA(S, 0, NULL));
    CHECK(QueryServiceStatusEx(S, SC_STATUS_PROCESS_INFO, (LPBYTE)&Process, sizeof Process, &Needed));
    CHECK_EQ(Process.dwCurrentState, SERVICE_RUNNING);
    CHECK_EQ(Process.dwControlsAccepted, SERVICE_ACCEPT_STOP);
    CHECK_EQ(Process.dwWin32ExitCode, NO_ERROR);
    CHECK_EQ(Process.dwProcessId, 0); /* a driver runs in no service process */
    CHECK(ControlService(S, SERVICE_CONTROL_STOP, &Status));
    CHECK_EQ(Status.dwCurrentState, SERVICE_STOPPED);
    CHECK_EQ(ExitCode(S), NO_ERROR);
    Remove(S);
}

/* ---- QueryServiceConfig and ChangeServiceConfig ------------------------------------ */

static void TestConfig(void)
{
    SC_HANDLE S = CreateServiceW(Manager, L"ntiotest_config", L"Pilote \x00e9t\x00e9 \x2713",
                                 SERVICE_ALL_ACCESS, SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START,
                                 SERVICE_ERROR_NORMAL, L"System32\\drivers\\ntiotest.sys", NULL,
                                 NULL, NULL, NULL, NULL);
    BYTE Buffer[SERVICE_CONFIG_MAX_BYTES];
    QUERY_SERVICE_CONFIGW *W = (QUERY_SERVICE_CONFIGW *)Buffer;
    QUERY_SERVICE_CONFIGA *A = (QUERY_SERVICE_CONFIGA *)Buffer;
    DWORD Needed = 0, Needed2 = 0, Tag = 0;
    CHECK(S != NULL);

    CHECK_FAILS(QueryServiceConfigW(S, NULL, 0, NULL), ERROR_INVALID_ADDRESS);
    CHECK_FAILS(QueryServiceConfigW(S, NULL, 0, &Needed), ERROR_INSUFFICIENT_BUFFER);
    CHECK(Needed > sizeof *W && Needed < sizeof Buffer);
    CHECK_FAILS(QueryServiceConfigW(S, W, Needed - 1, &Needed2), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(Needed2, Needed);
    CHECK(QueryServiceConfigW(S, W, Needed, &Needed2));
    CHECK_EQ(W->dwServiceType, SERVICE_KERNEL_DRIVER);
    CHECK_EQ(W->dwStartType, SERVICE_DEMAND_START);
    CHECK_EQ(W->dwErrorControl, SERVICE_ERROR_NORMAL);
    CHECK_EQ(W->dwTagId, 0);
    CHECK(!memcmp(W->lpBinaryPathName, L"System32\\drivers\\ntiotest.sys", 30 * sizeof(WCHAR)));
    CHECK(W->lpLoadOrderGroup[0] == 0);
    CHECK(W->lpDependencies[0] == 0);
    CHECK(W->lpServiceStartName[0] == 0);
    CHECK(!memcmp(W->lpDisplayName, L"Pilote \x00e9t\x00e9 \x2713", 13 * sizeof(WCHAR)));
    /* The strings lie in the caller's buffer, behind the structure. */
    CHECK((BYTE *)W->lpDisplayName > Buffer && (BYTE *)W->lpDisplayName < Buffer + Needed);

    /* The ANSI form: UTF-8, its own size. */
    CHECK_FAILS(QueryServiceConfigA(S, NULL, 0, &Needed), ERROR_INSUFFICIENT_BUFFER);
    CHECK_FAILS(QueryServiceConfigA(S, A, Needed - 1, &Needed2), ERROR_INSUFFICIENT_BUFFER);
    CHECK(QueryServiceConfigA(S, A, Needed, &Needed2));
    CHECK_STR(A->lpBinaryPathName, "System32\\drivers\\ntiotest.sys");
    CHECK_STR(A->lpDisplayName, "Pilote \xc3\xa9t\xc3\xa9 \xe2\x9c\x93");
    CHECK_STR(A->lpLoadOrderGroup, "");

    /* Change some of it; SERVICE_NO_CHANGE and NULL keep the rest. */
    CHECK(ChangeServiceConfigA(S, SERVICE_NO_CHANGE, SERVICE_DISABLED, SERVICE_NO_CHANGE,
                               "%SystemRoot%\\System32\\drivers\\other.sys", "Grp", &Tag,
                               "ntiotest_dep\0+GrpB\0", "\\Driver\\Other", "ignored", "Another name"));
    CHECK_EQ(Tag, 1);
    CHECK(QueryServiceConfigA(S, A, sizeof Buffer, &Needed));
    CHECK_EQ(A->dwServiceType, SERVICE_KERNEL_DRIVER);
    CHECK_EQ(A->dwStartType, SERVICE_DISABLED);
    CHECK_EQ(A->dwErrorControl, SERVICE_ERROR_NORMAL);
    CHECK_EQ(A->dwTagId, 1);
    CHECK_STR(A->lpBinaryPathName, "\\SystemRoot\\System32\\drivers\\other.sys");
    CHECK_STR(A->lpLoadOrderGroup, "Grp");
    CHECK_STR(A->lpDependencies, "ntiotest_dep");
    CHECK_STR(A->lpDependencies + strlen("ntiotest_dep") + 1, "+GrpB");
    CHECK_STR(A->lpServiceStartName, "\\Driver\\Other");
    CHECK_STR(A->lpDisplayName, "Another name");
    CHECK_FAILS(StartServiceA(S, 0, NULL), ERROR_SERVICE_DISABLED);

    /* Bad changes change nothing. */
    CHECK_FAILS(ChangeServiceConfigA(S, SERVICE_WIN32_OWN_PROCESS, SERVICE_NO_CHANGE,
                                     SERVICE_NO_CHANGE, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                ERROR_INVALID_PARAMETER);
    CHECK_FAILS(ChangeServiceConfigA(S, SERVICE_NO_CHANGE, 7, SERVICE_NO_CHANGE, NULL, NULL, NULL,
                                     NULL, NULL, NULL, NULL),
                ERROR_INVALID_PARAMETER);
    CHECK_FAILS(ChangeServiceConfigA(S, SERVICE_NO_CHANGE, SERVICE_NO_CHANGE, 9, NULL, NULL, NULL,
                                     NULL, NULL, NULL, NULL),
                ERROR_INVALID_PARAMETER);
    CHECK_FAILS(ChangeServiceConfigA(S, SERVICE_NO_CHANGE, SERVICE_NO_CHANGE, SERVICE_NO_CHANGE, "",
                                     NULL, NULL, NULL, NULL, NULL, NULL),
                ERROR_INVALID_PARAMETER);
    CHECK_FAILS(ChangeServiceConfigA(S, SERVICE_NO_CHANGE, SERVICE_NO_CHANGE, SERVICE_NO_CHANGE, NULL,
                                     NULL, NULL, "ntiotest_config\0", NULL, NULL, NULL),
                ERROR_CIRCULAR_DEPENDENCY);
    SC_HANDLE T = Create("ntiotest_config2", "scmtest.sys", SERVICE_DEMAND_START);
    CHECK(T != NULL);
    CHECK_FAILS(ChangeServiceConfigA(S, SERVICE_NO_CHANGE, SERVICE_NO_CHANGE, SERVICE_NO_CHANGE, NULL,
                                     NULL, NULL, NULL, NULL, NULL, "NTIOTEST_CONFIG2"),
                ERROR_DUPLICATE_SERVICE_NAME);
    CHECK(QueryServiceConfigA(S, A, sizeof Buffer, &Needed));
    CHECK_EQ(A->dwStartType, SERVICE_DISABLED);
    CHECK_STR(A->lpDisplayName, "Another name");
    /* A service's own name as its display name is fine; "" clears values. */
    CHECK(ChangeServiceConfigW(S, SERVICE_FILE_SYSTEM_DRIVER, SERVICE_DEMAND_START, SERVICE_NO_CHANGE,
                               NULL, L"", NULL, L"\0", L"", NULL, L"ntiotest_config"));
    CHECK(QueryServiceConfigW(S, W, sizeof Buffer, &Needed));
    CHECK_EQ(W->dwServiceType, SERVICE_FILE_SYSTEM_DRIVER);
    CHECK(W->lpLoadOrderGroup[0] == 0);
    CHECK(W->lpDependencies[0] == 0);
    CHECK(W->lpServiceStartName[0] == 0);
    SERVICE_STATUS Status;
    CHECK(QueryServiceStatus(S, &Status));
    CHECK_EQ(Status.dwServiceType, SERVICE_FILE_SYSTEM_DRIVER);
    Remove(T);
    Remove(S);
}

/* ---- StartService and what cannot start ----------------------------------------- */

static BOOL DeviceOpens(const char *Path)
{
    HANDLE H = CreateFileA(Path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (H == INVALID_HANDLE_VALUE)
        return FALSE;
    CloseHandle(H);
    return TRUE;
}

static void TestStart(void)
{
    SC_HANDLE S = Create("ntiotest_start", "scmtest.sys", SERVICE_DEMAND_START), T;
    SERVICE_STATUS Status;
    CHECK(S != NULL);
    CHECK(!DeviceOpens("\\\\.\\ScmTest"));
    CHECK(StartServiceA(S, 0, NULL));
    CHECK_EQ(State(S), SERVICE_RUNNING);
    HANDLE Device = CreateFileA("\\\\.\\ScmTest", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    CHECK(Device != INVALID_HANDLE_VALUE);
    SCMTEST_INFO Info;
    DWORD Bytes;
    CHECK(DeviceIoControl(Device, IOCTL_SCMTEST_INFO, NULL, 0, &Info, sizeof Info, &Bytes, NULL));
    CHECK(!memcmp(Info.RegistryPath, L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\ntiotest_start",
                  67 * sizeof(WCHAR)));
    CHECK(!memcmp(Info.ServiceKeyName, L"ntiotest_start", 15 * sizeof(WCHAR)));
    CHECK_EQ(Info.Loads, 1);
    CloseHandle(Device);
    CHECK_FAILS(StartServiceA(S, 0, NULL), ERROR_SERVICE_ALREADY_RUNNING);
    CHECK_FAILS(StartServiceW(S, 0, NULL), ERROR_SERVICE_ALREADY_RUNNING);

    /* Another service of the same image: Windows refuses to load it twice. */
    T = Create("ntiotest_start2", "scmtest.sys", SERVICE_DEMAND_START);
    CHECK(T != NULL);
    CHECK_FAILS(StartServiceA(T, 0, NULL), ERROR_SERVICE_ALREADY_RUNNING);
    CHECK_EQ(State(T), SERVICE_STOPPED);
    Remove(T);

    CHECK(ControlService(S, SERVICE_CONTROL_STOP, &Status));
    CHECK(!DeviceOpens("\\\\.\\ScmTest"));
    /* Started again: a fresh image (its static counter starts over). */
    CHECK(StartServiceW(S, 1, (LPCWSTR[]){ L"ignored" }));
    Device = CreateFileA("\\\\.\\ScmTest", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    CHECK(DeviceIoControl(Device, IOCTL_SCMTEST_INFO, NULL, 0, &Info, sizeof Info, &Bytes, NULL));
    CHECK_EQ(Info.Loads, 1);
    CloseHandle(Device);
    CHECK(ControlService(S, SERVICE_CONTROL_STOP, &Status));
    Remove(S);

    /* Disabled. */
    S = Create("ntiotest_disabled", "scmtest.sys", SERVICE_DISABLED);
    CHECK_FAILS(StartServiceA(S, 0, NULL), ERROR_SERVICE_DISABLED);
    Remove(S);

    /* No image: ERROR_FILE_NOT_FOUND, kept as the exit code. */
    S = Create("ntiotest_missing", "nosuch.sys", SERVICE_DEMAND_START);
    CHECK_FAILS(StartServiceA(S, 0, NULL), ERROR_FILE_NOT_FOUND);
    CHECK_EQ(State(S), SERVICE_STOPPED);
    CHECK_EQ(ExitCode(S), ERROR_FILE_NOT_FOUND);
    Remove(S);
    S = Create("ntiotest_nodir", "nosuchdir\\x.sys", SERVICE_DEMAND_START);
    CHECK_FAILS(StartServiceA(S, 0, NULL), ERROR_PATH_NOT_FOUND);
    Remove(S);

    /* Not driver images: a text file, a shared object without DriverEntry. */
    S = Create("ntiotest_text", "textfile.sys", SERVICE_DEMAND_START);
    CHECK_FAILS(StartServiceA(S, 0, NULL), ERROR_BAD_EXE_FORMAT);
    CHECK_EQ(ExitCode(S), ERROR_BAD_EXE_FORMAT);
    Remove(S);
    S = Create("ntiotest_noentry", "scmnoentry.sys", SERVICE_DEMAND_START);
    CHECK_FAILS(StartServiceA(S, 0, NULL), ERROR_BAD_EXE_FORMAT);
    Remove(S);

    /* DriverEntry fails: its status, as a Win32 error; its device is gone. */
    S = Create("ntiotest_fail", "scmfail.sys", SERVICE_DEMAND_START);
    CHECK_FAILS(StartServiceA(S, 0, NULL), ERROR_DEV_NOT_EXIST);
    CHECK_EQ(ExitCode(S), ERROR_DEV_NOT_EXIST);
    CHECK_EQ(State(S), SERVICE_STOPPED);
    CHECK_FAILS(StartServiceA(S, 0, NULL), ERROR_DEV_NOT_EXIST); /* again: a fresh try */
    Remove(S);
}

/* ---- ControlService --------------------------------------------------------------- */

static void TestControl(void)
{
    SC_HANDLE S = Create("ntiotest_control", "scmtest.sys", SERVICE_DEMAND_START);
    SERVICE_STATUS Status;
    CHECK(S != NULL);
    CHECK_FAILS(ControlService(S, SERVICE_CONTROL_STOP, NULL), ERROR_INVALID_ADDRESS);
    /* Controls ControlService cannot send. */
    DWORD Bad[] = { 0, SERVICE_CONTROL_SHUTDOWN, 11, 127, 256, 0xFFFFFFFF };
    for (size_t i = 0; i < sizeof Bad / sizeof Bad[0]; i++)
        CHECK_FAILS(ControlService(S, Bad[i], &Status), ERROR_INVALID_PARAMETER);
    /* Stopped: NOT_ACTIVE, with the status filled in. */
    memset(&Status, 0xcc, sizeof Status);
    CHECK_FAILS(ControlService(S, SERVICE_CONTROL_STOP, &Status), ERROR_SERVICE_NOT_ACTIVE);
    CHECK_EQ(Status.dwCurrentState, SERVICE_STOPPED);
    CHECK_FAILS(ControlService(S, SERVICE_CONTROL_INTERROGATE, &Status), ERROR_SERVICE_NOT_ACTIVE);

    CHECK(StartServiceA(S, 0, NULL));
    memset(&Status, 0, sizeof Status);
    CHECK(ControlService(S, SERVICE_CONTROL_INTERROGATE, &Status));
    CHECK_EQ(Status.dwCurrentState, SERVICE_RUNNING);
    /* Drivers take no other control; the status still comes back. */
    DWORD Invalid[] = { SERVICE_CONTROL_PAUSE, SERVICE_CONTROL_CONTINUE, SERVICE_CONTROL_PARAMCHANGE,
                        SERVICE_CONTROL_NETBINDADD, 128, 200, 255 };
    for (size_t i = 0; i < sizeof Invalid / sizeof Invalid[0]; i++) {
        memset(&Status, 0, sizeof Status);
        CHECK_FAILS(ControlService(S, Invalid[i], &Status), ERROR_INVALID_SERVICE_CONTROL);
        CHECK_EQ(Status.dwCurrentState, SERVICE_RUNNING);
    }
    SC_HANDLE Q = OpenServiceA(Manager, "ntiotest_control", SERVICE_QUERY_STATUS | SERVICE_STOP);
    CHECK_FAILS(ControlService(Q, SERVICE_CONTROL_PAUSE, &Status), ERROR_ACCESS_DENIED);
    CHECK_FAILS(ControlService(Q, 200, &Status), ERROR_ACCESS_DENIED);
    CHECK(ControlService(Q, SERVICE_CONTROL_STOP, &Status));
    CHECK_EQ(Status.dwCurrentState, SERVICE_STOPPED);
    CHECK_EQ(Status.dwControlsAccepted, 0);
    CloseServiceHandle(Q);

    /* The deferred stop: files of the device are open. */
    CHECK(StartServiceA(S, 0, NULL));
    HANDLE A = CreateFileA("\\\\.\\ScmTest", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    HANDLE B = CreateFileA("\\\\.\\ScmTest", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    CHECK(A != INVALID_HANDLE_VALUE && B != INVALID_HANDLE_VALUE);
    CHECK(ControlService(S, SERVICE_CONTROL_STOP, &Status));
    CHECK_EQ(Status.dwCurrentState, SERVICE_STOP_PENDING);
    CHECK_EQ(Status.dwControlsAccepted, 0);
    CHECK_FAILS(ControlService(S, SERVICE_CONTROL_STOP, &Status), ERROR_SERVICE_CANNOT_ACCEPT_CTRL);
    CHECK_EQ(Status.dwCurrentState, SERVICE_STOP_PENDING);
    CHECK_FAILS(ControlService(S, SERVICE_CONTROL_INTERROGATE, &Status),
                ERROR_SERVICE_CANNOT_ACCEPT_CTRL);
    CHECK_FAILS(StartServiceA(S, 0, NULL), ERROR_SERVICE_ALREADY_RUNNING);
    SetLastError(0);
    CHECK(!DeviceOpens("\\\\.\\ScmTest"));
    CHECK_EQ(GetLastError(), ERROR_NO_SUCH_DEVICE); /* STATUS_NO_SUCH_DEVICE */
    SCMTEST_INFO Info;
    DWORD Bytes;
    CHECK(DeviceIoControl(A, IOCTL_SCMTEST_INFO, NULL, 0, &Info, sizeof Info, &Bytes, NULL));
    CloseHandle(A);
    CHECK_EQ(State(S), SERVICE_STOP_PENDING); /* B is still open */
    CloseHandle(B);
    CHECK_EQ(State(S), SERVICE_STOPPED);
    CHECK(StartServiceA(S, 0, NULL)); /* and it starts again */
    CHECK(ControlService(S, SERVICE_CONTROL_STOP, &Status));
    Remove(S);

    /* A driver without DriverUnload cannot be stopped. */
    S = Create("ntiotest_nounload", "scmnounload.sys", SERVICE_DEMAND_START);
    CHECK(StartServiceA(S, 0, NULL));
    memset(&Status, 0, sizeof Status);
    CHECK_FAILS(ControlService(S, SERVICE_CONTROL_STOP, &Status), ERROR_INVALID_SERVICE_CONTROL);
    CHECK_EQ(Status.dwCurrentState, SERVICE_RUNNING);
    CHECK(DeviceOpens("\\\\.\\ScmNoUnload"));
    /* Marked for deletion while it runs: the key stays (it cannot stop). */
    CHECK(DeleteService(S));
    CHECK(CloseServiceHandle(S));
    CHECK(Exists("ntiotest_nounload"));

    /* Dependencies: B needs A; starting B starts A; A cannot stop while B runs. */
    SC_HANDLE Dep = Create("ntiotest_depA", "scmtest.sys", SERVICE_DEMAND_START);
    SC_HANDLE User = CreateServiceA(Manager, "ntiotest_depB", NULL, SERVICE_ALL_ACCESS,
                                    SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, 0,
                                    Image("scmtest2.sys"), NULL, NULL, "ntiotest_depA\0", NULL, NULL);
    CHECK(Dep != NULL && User != NULL);
    CHECK(StartServiceA(User, 0, NULL));
    CHECK_EQ(State(Dep), SERVICE_RUNNING);
    CHECK_EQ(State(User), SERVICE_RUNNING);
    CHECK_FAILS(ControlService(Dep, SERVICE_CONTROL_STOP, &Status), ERROR_DEPENDENT_SERVICES_RUNNING);
    CHECK(ControlService(User, SERVICE_CONTROL_STOP, &Status));
    CHECK(ControlService(Dep, SERVICE_CONTROL_STOP, &Status));
    /* A dependency that cannot start fails the start. */
    CHECK(ChangeServiceConfigA(Dep, SERVICE_NO_CHANGE, SERVICE_DISABLED, SERVICE_NO_CHANGE, NULL,
                               NULL, NULL, NULL, NULL, NULL, NULL));
    CHECK_FAILS(StartServiceA(User, 0, NULL), ERROR_SERVICE_DEPENDENCY_FAIL);
    CHECK_EQ(State(User), SERVICE_STOPPED);
    Remove(User);
    Remove(Dep);
}

/* ---- DeleteService -------------------------------------------------------------- */

static void TestDelete(void)
{
    SC_HANDLE S = Create("ntiotest_delete", "scmtest.sys", SERVICE_DEMAND_START);
    SC_HANDLE Other = OpenServiceA(Manager, "ntiotest_delete", SERVICE_ALL_ACCESS);
    SERVICE_STATUS Status;
    DWORD Needed;
    BYTE Buffer[SERVICE_CONFIG_MAX_BYTES];
    CHECK(S != NULL && Other != NULL);
    CHECK(DeleteService(S));
    CHECK_FAILS(DeleteService(S), ERROR_SERVICE_MARKED_FOR_DELETE);
    CHECK_FAILS(DeleteService(Other), ERROR_SERVICE_MARKED_FOR_DELETE);
    CHECK_FAILS(StartServiceA(S, 0, NULL), ERROR_SERVICE_MARKED_FOR_DELETE);
    CHECK_FAILS(ChangeServiceConfigA(S, SERVICE_NO_CHANGE, SERVICE_DISABLED, SERVICE_NO_CHANGE, NULL,
                                     NULL, NULL, NULL, NULL, NULL, NULL),
                ERROR_SERVICE_MARKED_FOR_DELETE);
    CHECK_FAILS(Create("ntiotest_delete", "scmtest.sys", SERVICE_DEMAND_START),
                ERROR_SERVICE_MARKED_FOR_DELETE);
    /* Still there to open, query and close. */
    CHECK(QueryServiceStatus(S, &Status));
    CHECK(QueryServiceConfigA(S, (QUERY_SERVICE_CONFIGA *)Buffer, sizeof Buffer, &Needed));
    SC_HANDLE Third = OpenServiceA(Manager, "ntiotest_delete", SERVICE_QUERY_STATUS);
    CHECK(Third != NULL);
    CHECK(CloseServiceHandle(Third));
    CHECK(CloseServiceHandle(S));
    CHECK(Exists("ntiotest_delete") == TRUE); /* Other is open (Exists opens one more) */
    CHECK(CloseServiceHandle(Other));
    CHECK(!Exists("ntiotest_delete"));
    /* The name is free again. */
    S = Create("ntiotest_delete", "scmtest.sys", SERVICE_DEMAND_START);
    CHECK(S != NULL);

    /* Deleted while its driver runs: the key stays until it is stopped and
     * the last handle closes. */
    CHECK(StartServiceA(S, 0, NULL));
    CHECK(DeleteService(S));
    CHECK(CloseServiceHandle(S));
    CHECK(Exists("ntiotest_delete"));
    S = OpenServiceA(Manager, "ntiotest_delete", SERVICE_STOP | SERVICE_QUERY_STATUS);
    CHECK(S != NULL);
    CHECK_EQ(State(S), SERVICE_RUNNING);
    CHECK(ControlService(S, SERVICE_CONTROL_STOP, &Status));
    CHECK(CloseServiceHandle(S));
    CHECK(!Exists("ntiotest_delete"));
}

/* The second run in the same prefix: a service an earlier process marked
 * for deletion but could not delete (its driver never stopped) is gone,
 * as after a Windows reboot. */
static void TestAfterRestart(void)
{
    CHECK(!Exists("ntiotest_nounload"));
    HKEY Key;
    CHECK_EQ(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SYSTEM\\CurrentControlSet\\Services\\ntiotest_nounload",
                           0, KEY_READ, &Key),
             ERROR_FILE_NOT_FOUND);
    CHECK(!DeviceOpens("\\\\.\\ScmNoUnload")); /* nothing runs in this new kernel */
}

int main(int argc, char **argv)
{
    DWORD n = GetModuleFileNameA(NULL, Dir, sizeof Dir);
    char *Slash = strrchr(Dir, '\\');
    CHECK(n > 0 && Slash != NULL);
    if (!Slash)
        return test_summary("scm_api");
    Slash[1] = 0;
    Manager = OpenSCManagerA(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    CHECK(Manager != NULL);
    if (!Manager)
        return test_summary("scm_api");

    if (argc > 1 && !strcmp(argv[1], "after")) {
        TestAfterRestart();
        CloseServiceHandle(Manager);
        return test_summary("scm_api after");
    }
    TestOpenManager();
    TestHandles();
    TestCreate();
    TestOpen();
    TestStatus();
    TestConfig();
    TestStart();
    TestControl();
    TestDelete();
    CHECK(CloseServiceHandle(Manager));
    return test_summary("scm_api");
}
