/*
 * tests/unit/test_remlock.c - remove locks (kernel/io/remlock.c).
 *
 * Acquire and release from several threads, IoReleaseRemoveLockAndWait
 * waiting for every holder, STATUS_DELETE_PENDING once the remove has
 * started, and the checked-build reports ntio always makes: a tag that was
 * never acquired, a release too many, HighWatermark, MaxLockedMinutes.
 */
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include "kmtest.h"

#define TAG_RL 0x6b636c52 /* 'Rlck' */

static ULONG Outstanding(PIO_REMOVE_LOCK Lock)
{
    ULONG n = 0;
    for (PLIST_ENTRY E = Lock->Dbg.LockList.Flink; E != &Lock->Dbg.LockList; E = E->Flink)
        n++;
    return n;
}

/* ---- basics ---------------------------------------------------------------- */

static void TestBasics(void)
{
    IO_REMOVE_LOCK Lock;
    int A, B;

    IoInitializeRemoveLock(&Lock, TAG_RL, 0, 0);
    CHECK_EQ(Lock.Common.IoCount, 1);
    CHECK(!Lock.Common.Removed);
    CHECK_EQ(IoAcquireRemoveLock(&Lock, &A), STATUS_SUCCESS);
    CHECK_EQ(IoAcquireRemoveLock(&Lock, &B), STATUS_SUCCESS);
    CHECK_EQ(IoAcquireRemoveLock(&Lock, &A), STATUS_SUCCESS); /* tags need not be unique */
    CHECK_EQ(Lock.Common.IoCount, 4);
    CHECK_EQ(Outstanding(&Lock), 3);
    IoReleaseRemoveLock(&Lock, &A);
    IoReleaseRemoveLock(&Lock, &B);
    IoReleaseRemoveLock(&Lock, &A);
    CHECK_EQ(Lock.Common.IoCount, 1);
    CHECK_EQ(Outstanding(&Lock), 0);
    CHECK_EQ(KeReadStateEvent(&Lock.Common.RemoveEvent), 0);

    /* acquire from DISPATCH_LEVEL (allowed) */
    KIRQL Old;
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    CHECK_EQ(IoAcquireRemoveLock(&Lock, NULL), STATUS_SUCCESS);
    IoReleaseRemoveLock(&Lock, NULL);
    KeLowerIrql(Old);

    /* nobody else holds it: the remove does not wait */
    CHECK_EQ(IoAcquireRemoveLock(&Lock, &A), STATUS_SUCCESS);
    IoReleaseRemoveLockAndWait(&Lock, &A);
    CHECK(Lock.Common.Removed);
    CHECK_EQ(Lock.Common.IoCount, 0);
    CHECK_EQ(IoAcquireRemoveLock(&Lock, &B), STATUS_DELETE_PENDING);
    CHECK_EQ(Lock.Common.IoCount, 0);
    CHECK_EQ(Outstanding(&Lock), 0); /* a failed acquire leaves no tracking block */

    /* the common block alone (what a free build's IO_REMOVE_LOCK holds):
     * counting without tag tracking */
    IO_REMOVE_LOCK Plain;
    memset(&Plain, 0xCC, sizeof Plain);
    IoInitializeRemoveLockEx(&Plain, TAG_RL, 0, 0, sizeof(IO_REMOVE_LOCK_COMMON_BLOCK));
    CHECK_EQ(Plain.Common.IoCount, 1);
    CHECK_EQ(IoAcquireRemoveLockEx(&Plain, &A, __FILE__, __LINE__, sizeof(IO_REMOVE_LOCK_COMMON_BLOCK)),
             STATUS_SUCCESS);
    IoReleaseRemoveLockEx(&Plain, &B, sizeof(IO_REMOVE_LOCK_COMMON_BLOCK)); /* tags not checked */
    CHECK_EQ(Plain.Common.IoCount, 1);
    CHECK_EQ(IoAcquireRemoveLockEx(&Plain, &A, __FILE__, __LINE__, sizeof(IO_REMOVE_LOCK_COMMON_BLOCK)),
             STATUS_SUCCESS);
    IoReleaseRemoveLockAndWaitEx(&Plain, &A, sizeof(IO_REMOVE_LOCK_COMMON_BLOCK));
    CHECK_EQ(Plain.Common.IoCount, 0);

    /* an unknown size: Windows leaves the lock untouched */
    memset(&Plain, 0xCC, sizeof Plain);
    IoInitializeRemoveLockEx(&Plain, TAG_RL, 0, 0, 12);
    CHECK_EQ((ULONG)Plain.Common.IoCount, 0xCCCCCCCCu);

    /* a NULL lock is ignored */
    IoInitializeRemoveLock(NULL, TAG_RL, 0, 0);
}

