/*
 * setupapi/devstate.c - changing a device's state: SetupDiChangeState (the
 * default handler of DIF_PROPERTYCHANGE) and SetupDiRemoveDevice (of
 * DIF_REMOVE), over cfgmgr32's requests to the PnP manager.
 *
 * SetupDiChangeState acts on the element's SP_PROPCHANGE_PARAMS
 * (SetupDiSetClassInstallParams; without them ERROR_NO_CLASSINSTALL_PARAMS):
 *  - DICS_ENABLE: CM_Enable_DevNode, which clears CONFIGFLAG_DISABLED and
 *    starts the device (a device only in the registry is enabled for when
 *    it comes back);
 *  - DICS_DISABLE: CM_Disable_DevNode with CM_DISABLE_PERSIST, so that the
 *    device stays disabled in later processes (ntio's reboot); when an open
 *    handle vetoes it, CONFIGFLAG_DISABLED is written all the same and the
 *    element gets DI_NEEDREBOOT, as Windows asks for a restart;
 *  - DICS_PROPCHANGE: query-remove and start again (CM_Query_And_Remove_SubTree,
 *    CM_Setup_DevNode), so that changed properties (filters, parameters)
 *    take effect; a disabled device stays disabled; a veto: DI_NEEDREBOOT.
 * ntio keeps one hardware profile, the current one: DICS_FLAG_CONFIGSPECIFIC
 * with HwProfile 0 acts as DICS_FLAG_GLOBAL does, another profile is
 * ERROR_INVALID_HWPROFILE.  DICS_START and DICS_STOP need the per-profile
 * CSConfigFlags ntio's PnP manager does not keep: ERROR_CALL_NOT_IMPLEMENTED.
 *
 * SetupDiRemoveDevice: query-remove the device (a veto: DI_NEEDREBOOT, the
 * device runs until the next process), delete its software key
 * (Control\Class\<Driver>) and its instance key (Enum\<instance>), then let
 * the root enumerator drop a root device from the tree.  The element stays
 * in the set, its DevInst 0 and its device gone (ERROR_NO_SUCH_DEVINST
 * from then on).  An element never registered just loses its device.
 * Removal from one hardware profile (DI_REMOVEDEVICE_CONFIGSPECIFIC) is
 * ERROR_CALL_NOT_IMPLEMENTED.
 *
 * DI_DONOTCALLCONFIGMG in the element's parameters: the registry is
 * changed and the PnP manager is not asked; DI_NEEDREBOOT says the rest
 * waits for the next process.
 */
#include "devinfop.h"
#include "setupapip.h"

#include <stdlib.h>
#include <string.h>

/* What an element is, read under the set's lock. */
typedef struct _DIP_STATE {
    WCHAR Id[MAX_DEVICE_ID_LEN];
    DEVINST DevInst;
    BOOL Phantom, Removed, Direct; /* Direct: DI_DONOTCALLCONFIGMG */
} DIP_STATE;

static VOID DipReadState(PDI_SET Set, PDI_DEVICE Device, DIP_STATE *State)
{
    pthread_mutex_lock(&Set->Lock);
    memcpy(State->Id, Device->InstanceId, sizeof State->Id);
    State->DevInst = Device->DevInst;
    State->Phantom = Device->Phantom;
    State->Removed = Device->Removed;
    State->Direct = (Device->Install.Params.Flags & DI_DONOTCALLCONFIGMG) != 0;
    pthread_mutex_unlock(&Set->Lock);
}

/* ConfigFlags of the instance key with Set bits set and Clear bits cleared. */
static DWORD DipUpdateConfigFlags(PCWSTR Id, DWORD Set, DWORD Clear)
{
    HKEY Key;
    DWORD Flags = 0, Type, Bytes = sizeof Flags;
    DWORD Error = InfpOpenInstanceKey(Id, KEY_QUERY_VALUE | KEY_SET_VALUE, &Key);
    if (Error != ERROR_SUCCESS)
        return Error == ERROR_FILE_NOT_FOUND ? ERROR_NO_SUCH_DEVINST : Error;
    if (RegQueryValueExW(Key, L"ConfigFlags", NULL, &Type, (BYTE *)&Flags, &Bytes) ||
        Type != REG_DWORD)
        Flags = 0;
    Flags = (Flags | Set) & ~Clear;
    Error = RegSetValueExW(Key, L"ConfigFlags", 0, REG_DWORD, (const BYTE *)&Flags, sizeof Flags);
    RegCloseKey(Key);
    return Error;
}

