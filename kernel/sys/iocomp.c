/*
 * sys/iocomp.c - I/O completion port services: NtCreateIoCompletion,
 * NtSetIoCompletion (PostQueuedCompletionStatus) and NtSetIoCompletionEx
 * (the same with a reserve object's packet), NtRemoveIoCompletion(Ex)
 * (GetQueuedCompletionStatus(Ex)) and NtQueryIoCompletion.
 *
 * The port is a KQUEUE (io/iocomp.c): removing a packet associates the
 * thread with the port, and the queue's concurrency value decides whether
 * a waiting thread may run (ke/queue.c).  A failed copy to the caller after
 * packets were taken loses them (Windows raises into the caller then).
 */
#include "sys.h"
#include "ex/ex.h"
#include "io/iocomp.h"

/* Up to this many packets are taken per KeRemoveQueueEx call. */
#define IOP_REMOVE_BATCH 64

NTIO_EXPORT NTSTATUS NtCreateIoCompletion(PHANDLE IoCompletionHandle, ACCESS_MASK DesiredAccess,
                                          POBJECT_ATTRIBUTES ObjectAttributes,
                                          ULONG NumberOfConcurrentThreads)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PKQUEUE Port;
    NTSTATUS Status;

    SERVICE_ENTER();
    if (!IoCompletionHandle ||
        (Mode == UserMode && !SvcProbe(IoCompletionHandle, sizeof(HANDLE), TRUE)))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    Status = ObCreateObject(IopCompletionObjectType, sizeof(KQUEUE), (PVOID *)&Port);
    if (NT_SUCCESS(Status)) {
        KeInitializeQueue(Port, NumberOfConcurrentThreads);
        Status = SvcInsertObject(Mode, Port, ObjectAttributes, DesiredAccess, IoCompletionHandle);
    }
    return KiServiceExit(Status);
}

NTIO_EXPORT NTSTATUS NtSetIoCompletion(HANDLE IoCompletionHandle, PVOID KeyContext,
                                       PVOID ApcContext, NTSTATUS IoStatus,
                                       ULONG_PTR IoStatusInformation)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PVOID Port;
    SERVICE_ENTER();
    BOOLEAN Cached;
    NTSTATUS Status = ObpReferenceHandleCached(IoCompletionHandle, IO_COMPLETION_MODIFY_STATE,
                                               IopCompletionObjectType, Mode, &Port, &Cached);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    Status = IopQueueCompletionPacket(Port, KeyContext, ApcContext, IoStatus, IoStatusInformation);
    ObpReleaseHandleCached(Port, Cached);
    return KiServiceExit(Status);
}

/* PostQueuedCompletionStatus with a packet made in advance: the reserve
 * object's packet is queued, and is the reserve's again once removed. */
NTIO_EXPORT NTSTATUS NtSetIoCompletionEx(HANDLE IoCompletionHandle,
                                         HANDLE IoCompletionPacketHandle, PVOID KeyContext,
                                         PVOID ApcContext, NTSTATUS IoStatus,
                                         ULONG_PTR IoStatusInformation)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PVOID Port, Reserve;
    BOOLEAN Cached;
    SERVICE_ENTER();
    NTSTATUS Status = ObpReferenceHandleCached(IoCompletionHandle, IO_COMPLETION_MODIFY_STATE,
                                               IopCompletionObjectType, Mode, &Port, &Cached);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    Status = ObReferenceObjectByHandle(IoCompletionPacketHandle, IO_COMPLETION_MODIFY_STATE,
                                       IopCompletionReserveType, Mode, &Reserve, NULL);
    if (NT_SUCCESS(Status)) {
        Status = IopQueueReservedPacket(Port, Reserve, KeyContext, ApcContext, IoStatus,
                                        IoStatusInformation);
        if (!NT_SUCCESS(Status))
            ObfDereferenceObject(Reserve); /* else the queued packet holds it */
    }
    ObpReleaseHandleCached(Port, Cached);
    return KiServiceExit(Status);
}

static BOOLEAN IopIsQueueStatus(PLIST_ENTRY Entry)
{
    /* KeRemoveQueueEx reports a status in place of an entry; no entry
     * lives in the first page. */
    return (ULONG_PTR)Entry < 0x1000;
}