/* ---- several threads -------------------------------------------------------- */

#define HAMMER_THREADS 4
#define HAMMER_ROUNDS 20000

static IO_REMOVE_LOCK SharedLock;
static volatile LONG HammerFailures;

static VOID NTAPI HammerThread(PVOID Arg)
{
    /* each thread its own tag, several acquisitions nested */
    for (int i = 0; i < HAMMER_ROUNDS; i++) {
        if (IoAcquireRemoveLock(&SharedLock, Arg) != STATUS_SUCCESS)
            InterlockedIncrement(&HammerFailures);
        if ((i & 3) == 0) {
            if (IoAcquireRemoveLock(&SharedLock, (PCHAR)Arg + 1) != STATUS_SUCCESS)
                InterlockedIncrement(&HammerFailures);
            IoReleaseRemoveLock(&SharedLock, (PCHAR)Arg + 1);
        }
        IoReleaseRemoveLock(&SharedLock, Arg);
    }
}

static void TestThreads(void)
{
    static char Tags[HAMMER_THREADS][2];
    PVOID T[HAMMER_THREADS];

    IoInitializeRemoveLock(&SharedLock, TAG_RL, 1, 0);
    for (int i = 0; i < HAMMER_THREADS; i++)
        T[i] = KmStartThread(HammerThread, Tags[i]);
    for (int i = 0; i < HAMMER_THREADS; i++)
        KmJoinThread(T[i]);
    CHECK_EQ(HammerFailures, 0);
    CHECK_EQ(SharedLock.Common.IoCount, 1);
    CHECK_EQ(Outstanding(&SharedLock), 0);
    CHECK_EQ(SharedLock.Dbg.LowMemoryCount, 0);
}

/* ---- the remove waits for every holder -------------------------------------- */

#define HOLDERS 3

static IO_REMOVE_LOCK RemoveLock;
static volatile LONG HoldersIn;
static volatile LONG HoldersOut;
static volatile LONG ReleasedBeforeWaitEnded;

static VOID NTAPI HolderThread(PVOID Arg)
{
    LONG Index = (LONG)(ULONG_PTR)Arg;
    if (IoAcquireRemoveLock(&RemoveLock, Arg) != STATUS_SUCCESS)
        InterlockedIncrement(&HammerFailures);
    InterlockedIncrement(&HoldersIn);
    KmSleepMs(30 + 20 * Index);
    InterlockedIncrement(&HoldersOut);
    IoReleaseRemoveLock(&RemoveLock, Arg);
}

static void TestReleaseAndWait(void)
{
    PVOID T[HOLDERS];
    int Mine;

    IoInitializeRemoveLock(&RemoveLock, TAG_RL, 0, 0);
    CHECK_EQ(IoAcquireRemoveLock(&RemoveLock, &Mine), STATUS_SUCCESS);
    for (int i = 0; i < HOLDERS; i++)
        T[i] = KmStartThread(HolderThread, (PVOID)(ULONG_PTR)(i + 1));
    while (__atomic_load_n(&HoldersIn, __ATOMIC_ACQUIRE) < HOLDERS)
        KmSleepMs(1);
    CHECK_EQ(RemoveLock.Common.IoCount, HOLDERS + 2);

    /* like IRP_MN_REMOVE_DEVICE: returns only once every holder let go */
    IoReleaseRemoveLockAndWait(&RemoveLock, &Mine);
    CHECK_EQ(HoldersOut, HOLDERS);
    CHECK_EQ(RemoveLock.Common.IoCount, 0);
    CHECK_EQ(HammerFailures, 0);
    CHECK_EQ(Outstanding(&RemoveLock), 0);
    CHECK_EQ(IoAcquireRemoveLock(&RemoveLock, &Mine), STATUS_DELETE_PENDING);
    for (int i = 0; i < HOLDERS; i++)
        KmJoinThread(T[i]);
}

