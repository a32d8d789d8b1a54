/*
 * io/startio.c - the StartIo packet queue: IoStartPacket, IoStartNextPacket
 * (ByKey) and IoSetStartIoAttributes.
 *
 * A driver with a StartIo routine lets the I/O manager serialise its
 * requests: IoStartPacket hands an IRP to StartIo when the device is idle
 * and queues it in DeviceObject->DeviceQueue otherwise; the driver calls
 * IoStartNextPacket when it is done with DeviceObject->CurrentIrp, and the
 * next queued IRP goes to StartIo.  The device queue's Busy flag
 * (ke/devqueue.c) is what makes the two sides agree: it is set while some
 * packet is current and cleared only when IoStartNextPacket finds nothing
 * queued.  StartIo is always called at DISPATCH_LEVEL.
 *
 * Cancellation: when the driver passes a cancel routine, IoStartPacket sets
 * it in the IRP under the cancel spin lock, and IoStartNextPacket(.., TRUE)
 * dequeues under it too, so the driver's cancel routine (called by
 * IoCancelIrp with that lock held) sees a consistent picture: the IRP is
 * either DeviceObject->CurrentIrp or still in the device queue, where
 * KeRemoveEntryDeviceQueue takes it out - the documented pattern.
 *
 * Per-device attributes (IoSetStartIoAttributes) live in a small block that
 * the device's DEVOBJ_EXTENSION points to (StartIo), made the first time a
 * driver asks for a non-default attribute; a device without one has the
 * defaults (StartIo may be re-entered, a started packet stays cancelable).
 *
 * DeferredStartIo: StartIo is never re-entered.  StartIoCount counts the
 * threads inside StartIo or inside the deferred start loop; an
 * IoStartNextPacket that arrives while it is non-zero only records itself
 * (PendingFlags/PendingKey), and whoever brings the count back to zero
 * performs the recorded request.  One slot is enough: a driver asks for
 * the next packet once per finished packet, and only one is current.
 */
#include "iop.h"
#include "ex/ex.h"

/* IOP_STARTIO_EXTENSION.StartIoFlags, with Windows' DOE_SIO_* values. */
#define DOE_SIO_NO_KEY 0x20
#define DOE_SIO_WITH_KEY 0x40
#define DOE_SIO_CANCELABLE 0x80
#define DOE_SIO_DEFERRED 0x100
#define DOE_SIO_NO_CANCEL 0x200

#define TAG_STARTIO TAG('I', 'o', 'S', 'i')

typedef struct _IOP_STARTIO_EXTENSION {
    volatile ULONG StartIoFlags;  /* DOE_SIO_DEFERRED, DOE_SIO_NO_CANCEL; only ever set */
    volatile LONG StartIoCount;   /* threads inside StartIo or the deferred loop */
    KSPIN_LOCK PendingLock;       /* protects PendingFlags and PendingKey */
    ULONG PendingFlags;           /* a deferred request: DOE_SIO_NO_KEY or _WITH_KEY, | _CANCELABLE */
    ULONG PendingKey;
} IOP_STARTIO_EXTENSION, *PIOP_STARTIO_EXTENSION;

static PIOP_STARTIO_EXTENSION IopStartIoExtension(PDEVICE_OBJECT DeviceObject)
{
    return __atomic_load_n(&DeviceObject->DeviceObjectExtension->StartIo, __ATOMIC_ACQUIRE);
}

/* Called when the device object goes away (io/device.c): frees the block. */
VOID IopFreeStartIoExtension(PDEVICE_OBJECT DeviceObject)
{
    PIOP_STARTIO_EXTENSION Ext = IopStartIoExtension(DeviceObject);
    if (!Ext)
        return;
    DeviceObject->DeviceObjectExtension->StartIo = NULL;
    ExpFreePool(Ext, TAG_STARTIO, TRUE, NULL);
}

