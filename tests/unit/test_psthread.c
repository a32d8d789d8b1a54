/*
 * tests/unit/test_psthread.c - system threads (kernel/ps/create.c):
 * PsCreateSystemThread runs its routine at PASSIVE_LEVEL in kernel mode in
 * the System process, hands out a waitable kernel handle, records the exit
 * status (returning from the routine or PsTerminateSystemThread); bad
 * parameters fail as on Windows, and leaving a thread at raised IRQL is a
 * bug check.  Also the thread system services' parameter checks
 * (NtCreateThreadEx, NtQueryInformationThread, NtResumeThread,
 * NtTerminateThread) and those of the memory services.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <wdm.h>
#include <ntio/ntsvc.h>

#include "kmtest.h"
#include "ke/except.h"
#include "ke/ke.h"
#include "ps/ps.h"

#include <pthread.h>

#define STATUS_TEST_EXIT ((NTSTATUS)0x20001234L)

typedef struct _PROBE {
    KEVENT Go;                 /* the routine waits for it when Wait is set */
    BOOLEAN Wait;
    KIRQL Irql;
    KPROCESSOR_MODE PreviousMode;
    PEPROCESS Process;
    BOOLEAN SystemThread;
    BOOLEAN InKernel;
    HANDLE ThreadId;
    PETHREAD Thread;
    volatile BOOLEAN AfterTerminate;
    NTSTATUS TerminateWith;    /* nonzero: end with PsTerminateSystemThread */
} PROBE;

static VOID NTAPI ProbeRoutine(PVOID Context)
{
    PROBE *Probe = Context;
    Probe->Irql = KeGetCurrentIrql();
    Probe->PreviousMode = ExGetPreviousMode();
    Probe->Process = PsGetCurrentProcess();
    Probe->Thread = PsGetCurrentThread();
    Probe->SystemThread = PsIsSystemThread(PsGetCurrentThread());
    Probe->InKernel = KiIsThreadInKernel();
    Probe->ThreadId = PsGetCurrentThreadId();
    if (Probe->Wait)
        KeWaitForSingleObject(&Probe->Go, Executive, KernelMode, FALSE, NULL);
    if (Probe->TerminateWith) {
        PsTerminateSystemThread(Probe->TerminateWith);
        Probe->AfterTerminate = TRUE; /* never */
    }
}

static PETHREAD ReferenceThread(HANDLE Handle)
{
    PETHREAD Thread = NULL;
    NTSTATUS Status = ObReferenceObjectByHandle(Handle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                                (PVOID *)&Thread, NULL);
    CHECK_EQ(Status, STATUS_SUCCESS);
    return Thread;
}

