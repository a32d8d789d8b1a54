/*
 * msvcrt/printf.c - the narrow printf family with Microsoft's semantics.
 *
 * The formatting is the kernel's engine (RtlpFormatV and friends,
 * include/ntio/format.h); this file adds the destinations (glibc FILE
 * streams, buffers, file descriptors, allocated strings) and Microsoft's
 * rules for arguments and return values:
 *   - NULL format, NULL buffer with a nonzero size, an invalid conversion:
 *     an invalid parameter (errno EINVAL, -1);
 *   - snprintf is ISO C's (always terminated, returns the full length);
 *   - _snprintf stores at most Count chars and terminates only if there is
 *     room; it returns -1 when the result was cut;
 *   - sprintf_s / _snprintf_s: see stdio.h.
 */
#include "crt.h"

#include <unistd.h>

#define CRT_CH char
#define CRT_PF(Pre, Post) Pre##printf##Post
#define CRT_FORMAT_V RtlpFormatV
#define CRT_FORMAT_UNTERMINATED_V RtlpFormatUnterminatedV
#define CRT_FORMAT_TO_SINK_V RtlpFormatToSinkV
#define CRT_UNBOUNDED_V vsprintf
#define CRT_UNBOUNDED sprintf
#include "printf_template.h"

/* ISO C's snprintf: always terminated, returns the full length. */
CRTAPI int vsnprintf(char *Buffer, size_t Count, const char *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(CrtNotNull(Format), EINVAL, -1);
    CRT_VALIDATE_RETURN(Count == 0 || CrtNotNull(Buffer), EINVAL, -1);

    int Result = RtlpFormatV(Buffer, Count, Format, Args);
    if (Result < 0) {
        if (Count != 0) {
            Buffer[0] = '\0';
        }
        CRT_VALIDATE_RETURN(0, EINVAL, -1);
    }
    return Result;
}

CRTAPI int snprintf(char *Buffer, size_t Count, const char *Format, ...)
    CRT_VA_FORWARD(int, Format, vsnprintf(Buffer, Count, Format, Args))

/* ---- descriptors and allocated strings (POSIX and GNU names) ------------ */

typedef struct _CRT_FD_SINK {
    int Fd;
    int Failed;
} CRT_FD_SINK;

static void CrtFdSink(void *Context, const char *Chars, size_t Count)
{
    CRT_FD_SINK *Sink = Context;
    while (!Sink->Failed && Count != 0) {
        ssize_t Done = write(Sink->Fd, Chars, Count);
        if (Done < 0) {
            if (errno == EINTR) {
                continue;
            }
            Sink->Failed = 1;
            break;
        }
        Chars += Done;
        Count -= (size_t)Done;
    }
}

CRTAPI int vdprintf(int Fd, const char *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(CrtNotNull(Format), EINVAL, -1);
    CRT_FD_SINK Sink = { Fd, 0 };
    int Result = RtlpFormatToSinkV(CrtFdSink, &Sink, Format, Args);
    CRT_VALIDATE_RETURN(Result >= 0, EINVAL, -1);
    return Sink.Failed ? -1 : Result;
}

CRTAPI int dprintf(int Fd, const char *Format, ...)
    CRT_VA_FORWARD(int, Format, vdprintf(Fd, Format, Args))

CRTAPI int vasprintf(char **Result, const char *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(CrtNotNull(Result), EINVAL, -1);
    CRT_VALIDATE_RETURN(CrtNotNull(Format), EINVAL, -1);

    va_list Copy;
    va_copy(Copy, Args);
    int Length = RtlpFormatV(NULL, 0, Format, Copy);
    va_end(Copy);
    CRT_VALIDATE_RETURN(Length >= 0, EINVAL, -1);

    char *Text = malloc((size_t)Length + 1);
    if (Text == NULL) {
        errno = ENOMEM;
        return -1;
    }
    RtlpFormatV(Text, (size_t)Length + 1, Format, Args);
    *Result = Text;
    return Length;
}

CRTAPI int asprintf(char **Text, const char *Format, ...)
    CRT_VA_FORWARD(int, Format, vasprintf(Text, Format, Args))
