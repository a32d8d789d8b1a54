/*
 * hostfs/async.c - overlapped reads and writes on host files.
 *
 * A read or write at an offset on a file object opened for asynchronous
 * I/O is pended and moved in the background, so ReadFile/WriteFile with an
 * OVERLAPPED return ERROR_IO_PENDING and the result arrives through the
 * event, the completion routine or the completion port, as with a real
 * disk.  The engine is one io_uring shared by all files: the requester
 * fills a submission entry (the IRP is its user data) and submits; a
 * system thread reaps completions and completes the IRPs at PASSIVE_LEVEL.
 * Where the host refuses io_uring (seccomp filters in containers, old
 * kernels, or NTIO_IO_URING=0), ntio says so once and the transfers run on
 * the system worker threads instead (pread/pwrite, ExQueueWorkItem).
 *
 * In-flight requests are not cancellable, as a disk transfer under NTFS is
 * not: CancelIo finds them, and they complete with their data.
 *
 * The IRP carries the state of its transfer in Tail.Overlay.DriverContext:
 * [0] bytes done, [1] file offset, [2] buffer, [3] the worker's item.
 * The descriptor is the CCB's, which lives until IRP_MJ_CLOSE, and the
 * I/O manager holds the file object for every outstanding IRP.
 */
#include "hostfs.h"

#include <errno.h>
#include <liburing.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOSTFS_RING_ENTRIES 256
#define HOSTFS_REAP_BATCH 64
#define HOSTFS_ASYNC_TAG ((ULONG)'H' | ((ULONG)'t' << 8) | ((ULONG)'A' << 16) | ((ULONG)'s' << 24))

enum { HOSTFS_ENGINE_UNSET, HOSTFS_ENGINE_URING, HOSTFS_ENGINE_WORKERS };

/* Chosen on first use, under HostfsEngineLock; read without it after. */
static volatile LONG HostfsEngine = HOSTFS_ENGINE_UNSET;
static pthread_mutex_t HostfsEngineLock = PTHREAD_MUTEX_INITIALIZER;
static struct io_uring HostfsRing;
/* The submission side of the ring (liburing's SQ has one producer). */
static KSPIN_LOCK HostfsSqLock;

#define CTX_DONE(Irp) ((Irp)->Tail.Overlay.DriverContext[0])
#define CTX_OFFSET(Irp) ((Irp)->Tail.Overlay.DriverContext[1])
#define CTX_BUFFER(Irp) ((Irp)->Tail.Overlay.DriverContext[2])
#define CTX_ITEM(Irp) ((Irp)->Tail.Overlay.DriverContext[3])

static BOOLEAN HostfsIsWrite(PIRP Irp)
{
    return IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_WRITE;
}

/* Read.Length and Write.Length share their place in the stack location. */
static ULONG HostfsLength(PIRP Irp)
{
    return IoGetCurrentIrpStackLocation(Irp)->Parameters.Read.Length;
}

static int HostfsFd(PIRP Irp)
{
    return ((PHOSTFS_CCB)IoGetCurrentIrpStackLocation(Irp)->FileObject->FsContext2)->Fd;
}

static VOID HostfsFinish(PIRP Irp, NTSTATUS Status)
{
    ULONG Done = (ULONG)(ULONG_PTR)CTX_DONE(Irp);
    HostfsComplete(Irp, Status, NT_SUCCESS(Status) ? Done : 0);
}

/* ------------------------------------------------------ worker threads */

/* The rest of Irp's transfer with pread/pwrite, here and now; completes it. */
static VOID HostfsTransferNow(PIRP Irp)
{
    ULONG Done = (ULONG)(ULONG_PTR)CTX_DONE(Irp);
    NTSTATUS Status = HostfsTransfer(HostfsFd(Irp), CTX_BUFFER(Irp), HostfsLength(Irp),
                                     (LONGLONG)(LONG_PTR)CTX_OFFSET(Irp), HostfsIsWrite(Irp), &Done);
    CTX_DONE(Irp) = (PVOID)(ULONG_PTR)Done;
    HostfsFinish(Irp, Status);
}

static VOID HostfsWorkerTransfer(PVOID Context)
{
    PIRP Irp = Context;
    ExFreePoolWithTag(CTX_ITEM(Irp), HOSTFS_ASYNC_TAG);
    HostfsTransferNow(Irp);
}

/* Run (the rest of) the transfer on a system worker thread; without the
 * memory for its work item, here and now. */
