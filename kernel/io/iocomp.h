/*
 * io/iocomp.h - the IoCompletion object (an I/O completion port): a kernel
 * queue (KQUEUE) at the start of the object body, holding completion
 * packets.  Private to the I/O manager and the system services.
 */
#ifndef NTIO_IOCOMP_H
#define NTIO_IOCOMP_H

#include <ntio/ntsvc.h>
#include "iop.h"

/* FileObject->CompletionContext (NtSetInformationFile,
 * FileCompletionInformation): the port (referenced by the file object,
 * released in IopDeleteFile) and the caller's key.  Set once, never
 * changed while the file object lives. */
typedef struct _IO_COMPLETION_CONTEXT {
    PVOID Port;
    PVOID Key;
    PFILE_OBJECT FileObject;    /* the bound file (not referenced) */
    LIST_ENTRY BoundLink;       /* in the list of bound files, for process exit */
} IO_COMPLETION_CONTEXT;

/* A packet: the queue entry and what NtRemoveIoCompletion returns.  From a
 * lookaside list, so queueing a completion does not reach malloc once the
 * list is warm. */
typedef struct _IOP_COMPLETION_PACKET {
    LIST_ENTRY ListEntry;
    PVOID KeyContext;
    PVOID ApcContext;
    IO_STATUS_BLOCK IoStatus;
    struct _IOP_COMPLETION_RESERVE *Reserve; /* the reserve object it lives in, or NULL */
} IOP_COMPLETION_PACKET, *PIOP_COMPLETION_PACKET;

/* An IoCompletionReserve object (NtAllocateReserveObject): a packet made in
 * advance, so that NtSetIoCompletionEx cannot fail for want of memory.  One
 * packet at a time: InUse is set while it is queued, and the queued packet
 * holds a reference on the object until it is removed. */
typedef struct _IOP_COMPLETION_RESERVE {
    volatile LONG InUse;
    IOP_COMPLETION_PACKET Packet;
} IOP_COMPLETION_RESERVE, *PIOP_COMPLETION_RESERVE;

extern POBJECT_TYPE IopCompletionObjectType;
extern POBJECT_TYPE IopCompletionReserveType;

VOID IopInitializeCompletionType(VOID);
/* Frees the cached packets (at shutdown, before the pool leak report). */
VOID IopShutdownCompletion(VOID);
/* From / to the current thread's packet cache (any IRQL <= DISPATCH_LEVEL). */
PIOP_COMPLETION_PACKET IopAllocateCompletionPacket(VOID);
VOID IopFreeCompletionPacket(PIOP_COMPLETION_PACKET Packet);
/* A thread is leaving: its cached packets go back to the shared pool. */
VOID IopFlushPacketCache(PKTHREAD Thread);
/* Queue a packet to Port (a PKQUEUE at the start of the object body).
 * STATUS_INSUFFICIENT_RESOURCES when no packet can be allocated.
 * IRQL <= DISPATCH_LEVEL. */
NTSTATUS IopQueueCompletionPacket(PVOID Port, PVOID KeyContext, PVOID ApcContext, NTSTATUS Status,
                                  ULONG_PTR Information);
/* Queue Reserve's own packet (the caller's reference on Reserve passes to
 * the packet); STATUS_INVALID_PARAMETER_2 while it is still queued. */
NTSTATUS IopQueueReservedPacket(PVOID Port, PIOP_COMPLETION_RESERVE Reserve, PVOID KeyContext,
                                PVOID ApcContext, NTSTATUS Status, ULONG_PTR Information);
/* A file object was bound to a port / is being deleted: its thread-agnostic
 * I/O is found through this list at process exit. */
VOID IopTrackBoundFile(PIO_COMPLETION_CONTEXT Context);
VOID IopUntrackBoundFile(PIO_COMPLETION_CONTEXT Context);

#endif