static void TestBasics(void)
{
    PROBE Probe;
    HANDLE Handle = NULL;
    CLIENT_ID Cid;
    memset(&Probe, 0, sizeof Probe);
    memset(&Cid, 0, sizeof Cid);
    KeInitializeEvent(&Probe.Go, NotificationEvent, FALSE);
    Probe.Wait = TRUE;

    NTSTATUS Status = PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL, NULL, &Cid,
                                           ProbeRoutine, &Probe);
    CHECK_EQ(Status, STATUS_SUCCESS);
    if (!NT_SUCCESS(Status))
        return;
    /* A kernel handle: the System process's table, unusable from user mode. */
    CHECK(((ULONG_PTR)Handle & 0xFFFFFFFF80000000ULL) == 0xFFFFFFFF80000000ULL);
    PVOID Object = NULL;
    CHECK_EQ(ObReferenceObjectByHandle(Handle, SYNCHRONIZE, *PsThreadType, UserMode, &Object, NULL),
             STATUS_INVALID_HANDLE);
    CHECK(Object == NULL);
    CHECK_EQ(ObReferenceObjectByHandle(Handle, SYNCHRONIZE, *ExEventObjectType, KernelMode,
                                       &Object, NULL),
             STATUS_OBJECT_TYPE_MISMATCH);

    PETHREAD Thread = ReferenceThread(Handle);
    if (!Thread)
        return;
    CHECK(Cid.UniqueProcess == (HANDLE)4);
    CHECK(Cid.UniqueThread == PsGetThreadId(Thread));
    CHECK(PsGetThreadProcessId(Thread) == (HANDLE)4);
    CHECK(PsGetThreadProcess(Thread) == PsInitialSystemProcess);
    CHECK(PsIsSystemThread(Thread));

    /* Running: not signalled, exit status pending. */
    LARGE_INTEGER Zero = { .QuadPart = 0 };
    CHECK_EQ(KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, &Zero), STATUS_TIMEOUT);
    CHECK_EQ(PsGetThreadExitStatus(Thread), STATUS_PENDING);
    CHECK(!PsIsThreadTerminating(Thread));

    KeSetEvent(&Probe.Go, IO_NO_INCREMENT, FALSE);
    CHECK_EQ(KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
    /* Returning from the routine ends the thread with STATUS_SUCCESS. */
    CHECK_EQ(PsGetThreadExitStatus(Thread), STATUS_SUCCESS);
    CHECK(PsIsThreadTerminating(Thread));
    CHECK_EQ(Probe.Irql, PASSIVE_LEVEL);
    CHECK_EQ(Probe.PreviousMode, KernelMode);
    CHECK(Probe.Process == PsInitialSystemProcess);
    CHECK(Probe.SystemThread);
    CHECK(Probe.InKernel);
    CHECK(Probe.Thread == Thread);
    CHECK(Probe.ThreadId == Cid.UniqueThread);
    /* Still signalled for every later wait (a notification object). */
    CHECK_EQ(KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, &Zero), STATUS_SUCCESS);
    ObDereferenceObject(Thread);
    CHECK_EQ(ZwClose(Handle), STATUS_SUCCESS);
    CHECK_EQ(ZwClose(Handle), STATUS_INVALID_HANDLE);
}

static void TestTerminate(void)
{
    PROBE Probe;
    HANDLE Handle;
    memset(&Probe, 0, sizeof Probe);
    Probe.TerminateWith = STATUS_TEST_EXIT;
    CHECK_EQ(PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL, NULL, NULL, ProbeRoutine, &Probe),
             STATUS_SUCCESS);
    PETHREAD Thread = ReferenceThread(Handle);
    if (!Thread)
        return;
    CHECK_EQ(KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
    CHECK_EQ(PsGetThreadExitStatus(Thread), STATUS_TEST_EXIT);
    CHECK(!Probe.AfterTerminate);
    ObDereferenceObject(Thread);
    ZwClose(Handle);

    /* Not a system thread: refused, and the caller goes on. */
    CHECK_EQ(PsTerminateSystemThread(STATUS_SUCCESS), STATUS_INVALID_PARAMETER);
}

static void TestProcessHandle(void)
{
    PROBE Probe;
    HANDLE Handle;
    CLIENT_ID Cid;
    memset(&Probe, 0, sizeof Probe);
    CHECK_EQ(PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), &Cid,
                                  ProbeRoutine, &Probe),
             STATUS_SUCCESS);
    PETHREAD Thread = ReferenceThread(Handle);
    if (!Thread)
        return;
    KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, NULL);
    /* A system thread of the calling process: kernel mode all the same. */
    CHECK(Probe.Process == PsGetCurrentProcess());
    CHECK(Probe.SystemThread);
    CHECK_EQ(Probe.PreviousMode, KernelMode);
    CHECK(Cid.UniqueProcess == PsGetCurrentProcessId());
    ObDereferenceObject(Thread);
    ZwClose(Handle);
}

static VOID NTAPI Nothing(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
}

