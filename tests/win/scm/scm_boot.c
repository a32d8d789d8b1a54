/*
 * tests/win/scm/scm_boot.c - drivers the kernel starts with the process
 * (SERVICE_SYSTEM_START, AUTO_START), run in several processes of one
 * prefix by boot.sh:
 *   scm_boot create   install the services (nothing of them runs yet)
 *   scm_boot check    the next process: the system-start driver was loaded
 *                     before main, marked and demand-start ones were not;
 *                     then make the system-start one critical and broken
 *   scm_boot final    after the broken service is gone: nothing is left
 */
#include <windows.h>
#include <winioctl.h>

#include "../../harness.h"
#include "scmtest.h"

static char Dir[MAX_PATH];
static SC_HANDLE Manager;

static SC_HANDLE Create(const char *Name, const char *File, DWORD Start, DWORD ErrorControl)
{
    char Path[MAX_PATH + 32];
    snprintf(Path, sizeof Path, "%s%s", Dir, File);
    return CreateServiceA(Manager, Name, NULL, SERVICE_ALL_ACCESS, SERVICE_KERNEL_DRIVER, Start,
                          ErrorControl, Path, NULL, NULL, NULL, NULL, NULL);
}

static BOOL DeviceOpens(const char *Path, SCMTEST_INFO *Info)
{
    DWORD Bytes;
    HANDLE H = CreateFileA(Path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (H == INVALID_HANDLE_VALUE)
        return FALSE;
    if (Info)
        CHECK(DeviceIoControl(H, IOCTL_SCMTEST_INFO, NULL, 0, Info, sizeof *Info, &Bytes, NULL));
    CloseHandle(H);
    return TRUE;
}

static DWORD State(const char *Name)
{
    SERVICE_STATUS Status;
    SC_HANDLE S = OpenServiceA(Manager, Name, SERVICE_QUERY_STATUS);
    DWORD Result = S && QueryServiceStatus(S, &Status) ? Status.dwCurrentState : 0;
    if (S)
        CloseServiceHandle(S);
    return Result;
}

static void CreateServices(void)
{
    SC_HANDLE S;
    CHECK((S = Create("ntiotest_boot", "scmtest.sys", SERVICE_SYSTEM_START, SERVICE_ERROR_NORMAL)) != NULL);
    CHECK_EQ(State("ntiotest_boot"), SERVICE_STOPPED); /* installed after this kernel started */
    CloseServiceHandle(S);
    CHECK((S = Create("ntiotest_auto", "nosuch.sys", SERVICE_AUTO_START, SERVICE_ERROR_NORMAL)) != NULL);
    CloseServiceHandle(S);
    CHECK((S = Create("ntiotest_ignored", "nosuch.sys", SERVICE_AUTO_START, SERVICE_ERROR_IGNORE)) != NULL);
    CloseServiceHandle(S);
    CHECK((S = Create("ntiotest_demand", "scmnounload.sys", SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL)) != NULL);
    CloseServiceHandle(S);
    /* Marked for deletion while its driver runs: the key stays past this
     * process, and the next kernel must not start it. */
    CHECK((S = Create("ntiotest_bootdel", "scmtest2.sys", SERVICE_SYSTEM_START, SERVICE_ERROR_NORMAL)) != NULL);
    CHECK(StartServiceA(S, 0, NULL));
    CHECK(DeleteService(S));
    CHECK(CloseServiceHandle(S));
    HKEY Key;
    CHECK_EQ(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SYSTEM\\CurrentControlSet\\Services\\ntiotest_bootdel",
                           0, KEY_READ, &Key),
             ERROR_SUCCESS);
    RegCloseKey(Key);
}

