/*
 * kernel/ke/bugcheck.h - the bug check (private).
 *
 * KeBugCheckEx (public, <ntio/seh.h>) stops the system with a report:
 *
 *     *** ntio BUGCHECK 0x00000050 (PAGE_FAULT_IN_NONPAGED_AREA)
 *     Arguments: 0x... 0x... 0x... 0x...
 *     Exception: 0xC0000005 ACCESS_VIOLATION writing 0x0000000000000000 at ...
 *     Culprit: mydrv.sys (at mydrv.sys+0x1234, in MyDispatchRead)
 *     Thread: 4242, in kernel
 *     Stack:
 *       #0  0x00007f...  mydrv.sys+0x1234  MyDispatchRead+0x24  (mydrv.c:88)
 *       ...
 *     (lines appended by registered callbacks, e.g. the IRP involved)
 *     *** end of ntio bugcheck report
 *
 * on stderr and, when the environment variable NTIO_BUGCHECK_FILE names a
 * file, in that file too; then abort()s, so a debugger stops there and a
 * core can be taken.
 */
#ifndef NTIO_KE_BUGCHECK_H
#define NTIO_KE_BUGCHECK_H

#include <stdio.h>

#include <ntio/seh.h>

NTIO_BEGIN_DECLS

/* Bug check codes used by the kernel itself (bugcodes.h names). */
#ifndef KMODE_EXCEPTION_NOT_HANDLED
#define KMODE_EXCEPTION_NOT_HANDLED 0x0000001E
#endif
#ifndef PAGE_FAULT_IN_NONPAGED_AREA
#define PAGE_FAULT_IN_NONPAGED_AREA 0x00000050
#endif
#ifndef UNEXPECTED_KERNEL_MODE_TRAP
#define UNEXPECTED_KERNEL_MODE_TRAP 0x0000007F
#endif
#ifndef EXCEPTION_DOUBLE_FAULT
#define EXCEPTION_DOUBLE_FAULT 8
#endif

/*
 * Extra lines for the report: the I/O manager registers a callback that
 * prints the IRP being processed, and so on.  Callbacks run on the
 * bug-checking thread, after the stack, in registration order; they must
 * not allocate much and must not wait.  At most KI_BUGCHECK_MAX_CALLBACKS;
 * registering the same callback twice has no effect.  Returns FALSE when
 * the table is full.
 */
#define KI_BUGCHECK_MAX_CALLBACKS 8
typedef VOID (*KI_BUGCHECK_CALLBACK)(FILE *Out);
BOOLEAN KiRegisterBugCheckCallback(KI_BUGCHECK_CALLBACK Callback);
VOID KiDeregisterBugCheckCallback(KI_BUGCHECK_CALLBACK Callback);

/* The exception that led to a bug check, for the report's Exception line. */
typedef struct _KI_BUGCHECK_EXCEPTION {
    NTSTATUS Code;
    ULONG_PTR Address;               /* faulting or raising PC */
    ULONG NumberParameters;
    ULONG_PTR Information[2];
    BOOLEAN StackOverflow;
} KI_BUGCHECK_EXCEPTION;

/*
 * The bug check behind KeBugCheckEx.  StartPc is the first frame of the
 * reported stack (the faulting PC, or the caller of KeBugCheckEx);
 * SignalContext, when not NULL, is the ucontext_t of the fault being
 * handled (the report then starts exactly at the faulting instruction).
 */
DECLSPEC_NORETURN VOID KiBugCheck(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                                  ULONG_PTR P4, ULONG_PTR StartPc, const void *SignalContext,
                                  const KI_BUGCHECK_EXCEPTION *Exception);

/* TRUE while some thread is bug-checking. */
BOOLEAN KiBugCheckInProgress(VOID);

/*
 * A fault or raise that arrives while a bug check is in progress.  On the
 * bug-checking thread itself: prints one line and _exit(134).  On another
 * thread: waits for the bug-checking thread to end the process.
 */
DECLSPEC_NORETURN VOID KiBugCheckReentered(int Signal, ULONG_PTR Pc);

/* "PAGE_FAULT_IN_NONPAGED_AREA", or NULL for an unknown code. */
const char *KiBugCheckName(ULONG Code);

NTIO_END_DECLS

#endif /* NTIO_KE_BUGCHECK_H */
