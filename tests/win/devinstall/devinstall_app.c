/*
 * devinstall_app.c - installing ntio's PnP test drivers from their INF
 * (echo.inf), the way `devcon install` and UpdateDriverForPlugAndPlayDevices
 * do, instead of writing the registry by hand (tests/win/pnp/pnp_app.c).
 *
 *   devinstall_app FIXTURES PNPBUILD install   first run: create the root
 *       device from the INF and check what the install left (device started
 *       with its filter and Greeting, service, software and class keys,
 *       files, driver store), updates, error cases
 *   devinstall_app FIXTURES PNPBUILD again     second run in the same prefix:
 *       the device came back with the kernel, started
 *   devinstall_app FIXTURES PNPBUILD diag      malformed INFs (messages on stderr)
 *
 * FIXTURES is this directory, PNPBUILD where pnpecho.sys and pnpfilt.sys
 * were built (Linux paths).  The package is put together in C:\pkg.
 */
#include <windows.h>
#include <winioctl.h>
#include <newdev.h>
#include <ntio/ntpnp.h>
#include <stdio.h>
#include <string.h>
#include <initguid.h>
#include "../pnp/pnptest.h"
#include "../../../win32/setupapi/setupapip.h"
#include "../../harness.h"
#include "../pnp/pkgstage.h"
#include "instcheck.h"

#define ECHO_INF PKG L"\\echo.inf"
#define ECHO_ID L"ROOT\\NTIOECHO"
#define ECHO L"ROOT\\NTIOTEST\\0000"
#define CLASS_GUID L"{6b3f3a10-2f1c-4c1b-9a7e-1d54330ea1ff}"
#define CLASS_KEY L"SYSTEM\\CurrentControlSet\\Control\\Class\\" CLASS_GUID
#define ENUM_KEY L"SYSTEM\\CurrentControlSet\\Enum\\"
#define SERVICES_KEY L"SYSTEM\\CurrentControlSet\\Services\\"

static WCHAR Fixtures[600], PnpBuild[600];

/* ---- registry --------------------------------------------------------------------------- */

static BOOL RegString(PCWSTR Key, PCWSTR Name, PCWSTR Expected)
{
    WCHAR Value[512];
    DWORD Bytes = sizeof Value;
    if (RegGetValueW(HKEY_LOCAL_MACHINE, Key, Name, RRF_RT_REG_SZ | RRF_RT_REG_EXPAND_SZ |
                     RRF_NOEXPAND, NULL, Value, &Bytes) != ERROR_SUCCESS) {
        fprintf(stderr, "  (%ls: no %ls)\n", Key, Name ? Name : L"(default)");
        return FALSE;
    }
    if (wcscmp(Value, Expected)) {
        fprintf(stderr, "  (%ls %ls = \"%ls\", expected \"%ls\")\n", Key, Name ? Name : L"(default)",
                Value, Expected);
        return FALSE;
    }
    return TRUE;
}

static DWORD RegDword(PCWSTR Key, PCWSTR Name)
{
    DWORD Value = 0xDEADBEEF, Bytes = sizeof Value;
    RegGetValueW(HKEY_LOCAL_MACHINE, Key, Name, RRF_RT_REG_DWORD, NULL, &Value, &Bytes);
    return Value;
}

/* A REG_MULTI_SZ as "a|b|c". */
static BOOL RegMulti(PCWSTR Key, PCWSTR Name, PCWSTR Expected)
{
    WCHAR Value[512], Joined[512] = L"";
    DWORD Bytes = sizeof Value;
    if (RegGetValueW(HKEY_LOCAL_MACHINE, Key, Name, RRF_RT_REG_MULTI_SZ, NULL, Value, &Bytes))
        return FALSE;
    for (PWSTR p = Value; *p; p += wcslen(p) + 1) {
        if (Joined[0])
            wcscat(Joined, L"|");
        wcscat(Joined, p);
    }
    if (wcscmp(Joined, Expected)) {
        fprintf(stderr, "  (%ls %ls = \"%ls\", expected \"%ls\")\n", Key, Name, Joined, Expected);
        return FALSE;
    }
    return TRUE;
}


/* ---- the device ---------------------------------------------------------------------------- */

