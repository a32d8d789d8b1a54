/*
 * tests/unit/test_resource.c - executive resources (kernel/ex/resource.c):
 * recursion rules, shared owners that really run together, exclusive
 * exclusion, waiter counts and the order of hand-offs, starve-exclusive and
 * wait-for-exclusive semantics, conversion, release on behalf of another
 * thread, counts kept exact under contention, the pool the resource
 * allocates given back on delete, and the bug checks for misuse (each in a
 * forked child).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <sched.h>

#include "kmtest.h"
#include "ex/ex.h"

/* ---- helpers ------------------------------------------------------------ */

static LONG64 TagBalance(ULONG Tag, LONG64 *Allocs)
{
    EXP_TAG_STATS Stats[1024];
    ULONG n = ExpQueryPoolTags(Stats, 1024);

    *Allocs = 0;
    for (ULONG i = 0; i < n; i++)
        if (Stats[i].Tag == Tag) {
            *Allocs = Stats[i].Allocs;
            return Stats[i].Allocs - Stats[i].Frees;
        }
    return 0;
}

/* A thread that performs one acquisition when told, records the outcome,
 * and releases when told. */
enum {
    OP_EXCLUSIVE,
    OP_EXCLUSIVE_NOWAIT,
    OP_TRY_EXCLUSIVE,
    OP_SHARED,
    OP_SHARED_NOWAIT,
    OP_STARVE,
    OP_STARVE_NOWAIT,
    OP_WAIT_FOR_EXCLUSIVE,
    OP_WAIT_FOR_EXCLUSIVE_NOWAIT,
};

typedef struct _ACTOR {
    PERESOURCE Resource;
    int Op;
    BOOLEAN KeepOnExit;       /* leave it acquired (someone releases for us) */
    pthread_t Posix;
    ERESOURCE_THREAD Id;
    volatile LONG Started;
    volatile LONG Finished;   /* the acquire call returned */
    volatile LONG Release;    /* told to release and exit */
    BOOLEAN Result;
    LONG Order;               /* when it got the resource (1, 2, ...) */
    ULONG SharedCount;        /* ExIsResourceAcquiredSharedLite inside */
    BOOLEAN Exclusive;        /* ExIsResourceAcquiredExclusiveLite inside */
} ACTOR;

static volatile LONG OrderCounter;

static BOOLEAN DoAcquire(PERESOURCE Resource, int Op)
{
    switch (Op) {
    case OP_EXCLUSIVE:
        return ExAcquireResourceExclusiveLite(Resource, TRUE);
    case OP_EXCLUSIVE_NOWAIT:
        return ExAcquireResourceExclusiveLite(Resource, FALSE);
    case OP_TRY_EXCLUSIVE:
        return ExTryToAcquireResourceExclusiveLite(Resource);
    case OP_SHARED:
        return ExAcquireResourceSharedLite(Resource, TRUE);
    case OP_SHARED_NOWAIT:
        return ExAcquireResourceSharedLite(Resource, FALSE);
    case OP_STARVE:
        return ExAcquireSharedStarveExclusive(Resource, TRUE);
    case OP_STARVE_NOWAIT:
        return ExAcquireSharedStarveExclusive(Resource, FALSE);
    case OP_WAIT_FOR_EXCLUSIVE:
        return ExAcquireSharedWaitForExclusive(Resource, TRUE);
    default:
        return ExAcquireSharedWaitForExclusive(Resource, FALSE);
    }
}

static void *ActorMain(void *Arg)
{
    ACTOR *A = Arg;

    KeEnterCriticalRegion();
    A->Id = ExGetCurrentResourceThread();
    __atomic_store_n(&A->Started, 1, __ATOMIC_RELEASE);
    A->Result = DoAcquire(A->Resource, A->Op);
    if (A->Result) {
        A->Order = __atomic_add_fetch(&OrderCounter, 1, __ATOMIC_SEQ_CST);
        A->SharedCount = ExIsResourceAcquiredSharedLite(A->Resource);
        A->Exclusive = ExIsResourceAcquiredExclusiveLite(A->Resource);
    }
    __atomic_store_n(&A->Finished, 1, __ATOMIC_RELEASE);
    while (!__atomic_load_n(&A->Release, __ATOMIC_ACQUIRE))
        KmSleepMs(1);
    if (A->Result && !A->KeepOnExit)
        ExReleaseResourceLite(A->Resource);
    KeLeaveCriticalRegion();
    return NULL;
}

