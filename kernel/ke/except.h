/*
 * kernel/ke/except.h - exception dispatching inside the kernel (private).
 *
 * The public side (__try/__except, ExRaiseStatus, the frame chain) is in
 * <ntio/seh.h>; this header adds what other kernel components need:
 * kernel-mode tracking of threads, the one-time installation of the fault
 * handlers, and raising with exception parameters.
 */
#ifndef NTIO_KE_EXCEPT_H
#define NTIO_KE_EXCEPT_H

#include <ntio/seh.h>

NTIO_BEGIN_DECLS

/*
 * Install the SIGSEGV/SIGBUS/SIGFPE/SIGILL handlers (once per process) and
 * the calling thread's alternate signal stack.  Called by kernel start-up;
 * the first __try or KiEnterKernel of a thread also calls it.  Idempotent.
 */
VOID KiInitializeExceptionHandling(VOID);

/*
 * Kernel-mode tracking.  A thread is "in the kernel" while it executes a
 * system service (the system-service layer brackets every Nt* call with
 * KiEnterKernel/KiLeaveKernel) and always when it is a system thread
 * (PsCreateSystemThread's start routine calls KiEnterKernel first).
 * A fault with no __try frame in a thread that is in the kernel is a bug
 * check; in application code it crashes the application as usual.
 */
static __inline__ __attribute__((always_inline)) VOID KiEnterKernel(VOID)
{
    NTIO_SEH_THREAD *Thread = &__ntio_seh_thread;

    if (__builtin_expect(!Thread->Ready, 0))
        __ntio_seh_thread_init();
    Thread->KernelDepth++;
}

static __inline__ __attribute__((always_inline)) VOID KiLeaveKernel(VOID)
{
    __ntio_seh_thread.KernelDepth--;
}

static __inline__ __attribute__((always_inline)) BOOLEAN KiIsThreadInKernel(VOID)
{
    return __ntio_seh_thread.KernelDepth > 0;
}

/*
 * Raise Status with up to two exception parameters (e.g. an access
 * violation's read/write flag and address), attributed to ExceptionAddress
 * (normally the return address of the DDI that raises, so the report names
 * the driver that called it).  No frame + in kernel: bug check 0x1E.
 */
DECLSPEC_NORETURN VOID KiRaiseStatusWithInformation(NTSTATUS Status, ULONG NumberParameters,
                                                    ULONG_PTR Parameter0,
                                                    ULONG_PTR Parameter1,
                                                    PVOID ExceptionAddress);

/* Fill Context with the caller's registers (Rip = the caller's return address). */
VOID KiCaptureContext(PCONTEXT Context);

/* Short name of an exception code ("ACCESS_VIOLATION"), or NULL. */
const char *KiExceptionName(NTSTATUS Code);

NTIO_END_DECLS

#endif /* NTIO_KE_EXCEPT_H */
