/*
 * tests/unit/test_seh.c - structured exception handling, probes and safe
 * user copies: kernel/ke/except.c, kernel/mm/probe.c, kernel/mm/usercopy.S.
 *
 * Also prints the cost of entering a __try that raises nothing.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include <ntio/seh.h>

#include "kmtest.h"
#include "ke/except.h"
#include "mm/usercopy.h"

#define PAGE 4096

/* Addresses that fault, hidden from the compiler's bounds checks. */
static uintptr_t volatile Opaque;
#define BAD(type, address) ((type *)(Opaque + (uintptr_t)(address)))

static EXCEPTION_RECORD LastRecord;
static CONTEXT LastContext;
static int FilterCalls;

/* A filter that records what it saw. */
static LONG Capture(PEXCEPTION_POINTERS Pointers, LONG Disposition)
{
    FilterCalls++;
    LastRecord = *Pointers->ExceptionRecord;
    LastContext = *Pointers->ContextRecord;
    return Disposition;
}

static void *MapPages(size_t Count, int Protection)
{
    void *p = mmap(NULL, Count * PAGE, Protection, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    return p;
}

/* ---- access violations ---------------------------------------------------- */

/* Deliberate null load and division by zero: the faults are the test, so
 * UBSan must not stop them first. */
static __attribute__((no_sanitize_undefined)) void TestReadNull(void)
{
    volatile NTSTATUS Code = 0;
    volatile int Reached = 0;

    __try {
        Reached = *BAD(volatile int, 0);
        Reached = 1;
    } __except (Capture(GetExceptionInformation(), EXCEPTION_EXECUTE_HANDLER)) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, STATUS_ACCESS_VIOLATION);
    CHECK_EQ(Reached, 0);
    CHECK_EQ(LastRecord.ExceptionCode, 0xC0000005);
    CHECK_EQ(LastRecord.NumberParameters, 2);
    CHECK_EQ(LastRecord.ExceptionInformation[0], EXCEPTION_READ_FAULT);
    CHECK_EQ(LastRecord.ExceptionInformation[1], 0);
    CHECK(LastRecord.ExceptionAddress != NULL);
    CHECK_EQ(LastContext.Rip, (ULONG_PTR)LastRecord.ExceptionAddress);
    CHECK(LastContext.Rsp != 0);
    CHECK(__ntio_seh_thread.Top == NULL);
}

static void TestWriteReadOnly(void)
{
    char *Page = MapPages(1, PROT_READ);
    volatile NTSTATUS Code = 0;

    __try {
        Page[100] = 1;
    } __except (Capture(GetExceptionInformation(), EXCEPTION_EXECUTE_HANDLER)) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, STATUS_ACCESS_VIOLATION);
    CHECK_EQ(LastRecord.ExceptionInformation[0], EXCEPTION_WRITE_FAULT);
    CHECK_EQ(LastRecord.ExceptionInformation[1], (ULONG_PTR)(Page + 100));
    munmap(Page, PAGE);
}

static void TestExecuteFault(void)
{
    volatile NTSTATUS Code = 0;
    void (*volatile Function)(void) = (void (*)(void))(uintptr_t)0x1000;

    __try {
        Function();
    } __except (Capture(GetExceptionInformation(), EXCEPTION_EXECUTE_HANDLER)) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, STATUS_ACCESS_VIOLATION);
    CHECK_EQ(LastRecord.ExceptionInformation[0], EXCEPTION_EXECUTE_FAULT);
    CHECK_EQ(LastRecord.ExceptionInformation[1], 0x1000);
}

static void TestGeneralProtection(void)
{
    volatile NTSTATUS Code = 0;

    __try {
        (void)*BAD(volatile int, 0xdead000000000000ULL);   /* non-canonical */
    } __except (Capture(GetExceptionInformation(), EXCEPTION_EXECUTE_HANDLER)) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, STATUS_ACCESS_VIOLATION);
    CHECK_EQ(LastRecord.ExceptionInformation[1], ~(ULONG_PTR)0);
}

static __attribute__((noinline, noipa, no_sanitize_undefined)) int DivideBy(volatile int Divisor)
{
    return 100 / Divisor;
}

static void TestDivideByZero(void)
{
    volatile NTSTATUS Code = 0;

    __try {
        DivideBy(0);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, STATUS_INTEGER_DIVIDE_BY_ZERO);
}

