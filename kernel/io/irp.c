/*
 * io/irp.c - IRP allocation, IoCallDriver, the per-thread IRP list and the
 * IoBuild* helpers.
 *
 * IRPs the I/O manager makes for system services come from a small
 * per-thread cache (no lock, no atomic): the hot path of a synchronous
 * DeviceIoControl allocates and frees one without touching shared state.
 * IRPs a driver allocates with IoAllocateIrp come from pool, charged to the
 * driver, so a leaked one is reported against it.
 */
#include "iop.h"
#include "iocomp.h"
#include "ex/ex.h"
#include "mm/mm.h"
#include "ps/ps.h"

#define NO_MORE_IRP_STACK_LOCATIONS 0x00000035
#define IOP_CACHED_STACK_SIZE 8  /* cache blocks have room for this many locations */
#define IOP_IRP_CACHE_DEPTH 16
#define TAG_IRP TAG('I', 'r', 'p', ' ')

static SIZE_T IopIrpBlockSize(CCHAR StackSize)
{
    return sizeof(IOP_IRP_HEADER) + sizeof(IRP) + (SIZE_T)StackSize * sizeof(IO_STACK_LOCATION);
}

NTIO_EXPORT VOID IoInitializeIrp(PIRP Irp, USHORT PacketSize, CCHAR StackSize)
{
    memset(Irp, 0, PacketSize);
    Irp->Type = IO_TYPE_IRP;
    Irp->Size = PacketSize;
    Irp->StackCount = StackSize;
    Irp->CurrentLocation = (CCHAR)(StackSize + 1);
    Irp->ApcEnvironment = 0;
    InitializeListHead(&Irp->ThreadListEntry);
    Irp->Tail.Overlay.CurrentStackLocation = (PIO_STACK_LOCATION)(Irp + 1) + StackSize;
}

static PIRP IopInitializeBlock(PVOID Block, CCHAR StackSize, UCHAR Room, UCHAR AllocationFlags)
{
    PIOP_IRP_HEADER H = Block;
    PIRP Irp = (PIRP)(H + 1);
    H->IssueTimeNs = 0;
    H->OutputLength = 0;
    H->AllocSize = Room;
    H->Pins = 0;
    H->IopFlags = 0;
    IoInitializeIrp(Irp, IoSizeOfIrp(StackSize), StackSize);
    Irp->AllocationFlags = AllocationFlags;
    return Irp;
}

PIRP IopAllocateIrp(CCHAR StackSize, PVOID Caller)
{
    if (StackSize <= 0)
        return NULL;
    if (StackSize <= IOP_CACHED_STACK_SIZE) {
        PKTHREAD Thread = KiGetCurrentThread();
        PSINGLE_LIST_ENTRY Entry = Thread->IrpCache;
        if (Entry) {
            Thread->IrpCache = Entry->Next;
            Thread->IrpCacheDepth--;
            return IopInitializeBlock(Entry, StackSize, IOP_CACHED_STACK_SIZE,
                                      IRP_ALLOCATED_FIXED_SIZE | IRP_LOOKASIDE_ALLOCATION);
        }
        PVOID Block = ExpAllocatePool(NonPagedPool, IopIrpBlockSize(IOP_CACHED_STACK_SIZE), TAG_IRP,
                                      (PVOID)IopAllocateIrp);
        return Block ? IopInitializeBlock(Block, StackSize, IOP_CACHED_STACK_SIZE,
                                          IRP_ALLOCATED_FIXED_SIZE | IRP_LOOKASIDE_ALLOCATION)
                     : NULL;
    }
    PVOID Block = ExpAllocatePool(NonPagedPool, IopIrpBlockSize(StackSize), TAG_IRP, Caller);
    return Block ? IopInitializeBlock(Block, StackSize, (UCHAR)StackSize, 0) : NULL;
}

NTIO_EXPORT PIRP IoAllocateIrp(CCHAR StackSize, BOOLEAN ChargeQuota)
{
    UNREFERENCED_PARAMETER(ChargeQuota);
    if (StackSize <= 0)
        return NULL;
    PVOID Block = ExpAllocatePool(NonPagedPool, IopIrpBlockSize(StackSize), TAG_IRP,
                                  __builtin_return_address(0));
    return Block ? IopInitializeBlock(Block, StackSize, (UCHAR)StackSize, 0) : NULL;
}

