/*
 * io/complete.c - IoCompleteRequest: completion routines up the stack,
 * then the I/O manager's own completion (IopCompleteRequest): copy-back of
 * buffered output, MDL release, the I/O status block, the event, the APC.
 *
 * Windows runs IopCompleteRequest as a kernel APC in the requesting thread
 * so that it can touch that process's memory; in the embedded model the
 * requester's memory is the caller's, so it runs at once on the completing
 * thread, and only the user APC (ReadFileEx) is queued to the requester.
 *
 * Windows' rule for what an application sees: a request that fails at once
 * (an error status, not pended) writes no I/O status block and signals
 * nothing — the error comes back as the service's return value.  Success,
 * warnings, and anything that was pended, are reported through the status
 * block, the event and the APC.
 */
#include "iop.h"
#include "iocomp.h"
#include "ex/ex.h"
#include "mm/mm.h"
#include "mm/usercopy.h"

#define MULTIPLE_IRP_COMPLETE_REQUESTS 0x00000044
#define DRIVER_VERIFIER_IOMANAGER_VIOLATION 0x000000C9

VOID IopCompleteRequest(PIRP Irp)
{
    PFILE_OBJECT FileObject = Irp->Tail.Overlay.OriginalFileObject;
    NTSTATUS Status = Irp->IoStatus.Status;

    if (Irp->Flags & IRP_BUFFERED_IO) {
        if ((Irp->Flags & IRP_INPUT_OPERATION) && !NT_ERROR(Status) && Irp->IoStatus.Information &&
            Irp->UserBuffer) {
            /* A driver may not report more than the caller's buffer holds;
             * Windows would overrun it, ntio copies what fits. */
            ULONG_PTR Len = Irp->IoStatus.Information;
            ULONG Limit = IOP_IRP_HEADER_OF(Irp)->OutputLength;
            if (Len > Limit)
                Len = Limit;
            if (Irp->RequestorMode == UserMode) {
                if (MiCopyUserMemory(Irp->UserBuffer, Irp->AssociatedIrp.SystemBuffer, Len) != 0)
                    Irp->IoStatus.Status = Status = STATUS_ACCESS_VIOLATION;
            } else {
                memcpy(Irp->UserBuffer, Irp->AssociatedIrp.SystemBuffer, Len);
            }
        }
        if (Irp->Flags & IRP_DEALLOCATE_BUFFER)
            IopFreeSystemBuffer(Irp->AssociatedIrp.SystemBuffer);
        Irp->AssociatedIrp.SystemBuffer = NULL;
        Irp->Flags &= ~(IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER);
    }
    for (PMDL Mdl = Irp->MdlAddress, Next; Mdl; Mdl = Next) {
        Next = Mdl->Next;
        if (Mdl->MdlFlags & MDL_PAGES_LOCKED)
            MmUnlockPages(Mdl);
        IoFreeMdl(Mdl);
    }
    Irp->MdlAddress = NULL;

    BOOLEAN Report = !NT_ERROR(Status) || Irp->PendingReturned;
    if (Report) {
        if (Irp->UserIosb) {
            if (Irp->RequestorMode == UserMode) {
                IO_STATUS_BLOCK Iosb = Irp->IoStatus;
                MiCopyUserMemory(Irp->UserIosb, &Iosb, sizeof Iosb);
            } else {
                *Irp->UserIosb = Irp->IoStatus;
            }
        }
        if (FileObject && (FileObject->Flags & FO_SYNCHRONOUS_IO))
            FileObject->FinalStatus = Status;
        PIO_APC_ROUTINE Apc = Irp->Overlay.AsynchronousParameters.UserApcRoutine;
        /* A create's Overlay holds its AllocationSize, not an APC routine. */
        if (Apc && Irp->Tail.Overlay.Thread && !(Irp->Flags & IRP_CREATE_OPERATION))
            KiInsertUserApc((PKTHREAD)Irp->Tail.Overlay.Thread, (PKNORMAL_ROUTINE)(PVOID)Apc,
                            Irp->Overlay.AsynchronousParameters.UserApcContext, Irp->UserIosb,
                            NULL);
        if (Irp->UserEvent) {
            KeSetEvent(Irp->UserEvent, 0, FALSE);
            if (FileObject && (FileObject->Flags & FO_SYNCHRONOUS_IO))
                KeSetEvent(&FileObject->Event, 0, FALSE);
        } else if (FileObject && !(FileObject->Flags & FO_SKIP_SET_EVENT)) {
            /* FILE_SKIP_SET_EVENT_ON_HANDLE spares the signal nobody waits for. */
            KeSetEvent(&FileObject->Event, 0, FALSE);
        }
        /* A file bound to a completion port (never a synchronous one):
         * an overlapped request with an APC context (kernel32 passes the
         * OVERLAPPED) queues a packet, as on Windows, unless it succeeded
         * without being pended and the file skips those
         * (FILE_SKIP_COMPLETION_PORT_ON_SUCCESS: the caller has the result
         * already).  A packet that cannot be allocated is lost, as when
         * Windows' allocation fails. */
        if (FileObject && FileObject->CompletionContext &&
            Irp->Overlay.AsynchronousParameters.UserApcContext && !Apc &&
            !(Irp->Flags & IRP_CREATE_OPERATION) &&
            !((FileObject->Flags & FO_SKIP_COMPLETION_PORT) && !Irp->PendingReturned &&
              NT_SUCCESS(Status))) {
            PIO_COMPLETION_CONTEXT Context = FileObject->CompletionContext;
            IopQueueCompletionPacket(Context->Port, Context->Key,
                                     Irp->Overlay.AsynchronousParameters.UserApcContext,
                                     Irp->IoStatus.Status, Irp->IoStatus.Information);
        }
    } else if (FileObject && (FileObject->Flags & FO_SYNCHRONOUS_IO)) {
        FileObject->FinalStatus = Status;
    }

    BOOLEAN Free = IopDequeueThreadIrp(Irp);
    /* The system service that built the IRP referenced the user event and
     * the file object for it. */
    if (IOP_IRP_HEADER_OF(Irp)->IopFlags & IOP_IRP_DEREF_USER_EVENT)
        ObfDereferenceObject(Irp->UserEvent);
    if (Free)
        IoFreeIrp(Irp); /* else a canceller holds it and frees it (io/cancel.c) */
    if (FileObject)
        ObfDereferenceObject(FileObject);
}

