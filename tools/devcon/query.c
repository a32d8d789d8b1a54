/*
 * tools/devcon/query.c - the commands that show devices: find, findall,
 * status, hwids, stack, driverfiles, classes, listclass.  Each device is
 * shown as devcon shows it: its instance ID, then lines indented by four
 * spaces per level, and at the end "N matching device(s) found." or "No
 * matching devices found.".
 */
#include "devcon.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* What a listing shows of each device. */
#define DC_SHOW_NAME 0x01
#define DC_SHOW_STATUS 0x02
#define DC_SHOW_HWIDS 0x04
#define DC_SHOW_CLASS 0x08
#define DC_SHOW_STACK 0x10
#define DC_SHOW_DRIVERFILES 0x20

static void DcShowStatus(const DC_DEVICE *d)
{
    ULONG Status = 0, Problem = 0;
    CONFIGRET cr = d->Present ? CM_Get_DevNode_Status(&Status, &Problem, d->Dev, 0) : CR_NO_SUCH_DEVINST;
    if (cr == CR_NO_SUCH_DEVINST || cr == CR_NO_SUCH_VALUE) {
        DcPrintPadded(1, L"Device is not present.");
        return;
    }
    if (cr != CR_SUCCESS) {
        DcPrintPadded(1, L"Error retrieving the device's status.");
        return;
    }
    if ((Status & DN_HAS_PROBLEM) && Problem == CM_PROB_DISABLED) {
        DcPrintPadded(1, L"Device is disabled.");
        return;
    }
    BOOL Said = FALSE;
    if (Status & DN_HAS_PROBLEM) {
        DcPrintPadded(1, L"The device has the following problem: %02lu", Problem);
        Said = TRUE;
    }
    if (Status & DN_PRIVATE_PROBLEM) {
        DcPrintPadded(1, L"The driver reported a problem with the device.");
        Said = TRUE;
    }
    if (Status & DN_STARTED)
        DcPrintPadded(1, L"Driver is running.");
    else if (!Said)
        DcPrintPadded(1, L"Device is currently stopped.");
}

static void DcShowMultiSz(int Pad, PCWSTR Multi)
{
    for (PCWSTR s = Multi; s && *s; s += wcslen(s) + 1)
        DcPrintPadded(Pad, L"%ls", s);
}

static void DcShowHwIds(const DC_DEVICE *d)
{
    PWSTR Hw = DcGetMultiSz(d->Dev, CM_DRP_HARDWAREID);
    PWSTR Compat = DcGetMultiSz(d->Dev, CM_DRP_COMPATIBLEIDS);
    BOOL Shown = FALSE;
    if (Hw && Hw[0]) {
        DcPrintPadded(1, L"Hardware IDs:");
        DcShowMultiSz(2, Hw);
        Shown = TRUE;
    }
    if (Compat && Compat[0]) {
        DcPrintPadded(1, L"Compatible IDs:");
        DcShowMultiSz(2, Compat);
        Shown = TRUE;
    }
    if (!Shown)
        DcPrintPadded(1, L"No hardware/compatible IDs found for this device.");
    free(Hw);
    free(Compat);
}

static void DcShowClass(const DC_DEVICE *d)
{
    PWSTR Class = DcGetString(d->Dev, CM_DRP_CLASS);
    PWSTR Guid = DcGetString(d->Dev, CM_DRP_CLASSGUID);
    if (!Class && !Guid)
        DcPrintPadded(1, L"Device is not set up.");
    else
        DcPrintPadded(1, L"Setup Class: %ls %ls", Guid ? Guid : L"{}", Class ? Class : L"(?)");
    free(Class);
    free(Guid);
}

static void DcShowFilters(PCWSTR Title, PWSTR Multi)
{
    if (Multi && Multi[0]) {
        DcPrintPadded(1, L"%ls", Title);
        DcShowMultiSz(2, Multi);
    }
    free(Multi);
}

