/*
 * kernel32/file.c - CreateFile, CloseHandle, ReadFile, WriteFile and the
 * *Ex forms with completion routines.
 *
 * Device paths \\.\Name map to \??\Name in the object namespace.  A handle
 * opened without FILE_FLAG_OVERLAPPED is synchronous (the kernel waits),
 * with it the caller gets ERROR_IO_PENDING and an OVERLAPPED to wait on.
 */
#include "k32.h"
#include "rtl/nls.h"

#include <stdlib.h>
#include <string.h>

static NTSTATUS BaseDosPathToNtPath(LPCWSTR Path, PWCHAR Out, SIZE_T OutChars)
{
    SIZE_T n = RtlpWcslen(Path);
    const WCHAR Prefix[] = L"\\??\\";
    /* \\.\Name and \\?\Name: the device namespace. */
    if (n >= 4 && Path[0] == L'\\' && Path[1] == L'\\' && (Path[2] == L'.' || Path[2] == L'?') &&
        Path[3] == L'\\') {
        if (n - 4 + 4 + 1 > OutChars)
            return STATUS_NAME_TOO_LONG;
        memcpy(Out, Prefix, 4 * sizeof(WCHAR));
        memcpy(Out + 4, Path + 4, (n - 4) * sizeof(WCHAR));
        Out[n] = 0;
        return STATUS_SUCCESS;
    }
    /* Plain file-system paths reach files through the drive mapping, which
     * is not part of ntio yet: such a name does not exist. */
    return STATUS_OBJECT_PATH_NOT_FOUND;
}

NTIO_EXPORT HANDLE WINAPI CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                                      LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                      DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes,
                                      HANDLE hTemplateFile)
{
    static const ULONG Disposition[] = { 0, FILE_CREATE, FILE_OVERWRITE_IF, FILE_OPEN, FILE_OPEN_IF,
                                         FILE_OVERWRITE };
    WCHAR NtPath[1024];
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
    Status = BaseDosPathToNtPath(lpFileName, NtPath, RTL_NUMBER_OF(NtPath));
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
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
    Name.Buffer = NtPath;
    Name.Length = (USHORT)(RtlpWcslen(NtPath) * sizeof(WCHAR));
    Name.MaximumLength = Name.Length;
    InitializeObjectAttributes(&Attr, &Name,
                               (dwFlagsAndAttributes & FILE_FLAG_POSIX_SEMANTICS) ? 0 : OBJ_CASE_INSENSITIVE,
                               NULL, lpSecurityAttributes ? lpSecurityAttributes->lpSecurityDescriptor : NULL);
    if (lpSecurityAttributes && lpSecurityAttributes->bInheritHandle)
        Attr.Attributes |= OBJ_INHERIT;
    Status = NtCreateFile(&Handle, dwDesiredAccess | SYNCHRONIZE | FILE_READ_ATTRIBUTES, &Attr, &Iosb,
                          NULL, dwFlagsAndAttributes & FILE_ATTRIBUTE_VALID_FLAGS,
                          dwShareMode & FILE_SHARE_VALID_FLAGS, Disposition[dwCreationDisposition],
                          Options, NULL, 0);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return INVALID_HANDLE_VALUE;
    }
    /* Windows reports "it already existed" for the *_ALWAYS dispositions. */
    SetLastError((dwCreationDisposition == CREATE_ALWAYS || dwCreationDisposition == OPEN_ALWAYS) &&
                         Iosb.Information == FILE_OPENED
                     ? ERROR_ALREADY_EXISTS
                     : ERROR_SUCCESS);
    return Handle;
}

NTIO_EXPORT HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                                      LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                      DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes,
                                      HANDLE hTemplateFile)
{
    WCHAR Wide[1024];
    if (!lpFileName) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    SIZE_T Len = strlen(lpFileName);
    SIZE_T n = RtlpUtf8ToUtf16(Wide, RTL_NUMBER_OF(Wide) - 1, lpFileName, Len);
    if (n >= RTL_NUMBER_OF(Wide)) {
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return INVALID_HANDLE_VALUE;
    }
    Wide[n] = 0;
    return CreateFileW(Wide, dwDesiredAccess, dwShareMode, lpSecurityAttributes,
                       dwCreationDisposition, dwFlagsAndAttributes, hTemplateFile);
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