static void StartActor(ACTOR *A, PERESOURCE Resource, int Op)
{
    memset(A, 0, sizeof *A);
    A->Resource = Resource;
    A->Op = Op;
    pthread_create(&A->Posix, NULL, ActorMain, A);
    while (!__atomic_load_n(&A->Started, __ATOMIC_ACQUIRE))
        KmSleepMs(1);
}

static void StopActor(ACTOR *A)
{
    __atomic_store_n(&A->Release, 1, __ATOMIC_RELEASE);
    pthread_join(A->Posix, NULL);
}

static BOOLEAN Finished(ACTOR *A)
{
    return __atomic_load_n(&A->Finished, __ATOMIC_ACQUIRE) != 0;
}

/* ---- one thread ----------------------------------------------------------- */

static ERESOURCE Res;

static void TestRecursion(void)
{
    CHECK_EQ(ExInitializeResourceLite(&Res), STATUS_SUCCESS);
    CHECK(!ExIsResourceAcquiredExclusiveLite(&Res));
    CHECK_EQ(ExIsResourceAcquiredSharedLite(&Res), 0);
    CHECK_EQ(ExGetExclusiveWaiterCount(&Res), 0);
    CHECK_EQ(ExGetSharedWaiterCount(&Res), 0);

    KeEnterCriticalRegion();
    /* exclusive, then every kind of acquisition recursively */
    CHECK(ExAcquireResourceExclusiveLite(&Res, TRUE));
    CHECK(ExIsResourceAcquiredExclusiveLite(&Res));
    CHECK_EQ(ExIsResourceAcquiredSharedLite(&Res), 1);
    CHECK(ExAcquireResourceExclusiveLite(&Res, FALSE));
    CHECK(ExAcquireResourceSharedLite(&Res, TRUE));
    CHECK(ExAcquireSharedStarveExclusive(&Res, FALSE));
    CHECK(ExAcquireSharedWaitForExclusive(&Res, FALSE));
    CHECK(ExTryToAcquireResourceExclusiveLite(&Res));
    /* shared requests of the exclusive owner do not convert it */
    CHECK(ExIsResourceAcquiredExclusiveLite(&Res));
    CHECK_EQ(ExIsResourceAcquiredSharedLite(&Res), 6);
    CHECK(Res.Flag & ResourceOwnedExclusive);
    for (int i = 0; i < 5; i++)
        ExReleaseResourceLite(&Res);
    CHECK(ExIsResourceAcquiredExclusiveLite(&Res));
    ExReleaseResourceLite(&Res);
    CHECK(!ExIsResourceAcquiredExclusiveLite(&Res));
    CHECK_EQ(ExIsResourceAcquiredSharedLite(&Res), 0);
    CHECK_EQ(Res.ActiveCount, 0);
    CHECK_EQ(Res.ActiveEntries, 0);

    /* shared, recursively */
    CHECK(ExAcquireResourceSharedLite(&Res, TRUE));
    CHECK(ExAcquireResourceSharedLite(&Res, FALSE));
    CHECK(ExAcquireSharedStarveExclusive(&Res, TRUE));
    CHECK(!ExIsResourceAcquiredExclusiveLite(&Res));
    CHECK_EQ(ExIsResourceAcquiredSharedLite(&Res), 3);
    CHECK_EQ(Res.ActiveEntries, 1); /* one owner, three acquisitions */
    /* a reader cannot become a writer: without waiting, the answer is no */
    CHECK(!ExAcquireResourceExclusiveLite(&Res, FALSE));
    CHECK(!ExTryToAcquireResourceExclusiveLite(&Res));
    for (int i = 0; i < 3; i++)
        ExReleaseResourceLite(&Res);
    CHECK_EQ(ExIsResourceAcquiredSharedLite(&Res), 0);
    CHECK_EQ(Res.ActiveCount, 0);

    /* exclusive to shared */
    CHECK(ExAcquireResourceExclusiveLite(&Res, TRUE));
    CHECK(ExAcquireResourceExclusiveLite(&Res, TRUE));
    ExConvertExclusiveToSharedLite(&Res);
    CHECK(!ExIsResourceAcquiredExclusiveLite(&Res));
    CHECK_EQ(ExIsResourceAcquiredSharedLite(&Res), 2);
    ExReleaseResourceLite(&Res);
    ExReleaseResourceForThreadLite(&Res, ExGetCurrentResourceThread());
    CHECK_EQ(Res.ActiveCount, 0);
    KeLeaveCriticalRegion();

    /* the critical-region helpers */
    CHECK(!KeAreApcsDisabled());
    CHECK(ExEnterCriticalRegionAndAcquireResourceExclusive(&Res) != NULL);
    CHECK(KeAreApcsDisabled());
    CHECK(ExIsResourceAcquiredExclusiveLite(&Res));
    ExReleaseResourceAndLeaveCriticalRegion(&Res);
    CHECK(!KeAreApcsDisabled());
    CHECK(ExEnterCriticalRegionAndAcquireResourceShared(&Res) != NULL);
    CHECK_EQ(ExIsResourceAcquiredSharedLite(&Res), 1);
    CHECK(!ExIsResourceAcquiredExclusiveLite(&Res));
    ExReleaseResourceAndLeaveCriticalRegion(&Res);
    CHECK(ExEnterCriticalRegionAndAcquireSharedWaitForExclusive(&Res) != NULL);
    CHECK_EQ(ExIsResourceAcquiredSharedLite(&Res), 1);
    ExReleaseResourceAndLeaveCriticalRegion(&Res);
    CHECK(!KeAreApcsDisabled());

    /* APC_LEVEL is as good as a critical region */
    {
        KIRQL OldIrql;
        KeRaiseIrql(APC_LEVEL, &OldIrql);
        CHECK(ExAcquireResourceExclusiveLite(&Res, TRUE));
        ExReleaseResourceLite(&Res);
        KeLowerIrql(OldIrql);
    }

    CHECK_EQ(ExReinitializeResourceLite(&Res), STATUS_SUCCESS);
    CHECK_EQ(Res.ActiveCount, 0);
    CHECK_EQ(ExDeleteResourceLite(&Res), STATUS_SUCCESS);
    /* deleted: it can be initialized again */
    CHECK_EQ(ExInitializeResourceLite(&Res), STATUS_SUCCESS);
    CHECK_EQ(ExDeleteResourceLite(&Res), STATUS_SUCCESS);
}

