/*
 * ke/thread.c - the current thread.  KiCurrentThread is set when a thread
 * is created by ntio or adopted on its first call into ntio; a pthread key
 * runs the thread's exit processing (cancel its IRPs, signal its object)
 * when a Linux thread ends without calling ExitThread.
 */
#include "ke.h"
#include "ps/ps.h"

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <string.h>
#include <sched.h>

__thread PKTHREAD KiCurrentThread __attribute__((tls_model("initial-exec")));

static pthread_key_t KiThreadExitKey;
static pthread_once_t KiThreadKeyOnce = PTHREAD_ONCE_INIT;

static void KiThreadExitDestructor(void *Value)
{
    PKTHREAD Thread = Value;
    if (Thread && !Thread->Terminated) {
        KiCurrentThread = Thread; /* glibc may have cleared TLS users already */
        PspExitThread((PETHREAD)Thread);
    }
}

static void KiCreateThreadKey(void)
{
    pthread_key_create(&KiThreadExitKey, KiThreadExitDestructor);
}

VOID KiInitializeThread(PKTHREAD Thread, struct _EPROCESS *Process, BOOLEAN SystemThread)
{
    KiInitializeDispatcherHeader(&Thread->Header, ThreadObject, 0);
    Thread->Irql = PASSIVE_LEVEL;
    Thread->PreviousMode = SystemThread ? KernelMode : UserMode;
    Thread->Process = Process;
    InitializeListHead(&Thread->KernelApcListHead);
    InitializeListHead(&Thread->UserApcListHead);
    InitializeListHead(&Thread->IrpList);
    KeInitializeSpinLock(&Thread->IrpListLock);
    Thread->Queue = NULL;
    InitializeListHead(&Thread->QueueListEntry);
    Thread->SystemThread = SystemThread;
}

VOID KiBindCurrentThread(PKTHREAD Thread)
{
    pthread_once(&KiThreadKeyOnce, KiCreateThreadKey);
    Thread->Tid = (pid_t)syscall(SYS_gettid);
    Thread->PosixThread = pthread_self();
    KiCurrentThread = Thread;
    pthread_setspecific(KiThreadExitKey, Thread);
}

PKTHREAD KiAdoptCurrentThread(VOID)
{
    if (!KiKernelInitialized())
        KiInitializeKernel();
    if (KiCurrentThread)
        return KiCurrentThread;
    /* Making the thread object allocates pool, which asks for the current
     * thread: stand in with a temporary context until the real one is
     * bound (PspCreateThreadObject binds it).  The stand-in must never
     * wait on a dispatcher object: a waker could still be about to wake
     * it (WakesInFlight) after this frame is gone. */
    KTHREAD Temporary;
    memset(&Temporary, 0, sizeof Temporary);
    KiInitializeThread(&Temporary, PspApplicationProcess, FALSE);
    KiCurrentThread = &Temporary;
    PETHREAD Thread = PspCreateThreadObject(PspApplicationProcess, FALSE);
    if (!Thread) {
        KiCurrentThread = NULL;
        static const char Msg[] = "ntio: cannot create a thread object: out of memory\n";
        (void)!write(2, Msg, sizeof Msg - 1);
        _exit(127);
    }
    Thread->Tcb.Adopted = TRUE;
    return &Thread->Tcb;
}

VOID KiSignalThreadExit(PKTHREAD Thread)
{
    if (Thread->Queue)
        KiQueueThreadExit(Thread); /* it no longer counts as an active thread */
    KIRQL OldIrql = KiAcquireDispatcherLock();
    Thread->Header.SignalState = 1;
    KiWaitTest(&Thread->Header, 0);
    KiReleaseDispatcherLock(OldIrql);
}

NTIO_EXPORT PKTHREAD KeGetCurrentThread(VOID)
{
    return KiGetCurrentThread();
}

NTIO_EXPORT ULONG KeGetCurrentProcessorNumber(VOID)
{
    return (ULONG)sched_getcpu();
}

NTIO_EXPORT ULONG KeQueryActiveProcessorCount(PKAFFINITY ActiveProcessors)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    if (n > 64)
        n = 64;
    if (ActiveProcessors)
        *ActiveProcessors = (n == 64) ? ~(KAFFINITY)0 : (((KAFFINITY)1 << n) - 1);
    return (ULONG)n;
}
