/*
 * sys/create.c - NtCreateFile and NtOpenFile (and the Zw forms) on the
 * object namespace (\Device\X, \??\X, \DosDevices\X, \??\C:\dir\file …).
 * The name lookup ends in the device's parse procedure, which sends
 * IRP_MJ_CREATE with the rest of the name; a file system resolves it.
 */
#include "sys.h"
#include "ex/ex.h"

/* The new file object's mode flags, which the open asked for. */
static VOID IopFinishCreate(PFILE_OBJECT File, ULONG CreateOptions)
{
    if (CreateOptions & FILE_WRITE_THROUGH)
        File->Flags |= FO_WRITE_THROUGH;
    if (CreateOptions & FILE_SEQUENTIAL_ONLY)
        File->Flags |= FO_SEQUENTIAL_ONLY;
    if (CreateOptions & FILE_NO_INTERMEDIATE_BUFFERING)
        File->Flags |= FO_NO_INTERMEDIATE_BUFFERING;
    if (CreateOptions & FILE_RANDOM_ACCESS)
        File->Flags |= FO_RANDOM_ACCESS;
}

/* ObOpenObjectByName for a file: the handle's access is the one the open
 * was granted, with MAXIMUM_ALLOWED as the file system resolved it
 * (IopParseDevice puts that in Packet->DesiredAccess). */
static NTSTATUS IopOpenFileByName(POBJECT_ATTRIBUTES Attributes, KPROCESSOR_MODE Mode,
                                  POPEN_PACKET Packet, ULONG CreateOptions, PHANDLE Handle)
{
    PVOID Object;
    NTSTATUS Status = ObpLookupObjectName(Attributes->RootDirectory, Attributes->ObjectName,
                                          Attributes->Attributes, IopFileObjectType, Mode, Packet,
                                          &Object);
    if (!NT_SUCCESS(Status))
        return Status;
    POBJECT_TYPE Type = OBJECT_TO_OBJECT_HEADER(Object)->Type;
    ACCESS_MASK Granted = ObpMapGenericMask(Type, Packet->DesiredAccess);
    if (Granted & MAXIMUM_ALLOWED)
        Granted = Type->TypeInfo.ValidAccessMask; /* not resolved by a parse */
    if (Type == IopFileObjectType)
        IopFinishCreate(Object, CreateOptions);
    Status = ObpCreateHandle(Object, Granted & ~(ACCESS_MASK)MAXIMUM_ALLOWED, Attributes->Attributes,
                             Mode, Handle);
    ObfDereferenceObject(Object);
    return Status;
}

