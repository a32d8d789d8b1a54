/*
 * ps/process.c - the System process and the application process, their
 * object types, and thread objects.
 */
#include "ps.h"
#include "ex/ex.h"
#include "io/iop.h"

#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

NTIO_EXPORT PEPROCESS PsInitialSystemProcess;
PEPROCESS PspApplicationProcess;
POBJECT_TYPE PspProcessType, PspThreadType;
NTIO_EXPORT POBJECT_TYPE *PsProcessType = &PspProcessType;
NTIO_EXPORT POBJECT_TYPE *PsThreadType = &PspThreadType;

static PEPROCESS PspCreateProcess(HANDLE Pid, const char *Name)
{
    PEPROCESS Process;
    if (!NT_SUCCESS(ObCreateObject(PspProcessType, sizeof(EPROCESS), (PVOID *)&Process)))
        return NULL;
    KiInitializeDispatcherHeader(&Process->Pcb.Header, ProcessObject, 0);
    Process->UniqueProcessId = Pid;
    Process->ObjectTable = ObpCreateHandleTable();
    KeInitializeSpinLock(&Process->ThreadListLock);
    InitializeListHead(&Process->ThreadListHead);
    strncpy(Process->ImageFileName, Name, sizeof Process->ImageFileName - 1);
    return Process;
}

/* The last reference to a thread is gone: a waker that satisfied its last
 * wait may still be about to make the futex call on its memory. */
static VOID PspDeleteThread(PVOID Object)
{
    KiWaitForWakesInFlight(&((PETHREAD)Object)->Tcb);
}

VOID PspInitializeProcesses(VOID)
{
    static const OBJECT_TYPE_INITIALIZER ProcessInit = {
        .WaitObjectOffset = FIELD_OFFSET(EPROCESS, Pcb.Header),
        .GenericMapping = { STANDARD_RIGHTS_READ | 0x0410, STANDARD_RIGHTS_WRITE | 0x0BEA,
                            STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE | 0x1000, PROCESS_ALL_ACCESS },
        .ValidAccessMask = PROCESS_ALL_ACCESS,
        .PoolTag = TAG('P', 'r', 'o', 'c'),
    };
    static const OBJECT_TYPE_INITIALIZER ThreadInit = {
        .WaitObjectOffset = FIELD_OFFSET(ETHREAD, Tcb.Header),
        .DeleteProcedure = PspDeleteThread,
        .GenericMapping = { STANDARD_RIGHTS_READ | 0x0048, STANDARD_RIGHTS_WRITE | 0x0037,
                            STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE | 0x1800, THREAD_ALL_ACCESS },
        .ValidAccessMask = THREAD_ALL_ACCESS,
        .PoolTag = TAG('T', 'h', 'r', 'e'),
    };
    char Name[16] = "app";
    FILE *f = fopen("/proc/self/comm", "r");
    if (f) {
        if (fgets(Name, sizeof Name, f))
            Name[strcspn(Name, "\n")] = 0;
        fclose(f);
    }
    PspProcessType = ObpCreateObjectType(L"Process", &ProcessInit);
    PspThreadType = ObpCreateObjectType(L"Thread", &ThreadInit);
    PsInitialSystemProcess = PspCreateProcess((HANDLE)4, "System");
    PspApplicationProcess = PspCreateProcess((HANDLE)(ULONG_PTR)getpid(), Name);
}

PETHREAD PspCreateThreadObject(PEPROCESS Process, BOOLEAN SystemThread)
{
    PETHREAD Thread;
    if (!NT_SUCCESS(ObCreateObject(PspThreadType, sizeof(ETHREAD), (PVOID *)&Thread)))
        return NULL;
    KiInitializeThread(&Thread->Tcb, Process, SystemThread);
    KiBindCurrentThread(&Thread->Tcb);
    Thread->Cid.UniqueProcess = Process->UniqueProcessId;
    Thread->Cid.UniqueThread = (HANDLE)(ULONG_PTR)Thread->Tcb.Tid;
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Process->ThreadListLock);
    InsertTailList(&Process->ThreadListHead, &Thread->ThreadListEntry);
    KeReleaseSpinLock(&Process->ThreadListLock, OldIrql);
    __atomic_add_fetch(&Process->ActiveThreads, 1, __ATOMIC_RELAXED);
    return Thread;
}

VOID PspExitThread(PETHREAD Thread)
{
    PEPROCESS Process = Thread->Tcb.Process;
    if (Thread->Tcb.Terminated)
        return;
    Thread->Tcb.Terminated = TRUE; /* no more APCs can be queued to it */
    IopCancelThreadIo(&Thread->Tcb);
    /* A thread can end inside a service that was using its cache (a
     * kernel APC terminating it during a wait): that call never returns. */
    Thread->Tcb.HandleCache.Busy = FALSE;
    ObpFlushHandleCache(&Thread->Tcb);
    KiRundownApcs(&Thread->Tcb);
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Process->ThreadListLock);
    RemoveEntryList(&Thread->ThreadListEntry);
    KeReleaseSpinLock(&Process->ThreadListLock, OldIrql);
    __atomic_sub_fetch(&Process->ActiveThreads, 1, __ATOMIC_RELAXED);
    KiSignalThreadExit(&Thread->Tcb);
    /* The thread object lives on while handles to it exist; the reference
     * the running thread held goes now. */
    ObfDereferenceObject(Thread);
}

NTIO_EXPORT PEPROCESS IoGetCurrentProcess(VOID)
{
    return PspCurrentProcess();
}

NTIO_EXPORT PEPROCESS PsGetCurrentProcess(VOID)
{
    return PspCurrentProcess();
}

NTIO_EXPORT PETHREAD PsGetCurrentThread(VOID)
{
    return (PETHREAD)KiGetCurrentThread();
}

NTIO_EXPORT HANDLE PsGetCurrentProcessId(VOID)
{
    return PspCurrentProcess()->UniqueProcessId;
}

NTIO_EXPORT HANDLE PsGetCurrentThreadId(VOID)
{
    return ((PETHREAD)KiGetCurrentThread())->Cid.UniqueThread;
}

NTIO_EXPORT HANDLE PsGetProcessId(PEPROCESS Process)
{
    return Process->UniqueProcessId;
}

NTIO_EXPORT KPROCESSOR_MODE ExGetPreviousMode(VOID)
{
    return KiGetCurrentThread()->PreviousMode;
}
