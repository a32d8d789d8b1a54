/*
 * pnp_app.c - Plug and Play from an application's side, through
 * NtPlugPlayControl: devices described in the registry (Enum\ROOT) are
 * found, their stacks built with an upper filter and started; they are
 * found again by device interface; a driver whose START fails leaves its
 * device with problem code 10; a query-remove is vetoed by an open handle
 * and succeeds once it is closed; a device is disabled and enabled; a bus
 * driver's children are plugged in and unplugged, one surprise-removed
 * with an open handle and a request pending.
 *
 *   pnp_app install   (first run: writes the registry, registers the devices)
 *   pnp_app again     (second run in the same prefix: the devices came back)
 *   pnp_app power-wait (prints "ready", then waits until `ntio power sleep`
 *                       and `ntio power wake` from outside went through
 *                       the echo driver's power path; power.sh)
 */
#include <windows.h>
#include <winioctl.h>
#include <ntio/ntpnp.h>
#include <ntio/ntdrv.h>
#include <stdio.h>
#include <string.h>
#include <initguid.h>
#include "pnptest.h"
#include "../../harness.h"
#include "pnpreg.h"

#define ECHO L"ROOT\\NTIOECHO\\0000"
#define FAIL L"ROOT\\NTIOFAIL\\0000"
#define BUS L"ROOT\\NTIOBUS\\0000"

static WCHAR Dir[MAX_PATH]; /* where the .sys files are (next to this program) */

static void Device(PCWSTR Instance, PCWSTR HardwareId, PCWSTR ServiceName, PCWSTR UpperFilters,
                   DWORD FailStart)
{
    HKEY Key = CreateKey(L"SYSTEM\\CurrentControlSet\\Enum\\%ls", Instance);
    if (HardwareId)
        SetString(Key, L"HardwareID", HardwareId, REG_MULTI_SZ);
    SetString(Key, L"Service", ServiceName, REG_SZ);
    SetString(Key, L"DeviceDesc", L"ntio PnP test device", REG_SZ);
    if (UpperFilters)
        SetString(Key, L"UpperFilters", UpperFilters, REG_MULTI_SZ);
    RegCloseKey(Key);
    Key = CreateKey(L"SYSTEM\\CurrentControlSet\\Enum\\%ls\\Device Parameters", Instance);
    SetString(Key, L"Greeting", L"hello", REG_SZ);
    if (FailStart)
        SetDword(Key, L"FailStart", FailStart);
    RegCloseKey(Key);
}

/* A self-relative security descriptor whose DACL allows GENERIC_ALL to one
 * SID (S-1-Authority-Subs...), as an INF's Security= entry leaves it in
 * the instance key's Security value. */
static void SetSecurity(PCWSTR Instance, BYTE Authority, const DWORD *Subs, BYTE SubCount)
{
    BYTE Sd[128] = { 0 };
    DWORD SidSize = 8 + 4 * SubCount, AceSize = 8 + SidSize, AclSize = 8 + AceSize;
    Sd[0] = 1;                              /* Revision */
    *(WORD *)(Sd + 2) = 0x8004;             /* SE_SELF_RELATIVE | SE_DACL_PRESENT */
    *(DWORD *)(Sd + 16) = 20;               /* Dacl offset */
    BYTE *Acl = Sd + 20;
    Acl[0] = 2;                             /* ACL_REVISION */
    *(WORD *)(Acl + 2) = (WORD)AclSize;
    *(WORD *)(Acl + 4) = 1;                 /* AceCount */
    BYTE *Ace = Acl + 8;
    Ace[0] = 0;                             /* ACCESS_ALLOWED_ACE_TYPE */
    *(WORD *)(Ace + 2) = (WORD)AceSize;
    *(DWORD *)(Ace + 4) = GENERIC_ALL;
    BYTE *Sid = Ace + 8;
    Sid[0] = 1;
    Sid[1] = SubCount;
    Sid[7] = Authority;
    memcpy(Sid + 8, Subs, 4 * SubCount);
    HKEY Key = CreateKey(L"SYSTEM\\CurrentControlSet\\Enum\\%ls", Instance);
    CHECK_EQ(RegSetValueExW(Key, L"Security", 0, REG_BINARY, Sd, 20 + AclSize), ERROR_SUCCESS);
    RegCloseKey(Key);
}

static void InitString(UNICODE_STRING *S, PCWSTR Text)
{
    S->Buffer = (PWSTR)Text;
    S->Length = Text ? (USHORT)(wcslen(Text) * sizeof(WCHAR)) : 0;
    S->MaximumLength = S->Length;
}

static NTSTATUS Control(PLUGPLAY_CONTROL_CLASS Class, PCWSTR Instance)
{
    PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA Data = { 0 };
    InitString(&Data.DeviceInstance, Instance);
    return NtPlugPlayControl(Class, &Data, sizeof Data);
}