NTIO_EXPORT NTSTATUS NtCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                                  POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                                  PLARGE_INTEGER AllocationSize, ULONG FileAttributes,
                                  ULONG ShareAccess, ULONG CreateDisposition, ULONG CreateOptions,
                                  PVOID EaBuffer, ULONG EaLength)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    SVC_CAPTURED_NAME *Captured;
    OPEN_PACKET Packet;
    HANDLE Handle = NULL;
    NTSTATUS Status;
    LARGE_INTEGER Allocation = { .QuadPart = 0 };
    UNREFERENCED_PARAMETER(EaBuffer);

    SERVICE_ENTER();
    if (Mode == UserMode && (!SvcProbe(FileHandle, sizeof(HANDLE), TRUE) ||
                             !SvcProbe(IoStatusBlock, sizeof(IO_STATUS_BLOCK), TRUE) ||
                             !FileHandle || !IoStatusBlock))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    if (AllocationSize && !SvcCopyIn(Mode, &Allocation, AllocationSize, sizeof Allocation))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    /* The parameter checks Windows' IoCreateFile makes. */
    if (CreateDisposition > FILE_MAXIMUM_DISPOSITION || (CreateOptions & ~FILE_VALID_OPTION_FLAGS) ||
        (ShareAccess & ~FILE_SHARE_VALID_FLAGS) || (FileAttributes & ~FILE_ATTRIBUTE_VALID_FLAGS) ||
        ((CreateOptions & FILE_SYNCHRONOUS_IO_ALERT) && (CreateOptions & FILE_SYNCHRONOUS_IO_NONALERT)) ||
        ((CreateOptions & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT)) &&
         !(DesiredAccess & SYNCHRONIZE)) ||
        ((CreateOptions & FILE_DIRECTORY_FILE) && (CreateOptions & FILE_NON_DIRECTORY_FILE)) ||
        ((CreateOptions & FILE_DIRECTORY_FILE) && CreateDisposition != FILE_CREATE &&
         CreateDisposition != FILE_OPEN && CreateDisposition != FILE_OPEN_IF) ||
        ((CreateOptions & FILE_DELETE_ON_CLOSE) && !(DesiredAccess & (DELETE | GENERIC_ALL | MAXIMUM_ALLOWED))) ||
        ((CreateOptions & FILE_NO_INTERMEDIATE_BUFFERING) && (DesiredAccess & FILE_APPEND_DATA)) ||
        Allocation.QuadPart < 0 || (EaLength && !EaBuffer))
        return KiServiceExit(STATUS_INVALID_PARAMETER);

    Captured = ExpAllocatePool(PagedPool, sizeof *Captured, TAG('I', 'o', 'C', 'r'), NULL);
    if (!Captured)
        return KiServiceExit(STATUS_INSUFFICIENT_RESOURCES);
    Status = SvcCaptureObjectAttributes(Mode, ObjectAttributes, Captured);
    if (NT_SUCCESS(Status) && !Captured->Attributes.ObjectName)
        Status = STATUS_OBJECT_NAME_INVALID;
    if (NT_SUCCESS(Status)) {
        memset(&Packet, 0, sizeof Packet);
        Packet.DesiredAccess = DesiredAccess;
        Packet.CreateDisposition = CreateDisposition;
        Packet.CreateOptions = CreateOptions;
        Packet.FileAttributes = FileAttributes;
        Packet.ShareAccess = ShareAccess;
        /* The file system applies the initial allocation inside the create,
         * so a failure leaves no new file behind. */
        Packet.AllocationSize = Allocation;
        Status = IopOpenFileByName(&Captured->Attributes, Mode, &Packet, CreateOptions, &Handle);
        if (Packet.Parsed && NT_SUCCESS(Status)) {
            IO_STATUS_BLOCK Iosb = Packet.IoStatus;
            Iosb.Status = Status;
            SvcCopyOut(Mode, IoStatusBlock, &Iosb, sizeof Iosb);
        }
        if (NT_SUCCESS(Status) && !SvcCopyOut(Mode, FileHandle, &Handle, sizeof Handle)) {
            ObpCloseHandle(Handle, Mode);
            Status = STATUS_ACCESS_VIOLATION;
        }
    }
    ExpFreePool(Captured, 0, FALSE, NULL);
    return KiServiceExit(Status);
}

NTIO_EXPORT NTSTATUS NtOpenFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                                POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                                ULONG ShareAccess, ULONG OpenOptions)
{
    return NtCreateFile(FileHandle, DesiredAccess, ObjectAttributes, IoStatusBlock, NULL, 0,
                        ShareAccess, FILE_OPEN, OpenOptions, NULL, 0);
}

NTIO_EXPORT NTSTATUS ZwCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                                  POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                                  PLARGE_INTEGER AllocationSize, ULONG FileAttributes,
                                  ULONG ShareAccess, ULONG CreateDisposition, ULONG CreateOptions,
                                  PVOID EaBuffer, ULONG EaLength)
{
    PKTHREAD Thread = KiGetCurrentThread();
    KPROCESSOR_MODE Saved = Thread->PreviousMode;
    Thread->PreviousMode = KernelMode;
    NTSTATUS Status = NtCreateFile(FileHandle, DesiredAccess, ObjectAttributes, IoStatusBlock,
                                   AllocationSize, FileAttributes, ShareAccess, CreateDisposition,
                                   CreateOptions, EaBuffer, EaLength);
    Thread->PreviousMode = Saved;
    return Status;
}

NTIO_EXPORT NTSTATUS ZwOpenFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                                POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                                ULONG ShareAccess, ULONG OpenOptions)
{
    return ZwCreateFile(FileHandle, DesiredAccess, ObjectAttributes, IoStatusBlock, NULL, 0,
                        ShareAccess, FILE_OPEN, OpenOptions, NULL, 0);
}
