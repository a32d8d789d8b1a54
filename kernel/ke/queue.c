/*
 * ke/queue.c - kernel queue objects (KQUEUE) and their concurrency control.
 *
 * A queue holds entries (Header.SignalState counts them) and counts its
 * active threads: the threads associated with it (by calling KeRemoveQueue
 * on it) that are running.  A remover waits while the queue is empty or
 * CurrentCount has reached MaximumCount; waiting removers sit at the head
 * of the queue's wait list (WaitType WaitDequeue), so the one that blocked
 * last is released first, and an inserter hands its entry straight to it.
 * When an associated thread blocks in any other wait (KiFutexWait calls
 * KiQueueThreadBlocking), it stops counting and a waiting remover may take
 * its place; when it wakes it counts again, so CurrentCount may briefly
 * exceed MaximumCount.
 *
 * Locking.  Each queue has its own lock (a byte in Header.Reserved1, the
 * KQUEUE's "Lock" of Windows), taken after the dispatcher lock when both
 * are needed.  The queue lock guards EntryListHead, SignalState,
 * CurrentCount, ThreadListHead and additions to the wait list; the wait
 * list changes only under the dispatcher lock (KiUnwaitThread unlinks
 * without the queue lock).  Insert and remove first try with the queue
 * lock alone (the fast paths: nobody to wake, nobody to wait) and fall back
 * to both locks.  The fast insert needs an empty wait list, and every
 * waiter links itself under the queue lock after seeing the queue in a
 * state that makes it wait, so no wake-up can be missed.
 */
#include "ke.h"

#include <sched.h>

#define IRQL_NOT_LESS_OR_EQUAL 0x0000000A

static __inline__ VOID KiLockQueue(PKQUEUE Queue)
{
    volatile UCHAR *Lock = &Queue->Header.Reserved1;
    for (unsigned Spins = 0; __atomic_exchange_n(Lock, 1, __ATOMIC_ACQUIRE); Spins++) {
        while (__atomic_load_n(Lock, __ATOMIC_RELAXED)) {
            if (Spins++ < 128)
                __builtin_ia32_pause();
            else
                sched_yield(); /* the holder may have been preempted */
        }
    }
}

static __inline__ VOID KiUnlockQueue(PKQUEUE Queue)
{
    __atomic_store_n(&Queue->Header.Reserved1, 0, __ATOMIC_RELEASE);
}

/* The dispatcher lock, taken without lowering the IRQL through the APC
 * check on release: the blocking hook runs in the middle of a wait, where
 * no APC may run. */
static KIRQL KiLockDispatcherQuiet(PKTHREAD Thread)
{
    KIRQL Old = Thread->Irql;
    if (Old < DISPATCH_LEVEL)
        Thread->Irql = DISPATCH_LEVEL;
    (void)KiAcquireDispatcherLock();
    return Old;
}

static VOID KiUnlockDispatcherQuiet(PKTHREAD Thread, KIRQL Old)
{
    KiReleaseDispatcherLock(Thread->Irql); /* no change of IRQL */
    Thread->Irql = Old;
}

/* The most recently blocked KeRemoveQueue waiter (both locks held). */
static PKWAIT_BLOCK KiFirstQueueWaiter(PKQUEUE Queue)
{
    PLIST_ENTRY Head = &Queue->Header.WaitListHead;
    for (PLIST_ENTRY E = Head->Flink; E != Head; E = E->Flink) {
        PKWAIT_BLOCK Block = CONTAINING_RECORD(E, KWAIT_BLOCK, WaitListEntry);
        if (Block->WaitType == WaitDequeue)
            return Block;
    }
    return NULL;
}

/* Give Entry to the remover waiting with Block: it becomes active (both locks held). */
static VOID KiHandOffEntry(PKQUEUE Queue, PKWAIT_BLOCK Block, PLIST_ENTRY Entry)
{
    PKTHREAD Thread = Block->Thread;
    Queue->CurrentCount++;
    Thread->QueueEntry = Entry;
    KiUnwaitThread(Thread, STATUS_SUCCESS);
}

/* CurrentCount dropped: release waiting removers while entries and room
 * remain (both locks held).  KiActivateWaiterQueue in Windows. */
static VOID KiActivateWaiterQueue(PKQUEUE Queue)
{
    while (Queue->CurrentCount < Queue->MaximumCount && !IsListEmpty(&Queue->EntryListHead)) {
        PKWAIT_BLOCK Block = KiFirstQueueWaiter(Queue);
        if (!Block)
            return;
        PLIST_ENTRY Entry = RemoveHeadList(&Queue->EntryListHead);
        Queue->Header.SignalState--;
        KiHandOffEntry(Queue, Block, Entry);
    }
}

