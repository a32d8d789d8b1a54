/*
 * io/csq.c - cancel-safe IRP queues (IoCsqXxx).
 *
 * The driver supplies the queue (insert, remove, peek) and its lock; this
 * file supplies the cancel logic that drivers so often get wrong.  Every
 * queued IRP carries the csq's own cancel routine, and the one rule that
 * makes it safe is the atomic exchange on Irp->CancelRoutine: whoever
 * takes the routine out of the IRP (IoCancelIrp on one side, a remover
 * here on the other) owns the IRP.
 *
 *   - IoCancelIrp wins: it calls IopCsqCancelRoutine, which takes the IRP
 *     out of the driver's queue and hands it to CsqCompleteCanceledIrp.  A
 *     remover that meets such an IRP leaves it alone (it is still in the
 *     queue until the cancel routine gets the queue lock).
 *   - A remover wins: IoCancelIrp finds no cancel routine and does nothing;
 *     the driver gets the IRP (its Cancel flag may be set; the driver
 *     decides whether to honour it).
 *
 * Irp->Tail.Overlay.DriverContext[3] points to the IO_CSQ_IRP_CONTEXT the
 * IRP was inserted with, or to the IO_CSQ itself when there is none (both
 * begin with a Type field, which tells them apart), as on Windows: drivers
 * that use these routines must leave DriverContext[3] alone.  It is set
 * before the cancel routine is installed and cleared, under the queue lock,
 * when the IRP leaves the queue.
 *
 * The driver's IO_CSQ_IRP_CONTEXT must stay valid until the IRP it names
 * has left the queue: when IoCsqRemoveIrp returns NULL because the IRP is
 * being cancelled, the cancel routine still reads the context until it has
 * handed the IRP to CsqCompleteCanceledIrp.
 */
#include "iop.h"

static PIO_CSQ IopCsqOfIrp(PIRP Irp, PIO_CSQ_IRP_CONTEXT *Context)
{
    PVOID Link = Irp->Tail.Overlay.DriverContext[3];
    if (((PIO_CSQ_IRP_CONTEXT)Link)->Type == IO_TYPE_CSQ_IRP_CONTEXT) {
        *Context = Link;
        return (*Context)->Csq;
    }
    *Context = NULL;
    return Link;
}

/* The IRP leaves the queue (queue lock held, cancel routine already taken
 * out of the IRP by the caller). */
static VOID IopCsqUnlinkIrp(PIO_CSQ Csq, PIRP Irp)
{
    PIO_CSQ_IRP_CONTEXT Context;
    IopCsqOfIrp(Irp, &Context);
    Csq->CsqRemoveIrp(Csq, Irp);
    if (Context)
        Context->Irp = NULL;
    Irp->Tail.Overlay.DriverContext[3] = NULL;
}

/* Installed in every queued IRP.  Called by IoCancelIrp holding the cancel
 * spin lock, which is dropped first: the queue has its own lock. */
static VOID NTAPI IopCsqCancelRoutine(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_CSQ_IRP_CONTEXT Context;
    KIRQL Irql;

    UNREFERENCED_PARAMETER(DeviceObject);
    IoReleaseCancelSpinLock(Irp->CancelIrql);

    /* DriverContext[3] was set before this routine was installed, and no
     * remover touches an IRP whose cancel routine it did not get. */
    PIO_CSQ Csq = IopCsqOfIrp(Irp, &Context);
    Csq->CsqAcquireLock(Csq, &Irql);
    IopCsqUnlinkIrp(Csq, Irp);
    Csq->CsqReleaseLock(Csq, Irql);
    Csq->CsqCompleteCanceledIrp(Csq, Irp);
}

NTIO_EXPORT NTSTATUS IoCsqInitialize(PIO_CSQ Csq, PIO_CSQ_INSERT_IRP CsqInsertIrp,
                                     PIO_CSQ_REMOVE_IRP CsqRemoveIrp,
                                     PIO_CSQ_PEEK_NEXT_IRP CsqPeekNextIrp,
                                     PIO_CSQ_ACQUIRE_LOCK CsqAcquireLock,
                                     PIO_CSQ_RELEASE_LOCK CsqReleaseLock,
                                     PIO_CSQ_COMPLETE_CANCELED_IRP CsqCompleteCanceledIrp)
{
    Csq->Type = IO_TYPE_CSQ;
    Csq->CsqInsertIrp = CsqInsertIrp;
    Csq->CsqRemoveIrp = CsqRemoveIrp;
    Csq->CsqPeekNextIrp = CsqPeekNextIrp;
    Csq->CsqAcquireLock = CsqAcquireLock;
    Csq->CsqReleaseLock = CsqReleaseLock;
    Csq->CsqCompleteCanceledIrp = CsqCompleteCanceledIrp;
    Csq->ReservePointer = NULL;
    return STATUS_SUCCESS;
}

