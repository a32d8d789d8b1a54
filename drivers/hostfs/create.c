/*
 * hostfs/create.c - IRP_MJ_CREATE: the six dispositions, directory and
 * non-directory opens, share access between opens of one file, delete on
 * close, and the FCB table that makes two opens of a file meet.
 *
 * Locking: HostfsLock (a fast mutex) is held across the whole create, so
 * that looking a name up, checking share access and creating the file are
 * one step against other creates, cleanups and renames.
 */
#include "hostfs.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define HOSTFS_FCB_BUCKETS 64
static LIST_ENTRY HostfsFcbTable[HOSTFS_FCB_BUCKETS]; /* guarded by HostfsLock */
static BOOLEAN HostfsFcbTableReady;

static PLIST_ENTRY HostfsBucket(dev_t Dev, ino_t Ino)
{
    if (!HostfsFcbTableReady) {
        for (int i = 0; i < HOSTFS_FCB_BUCKETS; i++)
            InitializeListHead(&HostfsFcbTable[i]);
        HostfsFcbTableReady = TRUE;
    }
    return &HostfsFcbTable[(Ino ^ (Ino >> 17) ^ Dev) % HOSTFS_FCB_BUCKETS];
}

PHOSTFS_FCB HostfsFindFcb(dev_t Dev, ino_t Ino)
{
    PLIST_ENTRY Head = HostfsBucket(Dev, Ino);
    for (PLIST_ENTRY E = Head->Flink; E != Head; E = E->Flink) {
        PHOSTFS_FCB Fcb = CONTAINING_RECORD(E, HOSTFS_FCB, Link);
        if (Fcb->Dev == Dev && Fcb->Ino == Ino)
            return Fcb;
    }
    return NULL;
}

static char *HostfsCopyPath(const char *Path)
{
    SIZE_T n = strlen(Path) + 1;
    char *Copy = ExAllocatePoolWithTag(PagedPool, n, HOSTFS_TAG);
    if (Copy)
        memcpy(Copy, Path, n);
    return Copy;
}

PHOSTFS_FCB HostfsReferenceFcb(PHOSTFS_VCB Vcb, dev_t Dev, ino_t Ino, const char *Path, BOOLEAN Directory)
{
    PHOSTFS_FCB Fcb = HostfsFindFcb(Dev, Ino);
    if (Fcb) {
        Fcb->References++;
        return Fcb;
    }
    Fcb = ExAllocatePoolWithTag(NonPagedPool, sizeof *Fcb, HOSTFS_TAG);
    if (!Fcb)
        return NULL;
    RtlZeroMemory(Fcb, sizeof *Fcb);
    Fcb->Path = HostfsCopyPath(Path);
    if (!Fcb->Path) {
        ExFreePoolWithTag(Fcb, HOSTFS_TAG);
        return NULL;
    }
    Fcb->Vcb = Vcb;
    Fcb->Dev = Dev;
    Fcb->Ino = Ino;
    Fcb->Directory = Directory;
    Fcb->References = 1;
    ExInitializeFastMutex(&Fcb->AppendLock);
    InsertTailList(HostfsBucket(Dev, Ino), &Fcb->Link);
    Fcb->InTable = TRUE;
    return Fcb;
}

VOID HostfsDereferenceFcb(PHOSTFS_FCB Fcb)
{
    if (--Fcb->References)
        return;
    if (Fcb->InTable)
        RemoveEntryList(&Fcb->Link);
    ExFreePoolWithTag(Fcb->Path, HOSTFS_TAG);
    ExFreePoolWithTag(Fcb, HOSTFS_TAG);
}

BOOLEAN HostfsIsOpenBelow(const char *Path, PHOSTFS_FCB Except)
{
    SIZE_T n = strlen(Path);
    if (!HostfsFcbTableReady)
        return FALSE;
    for (int i = 0; i < HOSTFS_FCB_BUCKETS; i++)
        for (PLIST_ENTRY E = HostfsFcbTable[i].Flink; E != &HostfsFcbTable[i]; E = E->Flink) {
            PHOSTFS_FCB Fcb = CONTAINING_RECORD(E, HOSTFS_FCB, Link);
            if (Fcb != Except && strncmp(Fcb->Path, Path, n) == 0 && Fcb->Path[n] == '/')
                return TRUE;
        }
    return FALSE;
}

