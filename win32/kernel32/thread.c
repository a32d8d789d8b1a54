/*
 * kernel32/thread.c - threads: CreateThread, ResumeThread, ExitThread,
 * GetExitCodeThread, GetCurrentThread, GetThreadId.
 *
 * A thread made by CreateThread runs BaseThreadStartup in user mode, which
 * calls the application's routine and hands its return value to ExitThread,
 * as Windows' BaseThreadInitThunk does; ExitThread of the last thread ends
 * the process with that exit code.
 */
#include "k32.h"

#include <stdlib.h>

typedef struct _BASE_THREAD_START {
    LPTHREAD_START_ROUTINE Routine;
    LPVOID Parameter;
} BASE_THREAD_START;

static NTSTATUS NTAPI BaseThreadStartup(PVOID Argument)
{
    BASE_THREAD_START Start = *(BASE_THREAD_START *)Argument;
    free(Argument);
    ExitThread(Start.Routine(Start.Parameter));
}

NTIO_EXPORT HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes, SIZE_T dwStackSize,
                                       LPTHREAD_START_ROUTINE lpStartAddress, LPVOID lpParameter,
                                       DWORD dwCreationFlags, LPDWORD lpThreadId)
{
    OBJECT_ATTRIBUTES Attributes;
    BASE_THREAD_START *Start;
    SIZE_T Commit = 0, Reserve = 0;
    HANDLE Handle;
    NTSTATUS Status;

    InitializeObjectAttributes(&Attributes, NULL,
                               (lpThreadAttributes && lpThreadAttributes->bInheritHandle) ? OBJ_INHERIT : 0,
                               NULL, lpThreadAttributes ? lpThreadAttributes->lpSecurityDescriptor : NULL);
    if (dwCreationFlags & STACK_SIZE_PARAM_IS_A_RESERVATION)
        Reserve = dwStackSize;
    else
        Commit = dwStackSize;
    Start = malloc(sizeof *Start);
    if (!Start) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    Start->Routine = lpStartAddress;
    Start->Parameter = lpParameter;
    Status = NtCreateThreadEx(&Handle, THREAD_ALL_ACCESS, &Attributes, NtCurrentProcess(),
                              BaseThreadStartup, Start,
                              (dwCreationFlags & CREATE_SUSPENDED) ? THREAD_CREATE_FLAGS_CREATE_SUSPENDED : 0,
                              0, Commit, Reserve, NULL);
    if (!NT_SUCCESS(Status)) {
        /* The thread never ran: the start block is still ours. */
        free(Start);
        BaseSetLastNTError(Status);
        return NULL;
    }
    if (lpThreadId) {
        THREAD_BASIC_INFORMATION Info;
        /* The thread object outlives the thread, so this works even if it
         * already ended. */
        if (NT_SUCCESS(NtQueryInformationThread(Handle, ThreadBasicInformation, &Info, sizeof Info,
                                                NULL)))
            *lpThreadId = (DWORD)(ULONG_PTR)Info.ClientId.UniqueThread;
    }
    return Handle;
}

NTIO_EXPORT DWORD WINAPI ResumeThread(HANDLE hThread)
{
    ULONG Previous;
    NTSTATUS Status = NtResumeThread(hThread, &Previous);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return (DWORD)-1;
    }
    return Previous;
}

NTIO_EXPORT DECLSPEC_NORETURN VOID WINAPI ExitThread(DWORD dwExitCode)
{
    /* Returns only when this is the last thread: then the process ends
     * with the thread's exit code. */
    NtTerminateThread(NULL, (NTSTATUS)dwExitCode);
    ExitProcess(dwExitCode);
}

NTIO_EXPORT BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode)
{
    THREAD_BASIC_INFORMATION Info;
    NTSTATUS Status = NtQueryInformationThread(hThread, ThreadBasicInformation, &Info, sizeof Info,
                                               NULL);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    *lpExitCode = (DWORD)Info.ExitStatus;  /* STATUS_PENDING is STILL_ACTIVE */
    return TRUE;
}

NTIO_EXPORT HANDLE WINAPI GetCurrentThread(VOID)
{
    return NtCurrentThread();
}

NTIO_EXPORT DWORD WINAPI GetThreadId(HANDLE Thread)
{
    THREAD_BASIC_INFORMATION Info;
    NTSTATUS Status = NtQueryInformationThread(Thread, ThreadBasicInformation, &Info, sizeof Info,
                                               NULL);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return 0;
    }
    return (DWORD)(ULONG_PTR)Info.ClientId.UniqueThread;
}
