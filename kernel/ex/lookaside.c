/*
 * ex/lookaside.c - lookaside lists: a per-list cache of fixed-size pool
 * blocks.
 *
 * A list caches up to Depth freed entries in a lock-free SLIST
 * (rtl/slist.c); an allocation pops one, or calls the list's Allocate
 * routine when the cache is empty (a miss), and a free pushes the entry
 * back, or calls the Free routine when Depth entries are already cached.
 * Entries come from pool with the list's tag, so pool statistics and the
 * leak report show them under that tag; with the default routines the
 * allocation is charged to the driver code that called
 * ExAllocateFrom...LookasideList, so a driver that unloads without deleting
 * its lists is named in the leak report.  Deleting (or flushing) a list
 * frees what it caches.
 *
 * Depth starts at the Windows minimum (4) and is tuned from the miss rate:
 * every EXP_LOOKASIDE_WINDOW allocations, one allocating thread compares
 * the misses of that window and raises Depth (up to MaximumDepth) when
 * many allocations missed, or lowers it by one when almost none did.
 * Windows does the same from a once-a-second scan; doing it on the
 * allocation path needs no timer thread and keeps idle lists untouched.
 *
 * The statistics (TotalAllocates, AllocateMisses, ...) are updated with
 * relaxed atomics.  Bad calls, with Driver Verifier's codes (0xC4):
 * initializing a live list (0xCA), deleting one that is not initialized
 * (0xCB), an entry size below LOOKASIDE_MINIMUM_BLOCK_SIZE (0xCD).  A list
 * that is not 16-byte aligned raises STATUS_DATATYPE_MISALIGNMENT, as
 * InitializeSListHead does on Windows.
 */
#include "ex.h"
#include "ke/ke.h"

#define DRIVER_VERIFIER_DETECTED_VIOLATION 0x000000C4

#define EXP_MINIMUM_LOOKASIDE_DEPTH 4
#define EXP_LOOKASIDE_WINDOW 256
/* Future[0..1] of a live list: its address, scrambled ("Lookasid"). */
#define EXP_LOOKASIDE_SIGNATURE 0x4C6F6F6B61736964ULL

NTIO_STATIC_ASSERT(FIELD_OFFSET(GENERAL_LOOKASIDE, TotalFrees) ==
                       FIELD_OFFSET(GENERAL_LOOKASIDE_POOL, TotalFrees) &&
                   FIELD_OFFSET(GENERAL_LOOKASIDE, Future) ==
                       FIELD_OFFSET(GENERAL_LOOKASIDE_POOL, Future),
                   "the two lookaside layouts agree");
NTIO_STATIC_ASSERT(sizeof(GENERAL_LOOKASIDE_POOL) == 0x60, "x64 Windows layout");

/* The default routines of a LOOKASIDE_LIST_EX created without its own. */
static PVOID ExpDefaultAllocateEx(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag,
                                  PLOOKASIDE_LIST_EX Lookaside);
static VOID ExpDefaultFreeEx(PVOID Buffer, PLOOKASIDE_LIST_EX Lookaside);

static ULONGLONG ExpLookasideSignature(PVOID Lookaside)
{
    return (ULONG_PTR)Lookaside ^ EXP_LOOKASIDE_SIGNATURE;
}

static BOOLEAN ExpIsLookasideLive(PGENERAL_LOOKASIDE_POOL L)
{
    ULONGLONG Mark = ((ULONGLONG)L->Future[1] << 32) | L->Future[0];
    return Mark == ExpLookasideSignature(L);
}

static VOID ExpMarkLookaside(PGENERAL_LOOKASIDE_POOL L, BOOLEAN Live)
{
    ULONGLONG Mark = Live ? ExpLookasideSignature(L) : 0;
    L->Future[0] = (ULONG)Mark;
    L->Future[1] = (ULONG)(Mark >> 32);
}

/* What every initialization shares.  Allocate/Free are stored as the
 * caller passed them (already defaulted). */
