/*
 * corecrt_wstdio.h - wide-character I/O and formatting (Microsoft declares
 * it in both <stdio.h> and <wchar.h>).  Implemented in win32/msvcrt
 * (wprintf.c, wscanf.c via scanf.c, wstdio.c).
 *
 * Streams stay byte streams: wide output is written to the FILE as UTF-8,
 * wide input is read from it as UTF-8 (an ill-formed sequence reads as
 * U+FFFD), so narrow and wide calls can be mixed on one stream and fwide()
 * never changes a stream's orientation.  %s and %c in a wide format are
 * wide (Microsoft's rule), %S and %hs narrow.
 */
#ifndef _NTIO_CORECRT_WSTDIO_H
#define _NTIO_CORECRT_WSTDIO_H
#pragma GCC system_header

#include <stdio.h>
#include <corecrt_wglibc.h>

__BEGIN_DECLS

/* ---- ISO C -------------------------------------------------------------- */

_CRTIMP int wprintf(const wchar_t *__restrict _Format, ...) _NTIO_CRT_AS(wprintf);
_CRTIMP int fwprintf(FILE *__restrict _Stream, const wchar_t *__restrict _Format, ...)
    _NTIO_CRT_AS(fwprintf);
/*
 * ISO C's swprintf (Microsoft's since Visual Studio 2015): at most
 * _BufferCount wide characters including the terminator; when the result
 * does not fit it is truncated, still terminated, and -1 is returned.
 */
_CRTIMP int swprintf(wchar_t *__restrict _Buffer, size_t _BufferCount,
                     const wchar_t *__restrict _Format, ...) _NTIO_CRT_AS_NTHNL(swprintf);
_CRTIMP int vwprintf(const wchar_t *__restrict _Format, va_list _ArgList) _NTIO_CRT_AS(vwprintf);
_CRTIMP int vfwprintf(FILE *__restrict _Stream, const wchar_t *__restrict _Format,
                      va_list _ArgList) _NTIO_CRT_AS(vfwprintf);
_CRTIMP int vswprintf(wchar_t *__restrict _Buffer, size_t _BufferCount,
                      const wchar_t *__restrict _Format, va_list _ArgList)
    _NTIO_CRT_AS_NTHNL(vswprintf);

_CRTIMP int wscanf(const wchar_t *__restrict _Format, ...) _NTIO_CRT_AS(wscanf);
_CRTIMP int fwscanf(FILE *__restrict _Stream, const wchar_t *__restrict _Format, ...)
    _NTIO_CRT_AS(fwscanf);
_CRTIMP int swscanf(const wchar_t *__restrict _Buffer, const wchar_t *__restrict _Format, ...)
    _NTIO_CRT_AS_NTHNL(swscanf);
_CRTIMP int vwscanf(const wchar_t *__restrict _Format, va_list _ArgList) _NTIO_CRT_AS(vwscanf);
_CRTIMP int vfwscanf(FILE *__restrict _Stream, const wchar_t *__restrict _Format,
                     va_list _ArgList) _NTIO_CRT_AS(vfwscanf);
_CRTIMP int vswscanf(const wchar_t *__restrict _Buffer, const wchar_t *__restrict _Format,
                     va_list _ArgList) _NTIO_CRT_AS_NTHNL(vswscanf);

_CRTIMP wint_t fgetwc(FILE *_Stream) _NTIO_CRT_AS(fgetwc);
_CRTIMP wint_t getwc(FILE *_Stream) _NTIO_CRT_AS(fgetwc);
_CRTIMP wint_t getwchar(void) _NTIO_CRT_AS(getwchar);
_CRTIMP wint_t fputwc(wchar_t _Character, FILE *_Stream) _NTIO_CRT_AS(fputwc);
_CRTIMP wint_t putwc(wchar_t _Character, FILE *_Stream) _NTIO_CRT_AS(fputwc);
_CRTIMP wint_t putwchar(wchar_t _Character) _NTIO_CRT_AS(putwchar);
_CRTIMP wint_t ungetwc(wint_t _Character, FILE *_Stream) _NTIO_CRT_AS(ungetwc);
_CRTIMP wchar_t *fgetws(wchar_t *__restrict _Buffer, int _BufferCount, FILE *__restrict _Stream)
    _NTIO_CRT_AS(fgetws);
