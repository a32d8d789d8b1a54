/*
 * ps/create.c - creating and ending threads: PsCreateSystemThread and
 * PsTerminateSystemThread for drivers, the kernel side of NtCreateThreadEx,
 * NtResumeThread and NtTerminateThread for applications, and the thread
 * queries (PsGetThreadId, PsGetThreadExitStatus, ...).
 *
 * A thread is a Linux thread with an ETHREAD.  The ETHREAD is made by the new
 * thread itself (PspCreateThreadObject binds it to the calling Linux
 * thread), so creating one is a handshake:
 *
 *     creator                                new thread
 *     pthread_create  ───────────────────▶   PspCreateThreadObject
 *     wait for Phase  ◀───────────────────   Phase = READY (or FAILED)
 *     Insert(): the handle, the client id
 *     Verdict = RUN (or ABANDON) ────────▶   [wait at the resume gate if created suspended]
 *     return                                 StartRoutine(StartContext)
 *
 * so a start routine never runs unless its creator got the handle, and a
 * creation that fails half-way leaves nothing behind but a signalled,
 * handle-less thread object that goes away at once.
 *
 * Ending a thread: its exit status is recorded, the thread returns (from
 * PsTerminateSystemThread / NtTerminateThread it longjmps) to
 * PspThreadStartup, which returns to glibc; the pthread key destructor of
 * ke/thread.c then runs PspExitThread (cancel the thread's IRPs, signal the
 * thread object, drop the running reference).  Nothing here calls
 * PspExitThread itself: that drops the reference the key destructor still
 * needs.  As on Windows, ending a thread does not unwind its stack (no C++
 * destructors, no __finally blocks run).  A thread ntio did not create (the
 * main thread, a raw pthread) has no start frame to go back to and ends
 * through pthread_exit instead.
 */
#include "ps.h"
#include "ex/ex.h"
#include "ke/bugcheck.h"
#include "ke/except.h"

#include <ntio/ntsvc.h>

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#define IRQL_NOT_LESS_OR_EQUAL 0x0000000A
#define KERNEL_APC_PENDING_DURING_EXIT 0x00000020

/* The smallest stack a thread gets: Windows reserves at least 64K, but
 * code built with sanitizers (and ntio's __try frames, ~1.7K each) needs
 * more room than code built for Windows. */
#define PSP_MINIMUM_STACK (256 * 1024)


/* ------------------------------------------------------------ resume gates */

/*
 * A thread created suspended waits at a gate before its start routine runs;
 * ResumeThread lowers the gate's count and opens it at zero.  Only creation
 * suspends (SuspendThread on a running thread cannot be done safely to a
 * Linux thread), so a gate exists exactly while a new thread has not been
 * let go yet.  Gates are found by thread on PspGateList.
 */
typedef struct _PSP_RESUME_GATE {
    LIST_ENTRY Link;              /* PspGateList while closed; guarded by PspGateLock */
    PETHREAD Thread;              /* set before the gate is listed */
    ULONG SuspendCount;           /* guarded by PspGateLock */
    volatile int Open;            /* futex word the thread sleeps on: 0 closed, 1 open */
    volatile LONG References;     /* the list's and the thread's; the last one frees */
} PSP_RESUME_GATE, *PPSP_RESUME_GATE;

static pthread_mutex_t PspGateLock = PTHREAD_MUTEX_INITIALIZER;
static LIST_ENTRY PspGateList = { &PspGateList, &PspGateList };

static VOID PspDereferenceGate(PPSP_RESUME_GATE Gate)
{
    if (__atomic_sub_fetch(&Gate->References, 1, __ATOMIC_ACQ_REL) == 0)
        ExpFreePool(Gate, 0, FALSE, NULL);
}

ULONG PspResumeThread(PETHREAD Thread)
{
    ULONG Previous = 0;
    PPSP_RESUME_GATE Found = NULL;

    pthread_mutex_lock(&PspGateLock);
    for (PLIST_ENTRY Entry = PspGateList.Flink; Entry != &PspGateList; Entry = Entry->Flink) {
        PPSP_RESUME_GATE Gate = CONTAINING_RECORD(Entry, PSP_RESUME_GATE, Link);
        if (Gate->Thread == Thread) {
            Previous = Gate->SuspendCount;
            if (--Gate->SuspendCount == 0) {
                RemoveEntryList(&Gate->Link);
                Found = Gate;
            }
            break;
        }
    }
    pthread_mutex_unlock(&PspGateLock);
    if (Found) {
        __atomic_store_n(&Found->Open, 1, __ATOMIC_RELEASE);
        KiFutexWake(&Found->Open, 1);
        PspDereferenceGate(Found);   /* the list's reference */
    }
    return Previous;
}

