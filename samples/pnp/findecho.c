/*
 * findecho.c - the PnP sample's application.  It finds the echo devices by
 * their device interface, as Windows applications find PnP devices
 * (SetupDiGetClassDevs with DIGCF_PRESENT | DIGCF_DEVICEINTERFACE,
 * SetupDiEnumDeviceInterfaces, SetupDiGetDeviceInterfaceDetail), writes to
 * each and reads the echo back, and asks the counter filter above each one
 * what it has passed down.  Then it plugs two echo devices into the sample
 * bus, talks to them, and unplugs them again, one while it holds a handle
 * open.
 *
 * Install the drivers first:
 *     ntio devcon install echo.inf Root\SampleEcho
 *     ntio devcon install bus.inf Root\SampleBus
 *
 * Exit status 0 when every step did what it should, 1 otherwise.
 */
#include <windows.h>
#include <winioctl.h>
#include <setupapi.h>
#include <cfgmgr32.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <initguid.h>
#include "public.h"

#define MAX_DEVICES 16

typedef struct _DEVICE {
    WCHAR Path[MAX_PATH];     /* what CreateFile opens */
    WCHAR Instance[MAX_PATH]; /* the device instance ID, to show */
} DEVICE;

static int Failures;

static void Fail(const char *What)
{
    printf("error: %s (error %lu)\n", What, (unsigned long)GetLastError());
    Failures++;
}

