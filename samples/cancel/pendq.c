/*
 * pendq.c - a driver that holds read requests in a cancel-safe queue until
 * a write supplies data, the way a serial or pipe-like device does:
 *   IRP_MJ_READ     queued (pending) until data arrives, cancelable;
 *   IRP_MJ_WRITE    completes the oldest queued read with the written bytes;
 *   IRP_MJ_CLEANUP  completes the closing file's queued reads as cancelled.
 */
#include <ntddk.h>
#include "pendq.h"

typedef struct _PENDQ_EXTENSION {
    IO_CSQ Csq;
    KSPIN_LOCK Lock;     /* guards Pending and Count */
    LIST_ENTRY Pending;  /* queued reads, oldest first (Irp->Tail.Overlay.ListEntry) */
    ULONG Count;
} PENDQ_EXTENSION, *PPENDQ_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH PendqDispatch;
DRIVER_UNLOAD PendqUnload;
IO_CSQ_INSERT_IRP PendqInsert;
IO_CSQ_REMOVE_IRP PendqRemove;
IO_CSQ_PEEK_NEXT_IRP PendqPeek;
IO_CSQ_ACQUIRE_LOCK PendqLock;
IO_CSQ_RELEASE_LOCK PendqUnlock;
IO_CSQ_COMPLETE_CANCELED_IRP PendqCompleteCanceled;

#define EXT(csq) CONTAINING_RECORD((csq), PENDQ_EXTENSION, Csq)

VOID PendqInsert(PIO_CSQ Csq, PIRP Irp)
{
    InsertTailList(&EXT(Csq)->Pending, &Irp->Tail.Overlay.ListEntry);
    EXT(Csq)->Count++;
}

VOID PendqRemove(PIO_CSQ Csq, PIRP Irp)
{
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
    EXT(Csq)->Count--;
}

/* Next queued read after Irp (or the first), of file PeekContext if given. */
PIRP PendqPeek(PIO_CSQ Csq, PIRP Irp, PVOID PeekContext)
{
    PLIST_ENTRY Head = &EXT(Csq)->Pending;
    PLIST_ENTRY E = Irp ? Irp->Tail.Overlay.ListEntry.Flink : Head->Flink;
    for (; E != Head; E = E->Flink) {
        PIRP Next = CONTAINING_RECORD(E, IRP, Tail.Overlay.ListEntry);
        if (!PeekContext || IoGetCurrentIrpStackLocation(Next)->FileObject == PeekContext)
            return Next;
    }
    return NULL;
}

_IRQL_raises_(DISPATCH_LEVEL)
VOID PendqLock(PIO_CSQ Csq, PKIRQL Irql)
{
    KeAcquireSpinLock(&EXT(Csq)->Lock, Irql);
}

VOID PendqUnlock(PIO_CSQ Csq, KIRQL Irql)
{
    KeReleaseSpinLock(&EXT(Csq)->Lock, Irql);
}

VOID PendqCompleteCanceled(PIO_CSQ Csq, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Csq);
    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static NTSTATUS Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS PendqDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PPENDQ_EXTENSION Ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION Sp = IoGetCurrentIrpStackLocation(Irp);

    switch (Sp->MajorFunction) {
    case IRP_MJ_READ:
        if (Sp->Parameters.Read.Length == 0)
            return Complete(Irp, STATUS_SUCCESS, 0);
        IoCsqInsertIrp(&Ext->Csq, Irp, NULL); /* marks it pending */
        return STATUS_PENDING;

    case IRP_MJ_WRITE: {
        PIRP Read = IoCsqRemoveNextIrp(&Ext->Csq, NULL);
        ULONG Length = Sp->Parameters.Write.Length;
        if (!Read)
            return Complete(Irp, STATUS_DEVICE_NOT_READY, 0); /* nobody is reading */
        ULONG ReadLength = IoGetCurrentIrpStackLocation(Read)->Parameters.Read.Length;
        ULONG n = Length < ReadLength ? Length : ReadLength;
        RtlCopyMemory(Read->AssociatedIrp.SystemBuffer, Irp->AssociatedIrp.SystemBuffer, n);
        Complete(Read, STATUS_SUCCESS, n);
        return Complete(Irp, STATUS_SUCCESS, Length);
    }

    case IRP_MJ_CLEANUP: {
        PIRP Held;
        while ((Held = IoCsqRemoveNextIrp(&Ext->Csq, Sp->FileObject)) != NULL)
            Complete(Held, STATUS_CANCELLED, 0);
        return Complete(Irp, STATUS_SUCCESS, 0);
    }

    case IRP_MJ_DEVICE_CONTROL:
        if (Sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_PENDQ_COUNT &&
            Sp->Parameters.DeviceIoControl.OutputBufferLength >= sizeof(ULONG)) {
            *(PULONG)Irp->AssociatedIrp.SystemBuffer = Ext->Count;
            return Complete(Irp, STATUS_SUCCESS, sizeof(ULONG));
        }
        return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);

    default: /* CREATE, CLOSE */
        return Complete(Irp, STATUS_SUCCESS, 0);
    }
}

VOID PendqUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\DosDevices\\PendQ");
    IoDeleteSymbolicLink(&Link);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\PendQ");
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\DosDevices\\PendQ");
    PDEVICE_OBJECT Device;
    NTSTATUS Status;
    UNREFERENCED_PARAMETER(RegistryPath);

    Status = IoCreateDevice(DriverObject, sizeof(PENDQ_EXTENSION), &Name, FILE_DEVICE_UNKNOWN, 0,
                            FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    PPENDQ_EXTENSION Ext = Device->DeviceExtension;
    KeInitializeSpinLock(&Ext->Lock);
    InitializeListHead(&Ext->Pending);
    IoCsqInitialize(&Ext->Csq, PendqInsert, PendqRemove, PendqPeek, PendqLock, PendqUnlock,
                    PendqCompleteCanceled);
    Device->Flags |= DO_BUFFERED_IO;
    for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = PendqDispatch;
    DriverObject->DriverUnload = PendqUnload;
    Status = IoCreateSymbolicLink(&Link, &Name);
    if (!NT_SUCCESS(Status))
        IoDeleteDevice(Device);
    return Status;
}
