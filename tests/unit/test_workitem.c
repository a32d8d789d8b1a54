/*
 * tests/unit/test_workitem.c - system work items: ExQueueWorkItem
 * (kernel/ex/worker.c) and I/O work items (kernel/io/workitem.c).  Work
 * routines run at PASSIVE_LEVEL on system threads, every queue type works,
 * a blocked item does not hold up the queue, the queues' concurrency
 * control (kernel queues: no more items of a queue run at once than there
 * are processors, an item that blocks lets the next one run, a worker that
 * finishes takes the next item itself, oldest first), a forked child runs
 * work items, including those queued at the fork, an I/O work item keeps its
 * device (or driver) object referenced until its routine returned, and the
 * bug checks Windows makes for broken work items and routines (in forked
 * children, as test_bugcheck.c does).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <sched.h>
#include <sys/wait.h>

#include "kmtest.h"
#include "ke/except.h"

#define TEST_TAG ((ULONG)'T' | ((ULONG)'e' << 8) | ((ULONG)'s' << 16) | ((ULONG)'t' << 24))

/* ---- helpers ---------------------------------------------------------- */

static BOOLEAN WaitEvent(PKEVENT Event)
{
    LARGE_INTEGER Timeout = { .QuadPart = -50000000LL }; /* 5 s */
    NTSTATUS Status = KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, &Timeout);
    KmSettle();
    return Status == STATUS_SUCCESS;
}

static LONG_PTR PointerCount(PVOID Object)
{
    return __atomic_load_n(&OBJECT_TO_OBJECT_HEADER(Object)->PointerCount, __ATOMIC_ACQUIRE);
}

/* Wait (up to 5 s) for Object's reference count to come back to Count. */
static BOOLEAN WaitPointerCount(PVOID Object, LONG_PTR Count)
{
    for (int i = 0; i < 5000 && PointerCount(Object) != Count; i++)
        KmSleepMs(1);
    return PointerCount(Object) == Count;
}

/* What a work routine saw. */
typedef struct _RUN_RECORD {
    volatile LONG Count;
    KIRQL Irql;
    PKTHREAD Thread;
    PVOID Object, Context, WorkItem;
    LONG_PTR ObjectReferences;
    BOOLEAN ItemQueued;
    char ThreadName[16];
    KEVENT Done;
} RUN_RECORD;

static void InitRecord(RUN_RECORD *Record)
{
    memset(Record, 0, sizeof *Record);
    KeInitializeEvent(&Record->Done, NotificationEvent, FALSE);
}

static void Note(RUN_RECORD *Record)
{
    Record->Irql = KeGetCurrentIrql();
    Record->Thread = KeGetCurrentThread();
    pthread_getname_np(pthread_self(), Record->ThreadName, sizeof Record->ThreadName);
}

/* ---- executive work items ---------------------------------------------- */

typedef struct _EX_ITEM {
    WORK_QUEUE_ITEM Item;
    RUN_RECORD Record;
    LONG Requeues;
    WORK_QUEUE_TYPE Queue;
} EX_ITEM;

static VOID ExRoutine(PVOID Parameter)
{
    EX_ITEM *Ex = Parameter;
    Note(&Ex->Record);
    Ex->Record.Context = Parameter;
    Ex->Record.ItemQueued = Ex->Item.List.Flink != NULL;
    if (InterlockedIncrement(&Ex->Record.Count) <= Ex->Requeues)
        ExQueueWorkItem(&Ex->Item, Ex->Queue); /* again, from its own routine */
    else
        KeSetEvent(&Ex->Record.Done, IO_NO_INCREMENT, FALSE);
}

/* Two items on one queue: the first waits for the second. */
static KEVENT SecondRan;

static VOID WaitsForSecond(PVOID Parameter)
{
    EX_ITEM *Ex = Parameter;
    LARGE_INTEGER Timeout = { .QuadPart = -50000000LL };
    if (KeWaitForSingleObject(&SecondRan, Executive, KernelMode, FALSE, &Timeout) == STATUS_SUCCESS)
        InterlockedIncrement(&Ex->Record.Count);
    KeSetEvent(&Ex->Record.Done, IO_NO_INCREMENT, FALSE);
}

static VOID SetsSecond(PVOID Parameter)
{
    KeSetEvent(&SecondRan, IO_NO_INCREMENT, FALSE);
}

/* ---- I/O work items ---------------------------------------------------- */

static VOID IoRoutine(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    RUN_RECORD *Record = Context;
    Note(Record);
    Record->Object = DeviceObject;
    Record->Context = Context;
    Record->ObjectReferences = PointerCount(DeviceObject);
    InterlockedIncrement(&Record->Count);
    KeSetEvent(&Record->Done, IO_NO_INCREMENT, FALSE);
}