static void TestBadParameters(void)
{
    HANDLE Handle = (HANDLE)(ULONG_PTR)0x55;
    OBJECT_ATTRIBUTES Attributes;

    InitializeObjectAttributes(&Attributes, NULL, OBJ_PERMANENT, NULL, NULL);
    CHECK_EQ(PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, &Attributes, NULL, NULL, Nothing, NULL),
             STATUS_INVALID_PARAMETER);
    InitializeObjectAttributes(&Attributes, NULL, OBJ_OPENIF, NULL, NULL);
    CHECK_EQ(PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, &Attributes, NULL, NULL, Nothing, NULL),
             STATUS_INVALID_PARAMETER);
    InitializeObjectAttributes(&Attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    Attributes.Length = 3;
    CHECK_EQ(PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, &Attributes, NULL, NULL, Nothing, NULL),
             STATUS_INVALID_PARAMETER);
    CHECK(Handle == (HANDLE)(ULONG_PTR)0x55);
    CHECK_EQ(PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL, (HANDLE)(ULONG_PTR)0x7FFC, NULL,
                                  Nothing, NULL),
             STATUS_INVALID_HANDLE);

    /* OBJ_KERNEL_HANDLE as drivers outside the System process must pass it. */
    InitializeObjectAttributes(&Attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    CHECK_EQ(PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, &Attributes, NULL, NULL, Nothing, NULL),
             STATUS_SUCCESS);
    PETHREAD Thread = ReferenceThread(Handle);
    if (Thread) {
        KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(Thread);
    }
    ZwClose(Handle);
}

/* Many threads at once, each signalled when it ends; the handle closed
 * first for half of them (the thread runs on regardless). */
#define MANY 40

static volatile LONG ManyRan;

static VOID NTAPI Counter(PVOID Context)
{
    LARGE_INTEGER Delay = { .QuadPart = -10000 * (LONGLONG)((ULONG_PTR)Context % 5) };
    KeDelayExecutionThread(KernelMode, FALSE, &Delay);
    InterlockedIncrement(&ManyRan);
}

static void TestMany(void)
{
    HANDLE Handles[MANY];
    PVOID Threads[MANY];
    KWAIT_BLOCK Blocks[MANY];
    ULONG Created = 0;
    for (ULONG i = 0; i < MANY; i++) {
        if (!NT_SUCCESS(PsCreateSystemThread(&Handles[i], SYNCHRONIZE, NULL, NULL, NULL, Counter,
                                             (PVOID)(ULONG_PTR)i)))
            break;
        Threads[i] = ReferenceThread(Handles[i]);
        if (i % 2)
            ZwClose(Handles[i]);
        Created++;
    }
    CHECK_EQ(Created, MANY);
    CHECK_EQ(KeWaitForMultipleObjects(Created, Threads, WaitAll, Executive, KernelMode, FALSE, NULL,
                                      Blocks),
             STATUS_SUCCESS);
    CHECK_EQ(ManyRan, MANY);
    for (ULONG i = 0; i < Created; i++) {
        CHECK_EQ(PsGetThreadExitStatus(Threads[i]), STATUS_SUCCESS);
        ObDereferenceObject(Threads[i]);
        if (!(i % 2))
            ZwClose(Handles[i]);
    }
}

/* ---- the thread services, called from this (user-mode) thread ---------- */

static NTSTATUS NTAPI UserRoutine(PVOID Argument)
{
    *(volatile KPROCESSOR_MODE *)Argument = ExGetPreviousMode();
    return (NTSTATUS)0x77;
}

