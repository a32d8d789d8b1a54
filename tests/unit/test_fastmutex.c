/*
 * tests/unit/test_fastmutex.c - critical and guarded regions
 * (kernel/ke/critical.c), fast mutexes (kernel/ex/fastmutex.c) and guarded
 * mutexes (kernel/ke/guarded.c): IRQL and APC-disable effects, try-acquire,
 * the unsafe forms, contention (waiters sleep in a dispatcher wait on the
 * embedded event; counts stay exact under several threads), and the bug
 * checks for misuse, each in a forked child.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <sched.h>

#include "kmtest.h"

/* ---- helpers ------------------------------------------------------------ */

/* Is Thread blocked in a dispatcher wait on Object? */
static BOOLEAN IsWaitingOn(PKTHREAD Thread, PVOID Object)
{
    return __atomic_load_n(&Thread->WaitCount, __ATOMIC_ACQUIRE) == 1 &&
           __atomic_load_n(&Thread->WaitFutex, __ATOMIC_ACQUIRE) == 0 &&
           Thread->WaitBlockList && Thread->WaitBlockList[0].Object == Object;
}

/* ---- critical and guarded regions --------------------------------------- */

static void TestRegions(void)
{
    PKTHREAD Thread = KeGetCurrentThread();
    KIRQL OldIrql;

    CHECK(!KeAreApcsDisabled());
    CHECK(!KeAreAllApcsDisabled());
    KeEnterCriticalRegion();
    CHECK_EQ(Thread->KernelApcDisable, (SHORT)-1);
    CHECK(KeAreApcsDisabled());
    CHECK(!KeAreAllApcsDisabled()); /* special kernel APCs still run */
    KeEnterCriticalRegion();
    CHECK_EQ(Thread->KernelApcDisable, (SHORT)-2);
    KeLeaveCriticalRegion();
    CHECK(KeAreApcsDisabled());
    KeLeaveCriticalRegion();
    CHECK_EQ(Thread->KernelApcDisable, 0);
    CHECK(!KeAreApcsDisabled());

    KeEnterGuardedRegion();
    CHECK_EQ(Thread->SpecialApcDisable, (SHORT)-1);
    CHECK(KeAreApcsDisabled());
    CHECK(KeAreAllApcsDisabled());
    KeLeaveGuardedRegion();
    CHECK_EQ(Thread->SpecialApcDisable, 0);
    CHECK(!KeAreAllApcsDisabled());

    KeRaiseIrql(APC_LEVEL, &OldIrql);
    CHECK(KeAreAllApcsDisabled());
    CHECK(!KeAreApcsDisabled()); /* only the region counts */
    KeLowerIrql(OldIrql);
}

/* ---- fast mutex, one thread --------------------------------------------- */

static void TestFastMutexUncontended(void)
{
    FAST_MUTEX Mutex;
    PKTHREAD Thread = KeGetCurrentThread();
    KIRQL OldIrql;

    ExInitializeFastMutex(&Mutex);
    CHECK_EQ(Mutex.Count, FM_LOCK_BIT);
    CHECK(Mutex.Owner == NULL);

    ExAcquireFastMutex(&Mutex);
    CHECK_EQ(KeGetCurrentIrql(), APC_LEVEL);
    CHECK(Mutex.Owner == Thread);
    CHECK_EQ(Mutex.Count, 0);
    CHECK_EQ(Mutex.OldIrql, PASSIVE_LEVEL);
    CHECK(KeAreAllApcsDisabled());
    ExReleaseFastMutex(&Mutex);
    CHECK_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    CHECK_EQ(Mutex.Count, FM_LOCK_BIT);
    CHECK(Mutex.Owner == NULL);
    CHECK_EQ(Mutex.Contention, 0);

    /* from APC_LEVEL: the release returns to APC_LEVEL */
    KeRaiseIrql(APC_LEVEL, &OldIrql);
    ExAcquireFastMutex(&Mutex);
    CHECK_EQ(Mutex.OldIrql, APC_LEVEL);
    ExReleaseFastMutex(&Mutex);
    CHECK_EQ(KeGetCurrentIrql(), APC_LEVEL);
    KeLowerIrql(OldIrql);

    /* try-acquire of a free mutex */
    CHECK(ExTryToAcquireFastMutex(&Mutex));
    CHECK_EQ(KeGetCurrentIrql(), APC_LEVEL);
    CHECK(Mutex.Owner == Thread);
    /* ... of a held one (even by the caller: no deadlock, just FALSE) */
    CHECK(!ExTryToAcquireFastMutex(&Mutex));
    CHECK_EQ(KeGetCurrentIrql(), APC_LEVEL);
    ExReleaseFastMutex(&Mutex);
    CHECK_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);

    /* unsafe forms: inside a critical region, IRQL untouched */
    KeEnterCriticalRegion();
    ExAcquireFastMutexUnsafe(&Mutex);
    CHECK_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    CHECK(Mutex.Owner == Thread);
    ExReleaseFastMutexUnsafe(&Mutex);
    KeLeaveCriticalRegion();
    /* ... or at APC_LEVEL */
    KeRaiseIrql(APC_LEVEL, &OldIrql);
    ExAcquireFastMutexUnsafe(&Mutex);
    ExReleaseFastMutexUnsafe(&Mutex);
    KeLowerIrql(OldIrql);
    CHECK_EQ(Mutex.Count, FM_LOCK_BIT);
}

