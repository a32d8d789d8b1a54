/*
 * ke/timer.c - kernel timers.
 *
 * A timer is a dispatcher object.  Set, it sits in the timer queue, a list
 * sorted by due time (an absolute CLOCK_MONOTONIC time in ns); one timer
 * thread, a system thread started by the first KeSetTimer, sleeps on a
 * futex until the earliest due time, then signals every timer that is due
 * (waking its waiters: all of them for a notification timer, one for a
 * synchronization timer), re-queues the periodic ones and queues their
 * DPCs.  Setting a timer that becomes the earliest wakes the thread so it
 * sleeps for the new, shorter time.
 *
 * The dispatcher lock guards the timer queue and every timer's DueTime,
 * TimerListEntry, Dpc and Period, besides its signal state: expiring a
 * timer and setting or cancelling it are one critical section, so a
 * cancelled timer never fires and KeCancelTimer's answer is exact.
 *
 * Absolute due times are converted to the monotonic clock when the timer
 * is set; a later change of the system time does not move them (Windows
 * re-evaluates them on a time change).
 */
#include "ke.h"
#include "ke/except.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define KI_TIMER_NEVER (~0ULL)


/* Dispatcher lock: the timer queue, and the timer thread's sleep. */
static LIST_ENTRY KiTimerListHead = { &KiTimerListHead, &KiTimerListHead };
static BOOLEAN KiTimerThreadSleeping;       /* it sleeps (or is about to) on KiTimerWakeWord */
static ULONGLONG KiTimerThreadDeadline;     /* ...until then (KI_TIMER_NEVER: no timer) */
static volatile int KiTimerWakeWord;        /* 0 while asleep; set to 1 to wake it early */

/* 0 = timer thread not started, 1 = starting, 2 = running. */
static volatile int KiTimerThreadState;
static pthread_once_t KiTimerAtForkOnce = PTHREAD_ONCE_INIT;

/* ------------------------------------------------------------ the queue */

static BOOLEAN KiIsTimerInserted(PKTIMER Timer)
{
    return Timer->TimerListEntry.Flink != NULL;
}

static VOID KiRemoveTimer(PKTIMER Timer)
{
    RemoveEntryList(&Timer->TimerListEntry);
    Timer->TimerListEntry.Flink = Timer->TimerListEntry.Blink = NULL;
}

/* Insert by due time (after timers due at the same time), searching from
 * the tail: new timers are mostly the latest.  Dispatcher lock held. */
static VOID KiInsertTimer(PKTIMER Timer)
{
    PLIST_ENTRY Entry = KiTimerListHead.Blink;
    while (Entry != &KiTimerListHead &&
           CONTAINING_RECORD(Entry, KTIMER, TimerListEntry)->DueTime.QuadPart >
               Timer->DueTime.QuadPart)
        Entry = Entry->Blink;
    InsertHeadList(Entry, &Timer->TimerListEntry);
}

/* The monotonic time (ns) at which a timer set now with DueTime expires:
 * negative DueTime is relative (100 ns units), positive is an absolute
 * system time.  Saturates instead of wrapping for absurdly long times. */
static ULONGLONG KiDueTimeToDeadline(LARGE_INTEGER DueTime)
{
    ULONGLONG Now = KiMonotonicNs();
    ULONGLONG Delta; /* 100 ns units from now */

    if (DueTime.QuadPart <= 0) {
        Delta = 0ULL - (ULONGLONG)DueTime.QuadPart;
    } else {
        LARGE_INTEGER SystemTime;
        KeQuerySystemTime(&SystemTime);
        Delta = DueTime.QuadPart > SystemTime.QuadPart
                    ? (ULONGLONG)(DueTime.QuadPart - SystemTime.QuadPart)
                    : 0;
    }
    if (Delta >= (KI_TIMER_NEVER - Now) / 100)
        return KI_TIMER_NEVER;
    return Now + Delta * 100;
}

/*
 * Timer is due and already out of the queue: signal it, re-queue it if it
 * is periodic, queue its DPC.  Dispatcher lock held.  A one-shot timer
 * may be freed by a waiter as soon as that waiter is woken, so nothing of
 * it is touched after KiWaitTest unless it is periodic (a periodic timer
 * must be cancelled before its memory goes).
 */
