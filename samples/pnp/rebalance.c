/*
 * rebalance.c - a test of the PnP sample's drivers, not part of the sample:
 * it stops and restarts the devices over and over, as Windows does to
 * rebalance resources (and as its device test framework does), while two
 * threads write to and read from an echo device on the root and one on the
 * bus.  Requests that arrive while a device is stopping or stopped are held
 * by echo.sys and served when it starts again: every transfer must come
 * back whole, and every stop must succeed.  NtPlugPlayControl is ntio's
 * (<ntio/ntpnp.h>), as Windows' own test tools use its private interfaces.
 *
 * Run it where the sample is installed (pnp.sh).  Exit status 0 on success.
 */
#include <windows.h>
#include <winioctl.h>
#include <cfgmgr32.h>
#include <ntio/ntpnp.h>
#include <stdio.h>
#include <string.h>
#include <initguid.h>
#include "public.h"

#define ROOT_ECHO L"ROOT\\NTIOSAMPLE\\0000"
#define BUS L"ROOT\\SYSTEM\\0000"
#define CHILD 7

static volatile LONG Stop, Transfers, Errors;

/* The first enabled interface of Class on Instance, or L"". */
static void InterfaceOf(const GUID *Class, PCWSTR Instance, PWSTR Path, ULONG Chars)
{
    if (CM_Get_Device_Interface_ListW((LPGUID)Class, (DEVINSTID_W)Instance, Path, Chars,
                                      CM_GET_DEVICE_INTERFACE_LIST_PRESENT) != CR_SUCCESS)
        Path[0] = 0;
}

static DWORD WINAPI Talker(LPVOID Path)
{
    HANDLE Device = CreateFileW(Path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    char Message[32], Reply[64];
    DWORD Written, Read;

    if (Device == INVALID_HANDLE_VALUE) {
        printf("error: cannot open %ls (%lu)\n", (PCWSTR)Path, (unsigned long)GetLastError());
        InterlockedIncrement(&Errors);
        return 1;
    }
    for (unsigned i = 0; !Stop; i++) {
        snprintf(Message, sizeof Message, "transfer %u", i);
        if (!WriteFile(Device, Message, (DWORD)strlen(Message), &Written, NULL) ||
            !ReadFile(Device, Reply, sizeof Reply, &Read, NULL) || Read != Written ||
            memcmp(Reply, Message, Read)) {
            printf("error: transfer %u on %ls (%lu)\n", i, (PCWSTR)Path,
                   (unsigned long)GetLastError());
            InterlockedIncrement(&Errors);
            break;
        }
        InterlockedIncrement(&Transfers);
    }
    CloseHandle(Device);
    return 0;
}

static BOOL Rebalance(PCWSTR Instance)
{
    PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA Data = { 0 };
    Data.DeviceInstance.Buffer = (PWSTR)Instance;
    Data.DeviceInstance.Length = Data.DeviceInstance.MaximumLength =
        (USHORT)(wcslen(Instance) * sizeof(WCHAR));
    NTSTATUS Status = NtPlugPlayControl(PlugPlayControlRebalanceDevice, &Data, sizeof Data);
    if (Status != STATUS_SUCCESS) {
        printf("error: rebalancing %ls: status 0x%08lx\n", Instance, (unsigned long)Status);
        InterlockedIncrement(&Errors);
        return FALSE;
    }
    return TRUE;
}

static BOOL Plug(DWORD Code)
{
    WCHAR Path[MAX_PATH];
    ULONG Serial = CHILD;
    DWORD Bytes;
    BOOL Done;

    InterfaceOf(&GUID_DEVINTERFACE_SAMPLE_BUS, BUS, Path, MAX_PATH);
    HANDLE Bus = CreateFileW(Path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (Bus == INVALID_HANDLE_VALUE)
        return FALSE;
    Done = DeviceIoControl(Bus, Code, &Serial, sizeof Serial, NULL, 0, &Bytes, NULL);
    CloseHandle(Bus);
    return Done;
}

int main(void)
{
    WCHAR RootPath[MAX_PATH], ChildPath[MAX_PATH] = L"", ChildInstance[MAX_DEVICE_ID_LEN] = L"";
    HANDLE Threads[2];
    int Stops = 0;

    InterfaceOf(&GUID_DEVINTERFACE_ECHO, ROOT_ECHO, RootPath, MAX_PATH);
    if (!RootPath[0] || !Plug(IOCTL_BUS_PLUG_IN)) {
        printf("error: the sample is not installed\n");
        return 1;
    }
    /* The child, once it has started (CM_Get_Child of the bus; one the bus
     * has only just reported may not have its ID yet). */
    for (int i = 0; i < 200 && !ChildPath[0]; i++) {
        DEVINST Bus, Child;
        ULONG Status, Problem;
        if (CM_Locate_DevNodeW(&Bus, BUS, 0) == CR_SUCCESS &&
            CM_Get_Child(&Child, Bus, 0) == CR_SUCCESS &&
            CM_Get_Device_IDW(Child, ChildInstance, MAX_DEVICE_ID_LEN, 0) == CR_SUCCESS &&
            ChildInstance[0] &&
            CM_Get_DevNode_Status(&Status, &Problem, Child, 0) == CR_SUCCESS &&
            (Status & DN_STARTED))
            InterfaceOf(&GUID_DEVINTERFACE_ECHO, ChildInstance, ChildPath, MAX_PATH);
        if (!ChildPath[0])
            Sleep(50);
    }
    if (!ChildPath[0]) {
        printf("error: echo device %u on the bus did not start\n", CHILD);
        return 1;
    }

    Threads[0] = CreateThread(NULL, 0, Talker, RootPath, 0, NULL);
    Threads[1] = CreateThread(NULL, 0, Talker, ChildPath, 0, NULL);
    /* Each device on its own, then the bus with its child. */
    for (int i = 0; i < 100 && !Errors; i++)
        Stops += Rebalance(ROOT_ECHO) + Rebalance(ChildInstance) + Rebalance(BUS);
    Stop = 1;
    WaitForMultipleObjects(2, Threads, TRUE, INFINITE);
    CloseHandle(Threads[0]);
    CloseHandle(Threads[1]);
    if (!Plug(IOCTL_BUS_UNPLUG)) {
        printf("error: unplugging echo device %u\n", CHILD);
        Errors++;
    }
    printf("rebalance: %d stops, %ld transfers, %ld errors\n", Stops, (long)Transfers, (long)Errors);
    return Errors || !Transfers;
}
