/*
 * tests/unit/test_lookaside.c - interlocked sequenced lists
 * (kernel/rtl/slist.c) and lookaside lists (kernel/ex/lookaside.c):
 * SLIST order, depth and flush, SLIST integrity under threads moving
 * entries between lists (the ABA case), lookaside allocate/free/reuse, the
 * Depth limit and its tuning, custom routines, delete and flush giving the
 * entries back to pool (checked by tag), the leak charged to the driver's
 * call site, and the bug checks for misuse (forked children).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <sched.h>

#include "kmtest.h"
#include "ex/ex.h"

/* ---- helpers ------------------------------------------------------------ */

/* Blocks of Tag still allocated (allocations minus frees). */
static LONG64 TagInUse(ULONG Tag)
{
    EXP_TAG_STATS Stats[1024];
    ULONG n = ExpQueryPoolTags(Stats, 1024);

    for (ULONG i = 0; i < n; i++)
        if (Stats[i].Tag == Tag)
            return Stats[i].Allocs - Stats[i].Frees;
    return 0;
}

static ULONG Chain(PSLIST_ENTRY First, PSLIST_ENTRY *Last)
{
    ULONG n = 0;

    for (; First; First = First->Next, n++)
        if (Last)
            *Last = First;
    return n;
}

/* ---- SLIST, one thread -------------------------------------------------- */

typedef struct DECLSPEC_ALIGN(16) _NODE {
    SLIST_ENTRY Entry;
    ULONG Id;
    volatile LONG Owner;      /* who popped it last (contention test) */
} NODE;

static void TestSListBasics(void)
{
    static SLIST_HEADER Head;
    static NODE Nodes[5];
    PSLIST_ENTRY Last = NULL;
    NTSTATUS Code = 0;

    CHECK_EQ(sizeof(SLIST_HEADER), 16);
    CHECK_EQ(sizeof(SLIST_ENTRY), 16);

    InitializeSListHead(&Head);
    CHECK_EQ(QueryDepthSList(&Head), 0);
    CHECK(InterlockedPopEntrySList(&Head) == NULL);
    CHECK(FirstEntrySList(&Head) == NULL);

    CHECK(InterlockedPushEntrySList(&Head, &Nodes[0].Entry) == NULL);
    CHECK(InterlockedPushEntrySList(&Head, &Nodes[1].Entry) == &Nodes[0].Entry);
    CHECK(ExInterlockedPushEntrySList(&Head, &Nodes[2].Entry, NULL) == &Nodes[1].Entry);
    CHECK_EQ(ExQueryDepthSList(&Head), 3);
    CHECK_EQ((ULONGLONG)Head.HeaderX64.Depth, 3);
    CHECK_EQ((ULONGLONG)Head.HeaderX64.NextEntry << 4, (ULONGLONG)(ULONG_PTR)&Nodes[2].Entry);
    CHECK_EQ((ULONGLONG)Head.HeaderX64.Sequence, 3);
    CHECK(FirstEntrySList(&Head) == &Nodes[2].Entry);

    /* LIFO */
    CHECK(InterlockedPopEntrySList(&Head) == &Nodes[2].Entry);
    CHECK(ExInterlockedPopEntrySList(&Head, NULL) == &Nodes[1].Entry);
    CHECK_EQ(QueryDepthSList(&Head), 1);

    /* flush hands over the whole chain */
    InterlockedPushEntrySList(&Head, &Nodes[3].Entry);
    InterlockedPushEntrySList(&Head, &Nodes[4].Entry);
    PSLIST_ENTRY All = InterlockedFlushSList(&Head);
    CHECK(All == &Nodes[4].Entry);
    CHECK_EQ(Chain(All, &Last), 3);
    CHECK(Last == &Nodes[0].Entry);
    CHECK_EQ(QueryDepthSList(&Head), 0);
    CHECK(InterlockedPopEntrySList(&Head) == NULL);
    CHECK(ExInterlockedFlushSList(&Head) == NULL);

    /* a header or an entry that is not 16-byte aligned raises */
    __try {
        InitializeSListHead((PSLIST_HEADER)((PUCHAR)&Head + 8));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, STATUS_DATATYPE_MISALIGNMENT);
    Code = 0;
    __try {
        InterlockedPushEntrySList(&Head, (PSLIST_ENTRY)((PUCHAR)&Nodes[0] + 8));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, STATUS_DATATYPE_MISALIGNMENT);
    CHECK_EQ(QueryDepthSList(&Head), 0);
}