static VOID PspWaitAtGate(PPSP_RESUME_GATE Gate)
{
    while (!__atomic_load_n(&Gate->Open, __ATOMIC_ACQUIRE))
        KiFutexWait(&Gate->Open, 0, NULL);
    PspDereferenceGate(Gate);
}

/* ------------------------------------------------------- the exiting rule */

/*
 * A process ends when its last thread ends, with that thread's exit status.
 * A thread that has decided to end is still on its process's thread list
 * until the key destructor runs PspExitThread, so the threads that are on
 * their way out are kept here (each with a reference) and do not count as
 * live.  Entries whose thread has Terminated are dropped lazily.  The
 * decision "am I the last live thread?" is made under PspExitLock, so two
 * threads ending together cannot both conclude that the other one lives on.
 */
static pthread_mutex_t PspExitLock = PTHREAD_MUTEX_INITIALIZER;
static PETHREAD *PspLeavingThreads;      /* guarded by PspExitLock */
static ULONG PspLeavingCount, PspLeavingCapacity;

static BOOLEAN PspIsLeaving(PETHREAD Thread)
{
    for (ULONG i = 0; i < PspLeavingCount; i++)
        if (PspLeavingThreads[i] == Thread)
            return TRUE;
    return FALSE;
}

/* Returns TRUE if Thread is the last live thread of its process; otherwise
 * records it as leaving. */
static BOOLEAN PspCommitThreadExit(PETHREAD Thread)
{
    PEPROCESS Process = Thread->Tcb.Process;
    ULONG Live = 0, Kept = 0;

    pthread_mutex_lock(&PspExitLock);
    for (ULONG i = 0; i < PspLeavingCount; i++) {
        if (PspLeavingThreads[i]->Tcb.Terminated)
            ObfDereferenceObject(PspLeavingThreads[i]);
        else
            PspLeavingThreads[Kept++] = PspLeavingThreads[i];
    }
    PspLeavingCount = Kept;

    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Process->ThreadListLock);
    for (PLIST_ENTRY Entry = Process->ThreadListHead.Flink; Entry != &Process->ThreadListHead;
         Entry = Entry->Flink) {
        PETHREAD Other = CONTAINING_RECORD(Entry, ETHREAD, ThreadListEntry);
        if (Other != Thread && !Other->Tcb.Terminated && !PspIsLeaving(Other))
            Live++;
    }
    KeReleaseSpinLock(&Process->ThreadListLock, OldIrql);

    if (Live) {
        if (PspLeavingCount == PspLeavingCapacity) {
            ULONG Capacity = PspLeavingCapacity ? PspLeavingCapacity * 2 : 16;
            PETHREAD *Grown = ExpAllocatePool(NonPagedPool, Capacity * sizeof(PETHREAD),
                                              TAG('P', 's', 'L', 'v'), NULL);
            if (Grown) {
                if (PspLeavingCount)
                    memcpy(Grown, PspLeavingThreads, PspLeavingCount * sizeof(PETHREAD));
                if (PspLeavingThreads)
                    ExpFreePool(PspLeavingThreads, 0, FALSE, NULL);
                PspLeavingThreads = Grown;
                PspLeavingCapacity = Capacity;
            }
        }
        /* Out of memory: the thread stays counted as live until its key
         * destructor runs, which can only make a concurrent decision keep
         * the process alive, never end it early. */
        if (PspLeavingCount < PspLeavingCapacity) {
            ObfReferenceObject(Thread);
            PspLeavingThreads[PspLeavingCount++] = Thread;
        }
    }
    pthread_mutex_unlock(&PspExitLock);
    return Live == 0;
}

DECLSPEC_NORETURN VOID PspExitProcess(NTSTATUS ExitStatus)
{
    /* exit() runs the atexit handlers, the kernel's among them (handles
     * closed, drivers unloaded), in the context of the application. */
    while (KiIsThreadInKernel())
        KiLeaveKernel();
    exit((int)ExitStatus);
}

/* ---------------------------------------------------------- thread start */

#define PSP_PHASE_STARTING 0
#define PSP_PHASE_READY 1
#define PSP_PHASE_FAILED 2
#define PSP_VERDICT_WAIT 0
#define PSP_VERDICT_RUN 1
#define PSP_VERDICT_ABANDON 2

