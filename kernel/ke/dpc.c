/*
 * ke/dpc.c - deferred procedure calls.
 *
 * Every processor has a DPC queue and a DPC thread: a system thread of the
 * System process, pinned to its processor when the host allows it, that
 * runs the queued DPCs one after another at DISPATCH_LEVEL (a threaded DPC
 * at PASSIVE_LEVEL, as Windows runs them when threaded DPCs are enabled).
 * The threads start on the first KeInsertQueueDpc.
 *
 * A DPC thread with nothing to do sleeps on its queue's futex word.  An
 * insert that finds the thread asleep wakes it (one futex wake); an insert
 * that finds it awake only links the DPC: the thread looks at the queue
 * again before it goes back to sleep, so no wake-up is lost and none is
 * made in vain.
 *
 * KeFlushQueuedDpcs puts a marker DPC at the tail of every busy queue and
 * waits for it: a queue runs in order, so the marker runs after every DPC
 * that was queued before it has returned.
 */
#include "ke.h"
#include "ke/except.h"
#include "ps/ps.h"
#include "ex/ex.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* KDPC.Type (the KOBJECTS values Windows uses for DPC objects). */
#define KI_DPC_OBJECT 0x13
#define KI_THREADED_DPC_OBJECT 0x18

/* Bug check codes. */
#define TIMER_OR_DPC_INVALID 0x000000C7
#define IRQL_UNEXPECTED_VALUE 0x000000C8

/*
 * IRQL_UNEXPECTED_VALUE's first parameter is (current IRQL << 16) |
 * (expected IRQL << 8) | a value naming the check.  Windows defines values
 * for APCs (0, 1), callouts (2) and interrupts (3); ntio reports a DPC
 * routine that returns at another IRQL than it was called at with this
 * one, and the routine, the DPC and its context as parameters 2-4.
 */
#define KI_IRQL_CHECK_DPC_ROUTINE 0x10

typedef struct DECLSPEC_ALIGN(64) _KI_DPC_QUEUE {
    /* Lock guards ListHead, Depth, Active, Sleeping, WakeWord, and the
     * DpcListEntry and DpcData of every DPC in this queue.  It may be taken
     * with the dispatcher lock held (a timer queues its DPC when it
     * expires), never the other way round. */
    KSPIN_LOCK Lock;
    LIST_ENTRY ListHead;
    ULONG Depth;                    /* DPCs in ListHead */
    BOOLEAN Active;                 /* the thread is running a DPC */
    BOOLEAN Sleeping;               /* the thread sleeps (or is about to) on WakeWord */
    volatile int WakeWord;          /* 0 while asleep; an insert sets 1 and wakes */
    ULONG Number;                   /* the processor it serves */
    PKTHREAD Thread;                /* set by the thread itself once it runs */
} KI_DPC_QUEUE, *PKI_DPC_QUEUE;

static KI_DPC_QUEUE KiDpcQueues[MAXIMUM_PROCESSORS];
static ULONG KiDpcQueueCount;       /* processors with a queue; fixed once started */
static ULONG KiProcessorCount;      /* KeQueryActiveProcessorCount, read once */

/* 0 = threads not started, 1 = starting, 2 = running.  Waiters sleep on it. */
static volatile int KiDpcThreadsState;
static BOOLEAN KiDpcQueuesInitialized;
static pthread_once_t KiDpcAtForkOnce = PTHREAD_ONCE_INIT;

/* -------------------------------------------------------- system threads */

/*
 * The DPC, timer and worker threads are started here rather than with
 * PsCreateSystemThread: they start on demand, from callers that may be at
 * DISPATCH_LEVEL or above, and must not wait for the new thread.
 */
typedef struct _KI_SYSTEM_THREAD_START {
    VOID (*Routine)(PVOID Context);
    PVOID Context;
    LONG Processor;                 /* pin to it, or -1 */
    char Name[16];
} KI_SYSTEM_THREAD_START, *PKI_SYSTEM_THREAD_START;

