/*
 * iocpdrv.c - a test driver whose reads complete later, from a timer DPC:
 * each read is pended and completed 10-40 ms on with the buffer filled
 * with its length's low byte and Information = the length, or, for a read
 * of IOCPDRV_FAIL_LENGTH bytes, with STATUS_DATA_ERROR and no data.  A read
 * of IOCPDRV_HOLD_LENGTH bytes is held, cancellable, until it is cancelled.
 * Writes complete at once: Information = the length, or, for
 * IOCPDRV_FAIL_LENGTH bytes, STATUS_DATA_ERROR.  The application sees the
 * completions through its completion port.
 */
#include <ntddk.h>

#define IOCPDRV_FAIL_LENGTH 7
#define IOCPDRV_HOLD_LENGTH 50

typedef struct _IOCPDRV_REQUEST {
    KTIMER Timer;
    KDPC Dpc;
    PIRP Irp;
} IOCPDRV_REQUEST, *PIOCPDRV_REQUEST;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH IocpDispatch;
DRIVER_UNLOAD IocpUnload;
KDEFERRED_ROUTINE IocpTimerDpc;
DRIVER_CANCEL IocpHoldCancel;

static volatile LONG Outstanding;

VOID IocpTimerDpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
    PIOCPDRV_REQUEST R = Context;
    PIRP Irp = R->Irp;
    ULONG Length = IoGetCurrentIrpStackLocation(Irp)->Parameters.Read.Length;
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(A1);
    UNREFERENCED_PARAMETER(A2);
    if (Length == IOCPDRV_FAIL_LENGTH) {
        Irp->IoStatus.Status = STATUS_DATA_ERROR;
        Irp->IoStatus.Information = 0;
    } else {
        RtlFillMemory(Irp->AssociatedIrp.SystemBuffer, Length, (UCHAR)Length);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        Irp->IoStatus.Information = Length;
    }
    ExFreePoolWithTag(R, 'pcoI');
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    InterlockedDecrement(&Outstanding);
}

VOID IocpHoldCancel(PDEVICE_OBJECT Device, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Device);
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    InterlockedDecrement(&Outstanding);
}

NTSTATUS IocpDispatch(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION Sp = IoGetCurrentIrpStackLocation(Irp);
    UNREFERENCED_PARAMETER(Device);
    if (Sp->MajorFunction == IRP_MJ_WRITE) {
        ULONG Length = Sp->Parameters.Write.Length;
        NTSTATUS Status = Length == IOCPDRV_FAIL_LENGTH ? STATUS_DATA_ERROR : STATUS_SUCCESS;
        Irp->IoStatus.Status = Status;
        Irp->IoStatus.Information = NT_SUCCESS(Status) ? Length : 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return Status;
    }
    if (Sp->MajorFunction == IRP_MJ_READ && Sp->Parameters.Read.Length == IOCPDRV_HOLD_LENGTH) {
        KIRQL Irql;
        InterlockedIncrement(&Outstanding);
        IoMarkIrpPending(Irp);
        IoAcquireCancelSpinLock(&Irql);
        if (Irp->Cancel) {
            IoReleaseCancelSpinLock(Irql);
            Irp->IoStatus.Status = STATUS_CANCELLED;
            Irp->IoStatus.Information = 0;
            IoCompleteRequest(Irp, IO_NO_INCREMENT);
            InterlockedDecrement(&Outstanding);
        } else {
            IoSetCancelRoutine(Irp, IocpHoldCancel);
            IoReleaseCancelSpinLock(Irql);
        }
        return STATUS_PENDING;
    }
    if (Sp->MajorFunction == IRP_MJ_READ) {
        PIOCPDRV_REQUEST R = ExAllocatePoolWithTag(NonPagedPool, sizeof *R, 'pcoI');
        if (!R) {
            Irp->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
            Irp->IoStatus.Information = 0;
            IoCompleteRequest(Irp, IO_NO_INCREMENT);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        static volatile LONG Sequence;
        LARGE_INTEGER Due;
        Due.QuadPart = -(10 + (InterlockedIncrement(&Sequence) % 4) * 10) * 10000LL;
        R->Irp = Irp;
        KeInitializeTimer(&R->Timer);
        KeInitializeDpc(&R->Dpc, IocpTimerDpc, R);
        InterlockedIncrement(&Outstanding);
        IoMarkIrpPending(Irp);
        KeSetTimer(&R->Timer, Due, &R->Dpc);
        return STATUS_PENDING;
    }
    /* CREATE, CLEANUP, CLOSE */
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID IocpUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\DosDevices\\IocpTest");
    LARGE_INTEGER Ms = { .QuadPart = -10 * 10000LL };
    while (Outstanding) /* the timers still to fire */
        KeDelayExecutionThread(KernelMode, FALSE, &Ms);
    IoDeleteSymbolicLink(&Link);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\IocpTest");
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\DosDevices\\IocpTest");
    PDEVICE_OBJECT Device;
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS Status = IoCreateDevice(DriverObject, 0, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    Device->Flags |= DO_BUFFERED_IO;
    for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = IocpDispatch;
    DriverObject->DriverUnload = IocpUnload;
    Status = IoCreateSymbolicLink(&Link, &Name);
    if (!NT_SUCCESS(Status))
        IoDeleteDevice(Device);
    return Status;
}
