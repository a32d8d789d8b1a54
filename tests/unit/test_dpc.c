/*
 * tests/unit/test_dpc.c - DPCs (kernel/ke/dpc.c): where and how a DPC
 * runs, queueing rules (double insert, remove, importance, target
 * processor), KeFlushQueuedDpcs, and the bug checks for broken DPC
 * routines and bad DPC objects (each in a forked child, as
 * test_bugcheck.c does).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <stdint.h>

#include "kmtest.h"
#include "ke/except.h"

/* ---- a DPC that records how it ran ------------------------------------ */

typedef struct _RUN_RECORD {
    volatile LONG Count;
    KIRQL Irql;
    PKTHREAD Thread;
    PKDPC Dpc;
    PVOID Context, Argument1, Argument2;
    char ThreadName[16];
    KEVENT Done;
} RUN_RECORD;

static VOID RecordingDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    RUN_RECORD *Record = Context;
    Record->Irql = KeGetCurrentIrql();
    Record->Thread = KeGetCurrentThread();
    Record->Dpc = Dpc;
    Record->Context = Context;
    Record->Argument1 = Argument1;
    Record->Argument2 = Argument2;
    pthread_getname_np(pthread_self(), Record->ThreadName, sizeof Record->ThreadName);
    InterlockedIncrement(&Record->Count);
    KeSetEvent(&Record->Done, IO_NO_INCREMENT, FALSE);
}

static void InitRecord(RUN_RECORD *Record)
{
    memset(Record, 0, sizeof *Record);
    KeInitializeEvent(&Record->Done, NotificationEvent, FALSE);
}

static BOOLEAN WaitRecord(RUN_RECORD *Record)
{
    LARGE_INTEGER Timeout = { .QuadPart = -50000000LL }; /* 5 s */
    NTSTATUS Status = KeWaitForSingleObject(&Record->Done, Executive, KernelMode, FALSE, &Timeout);
    /* The record is reused at once: let KeSetEvent leave the event first
     * (the dispatcher may still read it after releasing the waiter). */
    KmSettle();
    return Status == STATUS_SUCCESS;
}

/* The DPC of a device object (IoRequestDpc): an IO_DPC_ROUTINE. */
static RUN_RECORD DeviceRecord;

static VOID DeviceDpc(PKDPC Dpc, PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    DeviceRecord.Irql = KeGetCurrentIrql();
    DeviceRecord.Dpc = Dpc;
    DeviceRecord.Context = DeviceObject;
    DeviceRecord.Argument1 = Irp;
    DeviceRecord.Argument2 = Context;
    InterlockedIncrement(&DeviceRecord.Count);
    KeSetEvent(&DeviceRecord.Done, IO_NO_INCREMENT, FALSE);
}

/* A DPC that holds its processor's queue until released, so that what is
 * queued behind it stays queued. */
static volatile LONG BlockerRunning, BlockerRelease;

static VOID BlockerDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    InterlockedExchange(&BlockerRunning, 1);
    while (!__atomic_load_n(&BlockerRelease, __ATOMIC_ACQUIRE))
        sched_yield();
    InterlockedExchange(&BlockerRunning, 0);
}

static KDPC Blocker;

static void BlockProcessor(CCHAR Number)
{
    BlockerRelease = 0;
    KeInitializeDpc(&Blocker, BlockerDpc, NULL);
    KeSetTargetProcessorDpc(&Blocker, Number);
    KeInsertQueueDpc(&Blocker, NULL, NULL);
    while (!__atomic_load_n(&BlockerRunning, __ATOMIC_ACQUIRE))
        sched_yield();
}

static void UnblockProcessor(void)
{
    __atomic_store_n(&BlockerRelease, 1, __ATOMIC_RELEASE);
}

/* Order in which the ordering DPCs ran. */
static char Order[8];
static volatile LONG OrderLength;

static VOID OrderDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    LONG i = InterlockedIncrement(&OrderLength) - 1;
    if (i < (LONG)sizeof Order - 1)
        Order[i] = (char)(ULONG_PTR)Context;
}

static volatile LONG SlowDone;

static VOID SlowDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    ULONGLONG End = KmNowNs() + 30 * 1000000ULL;
    while (KmNowNs() < End)
        ;
    InterlockedExchange(&SlowDone, 1);
}

/* ---- children: broken DPC routines and bad DPC objects ---------------- */

static VOID LowersIrqlDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    KeLowerIrql(PASSIVE_LEVEL);
}

static void ChildDpcLowersIrql(void)
{
    static KDPC Dpc;
    KeInitializeDpc(&Dpc, LowersIrqlDpc, (PVOID)0x1234);
    KeInsertQueueDpc(&Dpc, NULL, NULL);
    KmWaitForBugCheck();
}