static VOID IoRoutineEx(PVOID IoObject, PVOID Context, PIO_WORKITEM IoWorkItem)
{
    RUN_RECORD *Record = Context;
    Note(Record);
    Record->Object = IoObject;
    Record->Context = Context;
    Record->WorkItem = IoWorkItem;
    Record->ObjectReferences = PointerCount(IoObject);
    InterlockedIncrement(&Record->Count);
    KeSetEvent(&Record->Done, IO_NO_INCREMENT, FALSE);
}

/* Frees its own work item, as the documentation allows. */
static VOID FreesItself(PVOID IoObject, PVOID Context, PIO_WORKITEM IoWorkItem)
{
    RUN_RECORD *Record = Context;
    Record->WorkItem = IoWorkItem;
    IoFreeWorkItem(IoWorkItem);
    InterlockedIncrement(&Record->Count);
    KeSetEvent(&Record->Done, IO_NO_INCREMENT, FALSE);
}

/* Runs while its device is deleted. */
static KEVENT DeviceDeleted;

static VOID UsesDeletedDevice(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    RUN_RECORD *Record = Context;
    LARGE_INTEGER Timeout = { .QuadPart = -50000000LL };
    KeWaitForSingleObject(&DeviceDeleted, Executive, KernelMode, FALSE, &Timeout);
    /* Deleted, but still here: the work item holds a reference. */
    *(volatile ULONG *)DeviceObject->DeviceExtension = 0x5a5a5a5a;
    Record->ObjectReferences = PointerCount(DeviceObject);
    InterlockedIncrement(&Record->Count);
    KeSetEvent(&Record->Done, IO_NO_INCREMENT, FALSE);
}

/* ---- concurrency control (kernel queues) ------------------------------- */

/* Spin (CPU-bound: no ntio wait, so the worker keeps counting as active)
 * until *Flag is set or Ms milliseconds passed. */
static void SpinUntil(volatile LONG *Flag, ULONGLONG Ms)
{
    ULONGLONG End = KmNowMs() + Ms;
    while (!__atomic_load_n(Flag, __ATOMIC_ACQUIRE) && KmNowMs() < End)
        sched_yield();
}

/* CPU-bound items: how many run at the same moment. */
#define CPU_ITEMS 6
static volatile LONG CpuRunning, CpuMaxRunning, CpuStarted, CpuAllStarted;

