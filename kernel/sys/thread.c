/*
 * sys/thread.c - threads and processes for applications: NtCreateThreadEx,
 * NtTerminateThread, NtResumeThread, NtQueryInformationThread,
 * NtTerminateProcess, NtQueryInformationProcess (CreateThread, ExitThread,
 * ResumeThread, GetExitCodeThread, ExitProcess, GetExitCodeProcess).
 *
 * The thread machinery itself (the creation handshake, resume gates, the
 * last-thread rule) is in ps/create.c.
 */
#include "sys.h"
#include "ex/ex.h"

#include <sched.h>
#include <unistd.h>


#define PSP_INVALID_THREAD_ATTRIBUTES (OBJ_PERMANENT | OBJ_EXCLUSIVE | OBJ_OPENIF)
/* Windows reports a normal thread's priority: 8, and 0 relative to its process. */
#define PSP_NORMAL_PRIORITY 8

typedef struct _SVC_THREAD_INSERT {
    KPROCESSOR_MODE Mode;
    ACCESS_MASK DesiredAccess;
    POBJECT_ATTRIBUTES Attributes;   /* captured, or NULL */
    PHANDLE ThreadHandle;            /* the caller's */
} SVC_THREAD_INSERT;

static NTSTATUS SvcInsertThread(PETHREAD Thread, PVOID Context)
{
    SVC_THREAD_INSERT *Insert = Context;
    HANDLE Handle;
    NTSTATUS Status;

    ObfReferenceObject(Thread); /* ObInsertObject consumes one reference */
    Status = ObInsertObject(Thread, Insert->Attributes, Insert->DesiredAccess, Insert->Mode,
                            &Handle);
    if (!NT_SUCCESS(Status))
        return Status;
    if (!SvcCopyOut(Insert->Mode, Insert->ThreadHandle, &Handle, sizeof Handle)) {
        ObpCloseHandle(Handle, Insert->Mode);
        return STATUS_ACCESS_VIOLATION;
    }
    return STATUS_SUCCESS;
}

NTIO_EXPORT NTSTATUS NtCreateThreadEx(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                                      POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle,
                                      PUSER_THREAD_START_ROUTINE StartRoutine, PVOID Argument,
                                      ULONG CreateFlags, SIZE_T ZeroBits, SIZE_T StackSize,
                                      SIZE_T MaximumStackSize, PPS_ATTRIBUTE_LIST AttributeList)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    SVC_CAPTURED_NAME *Captured = NULL;
    SVC_THREAD_INSERT Insert;
    PEPROCESS Process;
    NTSTATUS Status;

    SERVICE_ENTER();
    if (!ThreadHandle || (Mode == UserMode && !SvcProbe(ThreadHandle, sizeof(HANDLE), TRUE)))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    if ((CreateFlags & ~THREAD_CREATE_FLAGS_CREATE_SUSPENDED) || ZeroBits || AttributeList)
        return KiServiceExit(STATUS_INVALID_PARAMETER);
    if (ObjectAttributes) {
        Captured = ExpAllocatePool(PagedPool, sizeof *Captured, TAG('P', 's', 'C', 'p'), NULL);
        if (!Captured)
            return KiServiceExit(STATUS_INSUFFICIENT_RESOURCES);
        Status = SvcCaptureObjectAttributes(Mode, ObjectAttributes, Captured);
        if (NT_SUCCESS(Status) && (Captured->Attributes.Attributes & PSP_INVALID_THREAD_ATTRIBUTES))
            Status = STATUS_INVALID_PARAMETER;
        if (!NT_SUCCESS(Status)) {
            ExpFreePool(Captured, 0, FALSE, NULL);
            return KiServiceExit(Status);
        }
    }
    Status = ObReferenceObjectByHandle(ProcessHandle, PROCESS_CREATE_THREAD, PspProcessType, Mode,
                                       (PVOID *)&Process, NULL);
    if (NT_SUCCESS(Status)) {
        /* Threads run application code only in the application process. */
        if (Process != PspApplicationProcess || Process != PspCurrentProcess()) {
            Status = STATUS_NOT_SUPPORTED;
        } else {
            Insert.Mode = Mode;
            Insert.DesiredAccess = DesiredAccess;
            Insert.Attributes = Captured ? &Captured->Attributes : NULL;
            Insert.ThreadHandle = ThreadHandle;
            Status = PspCreateThread(Process, FALSE, NULL, StartRoutine, Argument,
                                     (CreateFlags & THREAD_CREATE_FLAGS_CREATE_SUSPENDED) != 0,
                                     StackSize > MaximumStackSize ? StackSize : MaximumStackSize,
                                     SvcInsertThread, &Insert);
        }
        ObfDereferenceObject(Process);
    }
    if (Captured)
        ExpFreePool(Captured, 0, FALSE, NULL);
    return KiServiceExit(Status);
}

