/*
 * cfgmgr32/remove.c - changing the device tree: CM_Query_And_Remove_SubTree,
 * CM_Request_Device_Eject, CM_Disable_DevNode, CM_Enable_DevNode, CM_Setup_DevNode and
 * CM_Reenumerate_DevNode, each one request to the PnP manager, which
 * carries it out before it answers (so CM_REENUMERATE_ASYNCHRONOUS is
 * complete on return too).
 *
 * A removed device stays in the tree, without drivers, until it is started
 * again (CM_Setup_DevNode) or its bus no longer reports it; a parent's
 * re-enumeration does not restart it (every removal behaves as with
 * CM_REMOVE_NO_RESTART).  Disabling is a removal that leaves the device
 * with CM_PROB_DISABLED, which only CM_Enable_DevNode clears; with
 * CM_DISABLE_PERSIST it stays recorded as CONFIGFLAG_DISABLED in the
 * instance's ConfigFlags, and the device comes back disabled the next
 * time the PnP manager starts (ntio's reboot: the next process).
 *
 * Starting a device whose driver then fails (START fails, AddDevice fails,
 * nothing installed) is a request carried out: CR_SUCCESS, and the device
 * shows the problem code CM_Get_DevNode_Status reports.
 */
#include "cfgmgrp.h"

/* The CONFIGRET of a request to start Path. */
static CONFIGRET CmpStartResult(PCWSTR Path, NTSTATUS Status)
{
    ULONG DnStatus, Problem;
    if (NT_SUCCESS(Status))
        return CR_SUCCESS;
    if (Status != STATUS_NO_SUCH_DEVICE && NT_SUCCESS(CmpQueryStatus(Path, &DnStatus, &Problem)) &&
        (DnStatus & DN_HAS_PROBLEM))
        return CR_SUCCESS;
    return CmpStatusToConfigRet(Status);
}

/* Disable Path (in the tree): query-remove, remove, CM_PROB_DISABLED.  The
 * PnP manager records every disable in ConfigFlags; one that is not to
 * persist lasts only until the PnP manager starts again (ntio's reboot:
 * the next process), so the flag is put back as it was. */
static CONFIGRET CmpDisable(PCWSTR Path, BOOL Persist, PULONG VetoType, WCHAR Veto[MAX_PATH])
{
    DWORD Old = 0;
    CONFIGRET Result = CmpUpdateConfigFlags(Path, 0, 0, &Old);
    if (Result != CR_SUCCESS && Result != CR_NO_SUCH_DEVNODE)
        return Result;
    Result = CmpStatusToConfigRet(
        CmpRemoveDevice(PlugPlayControlDisableDevice, Path, VetoType, Veto));
    if (Result != CR_SUCCESS)
        return Result;
    if (Persist)
        Result = CmpUpdateConfigFlags(Path, CONFIGFLAG_DISABLED, 0, NULL);
    else if (!(Old & CONFIGFLAG_DISABLED))
        Result = CmpUpdateConfigFlags(Path, 0, CONFIGFLAG_DISABLED, NULL);
    return Result == CR_NO_SUCH_DEVNODE ? CR_SUCCESS : Result; /* no instance key */
}

/* ---- CM_Query_And_Remove_SubTree ------------------------------------------------------ */

/* The work of both forms: the veto (if any) in VetoType/Veto. */
static CONFIGRET CmpQueryAndRemove(DEVINST dnAncestor, ULONG ulFlags, PULONG VetoType,
                                   WCHAR Veto[MAX_PATH])
{
    CMP_PATH Path;
    *VetoType = PNP_VetoTypeUnknown;
    Veto[0] = 0;
    if (ulFlags & ~CM_REMOVE_BITS)
        return CR_INVALID_FLAG;
    CONFIGRET Result = CmpPathFromDevInst(dnAncestor, Path);
    if (Result != CR_SUCCESS)
        return Result;
    if (dnAncestor == CMP_ROOT_DEVINST)
        return CR_INVALID_DEVNODE; /* the root cannot be removed */
    /* CM_REMOVE_UI_OK/UI_NOT_OK: no user interface either way.
     * CM_REMOVE_NO_RESTART: what every removal does here (see above). */
    if (ulFlags & CM_REMOVE_DISABLE)
        return CmpDisable(Path, FALSE, VetoType, Veto);
    return CmpStatusToConfigRet(
        CmpRemoveDevice(PlugPlayControlQueryAndRemoveDevice, Path, VetoType, Veto));
}