static void TestThreadServices(void)
{
    HANDLE Handle;
    THREAD_BASIC_INFORMATION Info;
    ULONG Length = 0, Previous = 99;
    volatile KPROCESSOR_MODE Mode = KernelMode;

    CHECK_EQ(ExGetPreviousMode(), UserMode);
    CHECK_EQ(NtCreateThreadEx(&Handle, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), UserRoutine,
                              (PVOID)&Mode, THREAD_CREATE_FLAGS_CREATE_SUSPENDED, 0, 0, 0, NULL),
             STATUS_SUCCESS);
    CHECK_EQ(NtQueryInformationThread(Handle, ThreadBasicInformation, &Info, sizeof Info, &Length),
             STATUS_SUCCESS);
    CHECK_EQ(Length, sizeof Info);
    CHECK_EQ(Info.ExitStatus, STATUS_PENDING);
    CHECK(Info.ClientId.UniqueProcess == PsGetCurrentProcessId());
    CHECK_EQ(NtResumeThread(Handle, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    CHECK_EQ(NtWaitForSingleObject(Handle, FALSE, NULL), STATUS_SUCCESS);
    CHECK_EQ(NtQueryInformationThread(Handle, ThreadBasicInformation, &Info, sizeof Info, NULL),
             STATUS_SUCCESS);
    /* The routine's return value is the exit status; it ran in user mode. */
    CHECK_EQ(Info.ExitStatus, 0x77);
    CHECK_EQ(Mode, UserMode);
    CHECK_EQ(NtResumeThread(Handle, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 0);
    CHECK_EQ(NtClose(Handle), STATUS_SUCCESS);

    /* Bad parameters. */
    CHECK_EQ(NtCreateThreadEx((PHANDLE)(ULONG_PTR)0x20, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(),
                              UserRoutine, (PVOID)&Mode, 0, 0, 0, 0, NULL),
             STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtCreateThreadEx(&Handle, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), UserRoutine,
                              (PVOID)&Mode, 0x80, 0, 0, 0, NULL),
             STATUS_INVALID_PARAMETER);
    CHECK_EQ(NtCreateThreadEx(&Handle, THREAD_ALL_ACCESS, NULL, (HANDLE)(ULONG_PTR)0x7FFC,
                              UserRoutine, (PVOID)&Mode, 0, 0, 0, 0, NULL),
             STATUS_INVALID_HANDLE);
    CHECK_EQ(NtQueryInformationThread(NtCurrentThread(), ThreadBasicInformation, &Info,
                                      sizeof Info - 1, NULL),
             STATUS_INFO_LENGTH_MISMATCH);
    CHECK_EQ(NtQueryInformationThread(NtCurrentThread(), (THREADINFOCLASS)77, &Info, sizeof Info,
                                      NULL),
             STATUS_INVALID_INFO_CLASS);
    CHECK_EQ(NtQueryInformationThread((HANDLE)(ULONG_PTR)0x7FFC, ThreadBasicInformation, &Info,
                                      sizeof Info, NULL),
             STATUS_INVALID_HANDLE);
    CHECK_EQ(NtResumeThread((HANDLE)(ULONG_PTR)0x7FFC, NULL), STATUS_INVALID_HANDLE);
    CHECK_EQ(NtTerminateThread((HANDLE)(ULONG_PTR)0x7FFC, 0), STATUS_INVALID_HANDLE);
    CHECK_EQ(NtTerminateProcess(NULL, 0), STATUS_NOT_SUPPORTED);

    /* A kernel handle is no handle from user mode, even to the services. */
    HANDLE Kernel;
    CHECK_EQ(PsCreateSystemThread(&Kernel, THREAD_ALL_ACCESS, NULL, NULL, NULL, Nothing, NULL),
             STATUS_SUCCESS);
    CHECK_EQ(NtWaitForSingleObject(Kernel, FALSE, NULL), STATUS_INVALID_HANDLE);
    CHECK_EQ(NtQueryInformationThread(Kernel, ThreadBasicInformation, &Info, sizeof Info, NULL),
             STATUS_INVALID_HANDLE);
    PETHREAD Thread = ReferenceThread(Kernel);
    if (Thread) {
        KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(Thread);
    }
    ZwClose(Kernel);
}

static void TestMemoryServices(void)
{
    PVOID Base = NULL;
    SIZE_T Size = 3 * PAGE_SIZE + 5;
    ULONG Old;

    CHECK_EQ(NtAllocateVirtualMemory(NtCurrentProcess(), &Base, 0, &Size, MEM_RESERVE | MEM_COMMIT,
                                     PAGE_READWRITE),
             STATUS_SUCCESS);
    CHECK(((ULONG_PTR)Base & 0xFFFF) == 0);
    CHECK_EQ(Size, 4 * PAGE_SIZE);
    CHECK_EQ(((volatile UCHAR *)Base)[3 * PAGE_SIZE + 100], 0);
    ((volatile UCHAR *)Base)[0] = 1;

    PVOID Page = (PUCHAR)Base + PAGE_SIZE;
    SIZE_T One = 1;
    CHECK_EQ(NtProtectVirtualMemory(NtCurrentProcess(), &Page, &One, PAGE_READONLY, &Old),
             STATUS_SUCCESS);
    CHECK_EQ(Old, PAGE_READWRITE);
    CHECK_EQ(One, PAGE_SIZE);
    MEMORY_BASIC_INFORMATION Info;
    SIZE_T Returned = 0;
    CHECK_EQ(NtQueryVirtualMemory(NtCurrentProcess(), (PUCHAR)Base + PAGE_SIZE + 7,
                                  MemoryBasicInformation, &Info, sizeof Info, &Returned),
             STATUS_SUCCESS);
    CHECK_EQ(Returned, sizeof Info);
    CHECK(Info.BaseAddress == (PUCHAR)Base + PAGE_SIZE);
    CHECK(Info.AllocationBase == Base);
    CHECK_EQ(Info.RegionSize, PAGE_SIZE);
    CHECK_EQ(Info.State, MEM_COMMIT);
    CHECK_EQ(Info.Protect, PAGE_READONLY);
    CHECK_EQ(Info.Type, MEM_PRIVATE);

    /* The parameter checks, in Windows' order. */
    PVOID Any = NULL;
    SIZE_T AnySize = PAGE_SIZE;
    CHECK_EQ(NtAllocateVirtualMemory(NtCurrentProcess(), &Any, 0, &AnySize, MEM_COMMIT | 0x40,
                                     PAGE_READWRITE),
             STATUS_INVALID_PARAMETER_5);
    CHECK_EQ(NtAllocateVirtualMemory(NtCurrentProcess(), &Any, 0, &AnySize, MEM_COMMIT, 0x3),
             STATUS_INVALID_PAGE_PROTECTION);
    CHECK_EQ(NtAllocateVirtualMemory(NtCurrentProcess(), &Any, 22, &AnySize, MEM_COMMIT,
                                     PAGE_READWRITE),
             STATUS_INVALID_PARAMETER_3);
    AnySize = 0;
    CHECK_EQ(NtAllocateVirtualMemory(NtCurrentProcess(), &Any, 0, &AnySize, MEM_COMMIT,
                                     PAGE_READWRITE),
             STATUS_INVALID_PARAMETER_4);
    CHECK_EQ(NtAllocateVirtualMemory(NtCurrentProcess(), (PVOID *)(ULONG_PTR)0x30, 0, &AnySize,
                                     MEM_COMMIT, PAGE_READWRITE),
             STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtFreeVirtualMemory(NtCurrentProcess(), &Base, &Size, MEM_RELEASE | MEM_DECOMMIT),
             STATUS_INVALID_PARAMETER_4);
    CHECK_EQ(NtQueryVirtualMemory(NtCurrentProcess(), Base, MemoryBasicInformation, &Info,
                                  sizeof Info - 1, NULL),
             STATUS_INFO_LENGTH_MISMATCH);
    CHECK_EQ(NtQueryVirtualMemory(NtCurrentProcess(), (PVOID)(ULONG_PTR)0x800000000000ULL,
                                  MemoryBasicInformation, &Info, sizeof Info, NULL),
             STATUS_INVALID_PARAMETER);

    PVOID Release = (PUCHAR)Base + 5;
    SIZE_T ReleaseSize = 0;
    CHECK_EQ(NtFreeVirtualMemory(NtCurrentProcess(), &Release, &ReleaseSize, MEM_RELEASE),
             STATUS_SUCCESS);
    CHECK(Release == Base);
    CHECK_EQ(ReleaseSize, 4 * PAGE_SIZE);
    CHECK_EQ(NtFreeVirtualMemory(NtCurrentProcess(), &Release, &ReleaseSize, MEM_RELEASE),
             STATUS_MEMORY_NOT_ALLOCATED);

    /* Releasing part of an allocation (NT allows it; VirtualFree does not):
     * what is left are allocations of their own. */
    PUCHAR Whole = NULL;
    SIZE_T WholeSize = 16 * PAGE_SIZE;
    CHECK_EQ(NtAllocateVirtualMemory(NtCurrentProcess(), (PVOID *)&Whole, 0, &WholeSize,
                                     MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE),
             STATUS_SUCCESS);
    Whole[0] = 1;
    Whole[15 * PAGE_SIZE] = 2;
    Release = Whole + 4 * PAGE_SIZE;
    ReleaseSize = 4 * PAGE_SIZE;
    CHECK_EQ(NtFreeVirtualMemory(NtCurrentProcess(), &Release, &ReleaseSize, MEM_RELEASE),
             STATUS_SUCCESS);
    CHECK_EQ(NtQueryVirtualMemory(NtCurrentProcess(), Whole + 5 * PAGE_SIZE,
                                  MemoryBasicInformation, &Info, sizeof Info, NULL),
             STATUS_SUCCESS);
    CHECK_EQ(Info.State, MEM_FREE);
    CHECK_EQ(Info.RegionSize, 3 * PAGE_SIZE);
    CHECK_EQ(NtQueryVirtualMemory(NtCurrentProcess(), Whole + 9 * PAGE_SIZE,
                                  MemoryBasicInformation, &Info, sizeof Info, NULL),
             STATUS_SUCCESS);
    CHECK(Info.AllocationBase == Whole + 8 * PAGE_SIZE);
    CHECK(Info.BaseAddress == Whole + 9 * PAGE_SIZE);
    CHECK_EQ(Info.RegionSize, 7 * PAGE_SIZE);
    CHECK_EQ(Info.State, MEM_COMMIT);
    CHECK_EQ(Whole[0] + Whole[15 * PAGE_SIZE], 3);
    /* Beyond the end of an allocation: cannot be freed in one go. */
    Release = Whole;
    ReleaseSize = 5 * PAGE_SIZE;
    CHECK_EQ(NtFreeVirtualMemory(NtCurrentProcess(), &Release, &ReleaseSize, MEM_DECOMMIT),
             STATUS_UNABLE_TO_FREE_VM);
    /* Decommit in the middle of a piece, then release both pieces. */
    Release = Whole + 10 * PAGE_SIZE;
    ReleaseSize = 1;
    CHECK_EQ(NtFreeVirtualMemory(NtCurrentProcess(), &Release, &ReleaseSize, MEM_DECOMMIT),
             STATUS_SUCCESS);
    CHECK_EQ(ReleaseSize, PAGE_SIZE);
    CHECK_EQ(NtQueryVirtualMemory(NtCurrentProcess(), Whole + 10 * PAGE_SIZE,
                                  MemoryBasicInformation, &Info, sizeof Info, NULL),
             STATUS_SUCCESS);
    CHECK_EQ(Info.State, MEM_RESERVE);
    CHECK_EQ(Info.RegionSize, PAGE_SIZE);
    Release = Whole + 8 * PAGE_SIZE;
    ReleaseSize = 0;
    CHECK_EQ(NtFreeVirtualMemory(NtCurrentProcess(), &Release, &ReleaseSize, MEM_RELEASE),
             STATUS_SUCCESS);
    CHECK_EQ(ReleaseSize, 8 * PAGE_SIZE);
    Release = Whole;
    ReleaseSize = 0;
    CHECK_EQ(NtFreeVirtualMemory(NtCurrentProcess(), &Release, &ReleaseSize, MEM_RELEASE),
             STATUS_SUCCESS);
    CHECK_EQ(ReleaseSize, 4 * PAGE_SIZE);

    /* A user-mode caller cannot hand in kernel-side or unmapped pointers. */
    Any = NULL;
    AnySize = PAGE_SIZE;
    CHECK_EQ(NtAllocateVirtualMemory(NtCurrentProcess(), &Any, 0, &AnySize, MEM_COMMIT,
                                     PAGE_READWRITE),
             STATUS_SUCCESS);
    CHECK_EQ(NtQueryVirtualMemory(NtCurrentProcess(), Any, MemoryBasicInformation,
                                  (PVOID)(ULONG_PTR)0x20, sizeof Info, NULL),
             STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtProtectVirtualMemory(NtCurrentProcess(), &Any, &AnySize, PAGE_READONLY, NULL),
             STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtAllocateVirtualMemory((HANDLE)(ULONG_PTR)0x7FFC, &Any, 0, &AnySize, MEM_COMMIT,
                                     PAGE_READWRITE),
             STATUS_INVALID_HANDLE);
    AnySize = 0;
    CHECK_EQ(NtFreeVirtualMemory(NtCurrentProcess(), &Any, &AnySize, MEM_RELEASE), STATUS_SUCCESS);
}

/* ---- bug checks, each in a child ------------------------------------- */

static VOID NTAPI ReturnAtDispatch(PVOID Context)
{
    KIRQL Old;
    UNREFERENCED_PARAMETER(Context);
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
}

static VOID NTAPI TerminateAtDispatch(PVOID Context)
{
    KIRQL Old;
    UNREFERENCED_PARAMETER(Context);
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static VOID NTAPI ReturnInCriticalRegion(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeGetCurrentThread()->KernelApcDisable--;   /* KeEnterCriticalRegion, never left */
}

static VOID NTAPI Fault(PVOID Context)
{
    *(volatile ULONG *)Context = 1;
}

static PKSTART_ROUTINE ChildRoutine;
static PVOID ChildContext;

static void RunThreadInChild(void)
{
    HANDLE Handle;
    if (!NT_SUCCESS(PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL, NULL, NULL, ChildRoutine,
                                         ChildContext)))
        _exit(2);
    PETHREAD Thread;
    if (!NT_SUCCESS(ObReferenceObjectByHandle(Handle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                              (PVOID *)&Thread, NULL)))
        _exit(3);
    KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, NULL);
    _exit(0);
}

