/*
 * tests/unit/test_csq.c - cancel-safe IRP queues (kernel/io/csq.c).
 *
 * A test driver whose read dispatch routine queues every IRP in a
 * cancel-safe queue, driven through real IRPs (IoAllocateIrp, IoCallDriver,
 * a completion routine that records how each IRP ended): insert, remove,
 * remove-next with peek filters, cancel while queued, cancel before and
 * during insertion, IoCsqInsertIrpEx failures, and a stress run where
 * cancellers race removers on several threads.
 */
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include "kmtest.h"

/* ---- the driver's queue --------------------------------------------------- */

typedef struct _TEST_QUEUE {
    IO_CSQ Csq;
    KSPIN_LOCK Lock;
    LIST_ENTRY Head;             /* Irp->Tail.Overlay.ListEntry */
    volatile LONG Length;
    volatile LONG Inserts, Removes, CanceledCompletions;
    BOOLEAN CancelDuringInsert;  /* IoCancelIrp from inside CsqInsertIrp */
    /* Hold the cancel routine (another thread) just before it takes the
     * queue lock, to look at the queue while a cancel is half done. */
    volatile LONG GateCancel;
    volatile LONG CancelAtGate;
    PKTHREAD GateOwner;
} TEST_QUEUE;

/* Per-IRP record: how the test sent it and how it ended. */
typedef struct _TEST_IRP {
    PIRP Irp;
    PVOID Key;                   /* what the peek filter matches */
    BOOLEAN UseContext;
    PVOID InsertContext;         /* for IoCsqInsertIrpEx */
    IO_CSQ_IRP_CONTEXT Ctx;
    NTSTATUS InsertStatus;
    NTSTATUS DispatchStatus;
    volatile LONG Taken;         /* set by whoever completes it: a second taker is a bug */
    volatile LONG Completions;
    volatile LONG CancelWon;     /* IoCancelIrp returned TRUE */
    NTSTATUS FinalStatus;
    BOOLEAN PendingReturned;
} TEST_IRP;

static TEST_QUEUE *CurrentQueue;
static volatile LONG DoubleHandOut;
static volatile LONG Completed;
static PDRIVER_OBJECT TestDriver;
static PDEVICE_OBJECT TestDevice;

#define QUEUE_OF(Csq) CONTAINING_RECORD((Csq), TEST_QUEUE, Csq)
#define RECORD_OF(Irp) ((TEST_IRP *)(Irp)->Tail.Overlay.DriverContext[1])

static VOID NTAPI QInsert(PIO_CSQ Csq, PIRP Irp)
{
    TEST_QUEUE *Q = QUEUE_OF(Csq);
    InsertTailList(&Q->Head, &Irp->Tail.Overlay.ListEntry);
    Q->Length++;
    Q->Inserts++;
    if (Q->CancelDuringInsert)
        /* No cancel routine yet: IoCancelIrp only marks the IRP. */
        CHECK(!IoCancelIrp(Irp));
}

static NTSTATUS NTAPI QInsertEx(PIO_CSQ Csq, PIRP Irp, PVOID InsertContext)
{
    if (InsertContext)
        return (NTSTATUS)(LONG_PTR)InsertContext; /* the test asks for this status */
    QInsert(Csq, Irp);
    return STATUS_PENDING;
}

static VOID NTAPI QRemove(PIO_CSQ Csq, PIRP Irp)
{
    TEST_QUEUE *Q = QUEUE_OF(Csq);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
    InitializeListHead(&Irp->Tail.Overlay.ListEntry);
    Q->Length--;
    Q->Removes++;
}

static PIRP NTAPI QPeekNext(PIO_CSQ Csq, PIRP Irp, PVOID PeekContext)
{
    TEST_QUEUE *Q = QUEUE_OF(Csq);
    PLIST_ENTRY E = Irp ? Irp->Tail.Overlay.ListEntry.Flink : Q->Head.Flink;
    for (; E != &Q->Head; E = E->Flink) {
        PIRP Next = CONTAINING_RECORD(E, IRP, Tail.Overlay.ListEntry);
        if (!PeekContext || Next->Tail.Overlay.DriverContext[0] == PeekContext)
            return Next;
    }
    return NULL;
}

