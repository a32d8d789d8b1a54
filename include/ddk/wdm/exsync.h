/* wdm/exsync.h - part of wdm.h (see there).
 *
 * Executive synchronisation that drivers use beside spin locks and
 * dispatcher objects: critical and guarded regions, fast and guarded
 * mutexes, executive resources (ERESOURCE, reader/writer locks),
 * interlocked sequenced lists (SLIST) and lookaside lists.
 *
 * Structures have the x64 Windows layout and field names.  Uncontended
 * mutex acquire/release is one atomic instruction each; contention waits on
 * the embedded KEVENT (or the resource's KSEMAPHORE/KEVENT) through
 * KeWaitForSingleObject, like any other ntio wait.  Misuse that Windows
 * would deadlock or corrupt on (recursive fast mutex, releasing a lock the
 * thread does not own, ERESOURCE use with APCs enabled, leaving a critical
 * region that was never entered) is a bug check with the code Driver
 * Verifier uses.
 */
#ifndef _NTIO_WDM_EXSYNC_H_
#define _NTIO_WDM_EXSYNC_H_

NTIO_BEGIN_DECLS

/* ------------------------------------------------ critical/guarded regions */

/* A critical region disables normal kernel APCs (and user APCs) for the
 * calling thread; a guarded region disables all APCs.  Both nest.  Leaving
 * one that was not entered is bug check 0xC4/0x3E (critical) or 0x1
 * APC_INDEX_MISMATCH (guarded). */
NTKERNELAPI VOID NTAPI KeEnterCriticalRegion(VOID);
NTKERNELAPI VOID NTAPI KeLeaveCriticalRegion(VOID);
NTKERNELAPI VOID NTAPI KeEnterGuardedRegion(VOID);
NTKERNELAPI VOID NTAPI KeLeaveGuardedRegion(VOID);
/* TRUE inside a critical or guarded region. */
NTKERNELAPI BOOLEAN NTAPI KeAreApcsDisabled(VOID);
/* TRUE inside a guarded region or at IRQL >= APC_LEVEL. */
NTKERNELAPI BOOLEAN NTAPI KeAreAllApcsDisabled(VOID);

/* ------------------------------------------------ fast and guarded mutexes */

/* FAST_MUTEX.Count: bit 0 set = free; bit 1 = one waiter has been woken to
 * take the lock; bits 2 and up = the number of waiters. */
#define FM_LOCK_BIT 0x1
#define FM_LOCK_BIT_V 0x0
#define FM_LOCK_WAITER_WOKEN 0x2
#define FM_LOCK_WAITER_INC 0x4

/* Since Windows 8 a guarded mutex is a fast mutex that enters a guarded
 * region instead of raising IRQL: one structure serves both. */
typedef struct _FAST_MUTEX {
    volatile LONG Count;
    PVOID Owner;            /* the owning KTHREAD, NULL when free */
    ULONG Contention;       /* how many acquisitions had to wait */
    KEVENT Event;           /* synchronization event the waiters sleep on */
    ULONG OldIrql;          /* IRQL before ExAcquireFastMutex, restored on release */
} FAST_MUTEX, *PFAST_MUTEX, KGUARDED_MUTEX, *PKGUARDED_MUTEX;

FORCEINLINE VOID ExInitializeFastMutex(PFAST_MUTEX FastMutex)
{
    FastMutex->Count = FM_LOCK_BIT;
    FastMutex->Owner = NULL;
    FastMutex->Contention = 0;
    KeInitializeEvent(&FastMutex->Event, SynchronizationEvent, FALSE);
}

/* Raise to APC_LEVEL (saving the old IRQL in the mutex), then acquire.
 * IRQL <= APC_LEVEL (else 0xC4/0x33); acquiring a fast mutex the thread
 * already owns is 0xC4/0x1000 (Windows would deadlock). */
NTKERNELAPI VOID FASTCALL ExAcquireFastMutex(PFAST_MUTEX FastMutex);
/* Release at APC_LEVEL (else 0xC4/0x34) and lower to the saved IRQL.
 * Releasing a mutex another thread owns: 0xC4/0x1004; one nobody owns:
 * 0xC4/0x1007. */
NTKERNELAPI VOID FASTCALL ExReleaseFastMutex(PFAST_MUTEX FastMutex);
/* TRUE (and at APC_LEVEL) if the mutex was free; FALSE, IRQL unchanged, if not. */
NTKERNELAPI BOOLEAN FASTCALL ExTryToAcquireFastMutex(PFAST_MUTEX FastMutex);
/* No IRQL change: the caller is at APC_LEVEL or in a critical region
 * (else 0xC4/0x39 on acquire, 0xC4/0x3A on release). */
