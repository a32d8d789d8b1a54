/*
 * ex/pool.c - executive pool: ExAllocatePoolWithTag and friends.
 *
 * Nonpaged pool is shared memory, so that an MDL describing any of it can
 * be mapped a second time into the application (MmMapLockedPagesSpecifyCache
 * with UserMode, mm/mdl.c): blocks of a page or more are page-aligned
 * physical memory (mm/shared.c), as Windows' big-pool blocks are page-aligned; smaller
 * ones come from the slab of ex/npslab.c.  Paged pool comes from the C
 * allocator.
 *
 * Every block carries a header with its tag, type, size and the address of
 * the code that asked for it, and sits on one of 64 striped lists so that
 * outstanding blocks can be enumerated at unload/exit (the leak report) at
 * the cost of one uncontended lock per allocation.  The memory itself comes
 * from the C allocator, so ASan and valgrind see driver overruns and
 * use-after-free directly.
 *
 * Checks Windows makes without Driver Verifier: paged pool at IRQL >
 * APC_LEVEL and any pool above DISPATCH_LEVEL (0xC2 BAD_POOL_CALLER), a
 * free with a mismatched tag (0xC2/0x0A), a corrupt or double-freed header
 * (0x19 BAD_POOL_HEADER / 0xC2/0x07).
 */
#include "ex.h"
#include "ke/ke.h"
#include "mm/mm.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <sys/mman.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#define BAD_POOL_HEADER 0x00000019
#define BAD_POOL_CALLER 0x000000C2

#define POOL_MAGIC_LIVE 0x6c50   /* "Pl" */
#define POOL_MAGIC_FREE 0x4466   /* "fD" */
#define POOL_STRIPES 64
#define POOL_BIG_BLOCK 0x8000  /* in POOL_HEADER.Flags: a page-aligned shared mapping */
#define POOL_SLAB_BLOCK 0x4000 /* a small nonpaged block of ex/npslab.c; MapPages = class */

typedef struct _POOL_HEADER {
    LIST_ENTRY Link;     /* on PoolStripes[Stripe] while live */
    PVOID Caller;
    PVOID Base;          /* what the C allocator returned */
    SIZE_T Size;         /* bytes the caller asked for */
    ULONG Tag;
    USHORT PoolType;
    USHORT Magic;
    ULONG Flags;
    ULONG MapPages;      /* big blocks: pages mapped, header page included */
    ULONG64 Reserved;
} POOL_HEADER, *PPOOL_HEADER;
NTIO_STATIC_ASSERT(sizeof(POOL_HEADER) == 64, "one cache line: slab blocks' data stays 64-byte aligned");

typedef struct _POOL_STRIPE {
    volatile int Lock;
    LIST_ENTRY Head;
} __attribute__((aligned(64))) POOL_STRIPE;

static POOL_STRIPE PoolStripes[POOL_STRIPES];
static volatile int PoolStripesReady;

/* Tag statistics: open addressing, insert-only, lock-free. */
#define POOL_TAG_SLOTS 1024
static EXP_TAG_STATS PoolTagStats[POOL_TAG_SLOTS];

static void ExpStripeLock(POOL_STRIPE *S)
{
    while (__atomic_exchange_n(&S->Lock, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&S->Lock, __ATOMIC_RELAXED))
            __builtin_ia32_pause();
}

static void ExpStripeUnlock(POOL_STRIPE *S)
{
    __atomic_store_n(&S->Lock, 0, __ATOMIC_RELEASE);
}

static void ExpInitStripes(void)
{
    if (__atomic_load_n(&PoolStripesReady, __ATOMIC_ACQUIRE))
        return;
    static volatile int Once;
    if (__atomic_exchange_n(&Once, 1, __ATOMIC_ACQ_REL) == 0) {
        for (int i = 0; i < POOL_STRIPES; i++)
            InitializeListHead(&PoolStripes[i].Head);
        __atomic_store_n(&PoolStripesReady, 1, __ATOMIC_RELEASE);
    }
    while (!__atomic_load_n(&PoolStripesReady, __ATOMIC_ACQUIRE))
        __builtin_ia32_pause();
}

