/*
 * kernel32/error.c - the thread's last error.
 */
#include "k32.h"

static __thread DWORD BaseLastError;

NTIO_EXPORT DWORD WINAPI GetLastError(VOID)
{
    return BaseLastError;
}

NTIO_EXPORT VOID WINAPI SetLastError(DWORD dwErrCode)
{
    BaseLastError = dwErrCode;
}

DWORD BaseSetLastNTError(NTSTATUS Status)
{
    DWORD Error = RtlNtStatusToDosError(Status);
    BaseLastError = Error;
    return Error;
}

PLARGE_INTEGER BaseFormatTimeOut(PLARGE_INTEGER Timeout, DWORD Milliseconds)
{
    if (Milliseconds == INFINITE)
        return NULL;
    Timeout->QuadPart = -(LONGLONG)Milliseconds * 10000;
    return Timeout;
}
