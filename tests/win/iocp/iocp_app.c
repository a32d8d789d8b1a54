/*
 * iocp_app.c - I/O completion ports through kernel32: creating ports and
 * associating files (CreateIoCompletionPort's rules), private packets
 * (PostQueuedCompletionStatus), GetQueuedCompletionStatus's results
 * (timeouts, failed I/O, closed ports), GetQueuedCompletionStatusEx many at
 * once and fewer, the concurrency value (one of two waiting threads runs;
 * when it blocks the other takes the next packet; waiters LIFO), and a
 * driver's pended reads completed from a timer DPC arriving at the port
 * with the file's key, the OVERLAPPED, the byte count and the status;
 * SetFileCompletionNotificationModes (no packet for a request that
 * succeeded at once; the handle's event left alone); thread-agnostic I/O
 * (a request on a port-bound file outlives the thread that issued it, and
 * is cancelled at process exit).
 */
#include <windows.h>
#include <string.h>

#include "../../harness.h"

#define IOCP_PATH "\\\\.\\IocpTest"
#define FAIL_LENGTH 7 /* iocpdrv completes such reads with STATUS_DATA_ERROR */
#define HOLD_LENGTH 50 /* iocpdrv holds such reads until they are cancelled */
#define STATUS_PENDING_VALUE 0x103
#define STATUS_CANCELLED_VALUE 0xC0000120