/* DN_* status and problem; STATUS_NO_SUCH_DEVICE when there is no such node. */
static NTSTATUS Status(PCWSTR Instance, ULONG *DnStatus, ULONG *Problem)
{
    PLUGPLAY_CONTROL_STATUS_DATA Data = { 0 };
    InitString(&Data.DeviceInstance, Instance);
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

static NTSTATUS RemoveDevice(PLUGPLAY_CONTROL_CLASS Class, PCWSTR Instance, ULONG *VetoType,
                             PWSTR Veto, USHORT VetoChars)
{
    PLUGPLAY_CONTROL_QUERY_REMOVE_DATA Data = { 0 };
    InitString(&Data.DeviceInstance, Instance);
    Data.VetoName.Buffer = Veto;
    Data.VetoName.MaximumLength = (USHORT)(VetoChars * sizeof(WCHAR));
    NTSTATUS s = NtPlugPlayControl(Class, &Data, sizeof Data);
    *VetoType = Data.VetoType;
    return s;
}

/* The interfaces of a class (of one device, or all): MULTI_SZ in Out. */
static ULONG Interfaces(const GUID *Class, PCWSTR Instance, PWSTR Out, ULONG Chars)
{
    PLUGPLAY_CONTROL_INTERFACE_LIST_DATA Data = { 0 };
    InitString(&Data.DeviceInstance, Instance);
    Data.InterfaceClassGuid = (GUID *)Class;
    Data.Buffer = NULL;
    Data.BufferSize = 0;
    CHECK_EQ(NtPlugPlayControl(PlugPlayControlGetInterfaceDeviceList, &Data, sizeof Data),
             STATUS_BUFFER_TOO_SMALL);
    ULONG Needed = Data.BufferSize;
    Data.Buffer = Out;
    Data.BufferSize = Chars;
    CHECK_EQ(NtPlugPlayControl(PlugPlayControlGetInterfaceDeviceList, &Data, sizeof Data),
             STATUS_SUCCESS);
    CHECK_EQ(Data.BufferSize, Needed);
    ULONG Count = 0;
    for (PWSTR p = Out; *p; p += wcslen(p) + 1)
        Count++;
    return Count;
}

static HANDLE OpenFirst(const GUID *Class, PCWSTR Instance, DWORD Flags)
{
    WCHAR List[1024];
    if (!Interfaces(Class, Instance, List, 1024))
        return INVALID_HANDLE_VALUE;
    return CreateFileW(List, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, Flags, NULL);
}

static BOOL Info(HANDLE h, ECHO_INFO *Out)
{
    DWORD Bytes;
    memset(Out, 0, sizeof *Out);
    return DeviceIoControl(h, IOCTL_ECHO_INFO, NULL, 0, Out, sizeof *Out, &Bytes, NULL) &&
           Bytes == sizeof *Out;
}

static void TestStarted(void)
{
    ULONG S, P;
    WCHAR List[1024];
    ECHO_INFO I;

    /* Started, with its interface, the upper filter above the FDO. */
    CHECK(Started(ECHO));
    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, List, 1024), 1);
    CHECK(!wcsncmp(List, L"\\\\?\\ROOT#NTIOECHO#0000#{", 24));
    HANDLE h = OpenFirst(&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, 0);
    CHECK(h != INVALID_HANDLE_VALUE);
    CHECK(Info(h, &I));
    CHECK(!wcscmp(I.HardwareId, L"ROOT\\NTIOECHO"));
    CHECK(!wcscmp(I.Enumerator, L"ROOT"));
    CHECK(!wcscmp(I.Greeting, L"hello"));
    CHECK_EQ(I.FilterAbove, 1);
    CHECK_EQ(I.FdoOnPdo, 1);
    CHECK_EQ(I.DevicePowerState, 1); /* PowerDeviceD0 */
    ULONG Count = 0;
    DWORD Bytes;
    CHECK(DeviceIoControl(h, IOCTL_FILTER_COUNT, NULL, 0, &Count, sizeof Count, &Bytes, NULL));
    CHECK(Count >= 2); /* at least this handle's create and its IOCTL_ECHO_INFO */
    CloseHandle(h);

    /* START failed: problem 10, no interface enabled, nothing to open. */
    CHECK_EQ(Status(FAIL, &S, &P), STATUS_SUCCESS);
    CHECK(S & DN_HAS_PROBLEM);
    CHECK(!(S & DN_STARTED));
    CHECK_EQ(P, CM_PROB_FAILED_START);
    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, FAIL, List, 1024), 0);
    /* A device nobody knows. */
    CHECK_EQ(Status(L"ROOT\\NOSUCH\\0000", &S, &P), STATUS_NO_SUCH_DEVICE);
}

static ULONG DriverState(PCWSTR Service)
{
    WCHAR Path[128];
    UNICODE_STRING Key;
    ULONG State = 99;
    swprintf(Path, 128, L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\%ls",
             Service);
    InitString(&Key, Path);
    CHECK_EQ(NtQueryDriverState(&Key, &State), STATUS_SUCCESS);
    return State;
}

