/*
 * corecrt_wstdlib.h - wide-string numeric conversions (Microsoft declares
 * them in both <stdlib.h> and <wchar.h>).  Implemented in
 * win32/msvcrt/wstdlib.c.
 *
 * wcstol and wcstoul use the range of the compiler's long (64-bit, as
 * glibc's strtol and LONG_MAX do); the _ltow/_ultow family converts a
 * Windows LONG/ULONG (32-bit).  Digits are ASCII; leading white space is
 * what iswspace accepts.
 */
#ifndef _NTIO_CORECRT_WSTDLIB_H
#define _NTIO_CORECRT_WSTDLIB_H
#pragma GCC system_header

#include <corecrt_wglibc.h>

__BEGIN_DECLS

_CRTIMP long wcstol(const wchar_t *__restrict _String, wchar_t **__restrict _EndPtr, int _Radix)
    _NTIO_CRT_AS_NTHNL(wcstol);
_CRTIMP unsigned long wcstoul(const wchar_t *__restrict _String, wchar_t **__restrict _EndPtr,
                              int _Radix) _NTIO_CRT_AS_NTHNL(wcstoul);
_CRTIMP long long wcstoll(const wchar_t *__restrict _String, wchar_t **__restrict _EndPtr,
                          int _Radix) _NTIO_CRT_AS_NTHNL(wcstoll);
_CRTIMP unsigned long long wcstoull(const wchar_t *__restrict _String,
                                    wchar_t **__restrict _EndPtr, int _Radix)
    _NTIO_CRT_AS_NTHNL(wcstoull);
_CRTIMP double wcstod(const wchar_t *__restrict _String, wchar_t **__restrict _EndPtr)
    _NTIO_CRT_AS_NTHNL(wcstod);
_CRTIMP float wcstof(const wchar_t *__restrict _String, wchar_t **__restrict _EndPtr)
    _NTIO_CRT_AS_NTHNL(wcstof);
_CRTIMP long double wcstold(const wchar_t *__restrict _String, wchar_t **__restrict _EndPtr)
    _NTIO_CRT_AS_NTHNL(wcstold);
#ifdef __USE_GNU
_CRTIMP long long wcstoq(const wchar_t *__restrict _String, wchar_t **__restrict _EndPtr,
                         int _Radix) _NTIO_CRT_AS_NTHNL(wcstoll);
_CRTIMP unsigned long long wcstouq(const wchar_t *__restrict _String,
                                   wchar_t **__restrict _EndPtr, int _Radix)
    _NTIO_CRT_AS_NTHNL(wcstoull);
_NTIO_CRT_UNSUPPORTED(wcstol_l) long wcstol_l(const wchar_t *, wchar_t **, int, locale_t)
    _NTIO_CRT_AS_NTH(unsupported_wcstol_l);
_NTIO_CRT_UNSUPPORTED(wcstoul_l) unsigned long wcstoul_l(const wchar_t *, wchar_t **, int,
                                                        locale_t)
    _NTIO_CRT_AS_NTH(unsupported_wcstoul_l);
_NTIO_CRT_UNSUPPORTED(wcstoll_l) long long wcstoll_l(const wchar_t *, wchar_t **, int, locale_t)
    _NTIO_CRT_AS_NTH(unsupported_wcstoll_l);
_NTIO_CRT_UNSUPPORTED(wcstoull_l) unsigned long long wcstoull_l(const wchar_t *, wchar_t **, int,
                                                               locale_t)
    _NTIO_CRT_AS_NTH(unsupported_wcstoull_l);
_NTIO_CRT_UNSUPPORTED(wcstod_l) double wcstod_l(const wchar_t *, wchar_t **, locale_t)
    _NTIO_CRT_AS_NTH(unsupported_wcstod_l);
_NTIO_CRT_UNSUPPORTED(wcstof_l) float wcstof_l(const wchar_t *, wchar_t **, locale_t)
    _NTIO_CRT_AS_NTH(unsupported_wcstof_l);
_NTIO_CRT_UNSUPPORTED(wcstold_l) long double wcstold_l(const wchar_t *, wchar_t **, locale_t)
    _NTIO_CRT_AS_NTH(unsupported_wcstold_l);
#endif

/* ---- Microsoft ---------------------------------------------------------- */

_CRTIMP long long _wcstoi64(const wchar_t *_String, wchar_t **_EndPtr, int _Radix)
    _NTIO_CRT_AS_NTHNL(wcstoll);
_CRTIMP unsigned long long _wcstoui64(const wchar_t *_String, wchar_t **_EndPtr, int _Radix)
    _NTIO_CRT_AS_NTHNL(wcstoull);
/* _wtoi and _wtol: the int/LONG range (overflow gives INT_MAX/INT_MIN, errno ERANGE). */
_CRTIMP int _wtoi(const wchar_t *_String);
_CRTIMP long _wtol(const wchar_t *_String);
_CRTIMP long long _wtoll(const wchar_t *_String);
_CRTIMP long long _wtoi64(const wchar_t *_String);
_CRTIMP double _wtof(const wchar_t *_String);

/* Radix 2..36; a negative value has a '-' only in radix 10 (Microsoft's rule). */
_CRTIMP wchar_t *_itow(int _Value, wchar_t *_Buffer, int _Radix);
_CRTIMP wchar_t *_ltow(long _Value, wchar_t *_Buffer, int _Radix);
_CRTIMP wchar_t *_ultow(unsigned long _Value, wchar_t *_Buffer, int _Radix);
_CRTIMP wchar_t *_i64tow(long long _Value, wchar_t *_Buffer, int _Radix);
_CRTIMP wchar_t *_ui64tow(unsigned long long _Value, wchar_t *_Buffer, int _Radix);
_CRTIMP errno_t _itow_s(int _Value, wchar_t *_Buffer, size_t _BufferCount, int _Radix);
_CRTIMP errno_t _ltow_s(long _Value, wchar_t *_Buffer, size_t _BufferCount, int _Radix);
_CRTIMP errno_t _ultow_s(unsigned long _Value, wchar_t *_Buffer, size_t _BufferCount, int _Radix);
_CRTIMP errno_t _i64tow_s(long long _Value, wchar_t *_Buffer, size_t _BufferCount, int _Radix);
_CRTIMP errno_t _ui64tow_s(unsigned long long _Value, wchar_t *_Buffer, size_t _BufferCount,
                           int _Radix);

/* The environment, converted from and to UTF-8. */
_CRTIMP wchar_t *_wgetenv(const wchar_t *_VarName);
_CRTIMP errno_t _wgetenv_s(size_t *_RequiredCount, wchar_t *_Buffer, size_t _BufferCount,
                           const wchar_t *_VarName);
_CRTIMP errno_t _wdupenv_s(wchar_t **_Buffer, size_t *_BufferCount, const wchar_t *_VarName);
_CRTIMP int _wputenv(const wchar_t *_EnvString);
_CRTIMP errno_t _wputenv_s(const wchar_t *_Name, const wchar_t *_Value);
_CRTIMP int _wsystem(const wchar_t *_Command);

__END_DECLS

#ifdef __cplusplus
extern "C++" {
_NTIO_CPP_ARRAY_1_1(errno_t, _itow_s, int, _Value, wchar_t, _Buffer, int, _Radix)
_NTIO_CPP_ARRAY_1_1(errno_t, _ltow_s, long, _Value, wchar_t, _Buffer, int, _Radix)
_NTIO_CPP_ARRAY_1_1(errno_t, _ultow_s, unsigned long, _Value, wchar_t, _Buffer, int, _Radix)
}
#endif

#endif /* _NTIO_CORECRT_WSTDLIB_H */
