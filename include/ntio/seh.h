/*
 * ntio/seh.h - structured exception handling (SEH) for driver and kernel
 * code compiled with gcc, plus the DDIs that raise exceptions.
 *
 * Windows sources use the MSVC keywords unchanged:
 *
 *     __try {
 *         ProbeForRead(Buffer, Length, sizeof(ULONG));
 *         Value = *(volatile ULONG *)Buffer;
 *     } __except (EXCEPTION_EXECUTE_HANDLER) {
 *         Status = GetExceptionCode();
 *     }
 *
 *     __try { ... if (!ok) __leave; ... } __finally { if (AbnormalTermination()) ... }
 *
 * and, in C only, the lower-case try / except / finally / leave of old DDK
 * samples.  GetExceptionCode(), GetExceptionInformation(),
 * AbnormalTermination() and the three EXCEPTION_* filter values work as in
 * MSVC.  An access violation, an integer division by zero or an illegal
 * instruction inside a __try body arrives as STATUS_ACCESS_VIOLATION,
 * STATUS_INTEGER_DIVIDE_BY_ZERO or STATUS_ILLEGAL_INSTRUCTION, with the
 * faulting address and the read/write/execute flag in ExceptionInformation
 * like Windows' EXCEPTION_RECORD; ExRaiseStatus and ProbeForRead/Write raise
 * through the same mechanism.
 *
 * How it works: each __try pushes a frame (holding a sigjmp_buf) on a
 * per-thread chain; sigsetjmp(buf, 0) saves no signal mask, so entering a
 * __try costs a few stores and no system call.  A raise or a hardware fault
 * (SIGSEGV/SIGBUS/SIGFPE/SIGILL, caught by the kernel's signal handler)
 * siglongjmp()s into the innermost frame; an __except frame then evaluates
 * its filter, a __finally frame runs its block and passes the exception on.
 * The frame variable carries __attribute__((cleanup)), so `return`, `goto`
 * or a C++ exception leaving a __try body never leaves a dangling frame.
 *
 * What C cannot emulate exactly (the differences from MSVC):
 *
 *  1. Filters run after the stack has been unwound to their frame, not at
 *     the point of the fault; and __finally blocks of inner frames run
 *     before the filters of outer frames (one pass, not Windows' two).
 *     If no __except frame is on the chain at all, nothing is unwound: the
 *     fault is reported (bug check in kernel code) with the stack intact.
 *  2. Locals of the function containing the __try that are modified inside
 *     the __try body and read in the __except/__finally block (or after the
 *     construct) following an exception must be declared volatile, as with
 *     setjmp(): an exception returns to the frame through siglongjmp, and
 *     the optimizer does not know that a load or store directly in the body
 *     can "jump" to the handler, so even an assignment made before the
 *     faulting instruction may not have reached memory yet.  (__leave and
 *     normal completion do not longjmp; values are then always current.)
 *  3. `return` (or `goto` out of) a __try body whose block is a __finally
 *     cannot run the __finally block in C.  The frame is still popped, and
 *     ntio prints "ntio SEH: FILE:LINE: ... __finally block was NOT run" to
 *     stderr (once per site).  Use __leave, then return after the __finally.
 *     A `return` out of a __try/__except body is fine.
 *  4. `break` and `continue` directly inside a __try body (not inside a loop
 *     of their own there) end the __try body, like __leave, instead of
 *     acting on a loop around the __try.  `break` is detected and reported
 *     on stderr (once per site); `continue` cannot be detected.  In C,
 *     break/continue/return inside an __except handler block work as in
 *     MSVC; inside a __finally block they end the block (and abandon an
 *     unwinding, as in MSVC, which warns about it).
 *  5. EXCEPTION_CONTINUE_EXECUTION cannot resume the faulting instruction:
 *     every exception is treated as non-continuable, and a filter returning
 *     a negative value raises STATUS_NONCONTINUABLE_EXCEPTION to the next
 *     outer frame (what Windows does for non-continuable exceptions), with
 *     a diagnostic line naming the __except.
 *  6. C: GetExceptionCode() inside a handler block returns the code of the
 *     last exception handled by this function (exceptions handled by called
 *     functions do not disturb it); another __try/__except of the SAME
 *     function that handles an exception inside that handler block, before
 *     the call, replaces it.  GetExceptionInformation() is valid in the
 *     filter expression (as in MSVC, which rejects it elsewhere); in a C
 *     handler block it returns NULL.
 *  7. The __finally block of a frame that a C++ exception (or a longjmp of
 *     the program's own) passes through is not run; the frame is popped
 *     (reported like 3.).
 *  8. Exceptions arriving in a signal handler of the program's own, or a
 *     program that replaces ntio's SIGSEGV/SIGBUS/SIGFPE/SIGILL handlers,
 *     are outside this scheme.  A debugger stops at every fault first, even
 *     one a __try will handle: in gdb, `handle SIGSEGV nostop noprint`.
 *  9. C++ (see the C++ section below): the handler and __finally blocks run
 *     inside the construct's loop, so break/continue in them end the block;
 *     __leave is a break (inside a loop or switch of the body it leaves only
 *     that, which is reported); libstdc++ code compiled after this header
 *     gets __catch blocks that never run.
 * 10. __finally needs C99 or later (a declaration in a for statement).
 *     Each __try costs about 1.7 KB of stack (the frame holds a CONTEXT).
 *
 * The __ntio_seh_* names below are the compiler-support ABI the macros
 * expand to (like MSVC's __C_specific_handler); drivers never call them.
 */
