/*
 * sys/create.c - NtCreateFile and NtOpenFile on the object namespace
 * (\Device\X, \??\X, \DosDevices\X …).  The name lookup ends in the
 * device's parse procedure, which sends IRP_MJ_CREATE.
 */
#include "sys.h"
#include "ex/ex.h"

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
    UNREFERENCED_PARAMETER(AllocationSize);
    UNREFERENCED_PARAMETER(EaBuffer);

    SERVICE_ENTER();
    if (Mode == UserMode && (!SvcProbe(FileHandle, sizeof(HANDLE), TRUE) ||
                             !SvcProbe(IoStatusBlock, sizeof(IO_STATUS_BLOCK), TRUE) ||
                             !FileHandle || !IoStatusBlock))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    /* The parameter checks Windows' IoCreateFile makes. */
    if (CreateDisposition > FILE_MAXIMUM_DISPOSITION || (CreateOptions & ~FILE_VALID_OPTION_FLAGS) ||
        (ShareAccess & ~FILE_SHARE_VALID_FLAGS) || (FileAttributes & ~FILE_ATTRIBUTE_VALID_FLAGS) ||
        ((CreateOptions & FILE_SYNCHRONOUS_IO_ALERT) && (CreateOptions & FILE_SYNCHRONOUS_IO_NONALERT)) ||
        ((CreateOptions & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT)) &&
         !(DesiredAccess & SYNCHRONIZE)) ||
        ((CreateOptions & FILE_DIRECTORY_FILE) && (CreateOptions & FILE_NON_DIRECTORY_FILE)) ||
        (EaLength && !EaBuffer))
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
        Status = ObOpenObjectByName(&Captured->Attributes, IopFileObjectType, Mode, DesiredAccess,
                                    &Packet, &Handle);
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