static void TestIllegalInstruction(void)
{
    volatile NTSTATUS Code = 0;

    __try {
        __asm__ __volatile__("ud2");
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, STATUS_ILLEGAL_INSTRUCTION);
}

/* ---- nesting, filters, finally ------------------------------------------ */

static void TestNestedContinueSearch(void)
{
    volatile int Inner = 0, Outer = 0, InnerFilter = 0;

    __try {
        __try {
            *BAD(volatile int, 8) = 1;
        } __except (InnerFilter++, EXCEPTION_CONTINUE_SEARCH) {
            Inner = 1;
        }
    } __except (GetExceptionCode() == STATUS_ACCESS_VIOLATION) {
        Outer = 1;
    }
    CHECK_EQ(InnerFilter, 1);
    CHECK_EQ(Inner, 0);
    CHECK_EQ(Outer, 1);
    CHECK(__ntio_seh_thread.Top == NULL);
}

static void TestNestedInnerHandles(void)
{
    volatile int Inner = 0, Outer = 0, After = 0;

    __try {
        __try {
            ExRaiseStatus(STATUS_INVALID_PARAMETER);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Inner = GetExceptionCode() == STATUS_INVALID_PARAMETER;
        }
        After = 1;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Outer = 1;
    }
    CHECK_EQ(Inner, 1);
    CHECK_EQ(After, 1);
    CHECK_EQ(Outer, 0);
}

static void TestFinallyNormal(void)
{
    volatile int Body = 0, Finally = 0, Abnormal = -1;

    __try {
        Body = 1;
    } __finally {
        Finally = 1;
        Abnormal = AbnormalTermination();
    }
    CHECK_EQ(Body, 1);
    CHECK_EQ(Finally, 1);
    CHECK_EQ(Abnormal, 0);
    CHECK(__ntio_seh_thread.Top == NULL);
}

static void TestFinallyLeave(void)
{
    volatile int After = 0, Finally = 0, Abnormal = -1;
    int i, Status = 0;

    __try {
        for (i = 0; i < 10; i++) {
            if (i == 3) {
                Status = 42;   /* not volatile: __leave does not longjmp */
                __leave;
            }
        }
        After = 1;
    } __finally {
        Finally = 1;
        Abnormal = AbnormalTermination();
    }
    CHECK_EQ(Status, 42);
    CHECK_EQ(After, 0);
    CHECK_EQ(Finally, 1);
    CHECK_EQ(Abnormal, 0);
    CHECK(__ntio_seh_thread.Top == NULL);
}

static void TestFinallyUnwind(void)
{
    volatile int Order[4] = { 0 }, Step = 0, Abnormal = -1;

    __try {
        __try {
            __try {
                ExRaiseStatus(STATUS_NO_MEMORY);
            } __finally {
                Order[Step++] = 1;
                Abnormal = AbnormalTermination();
            }
        } __finally {
            Order[Step++] = 2;
        }
    } __except (Order[Step++] = 3, EXCEPTION_EXECUTE_HANDLER) {
        Order[Step++] = GetExceptionCode() == STATUS_NO_MEMORY ? 4 : -4;
    }
    CHECK_EQ(Step, 4);
    CHECK_EQ(Order[0], 1);
    CHECK_EQ(Order[1], 2);
    CHECK_EQ(Order[2], 3);
    CHECK_EQ(Order[3], 4);
    CHECK_EQ(Abnormal, 1);
    CHECK(__ntio_seh_thread.Top == NULL);
}

/* A fault in a __finally frame's body, with an __except a function further out. */
static __attribute__((noinline)) void FinallyInCallee(volatile int *Finally)
{
    __try {
        *BAD(volatile char, 16) = 0;
    } __finally {
        *Finally = AbnormalTermination() ? 2 : 1;
    }
}

static void TestFinallyAcrossCall(void)
{
    volatile int Finally = 0;
    volatile NTSTATUS Code = 0;

    __try {
        FinallyInCallee(&Finally);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Finally, 2);
    CHECK_EQ(Code, STATUS_ACCESS_VIOLATION);
}

/* ---- leaving __try bodies --------------------------------------------------- */

static __attribute__((noinline)) int ReturnFromTry(int Value)
{
    __try {
        if (Value > 0)
            return Value * 2;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return -1;
    }
    return 0;
}

static __attribute__((noinline)) int ReturnFromTryFinally(void)
{
    __try {
        return 7;
    } __finally {
        CHECK(!"__finally after return must not run");
    }
    return 0;
}