static void *KiSystemThreadStartup(void *Argument)
{
    KI_SYSTEM_THREAD_START Start = *(PKI_SYSTEM_THREAD_START)Argument;
    KTHREAD Startup;
    cpu_set_t Set;

    /* Stands in for the thread's KTHREAD until PspCreateThreadObject made
     * it: pool allocation looks at the current thread, and would otherwise
     * adopt this one into the application process. */
    memset(&Startup, 0, sizeof Startup);
    KiInitializeThread(&Startup, PsInitialSystemProcess, TRUE);
    KiCurrentThread = &Startup;
    ExpFreePool(Argument, 0, FALSE, NULL);
    if (!PspCreateThreadObject(PsInitialSystemProcess, TRUE)) {
        static const char Msg[] = "ntio: cannot create a system thread object: out of memory\n";
        (void)!write(2, Msg, sizeof Msg - 1);
        _exit(127);
    }
    pthread_setname_np(pthread_self(), Start.Name);
    /* The creator may be a pinned DPC thread: do not inherit its mask.  A
     * host that does not let us pin (cpuset) keeps what it allows. */
    memset(&Set, 0xff, sizeof Set);
    (void)pthread_setaffinity_np(pthread_self(), sizeof Set, &Set);
    if (Start.Processor >= 0) {
        CPU_ZERO(&Set);
        CPU_SET(Start.Processor, &Set);
        (void)pthread_setaffinity_np(pthread_self(), sizeof Set, &Set);
    }
    /* A fault in the code it runs (a DPC routine, a work routine) is a
     * fault in kernel mode: a bug check. */
    KiEnterKernel();
    Start.Routine(Start.Context);
    return NULL;
}

/*
 * Start a system thread of the System process running Routine(Context)
 * in kernel mode at PASSIVE_LEVEL, named Name, pinned to Processor unless
 * it is -1.  Any IRQL.  Returns 0 or the pthread_create error.
 */
int KiStartSystemThread(PCSTR Name, VOID (*Routine)(PVOID), PVOID Context, LONG Processor)
{
    PKI_SYSTEM_THREAD_START Start =
        ExpAllocatePool(NonPagedPool, sizeof *Start, TAG('K', 'i', 'S', 't'), NULL);
    pthread_attr_t Attr;
    pthread_t Posix;

    if (!Start)
        return ENOMEM;
    Start->Routine = Routine;
    Start->Context = Context;
    Start->Processor = Processor;
    snprintf(Start->Name, sizeof Start->Name, "%s", Name);
    pthread_attr_init(&Attr);
    pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
    int Error = pthread_create(&Posix, &Attr, KiSystemThreadStartup, Start);
    pthread_attr_destroy(&Attr);
    if (Error)
        ExpFreePool(Start, 0, FALSE, NULL);
    return Error;
}

/* ------------------------------------------------------------ DPC thread */

/* The number of processors does not change while ntio runs; asking the
 * host each time would cost a file read. */
static ULONG KiQueryProcessorCount(VOID)
{
    ULONG Count = __atomic_load_n(&KiProcessorCount, __ATOMIC_RELAXED);
    if (!Count) {
        Count = KeQueryActiveProcessorCount(NULL);
        __atomic_store_n(&KiProcessorCount, Count, __ATOMIC_RELAXED);
    }
    return Count;
}

static VOID KiRunDpc(PKDPC Dpc, PKDEFERRED_ROUTINE Routine, PVOID Context, PVOID Argument1,
                     PVOID Argument2, BOOLEAN Threaded, PKTHREAD Thread)
{
    KIRQL Expected = Threaded ? PASSIVE_LEVEL : DISPATCH_LEVEL;
    ULONG ApcDisable = (ULONG)(USHORT)Thread->KernelApcDisable |
                       ((ULONG)(USHORT)Thread->SpecialApcDisable << 16);

    Thread->Irql = Expected;
    Routine(Dpc, Context, Argument1, Argument2);

    /* Lowering (or raising and not restoring) the IRQL inside a DPC
     * routine corrupts every DPC that runs after it: stop here, naming it. */
    KIRQL Irql = Thread->Irql;
    if (Irql != Expected)
        KeBugCheckEx(IRQL_UNEXPECTED_VALUE,
                     ((ULONG_PTR)Irql << 16) | ((ULONG_PTR)Expected << 8) | KI_IRQL_CHECK_DPC_ROUTINE,
                     (ULONG_PTR)Routine, (ULONG_PTR)Dpc, (ULONG_PTR)Context);
    /* Windows checks that the routine left the APC disable count alone. */
    ULONG After = (ULONG)(USHORT)Thread->KernelApcDisable |
                  ((ULONG)(USHORT)Thread->SpecialApcDisable << 16);
    if (After != ApcDisable)
        KeBugCheckEx(TIMER_OR_DPC_INVALID, 4, (ULONG_PTR)Routine, ApcDisable, After);
    Thread->Irql = PASSIVE_LEVEL;
}

