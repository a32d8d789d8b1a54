/*
 * setupapi/classinst.c - SetupDiCallClassInstaller: an installation request
 * (a DIF code) for a set or one of its elements.
 *
 * On Windows the request goes to the class's co-installers and class
 * installer (the Installer32 and CoInstallers32 values of its class key),
 * then, unless one of them handled it or DI_NODI_DEFAULTACTION is set, to
 * the request's default handler.  ntio loads no installer DLLs, so every
 * request goes to its default handler:
 *
 *   DIF_REGISTERDEVICE   SetupDiRegisterDeviceInfo (devcreate.c)
 *   DIF_REMOVE           SetupDiRemoveDevice (devstate.c)
 *   DIF_PROPERTYCHANGE   SetupDiChangeState (devstate.c)
 *
 * A request that has a default handler on Windows which ntio does not have
 * (DIF_INSTALLDEVICE, DIF_SELECTDEVICE, DIF_UNREMOVE ...) fails with
 * ERROR_CALL_NOT_IMPLEMENTED: nothing was done.  A request that has none
 * (DIF_ALLOW_INSTALL, DIF_NEWDEVICEWIZARD_*, DIF_ADDPROPERTYPAGE_* ...)
 * fails with ERROR_DI_DO_DEFAULT, as Windows answers when no installer
 * handles it - which callers take as "nothing to do".  So does any request
 * with DI_NODI_DEFAULTACTION set.
 */
#include "devinfop.h"

/* The requests Windows has a default handler for that ntio does not. */
static BOOL DipHasUnimplementedHandler(DI_FUNCTION Function)
{
    switch (Function) {
    case DIF_SELECTDEVICE:          /* SetupDiSelectDevice */
    case DIF_INSTALLDEVICE:         /* SetupDiInstallDevice */
    case DIF_MOVEDEVICE:            /* SetupDiMoveDuplicateDevice */
    case DIF_INSTALLDEVICEFILES:    /* SetupDiInstallDriverFiles */
    case DIF_UNREMOVE:              /* SetupDiUnremoveDevice */
    case DIF_SELECTBESTCOMPATDRV:   /* SetupDiSelectBestCompatDrv */
    case DIF_INSTALLINTERFACES:     /* SetupDiInstallDeviceInterfaces */
    case DIF_REGISTER_COINSTALLERS: /* SetupDiRegisterCoDeviceInstallers */
    case DIF_FINISHINSTALL_ACTION:  /* SetupDiFinishInstallAction */
        return TRUE;
    default:
        return FALSE;
    }
}

WINSETUPAPI BOOL WINAPI SetupDiCallClassInstaller(DI_FUNCTION InstallFunction,
                                                  HDEVINFO DeviceInfoSet,
                                                  PSP_DEVINFO_DATA DeviceInfoData)
{
    PDI_DEVICE Device = NULL;
    PDI_SET Set = DipSetFromHandle(DeviceInfoSet);
    if (!Set)
        return FALSE;
    if (DeviceInfoData && !(Device = DipFindDevice(Set, DeviceInfoData)))
        return FALSE;
    pthread_mutex_lock(&Set->Lock);
    DWORD Flags = (Device ? &Device->Install : &Set->Install)->Params.Flags;
    pthread_mutex_unlock(&Set->Lock);
    if (Flags & DI_NODI_DEFAULTACTION)
        return DipFail(ERROR_DI_DO_DEFAULT);

    switch (InstallFunction) {
    case DIF_REGISTERDEVICE:
        return SetupDiRegisterDeviceInfo(DeviceInfoSet, DeviceInfoData, 0, NULL, NULL, NULL);
    case DIF_REMOVE:
        return SetupDiRemoveDevice(DeviceInfoSet, DeviceInfoData);
    case DIF_PROPERTYCHANGE:
        return SetupDiChangeState(DeviceInfoSet, DeviceInfoData);
    default:
        return DipFail(DipHasUnimplementedHandler(InstallFunction) ? ERROR_CALL_NOT_IMPLEMENTED
                                                                   : ERROR_DI_DO_DEFAULT);
    }
}
