/*
 * tools/devcon/control.c - enable, disable, restart and rescan, through
 * cfgmgr32's requests to the PnP manager.  Each device gets one line,
 * "<instance>: Enabled" (or "Disabled", "Restarted", the "... on reboot" /
 * "Requires reboot" forms, or "... failed"), then a count.  As devcon,
 * a command whose devices all failed ends with "No matching devices
 * found." and exit code 0; one that needs a restart ends with exit code 1.
 *
 * What devcon's class installer calls do, done here with cfgmgr32:
 *  - enable (DICS_ENABLE): CM_Enable_DevNode, which clears
 *    CONFIGFLAG_DISABLED and starts the device;
 *  - disable (DICS_DISABLE, global): CM_Disable_DevNode with
 *    CM_DISABLE_PERSIST; when an open handle vetoes it, the flag is still
 *    written, so the device comes back disabled with the next kernel
 *    (ntio's reboot), and the line says "Disabled on reboot";
 *  - restart (DICS_PROPCHANGE): query-and-remove, then CM_Setup_DevNode;
 *    a veto leaves the device running: "Requires reboot".
 */
#include "devcon.h"

#include <stdlib.h>
#include <wchar.h>

typedef struct _DC_CONTROL {
    PCWSTR Success, Reboot, Fail;
    /* Returns 0 done, 1 needs a reboot, -1 failed. */
    int (*Act)(const DC_DEVICE *d);
    const char *Tail, *TailReboot;
} DC_CONTROL;

static int DcDoEnable(const DC_DEVICE *d)
{
    return CM_Enable_DevNode(d->Dev, 0) == CR_SUCCESS ? 0 : -1;
}

/* ConfigFlags |= CONFIGFLAG_DISABLED in the instance key. */
static BOOL DcPersistDisabled(PCWSTR Id)
{
    WCHAR Path[MAX_DEVICE_ID_LEN + 64];
    HKEY Key;
    DWORD Flags = 0, Size = sizeof Flags, Type;
    swprintf(Path, MAX_DEVICE_ID_LEN + 64, L"%ls\\%ls", DC_ENUM_KEY, Id);
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, Path, 0, KEY_QUERY_VALUE | KEY_SET_VALUE, &Key))
        return FALSE;
    if (RegQueryValueExW(Key, L"ConfigFlags", NULL, &Type, (BYTE *)&Flags, &Size) || Type != REG_DWORD)
        Flags = 0;
    Flags |= CONFIGFLAG_DISABLED;
    BOOL Ok = !RegSetValueExW(Key, L"ConfigFlags", 0, REG_DWORD, (BYTE *)&Flags, sizeof Flags);
    RegCloseKey(Key);
    return Ok;
}

static int DcDoDisable(const DC_DEVICE *d)
{
    CONFIGRET cr = CM_Disable_DevNode(d->Dev, CM_DISABLE_PERSIST);
    if (cr == CR_SUCCESS)
        return 0;
    if (cr == CR_REMOVE_VETOED && DcPersistDisabled(d->Id))
        return 1;
    return -1;
}

static int DcDoRestart(const DC_DEVICE *d)
{
    PNP_VETO_TYPE VetoType;
    WCHAR Veto[MAX_PATH];
    CONFIGRET cr = CM_Query_And_Remove_SubTreeW(d->Dev, &VetoType, Veto, MAX_PATH, CM_REMOVE_NO_RESTART);
    if (cr == CR_REMOVE_VETOED)
        return 1;
    if (cr != CR_SUCCESS)
        return -1;
    return CM_Setup_DevNode(d->Dev, CM_SETUP_DEVNODE_READY) == CR_SUCCESS ? 0 : -1;
}

static int DcControl(int argc, PWSTR *argv, const DC_CONTROL *c)
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
        int Done = d->Present ? c->Act(d) : -1;
        if (Done < 0) {
            DcPrintWithInfo(d->Id, c->Fail);
            continue;
        }
        if (Done > 0)
            Reboot = TRUE;
        DcPrintWithInfo(d->Id, Done ? c->Reboot : c->Success);
        Count++;
    }
    if (!Count) {
        puts("No matching devices found.");
    } else if (!Reboot) {
        printf(c->Tail, Count);
    } else {
        printf(c->TailReboot, Count);
        Result = DC_EXIT_REBOOT;
    }
    DcFreeList(&List);
    return Result;
}

int DcEnable(int argc, PWSTR *argv)
{
    static const DC_CONTROL c = {
        L"Enabled", L"Enabled on reboot", L"Enable failed", DcDoEnable, "%lu device(s) are enabled.\n",
        "The %lu device(s) are ready to be enabled. To enable the devices, restart the devices or\n"
        "reboot the system .\n",
    };
    return DcControl(argc, argv, &c);
}

int DcDisable(int argc, PWSTR *argv)
{
    static const DC_CONTROL c = {
        L"Disabled", L"Disabled on reboot", L"Disable failed", DcDoDisable, "%lu device(s) disabled.\n",
        "The %lu device(s) are ready to be disabled. To disable the devices, restart the\n"
        "devices or reboot the system .\n",
    };
    return DcControl(argc, argv, &c);
}

int DcRestart(int argc, PWSTR *argv)
{
    static const DC_CONTROL c = {
        L"Restarted", L"Requires reboot", L"Restart failed", DcDoRestart, "%lu device(s) restarted.\n",
        "The %lu device(s) are ready to be restarted. To restart the devices, reboot the system.\n",
    };
    return DcControl(argc, argv, &c);
}

int DcRescan(int argc, PWSTR *argv)
{
    (void)argc;
    (void)argv;
    DEVINST Root;
    if (CM_Locate_DevNodeW(&Root, NULL, CM_LOCATE_DEVNODE_NORMAL) != CR_SUCCESS)
        return DC_EXIT_FAIL;
    puts("Scanning for new hardware.");
    fflush(stdout);
    CONFIGRET cr = CM_Reenumerate_DevNode(Root, CM_REENUMERATE_SYNCHRONOUS);
    if (cr != CR_SUCCESS) {
        fprintf(stderr, "devcon: rescan: CM_Reenumerate_DevNode: CONFIGRET 0x%lx\n", cr);
        return DC_EXIT_FAIL;
    }
    puts("Scanning completed.");
    return DC_EXIT_OK;
}