NTKERNELAPI VOID FASTCALL ExAcquireFastMutexUnsafe(PFAST_MUTEX FastMutex);
NTKERNELAPI VOID FASTCALL ExReleaseFastMutexUnsafe(PFAST_MUTEX FastMutex);

NTKERNELAPI VOID FASTCALL KeInitializeGuardedMutex(PKGUARDED_MUTEX Mutex);
/* Enter a guarded region, then acquire (IRQL <= APC_LEVEL). */
NTKERNELAPI VOID FASTCALL KeAcquireGuardedMutex(PKGUARDED_MUTEX Mutex);
/* Release, then leave the guarded region. */
NTKERNELAPI VOID FASTCALL KeReleaseGuardedMutex(PKGUARDED_MUTEX Mutex);
NTKERNELAPI BOOLEAN FASTCALL KeTryToAcquireGuardedMutex(PKGUARDED_MUTEX Mutex);
/* The caller is at APC_LEVEL or already in a guarded/critical region. */
NTKERNELAPI VOID FASTCALL KeAcquireGuardedMutexUnsafe(PKGUARDED_MUTEX FastMutex);
NTKERNELAPI VOID FASTCALL KeReleaseGuardedMutexUnsafe(PKGUARDED_MUTEX FastMutex);

/* ------------------------------------------------------------ ERESOURCE */

typedef ULONG_PTR ERESOURCE_THREAD, *PERESOURCE_THREAD;

typedef struct _OWNER_ENTRY {
    ERESOURCE_THREAD OwnerThread;
    union {
        struct {
            ULONG IoPriorityBoosted : 1;
            ULONG OwnerReferenced : 1;
            ULONG IoQoSPriorityBoosted : 1;
            ULONG OwnerCount : 29;
        };
        ULONG TableSize;            /* in OwnerTable[0]: entries in the table */
    };
} OWNER_ENTRY, *POWNER_ENTRY;

/* An executive resource: many shared owners or one exclusive owner, both
 * recursive.  Nonpaged storage, 8-byte aligned; all state is guarded by
 * SpinLock.  SharedWaiters (a KSEMAPHORE) and ExclusiveWaiters (a
 * synchronization KEVENT) are allocated at the first contention and freed
 * by ExDeleteResourceLite. */
typedef struct _ERESOURCE {
    LIST_ENTRY SystemResourcesList;
    POWNER_ENTRY OwnerTable;        /* shared owners beyond OwnerEntry */
    SHORT ActiveCount;              /* nonzero while owned */
    union {
        USHORT Flag;
        struct {
            UCHAR ReservedLowFlags;
            UCHAR WaiterPriority;
        };
    };
    PVOID SharedWaiters;            /* PKSEMAPHORE */
    PVOID ExclusiveWaiters;         /* PKEVENT */
    OWNER_ENTRY OwnerEntry;         /* the exclusive owner, or a shared one */
    ULONG ActiveEntries;            /* owners (threads), not acquisitions */
    ULONG ContentionCount;
    ULONG NumberOfSharedWaiters;
    ULONG NumberOfExclusiveWaiters;
    PVOID Reserved2;
    union {
        PVOID Address;              /* ntio: who initialized it */
        ULONG_PTR CreatorBackTraceIndex;
    };
    KSPIN_LOCK SpinLock;
} ERESOURCE, *PERESOURCE;

/* ERESOURCE.Flag */
#define ResourceDisableBoost 0x08
#define ResourceNeverExclusive 0x10
#define ResourceReleaseByOtherThread 0x20
#define ResourceOwnedExclusive 0x80

#define ExGetCurrentResourceThread() ((ERESOURCE_THREAD)PsGetCurrentThread())

NTKERNELAPI NTSTATUS NTAPI ExInitializeResourceLite(PERESOURCE Resource);
NTKERNELAPI NTSTATUS NTAPI ExReinitializeResourceLite(PERESOURCE Resource);
NTKERNELAPI NTSTATUS NTAPI ExDeleteResourceLite(PERESOURCE Resource);

/* All acquire routines: IRQL <= APC_LEVEL and normal kernel APCs disabled
 * (KeEnterCriticalRegion) unless the caller is a system thread or at
 * APC_LEVEL (else 0xC4/0x37).  Wait FALSE: return FALSE instead of
 * waiting. */
