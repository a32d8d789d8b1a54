/*
 * setupdi_app.c - SetupAPI's device information functions from an
 * application, over ntio's PnP manager, with the drivers of tests/win/pnp:
 * devices written to the registry come into the tree (the root is
 * re-enumerated), then are found by interface class and opened, listed by
 * class and enumerator, present or not, asked for their registry
 * properties and instance IDs, and every function gets bad inputs.
 *
 *   setupdi_app DIR   (DIR holds the .sys files)
 */
#include <windows.h>
#include <winioctl.h>
#include <cfgmgr32.h>
#include <setupapi.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <initguid.h>
#include "../pnp/pnptest.h"
#include "../../harness.h"
#include "../pnp/pnpreg.h"

#define ECHO L"ROOT\\NTIOECHO\\0000"
#define BUS L"ROOT\\NTIOBUS\\0000"
#define PHANTOM L"NTIOPHANTOM\\DEV\\0000"
#define DESC L"P\u00e9riph\u00e9rique \u00e9cho ntio"
#define DESC_UTF8 "P\xc3\xa9riph\xc3\xa9rique \xc3\xa9" "cho ntio"
#define CLASS_STR L"{6b3f3a10-2f1c-4c1b-9a7e-1d54330ea1ff}"
/* The echo device's setup class. */
DEFINE_GUID(GUID_DEVCLASS_NTIOTEST, 0x6b3f3a10, 0x2f1c, 0x4c1b, 0x9a, 0x7e, 0x1d, 0x54, 0x33, 0x0e,
            0xa1, 0xff);
static const GUID NullGuid;

static WCHAR Dir[MAX_PATH];

/* ---- the registry, as an installer leaves it ------------------------------------------ */

static void Install(void)
{
    CreateDriverService(Dir, L"pnpecho");
    CreateDriverService(Dir, L"pnpfilt");
    CreateDriverService(Dir, L"pnpbus");
    HKEY Key = CreateKey(L"SYSTEM\\CurrentControlSet\\Enum\\%ls", ECHO);
    SetString(Key, L"HardwareID", L"ROOT\\NTIOECHO\0", REG_MULTI_SZ);
    SetString(Key, L"CompatibleIDs", L"NTIO\\ECHOCOMPAT\0", REG_MULTI_SZ);
    SetString(Key, L"Service", L"pnpecho", REG_SZ);
    SetString(Key, L"DeviceDesc", DESC, REG_SZ);
    SetString(Key, L"UpperFilters", L"pnpfilt\0", REG_MULTI_SZ);
    SetString(Key, L"Class", L"NtioTest", REG_SZ);
    SetString(Key, L"ClassGUID", CLASS_STR, REG_SZ);
    SetString(Key, L"Driver", CLASS_STR L"\\0000", REG_SZ);
    SetString(Key, L"Mfg", L"ntio", REG_SZ);
    SetString(Key, L"FriendlyName", L"ntio echo", REG_SZ);
    SetString(Key, L"LocationInformation", L"on the root", REG_SZ);
    SetDword(Key, L"ConfigFlags", 0);
    RegCloseKey(Key);
    Key = CreateKey(L"SYSTEM\\CurrentControlSet\\Enum\\%ls", BUS);
    SetString(Key, L"HardwareID", L"ROOT\\NTIOBUS\0", REG_MULTI_SZ);
    SetString(Key, L"Service", L"pnpbus", REG_SZ);
    RegCloseKey(Key);
    /* An instance of an enumerator nobody runs: only in the registry. */
    Key = CreateKey(L"SYSTEM\\CurrentControlSet\\Enum\\%ls", PHANTOM);
    SetString(Key, L"DeviceDesc", L"phantom", REG_SZ);
    RegCloseKey(Key);

    DEVINST Root;
    CHECK_EQ(CM_Locate_DevNodeW(&Root, NULL, 0), CR_SUCCESS);
    CHECK_EQ(CM_Reenumerate_DevNode(Root, CM_REENUMERATE_SYNCHRONOUS), CR_SUCCESS);
}

/* ---- helpers ---------------------------------------------------------------------------- */

/* The instance ID of element Index of Set ("" when there is none). */
static BOOL ElementId(HDEVINFO Set, DWORD Index, PWSTR Id, SP_DEVINFO_DATA *Out)
{
    SP_DEVINFO_DATA Data = { sizeof Data };
    Id[0] = 0;
    if (!SetupDiEnumDeviceInfo(Set, Index, &Data))
        return FALSE;
    CHECK(SetupDiGetDeviceInstanceIdW(Set, &Data, Id, MAX_DEVICE_ID_LEN, NULL));
    if (Out)
        *Out = Data;
    return TRUE;
}

/* Whether Set holds the instance Id; *Count gets the number of elements. */
static BOOL SetHas(HDEVINFO Set, PCWSTR Id, DWORD *Count, SP_DEVINFO_DATA *Found)
{
    WCHAR Got[MAX_DEVICE_ID_LEN];
    SP_DEVINFO_DATA Data;
    BOOL Has = FALSE;
    DWORD i;
    for (i = 0; ElementId(Set, i, Got, &Data); i++) {
        if (!_wcsicmp(Got, Id)) {
            Has = TRUE;
            if (Found)
                *Found = Data;
        }
    }
    CHECK_EQ(GetLastError(), ERROR_NO_MORE_ITEMS);
    if (Count)
        *Count = i;
    return Has;
}

static DWORD CountInterfaces(HDEVINFO Set, SP_DEVINFO_DATA *Device, const GUID *Class)
{
    SP_DEVICE_INTERFACE_DATA If = { sizeof If };
    DWORD i = 0;
    while (SetupDiEnumDeviceInterfaces(Set, Device, Class, i, &If))
        i++;
    CHECK_EQ(GetLastError(), ERROR_NO_MORE_ITEMS);
    return i;
}