static VOID NTAPI QAcquireLock(PIO_CSQ Csq, PKIRQL Irql)
{
    TEST_QUEUE *Q = QUEUE_OF(Csq);
    if (Q->GateCancel && KeGetCurrentThread() != Q->GateOwner) {
        __atomic_store_n(&Q->CancelAtGate, 1, __ATOMIC_RELEASE);
        while (__atomic_load_n(&Q->GateCancel, __ATOMIC_ACQUIRE))
            sched_yield();
    }
    *Irql = KeAcquireSpinLockRaiseToDpc(&Q->Lock);
}

static VOID NTAPI QReleaseLock(PIO_CSQ Csq, KIRQL Irql)
{
    KeReleaseSpinLock(&QUEUE_OF(Csq)->Lock, Irql);
}

/* The driver completes an IRP it got from the queue (or from the csq's
 * cancel logic).  Each IRP may be handed out exactly once. */
static VOID CompleteIrp(PIRP Irp, NTSTATUS Status)
{
    TEST_IRP *Rec = RECORD_OF(Irp);
    if (InterlockedExchange(&Rec->Taken, 1)) {
        InterlockedIncrement(&DoubleHandOut);
        return;
    }
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static VOID NTAPI QCompleteCanceled(PIO_CSQ Csq, PIRP Irp)
{
    InterlockedIncrement(&QUEUE_OF(Csq)->CanceledCompletions);
    CompleteIrp(Irp, STATUS_CANCELLED);
}

static void InitQueue(TEST_QUEUE *Q, BOOLEAN Ex)
{
    memset(Q, 0, sizeof *Q);
    KeInitializeSpinLock(&Q->Lock);
    InitializeListHead(&Q->Head);
    NTSTATUS Status = Ex ? IoCsqInitializeEx(&Q->Csq, QInsertEx, QRemove, QPeekNext, QAcquireLock,
                                             QReleaseLock, QCompleteCanceled)
                         : IoCsqInitialize(&Q->Csq, QInsert, QRemove, QPeekNext, QAcquireLock,
                                           QReleaseLock, QCompleteCanceled);
    CHECK_EQ(Status, STATUS_SUCCESS);
    CHECK_EQ(Q->Csq.Type, Ex ? IO_TYPE_CSQ_EX : IO_TYPE_CSQ);
    CurrentQueue = Q;
}

/* ---- the driver ---------------------------------------------------------- */

static NTSTATUS DispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    TEST_IRP *Rec = IoGetCurrentIrpStackLocation(Irp)->Parameters.Others.Argument1;
    TEST_QUEUE *Q = CurrentQueue;
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->Tail.Overlay.DriverContext[0] = Rec->Key;
    Irp->Tail.Overlay.DriverContext[1] = Rec;
    if (Q->Csq.Type == IO_TYPE_CSQ_EX) {
        NTSTATUS Status = IoCsqInsertIrpEx(&Q->Csq, Irp, Rec->UseContext ? &Rec->Ctx : NULL,
                                           Rec->InsertContext);
        Rec->InsertStatus = Status;
        if (!NT_SUCCESS(Status)) {
            CompleteIrp(Irp, Status);
            return Status;
        }
        return STATUS_PENDING;
    }
    IoCsqInsertIrp(&Q->Csq, Irp, Rec->UseContext ? &Rec->Ctx : NULL);
    return STATUS_PENDING;
}

