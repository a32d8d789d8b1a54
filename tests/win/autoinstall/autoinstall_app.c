/*
 * autoinstall_app.c - a device plugged into a bus gets its driver from the
 * driver store by its hardware ID, with nothing written for it beforehand:
 * the bus is installed on a root device from its package
 * (UpdateDriverForPlugAndPlayDevices, which stages the package in the
 * store), then a child plugged in comes up with pnpecho.sys and the Device
 * Parameters of the INF.
 *
 *   autoinstall_app PKGDIR PNPBUILD install|again
 */
#include <windows.h>
#include <winioctl.h>
#include <newdev.h>
#include <ntio/ntpnp.h>
#include <stdio.h>
#include <string.h>
#include <initguid.h>
#include "../pnp/pnptest.h"
#include "../../harness.h"
#include "../pnp/pkgstage.h"

#define BUS L"ROOT\\NTIOBUS\\0000"
#define CHILD L"NTIOBUS\\ECHO\\0005"
#define INF L"C:\\pkg\\bus.inf"


static void InitString(UNICODE_STRING *S, PCWSTR Text)
{
    S->Buffer = (PWSTR)Text;
    S->Length = (USHORT)(wcslen(Text) * sizeof(WCHAR));
    S->MaximumLength = S->Length;
}

static BOOL Started(PCWSTR Instance)
{
    PLUGPLAY_CONTROL_STATUS_DATA Data = { 0 };
    InitString(&Data.DeviceInstance, Instance);
    return NT_SUCCESS(NtPlugPlayControl(PlugPlayControlGetDeviceStatus, &Data, sizeof Data)) &&
           (Data.DeviceStatus & DN_STARTED) && !Data.DeviceProblem;
}

static HANDLE OpenInterface(const GUID *Class, PCWSTR Instance)
{
    WCHAR List[1024];
    PLUGPLAY_CONTROL_INTERFACE_LIST_DATA Data = { 0 };
    InitString(&Data.DeviceInstance, Instance);
    Data.InterfaceClassGuid = (GUID *)Class;
    Data.Buffer = List;
    Data.BufferSize = 1024;
    if (!NT_SUCCESS(NtPlugPlayControl(PlugPlayControlGetInterfaceDeviceList, &Data, sizeof Data)) ||
        !List[0])
        return INVALID_HANDLE_VALUE;
    return CreateFileW(List, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
}

static void PlugChild(void)
{
    HANDLE Bus = OpenInterface(&GUID_DEVINTERFACE_NTIO_BUS, BUS);
    ULONG Number = 5;
    DWORD Bytes;
    CHECK(Bus != INVALID_HANDLE_VALUE);
    CHECK(DeviceIoControl(Bus, IOCTL_BUS_PLUG, &Number, sizeof Number, NULL, 0, &Bytes, NULL));
    CloseHandle(Bus);
    /* The PnP manager enumerates, finds no driver installed, looks the
     * IDs up in the driver store and installs on a thread of its own. */
    for (int i = 0; i < 200 && !Started(CHILD); i++)
        Sleep(25);
    CHECK(Started(CHILD));
    HANDLE h = OpenInterface(&GUID_DEVINTERFACE_NTIO_ECHO, CHILD);
    CHECK(h != INVALID_HANDLE_VALUE);
    ECHO_INFO Info = { 0 };
    CHECK(DeviceIoControl(h, IOCTL_ECHO_INFO, NULL, 0, &Info, sizeof Info, &Bytes, NULL));
    CHECK(!wcscmp(Info.HardwareId, L"NTIOBUS\\ECHO"));
    CHECK(!wcscmp(Info.Greeting, L"from the store"));
    CloseHandle(h);
}

/* Register a root device (a hardware ID under Enum\ROOT) and install it. */
static void InstallRoot(PCWSTR Instance, PCWSTR HardwareId)
{
    WCHAR Path[300];
    HKEY Key;
    swprintf(Path, 300, L"SYSTEM\\CurrentControlSet\\Enum\\%ls", Instance);
    CHECK_EQ(RegCreateKeyExW(HKEY_LOCAL_MACHINE, Path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &Key, NULL),
             ERROR_SUCCESS);
    WCHAR Ids[100] = { 0 };
    DWORD Chars = (DWORD)wcslen(HardwareId);
    memcpy(Ids, HardwareId, Chars * sizeof(WCHAR));
    CHECK_EQ(RegSetValueExW(Key, L"HardwareID", 0, REG_MULTI_SZ, (const BYTE *)Ids,
                            (Chars + 2) * sizeof(WCHAR)),
             ERROR_SUCCESS);
    RegCloseKey(Key);
    PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA Register = { 0 };
    InitString(&Register.DeviceInstance, Instance);
    CHECK_EQ(NtPlugPlayControl(PlugPlayControlRegisterNewDevice, &Register, sizeof Register),
             STATUS_SUCCESS);
    BOOL Reboot = TRUE;
    CHECK(UpdateDriverForPlugAndPlayDevicesW(NULL, HardwareId, INF, 0, &Reboot));
    CHECK(!Reboot);
    CHECK(Started(Instance));
}

/* The INF's HKR,,Security,,"SDDL" is kept as a binary descriptor, and the
 * device is opened under it: only an unrelated SID may, so not us. */
static void CheckLocked(void)
{
    CHECK(Started(L"ROOT\\NTIOLOCKED\\0000"));
    DWORD Type = 0, Bytes = 0;
    CHECK_EQ(RegGetValueW(HKEY_LOCAL_MACHINE,
                          L"SYSTEM\\CurrentControlSet\\Enum\\ROOT\\NTIOLOCKED\\0000",
                          L"Security", RRF_RT_ANY, &Type, NULL, &Bytes),
             ERROR_SUCCESS);
    CHECK_EQ(Type, REG_BINARY);
    CHECK(Bytes >= 20);
    HANDLE h = OpenInterface(&GUID_DEVINTERFACE_NTIO_ECHO, L"ROOT\\NTIOLOCKED\\0000");
    CHECK(h == INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), ERROR_ACCESS_DENIED);
}

