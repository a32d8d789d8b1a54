/*
 * corecrt_wstring.h - the wide-string functions (Microsoft declares them in
 * both <string.h> and <wchar.h>), on the 16-bit wchar_t of ntio
 * applications.  Implemented in win32/msvcrt/wstring.c.
 */
#ifndef _NTIO_CORECRT_WSTRING_H
#define _NTIO_CORECRT_WSTRING_H
#pragma GCC system_header

#include <corecrt_wglibc.h>

__BEGIN_DECLS

/* ---- ISO C -------------------------------------------------------------- */

_CRTIMP size_t wcslen(const wchar_t *_String) _NTIO_CRT_AS_NTH(wcslen) __attribute_pure__;
_CRTIMP size_t wcsnlen(const wchar_t *_Source, size_t _MaxCount) _NTIO_CRT_AS_NTH(wcsnlen)
    __attribute_pure__;
_CRTIMP wchar_t *wcscpy(wchar_t *__restrict _Destination, const wchar_t *__restrict _Source)
    _NTIO_CRT_AS_NTH(wcscpy);
_CRTIMP wchar_t *wcsncpy(wchar_t *__restrict _Destination, const wchar_t *__restrict _Source,
                         size_t _Count) _NTIO_CRT_AS_NTH(wcsncpy);
_CRTIMP wchar_t *wcscat(wchar_t *__restrict _Destination, const wchar_t *__restrict _Source)
    _NTIO_CRT_AS_NTH(wcscat);
_CRTIMP wchar_t *wcsncat(wchar_t *__restrict _Destination, const wchar_t *__restrict _Source,
                         size_t _Count) _NTIO_CRT_AS_NTH(wcsncat);
_CRTIMP int wcscmp(const wchar_t *_String1, const wchar_t *_String2) _NTIO_CRT_AS_NTH(wcscmp)
    __attribute_pure__;
_CRTIMP int wcsncmp(const wchar_t *_String1, const wchar_t *_String2, size_t _MaxCount)
    _NTIO_CRT_AS_NTH(wcsncmp) __attribute_pure__;
/* Collation is by code unit (the "C" locale's rule). */
_CRTIMP int wcscoll(const wchar_t *_String1, const wchar_t *_String2) _NTIO_CRT_AS_NTH(wcscoll)
    __attribute_pure__;
_CRTIMP size_t wcsxfrm(wchar_t *__restrict _Destination, const wchar_t *__restrict _Source,
                       size_t _MaxCount) _NTIO_CRT_AS_NTH(wcsxfrm);
_CRTIMP size_t wcscspn(const wchar_t *_String, const wchar_t *_Control) _NTIO_CRT_AS_NTH(wcscspn)
    __attribute_pure__;
_CRTIMP size_t wcsspn(const wchar_t *_String, const wchar_t *_Control) _NTIO_CRT_AS_NTH(wcsspn)
    __attribute_pure__;
/* ISO C's wcstok (Microsoft's since Visual Studio 2015): the context is the third argument. */
_CRTIMP wchar_t *wcstok(wchar_t *__restrict _String, const wchar_t *__restrict _Delimiter,
                        wchar_t **__restrict _Context) _NTIO_CRT_AS_NTH(wcstok);

