/*
 * tests/win/thread.c - threads through kernel32: CreateThread, waiting on a
 * thread handle, GetExitCodeThread (STILL_ACTIVE while running),
 * CREATE_SUSPENDED and ResumeThread, ExitThread, many threads, closing
 * handles early, the pseudo-handles, SEH in a thread, and bad handles.
 */
#include <windows.h>

#include "../harness.h"

static volatile LONG Counter;

static DWORD WINAPI ReturnParameter(LPVOID Parameter)
{
    return (DWORD)(ULONG_PTR)Parameter;
}

static DWORD WINAPI WaitForEvent(LPVOID Parameter)
{
    WaitForSingleObject((HANDLE)Parameter, INFINITE);
    return 11;
}

/* Frames above the thread routine: ExitThread leaves from deep inside. */
static int Deeper(DWORD Code, int Depth)
{
    if (Depth > 0)
        return Deeper(Code, Depth - 1) + 1;
    if (Code != 0)
        ExitThread(Code);
    return 0;
}

static volatile LONG AfterExitThread;

static DWORD WINAPI CallsExitThread(LPVOID Parameter)
{
    Deeper((DWORD)(ULONG_PTR)Parameter, 5);
    AfterExitThread = 1; /* never */
    return 0;
}

static DWORD WINAPI Increment(LPVOID Parameter)
{
    Sleep((DWORD)(ULONG_PTR)Parameter % 4);
    InterlockedIncrement(&Counter);
    return (DWORD)(ULONG_PTR)Parameter;
}

typedef struct _SELF {
    DWORD IdInside;
    DWORD IdFromHandle;
    DWORD ExitCodeInside;
    BOOL QueryOk;
} SELF;

static DWORD WINAPI LookAtSelf(LPVOID Parameter)
{
    SELF *Self = Parameter;
    Self->IdInside = GetCurrentThreadId();
    Self->IdFromHandle = GetThreadId(GetCurrentThread());
    Self->QueryOk = GetExitCodeThread(GetCurrentThread(), &Self->ExitCodeInside);
    return 0;
}