static VOID ExpInitializeLookaside(PGENERAL_LOOKASIDE_POOL L, POOL_TYPE Type, SIZE_T Size,
                                   ULONG Tag)
{
    if (ExpIsLookasideLive(L))
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0xCA, (ULONG_PTR)L, 0, 0);
    if (Size < LOOKASIDE_MINIMUM_BLOCK_SIZE || Size > MAXULONG)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0xCD, (ULONG_PTR)L, Size,
                     LOOKASIDE_MINIMUM_BLOCK_SIZE);
    InitializeSListHead(&L->ListHead);
    L->Depth = EXP_MINIMUM_LOOKASIDE_DEPTH;
    L->MaximumDepth = EX_MAXIMUM_LOOKASIDE_DEPTH_BASE;
    L->TotalAllocates = 0;
    L->AllocateMisses = 0;
    L->TotalFrees = 0;
    L->FreeMisses = 0;
    L->Type = Type;
    L->Tag = Tag;
    L->Size = (ULONG)Size;
    /* Not chained into a system-wide list (see ex/resource.c for why). */
    InitializeListHead(&L->ListEntry);
    L->LastTotalAllocates = 0;
    L->LastAllocateMisses = 0;
    ExpMarkLookaside(L, TRUE);
}

static VOID ExpCheckLookasideLive(PGENERAL_LOOKASIDE_POOL L)
{
    if (!ExpIsLookasideLive(L))
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0xCB, (ULONG_PTR)L, 0, 0);
}

/* Pool for an entry, charged to Caller, raising on failure if the list's
 * pool type asks for it (POOL_RAISE_IF_ALLOCATION_FAILURE). */
static PVOID ExpAllocateEntry(PGENERAL_LOOKASIDE_POOL L, PVOID Caller)
{
    PVOID Entry = ExpAllocatePool(L->Type, L->Size, L->Tag, Caller);
    if (!Entry && (L->Type & POOL_RAISE_IF_ALLOCATION_FAILURE))
        ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
    return Entry;
}