NTIO_EXPORT VOID IoSetStartIoAttributes(PDEVICE_OBJECT DeviceObject, BOOLEAN DeferredStartIo,
                                        BOOLEAN NonCancelable)
{
    ULONG Flags = (DeferredStartIo ? DOE_SIO_DEFERRED : 0) | (NonCancelable ? DOE_SIO_NO_CANCEL : 0);
    PIOP_STARTIO_EXTENSION Ext;

    /* As on Windows, FALSE leaves an attribute as it was: nothing to store. */
    if (!Flags)
        return;
    Ext = IopStartIoExtension(DeviceObject);
    if (!Ext) {
        PIOP_STARTIO_EXTENSION New = ExpAllocatePool(NonPagedPool, sizeof *New, TAG_STARTIO,
                                                     __builtin_return_address(0));
        if (!New) {
            DbgPrint("ntio: IoSetStartIoAttributes: out of pool; StartIo attributes of device "
                     "%p not set\n", DeviceObject);
            return;
        }
        memset(New, 0, sizeof *New);
        KeInitializeSpinLock(&New->PendingLock);
        PVOID Expected = NULL;
        if (__atomic_compare_exchange_n((PVOID *)&DeviceObject->DeviceObjectExtension->StartIo,
                                        &Expected, (PVOID)New, FALSE, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE)) {
            Ext = New;
        } else {
            /* Another thread set attributes at the same moment. */
            ExpFreePool(New, TAG_STARTIO, TRUE, NULL);
            Ext = IopStartIoExtension(DeviceObject);
            if (!Ext)
                return;
        }
    }
    __atomic_or_fetch(&Ext->StartIoFlags, Flags, __ATOMIC_ACQ_REL);
}

static BOOLEAN IopNonCancelable(PIOP_STARTIO_EXTENSION Ext)
{
    return Ext && (__atomic_load_n(&Ext->StartIoFlags, __ATOMIC_ACQUIRE) & DOE_SIO_NO_CANCEL);
}

static BOOLEAN IopDeferred(PIOP_STARTIO_EXTENSION Ext)
{
    return Ext && (__atomic_load_n(&Ext->StartIoFlags, __ATOMIC_ACQUIRE) & DOE_SIO_DEFERRED);
}

/* Take the next packet out of the device queue and give it to StartIo.
 * Called at DISPATCH_LEVEL. */
static VOID IopStartNextPacket(PDEVICE_OBJECT DeviceObject, PIOP_STARTIO_EXTENSION Ext,
                               BOOLEAN Cancelable, BOOLEAN ByKey, ULONG Key)
{
    KIRQL CancelIrql = DISPATCH_LEVEL;
    PKDEVICE_QUEUE_ENTRY Entry;

    if (Cancelable)
        IoAcquireCancelSpinLock(&CancelIrql);
    DeviceObject->CurrentIrp = NULL;
    Entry = ByKey ? KeRemoveByKeyDeviceQueue(&DeviceObject->DeviceQueue, Key)
                  : KeRemoveDeviceQueue(&DeviceObject->DeviceQueue);
    if (!Entry) {
        /* Nothing waits: the queue went idle. */
        if (Cancelable)
            IoReleaseCancelSpinLock(CancelIrql);
        return;
    }
    PIRP Irp = CONTAINING_RECORD(Entry, IRP, Tail.Overlay.DeviceQueueEntry);
    DeviceObject->CurrentIrp = Irp;
    if (Cancelable) {
        if (IopNonCancelable(Ext))
            IoSetCancelRoutine(Irp, NULL);
        IoReleaseCancelSpinLock(CancelIrql);
    }
    DeviceObject->DriverObject->DriverStartIo(DeviceObject, Irp);
}

static VOID IopRecordPending(PIOP_STARTIO_EXTENSION Ext, ULONG Flags, ULONG Key)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Ext->PendingLock);
    Ext->PendingFlags = Flags;
    Ext->PendingKey = Key;
    KeReleaseSpinLock(&Ext->PendingLock, OldIrql);
}

static BOOLEAN IopTakePending(PIOP_STARTIO_EXTENSION Ext, ULONG *Flags, ULONG *Key)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Ext->PendingLock);
    *Flags = Ext->PendingFlags;
    *Key = Ext->PendingKey;
    Ext->PendingFlags = 0;
    Ext->PendingKey = 0;
    KeReleaseSpinLock(&Ext->PendingLock, OldIrql);
    return *Flags != 0;
}

/* DeferredStartIo: start the next packet unless some thread is inside
 * StartIo, in which case the request waits in the pending slot for the
 * thread that leaves last.  Called at DISPATCH_LEVEL. */
static VOID IopStartNextPacketDeferred(PDEVICE_OBJECT DeviceObject, PIOP_STARTIO_EXTENSION Ext,
                                       ULONG Flags, ULONG Key)
{
    for (;;) {
        if (InterlockedIncrement(&Ext->StartIoCount) > 1)
            IopRecordPending(Ext, Flags, Key);
        else
            IopStartNextPacket(DeviceObject, Ext, (Flags & DOE_SIO_CANCELABLE) != 0,
                               (Flags & DOE_SIO_WITH_KEY) != 0, Key);
        if (InterlockedDecrement(&Ext->StartIoCount) != 0)
            return;
        if (!IopTakePending(Ext, &Flags, &Key))
            return;
    }
}

