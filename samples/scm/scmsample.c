/*
 * scmsample.c - a small legacy driver installed by its application through
 * the Service Control Manager: \Device\ScmSample and \DosDevices\ScmSample,
 * one IOCTL that reports what DriverEntry saw, and a parameter read from
 * its service key (RegistryPath\Parameters) with RtlQueryRegistryValues.
 */
#include <ntddk.h>
#include "public.h"

#define NT_DEVICE_NAME L"\\Device\\ScmSample"
#define DOS_DEVICE_NAME L"\\DosDevices\\ScmSample"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ScmSampleUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH ScmSampleCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH ScmSampleDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ScmSampleUnload)
#endif

/* A fresh image starts with Loads == 0: the count proves that starting the
 * service again maps the driver anew. */
static ULONG Loads;
static SCMSAMPLE_INFO Info;

/* Read Parameters\Greeting under the service key, as drivers read their
 * settings. */
static NTSTATUS ScmSampleReadParameters(PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE Table[2];
    ULONG Greeting = SCMSAMPLE_GREETING_DEFAULT, Default = SCMSAMPLE_GREETING_DEFAULT;
    UNICODE_STRING Path;
    NTSTATUS Status;

    Path.MaximumLength = RegistryPath->Length + sizeof(L"\\Parameters");
    Path.Length = 0;
    Path.Buffer = ExAllocatePool2(POOL_FLAG_PAGED, Path.MaximumLength, 'pmcS');
    if (!Path.Buffer)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyUnicodeString(&Path, RegistryPath);
    RtlAppendUnicodeToString(&Path, L"\\Parameters");

    RtlZeroMemory(Table, sizeof Table);
    Table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    Table[0].Name = L"Greeting";
    Table[0].EntryContext = &Greeting;
    Table[0].DefaultType = REG_DWORD;
    Table[0].DefaultData = &Default;
    Table[0].DefaultLength = sizeof(ULONG);
    Status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL, Path.Buffer,
                                    Table, NULL, NULL);
    ExFreePoolWithTag(Path.Buffer, 'pmcS');
    Info.Greeting = Greeting;
    return Status;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING DeviceName, LinkName;
    PDEVICE_OBJECT Device;
    NTSTATUS Status;

    Loads++;
    Info.Loads = Loads;
    USHORT Bytes = RegistryPath->Length;
    if (Bytes > sizeof Info.RegistryPath - sizeof(WCHAR))
        Bytes = sizeof Info.RegistryPath - sizeof(WCHAR);
    RtlZeroMemory(Info.RegistryPath, sizeof Info.RegistryPath);
    RtlCopyMemory(Info.RegistryPath, RegistryPath->Buffer, Bytes);
    Status = ScmSampleReadParameters(RegistryPath);
    if (!NT_SUCCESS(Status)) {
        DbgPrint("scmsample: cannot read Parameters: 0x%08X\n", Status);
        return Status;
    }
    DbgPrint("scmsample: DriverEntry (%wZ), greeting %lu, load %lu\n", RegistryPath,
             Info.Greeting, Loads);

    RtlInitUnicodeString(&DeviceName, NT_DEVICE_NAME);
    Status = IoCreateDevice(DriverObject, 0, &DeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    Device->Flags |= DO_BUFFERED_IO;
    RtlInitUnicodeString(&LinkName, DOS_DEVICE_NAME);
    Status = IoCreateSymbolicLink(&LinkName, &DeviceName);
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(Device);
        return Status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ScmSampleCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ScmSampleCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ScmSampleDeviceControl;
    DriverObject->DriverUnload = ScmSampleUnload;
    return STATUS_SUCCESS;
}

NTSTATUS ScmSampleCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    if (IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_CREATE)
        Info.Opens++;
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS ScmSampleDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR Information = 0;
    UNREFERENCED_PARAMETER(DeviceObject);

    if (Sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_SCMSAMPLE_INFO) {
        if (Sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof Info) {
            Status = STATUS_BUFFER_TOO_SMALL;
        } else {
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &Info, sizeof Info);
            Information = sizeof Info;
            Status = STATUS_SUCCESS;
        }
    }
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

VOID ScmSampleUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING LinkName;
    PAGED_CODE();
    RtlInitUnicodeString(&LinkName, DOS_DEVICE_NAME);
    IoDeleteSymbolicLink(&LinkName);
    IoDeleteDevice(DriverObject->DeviceObject);
    DbgPrint("scmsample: DriverUnload\n");
}
