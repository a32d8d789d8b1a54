/*
 * sys/sys.h - helpers shared by the system services: entering and leaving
 * the kernel, and validating what the caller passed.
 */
#ifndef NTIO_SYS_H
#define NTIO_SYS_H

#include <ntio/ntsvc.h>
#include "io/iop.h"
#include "ke/except.h"
#include "mm/usercopy.h"
#include "ps/ps.h"

/* Every service runs between these: faults in kernel code become bug
 * checks instead of application crashes, and a user APC that an alertable
 * wait let in is delivered on the way out. */
#define SERVICE_ENTER() KiEnterKernel()
NTSTATUS KiServiceExit(NTSTATUS Status);

/* TRUE if [p, p+len) is a user range the caller may write/read. */
static __inline__ BOOLEAN SvcProbe(const void *p, SIZE_T len, BOOLEAN Write)
{
    ULONG_PTR a = (ULONG_PTR)p;
    if (len == 0)
        return TRUE;
    if (a + len < a || a + len > MmUserProbeAddress || a < 0x10000)
        return FALSE;
    return MiProbeUserRange(p, len, Write);
}

/* Copy from/to the caller; FALSE on a bad user pointer. */
static __inline__ BOOLEAN SvcCopyIn(KPROCESSOR_MODE Mode, void *Dst, const void *Src, SIZE_T n)
{
    if (Mode == KernelMode) {
        memcpy(Dst, Src, n);
        return TRUE;
    }
    ULONG_PTR a = (ULONG_PTR)Src;
    if (n && (a + n < a || a + n > MmUserProbeAddress || a < 0x10000))
        return FALSE;
    return MiCopyUserMemory(Dst, Src, n) == 0;
}

static __inline__ BOOLEAN SvcCopyOut(KPROCESSOR_MODE Mode, void *Dst, const void *Src, SIZE_T n)
{
    if (Mode == KernelMode) {
        memcpy(Dst, Src, n);
        return TRUE;
    }
    ULONG_PTR a = (ULONG_PTR)Dst;
    if (n && (a + n < a || a + n > MmUserProbeAddress || a < 0x10000))
        return FALSE;
    return MiCopyUserMemory(Dst, Src, n) == 0;
}

/* An optional timeout of the caller's, copied into *Out: *Use is Out, or
 * NULL for none (wait forever). */
static __inline__ NTSTATUS SvcCaptureTimeout(KPROCESSOR_MODE Mode, PLARGE_INTEGER In,
                                             LARGE_INTEGER *Out, PLARGE_INTEGER *Use)
{
    *Use = NULL;
    if (!In)
        return STATUS_SUCCESS;
    if (!SvcCopyIn(Mode, Out, In, sizeof *Out))
        return STATUS_ACCESS_VIOLATION;
    *Use = Out;
    return STATUS_SUCCESS;
}

/* NtQueryInformation*: the caller's output buffer and optional return
 * length must be writable (FALSE: STATUS_ACCESS_VIOLATION) ... */
static __inline__ BOOLEAN SvcProbeQueryOutput(KPROCESSOR_MODE Mode, PVOID Buffer, ULONG Length,
                                             PULONG ReturnLength)
{
    return Mode != UserMode || (SvcProbe(Buffer, Length, TRUE) &&
                                (!ReturnLength || SvcProbe(ReturnLength, sizeof(ULONG), TRUE)));
}
/* ... and receive the result and its length. */
static __inline__ NTSTATUS SvcReturnQueryOutput(KPROCESSOR_MODE Mode, PVOID Buffer, const VOID *Info,
                                                ULONG InfoLength, PULONG ReturnLength)
{
    if (!SvcCopyOut(Mode, Buffer, Info, InfoLength))
        return STATUS_ACCESS_VIOLATION;
    if (ReturnLength && !SvcCopyOut(Mode, ReturnLength, &InfoLength, sizeof InfoLength))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* Capture a caller's OBJECT_ATTRIBUTES and name into kernel memory. */
typedef struct _SVC_CAPTURED_NAME {
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    WCHAR Buffer[1024];
} SVC_CAPTURED_NAME;
NTSTATUS SvcCaptureObjectAttributes(KPROCESSOR_MODE Mode, POBJECT_ATTRIBUTES In,
                                    SVC_CAPTURED_NAME *Out);

/* The tail of an NtCreateXxx service: give Object (new, with the caller's
 * one reference) the name and attributes of the caller's ObjectAttributes
 * (may be NULL) and a handle written to *UserHandle (already probed).  The
 * reference passes to the handle, or is dropped on failure. */
NTSTATUS SvcInsertObject(KPROCESSOR_MODE Mode, PVOID Object, POBJECT_ATTRIBUTES ObjectAttributes,
                         ACCESS_MASK DesiredAccess, PHANDLE UserHandle);

/* Reference the event of an I/O request (may be NULL). */
NTSTATUS SvcReferenceEvent(HANDLE Event, KPROCESSOR_MODE Mode, PKEVENT *Object);

#endif