/* ---- SLIST, several threads ------------------------------------------------ */

#define SLIST_THREADS 4
#define SLIST_NODES 64
#define SLIST_ROUNDS 200000

static SLIST_HEADER ListA, ListB;
static NODE Pool[SLIST_NODES];
static volatile LONG DoubleOwned;
static pthread_barrier_t SListStart;

/* Move nodes back and forth between two lists, as fast as possible: the
 * same few nodes are popped and pushed again and again, the pattern that
 * breaks an SLIST without ABA protection. */
static void *SListMover(void *Arg)
{
    LONG Me = (LONG)(intptr_t)Arg + 1;

    pthread_barrier_wait(&SListStart);
    for (int i = 0; i < SLIST_ROUNDS; i++) {
        PSLIST_HEADER From = (i & 1) ? &ListA : &ListB;
        PSLIST_HEADER To = (i & 1) ? &ListB : &ListA;
        NODE *N = (NODE *)InterlockedPopEntrySList(From);
        if (!N)
            continue;
        /* nobody else may hold this node now */
        if (__atomic_exchange_n(&N->Owner, Me, __ATOMIC_ACQ_REL) != 0)
            __atomic_add_fetch(&DoubleOwned, 1, __ATOMIC_RELAXED);
        __atomic_store_n(&N->Owner, 0, __ATOMIC_RELEASE);
        InterlockedPushEntrySList(To, &N->Entry);
    }
    return NULL;
}

static void TestSListContention(void)
{
    pthread_t T[SLIST_THREADS];
    UCHAR Seen[SLIST_NODES];
    ULONG Total = 0;

    InitializeSListHead(&ListA);
    InitializeSListHead(&ListB);
    for (int i = 0; i < SLIST_NODES; i++) {
        Pool[i].Id = (ULONG)i;
        InterlockedPushEntrySList(i < 8 ? &ListA : &ListB, &Pool[i].Entry);
    }
    pthread_barrier_init(&SListStart, NULL, SLIST_THREADS);
    for (int i = 0; i < SLIST_THREADS; i++)
        pthread_create(&T[i], NULL, SListMover, (void *)(intptr_t)i);
    for (int i = 0; i < SLIST_THREADS; i++)
        pthread_join(T[i], NULL);
    pthread_barrier_destroy(&SListStart);

    CHECK_EQ(DoubleOwned, 0);
    CHECK_EQ(QueryDepthSList(&ListA) + QueryDepthSList(&ListB), SLIST_NODES);
    memset(Seen, 0, sizeof Seen);
    for (int l = 0; l < 2; l++) {
        PSLIST_HEADER H = l ? &ListB : &ListA;
        USHORT Depth = QueryDepthSList(H);
        ULONG n = 0;
        for (PSLIST_ENTRY E = InterlockedFlushSList(H); E; E = E->Next, n++) {
            NODE *N = CONTAINING_RECORD(E, NODE, Entry);
            CHECK(N >= Pool && N < Pool + SLIST_NODES);
            if (N < Pool || N >= Pool + SLIST_NODES || n > SLIST_NODES)
                break;
            CHECK_EQ(Seen[N->Id], 0);
            Seen[N->Id] = 1;
        }
        CHECK_EQ(n, Depth);
        Total += n;
    }
    CHECK_EQ(Total, SLIST_NODES);
}

