/*
 * scmapp.c - an application that installs its own driver, as the WDK's
 * driver samples do (their install.c): it opens \\.\ScmSample, and when
 * that fails with ERROR_FILE_NOT_FOUND it finds scmsample.sys next to
 * itself, installs it with the Service Control Manager (OpenSCManager,
 * CreateService, StartService), uses the device, stops the driver
 * (ControlService SERVICE_CONTROL_STOP) and removes the service
 * (DeleteService).  Along the way it checks what Windows' SCM reports.
 *
 *   scmapp           the whole cycle: install, use, stop, remove
 *   scmapp install   install and check, then leave the service installed
 *                    (stopped) with its Parameters, for the next run
 *
 * Exit status 0 when everything behaved as on Windows.
 */
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>
#include <string.h>
#include "public.h"

static int failures;

#define EXPECT(cond, what)                                                                    \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            printf("FAIL: %s (GetLastError=%lu)\n", what, (unsigned long)GetLastError());     \
            failures++;                                                                       \
        } else {                                                                              \
            printf("ok:   %s\n", what);                                                       \
        }                                                                                     \
    } while (0)

#define DRIVER_FUNC_INSTALL 1
#define DRIVER_FUNC_REMOVE 2
#define SERVICES_KEY "SYSTEM\\CurrentControlSet\\Services\\" SCMSAMPLE_SERVICE
#define GREETING 42

/* ---- the install code, as the WDK samples write it ----------------------- */

static BOOL SetupDriverName(char *DriverLocation, DWORD BufferLength)
{
    DWORD Length = GetModuleFileNameA(NULL, DriverLocation, BufferLength);
    if (Length == 0 || Length >= BufferLength) {
        printf("GetModuleFileName failed: %lu\n", (unsigned long)GetLastError());
        return FALSE;
    }
    char *Slash = strrchr(DriverLocation, '\\');
    if (!Slash || (size_t)(Slash + 1 - DriverLocation) + sizeof(SCMSAMPLE_SERVICE ".sys") > BufferLength)
        return FALSE;
    strcpy(Slash + 1, SCMSAMPLE_SERVICE ".sys");
    HANDLE File = CreateFileA(DriverLocation, GENERIC_READ, 0, NULL, OPEN_EXISTING,
                              FILE_ATTRIBUTE_NORMAL, NULL);
    if (File == INVALID_HANDLE_VALUE) {
        printf("%s.sys is not next to the application: %lu\n", SCMSAMPLE_SERVICE,
               (unsigned long)GetLastError());
        return FALSE;
    }
    CloseHandle(File);
    return TRUE;
}

static BOOL InstallDriver(SC_HANDLE SchSCManager, LPCSTR DriverName, LPCSTR ServiceExe)
{
    SC_HANDLE SchService = CreateServiceA(SchSCManager, DriverName, DriverName, SERVICE_ALL_ACCESS,
                                          SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START,
                                          SERVICE_ERROR_NORMAL, ServiceExe, NULL, NULL, NULL,
                                          NULL, NULL);
    if (SchService == NULL) {
        DWORD Err = GetLastError();
        if (Err == ERROR_SERVICE_EXISTS) {
            printf("note: the service was already installed\n");
            return TRUE; /* ignore this error */
        }
        printf("CreateService failed: %lu\n", (unsigned long)Err);
        return FALSE;
    }
    CloseServiceHandle(SchService);
    return TRUE;
}

/* The driver reads Parameters\Greeting of its service key in DriverEntry. */
static BOOL WriteParameters(void)
{
    HKEY Key;
    DWORD Greeting = GREETING;
    if (RegCreateKeyExA(HKEY_LOCAL_MACHINE, SERVICES_KEY "\\Parameters", 0, NULL, 0, KEY_WRITE,
                        NULL, &Key, NULL) != ERROR_SUCCESS)
        return FALSE;
    LSTATUS Status = RegSetValueExA(Key, "Greeting", 0, REG_DWORD, (const BYTE *)&Greeting,
                                    sizeof Greeting);
    RegCloseKey(Key);
    return Status == ERROR_SUCCESS;
}

static BOOL StartDriver(SC_HANDLE SchSCManager, LPCSTR DriverName)
{
    SC_HANDLE SchService = OpenServiceA(SchSCManager, DriverName, SERVICE_ALL_ACCESS);
    if (SchService == NULL) {
        printf("OpenService failed: %lu\n", (unsigned long)GetLastError());
        return FALSE;
    }
    BOOL Ok = StartServiceA(SchService, 0, NULL);
    if (!Ok && GetLastError() == ERROR_SERVICE_ALREADY_RUNNING)
        Ok = TRUE; /* ignore this error */
    else if (!Ok)
        printf("StartService failed: %lu\n", (unsigned long)GetLastError());
    CloseServiceHandle(SchService);
    return Ok;
}