#ifdef __CORRECT_ISO_CPP_WCHAR_H_PROTO
/* C++: the const-correct overloads (as glibc and Microsoft declare them). */
extern "C++" {
_CRTIMP wchar_t *wcschr(wchar_t *_String, wchar_t _C) _NTIO_CRT_AS_NTH(wcschr) __attribute_pure__;
_CRTIMP const wchar_t *wcschr(const wchar_t *_String, wchar_t _C) _NTIO_CRT_AS_NTH(wcschr)
    __attribute_pure__;
_CRTIMP wchar_t *wcsrchr(wchar_t *_String, wchar_t _C) _NTIO_CRT_AS_NTH(wcsrchr) __attribute_pure__;
_CRTIMP const wchar_t *wcsrchr(const wchar_t *_String, wchar_t _C) _NTIO_CRT_AS_NTH(wcsrchr)
    __attribute_pure__;
_CRTIMP wchar_t *wcspbrk(wchar_t *_String, const wchar_t *_Control) _NTIO_CRT_AS_NTH(wcspbrk)
    __attribute_pure__;
_CRTIMP const wchar_t *wcspbrk(const wchar_t *_String, const wchar_t *_Control)
    _NTIO_CRT_AS_NTH(wcspbrk) __attribute_pure__;
_CRTIMP wchar_t *wcsstr(wchar_t *_String, const wchar_t *_SubString) _NTIO_CRT_AS_NTH(wcsstr)
    __attribute_pure__;
_CRTIMP const wchar_t *wcsstr(const wchar_t *_String, const wchar_t *_SubString)
    _NTIO_CRT_AS_NTH(wcsstr) __attribute_pure__;
_CRTIMP wchar_t *wmemchr(wchar_t *_Buffer, wchar_t _C, size_t _N) _NTIO_CRT_AS_NTH(wmemchr)
    __attribute_pure__;
_CRTIMP const wchar_t *wmemchr(const wchar_t *_Buffer, wchar_t _C, size_t _N)
    _NTIO_CRT_AS_NTH(wmemchr) __attribute_pure__;
}
#else
_CRTIMP wchar_t *wcschr(const wchar_t *_String, wchar_t _C) _NTIO_CRT_AS_NTH(wcschr)
    __attribute_pure__;
_CRTIMP wchar_t *wcsrchr(const wchar_t *_String, wchar_t _C) _NTIO_CRT_AS_NTH(wcsrchr)
    __attribute_pure__;
_CRTIMP wchar_t *wcspbrk(const wchar_t *_String, const wchar_t *_Control)
    _NTIO_CRT_AS_NTH(wcspbrk) __attribute_pure__;
_CRTIMP wchar_t *wcsstr(const wchar_t *_String, const wchar_t *_SubString)
    _NTIO_CRT_AS_NTH(wcsstr) __attribute_pure__;
_CRTIMP wchar_t *wmemchr(const wchar_t *_Buffer, wchar_t _C, size_t _N) _NTIO_CRT_AS_NTH(wmemchr)
    __attribute_pure__;
#endif

_CRTIMP int wmemcmp(const wchar_t *_Buffer1, const wchar_t *_Buffer2, size_t _N)
    _NTIO_CRT_AS_NTH(wmemcmp) __attribute_pure__;
_CRTIMP wchar_t *wmemcpy(wchar_t *__restrict _Destination, const wchar_t *__restrict _Source,
                         size_t _N) _NTIO_CRT_AS_NTH(wmemcpy);
_CRTIMP wchar_t *wmemmove(wchar_t *_Destination, const wchar_t *_Source, size_t _N)
    _NTIO_CRT_AS_NTH(wmemmove);
_CRTIMP wchar_t *wmemset(wchar_t *_Destination, wchar_t _Value, size_t _N)
    _NTIO_CRT_AS_NTH(wmemset);

/* ---- POSIX and GNU names ------------------------------------------------ */

_CRTIMP wchar_t *wcsdup(const wchar_t *_String) _NTIO_CRT_AS_NTHNL(wcsdup) __attribute_malloc__;
_CRTIMP int wcscasecmp(const wchar_t *_String1, const wchar_t *_String2)
    _NTIO_CRT_AS_NTHNL(wcscasecmp) __attribute_pure__;
_CRTIMP int wcsncasecmp(const wchar_t *_String1, const wchar_t *_String2, size_t _MaxCount)
    _NTIO_CRT_AS_NTHNL(wcsncasecmp) __attribute_pure__;
_CRTIMP wchar_t *wcpcpy(wchar_t *__restrict _Destination, const wchar_t *__restrict _Source)
    _NTIO_CRT_AS_NTH(wcpcpy);