NTIO_EXPORT NTSTATUS NtTerminateThread(HANDLE ThreadHandle, NTSTATUS ExitStatus)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PETHREAD Current = (PETHREAD)KiGetCurrentThread();
    PETHREAD Thread;
    NTSTATUS Status;

    SERVICE_ENTER();
    if (ThreadHandle) {
        Status = ObReferenceObjectByHandle(ThreadHandle, THREAD_TERMINATE, PspThreadType, Mode,
                                           (PVOID *)&Thread, NULL);
        if (!NT_SUCCESS(Status))
            return KiServiceExit(Status);
        ObfDereferenceObject(Thread);
        /* Stopping another Linux thread at an arbitrary point would leave
         * its locks held and its memory half-written. */
        if (Thread != Current)
            return KiServiceExit(STATUS_NOT_SUPPORTED);
    }
    /* Returns only when ThreadHandle is NULL and this is the last thread. */
    Status = PspTerminateCurrentThread(ExitStatus, ThreadHandle == NULL);
    return KiServiceExit(Status);
}

NTIO_EXPORT NTSTATUS NtResumeThread(HANDLE ThreadHandle, PULONG PreviousSuspendCount)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PETHREAD Thread;
    NTSTATUS Status;
    ULONG Previous;

    SERVICE_ENTER();
    if (PreviousSuspendCount && Mode == UserMode &&
        !SvcProbe(PreviousSuspendCount, sizeof(ULONG), TRUE))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    Status = ObReferenceObjectByHandle(ThreadHandle, THREAD_SUSPEND_RESUME, PspThreadType, Mode,
                                       (PVOID *)&Thread, NULL);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    Previous = PspResumeThread(Thread);
    ObfDereferenceObject(Thread);
    if (PreviousSuspendCount && !SvcCopyOut(Mode, PreviousSuspendCount, &Previous, sizeof Previous))
        Status = STATUS_ACCESS_VIOLATION;
    return KiServiceExit(Status);
}

static KAFFINITY SvcAffinityOf(pid_t Tid)
{
    cpu_set_t Set;
    KAFFINITY Mask = 0;
    if (sched_getaffinity(Tid, sizeof Set, &Set) != 0)
        return 0;
    for (int Cpu = 0; Cpu < 64; Cpu++)
        if (CPU_ISSET(Cpu, &Set))
            Mask |= (KAFFINITY)1 << Cpu;
    return Mask;
}

