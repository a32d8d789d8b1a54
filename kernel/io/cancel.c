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

ULONG IopCancelThreadIrps(PKTHREAD Thread, PFILE_OBJECT File, PIO_STATUS_BLOCK Iosb)
{
    ULONG Matched = 0;
    /* The list lock cannot be held across IoCancelIrp (the cancel routine
     * may complete the IRP), so each pass finds one matching IRP that is
     * not cancelled yet, marks it under the lock so the next pass skips
     * it, and cancels it. */
    for (;;) {
        PIRP Target = NULL;
        IopLockThreadIrpList(Thread);
        for (PLIST_ENTRY E = Thread->IrpList.Flink; E != &Thread->IrpList; E = E->Flink) {
            PIRP Irp = CONTAINING_RECORD(E, IRP, ThreadListEntry);
            if (!Irp->Cancel && (!File || Irp->Tail.Overlay.OriginalFileObject == File) &&
                (!Iosb || Irp->UserIosb == Iosb)) {
                Target = Irp;
                break;
            }
        }
        if (Target)
            Target->Cancel = TRUE; /* IoCancelIrp sets it again */
        IopUnlockThreadIrpList(Thread);
        if (!Target)
            return Matched;
        Matched++;
        IoCancelIrp(Target);
    }
}

/* A thread is leaving: its IRPs are cancelled (they reference its memory
 * and its completion APCs could never run).  What the driver neither
 * completes nor cancels is reported by the hang watchdog (io/hang.c). */
VOID IopCancelThreadIo(PKTHREAD Thread)
{
    IopCancelThreadIrps(Thread, NULL, NULL);
    IopWaitForThreadIrps(Thread, IopHangTimeoutNs,
                         "its thread exited, and the driver neither completed nor cancelled it");
    IopFlushThreadCaches(Thread);
}