/* An associated IRP is done: release it, and complete its master when it
 * was the last one outstanding. */
static VOID IopCompleteAssociatedIrp(PIRP Irp, CCHAR PriorityBoost)
{
    PIRP Master = Irp->AssociatedIrp.MasterIrp;
    for (PMDL Mdl = Irp->MdlAddress, Next; Mdl; Mdl = Next) {
        Next = Mdl->Next;
        if (Mdl->MdlFlags & MDL_PAGES_LOCKED)
            MmUnlockPages(Mdl);
        IoFreeMdl(Mdl);
    }
    Irp->MdlAddress = NULL;
    IoFreeIrp(Irp);
    if (__atomic_sub_fetch(&Master->AssociatedIrp.IrpCount, 1, __ATOMIC_ACQ_REL) == 0)
        IofCompleteRequest(Master, PriorityBoost);
}

NTIO_EXPORT VOID IofCompleteRequest(PIRP Irp, CCHAR PriorityBoost)
{
    UNREFERENCED_PARAMETER(PriorityBoost);
    if (Irp->Type != IO_TYPE_IRP || Irp->CurrentLocation > Irp->StackCount + 1)
        KeBugCheckEx(MULTIPLE_IRP_COMPLETE_REQUESTS, (ULONG_PTR)Irp, 0, 0, 0);
    if (Irp->IoStatus.Status == STATUS_PENDING)
        /* Completing with STATUS_PENDING leaves the caller waiting forever. */
        KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION, 0x0E, (ULONG_PTR)Irp,
                     (ULONG_PTR)__builtin_return_address(0), 0);

    PIO_STACK_LOCATION Sp = IoGetCurrentIrpStackLocation(Irp);
    for (Irp->CurrentLocation++, Irp->Tail.Overlay.CurrentStackLocation++;
         Irp->CurrentLocation <= (CCHAR)(Irp->StackCount + 1);
         Sp++, Irp->CurrentLocation++, Irp->Tail.Overlay.CurrentStackLocation++) {
        UCHAR Control = Sp->Control;
        PIO_COMPLETION_ROUTINE Routine = Sp->CompletionRoutine;
        PVOID Context = Sp->Context;
        NTSTATUS Status = Irp->IoStatus.Status;
        Irp->PendingReturned = (Control & SL_PENDING_RETURNED) != 0;
        /* Clear the location the way ZeroIrpStackLocation does. */
        Sp->MinorFunction = 0;
        Sp->Flags = 0;
        Sp->Control = 0;
        memset(&Sp->Parameters, 0, sizeof Sp->Parameters);
        Sp->FileObject = NULL;
        Sp->CompletionRoutine = NULL;
        Sp->Context = NULL;
        if (Routine && ((NT_SUCCESS(Status) && (Control & SL_INVOKE_ON_SUCCESS)) ||
                        (!NT_SUCCESS(Status) && (Control & SL_INVOKE_ON_ERROR)) ||
                        (Irp->Cancel && (Control & SL_INVOKE_ON_CANCEL)))) {
            PDEVICE_OBJECT Device = (Irp->CurrentLocation == (CCHAR)(Irp->StackCount + 1))
                                        ? NULL
                                        : IoGetCurrentIrpStackLocation(Irp)->DeviceObject;
            if (Routine(Device, Irp, Context) == STATUS_MORE_PROCESSING_REQUIRED)
                return;
        } else if (Irp->PendingReturned && Irp->CurrentLocation <= Irp->StackCount) {
            IoMarkIrpPending(Irp);
        }
    }
    if (Irp->Flags & IRP_ASSOCIATED_IRP)
        IopCompleteAssociatedIrp(Irp, PriorityBoost);
    else
        IopCompleteRequest(Irp);
}
