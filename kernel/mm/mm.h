/*
 * mm/mm.h - the memory manager's private interface.
 */
#ifndef NTIO_MM_H
#define NTIO_MM_H

#include <wdm.h>

/* Shared mappings (pool, user views) are privatised in a forked child
 * (mm/shared.c). */
BOOLEAN MiRegisterSharedRegion(PVOID Base, SIZE_T Size);
VOID MiUnregisterSharedRegion(PVOID Base);

/* Release every user-space view a driver left mapped (process exit). */
ULONG MiUnmapAllUserViews(VOID);

#endif