/* An IRP that is part of Irp's work; Irp completes when the driver-set
 * Irp->AssociatedIrp.IrpCount of them have completed (io/complete.c). */
NTIO_EXPORT PIRP IoMakeAssociatedIrp(PIRP Irp, CCHAR StackSize)
{
    if (StackSize <= 0)
        return NULL;
    PVOID Block = ExpAllocatePool(NonPagedPool, IopIrpBlockSize(StackSize), TAG_IRP,
                                  __builtin_return_address(0));
    if (!Block)
        return NULL;
    PIRP Assoc = IopInitializeBlock(Block, StackSize, (UCHAR)StackSize, 0);
    Assoc->Flags = IRP_ASSOCIATED_IRP;
    Assoc->AssociatedIrp.MasterIrp = Irp;
    Assoc->Tail.Overlay.Thread = Irp->Tail.Overlay.Thread;
    Assoc->RequestorMode = Irp->RequestorMode;
    return Assoc;
}

NTIO_EXPORT VOID IoReuseIrp(PIRP Irp, NTSTATUS Iostatus)
{
    UCHAR AllocationFlags = Irp->AllocationFlags;
    CCHAR StackSize = Irp->StackCount;
    IoInitializeIrp(Irp, IoSizeOfIrp(StackSize), StackSize);
    Irp->AllocationFlags = AllocationFlags;
    Irp->IoStatus.Status = Iostatus;
}

NTIO_EXPORT VOID IoFreeIrp(PIRP Irp)
{
    PIOP_IRP_HEADER H = IOP_IRP_HEADER_OF(Irp);
    if (Irp->Type != IO_TYPE_IRP)
        KeBugCheckEx(0x00000044 /* MULTIPLE_IRP_COMPLETE_REQUESTS */, (ULONG_PTR)Irp, 0, 0, 1);
    Irp->Type = 0; /* a second free or completion is caught above */
    if (Irp->AllocationFlags & IRP_LOOKASIDE_ALLOCATION) {
        PKTHREAD Thread = KiGetCurrentThread();
        if (Thread->IrpCacheDepth < IOP_IRP_CACHE_DEPTH && !Thread->Terminated) {
            PSINGLE_LIST_ENTRY Entry = (PSINGLE_LIST_ENTRY)H;
            Entry->Next = Thread->IrpCache;
            Thread->IrpCache = Entry;
            Thread->IrpCacheDepth++;
            return;
        }
    }
    ExpFreePool(H, TAG_IRP, TRUE, __builtin_return_address(0));
}

/* Small system buffers all have one size and tag, so any thread can put a
 * block back in its own cache; a block a driver put in SystemBuffer itself
 * (any other size or tag) goes back to pool. */
#define IOP_SMALL_SYSBUF 256
#define TAG_SYSBUF TAG('I', 'o', 'S', 'b')
#define TAG_SYSBUF_SMALL TAG('I', 'o', 'S', 's')

PVOID IopAllocateSystemBuffer(ULONG Length)
{
    if (Length <= IOP_SMALL_SYSBUF) {
        PKTHREAD Thread = KiGetCurrentThread();
        if (Thread->SysBufCacheDepth)
            return Thread->SysBufCache[--Thread->SysBufCacheDepth];
        return ExpAllocatePool(NonPagedPool, IOP_SMALL_SYSBUF, TAG_SYSBUF_SMALL,
                               (PVOID)IopAllocateSystemBuffer);
    }
    return ExpAllocatePool(NonPagedPool, Length, TAG_SYSBUF, (PVOID)IopAllocateSystemBuffer);
}

VOID IopFreeSystemBuffer(PVOID Buffer)
{
    if (ExpPoolBlockTag(Buffer) == TAG_SYSBUF_SMALL && ExpPoolBlockSize(Buffer) == IOP_SMALL_SYSBUF) {
        PKTHREAD Thread = KiGetCurrentThread();
        if (Thread->SysBufCacheDepth < RTL_NUMBER_OF(Thread->SysBufCache) && !Thread->Terminated) {
            Thread->SysBufCache[Thread->SysBufCacheDepth++] = Buffer;
            return;
        }
    }
    ExpFreePool(Buffer, 0, FALSE, NULL);
}

