/*
 * test_apc.c - kernel and user APCs: when each kind runs (IRQL, critical
 * and guarded regions, waits), in whose context, in what order, the
 * kernel routine before the normal one, insert/remove rules, and rundown
 * when the target thread exits.
 */
#include <pthread.h>
#include "kmtest.h"

static int Order[16], OrderCount;
static KIRQL KernelIrql, NormalIrql;
static PKTHREAD RanOn;

static VOID Kernel(PKAPC Apc, PKNORMAL_ROUTINE *Normal, PVOID *Context, PVOID *A1, PVOID *A2)
{
    KernelIrql = KeGetCurrentIrql();
    RanOn = KeGetCurrentThread();
    Order[OrderCount++] = (int)(ULONG_PTR)*A1;
    if (*A2 == (PVOID)1)
        *Normal = NULL; /* the kernel routine may cancel the normal one */
}

static VOID Normal(PVOID Context, PVOID A1, PVOID A2)
{
    NormalIrql = KeGetCurrentIrql();
    Order[OrderCount++] = 100 + (int)(ULONG_PTR)A1;
}

static void TestSelf(void)
{
    KAPC Special, Norm;
    PKTHREAD Me = KeGetCurrentThread();
    KIRQL Old;

    /* At PASSIVE_LEVEL a special APC to oneself runs at once, at APC_LEVEL. */
    OrderCount = 0;
    KeInitializeApc(&Special, Me, OriginalApcEnvironment, Kernel, NULL, NULL, KernelMode, NULL);
    CHECK(KeInsertQueueApc(&Special, (PVOID)1, NULL, 0));
    CHECK_EQ(OrderCount, 1);
    CHECK_EQ(KernelIrql, APC_LEVEL);
    CHECK(!Special.Inserted);

    /* Raised IRQL holds APCs until it is lowered. */
    OrderCount = 0;
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    KeInitializeApc(&Norm, Me, OriginalApcEnvironment, Kernel, NULL, Normal, KernelMode, (PVOID)7);
    CHECK(KeInsertQueueApc(&Norm, (PVOID)2, NULL, 0));
    CHECK(!KeInsertQueueApc(&Norm, (PVOID)2, NULL, 0)); /* already queued */
    CHECK_EQ(OrderCount, 0);
    KeLowerIrql(Old);
    CHECK_EQ(OrderCount, 2);
    CHECK_EQ(Order[0], 2);
    CHECK_EQ(Order[1], 102);      /* kernel routine, then normal routine */
    CHECK_EQ(NormalIrql, PASSIVE_LEVEL);

    /* A critical region holds normal APCs, not special ones. */
    OrderCount = 0;
    KeEnterCriticalRegion();
    KeInitializeApc(&Norm, Me, OriginalApcEnvironment, Kernel, NULL, Normal, KernelMode, NULL);
    KeInsertQueueApc(&Norm, (PVOID)3, NULL, 0);
    KeInitializeApc(&Special, Me, OriginalApcEnvironment, Kernel, NULL, NULL, KernelMode, NULL);
    KeInsertQueueApc(&Special, (PVOID)4, NULL, 0);
    CHECK_EQ(OrderCount, 1);
    CHECK_EQ(Order[0], 4);
    KeLeaveCriticalRegion();
    CHECK_EQ(OrderCount, 3);
    CHECK_EQ(Order[1], 3);
    CHECK_EQ(Order[2], 103);

    /* A guarded region holds both; specials run first when it ends. */
    OrderCount = 0;
    KeEnterGuardedRegion();
    KeInitializeApc(&Norm, Me, OriginalApcEnvironment, Kernel, NULL, Normal, KernelMode, NULL);
    KeInsertQueueApc(&Norm, (PVOID)5, (PVOID)1, 0); /* its kernel routine cancels the normal one */
    KeInitializeApc(&Special, Me, OriginalApcEnvironment, Kernel, NULL, NULL, KernelMode, NULL);
    KeInsertQueueApc(&Special, (PVOID)6, NULL, 0);
    CHECK_EQ(OrderCount, 0);
    KeLeaveGuardedRegion();
    CHECK_EQ(OrderCount, 2);
    CHECK_EQ(Order[0], 6); /* special first */
    CHECK_EQ(Order[1], 5); /* and no normal routine for 5 */

    /* Removed before it ran: never runs. */
    OrderCount = 0;
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    KeInitializeApc(&Norm, Me, OriginalApcEnvironment, Kernel, NULL, Normal, KernelMode, NULL);
    KeInsertQueueApc(&Norm, (PVOID)8, NULL, 0);
    CHECK(KeRemoveQueueApc(&Norm));
    CHECK(!KeRemoveQueueApc(&Norm));
    KeLowerIrql(Old);
    CHECK_EQ(OrderCount, 0);
}

