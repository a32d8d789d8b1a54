/*
 * ex/worker.c - system worker threads: ExQueueWorkItem.
 *
 * One FIFO per work queue type (Critical, Delayed, HyperCritical, Normal,
 * Background, RealTime, SuperCritical; a CustomPriorityWorkQueue + n item
 * goes to the queue of the nearest priority), each served by a small pool
 * of system threads of the System process that run the items at
 * PASSIVE_LEVEL.  A pool starts empty and grows, up to
 * EXP_MAXIMUM_WORKERS, when an item arrives and no worker of the queue is
 * idle, so an item that blocks does not hold up the ones behind it.
 * Workers never exit.  Linux schedules them all alike: the queue types
 * keep their items apart but do not give them different priorities.
 *
 * Idle workers wait each on its own futex word, most recently idle first
 * (its stack and cache are warm); queueing an item claims one and wakes
 * exactly that one, and makes no system call when none is idle.
 *
 * ExQueueWorkItem validates; ExpQueueWorkItemInternal and the worker loop
 * are the engine, to be replaced by kernel queues (KQUEUE) with
 * concurrency control.
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

typedef struct _EXP_WORK_QUEUE EXP_WORK_QUEUE, *PEXP_WORK_QUEUE;

/* A worker thread; lives on the worker's own stack (workers never exit). */
typedef struct _EXP_WORKER {
    LIST_ENTRY IdleLink;            /* in Queue->IdleList while idle (queue lock) */
    volatile int WakeWord;          /* 0 while idle; 1 once a queuer claimed it */
    PEXP_WORK_QUEUE Queue;
} EXP_WORKER, *PEXP_WORKER;

struct _EXP_WORK_QUEUE {
    /* Lock guards ItemList (and the List links of the items in it),
     * IdleList and WorkerCount. */
    KSPIN_LOCK Lock;
    LIST_ENTRY ItemList;            /* WORK_QUEUE_ITEM.List, oldest first */
    LIST_ENTRY IdleList;            /* EXP_WORKER.IdleLink, most recently idle first */
    ULONG WorkerCount;              /* workers started or being started */
    WORK_QUEUE_TYPE Type;
};

static EXP_WORK_QUEUE ExpWorkQueues[MaximumWorkQueue];
static pthread_once_t ExpWorkQueuesOnce = PTHREAD_ONCE_INIT;

static const char *const ExpWorkQueueNames[MaximumWorkQueue] = {
    "critical", "delayed", "hypercrit", "normal", "backgrnd", "realtime", "supercrit",
};

static void ExpWorkerAtForkChild(void);

static void ExpInitializeWorkQueues(void)
{
    for (ULONG i = 0; i < MaximumWorkQueue; i++) {
        KeInitializeSpinLock(&ExpWorkQueues[i].Lock);
        InitializeListHead(&ExpWorkQueues[i].ItemList);
        InitializeListHead(&ExpWorkQueues[i].IdleList);
        ExpWorkQueues[i].WorkerCount = 0;
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
    EXP_WORKER Worker = { .Queue = Argument };
    PEXP_WORK_QUEUE Queue = Worker.Queue;
    PKTHREAD Thread = KiGetCurrentThread();

    for (;;) {
        KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Queue->Lock);
        if (IsListEmpty(&Queue->ItemList)) {
            Worker.WakeWord = 0;
            InsertHeadList(&Queue->IdleList, &Worker.IdleLink);
            KeReleaseSpinLock(&Queue->Lock, OldIrql);
            while (__atomic_load_n(&Worker.WakeWord, __ATOMIC_ACQUIRE) == 0)
                KiFutexWait(&Worker.WakeWord, 0, NULL);
            continue;
        }
        PWORK_QUEUE_ITEM Item = CONTAINING_RECORD(RemoveHeadList(&Queue->ItemList),
                                                  WORK_QUEUE_ITEM, List);
        PWORKER_THREAD_ROUTINE Routine = Item->WorkerRoutine;
        PVOID Parameter = Item->Parameter;
        /* No longer queued: the routine may queue the item again or free it. */
        Item->List.Flink = NULL;
        KeReleaseSpinLock(&Queue->Lock, OldIrql);

        ExpRunWorkItem(Item, Routine, Parameter, Thread);
    }
}

/* Start one more worker for Queue, whose WorkerCount already counts it. */
static VOID ExpCreateWorker(PEXP_WORK_QUEUE Queue)
{
    char Name[16];
    snprintf(Name, sizeof Name, "ntio-%s", ExpWorkQueueNames[Queue->Type]);
    int Error = KiStartSystemThread(Name, ExpWorkerThreadMain, Queue, -1);
    if (!Error)
        return;
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Queue->Lock);
    ULONG Remaining = --Queue->WorkerCount;
    KeReleaseSpinLock(&Queue->Lock, OldIrql);
    /* With other workers the item still runs, only later; with none it
     * never would. */
    if (Remaining == 0) {
        fprintf(stderr, "ntio: cannot start a system worker thread (%s queue): %s\n",
                ExpWorkQueueNames[Queue->Type], strerror(Error));
        _exit(127);
    }
}

/* A forked child has none of the parent's workers: forget them, keep the
 * queued items, and start a worker for every queue that has some. */
static void ExpWorkerAtForkChild(void)
{
    for (ULONG i = 0; i < MaximumWorkQueue; i++) {
        PEXP_WORK_QUEUE Queue = &ExpWorkQueues[i];
        Queue->Lock = 0;
        InitializeListHead(&Queue->IdleList);
        Queue->WorkerCount = 0;
        if (!IsListEmpty(&Queue->ItemList)) {
            Queue->WorkerCount = 1;
            ExpCreateWorker(Queue);
        }
    }
}

/* ------------------------------------------------------------ the engine */

/* Queue an already validated item on work queue Index (< MaximumWorkQueue). */
static VOID ExpQueueWorkItemInternal(PWORK_QUEUE_ITEM WorkItem, ULONG Index,
                                     WORK_QUEUE_TYPE QueueType)
{
    PEXP_WORK_QUEUE Queue = &ExpWorkQueues[Index];
    PEXP_WORKER Woken = NULL;
    BOOLEAN Grow = FALSE;

    pthread_once(&ExpWorkQueuesOnce, ExpInitializeWorkQueues);
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Queue->Lock);
    /* Queued and not yet picked up by a worker: queueing it again would
     * corrupt the queue.  Checked under the lock, so two racing queuers
     * of the same item cannot both get through. */
    if (WorkItem->List.Flink != NULL)
        KeBugCheckEx(WORKER_INVALID, 1, (ULONG_PTR)WorkItem, QueueType, 0);
    InsertTailList(&Queue->ItemList, &WorkItem->List);
    if (!IsListEmpty(&Queue->IdleList)) {
        Woken = CONTAINING_RECORD(RemoveHeadList(&Queue->IdleList), EXP_WORKER, IdleLink);
        __atomic_store_n(&Woken->WakeWord, 1, __ATOMIC_RELEASE);
    } else if (Queue->WorkerCount < EXP_MAXIMUM_WORKERS) {
        Queue->WorkerCount++;
        Grow = TRUE;
    }
    KeReleaseSpinLock(&Queue->Lock, OldIrql);
    if (Woken)
        KiFutexWake(&Woken->WakeWord, 1);
    if (Grow)
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
