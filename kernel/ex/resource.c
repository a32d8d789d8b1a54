/*
 * ex/resource.c - executive resources (ERESOURCE): reader/writer locks
 * with recursive ownership, owner tracking and release on behalf of
 * another thread.
 *
 * Locking: every field of an ERESOURCE is guarded by its SpinLock (taken
 * with KeAcquireSpinLockRaiseToDpc, never held across a wait or a pool
 * allocation).  A thread that must wait registers itself (a count), drops
 * the spin lock and waits through the dispatcher: shared waiters on the
 * SharedWaiters semaphore, exclusive waiters on the ExclusiveWaiters
 * synchronization event, both allocated from nonpaged pool at the first
 * contention, as on Windows.
 *
 * Ownership:
 *   - exclusive: Flag has ResourceOwnedExclusive, OwnerEntry holds the
 *     owner and its recursion count, ActiveEntries = 1;
 *   - shared: each owning thread has one OWNER_ENTRY (OwnerEntry first,
 *     then OwnerTable[1..TableSize-1]) with its recursion count;
 *     ActiveEntries counts owners, ActiveCount is nonzero while owned.
 *
 * Hand-off: the release that frees the resource gives it to the waiters
 * before anyone else can take it.  After an exclusive owner, all shared
 * waiters are admitted together (ActiveEntries takes one slot per waiter,
 * and each woken waiter records its owner entry when it runs); after the
 * last shared owner, one exclusive waiter (OwnerEntry gets a placeholder
 * owner that the woken thread replaces with itself).  New shared requests
 * queue behind exclusive waiters (ExAcquireSharedStarveExclusive excepted),
 * so neither side starves.
 *
 * Checks, with the codes Windows and Driver Verifier use: acquiring or
 * releasing with normal kernel APCs enabled at PASSIVE_LEVEL in a
 * non-system thread (0xC4/0x37, 0x38), acquiring above APC_LEVEL
 * (0xC4/0x20007), an unaligned resource (0xC4/0x3D), an uninitialized one
 * (0xC4/0x1002), initializing a live one (0xC4/0xD0), deleting an
 * uninitialized one (0xC4/0xD1) or one that is owned or waited for
 * (0xC4/0x100B), a shared owner asking for exclusive access with Wait TRUE
 * - a certain deadlock on Windows - (0xC4/0x1000), releasing a resource
 * the thread does not own (0xE3 RESOURCE_NOT_OWNED) or on behalf of a
 * thread that does not own it (0x16E ERESOURCE_INVALID_RELEASE).
 */
#include "ex.h"
#include "ke/ke.h"

#define DRIVER_VERIFIER_DETECTED_VIOLATION 0x000000C4
#define RESOURCE_NOT_OWNED 0x000000E3
#define ERESOURCE_INVALID_RELEASE 0x0000016E

#define TAG_RESOURCE_TABLE TAG('R', 's', 'r', 'T')
#define TAG_RESOURCE_EVENT TAG('R', 's', 'r', 'E')
#define TAG_RESOURCE_SEMAPHORE TAG('R', 's', 'r', 'S')

/* ERESOURCE.Reserved2 of a live resource: its own address, scrambled, so
 * that a copy of a live resource or stale memory does not pass for one. */
#define EXP_RESOURCE_SIGNATURE 0x5265736f75726365ULL /* "Resource" */
/* OwnerEntry.OwnerThread while an exclusive hand-off is in flight. */
#define EXP_HANDOFF_OWNER ((ERESOURCE_THREAD)1)

static const char ExpIrqlRule[] =
    "IrqlExApcLte3: ExAcquireResource*Lite and ExAcquireShared* must be called at "
    "IRQL <= APC_LEVEL";

typedef enum _EXP_SHARED_MODE {
    ExpSharedNormal,            /* ExAcquireResourceSharedLite */
    ExpSharedStarveExclusive,   /* ExAcquireSharedStarveExclusive */
    ExpSharedWaitForExclusive,  /* ExAcquireSharedWaitForExclusive */
} EXP_SHARED_MODE;

