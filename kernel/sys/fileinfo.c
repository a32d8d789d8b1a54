/*
 * sys/fileinfo.c - NtQueryInformationFile, NtSetInformationFile and
 * NtFlushBuffersFile.
 *
 * As on Windows, the I/O manager validates the class and length against
 * its tables, checks the handle's access for the class, and answers what
 * it keeps itself (the position of a synchronous file object, the handle's
 * access, the file object's mode and the device's alignment); everything
 * else is an IRP to the file's driver with a system buffer.  These
 * services always complete before they return: a request the driver pends
 * is waited for.
 */
#include "sys.h"
#include "ex/ex.h"
#include "io/iocomp.h"

#define TAG_FILE_INFO TAG('I', 'o', 'F', 'i')

typedef struct _IOP_INFO_CLASS {
    UCHAR Length;          /* fixed size of the structure; 0: not valid for this operation */
    UCHAR Alignment;       /* of the caller's buffer */
    ACCESS_MASK Access;    /* the handle needs all of these (user mode) */
} IOP_INFO_CLASS;

static const IOP_INFO_CLASS IopQueryClasses[FileMaximumInformation] = {
    [FileBasicInformation] = { sizeof(FILE_BASIC_INFORMATION), 8, FILE_READ_ATTRIBUTES },
    [FileStandardInformation] = { sizeof(FILE_STANDARD_INFORMATION), 8, 0 },
    [FileInternalInformation] = { sizeof(FILE_INTERNAL_INFORMATION), 8, 0 },
    [FileEaInformation] = { sizeof(FILE_EA_INFORMATION), 4, FILE_READ_EA },
    [FileAccessInformation] = { sizeof(FILE_ACCESS_INFORMATION), 4, 0 },
    [FileNameInformation] = { sizeof(FILE_NAME_INFORMATION), 4, 0 },
    [FilePositionInformation] = { sizeof(FILE_POSITION_INFORMATION), 8, 0 },
    [FileModeInformation] = { sizeof(FILE_MODE_INFORMATION), 4, 0 },
    [FileAlignmentInformation] = { sizeof(FILE_ALIGNMENT_INFORMATION), 4, 0 },
    [FileAllInformation] = { sizeof(FILE_ALL_INFORMATION), 8, FILE_READ_ATTRIBUTES },
    [FileAlternateNameInformation] = { sizeof(FILE_NAME_INFORMATION), 4, 0 },
    [FileNetworkOpenInformation] = { sizeof(FILE_NETWORK_OPEN_INFORMATION), 8, FILE_READ_ATTRIBUTES },
    [FileAttributeTagInformation] = { sizeof(FILE_ATTRIBUTE_TAG_INFORMATION), 4, FILE_READ_ATTRIBUTES },
    [FileIoCompletionNotificationInformation] = { sizeof(FILE_IO_COMPLETION_NOTIFICATION_INFORMATION), 4, 0 },
};

static const IOP_INFO_CLASS IopSetClasses[FileMaximumInformation] = {
    [FileBasicInformation] = { sizeof(FILE_BASIC_INFORMATION), 8, FILE_WRITE_ATTRIBUTES },
    [FileRenameInformation] = { sizeof(FILE_RENAME_INFORMATION), 4, DELETE },
    [FileLinkInformation] = { sizeof(FILE_RENAME_INFORMATION), 4, 0 },
    [FileDispositionInformation] = { sizeof(FILE_DISPOSITION_INFORMATION), 1, DELETE },
    [FilePositionInformation] = { sizeof(FILE_POSITION_INFORMATION), 8, 0 },
    [FileModeInformation] = { sizeof(FILE_MODE_INFORMATION), 4, 0 },
    [FileAllocationInformation] = { sizeof(FILE_ALLOCATION_INFORMATION), 8, FILE_WRITE_DATA },
    [FileEndOfFileInformation] = { sizeof(FILE_END_OF_FILE_INFORMATION), 8, FILE_WRITE_DATA },
    [FileValidDataLengthInformation] = { sizeof(LARGE_INTEGER), 8, FILE_WRITE_DATA },
    [FileCompletionInformation] = { sizeof(FILE_COMPLETION_INFORMATION), 4, 0 },
    [FileIoCompletionNotificationInformation] = { sizeof(FILE_IO_COMPLETION_NOTIFICATION_INFORMATION), 4, 0 },
};

