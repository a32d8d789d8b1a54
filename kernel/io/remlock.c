/*
 * io/remlock.c - remove locks (IoAcquireRemoveLock and friends).
 *
 * A remove lock counts the operations in flight on a device so that the
 * PnP remove handler can wait for them before it detaches and deletes the
 * device.  Common.IoCount starts at 1 (the lock's own reference); each
 * acquisition adds one, each release takes one away.
 * IoReleaseRemoveLockAndWait sets Removed, drops the caller's acquisition
 * and the initial reference, and waits for RemoveEvent, which whoever
 * brings IoCount to 0 sets.  Once Removed is set, acquisitions fail with
 * STATUS_DELETE_PENDING.  The Removed/IoCount handshake needs no lock: an
 * acquirer increments IoCount before it reads Removed, the remover sets
 * Removed before it decrements, and both interlocked operations are full
 * barriers, so either the acquirer sees Removed or the remover sees the
 * acquirer's count and waits for its release.
 *
 * Tag tracking (the checked build's IO_REMOVE_LOCK_DBG_BLOCK) is always on
 * in ntio: every acquisition gets a tracking block (tag, file, line, time)
 * on Dbg.LockList, protected by Dbg.Spin.  What a checked build asserts on
 * is reported, then the assertion fails (RtlAssert: bug check 0x1E with
 * STATUS_ASSERTION_FAILURE, the report naming the driver and its stack):
 *   - releasing with a tag that has no outstanding acquisition (a release
 *     too many, or a tag that does not match the acquire);
 *   - IoReleaseRemoveLockAndWait with a tag that was not acquired;
 *   - more outstanding acquisitions than HighWatermark;
 *   - an acquisition held longer than MaxLockedMinutes (checked at the
 *     next release, as Windows does);
 *   - IoCount falling to 0 without a remove in progress.
 * An acquisition whose tracking block could not be allocated is counted in
 * Dbg.LowMemoryCount, and one release that finds no block is excused per
 * such failure, as on Windows.
 */
#include "iop.h"
#include "ex/ex.h"

#define IOP_REMLOCK_SIGNATURE 0x524C4F43 /* 'COLR' as Windows writes it */
#define IOP_100NS_PER_MINUTE (60LL * 10 * 1000 * 1000)

typedef struct _IO_REMOVE_LOCK_TRACKING_BLOCK {
    LIST_ENTRY Link;                /* on Dbg.LockList */
    PVOID Tag;
    PCSTR File;
    ULONG Line;
    ULONGLONG LockMoment;           /* interrupt time of the acquisition */
} IO_REMOVE_LOCK_TRACKING_BLOCK;

#define IOP_COMMON_SIZE sizeof(IO_REMOVE_LOCK_COMMON_BLOCK)
#define IOP_TRACKED_SIZE (sizeof(IO_REMOVE_LOCK_COMMON_BLOCK) + sizeof(IO_REMOVE_LOCK_DBG_BLOCK))

static BOOLEAN IopIsTracked(PIO_REMOVE_LOCK Lock, ULONG RemlockSize)
{
    return RemlockSize == IOP_TRACKED_SIZE && Lock->Dbg.Signature == IOP_REMLOCK_SIGNATURE;
}

/* List every outstanding acquisition (Dbg.Spin held, or about to fail). */
static VOID IopDumpAcquisitions(PIO_REMOVE_LOCK Lock)
{
    PLIST_ENTRY Head = &Lock->Dbg.LockList;
    if (IsListEmpty(Head)) {
        DbgPrint("  (no outstanding acquisitions)\n");
        return;
    }
    DbgPrint("  outstanding acquisitions:\n");
    for (PLIST_ENTRY E = Head->Flink; E != Head; E = E->Flink) {
        PIO_REMOVE_LOCK_TRACKING_BLOCK B = CONTAINING_RECORD(E, IO_REMOVE_LOCK_TRACKING_BLOCK, Link);
        DbgPrint("    tag %p acquired at %s:%u\n", B->Tag, B->File ? B->File : "?", B->Line);
    }
}

/* The checked build's assertion: it does not return. */
static VOID IopRemoveLockAssert(PCSTR Assertion, PCSTR File, ULONG Line, PCSTR Message)
{
    RtlAssert((PVOID)Assertion, (PVOID)File, Line, (PSTR)Message);
}

