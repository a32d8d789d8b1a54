/*
 * pendapp.c - pended reads and every way they end: data from a write,
 * CancelIoEx (one request, or all of a file's), CancelIo from the issuing
 * thread, a completion routine run by an alertable SleepEx (ReadFileEx),
 * closing the handle, and the issuing thread exiting.
 */
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>
#include <string.h>
#include "pendq.h"

static int failures;
#define EXPECT(cond, what)                                                                  \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            printf("FAIL: %s (GetLastError=%lu)\n", what, (unsigned long)GetLastError());  \
            failures++;                                                                     \
        } else {                                                                            \
            printf("ok:   %s\n", what);                                                     \
        }                                                                                   \
    } while (0)

static ULONG Held(HANDLE h)
{
    ULONG n = 0xFFFFFFFF;
    DWORD bytes;
    DeviceIoControl(h, IOCTL_PENDQ_COUNT, NULL, 0, &n, sizeof n, &bytes, NULL);
    return n;
}

static HANDLE OpenAsync(void)
{
    return CreateFileA(PENDQ_PATH, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                       FILE_FLAG_OVERLAPPED, NULL);
}

static BOOL Write(HANDLE h, const char *text)
{
    OVERLAPPED ov;
    DWORD bytes;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    BOOL ok = WriteFile(h, text, (DWORD)strlen(text), &bytes, &ov) ||
              (GetLastError() == ERROR_IO_PENDING && GetOverlappedResult(h, &ov, &bytes, TRUE));
    CloseHandle(ov.hEvent);
    return ok;
}

/* ReadFileEx completion routine. */
static DWORD ApcError = 0xFFFF, ApcBytes;
static int ApcCalls;
static VOID WINAPI OnRead(DWORD Error, DWORD Bytes, LPOVERLAPPED Ov)
{
    (void)Ov;
    ApcError = Error;
    ApcBytes = Bytes;
    ApcCalls++;
}

static HANDLE SyncHandle;
static DWORD SyncError;
static DWORD WINAPI SyncReader(LPVOID Arg)
{
    char buf[16];
    DWORD bytes;
    (void)Arg;
    if (!ReadFile(SyncHandle, buf, sizeof buf, &bytes, NULL))
        SyncError = GetLastError();
    return 0;
}

static HANDLE ExitHandle;
static DWORD WINAPI ReadAndExit(LPVOID Arg)
{
    static char buf[16];
    static OVERLAPPED ov;
    (void)Arg;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ReadFile(ExitHandle, buf, sizeof buf, NULL, &ov);
    return 0; /* the thread leaves with its read pending */
}

