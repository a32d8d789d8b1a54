/*
 * io/iocomp.c - the IoCompletion object type (an I/O completion port) and
 * its completion packets.
 *
 * The object body is a KQUEUE (ke/queue.c), so the port and its queue have
 * the same address and waiting on a port handle waits for a packet to be
 * queued, as on Windows.  Closing the last handle runs the queue down:
 * threads waiting in NtRemoveIoCompletion return STATUS_ABANDONED, and the
 * packets still queued are freed.  File objects bound to the port keep a
 * reference, so their completions may still queue packets after that; the
 * delete procedure frees them.
 *
 * Packets are cached per thread, as Windows keeps them per processor: a
 * thread takes a packet from its own cache and frees one to it with no
 * atomic operation.  A cache that fills up (a consumer freeing what a
 * producer allocated) goes whole, as one batch, onto a shared lock-free
 * list, and a producer whose cache is empty takes a whole batch from it:
 * one atomic operation per IOP_PACKET_BATCH packets.  Below that sits a
 * nonpaged lookaside list, deleted at shutdown before the pool leak
 * report.
 *
 * Asynchronous I/O on a bound file is thread-agnostic (io/irp.c): its IRPs
 * wait on the file object's IrpList, not the issuing thread's, so the
 * thread may exit first.  The bound files are kept in one list so that
 * process exit can still cancel that I/O after the files' handles are gone.
 */
#include "iocomp.h"
#include "ex/ex.h"
#include "ob/ob.h"

#define TAG_COMPLETION_PACKET TAG('I', 'o', 'C', 'p')

POBJECT_TYPE IopCompletionObjectType;
POBJECT_TYPE IopCompletionReserveType;
static NPAGED_LOOKASIDE_LIST IopCompletionLookaside;

/* Every IO_COMPLETION_CONTEXT (BoundLink).  A file object leaves the list
 * first thing in its deletion, under the lock, so a file found in the list
 * under the lock is still there to look at. */
static KSPIN_LOCK IopBoundFilesLock;
static LIST_ENTRY IopBoundFiles = { &IopBoundFiles, &IopBoundFiles };

/* Full batches of IOP_PACKET_BATCH free packets: the first packet of a
 * batch is the SList entry (its first bytes), the rest hang from it
 * through ListEntry.Blink, as in a thread's cache. */
#define IOP_PACKET_BATCH 64
static SLIST_HEADER IopPacketBatches;

#define IOP_NEXT_FREE(P) (*(PIOP_COMPLETION_PACKET *)&(P)->ListEntry.Blink)

PIOP_COMPLETION_PACKET IopAllocateCompletionPacket(VOID)
{
    PKTHREAD Thread = KiGetCurrentThread();
    PIOP_COMPLETION_PACKET Packet = Thread->PacketCache;
    if (!Packet) {
        /* An exiting thread's cache has been flushed for good: no refill. */
        if (!Thread->Terminated)
            Packet = (PIOP_COMPLETION_PACKET)InterlockedPopEntrySList(&IopPacketBatches);
        if (!Packet)
            return ExAllocateFromNPagedLookasideList(&IopCompletionLookaside);
        Thread->PacketCacheDepth = IOP_PACKET_BATCH;
    }
    Thread->PacketCache = IOP_NEXT_FREE(Packet);
    Thread->PacketCacheDepth--;
    return Packet;
}

VOID IopFreeCompletionPacket(PIOP_COMPLETION_PACKET Packet)
{
    PKTHREAD Thread = KiGetCurrentThread();
    if (Packet->Reserve) {
        /* A reserve object's packet: free for its next post. */
        PIOP_COMPLETION_RESERVE Reserve = Packet->Reserve;
        __atomic_store_n(&Reserve->InUse, 0, __ATOMIC_RELEASE);
        ObfDereferenceObject(Reserve);
        return;
    }
    if (Thread->Terminated) {
        /* Exiting: its cache has been flushed and will not be again. */
        ExFreeToNPagedLookasideList(&IopCompletionLookaside, Packet);
        return;
    }
    if (Thread->PacketCacheDepth == IOP_PACKET_BATCH) {
        InterlockedPushEntrySList(&IopPacketBatches, (PSLIST_ENTRY)Thread->PacketCache);
        Thread->PacketCache = NULL;
        Thread->PacketCacheDepth = 0;
    }
    IOP_NEXT_FREE(Packet) = Thread->PacketCache;
    Thread->PacketCache = Packet;
    Thread->PacketCacheDepth++;
}