/* ---- contention ---------------------------------------------------------- */

typedef struct _CONTEND {
    PFAST_MUTEX Mutex;
    BOOLEAN Guarded;
    volatile LONG Started;
    volatile LONG Acquired;
    PKTHREAD Thread;
    KIRQL IrqlInside;
    SHORT SpecialApcDisableInside;
} CONTEND;

static void *BlockedAcquirer(void *Arg)
{
    CONTEND *C = Arg;

    C->Thread = KeGetCurrentThread();
    __atomic_store_n(&C->Started, 1, __ATOMIC_RELEASE);
    if (C->Guarded)
        KeAcquireGuardedMutex(C->Mutex);
    else
        ExAcquireFastMutex(C->Mutex);
    C->IrqlInside = KeGetCurrentIrql();
    C->SpecialApcDisableInside = C->Thread->SpecialApcDisable;
    __atomic_store_n(&C->Acquired, 1, __ATOMIC_RELEASE);
    if (C->Guarded)
        KeReleaseGuardedMutex(C->Mutex);
    else
        ExReleaseFastMutex(C->Mutex);
    return NULL;
}

/* A thread that finds the mutex held sleeps in a dispatcher wait on the
 * mutex's event, counted in Count, and gets the mutex when it is released. */
static void TestWaiterUsesDispatcher(BOOLEAN Guarded)
{
    FAST_MUTEX Mutex;
    CONTEND C;
    pthread_t T;

    memset(&C, 0, sizeof C);
    if (Guarded)
        KeInitializeGuardedMutex(&Mutex);
    else
        ExInitializeFastMutex(&Mutex);
    C.Mutex = &Mutex;
    C.Guarded = Guarded;
    if (Guarded)
        KeAcquireGuardedMutex(&Mutex);
    else
        ExAcquireFastMutex(&Mutex);
    pthread_create(&T, NULL, BlockedAcquirer, &C);
    CHECK(KM_EVENTUALLY(__atomic_load_n(&C.Started, __ATOMIC_ACQUIRE)));
    CHECK(KM_EVENTUALLY(IsWaitingOn(C.Thread, &Mutex.Event)));
    CHECK_EQ(Mutex.Count, FM_LOCK_WAITER_INC); /* held, one waiter */
    CHECK(!C.Acquired);
    CHECK_EQ(Mutex.Contention, 1);
    if (Guarded)
        KeReleaseGuardedMutex(&Mutex);
    else
        ExReleaseFastMutex(&Mutex);
    pthread_join(T, NULL);
    CHECK(C.Acquired);
    if (Guarded) {
        CHECK_EQ(C.IrqlInside, PASSIVE_LEVEL);
        CHECK_EQ(C.SpecialApcDisableInside, (SHORT)-1);
    } else {
        CHECK_EQ(C.IrqlInside, APC_LEVEL);
    }
    CHECK_EQ(Mutex.Count, FM_LOCK_BIT); /* free, no waiter, no wake-up in flight */
    CHECK(Mutex.Owner == NULL);
}

