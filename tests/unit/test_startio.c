/*
 * tests/unit/test_startio.c - device queues (kernel/ke/devqueue.c) and the
 * StartIo packet queue (kernel/io/startio.c).
 *
 * A test driver with a StartIo routine, driven through real IRPs: its read
 * dispatch routine marks each IRP pending and hands it to IoStartPacket
 * (keyed when the caller asks); what StartIo does with the current packet
 * (keep it, complete it inline, or pass it to a "hardware" thread) is set
 * per test.  Checks: Busy semantics and keyed ordering of device queues,
 * StartIo order and IRQL, IoStartNextPacketByKey, cancelling queued and
 * current packets with the documented cancel routine, NonCancelable,
 * DeferredStartIo against recursion, and StartIo serialisation with
 * several submitting threads.
 */
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include "kmtest.h"
#include "io/iop.h"

/* ---- device queues ------------------------------------------------------- */

static PKDEVICE_QUEUE_ENTRY E(KDEVICE_QUEUE_ENTRY *Entries, int i)
{
    return &Entries[i];
}

static void TestDeviceQueue(void)
{
    KDEVICE_QUEUE Q;
    KDEVICE_QUEUE_ENTRY En[8];

    memset(&Q, 0xCC, sizeof Q);
    memset(En, 0, sizeof En);
    KeInitializeDeviceQueue(&Q);
    CHECK_EQ(Q.Type, 20);
    CHECK_EQ(Q.Size, sizeof(KDEVICE_QUEUE));
    CHECK(!Q.Busy);
    CHECK(IsListEmpty(&Q.DeviceListHead));

    /* idle: not queued, the queue becomes busy */
    CHECK(!KeInsertDeviceQueue(&Q, E(En, 0)));
    CHECK(Q.Busy);
    CHECK(!En[0].Inserted);
    CHECK(IsListEmpty(&Q.DeviceListHead));
    /* busy: queued at the tail */
    CHECK(KeInsertDeviceQueue(&Q, E(En, 1)));
    CHECK(En[1].Inserted);
    CHECK(KeInsertDeviceQueue(&Q, E(En, 2)));
    CHECK(KeRemoveDeviceQueue(&Q) == E(En, 1));
    CHECK(!En[1].Inserted);
    CHECK(KeRemoveDeviceQueue(&Q) == E(En, 2));
    /* busy and empty: NULL, and the queue goes idle */
    CHECK(KeRemoveDeviceQueue(&Q) == NULL);
    CHECK(!Q.Busy);
    /* removing from an idle queue (a driver bug): NULL, still idle */
    CHECK(KeRemoveDeviceQueue(&Q) == NULL);
    CHECK(!Q.Busy);

    /* by key: after every entry with a key <= its own */
    CHECK(!KeInsertByKeyDeviceQueue(&Q, E(En, 0), 7)); /* idle: starts at once */
    CHECK_EQ(En[0].SortKey, 7);
    ULONG Keys[] = { 5, 3, 5, 1, 9, 3 };
    for (int i = 0; i < 6; i++)
        CHECK(KeInsertByKeyDeviceQueue(&Q, E(En, i + 1), Keys[i]));
    /* queue: 1(En4) 3(En2) 3(En6) 5(En1) 5(En3) 9(En5) */
    ULONG Order[6];
    int n = 0;
    for (PLIST_ENTRY L = Q.DeviceListHead.Flink; L != &Q.DeviceListHead; L = L->Flink)
        Order[n++] = (ULONG)(CONTAINING_RECORD(L, KDEVICE_QUEUE_ENTRY, DeviceListEntry) - En);
    CHECK_EQ(n, 6);
    CHECK(Order[0] == 4 && Order[1] == 2 && Order[2] == 6 && Order[3] == 1 && Order[4] == 3 &&
          Order[5] == 5);

    /* remove by key: the first entry whose key is >= SortKey ... */
    CHECK(KeRemoveByKeyDeviceQueue(&Q, 4) == E(En, 1));
    CHECK(!En[1].Inserted);
    CHECK(KeRemoveByKeyDeviceQueue(&Q, 3) == E(En, 2));
    /* ... or the first entry when every key is smaller */
    CHECK(KeRemoveByKeyDeviceQueue(&Q, 10) == E(En, 4));

    /* an entry taken out from the middle, and a second time */
    CHECK(KeRemoveEntryDeviceQueue(&Q, E(En, 3)));
    CHECK(!En[3].Inserted);
    CHECK(!KeRemoveEntryDeviceQueue(&Q, E(En, 3)));
    CHECK(Q.Busy);

    /* IfBusy: like by key while busy */
    CHECK(KeRemoveByKeyDeviceQueueIfBusy(&Q, 0) == E(En, 6));
    CHECK(KeRemoveByKeyDeviceQueueIfBusy(&Q, 0) == E(En, 5));
    CHECK(KeRemoveByKeyDeviceQueueIfBusy(&Q, 0) == NULL);
    CHECK(!Q.Busy);
    /* ... and NULL on an idle queue, which stays idle */
    CHECK(KeRemoveByKeyDeviceQueueIfBusy(&Q, 0) == NULL);
    CHECK(!Q.Busy);
    CHECK(KeRemoveByKeyDeviceQueue(&Q, 0) == NULL); /* idle and empty */
    CHECK(!Q.Busy);
}