/* ---- the classic flow: find a device by its interface class and open it ------------------ */

static void TestFindByInterface(void)
{
    HDEVINFO Set = SetupDiGetClassDevsW(&GUID_DEVINTERFACE_NTIO_ECHO, NULL, NULL,
                                        DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
    CHECK(Set != INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), NO_ERROR);

    SP_DEVICE_INTERFACE_DATA If = { sizeof If };
    CHECK(SetupDiEnumDeviceInterfaces(Set, NULL, &GUID_DEVINTERFACE_NTIO_ECHO, 0, &If));
    CHECK(IsEqualGUID(&If.InterfaceClassGuid, &GUID_DEVINTERFACE_NTIO_ECHO));
    CHECK_EQ(If.Flags, SPINT_ACTIVE);
    SP_DEVICE_INTERFACE_DATA Next = { sizeof Next };
    CHECK(!SetupDiEnumDeviceInterfaces(Set, NULL, &GUID_DEVINTERFACE_NTIO_ECHO, 1, &Next));
    CHECK_EQ(GetLastError(), ERROR_NO_MORE_ITEMS);
    /* No interface of another class in this set's devices. */
    CHECK_EQ(CountInterfaces(Set, NULL, &GUID_DEVINTERFACE_NTIO_BUS), 0);

    /* Two calls: the size, then the detail. */
    DWORD Need = 0;
    CHECK(!SetupDiGetDeviceInterfaceDetailW(Set, &If, NULL, 0, &Need, NULL));
    CHECK_EQ(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    static const WCHAR Expect[] = L"\\\\?\\ROOT#NTIOECHO#0000#{6b3f3a10-2f1c-4c1b-9a7e-1d54330ea101}";
    CHECK_EQ(Need, offsetof(SP_DEVICE_INTERFACE_DETAIL_DATA_W, DevicePath) + sizeof Expect);
    PSP_DEVICE_INTERFACE_DETAIL_DATA_W Detail = malloc(Need + 16);
    memset(Detail, 0xEE, Need + 16);
    Detail->cbSize = sizeof *Detail;
    CHECK_EQ(sizeof *Detail, 8);
    DWORD Again = 0;
    CHECK(!SetupDiGetDeviceInterfaceDetailW(Set, &If, Detail, Need - 1, &Again, NULL));
    CHECK_EQ(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(Again, Need);
    CHECK_EQ(Detail->DevicePath[0], 0xEEEE); /* untouched */
    SP_DEVINFO_DATA Dev = { sizeof Dev };
    CHECK(SetupDiGetDeviceInterfaceDetailW(Set, &If, Detail, Need, NULL, &Dev));
    CHECK_EQ(GetLastError(), NO_ERROR);
    CHECK(!_wcsicmp(Detail->DevicePath, Expect));
    CHECK(!wcsncmp(Detail->DevicePath, L"\\\\?\\", 4));
    CHECK(IsEqualGUID(&Dev.ClassGuid, &GUID_DEVCLASS_NTIOTEST));
    DEVINST Echo = 0;
    CHECK_EQ(CM_Locate_DevNodeW(&Echo, ECHO, 0), CR_SUCCESS);
    CHECK_EQ(Dev.DevInst, Echo);
    WCHAR Id[MAX_DEVICE_ID_LEN];
    CHECK(SetupDiGetDeviceInstanceIdW(Set, &Dev, Id, MAX_DEVICE_ID_LEN, NULL));
    CHECK(!wcscmp(Id, ECHO));

    /* The path opens the device: the request reaches the top of its stack. */
    HANDLE h = CreateFileW(Detail->DevicePath, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                           0, NULL);
    CHECK(h != INVALID_HANDLE_VALUE);
    ECHO_INFO Info;
    DWORD Bytes = 0;
    memset(&Info, 0, sizeof Info);
    CHECK(DeviceIoControl(h, IOCTL_ECHO_INFO, NULL, 0, &Info, sizeof Info, &Bytes, NULL));
    CHECK_EQ(Bytes, sizeof Info);
    CHECK_EQ(Info.FilterAbove, 1);
    CHECK(!wcscmp(Info.HardwareId, L"ROOT\\NTIOECHO"));
    CHECK(!wcscmp(Info.Enumerator, L"ROOT"));
    CloseHandle(h);

    /* The detail's own SP_DEVINFO_DATA is filled even when the buffer is too small. */
    SP_DEVINFO_DATA Dev2 = { sizeof Dev2 };
    CHECK(!SetupDiGetDeviceInterfaceDetailW(Set, &If, NULL, 0, NULL, &Dev2));
    CHECK_EQ(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(Dev2.DevInst, Echo);
    CHECK_EQ(Dev2.Reserved, Dev.Reserved);

    /* cbSize is the fixed part only. */
    Detail->cbSize = 6;
    CHECK(!SetupDiGetDeviceInterfaceDetailW(Set, &If, Detail, Need, NULL, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_USER_BUFFER);
    Detail->cbSize = Need;
    CHECK(!SetupDiGetDeviceInterfaceDetailW(Set, &If, Detail, Need, NULL, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_USER_BUFFER);
    Detail->cbSize = 0;
    CHECK(!SetupDiGetDeviceInterfaceDetailW(Set, &If, Detail, Need, NULL, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_USER_BUFFER);
    Detail->cbSize = sizeof *Detail;
    /* Smaller than the fixed part and a NUL; a size without a buffer. */
    CHECK(!SetupDiGetDeviceInterfaceDetailW(Set, &If, Detail, 5, NULL, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_USER_BUFFER);
    CHECK(!SetupDiGetDeviceInterfaceDetailW(Set, &If, NULL, 100, NULL, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_USER_BUFFER);
    SP_DEVINFO_DATA BadDev = { 0 };
    CHECK(!SetupDiGetDeviceInterfaceDetailW(Set, &If, Detail, Need, NULL, &BadDev));
    CHECK_EQ(GetLastError(), ERROR_INVALID_USER_BUFFER);
    CHECK(!SetupDiGetDeviceInterfaceDetailW(Set, NULL, Detail, Need, NULL, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SP_DEVICE_INTERFACE_DATA Forged = If;
    Forged.Reserved = 12345;
    CHECK(!SetupDiGetDeviceInterfaceDetailW(Set, &Forged, Detail, Need, NULL, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    free(Detail);

    /* The A form: UTF-8, its own fixed size (8 on x64), sizes in bytes. */
    CHECK_EQ(sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_A), 8);
    Need = 0;
    CHECK(!SetupDiGetDeviceInterfaceDetailA(Set, &If, NULL, 0, &Need, NULL));
    CHECK_EQ(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(Need, offsetof(SP_DEVICE_INTERFACE_DETAIL_DATA_A, DevicePath) + wcslen(Expect) + 1);
    PSP_DEVICE_INTERFACE_DETAIL_DATA_A DetailA = malloc(Need);
    DetailA->cbSize = 5;
    CHECK(!SetupDiGetDeviceInterfaceDetailA(Set, &If, DetailA, Need, NULL, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_USER_BUFFER);
    DetailA->cbSize = sizeof *DetailA;
    CHECK(!SetupDiGetDeviceInterfaceDetailA(Set, &If, DetailA, Need - 1, NULL, NULL));
    CHECK_EQ(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK(SetupDiGetDeviceInterfaceDetailA(Set, &If, DetailA, Need, NULL, NULL));
    CHECK(!_stricmp(DetailA->DevicePath,
                    "\\\\?\\ROOT#NTIOECHO#0000#{6b3f3a10-2f1c-4c1b-9a7e-1d54330ea101}"));
    h = CreateFileA(DetailA->DevicePath, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    CHECK(h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
    free(DetailA);

    /* The set's element, and its interfaces by device. */
    DWORD Count = 0;
    SP_DEVINFO_DATA Elem;
    CHECK(SetHas(Set, ECHO, &Count, &Elem));
    CHECK_EQ(Count, 1);
    CHECK_EQ(CountInterfaces(Set, &Elem, &GUID_DEVINTERFACE_NTIO_ECHO), 1);
    CHECK(SetupDiDestroyDeviceInfoList(Set));
    CHECK_EQ(GetLastError(), NO_ERROR);
}

/* ---- interface sets: one device, every class, not only the present ones ----------------- */

static void TestInterfaceSets(void)
{
    DWORD Count = 0;
    SP_DEVINFO_DATA Dev;
    /* Enumerator: a device instance ID. */
    HDEVINFO Set = SetupDiGetClassDevsW(&GUID_DEVINTERFACE_NTIO_ECHO, ECHO, NULL,
                                        DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
    CHECK(Set != INVALID_HANDLE_VALUE);
    CHECK(SetHas(Set, ECHO, &Count, NULL));
    CHECK_EQ(Count, 1);
    SetupDiDestroyDeviceInfoList(Set);
    Set = SetupDiGetClassDevsA(&GUID_DEVINTERFACE_NTIO_ECHO, "ROOT\\NTIOBUS\\0000", NULL,
                               DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
    CHECK(Set != INVALID_HANDLE_VALUE);
    SetHas(Set, BUS, &Count, NULL);
    CHECK_EQ(Count, 0); /* the bus has no echo interface */
    SetupDiDestroyDeviceInfoList(Set);
    Set = SetupDiGetClassDevsW(&GUID_DEVINTERFACE_NTIO_ECHO, L"ROOT\\NOSUCH\\0000", NULL,
                               DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
    CHECK(Set == INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), ERROR_NO_SUCH_DEVINST);
    /* Enumerator: an enumerator name, for interfaces. */
    Set = SetupDiGetClassDevsW(&GUID_DEVINTERFACE_NTIO_BUS, L"root", NULL,
                               DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
    CHECK(Set != INVALID_HANDLE_VALUE);
    CHECK(SetHas(Set, BUS, &Count, NULL));
    CHECK_EQ(Count, 1);
    SetupDiDestroyDeviceInfoList(Set);

    /* Every interface class: the echo device and the bus, each with its interface. */
    Set = SetupDiGetClassDevsW(NULL, NULL, NULL,
                               DIGCF_ALLCLASSES | DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
    CHECK(Set != INVALID_HANDLE_VALUE);
    CHECK(SetHas(Set, ECHO, NULL, &Dev));
    CHECK_EQ(CountInterfaces(Set, &Dev, &GUID_DEVINTERFACE_NTIO_ECHO), 1);
    CHECK_EQ(CountInterfaces(Set, &Dev, &GUID_DEVINTERFACE_NTIO_BUS), 0);
    CHECK(SetHas(Set, BUS, NULL, &Dev));
    CHECK_EQ(CountInterfaces(Set, &Dev, &GUID_DEVINTERFACE_NTIO_BUS), 1);
    CHECK(!SetHas(Set, L"HTREE\\ROOT\\0", NULL, NULL)); /* no interface */
    CHECK_EQ(CountInterfaces(Set, NULL, &GUID_DEVINTERFACE_NTIO_ECHO), 1);
    CHECK_EQ(CountInterfaces(Set, NULL, &GUID_DEVINTERFACE_NTIO_BUS), 1);
    SetupDiDestroyDeviceInfoList(Set);

    /* A set of setup classes lists the interfaces of its devices when asked. */
    Set = SetupDiGetClassDevsW(&GUID_DEVCLASS_NTIOTEST, NULL, NULL, DIGCF_PRESENT);
    CHECK(Set != INVALID_HANDLE_VALUE);
    CHECK_EQ(CountInterfaces(Set, NULL, &GUID_DEVINTERFACE_NTIO_ECHO), 1);
    SetupDiDestroyDeviceInfoList(Set);

    /* A removed device keeps its interface registered, not active. */
    DEVINST Echo = 0;
    CHECK_EQ(CM_Locate_DevNodeW(&Echo, ECHO, 0), CR_SUCCESS);
    CHECK_EQ(CM_Query_And_Remove_SubTreeW(Echo, NULL, NULL, 0, 0), CR_SUCCESS);
    Set = SetupDiGetClassDevsW(&GUID_DEVINTERFACE_NTIO_ECHO, NULL, NULL,
                               DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
    CHECK(Set != INVALID_HANDLE_VALUE);
    SetHas(Set, ECHO, &Count, NULL);
    CHECK_EQ(Count, 0);
    SetupDiDestroyDeviceInfoList(Set);
    Set = SetupDiGetClassDevsW(&GUID_DEVINTERFACE_NTIO_ECHO, NULL, NULL, DIGCF_DEVICEINTERFACE);
    CHECK(Set != INVALID_HANDLE_VALUE);
    CHECK(SetHas(Set, ECHO, &Count, NULL));
    SP_DEVICE_INTERFACE_DATA If = { sizeof If };
    CHECK(SetupDiEnumDeviceInterfaces(Set, NULL, &GUID_DEVINTERFACE_NTIO_ECHO, 0, &If));
    CHECK_EQ(If.Flags, 0); /* not SPINT_ACTIVE */
    SetupDiDestroyDeviceInfoList(Set);
    CHECK_EQ(CM_Setup_DevNode(Echo, CM_SETUP_DEVNODE_READY), CR_SUCCESS);
    Set = SetupDiGetClassDevsW(&GUID_DEVINTERFACE_NTIO_ECHO, NULL, NULL,
                               DIGCF_PRESENT | DIGCF_DEVICEINTERFACE | DIGCF_PROFILE);
    CHECK(Set != INVALID_HANDLE_VALUE);
    CHECK(SetupDiEnumDeviceInterfaces(Set, NULL, &GUID_DEVINTERFACE_NTIO_ECHO, 0, &If));
    CHECK_EQ(If.Flags, SPINT_ACTIVE);
    SetupDiDestroyDeviceInfoList(Set);
}

/* ---- sets of devices: every class, one class, one enumerator ------------------------------ */

static void TestClassSets(void)
{
    DWORD Present = 0, All = 0, Count = 0;
    SP_DEVINFO_DATA Dev;
    HDEVINFO Set = SetupDiGetClassDevsW(NULL, NULL, NULL, DIGCF_ALLCLASSES | DIGCF_PRESENT);
    CHECK(Set != INVALID_HANDLE_VALUE);
    CHECK(SetHas(Set, L"HTREE\\ROOT\\0", &Present, NULL));
    CHECK(SetHas(Set, ECHO, NULL, &Dev));
    CHECK(IsEqualGUID(&Dev.ClassGuid, &GUID_DEVCLASS_NTIOTEST));
    CHECK(SetHas(Set, BUS, NULL, &Dev));
    CHECK(IsEqualGUID(&Dev.ClassGuid, &NullGuid)); /* no ClassGUID */
    CHECK(!SetHas(Set, PHANTOM, NULL, NULL));
    CHECK(Present >= 3);
    SetupDiDestroyDeviceInfoList(Set);

    /* Without DIGCF_PRESENT: the registry's instances too. */
    Set = SetupDiGetClassDevsW(NULL, NULL, NULL, DIGCF_ALLCLASSES);
    CHECK(Set != INVALID_HANDLE_VALUE);
    CHECK(SetHas(Set, PHANTOM, &All, &Dev));
    CHECK(Dev.DevInst != 0);
    CHECK(SetHas(Set, ECHO, NULL, NULL));
    CHECK_EQ(All, Present + 1);
    WCHAR Desc[32];
    CHECK(SetupDiGetDeviceRegistryPropertyW(Set, &Dev, SPDRP_DEVICEDESC, NULL, (PBYTE)Desc,
                                            sizeof Desc, NULL));
    CHECK(!wcscmp(Desc, L"phantom"));
    SetupDiDestroyDeviceInfoList(Set);

    /* One enumerator (any case). */
    Set = SetupDiGetClassDevsA(NULL, "Root", NULL, DIGCF_ALLCLASSES | DIGCF_PRESENT);
    CHECK(Set != INVALID_HANDLE_VALUE);
    CHECK(SetHas(Set, ECHO, &Count, NULL));
    CHECK(SetHas(Set, BUS, NULL, NULL));
    CHECK(!SetHas(Set, L"HTREE\\ROOT\\0", NULL, NULL));
    WCHAR Id[MAX_DEVICE_ID_LEN];
    for (DWORD i = 0; ElementId(Set, i, Id, NULL); i++)
        CHECK(!wcsncmp(Id, L"ROOT\\", 5));
    SetupDiDestroyDeviceInfoList(Set);
    Set = SetupDiGetClassDevsW(NULL, L"NTIOPHANTOM", NULL, DIGCF_ALLCLASSES);
    CHECK(Set != INVALID_HANDLE_VALUE);
    CHECK(SetHas(Set, PHANTOM, &Count, NULL));
    CHECK_EQ(Count, 1);
    SetupDiDestroyDeviceInfoList(Set);
    Set = SetupDiGetClassDevsW(NULL, L"NTIOPHANTOM", NULL, DIGCF_ALLCLASSES | DIGCF_PRESENT);
    CHECK(Set != INVALID_HANDLE_VALUE);
    SetHas(Set, PHANTOM, &Count, NULL);
    CHECK_EQ(Count, 0);
    SetupDiDestroyDeviceInfoList(Set);
    Set = SetupDiGetClassDevsW(NULL, L"NOSUCHENUM", NULL, DIGCF_ALLCLASSES);
    CHECK(Set == INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), ERROR_INVALID_DATA);
    /* A device instance ID is an enumerator only for interfaces. */
    Set = SetupDiGetClassDevsW(NULL, ECHO, NULL, DIGCF_ALLCLASSES);
    CHECK(Set == INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), ERROR_INVALID_DATA);

    /* One setup class. */
    Set = SetupDiGetClassDevsW(&GUID_DEVCLASS_NTIOTEST, NULL, NULL, DIGCF_PRESENT);
    CHECK(Set != INVALID_HANDLE_VALUE);
    CHECK(SetHas(Set, ECHO, &Count, NULL));
    CHECK_EQ(Count, 1);
    /* SetupDiOpenDeviceInfo keeps to the set's class. */
    SP_DEVINFO_DATA Other = { sizeof Other };
    CHECK(!SetupDiOpenDeviceInfoW(Set, BUS, NULL, 0, &Other));
    CHECK_EQ(GetLastError(), ERROR_CLASS_MISMATCH);
    SetupDiDestroyDeviceInfoList(Set);
    Set = SetupDiGetClassDevsW(&GUID_DEVINTERFACE_NTIO_BUS, NULL, NULL, DIGCF_PRESENT);
    CHECK(Set != INVALID_HANDLE_VALUE);
    SetHas(Set, BUS, &Count, NULL);
    CHECK_EQ(Count, 0); /* an interface class is no setup class */
    SetupDiDestroyDeviceInfoList(Set);
}

/* ---- SetupDiOpenDeviceInfo and SetupDiCreateDeviceInfoList ------------------------------- */

static void TestOpen(void)
{
    HDEVINFO Set = SetupDiCreateDeviceInfoList(NULL, NULL);
    CHECK(Set != INVALID_HANDLE_VALUE);
    SP_DEVINFO_DATA A = { sizeof A }, B = { sizeof B }, C = { sizeof C };
    CHECK(!SetupDiEnumDeviceInfo(Set, 0, &A));
    CHECK_EQ(GetLastError(), ERROR_NO_MORE_ITEMS);
    CHECK(SetupDiOpenDeviceInfoW(Set, ECHO, NULL, 0, &A));
    CHECK_EQ(GetLastError(), NO_ERROR);
    CHECK(SetupDiOpenDeviceInfoA(Set, "root\\ntioecho\\0000", NULL, DIOD_INHERIT_CLASSDRVS, &B));
    CHECK_EQ(A.Reserved, B.Reserved); /* the same element */
    CHECK_EQ(A.DevInst, B.DevInst);
    CHECK(IsEqualGUID(&A.ClassGuid, &GUID_DEVCLASS_NTIOTEST));
    CHECK(SetupDiOpenDeviceInfoW(Set, PHANTOM, NULL, DIOD_CANCEL_REMOVE, NULL));
    CHECK(SetupDiOpenDeviceInfoW(Set, NULL, NULL, 0, &C)); /* the root */
    WCHAR Id[MAX_DEVICE_ID_LEN];
    CHECK(SetupDiGetDeviceInstanceIdW(Set, &C, Id, MAX_DEVICE_ID_LEN, NULL));
    CHECK(!wcscmp(Id, L"HTREE\\ROOT\\0"));
    CHECK(SetupDiOpenDeviceInfoA(Set, "", NULL, 0, &B));
    CHECK_EQ(B.Reserved, C.Reserved);
    DWORD Count = 0;
    CHECK(SetHas(Set, PHANTOM, &Count, NULL));
    CHECK_EQ(Count, 3);

    CHECK(!SetupDiOpenDeviceInfoW(Set, L"ROOT\\NOSUCH\\0000", NULL, 0, &B));
    CHECK_EQ(GetLastError(), ERROR_NO_SUCH_DEVINST);
    CHECK(!SetupDiOpenDeviceInfoW(Set, L"ROOT\\NTIOECHO", NULL, 0, &B));
    CHECK_EQ(GetLastError(), ERROR_INVALID_DEVINST_NAME);
    CHECK(!SetupDiOpenDeviceInfoW(Set, ECHO, NULL, 1, &B));
    CHECK_EQ(GetLastError(), ERROR_INVALID_FLAGS);
    /* A bad buffer: the error, but the element is in the set. */
    SP_DEVINFO_DATA Bad = { 0 };
    CHECK(!SetupDiOpenDeviceInfoW(Set, BUS, NULL, 0, &Bad));
    CHECK_EQ(GetLastError(), ERROR_INVALID_USER_BUFFER);
    CHECK(SetHas(Set, BUS, &Count, NULL));
    CHECK_EQ(Count, 4);
    SetupDiDestroyDeviceInfoList(Set);

    /* A list of one class takes only that class. */
    Set = SetupDiCreateDeviceInfoList(&GUID_DEVCLASS_NTIOTEST, NULL);
    CHECK(SetupDiOpenDeviceInfoW(Set, ECHO, NULL, 0, NULL));
    CHECK(!SetupDiOpenDeviceInfoW(Set, BUS, NULL, 0, NULL));
    CHECK_EQ(GetLastError(), ERROR_CLASS_MISMATCH);
    SetupDiDestroyDeviceInfoList(Set);
}

/* ---- registry properties and instance IDs ------------------------------------------------ */

/* A property through the two calls in W or A, compared with Expect of ExpectBytes. */
static void CheckProperty(HDEVINFO Set, SP_DEVINFO_DATA *Dev, DWORD Property, BOOL Ansi,
                          DWORD ExpectType, const void *Expect, DWORD ExpectBytes)
{
    BYTE Buffer[512];
    DWORD Type = 0xDEAD, Need = 0;
    BOOL Ok = Ansi ? SetupDiGetDeviceRegistryPropertyA(Set, Dev, Property, &Type, NULL, 0, &Need)
                   : SetupDiGetDeviceRegistryPropertyW(Set, Dev, Property, &Type, NULL, 0, &Need);
    CHECK(!Ok);
    CHECK_EQ(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(Need, ExpectBytes);
    CHECK_EQ(Type, ExpectType);
    memset(Buffer, 0xAB, sizeof Buffer);
    Ok = Ansi ? SetupDiGetDeviceRegistryPropertyA(Set, Dev, Property, NULL, Buffer, Need - 1, &Need)
              : SetupDiGetDeviceRegistryPropertyW(Set, Dev, Property, NULL, Buffer, Need - 1, &Need);
    CHECK(!Ok);
    CHECK_EQ(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(Buffer[0], 0xAB);
    CHECK_EQ(Need, ExpectBytes);
    Type = 0;
    Need = 0;
    Ok = Ansi ? SetupDiGetDeviceRegistryPropertyA(Set, Dev, Property, &Type, Buffer, sizeof Buffer, &Need)
              : SetupDiGetDeviceRegistryPropertyW(Set, Dev, Property, &Type, Buffer, sizeof Buffer, &Need);
    CHECK(Ok);
    CHECK_EQ(GetLastError(), NO_ERROR);
    CHECK_EQ(Type, ExpectType);
    CHECK_EQ(Need, ExpectBytes);
    CHECK(!memcmp(Buffer, Expect, ExpectBytes));
}

static void TestProperties(void)
{
    SP_DEVINFO_DATA Dev = { sizeof Dev }, Bus = { sizeof Bus };
    HDEVINFO Set = SetupDiCreateDeviceInfoList(NULL, NULL);
    CHECK(SetupDiOpenDeviceInfoW(Set, ECHO, NULL, 0, &Dev));
    CHECK(SetupDiOpenDeviceInfoW(Set, BUS, NULL, 0, &Bus));

    CheckProperty(Set, &Dev, SPDRP_DEVICEDESC, FALSE, REG_SZ, DESC, sizeof DESC);
    CheckProperty(Set, &Dev, SPDRP_DEVICEDESC, TRUE, REG_SZ, DESC_UTF8, sizeof DESC_UTF8);
    CheckProperty(Set, &Dev, SPDRP_HARDWAREID, FALSE, REG_MULTI_SZ, L"ROOT\\NTIOECHO\0",
                  sizeof L"ROOT\\NTIOECHO\0");
    CheckProperty(Set, &Dev, SPDRP_HARDWAREID, TRUE, REG_MULTI_SZ, "ROOT\\NTIOECHO\0",
                  sizeof "ROOT\\NTIOECHO\0");
    CheckProperty(Set, &Dev, SPDRP_COMPATIBLEIDS, FALSE, REG_MULTI_SZ, L"NTIO\\ECHOCOMPAT\0",
                  sizeof L"NTIO\\ECHOCOMPAT\0");
    CheckProperty(Set, &Dev, SPDRP_SERVICE, FALSE, REG_SZ, L"pnpecho", sizeof L"pnpecho");
    CheckProperty(Set, &Dev, SPDRP_SERVICE, TRUE, REG_SZ, "pnpecho", sizeof "pnpecho");
    CheckProperty(Set, &Dev, SPDRP_CLASS, FALSE, REG_SZ, L"NtioTest", sizeof L"NtioTest");
    CheckProperty(Set, &Dev, SPDRP_CLASSGUID, FALSE, REG_SZ, CLASS_STR, sizeof CLASS_STR);
    CheckProperty(Set, &Dev, SPDRP_DRIVER, FALSE, REG_SZ, CLASS_STR L"\\0000",
                  sizeof CLASS_STR L"\\0000");
    CheckProperty(Set, &Dev, SPDRP_MFG, TRUE, REG_SZ, "ntio", sizeof "ntio");
    CheckProperty(Set, &Dev, SPDRP_FRIENDLYNAME, FALSE, REG_SZ, L"ntio echo", sizeof L"ntio echo");
    CheckProperty(Set, &Dev, SPDRP_LOCATION_INFORMATION, FALSE, REG_SZ, L"on the root",
                  sizeof L"on the root");
    CheckProperty(Set, &Dev, SPDRP_UPPERFILTERS, FALSE, REG_MULTI_SZ, L"pnpfilt\0",
                  sizeof L"pnpfilt\0");
    CheckProperty(Set, &Dev, SPDRP_UPPERFILTERS, TRUE, REG_MULTI_SZ, "pnpfilt\0",
                  sizeof "pnpfilt\0");
    DWORD Zero = 0;
    CheckProperty(Set, &Dev, SPDRP_CONFIGFLAGS, FALSE, REG_DWORD, &Zero, sizeof Zero);
    CheckProperty(Set, &Dev, SPDRP_CONFIGFLAGS, TRUE, REG_DWORD, &Zero, sizeof Zero);
    CheckProperty(Set, &Dev, SPDRP_ENUMERATOR_NAME, FALSE, REG_SZ, L"ROOT", sizeof L"ROOT");
    CheckProperty(Set, &Dev, SPDRP_ENUMERATOR_NAME, TRUE, REG_SZ, "ROOT", sizeof "ROOT");

    /* Capabilities: a DWORD the PnP manager wrote. */
    DWORD Caps = 0xFFFFFFFF, Type = 0, Need = 0;
    CHECK(SetupDiGetDeviceRegistryPropertyW(Set, &Dev, SPDRP_CAPABILITIES, &Type, (PBYTE)&Caps,
                                            sizeof Caps, &Need));
    CHECK_EQ(Type, REG_DWORD);
    CHECK_EQ(Need, 4);
    CHECK(Caps != 0xFFFFFFFF);

    /* Properties never written, or not kept: ERROR_INVALID_DATA. */
    BYTE Buffer[64];
    static const DWORD Absent[] = { SPDRP_LOWERFILTERS, SPDRP_PHYSICAL_DEVICE_OBJECT_NAME,
                                    SPDRP_UNUSED0 };
    for (size_t i = 0; i < sizeof Absent / sizeof Absent[0]; i++) {
        Need = 77;
        CHECK(!SetupDiGetDeviceRegistryPropertyW(Set, &Dev, Absent[i], NULL, Buffer, sizeof Buffer,
                                                 &Need));
        CHECK_EQ(GetLastError(), ERROR_INVALID_DATA);
    }
    CHECK(!SetupDiGetDeviceRegistryPropertyA(Set, &Bus, SPDRP_FRIENDLYNAME, NULL, NULL, 0, &Need));
    CHECK_EQ(GetLastError(), ERROR_INVALID_DATA);
    CHECK(!SetupDiGetDeviceRegistryPropertyW(Set, &Bus, SPDRP_CLASSGUID, NULL, NULL, 0, &Need));
    CHECK_EQ(GetLastError(), ERROR_INVALID_DATA);
    CheckProperty(Set, &Bus, SPDRP_SERVICE, FALSE, REG_SZ, L"pnpbus", sizeof L"pnpbus");
    /* Bad property numbers, buffers and elements. */
    CHECK(!SetupDiGetDeviceRegistryPropertyW(Set, &Dev, SPDRP_MAXIMUM_PROPERTY, NULL, Buffer,
                                             sizeof Buffer, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_REG_PROPERTY);
    CHECK(!SetupDiGetDeviceRegistryPropertyA(Set, &Dev, (DWORD)-1, NULL, Buffer, sizeof Buffer, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_REG_PROPERTY);
    CHECK(!SetupDiGetDeviceRegistryPropertyW(Set, &Dev, SPDRP_SERVICE, NULL, NULL, 10, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_USER_BUFFER);
    CHECK(!SetupDiGetDeviceRegistryPropertyW(Set, NULL, SPDRP_SERVICE, NULL, Buffer, 64, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SP_DEVINFO_DATA Wrong = Dev;
    Wrong.cbSize = 0;
    CHECK(!SetupDiGetDeviceRegistryPropertyW(Set, &Wrong, SPDRP_SERVICE, NULL, Buffer, 64, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);

    /* Instance IDs: characters (bytes for A), the NUL included. */
    WCHAR Id[MAX_DEVICE_ID_LEN];
    char IdA[MAX_DEVICE_ID_LEN];
    DWORD Len = ARRAYSIZE(ECHO);
    Need = 0;
    CHECK(!SetupDiGetDeviceInstanceIdW(Set, &Dev, NULL, 0, &Need));
    CHECK_EQ(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(Need, Len);
    wmemset(Id, L'#', MAX_DEVICE_ID_LEN);
    CHECK(!SetupDiGetDeviceInstanceIdW(Set, &Dev, Id, Len - 1, &Need));
    CHECK_EQ(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(Id[0], L'#');
    CHECK(SetupDiGetDeviceInstanceIdW(Set, &Dev, Id, Len, &Need));
    CHECK(!wcscmp(Id, ECHO));
    Need = 0;
    CHECK(!SetupDiGetDeviceInstanceIdA(Set, &Dev, NULL, 0, &Need));
    CHECK_EQ(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(Need, sizeof "ROOT\\NTIOECHO\\0000");
    CHECK(!SetupDiGetDeviceInstanceIdA(Set, &Dev, IdA, Need - 1, NULL));
    CHECK_EQ(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK(SetupDiGetDeviceInstanceIdA(Set, &Dev, IdA, Need, NULL));
    CHECK_STR(IdA, "ROOT\\NTIOECHO\\0000");
    CHECK(!SetupDiGetDeviceInstanceIdW(Set, &Dev, NULL, 10, &Need));
    CHECK_EQ(GetLastError(), ERROR_INVALID_USER_BUFFER);
    CHECK(!SetupDiGetDeviceInstanceIdA(Set, NULL, IdA, sizeof IdA, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!SetupDiGetDeviceInstanceIdW(Set, &Wrong, Id, MAX_DEVICE_ID_LEN, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);

    /* An element of another set is not this set's. */
    HDEVINFO Other = SetupDiCreateDeviceInfoList(NULL, NULL);
    CHECK(!SetupDiGetDeviceInstanceIdW(Other, &Dev, Id, MAX_DEVICE_ID_LEN, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!SetupDiGetDeviceRegistryPropertyW(Other, &Dev, SPDRP_SERVICE, NULL, Buffer, 64, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SP_DEVICE_INTERFACE_DATA If = { sizeof If };
    CHECK(!SetupDiEnumDeviceInterfaces(Other, &Dev, &GUID_DEVINTERFACE_NTIO_ECHO, 0, &If));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetupDiDestroyDeviceInfoList(Other);
    SetupDiDestroyDeviceInfoList(Set);
}

/* ---- bad handles and arguments ---------------------------------------------------------- */

static void TestBadInputs(void)
{
    SP_DEVINFO_DATA Dev = { sizeof Dev };
    SP_DEVICE_INTERFACE_DATA If = { sizeof If };
    WCHAR Id[MAX_DEVICE_ID_LEN];
    BYTE Buffer[64];
    HDEVINFO Gone = SetupDiCreateDeviceInfoList(NULL, NULL);
    CHECK(SetupDiDestroyDeviceInfoList(Gone));
    static int NotASet[16];
    HDEVINFO Bad[] = { NULL, INVALID_HANDLE_VALUE, Gone, (HDEVINFO)NotASet };
    for (size_t i = 0; i < sizeof Bad / sizeof Bad[0]; i++) {
        CHECK(!SetupDiEnumDeviceInfo(Bad[i], 0, &Dev));
        CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
        CHECK(!SetupDiOpenDeviceInfoW(Bad[i], ECHO, NULL, 0, &Dev));
        CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
        CHECK(!SetupDiEnumDeviceInterfaces(Bad[i], NULL, &GUID_DEVINTERFACE_NTIO_ECHO, 0, &If));
        CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
        CHECK(!SetupDiGetDeviceInterfaceDetailW(Bad[i], &If, NULL, 0, NULL, NULL));
        CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
        CHECK(!SetupDiGetDeviceInterfaceDetailA(Bad[i], &If, NULL, 0, NULL, NULL));
        CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
        CHECK(!SetupDiGetDeviceRegistryPropertyW(Bad[i], &Dev, SPDRP_SERVICE, NULL, Buffer, 64, NULL));
        CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
        CHECK(!SetupDiGetDeviceInstanceIdW(Bad[i], &Dev, Id, MAX_DEVICE_ID_LEN, NULL));
        CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
        CHECK(!SetupDiDestroyDeviceInfoList(Bad[i]));
        CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    }

    /* SetupDiGetClassDevs: no class without DIGCF_ALLCLASSES; unknown flags. */
    CHECK(SetupDiGetClassDevsW(NULL, NULL, NULL, DIGCF_PRESENT) == INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(SetupDiGetClassDevsA(NULL, NULL, NULL, DIGCF_DEVICEINTERFACE) == INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(SetupDiGetClassDevsW(NULL, NULL, NULL, DIGCF_ALLCLASSES | 0x100) == INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), ERROR_INVALID_FLAGS);

    /* Element and interface buffers. */
    HDEVINFO Set = SetupDiGetClassDevsW(&GUID_DEVINTERFACE_NTIO_ECHO, NULL, NULL,
                                        DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
    CHECK(Set != INVALID_HANDLE_VALUE);
    CHECK(!SetupDiEnumDeviceInfo(Set, 0, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    Dev.cbSize = sizeof Dev - 1;
    CHECK(!SetupDiEnumDeviceInfo(Set, 0, &Dev));
    CHECK_EQ(GetLastError(), ERROR_INVALID_USER_BUFFER);
    Dev.cbSize = sizeof Dev;
    CHECK(SetupDiEnumDeviceInfo(Set, 0, &Dev));
    CHECK(!SetupDiEnumDeviceInfo(Set, 1, &Dev));
    CHECK_EQ(GetLastError(), ERROR_NO_MORE_ITEMS);
    CHECK(!SetupDiEnumDeviceInfo(Set, 0xFFFFFFFF, &Dev));
    CHECK_EQ(GetLastError(), ERROR_NO_MORE_ITEMS);
    If.cbSize = 0;
    CHECK(!SetupDiEnumDeviceInterfaces(Set, NULL, &GUID_DEVINTERFACE_NTIO_ECHO, 0, &If));
    CHECK_EQ(GetLastError(), ERROR_INVALID_USER_BUFFER);
    If.cbSize = sizeof If;
    CHECK(!SetupDiEnumDeviceInterfaces(Set, NULL, NULL, 0, &If));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!SetupDiEnumDeviceInterfaces(Set, NULL, &GUID_DEVINTERFACE_NTIO_ECHO, 0, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SP_DEVINFO_DATA Forged = Dev;
    Forged.Reserved = 1;
    CHECK(!SetupDiEnumDeviceInterfaces(Set, &Forged, &GUID_DEVINTERFACE_NTIO_ECHO, 0, &If));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(SetupDiDestroyDeviceInfoList(Set));
    CHECK(!SetupDiDestroyDeviceInfoList(Set)); /* twice */
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);

    /* The layouts applications compile against (x64). */
    CHECK_EQ(sizeof(SP_DEVINFO_DATA), 32);
    CHECK_EQ(sizeof(SP_DEVICE_INTERFACE_DATA), 32);
    CHECK_EQ(offsetof(SP_DEVINFO_DATA, DevInst), 20);
    CHECK_EQ(offsetof(SP_DEVICE_INTERFACE_DATA, Flags), 20);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: setupdi_app DIR\n");
        return 2;
    }
    /* DIR is a Linux path: Z: is the Linux root. */
    size_t n = 0;
    Dir[n++] = L'Z';
    Dir[n++] = L':';
    for (const char *p = argv[1]; *p && n < MAX_PATH - 1; p++)
        Dir[n++] = *p == '/' ? L'\\' : (WCHAR)(unsigned char)*p;
    Dir[n] = 0;

    Install();
    TestFindByInterface();
    TestInterfaceSets();
    TestClassSets();
    TestOpen();
    TestProperties();
    TestBadInputs();
    return test_summary("setupdi");
}