/* FILE_SKIP_* flag <-> FO_SKIP_* file object flag. */
static const struct { ULONG Mode, FileFlag; } IopNotificationFlags[] = {
    { FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, FO_SKIP_COMPLETION_PORT },
    { FILE_SKIP_SET_EVENT_ON_HANDLE, FO_SKIP_SET_EVENT },
    { FILE_SKIP_SET_USER_EVENT_ON_FAST_IO, FO_SKIP_SET_FAST_IO },
};

#define IOP_VALID_MODE_FLAGS                                                                    \
    (FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY | FILE_NO_INTERMEDIATE_BUFFERING |               \
     FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT | FILE_DELETE_ON_CLOSE)

/* The file object of a handle, with the access the handle was granted;
 * a synchronous file object is locked (one request at a time). */
typedef struct _IOP_FILE_CALL {
    PFILE_OBJECT File;
    ACCESS_MASK Granted;
    KPROCESSOR_MODE Mode;
    BOOLEAN Locked;
} IOP_FILE_CALL;

static NTSTATUS IopBeginFileCall(HANDLE Handle, ACCESS_MASK Needed, IOP_FILE_CALL *C)
{
    OBJECT_HANDLE_INFORMATION Info;
    NTSTATUS Status = ObReferenceObjectByHandle(Handle, 0, IopFileObjectType, C->Mode,
                                                (PVOID *)&C->File, &Info);
    if (!NT_SUCCESS(Status))
        return Status;
    C->Granted = Info.GrantedAccess;
    if (C->Mode == UserMode && (Info.GrantedAccess & Needed) != Needed) {
        ObfDereferenceObject(C->File);
        return STATUS_ACCESS_DENIED;
    }
    C->Locked = (C->File->Flags & FO_SYNCHRONOUS_IO) != 0;
    if (C->Locked)
        IopAcquireFileObjectLock(C->File);
    return STATUS_SUCCESS;
}

static VOID IopEndFileCall(IOP_FILE_CALL *C)
{
    if (C->Locked)
        IopReleaseFileObjectLock(C->File);
    ObfDereferenceObject(C->File);
}

/* Send an information IRP (Buffer is the system buffer) and wait for it. */
static NTSTATUS IopCallFileDriver(IOP_FILE_CALL *C, UCHAR Major, PVOID Buffer, ULONG Length,
                                  FILE_INFORMATION_CLASS Class, PFILE_OBJECT Target,
                                  BOOLEAN ReplaceIfExists, PIO_STATUS_BLOCK Iosb)
{
    PDEVICE_OBJECT Device = IoGetRelatedDeviceObject(C->File);
    KEVENT Event;
    PIRP Irp = IopAllocateIrp(Device->StackSize, NULL);
    if (!Irp)
        return STATUS_INSUFFICIENT_RESOURCES;
    KeInitializeEvent(&Event, SynchronizationEvent, FALSE);
    Iosb->Status = STATUS_SUCCESS;
    Iosb->Information = 0;
    Irp->RequestorMode = C->Mode;
    Irp->Flags = IRP_SYNCHRONOUS_API;
    Irp->UserIosb = Iosb;
    Irp->UserEvent = &Event;
    Irp->AssociatedIrp.SystemBuffer = Buffer;
    Irp->Tail.Overlay.OriginalFileObject = C->File;
    ObfReferenceObject(C->File); /* the IRP's; dropped at completion */
    PIO_STACK_LOCATION Sp = IoGetNextIrpStackLocation(Irp);
    Sp->MajorFunction = Major;
    Sp->FileObject = C->File;
    if (Major == IRP_MJ_QUERY_INFORMATION) {
        Sp->Parameters.QueryFile.Length = Length;
        Sp->Parameters.QueryFile.FileInformationClass = Class;
    } else if (Major == IRP_MJ_SET_INFORMATION) {
        Sp->Parameters.SetFile.Length = Length;
        Sp->Parameters.SetFile.FileInformationClass = Class;
        Sp->Parameters.SetFile.FileObject = Target;
        Sp->Parameters.SetFile.ReplaceIfExists = ReplaceIfExists;
    }
    IopQueueThreadIrp(Irp);
    NTSTATUS Status = IoCallDriver(Device, Irp);
    if (Status == STATUS_PENDING) {
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
        Status = Iosb->Status;
    } else {
        Iosb->Status = Status;
    }
    return Status;
}

