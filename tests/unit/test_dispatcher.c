/*
 * test_dispatcher.c - dispatcher objects and waits: notification and
 * synchronization events, semaphores (and their limit), mutexes (recursion,
 * ownership, the critical region they imply), wait-any/wait-all, timeouts
 * (relative, absolute, zero), and one wake per synchronization signal.
 */
#include <pthread.h>
#include "kmtest.h"

static LARGE_INTEGER Ms(LONGLONG n)
{
    LARGE_INTEGER t;
    t.QuadPart = -n * 10000;
    return t;
}

static void TestEvents(void)
{
    KEVENT n, s;
    LARGE_INTEGER Zero = { .QuadPart = 0 };
    KeInitializeEvent(&n, NotificationEvent, FALSE);
    KeInitializeEvent(&s, SynchronizationEvent, TRUE);
    CHECK_EQ(KeWaitForSingleObject(&n, Executive, KernelMode, FALSE, &Zero), STATUS_TIMEOUT);
    CHECK_EQ(KeSetEvent(&n, 0, FALSE), 0);
    CHECK_EQ(KeSetEvent(&n, 0, FALSE), 1); /* previous state */
    CHECK_EQ(KeWaitForSingleObject(&n, Executive, KernelMode, FALSE, &Zero), STATUS_SUCCESS);
    CHECK_EQ(KeReadStateEvent(&n), 1);     /* notification stays set */
    CHECK_EQ(KeResetEvent(&n), 1);
    CHECK_EQ(KeWaitForSingleObject(&s, Executive, KernelMode, FALSE, &Zero), STATUS_SUCCESS);
    CHECK_EQ(KeReadStateEvent(&s), 0);     /* synchronization auto-resets */

    LARGE_INTEGER t = Ms(30);
    ULONGLONG t0 = KiMonotonicNs();
    CHECK_EQ(KeWaitForSingleObject(&s, Executive, KernelMode, FALSE, &t), STATUS_TIMEOUT);
    CHECK(KiMonotonicNs() - t0 >= 29000000ULL);

    /* Absolute due time: now + 20 ms in system time. */
    LARGE_INTEGER Abs;
    KeQuerySystemTime(&Abs);
    Abs.QuadPart += 20 * 10000;
    t0 = KiMonotonicNs();
    CHECK_EQ(KeWaitForSingleObject(&s, Executive, KernelMode, FALSE, &Abs), STATUS_TIMEOUT);
    CHECK(KiMonotonicNs() - t0 >= 15000000ULL);
}