static VOID HostfsQueueToWorker(PIRP Irp)
{
    PWORK_QUEUE_ITEM Item = ExAllocatePoolWithTag(NonPagedPool, sizeof *Item, HOSTFS_ASYNC_TAG);
    if (!Item) {
        HostfsTransferNow(Irp);
        return;
    }
    CTX_ITEM(Irp) = Item;
    ExInitializeWorkItem(Item, HostfsWorkerTransfer, Irp);
    ExQueueWorkItem(Item, DelayedWorkQueue);
}

/* ------------------------------------------------------------ io_uring */

/* Queue the remaining part of Irp's transfer; FALSE if the ring has no
 * room (the caller falls back to a worker). */
static BOOLEAN HostfsRingSubmit(PIRP Irp)
{
    ULONG Done = (ULONG)(ULONG_PTR)CTX_DONE(Irp);
    PUCHAR Buffer = (PUCHAR)CTX_BUFFER(Irp) + Done;
    unsigned Bytes = HostfsLength(Irp) - Done;
    __u64 Offset = (__u64)((LONGLONG)(LONG_PTR)CTX_OFFSET(Irp) + Done);
    KIRQL OldIrql;

    KeAcquireSpinLock(&HostfsSqLock, &OldIrql);
    struct io_uring_sqe *Sqe = io_uring_get_sqe(&HostfsRing);
    if (!Sqe) {
        /* Full of entries not yet handed to the host: hand them over. */
        io_uring_submit(&HostfsRing);
        Sqe = io_uring_get_sqe(&HostfsRing);
    }
    if (Sqe) {
        if (HostfsIsWrite(Irp))
            io_uring_prep_write(Sqe, HostfsFd(Irp), Buffer, Bytes, Offset);
        else
            io_uring_prep_read(Sqe, HostfsFd(Irp), Buffer, Bytes, Offset);
        io_uring_sqe_set_data(Sqe, Irp);
        /* If the host is busy (-EBUSY, -EAGAIN) the entry stays in the
         * ring; the reaper hands it over after its next batch, or within
         * 10 ms. */
        io_uring_submit(&HostfsRing);
    }
    KeReleaseSpinLock(&HostfsSqLock, OldIrql);
    return Sqe != NULL;
}

/* Hand the host the entries still waiting in the ring. */
static VOID HostfsRingFlush(VOID)
{
    KIRQL OldIrql;
    KeAcquireSpinLock(&HostfsSqLock, &OldIrql);
    io_uring_submit(&HostfsRing);
    KeReleaseSpinLock(&HostfsSqLock, OldIrql);
}

/* Continue Irp's transfer through the ring, or on a worker if it is full. */
static VOID HostfsRingContinue(PIRP Irp)
{
    if (!HostfsRingSubmit(Irp))
        HostfsQueueToWorker(Irp);
}

/* One completion: finish the IRP, or continue a short transfer. */
static VOID HostfsRingCompleted(PIRP Irp, int Result)
{
    ULONG Done = (ULONG)(ULONG_PTR)CTX_DONE(Irp);
    ULONG Length = HostfsLength(Irp);
    BOOLEAN Write = HostfsIsWrite(Irp);
    /* The host cancels a request whose submitting thread exited (io_uring
     * ties requests to their submitter); ntio never cancels one itself,
     * and the IRP may outlive its thread (a port-bound file): submit the
     * rest again, now from this thread, which does not exit. */
    if (Result == -EINTR || Result == -EAGAIN || Result == -ECANCELED) {
        HostfsRingContinue(Irp);
        return;
    }
    if (Result < 0) {
        HostfsFinish(Irp, Done ? STATUS_SUCCESS : HostfsStatusFromErrno(-Result));
        return;
    }
    Done += (ULONG)Result;
    CTX_DONE(Irp) = (PVOID)(ULONG_PTR)Done;
    if (Result > 0 && Done < Length) {
        /* Short, not at the end: ask for the rest. */
        HostfsRingContinue(Irp);
        return;
    }
    HostfsFinish(Irp, HostfsTransferStatus(Write, Done, Length));
}

/* The reaper: a system thread that waits for completions, a batch at a
 * time (the ring's completion side has this one consumer). */