typedef struct _PSP_THREAD_START {
    /* Set by the creator before pthread_create. */
    PEPROCESS Process;
    BOOLEAN SystemThread;
    PKSTART_ROUTINE SystemRoutine;        /* exactly one of the two */
    PUSER_THREAD_START_ROUTINE UserRoutine;
    PVOID StartContext;
    PPSP_RESUME_GATE Gate;                /* created suspended: its gate */
    /* Set by the new thread before it publishes Phase. */
    PETHREAD Thread;                      /* referenced for the creator */
    /* Set by the creator before it publishes Verdict. */
    NTSTATUS Status;
    volatile int Phase;                   /* futex word, PSP_PHASE_* */
    volatile int Verdict;                 /* futex word, PSP_VERDICT_* */
    volatile LONG References;             /* the creator's and the thread's */
} PSP_THREAD_START, *PPSP_THREAD_START;

/* The jump back to PspRunStartRoutine of a thread ntio created. */
static __thread sigjmp_buf *PspThreadExitJump;

static VOID PspDereferenceStart(PPSP_THREAD_START Start)
{
    if (__atomic_sub_fetch(&Start->References, 1, __ATOMIC_ACQ_REL) == 0)
        ExpFreePool(Start, 0, FALSE, NULL);
}

static VOID PspPublish(volatile int *Word, int Value)
{
    __atomic_store_n(Word, Value, __ATOMIC_RELEASE);
    KiFutexWake(Word, 1);
}

static int PspAwait(volatile int *Word)
{
    int Value;
    while ((Value = __atomic_load_n(Word, __ATOMIC_ACQUIRE)) == 0)
        KiFutexWait(Word, 0, NULL);
    return Value;
}

/* A system thread must leave the way it came: at PASSIVE_LEVEL, outside
 * any critical or guarded region. */
static VOID PspCheckSystemThreadExit(PKTHREAD Thread)
{
    ULONG ApcDisable = (ULONG)(USHORT)Thread->KernelApcDisable |
                       ((ULONG)(USHORT)Thread->SpecialApcDisable << 16);
    if (Thread->Irql != PASSIVE_LEVEL || ApcDisable != 0)
        KeBugCheckEx(KERNEL_APC_PENDING_DURING_EXIT, 0, ApcDisable, Thread->Irql, 0);
}

static __attribute__((noinline)) VOID PspRunStartRoutine(PETHREAD Thread,
                                                         PKSTART_ROUTINE SystemRoutine,
                                                         PUSER_THREAD_START_ROUTINE UserRoutine,
                                                         PVOID StartContext)
{
    sigjmp_buf ExitJump;

    if (sigsetjmp(ExitJump, 0) != 0) {
        /* Back from PsTerminateSystemThread / NtTerminateThread: the frames
         * above are abandoned, and so are their __try frames. */
        __ntio_seh_thread.Top = NULL;
        __ntio_seh_thread.HandledCount = 0;
        __ntio_seh_thread.FinPending = 0;
        PspThreadExitJump = NULL;
        return;
    }
    PspThreadExitJump = &ExitJump;
    if (SystemRoutine) {
        SystemRoutine(StartContext);
        /* Returning from the start routine ends the thread normally. */
        PspCheckSystemThreadExit(&Thread->Tcb);
        Thread->ExitStatus = STATUS_SUCCESS;
    } else {
        /* Application code runs outside the kernel: its faults are the
         * application's, not bug checks. */
        KiLeaveKernel();
        NTSTATUS Status = UserRoutine(StartContext);
        KiEnterKernel();
        /* As RtlUserThreadStart does: the return value is the exit status,
         * and the last thread takes the process with it. */
        PspTerminateCurrentThread(Status, FALSE);
    }
    PspThreadExitJump = NULL;
}

/* A bug check on a thread ntio created names the thread's start routine:
 * when a routine returned at raised IRQL, its frame is gone from the stack. */
static __thread PVOID PspThreadStartRoutine;   /* of a thread PspCreateThread made */