NTIO_EXPORT VOID KeInitializeQueue(PRKQUEUE Queue, ULONG Count)
{
    KiInitializeDispatcherHeader(&Queue->Header, QueueObject, 0);
    InitializeListHead(&Queue->EntryListHead);
    InitializeListHead(&Queue->ThreadListHead);
    Queue->CurrentCount = 0;
    Queue->MaximumCount = Count ? Count : KeQueryActiveProcessorCount(NULL);
}

NTIO_EXPORT LONG KeReadStateQueue(PRKQUEUE Queue)
{
    return __atomic_load_n(&Queue->Header.SignalState, __ATOMIC_ACQUIRE);
}

static LONG KiInsertQueue(PKQUEUE Queue, PLIST_ENTRY Entry, BOOLEAN Head)
{
    LONG Previous;

    /* Fast path: nobody waits on the queue, so nobody needs waking. */
    KiLockQueue(Queue);
    if (IsListEmpty(&Queue->Header.WaitListHead)) {
        Previous = Queue->Header.SignalState;
        if (Head)
            InsertHeadList(&Queue->EntryListHead, Entry);
        else
            InsertTailList(&Queue->EntryListHead, Entry);
        Queue->Header.SignalState = Previous + 1;
        KiUnlockQueue(Queue);
        return Previous;
    }
    KiUnlockQueue(Queue);

    KIRQL OldIrql = KiAcquireDispatcherLock();
    KiLockQueue(Queue);
    Previous = Queue->Header.SignalState;
    PKWAIT_BLOCK Block = Queue->CurrentCount < Queue->MaximumCount ? KiFirstQueueWaiter(Queue)
                                                                    : NULL;
    if (Block) {
        KiHandOffEntry(Queue, Block, Entry); /* the entry never enters the list */
    } else {
        if (Head)
            InsertHeadList(&Queue->EntryListHead, Entry);
        else
            InsertTailList(&Queue->EntryListHead, Entry);
        Queue->Header.SignalState = Previous + 1;
        /* Threads waiting on the queue as a dispatcher object. */
        KiWaitTest(&Queue->Header, 0);
    }
    KiUnlockQueue(Queue);
    KiReleaseDispatcherLock(OldIrql);
    return Previous;
}

NTIO_EXPORT LONG KeInsertQueue(PRKQUEUE Queue, PLIST_ENTRY Entry)
{
    return KiInsertQueue(Queue, Entry, FALSE);
}

NTIO_EXPORT LONG KeInsertHeadQueue(PRKQUEUE Queue, PLIST_ENTRY Entry)
{
    return KiInsertQueue(Queue, Entry, TRUE);
}

/* Leave Thread's queue (dispatcher lock held): it no longer counts. */
static VOID KiUnbindThreadLocked(PKTHREAD Thread, PKQUEUE Queue)
{
    KiLockQueue(Queue);
    if (Thread->Queue == Queue) {
        RemoveEntryList(&Thread->QueueListEntry);
        InitializeListHead(&Thread->QueueListEntry);
        Thread->Queue = NULL;
        Queue->CurrentCount--;
        KiActivateWaiterQueue(Queue);
    }
    KiUnlockQueue(Queue);
}

VOID KiQueueThreadExit(PKTHREAD Thread)
{
    PKTHREAD Current = KiGetCurrentThread();
    KIRQL Old = KiLockDispatcherQuiet(Current);
    PKQUEUE Queue = Thread->Queue;
    if (Queue)
        KiUnbindThreadLocked(Thread, Queue);
    KiUnlockDispatcherQuiet(Current, Old);
}

PKQUEUE KiQueueThreadBlocking(PKTHREAD Thread)
{
    /* The dispatcher lock keeps KeRundownQueue (and whoever frees the queue
     * after it) away while the queue is touched. */
    KIRQL Old = KiLockDispatcherQuiet(Thread);
    PKQUEUE Queue = Thread->Queue;
    if (Queue) {
        KiLockQueue(Queue);
        Queue->CurrentCount--;
        KiActivateWaiterQueue(Queue);
        KiUnlockQueue(Queue);
    }
    KiUnlockDispatcherQuiet(Thread, Old);
    return Queue;
}