NTIO_EXPORT VOID IoInitializeRemoveLockEx(PIO_REMOVE_LOCK Lock, ULONG AllocateTag,
                                          ULONG MaxLockedMinutes, ULONG HighWatermark,
                                          ULONG RemlockSize)
{
    PAGED_CODE();
    if (!Lock)
        return;
    if (HighWatermark > MAXLONG) {
        DbgPrint("IoInitializeRemoveLock: lock %p: HighWatermark %u is above 0x7FFFFFFF\n", Lock,
                 HighWatermark);
        IopRemoveLockAssert("HighWatermark <= MAXLONG", __FILE__, __LINE__,
                            "IoInitializeRemoveLock: HighWatermark out of range");
    }
    if (RemlockSize == IOP_TRACKED_SIZE) {
        Lock->Dbg.Signature = IOP_REMLOCK_SIGNATURE;
        Lock->Dbg.HighWatermark = HighWatermark;
        Lock->Dbg.MaxLockedTicks = (LONGLONG)MaxLockedMinutes * IOP_100NS_PER_MINUTE;
        Lock->Dbg.AllocateTag = (LONG)AllocateTag;
        InitializeListHead(&Lock->Dbg.LockList);
        KeInitializeSpinLock(&Lock->Dbg.Spin);
        Lock->Dbg.LowMemoryCount = 0;
        memset(Lock->Dbg.Reserved1, 0, sizeof Lock->Dbg.Reserved1);
        Lock->Dbg.Reserved2 = NULL;
        Lock->Dbg.Blocks = NULL;
    } else if (RemlockSize != IOP_COMMON_SIZE) {
        /* Windows leaves a lock of an unknown size untouched; say so, since
         * every later use of it is undefined. */
        DbgPrint("IoInitializeRemoveLockEx: lock %p: unknown RemlockSize %u, not initialized\n",
                 Lock, RemlockSize);
        return;
    }
    Lock->Common.Removed = FALSE;
    memset(Lock->Common.Reserved, 0, sizeof Lock->Common.Reserved);
    Lock->Common.IoCount = 1;
    KeInitializeEvent(&Lock->Common.RemoveEvent, SynchronizationEvent, FALSE);
}

NTIO_EXPORT NTSTATUS IoAcquireRemoveLockEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, PCSTR File,
                                           ULONG Line, ULONG RemlockSize)
{
    PIO_REMOVE_LOCK Lock = RemoveLock;
    LONG Count = InterlockedIncrement(&Lock->Common.IoCount);

    if (*(volatile BOOLEAN *)&Lock->Common.Removed) {
        /* Too late: undo, and if the remover is waiting for the last
         * reference to go, this may be it. */
        if (InterlockedDecrement(&Lock->Common.IoCount) == 0)
            KeSetEvent(&Lock->Common.RemoveEvent, IO_NO_INCREMENT, FALSE);
        return STATUS_DELETE_PENDING;
    }
    if (Count <= 1) {
        DbgPrint("IoAcquireRemoveLock: lock %p: count %d, the lock was released more often than "
                 "acquired or was never initialized\n", Lock, (int)Count);
        IopRemoveLockAssert("IoCount > 1", File, Line,
                            "IoAcquireRemoveLock: lock value was not positive");
    }
    if (!IopIsTracked(Lock, RemlockSize))
        return STATUS_SUCCESS;

    if (Lock->Dbg.HighWatermark && (ULONG)(Count - 1) > Lock->Dbg.HighWatermark) {
        DbgPrint("IoAcquireRemoveLock: lock %p: %d outstanding acquisitions, more than its "
                 "HighWatermark %u; tag %p at %s:%u\n", Lock, (int)(Count - 1),
                 Lock->Dbg.HighWatermark, Tag, File ? File : "?", Line);
        IopDumpAcquisitions(Lock);
        IopRemoveLockAssert("outstanding acquisitions <= HighWatermark", File, Line,
                            "Remove lock over HighWatermark: too many outstanding requests?");
    }

    /* Charged to the driver that acquired, so an acquisition never
     * released shows up in its pool leak report under the lock's tag. */
    PIO_REMOVE_LOCK_TRACKING_BLOCK Block =
        ExpAllocatePool(NonPagedPool, sizeof *Block, (ULONG)Lock->Dbg.AllocateTag,
                        __builtin_return_address(0));
    if (!Block) {
        InterlockedIncrement(&Lock->Dbg.LowMemoryCount);
        return STATUS_SUCCESS;
    }
    Block->Tag = Tag;
    Block->File = File;
    Block->Line = Line;
    Block->LockMoment = KeQueryInterruptTime();
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Lock->Dbg.Spin);
    InsertHeadList(&Lock->Dbg.LockList, &Block->Link);
    KeReleaseSpinLock(&Lock->Dbg.Spin, OldIrql);
    return STATUS_SUCCESS;
}

/* Take the newest outstanding acquisition made with Tag off the list, and
 * check every outstanding one against MaxLockedMinutes.  A missing tag is
 * reported (after the excuse of an untracked acquisition is used up). */