static ULONG IopFileMode(PFILE_OBJECT File)
{
    ULONG Mode = 0;
    if (File->Flags & FO_WRITE_THROUGH)
        Mode |= FILE_WRITE_THROUGH;
    if (File->Flags & FO_SEQUENTIAL_ONLY)
        Mode |= FILE_SEQUENTIAL_ONLY;
    if (File->Flags & FO_NO_INTERMEDIATE_BUFFERING)
        Mode |= FILE_NO_INTERMEDIATE_BUFFERING;
    if (File->Flags & FO_SYNCHRONOUS_IO)
        Mode |= (File->Flags & FO_ALERTABLE_IO) ? FILE_SYNCHRONOUS_IO_ALERT : FILE_SYNCHRONOUS_IO_NONALERT;
    if (File->Flags & FO_DELETE_ON_CLOSE)
        Mode |= FILE_DELETE_ON_CLOSE;
    return Mode;
}

static NTSTATUS IopCheckClass(const IOP_INFO_CLASS *Table, FILE_INFORMATION_CLASS Class, ULONG Length)
{
    if ((ULONG)Class == 0 || (ULONG)Class >= FileMaximumInformation || !Table[Class].Length)
        return STATUS_INVALID_INFO_CLASS;
    if (Length < Table[Class].Length)
        return STATUS_INFO_LENGTH_MISMATCH;
    return STATUS_SUCCESS;
}

