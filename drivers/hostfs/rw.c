/*
 * hostfs/rw.c - IRP_MJ_READ, IRP_MJ_WRITE and IRP_MJ_FLUSH_BUFFERS.
 *
 * The volumes use neither buffered nor direct I/O: the data moves with
 * pread/pwrite straight between the Linux file and the requester's buffer
 * (a bad user buffer is EFAULT from the host, never a fault in the
 * kernel).  As FastFat and NTFS do, the file system moves a synchronous
 * file object's position to the end of what it transferred.  On a file
 * object opened for asynchronous I/O, reads and writes at an offset are
 * pended and run by async.c; writes to the end of the file stay
 * synchronous, as extending writes do on NTFS.
 */
#include "hostfs.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static PVOID HostfsIrpBuffer(PIRP Irp)
{
    if (Irp->MdlAddress)
        return MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority);
    if ((Irp->Flags & IRP_BUFFERED_IO) && Irp->AssociatedIrp.SystemBuffer)
        return Irp->AssociatedIrp.SystemBuffer;
    return Irp->UserBuffer;
}

/* The offset a request names: FILE_USE_FILE_POINTER_POSITION is the
 * position of a synchronous file object. */
static BOOLEAN HostfsRequestOffset(PFILE_OBJECT File, LARGE_INTEGER Offset, LONGLONG *Out)
{
    if (Offset.HighPart == -1 && Offset.LowPart == FILE_USE_FILE_POINTER_POSITION) {
        if (!(File->Flags & FO_SYNCHRONOUS_IO))
            return FALSE;
        *Out = File->CurrentByteOffset.QuadPart;
        return TRUE;
    }
    *Out = Offset.QuadPart;
    return Offset.QuadPart >= 0;
}

NTSTATUS HostfsTransfer(int Fd, PUCHAR Buffer, ULONG Length, LONGLONG Offset, BOOLEAN Write,
                        ULONG *Done)
{
    while (*Done < Length) {
        ssize_t n = Write ? pwrite(Fd, Buffer + *Done, Length - *Done, (off_t)(Offset + *Done))
                          : pread(Fd, Buffer + *Done, Length - *Done, (off_t)(Offset + *Done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return *Done ? STATUS_SUCCESS : HostfsStatusFromErrno(errno);
        if (n == 0)
            break;
        *Done += (ULONG)n;
    }
    return HostfsTransferStatus(Write, *Done, Length);
}

NTSTATUS HostfsRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Sp = IoGetCurrentIrpStackLocation(Irp);
    PFILE_OBJECT File = Sp->FileObject;
    PHOSTFS_FCB Fcb = File->FsContext;
    PHOSTFS_CCB Ccb = File->FsContext2;
    ULONG Length = Sp->Parameters.Read.Length;
    LONGLONG Offset;
    UNREFERENCED_PARAMETER(DeviceObject);

    if (!Fcb || !Ccb || Fcb->Directory)
        return HostfsComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    if (!HostfsRequestOffset(File, Sp->Parameters.Read.ByteOffset, &Offset))
        return HostfsComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    if (Length == 0)
        return HostfsComplete(Irp, STATUS_SUCCESS, 0);
    PUCHAR Buffer = HostfsIrpBuffer(Irp);
    if (!Buffer)
        return HostfsComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    if (!(File->Flags & FO_SYNCHRONOUS_IO))
        return HostfsStartAsync(Irp, Buffer, Offset);

    ULONG Done = 0;
    NTSTATUS Status = HostfsTransfer(Ccb->Fd, Buffer, Length, Offset, FALSE, &Done);
    if (!NT_SUCCESS(Status))
        return HostfsComplete(Irp, Status, 0);
    File->CurrentByteOffset.QuadPart = Offset + Done;
    return HostfsComplete(Irp, STATUS_SUCCESS, Done);
}

NTSTATUS HostfsWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Sp = IoGetCurrentIrpStackLocation(Irp);
    PFILE_OBJECT File = Sp->FileObject;
    PHOSTFS_FCB Fcb = File->FsContext;
    PHOSTFS_CCB Ccb = File->FsContext2;
    ULONG Length = Sp->Parameters.Write.Length;
    LARGE_INTEGER Requested = Sp->Parameters.Write.ByteOffset;
    LONGLONG Offset = 0;
    UNREFERENCED_PARAMETER(DeviceObject);

    if (!Fcb || !Ccb || Fcb->Directory)
        return HostfsComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    BOOLEAN ToEnd = (Requested.HighPart == -1 && Requested.LowPart == FILE_WRITE_TO_END_OF_FILE) ||
                    (Ccb->Flags & HOSTFS_CCB_APPEND_ONLY);
    if (!ToEnd && !HostfsRequestOffset(File, Requested, &Offset))
        return HostfsComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    PUCHAR Buffer = Length ? HostfsIrpBuffer(Irp) : NULL;
    if (Length && !Buffer)
        return HostfsComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    if (!ToEnd && Length && !(File->Flags & FO_SYNCHRONOUS_IO))
        return HostfsStartAsync(Irp, Buffer, Offset);

    NTSTATUS Status = STATUS_SUCCESS;
    ULONG Done = 0;
    /* A write to the end must find the end and write there in one step
     * against other appends and size changes of the file. */
    if (ToEnd) {
        ExAcquireFastMutex(&Fcb->AppendLock);
        struct stat St;
        if (fstat(Ccb->Fd, &St) != 0)
            Status = HostfsStatusFromErrno(errno);
        else
            Offset = St.st_size;
    }
    if (NT_SUCCESS(Status))
        Status = HostfsTransfer(Ccb->Fd, Buffer, Length, Offset, TRUE, &Done);
    if (ToEnd)
        ExReleaseFastMutex(&Fcb->AppendLock);
    if (!NT_SUCCESS(Status))
        return HostfsComplete(Irp, Status, 0);
    if (File->Flags & FO_SYNCHRONOUS_IO)
        File->CurrentByteOffset.QuadPart = Offset + Done;
    return HostfsComplete(Irp, STATUS_SUCCESS, Done);
}

NTSTATUS HostfsFlush(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFILE_OBJECT File = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    PHOSTFS_CCB Ccb = File->FsContext2;
    NTSTATUS Status = STATUS_SUCCESS;
    if (!Ccb)
        return HostfsComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    if (Ccb->Flags & HOSTFS_CCB_VOLUME) {
        /* Flushing a volume: everything on the Linux file system behind it. */
        const char *Root = HostfsVolumeRoot(DeviceObject->DeviceExtension);
        int Fd = open(*Root ? Root : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (Fd < 0 || syncfs(Fd) != 0)
            Status = HostfsStatusFromErrno(errno);
        if (Fd >= 0)
            close(Fd);
    } else if (fsync(Ccb->Fd) != 0) {
        Status = HostfsStatusFromErrno(errno);
    }
    return HostfsComplete(Irp, Status, 0);
}
