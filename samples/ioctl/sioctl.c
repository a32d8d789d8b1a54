/*
 * sioctl.c - a WDM driver that shows the four IOCTL transfer methods and
 * buffered read/write, in the style of the WDK's classic sioctl sample.
 */
#include <ntddk.h>
#include <string.h>
#include "public.h"

#define NT_DEVICE_NAME L"\\Device\\SIOCTL"
#define DOS_DEVICE_NAME L"\\DosDevices\\IoctlTest"
#define SIOCTL_TAG 'tcoI'
#define STORE_SIZE 4096

typedef struct _DEVICE_EXTENSION {
    KSPIN_LOCK Lock;
    ULONG Stored;
    UCHAR Store[STORE_SIZE];
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH SioctlCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH SioctlDeviceControl;
_Dispatch_type_(IRP_MJ_READ) _Dispatch_type_(IRP_MJ_WRITE) DRIVER_DISPATCH SioctlReadWrite;
DRIVER_UNLOAD SioctlUnloadDriver;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SioctlCreateClose)
#pragma alloc_text(PAGE, SioctlDeviceControl)
#pragma alloc_text(PAGE, SioctlUnloadDriver)
#endif

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS ntStatus;
    UNICODE_STRING ntUnicodeString;
    UNICODE_STRING ntWin32NameString;
    PDEVICE_OBJECT deviceObject = NULL;

    UNREFERENCED_PARAMETER(RegistryPath);
    RtlInitUnicodeString(&ntUnicodeString, NT_DEVICE_NAME);
    ntStatus = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), &ntUnicodeString,
                              FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(ntStatus)) {
        DbgPrint("SIOCTL.SYS: Couldn't create the device object\n");
        return ntStatus;
    }
    deviceObject->Flags |= DO_BUFFERED_IO;
    KeInitializeSpinLock(&((PDEVICE_EXTENSION)deviceObject->DeviceExtension)->Lock);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = SioctlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SioctlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SioctlDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_READ] = SioctlReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = SioctlReadWrite;
    DriverObject->DriverUnload = SioctlUnloadDriver;

    RtlInitUnicodeString(&ntWin32NameString, DOS_DEVICE_NAME);
    ntStatus = IoCreateSymbolicLink(&ntWin32NameString, &ntUnicodeString);
    if (!NT_SUCCESS(ntStatus)) {
        DbgPrint("SIOCTL.SYS: Couldn't create symbolic link\n");
        IoDeleteDevice(deviceObject);
    }
    return ntStatus;
}

NTSTATUS
SioctlCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
SioctlUnloadDriver(_In_ PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;
    UNICODE_STRING uniWin32NameString;
    PAGED_CODE();
    RtlInitUnicodeString(&uniWin32NameString, DOS_DEVICE_NAME);
    IoDeleteSymbolicLink(&uniWin32NameString);
    if (deviceObject != NULL)
        IoDeleteDevice(deviceObject);
}

