/*
 * tools/devcon/install.c - install, update and remove, with SetupAPI's
 * public functions as Microsoft's devcon sample calls them.
 *
 *  - install INF HWID: SetupDiGetINFClass gives the INF's setup class;
 *    SetupDiCreateDeviceInfo with DICD_GENERATE_ID makes a root device
 *    ROOT\<CLASS>\NNNN, SPDRP_HARDWAREID gives it HWID, DIF_REGISTERDEVICE
 *    puts it in the PnP manager's tree; then update installs the INF's
 *    driver on it (and on any other present device with that ID).
 *  - update INF HWID: UpdateDriverForPlugAndPlayDevicesW with
 *    INSTALLFLAG_FORCE.
 *  - remove IDs: DIF_REMOVE (SP_REMOVEDEVICE_PARAMS, global) on each
 *    device: query-and-remove, then its instance key (Enum\<instance>) and
 *    its software key (Control\Class\{guid}\NNNN) are deleted, so the
 *    device does not come back.  An open handle that vetoes the removal
 *    leaves the device running in this kernel; the keys are deleted all
 *    the same, DI_NEEDREBOOT comes back, and the line says "Removed on
 *    reboot" (ntio's reboot: the next process).
 *
 * The INF is a Windows path, or a Linux one: a path that starts with `/`
 * is taken on drive Z: (the Linux root).
 */
#include "devcon.h"

#include <newdev.h>

#include <stdlib.h>
#include <wchar.h>

/* The INF's full DOS path, or DC_EXIT_FAIL with the reason on stderr. */
static int DcInfPath(PCWSTR Arg, PWSTR Path, DWORD Chars)
{
    WCHAR Dos[MAX_PATH + 2];
    if (Arg[0] == L'/') {
        if (wcslen(Arg) + 3 > MAX_PATH) {
            fprintf(stderr, "devcon: %ls: %s\n", Arg, "The filename or extension is too long.");
            return DC_EXIT_FAIL;
        }
        swprintf(Dos, MAX_PATH + 2, L"Z:%ls", Arg);
        for (PWSTR p = Dos; *p; p++)
            if (*p == L'/')
                *p = L'\\';
        Arg = Dos;
    }
    DWORD n = GetFullPathNameW(Arg, Chars, Path, NULL);
    if (!n || n >= Chars) {
        fprintf(stderr, "devcon: %ls: %s\n", Arg, "The filename or extension is too long.");
        return DC_EXIT_FAIL;
    }
    DWORD Attributes = GetFileAttributesW(Path);
    if (Attributes == INVALID_FILE_ATTRIBUTES || (Attributes & FILE_ATTRIBUTE_DIRECTORY)) {
        DWORD Error = Attributes == INVALID_FILE_ATTRIBUTES ? GetLastError() : ERROR_FILE_NOT_FOUND;
        const char *Text = DcErrorText(Error);
        if (Text)
            fprintf(stderr, "devcon: %ls: %s\n", Path, Text);
        else
            fprintf(stderr, "devcon: %ls: error %lu\n", Path, Error);
        return DC_EXIT_FAIL;
    }
    return DC_EXIT_OK;
}

/* SetupAPI's own errors (0xE0000xxx) are shown in hexadecimal, as Windows'
 * tools show them. */
static void DcInstallError(PCWSTR Hwid, PCWSTR Inf, DWORD Error)
{
    const char *Text = DcErrorText(Error);
    char Code[32];
    snprintf(Code, sizeof Code, (Error & 0x80000000) ? "0x%08lX" : "%lu", Error);
    if (Text)
        fprintf(stderr, "devcon: installing %ls from %ls: %s (error %s)\n", Hwid, Inf, Text, Code);
    else
        fprintf(stderr, "devcon: installing %ls from %ls: error %s\n", Hwid, Inf, Code);
}

int DcUpdate(int argc, PWSTR *argv)
{
    WCHAR Inf[MAX_PATH];
    if (argc < 2 || !argv[0][0] || !argv[1][0])
        return DC_EXIT_USAGE;
    int Result = DcInfPath(argv[0], Inf, MAX_PATH);
    if (Result != DC_EXIT_OK)
        return Result;
    printf("Updating drivers for %ls from %ls.\n", argv[1], Inf);
    fflush(stdout);
    BOOL Reboot = FALSE;
    if (!UpdateDriverForPlugAndPlayDevicesW(NULL, argv[1], Inf, INSTALLFLAG_FORCE, &Reboot)) {
        DcInstallError(argv[1], Inf, GetLastError());
        return DC_EXIT_FAIL;
    }
    puts("Drivers installed successfully.");
    return Reboot ? DC_EXIT_REBOOT : DC_EXIT_OK;
}