VOID KiQueueThreadWoken(PKTHREAD Thread, PKQUEUE Queue)
{
    KIRQL Old = KiLockDispatcherQuiet(Thread);
    if (Thread->Queue == Queue) { /* not run down meanwhile */
        KiLockQueue(Queue);
        Queue->CurrentCount++;
        KiUnlockQueue(Queue);
    }
    KiUnlockDispatcherQuiet(Thread, Old);
}

BOOLEAN KiLinkQueueWaitBlock(PKWAIT_BLOCK Block)
{
    PKQUEUE Queue = (PKQUEUE)Block->Object;
    KiLockQueue(Queue);
    InsertTailList(&Queue->Header.WaitListHead, &Block->WaitListEntry);
    BOOLEAN Signaled = Queue->Header.SignalState > 0;
    KiUnlockQueue(Queue);
    return Signaled;
}

/* Unlink up to Count entries for an active thread (queue lock held) and
 * return how many; *First is the first of them, chained by Flink.  A taker that wants
 * them all (a consumer keeping up) splices the whole list off without
 * touching the entries, which are lines the inserting CPU wrote last: the
 * walk over them happens in KiCollectEntries, after the lock is released,
 * so an inserter on another CPU does not wait for those misses. */
static ULONG KiDetachEntries(PKQUEUE Queue, ULONG Count, PLIST_ENTRY *First)
{
    PLIST_ENTRY Head = &Queue->EntryListHead;
    ULONG Available = (ULONG)Queue->Header.SignalState, n = Count < Available ? Count : Available;
    if (n == 0)
        return 0;
    *First = Head->Flink;
    if (n == Available) {
        InitializeListHead(Head);
    } else {
        PLIST_ENTRY Last = *First;
        for (ULONG i = 1; i < n; i++)
            Last = Last->Flink;
        Head->Flink = Last->Flink;
        Last->Flink->Blink = Head;
    }
    Queue->Header.SignalState -= (LONG)n;
    return n;
}

/* Store n detached entries in EntryArray in order, marking each no longer
 * queued. */
static VOID KiCollectEntries(PLIST_ENTRY First, ULONG n, PLIST_ENTRY *EntryArray)
{
    for (ULONG i = 0; i < n; i++) {
        PLIST_ENTRY Entry = First;
        First = Entry->Flink;
        Entry->Flink = NULL;
        EntryArray[i] = Entry;
    }
}

/* Take up to Count - Taken entries into EntryArray[Taken..]; called with
 * the queue lock held, returns with it released. */
static ULONG KiTakeEntriesAndUnlock(PKQUEUE Queue, PLIST_ENTRY *EntryArray, ULONG Taken,
                                   ULONG Count)
{
    PLIST_ENTRY First = NULL;
    ULONG n = KiDetachEntries(Queue, Count - Taken, &First);
    KiUnlockQueue(Queue);
    KiCollectEntries(First, n, EntryArray + Taken);
    return Taken + n;
}

static ULONG KiQueueStatus(PLIST_ENTRY *EntryArray, NTSTATUS Status)
{
    EntryArray[0] = (PLIST_ENTRY)(ULONG_PTR)(ULONG)Status;
    return 1;
}

/* The thread is active again on Queue after a wait ended without an entry. */
static VOID KiQueueReactivate(PKTHREAD Thread, PKQUEUE Queue)
{
    KiLockQueue(Queue);
    if (Thread->Queue == Queue)
        Queue->CurrentCount++;
    KiUnlockQueue(Queue);
}