static WATCH_STATS Watched(void)
{
    WATCH_STATS Stats = { 0 };
    DWORD Bytes;
    HANDLE h = CreateFileW(L"\\\\.\\PnpWatch", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    CHECK(h != INVALID_HANDLE_VALUE);
    CHECK(DeviceIoControl(h, IOCTL_WATCH_STATS, NULL, 0, &Stats, sizeof Stats, &Bytes, NULL));
    CloseHandle(h);
    return Stats;
}

static void WatchVeto(ULONG Veto)
{
    DWORD Bytes;
    HANDLE h = CreateFileW(L"\\\\.\\PnpWatch", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    CHECK(h != INVALID_HANDLE_VALUE);
    CHECK(DeviceIoControl(h, IOCTL_WATCH_VETO, &Veto, sizeof Veto, NULL, 0, &Bytes, NULL));
    CloseHandle(h);
}

/* Interface notifications are delivered by a worker: wait for Arrivals. */
static WATCH_STATS WaitForArrivals(ULONG Arrivals)
{
    WATCH_STATS Stats = Watched();
    for (int i = 0; i < 200 && Stats.Arrivals < Arrivals; i++) {
        Sleep(10);
        Stats = Watched();
    }
    return Stats;
}

static void TestRemove(void)
{
    ULONG VetoType = 0, S, P;
    WCHAR Veto[200] = L"", List[1024], Old[1024];

    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, Old, 1024), 1);
    HANDLE h = OpenFirst(&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, 0);
    CHECK(h != INVALID_HANDLE_VALUE);
    /* Vetoed by the open handle, which goes on working. */
    CHECK_EQ(RemoveDevice(PlugPlayControlQueryAndRemoveDevice, ECHO, &VetoType, Veto, 200),
             STATUS_PLUGPLAY_QUERY_VETOED);
    CHECK_EQ(VetoType, 5); /* PNP_VetoOutstandingOpen */
    CHECK(!wcscmp(Veto, ECHO));
    CHECK(Started(ECHO));
    ECHO_INFO I;
    CHECK(Info(h, &I));
    CloseHandle(h);

    /* A driver watching it vetoes through its target-device notification. */
    WATCH_STATS First = Watched(), Before = First;
    CHECK(Before.Targets >= 1);
    WatchVeto(1);
    CHECK_EQ(RemoveDevice(PlugPlayControlQueryAndRemoveDevice, ECHO, &VetoType, Veto, 200),
             STATUS_PLUGPLAY_QUERY_VETOED);
    CHECK_EQ(VetoType, 7); /* PNP_VetoDriver */
    WatchVeto(0);
    WATCH_STATS After = Watched();
    CHECK_EQ(After.QueryRemoves, Before.QueryRemoves + 1);
    CHECK_EQ(After.RemoveCancels, Before.RemoveCancels + 1);
    CHECK(Started(ECHO));

    /* Closed and not vetoed: removed.  Its interface is gone, and its name
     * opens nothing. */
    CHECK_EQ(RemoveDevice(PlugPlayControlQueryAndRemoveDevice, ECHO, &VetoType, Veto, 200),
             STATUS_SUCCESS);
    Before = After;
    After = Watched();
    CHECK_EQ(After.QueryRemoves, Before.QueryRemoves + 1);
    CHECK_EQ(After.RemoveCompletes, Before.RemoveCompletes + 1);
    CHECK_EQ(Status(ECHO, &S, &P), STATUS_SUCCESS);
    CHECK(!(S & DN_STARTED));
    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, List, 1024), 0);
    h = CreateFileW(Old, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    CHECK(h == INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), ERROR_FILE_NOT_FOUND);
    /* Its upper filter served only it: unloaded with its last device.  The
     * function driver still has other devices. */
    CHECK_EQ(DriverState(L"pnpfilt"), DRIVER_STATE_STOPPED);
    CHECK_EQ(DriverState(L"pnpecho"), DRIVER_STATE_RUNNING);

    /* Started again: a new stack (AddDevice and START once more), the
     * filter loaded again. */
    CHECK_EQ(Control(PlugPlayControlStartDevice, ECHO), STATUS_SUCCESS);
    CHECK(Started(ECHO));
    CHECK_EQ(DriverState(L"pnpfilt"), DRIVER_STATE_RUNNING);
    /* The watcher heard of it once its START had completed: it opened. */
    Before = After;
    After = WaitForArrivals(Before.Arrivals + 1);
    CHECK_EQ(After.Arrivals, Before.Arrivals + 1);
    CHECK_EQ(After.OpenFailures, Before.OpenFailures);
    CHECK_EQ(After.Removals, First.Removals + 1); /* the removal before it */
    h = OpenFirst(&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, 0);
    CHECK(h != INVALID_HANDLE_VALUE);
    CHECK(Info(h, &I));
    CHECK(I.AddDeviceCalls >= 2 && I.StartCalls >= 2);
    CloseHandle(h);

    /* Disabled: problem 22 until it is enabled (started) again. */
    CHECK_EQ(RemoveDevice(PlugPlayControlDisableDevice, ECHO, &VetoType, Veto, 200), STATUS_SUCCESS);
    CHECK_EQ(Status(ECHO, &S, &P), STATUS_SUCCESS);
    CHECK_EQ(P, CM_PROB_DISABLED);
    CHECK_EQ(Control(PlugPlayControlStartDevice, ECHO), STATUS_SUCCESS);
    CHECK(Started(ECHO));
    /* The device reports itself failed: removed like an unplugged one (its
     * handle fails from then on), its node kept with problem 43, until it
     * is started again. */
    h = OpenFirst(&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, 0);
    CHECK(h != INVALID_HANDLE_VALUE);
    DWORD Bytes;
    CHECK(DeviceIoControl(h, IOCTL_ECHO_FAIL, NULL, 0, NULL, 0, &Bytes, NULL));
    CHECK_EQ(Control(PlugPlayControlEnumerateDevice, ECHO), STATUS_SUCCESS); /* after it */
    CHECK_EQ(Status(ECHO, &S, &P), STATUS_SUCCESS);
    CHECK_EQ(P, CM_PROB_FAILED_POST_START);
    CHECK(!Info(h, &I));
    CHECK_EQ(GetLastError(), ERROR_ACCESS_DENIED);
    CHECK_EQ(RemoveDevice(PlugPlayControlQueryAndRemoveDevice, ECHO, &VetoType, Veto, 1),
             STATUS_PLUGPLAY_QUERY_VETOED); /* its handle is still open; a 1-byte name buffer */
    CloseHandle(h);
    CHECK_EQ(Control(PlugPlayControlEnumerateDevice, L""), STATUS_SUCCESS);
    CHECK_EQ(Status(ECHO, &S, &P), STATUS_SUCCESS);
    CHECK_EQ(P, CM_PROB_FAILED_POST_START);
    CHECK(!(S & DN_STARTED));
    CHECK_EQ(Control(PlugPlayControlStartDevice, ECHO), STATUS_SUCCESS);
    CHECK(Started(ECHO));

    /* Its driver cannot be unloaded as a service while a stack uses it. */
    UNICODE_STRING Svc;
    InitString(&Svc, L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\pnpecho");
    CHECK_EQ(NtUnloadDriver(&Svc), STATUS_INVALID_DEVICE_REQUEST);

    /* The root cannot be removed; bad requests get their status. */
    CHECK_EQ(RemoveDevice(PlugPlayControlQueryAndRemoveDevice, L"", &VetoType, Veto, 200),
             STATUS_INVALID_DEVICE_REQUEST);
    PLUGPLAY_CONTROL_STATUS_DATA Small;
    CHECK_EQ(NtPlugPlayControl(PlugPlayControlGetDeviceStatus, &Small, sizeof Small - 1),
             STATUS_INFO_LENGTH_MISMATCH);
    CHECK_EQ(NtPlugPlayControl((PLUGPLAY_CONTROL_CLASS)999, &Small, sizeof Small),
             STATUS_INVALID_PARAMETER_1);
    CHECK_EQ(NtPlugPlayControl(PlugPlayControlGetDeviceStatus, (PVOID)8, sizeof Small),
             STATUS_ACCESS_VIOLATION);
}