#ifndef NTIO_SEH_H
#define NTIO_SEH_H

/* The keyword macros span several statements across __try and __except by
   design; as a system header their expansions do not trip
   -Wmultistatement-macros / -Wdangling-else in the code that uses them. */
#pragma GCC system_header

/* -Wclobbered (in -Wextra) fires for most functions that contain a __try
   (loop counters and the like, which are fine) and does not catch the real
   hazard described in 2. below (a fault directly in the __try body, which
   the optimizer does not see as a jump).  It is silenced for code that
   includes this header; define NTIO_SEH_WARN_CLOBBERED to see it. */
#ifndef NTIO_SEH_WARN_CLOBBERED
#pragma GCC diagnostic ignored "-Wclobbered"
#endif

#include <setjmp.h>

#if defined(__cplusplus) && defined(__has_include)
#if __has_include(<bits/exception_defines.h>)
/* libstdc++ owns the names __try/__catch (exception_defines.h); have it
   define them now, once, so that ntio's definitions below stay in force. */
#include <bits/exception_defines.h>
#endif
#endif

#include <ntio/basetypes.h>
#include <ntio/ntstatus.h>

/* ---- status codes this header relies on ------------------------------- */

#ifndef STATUS_ACCESS_VIOLATION
#define STATUS_ACCESS_VIOLATION ((NTSTATUS)0xC0000005L)
#endif
#ifndef STATUS_DATATYPE_MISALIGNMENT
#define STATUS_DATATYPE_MISALIGNMENT ((NTSTATUS)0x80000002L)
#endif
#ifndef STATUS_NONCONTINUABLE_EXCEPTION
#define STATUS_NONCONTINUABLE_EXCEPTION ((NTSTATUS)0xC0000025L)
#endif
#ifndef STATUS_INTEGER_DIVIDE_BY_ZERO
#define STATUS_INTEGER_DIVIDE_BY_ZERO ((NTSTATUS)0xC0000094L)
#endif
#ifndef STATUS_ILLEGAL_INSTRUCTION
#define STATUS_ILLEGAL_INSTRUCTION ((NTSTATUS)0xC000001DL)
#endif
#ifndef STATUS_STACK_OVERFLOW
#define STATUS_STACK_OVERFLOW ((NTSTATUS)0xC00000FDL)
#endif

/* ---- exception records and contexts (winnt.h / wdm.h layout) ---------- */

#ifndef EXCEPTION_EXECUTE_HANDLER
#define EXCEPTION_EXECUTE_HANDLER 1
#define EXCEPTION_CONTINUE_SEARCH 0
#define EXCEPTION_CONTINUE_EXECUTION (-1)
#endif

