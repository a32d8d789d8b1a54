/*
 * io/file.c - file objects: opening a device (IopParseDevice sends
 * IRP_MJ_CREATE), the last handle closing (IRP_MJ_CLEANUP) and the last
 * reference going (IRP_MJ_CLOSE).
 */
#include "iop.h"
#include "iocomp.h"
#include "ex/ex.h"
#include "se/sep.h"

POBJECT_TYPE IopFileObjectType;
NTIO_EXPORT POBJECT_TYPE *IoFileObjectType = &IopFileObjectType;

#define FO_NTIO_OPENED 0x80000000 /* CREATE succeeded: CLEANUP/CLOSE are owed */

/* An open file of Device is gone (or an open failed): the last one lets a
 * pending unload of its driver happen. */
static VOID IopDropDeviceReference(PDEVICE_OBJECT Device, PVOID Image)
{
    if (__atomic_sub_fetch(&Device->ReferenceCount, 1, __ATOMIC_SEQ_CST) != 0)
        return;
    if (Image)
        IopCheckUnloadImage(Image);
    /* A surprise-removed device waits for its last file to be removed. */
    if (Device->DeviceObjectExtension->ExtensionFlags & DOE_REMOVE_PENDING)
        PpCheckPendingRemoval(Device);
}

/* Send a CLEANUP or CLOSE IRP for FileObject and wait for it. */
static VOID IopSendFileIrp(PFILE_OBJECT FileObject, UCHAR Major)
{
    PDEVICE_OBJECT Device = IoGetRelatedDeviceObject(FileObject);
    KEVENT Event;
    IO_STATUS_BLOCK Iosb;
    PIRP Irp;

    while (!(Irp = IopAllocateIrp(Device->StackSize, NULL)))
        KeDelayExecutionThread(KernelMode, FALSE, &(LARGE_INTEGER){ .QuadPart = -10000 });
    KeInitializeEvent(&Event, SynchronizationEvent, FALSE);
    Irp->RequestorMode = KernelMode;
    Irp->UserEvent = &Event;
    Irp->UserIosb = &Iosb;
    Irp->Flags = IRP_SYNCHRONOUS_API | (Major == IRP_MJ_CLOSE ? IRP_CLOSE_OPERATION : 0);
    /* The IRP must not hold a reference on a file object that is being
     * deleted: OriginalFileObject stays NULL. */
    PIO_STACK_LOCATION Sp = IoGetNextIrpStackLocation(Irp);
    Sp->MajorFunction = Major;
    Sp->FileObject = FileObject;
    IopQueueThreadIrp(Irp);
    PKTHREAD Thread = KiGetCurrentThread();
    KPROCESSOR_MODE Saved = Thread->PreviousMode;
    Thread->PreviousMode = KernelMode;
    if (IoCallDriver(Device, Irp) == STATUS_PENDING)
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
    Thread->PreviousMode = Saved;
}