NTIO_EXPORT NTSTATUS IoCsqInitializeEx(PIO_CSQ Csq, PIO_CSQ_INSERT_IRP_EX CsqInsertIrp,
                                       PIO_CSQ_REMOVE_IRP CsqRemoveIrp,
                                       PIO_CSQ_PEEK_NEXT_IRP CsqPeekNextIrp,
                                       PIO_CSQ_ACQUIRE_LOCK CsqAcquireLock,
                                       PIO_CSQ_RELEASE_LOCK CsqReleaseLock,
                                       PIO_CSQ_COMPLETE_CANCELED_IRP CsqCompleteCanceledIrp)
{
    IoCsqInitialize(Csq, (PIO_CSQ_INSERT_IRP)(PVOID)CsqInsertIrp, CsqRemoveIrp, CsqPeekNextIrp,
                    CsqAcquireLock, CsqReleaseLock, CsqCompleteCanceledIrp);
    Csq->Type = IO_TYPE_CSQ_EX;
    return STATUS_SUCCESS;
}

NTIO_EXPORT NTSTATUS IoCsqInsertIrpEx(PIO_CSQ Csq, PIRP Irp, PIO_CSQ_IRP_CONTEXT Context,
                                      PVOID InsertContext)
{
    NTSTATUS Status = STATUS_SUCCESS;
    BOOLEAN CompleteCanceled = FALSE;
    KIRQL Irql;

    Csq->CsqAcquireLock(Csq, &Irql);

    /* An IRP cancelled before it got here is not queued at all: IoCancelIrp
     * found no cancel routine in it, so completing it is up to us. */
    if (*(volatile BOOLEAN *)&Irp->Cancel) {
        IoMarkIrpPending(Irp);
        if (Context) {
            Context->Type = IO_TYPE_CSQ_IRP_CONTEXT;
            Context->Irp = NULL;
            Context->Csq = Csq;
        }
        Csq->CsqReleaseLock(Csq, Irql);
        Csq->CsqCompleteCanceledIrp(Csq, Irp);
        return Status;
    }

    if (Context) {
        Context->Type = IO_TYPE_CSQ_IRP_CONTEXT;
        Context->Irp = Irp;
        Context->Csq = Csq;
        Irp->Tail.Overlay.DriverContext[3] = Context;
    } else {
        Irp->Tail.Overlay.DriverContext[3] = Csq;
    }

    if (Csq->Type == IO_TYPE_CSQ_EX) {
        Status = ((PIO_CSQ_INSERT_IRP_EX)(PVOID)Csq->CsqInsertIrp)(Csq, Irp, InsertContext);
        if (!NT_SUCCESS(Status)) {
            /* The driver refused it: not queued, not pending, still the
             * caller's to complete with that status. */
            Irp->Tail.Overlay.DriverContext[3] = NULL;
            if (Context)
                Context->Irp = NULL;
            Csq->CsqReleaseLock(Csq, Irql);
            return Status;
        }
    } else {
        Csq->CsqInsertIrp(Csq, Irp);
    }
    IoMarkIrpPending(Irp);

    /* Install the cancel routine only now that the IRP is in the queue (the
     * routine must find it there), then look again at Cancel: IoCancelIrp
     * may have run in between, seen no routine, and left the IRP to us.
     * The exchange is a full barrier, so the read of Cancel is not stale. */
    IoSetCancelRoutine(Irp, IopCsqCancelRoutine);
    if (*(volatile BOOLEAN *)&Irp->Cancel && IoSetCancelRoutine(Irp, NULL) != NULL) {
        IopCsqUnlinkIrp(Csq, Irp);
        CompleteCanceled = TRUE;
    }
    /* Otherwise, if Cancel is set, IoCancelIrp took our routine first and
     * will remove and complete the IRP as soon as we drop the lock. */

    Csq->CsqReleaseLock(Csq, Irql);
    if (CompleteCanceled)
        Csq->CsqCompleteCanceledIrp(Csq, Irp);
    return Status;
}

NTIO_EXPORT VOID IoCsqInsertIrp(PIO_CSQ Csq, PIRP Irp, PIO_CSQ_IRP_CONTEXT Context)
{
    IoCsqInsertIrpEx(Csq, Irp, Context, NULL);
}

NTIO_EXPORT PIRP IoCsqRemoveIrp(PIO_CSQ Csq, PIO_CSQ_IRP_CONTEXT Context)
{
    KIRQL Irql;
    PIRP Irp;

    Csq->CsqAcquireLock(Csq, &Irql);
    Irp = Context->Irp;
    if (Irp) {
        if (IoSetCancelRoutine(Irp, NULL) != NULL)
            IopCsqUnlinkIrp(Csq, Irp);
        else
            Irp = NULL; /* being cancelled: the cancel routine owns it now */
    }
    Csq->CsqReleaseLock(Csq, Irql);
    return Irp;
}

NTIO_EXPORT PIRP IoCsqRemoveNextIrp(PIO_CSQ Csq, PVOID PeekContext)
{
    KIRQL Irql;
    PIRP Irp;

    Csq->CsqAcquireLock(Csq, &Irql);
    for (Irp = Csq->CsqPeekNextIrp(Csq, NULL, PeekContext); Irp;
         Irp = Csq->CsqPeekNextIrp(Csq, Irp, PeekContext)) {
        /* Skip IRPs whose cancel routine is already running: they are
         * still queued only until it gets the queue lock. */
        if (IoSetCancelRoutine(Irp, NULL) != NULL) {
            IopCsqUnlinkIrp(Csq, Irp);
            break;
        }
    }
    Csq->CsqReleaseLock(Csq, Irql);
    return Irp;
}
