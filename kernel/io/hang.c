/*
 * io/hang.c - hung I/O.
 *
 * On Windows an IRP that its driver never completes and cannot cancel (no
 * cancel routine) leaves the requesting thread waiting forever: the process
 * cannot even be killed (Windows Internals, the Myfault experiment).  ntio
 * reports such an IRP in the spirit of WinDbg's !irp — the request, the
 * device and driver image at its current stack location, the waiting
 * thread, its age, and the missing cancel routine — and ends the process
 * with IOP_EXIT_HUNG_IRP, when
 *   - a thread has waited on a synchronous request longer than the hang
 *     timeout (NTIO_HANG_TIMEOUT seconds, default 30; `ntio run
 *     --hang-timeout`), or
 *   - the application exits and its IRPs do not finish within the timeout
 *     after being cancelled.
 * An IRP that has a cancel routine is merely slow (a read waiting for
 * data): it is waited for, as on Windows.
 */
#include "iop.h"
#include "ps/ps.h"

#include <stdlib.h>
#include <unistd.h>

ULONGLONG IopHangTimeoutNs = 30ULL * 1000000000ULL;

VOID IopInitializeHangDetection(VOID)
{
    const char *s = getenv("NTIO_HANG_TIMEOUT");
    if (s && *s) {
        char *End;
        double Seconds = strtod(s, &End);
        if (*End == 0 && Seconds > 0)
            IopHangTimeoutNs = (ULONGLONG)(Seconds * 1e9);
        else
            fprintf(stderr, "ntio: ignoring NTIO_HANG_TIMEOUT=%s (want a positive number of seconds)\n", s);
    }
}

static const char *const IopMajorNames[IRP_MJ_MAXIMUM_FUNCTION + 1] = {
    "IRP_MJ_CREATE", "IRP_MJ_CREATE_NAMED_PIPE", "IRP_MJ_CLOSE", "IRP_MJ_READ", "IRP_MJ_WRITE",
    "IRP_MJ_QUERY_INFORMATION", "IRP_MJ_SET_INFORMATION", "IRP_MJ_QUERY_EA", "IRP_MJ_SET_EA",
    "IRP_MJ_FLUSH_BUFFERS", "IRP_MJ_QUERY_VOLUME_INFORMATION", "IRP_MJ_SET_VOLUME_INFORMATION",
    "IRP_MJ_DIRECTORY_CONTROL", "IRP_MJ_FILE_SYSTEM_CONTROL", "IRP_MJ_DEVICE_CONTROL",
    "IRP_MJ_INTERNAL_DEVICE_CONTROL", "IRP_MJ_SHUTDOWN", "IRP_MJ_LOCK_CONTROL", "IRP_MJ_CLEANUP",
    "IRP_MJ_CREATE_MAILSLOT", "IRP_MJ_QUERY_SECURITY", "IRP_MJ_SET_SECURITY", "IRP_MJ_POWER",
    "IRP_MJ_SYSTEM_CONTROL", "IRP_MJ_DEVICE_CHANGE", "IRP_MJ_QUERY_QUOTA", "IRP_MJ_SET_QUOTA",
    "IRP_MJ_PNP",
};

/* The caller keeps Irp alive (it holds the list lock of Irp's thread). */
VOID IopReportIrp(FILE *Out, PIRP Irp, const char *Why)
{
    PIOP_IRP_HEADER H = IOP_IRP_HEADER_OF(Irp);
    PKTHREAD Thread = (PKTHREAD)Irp->Tail.Overlay.Thread;
    double Age = H->IssueTimeNs ? (double)(KiMonotonicCoarseNs() - H->IssueTimeNs) / 1e9 : 0.0;
    PIO_STACK_LOCATION Cur = IoGetCurrentIrpStackLocation(Irp);

    fprintf(Out, "\n*** ntio: hung IRP: %s\n", Why);
    fprintf(Out, "Irp %p is active with %d stacks %d is current\n", (void *)Irp, Irp->StackCount,
            Irp->CurrentLocation);
    fprintf(Out, "     cmd  flg cl Device           File             Completion-Context\n");
    PIO_STACK_LOCATION First = (PIO_STACK_LOCATION)(Irp + 1);
    for (int i = 0; i < Irp->StackCount; i++) {
        PIO_STACK_LOCATION Sp = &First[i];
        BOOLEAN Active = (i + 1 >= Irp->CurrentLocation);
        if (!Active && !Sp->DeviceObject)
            continue;
        fprintf(Out, " %c[%3x,%2x] %2x %2x %016lx %016lx %016lx-%016lx\n", Sp == Cur ? '>' : ' ',
                Sp->MajorFunction, Sp->MinorFunction, Sp->Flags, Sp->Control,
                (unsigned long)(ULONG_PTR)Sp->DeviceObject, (unsigned long)(ULONG_PTR)Sp->FileObject,
                (unsigned long)(ULONG_PTR)Sp->CompletionRoutine, (unsigned long)(ULONG_PTR)Sp->Context);
        if (Sp->DeviceObject) {
            char DevName[256], DrvName[256];
            PDRIVER_OBJECT Driver = Sp->DeviceObject->DriverObject;
            ObpQueryNameUtf8(Sp->DeviceObject, DevName, sizeof DevName);
            ObpQueryNameUtf8(Driver, DrvName, sizeof DrvName);
            fprintf(Out, "                 %s  %s (%s)\n", DevName, DrvName, IopDriverImageName(Driver));
        }
        fprintf(Out, "                 Args: %016lx %016lx %016lx %016lx\n",
                (unsigned long)(ULONG_PTR)Sp->Parameters.Others.Argument1,
                (unsigned long)(ULONG_PTR)Sp->Parameters.Others.Argument2,
                (unsigned long)(ULONG_PTR)Sp->Parameters.Others.Argument3,
                (unsigned long)(ULONG_PTR)Sp->Parameters.Others.Argument4);
    }
    if (Irp->CurrentLocation <= Irp->StackCount) {
        fprintf(Out, "Request: %s", Cur->MajorFunction <= IRP_MJ_MAXIMUM_FUNCTION
                                        ? IopMajorNames[Cur->MajorFunction] : "(invalid major)");
        if (Cur->MajorFunction == IRP_MJ_DEVICE_CONTROL ||
            Cur->MajorFunction == IRP_MJ_INTERNAL_DEVICE_CONTROL)
            fprintf(Out, ", IoControlCode 0x%08x", Cur->Parameters.DeviceIoControl.IoControlCode);
        fprintf(Out, ", minor 0x%x\n", Cur->MinorFunction);
        if (Cur->DeviceObject)
            fprintf(Out, "Culprit: %s holds the IRP\n",
                    IopDriverImageName(Cur->DeviceObject->DriverObject));
    }
    fprintf(Out, "Cancel routine: %s; Cancel flag: %s\n",
            Irp->CancelRoutine ? "set" : "none (the IRP cannot be cancelled)",
            Irp->Cancel ? "set" : "clear");
    if (Thread)
        fprintf(Out, "Thread: %d (%s)\n", (int)Thread->Tid,
                Thread->Terminated ? "exiting" : "waiting for the IRP");
    fprintf(Out, "Age: %.1f s (hang timeout %.1f s)\n", Age, (double)IopHangTimeoutNs / 1e9);
    fflush(Out);
}

