/*
 * po/remote.c - `ntio power sleep|wake` reaching a running kernel.
 *
 * Every ntio kernel lists itself in its prefix, as a file
 * run/kernels/<pid> on which it holds a write lock (fcntl) for as long as
 * it runs: the lock goes with the process however it ends, is not
 * inherited by a fork and is dropped by an exec (the file is opened
 * close-on-exec), so `ntio power` (tools/ntio/power.c) signals only a pid
 * that holds the lock, never a stale or reused one.  It sends each
 * PO_REMOTE_SIGNAL with the request in its value (1: sleep, with the state
 * in the next byte; 2: wake).  The handler only
 * writes the request to a pipe; a system thread reads it and carries the
 * transition out on the PnP worker (po/system.c), reporting on stderr,
 * so the drivers of an application under test go through their power
 * paths while it runs.
 */
#include "pnp/pnp.h"
#include "ex/ex.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PO_REMOTE_SIGNAL (SIGRTMIN + 2)
#define PO_REMOTE_SLEEP 1
#define PO_REMOTE_WAKE 2

static int PopPipe[2] = { -1, -1 };
static char PopRegistration[4200];
static int PopRegistrationFd = -1;
static pid_t PopRegistrationPid;

static void PopSignalHandler(int Signal, siginfo_t *Info, void *Context)
{
    (void)Signal;
    (void)Context;
    int Saved = errno;
    unsigned char Request[2] = { (unsigned char)(Info->si_value.sival_int & 0xFF),
                                 (unsigned char)((Info->si_value.sival_int >> 8) & 0xFF) };
    (void)!write(PopPipe[1], Request, sizeof Request); /* non-blocking: a full pipe drops it */
    errno = Saved;
}

/* A forked child is not this kernel: it neither answers nor unlists it. */
static void PopForkChild(void)
{
    signal(PO_REMOTE_SIGNAL, SIG_DFL);
    if (PopPipe[0] >= 0)
        close(PopPipe[0]);
    if (PopPipe[1] >= 0)
        close(PopPipe[1]);
    PopPipe[0] = PopPipe[1] = -1;
    if (PopRegistrationFd >= 0)
        close(PopRegistrationFd);
    PopRegistrationFd = -1;
    PopRegistration[0] = 0;
}

static VOID PopRemoteThread(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    unsigned char Request[2];
    for (;;) {
        ssize_t n = read(PopPipe[0], Request, sizeof Request);
        if (n < 0 && errno == EINTR)
            continue;
        if (n != sizeof Request)
            return;
        SYSTEM_POWER_STATE State = PowerSystemWorking;
        if (Request[0] == PO_REMOTE_SLEEP)
            State = Request[1] >= PowerSystemSleeping1 && Request[1] <= PowerSystemHibernate
                        ? (SYSTEM_POWER_STATE)Request[1]
                        : PowerSystemSleeping3;
        else if (Request[0] != PO_REMOTE_WAKE)
            continue;
        NTSTATUS Status = PpRequestPowerTransition(
            State, State == PowerSystemHibernate ? PowerActionHibernate
                   : State == PowerSystemWorking ? PowerActionNone
                                                 : PowerActionSleep);
        if (State == PowerSystemWorking)
            fprintf(stderr, "ntio: power: awake (S0)%s\n",
                    NT_SUCCESS(Status) ? "" : ": it was not asleep");
        else if (NT_SUCCESS(Status))
            fprintf(stderr, "ntio: power: asleep (S%u)\n", (unsigned)State - 1);
        else
            fprintf(stderr, "ntio: power: sleep (S%u) refused (0x%08X)\n", (unsigned)State - 1,
                    (unsigned)Status);
    }
}

VOID PopInitRemote(VOID)
{
    char Dir[4096];
    if (pipe2(PopPipe, O_CLOEXEC) != 0)
        return;
    fcntl(PopPipe[1], F_SETFL, O_NONBLOCK);
    pthread_atfork(NULL, NULL, PopForkChild);
    struct sigaction Action;
    memset(&Action, 0, sizeof Action);
    Action.sa_sigaction = PopSignalHandler;
    Action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&Action.sa_mask);
    if (sigaction(PO_REMOTE_SIGNAL, &Action, NULL) != 0 ||
        KiStartSystemThread("ntio-power", PopRemoteThread, NULL, -1) != 0)
        return;
    if (ExpPrefixPath(Dir, sizeof Dir, "run/kernels") != 0)
        return;
    snprintf(PopRegistration, sizeof PopRegistration, "%s/%d", Dir, (int)getpid());
    int Fd = open(PopRegistration, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
    struct flock Lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    if (Fd < 0 || fcntl(Fd, F_SETLK, &Lock) != 0) {
        if (Fd >= 0)
            close(Fd);
        PopRegistration[0] = 0;
        return;
    }
    PopRegistrationFd = Fd; /* kept open: the lock lives as long as the process */
    PopRegistrationPid = getpid();
}

VOID PopShutdownRemote(VOID)
{
    if (PopRegistration[0] && PopRegistrationPid == getpid())
        unlink(PopRegistration);
    if (PopRegistrationFd >= 0)
        close(PopRegistrationFd);
    PopRegistrationFd = -1;
    PopRegistration[0] = 0;
}