/* Take up to Count (>= 1) packets from the port into Info (kernel memory). */
static NTSTATUS IopRemoveCompletion(PKQUEUE Port, KPROCESSOR_MODE Mode, BOOLEAN Alertable,
                                    PLARGE_INTEGER Timeout, FILE_IO_COMPLETION_INFORMATION *Info,
                                    ULONG Count, PULONG Removed)
{
    PLIST_ENTRY Entries[IOP_REMOVE_BATCH];
    LARGE_INTEGER Zero = { .QuadPart = 0 };
    ULONG Total = 0;
    *Removed = 0;
    while (Total < Count) {
        ULONG Want = Count - Total > IOP_REMOVE_BATCH ? IOP_REMOVE_BATCH : Count - Total;
        /* Only the first call may wait: then take what is already queued. */
        ULONG Got = KeRemoveQueueEx(Port, Mode, Alertable, Total ? &Zero : Timeout, Entries, Want);
        if (Got == 1 && IopIsQueueStatus(Entries[0])) {
            if (Total)
                break;
            return (NTSTATUS)(ULONG)(ULONG_PTR)Entries[0];
        }
        for (ULONG i = 0; i < Got; i++) {
            PIOP_COMPLETION_PACKET P = CONTAINING_RECORD(Entries[i], IOP_COMPLETION_PACKET, ListEntry);
            Info[Total + i].KeyContext = P->KeyContext;
            Info[Total + i].ApcContext = P->ApcContext;
            Info[Total + i].IoStatusBlock = P->IoStatus;
            IopFreeCompletionPacket(P);
        }
        Total += Got;
        if (Got < Want)
            break;
    }
    *Removed = Total;
    return STATUS_SUCCESS;
}

/* Probe GetQueuedCompletionStatus's three outputs before a packet is taken.
 * They are nearly always neighbours on the caller's stack, and access is
 * page-granular: one probe of the page covers them all. */
static BOOLEAN IopProbeRemoveOutputs(PVOID *KeyContext, PVOID *ApcContext,
                                     PIO_STATUS_BLOCK IoStatusBlock)
{
    ULONG_PTR K = (ULONG_PTR)KeyContext, A = (ULONG_PTR)ApcContext, I = (ULONG_PTR)IoStatusBlock;
    if (K >= MmUserProbeAddress || A >= MmUserProbeAddress || I >= MmUserProbeAddress)
        return FALSE; /* and no sum below can wrap */
    ULONG_PTR Lo = K < A ? K : A, Hi = (K > A ? K : A) + sizeof(PVOID);
    if (I < Lo)
        Lo = I;
    if (I + sizeof(IO_STATUS_BLOCK) > Hi)
        Hi = I + sizeof(IO_STATUS_BLOCK);
    if (Lo / PAGE_SIZE == (Hi - 1) / PAGE_SIZE && Hi > Lo)
        return SvcProbe((PVOID)Lo, Hi - Lo, TRUE);
    return SvcProbe(KeyContext, sizeof(PVOID), TRUE) && SvcProbe(ApcContext, sizeof(PVOID), TRUE) &&
           SvcProbe(IoStatusBlock, sizeof *IoStatusBlock, TRUE);
}

NTIO_EXPORT NTSTATUS NtRemoveIoCompletion(HANDLE IoCompletionHandle, PVOID *KeyContext,
                                          PVOID *ApcContext, PIO_STATUS_BLOCK IoStatusBlock,
                                          PLARGE_INTEGER Timeout)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    LARGE_INTEGER T, *PT;
    PVOID Port;
    SERVICE_ENTER();
    if (!KeyContext || !ApcContext || !IoStatusBlock)
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    if (Mode == UserMode && !IopProbeRemoveOutputs(KeyContext, ApcContext, IoStatusBlock))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    NTSTATUS Status = SvcCaptureTimeout(Mode, Timeout, &T, &PT);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    BOOLEAN Cached;
    Status = ObpReferenceHandleCached(IoCompletionHandle, IO_COMPLETION_MODIFY_STATE,
                                      IopCompletionObjectType, Mode, &Port, &Cached);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    FILE_IO_COMPLETION_INFORMATION Info;
    ULONG Removed;
    Status = IopRemoveCompletion(Port, Mode, FALSE, PT, &Info, 1, &Removed);
    ObpReleaseHandleCached(Port, Cached);
    if (Status == STATUS_SUCCESS &&
        (!SvcCopyOut(Mode, KeyContext, &Info.KeyContext, sizeof(PVOID)) ||
         !SvcCopyOut(Mode, ApcContext, &Info.ApcContext, sizeof(PVOID)) ||
         !SvcCopyOut(Mode, IoStatusBlock, &Info.IoStatusBlock, sizeof Info.IoStatusBlock)))
        Status = STATUS_ACCESS_VIOLATION;
    return KiServiceExit(Status);
}