static VOID KiDpcThreadMain(PVOID Argument)
{
    PKI_DPC_QUEUE Queue = Argument;
    PKTHREAD Thread = KiGetCurrentThread();

    __atomic_store_n(&Queue->Thread, Thread, __ATOMIC_RELEASE);

    for (;;) {
        KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Queue->Lock);
        Queue->Active = FALSE;
        if (IsListEmpty(&Queue->ListHead)) {
            /* Nothing to do: announce the sleep under the lock, so an insert
             * either sees Sleeping and wakes us, or comes before and is
             * found on the list next time round. */
            Queue->Sleeping = TRUE;
            Queue->WakeWord = 0;
            KeReleaseSpinLock(&Queue->Lock, OldIrql);
            while (__atomic_load_n(&Queue->WakeWord, __ATOMIC_ACQUIRE) == 0)
                KiFutexWait(&Queue->WakeWord, 0, NULL);
            continue;
        }
        PLIST_ENTRY Entry = RemoveHeadList(&Queue->ListHead);
        PKDPC Dpc = CONTAINING_RECORD(Entry, KDPC, DpcListEntry);
        PKDEFERRED_ROUTINE Routine = Dpc->DeferredRoutine;
        PVOID Context = Dpc->DeferredContext;
        PVOID Argument1 = Dpc->SystemArgument1;
        PVOID Argument2 = Dpc->SystemArgument2;
        BOOLEAN Threaded = Dpc->Type == KI_THREADED_DPC_OBJECT;
        /* Dequeued: from here on the DPC may be queued again, even by its
         * own routine, and the driver may free it after the routine. */
        Dpc->DpcData = NULL;
        Queue->Depth--;
        Queue->Active = TRUE;
        KeReleaseSpinLock(&Queue->Lock, OldIrql);

        KiRunDpc(Dpc, Routine, Context, Argument1, Argument2, Threaded, Thread);
    }
}

static void KiDpcAtForkChild(void);

static void KiRegisterDpcAtFork(void)
{
    pthread_atfork(NULL, NULL, KiDpcAtForkChild);
}

static VOID KiCreateDpcThreads(VOID)
{
    for (ULONG i = 0; i < KiDpcQueueCount; i++) {
        char Name[24];
        /* A DPC runs on its processor on Windows; drivers that index
         * per-processor data with KeGetCurrentProcessorNumber rely on it. */
        snprintf(Name, sizeof Name, "ntio-dpc/%u", i);
        int Error = KiStartSystemThread(Name, KiDpcThreadMain, &KiDpcQueues[i], (LONG)i);
        if (Error) {
            /* Without its thread a queue's DPCs would never run. */
            fprintf(stderr, "ntio: cannot start the DPC thread of processor %u: %s\n", i,
                    strerror(Error));
            _exit(127);
        }
    }
}

/* Start the DPC threads unless they run already.  Any thread (any IRQL)
 * may call it; the first one starts them, the others wait for it. */
static VOID KiStartDpcThreads(VOID)
{
    if (__builtin_expect(__atomic_load_n(&KiDpcThreadsState, __ATOMIC_ACQUIRE) == 2, 1))
        return;
    int Expected = 0;
    if (!__atomic_compare_exchange_n(&KiDpcThreadsState, &Expected, 1, 0, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(&KiDpcThreadsState, __ATOMIC_ACQUIRE) != 2)
            KiFutexWait(&KiDpcThreadsState, 1, NULL);
        return;
    }
    pthread_once(&KiDpcAtForkOnce, KiRegisterDpcAtFork);
    if (!KiDpcQueuesInitialized) {
        KiDpcQueueCount = KiQueryProcessorCount();
        for (ULONG i = 0; i < KiDpcQueueCount; i++) {
            KeInitializeSpinLock(&KiDpcQueues[i].Lock);
            InitializeListHead(&KiDpcQueues[i].ListHead);
            KiDpcQueues[i].Number = i;
        }
        KiDpcQueuesInitialized = TRUE;
    }
    KiCreateDpcThreads();
    __atomic_store_n(&KiDpcThreadsState, 2, __ATOMIC_RELEASE);
    KiFutexWake(&KiDpcThreadsState, 0x7fffffff);
}

/* A forked child has none of the parent's threads.  Its queues keep what
 * was queued (and the locks are free: only one thread runs in the child);
 * the DPC threads start again at once if there is work, else on demand. */
