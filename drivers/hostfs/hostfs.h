/*
 * hostfs/hostfs.h - the host file system: a file system driver that ships
 * inside the kernel and serves Linux directories as volumes, the way Wine
 * maps drives.
 *
 *   \Device\HostVolumeC   C:  PREFIX/drive_c (\SystemRoot is C:\windows)
 *   \Device\HostVolumeZ   Z:  the Linux root
 *
 * It is a real FSD: IopParseDevice sends IRP_MJ_CREATE with the name left
 * after the volume in FileObject->FileName, and every later request comes
 * as an IRP.  Names are resolved case-insensitively, component by
 * component: the exact name first, else a scan of the directory compared
 * with the kernel's Unicode upcase (names are UTF-8 on disk); a file the
 * caller creates takes the case it was given.
 *
 * FsContext is the FCB (one per Linux file, found by device and inode, so
 * two opens of the same file share it: share access, delete pending);
 * FsContext2 is the CCB (one per file object: the Linux descriptor data is
 * read and written through with pread/pwrite).
 */
#ifndef NTIO_HOSTFS_H
#define NTIO_HOSTFS_H

#include <ntifs.h>
#include <sys/stat.h>
#include <sys/types.h>

#define HOSTFS_TAG ((ULONG)'H' | ((ULONG)'t' << 8) | ((ULONG)'F' << 16) | ((ULONG)'s' << 24))
#define HOSTFS_MAX_PATH 4096          /* bytes of a Linux path, with the NUL */
#define HOSTFS_MAX_COMPONENT 255      /* WCHARs of one name, as NTFS */

/* A volume: the extension of its device object. */
typedef struct _HOSTFS_VCB {
    WCHAR Letter;                     /* L'C', L'Z' */
    PDEVICE_OBJECT DeviceObject;
    /* The Linux directory of the root, without a trailing slash ("" for
     * the Linux root); set once, on first use (HostfsVolumeRoot). */
    char Root[HOSTFS_MAX_PATH];
    SIZE_T RootLength;
    volatile LONG RootState;          /* 0 none, 1 being set, 2 ready */
} HOSTFS_VCB, *PHOSTFS_VCB;

/* What IoCheckShareAccess keeps for a file. */
typedef struct _HOSTFS_SHARE_ACCESS {
    ULONG OpenCount, Readers, Writers, Deleters;
    ULONG SharedRead, SharedWrite, SharedDelete;
} HOSTFS_SHARE_ACCESS;

/* One open Linux file.  Every field but Dev/Ino/Vcb/Directory is guarded
 * by HostfsLock (the FCB table's fast mutex); AppendLock orders writes to
 * the end of the file and size changes against each other. */
typedef struct _HOSTFS_FCB {
    LIST_ENTRY Link;                  /* in its HostfsFcbTable bucket while InTable */
    PHOSTFS_VCB Vcb;
    dev_t Dev;
    ino_t Ino;
    BOOLEAN Directory;
    BOOLEAN InTable;
    BOOLEAN DeletePending;
    ULONG References;                 /* CCBs pointing here */
    ULONG CleanupCount;               /* of those, not yet cleaned up */
    HOSTFS_SHARE_ACCESS Share;
    char *Path;                       /* the Linux path (pool; updated by rename) */
    FAST_MUTEX AppendLock;
} HOSTFS_FCB, *PHOSTFS_FCB;

#define HOSTFS_CCB_VOLUME 0x0001          /* the volume itself was opened */
#define HOSTFS_CCB_DELETE_ON_CLOSE 0x0002
#define HOSTFS_CCB_SHARE_COUNTED 0x0004   /* took part in share access */
#define HOSTFS_CCB_CLEANED_UP 0x0008
#define HOSTFS_CCB_APPEND_ONLY 0x0010     /* FILE_APPEND_DATA without FILE_WRITE_DATA */

typedef struct _HOSTFS_CCB {
    int Fd;                           /* -1 for a volume open */
    ULONG Flags;                      /* HOSTFS_CCB_* */
    ACCESS_MASK Access;               /* what the open asked for (generic rights mapped) */
} HOSTFS_CCB, *PHOSTFS_CCB;

extern PDRIVER_OBJECT HostfsDriverObject;
extern FAST_MUTEX HostfsLock;

/* volume.c */
NTSTATUS HostfsDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);
const char *HostfsVolumeRoot(PHOSTFS_VCB Vcb);
/* The NT name (\??\X:\…) of an absolute Linux path; bytes with the NUL in
 * *Needed.  STATUS_BUFFER_TOO_SMALL when Chars cannot hold it. */