/* The present devices with interface Guid, into Devices; returns how many. */
static DWORD FindDevices(const GUID *Guid, DEVICE *Devices, DWORD Max)
{
    HDEVINFO Set = SetupDiGetClassDevsW(Guid, NULL, NULL, DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
    SP_DEVICE_INTERFACE_DATA Interface = { sizeof Interface };
    DWORD Found = 0;

    if (Set == INVALID_HANDLE_VALUE) {
        Fail("SetupDiGetClassDevs");
        return 0;
    }
    for (DWORD i = 0; Found < Max && SetupDiEnumDeviceInterfaces(Set, NULL, Guid, i, &Interface); i++) {
        SP_DEVINFO_DATA Device = { sizeof Device };
        PSP_DEVICE_INTERFACE_DETAIL_DATA_W Detail;
        DWORD Size = 0;

        /* Ask for the size first, then for the path. */
        if (SetupDiGetDeviceInterfaceDetailW(Set, &Interface, NULL, 0, &Size, NULL) ||
            GetLastError() != ERROR_INSUFFICIENT_BUFFER) {
            Fail("SetupDiGetDeviceInterfaceDetail did not give the size");
            continue;
        }
        Detail = malloc(Size);
        if (!Detail)
            break;
        Detail->cbSize = sizeof *Detail;
        if (SetupDiGetDeviceInterfaceDetailW(Set, &Interface, Detail, Size, NULL, &Device) &&
            wcslen(Detail->DevicePath) < MAX_PATH &&
            SetupDiGetDeviceInstanceIdW(Set, &Device, Devices[Found].Instance, MAX_PATH, NULL)) {
            /* A device counts once it has finished starting. */
            ULONG Status, Problem;
            if (CM_Get_DevNode_Status(&Status, &Problem, Device.DevInst, 0) == CR_SUCCESS &&
                (Status & DN_STARTED)) {
                wcscpy(Devices[Found].Path, Detail->DevicePath);
                Found++;
            }
        } else {
            Fail("SetupDiGetDeviceInterfaceDetail");
        }
        free(Detail);
    }
    if (GetLastError() != ERROR_NO_MORE_ITEMS && Found < Max)
        Fail("SetupDiEnumDeviceInterfaces");
    SetupDiDestroyDeviceInfoList(Set);
    return Found;
}

/* The echo devices present; waits up to 10 seconds for there to be Want
 * of them (devices come and go on the PnP manager's own thread). */
static DWORD WaitForEchoDevices(DEVICE *Devices, DWORD Want)
{
    DWORD Count = 0;
    for (int i = 0; i < 200; i++) {
        Count = FindDevices(&GUID_DEVINTERFACE_ECHO, Devices, MAX_DEVICES);
        if (Count == Want)
            break;
        Sleep(50);
    }
    return Count;
}

static BOOL GetCounts(HANDLE Device, COUNTER_COUNTS *Counts)
{
    DWORD Bytes;
    return DeviceIoControl(Device, IOCTL_COUNTER_GET_COUNTS, NULL, 0, Counts, sizeof *Counts,
                           &Bytes, NULL) &&
           Bytes == sizeof *Counts;
}

/* Write a message, read it back, and check that the filter counted one
 * write and one read on their way down. */
static void TalkTo(const DEVICE *Echo)
{
    static const char *Names[COUNTER_MAJOR_FUNCTIONS] = {
        "create", "create pipe", "close", "read", "write", "query info", "set info", "query EA",
        "set EA", "flush", "query volume", "set volume", "directory", "file system", "device control",
        "internal device control", "shutdown", "lock", "cleanup", "create mailslot", "query security",
        "set security", "power", "system control", "device change", "query quota", "set quota", "PnP",
    };
    COUNTER_COUNTS Before, After;
    static const char Message[] = "hello from findecho";
    char Reply[ECHO_MAX_DATA];
    DWORD Written = 0, Read = 0;

    printf("  %ls: ", Echo->Instance);
    HANDLE Device = CreateFileW(Echo->Path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                                FILE_ATTRIBUTE_NORMAL, NULL);
    if (Device == INVALID_HANDLE_VALUE) {
        Fail("CreateFile");
        return;
    }
    if (!GetCounts(Device, &Before))
        Fail("IOCTL_COUNTER_GET_COUNTS");
    else if (!WriteFile(Device, Message, (DWORD)strlen(Message), &Written, NULL) ||
             Written != strlen(Message))
        Fail("WriteFile");
    else if (!ReadFile(Device, Reply, sizeof Reply, &Read, NULL) || Read != Written ||
             memcmp(Reply, Message, Read))
        Fail("ReadFile did not give back what was written");
    else if (!GetCounts(Device, &After))
        Fail("IOCTL_COUNTER_GET_COUNTS");
    else if (After.Irps[COUNTER_WRITE] != Before.Irps[COUNTER_WRITE] + 1 ||
             After.Irps[COUNTER_READ] != Before.Irps[COUNTER_READ] + 1 ||
             After.Irps[COUNTER_CREATE] == 0)
        Fail("the filter did not count the write and the read");
    else {
        const char *Separator = "";
        printf("echoed \"%.*s\"\n    counter.sys passed down:", (int)Read, Reply);
        for (int i = 0; i < COUNTER_MAJOR_FUNCTIONS; i++)
            if (After.Irps[i]) {
                printf("%s %s %lu", Separator, Names[i], (unsigned long)After.Irps[i]);
                Separator = ",";
            }
        printf("\n");
    }
    CloseHandle(Device);
}

/* Is Instance the bus's child with this serial number?  The PnP manager
 * ends the child's instance ID with the one the bus gave it. */
static BOOL IsBusChild(PCWSTR Instance, PCWSTR Serial)
{
    size_t Length = wcslen(Instance);
    return _wcsnicmp(Instance, L"SampleBus\\Echo\\", 15) == 0 && Length > 2 &&
           wcscmp(Instance + Length - 2, Serial) == 0;
}

static BOOL Plug(HANDLE Bus, DWORD Code, ULONG SerialNumber)
{
    DWORD Bytes;
    return DeviceIoControl(Bus, Code, &SerialNumber, sizeof SerialNumber, NULL, 0, &Bytes, NULL);
}

int main(void)
{
    DEVICE Devices[MAX_DEVICES], Bus;
    DWORD Count, Before;
    HANDLE BusHandle, Held;

    /* The echo devices installed on the root. */
    Before = FindDevices(&GUID_DEVINTERFACE_ECHO, Devices, MAX_DEVICES);
    printf("%lu echo device(s):\n", (unsigned long)Before);
    if (Before == 0) {
        printf("findecho: no echo device is present: install echo.inf first\n");
        return 1;
    }
    for (DWORD i = 0; i < Before; i++)
        TalkTo(&Devices[i]);

    /* The bus. */
    if (FindDevices(&GUID_DEVINTERFACE_SAMPLE_BUS, &Bus, 1) != 1) {
        printf("findecho: the sample bus is not present: install bus.inf first\n");
        return 1;
    }
    BusHandle = CreateFileW(Bus.Path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                            FILE_ATTRIBUTE_NORMAL, NULL);
    if (BusHandle == INVALID_HANDLE_VALUE) {
        Fail("CreateFile on the bus");
        return 1;
    }

    /* Two children plugged in: the PnP manager finds them, installs
     * echo.sys from the driver store (the first time) and starts them. */
    printf("plugging echo devices 1 and 2 into %ls\n", Bus.Instance);
    if (!Plug(BusHandle, IOCTL_BUS_PLUG_IN, 1) || !Plug(BusHandle, IOCTL_BUS_PLUG_IN, 2))
        Fail("IOCTL_BUS_PLUG_IN");
    if (Plug(BusHandle, IOCTL_BUS_PLUG_IN, 2))
        Fail("the bus took device 2 twice");
    Count = WaitForEchoDevices(Devices, Before + 2);
    printf("%lu echo device(s):\n", (unsigned long)Count);
    if (Count != Before + 2)
        Fail("the new echo devices did not arrive");
    for (DWORD i = 0; i < Count; i++)
        TalkTo(&Devices[i]);

    /* Unplugged: device 1 at once; device 2 while a handle is open on it,
     * so its driver sees a surprise removal, and its requests fail. */
    Held = INVALID_HANDLE_VALUE;
    for (DWORD i = 0; i < Count; i++)
        if (IsBusChild(Devices[i].Instance, L"02"))
            Held = CreateFileW(Devices[i].Path, GENERIC_READ | GENERIC_WRITE, 0, NULL,
                               OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (Held == INVALID_HANDLE_VALUE)
        Fail("opening echo device 2");
    printf("unplugging echo devices 1 and 2, with a handle open on 2\n");
    if (!Plug(BusHandle, IOCTL_BUS_UNPLUG, 1) || !Plug(BusHandle, IOCTL_BUS_UNPLUG, 2))
        Fail("IOCTL_BUS_UNPLUG");
    Count = WaitForEchoDevices(Devices, Before);
    printf("%lu echo device(s) left\n", (unsigned long)Count);
    if (Count != Before)
        Fail("the echo devices did not go");
    if (Held != INVALID_HANDLE_VALUE) {
        /* Once its driver has heard of the surprise removal, the handle
         * still open is good for nothing but closing. */
        DWORD Written;
        BOOL Wrote = TRUE;
        for (int i = 0; i < 200 && (Wrote = WriteFile(Held, "late", 4, &Written, NULL)); i++)
            Sleep(50);
        if (Wrote)
            Fail("writes to the unplugged device still succeed");
        else
            printf("a write on the handle still open fails with error %lu\n",
                   (unsigned long)GetLastError());
        CloseHandle(Held);
    }
    CloseHandle(BusHandle);

    if (Failures) {
        printf("findecho: %d step(s) went wrong\n", Failures);
        return 1;
    }
    printf("findecho: all done\n");
    return 0;
}