/* An operation that a veto can refuse: its veto type and name (the device
 * or driver that vetoed) in VetoType/Veto. */
typedef CONFIGRET (*CMP_VETOED_OPERATION)(DEVINST dnDevInst, ULONG ulFlags, PULONG VetoType,
                                          WCHAR Veto[MAX_PATH]);

/* The W forms: the veto copied out as far as it fits. */
static CONFIGRET CmpVetoedW(CMP_VETOED_OPERATION Operation, DEVINST dnDevInst,
                            PPNP_VETO_TYPE pVetoType, LPWSTR pszVetoName, ULONG ulNameLength,
                            ULONG ulFlags)
{
    WCHAR Veto[MAX_PATH];
    ULONG VetoType;
    if (!pszVetoName && ulNameLength)
        return CR_INVALID_POINTER;
    CONFIGRET Result = Operation(dnDevInst, ulFlags, &VetoType, Veto);
    if (pVetoType)
        *pVetoType = (PNP_VETO_TYPE)VetoType;
    if (pszVetoName && ulNameLength) {
        ULONG Chars = (ULONG)RtlpWcslen(Veto);
        if (Chars >= ulNameLength)
            Chars = ulNameLength - 1;
        memcpy(pszVetoName, Veto, Chars * sizeof(WCHAR));
        pszVetoName[Chars] = 0;
    }
    return Result;
}

/* The A forms: the same, the name converted. */
static CONFIGRET CmpVetoedA(CMP_VETOED_OPERATION Operation, DEVINST dnDevInst,
                            PPNP_VETO_TYPE pVetoType, LPSTR pszVetoName, ULONG ulNameLength,
                            ULONG ulFlags)
{
    WCHAR Veto[MAX_PATH];
    ULONG VetoType, Bytes;
    if (!pszVetoName && ulNameLength)
        return CR_INVALID_POINTER;
    CONFIGRET Result = Operation(dnDevInst, ulFlags, &VetoType, Veto);
    if (pVetoType)
        *pVetoType = (PNP_VETO_TYPE)VetoType;
    if (pszVetoName && ulNameLength) {
        PSTR Ansi = CmpWideToAnsi(Veto, RtlpWcslen(Veto), &Bytes);
        if (!Ansi) {
            pszVetoName[0] = 0;
            return Result == CR_SUCCESS ? CR_OUT_OF_MEMORY : Result;
        }
        if (Bytes >= ulNameLength)
            Bytes = ulNameLength - 1;
        /* Not in the middle of a character. */
        while (Bytes && ((unsigned char)Ansi[Bytes] & 0xC0) == 0x80)
            Bytes--;
        memcpy(pszVetoName, Ansi, Bytes);
        pszVetoName[Bytes] = 0;
        free(Ansi);
    }
    return Result;
}

CMAPI CONFIGRET WINAPI CM_Query_And_Remove_SubTreeW(DEVINST dnAncestor, PPNP_VETO_TYPE pVetoType,
                                                    LPWSTR pszVetoName, ULONG ulNameLength,
                                                    ULONG ulFlags)
{
    return CmpVetoedW(CmpQueryAndRemove, dnAncestor, pVetoType, pszVetoName, ulNameLength, ulFlags);
}

CMAPI CONFIGRET WINAPI CM_Query_And_Remove_SubTreeA(DEVINST dnAncestor, PPNP_VETO_TYPE pVetoType,
                                                    LPSTR pszVetoName, ULONG ulNameLength,
                                                    ULONG ulFlags)
{
    return CmpVetoedA(CmpQueryAndRemove, dnAncestor, pVetoType, pszVetoName, ulNameLength, ulFlags);
}

/* ---- CM_Request_Device_Eject -------------------------------------------------------------- */

/* The device and the devices related to it are query-removed and removed;
 * one that can be ejected gets IRP_MN_EJECT from its bus driver, and any
 * stays with CM_PROB_HELD_FOR_EJECT until its bus no longer reports it. */
