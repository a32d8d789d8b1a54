/*
 * counter.c - the PnP sample's upper filter (counter.sys).  The INF puts it
 * above echo.sys (UpperFilters), so every request to an echo device comes
 * here first.  It counts the IRPs it passes down by major function, and
 * answers IOCTL_COUNTER_GET_COUNTS itself.  Everything else goes down
 * untouched: a filter owns nothing of the device, so it follows the
 * stack's PnP and power rules by passing those IRPs on as they came.
 */
#include <ntddk.h>
#include "public.h"

#define COUNTER_TAG 'tnoC'

C_ASSERT(COUNTER_MAJOR_FUNCTIONS == IRP_MJ_MAXIMUM_FUNCTION + 1);
C_ASSERT(COUNTER_CREATE == IRP_MJ_CREATE && COUNTER_READ == IRP_MJ_READ &&
         COUNTER_WRITE == IRP_MJ_WRITE);

typedef struct _COUNTER_EXTENSION {
    PDEVICE_OBJECT Lower;
    IO_REMOVE_LOCK RemoveLock;
    volatile LONG Irps[COUNTER_MAJOR_FUNCTIONS];
} COUNTER_EXTENSION, *PCOUNTER_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE CounterAddDevice;
DRIVER_UNLOAD CounterUnload;
DRIVER_DISPATCH CounterDispatch;

static NTSTATUS CounterComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

/* IOCTL_COUNTER_GET_COUNTS: the counts so far, into the caller's buffer. */
static NTSTATUS CounterGetCounts(PCOUNTER_EXTENSION Ext, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    PCOUNTER_COUNTS Counts = Irp->AssociatedIrp.SystemBuffer;

    if (Stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof *Counts)
        return CounterComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    for (ULONG i = 0; i < COUNTER_MAJOR_FUNCTIONS; i++)
        Counts->Irps[i] = (ULONG)Ext->Irps[i];
    return CounterComplete(Irp, STATUS_SUCCESS, sizeof *Counts);
}

NTSTATUS CounterDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PCOUNTER_EXTENSION Ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    UCHAR Major = Stack->MajorFunction, Minor = Stack->MinorFunction;
    NTSTATUS Status = IoAcquireRemoveLock(&Ext->RemoveLock, Irp);

    if (!NT_SUCCESS(Status)) {
        if (Major == IRP_MJ_POWER)
            PoStartNextPowerIrp(Irp);
        return CounterComplete(Irp, Status, 0);
    }

    if (Major == IRP_MJ_DEVICE_CONTROL &&
        Stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_COUNTER_GET_COUNTS) {
        Status = CounterGetCounts(Ext, Irp);
        IoReleaseRemoveLock(&Ext->RemoveLock, Irp);
        return Status;
    }

    InterlockedIncrement(&Ext->Irps[Major]);
    if (Major == IRP_MJ_POWER) {
        PoStartNextPowerIrp(Irp); /* while the stack location is still this driver's */
        IoSkipCurrentIrpStackLocation(Irp);
        Status = PoCallDriver(Ext->Lower, Irp);
    } else {
        IoSkipCurrentIrpStackLocation(Irp);
        Status = IoCallDriver(Ext->Lower, Irp);
    }
    /* The IRP may be gone now: only Major and Minor are looked at. */
    if (Major == IRP_MJ_PNP && Minor == IRP_MN_REMOVE_DEVICE) {
        /* The drivers below have let the device go: so does the filter. */
        IoReleaseRemoveLockAndWait(&Ext->RemoveLock, Irp);
        IoDetachDevice(Ext->Lower);
        IoDeleteDevice(DeviceObject);
        return Status;
    }
    IoReleaseRemoveLock(&Ext->RemoveLock, Irp);
    return Status;
}

NTSTATUS CounterAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT Filter;
    PCOUNTER_EXTENSION Ext;
    NTSTATUS Status = IoCreateDevice(DriverObject, sizeof(COUNTER_EXTENSION), NULL,
                                     FILE_DEVICE_UNKNOWN, 0, FALSE, &Filter);
    if (!NT_SUCCESS(Status))
        return Status;
    Ext = Filter->DeviceExtension;
    IoInitializeRemoveLock(&Ext->RemoveLock, COUNTER_TAG, 0, 0);
    Ext->Lower = IoAttachDeviceToDeviceStack(Filter, Pdo);
    if (!Ext->Lower) {
        IoDeleteDevice(Filter);
        return STATUS_NO_SUCH_DEVICE;
    }
    /* A filter looks like the device it sits on. */
    Filter->DeviceType = Ext->Lower->DeviceType;
    Filter->Characteristics = Ext->Lower->Characteristics;
    Filter->Flags |= Ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    Filter->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID CounterUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = CounterDispatch;
    DriverObject->DriverExtension->AddDevice = CounterAddDevice;
    DriverObject->DriverUnload = CounterUnload;
    return STATUS_SUCCESS;
}
