/*
 * sys/readwrite.c - NtReadFile and NtWriteFile (and the Zw forms).
 *
 * The device's flags choose the transfer: DO_BUFFERED_IO (system buffer,
 * copied back after a read), DO_DIRECT_IO (MDL), or neither (UserBuffer).
 *
 * The file position: a synchronous file object (FO_SYNCHRONOUS_IO) keeps
 * CurrentByteOffset, which a request without a ByteOffset (or with
 * FILE_USE_FILE_POINTER_POSITION) uses, and which a successful transfer
 * advances by what it moved.  A write at FILE_WRITE_TO_END_OF_FILE lands
 * where only the file system knows: the file system sets the position for
 * it (as Windows file systems set it for every synchronous transfer).  An
 * asynchronous file object has no position: a ByteOffset is required.
 */
#include "sys.h"
#include "io/iosvc.h"
#include "ex/ex.h"

static NTSTATUS IopReadWrite(BOOLEAN Write, HANDLE FileHandle, HANDLE Event,
                             PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                             PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length,
                             PLARGE_INTEGER ByteOffset, PULONG Key)
{
    IOP_REQUEST R;
    NTSTATUS Status;
    LARGE_INTEGER Offset = { .QuadPart = 0 };
    ULONG KeyValue = 0;
    BOOLEAN HaveOffset = FALSE;

    Status = IopBeginRequest(FileHandle, Write ? FILE_WRITE_DATA : FILE_READ_DATA, Event,
                             IoStatusBlock, &R);
    BOOLEAN AppendOnly = FALSE;
    if (Write && Status == STATUS_ACCESS_DENIED) {
        /* A handle that may only append writes at the end of the file,
         * whatever offset it names. */
        Status = IopBeginRequest(FileHandle, FILE_APPEND_DATA, Event, IoStatusBlock, &R);
        AppendOnly = NT_SUCCESS(Status);
    }
    if (!NT_SUCCESS(Status))
        return Status;
    /* A file bound to a completion port reports there; an APC routine
     * too is refused, as on Windows (ReadFileEx on such a handle). */
    if (ApcRoutine && R.FileObject->CompletionContext) {
        IopEndRequest(&R);
        return STATUS_INVALID_PARAMETER;
    }
    if (AppendOnly) {
        Offset.HighPart = -1;
        Offset.LowPart = FILE_WRITE_TO_END_OF_FILE;
        HaveOffset = TRUE;
    } else if (ByteOffset) {
        if (!SvcCopyIn(R.Mode, &Offset, ByteOffset, sizeof Offset)) {
            IopEndRequest(&R);
            return STATUS_ACCESS_VIOLATION;
        }
        HaveOffset = !(Offset.HighPart == -1 && Offset.LowPart == FILE_USE_FILE_POINTER_POSITION);
    }
    if (Key && !SvcCopyIn(R.Mode, &KeyValue, Key, sizeof KeyValue)) {
        IopEndRequest(&R);
        return STATUS_ACCESS_VIOLATION;
    }
    if (!HaveOffset) {
        if (!R.Synchronous) {
            /* An asynchronous file object has no current position. */
            IopEndRequest(&R);
            return STATUS_INVALID_PARAMETER;
        }
        Offset = R.FileObject->CurrentByteOffset;
    }
    if (R.Mode == UserMode && Length && !SvcProbe(Buffer, Length, !Write)) {
        IopEndRequest(&R);
        return STATUS_ACCESS_VIOLATION;
    }

    PIRP Irp = IopBuildRequestIrp(&R, Write ? IRP_MJ_WRITE : IRP_MJ_READ, ApcRoutine, ApcContext,
                                  IoStatusBlock);
    if (!Irp) {
        IopEndRequest(&R);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    PIO_STACK_LOCATION Sp = IoGetNextIrpStackLocation(Irp);
    Sp->Parameters.Read.Length = Length;
    Sp->Parameters.Read.Key = KeyValue;
    Sp->Parameters.Read.ByteOffset = Offset;
    Irp->Flags |= Write ? IRP_WRITE_OPERATION : IRP_READ_OPERATION;

    if (R.Device->Flags & DO_BUFFERED_IO) {
        if (Length) {
            PVOID Sys = IopAllocateSystemBuffer(Length);
            if (!Sys) {
                Status = STATUS_INSUFFICIENT_RESOURCES;
                goto fail;
            }
            Irp->AssociatedIrp.SystemBuffer = Sys;
            Irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
            if (Write) {
                if (!SvcCopyIn(R.Mode, Sys, Buffer, Length)) {
                    Status = STATUS_ACCESS_VIOLATION;
                    goto fail;
                }
            } else {
                Irp->Flags |= IRP_INPUT_OPERATION;
                IOP_IRP_HEADER_OF(Irp)->OutputLength = Length;
            }
        }
        Irp->UserBuffer = Buffer;
    } else if (R.Device->Flags & DO_DIRECT_IO) {
        if (Length) {
            Status = IopLockUserBuffer(Irp, Buffer, Length, R.Mode,
                                       Write ? IoReadAccess : IoWriteAccess);
            if (!NT_SUCCESS(Status))
                goto fail;
        }
    } else {
        Irp->UserBuffer = Buffer;
    }

    Status = IopSynchronousServiceTail(R.Device, Irp, R.FileObject, R.Synchronous);
    if (R.Synchronous && NT_SUCCESS(Status) &&
        !(Offset.HighPart == -1 && Offset.LowPart == FILE_WRITE_TO_END_OF_FILE)) {
        /* The position moves by what was transferred; the IRP is gone, but
         * the caller's status block (or FinalStatus path) has the count. */
        IO_STATUS_BLOCK Iosb;
        if (SvcCopyIn(R.Mode, &Iosb, IoStatusBlock, sizeof Iosb))
            R.FileObject->CurrentByteOffset.QuadPart = Offset.QuadPart + (LONGLONG)Iosb.Information;
    }
    IopEndRequest(&R);
    return Status;

fail:
    IopAbortRequestIrp(Irp);
    IopEndRequest(&R);
    return Status;
}

NTIO_EXPORT NTSTATUS NtReadFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                                PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                                ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key)
{
    SERVICE_ENTER();
    return KiServiceExit(IopReadWrite(FALSE, FileHandle, Event, ApcRoutine, ApcContext,
                                      IoStatusBlock, Buffer, Length, ByteOffset, Key));
}

