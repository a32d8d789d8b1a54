/*
 * tests/unit/test_timer.c - kernel timers (kernel/ke/timer.c): one-shot
 * timers with relative and absolute due times, periodic timers, cancel,
 * KeSetTimer's return value, waiting on timers (notification timers wake
 * every waiter, synchronization timers exactly one), the timer thread
 * waking early for an earlier timer, and bad timer objects (in forked
 * children, as test_bugcheck.c does).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>

#include "kmtest.h"
#include "ke/except.h"

#define MS (10000LL) /* 1 ms in 100 ns units */

/* ---- helpers ---------------------------------------------------------- */

static LARGE_INTEGER Relative(LONGLONG Milliseconds)
{
    LARGE_INTEGER Due = { .QuadPart = -Milliseconds * MS };
    return Due;
}

/* A timer DPC that counts, and remembers its arguments and IRQL. */
typedef struct _TICKS {
    volatile LONG Count;
    KIRQL Irql;
    PVOID Argument1, Argument2;
    ULONGLONG FirstMs;
} TICKS;

static VOID CountingDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    TICKS *Ticks = Context;
    if (InterlockedIncrement(&Ticks->Count) == 1)
        Ticks->FirstMs = KmNowMs();
    Ticks->Irql = KeGetCurrentIrql();
    Ticks->Argument1 = Argument1;
    Ticks->Argument2 = Argument2;
}

/* Wait until Ticks->Count reaches Count, for at most Ms. */
static BOOLEAN WaitTicks(TICKS *Ticks, LONG Count, int Ms)
{
    for (int i = 0; i < Ms && __atomic_load_n(&Ticks->Count, __ATOMIC_ACQUIRE) < Count; i++)
        KmSleepMs(1);
    return __atomic_load_n(&Ticks->Count, __ATOMIC_ACQUIRE) >= Count;
}

/* Threads waiting on a timer. */
typedef struct _WAITER {
    PKTIMER Timer;
    LARGE_INTEGER Timeout;
    BOOLEAN HasTimeout;
    NTSTATUS Status;
    volatile LONG *Woken;
    pthread_t Thread;
} WAITER;

static void *WaiterMain(void *Argument)
{
    WAITER *Waiter = Argument;
    Waiter->Status = KeWaitForSingleObject(Waiter->Timer, Executive, KernelMode, FALSE,
                                           Waiter->HasTimeout ? &Waiter->Timeout : NULL);
    InterlockedIncrement(Waiter->Woken);
    return NULL;
}

/* ---- children ---------------------------------------------------------- */

static void ChildSetNullTimer(void)
{
    KiEnterKernel();
    KeSetTimer(NULL, Relative(10), NULL);
    _exit(98);
}

static void ChildSetUninitializedTimer(void)
{
    static KTIMER Timer; /* zeroed: never passed to KeInitializeTimer */
    KiEnterKernel();
    KeSetTimer(&Timer, Relative(10), NULL);
    _exit(98);
}

static void ChildNegativePeriod(void)
{
    static KTIMER Timer;
    KeInitializeTimer(&Timer);
    KiEnterKernel();
    KeSetTimerEx(&Timer, Relative(10), -5, NULL);
    _exit(98);
}

static void ChildUninitializedDpc(void)
{
    static KTIMER Timer;
    static KDPC Dpc; /* zeroed */
    KeInitializeTimer(&Timer);
    KiEnterKernel();
    KeSetTimer(&Timer, Relative(10), &Dpc);
    _exit(98);
}

static TICKS ForkTicks;

/* A timer set before fork fires in the child too. */
static KTIMER ForkTimer;
static KDPC ForkDpc;

static void ChildTimerAfterFork(void)
{
    if (!WaitTicks(&ForkTicks, 1, 3000))
        _exit(1);
    _exit(7);
}