NTIO_EXPORT NTSTATUS NtQueryInformationThread(HANDLE ThreadHandle,
                                              THREADINFOCLASS ThreadInformationClass,
                                              PVOID ThreadInformation,
                                              ULONG ThreadInformationLength, PULONG ReturnLength)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    THREAD_BASIC_INFORMATION Info;
    PETHREAD Thread;
    NTSTATUS Status;

    SERVICE_ENTER();
    if (!SvcProbeQueryOutput(Mode, ThreadInformation, ThreadInformationLength, ReturnLength))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    if (ThreadInformationClass != ThreadBasicInformation)
        return KiServiceExit(STATUS_INVALID_INFO_CLASS);
    if (ThreadInformationLength != sizeof Info)
        return KiServiceExit(STATUS_INFO_LENGTH_MISMATCH);
    Status = ObReferenceObjectByHandle(ThreadHandle, THREAD_QUERY_LIMITED_INFORMATION,
                                       PspThreadType, Mode, (PVOID *)&Thread, NULL);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    memset(&Info, 0, sizeof Info);
    Info.ExitStatus = PsGetThreadExitStatus(Thread);
    Info.TebBaseAddress = NULL;
    Info.ClientId = Thread->Cid;
    Info.AffinityMask = Thread->Tcb.Terminated ? 0 : SvcAffinityOf(Thread->Tcb.Tid);
    Info.Priority = PSP_NORMAL_PRIORITY;
    Info.BasePriority = 0;
    ObfDereferenceObject(Thread);
    return KiServiceExit(SvcReturnQueryOutput(Mode, ThreadInformation, &Info, sizeof Info, ReturnLength));
}

NTIO_EXPORT NTSTATUS NtTerminateProcess(HANDLE ProcessHandle, NTSTATUS ExitStatus)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PEPROCESS Process;
    NTSTATUS Status;

    SERVICE_ENTER();
    /* NULL means "every thread but the caller", which ntio cannot do to
     * running Linux threads. */
    if (!ProcessHandle)
        return KiServiceExit(STATUS_NOT_SUPPORTED);
    Status = ObReferenceObjectByHandle(ProcessHandle, PROCESS_TERMINATE, PspProcessType, Mode,
                                       (PVOID *)&Process, NULL);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    ObfDereferenceObject(Process);
    if (Process == PsInitialSystemProcess)
        return KiServiceExit(STATUS_ACCESS_DENIED);
    if (Process != PspCurrentProcess())
        return KiServiceExit(STATUS_NOT_SUPPORTED);
    PspExitProcess(ExitStatus);
}

NTIO_EXPORT NTSTATUS NtQueryInformationProcess(HANDLE ProcessHandle,
                                               PROCESSINFOCLASS ProcessInformationClass,
                                               PVOID ProcessInformation,
                                               ULONG ProcessInformationLength,
                                               PULONG ReturnLength)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PROCESS_BASIC_INFORMATION Info;
    PEPROCESS Process;
    NTSTATUS Status;

    SERVICE_ENTER();
    if (!SvcProbeQueryOutput(Mode, ProcessInformation, ProcessInformationLength, ReturnLength))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    if (ProcessInformationClass != ProcessBasicInformation)
        return KiServiceExit(STATUS_INVALID_INFO_CLASS);
    if (ProcessInformationLength != sizeof Info)
        return KiServiceExit(STATUS_INFO_LENGTH_MISMATCH);
    Status = ObReferenceObjectByHandle(ProcessHandle, PROCESS_QUERY_LIMITED_INFORMATION,
                                       PspProcessType, Mode, (PVOID *)&Process, NULL);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    memset(&Info, 0, sizeof Info);
    /* Both processes of the embedded model live as long as the kernel: the
     * System process never ends, and the application process is the one
     * asking.  So a process anyone can query is always still running. */
    Info.ExitStatus = STATUS_PENDING;
    Info.PebBaseAddress = NULL;
    Info.AffinityMask = SvcAffinityOf(0);
    Info.BasePriority = PSP_NORMAL_PRIORITY;
    Info.UniqueProcessId = (ULONG_PTR)Process->UniqueProcessId;
    Info.InheritedFromUniqueProcessId =
        Process == PspApplicationProcess ? (ULONG_PTR)getppid() : 0;
    ObfDereferenceObject(Process);
    return KiServiceExit(SvcReturnQueryOutput(Mode, ProcessInformation, &Info, sizeof Info, ReturnLength));
}