static CONFIGRET CmpEject(DEVINST dnDevInst, ULONG ulFlags, PULONG VetoType, WCHAR Veto[MAX_PATH])
{
    CMP_PATH Path;
    *VetoType = PNP_VetoTypeUnknown;
    Veto[0] = 0;
    if (ulFlags)
        return CR_INVALID_FLAG;
    CONFIGRET Result = CmpPathFromDevInst(dnDevInst, Path);
    if (Result != CR_SUCCESS)
        return Result;
    if (dnDevInst == CMP_ROOT_DEVINST)
        return CR_INVALID_DEVNODE;
    return CmpStatusToConfigRet(CmpRemoveDevice(PlugPlayControlRequestEject, Path, VetoType, Veto));
}

CMAPI CONFIGRET WINAPI CM_Request_Device_EjectW(DEVINST dnDevInst, PPNP_VETO_TYPE pVetoType,
                                                LPWSTR pszVetoName, ULONG ulNameLength,
                                                ULONG ulFlags)
{
    return CmpVetoedW(CmpEject, dnDevInst, pVetoType, pszVetoName, ulNameLength, ulFlags);
}

CMAPI CONFIGRET WINAPI CM_Request_Device_EjectA(DEVINST dnDevInst, PPNP_VETO_TYPE pVetoType,
                                                LPSTR pszVetoName, ULONG ulNameLength,
                                                ULONG ulFlags)
{
    return CmpVetoedA(CmpEject, dnDevInst, pVetoType, pszVetoName, ulNameLength, ulFlags);
}

/* ---- CM_Disable_DevNode, CM_Enable_DevNode ---------------------------------------------- */

CMAPI CONFIGRET WINAPI CM_Disable_DevNode(DEVINST dnDevInst, ULONG ulFlags)
{
    CMP_PATH Path;
    WCHAR Veto[MAX_PATH];
    ULONG VetoType, DnStatus, Problem;
    if (ulFlags & ~CM_DISABLE_BITS)
        return CR_INVALID_FLAG;
    CONFIGRET Result = CmpPathFromDevInst(dnDevInst, Path);
    if (Result != CR_SUCCESS)
        return Result;
    if (dnDevInst == CMP_ROOT_DEVINST)
        return CR_INVALID_DEVNODE;
    NTSTATUS Status = CmpQueryStatus(Path, &DnStatus, &Problem);
    if (Status == STATUS_NO_SUCH_DEVICE) {
        /* Only in the registry: it can still be disabled for next time. */
        if (!(ulFlags & CM_DISABLE_PERSIST))
            return CR_NO_SUCH_DEVNODE;
        return CmpUpdateConfigFlags(Path, CONFIGFLAG_DISABLED, 0, NULL);
    }
    if (!NT_SUCCESS(Status))
        return CmpStatusToConfigRet(Status);
    if (!(DnStatus & DN_DISABLEABLE))
        return CR_NOT_DISABLEABLE;
    /* CM_DISABLE_UI_NOT_OK: there is no user interface to suppress. */
    return CmpDisable(Path, (ulFlags & CM_DISABLE_PERSIST) != 0, &VetoType, Veto);
}

CMAPI CONFIGRET WINAPI CM_Enable_DevNode(DEVINST dnDevInst, ULONG ulFlags)
{
    CMP_PATH Path;
    ULONG DnStatus, Problem;
    if (ulFlags)
        return CR_INVALID_FLAG;
    CONFIGRET Result = CmpPathFromDevInst(dnDevInst, Path);
    if (Result != CR_SUCCESS)
        return Result;
    /* A persistent disable goes first, so that the device does not come
     * back disabled; a device without an instance key has none. */
    Result = CmpUpdateConfigFlags(Path, 0, CONFIGFLAG_DISABLED, NULL);
    if (Result != CR_SUCCESS && Result != CR_NO_SUCH_DEVNODE)
        return Result;
    NTSTATUS Status = CmpQueryStatus(Path, &DnStatus, &Problem);
    if (!NT_SUCCESS(Status))
        return CmpStatusToConfigRet(Status);
    if ((DnStatus & DN_STARTED) && !(DnStatus & DN_HAS_PROBLEM))
        return CR_SUCCESS;
    return CmpStartResult(Path, CmpDeviceAction(PlugPlayControlStartDevice, Path));
}

/* ---- CM_Setup_DevNode, CM_Reenumerate_DevNode ------------------------------------------ */