NTKERNELAPI BOOLEAN NTAPI ExAcquireResourceExclusiveLite(PERESOURCE Resource, BOOLEAN Wait);
NTKERNELAPI BOOLEAN NTAPI ExAcquireResourceSharedLite(PERESOURCE Resource, BOOLEAN Wait);
/* Shared even while exclusive waiters are queued (only an exclusive owner blocks). */
NTKERNELAPI BOOLEAN NTAPI ExAcquireSharedStarveExclusive(PERESOURCE Resource, BOOLEAN Wait);
/* Shared, but queued behind exclusive waiters even if the caller owns it shared. */
NTKERNELAPI BOOLEAN NTAPI ExAcquireSharedWaitForExclusive(PERESOURCE Resource, BOOLEAN Wait);
NTKERNELAPI BOOLEAN NTAPI ExTryToAcquireResourceExclusiveLite(PERESOURCE Resource);

NTKERNELAPI VOID FASTCALL ExReleaseResourceLite(PERESOURCE Resource);
NTKERNELAPI VOID NTAPI ExReleaseResourceForThreadLite(PERESOURCE Resource,
                                                      ERESOURCE_THREAD ResourceThreadId);
NTKERNELAPI VOID NTAPI ExConvertExclusiveToSharedLite(PERESOURCE Resource);

NTKERNELAPI BOOLEAN NTAPI ExIsResourceAcquiredExclusiveLite(PERESOURCE Resource);
/* How many times the calling thread holds the resource (shared or exclusive). */
NTKERNELAPI ULONG NTAPI ExIsResourceAcquiredSharedLite(PERESOURCE Resource);
NTKERNELAPI ULONG NTAPI ExGetExclusiveWaiterCount(PERESOURCE Resource);
NTKERNELAPI ULONG NTAPI ExGetSharedWaiterCount(PERESOURCE Resource);

/* KeEnterCriticalRegion + acquire (waiting); the result is opaque. */
NTKERNELAPI PVOID NTAPI ExEnterCriticalRegionAndAcquireResourceExclusive(PERESOURCE Resource);
NTKERNELAPI PVOID NTAPI ExEnterCriticalRegionAndAcquireResourceShared(PERESOURCE Resource);
NTKERNELAPI PVOID NTAPI ExEnterCriticalRegionAndAcquireSharedWaitForExclusive(PERESOURCE Resource);
/* Release + KeLeaveCriticalRegion. */
NTKERNELAPI VOID FASTCALL ExReleaseResourceAndLeaveCriticalRegion(PERESOURCE Resource);

#define ExAcquireResourceExclusive ExAcquireResourceExclusiveLite
#define ExAcquireResourceShared ExAcquireResourceSharedLite
#define ExReleaseResource(R) (ExReleaseResourceLite(R))
#define ExReleaseResourceForThread ExReleaseResourceForThreadLite
#define ExIsResourceAcquiredLite ExIsResourceAcquiredSharedLite

/* ------------------------------------------- interlocked sequenced lists */

#ifndef NTIO_SLIST_DEFINED
#define NTIO_SLIST_DEFINED 1
/* Entries must be 16-byte aligned (pool blocks are). */
typedef struct DECLSPEC_ALIGN(16) _SLIST_ENTRY {
    struct _SLIST_ENTRY *Next;
} SLIST_ENTRY, *PSLIST_ENTRY;

/* Changed only by a 16-byte compare-exchange; Sequence changes on every
 * push and pop, so a pop racing with pop-push-push never succeeds on a
 * stale Next (the ABA problem). */
typedef union DECLSPEC_ALIGN(16) _SLIST_HEADER {
    struct {
        ULONGLONG Alignment;
        ULONGLONG Region;
    };
    struct {
        ULONGLONG Depth : 16;
        ULONGLONG Sequence : 48;
        ULONGLONG Reserved : 4;
        ULONGLONG NextEntry : 60;   /* first entry >> 4 */
    } HeaderX64;
} SLIST_HEADER, *PSLIST_HEADER;
#endif

/* Empty the header; raises STATUS_DATATYPE_MISALIGNMENT if it is not
 * 16-byte aligned. */
NTKERNELAPI VOID NTAPI InitializeSListHead(PSLIST_HEADER SListHead);
#define ExInitializeSListHead InitializeSListHead
NTKERNELAPI USHORT NTAPI ExQueryDepthSList(PSLIST_HEADER SListHead);
NTKERNELAPI PSLIST_ENTRY NTAPI FirstEntrySList(const SLIST_HEADER *SListHead);
/* Push returns the previous first entry, pop the removed one (NULL when
 * empty), flush the whole chain (the list is left empty).  Pushing an
 * entry that is not 16-byte aligned raises STATUS_DATATYPE_MISALIGNMENT. */
