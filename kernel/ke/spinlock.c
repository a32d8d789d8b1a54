/*
 * ke/spinlock.c - executive spin locks.
 *
 * A KSPIN_LOCK holds 0 when free and the owner's KTHREAD pointer when held,
 * which lets ntio report what Windows can only hang on: acquiring a lock the
 * thread already owns (bug check 0xF SPIN_LOCK_ALREADY_OWNED) and releasing
 * one it does not own (0x10 SPIN_LOCK_NOT_OWNED).
 *
 * A user-space lock holder can be preempted, so after a short spin the
 * waiter yields the CPU instead of burning its quantum.
 */
#include "ke.h"

#include <sched.h>

#define SPIN_LOCK_ALREADY_OWNED 0x0000000F
#define SPIN_LOCK_NOT_OWNED 0x00000010

static __inline__ void KxAcquireSpinLock(PKSPIN_LOCK SpinLock, PKTHREAD Thread)
{
    ULONG_PTR Expected = 0;
    if (__builtin_expect(__atomic_compare_exchange_n(SpinLock, &Expected, (ULONG_PTR)Thread, 0,
                                                     __ATOMIC_ACQUIRE, __ATOMIC_RELAXED), 1))
        return;
    if (Expected == (ULONG_PTR)Thread)
        KeBugCheckEx(SPIN_LOCK_ALREADY_OWNED, (ULONG_PTR)SpinLock, 0, 0,
                     (ULONG_PTR)__builtin_return_address(0));
    for (unsigned spins = 0;; spins++) {
        if (__atomic_load_n(SpinLock, __ATOMIC_RELAXED) == 0) {
            Expected = 0;
            if (__atomic_compare_exchange_n(SpinLock, &Expected, (ULONG_PTR)Thread, 0,
                                            __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
                return;
        }
        if (spins < 128)
            __builtin_ia32_pause();
        else
            sched_yield();
    }
}

static __inline__ void KxReleaseSpinLock(PKSPIN_LOCK SpinLock, PKTHREAD Thread)
{
    if (__builtin_expect(*SpinLock != (ULONG_PTR)Thread, 0))
        KeBugCheckEx(SPIN_LOCK_NOT_OWNED, (ULONG_PTR)SpinLock, *SpinLock, (ULONG_PTR)Thread,
                     (ULONG_PTR)__builtin_return_address(0));
    __atomic_store_n(SpinLock, 0, __ATOMIC_RELEASE);
}

NTIO_EXPORT VOID KeInitializeSpinLock(PKSPIN_LOCK SpinLock)
{
    *SpinLock = 0;
}

NTIO_EXPORT KIRQL KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock)
{
    PKTHREAD Thread = KiGetCurrentThread();
    KIRQL Old = Thread->Irql;
    if (Old > DISPATCH_LEVEL)
        KeBugCheckEx(0x0000000A /* IRQL_NOT_LESS_OR_EQUAL */, (ULONG_PTR)SpinLock, Old, 0,
                     (ULONG_PTR)__builtin_return_address(0));
    Thread->Irql = DISPATCH_LEVEL;
    KxAcquireSpinLock(SpinLock, Thread);
    return Old;
}

NTIO_EXPORT VOID KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
{
    PKTHREAD Thread = KiGetCurrentThread();
    KxReleaseSpinLock(SpinLock, Thread);
    KeLowerIrql(NewIrql);
}

NTIO_EXPORT VOID KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    KxAcquireSpinLock(SpinLock, KiGetCurrentThread());
}

NTIO_EXPORT VOID KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
{
    KxReleaseSpinLock(SpinLock, KiGetCurrentThread());
}

NTIO_EXPORT BOOLEAN KeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    ULONG_PTR Expected = 0;
    return __atomic_compare_exchange_n(SpinLock, &Expected, (ULONG_PTR)KiGetCurrentThread(), 0,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

NTIO_EXPORT BOOLEAN KeTestSpinLock(PKSPIN_LOCK SpinLock)
{
    /* TRUE when the lock looks free, so a caller may try to acquire it. */
    return __atomic_load_n(SpinLock, __ATOMIC_RELAXED) == 0;
}

NTIO_EXPORT VOID KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
{
    LockHandle->LockQueue.Lock = SpinLock;
    LockHandle->LockQueue.Next = NULL;
    LockHandle->OldIrql = KeAcquireSpinLockRaiseToDpc(SpinLock);
}

NTIO_EXPORT VOID KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle)
{
    KeReleaseSpinLock(LockHandle->LockQueue.Lock, LockHandle->OldIrql);
}

NTIO_EXPORT VOID KeAcquireInStackQueuedSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock,
                                                          PKLOCK_QUEUE_HANDLE LockHandle)
{
    LockHandle->LockQueue.Lock = SpinLock;
    LockHandle->LockQueue.Next = NULL;
    KeAcquireSpinLockAtDpcLevel(SpinLock);
}

NTIO_EXPORT VOID KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE LockHandle)
{
    KeReleaseSpinLockFromDpcLevel(LockHandle->LockQueue.Lock);
}