static DWORD WINAPI CatchFault(LPVOID Parameter)
{
    volatile DWORD Code = 0;
    __try {
        *(volatile int *)Parameter = 1;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    return Code;
}

static void TestCreateWaitExitCode(void)
{
    DWORD Id = 0, Code = 0;
    HANDLE Event = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE Thread = CreateThread(NULL, 0, WaitForEvent, Event, 0, &Id);
    CHECK(Thread != NULL);
    CHECK(Id != 0 && Id != GetCurrentThreadId());
    CHECK_EQ(WaitForSingleObject(Thread, 50), WAIT_TIMEOUT);
    CHECK(GetExitCodeThread(Thread, &Code));
    CHECK_EQ(Code, STILL_ACTIVE);
    SetEvent(Event);
    CHECK_EQ(WaitForSingleObject(Thread, 5000), WAIT_OBJECT_0);
    CHECK(GetExitCodeThread(Thread, &Code));
    CHECK_EQ(Code, 11);
    CHECK_EQ(GetThreadId(Thread), Id);
    /* A thread object stays signalled. */
    CHECK_EQ(WaitForSingleObject(Thread, 0), WAIT_OBJECT_0);
    CHECK(CloseHandle(Thread));
    CHECK(CloseHandle(Event));

    Thread = CreateThread(NULL, 0, ReturnParameter, (LPVOID)(ULONG_PTR)0xDEADBEEF, 0, NULL);
    CHECK_EQ(WaitForSingleObject(Thread, 5000), WAIT_OBJECT_0);
    CHECK(GetExitCodeThread(Thread, &Code));
    CHECK_EQ(Code, 0xDEADBEEF);
    CloseHandle(Thread);
}

static void TestSuspended(void)
{
    DWORD Code = 0;
    Counter = 0;
    HANDLE Thread = CreateThread(NULL, 0, Increment, (LPVOID)1, CREATE_SUSPENDED, NULL);
    CHECK(Thread != NULL);
    Sleep(50);
    CHECK_EQ(Counter, 0);
    CHECK_EQ(WaitForSingleObject(Thread, 0), WAIT_TIMEOUT);
    CHECK(GetExitCodeThread(Thread, &Code));
    CHECK_EQ(Code, STILL_ACTIVE);
    CHECK_EQ(ResumeThread(Thread), 1);
    CHECK_EQ(WaitForSingleObject(Thread, 5000), WAIT_OBJECT_0);
    CHECK_EQ(Counter, 1);
    /* Not suspended any more: the previous count is 0. */
    CHECK_EQ(ResumeThread(Thread), 0);
    CloseHandle(Thread);
}

static void TestExitThread(void)
{
    DWORD Code = 0;
    HANDLE Thread = CreateThread(NULL, 0, CallsExitThread, (LPVOID)(ULONG_PTR)1234, 0, NULL);
    CHECK_EQ(WaitForSingleObject(Thread, 5000), WAIT_OBJECT_0);
    CHECK(GetExitCodeThread(Thread, &Code));
    CHECK_EQ(Code, 1234);
    CHECK_EQ(AfterExitThread, 0);
    CloseHandle(Thread);
}

#define MANY 64

static void TestMany(void)
{
    HANDLE Threads[MANY];
    DWORD Code;
    Counter = 0;
    for (int i = 0; i < MANY; i++) {
        Threads[i] = CreateThread(NULL, 0, Increment, (LPVOID)(ULONG_PTR)(i + 100), 0, NULL);
        CHECK(Threads[i] != NULL);
    }
    CHECK_EQ(WaitForMultipleObjects(MANY, Threads, TRUE, 10000), WAIT_OBJECT_0);
    CHECK_EQ(Counter, MANY);
    for (int i = 0; i < MANY; i++) {
        CHECK(GetExitCodeThread(Threads[i], &Code));
        CHECK_EQ(Code, (DWORD)(i + 100));
        CHECK(CloseHandle(Threads[i]));
    }

    /* Handles closed at once: the threads run to the end all the same. */
    Counter = 0;
    for (int i = 0; i < MANY; i++) {
        HANDLE Thread = CreateThread(NULL, 0, Increment, (LPVOID)(ULONG_PTR)i, 0, NULL);
        CHECK(Thread != NULL && CloseHandle(Thread));
    }
    for (int i = 0; i < 500 && Counter < MANY; i++)
        Sleep(10);
    CHECK_EQ(Counter, MANY);
}

static void TestSelfAndPseudoHandles(void)
{
    SELF Self;
    DWORD Id = 0, Code = 0;
    memset(&Self, 0, sizeof Self);
    HANDLE Thread = CreateThread(NULL, 64 * 1024, LookAtSelf, &Self, STACK_SIZE_PARAM_IS_A_RESERVATION,
                                 &Id);
    CHECK_EQ(WaitForSingleObject(Thread, 5000), WAIT_OBJECT_0);
    CHECK_EQ(Self.IdInside, Id);
    CHECK_EQ(Self.IdFromHandle, Id);
    CHECK(Self.QueryOk);
    CHECK_EQ(Self.ExitCodeInside, STILL_ACTIVE);
    CloseHandle(Thread);

    CHECK(GetCurrentThread() == (HANDLE)(LONG_PTR)-2);
    CHECK(GetCurrentProcess() == (HANDLE)(LONG_PTR)-1);
    CHECK_EQ(GetThreadId(GetCurrentThread()), GetCurrentThreadId());
    CHECK_EQ(GetProcessId(GetCurrentProcess()), GetCurrentProcessId());
    CHECK(GetExitCodeThread(GetCurrentThread(), &Code));
    CHECK_EQ(Code, STILL_ACTIVE);
    CHECK(GetExitCodeProcess(GetCurrentProcess(), &Code));
    CHECK_EQ(Code, STILL_ACTIVE);
    /* Closing a pseudo-handle does nothing and succeeds. */
    CHECK(CloseHandle(GetCurrentThread()));
    CHECK_EQ(WaitForSingleObject(GetCurrentThread(), 0), WAIT_TIMEOUT);
}

static void TestExceptionInThread(void)
{
    DWORD Code = 0;
    HANDLE Thread = CreateThread(NULL, 0, CatchFault, (LPVOID)(ULONG_PTR)16, 0, NULL);
    CHECK_EQ(WaitForSingleObject(Thread, 5000), WAIT_OBJECT_0);
    CHECK(GetExitCodeThread(Thread, &Code));
    CHECK_EQ(Code, (DWORD)STATUS_ACCESS_VIOLATION);
    CloseHandle(Thread);
}

static void TestBadHandles(void)
{
    DWORD Code = 77;
    HANDLE Bogus = (HANDLE)(ULONG_PTR)0x7FFC;

    SetLastError(0);
    CHECK(!GetExitCodeThread(Bogus, &Code));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    CHECK_EQ(Code, 77);
    SetLastError(0);
    CHECK_EQ(ResumeThread(Bogus), (DWORD)-1);
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    CHECK_EQ(GetThreadId(Bogus), 0);
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    CHECK(!GetExitCodeProcess(Bogus, &Code));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);

    /* A handle of another type. */
    HANDLE Event = CreateEventA(NULL, FALSE, FALSE, NULL);
    SetLastError(0);
    CHECK(!GetExitCodeThread(Event, &Code));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    CHECK_EQ(ResumeThread(Event), (DWORD)-1);
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    CloseHandle(Event);

    /* A closed thread handle. */
    HANDLE Thread = CreateThread(NULL, 0, ReturnParameter, NULL, 0, NULL);
    WaitForSingleObject(Thread, 5000);
    CHECK(CloseHandle(Thread));
    SetLastError(0);
    CHECK_EQ(WaitForSingleObject(Thread, 0), WAIT_FAILED);
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    CHECK(!CloseHandle(Thread));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
}

int main(void)
{
    TestCreateWaitExitCode();
    TestSuspended();
    TestExitThread();
    TestMany();
    TestSelfAndPseudoHandles();
    TestExceptionInThread();
    TestBadHandles();
    return test_summary("win_thread");
}