static NTSTATUS DispatchOther(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

static NTSTATUS OnComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    TEST_IRP *Rec = Context;
    UNREFERENCED_PARAMETER(DeviceObject);
    Rec->FinalStatus = Irp->IoStatus.Status;
    Rec->PendingReturned = Irp->PendingReturned;
    InterlockedIncrement(&Rec->Completions);
    InterlockedIncrement(&Completed);
    /* The test frees the IRP itself, after every thread is done with it. */
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static void CreateTestDevice(void)
{
    TestDriver = KmCreateDriver(DispatchOther);
    TestDriver->MajorFunction[IRP_MJ_READ] = DispatchRead;
    TestDevice = KmCreateDevice(TestDriver, 0);
    CHECK(TestDevice != NULL);
}

/* Send a read for Rec; returns what IoCallDriver returned. */
static NTSTATUS SendRead(TEST_IRP *Rec)
{
    PIRP Irp = IoAllocateIrp(TestDevice->StackSize, FALSE);
    PIO_STACK_LOCATION Sp = IoGetNextIrpStackLocation(Irp);
    Rec->Irp = Irp;
    Sp->MajorFunction = IRP_MJ_READ;
    Sp->Parameters.Others.Argument1 = Rec;
    IoSetCompletionRoutine(Irp, OnComplete, Rec, TRUE, TRUE, TRUE);
    Rec->DispatchStatus = IoCallDriver(TestDevice, Irp);
    return Rec->DispatchStatus;
}

static void FreeRecords(TEST_IRP *Recs, int Count)
{
    for (int i = 0; i < Count; i++)
        if (Recs[i].Irp)
            IoFreeIrp(Recs[i].Irp);
    memset(Recs, 0, sizeof *Recs * (size_t)Count);
}

/* ---- single-threaded cases ------------------------------------------------ */

static void TestInsertRemove(void)
{
    TEST_QUEUE Q;
    TEST_IRP R[5];
    PVOID KeyA = (PVOID)0xA, KeyB = (PVOID)0xB, KeyC = (PVOID)0xC;

    InitQueue(&Q, FALSE);
    memset(R, 0, sizeof R);
    R[0].Key = KeyA; R[0].UseContext = TRUE;
    R[1].Key = KeyB; R[1].UseContext = TRUE;
    R[2].Key = KeyA; R[2].UseContext = FALSE;
    R[3].Key = KeyB; R[3].UseContext = TRUE;
    R[4].Key = KeyC; R[4].UseContext = TRUE;
    for (int i = 0; i < 5; i++) {
        CHECK_EQ(SendRead(&R[i]), STATUS_PENDING);
        CHECK(R[i].Irp->CancelRoutine != NULL);
        CHECK_EQ(R[i].Completions, 0);
    }
    CHECK_EQ(Q.Length, 5);
    CHECK_EQ(Q.Inserts, 5);

    /* DriverContext[3] holds the context, or the csq when there is none */
    CHECK(R[0].Irp->Tail.Overlay.DriverContext[3] == &R[0].Ctx);
    CHECK(R[2].Irp->Tail.Overlay.DriverContext[3] == &Q.Csq);
    CHECK_EQ(R[0].Ctx.Type, IO_TYPE_CSQ_IRP_CONTEXT);
    CHECK(R[0].Ctx.Irp == R[0].Irp);
    CHECK(R[0].Ctx.Csq == &Q.Csq);

    /* peek filters: the first B, then the next B, then no D at all */
    CHECK(IoCsqRemoveNextIrp(&Q.Csq, KeyB) == R[1].Irp);
    CHECK(R[1].Ctx.Irp == NULL);
    CHECK(IoCsqRemoveNextIrp(&Q.Csq, KeyB) == R[3].Irp);
    CHECK(IoCsqRemoveNextIrp(&Q.Csq, KeyB) == NULL);
    CHECK(IoCsqRemoveNextIrp(&Q.Csq, (PVOID)0xD) == NULL);
    CHECK_EQ(Q.Length, 3);

    /* a removed IRP is no longer cancelable through the csq */
    CHECK(R[1].Irp->CancelRoutine == NULL);
    CHECK(R[1].Irp->Tail.Overlay.DriverContext[3] == NULL);
    CHECK(!IoCancelIrp(R[1].Irp));
    CHECK_EQ(R[1].Completions, 0);

    /* by context, then the same context again */
    CHECK(IoCsqRemoveIrp(&Q.Csq, &R[4].Ctx) == R[4].Irp);
    CHECK(IoCsqRemoveIrp(&Q.Csq, &R[4].Ctx) == NULL);

    /* no filter: queue order */
    CHECK(IoCsqRemoveNextIrp(&Q.Csq, NULL) == R[0].Irp);
    CHECK(IoCsqRemoveNextIrp(&Q.Csq, NULL) == R[2].Irp);
    CHECK(IoCsqRemoveNextIrp(&Q.Csq, NULL) == NULL); /* empty queue */
    CHECK(IoCsqRemoveIrp(&Q.Csq, &R[0].Ctx) == NULL);  /* already out */
    CHECK_EQ(Q.Length, 0);
    CHECK_EQ(Q.Removes, 5);

    for (int i = 0; i < 5; i++) {
        CompleteIrp(R[i].Irp, STATUS_SUCCESS);
        CHECK_EQ(R[i].Completions, 1);
        CHECK_EQ(R[i].FinalStatus, STATUS_SUCCESS);
        CHECK(R[i].PendingReturned); /* the csq marked it pending */
    }
    CHECK_EQ(Q.CanceledCompletions, 0);
    FreeRecords(R, 5);
}

static void TestCancelQueued(void)
{
    TEST_QUEUE Q;
    TEST_IRP R[3];

    InitQueue(&Q, FALSE);
    memset(R, 0, sizeof R);
    for (int i = 0; i < 3; i++) {
        R[i].UseContext = (i != 1);
        CHECK_EQ(SendRead(&R[i]), STATUS_PENDING);
    }

    /* cancel the middle one (no context) and the last (with context) */
    CHECK(IoCancelIrp(R[1].Irp));
    CHECK_EQ(R[1].Completions, 1);
    CHECK_EQ(R[1].FinalStatus, STATUS_CANCELLED);
    CHECK(R[1].PendingReturned);
    CHECK(IoCancelIrp(R[2].Irp));
    CHECK_EQ(R[2].FinalStatus, STATUS_CANCELLED);
    CHECK(R[2].Ctx.Irp == NULL);
    CHECK_EQ(Q.Length, 1);
    CHECK_EQ(Q.CanceledCompletions, 2);
    /* a second cancel of a completed IRP finds no cancel routine */
    CHECK(!IoCancelIrp(R[2].Irp));
    CHECK_EQ(R[2].Completions, 1);

    /* the cancelled ones can no longer be removed */
    CHECK(IoCsqRemoveIrp(&Q.Csq, &R[2].Ctx) == NULL);
    CHECK(IoCsqRemoveNextIrp(&Q.Csq, NULL) == R[0].Irp);
    CHECK(IoCsqRemoveNextIrp(&Q.Csq, NULL) == NULL);
    CompleteIrp(R[0].Irp, STATUS_SUCCESS);
    CHECK_EQ(R[0].FinalStatus, STATUS_SUCCESS);
    FreeRecords(R, 3);
}

static void TestCancelBeforeAndDuringInsert(void)
{
    TEST_QUEUE Q;
    TEST_IRP R[2];

    InitQueue(&Q, FALSE);
    memset(R, 0, sizeof R);

    /* Cancelled before it reaches the queue: IoCancelIrp finds no routine
     * (FALSE); the insert does not queue it but completes it as cancelled. */
    R[0].UseContext = TRUE;
    {
        PIRP Irp = IoAllocateIrp(TestDevice->StackSize, FALSE);
        PIO_STACK_LOCATION Sp = IoGetNextIrpStackLocation(Irp);
        R[0].Irp = Irp;
        Sp->MajorFunction = IRP_MJ_READ;
        Sp->Parameters.Others.Argument1 = &R[0];
        IoSetCompletionRoutine(Irp, OnComplete, &R[0], TRUE, TRUE, TRUE);
        CHECK(!IoCancelIrp(Irp));
        CHECK_EQ(IoCallDriver(TestDevice, Irp), STATUS_PENDING);
    }
    CHECK_EQ(Q.Inserts, 0);
    CHECK_EQ(Q.Length, 0);
    CHECK_EQ(R[0].Completions, 1);
    CHECK_EQ(R[0].FinalStatus, STATUS_CANCELLED);
    CHECK(R[0].PendingReturned);
    CHECK(R[0].Irp->CancelRoutine == NULL);
    CHECK(IoCsqRemoveIrp(&Q.Csq, &R[0].Ctx) == NULL);

    /* Cancelled while the driver's CsqInsertIrp runs, before the csq's
     * cancel routine is in place: the csq sees Cancel afterwards, takes
     * the IRP back out and completes it. */
    Q.CancelDuringInsert = TRUE;
    R[1].UseContext = TRUE;
    CHECK_EQ(SendRead(&R[1]), STATUS_PENDING);
    Q.CancelDuringInsert = FALSE;
    CHECK_EQ(Q.Inserts, 1);
    CHECK_EQ(Q.Removes, 1);
    CHECK_EQ(Q.Length, 0);
    CHECK_EQ(R[1].Completions, 1);
    CHECK_EQ(R[1].FinalStatus, STATUS_CANCELLED);
    CHECK(R[1].Ctx.Irp == NULL);
    CHECK(R[1].Irp->Tail.Overlay.DriverContext[3] == NULL);
    CHECK_EQ(Q.CanceledCompletions, 2);
    FreeRecords(R, 2);
}

static void TestInsertEx(void)
{
    TEST_QUEUE Q, Plain;
    TEST_IRP R[3];

    InitQueue(&Q, TRUE);
    memset(R, 0, sizeof R);

    /* the driver refuses: status passed through, IRP neither queued nor
     * pending nor cancelable, and completed by the dispatch routine */
    R[0].UseContext = TRUE;
    R[0].InsertContext = (PVOID)(LONG_PTR)STATUS_DEVICE_NOT_READY;
    CHECK_EQ(SendRead(&R[0]), STATUS_DEVICE_NOT_READY);
    CHECK_EQ(R[0].InsertStatus, STATUS_DEVICE_NOT_READY);
    CHECK_EQ(Q.Length, 0);
    CHECK_EQ(R[0].Completions, 1);
    CHECK_EQ(R[0].FinalStatus, STATUS_DEVICE_NOT_READY);
    CHECK(!R[0].PendingReturned);
    CHECK(R[0].Irp->CancelRoutine == NULL);
    CHECK(R[0].Irp->Tail.Overlay.DriverContext[3] == NULL);
    CHECK(IoCsqRemoveIrp(&Q.Csq, &R[0].Ctx) == NULL);

    /* a warning is not success either */
    R[1].InsertContext = (PVOID)(LONG_PTR)STATUS_DEVICE_BUSY;
    CHECK_EQ(SendRead(&R[1]), STATUS_DEVICE_BUSY);
    CHECK_EQ(Q.Length, 0);

    /* accepted: IoCsqInsertIrpEx returns what CsqInsertIrpEx returned */
    R[2].UseContext = TRUE;
    CHECK_EQ(SendRead(&R[2]), STATUS_PENDING);
    CHECK_EQ(R[2].InsertStatus, STATUS_PENDING);
    CHECK_EQ(Q.Length, 1);
    CHECK(IoCancelIrp(R[2].Irp));
    CHECK_EQ(R[2].FinalStatus, STATUS_CANCELLED);
    CHECK_EQ(Q.Length, 0);
    FreeRecords(R, 3);

    /* a queue made by IoCsqInitialize: IoCsqInsertIrpEx is always success */
    InitQueue(&Plain, FALSE);
    {
        PIRP Irp = IoAllocateIrp(1, FALSE);
        IoSetNextIrpStackLocation(Irp);
        CHECK_EQ(IoCsqInsertIrpEx(&Plain.Csq, Irp, NULL, (PVOID)0x1234), STATUS_SUCCESS);
        CHECK_EQ(Plain.Length, 1);
        CHECK(IoCsqRemoveNextIrp(&Plain.Csq, NULL) == Irp);
        IoFreeIrp(Irp);
    }
}

static PIRP GateVictim;
static volatile LONG GateCancelResult = -1;

static VOID NTAPI GateCancelThread(PVOID Arg)
{
    UNREFERENCED_PARAMETER(Arg);
    GateCancelResult = IoCancelIrp(GateVictim);
}

/* A cancel that has taken the IRP's cancel routine but not yet the queue
 * lock: removers must leave that IRP alone. */
static void TestCancelInProgress(void)
{
    TEST_QUEUE Q;
    TEST_IRP R[2];
    PVOID T;

    InitQueue(&Q, FALSE);
    memset(R, 0, sizeof R);
    R[0].UseContext = TRUE;
    R[1].UseContext = TRUE;
    CHECK_EQ(SendRead(&R[0]), STATUS_PENDING);
    CHECK_EQ(SendRead(&R[1]), STATUS_PENDING);

    Q.GateOwner = KeGetCurrentThread();
    Q.GateCancel = 1;
    GateVictim = R[0].Irp;
    T = KmStartThread(GateCancelThread, NULL);
    while (!__atomic_load_n(&Q.CancelAtGate, __ATOMIC_ACQUIRE))
        sched_yield();
    CHECK(R[0].Irp->CancelRoutine == NULL); /* IoCancelIrp took it */
    CHECK(R[0].Irp->Cancel);
    CHECK_EQ(Q.Length, 2);                  /* still queued */
    CHECK(IoCsqRemoveIrp(&Q.Csq, &R[0].Ctx) == NULL);
    CHECK(IoCsqRemoveNextIrp(&Q.Csq, NULL) == R[1].Irp); /* skips R[0] */
    CHECK(IoCsqRemoveNextIrp(&Q.Csq, NULL) == NULL);
    CHECK_EQ(R[0].Completions, 0);
    __atomic_store_n(&Q.GateCancel, 0, __ATOMIC_RELEASE);
    KmJoinThread(T);
    CHECK_EQ(GateCancelResult, TRUE);
    CHECK_EQ(R[0].Completions, 1);
    CHECK_EQ(R[0].FinalStatus, STATUS_CANCELLED);
    CHECK_EQ(Q.Length, 0);
    CompleteIrp(R[1].Irp, STATUS_SUCCESS);
    CHECK_EQ(R[1].FinalStatus, STATUS_SUCCESS);
    FreeRecords(R, 2);
}

/* ---- stress: cancel racing removal ---------------------------------------- */

#define STRESS_IRPS 3000
#define STRESS_ROUNDS 3
#define STRESS_CANCELLERS 2

static TEST_IRP StressRecs[STRESS_IRPS];
static volatile LONG Issued;
static volatile LONG Stop;
static volatile LONG Started;    /* workers running: the sender waits for all of them */
static volatile LONG WrongIrp;   /* IoCsqRemoveIrp returned an IRP its context does not name */

/* Aim mostly at the newest IRPs, so that cancels meet inserts and removals
 * in flight rather than a queue at rest. */
static TEST_IRP *PickIssued(unsigned *Seed)
{
    LONG n = __atomic_load_n(&Issued, __ATOMIC_ACQUIRE);
    if (n == 0)
        return NULL;
    unsigned Window = (rand_r(Seed) & 3) ? 16 : (unsigned)n;
    if (Window > (unsigned)n)
        Window = (unsigned)n;
    return &StressRecs[(unsigned)n - 1 - rand_r(Seed) % Window];
}

static VOID NTAPI CancelThread(PVOID Arg)
{
    unsigned Seed = (unsigned)(ULONG_PTR)Arg;
    InterlockedIncrement(&Started);
    while (!__atomic_load_n(&Stop, __ATOMIC_ACQUIRE)) {
        TEST_IRP *Rec = PickIssued(&Seed);
        if (!Rec) {
            sched_yield();
            continue;
        }
        if (IoCancelIrp(Rec->Irp))
            InterlockedIncrement(&Rec->CancelWon);
    }
}

static VOID NTAPI RemoveNextThread(PVOID Arg)
{
    UNREFERENCED_PARAMETER(Arg);
    InterlockedIncrement(&Started);
    while (!__atomic_load_n(&Stop, __ATOMIC_ACQUIRE)) {
        PIRP Irp = IoCsqRemoveNextIrp(&CurrentQueue->Csq, NULL);
        if (Irp)
            CompleteIrp(Irp, STATUS_SUCCESS);
        else
            sched_yield();
    }
}

static VOID NTAPI RemoveByContextThread(PVOID Arg)
{
    unsigned Seed = (unsigned)(ULONG_PTR)Arg;
    InterlockedIncrement(&Started);
    while (!__atomic_load_n(&Stop, __ATOMIC_ACQUIRE)) {
        TEST_IRP *Rec = PickIssued(&Seed);
        if (!Rec) {
            sched_yield();
            continue;
        }
        if (!Rec->UseContext)
            continue;
        PIRP Irp = IoCsqRemoveIrp(&CurrentQueue->Csq, &Rec->Ctx);
        if (Irp) {
            if (Irp != Rec->Irp)
                InterlockedIncrement(&WrongIrp);
            CompleteIrp(Irp, STATUS_SUCCESS);
        }
    }
}

static void TestStress(void)
{
    static TEST_QUEUE Q;

    for (int Round = 0; Round < STRESS_ROUNDS; Round++) {
        PVOID Threads[STRESS_CANCELLERS + 2];
        int n = 0;

        InitQueue(&Q, Round == 1);
        memset(StressRecs, 0, sizeof StressRecs);
        Issued = 0;
        Stop = 0;
        Started = 0;
        Completed = 0;
        DoubleHandOut = 0;
        for (int i = 0; i < STRESS_CANCELLERS; i++)
            Threads[n++] = KmStartThread(CancelThread, (PVOID)(ULONG_PTR)(i * 7919 + Round + 1));
        Threads[n++] = KmStartThread(RemoveNextThread, NULL);
        Threads[n++] = KmStartThread(RemoveByContextThread, (PVOID)(ULONG_PTR)(Round + 77));

        /* this thread is the one sending requests, while the others race */
        while (__atomic_load_n(&Started, __ATOMIC_ACQUIRE) < n)
            sched_yield();
        for (int i = 0; i < STRESS_IRPS; i++) {
            if ((i & 7) == 0)
                sched_yield(); /* let the workers in between sends */
            StressRecs[i].UseContext = (i % 2) == 0;
            SendRead(&StressRecs[i]);
            __atomic_store_n(&Issued, i + 1, __ATOMIC_RELEASE);
        }
        for (int Wait = 0; Wait < 30000 && __atomic_load_n(&Completed, __ATOMIC_ACQUIRE) < STRESS_IRPS;
             Wait++)
            usleep(1000);
        __atomic_store_n(&Stop, 1, __ATOMIC_RELEASE);
        for (int i = 0; i < n; i++)
            KmJoinThread(Threads[i]);

        /* none lost, none completed twice, the right status for each */
        CHECK_EQ(Completed, STRESS_IRPS);
        CHECK_EQ(DoubleHandOut, 0);
        CHECK_EQ(WrongIrp, 0);
        CHECK_EQ(Q.Length, 0);
        CHECK(IsListEmpty(&Q.Head));
        CHECK(IoCsqRemoveNextIrp(&Q.Csq, NULL) == NULL);
        int Bad = 0, Cancelled = 0;
        for (int i = 0; i < STRESS_IRPS; i++) {
            TEST_IRP *Rec = &StressRecs[i];
            if (Rec->Completions != 1 || Rec->CancelWon > 1 ||
                (Rec->FinalStatus == STATUS_CANCELLED) != (Rec->CancelWon == 1) ||
                (Rec->FinalStatus != STATUS_CANCELLED && Rec->FinalStatus != STATUS_SUCCESS) ||
                !Rec->PendingReturned || (Rec->UseContext && Rec->Ctx.Irp != NULL))
                Bad++;
            Cancelled += Rec->FinalStatus == STATUS_CANCELLED;
        }
        CHECK_EQ(Bad, 0);
        CHECK_EQ(Q.CanceledCompletions, Cancelled);
        CHECK_EQ(Q.Inserts, STRESS_IRPS);
        CHECK_EQ(Q.Removes, STRESS_IRPS);
        if (getenv("NTIO_TEST_VERBOSE"))
            printf("round %d: %d cancelled, %d removed\n", Round, Cancelled, STRESS_IRPS - Cancelled);
        FreeRecords(StressRecs, STRESS_IRPS);
    }
}

int main(void)
{
    CreateTestDevice();
    TestInsertRemove();
    TestCancelQueued();
    TestCancelBeforeAndDuringInsert();
    TestInsertEx();
    TestCancelInProgress();
    TestStress();
    IoDeleteDevice(TestDevice);
    return test_summary("test_csq");
}
