/*
 * io/cancel.c - IRP cancellation: IoCancelIrp, the cancel spin lock, and
 * cancelling a thread's I/O when it exits (a file object's thread-agnostic
 * I/O is cancelled at process exit: io/iocomp.c).
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

/* Cancel the IRPs of a list (a thread's or a file object's, under Lock)
 * that match: issued by Thread, on File, with status block Iosb (NULL
 * matches any).  The list lock cannot be held across IoCancelIrp (the
 * cancel routine may complete the IRP), so each pass finds one matching
 * IRP not cancelled yet, marks it and pins it under the lock, cancels it,
 * and unpins it: if it completed meanwhile, the last unpin frees it. */
static ULONG IopCancelIrpList(PKSPIN_LOCK Lock, PLIST_ENTRY Head, PKTHREAD Thread,
                              PFILE_OBJECT File, PIO_STATUS_BLOCK Iosb)
{
    ULONG Matched = 0;
    for (BOOLEAN First = TRUE;; First = FALSE) {
        PIRP Target = NULL;
        KiAcquireSpinLockRaw(Lock, KiGetCurrentThread());
        for (PLIST_ENTRY E = Head->Flink; E != Head; E = E->Flink) {
            PIRP Irp = CONTAINING_RECORD(E, IRP, ThreadListEntry);
            if ((!Thread || (PKTHREAD)Irp->Tail.Overlay.Thread == Thread) &&
                (!File || Irp->Tail.Overlay.OriginalFileObject == File) &&
                (!Iosb || Irp->UserIosb == Iosb)) {
                if (!Irp->Cancel) {
                    Target = Irp;
                    break;
                }
                /* Asked to cancel already and still outstanding (a driver
                 * that does not cancel it): it is still found, as CancelIoEx
                 * on Windows finds it. */
                if (First)
                    Matched++;
            }
        }
        if (Target) {
            Target->Cancel = TRUE; /* IoCancelIrp sets it again */
            __atomic_add_fetch(&IOP_IRP_HEADER_OF(Target)->Pins, 1, __ATOMIC_RELAXED);
        }
        KiReleaseSpinLockRaw(Lock);
        if (!Target)
            return Matched;
        Matched++;
        IoCancelIrp(Target);
        if (__atomic_sub_fetch(&IOP_IRP_HEADER_OF(Target)->Pins, 1, __ATOMIC_ACQ_REL) ==
            IOP_PIN_COMPLETED)
            IoFreeIrp(Target); /* completed while pinned: its completion left it to us */
    }
}

ULONG IopCancelThreadIrps(PKTHREAD Thread, PFILE_OBJECT File, PIO_STATUS_BLOCK Iosb)
{
    return IopCancelIrpList(&Thread->IrpListLock, &Thread->IrpList, NULL, File, Iosb);
}

ULONG IopCancelFileIrps(PFILE_OBJECT File, PKTHREAD Thread, PIO_STATUS_BLOCK Iosb)
{
    return IopCancelIrpList(&File->IrpListLock, &File->IrpList, Thread, NULL, Iosb);
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
