/*
 * dpcevent.c - signals an event the application created, from a DPC:
 * the application passes its event handle in an IOCTL, the driver turns it
 * into a KEVENT pointer with ObReferenceObjectByHandle (in the caller's
 * context, with the caller's access mode), arms a timer, and its DPC sets
 * the event — the pattern of the WDK's "event" sample.
 */
#include <ntddk.h>
#include "dpcevent.h"

typedef struct _DPCEVENT_EXTENSION {
    KTIMER Timer;
    KDPC Dpc;
    KSPIN_LOCK Lock;   /* guards Event */
    PKEVENT Event;     /* referenced; released by the DPC */
    volatile LONG LastIrql;
} DPCEVENT_EXTENSION, *PDPCEVENT_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH DpcEventDispatch;
DRIVER_UNLOAD DpcEventUnload;
KDEFERRED_ROUTINE DpcEventDpc;

VOID DpcEventDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    PDPCEVENT_EXTENSION Ext = Context;
    PKEVENT Event;
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    Ext->LastIrql = KeGetCurrentIrql();
    KeAcquireSpinLockAtDpcLevel(&Ext->Lock);
    Event = Ext->Event;
    Ext->Event = NULL;
    KeReleaseSpinLockFromDpcLevel(&Ext->Lock);
    if (Event) {
        KeSetEvent(Event, IO_NO_INCREMENT, FALSE);
        ObDereferenceObject(Event);
    }
}

static NTSTATUS Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS DpcEventDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDPCEVENT_EXTENSION Ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION Sp = IoGetCurrentIrpStackLocation(Irp);
    KIRQL Irql;

    if (Sp->MajorFunction != IRP_MJ_DEVICE_CONTROL)
        return Complete(Irp, STATUS_SUCCESS, 0);
    switch (Sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_DPCEVENT_REGISTER: {
        REGISTER_EVENT *In = Irp->AssociatedIrp.SystemBuffer;
        PKEVENT Event;
        NTSTATUS Status;
        LARGE_INTEGER Due;
        if (Sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(REGISTER_EVENT))
            return Complete(Irp, STATUS_INVALID_PARAMETER, 0);
        /* The handle is the caller's: validate it with the caller's mode. */
        Status = ObReferenceObjectByHandle(In->Event, EVENT_MODIFY_STATE, *ExEventObjectType,
                                           Irp->RequestorMode, (PVOID *)&Event, NULL);
        if (!NT_SUCCESS(Status))
            return Complete(Irp, Status, 0);
        KeAcquireSpinLock(&Ext->Lock, &Irql);
        if (Ext->Event) {
            KeReleaseSpinLock(&Ext->Lock, Irql);
            ObDereferenceObject(Event);
            return Complete(Irp, STATUS_DEVICE_BUSY, 0);
        }
        Ext->Event = Event;
        KeReleaseSpinLock(&Ext->Lock, Irql);
        Due.QuadPart = -(LONGLONG)In->DelayMs * 10000; /* relative, 100 ns units */
        KeSetTimer(&Ext->Timer, Due, &Ext->Dpc);
        return Complete(Irp, STATUS_SUCCESS, 0);
    }
    case IOCTL_DPCEVENT_LAST_IRQL:
        if (Sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG))
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        *(PULONG)Irp->AssociatedIrp.SystemBuffer = (ULONG)Ext->LastIrql;
        return Complete(Irp, STATUS_SUCCESS, sizeof(ULONG));
    default:
        return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

VOID DpcEventUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT Device = DriverObject->DeviceObject;
    PDPCEVENT_EXTENSION Ext = Device->DeviceExtension;
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\DosDevices\\DpcEvent");
    /* A timer still armed, or a DPC still queued, must not outlive the
     * driver's code. */
    if (KeCancelTimer(&Ext->Timer) && Ext->Event) {
        ObDereferenceObject(Ext->Event);
        Ext->Event = NULL;
    }
    KeFlushQueuedDpcs();
    IoDeleteSymbolicLink(&Link);
    IoDeleteDevice(Device);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\DpcEvent");
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\DosDevices\\DpcEvent");
    PDEVICE_OBJECT Device;
    NTSTATUS Status;
    UNREFERENCED_PARAMETER(RegistryPath);
    Status = IoCreateDevice(DriverObject, sizeof(DPCEVENT_EXTENSION), &Name, FILE_DEVICE_UNKNOWN, 0,
                            FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    PDPCEVENT_EXTENSION Ext = Device->DeviceExtension;
    KeInitializeTimer(&Ext->Timer);
    KeInitializeDpc(&Ext->Dpc, DpcEventDpc, Ext);
    KeInitializeSpinLock(&Ext->Lock);
    Device->Flags |= DO_BUFFERED_IO;
    for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = DpcEventDispatch;
    DriverObject->DriverUnload = DpcEventUnload;
    Status = IoCreateSymbolicLink(&Link, &Name);
    if (!NT_SUCCESS(Status))
        IoDeleteDevice(Device);
    return Status;
}