/* The stack the PnP manager builds, from the registry, top to bottom. */
static void DcShowStack(const DC_DEVICE *d)
{
    PWSTR Guid = DcGetString(d->Dev, CM_DRP_CLASSGUID);
    WCHAR ClassKey[128] = L"";
    if (Guid && wcslen(Guid) < 64)
        swprintf(ClassKey, 128, L"%ls\\%ls", DC_CLASS_KEY, Guid);
    free(Guid);
    if (ClassKey[0])
        DcShowFilters(L"Upper class filters:", DcRegString(ClassKey, L"UpperFilters", REG_MULTI_SZ));
    DcShowFilters(L"Upper filters:", DcGetMultiSz(d->Dev, CM_DRP_UPPERFILTERS));
    PWSTR Service = DcGetString(d->Dev, CM_DRP_SERVICE);
    DcPrintPadded(1, L"Controlling service:");
    DcPrintPadded(2, L"%ls", Service && Service[0] ? Service : L"(none)");
    free(Service);
    if (ClassKey[0])
        DcShowFilters(L"Class lower filters:", DcRegString(ClassKey, L"LowerFilters", REG_MULTI_SZ));
    DcShowFilters(L"Lower filters:", DcGetMultiSz(d->Dev, CM_DRP_LOWERFILTERS));
}

/* A service's ImagePath as a DOS path: \SystemRoot\X is %windir%\X,
 * \??\C:\X is C:\X, and a relative one (system32\drivers\x.sys) is under
 * %windir%; a missing ImagePath is system32\drivers\<service>.sys, as the
 * kernel loads it. */
static BOOL DcServiceImage(PCWSTR Service, PWSTR Path, DWORD Chars)
{
    WCHAR Key[300], Windows[MAX_PATH];
    if (!Service[0] || wcslen(Service) > 200)
        return FALSE;
    swprintf(Key, 300, L"%ls\\%ls", DC_SERVICES_KEY, Service);
    HKEY h;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, Key, 0, KEY_READ, &h))
        return FALSE;
    RegCloseKey(h);
    UINT n = GetWindowsDirectoryW(Windows, MAX_PATH);
    if (!n || n >= MAX_PATH)
        return FALSE;
    PWSTR Image = DcRegString(Key, L"ImagePath", REG_SZ);
    if (!Image)
        swprintf(Path, Chars, L"%ls\\system32\\drivers\\%ls.sys", Windows, Service);
    else if (!_wcsnicmp(Image, L"\\SystemRoot\\", 12))
        swprintf(Path, Chars, L"%ls\\%ls", Windows, Image + 12);
    else if (!_wcsnicmp(Image, L"\\??\\", 4))
        swprintf(Path, Chars, L"%ls", Image + 4);
    else if (Image[0] && Image[1] == L':')
        swprintf(Path, Chars, L"%ls", Image);
    else
        swprintf(Path, Chars, L"%ls\\%ls", Windows, Image);
    free(Image);
    return TRUE;
}

static void DcAddServiceFiles(PWSTR Files[], ULONG *Count, ULONG Max, PCWSTR Service)
{
    WCHAR Path[MAX_PATH + 64];
    if (*Count >= Max || !DcServiceImage(Service, Path, MAX_PATH + 64))
        return;
    for (ULONG i = 0; i < *Count; i++)
        if (!_wcsicmp(Files[i], Path))
            return;
    if ((Files[*Count] = _wcsdup(Path)))
        (*Count)++;
}

/* The driver the device was installed with: the INF and section its
 * software key records, and the images of the services of its stack. */