NTIO_EXPORT ULONG KeRemoveQueueEx(PRKQUEUE Queue, KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                  PLARGE_INTEGER Timeout, PLIST_ENTRY *EntryArray, ULONG Count)
{
    PKTHREAD Thread = KiGetCurrentThread();
    BOOLEAN Poll = Timeout != NULL && Timeout->QuadPart == 0;
    ULONG Taken;

    /* As for any wait: at DISPATCH_LEVEL only a poll. */
    if (Thread->Irql > DISPATCH_LEVEL || (Thread->Irql == DISPATCH_LEVEL && !Poll))
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Queue, Thread->Irql, 0,
                     (ULONG_PTR)__builtin_return_address(0));
    if (Count == 0)
        return 0;

    /* Association: leaving an earlier queue lets one of its waiters run. */
    PKQUEUE Previous = Thread->Queue;
    if (Previous != NULL && Previous != Queue) {
        KIRQL Old = KiLockDispatcherQuiet(Thread);
        KiUnbindThreadLocked(Thread, Previous);
        KiUnlockDispatcherQuiet(Thread, Old);
    }

    /* Fast path: an entry and room for one more active thread, or a poll. */
    KiLockQueue(Queue);
    if (Thread->Queue == Queue) {
        Queue->CurrentCount--; /* the caller is done with its last entry */
    } else {
        Thread->Queue = Queue;
        InsertTailList(&Queue->ThreadListHead, &Thread->QueueListEntry);
    }
    if (Queue->CurrentCount < Queue->MaximumCount && !IsListEmpty(&Queue->EntryListHead)) {
        Queue->CurrentCount++;
        return KiTakeEntriesAndUnlock(Queue, EntryArray, 0, Count);
    }
    if (Poll) {
        Queue->CurrentCount++;
        KiUnlockQueue(Queue);
        return KiQueueStatus(EntryArray, STATUS_TIMEOUT);
    }
    KiUnlockQueue(Queue);

    /* Slow path: wait (or wake a waiter the lowered count lets run). */
    ULONGLONG Deadline = 0;
    BOOLEAN HasDeadline = KiTimeoutToDeadline(Timeout, &Deadline);
    PKWAIT_BLOCK Block = &Thread->WaitBlock[0];
    for (;;) {
        KIRQL OldIrql = KiAcquireDispatcherLock();
        KiLockQueue(Queue);
        if (Thread->Queue != Queue) { /* run down meanwhile */
            KiUnlockQueue(Queue);
            KiReleaseDispatcherLock(OldIrql);
            return KiQueueStatus(EntryArray, STATUS_ABANDONED);
        }
        if (Queue->CurrentCount < Queue->MaximumCount && !IsListEmpty(&Queue->EntryListHead)) {
            Queue->CurrentCount++;
            PLIST_ENTRY First = NULL;
            Taken = KiDetachEntries(Queue, Count, &First);
            KiUnlockQueue(Queue);
            KiReleaseDispatcherLock(OldIrql);
            KiCollectEntries(First, Taken, EntryArray);
            return Taken;
        }
        NTSTATUS Status = STATUS_SUCCESS;
        if (Alertable && WaitMode == UserMode && Thread->UserApcPending)
            Status = STATUS_USER_APC;
        else if (Poll || (HasDeadline && Deadline <= KiMonotonicNs()))
            Status = STATUS_TIMEOUT;
        if (Status != STATUS_SUCCESS) {
            Queue->CurrentCount++;
            KiUnlockQueue(Queue);
            KiReleaseDispatcherLock(OldIrql);
            return KiQueueStatus(EntryArray, Status);
        }
        if (Thread->KernelApcPending && !Thread->ApcInProgress &&
            KiKernelApcDeliverableAt(Thread, OldIrql, TRUE)) {
            KiUnlockQueue(Queue);
            KiReleaseDispatcherLock(OldIrql);
            KiDeliverKernelApcs();
            continue;
        }

        /* Block, at the head of the wait list: last in, first out. */
        Block->Thread = Thread;
        Block->Object = Queue;
        Block->WaitKey = 0;
        Block->WaitType = WaitDequeue;
        Block->BlockState = WaitBlockActive;
        Block->NextWaitBlock = Block;
        InsertHeadList(&Queue->Header.WaitListHead, &Block->WaitListEntry);
        Thread->WaitBlockList = Block;
        Thread->WaitCount = 1;
        Thread->Alertable = (Alertable && WaitMode == UserMode);
        Thread->QueueEntry = NULL;
        Thread->WaitFutex = 0;
        KiUnlockQueue(Queue);
        KiReleaseDispatcherLock(OldIrql);

        for (;;) {
            /* The raw sleep: this wait does its own accounting. */
            int r = KiFutexWaitRaw(&Thread->WaitFutex, 0, HasDeadline ? &Deadline : NULL);
            if (__atomic_load_n(&Thread->WaitFutex, __ATOMIC_ACQUIRE)) {
                /* Let the waker leave the dispatcher lock (see KiWaitOnce). */
                KiReleaseDispatcherLock(KiAcquireDispatcherLock());
                Status = Thread->WaitStatus;
                break;
            }
            if (r == 0)
                continue; /* spurious */
            OldIrql = KiAcquireDispatcherLock();
            if (!Thread->WaitFutex) {
                if (Block->BlockState == WaitBlockActive) {
                    RemoveEntryList(&Block->WaitListEntry);
                    Block->BlockState = WaitBlockInactive;
                }
                Thread->WaitCount = 0;
                Thread->Alertable = FALSE;
                KiQueueReactivate(Thread, Queue);
                KiReleaseDispatcherLock(OldIrql);
                return KiQueueStatus(EntryArray, STATUS_TIMEOUT);
            }
            KiReleaseDispatcherLock(OldIrql);
            Status = Thread->WaitStatus;
            break;
        }

        switch (Status) {
        case STATUS_SUCCESS: {
            /* Handed an entry (and counted active by the inserter); take
             * more if the caller wants them. */
            PLIST_ENTRY Entry = Thread->QueueEntry;
            Entry->Flink = NULL;
            EntryArray[0] = Entry;
            Taken = 1;
            if (Count > 1) {
                KiLockQueue(Queue);
                Taken = KiTakeEntriesAndUnlock(Queue, EntryArray, 1, Count);
            }
            return Taken;
        }
        case STATUS_KERNEL_APC:
            KiDeliverKernelApcs();
            continue; /* and wait again */
        case STATUS_ABANDONED:
            return KiQueueStatus(EntryArray, STATUS_ABANDONED); /* run down */
        default: /* STATUS_USER_APC */
            KiQueueReactivate(Thread, Queue);
            return KiQueueStatus(EntryArray, Status);
        }
    }
}

