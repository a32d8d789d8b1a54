/*
 * ntio/format.h - ntio's printf-family formatter with Microsoft semantics.
 *
 * One engine (kernel/rtl/format.c) backs DbgPrint/KdPrint, the ntstrsafe
 * RtlStringCch*Printf* routines, the strsafe StringCch*Printf* routines and
 * the application CRT (win32/msvcrt: printf, sprintf, swprintf_s ...).
 * glibc's printf is never used for the formatting itself, because the
 * Microsoft rules differ:
 *
 *   size prefixes   hh h l(32-bit: LLP64) ll I32 I64 I(pointer size) j z t,
 *                   w (wide char/string), L (long double, for a e f g)
 *   %d %i %u %o %x %X   integers; %p = 16 upper-case hex digits, no "0x"
 *   %c %s           natural width of the formatter (narrow in RtlpFormatV,
 *                   WCHAR in RtlpFormatWV); %C %S the other width;
 *                   %hc %hs always narrow; %lc %ls %wc %ws always WCHAR
 *   %Z / %hZ        PANSI_STRING;  %wZ / %lZ  PUNICODE_STRING
 *                   (counted: Length is honoured, no terminator needed)
 *   %e %E %f %F %g %G %a %A   doubles; 2-digit minimum exponents;
 *                   inf, nan, nan(ind), nan(snan) (upper case for E F G A)
 *   %n              refused (Microsoft disables it by default): error
 *
 * NULL string pointers, and counted strings with a NULL Buffer, print
 * "(null)".  Narrow text is UTF-8: WCHAR strings written to narrow output
 * are converted from UTF-16 (a lone surrogate becomes U+FFFD), narrow
 * strings written to WCHAR output are converted from UTF-8 (an ill-formed
 * sequence becomes U+FFFD).  Width and precision of strings count
 * characters of the source string (WCHARs for WCHAR strings).  As in the
 * Microsoft CRT, the '0' flag pads strings and characters with zeros too.
 *
 * Invalid formats (an unknown conversion, a format that ends inside a
 * conversion, a second size prefix, a size prefix that makes no sense for
 * the conversion, %n) stop the formatting: the functions return -1.  The
 * output produced before the bad conversion stays in the buffer (still
 * NUL-terminated when Size > 0) or has been given to the sink.
 *
 * The engine keeps no global state, never allocates and may be called at
 * any IRQL and from any thread.
 */
#ifndef NTIO_FORMAT_H
#define NTIO_FORMAT_H

#include <stdarg.h>

#include <ntio/basetypes.h>
#include <ntio/ntdef.h>

NTIO_BEGIN_DECLS

/*
 * Like C vsnprintf: writes at most Size bytes including the terminating
 * NUL (when Size > 0 the result is always NUL-terminated) and returns the
 * number of chars the complete output needs, not counting the NUL, or -1
 * for an invalid format (or a result longer than INT_MAX).  Buffer may be
 * NULL only when Size is 0 (to measure).
 */
NTIO_EXPORT int RtlpFormatV(char *Buffer, size_t Size, const char *Format, va_list Args);

/*
 * The wide version: Count is in WCHARs, the return value counts WCHARs.
 * In wide formats %s and %c mean WCHAR (Microsoft's wprintf rule) and
 * %S, %hs, %C, %hc mean narrow.
 */
NTIO_EXPORT int RtlpFormatWV(WCHAR *Buffer, size_t Count, const WCHAR *Format, va_list Args);

/*
 * Streaming form for console and debug output, without a size limit: the
 * narrow output is handed to Sink in pieces (never NUL-terminated, never
 * empty).  Returns the total number of chars produced, or -1 as above.  A
 * NULL Sink only counts.
 */
typedef void (*RTLP_FORMAT_SINK)(void *Context, const char *Chars, size_t Count);

NTIO_EXPORT int RtlpFormatToSinkV(RTLP_FORMAT_SINK Sink, void *Context, const char *Format,
                                  va_list Args);

/*
 * The streaming form of the WCHAR formatter (wprintf, fwprintf): the
 * format and its %s/%c are WCHAR as in RtlpFormatWV, the output is handed
 * to Sink as UTF-8 (a surrogate pair split between two pieces of output is
 * joined; a lone surrogate becomes U+FFFD).  Returns the number of WCHARs
 * produced (what Microsoft's wprintf returns), or -1 as above.
 */
NTIO_EXPORT int RtlpFormatWToSinkV(RTLP_FORMAT_SINK Sink, void *Context, const WCHAR *Format,
                                   va_list Args);

/*
 * Like RtlpFormatV / RtlpFormatWV, but all Count units may receive output
 * and no terminator is ever written (Microsoft's _vsnprintf, counted
 * UNICODE_STRING output): at most Count units are stored, the return value
 * is the length of the complete output (or -1 for an invalid format).
 * Buffer may be NULL only when Count is 0.
 */
NTIO_EXPORT int RtlpFormatUnterminatedV(char *Buffer, size_t Count, const char *Format,
                                        va_list Args);
NTIO_EXPORT int RtlpFormatUnterminatedWV(WCHAR *Buffer, size_t Count, const WCHAR *Format,
                                         va_list Args);

NTIO_END_DECLS

#endif /* NTIO_FORMAT_H */
