/*
 * ntio/ntdrv.h - loading and unloading drivers (NtLoadDriver, NtUnloadDriver).
 */
#ifndef NTIO_NTDRV_H
#define NTIO_NTDRV_H

#endif /* NTIO_NTDRV_H */