typedef enum _EXP_WAKE {
    ExpWakeNone,
    ExpWakeShared,
    ExpWakeExclusive,
} EXP_WAKE;

static PVOID ExpResourceSignature(PERESOURCE Resource)
{
    return (PVOID)((ULONG_PTR)Resource ^ EXP_RESOURCE_SIGNATURE);
}

static ULONG_PTR ExpApcDisableOf(PKTHREAD Thread)
{
    return ((ULONG_PTR)(USHORT)Thread->SpecialApcDisable << 16) |
           (ULONG_PTR)(USHORT)Thread->KernelApcDisable;
}

static KIRQL ExpLockResource(PERESOURCE Resource)
{
    return KeAcquireSpinLockRaiseToDpc(&Resource->SpinLock);
}

static VOID ExpUnlockResource(PERESOURCE Resource, KIRQL OldIrql)
{
    KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
}

static VOID ExpCheckResource(PERESOURCE Resource)
{
    if ((ULONG_PTR)Resource & (sizeof(ULONG_PTR) - 1))
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x3D, 0, 0, (ULONG_PTR)Resource);
    if (Resource->Reserved2 != ExpResourceSignature(Resource))
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x1002, (ULONG_PTR)Resource, 0, 0);
}

/* Normal kernel APCs must be off while a resource is held, or a suspend
 * APC could stop the owner with everyone else waiting.  System threads
 * cannot be suspended and are exempt, as in Windows' own check; so is
 * APC_LEVEL, where no APC is delivered. */
static BOOLEAN ExpApcsEnabled(PKTHREAD Thread)
{
    return Thread->Irql < APC_LEVEL && !Thread->SystemThread && Thread->KernelApcDisable == 0 &&
           Thread->SpecialApcDisable == 0;
}

static VOID ExpCheckAcquire(PERESOURCE Resource, PKTHREAD Thread)
{
    ExpCheckResource(Resource);
    if (Thread->Irql > APC_LEVEL)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x20007, (ULONG_PTR)ExpIrqlRule, 0, 0);
    if (ExpApcsEnabled(Thread))
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x37, Thread->Irql,
                     ExpApcDisableOf(Thread), (ULONG_PTR)Resource);
}

/* The owner entry of Owner in a shared-owned resource, or NULL (lock held). */
static POWNER_ENTRY ExpFindOwner(PERESOURCE Resource, ERESOURCE_THREAD Owner)
{
    POWNER_ENTRY Table = Resource->OwnerTable;

    if (Resource->OwnerEntry.OwnerThread == Owner)
        return &Resource->OwnerEntry;
    if (Table)
        for (ULONG i = 1; i < Table[0].TableSize; i++)
            if (Table[i].OwnerThread == Owner)
                return &Table[i];
    return NULL;
}

/* A free owner entry, or NULL if the table must grow (lock held). */
static POWNER_ENTRY ExpFreeOwnerEntry(PERESOURCE Resource)
{
    POWNER_ENTRY Table = Resource->OwnerTable;

    if (Resource->OwnerEntry.OwnerThread == 0)
        return &Resource->OwnerEntry;
    if (Table)
        for (ULONG i = 1; i < Table[0].TableSize; i++)
            if (Table[i].OwnerThread == 0)
                return &Table[i];
    return NULL;
}

/* Nonpaged pool for the resource's waiter objects and owner table, charged
 * to the driver that called (Caller): if it never deletes the resource,
 * the leak report names it.  Out of memory: wait and retry, as Windows
 * does, since an acquire has no way to fail. */
static PVOID ExpAllocateForResource(SIZE_T Size, ULONG Tag, PVOID Caller)
{
    LARGE_INTEGER Delay;

    Delay.QuadPart = -10 * 1000; /* 1 ms */
    for (;;) {
        PVOID P = ExpAllocatePool(NonPagedPool, Size, Tag, Caller);
        if (P)
            return P;
        KeDelayExecutionThread(KernelMode, FALSE, &Delay);
    }
}

