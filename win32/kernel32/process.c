/*
 * kernel32/process.c - the calling process: GetCurrentProcess,
 * GetProcessId, ExitProcess, GetExitCodeProcess.
 */
#include "k32.h"

#include <stdlib.h>

NTIO_EXPORT HANDLE WINAPI GetCurrentProcess(VOID)
{
    return NtCurrentProcess();
}

NTIO_EXPORT DWORD WINAPI GetProcessId(HANDLE Process)
{
    PROCESS_BASIC_INFORMATION Info;
    NTSTATUS Status = NtQueryInformationProcess(Process, ProcessBasicInformation, &Info,
                                                sizeof Info, NULL);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return 0;
    }
    return (DWORD)Info.UniqueProcessId;
}

NTIO_EXPORT DECLSPEC_NORETURN VOID WINAPI ExitProcess(UINT uExitCode)
{
    /* The kernel's exit path: exit(), whose handlers close the process's
     * handles and unload the drivers.  Only the low 8 bits of the code
     * reach a Linux parent. */
    NtTerminateProcess(NtCurrentProcess(), (NTSTATUS)uExitCode);
    /* Not reached: terminating the calling process cannot fail. */
    abort();
}

NTIO_EXPORT BOOL WINAPI GetExitCodeProcess(HANDLE hProcess, LPDWORD lpExitCode)
{
    PROCESS_BASIC_INFORMATION Info;
    NTSTATUS Status = NtQueryInformationProcess(hProcess, ProcessBasicInformation, &Info,
                                                sizeof Info, NULL);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    *lpExitCode = (DWORD)Info.ExitStatus;  /* STATUS_PENDING is STILL_ACTIVE */
    return TRUE;
}