/* Run Function with stderr captured into Buffer. */
static void CaptureStderr(void (*Function)(void), char *Buffer, size_t Size)
{
    FILE *Temp = tmpfile();
    int Saved = dup(2);
    size_t n;

    fflush(stderr);
    dup2(fileno(Temp), 2);
    Function();
    fflush(stderr);
    dup2(Saved, 2);
    close(Saved);
    rewind(Temp);
    n = fread(Buffer, 1, Size - 1, Temp);
    Buffer[n] = 0;
    fclose(Temp);
}

static volatile int ReturnFinallyResult;
static void CallReturnFromTryFinally(void)
{
    ReturnFinallyResult = ReturnFromTryFinally();
}

static void TestReturnLeavesChainClean(void)
{
    volatile NTSTATUS Code = 0;
    char Diagnostic[1024];

    CHECK_EQ(ReturnFromTry(21), 42);
    CHECK(__ntio_seh_thread.Top == NULL);

    __try {
        CHECK_EQ(ReturnFromTry(5), 10);
        CaptureStderr(CallReturnFromTryFinally, Diagnostic, sizeof Diagnostic);
        CHECK_EQ(ReturnFinallyResult, 7);
        CHECK(strstr(Diagnostic, "test_seh.c:") != NULL);
        CHECK(strstr(Diagnostic, "__finally block was NOT run") != NULL);
        *BAD(volatile int, 24) = 0;   /* must reach this frame, not a dead one */
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, STATUS_ACCESS_VIOLATION);
    CHECK(__ntio_seh_thread.Top == NULL);

    /* goto out of a __try body */
    __try {
        goto Out;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
    }
Out:
    CHECK(__ntio_seh_thread.Top == NULL);
}

static void BreakInsideTry(void)
{
    int i, Iterations = 0;

    for (i = 0; i < 3; i++) {
        Iterations++;
        __try {
            break;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
        }
    }
    CHECK_EQ(Iterations, 3);   /* the documented difference: break only left the __try */
}

static void TestBreakAndContinue(void)
{
    char Diagnostic[1024];
    int i, Iterations = 0, Handled = 0;

    CaptureStderr(BreakInsideTry, Diagnostic, sizeof Diagnostic);
    CHECK(strstr(Diagnostic, "'break'") != NULL);
    CHECK(__ntio_seh_thread.Top == NULL);

    /* break and continue in an __except block act on the loop, as in MSVC */
    for (i = 0; i < 10; i++) {
        Iterations++;
        __try {
            if (i == 2)
                ExRaiseStatus(STATUS_UNSUCCESSFUL);
            if (i == 5)
                ExRaiseStatus(STATUS_NO_MEMORY);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Handled++;
            if (GetExceptionCode() == STATUS_UNSUCCESSFUL)
                continue;
            break;
        }
    }
    CHECK_EQ(Iterations, 6);
    CHECK_EQ(Handled, 2);
    CHECK(__ntio_seh_thread.Top == NULL);
}

/* if/else around a __try without braces binds as written */
static int DanglingElse(int Condition)
{
    int Result = 0;

    if (Condition)
        __try {
            Result = 1;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Result = 2;
        }
    else
        Result = 3;
    return Result;
}

static void TestDanglingElse(void)
{
    CHECK_EQ(DanglingElse(1), 1);
    CHECK_EQ(DanglingElse(0), 3);
}

/* ---- raising ------------------------------------------------------------- */

static __attribute__((noinline)) void RaiseInCallee(NTSTATUS Status)
{
    volatile char Pad[64];
    Pad[0] = 0;
    (void)Pad[0];
    ExRaiseStatus(Status);
}

static __attribute__((noinline)) void FaultInCallee(void)
{
    *BAD(volatile long, 32) = 0;
}