static NTSTATUS IopProbeInfoBuffer(KPROCESSOR_MODE Mode, PVOID Buffer, ULONG Length, ULONG Alignment,
                                   BOOLEAN Write, PIO_STATUS_BLOCK IoStatusBlock)
{
    if (Mode != UserMode)
        return STATUS_SUCCESS;
    if (!IoStatusBlock || !SvcProbe(IoStatusBlock, sizeof *IoStatusBlock, TRUE))
        return STATUS_ACCESS_VIOLATION;
    if (((ULONG_PTR)Buffer & (Alignment - 1)) != 0)
        return STATUS_DATATYPE_MISALIGNMENT;
    if (!Buffer || !SvcProbe(Buffer, Length, Write))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

static NTSTATUS IopQueryInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                        PVOID FileInformation, ULONG Length,
                                        FILE_INFORMATION_CLASS Class)
{
    IOP_FILE_CALL C = { .Mode = ExGetPreviousMode() };
    IO_STATUS_BLOCK Iosb = { .Status = STATUS_SUCCESS };
    NTSTATUS Status = IopCheckClass(IopQueryClasses, Class, Length);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = IopProbeInfoBuffer(C.Mode, FileInformation, Length, IopQueryClasses[Class].Alignment, TRUE,
                                IoStatusBlock);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = IopBeginFileCall(FileHandle, IopQueryClasses[Class].Access, &C);
    if (!NT_SUCCESS(Status))
        return Status;

    union {
        FILE_POSITION_INFORMATION Position;
        FILE_ACCESS_INFORMATION Access;
        FILE_MODE_INFORMATION Mode;
        FILE_ALIGNMENT_INFORMATION Alignment;
        FILE_IO_COMPLETION_NOTIFICATION_INFORMATION Notification;
    } Own;
    PVOID Result = &Own;
    PVOID Pool = NULL;
    BOOLEAN Synchronous = (C.File->Flags & FO_SYNCHRONOUS_IO) != 0;
    if (Class == FilePositionInformation && Synchronous) {
        Own.Position.CurrentByteOffset = C.File->CurrentByteOffset;
        Iosb.Information = sizeof Own.Position;
    } else if (Class == FileAccessInformation) {
        Own.Access.AccessFlags = C.Granted;
        Iosb.Information = sizeof Own.Access;
    } else if (Class == FileModeInformation) {
        Own.Mode.Mode = IopFileMode(C.File);
        Iosb.Information = sizeof Own.Mode;
    } else if (Class == FileAlignmentInformation) {
        Own.Alignment.AlignmentRequirement = IoGetRelatedDeviceObject(C.File)->AlignmentRequirement;
        Iosb.Information = sizeof Own.Alignment;
    } else if (Class == FileIoCompletionNotificationInformation) {
        Own.Notification.Flags = 0;
        for (ULONG i = 0; i < RTL_NUMBER_OF(IopNotificationFlags); i++)
            if (C.File->Flags & IopNotificationFlags[i].FileFlag)
                Own.Notification.Flags |= IopNotificationFlags[i].Mode;
        Iosb.Information = sizeof Own.Notification;
    } else {
        Result = Pool = ExpAllocatePool(NonPagedPool, Length, TAG_FILE_INFO, NULL);
        if (!Pool) {
            IopEndFileCall(&C);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        memset(Pool, 0, Length);
        Status = IopCallFileDriver(&C, IRP_MJ_QUERY_INFORMATION, Pool, Length, Class, NULL, FALSE, &Iosb);
        if (Iosb.Information > Length)
            Iosb.Information = Length;
        if (Class == FileAllInformation && !NT_ERROR(Status) &&
            Iosb.Information >= FIELD_OFFSET(FILE_ALL_INFORMATION, NameInformation)) {
            /* What only the I/O manager knows. */
            PFILE_ALL_INFORMATION All = Pool;
            All->AccessInformation.AccessFlags = C.Granted;
            All->ModeInformation.Mode = IopFileMode(C.File);
            All->AlignmentInformation.AlignmentRequirement =
                IoGetRelatedDeviceObject(C.File)->AlignmentRequirement;
            if (Synchronous)
                All->PositionInformation.CurrentByteOffset = C.File->CurrentByteOffset;
        }
    }
    IopEndFileCall(&C);
    if (!NT_ERROR(Status)) {
        if (!SvcCopyOut(C.Mode, FileInformation, Result, (SIZE_T)Iosb.Information))
            Status = STATUS_ACCESS_VIOLATION;
        else {
            Iosb.Status = Status;
            SvcCopyOut(C.Mode, IoStatusBlock, &Iosb, sizeof Iosb);
        }
    }
    if (Pool)
        ExpFreePool(Pool, 0, FALSE, NULL);
    return Status;
}

/* Open the directory a rename or link names (a full NT path) for the file
 * system, as IopOpenLinkOrRenameTarget does; it must be on the same
 * device as the file. */
static NTSTATUS IopOpenRenameTarget(PFILE_OBJECT Source, PCWCH Name, ULONG Chars, PFILE_OBJECT *Target)
{
    ULONG Split = Chars;
    while (Split > 0 && Name[Split - 1] != L'\\')
        Split--;
    if (Split <= 1 || Split == Chars)
        return STATUS_OBJECT_NAME_INVALID;
    UNICODE_STRING Parent = { (USHORT)((Split - 1) * sizeof(WCHAR)), (USHORT)((Split - 1) * sizeof(WCHAR)),
                              (PWCH)Name };
    OPEN_PACKET Packet;
    memset(&Packet, 0, sizeof Packet);
    Packet.DesiredAccess = FILE_ADD_FILE | SYNCHRONIZE;
    Packet.CreateDisposition = FILE_OPEN;
    Packet.CreateOptions = FILE_DIRECTORY_FILE | FILE_OPEN_FOR_BACKUP_INTENT;
    Packet.ShareAccess = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
    PKTHREAD Thread = KiGetCurrentThread();
    KPROCESSOR_MODE Saved = Thread->PreviousMode;
    Thread->PreviousMode = KernelMode;
    NTSTATUS Status = ObReferenceObjectByName(&Parent, OBJ_CASE_INSENSITIVE, IopFileObjectType,
                                              KernelMode, &Packet, (PVOID *)Target);
    Thread->PreviousMode = Saved;
    if (Status == STATUS_OBJECT_NAME_NOT_FOUND)
        Status = STATUS_OBJECT_PATH_NOT_FOUND;
    if (NT_SUCCESS(Status) && IoGetRelatedDeviceObject(*Target) != IoGetRelatedDeviceObject(Source)) {
        ObfDereferenceObject(*Target);
        *Target = NULL;
        Status = STATUS_NOT_SAME_DEVICE;
    }
    return Status;
}

/* FileCompletionInformation: bind the file object to a completion port,
 * once; the file object keeps a reference to the port until it is deleted
 * (IopDeleteFile).  Synchronous file objects cannot be bound. */
static NTSTATUS IopSetCompletionPort(IOP_FILE_CALL *C, PFILE_COMPLETION_INFORMATION Info)
{
    PFILE_OBJECT File = C->File;
    PVOID Port;
    if ((File->Flags & FO_SYNCHRONOUS_IO) || File->CompletionContext)
        return STATUS_INVALID_PARAMETER;
    NTSTATUS Status = ObReferenceObjectByHandle(Info->Port, IO_COMPLETION_MODIFY_STATE,
                                                IopCompletionObjectType, C->Mode, &Port, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    PIO_COMPLETION_CONTEXT Context =
        ExpAllocatePool(NonPagedPool, sizeof *Context, TAG('I', 'o', 'C', 'x'), NULL);
    if (!Context) {
        ObfDereferenceObject(Port);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Context->Port = Port;
    Context->Key = Info->Key;
    Context->FileObject = File;
    PIO_COMPLETION_CONTEXT Expected = NULL;
    if (!__atomic_compare_exchange_n(&File->CompletionContext, &Expected, Context, 0,
                                     __ATOMIC_RELEASE, __ATOMIC_RELAXED)) {
        /* Another thread bound it first. */
        ExpFreePool(Context, 0, FALSE, NULL);
        ObfDereferenceObject(Port);
        return STATUS_INVALID_PARAMETER;
    }
    IopTrackBoundFile(Context);
    return STATUS_SUCCESS;
}

/* FileIoCompletionNotificationInformation: the modes are added to the file
 * object's and stay for its life.  The completion path reads the flags
 * without a lock; they are set with an atomic OR because other flags of
 * the word may change meanwhile. */
static NTSTATUS IopSetNotificationModes(PFILE_OBJECT File, ULONG Modes)
{
    ULONG Add = 0;
    for (ULONG i = 0; i < RTL_NUMBER_OF(IopNotificationFlags); i++)
        if (Modes & IopNotificationFlags[i].Mode) {
            Add |= IopNotificationFlags[i].FileFlag;
            Modes &= ~IopNotificationFlags[i].Mode;
        }
    if (Modes)
        return STATUS_INVALID_PARAMETER;
    __atomic_fetch_or(&File->Flags, Add, __ATOMIC_RELAXED);
    return STATUS_SUCCESS;
}

static NTSTATUS IopSetInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                      PVOID FileInformation, ULONG Length,
                                      FILE_INFORMATION_CLASS Class)
{
    IOP_FILE_CALL C = { .Mode = ExGetPreviousMode() };
    IO_STATUS_BLOCK Iosb = { .Status = STATUS_SUCCESS };
    PFILE_OBJECT Target = NULL;
    NTSTATUS Status = IopCheckClass(IopSetClasses, Class, Length);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = IopProbeInfoBuffer(C.Mode, FileInformation, Length, IopSetClasses[Class].Alignment, FALSE,
                                IoStatusBlock);
    if (!NT_SUCCESS(Status))
        return Status;
    /* The caller's data is captured before the handle is looked at. */
    PVOID Buffer = ExpAllocatePool(NonPagedPool, Length, TAG_FILE_INFO, NULL);
    if (!Buffer)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (!SvcCopyIn(C.Mode, Buffer, FileInformation, Length)) {
        ExpFreePool(Buffer, 0, FALSE, NULL);
        return STATUS_ACCESS_VIOLATION;
    }
    Status = IopBeginFileCall(FileHandle, IopSetClasses[Class].Access, &C);
    if (!NT_SUCCESS(Status)) {
        ExpFreePool(Buffer, 0, FALSE, NULL);
        return Status;
    }

    PFILE_OBJECT File = C.File;
    if (Class == FilePositionInformation && (File->Flags & FO_SYNCHRONOUS_IO)) {
        LARGE_INTEGER Position = ((PFILE_POSITION_INFORMATION)Buffer)->CurrentByteOffset;
        PDEVICE_OBJECT Device = IoGetRelatedDeviceObject(File);
        if (Position.QuadPart < 0 || ((File->Flags & FO_NO_INTERMEDIATE_BUFFERING) &&
                                      (Position.QuadPart & Device->AlignmentRequirement)))
            Status = STATUS_INVALID_PARAMETER;
        else
            File->CurrentByteOffset = Position;
    } else if (Class == FileCompletionInformation) {
        Status = IopSetCompletionPort(&C, Buffer);
    } else if (Class == FileIoCompletionNotificationInformation) {
        Status = IopSetNotificationModes(File, ((PFILE_IO_COMPLETION_NOTIFICATION_INFORMATION)Buffer)->Flags);
    } else if (Class == FileModeInformation) {
        ULONG Mode = ((PFILE_MODE_INFORMATION)Buffer)->Mode;
        ULONG Sync = Mode & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT);
        ULONG Have = IopFileMode(File) & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT);
        /* Only write-through and sequential-only can change; the
         * synchronous mode must be restated as it is. */
        if ((Mode & ~(FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY | FILE_SYNCHRONOUS_IO_ALERT |
                      FILE_SYNCHRONOUS_IO_NONALERT)) ||
            Sync != Have)
            Status = STATUS_INVALID_PARAMETER;
        else {
            ULONG Set = 0;
            if (Mode & FILE_WRITE_THROUGH)
                Set |= FO_WRITE_THROUGH;
            if (Mode & FILE_SEQUENTIAL_ONLY)
                Set |= FO_SEQUENTIAL_ONLY;
            /* Atomic: the notification modes may be added at the same time. */
            __atomic_fetch_and(&File->Flags, ~(ULONG)(FO_WRITE_THROUGH | FO_SEQUENTIAL_ONLY),
                               __ATOMIC_RELAXED);
            __atomic_fetch_or(&File->Flags, Set, __ATOMIC_RELAXED);
        }
    } else {
        BOOLEAN Replace = FALSE;
        if (Class == FileRenameInformation || Class == FileLinkInformation) {
            PFILE_RENAME_INFORMATION R = Buffer;
            ULONG Room = Length - FIELD_OFFSET(FILE_RENAME_INFORMATION, FileName);
            Replace = R->ReplaceIfExists;
            if (R->FileNameLength > Room || (R->FileNameLength & 1) || !R->FileNameLength)
                Status = STATUS_INVALID_PARAMETER;
            else if (R->RootDirectory)
                Status = STATUS_NOT_SUPPORTED; /* ntio opens no names relative to a handle */
            else if (R->FileName[0] == L'\\')
                Status = IopOpenRenameTarget(File, R->FileName, R->FileNameLength / sizeof(WCHAR),
                                             &Target);
        }
        if (NT_SUCCESS(Status))
            Status = IopCallFileDriver(&C, IRP_MJ_SET_INFORMATION, Buffer, Length, Class, Target,
                                       Replace, &Iosb);
        if (Target)
            ObfDereferenceObject(Target);
    }
    IopEndFileCall(&C);
    ExpFreePool(Buffer, 0, FALSE, NULL);
    if (!NT_ERROR(Status)) {
        Iosb.Status = Status;
        SvcCopyOut(C.Mode, IoStatusBlock, &Iosb, sizeof Iosb);
    }
    return Status;
}

