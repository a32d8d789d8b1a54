/*
 * setupapi/instparams.c - the parameters of installation requests:
 * SetupDiGetDeviceInstallParams, SetupDiSetDeviceInstallParams (the
 * SP_DEVINSTALL_PARAMS of a set or of one element) and
 * SetupDiSetClassInstallParams (the parameters of one DIF request, such as
 * SP_PROPCHANGE_PARAMS for DIF_PROPERTYCHANGE).
 *
 * The default handlers read them: SetupDiChangeState and
 * SetupDiRemoveDevice take their class install parameters from the
 * element (when DI_CLASSINSTALLPARAMS is set there), and report a state
 * change that needs a restart as DI_NEEDREBOOT in the element's Flags,
 * which a devcon-style caller reads back after SetupDiCallClassInstaller.
 *
 * As Windows, every parameter is checked before anything changes: a
 * structure whose cbSize is not its size is ERROR_INVALID_USER_BUFFER;
 * SP_PROPCHANGE_PARAMS and SP_REMOVEDEVICE_PARAMS must have their exact
 * size (ERROR_INVALID_PARAMETER) and valid state changes and scopes
 * (ERROR_INVALID_FLAGS).  The flags only SetupAPI sets (DI_DIDCOMPAT,
 * DI_DIDCLASS, DI_MULTMFGS) keep their value whatever the caller passes.
 */
#include "devinfop.h"
#include "rtl/nls.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The two forms differ only in their driver path. */
_Static_assert(offsetof(SP_DEVINSTALL_PARAMS_A, DriverPath) ==
                   offsetof(SP_DEVINSTALL_PARAMS_W, DriverPath),
               "SP_DEVINSTALL_PARAMS A and W lay out alike");

#define DIP_READONLY_FLAGS (DI_DIDCOMPAT | DI_DIDCLASS | DI_MULTMFGS)

VOID DipInitInstall(PDI_INSTALL Install)
{
    memset(Install, 0, sizeof *Install);
    Install->Params.cbSize = sizeof Install->Params;
}

VOID DipFreeInstall(PDI_INSTALL Install)
{
    free(Install->Class);
    Install->Class = NULL;
    Install->ClassBytes = 0;
}

/* The parameters of Device, or of Set when Device is NULL. */
static PDI_INSTALL DipInstallOf(PDI_SET Set, PDI_DEVICE Device)
{
    return Device ? &Device->Install : &Set->Install;
}

BOOL DipClassParams(PDI_SET Set, PDI_DEVICE Device, DI_FUNCTION Function, PVOID Params,
                    DWORD Bytes)
{
    BOOL Found = FALSE;
    pthread_mutex_lock(&Set->Lock);
    PDI_INSTALL Install = DipInstallOf(Set, Device);
    if ((Install->Params.Flags & DI_CLASSINSTALLPARAMS) && Install->Class &&
        Install->Class->InstallFunction == Function && Install->ClassBytes == Bytes) {
        memcpy(Params, Install->Class, Bytes);
        Found = TRUE;
    }
    pthread_mutex_unlock(&Set->Lock);
    return Found ? TRUE : DipFail(ERROR_NO_CLASSINSTALL_PARAMS);
}

VOID DipNeedReboot(PDI_SET Set, PDI_DEVICE Device)
{
    pthread_mutex_lock(&Set->Lock);
    DipInstallOf(Set, Device)->Params.Flags |= DI_NEEDREBOOT;
    pthread_mutex_unlock(&Set->Lock);
}

/* The set and the element (NULL: the set itself) a call names. */
static BOOL DipTarget(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData, PDI_SET *Set,
                      PDI_DEVICE *Device)
{
    *Device = NULL;
    if (!(*Set = DipSetFromHandle(DeviceInfoSet)))
        return FALSE;
    return !DeviceInfoData || (*Device = DipFindDevice(*Set, DeviceInfoData)) != NULL;
}

/* ---- SP_DEVINSTALL_PARAMS ------------------------------------------------------------------ */

/* Get (Params filled) or set (Params read) the parameters; Params' cbSize
 * has been checked by the caller, the W and A forms' common part. */
static BOOL DipDeviceInstallParams(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
                                   PSP_DEVINSTALL_PARAMS_W Params, BOOL Set)
{
    PDI_SET DiSet;
    PDI_DEVICE Device;
    if (!DipTarget(DeviceInfoSet, DeviceInfoData, &DiSet, &Device))
        return FALSE;
    if (Set) {
        SIZE_T n = 0;
        while (n < MAX_PATH && Params->DriverPath[n])
            n++;
        if (n == MAX_PATH) /* not terminated */
            return DipFail(ERROR_INVALID_PARAMETER);
    }
    pthread_mutex_lock(&DiSet->Lock);
    PDI_INSTALL Install = DipInstallOf(DiSet, Device);
    if (Set) {
        DWORD Kept = Install->Params.Flags & DIP_READONLY_FLAGS;
        Install->Params = *Params;
        Install->Params.cbSize = sizeof Install->Params;
        Install->Params.Flags = (Params->Flags & ~DIP_READONLY_FLAGS) | Kept;
    } else {
        *Params = Install->Params;
    }
    pthread_mutex_unlock(&DiSet->Lock);
    return DipSucceed();
}