/* N threads wait on one synchronization event; each KeSetEvent releases one. */
static KEVENT Gate;
static volatile LONG Released;
static void *GateWaiter(void *Arg)
{
    (void)Arg;
    KeWaitForSingleObject(&Gate, Executive, KernelMode, FALSE, NULL);
    __atomic_add_fetch(&Released, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void TestOneWakePerSignal(void)
{
    pthread_t T[4];
    KeInitializeEvent(&Gate, SynchronizationEvent, FALSE);
    for (int i = 0; i < 4; i++)
        pthread_create(&T[i], NULL, GateWaiter, NULL);
    usleep(50000);
    for (int k = 1; k <= 4; k++) {
        KeSetEvent(&Gate, 0, FALSE);
        usleep(30000);
        CHECK_EQ(__atomic_load_n(&Released, __ATOMIC_SEQ_CST), k);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(T[i], NULL);
    CHECK_EQ(KeReadStateEvent(&Gate), 0);
}

static void TestSemaphore(void)
{
    KSEMAPHORE Sem;
    LARGE_INTEGER Zero = { .QuadPart = 0 };
    KeInitializeSemaphore(&Sem, 2, 3);
    CHECK_EQ(KeWaitForSingleObject(&Sem, Executive, KernelMode, FALSE, &Zero), STATUS_SUCCESS);
    CHECK_EQ(KeWaitForSingleObject(&Sem, Executive, KernelMode, FALSE, &Zero), STATUS_SUCCESS);
    CHECK_EQ(KeWaitForSingleObject(&Sem, Executive, KernelMode, FALSE, &Zero), STATUS_TIMEOUT);
    CHECK_EQ(KeReleaseSemaphore(&Sem, 0, 3, FALSE), 0);
    CHECK_EQ(KeReadStateSemaphore(&Sem), 3);
    volatile NTSTATUS Raised = 0;
    __try {
        KeReleaseSemaphore(&Sem, 0, 1, FALSE); /* past the limit */
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Raised = GetExceptionCode();
    }
    CHECK_EQ(Raised, STATUS_SEMAPHORE_LIMIT_EXCEEDED);
    CHECK_EQ(KeReadStateSemaphore(&Sem), 3);
}

static KMUTEX Mutex;
static volatile NTSTATUS OtherWait;
static void *TryMutex(void *Arg)
{
    LARGE_INTEGER Zero = { .QuadPart = 0 };
    (void)Arg;
    OtherWait = KeWaitForSingleObject(&Mutex, Executive, KernelMode, FALSE, &Zero);
    return NULL;
}

static void TestMutex(void)
{
    pthread_t T;
    KeInitializeMutex(&Mutex, 0);
    CHECK(!KeAreApcsDisabled());
    CHECK_EQ(KeWaitForSingleObject(&Mutex, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
    CHECK(KeAreApcsDisabled()); /* holding a kernel mutex is a critical region */
    CHECK_EQ(KeWaitForSingleObject(&Mutex, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
    pthread_create(&T, NULL, TryMutex, NULL);
    pthread_join(T, NULL);
    CHECK_EQ(OtherWait, STATUS_TIMEOUT); /* owned by us */
    KeReleaseMutex(&Mutex, FALSE);
    CHECK(KeAreApcsDisabled()); /* still held once */
    KeReleaseMutex(&Mutex, FALSE);
    CHECK(!KeAreApcsDisabled());
    CHECK_EQ(KeReadStateMutex(&Mutex), 1);
    pthread_create(&T, NULL, TryMutex, NULL);
    pthread_join(T, NULL);
    CHECK_EQ(OtherWait, STATUS_SUCCESS);
}

static KEVENT A, B;
static void *SetLater(void *Arg)
{
    usleep(20000);
    KeSetEvent(Arg, 0, FALSE);
    return NULL;
}

static void TestMultiple(void)
{
    PVOID Both[2] = { &A, &B };
    LARGE_INTEGER Zero = { .QuadPart = 0 }, T = Ms(500);
    pthread_t Th;
    KeInitializeEvent(&A, NotificationEvent, FALSE);
    KeInitializeEvent(&B, SynchronizationEvent, FALSE);

    pthread_create(&Th, NULL, SetLater, &B);
    CHECK_EQ(KeWaitForMultipleObjects(2, Both, WaitAny, Executive, KernelMode, FALSE, &T, NULL),
             STATUS_WAIT_0 + 1);
    pthread_join(Th, NULL);
    CHECK_EQ(KeReadStateEvent(&B), 0); /* consumed by the satisfied wait */

    KeSetEvent(&A, 0, FALSE);
    CHECK_EQ(KeWaitForMultipleObjects(2, Both, WaitAll, Executive, KernelMode, FALSE, &Zero, NULL),
             STATUS_TIMEOUT);
    CHECK_EQ(KeReadStateEvent(&A), 1); /* a wait-all that fails consumes nothing */
    pthread_create(&Th, NULL, SetLater, &B);
    CHECK_EQ(KeWaitForMultipleObjects(2, Both, WaitAll, Executive, KernelMode, FALSE, &T, NULL),
             STATUS_SUCCESS);
    pthread_join(Th, NULL);
    CHECK_EQ(KeReadStateEvent(&B), 0);

    /* More than THREAD_WAIT_OBJECTS needs a caller's wait block array. */
    KEVENT Many[8];
    PVOID Ptrs[8];
    KWAIT_BLOCK Blocks[8];
    for (int i = 0; i < 8; i++) {
        KeInitializeEvent(&Many[i], NotificationEvent, i == 6);
        Ptrs[i] = &Many[i];
    }
    CHECK_EQ(KeWaitForMultipleObjects(8, Ptrs, WaitAny, Executive, KernelMode, FALSE, &Zero, Blocks),
             STATUS_WAIT_0 + 6);
}

/* A waiter whose KEVENT lives on its stack reuses that memory as soon as
 * the wait returns; the thread that set the event may not still be reading
 * it.  Run it many times with the memory rewritten at once. */
static PRKEVENT volatile Published;
static volatile int StopSetter;
static void *Setter(void *Arg)
{
    (void)Arg;
    while (!StopSetter) {
        PRKEVENT E = __atomic_exchange_n(&Published, NULL, __ATOMIC_ACQ_REL);
        if (E)
            KeSetEvent(E, 0, FALSE);
        else
            __builtin_ia32_pause();
    }
    return NULL;
}

static __attribute__((noinline)) NTSTATUS WaitOnStackEvent(void)
{
    KEVENT E;
    KeInitializeEvent(&E, SynchronizationEvent, FALSE);
    __atomic_store_n(&Published, &E, __ATOMIC_RELEASE);
    NTSTATUS s = KeWaitForSingleObject(&E, Executive, KernelMode, FALSE, NULL);
    memset(&E, 0x01, sizeof E); /* reused at once: a late reader sees SignalState > 0, wild links */
    return s;
}

static void TestStackEventReuse(void)
{
    pthread_t T;
    int Bad = 0;
    pthread_create(&T, NULL, Setter, NULL);
    for (int i = 0; i < 20000; i++)
        Bad += WaitOnStackEvent() != STATUS_SUCCESS;
    StopSetter = 1;
    pthread_join(T, NULL);
    CHECK_EQ(Bad, 0);
}

static void TooManyWithoutBlocks(void)
{
    KEVENT Many[4];
    PVOID Ptrs[4];
    for (int i = 0; i < 4; i++) {
        KeInitializeEvent(&Many[i], NotificationEvent, FALSE);
        Ptrs[i] = &Many[i];
    }
    KeWaitForMultipleObjects(4, Ptrs, WaitAny, Executive, KernelMode, FALSE, NULL, NULL);
}

static void WaitAtDispatch(void)
{
    KEVENT E;
    KIRQL Old;
    LARGE_INTEGER T = Ms(10);
    KeInitializeEvent(&E, NotificationEvent, FALSE);
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    KeWaitForSingleObject(&E, Executive, KernelMode, FALSE, &T);
}

static void ReleaseUnownedMutex(void)
{
    KMUTEX M;
    KeInitializeMutex(&M, 0);
    KeReleaseMutex(&M, FALSE);
}

static void TestBugChecks(void)
{
    CHECK_DIED_OF(KmRunChild(TooManyWithoutBlocks), SIGABRT);
    CHECK_HAS(KmReport, "0x0000000C (MAXIMUM_WAIT_OBJECTS_EXCEEDED)");
    CHECK_DIED_OF(KmRunChild(WaitAtDispatch), SIGABRT);
    CHECK_HAS(KmReport, "0x0000000A (IRQL_NOT_LESS_OR_EQUAL)");
    CHECK_DIED_OF(KmRunChild(ReleaseUnownedMutex), SIGABRT);
    CHECK_HAS(KmReport, "0x00000011");
}

int main(void)
{
    TestEvents();
    TestOneWakePerSignal();
    TestSemaphore();
    TestMutex();
    TestMultiple();
    TestStackEventReuse();
    TestBugChecks();
    return test_summary("test_dispatcher");
}
