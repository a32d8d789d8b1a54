/*
 * cfgmgr32/status.c - CM_Get_DevNode_Status: the DN_* status flags and the
 * CM_PROB_* problem code of a device in the tree, as the PnP manager keeps
 * them.  A device that is only in the registry (a phantom located with
 * CM_LOCATE_DEVNODE_PHANTOM) has no status: CR_NO_SUCH_DEVINST.
 */
#include "cfgmgrp.h"

CMAPI CONFIGRET WINAPI CM_Get_DevNode_Status(PULONG pulStatus, PULONG pulProblemNumber,
                                             DEVINST dnDevInst, ULONG ulFlags)
{
    CMP_PATH Path;
    ULONG DnStatus, Problem;
    if (!pulStatus || !pulProblemNumber)
        return CR_INVALID_POINTER;
    *pulStatus = 0;
    *pulProblemNumber = 0;
    if (ulFlags)
        return CR_INVALID_FLAG;
    CONFIGRET Result = CmpPathFromDevInst(dnDevInst, Path);
    if (Result != CR_SUCCESS)
        return Result;
    Result = CmpStatusToConfigRet(CmpQueryStatus(Path, &DnStatus, &Problem));
    if (Result == CR_SUCCESS) {
        *pulStatus = DnStatus;
        *pulProblemNumber = Problem;
    }
    return Result;
}
