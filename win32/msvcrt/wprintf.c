/*
 * msvcrt/wprintf.c - the wide printf family with Microsoft's semantics, on
 * the 16-bit wchar_t.  In a wide format %s and %c are wide, %S %hs %C %hc
 * narrow (UTF-8, converted).  Stream output is written as UTF-8 (the
 * engine's RtlpFormatWToSinkV) and the functions return the number of
 * wchar_t produced, as Microsoft's do.  Argument and return rules: see
 * printf.c; swprintf is ISO C's (terminated, -1 when cut).
 */
#include "crt.h"

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

CRTAPI int vfwprintf(FILE *Stream, const wchar_t *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(Stream != NULL, EINVAL, -1);
    CRT_VALIDATE_RETURN(Format != NULL, EINVAL, -1);

    CRT_FILE_SINK Sink = { Stream, 0 };
    flockfile(Stream);
    int Result = RtlpFormatWToSinkV(CrtFileSink, &Sink, Format, Args);
    funlockfile(Stream);
    CRT_VALIDATE_RETURN(Result >= 0, EINVAL, -1);
    return Sink.Failed ? -1 : Result;
}

CRTAPI int fwprintf(FILE *Stream, const wchar_t *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = vfwprintf(Stream, Format, Args);
    va_end(Args);
    return Result;
}

CRTAPI int vwprintf(const wchar_t *Format, va_list Args)
{
    return vfwprintf(stdout, Format, Args);
}

CRTAPI int wprintf(const wchar_t *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = vfwprintf(stdout, Format, Args);
    va_end(Args);
    return Result;
}

CRTAPI int vfwprintf_s(FILE *Stream, const wchar_t *Format, va_list Args)
{
    return vfwprintf(Stream, Format, Args);
}

CRTAPI int fwprintf_s(FILE *Stream, const wchar_t *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = vfwprintf(Stream, Format, Args);
    va_end(Args);
    return Result;
}

CRTAPI int vwprintf_s(const wchar_t *Format, va_list Args)
{
    return vfwprintf(stdout, Format, Args);
}

CRTAPI int wprintf_s(const wchar_t *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = vfwprintf(stdout, Format, Args);
    va_end(Args);
    return Result;
}

/* ---- buffers ---------------------------------------------------------- */

CRTAPI int vswprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(Format != NULL, EINVAL, -1);
    CRT_VALIDATE_RETURN(Count == 0 || Buffer != NULL, EINVAL, -1);

    int Result = RtlpFormatWV(Buffer, Count, Format, Args);
    if (Result < 0) {
        if (Count != 0) {
            Buffer[0] = 0;
        }
        CRT_VALIDATE_RETURN(0, EINVAL, -1);
    }
    /* ISO C: a result that needs Count or more characters is an error (the buffer keeps the cut text). */
    return (size_t)Result < Count ? Result : -1;
}

CRTAPI int swprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = vswprintf(Buffer, Count, Format, Args);
    va_end(Args);
    return Result;
}

CRTAPI int _vswprintf(wchar_t *Buffer, const wchar_t *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(Format != NULL, EINVAL, -1);
    CRT_VALIDATE_RETURN(Buffer != NULL, EINVAL, -1);

    int Result = RtlpFormatWV(Buffer, CRT_UNBOUNDED, Format, Args);
    if (Result < 0) {
        Buffer[0] = 0;
        CRT_VALIDATE_RETURN(0, EINVAL, -1);
    }
    return Result;
}

CRTAPI int _swprintf(wchar_t *Buffer, const wchar_t *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = _vswprintf(Buffer, Format, Args);
    va_end(Args);
    return Result;
}

CRTAPI int _vsnwprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(Format != NULL, EINVAL, -1);
    CRT_VALIDATE_RETURN(Count == 0 || Buffer != NULL, EINVAL, -1);

    int Result = RtlpFormatUnterminatedWV(Buffer, Count, Format, Args);
    if (Result < 0) {
        if (Count != 0) {
            Buffer[0] = 0;
        }
        CRT_VALIDATE_RETURN(0, EINVAL, -1);
    }
    if (Buffer == NULL) {
        return Result;
    }
    if ((size_t)Result < Count) {
        Buffer[Result] = 0;
        return Result;
    }
    return (size_t)Result == Count ? Result : -1;
}

CRTAPI int _snwprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = _vsnwprintf(Buffer, Count, Format, Args);
    va_end(Args);
    return Result;
}

CRTAPI int vswprintf_s(wchar_t *Buffer, size_t Size, const wchar_t *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(Format != NULL, EINVAL, -1);
    CRT_VALIDATE_RETURN(Buffer != NULL && Size > 0, EINVAL, -1);

    int Result = RtlpFormatWV(Buffer, Size, Format, Args);
    if (Result < 0) {
        Buffer[0] = 0;
        CRT_VALIDATE_RETURN(0, EINVAL, -1);
    }
    if ((size_t)Result >= Size) {
        Buffer[0] = 0;
        CRT_VALIDATE_RETURN(0, ERANGE, -1);
    }
    return Result;
}

CRTAPI int swprintf_s(wchar_t *Buffer, size_t Size, const wchar_t *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = vswprintf_s(Buffer, Size, Format, Args);
    va_end(Args);
    return Result;
}

CRTAPI int _vsnwprintf_s(wchar_t *Buffer, size_t Size, size_t MaxCount, const wchar_t *Format,
                         va_list Args)
{
    CRT_VALIDATE_RETURN(Format != NULL, EINVAL, -1);
    if (MaxCount == 0 && Buffer == NULL && Size == 0) {
        return 0;
    }
    CRT_VALIDATE_RETURN(Buffer != NULL && Size > 0, EINVAL, -1);

    int Result;
    if (MaxCount < Size) {
        Result = RtlpFormatWV(Buffer, MaxCount + 1, Format, Args);
        if (Result >= 0 && (size_t)Result > MaxCount) {
            return -1;
        }
    } else {
        Result = RtlpFormatWV(Buffer, Size, Format, Args);
        if (Result >= 0 && (size_t)Result >= Size) {
            if (MaxCount == _TRUNCATE) {
                return -1;
            }
            Buffer[0] = 0;
            CRT_VALIDATE_RETURN(0, ERANGE, -1);
        }
    }
    if (Result < 0) {
        Buffer[0] = 0;
        CRT_VALIDATE_RETURN(0, EINVAL, -1);
    }
    return Result;
}

CRTAPI int _snwprintf_s(wchar_t *Buffer, size_t Size, size_t MaxCount, const wchar_t *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = _vsnwprintf_s(Buffer, Size, MaxCount, Format, Args);
    va_end(Args);
    return Result;
}

CRTAPI int _vscwprintf(const wchar_t *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(Format != NULL, EINVAL, -1);
    int Result = RtlpFormatWV(NULL, 0, Format, Args);
    CRT_VALIDATE_RETURN(Result >= 0, EINVAL, -1);
    return Result;
}

CRTAPI int _scwprintf(const wchar_t *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = _vscwprintf(Format, Args);
    va_end(Args);
    return Result;
}