NTKERNELAPI PSLIST_ENTRY NTAPI ExpInterlockedPushEntrySList(PSLIST_HEADER ListHead,
                                                            PSLIST_ENTRY ListEntry);
NTKERNELAPI PSLIST_ENTRY NTAPI ExpInterlockedPopEntrySList(PSLIST_HEADER ListHead);
NTKERNELAPI PSLIST_ENTRY NTAPI ExpInterlockedFlushSList(PSLIST_HEADER ListHead);

#define InterlockedPushEntrySList(Head, Entry) ExpInterlockedPushEntrySList(Head, Entry)
#define InterlockedPopEntrySList(Head) ExpInterlockedPopEntrySList(Head)
#define InterlockedFlushSList(Head) ExpInterlockedFlushSList(Head)
#define QueryDepthSList(Head) ExQueryDepthSList(Head)
/* The spin lock argument is ignored on 64-bit Windows too. */
#define ExInterlockedPushEntrySList(Head, Entry, Lock) ExpInterlockedPushEntrySList(Head, Entry)
#define ExInterlockedPopEntrySList(Head, Lock) ExpInterlockedPopEntrySList(Head)
#define ExInterlockedFlushSList(Head) ExpInterlockedFlushSList(Head)

/* ------------------------------------------------------- lookaside lists */

struct _LOOKASIDE_LIST_EX;
typedef struct _LOOKASIDE_LIST_EX *PLOOKASIDE_LIST_EX;

typedef PVOID ALLOCATE_FUNCTION(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
typedef ALLOCATE_FUNCTION *PALLOCATE_FUNCTION;
typedef VOID FREE_FUNCTION(PVOID Buffer);
typedef FREE_FUNCTION *PFREE_FUNCTION;
typedef PVOID ALLOCATE_FUNCTION_EX(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag,
                                   PLOOKASIDE_LIST_EX Lookaside);
typedef ALLOCATE_FUNCTION_EX *PALLOCATE_FUNCTION_EX;
typedef VOID FREE_FUNCTION_EX(PVOID Buffer, PLOOKASIDE_LIST_EX Lookaside);
typedef FREE_FUNCTION_EX *PFREE_FUNCTION_EX;

/* Windows declares the classic lists cache aligned (64 bytes).  ntio keeps
 * their size (0x80) but asks only for the 16-byte alignment that pool and
 * device extensions guarantee: a list embedded in a device extension would
 * otherwise be a misaligned object, which UBSan rightly reports. */
#define LOOKASIDE_ALIGN DECLSPEC_ALIGN(16)

/* The cache: up to Depth freed entries wait in ListHead for the next
 * allocation.  Depth starts at 4 and moves between 4 and MaximumDepth with
 * the miss rate.  The counters are statistics. */
#define GENERAL_LOOKASIDE_LAYOUT                \
    union {                                     \
        SLIST_HEADER ListHead;                  \
        SINGLE_LIST_ENTRY SingleListHead;       \
    };                                          \
    USHORT Depth;                               \
    USHORT MaximumDepth;                        \
    ULONG TotalAllocates;                       \
    union {                                     \
        ULONG AllocateMisses;                   \
        ULONG AllocateHits;                     \
    };                                          \
    ULONG TotalFrees;                           \
    union {                                     \
        ULONG FreeMisses;                       \
        ULONG FreeHits;                         \
    };                                          \
    POOL_TYPE Type;                             \
    ULONG Tag;                                  \
    ULONG Size;                                 \
    union {                                     \
        PALLOCATE_FUNCTION_EX AllocateEx;       \
        PALLOCATE_FUNCTION Allocate;            \
    };                                          \
    union {                                     \
        PFREE_FUNCTION_EX FreeEx;               \
        PFREE_FUNCTION Free;                    \
    };                                          \
    LIST_ENTRY ListEntry;                       \
    ULONG LastTotalAllocates;                   \
    union {                                     \
        ULONG LastAllocateMisses;               \
        ULONG LastAllocateHits;                 \
    };                                          \
    ULONG Future[2];

typedef struct LOOKASIDE_ALIGN _GENERAL_LOOKASIDE {
    GENERAL_LOOKASIDE_LAYOUT
    ULONG64 CacheLinePadding[4];    /* to the Windows size, 0x80 */
} GENERAL_LOOKASIDE, *PGENERAL_LOOKASIDE;

typedef struct _GENERAL_LOOKASIDE_POOL {
    GENERAL_LOOKASIDE_LAYOUT
} GENERAL_LOOKASIDE_POOL, *PGENERAL_LOOKASIDE_POOL;

typedef struct LOOKASIDE_ALIGN _NPAGED_LOOKASIDE_LIST {
    GENERAL_LOOKASIDE L;
} NPAGED_LOOKASIDE_LIST, *PNPAGED_LOOKASIDE_LIST;

typedef struct LOOKASIDE_ALIGN _PAGED_LOOKASIDE_LIST {
    GENERAL_LOOKASIDE L;
} PAGED_LOOKASIDE_LIST, *PPAGED_LOOKASIDE_LIST;

typedef struct _LOOKASIDE_LIST_EX {
    GENERAL_LOOKASIDE_POOL L;
} LOOKASIDE_LIST_EX;

#define LOOKASIDE_MINIMUM_BLOCK_SIZE (RTL_SIZEOF_THROUGH_FIELD(SLIST_ENTRY, Next))
#define EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL 0x00000001UL
#define EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE 0x00000002UL
#define EX_MAXIMUM_LOOKASIDE_DEPTH_BASE 256
#define EX_MAXIMUM_LOOKASIDE_DEPTH_LIMIT 1024
#ifndef POOL_NX_ALLOCATION
#define POOL_NX_ALLOCATION 512
#endif
#ifndef POOL_QUOTA_FAIL_INSTEAD_OF_RAISE
#define POOL_QUOTA_FAIL_INSTEAD_OF_RAISE 8
#endif

/* Allocate/Free NULL: entries come from ExAllocatePoolWithTag(Type, Size,
 * Tag) and go back with ExFreePool.  Flags: POOL_NX_ALLOCATION,
 * POOL_RAISE_IF_ALLOCATION_FAILURE.  Depth is reserved (0).  The list
 * itself must be 16-byte aligned; initializing a live list is 0xC4/0xCA,
 * a Size below LOOKASIDE_MINIMUM_BLOCK_SIZE 0xC4/0xCD. */
NTKERNELAPI VOID NTAPI ExInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
                                                       PALLOCATE_FUNCTION Allocate,
                                                       PFREE_FUNCTION Free, ULONG Flags,
                                                       SIZE_T Size, ULONG Tag, USHORT Depth);