static BOOL StopDriver(SC_HANDLE SchSCManager, LPCSTR DriverName)
{
    SERVICE_STATUS ServiceStatus;
    SC_HANDLE SchService = OpenServiceA(SchSCManager, DriverName, SERVICE_ALL_ACCESS);
    if (SchService == NULL) {
        printf("OpenService failed: %lu\n", (unsigned long)GetLastError());
        return FALSE;
    }
    BOOL Ok = ControlService(SchService, SERVICE_CONTROL_STOP, &ServiceStatus);
    if (!Ok)
        printf("note: ControlService failed: %lu\n", (unsigned long)GetLastError());
    CloseServiceHandle(SchService);
    return Ok;
}

static BOOL RemoveDriver(SC_HANDLE SchSCManager, LPCSTR DriverName)
{
    SC_HANDLE SchService = OpenServiceA(SchSCManager, DriverName, SERVICE_ALL_ACCESS);
    if (SchService == NULL) {
        printf("OpenService failed: %lu\n", (unsigned long)GetLastError());
        return FALSE;
    }
    BOOL Ok = DeleteService(SchService);
    if (!Ok)
        printf("DeleteService failed: %lu\n", (unsigned long)GetLastError());
    CloseServiceHandle(SchService);
    return Ok;
}

static BOOL ManageDriver(LPCSTR DriverName, LPCSTR ServiceName, USHORT Function)
{
    BOOL Ok = TRUE;
    SC_HANDLE SchSCManager = OpenSCManagerA(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    if (!SchSCManager) {
        printf("Open SC Manager failed! Error = %lu\n", (unsigned long)GetLastError());
        return FALSE;
    }
    switch (Function) {
    case DRIVER_FUNC_INSTALL:
        Ok = InstallDriver(SchSCManager, DriverName, ServiceName) && WriteParameters() &&
             StartDriver(SchSCManager, DriverName);
        break;
    case DRIVER_FUNC_REMOVE:
        StopDriver(SchSCManager, DriverName); /* may have stopped already */
        Ok = RemoveDriver(SchSCManager, DriverName);
        break;
    default:
        Ok = FALSE;
        break;
    }
    CloseServiceHandle(SchSCManager);
    return Ok;
}

/* ---- using the device and checking the SCM ------------------------------- */

static HANDLE OpenDevice(void)
{
    return CreateFileA(SCMSAMPLE_DEVICE_PATH, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                       FILE_ATTRIBUTE_NORMAL, NULL);
}

static BOOL QueryInfo(HANDLE Device, SCMSAMPLE_INFO *Info)
{
    DWORD Bytes = 0;
    memset(Info, 0, sizeof *Info);
    return DeviceIoControl(Device, IOCTL_SCMSAMPLE_INFO, NULL, 0, Info, sizeof *Info, &Bytes,
                           NULL) &&
           Bytes == sizeof *Info;
}

static BOOL SameWide(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static DWORD CurrentState(SC_HANDLE Service)
{
    SERVICE_STATUS Status;
    return QueryServiceStatus(Service, &Status) ? Status.dwCurrentState : 0;
}

/* What the driver saw in DriverEntry: its service key as RegistryPath and
 * the parameter under it. */
static void CheckDevice(HANDLE Device, ULONG ExpectedGreeting)
{
    SCMSAMPLE_INFO Info;
    EXPECT(QueryInfo(Device, &Info), "IOCTL_SCMSAMPLE_INFO");
    EXPECT(SameWide(Info.RegistryPath,
                    L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\" SCMSAMPLE_SERVICE),
           "DriverEntry got the service key as RegistryPath");
    EXPECT(Info.Greeting == ExpectedGreeting,
           "the driver read Parameters\\Greeting with RtlQueryRegistryValues");
    EXPECT(Info.Loads == 1, "DriverEntry ran once in a fresh image");
    EXPECT(Info.Opens == 1, "the device was opened once");
}

static int Cycle(BOOL KeepInstalled)
{
    char DriverLocation[MAX_PATH];
    SERVICE_STATUS Status;
    HANDLE Device = OpenDevice();

    if (Device == INVALID_HANDLE_VALUE) {
        EXPECT(GetLastError() == ERROR_FILE_NOT_FOUND, "the device is not there before the install");
        if (!SetupDriverName(DriverLocation, sizeof DriverLocation) ||
            !ManageDriver(SCMSAMPLE_SERVICE, DriverLocation, DRIVER_FUNC_INSTALL)) {
            printf("FAIL: installing the driver\n");
            return 1;
        }
        Device = OpenDevice();
    } else {
        printf("FAIL: the device was already there\n");
        failures++;
    }
    EXPECT(Device != INVALID_HANDLE_VALUE, "the device opens once the driver is started");
    if (Device == INVALID_HANDLE_VALUE)
        return 1;
    CheckDevice(Device, GREETING);

    SC_HANDLE Manager = OpenSCManagerA(NULL, NULL, SC_MANAGER_CONNECT);
    SC_HANDLE Service = OpenServiceA(Manager, SCMSAMPLE_SERVICE,
                                     SERVICE_START | SERVICE_STOP | SERVICE_QUERY_STATUS |
                                         SERVICE_QUERY_CONFIG | DELETE);
    EXPECT(Service != NULL, "OpenService");
    EXPECT(CurrentState(Service) == SERVICE_RUNNING, "QueryServiceStatus: RUNNING");
    EXPECT(!StartServiceA(Service, 0, NULL) && GetLastError() == ERROR_SERVICE_ALREADY_RUNNING,
           "StartService again: ERROR_SERVICE_ALREADY_RUNNING");

    /* Stopping while the device is open: the unload waits for the handle. */
    EXPECT(ControlService(Service, SERVICE_CONTROL_STOP, &Status) &&
               Status.dwCurrentState == SERVICE_STOP_PENDING,
           "ControlService(STOP) with the device open: STOP_PENDING");
    EXPECT(CurrentState(Service) == SERVICE_STOP_PENDING, "QueryServiceStatus: STOP_PENDING");
    EXPECT(!ControlService(Service, SERVICE_CONTROL_STOP, &Status) &&
               GetLastError() == ERROR_SERVICE_CANNOT_ACCEPT_CTRL &&
               Status.dwCurrentState == SERVICE_STOP_PENDING,
           "ControlService(STOP) again: ERROR_SERVICE_CANNOT_ACCEPT_CTRL");
    HANDLE Second = OpenDevice();
    EXPECT(Second == INVALID_HANDLE_VALUE && GetLastError() == ERROR_NO_SUCH_DEVICE,
           "a stopping driver's device takes no new opens (STATUS_NO_SUCH_DEVICE)");
    if (Second != INVALID_HANDLE_VALUE)
        CloseHandle(Second);
    EXPECT(!StartServiceA(Service, 0, NULL) && GetLastError() == ERROR_SERVICE_ALREADY_RUNNING,
           "StartService while it stops: ERROR_SERVICE_ALREADY_RUNNING");
    SCMSAMPLE_INFO Info;
    EXPECT(QueryInfo(Device, &Info), "the open handle still works while the stop is pending");
    CloseHandle(Device);
    EXPECT(CurrentState(Service) == SERVICE_STOPPED, "closing the last handle unloads: STOPPED");
    EXPECT(!ControlService(Service, SERVICE_CONTROL_STOP, &Status) &&
               GetLastError() == ERROR_SERVICE_NOT_ACTIVE && Status.dwCurrentState == SERVICE_STOPPED,
           "ControlService(STOP) once stopped: ERROR_SERVICE_NOT_ACTIVE");

    /* Started again, the driver is a fresh image; stopped with no handle
     * open, it unloads at once. */
    EXPECT(StartServiceA(Service, 0, NULL), "StartService after the stop");
    Device = OpenDevice();
    EXPECT(Device != INVALID_HANDLE_VALUE, "the device is back");
    if (Device != INVALID_HANDLE_VALUE) {
        CheckDevice(Device, GREETING);
        CloseHandle(Device);
    }
    EXPECT(ControlService(Service, SERVICE_CONTROL_STOP, &Status) &&
               Status.dwCurrentState == SERVICE_STOPPED,
           "ControlService(STOP) with no handle open: STOPPED");
    EXPECT(Status.dwWin32ExitCode == NO_ERROR, "the stopped driver's exit code is NO_ERROR");

    if (KeepInstalled) {
        CloseServiceHandle(Service);
        CloseServiceHandle(Manager);
        return failures;
    }

    /* Removing: marked for deletion while handles are open, gone with the
     * last one. */
    EXPECT(ManageDriver(SCMSAMPLE_SERVICE, NULL, DRIVER_FUNC_REMOVE), "DeleteService");
    EXPECT(!DeleteService(Service) && GetLastError() == ERROR_SERVICE_MARKED_FOR_DELETE,
           "DeleteService again: ERROR_SERVICE_MARKED_FOR_DELETE");
    EXPECT(!StartServiceA(Service, 0, NULL) && GetLastError() == ERROR_SERVICE_MARKED_FOR_DELETE,
           "StartService of a service marked for deletion: ERROR_SERVICE_MARKED_FOR_DELETE");
    HKEY Key;
    EXPECT(RegOpenKeyExA(HKEY_LOCAL_MACHINE, SERVICES_KEY, 0, KEY_READ, &Key) == ERROR_SUCCESS,
           "the key stays while a handle is open");
    RegCloseKey(Key);
    EXPECT(CloseServiceHandle(Service), "CloseServiceHandle");
    EXPECT(RegOpenKeyExA(HKEY_LOCAL_MACHINE, SERVICES_KEY, 0, KEY_READ, &Key) == ERROR_FILE_NOT_FOUND,
           "the last handle closed: the service key is gone");
    EXPECT(OpenServiceA(Manager, SCMSAMPLE_SERVICE, SERVICE_QUERY_STATUS) == NULL &&
               GetLastError() == ERROR_SERVICE_DOES_NOT_EXIST,
           "OpenService: ERROR_SERVICE_DOES_NOT_EXIST");
    CloseServiceHandle(Manager);
    return failures;
}

int main(int argc, char **argv)
{
    BOOL Install = argc > 1 && !strcmp(argv[1], "install");
    int Failed = Cycle(Install);
    printf(Failed ? "scmapp: FAIL (%d)\n" : "scmapp: PASS\n", Failed);
    return Failed ? 1 : 0;
}
