/*
 * kernel32/ioctl.c - DeviceIoControl, GetOverlappedResult(Ex), CancelIo(Ex).
 */
#include "k32.h"

NTIO_EXPORT BOOL WINAPI DeviceIoControl(HANDLE hDevice, DWORD dwIoControlCode, LPVOID lpInBuffer,
                                        DWORD nInBufferSize, LPVOID lpOutBuffer, DWORD nOutBufferSize,
                                        LPDWORD lpBytesReturned, LPOVERLAPPED lpOverlapped)
{
    NTSTATUS Status;
    if (lpOverlapped) {
        lpOverlapped->Internal = (ULONG_PTR)STATUS_PENDING;
        lpOverlapped->InternalHigh = 0;
        HANDLE Event = (HANDLE)((ULONG_PTR)lpOverlapped->hEvent & ~(ULONG_PTR)1);
        Status = NtDeviceIoControlFile(hDevice, Event, NULL,
                                       ((ULONG_PTR)lpOverlapped->hEvent & 1) ? NULL : lpOverlapped,
                                       (PIO_STATUS_BLOCK)lpOverlapped, dwIoControlCode, lpInBuffer,
                                       nInBufferSize, lpOutBuffer, nOutBufferSize);
        if (Status == STATUS_PENDING) {
            SetLastError(ERROR_IO_PENDING);
            return FALSE;
        }
        if (NT_ERROR(Status)) {
            BaseSetLastNTError(Status);
            return FALSE;
        }
        if (lpBytesReturned)
            *lpBytesReturned = (DWORD)lpOverlapped->InternalHigh;
        if (!NT_SUCCESS(Status)) {
            BaseSetLastNTError(Status); /* warnings, e.g. ERROR_MORE_DATA */
            return FALSE;
        }
        return TRUE;
    }
    IO_STATUS_BLOCK Iosb = { .Status = STATUS_SUCCESS, .Information = 0 };
    Status = NtDeviceIoControlFile(hDevice, NULL, NULL, NULL, &Iosb, dwIoControlCode, lpInBuffer,
                                   nInBufferSize, lpOutBuffer, nOutBufferSize);
    if (Status == STATUS_PENDING) {
        /* An asynchronous handle used without an OVERLAPPED: wait on the file. */
        Status = NtWaitForSingleObject(hDevice, FALSE, NULL);
        if (NT_SUCCESS(Status))
            Status = Iosb.Status;
    }
    if (lpBytesReturned)
        *lpBytesReturned = NT_ERROR(Status) ? 0 : (DWORD)Iosb.Information;
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

NTIO_EXPORT BOOL WINAPI GetOverlappedResultEx(HANDLE hFile, LPOVERLAPPED lpOverlapped,
                                              LPDWORD lpNumberOfBytesTransferred,
                                              DWORD dwMilliseconds, BOOL bAlertable)
{
    if (!lpOverlapped) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if ((NTSTATUS)lpOverlapped->Internal == STATUS_PENDING) {
        if (dwMilliseconds == 0) {
            SetLastError(ERROR_IO_INCOMPLETE);
            return FALSE;
        }
        HANDLE Wait = lpOverlapped->hEvent ? (HANDLE)((ULONG_PTR)lpOverlapped->hEvent & ~(ULONG_PTR)1)
                                           : hFile;
        LARGE_INTEGER T;
        NTSTATUS Status = NtWaitForSingleObject(Wait, (BOOLEAN)(bAlertable != 0),
                                                BaseFormatTimeOut(&T, dwMilliseconds));
        if (Status == STATUS_TIMEOUT) {
            SetLastError(WAIT_TIMEOUT);
            return FALSE;
        }
        if (Status == STATUS_USER_APC) {
            SetLastError(WAIT_IO_COMPLETION);
            return FALSE;
        }
        if (!NT_SUCCESS(Status)) {
            BaseSetLastNTError(Status);
            return FALSE;
        }
        if ((NTSTATUS)lpOverlapped->Internal == STATUS_PENDING) {
            SetLastError(ERROR_IO_INCOMPLETE);
            return FALSE;
        }
    }
    if (lpNumberOfBytesTransferred)
        *lpNumberOfBytesTransferred = (DWORD)lpOverlapped->InternalHigh;
    NTSTATUS Final = (NTSTATUS)lpOverlapped->Internal;
    if (!NT_SUCCESS(Final)) {
        BaseSetLastNTError(Final);
        return FALSE;
    }
    return TRUE;
}

NTIO_EXPORT BOOL WINAPI GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped,
                                            LPDWORD lpNumberOfBytesTransferred, BOOL bWait)
{
    return GetOverlappedResultEx(hFile, lpOverlapped, lpNumberOfBytesTransferred,
                                 bWait ? INFINITE : 0, FALSE);
}

NTIO_EXPORT BOOL WINAPI CancelIo(HANDLE hFile)
{
    IO_STATUS_BLOCK Iosb;
    NTSTATUS Status = NtCancelIoFile(hFile, &Iosb);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

NTIO_EXPORT BOOL WINAPI CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped)
{
    IO_STATUS_BLOCK Iosb;
    NTSTATUS Status = NtCancelIoFileEx(hFile, (PIO_STATUS_BLOCK)lpOverlapped, &Iosb);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status); /* STATUS_NOT_FOUND -> ERROR_NOT_FOUND */
        return FALSE;
    }
    return TRUE;
}
