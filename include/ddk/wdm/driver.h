/*
 * wdm/driver.h - ZwLoadDriver and ZwUnloadDriver.
 */
#ifndef NTIO_WDM_DRIVER_H
#define NTIO_WDM_DRIVER_H

#endif /* NTIO_WDM_DRIVER_H */