NTIO_EXPORT NTSTATUS NtQueryInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                            PVOID FileInformation, ULONG Length,
                                            FILE_INFORMATION_CLASS FileInformationClass)
{
    SERVICE_ENTER();
    return KiServiceExit(IopQueryInformationFile(FileHandle, IoStatusBlock, FileInformation, Length,
                                                 FileInformationClass));
}

NTIO_EXPORT NTSTATUS NtSetInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                          PVOID FileInformation, ULONG Length,
                                          FILE_INFORMATION_CLASS FileInformationClass)
{
    SERVICE_ENTER();
    return KiServiceExit(IopSetInformationFile(FileHandle, IoStatusBlock, FileInformation, Length,
                                               FileInformationClass));
}

NTIO_EXPORT NTSTATUS NtFlushBuffersFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock)
{
    IOP_FILE_CALL C = { .Mode = ExGetPreviousMode() };
    IO_STATUS_BLOCK Iosb;
    NTSTATUS Status;
    SERVICE_ENTER();
    if (C.Mode == UserMode && (!IoStatusBlock || !SvcProbe(IoStatusBlock, sizeof *IoStatusBlock, TRUE)))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    Status = IopBeginFileCall(FileHandle, 0, &C);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    if (C.Mode == UserMode && !(C.Granted & (FILE_WRITE_DATA | FILE_APPEND_DATA)))
        Status = STATUS_ACCESS_DENIED;
    else
        Status = IopCallFileDriver(&C, IRP_MJ_FLUSH_BUFFERS, NULL, 0, 0, NULL, FALSE, &Iosb);
    IopEndFileCall(&C);
    if (!NT_ERROR(Status)) {
        Iosb.Status = Status;
        SvcCopyOut(C.Mode, IoStatusBlock, &Iosb, sizeof Iosb);
    }
    return KiServiceExit(Status);
}