int main(void)
{
    KTIMER Timer;
    KDPC Dpc;
    TICKS Ticks;
    int Status;

    /* KeInitializeTimer(Ex) */
    KeInitializeTimer(&Timer);
    CHECK_EQ(Timer.Header.Type, TimerNotificationObject);
    CHECK(!KeReadStateTimer(&Timer));
    CHECK(Timer.TimerListEntry.Flink == NULL);
    KeInitializeTimerEx(&Timer, SynchronizationTimer);
    CHECK_EQ(Timer.Header.Type, TimerSynchronizationObject);
    CHECK(!KeCancelTimer(&Timer)); /* not set */

    /* a one-shot timer, relative due time: signalled and its DPC run once,
       at DISPATCH_LEVEL, with the expiration's system time as arguments */
    memset(&Ticks, 0, sizeof Ticks);
    KeInitializeTimer(&Timer);
    KeInitializeDpc(&Dpc, CountingDpc, &Ticks);
    LARGE_INTEGER Before;
    KeQuerySystemTime(&Before);
    ULONGLONG Start = KmNowMs();
    CHECK(!KeSetTimer(&Timer, Relative(50), &Dpc));
    CHECK(!KeReadStateTimer(&Timer));
    CHECK(WaitTicks(&Ticks, 1, 3000));
    CHECK(Ticks.FirstMs - Start >= 45);
    CHECK(KeReadStateTimer(&Timer));
    CHECK_EQ(Ticks.Irql, DISPATCH_LEVEL);
    {
        LARGE_INTEGER Fired, After;
        KeQuerySystemTime(&After);
        Fired.LowPart = (ULONG)(ULONG_PTR)Ticks.Argument1;
        Fired.HighPart = (LONG)(ULONG_PTR)Ticks.Argument2;
        CHECK(Fired.QuadPart >= Before.QuadPart + 40 * MS && Fired.QuadPart <= After.QuadPart);
    }
    KmSleepMs(60);
    CHECK_EQ(Ticks.Count, 1);
    CHECK(!KeCancelTimer(&Timer)); /* expired: out of the queue */
    CHECK(KeReadStateTimer(&Timer)); /* cancel leaves the state alone */

    /* KeSetTimer makes the timer not signalled again */
    CHECK(!KeSetTimer(&Timer, Relative(1000), NULL));
    CHECK(!KeReadStateTimer(&Timer));
    /* setting a timer that is in the queue: TRUE, and the old due time is gone */
    memset(&Ticks, 0, sizeof Ticks);
    Start = KmNowMs();
    CHECK(KeSetTimer(&Timer, Relative(30), &Dpc));
    CHECK(WaitTicks(&Ticks, 1, 3000));
    CHECK(Ticks.FirstMs - Start < 900);

    /* an absolute due time (system time) */
    {
        LARGE_INTEGER Due;
        memset(&Ticks, 0, sizeof Ticks);
        KeQuerySystemTime(&Due);
        Due.QuadPart += 60 * MS;
        Start = KmNowMs();
        CHECK(!KeSetTimer(&Timer, Due, &Dpc));
        CHECK(WaitTicks(&Ticks, 1, 3000));
        CHECK(Ticks.FirstMs - Start >= 50);
        KmSleepMs(30);
        CHECK_EQ(Ticks.Count, 1);
        /* an absolute time in the past: expires at once */
        memset(&Ticks, 0, sizeof Ticks);
        KeQuerySystemTime(&Due);
        Due.QuadPart -= 1000 * MS;
        CHECK(!KeSetTimer(&Timer, Due, &Dpc));
        CHECK(KeReadStateTimer(&Timer));
        CHECK(WaitTicks(&Ticks, 1, 3000));
    }

    /* a zero due time: signalled before KeSetTimer returns */
    memset(&Ticks, 0, sizeof Ticks);
    LARGE_INTEGER Zero = { .QuadPart = 0 };
    CHECK(!KeSetTimer(&Timer, Zero, &Dpc));
    CHECK(KeReadStateTimer(&Timer));
    CHECK(WaitTicks(&Ticks, 1, 3000));

    /* cancel before expiry: TRUE, the DPC never runs, the state stays */
    memset(&Ticks, 0, sizeof Ticks);
    CHECK(!KeSetTimer(&Timer, Relative(50), &Dpc));
    CHECK(KeCancelTimer(&Timer));
    CHECK(!KeCancelTimer(&Timer));
    KmSleepMs(100);
    CHECK_EQ(Ticks.Count, 0);
    CHECK(!KeReadStateTimer(&Timer));

    /* a periodic timer fires again and again, stays in the queue (cancel
       says TRUE), and stops when cancelled */
    memset(&Ticks, 0, sizeof Ticks);
    Start = KmNowMs();
    CHECK(!KeSetTimerEx(&Timer, Relative(10), 10, &Dpc));
    CHECK(WaitTicks(&Ticks, 5, 3000));
    CHECK(KmNowMs() - Start >= 45);
    CHECK(KeCancelTimer(&Timer));
    KeFlushQueuedDpcs();
    LONG Fired = Ticks.Count;
    KmSleepMs(60);
    CHECK_EQ(Ticks.Count, Fired);
    CHECK(!KeCancelTimer(&Timer));

    /* KeWaitForSingleObject on a timer: no timeout */
    KmSettle();
    KeInitializeTimer(&Timer);
    Start = KmNowMs();
    KeSetTimer(&Timer, Relative(40), NULL);
    CHECK_EQ(KeWaitForSingleObject(&Timer, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
    CHECK(KmNowMs() - Start >= 35);
    /* a notification timer stays signalled: the next wait returns at once */
    {
        LARGE_INTEGER Poll = { .QuadPart = 0 };
        CHECK_EQ(KeWaitForSingleObject(&Timer, Executive, KernelMode, FALSE, &Poll),
                 STATUS_SUCCESS);
    }
    /* with a timeout shorter than the timer: STATUS_TIMEOUT */
    KeSetTimer(&Timer, Relative(2000), NULL);
    {
        LARGE_INTEGER Timeout = Relative(30);
        Start = KmNowMs();
        CHECK_EQ(KeWaitForSingleObject(&Timer, Executive, KernelMode, FALSE, &Timeout),
                 STATUS_TIMEOUT);
        CHECK(KmNowMs() - Start < 1500);
        /* ... and longer than the timer: the timer wins */
        KeSetTimer(&Timer, Relative(30), NULL);
        Timeout = Relative(3000);
        Start = KmNowMs();
        CHECK_EQ(KeWaitForSingleObject(&Timer, Executive, KernelMode, FALSE, &Timeout),
                 STATUS_SUCCESS);
        CHECK(KmNowMs() - Start < 1500);
    }

    /* an earlier timer wakes the timer thread: a 30 ms timer set after a
       10 s one fires after 30 ms, not after 10 s */
    {
        KTIMER Late;
        KmSettle();
        KeInitializeTimer(&Late);
        KeInitializeTimer(&Timer);
        memset(&Ticks, 0, sizeof Ticks);
        KeSetTimer(&Late, Relative(10000), NULL);
        KmSleepMs(20); /* the timer thread is asleep until the late one */
        Start = KmNowMs();
        KeSetTimer(&Timer, Relative(30), &Dpc);
        CHECK(WaitTicks(&Ticks, 1, 3000));
        CHECK(Ticks.FirstMs - Start < 1000);
        CHECK(!KeReadStateTimer(&Late));
        CHECK(KeCancelTimer(&Late));
    }

    /* an absurdly distant due time saturates instead of wrapping around */
    {
        LARGE_INTEGER Far = { .QuadPart = -0x7fffffffffffffffLL };
        memset(&Ticks, 0, sizeof Ticks);
        KeSetTimer(&Timer, Far, &Dpc);
        KmSleepMs(50);
        CHECK_EQ(Ticks.Count, 0);
        CHECK(KeCancelTimer(&Timer));
        Far.QuadPart = 0x7fffffffffffffffLL; /* absolute, year 30828 */
        KeSetTimer(&Timer, Far, &Dpc);
        KmSleepMs(20);
        CHECK_EQ(Ticks.Count, 0);
        CHECK(KeCancelTimer(&Timer));
    }

    /* a notification timer wakes every waiter */
    {
        static KTIMER Shared;
        WAITER Waiters[3];
        volatile LONG Woken = 0;
        KeInitializeTimer(&Shared);
        for (int i = 0; i < 3; i++) {
            Waiters[i] = (WAITER){ .Timer = &Shared, .Woken = &Woken };
            pthread_create(&Waiters[i].Thread, NULL, WaiterMain, &Waiters[i]);
        }
        KmSleepMs(50);
        CHECK_EQ(Woken, 0);
        KeSetTimer(&Shared, Relative(20), NULL);
        for (int i = 0; i < 3; i++)
            pthread_join(Waiters[i].Thread, NULL);
        CHECK_EQ(Woken, 3);
        for (int i = 0; i < 3; i++)
            CHECK_EQ(Waiters[i].Status, STATUS_SUCCESS);
        CHECK(KeReadStateTimer(&Shared));
    }

    /* a synchronization timer wakes exactly one waiter per expiry, and the
       wake consumes the signal */
    {
        static KTIMER SyncTimer;
        WAITER Waiters[3];
        volatile LONG Woken = 0;
        KeInitializeTimerEx(&SyncTimer, SynchronizationTimer);
        for (int i = 0; i < 3; i++) {
            Waiters[i] = (WAITER){ .Timer = &SyncTimer, .Woken = &Woken };
            pthread_create(&Waiters[i].Thread, NULL, WaiterMain, &Waiters[i]);
        }
        KmSleepMs(50);
        for (LONG Expiry = 1; Expiry <= 3; Expiry++) {
            KeSetTimer(&SyncTimer, Relative(10), NULL);
            for (int i = 0; i < 3000 && Woken < Expiry; i++)
                KmSleepMs(1);
            KmSleepMs(50); /* nobody else wakes */
            CHECK_EQ(Woken, Expiry);
            CHECK(!KeReadStateTimer(&SyncTimer));
        }
        for (int i = 0; i < 3; i++)
            pthread_join(Waiters[i].Thread, NULL);
        /* with nobody waiting, the expiry leaves it signalled for the next wait */
        KeSetTimer(&SyncTimer, Relative(10), NULL);
        LARGE_INTEGER Timeout = Relative(3000);
        CHECK_EQ(KeWaitForSingleObject(&SyncTimer, Executive, KernelMode, FALSE, &Timeout),
                 STATUS_SUCCESS);
        CHECK(!KeReadStateTimer(&SyncTimer));
    }

    /* a waiter with a timeout on a timer that is never set */
    {
        static KTIMER Idle;
        volatile LONG Woken = 0;
        WAITER Waiter = { .Timer = &Idle, .Woken = &Woken, .HasTimeout = TRUE,
                          .Timeout = Relative(20) };
        KeInitializeTimer(&Idle);
        pthread_create(&Waiter.Thread, NULL, WaiterMain, &Waiter);
        pthread_join(Waiter.Thread, NULL);
        CHECK_EQ(Waiter.Status, STATUS_TIMEOUT);
    }

    /* many timers at once, due in an order other than the one they were set
       in: each fires once */
    {
        static KTIMER Many[32];
        static KDPC ManyDpc[32];
        static TICKS ManyTicks[32];
        for (int i = 0; i < 32; i++) {
            memset(&ManyTicks[i], 0, sizeof ManyTicks[i]);
            KeInitializeTimer(&Many[i]);
            KeInitializeDpc(&ManyDpc[i], CountingDpc, &ManyTicks[i]);
            KeSetTimer(&Many[i], Relative(10 + (i * 7) % 40), &ManyDpc[i]);
        }
        int Ok = 0;
        for (int i = 0; i < 32; i++)
            Ok += WaitTicks(&ManyTicks[i], 1, 3000);
        CHECK_EQ(Ok, 32);
        KmSleepMs(20);
        int Once = 0;
        for (int i = 0; i < 32; i++)
            Once += ManyTicks[i].Count == 1;
        CHECK_EQ(Once, 32);
    }

    /* a timer set before a fork fires in the child as well */
    memset(&ForkTicks, 0, sizeof ForkTicks);
    KeInitializeTimer(&ForkTimer);
    KeInitializeDpc(&ForkDpc, CountingDpc, &ForkTicks);
    KeSetTimer(&ForkTimer, Relative(100), &ForkDpc);
    Status = KmRunChild(ChildTimerAfterFork);
    CHECK(WIFEXITED(Status) && WEXITSTATUS(Status) == 7);
    CHECK(WaitTicks(&ForkTicks, 1, 3000));

    /* bad timer objects */
    Status = KmRunChild(ChildSetNullTimer);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x0000001E (KMODE_EXCEPTION_NOT_HANDLED)");
    CHECK_HAS(KmReport, "Arguments: 0x00000000c0000005 ");

    Status = KmRunChild(ChildSetUninitializedTimer);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x0000001E (KMODE_EXCEPTION_NOT_HANDLED)");
    CHECK_HAS(KmReport, "c0000420 0x"); /* STATUS_ASSERTION_FAILURE */

    Status = KmRunChild(ChildNegativePeriod);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "c0000420 0x");

    Status = KmRunChild(ChildUninitializedDpc);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "c0000420 0x");

    return test_summary("test_timer");
}
