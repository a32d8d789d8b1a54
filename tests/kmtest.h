/*
 * tests/kmtest.h - what kernel-side unit tests share: a driver object and
 * devices made without a .sys image, system threads, clocks and polling,
 * and running code that must bug-check in a child process whose report is
 * collected and checked.
 */
#ifndef NTIO_KMTEST_H
#define NTIO_KMTEST_H

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <wdm.h>
#include "harness.h"
#include "io/iop.h"
#include "ke/ke.h"
#include "ob/ob.h"

/* ---- drivers and devices ---------------------------------------------- */

/* A driver object for tests, made the way io/driver.c makes one: every
 * major function goes to Dispatch (NULL: IopInvalidDeviceRequest, as for a
 * driver that sets none). */
static inline PDRIVER_OBJECT KmCreateDriver(PDRIVER_DISPATCH Dispatch)
{
    PDRIVER_OBJECT Driver;
    if (!NT_SUCCESS(ObCreateObject(IopDriverObjectType, sizeof(DRIVER_OBJECT) + sizeof(DRIVER_EXTENSION),
                                   (PVOID *)&Driver)))
        return NULL;
    Driver->Type = IO_TYPE_DRIVER;
    Driver->Size = sizeof(DRIVER_OBJECT);
    Driver->DriverExtension = (PDRIVER_EXTENSION)(Driver + 1);
    Driver->DriverExtension->DriverObject = Driver;
    for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        Driver->MajorFunction[i] = Dispatch ? Dispatch : IopInvalidDeviceRequest;
    return Driver;
}

/* An unnamed device of Driver, ready for IRPs. */
static inline PDEVICE_OBJECT KmCreateDevice(PDRIVER_OBJECT Driver, ULONG ExtensionSize)
{
    PDEVICE_OBJECT Device = NULL;
    if (!NT_SUCCESS(IoCreateDevice(Driver, ExtensionSize, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &Device)))
        return NULL;
    Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return Device;
}

/* ---- system threads ----------------------------------------------------- */

/* Start Routine(Context) on a system thread, as a driver would, and return
 * the thread object, referenced (two checks: creation and reference). */
static inline PVOID KmStartThread(PKSTART_ROUTINE Routine, PVOID Context)
{
    HANDLE Handle;
    PVOID Thread = NULL;
    CHECK_EQ(PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL, NULL, NULL, Routine, Context),
             STATUS_SUCCESS);
    CHECK_EQ(ObReferenceObjectByHandle(Handle, SYNCHRONIZE, *PsThreadType, KernelMode, &Thread, NULL),
             STATUS_SUCCESS);
    ZwClose(Handle);
    return Thread;
}

/* Wait for a thread from KmStartThread to end, and drop the reference. */
static inline void KmJoinThread(PVOID Thread)
{
    KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(Thread);
}

/* The dispatcher may still read an object after it released that object's
 * waiter (KeSetEvent, a timer expiring): take and drop the dispatcher lock
 * so that it is done before the object is initialized again or freed. */
static inline void KmSettle(void)
{
    KiReleaseDispatcherLock(KiAcquireDispatcherLock());
}

/* ---- time --------------------------------------------------------------- */

/* The monotonic clock (CLOCK_MONOTONIC), in nanoseconds and milliseconds. */
static inline ULONGLONG KmNowNs(void)
{
    struct timespec Ts;
    clock_gettime(CLOCK_MONOTONIC, &Ts);
    return (ULONGLONG)Ts.tv_sec * 1000000000ULL + (ULONGLONG)Ts.tv_nsec;
}

static inline ULONGLONG KmNowMs(void)
{
    return KmNowNs() / 1000000ULL;
}

/* Sleep at least Ms milliseconds (a host sleep, no kernel wait: usable on
 * any thread, in a child, at any IRQL the test leaves it). */
static inline void KmSleepMs(int Ms)
{
    struct timespec Ts = { Ms / 1000, (long)(Ms % 1000) * 1000000L };
    nanosleep(&Ts, NULL);
}