#ifndef EXCEPTION_MAXIMUM_PARAMETERS
#define EXCEPTION_MAXIMUM_PARAMETERS 15
#endif
#ifndef EXCEPTION_NONCONTINUABLE
#define EXCEPTION_NONCONTINUABLE 0x01
#endif
#ifndef EXCEPTION_UNWINDING
#define EXCEPTION_UNWINDING 0x02
#endif
#ifndef EXCEPTION_EXIT_UNWIND
#define EXCEPTION_EXIT_UNWIND 0x04
#endif

/* ExceptionInformation[0] of an access violation */
#ifndef EXCEPTION_READ_FAULT
#define EXCEPTION_READ_FAULT 0
#define EXCEPTION_WRITE_FAULT 1
#define EXCEPTION_EXECUTE_FAULT 8
#endif

/* An SDK header that defines these types itself defines the guard first. */
#ifndef NTIO_EXCEPTION_RECORD_DEFINED
#define NTIO_EXCEPTION_RECORD_DEFINED 1
typedef struct _EXCEPTION_RECORD {
    NTSTATUS ExceptionCode;
    ULONG ExceptionFlags;
    struct _EXCEPTION_RECORD *ExceptionRecord;
    PVOID ExceptionAddress;
    ULONG NumberParameters;
    ULONG_PTR ExceptionInformation[EXCEPTION_MAXIMUM_PARAMETERS];
} EXCEPTION_RECORD, *PEXCEPTION_RECORD;
typedef EXCEPTION_RECORD EXCEPTION_RECORD64, *PEXCEPTION_RECORD64;
#endif

#ifndef NTIO_CONTEXT_DEFINED
#define NTIO_CONTEXT_DEFINED 1
/* The AMD64 CONTEXT, full Windows layout (1232 bytes). */
typedef struct DECLSPEC_ALIGN(16) _M128A {
    ULONGLONG Low;
    LONGLONG High;
} M128A, *PM128A;

typedef struct DECLSPEC_ALIGN(16) _XSAVE_FORMAT {
    USHORT ControlWord;
    USHORT StatusWord;
    UCHAR TagWord;
    UCHAR Reserved1;
    USHORT ErrorOpcode;
    ULONG ErrorOffset;
    USHORT ErrorSelector;
    USHORT Reserved2;
    ULONG DataOffset;
    USHORT DataSelector;
    USHORT Reserved3;
    ULONG MxCsr;
    ULONG MxCsr_Mask;
    M128A FloatRegisters[8];
    M128A XmmRegisters[16];
    UCHAR Reserved4[96];
} XSAVE_FORMAT, *PXSAVE_FORMAT;
typedef XSAVE_FORMAT XMM_SAVE_AREA32, *PXMM_SAVE_AREA32;

typedef struct DECLSPEC_ALIGN(16) _CONTEXT {
    ULONG64 P1Home, P2Home, P3Home, P4Home, P5Home, P6Home;
    ULONG ContextFlags;
    ULONG MxCsr;
    USHORT SegCs, SegDs, SegEs, SegFs, SegGs, SegSs;
    ULONG EFlags;
    ULONG64 Dr0, Dr1, Dr2, Dr3, Dr6, Dr7;
    ULONG64 Rax, Rcx, Rdx, Rbx, Rsp, Rbp, Rsi, Rdi;
    ULONG64 R8, R9, R10, R11, R12, R13, R14, R15;
    ULONG64 Rip;
    union {
        XMM_SAVE_AREA32 FltSave;
        struct {
            M128A Header[2];
            M128A Legacy[8];
            M128A Xmm0, Xmm1, Xmm2, Xmm3, Xmm4, Xmm5, Xmm6, Xmm7;
            M128A Xmm8, Xmm9, Xmm10, Xmm11, Xmm12, Xmm13, Xmm14, Xmm15;
        };
    };
    M128A VectorRegister[26];
    ULONG64 VectorControl;
    ULONG64 DebugControl;
    ULONG64 LastBranchToRip;
    ULONG64 LastBranchFromRip;
    ULONG64 LastExceptionToRip;
    ULONG64 LastExceptionFromRip;
} CONTEXT, *PCONTEXT;

