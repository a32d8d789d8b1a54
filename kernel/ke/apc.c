/*
 * ke/apc.c - asynchronous procedure calls.
 *
 * A KAPC runs a routine in the context of a particular thread.  Kernel
 * APCs run when that thread is below APC_LEVEL with APCs enabled (special
 * APCs - no normal routine - even inside a critical region, not inside a
 * guarded one): at once if the thread queues one to itself, otherwise when
 * it next lowers its IRQL, leaves a critical region or a system service,
 * or - if it is waiting - by interrupting the wait, which then resumes.
 * User APCs run when the thread makes an alertable user-mode wait.
 *
 * Delivery: the kernel routine runs first at APC_LEVEL and may change the
 * normal routine and its arguments (or free the KAPC); the normal routine,
 * if any is left, runs at PASSIVE_LEVEL (kernel) or in user mode (user).
 * All queues are guarded by the dispatcher lock.
 */
#include "ke.h"
#include "ex/ex.h"

#define APC_OBJECT 0x12

NTIO_EXPORT VOID KeInitializeApc(PRKAPC Apc, PRKTHREAD Thread, KAPC_ENVIRONMENT Environment,
                                 PKKERNEL_ROUTINE KernelRoutine, PKRUNDOWN_ROUTINE RundownRoutine,
                                 PKNORMAL_ROUTINE NormalRoutine, KPROCESSOR_MODE ApcMode,
                                 PVOID NormalContext)
{
    memset(Apc, 0, sizeof *Apc);
    Apc->Type = APC_OBJECT;
    Apc->Size = sizeof(KAPC);
    Apc->Thread = Thread;
    Apc->ApcStateIndex = (CCHAR)Environment;
    Apc->KernelRoutine = KernelRoutine;
    Apc->RundownRoutine = RundownRoutine;
    Apc->NormalRoutine = NormalRoutine;
    if (NormalRoutine) {
        Apc->ApcMode = ApcMode;
        Apc->NormalContext = NormalContext;
    } else {
        Apc->ApcMode = KernelMode; /* a special kernel APC */
    }
    Apc->Inserted = FALSE;
}

static BOOLEAN KiIsSpecialApc(PKAPC Apc)
{
    return Apc->ApcMode == KernelMode && Apc->NormalRoutine == NULL;
}

NTIO_EXPORT BOOLEAN KeInsertQueueApc(PRKAPC Apc, PVOID SystemArgument1, PVOID SystemArgument2,
                                     KPRIORITY Increment)
{
    PKTHREAD Thread = Apc->Thread;
    UNREFERENCED_PARAMETER(Increment);
    if (Apc->Type != APC_OBJECT || !Thread)
        return FALSE;
    KIRQL OldIrql = KiAcquireDispatcherLock();
    if (Apc->Inserted || Thread->Terminated) {
        KiReleaseDispatcherLock(OldIrql);
        return FALSE;
    }
    Apc->SystemArgument1 = SystemArgument1;
    Apc->SystemArgument2 = SystemArgument2;
    Apc->Inserted = TRUE;
    if (Apc->ApcMode == KernelMode) {
        if (KiIsSpecialApc(Apc)) {
            /* Special APCs go before normal ones, in the order queued. */
            PLIST_ENTRY After = &Thread->KernelApcListHead;
            while (After->Flink != &Thread->KernelApcListHead &&
                   KiIsSpecialApc(CONTAINING_RECORD(After->Flink, KAPC, ApcListEntry)))
                After = After->Flink;
            InsertHeadList(After, &Apc->ApcListEntry);
        } else {
            InsertTailList(&Thread->KernelApcListHead, &Apc->ApcListEntry);
        }
        Thread->KernelApcPending = TRUE;
        /* A waiting thread is interrupted to run it (its wait resumes). */
        if (Thread != KiCurrentThread && Thread->WaitCount && !Thread->WaitFutex &&
            KiKernelApcDeliverable(Thread, KiIsSpecialApc(Apc)))
            KiUnwaitThread(Thread, STATUS_KERNEL_APC);
    } else {
        InsertTailList(&Thread->UserApcListHead, &Apc->ApcListEntry);
        Thread->UserApcPending = TRUE;
        if (Thread->Alertable && Thread->WaitCount && !Thread->WaitFutex)
            KiUnwaitThread(Thread, STATUS_USER_APC);
    }
    KiReleaseDispatcherLock(OldIrql);
    if (Thread == KiCurrentThread)
        KiCheckKernelApcs(Thread); /* runs now if this thread can take it */
    return TRUE;
}

NTIO_EXPORT BOOLEAN KeRemoveQueueApc(PKAPC Apc)
{
    PKTHREAD Thread = Apc->Thread;
    BOOLEAN Removed = FALSE;
    KIRQL OldIrql = KiAcquireDispatcherLock();
    if (Apc->Inserted) {
        RemoveEntryList(&Apc->ApcListEntry);
        Apc->Inserted = FALSE;
        Removed = TRUE;
        if (Thread) {
            Thread->KernelApcPending = !IsListEmpty(&Thread->KernelApcListHead);
            Thread->UserApcPending = !IsListEmpty(&Thread->UserApcListHead);
        }
    }
    KiReleaseDispatcherLock(OldIrql);
    return Removed;
}