/* ---- lookaside lists ------------------------------------------------------- */

#define TAG_NP TAG('L', 'k', 'N', 'p')
#define TAG_PG TAG('L', 'k', 'P', 'g')
#define TAG_CU TAG('L', 'k', 'C', 'u')
#define TAG_EX TAG('L', 'k', 'E', 'x')
#define TAG_DE TAG('L', 'k', 'D', 'e')
#define TAG_MT TAG('L', 'k', 'M', 't')
#define TAG_LK TAG('L', 'k', 'L', 'k')

static void TestLayout(void)
{
    CHECK_EQ(sizeof(GENERAL_LOOKASIDE_POOL), 0x60);
    CHECK_EQ(sizeof(LOOKASIDE_LIST_EX), 0x60);
    CHECK_EQ(sizeof(NPAGED_LOOKASIDE_LIST), 0x80);
    CHECK_EQ(sizeof(PAGED_LOOKASIDE_LIST), 0x80);
    CHECK_EQ(FIELD_OFFSET(GENERAL_LOOKASIDE, Depth), 0x10);
    CHECK_EQ(FIELD_OFFSET(GENERAL_LOOKASIDE, Type), 0x24);
    CHECK_EQ(FIELD_OFFSET(GENERAL_LOOKASIDE, Allocate), 0x30);
    CHECK_EQ(FIELD_OFFSET(GENERAL_LOOKASIDE, ListEntry), 0x40);
    CHECK_EQ(FIELD_OFFSET(GENERAL_LOOKASIDE, Future), 0x58);
    CHECK_EQ(sizeof(GENERAL_LOOKASIDE), 0x80);
    CHECK_EQ(__alignof__(NPAGED_LOOKASIDE_LIST), 16);
    CHECK_EQ(LOOKASIDE_MINIMUM_BLOCK_SIZE, 8);
    CHECK_EQ(sizeof(FAST_MUTEX), 56);
}

static NPAGED_LOOKASIDE_LIST NList;

/* Allocate, free, reuse, the Depth limit, delete: with the default routines
 * every entry comes from and goes back to pool under the list's tag. */
static void TestNPagedDefault(void)
{
    PVOID E[10];

    ExInitializeNPagedLookasideList(&NList, NULL, NULL, 0, 100, TAG_NP, 0);
    CHECK_EQ(NList.L.Depth, 4);
    CHECK_EQ(NList.L.MaximumDepth, 256);
    CHECK_EQ(NList.L.Size, 100);
    CHECK_EQ(NList.L.Tag, TAG_NP);
    CHECK_EQ(NList.L.Type, NonPagedPool);
    CHECK(NList.L.Allocate == ExAllocatePoolWithTag);
    CHECK(NList.L.Free == ExFreePool);
    CHECK_EQ(QueryDepthSList(&NList.L.ListHead), 0);

    for (int i = 0; i < 10; i++) {
        E[i] = ExAllocateFromNPagedLookasideList(&NList);
        CHECK(E[i] != NULL);
        memset(E[i], 0xA5, 100);
    }
    CHECK_EQ(NList.L.TotalAllocates, 10);
    CHECK_EQ(NList.L.AllocateMisses, 10);
    CHECK_EQ(TagInUse(TAG_NP), 10);

    for (int i = 0; i < 10; i++)
        ExFreeToNPagedLookasideList(&NList, E[i]);
    CHECK_EQ(NList.L.TotalFrees, 10);
    CHECK_EQ(NList.L.FreeMisses, 6);            /* past Depth: back to pool */
    CHECK_EQ(QueryDepthSList(&NList.L.ListHead), 4);
    CHECK_EQ(TagInUse(TAG_NP), 4);              /* the cache */

    /* the cache is reused, last freed first */
    for (int i = 3; i >= 0; i--)
        CHECK(ExAllocateFromNPagedLookasideList(&NList) == E[i]);
    CHECK_EQ(NList.L.AllocateMisses, 10);
    CHECK_EQ(NList.L.TotalAllocates, 14);
    CHECK_EQ(TagInUse(TAG_NP), 4);
    for (int i = 0; i < 4; i++)
        ExFreeToNPagedLookasideList(&NList, E[i]);

    /* delete frees the cache */
    ExDeleteNPagedLookasideList(&NList);
    CHECK_EQ(TagInUse(TAG_NP), 0);
    /* and the list can be initialized again */
    ExInitializeNPagedLookasideList(&NList, NULL, NULL, POOL_NX_ALLOCATION, 16, TAG_NP, 0);
    CHECK_EQ(NList.L.Type, NonPagedPoolNx);
    ExFreeToNPagedLookasideList(&NList, ExAllocateFromNPagedLookasideList(&NList));
    ExDeleteNPagedLookasideList(&NList);
    CHECK_EQ(TagInUse(TAG_NP), 0);
}

