/*
 * ke/ke.h - the kernel core's private interface: threads, IRQL, the
 * dispatcher (waits and signals), spin locks.
 *
 * A KTHREAD exists for every Linux thread that enters ntio: threads made by
 * CreateThread/PsCreateSystemThread get one at birth, any other thread (the
 * main thread, a raw pthread) is adopted on first use.  It lives in TLS for
 * fast access: KeGetCurrentThread() is one load.
 */
#ifndef NTIO_KE_H
#define NTIO_KE_H

#include <wdm.h>
#include <pthread.h>
#include <sys/types.h>

/* Dispatcher object types (DISPATCHER_HEADER.Type). */
typedef enum _KOBJECTS {
    EventNotificationObject = 0,
    EventSynchronizationObject = 1,
    MutantObject = 2,
    ProcessObject = 3,
    QueueObject = 4,
    SemaphoreObject = 5,
    ThreadObject = 6,
    TimerNotificationObject = 8,
    TimerSynchronizationObject = 9,
} KOBJECTS;

/* KWAIT_BLOCK.BlockState */
#define WaitBlockActive 1
#define WaitBlockInactive 0

typedef struct _KTHREAD {
    DISPATCHER_HEADER Header;       /* signalled when the thread has exited */
    KIRQL Irql;                     /* this thread's current IRQL */
    KPROCESSOR_MODE PreviousMode;   /* mode of the caller of the current system service */
    BOOLEAN Alertable;              /* in an alertable wait right now */
    BOOLEAN Terminated;
    struct _EPROCESS *Process;      /* the process this thread belongs to */

    /* Wait state.  Protected by the dispatcher lock, except WaitFutex which
     * the waiter sleeps on: 0 = still waiting, 1 = woken (WaitStatus set). */
    volatile int WaitFutex;
    volatile LONG WakesInFlight;    /* wakers past the lock, not yet at the futex */
    NTSTATUS WaitStatus;
    ULONG WaitCount;
    PKWAIT_BLOCK WaitBlockList;
    KWAIT_BLOCK WaitBlock[THREAD_WAIT_OBJECTS + 1];

    /* Kernel queue association (ke/queue.c).  Queue is the queue the thread
     * last called KeRemoveQueue on (NULL: none); it and QueueListEntry (in
     * Queue->ThreadListHead) change only under that queue's lock, and other
     * threads change them only while also holding the dispatcher lock.
     * QueueEntry is the entry an inserter handed to this thread's
     * KeRemoveQueue wait (dispatcher lock). */
    struct _KQUEUE *volatile Queue;
    LIST_ENTRY QueueListEntry;
    PLIST_ENTRY QueueEntry;

    /* APC queues (KAPC.ApcListEntry), protected by the dispatcher lock.
     * Kernel APCs run when the thread is below APC_LEVEL with APCs enabled:
     * when it lowers its IRQL, leaves a critical region or a system
     * service, or interrupts a wait to run them.  User APCs (ReadFileEx
     * completions) run when it makes an alertable user-mode wait. */
    LIST_ENTRY KernelApcListHead;
    LIST_ENTRY UserApcListHead;
    volatile BOOLEAN KernelApcPending;
    BOOLEAN UserApcPending;
    BOOLEAN ApcInProgress;          /* delivering now: the hooks must not nest */

    /* The thread's outstanding IRPs (Irp->ThreadListEntry), for cancel on
     * thread exit and for the hung-IRP report.  Protected by IrpListLock. */
    KSPIN_LOCK IrpListLock;
    LIST_ENTRY IrpList;

    /* Small per-thread caches of free IRPs and small system buffers; only
     * touched by this thread. */
    PSINGLE_LIST_ENTRY IrpCache;
    ULONG IrpCacheDepth;
    ULONG SysBufCacheDepth;
    PVOID SysBufCache[4];
    /* Free completion packets (io/iocomp.c), chained through their
     * ListEntry.Blink; only touched by this thread. */
    PVOID PacketCache;
    ULONG PacketCacheDepth;
    /* The handle last looked up through ObpReferenceHandleCached and the
     * reference the thread keeps on its object (ob/obhandle.c); only
     * touched by this thread.  Busy while a service is using it. */
    struct {
        HANDLE Handle;
        PVOID Entry;                /* its handle table entry */
        PVOID Object;
        KPROCESSOR_MODE Mode;       /* the mode it was looked up for */
        BOOLEAN Busy;
    } HandleCache;

    /* Nesting of critical regions (kernel APC disable). */
    SHORT KernelApcDisable;
    SHORT SpecialApcDisable;

    pid_t Tid;
    pthread_t PosixThread;
    BOOLEAN SystemThread;           /* made by PsCreateSystemThread */
    BOOLEAN Adopted;                /* a foreign thread adopted on first use */
} KTHREAD;