static ULONG BusCall(HANDLE Bus, DWORD Code, ULONG Number)
{
    DWORD Bytes;
    if (!DeviceIoControl(Bus, Code, &Number, sizeof Number, NULL, 0, &Bytes, NULL))
        return GetLastError();
    /* The PnP manager works on the bus's request behind its own worker;
     * a synchronous enumeration of the bus comes after it. */
    CHECK_EQ(Control(PlugPlayControlEnumerateDevice, BUS), STATUS_SUCCESS);
    return 0;
}

/* A system sleep and wake: the device's power policy owner turns each
 * system IRP into a device IRP; a device that refuses keeps the system up. */
static void TestPower(void)
{
    ECHO_INFO Before, After;
    DWORD Bytes;
    ULONG Veto = 1;
    HANDLE h = OpenFirst(&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, 0);
    CHECK(h != INVALID_HANDLE_VALUE);
    CHECK(Info(h, &Before));
    CHECK_EQ(NtInitiatePowerAction(PowerActionSleep, PowerSystemSleeping3, 0, FALSE),
             STATUS_SUCCESS);
    CHECK(Info(h, &After));
    CHECK_EQ(After.SleepIrps, Before.SleepIrps + 1);
    CHECK_EQ(After.WakeIrps, Before.WakeIrps + 1);
    CHECK_EQ(After.D3Irps, Before.D3Irps + 1);
    CHECK_EQ(After.D0Irps, Before.D0Irps + 1);
    CHECK_EQ(After.DevicePowerState, 1); /* back in D0 */
    /* Refused: nobody sleeps, nobody is woken. */
    CHECK(DeviceIoControl(h, IOCTL_ECHO_VETO_SLEEP, &Veto, sizeof Veto, NULL, 0, &Bytes, NULL));
    CHECK_EQ(NtInitiatePowerAction(PowerActionSleep, PowerSystemSleeping3, 0, FALSE),
             STATUS_CANCELLED);
    CHECK(Info(h, &Before));
    CHECK_EQ(Before.SleepIrps, After.SleepIrps);
    CHECK_EQ(Before.D3Irps, After.D3Irps);
    Veto = 0;
    CHECK(DeviceIoControl(h, IOCTL_ECHO_VETO_SLEEP, &Veto, sizeof Veto, NULL, 0, &Bytes, NULL));
    CHECK_EQ(NtInitiatePowerAction(PowerActionNone, PowerSystemSleeping3, 0, FALSE),
             STATUS_INVALID_PARAMETER_1);
    CHECK_EQ(NtInitiatePowerAction(PowerActionSleep, PowerSystemWorking, 0, FALSE),
             STATUS_INVALID_PARAMETER_2);
    CloseHandle(h);
}

static BOOL Policy(HANDLE h, ULONG Policy)
{
    DWORD Bytes;
    return DeviceIoControl(h, IOCTL_ECHO_POLICY, &Policy, sizeof Policy, NULL, 0, &Bytes, NULL);
}

static NTSTATUS Usage(PCWSTR Instance, ULONG Type, BOOLEAN InPath)
{
    PLUGPLAY_CONTROL_DEVICE_USAGE_DATA Data = { 0 };
    InitString(&Data.DeviceInstance, Instance);
    Data.Type = Type;
    Data.InPath = InPath;
    return NtPlugPlayControl(PlugPlayControlDeviceUsage, &Data, sizeof Data);
}

/* A rebalance stops a started device and starts it again, its stack and
 * its handles kept; a driver that refuses the query-stop keeps running;
 * a device that reports new resource requirements is rebalanced. */