static VOID KiExpireTimer(PKTIMER Timer, ULONGLONG Now, const LARGE_INTEGER *SystemTime)
{
    PKDPC Dpc = Timer->Dpc;
    LONG Period = Timer->Period;

    Timer->Header.SignalState = 1;
    if (!IsListEmpty(&Timer->Header.WaitListHead))
        KiWaitTest(&Timer->Header, IO_NO_INCREMENT);
    if (Period) {
        ULONGLONG Interval = (ULONGLONG)Period * 1000000ULL;
        ULONGLONG Next = Timer->DueTime.QuadPart + Interval;
        /* Fallen behind (a stopped process, a busy host): restart the
         * period from now instead of firing a burst to catch up. */
        if (Next <= Now)
            Next = Now + Interval;
        Timer->DueTime.QuadPart = Next;
        KiInsertTimer(Timer);
    }
    /* The DPC gets the expiration's system time, as on Windows. */
    if (Dpc)
        KeInsertQueueDpc(Dpc, (PVOID)(ULONG_PTR)SystemTime->LowPart,
                         (PVOID)(ULONG_PTR)(ULONG)SystemTime->HighPart);
}

/* ------------------------------------------------------- the timer thread */

static VOID KiTimerThreadMain(PVOID Argument)
{
    UNREFERENCED_PARAMETER(Argument);
    for (;;) {
        KIRQL OldIrql = KiAcquireDispatcherLock();
        ULONGLONG Now = KiMonotonicNs();
        LARGE_INTEGER SystemTime = { .QuadPart = 0 };
        BOOLEAN HaveSystemTime = FALSE;

        KiTimerThreadSleeping = FALSE;
        while (!IsListEmpty(&KiTimerListHead)) {
            PKTIMER Timer = CONTAINING_RECORD(KiTimerListHead.Flink, KTIMER, TimerListEntry);
            if (Timer->DueTime.QuadPart > Now)
                break;
            if (!HaveSystemTime) {
                KeQuerySystemTime(&SystemTime);
                HaveSystemTime = TRUE;
            }
            KiRemoveTimer(Timer);
            KiExpireTimer(Timer, Now, &SystemTime);
        }
        ULONGLONG Deadline = KI_TIMER_NEVER;
        if (!IsListEmpty(&KiTimerListHead))
            Deadline = CONTAINING_RECORD(KiTimerListHead.Flink, KTIMER, TimerListEntry)
                           ->DueTime.QuadPart;
        /* Announce the sleep under the lock: a KeSetTimer that needs an
         * earlier wake-up then finds KiTimerThreadSleeping and wakes us. */
        KiTimerThreadSleeping = TRUE;
        KiTimerThreadDeadline = Deadline;
        KiTimerWakeWord = 0;
        KiReleaseDispatcherLock(OldIrql);
        KiFutexWait(&KiTimerWakeWord, 0, Deadline == KI_TIMER_NEVER ? NULL : &Deadline);
    }
}

static void KiTimerAtForkChild(void);

static void KiRegisterTimerAtFork(void)
{
    pthread_atfork(NULL, NULL, KiTimerAtForkChild);
}

static VOID KiStartTimerThread(VOID)
{
    if (__builtin_expect(__atomic_load_n(&KiTimerThreadState, __ATOMIC_ACQUIRE) == 2, 1))
        return;
    int Expected = 0;
    if (!__atomic_compare_exchange_n(&KiTimerThreadState, &Expected, 1, 0, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(&KiTimerThreadState, __ATOMIC_ACQUIRE) != 2)
            KiFutexWait(&KiTimerThreadState, 1, NULL);
        return;
    }
    pthread_once(&KiTimerAtForkOnce, KiRegisterTimerAtFork);
    int Error = KiStartSystemThread("ntio-timer", KiTimerThreadMain, NULL, -1);
    if (Error) {
        fprintf(stderr, "ntio: cannot start the timer thread: %s\n", strerror(Error));
        _exit(127);
    }
    __atomic_store_n(&KiTimerThreadState, 2, __ATOMIC_RELEASE);
    KiFutexWake(&KiTimerThreadState, 0x7fffffff);
}

/* A forked child has no timer thread: start one again if timers are set. */
static void KiTimerAtForkChild(void)
{
    if (__atomic_load_n(&KiTimerThreadState, __ATOMIC_ACQUIRE) == 0)
        return;
    KiTimerThreadSleeping = FALSE;
    KiTimerWakeWord = 0;
    KiTimerThreadState = 0;
    if (!IsListEmpty(&KiTimerListHead))
        KiStartTimerThread();
}

/* ------------------------------------------------------------- the DDIs */

static DECLSPEC_NORETURN VOID KiNullTimer(PVOID Caller)
{
    /* A NULL KTIMER faults on Windows: an access violation in kernel mode. */
    KiRaiseStatusWithInformation(STATUS_ACCESS_VIOLATION, 2, 0 /* read */, 0, Caller);
}

/* ASSERT_TIMER of a checked kernel: not a timer KeInitializeTimer(Ex) made. */
static VOID KiAssertTimer(PKTIMER Timer)
{
    if (Timer->Header.Type != TimerNotificationObject &&
        Timer->Header.Type != TimerSynchronizationObject)
        RtlAssert((PVOID)"Timer->Header.Type is TimerNotificationObject or "
                         "TimerSynchronizationObject",
                  (PVOID)__FILE__, __LINE__, (PSTR)"KTIMER not initialized by KeInitializeTimer:");
}