/* Query-remove a device in the tree; *Vetoed when an open handle refused. */
static CONFIGRET DipQueryRemove(DEVINST DevInst, PBOOL Vetoed)
{
    PNP_VETO_TYPE VetoType;
    WCHAR Veto[MAX_PATH];
    CONFIGRET Cr = CM_Query_And_Remove_SubTreeW(DevInst, &VetoType, Veto, MAX_PATH,
                                                CM_REMOVE_NO_RESTART);
    *Vetoed = Cr == CR_REMOVE_VETOED;
    return *Vetoed ? CR_SUCCESS : Cr;
}

static BOOL DipIsPresent(DEVINST DevInst)
{
    ULONG Status, Problem;
    return CM_Get_DevNode_Status(&Status, &Problem, DevInst, 0) == CR_SUCCESS;
}

/* ---- SetupDiChangeState ------------------------------------------------------------------ */

/* One state change; *Reboot when it finishes with the next process. */
static DWORD DipChange(const DIP_STATE *State, DWORD StateChange, PBOOL Reboot)
{
    CONFIGRET Cr;
    BOOL Vetoed = FALSE;
    if (State->Direct) {
        /* The registry now, the device when the PnP manager next starts. */
        *Reboot = TRUE;
        if (StateChange == DICS_ENABLE)
            return DipUpdateConfigFlags(State->Id, 0, CONFIGFLAG_DISABLED);
        if (StateChange == DICS_DISABLE)
            return DipUpdateConfigFlags(State->Id, CONFIGFLAG_DISABLED, 0);
        return ERROR_SUCCESS;
    }
    switch (StateChange) {
    case DICS_ENABLE:
        Cr = CM_Enable_DevNode(State->DevInst, 0);
        /* Not present: its CONFIGFLAG_DISABLED is cleared for when it comes. */
        if (Cr == CR_NO_SUCH_DEVNODE) {
            HKEY Key;
            if (InfpOpenInstanceKey(State->Id, KEY_QUERY_VALUE, &Key) == ERROR_SUCCESS) {
                RegCloseKey(Key);
                Cr = CR_SUCCESS;
            }
        }
        return Cr == CR_SUCCESS ? ERROR_SUCCESS : DipErrorOfConfigRet(Cr);
    case DICS_DISABLE:
        Cr = CM_Disable_DevNode(State->DevInst, CM_DISABLE_PERSIST);
        if (Cr == CR_REMOVE_VETOED) {
            *Reboot = TRUE;
            return DipUpdateConfigFlags(State->Id, CONFIGFLAG_DISABLED, 0);
        }
        return Cr == CR_SUCCESS ? ERROR_SUCCESS : DipErrorOfConfigRet(Cr);
    case DICS_PROPCHANGE:
        Cr = DipQueryRemove(State->DevInst, &Vetoed);
        if (Cr == CR_SUCCESS && Vetoed) {
            *Reboot = TRUE;
            return ERROR_SUCCESS;
        }
        if (Cr == CR_SUCCESS)
            Cr = CM_Setup_DevNode(State->DevInst, CM_SETUP_DEVNODE_READY);
        return Cr == CR_SUCCESS ? ERROR_SUCCESS : DipErrorOfConfigRet(Cr);
    default: /* DICS_START, DICS_STOP */
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

WINSETUPAPI BOOL WINAPI SetupDiChangeState(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)
{
    PDI_SET Set;
    SP_PROPCHANGE_PARAMS Params;
    DIP_STATE State;
    BOOL Reboot = FALSE;
    PDI_DEVICE Device = DipElementOf(DeviceInfoSet, DeviceInfoData, &Set);
    if (!Device || !DipClassParams(Set, Device, DIF_PROPERTYCHANGE, &Params, sizeof Params))
        return FALSE;
    DipReadState(Set, Device, &State);
    if (State.Removed)
        return DipFail(ERROR_NO_SUCH_DEVINST);
    if (State.Phantom)
        return DipFail(ERROR_DEVINFO_NOT_REGISTERED);
    if (Params.Scope == DICS_FLAG_CONFIGSPECIFIC && Params.HwProfile != 0)
        return DipFail(ERROR_INVALID_HWPROFILE);
    DWORD Error = DipChange(&State, Params.StateChange, &Reboot);
    if (Error != ERROR_SUCCESS)
        return DipFail(Error);
    if (Reboot)
        DipNeedReboot(Set, Device);
    return DipSucceed();
}

/* ---- SetupDiRemoveDevice ----------------------------------------------------------------- */

/* Delete HKLM\Base\Sub and everything below it. */
static DWORD DipDeleteTree(PCWSTR Base, PCWSTR Sub)
{
    PWSTR Path = InfpFormat(L"%s\\%s", Base, Sub);
    DWORD Error = Path ? RegDeleteTreeW(HKEY_LOCAL_MACHINE, Path) : ERROR_NOT_ENOUGH_MEMORY;
    free(Path);
    return Error;
}

/* Delete the software key the instance's Driver value names, then the
 * instance key. */
static DWORD DipUninstall(PCWSTR Id)
{
    HKEY Key;
    DWORD Error = InfpOpenInstanceKey(Id, KEY_QUERY_VALUE, &Key);
    if (Error == ERROR_FILE_NOT_FOUND)
        return ERROR_SUCCESS; /* nothing left */
    if (Error != ERROR_SUCCESS)
        return Error;
    PWSTR Driver = InfpQueryString(Key, L"Driver");
    RegCloseKey(Key);
    if (Driver && Driver[0])
        Error = DipDeleteTree(INFP_CLASS_PATH, Driver);
    free(Driver);
    if (Error == ERROR_SUCCESS || Error == ERROR_FILE_NOT_FOUND)
        Error = DipDeleteTree(INFP_ENUM_PATH, Id);
    return Error == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : Error;
}

WINSETUPAPI BOOL WINAPI SetupDiRemoveDevice(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData)
{
    PDI_SET Set;
    SP_REMOVEDEVICE_PARAMS Params;
    DIP_STATE State;
    BOOL Reboot = FALSE;
    PDI_DEVICE Device = DipElementOf(DeviceInfoSet, DeviceInfoData, &Set);
    if (!Device)
        return FALSE;
    /* Without DIF_REMOVE parameters the removal is global, as on Windows. */
    if (DipClassParams(Set, Device, DIF_REMOVE, &Params, sizeof Params) &&
        Params.Scope != DI_REMOVEDEVICE_GLOBAL)
        return DipFail(ERROR_CALL_NOT_IMPLEMENTED);
    DipReadState(Set, Device, &State);
    if (State.Removed)
        return DipFail(ERROR_NO_SUCH_DEVINST);

    if (!State.Phantom) {
        DEVINST Parent = 0;
        BOOL Present = DipIsPresent(State.DevInst), Vetoed = FALSE;
        if (Present && State.Direct) {
            Reboot = TRUE;
        } else if (Present) {
            CM_Get_Parent(&Parent, State.DevInst, 0);
            CONFIGRET Cr = DipQueryRemove(State.DevInst, &Vetoed);
            if (Cr != CR_SUCCESS)
                return DipFail(DipErrorOfConfigRet(Cr));
            Reboot = Vetoed;
        }
        DWORD Error = DipUninstall(State.Id);
        if (Error != ERROR_SUCCESS)
            return DipFail(Error);
        /* Gone from the registry: the root enumerator no longer reports it,
         * so the device leaves the tree (a vetoed one keeps running). */
        if (Present && !State.Direct && !Vetoed && Parent && DipEnumeratorIs(State.Id, L"ROOT"))
            CM_Reenumerate_DevNode(Parent, CM_REENUMERATE_SYNCHRONOUS);
    }
    pthread_mutex_lock(&Set->Lock);
    Device->Removed = TRUE;
    Device->DevInst = 0;
    DipFreeValues(Device);
    pthread_mutex_unlock(&Set->Lock);
    DeviceInfoData->DevInst = 0;
    if (Reboot)
        DipNeedReboot(Set, Device);
    return DipSucceed();
}