/* A list inside a driver's structure in pool (16-byte aligned) works, and
 * is not a misaligned object (UBSan checks that in sanitizer builds). */
typedef struct _MY_EXTENSION {
    ULONG Flags;
    NPAGED_LOOKASIDE_LIST List;
} MY_EXTENSION;

static void TestListInPool(void)
{
    MY_EXTENSION *X = ExAllocatePoolWithTag(PagedPool, sizeof *X, TAG_NP);
    PVOID E;

    CHECK(X != NULL);
    CHECK_EQ((ULONG_PTR)&X->List & 15, 0);
    memset(X, 0, sizeof *X);
    ExInitializeNPagedLookasideList(&X->List, NULL, NULL, 0, 24, TAG_NP, 0);
    E = ExAllocateFromNPagedLookasideList(&X->List);
    ExFreeToNPagedLookasideList(&X->List, E);
    CHECK_EQ(QueryDepthSList(&X->List.L.ListHead), 1);
    ExDeleteNPagedLookasideList(&X->List);
    ExFreePoolWithTag(X, TAG_NP);
    CHECK_EQ(TagInUse(TAG_NP), 0);
}

static void TestPagedDefault(void)
{
    static PAGED_LOOKASIDE_LIST PList;
    PVOID E[6];

    ExInitializePagedLookasideList(&PList, NULL, NULL, 0, 200, TAG_PG, 0);
    CHECK_EQ(PList.L.Type, PagedPool);
    for (int i = 0; i < 6; i++)
        E[i] = ExAllocateFromPagedLookasideList(&PList);
    CHECK_EQ(TagInUse(TAG_PG), 6);
    for (int i = 0; i < 6; i++)
        ExFreeToPagedLookasideList(&PList, E[i]);
    CHECK_EQ(TagInUse(TAG_PG), 4);
    CHECK(ExAllocateFromPagedLookasideList(&PList) == E[3]);
    ExFreeToPagedLookasideList(&PList, E[3]);
    ExDeletePagedLookasideList(&PList);
    CHECK_EQ(TagInUse(TAG_PG), 0);
}

/* Custom routines are called with the list's type, size and tag. */
static LONG CustomAllocs, CustomFrees;
static POOL_TYPE SeenType;
static SIZE_T SeenSize;
static ULONG SeenTag;

static PVOID CustomAllocate(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    SeenType = PoolType;
    SeenSize = NumberOfBytes;
    SeenTag = Tag;
    __atomic_add_fetch(&CustomAllocs, 1, __ATOMIC_RELAXED);
    return ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
}

static VOID CustomFree(PVOID Buffer)
{
    __atomic_add_fetch(&CustomFrees, 1, __ATOMIC_RELAXED);
    ExFreePoolWithTag(Buffer, TAG_CU);
}

