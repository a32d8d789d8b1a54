/*
 * cfgmgr32_app.c - the Configuration Manager API (cfgmgr32) from an
 * application, over ntio's PnP manager, with the drivers of tests/win/pnp:
 * devices written to the registry come into the tree by re-enumeration
 * (or CM_Setup_DevNode for one not yet there), are located, walked,
 * queried for status, interfaces and registry properties, removed (vetoed
 * while a handle is open), disabled and enabled; a bus's children come and
 * go; every function is given bad arguments too.
 *
 *   cfgmgr32_app install DIR   (first run: writes the registry; DIR holds the .sys files)
 *   cfgmgr32_app again DIR     (second run in the same prefix)
 */
#include <windows.h>
#include <winioctl.h>
#include <cfgmgr32.h>
#include <stdio.h>
#include <string.h>
#include <initguid.h>
#include "../pnp/pnptest.h"
#include "../../harness.h"
#include "../pnp/pnpreg.h"

#define ECHO L"ROOT\\NTIOECHO\\0000"
#define FAIL L"ROOT\\NTIOFAIL\\0000"
#define BUS L"ROOT\\NTIOBUS\\0000"
#define KEEP L"ROOT\\NTIOKEEP\\0000"     /* disabled with CM_DISABLE_PERSIST by run 1 */
#define GHOST1 L"ROOT\\NTIOGHOST\\0000"  /* written late: found by re-enumerating the root */
#define GHOST2 L"ROOT\\NTIOGHOST\\0001"  /* written late: brought up by CM_Setup_DevNode */
#define CHILD1 L"NTIOBUS\\ECHO\\0001"
#define CHILD3 L"NTIOBUS\\ECHO\\0003"    /* plugged in before it is installed */
#define DESC L"P\u00e9riph\u00e9rique \u00e9cho ntio"
#define DESC_UTF8 "P\xc3\xa9riph\xc3\xa9rique \xc3\xa9" "cho ntio"

static WCHAR Dir[MAX_PATH]; /* where the .sys files are, as a DOS path */

/* ---- the registry, as an installer leaves it ---------------------------------------- */

/* A device instance: HardwareId NULL for a bus child (its bus reports them). */
static HKEY Device(PCWSTR Instance, PCWSTR HardwareId, PCWSTR ServiceName, DWORD FailStart)
{
    HKEY Key = CreateKey(L"SYSTEM\\CurrentControlSet\\Enum\\%ls", Instance);
    if (HardwareId)
        SetString(Key, L"HardwareID", HardwareId, REG_MULTI_SZ);
    if (ServiceName)
        SetString(Key, L"Service", ServiceName, REG_SZ);
    HKEY Params = CreateKey(L"SYSTEM\\CurrentControlSet\\Enum\\%ls\\Device Parameters", Instance);
    SetString(Params, L"Greeting", L"hello", REG_SZ);
    if (FailStart)
        SetDword(Params, L"FailStart", FailStart);
    RegCloseKey(Params);
    return Key;
}

static void Install(void)
{
    CreateDriverService(Dir, L"pnpecho");
    CreateDriverService(Dir, L"pnpfilt");
    CreateDriverService(Dir, L"pnpbus");
    HKEY Key = Device(ECHO, L"ROOT\\NTIOECHO\0", L"pnpecho", 0);
    SetString(Key, L"DeviceDesc", DESC, REG_SZ);
    SetString(Key, L"CompatibleIDs", L"NTIO\\ECHOCOMPAT\0", REG_MULTI_SZ);
    SetString(Key, L"UpperFilters", L"pnpfilt\0", REG_MULTI_SZ);
    SetString(Key, L"Class", L"NtioTest", REG_SZ);
    SetString(Key, L"ClassGUID", L"{6b3f3a10-2f1c-4c1b-9a7e-1d54330ea1ff}", REG_SZ);
    SetString(Key, L"Driver", L"{6b3f3a10-2f1c-4c1b-9a7e-1d54330ea1ff}\\0000", REG_SZ);
    SetString(Key, L"Mfg", L"ntio", REG_SZ);
    SetString(Key, L"FriendlyName", L"ntio echo", REG_SZ);
    SetString(Key, L"LocationInformation", L"on the root", REG_SZ);
    RegCloseKey(Key);
    RegCloseKey(Device(FAIL, L"ROOT\\NTIOFAIL\0", L"pnpecho", 1));
    RegCloseKey(Device(BUS, L"ROOT\\NTIOBUS\0", L"pnpbus", 0));
    RegCloseKey(Device(KEEP, L"ROOT\\NTIOKEEP\0", L"pnpecho", 0));
    RegCloseKey(Device(CHILD1, NULL, L"pnpecho", 0));
    /* Registry-only instances of an enumerator nobody runs. */
    RegCloseKey(Device(L"NTIOBUS\\ECHO\\0009", NULL, L"pnpecho", 0));
    for (int i = 0; i < 100; i++) {
        WCHAR Instance[64];
        swprintf(Instance, 64, L"NTIOPHANTOM\\DEV\\%04d", i);
        RegCloseKey(CreateKey(L"SYSTEM\\CurrentControlSet\\Enum\\%ls", Instance));
    }
}

/* ---- helpers ---------------------------------------------------------------------- */

static DEVINST Locate(PCWSTR Id, ULONG Flags)
{
    DEVINST Dev = 0;
    CONFIGRET Cr = CM_Locate_DevNodeW(&Dev, (DEVINSTID_W)Id, Flags);
    if (Cr != CR_SUCCESS)
        fprintf(stderr, "locate %ls: CONFIGRET 0x%lx\n", Id, Cr);
    return Cr == CR_SUCCESS ? Dev : 0;
}

static BOOL IdIs(DEVINST Dev, PCWSTR Expected)
{
    WCHAR Id[MAX_DEVICE_ID_LEN];
    return CM_Get_Device_IDW(Dev, Id, MAX_DEVICE_ID_LEN, 0) == CR_SUCCESS && !wcscmp(Id, Expected);
}

static ULONG Problem(DEVINST Dev, ULONG *Status)
{
    ULONG S = 0, P = 0;
    CHECK_EQ(CM_Get_DevNode_Status(&S, &P, Dev, 0), CR_SUCCESS);
    if (Status)
        *Status = S;
    return P;
}

static BOOL Started(DEVINST Dev)
{
    ULONG S = 0, P = 0;
    return CM_Get_DevNode_Status(&S, &P, Dev, 0) == CR_SUCCESS && (S & DN_STARTED) &&
           !(S & DN_HAS_PROBLEM);
}

static DWORD ConfigFlags(DEVINST Dev)
{
    DWORD Flags = 0xDEAD, Type = 0;
    ULONG Len = sizeof Flags;
    CONFIGRET Cr = CM_Get_DevNode_Registry_PropertyW(Dev, CM_DRP_CONFIGFLAGS, &Type, &Flags, &Len, 0);
    if (Cr == CR_NO_SUCH_VALUE)
        return 0;
    CHECK_EQ(Cr, CR_SUCCESS);
    CHECK_EQ(Type, REG_DWORD);
    return Flags;
}

/* The interfaces of a class and device through the size protocol; the
 * number of names, the first in First. */
static ULONG Interfaces(const GUID *Class, PCWSTR Instance, ULONG Flags, PWSTR First)
{
    ULONG Len = 0, Count = 0;
    WCHAR List[2048];
    CHECK_EQ(CM_Get_Device_Interface_List_SizeW(&Len, (LPGUID)Class, (DEVINSTID_W)Instance, Flags),
             CR_SUCCESS);
    CHECK(Len >= 1 && Len <= 2048);
    CHECK_EQ(CM_Get_Device_Interface_ListW((LPGUID)Class, (DEVINSTID_W)Instance, List, Len, Flags),
             CR_SUCCESS);
    if (First)
        First[0] = 0;
    for (PWSTR p = List; *p; p += wcslen(p) + 1) {
        if (First && !Count)
            wcscpy(First, p);
        Count++;
    }
    return Count;
}

static HANDLE OpenEcho(PCWSTR Instance)
{
    WCHAR Name[512];
    if (Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, Instance, CM_GET_DEVICE_INTERFACE_LIST_PRESENT,
                   Name) != 1)
        return INVALID_HANDLE_VALUE;
    return CreateFileW(Name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
}

