/*
 * ke/apc.c - user-mode APCs: queued to a thread, delivered when it makes an
 * alertable wait (SleepEx, WaitForSingleObjectEx, … with bAlertable TRUE).
 */
#include "ke.h"
#include "ex/ex.h"

typedef struct _KUSER_APC {
    LIST_ENTRY Link;
    PKNORMAL_ROUTINE Routine;
    PVOID Context;
    PVOID Argument1;
    PVOID Argument2;
} KUSER_APC;

VOID KiInsertUserApc(PKTHREAD Thread, PKNORMAL_ROUTINE Routine, PVOID Context, PVOID Argument1,
                     PVOID Argument2)
{
    KUSER_APC *Apc = ExpAllocatePool(NonPagedPool, sizeof *Apc, TAG('A', 'p', 'c', 'U'), NULL);
    if (!Apc)
        return; /* the I/O status block still tells the outcome */
    Apc->Routine = Routine;
    Apc->Context = Context;
    Apc->Argument1 = Argument1;
    Apc->Argument2 = Argument2;
    KIRQL OldIrql = KiAcquireDispatcherLock();
    InsertTailList(&Thread->UserApcListHead, &Apc->Link);
    Thread->UserApcPending = TRUE;
    if (Thread->Alertable && Thread->WaitCount)
        KiUnwaitThread(Thread, STATUS_USER_APC);
    KiReleaseDispatcherLock(OldIrql);
}

/* Run the calling thread's pending user APCs; TRUE if any ran. */
BOOLEAN KiDeliverUserApcs(VOID)
{
    PKTHREAD Thread = KiGetCurrentThread();
    BOOLEAN Ran = FALSE;
    for (;;) {
        KIRQL OldIrql = KiAcquireDispatcherLock();
        if (IsListEmpty(&Thread->UserApcListHead)) {
            Thread->UserApcPending = FALSE;
            KiReleaseDispatcherLock(OldIrql);
            return Ran;
        }
        KUSER_APC *Apc = CONTAINING_RECORD(RemoveHeadList(&Thread->UserApcListHead), KUSER_APC, Link);
        KiReleaseDispatcherLock(OldIrql);
        PKNORMAL_ROUTINE Routine = Apc->Routine;
        PVOID C = Apc->Context, A1 = Apc->Argument1, A2 = Apc->Argument2;
        ExpFreePool(Apc, 0, FALSE, NULL);
        Routine(C, A1, A2);
        Ran = TRUE;
    }
}