static void TestRaise(void)
{
    volatile NTSTATUS Code = 0;
    volatile ULONG Flags = 0;

    __try {
        ExRaiseStatus((NTSTATUS)0xC0000017);
    } __except (Capture(GetExceptionInformation(), EXCEPTION_EXECUTE_HANDLER)) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, 0xC0000017);
    CHECK_EQ(LastRecord.NumberParameters, 0);
    CHECK(LastRecord.ExceptionFlags & EXCEPTION_NONCONTINUABLE);
    CHECK_EQ(LastContext.Rip, (ULONG_PTR)LastRecord.ExceptionAddress);

    Code = 0;
    __try {
        RaiseInCallee(STATUS_INSUFFICIENT_RESOURCES);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, STATUS_INSUFFICIENT_RESOURCES);

    Code = 0;
    __try {
        FaultInCallee();
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, STATUS_ACCESS_VIOLATION);

    Code = 0;
    __try {
        EXCEPTION_RECORD Record;
        memset(&Record, 0, sizeof Record);
        Record.ExceptionCode = (NTSTATUS)0xE0000001;
        Record.NumberParameters = 2;
        Record.ExceptionInformation[0] = 11;
        Record.ExceptionInformation[1] = 22;
        RtlRaiseException(&Record);
    } __except (Capture(GetExceptionInformation(), EXCEPTION_EXECUTE_HANDLER)) {
        Code = GetExceptionCode();
        Flags = LastRecord.ExceptionFlags;
    }
    CHECK_EQ(Code, 0xE0000001);
    CHECK_EQ(LastRecord.ExceptionInformation[1], 22);
    CHECK(Flags & EXCEPTION_NONCONTINUABLE);

    Code = 0;
    __try {
        ExRaiseAccessViolation();
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, STATUS_ACCESS_VIOLATION);

    Code = 0;
    __try {
        ExRaiseDatatypeMisalignment();
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, STATUS_DATATYPE_MISALIGNMENT);

    Code = 0;
    __try {
        RtlRaiseStatus(STATUS_INVALID_PARAMETER);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, STATUS_INVALID_PARAMETER);
}

static volatile NTSTATUS ContinueExecutionSeen;

static void ContinueExecution(void)
{
    __try {
        __try {
            ExRaiseStatus(STATUS_UNSUCCESSFUL);
        } __except (EXCEPTION_CONTINUE_EXECUTION) {
            CHECK(!"handler must not run");
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        ContinueExecutionSeen = GetExceptionCode();
    }
}

static void TestContinueExecution(void)
{
    char Diagnostic[1024];

    CaptureStderr(ContinueExecution, Diagnostic, sizeof Diagnostic);
    CHECK_EQ(ContinueExecutionSeen, STATUS_NONCONTINUABLE_EXCEPTION);
    CHECK(strstr(Diagnostic, "EXCEPTION_CONTINUE_EXECUTION") != NULL);
}

/* GetExceptionCode() in a handler survives an exception handled by a callee. */
static __attribute__((noinline)) void CalleeHandlesItsOwn(void)
{
    __try {
        ExRaiseStatus(STATUS_INVALID_HANDLE);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        CHECK_EQ(GetExceptionCode(), STATUS_INVALID_HANDLE);
    }
}

static void TestHandlerCode(void)
{
    volatile NTSTATUS Code = 0;

    __try {
        ExRaiseStatus(STATUS_NO_MEMORY);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        CalleeHandlesItsOwn();
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, STATUS_NO_MEMORY);
}

/* the lower-case forms of old DDK samples */
static void TestLowerCase(void)
{
    volatile NTSTATUS Code = 0;
    volatile int Finally = 0, After = 0;

    try {
        *BAD(volatile int, 40) = 0;
    } except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, STATUS_ACCESS_VIOLATION);

    try {
        leave;
        After = 1;
    } finally {
        Finally = 1;
    }
    CHECK_EQ(After, 0);
    CHECK_EQ(Finally, 1);
}

/* ---- stack overflow --------------------------------------------------------- */

static __attribute__((noinline)) int Recurse(int Depth)
{
    volatile char Frame[256];

    Frame[0] = (char)Depth;
    if (Depth < 0)
        return 0;
    return Recurse(Depth + 1) + Frame[0];
}