static VOID PspReportThreadStart(FILE *Out)
{
    PVOID Start = PspThreadStartRoutine;
    Dl_info Symbol;
    if (!Start)
        return;
    if (dladdr(Start, &Symbol) && Symbol.dli_fname) {
        const char *Module = strrchr(Symbol.dli_fname, '/');
        fprintf(Out, "Thread start routine: %s+0x%lx%s%s\n",
                Module ? Module + 1 : Symbol.dli_fname,
                (unsigned long)((ULONG_PTR)Start - (ULONG_PTR)Symbol.dli_fbase),
                Symbol.dli_sname ? "  " : "", Symbol.dli_sname ? Symbol.dli_sname : "");
    } else {
        fprintf(Out, "Thread start routine: %p\n", Start);
    }
}

static pthread_once_t PspReportOnce = PTHREAD_ONCE_INIT;

static void PspRegisterReport(void)
{
    KiRegisterBugCheckCallback(PspReportThreadStart);
}

/* Stands in for the new thread's KTHREAD until PspCreateThreadObject made
 * it: pool allocation and spin locks look at the current thread, and would
 * otherwise adopt this thread into the application process. */
static VOID PspInitializeStartupThread(PKTHREAD Thread, PEPROCESS Process)
{
    memset(Thread, 0, sizeof *Thread);
    KiInitializeThread(Thread, Process, TRUE);
}

static void *PspThreadStartup(void *Argument)
{
    PPSP_THREAD_START Start = Argument;
    KTHREAD Startup;
    PETHREAD Thread;
    PKSTART_ROUTINE SystemRoutine;
    PUSER_THREAD_START_ROUTINE UserRoutine;
    PVOID StartContext;
    PPSP_RESUME_GATE Gate;
    NTSTATUS Status;

    PspInitializeStartupThread(&Startup, Start->Process);
    KiCurrentThread = &Startup;
    KiEnterKernel();
    Thread = PspCreateThreadObject(Start->Process, Start->SystemThread);
    if (!Thread) {
        KiCurrentThread = NULL;
        PspPublish(&Start->Phase, PSP_PHASE_FAILED);
        PspDereferenceStart(Start);
        return NULL;
    }
    Thread->ExitStatus = STATUS_PENDING;
    Thread->StartAddress = Start->SystemRoutine ? (PVOID)Start->SystemRoutine
                                                : (PVOID)Start->UserRoutine;
    PspThreadStartRoutine = Thread->StartAddress;
    ObfReferenceObject(Thread); /* the creator's, dropped after Insert */
    Start->Thread = Thread;
    Gate = Start->Gate;
    if (Gate) {
        Gate->Thread = Thread;
        pthread_mutex_lock(&PspGateLock);
        InsertTailList(&PspGateList, &Gate->Link);
        pthread_mutex_unlock(&PspGateLock);
    }
    SystemRoutine = Start->SystemRoutine;
    UserRoutine = Start->UserRoutine;
    StartContext = Start->StartContext;
    PspPublish(&Start->Phase, PSP_PHASE_READY);

    int Verdict = PspAwait(&Start->Verdict);
    Status = Start->Status;
    PspDereferenceStart(Start);
    if (Verdict != PSP_VERDICT_RUN) {
        /* The creator could not hand the thread out; it never runs.  The
         * creator took the gate off the list. */
        if (Gate)
            PspDereferenceGate(Gate);
        Thread->ExitStatus = Status;
        return NULL;
    }
    if (Gate)
        PspWaitAtGate(Gate);
    PspRunStartRoutine(Thread, SystemRoutine, UserRoutine, StartContext);
    /* The key destructor of ke/thread.c ends the thread (PspExitThread). */
    return NULL;
}