static void TestBasics(void)
{
    DWORD Bytes = 1;
    ULONG_PTR Key = 1;
    LPOVERLAPPED Ov = (LPOVERLAPPED)1;
    OVERLAPPED A, B;

    HANDLE Port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 5, 1);
    CHECK(Port != NULL);
    /* INVALID_HANDLE_VALUE with an existing port: refused. */
    SetLastError(0);
    CHECK(CreateIoCompletionPort(INVALID_HANDLE_VALUE, Port, 0, 0) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);

    /* Nothing queued: FALSE, *lpOverlapped NULL, WAIT_TIMEOUT. */
    CHECK(!GetQueuedCompletionStatus(Port, &Bytes, &Key, &Ov, 0));
    CHECK(Ov == NULL);
    CHECK_EQ(GetLastError(), WAIT_TIMEOUT);
    Ov = (LPOVERLAPPED)1;
    CHECK(!GetQueuedCompletionStatus(Port, &Bytes, &Key, &Ov, 30));
    CHECK(Ov == NULL);
    CHECK_EQ(GetLastError(), WAIT_TIMEOUT);

    /* Private packets, first in first out, as posted. */
    CHECK(PostQueuedCompletionStatus(Port, 11, 0x1111, &A));
    CHECK(PostQueuedCompletionStatus(Port, 22, 0x2222, &B));
    CHECK(PostQueuedCompletionStatus(Port, 33, 0x3333, NULL));
    CHECK(GetQueuedCompletionStatus(Port, &Bytes, &Key, &Ov, INFINITE));
    CHECK(Bytes == 11 && Key == 0x1111 && Ov == &A);
    CHECK(GetQueuedCompletionStatus(Port, &Bytes, &Key, &Ov, 0));
    CHECK(Bytes == 22 && Key == 0x2222 && Ov == &B);
    /* A NULL OVERLAPPED with TRUE: a private packet, not a failure. */
    CHECK(GetQueuedCompletionStatus(Port, &Bytes, &Key, &Ov, 0));
    CHECK(Bytes == 33 && Key == 0x3333 && Ov == NULL);

    /* Bad handles. */
    Ov = (LPOVERLAPPED)1;
    CHECK(!GetQueuedCompletionStatus(NULL, &Bytes, &Key, &Ov, 0));
    CHECK(Ov == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    HANDLE Event = CreateEventA(NULL, TRUE, FALSE, NULL);
    CHECK(!GetQueuedCompletionStatus(Event, &Bytes, &Key, &Ov, 0));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    CHECK(!PostQueuedCompletionStatus(Event, 0, 0, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    /* A file handle that is not a port cannot be the existing port. */
    CHECK(CreateIoCompletionPort(INVALID_HANDLE_VALUE, Event, 0, 0) == NULL);
    CloseHandle(Event);
    CHECK(CloseHandle(Port));
}

static void TestEx(void)
{
    OVERLAPPED_ENTRY E[8];
    ULONG Removed = 99;
    OVERLAPPED Ov[5];
    HANDLE Port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    CHECK(Port != NULL);

    CHECK(!GetQueuedCompletionStatusEx(Port, E, 8, &Removed, 0, FALSE));
    CHECK_EQ(GetLastError(), WAIT_TIMEOUT);
    CHECK_EQ(Removed, 0);
    CHECK(!GetQueuedCompletionStatusEx(Port, E, 0, &Removed, 0, FALSE));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!GetQueuedCompletionStatusEx(Port, E, 8, &Removed, 20, TRUE));
    CHECK_EQ(GetLastError(), WAIT_TIMEOUT);

    for (int i = 0; i < 5; i++)
        CHECK(PostQueuedCompletionStatus(Port, 100 + i, 10 + i, &Ov[i]));
    /* Fewer than queued ... */
    CHECK(GetQueuedCompletionStatusEx(Port, E, 3, &Removed, INFINITE, FALSE));
    CHECK_EQ(Removed, 3);
    for (int i = 0; i < 3; i++) {
        CHECK_EQ(E[i].lpCompletionKey, (ULONG_PTR)(10 + i));
        CHECK(E[i].lpOverlapped == &Ov[i]);
        CHECK_EQ(E[i].dwNumberOfBytesTransferred, (DWORD)(100 + i));
        CHECK_EQ(E[i].Internal, 0);
    }
    /* ... then many at once: what is there. */
    CHECK(GetQueuedCompletionStatusEx(Port, E, 8, &Removed, INFINITE, TRUE));
    CHECK_EQ(Removed, 2);
    CHECK(E[0].lpOverlapped == &Ov[3] && E[1].lpOverlapped == &Ov[4]);
    CHECK(!GetQueuedCompletionStatusEx(Port, E, 8, &Removed, 0, FALSE));
    CHECK_EQ(GetLastError(), WAIT_TIMEOUT);
    CloseHandle(Port);
}

/* ---- concurrency ---------------------------------------------------------- */

typedef struct _WORKER {
    HANDLE Port;
    int Id;
} WORKER;

static HANDLE Gate;                    /* a worker holding packet 1 blocks on it */
static volatile LONG Taken[4];         /* packet key -> worker id that took it */
static volatile LONG TakenCount, Spin, Waiting;

static DWORD WINAPI ConcurrencyWorker(LPVOID Parameter)
{
    WORKER *W = Parameter;
    for (;;) {
        DWORD Bytes;
        ULONG_PTR Key;
        LPOVERLAPPED Ov;
        __atomic_add_fetch(&Waiting, 1, __ATOMIC_SEQ_CST);
        if (!GetQueuedCompletionStatus(W->Port, &Bytes, &Key, &Ov, INFINITE))
            return 1;
        if (Key == 0)
            return 0;
        __atomic_store_n(&Taken[Key], W->Id, __ATOMIC_SEQ_CST);
        __atomic_add_fetch(&TakenCount, 1, __ATOMIC_SEQ_CST);
        if (Key == 1) {
            /* Active without blocking, until told; then block. */
            while (!__atomic_load_n(&Spin, __ATOMIC_SEQ_CST))
                ;
            WaitForSingleObject(Gate, INFINITE);
        }
    }
}

static BOOL WaitUntil(volatile LONG *Value, LONG Want)
{
    for (int i = 0; i < 5000; i++) {
        if (__atomic_load_n(Value, __ATOMIC_SEQ_CST) >= Want)
            return TRUE;
        Sleep(1);
    }
    return FALSE;
}

static void TestConcurrency(void)
{
    HANDLE Port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    WORKER W1 = { Port, 1 }, W2 = { Port, 2 };
    HANDLE T1, T2;
    Gate = CreateEventA(NULL, TRUE, FALSE, NULL);

    T1 = CreateThread(NULL, 0, ConcurrencyWorker, &W1, 0, NULL);
    CHECK(WaitUntil(&Waiting, 1));
    Sleep(50); /* T1 is in its wait */
    T2 = CreateThread(NULL, 0, ConcurrencyWorker, &W2, 0, NULL);
    CHECK(WaitUntil(&Waiting, 2));
    Sleep(50);

    /* Waiters are released last in, first out: T2 takes packet 1. */
    CHECK(PostQueuedCompletionStatus(Port, 0, 1, NULL));
    CHECK(WaitUntil(&TakenCount, 1));
    CHECK_EQ(Taken[1], 2);
    /* Concurrency 1 and T2 is running: packet 2 waits. */
    CHECK(PostQueuedCompletionStatus(Port, 0, 2, NULL));
    Sleep(100);
    CHECK_EQ(TakenCount, 1);
    CHECK_EQ(Taken[2], 0);
    /* T2 blocks on an event: T1 takes packet 2. */
    __atomic_store_n(&Spin, 1, __ATOMIC_SEQ_CST);
    CHECK(WaitUntil(&TakenCount, 2));
    CHECK_EQ(Taken[2], 1);
    SetEvent(Gate);
    /* Both end on key 0 packets. */
    CHECK(PostQueuedCompletionStatus(Port, 0, 0, NULL));
    CHECK(PostQueuedCompletionStatus(Port, 0, 0, NULL));
    DWORD Code = 9;
    CHECK_EQ(WaitForSingleObject(T1, 5000), WAIT_OBJECT_0);
    CHECK_EQ(WaitForSingleObject(T2, 5000), WAIT_OBJECT_0);
    GetExitCodeThread(T1, &Code);
    CHECK_EQ(Code, 0);
    GetExitCodeThread(T2, &Code);
    CHECK_EQ(Code, 0);
    CloseHandle(T1);
    CloseHandle(T2);
    CloseHandle(Gate);
    CloseHandle(Port);
}

/* ---- closing the port releases its waiters -------------------------------- */

static volatile LONG ClosedResults[2]; /* the errors the waiters saw */

static DWORD WINAPI ClosedWaiter(LPVOID Parameter)
{
    HANDLE Port = Parameter;
    DWORD Bytes;
    ULONG_PTR Key;
    LPOVERLAPPED Ov = (LPOVERLAPPED)1;
    BOOL Ok = GetQueuedCompletionStatus(Port, &Bytes, &Key, &Ov, INFINITE);
    ClosedResults[0] = (!Ok && Ov == NULL) ? (LONG)GetLastError() : -1;
    return 0;
}

static DWORD WINAPI ClosedWaiterEx(LPVOID Parameter)
{
    HANDLE Port = Parameter;
    OVERLAPPED_ENTRY E[2];
    ULONG Removed = 5;
    BOOL Ok = GetQueuedCompletionStatusEx(Port, E, 2, &Removed, INFINITE, FALSE);
    ClosedResults[1] = (!Ok && Removed == 0) ? (LONG)GetLastError() : -1;
    return 0;
}

static void TestClose(void)
{
    HANDLE Port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 2);
    HANDLE T1 = CreateThread(NULL, 0, ClosedWaiter, Port, 0, NULL);
    HANDLE T2 = CreateThread(NULL, 0, ClosedWaiterEx, Port, 0, NULL);
    Sleep(100);
    CHECK(CloseHandle(Port));
    CHECK_EQ(WaitForSingleObject(T1, 5000), WAIT_OBJECT_0);
    CHECK_EQ(WaitForSingleObject(T2, 5000), WAIT_OBJECT_0);
    CHECK_EQ(ClosedResults[0], ERROR_ABANDONED_WAIT_0);
    CHECK_EQ(ClosedResults[1], ERROR_ABANDONED_WAIT_0);
    CloseHandle(T1);
    CloseHandle(T2);
}

