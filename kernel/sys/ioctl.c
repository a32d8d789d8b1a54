/*
 * sys/ioctl.c - NtDeviceIoControlFile: the four transfer methods with
 * Windows' exact buffer rules.
 *
 *   METHOD_BUFFERED   one system buffer of max(in, out) bytes; the input is
 *                     copied in, and IoStatus.Information bytes are copied
 *                     back to the output buffer on success or warning.
 *   METHOD_IN_DIRECT  input buffered as above; the output buffer is locked
 *   METHOD_OUT_DIRECT and described by Irp->MdlAddress (probed for read for
 *                     IN_DIRECT, for write for OUT_DIRECT).
 *   METHOD_NEITHER    Type3InputBuffer and UserBuffer are the caller's raw
 *                     pointers; the driver must probe them itself.
 *
 * The control code's access bits must have been granted on the handle.
 */
#include "sys.h"
#include "io/iosvc.h"
#include "ex/ex.h"

NTIO_EXPORT NTSTATUS NtDeviceIoControlFile(HANDLE FileHandle, HANDLE Event,
                                           PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                                           PIO_STATUS_BLOCK IoStatusBlock, ULONG IoControlCode,
                                           PVOID InputBuffer, ULONG InputBufferLength,
                                           PVOID OutputBuffer, ULONG OutputBufferLength)
{
    IOP_REQUEST R;
    NTSTATUS Status;
    ULONG Method = METHOD_FROM_CTL_CODE(IoControlCode);
    ULONG AccessBits = (IoControlCode >> 14) & 3;
    ACCESS_MASK Needed = ((AccessBits & FILE_READ_ACCESS) ? FILE_READ_DATA : 0) |
                         ((AccessBits & FILE_WRITE_ACCESS) ? FILE_WRITE_DATA : 0);

    SERVICE_ENTER();
    Status = IopBeginRequest(FileHandle, Needed, Event, IoStatusBlock, &R);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    if (ApcRoutine && R.FileObject->CompletionContext) {
        IopEndRequest(&R); /* a port-bound file takes no APC routine */
        return KiServiceExit(STATUS_INVALID_PARAMETER);
    }

    if (R.Mode == UserMode && Method != METHOD_NEITHER) {
        /* Windows probes the caller's buffers before building the IRP. */
        /* (The input is probed by the copy into the system buffer.) */
        if (Method == METHOD_BUFFERED && OutputBufferLength &&
            !SvcProbe(OutputBuffer, OutputBufferLength, TRUE)) {
            IopEndRequest(&R);
            return KiServiceExit(STATUS_ACCESS_VIOLATION);
        }
    }

    PIRP Irp = IopBuildRequestIrp(&R, IRP_MJ_DEVICE_CONTROL, ApcRoutine, ApcContext, IoStatusBlock);
    if (!Irp) {
        IopEndRequest(&R);
        return KiServiceExit(STATUS_INSUFFICIENT_RESOURCES);
    }
    PIO_STACK_LOCATION Sp = IoGetNextIrpStackLocation(Irp);
    Sp->Parameters.DeviceIoControl.IoControlCode = IoControlCode;
    Sp->Parameters.DeviceIoControl.InputBufferLength = InputBufferLength;
    Sp->Parameters.DeviceIoControl.OutputBufferLength = OutputBufferLength;

    switch (Method) {
    case METHOD_BUFFERED: {
        ULONG Len = InputBufferLength > OutputBufferLength ? InputBufferLength : OutputBufferLength;
        if (Len) {
            PVOID Buffer = IopAllocateSystemBuffer(Len);
            if (!Buffer) {
                Status = STATUS_INSUFFICIENT_RESOURCES;
                goto fail;
            }
            Irp->AssociatedIrp.SystemBuffer = Buffer;
            Irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
            if (InputBufferLength && !SvcCopyIn(R.Mode, Buffer, InputBuffer, InputBufferLength)) {
                Status = STATUS_ACCESS_VIOLATION;
                goto fail;
            }
            if (OutputBufferLength) {
                Irp->Flags |= IRP_INPUT_OPERATION;
                Irp->UserBuffer = OutputBuffer;
                IOP_IRP_HEADER_OF(Irp)->OutputLength = OutputBufferLength;
            }
        }
        break;
    }
    case METHOD_IN_DIRECT:
    case METHOD_OUT_DIRECT:
        if (InputBufferLength) {
            PVOID Buffer = IopAllocateSystemBuffer(InputBufferLength);
            if (!Buffer) {
                Status = STATUS_INSUFFICIENT_RESOURCES;
                goto fail;
            }
            Irp->AssociatedIrp.SystemBuffer = Buffer;
            Irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
            if (!SvcCopyIn(R.Mode, Buffer, InputBuffer, InputBufferLength)) {
                Status = STATUS_ACCESS_VIOLATION;
                goto fail;
            }
        }
        if (OutputBufferLength) {
            Status = IopLockUserBuffer(Irp, OutputBuffer, OutputBufferLength, R.Mode,
                                       Method == METHOD_IN_DIRECT ? IoReadAccess : IoWriteAccess);
            if (!NT_SUCCESS(Status))
                goto fail;
        }
        break;
    default: /* METHOD_NEITHER */
        Sp->Parameters.DeviceIoControl.Type3InputBuffer = InputBuffer;
        Irp->UserBuffer = OutputBuffer;
        break;
    }

    Status = IopSynchronousServiceTail(R.Device, Irp, R.FileObject, R.Synchronous);
    IopEndRequest(&R);
    return KiServiceExit(Status);

fail:
    IopAbortRequestIrp(Irp);
    IopEndRequest(&R);
    return KiServiceExit(Status);
}

NTIO_EXPORT NTSTATUS ZwDeviceIoControlFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                                           PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock,
                                           ULONG IoControlCode, PVOID InputBuffer,
                                           ULONG InputBufferLength, PVOID OutputBuffer,
                                           ULONG OutputBufferLength)
{
    PKTHREAD Thread = KiGetCurrentThread();
    KPROCESSOR_MODE Saved = Thread->PreviousMode;
    Thread->PreviousMode = KernelMode;
    NTSTATUS Status = NtDeviceIoControlFile(FileHandle, Event, ApcRoutine, ApcContext, IoStatusBlock,
                                            IoControlCode, InputBuffer, InputBufferLength,
                                            OutputBuffer, OutputBufferLength);
    Thread->PreviousMode = Saved;
    return Status;
}
