/*
 * wdm/cm.h - the configuration manager's DDIs: Zw*Key, RtlQueryRegistryValues, RtlWriteRegistryValue.
 */
#ifndef NTIO_WDM_CM_H
#define NTIO_WDM_CM_H

#endif /* NTIO_WDM_CM_H */
