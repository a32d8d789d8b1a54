/*
 * kernel32/file.c - CreateFile, CloseHandle, ReadFile, WriteFile and the
 * *Ex forms with completion routines; the file pointer and size
 * (SetFilePointer(Ex), GetFileSize(Ex), SetEndOfFile), FlushFileBuffers,
 * DeleteFile, GetFileAttributes, CreateDirectory and RemoveDirectory.
 *
 * Paths become NT names as RtlDosPathNameToNtPathName_U makes them
 * (path.c): C:\x is \??\C:\x on the host file system, \\.\Name\rest is
 * \??\Name\rest (a device, which gets "\rest" as its file name).  A handle
 * opened without FILE_FLAG_OVERLAPPED is synchronous (the kernel waits and
 * keeps the file position), with it the caller gets ERROR_IO_PENDING and
 * an OVERLAPPED to wait on, and gives the position in the OVERLAPPED.
 */
#include "path.h"
#include "rtl/nls.h"

#include <stdlib.h>
#include <string.h>

static const ULONG BaseDispositions[] = { 0, FILE_CREATE, FILE_OVERWRITE_IF, FILE_OPEN, FILE_OPEN_IF,
                                          FILE_OVERWRITE };

NTIO_EXPORT HANDLE WINAPI CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                                      LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                      DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes,
                                      HANDLE hTemplateFile)
{
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attr;
    IO_STATUS_BLOCK Iosb;
    HANDLE Handle;
    NTSTATUS Status;
    UNREFERENCED_PARAMETER(hTemplateFile);

    if (!lpFileName || !lpFileName[0]) {
        SetLastError(lpFileName ? ERROR_PATH_NOT_FOUND : ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    if (dwCreationDisposition < CREATE_NEW || dwCreationDisposition > TRUNCATE_EXISTING) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    Status = BaseDosPathToNtPath(lpFileName, &Name, NULL);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status == STATUS_NAME_TOO_LONG ? Status : STATUS_OBJECT_PATH_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    ULONG Options = FILE_NON_DIRECTORY_FILE;
    if (!(dwFlagsAndAttributes & FILE_FLAG_OVERLAPPED))
        Options |= FILE_SYNCHRONOUS_IO_NONALERT;
    if (dwFlagsAndAttributes & FILE_FLAG_WRITE_THROUGH)
        Options |= FILE_WRITE_THROUGH;
    if (dwFlagsAndAttributes & FILE_FLAG_NO_BUFFERING)
        Options |= FILE_NO_INTERMEDIATE_BUFFERING;
    if (dwFlagsAndAttributes & FILE_FLAG_RANDOM_ACCESS)
        Options |= FILE_RANDOM_ACCESS;
    if (dwFlagsAndAttributes & FILE_FLAG_SEQUENTIAL_SCAN)
        Options |= FILE_SEQUENTIAL_ONLY;
    if (dwFlagsAndAttributes & FILE_FLAG_DELETE_ON_CLOSE) {
        Options |= FILE_DELETE_ON_CLOSE;
        dwDesiredAccess |= DELETE;
    }
    if (dwFlagsAndAttributes & FILE_FLAG_BACKUP_SEMANTICS)
        Options = (Options & ~FILE_NON_DIRECTORY_FILE) | FILE_OPEN_FOR_BACKUP_INTENT;
    InitializeObjectAttributes(&Attr, &Name,
                               (dwFlagsAndAttributes & FILE_FLAG_POSIX_SEMANTICS) ? 0 : OBJ_CASE_INSENSITIVE,
                               NULL, lpSecurityAttributes ? lpSecurityAttributes->lpSecurityDescriptor : NULL);
    if (lpSecurityAttributes && lpSecurityAttributes->bInheritHandle)
        Attr.Attributes |= OBJ_INHERIT;
    Status = NtCreateFile(&Handle, dwDesiredAccess | SYNCHRONIZE | FILE_READ_ATTRIBUTES, &Attr, &Iosb,
                          NULL, dwFlagsAndAttributes & FILE_ATTRIBUTE_VALID_FLAGS,
                          dwShareMode & FILE_SHARE_VALID_FLAGS, BaseDispositions[dwCreationDisposition],
                          Options, NULL, 0);
    BaseFreeNtPath(&Name);
    if (!NT_SUCCESS(Status)) {
        /* CREATE_NEW on an existing file says so in its own words. */
        if (Status == STATUS_OBJECT_NAME_COLLISION && dwCreationDisposition == CREATE_NEW)
            SetLastError(ERROR_FILE_EXISTS);
        else
            BaseSetLastNTError(Status);
        return INVALID_HANDLE_VALUE;
    }
    /* Windows reports "it already existed" for the *_ALWAYS dispositions. */
    SetLastError((dwCreationDisposition == CREATE_ALWAYS || dwCreationDisposition == OPEN_ALWAYS) &&
                         (Iosb.Information == FILE_OPENED || Iosb.Information == FILE_OVERWRITTEN)
                     ? ERROR_ALREADY_EXISTS
                     : ERROR_SUCCESS);
    return Handle;
}

NTIO_EXPORT HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                                      LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                      DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes,
                                      HANDLE hTemplateFile)
{
    if (!lpFileName) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    PWSTR Wide = BaseAnsiToWide(lpFileName);
    if (!Wide)
        return INVALID_HANDLE_VALUE;
    HANDLE Handle = CreateFileW(Wide, dwDesiredAccess, dwShareMode, lpSecurityAttributes,
                                dwCreationDisposition, dwFlagsAndAttributes, hTemplateFile);
    DWORD Error = GetLastError();
    free(Wide);
    SetLastError(Error);
    return Handle;
}

NTIO_EXPORT BOOL WINAPI CloseHandle(HANDLE hObject)
{
    NTSTATUS Status = NtClose(hObject);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

/* The common shape of ReadFile and WriteFile. */
static BOOL BaseReadWrite(BOOL Write, HANDLE hFile, LPVOID Buffer, DWORD Length, LPDWORD Transferred,
                          LPOVERLAPPED Ov)
{
    NTSTATUS Status;
    if (Transferred)
        *Transferred = 0;
    if (Ov) {
        LARGE_INTEGER Offset;
        Offset.LowPart = Ov->Offset;
        Offset.HighPart = (LONG)Ov->OffsetHigh;
        Ov->Internal = (ULONG_PTR)STATUS_PENDING;
        Ov->InternalHigh = 0;
        /* The low bit of hEvent asks for no completion-port packet. */
        HANDLE Event = (HANDLE)((ULONG_PTR)Ov->hEvent & ~(ULONG_PTR)1);
        Status = (Write ? NtWriteFile : NtReadFile)(hFile, Event, NULL,
                                                    ((ULONG_PTR)Ov->hEvent & 1) ? NULL : Ov,
                                                    (PIO_STATUS_BLOCK)Ov, Buffer, Length, &Offset, NULL);
        if (Status == STATUS_PENDING) {
            SetLastError(ERROR_IO_PENDING);
            return FALSE;
        }
        if (!NT_SUCCESS(Status) && Status != STATUS_END_OF_FILE) {
            BaseSetLastNTError(Status);
            return FALSE;
        }
        if (Transferred)
            *Transferred = (DWORD)Ov->InternalHigh;
        if (Status == STATUS_END_OF_FILE) {
            SetLastError(ERROR_HANDLE_EOF);
            return FALSE;
        }
        return TRUE;
    }
    IO_STATUS_BLOCK Iosb;
    Status = (Write ? NtWriteFile : NtReadFile)(hFile, NULL, NULL, NULL, &Iosb, Buffer, Length, NULL,
                                                NULL);
    if (Status == STATUS_PENDING) {
        /* An asynchronous handle used without an OVERLAPPED: wait on the file. */
        Status = NtWaitForSingleObject(hFile, FALSE, NULL);
        if (NT_SUCCESS(Status))
            Status = Iosb.Status;
    }
    if (!Write && Status == STATUS_END_OF_FILE) {
        /* A synchronous read at end of file succeeds with 0 bytes. */
        return TRUE;
    }
    if (NT_SUCCESS(Status)) {
        if (Transferred)
            *Transferred = (DWORD)Iosb.Information;
        return TRUE;
    }
    if (NT_WARNING(Status) && Transferred)
        *Transferred = (DWORD)Iosb.Information;
    BaseSetLastNTError(Status);
    return FALSE;
}

NTIO_EXPORT BOOL WINAPI ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead,
                                 LPDWORD lpNumberOfBytesRead, LPOVERLAPPED lpOverlapped)
{
    return BaseReadWrite(FALSE, hFile, lpBuffer, nNumberOfBytesToRead, lpNumberOfBytesRead,
                         lpOverlapped);
}

NTIO_EXPORT BOOL WINAPI WriteFile(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite,
                                  LPDWORD lpNumberOfBytesWritten, LPOVERLAPPED lpOverlapped)
{
    return BaseReadWrite(TRUE, hFile, (LPVOID)lpBuffer, nNumberOfBytesToWrite, lpNumberOfBytesWritten,
                         lpOverlapped);
}

/* The APC that runs a ReadFileEx/WriteFileEx completion routine. */
static VOID BaseIoCompletion(PVOID ApcContext, PIO_STATUS_BLOCK Iosb, ULONG Reserved)
{
    LPOVERLAPPED_COMPLETION_ROUTINE Routine = (LPOVERLAPPED_COMPLETION_ROUTINE)ApcContext;
    DWORD Error = NT_SUCCESS(Iosb->Status) ? ERROR_SUCCESS : RtlNtStatusToDosError(Iosb->Status);
    UNREFERENCED_PARAMETER(Reserved);
    Routine(Error, (DWORD)Iosb->Information, (LPOVERLAPPED)Iosb);
}

static BOOL BaseReadWriteEx(BOOL Write, HANDLE hFile, LPVOID Buffer, DWORD Length, LPOVERLAPPED Ov,
                            LPOVERLAPPED_COMPLETION_ROUTINE Routine)
{
    if (!Ov || !Routine) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    LARGE_INTEGER Offset;
    Offset.LowPart = Ov->Offset;
    Offset.HighPart = (LONG)Ov->OffsetHigh;
    Ov->Internal = (ULONG_PTR)STATUS_PENDING;
    NTSTATUS Status = (Write ? NtWriteFile : NtReadFile)(hFile, NULL, BaseIoCompletion,
                                                         (PVOID)Routine, (PIO_STATUS_BLOCK)Ov, Buffer,
                                                         Length, &Offset, NULL);
    /* Success or pending: the routine runs at the next alertable wait. */
    if (NT_ERROR(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    SetLastError(ERROR_SUCCESS);
    return TRUE;
}

NTIO_EXPORT BOOL WINAPI ReadFileEx(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead,
                                   LPOVERLAPPED lpOverlapped,
                                   LPOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
    return BaseReadWriteEx(FALSE, hFile, lpBuffer, nNumberOfBytesToRead, lpOverlapped,
                           lpCompletionRoutine);
}

NTIO_EXPORT BOOL WINAPI WriteFileEx(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite,
                                    LPOVERLAPPED lpOverlapped,
                                    LPOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
    return BaseReadWriteEx(TRUE, hFile, (LPVOID)lpBuffer, nNumberOfBytesToWrite, lpOverlapped,
                           lpCompletionRoutine);
}

/* ---- the file pointer and the size ------------------------------------- */

/* The new position for a move of Distance from MoveMethod's start; FALSE
 * with the last error set when it cannot be had. */
static BOOL BaseMovePointer(HANDLE hFile, LONGLONG Distance, DWORD MoveMethod, LONGLONG *Position)
{
    IO_STATUS_BLOCK Iosb;
    NTSTATUS Status;
    LONGLONG Start;
    switch (MoveMethod) {
    case FILE_BEGIN:
        Start = 0;
        break;
    case FILE_CURRENT: {
        FILE_POSITION_INFORMATION P;
        Status = NtQueryInformationFile(hFile, &Iosb, &P, sizeof P, FilePositionInformation);
        if (!NT_SUCCESS(Status)) {
            BaseSetLastNTError(Status);
            return FALSE;
        }
        Start = P.CurrentByteOffset.QuadPart;
        break;
    }
    case FILE_END: {
        FILE_STANDARD_INFORMATION S;
        Status = NtQueryInformationFile(hFile, &Iosb, &S, sizeof S, FileStandardInformation);
        if (!NT_SUCCESS(Status)) {
            BaseSetLastNTError(Status);
            return FALSE;
        }
        Start = S.EndOfFile.QuadPart;
        break;
    }
    default:
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *Position = Start + Distance;
    if (*Position < 0) {
        SetLastError(ERROR_NEGATIVE_SEEK);
        return FALSE;
    }
    return TRUE;
}

static BOOL BaseSetPosition(HANDLE hFile, LONGLONG Position)
{
    IO_STATUS_BLOCK Iosb;
    FILE_POSITION_INFORMATION P = { { .QuadPart = Position } };
    NTSTATUS Status = NtSetInformationFile(hFile, &Iosb, &P, sizeof P, FilePositionInformation);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

/*
 * Windows' rules: with lpDistanceToMoveHigh the distance is 64 bits and
 * the new position's high half comes back there; without it the distance
 * is a signed 32-bit value and a position that needs more than 32 bits
 * fails (ERROR_INVALID_PARAMETER).  A position before the start fails with
 * ERROR_NEGATIVE_SEEK and moves nothing.  INVALID_SET_FILE_POINTER is also
 * a valid low half: then the last error is NO_ERROR.
 */
NTIO_EXPORT DWORD WINAPI SetFilePointer(HANDLE hFile, LONG lDistanceToMove, PLONG lpDistanceToMoveHigh,
                                        DWORD dwMoveMethod)
{
    LONGLONG Distance = lpDistanceToMoveHigh
                            ? (LONGLONG)(((ULONGLONG)(ULONG)*lpDistanceToMoveHigh << 32) | (ULONG)lDistanceToMove)
                            : (LONGLONG)lDistanceToMove;
    LONGLONG Position;
    if (!BaseMovePointer(hFile, Distance, dwMoveMethod, &Position))
        return INVALID_SET_FILE_POINTER;
    if (!lpDistanceToMoveHigh && (Position >> 32) != 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_SET_FILE_POINTER;
    }
    if (!BaseSetPosition(hFile, Position))
        return INVALID_SET_FILE_POINTER;
    if (lpDistanceToMoveHigh)
        *lpDistanceToMoveHigh = (LONG)(Position >> 32);
    if ((DWORD)Position == INVALID_SET_FILE_POINTER)
        SetLastError(NO_ERROR);
    return (DWORD)Position;
}

NTIO_EXPORT BOOL WINAPI SetFilePointerEx(HANDLE hFile, LARGE_INTEGER liDistanceToMove,
                                         PLARGE_INTEGER lpNewFilePointer, DWORD dwMoveMethod)
{
    LONGLONG Position;
    if (!BaseMovePointer(hFile, liDistanceToMove.QuadPart, dwMoveMethod, &Position) ||
        !BaseSetPosition(hFile, Position))
        return FALSE;
    if (lpNewFilePointer)
        lpNewFilePointer->QuadPart = Position;
    return TRUE;
}

/* INVALID_FILE_SIZE is also a valid low half: then the last error is
 * NO_ERROR, and a caller with lpFileSizeHigh tells the two apart. */
NTIO_EXPORT DWORD WINAPI GetFileSize(HANDLE hFile, LPDWORD lpFileSizeHigh)
{
    LARGE_INTEGER Size;
    if (!GetFileSizeEx(hFile, &Size))
        return INVALID_FILE_SIZE;
    if (lpFileSizeHigh)
        *lpFileSizeHigh = (DWORD)Size.HighPart;
    if (Size.LowPart == INVALID_FILE_SIZE)
        SetLastError(NO_ERROR);
    return Size.LowPart;
}

NTIO_EXPORT BOOL WINAPI GetFileSizeEx(HANDLE hFile, PLARGE_INTEGER lpFileSize)
{
    IO_STATUS_BLOCK Iosb;
    FILE_STANDARD_INFORMATION S;
    NTSTATUS Status = NtQueryInformationFile(hFile, &Iosb, &S, sizeof S, FileStandardInformation);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    lpFileSize->QuadPart = S.EndOfFile.QuadPart;
    return TRUE;
}

/* The end of the file moves to the file pointer; so does its allocation. */
NTIO_EXPORT BOOL WINAPI SetEndOfFile(HANDLE hFile)
{
    IO_STATUS_BLOCK Iosb;
    FILE_POSITION_INFORMATION P;
    NTSTATUS Status = NtQueryInformationFile(hFile, &Iosb, &P, sizeof P, FilePositionInformation);
    if (NT_SUCCESS(Status)) {
        FILE_END_OF_FILE_INFORMATION E = { P.CurrentByteOffset };
        Status = NtSetInformationFile(hFile, &Iosb, &E, sizeof E, FileEndOfFileInformation);
    }
    if (NT_SUCCESS(Status)) {
        FILE_ALLOCATION_INFORMATION A = { P.CurrentByteOffset };
        Status = NtSetInformationFile(hFile, &Iosb, &A, sizeof A, FileAllocationInformation);
    }
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

NTIO_EXPORT BOOL WINAPI FlushFileBuffers(HANDLE hFile)
{
    IO_STATUS_BLOCK Iosb;
    NTSTATUS Status = NtFlushBuffersFile(hFile, &Iosb);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

/* ---- files and directories by name -------------------------------------- */

/* Open Path for a by-name operation (no data access). */
static NTSTATUS BaseOpenByName(LPCWSTR Path, ACCESS_MASK Access, ULONG Options, PHANDLE Handle)
{
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attr;
    IO_STATUS_BLOCK Iosb;
    if (!Path)
        return STATUS_INVALID_PARAMETER;
    NTSTATUS Status = BaseDosPathToNtPath(Path, &Name, NULL);
    if (!NT_SUCCESS(Status))
        return Status == STATUS_NAME_TOO_LONG ? Status : STATUS_OBJECT_PATH_NOT_FOUND;
    InitializeObjectAttributes(&Attr, &Name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    Status = NtOpenFile(Handle, Access | SYNCHRONIZE, &Attr, &Iosb,
                        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                        Options | FILE_SYNCHRONOUS_IO_NONALERT | FILE_OPEN_FOR_BACKUP_INTENT);
    BaseFreeNtPath(&Name);
    return Status;
}

/* Mark an open file for deletion and close it: the name goes with it. */
static BOOL BaseDeleteByName(LPCWSTR Path, ULONG Options)
{
    HANDLE Handle;
    IO_STATUS_BLOCK Iosb;
    NTSTATUS Status = BaseOpenByName(Path, DELETE, Options, &Handle);
    if (NT_SUCCESS(Status)) {
        FILE_DISPOSITION_INFORMATION D = { TRUE };
        Status = NtSetInformationFile(Handle, &Iosb, &D, sizeof D, FileDispositionInformation);
        NtClose(Handle);
    }
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

NTIO_EXPORT BOOL WINAPI DeleteFileW(LPCWSTR lpFileName)
{
    return BaseDeleteByName(lpFileName, FILE_NON_DIRECTORY_FILE);
}

NTIO_EXPORT BOOL WINAPI RemoveDirectoryW(LPCWSTR lpPathName)
{
    return BaseDeleteByName(lpPathName, FILE_DIRECTORY_FILE);
}

NTIO_EXPORT DWORD WINAPI GetFileAttributesW(LPCWSTR lpFileName)
{
    HANDLE Handle;
    IO_STATUS_BLOCK Iosb;
    FILE_BASIC_INFORMATION B;
    NTSTATUS Status = BaseOpenByName(lpFileName, FILE_READ_ATTRIBUTES, 0, &Handle);
    if (NT_SUCCESS(Status)) {
        Status = NtQueryInformationFile(Handle, &Iosb, &B, sizeof B, FileBasicInformation);
        NtClose(Handle);
    }
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return INVALID_FILE_ATTRIBUTES;
    }
    return B.FileAttributes;
}

NTIO_EXPORT BOOL WINAPI CreateDirectoryW(LPCWSTR lpPathName, LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attr;
    IO_STATUS_BLOCK Iosb;
    HANDLE Handle;
    if (!lpPathName) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    NTSTATUS Status = BaseDosPathToNtPath(lpPathName, &Name, NULL);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status == STATUS_NAME_TOO_LONG ? Status : STATUS_OBJECT_PATH_NOT_FOUND);
        return FALSE;
    }
    InitializeObjectAttributes(&Attr, &Name, OBJ_CASE_INSENSITIVE, NULL,
                               lpSecurityAttributes ? lpSecurityAttributes->lpSecurityDescriptor : NULL);
    Status = NtCreateFile(&Handle, FILE_LIST_DIRECTORY | SYNCHRONIZE, &Attr, &Iosb, NULL,
                          FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_CREATE,
                          FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT | FILE_OPEN_FOR_BACKUP_INTENT,
                          NULL, 0);
    BaseFreeNtPath(&Name);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    NtClose(Handle);
    return TRUE;
}

/* The A forms: the same in UTF-8. */
#define BASE_ANSI_CALL(Type, Failure, Call, Text)                      \
    do {                                                                \
        if (!(Text)) {                                                  \
            SetLastError(ERROR_INVALID_PARAMETER);                      \
            return Failure;                                             \
        }                                                               \
        PWSTR Wide = BaseAnsiToWide(Text);                              \
        if (!Wide)                                                      \
            return Failure;                                             \
        Type Result = Call;                                             \
        DWORD Error = GetLastError();                                   \
        free(Wide);                                                     \
        SetLastError(Error);                                            \
        return Result;                                                  \
    } while (0)

NTIO_EXPORT BOOL WINAPI DeleteFileA(LPCSTR lpFileName)
{
    BASE_ANSI_CALL(BOOL, FALSE, DeleteFileW(Wide), lpFileName);
}

NTIO_EXPORT BOOL WINAPI RemoveDirectoryA(LPCSTR lpPathName)
{
    BASE_ANSI_CALL(BOOL, FALSE, RemoveDirectoryW(Wide), lpPathName);
}

NTIO_EXPORT DWORD WINAPI GetFileAttributesA(LPCSTR lpFileName)
{
    BASE_ANSI_CALL(DWORD, INVALID_FILE_ATTRIBUTES, GetFileAttributesW(Wide), lpFileName);
}

NTIO_EXPORT BOOL WINAPI CreateDirectoryA(LPCSTR lpPathName, LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
    BASE_ANSI_CALL(BOOL, FALSE, CreateDirectoryW(Wide, lpSecurityAttributes), lpPathName);
}