static void CreateAtDispatch(void)
{
    HANDLE Handle;
    KIRQL Old;
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL, NULL, NULL, Nothing, NULL);
    _exit(0);
}

static void TestBugChecks(void)
{
    int Status;

    /* fork() copies only this thread: give the threads that have ended
     * (their objects are signalled) time to leave glibc and the pool, so
     * that the child inherits no lock they held. */
    usleep(100 * 1000);

    ChildRoutine = ReturnAtDispatch;
    Status = KmRunChild(RunThreadInChild);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x00000020");
    CHECK_HAS(KmReport, "KERNEL_APC_PENDING_DURING_EXIT");
    /* The routine that returned is gone from the stack: the report names it. */
    CHECK_HAS(KmReport, "Thread start routine: test_psthread+0x");

    ChildRoutine = TerminateAtDispatch;
    Status = KmRunChild(RunThreadInChild);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x00000020");

    ChildRoutine = ReturnInCriticalRegion;
    Status = KmRunChild(RunThreadInChild);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x00000020");

    /* A system thread runs in kernel mode: its fault is a bug check. */
    ChildRoutine = Fault;
    ChildContext = (PVOID)(ULONG_PTR)0x18;
    Status = KmRunChild(RunThreadInChild);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x00000050");
    ChildContext = NULL;

    Status = KmRunChild(CreateAtDispatch);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x0000000A");
}

int main(void)
{
    TestBasics();
    TestTerminate();
    TestProcessHandle();
    TestBadParameters();
    TestMany();
    TestThreadServices();
    TestMemoryServices();
    TestBugChecks();
    return test_summary("test_psthread");
}
