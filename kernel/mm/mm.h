/*
 * mm/mm.h - the memory manager's private interface.
 */
#ifndef NTIO_MM_H
#define NTIO_MM_H

#include <wdm.h>

/* Physical memory (mm/shared.c): page-granular memory that can be mapped a
 * second time at another address; privatised in a forked child. */
PVOID MiAllocateSharedMemory(SIZE_T Size);
VOID MiFreeSharedMemory(PVOID Base);           /* memory or a view */
/* A second view of the pages at [Address, Address+Size) (page-aligned),
 * or NULL if they are not physical memory. */
PVOID MiMapSharedView(PVOID Address, SIZE_T Size);

/* Release every user-space view a driver left mapped (process exit). */
ULONG MiUnmapAllUserViews(VOID);

#endif