VOID IopFlushThreadCaches(PKTHREAD Thread)
{
    while (Thread->IrpCache) {
        PSINGLE_LIST_ENTRY Entry = Thread->IrpCache;
        Thread->IrpCache = Entry->Next;
        ExpFreePool(Entry, TAG_IRP, TRUE, NULL);
    }
    Thread->IrpCacheDepth = 0;
    while (Thread->SysBufCacheDepth)
        ExpFreePool(Thread->SysBufCache[--Thread->SysBufCacheDepth], TAG_SYSBUF_SMALL, TRUE, NULL);
    IopFlushPacketCache(Thread);
}

NTIO_EXPORT NTSTATUS IofCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    Irp->CurrentLocation--;
    if (Irp->CurrentLocation <= 0)
        KeBugCheckEx(NO_MORE_IRP_STACK_LOCATIONS, (ULONG_PTR)Irp, 0, 0, 0);
    PIO_STACK_LOCATION Sp = --Irp->Tail.Overlay.CurrentStackLocation;
    Sp->DeviceObject = DeviceObject;
    return DeviceObject->DriverObject->MajorFunction[Sp->MajorFunction](DeviceObject, Irp);
}

VOID IopQueueThreadIrp(PIRP Irp)
{
    PKTHREAD Thread = KiGetCurrentThread();
    PFILE_OBJECT File = Irp->Tail.Overlay.OriginalFileObject;
    PIOP_IRP_HEADER H = IOP_IRP_HEADER_OF(Irp);
    Irp->Tail.Overlay.Thread = (PETHREAD)Thread;
    H->IssueTimeNs = KiMonotonicCoarseNs();
    /* Thread-agnostic I/O, as Windows does it since Vista: an asynchronous
     * request on a file bound to a completion port has its result
     * delivered through the port, never to the thread, so it lives on the
     * file object and survives the thread's exit.  The thread object stays
     * for IoGetRequestorProcess until the IRP completes. */
    if (File && File->CompletionContext && !(File->Flags & FO_SYNCHRONOUS_IO) &&
        !(Irp->Flags & IRP_SYNCHRONOUS_API)) {
        ObfReferenceObject(CONTAINING_RECORD(Thread, ETHREAD, Tcb));
        H->IopFlags |= IOP_IRP_THREAD_AGNOSTIC;
        IopLockFileIrpList(File);
        InsertHeadList(&File->IrpList, &Irp->ThreadListEntry);
        IopUnlockFileIrpList(File);
        return;
    }
    IopLockThreadIrpList(Thread);
    InsertHeadList(&Thread->IrpList, &Irp->ThreadListEntry);
    IopUnlockThreadIrpList(Thread);
}

BOOLEAN IopDequeueThreadIrp(PIRP Irp)
{
    PKTHREAD Thread = (PKTHREAD)Irp->Tail.Overlay.Thread;
    PIOP_IRP_HEADER H = IOP_IRP_HEADER_OF(Irp);
    if (H->IopFlags & IOP_IRP_THREAD_AGNOSTIC) {
        PFILE_OBJECT File = Irp->Tail.Overlay.OriginalFileObject;
        IopLockFileIrpList(File);
        RemoveEntryList(&Irp->ThreadListEntry);
        InitializeListHead(&Irp->ThreadListEntry);
        IopUnlockFileIrpList(File);
        H->IopFlags &= ~IOP_IRP_THREAD_AGNOSTIC;
        if (Thread) {
            Irp->Tail.Overlay.Thread = NULL;
            ObfDereferenceObject(CONTAINING_RECORD(Thread, ETHREAD, Tcb));
        }
    } else if (Thread && !IsListEmpty(&Irp->ThreadListEntry)) {
        IopLockThreadIrpList(Thread);
        RemoveEntryList(&Irp->ThreadListEntry);
        InitializeListHead(&Irp->ThreadListEntry);
        IopUnlockThreadIrpList(Thread);
    }
    /* Pins are only taken under the list lock, on an IRP still listed: from
     * here on none can be added. */
    return (__atomic_fetch_or(&H->Pins, IOP_PIN_COMPLETED, __ATOMIC_ACQ_REL) & ~IOP_PIN_COMPLETED) == 0;
}

