/*
 * test_kqueue.c - kernel queues (KQUEUE): insert/remove order and return
 * values, several entries at once, timeouts, alertable removal, run-down,
 * and the concurrency control: a queue counts its active threads, a
 * remover waits while the concurrency value is reached, a thread that
 * blocks in another wait lets a waiter run (and counts again when it
 * wakes), waiters are released last in first out, a thread moves between
 * queues, and the fast paths take no dispatcher lock.
 */
#include "kmtest.h"

#define IRQL_NOT_LESS_OR_EQUAL 0x0000000A

static LARGE_INTEGER Ms(LONGLONG n)
{
    LARGE_INTEGER t;
    t.QuadPart = -n * 10000;
    return t;
}

#define ST(e) ((NTSTATUS)(ULONG_PTR)(e))

enum { ACT_NONE, ACT_EXIT, ACT_SCRIPT };

typedef struct _QENTRY {
    LIST_ENTRY Link;
    int Action;
    volatile LONG TakenBy, Started, Done;
    volatile LONG Hold1, Hold2; /* ACT_SCRIPT: busy (active) while set */
    PKEVENT Gate;               /* ACT_SCRIPT: waited on between the holds */
    int BlockKind;              /* ACT_SCRIPT: or another way to block (BLOCK_*) */
} QENTRY;

/* Ways an associated thread blocks (all must count as inactive). */
enum { BLOCK_NONE, BLOCK_FAST_MUTEX, BLOCK_RESOURCE, BLOCK_MUTEX, BLOCK_DELAY, BLOCK_KINDS };
static FAST_MUTEX BlockFastMutex;
static ERESOURCE BlockResource;
static KMUTEX BlockMutex;

static void BlockOn(int Kind)
{
    LARGE_INTEGER T300 = { .QuadPart = -300 * 10000 };
    switch (Kind) {
    case BLOCK_FAST_MUTEX:
        ExAcquireFastMutex(&BlockFastMutex);
        ExReleaseFastMutex(&BlockFastMutex);
        break;
    case BLOCK_RESOURCE:
        KeEnterCriticalRegion();
        ExAcquireResourceSharedLite(&BlockResource, TRUE);
        ExReleaseResourceLite(&BlockResource);
        KeLeaveCriticalRegion();
        break;
    case BLOCK_MUTEX:
        KeWaitForSingleObject(&BlockMutex, Executive, KernelMode, FALSE, NULL);
        KeReleaseMutex(&BlockMutex, FALSE);
        break;
    case BLOCK_DELAY:
        KeDelayExecutionThread(KernelMode, FALSE, &T300);
        break;
    }
}

typedef struct _QWORKER {
    PKQUEUE Queue;
    int Id;
    KPROCESSOR_MODE Mode;
    BOOLEAN Alertable;
    PKTHREAD volatile Thread;
    volatile LONG Taken;
    volatile LONG Finished;
    NTSTATUS LastStatus;
    BOOLEAN BoundAtEnd;
} QWORKER;

static void HoldWhile(volatile LONG *Flag)
{
    while (__atomic_load_n(Flag, __ATOMIC_ACQUIRE))
        KmSleepMs(1); /* a host sleep: the thread stays active */
}

static VOID NTAPI Worker(PVOID Context)
{
    QWORKER *W = Context;
    W->Thread = KeGetCurrentThread();
    for (;;) {
        PLIST_ENTRY E = NULL;
        KeRemoveQueueEx(W->Queue, W->Mode, W->Alertable, NULL, &E, 1);
        if ((ULONG_PTR)E < 0x10000) { /* a status */
            W->LastStatus = ST(E);
            break;
        }
        QENTRY *Q = CONTAINING_RECORD(E, QENTRY, Link);
        __atomic_store_n(&Q->TakenBy, W->Id, __ATOMIC_RELEASE);
        __atomic_add_fetch(&W->Taken, 1, __ATOMIC_RELEASE);
        if (Q->Action == ACT_EXIT)
            break;
        if (Q->Action == ACT_SCRIPT) {
            __atomic_store_n(&Q->Started, 1, __ATOMIC_RELEASE);
            HoldWhile(&Q->Hold1);
            if (Q->Gate)
                KeWaitForSingleObject(Q->Gate, Executive, KernelMode, FALSE, NULL);
            BlockOn(Q->BlockKind);
            HoldWhile(&Q->Hold2);
            __atomic_store_n(&Q->Done, 1, __ATOMIC_RELEASE);
        }
    }
    W->BoundAtEnd = KeGetCurrentThread()->Queue != NULL;
    __atomic_store_n(&W->Finished, 1, __ATOMIC_RELEASE);
}

