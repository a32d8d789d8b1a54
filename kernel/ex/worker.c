/*
 * ex/worker.c - system worker threads: ExQueueWorkItem.
 *
 * As in Windows, each work queue type (Critical, Delayed, HyperCritical,
 * Normal, Background, RealTime, SuperCritical; a CustomPriorityWorkQueue +
 * n item goes to the queue of the nearest priority) is a kernel queue
 * (KQUEUE, ke/queue.c) whose concurrency value is the number of
 * processors, and its workers are system threads of the System process
 * that loop on KeRemoveQueue and run the items at PASSIVE_LEVEL.  An item's
 * List is its queue entry.  The kernel queue gives the concurrency
 * control: no more workers of a queue run at once than there are
 * processors, and when one blocks in any ntio wait it stops counting, so a
 * waiting worker takes the next item; the one that waited last goes first
 * (its stack and cache are warm).  Queueing an item makes no system call
 * when no worker waits (KeInsertQueue's fast path) and wakes exactly one
 * when one does (it is handed the item).
 *
 * A pool starts empty and grows, up to EXP_MAXIMUM_WORKERS, when an item
 * is queued that no waiting worker will take (KiQueueEntriesWithoutRemover,
 * less the workers still starting), so an item that blocks does not hold up
 * the ones behind it; Windows' balance set manager adds such "dynamic"
 * workers once a second, here it happens at once.  Workers never exit.
 * Linux schedules them all alike: the queue types keep their items apart
 * but do not give them different priorities.
 *
 * ExQueueWorkItem validates; ExpQueueWorkItemInternal and the worker loop
 * are the engine.
 */
#include "ex.h"
#include "ke/ke.h"
#include "ke/except.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define WORKER_THREAD_RETURNED_AT_BAD_IRQL 0x000000E1
#define WORKER_INVALID 0x000000E4


#define EXP_MAXIMUM_WORKERS 16
#define EXP_CUSTOM_PRIORITY_LIMIT 32 /* KPRIORITY 0..31 */

typedef struct _EXP_WORK_QUEUE {
    /* The items (WORK_QUEUE_ITEM.List), oldest first, and the workers
     * associated with it.  Its own lock guards it (ke/queue.c). */
    KQUEUE Queue;
    /* Atomic.  WorkerCount: workers started or being started (never more
     * than EXP_MAXIMUM_WORKERS); Starting: those of them that have not yet
     * called KeRemoveQueue, and will each take an item or wait for one. */
    volatile LONG WorkerCount;
    volatile LONG Starting;
    WORK_QUEUE_TYPE Type;
} EXP_WORK_QUEUE, *PEXP_WORK_QUEUE;

static EXP_WORK_QUEUE ExpWorkQueues[MaximumWorkQueue];
static pthread_once_t ExpWorkQueuesOnce = PTHREAD_ONCE_INIT;

static const char *const ExpWorkQueueNames[MaximumWorkQueue] = {
    "critical", "delayed", "hypercrit", "normal", "backgrnd", "realtime", "supercrit",
};

static void ExpWorkerAtForkChild(void);

static void ExpInitializeWorkQueues(void)
{
    for (ULONG i = 0; i < MaximumWorkQueue; i++) {
        KeInitializeQueue(&ExpWorkQueues[i].Queue, 0); /* as many as processors */
        ExpWorkQueues[i].WorkerCount = 0;
        ExpWorkQueues[i].Starting = 0;
        ExpWorkQueues[i].Type = (WORK_QUEUE_TYPE)i;
    }
    pthread_atfork(NULL, NULL, ExpWorkerAtForkChild);
}

/* ---------------------------------------------------------- the workers */

/* Run one item the way Windows' worker loop does, with its check. */
static VOID ExpRunWorkItem(PWORK_QUEUE_ITEM Item, PWORKER_THREAD_ROUTINE Routine, PVOID Parameter,
                           PKTHREAD Thread)
{
    Routine(Parameter);
    /* Returning at raised IRQL (a spin lock still held, a KeRaiseIrql not
     * undone) would run the next item, someone else's, at that IRQL. */
    KIRQL Irql = Thread->Irql;
    if (Irql != PASSIVE_LEVEL)
        KeBugCheckEx(WORKER_THREAD_RETURNED_AT_BAD_IRQL, (ULONG_PTR)Routine, Irql,
                     (ULONG_PTR)Parameter, (ULONG_PTR)Item);
}

