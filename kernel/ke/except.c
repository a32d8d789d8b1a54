/*
 * kernel/ke/except.c - exception dispatching: the frame chain behind
 * __try/__except/__finally (<ntio/seh.h>), the hardware fault handler,
 * ExRaiseStatus and friends, and kernel-mode tracking of threads.
 *
 * Dispatching an exception, whether raised or a fault:
 *
 *   1. If no __except frame is on the thread's chain, nothing can handle it:
 *      a thread in the kernel bug-checks (0x50 for a bad memory reference,
 *      0x7F for a stack overflow, 0x1E otherwise) with its stack intact;
 *      application code crashes as it would without ntio (the signal's
 *      previous disposition: a sanitizer's handler, or the default action).
 *   2. Otherwise the exception record and context are written into the
 *      innermost frame, the frame is popped and siglongjmp()ed to.  There an
 *      __except frame evaluates its filter (EXECUTE_HANDLER: run the handler;
 *      CONTINUE_SEARCH: copy the record into the next frame and continue
 *      with it), and a __finally frame stages the record into the next
 *      frame, runs its block, and continues.
 *
 * The per-thread state (__ntio_seh_thread) is initial-exec TLS, exported so
 * that the macros in driver images reach it without a call.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <ntio/seh.h>

#include "ke/bugcheck.h"
#include "ke/except.h"
#include "mm/usercopy.h"

#ifndef STATUS_PRIVILEGED_INSTRUCTION
#define STATUS_PRIVILEGED_INSTRUCTION ((NTSTATUS)0xC0000096L)
#endif
#ifndef STATUS_INTEGER_OVERFLOW
#define STATUS_INTEGER_OVERFLOW ((NTSTATUS)0xC0000095L)
#endif
#ifndef STATUS_FLOAT_DIVIDE_BY_ZERO
#define STATUS_FLOAT_DIVIDE_BY_ZERO ((NTSTATUS)0xC000008EL)
#endif
#ifndef STATUS_FLOAT_OVERFLOW
#define STATUS_FLOAT_OVERFLOW ((NTSTATUS)0xC0000091L)
#endif
#ifndef STATUS_FLOAT_UNDERFLOW
#define STATUS_FLOAT_UNDERFLOW ((NTSTATUS)0xC0000093L)
#endif
#ifndef STATUS_FLOAT_INEXACT_RESULT
#define STATUS_FLOAT_INEXACT_RESULT ((NTSTATUS)0xC000008FL)
#endif
#ifndef STATUS_FLOAT_INVALID_OPERATION
#define STATUS_FLOAT_INVALID_OPERATION ((NTSTATUS)0xC0000090L)
#endif
#ifndef STATUS_ARRAY_BOUNDS_EXCEEDED
#define STATUS_ARRAY_BOUNDS_EXCEEDED ((NTSTATUS)0xC000008CL)
#endif
#ifndef STATUS_IN_PAGE_ERROR
#define STATUS_IN_PAGE_ERROR ((NTSTATUS)0xC0000006L)
#endif
#ifndef STATUS_NO_MEMORY
#define STATUS_NO_MEMORY ((NTSTATUS)0xC0000017L)
#endif
#ifndef STATUS_BREAKPOINT
#define STATUS_BREAKPOINT ((NTSTATUS)0x80000003L)
#endif

NTIO_STATIC_ASSERT(sizeof(CONTEXT) == 1232, "AMD64 CONTEXT layout");
NTIO_STATIC_ASSERT(offsetof(CONTEXT, Rax) == 0x78 && offsetof(CONTEXT, Rip) == 0xF8 &&
                       offsetof(CONTEXT, FltSave) == 0x100 &&
                       offsetof(CONTEXT, VectorRegister) == 0x300,
                   "AMD64 CONTEXT offsets (KiCaptureContext depends on them)");
NTIO_STATIC_ASSERT(sizeof(((NTIO_SEH_FRAME *)0)->Context) == sizeof(CONTEXT),
                   "frame context storage");

NTIO_EXPORT __thread NTIO_SEH_THREAD __ntio_seh_thread;

/* ---- installation ------------------------------------------------------- */

static const int KiFaultSignals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL };
#define KI_FAULT_SIGNALS ((int)RTL_NUMBER_OF(KiFaultSignals))
static struct sigaction KiPreviousAction[KI_FAULT_SIGNALS];
static pthread_once_t KiInstallOnce = PTHREAD_ONCE_INIT;
static pthread_key_t KiThreadKey;
static BOOLEAN KiThreadKeyValid;

#define KI_PAGE_SIZE 4096
#define KI_ALTSTACK_SIZE (128 * 1024)     /* ours, reserved lazily */
#define KI_ALTSTACK_MINIMUM (32 * 1024)   /* keep an existing one at least this big */

static void KiFaultHandler(int Signal, siginfo_t *Info, void *UserContext);
static BOOLEAN KiResumeOnThreadStack;