extern __thread PKTHREAD KiCurrentThread __attribute__((tls_model("initial-exec")));

PKTHREAD KiAdoptCurrentThread(VOID);

static __inline__ __attribute__((always_inline)) PKTHREAD KiGetCurrentThread(VOID)
{
    PKTHREAD Thread = KiCurrentThread;
    return Thread ? Thread : KiAdoptCurrentThread();
}

/* A spin lock taken without touching the IRQL: for short private lists
 * whose holders never wait (the thread's IRP list).  Same representation
 * as KSPIN_LOCK (0 or the owner), so the owner checks still apply. */
static __inline__ __attribute__((always_inline)) VOID KiAcquireSpinLockRaw(PKSPIN_LOCK Lock,
                                                                           PKTHREAD Owner)
{
    ULONG_PTR Expected = 0;
    while (!__atomic_compare_exchange_n(Lock, &Expected, (ULONG_PTR)Owner, 1, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED)) {
        Expected = 0;
        __builtin_ia32_pause();
    }
}

static __inline__ __attribute__((always_inline)) VOID KiReleaseSpinLockRaw(PKSPIN_LOCK Lock)
{
    __atomic_store_n(Lock, 0, __ATOMIC_RELEASE);
}

/* The dispatcher lock guards every dispatcher object's SignalState and wait
 * list, and every thread's wait state. */
KIRQL KiAcquireDispatcherLock(VOID);
VOID KiReleaseDispatcherLock(KIRQL OldIrql);

VOID KiInitializeDispatcherHeader(PDISPATCHER_HEADER Header, UCHAR Type, LONG SignalState);
/* Signal an object whose SignalState the caller just raised (dispatcher lock held). */
VOID KiWaitTest(PDISPATCHER_HEADER Object, KPRIORITY Increment);
/* Wake Thread with WaitStatus (dispatcher lock held; the futex wake is
 * made when the lock is released). */
VOID KiUnwaitThread(PKTHREAD Thread, NTSTATUS WaitStatus);
/* Before a thread's memory is freed: wait out wakes still being made. */
VOID KiWaitForWakesInFlight(PKTHREAD Thread);
/* Called by a thread on its way out: signals its thread object. */
VOID KiSignalThreadExit(PKTHREAD Thread);

/* Convert an NT timeout (negative: relative 100ns; positive: absolute
 * system time) to an absolute CLOCK_MONOTONIC deadline in nanoseconds;
 * returns FALSE for an infinite wait (NULL timeout). */
BOOLEAN KiTimeoutToDeadline(PLARGE_INTEGER Timeout, ULONGLONG *DeadlineNs);
ULONGLONG KiMonotonicNs(VOID);
/* Millisecond-grained monotonic clock, a few ns to read: for ages. */
ULONGLONG KiMonotonicCoarseNs(VOID);

/* The fast/guarded mutex engine (ke/guarded.c), shared with ex/fastmutex.c. */
VOID KiAcquireFastMutexContended(PFAST_MUTEX Mutex, KWAIT_REASON WaitReason);
VOID KiReleaseFastMutexContended(PFAST_MUTEX Mutex, LONG OldCount);
VOID KiCheckFastMutexAcquire(PFAST_MUTEX Mutex, PKTHREAD Thread);
VOID KiCheckFastMutexRelease(PFAST_MUTEX Mutex, PKTHREAD Thread);

/* Start a kernel-internal system thread (DPC, timer, worker threads) of the
 * System process, pinned to Processor unless it is -1 (ke/dpc.c).  Returns
 * 0 or an errno.  Unlike PsCreateSystemThread it needs no handshake, so it
 * works at any IRQL. */
int KiStartSystemThread(PCSTR Name, VOID (*Routine)(PVOID), PVOID Context, LONG Processor);

/* APCs (ke/apc.c).  The KAPC DDIs (KeInitializeApc, KeInsertQueueApc,
 * KeRemoveQueueApc) are exported but, as in the WDK, not declared in the
 * public headers: drivers that use them declare them. */