static VOID RaisesIrqlDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    KIRQL Old;
    KeRaiseIrql(HIGH_LEVEL, &Old); /* never lowered again */
}

static void ChildDpcRaisesIrql(void)
{
    static KDPC Dpc;
    KeInitializeDpc(&Dpc, RaisesIrqlDpc, NULL);
    KeInsertQueueDpc(&Dpc, NULL, NULL);
    KmWaitForBugCheck();
}

static VOID ApcDisableDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    KeGetCurrentThread()->KernelApcDisable--; /* a KeEnterCriticalRegion never left */
}

static void ChildDpcLeavesCriticalRegion(void)
{
    static KDPC Dpc;
    KeInitializeDpc(&Dpc, ApcDisableDpc, NULL);
    KeInsertQueueDpc(&Dpc, NULL, NULL);
    KmWaitForBugCheck();
}

static uintptr_t volatile Opaque;

static __attribute__((noinline, no_sanitize_undefined)) VOID FaultingDpc(PKDPC Dpc, PVOID Context,
                                                                         PVOID Argument1,
                                                                         PVOID Argument2)
{
    *(volatile int *)(Opaque + 0x10) = 1;
}

static void ChildDpcFaults(void)
{
    static KDPC Dpc;
    KeInitializeDpc(&Dpc, FaultingDpc, NULL);
    KeInsertQueueDpc(&Dpc, NULL, NULL);
    KmWaitForBugCheck();
}

static void ChildInsertNullDpc(void)
{
    KiEnterKernel(); /* as a driver would be */
    KeInsertQueueDpc(NULL, NULL, NULL);
    _exit(98);
}

static void ChildInsertUninitializedDpc(void)
{
    static KDPC Dpc; /* zeroed: never passed to KeInitializeDpc */
    KiEnterKernel();
    KeInsertQueueDpc(&Dpc, NULL, NULL);
    _exit(98);
}

static volatile LONG ForkedRan;

static VOID ForkedDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    InterlockedExchange(&ForkedRan, 1);
}

/* DPCs keep working in a child forked after the DPC threads started. */
static void ChildForkedDpc(void)
{
    static KDPC Dpc;
    KeInitializeDpc(&Dpc, ForkedDpc, NULL);
    KeInsertQueueDpc(&Dpc, NULL, NULL);
    for (int i = 0; i < 500 && !ForkedRan; i++)
        usleep(10000);
    _exit(ForkedRan ? 7 : 1);
}

