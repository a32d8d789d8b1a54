/*
 * ke/devqueue.c - device queue objects (KDEVICE_QUEUE).
 *
 * A device queue is a list of waiting requests plus a Busy flag that says
 * the device is working on one.  Inserting into an idle queue does not
 * queue anything: it marks the queue busy and tells the caller (FALSE) to
 * start the request itself.  Removing from a busy queue that has nothing
 * waiting marks it idle again and returns NULL.  IoStartPacket and
 * IoStartNextPacket (io/startio.c) are built on exactly this.
 *
 * Locking: DeviceQueue->Lock protects DeviceListHead, Busy and every
 * queued entry's Inserted flag.  Windows requires callers to be at
 * DISPATCH_LEVEL; the lock is taken with an in-stack queued spin lock that
 * raises to DISPATCH_LEVEL if the caller is below it, so a driver that
 * calls from PASSIVE_LEVEL still gets correct mutual exclusion.  A caller
 * above DISPATCH_LEVEL gets the spin lock's IRQL_NOT_LESS_OR_EQUAL bug check.
 */
#include "ke.h"

#define DeviceQueueObject 20 /* KOBJECTS value of a device queue */

static PKDEVICE_QUEUE_ENTRY KiEntryOf(PLIST_ENTRY Link)
{
    return CONTAINING_RECORD(Link, KDEVICE_QUEUE_ENTRY, DeviceListEntry);
}

NTIO_EXPORT VOID KeInitializeDeviceQueue(PKDEVICE_QUEUE DeviceQueue)
{
    DeviceQueue->Type = DeviceQueueObject;
    DeviceQueue->Size = sizeof(KDEVICE_QUEUE);
    InitializeListHead(&DeviceQueue->DeviceListHead);
    KeInitializeSpinLock(&DeviceQueue->Lock);
    DeviceQueue->Busy = FALSE;
}

NTIO_EXPORT BOOLEAN KeInsertDeviceQueue(PKDEVICE_QUEUE DeviceQueue,
                                        PKDEVICE_QUEUE_ENTRY DeviceQueueEntry)
{
    KLOCK_QUEUE_HANDLE Lock;
    BOOLEAN Inserted;

    KeAcquireInStackQueuedSpinLock(&DeviceQueue->Lock, &Lock);
    if (DeviceQueue->Busy) {
        InsertTailList(&DeviceQueue->DeviceListHead, &DeviceQueueEntry->DeviceListEntry);
        Inserted = TRUE;
    } else {
        /* Idle: the caller starts this request now. */
        DeviceQueue->Busy = TRUE;
        Inserted = FALSE;
    }
    DeviceQueueEntry->Inserted = Inserted;
    KeReleaseInStackQueuedSpinLock(&Lock);
    return Inserted;
}

NTIO_EXPORT BOOLEAN KeInsertByKeyDeviceQueue(PKDEVICE_QUEUE DeviceQueue,
                                             PKDEVICE_QUEUE_ENTRY DeviceQueueEntry, ULONG SortKey)
{
    KLOCK_QUEUE_HANDLE Lock;
    BOOLEAN Inserted;

    KeAcquireInStackQueuedSpinLock(&DeviceQueue->Lock, &Lock);
    DeviceQueueEntry->SortKey = SortKey;
    if (DeviceQueue->Busy) {
        /* After every entry whose key is <= SortKey (so equal keys keep
         * their arrival order), before the first greater one. */
        PLIST_ENTRY Next = DeviceQueue->DeviceListHead.Flink;
        while (Next != &DeviceQueue->DeviceListHead && KiEntryOf(Next)->SortKey <= SortKey)
            Next = Next->Flink;
        InsertTailList(Next, &DeviceQueueEntry->DeviceListEntry); /* i.e. just before Next */
        Inserted = TRUE;
    } else {
        DeviceQueue->Busy = TRUE;
        Inserted = FALSE;
    }
    DeviceQueueEntry->Inserted = Inserted;
    KeReleaseInStackQueuedSpinLock(&Lock);
    return Inserted;
}