/* Give a chain of free packets back to the lookaside list. */
static VOID IopReleasePacketChain(PIOP_COMPLETION_PACKET Packet)
{
    while (Packet) {
        PIOP_COMPLETION_PACKET Next = IOP_NEXT_FREE(Packet);
        ExFreeToNPagedLookasideList(&IopCompletionLookaside, Packet);
        Packet = Next;
    }
}

VOID IopFlushPacketCache(PKTHREAD Thread)
{
    IopReleasePacketChain(Thread->PacketCache);
    Thread->PacketCache = NULL;
    Thread->PacketCacheDepth = 0;
}

/* Free the packets of a circular list without a head (KeRundownQueue). */
static VOID IopFreePacketList(PLIST_ENTRY First)
{
    if (!First)
        return;
    PLIST_ENTRY Entry = First;
    do {
        PLIST_ENTRY Next = Entry->Flink;
        IopFreeCompletionPacket(CONTAINING_RECORD(Entry, IOP_COMPLETION_PACKET, ListEntry));
        Entry = Next;
    } while (Entry != First);
}

static VOID IopCloseCompletion(struct _EPROCESS *Process, PVOID Object, ACCESS_MASK GrantedAccess,
                               ULONG_PTR ProcessHandleCount, ULONG_PTR SystemHandleCount)
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(GrantedAccess);
    UNREFERENCED_PARAMETER(SystemHandleCount);
    if (ProcessHandleCount == 1)
        IopFreePacketList(KeRundownQueue((PKQUEUE)Object));
}

static VOID IopDeleteCompletion(PVOID Object)
{
    IopFreePacketList(KeRundownQueue((PKQUEUE)Object));
}

VOID IopInitializeCompletionType(VOID)
{
    static const OBJECT_TYPE_INITIALIZER Init = {
        .WaitObjectOffset = 0,
        .GenericMapping = { STANDARD_RIGHTS_READ | IO_COMPLETION_QUERY_STATE,
                            STANDARD_RIGHTS_WRITE | IO_COMPLETION_MODIFY_STATE,
                            STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, IO_COMPLETION_ALL_ACCESS },
        .ValidAccessMask = IO_COMPLETION_ALL_ACCESS,
        .PoolTag = TAG('I', 'o', 'C', 'o'),
        .CloseProcedure = IopCloseCompletion,
        .DeleteProcedure = IopDeleteCompletion,
    };
    InitializeSListHead(&IopPacketBatches);
    ExInitializeNPagedLookasideList(&IopCompletionLookaside, NULL, NULL, 0,
                                    sizeof(IOP_COMPLETION_PACKET), TAG_COMPLETION_PACKET, 0);
    IopCompletionObjectType = ObpCreateObjectType(L"IoCompletion", &Init);
    /* Not waitable; the same rights as a port (NtSetIoCompletionEx asks
     * IO_COMPLETION_MODIFY_STATE of both handles). */
    static const OBJECT_TYPE_INITIALIZER ReserveInit = {
        .GenericMapping = { STANDARD_RIGHTS_READ | IO_COMPLETION_QUERY_STATE,
                            STANDARD_RIGHTS_WRITE | IO_COMPLETION_MODIFY_STATE,
                            STANDARD_RIGHTS_EXECUTE, IO_COMPLETION_ALL_ACCESS & ~SYNCHRONIZE },
        .ValidAccessMask = IO_COMPLETION_ALL_ACCESS & ~SYNCHRONIZE,
        .PoolTag = TAG('I', 'o', 'C', 'r'),
    };
    IopCompletionReserveType = ObpCreateObjectType(L"IoCompletionReserve", &ReserveInit);
}

VOID IopShutdownCompletion(VOID)
{
    PSLIST_ENTRY Batch;
    IopFlushPacketCache(KiGetCurrentThread());
    while ((Batch = InterlockedPopEntrySList(&IopPacketBatches)) != NULL)
        IopReleasePacketChain((PIOP_COMPLETION_PACKET)Batch);
    ExDeleteNPagedLookasideList(&IopCompletionLookaside);
}

