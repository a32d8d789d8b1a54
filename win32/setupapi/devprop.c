/*
 * setupapi/devprop.c - what a device information element says about its
 * device: SetupDiGetDeviceRegistryProperty and SetupDiGetDeviceInstanceId.
 *
 * The registry properties are cfgmgr32's (CM_Get_DevNode_Registry_Property,
 * docs/cfgmgr32.md): SPDRP_x is CM_DRP_x - 1, the value of the instance key
 * with the type it was stored with; the A form gives strings in UTF-8 and
 * sizes in UTF-8 bytes.  Windows' errors: a property never written (or one
 * ntio does not keep, such as the PDO name) is ERROR_INVALID_DATA; a
 * property number past SPDRP_MAXIMUM_PROPERTY is ERROR_INVALID_REG_PROPERTY;
 * a buffer too small, or none with size 0, is ERROR_INSUFFICIENT_BUFFER
 * with *RequiredSize (and *PropertyRegDataType) set and nothing written.
 *
 * The instance ID is returned by the same protocol, in characters (bytes
 * for the A form), the NUL included.
 */
#include "devinfop.h"
#include "rtl/nls.h"

#include <stdlib.h>
#include <string.h>

static BOOL DipGetRegistryProperty(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
                                   DWORD Property, PDWORD PropertyRegDataType,
                                   PBYTE PropertyBuffer, DWORD PropertyBufferSize,
                                   PDWORD RequiredSize, BOOL Ansi)
{
    PDI_DEVICE Device;
    PDI_SET Set = DipSetFromHandle(DeviceInfoSet);
    if (!Set)
        return FALSE;
    if (!(Device = DipFindDevice(Set, DeviceInfoData)))
        return FALSE;
    if (Property >= SPDRP_MAXIMUM_PROPERTY)
        return DipFail(ERROR_INVALID_REG_PROPERTY);
    if (!PropertyBuffer && PropertyBufferSize)
        return DipFail(ERROR_INVALID_USER_BUFFER);

    ULONG Type = REG_NONE, Length = PropertyBufferSize;
    CONFIGRET Cr = Ansi ? CM_Get_DevNode_Registry_PropertyA(Device->DevInst, Property + 1, &Type,
                                                            PropertyBuffer, &Length, 0)
                        : CM_Get_DevNode_Registry_PropertyW(Device->DevInst, Property + 1, &Type,
                                                            PropertyBuffer, &Length, 0);
    switch (Cr) {
    case CR_SUCCESS:
    case CR_BUFFER_SMALL:
        if (PropertyRegDataType)
            *PropertyRegDataType = Type;
        if (RequiredSize)
            *RequiredSize = Length;
        return Cr == CR_SUCCESS ? DipSucceed() : DipFail(ERROR_INSUFFICIENT_BUFFER);
    case CR_NO_SUCH_VALUE:
        return DipFail(ERROR_INVALID_DATA);
    case CR_INVALID_PROPERTY:
        return DipFail(ERROR_INVALID_REG_PROPERTY);
    default:
        return DipFail(CM_MapCrToWin32Err(Cr, ERROR_INVALID_DATA));
    }
}

WINSETUPAPI BOOL WINAPI SetupDiGetDeviceRegistryPropertyW(HDEVINFO DeviceInfoSet,
                                                          PSP_DEVINFO_DATA DeviceInfoData,
                                                          DWORD Property,
                                                          PDWORD PropertyRegDataType,
                                                          PBYTE PropertyBuffer,
                                                          DWORD PropertyBufferSize,
                                                          PDWORD RequiredSize)
{
    return DipGetRegistryProperty(DeviceInfoSet, DeviceInfoData, Property, PropertyRegDataType,
                                  PropertyBuffer, PropertyBufferSize, RequiredSize, FALSE);
}

WINSETUPAPI BOOL WINAPI SetupDiGetDeviceRegistryPropertyA(HDEVINFO DeviceInfoSet,
                                                          PSP_DEVINFO_DATA DeviceInfoData,
                                                          DWORD Property,
                                                          PDWORD PropertyRegDataType,
                                                          PBYTE PropertyBuffer,
                                                          DWORD PropertyBufferSize,
                                                          PDWORD RequiredSize)
{
    return DipGetRegistryProperty(DeviceInfoSet, DeviceInfoData, Property, PropertyRegDataType,
                                  PropertyBuffer, PropertyBufferSize, RequiredSize, TRUE);
}

/* The checks of both forms: the element, and a buffer that is there when it has a size. */
static PDI_DEVICE DipInstanceIdCommon(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
                                      PVOID Buffer, DWORD Size)
{
    PDI_DEVICE Device;
    PDI_SET Set = DipSetFromHandle(DeviceInfoSet);
    if (!Set || !(Device = DipFindDevice(Set, DeviceInfoData)))
        return NULL;
    if (!Buffer && Size) {
        SetLastError(ERROR_INVALID_USER_BUFFER);
        return NULL;
    }
    return Device;
}

WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInstanceIdW(HDEVINFO DeviceInfoSet,
                                                    PSP_DEVINFO_DATA DeviceInfoData,
                                                    PWSTR DeviceInstanceId,
                                                    DWORD DeviceInstanceIdSize,
                                                    PDWORD RequiredSize)
{
    PDI_DEVICE Device = DipInstanceIdCommon(DeviceInfoSet, DeviceInfoData, DeviceInstanceId,
                                            DeviceInstanceIdSize);
    if (!Device)
        return FALSE;
    DWORD Need = (DWORD)RtlpWcslen(Device->InstanceId) + 1;
    if (RequiredSize)
        *RequiredSize = Need;
    if (!DeviceInstanceId || DeviceInstanceIdSize < Need)
        return DipFail(ERROR_INSUFFICIENT_BUFFER);
    memcpy(DeviceInstanceId, Device->InstanceId, Need * sizeof(WCHAR));
    return DipSucceed();
}

WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInstanceIdA(HDEVINFO DeviceInfoSet,
                                                    PSP_DEVINFO_DATA DeviceInfoData,
                                                    PSTR DeviceInstanceId,
                                                    DWORD DeviceInstanceIdSize,
                                                    PDWORD RequiredSize)
{
    PDI_DEVICE Device = DipInstanceIdCommon(DeviceInfoSet, DeviceInfoData, DeviceInstanceId,
                                            DeviceInstanceIdSize);
    if (!Device)
        return FALSE;
    SIZE_T Chars = RtlpWcslen(Device->InstanceId);
    SIZE_T Bytes = RtlpUtf16ToUtf8(NULL, 0, Device->InstanceId, Chars);
    DWORD Need = (DWORD)Bytes + 1;
    if (RequiredSize)
        *RequiredSize = Need;
    if (!DeviceInstanceId || DeviceInstanceIdSize < Need)
        return DipFail(ERROR_INSUFFICIENT_BUFFER);
    RtlpUtf16ToUtf8(DeviceInstanceId, Bytes, Device->InstanceId, Chars);
    DeviceInstanceId[Bytes] = 0;
    return DipSucceed();
}