static BOOL EchoInfo(HANDLE h, ECHO_INFO *Out)
{
    DWORD Bytes;
    memset(Out, 0, sizeof *Out);
    return DeviceIoControl(h, IOCTL_ECHO_INFO, NULL, 0, Out, sizeof *Out, &Bytes, NULL);
}

/* ---- the root and locating ---------------------------------------------------------- */

static void TestRoot(void)
{
    DEVINST Root = 0, Other = 0;
    ULONG Depth = 9, S, Len = 0;
    WCHAR Id[MAX_DEVICE_ID_LEN];
    char IdA[MAX_DEVICE_ID_LEN];

    CHECK_EQ(CM_Locate_DevNodeW(&Root, NULL, CM_LOCATE_DEVNODE_NORMAL), CR_SUCCESS);
    CHECK(Root != 0);
    CHECK_EQ(CM_Locate_DevNodeW(&Other, L"", CM_LOCATE_DEVNODE_NORMAL), CR_SUCCESS);
    CHECK_EQ(Other, Root);
    CHECK_EQ(CM_Locate_DevNodeA(&Other, NULL, 0), CR_SUCCESS);
    CHECK_EQ(Other, Root);
    CHECK_EQ(CM_Locate_DevNodeA(&Other, "", 0), CR_SUCCESS);
    CHECK_EQ(Other, Root);
    CHECK_EQ(CM_Locate_DevNodeW(&Other, L"HTREE\\ROOT\\0", 0), CR_SUCCESS);
    CHECK_EQ(Other, Root);
    CHECK_EQ(CM_Locate_DevNodeW(&Other, L"htree\\root\\0", 0), CR_SUCCESS); /* case-insensitive */
    CHECK_EQ(Other, Root);
    CHECK(IdIs(Root, L"HTREE\\ROOT\\0"));
    CHECK_EQ(CM_Get_Device_IDA(Root, IdA, sizeof IdA, 0), CR_SUCCESS);
    CHECK_STR(IdA, "HTREE\\ROOT\\0");
    CHECK_EQ(CM_Get_Device_ID_Size(&Len, Root, 0), CR_SUCCESS);
    CHECK_EQ(Len, 12);
    CHECK_EQ(CM_Get_Depth(&Depth, Root, 0), CR_SUCCESS);
    CHECK_EQ(Depth, 0);
    Problem(Root, &S);
    CHECK(S & DN_STARTED);
    CHECK(!(S & DN_HAS_PROBLEM));
    Other = 77;
    CHECK_EQ(CM_Get_Parent(&Other, Root, 0), CR_NO_SUCH_DEVNODE);
    CHECK_EQ(Other, 0);
    CHECK_EQ(CM_Get_Sibling(&Other, Root, 0), CR_NO_SUCH_DEVNODE);
    /* The root cannot go. */
    CHECK_EQ(CM_Query_And_Remove_SubTreeW(Root, NULL, NULL, 0, 0), CR_INVALID_DEVNODE);
    CHECK_EQ(CM_Disable_DevNode(Root, 0), CR_INVALID_DEVNODE);
    /* Its properties: no instance key, but an enumerator. */
    ULONG Type = 0;
    Len = sizeof Id;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Root, CM_DRP_ENUMERATOR_NAME, &Type, Id, &Len, 0),
             CR_SUCCESS);
    CHECK(!wcscmp(Id, L"HTREE"));
    CHECK_EQ(Len, 12);
    Len = sizeof Id;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Root, CM_DRP_DEVICEDESC, &Type, Id, &Len, 0),
             CR_NO_SUCH_VALUE);
    CHECK_EQ(Len, 0);

    /* Exact-size buffers: the ID without its NUL; one less: truncated. */
    wmemset(Id, L'#', MAX_DEVICE_ID_LEN);
    CHECK_EQ(CM_Get_Device_IDW(Root, Id, 12, 0), CR_SUCCESS);
    CHECK(!wcsncmp(Id, L"HTREE\\ROOT\\0", 12) && Id[12] == L'#');
    wmemset(Id, L'#', MAX_DEVICE_ID_LEN);
    CHECK_EQ(CM_Get_Device_IDW(Root, Id, 5, 0), CR_BUFFER_SMALL);
    CHECK(!wcsncmp(Id, L"HTREE", 5) && Id[5] == L'#');
    CHECK_EQ(CM_Get_Device_IDW(Root, Id, 0, 0), CR_BUFFER_SMALL);
    memset(IdA, '#', sizeof IdA);
    CHECK_EQ(CM_Get_Device_IDA(Root, IdA, 12, 0), CR_SUCCESS);
    CHECK(!strncmp(IdA, "HTREE\\ROOT\\0", 12) && IdA[12] == '#');
    CHECK_EQ(CM_Get_Device_IDA(Root, IdA, 3, 0), CR_BUFFER_SMALL);
    CHECK(!strncmp(IdA, "HTR", 3));
}