/* Threads waiting in KeRemoveQueue on Queue. */
static ULONG Waiters(PKQUEUE Queue)
{
    ULONG n = 0;
    KIRQL Old = KiAcquireDispatcherLock();
    for (PLIST_ENTRY E = Queue->Header.WaitListHead.Flink; E != &Queue->Header.WaitListHead;
         E = E->Flink)
        if (CONTAINING_RECORD(E, KWAIT_BLOCK, WaitListEntry)->WaitType == WaitDequeue)
            n++;
    KiReleaseDispatcherLock(Old);
    return n;
}

static LONG Active(PKQUEUE Queue)
{
    return (LONG)__atomic_load_n(&Queue->CurrentCount, __ATOMIC_ACQUIRE);
}

static ULONG Associated(PKQUEUE Queue)
{
    ULONG n = 0;
    KIRQL Old = KiAcquireDispatcherLock();
    for (PLIST_ENTRY E = Queue->ThreadListHead.Flink; E != &Queue->ThreadListHead; E = E->Flink)
        n++;
    KiReleaseDispatcherLock(Old);
    return n;
}

static void Entry(QENTRY *Q, int Action)
{
    memset(Q, 0, sizeof *Q);
    Q->Action = Action;
    Q->TakenBy = -1;
}

/* Leave whatever queue the calling thread is associated with. */
static void Dissociate(PKQUEUE Queue)
{
    KeRundownQueue(Queue);
    CHECK(KeGetCurrentThread()->Queue == NULL);
}

static void TestBasics(void)
{
    KQUEUE Queue;
    QENTRY A, B, C, D;
    LARGE_INTEGER Zero = { .QuadPart = 0 }, T20 = Ms(20);
    KeInitializeQueue(&Queue, 1);
    CHECK_EQ(Queue.Header.Type, QueueObject);
    CHECK_EQ(Queue.MaximumCount, 1u);
    CHECK_EQ(KeReadStateQueue(&Queue), 0);
    Entry(&A, ACT_NONE);
    Entry(&B, ACT_NONE);
    Entry(&C, ACT_NONE);
    Entry(&D, ACT_NONE);
    CHECK_EQ(KeInsertQueue(&Queue, &A.Link), 0); /* previous signal state */
    CHECK_EQ(KeInsertQueue(&Queue, &B.Link), 1);
    CHECK_EQ(KeInsertQueue(&Queue, &C.Link), 2);
    CHECK_EQ(KeInsertHeadQueue(&Queue, &D.Link), 3);
    CHECK_EQ(KeReadStateQueue(&Queue), 4);

    /* First removal associates the thread: it counts as active. */
    CHECK(KeRemoveQueue(&Queue, KernelMode, &Zero) == &D.Link);
    CHECK(D.Link.Flink == NULL);
    CHECK(KeGetCurrentThread()->Queue == &Queue);
    CHECK_EQ(Associated(&Queue), 1u);
    CHECK_EQ(Active(&Queue), 1);
    /* Again: the caller's slot is reused (still 1 active, at the limit). */
    CHECK(KeRemoveQueue(&Queue, KernelMode, NULL) == &A.Link);
    CHECK(KeRemoveQueue(&Queue, KernelMode, &T20) == &B.Link);
    CHECK(KeRemoveQueue(&Queue, KernelMode, &Zero) == &C.Link);
    CHECK_EQ(Active(&Queue), 1);
    CHECK_EQ(KeReadStateQueue(&Queue), 0);

    /* Timeouts: zero, then finite. */
    CHECK_EQ(ST(KeRemoveQueue(&Queue, KernelMode, &Zero)), STATUS_TIMEOUT);
    ULONGLONG t0 = KmNowNs();
    CHECK_EQ(ST(KeRemoveQueue(&Queue, KernelMode, &T20)), STATUS_TIMEOUT);
    CHECK(KmNowNs() - t0 >= 19000000ULL);
    CHECK_EQ(Active(&Queue), 1); /* back to active after the timeout */
    CHECK_EQ(Waiters(&Queue), 0u);

    /* At DISPATCH_LEVEL a poll is allowed. */
    KIRQL Old;
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    CHECK_EQ(ST(KeRemoveQueue(&Queue, KernelMode, &Zero)), STATUS_TIMEOUT);
    KeLowerIrql(Old);

    /* Several entries at once. */
    QENTRY E[5];
    PLIST_ENTRY Got[8];
    for (int i = 0; i < 5; i++) {
        Entry(&E[i], ACT_NONE);
        KeInsertQueue(&Queue, &E[i].Link);
    }
    CHECK_EQ(KeRemoveQueueEx(&Queue, KernelMode, FALSE, &Zero, Got, 3), 3u);
    CHECK(Got[0] == &E[0].Link && Got[1] == &E[1].Link && Got[2] == &E[2].Link);
    CHECK_EQ(KeReadStateQueue(&Queue), 2);
    CHECK_EQ(KeRemoveQueueEx(&Queue, KernelMode, FALSE, NULL, Got, 8), 2u);
    CHECK(Got[0] == &E[3].Link && Got[1] == &E[4].Link && Got[1]->Flink == NULL);
    CHECK_EQ(KeRemoveQueueEx(&Queue, KernelMode, FALSE, &Zero, Got, 8), 1u);
    CHECK_EQ(ST(Got[0]), STATUS_TIMEOUT);
    CHECK_EQ(KeRemoveQueueEx(&Queue, KernelMode, FALSE, &Zero, Got, 0), 0u);
    CHECK_EQ(Active(&Queue), 1);

    /* Run-down: the remaining entries as a headless circular list. */
    CHECK(KeRundownQueue(&Queue) == NULL);
    CHECK(KeGetCurrentThread()->Queue == NULL);
    CHECK_EQ(Associated(&Queue), 0u);
    CHECK_EQ(Active(&Queue), 0);
    KeInsertQueue(&Queue, &A.Link);
    KeInsertQueue(&Queue, &B.Link);
    KeInsertQueue(&Queue, &C.Link);
    PLIST_ENTRY First = KeRundownQueue(&Queue);
    CHECK(First == &A.Link);
    CHECK(A.Link.Flink == &B.Link && B.Link.Flink == &C.Link && C.Link.Flink == &A.Link);
    CHECK(A.Link.Blink == &C.Link);
    CHECK_EQ(KeReadStateQueue(&Queue), 0);
    CHECK(KeRundownQueue(&Queue) == NULL);

    /* Concurrency 0: the number of processors. */
    KQUEUE Any;
    KeInitializeQueue(&Any, 0);
    CHECK_EQ(Any.MaximumCount, KeQueryActiveProcessorCount(NULL));
}