static void *StackOverflowThread(void *Argument)
{
    volatile NTSTATUS Code = 0;

    (void)Argument;
    __try {
        (void)Recurse(0);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    return (void *)(uintptr_t)(ULONG)Code;
}

static void TestStackOverflow(void)
{
    pthread_attr_t Attributes;
    pthread_t Thread;
    void *Result = NULL;

    pthread_attr_init(&Attributes);
    pthread_attr_setstacksize(&Attributes, 256 * 1024);
    CHECK_EQ(pthread_create(&Thread, &Attributes, StackOverflowThread, NULL), 0);
    pthread_join(Thread, &Result);
    pthread_attr_destroy(&Attributes);
    CHECK_EQ((ULONG)(uintptr_t)Result, STATUS_STACK_OVERFLOW);
}

/* ---- threads ------------------------------------------------------------------ */

static void *FaultingThread(void *Argument)
{
    uintptr_t Base = (uintptr_t)Argument;
    int i, Wrong = 0;

    for (i = 0; i < 20000; i++) {
        volatile ULONG_PTR Address = 0;
        uintptr_t Target = Base + (uintptr_t)(i % 64) * 8;
        __try {
            *(volatile int *)Target = 1;
        } __except (Address = GetExceptionInformation()->ExceptionRecord->ExceptionInformation[1],
                    EXCEPTION_EXECUTE_HANDLER) {
            if (GetExceptionCode() != STATUS_ACCESS_VIOLATION)
                Wrong++;
        }
        if (Address != Target)
            Wrong++;
    }
    return (void *)(uintptr_t)Wrong;
}

static void TestThreads(void)
{
    pthread_t A, B;
    void *ResultA = (void *)1, *ResultB = (void *)1;

    CHECK_EQ(pthread_create(&A, NULL, FaultingThread, (void *)(uintptr_t)0x1000), 0);
    CHECK_EQ(pthread_create(&B, NULL, FaultingThread, (void *)(uintptr_t)0x5000), 0);
    pthread_join(A, &ResultA);
    pthread_join(B, &ResultB);
    CHECK_EQ((uintptr_t)ResultA, 0);
    CHECK_EQ((uintptr_t)ResultB, 0);
}

/* ---- probes ------------------------------------------------------------------- */

static NTSTATUS ProbeRead(const void *Address, SIZE_T Length, ULONG Alignment)
{
    volatile NTSTATUS Status = STATUS_SUCCESS;

    __try {
        ProbeForRead(Address, Length, Alignment);
    } __except (Capture(GetExceptionInformation(), EXCEPTION_EXECUTE_HANDLER)) {
        Status = GetExceptionCode();
    }
    return Status;
}

static NTSTATUS ProbeWrite(void *Address, SIZE_T Length, ULONG Alignment)
{
    volatile NTSTATUS Status = STATUS_SUCCESS;

    __try {
        ProbeForWrite(Address, Length, Alignment);
    } __except (Capture(GetExceptionInformation(), EXCEPTION_EXECUTE_HANDLER)) {
        Status = GetExceptionCode();
    }
    return Status;
}

static void TestProbes(void)
{
    char *Pages = MapPages(3, PROT_READ | PROT_WRITE);
    ULONG Buffer[4] = { 0 };

    /* length 0: no checks at all */
    CHECK_EQ(ProbeRead(NULL, 0, 4), STATUS_SUCCESS);
    CHECK_EQ(ProbeRead((void *)(uintptr_t)0xFFFF800000000001ULL, 0, 8), STATUS_SUCCESS);
    CHECK_EQ(ProbeWrite((void *)1, 0, 4), STATUS_SUCCESS);

    /* good buffers */
    CHECK_EQ(ProbeRead(Buffer, sizeof Buffer, sizeof(ULONG)), STATUS_SUCCESS);
    CHECK_EQ(ProbeWrite(Buffer, sizeof Buffer, sizeof(ULONG)), STATUS_SUCCESS);
    CHECK_EQ(ProbeWrite(Pages, 3 * PAGE, 1), STATUS_SUCCESS);

    /* misalignment */
    CHECK_EQ(ProbeRead(Pages + 2, 4, 4), STATUS_DATATYPE_MISALIGNMENT);
    CHECK_EQ(ProbeWrite(Pages + 8, 16, 16), STATUS_DATATYPE_MISALIGNMENT);
    CHECK_EQ(ProbeRead(Pages + 8, 16, 8), STATUS_SUCCESS);

    /* wrap-around, kernel range, NULL page */
    CHECK_EQ(ProbeRead(Pages, ~(SIZE_T)0, 1), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(ProbeRead((void *)(uintptr_t)0xFFFF800000000000ULL, 16, 1), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(LastRecord.ExceptionInformation[0], EXCEPTION_READ_FAULT);
    CHECK_EQ(ProbeWrite((void *)(uintptr_t)0xFFFF800000000000ULL, 16, 1), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(LastRecord.ExceptionInformation[0], EXCEPTION_WRITE_FAULT);
    CHECK_EQ(ProbeRead((void *)(MmUserProbeAddress - 8), 8, 1), STATUS_SUCCESS);
    CHECK_EQ(ProbeRead((void *)(MmUserProbeAddress - 8), 9, 1), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(ProbeRead(NULL, 4, 4), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(ProbeRead((void *)0xFFF0, 4, 4), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(ProbeRead((void *)0x10000, 4, 4), STATUS_SUCCESS);   /* range only, like Windows */

    /* ProbeForWrite touches the pages: a read-only page in the middle raises */
    mprotect(Pages + PAGE, PAGE, PROT_READ);
    CHECK_EQ(ProbeWrite(Pages, 3 * PAGE, 4), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(LastRecord.ExceptionInformation[0], EXCEPTION_WRITE_FAULT);
    CHECK_EQ(LastRecord.ExceptionInformation[1], (ULONG_PTR)(Pages + PAGE));
    CHECK_EQ(ProbeWrite(Pages + 100, 200, 4), STATUS_SUCCESS);   /* first page only */
    CHECK_EQ(ProbeRead(Pages, 3 * PAGE, 4), STATUS_SUCCESS);     /* ProbeForRead: range only */
    mprotect(Pages + 2 * PAGE, PAGE, PROT_NONE);
    CHECK_EQ(ProbeWrite(Pages + 2 * PAGE + 4, 4, 4), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(LastRecord.ExceptionInformation[1], (ULONG_PTR)(Pages + 2 * PAGE + 4));

    /* the last byte decides: a range ending exactly at a page boundary */
    CHECK_EQ(ProbeWrite(Pages + PAGE - 8, 8, 8), STATUS_SUCCESS);
    CHECK_EQ(ProbeWrite(Pages + PAGE - 8, 9, 8), STATUS_ACCESS_VIOLATION);

    CHECK(MiProbeUserRange(Pages, PAGE, TRUE));
    CHECK(!MiProbeUserRange(Pages, PAGE + 1, TRUE));
    CHECK(MiProbeUserRange(Pages, 2 * PAGE, FALSE));
    CHECK(!MiProbeUserRange(Pages, 3 * PAGE, FALSE));
    CHECK(!MiProbeUserRange(NULL, 1, FALSE));
    CHECK(MiProbeUserRange(NULL, 0, FALSE));
    munmap(Pages, 3 * PAGE);
}

static void TestUserCopy(void)
{
    char *Pages = MapPages(2, PROT_READ | PROT_WRITE);
    char Destination[3 * PAGE];
    SIZE_T Left;
    int i;

    for (i = 0; i < 2 * PAGE; i++)
        Pages[i] = (char)i;

    memset(Destination, 0, sizeof Destination);
    CHECK_EQ(MiCopyUserMemory(Destination, Pages, 2 * PAGE), 0);
    CHECK(memcmp(Destination, Pages, 2 * PAGE) == 0);
    CHECK_EQ(MiCopyUserMemory(Destination, Pages, 0), 0);

    /* second page inaccessible: reading it stops exactly at the boundary */
    mprotect(Pages + PAGE, PAGE, PROT_NONE);
    memset(Destination, 0, sizeof Destination);
    Left = MiCopyUserMemory(Destination, Pages + 100, 2 * PAGE - 200);
    CHECK_EQ(Left, (2 * PAGE - 200) - (PAGE - 100));
    CHECK(memcmp(Destination, Pages + 100, PAGE - 100) == 0);
    CHECK_EQ(Destination[PAGE - 100], 0);

    /* writing into it */
    Left = MiCopyUserMemory(Pages + PAGE - 10, Destination, 30);
    CHECK_EQ(Left, 20);

    /* small copies (plain loads/stores up to 16 bytes) across the boundary */
    {
        static const SIZE_T Sizes[] = { 1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16 };
        for (i = 0; i < (int)(sizeof Sizes / sizeof Sizes[0]); i++) {
            SIZE_T n = Sizes[i];
            char Small[16];
            memset(Small, 0, sizeof Small);
            CHECK_EQ(MiCopyUserMemory(Small, Pages + PAGE - n, n), 0);   /* fits */
            CHECK(memcmp(Small, Pages + PAGE - n, n) == 0);
            if (n > 1) {
                /* the last byte lies on the bad page: exactly 1 left */
                CHECK_EQ(MiCopyUserMemory(Small, Pages + PAGE - n + 1, n), 1);
                CHECK_EQ(MiCopyUserMemory(Pages + PAGE - n + 1, Small, n), 1);
            }
            CHECK_EQ(MiCopyUserMemory(Small, Pages + PAGE, n), n);       /* all bad */
        }
    }

    /* wholly bad */
    CHECK_EQ(MiCopyUserMemory(Destination, NULL, 64), 64);
    CHECK_EQ(MiCopyUserMemory(Destination, NULL, 8), 8);
    CHECK_EQ(MiCopyUserMemory(Destination, Pages + PAGE, 1), 1);

    /* large copy (fast strings) that faults part way */
    {
        char *Big = MapPages(64, PROT_READ | PROT_WRITE);
        char *Sink = MapPages(64, PROT_READ | PROT_WRITE);
        memset(Big, 0x5a, 64 * PAGE);
        mprotect(Big + 37 * PAGE, PAGE, PROT_NONE);
        Left = MiCopyUserMemory(Sink, Big + 3, 64 * PAGE - 3);
        CHECK_EQ(Left, 64 * PAGE - 3 - (37 * PAGE - 3));
        CHECK_EQ(Sink[37 * PAGE - 4], 0x5a);
        CHECK_EQ(Sink[37 * PAGE - 3], 0);
        munmap(Big, 64 * PAGE);
        munmap(Sink, 64 * PAGE);
    }

    /* the fixup does not need a __try, and does not disturb one */
    CHECK(__ntio_seh_thread.Top == NULL);
    munmap(Pages, 2 * PAGE);
}

/* ---- cost -------------------------------------------------------------------- */

static volatile int Sink;

static __attribute__((noinline)) void EmptyLoop(int Count)
{
    int i;
    for (i = 0; i < Count; i++)
        Sink++;
}

static __attribute__((noinline)) void TryExceptLoop(int Count)
{
    int i;
    for (i = 0; i < Count; i++) {
        __try {
            Sink++;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Sink--;
        }
    }
}

static __attribute__((noinline)) void TryFinallyLoop(int Count)
{
    int i;
    for (i = 0; i < Count; i++) {
        __try {
            Sink++;
        } __finally {
            Sink--;
        }
    }
}

static __attribute__((noinline)) void RaiseLoop(int Count)
{
    int i;
    for (i = 0; i < Count; i++) {
        __try {
            ExRaiseStatus(STATUS_UNSUCCESSFUL);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Sink++;
        }
    }
}

static __attribute__((noinline)) void FaultLoop(int Count)
{
    int i;
    for (i = 0; i < Count; i++) {
        __try {
            *BAD(volatile int, 64) = 0;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Sink++;
        }
    }
}

/* The best of five runs of Loop, in nanoseconds per iteration. */
static double Measure(void (*Loop)(int), int Count)
{
    ULONGLONG Best = ~0ULL;
    int Round;

    for (Round = 0; Round < 5; Round++) {
        ULONGLONG Start = KmNowNs();
        Loop(Count);
        ULONGLONG Elapsed = KmNowNs() - Start;
        if (Elapsed < Best)
            Best = Elapsed;
    }
    return (double)Best / Count;
}

static void TestCost(void)
{
    const int Count = 2000000;
    double Empty = Measure(EmptyLoop, Count);
    double Except = Measure(TryExceptLoop, Count) - Empty;
    double Finally = Measure(TryFinallyLoop, Count) - Empty;

    printf("test_seh: entering a __try: %.1f ns (__except), %.1f ns (__finally), no exception\n",
           Except, Finally);
    printf("test_seh: ExRaiseStatus caught: %.0f ns; access violation caught: %.0f ns\n",
           Measure(RaiseLoop, 20000), Measure(FaultLoop, 20000));
    /* A figure, not a check: timing targets belong to benchmarks. */
}

int main(void)
{
    KiInitializeExceptionHandling();

    TestReadNull();
    TestWriteReadOnly();
    TestExecuteFault();
    TestGeneralProtection();
    TestDivideByZero();
    TestIllegalInstruction();
    TestNestedContinueSearch();
    TestNestedInnerHandles();
    TestFinallyNormal();
    TestFinallyLeave();
    TestFinallyUnwind();
    TestFinallyAcrossCall();
    TestReturnLeavesChainClean();
    TestBreakAndContinue();
    TestDanglingElse();
    TestRaise();
    TestContinueExecution();
    TestHandlerCode();
    TestLowerCase();
    TestStackOverflow();
    TestThreads();
    TestProbes();
    TestUserCopy();
    TestCost();
    return test_summary("test_seh");
}
