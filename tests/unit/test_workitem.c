/*
 * tests/unit/test_workitem.c - system work items: ExQueueWorkItem
 * (kernel/ex/worker.c) and I/O work items (kernel/io/workitem.c).  Work
 * routines run at PASSIVE_LEVEL on system threads, every queue type works,
 * a blocked item does not hold up the queue, an I/O work item keeps its
 * device (or driver) object referenced until its routine returned, and the
 * bug checks Windows makes for broken work items and routines (in forked
 * children, as test_bugcheck.c does).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>

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