/* A thread blocked in a wait runs an APC queued to it, then waits on. */
static KEVENT Go, Waiting;
static PKTHREAD Waiter;
static volatile NTSTATUS WaiterStatus = 1;
static void *WaitThread(void *Arg)
{
    (void)Arg;
    Waiter = KeGetCurrentThread();
    KeSetEvent(&Waiting, 0, FALSE);
    WaiterStatus = KeWaitForSingleObject(&Go, Executive, KernelMode, FALSE, NULL);
    return NULL;
}

static void TestInterruptedWait(void)
{
    pthread_t T;
    KAPC Apc;
    KeInitializeEvent(&Go, NotificationEvent, FALSE);
    KeInitializeEvent(&Waiting, NotificationEvent, FALSE);
    pthread_create(&T, NULL, WaitThread, NULL);
    KeWaitForSingleObject(&Waiting, Executive, KernelMode, FALSE, NULL);
    usleep(20000); /* let it block */
    OrderCount = 0;
    RanOn = NULL;
    KeInitializeApc(&Apc, Waiter, OriginalApcEnvironment, Kernel, NULL, Normal, KernelMode, NULL);
    CHECK(KeInsertQueueApc(&Apc, (PVOID)9, NULL, 0));
    for (int i = 0; i < 500 && OrderCount < 2; i++)
        usleep(1000);
    CHECK_EQ(OrderCount, 2);
    CHECK(RanOn == Waiter);           /* in the target thread's context */
    CHECK_EQ(WaiterStatus, 1);        /* and the wait goes on */
    KeSetEvent(&Go, 0, FALSE);
    pthread_join(T, NULL);
    CHECK_EQ(WaiterStatus, STATUS_SUCCESS);
}

/* User APCs: only an alertable user-mode wait runs them; exit runs them down. */
static int RundownCalls;
static VOID Rundown(PKAPC Apc)
{
    (void)Apc;
    RundownCalls++;
}

static KAPC UserApc;
static void *QueueAndExit(void *Arg)
{
    (void)Arg;
    KeInitializeApc(&UserApc, KeGetCurrentThread(), OriginalApcEnvironment, Kernel, Rundown, Normal,
                    UserMode, NULL);
    KeInsertQueueApc(&UserApc, (PVOID)11, NULL, 0);
    return NULL; /* exits without an alertable wait */
}

static void TestUserApcs(void)
{
    KAPC Apc;
    KEVENT Never;
    LARGE_INTEGER Ms5 = { .QuadPart = -50000 };
    PKTHREAD Me = KeGetCurrentThread();
    KeInitializeEvent(&Never, NotificationEvent, FALSE);
    OrderCount = 0;
    KeInitializeApc(&Apc, Me, OriginalApcEnvironment, Kernel, NULL, Normal, UserMode, NULL);
    CHECK(KeInsertQueueApc(&Apc, (PVOID)10, NULL, 0));
    CHECK_EQ(OrderCount, 0); /* not a kernel APC */
    CHECK_EQ(KeWaitForSingleObject(&Never, Executive, KernelMode, TRUE, &Ms5), STATUS_TIMEOUT);
    CHECK_EQ(KeWaitForSingleObject(&Never, Executive, UserMode, FALSE, &Ms5), STATUS_TIMEOUT);
    CHECK_EQ(OrderCount, 0);
    CHECK_EQ(KeWaitForSingleObject(&Never, Executive, UserMode, TRUE, &Ms5), STATUS_USER_APC);
    CHECK(KiDeliverUserApcs());
    CHECK_EQ(OrderCount, 2);
    CHECK_EQ(Order[1], 110);

    pthread_t T;
    pthread_create(&T, NULL, QueueAndExit, NULL);
    pthread_join(T, NULL);
    CHECK_EQ(RundownCalls, 1); /* the exiting thread's APC was run down, not run */
}

int main(void)
{
    TestSelf();
    TestInterruptedWait();
    TestUserApcs();
    return test_summary("test_apc");
}
