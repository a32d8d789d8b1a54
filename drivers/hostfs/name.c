/*
 * hostfs/name.c - NT names to Linux paths: NTFS's name rules, and the
 * case-insensitive walk from the volume root.
 */
#include "hostfs.h"
#include "rtl/nls.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

NTSTATUS HostfsStatusFromErrno(int Error)
{
    switch (Error) {
    case 0: return STATUS_SUCCESS;
    case ENOENT: return STATUS_OBJECT_NAME_NOT_FOUND;
    case ENOTDIR: return STATUS_OBJECT_PATH_NOT_FOUND;
    case EACCES:
    case EPERM:
    case EBADF: return STATUS_ACCESS_DENIED;
    case EEXIST: return STATUS_OBJECT_NAME_COLLISION;
    case ENOSPC:
    case EDQUOT: return STATUS_DISK_FULL;
    case EFBIG: return STATUS_FILE_TOO_LARGE;
    case EROFS: return STATUS_MEDIA_WRITE_PROTECTED;
    case ENAMETOOLONG: return STATUS_OBJECT_NAME_INVALID;
    case EISDIR: return STATUS_FILE_IS_A_DIRECTORY;
    case ENOTEMPTY: return STATUS_DIRECTORY_NOT_EMPTY;
    case EFAULT: return STATUS_ACCESS_VIOLATION;
    case EMFILE:
    case ENFILE: return STATUS_TOO_MANY_OPENED_FILES;
    case ENOMEM: return STATUS_INSUFFICIENT_RESOURCES;
    case EINVAL: return STATUS_INVALID_PARAMETER;
    case EXDEV: return STATUS_NOT_SAME_DEVICE;
    case EBUSY:
    case ETXTBSY: return STATUS_SHARING_VIOLATION;
    case ELOOP: return STATUS_REPARSE_POINT_NOT_RESOLVED;
    default: return STATUS_UNEXPECTED_IO_ERROR;
    }
}

static BOOLEAN HostfsIsInvalidChar(WCHAR c)
{
    return c < 0x20 || c == L'"' || c == L'*' || c == L'/' || c == L':' || c == L'<' || c == L'>' ||
           c == L'?' || c == L'|';
}

/* NTFS's rules for a name below a volume: "\a\b", one trailing '\' allowed,
 * no empty component, no "." or "..", no character NTFS refuses, at most
 * 255 characters a component. */
NTSTATUS HostfsValidateName(PCUNICODE_STRING Name)
{
    PCWCH s = Name->Buffer;
    USHORT n = Name->Length / sizeof(WCHAR);
    if (n == 0 || s[0] != L'\\')
        return STATUS_OBJECT_NAME_INVALID;
    if (n > 1 && s[n - 1] == L'\\')
        n--;
    for (USHORT Pos = 1; Pos < n;) {
        USHORT End = Pos;
        while (End < n && s[End] != L'\\') {
            if (HostfsIsInvalidChar(s[End]))
                return STATUS_OBJECT_NAME_INVALID;
            End++;
        }
        USHORT Len = (USHORT)(End - Pos);
        if (Len == 0 || Len > HOSTFS_MAX_COMPONENT)
            return STATUS_OBJECT_NAME_INVALID;
        if (s[Pos] == L'.' && (Len == 1 || (Len == 2 && s[Pos + 1] == L'.')))
            return STATUS_OBJECT_NAME_INVALID;
        Pos = (USHORT)(End + 1);
    }
    return STATUS_SUCCESS;
}

static BOOLEAN HostfsNameEqualsNoCase(PCWCH a, SIZE_T an, PCWCH b, SIZE_T bn)
{
    if (an != bn)
        return FALSE;
    for (SIZE_T i = 0; i < an; i++)
        if (a[i] != b[i] && RtlUpcaseUnicodeChar(a[i]) != RtlUpcaseUnicodeChar(b[i]))
            return FALSE;
    return TRUE;
}

/* 0: found (Found holds the name on disk); otherwise the errno of the
 * failure, ENOENT when no entry matches. */
static int HostfsFindComponent(const char *Dir, PCWCH Leaf, USHORT Chars, char *Found, SIZE_T Size)
{
    char Path[HOSTFS_MAX_PATH];
    SIZE_T Bytes = RtlpUtf16ToUtf8(Found, Size - 1, Leaf, Chars);
    if (Bytes >= Size)
        return ENAMETOOLONG;
    Found[Bytes] = 0;
    int n = snprintf(Path, sizeof Path, "%s/%s", Dir[1] ? Dir : "", Found);
    if (n < 0 || (SIZE_T)n >= sizeof Path)
        return ENAMETOOLONG;
    struct stat St;
    if (lstat(Path, &St) == 0)
        return 0;
    if (errno != ENOENT)
        return errno;

    /* Not there as given: the first entry equal ignoring case. */
    DIR *D = opendir(Dir);
    if (!D)
        return errno == ENOENT ? ENOTDIR : errno;
    int Result = ENOENT;
    WCHAR Wide[HOSTFS_MAX_COMPONENT + 1];
    for (struct dirent *E; (E = readdir(D));) {
        SIZE_T Len = strlen(E->d_name);
        if (Len > 3 * HOSTFS_MAX_COMPONENT)
            continue;
        SIZE_T W = RtlpUtf8ToUtf16(Wide, RTL_NUMBER_OF(Wide), E->d_name, Len);
        if (W != Chars || W > RTL_NUMBER_OF(Wide))
            continue;
        if (HostfsNameEqualsNoCase(Wide, W, Leaf, Chars) && Len < Size) {
            memcpy(Found, E->d_name, Len + 1);
            Result = 0;
            break;
        }
    }
    closedir(D);
    return Result;
}