static VOID IopUntrackAcquisition(PIO_REMOVE_LOCK Lock, PVOID Tag, PCSTR Who)
{
    PIO_REMOVE_LOCK_TRACKING_BLOCK Found = NULL;
    ULONGLONG Now = KeQueryInterruptTime();
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Lock->Dbg.Spin);
    PLIST_ENTRY Head = &Lock->Dbg.LockList;

    for (PLIST_ENTRY E = Head->Flink; E != Head; E = E->Flink) {
        PIO_REMOVE_LOCK_TRACKING_BLOCK B = CONTAINING_RECORD(E, IO_REMOVE_LOCK_TRACKING_BLOCK, Link);
        if (Lock->Dbg.MaxLockedTicks && (LONGLONG)(Now - B->LockMoment) > Lock->Dbg.MaxLockedTicks) {
            DbgPrint("%s: lock %p: tag %p held for %I64d ms, longer than its MaxLockedMinutes "
                     "(%I64d); acquired at %s:%u\n", Who, Lock, B->Tag,
                     (LONGLONG)(Now - B->LockMoment) / 10000,
                     Lock->Dbg.MaxLockedTicks / IOP_100NS_PER_MINUTE,
                     B->File ? B->File : "?", B->Line);
            IopRemoveLockAssert("remove lock held no longer than MaxLockedMinutes", B->File, B->Line,
                                "Remove lock held too long");
        }
        if (!Found && B->Tag == Tag)
            Found = B;
    }
    if (Found) {
        RemoveEntryList(&Found->Link);
        KeReleaseSpinLock(&Lock->Dbg.Spin, OldIrql);
        ExpFreePool(Found, (ULONG)Lock->Dbg.AllocateTag, TRUE, NULL);
        return;
    }
    if (InterlockedDecrement(&Lock->Dbg.LowMemoryCount) >= 0) {
        /* The matching acquisition was not tracked for lack of pool. */
        KeReleaseSpinLock(&Lock->Dbg.Spin, OldIrql);
        return;
    }
    InterlockedIncrement(&Lock->Dbg.LowMemoryCount);
    DbgPrint("%s: lock %p: tag %p has no outstanding acquisition (released more often than "
             "acquired, or with a tag that does not match the IoAcquireRemoveLock)\n", Who, Lock,
             Tag);
    IopDumpAcquisitions(Lock);
    IopRemoveLockAssert("tag found in the lock tracking list", __FILE__, __LINE__,
                        "Remove lock released with a tag that was never acquired");
}

NTIO_EXPORT VOID IoReleaseRemoveLockEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, ULONG RemlockSize)
{
    PIO_REMOVE_LOCK Lock = RemoveLock;

    if (IopIsTracked(Lock, RemlockSize))
        IopUntrackAcquisition(Lock, Tag, "IoReleaseRemoveLock");

    LONG Count = InterlockedDecrement(&Lock->Common.IoCount);
    if (Count > 0)
        return;
    if (Count < 0 || !*(volatile BOOLEAN *)&Lock->Common.Removed) {
        /* Only the remover's own references may bring the count to 0. */
        DbgPrint("IoReleaseRemoveLock: lock %p: count fell to %d with no remove in progress "
                 "(released more often than acquired)\n", Lock, (int)Count);
        IopRemoveLockAssert("IoCount > 0 || Removed", __FILE__, __LINE__,
                            "Remove lock released more often than acquired");
    }
    KeSetEvent(&Lock->Common.RemoveEvent, IO_NO_INCREMENT, FALSE);
}

NTIO_EXPORT VOID IoReleaseRemoveLockAndWaitEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag,
                                              ULONG RemlockSize)
{
    PIO_REMOVE_LOCK Lock = RemoveLock;

    PAGED_CODE();
    /* The caller must hold an acquisition made with Tag: checked before
     * anything changes, so the report shows the lock as it was. */
    if (IopIsTracked(Lock, RemlockSize))
        IopUntrackAcquisition(Lock, Tag, "IoReleaseRemoveLockAndWait");

    /* From here on every acquisition fails; Removed is published before the
     * decrements (full barriers) that the acquirers' increments race with. */
    Lock->Common.Removed = TRUE;
    LONG Count = InterlockedDecrement(&Lock->Common.IoCount); /* the caller's acquisition */
    if (Count <= 0) {
        DbgPrint("IoReleaseRemoveLockAndWait: lock %p: count %d, the caller holds no acquisition "
                 "(or the lock was already removed)\n", Lock, (int)Count);
        IopRemoveLockAssert("IoCount > 0", __FILE__, __LINE__,
                            "IoReleaseRemoveLockAndWait without holding the lock");
    }
    if (InterlockedDecrement(&Lock->Common.IoCount) > 0) /* the initial reference */
        KeWaitForSingleObject(&Lock->Common.RemoveEvent, Executive, KernelMode, FALSE, NULL);

    /* Every holder has released: each took its own tracking block away. */
    if (IopIsTracked(Lock, RemlockSize) && !IsListEmpty(&Lock->Dbg.LockList)) {
        DbgPrint("IoReleaseRemoveLockAndWait: lock %p: tracking blocks left after the wait\n",
                 Lock);
        IopDumpAcquisitions(Lock);
        IopRemoveLockAssert("no outstanding acquisitions after the remove", __FILE__, __LINE__,
                            "Remove lock tracking list not empty after IoReleaseRemoveLockAndWait");
    }
}