NTIO_EXPORT PLIST_ENTRY KeRemoveQueue(PRKQUEUE Queue, KPROCESSOR_MODE WaitMode,
                                      PLARGE_INTEGER Timeout)
{
    PLIST_ENTRY Entry;
    KeRemoveQueueEx(Queue, WaitMode, FALSE, Timeout, &Entry, 1);
    return Entry;
}

NTIO_EXPORT PLIST_ENTRY KeRundownQueue(PRKQUEUE Queue)
{
    PLIST_ENTRY First = NULL;
    KIRQL OldIrql = KiAcquireDispatcherLock();
    KiLockQueue(Queue);
    if (!IsListEmpty(&Queue->EntryListHead)) {
        /* Unlink the head: the entries stay a circular list of their own. */
        First = Queue->EntryListHead.Flink;
        RemoveEntryList(&Queue->EntryListHead);
        InitializeListHead(&Queue->EntryListHead);
    }
    Queue->Header.SignalState = 0;
    while (!IsListEmpty(&Queue->ThreadListHead)) {
        PLIST_ENTRY E = RemoveHeadList(&Queue->ThreadListHead);
        PKTHREAD Thread = CONTAINING_RECORD(E, KTHREAD, QueueListEntry);
        InitializeListHead(&Thread->QueueListEntry);
        Thread->Queue = NULL;
    }
    Queue->CurrentCount = 0;
    /* Waiting removers give up; waits on the queue as an object go on. */
    for (PKWAIT_BLOCK Block; (Block = KiFirstQueueWaiter(Queue)) != NULL;)
        KiUnwaitThread(Block->Thread, STATUS_ABANDONED);
    KiUnlockQueue(Queue);
    KiReleaseDispatcherLock(OldIrql);
    return First;
}

/* For a pool of threads serving Queue (ex/worker.c grows its pools with
 * it): how many of the queued entries no waiting remover will take, that
 * is the entries minus the KeRemoveQueue waiters (0 if the waiters are
 * enough).  A waiter held back by the concurrency value counts: it takes an
 * entry as soon as an active thread blocks.  A snapshot; the dispatcher
 * lock only when there are both entries and waiters to count. */
LONG KiQueueEntriesWithoutRemover(PKQUEUE Queue)
{
    KiLockQueue(Queue);
    LONG Entries = Queue->Header.SignalState;
    BOOLEAN Waiters = !IsListEmpty(&Queue->Header.WaitListHead);
    KiUnlockQueue(Queue);
    if (Entries <= 0 || !Waiters)
        return Entries > 0 ? Entries : 0;

    /* The wait list changes under the dispatcher lock (see the top). */
    KIRQL OldIrql = KiAcquireDispatcherLock();
    KiLockQueue(Queue);
    Entries = Queue->Header.SignalState;
    PLIST_ENTRY Head = &Queue->Header.WaitListHead;
    for (PLIST_ENTRY E = Head->Flink; E != Head && Entries > 0; E = E->Flink)
        if (CONTAINING_RECORD(E, KWAIT_BLOCK, WaitListEntry)->WaitType == WaitDequeue)
            Entries--;
    KiUnlockQueue(Queue);
    KiReleaseDispatcherLock(OldIrql);
    return Entries > 0 ? Entries : 0;
}
