/*
 * ke/event.c - event objects (notification and synchronization).
 */
#include "ke.h"

NTIO_EXPORT VOID KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State)
{
    KiInitializeDispatcherHeader(&Event->Header,
                                 Type == NotificationEvent ? EventNotificationObject
                                                           : EventSynchronizationObject,
                                 State ? 1 : 0);
}

NTIO_EXPORT LONG KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait)
{
    UNREFERENCED_PARAMETER(Wait);
    /* Fast path: already signalled, or nobody waits on a notification event
     * that is being set — but a waiter may be linking itself in right now, so
     * the state change itself always happens under the dispatcher lock. */
    KIRQL OldIrql = KiAcquireDispatcherLock();
    LONG Previous = Event->Header.SignalState;
    if (Previous == 0) {
        Event->Header.SignalState = 1;
        if (!IsListEmpty(&Event->Header.WaitListHead))
            KiWaitTest(&Event->Header, Increment);
    }
    KiReleaseDispatcherLock(OldIrql);
    return Previous;
}

NTIO_EXPORT LONG KeResetEvent(PRKEVENT Event)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();
    LONG Previous = Event->Header.SignalState;
    Event->Header.SignalState = 0;
    KiReleaseDispatcherLock(OldIrql);
    return Previous;
}

NTIO_EXPORT VOID KeClearEvent(PRKEVENT Event)
{
    /* A plain store is enough: clearing never wakes anybody. */
    __atomic_store_n(&Event->Header.SignalState, 0, __ATOMIC_RELEASE);
}

NTIO_EXPORT LONG KeReadStateEvent(PRKEVENT Event)
{
    return __atomic_load_n(&Event->Header.SignalState, __ATOMIC_ACQUIRE);
}