/* The book's scenario, concurrency 1, two workers. */
static void TestConcurrency(void)
{
    KQUEUE Queue;
    KEVENT Gate;
    QENTRY First, Second, Exit1, Exit2;
    QWORKER W[2];
    PVOID T[2];
    KeInitializeQueue(&Queue, 1);
    KeInitializeEvent(&Gate, NotificationEvent, FALSE);
    for (int i = 0; i < 2; i++) {
        memset(&W[i], 0, sizeof W[i]);
        W[i].Queue = &Queue;
        W[i].Id = i;
        T[i] = KmStartThread(Worker, &W[i]);
    }
    CHECK(KM_EVENTUALLY(Waiters(&Queue) == 2));
    CHECK_EQ(Active(&Queue), 0);
    CHECK_EQ(Associated(&Queue), 2u);

    Entry(&First, ACT_SCRIPT);
    First.Hold1 = First.Hold2 = 1;
    First.Gate = &Gate;
    Entry(&Second, ACT_SCRIPT);
    Second.Hold1 = 1;
    CHECK_EQ(KeInsertQueue(&Queue, &First.Link), 0);  /* handed to a waiter */
    CHECK_EQ(KeInsertQueue(&Queue, &Second.Link), 0); /* the limit is reached: queued */
    CHECK(KM_EVENTUALLY(First.Started));
    KmSleepMs(50);
    /* Only one runs. */
    CHECK_EQ(Second.Started, 0);
    CHECK_EQ(KeReadStateQueue(&Queue), 1);
    CHECK_EQ(Active(&Queue), 1);
    CHECK_EQ(Waiters(&Queue), 1u);

    /* The active thread blocks on an event: the other takes the entry. */
    __atomic_store_n(&First.Hold1, 0, __ATOMIC_RELEASE);
    CHECK(KM_EVENTUALLY(Second.Started));
    CHECK(Second.TakenBy != First.TakenBy);
    CHECK_EQ(KeReadStateQueue(&Queue), 0);
    CHECK_EQ(Active(&Queue), 1);

    /* The first wakes: two active at once, above the limit. */
    KeSetEvent(&Gate, 0, FALSE);
    CHECK(KM_EVENTUALLY(Active(&Queue) == 2));
    /* Until one of them goes back to the queue. */
    __atomic_store_n(&Second.Hold1, 0, __ATOMIC_RELEASE);
    CHECK(KM_EVENTUALLY(Second.Done && Waiters(&Queue) == 1));
    CHECK_EQ(Active(&Queue), 1);
    __atomic_store_n(&First.Hold2, 0, __ATOMIC_RELEASE);
    CHECK(KM_EVENTUALLY(First.Done && Waiters(&Queue) == 2));
    CHECK_EQ(Active(&Queue), 0);

    /* An associated thread that exits stops counting: with the limit 1,
     * the second exit entry goes out only because the first taker left. */
    Entry(&Exit1, ACT_EXIT);
    Entry(&Exit2, ACT_EXIT);
    KeInsertQueue(&Queue, &Exit1.Link);
    KeInsertQueue(&Queue, &Exit2.Link);
    KmJoinThread(T[0]);
    KmJoinThread(T[1]);
    CHECK(Exit1.TakenBy != Exit2.TakenBy);
    CHECK_EQ(Active(&Queue), 0);
    CHECK_EQ(Associated(&Queue), 0u);
    CHECK_EQ(KeReadStateQueue(&Queue), 0);
}

