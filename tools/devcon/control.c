/*
 * tools/devcon/control.c - enable, disable, restart and rescan.  Each device
 * gets one line, "<instance>: Enabled" (or "Disabled", "Restarted", the
 * "... on reboot" / "Requires reboot" forms, or "... failed"), then a
 * count.  As devcon, a command whose devices all failed ends with "No
 * matching devices found." and exit code 0; one that needs a restart ends
 * with exit code 1.
 *
 * enable, disable and restart are DIF_PROPERTYCHANGE requests, as
 * Microsoft's devcon sends them: SP_PROPCHANGE_PARAMS with DICS_ENABLE
 * (global, then for the current hardware profile), DICS_DISABLE or
 * DICS_PROPCHANGE (for the current hardware profile), then
 * SetupDiCallClassInstaller; DI_NEEDREBOOT in the device's installation
 * parameters means an open handle vetoed the change (ntio's reboot: the
 * next process).  SetupDiChangeState (docs/setupapi.md) does the work with
 * cfgmgr32: a disable persists (CONFIGFLAG_DISABLED), also when vetoed; a
 * restart of a disabled device leaves it disabled.
 */
#include "devcon.h"

#include <stdlib.h>
#include <wchar.h>

typedef struct _DC_CONTROL {
    PCWSTR Success, Reboot, Fail;
    DWORD StateChange; /* DICS_* */
    const char *Tail, *TailReboot;
} DC_CONTROL;

/* One DIF_PROPERTYCHANGE request. */
static BOOL DcPropertyChange(HDEVINFO Set, PSP_DEVINFO_DATA Device, DWORD StateChange, DWORD Scope)
{
    SP_PROPCHANGE_PARAMS Params;
    Params.ClassInstallHeader.cbSize = sizeof(SP_CLASSINSTALL_HEADER);
    Params.ClassInstallHeader.InstallFunction = DIF_PROPERTYCHANGE;
    Params.StateChange = StateChange;
    Params.Scope = Scope;
    Params.HwProfile = 0;
    return SetupDiSetClassInstallParamsW(Set, Device, &Params.ClassInstallHeader, sizeof Params) &&
           SetupDiCallClassInstaller(DIF_PROPERTYCHANGE, Set, Device);
}

/* Returns 0 done, 1 needs a reboot, -1 failed. */
static int DcAct(HDEVINFO Set, const DC_DEVICE *d, DWORD StateChange)
{
    SP_DEVINFO_DATA Device = { sizeof Device };
    if (!SetupDiOpenDeviceInfoW(Set, d->Id, NULL, 0, &Device))
        return -1;
    /* Enabling globally first does not ask for a reboot when the device
     * stays disabled in the current profile; a failure shows next. */
    if (StateChange == DICS_ENABLE)
        DcPropertyChange(Set, &Device, DICS_ENABLE, DICS_FLAG_GLOBAL);
    if (!DcPropertyChange(Set, &Device, StateChange, DICS_FLAG_CONFIGSPECIFIC))
        return -1;
    return DcNeedsReboot(Set, &Device) ? 1 : 0;
}

static int DcControl(int argc, PWSTR *argv, const DC_CONTROL *c)
{
    DC_LIST List;
    if (!argc)
        return DC_EXIT_USAGE;
    int Result = DcSelectDevices(argc, argv, FALSE, &List);
    if (Result != DC_EXIT_OK)
        return Result;
    HDEVINFO Set = SetupDiCreateDeviceInfoList(NULL, NULL);
    ULONG Count = 0;
    BOOL Reboot = FALSE;
    for (ULONG i = 0; i < List.Count; i++) {
        const DC_DEVICE *d = &List.Items[i];
        int Done = d->Present && Set != INVALID_HANDLE_VALUE ? DcAct(Set, d, c->StateChange) : -1;
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
    if (Set != INVALID_HANDLE_VALUE)
        SetupDiDestroyDeviceInfoList(Set);
    DcFreeList(&List);
    return Result;
}

int DcEnable(int argc, PWSTR *argv)
{
    static const DC_CONTROL c = {
        L"Enabled", L"Enabled on reboot", L"Enable failed", DICS_ENABLE, "%lu device(s) are enabled.\n",
        "The %lu device(s) are ready to be enabled. To enable the devices, restart the devices or\n"
        "reboot the system .\n",
    };
    return DcControl(argc, argv, &c);
}

int DcDisable(int argc, PWSTR *argv)
{
    static const DC_CONTROL c = {
        L"Disabled", L"Disabled on reboot", L"Disable failed", DICS_DISABLE, "%lu device(s) disabled.\n",
        "The %lu device(s) are ready to be disabled. To disable the devices, restart the\n"
        "devices or reboot the system .\n",
    };
    return DcControl(argc, argv, &c);
}

int DcRestart(int argc, PWSTR *argv)
{
    static const DC_CONTROL c = {
        L"Restarted", L"Requires reboot", L"Restart failed", DICS_PROPCHANGE, "%lu device(s) restarted.\n",
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