#define CONTEXT_AMD64 0x00100000L
#define CONTEXT_CONTROL (CONTEXT_AMD64 | 0x1L)
#define CONTEXT_INTEGER (CONTEXT_AMD64 | 0x2L)
#define CONTEXT_SEGMENTS (CONTEXT_AMD64 | 0x4L)
#define CONTEXT_FLOATING_POINT (CONTEXT_AMD64 | 0x8L)
#define CONTEXT_DEBUG_REGISTERS (CONTEXT_AMD64 | 0x10L)
#define CONTEXT_FULL (CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_FLOATING_POINT)
#define CONTEXT_ALL (CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_SEGMENTS | \
                     CONTEXT_FLOATING_POINT | CONTEXT_DEBUG_REGISTERS)
#endif /* NTIO_CONTEXT_DEFINED */

#ifndef NTIO_EXCEPTION_POINTERS_DEFINED
#define NTIO_EXCEPTION_POINTERS_DEFINED 1
typedef struct _EXCEPTION_POINTERS {
    PEXCEPTION_RECORD ExceptionRecord;
    PCONTEXT ContextRecord;
} EXCEPTION_POINTERS, *PEXCEPTION_POINTERS;
#endif

NTIO_BEGIN_DECLS

/* ---- DDIs --------------------------------------------------------------- */

/* Raise a (non-continuable) software exception with the given code. */
DECLSPEC_NORETURN VOID NTAPI ExRaiseStatus(NTSTATUS Status);
DECLSPEC_NORETURN VOID NTAPI RtlRaiseStatus(NTSTATUS Status);
DECLSPEC_NORETURN VOID NTAPI ExRaiseAccessViolation(VOID);
DECLSPEC_NORETURN VOID NTAPI ExRaiseDatatypeMisalignment(VOID);
/* Raise the exception described by the record (copied; never continues). */
DECLSPEC_NORETURN VOID NTAPI RtlRaiseException(PEXCEPTION_RECORD ExceptionRecord);

/* Check that a user buffer lies in the user part of the address space and is
 * aligned; raise STATUS_ACCESS_VIOLATION / STATUS_DATATYPE_MISALIGNMENT.
 * ProbeForWrite also touches every page for write.  Length 0: no check. */
VOID NTAPI ProbeForRead(const volatile VOID *Address, SIZE_T Length, ULONG Alignment);
VOID NTAPI ProbeForWrite(volatile VOID *Address, SIZE_T Length, ULONG Alignment);

/* First byte above the user address range / last user byte (wdm.h). */
extern ULONG_PTR MmUserProbeAddress;
extern PVOID MmHighestUserAddress;
#ifndef MM_USER_PROBE_ADDRESS
#define MM_USER_PROBE_ADDRESS MmUserProbeAddress
#endif
#ifndef MM_HIGHEST_USER_ADDRESS
#define MM_HIGHEST_USER_ADDRESS MmHighestUserAddress
#endif

/* Stop the system with a report (see kernel/ke/bugcheck.c): prints the code,
 * its parameters, the culprit driver and a symbolized stack, then aborts. */
DECLSPEC_NORETURN VOID NTAPI KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR BugCheckParameter1,
                                          ULONG_PTR BugCheckParameter2,
                                          ULONG_PTR BugCheckParameter3,
                                          ULONG_PTR BugCheckParameter4);
DECLSPEC_NORETURN VOID NTAPI KeBugCheck(ULONG BugCheckCode);

/* ---- the frame chain (compiler-support ABI) ------------------------------ */

enum {
    NTIO_SEH_S_SETUP = 0,     /* first pass: the tail learns the frame kind */
    NTIO_SEH_S_TRY,           /* pushed; sigsetjmp next */
    NTIO_SEH_S_BODY,          /* __try body running */
    NTIO_SEH_S_BODY_DONE,     /* body ended normally or by __leave */
    NTIO_SEH_S_EXCEPTION,     /* an exception arrived (frame already popped) */
    NTIO_SEH_S_HANDLER,       /* filter said EXECUTE_HANDLER */
    NTIO_SEH_S_FIN_NORMAL,    /* __finally block to run, normal termination */
    NTIO_SEH_S_FIN_UNWIND,    /* __finally block to run, exception unwinding */
    NTIO_SEH_S_FIN_RAN_NORMAL,  /* (C++) __finally block ran */
    NTIO_SEH_S_FIN_RAN_UNWIND,  /* (C++) __finally block ran, unwinding goes on */
    NTIO_SEH_S_DONE
};
enum {
    NTIO_SEH_K_UNKNOWN = 0,
    NTIO_SEH_K_EXCEPT = 1,
    NTIO_SEH_K_FINALLY = 2,
    NTIO_SEH_K_NONE = 3       /* libstdc++'s __try/__catch under C++: handles nothing */
};