/* Grow the owner table.  Drops the spin lock meanwhile (*OldIrql is
 * updated); the caller re-examines the resource afterwards. */
static VOID ExpGrowOwnerTable(PERESOURCE Resource, PKIRQL OldIrql, PVOID Caller)
{
    POWNER_ENTRY OldTable = Resource->OwnerTable;
    ULONG OldSize = OldTable ? OldTable[0].TableSize : 0;
    ULONG NewSize = OldSize ? OldSize * 2 : 4;
    POWNER_ENTRY NewTable;

    ExpUnlockResource(Resource, *OldIrql);
    NewTable = ExpAllocateForResource(NewSize * sizeof(OWNER_ENTRY), TAG_RESOURCE_TABLE, Caller);
    memset(NewTable, 0, NewSize * sizeof(OWNER_ENTRY));
    *OldIrql = ExpLockResource(Resource);
    if (Resource->OwnerTable != OldTable || (OldTable && OldTable[0].TableSize != OldSize)) {
        ExpFreePool(NewTable, TAG_RESOURCE_TABLE, TRUE, Caller); /* another thread grew it */
        return;
    }
    if (OldTable)
        memcpy(NewTable, OldTable, OldSize * sizeof(OWNER_ENTRY));
    NewTable[0].OwnerThread = 0;
    NewTable[0].TableSize = NewSize;
    Resource->OwnerTable = NewTable;
    if (OldTable)
        ExpFreePool(OldTable, TAG_RESOURCE_TABLE, TRUE, Caller);
}

/* Create the shared waiters' semaphore or the exclusive waiters' event.
 * Drops the spin lock meanwhile; the caller re-examines the resource. */
static VOID ExpAllocateWaiters(PERESOURCE Resource, BOOLEAN Shared, PKIRQL OldIrql, PVOID Caller)
{
    PVOID Object;

    ExpUnlockResource(Resource, *OldIrql);
    if (Shared) {
        Object = ExpAllocateForResource(sizeof(KSEMAPHORE), TAG_RESOURCE_SEMAPHORE, Caller);
        KeInitializeSemaphore(Object, 0, MAXLONG);
    } else {
        Object = ExpAllocateForResource(sizeof(KEVENT), TAG_RESOURCE_EVENT, Caller);
        KeInitializeEvent(Object, SynchronizationEvent, FALSE);
    }
    *OldIrql = ExpLockResource(Resource);
    PVOID *Slot = Shared ? &Resource->SharedWaiters : &Resource->ExclusiveWaiters;
    if (*Slot == NULL)
        *Slot = Object;
    else
        ExpFreePool(Object, 0, FALSE, Caller);
}

/* The resource has just lost its last owner (lock held): hand it to the
 * waiters.  SharedFirst after an exclusive owner, so that readers queued
 * behind it get their turn; exclusive first after the last reader. */
static EXP_WAKE ExpHandOff(PERESOURCE Resource, BOOLEAN SharedFirst, PULONG SharedCount)
{
    if (Resource->NumberOfSharedWaiters != 0 &&
        (SharedFirst || Resource->NumberOfExclusiveWaiters == 0)) {
        *SharedCount = Resource->NumberOfSharedWaiters;
        Resource->NumberOfSharedWaiters = 0;
        Resource->Flag &= ~ResourceOwnedExclusive;
        Resource->ActiveEntries = *SharedCount;
        Resource->ActiveCount = 1;
        return ExpWakeShared;
    }
    if (Resource->NumberOfExclusiveWaiters != 0) {
        Resource->NumberOfExclusiveWaiters--;
        Resource->Flag |= ResourceOwnedExclusive;
        Resource->OwnerEntry.OwnerThread = EXP_HANDOFF_OWNER;
        Resource->OwnerEntry.OwnerCount = 1;
        Resource->ActiveEntries = 1;
        Resource->ActiveCount = 1;
        return ExpWakeExclusive;
    }
    Resource->Flag &= ~ResourceOwnedExclusive;
    Resource->ActiveCount = 0;
    return ExpWakeNone;
}