/* Set up buffers for a kernel-mode read/write style request (IoBuild*FsdRequest). */
static BOOLEAN IopBuildFsdBuffers(PIRP Irp, ULONG MajorFunction, PDEVICE_OBJECT DeviceObject,
                                  PVOID Buffer, ULONG Length)
{
    if (MajorFunction != IRP_MJ_READ && MajorFunction != IRP_MJ_WRITE)
        return TRUE;
    if (DeviceObject->Flags & DO_BUFFERED_IO) {
        Irp->AssociatedIrp.SystemBuffer = IopAllocateSystemBuffer(Length);
        if (!Irp->AssociatedIrp.SystemBuffer)
            return FALSE;
        Irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
        if (MajorFunction == IRP_MJ_WRITE) {
            memcpy(Irp->AssociatedIrp.SystemBuffer, Buffer, Length);
        } else {
            Irp->Flags |= IRP_INPUT_OPERATION;
            Irp->UserBuffer = Buffer;
            IOP_IRP_HEADER_OF(Irp)->OutputLength = Length;
        }
    } else if (DeviceObject->Flags & DO_DIRECT_IO) {
        PMDL Mdl = IoAllocateMdl(Buffer, Length, FALSE, FALSE, Irp);
        if (!Mdl)
            return FALSE;
        MmProbeAndLockPages(Mdl, KernelMode, MajorFunction == IRP_MJ_READ ? IoWriteAccess
                                                                          : IoReadAccess);
    } else {
        Irp->UserBuffer = Buffer;
    }
    return TRUE;
}

static VOID IopFreeBuiltIrp(PIRP Irp)
{
    if (Irp->MdlAddress)
        IoFreeMdl(Irp->MdlAddress);
    if (Irp->Flags & IRP_DEALLOCATE_BUFFER)
        IopFreeSystemBuffer(Irp->AssociatedIrp.SystemBuffer);
    IoFreeIrp(Irp);
}

NTIO_EXPORT PIRP IoBuildAsynchronousFsdRequest(ULONG MajorFunction, PDEVICE_OBJECT DeviceObject,
                                               PVOID Buffer, ULONG Length,
                                               PLARGE_INTEGER StartingOffset,
                                               PIO_STATUS_BLOCK IoStatusBlock)
{
    PIRP Irp = IopAllocateIrp(DeviceObject->StackSize, __builtin_return_address(0));
    if (!Irp)
        return NULL;
    PIO_STACK_LOCATION Sp = IoGetNextIrpStackLocation(Irp);
    Sp->MajorFunction = (UCHAR)MajorFunction;
    Irp->RequestorMode = KernelMode;
    Irp->UserIosb = IoStatusBlock;
    Irp->Tail.Overlay.Thread = (PETHREAD)KiGetCurrentThread();
    if (!IopBuildFsdBuffers(Irp, MajorFunction, DeviceObject, Buffer, Length)) {
        IopFreeBuiltIrp(Irp);
        return NULL;
    }
    if (MajorFunction == IRP_MJ_READ || MajorFunction == IRP_MJ_WRITE) {
        Sp->Parameters.Read.Length = Length;
        if (StartingOffset)
            Sp->Parameters.Read.ByteOffset = *StartingOffset;
    }
    return Irp;
}

NTIO_EXPORT PIRP IoBuildSynchronousFsdRequest(ULONG MajorFunction, PDEVICE_OBJECT DeviceObject,
                                              PVOID Buffer, ULONG Length,
                                              PLARGE_INTEGER StartingOffset, PKEVENT Event,
                                              PIO_STATUS_BLOCK IoStatusBlock)
{
    PIRP Irp = IoBuildAsynchronousFsdRequest(MajorFunction, DeviceObject, Buffer, Length,
                                             StartingOffset, IoStatusBlock);
    if (!Irp)
        return NULL;
    Irp->UserEvent = Event;
    IopQueueThreadIrp(Irp);
    return Irp;
}

