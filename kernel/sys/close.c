/*
 * sys/close.c - NtClose / ZwClose.
 */
#include "sys.h"

NTIO_EXPORT NTSTATUS NtClose(HANDLE Handle)
{
    SERVICE_ENTER();
    return KiServiceExit(ObpCloseHandle(Handle, ExGetPreviousMode()));
}

NTIO_EXPORT NTSTATUS ZwClose(HANDLE Handle)
{
    PKTHREAD Thread = KiGetCurrentThread();
    KPROCESSOR_MODE Saved = Thread->PreviousMode;
    Thread->PreviousMode = KernelMode;
    NTSTATUS Status = NtClose(Handle);
    Thread->PreviousMode = Saved;
    return Status;
}