/* ---- DELETE_PENDING while the remove waits ---------------------------------- */

static IO_REMOVE_LOCK PendingLock;
static volatile LONG WaiterDone;
static volatile LONG HolderMayRelease;
static int HolderTag, WaiterTag;

static VOID NTAPI PendingHolder(PVOID Arg)
{
    UNREFERENCED_PARAMETER(Arg);
    while (!__atomic_load_n(&HolderMayRelease, __ATOMIC_ACQUIRE))
        KmSleepMs(1);
    IoReleaseRemoveLock(&PendingLock, &HolderTag);
}

static VOID NTAPI PendingWaiter(PVOID Arg)
{
    UNREFERENCED_PARAMETER(Arg);
    IoReleaseRemoveLockAndWait(&PendingLock, &WaiterTag);
    __atomic_store_n(&WaiterDone, 1, __ATOMIC_RELEASE);
}

static void TestDeletePending(void)
{
    int Late;

    IoInitializeRemoveLock(&PendingLock, TAG_RL, 0, 0);
    CHECK_EQ(IoAcquireRemoveLock(&PendingLock, &HolderTag), STATUS_SUCCESS);
    CHECK_EQ(IoAcquireRemoveLock(&PendingLock, &WaiterTag), STATUS_SUCCESS);
    PVOID Holder = KmStartThread(PendingHolder, NULL);
    PVOID Waiter = KmStartThread(PendingWaiter, NULL);

    while (!*(volatile BOOLEAN *)&PendingLock.Common.Removed)
        KmSleepMs(1);
    /* the remove has started: new acquisitions fail, the count is untouched */
    CHECK_EQ(IoAcquireRemoveLock(&PendingLock, &Late), STATUS_DELETE_PENDING);
    CHECK_EQ(IoAcquireRemoveLock(&PendingLock, &Late), STATUS_DELETE_PENDING);
    KmSleepMs(20);
    CHECK_EQ(WaiterDone, 0); /* still waiting for the holder */
    CHECK_EQ(PendingLock.Common.IoCount, 1);
    CHECK_EQ(Outstanding(&PendingLock), 1);

    __atomic_store_n(&HolderMayRelease, 1, __ATOMIC_RELEASE);
    KmJoinThread(Waiter);
    KmJoinThread(Holder);
    CHECK_EQ(WaiterDone, 1);
    CHECK_EQ(PendingLock.Common.IoCount, 0);
    CHECK_EQ(IoAcquireRemoveLock(&PendingLock, &Late), STATUS_DELETE_PENDING);
}

/* ---- bad input: the checked build's reports --------------------------------- */

static IO_REMOVE_LOCK BadLock;
static int TagA, TagB;

static void ChildWrongTag(void)
{
    IoInitializeRemoveLock(&BadLock, TAG_RL, 0, 0);
    IoAcquireRemoveLock(&BadLock, &TagA);
    IoReleaseRemoveLock(&BadLock, &TagB);
}

static void ChildReleaseTwice(void)
{
    IoInitializeRemoveLock(&BadLock, TAG_RL, 0, 0);
    IoAcquireRemoveLock(&BadLock, &TagA);
    IoReleaseRemoveLock(&BadLock, &TagA);
    IoReleaseRemoveLock(&BadLock, &TagA);
}

static void ChildReleaseTwiceUntracked(void)
{
    ULONG Size = sizeof(IO_REMOVE_LOCK_COMMON_BLOCK);
    IoInitializeRemoveLockEx(&BadLock, TAG_RL, 0, 0, Size);
    IoAcquireRemoveLockEx(&BadLock, &TagA, __FILE__, __LINE__, Size);
    IoReleaseRemoveLockEx(&BadLock, &TagA, Size);
    IoReleaseRemoveLockEx(&BadLock, &TagA, Size);
}

static void ChildHighWatermark(void)
{
    IoInitializeRemoveLock(&BadLock, TAG_RL, 0, 2);
    IoAcquireRemoveLock(&BadLock, &TagA);
    IoAcquireRemoveLock(&BadLock, &TagA);
    _exit(IoAcquireRemoveLock(&BadLock, &TagB) == STATUS_SUCCESS ? 5 : 6); /* the third is one too many */
}