/* Try-acquire of a mutex another thread holds fails and leaves IRQL alone. */
static void *TryWhileHeld(void *Arg)
{
    CONTEND *C = Arg;

    if (C->Guarded) {
        C->Acquired = KeTryToAcquireGuardedMutex(C->Mutex);
        C->SpecialApcDisableInside = KeGetCurrentThread()->SpecialApcDisable;
    } else {
        C->Acquired = ExTryToAcquireFastMutex(C->Mutex);
    }
    C->IrqlInside = KeGetCurrentIrql();
    return NULL;
}

static void TestTryWhileHeld(void)
{
    FAST_MUTEX Mutex;
    CONTEND C;
    pthread_t T;

    memset(&C, 0, sizeof C);
    ExInitializeFastMutex(&Mutex);
    C.Mutex = &Mutex;
    ExAcquireFastMutex(&Mutex);
    pthread_create(&T, NULL, TryWhileHeld, &C);
    pthread_join(T, NULL);
    CHECK(!C.Acquired);
    CHECK_EQ(C.IrqlInside, PASSIVE_LEVEL);
    ExReleaseFastMutex(&Mutex);

    memset(&C, 0, sizeof C);
    C.Mutex = &Mutex;
    C.Guarded = TRUE;
    KeAcquireGuardedMutex(&Mutex);
    pthread_create(&T, NULL, TryWhileHeld, &C);
    pthread_join(T, NULL);
    CHECK(!C.Acquired);
    CHECK_EQ(C.SpecialApcDisableInside, 0); /* left the guarded region again */
    KeReleaseGuardedMutex(&Mutex);
}

#define HAMMER_THREADS 4
#define HAMMER_ROUNDS 20000

typedef struct _HAMMER {
    PFAST_MUTEX Mutex;
    int Kind;                /* 0 fast, 1 guarded, 2 fast unsafe, 3 guarded unsafe */
    volatile LONG Inside;    /* threads inside the lock: must stay 0 or 1 */
    LONG Counter;            /* plain increments, protected by the mutex */
    volatile LONG Overlaps;
    volatile LONG BadIrql;
    pthread_barrier_t Start;
} HAMMER;

static void *Hammer(void *Arg)
{
    HAMMER *H = Arg;

    pthread_barrier_wait(&H->Start);
    for (int i = 0; i < HAMMER_ROUNDS; i++) {
        switch (H->Kind) {
        case 0:
            ExAcquireFastMutex(H->Mutex);
            break;
        case 1:
            KeAcquireGuardedMutex(H->Mutex);
            break;
        case 2:
            KeEnterCriticalRegion();
            ExAcquireFastMutexUnsafe(H->Mutex);
            break;
        default:
            KeEnterGuardedRegion();
            KeAcquireGuardedMutexUnsafe(H->Mutex);
            break;
        }
        if (__atomic_add_fetch(&H->Inside, 1, __ATOMIC_RELAXED) != 1)
            __atomic_add_fetch(&H->Overlaps, 1, __ATOMIC_RELAXED);
        if (KeGetCurrentIrql() != (H->Kind == 0 ? APC_LEVEL : PASSIVE_LEVEL))
            __atomic_add_fetch(&H->BadIrql, 1, __ATOMIC_RELAXED);
        H->Counter++;
        /* Now and then give the CPU away while holding the lock, so that
         * the others really find it held and have to wait. */
        if ((i & 63) == 0)
            sched_yield();
        __atomic_sub_fetch(&H->Inside, 1, __ATOMIC_RELAXED);
        switch (H->Kind) {
        case 0:
            ExReleaseFastMutex(H->Mutex);
            break;
        case 1:
            KeReleaseGuardedMutex(H->Mutex);
            break;
        case 2:
            ExReleaseFastMutexUnsafe(H->Mutex);
            KeLeaveCriticalRegion();
            break;
        default:
            KeReleaseGuardedMutexUnsafe(H->Mutex);
            KeLeaveGuardedRegion();
            break;
        }
    }
    return NULL;
}