/* Thread exit: release the alternate stack if it is still ours. */
static void KiThreadExit(void *Mapping)
{
    stack_t Current;

    if (Mapping == NULL)
        return;
    if (sigaltstack(NULL, &Current) == 0 &&
        Current.ss_sp == (char *)Mapping + KI_PAGE_SIZE && !(Current.ss_flags & SS_ONSTACK)) {
        stack_t Off = { .ss_flags = SS_DISABLE };
        sigaltstack(&Off, NULL);
        munmap(Mapping, KI_ALTSTACK_SIZE + KI_PAGE_SIZE);
    }
    /* else someone else (a sanitizer's thread exit) already took it down */
}

static void KiInstallHandlers(void)
{
    struct sigaction Action;
    void *Warm[4];
    int i;

    KiThreadKeyValid = pthread_key_create(&KiThreadKey, KiThreadExit) == 0;

    /* backtrace() loads libgcc_s on first use; do that now, not in a fault */
    (void)backtrace(Warm, (int)RTL_NUMBER_OF(Warm));

    KiResumeOnThreadStack = dlsym(RTLD_DEFAULT, "__asan_handle_no_return") != NULL;

    memset(&Action, 0, sizeof Action);
    Action.sa_sigaction = KiFaultHandler;
    Action.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
    sigemptyset(&Action.sa_mask);
    for (i = 0; i < KI_FAULT_SIGNALS; i++) {
        if (sigaction(KiFaultSignals[i], &Action, &KiPreviousAction[i]) != 0) {
            fprintf(stderr, "ntio: cannot install the handler for signal %d: %s\n",
                    KiFaultSignals[i], strerror(errno));
            KiPreviousAction[i].sa_handler = SIG_DFL;
            KiPreviousAction[i].sa_flags = 0;
        }
        if ((KiPreviousAction[i].sa_flags & SA_SIGINFO) &&
            KiPreviousAction[i].sa_sigaction == KiFaultHandler) {
            KiPreviousAction[i].sa_handler = SIG_DFL;   /* never chain to ourselves */
            KiPreviousAction[i].sa_flags = 0;
        }
    }
}

