/*
 * tools/devcon/install.c - install, update and remove.
 *
 *  - install INF HWID: a new root-enumerated device, ROOT\<CLASS>\NNNN with
 *    HardwareID = HWID, registered with the PnP manager, then the INF's
 *    driver installed on every present device with that ID, forced
 *    (setupapi's InfpInstallRootDevice: what devcon does with
 *    SetupDiCreateDeviceInfo, DIF_REGISTERDEVICE and
 *    UpdateDriverForPlugAndPlayDevices).
 *  - update INF HWID: UpdateDriverForPlugAndPlayDevicesW with
 *    INSTALLFLAG_FORCE.
 *  - remove IDs: DIF_REMOVE, uninstalling each device: query-and-remove,
 *    then its instance key (Enum\<instance>) and its software key
 *    (Control\Class\{guid}\NNNN) are deleted, so the device does not come
 *    back.  An open handle that vetoes the removal leaves the device
 *    running in this kernel; the keys are deleted all the same, and the
 *    line says "Removed on reboot" (ntio's reboot: the next process).
 *
 * The INF is a Windows path, or a Linux one: a path that starts with `/`
 * is taken on drive Z: (the Linux root).
 */
#include "devcon.h"

#include <newdev.h>
#include <setupapip.h>

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
    WCHAR Inf[MAX_PATH], Instance[MAX_DEVICE_ID_LEN] = L"";
    if (argc < 2 || !argv[0][0] || !argv[1][0])
        return DC_EXIT_USAGE;
    int Result = DcInfPath(argv[0], Inf, MAX_PATH);
    if (Result != DC_EXIT_OK)
        return Result;
    BOOL Reboot = FALSE;
    DWORD Error = InfpInstallRootDevice(Inf, argv[1], INSTALLFLAG_FORCE, Instance, MAX_DEVICE_ID_LEN, &Reboot);
    /* devcon's two steps, in one call: the node, then its driver. */
    if (Instance[0]) {
        puts("Device node created. Install is complete when drivers are installed...");
        printf("Updating drivers for %ls from %ls.\n", argv[1], Inf);
    }
    if (Error) {
        fflush(stdout);
        DcInstallError(argv[1], Inf, Error);
        return DC_EXIT_FAIL;
    }
    puts("Drivers installed successfully.");
    return Reboot ? DC_EXIT_REBOOT : DC_EXIT_OK;
}

/* ---- remove ------------------------------------------------------------------- */

/* Delete the software key and the instance key of Id. */
static BOOL DcUninstall(const DC_DEVICE *d)
{
    WCHAR Path[MAX_DEVICE_ID_LEN + 128];
    PWSTR Driver = DcGetString(d->Dev, CM_DRP_DRIVER);
    if (Driver && Driver[0] && wcslen(Driver) < 100) {
        swprintf(Path, MAX_DEVICE_ID_LEN + 128, L"%ls\\%ls", DC_CLASS_KEY, Driver);
        LSTATUS e = RegDeleteTreeW(HKEY_LOCAL_MACHINE, Path);
        if (e && e != ERROR_FILE_NOT_FOUND) {
            free(Driver);
            return FALSE;
        }
    }
    free(Driver);
    swprintf(Path, MAX_DEVICE_ID_LEN + 128, L"%ls\\%ls", DC_ENUM_KEY, d->Id);
    LSTATUS e = RegDeleteTreeW(HKEY_LOCAL_MACHINE, Path);
    return !e || e == ERROR_FILE_NOT_FOUND;
}

int DcRemove(int argc, PWSTR *argv)
{
    DC_LIST List;
    if (!argc)
        return DC_EXIT_USAGE;
    int Result = DcSelectDevices(argc, argv, FALSE, &List);
    if (Result != DC_EXIT_OK)
        return Result;
    ULONG Count = 0;
    BOOL Reboot = FALSE;
    for (ULONG i = 0; i < List.Count; i++) {
        const DC_DEVICE *d = &List.Items[i];
        PCWSTR Action = L"Removed";
        BOOL Vetoed = FALSE;
        if (d->Present) {
            PNP_VETO_TYPE VetoType;
            WCHAR Veto[MAX_PATH];
            CONFIGRET cr =
                CM_Query_And_Remove_SubTreeW(d->Dev, &VetoType, Veto, MAX_PATH, CM_REMOVE_NO_RESTART);
            if (cr == CR_REMOVE_VETOED) {
                Action = L"Removed on reboot";
                Vetoed = TRUE;
            }
            else if (cr != CR_SUCCESS)
                Action = NULL;
        }
        if (Action && !DcUninstall(d))
            Action = NULL;
        if (!Action) {
            DcPrintWithInfo(d->Id, L"Remove failed");
            continue;
        }
        if (Vetoed)
            Reboot = TRUE;
        DcPrintWithInfo(d->Id, Action);
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
    DcFreeList(&List);
    return Result;
}