/* ---- several threads ------------------------------------------------------ */

#define READERS 8

/* Eight readers hold it at the same time (none releases before all are in). */
static void TestSharedIsConcurrent(void)
{
    ACTOR A[READERS];

    ExInitializeResourceLite(&Res);
    for (int i = 0; i < READERS; i++)
        StartActor(&A[i], &Res, i & 1 ? OP_SHARED : OP_STARVE);
    for (int i = 0; i < READERS; i++)
        CHECK(KM_EVENTUALLY(Finished(&A[i])));
    for (int i = 0; i < READERS; i++) {
        CHECK(A[i].Result);
        CHECK_EQ(A[i].SharedCount, 1);
        CHECK(!A[i].Exclusive);
    }
    CHECK_EQ(Res.ActiveEntries, READERS);
    CHECK(Res.OwnerTable != NULL); /* the owner table grew past OwnerEntry */
    CHECK_EQ(Res.ContentionCount, 0);

    /* while they read, nobody writes */
    KeEnterCriticalRegion();
    CHECK(!ExAcquireResourceExclusiveLite(&Res, FALSE));
    CHECK(!ExTryToAcquireResourceExclusiveLite(&Res));
    /* another reader is welcome */
    CHECK(ExAcquireResourceSharedLite(&Res, FALSE));
    ExReleaseResourceLite(&Res);
    KeLeaveCriticalRegion();

    for (int i = 0; i < READERS; i++)
        StopActor(&A[i]);
    CHECK_EQ(Res.ActiveEntries, 0);
    CHECK_EQ(Res.ActiveCount, 0);
    ExDeleteResourceLite(&Res);
}