NTIO_EXPORT PKDEVICE_QUEUE_ENTRY KeRemoveDeviceQueue(PKDEVICE_QUEUE DeviceQueue)
{
    KLOCK_QUEUE_HANDLE Lock;
    PKDEVICE_QUEUE_ENTRY Entry = NULL;

    KeAcquireInStackQueuedSpinLock(&DeviceQueue->Lock, &Lock);
    if (IsListEmpty(&DeviceQueue->DeviceListHead)) {
        /* Nothing waits: the device goes idle. */
        DeviceQueue->Busy = FALSE;
    } else {
        Entry = KiEntryOf(RemoveHeadList(&DeviceQueue->DeviceListHead));
        Entry->Inserted = FALSE;
    }
    KeReleaseInStackQueuedSpinLock(&Lock);
    return Entry;
}

/* The first entry whose key is >= SortKey, or the first entry when every
 * key is smaller (a disk's elevator wrapping around).  Queue lock held,
 * queue not empty. */
static PKDEVICE_QUEUE_ENTRY KiRemoveByKey(PKDEVICE_QUEUE DeviceQueue, ULONG SortKey)
{
    PLIST_ENTRY Head = &DeviceQueue->DeviceListHead;
    PLIST_ENTRY Next = Head->Flink;
    while (Next != Head && KiEntryOf(Next)->SortKey < SortKey)
        Next = Next->Flink;
    if (Next == Head)
        Next = Head->Flink;
    PKDEVICE_QUEUE_ENTRY Entry = KiEntryOf(Next);
    RemoveEntryList(Next);
    Entry->Inserted = FALSE;
    return Entry;
}

NTIO_EXPORT PKDEVICE_QUEUE_ENTRY KeRemoveByKeyDeviceQueue(PKDEVICE_QUEUE DeviceQueue,
                                                          ULONG SortKey)
{
    KLOCK_QUEUE_HANDLE Lock;
    PKDEVICE_QUEUE_ENTRY Entry = NULL;

    KeAcquireInStackQueuedSpinLock(&DeviceQueue->Lock, &Lock);
    if (IsListEmpty(&DeviceQueue->DeviceListHead))
        DeviceQueue->Busy = FALSE;
    else
        Entry = KiRemoveByKey(DeviceQueue, SortKey);
    KeReleaseInStackQueuedSpinLock(&Lock);
    return Entry;
}

NTIO_EXPORT PKDEVICE_QUEUE_ENTRY KeRemoveByKeyDeviceQueueIfBusy(PKDEVICE_QUEUE DeviceQueue,
                                                                ULONG SortKey)
{
    KLOCK_QUEUE_HANDLE Lock;
    PKDEVICE_QUEUE_ENTRY Entry = NULL;

    KeAcquireInStackQueuedSpinLock(&DeviceQueue->Lock, &Lock);
    if (!DeviceQueue->Busy || IsListEmpty(&DeviceQueue->DeviceListHead))
        DeviceQueue->Busy = FALSE; /* an idle queue stays idle; a busy, empty one goes idle */
    else
        Entry = KiRemoveByKey(DeviceQueue, SortKey);
    KeReleaseInStackQueuedSpinLock(&Lock);
    return Entry;
}

NTIO_EXPORT BOOLEAN KeRemoveEntryDeviceQueue(PKDEVICE_QUEUE DeviceQueue,
                                             PKDEVICE_QUEUE_ENTRY DeviceQueueEntry)
{
    KLOCK_QUEUE_HANDLE Lock;
    BOOLEAN WasInserted;

    /* Inserted is read under the queue lock, so an entry that IoStartNextPacket
     * dequeued a moment ago is reported as not queued rather than unlinked twice. */
    KeAcquireInStackQueuedSpinLock(&DeviceQueue->Lock, &Lock);
    WasInserted = DeviceQueueEntry->Inserted;
    if (WasInserted) {
        DeviceQueueEntry->Inserted = FALSE;
        RemoveEntryList(&DeviceQueueEntry->DeviceListEntry);
    }
    KeReleaseInStackQueuedSpinLock(&Lock);
    return WasInserted;
}