static VOID IopInsertPacket(PVOID Port, PIOP_COMPLETION_PACKET Packet, PVOID KeyContext,
                            PVOID ApcContext, NTSTATUS Status, ULONG_PTR Information)
{
    Packet->KeyContext = KeyContext;
    Packet->ApcContext = ApcContext;
    Packet->IoStatus.Pointer = NULL; /* the whole status word, not just its low half */
    Packet->IoStatus.Status = Status;
    Packet->IoStatus.Information = Information;
    KeInsertQueue((PKQUEUE)Port, &Packet->ListEntry);
}

NTSTATUS IopQueueCompletionPacket(PVOID Port, PVOID KeyContext, PVOID ApcContext, NTSTATUS Status,
                                  ULONG_PTR Information)
{
    PIOP_COMPLETION_PACKET Packet = IopAllocateCompletionPacket();
    if (!Packet)
        return STATUS_INSUFFICIENT_RESOURCES;
    Packet->Reserve = NULL;
    IopInsertPacket(Port, Packet, KeyContext, ApcContext, Status, Information);
    return STATUS_SUCCESS;
}

NTSTATUS IopQueueReservedPacket(PVOID Port, PIOP_COMPLETION_RESERVE Reserve, PVOID KeyContext,
                                PVOID ApcContext, NTSTATUS Status, ULONG_PTR Information)
{
    LONG Free = 0;
    if (!__atomic_compare_exchange_n(&Reserve->InUse, &Free, 1, 0, __ATOMIC_ACQUIRE,
                                     __ATOMIC_RELAXED))
        return STATUS_INVALID_PARAMETER_2; /* its packet is still queued */
    Reserve->Packet.Reserve = Reserve;
    IopInsertPacket(Port, &Reserve->Packet, KeyContext, ApcContext, Status, Information);
    return STATUS_SUCCESS;
}

VOID IopTrackBoundFile(PIO_COMPLETION_CONTEXT Context)
{
    KiAcquireSpinLockRaw(&IopBoundFilesLock, KiGetCurrentThread());
    InsertTailList(&IopBoundFiles, &Context->BoundLink);
    KiReleaseSpinLockRaw(&IopBoundFilesLock);
}

VOID IopUntrackBoundFile(PIO_COMPLETION_CONTEXT Context)
{
    KiAcquireSpinLockRaw(&IopBoundFilesLock, KiGetCurrentThread());
    RemoveEntryList(&Context->BoundLink);
    KiReleaseSpinLockRaw(&IopBoundFilesLock);
}

/* A bound file, referenced, whose IrpList holds an IRP not yet asked to
 * cancel (Uncancelled) or any IRP at all; NULL if there is none.  A file
 * whose last reference is already gone is skipped: its IRPs, which each
 * hold a reference, have all completed. */
static PFILE_OBJECT IopNextBusyBoundFile(BOOLEAN Uncancelled)
{
    PFILE_OBJECT Found = NULL;
    KiAcquireSpinLockRaw(&IopBoundFilesLock, KiGetCurrentThread());
    for (PLIST_ENTRY E = IopBoundFiles.Flink; E != &IopBoundFiles && !Found; E = E->Flink) {
        PFILE_OBJECT File = CONTAINING_RECORD(E, IO_COMPLETION_CONTEXT, BoundLink)->FileObject;
        IopLockFileIrpList(File);
        for (PLIST_ENTRY I = File->IrpList.Flink; I != &File->IrpList; I = I->Flink) {
            if (!Uncancelled || !CONTAINING_RECORD(I, IRP, ThreadListEntry)->Cancel) {
                Found = File;
                break;
            }
        }
        IopUnlockFileIrpList(File);
        if (Found && !ObpReferenceObjectSafe(Found))
            Found = NULL;
    }
    KiReleaseSpinLockRaw(&IopBoundFilesLock);
    return Found;
}

ULONG IopRundownThreadAgnosticIo(ULONGLONG Deadline)
{
    PFILE_OBJECT File;
    ULONG Left = 0;
    while ((File = IopNextBusyBoundFile(TRUE)) != NULL) {
        IopCancelFileIrps(File, NULL, NULL);
        ObfDereferenceObject(File);
    }
    /* Wait for them one file at a time; what is left at the deadline is
     * reported and taken off the file's list. */
    while ((File = IopNextBusyBoundFile(FALSE)) != NULL) {
        Left += IopWaitForIrpList(&File->IrpListLock, &File->IrpList, Deadline,
                                  "the application exited, and the driver neither completed nor "
                                  "cancelled it");
        ObfDereferenceObject(File);
    }
    return Left;
}