typedef struct _NTIO_SEH_FRAME {
    struct _NTIO_SEH_FRAME *Prev;        /* next outer frame on this thread */
    const char *File;                    /* where the __try is */
    int Line;
    unsigned char State;                 /* NTIO_SEH_S_* */
    unsigned char Kind;                  /* NTIO_SEH_K_* */
    unsigned char Leave;                 /* (C++) __leave was executed */
    unsigned char Reserved;
    EXCEPTION_POINTERS Pointers;         /* valid in the filter */
    EXCEPTION_RECORD Record;
    /* a CONTEXT, stored as bytes so the frame layout never depends on
       which header defined CONTEXT */
    DECLSPEC_ALIGN(16) unsigned char Context[1232];
    jmp_buf Jmp;                         /* glibc: the same type as sigjmp_buf */
} NTIO_SEH_FRAME;

typedef struct _NTIO_SEH_FIN {
    unsigned char Ran;
    unsigned char Abnormal;
} NTIO_SEH_FIN;

#define NTIO_SEH_HANDLED_DEPTH 8
typedef struct _NTIO_SEH_THREAD {
    NTIO_SEH_FRAME *Top;                 /* innermost frame */
    LONG KernelDepth;                    /* > 0: executing kernel/driver code */
    unsigned char Ready;                 /* signal handlers + altstack set up */
    unsigned char FinPending;            /* hand-over: a __finally runs while unwinding */
    unsigned char HandledCount;
    unsigned char FaultNesting;          /* inside the fault handler */
    struct {
        PVOID Frame;                     /* __builtin_frame_address of the handler's function */
        NTSTATUS Code;
    } Handled[NTIO_SEH_HANDLED_DEPTH];   /* GetExceptionCode() inside handler blocks */
} NTIO_SEH_THREAD;

extern __thread NTIO_SEH_THREAD __ntio_seh_thread __attribute__((tls_model("initial-exec")));

VOID __ntio_seh_thread_init(VOID);
VOID __ntio_seh_abandon(NTIO_SEH_FRAME *Frame);
VOID __ntio_seh_body_broken(NTIO_SEH_FRAME *Frame);
DECLSPEC_NORETURN VOID __ntio_seh_filter_declined(NTIO_SEH_FRAME *Frame, LONG Disposition);
VOID __ntio_seh_stage_unwind(NTIO_SEH_FRAME *Frame);
DECLSPEC_NORETURN VOID __ntio_seh_unwind_resume(VOID);
VOID __ntio_seh_enter_handler(NTIO_SEH_FRAME *Frame, PVOID FunctionFrame);
NTSTATUS __ntio_seh_handler_code(PVOID FunctionFrame);

static __inline__ __attribute__((always_inline)) NTIO_SEH_FRAME *
__ntio_seh_begin(NTIO_SEH_FRAME *F, const char *File, int Line)
{
    F->State = NTIO_SEH_S_SETUP;
    F->Kind = NTIO_SEH_K_UNKNOWN;
    F->Leave = 0;
    F->File = File;
    F->Line = Line;
    return F;
}

