/*
 * tests/win/scm/scm_user.c - the SCM as a standard user (user.sh runs it
 * as another Linux user than the prefix's owner): reading is allowed,
 * installing, starting, stopping, changing and deleting are not.
 *   scm_user setup   (the owner) install ntiotest_user
 *   scm_user user    (another user) what a standard user may do
 *   scm_user cleanup (the owner) delete it
 */
#include <windows.h>
#include <ntio/ntdrv.h> /* NtLoadDriver */

#include "../../harness.h"

#define CHECK_FAILS(call, error)                  \
    do {                                          \
        SetLastError(0xdeadbeef);                 \
        CHECK(!(call));                           \
        CHECK_EQ(GetLastError(), (DWORD)(error)); \
    } while (0)

int main(int argc, char **argv)
{
    char Path[MAX_PATH];
    SC_HANDLE M, S;
    SERVICE_STATUS Status;
    if (argc < 2)
        return 2;
    GetModuleFileNameA(NULL, Path, sizeof Path);
    strcpy(strrchr(Path, '\\') + 1, "scmtest.sys");

    if (!strcmp(argv[1], "setup")) {
        CHECK((M = OpenSCManagerA(NULL, NULL, SC_MANAGER_ALL_ACCESS)) != NULL);
        CHECK((S = CreateServiceA(M, "ntiotest_user", NULL, SERVICE_ALL_ACCESS, SERVICE_KERNEL_DRIVER,
                                  SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL, Path, NULL, NULL, NULL,
                                  NULL, NULL)) != NULL);
        CloseServiceHandle(S);
        CloseServiceHandle(M);
    } else if (!strcmp(argv[1], "cleanup")) {
        CHECK((M = OpenSCManagerA(NULL, NULL, SC_MANAGER_ALL_ACCESS)) != NULL);
        CHECK((S = OpenServiceA(M, "ntiotest_user", DELETE)) != NULL);
        CHECK(DeleteService(S));
        CloseServiceHandle(S);
        CloseServiceHandle(M);
    } else {
        CHECK_FAILS(OpenSCManagerA(NULL, NULL, SC_MANAGER_CREATE_SERVICE), ERROR_ACCESS_DENIED);
        CHECK_FAILS(OpenSCManagerA(NULL, NULL, SC_MANAGER_ALL_ACCESS), ERROR_ACCESS_DENIED);
        CHECK_FAILS(OpenSCManagerA(NULL, NULL, GENERIC_WRITE), ERROR_ACCESS_DENIED);
        CHECK((M = OpenSCManagerA(NULL, NULL, GENERIC_READ)) != NULL);
        CloseServiceHandle(M);
        CHECK((M = OpenSCManagerA(NULL, NULL, MAXIMUM_ALLOWED)) != NULL);
        CHECK_FAILS(CreateServiceA(M, "ntiotest_user2", NULL, 0, SERVICE_KERNEL_DRIVER,
                                   SERVICE_DEMAND_START, 0, Path, NULL, NULL, NULL, NULL, NULL),
                    ERROR_ACCESS_DENIED);
        CHECK_FAILS(OpenServiceA(M, "ntiotest_user", SERVICE_START), ERROR_ACCESS_DENIED);
        CHECK_FAILS(OpenServiceA(M, "ntiotest_user", SERVICE_STOP), ERROR_ACCESS_DENIED);
        CHECK_FAILS(OpenServiceA(M, "ntiotest_user", DELETE), ERROR_ACCESS_DENIED);
        CHECK_FAILS(OpenServiceA(M, "ntiotest_user", SERVICE_CHANGE_CONFIG), ERROR_ACCESS_DENIED);
        CHECK_FAILS(OpenServiceA(M, "ntiotest_user", SERVICE_ALL_ACCESS), ERROR_ACCESS_DENIED);
        CHECK_FAILS(OpenServiceA(M, "ntiotest_user", GENERIC_EXECUTE), ERROR_ACCESS_DENIED);
        /* Reading is allowed. */
        CHECK((S = OpenServiceA(M, "ntiotest_user", GENERIC_READ)) != NULL);
        CHECK(QueryServiceStatus(S, &Status));
        CHECK_EQ(Status.dwCurrentState, SERVICE_STOPPED);
        BYTE Buffer[SERVICE_CONFIG_MAX_BYTES];
        DWORD Needed;
        CHECK(QueryServiceConfigA(S, (QUERY_SERVICE_CONFIGA *)Buffer, sizeof Buffer, &Needed));
        CloseServiceHandle(S);
        /* What MAXIMUM_ALLOWED gets a standard user cannot start. */
        CHECK((S = OpenServiceA(M, "ntiotest_user", MAXIMUM_ALLOWED)) != NULL);
        CHECK_FAILS(StartServiceA(S, 0, NULL), ERROR_ACCESS_DENIED);
        CHECK_FAILS(DeleteService(S), ERROR_ACCESS_DENIED);
        CHECK(ControlService(S, SERVICE_CONTROL_INTERROGATE, &Status) == FALSE);
        CHECK_EQ(GetLastError(), ERROR_SERVICE_NOT_ACTIVE);
        CloseServiceHandle(S);
        CloseServiceHandle(M);
        /* And the kernel itself refuses: loading drivers is an administrator's. */
        UNICODE_STRING Key;
        static WCHAR KeyPath[] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\ntiotest_user";
        Key.Buffer = KeyPath;
        Key.Length = sizeof KeyPath - sizeof(WCHAR);
        Key.MaximumLength = sizeof KeyPath;
        CHECK_EQ(NtLoadDriver(&Key), 0xC0000061); /* STATUS_PRIVILEGE_NOT_HELD */
    }
    return test_summary(argv[1]);
}