NTSTATUS PspCreateThread(PEPROCESS Process, BOOLEAN SystemThread, PKSTART_ROUTINE SystemRoutine,
                         PUSER_THREAD_START_ROUTINE UserRoutine, PVOID StartContext,
                         BOOLEAN CreateSuspended, SIZE_T StackSize, PSP_INSERT_THREAD_ROUTINE Insert,
                         PVOID InsertContext)
{
    PPSP_THREAD_START Start;
    PPSP_RESUME_GATE Gate = NULL;
    pthread_attr_t Attributes;
    pthread_t Posix;
    NTSTATUS Status;
    int Error;

    pthread_once(&PspReportOnce, PspRegisterReport);
    Start = ExpAllocatePool(NonPagedPool, sizeof *Start, TAG('P', 's', 'C', 't'), NULL);
    if (!Start)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(Start, 0, sizeof *Start);
    if (CreateSuspended) {
        Gate = ExpAllocatePool(NonPagedPool, sizeof *Gate, TAG('P', 's', 'G', 't'), NULL);
        if (!Gate) {
            ExpFreePool(Start, 0, FALSE, NULL);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        memset(Gate, 0, sizeof *Gate);
        Gate->SuspendCount = 1;
        Gate->References = 2;
    }
    Start->Process = Process;
    Start->SystemThread = SystemThread;
    Start->SystemRoutine = SystemRoutine;
    Start->UserRoutine = UserRoutine;
    Start->StartContext = StartContext;
    Start->Gate = Gate;
    Start->References = 2;

    pthread_attr_init(&Attributes);
    pthread_attr_setdetachstate(&Attributes, PTHREAD_CREATE_DETACHED);
    if (StackSize) {
        if (StackSize < PSP_MINIMUM_STACK)
            StackSize = PSP_MINIMUM_STACK;
        StackSize = (StackSize + PAGE_SIZE - 1) & ~(SIZE_T)(PAGE_SIZE - 1);
        pthread_attr_setstacksize(&Attributes, StackSize);
    }
    Error = pthread_create(&Posix, &Attributes, PspThreadStartup, Start);
    pthread_attr_destroy(&Attributes);
    if (Error) {
        if (Gate)
            ExpFreePool(Gate, 0, FALSE, NULL);
        ExpFreePool(Start, 0, FALSE, NULL);
        return Error == EAGAIN ? STATUS_INSUFFICIENT_RESOURCES : STATUS_NO_MEMORY;
    }

    if (PspAwait(&Start->Phase) != PSP_PHASE_READY) {
        if (Gate)
            ExpFreePool(Gate, 0, FALSE, NULL);
        PspDereferenceStart(Start);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    PETHREAD Thread = Start->Thread;
    Status = Insert(Thread, InsertContext);
    if (!NT_SUCCESS(Status) && Gate) {
        /* The thread never runs: its gate goes away unopened. */
        pthread_mutex_lock(&PspGateLock);
        RemoveEntryList(&Gate->Link);
        pthread_mutex_unlock(&PspGateLock);
        PspDereferenceGate(Gate);
    }
    Start->Status = Status;
    PspPublish(&Start->Verdict, NT_SUCCESS(Status) ? PSP_VERDICT_RUN : PSP_VERDICT_ABANDON);
    PspDereferenceStart(Start);
    ObfDereferenceObject(Thread);
    return Status;
}

/* ----------------------------------------------------------- thread end */

/*
 * End the calling thread with ExitStatus.  An application thread that is
 * the last live thread of its process ends the process instead (exit with
 * ExitStatus) -- unless FailIfLastThread, which returns
 * STATUS_CANT_TERMINATE_SELF (NtTerminateThread(NULL, ...)).  Otherwise
 * does not return.
 */
NTSTATUS PspTerminateCurrentThread(NTSTATUS ExitStatus, BOOLEAN FailIfLastThread)
{
    PETHREAD Thread = (PETHREAD)KiGetCurrentThread();

    if (Thread->Tcb.SystemThread) {
        PspCheckSystemThreadExit(&Thread->Tcb);
    } else if (PspCommitThreadExit(Thread)) {
        if (FailIfLastThread)
            return STATUS_CANT_TERMINATE_SELF;
        Thread->ExitStatus = ExitStatus;
        PspExitProcess(ExitStatus);
    }
    Thread->ExitStatus = ExitStatus;
    if (PspThreadExitJump)
        siglongjmp(*PspThreadExitJump, 1);
    /* A thread ntio did not create: end the Linux thread; the key
     * destructor of ke/thread.c ends the thread object. */
    pthread_exit(NULL);
}

/* -------------------------------------------------------------- the DDIs */

/* Attributes that do not make sense for a thread object. */
#define PSP_INVALID_THREAD_ATTRIBUTES (OBJ_PERMANENT | OBJ_EXCLUSIVE | OBJ_OPENIF)

typedef struct _PSP_SYSTEM_THREAD_INSERT {
    ACCESS_MASK DesiredAccess;
    OBJECT_ATTRIBUTES Attributes;
    PHANDLE ThreadHandle;
    PCLIENT_ID ClientId;
} PSP_SYSTEM_THREAD_INSERT;

static NTSTATUS PspInsertSystemThread(PETHREAD Thread, PVOID Context)
{
    PSP_SYSTEM_THREAD_INSERT *Insert = Context;
    HANDLE Handle;
    NTSTATUS Status;

    ObfReferenceObject(Thread); /* ObInsertObject consumes one reference */
    Status = ObInsertObject(Thread, &Insert->Attributes, Insert->DesiredAccess, KernelMode,
                            &Handle);
    if (!NT_SUCCESS(Status))
        return Status;
    *Insert->ThreadHandle = Handle;
    if (Insert->ClientId)
        *Insert->ClientId = Thread->Cid;
    return STATUS_SUCCESS;
}

NTIO_EXPORT NTSTATUS NTAPI PsCreateSystemThread(PHANDLE ThreadHandle, ULONG DesiredAccess,
                                                POBJECT_ATTRIBUTES ObjectAttributes,
                                                HANDLE ProcessHandle, PCLIENT_ID ClientId,
                                                PKSTART_ROUTINE StartRoutine, PVOID StartContext)
{
    PKTHREAD Current = KiGetCurrentThread();
    PSP_SYSTEM_THREAD_INSERT Insert;
    PEPROCESS Process;
    NTSTATUS Status;

    /* Pageable code: at DISPATCH_LEVEL and above it would fault on Windows. */
    if (Current->Irql > APC_LEVEL)
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)PsCreateSystemThread, Current->Irql, 8,
                     (ULONG_PTR)__builtin_return_address(0));

    memset(&Insert, 0, sizeof Insert);
    if (ObjectAttributes) {
        if (ObjectAttributes->Length != sizeof(OBJECT_ATTRIBUTES) ||
            (ObjectAttributes->Attributes & ~OBJ_VALID_ATTRIBUTES) ||
            (ObjectAttributes->Attributes & PSP_INVALID_THREAD_ATTRIBUTES))
            return STATUS_INVALID_PARAMETER;
        Insert.Attributes = *ObjectAttributes;
    } else {
        InitializeObjectAttributes(&Insert.Attributes, NULL, 0, NULL, NULL);
    }
    /* Windows Vista and later: the handle is always a kernel handle, so a
     * driver's thread handle can never be used or closed by the
     * application it happened to run in. */
    Insert.Attributes.Attributes |= OBJ_KERNEL_HANDLE;
    Insert.DesiredAccess = DesiredAccess;
    Insert.ThreadHandle = ThreadHandle;
    Insert.ClientId = ClientId;

    if (ProcessHandle) {
        Status = ObReferenceObjectByHandle(ProcessHandle, PROCESS_CREATE_THREAD, PspProcessType,
                                           KernelMode, (PVOID *)&Process, NULL);
        if (!NT_SUCCESS(Status))
            return Status;
    } else {
        Process = PsInitialSystemProcess;
        ObfReferenceObject(Process);
    }
    Status = PspCreateThread(Process, TRUE, StartRoutine, NULL, StartContext, FALSE, 0,
                             PspInsertSystemThread, &Insert);
    ObfDereferenceObject(Process);
    return Status;
}