/* IoCheckShareAccess: an open that reads, writes or deletes must be allowed
 * by every earlier open's sharing, and must itself share what they use. */
static BOOLEAN HostfsShareConflicts(ACCESS_MASK Access, ULONG Share, const HOSTFS_SHARE_ACCESS *S)
{
    BOOLEAN Read = (Access & (FILE_EXECUTE | FILE_READ_DATA)) != 0;
    BOOLEAN Write = (Access & (FILE_WRITE_DATA | FILE_APPEND_DATA)) != 0;
    BOOLEAN Delete = (Access & DELETE) != 0;
    if (!Read && !Write && !Delete)
        return FALSE;
    return (Read && S->SharedRead < S->OpenCount) || (Write && S->SharedWrite < S->OpenCount) ||
           (Delete && S->SharedDelete < S->OpenCount) ||
           (S->Readers && !(Share & FILE_SHARE_READ)) ||
           (S->Writers && !(Share & FILE_SHARE_WRITE)) ||
           (S->Deleters && !(Share & FILE_SHARE_DELETE));
}

/* IoSetShareAccess / IoRemoveShareAccess; TRUE if the open counts. */
static BOOLEAN HostfsUpdateShare(ACCESS_MASK Access, ULONG Share, HOSTFS_SHARE_ACCESS *S, LONG Delta)
{
    BOOLEAN Read = (Access & (FILE_EXECUTE | FILE_READ_DATA)) != 0;
    BOOLEAN Write = (Access & (FILE_WRITE_DATA | FILE_APPEND_DATA)) != 0;
    BOOLEAN Delete = (Access & DELETE) != 0;
    if (!Read && !Write && !Delete)
        return FALSE;
    S->OpenCount += Delta;
    S->Readers += Read ? Delta : 0;
    S->Writers += Write ? Delta : 0;
    S->Deleters += Delete ? Delta : 0;
    S->SharedRead += (Share & FILE_SHARE_READ) ? Delta : 0;
    S->SharedWrite += (Share & FILE_SHARE_WRITE) ? Delta : 0;
    S->SharedDelete += (Share & FILE_SHARE_DELETE) ? Delta : 0;
    return TRUE;
}

VOID HostfsCleanupCcb(PHOSTFS_FCB Fcb, PHOSTFS_CCB Ccb)
{
    if (Ccb->Flags & HOSTFS_CCB_CLEANED_UP)
        return;
    Ccb->Flags |= HOSTFS_CCB_CLEANED_UP;
    if (Ccb->Flags & HOSTFS_CCB_SHARE_COUNTED)
        HostfsUpdateShare(Ccb->Access, Ccb->Flags >> 16, &Fcb->Share, -1);
    if (Ccb->Flags & HOSTFS_CCB_DELETE_ON_CLOSE)
        Fcb->DeletePending = TRUE;
    if (--Fcb->CleanupCount == 0 && Fcb->DeletePending && Fcb->InTable) {
        /* The last handle of a file marked for deletion: the name goes now,
         * the data with the last descriptor. */
        int Result = Fcb->Directory ? rmdir(Fcb->Path) : unlink(Fcb->Path);
        if (Result == 0 || errno == ENOENT) {
            RemoveEntryList(&Fcb->Link);
            Fcb->InTable = FALSE;
        }
        Fcb->DeletePending = FALSE;
    }
}

/* The Linux open flags for an existing file opened for Access (concrete
 * rights: MAXIMUM_ALLOWED is resolved before). */
static int HostfsOpenExisting(const char *Path, BOOLEAN Directory, ACCESS_MASK Access, BOOLEAN Truncate)
{
    int Flags = O_CLOEXEC;
    if (Directory) {
        int Fd = open(Path, Flags | O_RDONLY | O_DIRECTORY);
        if (Fd < 0 && errno == EACCES && !(Access & FILE_LIST_DIRECTORY))
            Fd = open(Path, Flags | O_PATH | O_DIRECTORY);
        return Fd;
    }
    BOOLEAN Read = (Access & (FILE_READ_DATA | FILE_EXECUTE)) != 0;
    BOOLEAN Write = Truncate || (Access & (FILE_WRITE_DATA | FILE_APPEND_DATA));
    if (Truncate)
        Flags |= O_TRUNC;
    if (Read && Write)
        return open(Path, Flags | O_RDWR);
    if (Write)
        return open(Path, Flags | O_WRONLY);
    if (Read)
        return open(Path, Flags | O_RDONLY);
    return open(Path, Flags | O_PATH); /* attributes or delete only */
}