NTSTATUS HostfsHostPathToNtPath(const char *HostPath, PWCHAR Buffer, SIZE_T Chars, SIZE_T *Needed);

/* name.c: NT names to Linux paths. */
typedef struct _HOSTFS_NAME {
    char Path[HOSTFS_MAX_PATH];       /* the Linux path (the leaf in the caller's case if new) */
    SIZE_T ParentLength;              /* bytes of Path before the leaf's '/' */
    BOOLEAN Exists;
    BOOLEAN TrailingSeparator;        /* the NT name ended in '\' */
    BOOLEAN IsRoot;
    struct stat St;                   /* of an existing file (symbolic links followed) */
} HOSTFS_NAME, *PHOSTFS_NAME;
NTSTATUS HostfsValidateName(PCUNICODE_STRING Name);
NTSTATUS HostfsResolveName(PHOSTFS_VCB Vcb, PCUNICODE_STRING Name, PHOSTFS_NAME Out);
/* Find Leaf (UTF-16) in the Linux directory Dir, exactly or ignoring case;
 * the name found on disk goes to Found (UTF-8).  TRUE if there is one. */
BOOLEAN HostfsLookupComponent(const char *Dir, PCWCH Leaf, USHORT Chars, char *Found, SIZE_T Size);
NTSTATUS HostfsStatusFromErrno(int Error);
/* The name of Path relative to the volume root, in NT form ("\a\b"). */
NTSTATUS HostfsNtNameOfPath(PHOSTFS_VCB Vcb, const char *Path, PWCHAR Buffer, ULONG Chars, ULONG *Needed);

/* create.c, close.c */
NTSTATUS HostfsCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTSTATUS HostfsCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTSTATUS HostfsClose(PDEVICE_OBJECT DeviceObject, PIRP Irp);
/* With HostfsLock held: the FCB of (Dev, Ino), referenced, or a new one. */
PHOSTFS_FCB HostfsFindFcb(dev_t Dev, ino_t Ino);
PHOSTFS_FCB HostfsReferenceFcb(PHOSTFS_VCB Vcb, dev_t Dev, ino_t Ino, const char *Path, BOOLEAN Directory);
VOID HostfsDereferenceFcb(PHOSTFS_FCB Fcb);
/* Is a file below directory Path open (HostfsLock held)? */
BOOLEAN HostfsIsOpenBelow(const char *Path, PHOSTFS_FCB Except);
/* The cleanup half of CLEANUP and of a CLOSE that came without one (HostfsLock held). */
VOID HostfsCleanupCcb(PHOSTFS_FCB Fcb, PHOSTFS_CCB Ccb);

/* rw.c */
NTSTATUS HostfsRead(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTSTATUS HostfsWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTSTATUS HostfsFlush(PDEVICE_OBJECT DeviceObject, PIRP Irp);
/* Move bytes *Done..Length between Buffer and Fd at Offset (pread/pwrite,
 * short transfers continued); *Done grows by what moved.  A read stops at
 * the end of the file.  Status as HostfsTransferStatus, or the host's
 * error when nothing moved. */
NTSTATUS HostfsTransfer(int Fd, PUCHAR Buffer, ULONG Length, LONGLONG Offset, BOOLEAN Write,
                        ULONG *Done);

/* async.c: pend a read or write IRP (length > 0) and move its data
 * between Buffer and the file at Offset in the background (io_uring, or
 * system worker threads where io_uring is not permitted); the IRP
 * completes with the result.  Returns STATUS_PENDING. */
NTSTATUS HostfsStartAsync(PIRP Irp, PUCHAR Buffer, LONGLONG Offset);

/* The status of a transfer that stopped after Done of Length bytes with no
 * host error: a read that found nothing is at the end of the file, a
 * write that wrote nothing found no room. */
static __inline__ NTSTATUS HostfsTransferStatus(BOOLEAN Write, ULONG Done, ULONG Length)
{
    if (Done || !Length)
        return STATUS_SUCCESS;
    return Write ? STATUS_DISK_FULL : STATUS_END_OF_FILE;
}

/* info.c */
NTSTATUS HostfsQueryInformation(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTSTATUS HostfsSetInformation(PDEVICE_OBJECT DeviceObject, PIRP Irp);
/* Is the directory at Path empty? */
BOOLEAN HostfsDirectoryIsEmpty(const char *Path);

/* The Linux path of a hostfs file object (io/builtin.c). */
BOOLEAN HostfsIsHostFile(PFILE_OBJECT FileObject);
NTSTATUS HostfsQueryHostPath(PFILE_OBJECT FileObject, char *Buffer, SIZE_T Size);

static __inline__ NTSTATUS HostfsComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

#endif
