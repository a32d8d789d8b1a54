/*
 * ke/wait.c - the dispatcher: waiting on and signalling dispatcher objects.
 *
 * One dispatcher lock guards every object's SignalState and wait list and
 * every thread's wait state (the classic NT design).  A waiting thread
 * links wait blocks into the objects, drops the lock and sleeps on its own
 * futex word; whoever satisfies the wait does so on the waiter's behalf
 * (consuming a synchronization event, taking a mutant), unlinks the wait
 * blocks, stores the status and wakes exactly that thread.  No wake-up can
 * be lost and no object is consumed twice.
 *
 * The futex wake itself is made after the dispatcher lock is released, as
 * Windows readies threads from a deferred ready list: a thread woken while
 * its waker still held the lock would run on the other CPU at once and
 * spin on the lock for the length of the waker's system call.
 */
#include "ke.h"

#include <sched.h>
#include <string.h>

#define MAXIMUM_WAIT_OBJECTS_EXCEEDED 0x0000000C
#define IRQL_NOT_LESS_OR_EQUAL 0x0000000A

static KSPIN_LOCK KiDispatcherLock;

/* Threads whose waits were satisfied under the dispatcher lock, to be
 * woken once it is released; guarded by it.  Each counts in its
 * WakesInFlight until its wake is made, so its memory outlives the wake. */
#define KI_DEFERRED_WAKES 16
static PKTHREAD KiDeferredWakes[KI_DEFERRED_WAKES];
static ULONG KiDeferredWakeCount;

KIRQL KiAcquireDispatcherLock(VOID)
{
    return KeAcquireSpinLockRaiseToDpc(&KiDispatcherLock);
}

VOID KiReleaseDispatcherLock(KIRQL OldIrql)
{
    ULONG n = KiDeferredWakeCount;
    if (__builtin_expect(n == 0, 1)) {
        KeReleaseSpinLock(&KiDispatcherLock, OldIrql);
        return;
    }
    PKTHREAD Wake[KI_DEFERRED_WAKES];
    memcpy(Wake, KiDeferredWakes, n * sizeof Wake[0]);
    KiDeferredWakeCount = 0;
    /* Wake before lowering the IRQL: an APC delivered on the way down
     * must not delay (or wait for) the threads already woken. */
    KeReleaseSpinLockFromDpcLevel(&KiDispatcherLock);
    for (ULONG i = 0; i < n; i++) {
        KiFutexWake(&Wake[i]->WaitFutex, 1);
        __atomic_sub_fetch(&Wake[i]->WakesInFlight, 1, __ATOMIC_RELEASE);
    }
    KeLowerIrql(OldIrql);
}

VOID KiWaitForWakesInFlight(PKTHREAD Thread)
{
    while (__atomic_load_n(&Thread->WakesInFlight, __ATOMIC_ACQUIRE))
        sched_yield(); /* a waker between its unlock and its futex call */
}

VOID KiInitializeDispatcherHeader(PDISPATCHER_HEADER Header, UCHAR Type, LONG SignalState)
{
    Header->Type = Type;
    Header->Signalling = 0;
    Header->Size = 0;
    Header->Reserved1 = 0;
    Header->SignalState = SignalState;
    InitializeListHead(&Header->WaitListHead);
}

/* Is Object signalled as far as Thread is concerned? (lock held) */
static BOOLEAN KiIsObjectSignaled(PDISPATCHER_HEADER Object, PKTHREAD Thread)
{
    if (Object->Type == MutantObject)
        return Object->SignalState > 0 || ((PKMUTANT)Object)->OwnerThread == Thread;
    return Object->SignalState > 0;
}

/* Apply the side effect of a satisfied wait (lock held).  Returns the
 * abandoned flag for mutants. */