/* ---- the driver --------------------------------------------------------- */

enum { MODE_KEEP, MODE_INLINE, MODE_ASYNC };

typedef struct _SENT {
    PIRP Irp;
    volatile LONG Completions;
    NTSTATUS FinalStatus;
    BOOLEAN PendingReturned;
} SENT;

static PDRIVER_OBJECT Driver;
static volatile LONG Mode = MODE_KEEP;
static volatile BOOLEAN UseCancelRoutine;
static volatile LONG InStartIo, MaxInStartIo, Overlaps;
static volatile LONG StartIoCalls, StartIoAtWrongIrql;
static PIRP StartLog[64];
static volatile LONG StartLogCount;
static PIRP volatile HwPending;        /* MODE_ASYNC: the packet the "hardware" works on */
static volatile LONG StressCompleted;

#define READ_KEYED 1

static VOID DriverCancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    /* The documented pattern for a driver with StartIo, called holding the
     * cancel spin lock. */
    if (Irp == DeviceObject->CurrentIrp) {
        IoReleaseCancelSpinLock(Irp->CancelIrql);
        IoStartNextPacket(DeviceObject, TRUE);
    } else {
        KeRemoveEntryDeviceQueue(&DeviceObject->DeviceQueue, &Irp->Tail.Overlay.DeviceQueueEntry);
        IoReleaseCancelSpinLock(Irp->CancelIrql);
    }
    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static NTSTATUS DispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG Key = Sp->Parameters.Read.Key;
    IoMarkIrpPending(Irp);
    IoStartPacket(DeviceObject, Irp, (Sp->Parameters.Read.Flags & READ_KEYED) ? &Key : NULL,
                  UseCancelRoutine ? DriverCancel : NULL);
    return STATUS_PENDING;
}

static VOID DriverStartIo(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    LONG Inside = InterlockedIncrement(&InStartIo);
    if (Inside > 1)
        InterlockedIncrement(&Overlaps);
    for (LONG Max = MaxInStartIo; Inside > Max; Max = MaxInStartIo)
        InterlockedCompareExchange(&MaxInStartIo, Inside, Max);
    if (KeGetCurrentIrql() != DISPATCH_LEVEL)
        InterlockedIncrement(&StartIoAtWrongIrql);
    if (DeviceObject->CurrentIrp != Irp)
        InterlockedIncrement(&StartIoAtWrongIrql);
    InterlockedIncrement(&StartIoCalls);
    LONG Slot = InterlockedIncrement(&StartLogCount) - 1;
    if (Slot < 64)
        StartLog[Slot] = Irp;

    switch (Mode) {
    case MODE_INLINE:
        /* Finish at once and ask for the next packet from inside StartIo:
         * without DeferredStartIo that call re-enters StartIo. */
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoStartNextPacket(DeviceObject, FALSE);
        break;
    case MODE_ASYNC:
        __atomic_store_n(&HwPending, Irp, __ATOMIC_RELEASE);
        sched_yield(); /* stay in StartIo a while: the completion may overtake us */
        break;
    default:
        break; /* keep it current until the test finishes it */
    }
    InterlockedDecrement(&InStartIo);
}

