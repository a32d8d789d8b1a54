/*
 * kernel32/iocp.c - I/O completion ports: CreateIoCompletionPort,
 * GetQueuedCompletionStatus(Ex), PostQueuedCompletionStatus and
 * SetFileCompletionNotificationModes, on the IoCompletion services
 * (NtCreateIoCompletion, NtRemoveIoCompletion(Ex), NtSetIoCompletion),
 * FileCompletionInformation and FileIoCompletionNotificationInformation.
 */
#include "k32.h"

NTIO_EXPORT HANDLE WINAPI CreateIoCompletionPort(HANDLE FileHandle, HANDLE ExistingCompletionPort,
                                                 ULONG_PTR CompletionKey,
                                                 DWORD NumberOfConcurrentThreads)
{
    HANDLE Port = ExistingCompletionPort;
    NTSTATUS Status;
    if (FileHandle == INVALID_HANDLE_VALUE && ExistingCompletionPort) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!Port) {
        Status = NtCreateIoCompletion(&Port, IO_COMPLETION_ALL_ACCESS, NULL,
                                      NumberOfConcurrentThreads);
        if (!NT_SUCCESS(Status)) {
            BaseSetLastNTError(Status);
            return NULL;
        }
    }
    if (FileHandle != INVALID_HANDLE_VALUE) {
        FILE_COMPLETION_INFORMATION Info = { .Port = Port, .Key = (PVOID)CompletionKey };
        IO_STATUS_BLOCK Iosb;
        Status = NtSetInformationFile(FileHandle, &Iosb, &Info, sizeof Info,
                                      FileCompletionInformation);
        if (!NT_SUCCESS(Status)) {
            if (!ExistingCompletionPort)
                NtClose(Port);
            BaseSetLastNTError(Status);
            return NULL;
        }
    }
    return Port;
}

NTIO_EXPORT BOOL WINAPI GetQueuedCompletionStatus(HANDLE CompletionPort,
                                                  LPDWORD lpNumberOfBytesTransferred,
                                                  PULONG_PTR lpCompletionKey,
                                                  LPOVERLAPPED *lpOverlapped, DWORD dwMilliseconds)
{
    LARGE_INTEGER T;
    PVOID Key = NULL, Context = NULL;
    IO_STATUS_BLOCK Iosb;
    if (lpOverlapped)
        *lpOverlapped = NULL;
    NTSTATUS Status = NtRemoveIoCompletion(CompletionPort, &Key, &Context, &Iosb,
                                           BaseFormatTimeOut(&T, dwMilliseconds));
    if (Status != STATUS_SUCCESS) {
        /* No packet: *lpOverlapped stays NULL. */
        if (Status == STATUS_TIMEOUT)
            SetLastError(WAIT_TIMEOUT);
        else if (Status == STATUS_ABANDONED)
            SetLastError(ERROR_ABANDONED_WAIT_0);
        else
            BaseSetLastNTError(Status);
        return FALSE;
    }
    if (!lpOverlapped || !lpNumberOfBytesTransferred || !lpCompletionKey) {
        SetLastError(ERROR_NOACCESS); /* the packet is lost, as on Windows' fault */
        return FALSE;
    }
    *lpCompletionKey = (ULONG_PTR)Key;
    *lpOverlapped = (LPOVERLAPPED)Context;
    *lpNumberOfBytesTransferred = (DWORD)Iosb.Information;
    if (!NT_SUCCESS(Iosb.Status)) {
        /* A packet for a failed request: FALSE, with the packet's fields. */
        BaseSetLastNTError(Iosb.Status);
        return FALSE;
    }
    return TRUE;
}

NTIO_EXPORT BOOL WINAPI GetQueuedCompletionStatusEx(HANDLE CompletionPort,
                                                    LPOVERLAPPED_ENTRY lpCompletionPortEntries,
                                                    ULONG ulCount, PULONG ulNumEntriesRemoved,
                                                    DWORD dwMilliseconds, BOOL fAlertable)
{
    LARGE_INTEGER T;
    ULONG Removed = 0;
    /* OVERLAPPED_ENTRY and FILE_IO_COMPLETION_INFORMATION have the same
     * layout: key, context, status, information. */
    NTIO_STATIC_ASSERT(sizeof(OVERLAPPED_ENTRY) == sizeof(FILE_IO_COMPLETION_INFORMATION));
    NTIO_STATIC_ASSERT(FIELD_OFFSET(OVERLAPPED_ENTRY, Internal) ==
                       FIELD_OFFSET(FILE_IO_COMPLETION_INFORMATION, IoStatusBlock.Status));
    NTIO_STATIC_ASSERT(FIELD_OFFSET(OVERLAPPED_ENTRY, dwNumberOfBytesTransferred) ==
                       FIELD_OFFSET(FILE_IO_COMPLETION_INFORMATION, IoStatusBlock.Information));
    if (ulNumEntriesRemoved)
        *ulNumEntriesRemoved = 0;
    NTSTATUS Status = NtRemoveIoCompletionEx(CompletionPort,
                                             (PFILE_IO_COMPLETION_INFORMATION)lpCompletionPortEntries,
                                             ulCount, &Removed,
                                             BaseFormatTimeOut(&T, dwMilliseconds),
                                             fAlertable ? TRUE : FALSE);
    if (Status != STATUS_SUCCESS) {
        if (Status == STATUS_TIMEOUT)
            SetLastError(WAIT_TIMEOUT);
        else if (Status == STATUS_USER_APC)
            SetLastError(WAIT_IO_COMPLETION);
        else if (Status == STATUS_ABANDONED)
            SetLastError(ERROR_ABANDONED_WAIT_0);
        else
            BaseSetLastNTError(Status);
        return FALSE;
    }
    if (!ulNumEntriesRemoved) {
        SetLastError(ERROR_NOACCESS);
        return FALSE;
    }
    /* The status word is an NTSTATUS; the count a DWORD (the upper half of
     * Information is not part of OVERLAPPED_ENTRY's DWORD). */
    for (ULONG i = 0; i < Removed; i++) {
        PFILE_IO_COMPLETION_INFORMATION Info =
            (PFILE_IO_COMPLETION_INFORMATION)&lpCompletionPortEntries[i];
        ULONG_PTR Information = Info->IoStatusBlock.Information;
        lpCompletionPortEntries[i].Internal = (ULONG_PTR)(ULONG)Info->IoStatusBlock.Status;
        lpCompletionPortEntries[i].dwNumberOfBytesTransferred = (DWORD)Information;
    }
    *ulNumEntriesRemoved = Removed;
    return TRUE;
}

NTIO_EXPORT BOOL WINAPI PostQueuedCompletionStatus(HANDLE CompletionPort,
                                                   DWORD dwNumberOfBytesTransferred,
                                                   ULONG_PTR dwCompletionKey,
                                                   LPOVERLAPPED lpOverlapped)
{
    NTSTATUS Status = NtSetIoCompletion(CompletionPort, (PVOID)dwCompletionKey, lpOverlapped,
                                        STATUS_SUCCESS, dwNumberOfBytesTransferred);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

NTIO_EXPORT BOOL WINAPI SetFileCompletionNotificationModes(HANDLE FileHandle, UCHAR Flags)
{
    FILE_IO_COMPLETION_NOTIFICATION_INFORMATION Info = { .Flags = Flags };
    IO_STATUS_BLOCK Iosb;
    NTSTATUS Status = NtSetInformationFile(FileHandle, &Iosb, &Info, sizeof Info,
                                           FileIoCompletionNotificationInformation);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}
