/*
 * sys/wait.c - NtWaitForSingleObject, NtWaitForMultipleObjects and
 * NtDelayExecution: waits on handles, alertable waits deliver user APCs.
 */
#include "sys.h"

NTIO_EXPORT NTSTATUS NtWaitForMultipleObjects(ULONG Count, const HANDLE *Handles, WAIT_TYPE WaitType,
                                              BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    HANDLE Local[MAXIMUM_WAIT_OBJECTS];
    PVOID Objects[MAXIMUM_WAIT_OBJECTS], Dispatchers[MAXIMUM_WAIT_OBJECTS];
    KWAIT_BLOCK Blocks[MAXIMUM_WAIT_OBJECTS];
    LARGE_INTEGER T, *PT;
    NTSTATUS Status;
    ULONG Referenced = 0;

    SERVICE_ENTER();
    if (Count == 0 || Count > MAXIMUM_WAIT_OBJECTS)
        return KiServiceExit(STATUS_INVALID_PARAMETER_1);
    if (WaitType != WaitAll && WaitType != WaitAny)
        return KiServiceExit(STATUS_INVALID_PARAMETER_3);
    if (!SvcCopyIn(Mode, Local, Handles, Count * sizeof(HANDLE)))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    Status = SvcCaptureTimeout(Mode, Timeout, &T, &PT);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    for (; Referenced < Count; Referenced++) {
        Status = ObReferenceObjectByHandle(Local[Referenced], SYNCHRONIZE, NULL, Mode,
                                           &Objects[Referenced], NULL);
        if (!NT_SUCCESS(Status))
            goto out;
        if (!ObpIsWaitable(Objects[Referenced], &Dispatchers[Referenced])) {
            ObfDereferenceObject(Objects[Referenced]);
            Status = STATUS_OBJECT_TYPE_MISMATCH;
            goto out;
        }
        /* Wait-all on the same object twice is an error, as on Windows. */
        if (WaitType == WaitAll)
            for (ULONG j = 0; j < Referenced; j++)
                if (Dispatchers[j] == Dispatchers[Referenced]) {
                    ObfDereferenceObject(Objects[Referenced]);
                    Status = STATUS_INVALID_PARAMETER_MIX;
                    goto out;
                }
    }
    /* An alertable wait ends with STATUS_USER_APC; KiServiceExit runs the APCs. */
    Status = KeWaitForMultipleObjects(Count, Dispatchers, WaitType, UserRequest, Mode, Alertable, PT,
                                      Blocks);
out:
    for (ULONG i = 0; i < Referenced; i++)
        ObfDereferenceObject(Objects[i]);
    return KiServiceExit(Status);
}

NTIO_EXPORT NTSTATUS NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    LARGE_INTEGER T, *PT;
    NTSTATUS Status = SvcCaptureTimeout(Mode, Timeout, &T, &PT);
    if (!NT_SUCCESS(Status))
        return Status;
    PVOID Object;
    Status = ObReferenceObjectByHandle(Handle, SYNCHRONIZE, NULL, Mode, &Object, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    PVOID Dispatcher;
    if (!ObpIsWaitable(Object, &Dispatcher)) {
        ObfDereferenceObject(Object);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    SERVICE_ENTER();
    Status = KeWaitForSingleObject(Dispatcher, UserRequest, Mode, Alertable, PT);
    ObfDereferenceObject(Object);
    return KiServiceExit(Status);
}

/* Kernel-mode callers (drivers): a kernel handle or a handle of the
 * current process, waited on without the user-mode access check. */
NTIO_EXPORT NTSTATUS ZwWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
    PKTHREAD Thread = KiGetCurrentThread();
    KPROCESSOR_MODE Saved = Thread->PreviousMode;
    Thread->PreviousMode = KernelMode;
    NTSTATUS Status = NtWaitForSingleObject(Handle, Alertable, Timeout);
    Thread->PreviousMode = Saved;
    return Status;
}

NTIO_EXPORT NTSTATUS NtDelayExecution(BOOLEAN Alertable, PLARGE_INTEGER DelayInterval)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    LARGE_INTEGER T;
    SERVICE_ENTER();
    if (!DelayInterval || !SvcCopyIn(Mode, &T, DelayInterval, sizeof T))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    return KiServiceExit(KeDelayExecutionThread(Mode, Alertable, &T));
}
