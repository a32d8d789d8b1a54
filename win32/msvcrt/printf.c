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

/* Large enough for any result whose length fits an int: the unbounded sprintf. */
#define CRT_UNBOUNDED ((size_t)INT_MAX + 1)

typedef struct _CRT_FILE_SINK {
    FILE *Stream;
    int Failed;
} CRT_FILE_SINK;

static void CrtFileSink(void *Context, const char *Chars, size_t Count)
{
    CRT_FILE_SINK *Sink = Context;
    if (!Sink->Failed && fwrite_unlocked(Chars, 1, Count, Sink->Stream) != Count) {
        Sink->Failed = 1;
    }
}

/* ---- streams ---------------------------------------------------------- */

CRTAPI int vfprintf(FILE *Stream, const char *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(CrtNotNull(Stream), EINVAL, -1);
    CRT_VALIDATE_RETURN(CrtNotNull(Format), EINVAL, -1);

    CRT_FILE_SINK Sink = { Stream, 0 };
    flockfile(Stream);
    int Result = RtlpFormatToSinkV(CrtFileSink, &Sink, Format, Args);
    funlockfile(Stream);
    CRT_VALIDATE_RETURN(Result >= 0, EINVAL, -1);
    return Sink.Failed ? -1 : Result;
}

CRTAPI int fprintf(FILE *Stream, const char *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = vfprintf(Stream, Format, Args);
    va_end(Args);
    return Result;
}

CRTAPI int vprintf(const char *Format, va_list Args)
{
    return vfprintf(stdout, Format, Args);
}

CRTAPI int printf(const char *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = vfprintf(stdout, Format, Args);
    va_end(Args);
    return Result;
}

CRTAPI int vfprintf_s(FILE *Stream, const char *Format, va_list Args)
{
    return vfprintf(Stream, Format, Args);
}

CRTAPI int fprintf_s(FILE *Stream, const char *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = vfprintf(Stream, Format, Args);
    va_end(Args);
    return Result;
}

CRTAPI int vprintf_s(const char *Format, va_list Args)
{
    return vfprintf(stdout, Format, Args);
}

CRTAPI int printf_s(const char *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = vfprintf(stdout, Format, Args);
    va_end(Args);
    return Result;
}

/* ---- buffers ---------------------------------------------------------- */

CRTAPI int vsprintf(char *Buffer, const char *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(CrtNotNull(Format), EINVAL, -1);
    CRT_VALIDATE_RETURN(CrtNotNull(Buffer), EINVAL, -1);

    int Result = RtlpFormatV(Buffer, CRT_UNBOUNDED, Format, Args);
    if (Result < 0) {
        Buffer[0] = '\0';
        CRT_VALIDATE_RETURN(0, EINVAL, -1);
    }
    return Result;
}

CRTAPI int sprintf(char *Buffer, const char *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = vsprintf(Buffer, Format, Args);
    va_end(Args);
    return Result;
}

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
{
    va_list Args;
    va_start(Args, Format);
    int Result = vsnprintf(Buffer, Count, Format, Args);
    va_end(Args);
    return Result;
}

CRTAPI int _vsnprintf(char *Buffer, size_t Count, const char *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(CrtNotNull(Format), EINVAL, -1);
    CRT_VALIDATE_RETURN(Count == 0 || CrtNotNull(Buffer), EINVAL, -1);

    int Result = RtlpFormatUnterminatedV(Buffer, Count, Format, Args);
    if (Result < 0) {
        if (Count != 0) {
            Buffer[0] = '\0';
        }
        CRT_VALIDATE_RETURN(0, EINVAL, -1);
    }
    if (Buffer == NULL) {
        return Result;          /* measuring: Count is 0 */
    }
    if ((size_t)Result < Count) {
        Buffer[Result] = '\0';
        return Result;
    }
    return (size_t)Result == Count ? Result : -1;
}

CRTAPI int _snprintf(char *Buffer, size_t Count, const char *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = _vsnprintf(Buffer, Count, Format, Args);
    va_end(Args);
    return Result;
}

CRTAPI int vsprintf_s(char *Buffer, size_t Size, const char *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(CrtNotNull(Format), EINVAL, -1);
    CRT_VALIDATE_RETURN(Buffer != NULL && Size > 0, EINVAL, -1);

    int Result = RtlpFormatV(Buffer, Size, Format, Args);
    if (Result < 0) {
        Buffer[0] = '\0';
        CRT_VALIDATE_RETURN(0, EINVAL, -1);
    }
    if ((size_t)Result >= Size) {
        Buffer[0] = '\0';
        CRT_VALIDATE_RETURN(0, ERANGE, -1);
    }
    return Result;
}

CRTAPI int sprintf_s(char *Buffer, size_t Size, const char *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = vsprintf_s(Buffer, Size, Format, Args);
    va_end(Args);
    return Result;
}

CRTAPI int _vsnprintf_s(char *Buffer, size_t Size, size_t MaxCount, const char *Format,
                        va_list Args)
{
    CRT_VALIDATE_RETURN(CrtNotNull(Format), EINVAL, -1);
    if (MaxCount == 0 && Buffer == NULL && Size == 0) {
        return 0;               /* nothing asked, nothing done (Microsoft's rule) */
    }
    CRT_VALIDATE_RETURN(Buffer != NULL && Size > 0, EINVAL, -1);

    int Result;
    if (MaxCount < Size) {
        /* Room for MaxCount chars and the terminator: cut there, quietly. */
        Result = RtlpFormatV(Buffer, MaxCount + 1, Format, Args);
        if (Result >= 0 && (size_t)Result > MaxCount) {
            return -1;
        }
    } else {
        Result = RtlpFormatV(Buffer, Size, Format, Args);
        if (Result >= 0 && (size_t)Result >= Size) {
            if (MaxCount == _TRUNCATE) {
                return -1;      /* cut to Size - 1 chars, terminated */
            }
            Buffer[0] = '\0';
            CRT_VALIDATE_RETURN(0, ERANGE, -1);
        }
    }
    if (Result < 0) {
        Buffer[0] = '\0';
        CRT_VALIDATE_RETURN(0, EINVAL, -1);
    }
    return Result;
}

CRTAPI int _snprintf_s(char *Buffer, size_t Size, size_t MaxCount, const char *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = _vsnprintf_s(Buffer, Size, MaxCount, Format, Args);
    va_end(Args);
    return Result;
}

CRTAPI int _vscprintf(const char *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(CrtNotNull(Format), EINVAL, -1);
    int Result = RtlpFormatV(NULL, 0, Format, Args);
    CRT_VALIDATE_RETURN(Result >= 0, EINVAL, -1);
    return Result;
}

CRTAPI int _scprintf(const char *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = _vscprintf(Format, Args);
    va_end(Args);
    return Result;
}

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
{
    va_list Args;
    va_start(Args, Format);
    int Result = vdprintf(Fd, Format, Args);
    va_end(Args);
    return Result;
}

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

CRTAPI int asprintf(char **Result, const char *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Length = vasprintf(Result, Format, Args);
    va_end(Args);
    return Length;
}