NTIO_EXPORT PIRP IoBuildDeviceIoControlRequest(ULONG IoControlCode, PDEVICE_OBJECT DeviceObject,
                                               PVOID InputBuffer, ULONG InputBufferLength,
                                               PVOID OutputBuffer, ULONG OutputBufferLength,
                                               BOOLEAN InternalDeviceIoControl, PKEVENT Event,
                                               PIO_STATUS_BLOCK IoStatusBlock)
{
    PIRP Irp = IopAllocateIrp(DeviceObject->StackSize, __builtin_return_address(0));
    if (!Irp)
        return NULL;
    PIO_STACK_LOCATION Sp = IoGetNextIrpStackLocation(Irp);
    Sp->MajorFunction = InternalDeviceIoControl ? IRP_MJ_INTERNAL_DEVICE_CONTROL
                                                : IRP_MJ_DEVICE_CONTROL;
    Sp->Parameters.DeviceIoControl.IoControlCode = IoControlCode;
    Sp->Parameters.DeviceIoControl.InputBufferLength = InputBufferLength;
    Sp->Parameters.DeviceIoControl.OutputBufferLength = OutputBufferLength;
    Irp->RequestorMode = KernelMode;
    Irp->UserIosb = IoStatusBlock;
    Irp->UserEvent = Event;

    switch (METHOD_FROM_CTL_CODE(IoControlCode)) {
    case METHOD_BUFFERED: {
        ULONG Len = InputBufferLength > OutputBufferLength ? InputBufferLength : OutputBufferLength;
        if (Len) {
            Irp->AssociatedIrp.SystemBuffer = IopAllocateSystemBuffer(Len);
            if (!Irp->AssociatedIrp.SystemBuffer)
                goto fail;
            if (InputBuffer && InputBufferLength)
                memcpy(Irp->AssociatedIrp.SystemBuffer, InputBuffer, InputBufferLength);
            Irp->Flags = IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
            Irp->UserBuffer = OutputBuffer;
            if (OutputBuffer && OutputBufferLength) {
                Irp->Flags |= IRP_INPUT_OPERATION;
                IOP_IRP_HEADER_OF(Irp)->OutputLength = OutputBufferLength;
            }
        }
        break;
    }
    case METHOD_IN_DIRECT:
    case METHOD_OUT_DIRECT:
        if (InputBuffer && InputBufferLength) {
            Irp->AssociatedIrp.SystemBuffer = IopAllocateSystemBuffer(InputBufferLength);
            if (!Irp->AssociatedIrp.SystemBuffer)
                goto fail;
            memcpy(Irp->AssociatedIrp.SystemBuffer, InputBuffer, InputBufferLength);
            Irp->Flags = IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
        }
        if (OutputBuffer && OutputBufferLength) {
            if (!IoAllocateMdl(OutputBuffer, OutputBufferLength, FALSE, FALSE, Irp))
                goto fail;
            MmProbeAndLockPages(Irp->MdlAddress, KernelMode,
                                METHOD_FROM_CTL_CODE(IoControlCode) == METHOD_IN_DIRECT
                                    ? IoReadAccess : IoWriteAccess);
        }
        break;
    default: /* METHOD_NEITHER */
        Sp->Parameters.DeviceIoControl.Type3InputBuffer = InputBuffer;
        Irp->UserBuffer = OutputBuffer;
        break;
    }
    IopQueueThreadIrp(Irp);
    return Irp;
fail:
    IopFreeBuiltIrp(Irp);
    return NULL;
}

NTIO_EXPORT BOOLEAN IoIs32bitProcess(PIRP Irp)
{
    UNREFERENCED_PARAMETER(Irp);
    return FALSE; /* ntio runs 64-bit applications only */
}

NTIO_EXPORT PEPROCESS IoGetRequestorProcess(PIRP Irp)
{
    PKTHREAD Thread = (PKTHREAD)Irp->Tail.Overlay.Thread;
    return Thread ? Thread->Process : NULL;
}

NTIO_EXPORT ULONG IoGetRequestorProcessId(PIRP Irp)
{
    PEPROCESS Process = IoGetRequestorProcess(Irp);
    return Process ? (ULONG)(ULONG_PTR)Process->UniqueProcessId : 0;
}