/* A writer keeps everyone out; those that wait are counted, the readers
 * come in together when the writer leaves, the next writer after them. */
static void TestExclusiveExcludesAndHandOff(void)
{
    ACTOR S1, S2, E1, X;

    ExInitializeResourceLite(&Res);
    KeEnterCriticalRegion();
    CHECK(ExAcquireResourceExclusiveLite(&Res, TRUE));

    StartActor(&X, &Res, OP_SHARED_NOWAIT);
    CHECK(KM_EVENTUALLY(Finished(&X)));
    CHECK(!X.Result);
    StopActor(&X);
    StartActor(&X, &Res, OP_STARVE_NOWAIT);
    CHECK(KM_EVENTUALLY(Finished(&X)));
    CHECK(!X.Result); /* starving writers does not mean overtaking the owner */
    StopActor(&X);
    StartActor(&X, &Res, OP_TRY_EXCLUSIVE);
    CHECK(KM_EVENTUALLY(Finished(&X)));
    CHECK(!X.Result);
    StopActor(&X);
    StartActor(&X, &Res, OP_EXCLUSIVE_NOWAIT);
    CHECK(KM_EVENTUALLY(Finished(&X)));
    CHECK(!X.Result);
    StopActor(&X);
    CHECK_EQ(Res.ContentionCount, 0); /* nobody waited */

    OrderCounter = 0;
    StartActor(&S1, &Res, OP_SHARED);
    StartActor(&E1, &Res, OP_EXCLUSIVE);
    CHECK(KM_EVENTUALLY(ExGetExclusiveWaiterCount(&Res) == 1));
    StartActor(&S2, &Res, OP_WAIT_FOR_EXCLUSIVE);
    CHECK(KM_EVENTUALLY(ExGetSharedWaiterCount(&Res) == 2));
    CHECK_EQ(ExGetExclusiveWaiterCount(&Res), 1);
    CHECK_EQ(Res.ContentionCount, 3);
    CHECK(!Finished(&S1) && !Finished(&S2) && !Finished(&E1));
    CHECK(Res.SharedWaiters != NULL && Res.ExclusiveWaiters != NULL);

    /* the writer leaves: both readers come in, the second writer waits */
    ExReleaseResourceLite(&Res);
    CHECK(KM_EVENTUALLY(Finished(&S1) && Finished(&S2)));
    CHECK(S1.Result && S2.Result);
    CHECK(!S1.Exclusive && !S2.Exclusive);
    CHECK_EQ(ExGetSharedWaiterCount(&Res), 0);
    CHECK_EQ(ExGetExclusiveWaiterCount(&Res), 1);
    KmSleepMs(20);
    CHECK(!Finished(&E1));
    CHECK_EQ(Res.ActiveEntries, 2);

    /* a newcomer reader queues behind the waiting writer... */
    StartActor(&X, &Res, OP_SHARED_NOWAIT);
    CHECK(KM_EVENTUALLY(Finished(&X)));
    CHECK(!X.Result);
    StopActor(&X);
    /* ...unless it starves writers */
    StartActor(&X, &Res, OP_STARVE_NOWAIT);
    CHECK(KM_EVENTUALLY(Finished(&X)));
    CHECK(X.Result);
    StopActor(&X);

    /* readers leave: the writer comes in */
    StopActor(&S1);
    KmSleepMs(10);
    CHECK(!Finished(&E1));
    StopActor(&S2);
    CHECK(KM_EVENTUALLY(Finished(&E1)));
    CHECK(E1.Result && E1.Exclusive);
    CHECK_EQ(E1.SharedCount, 1);
    CHECK(E1.Order > S1.Order && E1.Order > S2.Order);
    CHECK_EQ(ExGetExclusiveWaiterCount(&Res), 0);
    CHECK(!ExIsResourceAcquiredExclusiveLite(&Res)); /* it is E1's, not ours */
    StopActor(&E1);
    CHECK_EQ(Res.ActiveCount, 0);
    KeLeaveCriticalRegion();
    ExDeleteResourceLite(&Res);
}

