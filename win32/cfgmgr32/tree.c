/*
 * cfgmgr32/tree.c - walking the device tree: CM_Get_Parent, CM_Get_Child,
 * CM_Get_Sibling (children in the order their bus reported them) and
 * CM_Get_Depth (the root is 0).  The PnP manager answers with instance
 * paths, which become handles here.  No such relative (the root's parent,
 * a leaf's child, the last sibling) and a device not in the tree are both
 * CR_NO_SUCH_DEVNODE.
 */
#include "cfgmgrp.h"

static CONFIGRET CmpGetRelated(PDEVINST pdnDevInst, DEVINST dnDevInst, ULONG ulFlags,
                               ULONG Relation)
{
    CMP_PATH Path, Related;
    if (!pdnDevInst)
        return CR_INVALID_POINTER;
    *pdnDevInst = 0;
    if (ulFlags)
        return CR_INVALID_FLAG;
    CONFIGRET Result = CmpPathFromDevInst(dnDevInst, Path);
    if (Result != CR_SUCCESS)
        return Result;
    Result = CmpStatusToConfigRet(CmpQueryRelated(Path, Relation, Related));
    if (Result != CR_SUCCESS)
        return Result;
    return CmpDevInstFromPath(Related, pdnDevInst);
}

CMAPI CONFIGRET WINAPI CM_Get_Parent(PDEVINST pdnDevInst, DEVINST dnDevInst, ULONG ulFlags)
{
    return CmpGetRelated(pdnDevInst, dnDevInst, ulFlags, PNP_GET_PARENT_DEVICE);
}

CMAPI CONFIGRET WINAPI CM_Get_Child(PDEVINST pdnDevInst, DEVINST dnDevInst, ULONG ulFlags)
{
    return CmpGetRelated(pdnDevInst, dnDevInst, ulFlags, PNP_GET_CHILD_DEVICE);
}

CMAPI CONFIGRET WINAPI CM_Get_Sibling(PDEVINST pdnDevInst, DEVINST dnDevInst, ULONG ulFlags)
{
    return CmpGetRelated(pdnDevInst, dnDevInst, ulFlags, PNP_GET_SIBLING_DEVICE);
}

CMAPI CONFIGRET WINAPI CM_Get_Depth(PULONG pulDepth, DEVINST dnDevInst, ULONG ulFlags)
{
    CMP_PATH Path;
    PLUGPLAY_CONTROL_DEPTH_DATA Data;
    if (!pulDepth)
        return CR_INVALID_POINTER;
    *pulDepth = 0;
    if (ulFlags)
        return CR_INVALID_FLAG;
    CONFIGRET Result = CmpPathFromDevInst(dnDevInst, Path);
    if (Result != CR_SUCCESS)
        return Result;
    memset(&Data, 0, sizeof Data);
    CmpInitString(&Data.DeviceInstance, Path);
    Result = CmpStatusToConfigRet(
        NtPlugPlayControl(PlugPlayControlGetDeviceDepth, &Data, sizeof Data));
    if (Result == CR_SUCCESS)
        *pulDepth = Data.Depth;
    return Result;
}