static VOID ExpWorkerThreadMain(PVOID Argument)
{
    PEXP_WORK_QUEUE Queue = Argument;
    PKTHREAD Thread = KiGetCurrentThread();

    /* From here on this worker takes an item or waits for one. */
    __atomic_sub_fetch(&Queue->Starting, 1, __ATOMIC_SEQ_CST);
    for (;;) {
        /* Also tells the queue that the previous item is done. */
        PLIST_ENTRY Entry = KeRemoveQueue(&Queue->Queue, KernelMode, NULL);
        /* No timeout, never run down, not alertable: only an entry comes
         * back (its Flink set to NULL: no longer queued, the routine may
         * queue the item again or free it), never a status. */
        if (Entry == (PLIST_ENTRY)(ULONG_PTR)(ULONG)STATUS_TIMEOUT ||
            Entry == (PLIST_ENTRY)(ULONG_PTR)(ULONG)STATUS_ABANDONED ||
            Entry == (PLIST_ENTRY)(ULONG_PTR)(ULONG)STATUS_USER_APC)
            continue;
        PWORK_QUEUE_ITEM Item = CONTAINING_RECORD(Entry, WORK_QUEUE_ITEM, List);
        ExpRunWorkItem(Item, Item->WorkerRoutine, Item->Parameter, Thread);
    }
}

/* Start one more worker for Queue, whose WorkerCount and Starting already
 * count it. */
static VOID ExpCreateWorker(PEXP_WORK_QUEUE Queue)
{
    char Name[16];
    snprintf(Name, sizeof Name, "ntio-%s", ExpWorkQueueNames[Queue->Type]);
    int Error = KiStartSystemThread(Name, ExpWorkerThreadMain, Queue, -1);
    if (!Error)
        return;
    __atomic_sub_fetch(&Queue->Starting, 1, __ATOMIC_SEQ_CST);
    LONG Remaining = __atomic_sub_fetch(&Queue->WorkerCount, 1, __ATOMIC_SEQ_CST);
    /* With other workers the item still runs, only later; with none it
     * never would. */
    if (Remaining == 0) {
        fprintf(stderr, "ntio: cannot start a system worker thread (%s queue): %s\n",
                ExpWorkQueueNames[Queue->Type], strerror(Error));
        _exit(127);
    }
}