/* Every way of blocking lets a waiter run: fast mutex, ERESOURCE and KMUTEX
 * contention, KeDelayExecutionThread (concurrency 1, two workers). */
static void TestActivationPaths(void)
{
    KQUEUE Queue;
    QWORKER W[2];
    PVOID T[2];
    QENTRY Blocker, Other, Exit[2];
    KeInitializeQueue(&Queue, 1);
    ExInitializeFastMutex(&BlockFastMutex);
    ExInitializeResourceLite(&BlockResource);
    KeInitializeMutex(&BlockMutex, 0);
    for (int i = 0; i < 2; i++) {
        memset(&W[i], 0, sizeof W[i]);
        W[i].Queue = &Queue;
        W[i].Id = i;
        T[i] = KmStartThread(Worker, &W[i]);
    }
    CHECK(KM_EVENTUALLY(Waiters(&Queue) == 2));
    for (int Kind = BLOCK_FAST_MUTEX; Kind < BLOCK_KINDS; Kind++) {
        /* This thread holds what the blocker will need. */
        if (Kind == BLOCK_FAST_MUTEX)
            ExAcquireFastMutex(&BlockFastMutex);
        else if (Kind == BLOCK_RESOURCE) {
            KeEnterCriticalRegion();
            ExAcquireResourceExclusiveLite(&BlockResource, TRUE);
        } else if (Kind == BLOCK_MUTEX)
            KeWaitForSingleObject(&BlockMutex, Executive, KernelMode, FALSE, NULL);
        Entry(&Blocker, ACT_SCRIPT);
        Blocker.BlockKind = Kind;
        Blocker.Hold2 = 1; /* stays active once it got through */
        Entry(&Other, ACT_SCRIPT);
        Other.Hold2 = 1;
        KeInsertQueue(&Queue, &Blocker.Link);
        KeInsertQueue(&Queue, &Other.Link);
        /* Other runs only because the blocker blocked. */
        CHECK(KM_EVENTUALLY(Other.Started));
        CHECK_EQ(Blocker.Started, 1);
        if (Kind != BLOCK_DELAY) /* (the delay may be over already) */
            CHECK_EQ(Active(&Queue), 1);
        if (Kind == BLOCK_FAST_MUTEX)
            ExReleaseFastMutex(&BlockFastMutex);
        else if (Kind == BLOCK_RESOURCE) {
            ExReleaseResourceLite(&BlockResource);
            KeLeaveCriticalRegion();
        } else if (Kind == BLOCK_MUTEX)
            KeReleaseMutex(&BlockMutex, FALSE);
        /* The blocker got through and counts again: two active. */
        CHECK(KM_EVENTUALLY(Active(&Queue) == 2));
        __atomic_store_n(&Blocker.Hold2, 0, __ATOMIC_RELEASE);
        __atomic_store_n(&Other.Hold2, 0, __ATOMIC_RELEASE);
        CHECK(KM_EVENTUALLY(Blocker.Done && Other.Done && Waiters(&Queue) == 2));
        CHECK_EQ(Active(&Queue), 0);
    }
    for (int i = 0; i < 2; i++) {
        Entry(&Exit[i], ACT_EXIT);
        KeInsertQueue(&Queue, &Exit[i].Link);
    }
    KmJoinThread(T[0]);
    KmJoinThread(T[1]);
    KmSettle();
    ExDeleteResourceLite(&BlockResource);
}

