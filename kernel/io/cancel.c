/*
 * io/cancel.c - IRP cancellation: IoCancelIrp, the cancel spin lock, and
 * cancelling a thread's I/O when it exits.
 */
#include "iop.h"
#include "ps/ps.h"



/* The system-wide cancel spin lock.  Drivers' cancel routines are called
 * holding it and must release it (IoReleaseCancelSpinLock(Irp->CancelIrql)). */
static KSPIN_LOCK IopCancelSpinLock;

NTIO_EXPORT VOID IoAcquireCancelSpinLock(PKIRQL Irql)
{
    *Irql = KeAcquireSpinLockRaiseToDpc(&IopCancelSpinLock);
}

NTIO_EXPORT VOID IoReleaseCancelSpinLock(KIRQL Irql)
{
    KeReleaseSpinLock(&IopCancelSpinLock, Irql);
}

NTIO_EXPORT BOOLEAN IoCancelIrp(PIRP Irp)
{
    KIRQL Irql;
    IoAcquireCancelSpinLock(&Irql);
    Irp->Cancel = TRUE;
    PDRIVER_CANCEL Routine = IoSetCancelRoutine(Irp, NULL);
    if (Routine) {
        Irp->CancelIrql = Irql;
        Routine(IoGetCurrentIrpStackLocation(Irp)->DeviceObject, Irp);
        return TRUE;
    }
    IoReleaseCancelSpinLock(Irql);
    return FALSE;
}

/* Cancel every IRP the exiting thread issued, and wait for them to finish
 * (a thread's IRPs reference its memory).  An IRP its driver will neither
 * complete nor cancel is reported and left behind after the hang timeout,
 * instead of hanging the thread forever. */
VOID IopCancelThreadIo(PKTHREAD Thread)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Thread->IrpListLock);
    BOOLEAN Any = !IsListEmpty(&Thread->IrpList);
    KeReleaseSpinLock(&Thread->IrpListLock, OldIrql);
    if (!Any) {
        IopFlushIrpCache(Thread);
        return;
    }
    /* Cancel one at a time: a cancel routine may complete (and free) other
     * IRPs of the list, so the list is re-read after each call. */
    for (int Pass = 0; Pass < 2; Pass++) {
        for (;;) {
            PIRP Target = NULL;
            OldIrql = KeAcquireSpinLockRaiseToDpc(&Thread->IrpListLock);
            for (PLIST_ENTRY E = Thread->IrpList.Flink; E != &Thread->IrpList; E = E->Flink) {
                PIRP Irp = CONTAINING_RECORD(E, IRP, ThreadListEntry);
                if (!Irp->Cancel) {
                    Target = Irp;
                    break;
                }
            }
            if (Target)
                Target->Cancel = TRUE; /* claim it before dropping the list lock */
            KeReleaseSpinLock(&Thread->IrpListLock, OldIrql);
            if (!Target)
                break;
            Target->Cancel = FALSE;
            IoCancelIrp(Target);
        }
    }
    IopFlushIrpCache(Thread);
}