static NTSTATUS OnComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    SENT *S = Context;
    UNREFERENCED_PARAMETER(DeviceObject);
    if (!S) {
        /* stress packets: nobody looks at them afterwards */
        InterlockedIncrement(&StressCompleted);
        IoFreeIrp(Irp);
        return STATUS_MORE_PROCESSING_REQUIRED;
    }
    S->FinalStatus = Irp->IoStatus.Status;
    S->PendingReturned = Irp->PendingReturned;
    InterlockedIncrement(&S->Completions);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static PIRP SendRead(PDEVICE_OBJECT Device, SENT *S, BOOLEAN Keyed, ULONG Key)
{
    PIRP Irp = IoAllocateIrp(Device->StackSize, FALSE);
    PIO_STACK_LOCATION Sp = IoGetNextIrpStackLocation(Irp);
    Sp->MajorFunction = IRP_MJ_READ;
    Sp->Parameters.Read.Key = Key;
    Sp->Parameters.Read.Flags = Keyed ? READ_KEYED : 0;
    IoSetCompletionRoutine(Irp, OnComplete, S, TRUE, TRUE, TRUE);
    if (S)
        S->Irp = Irp;
    NTSTATUS Status = IoCallDriver(Device, Irp);
    if (S)
        CHECK_EQ(Status, STATUS_PENDING);
    return Irp;
}

