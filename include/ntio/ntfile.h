/*
 * ntio/ntfile.h - file information services (NtQueryInformationFile …) and
 * FILE_*_INFORMATION, shared by the kernel, drivers (through wdm.h) and
 * kernel32.
 */
#ifndef NTIO_NTFILE_H
#define NTIO_NTFILE_H

#include <ntio/basetypes.h>
#include <ntio/ntdef.h>

NTIO_BEGIN_DECLS

#ifndef NTSYSCALLAPI
#define NTSYSCALLAPI NTIO_EXPORT
#endif

#include <ntio/fileclass.h>

/* ByteOffset.LowPart values with HighPart -1 (NtReadFile / NtWriteFile). */
#define FILE_WRITE_TO_END_OF_FILE 0xffffffff
#define FILE_USE_FILE_POINTER_POSITION 0xfffffffe

/* FILE_ATTRIBUTE_* beyond ntio/access.h. */
#ifndef FILE_ATTRIBUTE_SPARSE_FILE
#define FILE_ATTRIBUTE_SPARSE_FILE 0x00000200
#define FILE_ATTRIBUTE_REPARSE_POINT 0x00000400
#define FILE_ATTRIBUTE_COMPRESSED 0x00000800
#define FILE_ATTRIBUTE_OFFLINE 0x00001000
#define FILE_ATTRIBUTE_NOT_CONTENT_INDEXED 0x00002000
#define FILE_ATTRIBUTE_ENCRYPTED 0x00004000
#endif

typedef struct _FILE_BASIC_INFORMATION {
    LARGE_INTEGER CreationTime;      /* 100 ns units since 1601 (UTC); 0: unchanged on set */
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    ULONG FileAttributes;            /* 0: unchanged on set */
} FILE_BASIC_INFORMATION, *PFILE_BASIC_INFORMATION;

typedef struct _FILE_STANDARD_INFORMATION {
    LARGE_INTEGER AllocationSize;
    LARGE_INTEGER EndOfFile;
    ULONG NumberOfLinks;
    BOOLEAN DeletePending;
    BOOLEAN Directory;
} FILE_STANDARD_INFORMATION, *PFILE_STANDARD_INFORMATION;

typedef struct _FILE_INTERNAL_INFORMATION {
    LARGE_INTEGER IndexNumber;
} FILE_INTERNAL_INFORMATION, *PFILE_INTERNAL_INFORMATION;

typedef struct _FILE_EA_INFORMATION {
    ULONG EaSize;
} FILE_EA_INFORMATION, *PFILE_EA_INFORMATION;

typedef struct _FILE_ACCESS_INFORMATION {
    ACCESS_MASK AccessFlags;
} FILE_ACCESS_INFORMATION, *PFILE_ACCESS_INFORMATION;

typedef struct _FILE_NAME_INFORMATION {
    ULONG FileNameLength;            /* bytes */
    WCHAR FileName[1];
} FILE_NAME_INFORMATION, *PFILE_NAME_INFORMATION;

typedef struct _FILE_RENAME_INFORMATION {
    BOOLEAN ReplaceIfExists;
    HANDLE RootDirectory;
    ULONG FileNameLength;            /* bytes */
    WCHAR FileName[1];
} FILE_RENAME_INFORMATION, *PFILE_RENAME_INFORMATION;

typedef struct _FILE_DISPOSITION_INFORMATION {
    BOOLEAN DeleteFile;
} FILE_DISPOSITION_INFORMATION, *PFILE_DISPOSITION_INFORMATION;

typedef struct _FILE_POSITION_INFORMATION {
    LARGE_INTEGER CurrentByteOffset;
} FILE_POSITION_INFORMATION, *PFILE_POSITION_INFORMATION;

typedef struct _FILE_MODE_INFORMATION {
    ULONG Mode;                      /* FILE_WRITE_THROUGH, FILE_SEQUENTIAL_ONLY, FILE_SYNCHRONOUS_IO_* … */
} FILE_MODE_INFORMATION, *PFILE_MODE_INFORMATION;

typedef struct _FILE_ALIGNMENT_INFORMATION {
    ULONG AlignmentRequirement;      /* FILE_BYTE_ALIGNMENT … */
} FILE_ALIGNMENT_INFORMATION, *PFILE_ALIGNMENT_INFORMATION;

