/*
 * wdm/driver.h - ZwLoadDriver and ZwUnloadDriver.
 */
#ifndef NTIO_WDM_DRIVER_H
#define NTIO_WDM_DRIVER_H

/* SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START … (the values of a service
 * key), and NtLoadDriver itself. */
#include <ntio/ntdrv.h>

NTIO_BEGIN_DECLS

/* DRIVER_OBJECT.Flags */
#define DRVO_UNLOAD_INVOKED 0x00000001   /* NtUnloadDriver was called */
#define DRVO_LEGACY_DRIVER 0x00000002    /* not a PnP driver */
#define DRVO_BUILTIN_DRIVER 0x00000004   /* built into the kernel */

/* Load the driver whose service key DriverServiceName names
 * (\Registry\Machine\System\CurrentControlSet\Services\NAME), as
 * NtLoadDriver does (ntio/ntdrv.h), from kernel mode: no privilege check.
 * PASSIVE_LEVEL. */
NTSYSAPI NTSTATUS NTAPI ZwLoadDriver(PUNICODE_STRING DriverServiceName);
/* Unload it (DriverUnload, at once or when its last open file goes).
 * PASSIVE_LEVEL; a driver must not unload itself from its own dispatch
 * routines. */
NTSYSAPI NTSTATUS NTAPI ZwUnloadDriver(PUNICODE_STRING DriverServiceName);

NTIO_END_DECLS

#endif /* NTIO_WDM_DRIVER_H */