static void TestHammer(int Kind)
{
    FAST_MUTEX Mutex;
    HAMMER H;
    pthread_t T[HAMMER_THREADS];

    memset(&H, 0, sizeof H);
    if (Kind & 1)
        KeInitializeGuardedMutex(&Mutex);
    else
        ExInitializeFastMutex(&Mutex);
    H.Mutex = &Mutex;
    H.Kind = Kind;
    pthread_barrier_init(&H.Start, NULL, HAMMER_THREADS);
    for (int i = 0; i < HAMMER_THREADS; i++)
        pthread_create(&T[i], NULL, Hammer, &H);
    for (int i = 0; i < HAMMER_THREADS; i++)
        pthread_join(T[i], NULL);
    pthread_barrier_destroy(&H.Start);
    if (getenv("NTIO_TEST_VERBOSE"))
        printf("hammer kind %d: %u contended acquisitions\n", Kind, (unsigned)Mutex.Contention);
    CHECK_EQ(H.Counter, HAMMER_THREADS * HAMMER_ROUNDS);
    CHECK(Mutex.Contention > 0);
    CHECK_EQ(H.Overlaps, 0);
    CHECK_EQ(H.BadIrql, 0);
    CHECK_EQ(Mutex.Count, FM_LOCK_BIT);
    CHECK(Mutex.Owner == NULL);
    /* the event is not left signalled by a lost or extra wake-up */
    CHECK_EQ(KeReadStateEvent(&Mutex.Event), 0);
}

/* ---- guarded mutex, one thread ------------------------------------------ */

static void TestGuardedMutexUncontended(void)
{
    KGUARDED_MUTEX Mutex;
    PKTHREAD Thread = KeGetCurrentThread();
    KIRQL OldIrql;

    KeInitializeGuardedMutex(&Mutex);
    KeAcquireGuardedMutex(&Mutex);
    CHECK_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    CHECK_EQ(Thread->SpecialApcDisable, (SHORT)-1);
    CHECK(KeAreAllApcsDisabled());
    CHECK(Mutex.Owner == Thread);
    KeReleaseGuardedMutex(&Mutex);
    CHECK_EQ(Thread->SpecialApcDisable, 0);
    CHECK(Mutex.Owner == NULL);

    CHECK(KeTryToAcquireGuardedMutex(&Mutex));
    CHECK_EQ(Thread->SpecialApcDisable, (SHORT)-1);
    CHECK(!KeTryToAcquireGuardedMutex(&Mutex));
    CHECK_EQ(Thread->SpecialApcDisable, (SHORT)-1); /* the failed try left its region */
    KeReleaseGuardedMutex(&Mutex);
    CHECK_EQ(Thread->SpecialApcDisable, 0);

    KeEnterGuardedRegion();
    KeAcquireGuardedMutexUnsafe(&Mutex);
    CHECK_EQ(Thread->SpecialApcDisable, (SHORT)-1);
    KeReleaseGuardedMutexUnsafe(&Mutex);
    KeLeaveGuardedRegion();

    /* usable at APC_LEVEL too */
    KeRaiseIrql(APC_LEVEL, &OldIrql);
    KeAcquireGuardedMutex(&Mutex);
    KeReleaseGuardedMutex(&Mutex);
    KeLowerIrql(OldIrql);
    CHECK_EQ(Mutex.Count, FM_LOCK_BIT);
}

/* ---- misuse, in children ------------------------------------------------ */

static FAST_MUTEX ChildMutex;

static __attribute__((noinline)) void ChildRecursiveFastMutex(void)
{
    ExInitializeFastMutex(&ChildMutex);
    ExAcquireFastMutex(&ChildMutex);
    ExAcquireFastMutex(&ChildMutex);
    __asm__ __volatile__("" ::: "memory"); /* not a tail call: keep this frame */
}

static void ChildRecursiveGuardedMutex(void)
{
    KeInitializeGuardedMutex(&ChildMutex);
    KeAcquireGuardedMutex(&ChildMutex);
    KeAcquireGuardedMutex(&ChildMutex);
}

/* Another thread holds it (a stand-in owner: a real second thread would
 * allocate pool in the child); this one releases it. */
static void ChildReleaseByNonOwner(void)
{
    static KTHREAD OtherThread;
    KIRQL OldIrql;

    ExInitializeFastMutex(&ChildMutex);
    ChildMutex.Count = 0;
    ChildMutex.Owner = &OtherThread;
    KeRaiseIrql(APC_LEVEL, &OldIrql);
    ExReleaseFastMutex(&ChildMutex);
}

static void ChildReleaseUnowned(void)
{
    KIRQL OldIrql;

    ExInitializeFastMutex(&ChildMutex);
    KeRaiseIrql(APC_LEVEL, &OldIrql);
    ExReleaseFastMutex(&ChildMutex);
}