static void DcShowDriverFiles(const DC_DEVICE *d)
{
    PWSTR Driver = DcGetString(d->Dev, CM_DRP_DRIVER);
    WCHAR SoftKey[160];
    PWSTR Inf = NULL, Section = NULL;
    if (Driver && wcslen(Driver) < 100) {
        swprintf(SoftKey, 160, L"%ls\\%ls", DC_CLASS_KEY, Driver);
        Inf = DcRegString(SoftKey, L"InfPath", REG_SZ);
        Section = DcRegString(SoftKey, L"InfSection", REG_SZ);
    }
    free(Driver);
    if (!Inf || !Section) {
        DcPrintPadded(1, L"No driver information available for the device.");
        free(Inf);
        free(Section);
        return;
    }
    WCHAR InfPath[MAX_PATH + 64], Windows[MAX_PATH];
    UINT n = GetWindowsDirectoryW(Windows, MAX_PATH);
    if (n && n < MAX_PATH && !wcschr(Inf, L'\\'))
        swprintf(InfPath, MAX_PATH + 64, L"%ls\\INF\\%ls", Windows, Inf);
    else
        swprintf(InfPath, MAX_PATH + 64, L"%ls", Inf);

    PWSTR Files[64];
    ULONG Count = 0;
    PWSTR Service = DcGetString(d->Dev, CM_DRP_SERVICE);
    if (Service)
        DcAddServiceFiles(Files, &Count, 64, Service);
    free(Service);
    static const ULONG Filters[] = { CM_DRP_UPPERFILTERS, CM_DRP_LOWERFILTERS };
    for (int f = 0; f < 2; f++) {
        PWSTR Multi = DcGetMultiSz(d->Dev, Filters[f]);
        for (PCWSTR s = Multi; s && *s; s += wcslen(s) + 1)
            DcAddServiceFiles(Files, &Count, 64, s);
        free(Multi);
    }
    if (Count) {
        DcPrintPadded(1, L"Driver installed from %ls [%ls]. %lu file(s) used by driver:", InfPath, Section,
                      Count);
        for (ULONG i = 0; i < Count; i++) {
            DcPrintPadded(2, L"%ls", Files[i]);
            free(Files[i]);
        }
    } else {
        DcPrintPadded(1, L"Driver installed from %ls [%ls]. The driver is not using any files.", InfPath,
                      Section);
    }
    free(Inf);
    free(Section);
}

static int DcList(int argc, PWSTR *argv, BOOL All, ULONG Show)
{
    DC_LIST List;
    if (!argc)
        return DC_EXIT_USAGE;
    int Result = DcSelectDevices(argc, argv, All, &List);
    if (Result != DC_EXIT_OK)
        return Result;
    for (ULONG i = 0; i < List.Count; i++) {
        const DC_DEVICE *d = &List.Items[i];
        if (!Show) {
            PWSTR Desc = DcGetDescription(d->Dev);
            DcPrintWithInfo(d->Id, Desc);
            free(Desc);
            continue;
        }
        DcPrintWithInfo(d->Id, NULL);
        if (Show & DC_SHOW_NAME) {
            PWSTR Desc = DcGetDescription(d->Dev);
            if (Desc)
                DcPrintPadded(1, L"Name: %ls", Desc);
            free(Desc);
        }
        if (Show & DC_SHOW_CLASS)
            DcShowClass(d);
        if (Show & DC_SHOW_STATUS)
            DcShowStatus(d);
        if (Show & DC_SHOW_DRIVERFILES)
            DcShowDriverFiles(d);
        if (Show & DC_SHOW_STACK)
            DcShowStack(d);
        if (Show & DC_SHOW_HWIDS)
            DcShowHwIds(d);
    }
    DcPrintFindTail(List.Count);
    DcFreeList(&List);
    return DC_EXIT_OK;
}

int DcFind(int argc, PWSTR *argv)
{
    return DcList(argc, argv, FALSE, 0);
}

int DcFindAll(int argc, PWSTR *argv)
{
    return DcList(argc, argv, TRUE, 0);
}

int DcStatus(int argc, PWSTR *argv)
{
    return DcList(argc, argv, FALSE, DC_SHOW_NAME | DC_SHOW_STATUS);
}

int DcHwIds(int argc, PWSTR *argv)
{
    return DcList(argc, argv, FALSE, DC_SHOW_NAME | DC_SHOW_HWIDS);
}

int DcStack(int argc, PWSTR *argv)
{
    return DcList(argc, argv, FALSE, DC_SHOW_NAME | DC_SHOW_CLASS | DC_SHOW_STACK);
}