/* The loop condition: one call per pass over the construct. */
static __inline__ __attribute__((always_inline)) int
__ntio_seh_step(NTIO_SEH_FRAME *F)
{
    NTIO_SEH_THREAD *T;

    switch (F->State) {
    case NTIO_SEH_S_SETUP:
    case NTIO_SEH_S_EXCEPTION:
        return 1;
    case NTIO_SEH_S_TRY:
        T = &__ntio_seh_thread;
        if (__builtin_expect(!T->Ready, 0))
            __ntio_seh_thread_init();
        F->Prev = T->Top;
        T->Top = F;
        return 1;
    case NTIO_SEH_S_BODY:                 /* body left by break (or a C++ __leave) */
        if (!F->Leave)
            __ntio_seh_body_broken(F);
        F->Leave = 0;
        /* fall through */
    case NTIO_SEH_S_BODY_DONE:
        if (__builtin_expect(F->Leave, 0))  /* C++ __leave that left only a loop */
            __ntio_seh_body_broken(F);
        __ntio_seh_thread.Top = F->Prev;
        if (F->Kind == NTIO_SEH_K_FINALLY) {
            F->State = NTIO_SEH_S_FIN_NORMAL;
#ifdef __cplusplus
            return 1;                     /* the __finally block runs in the loop */
#endif
        } else {
            F->State = NTIO_SEH_S_DONE;
        }
        return 0;
#ifdef __cplusplus
    case NTIO_SEH_S_FIN_NORMAL:
        return 1;
    case NTIO_SEH_S_FIN_RAN_UNWIND:
        __ntio_seh_stage_unwind(F);
        __ntio_seh_thread.FinPending = 0;
        __ntio_seh_unwind_resume();
#endif
    default:
        return 0;
    }
}

/* cleanup attribute: the scope of the frame ends (also by return/goto) */
static __inline__ __attribute__((always_inline)) void
__ntio_seh_cleanup(NTIO_SEH_FRAME *F)
{
    if (__builtin_expect(F->State == NTIO_SEH_S_BODY || F->State == NTIO_SEH_S_TRY, 0))
        __ntio_seh_abandon(F);
}

/* The tail of an __except: learns the kind, then applies the filter. */
static __inline__ __attribute__((always_inline)) int
__ntio_seh_except_pass(NTIO_SEH_FRAME *F, LONG Disposition)
{
    if (F->State == NTIO_SEH_S_SETUP) {
        F->Kind = NTIO_SEH_K_EXCEPT;
        F->State = NTIO_SEH_S_TRY;
    } else if (F->State == NTIO_SEH_S_EXCEPTION) {
        if (Disposition > 0)
            F->State = NTIO_SEH_S_HANDLER;
        else
            __ntio_seh_filter_declined(F, Disposition);
    }
    return F->State == NTIO_SEH_S_HANDLER;
}

/* The tail of libstdc++'s __catch under C++. */
static __inline__ __attribute__((always_inline)) int
__ntio_seh_none_pass(NTIO_SEH_FRAME *F)
{
    if (F->State == NTIO_SEH_S_SETUP) {
        F->Kind = NTIO_SEH_K_NONE;
        F->State = NTIO_SEH_S_TRY;
    }
    return 0;
}

static __inline__ __attribute__((always_inline)) int
__ntio_seh_handler_begin(NTIO_SEH_FRAME *F, PVOID FunctionFrame)
{
    if (__builtin_expect(F->State == NTIO_SEH_S_HANDLER, 0)) {
        __ntio_seh_enter_handler(F, FunctionFrame);
        return 1;
    }
    return 0;
}

/* The tail of a __finally: learns the kind; in C++ also says when to run it. */
static __inline__ __attribute__((always_inline)) int
__ntio_seh_finally_pass(NTIO_SEH_FRAME *F)
{
    switch (F->State) {
    case NTIO_SEH_S_SETUP:
        F->Kind = NTIO_SEH_K_FINALLY;
        F->State = NTIO_SEH_S_TRY;
        return 0;
    case NTIO_SEH_S_EXCEPTION:
#ifdef __cplusplus
        F->State = NTIO_SEH_S_FIN_RAN_UNWIND;
        return 1;
#else
        F->State = NTIO_SEH_S_FIN_UNWIND;
        return 0;
#endif
#ifdef __cplusplus
    case NTIO_SEH_S_FIN_NORMAL:
        F->State = NTIO_SEH_S_FIN_RAN_NORMAL;
        return 1;
#endif
    default:
        return 0;
    }
}

static __inline__ __attribute__((always_inline)) int
__ntio_seh_finally_ready(NTIO_SEH_FRAME *F)
{
    if (__builtin_expect(F->State == NTIO_SEH_S_FIN_UNWIND, 0))
        __ntio_seh_stage_unwind(F);
    return 1;
}