/* Unlock, then wake whom ExpHandOff chose. */
static VOID ExpUnlockAndWake(PERESOURCE Resource, KIRQL OldIrql, EXP_WAKE Wake, ULONG SharedCount)
{
    PVOID Semaphore = Resource->SharedWaiters;
    PVOID Event = Resource->ExclusiveWaiters;

    ExpUnlockResource(Resource, OldIrql);
    if (Wake == ExpWakeShared)
        KeReleaseSemaphore(Semaphore, 0, (LONG)SharedCount, FALSE);
    else if (Wake == ExpWakeExclusive)
        KeSetEvent(Event, 0, FALSE);
}

/* Take a free resource (lock held). */
static VOID ExpTakeFreeResource(PERESOURCE Resource, ERESOURCE_THREAD Me, BOOLEAN Exclusive)
{
    if (Exclusive)
        Resource->Flag |= ResourceOwnedExclusive;
    Resource->OwnerEntry.OwnerThread = Me;
    Resource->OwnerEntry.OwnerCount = 1;
    Resource->ActiveEntries = 1;
    Resource->ActiveCount = 1;
}

static BOOLEAN ExpAcquireResourceExclusive(PERESOURCE Resource, BOOLEAN Wait, PVOID Caller)
{
    PKTHREAD Thread = KiGetCurrentThread();
    ERESOURCE_THREAD Me = (ERESOURCE_THREAD)Thread;
    PVOID Event;
    KIRQL OldIrql;

    ExpCheckAcquire(Resource, Thread);
    OldIrql = ExpLockResource(Resource);
    for (;;) {
        if (Resource->ActiveEntries == 0) {
            ExpTakeFreeResource(Resource, Me, TRUE);
            ExpUnlockResource(Resource, OldIrql);
            return TRUE;
        }
        if (Resource->Flag & ResourceOwnedExclusive) {
            if (Resource->OwnerEntry.OwnerThread == Me) {
                Resource->OwnerEntry.OwnerCount++;
                ExpUnlockResource(Resource, OldIrql);
                return TRUE;
            }
        } else if (ExpFindOwner(Resource, Me)) {
            /* Shared to exclusive: the caller would wait for itself. */
            ExpUnlockResource(Resource, OldIrql);
            if (Wait)
                KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x1000, (ULONG_PTR)Resource, 0, 0);
            return FALSE;
        }
        if (!Wait) {
            ExpUnlockResource(Resource, OldIrql);
            return FALSE;
        }
        if (Resource->ExclusiveWaiters)
            break;
        ExpAllocateWaiters(Resource, FALSE, &OldIrql, Caller);
    }
    Resource->NumberOfExclusiveWaiters++;
    Resource->ContentionCount++;
    Event = Resource->ExclusiveWaiters;
    ExpUnlockResource(Resource, OldIrql);

    KeWaitForSingleObject(Event, WrResource, KernelMode, FALSE, NULL);

    /* The releaser made us the owner; put our name on it. */
    OldIrql = ExpLockResource(Resource);
    Resource->OwnerEntry.OwnerThread = Me;
    ExpUnlockResource(Resource, OldIrql);
    return TRUE;
}

/* A shared waiter was admitted (lock held): ActiveEntries already counts
 * it; record its owner entry. */
static VOID ExpRecordSharedGrant(PERESOURCE Resource, ERESOURCE_THREAD Me, PKIRQL OldIrql,
                                 PVOID Caller)
{
    for (;;) {
        POWNER_ENTRY Entry = ExpFindOwner(Resource, Me);
        if (Entry) {
            /* Already an owner (ExAcquireSharedWaitForExclusive by a reader):
             * one more acquisition, and one slot too many in ActiveEntries. */
            Entry->OwnerCount++;
            Resource->ActiveEntries--;
            return;
        }
        Entry = ExpFreeOwnerEntry(Resource);
        if (Entry) {
            Entry->OwnerThread = Me;
            Entry->OwnerCount = 1;
            return;
        }
        ExpGrowOwnerTable(Resource, OldIrql, Caller);
    }
}