/* Can the file at Path be deleted: its directory must be writable. */
static BOOLEAN HostfsParentWritable(PHOSTFS_NAME Name)
{
    if (Name->IsRoot)
        return FALSE;
    char Saved = Name->Path[Name->ParentLength];
    BOOLEAN Ok;
    if (Name->ParentLength == 0) {
        Ok = access("/", W_OK | X_OK) == 0;
    } else {
        Name->Path[Name->ParentLength] = 0;
        Ok = access(Name->Path, W_OK | X_OK) == 0;
        Name->Path[Name->ParentLength] = Saved;
    }
    return Ok;
}

/* MAXIMUM_ALLOWED on an existing file: every right the file system would
 * grant, as FastFAT's and NTFS's access checks resolve it.  A read-only file
 * (or one the host will not let this process write) gives no write or
 * append rights, a file the process cannot read no read rights, and a file
 * whose directory is not writable no DELETE. */
static ACCESS_MASK HostfsMaximumAccess(PHOSTFS_NAME Name, BOOLEAN Directory, BOOLEAN ReadOnly)
{
    ACCESS_MASK Granted = FILE_ALL_ACCESS;
    if (ReadOnly || access(Name->Path, W_OK) != 0)
        Granted &= ~(ACCESS_MASK)(FILE_WRITE_DATA | FILE_APPEND_DATA | (Directory ? FILE_DELETE_CHILD : 0));
    if (access(Name->Path, R_OK) != 0)
        Granted &= ~(ACCESS_MASK)(FILE_READ_DATA | (Directory ? 0 : FILE_EXECUTE));
    if (!HostfsParentWritable(Name))
        Granted &= ~(ACCESS_MASK)DELETE;
    return Granted;
}

/* The initial allocation of a file the create made or overwrote
 * (Irp->Overlay.AllocationSize), as FileAllocationInformation would set
 * it: reserved space, the data size unchanged. */
static NTSTATUS HostfsReserve(int Fd, LONGLONG Size)
{
    if (Size <= 0)
        return STATUS_SUCCESS;
    if (fallocate(Fd, FALLOC_FL_KEEP_SIZE, 0, Size) != 0 && errno != EOPNOTSUPP && errno != ENOSYS)
        return HostfsStatusFromErrno(errno);
    return STATUS_SUCCESS;
}

