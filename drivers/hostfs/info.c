/*
 * hostfs/info.c - IRP_MJ_QUERY_INFORMATION and IRP_MJ_SET_INFORMATION.
 *
 * Linux metadata in NT form: times in 100 ns units since 1601 (creation
 * time from statx's birth time when the file system keeps one), a file
 * without write permission is FILE_ATTRIBUTE_READONLY, a name starting
 * with '.' is FILE_ATTRIBUTE_HIDDEN (as Wine shows them).
 */
#include "hostfs.h"
#include "rtl/nls.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define HOSTFS_EPOCH_DIFFERENCE 11644473600LL /* seconds from 1601 to 1970 */

static LONGLONG HostfsNtTime(const struct timespec *T)
{
    return (T->tv_sec + HOSTFS_EPOCH_DIFFERENCE) * 10000000LL + T->tv_nsec / 100;
}

static struct timespec HostfsUnixTime(LONGLONG NtTime)
{
    struct timespec T;
    LONGLONG Units = NtTime - HOSTFS_EPOCH_DIFFERENCE * 10000000LL;
    T.tv_sec = Units / 10000000LL;
    T.tv_nsec = (Units % 10000000LL) * 100;
    if (T.tv_nsec < 0) {
        T.tv_sec--;
        T.tv_nsec += 1000000000L;
    }
    return T;
}

typedef struct _HOSTFS_STAT {
    struct stat St;
    LONGLONG CreationTime;
} HOSTFS_STAT;

static NTSTATUS HostfsStat(PHOSTFS_CCB Ccb, HOSTFS_STAT *S)
{
    if (fstat(Ccb->Fd, &S->St) != 0)
        return HostfsStatusFromErrno(errno);
    struct statx X;
    struct timespec Birth;
    if (statx(Ccb->Fd, "", AT_EMPTY_PATH, STATX_BTIME, &X) == 0 && (X.stx_mask & STATX_BTIME)) {
        Birth.tv_sec = X.stx_btime.tv_sec;
        Birth.tv_nsec = X.stx_btime.tv_nsec;
    } else {
        /* No birth time: the older of the last change and the last write. */
        Birth = S->St.st_ctim.tv_sec < S->St.st_mtim.tv_sec ? S->St.st_ctim : S->St.st_mtim;
    }
    S->CreationTime = HostfsNtTime(&Birth);
    return STATUS_SUCCESS;
}

static ULONG HostfsAttributes(PHOSTFS_FCB Fcb, const struct stat *St)
{
    ULONG A = 0;
    if (S_ISDIR(St->st_mode))
        A |= FILE_ATTRIBUTE_DIRECTORY;
    else
        A |= FILE_ATTRIBUTE_ARCHIVE;
    if (!S_ISDIR(St->st_mode) && !(St->st_mode & 0222))
        A |= FILE_ATTRIBUTE_READONLY;
    const char *Leaf = strrchr(Fcb->Path, '/');
    if (Leaf && Leaf[1] == '.' && Leaf[2] && !(Leaf[2] == '.' && !Leaf[3]))
        A |= FILE_ATTRIBUTE_HIDDEN;
    return A ? A : FILE_ATTRIBUTE_NORMAL;
}

static VOID HostfsFillBasic(PHOSTFS_FCB Fcb, const HOSTFS_STAT *S, PFILE_BASIC_INFORMATION B)
{
    B->CreationTime.QuadPart = S->CreationTime;
    B->LastAccessTime.QuadPart = HostfsNtTime(&S->St.st_atim);
    B->LastWriteTime.QuadPart = HostfsNtTime(&S->St.st_mtim);
    B->ChangeTime.QuadPart = HostfsNtTime(&S->St.st_ctim);
    B->FileAttributes = HostfsAttributes(Fcb, &S->St);
}

/* Allocation is whole clusters (4K) and never less than the data. */
static LONGLONG HostfsAllocationSize(const struct stat *St)
{
    if (S_ISDIR(St->st_mode))
        return 0;
    LONGLONG Blocks = (LONGLONG)St->st_blocks * 512;
    LONGLONG Rounded = ((LONGLONG)St->st_size + 4095) & ~4095LL;
    return Blocks > Rounded ? Blocks : Rounded;
}