static BOOLEAN KiSatisfyObjectWait(PDISPATCHER_HEADER Object, PKTHREAD Thread)
{
    switch (Object->Type) {
    case EventSynchronizationObject:
    case TimerSynchronizationObject:
        Object->SignalState = 0;
        return FALSE;
    case SemaphoreObject:
        Object->SignalState--;
        return FALSE;
    case MutantObject: {
        PKMUTANT Mutant = (PKMUTANT)Object;
        BOOLEAN Abandoned = Mutant->Abandoned;
        Object->SignalState--;
        if (Object->SignalState == 0) {
            Mutant->OwnerThread = Thread;
            Mutant->Abandoned = FALSE;
            /* A kernel mutex holder is in a critical region (ApcDisable 1). */
            Thread->KernelApcDisable -= Mutant->ApcDisable;
        }
        return Abandoned;
    }
    default:
        return FALSE; /* notification objects stay signalled */
    }
}

VOID KiUnwaitThread(PKTHREAD Thread, NTSTATUS WaitStatus)
{
    PKWAIT_BLOCK Blocks = Thread->WaitBlockList;
    for (ULONG i = 0; i < Thread->WaitCount; i++) {
        if (Blocks[i].BlockState == WaitBlockActive) {
            RemoveEntryList(&Blocks[i].WaitListEntry);
            Blocks[i].BlockState = WaitBlockInactive;
        }
    }
    Thread->WaitCount = 0;
    Thread->WaitStatus = WaitStatus;
    Thread->Alertable = FALSE;
    __atomic_store_n(&Thread->WaitFutex, 1, __ATOMIC_RELEASE);
    if (KiDeferredWakeCount < KI_DEFERRED_WAKES) {
        __atomic_add_fetch(&Thread->WakesInFlight, 1, __ATOMIC_RELAXED);
        KiDeferredWakes[KiDeferredWakeCount++] = Thread;
    } else {
        KiFutexWake(&Thread->WaitFutex, 1);
    }
}

/* Can every object of Thread's wait-all be satisfied now? (lock held) */
static BOOLEAN KiWaitAllSatisfiable(PKTHREAD Thread)
{
    for (ULONG i = 0; i < Thread->WaitCount; i++)
        if (!KiIsObjectSignaled(Thread->WaitBlockList[i].Object, Thread))
            return FALSE;
    return TRUE;
}

VOID KiWaitTest(PDISPATCHER_HEADER Object, KPRIORITY Increment)
{
    PLIST_ENTRY Head = &Object->WaitListHead;
    PLIST_ENTRY Entry = Head->Flink;
    UNREFERENCED_PARAMETER(Increment);
    while (Entry != Head && Object->SignalState > 0) {
        PKWAIT_BLOCK Block = CONTAINING_RECORD(Entry, KWAIT_BLOCK, WaitListEntry);
        PKTHREAD Thread = Block->Thread;
        if (Block->WaitType == WaitAny) {
            BOOLEAN Abandoned = KiSatisfyObjectWait(Object, Thread);
            KiUnwaitThread(Thread, (Abandoned ? STATUS_ABANDONED_WAIT_0 : STATUS_WAIT_0) +
                                       Block->WaitKey);
        } else if (Block->WaitType == WaitDequeue) {
            /* A KeRemoveQueue waiter: only KeInsertQueue hands it entries. */
            Entry = Entry->Flink;
            continue;
        } else if (KiWaitAllSatisfiable(Thread)) {
            for (ULONG i = 0; i < Thread->WaitCount; i++)
                KiSatisfyObjectWait(Thread->WaitBlockList[i].Object, Thread);
            KiUnwaitThread(Thread, STATUS_SUCCESS);
        } else {
            Entry = Entry->Flink; /* this wait-all must keep waiting */
            continue;
        }
        /* Unwaiting removed every block of that thread, possibly the next
         * entry too: start again from the head. */
        Entry = Head->Flink;
    }
}

/* One attempt at a wait: returns its status, or STATUS_KERNEL_APC when a
 * kernel APC must run first (the caller runs it and waits again). */