/* Poll cond every millisecond for up to 5 s; TRUE as soon as it holds,
 * FALSE if it never did.  A statement expression, usable inside CHECK(). */
#define KM_EVENTUALLY(cond)                         \
    ({                                              \
        BOOLEAN _ok = FALSE;                        \
        for (int _i = 0; _i < 5000 && !_ok; _i++) { \
            _ok = (cond) ? TRUE : FALSE;            \
            if (!_ok)                               \
                KmSleepMs(1);                       \
        }                                           \
        _ok;                                        \
    })

/* ---- bug-check children ------------------------------------------------- */

/*
 * Code that must bug-check runs in a child process with NTIO_BUGCHECK_FILE
 * set and core dumps off; the parent gets the wait status and checks how
 * the child died and what it wrote.  After a run:
 *   KmReport        the bug-check report file ("" when none was written);
 *   KmReportExists  whether the child left a report file at all (a report
 *                   that must not exist is checked with this, not with "");
 *   KmStderr        what the child wrote to stderr.
 * With NTIO_TEST_VERBOSE set, the child's status and stderr are printed.
 *
 * KmRunChild forks: Body runs in a copy of this process (its own copy of
 * nonpaged pool, mm/shared.c), so nothing it does shows in the parent; the
 * parent's state is deliberately not repaired afterwards, so that a child
 * leaking into the parent would make later checks fail.  Only the forking
 * thread exists in the child, so a test that started threads lets them
 * leave any lock they take before it forks (test_psthread waits for that).
 *
 * KmRunChildProcess runs a child in a fresh process: this program,
 * re-executed through /proc/self/exe with "--child NAME", inheriting only
 * the environment and open files (no pool, no threads, no kernel state).  Such
 * a program calls KmChildMain(argc, argv, Children, Count) from main,
 * before its tests, with the table of its named children.
 */
static char KmReport[65536], KmStderr[65536];
static BOOLEAN KmReportExists;

typedef struct _KM_CHILD {
    const char *Name;
    void (*Body)(void);
} KM_CHILD;

static const char *KmProgram; /* argv[0], for the children KmRunChildProcess starts */

static inline void KmReadFile(const char *Path, char *Buffer, size_t Size)
{
    int Fd = open(Path, O_RDONLY);
    ssize_t n = 0;
    Buffer[0] = 0;
    if (Fd < 0)
        return;
    n = read(Fd, Buffer, Size - 1);
    Buffer[n > 0 ? n : 0] = 0;
    close(Fd);
}