static POOL_STRIPE *ExpStripeOf(PPOOL_HEADER H)
{
    ULONG_PTR v = (ULONG_PTR)H >> 6;
    return &PoolStripes[(v ^ (v >> 6) ^ (v >> 12)) % POOL_STRIPES];
}

static EXP_TAG_STATS *ExpTagSlot(ULONG Tag)
{
    ULONG h = (Tag * 2654435761U) % POOL_TAG_SLOTS;
    for (ULONG n = 0; n < POOL_TAG_SLOTS; n++, h = (h + 1) % POOL_TAG_SLOTS) {
        ULONG cur = __atomic_load_n(&PoolTagStats[h].Tag, __ATOMIC_ACQUIRE);
        if (cur == Tag && Tag != 0)
            return &PoolTagStats[h];
        if (cur == 0) {
            ULONG expected = 0;
            if (__atomic_compare_exchange_n(&PoolTagStats[h].Tag, &expected, Tag, 0,
                                            __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) ||
                expected == Tag)
                return &PoolTagStats[h];
        }
    }
    return NULL; /* table full: statistics only, never fatal */
}

static void ExpCheckIrql(POOL_TYPE PoolType, SIZE_T Size, PVOID Caller)
{
    KIRQL Irql = KiGetCurrentThread()->Irql;
    BOOLEAN Paged = (PoolType & 1) != 0;
    if (Irql > DISPATCH_LEVEL || (Paged && Irql > APC_LEVEL))
        KeBugCheckEx(BAD_POOL_CALLER, 0x08, Irql, PoolType, Size);
    UNREFERENCED_PARAMETER(Caller);
}

PVOID ExpAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag, PVOID Caller)
{
    SIZE_T Align = (PoolType & 4) ? 64 : 16; /* the *CacheAligned types */
    SIZE_T Lead = (sizeof(POOL_HEADER) + Align - 1) & ~(Align - 1);
    PVOID Base;

    PPOOL_HEADER H;
    ULONG Flags = 0, MapPages = 0;

    ExpCheckIrql(PoolType, NumberOfBytes, Caller);
    if (NumberOfBytes > ((SIZE_T)1 << 40))
        return NULL;
    if (NumberOfBytes >= PAGE_SIZE) {
        /* One header page, then the page-aligned block. */
        MapPages = (ULONG)(1 + BYTES_TO_PAGES(NumberOfBytes));
        Base = MiAllocateSharedMemory((SIZE_T)MapPages << PAGE_SHIFT);
        if (!Base)
            return NULL;
        H = (PPOOL_HEADER)((PUCHAR)Base + PAGE_SIZE - sizeof(POOL_HEADER));
        Flags = POOL_BIG_BLOCK;
#if defined(__SANITIZE_ADDRESS__)
        __lsan_register_root_region(Base, (SIZE_T)MapPages << PAGE_SHIFT); /* see npslab.c */
#endif
    } else if (!(PoolType & 1) &&
               (MapPages = ExpSlabClassOf(sizeof(POOL_HEADER) + NumberOfBytes)) != (ULONG)-1) {
        Base = ExpSlabAllocate(MapPages, sizeof(POOL_HEADER) + NumberOfBytes);
        if (!Base)
            return NULL;
        H = Base;
        Flags = POOL_SLAB_BLOCK;
    } else {
        MapPages = 0;
        if (posix_memalign(&Base, Align, Lead + (NumberOfBytes ? NumberOfBytes : 1)) != 0)
            return NULL;
        H = (PPOOL_HEADER)((PUCHAR)Base + Lead - sizeof(POOL_HEADER));
    }
    H->Flags = Flags;
    H->MapPages = MapPages;
    H->Caller = Caller;
    H->Base = Base;
    H->Size = NumberOfBytes;
    H->Tag = Tag;
    H->PoolType = (USHORT)PoolType;
    H->Magic = POOL_MAGIC_LIVE;

    ExpInitStripes();
    POOL_STRIPE *S = ExpStripeOf(H);
    ExpStripeLock(S);
    InsertTailList(&S->Head, &H->Link);
    ExpStripeUnlock(S);

    EXP_TAG_STATS *T = ExpTagSlot(Tag);
    if (T) {
        __atomic_add_fetch(&T->Allocs, 1, __ATOMIC_RELAXED);
        __atomic_add_fetch(&T->BytesInUse, (LONG64)NumberOfBytes, __ATOMIC_RELAXED);
    }
    return H + 1;
}