static void TestLocateBadInputs(void)
{
    DEVINST Dev = 5;
    WCHAR Long[300];
    char LongA[300];
    CHECK_EQ(CM_Locate_DevNodeW(NULL, NULL, 0), CR_INVALID_POINTER);
    CHECK_EQ(CM_Locate_DevNodeA(NULL, "ROOT\\NTIOECHO\\0000", 0), CR_INVALID_POINTER);
    CHECK_EQ(CM_Locate_DevNodeW(&Dev, NULL, 8), CR_INVALID_FLAG);
    CHECK_EQ(Dev, 0);
    CHECK_EQ(CM_Locate_DevNodeA(&Dev, NULL, 0x100), CR_INVALID_FLAG);
    CHECK_EQ(CM_Locate_DevNodeW(&Dev, L"ROOT\\NOSUCH\\0000", CM_LOCATE_DEVNODE_NORMAL),
             CR_NO_SUCH_DEVNODE);
    CHECK_EQ(CM_Locate_DevNodeW(&Dev, L"ROOT\\NOSUCH\\0000", CM_LOCATE_DEVNODE_PHANTOM),
             CR_NO_SUCH_DEVNODE);
    CHECK_EQ(CM_Locate_DevNodeA(&Dev, "ROOT\\NOSUCH\\0000", CM_LOCATE_DEVNODE_PHANTOM),
             CR_NO_SUCH_DEVNODE);
    /* Not the shape of a device instance ID. */
    static const PCWSTR Bad[] = { L"ROOT\\NTIOECHO", L"ROOT", L"ROOT\\NTIOECHO\\0000\\X",
                                  L"\\ROOT\\NTIOECHO\\0000", L"ROOT\\\\0000", L"ROOT\\NTIOECHO\\",
                                  L"ROOT\\NTIO ECHO\\0000", L"ROOT\\NTIO,ECHO\\0000",
                                  L"ROOT\\NTIO\tECHO\\0000", L"ROOT\\NTIO\u00e9CHO\\0000" };
    for (size_t i = 0; i < sizeof Bad / sizeof Bad[0]; i++) {
        CHECK_EQ(CM_Locate_DevNodeW(&Dev, (DEVINSTID_W)Bad[i], CM_LOCATE_DEVNODE_PHANTOM),
                 CR_INVALID_DEVICE_ID);
    }
    CHECK_EQ(CM_Locate_DevNodeA(&Dev, "ROOT\\NTIOECHO", 0), CR_INVALID_DEVICE_ID);
    wcscpy(Long, L"ROOT\\X\\");
    wmemset(Long + 7, L'0', 200);
    Long[207] = 0;
    CHECK_EQ(CM_Locate_DevNodeW(&Dev, Long, CM_LOCATE_DEVNODE_PHANTOM), CR_INVALID_DEVICE_ID);
    Long[199] = 0; /* 199 characters: long enough to be legal */
    CHECK_EQ(CM_Locate_DevNodeW(&Dev, Long, CM_LOCATE_DEVNODE_PHANTOM), CR_NO_SUCH_DEVNODE);
    strcpy(LongA, "ROOT\\X\\");
    memset(LongA + 7, '0', 250);
    LongA[257] = 0;
    CHECK_EQ(CM_Locate_DevNodeA(&Dev, LongA, 0), CR_INVALID_DEVICE_ID);

    /* Handles never handed out. */
    WCHAR Id[MAX_DEVICE_ID_LEN];
    ULONG Len = 7, S = 7, P = 7;
    CHECK_EQ(CM_Get_Device_IDW(0, Id, MAX_DEVICE_ID_LEN, 0), CR_INVALID_DEVNODE);
    CHECK_EQ(CM_Get_Device_IDW(0x7FFFFFFF, Id, MAX_DEVICE_ID_LEN, 0), CR_INVALID_DEVINST);
    CHECK_EQ(CM_Get_Device_ID_Size(&Len, 0x7FFFFFFF, 0), CR_INVALID_DEVNODE);
    CHECK_EQ(Len, 0);
    CHECK_EQ(CM_Get_DevNode_Status(&S, &P, 0x7FFFFFFF, 0), CR_INVALID_DEVNODE);
    CHECK_EQ(CM_Get_Child(&Dev, 0x7FFFFFFF, 0), CR_INVALID_DEVNODE);
    CHECK_EQ(CM_Get_Depth(&Len, 0, 0), CR_INVALID_DEVNODE);
    CHECK_EQ(CM_Query_And_Remove_SubTreeW(0x7FFFFFFF, NULL, NULL, 0, 0), CR_INVALID_DEVNODE);
    CHECK_EQ(CM_Disable_DevNode(0x7FFFFFFF, 0), CR_INVALID_DEVNODE);
    CHECK_EQ(CM_Enable_DevNode(0x7FFFFFFF, 0), CR_INVALID_DEVNODE);
    CHECK_EQ(CM_Setup_DevNode(0x7FFFFFFF, 0), CR_INVALID_DEVNODE);
    CHECK_EQ(CM_Reenumerate_DevNode(0x7FFFFFFF, 0), CR_INVALID_DEVNODE);
    Len = 16;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(0x7FFFFFFF, CM_DRP_DEVICEDESC, NULL, Id, &Len, 0),
             CR_INVALID_DEVNODE);
    /* NULL pointers and flags, on a good handle. */
    DEVINST Root = Locate(NULL, 0);
    CHECK_EQ(CM_Get_Device_IDW(Root, NULL, 10, 0), CR_INVALID_POINTER);
    CHECK_EQ(CM_Get_Device_IDA(Root, NULL, 10, 0), CR_INVALID_POINTER);
    CHECK_EQ(CM_Get_Device_IDW(Root, Id, MAX_DEVICE_ID_LEN, 1), CR_INVALID_FLAG);
    CHECK_EQ(CM_Get_Device_ID_Size(NULL, Root, 0), CR_INVALID_POINTER);
    CHECK_EQ(CM_Get_Device_ID_Size(&Len, Root, 1), CR_INVALID_FLAG);
    CHECK_EQ(CM_Get_DevNode_Status(NULL, &P, Root, 0), CR_INVALID_POINTER);
    CHECK_EQ(CM_Get_DevNode_Status(&S, NULL, Root, 0), CR_INVALID_POINTER);
    CHECK_EQ(CM_Get_DevNode_Status(&S, &P, Root, 1), CR_INVALID_FLAG);
    CHECK_EQ(CM_Get_Parent(NULL, Root, 0), CR_INVALID_POINTER);
    CHECK_EQ(CM_Get_Child(NULL, Root, 0), CR_INVALID_POINTER);
    CHECK_EQ(CM_Get_Sibling(NULL, Root, 0), CR_INVALID_POINTER);
    CHECK_EQ(CM_Get_Child(&Dev, Root, 1), CR_INVALID_FLAG);
    CHECK_EQ(CM_Get_Depth(NULL, Root, 0), CR_INVALID_POINTER);
    CHECK_EQ(CM_Get_Depth(&Len, Root, 2), CR_INVALID_FLAG);
    CHECK_EQ(CM_Reenumerate_DevNode(Root, 8), CR_INVALID_FLAG);
    CHECK_EQ(CM_Setup_DevNode(Root, 0x10), CR_INVALID_FLAG);
    CHECK_EQ(CM_Setup_DevNode(Root, 4), CR_CALL_NOT_IMPLEMENTED); /* CM_SETUP_DEVNODE_RESET */
    CHECK_EQ(CM_Setup_DevNode(Root, CM_SETUP_DEVNODE_READY), CR_SUCCESS); /* running: left alone */
    CHECK_EQ(CM_Enable_DevNode(Root, 1), CR_INVALID_FLAG);
    CHECK_EQ(CM_Disable_DevNode(Root, 0x10), CR_INVALID_FLAG);
    CHECK_EQ(CM_Query_And_Remove_SubTreeW(Root, NULL, NULL, 0, 8), CR_INVALID_FLAG);
    CHECK_EQ(CM_Query_And_Remove_SubTreeW(Root, NULL, NULL, 10, 0), CR_INVALID_POINTER);
    CHECK_EQ(CM_Query_And_Remove_SubTreeA(Root, NULL, NULL, 10, 0), CR_INVALID_POINTER);
}

/* ---- bringing devices in ------------------------------------------------------------ */

/* Run 1: the devices are in the registry only, until the root is
 * re-enumerated. */
static void TestArrival(void)
{
    DEVINST Phantom = 0, Dev = 0, Root = Locate(NULL, 0);
    ULONG S = 5, P = 5, Len;
    WCHAR Buffer[64];

    CHECK_EQ(CM_Locate_DevNodeW(&Dev, ECHO, CM_LOCATE_DEVNODE_NORMAL), CR_NO_SUCH_DEVNODE);
    CHECK_EQ(CM_Locate_DevNodeW(&Phantom, ECHO, CM_LOCATE_DEVNODE_PHANTOM), CR_SUCCESS);
    CHECK(Phantom != 0 && Phantom != Root);
    CHECK(IdIs(Phantom, ECHO));
    CHECK_EQ(CM_Get_DevNode_Status(&S, &P, Phantom, 0), CR_NO_SUCH_DEVINST);
    CHECK_EQ(S, 0);
    CHECK_EQ(CM_Get_Parent(&Dev, Phantom, 0), CR_NO_SUCH_DEVNODE);
    CHECK_EQ(CM_Get_Depth(&Len, Phantom, 0), CR_NO_SUCH_DEVNODE);
    CHECK_EQ(CM_Disable_DevNode(Phantom, 0), CR_NO_SUCH_DEVNODE);
    CHECK_EQ(CM_Reenumerate_DevNode(Phantom, 0), CR_NO_SUCH_DEVNODE);
    CHECK_EQ(CM_Query_And_Remove_SubTreeW(Phantom, NULL, NULL, 0, 0), CR_NO_SUCH_DEVNODE);
    Len = sizeof Buffer;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Phantom, CM_DRP_SERVICE, NULL, Buffer, &Len, 0),
             CR_SUCCESS);
    CHECK(!wcscmp(Buffer, L"pnpecho"));

    /* Re-enumerating the root brings what was written under Enum\ROOT. */
    CHECK_EQ(CM_Reenumerate_DevNode(Root, CM_REENUMERATE_SYNCHRONOUS), CR_SUCCESS);
    Dev = Locate(ECHO, CM_LOCATE_DEVNODE_NORMAL);
    CHECK_EQ(Dev, Phantom); /* the same handle for the same instance */
    CHECK(Started(Dev));
    CHECK(Started(Locate(BUS, 0)));
    CHECK(Started(Locate(KEEP, 0)));
    CHECK_EQ(CM_Locate_DevNodeW(&Dev, FAIL, 0), CR_SUCCESS);
}

/* Run 1: instances written later, one found by re-enumerating the root
 * (asynchronously), one brought up by CM_Setup_DevNode on its phantom. */