static NTSTATUS KiWaitOnce(PKTHREAD Thread, ULONG Count, PVOID Object[], WAIT_TYPE WaitType,
                           KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, BOOLEAN HasDeadline,
                           ULONGLONG Deadline, PKWAIT_BLOCK Blocks)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();
Again:
    if (Alertable && WaitMode == UserMode && Thread->UserApcPending) {
        KiReleaseDispatcherLock(OldIrql);
        return STATUS_USER_APC;
    }

    /* Already satisfiable? */
    if (WaitType == WaitAny) {
        for (ULONG i = 0; i < Count; i++) {
            PDISPATCHER_HEADER Header = Object[i];
            if (KiIsObjectSignaled(Header, Thread)) {
                BOOLEAN Abandoned = KiSatisfyObjectWait(Header, Thread);
                KiReleaseDispatcherLock(OldIrql);
                return (Abandoned ? STATUS_ABANDONED_WAIT_0 : STATUS_WAIT_0) + (NTSTATUS)i;
            }
        }
    } else {
        BOOLEAN All = TRUE;
        for (ULONG i = 0; i < Count && All; i++)
            All = KiIsObjectSignaled(Object[i], Thread);
        if (All) {
            for (ULONG i = 0; i < Count; i++)
                KiSatisfyObjectWait(Object[i], Thread);
            KiReleaseDispatcherLock(OldIrql);
            return STATUS_SUCCESS;
        }
    }
    if (HasDeadline && Deadline <= KiMonotonicNs()) {
        KiReleaseDispatcherLock(OldIrql);
        return STATUS_TIMEOUT;
    }
    if (Thread->KernelApcPending && !Thread->ApcInProgress &&
        KiKernelApcDeliverableAt(Thread, OldIrql, TRUE)) {
        /* Run queued kernel APCs before going to sleep. */
        KiReleaseDispatcherLock(OldIrql);
        return STATUS_KERNEL_APC;
    }

    /* Block: link a wait block into every object. */
    BOOLEAN QueueSignaled = FALSE;
    for (ULONG i = 0; i < Count; i++) {
        Blocks[i].Thread = Thread;
        Blocks[i].Object = Object[i];
        Blocks[i].WaitKey = (USHORT)i;
        Blocks[i].WaitType = (UCHAR)WaitType;
        Blocks[i].BlockState = WaitBlockActive;
        Blocks[i].NextWaitBlock = (i + 1 < Count) ? &Blocks[i + 1] : &Blocks[0];
        if (__builtin_expect(((PDISPATCHER_HEADER)Object[i])->Type == QueueObject, 0))
            QueueSignaled |= KiLinkQueueWaitBlock(&Blocks[i]);
        else
            InsertTailList(&((PDISPATCHER_HEADER)Object[i])->WaitListHead,
                           &Blocks[i].WaitListEntry);
    }
    Thread->WaitBlockList = Blocks;
    Thread->WaitCount = Count;
    if (__builtin_expect(QueueSignaled, 0) &&
        (WaitType == WaitAny || KiWaitAllSatisfiable(Thread))) {
        /* A queue's fast insert path (queue lock only) gave it an entry
         * between the check above and the link: withdraw, look again. */
        for (ULONG i = 0; i < Count; i++) {
            RemoveEntryList(&Blocks[i].WaitListEntry);
            Blocks[i].BlockState = WaitBlockInactive;
        }
        Thread->WaitCount = 0;
        goto Again;
    }
    Thread->Alertable = (Alertable && WaitMode == UserMode);
    Thread->WaitFutex = 0;
    KiReleaseDispatcherLock(OldIrql);

    for (;;) {
        int r = KiFutexWait(&Thread->WaitFutex, 0, HasDeadline ? &Deadline : NULL);
        if (__atomic_load_n(&Thread->WaitFutex, __ATOMIC_ACQUIRE)) {
            /* The waker is still inside KiWaitTest, holding the dispatcher
             * lock and reading the object we waited on.  Pass through the
             * lock once before returning, so the caller may free or reuse
             * the object (a KEVENT on its stack) safely. */
            KiReleaseDispatcherLock(KiAcquireDispatcherLock());
            break;
        }
        if (r == 0)
            continue; /* spurious */
        /* Timed out: withdraw, unless a waker got there first. */
        OldIrql = KiAcquireDispatcherLock();
        if (!Thread->WaitFutex) {
            for (ULONG i = 0; i < Thread->WaitCount; i++) {
                if (Blocks[i].BlockState == WaitBlockActive) {
                    RemoveEntryList(&Blocks[i].WaitListEntry);
                    Blocks[i].BlockState = WaitBlockInactive;
                }
            }
            Thread->WaitCount = 0;
            Thread->Alertable = FALSE;
            KiReleaseDispatcherLock(OldIrql);
            return STATUS_TIMEOUT;
        }
        KiReleaseDispatcherLock(OldIrql);
        break;
    }
    return Thread->WaitStatus;
}