/* Waiters are released last in, first out. */
static void TestLifo(void)
{
    KQUEUE Queue;
    KEVENT Gate;
    QENTRY E[3], X[3];
    QWORKER W[3];
    PVOID T[3];
    KeInitializeQueue(&Queue, 4);
    KeInitializeEvent(&Gate, NotificationEvent, FALSE);
    for (int i = 0; i < 3; i++) {
        memset(&W[i], 0, sizeof W[i]);
        W[i].Queue = &Queue;
        W[i].Id = i;
        T[i] = KmStartThread(Worker, &W[i]);
        CHECK(KM_EVENTUALLY(Waiters(&Queue) == (ULONG)i + 1));
    }
    for (int i = 0; i < 3; i++) {
        Entry(&E[i], ACT_SCRIPT);
        E[i].Gate = &Gate; /* the taker stays away until the gate opens */
        KeInsertQueue(&Queue, &E[i].Link);
        CHECK(KM_EVENTUALLY(E[i].Started));
        CHECK_EQ(E[i].TakenBy, 2 - i); /* the most recent waiter first */
    }
    KeSetEvent(&Gate, 0, FALSE);
    CHECK(KM_EVENTUALLY(Waiters(&Queue) == 3));
    for (int i = 0; i < 3; i++) {
        Entry(&X[i], ACT_EXIT);
        KeInsertQueue(&Queue, &X[i].Link);
    }
    for (int i = 0; i < 3; i++)
        KmJoinThread(T[i]);
    CHECK_EQ(Associated(&Queue), 0u);
    CHECK_EQ(Active(&Queue), 0);
}

/* A thread that moves to another queue frees its place in the first. */
static void TestSwitch(void)
{
    KQUEUE Q1, Q2;
    QENTRY Mine, Held, Exit;
    QWORKER W;
    LARGE_INTEGER Zero = { .QuadPart = 0 };
    KeInitializeQueue(&Q1, 1);
    KeInitializeQueue(&Q2, 1);
    Entry(&Mine, ACT_NONE);
    KeInsertQueue(&Q1, &Mine.Link);
    CHECK(KeRemoveQueue(&Q1, KernelMode, &Zero) == &Mine.Link); /* this thread: active on Q1 */
    memset(&W, 0, sizeof W);
    W.Queue = &Q1;
    W.Id = 7;
    PVOID T = KmStartThread(Worker, &W);
    CHECK(KM_EVENTUALLY(Waiters(&Q1) == 1));
    Entry(&Held, ACT_NONE);
    KeInsertQueue(&Q1, &Held.Link);
    KmSleepMs(30);
    CHECK_EQ(Held.TakenBy, -1); /* the limit: this thread is active */
    CHECK_EQ(KeReadStateQueue(&Q1), 1);

    CHECK_EQ(ST(KeRemoveQueue(&Q2, KernelMode, &Zero)), STATUS_TIMEOUT);
    CHECK(KeGetCurrentThread()->Queue == &Q2);
    CHECK(KM_EVENTUALLY(Held.TakenBy == 7));
    CHECK_EQ(Associated(&Q1), 1u);
    CHECK_EQ(Associated(&Q2), 1u);
    CHECK_EQ(Active(&Q2), 1);

    Entry(&Exit, ACT_EXIT);
    KeInsertQueue(&Q1, &Exit.Link);
    KmJoinThread(T);
    CHECK_EQ(Active(&Q1), 0);
    Dissociate(&Q2);
}

/* Run-down releases waiting removers with STATUS_ABANDONED. */
static void TestRundownWaiters(void)
{
    KQUEUE Queue;
    QWORKER W;
    KeInitializeQueue(&Queue, 2);
    memset(&W, 0, sizeof W);
    W.Queue = &Queue;
    PVOID T = KmStartThread(Worker, &W);
    CHECK(KM_EVENTUALLY(Waiters(&Queue) == 1));
    CHECK(KeRundownQueue(&Queue) == NULL);
    KmJoinThread(T);
    CHECK_EQ(W.LastStatus, STATUS_ABANDONED);
    CHECK_EQ(W.BoundAtEnd, FALSE);
    CHECK_EQ(Waiters(&Queue), 0u);
    CHECK_EQ(Associated(&Queue), 0u);
}

/* A queue is a dispatcher object: signalled while it holds entries. */
typedef struct {
    PVOID Objects[2];
    ULONG Count;
    volatile LONG Done;
    NTSTATUS Status;
} OBJWAIT;

static VOID NTAPI ObjectWaiter(PVOID Context)
{
    OBJWAIT *O = Context;
    O->Status = KeWaitForMultipleObjects(O->Count, O->Objects, WaitAny, Executive, KernelMode,
                                         FALSE, NULL, NULL);
    __atomic_store_n(&O->Done, 1, __ATOMIC_RELEASE);
}

