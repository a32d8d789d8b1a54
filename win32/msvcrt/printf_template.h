/*
 * msvcrt/printf_template.h - the printf functions whose narrow and wide
 * forms are the same but for the character type, written once.  Included
 * by printf.c and wprintf.c (no include guard) after defining:
 *   CRT_CH                          char or wchar_t
 *   CRT_PF(Pre, Post)               the function name Pre printf Post (or
 *                                   Pre wprintf Post): CRT_PF(vf, ) is
 *                                   vfprintf or vfwprintf
 *   CRT_FORMAT_V, CRT_FORMAT_UNTERMINATED_V, CRT_FORMAT_TO_SINK_V
 *                                   the engine's functions (ntio/format.h)
 *   CRT_UNBOUNDED_V, CRT_UNBOUNDED  the unbounded sprintf's names (vsprintf,
 *                                   sprintf / _vswprintf, _swprintf)
 * Stream output is UTF-8 in both (the engine converts wide text); the
 * results count CRT_CH units, as Microsoft's do.
 */

/* Large enough for any result whose length fits an int: the unbounded sprintf. */
#define CRT_UNBOUNDED_COUNT ((size_t)INT_MAX + 1)

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

CRTAPI int CRT_PF(vf, )(FILE *Stream, const CRT_CH *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(CrtNotNull(Stream), EINVAL, -1);
    CRT_VALIDATE_RETURN(CrtNotNull(Format), EINVAL, -1);

    CRT_FILE_SINK Sink = { Stream, 0 };
    flockfile(Stream);
    int Result = CRT_FORMAT_TO_SINK_V(CrtFileSink, &Sink, Format, Args);
    funlockfile(Stream);
    CRT_VALIDATE_RETURN(Result >= 0, EINVAL, -1);
    return Sink.Failed ? -1 : Result;
}

CRTAPI int CRT_PF(f, )(FILE *Stream, const CRT_CH *Format, ...)
    CRT_VA_FORWARD(int, Format, CRT_PF(vf, )(Stream, Format, Args))

CRTAPI int CRT_PF(v, )(const CRT_CH *Format, va_list Args)
{
    return CRT_PF(vf, )(stdout, Format, Args);
}

CRTAPI int CRT_PF(, )(const CRT_CH *Format, ...)
    CRT_VA_FORWARD(int, Format, CRT_PF(vf, )(stdout, Format, Args))

CRTAPI int CRT_PF(vf, _s)(FILE *Stream, const CRT_CH *Format, va_list Args)
{
    return CRT_PF(vf, )(Stream, Format, Args);
}

CRTAPI int CRT_PF(f, _s)(FILE *Stream, const CRT_CH *Format, ...)
    CRT_VA_FORWARD(int, Format, CRT_PF(vf, )(Stream, Format, Args))

CRTAPI int CRT_PF(v, _s)(const CRT_CH *Format, va_list Args)
{
    return CRT_PF(vf, )(stdout, Format, Args);
}

CRTAPI int CRT_PF(, _s)(const CRT_CH *Format, ...)
    CRT_VA_FORWARD(int, Format, CRT_PF(vf, )(stdout, Format, Args))

/* ---- buffers ---------------------------------------------------------- */

CRTAPI int CRT_UNBOUNDED_V(CRT_CH *Buffer, const CRT_CH *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(CrtNotNull(Format), EINVAL, -1);
    CRT_VALIDATE_RETURN(CrtNotNull(Buffer), EINVAL, -1);

    int Result = CRT_FORMAT_V(Buffer, CRT_UNBOUNDED_COUNT, Format, Args);
    if (Result < 0) {
        Buffer[0] = 0;
        CRT_VALIDATE_RETURN(0, EINVAL, -1);
    }
    return Result;
}

CRTAPI int CRT_UNBOUNDED(CRT_CH *Buffer, const CRT_CH *Format, ...)
    CRT_VA_FORWARD(int, Format, CRT_UNBOUNDED_V(Buffer, Format, Args))

/* Stores at most Count chars, terminated only if there is room; -1 when cut. */
CRTAPI int CRT_PF(_vsn, )(CRT_CH *Buffer, size_t Count, const CRT_CH *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(CrtNotNull(Format), EINVAL, -1);
    CRT_VALIDATE_RETURN(Count == 0 || CrtNotNull(Buffer), EINVAL, -1);

    int Result = CRT_FORMAT_UNTERMINATED_V(Buffer, Count, Format, Args);
    if (Result < 0) {
        if (Count != 0) {
            Buffer[0] = 0;
        }
        CRT_VALIDATE_RETURN(0, EINVAL, -1);
    }
    if (Buffer == NULL) {
        return Result;          /* measuring: Count is 0 */
    }
    if ((size_t)Result < Count) {
        Buffer[Result] = 0;
        return Result;
    }
    return (size_t)Result == Count ? Result : -1;
}

CRTAPI int CRT_PF(_sn, )(CRT_CH *Buffer, size_t Count, const CRT_CH *Format, ...)
    CRT_VA_FORWARD(int, Format, CRT_PF(_vsn, )(Buffer, Count, Format, Args))

CRTAPI int CRT_PF(vs, _s)(CRT_CH *Buffer, size_t Size, const CRT_CH *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(CrtNotNull(Format), EINVAL, -1);
    CRT_VALIDATE_RETURN(Buffer != NULL && Size > 0, EINVAL, -1);

    int Result = CRT_FORMAT_V(Buffer, Size, Format, Args);
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

CRTAPI int CRT_PF(s, _s)(CRT_CH *Buffer, size_t Size, const CRT_CH *Format, ...)
    CRT_VA_FORWARD(int, Format, CRT_PF(vs, _s)(Buffer, Size, Format, Args))

CRTAPI int CRT_PF(_vsn, _s)(CRT_CH *Buffer, size_t Size, size_t MaxCount, const CRT_CH *Format,
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
        Result = CRT_FORMAT_V(Buffer, MaxCount + 1, Format, Args);
        if (Result >= 0 && (size_t)Result > MaxCount) {
            return -1;
        }
    } else {
        Result = CRT_FORMAT_V(Buffer, Size, Format, Args);
        if (Result >= 0 && (size_t)Result >= Size) {
            if (MaxCount == _TRUNCATE) {
                return -1;      /* cut to Size - 1 chars, terminated */
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

CRTAPI int CRT_PF(_sn, _s)(CRT_CH *Buffer, size_t Size, size_t MaxCount, const CRT_CH *Format,
                           ...)
    CRT_VA_FORWARD(int, Format, CRT_PF(_vsn, _s)(Buffer, Size, MaxCount, Format, Args))

CRTAPI int CRT_PF(_vsc, )(const CRT_CH *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(CrtNotNull(Format), EINVAL, -1);
    int Result = CRT_FORMAT_V(NULL, 0, Format, Args);
    CRT_VALIDATE_RETURN(Result >= 0, EINVAL, -1);
    return Result;
}

CRTAPI int CRT_PF(_sc, )(const CRT_CH *Format, ...)
    CRT_VA_FORWARD(int, Format, CRT_PF(_vsc, )(Format, Args))