VOID ExpFreePool(PVOID P, ULONG Tag, BOOLEAN CheckTag, PVOID Caller)
{
    if (!P)
        KeBugCheckEx(BAD_POOL_CALLER, 0x46, 0, 0, (ULONG_PTR)Caller); /* freeing NULL */
    PPOOL_HEADER H = (PPOOL_HEADER)P - 1;
    if (H->Magic == POOL_MAGIC_FREE)
        KeBugCheckEx(BAD_POOL_CALLER, 0x07, H->Tag, 0, (ULONG_PTR)P); /* double free */
    if (H->Magic != POOL_MAGIC_LIVE)
        KeBugCheckEx(BAD_POOL_HEADER, 0x20, (ULONG_PTR)P, 0, (ULONG_PTR)Caller);
    if (CheckTag && (H->Tag & 0x7fffffff) != (Tag & 0x7fffffff))
        KeBugCheckEx(BAD_POOL_CALLER, 0x0A, (ULONG_PTR)P, H->Tag, Tag);

    POOL_STRIPE *S = ExpStripeOf(H);
    ExpStripeLock(S);
    RemoveEntryList(&H->Link);
    ExpStripeUnlock(S);

    EXP_TAG_STATS *T = ExpTagSlot(H->Tag);
    if (T) {
        __atomic_add_fetch(&T->Frees, 1, __ATOMIC_RELAXED);
        __atomic_sub_fetch(&T->BytesInUse, (LONG64)H->Size, __ATOMIC_RELAXED);
    }
    H->Magic = POOL_MAGIC_FREE;
    if (H->Flags & POOL_BIG_BLOCK) {
#if defined(__SANITIZE_ADDRESS__)
        __lsan_unregister_root_region(H->Base, (SIZE_T)H->MapPages << PAGE_SHIFT);
#endif
        MiFreeSharedMemory(H->Base);
    }
    else if (H->Flags & POOL_SLAB_BLOCK)
        ExpSlabFree(H->Base, H->MapPages);
    else
        free(H->Base);
}

SIZE_T ExpPoolBlockSize(PVOID P)
{
    return ((PPOOL_HEADER)P - 1)->Size;
}

ULONG ExpPoolBlockTag(PVOID P)
{
    return ((PPOOL_HEADER)P - 1)->Tag;
}

NTIO_EXPORT PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    PVOID P = ExpAllocatePool(PoolType, NumberOfBytes, Tag, __builtin_return_address(0));
    if (!P && (PoolType & POOL_RAISE_IF_ALLOCATION_FAILURE))
        ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
    return P;
}

NTIO_EXPORT PVOID ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
{
    return ExpAllocatePool(PoolType, NumberOfBytes, TAG('N', 'o', 'n', 'e'),
                           __builtin_return_address(0));
}

NTIO_EXPORT PVOID ExAllocatePoolWithQuotaTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    /* Quota is not charged in ntio; failure raises unless asked not to, as on Windows. */
    PVOID P = ExpAllocatePool(PoolType, NumberOfBytes, Tag, __builtin_return_address(0));
    if (!P && !(PoolType & 8 /* POOL_QUOTA_FAIL_INSTEAD_OF_RAISE */))
        ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
    return P;
}

NTIO_EXPORT PVOID ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    PVOID P = ExpAllocatePool(PoolType, NumberOfBytes, Tag, __builtin_return_address(0));
    if (P)
        memset(P, 0, NumberOfBytes);
    return P;
}

NTIO_EXPORT PVOID ExAllocatePoolUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    return ExpAllocatePool(PoolType, NumberOfBytes, Tag, __builtin_return_address(0));
}