/* A per-thread alternate signal stack, so that a stack overflow is caught. */
static void KiSetupAlternateStack(void)
{
    stack_t Current, Stack;
    char *Mapping;

    if (sigaltstack(NULL, &Current) == 0 && !(Current.ss_flags & SS_DISABLE) &&
        Current.ss_size >= KI_ALTSTACK_MINIMUM)
        return;
    Mapping = mmap(NULL, KI_ALTSTACK_SIZE + KI_PAGE_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (Mapping == MAP_FAILED)
        return;
    (void)mprotect(Mapping, KI_PAGE_SIZE, PROT_NONE);   /* guard below the stack */
    Stack.ss_sp = Mapping + KI_PAGE_SIZE;
    Stack.ss_size = KI_ALTSTACK_SIZE;
    Stack.ss_flags = 0;
    if (sigaltstack(&Stack, NULL) != 0) {
        munmap(Mapping, KI_ALTSTACK_SIZE + KI_PAGE_SIZE);
        return;
    }
    if (KiThreadKeyValid)
        (void)pthread_setspecific(KiThreadKey, Mapping);
}

NTIO_EXPORT VOID __ntio_seh_thread_init(VOID)
{
    NTIO_SEH_THREAD *Thread = &__ntio_seh_thread;

    if (Thread->Ready)
        return;
    (void)pthread_once(&KiInstallOnce, KiInstallHandlers);
    KiSetupAlternateStack();
    Thread->Ready = 1;
}

NTIO_EXPORT VOID KiInitializeExceptionHandling(VOID)
{
    __ntio_seh_thread_init();
}

/* ---- diagnostics -------------------------------------------------------- */

/* Print a diagnostic about a __try site once per site and kind. */
static void KiSehDiagnostic(const NTIO_SEH_FRAME *Frame, int Kind, const char *Text)
{
    static pthread_mutex_t Lock = PTHREAD_MUTEX_INITIALIZER;
    static struct {
        const char *File;
        int Line;
        int Kind;
    } Seen[64];
    static unsigned SeenCount;
    unsigned i;
    BOOLEAN First = TRUE;

    pthread_mutex_lock(&Lock);
    for (i = 0; i < SeenCount; i++) {
        if (Seen[i].Line == Frame->Line && Seen[i].Kind == Kind &&
            (Seen[i].File == Frame->File || strcmp(Seen[i].File, Frame->File) == 0)) {
            First = FALSE;
            break;
        }
    }
    if (First && SeenCount < RTL_NUMBER_OF(Seen)) {
        Seen[SeenCount].File = Frame->File;
        Seen[SeenCount].Line = Frame->Line;
        Seen[SeenCount].Kind = Kind;
        SeenCount++;
    }
    pthread_mutex_unlock(&Lock);
    if (First)
        fprintf(stderr, "ntio SEH: %s:%d: %s\n", Frame->File, Frame->Line, Text);
}

const char *KiExceptionName(NTSTATUS Code)
{
    switch ((ULONG)Code) {
    case 0xC0000005: return "ACCESS_VIOLATION";
    case 0x80000002: return "DATATYPE_MISALIGNMENT";
    case 0xC0000094: return "INTEGER_DIVIDE_BY_ZERO";
    case 0xC0000095: return "INTEGER_OVERFLOW";
    case 0xC000001D: return "ILLEGAL_INSTRUCTION";
    case 0xC0000096: return "PRIVILEGED_INSTRUCTION";
    case 0xC00000FD: return "STACK_OVERFLOW";
    case 0xC0000006: return "IN_PAGE_ERROR";
    case 0xC0000025: return "NONCONTINUABLE_EXCEPTION";
    case 0xC000008C: return "ARRAY_BOUNDS_EXCEEDED";
    case 0xC000008E: return "FLOAT_DIVIDE_BY_ZERO";
    case 0xC000008F: return "FLOAT_INEXACT_RESULT";
    case 0xC0000090: return "FLOAT_INVALID_OPERATION";
    case 0xC0000091: return "FLOAT_OVERFLOW";
    case 0xC0000093: return "FLOAT_UNDERFLOW";
    case 0x80000003: return "BREAKPOINT";
    case 0xC0000017: return "NO_MEMORY";
    case 0xC000009A: return "INSUFFICIENT_RESOURCES";
    case 0xC000000D: return "INVALID_PARAMETER";
    case 0xC0000409: return "STACK_BUFFER_OVERRUN";
    default: return NULL;
    }
}

/* ---- the chain ---------------------------------------------------------- */

static NTIO_SEH_FRAME *KiFindExceptFrame(NTIO_SEH_FRAME *Frame)
{
    for (; Frame != NULL; Frame = Frame->Prev)
        if (Frame->Kind == NTIO_SEH_K_EXCEPT)
            return Frame;
    return NULL;
}

/* Frames of libstdc++'s __try/__catch (C++) handle nothing: step over them.
   Only called when an __except frame lies further out. */
static __attribute__((returns_nonnull)) NTIO_SEH_FRAME *
KiSkipTransparentFrames(NTIO_SEH_THREAD *Thread)
{
    while (Thread->Top != NULL && Thread->Top->Kind == NTIO_SEH_K_NONE) {
        Thread->Top->State = NTIO_SEH_S_DONE;
        Thread->Top = Thread->Top->Prev;
    }
    if (Thread->Top == NULL)
        abort();   /* not reached: callers checked for an __except frame */
    return Thread->Top;
}

/* The record and context are already in the top frame: pop it and go there. */
static DECLSPEC_NORETURN void KiDeliverToTop(NTIO_SEH_THREAD *Thread)
{
    NTIO_SEH_FRAME *Frame = Thread->Top;

    Thread->FaultNesting = 0;   /* leaving the fault handler, if in it */
    Thread->Top = Frame->Prev;
    Frame->Pointers.ExceptionRecord = &Frame->Record;
    Frame->Pointers.ContextRecord = (PCONTEXT)Frame->Context;
    Frame->State = NTIO_SEH_S_EXCEPTION;
    siglongjmp(Frame->Jmp, 1);
}

/* Parameter 2 of bug check 0x50 on x64: 0 read, 2 write, 10 execute. */
static ULONG_PTR KiPageFaultKind(ULONG_PTR AccessViolationKind)
{
    return AccessViolationKind == EXCEPTION_WRITE_FAULT     ? 2
           : AccessViolationKind == EXCEPTION_EXECUTE_FAULT ? 10
                                                            : 0;
}

/*
 * Under AddressSanitizer, siglongjmp() from the alternate signal stack makes
 * its interceptor look up the thread's stack bounds, which for the main
 * thread means parsing /proc/self/maps: about a millisecond per caught
 * fault.  Then the handler instead returns into this function on the
 * thread's own stack, which longjmps from there.
 */
static DECLSPEC_NORETURN void KiResumeDispatch(void)
{
    KiDeliverToTop(&__ntio_seh_thread);
}

static int KiSignalForCode(NTSTATUS Code)
{
    switch ((ULONG)Code) {
    case 0xC0000005: case 0xC00000FD: case 0xC0000006: return SIGSEGV;
    case 0xC0000094: case 0xC0000095: case 0xC000008E: case 0xC000008F:
    case 0xC0000090: case 0xC0000091: case 0xC0000093: return SIGFPE;
    case 0xC000001D: case 0xC0000096: return SIGILL;
    default: return 0;
    }
}

/*
 * Nothing handles Record.  Unwound is TRUE when the stack has already been
 * unwound past the raise point (filters declined after __finally blocks ran).
 */
static DECLSPEC_NORETURN void KiUnhandledException(const EXCEPTION_RECORD *Record,
                                                   BOOLEAN Unwound)
{
    const char *Name = KiExceptionName(Record->ExceptionCode);
    BOOLEAN Raised = (Record->ExceptionFlags & EXCEPTION_NONCONTINUABLE) != 0;
    KI_BUGCHECK_EXCEPTION Exception;
    int Signal;

    if (KiBugCheckInProgress())
        KiBugCheckReentered(0, (ULONG_PTR)Record->ExceptionAddress);

    if (KiIsThreadInKernel()) {
        memset(&Exception, 0, sizeof Exception);
        Exception.Code = Record->ExceptionCode;
        Exception.Address = (ULONG_PTR)Record->ExceptionAddress;
        Exception.NumberParameters = Record->NumberParameters > 2 ? 2 : Record->NumberParameters;
        Exception.Information[0] = Record->ExceptionInformation[0];
        Exception.Information[1] = Record->ExceptionInformation[1];
        if (!Raised && Record->ExceptionCode == STATUS_ACCESS_VIOLATION)
            KiBugCheck(PAGE_FAULT_IN_NONPAGED_AREA, Record->ExceptionInformation[1],
                       KiPageFaultKind(Record->ExceptionInformation[0]),
                       (ULONG_PTR)Record->ExceptionAddress, 0,
                       (ULONG_PTR)Record->ExceptionAddress, NULL, &Exception);
        KiBugCheck(KMODE_EXCEPTION_NOT_HANDLED, (ULONG_PTR)(ULONG)Record->ExceptionCode,
                   (ULONG_PTR)Record->ExceptionAddress, Record->ExceptionInformation[0],
                   Record->ExceptionInformation[1], (ULONG_PTR)Record->ExceptionAddress, NULL,
                   &Exception);
    }

    fprintf(stderr,
            "ntio: unhandled exception 0x%08X%s%s%s at %p in application code%s\n",
            (ULONG)Record->ExceptionCode, Name ? " (" : "", Name ? Name : "", Name ? ")" : "",
            Record->ExceptionAddress,
            Unwound ? " (every __except filter declined it)" : " (no __except frame)");
    Signal = Raised ? 0 : KiSignalForCode(Record->ExceptionCode);
    if (Signal != 0) {
        /* a fault whose handlers all declined: die of the fault's signal */
        struct sigaction Default;
        memset(&Default, 0, sizeof Default);
        Default.sa_handler = SIG_DFL;
        sigaction(Signal, &Default, NULL);
        raise(Signal);
    }
    abort();
}

NTIO_EXPORT VOID __ntio_seh_abandon(NTIO_SEH_FRAME *Frame)
{
    NTIO_SEH_THREAD *Thread = &__ntio_seh_thread;
    NTIO_SEH_FRAME *Walk;

    if (Frame->State == NTIO_SEH_S_BODY || Frame->State == NTIO_SEH_S_TRY) {
        if (Thread->Top == Frame) {
            Thread->Top = Frame->Prev;
        } else {
            /* frames above it were skipped by a longjmp of the program's own */
            for (Walk = Thread->Top; Walk != NULL; Walk = Walk->Prev) {
                if (Walk == Frame) {
                    Thread->Top = Frame->Prev;
                    break;
                }
            }
        }
        if (Frame->Kind == NTIO_SEH_K_FINALLY)
            KiSehDiagnostic(Frame, 1,
                            "'return' or 'goto' (or a C++ exception) left this __try body; "
                            "its __finally block was NOT run (C cannot run it; use __leave)");
    }
    Frame->State = NTIO_SEH_S_DONE;
}

NTIO_EXPORT VOID __ntio_seh_body_broken(NTIO_SEH_FRAME *Frame)
{
    if (Frame->Leave)
        KiSehDiagnostic(Frame, 4,
                        "a __leave inside a loop or switch of this __try body left only that "
                        "loop or switch (in C++, __leave is a break); the body went on");
    else
        KiSehDiagnostic(Frame, 2,
                        "'break' directly inside this __try body left only the __try (like "
                        "__leave), not a loop or switch around it as MSVC would");
}

NTIO_EXPORT DECLSPEC_NORETURN VOID __ntio_seh_filter_declined(NTIO_SEH_FRAME *Frame,
                                                             LONG Disposition)
{
    NTIO_SEH_THREAD *Thread = &__ntio_seh_thread;
    NTIO_SEH_FRAME *Next;
    EXCEPTION_RECORD Record = Frame->Record;

    Frame->State = NTIO_SEH_S_DONE;
    if (Disposition < 0) {
        KiSehDiagnostic(Frame, 3,
                        "the __except filter returned EXCEPTION_CONTINUE_EXECUTION; ntio cannot "
                        "resume after an exception, raising STATUS_NONCONTINUABLE_EXCEPTION");
        memset(&Record, 0, sizeof Record);
        Record.ExceptionCode = STATUS_NONCONTINUABLE_EXCEPTION;
        Record.ExceptionFlags = EXCEPTION_NONCONTINUABLE;
        Record.ExceptionAddress = Frame->Record.ExceptionAddress;
    }
    if (KiFindExceptFrame(Thread->Top) == NULL)
        KiUnhandledException(&Record, TRUE);
    Next = KiSkipTransparentFrames(Thread);
    Next->Record = Record;
    memcpy(Next->Context, Frame->Context, sizeof Next->Context);
    KiDeliverToTop(Thread);
}

NTIO_EXPORT VOID __ntio_seh_stage_unwind(NTIO_SEH_FRAME *Frame)
{
    NTIO_SEH_THREAD *Thread = &__ntio_seh_thread;
    NTIO_SEH_FRAME *Next;

    /* An exception is only unwound when an __except frame lies further out;
       the record waits in the next frame while the __finally block runs. */
    if (KiFindExceptFrame(Thread->Top) == NULL)
        KiUnhandledException(&Frame->Record, TRUE);
    Next = KiSkipTransparentFrames(Thread);
    Next->Record = Frame->Record;
    memcpy(Next->Context, Frame->Context, sizeof Next->Context);
    Thread->FinPending = 1;
}

NTIO_EXPORT DECLSPEC_NORETURN VOID __ntio_seh_unwind_resume(VOID)
{
    NTIO_SEH_THREAD *Thread = &__ntio_seh_thread;

    if (Thread->Top == NULL) {
        fprintf(stderr, "ntio SEH: internal error: unwinding with an empty frame chain\n");
        abort();
    }
    if (KiFindExceptFrame(Thread->Top) == NULL)
        KiUnhandledException(&Thread->Top->Record, TRUE);
    KiDeliverToTop(Thread);
}

NTIO_EXPORT VOID __ntio_seh_enter_handler(NTIO_SEH_FRAME *Frame, PVOID FunctionFrame)
{
    NTIO_SEH_THREAD *Thread = &__ntio_seh_thread;
    unsigned Count = Thread->HandledCount;

    /* entries of functions that have returned (deeper frames) and the older
       entry of this function are over */
    while (Count > 0 && (ULONG_PTR)Thread->Handled[Count - 1].Frame <= (ULONG_PTR)FunctionFrame)
        Count--;
    if (Count == NTIO_SEH_HANDLED_DEPTH) {
        memmove(&Thread->Handled[0], &Thread->Handled[1],
                sizeof Thread->Handled[0] * (NTIO_SEH_HANDLED_DEPTH - 1));
        Count--;
    }
    Thread->Handled[Count].Frame = FunctionFrame;
    Thread->Handled[Count].Code = Frame->Record.ExceptionCode;
    Thread->HandledCount = (unsigned char)(Count + 1);
}

NTIO_EXPORT NTSTATUS __ntio_seh_handler_code(PVOID FunctionFrame)
{
    NTIO_SEH_THREAD *Thread = &__ntio_seh_thread;
    unsigned Count = Thread->HandledCount;

    while (Count > 0 && (ULONG_PTR)Thread->Handled[Count - 1].Frame < (ULONG_PTR)FunctionFrame)
        Count--;
    Thread->HandledCount = (unsigned char)Count;
    if (Count > 0)
        return Thread->Handled[Count - 1].Code;
    return STATUS_SUCCESS;   /* not inside a handler: MSVC would not compile it */
}

/* ---- raising ------------------------------------------------------------ */

/* void KiCaptureContext(PCONTEXT): the caller's registers; Rip/Rsp as after
   the call returns.  Offsets are those of the AMD64 CONTEXT. */
__asm__(".text\n"
        ".p2align 4\n"
        ".globl KiCaptureContext\n"
        ".hidden KiCaptureContext\n"
        ".type KiCaptureContext, @function\n"
        "KiCaptureContext:\n"
        ".cfi_startproc\n"
        "    movq %rax, 0x78(%rdi)\n"
        "    movq %rcx, 0x80(%rdi)\n"
        "    movq %rdx, 0x88(%rdi)\n"
        "    movq %rbx, 0x90(%rdi)\n"
        "    leaq 8(%rsp), %rax\n"
        "    movq %rax, 0x98(%rdi)\n"
        "    movq %rbp, 0xa0(%rdi)\n"
        "    movq %rsi, 0xa8(%rdi)\n"
        "    movq %rdi, 0xb0(%rdi)\n"
        "    movq %r8, 0xb8(%rdi)\n"
        "    movq %r9, 0xc0(%rdi)\n"
        "    movq %r10, 0xc8(%rdi)\n"
        "    movq %r11, 0xd0(%rdi)\n"
        "    movq %r12, 0xd8(%rdi)\n"
        "    movq %r13, 0xe0(%rdi)\n"
        "    movq %r14, 0xe8(%rdi)\n"
        "    movq %r15, 0xf0(%rdi)\n"
        "    movq (%rsp), %rax\n"
        "    movq %rax, 0xf8(%rdi)\n"
        "    pushfq\n"
        "    .cfi_adjust_cfa_offset 8\n"
        "    popq %rax\n"
        "    .cfi_adjust_cfa_offset -8\n"
        "    movl %eax, 0x44(%rdi)\n"
        "    movw %cs, 0x38(%rdi)\n"
        "    movw %ds, 0x3a(%rdi)\n"
        "    movw %es, 0x3c(%rdi)\n"
        "    movw %fs, 0x3e(%rdi)\n"
        "    movw %gs, 0x40(%rdi)\n"
        "    movw %ss, 0x42(%rdi)\n"
        "    fxsave 0x100(%rdi)\n"
        "    stmxcsr 0x34(%rdi)\n"
        "    movl $0x10000f, 0x30(%rdi)\n"
        "    movq 0x78(%rdi), %rax\n"
        "    ret\n"
        ".cfi_endproc\n"
        ".size KiCaptureContext, . - KiCaptureContext\n");

static DECLSPEC_NORETURN void KiRaise(const EXCEPTION_RECORD *Record)
{
    NTIO_SEH_THREAD *Thread = &__ntio_seh_thread;
    NTIO_SEH_FRAME *Frame;
    PCONTEXT Context;

    if (KiFindExceptFrame(Thread->Top) == NULL)
        KiUnhandledException(Record, FALSE);
    Frame = KiSkipTransparentFrames(Thread);
    Frame->Record = *Record;
    Context = (PCONTEXT)Frame->Context;
    memset(Context, 0, sizeof *Context);
    KiCaptureContext(Context);
    Context->Rip = (ULONG64)(ULONG_PTR)Record->ExceptionAddress;
    KiDeliverToTop(Thread);
}

NTIO_EXPORT DECLSPEC_NORETURN VOID KiRaiseStatusWithInformation(NTSTATUS Status,
                                                               ULONG NumberParameters,
                                                               ULONG_PTR Parameter0,
                                                               ULONG_PTR Parameter1,
                                                               PVOID ExceptionAddress)
{
    EXCEPTION_RECORD Record;

    memset(&Record, 0, sizeof Record);
    Record.ExceptionCode = Status;
    Record.ExceptionFlags = EXCEPTION_NONCONTINUABLE;
    Record.ExceptionAddress = ExceptionAddress;
    Record.NumberParameters = NumberParameters > 2 ? 2 : NumberParameters;
    Record.ExceptionInformation[0] = Parameter0;
    Record.ExceptionInformation[1] = Parameter1;
    KiRaise(&Record);
}

NTIO_EXPORT DECLSPEC_NORETURN VOID NTAPI ExRaiseStatus(NTSTATUS Status)
{
    KiRaiseStatusWithInformation(Status, 0, 0, 0, __builtin_return_address(0));
}

NTIO_EXPORT DECLSPEC_NORETURN VOID NTAPI RtlRaiseStatus(NTSTATUS Status)
{
    KiRaiseStatusWithInformation(Status, 0, 0, 0, __builtin_return_address(0));
}

NTIO_EXPORT DECLSPEC_NORETURN VOID NTAPI ExRaiseAccessViolation(VOID)
{
    KiRaiseStatusWithInformation(STATUS_ACCESS_VIOLATION, 0, 0, 0, __builtin_return_address(0));
}

NTIO_EXPORT DECLSPEC_NORETURN VOID NTAPI ExRaiseDatatypeMisalignment(VOID)
{
    KiRaiseStatusWithInformation(STATUS_DATATYPE_MISALIGNMENT, 0, 0, 0,
                                 __builtin_return_address(0));
}

NTIO_EXPORT DECLSPEC_NORETURN VOID NTAPI RtlRaiseException(PEXCEPTION_RECORD ExceptionRecord)
{
    EXCEPTION_RECORD Record = *ExceptionRecord;

    if (Record.NumberParameters > EXCEPTION_MAXIMUM_PARAMETERS)
        Record.NumberParameters = EXCEPTION_MAXIMUM_PARAMETERS;
    if (Record.ExceptionAddress == NULL)
        Record.ExceptionAddress = __builtin_return_address(0);
    Record.ExceptionFlags |= EXCEPTION_NONCONTINUABLE;   /* nothing continues here */
    KiRaise(&Record);
}

/* ---- hardware faults ---------------------------------------------------- */

static void KiContextFromSignal(PCONTEXT Context, const ucontext_t *Uc)
{
    const greg_t *R = Uc->uc_mcontext.gregs;
    ULONG64 Segments = (ULONG64)R[REG_CSGSFS];

    memset(Context, 0, sizeof *Context);
    Context->ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_SEGMENTS;
    Context->Rax = R[REG_RAX];
    Context->Rcx = R[REG_RCX];
    Context->Rdx = R[REG_RDX];
    Context->Rbx = R[REG_RBX];
    Context->Rsp = R[REG_RSP];
    Context->Rbp = R[REG_RBP];
    Context->Rsi = R[REG_RSI];
    Context->Rdi = R[REG_RDI];
    Context->R8 = R[REG_R8];
    Context->R9 = R[REG_R9];
    Context->R10 = R[REG_R10];
    Context->R11 = R[REG_R11];
    Context->R12 = R[REG_R12];
    Context->R13 = R[REG_R13];
    Context->R14 = R[REG_R14];
    Context->R15 = R[REG_R15];
    Context->Rip = R[REG_RIP];
    Context->EFlags = (ULONG)R[REG_EFL];
    Context->SegCs = (USHORT)Segments;
    Context->SegGs = (USHORT)(Segments >> 16);
    Context->SegFs = (USHORT)(Segments >> 32);
    Context->SegSs = (USHORT)(Segments >> 48);
    if (Uc->uc_mcontext.fpregs != NULL) {
        NTIO_STATIC_ASSERT(sizeof(*Uc->uc_mcontext.fpregs) == sizeof(Context->FltSave),
                           "fxsave layout");
        memcpy(&Context->FltSave, Uc->uc_mcontext.fpregs, sizeof Context->FltSave);
        Context->MxCsr = Uc->uc_mcontext.fpregs->mxcsr;
        Context->ContextFlags |= CONTEXT_FLOATING_POINT;
    }
}

/* Forward a fault we do not handle: to the previous handler, or let the
   default action happen (the instruction faults again, the kernel dumps core
   with the original state). */
static void KiForwardSignal(int Signal, siginfo_t *Info, void *UserContext)
{
    const struct sigaction *Previous = NULL;
    struct sigaction Default;
    int i;

    for (i = 0; i < KI_FAULT_SIGNALS; i++)
        if (KiFaultSignals[i] == Signal)
            Previous = &KiPreviousAction[i];

    if (Previous != NULL && (Previous->sa_flags & SA_SIGINFO) && Previous->sa_sigaction != NULL) {
        Previous->sa_sigaction(Signal, Info, UserContext);
        return;
    }
    if (Previous != NULL && !(Previous->sa_flags & SA_SIGINFO) &&
        Previous->sa_handler != SIG_DFL && Previous->sa_handler != SIG_IGN) {
        Previous->sa_handler(Signal);
        return;
    }
    memset(&Default, 0, sizeof Default);
    Default.sa_handler = SIG_DFL;
    sigaction(Signal, &Default, NULL);
    if (Info->si_code <= 0)   /* sent, not a fault: it will not happen again by itself */
        raise(Signal);
}

static void KiFaultHandler(int Signal, siginfo_t *Info, void *UserContext)
{
    ucontext_t *Uc = UserContext;
    greg_t *Regs = Uc->uc_mcontext.gregs;
    ULONG_PTR Pc = (ULONG_PTR)Regs[REG_RIP];
    NTIO_SEH_THREAD *Thread = &__ntio_seh_thread;
    NTIO_SEH_FRAME *Frame;
    KI_BUGCHECK_EXCEPTION Exception;
    NTSTATUS Code = STATUS_ACCESS_VIOLATION;
    ULONG NumberParameters = 0;
    ULONG_PTR Info0 = 0, Info1 = 0;
    BOOLEAN StackOverflow = FALSE;
    int SavedErrno = errno;

    /* 1. a fault in usercopy.S: resume at its fixup */
    if ((Signal == SIGSEGV || Signal == SIGBUS) && Info->si_code > 0) {
        ULONG_PTR Fixup = MiLookupUserCopyFixup(Pc);
        if (Fixup != 0) {
            Regs[REG_RIP] = (greg_t)Fixup;
            errno = SavedErrno;
            return;
        }
    }

    /* 2. a fault in the fault handler itself: a corrupted frame chain (a
          buffer overrun over a __try frame), or a fault while bug-checking */
    if (Thread->FaultNesting > 0) {
        static const char Text[] =
            "ntio: fault inside the fault handler (corrupted __try frame chain?)\n";
        struct sigaction Default;
        if (KiBugCheckInProgress())
            KiBugCheckReentered(Signal, Pc);
        (void)!write(STDERR_FILENO, Text, sizeof Text - 1);
        memset(&Default, 0, sizeof Default);
        Default.sa_handler = SIG_DFL;
        sigaction(Signal, &Default, NULL);
        return;   /* the faulting instruction faults again: default action */
    }

    /* 3. not a fault at all (kill, raise, sigqueue) */
    if (Info->si_code <= 0) {
        KiForwardSignal(Signal, Info, UserContext);
        errno = SavedErrno;
        return;
    }
    Thread->FaultNesting = 1;

    /* 4. what happened, in Windows terms */
    switch (Signal) {
    case SIGSEGV:
    case SIGBUS: {
        ULONG_PTR Address = (ULONG_PTR)Info->si_addr;
        ULONG_PTR Trap = (ULONG_PTR)Regs[REG_TRAPNO];
        ULONG_PTR Error = (ULONG_PTR)Regs[REG_ERR];
        ULONG_PTR Sp = (ULONG_PTR)Regs[REG_RSP];

        NumberParameters = 2;
        if (Signal == SIGSEGV && Trap == 14) {          /* page fault */
            Info0 = (Error & 0x10) || Address == Pc ? EXCEPTION_EXECUTE_FAULT
                  : (Error & 0x02) ? EXCEPTION_WRITE_FAULT : EXCEPTION_READ_FAULT;
            Info1 = Address;
            /* a fault right at the stack pointer: the guard page */
            if (Address + 65536 >= Sp && Address < Sp + 65536)
                StackOverflow = TRUE;
        } else if (Signal == SIGSEGV && (Trap == 13 || Info->si_code == SI_KERNEL)) {
            Info0 = EXCEPTION_READ_FAULT;               /* general protection: */
            Info1 = ~(ULONG_PTR)0;                       /* Windows reports -1  */
        } else {
            /* no page-fault error code (SIGBUS, or an emulator such as valgrind) */
            Info0 = Address == Pc ? EXCEPTION_EXECUTE_FAULT : EXCEPTION_READ_FAULT;
            Info1 = Address;
        }
        Code = StackOverflow ? STATUS_STACK_OVERFLOW : STATUS_ACCESS_VIOLATION;
        break;
    }
    case SIGFPE:
        switch (Info->si_code) {
        case FPE_INTDIV: Code = STATUS_INTEGER_DIVIDE_BY_ZERO; break;
        case FPE_INTOVF: Code = STATUS_INTEGER_OVERFLOW; break;
        case FPE_FLTDIV: Code = STATUS_FLOAT_DIVIDE_BY_ZERO; break;
        case FPE_FLTOVF: Code = STATUS_FLOAT_OVERFLOW; break;
        case FPE_FLTUND: Code = STATUS_FLOAT_UNDERFLOW; break;
        case FPE_FLTRES: Code = STATUS_FLOAT_INEXACT_RESULT; break;
        case FPE_FLTSUB: Code = STATUS_ARRAY_BOUNDS_EXCEEDED; break;
        default: Code = STATUS_FLOAT_INVALID_OPERATION; break;
        }
        break;
    case SIGILL:
        Code = (Info->si_code == ILL_PRVOPC || Info->si_code == ILL_PRVREG)
                   ? STATUS_PRIVILEGED_INSTRUCTION : STATUS_ILLEGAL_INSTRUCTION;
        break;
    }

    /* 5. an __except frame on the chain: deliver to the innermost frame */
    if (KiFindExceptFrame(Thread->Top) != NULL) {
        Frame = KiSkipTransparentFrames(Thread);
        memset(&Frame->Record, 0, sizeof Frame->Record);
        Frame->Record.ExceptionCode = Code;
        Frame->Record.ExceptionFlags = 0;
        Frame->Record.ExceptionAddress = (PVOID)Pc;
        Frame->Record.NumberParameters = NumberParameters;
        Frame->Record.ExceptionInformation[0] = Info0;
        Frame->Record.ExceptionInformation[1] = Info1;
        KiContextFromSignal((PCONTEXT)Frame->Context, Uc);
        if (KiResumeOnThreadStack && !StackOverflow) {
            /* return from the handler into KiResumeDispatch on the thread's
               own stack, as if the faulting instruction had called it */
            ULONG_PTR Sp = (((ULONG_PTR)Regs[REG_RSP] - 256) & ~(ULONG_PTR)15) - 8;
            __asm__ __volatile__("movq %1, (%0)" : : "r"(Sp), "r"(Pc) : "memory");
            Regs[REG_RSP] = (greg_t)Sp;
            Regs[REG_RIP] = (greg_t)(ULONG_PTR)KiResumeDispatch;
            Thread->FaultNesting = 0;
            errno = SavedErrno;
            return;
        }
        KiDeliverToTop(Thread);
    }

    /* 6. a fault while bug-checking */
    if (KiBugCheckInProgress())
        KiBugCheckReentered(Signal, Pc);

    /* 7. kernel or driver code: bug check, with the fault's stack */
    if (KiIsThreadInKernel()) {
        memset(&Exception, 0, sizeof Exception);
        Exception.Code = Code;
        Exception.Address = Pc;
        Exception.NumberParameters = NumberParameters;
        Exception.Information[0] = Info0;
        Exception.Information[1] = Info1;
        Exception.StackOverflow = StackOverflow;
        if (StackOverflow)
            KiBugCheck(UNEXPECTED_KERNEL_MODE_TRAP, EXCEPTION_DOUBLE_FAULT, 0, 0, 0, Pc, Uc,
                       &Exception);
        if (Signal == SIGSEGV)
            KiBugCheck(PAGE_FAULT_IN_NONPAGED_AREA, Info1, KiPageFaultKind(Info0), Pc, 0, Pc, Uc,
                       &Exception);
        KiBugCheck(KMODE_EXCEPTION_NOT_HANDLED, (ULONG_PTR)(ULONG)Code, Pc, Info0, Info1, Pc, Uc,
                   &Exception);
    }

    /* 8. application code: crash as the application would without ntio */
    Thread->FaultNesting = 0;
    KiForwardSignal(Signal, Info, UserContext);
    errno = SavedErrno;
}