/* Readers own it and a writer waits: a recursive reader still gets in with
 * ExAcquireResourceSharedLite, but not with ExAcquireSharedWaitForExclusive,
 * which waits until another thread releases on its behalf. */
typedef struct _TWO_STEP {
    volatile LONG Step;      /* 1: holds shared; 2: told to wait-for-exclusive; 3: got it */
    BOOLEAN Result;
    ULONG CountAfter;
    ERESOURCE_THREAD Id;
} TWO_STEP;

static void *TwoStepReader(void *Arg)
{
    TWO_STEP *T = Arg;

    KeEnterCriticalRegion();
    T->Id = ExGetCurrentResourceThread();
    ExAcquireResourceSharedLite(&Res, TRUE);
    __atomic_store_n(&T->Step, 1, __ATOMIC_RELEASE);
    while (__atomic_load_n(&T->Step, __ATOMIC_ACQUIRE) != 2)
        KmSleepMs(1);
    T->Result = ExAcquireSharedWaitForExclusive(&Res, TRUE);
    T->CountAfter = ExIsResourceAcquiredSharedLite(&Res);
    __atomic_store_n(&T->Step, 3, __ATOMIC_RELEASE);
    ExReleaseResourceLite(&Res);
    KeLeaveCriticalRegion();
    return NULL;
}

static void TestWaitForExclusive(void)
{
    TWO_STEP T;
    pthread_t Posix;
    ACTOR E1;

    memset(&T, 0, sizeof T);
    ExInitializeResourceLite(&Res);
    pthread_create(&Posix, NULL, TwoStepReader, &T);
    CHECK(KM_EVENTUALLY(T.Step == 1));
    StartActor(&E1, &Res, OP_EXCLUSIVE);
    CHECK(KM_EVENTUALLY(ExGetExclusiveWaiterCount(&Res) == 1));

    KeEnterCriticalRegion();
    /* we are not an owner: a new reader waits behind the writer */
    CHECK(!ExAcquireResourceSharedLite(&Res, FALSE));
    CHECK(!ExAcquireSharedWaitForExclusive(&Res, FALSE));
    CHECK(ExAcquireSharedStarveExclusive(&Res, FALSE));
    /* now we are: recursion is allowed, unless waiting for the writer */
    CHECK(ExAcquireResourceSharedLite(&Res, FALSE));
    CHECK(!ExAcquireSharedWaitForExclusive(&Res, FALSE));
    ExReleaseResourceLite(&Res);
    ExReleaseResourceLite(&Res);

    T.Step = 2;
    CHECK(KM_EVENTUALLY(ExGetSharedWaiterCount(&Res) == 1));
    KmSleepMs(10);
    CHECK_EQ(T.Step, 2);
    CHECK(!Finished(&E1));
    /* release the reader's first acquisition on its behalf: the writer gets
     * the resource, then the reader its new shared access */
    ExReleaseResourceForThreadLite(&Res, T.Id);
    CHECK(KM_EVENTUALLY(Finished(&E1)));
    CHECK(E1.Result);
    CHECK_EQ(T.Step, 2);
    StopActor(&E1);
    CHECK(KM_EVENTUALLY(T.Step == 3));
    pthread_join(Posix, NULL);
    CHECK(T.Result);
    CHECK_EQ(T.CountAfter, 1);
    CHECK_EQ(Res.ActiveCount, 0);
    KeLeaveCriticalRegion();
    ExDeleteResourceLite(&Res);
}