int DcInstall(int argc, PWSTR *argv)
{
    WCHAR Inf[MAX_PATH], ClassName[MAX_CLASS_NAME_LEN], HwIdList[LINE_LEN + 2];
    GUID ClassGuid;
    SP_DEVINFO_DATA Device = { sizeof Device };
    HDEVINFO Set = INVALID_HANDLE_VALUE;
    if (argc < 2 || !argv[0][0] || !argv[1][0])
        return DC_EXIT_USAGE;
    int Result = DcInfPath(argv[0], Inf, MAX_PATH);
    if (Result != DC_EXIT_OK)
        return Result;
    /* The hardware ID list: a MULTI_SZ, the ID and an empty string. */
    size_t Chars = wcslen(argv[1]);
    if (Chars >= LINE_LEN) {
        DcInstallError(argv[1], Inf, ERROR_INVALID_PARAMETER);
        return DC_EXIT_FAIL;
    }
    wmemcpy(HwIdList, argv[1], Chars + 1);
    HwIdList[Chars + 1] = 0;

    /* The device node: of the INF's class, named after it. */
    if (!SetupDiGetINFClassW(Inf, &ClassGuid, ClassName, MAX_CLASS_NAME_LEN, NULL) ||
        (Set = SetupDiCreateDeviceInfoList(&ClassGuid, NULL)) == INVALID_HANDLE_VALUE ||
        !SetupDiCreateDeviceInfoW(Set, ClassName, &ClassGuid, NULL, NULL, DICD_GENERATE_ID,
                                  &Device) ||
        !SetupDiSetDeviceRegistryPropertyW(Set, &Device, SPDRP_HARDWAREID, (const BYTE *)HwIdList,
                                           (DWORD)((Chars + 2) * sizeof(WCHAR))) ||
        !SetupDiCallClassInstaller(DIF_REGISTERDEVICE, Set, &Device)) {
        DWORD Error = GetLastError();
        if (Set != INVALID_HANDLE_VALUE)
            SetupDiDestroyDeviceInfoList(Set);
        DcInstallError(argv[1], Inf, Error);
        return DC_EXIT_FAIL;
    }
    SetupDiDestroyDeviceInfoList(Set);
    puts("Device node created. Install is complete when drivers are installed...");
    /* Then its driver, as update installs it. */
    return DcUpdate(argc, argv);
}

/* ---- remove ------------------------------------------------------------------- */

/* Whether the last installation request on Device asks for a restart. */
BOOL DcNeedsReboot(HDEVINFO Set, PSP_DEVINFO_DATA Device)
{
    SP_DEVINSTALL_PARAMS_W Params = { sizeof Params };
    return SetupDiGetDeviceInstallParamsW(Set, Device, &Params) &&
           (Params.Flags & (DI_NEEDREBOOT | DI_NEEDRESTART));
}

int DcRemove(int argc, PWSTR *argv)
{
    DC_LIST List;
    if (!argc)
        return DC_EXIT_USAGE;
    int Result = DcSelectDevices(argc, argv, FALSE, &List);
    if (Result != DC_EXIT_OK)
        return Result;
    HDEVINFO Set = SetupDiCreateDeviceInfoList(NULL, NULL);
    if (Set == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "devcon: remove: %s\n", DcErrorText(GetLastError()) ?: "out of memory");
        DcFreeList(&List);
        return DC_EXIT_FAIL;
    }
    ULONG Count = 0;
    BOOL Reboot = FALSE;
    for (ULONG i = 0; i < List.Count; i++) {
        const DC_DEVICE *d = &List.Items[i];
        SP_DEVINFO_DATA Device = { sizeof Device };
        SP_REMOVEDEVICE_PARAMS Params;
        Params.ClassInstallHeader.cbSize = sizeof(SP_CLASSINSTALL_HEADER);
        Params.ClassInstallHeader.InstallFunction = DIF_REMOVE;
        Params.Scope = DI_REMOVEDEVICE_GLOBAL;
        Params.HwProfile = 0;
        if (!SetupDiOpenDeviceInfoW(Set, d->Id, NULL, 0, &Device) ||
            !SetupDiSetClassInstallParamsW(Set, &Device, &Params.ClassInstallHeader, sizeof Params) ||
            !SetupDiCallClassInstaller(DIF_REMOVE, Set, &Device)) {
            DcPrintWithInfo(d->Id, L"Remove failed");
            continue;
        }
        BOOL Vetoed = DcNeedsReboot(Set, &Device);
        if (Vetoed)
            Reboot = TRUE;
        DcPrintWithInfo(d->Id, Vetoed ? L"Removed on reboot" : L"Removed");
        Count++;
    }
    if (!Count) {
        puts("No devices were removed.");
    } else if (!Reboot) {
        printf("%lu device(s) were removed.\n", Count);
    } else {
        printf("The %lu device(s) are ready to be removed. To remove the devices, reboot the system.\n", Count);
        Result = DC_EXIT_REBOOT;
    }
    SetupDiDestroyDeviceInfoList(Set);
    DcFreeList(&List);
    return Result;
}
