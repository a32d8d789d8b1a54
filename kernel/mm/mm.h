/*
 * mm/mm.h - the memory manager's private interface.
 */
#ifndef NTIO_MM_H
#define NTIO_MM_H

#include <wdm.h>

/* Release every user-space view a driver left mapped (process exit). */
ULONG MiUnmapAllUserViews(VOID);

#endif