/* TRUE for an instance path the root enumerator owns (ROOT\...). */
static BOOL CmpIsRootEnumerated(PCWSTR Path)
{
    static const WCHAR Root[] = L"ROOT\\";
    for (ULONG i = 0; Root[i]; i++) {
        WCHAR c = Path[i];
        if (c >= L'a' && c <= L'z')
            c -= 32;
        if (c != Root[i])
            return FALSE;
    }
    return TRUE;
}

/* CM_SETUP_DEVNODE_READY: start a device that is not running because of a
 * problem.  One that runs is left alone, and so is a disabled one (only
 * CM_Enable_DevNode enables it).  A root-enumerated device written to the
 * registry but not yet in the tree (a phantom) is registered with the PnP
 * manager, which brings it into the tree and starts it - as Windows'
 * CM_Setup_DevNode starts a device instance just created. */
CMAPI CONFIGRET WINAPI CM_Setup_DevNode(DEVINST dnDevInst, ULONG ulFlags)
{
    CMP_PATH Path;
    ULONG DnStatus, Problem;
    HKEY Key;
    if (ulFlags & ~CM_SETUP_BITS)
        return CR_INVALID_FLAG;
    CONFIGRET Result = CmpPathFromDevInst(dnDevInst, Path);
    if (Result != CR_SUCCESS)
        return Result;
    if ((ulFlags & CM_SETUP_BITS) != CM_SETUP_DEVNODE_READY)
        return CR_CALL_NOT_IMPLEMENTED; /* the reset and configuration actions */
    NTSTATUS Status = CmpQueryStatus(Path, &DnStatus, &Problem);
    if (Status == STATUS_NO_SUCH_DEVICE) {
        if (!CmpIsRootEnumerated(Path) ||
            CmpOpenInstanceKey(Path, KEY_QUERY_VALUE, &Key) != ERROR_SUCCESS)
            return CR_NO_SUCH_DEVNODE;
        RegCloseKey(Key);
        return CmpStartResult(Path, CmpDeviceAction(PlugPlayControlRegisterNewDevice, Path));
    }
    if (!NT_SUCCESS(Status))
        return CmpStatusToConfigRet(Status);
    BOOL Running = (DnStatus & DN_STARTED) && !(DnStatus & DN_HAS_PROBLEM);
    BOOL Disabled = (DnStatus & DN_HAS_PROBLEM) && Problem == CM_PROB_DISABLED;
    if (Running || Disabled)
        return CR_SUCCESS;
    return CmpStartResult(Path, CmpDeviceAction(PlugPlayControlStartDevice, Path));
}

/* Problems a new installation can cure. */
static BOOL CmpNeedsInstallation(ULONG Problem)
{
    return Problem == CM_PROB_NOT_CONFIGURED || Problem == CM_PROB_FAILED_INSTALL ||
           Problem == CM_PROB_REINSTALL;
}

/* Ask the bus for its children again: new ones come into the tree and
 * start, gone ones leave it.  Enumerating the root finds the devices
 * written under Enum\ROOT since.  CM_REENUMERATE_RETRY_INSTALLATION also
 * tries again to start the children that had nothing installed. */
CMAPI CONFIGRET WINAPI CM_Reenumerate_DevNode(DEVINST dnDevInst, ULONG ulFlags)
{
    CMP_PATH Path, Child;
    ULONG DnStatus, Problem;
    if (ulFlags & ~CM_REENUMERATE_BITS)
        return CR_INVALID_FLAG;
    CONFIGRET Result = CmpPathFromDevInst(dnDevInst, Path);
    if (Result != CR_SUCCESS)
        return Result;
    Result = CmpStatusToConfigRet(CmpDeviceAction(PlugPlayControlEnumerateDevice, Path));
    if (Result != CR_SUCCESS || !(ulFlags & CM_REENUMERATE_RETRY_INSTALLATION))
        return Result;
    for (NTSTATUS Status = CmpQueryRelated(Path, PNP_GET_CHILD_DEVICE, Child); NT_SUCCESS(Status);
         Status = CmpQueryRelated(Child, PNP_GET_SIBLING_DEVICE, Child)) {
        if (NT_SUCCESS(CmpQueryStatus(Child, &DnStatus, &Problem)) &&
            (DnStatus & DN_HAS_PROBLEM) && CmpNeedsInstallation(Problem))
            CmpDeviceAction(PlugPlayControlStartDevice, Child);
    }
    return CR_SUCCESS;
}
