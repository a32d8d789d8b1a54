/*
 * devcreate_app.c - making a device the way a devcon-style installer does,
 * with SetupAPI's public functions, then changing its state and removing
 * it: SetupDiGetINFClass, SetupDiCreateDeviceInfo, SetupDiSetDeviceRegistryProperty,
 * SetupDiCallClassInstaller (DIF_REGISTERDEVICE, DIF_PROPERTYCHANGE,
 * DIF_REMOVE), the class and device installation parameters,
 * SetupDiOpenDevRegKey / SetupDiCreateDevRegKey; and every one of them
 * with bad inputs.  The driver is the PnP test drivers' package
 * (tests/win/devinstall/echo.inf with tests/win/pnp's pnpecho and pnpfilt),
 * installed with UpdateDriverForPlugAndPlayDevices.
 *
 *   devcreate_app FIXTURES PNPBUILD   (Linux paths: the INF's directory, the drivers')
 */
#include <windows.h>
#include <winioctl.h>
#include <cfgmgr32.h>
#include <setupapi.h>
#include <newdev.h>
#include <stdio.h>
#include <string.h>
#include <initguid.h>
#include "../pnp/pnptest.h"
#include "../../harness.h"
#include "../pnp/pkgstage.h"
#include "../devinstall/instcheck.h"

/* A call that fails with Error (FALSE, or INVALID_HANDLE_VALUE for a key). */
#define CHECK_FAILS(call, error)           \
    do {                                   \
        CHECK(!(call));                    \
        CHECK_EQ(GetLastError(), (error)); \
    } while (0)
#define CHECK_NO_KEY(call, error)              \
    do {                                       \
        CHECK((call) == INVALID_HANDLE_VALUE); \
        CHECK_EQ(GetLastError(), (error));     \
    } while (0)

#define ECHO_INF PKG L"\\echo.inf"
#define ECHO_ID L"ROOT\\NTIOECHO"
#define DEV0 L"ROOT\\NTIOTEST\\0000"
#define ENUM_KEY L"SYSTEM\\CurrentControlSet\\Enum\\"
#define CLASS_KEY L"SYSTEM\\CurrentControlSet\\Control\\Class\\"
#define CLASS_STR L"{6b3f3a10-2f1c-4c1b-9a7e-1d54330ea1ff}"
DEFINE_GUID(GUID_DEVCLASS_NTIOTEST, 0x6b3f3a10, 0x2f1c, 0x4c1b, 0x9a, 0x7e, 0x1d, 0x54, 0x33, 0x0e,
            0xa1, 0xff);
DEFINE_GUID(GUID_OTHER_CLASS, 0x6b3f3a10, 0x2f1c, 0x4c1b, 0x9a, 0x7e, 0x1d, 0x54, 0x33, 0x0e, 0xa1,
            0xee);
static const GUID NullGuid;

static WCHAR Fixtures[600], PnpBuild[600];

/* ---- helpers ------------------------------------------------------------------------------ */

/* A REG_SZ or REG_MULTI_SZ (first string) value of HKLM\Key, "" when absent. */
static const WCHAR *RegText(PCWSTR Key, PCWSTR Name)
{
    static WCHAR Value[512];
    DWORD Bytes = sizeof Value - sizeof(WCHAR);
    memset(Value, 0, sizeof Value);
    if (RegGetValueW(HKEY_LOCAL_MACHINE, Key, Name, RRF_RT_REG_SZ | RRF_RT_REG_MULTI_SZ, NULL,
                     Value, &Bytes))
        Value[0] = 0;
    return Value;
}

static DWORD RegType(PCWSTR Key, PCWSTR Name)
{
    DWORD Type = REG_NONE, Bytes = 0;
    if (RegGetValueW(HKEY_LOCAL_MACHINE, Key, Name, RRF_RT_ANY, &Type, NULL, &Bytes))
        return REG_NONE;
    return Type;
}

/* DN_STARTED without a problem. */
static BOOL Started(DEVINST Dev)
{
    ULONG Status, Problem;
    return CM_Get_DevNode_Status(&Status, &Problem, Dev, 0) == CR_SUCCESS &&
           (Status & DN_STARTED) && !(Status & DN_HAS_PROBLEM);
}

static ULONG ProblemOf(DEVINST Dev)
{
    ULONG Status = 0, Problem = 0;
    if (CM_Get_DevNode_Status(&Status, &Problem, Dev, 0) != CR_SUCCESS)
        return 0xFFFFFFFF;
    return (Status & DN_HAS_PROBLEM) ? Problem : 0;
}