/* The Zw forms: the same services for kernel-mode callers (PreviousMode
 * KernelMode: no probing of their pointers, no access check). */
#define IOP_ZW_CALL(Call)                                                 \
    do {                                                                  \
        PKTHREAD Thread = KiGetCurrentThread();                           \
        KPROCESSOR_MODE Saved = Thread->PreviousMode;                     \
        Thread->PreviousMode = KernelMode;                                \
        NTSTATUS Status = (Call);                                         \
        Thread->PreviousMode = Saved;                                     \
        return Status;                                                    \
    } while (0)

NTIO_EXPORT NTSTATUS ZwQueryInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                            PVOID FileInformation, ULONG Length,
                                            FILE_INFORMATION_CLASS FileInformationClass)
{
    IOP_ZW_CALL(NtQueryInformationFile(FileHandle, IoStatusBlock, FileInformation, Length,
                                       FileInformationClass));
}

NTIO_EXPORT NTSTATUS ZwSetInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                          PVOID FileInformation, ULONG Length,
                                          FILE_INFORMATION_CLASS FileInformationClass)
{
    IOP_ZW_CALL(NtSetInformationFile(FileHandle, IoStatusBlock, FileInformation, Length,
                                     FileInformationClass));
}

NTIO_EXPORT NTSTATUS ZwFlushBuffersFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock)
{
    IOP_ZW_CALL(NtFlushBuffersFile(FileHandle, IoStatusBlock));
}