static VOID HostfsRingThread(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    for (;;) {
        struct io_uring_cqe *Cqe;
        /* Entries a failed submit left in the ring are handed over again
         * after at most 10 ms, even if no completion comes meanwhile. */
        struct __kernel_timespec Retry = { .tv_sec = 0, .tv_nsec = 10 * 1000 * 1000 };
        int Error = io_uring_sq_ready(&HostfsRing) ? io_uring_wait_cqe_timeout(&HostfsRing, &Cqe, &Retry)
                                                   : io_uring_wait_cqe(&HostfsRing, &Cqe);
        if (Error == -ETIME) {
            HostfsRingFlush();
            continue;
        }
        if (Error == -EINTR)
            continue;
        if (Error < 0) {
            fprintf(stderr, "ntio: hostfs: waiting for io_uring completions failed: %s\n",
                    strerror(-Error));
            abort();
        }
        PIRP Irps[HOSTFS_REAP_BATCH];
        int Results[HOSTFS_REAP_BATCH];
        unsigned Head, Count = 0;
        io_uring_for_each_cqe(&HostfsRing, Head, Cqe) {
            Irps[Count] = io_uring_cqe_get_data(Cqe);
            Results[Count] = Cqe->res;
            if (++Count == HOSTFS_REAP_BATCH)
                break;
        }
        /* Copied out first: completing may submit again. */
        io_uring_cq_advance(&HostfsRing, Count);
        for (unsigned i = 0; i < Count; i++)
            HostfsRingCompleted(Irps[i], Results[i]);
        if (io_uring_sq_ready(&HostfsRing))
            HostfsRingFlush();
    }
}

/* ------------------------------------------------------ choosing, fork */

/* A forked child has the parent's ring mapped and its descriptor, but not
 * its reaper: it must never submit to that ring.  It lets go of its view
 * (the parent's ring is untouched) and chooses again on first use. */
static void HostfsAsyncAtForkChild(void)
{
    if (HostfsEngine == HOSTFS_ENGINE_URING)
        io_uring_queue_exit(&HostfsRing);
    HostfsEngine = HOSTFS_ENGINE_UNSET;
    HostfsSqLock = 0;
    pthread_mutex_init(&HostfsEngineLock, NULL);
}

static void HostfsRegisterAtFork(void)
{
    pthread_atfork(NULL, NULL, HostfsAsyncAtForkChild);
}

static LONG HostfsChooseEngine(VOID)
{
    static pthread_once_t AtFork = PTHREAD_ONCE_INIT;
    pthread_once(&AtFork, HostfsRegisterAtFork);
    pthread_mutex_lock(&HostfsEngineLock);
    LONG Engine = HostfsEngine;
    if (Engine == HOSTFS_ENGINE_UNSET) {
        const char *Setting = getenv("NTIO_IO_URING");
        int Error = 0;
        Engine = HOSTFS_ENGINE_WORKERS;
        if (Setting && strcmp(Setting, "0") == 0) {
            fprintf(stderr, "ntio: NTIO_IO_URING=0: overlapped file I/O runs on worker threads\n");
        } else if ((Error = io_uring_queue_init(HOSTFS_RING_ENTRIES, &HostfsRing, 0)) < 0) {
            fprintf(stderr,
                    "ntio: io_uring is not available here (%s); overlapped file I/O runs on "
                    "worker threads instead\n",
                    strerror(-Error));
        } else {
            HANDLE Thread;
            KeInitializeSpinLock(&HostfsSqLock);
            NTSTATUS Status = PsCreateSystemThread(&Thread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                                   HostfsRingThread, NULL);
            if (NT_SUCCESS(Status)) {
                ZwClose(Thread);
                Engine = HOSTFS_ENGINE_URING;
            } else {
                io_uring_queue_exit(&HostfsRing);
                fprintf(stderr,
                        "ntio: cannot start the io_uring completion thread (0x%08x); overlapped "
                        "file I/O runs on worker threads instead\n",
                        (unsigned)Status);
            }
        }
        __atomic_store_n(&HostfsEngine, Engine, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&HostfsEngineLock);
    return Engine;
}

NTSTATUS HostfsStartAsync(PIRP Irp, PUCHAR Buffer, LONGLONG Offset)
{
    LONG Engine = __atomic_load_n(&HostfsEngine, __ATOMIC_ACQUIRE);
    if (Engine == HOSTFS_ENGINE_UNSET)
        Engine = HostfsChooseEngine();
    CTX_DONE(Irp) = (PVOID)0;
    CTX_OFFSET(Irp) = (PVOID)(LONG_PTR)Offset;
    CTX_BUFFER(Irp) = Buffer;
    CTX_ITEM(Irp) = NULL;
    IoMarkIrpPending(Irp);
    if (Engine == HOSTFS_ENGINE_URING)
        HostfsRingContinue(Irp);
    else
        HostfsQueueToWorker(Irp);
    return STATUS_PENDING;
}