/* The first checks of the four functions: the set, then a structure
 * (NULL: ERROR_INVALID_PARAMETER) whose cbSize is Size. */
static BOOL DipCheckParams(HDEVINFO DeviceInfoSet, const DWORD *CbSize, DWORD Size)
{
    if (!DipSetFromHandle(DeviceInfoSet))
        return FALSE;
    if (!CbSize)
        return DipFail(ERROR_INVALID_PARAMETER);
    return *CbSize == Size ? TRUE : DipFail(ERROR_INVALID_USER_BUFFER);
}

WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInstallParamsW(HDEVINFO DeviceInfoSet,
                                                       PSP_DEVINFO_DATA DeviceInfoData,
                                                       PSP_DEVINSTALL_PARAMS_W DeviceInstallParams)
{
    return DipCheckParams(DeviceInfoSet, DeviceInstallParams ? &DeviceInstallParams->cbSize : NULL,
                          sizeof *DeviceInstallParams) &&
           DipDeviceInstallParams(DeviceInfoSet, DeviceInfoData, DeviceInstallParams, FALSE);
}

WINSETUPAPI BOOL WINAPI SetupDiSetDeviceInstallParamsW(HDEVINFO DeviceInfoSet,
                                                       PSP_DEVINFO_DATA DeviceInfoData,
                                                       PSP_DEVINSTALL_PARAMS_W DeviceInstallParams)
{
    return DipCheckParams(DeviceInfoSet, DeviceInstallParams ? &DeviceInstallParams->cbSize : NULL,
                          sizeof *DeviceInstallParams) &&
           DipDeviceInstallParams(DeviceInfoSet, DeviceInfoData, DeviceInstallParams, TRUE);
}

/* The A form's structure in W form and back: the members before the
 * driver path are laid out alike in both, the path is UTF-8 in A. */
static VOID DipParamsToWide(const SP_DEVINSTALL_PARAMS_A *A, PSP_DEVINSTALL_PARAMS_W W)
{
    memset(W, 0, sizeof *W);
    memcpy(W, A, offsetof(SP_DEVINSTALL_PARAMS_A, DriverPath));
    W->cbSize = sizeof *W;
    SIZE_T Chars = RtlpUtf8ToUtf16(W->DriverPath, MAX_PATH - 1, A->DriverPath,
                                   strnlen(A->DriverPath, MAX_PATH - 1));
    W->DriverPath[Chars < MAX_PATH - 1 ? Chars : MAX_PATH - 1] = 0;
}

static VOID DipParamsToAnsi(const SP_DEVINSTALL_PARAMS_W *W, PSP_DEVINSTALL_PARAMS_A A)
{
    memcpy(A, W, offsetof(SP_DEVINSTALL_PARAMS_A, DriverPath));
    A->cbSize = sizeof *A;
    SIZE_T Chars = RtlpWcslen(W->DriverPath);
    /* Whole characters only: a path that does not fit in UTF-8 is cut
     * where a character ends. */
    while (DipToUtf8(W->DriverPath, Chars, NULL, 0) > MAX_PATH - 1)
        Chars--;
    DWORD Bytes = DipToUtf8(W->DriverPath, Chars, A->DriverPath, MAX_PATH - 1);
    A->DriverPath[Bytes] = 0;
}

WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInstallParamsA(HDEVINFO DeviceInfoSet,
                                                       PSP_DEVINFO_DATA DeviceInfoData,
                                                       PSP_DEVINSTALL_PARAMS_A DeviceInstallParams)
{
    SP_DEVINSTALL_PARAMS_W W;
    if (!DipCheckParams(DeviceInfoSet, DeviceInstallParams ? &DeviceInstallParams->cbSize : NULL,
                        sizeof *DeviceInstallParams))
        return FALSE;
    W.cbSize = sizeof W;
    if (!SetupDiGetDeviceInstallParamsW(DeviceInfoSet, DeviceInfoData, &W))
        return FALSE;
    DipParamsToAnsi(&W, DeviceInstallParams);
    return DipSucceed();
}