static void TestPhantoms(void)
{
    DEVINST Dev = 0, Ghost = 0, Root = Locate(NULL, 0);
    HKEY Key = Device(GHOST2, L"ROOT\\NTIOGHOST\0", L"pnpecho", 0);
    SetString(Key, L"DeviceDesc", L"ghost two", REG_SZ);
    RegCloseKey(Key);
    CHECK_EQ(CM_Locate_DevNodeW(&Dev, GHOST2, 0), CR_NO_SUCH_DEVNODE);
    Ghost = Locate(GHOST2, CM_LOCATE_DEVNODE_PHANTOM);
    WCHAR Desc[32];
    ULONG Len = sizeof Desc, Type = 0;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Ghost, CM_DRP_DEVICEDESC, &Type, Desc, &Len, 0),
             CR_SUCCESS);
    CHECK(!wcscmp(Desc, L"ghost two"));
    CHECK_EQ(Type, REG_SZ);
    CHECK_EQ(CM_Setup_DevNode(Ghost, CM_SETUP_DEVNODE_READY), CR_SUCCESS);
    CHECK_EQ(Locate(GHOST2, 0), Ghost);
    CHECK(Started(Ghost));
    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, GHOST2, 0, NULL), 1);
    HANDLE h = OpenEcho(GHOST2);
    CHECK(h != INVALID_HANDLE_VALUE);
    /* "Safely remove": vetoed while open; then removed, and, as it cannot
     * be ejected, held for eject (problem 47) until set up again. */
    PNP_VETO_TYPE Veto = PNP_VetoTypeUnknown;
    WCHAR VetoName[MAX_PATH];
    char VetoAnsi[8];
    CHECK_EQ(CM_Request_Device_EjectW(Ghost, &Veto, VetoName, MAX_PATH, 0), CR_REMOVE_VETOED);
    CHECK_EQ(Veto, PNP_VetoOutstandingOpen);
    CHECK(!wcscmp(VetoName, GHOST2));
    CHECK_EQ(CM_Request_Device_EjectA(Ghost, &Veto, VetoAnsi, sizeof VetoAnsi, 0),
             CR_REMOVE_VETOED);
    CHECK(!strncmp(VetoAnsi, "ROOT\\NT", 7) && strlen(VetoAnsi) == 7); /* cut to fit */
    CloseHandle(h);
    CHECK_EQ(CM_Request_Device_EjectW(Ghost, NULL, NULL, 1, 0), CR_INVALID_POINTER);
    CHECK_EQ(CM_Request_Device_EjectW(Ghost, NULL, NULL, 0, 1), CR_INVALID_FLAG);
    CHECK_EQ(CM_Request_Device_EjectW(Root, NULL, NULL, 0, 0), CR_INVALID_DEVNODE);
    CHECK_EQ(CM_Request_Device_EjectW(Ghost, &Veto, NULL, 0, 0), CR_SUCCESS);
    ULONG DnStatus, Problem;
    CHECK_EQ(CM_Get_DevNode_Status(&DnStatus, &Problem, Ghost, 0), CR_SUCCESS);
    CHECK_EQ(Problem, CM_PROB_HELD_FOR_EJECT);
    CHECK(!(DnStatus & DN_STARTED));
    CHECK_EQ(CM_Setup_DevNode(Ghost, CM_SETUP_DEVNODE_READY), CR_SUCCESS);
    CHECK(Started(Ghost));

    RegCloseKey(Device(GHOST1, L"ROOT\\NTIOGHOST\0", L"pnpecho", 0));
    CHECK_EQ(CM_Locate_DevNodeW(&Dev, GHOST1, 0), CR_NO_SUCH_DEVNODE);
    CHECK_EQ(CM_Reenumerate_DevNode(Root, CM_REENUMERATE_ASYNCHRONOUS), CR_SUCCESS);
    Dev = Locate(GHOST1, 0);
    CHECK(Started(Dev));
    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, GHOST1, 0, NULL), 1);

    /* A phantom no enumerator owns cannot be set up. */
    Dev = Locate(L"NTIOBUS\\ECHO\\0009", CM_LOCATE_DEVNODE_PHANTOM);
    CHECK_EQ(CM_Setup_DevNode(Dev, CM_SETUP_DEVNODE_READY), CR_NO_SUCH_DEVNODE);
    CHECK_EQ(CM_Locate_DevNodeW(&Ghost, L"NTIOBUS\\ECHO\\0009", 0), CR_NO_SUCH_DEVNODE);
    /* Disabled for next time while only in the registry. */
    CHECK_EQ(CM_Disable_DevNode(Dev, CM_DISABLE_PERSIST), CR_SUCCESS);
    CHECK_EQ(ConfigFlags(Dev) & CONFIGFLAG_DISABLED, CONFIGFLAG_DISABLED);
    CHECK_EQ(CM_Enable_DevNode(Dev, 0), CR_NO_SUCH_DEVNODE); /* cleared, but not there */
    CHECK_EQ(ConfigFlags(Dev) & CONFIGFLAG_DISABLED, 0);
}

/* ---- the tree ------------------------------------------------------------------------ */

static void TestTree(void)
{
    DEVINST Root = Locate(NULL, 0), Dev = 0, Parent = 0;
    ULONG Depth, Seen = 0, Count = 0;
    CONFIGRET Cr;
    static const PCWSTR Expected[] = { ECHO, FAIL, BUS, KEEP };

    for (Cr = CM_Get_Child(&Dev, Root, 0); Cr == CR_SUCCESS; Cr = CM_Get_Sibling(&Dev, Dev, 0)) {
        WCHAR Id[MAX_DEVICE_ID_LEN];
        CHECK_EQ(CM_Get_Device_IDW(Dev, Id, MAX_DEVICE_ID_LEN, 0), CR_SUCCESS);
        for (ULONG i = 0; i < 4; i++)
            if (!wcscmp(Id, Expected[i]))
                Seen |= 1u << i;
        CHECK_EQ(CM_Get_Parent(&Parent, Dev, 0), CR_SUCCESS);
        CHECK_EQ(Parent, Root);
        CHECK_EQ(CM_Get_Depth(&Depth, Dev, 0), CR_SUCCESS);
        CHECK_EQ(Depth, 1);
        ULONG S;
        Problem(Dev, &S);
        CHECK(S & DN_ROOT_ENUMERATED);
        CHECK(Count++ < 64);
        if (Count >= 64)
            break;
    }
    CHECK_EQ(Cr, CR_NO_SUCH_DEVNODE);
    CHECK_EQ(Dev, 0); /* the last call found no sibling */
    CHECK_EQ(Seen, 0xF);
    CHECK(Count >= 4);
    /* A leaf has no child. */
    CHECK_EQ(CM_Get_Child(&Dev, Locate(ECHO, 0), 0), CR_NO_SUCH_DEVNODE);
}

/* ---- status ------------------------------------------------------------------------- */

static void TestStatus(void)
{
    ULONG S;
    DEVINST Echo = Locate(ECHO, 0), Fail = Locate(FAIL, 0);
    CHECK_EQ(Problem(Echo, &S), 0);
    CHECK(S & DN_STARTED);
    CHECK(S & DN_DRIVER_LOADED);
    CHECK(S & DN_DISABLEABLE);
    CHECK(!(S & DN_HAS_PROBLEM));
    /* Its START fails: problem 10, and starting it again changes nothing. */
    CHECK_EQ(Problem(Fail, &S), CM_PROB_FAILED_START);
    CHECK(S & DN_HAS_PROBLEM);
    CHECK(!(S & DN_STARTED));
    CHECK_EQ(CM_Setup_DevNode(Fail, CM_SETUP_DEVNODE_READY), CR_SUCCESS);
    CHECK_EQ(Problem(Fail, &S), CM_PROB_FAILED_START);
    CHECK_EQ(CM_Enable_DevNode(Fail, 0), CR_SUCCESS);
    CHECK_EQ(Problem(Fail, &S), CM_PROB_FAILED_START);
    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, FAIL, 0, NULL), 0);
    /* A running device is left as it is. */
    CHECK_EQ(CM_Setup_DevNode(Echo, CM_SETUP_DEVNODE_READY), CR_SUCCESS);
    CHECK(Started(Echo));
}

/* ---- interfaces ---------------------------------------------------------------------- */

