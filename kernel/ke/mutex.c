/*
 * ke/mutex.c - mutant (mutex) objects: owned, recursive, abandoned when
 * the owner exits without releasing.
 */
#include "ke.h"

#define MUTEX_ALREADY_OWNED 0x000000BF
#define THREAD_NOT_MUTEX_OWNER 0x00000011

NTIO_EXPORT VOID KeInitializeMutex(PRKMUTEX Mutex, ULONG Level)
{
    UNREFERENCED_PARAMETER(Level);
    KiInitializeDispatcherHeader(&Mutex->Header, MutantObject, 1);
    Mutex->OwnerThread = NULL;
    Mutex->Abandoned = FALSE;
    Mutex->ApcDisable = 1;
    InitializeListHead(&Mutex->MutantListEntry);
}

NTIO_EXPORT LONG KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait)
{
    PKTHREAD Thread = KiGetCurrentThread();
    UNREFERENCED_PARAMETER(Wait);
    KIRQL OldIrql = KiAcquireDispatcherLock();
    LONG Previous = Mutex->Header.SignalState;
    if (Mutex->OwnerThread != Thread) {
        KiReleaseDispatcherLock(OldIrql);
        KeBugCheckEx(THREAD_NOT_MUTEX_OWNER, (ULONG_PTR)Thread, (ULONG_PTR)Mutex,
                     (ULONG_PTR)Mutex->OwnerThread, 0);
    }
    Mutex->Header.SignalState = Previous + 1;
    if (Mutex->Header.SignalState == 1) {
        Mutex->OwnerThread = NULL;
        Thread->KernelApcDisable += Mutex->ApcDisable; /* leaves the critical region */
        if (!IsListEmpty(&Mutex->Header.WaitListHead))
            KiWaitTest(&Mutex->Header, 1);
    }
    KiReleaseDispatcherLock(OldIrql);
    return Previous;
}

NTIO_EXPORT LONG KeReadStateMutex(PRKMUTEX Mutex)
{
    return __atomic_load_n(&Mutex->Header.SignalState, __ATOMIC_ACQUIRE);
}
