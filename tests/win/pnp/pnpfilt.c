/*
 * pnpfilt.c - an upper filter: it counts the requests it passes down and
 * answers IOCTL_FILTER_COUNT itself.  It owns nothing: every IRP goes on to
 * the driver below it, as a filter's should.
 */
#include <ntddk.h>
#include "pnptest.h"

typedef struct _FILTER_EXTENSION {
    PDEVICE_OBJECT Lower;
    volatile LONG Passed;
} FILTER_EXTENSION, *PFILTER_EXTENSION;

static NTSTATUS DispatchAny(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFILTER_EXTENSION Ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    if (Stack->MajorFunction == IRP_MJ_DEVICE_CONTROL &&
        Stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_FILTER_COUNT) {
        NTSTATUS Status = STATUS_BUFFER_TOO_SMALL;
        ULONG_PTR Information = 0;
        if (Stack->Parameters.DeviceIoControl.OutputBufferLength >= sizeof(ULONG)) {
            *(PULONG)Irp->AssociatedIrp.SystemBuffer = (ULONG)Ext->Passed;
            Status = STATUS_SUCCESS;
            Information = sizeof(ULONG);
        }
        Irp->IoStatus.Status = Status;
        Irp->IoStatus.Information = Information;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return Status;
    }
    InterlockedIncrement(&Ext->Passed);
    if (Stack->MajorFunction == IRP_MJ_POWER) {
        PoStartNextPowerIrp(Irp);
        IoSkipCurrentIrpStackLocation(Irp);
        return PoCallDriver(Ext->Lower, Irp);
    }
    if (Stack->MajorFunction == IRP_MJ_PNP && Stack->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        PDEVICE_OBJECT Lower = Ext->Lower;
        IoSkipCurrentIrpStackLocation(Irp);
        NTSTATUS Status = IoCallDriver(Lower, Irp);
        IoDetachDevice(Lower);
        IoDeleteDevice(DeviceObject);
        return Status;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(Ext->Lower, Irp);
}

static NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT Device;
    NTSTATUS Status = IoCreateDevice(DriverObject, sizeof(FILTER_EXTENSION), NULL,
                                     FILE_DEVICE_UNKNOWN, 0, FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    PFILTER_EXTENSION Ext = Device->DeviceExtension;
    Ext->Passed = 0;
    Ext->Lower = IoAttachDeviceToDeviceStack(Device, Pdo);
    if (!Ext->Lower) {
        IoDeleteDevice(Device);
        return STATUS_NO_SUCH_DEVICE;
    }
    /* A filter looks like what it filters. */
    Device->Flags |= Ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    Device->DeviceType = Ext->Lower->DeviceType;
    Device->Characteristics = Ext->Lower->Characteristics;
    Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static VOID Unload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = DispatchAny;
    DriverObject->DriverExtension->AddDevice = AddDevice;
    DriverObject->DriverUnload = Unload;
    return STATUS_SUCCESS;
}
