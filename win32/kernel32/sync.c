/*
 * kernel32/sync.c - events, waits, sleeping, and the small process/thread
 * queries.
 */
#include "k32.h"
#include "rtl/nls.h"

#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <time.h>

static HANDLE BaseCreateEvent(LPSECURITY_ATTRIBUTES Sa, BOOL ManualReset, BOOL InitialState,
                              PUNICODE_STRING Name)
{
    OBJECT_ATTRIBUTES Attr;
    HANDLE Handle;
    InitializeObjectAttributes(&Attr, Name, OBJ_OPENIF, NULL, Sa ? Sa->lpSecurityDescriptor : NULL);
    NTSTATUS Status = NtCreateEvent(&Handle, EVENT_ALL_ACCESS, Name ? &Attr : NULL,
                                    ManualReset ? NotificationEvent : SynchronizationEvent,
                                    (BOOLEAN)(InitialState != 0));
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return NULL;
    }
    SetLastError(Status == STATUS_OBJECT_NAME_EXISTS ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS);
    return Handle;
}

NTIO_EXPORT HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
                                       BOOL bInitialState, LPCWSTR lpName)
{
    if (!lpName)
        return BaseCreateEvent(lpEventAttributes, bManualReset, bInitialState, NULL);
    WCHAR Path[512] = L"\\BaseNamedObjects\\";
    SIZE_T Pre = RtlpWcslen(Path), n = RtlpWcslen(lpName);
    if (Pre + n >= RTL_NUMBER_OF(Path)) {
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return NULL;
    }
    memcpy(Path + Pre, lpName, (n + 1) * sizeof(WCHAR));
    UNICODE_STRING Name = { (USHORT)((Pre + n) * sizeof(WCHAR)), (USHORT)((Pre + n) * sizeof(WCHAR)),
                            Path };
    return BaseCreateEvent(lpEventAttributes, bManualReset, bInitialState, &Name);
}

NTIO_EXPORT HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
                                       BOOL bInitialState, LPCSTR lpName)
{
    if (!lpName)
        return CreateEventW(lpEventAttributes, bManualReset, bInitialState, NULL);
    WCHAR Wide[256];
    SIZE_T n = RtlpUtf8ToUtf16(Wide, RTL_NUMBER_OF(Wide) - 1, lpName, strlen(lpName));
    if (n >= RTL_NUMBER_OF(Wide)) {
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return NULL;
    }
    Wide[n] = 0;
    return CreateEventW(lpEventAttributes, bManualReset, bInitialState, Wide);
}

NTIO_EXPORT BOOL WINAPI SetEvent(HANDLE hEvent)
{
    NTSTATUS Status = NtSetEvent(hEvent, NULL);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

NTIO_EXPORT BOOL WINAPI ResetEvent(HANDLE hEvent)
{
    NTSTATUS Status = NtClearEvent(hEvent);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

static DWORD BaseWaitResult(NTSTATUS Status)
{
    if (Status == STATUS_TIMEOUT)
        return WAIT_TIMEOUT;
    if (Status == STATUS_USER_APC)
        return WAIT_IO_COMPLETION;
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return WAIT_FAILED;
    }
    return (DWORD)Status; /* WAIT_OBJECT_0 + i or WAIT_ABANDONED_0 + i */
}

NTIO_EXPORT DWORD WINAPI WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL bAlertable)
{
    LARGE_INTEGER T;
    return BaseWaitResult(NtWaitForSingleObject(hHandle, (BOOLEAN)(bAlertable != 0),
                                                BaseFormatTimeOut(&T, dwMilliseconds)));
}

NTIO_EXPORT DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds)
{
    return WaitForSingleObjectEx(hHandle, dwMilliseconds, FALSE);
}

NTIO_EXPORT DWORD WINAPI WaitForMultipleObjectsEx(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                                  DWORD dwMilliseconds, BOOL bAlertable)
{
    LARGE_INTEGER T;
    if (nCount == 0 || nCount > MAXIMUM_WAIT_OBJECTS) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    return BaseWaitResult(NtWaitForMultipleObjects(nCount, lpHandles, bWaitAll ? WaitAll : WaitAny,
                                                   (BOOLEAN)(bAlertable != 0),
                                                   BaseFormatTimeOut(&T, dwMilliseconds)));
}

NTIO_EXPORT DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                                DWORD dwMilliseconds)
{
    return WaitForMultipleObjectsEx(nCount, lpHandles, bWaitAll, dwMilliseconds, FALSE);
}

NTIO_EXPORT DWORD WINAPI SleepEx(DWORD dwMilliseconds, BOOL bAlertable)
{
    LARGE_INTEGER T;
    if (dwMilliseconds == INFINITE)
        T.QuadPart = (LONGLONG)0x8000000000000000ULL; /* the longest relative wait there is */
    else
        T.QuadPart = -(LONGLONG)dwMilliseconds * 10000;
    NTSTATUS Status = NtDelayExecution((BOOLEAN)(bAlertable != 0), &T);
    return Status == STATUS_USER_APC ? WAIT_IO_COMPLETION : 0;
}

NTIO_EXPORT VOID WINAPI Sleep(DWORD dwMilliseconds)
{
    SleepEx(dwMilliseconds, FALSE);
}

NTIO_EXPORT DWORD WINAPI GetCurrentThreadId(VOID)
{
    return (DWORD)syscall(SYS_gettid);
}

NTIO_EXPORT DWORD WINAPI GetCurrentProcessId(VOID)
{
    return (DWORD)getpid();
}

NTIO_EXPORT BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *lpPerformanceCount)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    lpPerformanceCount->QuadPart = (LONGLONG)ts.tv_sec * 10000000LL + ts.tv_nsec / 100;
    return TRUE;
}

NTIO_EXPORT BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *lpFrequency)
{
    lpFrequency->QuadPart = 10000000;
    return TRUE;
}
