/*
 * rtl/nls.h - code page conversion.  ntio's ANSI code page is UTF-8 (the
 * Windows "Beta: use Unicode UTF-8" setting), so narrow strings round-trip
 * with Linux file names and terminals.
 */
#ifndef NTIO_RTL_NLS_H
#define NTIO_RTL_NLS_H

#include <ntio/basetypes.h>

NTIO_BEGIN_DECLS
/* Convert; return the number of units the full result needs (no NUL added
 * unless it is part of the input).  Invalid input becomes U+FFFD. */
NTIO_EXPORT SIZE_T RtlpUtf16ToUtf8(char *Dst, SIZE_T DstBytes, const WCHAR *Src, SIZE_T SrcChars);
NTIO_EXPORT SIZE_T RtlpUtf8ToUtf16(WCHAR *Dst, SIZE_T DstChars, const char *Src, SIZE_T SrcBytes);
NTIO_EXPORT SIZE_T RtlpWcslen(const WCHAR *s);
NTIO_END_DECLS

#endif