static void CheckStarted(void)
{
    SCMTEST_INFO Info;
    SERVICE_STATUS Status;
    SC_HANDLE S;

    /* Before any SCM call: what the kernel started on its own. */
    CHECK(DeviceOpens("\\\\.\\ScmTest", &Info));
    CHECK(!memcmp(Info.RegistryPath, L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\ntiotest_boot",
                  66 * sizeof(WCHAR)));
    CHECK_EQ(Info.Loads, 1);
    CHECK(!DeviceOpens("\\\\.\\ScmTest2", NULL));     /* marked for deletion: not started */
    CHECK(!DeviceOpens("\\\\.\\ScmNoUnload", NULL));  /* demand start */

    Manager = OpenSCManagerA(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    CHECK(Manager != NULL);
    CHECK_EQ(State("ntiotest_boot"), SERVICE_RUNNING);
    CHECK_EQ(State("ntiotest_demand"), SERVICE_STOPPED);
    CHECK_EQ(State("ntiotest_auto"), SERVICE_STOPPED);
    /* The earlier process's leftover is gone, as at a reboot. */
    CHECK_EQ(State("ntiotest_bootdel"), 0);
    CHECK_EQ(GetLastError(), ERROR_SERVICE_DOES_NOT_EXIST);

    CHECK((S = OpenServiceA(Manager, "ntiotest_boot", SERVICE_ALL_ACCESS)) != NULL);
    SetLastError(0);
    CHECK(!StartServiceA(S, 0, NULL));
    CHECK_EQ(GetLastError(), ERROR_SERVICE_ALREADY_RUNNING);
    CHECK(ControlService(S, SERVICE_CONTROL_STOP, &Status));
    CHECK_EQ(Status.dwCurrentState, SERVICE_STOPPED);
    CHECK(!DeviceOpens("\\\\.\\ScmTest", NULL));
    /* A critical driver that fails stops the next kernel from starting. */
    char Path[MAX_PATH + 16];
    snprintf(Path, sizeof Path, "%snosuch.sys", Dir);
    CHECK(ChangeServiceConfigA(S, SERVICE_NO_CHANGE, SERVICE_NO_CHANGE, SERVICE_ERROR_CRITICAL, Path,
                               NULL, NULL, NULL, NULL, NULL, NULL));
    CloseServiceHandle(S);
    const char *Done[] = { "ntiotest_auto", "ntiotest_ignored", "ntiotest_demand" };
    for (int i = 0; i < 3; i++) {
        CHECK((S = OpenServiceA(Manager, Done[i], DELETE)) != NULL);
        CHECK(DeleteService(S));
        CloseServiceHandle(S);
    }
}

static void CheckFinal(void)
{
    CHECK(!DeviceOpens("\\\\.\\ScmTest", NULL));
    Manager = OpenSCManagerA(NULL, NULL, SC_MANAGER_CONNECT);
    CHECK(Manager != NULL);
    const char *Gone[] = { "ntiotest_boot", "ntiotest_auto", "ntiotest_ignored", "ntiotest_demand",
                           "ntiotest_bootdel" };
    for (int i = 0; i < 5; i++) {
        SetLastError(0);
        CHECK_EQ(State(Gone[i]), 0);
        CHECK_EQ(GetLastError(), ERROR_SERVICE_DOES_NOT_EXIST);
    }
}

int main(int argc, char **argv)
{
    DWORD n = GetModuleFileNameA(NULL, Dir, sizeof Dir);
    char *Slash = strrchr(Dir, '\\');
    CHECK(n > 0 && Slash != NULL);
    if (!Slash || argc < 2)
        return test_summary("scm_boot");
    Slash[1] = 0;
    if (!strcmp(argv[1], "create")) {
        Manager = OpenSCManagerA(NULL, NULL, SC_MANAGER_ALL_ACCESS);
        CHECK(Manager != NULL);
        CreateServices();
    } else if (!strcmp(argv[1], "check")) {
        CheckStarted();
    } else if (!strcmp(argv[1], "final")) {
        CheckFinal();
    }
    if (Manager)
        CloseServiceHandle(Manager);
    return test_summary("scm_boot");
}
