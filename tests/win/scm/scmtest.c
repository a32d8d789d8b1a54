/*
 * tests/win/scm/scmtest.c - the driver the SCM tests start and stop:
 * \Device\<NAME> and \DosDevices\<NAME>, an IOCTL reporting what
 * DriverEntry saw, a DriverUnload.  SCMTEST_NAME and SCMTEST_UNLOAD let
 * other images be built from this source (scmtest2.c, scmnounload.c).
 */
#include <ntddk.h>
#include "scmtest.h"

#ifndef SCMTEST_NAME
#define SCMTEST_NAME L"ScmTest"
#endif
#ifndef SCMTEST_UNLOAD
#define SCMTEST_UNLOAD 1
#endif

DRIVER_INITIALIZE DriverEntry;
static ULONG Loads;

static VOID CopyString(PWCHAR To, SIZE_T ToBytes, PCUNICODE_STRING From)
{
    SIZE_T Bytes = From->Length < ToBytes - sizeof(WCHAR) ? From->Length : ToBytes - sizeof(WCHAR);
    RtlZeroMemory(To, ToBytes);
    RtlCopyMemory(To, From->Buffer, Bytes);
}

static NTSTATUS ScmTestDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG_PTR Information = 0;
    if (Sp->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        if (Sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_SCMTEST_INFO) {
            Status = STATUS_INVALID_DEVICE_REQUEST;
        } else if (Sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SCMTEST_INFO)) {
            Status = STATUS_BUFFER_TOO_SMALL;
        } else {
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, DeviceObject->DeviceExtension,
                          sizeof(SCMTEST_INFO));
            Information = sizeof(SCMTEST_INFO);
        }
    }
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

#if SCMTEST_UNLOAD
static VOID ScmTestUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\DosDevices\\" SCMTEST_NAME);
    IoDeleteSymbolicLink(&Link);
    IoDeleteDevice(DriverObject->DeviceObject);
    DbgPrint("scmtest: DriverUnload of %ws\n", SCMTEST_NAME);
}
#endif

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\" SCMTEST_NAME);
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\DosDevices\\" SCMTEST_NAME);
    PDEVICE_OBJECT Device;
    NTSTATUS Status = IoCreateDevice(DriverObject, sizeof(SCMTEST_INFO), &Name, FILE_DEVICE_UNKNOWN,
                                     0, FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    Device->Flags |= DO_BUFFERED_IO;
    Status = IoCreateSymbolicLink(&Link, &Name);
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(Device);
        return Status;
    }
    SCMTEST_INFO *Info = Device->DeviceExtension;
    Info->Loads = ++Loads;
    CopyString(Info->RegistryPath, sizeof Info->RegistryPath, RegistryPath);
    CopyString(Info->ServiceKeyName, sizeof Info->ServiceKeyName,
               &DriverObject->DriverExtension->ServiceKeyName);
    for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = ScmTestDispatch;
#if SCMTEST_UNLOAD
    DriverObject->DriverUnload = ScmTestUnload;
#endif
    DbgPrint("scmtest: DriverEntry of %ws (%wZ)\n", SCMTEST_NAME, RegistryPath);
    return STATUS_SUCCESS;
}