static void TestCustomRoutines(void)
{
    PVOID E[7];

    ExInitializeNPagedLookasideList(&NList, CustomAllocate, CustomFree, POOL_NX_ALLOCATION, 48,
                                    TAG_CU, 0);
    for (int i = 0; i < 7; i++)
        E[i] = ExAllocateFromNPagedLookasideList(&NList);
    CHECK_EQ(CustomAllocs, 7);
    CHECK_EQ(SeenType, NonPagedPoolNx);
    CHECK_EQ(SeenSize, 48);
    CHECK_EQ(SeenTag, TAG_CU);
    for (int i = 0; i < 7; i++)
        ExFreeToNPagedLookasideList(&NList, E[i]);
    CHECK_EQ(CustomFrees, 3);
    ExDeleteNPagedLookasideList(&NList);
    CHECK_EQ(CustomFrees, 7);
    CHECK_EQ(TagInUse(TAG_CU), 0);
}

/* LOOKASIDE_LIST_EX: parameter checks, the context pointer, flush. */
static LONG ExAllocs, ExFrees;
static PLOOKASIDE_LIST_EX SeenList;

static PVOID CustomAllocateEx(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag,
                              PLOOKASIDE_LIST_EX Lookaside)
{
    SeenType = PoolType;
    SeenList = Lookaside;
    ExAllocs++;
    return ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
}

static VOID CustomFreeEx(PVOID Buffer, PLOOKASIDE_LIST_EX Lookaside)
{
    SeenList = Lookaside;
    ExFrees++;
    ExFreePool(Buffer);
}

static void TestLookasideEx(void)
{
    static LOOKASIDE_LIST_EX Ex;
    PVOID E[6];

    CHECK_EQ(ExInitializeLookasideListEx(&Ex, NULL, NULL, NonPagedPoolMustSucceed, 0, 64, TAG_EX,
                                         0),
             STATUS_INVALID_PARAMETER_4);
    CHECK_EQ(ExInitializeLookasideListEx(&Ex, NULL, NULL, (POOL_TYPE)3, 0, 64, TAG_EX, 0),
             STATUS_INVALID_PARAMETER_4);
    CHECK_EQ(ExInitializeLookasideListEx(&Ex, NULL, NULL, NonPagedPoolNx,
                                         EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL |
                                             EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE,
                                         64, TAG_EX, 0),
             STATUS_INVALID_PARAMETER_5);
    CHECK_EQ(ExInitializeLookasideListEx(&Ex, NULL, NULL, NonPagedPoolNx, 4, 64, TAG_EX, 0),
             STATUS_INVALID_PARAMETER_5);

    /* default routines */
    CHECK_EQ(ExInitializeLookasideListEx(&Ex, NULL, NULL, NonPagedPoolNx, 0, 64, TAG_EX, 0),
             STATUS_SUCCESS);
    CHECK_EQ(Ex.L.Depth, 4);
    for (int i = 0; i < 6; i++)
        E[i] = ExAllocateFromLookasideListEx(&Ex);
    CHECK_EQ(TagInUse(TAG_EX), 6);
    for (int i = 0; i < 6; i++)
        ExFreeToLookasideListEx(&Ex, E[i]);
    CHECK_EQ(TagInUse(TAG_EX), 4);
    ExFlushLookasideListEx(&Ex);
    CHECK_EQ(TagInUse(TAG_EX), 0);
    CHECK_EQ(QueryDepthSList(&Ex.L.ListHead), 0);
    /* still usable after a flush */
    E[0] = ExAllocateFromLookasideListEx(&Ex);
    CHECK(E[0] != NULL);
    ExFreeToLookasideListEx(&Ex, E[0]);
    ExDeleteLookasideListEx(&Ex);
    CHECK_EQ(TagInUse(TAG_EX), 0);

    /* custom routines get the list; RAISE_ON_FAIL shows in the pool type */
    CHECK_EQ(ExInitializeLookasideListEx(&Ex, CustomAllocateEx, CustomFreeEx, PagedPool,
                                         EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL, 32, TAG_EX, 0),
             STATUS_SUCCESS);
    E[0] = ExAllocateFromLookasideListEx(&Ex);
    CHECK_EQ(ExAllocs, 1);
    CHECK(SeenList == &Ex);
    CHECK_EQ(SeenType, (POOL_TYPE)(PagedPool | POOL_RAISE_IF_ALLOCATION_FAILURE));
    ExFreeToLookasideListEx(&Ex, E[0]);
    CHECK_EQ(ExFrees, 0); /* cached */
    SeenList = NULL;
    ExDeleteLookasideListEx(&Ex);
    CHECK_EQ(ExFrees, 1);
    CHECK(SeenList == &Ex);
    CHECK_EQ(TagInUse(TAG_EX), 0);
}

