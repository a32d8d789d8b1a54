/*
 * wchar.h - the wide-character library on the 16-bit wchar_t (UTF-16) of
 * ntio applications: wide strings, wide I/O, numeric conversions,
 * classification, the restartable UTF-8 <-> UTF-16 conversions and
 * Microsoft's additions.  Every function here is ntio's (win32/msvcrt);
 * glibc's, which assume a 32-bit wchar_t, are never reached (see
 * corecrt.h).  The multibyte code page is UTF-8.
 */
#if (defined(_NTIO_WIN32_) || defined(_NTIO_KERNEL_)) && !defined(_NTIO_MSVCRT_)
#include_next <wchar.h>
#else
#ifndef _NTIO_SDK_WCHAR_H
#define _NTIO_SDK_WCHAR_H
#pragma GCC system_header

#include <corecrt_wglibc.h>
#include <corecrt_wstring.h>
#include <corecrt_wstdio.h>
#include <corecrt_wstdlib.h>
#include <corecrt_wctype.h>
#include <corecrt_wconio.h>

__BEGIN_DECLS

/*
 * Restartable conversions between UTF-8 and UTF-16.  mbrtowc of a 4-byte
 * sequence returns 4 with the high surrogate and keeps the low one in the
 * state: the next call returns (size_t)-3 with it, consuming nothing (the
 * C11 mbrtoc16 rule).  wcrtomb of a high surrogate stores nothing and
 * returns 0, keeping it in the state until the low one comes.
 */
_CRTIMP wint_t btowc(int _Ch) _NTIO_CRT_AS_NTH(btowc);
_CRTIMP int wctob(wint_t _WCh) _NTIO_CRT_AS_NTH(wctob);
_CRTIMP int mbsinit(const mbstate_t *_State) _NTIO_CRT_AS_NTH(mbsinit) __attribute_pure__;
_CRTIMP size_t mbrtowc(wchar_t *__restrict _Dst, const char *__restrict _SrcCh,
                       size_t _SizeInBytes, mbstate_t *__restrict _State)
    _NTIO_CRT_AS_NTH(mbrtowc);
_CRTIMP size_t wcrtomb(char *__restrict _Dst, wchar_t _WCh, mbstate_t *__restrict _State)
    _NTIO_CRT_AS_NTH(wcrtomb);
_CRTIMP size_t mbrlen(const char *__restrict _Ch, size_t _SizeInBytes,
                      mbstate_t *__restrict _State) _NTIO_CRT_AS_NTH(mbrlen);
_CRTIMP size_t mbsrtowcs(wchar_t *__restrict _Dest, const char **__restrict _PSrc,
                         size_t _Count, mbstate_t *__restrict _State)
    _NTIO_CRT_AS_NTH(mbsrtowcs);
_CRTIMP size_t wcsrtombs(char *__restrict _Dest, const wchar_t **__restrict _PSource,
                         size_t _Count, mbstate_t *__restrict _State)
    _NTIO_CRT_AS_NTH(wcsrtombs);
#ifdef __USE_XOPEN2K8
_CRTIMP size_t mbsnrtowcs(wchar_t *__restrict _Dest, const char **__restrict _PSrc,
                          size_t _SrcCount, size_t _Count, mbstate_t *__restrict _State)
    _NTIO_CRT_AS_NTH(mbsnrtowcs);
_CRTIMP size_t wcsnrtombs(char *__restrict _Dest, const wchar_t **__restrict _PSource,
                          size_t _SrcCount, size_t _Count, mbstate_t *__restrict _State)
    _NTIO_CRT_AS_NTH(wcsnrtombs);
#endif
_CRTIMP errno_t mbsrtowcs_s(size_t *_Retval, wchar_t *_Dst, size_t _Size, const char **_PSrc,
                            size_t _N, mbstate_t *_State);
_CRTIMP errno_t wcsrtombs_s(size_t *_Retval, char *_Dst, size_t _Size, const wchar_t **_PSrc,
                            size_t _N, mbstate_t *_State);
_CRTIMP errno_t wcrtomb_s(size_t *_Retval, char *_Dst, size_t _SizeInBytes, wchar_t _Ch,
                          mbstate_t *_State);

/* Formats with strftime (the format and the result converted through UTF-8). */
_CRTIMP size_t wcsftime(wchar_t *__restrict _Buffer, size_t _SizeInWords,
                        const wchar_t *__restrict _Format, const struct tm *__restrict _Tm)
    _NTIO_CRT_AS_NTH(wcsftime);
#ifdef __USE_GNU
_NTIO_CRT_UNSUPPORTED(wcsftime_l) size_t wcsftime_l(wchar_t *, size_t, const wchar_t *,
                                                   const struct tm *, locale_t)
    _NTIO_CRT_AS_NTH(unsupported_wcsftime_l);
#endif
#ifdef __USE_XOPEN
/* Display columns (Unicode East Asian widths): 0, 1 or 2; -1 for a control character. */
_CRTIMP int wcwidth(wchar_t _C) _NTIO_CRT_AS_NTH(wcwidth);
_CRTIMP int wcswidth(const wchar_t *_String, size_t _Count) _NTIO_CRT_AS_NTH(wcswidth);
#endif

__END_DECLS

#endif /* _NTIO_SDK_WCHAR_H */
#endif
