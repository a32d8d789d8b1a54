/*
 * ke/guarded.c - guarded mutexes, and the lock engine they share with the
 * executive's fast mutexes (ex/fastmutex.c).
 *
 * Since Windows 8 both are one structure (FAST_MUTEX == KGUARDED_MUTEX);
 * they differ only in how they keep APCs out while the lock is held: a fast
 * mutex raises IRQL to APC_LEVEL, a guarded mutex enters a guarded region.
 *
 * The lock word, Count:
 *
 *   bit 0 (FM_LOCK_BIT)          set = free.  Acquire clears it with one
 *                                `lock btr`; release sets it with one
 *                                `lock xadd`.  Nothing else on the fast
 *                                paths: no system call, no dispatcher lock.
 *   bit 1 (FM_LOCK_WAITER_WOKEN) a releaser has woken one waiter and no
 *                                other will be woken until that waiter runs
 *                                and clears the bit (so at most one wake-up
 *                                is ever in flight).
 *   bits 2.. (FM_LOCK_WAITER_INC) the number of threads waiting, or about to
 *                                wait, on Event.
 *
 * A thread that finds the lock held adds itself to the waiter count (only
 * while the lock is still held: a compare-exchange) and waits on Event, a
 * synchronization event, through KeWaitForSingleObject, so the wait is an
 * ordinary dispatcher wait that the rest of ntio sees (queue concurrency
 * accounting, hang reports).  A releaser that finds waiters and no wake-up
 * in flight moves one waiter from the count to the WOKEN bit and sets the
 * event.  The woken thread competes for the lock again (a thread arriving
 * on the fast path may beat it: the locks are not fair, as on Windows) and
 * clears WOKEN in the same compare-exchange that takes the lock or puts it
 * back among the waiters.  If the event is set before the waiter reaches
 * its wait, the event stays signalled and the wait returns at once.
 *
 * Owner is written only by the owning thread (after acquiring, and cleared
 * before releasing), so "Owner == me" is an exact test for recursion and for
 * releasing a lock one does not own; ntio reports both (Windows deadlocks
 * or corrupts the lock).
 */
#include "ke.h"

#define DRIVER_VERIFIER_DETECTED_VIOLATION 0x000000C4

/* Slow path of acquire: the `lock btr` found the lock held. */
VOID KiAcquireFastMutexContended(PFAST_MUTEX Mutex, KWAIT_REASON WaitReason)
{
    BOOLEAN Woken = FALSE;
    LONG Old = __atomic_load_n(&Mutex->Count, __ATOMIC_RELAXED);

    /* A mutex that was never initialized (zeroed memory: Count 0 looks
     * held, forever) arrives here on its first use; its event is not a
     * synchronization event.  "Uninitialized resource" in Driver Verifier's
     * terms, instead of a silent hang. */
    if (Mutex->Event.Header.Type != EventSynchronizationObject)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x1002, (ULONG_PTR)Mutex, 0, 0);
    __atomic_add_fetch(&Mutex->Contention, 1, __ATOMIC_RELAXED);
    for (;;) {
        LONG New;
        BOOLEAN Free = (Old & FM_LOCK_BIT) != 0;

        if (Free)
            New = Old & ~FM_LOCK_BIT;           /* take it */
        else
            New = Old + FM_LOCK_WAITER_INC;     /* queue up */
        if (Woken)
            New &= ~FM_LOCK_WAITER_WOKEN;       /* our wake-up is used up */
        if (!__atomic_compare_exchange_n(&Mutex->Count, &Old, New, FALSE, __ATOMIC_ACQUIRE,
                                         __ATOMIC_RELAXED))
            continue;                           /* Old was reloaded */
        if (Free)
            return;
        KeWaitForSingleObject(&Mutex->Event, WaitReason, KernelMode, FALSE, NULL);
        Woken = TRUE;
        Old = __atomic_load_n(&Mutex->Count, __ATOMIC_RELAXED);
    }
}

/* Slow path of release: the `lock xadd` that freed the lock returned
 * OldCount != 0, so there are waiters or a wake-up in flight. */
VOID KiReleaseFastMutexContended(PFAST_MUTEX Mutex, LONG OldCount)
{
    LONG Current = OldCount + FM_LOCK_BIT;

    /* Wake one waiter if there is one, none is already woken, and the lock
     * is still free: if a new owner took it meanwhile, its release will do
     * the waking. */
    while (Current >= FM_LOCK_WAITER_INC && !(Current & FM_LOCK_WAITER_WOKEN) &&
           (Current & FM_LOCK_BIT)) {
        LONG New = Current - FM_LOCK_WAITER_INC + FM_LOCK_WAITER_WOKEN;
        if (__atomic_compare_exchange_n(&Mutex->Count, &Current, New, FALSE, __ATOMIC_RELEASE,
                                        __ATOMIC_RELAXED)) {
            KeSetEvent(&Mutex->Event, EVENT_INCREMENT, FALSE);
            return;
        }
    }
}

/* Acquiring a mutex the thread already holds would wait for itself forever:
 * Driver Verifier's deadlock detection calls it a self-deadlock. */
VOID KiCheckFastMutexAcquire(PFAST_MUTEX Mutex, PKTHREAD Thread)
{
    if (__atomic_load_n(&Mutex->Owner, __ATOMIC_RELAXED) == (PVOID)Thread)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x1000, (ULONG_PTR)Mutex, 0, 0);
}

