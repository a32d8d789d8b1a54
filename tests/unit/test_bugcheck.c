/*
 * tests/unit/test_bugcheck.c - the bug check report (kernel/ke/bugcheck.c)
 * and what ends up there: faults and unhandled raises in kernel code.
 *
 * Every case runs in a forked child with NTIO_BUGCHECK_FILE set; the parent
 * checks how the child died and what the report says.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <signal.h>
#include <stdint.h>

#include <ntio/seh.h>

#include "kmtest.h"
#include "ke/bugcheck.h"
#include "ke/except.h"

static uintptr_t volatile Opaque;
#define BAD(type, address) ((type *)(Opaque + (uintptr_t)(address)))

/* ---- children ------------------------------------------------------------ */

static void PrintIrp(FILE *Out)
{
    fprintf(Out, "IRP: 0xffff9a0000001234 (test callback)\n");
}

/* The null store is the point of the test: UBSan must not stop it first. */
static __attribute__((noinline, no_sanitize_undefined)) void WriteNullInKernel(void)
{
    *BAD(volatile int, 0) = 5;
}

static void ChildFaultInKernel(void)
{
    KiInitializeExceptionHandling();
    KiRegisterBugCheckCallback(PrintIrp);
    KiEnterKernel();
    WriteNullInKernel();
    __asm__ __volatile__("" ::: "memory");   /* not a tail call: keep this frame */
}

static __attribute__((noinline)) void ReadNullInApplication(void)
{
    (void)*BAD(volatile int, 0x40);
}

static void ChildFaultInApplication(void)
{
    KiInitializeExceptionHandling();
    ReadNullInApplication();
}

static __attribute__((noinline)) void VerifierViolation(void)
{
    KeBugCheckEx(0xC4, 0x1000, 0x2000, 0x3000, 0x4000);
}

static void ChildKeBugCheckEx(void)
{
    KiInitializeExceptionHandling();
    KiEnterKernel();
    VerifierViolation();
}

static __attribute__((noinline)) void RaiseWithoutHandler(void)
{
    ExRaiseStatus(STATUS_NO_MEMORY);
}

static void ChildUnhandledRaise(void)
{
    KiInitializeExceptionHandling();
    KiEnterKernel();
    RaiseWithoutHandler();
}

static void ChildUnhandledRaiseInApplication(void)
{
    KiInitializeExceptionHandling();
    RaiseWithoutHandler();
}

static void FaultingCallback(FILE *Out)
{
    fprintf(Out, "callback about to fault\n");
    *BAD(volatile int, 8) = 0;
}

static void ChildRecursiveFault(void)
{
    KiInitializeExceptionHandling();
    KiRegisterBugCheckCallback(FaultingCallback);
    KiEnterKernel();
    KeBugCheck(0xE2);
}

static __attribute__((noinline)) int Recurse(int Depth)
{
    volatile char Frame[512];

    Frame[0] = (char)Depth;
    if (Depth < 0)
        return 0;
    return Recurse(Depth + 1) + Frame[0];
}

static void ChildStackOverflow(void)
{
    KiInitializeExceptionHandling();
    KiEnterKernel();
    (void)Recurse(0);
}

static void (*volatile NullFunction)(void);

static __attribute__((noinline)) void CallThroughNullPointer(void)
{
    NullFunction();
    __asm__ __volatile__("" ::: "memory");   /* keep the call a call */
}

static void ChildCallNull(void)
{
    KiInitializeExceptionHandling();
    KiEnterKernel();
    CallThroughNullPointer();
}

static volatile int Divisor;
static volatile int Quotient;

static __attribute__((noinline, no_sanitize_undefined)) void DivideInKernel(void)
{
    Quotient = 7 / Divisor;
}

static void ChildDivideByZero(void)
{
    KiInitializeExceptionHandling();
    KiEnterKernel();
    DivideInKernel();
}

static void PreviousHandler(int Signal)
{
    static const char Text[] = "previous handler ran\n";
    (void)Signal;
    (void)!write(2, Text, sizeof Text - 1);
    _exit(42);
}