/* Take the next APC to run from a list (dispatcher lock held; Irql is the
 * thread's IRQL before it took the lock). */
static PKAPC KiDequeueApc(PLIST_ENTRY Head, PKTHREAD Thread, BOOLEAN Kernel, KIRQL Irql)
{
    for (PLIST_ENTRY E = Head->Flink; E != Head; E = E->Flink) {
        PKAPC Apc = CONTAINING_RECORD(E, KAPC, ApcListEntry);
        if (Kernel && !KiKernelApcDeliverableAt(Thread, Irql, KiIsSpecialApc(Apc)))
            continue; /* a normal APC waits for the critical region to end */
        RemoveEntryList(&Apc->ApcListEntry);
        Apc->Inserted = FALSE;
        return Apc;
    }
    return NULL;
}

/* Run one APC: kernel routine at APC_LEVEL, then the normal routine. */
static VOID KiRunApc(PKTHREAD Thread, PKAPC Apc, KIRQL NormalIrql)
{
    PKNORMAL_ROUTINE Normal = Apc->NormalRoutine;
    PVOID Context = Apc->NormalContext, A1 = Apc->SystemArgument1, A2 = Apc->SystemArgument2;
    KIRQL Old = Thread->Irql;
    Thread->Irql = APC_LEVEL;
    if (Apc->KernelRoutine)
        Apc->KernelRoutine(Apc, &Normal, &Context, &A1, &A2); /* may free the KAPC */
    Thread->Irql = Old;
    if (Normal) {
        Thread->Irql = NormalIrql;
        Normal(Context, A1, A2);
        Thread->Irql = Old;
    }
}

VOID KiDeliverKernelApcs(VOID)
{
    PKTHREAD Thread = KiGetCurrentThread();
    /* Taking the dispatcher lock lowers the IRQL on release, which checks
     * for APCs again: that must not start a second, nested delivery. */
    if (Thread->ApcInProgress)
        return;
    Thread->ApcInProgress = TRUE;
    for (;;) {
        KIRQL OldIrql = KiAcquireDispatcherLock();
        PKAPC Apc = KiDequeueApc(&Thread->KernelApcListHead, Thread, TRUE, OldIrql);
        if (!Apc)
            Thread->KernelApcPending = !IsListEmpty(&Thread->KernelApcListHead);
        KiReleaseDispatcherLock(OldIrql);
        if (!Apc)
            break;
        KiRunApc(Thread, Apc, PASSIVE_LEVEL);
    }
    Thread->ApcInProgress = FALSE;
}

/* Run the calling thread's pending user APCs; TRUE if any ran. */
BOOLEAN KiDeliverUserApcs(VOID)
{
    PKTHREAD Thread = KiGetCurrentThread();
    BOOLEAN Ran = FALSE;
    for (;;) {
        KIRQL OldIrql = KiAcquireDispatcherLock();
        PKAPC Apc = KiDequeueApc(&Thread->UserApcListHead, Thread, FALSE, OldIrql);
        if (!Apc)
            Thread->UserApcPending = FALSE;
        KiReleaseDispatcherLock(OldIrql);
        if (!Apc)
            return Ran;
        KiRunApc(Thread, Apc, PASSIVE_LEVEL);
        Ran = TRUE;
    }
}

/* The I/O manager's user APCs (ReadFileEx completions) come from pool and
 * free themselves: in their kernel routine when delivered, in their
 * rundown routine when the thread exits first. */
static VOID KiFreeApc(PKAPC Apc, PKNORMAL_ROUTINE *Normal, PVOID *Context, PVOID *A1, PVOID *A2)
{
    UNREFERENCED_PARAMETER(Normal);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(A1);
    UNREFERENCED_PARAMETER(A2);
    ExpFreePool(Apc, 0, FALSE, NULL);
}

static VOID KiRundownFreeApc(PKAPC Apc)
{
    ExpFreePool(Apc, 0, FALSE, NULL);
}

BOOLEAN KiInsertUserApc(PKTHREAD Thread, PKNORMAL_ROUTINE Routine, PVOID Context, PVOID Argument1,
                        PVOID Argument2)
{
    PKAPC Apc = ExpAllocatePool(NonPagedPool, sizeof *Apc, TAG('A', 'p', 'c', 'U'), NULL);
    if (!Apc)
        return FALSE; /* the I/O status block still tells the outcome */
    KeInitializeApc(Apc, Thread, OriginalApcEnvironment, KiFreeApc, KiRundownFreeApc, Routine,
                    UserMode, Context);
    if (!KeInsertQueueApc(Apc, Argument1, Argument2, 0)) {
        ExpFreePool(Apc, 0, FALSE, NULL);
        return FALSE;
    }
    return TRUE;
}

VOID KiRundownApcs(PKTHREAD Thread)
{
    /* Kernel APCs still run (they may be what completes the thread's I/O). */
    KiDeliverKernelApcs();
    for (;;) {
        KIRQL OldIrql = KiAcquireDispatcherLock();
        PKAPC Apc = KiDequeueApc(&Thread->UserApcListHead, Thread, FALSE, OldIrql);
        Thread->UserApcPending = FALSE;
        KiReleaseDispatcherLock(OldIrql);
        if (!Apc)
            return;
        if (Apc->RundownRoutine)
            Apc->RundownRoutine(Apc);
    }
}