static BOOLEAN ExpAcquireResourceShared(PERESOURCE Resource, BOOLEAN Wait, EXP_SHARED_MODE Mode,
                                        PVOID Caller)
{
    PKTHREAD Thread = KiGetCurrentThread();
    ERESOURCE_THREAD Me = (ERESOURCE_THREAD)Thread;
    PVOID Semaphore;
    KIRQL OldIrql;

    ExpCheckAcquire(Resource, Thread);
    OldIrql = ExpLockResource(Resource);
    for (;;) {
        if (Resource->ActiveEntries == 0) {
            ExpTakeFreeResource(Resource, Me, FALSE);
            ExpUnlockResource(Resource, OldIrql);
            return TRUE;
        }
        if (Resource->Flag & ResourceOwnedExclusive) {
            /* An exclusive owner asking for shared access gets another
             * exclusive acquisition: it is not converted. */
            if (Resource->OwnerEntry.OwnerThread == Me) {
                Resource->OwnerEntry.OwnerCount++;
                ExpUnlockResource(Resource, OldIrql);
                return TRUE;
            }
        } else {
            BOOLEAN ExclusiveWaiting = Resource->NumberOfExclusiveWaiters != 0;
            if (!(Mode == ExpSharedWaitForExclusive && ExclusiveWaiting)) {
                POWNER_ENTRY Entry = ExpFindOwner(Resource, Me);
                if (Entry) {
                    Entry->OwnerCount++;
                    ExpUnlockResource(Resource, OldIrql);
                    return TRUE;
                }
                if (!ExclusiveWaiting || Mode == ExpSharedStarveExclusive) {
                    Entry = ExpFreeOwnerEntry(Resource);
                    if (!Entry) {
                        ExpGrowOwnerTable(Resource, &OldIrql, Caller);
                        continue;
                    }
                    Entry->OwnerThread = Me;
                    Entry->OwnerCount = 1;
                    Resource->ActiveEntries++;
                    ExpUnlockResource(Resource, OldIrql);
                    return TRUE;
                }
            }
        }
        if (!Wait) {
            ExpUnlockResource(Resource, OldIrql);
            return FALSE;
        }
        if (Resource->SharedWaiters)
            break;
        ExpAllocateWaiters(Resource, TRUE, &OldIrql, Caller);
    }
    Resource->NumberOfSharedWaiters++;
    Resource->ContentionCount++;
    Semaphore = Resource->SharedWaiters;
    ExpUnlockResource(Resource, OldIrql);

    KeWaitForSingleObject(Semaphore, WrResource, KernelMode, FALSE, NULL);

    OldIrql = ExpLockResource(Resource);
    ExpRecordSharedGrant(Resource, Me, &OldIrql, Caller);
    ExpUnlockResource(Resource, OldIrql);
    return TRUE;
}

static DECLSPEC_NORETURN VOID ExpReleaseNotOwned(PERESOURCE Resource, ERESOURCE_THREAD Owner,
                                                 PKTHREAD Thread)
{
    if (Owner == (ERESOURCE_THREAD)Thread)
        KeBugCheckEx(RESOURCE_NOT_OWNED, (ULONG_PTR)Resource, (ULONG_PTR)Thread,
                     (ULONG_PTR)Resource->OwnerTable, 0);
    KeBugCheckEx(ERESOURCE_INVALID_RELEASE, (ULONG_PTR)Resource, (ULONG_PTR)Thread, Owner, 0);
}