/* Many misses raise Depth; once nothing misses it eases down again. */
static void TestDepthTuning(void)
{
    static PVOID E[64];
    ULONG MissesBefore;
    USHORT Grown;

    ExInitializeNPagedLookasideList(&NList, NULL, NULL, 0, 32, TAG_DE, 0);
    for (int Cycle = 0; Cycle < 40; Cycle++) {
        for (int i = 0; i < 64; i++)
            E[i] = ExAllocateFromNPagedLookasideList(&NList);
        for (int i = 0; i < 64; i++)
            ExFreeToNPagedLookasideList(&NList, E[i]);
    }
    Grown = NList.L.Depth;
    if (getenv("NTIO_TEST_VERBOSE"))
        printf("depth after bursts of 64: %u\n", Grown);
    CHECK(Grown >= 64);
    CHECK(Grown <= NList.L.MaximumDepth);
    /* the cache now serves a whole burst */
    MissesBefore = NList.L.AllocateMisses;
    for (int i = 0; i < 64; i++)
        E[i] = ExAllocateFromNPagedLookasideList(&NList);
    CHECK_EQ(NList.L.AllocateMisses, MissesBefore);
    for (int i = 0; i < 64; i++)
        ExFreeToNPagedLookasideList(&NList, E[i]);
    /* steady single allocations always hit: Depth shrinks, slowly */
    for (int i = 0; i < 256 * 8; i++)
        ExFreeToNPagedLookasideList(&NList, ExAllocateFromNPagedLookasideList(&NList));
    CHECK(NList.L.Depth < Grown);
    CHECK(NList.L.Depth >= 4);
    ExDeleteNPagedLookasideList(&NList);
    CHECK_EQ(TagInUse(TAG_DE), 0);
}

/* Threads allocate and free concurrently; no entry is handed out twice. */
#define MT_THREADS 4
#define MT_ROUNDS 20000

static volatile LONG Corrupt;
static pthread_barrier_t MtStart;

static void *LookasideWorker(void *Arg)
{
    ULONG64 Me = (ULONG64)(intptr_t)Arg + 1;
    ULONG64 *Held[8];

    pthread_barrier_wait(&MtStart);
    for (int i = 0; i < MT_ROUNDS; i++) {
        int n = 1 + (i % 8);
        for (int k = 0; k < n; k++) {
            Held[k] = ExAllocateFromNPagedLookasideList(&NList);
            Held[k][1] = Me;
            Held[k][2] = (ULONG64)k;
        }
        if ((i & 255) == 0)
            sched_yield();
        for (int k = 0; k < n; k++) {
            if (Held[k][1] != Me || Held[k][2] != (ULONG64)k)
                __atomic_add_fetch(&Corrupt, 1, __ATOMIC_RELAXED);
            ExFreeToNPagedLookasideList(&NList, Held[k]);
        }
    }
    return NULL;
}