NTIO_EXPORT VOID KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type)
{
    if (Type != NotificationTimer && Type != SynchronizationTimer)
        RtlAssert((PVOID)"Type == NotificationTimer || Type == SynchronizationTimer",
                  (PVOID)__FILE__, __LINE__, NULL);
    KiInitializeDispatcherHeader(&Timer->Header,
                                 Type == NotificationTimer ? TimerNotificationObject
                                                           : TimerSynchronizationObject,
                                 0);
    Timer->DueTime.QuadPart = 0;
    Timer->TimerListEntry.Flink = Timer->TimerListEntry.Blink = NULL;
    Timer->Dpc = NULL;
    Timer->Processor = 0;
    Timer->Period = 0;
}

NTIO_EXPORT VOID KeInitializeTimer(PKTIMER Timer)
{
    KeInitializeTimerEx(Timer, NotificationTimer);
}

NTIO_EXPORT BOOLEAN KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period, PKDPC Dpc)
{
    BOOLEAN WasInserted, Wake = FALSE;

    if (!Timer)
        KiNullTimer(__builtin_return_address(0));
    KiAssertTimer(Timer);
    if (Period < 0)
        RtlAssert((PVOID)"Period >= 0", (PVOID)__FILE__, __LINE__, (PSTR)"KeSetTimerEx:");
    /* Checked now, in the caller's context, rather than when it expires. */
    if (Dpc && Dpc->Type != 0x13 /* DpcObject */ && Dpc->Type != 0x18 /* ThreadedDpcObject */)
        RtlAssert((PVOID)"Dpc->Type == DpcObject || Dpc->Type == ThreadedDpcObject",
                  (PVOID)__FILE__, __LINE__, (PSTR)"KDPC not initialized by KeInitializeDpc:");
    KiStartTimerThread();
    ULONGLONG Deadline = KiDueTimeToDeadline(DueTime);

    KIRQL OldIrql = KiAcquireDispatcherLock();
    WasInserted = KiIsTimerInserted(Timer);
    if (WasInserted)
        KiRemoveTimer(Timer);
    Timer->Header.SignalState = 0;
    Timer->Dpc = Dpc;
    Timer->Period = Period;
    Timer->Processor = KeGetCurrentProcessorNumber();
    Timer->DueTime.QuadPart = Deadline;
    ULONGLONG Now = KiMonotonicNs();
    if (Deadline <= Now) {
        /* Already due (a zero or past due time): it expires right here.
         * A one-shot timer is gone from our hands after that (a waiter may
         * free it); a periodic one is back in the queue, due later. */
        LARGE_INTEGER SystemTime;
        KeQuerySystemTime(&SystemTime);
        KiExpireTimer(Timer, Now, &SystemTime);
        if (Period)
            Deadline = Timer->DueTime.QuadPart;
    } else {
        KiInsertTimer(Timer);
    }
    /* Due before the timer thread means to wake up: wake it now. */
    if (Deadline > Now && KiTimerThreadSleeping && Deadline < KiTimerThreadDeadline) {
        KiTimerThreadSleeping = FALSE;
        __atomic_store_n(&KiTimerWakeWord, 1, __ATOMIC_RELEASE);
        Wake = TRUE;
    }
    KiReleaseDispatcherLock(OldIrql);
    if (Wake)
        KiFutexWake(&KiTimerWakeWord, 1);
    return WasInserted;
}

NTIO_EXPORT BOOLEAN KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc)
{
    return KeSetTimerEx(Timer, DueTime, 0, Dpc);
}

NTIO_EXPORT BOOLEAN KeCancelTimer(PKTIMER Timer)
{
    if (!Timer)
        KiNullTimer(__builtin_return_address(0));
    KiAssertTimer(Timer);
    /* The signal state stays as it is; a DPC the timer already queued is
     * not taken back (KeFlushQueuedDpcs waits for it).  The timer thread
     * may wake for nothing and go back to sleep: cheaper than waking it. */
    KIRQL OldIrql = KiAcquireDispatcherLock();
    BOOLEAN WasInserted = KiIsTimerInserted(Timer);
    if (WasInserted)
        KiRemoveTimer(Timer);
    KiReleaseDispatcherLock(OldIrql);
    return WasInserted;
}

NTIO_EXPORT BOOLEAN KeReadStateTimer(PKTIMER Timer)
{
    if (!Timer)
        KiNullTimer(__builtin_return_address(0));
    return __atomic_load_n(&Timer->Header.SignalState, __ATOMIC_ACQUIRE) != 0;
}