static void TestDispatcherObject(void)
{
    KQUEUE Queue;
    KEVENT Never;
    QENTRY A, B;
    LARGE_INTEGER Zero = { .QuadPart = 0 };
    KeInitializeQueue(&Queue, 1);
    KeInitializeEvent(&Never, NotificationEvent, FALSE);
    CHECK_EQ(KeWaitForSingleObject(&Queue, Executive, KernelMode, FALSE, &Zero), STATUS_TIMEOUT);
    Entry(&A, ACT_NONE);
    KeInsertQueue(&Queue, &A.Link);
    CHECK_EQ(KeWaitForSingleObject(&Queue, Executive, KernelMode, FALSE, &Zero), STATUS_SUCCESS);
    CHECK_EQ(KeReadStateQueue(&Queue), 1); /* waiting does not remove */
    KeRundownQueue(&Queue);

    /* A waiter (wait-any with an event) is woken by an insert. */
    OBJWAIT O = { { &Never, &Queue }, 2, 0, 0 };
    PVOID T = KmStartThread(ObjectWaiter, &O);
    CHECK(KM_EVENTUALLY(!IsListEmpty(&Queue.Header.WaitListHead)));
    KmSleepMs(10);
    CHECK_EQ(O.Done, 0);
    Entry(&B, ACT_NONE);
    CHECK_EQ(KeInsertQueue(&Queue, &B.Link), 0);
    KmJoinThread(T);
    CHECK_EQ(O.Status, STATUS_WAIT_1);
    CHECK_EQ(KeReadStateQueue(&Queue), 1);
    KmSettle();
    KeRundownQueue(&Queue);

    /* Many rounds against the fast insert path: no wake-up is lost. */
    for (int Round = 0; Round < 200; Round++) {
        OBJWAIT R = { { &Queue, NULL }, 1, 0, 0 };
        PVOID Th = KmStartThread(ObjectWaiter, &R);
        if (Round & 1)
            KmSleepMs(0);
        QENTRY C;
        Entry(&C, ACT_NONE);
        KeInsertQueue(&Queue, &C.Link);
        KmJoinThread(Th);
        CHECK_EQ(R.Status, STATUS_WAIT_0);
        KmSettle();
        KeRundownQueue(&Queue);
    }
}

/* Alertable removal and APCs. */
static int UserApcRuns, KernelApcRuns;
static VOID NTAPI ApcKernel(PKAPC Apc, PKNORMAL_ROUTINE *N, PVOID *C, PVOID *A1, PVOID *A2)
{
    (void)Apc, (void)N, (void)C, (void)A1, (void)A2;
}
static VOID NTAPI ApcNormalUser(PVOID C, PVOID A1, PVOID A2)
{
    (void)C, (void)A1, (void)A2;
    UserApcRuns++;
}
static VOID NTAPI ApcNormalKernel(PVOID C, PVOID A1, PVOID A2)
{
    (void)C, (void)A1, (void)A2;
    __atomic_add_fetch(&KernelApcRuns, 1, __ATOMIC_RELEASE);
}