static NTSTATUS HostfsCreateLocked(PHOSTFS_VCB Vcb, PIRP Irp, PIO_STACK_LOCATION Sp, PHOSTFS_NAME Name,
                                   ULONG_PTR *Information)
{
    PFILE_OBJECT File = Sp->FileObject;
    ULONG Disposition = (Sp->Parameters.Create.Options >> 24) & 0xFF;
    ULONG Options = Sp->Parameters.Create.Options & FILE_VALID_OPTION_FLAGS;
    ACCESS_MASK Access = Sp->Parameters.Create.SecurityContext->DesiredAccess;
    ULONG Share = Sp->Parameters.Create.ShareAccess;
    ULONG Attributes = Sp->Parameters.Create.FileAttributes;
    BOOLEAN Overwrite = Disposition == FILE_SUPERSEDE || Disposition == FILE_OVERWRITE ||
                        Disposition == FILE_OVERWRITE_IF;
    BOOLEAN Created = FALSE, Directory;
    PHOSTFS_FCB Fcb = NULL;
    struct stat St;
    int Fd;

    NTSTATUS Status = HostfsResolveName(Vcb, &File->FileName, Name);
    if (!NT_SUCCESS(Status))
        return Status;

    if (Name->Exists) {
        Directory = S_ISDIR(Name->St.st_mode) != 0;
        if (Disposition == FILE_CREATE) {
            *Information = FILE_EXISTS;
            return STATUS_OBJECT_NAME_COLLISION;
        }
        if (Directory && (Options & FILE_NON_DIRECTORY_FILE))
            return STATUS_FILE_IS_A_DIRECTORY;
        if (!Directory && (Options & FILE_DIRECTORY_FILE))
            return STATUS_NOT_A_DIRECTORY;
        if (!Directory && Name->TrailingSeparator)
            return STATUS_OBJECT_NAME_INVALID;
        if (Directory && Overwrite)
            return STATUS_FILE_IS_A_DIRECTORY;
        if (!Directory && !S_ISREG(Name->St.st_mode))
            return STATUS_ACCESS_DENIED; /* a Linux device, FIFO or socket is no file here */
        Fcb = HostfsFindFcb(Name->St.st_dev, Name->St.st_ino);
        if (Fcb && Fcb->DeletePending)
            return STATUS_DELETE_PENDING;
        /* A file without write permission is FILE_ATTRIBUTE_READONLY: no
         * writing and no deleting, whoever asks (root included).  Access
         * is judged before sharing, as on NTFS. */
        BOOLEAN ReadOnly = !Directory && !(Name->St.st_mode & 0222);
        if (ReadOnly && (Overwrite || (Access & (FILE_WRITE_DATA | FILE_APPEND_DATA))))
            return STATUS_ACCESS_DENIED;
        if ((Options & FILE_DELETE_ON_CLOSE) && (ReadOnly || Name->IsRoot))
            return STATUS_CANNOT_DELETE;
        if ((Access & DELETE) && !HostfsParentWritable(Name))
            return STATUS_ACCESS_DENIED;
        /* MAXIMUM_ALLOWED becomes the rights granted, told back to the I/O
         * manager (the handle's access) and judged by the share check. */
        if (Access & MAXIMUM_ALLOWED) {
            Access = (Access & ~(ACCESS_MASK)MAXIMUM_ALLOWED) | HostfsMaximumAccess(Name, Directory, ReadOnly);
            Sp->Parameters.Create.SecurityContext->DesiredAccess = Access;
            if ((Options & FILE_DELETE_ON_CLOSE) && !(Access & DELETE))
                return STATUS_ACCESS_DENIED;
        }
        /* Overwriting writes, whatever access the open asked for. */
        if (Fcb && HostfsShareConflicts(Access | (Overwrite ? FILE_WRITE_DATA : 0), Share, &Fcb->Share))
            return STATUS_SHARING_VIOLATION;
        Fd = HostfsOpenExisting(Name->Path, Directory, Access, Overwrite);
        if (Fd < 0)
            return HostfsStatusFromErrno(errno);
        *Information = Disposition == FILE_SUPERSEDE ? FILE_SUPERSEDED
                       : Overwrite                   ? FILE_OVERWRITTEN
                                                     : FILE_OPENED;
    } else {
        if (Disposition == FILE_OPEN || Disposition == FILE_OVERWRITE) {
            *Information = FILE_DOES_NOT_EXIST;
            return STATUS_OBJECT_NAME_NOT_FOUND;
        }
        Directory = (Options & FILE_DIRECTORY_FILE) != 0;
        if (Name->TrailingSeparator && !Directory)
            return STATUS_OBJECT_NAME_INVALID;
        if ((Options & FILE_DELETE_ON_CLOSE) && (Attributes & FILE_ATTRIBUTE_READONLY))
            return STATUS_CANNOT_DELETE;
        /* The creator of a file may do anything with it. */
        if (Access & MAXIMUM_ALLOWED) {
            Access = (Access & ~(ACCESS_MASK)MAXIMUM_ALLOWED) | FILE_ALL_ACCESS;
            Sp->Parameters.Create.SecurityContext->DesiredAccess = Access;
        }
        if (Directory) {
            if (mkdir(Name->Path, 0777) != 0)
                return HostfsStatusFromErrno(errno);
            Fd = open(Name->Path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (Fd < 0) {
                Status = HostfsStatusFromErrno(errno);
                rmdir(Name->Path);
                return Status;
            }
        } else {
            mode_t Mode = (Attributes & FILE_ATTRIBUTE_READONLY) ? 0444 : 0666;
            Fd = open(Name->Path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, Mode);
            if (Fd < 0)
                return HostfsStatusFromErrno(errno);
        }
        Created = TRUE;
        *Information = FILE_CREATED;
    }

    /* The allocation asked for a new or overwritten file is part of the
     * create: if it cannot be had the create fails and a new file goes. */
    if (!Directory && (Created || Overwrite)) {
        Status = HostfsReserve(Fd, Irp->Overlay.AllocationSize.QuadPart);
        if (!NT_SUCCESS(Status)) {
            close(Fd);
            if (Created)
                unlink(Name->Path);
            return Status;
        }
    }

    PHOSTFS_CCB Ccb = NULL;
    Status = STATUS_INSUFFICIENT_RESOURCES;
    if (fstat(Fd, &St) != 0)
        Status = HostfsStatusFromErrno(errno); /* errno is only meaningful here */
    else if ((Ccb = ExAllocatePoolWithTag(NonPagedPool, sizeof *Ccb, HOSTFS_TAG)) != NULL)
        Fcb = HostfsReferenceFcb(Vcb, St.st_dev, St.st_ino, Name->Path, Directory);
    if (!Ccb || !Fcb) {
        if (Ccb)
            ExFreePoolWithTag(Ccb, HOSTFS_TAG);
        close(Fd);
        if (Created)
            Directory ? rmdir(Name->Path) : unlink(Name->Path);
        return Status;
    }
    Ccb->Fd = Fd;
    Ccb->Access = Access;
    /* The share mode rides in the high half of Flags, for cleanup. */
    Ccb->Flags = (Share & FILE_SHARE_VALID_FLAGS) << 16;
    if (HostfsUpdateShare(Access, Share, &Fcb->Share, 1))
        Ccb->Flags |= HOSTFS_CCB_SHARE_COUNTED;
    if (Options & FILE_DELETE_ON_CLOSE)
        Ccb->Flags |= HOSTFS_CCB_DELETE_ON_CLOSE;
    if ((Access & FILE_APPEND_DATA) && !(Access & FILE_WRITE_DATA))
        Ccb->Flags |= HOSTFS_CCB_APPEND_ONLY;
    Fcb->CleanupCount++;
    File->FsContext = Fcb;
    File->FsContext2 = Ccb;
    File->CurrentByteOffset.QuadPart = 0;
    return STATUS_SUCCESS;
}

NTSTATUS HostfsCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Sp = IoGetCurrentIrpStackLocation(Irp);
    PHOSTFS_VCB Vcb = DeviceObject->DeviceExtension;
    PFILE_OBJECT File = Sp->FileObject;
    ULONG Disposition = (Sp->Parameters.Create.Options >> 24) & 0xFF;
    ULONG Options = Sp->Parameters.Create.Options & FILE_VALID_OPTION_FLAGS;
    ULONG_PTR Information = 0;
    NTSTATUS Status;

    if (File->RelatedFileObject)
        return HostfsComplete(Irp, STATUS_INVALID_PARAMETER, 0); /* ntio never sends relative opens */
    if (Disposition > FILE_MAXIMUM_DISPOSITION ||
        ((Options & FILE_DIRECTORY_FILE) && Disposition != FILE_CREATE && Disposition != FILE_OPEN &&
         Disposition != FILE_OPEN_IF))
        return HostfsComplete(Irp, STATUS_INVALID_PARAMETER, 0);

    if (File->FileName.Length == 0) {
        /* The volume itself (\??\C:). */
        PHOSTFS_CCB Ccb = ExAllocatePoolWithTag(NonPagedPool, sizeof *Ccb, HOSTFS_TAG);
        if (!Ccb)
            return HostfsComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
        Ccb->Fd = -1;
        Ccb->Flags = HOSTFS_CCB_VOLUME | HOSTFS_CCB_CLEANED_UP;
        ACCESS_MASK Access = Sp->Parameters.Create.SecurityContext->DesiredAccess;
        if (Access & MAXIMUM_ALLOWED) {
            Access = (Access & ~(ACCESS_MASK)MAXIMUM_ALLOWED) | FILE_ALL_ACCESS;
            Sp->Parameters.Create.SecurityContext->DesiredAccess = Access;
        }
        Ccb->Access = Access;
        File->FsContext = NULL;
        File->FsContext2 = Ccb;
        return HostfsComplete(Irp, STATUS_SUCCESS, FILE_OPENED);
    }

    PHOSTFS_NAME Name = ExAllocatePoolWithTag(PagedPool, sizeof *Name, HOSTFS_TAG);
    if (!Name)
        return HostfsComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    ExAcquireFastMutex(&HostfsLock);
    Status = HostfsCreateLocked(Vcb, Irp, Sp, Name, &Information);
    ExReleaseFastMutex(&HostfsLock);
    ExFreePoolWithTag(Name, HOSTFS_TAG);
    return HostfsComplete(Irp, Status, Information);
}
