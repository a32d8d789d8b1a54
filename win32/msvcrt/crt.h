/*
 * msvcrt/crt.h - private header of ntio's application C runtime
 * (libmsvcrt.so): Microsoft's printf/scanf families, the wide-character
 * library on a 16-bit wchar_t, conio, and the program's start-up.
 *
 * The library sees the CRT headers as applications do (_NTIO_MSVCRT_), so
 * a function defined here under its standard name (wcslen, printf) gets
 * the assembler name the headers give it (ntio_crt_wcslen ...), and calls
 * between CRT functions reach ntio's versions.  glibc's own functions of
 * the same names are reached through the CrtGlibc* declarations below.
 */
#ifndef NTIO_MSVCRT_CRT_H
#define NTIO_MSVCRT_CRT_H

#define _NTIO_MSVCRT_ 1

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include <ntio/format.h>

#define CRTAPI __attribute__((visibility("default")))

/* ---- parameter validation (invarg.c) ---------------------------------- */

/* Calls the invalid-parameter handler (the default one ends the process). */
void CrtInvalidParameter(const char *Function);

/* Microsoft's _VALIDATE_RETURN: errno, the handler, then the error value. */
#define CRT_VALIDATE_RETURN(Expression, Errno, Result)                    \
    do {                                                                  \
        if (!(Expression)) {                                              \
            errno = (Errno);                                              \
            CrtInvalidParameter(__func__);                                \
            return (Result);                                              \
        }                                                                 \
    } while (0)

/*
 * Is the pointer non-NULL?  gcc's built-in declarations of printf, scanf
 * and friends promise non-NULL formats and streams, which would let it drop
 * the CRT's own checks of them; the empty asm hides the value.
 */
static inline int CrtNotNull(const void *Pointer)
{
    __asm__("" : "+r"(Pointer));
    return Pointer != NULL;
}

/*
 * The body of a variadic function that forwards to its va_list form: Last is
 * its last named parameter, Call the v-form's call (with Args).
 */
#define CRT_VA_FORWARD(Type, Last, Call)                                  \
    {                                                                     \
        va_list Args;                                                     \
        va_start(Args, Last);                                             \
        Type Result = Call;                                               \
        va_end(Args);                                                     \
        return Result;                                                    \
    }

/* Sets errno, calls the handler and evaluates to Errno (for errno_t returns). */
#define CRT_FAIL(Errno) (errno = (Errno), CrtInvalidParameter(__func__), (Errno))

/* ---- glibc's functions whose names the CRT headers take over -------------- */

extern FILE *CrtGlibcFopen(const char *Name, const char *Mode) __asm__("fopen");
extern FILE *CrtGlibcFreopen(const char *Name, const char *Mode, FILE *Stream)
    __asm__("freopen");
extern wint_t CrtGlibcTowupper(wint_t C) __asm__("towupper");
extern wint_t CrtGlibcTowlower(wint_t C) __asm__("towlower");
extern int CrtGlibcWcwidth(int C) __asm__("wcwidth");
extern size_t CrtGlibcStrftime(char *Buffer, size_t Size, const char *Format,
                               const struct tm *Tm) __asm__("strftime");

/* ---- UTF-8 / UTF-16 (wconv.c) ------------------------------------------ */

#define CRT_IS_HIGH_SURROGATE(c) ((c) >= 0xD800 && (c) <= 0xDBFF)
#define CRT_IS_LOW_SURROGATE(c) ((c) >= 0xDC00 && (c) <= 0xDFFF)
#define CRT_IS_SURROGATE(c) ((c) >= 0xD800 && (c) <= 0xDFFF)

/*
 * Decodes one UTF-8 sequence of at most Avail bytes.  Returns the bytes it
 * takes (1..4) and the code point; 0 if the bytes so far are a valid but
 * incomplete sequence; -1 (with *Bad set to the length of the ill-formed
 * prefix, at least 1) if they are ill-formed.  A NUL byte is a character.
 */
#include <ntio/utf8.h>
static inline int CrtUtf8Decode(const unsigned char *Bytes, size_t Avail, unsigned *CodePoint, size_t *Bad)
{
    return RtlpUtf8DecodeOne(Bytes, Avail, CodePoint, Bad);
}
/* Encodes a code point (not a surrogate) as UTF-8; returns 1..4. */
size_t CrtUtf8Encode(unsigned CodePoint, char *Out);

/*
 * Whole strings, for file names, arguments and the environment: a newly
 * allocated converted copy (free()), ill-formed input becoming U+FFFD, or
 * NULL when out of memory (errno ENOMEM).
 */
wchar_t *CrtUtf8ToWide(const char *Text);
char *CrtWideToUtf8(const wchar_t *Text);

/* ---- wide streams (wstdio.c) ------------------------------------------- */

/* Writes UTF-16 text to a byte stream as UTF-8; returns -1 on a write error. */
int CrtStreamPutWide(FILE *Stream, const wchar_t *Text, size_t Count);

#endif /* NTIO_MSVCRT_CRT_H */