static void TestAlertable(void)
{
    KQUEUE Queue;
    KAPC Apc;
    PLIST_ENTRY Got[2];
    LARGE_INTEGER T10 = Ms(10);
    KeInitializeQueue(&Queue, 1);
    KeInitializeApc(&Apc, KeGetCurrentThread(), OriginalApcEnvironment, ApcKernel, NULL,
                    ApcNormalUser, UserMode, NULL);
    CHECK(KeInsertQueueApc(&Apc, NULL, NULL, 0));
    /* Not alertable, or a kernel-mode wait: the user APC waits. */
    CHECK_EQ(KeRemoveQueueEx(&Queue, UserMode, FALSE, &T10, Got, 2), 1u);
    CHECK_EQ(ST(Got[0]), STATUS_TIMEOUT);
    CHECK_EQ(KeRemoveQueueEx(&Queue, KernelMode, TRUE, &T10, Got, 2), 1u);
    CHECK_EQ(ST(Got[0]), STATUS_TIMEOUT);
    CHECK_EQ(ST(KeRemoveQueue(&Queue, UserMode, &T10)), STATUS_TIMEOUT);
    CHECK_EQ(KeRemoveQueueEx(&Queue, UserMode, TRUE, NULL, Got, 2), 1u);
    CHECK_EQ(ST(Got[0]), STATUS_USER_APC);
    CHECK_EQ(Active(&Queue), 1);
    CHECK(KiDeliverUserApcs());
    CHECK_EQ(UserApcRuns, 1);
    Dissociate(&Queue);

    /* A waiting remover: a kernel APC runs and the wait goes on; a user
     * APC ends an alertable wait. */
    QWORKER W;
    QENTRY A;
    KAPC KApc, UApc;
    memset(&W, 0, sizeof W);
    W.Queue = &Queue;
    W.Mode = UserMode;
    W.Alertable = TRUE;
    PVOID T = KmStartThread(Worker, &W);
    CHECK(KM_EVENTUALLY(Waiters(&Queue) == 1));
    KeInitializeApc(&KApc, W.Thread, OriginalApcEnvironment, ApcKernel, NULL, ApcNormalKernel,
                    KernelMode, NULL);
    CHECK(KeInsertQueueApc(&KApc, NULL, NULL, 0));
    CHECK(KM_EVENTUALLY(KernelApcRuns == 1));
    CHECK(KM_EVENTUALLY(Waiters(&Queue) == 1));
    Entry(&A, ACT_NONE);
    KeInsertQueue(&Queue, &A.Link);
    CHECK(KM_EVENTUALLY(W.Taken == 1 && Waiters(&Queue) == 1));
    KeInitializeApc(&UApc, W.Thread, OriginalApcEnvironment, ApcKernel, NULL, ApcNormalUser,
                    UserMode, NULL);
    CHECK(KeInsertQueueApc(&UApc, NULL, NULL, 0));
    CHECK(KM_EVENTUALLY(W.Finished));
    CHECK_EQ(W.LastStatus, STATUS_USER_APC);
    CHECK_EQ(W.BoundAtEnd, TRUE);
    KmJoinThread(T); /* its exit runs the user APC down and leaves the queue */
    CHECK_EQ(Associated(&Queue), 0u);
    CHECK_EQ(Active(&Queue), 0);
}

/* The fast paths take no lock shared with other dispatcher objects: they
 * complete while another thread holds the dispatcher lock. */
typedef struct {
    PKQUEUE Queue;
    volatile LONG Go, Done;
    BOOLEAN Ok;
} FASTCTX;

static VOID NTAPI FastWorker(PVOID Context)
{
    FASTCTX *F = Context;
    LARGE_INTEGER Zero = { .QuadPart = 0 };
    QENTRY A, B;
    Entry(&A, ACT_NONE);
    Entry(&B, ACT_NONE);
    /* Associate first (that may take the dispatcher lock when leaving a queue). */
    BOOLEAN Ok = ST(KeRemoveQueue(F->Queue, KernelMode, &Zero)) == STATUS_TIMEOUT;
    while (!__atomic_load_n(&F->Go, __ATOMIC_ACQUIRE))
        KmSleepMs(1);
    Ok &= KeInsertQueue(F->Queue, &A.Link) == 0;
    Ok &= KeInsertHeadQueue(F->Queue, &B.Link) == 1;
    Ok &= KeRemoveQueue(F->Queue, KernelMode, NULL) == &B.Link;
    Ok &= KeRemoveQueue(F->Queue, KernelMode, &Zero) == &A.Link;
    Ok &= ST(KeRemoveQueue(F->Queue, KernelMode, &Zero)) == STATUS_TIMEOUT;
    F->Ok = Ok;
    __atomic_store_n(&F->Done, 1, __ATOMIC_RELEASE);
}

static void TestFastPaths(void)
{
    KQUEUE Queue;
    FASTCTX F = { &Queue, 0, 0, FALSE };
    KeInitializeQueue(&Queue, 2);
    PVOID T = KmStartThread(FastWorker, &F);
    CHECK(KM_EVENTUALLY(Associated(&Queue) == 1));
    KIRQL Old = KiAcquireDispatcherLock();
    __atomic_store_n(&F.Go, 1, __ATOMIC_RELEASE);
    BOOLEAN Done = KM_EVENTUALLY(F.Done);
    KiReleaseDispatcherLock(Old);
    CHECK(Done);
    CHECK(F.Ok);
    KmJoinThread(T);
    CHECK_EQ(Associated(&Queue), 0u);
}

/* Stress: producers and consumers at concurrency 2, consumers often
 * blocking in other waits (activating waiters): every entry is taken
 * exactly once, and the count settles back to 0. */
#define STRESS_ENTRIES 4000
#define STRESS_WORKERS 4
typedef struct {
    LIST_ENTRY Link;
    volatile LONG Taken;
} SENTRY;
static SENTRY StressEntries[STRESS_ENTRIES];
static QENTRY StressExit[STRESS_WORKERS];
typedef struct {
    PKQUEUE Queue;
    int First, Step;
} SPRODUCER;
static volatile LONG StressTaken;