typedef struct _FILE_ALL_INFORMATION {
    FILE_BASIC_INFORMATION BasicInformation;
    FILE_STANDARD_INFORMATION StandardInformation;
    FILE_INTERNAL_INFORMATION InternalInformation;
    FILE_EA_INFORMATION EaInformation;
    FILE_ACCESS_INFORMATION AccessInformation;
    FILE_POSITION_INFORMATION PositionInformation;
    FILE_MODE_INFORMATION ModeInformation;
    FILE_ALIGNMENT_INFORMATION AlignmentInformation;
    FILE_NAME_INFORMATION NameInformation;
} FILE_ALL_INFORMATION, *PFILE_ALL_INFORMATION;

typedef struct _FILE_ALLOCATION_INFORMATION {
    LARGE_INTEGER AllocationSize;
} FILE_ALLOCATION_INFORMATION, *PFILE_ALLOCATION_INFORMATION;

typedef struct _FILE_END_OF_FILE_INFORMATION {
    LARGE_INTEGER EndOfFile;
} FILE_END_OF_FILE_INFORMATION, *PFILE_END_OF_FILE_INFORMATION;

typedef struct _FILE_NETWORK_OPEN_INFORMATION {
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER AllocationSize;
    LARGE_INTEGER EndOfFile;
    ULONG FileAttributes;
} FILE_NETWORK_OPEN_INFORMATION, *PFILE_NETWORK_OPEN_INFORMATION;

typedef struct _FILE_ATTRIBUTE_TAG_INFORMATION {
    ULONG FileAttributes;
    ULONG ReparseTag;
} FILE_ATTRIBUTE_TAG_INFORMATION, *PFILE_ATTRIBUTE_TAG_INFORMATION;

#ifndef FILE_BYTE_ALIGNMENT
#define FILE_BYTE_ALIGNMENT 0x00000000
#define FILE_WORD_ALIGNMENT 0x00000001
#define FILE_LONG_ALIGNMENT 0x00000003
#define FILE_QUAD_ALIGNMENT 0x00000007
#define FILE_OCTA_ALIGNMENT 0x0000000f
#define FILE_32_BYTE_ALIGNMENT 0x0000001f
#define FILE_64_BYTE_ALIGNMENT 0x0000003f
#define FILE_128_BYTE_ALIGNMENT 0x0000007f
#define FILE_256_BYTE_ALIGNMENT 0x000000ff
#define FILE_512_BYTE_ALIGNMENT 0x000001ff
#endif

/*
 * NtQueryInformationFile / NtSetInformationFile (sys/fileinfo.c), with
 * Windows' rules: an unknown class, or one that cannot be queried (set),
 * is STATUS_INVALID_INFO_CLASS; a Length below the class's fixed size is
 * STATUS_INFO_LENGTH_MISMATCH; a name that does not fit is
 * STATUS_BUFFER_OVERFLOW with what fits.  FilePositionInformation of a
 * synchronous file object, FileAccessInformation, FileModeInformation and
 * FileAlignmentInformation are answered by the I/O manager; every other
 * class is an IRP_MJ_QUERY_INFORMATION / IRP_MJ_SET_INFORMATION to the
 * file's driver.  The call always completes before it returns.
 */
NTSYSCALLAPI NTSTATUS NtQueryInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                             PVOID FileInformation, ULONG Length,
                                             FILE_INFORMATION_CLASS FileInformationClass);
NTSYSCALLAPI NTSTATUS NtSetInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                           PVOID FileInformation, ULONG Length,
                                           FILE_INFORMATION_CLASS FileInformationClass);
/* IRP_MJ_FLUSH_BUFFERS; a user-mode handle needs FILE_WRITE_DATA or
 * FILE_APPEND_DATA. */
NTSYSCALLAPI NTSTATUS NtFlushBuffersFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock);