/* ---- a driver's completions ------------------------------------------------ */

#define READS 8

static int RoutineRuns;
static DWORD RoutineBytes;
static VOID WINAPI ReadDone(DWORD Error, DWORD Bytes, LPOVERLAPPED Ov)
{
    (void)Ov;
    if (Error == ERROR_SUCCESS) {
        RoutineRuns++;
        RoutineBytes = Bytes;
    }
}

static void TestDriver(void)
{
    HANDLE Sync = CreateFileA(IOCP_PATH, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    CHECK(Sync != INVALID_HANDLE_VALUE);
    /* A synchronous handle cannot be associated. */
    SetLastError(0);
    CHECK(CreateIoCompletionPort(Sync, NULL, 1, 0) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CloseHandle(Sync);

    HANDLE File = CreateFileA(IOCP_PATH, GENERIC_READ, 0, NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED,
                              NULL);
    CHECK(File != INVALID_HANDLE_VALUE);
    /* Create and associate in one call. */
    HANDLE Port = CreateIoCompletionPort(File, NULL, 0x77, 0);
    CHECK(Port != NULL);
    /* A second association fails. */
    HANDLE Other = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    SetLastError(0);
    CHECK(CreateIoCompletionPort(File, Other, 0x88, 0) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CloseHandle(Other);

    static OVERLAPPED Ov[READS];
    static unsigned char Buf[READS][64];
    DWORD Length[READS];
    for (int i = 0; i < READS; i++) {
        Length[i] = i == 3 ? FAIL_LENGTH : 10 + (DWORD)i;
        memset(&Ov[i], 0, sizeof Ov[i]);
        CHECK(!ReadFile(File, Buf[i], Length[i], NULL, &Ov[i]));
        CHECK_EQ(GetLastError(), ERROR_IO_PENDING);
    }
    int Seen[READS] = { 0 };
    for (int n = 0; n < READS; n++) {
        DWORD Bytes = 99;
        ULONG_PTR Key = 0;
        LPOVERLAPPED Got = NULL;
        BOOL Ok = GetQueuedCompletionStatus(Port, &Bytes, &Key, &Got, 5000);
        DWORD Error = GetLastError();
        CHECK(Got != NULL);
        if (!Got)
            break;
        int i = (int)(Got - Ov);
        CHECK(i >= 0 && i < READS);
        if (i < 0 || i >= READS)
            break;
        Seen[i]++;
        CHECK_EQ(Key, 0x77);
        if (Length[i] == FAIL_LENGTH) {
            /* A failed I/O: FALSE with the packet and the error. */
            CHECK(!Ok);
            CHECK_EQ(Error, ERROR_CRC);
            CHECK_EQ(Bytes, 0);
            CHECK_EQ(Ov[i].Internal, (ULONG_PTR)(ULONG)0xC000003E); /* STATUS_DATA_ERROR */
        } else {
            CHECK(Ok);
            CHECK_EQ(Bytes, Length[i]);
            CHECK_EQ(Buf[i][0], (unsigned char)Length[i]);
            CHECK_EQ(Buf[i][Length[i] - 1], (unsigned char)Length[i]);
            CHECK_EQ(Ov[i].InternalHigh, Length[i]);
        }
    }
    for (int i = 0; i < READS; i++)
        CHECK_EQ(Seen[i], 1);
    DWORD Bytes;
    ULONG_PTR Key;
    LPOVERLAPPED Got;
    CHECK(!GetQueuedCompletionStatus(Port, &Bytes, &Key, &Got, 0));
    CHECK_EQ(GetLastError(), WAIT_TIMEOUT);

    /* Many completions at once through GetQueuedCompletionStatusEx. */
    for (int i = 0; i < 4; i++) {
        Length[i] = 20 + (DWORD)i;
        memset(&Ov[i], 0, sizeof Ov[i]);
        CHECK(!ReadFile(File, Buf[i], Length[i], NULL, &Ov[i]));
    }
    Sleep(150); /* all four timers have fired */
    OVERLAPPED_ENTRY E[8];
    ULONG Removed = 0;
    CHECK(GetQueuedCompletionStatusEx(Port, E, 8, &Removed, 5000, FALSE));
    CHECK_EQ(Removed, 4);
    for (ULONG k = 0; k < Removed; k++) {
        int i = (int)(E[k].lpOverlapped - Ov);
        CHECK(i >= 0 && i < 4);
        CHECK_EQ(E[k].lpCompletionKey, 0x77);
        CHECK_EQ(E[k].Internal, 0);
        if (i >= 0 && i < 4)
            CHECK_EQ(E[k].dwNumberOfBytesTransferred, Length[i]);
    }

    /* The low bit of hEvent: no packet, the event still signalled. */
    HANDLE Event = CreateEventA(NULL, TRUE, FALSE, NULL);
    memset(&Ov[0], 0, sizeof Ov[0]);
    Ov[0].hEvent = (HANDLE)((ULONG_PTR)Event | 1);
    CHECK(!ReadFile(File, Buf[0], 12, NULL, &Ov[0]));
    CHECK_EQ(WaitForSingleObject(Event, 5000), WAIT_OBJECT_0);
    CHECK(!GetQueuedCompletionStatus(Port, &Bytes, &Key, &Got, 50));
    CHECK_EQ(GetLastError(), WAIT_TIMEOUT);
    CloseHandle(Event);

    /* A handle bound to a port takes no completion routine. */
    memset(&Ov[1], 0, sizeof Ov[1]);
    CHECK(!ReadFileEx(File, Buf[1], 9, &Ov[1], ReadDone));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);

    /* An alertable GetQueuedCompletionStatusEx returns for a completion
     * routine (ReadFileEx on another, unassociated handle). */
    HANDLE Plain = CreateFileA(IOCP_PATH, GENERIC_READ, 0, NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED,
                               NULL);
    CHECK(Plain != INVALID_HANDLE_VALUE);
    memset(&Ov[1], 0, sizeof Ov[1]);
    RoutineRuns = 0;
    CHECK(ReadFileEx(Plain, Buf[1], 9, &Ov[1], ReadDone));
    Removed = 5;
    CHECK(!GetQueuedCompletionStatusEx(Port, E, 8, &Removed, 5000, TRUE));
    CHECK_EQ(GetLastError(), WAIT_IO_COMPLETION);
    CHECK_EQ(Removed, 0);
    CHECK_EQ(RoutineRuns, 1);
    CHECK_EQ(RoutineBytes, 9);
    CloseHandle(Plain);

    /* The port's handle may go first: the file still holds the port. */
    CHECK(CloseHandle(Port));
    memset(&Ov[0], 0, sizeof Ov[0]);
    Ov[0].hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    CHECK(!ReadFile(File, Buf[0], 12, NULL, &Ov[0]));
    CHECK_EQ(WaitForSingleObject(Ov[0].hEvent, 5000), WAIT_OBJECT_0);
    CloseHandle(Ov[0].hEvent);
    CloseHandle(File);
}

static HANDLE OpenOverlapped(void)
{
    HANDLE File = CreateFileA(IOCP_PATH, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                              FILE_FLAG_OVERLAPPED, NULL);
    CHECK(File != INVALID_HANDLE_VALUE);
    return File;
}

/* No packet within Ms: WAIT_TIMEOUT. */
static BOOL PortIsEmpty(HANDLE Port, DWORD Ms)
{
    DWORD Bytes;
    ULONG_PTR Key;
    LPOVERLAPPED Got = (LPOVERLAPPED)1;
    BOOL Ok = GetQueuedCompletionStatus(Port, &Bytes, &Key, &Got, Ms);
    return !Ok && Got == NULL && GetLastError() == WAIT_TIMEOUT;
}

static void TestNotificationModes(void)
{
    static unsigned char Buf[64];
    OVERLAPPED Ov;
    DWORD Bytes;
    ULONG_PTR Key;
    LPOVERLAPPED Got;
    HANDLE File = OpenOverlapped();
    HANDLE Port = CreateIoCompletionPort(File, NULL, 0x55, 0);
    CHECK(Port != NULL);

    /* By default a request that succeeds at once still queues a packet. */
    memset(&Ov, 0, sizeof Ov);
    CHECK(WriteFile(File, Buf, 5, NULL, &Ov));
    CHECK(GetQueuedCompletionStatus(Port, &Bytes, &Key, &Got, 5000));
    CHECK(Got == &Ov && Key == 0x55 && Bytes == 5);

    /* Bad input. */
    SetLastError(0);
    CHECK(!SetFileCompletionNotificationModes(File, 0x08));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!SetFileCompletionNotificationModes(NULL, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    CHECK(!SetFileCompletionNotificationModes(Port, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    /* A refused call changed nothing: still a packet. */
    memset(&Ov, 0, sizeof Ov);
    CHECK(WriteFile(File, Buf, 6, NULL, &Ov));
    CHECK(GetQueuedCompletionStatus(Port, &Bytes, &Key, &Got, 5000));
    CHECK(Got == &Ov && Bytes == 6);

    /* Skip on success: the result is in hand, no packet. */
    CHECK(SetFileCompletionNotificationModes(File, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS));
    memset(&Ov, 0, sizeof Ov);
    Ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD Written = 0;
    CHECK(WriteFile(File, Buf, 9, &Written, &Ov));
    CHECK_EQ(Written, 9);
    CHECK_EQ(Ov.InternalHigh, 9);
    CHECK_EQ(Ov.Internal, 0);
    CHECK_EQ(WaitForSingleObject(Ov.hEvent, 0), WAIT_OBJECT_0); /* the caller's event still set */
    CloseHandle(Ov.hEvent);
    CHECK(PortIsEmpty(Port, 50));
    /* A request that fails at once never queues a packet. */
    memset(&Ov, 0, sizeof Ov);
    SetLastError(0);
    CHECK(!WriteFile(File, Buf, FAIL_LENGTH, NULL, &Ov));
    CHECK_EQ(GetLastError(), ERROR_CRC);
    CHECK(PortIsEmpty(Port, 50));
    /* A pended request still completes through the port. */
    memset(&Ov, 0, sizeof Ov);
    CHECK(!ReadFile(File, Buf, 13, NULL, &Ov));
    CHECK_EQ(GetLastError(), ERROR_IO_PENDING);
    CHECK(GetQueuedCompletionStatus(Port, &Bytes, &Key, &Got, 5000));
    CHECK(Got == &Ov && Key == 0x55 && Bytes == 13);
    /* Modes accumulate: setting the other one keeps the first. */
    CHECK(SetFileCompletionNotificationModes(File, FILE_SKIP_SET_EVENT_ON_HANDLE));
    memset(&Ov, 0, sizeof Ov);
    CHECK(WriteFile(File, Buf, 4, NULL, &Ov));
    CHECK(PortIsEmpty(Port, 50));
    CHECK(CloseHandle(File));
    CHECK(CloseHandle(Port));

    /* The handle's own event: signalled when a request completes ... */
    File = OpenOverlapped();
    memset(&Ov, 0, sizeof Ov);
    CHECK(!ReadFile(File, Buf, 11, NULL, &Ov));
    CHECK_EQ(WaitForSingleObject(File, 5000), WAIT_OBJECT_0);
    CHECK_EQ(Ov.InternalHigh, 11);
    /* ... and left alone with FILE_SKIP_SET_EVENT_ON_HANDLE (each request
     * clears it as it starts). */
    CHECK(SetFileCompletionNotificationModes(File, FILE_SKIP_SET_EVENT_ON_HANDLE));
    memset(&Ov, 0, sizeof Ov);
    CHECK(!ReadFile(File, Buf, 12, NULL, &Ov));
    for (int i = 0; i < 500 && Ov.Internal == STATUS_PENDING_VALUE; i++)
        Sleep(10);
    CHECK_EQ(Ov.Internal, 0);
    CHECK_EQ(Ov.InternalHigh, 12);
    CHECK_EQ(WaitForSingleObject(File, 0), WAIT_TIMEOUT);
    /* With an event of its own the request still signals it. */
    memset(&Ov, 0, sizeof Ov);
    Ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    CHECK(!ReadFile(File, Buf, 14, NULL, &Ov));
    CHECK_EQ(WaitForSingleObject(Ov.hEvent, 5000), WAIT_OBJECT_0);
    CHECK(GetOverlappedResult(File, &Ov, &Bytes, FALSE));
    CHECK_EQ(Bytes, 14);
    CloseHandle(Ov.hEvent);
    CHECK(CloseHandle(File));
}

/* A thread that issues one held read and exits at once. */
typedef struct {
    HANDLE File;
    OVERLAPPED *Ov;
    unsigned char Buf[64];
    BOOL Pending;
} ISSUE;

static DWORD WINAPI IssueAndExit(LPVOID Parameter)
{
    ISSUE *I = Parameter;
    I->Pending = !ReadFile(I->File, I->Buf, HOLD_LENGTH, NULL, I->Ov) &&
                 GetLastError() == ERROR_IO_PENDING;
    return 0;
}

static DWORD WINAPI CancelMine(LPVOID Parameter)
{
    return CancelIo((HANDLE)Parameter) ? 0 : 1;
}

static void RunThread(LPTHREAD_START_ROUTINE Routine, LPVOID Parameter)
{
    HANDLE T = CreateThread(NULL, 0, Routine, Parameter, 0, NULL);
    CHECK(T != NULL);
    CHECK_EQ(WaitForSingleObject(T, 10000), WAIT_OBJECT_0);
    CloseHandle(T);
}

static ISSUE Leftover;
static OVERLAPPED LeftoverOv;

static void TestThreadAgnostic(void)
{
    static ISSUE I;
    static OVERLAPPED Ov;
    DWORD Bytes;
    ULONG_PTR Key;
    LPOVERLAPPED Got;

    /* Without a port, a thread's exit cancels its requests. */
    HANDLE Plain = OpenOverlapped();
    memset(&Ov, 0, sizeof Ov);
    Ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    I.File = Plain;
    I.Ov = &Ov;
    RunThread(IssueAndExit, &I);
    CHECK(I.Pending);
    CHECK_EQ(WaitForSingleObject(Ov.hEvent, 5000), WAIT_OBJECT_0);
    CHECK_EQ(Ov.Internal, STATUS_CANCELLED_VALUE);
    CloseHandle(Ov.hEvent);
    CloseHandle(Plain);

    /* With a port, the request outlives the thread ... */
    HANDLE File = OpenOverlapped();
    HANDLE Port = CreateIoCompletionPort(File, NULL, 0x99, 0);
    CHECK(Port != NULL);
    memset(&Ov, 0, sizeof Ov);
    I.File = File;
    RunThread(IssueAndExit, &I);
    CHECK(I.Pending);
    CHECK(PortIsEmpty(Port, 100));
    CHECK_EQ(Ov.Internal, STATUS_PENDING_VALUE);
    /* ... CancelIo from another thread does not reach it (it cancels that
     * thread's own requests only) ... */
    RunThread(CancelMine, File);
    CHECK(PortIsEmpty(Port, 50));
    /* ... CancelIoEx does, and the packet reports it. */
    CHECK(CancelIoEx(File, &Ov));
    SetLastError(0);
    CHECK(!GetQueuedCompletionStatus(Port, &Bytes, &Key, &Got, 5000));
    CHECK_EQ(GetLastError(), ERROR_OPERATION_ABORTED);
    CHECK(Got == &Ov && Key == 0x99 && Bytes == 0);
    /* Nothing left to cancel. */
    SetLastError(0);
    CHECK(!CancelIoEx(File, &Ov));
    CHECK_EQ(GetLastError(), ERROR_NOT_FOUND);

    /* CancelIo in the issuing thread cancels its thread-agnostic request. */
    memset(&Ov, 0, sizeof Ov);
    CHECK(!ReadFile(File, I.Buf, HOLD_LENGTH, NULL, &Ov));
    CHECK_EQ(GetLastError(), ERROR_IO_PENDING);
    CHECK(CancelIo(File));
    CHECK(!GetQueuedCompletionStatus(Port, &Bytes, &Key, &Got, 5000));
    CHECK_EQ(GetLastError(), ERROR_OPERATION_ABORTED);
    CHECK(Got == &Ov);

    /* Many at once, from threads that are gone, all cancelled by one call. */
    static ISSUE Many[8];
    static OVERLAPPED ManyOv[8];
    for (int i = 0; i < 8; i++) {
        memset(&ManyOv[i], 0, sizeof ManyOv[i]);
        Many[i].File = File;
        Many[i].Ov = &ManyOv[i];
        RunThread(IssueAndExit, &Many[i]);
        CHECK(Many[i].Pending);
    }
    CHECK(CancelIoEx(File, NULL));
    OVERLAPPED_ENTRY E[16];
    ULONG Removed = 0, Total = 0;
    while (Total < 8 && GetQueuedCompletionStatusEx(Port, E, 16, &Removed, 5000, FALSE)) {
        for (ULONG k = 0; k < Removed; k++) {
            CHECK(E[k].lpOverlapped >= ManyOv && E[k].lpOverlapped < ManyOv + 8);
            CHECK_EQ(E[k].Internal, STATUS_CANCELLED_VALUE);
        }
        Total += Removed;
    }
    CHECK_EQ(Total, 8);
    CHECK(CloseHandle(Port));
    CHECK(CloseHandle(File));

    /* One left for process exit: its thread is gone and its handle closed
     * (closing a handle does not cancel I/O); the exit cancels it, and the
     * test's FAIL pattern catches a hung-IRP report. */
    File = OpenOverlapped();
    Port = CreateIoCompletionPort(File, NULL, 1, 0);
    Leftover.File = File;
    Leftover.Ov = &LeftoverOv;
    RunThread(IssueAndExit, &Leftover);
    CHECK(Leftover.Pending);
    CHECK(CloseHandle(File));
    CHECK(CloseHandle(Port));
    CHECK_EQ(LeftoverOv.Internal, STATUS_PENDING_VALUE);
}

/* A completion-port server's file work on an ordinary file: overlapped
 * writes and reads at offsets really pend (io_uring, or worker threads
 * with NTIO_IO_URING=0) and complete through the port. */
#define FILE_BLOCKS 32
#define BLOCK 4096
static VOID WINAPI FileReadDone(DWORD Error, DWORD Bytes, LPOVERLAPPED Ov)
{
    RoutineRuns++;
    RoutineBytes = Error ? 0xFFFFFFFF : Bytes;
    (void)Ov;
}

/* A thread that starts BIG_COUNT large overlapped writes and exits. */
#define BIG_COUNT 16
#define BIG_SIZE (1u << 20)
typedef struct {
    HANDLE File;
    OVERLAPPED Ov[BIG_COUNT];
    int Pending;
} BIG;
static unsigned char BigData[BIG_SIZE];

static DWORD WINAPI IssueBigAndExit(LPVOID Parameter)
{
    BIG *B = Parameter;
    for (int i = 0; i < BIG_COUNT; i++) {
        memset(&B->Ov[i], 0, sizeof B->Ov[i]);
        B->Ov[i].Offset = (DWORD)(i * BIG_SIZE);
        B->Ov[i].OffsetHigh = 1; /* past the 4 GiB mark: a sparse file */
        if (!WriteFile(B->File, BigData, BIG_SIZE, NULL, &B->Ov[i]) && GetLastError() == ERROR_IO_PENDING)
            B->Pending++;
    }
    return 0;
}

static void TestRegularFile(void)
{
    static unsigned char Data[FILE_BLOCKS][BLOCK], Back[FILE_BLOCKS][BLOCK];
    static OVERLAPPED Ov[FILE_BLOCKS];
    char Path[MAX_PATH];
    DWORD Bytes;
    ULONG_PTR Key;
    LPOVERLAPPED Got;
    CHECK(GetTempPathA(sizeof Path - 20, Path) > 0);
    strcat(Path, "iocp-file.bin");
    HANDLE File = CreateFileA(Path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                              FILE_FLAG_OVERLAPPED | FILE_FLAG_DELETE_ON_CLOSE, NULL);
    CHECK(File != INVALID_HANDLE_VALUE);
    HANDLE Port = CreateIoCompletionPort(File, NULL, 0xF11E, 0);
    CHECK(Port != NULL);
    /* Even with skip-on-success every transfer is pended, so every one
     * reaches the port. */
    CHECK(SetFileCompletionNotificationModes(File, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS));

    int Pending = 0;
    for (int i = 0; i < FILE_BLOCKS; i++) {
        memset(Data[i], 'A' + i, BLOCK);
        memset(&Ov[i], 0, sizeof Ov[i]);
        Ov[i].Offset = (DWORD)(i * BLOCK);
        BOOL Ok = WriteFile(File, Data[i], BLOCK, NULL, &Ov[i]);
        CHECK(!Ok);
        if (!Ok && GetLastError() == ERROR_IO_PENDING)
            Pending++;
    }
    CHECK_EQ(Pending, FILE_BLOCKS);
    int Seen[FILE_BLOCKS] = { 0 };
    for (int n = 0; n < FILE_BLOCKS; n++) {
        Got = NULL;
        CHECK(GetQueuedCompletionStatus(Port, &Bytes, &Key, &Got, 10000));
        int i = Got ? (int)(Got - Ov) : -1;
        CHECK(i >= 0 && i < FILE_BLOCKS);
        if (i < 0 || i >= FILE_BLOCKS)
            break;
        Seen[i]++;
        CHECK_EQ(Key, 0xF11E);
        CHECK_EQ(Bytes, BLOCK);
    }
    for (int i = 0; i < FILE_BLOCKS; i++)
        CHECK_EQ(Seen[i], 1);
    LARGE_INTEGER Size;
    CHECK(GetFileSizeEx(File, &Size));
    CHECK_EQ(Size.QuadPart, (LONGLONG)FILE_BLOCKS * BLOCK);

    /* Read them back, many at once through GetQueuedCompletionStatusEx. */
    for (int i = 0; i < FILE_BLOCKS; i++) {
        memset(&Ov[i], 0, sizeof Ov[i]);
        Ov[i].Offset = (DWORD)(i * BLOCK);
        CHECK(!ReadFile(File, Back[i], BLOCK, NULL, &Ov[i]));
        CHECK_EQ(GetLastError(), ERROR_IO_PENDING);
    }
    ULONG Total = 0, Removed;
    OVERLAPPED_ENTRY E[FILE_BLOCKS];
    while (Total < FILE_BLOCKS && GetQueuedCompletionStatusEx(Port, E, FILE_BLOCKS, &Removed, 10000, FALSE)) {
        for (ULONG k = 0; k < Removed; k++) {
            CHECK_EQ(E[k].Internal, 0);
            CHECK_EQ(E[k].dwNumberOfBytesTransferred, BLOCK);
        }
        Total += Removed;
    }
    CHECK_EQ(Total, FILE_BLOCKS);
    for (int i = 0; i < FILE_BLOCKS; i++)
        CHECK(memcmp(Back[i], Data[i], BLOCK) == 0);

    /* A read that runs into the end: the part there is; past the end:
     * ERROR_HANDLE_EOF in the packet. */
    memset(&Ov[0], 0, sizeof Ov[0]);
    Ov[0].Offset = FILE_BLOCKS * BLOCK - 100;
    CHECK(!ReadFile(File, Back[0], BLOCK, NULL, &Ov[0]));
    CHECK(GetQueuedCompletionStatus(Port, &Bytes, &Key, &Got, 10000));
    CHECK(Got == &Ov[0] && Bytes == 100);
    memset(&Ov[0], 0, sizeof Ov[0]);
    Ov[0].Offset = FILE_BLOCKS * BLOCK + 5;
    CHECK(!ReadFile(File, Back[0], BLOCK, NULL, &Ov[0]));
    CHECK_EQ(GetLastError(), ERROR_IO_PENDING);
    SetLastError(0);
    CHECK(!GetQueuedCompletionStatus(Port, &Bytes, &Key, &Got, 10000));
    CHECK_EQ(GetLastError(), ERROR_HANDLE_EOF);
    CHECK(Got == &Ov[0] && Bytes == 0);

    /* Transfers issued by a thread that exits at once still complete with
     * their data (the host would cancel them with their submitter). */
    static BIG Big;
    Big.File = File;
    RunThread(IssueBigAndExit, &Big);
    CHECK_EQ(Big.Pending, BIG_COUNT);
    Total = 0;
    while (Total < BIG_COUNT && GetQueuedCompletionStatusEx(Port, E, FILE_BLOCKS, &Removed, 20000, FALSE)) {
        for (ULONG k = 0; k < Removed; k++) {
            CHECK(E[k].lpOverlapped >= Big.Ov && E[k].lpOverlapped < Big.Ov + BIG_COUNT);
            CHECK_EQ(E[k].Internal, 0);
            CHECK_EQ(E[k].dwNumberOfBytesTransferred, BIG_SIZE);
        }
        Total += Removed;
    }
    CHECK_EQ(Total, BIG_COUNT);

    /* Bad input fails at once, with no packet. */
    memset(&Ov[0], 0, sizeof Ov[0]);
    SetLastError(0);
    CHECK(!ReadFile(File, NULL, BLOCK, NULL, &Ov[0]));
    CHECK_EQ(GetLastError(), ERROR_NOACCESS);
    SetLastError(0);
    CHECK(!ReadFile(File, Back[0], BLOCK, NULL, NULL)); /* an asynchronous file needs an offset */
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(PortIsEmpty(Port, 50));
    CHECK(CloseHandle(Port));
    CHECK(CloseHandle(File));
    CHECK_EQ(GetFileAttributesA(Path), INVALID_FILE_ATTRIBUTES); /* deleted on close */

    /* Without a port: the event, and a completion routine. */
    File = CreateFileA(Path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                       FILE_FLAG_OVERLAPPED | FILE_FLAG_DELETE_ON_CLOSE, NULL);
    CHECK(File != INVALID_HANDLE_VALUE);
    memset(&Ov[0], 0, sizeof Ov[0]);
    Ov[0].hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (!WriteFile(File, Data[3], BLOCK, NULL, &Ov[0]))
        CHECK_EQ(GetLastError(), ERROR_IO_PENDING);
    CHECK(GetOverlappedResult(File, &Ov[0], &Bytes, TRUE));
    CHECK_EQ(Bytes, BLOCK);
    CloseHandle(Ov[0].hEvent);
    memset(&Ov[0], 0, sizeof Ov[0]);
    RoutineRuns = 0;
    CHECK(ReadFileEx(File, Back[3], 1000, &Ov[0], FileReadDone));
    for (int i = 0; i < 100 && !RoutineRuns; i++)
        SleepEx(100, TRUE);
    CHECK_EQ(RoutineRuns, 1);
    CHECK_EQ(RoutineBytes, 1000);
    CHECK(memcmp(Back[3], Data[3], 1000) == 0);
    CHECK(CloseHandle(File));
}

int main(void)
{
    TestBasics();
    TestEx();
    TestConcurrency();
    TestClose();
    TestDriver();
    TestNotificationModes();
    TestThreadAgnostic();
    TestRegularFile();
    return test_summary("iocp");
}