static void TestInterfaces(void)
{
    WCHAR Name[512], List[2048];
    char ListA[2048];
    ULONG Len = 0, LenA = 0, Len2;

    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, CM_GET_DEVICE_INTERFACE_LIST_PRESENT,
                        Name), 1);
    CHECK(!wcsncmp(Name, L"\\\\?\\ROOT#NTIOECHO#0000#{", 24));
    /* Opened: the echo device with its upper filter. */
    HANDLE h = CreateFileW(Name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    CHECK(h != INVALID_HANDLE_VALUE);
    ECHO_INFO I;
    CHECK(EchoInfo(h, &I));
    CHECK(!wcscmp(I.HardwareId, L"ROOT\\NTIOECHO"));
    CHECK_EQ(I.FilterAbove, 1);
    CloseHandle(h);
    /* Every device's: at least ECHO's and KEEP's. */
    CHECK(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, NULL, 0, NULL) >= 2);
    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, L"", 0, NULL),
             Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, NULL, 0, NULL));
    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_BUS, NULL, 0, NULL), 1);
    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_BUS, ECHO, 0, NULL), 0);

    /* The size protocol: exact fits, one less does not. */
    CHECK_EQ(CM_Get_Device_Interface_List_SizeW(&Len, (LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, 0),
             CR_SUCCESS);
    CHECK_EQ(Len, wcslen(Name) + 2);
    CHECK_EQ(CM_Get_Device_Interface_ListW((LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, List, Len, 0),
             CR_SUCCESS);
    CHECK(!wcscmp(List, Name) && List[Len - 1] == 0);
    CHECK_EQ(CM_Get_Device_Interface_ListW((LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, List, Len - 1, 0),
             CR_BUFFER_SMALL);
    CHECK_EQ(CM_Get_Device_Interface_ListW((LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, List, 1, 0),
             CR_BUFFER_SMALL);
    /* An empty list is one NUL. */
    CHECK_EQ(CM_Get_Device_Interface_List_SizeW(&Len2, (LPGUID)&GUID_DEVINTERFACE_NTIO_BUS, ECHO, 0),
             CR_SUCCESS);
    CHECK_EQ(Len2, 1);
    List[0] = L'#';
    CHECK_EQ(CM_Get_Device_Interface_ListW((LPGUID)&GUID_DEVINTERFACE_NTIO_BUS, ECHO, List, 1, 0),
             CR_SUCCESS);
    CHECK_EQ(List[0], 0);

    /* The A forms: the same names in UTF-8 (ASCII here), lengths in bytes. */
    CHECK_EQ(CM_Get_Device_Interface_List_SizeA(&LenA, (LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO,
                                                "ROOT\\NTIOECHO\\0000", 0),
             CR_SUCCESS);
    CHECK_EQ(LenA, Len);
    CHECK_EQ(CM_Get_Device_Interface_ListA((LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO,
                                           "ROOT\\NTIOECHO\\0000", ListA, LenA, 0),
             CR_SUCCESS);
    CHECK_EQ(strlen(ListA), wcslen(Name));
    CHECK(!strncmp(ListA, "\\\\?\\ROOT#NTIOECHO#0000#{", 24) && ListA[LenA - 1] == 0);
    CHECK_EQ(CM_Get_Device_Interface_ListA((LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO,
                                           "ROOT\\NTIOECHO\\0000", ListA, LenA - 1, 0),
             CR_BUFFER_SMALL);
    CHECK_EQ(CM_Get_Device_Interface_List_SizeA(&LenA, (LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO, NULL,
                                                CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES),
             CR_SUCCESS);
    CHECK(LenA > Len);

    /* Bad arguments. */
    CHECK_EQ(CM_Get_Device_Interface_ListW((LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, NULL, 10, 0),
             CR_INVALID_POINTER);
    CHECK_EQ(CM_Get_Device_Interface_ListW((LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, List, 0, 0),
             CR_INVALID_POINTER);
    CHECK_EQ(CM_Get_Device_Interface_ListW(NULL, ECHO, List, 10, 0), CR_INVALID_POINTER);
    CHECK_EQ(CM_Get_Device_Interface_ListW((LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, List, 10, 2),
             CR_INVALID_FLAG);
    CHECK_EQ(CM_Get_Device_Interface_ListA((LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO, NULL, NULL, 10, 0),
             CR_INVALID_POINTER);
    Len = 9;
    CHECK_EQ(CM_Get_Device_Interface_List_SizeW(NULL, (LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO, NULL, 0),
             CR_INVALID_POINTER);
    CHECK_EQ(CM_Get_Device_Interface_List_SizeW(&Len, NULL, NULL, 0), CR_INVALID_POINTER);
    CHECK_EQ(Len, 0);
    CHECK_EQ(CM_Get_Device_Interface_List_SizeW(&Len, (LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO, NULL, 4),
             CR_INVALID_FLAG);
    CHECK_EQ(CM_Get_Device_Interface_List_SizeA(NULL, (LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO, NULL, 0),
             CR_INVALID_POINTER);
    CHECK_EQ(CM_Get_Device_Interface_List_SizeW(&Len, (LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO,
                                                L"ROOT\\NTIOECHO", 0),
             CR_INVALID_DEVICE_ID);
    CHECK_EQ(CM_Get_Device_Interface_List_SizeA(&Len, (LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO,
                                                "ROOT NTIOECHO", 0),
             CR_INVALID_DEVICE_ID);
    CHECK_EQ(CM_Get_Device_Interface_List_SizeW(&Len, (LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO,
                                                L"ROOT\\NOSUCH\\0000", 0),
             CR_NO_SUCH_DEVNODE);
    CHECK_EQ(CM_Get_Device_Interface_ListW((LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO,
                                           L"ROOT\\NOSUCH\\0000", List, 2048, 0),
             CR_NO_SUCH_DEVNODE);
}

/* ---- registry properties ---------------------------------------------------------------- */

static void CheckStringProperty(DEVINST Dev, ULONG Property, DWORD ExpectedType, PCWSTR Expected)
{
    BYTE Buffer[512];
    ULONG Type = 0, Len = sizeof Buffer;
    DWORD Bytes = StringBytes(Expected, ExpectedType);
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Dev, Property, &Type, Buffer, &Len, 0), CR_SUCCESS);
    CHECK_EQ(Type, ExpectedType);
    CHECK_EQ(Len, Bytes);
    CHECK(!memcmp(Buffer, Expected, Bytes));
    /* The size alone: Buffer NULL and a length of 0. */
    Type = 0;
    Len = 0;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Dev, Property, &Type, NULL, &Len, 0), CR_BUFFER_SMALL);
    CHECK_EQ(Len, Bytes);
    CHECK_EQ(Type, ExpectedType);
    /* Too small: the size, and nothing written. */
    memset(Buffer, 0xAB, sizeof Buffer);
    Len = Bytes - 1;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Dev, Property, NULL, Buffer, &Len, 0), CR_BUFFER_SMALL);
    CHECK_EQ(Len, Bytes);
    CHECK_EQ(Buffer[0], 0xAB);
}

static void TestProperties(BOOL Again)
{
    DEVINST Echo = Locate(ECHO, 0);
    BYTE Buffer[512];
    ULONG Type = 0, Len;
    DWORD Value = 0;

    CheckStringProperty(Echo, CM_DRP_DEVICEDESC, REG_SZ, DESC);
    CheckStringProperty(Echo, CM_DRP_HARDWAREID, REG_MULTI_SZ, L"ROOT\\NTIOECHO\0");
    CheckStringProperty(Echo, CM_DRP_COMPATIBLEIDS, REG_MULTI_SZ, L"NTIO\\ECHOCOMPAT\0");
    CheckStringProperty(Echo, CM_DRP_SERVICE, REG_SZ, L"pnpecho");
    CheckStringProperty(Echo, CM_DRP_CLASS, REG_SZ, L"NtioTest");
    CheckStringProperty(Echo, CM_DRP_CLASSGUID, REG_SZ, L"{6b3f3a10-2f1c-4c1b-9a7e-1d54330ea1ff}");
    CheckStringProperty(Echo, CM_DRP_DRIVER, REG_SZ, L"{6b3f3a10-2f1c-4c1b-9a7e-1d54330ea1ff}\\0000");
    CheckStringProperty(Echo, CM_DRP_MFG, REG_SZ, L"ntio");
    CheckStringProperty(Echo, CM_DRP_FRIENDLYNAME, REG_SZ, L"ntio echo");
    CheckStringProperty(Echo, CM_DRP_LOCATION_INFORMATION, REG_SZ, L"on the root");
    CheckStringProperty(Echo, CM_DRP_UPPERFILTERS, REG_MULTI_SZ, L"pnpfilt\0");
    CheckStringProperty(Echo, CM_DRP_ENUMERATOR_NAME, REG_SZ, L"ROOT");
    /* Values never written. */
    Len = sizeof Buffer;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Echo, CM_DRP_LOWERFILTERS, &Type, Buffer, &Len, 0),
             CR_NO_SUCH_VALUE);
    CHECK_EQ(Len, 0);
    /* ConfigFlags: none until the device was first disabled (in run 1). */
    Len = sizeof Buffer;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Echo, CM_DRP_CONFIGFLAGS, &Type, Buffer, &Len, 0),
             Again ? CR_SUCCESS : CR_NO_SUCH_VALUE);
    Len = sizeof Buffer; /* kept by the device objects on Windows, not in the registry */
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Echo, 0x0F, &Type, Buffer, &Len, 0), CR_NO_SUCH_VALUE);
    /* Capabilities: what the PnP manager recorded, a DWORD. */
    Len = sizeof Value;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Echo, CM_DRP_CAPABILITIES, &Type, &Value, &Len, 0),
             CR_SUCCESS);
    CHECK_EQ(Type, REG_DWORD);
    CHECK_EQ(Len, 4);
    CHECK_EQ(Value & CM_DEVCAP_REMOVABLE, 0);
    Len = 2;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Echo, CM_DRP_CAPABILITIES, &Type, &Value, &Len, 0),
             CR_BUFFER_SMALL);
    CHECK_EQ(Len, 4);

    /* The A form: strings in UTF-8, sizes in bytes; DWORDs as they are. */
    char Narrow[512];
    Len = sizeof Narrow;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyA(Echo, CM_DRP_DEVICEDESC, &Type, Narrow, &Len, 0),
             CR_SUCCESS);
    CHECK_EQ(Type, REG_SZ);
    CHECK_STR(Narrow, DESC_UTF8);
    CHECK_EQ(Len, strlen(DESC_UTF8) + 1);
    Len = 0;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyA(Echo, CM_DRP_DEVICEDESC, NULL, NULL, &Len, 0),
             CR_BUFFER_SMALL);
    CHECK_EQ(Len, strlen(DESC_UTF8) + 1);
    Len = sizeof Narrow;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyA(Echo, CM_DRP_HARDWAREID, &Type, Narrow, &Len, 0),
             CR_SUCCESS);
    CHECK_EQ(Type, REG_MULTI_SZ);
    CHECK_EQ(Len, 15);
    CHECK(!memcmp(Narrow, "ROOT\\NTIOECHO\0\0", 15));
    Len = sizeof Value;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyA(Echo, CM_DRP_CAPABILITIES, &Type, &Value, &Len, 0),
             CR_SUCCESS);
    CHECK_EQ(Len, 4);

    /* Bad arguments. */
    Len = sizeof Buffer;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Echo, CM_DRP_DEVICEDESC, NULL, Buffer, NULL, 0),
             CR_INVALID_POINTER);
    Len = 8;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Echo, CM_DRP_DEVICEDESC, NULL, NULL, &Len, 0),
             CR_INVALID_POINTER);
    Len = sizeof Buffer;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Echo, 0, NULL, Buffer, &Len, 0), CR_INVALID_PROPERTY);
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Echo, CM_DRP_MAX + 1, NULL, Buffer, &Len, 0),
             CR_INVALID_PROPERTY);
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Echo, CM_DRP_DEVICEDESC, NULL, Buffer, &Len, 1),
             CR_INVALID_FLAG);
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyA(Echo, CM_DRP_DEVICEDESC, NULL, Buffer, NULL, 0),
             CR_INVALID_POINTER);
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(0, CM_DRP_DEVICEDESC, NULL, Buffer, &Len, 0),
             CR_INVALID_DEVNODE);
}