typedef enum _KAPC_ENVIRONMENT {
    OriginalApcEnvironment,
    AttachedApcEnvironment,
    CurrentApcEnvironment,
    InsertApcEnvironment
} KAPC_ENVIRONMENT;
NTIO_EXPORT VOID KeInitializeApc(PRKAPC Apc, PRKTHREAD Thread, KAPC_ENVIRONMENT Environment,
                                 PKKERNEL_ROUTINE KernelRoutine, PKRUNDOWN_ROUTINE RundownRoutine,
                                 PKNORMAL_ROUTINE NormalRoutine, KPROCESSOR_MODE ApcMode,
                                 PVOID NormalContext);
NTIO_EXPORT BOOLEAN KeInsertQueueApc(PRKAPC Apc, PVOID SystemArgument1, PVOID SystemArgument2,
                                     KPRIORITY Increment);
NTIO_EXPORT BOOLEAN KeRemoveQueueApc(PKAPC Apc);
/* Queue a user APC from pool (I/O completion routines); FALSE if out of memory. */
BOOLEAN KiInsertUserApc(PKTHREAD Thread, PKNORMAL_ROUTINE Routine, PVOID Context, PVOID Argument1,
                        PVOID Argument2);
BOOLEAN KiDeliverUserApcs(VOID);
/* Run the current thread's deliverable kernel APCs. */
VOID KiDeliverKernelApcs(VOID);
/* Can kernel APCs (Special: special ones) run on Thread right now? */
static __inline__ BOOLEAN KiKernelApcDeliverableAt(PKTHREAD Thread, KIRQL Irql, BOOLEAN Special)
{
    return Irql < APC_LEVEL && Thread->SpecialApcDisable == 0 &&
           (Special || Thread->KernelApcDisable == 0);
}
static __inline__ BOOLEAN KiKernelApcDeliverable(PKTHREAD Thread, BOOLEAN Special)
{
    return KiKernelApcDeliverableAt(Thread, Thread->Irql, Special);
}
/* At thread exit: run the kernel APCs, run down the user APCs. */
VOID KiRundownApcs(PKTHREAD Thread);
/* Fast check for the hooks (lowering IRQL, leaving a region, leaving a service). */
#define KiCheckKernelApcs(Thread)                                                 \
    do {                                                                          \
        if (__builtin_expect((Thread)->KernelApcPending, 0) &&                    \
            !(Thread)->ApcInProgress && KiKernelApcDeliverable((Thread), TRUE))   \
            KiDeliverKernelApcs();                                                \
    } while (0)

/* Kernel queues (ke/queue.c). */
/* The thread (associated with a queue) is about to block: returns the queue
 * whose active count it lowered, for KiQueueThreadWoken. */
struct _KQUEUE *KiQueueThreadBlocking(PKTHREAD Thread);
VOID KiQueueThreadWoken(PKTHREAD Thread, struct _KQUEUE *Queue);
/* The thread ends: leave its queue. */
VOID KiQueueThreadExit(PKTHREAD Thread);
/* Link a KeWaitForXxx wait block into a queue's wait list (dispatcher lock
 * held); returns TRUE if the queue was signalled by then. */
BOOLEAN KiLinkQueueWaitBlock(PKWAIT_BLOCK Block);
/* The entries of Queue that no waiting remover will take (0 if none): a
 * pool of threads serving the queue grows while it is not 0 (ex/worker.c).
 * IRQL <= DISPATCH_LEVEL. */
LONG KiQueueEntriesWithoutRemover(struct _KQUEUE *Queue);

/* Thread lifecycle (ke/thread.c). */
VOID KiInitializeThread(PKTHREAD Thread, struct _EPROCESS *Process, BOOLEAN SystemThread);
VOID KiBindCurrentThread(PKTHREAD Thread);

/* Low-level futex helpers (ke/futex.c).  KiFutexWait is how every ntio
 * wait blocks a thread: for a thread associated with a kernel queue it
 * tells the queue the thread is inactive while it sleeps.  KiFutexWaitRaw
 * is the bare sleep (the queue's own KeRemoveQueue wait). */
int KiFutexWait(volatile int *Address, int Expected, const ULONGLONG *DeadlineNs);
int KiFutexWaitRaw(volatile int *Address, int Expected, const ULONGLONG *DeadlineNs);
void KiFutexWake(volatile int *Address, int Count);

/* Kernel start (ke/init.c). */
VOID KiInitializeKernel(VOID);
BOOLEAN KiKernelInitialized(VOID);

#endif /* NTIO_KE_H */