/* Count one more worker for Queue if it may have one; TRUE if so. */
static BOOLEAN ExpClaimWorker(PEXP_WORK_QUEUE Queue)
{
    LONG Count = __atomic_load_n(&Queue->WorkerCount, __ATOMIC_RELAXED);
    do {
        if (Count >= EXP_MAXIMUM_WORKERS)
            return FALSE;
    } while (!__atomic_compare_exchange_n(&Queue->WorkerCount, &Count, Count + 1, TRUE,
                                          __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
    __atomic_add_fetch(&Queue->Starting, 1, __ATOMIC_SEQ_CST);
    return TRUE;
}

/* A forked child has none of the parent's workers, but the kernel queues
 * still list them as associated and waiting: start the queues afresh with
 * the items they held, and start workers for them. */
static void ExpWorkerAtForkChild(void)
{
    for (ULONG i = 0; i < MaximumWorkQueue; i++) {
        PEXP_WORK_QUEUE Queue = &ExpWorkQueues[i];
        PKQUEUE Kq = &Queue->Queue;
        LONG Items = Kq->Header.SignalState;
        PLIST_ENTRY First = NULL;
        if (Items > 0 && !IsListEmpty(&Kq->EntryListHead)) {
            /* Unlink the head: the items stay a circular list of their own. */
            First = Kq->EntryListHead.Flink;
            RemoveEntryList(&Kq->EntryListHead);
        }
        KeInitializeQueue(Kq, 0);
        Queue->WorkerCount = 0;
        Queue->Starting = 0;
        if (!First)
            continue;
        PLIST_ENTRY Entry = First;
        do {
            PLIST_ENTRY Next = Entry->Flink;
            KeInsertQueue(Kq, Entry); /* nobody waits: no wake-up */
            Entry = Next;
        } while (Entry != First);
        /* One worker per item (up to the limit), as queueing them here
         * would have started: one of them may wait for another. */
        for (LONG n = 0; n < Items && ExpClaimWorker(Queue); n++)
            ExpCreateWorker(Queue);
    }
}

/* ------------------------------------------------------------ the engine */

/* Queue an already validated item on work queue Index (< MaximumWorkQueue). */
static VOID ExpQueueWorkItemInternal(PWORK_QUEUE_ITEM WorkItem, ULONG Index,
                                     WORK_QUEUE_TYPE QueueType)
{
    PEXP_WORK_QUEUE Queue = &ExpWorkQueues[Index];

    pthread_once(&ExpWorkQueuesOnce, ExpInitializeWorkQueues);
    /* Queued and not yet taken by a worker (List.Flink is not NULL):
     * queueing it again would corrupt the queue.  Claimed with a compare-
     * exchange (the marker stays until KeInsertQueue links the item, or,
     * when it hands the item straight to a waiting worker, until
     * KeRemoveQueue sets it back to NULL), so two racing queuers of the
     * same item cannot both get through. */
    PLIST_ENTRY Expected = NULL;
    if (!__atomic_compare_exchange_n(&WorkItem->List.Flink, &Expected,
                                     &Queue->Queue.EntryListHead, FALSE, __ATOMIC_ACQUIRE,
                                     __ATOMIC_RELAXED))
        KeBugCheckEx(WORKER_INVALID, 1, (ULONG_PTR)WorkItem, QueueType, 0);
    KeInsertQueue(&Queue->Queue, &WorkItem->List);

    /* Grow the pool if no waiting worker will take the item.  Starting is
     * read after the queue: a worker that starts waiting in between is
     * then counted in neither (one worker too many at worst), never in
     * both (one too few: an item could wait forever behind blocked ones). */
    LONG Unserved = KiQueueEntriesWithoutRemover(&Queue->Queue);
    if (Unserved > __atomic_load_n(&Queue->Starting, __ATOMIC_SEQ_CST) && ExpClaimWorker(Queue))
        ExpCreateWorker(Queue);
}

/* The queue serving QueueType, or MaximumWorkQueue if QueueType is invalid. */
static ULONG ExpWorkQueueIndex(WORK_QUEUE_TYPE QueueType)
{
    if ((ULONG)QueueType < MaximumWorkQueue)
        return (ULONG)QueueType;
    if ((ULONG)QueueType < CustomPriorityWorkQueue ||
        (ULONG)QueueType >= CustomPriorityWorkQueue + EXP_CUSTOM_PRIORITY_LIMIT)
        return MaximumWorkQueue;
    /* A custom priority goes to the standard queue nearest to it:
     * Background 7, Normal 8, Delayed 12, Critical 13, SuperCritical 14,
     * HyperCritical 15, RealTime 18. */
    ULONG Priority = (ULONG)QueueType - CustomPriorityWorkQueue;
    if (Priority <= 7)
        return BackgroundWorkQueue;
    if (Priority <= 10)
        return NormalWorkQueue;
    if (Priority <= 12)
        return DelayedWorkQueue;
    if (Priority == 13)
        return CriticalWorkQueue;
    if (Priority == 14)
        return SuperCriticalWorkQueue;
    if (Priority <= 16)
        return HyperCriticalWorkQueue;
    return RealTimeWorkQueue;
}

NTIO_EXPORT VOID ExQueueWorkItem(PWORK_QUEUE_ITEM WorkItem, WORK_QUEUE_TYPE QueueType)
{
    /* A NULL item faults on Windows: an access violation in kernel mode. */
    if (!WorkItem)
        KiRaiseStatusWithInformation(STATUS_ACCESS_VIOLATION, 2, 0 /* read */,
                                     FIELD_OFFSET(WORK_QUEUE_ITEM, WorkerRoutine),
                                     __builtin_return_address(0));
    ULONG Index = ExpWorkQueueIndex(QueueType);
    if (Index == MaximumWorkQueue)
        KeBugCheckEx(WORKER_INVALID, 6, (ULONG_PTR)WorkItem, QueueType, 0);
    /* An item ExInitializeWorkItem never saw (zeroed memory) has no routine. */
    if (WorkItem->WorkerRoutine == NULL)
        KeBugCheckEx(WORKER_INVALID, 7, (ULONG_PTR)WorkItem, QueueType, 0);
    ExpQueueWorkItemInternal(WorkItem, Index, QueueType);
}