static void KiDpcAtForkChild(void)
{
    BOOLEAN Pending = FALSE;
    if (__atomic_load_n(&KiDpcThreadsState, __ATOMIC_ACQUIRE) == 0)
        return;
    for (ULONG i = 0; i < KiDpcQueueCount; i++) {
        PKI_DPC_QUEUE Queue = &KiDpcQueues[i];
        Queue->Lock = 0;
        Queue->Active = FALSE;
        Queue->Sleeping = FALSE;
        Queue->WakeWord = 0;
        Queue->Thread = NULL;
        Pending |= !IsListEmpty(&Queue->ListHead);
    }
    KiDpcThreadsState = 0;
    if (Pending)
        KiStartDpcThreads();
}

/* --------------------------------------------------------------- queueing */

static DECLSPEC_NORETURN VOID KiNullDpc(PVOID Caller)
{
    /* What a NULL KDPC does on Windows: an access violation in kernel mode
     * (caught by a __try, else a bug check). */
    KiRaiseStatusWithInformation(STATUS_ACCESS_VIOLATION, 2, 0 /* read */,
                                 FIELD_OFFSET(KDPC, DpcData), Caller);
}

static VOID KiAssertDpc(PKDPC Dpc)
{
    /* ASSERT_DPC of a checked kernel: an uninitialized KDPC. */
    if (Dpc->Type != KI_DPC_OBJECT && Dpc->Type != KI_THREADED_DPC_OBJECT)
        RtlAssert((PVOID)"Dpc->Type == DpcObject || Dpc->Type == ThreadedDpcObject",
                  (PVOID)__FILE__, __LINE__, (PSTR)"KDPC not initialized by KeInitializeDpc:");
}

static PKI_DPC_QUEUE KiSelectDpcQueue(PKDPC Dpc)
{
    ULONG Number = __atomic_load_n(&Dpc->Number, __ATOMIC_RELAXED);
    if (Number >= MAXIMUM_PROCESSORS)
        Number -= MAXIMUM_PROCESSORS; /* targeted by KeSetTargetProcessorDpc */
    else
        Number = KeGetCurrentProcessorNumber();
    return &KiDpcQueues[Number % KiDpcQueueCount];
}

/* Link Dpc into Queue.  Returns FALSE if it is in a queue already. */
static BOOLEAN KiInsertDpc(PKI_DPC_QUEUE Queue, PKDPC Dpc, PVOID SystemArgument1,
                           PVOID SystemArgument2)
{
    BOOLEAN Inserted = FALSE, Wake = FALSE;
    KIRQL OldIrql;

    /* Callable at any IRQL: go to HIGH_LEVEL, as Windows does, so that the
     * queue lock can be taken whatever the caller's level. */
    KfRaiseIrql(HIGH_LEVEL, &OldIrql);
    KeAcquireSpinLockAtDpcLevel(&Queue->Lock);
    if (Dpc->DpcData == NULL) {
        Dpc->DpcData = Queue;
        Dpc->SystemArgument1 = SystemArgument1;
        Dpc->SystemArgument2 = SystemArgument2;
        if (Dpc->Importance == HighImportance)
            InsertHeadList(&Queue->ListHead, &Dpc->DpcListEntry);
        else
            InsertTailList(&Queue->ListHead, &Dpc->DpcListEntry);
        Queue->Depth++;
        Inserted = TRUE;
        /* LowImportance would wait for the next clock tick on Windows;
         * ntio has no tick, so every importance starts the queue. */
        if (Queue->Sleeping) {
            Queue->Sleeping = FALSE;
            __atomic_store_n(&Queue->WakeWord, 1, __ATOMIC_RELEASE);
            Wake = TRUE;
        }
    }
    KeReleaseSpinLockFromDpcLevel(&Queue->Lock);
    KeLowerIrql(OldIrql);
    if (Wake)
        KiFutexWake(&Queue->WakeWord, 1);
    return Inserted;
}

static VOID KiInitializeDpc(PKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext,
                            UCHAR Type)
{
    Dpc->Type = Type;
    Dpc->Importance = MediumImportance;
    Dpc->Number = 0;
    Dpc->DpcListEntry.Flink = Dpc->DpcListEntry.Blink = NULL;
    Dpc->DeferredRoutine = DeferredRoutine;
    Dpc->DeferredContext = DeferredContext;
    Dpc->SystemArgument1 = Dpc->SystemArgument2 = NULL;
    Dpc->DpcData = NULL;
}