static VOID ExpReleaseResource(PERESOURCE Resource, ERESOURCE_THREAD Owner)
{
    PKTHREAD Thread = KiGetCurrentThread();
    ULONG SharedCount = 0;
    EXP_WAKE Wake;
    KIRQL OldIrql;

    ExpCheckResource(Resource);
    if (ExpApcsEnabled(Thread))
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x38, Thread->Irql,
                     ExpApcDisableOf(Thread), (ULONG_PTR)Resource);
    OldIrql = ExpLockResource(Resource);
    if (Resource->Flag & ResourceOwnedExclusive) {
        if (Resource->OwnerEntry.OwnerThread != Owner) {
            ExpUnlockResource(Resource, OldIrql);
            ExpReleaseNotOwned(Resource, Owner, Thread);
        }
        if (--Resource->OwnerEntry.OwnerCount != 0) {
            ExpUnlockResource(Resource, OldIrql);
            return;
        }
        Resource->OwnerEntry.OwnerThread = 0;
        Resource->ActiveEntries = 0;
        Wake = ExpHandOff(Resource, TRUE, &SharedCount);
    } else {
        POWNER_ENTRY Entry = Resource->ActiveEntries ? ExpFindOwner(Resource, Owner) : NULL;
        if (!Entry || Owner == 0) {
            ExpUnlockResource(Resource, OldIrql);
            ExpReleaseNotOwned(Resource, Owner, Thread);
        }
        if (--Entry->OwnerCount != 0) {
            ExpUnlockResource(Resource, OldIrql);
            return;
        }
        Entry->OwnerThread = 0;
        if (--Resource->ActiveEntries != 0) {
            ExpUnlockResource(Resource, OldIrql);
            return;
        }
        Wake = ExpHandOff(Resource, FALSE, &SharedCount);
    }
    ExpUnlockAndWake(Resource, OldIrql, Wake, SharedCount);
}

/* Deleting or reinitializing a resource that someone holds or waits for
 * would free what they sleep on. */
static VOID ExpCheckResourceIdle(PERESOURCE Resource)
{
    KIRQL OldIrql = ExpLockResource(Resource);
    BOOLEAN Busy = Resource->ActiveEntries != 0 || Resource->NumberOfSharedWaiters != 0 ||
                   Resource->NumberOfExclusiveWaiters != 0;
    ERESOURCE_THREAD Owner = Resource->OwnerEntry.OwnerThread;

    ExpUnlockResource(Resource, OldIrql);
    if (Busy)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x100B, (ULONG_PTR)Resource, Owner, 0);
}

NTIO_EXPORT NTSTATUS ExInitializeResourceLite(PERESOURCE Resource)
{
    if ((ULONG_PTR)Resource & (sizeof(ULONG_PTR) - 1))
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x3D, 0, 0, (ULONG_PTR)Resource);
    if (Resource->Reserved2 == ExpResourceSignature(Resource))
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0xD0, (ULONG_PTR)Resource, 0, 0);
    memset(Resource, 0, sizeof *Resource);
    /* Resources are not chained into a system-wide list: a driver that
     * frees one without deleting it would corrupt the list far from the
     * bug.  The entry points to itself. */
    InitializeListHead(&Resource->SystemResourcesList);
    KeInitializeSpinLock(&Resource->SpinLock);
    Resource->Address = __builtin_return_address(0);
    Resource->Reserved2 = ExpResourceSignature(Resource);
    return STATUS_SUCCESS;
}

NTIO_EXPORT NTSTATUS ExReinitializeResourceLite(PERESOURCE Resource)
{
    POWNER_ENTRY Table;

    if ((ULONG_PTR)Resource & (sizeof(ULONG_PTR) - 1))
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x3D, 0, 0, (ULONG_PTR)Resource);
    /* Reinitializing stands for delete + initialize: the resource must be live. */
    if (Resource->Reserved2 != ExpResourceSignature(Resource))
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0xD1, (ULONG_PTR)Resource, 0, 0);
    ExpCheckResourceIdle(Resource);
    /* Keep what contention allocated, reset to the initial state. */
    Table = Resource->OwnerTable;
    if (Table)
        for (ULONG i = 1; i < Table[0].TableSize; i++) {
            Table[i].OwnerThread = 0;
            Table[i].OwnerCount = 0;
        }
    if (Resource->SharedWaiters)
        KeInitializeSemaphore(Resource->SharedWaiters, 0, MAXLONG);
    if (Resource->ExclusiveWaiters)
        KeInitializeEvent(Resource->ExclusiveWaiters, SynchronizationEvent, FALSE);
    Resource->Flag = 0;
    Resource->ActiveCount = 0;
    Resource->ActiveEntries = 0;
    Resource->OwnerEntry.OwnerThread = 0;
    Resource->OwnerEntry.TableSize = 0;
    Resource->ContentionCount = 0;
    Resource->NumberOfSharedWaiters = 0;
    Resource->NumberOfExclusiveWaiters = 0;
    KeInitializeSpinLock(&Resource->SpinLock);
    return STATUS_SUCCESS;
}

