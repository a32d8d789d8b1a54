/*
 * msvcrt/wprintf.c - the wide printf family with Microsoft's semantics, on
 * the 16-bit wchar_t.  In a wide format %s and %c are wide, %S %hs %C %hc
 * narrow (UTF-8, converted).  Stream output is written as UTF-8 (the
 * engine's RtlpFormatWToSinkV) and the functions return the number of
 * wchar_t produced, as Microsoft's do.  Argument and return rules: see
 * printf.c; swprintf is ISO C's (terminated, -1 when cut).
 */
#include "crt.h"

#define CRT_CH wchar_t
#define CRT_PF(Pre, Post) Pre##wprintf##Post
#define CRT_FORMAT_V RtlpFormatWV
#define CRT_FORMAT_UNTERMINATED_V RtlpFormatUnterminatedWV
#define CRT_FORMAT_TO_SINK_V RtlpFormatWToSinkV
#define CRT_UNBOUNDED_V _vswprintf
#define CRT_UNBOUNDED _swprintf
#include "printf_template.h"

/* ISO C's swprintf: terminated, -1 when cut. */
CRTAPI int vswprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format, va_list Args)
{
    CRT_VALIDATE_RETURN(CrtNotNull(Format), EINVAL, -1);
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
    CRT_VA_FORWARD(int, Format, vswprintf(Buffer, Count, Format, Args))