/* Reads and writes go to a small store in the device extension. */
NTSTATUS
SioctlReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
    ULONG length = irpSp->Parameters.Read.Length;
    NTSTATUS status = STATUS_SUCCESS;
    KIRQL irql;

    KeAcquireSpinLock(&ext->Lock, &irql);
    if (irpSp->MajorFunction == IRP_MJ_WRITE) {
        if (length > STORE_SIZE) {
            status = STATUS_BUFFER_TOO_SMALL;
            length = 0;
        } else {
            RtlCopyMemory(ext->Store, Irp->AssociatedIrp.SystemBuffer, length);
            ext->Stored = length;
        }
    } else {
        if (length > ext->Stored)
            length = ext->Stored;
        if (length == 0 && ext->Stored == 0 && irpSp->Parameters.Read.Length)
            status = STATUS_END_OF_FILE;
        else
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, ext->Store, length);
    }
    KeReleaseSpinLock(&ext->Lock, irql);
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = NT_SUCCESS(status) ? length : 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
SioctlDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS ntStatus = STATUS_SUCCESS;
    ULONG inBufLength = irpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outBufLength = irpSp->Parameters.DeviceIoControl.OutputBufferLength;
    PCHAR inBuf, outBuf;
    PCHAR data = DRIVER_REPLY;
    size_t datalen = strlen(data) + 1;
    PMDL mdl = NULL;
    PCHAR buffer = NULL;

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SIOCTL_INCREMENT:
        if (inBufLength < sizeof(ULONG) || outBufLength < sizeof(ULONG)) {
            ntStatus = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *(PULONG)Irp->AssociatedIrp.SystemBuffer += 1;
        Irp->IoStatus.Information = sizeof(ULONG);
        break;

    case IOCTL_SIOCTL_RESET:
        ((PDEVICE_EXTENSION)DeviceObject->DeviceExtension)->Stored = 0;
        Irp->IoStatus.Information = 0;
        break;

    case IOCTL_SIOCTL_METHOD_BUFFERED:
        /* One system buffer: read the input, then write the output over it. */
        if (!inBufLength || !outBufLength) {
            ntStatus = STATUS_INVALID_PARAMETER;
            break;
        }
        inBuf = Irp->AssociatedIrp.SystemBuffer;
        outBuf = Irp->AssociatedIrp.SystemBuffer;
        DbgPrint("SIOCTL.SYS: buffered input: %.*s\n", (int)inBufLength, inBuf);
        RtlCopyBytes(outBuf, data, outBufLength < datalen ? outBufLength : datalen);
        Irp->IoStatus.Information = (outBufLength < datalen ? outBufLength : datalen);
        if (outBufLength < datalen)
            ntStatus = STATUS_BUFFER_OVERFLOW;
        break;

    case IOCTL_SIOCTL_METHOD_NEITHER:
        /* Raw user pointers: probe them and touch them only inside __try. */
        inBuf = irpSp->Parameters.DeviceIoControl.Type3InputBuffer;
        outBuf = Irp->UserBuffer;
        if (!inBufLength || !outBufLength) {
            ntStatus = STATUS_INVALID_PARAMETER;
            break;
        }
        __try {
            ProbeForRead(inBuf, inBufLength, sizeof(UCHAR));
            DbgPrint("SIOCTL.SYS: neither input: %.*s\n", (int)inBufLength, inBuf);
            ProbeForWrite(outBuf, outBufLength, sizeof(UCHAR));
            RtlCopyBytes(outBuf, data, outBufLength < datalen ? outBufLength : datalen);
            Irp->IoStatus.Information = (outBufLength < datalen ? outBufLength : datalen);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            ntStatus = GetExceptionCode();
            DbgPrint("SIOCTL.SYS: exception 0x%08X in METHOD_NEITHER\n", ntStatus);
            Irp->IoStatus.Information = 0;
        }
        break;

    case IOCTL_SIOCTL_METHOD_IN_DIRECT:
        /* Input buffered; the "output" buffer is a second input, by MDL. */
        if (!inBufLength || !outBufLength) {
            ntStatus = STATUS_INVALID_PARAMETER;
            break;
        }
        inBuf = Irp->AssociatedIrp.SystemBuffer;
        buffer = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
        if (!buffer) {
            ntStatus = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        DbgPrint("SIOCTL.SYS: in-direct input: %.*s, data: %.*s\n", (int)inBufLength, inBuf,
                 (int)MmGetMdlByteCount(Irp->MdlAddress), buffer);
        /* Report how many bytes of the direct buffer were consumed. */
        Irp->IoStatus.Information = MmGetMdlByteCount(Irp->MdlAddress);
        break;

    case IOCTL_SIOCTL_METHOD_OUT_DIRECT:
        if (!inBufLength || !outBufLength) {
            ntStatus = STATUS_INVALID_PARAMETER;
            break;
        }
        inBuf = Irp->AssociatedIrp.SystemBuffer;
        buffer = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
        if (!buffer) {
            ntStatus = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        DbgPrint("SIOCTL.SYS: out-direct input: %.*s\n", (int)inBufLength, inBuf);
        RtlCopyBytes(buffer, data, outBufLength < datalen ? outBufLength : datalen);
        Irp->IoStatus.Information = (outBufLength < datalen ? outBufLength : datalen);
        break;

    default:
        ntStatus = STATUS_INVALID_DEVICE_REQUEST;
        DbgPrint("SIOCTL.SYS: unknown IOCTL 0x%x\n", irpSp->Parameters.DeviceIoControl.IoControlCode);
        break;
    }
    UNREFERENCED_PARAMETER(mdl);
    Irp->IoStatus.Status = ntStatus;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return ntStatus;
}