static void TestLookasideContention(void)
{
    pthread_t T[MT_THREADS];

    ExInitializeNPagedLookasideList(&NList, NULL, NULL, 0, 64, TAG_MT, 0);
    pthread_barrier_init(&MtStart, NULL, MT_THREADS);
    for (int i = 0; i < MT_THREADS; i++)
        pthread_create(&T[i], NULL, LookasideWorker, (void *)(intptr_t)i);
    for (int i = 0; i < MT_THREADS; i++)
        pthread_join(T[i], NULL);
    pthread_barrier_destroy(&MtStart);
    CHECK_EQ(Corrupt, 0);
    CHECK_EQ(NList.L.TotalAllocates, NList.L.TotalFrees);
    CHECK_EQ(TagInUse(TAG_MT), QueryDepthSList(&NList.L.ListHead));
    ExDeleteNPagedLookasideList(&NList);
    CHECK_EQ(TagInUse(TAG_MT), 0);
}

/* An entry a driver never gives back is charged to the driver's call. */
PVOID LeakingDriverCode(void);
static volatile BOOLEAN ChargedToDriver;

static const char *FindDriverCaller(PVOID Caller)
{
    if ((ULONG_PTR)Caller - (ULONG_PTR)LeakingDriverCode < 64)
        ChargedToDriver = TRUE;
    return NULL; /* report nothing */
}

__attribute__((noinline)) PVOID LeakingDriverCode(void)
{
    PVOID P = ExAllocateFromNPagedLookasideList(&NList);
    __asm__ __volatile__("" ::: "memory");
    return P;
}

static void TestLeakCharged(void)
{
    PVOID Leaked;

    ExInitializeNPagedLookasideList(&NList, NULL, NULL, 0, 40, TAG_LK, 0);
    Leaked = LeakingDriverCode();
    ChargedToDriver = FALSE;
    ExpReportPoolLeaks(stderr, FindDriverCaller);
    CHECK(ChargedToDriver);
    ExFreeToNPagedLookasideList(&NList, Leaked);
    ExDeleteNPagedLookasideList(&NList);
    CHECK_EQ(TagInUse(TAG_LK), 0);
}

/* ---- misuse, in children ------------------------------------------------ */

static NPAGED_LOOKASIDE_LIST ChildList;

static void ChildInitializeLive(void)
{
    ExInitializeNPagedLookasideList(&ChildList, NULL, NULL, 0, 64, TAG_NP, 0);
    ExInitializeNPagedLookasideList(&ChildList, NULL, NULL, 0, 64, TAG_NP, 0);
}

static void ChildDeleteUninitialized(void)
{
    memset(&ChildList, 0, sizeof ChildList);
    ExDeleteNPagedLookasideList(&ChildList);
}

static void ChildTooSmall(void)
{
    ExInitializeNPagedLookasideList(&ChildList, NULL, NULL, 0, 4, TAG_NP, 0);
}

static void ChildExTooSmall(void)
{
    static LOOKASIDE_LIST_EX Ex;
    ExInitializeLookasideListEx(&Ex, NULL, NULL, NonPagedPool, 0, 2, TAG_EX, 0);
}

static void TestMisuse(void)
{
    int Status;

    Status = KmRunChild(ChildInitializeLive);
    CHECK_BUGCHECK(Status, 0xC4, 0xCA);
    Status = KmRunChild(ChildDeleteUninitialized);
    CHECK_BUGCHECK(Status, 0xC4, 0xCB);
    Status = KmRunChild(ChildTooSmall);
    CHECK_BUGCHECK(Status, 0xC4, 0xCD);
    CHECK(strstr(KmReport, " 0x0000000000000004 0x0000000000000008") != NULL);
    Status = KmRunChild(ChildExTooSmall);
    CHECK_BUGCHECK(Status, 0xC4, 0xCD);
}

int main(void)
{

    TestLayout();
    TestSListBasics();
    TestSListContention();
    TestNPagedDefault();
    TestListInPool();
    TestPagedDefault();
    TestCustomRoutines();
    TestLookasideEx();
    TestDepthTuning();
    TestLookasideContention();
    TestLeakCharged();
    TestMisuse();

    return test_summary("test_lookaside");
}