/* The echo device of instance Id opened through its interface. */
static HANDLE OpenEcho(PCWSTR Id)
{
    WCHAR List[1024];
    if (CM_Get_Device_Interface_ListW((LPGUID)&GUID_DEVINTERFACE_NTIO_ECHO, (DEVINSTID_W)Id, List,
                                      1024, CM_GET_DEVICE_INTERFACE_LIST_PRESENT) != CR_SUCCESS ||
        !List[0])
        return INVALID_HANDLE_VALUE;
    return CreateFileW(List, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
}

/* What the echo driver of instance Id says about itself. */
static BOOL EchoInfo(PCWSTR Id, ECHO_INFO *Info)
{
    HANDLE h = OpenEcho(Id);
    DWORD Bytes;
    memset(Info, 0, sizeof *Info);
    BOOL Ok = h != INVALID_HANDLE_VALUE &&
              DeviceIoControl(h, IOCTL_ECHO_INFO, NULL, 0, Info, sizeof *Info, &Bytes, NULL);
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    return Ok;
}

/* The device runs its driver and the filter, with the INF's Greeting. */
static void CheckEchoRuns(PCWSTR Id)
{
    ECHO_INFO Info;
    CHECK(EchoInfo(Id, &Info));
    CHECK(!wcscmp(Info.HardwareId, ECHO_ID));
    CHECK(!wcscmp(Info.Greeting, L"hello"));
    CHECK_EQ(Info.FilterAbove, 1);
}

static DWORD InstallFlags(HDEVINFO Set, SP_DEVINFO_DATA *Dev)
{
    SP_DEVINSTALL_PARAMS_W P = { sizeof P };
    CHECK(SetupDiGetDeviceInstallParamsW(Set, Dev, &P));
    return P.Flags;
}

static void ClearFlags(HDEVINFO Set, SP_DEVINFO_DATA *Dev, DWORD Flags)
{
    SP_DEVINSTALL_PARAMS_W P = { sizeof P };
    CHECK(SetupDiGetDeviceInstallParamsW(Set, Dev, &P));
    P.Flags &= ~Flags;
    CHECK(SetupDiSetDeviceInstallParamsW(Set, Dev, &P));
}

/* One DIF_PROPERTYCHANGE request. */
static BOOL PropChange(HDEVINFO Set, SP_DEVINFO_DATA *Dev, DWORD StateChange, DWORD Scope,
                       DWORD Profile)
{
    SP_PROPCHANGE_PARAMS P;
    P.ClassInstallHeader.cbSize = sizeof P.ClassInstallHeader;
    P.ClassInstallHeader.InstallFunction = DIF_PROPERTYCHANGE;
    P.StateChange = StateChange;
    P.Scope = Scope;
    P.HwProfile = Profile;
    CHECK(SetupDiSetClassInstallParamsW(Set, Dev, &P.ClassInstallHeader, sizeof P));
    return SetupDiCallClassInstaller(DIF_PROPERTYCHANGE, Set, Dev);
}

static DWORD CountElements(HDEVINFO Set)
{
    SP_DEVINFO_DATA D = { sizeof D };
    DWORD n = 0;
    while (SetupDiEnumDeviceInfo(Set, n, &D))
        n++;
    return n;
}

/* ---- SetupDiGetINFClass ---------------------------------------------------------------------- */

static void TestInfClass(void)
{
    GUID Guid;
    WCHAR Name[64];
    char NameA[64];
    DWORD Need = 0;
    CHECK(SetupDiGetINFClassW(ECHO_INF, &Guid, Name, 64, &Need));
    CHECK(!wcscmp(Name, L"NtioTest"));
    CHECK_EQ(Need, 9);
    CHECK(IsEqualGUID(&Guid, &GUID_DEVCLASS_NTIOTEST));
    /* Too small: the size all the same. */
    Need = 0;
    CHECK_FAILS(SetupDiGetINFClassW(ECHO_INF, &Guid, Name, 8, &Need), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(Need, 9);
    CHECK(SetupDiGetINFClassW(ECHO_INF, &Guid, Name, 9, NULL));
    CHECK(SetupDiGetINFClassA("C:\\pkg\\echo.inf", &Guid, NameA, 64, &Need));
    CHECK_STR(NameA, "NtioTest");
    CHECK_EQ(Need, 9);

    /* The file first, then the parameters. */
    CHECK_FAILS(SetupDiGetINFClassW(PKG L"\\missing.inf", NULL, Name, 64, &Need),
                ERROR_FILE_NOT_FOUND);
    CHECK_FAILS(SetupDiGetINFClassW(NULL, &Guid, Name, 64, &Need), ERROR_INVALID_PARAMETER);
    CHECK_FAILS(SetupDiGetINFClassW(ECHO_INF, NULL, Name, 64, &Need), ERROR_INVALID_PARAMETER);
    CHECK_FAILS(SetupDiGetINFClassW(ECHO_INF, &Guid, NULL, 64, &Need), ERROR_INVALID_PARAMETER);
    CHECK_FAILS(SetupDiGetINFClassW(ECHO_INF, &Guid, Name, 0, &Need), ERROR_INVALID_PARAMETER);

    /* No class; a GUID that is not one; a GUID alone (a class not installed). */
    WriteText(PKG L"\\noclass.inf", "[Version]\r\nSignature=\"$Windows NT$\"\r\n");
    CHECK_FAILS(SetupDiGetINFClassW(PKG L"\\noclass.inf", &Guid, Name, 64, &Need),
                ERROR_NO_ASSOCIATED_CLASS);
    WriteText(PKG L"\\badguid.inf",
              "[Version]\r\nSignature=\"$Windows NT$\"\r\nClassGUID=WINE\r\n");
    CHECK_FAILS(SetupDiGetINFClassW(PKG L"\\badguid.inf", &Guid, Name, 64, &Need),
                ERROR_INVALID_PARAMETER);
    WriteText(PKG L"\\guidonly.inf", "[Version]\r\nSignature=\"$Chicago$\"\r\n"
                                     "ClassGUID={6B3F3A10-2F1C-4C1B-9A7E-1D54330EA1EE}\r\n");
    Name[0] = L'x';
    CHECK(SetupDiGetINFClassW(PKG L"\\guidonly.inf", &Guid, Name, 64, &Need));
    CHECK(IsEqualGUID(&Guid, &GUID_OTHER_CLASS));
    CHECK(!wcscmp(Name, L""));
    CHECK_EQ(Need, 1);
    WriteText(PKG L"\\nameonly.inf", "[Version]\r\nSignature=\"$Windows NT$\"\r\nClass=Lonely\r\n");
    CHECK(SetupDiGetINFClassW(PKG L"\\nameonly.inf", &Guid, Name, 64, NULL));
    CHECK(!wcscmp(Name, L"Lonely"));
    CHECK(IsEqualGUID(&Guid, &NullGuid));
}

/* ---- new elements, before registration ------------------------------------------------------- */

static void TestCreateBadInputs(HDEVINFO Set)
{
    SP_DEVINFO_DATA Dev = { sizeof Dev };
    WCHAR Id[MAX_DEVICE_ID_LEN + 2];

    /* The name is looked at before the handle. */
    CHECK_FAILS(SetupDiCreateDeviceInfoW(NULL, NULL, &GUID_DEVCLASS_NTIOTEST, NULL, NULL, 0, NULL),
                ERROR_INVALID_DEVINST_NAME);
    CHECK_FAILS(SetupDiCreateDeviceInfoW(NULL, L"ROOT\\NTIOX\\0000", &GUID_DEVCLASS_NTIOTEST, NULL,
                                         NULL, 0, NULL),
                ERROR_INVALID_HANDLE);
    CHECK_FAILS(SetupDiCreateDeviceInfoW(INVALID_HANDLE_VALUE, L"ROOT\\NTIOX\\0000",
                                         &GUID_DEVCLASS_NTIOTEST, NULL, NULL, 0, NULL),
                ERROR_INVALID_HANDLE);
    CHECK_FAILS(SetupDiCreateDeviceInfoW(Set, L"ROOT\\NTIOX\\0000", NULL, NULL, NULL, 0, NULL),
                ERROR_INVALID_PARAMETER);
    CHECK_FAILS(SetupDiCreateDeviceInfoW(Set, L"ROOT\\NTIOX\\0000", &GUID_DEVCLASS_NTIOTEST, NULL,
                                         NULL, 0x80, NULL),
                ERROR_INVALID_FLAGS);
    /* The set is of one class. */
    CHECK_FAILS(
        SetupDiCreateDeviceInfoW(Set, L"ROOT\\NTIOX\\0000", &GUID_OTHER_CLASS, NULL, NULL, 0, NULL),
        ERROR_CLASS_MISMATCH);
    CHECK_FAILS(SetupDiCreateDeviceInfoW(Set, L"ROOT\\NTIOX\\0000", &NullGuid, NULL, NULL, 0, NULL),
                ERROR_CLASS_MISMATCH);
    /* Names that are not instance IDs, or device IDs with a backslash. */
    CHECK_FAILS(
        SetupDiCreateDeviceInfoW(Set, L"ROOT\\NTIOX", &GUID_DEVCLASS_NTIOTEST, NULL, NULL, 0, NULL),
        ERROR_INVALID_DEVINST_NAME);
    CHECK_FAILS(SetupDiCreateDeviceInfoW(Set, L"ROOT\\NTIO X\\0000", &GUID_DEVCLASS_NTIOTEST, NULL,
                                         NULL, 0, NULL),
                ERROR_INVALID_DEVINST_NAME);
    CHECK_FAILS(SetupDiCreateDeviceInfoW(Set, L"NTIO\\X", &GUID_DEVCLASS_NTIOTEST, NULL, NULL,
                                         DICD_GENERATE_ID, NULL),
                ERROR_INVALID_DEVINST_NAME);
    CHECK_FAILS(SetupDiCreateDeviceInfoW(Set, L"", &GUID_DEVCLASS_NTIOTEST, NULL, NULL,
                                         DICD_GENERATE_ID, NULL),
                ERROR_INVALID_DEVINST_NAME);
    /* MAX_DEVICE_ID_LEN - 1 characters fit, MAX_DEVICE_ID_LEN do not. */
    wcscpy(Id, L"ROOT\\NTIOLONG\\");
    for (size_t i = wcslen(Id); i < MAX_DEVICE_ID_LEN; i++)
        Id[i] = L'x';
    Id[MAX_DEVICE_ID_LEN] = 0;
    CHECK_FAILS(SetupDiCreateDeviceInfoW(Set, Id, &GUID_DEVCLASS_NTIOTEST, NULL, NULL, 0, NULL),
                ERROR_INVALID_DEVINST_NAME);
    Id[MAX_DEVICE_ID_LEN - 1] = 0;
    DWORD Before = CountElements(Set);
    CHECK(SetupDiCreateDeviceInfoW(Set, Id, &GUID_DEVCLASS_NTIOTEST, NULL, NULL, 0, NULL));
    CHECK_EQ(CountElements(Set), Before + 1);

    /* A bad SP_DEVINFO_DATA: the element is added all the same. */
    Dev.cbSize = 0;
    CHECK_FAILS(SetupDiCreateDeviceInfoW(Set, L"ROOT\\NTIOBUF\\0000", &GUID_DEVCLASS_NTIOTEST, NULL,
                                         NULL, 0, &Dev),
                ERROR_INVALID_USER_BUFFER);
    CHECK_EQ(CountElements(Set), Before + 2);
    /* ... and the name is taken. */
    Dev.cbSize = sizeof Dev;
    CHECK_FAILS(SetupDiCreateDeviceInfoW(Set, L"root\\ntiobuf\\0000", &GUID_DEVCLASS_NTIOTEST, NULL,
                                         NULL, 0, &Dev),
                ERROR_DEVINST_ALREADY_EXISTS);
    /* The A form: upper-cased, as Windows names devices. */
    char IdA[MAX_DEVICE_ID_LEN];
    CHECK(SetupDiCreateDeviceInfoA(Set, "Root\\ntio_a\\0000", &GUID_DEVCLASS_NTIOTEST, "A device",
                                   NULL, 0, &Dev));
    CHECK(SetupDiGetDeviceInstanceIdA(Set, &Dev, IdA, sizeof IdA, NULL));
    CHECK_STR(IdA, "ROOT\\NTIO_A\\0000");
    CHECK_FAILS(SetupDiCreateDeviceInfoA(Set, NULL, &GUID_DEVCLASS_NTIOTEST, NULL, NULL, 0, NULL),
                ERROR_INVALID_DEVINST_NAME);

    /* Sets of another machine. */
    CHECK_NO_KEY(SetupDiCreateDeviceInfoListExW(NULL, NULL, L"\\\\elsewhere", NULL),
                 ERROR_INVALID_MACHINENAME);
    CHECK_NO_KEY(SetupDiCreateDeviceInfoListExA(NULL, NULL, NULL, (PVOID)1),
                 ERROR_INVALID_PARAMETER);
    HDEVINFO Local = SetupDiCreateDeviceInfoListExW(NULL, NULL, L"", NULL);
    CHECK(Local != INVALID_HANDLE_VALUE);
    CHECK(SetupDiDestroyDeviceInfoList(Local));
}

/* Properties of an element that is not registered: kept, read back, and
 * nothing in the registry. */
static void TestPhantomProperties(HDEVINFO Set, SP_DEVINFO_DATA *Dev)
{
    BYTE Buffer[256];
    char Ansi[64];
    DWORD Type = 0, Need = 0;
    CHECK(!KeyExists(ENUM_KEY DEV0));
    CHECK_EQ(Dev->DevInst, 0);

    /* From the creation. */
    CHECK(SetupDiGetDeviceRegistryPropertyW(Set, Dev, SPDRP_CLASSGUID, &Type, Buffer, sizeof Buffer,
                                            &Need));
    CHECK_EQ(Type, REG_SZ);
    CHECK(!wcscmp((PCWSTR)Buffer, CLASS_STR));
    CHECK(SetupDiGetDeviceRegistryPropertyW(Set, Dev, SPDRP_DEVICEDESC, NULL, Buffer, sizeof Buffer,
                                            NULL));
    CHECK(!wcscmp((PCWSTR)Buffer, L"made by SetupAPI"));
    CHECK(SetupDiGetDeviceRegistryPropertyA(Set, Dev, SPDRP_ENUMERATOR_NAME, NULL, (PBYTE)Ansi,
                                            sizeof Ansi, &Need));
    CHECK_STR(Ansi, "ROOT");
    CHECK_EQ(Need, 5);
    CHECK_FAILS(SetupDiGetDeviceRegistryPropertyW(Set, Dev, SPDRP_HARDWAREID, NULL, NULL, 0, &Need),
                ERROR_INVALID_DATA);

    /* Set: the hardware ID (a MULTI_SZ), compatible IDs in UTF-8, a name. */
    static const WCHAR HwIds[] = L"ROOT\\NTIOECHO\0";
    CHECK(SetupDiSetDeviceRegistryPropertyW(Set, Dev, SPDRP_HARDWAREID, (const BYTE *)HwIds,
                                            sizeof HwIds));
    static const char Compat[] = "NTIO\\ECHOCOMPAT\0NTIO\\ANY\0";
    CHECK(SetupDiSetDeviceRegistryPropertyA(Set, Dev, SPDRP_COMPATIBLEIDS, (const BYTE *)Compat,
                                            sizeof Compat));
    static const WCHAR Friendly[] = L"\u00e9cho cr\u00e9\u00e9";
    CHECK(SetupDiSetDeviceRegistryPropertyW(Set, Dev, SPDRP_FRIENDLYNAME, (const BYTE *)Friendly,
                                            sizeof Friendly));
    /* Read back: the size protocol, the type, UTF-8 sizes for A. */
    CHECK_FAILS(
        SetupDiGetDeviceRegistryPropertyW(Set, Dev, SPDRP_COMPATIBLEIDS, &Type, NULL, 0, &Need),
        ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(Type, REG_MULTI_SZ);
    CHECK_EQ(Need, sizeof L"NTIO\\ECHOCOMPAT\0NTIO\\ANY\0");
    CHECK_FAILS(SetupDiGetDeviceRegistryPropertyA(Set, Dev, SPDRP_FRIENDLYNAME, NULL, (PBYTE)Ansi,
                                                  4, &Need),
                ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(Need, sizeof "\303\251cho cr\303\251\303\251");
    CHECK(SetupDiGetDeviceRegistryPropertyA(Set, Dev, SPDRP_FRIENDLYNAME, &Type, (PBYTE)Ansi,
                                            sizeof Ansi, &Need));
    CHECK_STR(Ansi, "\303\251cho cr\303\251\303\251");
    /* A location, then cleared; cleared again: not set. */
    static const WCHAR Where[] = L"on the desk";
    CHECK(SetupDiSetDeviceRegistryPropertyW(Set, Dev, SPDRP_LOCATION_INFORMATION,
                                            (const BYTE *)Where, sizeof Where));
    CHECK(SetupDiSetDeviceRegistryPropertyW(Set, Dev, SPDRP_LOCATION_INFORMATION, NULL, 0));
    CHECK_FAILS(SetupDiSetDeviceRegistryPropertyW(Set, Dev, SPDRP_LOCATION_INFORMATION, NULL, 0),
                ERROR_INVALID_DATA);
    CHECK_FAILS(SetupDiGetDeviceRegistryPropertyW(Set, Dev, SPDRP_LOCATION_INFORMATION, NULL,
                                                  Buffer, sizeof Buffer, NULL),
                ERROR_INVALID_DATA);
    /* The device's security as SDDL: kept as a descriptor. */
    static const WCHAR Sddl[] = L"D:P(A;;GA;;;SY)(A;;GA;;;WD)";
    CHECK(SetupDiSetDeviceRegistryPropertyW(Set, Dev, SPDRP_SECURITY_SDS, (const BYTE *)Sddl,
                                            sizeof Sddl));

    /* Bad inputs. */
    CHECK_FAILS(SetupDiSetDeviceRegistryPropertyW(NULL, Dev, SPDRP_FRIENDLYNAME, NULL, 0),
                ERROR_INVALID_HANDLE);
    CHECK_FAILS(SetupDiSetDeviceRegistryPropertyW(Set, NULL, SPDRP_FRIENDLYNAME, NULL, 0),
                ERROR_INVALID_PARAMETER);
    SP_DEVINFO_DATA Bad = *Dev;
    Bad.cbSize = 0;
    CHECK_FAILS(SetupDiSetDeviceRegistryPropertyW(Set, &Bad, SPDRP_FRIENDLYNAME, NULL, 0),
                ERROR_INVALID_PARAMETER);
    CHECK_FAILS(SetupDiSetDeviceRegistryPropertyW(Set, Dev, (DWORD)-1, NULL, 0),
                ERROR_INVALID_REG_PROPERTY);
    /* The system's own properties are not for applications to set. */
    CHECK_FAILS(SetupDiSetDeviceRegistryPropertyW(Set, Dev, SPDRP_DEVICEDESC, (const BYTE *)Where,
                                                  sizeof Where),
                ERROR_INVALID_REG_PROPERTY);
    CHECK_FAILS(SetupDiSetDeviceRegistryPropertyW(Set, Dev, SPDRP_SERVICE, (const BYTE *)Where,
                                                  sizeof Where),
                ERROR_INVALID_REG_PROPERTY);
    CHECK_FAILS(SetupDiSetDeviceRegistryPropertyW(Set, Dev, SPDRP_FRIENDLYNAME, NULL, 4),
                ERROR_INVALID_USER_BUFFER);
    DWORD Flags = 0;
    CHECK_FAILS(
        SetupDiSetDeviceRegistryPropertyW(Set, Dev, SPDRP_CONFIGFLAGS, (const BYTE *)&Flags, 3),
        ERROR_INVALID_DATA);
    CHECK_FAILS(
        SetupDiSetDeviceRegistryPropertyW(Set, Dev, SPDRP_FRIENDLYNAME, (const BYTE *)Where, 5),
        ERROR_INVALID_DATA);
    static const WCHAR BadSddl[] = L"D:(Q;;;;)";
    CHECK_FAILS(SetupDiSetDeviceRegistryPropertyW(Set, Dev, SPDRP_SECURITY_SDS,
                                                  (const BYTE *)BadSddl, sizeof BadSddl),
                ERROR_INVALID_DATA);
    BYTE NotSd[24] = { 7 };
    CHECK_FAILS(SetupDiSetDeviceRegistryPropertyW(Set, Dev, SPDRP_SECURITY, NotSd, sizeof NotSd),
                ERROR_INVALID_DATA);

    /* Still nothing written, and nothing to open. */
    CHECK(!KeyExists(ENUM_KEY DEV0));
    CHECK_NO_KEY(SetupDiOpenDevRegKey(Set, Dev, DICS_FLAG_GLOBAL, 0, DIREG_DEV, KEY_READ),
                 ERROR_DEVINFO_NOT_REGISTERED);
    CHECK_NO_KEY(SetupDiOpenDevRegKey(Set, Dev, DICS_FLAG_GLOBAL, 0, DIREG_DRV, KEY_READ),
                 ERROR_DEVINFO_NOT_REGISTERED);
    CHECK_FAILS(PropChange(Set, Dev, DICS_DISABLE, DICS_FLAG_GLOBAL, 0),
                ERROR_DEVINFO_NOT_REGISTERED);
}

/* An element nobody registers leaves nothing behind; numbers go on past
 * the unregistered elements of other sets. */
static void TestUnregistered(void)
{
    HDEVINFO A = SetupDiCreateDeviceInfoList(&GUID_DEVCLASS_NTIOTEST, NULL);
    HDEVINFO B = SetupDiCreateDeviceInfoList(NULL, NULL);
    SP_DEVINFO_DATA Dev = { sizeof Dev };
    WCHAR Id[MAX_DEVICE_ID_LEN];
    CHECK(SetupDiCreateDeviceInfoW(A, L"NtioSpare", &GUID_DEVCLASS_NTIOTEST, NULL, NULL,
                                   DICD_GENERATE_ID, &Dev));
    CHECK(SetupDiGetDeviceInstanceIdW(A, &Dev, Id, MAX_DEVICE_ID_LEN, NULL));
    CHECK(!wcscmp(Id, L"ROOT\\NTIOSPARE\\0000"));
    CHECK(SetupDiCreateDeviceInfoW(B, L"NtioSpare", &GUID_DEVCLASS_NTIOTEST, NULL, NULL,
                                   DICD_GENERATE_ID, &Dev));
    CHECK(SetupDiGetDeviceInstanceIdW(B, &Dev, Id, MAX_DEVICE_ID_LEN, NULL));
    CHECK(!wcscmp(Id, L"ROOT\\NTIOSPARE\\0001"));
    CHECK_FAILS(SetupDiCreateDeviceInfoW(B, L"ROOT\\NTIOSPARE\\0000", &GUID_DEVCLASS_NTIOTEST, NULL,
                                         NULL, 0, NULL),
                ERROR_DEVINST_ALREADY_EXISTS);
    /* SetupDiOpenDeviceInfo finds an unregistered element by name in its set. */
    SP_DEVINFO_DATA Again = { sizeof Again };
    CHECK(SetupDiOpenDeviceInfoW(B, L"root\\ntiospare\\0001", NULL, 0, &Again));
    CHECK_EQ(Again.Reserved, Dev.Reserved);
    /* Removing an element never registered: its device is gone, it stays. */
    CHECK(SetupDiRemoveDevice(B, &Dev));
    CHECK_FAILS(SetupDiGetDeviceInstanceIdW(B, &Dev, Id, MAX_DEVICE_ID_LEN, NULL),
                ERROR_NO_SUCH_DEVINST);
    CHECK_EQ(CountElements(B), 1);
    CHECK_FAILS(SetupDiRemoveDevice(B, &Dev), ERROR_NO_SUCH_DEVINST);
    CHECK(SetupDiDestroyDeviceInfoList(A));
    CHECK(SetupDiDestroyDeviceInfoList(B));
    CHECK(!KeyExists(ENUM_KEY L"ROOT\\NTIOSPARE\\0000"));
    /* Free again. */
    HDEVINFO C = SetupDiCreateDeviceInfoList(NULL, NULL);
    CHECK(SetupDiCreateDeviceInfoW(C, L"NtioSpare", &GUID_DEVCLASS_NTIOTEST, NULL, NULL,
                                   DICD_GENERATE_ID, &Dev));
    CHECK(SetupDiGetDeviceInstanceIdW(C, &Dev, Id, MAX_DEVICE_ID_LEN, NULL));
    CHECK(!wcscmp(Id, L"ROOT\\NTIOSPARE\\0000"));
    /* A bus's instance: ntio's root enumerator does not report it. */
    CHECK(SetupDiCreateDeviceInfoW(C, L"PCI\\VEN_NTIO\\0", &GUID_DEVCLASS_NTIOTEST, NULL, NULL, 0,
                                   &Dev));
    static const WCHAR HwIds[] = L"PCI\\VEN_NTIO\0";
    CHECK_FAILS(SetupDiSetDeviceRegistryPropertyW(C, &Dev, SPDRP_HARDWAREID, (const BYTE *)HwIds,
                                                  sizeof HwIds),
                ERROR_INVALID_REG_PROPERTY);
    CHECK_FAILS(SetupDiCallClassInstaller(DIF_REGISTERDEVICE, C, &Dev), ERROR_NOT_SUPPORTED);
    CHECK(!KeyExists(ENUM_KEY L"PCI\\VEN_NTIO\\0"));
    CHECK(SetupDiDestroyDeviceInfoList(C));
}

/* ---- installation parameters ---------------------------------------------------------------- */

static void TestInstallParams(HDEVINFO Set, SP_DEVINFO_DATA *Dev)
{
    SP_DEVINSTALL_PARAMS_W W = { sizeof W };
    SP_DEVINSTALL_PARAMS_A A = { sizeof A };
    CHECK_EQ(sizeof W, 584);
    CHECK_EQ(sizeof A, 320);
    /* The parameters a request left are in force until cleared. */
    CHECK(InstallFlags(Set, Dev) & DI_CLASSINSTALLPARAMS);
    CHECK(SetupDiSetClassInstallParamsW(Set, Dev, NULL, 0));
    CHECK(SetupDiGetDeviceInstallParamsW(Set, Dev, &W));
    CHECK_EQ(W.cbSize, sizeof W);
    CHECK_EQ(W.Flags & (DI_NEEDREBOOT | DI_NEEDRESTART | DI_CLASSINSTALLPARAMS), 0);
    /* A path comes back in UTF-8; a read-only flag does not stick. */
    W.Flags |= DI_QUIETINSTALL | DI_DIDCLASS;
    wcscpy(W.DriverPath, L"C:\\pkg\\\u00e9cho");
    CHECK(SetupDiSetDeviceInstallParamsW(Set, Dev, &W));
    CHECK(SetupDiGetDeviceInstallParamsA(Set, Dev, &A));
    CHECK_STR(A.DriverPath, "C:\\pkg\\\303\251cho");
    CHECK_EQ(A.Flags & (DI_QUIETINSTALL | DI_DIDCLASS), DI_QUIETINSTALL);
    strcpy(A.DriverPath, "C:\\pkg");
    CHECK(SetupDiSetDeviceInstallParamsA(Set, Dev, &A));
    CHECK(SetupDiGetDeviceInstallParamsW(Set, Dev, &W));
    CHECK(!wcscmp(W.DriverPath, L"C:\\pkg"));
    /* The set's own parameters are another block. */
    SP_DEVINSTALL_PARAMS_W S = { sizeof S };
    CHECK(SetupDiGetDeviceInstallParamsW(Set, NULL, &S));
    CHECK(!S.DriverPath[0]);

    /* Bad inputs. */
    CHECK_FAILS(SetupDiGetDeviceInstallParamsW(NULL, Dev, &W), ERROR_INVALID_HANDLE);
    CHECK_FAILS(SetupDiGetDeviceInstallParamsW(Set, Dev, NULL), ERROR_INVALID_PARAMETER);
    W.cbSize = sizeof A;
    CHECK_FAILS(SetupDiGetDeviceInstallParamsW(Set, Dev, &W), ERROR_INVALID_USER_BUFFER);
    CHECK_FAILS(SetupDiSetDeviceInstallParamsW(Set, Dev, &W), ERROR_INVALID_USER_BUFFER);
    A.cbSize = sizeof W;
    CHECK_FAILS(SetupDiGetDeviceInstallParamsA(Set, Dev, &A), ERROR_INVALID_USER_BUFFER);
    W.cbSize = sizeof W;
    for (int i = 0; i < MAX_PATH; i++)
        W.DriverPath[i] = L'x';
    CHECK_FAILS(SetupDiSetDeviceInstallParamsW(Set, Dev, &W), ERROR_INVALID_PARAMETER);
    SP_DEVINFO_DATA Bad = *Dev;
    Bad.Reserved ^= 1;
    W.DriverPath[0] = 0;
    CHECK_FAILS(SetupDiSetDeviceInstallParamsW(Set, &Bad, &W), ERROR_INVALID_PARAMETER);
    ClearFlags(Set, Dev, DI_QUIETINSTALL);

    /* Class install parameters: checked before anything changes. */
    SP_PROPCHANGE_PARAMS P;
    P.ClassInstallHeader.cbSize = sizeof P.ClassInstallHeader;
    P.ClassInstallHeader.InstallFunction = DIF_PROPERTYCHANGE;
    P.StateChange = DICS_DISABLE;
    P.Scope = DICS_FLAG_GLOBAL;
    P.HwProfile = 0;
    CHECK_FAILS(SetupDiSetClassInstallParamsW(Set, Dev, NULL, sizeof P), ERROR_INVALID_PARAMETER);
    CHECK_FAILS(SetupDiSetClassInstallParamsW(Set, Dev, &P.ClassInstallHeader, sizeof P - 4),
                ERROR_INVALID_PARAMETER);
    P.ClassInstallHeader.cbSize = sizeof P;
    CHECK_FAILS(SetupDiSetClassInstallParamsW(Set, Dev, &P.ClassInstallHeader, sizeof P),
                ERROR_INVALID_USER_BUFFER);
    P.ClassInstallHeader.cbSize = sizeof P.ClassInstallHeader;
    P.StateChange = 9;
    CHECK_FAILS(SetupDiSetClassInstallParamsW(Set, Dev, &P.ClassInstallHeader, sizeof P),
                ERROR_INVALID_FLAGS);
    P.StateChange = DICS_START; /* per hardware profile only */
    CHECK_FAILS(SetupDiSetClassInstallParamsA(Set, Dev, &P.ClassInstallHeader, sizeof P),
                ERROR_INVALID_FLAGS);
    P.StateChange = DICS_ENABLE;
    P.Scope = 8;
    CHECK_FAILS(SetupDiSetClassInstallParamsW(Set, Dev, &P.ClassInstallHeader, sizeof P),
                ERROR_INVALID_FLAGS);
    SP_REMOVEDEVICE_PARAMS R;
    R.ClassInstallHeader.cbSize = sizeof R.ClassInstallHeader;
    R.ClassInstallHeader.InstallFunction = DIF_REMOVE;
    R.Scope = 4;
    R.HwProfile = 0;
    CHECK_FAILS(SetupDiSetClassInstallParamsW(Set, Dev, &R.ClassInstallHeader, sizeof R),
                ERROR_INVALID_FLAGS);
    CHECK_EQ(InstallFlags(Set, Dev) & DI_CLASSINSTALLPARAMS, 0);
    /* Set, then cleared. */
    P.Scope = DICS_FLAG_GLOBAL;
    CHECK(SetupDiSetClassInstallParamsW(Set, Dev, &P.ClassInstallHeader, sizeof P));
    CHECK(InstallFlags(Set, Dev) & DI_CLASSINSTALLPARAMS);
    CHECK(SetupDiSetClassInstallParamsW(Set, Dev, NULL, 0));
    CHECK_EQ(InstallFlags(Set, Dev) & DI_CLASSINSTALLPARAMS, 0);
}

/* ---- the device ----------------------------------------------------------------------------- */

static DWORD CALLBACK SameDevice(HDEVINFO Set, PSP_DEVINFO_DATA New, PSP_DEVINFO_DATA Existing,
                                 PVOID Context)
{
    WCHAR Id[MAX_DEVICE_ID_LEN];
    (void)New;
    ++*(int *)Context;
    if (SetupDiGetDeviceInstanceIdW(Set, Existing, Id, MAX_DEVICE_ID_LEN, NULL) &&
        !wcscmp(Id, DEV0))
        return ERROR_DUPLICATE_FOUND;
    return NO_ERROR;
}

static void TestRegister(HDEVINFO Set, SP_DEVINFO_DATA *Dev)
{
    CHECK_FAILS(SetupDiRegisterDeviceInfo(NULL, Dev, 0, NULL, NULL, NULL), ERROR_INVALID_HANDLE);
    CHECK_FAILS(SetupDiRegisterDeviceInfo(Set, NULL, 0, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    CHECK_FAILS(SetupDiRegisterDeviceInfo(Set, Dev, 0x10, NULL, NULL, NULL), ERROR_INVALID_FLAGS);
    CHECK_FAILS(SetupDiCallClassInstaller(DIF_REGISTERDEVICE, Set, NULL), ERROR_INVALID_PARAMETER);

    /* The devcon way. */
    SetLastError(0xdead);
    CHECK(SetupDiCallClassInstaller(DIF_REGISTERDEVICE, Set, Dev));
    CHECK_EQ(GetLastError(), NO_ERROR);
    CHECK(Dev->DevInst != 0);
    WCHAR Id[MAX_DEVICE_ID_LEN];
    CHECK_EQ(CM_Get_Device_IDW(Dev->DevInst, Id, MAX_DEVICE_ID_LEN, 0), CR_SUCCESS);
    CHECK(!wcscmp(Id, DEV0));
    /* Its key, with what the element kept. */
    CHECK(!wcscmp(RegText(ENUM_KEY DEV0, L"HardwareID"), ECHO_ID));
    CHECK(!wcscmp(RegText(ENUM_KEY DEV0, L"CompatibleIDs"), L"NTIO\\ECHOCOMPAT"));
    CHECK(!wcscmp(RegText(ENUM_KEY DEV0, L"ClassGUID"), CLASS_STR));
    CHECK(!wcscmp(RegText(ENUM_KEY DEV0, L"DeviceDesc"), L"made by SetupAPI"));
    CHECK(!wcscmp(RegText(ENUM_KEY DEV0, L"FriendlyName"), L"\u00e9cho cr\u00e9\u00e9"));
    CHECK_EQ(RegType(ENUM_KEY DEV0, L"Security"), REG_BINARY);
    CHECK_EQ(RegType(ENUM_KEY DEV0, L"LocationInformation"), REG_NONE);
    /* In the tree, waiting for a driver. */
    CHECK(ProblemOf(Dev->DevInst) != 0 && ProblemOf(Dev->DevInst) != 0xFFFFFFFF);
    /* The same, and SetupDiGetClassDevs finds it. */
    CHECK(SetupDiRegisterDeviceInfo(Set, Dev, 0, NULL, NULL, NULL));
    HDEVINFO Present = SetupDiGetClassDevsW(&GUID_DEVCLASS_NTIOTEST, L"ROOT", NULL, DIGCF_PRESENT);
    SP_DEVINFO_DATA Found = { sizeof Found };
    CHECK(SetupDiOpenDeviceInfoW(Present, DEV0, NULL, 0, &Found));
    CHECK_EQ(Found.DevInst, Dev->DevInst);
    SetupDiDestroyDeviceInfoList(Present);
    /* Its name is taken now. */
    CHECK_FAILS(SetupDiCreateDeviceInfoW(Set, DEV0, &GUID_DEVCLASS_NTIOTEST, NULL, NULL, 0, NULL),
                ERROR_DEVINST_ALREADY_EXISTS);

    /* A duplicate found by the caller's comparison is not registered. */
    HDEVINFO Other = SetupDiCreateDeviceInfoList(&GUID_DEVCLASS_NTIOTEST, NULL);
    SP_DEVINFO_DATA Dup = { sizeof Dup }, Twin = { sizeof Twin };
    int Compared = 0;
    CHECK(SetupDiCreateDeviceInfoW(Other, L"NtioTwin", &GUID_DEVCLASS_NTIOTEST, NULL, NULL,
                                   DICD_GENERATE_ID, &Twin));
    CHECK_FAILS(
        SetupDiRegisterDeviceInfo(Other, &Twin, SPRDI_FIND_DUPS, SameDevice, &Compared, &Dup),
        ERROR_DUPLICATE_FOUND);
    CHECK(Compared >= 1);
    CHECK(SetupDiGetDeviceInstanceIdW(Other, &Dup, Id, MAX_DEVICE_ID_LEN, NULL));
    CHECK(!wcscmp(Id, DEV0));
    CHECK(!KeyExists(ENUM_KEY L"ROOT\\NTIOTWIN\\0000"));
    /* Without a comparison: no resources to compare, no duplicate. */
    CHECK(SetupDiRegisterDeviceInfo(Other, &Twin, SPRDI_FIND_DUPS, NULL, NULL, NULL));
    CHECK(KeyExists(ENUM_KEY L"ROOT\\NTIOTWIN\\0000"));
    CHECK(SetupDiCallClassInstaller(DIF_REMOVE, Other, &Twin));
    CHECK(!KeyExists(ENUM_KEY L"ROOT\\NTIOTWIN\\0000"));
    CHECK(SetupDiDestroyDeviceInfoList(Other));
}

static void TestInstallDriver(HDEVINFO Set, SP_DEVINFO_DATA *Dev)
{
    BOOL Reboot = 7;
    CHECK(UpdateDriverForPlugAndPlayDevicesW(NULL, ECHO_ID, ECHO_INF, 0, &Reboot));
    CHECK_EQ(Reboot, FALSE);
    CHECK(Started(Dev->DevInst));
    CheckEchoRuns(DEV0);
    /* Properties of a registered device come from its key. */
    WCHAR Text[64];
    CHECK(SetupDiGetDeviceRegistryPropertyW(Set, Dev, SPDRP_SERVICE, NULL, (PBYTE)Text, sizeof Text,
                                            NULL));
    CHECK(!wcscmp(Text, L"pnpecho"));
    static const WCHAR Where[] = L"in the prefix";
    CHECK(SetupDiSetDeviceRegistryPropertyW(Set, Dev, SPDRP_LOCATION_INFORMATION,
                                            (const BYTE *)Where, sizeof Where));
    CHECK(!wcscmp(RegText(ENUM_KEY DEV0, L"LocationInformation"), Where));
    CHECK(SetupDiSetDeviceRegistryPropertyA(Set, Dev, SPDRP_FRIENDLYNAME, (const BYTE *)"echo", 5));
    CHECK(SetupDiGetDeviceRegistryPropertyW(Set, Dev, SPDRP_FRIENDLYNAME, NULL, (PBYTE)Text,
                                            sizeof Text, NULL));
    CHECK(!wcscmp(Text, L"echo"));
    CHECK(SetupDiSetDeviceRegistryPropertyW(Set, Dev, SPDRP_FRIENDLYNAME, NULL, 0));
    CHECK_FAILS(SetupDiSetDeviceRegistryPropertyW(Set, Dev, SPDRP_FRIENDLYNAME, NULL, 0),
                ERROR_INVALID_DATA);
    /* The INF's class is installed now: a ClassGUID alone names it. */
    WCHAR Name[64];
    GUID Guid;
    WriteText(PKG L"\\guidecho.inf", "[Version]\r\nSignature=\"$Windows NT$\"\r\n"
                                     "ClassGUID={6B3F3A10-2F1C-4C1B-9A7E-1D54330EA1FF}\r\n");
    CHECK(SetupDiGetINFClassW(PKG L"\\guidecho.inf", &Guid, Name, 64, NULL));
    CHECK(!wcscmp(Name, L"NtioTest"));
}

static void TestStateChanges(HDEVINFO Set, SP_DEVINFO_DATA *Dev)
{
    /* No parameters: nothing to change. */
    CHECK_FAILS(SetupDiCallClassInstaller(DIF_PROPERTYCHANGE, Set, Dev),
                ERROR_NO_CLASSINSTALL_PARAMS);
    SP_REMOVEDEVICE_PARAMS R = { { sizeof R.ClassInstallHeader, DIF_REMOVE },
                                 DI_REMOVEDEVICE_GLOBAL,
                                 0 };
    CHECK(SetupDiSetClassInstallParamsW(Set, Dev, &R.ClassInstallHeader, sizeof R));
    /* Parameters of another request. */
    CHECK_FAILS(SetupDiChangeState(Set, Dev), ERROR_NO_CLASSINSTALL_PARAMS);

    /* Disable, for the current hardware profile as devcon asks. */
    SetLastError(0xdead);
    CHECK(PropChange(Set, Dev, DICS_DISABLE, DICS_FLAG_CONFIGSPECIFIC, 0));
    CHECK_EQ(GetLastError(), NO_ERROR);
    CHECK_EQ(ProblemOf(Dev->DevInst), CM_PROB_DISABLED);
    DWORD Flags = 0, Bytes = sizeof Flags;
    CHECK_EQ(RegGetValueW(HKEY_LOCAL_MACHINE, ENUM_KEY DEV0, L"ConfigFlags", RRF_RT_REG_DWORD, NULL,
                          &Flags, &Bytes),
             ERROR_SUCCESS);
    CHECK(Flags & CONFIGFLAG_DISABLED);
    CHECK_EQ(InstallFlags(Set, Dev) & DI_NEEDREBOOT, 0);
    /* A restart leaves it disabled. */
    CHECK(PropChange(Set, Dev, DICS_PROPCHANGE, DICS_FLAG_CONFIGSPECIFIC, 0));
    CHECK_EQ(ProblemOf(Dev->DevInst), CM_PROB_DISABLED);
    /* Enable. */
    CHECK(PropChange(Set, Dev, DICS_ENABLE, DICS_FLAG_GLOBAL, 0));
    CHECK(Started(Dev->DevInst));
    CheckEchoRuns(DEV0);
    /* Restart. */
    CHECK(PropChange(Set, Dev, DICS_PROPCHANGE, DICS_FLAG_GLOBAL, 0));
    CHECK(Started(Dev->DevInst));
    CHECK_EQ(InstallFlags(Set, Dev) & DI_NEEDREBOOT, 0);

    /* An open handle vetoes: the request is done, a restart finishes it. */
    HANDLE h = OpenEcho(DEV0);
    CHECK(h != INVALID_HANDLE_VALUE);
    CHECK(PropChange(Set, Dev, DICS_PROPCHANGE, DICS_FLAG_GLOBAL, 0));
    CHECK(InstallFlags(Set, Dev) & DI_NEEDREBOOT);
    ClearFlags(Set, Dev, DI_NEEDREBOOT);
    CHECK(PropChange(Set, Dev, DICS_DISABLE, DICS_FLAG_GLOBAL, 0));
    CHECK(InstallFlags(Set, Dev) & DI_NEEDREBOOT);
    CHECK(Started(Dev->DevInst)); /* running until the next process */
    Bytes = sizeof Flags;
    CHECK_EQ(RegGetValueW(HKEY_LOCAL_MACHINE, ENUM_KEY DEV0, L"ConfigFlags", RRF_RT_REG_DWORD, NULL,
                          &Flags, &Bytes),
             ERROR_SUCCESS);
    CHECK(Flags & CONFIGFLAG_DISABLED); /* ... and disabled in it */
    CloseHandle(h);
    ClearFlags(Set, Dev, DI_NEEDREBOOT);
    CHECK(PropChange(Set, Dev, DICS_ENABLE, DICS_FLAG_GLOBAL, 0));
    Bytes = sizeof Flags;
    RegGetValueW(HKEY_LOCAL_MACHINE, ENUM_KEY DEV0, L"ConfigFlags", RRF_RT_REG_DWORD, NULL, &Flags,
                 &Bytes);
    CHECK_EQ(Flags & CONFIGFLAG_DISABLED, 0);
    CHECK(Started(Dev->DevInst));
    CHECK_EQ(InstallFlags(Set, Dev) & DI_NEEDREBOOT, 0);

    /* What ntio does not do. */
    CHECK_FAILS(PropChange(Set, Dev, DICS_STOP, DICS_FLAG_CONFIGSPECIFIC, 0),
                ERROR_CALL_NOT_IMPLEMENTED);
    CHECK_FAILS(PropChange(Set, Dev, DICS_DISABLE, DICS_FLAG_CONFIGSPECIFIC, 5),
                ERROR_INVALID_HWPROFILE);
    CHECK(Started(Dev->DevInst));
    CHECK_FAILS(SetupDiCallClassInstaller(DIF_INSTALLDEVICE, Set, Dev), ERROR_CALL_NOT_IMPLEMENTED);
    CHECK_FAILS(SetupDiCallClassInstaller(DIF_ALLOW_INSTALL, Set, Dev), ERROR_DI_DO_DEFAULT);
    CHECK_FAILS(SetupDiCallClassInstaller(DIF_ADDPROPERTYPAGE_ADVANCED, Set, NULL),
                ERROR_DI_DO_DEFAULT);
    /* No default action: the installers alone, and there are none. */
    SP_DEVINSTALL_PARAMS_W P = { sizeof P };
    CHECK(SetupDiGetDeviceInstallParamsW(Set, Dev, &P));
    P.Flags |= DI_NODI_DEFAULTACTION;
    CHECK(SetupDiSetDeviceInstallParamsW(Set, Dev, &P));
    CHECK_FAILS(PropChange(Set, Dev, DICS_DISABLE, DICS_FLAG_GLOBAL, 0), ERROR_DI_DO_DEFAULT);
    CHECK(Started(Dev->DevInst));
    ClearFlags(Set, Dev, DI_NODI_DEFAULTACTION);
    /* Bad handles and elements. */
    CHECK_FAILS(SetupDiCallClassInstaller(DIF_PROPERTYCHANGE, NULL, Dev), ERROR_INVALID_HANDLE);
    SP_DEVINFO_DATA Bad = *Dev;
    Bad.cbSize = 0;
    CHECK_FAILS(SetupDiCallClassInstaller(DIF_PROPERTYCHANGE, Set, &Bad), ERROR_INVALID_PARAMETER);
    CHECK_FAILS(SetupDiChangeState(Set, NULL), ERROR_INVALID_PARAMETER);
}

static void TestRegKeys(HDEVINFO Set, SP_DEVINFO_DATA *Dev)
{
    HKEY Key = SetupDiOpenDevRegKey(Set, Dev, DICS_FLAG_GLOBAL, 0, DIREG_DEV, KEY_READ | KEY_WRITE);
    CHECK(Key != INVALID_HANDLE_VALUE);
    WCHAR Text[64];
    DWORD Bytes = sizeof Text;
    CHECK_EQ(RegQueryValueExW(Key, L"Greeting", NULL, NULL, (BYTE *)Text, &Bytes), ERROR_SUCCESS);
    CHECK(!wcscmp(Text, L"hello"));
    CHECK_EQ(RegSetValueExW(Key, L"Written", 0, REG_SZ, (const BYTE *)L"by the app", 22),
             ERROR_SUCCESS);
    RegCloseKey(Key);
    CHECK(!wcscmp(RegText(ENUM_KEY DEV0 L"\\Device Parameters", L"Written"), L"by the app"));
    /* The driver reads its Greeting from there at start. */
    Key = SetupDiOpenDevRegKey(Set, Dev, DICS_FLAG_GLOBAL, 0, DIREG_DEV, KEY_SET_VALUE);
    CHECK_EQ(RegSetValueExW(Key, L"Greeting", 0, REG_SZ, (const BYTE *)L"bonjour", 16),
             ERROR_SUCCESS);
    RegCloseKey(Key);
    CHECK(PropChange(Set, Dev, DICS_PROPCHANGE, DICS_FLAG_GLOBAL, 0));
    ECHO_INFO Info;
    CHECK(EchoInfo(DEV0, &Info));
    CHECK(!wcscmp(Info.Greeting, L"bonjour"));
    /* The software key. */
    Key = SetupDiOpenDevRegKey(Set, Dev, DICS_FLAG_GLOBAL, 0, DIREG_DRV, KEY_READ);
    CHECK(Key != INVALID_HANDLE_VALUE);
    Bytes = sizeof Text;
    CHECK_EQ(RegQueryValueExW(Key, L"DriverDesc", NULL, NULL, (BYTE *)Text, &Bytes), ERROR_SUCCESS);
    CHECK(!wcscmp(Text, L"ntio echo device"));
    RegCloseKey(Key);
    /* Made when it exists: the same key. */
    Key = SetupDiCreateDevRegKeyW(Set, Dev, DICS_FLAG_GLOBAL, 0, DIREG_DRV, NULL, NULL);
    CHECK(Key != INVALID_HANDLE_VALUE);
    Bytes = sizeof Text;
    CHECK_EQ(RegQueryValueExW(Key, L"DriverDesc", NULL, NULL, (BYTE *)Text, &Bytes), ERROR_SUCCESS);
    RegCloseKey(Key);
    /* An INF's DDInstall section run on the hardware key. */
    WriteText(PKG L"\\params.inf", "[Version]\r\nSignature=\"$Windows NT$\"\r\nClass=NtioTest\r\n"
                                   "ClassGuid={6B3F3A10-2F1C-4C1B-9A7E-1D54330EA1FF}\r\n"
                                   "[Params]\r\nAddReg=Params.AddReg\r\n"
                                   "[Params.AddReg]\r\nHKR,,FromInf,,\"yes\"\r\n");
    HINF Inf = SetupOpenInfFileW(PKG L"\\params.inf", NULL, INF_STYLE_WIN4, NULL);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    Key = SetupDiCreateDevRegKeyA(Set, Dev, DICS_FLAG_GLOBAL, 0, DIREG_DEV, Inf, "Params");
    CHECK(Key != INVALID_HANDLE_VALUE);
    RegCloseKey(Key);
    CHECK(!wcscmp(RegText(ENUM_KEY DEV0 L"\\Device Parameters", L"FromInf"), L"yes"));
    CHECK_NO_KEY(SetupDiCreateDevRegKeyW(Set, Dev, DICS_FLAG_GLOBAL, 0, DIREG_DEV, Inf, NULL),
                 ERROR_INVALID_PARAMETER);
    CHECK_NO_KEY(SetupDiCreateDevRegKeyW(Set, Dev, DICS_FLAG_GLOBAL, 0, DIREG_DEV, Inf, L"Nowhere"),
                 ERROR_SECTION_NOT_FOUND);
    SetupCloseInfFile(Inf);

    /* Bad inputs, in Windows' order. */
    CHECK_NO_KEY(SetupDiOpenDevRegKey(NULL, NULL, 0, 0, 0, 0), ERROR_INVALID_HANDLE);
    CHECK_NO_KEY(SetupDiOpenDevRegKey(Set, NULL, 0, 0, 0, 0), ERROR_INVALID_PARAMETER);
    CHECK_NO_KEY(SetupDiOpenDevRegKey(Set, Dev, 0, 0, 0, 0), ERROR_INVALID_FLAGS);
    CHECK_NO_KEY(SetupDiOpenDevRegKey(Set, Dev, DICS_FLAG_GLOBAL, 0, 0, 0), ERROR_INVALID_FLAGS);
    CHECK_NO_KEY(SetupDiOpenDevRegKey(Set, Dev, DICS_FLAG_GLOBAL, 0, DIREG_BOTH, KEY_READ),
                 ERROR_INVALID_FLAGS);
    CHECK_NO_KEY(SetupDiOpenDevRegKey(Set, Dev, DICS_FLAG_CONFIGSPECIFIC, 0, DIREG_DEV, KEY_READ),
                 ERROR_CALL_NOT_IMPLEMENTED);
    CHECK_NO_KEY(SetupDiCreateDevRegKeyW(NULL, Dev, DICS_FLAG_GLOBAL, 0, DIREG_DEV, NULL, NULL),
                 ERROR_INVALID_HANDLE);
}

/* A registered device without Device Parameters or a driver: the keys are
 * not there until SetupDiCreateDevRegKey makes them. */
static void TestRegKeysMade(void)
{
    HDEVINFO Set = SetupDiCreateDeviceInfoList(NULL, NULL);
    SP_DEVINFO_DATA Dev = { sizeof Dev };
    static const WCHAR HwIds[] = L"ROOT\\NTIOKEYS\0";
    CHECK(SetupDiCreateDeviceInfoW(Set, L"NtioKeys", &GUID_DEVCLASS_NTIOTEST, NULL, NULL,
                                   DICD_GENERATE_ID, &Dev));
    CHECK(SetupDiSetDeviceRegistryPropertyW(Set, &Dev, SPDRP_HARDWAREID, (const BYTE *)HwIds,
                                            sizeof HwIds));
    CHECK(SetupDiRegisterDeviceInfo(Set, &Dev, 0, NULL, NULL, NULL));
    CHECK_NO_KEY(SetupDiOpenDevRegKey(Set, &Dev, DICS_FLAG_GLOBAL, 0, DIREG_DEV, KEY_READ),
                 ERROR_KEY_DOES_NOT_EXIST);
    CHECK_NO_KEY(SetupDiOpenDevRegKey(Set, &Dev, DICS_FLAG_GLOBAL, 0, DIREG_DRV, KEY_READ),
                 ERROR_KEY_DOES_NOT_EXIST);
    HKEY Key = SetupDiCreateDevRegKeyW(Set, &Dev, DICS_FLAG_GLOBAL, 0, DIREG_DEV, NULL, NULL);
    CHECK(Key != INVALID_HANDLE_VALUE);
    RegCloseKey(Key);
    Key = SetupDiCreateDevRegKeyW(Set, &Dev, DICS_FLAG_GLOBAL, 0, DIREG_DRV, NULL, NULL);
    CHECK(Key != INVALID_HANDLE_VALUE);
    RegCloseKey(Key);
    /* The next software key of the class, named by the Driver value. */
    WCHAR Driver[64];
    CHECK(SetupDiGetDeviceRegistryPropertyW(Set, &Dev, SPDRP_DRIVER, NULL, (PBYTE)Driver,
                                            sizeof Driver, NULL));
    CHECK(!wcsncmp(Driver, CLASS_STR L"\\", 39) && wcscmp(Driver, CLASS_STR L"\\0000"));
    Key = SetupDiOpenDevRegKey(Set, &Dev, DICS_FLAG_GLOBAL, 0, DIREG_DRV, KEY_READ);
    CHECK(Key != INVALID_HANDLE_VALUE);
    RegCloseKey(Key);
    /* Removal takes both keys. */
    WCHAR Soft[200];
    swprintf(Soft, 200, L"%ls%ls", CLASS_KEY, Driver);
    CHECK(KeyExists(Soft));
    CHECK(SetupDiRemoveDevice(Set, &Dev));
    CHECK(!KeyExists(Soft));
    CHECK(!KeyExists(ENUM_KEY L"ROOT\\NTIOKEYS\\0000"));
    CHECK_NO_KEY(SetupDiOpenDevRegKey(Set, &Dev, DICS_FLAG_GLOBAL, 0, DIREG_DEV, KEY_READ),
                 ERROR_NO_SUCH_DEVINST);
    CHECK(SetupDiDestroyDeviceInfoList(Set));
}

static void TestRemove(HDEVINFO Set, SP_DEVINFO_DATA *Dev)
{
    DEVINST Was = Dev->DevInst;
    SP_REMOVEDEVICE_PARAMS R = { { sizeof R.ClassInstallHeader, DIF_REMOVE },
                                 DI_REMOVEDEVICE_CONFIGSPECIFIC,
                                 0 };
    CHECK(SetupDiSetClassInstallParamsW(Set, Dev, &R.ClassInstallHeader, sizeof R));
    CHECK_FAILS(SetupDiCallClassInstaller(DIF_REMOVE, Set, Dev), ERROR_CALL_NOT_IMPLEMENTED);
    CHECK(Started(Was));
    R.Scope = DI_REMOVEDEVICE_GLOBAL;
    CHECK(SetupDiSetClassInstallParamsW(Set, Dev, &R.ClassInstallHeader, sizeof R));
    SetLastError(0xdead);
    CHECK(SetupDiCallClassInstaller(DIF_REMOVE, Set, Dev));
    CHECK_EQ(GetLastError(), NO_ERROR);
    CHECK_EQ(InstallFlags(Set, Dev) & DI_NEEDREBOOT, 0);
    CHECK_EQ(Dev->DevInst, 0);
    /* Gone: the tree, the instance and software keys. */
    DEVINST Gone;
    CHECK_EQ(CM_Locate_DevNodeW(&Gone, DEV0, CM_LOCATE_DEVNODE_NORMAL), CR_NO_SUCH_DEVNODE);
    CHECK_EQ(CM_Locate_DevNodeW(&Gone, DEV0, CM_LOCATE_DEVNODE_PHANTOM), CR_NO_SUCH_DEVNODE);
    CHECK(!KeyExists(ENUM_KEY DEV0));
    CHECK(!KeyExists(CLASS_KEY CLASS_STR L"\\0000"));
    CHECK(OpenEcho(DEV0) == INVALID_HANDLE_VALUE);
    /* The element stays; its device does not. */
    WCHAR Id[MAX_DEVICE_ID_LEN];
    CHECK_FAILS(SetupDiGetDeviceInstanceIdW(Set, Dev, Id, MAX_DEVICE_ID_LEN, NULL),
                ERROR_NO_SUCH_DEVINST);
    CHECK_FAILS(SetupDiGetDeviceRegistryPropertyW(Set, Dev, SPDRP_HARDWAREID, NULL, NULL, 0, NULL),
                ERROR_NO_SUCH_DEVINST);
    CHECK_FAILS(SetupDiRemoveDevice(Set, Dev), ERROR_NO_SUCH_DEVINST);
    CHECK_FAILS(PropChange(Set, Dev, DICS_ENABLE, DICS_FLAG_GLOBAL, 0), ERROR_NO_SUCH_DEVINST);

    /* Made again (the number is free), installed, and removed while a
     * handle is open: the keys go, the device runs until the next process. */
    SP_DEVINFO_DATA Again = { sizeof Again };
    static const WCHAR HwIds[] = L"ROOT\\NTIOECHO\0";
    BOOL Reboot;
    CHECK(SetupDiCreateDeviceInfoW(Set, L"NtioTest", &GUID_DEVCLASS_NTIOTEST, NULL, NULL,
                                   DICD_GENERATE_ID, &Again));
    CHECK(SetupDiGetDeviceInstanceIdW(Set, &Again, Id, MAX_DEVICE_ID_LEN, NULL));
    CHECK(!wcscmp(Id, DEV0));
    CHECK(SetupDiSetDeviceRegistryPropertyW(Set, &Again, SPDRP_HARDWAREID, (const BYTE *)HwIds,
                                            sizeof HwIds));
    CHECK(SetupDiCallClassInstaller(DIF_REGISTERDEVICE, Set, &Again));
    CHECK(UpdateDriverForPlugAndPlayDevicesW(NULL, ECHO_ID, ECHO_INF, 0, &Reboot));
    CHECK(Started(Again.DevInst));
    DEVINST Running = Again.DevInst;
    HANDLE h = OpenEcho(DEV0);
    CHECK(h != INVALID_HANDLE_VALUE);
    CHECK(SetupDiCallClassInstaller(DIF_REMOVE, Set, &Again)); /* global without parameters */
    CHECK(InstallFlags(Set, &Again) & DI_NEEDREBOOT);
    CHECK(!KeyExists(ENUM_KEY DEV0));
    CHECK(Started(Running));
    ECHO_INFO Info;
    DWORD Got;
    CHECK(DeviceIoControl(h, IOCTL_ECHO_INFO, NULL, 0, &Info, sizeof Info, &Got, NULL));
    CloseHandle(h);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s FIXTURES PNPBUILD\n", argv[0]);
        return 2;
    }
    ZPath(Fixtures, argv[1]);
    ZPath(PnpBuild, argv[2]);
    CreateDirectoryW(PKG, NULL);
    Stage(Fixtures, L"echo.inf");
    Stage(PnpBuild, L"pnpecho.sys");
    Stage(PnpBuild, L"pnpfilt.sys");

    TestInfClass();
    TestUnregistered();

    /* devcon install: the INF's class, a new root device of it, its
     * hardware ID, registered; then its driver. */
    GUID Class;
    WCHAR ClassName[MAX_CLASS_NAME_LEN], Id[MAX_DEVICE_ID_LEN];
    CHECK(SetupDiGetINFClassW(ECHO_INF, &Class, ClassName, MAX_CLASS_NAME_LEN, NULL));
    HDEVINFO Set = SetupDiCreateDeviceInfoList(&Class, NULL);
    CHECK(Set != INVALID_HANDLE_VALUE);
    SP_DEVINFO_DATA Dev = { sizeof Dev };
    CHECK(SetupDiCreateDeviceInfoW(Set, ClassName, &Class, L"made by SetupAPI", NULL,
                                   DICD_GENERATE_ID, &Dev));
    CHECK(IsEqualGUID(&Dev.ClassGuid, &GUID_DEVCLASS_NTIOTEST));
    CHECK(SetupDiGetDeviceInstanceIdW(Set, &Dev, Id, MAX_DEVICE_ID_LEN, NULL));
    CHECK(!wcscmp(Id, DEV0));
    TestCreateBadInputs(Set);
    TestPhantomProperties(Set, &Dev);
    TestInstallParams(Set, &Dev);
    TestRegister(Set, &Dev);
    TestInstallDriver(Set, &Dev);
    TestStateChanges(Set, &Dev);
    TestRegKeys(Set, &Dev);
    TestRegKeysMade();
    TestRemove(Set, &Dev);

    CHECK(SetupDiDestroyDeviceInfoList(Set));
    CHECK_FAILS(SetupDiCallClassInstaller(DIF_REMOVE, Set, &Dev), ERROR_INVALID_HANDLE);
    return test_summary("setupdi create");
}
