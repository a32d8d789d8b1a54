/* wdm/queue.h - part of wdm.h (see there): kernel queue objects (KQUEUE).
 *
 * A kernel queue is a dispatcher object holding a list of entries
 * (LIST_ENTRY members of the caller's structures) and controlling how many
 * threads work on them at once: the concurrency value.  A thread that calls
 * KeRemoveQueue becomes associated with the queue; while as many associated
 * threads are running as the concurrency value allows, a remover waits, and
 * when an associated thread blocks in any other wait, a waiting remover is
 * released in its place.  Waiting removers are released last in, first out.
 * A queue is signalled while it holds entries: KeWaitForSingleObject on it
 * returns when an entry is queued (without removing it).
 *
 * The KQUEUE DDIs live in ntifs.h in the WDK; they are declared here so that
 * every driver header sees them.
 */
#ifndef _NTIO_WDM_QUEUE_H_
#define _NTIO_WDM_QUEUE_H_

NTIO_BEGIN_DECLS

typedef struct _KQUEUE {
    DISPATCHER_HEADER Header;       /* SignalState: the number of queued entries */
    LIST_ENTRY EntryListHead;
    volatile ULONG CurrentCount;    /* associated threads running now */
    ULONG MaximumCount;             /* the concurrency value */
    LIST_ENTRY ThreadListHead;      /* associated threads */
} KQUEUE, *PKQUEUE, *PRKQUEUE;

/* Count 0: as many threads as there are processors.  IRQL: any. */
NTKERNELAPI VOID NTAPI KeInitializeQueue(PRKQUEUE Queue, ULONG Count);
/* Queue Entry at the tail (KeInsertQueue) or the head (KeInsertHeadQueue),
 * or hand it straight to a waiting remover.  Returns the previous signal
 * state (the number of entries queued before).  IRQL <= DISPATCH_LEVEL. */
NTKERNELAPI LONG NTAPI KeInsertQueue(PRKQUEUE Queue, PLIST_ENTRY Entry);
NTKERNELAPI LONG NTAPI KeInsertHeadQueue(PRKQUEUE Queue, PLIST_ENTRY Entry);
/* Take the oldest entry, waiting up to Timeout (NULL: forever; 0: not at
 * all) and associating the thread with the queue (leaving any other).
 * Returns the entry (its Flink set to NULL), or (PLIST_ENTRY)STATUS_TIMEOUT,
 * or (PLIST_ENTRY)STATUS_ABANDONED when the queue was run down.  The wait
 * is not alertable (kernel APCs run during it; user APCs wait).  IRQL <=
 * DISPATCH_LEVEL (at DISPATCH_LEVEL only with a zero timeout; otherwise
 * bug check IRQL_NOT_LESS_OR_EQUAL). */
NTKERNELAPI PLIST_ENTRY NTAPI KeRemoveQueue(PRKQUEUE Queue, KPROCESSOR_MODE WaitMode,
                                            PLARGE_INTEGER Timeout);
/* The same, taking up to Count entries at once into EntryArray, and, when
 * Alertable, ending a user-mode wait with STATUS_USER_APC when user APCs
 * are queued to the thread.  Returns how many EntryArray slots it filled:
 * the entries taken, or 1 with the status in EntryArray[0] when none (0 if
 * Count is 0). */
NTKERNELAPI ULONG NTAPI KeRemoveQueueEx(PRKQUEUE Queue, KPROCESSOR_MODE WaitMode,
                                        BOOLEAN Alertable, PLARGE_INTEGER Timeout,
                                        PLIST_ENTRY *EntryArray, ULONG Count);
/* The number of entries queued.  IRQL: any. */
NTKERNELAPI LONG NTAPI KeReadStateQueue(PRKQUEUE Queue);
/* Take the queue out of use: dissociate its threads, release its waiting
 * removers with STATUS_ABANDONED and return the entries still queued, as a
 * circular list without a head starting at the returned entry (NULL if
 * none).  IRQL <= DISPATCH_LEVEL. */
NTKERNELAPI PLIST_ENTRY NTAPI KeRundownQueue(PRKQUEUE Queue);

NTIO_END_DECLS

#endif /* _NTIO_WDM_QUEUE_H_ */