_CRTIMP wchar_t *wcpncpy(wchar_t *__restrict _Destination, const wchar_t *__restrict _Source,
                         size_t _Count) _NTIO_CRT_AS_NTH(wcpncpy);
_CRTIMP wchar_t *wcschrnul(const wchar_t *_String, wchar_t _C) _NTIO_CRT_AS_NTH(wcschrnul)
    __attribute_pure__;
_CRTIMP wchar_t *wcswcs(const wchar_t *_String, const wchar_t *_SubString)
    _NTIO_CRT_AS_NTH(wcsstr) __attribute_pure__;
_CRTIMP wchar_t *wmempcpy(wchar_t *__restrict _Destination, const wchar_t *__restrict _Source,
                          size_t _N) _NTIO_CRT_AS_NTH(wmempcpy);

#ifdef __USE_XOPEN2K8
_NTIO_CRT_UNSUPPORTED(wcscasecmp_l) int wcscasecmp_l(const wchar_t *, const wchar_t *, locale_t)
    _NTIO_CRT_AS_NTH(unsupported_wcscasecmp_l);
_NTIO_CRT_UNSUPPORTED(wcsncasecmp_l) int wcsncasecmp_l(const wchar_t *, const wchar_t *, size_t,
                                                      locale_t)
    _NTIO_CRT_AS_NTH(unsupported_wcsncasecmp_l);
_NTIO_CRT_UNSUPPORTED(wcscoll_l) int wcscoll_l(const wchar_t *, const wchar_t *, locale_t)
    _NTIO_CRT_AS_NTH(unsupported_wcscoll_l);
_NTIO_CRT_UNSUPPORTED(wcsxfrm_l) size_t wcsxfrm_l(wchar_t *, const wchar_t *, size_t, locale_t)
    _NTIO_CRT_AS_NTH(unsupported_wcsxfrm_l);
#endif

/* ---- Microsoft ---------------------------------------------------------- */

_CRTIMP wchar_t *_wcsdup(const wchar_t *_String) _NTIO_CRT_AS_NTHNL(wcsdup) __attribute_malloc__;
/* Case-insensitive comparisons fold with towlower (ASCII only in the "C" locale, as Microsoft's). */
_CRTIMP int _wcsicmp(const wchar_t *_String1, const wchar_t *_String2) __attribute_pure__;
_CRTIMP int _wcsnicmp(const wchar_t *_String1, const wchar_t *_String2, size_t _MaxCount)
    __attribute_pure__;
_CRTIMP int _wcsicoll(const wchar_t *_String1, const wchar_t *_String2)
    _NTIO_CRT_ALIAS("_wcsicmp") __attribute_pure__;
_CRTIMP int _wcsnicoll(const wchar_t *_String1, const wchar_t *_String2, size_t _MaxCount)
    _NTIO_CRT_ALIAS("_wcsnicmp") __attribute_pure__;
_CRTIMP int _wcsncoll(const wchar_t *_String1, const wchar_t *_String2, size_t _MaxCount)
    _NTIO_CRT_AS(wcsncmp) __attribute_pure__;
_CRTIMP wchar_t *_wcslwr(wchar_t *_String);
_CRTIMP wchar_t *_wcsupr(wchar_t *_String);
_CRTIMP errno_t _wcslwr_s(wchar_t *_String, size_t _SizeInWords);
_CRTIMP errno_t _wcsupr_s(wchar_t *_String, size_t _SizeInWords);
_CRTIMP wchar_t *_wcsrev(wchar_t *_String);
_CRTIMP wchar_t *_wcsset(wchar_t *_String, wchar_t _Value);
_CRTIMP wchar_t *_wcsnset(wchar_t *_String, wchar_t _Value, size_t _MaxCount);

/*
 * The bounds-checked functions.  On a NULL pointer or a zero size they call
 * the invalid-parameter handler and return EINVAL; when the result does not
 * fit they set the destination to "" (when it is valid), call the handler
 * and return ERANGE; with _TRUNCATE as count they store what fits and
 * return STRUNCATE.
 */