static void ChildWaitWithWrongTag(void)
{
    IoInitializeRemoveLock(&BadLock, TAG_RL, 0, 0);
    IoAcquireRemoveLock(&BadLock, &TagA);
    IoReleaseRemoveLockAndWait(&BadLock, &TagB);
}

static void ChildHeldTooLong(void)
{
    IoInitializeRemoveLock(&BadLock, TAG_RL, 1, 0);
    BadLock.Dbg.MaxLockedTicks = 10 * 1000; /* 1 ms instead of a minute */
    IoAcquireRemoveLock(&BadLock, &TagA);
    IoAcquireRemoveLock(&BadLock, &TagB);
    KmSleepMs(5);
    IoReleaseRemoveLock(&BadLock, &TagB);
}

static void ChildWaitAtDispatch(void)
{
    KIRQL Old;
    IoInitializeRemoveLock(&BadLock, TAG_RL, 0, 0);
    IoAcquireRemoveLock(&BadLock, &TagA);
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    IoReleaseRemoveLockAndWait(&BadLock, &TagA);
}

static void ChildBadHighWatermark(void)
{
    IoInitializeRemoveLock(&BadLock, TAG_RL, 0, 0x80000000u);
}

static void TestBadInput(void)
{
    int Status;

    Status = KmRunChildProcess("WrongTag");
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "*** ntio BUGCHECK 0x0000001E (KMODE_EXCEPTION_NOT_HANDLED)");
    CHECK_HAS(KmReport, "Arguments: 0xffffffffc0000420 ");
    CHECK_HAS(KmStderr, "IoReleaseRemoveLock: lock ");
    CHECK_HAS(KmStderr, "has no outstanding acquisition");
    CHECK_HAS(KmStderr, "acquired at ");
    CHECK_HAS(KmStderr, "test_remlock.c:");
    CHECK_HAS(KmStderr, "Assertion failed");

    Status = KmRunChildProcess("ReleaseTwice");
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "Arguments: 0xffffffffc0000420 ");
    CHECK_HAS(KmStderr, "has no outstanding acquisition");
    CHECK_HAS(KmStderr, "(no outstanding acquisitions)");

    /* without tag tracking, the count itself gives it away */
    Status = KmRunChildProcess("ReleaseTwiceUntracked");
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "Arguments: 0xffffffffc0000420 ");
    CHECK_HAS(KmStderr, "count fell to 0 with no remove in progress");

    Status = KmRunChildProcess("HighWatermark");
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "Arguments: 0xffffffffc0000420 ");
    CHECK_HAS(KmStderr, "3 outstanding acquisitions, more than its HighWatermark 2");

    Status = KmRunChildProcess("WaitWithWrongTag");
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmStderr, "IoReleaseRemoveLockAndWait: lock ");
    CHECK_HAS(KmStderr, "has no outstanding acquisition");

    Status = KmRunChildProcess("HeldTooLong");
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmStderr, "longer than its MaxLockedMinutes");
    CHECK_HAS(KmStderr, "test_remlock.c:");

    /* the wait is pageable code: DISPATCH_LEVEL is a bug check */
    Status = KmRunChildProcess("WaitAtDispatch");
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "*** ntio BUGCHECK 0x000000D1");

    Status = KmRunChildProcess("BadHighWatermark");
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmStderr, "HighWatermark 2147483648 is above 0x7FFFFFFF");
}

/* Bug-check children run in a fresh process (KmRunChildProcess). */
static const KM_CHILD Children[] = {
    { "WrongTag", ChildWrongTag },
    { "ReleaseTwice", ChildReleaseTwice },
    { "ReleaseTwiceUntracked", ChildReleaseTwiceUntracked },
    { "HighWatermark", ChildHighWatermark },
    { "WaitWithWrongTag", ChildWaitWithWrongTag },
    { "HeldTooLong", ChildHeldTooLong },
    { "WaitAtDispatch", ChildWaitAtDispatch },
    { "BadHighWatermark", ChildBadHighWatermark },
};

int main(int argc, char **argv)
{
    KmChildMain(argc, argv, Children, sizeof Children / sizeof Children[0]);
    TestBasics();
    TestThreads();
    TestReleaseAndWait();
    TestDeletePending();
    TestBadInput();
    return test_summary("test_remlock");
}