/* Once per window of allocations, tune Depth from the window's miss rate. */
static VOID ExpAdjustLookasideDepth(PGENERAL_LOOKASIDE_POOL L, ULONG Total)
{
    ULONG Last = __atomic_load_n(&L->LastTotalAllocates, __ATOMIC_RELAXED);
    ULONG Allocates = Total - Last;
    ULONG Misses, MissesPerThousand;
    LONG Depth, Maximum;

    if (Allocates < EXP_LOOKASIDE_WINDOW)
        return;
    /* One thread per window does the tuning. */
    if (!__atomic_compare_exchange_n(&L->LastTotalAllocates, &Last, Total, FALSE,
                                     __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        return;
    Misses = __atomic_load_n(&L->AllocateMisses, __ATOMIC_RELAXED);
    Misses -= __atomic_exchange_n(&L->LastAllocateMisses, Misses, __ATOMIC_RELAXED);
    MissesPerThousand = (ULONG)(((ULONGLONG)Misses * 1000) / Allocates);
    Depth = __atomic_load_n(&L->Depth, __ATOMIC_RELAXED);
    Maximum = L->MaximumDepth;
    if (MissesPerThousand < 5) {
        /* Under 0.5% misses: the cache is big enough, let it shrink. */
        if (Depth > EXP_MINIMUM_LOOKASIDE_DEPTH)
            Depth--;
    } else {
        /* Grow in proportion to the miss rate and the room left. */
        Depth += (LONG)((MissesPerThousand * (ULONG)(Maximum - Depth)) / 2000) + 5;
        if (Depth > Maximum)
            Depth = Maximum;
    }
    __atomic_store_n(&L->Depth, (USHORT)Depth, __ATOMIC_RELAXED);
}

/* The allocation path of every kind of list.  Returns NULL on a miss; the
 * caller then allocates with its list's routine. */
static PVOID ExpPopLookaside(PGENERAL_LOOKASIDE_POOL L)
{
    ULONG Total = __atomic_add_fetch(&L->TotalAllocates, 1, __ATOMIC_RELAXED);
    PVOID Entry = ExpInterlockedPopEntrySList(&L->ListHead);

    if (!Entry)
        __atomic_add_fetch(&L->AllocateMisses, 1, __ATOMIC_RELAXED);
    ExpAdjustLookasideDepth(L, Total);
    return Entry;
}

/* The free path of every kind of list: TRUE if the entry was cached;
 * FALSE if the caller must free it with its list's routine. */
static BOOLEAN ExpPushLookaside(PGENERAL_LOOKASIDE_POOL L, PVOID Entry)
{
    __atomic_add_fetch(&L->TotalFrees, 1, __ATOMIC_RELAXED);
    if (ExQueryDepthSList(&L->ListHead) >= __atomic_load_n(&L->Depth, __ATOMIC_RELAXED)) {
        __atomic_add_fetch(&L->FreeMisses, 1, __ATOMIC_RELAXED);
        return FALSE;
    }
    ExpInterlockedPushEntrySList(&L->ListHead, (PSLIST_ENTRY)Entry);
    return TRUE;
}

/* ---- NPAGED_LOOKASIDE_LIST and PAGED_LOOKASIDE_LIST ------------------------ */

static VOID ExpInitializeClassicLookaside(PGENERAL_LOOKASIDE_POOL L, POOL_TYPE BaseType,
                                          PALLOCATE_FUNCTION Allocate, PFREE_FUNCTION Free,
                                          ULONG Flags, SIZE_T Size, ULONG Tag)
{
    /* Flags (Windows 8 and later): POOL_NX_ALLOCATION and
     * POOL_RAISE_IF_ALLOCATION_FAILURE, or'ed into the pool type. */
    ExpInitializeLookaside(L, (POOL_TYPE)(BaseType | Flags), Size, Tag);
    L->Allocate = Allocate ? Allocate : ExAllocatePoolWithTag;
    L->Free = Free ? Free : ExFreePool;
}

static PVOID ExpAllocateFromClassicLookaside(PGENERAL_LOOKASIDE_POOL L, PVOID Caller)
{
    PVOID Entry = ExpPopLookaside(L);

    if (Entry)
        return Entry;
    if (L->Allocate == ExAllocatePoolWithTag)
        return ExpAllocateEntry(L, Caller);
    return L->Allocate(L->Type, L->Size, L->Tag);
}

static VOID ExpFreeToClassicLookaside(PGENERAL_LOOKASIDE_POOL L, PVOID Entry)
{
    if (!ExpPushLookaside(L, Entry))
        L->Free(Entry);
}

static VOID ExpDeleteClassicLookaside(PGENERAL_LOOKASIDE_POOL L)
{
    PSLIST_ENTRY Entry;

    ExpCheckLookasideLive(L);
    Entry = ExpInterlockedFlushSList(&L->ListHead);
    while (Entry) {
        PSLIST_ENTRY Next = Entry->Next;
        L->Free(Entry);
        Entry = Next;
    }
    ExpMarkLookaside(L, FALSE);
}

NTIO_EXPORT VOID ExInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
                                                 PALLOCATE_FUNCTION Allocate, PFREE_FUNCTION Free,
                                                 ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth)
{
    UNREFERENCED_PARAMETER(Depth); /* reserved: the system decides */
    ExpInitializeClassicLookaside((PGENERAL_LOOKASIDE_POOL)&Lookaside->L, NonPagedPool, Allocate,
                                  Free, Flags, Size, Tag);
}

NTIO_EXPORT VOID ExDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
    ExpDeleteClassicLookaside((PGENERAL_LOOKASIDE_POOL)&Lookaside->L);
}

NTIO_EXPORT PVOID ExAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
    return ExpAllocateFromClassicLookaside((PGENERAL_LOOKASIDE_POOL)&Lookaside->L,
                                           __builtin_return_address(0));
}

NTIO_EXPORT VOID ExFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry)
{
    ExpFreeToClassicLookaside((PGENERAL_LOOKASIDE_POOL)&Lookaside->L, Entry);
}

NTIO_EXPORT VOID ExInitializePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside,
                                                PALLOCATE_FUNCTION Allocate, PFREE_FUNCTION Free,
                                                ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth)
{
    UNREFERENCED_PARAMETER(Depth);
    ExpInitializeClassicLookaside((PGENERAL_LOOKASIDE_POOL)&Lookaside->L, PagedPool, Allocate,
                                  Free, Flags, Size, Tag);
}

NTIO_EXPORT VOID ExDeletePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside)
{
    ExpDeleteClassicLookaside((PGENERAL_LOOKASIDE_POOL)&Lookaside->L);
}

NTIO_EXPORT PVOID ExAllocateFromPagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside)
{
    return ExpAllocateFromClassicLookaside((PGENERAL_LOOKASIDE_POOL)&Lookaside->L,
                                           __builtin_return_address(0));
}

NTIO_EXPORT VOID ExFreeToPagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry)
{
    ExpFreeToClassicLookaside((PGENERAL_LOOKASIDE_POOL)&Lookaside->L, Entry);
}

/* ---- LOOKASIDE_LIST_EX ------------------------------------------------------ */