int main(int argc, char **argv)
{
    WCHAR Pkg[600], PnpBuild[600];
    if (argc < 4) {
        fprintf(stderr, "usage: autoinstall_app PKGDIR PNPBUILD install|again\n");
        return 2;
    }
    ZPath(Pkg, argv[1]);
    ZPath(PnpBuild, argv[2]);
    if (!strcmp(argv[3], "again")) {
        /* The bus came back with the kernel; its child's driver is
         * installed now, so a child plugged in starts at once. */
        CHECK(Started(BUS));
        PlugChild();
        CheckLocked();
        return test_summary("autoinstall (again)");
    }
    CreateDirectoryW(L"C:\\pkg", NULL);
    Stage(Pkg, L"bus.inf");
    Stage(PnpBuild, L"pnpbus.sys");
    Stage(PnpBuild, L"pnpecho.sys");
    /* The bus: a root device with its hardware ID, installed from the INF. */
    HKEY Key;
    CHECK_EQ(RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Enum\\" BUS, 0, NULL,
                             0, KEY_ALL_ACCESS, NULL, &Key, NULL),
             ERROR_SUCCESS);
    static const WCHAR Id[] = L"ROOT\\NTIOBUS\0";
    CHECK_EQ(RegSetValueExW(Key, L"HardwareID", 0, REG_MULTI_SZ, (const BYTE *)Id, sizeof Id),
             ERROR_SUCCESS);
    RegCloseKey(Key);
    PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA Register = { 0 };
    InitString(&Register.DeviceInstance, BUS);
    CHECK_EQ(NtPlugPlayControl(PlugPlayControlRegisterNewDevice, &Register, sizeof Register),
             STATUS_SUCCESS);
    BOOL Reboot = TRUE;
    CHECK(UpdateDriverForPlugAndPlayDevicesW(NULL, L"ROOT\\NTIOBUS", INF, 0, &Reboot));
    CHECK(!Reboot);
    CHECK(Started(BUS));
    /* Installing staged the package: the child's ID is in the store.
     * Staging it again changes nothing. */
    CHECK(DiInstallDriverW(NULL, INF, 0, NULL));
    PlugChild();
    InstallRoot(L"ROOT\\NTIOLOCKED\\0000", L"ROOT\\NTIOLOCKED");
    CheckLocked();
    return test_summary("autoinstall");
}