NTIO_EXPORT NTSTATUS NtRemoveIoCompletionEx(HANDLE IoCompletionHandle,
                                            PFILE_IO_COMPLETION_INFORMATION IoCompletionInformation,
                                            ULONG Count, PULONG NumEntriesRemoved,
                                            PLARGE_INTEGER Timeout, BOOLEAN Alertable)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    LARGE_INTEGER T, *PT;
    PVOID Port;
    SERVICE_ENTER();
    if (!Count)
        return KiServiceExit(STATUS_INVALID_PARAMETER);
    SIZE_T Bytes = (SIZE_T)Count * sizeof(FILE_IO_COMPLETION_INFORMATION);
    if (!IoCompletionInformation || !NumEntriesRemoved)
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    if (Mode == UserMode && (!SvcProbe(IoCompletionInformation, Bytes, TRUE) ||
                             !SvcProbe(NumEntriesRemoved, sizeof(ULONG), TRUE)))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    NTSTATUS Status = SvcCaptureTimeout(Mode, Timeout, &T, &PT);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    BOOLEAN Cached;
    Status = ObpReferenceHandleCached(IoCompletionHandle, IO_COMPLETION_MODIFY_STATE,
                                      IopCompletionObjectType, Mode, &Port, &Cached);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    /* The packets are gathered in kernel memory and copied out a batch at
     * a time; only the first batch may wait. */
    ULONG Room = Count > IOP_REMOVE_BATCH * 4 ? IOP_REMOVE_BATCH * 4 : Count;
    FILE_IO_COMPLETION_INFORMATION Info[IOP_REMOVE_BATCH];
    LARGE_INTEGER Zero = { .QuadPart = 0 };
    ULONG Removed = 0;
    while (Removed < Room) {
        ULONG Want = Room - Removed > IOP_REMOVE_BATCH ? IOP_REMOVE_BATCH : Room - Removed, Got = 0;
        NTSTATUS Batch = IopRemoveCompletion(Port, Mode, Alertable, Removed ? &Zero : PT, Info,
                                             Want, &Got);
        if (Batch != STATUS_SUCCESS) {
            if (!Removed)
                Status = Batch;
            break;
        }
        if (!SvcCopyOut(Mode, IoCompletionInformation + Removed, Info, Got * sizeof *Info)) {
            /* The batch is lost, as on Windows; the ones delivered before
             * it still count. */
            if (!Removed)
                Status = STATUS_ACCESS_VIOLATION;
            break;
        }
        Removed += Got;
        if (Got < Want)
            break;
    }
    ObpReleaseHandleCached(Port, Cached);
    if (!SvcCopyOut(Mode, NumEntriesRemoved, &Removed, sizeof Removed))
        Status = STATUS_ACCESS_VIOLATION;
    return KiServiceExit(Status);
}

NTIO_EXPORT NTSTATUS NtQueryIoCompletion(HANDLE IoCompletionHandle,
                                         IO_COMPLETION_INFORMATION_CLASS InformationClass,
                                         PVOID IoCompletionInformation, ULONG Length,
                                         PULONG ResultLength)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PVOID Port;
    SERVICE_ENTER();
    if (InformationClass != IoCompletionBasicInformation)
        return KiServiceExit(STATUS_INVALID_INFO_CLASS);
    if (Length != sizeof(IO_COMPLETION_BASIC_INFORMATION))
        return KiServiceExit(STATUS_INFO_LENGTH_MISMATCH);
    if (!IoCompletionInformation ||
        !SvcProbeQueryOutput(Mode, IoCompletionInformation, Length, ResultLength))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    NTSTATUS Status = ObReferenceObjectByHandle(IoCompletionHandle, IO_COMPLETION_QUERY_STATE,
                                                IopCompletionObjectType, Mode, &Port, NULL);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    IO_COMPLETION_BASIC_INFORMATION Info = { .Depth = KeReadStateQueue(Port) };
    ObfDereferenceObject(Port);
    ULONG Written = sizeof Info;
    if (!SvcCopyOut(Mode, IoCompletionInformation, &Info, sizeof Info) ||
        (ResultLength && !SvcCopyOut(Mode, ResultLength, &Written, sizeof Written)))
        Status = STATUS_ACCESS_VIOLATION;
    return KiServiceExit(Status);
}