NTIO_EXPORT PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag)
{
    POOL_FLAGS Kind = Flags & (POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_PAGED);
    POOL_FLAGS Known = POOL_FLAG_USE_QUOTA | POOL_FLAG_UNINITIALIZED | POOL_FLAG_SESSION |
                       POOL_FLAG_CACHE_ALIGNED | POOL_FLAG_RAISE_ON_FAILURE | POOL_FLAG_NON_PAGED |
                       POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_PAGED;
    /* Exactly one pool kind, and no unknown required flag; optional flags
     * (bit 32 and up) may be ignored, as Windows does. */
    if ((Kind & (Kind - 1)) != 0 || Kind == 0 ||
        (Flags & (POOL_FLAG_REQUIRED_END | (POOL_FLAG_REQUIRED_END - 1)) & ~Known) != 0) {
        if (Flags & POOL_FLAG_RAISE_ON_FAILURE)
            ExRaiseStatus(STATUS_INVALID_PARAMETER);
        return NULL;
    }
    POOL_TYPE Type = (Kind == POOL_FLAG_PAGED) ? PagedPool : NonPagedPoolNx;
    if (Flags & POOL_FLAG_CACHE_ALIGNED)
        Type = (Kind == POOL_FLAG_PAGED) ? PagedPoolCacheAligned : NonPagedPoolNxCacheAligned;
    PVOID P = ExpAllocatePool(Type, NumberOfBytes, Tag, __builtin_return_address(0));
    if (!P) {
        if (Flags & POOL_FLAG_RAISE_ON_FAILURE)
            ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
        return NULL;
    }
    if (!(Flags & POOL_FLAG_UNINITIALIZED))
        memset(P, 0, NumberOfBytes);
    return P;
}

NTIO_EXPORT VOID ExFreePoolWithTag(PVOID P, ULONG Tag)
{
    ExpFreePool(P, Tag, TRUE, __builtin_return_address(0));
}

NTIO_EXPORT VOID ExFreePool(PVOID P)
{
    ExpFreePool(P, 0, FALSE, __builtin_return_address(0));
}

ULONG ExpQueryPoolTags(EXP_TAG_STATS *Out, ULONG Max)
{
    ULONG n = 0;
    for (ULONG i = 0; i < POOL_TAG_SLOTS && n < Max; i++) {
        if (__atomic_load_n(&PoolTagStats[i].Tag, __ATOMIC_ACQUIRE) == 0)
            continue;
        Out[n].Tag = PoolTagStats[i].Tag;
        Out[n].Allocs = __atomic_load_n(&PoolTagStats[i].Allocs, __ATOMIC_RELAXED);
        Out[n].Frees = __atomic_load_n(&PoolTagStats[i].Frees, __ATOMIC_RELAXED);
        Out[n].BytesInUse = __atomic_load_n(&PoolTagStats[i].BytesInUse, __ATOMIC_RELAXED);
        n++;
    }
    return n;
}

static void ExpFormatTag(ULONG Tag, char Out[5])
{
    for (int i = 0; i < 4; i++) {
        char c = (char)((Tag >> (8 * i)) & 0xff);
        Out[i] = (c >= 0x20 && c < 0x7f) ? c : '.';
    }
    Out[4] = 0;
}

ULONG ExpReportPoolLeaks(FILE *Out, EXP_MODULE_OF ModuleOf)
{
    ULONG Reported = 0;
    ExpInitStripes();
    for (int i = 0; i < POOL_STRIPES; i++) {
        POOL_STRIPE *S = &PoolStripes[i];
        ExpStripeLock(S);
        for (PLIST_ENTRY E = S->Head.Flink; E != &S->Head; E = E->Flink) {
            PPOOL_HEADER H = CONTAINING_RECORD(E, POOL_HEADER, Link);
            const char *Module = ModuleOf(H->Caller);
            if (!Module)
                continue;
            char Tag[5], Where[256] = "";
            Dl_info Info;
            ExpFormatTag(H->Tag, Tag);
            if (dladdr(H->Caller, &Info) && Info.dli_sname)
                snprintf(Where, sizeof Where, " in %s+0x%lx", Info.dli_sname,
                         (unsigned long)((PUCHAR)H->Caller - (PUCHAR)Info.dli_saddr));
            else if (dladdr(H->Caller, &Info))
                snprintf(Where, sizeof Where, " at %s+0x%lx", Module,
                         (unsigned long)((PUCHAR)H->Caller - (PUCHAR)Info.dli_fbase));
            fprintf(Out, "ntio: leak: %s did not free %zu bytes of pool, tag '%s', allocated%s (%p)\n",
                    Module, (size_t)H->Size, Tag, Where, (void *)(H + 1));
            Reported++;
        }
        ExpStripeUnlock(S);
    }
    return Reported;
}