int main(void)
{
    RUN_RECORD Record;
    KDPC Dpc;
    int Status;
    ULONG Processors = KeQueryActiveProcessorCount(NULL);
    PKTHREAD Self = KeGetCurrentThread();

    /* KeInitializeDpc */
    InitRecord(&Record);
    KeInitializeDpc(&Dpc, RecordingDpc, &Record);
    CHECK_EQ(Dpc.Importance, MediumImportance);
    CHECK(Dpc.DpcData == NULL);
    CHECK(Dpc.DeferredRoutine == RecordingDpc);
    CHECK(Dpc.DeferredContext == &Record);

    /* a DPC runs once, on a DPC thread of the System process, at
       DISPATCH_LEVEL, with its context and the insert's arguments */
    CHECK(KeInsertQueueDpc(&Dpc, (PVOID)0x11, (PVOID)0x22));
    CHECK(WaitRecord(&Record));
    CHECK_EQ(Record.Count, 1);
    CHECK_EQ(Record.Irql, DISPATCH_LEVEL);
    CHECK(Record.Thread != NULL && Record.Thread != Self);
    CHECK(Record.Thread && Record.Thread->SystemThread);
    CHECK(Record.Thread && PsGetProcessId(Record.Thread->Process) == (HANDLE)4); /* System */
    CHECK(Record.Thread && Record.Thread->PreviousMode == KernelMode);
    CHECK(Record.Dpc == &Dpc);
    CHECK(Record.Context == &Record);
    CHECK(Record.Argument1 == (PVOID)0x11);
    CHECK(Record.Argument2 == (PVOID)0x22);
    CHECK(strncmp(Record.ThreadName, "ntio-dpc/", 9) == 0);
    CHECK_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL); /* the caller's IRQL is untouched */

    /* it can be queued again once it ran */
    KeClearEvent(&Record.Done);
    CHECK(KeInsertQueueDpc(&Dpc, (PVOID)0x33, NULL));
    CHECK(WaitRecord(&Record));
    CHECK_EQ(Record.Count, 2);
    CHECK(Record.Argument1 == (PVOID)0x33);

    /* queued twice: the second insert is refused and changes nothing */
    InitRecord(&Record);
    KeInitializeDpc(&Dpc, RecordingDpc, &Record);
    KeSetTargetProcessorDpc(&Dpc, 0);
    BlockProcessor(0);
    CHECK(KeInsertQueueDpc(&Dpc, (PVOID)1, (PVOID)2));
    CHECK(Dpc.DpcData != NULL);
    CHECK(!KeInsertQueueDpc(&Dpc, (PVOID)3, (PVOID)4));
    CHECK(Dpc.SystemArgument1 == (PVOID)1);
    UnblockProcessor();
    CHECK(WaitRecord(&Record));
    KeFlushQueuedDpcs();
    CHECK_EQ(Record.Count, 1);
    CHECK(Record.Argument1 == (PVOID)1 && Record.Argument2 == (PVOID)2);
    CHECK(Dpc.DpcData == NULL);
    CHECK_STR(Record.ThreadName, "ntio-dpc/0");

    /* KeRemoveQueueDpc takes a queued DPC out: it never runs */
    InitRecord(&Record);
    KeInitializeDpc(&Dpc, RecordingDpc, &Record);
    KeSetTargetProcessorDpc(&Dpc, 0);
    CHECK(!KeRemoveQueueDpc(&Dpc)); /* not queued */
    BlockProcessor(0);
    CHECK(KeInsertQueueDpc(&Dpc, NULL, NULL));
    CHECK(KeRemoveQueueDpc(&Dpc));
    CHECK(Dpc.DpcData == NULL);
    CHECK(!KeRemoveQueueDpc(&Dpc));
    UnblockProcessor();
    KeFlushQueuedDpcs();
    CHECK_EQ(Record.Count, 0);
    /* ...and can be queued again */
    CHECK(KeInsertQueueDpc(&Dpc, NULL, NULL));
    CHECK(WaitRecord(&Record));
    CHECK_EQ(Record.Count, 1);

    /* importance: HighImportance goes to the head of the queue, the others
       to the tail */
    {
        KDPC A, B, C, D;
        KeInitializeDpc(&A, OrderDpc, (PVOID)'A');
        KeInitializeDpc(&B, OrderDpc, (PVOID)'B');
        KeInitializeDpc(&C, OrderDpc, (PVOID)'C');
        KeInitializeDpc(&D, OrderDpc, (PVOID)'D');
        KeSetImportanceDpc(&B, HighImportance);
        KeSetImportanceDpc(&C, LowImportance);
        KeSetImportanceDpc(&D, MediumHighImportance);
        CHECK_EQ(B.Importance, HighImportance);
        KeSetTargetProcessorDpc(&A, 0);
        KeSetTargetProcessorDpc(&B, 0);
        KeSetTargetProcessorDpc(&C, 0);
        KeSetTargetProcessorDpc(&D, 0);
        BlockProcessor(0);
        OrderLength = 0;
        KeInsertQueueDpc(&A, NULL, NULL);
        KeInsertQueueDpc(&B, NULL, NULL);
        KeInsertQueueDpc(&C, NULL, NULL);
        KeInsertQueueDpc(&D, NULL, NULL);
        UnblockProcessor();
        KeFlushQueuedDpcs();
        CHECK_EQ(OrderLength, 4);
        CHECK_STR(Order, "BACD");
    }

    /* KeSetTargetProcessorDpc: the DPC runs on that processor's DPC thread;
       a processor that does not exist leaves the target alone */
    {
        char Expected[16];
        CCHAR Last = (CCHAR)(Processors - 1);
        InitRecord(&Record);
        KeInitializeDpc(&Dpc, RecordingDpc, &Record);
        KeSetTargetProcessorDpc(&Dpc, Last);
        USHORT Number = Dpc.Number;
        KeSetTargetProcessorDpc(&Dpc, (CCHAR)Processors);
        CHECK_EQ(Dpc.Number, Number);
        KeSetTargetProcessorDpc(&Dpc, -1);
        CHECK_EQ(Dpc.Number, Number);
        CHECK(KeInsertQueueDpc(&Dpc, NULL, NULL));
        CHECK(WaitRecord(&Record));
        snprintf(Expected, sizeof Expected, "ntio-dpc/%d", (int)Last);
        CHECK_STR(Record.ThreadName, Expected);
    }

    /* a threaded DPC runs at PASSIVE_LEVEL, on a DPC thread */
    InitRecord(&Record);
    KeInitializeThreadedDpc(&Dpc, RecordingDpc, &Record);
    CHECK(KeInsertQueueDpc(&Dpc, (PVOID)5, NULL));
    CHECK(WaitRecord(&Record));
    CHECK_EQ(Record.Irql, PASSIVE_LEVEL);
    CHECK(Record.Thread != Self && Record.Thread && Record.Thread->SystemThread);
    CHECK(Record.Argument1 == (PVOID)5);

    /* KeFlushQueuedDpcs returns once every DPC queued before it has run */
    for (int Round = 0; Round < 3; Round++) {
        KDPC Slow;
        SlowDone = 0;
        KeInitializeDpc(&Slow, SlowDpc, NULL);
        KeSetTargetProcessorDpc(&Slow, (CCHAR)(Round % Processors));
        KeInsertQueueDpc(&Slow, NULL, NULL);
        KeFlushQueuedDpcs();
        CHECK_EQ(SlowDone, 1);
    }
    KeFlushQueuedDpcs(); /* nothing queued: returns at once */

    /* many DPCs from several threads: each runs exactly once per insert */
    {
        static KDPC Many[64];
        static RUN_RECORD Records[64];
        for (int i = 0; i < 64; i++) {
            InitRecord(&Records[i]);
            KeInitializeDpc(&Many[i], RecordingDpc, &Records[i]);
            if (i % 3 == 0)
                KeSetImportanceDpc(&Many[i], HighImportance);
            CHECK(KeInsertQueueDpc(&Many[i], NULL, NULL));
        }
        KeFlushQueuedDpcs();
        int Ran = 0;
        for (int i = 0; i < 64; i++)
            Ran += Records[i].Count == 1;
        CHECK_EQ(Ran, 64);
    }

    /* IoRequestDpc on a device object's DPC */
    {
        static DEVICE_OBJECT Device;
        InitRecord(&DeviceRecord);
        IoInitializeDpcRequest(&Device, DeviceDpc);
        CHECK(Device.Dpc.DeferredContext == &Device);
        IoRequestDpc(&Device, (PIRP)0x77, (PVOID)0x88);
        CHECK(WaitRecord(&DeviceRecord));
        CHECK(DeviceRecord.Dpc == &Device.Dpc);
        CHECK(DeviceRecord.Context == &Device);
        CHECK(DeviceRecord.Argument1 == (PVOID)0x77 && DeviceRecord.Argument2 == (PVOID)0x88);
        CHECK_EQ(DeviceRecord.Irql, DISPATCH_LEVEL);
    }

    /* a child forked after the DPC threads started still runs DPCs */
    Status = KmRunChild(ChildForkedDpc);
    CHECK(WIFEXITED(Status) && WEXITSTATUS(Status) == 7);

    /* a DPC routine that returns at PASSIVE_LEVEL: IRQL_UNEXPECTED_VALUE,
       (current << 16) | (expected << 8) | 0x10, the routine, the DPC, its context */
    Status = KmRunChild(ChildDpcLowersIrql);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x000000C8 (IRQL_UNEXPECTED_VALUE)");
    CHECK_HAS(KmReport, "Arguments: 0x0000000000000210 0x");
    CHECK_HAS(KmReport, " 0x0000000000001234\n");

    /* ... or at HIGH_LEVEL */
    Status = KmRunChild(ChildDpcRaisesIrql);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x000000C8 (IRQL_UNEXPECTED_VALUE)");
    CHECK_HAS(KmReport, "Arguments: 0x00000000000f0210 0x");

    /* a DPC routine that changes the APC disable count: 0xC7, code 4 */
    Status = KmRunChild(ChildDpcLeavesCriticalRegion);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x000000C7 (TIMER_OR_DPC_INVALID)");
    CHECK_HAS(KmReport, "Arguments: 0x0000000000000004 0x");
    CHECK_HAS(KmReport, "0x0000000000000000 0x000000000000ffff");

    /* a fault in a DPC routine is a fault in kernel mode */
    Status = KmRunChild(ChildDpcFaults);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x00000050 (PAGE_FAULT_IN_NONPAGED_AREA)");
    CHECK_HAS(KmReport, "FaultingDpc");

    /* KeInsertQueueDpc(NULL): an access violation, unhandled in kernel mode */
    Status = KmRunChild(ChildInsertNullDpc);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x0000001E (KMODE_EXCEPTION_NOT_HANDLED)");
    CHECK_HAS(KmReport, "Arguments: 0x00000000c0000005 ");

    /* a KDPC KeInitializeDpc never saw: the checked kernel's assertion */
    Status = KmRunChild(ChildInsertUninitializedDpc);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x0000001E (KMODE_EXCEPTION_NOT_HANDLED)");
    CHECK_HAS(KmReport, "c0000420 0x"); /* STATUS_ASSERTION_FAILURE */

    return test_summary("test_dpc");
}