/* Fork; in the child, run Body, or exec this program as child Name. */
static inline int KmpRunChild(void (*Body)(void), const char *Name)
{
    char ReportPath[64], StderrPath[64];
    int Status = 0;
    snprintf(ReportPath, sizeof ReportPath, "/tmp/ntio-km-%d.report", (int)getpid());
    snprintf(StderrPath, sizeof StderrPath, "/tmp/ntio-km-%d.stderr", (int)getpid());
    unlink(ReportPath);
    unlink(StderrPath);
    fflush(NULL);
    pid_t Child = fork();
    if (Child == 0) {
        struct rlimit NoCore = { 0, 0 };
        int Fd = open(StderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        setrlimit(RLIMIT_CORE, &NoCore);
        dup2(Fd, 2);
        close(Fd);
        setenv("NTIO_BUGCHECK_FILE", ReportPath, 1);
        if (Name) {
            execl("/proc/self/exe", KmProgram ? KmProgram : "kmtest", "--child", Name, (char *)NULL);
            _exit(127);
        }
        Body();
        _exit(0);
    }
    waitpid(Child, &Status, 0);
    KmReportExists = access(ReportPath, F_OK) == 0;
    KmReadFile(ReportPath, KmReport, sizeof KmReport);
    KmReadFile(StderrPath, KmStderr, sizeof KmStderr);
    unlink(ReportPath);
    unlink(StderrPath);
    if (getenv("NTIO_TEST_VERBOSE"))
        fprintf(stderr, "---- child%s%s status 0x%x, stderr:\n%s", Name ? " " : "", Name ? Name : "",
                Status, KmStderr);
    return Status;
}

/* Run Body in a forked child; returns the wait status. */
static inline int KmRunChild(void (*Body)(void))
{
    return KmpRunChild(Body, NULL);
}

/* Run child Name of the table given to KmChildMain in a fresh process;
 * returns the wait status. */
static inline int KmRunChildProcess(const char *Name)
{
    return KmpRunChild(NULL, Name);
}

/* When this program was started as "--child NAME": run that child (none,
 * if the name is unknown) and exit 0 if it returns.  Otherwise, return. */
static inline void KmChildMain(int argc, char **argv, const KM_CHILD *Children, size_t Count)
{
    KmProgram = argv[0];
    if (argc == 3 && strcmp(argv[1], "--child") == 0) {
        for (size_t i = 0; i < Count; i++)
            if (strcmp(argv[2], Children[i].Name) == 0)
                Children[i].Body();
        _exit(0);
    }
}

/* For a child whose bug check comes on another thread (a DPC, a work item,
 * a system thread): wait for it, and exit 99 if it never comes (5 s). */
static inline DECLSPEC_NORETURN void KmWaitForBugCheck(void)
{
    for (int i = 0; i < 500; i++)
        usleep(10000);
    _exit(99);
}

#define CHECK_HAS(text, needle)                                                              \
    do {                                                                                     \
        ntio_test_checks++;                                                                  \
        if (strstr((text), (needle)) == NULL) {                                              \
            ntio_test_failures++;                                                            \
            fprintf(stderr, "%s:%d: missing \"%s\" in:\n%s\n", __FILE__, __LINE__, (needle), \
                    (text));                                                                 \
        }                                                                                    \
    } while (0)

/* Under AddressSanitizer a use of freed memory is reported by ASan before
 * ntio's own check can bug-check; both are detections of the same bug. */
#if defined(__SANITIZE_ADDRESS__)
#define KM_ASAN 1
#else
#define KM_ASAN 0
#endif

/* The child died of Signal (a bug check ends in SIGABRT). */
#define CHECK_DIED_OF(status, signal)                                                         \
    do {                                                                                      \
        int _st = (status);                                                                   \
        ntio_test_checks++;                                                                   \
        if (!WIFSIGNALED(_st) || WTERMSIG(_st) != (signal)) {                                 \
            ntio_test_failures++;                                                             \
            fprintf(stderr, "%s:%d: child status 0x%x, expected death by signal %d\n",        \
                    __FILE__, __LINE__, _st, (signal));                                       \
        }                                                                                     \
    } while (0)

/* The child died of a bug check (SIGABRT) and KmReport names bug check Code
 * with first parameter P1 (KM_ANY_P1: any first parameter).  Two checks;
 * one only, failed, when the child did not die of SIGABRT. */
#define KM_ANY_P1 (~(ULONG_PTR)0)

static inline void KmCheckBugCheck(int Status, ULONG Code, ULONG_PTR P1, const char *File, int Line)
{
    char Header[128], Args[64];

    ntio_test_checks++;
    if (!WIFSIGNALED(Status) || WTERMSIG(Status) != SIGABRT) {
        ntio_test_failures++;
        fprintf(stderr, "%s:%d: child status 0x%x, expected a bug check\n", File, Line, Status);
        return;
    }
    snprintf(Header, sizeof Header, "*** ntio BUGCHECK 0x%08X", (unsigned)Code);
    snprintf(Args, sizeof Args, "Arguments: 0x%016llx ", (unsigned long long)P1);
    ntio_test_checks++;
    if (!strstr(KmReport, Header) || (P1 != KM_ANY_P1 && !strstr(KmReport, Args))) {
        ntio_test_failures++;
        fprintf(stderr, "%s:%d: expected %s with %s in:\n%s\n", File, Line, Header, Args,
                KmReport);
    }
}
#define CHECK_BUGCHECK(status, code, p1) KmCheckBugCheck((status), (code), (p1), __FILE__, __LINE__)

#endif