static BOOLEAN IopIrpInThreadList(PKTHREAD Thread, PIRP Irp)
{
    for (PLIST_ENTRY E = Thread->IrpList.Flink; E != &Thread->IrpList; E = E->Flink)
        if (CONTAINING_RECORD(E, IRP, ThreadListEntry) == Irp)
            return TRUE;
    return FALSE;
}

DECLSPEC_NORETURN VOID IopEndProcessForHungIrp(VOID)
{
    fprintf(stderr, "ntio: ending the process (exit status %d): a driver holds an IRP it will "
                    "neither complete nor cancel\n",
            IOP_EXIT_HUNG_IRP);
    fflush(stderr);
    _exit(IOP_EXIT_HUNG_IRP);
}

VOID IopWaitForSynchronousIrp(PFILE_OBJECT FileObject, PIRP Irp, BOOLEAN Alertable)
{
    PKTHREAD Thread = KiGetCurrentThread();
    for (;;) {
        LARGE_INTEGER Timeout = { .QuadPart = -(LONGLONG)(IopHangTimeoutNs / 100) };
        NTSTATUS w = KeWaitForSingleObject(&FileObject->Event, Executive, Thread->PreviousMode,
                                           Alertable, &Timeout);
        if (w == STATUS_USER_APC) {
            KiDeliverUserApcs();
            continue;
        }
        if (w != STATUS_TIMEOUT)
            return;
        /* The IRP is alive while it is on this thread's list, and the list
         * lock keeps it so while we look at it. */
        IopLockThreadIrpList(Thread);
        if (KeReadStateEvent(&FileObject->Event) || !IopIrpInThreadList(Thread, Irp) ||
            Irp->CancelRoutine) {
            IopUnlockThreadIrpList(Thread);
            continue; /* done meanwhile, or cancellable: keep waiting */
        }
        IopReportIrp(stderr, Irp, "the driver neither completes nor lets it be cancelled");
        IopEndProcessForHungIrp();
    }
}

ULONG IopWaitForIrpList(PKSPIN_LOCK Lock, PLIST_ENTRY Head, ULONGLONG Deadline, const char *Why)
{
    LARGE_INTEGER Tick = { .QuadPart = -10 * 10000 }; /* 10 ms */
    PKTHREAD Self = KiGetCurrentThread();
    for (;;) {
        KiAcquireSpinLockRaw(Lock, Self);
        BOOLEAN Empty = IsListEmpty(Head);
        KiReleaseSpinLockRaw(Lock);
        if (Empty)
            return 0;
        if (KiMonotonicNs() >= Deadline)
            break;
        KeDelayExecutionThread(KernelMode, FALSE, &Tick);
    }
    /* Report what is left and disassociate it from the thread or file, as
     * Windows does after its (much longer) wait: its completion then
     * touches only the IRP. */
    ULONG Left = 0;
    KiAcquireSpinLockRaw(Lock, Self);
    while (!IsListEmpty(Head)) {
        PIRP Irp = CONTAINING_RECORD(RemoveHeadList(Head), IRP, ThreadListEntry);
        IopReportIrp(stderr, Irp, Why);
        InitializeListHead(&Irp->ThreadListEntry);
        /* A thread-agnostic IRP keeps its thread reference (the process is
         * ending); without the flag its completion leaves lists alone. */
        IOP_IRP_HEADER_OF(Irp)->IopFlags &= ~IOP_IRP_THREAD_AGNOSTIC;
        Irp->Tail.Overlay.Thread = NULL;
        Left++;
    }
    KiReleaseSpinLockRaw(Lock);
    return Left;
}

ULONG IopWaitForThreadIrps(PKTHREAD Thread, ULONGLONG TimeoutNs, const char *Why)
{
    return IopWaitForIrpList(&Thread->IrpListLock, &Thread->IrpList, KiMonotonicNs() + TimeoutNs,
                             Why);
}