NTIO_EXPORT NTSTATUS ExDeleteResourceLite(PERESOURCE Resource)
{
    PVOID Caller = __builtin_return_address(0);

    if ((ULONG_PTR)Resource & (sizeof(ULONG_PTR) - 1))
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x3D, 0, 0, (ULONG_PTR)Resource);
    if (Resource->Reserved2 != ExpResourceSignature(Resource))
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0xD1, (ULONG_PTR)Resource, 0, 0);
    ExpCheckResourceIdle(Resource);
    if (Resource->OwnerTable)
        ExpFreePool(Resource->OwnerTable, TAG_RESOURCE_TABLE, TRUE, Caller);
    if (Resource->SharedWaiters)
        ExpFreePool(Resource->SharedWaiters, TAG_RESOURCE_SEMAPHORE, TRUE, Caller);
    if (Resource->ExclusiveWaiters)
        ExpFreePool(Resource->ExclusiveWaiters, TAG_RESOURCE_EVENT, TRUE, Caller);
    Resource->OwnerTable = NULL;
    Resource->SharedWaiters = NULL;
    Resource->ExclusiveWaiters = NULL;
    Resource->Reserved2 = NULL;
    return STATUS_SUCCESS;
}

NTIO_EXPORT BOOLEAN ExAcquireResourceExclusiveLite(PERESOURCE Resource, BOOLEAN Wait)
{
    return ExpAcquireResourceExclusive(Resource, Wait, __builtin_return_address(0));
}

NTIO_EXPORT BOOLEAN ExTryToAcquireResourceExclusiveLite(PERESOURCE Resource)
{
    return ExpAcquireResourceExclusive(Resource, FALSE, __builtin_return_address(0));
}

NTIO_EXPORT BOOLEAN ExAcquireResourceSharedLite(PERESOURCE Resource, BOOLEAN Wait)
{
    return ExpAcquireResourceShared(Resource, Wait, ExpSharedNormal, __builtin_return_address(0));
}

NTIO_EXPORT BOOLEAN ExAcquireSharedStarveExclusive(PERESOURCE Resource, BOOLEAN Wait)
{
    return ExpAcquireResourceShared(Resource, Wait, ExpSharedStarveExclusive,
                                    __builtin_return_address(0));
}

NTIO_EXPORT BOOLEAN ExAcquireSharedWaitForExclusive(PERESOURCE Resource, BOOLEAN Wait)
{
    return ExpAcquireResourceShared(Resource, Wait, ExpSharedWaitForExclusive,
                                    __builtin_return_address(0));
}

NTIO_EXPORT VOID ExReleaseResourceLite(PERESOURCE Resource)
{
    ExpReleaseResource(Resource, (ERESOURCE_THREAD)KiGetCurrentThread());
}

NTIO_EXPORT VOID ExReleaseResourceForThreadLite(PERESOURCE Resource,
                                                ERESOURCE_THREAD ResourceThreadId)
{
    ExpReleaseResource(Resource, ResourceThreadId);
}

