/*
 * ex/fastmutex.c - fast mutexes.
 *
 * A fast mutex keeps APCs away from its holder by raising IRQL to
 * APC_LEVEL; the previous IRQL is kept in the mutex (OldIrql, written and
 * read only by the owner) and restored on release.  The lock itself is the
 * engine in ke/guarded.c, which guarded mutexes share: one `lock btr` to
 * acquire, one `lock xadd` to release, a dispatcher wait on the embedded
 * event under contention.
 *
 * Checks (Driver Verifier codes, bug check 0xC4): acquiring above
 * APC_LEVEL (0x33), releasing at an IRQL other than APC_LEVEL (0x34), the
 * unsafe forms outside APC_LEVEL or a critical region (0x39, 0x3A),
 * acquiring a mutex the thread holds (0x1000), releasing one it does not
 * hold (0x1004, or 0x1007 when nobody holds it).
 */
#include "ex.h"
#include "ke/ke.h"

#define DRIVER_VERIFIER_DETECTED_VIOLATION 0x000000C4

static __inline__ BOOLEAN ExpTryLockFastMutex(PFAST_MUTEX FastMutex)
{
    return (__atomic_fetch_and(&FastMutex->Count, ~FM_LOCK_BIT, __ATOMIC_ACQUIRE) &
            FM_LOCK_BIT) != 0;
}

static __inline__ VOID ExpUnlockFastMutex(PFAST_MUTEX FastMutex)
{
    LONG Old;

    __atomic_store_n(&FastMutex->Owner, NULL, __ATOMIC_RELAXED);
    Old = __atomic_fetch_add(&FastMutex->Count, FM_LOCK_BIT, __ATOMIC_RELEASE);
    if (Old != 0)
        KiReleaseFastMutexContended(FastMutex, Old);
}

static VOID ExpCheckAcquireIrql(PFAST_MUTEX FastMutex, PKTHREAD Thread)
{
    if (Thread->Irql > APC_LEVEL)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x33, Thread->Irql,
                     (ULONG_PTR)FastMutex, 0);
}

/* The unsafe forms: APCs must already be off, by IRQL or a critical region. */
static VOID ExpCheckUnsafeContext(PFAST_MUTEX FastMutex, PKTHREAD Thread, ULONG_PTR Violation)
{
    if (Thread->Irql > APC_LEVEL ||
        (Thread->Irql < APC_LEVEL && Thread->KernelApcDisable == 0 &&
         Thread->SpecialApcDisable == 0))
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, Violation, Thread->Irql,
                     ((ULONG_PTR)(USHORT)Thread->SpecialApcDisable << 16) |
                         (USHORT)Thread->KernelApcDisable,
                     (ULONG_PTR)FastMutex);
}

NTIO_EXPORT VOID ExAcquireFastMutex(PFAST_MUTEX FastMutex)
{
    PKTHREAD Thread = KiGetCurrentThread();
    KIRQL OldIrql = Thread->Irql;

    ExpCheckAcquireIrql(FastMutex, Thread);
    KiCheckFastMutexAcquire(FastMutex, Thread);
    Thread->Irql = APC_LEVEL;
    if (!ExpTryLockFastMutex(FastMutex))
        KiAcquireFastMutexContended(FastMutex, WrFastMutex);
    __atomic_store_n(&FastMutex->Owner, (PVOID)Thread, __ATOMIC_RELAXED);
    FastMutex->OldIrql = OldIrql;
}

NTIO_EXPORT VOID ExReleaseFastMutex(PFAST_MUTEX FastMutex)
{
    PKTHREAD Thread = KiGetCurrentThread();
    KIRQL OldIrql;

    if (Thread->Irql != APC_LEVEL)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x34, Thread->Irql,
                     (ULONG_PTR)FastMutex, 0);
    KiCheckFastMutexRelease(FastMutex, Thread);
    /* Read before unlocking: the next owner overwrites it. */
    OldIrql = (KIRQL)FastMutex->OldIrql;
    ExpUnlockFastMutex(FastMutex);
    KeLowerIrql(OldIrql);
}

NTIO_EXPORT BOOLEAN ExTryToAcquireFastMutex(PFAST_MUTEX FastMutex)
{
    PKTHREAD Thread = KiGetCurrentThread();
    KIRQL OldIrql = Thread->Irql;

    ExpCheckAcquireIrql(FastMutex, Thread);
    Thread->Irql = APC_LEVEL;
    if (!ExpTryLockFastMutex(FastMutex)) {
        Thread->Irql = OldIrql;
        return FALSE;
    }
    __atomic_store_n(&FastMutex->Owner, (PVOID)Thread, __ATOMIC_RELAXED);
    FastMutex->OldIrql = OldIrql;
    return TRUE;
}

NTIO_EXPORT VOID ExAcquireFastMutexUnsafe(PFAST_MUTEX FastMutex)
{
    PKTHREAD Thread = KiGetCurrentThread();

    ExpCheckUnsafeContext(FastMutex, Thread, 0x39);
    KiCheckFastMutexAcquire(FastMutex, Thread);
    if (!ExpTryLockFastMutex(FastMutex))
        KiAcquireFastMutexContended(FastMutex, WrFastMutex);
    __atomic_store_n(&FastMutex->Owner, (PVOID)Thread, __ATOMIC_RELAXED);
}

NTIO_EXPORT VOID ExReleaseFastMutexUnsafe(PFAST_MUTEX FastMutex)
{
    PKTHREAD Thread = KiGetCurrentThread();

    ExpCheckUnsafeContext(FastMutex, Thread, 0x3A);
    KiCheckFastMutexRelease(FastMutex, Thread);
    ExpUnlockFastMutex(FastMutex);
}