NTIO_EXPORT VOID KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine,
                                 PVOID DeferredContext)
{
    KiInitializeDpc(Dpc, DeferredRoutine, DeferredContext, KI_DPC_OBJECT);
}

NTIO_EXPORT VOID KeInitializeThreadedDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine,
                                         PVOID DeferredContext)
{
    KiInitializeDpc(Dpc, DeferredRoutine, DeferredContext, KI_THREADED_DPC_OBJECT);
}

NTIO_EXPORT BOOLEAN KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2)
{
    if (!Dpc)
        KiNullDpc(__builtin_return_address(0));
    KiAssertDpc(Dpc);
    KiStartDpcThreads();
    return KiInsertDpc(KiSelectDpcQueue(Dpc), Dpc, SystemArgument1, SystemArgument2);
}

NTIO_EXPORT BOOLEAN KeRemoveQueueDpc(PRKDPC Dpc)
{
    BOOLEAN Removed = FALSE;
    KIRQL OldIrql;

    if (!Dpc)
        KiNullDpc(__builtin_return_address(0));
    KiAssertDpc(Dpc);
    PKI_DPC_QUEUE Queue = __atomic_load_n(&Dpc->DpcData, __ATOMIC_ACQUIRE);
    if (!Queue)
        return FALSE;
    KfRaiseIrql(HIGH_LEVEL, &OldIrql);
    KeAcquireSpinLockAtDpcLevel(&Queue->Lock);
    /* Still in that queue?  The thread may have taken it meanwhile: then
     * the routine runs (or ran) and the answer is FALSE, as on Windows
     * since Vista SP1. */
    if (Dpc->DpcData == Queue) {
        RemoveEntryList(&Dpc->DpcListEntry);
        Dpc->DpcData = NULL;
        Queue->Depth--;
        Removed = TRUE;
    }
    KeReleaseSpinLockFromDpcLevel(&Queue->Lock);
    KeLowerIrql(OldIrql);
    return Removed;
}

NTIO_EXPORT VOID KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance)
{
    Dpc->Importance = (UCHAR)Importance;
}

NTIO_EXPORT VOID KeSetTargetProcessorDpc(PRKDPC Dpc, CCHAR Number)
{
    /* As on Windows 7 and later: a processor that does not exist leaves
     * the target unchanged. */
    if (Number < 0 || (ULONG)Number >= KiQueryProcessorCount())
        return;
    __atomic_store_n(&Dpc->Number, (USHORT)(MAXIMUM_PROCESSORS + Number), __ATOMIC_RELAXED);
}

/* --------------------------------------------------------------- flushing */

static VOID KiFlushDpcRoutine(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1,
                              PVOID SystemArgument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    KeSetEvent((PKEVENT)DeferredContext, IO_NO_INCREMENT, FALSE);
}

NTIO_EXPORT VOID KeFlushQueuedDpcs(VOID)
{
    PAGED_CODE();
    if (__atomic_load_n(&KiDpcThreadsState, __ATOMIC_ACQUIRE) != 2)
        return; /* no DPC was ever queued */

    PKTHREAD Self = KiGetCurrentThread();
    for (ULONG i = 0; i < KiDpcQueueCount; i++) {
        PKI_DPC_QUEUE Queue = &KiDpcQueues[i];
        KDPC Marker;
        KEVENT Done;

        /* A threaded DPC that flushes cannot wait for its own queue. */
        if (__atomic_load_n(&Queue->Thread, __ATOMIC_ACQUIRE) == Self)
            continue;
        KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Queue->Lock);
        BOOLEAN Idle = Queue->Depth == 0 && !Queue->Active;
        KeReleaseSpinLock(&Queue->Lock, OldIrql);
        if (Idle)
            continue;
        /* The queue runs in order and a later HighImportance DPC goes to
         * the head, so everything queued before this marker (at the tail)
         * has run, routine returned, when the marker runs. */
        KeInitializeEvent(&Done, NotificationEvent, FALSE);
        KeInitializeDpc(&Marker, KiFlushDpcRoutine, &Done);
        KiInsertDpc(Queue, &Marker, NULL, NULL);
        KeWaitForSingleObject(&Done, Executive, KernelMode, FALSE, NULL);
        /* KeSetEvent may still be looking at Done (under the dispatcher
         * lock) after it let this thread go: wait until it is out before
         * Done leaves the stack. */
        KiReleaseDispatcherLock(KiAcquireDispatcherLock());
    }
}
