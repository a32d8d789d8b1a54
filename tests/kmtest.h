/*
 * tests/kmtest.h - what kernel-side unit tests share: a driver object and
 * devices made without a .sys image, and running code that must bug-check
 * in a forked child whose report is collected.
 */
#ifndef NTIO_KMTEST_H
#define NTIO_KMTEST_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <wdm.h>
#include "harness.h"
#include "io/iop.h"
#include "ob/ob.h"

/* A driver object for tests: every major function goes to Dispatch. */
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

/* Bug-check children: Body runs in a fork with NTIO_BUGCHECK_FILE set; the
 * report and the child's stderr are read back into KmReport/KmStderr. */
static char KmReport[65536], KmStderr[65536];

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

static inline int KmRunChild(void (*Body)(void))
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
        Body();
        _exit(0);
    }
    waitpid(Child, &Status, 0);
    KmReadFile(ReportPath, KmReport, sizeof KmReport);
    KmReadFile(StderrPath, KmStderr, sizeof KmStderr);
    unlink(ReportPath);
    unlink(StderrPath);
    if (getenv("NTIO_TEST_VERBOSE"))
        fprintf(stderr, "---- child status 0x%x, stderr:\n%s", Status, KmStderr);
    return Status;
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

#endif
