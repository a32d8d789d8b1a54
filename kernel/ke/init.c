/*
 * ke/init.c - starting and stopping the embedded kernel.
 *
 * The kernel starts with the process (a constructor in libntoskrnl), so an
 * application built with ntio-cc runs directly; `ntio run` only adds
 * drivers (NTIO_DRIVERS) and the hang timeout.  At exit the application's
 * handles are closed, drivers unloaded, and leaks reported.
 */
#include "ke.h"
#include "ke/except.h"
#include "ex/ex.h"
#include "io/iop.h"
#include "io/builtin.h"
#include "ps/ps.h"

#include <stdlib.h>
#include <unistd.h>

VOID ExpInitializeEventType(VOID);
NTSTATUS IopLoadBootDrivers(VOID);
VOID CmInitSystem(VOID);
VOID PpInitSystem(VOID);

static volatile int KiInitState; /* 0 = not started, 1 = starting, 2 = running */

/* The thread context of kernel start-up, before thread objects exist. */
static KTHREAD KiBootThread;

BOOLEAN KiKernelInitialized(VOID)
{
    return __atomic_load_n(&KiInitState, __ATOMIC_ACQUIRE) != 0;
}

static void KiSystemShutdown(void)
{
    if (__atomic_load_n(&KiInitState, __ATOMIC_ACQUIRE) != 2)
        return;
    KiGetCurrentThread();
    IoShutdownSystem();
}

VOID KiInitializeKernel(VOID)
{
    int Expected = 0;
    if (!__atomic_compare_exchange_n(&KiInitState, &Expected, 1, 0, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE)) {
        /* Another thread is starting the kernel: wait until it runs. */
        while (__atomic_load_n(&KiInitState, __ATOMIC_ACQUIRE) != 2 && KiCurrentThread != &KiBootThread)
            usleep(100);
        return;
    }
    KiInitializeThread(&KiBootThread, NULL, TRUE);
    KiCurrentThread = &KiBootThread;
    KiInitializeExceptionHandling();
    ObInitSystem();
    PspInitializeProcesses();
    ExpInitializeEventType();
    IoInitSystem();
    CmInitSystem();
    IopStartBuiltinDrivers(); /* the host file system: C:, Z:, \SystemRoot */
    /* The thread that starts the kernel is the application's first thread. */
    PspCreateThreadObject(PspApplicationProcess, FALSE);
    __atomic_store_n(&KiInitState, 2, __ATOMIC_RELEASE);
    atexit(KiSystemShutdown);

    NTSTATUS Status = IopLoadBootDrivers();
    if (!NT_SUCCESS(Status)) {
        fprintf(stderr, "ntio: a driver failed to load (status 0x%08X); not starting the application\n",
                (unsigned)Status);
        _exit(3);
    }
    /* Plug and Play: the devices installed in the registry come back. */
    PpInitSystem();
}

__attribute__((constructor(150))) static void KiSystemStartup(void)
{
    KiInitializeKernel();
}
