/*
 * rtl/debug.c - DbgPrint and friends: the kernel debugger's output.
 *
 * Output goes to standard error (what a developer running under gdb or in
 * CI watches), each line prefixed with nothing, as DebugView shows it, and
 * to the file named by NTIO_DEBUG_LOG when set.  DbgPrintEx filters by
 * level the way Windows' default Kd_*_Mask does: ERROR always, others only
 * when NTIO_DEBUG_LEVEL is at least that level.
 */
#include <wdm.h>
#include <ntio/format.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>

#define DBGPRINT_MAX 512 /* Windows truncates one DbgPrint at 512 bytes */

static pthread_mutex_t RtlpDebugLock = PTHREAD_MUTEX_INITIALIZER;
static FILE *RtlpDebugLog;
static int RtlpDebugLogOpened;
static int RtlpDebugLevel = -1;

static void RtlpEmit(const char *Text, size_t Len)
{
    pthread_mutex_lock(&RtlpDebugLock);
    if (!RtlpDebugLogOpened) {
        const char *Path = getenv("NTIO_DEBUG_LOG");
        RtlpDebugLog = (Path && *Path) ? fopen(Path, "a") : NULL;
        RtlpDebugLogOpened = 1;
    }
    fwrite(Text, 1, Len, stderr);
    if (RtlpDebugLog) {
        fwrite(Text, 1, Len, RtlpDebugLog);
        fflush(RtlpDebugLog);
    }
    pthread_mutex_unlock(&RtlpDebugLock);
}

static ULONG RtlpVDbgPrint(PCSTR Format, va_list Args)
{
    char Buffer[DBGPRINT_MAX];
    int n = RtlpFormatV(Buffer, sizeof Buffer, Format, Args);
    if (n < 0)
        return (ULONG)STATUS_INVALID_PARAMETER;
    size_t Len = (size_t)n < sizeof Buffer ? (size_t)n : sizeof Buffer - 1;
    RtlpEmit(Buffer, Len);
    return (ULONG)((size_t)n < sizeof Buffer ? STATUS_SUCCESS : STATUS_BUFFER_OVERFLOW);
}

NTIO_EXPORT ULONG DbgPrint(PCSTR Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    ULONG r = RtlpVDbgPrint(Format, Args);
    va_end(Args);
    return r;
}

NTIO_EXPORT ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...)
{
    UNREFERENCED_PARAMETER(ComponentId);
    if (RtlpDebugLevel < 0) {
        const char *L = getenv("NTIO_DEBUG_LEVEL");
        RtlpDebugLevel = L ? atoi(L) : 0;
    }
    /* Level is either a number (0..31) or a mask with DPFLTR_MASK set. */
    ULONG Bit = (Level & DPFLTR_MASK) ? (Level & ~DPFLTR_MASK) : (1U << (Level < 32 ? Level : 31));
    ULONG Enabled = (1U << (RtlpDebugLevel + 1)) - 1; /* levels 0..NTIO_DEBUG_LEVEL */
    if (!(Bit & Enabled))
        return STATUS_SUCCESS;
    va_list Args;
    va_start(Args, Format);
    ULONG r = RtlpVDbgPrint(Format, Args);
    va_end(Args);
    return r;
}

NTIO_EXPORT VOID DbgBreakPoint(VOID)
{
    __asm__ __volatile__("int3");
}

NTIO_EXPORT VOID RtlAssert(PVOID FailedAssertion, PVOID FileName, ULONG LineNumber, PSTR Message)
{
    char Line[DBGPRINT_MAX];
    int n = snprintf(Line, sizeof Line, "\n*** Assertion failed: %s%s%s\n***   Source File: %s, line %u\n\n",
                     Message ? Message : "", Message ? " " : "", (const char *)FailedAssertion,
                     (const char *)FileName, LineNumber);
    RtlpEmit(Line, n > 0 && (size_t)n < sizeof Line ? (size_t)n : strlen(Line));
    /* Without a debugger attached an assertion is fatal, as a checked build's is. */
    KeBugCheckEx(0x1E /* KMODE_EXCEPTION_NOT_HANDLED */, (ULONG_PTR)STATUS_ASSERTION_FAILURE,
                 (ULONG_PTR)__builtin_return_address(0), (ULONG_PTR)FileName, LineNumber);
}