_CRTIMP errno_t wcscpy_s(wchar_t *_Destination, rsize_t _SizeInWords, const wchar_t *_Source);
_CRTIMP errno_t wcsncpy_s(wchar_t *_Destination, rsize_t _SizeInWords, const wchar_t *_Source,
                          rsize_t _MaxCount);
_CRTIMP errno_t wcscat_s(wchar_t *_Destination, rsize_t _SizeInWords, const wchar_t *_Source);
_CRTIMP errno_t wcsncat_s(wchar_t *_Destination, rsize_t _SizeInWords, const wchar_t *_Source,
                          rsize_t _MaxCount);
_CRTIMP size_t wcsnlen_s(const wchar_t *_Source, size_t _MaxCount) __attribute_pure__;
_CRTIMP wchar_t *wcstok_s(wchar_t *_String, const wchar_t *_Delimiter, wchar_t **_Context);
/* The two-argument wcstok of old Microsoft CRTs (the context is per thread). */
_CRTIMP wchar_t *_wcstok(wchar_t *_String, const wchar_t *_Delimiter);
_CRTIMP errno_t wmemcpy_s(wchar_t *_Destination, rsize_t _DestinationSize,
                          const wchar_t *_Source, rsize_t _SourceSize);
_CRTIMP errno_t wmemmove_s(wchar_t *_Destination, rsize_t _DestinationSize,
                           const wchar_t *_Source, rsize_t _SourceSize);

/* The old names without the underscore. */
_CRTIMP int wcsicmp(const wchar_t *_String1, const wchar_t *_String2)
    _NTIO_CRT_ALIAS("_wcsicmp") __attribute_pure__;
_CRTIMP int wcsnicmp(const wchar_t *_String1, const wchar_t *_String2, size_t _MaxCount)
    _NTIO_CRT_ALIAS("_wcsnicmp") __attribute_pure__;
_CRTIMP int wcsicoll(const wchar_t *_String1, const wchar_t *_String2)
    _NTIO_CRT_ALIAS("_wcsicmp") __attribute_pure__;
_CRTIMP wchar_t *wcslwr(wchar_t *_String) _NTIO_CRT_ALIAS("_wcslwr");
_CRTIMP wchar_t *wcsupr(wchar_t *_String) _NTIO_CRT_ALIAS("_wcsupr");
_CRTIMP wchar_t *wcsrev(wchar_t *_String) _NTIO_CRT_ALIAS("_wcsrev");
_CRTIMP wchar_t *wcsset(wchar_t *_String, wchar_t _Value) _NTIO_CRT_ALIAS("_wcsset");
_CRTIMP wchar_t *wcsnset(wchar_t *_String, wchar_t _Value, size_t _MaxCount)
    _NTIO_CRT_ALIAS("_wcsnset");

__END_DECLS

#ifdef __cplusplus
/* The C++ overloads that take the destination's size from its array type. */
extern "C++" {
_NTIO_CPP_ARRAY_0_1(errno_t, wcscpy_s, wchar_t, _Destination, const wchar_t *, _Source)
_NTIO_CPP_ARRAY_0_2(errno_t, wcsncpy_s, wchar_t, _Destination, const wchar_t *, _Source, size_t,
                    _Count)
_NTIO_CPP_ARRAY_0_1(errno_t, wcscat_s, wchar_t, _Destination, const wchar_t *, _Source)
_NTIO_CPP_ARRAY_0_2(errno_t, wcsncat_s, wchar_t, _Destination, const wchar_t *, _Source, size_t,
                    _Count)
_NTIO_CPP_ARRAY_0_0(errno_t, _wcslwr_s, wchar_t, _String)
_NTIO_CPP_ARRAY_0_0(errno_t, _wcsupr_s, wchar_t, _String)
}
#endif

#endif /* _NTIO_CORECRT_WSTRING_H */