WINSETUPAPI BOOL WINAPI SetupDiSetDeviceInstallParamsA(HDEVINFO DeviceInfoSet,
                                                       PSP_DEVINFO_DATA DeviceInfoData,
                                                       PSP_DEVINSTALL_PARAMS_A DeviceInstallParams)
{
    SP_DEVINSTALL_PARAMS_W W;
    if (!DipCheckParams(DeviceInfoSet, DeviceInstallParams ? &DeviceInstallParams->cbSize : NULL,
                        sizeof *DeviceInstallParams))
        return FALSE;
    if (strnlen(DeviceInstallParams->DriverPath, MAX_PATH) == MAX_PATH) /* not terminated */
        return DipFail(ERROR_INVALID_PARAMETER);
    DipParamsToWide(DeviceInstallParams, &W);
    return SetupDiSetDeviceInstallParamsW(DeviceInfoSet, DeviceInfoData, &W);
}

/* ---- class install parameters ------------------------------------------------------------ */

/* The checks Windows makes of the parameter structures it knows. */
static DWORD DipCheckClassParams(const SP_CLASSINSTALL_HEADER *Header, DWORD Bytes)
{
    switch (Header->InstallFunction) {
    case DIF_PROPERTYCHANGE: {
        const SP_PROPCHANGE_PARAMS *p = (const SP_PROPCHANGE_PARAMS *)Header;
        if (Bytes != sizeof *p)
            return ERROR_INVALID_PARAMETER;
        if (p->StateChange < DICS_ENABLE || p->StateChange > DICS_STOP)
            return ERROR_INVALID_FLAGS;
        if (p->Scope != DICS_FLAG_GLOBAL && p->Scope != DICS_FLAG_CONFIGSPECIFIC)
            return ERROR_INVALID_FLAGS;
        /* Starting and stopping are per hardware profile only. */
        if ((p->StateChange == DICS_START || p->StateChange == DICS_STOP) &&
            p->Scope != DICS_FLAG_CONFIGSPECIFIC)
            return ERROR_INVALID_FLAGS;
        return ERROR_SUCCESS;
    }
    case DIF_REMOVE: {
        const SP_REMOVEDEVICE_PARAMS *p = (const SP_REMOVEDEVICE_PARAMS *)Header;
        if (Bytes != sizeof *p)
            return ERROR_INVALID_PARAMETER;
        if (p->Scope != DI_REMOVEDEVICE_GLOBAL && p->Scope != DI_REMOVEDEVICE_CONFIGSPECIFIC)
            return ERROR_INVALID_FLAGS;
        return ERROR_SUCCESS;
    }
    default:
        return ERROR_SUCCESS;
    }
}

WINSETUPAPI BOOL WINAPI SetupDiSetClassInstallParamsW(HDEVINFO DeviceInfoSet,
                                                      PSP_DEVINFO_DATA DeviceInfoData,
                                                      PSP_CLASSINSTALL_HEADER ClassInstallParams,
                                                      DWORD ClassInstallParamsSize)
{
    PDI_SET Set;
    PDI_DEVICE Device;
    PSP_CLASSINSTALL_HEADER Copy = NULL;
    if (!DipTarget(DeviceInfoSet, DeviceInfoData, &Set, &Device))
        return FALSE;
    if (!ClassInstallParams && ClassInstallParamsSize)
        return DipFail(ERROR_INVALID_PARAMETER);
    if (ClassInstallParams) {
        if (ClassInstallParamsSize < sizeof *ClassInstallParams ||
            ClassInstallParams->cbSize != sizeof *ClassInstallParams)
            return DipFail(ERROR_INVALID_USER_BUFFER);
        DWORD Error = DipCheckClassParams(ClassInstallParams, ClassInstallParamsSize);
        if (Error != ERROR_SUCCESS)
            return DipFail(Error);
        if (!(Copy = malloc(ClassInstallParamsSize)))
            return DipFail(ERROR_NOT_ENOUGH_MEMORY);
        memcpy(Copy, ClassInstallParams, ClassInstallParamsSize);
    }
    pthread_mutex_lock(&Set->Lock);
    PDI_INSTALL Install = DipInstallOf(Set, Device);
    DipFreeInstall(Install);
    Install->Class = Copy;
    Install->ClassBytes = Copy ? ClassInstallParamsSize : 0;
    if (Copy)
        Install->Params.Flags |= DI_CLASSINSTALLPARAMS;
    else
        Install->Params.Flags &= ~DI_CLASSINSTALLPARAMS;
    pthread_mutex_unlock(&Set->Lock);
    return DipSucceed();
}

WINSETUPAPI BOOL WINAPI SetupDiSetClassInstallParamsA(HDEVINFO DeviceInfoSet,
                                                      PSP_DEVINFO_DATA DeviceInfoData,
                                                      PSP_CLASSINSTALL_HEADER ClassInstallParams,
                                                      DWORD ClassInstallParamsSize)
{
    /* The structures ntio's default handlers read (DIF_PROPERTYCHANGE's,
     * DIF_REMOVE's) hold no strings, so they are the same in both forms;
     * the others are kept as given, for the class installers ntio does
     * not load. */
    return SetupDiSetClassInstallParamsW(DeviceInfoSet, DeviceInfoData, ClassInstallParams,
                                         ClassInstallParamsSize);
}
