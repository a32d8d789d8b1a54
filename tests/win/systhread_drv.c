/*
 * tests/win/systhread_drv.c - a driver with system threads, as drivers
 * write them: DriverEntry starts a worker with PsCreateSystemThread (a
 * kernel handle, OBJ_KERNEL_HANDLE), runs a one-shot thread and waits for
 * it through its handle, and DriverUnload stops the worker, waits on the
 * thread object and checks the exit status PsTerminateSystemThread gave.
 * Results go to the debugger output; the test looks for "FAIL".
 */
#include <ntddk.h>

#define WORKER_EXIT_STATUS ((NTSTATUS)0x20000042L)

static HANDLE Worker;
static KEVENT Stop;
static volatile LONG Ticks;

typedef struct _ONE_SHOT {
    KIRQL Irql;
    KPROCESSOR_MODE Mode;
    PEPROCESS Process;
} ONE_SHOT;

static VOID NTAPI WorkerRoutine(PVOID Context)
{
    LARGE_INTEGER Period;
    UNREFERENCED_PARAMETER(Context);
    Period.QuadPart = -10 * 1000 * 2; /* 2 ms */
    while (KeWaitForSingleObject(&Stop, Executive, KernelMode, FALSE, &Period) == STATUS_TIMEOUT)
        InterlockedIncrement(&Ticks);
    PsTerminateSystemThread(WORKER_EXIT_STATUS);
}

static VOID NTAPI OneShotRoutine(PVOID Context)
{
    ONE_SHOT *Shot = Context;
    Shot->Irql = KeGetCurrentIrql();
    Shot->Mode = ExGetPreviousMode();
    Shot->Process = PsGetCurrentProcess();
}

static NTSTATUS WaitForThread(HANDLE Handle, NTSTATUS *ExitStatus)
{
    PKTHREAD Thread;
    NTSTATUS Status = ObReferenceObjectByHandle(Handle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                                (PVOID *)&Thread, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, NULL);
    *ExitStatus = PsGetThreadExitStatus((PETHREAD)Thread);
    ObDereferenceObject(Thread);
    return Status;
}

static VOID NTAPI DriverUnload(PDRIVER_OBJECT DriverObject)
{
    NTSTATUS ExitStatus = 0;
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();
    KeSetEvent(&Stop, IO_NO_INCREMENT, FALSE);
    if (WaitForThread(Worker, &ExitStatus) != STATUS_SUCCESS)
        DbgPrint("systhread: FAIL: cannot wait for the worker\n");
    else if (ExitStatus != WORKER_EXIT_STATUS)
        DbgPrint("systhread: FAIL: worker exit status 0x%08X\n", ExitStatus);
    else if (Ticks == 0)
        DbgPrint("systhread: FAIL: the worker never ran\n");
    else
        DbgPrint("systhread: unload ok (%ld ticks)\n", Ticks);
    ZwClose(Worker);
}

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES Attributes;
    ONE_SHOT Shot;
    HANDLE Handle;
    NTSTATUS Status, ExitStatus = 0;
    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeEvent(&Stop, NotificationEvent, FALSE);
    InitializeObjectAttributes(&Attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);

    RtlZeroMemory(&Shot, sizeof Shot);
    Shot.Irql = 0xFF;
    Status = PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, &Attributes, NULL, NULL,
                                  OneShotRoutine, &Shot);
    if (!NT_SUCCESS(Status)) {
        DbgPrint("systhread: FAIL: PsCreateSystemThread 0x%08X\n", Status);
        return Status;
    }
    Status = WaitForThread(Handle, &ExitStatus);
    ZwClose(Handle);
    if (Status != STATUS_SUCCESS || ExitStatus != STATUS_SUCCESS || Shot.Irql != PASSIVE_LEVEL ||
        Shot.Mode != KernelMode || PsGetProcessId(Shot.Process) != (HANDLE)4)
        DbgPrint("systhread: FAIL: one-shot thread: wait 0x%08X exit 0x%08X irql %u mode %u\n",
                 Status, ExitStatus, Shot.Irql, Shot.Mode);
    else
        DbgPrint("systhread: one-shot ok\n");

    Status = PsCreateSystemThread(&Worker, THREAD_ALL_ACCESS, &Attributes, NULL, NULL,
                                  WorkerRoutine, NULL);
    if (!NT_SUCCESS(Status)) {
        DbgPrint("systhread: FAIL: worker 0x%08X\n", Status);
        return Status;
    }
    DriverObject->DriverUnload = DriverUnload;
    return STATUS_SUCCESS;
}
