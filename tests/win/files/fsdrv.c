/*
 * tests/win/files/fsdrv.c - a driver that uses files as drivers do: its
 * DriverEntry writes a log under \SystemRoot with ZwCreateFile/ZwWriteFile
 * (a write, then one at FILE_WRITE_TO_END_OF_FILE), checks its size with
 * ZwQueryInformationFile and reads it back through another name of the
 * same file (\??\C:\WINDOWS\fsdrv.log).  Its device \\.\FSDRVTEST records
 * the FileObject->FileName of every IRP_MJ_CREATE, which the application
 * reads back with an IOCTL.  Problems are reported with "FAIL".
 */
#include <ntddk.h>

#define IOCTL_FSDRV_LAST_NAME CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)

static const char Line1[] = "fsdrv: DriverEntry wrote this\r\n";
static const char Line2[] = "fsdrv: and appended this\r\n";

typedef struct _FSDRV_EXTENSION {
    USHORT NameLength;          /* bytes */
    WCHAR Name[128];
} FSDRV_EXTENSION;

static NTSTATUS OpenFile(PCWSTR Path, ACCESS_MASK Access, ULONG Disposition, PHANDLE Handle)
{
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attr;
    IO_STATUS_BLOCK Iosb;
    RtlInitUnicodeString(&Name, Path);
    InitializeObjectAttributes(&Attr, &Name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    return ZwCreateFile(Handle, Access | SYNCHRONIZE, &Attr, &Iosb, NULL, FILE_ATTRIBUTE_NORMAL,
                        FILE_SHARE_READ, Disposition,
                        FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, NULL, 0);
}

static NTSTATUS WriteLog(void)
{
    HANDLE File;
    IO_STATUS_BLOCK Iosb;
    LARGE_INTEGER End;
    FILE_STANDARD_INFORMATION Standard;
    NTSTATUS Status = OpenFile(L"\\SystemRoot\\FsDrv.LOG", GENERIC_WRITE, FILE_OVERWRITE_IF, &File);
    if (!NT_SUCCESS(Status)) {
        DbgPrint("fsdrv: FAIL: ZwCreateFile \\SystemRoot\\FsDrv.LOG: 0x%08X\n", Status);
        return Status;
    }
    Status = ZwWriteFile(File, NULL, NULL, NULL, &Iosb, (PVOID)Line1, sizeof Line1 - 1, NULL, NULL);
    if (NT_SUCCESS(Status)) {
        End.HighPart = -1;
        End.LowPart = FILE_WRITE_TO_END_OF_FILE;
        Status = ZwWriteFile(File, NULL, NULL, NULL, &Iosb, (PVOID)Line2, sizeof Line2 - 1, &End, NULL);
    }
    if (NT_SUCCESS(Status))
        Status = ZwQueryInformationFile(File, &Iosb, &Standard, sizeof Standard, FileStandardInformation);
    if (NT_SUCCESS(Status) && Standard.EndOfFile.QuadPart != sizeof Line1 + sizeof Line2 - 2) {
        DbgPrint("fsdrv: FAIL: the log has %d bytes\n", (int)Standard.EndOfFile.QuadPart);
        Status = STATUS_UNSUCCESSFUL;
    }
    ZwClose(File);
    if (!NT_SUCCESS(Status)) {
        DbgPrint("fsdrv: FAIL: writing the log: 0x%08X\n", Status);
        return Status;
    }

    /* The same file by another name and case. */
    char Back[128];
    RtlZeroMemory(Back, sizeof Back);
    Status = OpenFile(L"\\??\\C:\\WINDOWS\\fsdrv.log", GENERIC_READ, FILE_OPEN, &File);
    if (NT_SUCCESS(Status)) {
        Status = ZwReadFile(File, NULL, NULL, NULL, &Iosb, Back, sizeof Back, NULL, NULL);
        ZwClose(File);
    }
    if (!NT_SUCCESS(Status) || Iosb.Information != sizeof Line1 + sizeof Line2 - 2 ||
        RtlCompareMemory(Back, Line1, sizeof Line1 - 1) != sizeof Line1 - 1) {
        DbgPrint("fsdrv: FAIL: reading the log back: 0x%08X\n", Status);
        return STATUS_UNSUCCESSFUL;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS Dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Sp = IoGetCurrentIrpStackLocation(Irp);
    FSDRV_EXTENSION *Ext = DeviceObject->DeviceExtension;
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG_PTR Information = 0;

    switch (Sp->MajorFunction) {
    case IRP_MJ_CREATE: {
        /* The name after the device, as the I/O manager left it. */
        USHORT Length = Sp->FileObject->FileName.Length;
        if (Length > sizeof Ext->Name)
            Length = sizeof Ext->Name;
        if (Length)
            RtlCopyMemory(Ext->Name, Sp->FileObject->FileName.Buffer, Length);
        Ext->NameLength = Length;
        break;
    }
    case IRP_MJ_DEVICE_CONTROL:
        if (Sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_FSDRV_LAST_NAME) {
            Status = STATUS_INVALID_DEVICE_REQUEST;
        } else if (Sp->Parameters.DeviceIoControl.OutputBufferLength < Ext->NameLength) {
            Status = STATUS_BUFFER_TOO_SMALL;
        } else {
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, Ext->Name, Ext->NameLength);
            Information = Ext->NameLength;
        }
        break;
    default:
        break;
    }
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static VOID DriverUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\DosDevices\\FSDRVTEST");
    IoDeleteSymbolicLink(&Link);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\FsDrvTest");
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\DosDevices\\FSDRVTEST");
    PDEVICE_OBJECT Device;
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS Status = WriteLog();
    if (!NT_SUCCESS(Status))
        return Status;
    Status = IoCreateDevice(DriverObject, sizeof(FSDRV_EXTENSION), &Name, FILE_DEVICE_UNKNOWN, 0, FALSE,
                            &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    Device->Flags |= DO_BUFFERED_IO;
    Status = IoCreateSymbolicLink(&Link, &Name);
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(Device);
        return Status;
    }
    for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = Dispatch;
    DriverObject->DriverUnload = DriverUnload;
    return STATUS_SUCCESS;
}
