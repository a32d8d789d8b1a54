/*
 * rtdrv.c - the round-trip benchmark's driver: IOCTL_RT_INCREMENT completes
 * at once; IOCTL_RT_BASELINE times the same dispatch routine called
 * directly with one prebuilt IRP, the floor the I/O path is measured against.
 */
#include <ntddk.h>
#include "rt.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH RtDispatch;
DRIVER_UNLOAD RtUnload;

static NTSTATUS RtIncrement(PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG) ||
        sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG))
        return STATUS_BUFFER_TOO_SMALL;
    *(PULONG)Irp->AssociatedIrp.SystemBuffer += 1;
    Irp->IoStatus.Information = sizeof(ULONG);
    return STATUS_SUCCESS;
}

NTSTATUS RtDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    if (sp->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        switch (sp->Parameters.DeviceIoControl.IoControlCode) {
        case IOCTL_RT_INCREMENT:
            status = RtIncrement(Irp);
            break;
        case IOCTL_RT_BASELINE: {
            /* Input: iteration count.  Output: elapsed 100 ns units. */
            ULONG n = *(PULONG)Irp->AssociatedIrp.SystemBuffer;
            ULONG value = 0;
            PIRP irp = IoAllocateIrp(DeviceObject->StackSize, FALSE);
            if (!irp) {
                status = STATUS_INSUFFICIENT_RESOURCES;
                break;
            }
            PIO_STACK_LOCATION nsp = IoGetNextIrpStackLocation(irp);
            IoSetNextIrpStackLocation(irp);
            nsp->MajorFunction = IRP_MJ_DEVICE_CONTROL;
            nsp->DeviceObject = DeviceObject;
            nsp->Parameters.DeviceIoControl.IoControlCode = IOCTL_RT_INCREMENT;
            nsp->Parameters.DeviceIoControl.InputBufferLength = sizeof(ULONG);
            nsp->Parameters.DeviceIoControl.OutputBufferLength = sizeof(ULONG);
            irp->AssociatedIrp.SystemBuffer = &value;
            LARGE_INTEGER t0 = KeQueryPerformanceCounter(NULL);
            for (ULONG i = 0; i < n; i++) {
                /* The dispatch work, without the I/O manager around it. */
                irp->IoStatus.Status = RtIncrement(irp);
            }
            LARGE_INTEGER t1 = KeQueryPerformanceCounter(NULL);
            IoFreeIrp(irp);
            if (value != n) {
                status = STATUS_INTERNAL_ERROR;
                break;
            }
            *(PLONGLONG)Irp->AssociatedIrp.SystemBuffer = t1.QuadPart - t0.QuadPart;
            Irp->IoStatus.Information = sizeof(LONGLONG);
            break;
        }
        default:
            status = STATUS_INVALID_DEVICE_REQUEST;
        }
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID RtUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\NtioRt");
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\NtioRt");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\NtioRt");
    PDEVICE_OBJECT dev;
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &dev);
    if (!NT_SUCCESS(status))
        return status;
    for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = RtDispatch;
    DriverObject->DriverUnload = RtUnload;
    dev->Flags |= DO_BUFFERED_IO;
    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status))
        IoDeleteDevice(dev);
    return status;
}