static __inline__ __attribute__((always_inline)) NTIO_SEH_FIN *
__ntio_seh_fin_begin(NTIO_SEH_FIN *G)
{
    G->Ran = 0;
    G->Abnormal = __ntio_seh_thread.FinPending;
    if (__builtin_expect(G->Abnormal, 0))
        __ntio_seh_thread.FinPending = 0;
    return G;
}

static __inline__ __attribute__((always_inline)) int
__ntio_seh_fin_step(NTIO_SEH_FIN *G)
{
    if (!G->Ran) {
        G->Ran = 1;
        return 1;
    }
    if (__builtin_expect(G->Abnormal, 0))
        __ntio_seh_unwind_resume();
    return 0;
}

static __inline__ NTSTATUS
__ntio_seh_exception_code(const NTIO_SEH_FRAME *F, PVOID FunctionFrame)
{
    if (F != 0 && (F->State == NTIO_SEH_S_EXCEPTION || F->State == NTIO_SEH_S_HANDLER))
        return F->Record.ExceptionCode;
    return __ntio_seh_handler_code(FunctionFrame);
}

static __inline__ PEXCEPTION_POINTERS
__ntio_seh_exception_info(NTIO_SEH_FRAME *F)
{
    if (F != 0 && (F->State == NTIO_SEH_S_EXCEPTION || F->State == NTIO_SEH_S_HANDLER))
        return &F->Pointers;
    return 0;
}

static __inline__ int
__ntio_seh_abnormal(const NTIO_SEH_FRAME *F, const NTIO_SEH_FIN *G)
{
    if (G != 0)
        return G->Abnormal;
    return F != 0 && F->State == NTIO_SEH_S_FIN_RAN_UNWIND;
}

/* Outside any __try / __finally these names resolve to null pointers; inside,
   the macros declare block-scope pointers with the same names. */
static NTIO_SEH_FRAME *const __ntio_seh_cur __attribute__((unused)) = 0;
static const NTIO_SEH_FIN *const __ntio_fin_cur __attribute__((unused)) = 0;

NTIO_END_DECLS

/* ---- the keywords ------------------------------------------------------- */

/* sigsetjmp(buf, 0), which saves no signal mask; glibc declares __sigsetjmp
   whatever the feature macros (strict -std=c11 hides sigsetjmp). */
#ifdef __GLIBC__
#define __ntio_seh_setjmp(Buffer) __sigsetjmp((Buffer), 0)
#else
#define __ntio_seh_setjmp(Buffer) sigsetjmp((Buffer), 0)
#endif

#undef __try
#undef __except
#undef __finally
#undef __leave

#ifndef __cplusplus

/*
 * C.  The __try body runs inside a statement expression (a loop of passes
 * over the construct, the frame in its scope); the __except handler block
 * is the else-branch of an if outside it, so break/continue/return in the
 * handler act on the code around the construct; a __finally block runs in
 * a one-pass loop after it, which then continues an unwinding.
 */
#define __try                                                                   \
    if (!__extension__({                                                        \
        __label__ __ntio_seh_leave_here;                                        \
        NTIO_SEH_FRAME __ntio_seh __attribute__((cleanup(__ntio_seh_cleanup))); \
        NTIO_SEH_FRAME *const __ntio_seh_cur __attribute__((unused)) = &__ntio_seh; \
        __ntio_seh_begin(&__ntio_seh, __FILE__, __LINE__);                      \
        if (0)                                                                  \
            goto __ntio_seh_leave_here;                                         \
        while (__ntio_seh_step(&__ntio_seh))                                    \
        __ntio_seh_leave_here:                                                  \
            if (__ntio_seh.State == NTIO_SEH_S_BODY)                            \
                __ntio_seh.State = NTIO_SEH_S_BODY_DONE;                        \
            else if (__ntio_seh.State == NTIO_SEH_S_TRY)                        \
                if (__ntio_seh_setjmp(__ntio_seh.Jmp))                               \
                    (void)0;                                                    \
                else                                                            \
                    for (__ntio_seh.State = NTIO_SEH_S_BODY;                    \
                         __ntio_seh.State == NTIO_SEH_S_BODY;                   \
                         __ntio_seh.State = NTIO_SEH_S_BODY_DONE)

#define __except(...)                                                           \
            else                                                                \
                __ntio_seh_except_pass(&__ntio_seh,                             \
                    __ntio_seh.State == NTIO_SEH_S_EXCEPTION                    \
                        ? (LONG)(__VA_ARGS__) : 0);                             \
        __ntio_seh_handler_begin(&__ntio_seh, __builtin_frame_address(0));      \
    }))                                                                         \
        (void)0;                                                                \
    else

