/*
 * io/iosvc.c - what NtReadFile, NtWriteFile and NtDeviceIoControlFile
 * share: taking the file and event from their handles, building the IRP,
 * and the synchronous tail (waiting for a pended request on a synchronous
 * file object).
 */
#include "iosvc.h"
#include "ex/ex.h"
#include "mm/usercopy.h"
#include "ps/ps.h"

NTSTATUS IopBeginRequest(HANDLE FileHandle, ACCESS_MASK Needed, HANDLE Event,
                         PIO_STATUS_BLOCK IoStatusBlock, PIOP_REQUEST R)
{
    NTSTATUS Status;
    OBJECT_HANDLE_INFORMATION Info;
    R->Mode = ExGetPreviousMode();
    R->FileObject = NULL;
    R->Event = NULL;

    if (R->Mode == UserMode) {
        ULONG_PTR a = (ULONG_PTR)IoStatusBlock;
        if (!IoStatusBlock || a < 0x10000 || a + sizeof(IO_STATUS_BLOCK) > MmUserProbeAddress ||
            !MiProbeUserRange(IoStatusBlock, sizeof(IO_STATUS_BLOCK), TRUE))
            return STATUS_ACCESS_VIOLATION;
    }
    Status = ObReferenceObjectByHandle(FileHandle, 0, IopFileObjectType, R->Mode,
                                       (PVOID *)&R->FileObject, &Info);
    if (!NT_SUCCESS(Status))
        return Status;
    if (R->Mode == UserMode && (Info.GrantedAccess & Needed) != Needed) {
        ObfDereferenceObject(R->FileObject);
        return STATUS_ACCESS_DENIED;
    }
    if (Event) {
        Status = ObReferenceObjectByHandle(Event, EVENT_MODIFY_STATE, *ExEventObjectType, R->Mode,
                                           (PVOID *)&R->Event, NULL);
        if (!NT_SUCCESS(Status)) {
            ObfDereferenceObject(R->FileObject);
            return Status;
        }
        KeClearEvent(R->Event);
    }
    R->Synchronous = (R->FileObject->Flags & FO_SYNCHRONOUS_IO) != 0;
    if (R->Synchronous)
        IopAcquireFileObjectLock(R->FileObject);
    KeClearEvent(&R->FileObject->Event);
    R->Device = IoGetRelatedDeviceObject(R->FileObject);
    return STATUS_SUCCESS;
}

VOID IopEndRequest(PIOP_REQUEST R)
{
    if (R->Event)
        ObfDereferenceObject(R->Event); /* never handed to an IRP */
    if (R->Synchronous)
        IopReleaseFileObjectLock(R->FileObject);
    ObfDereferenceObject(R->FileObject);
}

PIRP IopBuildRequestIrp(PIOP_REQUEST R, UCHAR Major, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                        PIO_STATUS_BLOCK IoStatusBlock)
{
    PIRP Irp = IopAllocateIrp(R->Device->StackSize, NULL);
    if (!Irp)
        return NULL;
    Irp->RequestorMode = R->Mode;
    Irp->UserIosb = IoStatusBlock;
    Irp->UserEvent = R->Event;
    Irp->Overlay.AsynchronousParameters.UserApcRoutine = ApcRoutine;
    Irp->Overlay.AsynchronousParameters.UserApcContext = ApcContext;
    Irp->Tail.Overlay.OriginalFileObject = R->FileObject;
    ObfReferenceObject(R->FileObject); /* the IRP's own; dropped at completion */
    if (R->Event)
        IOP_IRP_HEADER_OF(Irp)->IopFlags |= IOP_IRP_DEREF_USER_EVENT;
    R->Event = NULL;                   /* now owned by the IRP */
    PIO_STACK_LOCATION Sp = IoGetNextIrpStackLocation(Irp);
    Sp->MajorFunction = Major;
    Sp->FileObject = R->FileObject;
    return Irp;
}

/* Describe a caller's buffer with an MDL on Irp and lock it for Operation
 * (direct I/O); a bad buffer gives the exception's status. */
NTSTATUS IopLockUserBuffer(PIRP Irp, PVOID Buffer, ULONG Length, KPROCESSOR_MODE Mode,
                           LOCK_OPERATION Operation)
{
    volatile NTSTATUS Status = STATUS_SUCCESS;
    PMDL Mdl = IoAllocateMdl(Buffer, Length, FALSE, TRUE, Irp);
    if (!Mdl)
        return STATUS_INSUFFICIENT_RESOURCES;
    __try {
        MmProbeAndLockPages(Mdl, Mode, Operation);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status; /* on failure the unlocked MDL stays on the IRP, freed with it */
}

/* Undo IopBuildRequestIrp for a request that fails before it is sent. */
VOID IopAbortRequestIrp(PIRP Irp)
{
    if (Irp->MdlAddress) {
        for (PMDL M = Irp->MdlAddress, N; M; M = N) {
            N = M->Next;
            if (M->MdlFlags & MDL_PAGES_LOCKED)
                MmUnlockPages(M);
            IoFreeMdl(M);
        }
    }
    if (Irp->Flags & IRP_DEALLOCATE_BUFFER)
        IopFreeSystemBuffer(Irp->AssociatedIrp.SystemBuffer);
    if (IOP_IRP_HEADER_OF(Irp)->IopFlags & IOP_IRP_DEREF_USER_EVENT)
        ObfDereferenceObject(Irp->UserEvent);
    ObfDereferenceObject(Irp->Tail.Overlay.OriginalFileObject);
    IoFreeIrp(Irp);
}

NTSTATUS IopSynchronousServiceTail(PDEVICE_OBJECT DeviceObject, PIRP Irp, PFILE_OBJECT FileObject,
                                   BOOLEAN SynchronousIo)
{
    NTSTATUS Status;
    IopQueueThreadIrp(Irp);
    Status = IoCallDriver(DeviceObject, Irp);
    if (SynchronousIo && Status == STATUS_PENDING) {
        IopWaitForSynchronousIrp(FileObject, Irp, (FileObject->Flags & FO_ALERTABLE_IO) != 0);
        Status = FileObject->FinalStatus;
    }
    return Status;
}