NTIO_EXPORT NTSTATUS NtWriteFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                                 PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                                 ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key)
{
    SERVICE_ENTER();
    return KiServiceExit(IopReadWrite(TRUE, FileHandle, Event, ApcRoutine, ApcContext,
                                      IoStatusBlock, Buffer, Length, ByteOffset, Key));
}

NTIO_EXPORT NTSTATUS ZwReadFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                                PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                                ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key)
{
    PKTHREAD Thread = KiGetCurrentThread();
    KPROCESSOR_MODE Saved = Thread->PreviousMode;
    Thread->PreviousMode = KernelMode;
    NTSTATUS Status = NtReadFile(FileHandle, Event, ApcRoutine, ApcContext, IoStatusBlock, Buffer,
                                 Length, ByteOffset, Key);
    Thread->PreviousMode = Saved;
    return Status;
}

NTIO_EXPORT NTSTATUS ZwWriteFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                                 PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                                 ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key)
{
    PKTHREAD Thread = KiGetCurrentThread();
    KPROCESSOR_MODE Saved = Thread->PreviousMode;
    Thread->PreviousMode = KernelMode;
    NTSTATUS Status = NtWriteFile(FileHandle, Event, ApcRoutine, ApcContext, IoStatusBlock, Buffer,
                                  Length, ByteOffset, Key);
    Thread->PreviousMode = Saved;
    return Status;
}