static VOID CpuBound(PVOID Parameter)
{
    EX_ITEM *Ex = Parameter;
    LONG Now = InterlockedIncrement(&CpuRunning);
    LONG Max = __atomic_load_n(&CpuMaxRunning, __ATOMIC_RELAXED);
    while (Now > Max && !__atomic_compare_exchange_n(&CpuMaxRunning, &Max, Now, FALSE,
                                                     __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
        ;
    if (InterlockedIncrement(&CpuStarted) == CPU_ITEMS)
        __atomic_store_n(&CpuAllStarted, 1, __ATOMIC_RELEASE);
    /* ~50 ms, less once every item started (which the concurrency value
     * forbids with fewer processors than items). */
    SpinUntil(&CpuAllStarted, 50);
    InterlockedDecrement(&CpuRunning);
    InterlockedIncrement(&Ex->Record.Count);
    KeSetEvent(&Ex->Record.Done, IO_NO_INCREMENT, FALSE);
}

/* Holders: CPU-bound items that occupy every active slot of a queue until
 * their Go flag, then (if Release is set up) block on it. */
#define MAX_HOLDERS 16
typedef struct _HOLDER {
    WORK_QUEUE_ITEM Item;
    volatile LONG Go;
    volatile LONG Blocking, Finished;
    BOOLEAN BlockAfter;
    NTSTATUS WaitStatus;
    PKTHREAD Thread;
} HOLDER;

static volatile LONG HoldersStarted;
static KEVENT HoldersRelease;

static VOID Holder(PVOID Parameter)
{
    HOLDER *H = Parameter;
    H->Thread = KeGetCurrentThread();
    InterlockedIncrement(&HoldersStarted);
    SpinUntil(&H->Go, 10000);
    if (H->BlockAfter) {
        LARGE_INTEGER Timeout = { .QuadPart = -100000000LL }; /* 10 s */
        InterlockedIncrement(&H->Blocking);
        H->WaitStatus = KeWaitForSingleObject(&HoldersRelease, Executive, KernelMode, FALSE,
                                              &Timeout);
    }
    __atomic_store_n(&H->Finished, 1, __ATOMIC_RELEASE);
}

/* Items queued behind the holders: in which order and where they ran. */
#define FIFO_ITEMS 5
typedef struct _ORDERED {
    WORK_QUEUE_ITEM Item;
    volatile LONG Order; /* 1, 2, ...: when it ran; 0: not yet */
    PKTHREAD Thread;
} ORDERED;

static volatile LONG OrderSequence;

static VOID Ordered(PVOID Parameter)
{
    ORDERED *O = Parameter;
    O->Thread = KeGetCurrentThread();
    __atomic_store_n(&O->Order, InterlockedIncrement(&OrderSequence), __ATOMIC_RELEASE);
}

static LONG CountFinished(HOLDER *Holders, ULONG Count)
{
    LONG n = 0;
    for (ULONG i = 0; i < Count; i++)
        n += __atomic_load_n(&Holders[i].Finished, __ATOMIC_ACQUIRE);
    return n;
}

/* ---- children ---------------------------------------------------------- */

static void ChildQueueZeroedItem(void)
{
    static WORK_QUEUE_ITEM Item; /* ExInitializeWorkItem never saw it */
    KiEnterKernel();
    ExQueueWorkItem(&Item, DelayedWorkQueue);
    _exit(98);
}

static void ChildQueueGarbageItem(void)
{
    static WORK_QUEUE_ITEM Item;
    memset(&Item, 0xcd, sizeof Item); /* uninitialized pool */
    KiEnterKernel();
    ExQueueWorkItem(&Item, DelayedWorkQueue);
    _exit(98);
}

static VOID Nothing(PVOID Parameter)
{
}

static void ChildBadQueueType(void)
{
    static WORK_QUEUE_ITEM Item;
    ExInitializeWorkItem(&Item, Nothing, NULL);
    KiEnterKernel();
    ExQueueWorkItem(&Item, MaximumWorkQueue);
    _exit(98);
}

static void ChildQueueNullItem(void)
{
    KiEnterKernel();
    ExQueueWorkItem(NULL, DelayedWorkQueue);
    _exit(98);
}

/* Occupy every worker of the background queue, so that what is queued
 * next stays queued. */
static KEVENT Never;
static volatile LONG Blocked;

static VOID Blocker(PVOID Parameter)
{
    InterlockedIncrement(&Blocked);
    KeWaitForSingleObject(&Never, Executive, KernelMode, FALSE, NULL);
}

static void SaturateBackgroundQueue(void)
{
    static WORK_QUEUE_ITEM Blockers[16];
    KeInitializeEvent(&Never, NotificationEvent, FALSE);
    for (int i = 0; i < 16; i++) {
        ExInitializeWorkItem(&Blockers[i], Blocker, NULL);
        ExQueueWorkItem(&Blockers[i], BackgroundWorkQueue);
    }
    for (int i = 0; i < 5000 && Blocked < 16; i++)
        KmSleepMs(1);
    if (Blocked < 16)
        _exit(97);
}

/* In a child: leave a waiting worker on the delayed queue and an item
 * queued (behind 16 blocked workers) on the background queue, fork, and in
 * the grandchild check that both queues run items: the queued one, and a
 * new one on the queue whose waiting worker the grandchild does not have.
 * Exit 0 if so. */
static volatile LONG ForkFlag;

static VOID SetsForkFlag(PVOID Parameter)
{
    InterlockedOr(&ForkFlag, (LONG)(LONG_PTR)Parameter);
}

static void ChildForkRunsQueuedItems(void)
{
    static WORK_QUEUE_ITEM Warm, Queued, Fresh;
    ExInitializeWorkItem(&Warm, SetsForkFlag, (PVOID)1);
    ExQueueWorkItem(&Warm, DelayedWorkQueue);
    if (!KM_EVENTUALLY(ForkFlag & 1))
        _exit(10);
    KmSleepMs(20); /* its worker back in KeRemoveQueue */
    SaturateBackgroundQueue();
    ExInitializeWorkItem(&Queued, SetsForkFlag, (PVOID)2);
    ExQueueWorkItem(&Queued, BackgroundWorkQueue);
    KmSleepMs(20);
    if (ForkFlag & 2)
        _exit(11); /* ran: the pool was not full */
    fflush(NULL);
    pid_t Grandchild = fork();
    if (Grandchild == 0) {
        if (!KM_EVENTUALLY(ForkFlag & 2))
            _exit(12);
        ExInitializeWorkItem(&Fresh, SetsForkFlag, (PVOID)4);
        ExQueueWorkItem(&Fresh, DelayedWorkQueue);
        if (!KM_EVENTUALLY(ForkFlag & 4))
            _exit(13);
        _exit(0);
    }
    int Status = 0;
    waitpid(Grandchild, &Status, 0);
    _exit(WIFEXITED(Status) ? WEXITSTATUS(Status) : 14);
}

static void ChildQueueTwice(void)
{
    static WORK_QUEUE_ITEM Item;
    SaturateBackgroundQueue();
    ExInitializeWorkItem(&Item, Nothing, NULL);
    KiEnterKernel();
    ExQueueWorkItem(&Item, BackgroundWorkQueue);
    ExQueueWorkItem(&Item, BackgroundWorkQueue);
    _exit(98);
}

static PDEVICE_OBJECT ChildDevice;

static void ChildFreeQueuedIoItem(void)
{
    SaturateBackgroundQueue();
    PIO_WORKITEM Item = IoAllocateWorkItem(ChildDevice);
    KiEnterKernel();
    IoQueueWorkItem(Item, IoRoutine, BackgroundWorkQueue, NULL);
    IoFreeWorkItem(Item);
    _exit(98);
}

static VOID ReturnsAtDispatch(PVOID Parameter)
{
    KIRQL Old;
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
}

static WORK_QUEUE_ITEM BadIrqlItem;

static void ChildRoutineReturnsAtDispatch(void)
{
    ExInitializeWorkItem(&BadIrqlItem, ReturnsAtDispatch, (PVOID)0x4321);
    ExQueueWorkItem(&BadIrqlItem, DelayedWorkQueue);
    KmWaitForBugCheck();
}

static VOID KeepsSpinLock(PVOID Parameter)
{
    static KSPIN_LOCK Lock;
    KIRQL Old;
    KeAcquireSpinLock(&Lock, &Old);
}

static void ChildRoutineKeepsSpinLock(void)
{
    static WORK_QUEUE_ITEM Item;
    ExInitializeWorkItem(&Item, KeepsSpinLock, NULL);
    ExQueueWorkItem(&Item, CriticalWorkQueue);
    KmWaitForBugCheck();
}

static VOID IoReturnsAtDispatch(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    KIRQL Old;
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
}

static PIO_WORKITEM BadIrqlIoItem;

static void ChildIoRoutineReturnsAtDispatch(void)
{
    BadIrqlIoItem = IoAllocateWorkItem(ChildDevice);
    IoQueueWorkItem(BadIrqlIoItem, IoReturnsAtDispatch, DelayedWorkQueue, (PVOID)0x8765);
    KmWaitForBugCheck();
}

static void ChildQueueUninitializedIoItem(void)
{
    static LONGLONG Storage[64]; /* zeroed, never passed to IoInitializeWorkItem */
    KiEnterKernel();
    IoQueueWorkItem((PIO_WORKITEM)Storage, IoRoutine, DelayedWorkQueue, NULL);
    _exit(98);
}

static void ChildIoItemForEvent(void)
{
    static KEVENT NotAnIoObject;
    KeInitializeEvent(&NotAnIoObject, NotificationEvent, FALSE);
    KiEnterKernel();
    IoAllocateWorkItem((PDEVICE_OBJECT)&NotAnIoObject);
    _exit(98);
}

static void ChildIoItemNullRoutine(void)
{
    PIO_WORKITEM Item = IoAllocateWorkItem(ChildDevice);
    KiEnterKernel();
    IoQueueWorkItem(Item, NULL, DelayedWorkQueue, NULL);
    _exit(98);
}

static void ChildQueueNullIoItem(void)
{
    KiEnterKernel();
    IoQueueWorkItem(NULL, IoRoutine, DelayedWorkQueue, NULL);
    _exit(98);
}

int main(void)
{
    static EX_ITEM Ex, Ex2;
    RUN_RECORD Record;
    PKTHREAD Self = KeGetCurrentThread();
    int Status;
    char Expected[128];

    /* ExInitializeWorkItem */
    ExInitializeWorkItem(&Ex.Item, ExRoutine, &Ex);
    CHECK(Ex.Item.List.Flink == NULL);
    CHECK(Ex.Item.WorkerRoutine == ExRoutine);
    CHECK(Ex.Item.Parameter == &Ex);

    /* ExQueueWorkItem: the routine runs once, at PASSIVE_LEVEL, on a system
       thread of the System process, with its parameter, the item no longer
       queued */
    InitRecord(&Ex.Record);
    Ex.Queue = DelayedWorkQueue;
    ExQueueWorkItem(&Ex.Item, DelayedWorkQueue);
    CHECK(WaitEvent(&Ex.Record.Done));
    CHECK_EQ(Ex.Record.Count, 1);
    CHECK_EQ(Ex.Record.Irql, PASSIVE_LEVEL);
    CHECK(Ex.Record.Thread != NULL && Ex.Record.Thread != Self);
    CHECK(Ex.Record.Thread && Ex.Record.Thread->SystemThread);
    CHECK(Ex.Record.Thread && PsGetProcessId(Ex.Record.Thread->Process) == (HANDLE)4);
    CHECK(Ex.Record.Thread && Ex.Record.Thread->PreviousMode == KernelMode);
    CHECK(Ex.Record.Context == &Ex);
    CHECK(!Ex.Record.ItemQueued);
    CHECK_STR(Ex.Record.ThreadName, "ntio-delayed");

    /* a routine may queue its own item again */
    InitRecord(&Ex.Record);
    Ex.Requeues = 3;
    ExQueueWorkItem(&Ex.Item, DelayedWorkQueue);
    CHECK(WaitEvent(&Ex.Record.Done));
    CHECK_EQ(Ex.Record.Count, 4);
    Ex.Requeues = 0;

    /* every queue type, and custom priorities (to the nearest queue) */
    {
        static const struct {
            WORK_QUEUE_TYPE Type;
            const char *Thread;
        } Queues[] = {
            { CriticalWorkQueue, "ntio-critical" },
            { DelayedWorkQueue, "ntio-delayed" },
            { HyperCriticalWorkQueue, "ntio-hypercrit" },
            { NormalWorkQueue, "ntio-normal" },
            { BackgroundWorkQueue, "ntio-backgrnd" },
            { RealTimeWorkQueue, "ntio-realtime" },
            { SuperCriticalWorkQueue, "ntio-supercrit" },
            { (WORK_QUEUE_TYPE)(CustomPriorityWorkQueue + 5), "ntio-backgrnd" },
            { (WORK_QUEUE_TYPE)(CustomPriorityWorkQueue + 12), "ntio-delayed" },
            { (WORK_QUEUE_TYPE)(CustomPriorityWorkQueue + 13), "ntio-critical" },
            { (WORK_QUEUE_TYPE)(CustomPriorityWorkQueue + 31), "ntio-realtime" },
        };
        for (size_t i = 0; i < sizeof Queues / sizeof Queues[0]; i++) {
            InitRecord(&Ex.Record);
            Ex.Queue = Queues[i].Type;
            ExQueueWorkItem(&Ex.Item, Queues[i].Type);
            CHECK(WaitEvent(&Ex.Record.Done));
            CHECK_EQ(Ex.Record.Irql, PASSIVE_LEVEL);
            CHECK_STR(Ex.Record.ThreadName, Queues[i].Thread);
        }
    }

    /* an item that blocks does not hold up the one behind it */
    KeInitializeEvent(&SecondRan, NotificationEvent, FALSE);
    InitRecord(&Ex.Record);
    ExInitializeWorkItem(&Ex.Item, WaitsForSecond, &Ex);
    ExInitializeWorkItem(&Ex2.Item, SetsSecond, &Ex2);
    ExQueueWorkItem(&Ex.Item, CriticalWorkQueue);
    ExQueueWorkItem(&Ex2.Item, CriticalWorkQueue);
    CHECK(WaitEvent(&Ex.Record.Done));
    CHECK_EQ(Ex.Record.Count, 1);

    /* many items from several queues at once */
    {
        static EX_ITEM Many[48];
        for (int i = 0; i < 48; i++) {
            InitRecord(&Many[i].Record);
            Many[i].Queue = (WORK_QUEUE_TYPE)(i % 3);
            ExInitializeWorkItem(&Many[i].Item, ExRoutine, &Many[i]);
            ExQueueWorkItem(&Many[i].Item, Many[i].Queue);
        }
        int Ran = 0;
        for (int i = 0; i < 48; i++)
            Ran += WaitEvent(&Many[i].Record.Done) && Many[i].Record.Count == 1;
        CHECK_EQ(Ran, 48);
    }

    /* concurrency control: CPU-bound items queued at once on one queue never
       run more at a time than there are processors */
    ULONG Processors = KeQueryActiveProcessorCount(NULL);
    {
        static EX_ITEM Cpu[CPU_ITEMS];
        for (int i = 0; i < CPU_ITEMS; i++) {
            InitRecord(&Cpu[i].Record);
            ExInitializeWorkItem(&Cpu[i].Item, CpuBound, &Cpu[i]);
        }
        for (int i = 0; i < CPU_ITEMS; i++)
            ExQueueWorkItem(&Cpu[i].Item, RealTimeWorkQueue);
        int Ran = 0;
        for (int i = 0; i < CPU_ITEMS; i++)
            Ran += WaitEvent(&Cpu[i].Record.Done) && Cpu[i].Record.Count == 1;
        CHECK_EQ(Ran, CPU_ITEMS);
        CHECK(CpuMaxRunning >= 1);
        CHECK(CpuMaxRunning <= (LONG)Processors);
        if (CpuMaxRunning > (LONG)Processors)
            fprintf(stderr, "%ld CPU-bound items ran at once on %lu processors\n",
                    (long)CpuMaxRunning, (unsigned long)Processors);
    }

    /* With as many CPU-bound holders as processors running on a queue (and
       fewer than the most workers a queue has), an item queued behind them
       waits though the pool could grow; when the holders block, it runs
       while they are still blocked. */
    if (Processors < MAX_HOLDERS) {
        static HOLDER Holders[MAX_HOLDERS];
        static EX_ITEM Later;
        memset(Holders, 0, sizeof Holders);
        HoldersStarted = 0;
        KeInitializeEvent(&HoldersRelease, NotificationEvent, FALSE);
        for (ULONG i = 0; i < Processors; i++) {
            Holders[i].BlockAfter = TRUE;
            ExInitializeWorkItem(&Holders[i].Item, Holder, &Holders[i]);
            ExQueueWorkItem(&Holders[i].Item, SuperCriticalWorkQueue);
        }
        CHECK(KM_EVENTUALLY(HoldersStarted == (LONG)Processors));
        InitRecord(&Later.Record);
        Later.Queue = SuperCriticalWorkQueue;
        ExInitializeWorkItem(&Later.Item, ExRoutine, &Later);
        ExQueueWorkItem(&Later.Item, SuperCriticalWorkQueue);
        KmSleepMs(50);
        /* held back by the concurrency value */
        CHECK_EQ(Later.Record.Count, 0);
        CHECK(Later.Item.List.Flink != NULL); /* still queued */
        for (ULONG i = 0; i < Processors; i++)
            __atomic_store_n(&Holders[i].Go, 1, __ATOMIC_RELEASE);
        /* released by the holders blocking */
        CHECK(WaitEvent(&Later.Record.Done));
        CHECK_EQ(Later.Record.Count, 1);
        CHECK_EQ(CountFinished(Holders, Processors), 0);
        for (ULONG i = 0; i < Processors; i++)
            CHECK(Later.Record.Thread != Holders[i].Thread);
        KeSetEvent(&HoldersRelease, IO_NO_INCREMENT, FALSE);
        CHECK(KM_EVENTUALLY(CountFinished(Holders, Processors) == (LONG)Processors));
        for (ULONG i = 0; i < Processors; i++)
            CHECK_EQ(Holders[i].WaitStatus, STATUS_SUCCESS);
        KmSettle();
    }

    /* With one active slot of a queue left to them, items queued behind busy
       holders run one at a time, oldest first, all on the worker whose
       holder finished (it takes the next item itself; the workers waiting
       for a slot stay waiting). */
    if (Processors < MAX_HOLDERS) {
        static HOLDER Holders[MAX_HOLDERS];
        static ORDERED Items[FIFO_ITEMS];
        memset(Holders, 0, sizeof Holders);
        memset(Items, 0, sizeof Items);
        HoldersStarted = 0;
        OrderSequence = 0;
        for (ULONG i = 0; i < Processors; i++) {
            ExInitializeWorkItem(&Holders[i].Item, Holder, &Holders[i]);
            ExQueueWorkItem(&Holders[i].Item, HyperCriticalWorkQueue);
        }
        CHECK(KM_EVENTUALLY(HoldersStarted == (LONG)Processors));
        for (int i = 0; i < FIFO_ITEMS; i++) {
            ExInitializeWorkItem(&Items[i].Item, Ordered, &Items[i]);
            ExQueueWorkItem(&Items[i].Item, HyperCriticalWorkQueue);
        }
        KmSleepMs(20);
        CHECK_EQ(OrderSequence, 0); /* all slots taken */
        __atomic_store_n(&Holders[0].Go, 1, __ATOMIC_RELEASE);
        CHECK(KM_EVENTUALLY(OrderSequence == FIFO_ITEMS));
        int InOrder = 0, OnHolderWorker = 0;
        for (int i = 0; i < FIFO_ITEMS; i++) {
            InOrder += Items[i].Order == i + 1;
            OnHolderWorker += Items[i].Thread == Holders[0].Thread;
        }
        CHECK_EQ(InOrder, FIFO_ITEMS);
        CHECK_EQ(OnHolderWorker, FIFO_ITEMS);
        CHECK_EQ(CountFinished(Holders, Processors), 1);
        for (ULONG i = 1; i < Processors; i++)
            __atomic_store_n(&Holders[i].Go, 1, __ATOMIC_RELEASE);
        CHECK(KM_EVENTUALLY(CountFinished(Holders, Processors) == (LONG)Processors));
    }

    /* a forked child runs work items: those queued at the fork, and new ones
       on a queue whose waiting worker stayed in the parent */
    Status = KmRunChild(ChildForkRunsQueuedItems);
    CHECK(WIFEXITED(Status));
    CHECK_EQ(WEXITSTATUS(Status), 0);

    /* a device and a driver to bind I/O work items to */
    PDRIVER_OBJECT Driver = KmCreateDriver(NULL);
    PDEVICE_OBJECT Device = NULL;
    CHECK(Driver != NULL);
    CHECK_EQ(IoCreateDevice(Driver, 16, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &Device),
             STATUS_SUCCESS);
    LONG_PTR DeviceReferences = PointerCount(Device);
    LONG_PTR DriverReferences = PointerCount(Driver);

    /* IoSizeofWorkItem */
    CHECK(IoSizeofWorkItem() >= sizeof(WORK_QUEUE_ITEM) + 2 * sizeof(PVOID));

    /* IoAllocateWorkItem + IoQueueWorkItem: the routine gets the device and
       the context, runs at PASSIVE_LEVEL on a system thread, and the device
       is referenced from the queueing until the routine returned */
    PIO_WORKITEM Item = IoAllocateWorkItem(Device);
    CHECK(Item != NULL);
    InitRecord(&Record);
    IoQueueWorkItem(Item, IoRoutine, DelayedWorkQueue, &Record);
    CHECK(WaitEvent(&Record.Done));
    CHECK_EQ(Record.Count, 1);
    CHECK(Record.Object == Device);
    CHECK(Record.Context == &Record);
    CHECK_EQ(Record.Irql, PASSIVE_LEVEL);
    CHECK(Record.Thread != Self && Record.Thread && Record.Thread->SystemThread);
    CHECK_EQ(Record.ObjectReferences, DeviceReferences + 1);
    CHECK(WaitPointerCount(Device, DeviceReferences));

    /* the same item again, now with IoQueueWorkItemEx: the routine also
       gets the work item */
    InitRecord(&Record);
    IoQueueWorkItemEx(Item, IoRoutineEx, DelayedWorkQueue, &Record);
    CHECK(WaitEvent(&Record.Done));
    CHECK(Record.Object == Device);
    CHECK(Record.Context == &Record);
    CHECK(Record.WorkItem == Item);
    CHECK_EQ(Record.ObjectReferences, DeviceReferences + 1);
    CHECK(WaitPointerCount(Device, DeviceReferences));
    IoFreeWorkItem(Item);

    /* a routine may free its own item */
    InitRecord(&Record);
    Item = IoAllocateWorkItem(Device);
    IoQueueWorkItemEx(Item, FreesItself, DelayedWorkQueue, &Record);
    CHECK(WaitEvent(&Record.Done));
    CHECK(Record.WorkItem == Item);
    CHECK(WaitPointerCount(Device, DeviceReferences));

    /* a work item bound to the driver object */
    InitRecord(&Record);
    Item = IoAllocateWorkItem((PDEVICE_OBJECT)Driver);
    CHECK(Item != NULL);
    IoQueueWorkItemEx(Item, IoRoutineEx, CriticalWorkQueue, &Record);
    CHECK(WaitEvent(&Record.Done));
    CHECK(Record.Object == Driver);
    CHECK_EQ(Record.ObjectReferences, DriverReferences + 1);
    CHECK(WaitPointerCount(Driver, DriverReferences));
    IoFreeWorkItem(Item);

    /* IoInitializeWorkItem in the driver's own storage */
    {
        PIO_WORKITEM Storage = ExAllocatePoolWithTag(NonPagedPoolNx, IoSizeofWorkItem(), TEST_TAG);
        CHECK(Storage != NULL);
        IoInitializeWorkItem(Device, Storage);
        InitRecord(&Record);
        IoQueueWorkItemEx(Storage, IoRoutineEx, DelayedWorkQueue, &Record);
        CHECK(WaitEvent(&Record.Done));
        CHECK(Record.WorkItem == Storage);
        CHECK(Record.Object == Device);
        CHECK(WaitPointerCount(Device, DeviceReferences));
        IoUninitializeWorkItem(Storage);
        ExFreePoolWithTag(Storage, TEST_TAG);
    }

    /* the device is deleted while its work item waits: it stays until the
       routine returned, then goes */
    {
        LONG Devices = IopDeviceObjectType->TotalNumberOfObjects;
        KeInitializeEvent(&DeviceDeleted, NotificationEvent, FALSE);
        InitRecord(&Record);
        Item = IoAllocateWorkItem(Device);
        IoQueueWorkItem(Item, UsesDeletedDevice, DelayedWorkQueue, &Record);
        IoDeleteDevice(Device);
        CHECK_EQ(IopDeviceObjectType->TotalNumberOfObjects, Devices);
        KeSetEvent(&DeviceDeleted, IO_NO_INCREMENT, FALSE);
        CHECK(WaitEvent(&Record.Done));
        CHECK_EQ(Record.Count, 1);
        CHECK_EQ(Record.ObjectReferences, 1); /* only the work item's */
        for (int i = 0; i < 5000 && IopDeviceObjectType->TotalNumberOfObjects != Devices - 1; i++)
            KmSleepMs(1);
        CHECK_EQ(IopDeviceObjectType->TotalNumberOfObjects, Devices - 1);
        IoFreeWorkItem(Item);
    }

    /* the children get a device of their own */
    CHECK_EQ(IoCreateDevice(Driver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &ChildDevice),
             STATUS_SUCCESS);

    /* an item ExInitializeWorkItem never saw: WORKER_INVALID, invalid routine */
    Status = KmRunChild(ChildQueueZeroedItem);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x000000E4 (WORKER_INVALID)");
    CHECK_HAS(KmReport, "Arguments: 0x0000000000000007 ");

    /* garbage in the item's list links: an active item queued */
    Status = KmRunChild(ChildQueueGarbageItem);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x000000E4 (WORKER_INVALID)");
    CHECK_HAS(KmReport, "Arguments: 0x0000000000000001 ");

    /* a queue type that does not exist */
    Status = KmRunChild(ChildBadQueueType);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "Arguments: 0x0000000000000006 ");
    CHECK_HAS(KmReport, " 0x0000000000000007 0x0000000000000000\n");

    /* the same item queued twice while it waits in its queue */
    Status = KmRunChild(ChildQueueTwice);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x000000E4 (WORKER_INVALID)");
    CHECK_HAS(KmReport, "Arguments: 0x0000000000000001 ");
    CHECK_HAS(KmReport, " 0x0000000000000004 0x0000000000000000\n"); /* BackgroundWorkQueue */

    /* ExQueueWorkItem(NULL): an access violation, unhandled in kernel mode */
    Status = KmRunChild(ChildQueueNullItem);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x0000001E (KMODE_EXCEPTION_NOT_HANDLED)");
    CHECK_HAS(KmReport, "Arguments: 0x00000000c0000005 ");

    /* a work routine that returns at DISPATCH_LEVEL: 0xE1 with the routine,
       the IRQL, the parameter and the item */
    Status = KmRunChild(ChildRoutineReturnsAtDispatch);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x000000E1 (WORKER_THREAD_RETURNED_AT_BAD_IRQL)");
    snprintf(Expected, sizeof Expected, "Arguments: 0x%016llx 0x0000000000000002 "
             "0x0000000000004321 0x%016llx",
             (unsigned long long)(ULONG_PTR)ReturnsAtDispatch,
             (unsigned long long)(ULONG_PTR)&BadIrqlItem);
    CHECK_HAS(KmReport, Expected);

    /* ... or still holding a spin lock */
    Status = KmRunChild(ChildRoutineKeepsSpinLock);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x000000E1 (WORKER_THREAD_RETURNED_AT_BAD_IRQL)");
    snprintf(Expected, sizeof Expected, "Arguments: 0x%016llx 0x0000000000000002 ",
             (unsigned long long)(ULONG_PTR)KeepsSpinLock);
    CHECK_HAS(KmReport, Expected);

    /* an I/O work routine that returns at DISPATCH_LEVEL: 0xE1 names the
       driver's routine */
    Status = KmRunChild(ChildIoRoutineReturnsAtDispatch);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x000000E1 (WORKER_THREAD_RETURNED_AT_BAD_IRQL)");
    snprintf(Expected, sizeof Expected, "Arguments: 0x%016llx 0x0000000000000002 "
             "0x0000000000008765 ",
             (unsigned long long)(ULONG_PTR)IoReturnsAtDispatch);
    CHECK_HAS(KmReport, Expected);

    /* IoFreeWorkItem on an item that is still queued */
    Status = KmRunChild(ChildFreeQueuedIoItem);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x000000E4 (WORKER_INVALID)");
    CHECK_HAS(KmReport, "Arguments: 0x0000000000000002 ");

    /* an IO_WORKITEM that IoInitializeWorkItem never saw */
    Status = KmRunChild(ChildQueueUninitializedIoItem);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x000000E4 (WORKER_INVALID)");
    CHECK_HAS(KmReport, "Arguments: 0x0000000000000003 ");

    /* a work item for something that is neither a device nor a driver */
    Status = KmRunChild(ChildIoItemForEvent);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x000000E4 (WORKER_INVALID)");
    CHECK_HAS(KmReport, "Arguments: 0x0000000000000003 0x0000000000000000 ");

    /* IoQueueWorkItem without a routine */
    Status = KmRunChild(ChildIoItemNullRoutine);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "Arguments: 0x0000000000000007 ");

    /* IoQueueWorkItem(NULL) */
    Status = KmRunChild(ChildQueueNullIoItem);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x0000001E (KMODE_EXCEPTION_NOT_HANDLED)");
    CHECK_HAS(KmReport, "Arguments: 0x00000000c0000005 ");

    IoDeleteDevice(ChildDevice);
    return test_summary("test_workitem");
}