NTSTATUS IopParseDevice(PVOID ParseObject, KPROCESSOR_MODE AccessMode, ULONG Attributes,
                        PUNICODE_STRING CompleteName, PUNICODE_STRING RemainingName, PVOID Context,
                        PVOID *Object)
{
    PDEVICE_OBJECT Device = ParseObject;
    POPEN_PACKET Packet = Context;
    PFILE_OBJECT File;
    NTSTATUS Status;
    ACCESS_MASK Granted = FILE_ALL_ACCESS; /* what the device's descriptor allows */
    UNREFERENCED_PARAMETER(CompleteName);

    *Object = NULL;
    if (!Packet)
        return STATUS_OBJECT_TYPE_MISMATCH;
    /* A device whose driver is unloading takes no new opens (Windows:
     * DOE_UNLOAD_PENDING); checked again once the open is counted. */
    PVOID Image = IopImageOfDevice(Device);
    if ((Device->Flags & DO_DEVICE_INITIALIZING) || IopImageUnloadInvoked(Image))
        return STATUS_NO_SUCH_DEVICE;
    /* Nor does one being removed, or removed (IopCheckDeviceAndDriver). */
    if (Device->DeviceObjectExtension->ExtensionFlags &
        (DOE_DELETE_PENDING | DOE_REMOVE_PENDING | DOE_REMOVE_PROCESSED | DOE_START_PENDING))
        return STATUS_NO_SUCH_DEVICE;
    if ((Device->Flags & DO_EXCLUSIVE) && Device->ReferenceCount > 0)
        return STATUS_ACCESS_DENIED;
    /* The device's security descriptor governs opening the device itself,
     * and any name under it when the device asks for that
     * (FILE_DEVICE_SECURE_OPEN); otherwise the driver judges names below
     * the device, as on Windows. */
    if ((AccessMode == UserMode || (Attributes & OBJ_FORCE_ACCESS_CHECK)) &&
        (RemainingName->Length == 0 || (Device->Characteristics & FILE_DEVICE_SECURE_OPEN))) {
        NTSTATUS Check = SepAccessCheck(Device->SecurityDescriptor, Packet->DesiredAccess,
                                        &IopFileObjectType->TypeInfo.GenericMapping,
                                        (Attributes & OBJ_FORCE_ACCESS_CHECK) ? UserMode : AccessMode,
                                        &Granted);
        if (!NT_SUCCESS(Check))
            return Check;
    }

    Status = ObCreateObject(IopFileObjectType, sizeof(FILE_OBJECT), (PVOID *)&File);
    if (!NT_SUCCESS(Status))
        return Status;
    File->Type = IO_TYPE_FILE;
    File->Size = sizeof(FILE_OBJECT);
    File->DeviceObject = Device;
    ObfReferenceObject(Device);
    KeInitializeEvent(&File->Lock, SynchronizationEvent, FALSE);
    KeInitializeEvent(&File->Event, NotificationEvent, FALSE);
    InitializeListHead(&File->IrpList);
    if (Packet->CreateOptions & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT))
        File->Flags |= FO_SYNCHRONOUS_IO;
    if (Packet->CreateOptions & FILE_SYNCHRONOUS_IO_ALERT)
        File->Flags |= FO_ALERTABLE_IO;
    if (Packet->CreateOptions & FILE_DELETE_ON_CLOSE)
        File->Flags |= FO_DELETE_ON_CLOSE;
    if (!(Attributes & OBJ_CASE_INSENSITIVE))
        File->Flags |= FO_OPENED_CASE_SENSITIVE;
    if (RemainingName->Length == 0)
        File->Flags |= FO_DIRECT_DEVICE_OPEN;
    ACCESS_MASK Access = ObpMapGenericMask(IopFileObjectType, Packet->DesiredAccess);
    File->ReadAccess = (Access & (FILE_READ_DATA | FILE_EXECUTE)) != 0;
    File->WriteAccess = (Access & (FILE_WRITE_DATA | FILE_APPEND_DATA)) != 0;
    File->DeleteAccess = (Access & DELETE) != 0;
    File->SharedRead = (Packet->ShareAccess & FILE_SHARE_READ) != 0;
    File->SharedWrite = (Packet->ShareAccess & FILE_SHARE_WRITE) != 0;
    File->SharedDelete = (Packet->ShareAccess & FILE_SHARE_DELETE) != 0;
    if (RemainingName->Length) {
        File->FileName.Buffer = ExpAllocatePool(PagedPool, RemainingName->Length + sizeof(WCHAR),
                                                TAG('I', 'o', 'N', 'm'), NULL);
        if (!File->FileName.Buffer) {
            ObfDereferenceObject(File);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        memcpy(File->FileName.Buffer, RemainingName->Buffer, RemainingName->Length);
        File->FileName.Buffer[RemainingName->Length / sizeof(WCHAR)] = 0;
        File->FileName.Length = RemainingName->Length;
        File->FileName.MaximumLength = (USHORT)(RemainingName->Length + sizeof(WCHAR));
    }

    /* Counted before the unload check: NtUnloadDriver sets its flag, then
     * looks at the counts (io/driver.c). */
    __atomic_add_fetch(&Device->ReferenceCount, 1, __ATOMIC_SEQ_CST);
    /* Likewise a query-remove: it sets DOE_REMOVE_PENDING, then counts. */
    if (IopImageUnloadInvoked(Image) ||
        (__atomic_load_n(&Device->DeviceObjectExtension->ExtensionFlags, __ATOMIC_SEQ_CST) &
         (DOE_DELETE_PENDING | DOE_REMOVE_PENDING | DOE_REMOVE_PROCESSED | DOE_START_PENDING))) {
        IopDropDeviceReference(Device, Image);
        ObfDereferenceObject(File);
        return STATUS_NO_SUCH_DEVICE;
    }
    PDEVICE_OBJECT Top = IoGetAttachedDevice(Device);
    PIRP Irp = IopAllocateIrp(Top->StackSize, NULL);
    if (!Irp) {
        IopDropDeviceReference(Device, Image);
        ObfDereferenceObject(File);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KEVENT Event;
    /* The file system resolves MAXIMUM_ALLOWED in Security.DesiredAccess
     * to the rights it grants (and judges sharing by them). */
    IO_SECURITY_CONTEXT Security = { NULL, NULL, Access, Packet->CreateOptions };
    KeInitializeEvent(&Event, SynchronizationEvent, FALSE);
    Irp->RequestorMode = AccessMode;
    Irp->Flags = IRP_CREATE_OPERATION | IRP_SYNCHRONOUS_API;
    Irp->UserIosb = &Packet->IoStatus;
    Irp->UserEvent = &Event;
    PIO_STACK_LOCATION Sp = IoGetNextIrpStackLocation(Irp);
    Sp->MajorFunction = IRP_MJ_CREATE;
    Sp->Flags = (Attributes & OBJ_CASE_INSENSITIVE) ? 0 : SL_CASE_SENSITIVE;
    Sp->FileObject = File;
    Sp->Parameters.Create.SecurityContext = &Security;
    Sp->Parameters.Create.Options = (Packet->CreateDisposition << 24) |
                                    (Packet->CreateOptions & FILE_VALID_OPTION_FLAGS);
    Sp->Parameters.Create.FileAttributes = (USHORT)Packet->FileAttributes;
    Sp->Parameters.Create.ShareAccess = (USHORT)Packet->ShareAccess;
    /* The initial allocation of a created or overwritten file rides in
     * Irp->Overlay.AllocationSize, as on Windows (the field is the user APC
     * routine of other IRPs: completion skips it for creates). */
    Irp->Overlay.AllocationSize = Packet->AllocationSize;
    IopQueueThreadIrp(Irp);

    Packet->IoStatus.Status = STATUS_SUCCESS;
    Status = IoCallDriver(Top, Irp);
    if (Status == STATUS_PENDING) {
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
        Status = Packet->IoStatus.Status;
    }
    Packet->Parsed = TRUE;
    if (!NT_SUCCESS(Status)) {
        /* The driver refused the open: no CLEANUP or CLOSE follows. */
        IopDropDeviceReference(Device, Image);
        ObfDereferenceObject(File);
        return Status;
    }
    /* MAXIMUM_ALLOWED: the rights the driver granted are the file object's
     * and go back in the packet for the handle.  One that left it
     * unresolved (a device) gets what the device allows, and its file
     * object's flags stay as the driver's IoSetShareAccess left them. */
    if (Access & MAXIMUM_ALLOWED) {
        ACCESS_MASK Resolved = Security.DesiredAccess;
        if (Resolved & MAXIMUM_ALLOWED) {
            Resolved = (Resolved & ~(ACCESS_MASK)MAXIMUM_ALLOWED) | FILE_ALL_ACCESS;
        } else {
            File->ReadAccess = (Resolved & (FILE_READ_DATA | FILE_EXECUTE)) != 0;
            File->WriteAccess = (Resolved & (FILE_WRITE_DATA | FILE_APPEND_DATA)) != 0;
            File->DeleteAccess = (Resolved & DELETE) != 0;
        }
        Packet->DesiredAccess = Resolved & Granted;
    }
    File->Flags |= FO_NTIO_OPENED | FO_HANDLE_CREATED;
    *Object = File;
    return Status;
}

VOID IopCloseFile(struct _EPROCESS *Process, PVOID Object, ACCESS_MASK GrantedAccess,
                  ULONG_PTR ProcessHandleCount, ULONG_PTR SystemHandleCount)
{
    PFILE_OBJECT File = Object;
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(GrantedAccess);
    UNREFERENCED_PARAMETER(ProcessHandleCount);
    if (SystemHandleCount != 1 || !(File->Flags & FO_NTIO_OPENED))
        return;
    /* The last handle: the driver gets CLEANUP (and should complete what it
     * still holds for this file object). */
    if (File->Flags & FO_SYNCHRONOUS_IO)
        IopAcquireFileObjectLock(File);
    IopSendFileIrp(File, IRP_MJ_CLEANUP);
    File->Flags |= FO_CLEANUP_COMPLETE;
    if (File->Flags & FO_SYNCHRONOUS_IO)
        IopReleaseFileObjectLock(File);
}

VOID IopDeleteFile(PVOID Object)
{
    PFILE_OBJECT File = Object;
    PDEVICE_OBJECT Device = File->DeviceObject;
    if (File->CompletionContext)
        IopUntrackBoundFile(File->CompletionContext); /* first: see io/iocomp.c */
    if (File->Flags & FO_NTIO_OPENED) {
        PVOID Image = IopImageOfDevice(Device); /* while our count keeps the driver */
        IopSendFileIrp(File, IRP_MJ_CLOSE);
        IopDropDeviceReference(Device, Image);
    }
    if (File->FileName.Buffer)
        ExpFreePool(File->FileName.Buffer, 0, FALSE, NULL);
    if (File->CompletionContext) {
        /* The completion port bound by FileCompletionInformation. */
        ObfDereferenceObject(File->CompletionContext->Port);
        ExpFreePool(File->CompletionContext, 0, FALSE, NULL);
    }
    if (Device)
        ObfDereferenceObject(Device);
}

/* Synchronous file objects serialise their I/O, one request at a time. */
VOID IopAcquireFileObjectLock(PFILE_OBJECT FileObject)
{
    for (;;) {
        ULONG Expected = 0;
        if (__atomic_compare_exchange_n(&FileObject->Busy, &Expected, 1, 0, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED))
            return;
        __atomic_add_fetch(&FileObject->Waiters, 1, __ATOMIC_RELAXED);
        if (__atomic_load_n(&FileObject->Busy, __ATOMIC_ACQUIRE))
            KeWaitForSingleObject(&FileObject->Lock, Executive, KernelMode, FALSE, NULL);
        __atomic_sub_fetch(&FileObject->Waiters, 1, __ATOMIC_RELAXED);
    }
}

VOID IopReleaseFileObjectLock(PFILE_OBJECT FileObject)
{
    __atomic_store_n(&FileObject->Busy, 0, __ATOMIC_RELEASE);
    if (__atomic_load_n(&FileObject->Waiters, __ATOMIC_ACQUIRE))
        KeSetEvent(&FileObject->Lock, 0, FALSE);
}