static void TestStop(void)
{
    ECHO_INFO Before, After;
    HANDLE h = OpenFirst(&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, 0);
    CHECK(h != INVALID_HANDLE_VALUE);
    CHECK(Info(h, &Before));
    CHECK_EQ(Control(PlugPlayControlRebalanceDevice, ECHO), STATUS_SUCCESS);
    CHECK(Started(ECHO));
    CHECK(Info(h, &After)); /* the handle lived through it */
    CHECK_EQ(After.QueryStopIrps, Before.QueryStopIrps + 1);
    CHECK_EQ(After.StopIrps, Before.StopIrps + 1);
    CHECK_EQ(After.CancelStopIrps, Before.CancelStopIrps);
    CHECK_EQ(After.StartIrps, Before.StartIrps + 1);
    CHECK_EQ(After.AddDeviceCalls, Before.AddDeviceCalls); /* the same stack */
    CHECK_EQ(After.FilterAbove, 1);

    /* Refused: cancelled, the one that refused included; not stopped. */
    CHECK(Policy(h, ECHO_POLICY_VETO_STOP));
    CHECK_EQ(Control(PlugPlayControlRebalanceDevice, ECHO), STATUS_PLUGPLAY_QUERY_VETOED);
    CHECK(Info(h, &Before));
    CHECK_EQ(Before.QueryStopIrps, After.QueryStopIrps + 1);
    CHECK_EQ(Before.CancelStopIrps, After.CancelStopIrps + 1);
    CHECK_EQ(Before.StopIrps, After.StopIrps);
    CHECK_EQ(Before.StartIrps, After.StartIrps);
    CHECK(Started(ECHO));

    /* The device asks for it: new requirements (IoInvalidateDeviceState). */
    CHECK(Policy(h, ECHO_POLICY_NEW_NEEDS));
    CHECK_EQ(Control(PlugPlayControlEnumerateDevice, ECHO), STATUS_SUCCESS); /* after it */
    CHECK(Info(h, &After));
    CHECK_EQ(After.StopIrps, Before.StopIrps + 1);
    CHECK_EQ(After.StartIrps, Before.StartIrps + 1);
    CHECK(Started(ECHO));

    /* Special files: placed when the stack can hold one, refused when not;
     * taken off only when there is one. */
    CHECK_EQ(Usage(ECHO, 1 /* DeviceUsageTypePaging */, TRUE), STATUS_UNSUCCESSFUL);
    CHECK(Policy(h, ECHO_POLICY_PAGING));
    CHECK_EQ(Usage(ECHO, 1, TRUE), STATUS_SUCCESS);
    CHECK_EQ(Usage(ECHO, 1, TRUE), STATUS_SUCCESS);
    CHECK_EQ(Usage(ECHO, 3 /* DeviceUsageTypeDumpFile */, TRUE), STATUS_UNSUCCESSFUL);
    CHECK(Info(h, &After));
    CHECK_EQ(After.PagingFiles, 2);
    CHECK_EQ(Usage(ECHO, 1, FALSE), STATUS_SUCCESS);
    CHECK_EQ(Usage(ECHO, 1, FALSE), STATUS_SUCCESS);
    CHECK_EQ(Usage(ECHO, 1, FALSE), STATUS_INVALID_DEVICE_STATE); /* none left */
    CHECK(Info(h, &After));
    CHECK_EQ(After.PagingFiles, 0);
    CHECK_EQ(Usage(ECHO, 0, TRUE), STATUS_INVALID_PARAMETER);
    CHECK_EQ(Usage(ECHO, 7, TRUE), STATUS_INVALID_PARAMETER);
    CHECK_EQ(Usage(L"", 1, TRUE), STATUS_INVALID_DEVICE_REQUEST);
    CHECK_EQ(Usage(FAIL, 1, TRUE), STATUS_INVALID_DEVICE_STATE); /* not started */
    CHECK(Policy(h, 0));
    CloseHandle(h);

    /* Only a started device can be stopped. */
    CHECK_EQ(Control(PlugPlayControlRebalanceDevice, FAIL), STATUS_INVALID_DEVICE_STATE);
    CHECK_EQ(Control(PlugPlayControlRebalanceDevice, L""), STATUS_INVALID_DEVICE_STATE);
    CHECK_EQ(Control(PlugPlayControlRebalanceDevice, L"ROOT\\NOSUCH\\0000"), STATUS_NO_SUCH_DEVICE);
}

/* The registry's security for a device is checked at open. */
static void TestSecurity(void)
{
    HANDLE h = OpenFirst(&GUID_DEVINTERFACE_NTIO_ECHO, L"ROOT\\NTIOSEC\\0000", 0);
    CHECK(h == INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), ERROR_ACCESS_DENIED);
    h = OpenFirst(&GUID_DEVINTERFACE_NTIO_ECHO, L"ROOT\\NTIOSEC\\0001", 0);
    CHECK(h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
}

/* A disabled device stays disabled across a restart of the kernel. */
static void TestDisabledAcrossRestart(BOOL Again)
{
    ULONG VetoType, S, P;
    WCHAR Veto[200];
    if (!Again) {
        CHECK_EQ(RemoveDevice(PlugPlayControlDisableDevice, FAIL, &VetoType, Veto, 200),
                 STATUS_SUCCESS);
        CHECK_EQ(Status(FAIL, &S, &P), STATUS_SUCCESS);
        CHECK_EQ(P, CM_PROB_DISABLED);
        return;
    }
    CHECK_EQ(Status(FAIL, &S, &P), STATUS_SUCCESS);
    CHECK_EQ(P, CM_PROB_DISABLED);
    /* Enabled: its START fails again. */
    CHECK(!NT_SUCCESS(Control(PlugPlayControlStartDevice, FAIL)));
    CHECK_EQ(Status(FAIL, &S, &P), STATUS_SUCCESS);
    CHECK_EQ(P, CM_PROB_FAILED_START);
}

static PCWSTR Child(ULONG Number)
{
    static WCHAR Name[4][32];
    static int Next;
    PWSTR Out = Name[Next++ % 4];
    swprintf(Out, 32, L"NTIOBUS\\ECHO\\%04u", Number);
    return Out;
}