/* ---- removal, disabling ------------------------------------------------------------------ */

static void TestRemove(void)
{
    DEVINST Echo = Locate(ECHO, 0);
    PNP_VETO_TYPE Veto = PNP_VetoTypeUnknown;
    WCHAR Name[MAX_PATH], Old[512];
    char NameA[MAX_PATH];
    ULONG S;

    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, 0, Old), 1);
    HANDLE h = OpenEcho(ECHO);
    CHECK(h != INVALID_HANDLE_VALUE);
    /* Vetoed by the open handle, which goes on working. */
    CHECK_EQ(CM_Query_And_Remove_SubTreeW(Echo, &Veto, Name, MAX_PATH, CM_REMOVE_UI_NOT_OK),
             CR_REMOVE_VETOED);
    CHECK_EQ(Veto, PNP_VetoOutstandingOpen);
    CHECK(!wcscmp(Name, ECHO));
    Veto = PNP_VetoTypeUnknown;
    CHECK_EQ(CM_Query_And_Remove_SubTreeA(Echo, &Veto, NameA, MAX_PATH, 0), CR_REMOVE_VETOED);
    CHECK_EQ(Veto, PNP_VetoOutstandingOpen);
    CHECK_STR(NameA, "ROOT\\NTIOECHO\\0000");
    /* The name cut to the room given. */
    CHECK_EQ(CM_Query_And_Remove_SubTreeW(Echo, &Veto, Name, 5, 0), CR_REMOVE_VETOED);
    CHECK(!wcscmp(Name, L"ROOT"));
    CHECK_EQ(CM_Query_And_Remove_SubTreeA(Echo, NULL, NameA, 5, 0), CR_REMOVE_VETOED);
    CHECK_STR(NameA, "ROOT");
    CHECK_EQ(CM_Query_And_Remove_SubTreeW(Echo, NULL, NULL, 0, 0), CR_REMOVE_VETOED);
    CHECK_EQ(CM_Disable_DevNode(Echo, 0), CR_REMOVE_VETOED);
    CHECK(Started(Echo));
    ECHO_INFO I;
    CHECK(EchoInfo(h, &I));
    CloseHandle(h);

    /* Closed: removed.  It stays in the tree, stopped, without interfaces. */
    Veto = PNP_VetoDevice;
    wcscpy(Name, L"junk");
    CHECK_EQ(CM_Query_And_Remove_SubTreeW(Echo, &Veto, Name, MAX_PATH, CM_REMOVE_NO_RESTART),
             CR_SUCCESS);
    CHECK_EQ(Veto, PNP_VetoTypeUnknown);
    CHECK_EQ(Name[0], 0);
    CHECK_EQ(Locate(ECHO, 0), Echo);
    Problem(Echo, &S);
    CHECK(!(S & DN_STARTED));
    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, CM_GET_DEVICE_INTERFACE_LIST_PRESENT,
                        NULL), 0);
    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES,
                        Name), 1);
    CHECK(!wcscmp(Name, Old)); /* registered still, not enabled */
    h = CreateFileW(Old, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    CHECK(h == INVALID_HANDLE_VALUE);
    /* Re-enumerating its parent does not bring it back; CM_Setup_DevNode does. */
    CHECK_EQ(CM_Reenumerate_DevNode(Locate(NULL, 0), 0), CR_SUCCESS);
    CHECK(!Started(Echo));
    CHECK_EQ(CM_Setup_DevNode(Echo, CM_SETUP_DEVNODE_READY), CR_SUCCESS);
    CHECK(Started(Echo));
    h = OpenEcho(ECHO);
    CHECK(h != INVALID_HANDLE_VALUE);
    CHECK(EchoInfo(h, &I));
    CHECK(I.AddDeviceCalls >= 2 && I.StartCalls >= 2);
    CloseHandle(h);

    /* Removed and disabled in one (CM_REMOVE_DISABLE), not persistently. */
    CHECK_EQ(CM_Query_And_Remove_SubTreeW(Echo, NULL, NULL, 0, CM_REMOVE_DISABLE), CR_SUCCESS);
    CHECK_EQ(Problem(Echo, &S), CM_PROB_DISABLED);
    CHECK_EQ(ConfigFlags(Echo) & CONFIGFLAG_DISABLED, 0);
    CHECK_EQ(CM_Enable_DevNode(Echo, 0), CR_SUCCESS);
    CHECK(Started(Echo));
}

