/*
 * myfault.c - the Windows Internals "Myfault" hang: an IOCTL the driver
 * pends and never completes, with no cancel routine, so the request can
 * be neither finished nor cancelled.  On Windows the application becomes
 * unkillable; under ntio the hang is reported and the process ends.
 */
#include <ntddk.h>
#include "myfault.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH MyfaultDispatch;
DRIVER_UNLOAD MyfaultUnload;

NTSTATUS MyfaultDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    UNREFERENCED_PARAMETER(DeviceObject);
    if (sp->MajorFunction == IRP_MJ_DEVICE_CONTROL &&
        sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_MYFAULT_HANG) {
        /* The bug: pend the IRP, keep it nowhere, set no cancel routine. */
        IoMarkIrpPending(Irp);
        return STATUS_PENDING;
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID MyfaultUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\Myfault");
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\MYFAULT");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\Myfault");
    PDEVICE_OBJECT device;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
    if (!NT_SUCCESS(status))
        return status;
    for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = MyfaultDispatch;
    DriverObject->DriverUnload = MyfaultUnload;
    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status))
        IoDeleteDevice(device);
    return status;
}