/* Ejection, and the devices that go with a device's removal. */
static void TestEject(HANDLE Bus)
{
    ULONG VetoType, S, P;
    WCHAR Veto[200];
    for (ULONG n = EJECT_CHILD_FIRST; n <= EJECT_CHILD_FIRST + 6; n++) {
        CHECK_EQ(BusCall(Bus, IOCTL_BUS_PLUG, n), 0);
        CHECK(Started(Child(n)));
    }
    /* Ejected with its ejection relation: both removed, the ejected one
     * out of its slot (gone from the tree), the related one left stopped. */
    CHECK_EQ(RemoveDevice(PlugPlayControlRequestEject, Child(200), &VetoType, Veto, 200),
             STATUS_SUCCESS);
    CHECK_EQ(Control(PlugPlayControlEnumerateDevice, BUS), STATUS_SUCCESS);
    CHECK_EQ(Status(Child(200), &S, &P), STATUS_NO_SUCH_DEVICE);
    CHECK_EQ(Status(Child(201), &S, &P), STATUS_SUCCESS);
    CHECK(!(S & DN_STARTED));
    /* A removal relation goes with a plain query-and-remove. */
    CHECK_EQ(RemoveDevice(PlugPlayControlQueryAndRemoveDevice, Child(202), &VetoType, Veto, 200),
             STATUS_SUCCESS);
    CHECK_EQ(Status(Child(203), &S, &P), STATUS_SUCCESS);
    CHECK(!(S & DN_STARTED));
    /* A related device with an open handle vetoes the whole removal. */
    CHECK_EQ(Control(PlugPlayControlStartDevice, Child(202)), STATUS_SUCCESS);
    CHECK_EQ(Control(PlugPlayControlStartDevice, Child(203)), STATUS_SUCCESS);
    HANDLE h = OpenFirst(&GUID_DEVINTERFACE_NTIO_ECHO, Child(203), 0);
    CHECK(h != INVALID_HANDLE_VALUE);
    CHECK_EQ(RemoveDevice(PlugPlayControlQueryAndRemoveDevice, Child(202), &VetoType, Veto, 200),
             STATUS_PLUGPLAY_QUERY_VETOED);
    CHECK_EQ(VetoType, 5); /* PNP_VetoOutstandingOpen */
    CHECK(!wcscmp(Veto, Child(203)));
    CHECK(Started(Child(202)));
    CHECK(Started(Child(203)));
    CloseHandle(h);
    /* The eject button (IoRequestDeviceEject): carried out by the PnP
     * manager's worker, then the bus drops it. */
    CHECK_EQ(BusCall(Bus, IOCTL_BUS_EJECT, 204), 0);
    CHECK_EQ(Control(PlugPlayControlEnumerateDevice, BUS), STATUS_SUCCESS);
    CHECK_EQ(Status(Child(204), &S, &P), STATUS_NO_SUCH_DEVICE);
    CHECK_EQ(Status(Child(205), &S, &P), STATUS_SUCCESS); /* its ejection relation */
    CHECK(!(S & DN_STARTED));
    CHECK_EQ(BusCall(Bus, IOCTL_BUS_EJECT, 299), ERROR_NO_SUCH_DEVICE);
    /* An eject vetoed by an open handle. */
    h = OpenFirst(&GUID_DEVINTERFACE_NTIO_ECHO, Child(206), 0);
    CHECK(h != INVALID_HANDLE_VALUE);
    CHECK_EQ(RemoveDevice(PlugPlayControlRequestEject, Child(206), &VetoType, Veto, 200),
             STATUS_PLUGPLAY_QUERY_VETOED);
    CHECK_EQ(VetoType, 5);
    CHECK(Started(Child(206)));
    CloseHandle(h);
    /* A device that cannot be ejected is prepared for safe removal: removed,
     * still there, problem 47 until it is started again. */
    CHECK_EQ(RemoveDevice(PlugPlayControlRequestEject, Child(2), &VetoType, Veto, 200),
             STATUS_SUCCESS);
    CHECK_EQ(Control(PlugPlayControlEnumerateDevice, BUS), STATUS_SUCCESS);
    CHECK_EQ(Status(Child(2), &S, &P), STATUS_SUCCESS);
    CHECK_EQ(P, CM_PROB_HELD_FOR_EJECT);
    CHECK_EQ(Control(PlugPlayControlStartDevice, Child(2)), STATUS_SUCCESS);
    CHECK(Started(Child(2)));
    CHECK_EQ(RemoveDevice(PlugPlayControlRequestEject, L"", &VetoType, Veto, 200),
             STATUS_INVALID_DEVICE_REQUEST);
    for (ULONG n = EJECT_CHILD_FIRST + 1; n <= EJECT_CHILD_FIRST + 6; n++)
        if (n != 204)
            BusCall(Bus, IOCTL_BUS_UNPLUG, n);
}