VOID KiCheckFastMutexRelease(PFAST_MUTEX Mutex, PKTHREAD Thread)
{
    PVOID Owner = __atomic_load_n(&Mutex->Owner, __ATOMIC_RELAXED);

    if (Owner == (PVOID)Thread)
        return;
    if (Owner == NULL && (__atomic_load_n(&Mutex->Count, __ATOMIC_RELAXED) & FM_LOCK_BIT))
        /* "Unacquired resource: released before it has been acquired" */
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x1007, (ULONG_PTR)Mutex, 0, 0);
    /* "Unexpected thread: the wrong thread releases a resource" */
    KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x1004, (ULONG_PTR)Mutex, (ULONG_PTR)Owner,
                 (ULONG_PTR)Thread);
}

/* Callers of the acquire routines run at IRQL <= APC_LEVEL: a wait above
 * that is impossible.  Driver Verifier's code for the fast mutex case is
 * used for both kinds, which are one object since Windows 8. */
static VOID KiCheckGuardedMutexIrql(PKGUARDED_MUTEX Mutex, PKTHREAD Thread)
{
    if (Thread->Irql > APC_LEVEL)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x33, Thread->Irql, (ULONG_PTR)Mutex, 0);
}

/* The unsafe forms rely on the caller to keep APCs out: IRQL = APC_LEVEL,
 * or inside a guarded (or critical) region. */
static VOID KiCheckUnsafeContext(PKGUARDED_MUTEX Mutex, PKTHREAD Thread, ULONG_PTR Violation)
{
    if (Thread->Irql > APC_LEVEL ||
        (Thread->Irql < APC_LEVEL && Thread->SpecialApcDisable == 0 &&
         Thread->KernelApcDisable == 0))
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, Violation, Thread->Irql,
                     ((ULONG_PTR)(USHORT)Thread->SpecialApcDisable << 16) |
                         (USHORT)Thread->KernelApcDisable,
                     (ULONG_PTR)Mutex);
}

NTIO_EXPORT VOID KeInitializeGuardedMutex(PKGUARDED_MUTEX Mutex)
{
    Mutex->Count = FM_LOCK_BIT;
    Mutex->Owner = NULL;
    Mutex->Contention = 0;
    Mutex->OldIrql = 0;
    KeInitializeEvent(&Mutex->Event, SynchronizationEvent, FALSE);
}

NTIO_EXPORT VOID KeAcquireGuardedMutex(PKGUARDED_MUTEX Mutex)
{
    PKTHREAD Thread = KiGetCurrentThread();

    KiCheckGuardedMutexIrql(Mutex, Thread);
    KiCheckFastMutexAcquire(Mutex, Thread);
    KeEnterGuardedRegion();
    if (!(__atomic_fetch_and(&Mutex->Count, ~FM_LOCK_BIT, __ATOMIC_ACQUIRE) & FM_LOCK_BIT))
        KiAcquireFastMutexContended(Mutex, WrGuardedMutex);
    __atomic_store_n(&Mutex->Owner, (PVOID)Thread, __ATOMIC_RELAXED);
}

NTIO_EXPORT VOID KeReleaseGuardedMutex(PKGUARDED_MUTEX Mutex)
{
    PKTHREAD Thread = KiGetCurrentThread();
    LONG Old;

    if (Thread->Irql > APC_LEVEL)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x34, Thread->Irql, (ULONG_PTR)Mutex, 0);
    KiCheckFastMutexRelease(Mutex, Thread);
    __atomic_store_n(&Mutex->Owner, NULL, __ATOMIC_RELAXED);
    Old = __atomic_fetch_add(&Mutex->Count, FM_LOCK_BIT, __ATOMIC_RELEASE);
    if (Old != 0)
        KiReleaseFastMutexContended(Mutex, Old);
    KeLeaveGuardedRegion();
}

NTIO_EXPORT BOOLEAN KeTryToAcquireGuardedMutex(PKGUARDED_MUTEX Mutex)
{
    PKTHREAD Thread = KiGetCurrentThread();

    KiCheckGuardedMutexIrql(Mutex, Thread);
    KeEnterGuardedRegion();
    if (!(__atomic_fetch_and(&Mutex->Count, ~FM_LOCK_BIT, __ATOMIC_ACQUIRE) & FM_LOCK_BIT)) {
        KeLeaveGuardedRegion();
        return FALSE;
    }
    __atomic_store_n(&Mutex->Owner, (PVOID)Thread, __ATOMIC_RELAXED);
    return TRUE;
}

NTIO_EXPORT VOID KeAcquireGuardedMutexUnsafe(PKGUARDED_MUTEX FastMutex)
{
    PKTHREAD Thread = KiGetCurrentThread();

    KiCheckUnsafeContext(FastMutex, Thread, 0x39);
    KiCheckFastMutexAcquire(FastMutex, Thread);
    if (!(__atomic_fetch_and(&FastMutex->Count, ~FM_LOCK_BIT, __ATOMIC_ACQUIRE) & FM_LOCK_BIT))
        KiAcquireFastMutexContended(FastMutex, WrGuardedMutex);
    __atomic_store_n(&FastMutex->Owner, (PVOID)Thread, __ATOMIC_RELAXED);
}

NTIO_EXPORT VOID KeReleaseGuardedMutexUnsafe(PKGUARDED_MUTEX FastMutex)
{
    PKTHREAD Thread = KiGetCurrentThread();
    LONG Old;

    KiCheckUnsafeContext(FastMutex, Thread, 0x3A);
    KiCheckFastMutexRelease(FastMutex, Thread);
    __atomic_store_n(&FastMutex->Owner, NULL, __ATOMIC_RELAXED);
    Old = __atomic_fetch_add(&FastMutex->Count, FM_LOCK_BIT, __ATOMIC_RELEASE);
    if (Old != 0)
        KiReleaseFastMutexContended(FastMutex, Old);
}