#define __finally                                                               \
            else                                                                \
                __ntio_seh_finally_pass(&__ntio_seh);                           \
        __ntio_seh_finally_ready(&__ntio_seh);                                  \
    }))                                                                         \
        (void)0;                                                                \
    else                                                                        \
        for (NTIO_SEH_FIN __ntio_fin,                                           \
                 *const __ntio_fin_cur __attribute__((unused)) =                \
                     __ntio_seh_fin_begin(&__ntio_fin);                         \
             __ntio_seh_fin_step(&__ntio_fin);)

#define __leave goto __ntio_seh_leave_here

#else /* __cplusplus */

/*
 * C++.  libstdc++ writes  __try { } __catch (A) { } __catch (B) { }  in its
 * inline code, so every tail must chain with `else`: the whole construct is
 * one loop of passes, handler and __finally blocks included.  Hence, in C++
 * only: break/continue inside an __except handler block end the handler
 * (they do not act on a loop around the __try), and __leave is a break
 * (inside a loop or switch of the __try body it leaves only that -- ntio
 * reports it when it happens).  Code from libstdc++ compiled after this
 * header gets __catch blocks that never run (C++ exceptions propagate), as
 * with -fno-exceptions, the usual mode for kernel C++.  In C++ programs that
 * use exceptions, include the standard headers before <ntio/seh.h>.
 */
#define __try                                                                   \
    for (NTIO_SEH_FRAME __ntio_seh __attribute__((cleanup(__ntio_seh_cleanup))), \
             *const __ntio_seh_cur __attribute__((unused)) =                    \
                 __ntio_seh_begin(&__ntio_seh, __FILE__, __LINE__);             \
         __ntio_seh_step(&__ntio_seh);)                                         \
        if (__ntio_seh.State == NTIO_SEH_S_TRY)                                 \
            if (__ntio_seh_setjmp(__ntio_seh.Jmp))                                   \
                (void)0;                                                        \
            else                                                                \
                for (__ntio_seh.State = NTIO_SEH_S_BODY;                        \
                     __ntio_seh.State == NTIO_SEH_S_BODY;                       \
                     __ntio_seh.State = NTIO_SEH_S_BODY_DONE)

#define __except(...)                                                           \
        else if (__ntio_seh_except_pass(&__ntio_seh,                            \
                     __ntio_seh.State == NTIO_SEH_S_EXCEPTION                   \
                         ? (LONG)(__VA_ARGS__) : 0))

#define __finally else if (__ntio_seh_finally_pass(&__ntio_seh))

#define __leave                                                                 \
    __extension__({                                                             \
        __ntio_seh.Leave = 1;                                                   \
        break;                                                                  \
    })

#undef __catch
#define __catch(...) else if (__ntio_seh_none_pass(&__ntio_seh))

#endif /* __cplusplus */

#define GetExceptionCode() \
    __ntio_seh_exception_code(__ntio_seh_cur, __builtin_frame_address(0))
#define GetExceptionInformation() __ntio_seh_exception_info(__ntio_seh_cur)
#define AbnormalTermination() __ntio_seh_abnormal(__ntio_seh_cur, __ntio_fin_cur)

#define _exception_code() GetExceptionCode()
#define exception_code() GetExceptionCode()
#define _exception_info() GetExceptionInformation()
#define exception_info() GetExceptionInformation()
#define _abnormal_termination() AbnormalTermination()
#define abnormal_termination() AbnormalTermination()

/* The lower-case forms of old DDK samples (excpt.h); C only, since try is a
   C++ keyword. */
#if !defined(__cplusplus) && !defined(NTIO_NO_LOWERCASE_SEH)
#define try __try
#define except __except
#define finally __finally
#define leave __leave
#endif

#endif /* NTIO_SEH_H */
