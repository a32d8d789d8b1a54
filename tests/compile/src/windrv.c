/*
 * windrv.c - a driver written the way Windows sources are: include names
 * with backslashes and another case than on disk, #pragma alloc_text,
 * __declspec, SAL, __forceinline, the lower-case try/except of old DDK
 * samples.  Compiled by ntio-cc as C, and as C++ (windrv_cxx.cpp).
 */
#include <NTDDK.h>
#include "..\inc\public.h"

EXTERN_C DRIVER_INITIALIZE DriverEntry;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH WinDispatch;
DRIVER_UNLOAD WinUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif
#pragma alloc_text(PAGE, WinDispatch)
#pragma warning(disable : 4201)

__declspec(noinline) static ULONG Twice(_In_ ULONG v)
{
    return v * 2;
}

static __forceinline ULONG Inc(ULONG v)
{
    return v + 1;
}

_Use_decl_annotations_
NTSTATUS WinDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();
    if (sp->MajorFunction != IRP_MJ_DEVICE_CONTROL) {
        Irp->IoStatus.Information = 0; /* CREATE, CLOSE */
    } else if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_COMPILE_TEST &&
        sp->Parameters.DeviceIoControl.InputBufferLength >= sizeof(COMPILE_TEST_DATA)) {
        COMPILE_TEST_DATA *d = (COMPILE_TEST_DATA *)Irp->AssociatedIrp.SystemBuffer;
        d->Value = Inc(Twice(d->Value));
        Irp->IoStatus.Information = sizeof *d;
    } else {
        status = STATUS_INVALID_DEVICE_REQUEST;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID WinUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\WinCompile");
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\WinCompile");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\WinCompile");
    PDEVICE_OBJECT dev = NULL;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &dev);
    if (!NT_SUCCESS(status))
        return status;
    dev->Flags |= DO_BUFFERED_IO;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = WinDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = WinDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = WinDispatch;
    DriverObject->DriverUnload = WinUnload;
#ifndef __cplusplus
    /* Old DDK samples' lower-case SEH (C only: try is a C++ keyword). */
    try {
        ProbeForRead(RegistryPath->Buffer, RegistryPath->Length, sizeof(UCHAR));
    } except (EXCEPTION_EXECUTE_HANDLER) {
        /* a kernel-mode buffer above the user range: expected on Windows too */
    }
#endif
    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status))
        IoDeleteDevice(dev);
    return status;
}