/* Run one StartIo call for the packet IoStartPacket just made current. */
static VOID IopCallStartIo(PDEVICE_OBJECT DeviceObject, PIOP_STARTIO_EXTENSION Ext, PIRP Irp)
{
    ULONG Flags, Key;

    if (!IopDeferred(Ext)) {
        DeviceObject->DriverObject->DriverStartIo(DeviceObject, Irp);
        return;
    }
    InterlockedIncrement(&Ext->StartIoCount);
    DeviceObject->DriverObject->DriverStartIo(DeviceObject, Irp);
    if (InterlockedDecrement(&Ext->StartIoCount) == 0 && IopTakePending(Ext, &Flags, &Key))
        IopStartNextPacketDeferred(DeviceObject, Ext, Flags, Key);
}

NTIO_EXPORT VOID IoStartPacket(PDEVICE_OBJECT DeviceObject, PIRP Irp, PULONG Key,
                               PDRIVER_CANCEL CancelFunction)
{
    PIOP_STARTIO_EXTENSION Ext = IopStartIoExtension(DeviceObject);
    KIRQL OldIrql, CancelIrql = DISPATCH_LEVEL;
    BOOLEAN Queued;

    /* Above DISPATCH_LEVEL this is the IRQL_NOT_GREATER_OR_EQUAL bug check,
     * as on Windows. */
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);

    /* The cancel routine goes in under the cancel spin lock, so that
     * IoCancelIrp cannot call it before the IRP is in the queue or current. */
    if (CancelFunction) {
        IoAcquireCancelSpinLock(&CancelIrql);
        IoSetCancelRoutine(Irp, CancelFunction);
    }
    if (Key)
        Queued = KeInsertByKeyDeviceQueue(&DeviceObject->DeviceQueue,
                                          &Irp->Tail.Overlay.DeviceQueueEntry, *Key);
    else
        Queued = KeInsertDeviceQueue(&DeviceObject->DeviceQueue, &Irp->Tail.Overlay.DeviceQueueEntry);

    if (!Queued) {
        /* The device was idle: this is the current packet now. */
        DeviceObject->CurrentIrp = Irp;
        if (CancelFunction) {
            if (IopNonCancelable(Ext))
                IoSetCancelRoutine(Irp, NULL);
            IoReleaseCancelSpinLock(CancelIrql);
        }
        IopCallStartIo(DeviceObject, Ext, Irp);
    } else if (CancelFunction) {
        if (*(volatile BOOLEAN *)&Irp->Cancel) {
            /* IoCancelIrp ran before the routine was set and found none:
             * call it now, as IoCancelIrp would have (the routine releases
             * the cancel spin lock and takes the IRP out of the queue). */
            IoSetCancelRoutine(Irp, NULL);
            Irp->CancelIrql = CancelIrql;
            CancelFunction(DeviceObject, Irp);
        } else {
            IoReleaseCancelSpinLock(CancelIrql);
        }
    }
    KeLowerIrql(OldIrql);
}

/* IoStartNextPacket(ByKey) run StartIo at DISPATCH_LEVEL, as documented;
 * a caller below it is raised for the call. */
static VOID IopStartNext(PDEVICE_OBJECT DeviceObject, BOOLEAN Cancelable, BOOLEAN ByKey, ULONG Key)
{
    PIOP_STARTIO_EXTENSION Ext = IopStartIoExtension(DeviceObject);
    KIRQL OldIrql = KeGetCurrentIrql();

    if (OldIrql < DISPATCH_LEVEL)
        KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    if (IopDeferred(Ext))
        IopStartNextPacketDeferred(DeviceObject, Ext,
                                   (ByKey ? DOE_SIO_WITH_KEY : DOE_SIO_NO_KEY) |
                                       (Cancelable ? DOE_SIO_CANCELABLE : 0),
                                   Key);
    else
        IopStartNextPacket(DeviceObject, Ext, Cancelable, ByKey, Key);
    if (OldIrql < DISPATCH_LEVEL)
        KeLowerIrql(OldIrql);
}

NTIO_EXPORT VOID IoStartNextPacket(PDEVICE_OBJECT DeviceObject, BOOLEAN Cancelable)
{
    IopStartNext(DeviceObject, Cancelable, FALSE, 0);
}

NTIO_EXPORT VOID IoStartNextPacketByKey(PDEVICE_OBJECT DeviceObject, BOOLEAN Cancelable, ULONG Key)
{
    IopStartNext(DeviceObject, Cancelable, TRUE, Key);
}