int DcDriverFiles(int argc, PWSTR *argv)
{
    return DcList(argc, argv, FALSE, DC_SHOW_NAME | DC_SHOW_DRIVERFILES);
}

/* ---- classes, listclass: the setup classes under Control\Class ----------- */

typedef struct _DC_CLASS {
    WCHAR Guid[64];
    WCHAR Name[256];
    PWSTR Description;
} DC_CLASS;

/* Every Control\Class key with a Class value, in registry order. */
static ULONG DcReadClasses(DC_CLASS **Out)
{
    HKEY Classes;
    DC_CLASS *List = NULL;
    ULONG Count = 0;
    *Out = NULL;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, DC_CLASS_KEY, 0, KEY_READ, &Classes))
        return 0;
    for (DWORD i = 0;; i++) {
        DC_CLASS c = { 0 };
        DWORD n = 64;
        if (RegEnumKeyExW(Classes, i, c.Guid, &n, NULL, NULL, NULL, NULL))
            break;
        WCHAR Key[160];
        swprintf(Key, 160, L"%ls\\%ls", DC_CLASS_KEY, c.Guid);
        PWSTR Name = DcRegString(Key, L"Class", REG_SZ);
        if (!Name)
            continue;
        swprintf(c.Name, 256, L"%ls", Name);
        free(Name);
        c.Description = DcRegString(Key, L"", REG_SZ);
        DC_CLASS *Grown = realloc(List, (Count + 1) * sizeof *List);
        if (!Grown) {
            free(c.Description);
            break;
        }
        List = Grown;
        List[Count++] = c;
    }
    RegCloseKey(Classes);
    *Out = List;
    return Count;
}

static void DcFreeClasses(DC_CLASS *List, ULONG Count)
{
    for (ULONG i = 0; i < Count; i++)
        free(List[i].Description);
    free(List);
}

int DcClasses(int argc, PWSTR *argv)
{
    (void)argc;
    (void)argv;
    DC_CLASS *List;
    ULONG Count = DcReadClasses(&List);
    printf("Listing %lu setup classes.\n", Count);
    for (ULONG i = 0; i < Count; i++)
        printf("%-20ls: %ls\n", List[i].Name, List[i].Description ? List[i].Description : List[i].Name);
    DcFreeClasses(List, Count);
    return DC_EXIT_OK;
}

int DcListClass(int argc, PWSTR *argv)
{
    if (!argc)
        return DC_EXIT_USAGE;
    DC_CLASS *Classes;
    ULONG ClassCount = DcReadClasses(&Classes);
    int Result = DC_EXIT_OK;
    for (int a = 0; a < argc && Result == DC_EXIT_OK; a++) {
        const DC_CLASS *c = NULL;
        for (ULONG i = 0; i < ClassCount && !c; i++)
            if (!_wcsicmp(Classes[i].Name, argv[a]))
                c = &Classes[i];
        if (!c) {
            printf("There is no \"%ls\" setup class on the local machine.\n", argv[a]);
            continue;
        }
        WCHAR Filter[300];
        swprintf(Filter, 300, L"=%ls", c->Name);
        PWSTR Args[1] = { Filter };
        DC_LIST List;
        if ((Result = DcSelectDevices(1, Args, FALSE, &List)) != DC_EXIT_OK)
            break;
        PCWSTR Desc = c->Description ? c->Description : c->Name;
        if (!List.Count) {
            printf("There are no devices in setup class \"%ls\" (%ls).\n", c->Name, Desc);
        } else {
            printf("Listing %lu devices in setup class \"%ls\" (%ls).\n", List.Count, c->Name, Desc);
            for (ULONG i = 0; i < List.Count; i++) {
                PWSTR Name = DcGetDescription(List.Items[i].Dev);
                DcPrintWithInfo(List.Items[i].Id, Name);
                free(Name);
            }
        }
        DcFreeList(&List);
    }
    DcFreeClasses(Classes, ClassCount);
    return Result;
}