NTIO_EXPORT NTSTATUS KeWaitForMultipleObjects(ULONG Count, PVOID Object[], WAIT_TYPE WaitType,
                                              KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
                                              BOOLEAN Alertable, PLARGE_INTEGER Timeout,
                                              PKWAIT_BLOCK WaitBlockArray)
{
    PKTHREAD Thread = KiGetCurrentThread();
    ULONGLONG Deadline = 0;
    BOOLEAN HasDeadline;
    NTSTATUS Status;
    UNREFERENCED_PARAMETER(WaitReason);

    if (Count == 0 || Count > MAXIMUM_WAIT_OBJECTS ||
        (Count > THREAD_WAIT_OBJECTS && WaitBlockArray == NULL))
        KeBugCheckEx(MAXIMUM_WAIT_OBJECTS_EXCEEDED, Count, (ULONG_PTR)WaitBlockArray, 0,
                     (ULONG_PTR)__builtin_return_address(0));
    if (WaitType != WaitAny && WaitType != WaitAll)
        return STATUS_INVALID_PARAMETER;
    /* A thread at DISPATCH_LEVEL may only poll (zero timeout). */
    if (Thread->Irql > DISPATCH_LEVEL ||
        (Thread->Irql == DISPATCH_LEVEL && (Timeout == NULL || Timeout->QuadPart != 0)))
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Object[0], Thread->Irql, 0,
                     (ULONG_PTR)__builtin_return_address(0));

    HasDeadline = KiTimeoutToDeadline(Timeout, &Deadline);
    PKWAIT_BLOCK Blocks = WaitBlockArray ? WaitBlockArray : Thread->WaitBlock;

    for (;;) {
        Status = KiWaitOnce(Thread, Count, Object, WaitType, WaitMode, Alertable, HasDeadline,
                            Deadline, Blocks);
        if (Status != STATUS_KERNEL_APC)
            return Status;
        KiDeliverKernelApcs();
    }
}

NTIO_EXPORT NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason,
                                           KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                           PLARGE_INTEGER Timeout)
{
    PVOID Objects[1] = { Object };
    return KeWaitForMultipleObjects(1, Objects, WaitAny, WaitReason, WaitMode, Alertable, Timeout,
                                    NULL);
}

NTIO_EXPORT NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                            PLARGE_INTEGER Interval)
{
    /* A private, never-signalled event: the wait ends by timeout or by a user APC. */
    KEVENT Never;
    NTSTATUS Status;
    KeInitializeEvent(&Never, NotificationEvent, FALSE);
    if (!Interval)
        return STATUS_INVALID_PARAMETER;
    Status = KeWaitForSingleObject(&Never, DelayExecution, WaitMode, Alertable, Interval);
    return Status == STATUS_TIMEOUT ? STATUS_SUCCESS : Status;
}