static void TestBus(void)
{
    WCHAR List[1024];
    ULONG S, P;
    CHECK(Started(BUS));
    HANDLE Bus = OpenFirst(&GUID_DEVINTERFACE_NTIO_BUS, BUS, 0);
    CHECK(Bus != INVALID_HANDLE_VALUE);

    /* Two children plugged in: each gets the echo driver by its ID. */
    CHECK_EQ(BusCall(Bus, IOCTL_BUS_PLUG, 1), 0);
    CHECK_EQ(BusCall(Bus, IOCTL_BUS_PLUG, 2), 0);
    CHECK_EQ(BusCall(Bus, IOCTL_BUS_PLUG, 2), ERROR_ALREADY_EXISTS); /* name collision */
    CHECK(Started(L"NTIOBUS\\ECHO\\0001"));
    CHECK(Started(L"NTIOBUS\\ECHO\\0002"));
    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, L"NTIOBUS\\ECHO\\0001", List, 1024), 1);
    CHECK(!wcsncmp(List, L"\\\\?\\NTIOBUS#ECHO#0001#{", 23));
    HANDLE One = OpenFirst(&GUID_DEVINTERFACE_NTIO_ECHO, L"NTIOBUS\\ECHO\\0001", FILE_FLAG_OVERLAPPED);
    CHECK(One != INVALID_HANDLE_VALUE);
    ECHO_INFO I;
    OVERLAPPED Ov = { 0 };
    Ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    DWORD Bytes;
    CHECK(!DeviceIoControl(One, IOCTL_ECHO_INFO, NULL, 0, &I, sizeof I, &Bytes, &Ov) ||
          GetOverlappedResult(One, &Ov, &Bytes, TRUE));
    CHECK(!wcscmp(I.HardwareId, L"NTIOBUS\\ECHO"));
    CHECK(!wcscmp(I.Enumerator, L"NTIOBUS"));
    CHECK_EQ(I.FilterAbove, 0);

    /* Child 1 unplugged with the handle open and a request pending: the
     * request fails, the handle fails from then on, and the device goes
     * once the handle is closed. */
    ResetEvent(Ov.hEvent);
    CHECK(!DeviceIoControl(One, IOCTL_ECHO_HOLD, NULL, 0, NULL, 0, &Bytes, &Ov));
    CHECK_EQ(GetLastError(), ERROR_IO_PENDING);
    CHECK_EQ(BusCall(Bus, IOCTL_BUS_UNPLUG, 1), 0);
    CHECK(!GetOverlappedResult(One, &Ov, &Bytes, TRUE));
    CHECK_EQ(GetLastError(), ERROR_ACCESS_DENIED); /* STATUS_DELETE_PENDING */
    CHECK(!DeviceIoControl(One, IOCTL_ECHO_INFO, NULL, 0, &I, sizeof I, &Bytes, &Ov) &&
          (GetLastError() == ERROR_ACCESS_DENIED ||
           (GetLastError() == ERROR_IO_PENDING && !GetOverlappedResult(One, &Ov, &Bytes, TRUE))));
    CHECK_EQ(Status(L"NTIOBUS\\ECHO\\0001", &S, &P), STATUS_SUCCESS); /* waiting for the close */
    CHECK_EQ(P, CM_PROB_DEVICE_NOT_THERE);
    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, L"NTIOBUS\\ECHO\\0001", List, 1024), 0);
    CloseHandle(One);
    CHECK_EQ(Control(PlugPlayControlEnumerateDevice, BUS), STATUS_SUCCESS);
    CHECK_EQ(Status(L"NTIOBUS\\ECHO\\0001", &S, &P), STATUS_NO_SUCH_DEVICE);

    /* Child 2 unplugged with nothing open: gone at once. */
    CHECK_EQ(BusCall(Bus, IOCTL_BUS_UNPLUG, 2), 0);
    CHECK_EQ(Status(L"NTIOBUS\\ECHO\\0002", &S, &P), STATUS_NO_SUCH_DEVICE);
    CHECK_EQ(BusCall(Bus, IOCTL_BUS_UNPLUG, 2), ERROR_NO_SUCH_DEVICE);
    /* And plugged in again: a new device node, started. */
    CHECK_EQ(BusCall(Bus, IOCTL_BUS_PLUG, 2), 0);
    CHECK(Started(L"NTIOBUS\\ECHO\\0002"));
    /* A bus stopped for a rebalance: its child is stopped before it and
     * started after it; a child that refuses keeps the bus running. */
    HANDLE Two = OpenFirst(&GUID_DEVINTERFACE_NTIO_ECHO, L"NTIOBUS\\ECHO\\0002", 0);
    CHECK(Two != INVALID_HANDLE_VALUE);
    CHECK_EQ(Control(PlugPlayControlRebalanceDevice, BUS), STATUS_SUCCESS);
    CHECK(Started(BUS));
    CHECK(Started(L"NTIOBUS\\ECHO\\0002"));
    CHECK(Info(Two, &I));
    CHECK_EQ(I.StopIrps, 1);
    CHECK_EQ(I.StartIrps, 2);
    CHECK(Policy(Two, ECHO_POLICY_VETO_STOP));
    CHECK_EQ(Control(PlugPlayControlRebalanceDevice, BUS), STATUS_PLUGPLAY_QUERY_VETOED);
    CHECK(Info(Two, &I));
    CHECK_EQ(I.QueryStopIrps, 2);
    CHECK_EQ(I.CancelStopIrps, 1);
    CHECK_EQ(I.StopIrps, 1);
    CHECK(Started(BUS));
    CloseHandle(Two);
    TestEject(Bus);

    /* A raw child: no driver for its ID, so it starts with no function
     * driver and its bus driver answers it. */
    CHECK_EQ(BusCall(Bus, IOCTL_BUS_PLUG, RAW_CHILD_FIRST), 0);
    CHECK(Started(L"NTIOBUS\\RAW\\0100"));
    HANDLE Raw = OpenFirst(&GUID_DEVINTERFACE_NTIO_RAW, L"NTIOBUS\\RAW\\0100", 0);
    CHECK(Raw != INVALID_HANDLE_VALUE);
    ULONG Number = 0;
    CHECK(DeviceIoControl(Raw, IOCTL_RAW_NUMBER, NULL, 0, &Number, sizeof Number, &Bytes, NULL));
    CHECK_EQ(Number, RAW_CHILD_FIRST);
    CloseHandle(Raw);
    CHECK_EQ(BusCall(Bus, IOCTL_BUS_UNPLUG, RAW_CHILD_FIRST), 0);
    CHECK_EQ(Status(L"NTIOBUS\\RAW\\0100", &S, &P), STATUS_NO_SUCH_DEVICE);
    CloseHandle(Ov.hEvent);
    CloseHandle(Bus);
}