static VOID HostfsFillStandard(PHOSTFS_FCB Fcb, const HOSTFS_STAT *S, PFILE_STANDARD_INFORMATION I)
{
    BOOLEAN Dir = S_ISDIR(S->St.st_mode) != 0;
    I->AllocationSize.QuadPart = HostfsAllocationSize(&S->St);
    I->EndOfFile.QuadPart = Dir ? 0 : (LONGLONG)S->St.st_size;
    I->NumberOfLinks = Dir ? 1 : (ULONG)S->St.st_nlink;
    I->DeletePending = Fcb->DeletePending;
    I->Directory = Dir;
}

/* FILE_NAME_INFORMATION at Info with Room bytes: the name from the volume
 * root, as much as fits; the bytes used in *Used. */
static NTSTATUS HostfsFillName(PHOSTFS_FCB Fcb, PFILE_NAME_INFORMATION Info, ULONG Room, ULONG *Used)
{
    ULONG Needed;
    *Used = 0;
    if (Room < FIELD_OFFSET(FILE_NAME_INFORMATION, FileName))
        return STATUS_INFO_LENGTH_MISMATCH; /* not even the length fits */
    ULONG Chars = (Room - FIELD_OFFSET(FILE_NAME_INFORMATION, FileName)) / sizeof(WCHAR);
    WCHAR *Name = ExAllocatePoolWithTag(PagedPool, HOSTFS_MAX_PATH * sizeof(WCHAR), HOSTFS_TAG);
    if (!Name)
        return STATUS_INSUFFICIENT_RESOURCES;
    ExAcquireFastMutex(&HostfsLock);
    NTSTATUS Status = HostfsNtNameOfPath(Fcb->Vcb, Fcb->Path, Name, HOSTFS_MAX_PATH, &Needed);
    ExReleaseFastMutex(&HostfsLock);
    if (Needed > HOSTFS_MAX_PATH)
        Needed = HOSTFS_MAX_PATH;
    ULONG Copy = Needed < Chars ? Needed : Chars;
    Info->FileNameLength = Needed * sizeof(WCHAR);
    memcpy(Info->FileName, Name, Copy * sizeof(WCHAR));
    ExFreePoolWithTag(Name, HOSTFS_TAG);
    *Used = FIELD_OFFSET(FILE_NAME_INFORMATION, FileName) + Copy * sizeof(WCHAR);
    if (!NT_SUCCESS(Status) && Status != STATUS_BUFFER_OVERFLOW)
        return Status;
    return Copy < Needed ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

NTSTATUS HostfsQueryInformation(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Sp = IoGetCurrentIrpStackLocation(Irp);
    PFILE_OBJECT File = Sp->FileObject;
    PHOSTFS_FCB Fcb = File->FsContext;
    PHOSTFS_CCB Ccb = File->FsContext2;
    ULONG Length = Sp->Parameters.QueryFile.Length;
    PVOID Buffer = Irp->AssociatedIrp.SystemBuffer;
    HOSTFS_STAT S;
    ULONG Used = 0;
    NTSTATUS Status;
    UNREFERENCED_PARAMETER(DeviceObject);

    if (!Fcb || !Ccb)
        return HostfsComplete(Irp, STATUS_INVALID_PARAMETER, 0); /* a volume open */
    Status = HostfsStat(Ccb, &S);
    if (!NT_SUCCESS(Status))
        return HostfsComplete(Irp, Status, 0);

#define NEED(Type)                                                                  \
    do {                                                                            \
        if (Length < sizeof(Type))                                                  \
            return HostfsComplete(Irp, STATUS_INFO_LENGTH_MISMATCH, 0);             \
        Used = sizeof(Type);                                                        \
    } while (0)

    switch (Sp->Parameters.QueryFile.FileInformationClass) {
    case FileBasicInformation:
        NEED(FILE_BASIC_INFORMATION);
        HostfsFillBasic(Fcb, &S, Buffer);
        break;
    case FileStandardInformation:
        NEED(FILE_STANDARD_INFORMATION);
        HostfsFillStandard(Fcb, &S, Buffer);
        break;
    case FileInternalInformation:
        NEED(FILE_INTERNAL_INFORMATION);
        ((PFILE_INTERNAL_INFORMATION)Buffer)->IndexNumber.QuadPart = (LONGLONG)S.St.st_ino;
        break;
    case FileEaInformation:
        NEED(FILE_EA_INFORMATION);
        ((PFILE_EA_INFORMATION)Buffer)->EaSize = 0;
        break;
    case FilePositionInformation:
        NEED(FILE_POSITION_INFORMATION);
        ((PFILE_POSITION_INFORMATION)Buffer)->CurrentByteOffset = File->CurrentByteOffset;
        break;
    case FileNetworkOpenInformation: {
        NEED(FILE_NETWORK_OPEN_INFORMATION);
        PFILE_NETWORK_OPEN_INFORMATION N = Buffer;
        FILE_BASIC_INFORMATION B;
        FILE_STANDARD_INFORMATION I;
        HostfsFillBasic(Fcb, &S, &B);
        HostfsFillStandard(Fcb, &S, &I);
        N->CreationTime = B.CreationTime;
        N->LastAccessTime = B.LastAccessTime;
        N->LastWriteTime = B.LastWriteTime;
        N->ChangeTime = B.ChangeTime;
        N->AllocationSize = I.AllocationSize;
        N->EndOfFile = I.EndOfFile;
        N->FileAttributes = B.FileAttributes;
        break;
    }
    case FileAttributeTagInformation: {
        NEED(FILE_ATTRIBUTE_TAG_INFORMATION);
        PFILE_ATTRIBUTE_TAG_INFORMATION T = Buffer;
        T->FileAttributes = HostfsAttributes(Fcb, &S.St);
        T->ReparseTag = 0;
        break;
    }
    case FileNameInformation:
        NEED(FILE_NAME_INFORMATION);
        Status = HostfsFillName(Fcb, Buffer, Length, &Used);
        break;
    case FileAllInformation: {
        NEED(FILE_ALL_INFORMATION);
        PFILE_ALL_INFORMATION A = Buffer;
        HostfsFillBasic(Fcb, &S, &A->BasicInformation);
        HostfsFillStandard(Fcb, &S, &A->StandardInformation);
        A->InternalInformation.IndexNumber.QuadPart = (LONGLONG)S.St.st_ino;
        A->EaInformation.EaSize = 0;
        A->AccessInformation.AccessFlags = Ccb->Access; /* the I/O manager puts the handle's in */
        A->PositionInformation.CurrentByteOffset = File->CurrentByteOffset;
        A->ModeInformation.Mode = 0;
        A->AlignmentInformation.AlignmentRequirement = FILE_BYTE_ALIGNMENT;
        ULONG NameUsed;
        Status = HostfsFillName(Fcb, &A->NameInformation,
                                Length - FIELD_OFFSET(FILE_ALL_INFORMATION, NameInformation), &NameUsed);
        Used = FIELD_OFFSET(FILE_ALL_INFORMATION, NameInformation) + NameUsed;
        break;
    }
    default:
        /* Classes of pipes, mailslots, streams, compression …: not a file
         * system's on this volume. */
        return HostfsComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    }
#undef NEED
    if (NT_ERROR(Status))
        Used = 0;
    return HostfsComplete(Irp, Status, Used);
}

BOOLEAN HostfsDirectoryIsEmpty(const char *Path)
{
    DIR *D = opendir(Path);
    if (!D)
        return TRUE;
    BOOLEAN Empty = TRUE;
    for (struct dirent *E; Empty && (E = readdir(D));)
        if (strcmp(E->d_name, ".") && strcmp(E->d_name, ".."))
            Empty = FALSE;
    closedir(D);
    return Empty;
}

/* The path of an open descriptor, for calls that take a name (an O_PATH
 * descriptor cannot change times or modes itself). */
static VOID HostfsFdPath(int Fd, char *Buffer, SIZE_T Size)
{
    snprintf(Buffer, Size, "/proc/self/fd/%d", Fd);
}

static NTSTATUS HostfsSetBasic(PHOSTFS_FCB Fcb, PHOSTFS_CCB Ccb, const FILE_BASIC_INFORMATION *B)
{
    char Path[64];
    HostfsFdPath(Ccb->Fd, Path, sizeof Path);
    if ((B->FileAttributes & FILE_ATTRIBUTE_DIRECTORY) && !Fcb->Directory)
        return STATUS_INVALID_PARAMETER;
    for (int i = 0; i < 4; i++)
        if ((&B->CreationTime)[i].QuadPart < -1)
            return STATUS_INVALID_PARAMETER;
    /* 0 leaves a time alone, and so does -1 (Windows: stop updating it for
     * this handle, which Linux cannot do).  Creation and change times are
     * the file system's on Linux. */
    struct timespec T[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
    if (B->LastAccessTime.QuadPart > 0)
        T[0] = HostfsUnixTime(B->LastAccessTime.QuadPart);
    if (B->LastWriteTime.QuadPart > 0)
        T[1] = HostfsUnixTime(B->LastWriteTime.QuadPart);
    if ((T[0].tv_nsec != UTIME_OMIT || T[1].tv_nsec != UTIME_OMIT) && utimensat(AT_FDCWD, Path, T, 0) != 0)
        return HostfsStatusFromErrno(errno);
    if (B->FileAttributes && !Fcb->Directory) {
        struct stat St;
        if (fstat(Ccb->Fd, &St) != 0)
            return HostfsStatusFromErrno(errno);
        mode_t Mode = St.st_mode & 07777;
        if (B->FileAttributes & FILE_ATTRIBUTE_READONLY) {
            Mode &= ~0222;
        } else if (!(Mode & 0222)) {
            /* Writable again where readable, within the umask. */
            mode_t Mask = umask(0);
            umask(Mask);
            Mode |= (Mode & 0444) >> 1 & ~Mask;
            Mode |= 0200;
        }
        if (Mode != (St.st_mode & 07777) && chmod(Path, Mode) != 0)
            return HostfsStatusFromErrno(errno);
    }
    return STATUS_SUCCESS;
}

static NTSTATUS HostfsSetSize(PHOSTFS_FCB Fcb, PHOSTFS_CCB Ccb, LONGLONG Size, BOOLEAN Allocation)
{
    NTSTATUS Status = STATUS_SUCCESS;
    if (Fcb->Directory)
        return STATUS_INVALID_PARAMETER;
    if (Size < 0)
        return STATUS_INVALID_PARAMETER;
    ExAcquireFastMutex(&Fcb->AppendLock);
    struct stat St;
    if (fstat(Ccb->Fd, &St) != 0) {
        Status = HostfsStatusFromErrno(errno);
    } else if (!Allocation || Size < St.st_size) {
        /* A smaller allocation cuts the data to it, as on NTFS. */
        if (ftruncate(Ccb->Fd, Size) != 0)
            Status = HostfsStatusFromErrno(errno == EINVAL ? EBADF : errno);
    } else if (Size > St.st_size) {
        /* Reserve the space; file systems that cannot are not an error. */
        if (fallocate(Ccb->Fd, FALLOC_FL_KEEP_SIZE, 0, Size) != 0 && errno != EOPNOTSUPP &&
            errno != ENOSYS)
            Status = HostfsStatusFromErrno(errno);
    }
    ExReleaseFastMutex(&Fcb->AppendLock);
    return Status;
}

static NTSTATUS HostfsSetDisposition(PFILE_OBJECT File, PHOSTFS_FCB Fcb, PHOSTFS_CCB Ccb, BOOLEAN Delete)
{
    NTSTATUS Status = STATUS_SUCCESS;
    struct stat St;
    if (!File->DeleteAccess)
        return STATUS_ACCESS_DENIED;
    ExAcquireFastMutex(&HostfsLock);
    if (!Delete) {
        Fcb->DeletePending = FALSE;
    } else if (fstat(Ccb->Fd, &St) != 0) {
        Status = HostfsStatusFromErrno(errno);
    } else if (!Fcb->InTable || (!Fcb->Directory && !(St.st_mode & 0222))) {
        Status = STATUS_CANNOT_DELETE;
    } else if (Fcb->Directory) {
        const char *Root = HostfsVolumeRoot(Fcb->Vcb);
        if (strcmp(Fcb->Path, *Root ? Root : "/") == 0)
            Status = STATUS_CANNOT_DELETE;
        else if (!HostfsDirectoryIsEmpty(Fcb->Path))
            Status = STATUS_DIRECTORY_NOT_EMPTY;
    }
    if (NT_SUCCESS(Status) && Delete)
        Fcb->DeletePending = TRUE;
    ExReleaseFastMutex(&HostfsLock);
    return Status;
}

/* FileRenameInformation: into the directory the I/O manager opened
 * (Parameters.SetFile.FileObject), or the file's own for a bare name. */
static NTSTATUS HostfsRename(PFILE_OBJECT File, PHOSTFS_FCB Fcb, PFILE_OBJECT TargetDir,
                             const FILE_RENAME_INFORMATION *R, ULONG Length)
{
    if (Length < FIELD_OFFSET(FILE_RENAME_INFORMATION, FileName) ||
        R->FileNameLength > Length - FIELD_OFFSET(FILE_RENAME_INFORMATION, FileName) ||
        R->FileNameLength == 0 || (R->FileNameLength & 1))
        return STATUS_INVALID_PARAMETER;
    if (!File->DeleteAccess)
        return STATUS_ACCESS_DENIED;
    USHORT Chars = (USHORT)(R->FileNameLength / sizeof(WCHAR));
    USHORT Start = Chars;
    while (Start > 0 && R->FileName[Start - 1] != L'\\')
        Start--;
    if (Start == Chars)
        return STATUS_OBJECT_NAME_INVALID;
    if (Start > 0 && !TargetDir)
        return STATUS_INVALID_PARAMETER;
    /* The leaf obeys NTFS's name rules. */
    WCHAR Leaf[HOSTFS_MAX_COMPONENT + 2];
    USHORT LeafChars = (USHORT)(Chars - Start);
    if (LeafChars > HOSTFS_MAX_COMPONENT)
        return STATUS_OBJECT_NAME_INVALID;
    Leaf[0] = L'\\';
    memcpy(&Leaf[1], &R->FileName[Start], LeafChars * sizeof(WCHAR));
    UNICODE_STRING LeafName = { (USHORT)((LeafChars + 1) * sizeof(WCHAR)),
                                (USHORT)((LeafChars + 1) * sizeof(WCHAR)), Leaf };
    NTSTATUS Status = HostfsValidateName(&LeafName);
    if (!NT_SUCCESS(Status))
        return Status;

    char *Target = ExAllocatePoolWithTag(PagedPool, 2 * HOSTFS_MAX_PATH, HOSTFS_TAG);
    if (!Target)
        return STATUS_INSUFFICIENT_RESOURCES;
    char *Dir = Target + HOSTFS_MAX_PATH;
    ExAcquireFastMutex(&HostfsLock);
    if (TargetDir) {
        PHOSTFS_FCB DirFcb = TargetDir->FsContext;
        if (!HostfsIsHostFile(TargetDir) || !DirFcb || !DirFcb->Directory)
            Status = STATUS_INVALID_PARAMETER;
        else if (DirFcb->Vcb != Fcb->Vcb)
            Status = STATUS_NOT_SAME_DEVICE;
        else
            snprintf(Dir, HOSTFS_MAX_PATH, "%s", DirFcb->Path);
    } else {
        snprintf(Dir, HOSTFS_MAX_PATH, "%s", Fcb->Path);
        char *Slash = strrchr(Dir, '/');
        if (Slash == Dir)
            Slash[1] = 0;
        else if (Slash)
            *Slash = 0;
    }
    const char *Root = HostfsVolumeRoot(Fcb->Vcb);
    if (NT_SUCCESS(Status) && (!Fcb->InTable || strcmp(Fcb->Path, *Root ? Root : "/") == 0))
        Status = STATUS_ACCESS_DENIED;
    if (NT_SUCCESS(Status) && Fcb->Directory && HostfsIsOpenBelow(Fcb->Path, Fcb))
        Status = STATUS_ACCESS_DENIED; /* files open inside a directory pin its name */
    char Found[3 * HOSTFS_MAX_COMPONENT + 1];
    BOOLEAN Replace = FALSE;
    if (NT_SUCCESS(Status) && HostfsLookupComponent(Dir, &Leaf[1], LeafChars, Found, sizeof Found)) {
        struct stat Old, New;
        snprintf(Target, HOSTFS_MAX_PATH, "%s/%s", Dir[1] ? Dir : "", Found);
        if (stat(Target, &Old) == 0 && Old.st_dev == Fcb->Dev && Old.st_ino == Fcb->Ino) {
            /* The file itself, perhaps in another case: take the new name. */
        } else if (!R->ReplaceIfExists) {
            Status = STATUS_OBJECT_NAME_COLLISION;
        } else if (lstat(Target, &New) == 0 && S_ISDIR(New.st_mode)) {
            Status = STATUS_ACCESS_DENIED;
        } else if (stat(Target, &Old) == 0 && HostfsFindFcb(Old.st_dev, Old.st_ino)) {
            Status = STATUS_ACCESS_DENIED; /* the file replaced is open */
        } else {
            Replace = TRUE;
        }
    }
    if (NT_SUCCESS(Status)) {
        SIZE_T Bytes = RtlpUtf16ToUtf8(Found, sizeof Found - 1, &Leaf[1], LeafChars);
        Found[Bytes < sizeof Found ? Bytes : sizeof Found - 1] = 0;
        int n = snprintf(Target, HOSTFS_MAX_PATH, "%s/%s", Dir[1] ? Dir : "", Found);
        if (n < 0 || n >= HOSTFS_MAX_PATH)
            Status = STATUS_OBJECT_NAME_INVALID;
    }
    if (NT_SUCCESS(Status) && strcmp(Target, Fcb->Path) != 0) {
        if (renameat2(AT_FDCWD, Fcb->Path, AT_FDCWD, Target, Replace ? 0 : RENAME_NOREPLACE) != 0 &&
            !(errno == EINVAL && !Replace && rename(Fcb->Path, Target) == 0))
            Status = HostfsStatusFromErrno(errno);
        if (NT_SUCCESS(Status)) {
            SIZE_T n = strlen(Target) + 1;
            char *Copy = ExAllocatePoolWithTag(PagedPool, n, HOSTFS_TAG);
            if (Copy) {
                memcpy(Copy, Target, n);
                ExFreePoolWithTag(Fcb->Path, HOSTFS_TAG);
                Fcb->Path = Copy;
            }
        }
    }
    ExReleaseFastMutex(&HostfsLock);
    ExFreePoolWithTag(Target, HOSTFS_TAG);
    return Status;
}

NTSTATUS HostfsSetInformation(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Sp = IoGetCurrentIrpStackLocation(Irp);
    PFILE_OBJECT File = Sp->FileObject;
    PHOSTFS_FCB Fcb = File->FsContext;
    PHOSTFS_CCB Ccb = File->FsContext2;
    ULONG Length = Sp->Parameters.SetFile.Length;
    PVOID Buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS Status;
    UNREFERENCED_PARAMETER(DeviceObject);

    if (!Fcb || !Ccb)
        return HostfsComplete(Irp, STATUS_INVALID_PARAMETER, 0);

#define NEED(Type)                                                                  \
    do {                                                                            \
        if (Length < sizeof(Type))                                                  \
            return HostfsComplete(Irp, STATUS_INFO_LENGTH_MISMATCH, 0);             \
    } while (0)

    switch (Sp->Parameters.SetFile.FileInformationClass) {
    case FileBasicInformation:
        NEED(FILE_BASIC_INFORMATION);
        Status = HostfsSetBasic(Fcb, Ccb, Buffer);
        break;
    case FileEndOfFileInformation:
        NEED(FILE_END_OF_FILE_INFORMATION);
        Status = HostfsSetSize(Fcb, Ccb, ((PFILE_END_OF_FILE_INFORMATION)Buffer)->EndOfFile.QuadPart,
                               FALSE);
        break;
    case FileAllocationInformation:
        NEED(FILE_ALLOCATION_INFORMATION);
        Status = HostfsSetSize(Fcb, Ccb,
                               ((PFILE_ALLOCATION_INFORMATION)Buffer)->AllocationSize.QuadPart, TRUE);
        break;
    case FileDispositionInformation:
        NEED(FILE_DISPOSITION_INFORMATION);
        Status = HostfsSetDisposition(File, Fcb, Ccb,
                                      ((PFILE_DISPOSITION_INFORMATION)Buffer)->DeleteFile != 0);
        break;
    case FilePositionInformation: {
        NEED(FILE_POSITION_INFORMATION);
        LARGE_INTEGER Position = ((PFILE_POSITION_INFORMATION)Buffer)->CurrentByteOffset;
        Status = Position.QuadPart < 0 ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
        if (NT_SUCCESS(Status))
            File->CurrentByteOffset = Position;
        break;
    }
    case FileRenameInformation:
        Status = HostfsRename(File, Fcb, Sp->Parameters.SetFile.FileObject, Buffer, Length);
        break;
    default:
        Status = STATUS_INVALID_PARAMETER;
        break;
    }
#undef NEED
    return HostfsComplete(Irp, Status, 0);
}