static PVOID ExpDefaultAllocateEx(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag,
                                  PLOOKASIDE_LIST_EX Lookaside)
{
    /* Reached only through a driver that calls L.AllocateEx itself;
     * ExAllocateFromLookasideListEx allocates directly, charged to its
     * caller. */
    PVOID P = ExpAllocatePool(PoolType, NumberOfBytes, Tag, __builtin_return_address(0));
    UNREFERENCED_PARAMETER(Lookaside);
    if (!P && (PoolType & POOL_RAISE_IF_ALLOCATION_FAILURE))
        ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
    return P;
}

static VOID ExpDefaultFreeEx(PVOID Buffer, PLOOKASIDE_LIST_EX Lookaside)
{
    UNREFERENCED_PARAMETER(Lookaside);
    ExpFreePool(Buffer, 0, FALSE, __builtin_return_address(0));
}

/* The pool types a lookaside list can use: nonpaged or paged, optionally
 * cache aligned, no-execute or session.  Must-succeed pool is gone. */
static BOOLEAN ExpIsValidLookasidePoolType(POOL_TYPE PoolType)
{
    ULONG Base = (ULONG)PoolType & ~(ULONG)(NonPagedPoolNx | NonPagedPoolSession);
    return Base == NonPagedPool || Base == PagedPool || Base == NonPagedPoolCacheAligned ||
           Base == PagedPoolCacheAligned;
}

NTIO_EXPORT NTSTATUS ExInitializeLookasideListEx(PLOOKASIDE_LIST_EX Lookaside,
                                                 PALLOCATE_FUNCTION_EX Allocate,
                                                 PFREE_FUNCTION_EX Free, POOL_TYPE PoolType,
                                                 ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth)
{
    POOL_TYPE Type = PoolType;

    UNREFERENCED_PARAMETER(Depth); /* reserved: the system decides */
    if (!ExpIsValidLookasidePoolType(PoolType))
        return STATUS_INVALID_PARAMETER_4;
    if ((Flags & ~(EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL |
                   EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE)) != 0 ||
        Flags == (EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL |
                  EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE))
        return STATUS_INVALID_PARAMETER_5;
    if (Flags & EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL)
        Type = (POOL_TYPE)(Type | POOL_RAISE_IF_ALLOCATION_FAILURE);
    if (Flags & EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE)
        Type = (POOL_TYPE)(Type | POOL_QUOTA_FAIL_INSTEAD_OF_RAISE);
    ExpInitializeLookaside(&Lookaside->L, Type, Size, Tag);
    Lookaside->L.AllocateEx = Allocate ? Allocate : ExpDefaultAllocateEx;
    Lookaside->L.FreeEx = Free ? Free : ExpDefaultFreeEx;
    return STATUS_SUCCESS;
}

NTIO_EXPORT VOID ExFlushLookasideListEx(PLOOKASIDE_LIST_EX Lookaside)
{
    PSLIST_ENTRY Entry;

    ExpCheckLookasideLive(&Lookaside->L);
    Entry = ExpInterlockedFlushSList(&Lookaside->L.ListHead);
    while (Entry) {
        PSLIST_ENTRY Next = Entry->Next;
        Lookaside->L.FreeEx(Entry, Lookaside);
        Entry = Next;
    }
}

NTIO_EXPORT VOID ExDeleteLookasideListEx(PLOOKASIDE_LIST_EX Lookaside)
{
    ExFlushLookasideListEx(Lookaside);
    ExpMarkLookaside(&Lookaside->L, FALSE);
}

NTIO_EXPORT PVOID ExAllocateFromLookasideListEx(PLOOKASIDE_LIST_EX Lookaside)
{
    PVOID Entry = ExpPopLookaside(&Lookaside->L);

    if (Entry)
        return Entry;
    if (Lookaside->L.AllocateEx == ExpDefaultAllocateEx)
        return ExpAllocateEntry(&Lookaside->L, __builtin_return_address(0));
    return Lookaside->L.AllocateEx(Lookaside->L.Type, Lookaside->L.Size, Lookaside->L.Tag,
                                   Lookaside);
}

NTIO_EXPORT VOID ExFreeToLookasideListEx(PLOOKASIDE_LIST_EX Lookaside, PVOID Entry)
{
    if (!ExpPushLookaside(&Lookaside->L, Entry))
        Lookaside->L.FreeEx(Entry, Lookaside);
}