/* What a driver's DpcForIsr does with the current packet. */
static void FinishCurrent(PDEVICE_OBJECT Device, BOOLEAN Cancelable)
{
    PIRP Irp = Device->CurrentIrp;
    if (Cancelable) {
        KIRQL CancelIrql;
        IoAcquireCancelSpinLock(&CancelIrql);
        IoSetCancelRoutine(Irp, NULL);
        IoReleaseCancelSpinLock(CancelIrql);
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoStartNextPacket(Device, Cancelable);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static void ResetDriver(LONG NewMode, BOOLEAN Cancel)
{
    Mode = NewMode;
    UseCancelRoutine = Cancel;
    InStartIo = MaxInStartIo = Overlaps = 0;
    StartIoCalls = StartIoAtWrongIrql = 0;
    StartLogCount = 0;
    memset(StartLog, 0, sizeof StartLog);
}

static void FreeSent(SENT *S, int Count)
{
    for (int i = 0; i < Count; i++)
        if (S[i].Irp)
            IoFreeIrp(S[i].Irp);
}

/* io/startio.c: frees a device's StartIo attribute block; the I/O manager
 * calls it when the device object goes away. */

static void DeleteDevice(PDEVICE_OBJECT Device)
{
    IopFreeStartIoExtension(Device);
    CHECK(Device->DeviceObjectExtension->StartIo == NULL);
    IoDeleteDevice(Device);
}

static PDEVICE_OBJECT NewDevice(void)
{
    PDEVICE_OBJECT Device = KmCreateDevice(Driver, 0);
    CHECK(Device != NULL);
    CHECK(!Device->DeviceQueue.Busy);
    CHECK(Device->DeviceObjectExtension->StartIo == NULL);
    return Device;
}

/* ---- StartIo: order, IRQL, idle/busy ------------------------------------- */

static void TestStartPacket(void)
{
    PDEVICE_OBJECT Device = NewDevice();
    SENT S[3];

    memset(S, 0, sizeof S);
    ResetDriver(MODE_KEEP, FALSE);

    /* an idle device starts the packet at once, at DISPATCH_LEVEL */
    SendRead(Device, &S[0], FALSE, 0);
    CHECK_EQ(StartIoCalls, 1);
    CHECK(Device->CurrentIrp == S[0].Irp);
    CHECK(Device->DeviceQueue.Busy);
    CHECK_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    /* a busy one queues */
    SendRead(Device, &S[1], FALSE, 0);
    SendRead(Device, &S[2], FALSE, 0);
    CHECK_EQ(StartIoCalls, 1);
    CHECK(S[1].Irp->Tail.Overlay.DeviceQueueEntry.Inserted);

    FinishCurrent(Device, FALSE);
    CHECK_EQ(S[0].Completions, 1);
    CHECK_EQ(S[0].FinalStatus, STATUS_SUCCESS);
    CHECK(S[0].PendingReturned);
    CHECK(Device->CurrentIrp == S[1].Irp);
    FinishCurrent(Device, FALSE);
    FinishCurrent(Device, FALSE);
    CHECK_EQ(StartIoCalls, 3);
    CHECK(StartLog[0] == S[0].Irp && StartLog[1] == S[1].Irp && StartLog[2] == S[2].Irp);
    CHECK_EQ(StartIoAtWrongIrql, 0);
    CHECK(Device->CurrentIrp == NULL);
    CHECK(!Device->DeviceQueue.Busy);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(S[i].Completions, 1);

    /* IoStartNextPacket on an idle device: nothing to start */
    IoStartNextPacket(Device, FALSE);
    IoStartNextPacket(Device, TRUE);
    IoStartNextPacketByKey(Device, FALSE, 5);
    CHECK_EQ(StartIoCalls, 3);
    CHECK(!Device->DeviceQueue.Busy);
    CHECK(Device->CurrentIrp == NULL);

    /* attributes left at their defaults need no extension */
    IoSetStartIoAttributes(Device, FALSE, FALSE);
    CHECK(Device->DeviceObjectExtension->StartIo == NULL);

    /* called at DISPATCH_LEVEL (a DPC), the IRQL stays there */
    KIRQL Old;
    SENT T;
    memset(&T, 0, sizeof T);
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    SendRead(Device, &T, FALSE, 0);
    CHECK_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
    FinishCurrent(Device, FALSE);
    CHECK_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
    KeLowerIrql(Old);
    CHECK_EQ(T.Completions, 1);
    FreeSent(&T, 1);

    FreeSent(S, 3);
    DeleteDevice(Device);
}

/* ---- keys ---------------------------------------------------------------- */

static void TestKeys(void)
{
    PDEVICE_OBJECT Device = NewDevice();
    SENT S[6], K[4];
    ULONG Keys[] = { 30, 10, 20, 40, 20 };

    memset(S, 0, sizeof S);
    memset(K, 0, sizeof K);
    ResetDriver(MODE_KEEP, FALSE);

    SendRead(Device, &S[0], TRUE, 50); /* idle: starts whatever its key */
    for (int i = 0; i < 5; i++)
        SendRead(Device, &S[i + 1], TRUE, Keys[i]);
    for (int i = 0; i < 6; i++)
        FinishCurrent(Device, FALSE);
    /* 50 first (it was idle), then by key, equal keys in arrival order */
    CHECK_EQ(StartLogCount, 6);
    CHECK(StartLog[0] == S[0].Irp);
    CHECK(StartLog[1] == S[2].Irp); /* 10 */
    CHECK(StartLog[2] == S[3].Irp); /* 20, first */
    CHECK(StartLog[3] == S[5].Irp); /* 20, second */
    CHECK(StartLog[4] == S[1].Irp); /* 30 */
    CHECK(StartLog[5] == S[4].Irp); /* 40 */
    CHECK(!Device->DeviceQueue.Busy);

    /* IoStartNextPacketByKey: the first key >= Key, wrapping to the first */
    ResetDriver(MODE_KEEP, FALSE);
    SendRead(Device, &K[0], FALSE, 0);
    SendRead(Device, &K[1], TRUE, 10);
    SendRead(Device, &K[2], TRUE, 30);
    SendRead(Device, &K[3], TRUE, 50);
    PIRP Cur = Device->CurrentIrp;
    Cur->IoStatus.Status = STATUS_SUCCESS;
    IoStartNextPacketByKey(Device, FALSE, 25);
    IoCompleteRequest(Cur, IO_NO_INCREMENT);
    CHECK(Device->CurrentIrp == K[2].Irp);
    Cur = Device->CurrentIrp;
    IoStartNextPacketByKey(Device, FALSE, 60);
    IoCompleteRequest(Cur, IO_NO_INCREMENT);
    CHECK(Device->CurrentIrp == K[1].Irp);
    Cur = Device->CurrentIrp;
    IoStartNextPacketByKey(Device, FALSE, 0);
    IoCompleteRequest(Cur, IO_NO_INCREMENT);
    CHECK(Device->CurrentIrp == K[3].Irp);
    Cur = Device->CurrentIrp;
    IoStartNextPacketByKey(Device, FALSE, 0);
    IoCompleteRequest(Cur, IO_NO_INCREMENT);
    CHECK(Device->CurrentIrp == NULL);
    CHECK(!Device->DeviceQueue.Busy);
    for (int i = 0; i < 4; i++)
        CHECK_EQ(K[i].Completions, 1);

    FreeSent(S, 6);
    FreeSent(K, 4);
    DeleteDevice(Device);
}

/* ---- cancel -------------------------------------------------------------- */

static void TestCancel(void)
{
    PDEVICE_OBJECT Device = NewDevice();
    SENT S[5];

    memset(S, 0, sizeof S);
    ResetDriver(MODE_KEEP, TRUE);

    SendRead(Device, &S[0], FALSE, 0); /* current */
    SendRead(Device, &S[1], FALSE, 0); /* queued */
    SendRead(Device, &S[2], FALSE, 0); /* queued */
    CHECK(S[1].Irp->CancelRoutine == (PDRIVER_CANCEL)DriverCancel);

    /* a queued packet: its cancel routine takes it out of the device queue */
    CHECK(IoCancelIrp(S[1].Irp));
    CHECK_EQ(S[1].Completions, 1);
    CHECK_EQ(S[1].FinalStatus, STATUS_CANCELLED);
    CHECK(S[1].PendingReturned);
    CHECK(!S[1].Irp->Tail.Overlay.DeviceQueueEntry.Inserted);
    CHECK(Device->CurrentIrp == S[0].Irp);

    /* the cancelled packet is never started */
    FinishCurrent(Device, TRUE);
    CHECK(Device->CurrentIrp == S[2].Irp);
    CHECK_EQ(StartIoCalls, 2);

    /* the current packet: its cancel routine starts the next one */
    CHECK(IoCancelIrp(S[2].Irp));
    CHECK_EQ(S[2].FinalStatus, STATUS_CANCELLED);
    CHECK(Device->CurrentIrp == NULL);
    CHECK(!Device->DeviceQueue.Busy);

    /* cancelled before IoStartPacket while the device is busy: IoStartPacket
     * calls the cancel routine itself instead of leaving it queued */
    SendRead(Device, &S[3], FALSE, 0); /* current */
    {
        PIRP Irp = IoAllocateIrp(Device->StackSize, FALSE);
        PIO_STACK_LOCATION Sp = IoGetNextIrpStackLocation(Irp);
        Sp->MajorFunction = IRP_MJ_READ;
        IoSetCompletionRoutine(Irp, OnComplete, &S[4], TRUE, TRUE, TRUE);
        S[4].Irp = Irp;
        CHECK(!IoCancelIrp(Irp)); /* no cancel routine yet */
        CHECK_EQ(IoCallDriver(Device, Irp), STATUS_PENDING);
    }
    CHECK_EQ(S[4].Completions, 1);
    CHECK_EQ(S[4].FinalStatus, STATUS_CANCELLED);
    CHECK(IsListEmpty(&Device->DeviceQueue.DeviceListHead));
    FinishCurrent(Device, TRUE);
    CHECK_EQ(S[3].FinalStatus, STATUS_SUCCESS);
    CHECK(!Device->DeviceQueue.Busy);
    CHECK_EQ(StartIoCalls, 3);

    FreeSent(S, 5);
    DeleteDevice(Device);
}

static void TestNonCancelable(void)
{
    PDEVICE_OBJECT Device = NewDevice();
    SENT S[3];

    memset(S, 0, sizeof S);
    ResetDriver(MODE_KEEP, TRUE);
    IoSetStartIoAttributes(Device, FALSE, TRUE);
    CHECK(Device->DeviceObjectExtension->StartIo != NULL);

    SendRead(Device, &S[0], FALSE, 0);
    /* started: no longer cancelable */
    CHECK(S[0].Irp->CancelRoutine == NULL);
    CHECK(!IoCancelIrp(S[0].Irp));
    CHECK(Device->CurrentIrp == S[0].Irp);
    /* queued: still cancelable */
    SendRead(Device, &S[1], FALSE, 0);
    SendRead(Device, &S[2], FALSE, 0);
    CHECK(IoCancelIrp(S[1].Irp));
    CHECK_EQ(S[1].FinalStatus, STATUS_CANCELLED);
    FinishCurrent(Device, TRUE);
    CHECK(Device->CurrentIrp == S[2].Irp);
    CHECK(S[2].Irp->CancelRoutine == NULL); /* dequeued by IoStartNextPacket */
    CHECK(!IoCancelIrp(S[2].Irp));
    CHECK(S[2].Irp->Cancel);                /* marked, but the driver finishes it */
    FinishCurrent(Device, TRUE);
    CHECK_EQ(S[0].FinalStatus, STATUS_SUCCESS);
    CHECK_EQ(S[2].FinalStatus, STATUS_SUCCESS);
    CHECK(!Device->DeviceQueue.Busy);

    /* FALSE does not take an attribute back (as on Windows) */
    IoSetStartIoAttributes(Device, FALSE, FALSE);
    FreeSent(S, 3);
    memset(S, 0, sizeof S);
    SendRead(Device, &S[0], FALSE, 0);
    CHECK(S[0].Irp->CancelRoutine == NULL);
    FinishCurrent(Device, TRUE);
    FreeSent(S, 1);
    DeleteDevice(Device);
}

/* ---- recursion and DeferredStartIo --------------------------------------- */

static void RunInlineChain(PDEVICE_OBJECT Device, SENT *S, int Count)
{
    ResetDriver(MODE_KEEP, FALSE);
    SendRead(Device, &S[0], FALSE, 0); /* stays current */
    for (int i = 1; i < Count; i++)
        SendRead(Device, &S[i], FALSE, 0);
    /* from now on StartIo finishes each packet and asks for the next */
    Mode = MODE_INLINE;
    FinishCurrent(Device, FALSE);
    for (int i = 0; i < Count; i++)
        CHECK_EQ(S[i].Completions, 1);
    for (int i = 0; i < Count; i++)
        CHECK(StartLog[i] == S[i].Irp);
    CHECK(!Device->DeviceQueue.Busy);
    CHECK(Device->CurrentIrp == NULL);
}

static void TestDeferredStartIo(void)
{
    SENT S[4];

    /* without DeferredStartIo, IoStartNextPacket inside StartIo re-enters it */
    PDEVICE_OBJECT Plain = NewDevice();
    memset(S, 0, sizeof S);
    RunInlineChain(Plain, S, 4);
    CHECK_EQ(MaxInStartIo, 3);
    FreeSent(S, 4);
    DeleteDevice(Plain);

    /* with it, the next packet starts when StartIo has returned */
    PDEVICE_OBJECT Deferred = NewDevice();
    IoSetStartIoAttributes(Deferred, TRUE, FALSE);
    memset(S, 0, sizeof S);
    RunInlineChain(Deferred, S, 4);
    CHECK_EQ(MaxInStartIo, 1);
    CHECK_EQ(StartIoCalls, 4);
    FreeSent(S, 4);

    /* an idle deferred device: IoStartNextPacket simply returns */
    IoStartNextPacket(Deferred, FALSE);
    CHECK(!Deferred->DeviceQueue.Busy);
    DeleteDevice(Deferred);
}

/* ---- several submitting threads ------------------------------------------ */

#define SUBMITTERS 3
#define PER_SUBMITTER 400

static PDEVICE_OBJECT StressDevice;
static volatile LONG StopHardware;

static VOID NTAPI Submitter(PVOID Arg)
{
    ULONG Seed = (ULONG)(ULONG_PTR)Arg;
    for (int i = 0; i < PER_SUBMITTER; i++) {
        Seed = Seed * 1103515245 + 12345;
        SendRead(StressDevice, NULL, (Seed >> 16) & 1, (Seed >> 8) & 0xFF);
        if ((i & 15) == 0)
            sched_yield();
    }
}

/* The "device": completes the current packet some time after StartIo gave
 * it, and asks for the next one, as a DpcForIsr does. */
static VOID NTAPI Hardware(PVOID Arg)
{
    UNREFERENCED_PARAMETER(Arg);
    while (!__atomic_load_n(&StopHardware, __ATOMIC_ACQUIRE)) {
        PIRP Irp = __atomic_exchange_n(&HwPending, NULL, __ATOMIC_ACQ_REL);
        if (!Irp) {
            sched_yield();
            continue;
        }
        KIRQL Old;
        KeRaiseIrql(DISPATCH_LEVEL, &Old);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoStartNextPacket(StressDevice, FALSE);
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        KeLowerIrql(Old);
    }
}

static void RunStress(BOOLEAN Deferred, LONG StressMode)
{
    PVOID Threads[SUBMITTERS + 1];
    int n = 0;

    StressDevice = NewDevice();
    if (Deferred)
        IoSetStartIoAttributes(StressDevice, TRUE, FALSE);
    ResetDriver(StressMode, FALSE);
    StressCompleted = 0;
    StopHardware = 0;
    HwPending = NULL;
    if (StressMode == MODE_ASYNC)
        Threads[n++] = KmStartThread(Hardware, NULL);
    for (int i = 0; i < SUBMITTERS; i++)
        Threads[n++] = KmStartThread(Submitter, (PVOID)(ULONG_PTR)(i * 31 + 7));
    for (int Wait = 0; Wait < 30000 && __atomic_load_n(&StressCompleted, __ATOMIC_ACQUIRE) <
                                           SUBMITTERS * PER_SUBMITTER; Wait++)
        usleep(1000);
    __atomic_store_n(&StopHardware, 1, __ATOMIC_RELEASE);
    for (int i = 0; i < n; i++)
        KmJoinThread(Threads[i]);

    CHECK_EQ(StressCompleted, SUBMITTERS * PER_SUBMITTER);
    CHECK_EQ(StartIoCalls, SUBMITTERS * PER_SUBMITTER);
    CHECK_EQ(StartIoAtWrongIrql, 0);
    CHECK_EQ(Overlaps, 0); /* never two packets in StartIo at once */
    CHECK_EQ(MaxInStartIo, 1);
    CHECK(!StressDevice->DeviceQueue.Busy);
    CHECK(StressDevice->CurrentIrp == NULL);
    DeleteDevice(StressDevice);
}

static void TestSerialisation(void)
{
    /* StartIo finishes each packet itself: the next one starts only after
     * (nested calls do not overlap: InStartIo is dropped before the call) */
    RunStress(TRUE, MODE_INLINE);
    /* a separate thread finishes packets while StartIo may still be
     * running: DeferredStartIo keeps StartIo from overlapping itself */
    RunStress(TRUE, MODE_ASYNC);
}

/* ---- bad input ------------------------------------------------------------ */

static void ChildStartPacketAboveDispatch(void)
{
    PDEVICE_OBJECT Device = KmCreateDevice(Driver, 0);
    PIRP Irp = IoAllocateIrp(Device->StackSize, FALSE);
    KIRQL Old;
    IoSetNextIrpStackLocation(Irp);
    KeRaiseIrql(HIGH_LEVEL, &Old);
    IoStartPacket(Device, Irp, NULL, NULL);
}

/* Bug-check children run in a fresh process (KmRunChildProcess). */
static const KM_CHILD Children[] = {
    { "StartPacketAboveDispatch", ChildStartPacketAboveDispatch },
};

static void TestBadInput(void)
{
    int Status = KmRunChildProcess("StartPacketAboveDispatch");
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "*** ntio BUGCHECK 0x00000009 (IRQL_NOT_GREATER_OR_EQUAL)");
    CHECK_HAS(KmReport, "IoStartPacket");
}

int main(int argc, char **argv)
{
    Driver = KmCreateDriver(NULL);
    Driver->MajorFunction[IRP_MJ_READ] = DispatchRead;
    Driver->DriverStartIo = DriverStartIo;

    KmChildMain(argc, argv, Children, sizeof Children / sizeof Children[0]);
    TestDeviceQueue();
    TestStartPacket();
    TestKeys();
    TestCancel();
    TestNonCancelable();
    TestDeferredStartIo();
    TestSerialisation();
    TestBadInput();
    return test_summary("test_startio");
}