static void TestDisable(void)
{
    DEVINST Echo = Locate(ECHO, 0);
    ULONG S;

    /* Disabled: problem 22, which CM_Setup_DevNode leaves, CM_Enable_DevNode clears. */
    CHECK_EQ(CM_Disable_DevNode(Echo, CM_DISABLE_UI_NOT_OK), CR_SUCCESS);
    CHECK_EQ(Problem(Echo, &S), CM_PROB_DISABLED);
    CHECK(S & DN_HAS_PROBLEM);
    CHECK(!(S & DN_STARTED));
    CHECK_EQ(ConfigFlags(Echo) & CONFIGFLAG_DISABLED, 0); /* not across a restart */
    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, 0, NULL), 0);
    CHECK_EQ(CM_Disable_DevNode(Echo, 0), CR_SUCCESS); /* again: still disabled */
    CHECK_EQ(Problem(Echo, &S), CM_PROB_DISABLED);
    CHECK_EQ(CM_Setup_DevNode(Echo, CM_SETUP_DEVNODE_READY), CR_SUCCESS);
    CHECK_EQ(Problem(Echo, &S), CM_PROB_DISABLED);
    CHECK_EQ(CM_Enable_DevNode(Echo, 0), CR_SUCCESS);
    CHECK(Started(Echo));
    CHECK_EQ(CM_Enable_DevNode(Echo, 0), CR_SUCCESS); /* running: left alone */
    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, 0, NULL), 1);

    /* CM_DISABLE_PERSIST: CONFIGFLAG_DISABLED, cleared by enabling. */
    CHECK_EQ(CM_Disable_DevNode(Echo, CM_DISABLE_PERSIST), CR_SUCCESS);
    CHECK_EQ(Problem(Echo, &S), CM_PROB_DISABLED);
    CHECK_EQ(ConfigFlags(Echo) & CONFIGFLAG_DISABLED, CONFIGFLAG_DISABLED);
    CHECK_EQ(CM_Enable_DevNode(Echo, 0), CR_SUCCESS);
    CHECK(Started(Echo));
    CHECK_EQ(ConfigFlags(Echo) & CONFIGFLAG_DISABLED, 0);
}

/* ---- a bus's children ------------------------------------------------------------------ */

static BOOL BusCall(HANDLE Bus, DWORD Code, ULONG Number)
{
    DWORD Bytes;
    if (!DeviceIoControl(Bus, Code, &Number, sizeof Number, NULL, 0, &Bytes, NULL))
        return FALSE;
    /* The PnP manager's enumeration of the bus is behind its worker: a
     * synchronous re-enumeration comes after it. */
    CHECK_EQ(CM_Reenumerate_DevNode(Locate(BUS, 0), CM_REENUMERATE_SYNCHRONOUS), CR_SUCCESS);
    return TRUE;
}

static void TestBus(void)
{
    DEVINST Bus = Locate(BUS, 0), Child = 0, Parent = 0;
    WCHAR Name[512];
    ULONG S, Depth, Type, Len, Caps;
    BYTE Buffer[256];

    CHECK(Started(Bus));
    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_BUS, BUS, 0, Name), 1);
    HANDLE h = CreateFileW(Name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    CHECK(h != INVALID_HANDLE_VALUE);
    CHECK_EQ(CM_Get_Child(&Child, Bus, 0), CR_NO_SUCH_DEVNODE);

    /* Plugged in: the bus's child, a level deeper, started by its ID. */
    CHECK(BusCall(h, IOCTL_BUS_PLUG, 1));
    CHECK_EQ(CM_Get_Child(&Child, Bus, 0), CR_SUCCESS);
    CHECK(IdIs(Child, CHILD1));
    CHECK_EQ(Locate(CHILD1, 0), Child);
    CHECK_EQ(CM_Get_Parent(&Parent, Child, 0), CR_SUCCESS);
    CHECK_EQ(Parent, Bus);
    CHECK_EQ(CM_Get_Depth(&Depth, Child, 0), CR_SUCCESS);
    CHECK_EQ(Depth, 2);
    CHECK_EQ(Problem(Child, &S), 0);
    CHECK(S & DN_STARTED);
    CHECK(S & DN_REMOVABLE);
    CHECK(!(S & DN_ROOT_ENUMERATED));
    CHECK_EQ(CM_Get_Sibling(&Parent, Child, 0), CR_NO_SUCH_DEVNODE);
    /* What the PnP manager recorded about it. */
    CheckStringProperty(Child, CM_DRP_HARDWAREID, REG_MULTI_SZ, L"NTIOBUS\\ECHO\0");
    CheckStringProperty(Child, CM_DRP_COMPATIBLEIDS, REG_MULTI_SZ, L"NTIOBUS\\GENERIC\0");
    CheckStringProperty(Child, CM_DRP_DEVICEDESC, REG_SZ, L"ntio test bus echo 1");
    CheckStringProperty(Child, CM_DRP_ENUMERATOR_NAME, REG_SZ, L"NTIOBUS");
    Len = sizeof Caps;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Child, CM_DRP_CAPABILITIES, &Type, &Caps, &Len, 0),
             CR_SUCCESS);
    CHECK_EQ(Caps & (CM_DEVCAP_REMOVABLE | CM_DEVCAP_UNIQUEID | CM_DEVCAP_SURPRISEREMOVALOK),
             CM_DEVCAP_REMOVABLE | CM_DEVCAP_UNIQUEID | CM_DEVCAP_SURPRISEREMOVALOK);
    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, CHILD1, 0, Name), 1);
    CHECK(!wcsncmp(Name, L"\\\\?\\NTIOBUS#ECHO#0001#{", 23));

    /* Plugged in before anything is installed for it: problem 1, until a
     * re-enumeration retries the installation. */
    HKEY Key = CreateKey(L"SYSTEM\\CurrentControlSet\\Enum\\%ls", CHILD3);
    RegDeleteValueW(Key, L"Service"); /* installed by the run before */
    CHECK(BusCall(h, IOCTL_BUS_PLUG, 3));
    DEVINST Three = Locate(CHILD3, 0);
    CHECK_EQ(Problem(Three, &S), CM_PROB_NOT_CONFIGURED);
    CHECK_EQ(CM_Get_Sibling(&Parent, Child, 0), CR_SUCCESS);
    CHECK_EQ(Parent, Three);
    SetString(Key, L"Service", L"pnpecho", REG_SZ);
    RegCloseKey(Key);
    CHECK_EQ(CM_Reenumerate_DevNode(Bus, 0), CR_SUCCESS);
    CHECK_EQ(Problem(Three, &S), CM_PROB_NOT_CONFIGURED);
    CHECK_EQ(CM_Reenumerate_DevNode(Bus, CM_REENUMERATE_RETRY_INSTALLATION), CR_SUCCESS);
    CHECK(Started(Three));

    /* Unplugged: gone from the tree; the handles stay good, the
     * instances stay in the registry. */
    CHECK(BusCall(h, IOCTL_BUS_UNPLUG, 1));
    CHECK(BusCall(h, IOCTL_BUS_UNPLUG, 3));
    CHECK_EQ(CM_Get_Child(&Parent, Bus, 0), CR_NO_SUCH_DEVNODE);
    CHECK_EQ(CM_Get_DevNode_Status(&S, &Depth, Child, 0), CR_NO_SUCH_DEVINST);
    CHECK(IdIs(Child, CHILD1));
    CHECK_EQ(CM_Locate_DevNodeW(&Parent, CHILD1, 0), CR_NO_SUCH_DEVNODE);
    CHECK_EQ(Locate(CHILD1, CM_LOCATE_DEVNODE_PHANTOM), Child);
    CHECK_EQ(CM_Get_Parent(&Parent, Child, 0), CR_NO_SUCH_DEVNODE);
    CHECK_EQ(CM_Query_And_Remove_SubTreeW(Child, NULL, NULL, 0, 0), CR_NO_SUCH_DEVNODE);
    CHECK_EQ(CM_Enable_DevNode(Child, 0), CR_NO_SUCH_DEVNODE);
    Len = sizeof Buffer;
    CHECK_EQ(CM_Get_DevNode_Registry_PropertyW(Child, CM_DRP_SERVICE, &Type, Buffer, &Len, 0),
             CR_SUCCESS);
    CHECK_EQ(CM_Get_Device_Interface_List_SizeW(&Len, (LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO, CHILD1, 0),
             CR_NO_SUCH_DEVNODE);
    CloseHandle(h);
}

