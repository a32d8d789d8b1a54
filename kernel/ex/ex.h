/*
 * ex/ex.h - the executive's private interface: pool internals and leak
 * accounting.
 */
#ifndef NTIO_EX_H
#define NTIO_EX_H

#include <stdio.h>
#include <wdm.h>

/* Allocate on behalf of Caller (the driver call site that asked, so a leak
 * is charged to the right image). */
PVOID ExpAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag, PVOID Caller);
VOID ExpFreePool(PVOID P, ULONG Tag, BOOLEAN CheckTag, PVOID Caller);
SIZE_T ExpPoolBlockSize(PVOID P);
ULONG ExpPoolBlockTag(PVOID P);

/* Per-tag statistics, as !poolused shows them. */
typedef struct _EXP_TAG_STATS {
    ULONG Tag;
    LONG64 Allocs;
    LONG64 Frees;
    LONG64 BytesInUse;
} EXP_TAG_STATS;
ULONG ExpQueryPoolTags(EXP_TAG_STATS *Out, ULONG Max);

/* Leak report: every live allocation whose Caller lies in a module for
 * which IsReportedModule returns a name.  Returns the number reported. */
typedef const char *(*EXP_MODULE_OF)(PVOID Address);
ULONG ExpReportPoolLeaks(FILE *Out, EXP_MODULE_OF ModuleOf);

/* Small nonpaged blocks (ex/npslab.c). */
ULONG ExpSlabClassOf(SIZE_T BlockBytes);
ULONG ExpSlabHeaderBytes(VOID);
PVOID ExpSlabAllocate(ULONG Class, SIZE_T UsedBytes);
VOID ExpSlabFree(PVOID Block, ULONG Class);

#define TAG(a, b, c, d) ((ULONG)(a) | ((ULONG)(b) << 8) | ((ULONG)(c) << 16) | ((ULONG)(d) << 24))

/* The ntio prefix (ex/prefix.c): the directory holding the registry and
 * drive C:, created on first use.  Never NULL; no trailing slash. */
const char *ExpGetPrefix(VOID);
/* PREFIX/Relative into Buffer; -1 if it does not fit. */
int ExpPrefixPath(char *Buffer, SIZE_T Size, const char *Relative);

#endif
