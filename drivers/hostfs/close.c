/*
 * hostfs/close.c - IRP_MJ_CLEANUP (the last handle of a file object went:
 * its share access is released, and a file marked for deletion loses its
 * name when no handle is left) and IRP_MJ_CLOSE (the last reference: the
 * descriptor is closed and the FCB released).
 */
#include "hostfs.h"

#include <unistd.h>

NTSTATUS HostfsCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFILE_OBJECT File = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    PHOSTFS_FCB Fcb = File->FsContext;
    PHOSTFS_CCB Ccb = File->FsContext2;
    UNREFERENCED_PARAMETER(DeviceObject);
    if (Fcb && Ccb) {
        ExAcquireFastMutex(&HostfsLock);
        HostfsCleanupCcb(Fcb, Ccb);
        ExReleaseFastMutex(&HostfsLock);
    }
    return HostfsComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS HostfsClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFILE_OBJECT File = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    PHOSTFS_FCB Fcb = File->FsContext;
    PHOSTFS_CCB Ccb = File->FsContext2;
    UNREFERENCED_PARAMETER(DeviceObject);
    if (Ccb) {
        ExAcquireFastMutex(&HostfsLock);
        if (Fcb) {
            /* A file object that never had a handle gets no CLEANUP. */
            HostfsCleanupCcb(Fcb, Ccb);
            HostfsDereferenceFcb(Fcb);
        }
        ExReleaseFastMutex(&HostfsLock);
        if (Ccb->Fd >= 0)
            close(Ccb->Fd);
        ExFreePoolWithTag(Ccb, HOSTFS_TAG);
        File->FsContext = File->FsContext2 = NULL;
    }
    return HostfsComplete(Irp, STATUS_SUCCESS, 0);
}