/* Frees the cached entries; deleting a list that is not initialized is 0xC4/0xCB. */
NTKERNELAPI VOID NTAPI ExDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside);
NTKERNELAPI PVOID NTAPI ExAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside);
NTKERNELAPI VOID NTAPI ExFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry);

NTKERNELAPI VOID NTAPI ExInitializePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside,
                                                      PALLOCATE_FUNCTION Allocate,
                                                      PFREE_FUNCTION Free, ULONG Flags,
                                                      SIZE_T Size, ULONG Tag, USHORT Depth);
NTKERNELAPI VOID NTAPI ExDeletePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside);
NTKERNELAPI PVOID NTAPI ExAllocateFromPagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside);
NTKERNELAPI VOID NTAPI ExFreeToPagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry);

/* STATUS_INVALID_PARAMETER_4 for a bad PoolType, _5 for bad Flags. */
NTKERNELAPI NTSTATUS NTAPI ExInitializeLookasideListEx(PLOOKASIDE_LIST_EX Lookaside,
                                                       PALLOCATE_FUNCTION_EX Allocate,
                                                       PFREE_FUNCTION_EX Free, POOL_TYPE PoolType,
                                                       ULONG Flags, SIZE_T Size, ULONG Tag,
                                                       USHORT Depth);
NTKERNELAPI VOID NTAPI ExDeleteLookasideListEx(PLOOKASIDE_LIST_EX Lookaside);
/* Free every cached entry; the list stays usable. */
NTKERNELAPI VOID NTAPI ExFlushLookasideListEx(PLOOKASIDE_LIST_EX Lookaside);
NTKERNELAPI PVOID NTAPI ExAllocateFromLookasideListEx(PLOOKASIDE_LIST_EX Lookaside);
NTKERNELAPI VOID NTAPI ExFreeToLookasideListEx(PLOOKASIDE_LIST_EX Lookaside, PVOID Entry);

NTIO_END_DECLS

#endif /* _NTIO_WDM_EXSYNC_H_ */