BOOLEAN HostfsLookupComponent(const char *Dir, PCWCH Leaf, USHORT Chars, char *Found, SIZE_T Size)
{
    return HostfsFindComponent(Dir, Leaf, Chars, Found, Size) == 0;
}

NTSTATUS HostfsResolveName(PHOSTFS_VCB Vcb, PCUNICODE_STRING Name, PHOSTFS_NAME Out)
{
    NTSTATUS Status = HostfsValidateName(Name);
    if (!NT_SUCCESS(Status))
        return Status;
    const char *Root = HostfsVolumeRoot(Vcb);
    if (!Root)
        return STATUS_OBJECT_PATH_NOT_FOUND;

    PCWCH s = Name->Buffer;
    USHORT n = Name->Length / sizeof(WCHAR);
    SIZE_T Len = strlen(Root);
    memcpy(Out->Path, Root, Len + 1);
    Out->Exists = FALSE;
    Out->IsRoot = FALSE;
    Out->TrailingSeparator = FALSE;
    Out->ParentLength = 0;
    if (n > 1 && s[n - 1] == L'\\') {
        n--;
        Out->TrailingSeparator = TRUE;
    }
    if (n == 1) {
        /* "\": the root directory. */
        if (Len == 0)
            strcpy(Out->Path, "/");
        Out->IsRoot = TRUE;
        if (stat(Out->Path, &Out->St) != 0)
            return HostfsStatusFromErrno(errno) == STATUS_OBJECT_NAME_NOT_FOUND
                       ? STATUS_OBJECT_PATH_NOT_FOUND
                       : HostfsStatusFromErrno(errno);
        Out->Exists = TRUE;
        return STATUS_SUCCESS;
    }

    char Found[3 * HOSTFS_MAX_COMPONENT + 1];
    for (USHORT Pos = 1; Pos < n;) {
        USHORT End = Pos;
        while (End < n && s[End] != L'\\')
            End++;
        BOOLEAN Last = End == n;
        int Error = HostfsFindComponent(Len ? Out->Path : "/", &s[Pos], (USHORT)(End - Pos), Found,
                                        sizeof Found);
        if (Error && Error != ENOENT) {
            if (Error == ENOTDIR)
                return STATUS_OBJECT_PATH_NOT_FOUND;
            return HostfsStatusFromErrno(Error);
        }
        if (Error == ENOENT && !Last)
            return STATUS_OBJECT_PATH_NOT_FOUND;
        SIZE_T Add = strlen(Found);
        if (Len + 1 + Add >= sizeof Out->Path)
            return STATUS_OBJECT_NAME_INVALID;
        Out->ParentLength = Len;
        Out->Path[Len] = '/';
        memcpy(&Out->Path[Len + 1], Found, Add + 1);
        Len += 1 + Add;
        if (Last) {
            if (Error == 0 && stat(Out->Path, &Out->St) == 0)
                Out->Exists = TRUE;
            else if (Error == 0 && errno != ENOENT)
                return HostfsStatusFromErrno(errno);
            /* A dangling symbolic link is a name without a file. */
            return STATUS_SUCCESS;
        }
        struct stat St;
        if (stat(Out->Path, &St) != 0) {
            if (errno == EACCES)
                return STATUS_ACCESS_DENIED;
            return STATUS_OBJECT_PATH_NOT_FOUND;
        }
        if (!S_ISDIR(St.st_mode))
            return STATUS_OBJECT_PATH_NOT_FOUND;
        Pos = (USHORT)(End + 1);
    }
    return STATUS_SUCCESS;
}

NTSTATUS HostfsNtNameOfPath(PHOSTFS_VCB Vcb, const char *Path, PWCHAR Buffer, ULONG Chars, ULONG *Needed)
{
    const char *Root = HostfsVolumeRoot(Vcb);
    SIZE_T RootLen = Root ? strlen(Root) : 0;
    const char *Rel = Path;
    if (RootLen && strncmp(Path, Root, RootLen) == 0 && (Path[RootLen] == '/' || !Path[RootLen]))
        Rel = Path + RootLen;
    if (!*Rel)
        Rel = "/";
    SIZE_T n = RtlpUtf8ToUtf16(Buffer, Chars, Rel, strlen(Rel));
    *Needed = (ULONG)n;
    for (SIZE_T i = 0; i < n && i < Chars; i++)
        if (Buffer[i] == L'/')
            Buffer[i] = L'\\';
    return n > Chars ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}