NTIO_EXPORT VOID ExConvertExclusiveToSharedLite(PERESOURCE Resource)
{
    PKTHREAD Thread = KiGetCurrentThread();
    ULONG SharedCount = 0;
    EXP_WAKE Wake = ExpWakeNone;
    KIRQL OldIrql;

    ExpCheckResource(Resource);
    OldIrql = ExpLockResource(Resource);
    if (!(Resource->Flag & ResourceOwnedExclusive) ||
        Resource->OwnerEntry.OwnerThread != (ERESOURCE_THREAD)Thread) {
        ExpUnlockResource(Resource, OldIrql);
        KeBugCheckEx(RESOURCE_NOT_OWNED, (ULONG_PTR)Resource, (ULONG_PTR)Thread,
                     (ULONG_PTR)Resource->OwnerTable, 0);
    }
    /* The owner keeps its entry and count, now as a reader; the readers
     * that queued behind it come in with it. */
    Resource->Flag &= ~ResourceOwnedExclusive;
    if (Resource->NumberOfSharedWaiters != 0) {
        SharedCount = Resource->NumberOfSharedWaiters;
        Resource->NumberOfSharedWaiters = 0;
        Resource->ActiveEntries += SharedCount;
        Wake = ExpWakeShared;
    }
    ExpUnlockAndWake(Resource, OldIrql, Wake, SharedCount);
}

NTIO_EXPORT BOOLEAN ExIsResourceAcquiredExclusiveLite(PERESOURCE Resource)
{
    ERESOURCE_THREAD Me = (ERESOURCE_THREAD)KiGetCurrentThread();

    /* Only this thread can make the answer TRUE, so no lock is needed. */
    return (BOOLEAN)((__atomic_load_n(&Resource->Flag, __ATOMIC_RELAXED) & ResourceOwnedExclusive) &&
                     __atomic_load_n(&Resource->OwnerEntry.OwnerThread, __ATOMIC_RELAXED) == Me);
}

NTIO_EXPORT ULONG ExIsResourceAcquiredSharedLite(PERESOURCE Resource)
{
    ERESOURCE_THREAD Me = (ERESOURCE_THREAD)KiGetCurrentThread();
    ULONG Count = 0;
    KIRQL OldIrql;

    ExpCheckResource(Resource);
    OldIrql = ExpLockResource(Resource);
    if (Resource->Flag & ResourceOwnedExclusive) {
        if (Resource->OwnerEntry.OwnerThread == Me)
            Count = Resource->OwnerEntry.OwnerCount;
    } else if (Resource->ActiveEntries != 0) {
        POWNER_ENTRY Entry = ExpFindOwner(Resource, Me);
        if (Entry)
            Count = Entry->OwnerCount;
    }
    ExpUnlockResource(Resource, OldIrql);
    return Count;
}

NTIO_EXPORT ULONG ExGetExclusiveWaiterCount(PERESOURCE Resource)
{
    return __atomic_load_n(&Resource->NumberOfExclusiveWaiters, __ATOMIC_RELAXED);
}

NTIO_EXPORT ULONG ExGetSharedWaiterCount(PERESOURCE Resource)
{
    return __atomic_load_n(&Resource->NumberOfSharedWaiters, __ATOMIC_RELAXED);
}

NTIO_EXPORT PVOID ExEnterCriticalRegionAndAcquireResourceExclusive(PERESOURCE Resource)
{
    KeEnterCriticalRegion();
    ExpAcquireResourceExclusive(Resource, TRUE, __builtin_return_address(0));
    return KiGetCurrentThread();
}

NTIO_EXPORT PVOID ExEnterCriticalRegionAndAcquireResourceShared(PERESOURCE Resource)
{
    KeEnterCriticalRegion();
    ExpAcquireResourceShared(Resource, TRUE, ExpSharedNormal, __builtin_return_address(0));
    return KiGetCurrentThread();
}

NTIO_EXPORT PVOID ExEnterCriticalRegionAndAcquireSharedWaitForExclusive(PERESOURCE Resource)
{
    KeEnterCriticalRegion();
    ExpAcquireResourceShared(Resource, TRUE, ExpSharedWaitForExclusive,
                             __builtin_return_address(0));
    return KiGetCurrentThread();
}

NTIO_EXPORT VOID ExReleaseResourceAndLeaveCriticalRegion(PERESOURCE Resource)
{
    ExpReleaseResource(Resource, (ERESOURCE_THREAD)KiGetCurrentThread());
    KeLeaveCriticalRegion();
}