static void ChildAcquireAtDispatch(void)
{
    KIRQL OldIrql;

    ExInitializeFastMutex(&ChildMutex);
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    ExAcquireFastMutex(&ChildMutex);
}

static void ChildReleaseAtPassive(void)
{
    ExInitializeFastMutex(&ChildMutex);
    ExAcquireFastMutex(&ChildMutex);
    KeLowerIrql(PASSIVE_LEVEL);
    ExReleaseFastMutex(&ChildMutex);
}

static void ChildUnsafeOutsideRegion(void)
{
    ExInitializeFastMutex(&ChildMutex);
    ExAcquireFastMutexUnsafe(&ChildMutex);
}

static void ChildUnsafeReleaseOutsideRegion(void)
{
    ExInitializeFastMutex(&ChildMutex);
    KeEnterCriticalRegion();
    ExAcquireFastMutexUnsafe(&ChildMutex);
    KeLeaveCriticalRegion();
    ExReleaseFastMutexUnsafe(&ChildMutex);
}

static void ChildUninitializedMutex(void)
{
    memset(&ChildMutex, 0, sizeof ChildMutex);
    ExAcquireFastMutex(&ChildMutex);
}

static void ChildLeaveCriticalRegionTwice(void)
{
    KeEnterCriticalRegion();
    KeLeaveCriticalRegion();
    KeLeaveCriticalRegion();
}

static void ChildLeaveGuardedRegionNotEntered(void)
{
    KeLeaveGuardedRegion();
}

static void ChildEnterCriticalRegionAtDispatch(void)
{
    KIRQL OldIrql;

    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    KeEnterCriticalRegion();
}

static void TestMisuse(void)
{
    int Status;

    Status = KmRunChild(ChildRecursiveFastMutex);
    CHECK_BUGCHECK(Status, 0xC4, 0x1000);
    CHECK_HAS(KmReport, "DRIVER_VERIFIER_DETECTED_VIOLATION");
    CHECK_HAS(KmReport, "ChildRecursiveFastMutex");

    Status = KmRunChild(ChildRecursiveGuardedMutex);
    CHECK_BUGCHECK(Status, 0xC4, 0x1000);

    Status = KmRunChild(ChildReleaseByNonOwner);
    CHECK_BUGCHECK(Status, 0xC4, 0x1004);

    Status = KmRunChild(ChildReleaseUnowned);
    CHECK_BUGCHECK(Status, 0xC4, 0x1007);

    Status = KmRunChild(ChildAcquireAtDispatch);
    CHECK_BUGCHECK(Status, 0xC4, 0x33);
    CHECK_HAS(KmReport, "0x0000000000000002"); /* the IRQL */

    Status = KmRunChild(ChildReleaseAtPassive);
    CHECK_BUGCHECK(Status, 0xC4, 0x34);

    Status = KmRunChild(ChildUnsafeOutsideRegion);
    CHECK_BUGCHECK(Status, 0xC4, 0x39);

    Status = KmRunChild(ChildUnsafeReleaseOutsideRegion);
    CHECK_BUGCHECK(Status, 0xC4, 0x3A);

    Status = KmRunChild(ChildUninitializedMutex);
    CHECK_BUGCHECK(Status, 0xC4, 0x1002);

    Status = KmRunChild(ChildLeaveCriticalRegionTwice);
    CHECK_BUGCHECK(Status, 0xC4, 0x3E);

    Status = KmRunChild(ChildLeaveGuardedRegionNotEntered);
    CHECK_BUGCHECK(Status, 0x1, KM_ANY_P1); /* P1 is the caller's address */
    CHECK_HAS(KmReport, "APC_INDEX_MISMATCH");

    Status = KmRunChild(ChildEnterCriticalRegionAtDispatch);
    CHECK_BUGCHECK(Status, 0xC4, 0x11A);
}

int main(void)
{
    TestRegions();
    TestFastMutexUncontended();
    TestGuardedMutexUncontended();
    TestWaiterUsesDispatcher(FALSE);
    TestWaiterUsesDispatcher(TRUE);
    TestTryWhileHeld();
    for (int Kind = 0; Kind < 4; Kind++)
        TestHammer(Kind);
    TestMisuse();

    return test_summary("test_fastmutex");
}