static NTSTATUS Status(PCWSTR Instance, ULONG *DnStatus, ULONG *Problem)
{
    PLUGPLAY_CONTROL_STATUS_DATA Data = { 0 };
    Data.DeviceInstance.Buffer = (PWSTR)Instance;
    Data.DeviceInstance.Length = Data.DeviceInstance.MaximumLength =
        (USHORT)(wcslen(Instance) * sizeof(WCHAR));
    NTSTATUS s = NtPlugPlayControl(PlugPlayControlGetDeviceStatus, &Data, sizeof Data);
    *DnStatus = Data.DeviceStatus;
    *Problem = Data.DeviceProblem;
    return s;
}

static BOOL Started(PCWSTR Instance)
{
    ULONG S, P;
    return NT_SUCCESS(Status(Instance, &S, &P)) && (S & DN_STARTED) && !P;
}

static HANDLE OpenEcho(PCWSTR Instance)
{
    WCHAR List[1024];
    PLUGPLAY_CONTROL_INTERFACE_LIST_DATA Data = { 0 };
    Data.DeviceInstance.Buffer = (PWSTR)Instance;
    Data.DeviceInstance.Length = Data.DeviceInstance.MaximumLength =
        (USHORT)(wcslen(Instance) * sizeof(WCHAR));
    Data.InterfaceClassGuid = (GUID *)&GUID_DEVINTERFACE_NTIO_ECHO;
    Data.Buffer = List;
    Data.BufferSize = 1024;
    if (!NT_SUCCESS(NtPlugPlayControl(PlugPlayControlGetInterfaceDeviceList, &Data, sizeof Data)) ||
        !List[0])
        return INVALID_HANDLE_VALUE;
    return CreateFileW(List, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
}

/* The device runs the echo driver with the filter above it and its Greeting. */
static void CheckEchoWorks(PCWSTR Instance)
{
    CHECK(Started(Instance));
    HANDLE h = OpenEcho(Instance);
    CHECK(h != INVALID_HANDLE_VALUE);
    if (h == INVALID_HANDLE_VALUE)
        return;
    ECHO_INFO I;
    DWORD Bytes;
    memset(&I, 0, sizeof I);
    CHECK(DeviceIoControl(h, IOCTL_ECHO_INFO, NULL, 0, &I, sizeof I, &Bytes, NULL));
    CHECK(!wcscmp(I.Greeting, L"hello"));
    CHECK(!wcscmp(I.HardwareId, ECHO_ID));
    CHECK_EQ(I.FilterAbove, 1);
    ULONG Count = 0;
    CHECK(DeviceIoControl(h, IOCTL_FILTER_COUNT, NULL, 0, &Count, sizeof Count, &Bytes, NULL));
    CHECK(Count >= 2);
    CloseHandle(h);
}

/* What the install wrote. */
static void CheckRegistry(PCWSTR Inf)
{
    WCHAR Soft[300];
    swprintf(Soft, 300, L"%ls\\0000", CLASS_KEY);
    /* The instance key. */
    CHECK(RegString(ENUM_KEY ECHO, L"Service", L"pnpecho"));
    CHECK(RegString(ENUM_KEY ECHO, L"ClassGUID", CLASS_GUID));
    CHECK(RegString(ENUM_KEY ECHO, L"Class", L"NtioTest"));
    CHECK(RegString(ENUM_KEY ECHO, L"Driver", CLASS_GUID L"\\0000"));
    CHECK(RegString(ENUM_KEY ECHO, L"Mfg", L"ntio test devices"));
    CHECK(RegString(ENUM_KEY ECHO, L"DeviceDesc", L"ntio echo device"));
    CHECK_EQ(RegDword(ENUM_KEY ECHO, L"ConfigFlags"), 0);
    CHECK(RegMulti(ENUM_KEY ECHO, L"HardwareID", ECHO_ID));
    CHECK(RegMulti(ENUM_KEY ECHO, L"UpperFilters", L"pnpfilt"));
    CHECK(RegString(ENUM_KEY ECHO L"\\Device Parameters", L"Greeting", L"hello"));
    /* The software key. */
    CHECK(RegString(Soft, L"DriverDesc", L"ntio echo device"));
    CHECK(RegString(Soft, L"ProviderName", L"ntio"));
    CHECK(RegString(Soft, L"DriverVersion", L"1.2.3.4"));
    CHECK(RegString(Soft, L"DriverDate", L"11-20-2026"));
    CHECK(RegString(Soft, L"InfPath", Inf));
    CHECK(RegString(Soft, L"InfSection", L"Echo_Install"));
    CHECK(RegString(Soft, L"InfSectionExt", L".NT"));
    CHECK(RegString(Soft, L"MatchingDeviceId", L"root\\ntioecho"));
    CHECK_EQ(RegDword(Soft, L"EchoSetting"), 42);
    CHECK(RegString(Soft, L"EchoBinary", L"C:\\windows\\system32\\drivers\\pnpecho.sys"));
    CHECK(RegMulti(Soft, L"EchoList", L"one|two|three"));
    CHECK(RegString(Soft, L"EchoKept", L"first"));
    BYTE Bin[8];
    DWORD Bytes = sizeof Bin, Type = 0;
    CHECK_EQ(RegGetValueW(HKEY_LOCAL_MACHINE, Soft, L"EchoBytes", RRF_RT_ANY, &Type, Bin, &Bytes),
             ERROR_SUCCESS);
    CHECK(Type == REG_BINARY && Bytes == 3 && Bin[0] == 1 && Bin[1] == 10 && Bin[2] == 0xFF);
    /* No software key beyond the echo device's (0000) and ROOT\NTIOOTHER's (0001). */
    swprintf(Soft, 300, L"%ls\\0002", CLASS_KEY);
    CHECK(!KeyExists(Soft));
    /* The class key: ClassInstall32 ran. */
    CHECK(RegString(CLASS_KEY, L"Class", L"NtioTest"));
    CHECK(RegString(CLASS_KEY, NULL, L"ntio test devices"));
    CHECK(RegString(CLASS_KEY, L"Icon", L"-5"));
    /* The services. */
    CHECK(RegString(SERVICES_KEY L"pnpecho", L"ImagePath", L"\\SystemRoot\\System32\\drivers\\pnpecho.sys"));
    CHECK_EQ(RegDword(SERVICES_KEY L"pnpecho", L"Type"), 1);
    CHECK_EQ(RegDword(SERVICES_KEY L"pnpecho", L"Start"), 3);
    CHECK_EQ(RegDword(SERVICES_KEY L"pnpecho", L"ErrorControl"), 1);
    CHECK(RegString(SERVICES_KEY L"pnpecho", L"DisplayName", L"ntio echo service"));
    CHECK(RegString(SERVICES_KEY L"pnpecho", L"Description", L"ntio PnP echo driver"));
    CHECK_EQ(RegDword(SERVICES_KEY L"pnpecho\\Parameters", L"Mode"), 7);
    CHECK(RegString(SERVICES_KEY L"pnpfilt", L"ImagePath", L"\\SystemRoot\\System32\\drivers\\pnpfilt.sys"));
    /* The files. */
    CHECK(GetFileAttributesW(L"C:\\Windows\\System32\\drivers\\pnpecho.sys") != INVALID_FILE_ATTRIBUTES);
    CHECK(GetFileAttributesW(L"C:\\Windows\\System32\\drivers\\pnpfilt.sys") != INVALID_FILE_ATTRIBUTES);
}

static void TestBadParameters(void)
{
    BOOL Reboot = 7;
    SetLastError(0);
    CHECK(!UpdateDriverForPlugAndPlayDevicesW(NULL, ECHO_ID, ECHO_INF, 0x8, &Reboot));
    CHECK_EQ(GetLastError(), ERROR_INVALID_FLAGS);
    CHECK(!UpdateDriverForPlugAndPlayDevicesW(NULL, NULL, ECHO_INF, 0, &Reboot));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!UpdateDriverForPlugAndPlayDevicesW(NULL, L"", ECHO_INF, 0, &Reboot));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!UpdateDriverForPlugAndPlayDevicesW(NULL, ECHO_ID, NULL, 0, &Reboot));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!UpdateDriverForPlugAndPlayDevicesW(NULL, ECHO_ID, PKG L"\\missing.inf", 0, &Reboot));
    CHECK_EQ(GetLastError(), ERROR_FILE_NOT_FOUND);
    /* No device has the ID. */
    CHECK(!UpdateDriverForPlugAndPlayDevicesW(NULL, L"ROOT\\NOBODY", ECHO_INF, 0, &Reboot));
    CHECK_EQ(GetLastError(), ERROR_NO_SUCH_DEVINST);
    CHECK(!UpdateDriverForPlugAndPlayDevicesA(NULL, "ROOT\\NOBODY", "C:\\pkg\\echo.inf", 0, NULL));
    CHECK_EQ(GetLastError(), ERROR_NO_SUCH_DEVINST);
    CHECK(!DiInstallDriverW(NULL, NULL, 0, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!DiInstallDriverW(NULL, ECHO_INF, 0x80000000, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_FLAGS);
    CHECK(!DiInstallDriverW(NULL, PKG L"\\missing.inf", 0, NULL));
    CHECK_EQ(GetLastError(), ERROR_FILE_NOT_FOUND);
    CHECK_EQ(InfpInstallRootDevice(ECHO_INF, NULL, 0, NULL, 0, NULL), ERROR_INVALID_PARAMETER);
    CHECK_EQ(InfpInstallDeviceInstance(ECHO_INF, L"ROOT\\NOSUCH\\0000", 0, NULL), ERROR_NO_SUCH_DEVINST);
}

static void TestInstall(void)
{
    WCHAR Instance[200] = L"";
    BOOL Reboot = 7;

    /* devcon install echo.inf ROOT\NTIOECHO */
    CHECK_EQ(InfpInstallRootDevice(ECHO_INF, ECHO_ID, 0, Instance, 200, &Reboot), ERROR_SUCCESS);
    CHECK(!wcscmp(Instance, ECHO));
    CHECK_EQ(Reboot, FALSE);
    CheckEchoWorks(ECHO);
    CheckRegistry(L"oem0.inf");
    /* Staged in the driver store, indexed by ID. */
    CHECK(GetFileAttributesW(L"C:\\Windows\\INF\\oem0.inf") != INVALID_FILE_ATTRIBUTES);
    BYTE Rank[4];
    DWORD Bytes = sizeof Rank, Type;
    CHECK_EQ(RegGetValueW(HKEY_LOCAL_MACHINE, L"DRIVERS\\DriverDatabase\\DeviceIds\\root#ntioecho",
                          L"oem0.inf", RRF_RT_ANY, &Type, Rank, &Bytes),
             ERROR_SUCCESS);
    CHECK(Type == REG_BINARY && Bytes == 4);
    WCHAR Package[200] = L"";
    Bytes = sizeof Package;
    CHECK_EQ(RegGetValueW(HKEY_LOCAL_MACHINE, L"DRIVERS\\DriverDatabase\\DriverInfFiles\\oem0.inf",
                          NULL, RRF_RT_REG_MULTI_SZ, NULL, Package, &Bytes),
             ERROR_SUCCESS);
    CHECK(!wcsncmp(Package, L"echo.inf_amd64_", 15) && wcslen(Package) == 31);
    WCHAR Repo[400];
    swprintf(Repo, 400, L"C:\\Windows\\System32\\DriverStore\\FileRepository\\%ls\\pnpecho.sys", Package);
    CHECK(GetFileAttributesW(Repo) != INVALID_FILE_ATTRIBUTES);
    swprintf(Repo, 400, L"DRIVERS\\DriverDatabase\\DriverPackages\\%ls", Package);
    CHECK(RegString(Repo, NULL, L"oem0.inf"));
    CHECK(RegString(Repo, L"Provider", L"ntio"));

    /* Updating again: the same keys, the device restarted; DelReg runs
     * before AddReg. */
    HKEY Key;
    CHECK_EQ(RegOpenKeyExW(HKEY_LOCAL_MACHINE, CLASS_KEY L"\\0000", 0, KEY_ALL_ACCESS, &Key),
             ERROR_SUCCESS);
    CHECK_EQ(RegSetValueExW(Key, L"EchoStale", 0, REG_SZ, (const BYTE *)L"x", 4), ERROR_SUCCESS);
    CHECK_EQ(RegSetValueExW(Key, L"EchoDropped", 0, REG_SZ, (const BYTE *)L"x", 4), ERROR_SUCCESS);
    CHECK_EQ(RegSetValueExW(Key, L"EchoList2", 0, REG_MULTI_SZ, (const BYTE *)L"a\0b\0c\0B\0", 18),
             ERROR_SUCCESS);
    RegCloseKey(Key);
    Reboot = 7;
    SetLastError(0xdead);
    CHECK(UpdateDriverForPlugAndPlayDevicesW(NULL, ECHO_ID, ECHO_INF, 0, &Reboot));
    CHECK_EQ(GetLastError(), ERROR_SUCCESS);
    CHECK_EQ(Reboot, FALSE);
    CheckEchoWorks(ECHO);
    CheckRegistry(L"oem0.inf");
    CHECK(GetFileAttributesW(L"C:\\Windows\\INF\\oem1.inf") == INVALID_FILE_ATTRIBUTES);
    CHECK_EQ(RegDword(CLASS_KEY L"\\0000", L"EchoStale"), 0xDEADBEEF);   /* DelReg */
    CHECK_EQ(RegDword(CLASS_KEY L"\\0000", L"EchoDropped"), 0xDEADBEEF); /* FLG_ADDREG_DELVAL */
    CHECK_EQ(RegDword(CLASS_KEY L"\\0000", L"EchoOverwrite"), 0xDEADBEEF); /* OVERWRITEONLY */
    CHECK(RegMulti(CLASS_KEY L"\\0000", L"EchoList2", L"a|c"));          /* DELSTRING, any case */

    /* A handle open: the device cannot restart, a reboot is needed. */
    HANDLE h = OpenEcho(ECHO);
    CHECK(h != INVALID_HANDLE_VALUE);
    CHECK(UpdateDriverForPlugAndPlayDevicesA(NULL, "root\\ntioecho", "C:\\pkg\\echo.inf",
                                             INSTALLFLAG_FORCE, &Reboot));
    CHECK_EQ(Reboot, TRUE);
    CloseHandle(h);
    CheckEchoWorks(ECHO);

    /* An INF without a model for the device. */
    CHECK(!UpdateDriverForPlugAndPlayDevicesW(NULL, ECHO_ID, PKG L"\\other.inf", 0, &Reboot));
    CHECK_EQ(GetLastError(), ERROR_NO_MORE_ITEMS);
    CHECK_EQ(InfpInstallDeviceInstance(PKG L"\\other.inf", ECHO, 0, NULL), ERROR_NO_COMPAT_DRIVERS);
    CHECK(RegString(ENUM_KEY ECHO, L"Service", L"pnpecho"));

    /* An older driver does not replace a newer one unless forced. */
    WriteText(PKG L"\\old.inf", "");
    {
        HANDLE In = CreateFileW(ECHO_INF, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
        static char Text[16384];
        DWORD Read = 0;
        CHECK(ReadFile(In, Text, sizeof Text - 1, &Read, NULL));
        CloseHandle(In);
        Text[Read] = 0;
        char *v = strstr(Text, "11/20/2026,1.2.3.4");
        CHECK(v != NULL);
        if (v)
            memcpy(v, "01/02/2020,1.0.0.0", 18);
        WriteText(PKG L"\\old.inf", Text);
    }
    CHECK(!UpdateDriverForPlugAndPlayDevicesW(NULL, ECHO_ID, PKG L"\\old.inf", 0, &Reboot));
    CHECK_EQ(GetLastError(), ERROR_NO_MORE_ITEMS);
    CHECK(RegString(CLASS_KEY L"\\0000", L"DriverDate", L"11-20-2026"));
    CHECK(UpdateDriverForPlugAndPlayDevicesW(NULL, ECHO_ID, PKG L"\\old.inf", INSTALLFLAG_FORCE,
                                             &Reboot));
    CHECK(RegString(CLASS_KEY L"\\0000", L"DriverDate", L"1-2-2020"));
    CHECK(RegString(CLASS_KEY L"\\0000", L"DriverVersion", L"1.0.0.0"));
    CHECK(RegString(CLASS_KEY L"\\0000", L"InfPath", L"oem1.inf"));
    CheckEchoWorks(ECHO);
    /* The newer one goes back on without force. */
    CHECK(UpdateDriverForPlugAndPlayDevicesW(NULL, ECHO_ID, ECHO_INF, 0, &Reboot));
    CheckRegistry(L"oem0.inf");
    CheckEchoWorks(ECHO);

    /* The .inx source of the same package. */
    CHECK(UpdateDriverForPlugAndPlayDevicesW(NULL, ECHO_ID, PKG L"\\echo.inx", INSTALLFLAG_FORCE,
                                             &Reboot));
    CHECK(RegString(CLASS_KEY L"\\0000", L"InfPath", L"oem2.inf"));
    CHECK(RegString(CLASS_KEY L"\\0000", L"InfSectionExt", L".NT"));
    CheckEchoWorks(ECHO);

    /* DiInstallDriver: staged again under its name, installed (forced). */
    CHECK(DiInstallDriverW(NULL, ECHO_INF, DIIRFLAG_FORCE_INF, &Reboot));
    CHECK_EQ(Reboot, FALSE);
    CheckRegistry(L"oem0.inf");
    CheckEchoWorks(ECHO);
    /* Not forced: a device without a driver gets it (ROOT\NTIOOTHER, made
     * by hand and registered: problem 1 until then). */
    HKEY Other;
    CHECK_EQ(RegCreateKeyExW(HKEY_LOCAL_MACHINE, ENUM_KEY L"ROOT\\NTIOOTHER\\0000", 0, NULL, 0,
                             KEY_ALL_ACCESS, NULL, &Other, NULL),
             ERROR_SUCCESS);
    CHECK_EQ(RegSetValueExW(Other, L"HardwareID", 0, REG_MULTI_SZ, (const BYTE *)L"ROOT\\NTIOOTHER\0",
                            32),
             ERROR_SUCCESS);
    RegCloseKey(Other);
    PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA Register = { 0 };
    Register.DeviceInstance.Buffer = L"ROOT\\NTIOOTHER\\0000";
    Register.DeviceInstance.Length = Register.DeviceInstance.MaximumLength = 21 * sizeof(WCHAR);
    CHECK_EQ(NtPlugPlayControl(PlugPlayControlRegisterNewDevice, &Register, sizeof Register),
             STATUS_SUCCESS);
    ULONG S, P;
    CHECK_EQ(Status(L"ROOT\\NTIOOTHER\\0000", &S, &P), STATUS_SUCCESS);
    CHECK_EQ(P, CM_PROB_NOT_CONFIGURED);
    CHECK(DiInstallDriverA(NULL, "C:\\pkg\\other.inf", 0, NULL));
    CHECK(GetFileAttributesW(L"C:\\Windows\\INF\\oem3.inf") != INVALID_FILE_ATTRIBUTES);
    CHECK(Started(L"ROOT\\NTIOOTHER\\0000"));
    CHECK(RegString(ENUM_KEY L"ROOT\\NTIOOTHER\\0000", L"Driver", CLASS_GUID L"\\0001"));
    CHECK(RegString(CLASS_KEY L"\\0001", L"InfPath", L"oem3.inf"));
    CHECK(RegString(CLASS_KEY L"\\0001", L"InfSectionExt", L""));
    /* Again, not forced: the same driver goes on again (not newer). */
    CHECK(DiInstallDriverA(NULL, "C:\\pkg\\other.inf", 0, NULL));
    CHECK(!KeyExists(CLASS_KEY L"\\0002"));
    BYTE R[4];
    Bytes = sizeof R;
    CHECK_EQ(RegGetValueW(HKEY_LOCAL_MACHINE, L"DRIVERS\\DriverDatabase\\DeviceIds\\root#ntioother",
                          L"oem3.inf", RRF_RT_ANY, NULL, R, &Bytes),
             ERROR_SUCCESS);
    CHECK(RegString(ENUM_KEY ECHO, L"Service", L"pnpecho"));
}

/* Malformed INFs: the install fails, naming the INF and line. */
static void TestMalformed(void)
{
    WCHAR Instance[200];
    ULONG S, P;
    /* An AddReg line with a bad root: the device is left failed (problem 28). */
    CHECK_EQ(InfpInstallRootDevice(PKG L"\\badroot.inf", L"ROOT\\NTIOBAD", 0, Instance, 200, NULL),
             ERROR_BADKEY);
    CHECK(!wcscmp(Instance, L"ROOT\\NTIOBAD\\0000"));
    CHECK_EQ(Status(Instance, &S, &P), STATUS_SUCCESS);
    CHECK_EQ(P, CM_PROB_FAILED_INSTALL);
    CHECK_EQ(RegDword(ENUM_KEY L"ROOT\\NTIOBAD\\0000", L"ConfigFlags"), 0x40);
    /* Bad flags. */
    CHECK_EQ(InfpInstallRootDevice(PKG L"\\badflags.inf", L"ROOT\\NTIOBADFLAGS", 0, Instance, 200, NULL),
             ERROR_INVALID_DATA);
    CHECK_EQ(Status(Instance, &S, &P), STATUS_SUCCESS);
    CHECK_EQ(P, CM_PROB_FAILED_INSTALL);
    /* A syntax error: the parser's error, no device made. */
    BOOL Reboot;
    CHECK(!UpdateDriverForPlugAndPlayDevicesW(NULL, ECHO_ID, PKG L"\\syntax.inf", 0, &Reboot));
    CHECK_EQ(GetLastError(), ERROR_BAD_SECTION_NAME_LINE);
    CHECK_EQ(InfpInstallRootDevice(PKG L"\\syntax.inf", L"ROOT\\NTIOSYNTAX", 0, NULL, 0, NULL),
             ERROR_BAD_SECTION_NAME_LINE);
    CHECK(!KeyExists(ENUM_KEY L"ROOT\\NTIOTEST\\0001"));
    /* No function driver named; a service section without ServiceBinary. */
    CHECK_EQ(InfpInstallRootDevice(PKG L"\\noservice.inf", L"ROOT\\NTIONOSVC", 0, Instance, 200, NULL),
             ERROR_NO_ASSOCIATED_SERVICE);
    CHECK_EQ(Status(Instance, &S, &P), STATUS_SUCCESS);
    CHECK_EQ(P, CM_PROB_FAILED_INSTALL);
    CHECK_EQ(InfpInstallRootDevice(PKG L"\\badservice.inf", L"ROOT\\NTIOBADSVC", 0, Instance, 200, NULL),
             ERROR_BAD_SERVICE_INSTALLSECT);
    CHECK_EQ(Status(Instance, &S, &P), STATUS_SUCCESS);
    CHECK_EQ(P, CM_PROB_FAILED_INSTALL);
    /* The instance name does not fit. */
    CHECK_EQ(InfpInstallRootDevice(PKG L"\\echo.inf", ECHO_ID, 0, Instance, 5, NULL),
             ERROR_INSUFFICIENT_BUFFER);
    CHECK(!KeyExists(ENUM_KEY L"ROOT\\NTIOTEST\\0000"));
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s FIXTURES PNPBUILD install|again|diag\n", argv[0]);
        return 2;
    }
    ZPath(Fixtures, argv[1]);
    ZPath(PnpBuild, argv[2]);
    const char *Mode = argv[3];
    if (!strcmp(Mode, "again")) {
        /* The device came back with the kernel, from the registry alone. */
        CheckEchoWorks(ECHO);
        CheckRegistry(L"oem0.inf");
        BOOL Reboot = 7;
        CHECK(UpdateDriverForPlugAndPlayDevicesW(NULL, ECHO_ID, ECHO_INF, 0, &Reboot));
        CHECK_EQ(Reboot, FALSE);
        CheckEchoWorks(ECHO);
        CheckRegistry(L"oem0.inf");
        return test_summary("devinstall (again)");
    }
    CreateDirectoryW(PKG, NULL);
    Stage(Fixtures, L"echo.inf");
    Stage(Fixtures, L"echo.inx");
    Stage(Fixtures, L"other.inf");
    Stage(Fixtures, L"badroot.inf");
    Stage(Fixtures, L"badflags.inf");
    Stage(Fixtures, L"syntax.inf");
    Stage(Fixtures, L"noservice.inf");
    Stage(Fixtures, L"badservice.inf");
    Stage(PnpBuild, L"pnpecho.sys");
    Stage(PnpBuild, L"pnpfilt.sys");
    if (!strcmp(Mode, "diag")) {
        TestMalformed();
        return test_summary("devinstall (diag)");
    }
    TestBadParameters();
    TestInstall();
    return test_summary("devinstall (install)");
}