_CRTIMP int fputws(const wchar_t *__restrict _Buffer, FILE *__restrict _Stream)
    _NTIO_CRT_AS(fputws);
/* Streams keep no orientation: fwide reports 0 and changes nothing. */
_CRTIMP int fwide(FILE *_Stream, int _Mode) _NTIO_CRT_AS_NTH(fwide);

#ifdef __USE_GNU
_CRTIMP wint_t fgetwc_unlocked(FILE *_Stream) _NTIO_CRT_AS(fgetwc);
_CRTIMP wint_t getwc_unlocked(FILE *_Stream) _NTIO_CRT_AS(fgetwc);
_CRTIMP wint_t getwchar_unlocked(void) _NTIO_CRT_AS(getwchar);
_CRTIMP wint_t fputwc_unlocked(wchar_t _Character, FILE *_Stream) _NTIO_CRT_AS(fputwc);
_CRTIMP wint_t putwc_unlocked(wchar_t _Character, FILE *_Stream) _NTIO_CRT_AS(fputwc);
_CRTIMP wint_t putwchar_unlocked(wchar_t _Character) _NTIO_CRT_AS(putwchar);
_CRTIMP wchar_t *fgetws_unlocked(wchar_t *__restrict _Buffer, int _BufferCount,
                                 FILE *__restrict _Stream) _NTIO_CRT_AS(fgetws);
_CRTIMP int fputws_unlocked(const wchar_t *__restrict _Buffer, FILE *__restrict _Stream)
    _NTIO_CRT_AS(fputws);
#endif
#ifdef __USE_XOPEN2K8
_NTIO_CRT_UNSUPPORTED(open_wmemstream) FILE *open_wmemstream(wchar_t **, size_t *)
    _NTIO_CRT_AS_NTH(unsupported_open_wmemstream);
#endif

/* ---- Microsoft ---------------------------------------------------------- */

/*
 * _snwprintf / _vsnwprintf: at most _BufferCount characters; a result of
 * exactly _BufferCount characters is stored without a terminator and its
 * length returned; a longer one is stored truncated, unterminated, and -1
 * is returned.
 */
_CRTIMP int _snwprintf(wchar_t *_Buffer, size_t _BufferCount, const wchar_t *_Format, ...);
_CRTIMP int _vsnwprintf(wchar_t *_Buffer, size_t _BufferCount, const wchar_t *_Format,
                        va_list _ArgList);
/* The pre-ISO swprintf without a count (Microsoft's _swprintf). */
_CRTIMP int _swprintf(wchar_t *_Buffer, const wchar_t *_Format, ...);
_CRTIMP int _vswprintf(wchar_t *_Buffer, const wchar_t *_Format, va_list _ArgList);
/*
 * swprintf_s: a result that does not fit is an invalid parameter (ERANGE,
 * the buffer becomes "", -1).  _snwprintf_s: stores at most _MaxCount
 * characters; with _TRUNCATE or a _MaxCount below the length it stores what
 * fits, terminated, and returns -1; if the result and its terminator do
 * not fit _BufferCount it is an invalid parameter (ERANGE).
 */
_CRTIMP int swprintf_s(wchar_t *_Buffer, size_t _BufferCount, const wchar_t *_Format, ...);
_CRTIMP int vswprintf_s(wchar_t *_Buffer, size_t _BufferCount, const wchar_t *_Format,
                        va_list _ArgList);
_CRTIMP int _snwprintf_s(wchar_t *_Buffer, size_t _BufferCount, size_t _MaxCount,
                         const wchar_t *_Format, ...);