/* ---- the handle table under threads --------------------------------------------------- */

#define THREADS 4
#define PHANTOMS 100
static DEVINST ThreadResults[THREADS][PHANTOMS];
static DEVINST Expected[3];
static volatile LONG ThreadErrors;

static DWORD WINAPI LocateThread(LPVOID Param)
{
    ULONG t = (ULONG)(ULONG_PTR)Param;
    for (int round = 0; round < 3; round++) {
        for (int k = 0; k < PHANTOMS; k++) {
            int i = (k + (int)t * 25) % PHANTOMS; /* each thread starts elsewhere */
            WCHAR Id[64], Back[MAX_DEVICE_ID_LEN];
            DEVINST Dev = 0;
            swprintf(Id, 64, L"NTIOPHANTOM\\DEV\\%04d", i);
            if (CM_Locate_DevNodeW(&Dev, Id, CM_LOCATE_DEVNODE_PHANTOM) != CR_SUCCESS ||
                CM_Get_Device_IDW(Dev, Back, MAX_DEVICE_ID_LEN, 0) != CR_SUCCESS ||
                wcscmp(Back, Id) || (round && ThreadResults[t][i] != Dev))
                InterlockedIncrement(&ThreadErrors);
            ThreadResults[t][i] = Dev;
            DEVINST Known = 0;
            if (CM_Locate_DevNodeW(&Known, ECHO, 0) != CR_SUCCESS || Known != Expected[0] ||
                CM_Locate_DevNodeW(&Known, NULL, 0) != CR_SUCCESS || Known != Expected[1] ||
                CM_Get_Parent(&Known, Expected[0], 0) != CR_SUCCESS || Known != Expected[1])
                InterlockedIncrement(&ThreadErrors);
        }
    }
    return 0;
}

static void TestThreads(void)
{
    HANDLE Threads[THREADS];
    Expected[0] = Locate(ECHO, 0);
    Expected[1] = Locate(NULL, 0);
    for (ULONG t = 0; t < THREADS; t++) {
        Threads[t] = CreateThread(NULL, 0, LocateThread, (LPVOID)(ULONG_PTR)t, 0, NULL);
        CHECK(Threads[t] != NULL);
    }
    CHECK_EQ(WaitForMultipleObjects(THREADS, Threads, TRUE, 60000), WAIT_OBJECT_0);
    for (ULONG t = 0; t < THREADS; t++)
        CloseHandle(Threads[t]);
    CHECK_EQ(ThreadErrors, 0);
    /* One handle per instance, whichever thread made it. */
    ULONG Distinct = 1;
    for (int i = 0; i < PHANTOMS; i++) {
        for (ULONG t = 1; t < THREADS; t++)
            CHECK_EQ(ThreadResults[t][i], ThreadResults[0][i]);
        for (int j = 0; j < i; j++)
            if (ThreadResults[0][j] == ThreadResults[0][i])
                Distinct = 0;
    }
    CHECK_EQ(Distinct, 1);
}

static void TestMapError(void)
{
    CHECK_EQ(CM_MapCrToWin32Err(CR_SUCCESS, 99), ERROR_SUCCESS);
    CHECK_EQ(CM_MapCrToWin32Err(CR_OUT_OF_MEMORY, 99), ERROR_NOT_ENOUGH_MEMORY);
    CHECK_EQ(CM_MapCrToWin32Err(CR_INVALID_POINTER, 99), ERROR_INVALID_USER_BUFFER);
    CHECK_EQ(CM_MapCrToWin32Err(CR_INVALID_FLAG, 99), ERROR_INVALID_FLAGS);
    CHECK_EQ(CM_MapCrToWin32Err(CR_INVALID_DEVNODE, 99), ERROR_INVALID_DATA);
    CHECK_EQ(CM_MapCrToWin32Err(CR_INVALID_DEVICE_ID, 99), ERROR_INVALID_DATA);
    CHECK_EQ(CM_MapCrToWin32Err(CR_NO_SUCH_DEVNODE, 99), ERROR_NOT_FOUND);
    CHECK_EQ(CM_MapCrToWin32Err(CR_NO_SUCH_VALUE, 99), ERROR_NOT_FOUND);
    CHECK_EQ(CM_MapCrToWin32Err(CR_BUFFER_SMALL, 99), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(CM_MapCrToWin32Err(CR_ACCESS_DENIED, 99), ERROR_ACCESS_DENIED);
    CHECK_EQ(CM_MapCrToWin32Err(CR_CALL_NOT_IMPLEMENTED, 99), ERROR_CALL_NOT_IMPLEMENTED);
    CHECK_EQ(CM_MapCrToWin32Err(CR_NO_CM_SERVICES, 99), ERROR_SERVICE_NOT_ACTIVE);
    CHECK_EQ(CM_MapCrToWin32Err(CR_REMOVE_VETOED, 99), 99); /* no mapping: the default */
    CHECK_EQ(CM_MapCrToWin32Err(CR_FAILURE, ERROR_GEN_FAILURE), ERROR_GEN_FAILURE);
    CHECK_EQ(CM_MapCrToWin32Err(0x1234, 7), 7);
}

/* ---- across a restart ------------------------------------------------------------------- */

/* End of run 1: KEEP disabled persistently, ECHO not. */
static void DisableForNextRun(void)
{
    CHECK_EQ(CM_Disable_DevNode(Locate(KEEP, 0), CM_DISABLE_PERSIST | CM_DISABLE_UI_NOT_OK),
             CR_SUCCESS);
    CHECK_EQ(CM_Disable_DevNode(Locate(ECHO, 0), 0), CR_SUCCESS);
}

/* Run 2: KEEP came back disabled, ECHO enabled. */
static void TestAfterRestart(void)
{
    DEVINST Keep = Locate(KEEP, 0), Echo = Locate(ECHO, 0);
    ULONG S;
    CHECK_EQ(Problem(Keep, &S), CM_PROB_DISABLED);
    CHECK_EQ(ConfigFlags(Keep) & CONFIGFLAG_DISABLED, CONFIGFLAG_DISABLED);
    CHECK(Started(Echo));
    CHECK(Started(Locate(GHOST1, 0)));
    CHECK(Started(Locate(GHOST2, 0)));
    CHECK_EQ(CM_Enable_DevNode(Keep, 0), CR_SUCCESS);
    CHECK(Started(Keep));
    CHECK_EQ(ConfigFlags(Keep) & CONFIGFLAG_DISABLED, 0);
    CHECK_EQ(Interfaces(&GUID_DEVINTERFACE_NTIO_ECHO, KEEP, 0, NULL), 1);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: cfgmgr32_app install|again DIR\n");
        return 2;
    }
    BOOL Again = !strcmp(argv[1], "again");
    /* DIR is a Linux path: Z: is the Linux root. */
    size_t n = 0;
    Dir[n++] = L'Z';
    Dir[n++] = L':';
    for (const char *p = argv[2]; *p && n < MAX_PATH - 1; p++)
        Dir[n++] = *p == '/' ? L'\\' : (WCHAR)(unsigned char)*p;
    Dir[n] = 0;

    TestRoot();
    TestLocateBadInputs();
    TestMapError();
    if (!Again) {
        Install();
        TestArrival();
    } else {
        TestAfterRestart();
    }
    TestTree();
    TestStatus();
    TestInterfaces();
    TestProperties(Again);
    TestRemove();
    TestDisable();
    TestBus();
    if (!Again) {
        TestPhantoms();
        TestThreads();
        DisableForNextRun();
    }
    return test_summary(Again ? "cfgmgr32 (again)" : "cfgmgr32");
}