NTIO_EXPORT NTSTATUS NTAPI PsTerminateSystemThread(NTSTATUS ExitStatus)
{
    PKTHREAD Thread = KiGetCurrentThread();
    if (!Thread->SystemThread)
        return STATUS_INVALID_PARAMETER;
    return PspTerminateCurrentThread(ExitStatus, FALSE);
}

NTIO_EXPORT HANDLE NTAPI PsGetThreadId(PETHREAD Thread)
{
    return Thread->Cid.UniqueThread;
}

NTIO_EXPORT HANDLE NTAPI PsGetThreadProcessId(PETHREAD Thread)
{
    return Thread->Cid.UniqueProcess;
}

NTIO_EXPORT PEPROCESS NTAPI PsGetThreadProcess(PETHREAD Thread)
{
    return Thread->Tcb.Process;
}

NTIO_EXPORT BOOLEAN NTAPI PsIsSystemThread(PETHREAD Thread)
{
    return Thread->Tcb.SystemThread;
}

NTIO_EXPORT BOOLEAN NTAPI PsIsThreadTerminating(PETHREAD Thread)
{
    return __atomic_load_n(&Thread->Tcb.Terminated, __ATOMIC_ACQUIRE);
}

NTIO_EXPORT NTSTATUS NTAPI PsGetThreadExitStatus(PETHREAD Thread)
{
    /* The exit status is recorded before the thread object is signalled
     * (under the dispatcher lock), so reading both under the lock sees a
     * consistent pair. */
    KIRQL OldIrql = KiAcquireDispatcherLock();
    NTSTATUS Status = Thread->Tcb.Header.SignalState ? Thread->ExitStatus : STATUS_PENDING;
    KiReleaseDispatcherLock(OldIrql);
    return Status;
}