_CRTIMP int _vsnwprintf_s(wchar_t *_Buffer, size_t _BufferCount, size_t _MaxCount,
                          const wchar_t *_Format, va_list _ArgList);
_CRTIMP int _scwprintf(const wchar_t *_Format, ...);
_CRTIMP int _vscwprintf(const wchar_t *_Format, va_list _ArgList);
_CRTIMP int wprintf_s(const wchar_t *_Format, ...);
_CRTIMP int vwprintf_s(const wchar_t *_Format, va_list _ArgList);
_CRTIMP int fwprintf_s(FILE *_Stream, const wchar_t *_Format, ...);
_CRTIMP int vfwprintf_s(FILE *_Stream, const wchar_t *_Format, va_list _ArgList);

/* The _s scanf functions take a buffer size after each %s %c %[ argument. */
_CRTIMP int wscanf_s(const wchar_t *_Format, ...);
_CRTIMP int fwscanf_s(FILE *_Stream, const wchar_t *_Format, ...);
_CRTIMP int swscanf_s(const wchar_t *_Buffer, const wchar_t *_Format, ...);
_CRTIMP int vwscanf_s(const wchar_t *_Format, va_list _ArgList);
_CRTIMP int vfwscanf_s(FILE *_Stream, const wchar_t *_Format, va_list _ArgList);
_CRTIMP int vswscanf_s(const wchar_t *_Buffer, const wchar_t *_Format, va_list _ArgList);
_CRTIMP int _snwscanf(const wchar_t *_Buffer, size_t _BufferCount, const wchar_t *_Format, ...);
_CRTIMP int _snwscanf_s(const wchar_t *_Buffer, size_t _BufferCount, const wchar_t *_Format,
                        ...);

_CRTIMP int _putws(const wchar_t *_Buffer);
_CRTIMP wint_t _fgetwchar(void) _NTIO_CRT_AS(getwchar);
_CRTIMP wint_t _fputwchar(wchar_t _Character) _NTIO_CRT_AS(putwchar);
_CRTIMP wint_t _fgetwc_nolock(FILE *_Stream) _NTIO_CRT_AS(fgetwc);
_CRTIMP wint_t _fputwc_nolock(wchar_t _Character, FILE *_Stream) _NTIO_CRT_AS(fputwc);
_CRTIMP wint_t _getwc_nolock(FILE *_Stream) _NTIO_CRT_AS(fgetwc);
_CRTIMP wint_t _putwc_nolock(wchar_t _Character, FILE *_Stream) _NTIO_CRT_AS(fputwc);
_CRTIMP wint_t _ungetwc_nolock(wint_t _Character, FILE *_Stream) _NTIO_CRT_AS(ungetwc);

/* File names are converted from UTF-16 to UTF-8 (the names Linux sees). */
_CRTIMP FILE *_wfopen(const wchar_t *_FileName, const wchar_t *_Mode);
_CRTIMP errno_t _wfopen_s(FILE **_Stream, const wchar_t *_FileName, const wchar_t *_Mode);
_CRTIMP FILE *_wfreopen(const wchar_t *_FileName, const wchar_t *_Mode, FILE *_Stream);
_CRTIMP FILE *_wfdopen(int _FileHandle, const wchar_t *_Mode);
_CRTIMP int _wremove(const wchar_t *_FileName);
_CRTIMP int _wrename(const wchar_t *_OldFileName, const wchar_t *_NewFileName);
_CRTIMP void _wperror(const wchar_t *_ErrorMessage);

__END_DECLS

#ifdef __cplusplus
extern "C++" {
_NTIO_CPP_ARRAY_PRINTF_0(swprintf_s, vswprintf_s, wchar_t)
_NTIO_CPP_ARRAY_PRINTF_1(_snwprintf_s, _vsnwprintf_s, wchar_t, size_t, _MaxCount)
}
#endif

#endif /* _NTIO_CORECRT_WSTDIO_H */