int main(void)
{
    HANDLE h = OpenAsync();
    char buf[32];
    DWORD bytes;
    OVERLAPPED ov;
    BOOL ok;
    if (h == INVALID_HANDLE_VALUE) {
        printf("FAIL: open %lu\n", (unsigned long)GetLastError());
        return 1;
    }

    /* 1. Data arrives. */
    memset(&ov, 0, sizeof ov);
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok = ReadFile(h, buf, sizeof buf, NULL, &ov);
    EXPECT(!ok && GetLastError() == ERROR_IO_PENDING, "read pends");
    EXPECT(!GetOverlappedResult(h, &ov, &bytes, FALSE) && GetLastError() == ERROR_IO_INCOMPLETE,
           "GetOverlappedResult without waiting: ERROR_IO_INCOMPLETE");
    EXPECT(Held(h) == 1, "the driver holds it");
    EXPECT(Write(h, "hello"), "a write supplies data");
    ok = GetOverlappedResult(h, &ov, &bytes, TRUE);
    EXPECT(ok && bytes == 5 && !memcmp(buf, "hello", 5), "the read completes with the data");

    /* 2. CancelIoEx of that request. */
    ResetEvent(ov.hEvent);
    ok = ReadFile(h, buf, sizeof buf, NULL, &ov);
    EXPECT(!ok && GetLastError() == ERROR_IO_PENDING, "read pends again");
    EXPECT(CancelIoEx(h, &ov), "CancelIoEx(h, &ov)");
    ok = GetOverlappedResult(h, &ov, &bytes, TRUE);
    EXPECT(!ok && GetLastError() == ERROR_OPERATION_ABORTED && Held(h) == 0,
           "the read ends with ERROR_OPERATION_ABORTED and leaves the queue");
    EXPECT(!CancelIoEx(h, &ov) && GetLastError() == ERROR_NOT_FOUND,
           "cancelling it again: ERROR_NOT_FOUND");

    /* 3. CancelIo from the issuing thread cancels all its requests on the file. */
    OVERLAPPED ov2[3];
    for (int i = 0; i < 3; i++) {
        memset(&ov2[i], 0, sizeof ov2[i]);
        ov2[i].hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
        ReadFile(h, buf, sizeof buf, NULL, &ov2[i]);
    }
    EXPECT(Held(h) == 3, "three reads held");
    EXPECT(CancelIo(h), "CancelIo");
    int aborted = 0;
    for (int i = 0; i < 3; i++) {
        if (!GetOverlappedResult(h, &ov2[i], &bytes, TRUE) && GetLastError() == ERROR_OPERATION_ABORTED)
            aborted++;
        CloseHandle(ov2[i].hEvent);
    }
    EXPECT(aborted == 3, "all three aborted");

    /* 4. ReadFileEx: the completion routine runs in an alertable wait. */
    memset(&ov, 0, sizeof ov);
    ok = ReadFileEx(h, buf, sizeof buf, &ov, OnRead);
    EXPECT(ok && ApcCalls == 0, "ReadFileEx queues the read; no routine yet");
    Write(h, "apc!");
    EXPECT(ApcCalls == 0, "not run outside an alertable wait");
    EXPECT(SleepEx(0, FALSE) == 0 && ApcCalls == 0, "a non-alertable SleepEx does not run it");
    EXPECT(SleepEx(5000, TRUE) == WAIT_IO_COMPLETION && ApcCalls == 1 && ApcError == 0 && ApcBytes == 4,
           "alertable SleepEx runs it: WAIT_IO_COMPLETION, 4 bytes");
    ok = ReadFileEx(h, buf, sizeof buf, &ov, OnRead);
    CancelIoEx(h, &ov);
    EXPECT(WaitForSingleObjectEx(ov.hEvent ? ov.hEvent : h, 5000, TRUE) == WAIT_IO_COMPLETION &&
               ApcCalls == 2 && ApcError == ERROR_OPERATION_ABORTED,
           "a cancelled ReadFileEx reports ERROR_OPERATION_ABORTED to its routine");

    /* 5. A synchronous read blocked in another thread, cancelled by CancelIoEx. */
    SyncHandle = CreateFileA(PENDQ_PATH, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    HANDLE t = CreateThread(NULL, 0, SyncReader, NULL, 0, NULL);
    while (Held(h) != 1)
        Sleep(1);
    EXPECT(CancelIoEx(SyncHandle, NULL), "CancelIoEx on the blocked synchronous read");
    EXPECT(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0 && SyncError == ERROR_OPERATION_ABORTED,
           "the synchronous ReadFile returns ERROR_OPERATION_ABORTED");
    CloseHandle(t);
    CloseHandle(SyncHandle);

    /* 6. A thread that exits with a read pending: the read is cancelled. */
    ExitHandle = h;
    t = CreateThread(NULL, 0, ReadAndExit, NULL, 0, NULL);
    EXPECT(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0 && Held(h) == 0,
           "the exiting thread's read was cancelled");
    CloseHandle(t);

    /* 7. Closing the handle: CLEANUP completes what the file still has. */
    HANDLE h2 = OpenAsync();
    memset(&ov, 0, sizeof ov);
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ReadFile(h2, buf, sizeof buf, NULL, &ov);
    EXPECT(Held(h) == 1, "a read held for a second handle");
    CloseHandle(h2);
    EXPECT(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0 &&
               (NTSTATUS)ov.Internal == (NTSTATUS)0xC0000120 && Held(h) == 0,
           "closing it completes the read as cancelled");

    CloseHandle(h);
    printf("%s\n", failures ? "cancel sample: FAILED" : "cancel sample: every way a pended read ends works");
    return failures ? 1 : 0;
}