/* Converting to shared admits the readers that queued behind the writer. */
static void TestConvertAdmitsReaders(void)
{
    ACTOR S1, S2;

    ExInitializeResourceLite(&Res);
    KeEnterCriticalRegion();
    CHECK(ExAcquireResourceExclusiveLite(&Res, TRUE));
    StartActor(&S1, &Res, OP_SHARED);
    StartActor(&S2, &Res, OP_STARVE);
    CHECK(KM_EVENTUALLY(ExGetSharedWaiterCount(&Res) == 2));
    ExConvertExclusiveToSharedLite(&Res);
    CHECK(KM_EVENTUALLY(Finished(&S1) && Finished(&S2)));
    CHECK(S1.Result && S2.Result);
    CHECK_EQ(ExIsResourceAcquiredSharedLite(&Res), 1);
    CHECK_EQ(Res.ActiveEntries, 3);
    ExReleaseResourceLite(&Res);
    StopActor(&S1);
    StopActor(&S2);
    CHECK_EQ(Res.ActiveCount, 0);
    KeLeaveCriticalRegion();
    ExDeleteResourceLite(&Res);
}

/* A thread leaves the resource to another thread to release. */
static void TestReleaseForThread(void)
{
    ACTOR A;

    ExInitializeResourceLite(&Res);
    memset(&A, 0, sizeof A);
    A.Resource = &Res;
    A.Op = OP_EXCLUSIVE;
    A.KeepOnExit = TRUE;
    pthread_create(&A.Posix, NULL, ActorMain, &A);
    CHECK(KM_EVENTUALLY(Finished(&A)));
    StopActor(&A);
    CHECK(Res.Flag & ResourceOwnedExclusive);
    KeEnterCriticalRegion();
    ExReleaseResourceForThreadLite(&Res, A.Id);
    CHECK_EQ(Res.ActiveCount, 0);
    CHECK(ExAcquireResourceExclusiveLite(&Res, FALSE));
    ExReleaseResourceLite(&Res);
    KeLeaveCriticalRegion();
    ExDeleteResourceLite(&Res);
}

/* Writers and readers hammer it; readers must never see a half-done write. */
#define WRITERS 2
#define HAMMER_READERS 3
#define ROUNDS 4000

static volatile LONG Left, Right;
static volatile LONG TornReads, WriterOverlaps, WritersInside;
static pthread_barrier_t HammerStart;

static void *Writer(void *Arg)
{
    (void)Arg;
    pthread_barrier_wait(&HammerStart);
    KeEnterCriticalRegion();
    for (int i = 0; i < ROUNDS; i++) {
        ExAcquireResourceExclusiveLite(&Res, TRUE);
        if (__atomic_add_fetch(&WritersInside, 1, __ATOMIC_RELAXED) != 1)
            __atomic_add_fetch(&WriterOverlaps, 1, __ATOMIC_RELAXED);
        Left++;
        if ((i & 31) == 0)
            sched_yield();
        Right++;
        __atomic_sub_fetch(&WritersInside, 1, __ATOMIC_RELAXED);
        ExReleaseResourceLite(&Res);
    }
    KeLeaveCriticalRegion();
    return NULL;
}

static void *Reader(void *Arg)
{
    int Kind = (int)(intptr_t)Arg;

    pthread_barrier_wait(&HammerStart);
    KeEnterCriticalRegion();
    for (int i = 0; i < ROUNDS; i++) {
        if (Kind == 0)
            ExAcquireResourceSharedLite(&Res, TRUE);
        else if (Kind == 1)
            ExAcquireSharedStarveExclusive(&Res, TRUE);
        else
            ExAcquireSharedWaitForExclusive(&Res, TRUE);
        if (__atomic_load_n(&WritersInside, __ATOMIC_RELAXED) != 0 || Left != Right)
            __atomic_add_fetch(&TornReads, 1, __ATOMIC_RELAXED);
        if ((i & 31) == 0)
            sched_yield();
        ExReleaseResourceLite(&Res);
    }
    KeLeaveCriticalRegion();
    return NULL;
}