/*
 * ntio's own services for the drive mapping (as Wine's
 * wine_nt_to_unix_file_name / wine_unix_to_nt_file_name): C: is
 * PREFIX/drive_c, Z: is the Linux root.
 *
 * NtioQueryHostPathFile - the Linux path (UTF-8, NUL-terminated) of a file
 *   opened on the host file system.  STATUS_OBJECT_TYPE_MISMATCH for any
 *   other file (a device); STATUS_BUFFER_TOO_SMALL when Length bytes cannot
 *   hold it, *ReturnLength then being the bytes needed (with the NUL).
 * NtioHostPathToNtPath - the NT name (\??\C:\… inside PREFIX/drive_c, else
 *   \??\Z:\…) of an absolute Linux path, which need not exist; "." and ".."
 *   are resolved by name.  Length and *ReturnLength in bytes, with the NUL;
 *   STATUS_BUFFER_TOO_SMALL as above; STATUS_OBJECT_PATH_SYNTAX_BAD for a
 *   relative path.
 */
NTSYSCALLAPI NTSTATUS NtioQueryHostPathFile(HANDLE FileHandle, PSTR Buffer, ULONG Length,
                                            PULONG ReturnLength);
NTSYSCALLAPI NTSTATUS NtioHostPathToNtPath(PCSTR HostPath, PWSTR Buffer, ULONG Length,
                                           PULONG ReturnLength);

/* FileCompletionInformation (NtSetInformationFile): bind an asynchronous
 * file object to an I/O completion port (NtCreateIoCompletion, ntsvc.h);
 * every asynchronous request on it with an APC context then queues a
 * packet {Key, ApcContext, IoStatus} to the port. */
typedef struct _FILE_COMPLETION_INFORMATION {
    HANDLE Port;
    PVOID Key;
} FILE_COMPLETION_INFORMATION, *PFILE_COMPLETION_INFORMATION;

/* FileIoCompletionNotificationInformation (set and query): how the I/O
 * manager reports completions on this file object.  Flags only accumulate
 * (a set ORs them in; none can be cleared). */
typedef struct _FILE_IO_COMPLETION_NOTIFICATION_INFORMATION {
    ULONG Flags;
} FILE_IO_COMPLETION_NOTIFICATION_INFORMATION, *PFILE_IO_COMPLETION_NOTIFICATION_INFORMATION;
/* No packet for a request that succeeds at once (not pended). */
#ifndef FILE_SKIP_COMPLETION_PORT_ON_SUCCESS
#define FILE_SKIP_COMPLETION_PORT_ON_SUCCESS 0x1
#endif
/* The file object's own event is not signalled when a request completes. */
#ifndef FILE_SKIP_SET_EVENT_ON_HANDLE
#define FILE_SKIP_SET_EVENT_ON_HANDLE 0x2
#endif
/* The caller's event is not signalled by fast I/O (ntio has none). */
#define FILE_SKIP_SET_USER_EVENT_ON_FAST_IO 0x4

/* A completion packet as NtRemoveIoCompletionEx returns it. */
typedef struct _FILE_IO_COMPLETION_INFORMATION {
    PVOID KeyContext;
    PVOID ApcContext;
    IO_STATUS_BLOCK IoStatusBlock;
} FILE_IO_COMPLETION_INFORMATION, *PFILE_IO_COMPLETION_INFORMATION;

#if !defined(_NTIO_KERNEL_) && !defined(_KERNEL_MODE)
/*
 * RtlDosPathNameToNtPathName_U (libkernel32) - a Win32 path as the NT name
 * CreateFile opens: "C:\x" -> "\??\C:\x"; relative paths against the
 * current directory, "\x" on the current drive, "C:x" on drive C:;
 * "\\.\X\rest" -> "\??\X\rest"; "\\?\C:\x" -> "\??\C:\x" (taken as is);
 * "\\server\share\x" -> "\??\UNC\server\share\x".  '/' separates like '\',
 * "." and ".." are collapsed, trailing dots and spaces of the last
 * component are dropped.  NtName is allocated (free it with
 * RtlFreeUnicodeString); FilePart, if not NULL, receives the last
 * component inside NtName->Buffer (NULL when the path ends in '\').
 * FALSE for a NULL or empty name, or one too long.
 */
NTIO_EXPORT BOOLEAN NTAPI RtlDosPathNameToNtPathName_U(PCWSTR DosName, PUNICODE_STRING NtName,
                                                       PCWSTR *FilePart, PVOID Reserved);
#ifndef _WDMDDK_
NTIO_EXPORT VOID NTAPI RtlFreeUnicodeString(PUNICODE_STRING UnicodeString);
#endif
#endif

NTIO_END_DECLS

#endif /* NTIO_NTFILE_H */