static void ChildChainsToPreviousHandler(void)
{
    signal(SIGSEGV, PreviousHandler);
    KiInitializeExceptionHandling();
    ReadNullInApplication();
}

static void ChildCaughtInKernel(void)
{
    volatile NTSTATUS Code = 0;

    KiInitializeExceptionHandling();
    KiEnterKernel();
    __try {
        WriteNullInKernel();
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    KiLeaveKernel();
    _exit(Code == STATUS_ACCESS_VIOLATION ? 7 : 1);
}

/* Only __finally frames: nothing handles the fault, so the bug check comes
   first, with the stack intact, and the __finally block does not run. */
static void ChildFinallyOnly(void)
{
    KiInitializeExceptionHandling();
    KiEnterKernel();
    __try {
        WriteNullInKernel();
    } __finally {
        static const char Text[] = "finally ran\n";
        (void)!write(2, Text, sizeof Text - 1);
    }
}

/* A buffer overrun over a __try frame: the fault handler must not loop. */
static void ChildCorruptedChain(void)
{
    KiInitializeExceptionHandling();
    KiEnterKernel();
    __ntio_seh_thread.Top = BAD(NTIO_SEH_FRAME, 0x7000);
    WriteNullInKernel();
}

/* ---- the checks ------------------------------------------------------------ */

int main(void)
{
    int Status;

    /* a fault in kernel code outside any __try */
    Status = KmRunChild(ChildFaultInKernel);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "*** ntio BUGCHECK 0x00000050 (PAGE_FAULT_IN_NONPAGED_AREA)");
    CHECK_HAS(KmReport, "Arguments: 0x0000000000000000 0x0000000000000002 0x");
    CHECK_HAS(KmReport, "Exception: 0xC0000005 ACCESS_VIOLATION writing 0x0000000000000000");
    CHECK_HAS(KmReport, "Culprit: ");
    CHECK_HAS(KmReport, "in WriteNullInKernel");
    CHECK_HAS(KmReport, "Stack:\n  #0 ");
    CHECK_HAS(KmReport, "WriteNullInKernel+0x");
    CHECK_HAS(KmReport, "test_bugcheck.c:");
    CHECK_HAS(KmReport, "ChildFaultInKernel");
    CHECK_HAS(KmReport, "IRP: 0xffff9a0000001234 (test callback)");
    CHECK_HAS(KmReport, "*** end of ntio bugcheck report");
    CHECK_HAS(KmStderr, "*** ntio BUGCHECK 0x00000050");
    CHECK_HAS(KmStderr, "IRP: 0xffff9a0000001234");

    /* the same fault in application code: an ordinary crash, no report (under
       AddressSanitizer, its SEGV report: ntio chains to the previous handler) */
    Status = KmRunChild(ChildFaultInApplication);
#ifdef __SANITIZE_ADDRESS__
    if (strstr(KmStderr, "AddressSanitizer: SEGV") != NULL)
        CHECK(WIFEXITED(Status) && WEXITSTATUS(Status) != 0);
    else
#endif
        CHECK_DIED_OF(Status, SIGSEGV);
    CHECK(!KmReportExists);
    CHECK(strstr(KmStderr, "BUGCHECK") == NULL);

    /* KeBugCheckEx called directly: the stack starts at its caller */
    Status = KmRunChild(ChildKeBugCheckEx);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "*** ntio BUGCHECK 0x000000C4 (DRIVER_VERIFIER_DETECTED_VIOLATION)");
    CHECK_HAS(KmReport, "Arguments: 0x0000000000001000 0x0000000000002000 0x0000000000003000 "
                      "0x0000000000004000");
    CHECK_HAS(KmReport, "  #0 ");
    CHECK_HAS(KmReport, "VerifierViolation");
    CHECK(strstr(KmReport, "Exception:") == NULL);
    {
        const char *Frame0 = strstr(KmReport, "  #0 ");
        const char *Frame1 = Frame0 ? strstr(Frame0, "  #1 ") : NULL;
        const char *Name = Frame0 ? strstr(Frame0, "VerifierViolation") : NULL;
        CHECK(Name != NULL && (Frame1 == NULL || Name < Frame1));
    }

    /* ExRaiseStatus with no frame, in kernel: 0x1E */
    Status = KmRunChild(ChildUnhandledRaise);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "*** ntio BUGCHECK 0x0000001E (KMODE_EXCEPTION_NOT_HANDLED)");
    CHECK_HAS(KmReport, "Arguments: 0x00000000c0000017 0x");
    CHECK_HAS(KmReport, "RaiseWithoutHandler");

    /* ... in application code: abort with a message, no report */
    Status = KmRunChild(ChildUnhandledRaiseInApplication);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK(!KmReportExists);
    CHECK_HAS(KmStderr, "unhandled exception 0xC0000017");

    /* a fault while reporting: one line and exit 134 */
    Status = KmRunChild(ChildRecursiveFault);
    CHECK(WIFEXITED(Status) && WEXITSTATUS(Status) == 134);
    CHECK_HAS(KmReport, "*** ntio BUGCHECK 0x000000E2 (MANUALLY_INITIATED_CRASH)");
    CHECK_HAS(KmStderr, "while reporting bug check 0x000000E2");

    /* kernel stack overflow: 0x7F, reported from the alternate stack */
    Status = KmRunChild(ChildStackOverflow);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "*** ntio BUGCHECK 0x0000007F (UNEXPECTED_KERNEL_MODE_TRAP)");
    CHECK_HAS(KmReport, "Arguments: 0x0000000000000008 ");
    CHECK_HAS(KmReport, "stack overflow");
    CHECK_HAS(KmReport, "Recurse");

    /* a call through a NULL function pointer: execute fault, caller named */
    Status = KmRunChild(ChildCallNull);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "*** ntio BUGCHECK 0x00000050 (PAGE_FAULT_IN_NONPAGED_AREA)");
    CHECK_HAS(KmReport, "Arguments: 0x0000000000000000 0x000000000000000a 0x0000000000000000");
    CHECK_HAS(KmReport, "executing 0x0000000000000000");
    CHECK_HAS(KmReport, "CallThroughNullPointer");

    /* divide by zero in kernel: 0x1E with the code */
    Status = KmRunChild(ChildDivideByZero);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "*** ntio BUGCHECK 0x0000001E (KMODE_EXCEPTION_NOT_HANDLED)");
    CHECK_HAS(KmReport, "Arguments: 0x00000000c0000094 ");
    CHECK_HAS(KmReport, "DivideInKernel");

    /* application faults go to the handler that was there before ntio */
    Status = KmRunChild(ChildChainsToPreviousHandler);
    CHECK(WIFEXITED(Status) && WEXITSTATUS(Status) == 42);
    CHECK_HAS(KmStderr, "previous handler ran");

    /* a __try in kernel code catches: no bug check */
    Status = KmRunChild(ChildCaughtInKernel);
    CHECK(WIFEXITED(Status) && WEXITSTATUS(Status) == 7);
    CHECK(!KmReportExists);

    /* only a __finally on the way: bug check before any unwinding */
    Status = KmRunChild(ChildFinallyOnly);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "WriteNullInKernel");
    CHECK_HAS(KmReport, "ChildFinallyOnly");
    CHECK(strstr(KmStderr, "finally ran") == NULL);

    /* a corrupted frame chain: one line, then the default action */
    Status = KmRunChild(ChildCorruptedChain);
    CHECK_DIED_OF(Status, SIGSEGV);
    CHECK_HAS(KmStderr, "fault inside the fault handler");

    /* names */
    CHECK_STR(KiBugCheckName(0xD1), "DRIVER_IRQL_NOT_LESS_OR_EQUAL");
    CHECK_STR(KiBugCheckName(0xDEADDEAD), "MANUALLY_INITIATED_CRASH1");
    CHECK(KiBugCheckName(0x12345678) == NULL);

    return test_summary("test_bugcheck");
}