static VOID NTAPI StressConsumer(PVOID Context)
{
    PKQUEUE Queue = Context;
    LARGE_INTEGER Tiny = { .QuadPart = -10 };
    PLIST_ENTRY Got[4];
    for (ULONG Round = 0;; Round++) {
        ULONG n = KeRemoveQueueEx(Queue, KernelMode, FALSE, NULL, Got, 1 + Round % 4);
        for (ULONG i = 0; i < n; i++) {
            if ((ULONG_PTR)Got[i] < 0x10000)
                return;
            if (Got[i] >= &StressExit[0].Link && Got[i] <= &StressExit[STRESS_WORKERS - 1].Link) {
                /* Put the other entries taken with it back, then leave. */
                for (ULONG j = i + 1; j < n; j++)
                    KeInsertHeadQueue(Queue, Got[j]);
                return;
            }
            SENTRY *S = CONTAINING_RECORD(Got[i], SENTRY, Link);
            __atomic_add_fetch(&S->Taken, 1, __ATOMIC_RELAXED);
            __atomic_add_fetch(&StressTaken, 1, __ATOMIC_RELAXED);
        }
        if (Round % 5 == 0)
            KeDelayExecutionThread(KernelMode, FALSE, &Tiny); /* blocks: another may run */
    }
}

static VOID NTAPI StressProducer(PVOID Context)
{
    SPRODUCER *P = Context;
    for (int i = P->First; i < STRESS_ENTRIES; i += P->Step) {
        if (i % 3)
            KeInsertQueue(P->Queue, &StressEntries[i].Link);
        else
            KeInsertHeadQueue(P->Queue, &StressEntries[i].Link);
    }
}

static void TestStress(void)
{
    KQUEUE Queue;
    PVOID C[STRESS_WORKERS], P[2];
    SPRODUCER Producers[2];
    KeInitializeQueue(&Queue, 2);
    memset(StressEntries, 0, sizeof StressEntries);
    StressTaken = 0;
    for (int i = 0; i < STRESS_WORKERS; i++)
        C[i] = KmStartThread(StressConsumer, &Queue);
    for (int i = 0; i < 2; i++) {
        Producers[i].Queue = &Queue;
        Producers[i].First = i;
        Producers[i].Step = 2;
        P[i] = KmStartThread(StressProducer, &Producers[i]);
    }
    KmJoinThread(P[0]);
    KmJoinThread(P[1]);
    CHECK(KM_EVENTUALLY(StressTaken == STRESS_ENTRIES));
    CHECK(KM_EVENTUALLY(Waiters(&Queue) == STRESS_WORKERS));
    CHECK_EQ(Active(&Queue), 0);
    CHECK_EQ(KeReadStateQueue(&Queue), 0);
    int Once = 0;
    for (int i = 0; i < STRESS_ENTRIES; i++)
        Once += StressEntries[i].Taken == 1;
    CHECK_EQ(Once, STRESS_ENTRIES);
    for (int i = 0; i < STRESS_WORKERS; i++) {
        Entry(&StressExit[i], ACT_EXIT);
        KeInsertQueue(&Queue, &StressExit[i].Link);
    }
    for (int i = 0; i < STRESS_WORKERS; i++)
        KmJoinThread(C[i]);
    CHECK_EQ(Associated(&Queue), 0u);
    CHECK_EQ(Active(&Queue), 0);
}

/* KeRemoveQueue above DISPATCH_LEVEL, or at it with a wait: bug check 0xA. */
static KQUEUE BugQueue;
static void RemoveAtDispatch(void)
{
    KIRQL Old;
    KeInitializeQueue(&BugQueue, 1);
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    KeRemoveQueue(&BugQueue, KernelMode, NULL);
}
static void RemoveAtHigh(void)
{
    KIRQL Old;
    LARGE_INTEGER Zero = { .QuadPart = 0 };
    KeInitializeQueue(&BugQueue, 1);
    KeRaiseIrql(HIGH_LEVEL, &Old);
    KeRemoveQueue(&BugQueue, KernelMode, &Zero);
}

static void TestIrql(void)
{
    CHECK_BUGCHECK(KmRunChild(RemoveAtDispatch), IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)&BugQueue);
    CHECK_BUGCHECK(KmRunChild(RemoveAtHigh), IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)&BugQueue);
}

int main(void)
{
    TestBasics();
    TestConcurrency();
    TestActivationPaths();
    TestLifo();
    TestSwitch();
    TestRundownWaiters();
    TestDispatcherObject();
    TestAlertable();
    TestFastPaths();
    TestStress();
    TestIrql();
    return test_summary("test_kqueue");
}
