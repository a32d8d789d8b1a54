/*
 * sys/cancel.c - NtCancelIoFile (CancelIo: this thread's requests on the
 * file) and NtCancelIoFileEx (CancelIoEx: any thread's requests on the
 * file, or the one whose status block is given).  Requests on a file bound
 * to a completion port wait on the file object (thread-agnostic I/O), the
 * others on their threads.
 */
#include "sys.h"

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
    IopCancelThreadIrps(KiGetCurrentThread(), File, NULL);
    IopCancelFileIrps(File, KiGetCurrentThread(), NULL); /* its thread-agnostic ones */
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
        Matched += IopCancelThreadIrps(Threads[i], File, IoRequestToCancel);
        ObfDereferenceObject(Threads[i]);
    }
    Matched += IopCancelFileIrps(File, NULL, IoRequestToCancel);
    ObfDereferenceObject(File);
    if (!Matched)
        return KiServiceExit(STATUS_NOT_FOUND);
    IO_STATUS_BLOCK Iosb = { .Status = STATUS_SUCCESS, .Information = 0 };
    SvcCopyOut(Mode, IoStatusBlock, &Iosb, sizeof Iosb);
    return KiServiceExit(STATUS_SUCCESS);
}