/* `ntio power sleep` and `wake` from another process reach this kernel. */
static int PowerWait(void)
{
    ECHO_INFO I = { 0 };
    HANDLE h = OpenFirst(&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, 0);
    CHECK(h != INVALID_HANDLE_VALUE);
    printf("ready\n");
    fflush(stdout);
    BOOL Slept = FALSE;
    for (int i = 0; i < 600; i++) {
        CHECK(Info(h, &I));
        if (I.SleepIrps >= 1 && I.D3Irps >= 1)
            Slept = TRUE;
        if (Slept && I.WakeIrps >= 1 && I.D0Irps >= 1)
            break;
        Sleep(50);
    }
    /* The driver sets its state before it counts the D0 IRP, and IOCTL_ECHO_INFO
     * reads the state first: the query that saw the count can hold the state
     * from before it.  A query after it cannot. */
    CHECK(Info(h, &I));
    CHECK(Slept);
    CHECK_EQ(I.WakeIrps, 1);
    CHECK_EQ(I.DevicePowerState, 1); /* D0 again */
    CloseHandle(h);
    return test_summary("pnp power");
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "power-wait"))
        return PowerWait();
    BOOL Again = argc > 1 && !strcmp(argv[1], "again");
    GetModuleFileNameW(NULL, Dir, MAX_PATH);
    *wcsrchr(Dir, L'\\') = 0;
    if (!Again) {
        CreateDriverService(Dir, L"pnpecho");
        CreateDriverService(Dir, L"pnpfilt");
        CreateDriverService(Dir, L"pnpbus");
        CreateDriverService(Dir, L"pnpwatch");
        Device(ECHO, L"ROOT\\NTIOECHO\0", L"pnpecho", L"pnpfilt\0", 0);
        Device(FAIL, L"ROOT\\NTIOFAIL\0", L"pnpecho", NULL, 1);
        Device(BUS, L"ROOT\\NTIOBUS\0", L"pnpbus", NULL, 0);
        /* What installing the echo driver for the bus's children left. */
        Device(L"NTIOBUS\\ECHO\\0001", NULL, L"pnpecho", NULL, 0);
        Device(L"NTIOBUS\\ECHO\\0002", NULL, L"pnpecho", NULL, 0);
        for (ULONG n = EJECT_CHILD_FIRST; n <= EJECT_CHILD_FIRST + 6; n++)
            Device(Child(n), NULL, L"pnpecho", NULL, 0);
        /* Two echo devices with security in the registry: one nobody here
         * may open (an unrelated SID), one Everyone may. */
        static const DWORD Other[] = { 21, 1, 2, 3, 4 }, World[] = { 0 };
        Device(L"ROOT\\NTIOSEC\\0000", L"ROOT\\NTIOSEC\0", L"pnpecho", NULL, 0);
        SetSecurity(L"ROOT\\NTIOSEC\\0000", 5, Other, 5);
        Device(L"ROOT\\NTIOSEC\\0001", L"ROOT\\NTIOSEC\0", L"pnpecho", NULL, 0);
        SetSecurity(L"ROOT\\NTIOSEC\\0001", 1, World, 1);
        CHECK_EQ(Control(PlugPlayControlRegisterNewDevice, ECHO), STATUS_SUCCESS);
        CHECK_EQ(Control(PlugPlayControlRegisterNewDevice, L"ROOT\\NOSUCH\\0000"),
                 STATUS_NO_SUCH_DEVICE);
    }
    /* On the second run nothing was registered: the devices came back
     * with the kernel. */
    /* A driver that watches echo devices: it hears of those already there. */
    UNICODE_STRING Watcher;
    InitString(&Watcher, L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\pnpwatch");
    CHECK_EQ(NtLoadDriver(&Watcher), STATUS_SUCCESS);
    WATCH_STATS Seen = WaitForArrivals(1);
    CHECK(Seen.Arrivals >= 1);
    CHECK_EQ(Seen.Targets, Seen.Arrivals - Seen.OpenFailures);
    CHECK_EQ(Seen.NoSuchNameStatus, (LONG)STATUS_OBJECT_NAME_NOT_FOUND);
    if (Again) {
        /* A bus child the first run registered an interface for is not
         * plugged in: only the list of all interfaces has it, from the
         * registry. */
        static WCHAR All[8192];
        PLUGPLAY_CONTROL_INTERFACE_LIST_DATA Data = { 0 };
        Data.InterfaceClassGuid = (GUID *)&GUID_DEVINTERFACE_NTIO_ECHO;
        Data.Flags = 1;
        Data.Buffer = All;
        Data.BufferSize = RTL_NUMBER_OF(All);
        CHECK_EQ(NtPlugPlayControl(PlugPlayControlGetInterfaceDeviceList, &Data, sizeof Data),
                 STATUS_SUCCESS);
        BOOL Recorded = FALSE, Twice = FALSE;
        for (PWSTR p = All; *p; p += wcslen(p) + 1) {
            Twice |= Recorded && !wcsncmp(p, L"\\\\?\\NTIOBUS#ECHO#0001#{", 23);
            Recorded |= !wcsncmp(p, L"\\\\?\\NTIOBUS#ECHO#0001#{", 23);
        }
        CHECK(Recorded);
        CHECK(!Twice);
        TestDisabledAcrossRestart(TRUE);
    }
    TestStarted();
    TestSecurity();
    TestPower();
    TestStop();
    TestRemove();
    TestBus();
    if (!Again)
        TestDisabledAcrossRestart(FALSE);
    return test_summary(Again ? "pnp (again)" : "pnp");
}