static void TestHammer(void)
{
    pthread_t T[WRITERS + HAMMER_READERS];
    int n = 0;

    ExInitializeResourceLite(&Res);
    pthread_barrier_init(&HammerStart, NULL, WRITERS + HAMMER_READERS);
    for (int i = 0; i < WRITERS; i++)
        pthread_create(&T[n++], NULL, Writer, NULL);
    for (int i = 0; i < HAMMER_READERS; i++)
        pthread_create(&T[n++], NULL, Reader, (void *)(intptr_t)i);
    for (int i = 0; i < n; i++)
        pthread_join(T[i], NULL);
    pthread_barrier_destroy(&HammerStart);
    if (getenv("NTIO_TEST_VERBOSE"))
        printf("hammer: %u contended acquisitions\n", (unsigned)Res.ContentionCount);
    CHECK_EQ(Left, WRITERS * ROUNDS);
    CHECK_EQ(Right, WRITERS * ROUNDS);
    CHECK_EQ(TornReads, 0);
    CHECK_EQ(WriterOverlaps, 0);
    CHECK(Res.ContentionCount > 0);
    CHECK_EQ(Res.ActiveCount, 0);
    CHECK_EQ(Res.ActiveEntries, 0);
    CHECK_EQ(ExGetSharedWaiterCount(&Res), 0);
    CHECK_EQ(ExGetExclusiveWaiterCount(&Res), 0);
    /* no wake-up left over */
    CHECK(Res.SharedWaiters == NULL || KeReadStateSemaphore(Res.SharedWaiters) == 0);
    CHECK(Res.ExclusiveWaiters == NULL || KeReadStateEvent(Res.ExclusiveWaiters) == 0);
    ExDeleteResourceLite(&Res);
}

/* What contention allocated is given back by ExDeleteResourceLite. */
static void TestPoolBalance(void)
{
    LONG64 Allocs;

    CHECK_EQ(TagBalance(TAG('R', 's', 'r', 'E'), &Allocs), 0);
    CHECK(Allocs > 0);
    CHECK_EQ(TagBalance(TAG('R', 's', 'r', 'S'), &Allocs), 0);
    CHECK(Allocs > 0);
    CHECK_EQ(TagBalance(TAG('R', 's', 'r', 'T'), &Allocs), 0);
    CHECK(Allocs > 0);
}

/* ---- misuse, in children ------------------------------------------------ */

static ERESOURCE ChildRes;

static void ChildAcquireOutsideCriticalRegion(void)
{
    ExInitializeResourceLite(&ChildRes);
    ExAcquireResourceSharedLite(&ChildRes, TRUE);
}

static void ChildReleaseOutsideCriticalRegion(void)
{
    ExInitializeResourceLite(&ChildRes);
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&ChildRes, TRUE);
    KeLeaveCriticalRegion();
    ExReleaseResourceLite(&ChildRes);
}

static void ChildSystemThreadExempt(void)
{
    KeGetCurrentThread()->SystemThread = TRUE;
    ExInitializeResourceLite(&ChildRes);
    ExAcquireResourceExclusiveLite(&ChildRes, TRUE);
    ExReleaseResourceLite(&ChildRes);
    ExDeleteResourceLite(&ChildRes);
    _exit(7);
}

static void ChildSharedToExclusive(void)
{
    ExInitializeResourceLite(&ChildRes);
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&ChildRes, TRUE);
    ExAcquireResourceExclusiveLite(&ChildRes, TRUE);
}

static void ChildReleaseNotOwned(void)
{
    ExInitializeResourceLite(&ChildRes);
    KeEnterCriticalRegion();
    ExReleaseResourceLite(&ChildRes);
}

static void ChildReleaseSharedNotOwned(void)
{
    static KTHREAD Other;

    /* another (stand-in) thread reads; we release */
    ExInitializeResourceLite(&ChildRes);
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&ChildRes, TRUE);
    ChildRes.OwnerEntry.OwnerThread = (ERESOURCE_THREAD)&Other;
    ExReleaseResourceLite(&ChildRes);
}

