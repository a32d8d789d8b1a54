/*
 * sys/cancel.c - NtCancelIoFile (CancelIo: this thread's requests on the
 * file) and NtCancelIoFileEx (CancelIoEx: any thread's requests on the
 * file, or the one whose status block is given).
 */
#include "sys.h"

/* Cancel, one by one, the IRPs of Thread that match; returns how many
 * matched.  The list lock cannot be held across IoCancelIrp (the cancel
 * routine may complete the IRP), so each pass finds one not yet
 * cancelled IRP, marks it, and cancels it. */
static ULONG SvcCancelThreadIrps(PKTHREAD Thread, PFILE_OBJECT File, PIO_STATUS_BLOCK Iosb)
{
    ULONG Matched = 0;
    for (;;) {
        PIRP Target = NULL;
        KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Thread->IrpListLock);
        for (PLIST_ENTRY E = Thread->IrpList.Flink; E != &Thread->IrpList; E = E->Flink) {
            PIRP Irp = CONTAINING_RECORD(E, IRP, ThreadListEntry);
            if (Irp->Tail.Overlay.OriginalFileObject == File && !Irp->Cancel &&
                (!Iosb || Irp->UserIosb == Iosb)) {
                Target = Irp;
                break;
            }
        }
        if (!Target) {
            KeReleaseSpinLock(&Thread->IrpListLock, OldIrql);
            return Matched;
        }
        /* IoCancelIrp sets Cancel again; marking it here keeps the next
         * pass from picking it up twice while the lock is dropped. */
        Target->Cancel = TRUE;
        KeReleaseSpinLock(&Thread->IrpListLock, OldIrql);
        Matched++;
        IoCancelIrp(Target);
    }
}

NTIO_EXPORT NTSTATUS NtCancelIoFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PFILE_OBJECT File;
    SERVICE_ENTER();
    if (Mode == UserMode && !SvcProbe(IoStatusBlock, sizeof(IO_STATUS_BLOCK), TRUE))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    NTSTATUS Status = ObReferenceObjectByHandle(FileHandle, 0, IopFileObjectType, Mode,
                                                (PVOID *)&File, NULL);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    SvcCancelThreadIrps(KiGetCurrentThread(), File, NULL);
    ObfDereferenceObject(File);
    IO_STATUS_BLOCK Iosb = { .Status = STATUS_SUCCESS, .Information = 0 };
    SvcCopyOut(Mode, IoStatusBlock, &Iosb, sizeof Iosb);
    return KiServiceExit(STATUS_SUCCESS);
}

NTIO_EXPORT NTSTATUS NtCancelIoFileEx(HANDLE FileHandle, PIO_STATUS_BLOCK IoRequestToCancel,
                                      PIO_STATUS_BLOCK IoStatusBlock)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PFILE_OBJECT File;
    PEPROCESS Process = PspCurrentProcess();
    ULONG Matched = 0;
    SERVICE_ENTER();
    if (Mode == UserMode && !SvcProbe(IoStatusBlock, sizeof(IO_STATUS_BLOCK), TRUE))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    NTSTATUS Status = ObReferenceObjectByHandle(FileHandle, 0, IopFileObjectType, Mode,
                                                (PVOID *)&File, NULL);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    /* Threads cannot leave the process while its thread list lock is held,
     * but cancel routines must not run under it either: collect the threads
     * with a reference each, then cancel. */
    PKTHREAD Threads[256];
    ULONG Count = 0;
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Process->ThreadListLock);
    for (PLIST_ENTRY E = Process->ThreadListHead.Flink;
         E != &Process->ThreadListHead && Count < RTL_NUMBER_OF(Threads); E = E->Flink) {
        PETHREAD T = CONTAINING_RECORD(E, ETHREAD, ThreadListEntry);
        ObfReferenceObject(T);
        Threads[Count++] = &T->Tcb;
    }
    KeReleaseSpinLock(&Process->ThreadListLock, OldIrql);
    for (ULONG i = 0; i < Count; i++) {
        Matched += SvcCancelThreadIrps(Threads[i], File, IoRequestToCancel);
        ObfDereferenceObject(Threads[i]);
    }
    ObfDereferenceObject(File);
    if (!Matched)
        return KiServiceExit(STATUS_NOT_FOUND);
    IO_STATUS_BLOCK Iosb = { .Status = STATUS_SUCCESS, .Information = 0 };
    SvcCopyOut(Mode, IoStatusBlock, &Iosb, sizeof Iosb);
    return KiServiceExit(STATUS_SUCCESS);
}
