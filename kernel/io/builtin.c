/*
 * io/builtin.c - drivers that ship inside the kernel image (drivers/):
 * they have no .sys to load, so the I/O manager makes their driver object
 * and calls their entry itself, as IoCreateDriver does.  The host file
 * system is started this way, right after the I/O manager.
 *
 * Also what the driver loader asks of the host file system: the Linux file
 * behind an NT path (\SystemRoot\System32\drivers\x.sys) or file object.
 */
#include "builtin.h"
#include "ex/ex.h"
#include "ke/except.h"
#include "rtl/nls.h"
#include "../../drivers/hostfs/hostfs.h"

static PWCHAR IopCopyWide(PCWSTR Text, SIZE_T Chars)
{
    PWCHAR Copy = ExpAllocatePool(PagedPool, (Chars + 1) * sizeof(WCHAR), TAG('I', 'o', 'N', 'm'), NULL);
    if (Copy) {
        memcpy(Copy, Text, Chars * sizeof(WCHAR));
        Copy[Chars] = 0;
    }
    return Copy;
}

NTSTATUS IopCreateBuiltinDriver(PCWSTR DriverName, PDRIVER_INITIALIZE Entry,
                                PDRIVER_OBJECT *DriverObject)
{
    static const WCHAR ServicesKey[] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\";
    PDRIVER_OBJECT Driver;
    NTSTATUS Status;
    SIZE_T NameChars = RtlpWcslen(DriverName);
    SIZE_T Leaf = NameChars;
    while (Leaf > 0 && DriverName[Leaf - 1] != L'\\')
        Leaf--;
    if (DriverObject)
        *DriverObject = NULL;
    if (DriverName[0] != L'\\' || Leaf == NameChars)
        return STATUS_OBJECT_NAME_INVALID;

    Status = ObCreateObject(IopDriverObjectType, sizeof(DRIVER_OBJECT) + sizeof(DRIVER_EXTENSION),
                            (PVOID *)&Driver);
    if (!NT_SUCCESS(Status))
        return Status;
    Driver->Type = IO_TYPE_DRIVER;
    Driver->Size = sizeof(DRIVER_OBJECT);
    Driver->DriverExtension = (PDRIVER_EXTENSION)(Driver + 1);
    Driver->DriverExtension->DriverObject = Driver;
    Driver->DriverInit = Entry;
    for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        Driver->MajorFunction[i] = IopInvalidDeviceRequest;
    /* Both names belong to the object: IopDeleteDriver frees them. */
    PWCHAR Name = IopCopyWide(DriverName, NameChars);
    PWCHAR Service = IopCopyWide(&DriverName[Leaf], NameChars - Leaf);
    SIZE_T KeyChars = RTL_NUMBER_OF(ServicesKey) - 1 + NameChars - Leaf;
    PWCHAR Key = ExpAllocatePool(PagedPool, (KeyChars + 1) * sizeof(WCHAR), TAG('I', 'o', 'N', 'm'), NULL);
    if (!Name || !Service || !Key) {
        if (Name)
            ExpFreePool(Name, 0, FALSE, NULL);
        if (Service)
            ExpFreePool(Service, 0, FALSE, NULL);
        if (Key)
            ExpFreePool(Key, 0, FALSE, NULL);
        ObfDereferenceObject(Driver);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlInitUnicodeString(&Driver->DriverName, Name);
    RtlInitUnicodeString(&Driver->DriverExtension->ServiceKeyName, Service);
    memcpy(Key, ServicesKey, sizeof ServicesKey - sizeof(WCHAR));
    memcpy(&Key[RTL_NUMBER_OF(ServicesKey) - 1], Service, (NameChars - Leaf + 1) * sizeof(WCHAR));

    Status = ObpInsertName(Driver, &Driver->DriverName, OBJ_PERMANENT, NULL);
    if (!NT_SUCCESS(Status)) {
        ExpFreePool(Key, 0, FALSE, NULL);
        ObfDereferenceObject(Driver);
        return Status;
    }

    UNICODE_STRING RegistryPath;
    RtlInitUnicodeString(&RegistryPath, Key);
    PKTHREAD Thread = KiGetCurrentThread();
    KPROCESSOR_MODE SavedMode = Thread->PreviousMode;
    Thread->PreviousMode = KernelMode;
    KiEnterKernel();
    Status = Entry(Driver, &RegistryPath);
    KiLeaveKernel();
    Thread->PreviousMode = SavedMode;
    ExpFreePool(Key, 0, FALSE, NULL);

    if (!NT_SUCCESS(Status)) {
        while (Driver->DeviceObject)
            IoDeleteDevice(Driver->DeviceObject);
        ObMakeTemporaryObject(Driver);
        ObfDereferenceObject(Driver);
        return Status;
    }
    for (PDEVICE_OBJECT D = Driver->DeviceObject; D; D = D->NextDevice)
        D->Flags &= ~DO_DEVICE_INITIALIZING;
    if (DriverObject)
        *DriverObject = Driver;
    return STATUS_SUCCESS;
}

VOID IopStartBuiltinDrivers(VOID)
{
    NTSTATUS Status = IopCreateBuiltinDriver(L"\\FileSystem\\Hostfs", HostfsDriverEntry, NULL);
    if (!NT_SUCCESS(Status))
        fprintf(stderr, "ntio: the host file system did not start (status 0x%08X); "
                        "drive letters and \\SystemRoot are missing\n", (unsigned)Status);
}

NTSTATUS IopQueryHostPath(PFILE_OBJECT FileObject, char *Buffer, SIZE_T Size)
{
    return HostfsQueryHostPath(FileObject, Buffer, Size);
}

NTSTATUS IopResolveHostPath(PCUNICODE_STRING NtPath, char *Buffer, SIZE_T Size)
{
    OPEN_PACKET Packet;
    PFILE_OBJECT File;
    if (!NtPath || !Buffer || !Size)
        return STATUS_INVALID_PARAMETER;
    memset(&Packet, 0, sizeof Packet);
    Packet.DesiredAccess = FILE_READ_ATTRIBUTES | SYNCHRONIZE;
    Packet.CreateDisposition = FILE_OPEN;
    Packet.CreateOptions = FILE_NON_DIRECTORY_FILE;
    Packet.ShareAccess = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;

    /* A kernel-mode open: no handle, the file object only. */
    PKTHREAD Thread = KiGetCurrentThread();
    KPROCESSOR_MODE SavedMode = Thread->PreviousMode;
    Thread->PreviousMode = KernelMode;
    NTSTATUS Status = ObReferenceObjectByName((PUNICODE_STRING)NtPath, OBJ_CASE_INSENSITIVE,
                                              IopFileObjectType, KernelMode, &Packet, (PVOID *)&File);
    Thread->PreviousMode = SavedMode;
    if (!NT_SUCCESS(Status))
        return Status;
    Status = IopQueryHostPath(File, Buffer, Size);
    ObfDereferenceObject(File);
    return Status;
}
