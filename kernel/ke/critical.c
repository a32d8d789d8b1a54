/*
 * ke/critical.c - critical and guarded regions.
 *
 * KTHREAD.KernelApcDisable counts critical regions and SpecialApcDisable
 * guarded regions, the Windows way: entering decrements, leaving
 * increments, so a thread inside a region has a negative count and the
 * counts are zero when it holds none.  Only the thread itself touches its
 * counts, so no lock is needed.
 *
 * Windows delivers the kernel APCs that queued up meanwhile when the last
 * region is left.  ntio queues no kernel APCs (user APCs are delivered by
 * alertable waits, see ke/apc.c), so leaving a region is bookkeeping plus
 * the checks.
 *
 * Mismatches are reported where they happen rather than at the end of the
 * system call as Windows does (bug check 0x1 APC_INDEX_MISMATCH), so the
 * stack names the guilty call: leaving a critical region that was not
 * entered is 0xC4/0x3E (Driver Verifier), a guarded region 0x1.
 */
#include "ke.h"

#define APC_INDEX_MISMATCH 0x00000001
#define DRIVER_VERIFIER_DETECTED_VIOLATION 0x000000C4

/* The CombinedApcDisable value that bug checks report. */
static ULONG_PTR KiCombinedApcDisable(PKTHREAD Thread)
{
    return ((ULONG_PTR)(USHORT)Thread->SpecialApcDisable << 16) |
           (ULONG_PTR)(USHORT)Thread->KernelApcDisable;
}

NTIO_EXPORT VOID KeEnterCriticalRegion(VOID)
{
    PKTHREAD Thread = KiGetCurrentThread();

    if (Thread->Irql > APC_LEVEL)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x11A, Thread->Irql, 0, 0);
    /* 32768 nested regions means a loop that never leaves: report it
     * before the count wraps and looks balanced. */
    if (Thread->KernelApcDisable == -32768)
        KeBugCheckEx(APC_INDEX_MISMATCH, (ULONG_PTR)__builtin_return_address(0), 0,
                     KiCombinedApcDisable(Thread), 0);
    Thread->KernelApcDisable--;
}

NTIO_EXPORT VOID KeLeaveCriticalRegion(VOID)
{
    PKTHREAD Thread = KiGetCurrentThread();

    if (Thread->Irql > APC_LEVEL)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x11B, Thread->Irql, 0, 0);
    if (Thread->KernelApcDisable >= 0)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x3E, 0, 0, 0);
    Thread->KernelApcDisable++;
    if (Thread->KernelApcDisable == 0)
        KiCheckKernelApcs(Thread); /* normal kernel APCs held off by the region */
}

NTIO_EXPORT VOID KeEnterGuardedRegion(VOID)
{
    PKTHREAD Thread = KiGetCurrentThread();

    if (Thread->SpecialApcDisable == -32768)
        KeBugCheckEx(APC_INDEX_MISMATCH, (ULONG_PTR)__builtin_return_address(0), 0,
                     KiCombinedApcDisable(Thread), 0);
    Thread->SpecialApcDisable--;
}

NTIO_EXPORT VOID KeLeaveGuardedRegion(VOID)
{
    PKTHREAD Thread = KiGetCurrentThread();

    if (Thread->SpecialApcDisable >= 0)
        KeBugCheckEx(APC_INDEX_MISMATCH, (ULONG_PTR)__builtin_return_address(0), 0,
                     KiCombinedApcDisable(Thread), 0);
    Thread->SpecialApcDisable++;
    if (Thread->SpecialApcDisable == 0)
        KiCheckKernelApcs(Thread);
}

NTIO_EXPORT BOOLEAN KeAreApcsDisabled(VOID)
{
    PKTHREAD Thread = KiGetCurrentThread();

    return (BOOLEAN)(Thread->KernelApcDisable != 0 || Thread->SpecialApcDisable != 0);
}

NTIO_EXPORT BOOLEAN KeAreAllApcsDisabled(VOID)
{
    PKTHREAD Thread = KiGetCurrentThread();

    return (BOOLEAN)(Thread->SpecialApcDisable != 0 || Thread->Irql >= APC_LEVEL);
}