static void ChildReleaseForBogusThread(void)
{
    ExInitializeResourceLite(&ChildRes);
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&ChildRes, TRUE);
    ExReleaseResourceForThreadLite(&ChildRes, 0x1230);
}

static void ChildInitializeLive(void)
{
    ExInitializeResourceLite(&ChildRes);
    ExInitializeResourceLite(&ChildRes);
}

static void ChildDeleteUninitialized(void)
{
    memset(&ChildRes, 0, sizeof ChildRes);
    ExDeleteResourceLite(&ChildRes);
}

static void ChildDeleteOwned(void)
{
    ExInitializeResourceLite(&ChildRes);
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&ChildRes, TRUE);
    ExDeleteResourceLite(&ChildRes);
}

static void ChildAcquireUninitialized(void)
{
    memset(&ChildRes, 0, sizeof ChildRes);
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&ChildRes, TRUE);
}

static void ChildAcquireAtDispatch(void)
{
    KIRQL OldIrql;

    ExInitializeResourceLite(&ChildRes);
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    ExAcquireResourceSharedLite(&ChildRes, FALSE);
}

static void ChildUnaligned(void)
{
    static ULONG64 Storage[sizeof(ERESOURCE) / 8 + 2];

    ExInitializeResourceLite((PERESOURCE)((PUCHAR)Storage + 4));
}

static void TestMisuse(void)
{
    int Status;

    Status = KmRunChild(ChildAcquireOutsideCriticalRegion);
    CHECK_BUGCHECK(Status, 0xC4, 0x37);
    CHECK(strstr(KmReport, "0x0000000000000037 0x0000000000000000 0x0000000000000000 ") != NULL);

    Status = KmRunChild(ChildReleaseOutsideCriticalRegion);
    CHECK_BUGCHECK(Status, 0xC4, 0x38);

    Status = KmRunChild(ChildSystemThreadExempt);
    CHECK(WIFEXITED(Status) && WEXITSTATUS(Status) == 7);

    Status = KmRunChild(ChildSharedToExclusive);
    CHECK_BUGCHECK(Status, 0xC4, 0x1000);

    Status = KmRunChild(ChildReleaseNotOwned);
    CHECK_BUGCHECK(Status, 0xE3, (ULONG_PTR)&ChildRes);
    CHECK(strstr(KmReport, "RESOURCE_NOT_OWNED") != NULL);

    Status = KmRunChild(ChildReleaseSharedNotOwned);
    CHECK_BUGCHECK(Status, 0xE3, (ULONG_PTR)&ChildRes);

    Status = KmRunChild(ChildReleaseForBogusThread);
    CHECK_BUGCHECK(Status, 0x16E, (ULONG_PTR)&ChildRes);
    CHECK(strstr(KmReport, "0x0000000000001230") != NULL);

    Status = KmRunChild(ChildInitializeLive);
    CHECK_BUGCHECK(Status, 0xC4, 0xD0);

    Status = KmRunChild(ChildDeleteUninitialized);
    CHECK_BUGCHECK(Status, 0xC4, 0xD1);

    Status = KmRunChild(ChildDeleteOwned);
    CHECK_BUGCHECK(Status, 0xC4, 0x100B);

    Status = KmRunChild(ChildAcquireUninitialized);
    CHECK_BUGCHECK(Status, 0xC4, 0x1002);

    Status = KmRunChild(ChildAcquireAtDispatch);
    CHECK_BUGCHECK(Status, 0xC4, 0x20007);

    Status = KmRunChild(ChildUnaligned);
    CHECK_BUGCHECK(Status, 0xC4, 0x3D);
}

int main(void)
{
    CHECK_EQ(sizeof(ERESOURCE), 0x68); /* the x64 Windows size */
    CHECK_EQ(sizeof(OWNER_ENTRY), 16);

    TestRecursion();
    TestSharedIsConcurrent();
    TestExclusiveExcludesAndHandOff();
    TestWaitForExclusive();
    TestConvertAdmitsReaders();
    TestReleaseForThread();
    TestHammer();
    TestPoolBalance();
    TestMisuse();

    return test_summary("test_resource");
}
