/*
 * corecrt.h - what every header of ntio's Windows CRT shares (Microsoft
 * keeps the same things in corecrt.h): errno_t and rsize_t, _TRUNCATE,
 * the invalid-parameter handler, and the machinery that gives an
 * application Microsoft's functions under the standard names.
 *
 * How the standard names are taken over.  glibc's wide functions assume a
 * 32-bit wchar_t and its printf family follows LP64 rules (%ld is 64-bit);
 * an application compiled by ntio-cc has a 16-bit wchar_t and expects
 * Microsoft's rules.  The CRT headers (stdio.h, wchar.h, stdlib.h ...)
 * wrap glibc's with #include_next and then declare those functions again
 * with an assembler name: "wcslen" is called as ntio_crt_wcslen, which
 * libmsvcrt.so exports.  No macro is involved, so std::wcslen, &wcslen and
 * a name in parentheses all reach ntio's function.  While glibc's header is
 * read its own declarations of those names are moved aside (a macro maps
 * them to __ntio_glibc_<name>), so glibc's assembler renames (scanf ->
 * __isoc99_scanf), its format attributes and its inline bodies never apply
 * to the application's functions.  A function of glibc's that works on
 * wchar_t arrays and that ntio does not implement is declared with an
 * error attribute: calling it fails at compile time instead of running
 * glibc's 32-bit code.
 *
 * The headers change nothing for ntio's own Win32 DLLs (_NTIO_WIN32_) and
 * the kernel (_NTIO_KERNEL_): there they are glibc's.  libmsvcrt itself
 * defines _NTIO_MSVCRT_ and sees what applications see.
 */
#ifndef _NTIO_CORECRT_H
#define _NTIO_CORECRT_H
#pragma GCC system_header

#if (defined(_NTIO_WIN32_) || defined(_NTIO_KERNEL_)) && !defined(_NTIO_MSVCRT_)
#error "corecrt.h is for applications (ntio's own DLLs and kernel use glibc's CRT)"
#endif

#include <features.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>

#if defined(__USE_FORTIFY_LEVEL) && __USE_FORTIFY_LEVEL > 0
#error "ntio's CRT: _FORTIFY_SOURCE would route calls to glibc's 32-bit wchar_t code; compile with -U_FORTIFY_SOURCE (ntio-cc does)"
#endif

#define _NTIO_CRT_APP 1

#ifndef __cdecl
#define __cdecl
#endif
#ifndef _CRTIMP
#define _CRTIMP __attribute__((__visibility__("default")))
#endif
#ifndef _ACRTIMP
#define _ACRTIMP _CRTIMP
#endif
#ifndef __CRTDECL
#define __CRTDECL __cdecl
#endif

/*
 * The assembler name of ntio's version of a C library function:
 *   _CRTIMP size_t wcslen(const wchar_t *) _NTIO_CRT_AS_NTH(wcslen);
 * _NTH for the functions glibc declares __THROW (C++ needs the same
 * exception specification on every declaration); _NTHNL (no "leaf") for
 * those that may call the application back (the invalid-parameter
 * handler).
 */
#define _NTIO_CRT_SYM(name) "ntio_crt_" #name
#ifdef __cplusplus
#define _NTIO_CRT_AS(name) __asm__(_NTIO_CRT_SYM(name))
#define _NTIO_CRT_AS_NTH(name) __THROW __asm__(_NTIO_CRT_SYM(name))
#define _NTIO_CRT_AS_NTHNL(name) __THROWNL __asm__(_NTIO_CRT_SYM(name))
#define _NTIO_CRT_ALIAS(sym) __asm__(sym)
#define _NTIO_CRT_ALIAS_NTH(sym) __THROW __asm__(sym)
#else
#define _NTIO_CRT_AS(name) __asm__(_NTIO_CRT_SYM(name))
#define _NTIO_CRT_AS_NTH(name) __asm__(_NTIO_CRT_SYM(name)) __THROW
#define _NTIO_CRT_AS_NTHNL(name) __asm__(_NTIO_CRT_SYM(name)) __THROWNL
#define _NTIO_CRT_ALIAS(sym) __asm__(sym)
#define _NTIO_CRT_ALIAS_NTH(sym) __asm__(sym) __THROW
#endif
/*
 * A glibc function on wchar_t arrays that ntio does not provide: calling it
 * does not compile (and its address names a symbol nobody defines):
 *   _NTIO_CRT_UNSUPPORTED(wcscoll_l) int wcscoll_l(...) _NTIO_CRT_AS_NTH(unsupported_wcscoll_l);
 */
#define _NTIO_CRT_UNSUPPORTED(name)                                                    \
    __attribute__((__error__("ntio's CRT does not provide " #name                      \
                             " (glibc's would treat the 16-bit wchar_t as 32-bit)")))

#ifndef _ERRNO_T_DEFINED
#define _ERRNO_T_DEFINED
typedef int errno_t;
#endif
#ifndef _RSIZE_T_DEFINED
#define _RSIZE_T_DEFINED
typedef size_t rsize_t;
#endif

/* The count argument of the _s functions that means "as much as fits". */
#ifndef _TRUNCATE
#define _TRUNCATE ((size_t)-1)
#endif
/* What strncpy_s and friends return when _TRUNCATE truncated (Microsoft's errno value). */
#ifndef STRUNCATE
#define STRUNCATE 80
#endif
#ifndef RSIZE_MAX
#define RSIZE_MAX (SIZE_MAX >> 1)
#endif
#ifndef __STDC_SECURE_LIB__
#define __STDC_SECURE_LIB__ 200411L
#endif
#ifndef __GOT_SECURE_LIB__
#define __GOT_SECURE_LIB__ __STDC_SECURE_LIB__
#endif
#ifndef __STDC_WANT_SECURE_LIB__
#define __STDC_WANT_SECURE_LIB__ 1
#endif

#ifndef _countof
#define _countof(a) (sizeof(a) / sizeof((a)[0]))
#endif

__BEGIN_DECLS

/*
 * Parameter validation.  A CRT function given an invalid parameter (a NULL
 * buffer, a size of 0, a destination too small for a _s function, an
 * invalid format) calls the invalid-parameter handler; if the handler
 * returns, the function sets errno and returns the documented error value.
 * The default handler, as in a release build of the Microsoft CRT, ends
 * the process at once (a fail-fast): it prints what was wrong to stderr and
 * exits with STATUS_STACK_BUFFER_OVERRUN (0xC0000409, what Windows reports
 * for __fastfail(FAST_FAIL_INVALID_ARG); a Linux parent sees 0x09).
 * The handler gets NULL for the expression, function and file (as the
 * release CRT passes them).
 */
typedef void(__cdecl *_invalid_parameter_handler)(const wchar_t *, const wchar_t *,
                                                   const wchar_t *, unsigned int, uintptr_t);
_CRTIMP _invalid_parameter_handler __cdecl
_set_invalid_parameter_handler(_invalid_parameter_handler _Handler);
_CRTIMP _invalid_parameter_handler __cdecl _get_invalid_parameter_handler(void);
_CRTIMP _invalid_parameter_handler __cdecl
_set_thread_local_invalid_parameter_handler(_invalid_parameter_handler _Handler);
_CRTIMP _invalid_parameter_handler __cdecl _get_thread_local_invalid_parameter_handler(void);
_CRTIMP void __cdecl _invalid_parameter_noinfo(void);
_CRTIMP __attribute__((__noreturn__)) void __cdecl _invalid_parameter_noinfo_noreturn(void);
_CRTIMP void __cdecl _invalid_parameter(const wchar_t *_Expression, const wchar_t *_Function,
                                        const wchar_t *_File, unsigned int _Line,
                                        uintptr_t _Reserved);

_CRTIMP errno_t __cdecl _set_errno(int _Value);
_CRTIMP errno_t __cdecl _get_errno(int *_Value);

__END_DECLS

/*
 * The C++ overloads of the _s functions that take a destination's size from
 * its array type (Microsoft's __DEFINE_CPP_OVERLOAD_SECURE_FUNC_* in
 * corecrt.h): Func(Dst, ...) calls Func(Dst, _Size, ...).  _0_N: the array
 * first, then N arguments; _1_N: one argument before it; _PRINTF_N: a
 * variadic form over its va_list form VFunc, N arguments before the format.
 */
#ifdef __cplusplus
#define _NTIO_CPP_ARRAY_0_0(_Ret, _Func, _DstT, _Dst)                                      \
    template <size_t _Size> inline _Ret _Func(_DstT(&_Dst)[_Size])                        \
    {                                                                                     \
        return _Func(_Dst, _Size);                                                        \
    }
#define _NTIO_CPP_ARRAY_0_1(_Ret, _Func, _DstT, _Dst, _T1, _A1)                            \
    template <size_t _Size> inline _Ret _Func(_DstT(&_Dst)[_Size], _T1 _A1)               \
    {                                                                                     \
        return _Func(_Dst, _Size, _A1);                                                   \
    }
#define _NTIO_CPP_ARRAY_0_2(_Ret, _Func, _DstT, _Dst, _T1, _A1, _T2, _A2)                  \
    template <size_t _Size> inline _Ret _Func(_DstT(&_Dst)[_Size], _T1 _A1, _T2 _A2)      \
    {                                                                                     \
        return _Func(_Dst, _Size, _A1, _A2);                                              \
    }
#define _NTIO_CPP_ARRAY_1_1(_Ret, _Func, _T0, _A0, _DstT, _Dst, _T1, _A1)                  \
    template <size_t _Size> inline _Ret _Func(_T0 _A0, _DstT(&_Dst)[_Size], _T1 _A1)      \
    {                                                                                     \
        return _Func(_A0, _Dst, _Size, _A1);                                              \
    }
#define _NTIO_CPP_ARRAY_1_2(_Ret, _Func, _T0, _A0, _DstT, _Dst, _T1, _A1, _T2, _A2)        \
    template <size_t _Size>                                                               \
    inline _Ret _Func(_T0 _A0, _DstT(&_Dst)[_Size], _T1 _A1, _T2 _A2)                     \
    {                                                                                     \
        return _Func(_A0, _Dst, _Size, _A1, _A2);                                         \
    }
#define _NTIO_CPP_ARRAY_PRINTF_0(_Func, _VFunc, _Ch)                                       \
    template <size_t _Size>                                                               \
    inline int _Func(_Ch(&_Buffer)[_Size], const _Ch *_Format, ...)                       \
    {                                                                                     \
        va_list _ArgList;                                                                 \
        va_start(_ArgList, _Format);                                                      \
        int _Result = _VFunc(_Buffer, _Size, _Format, _ArgList);                          \
        va_end(_ArgList);                                                                 \
        return _Result;                                                                   \
    }                                                                                     \
    _NTIO_CPP_ARRAY_0_2(int, _VFunc, _Ch, _Buffer, const _Ch *, _Format, va_list, _ArgList)
#define _NTIO_CPP_ARRAY_PRINTF_1(_Func, _VFunc, _Ch, _T1, _A1)                             \
    template <size_t _Size>                                                               \
    inline int _Func(_Ch(&_Buffer)[_Size], _T1 _A1, const _Ch *_Format, ...)              \
    {                                                                                     \
        va_list _ArgList;                                                                 \
        va_start(_ArgList, _Format);                                                      \
        int _Result = _VFunc(_Buffer, _Size, _A1, _Format, _ArgList);                     \
        va_end(_ArgList);                                                                 \
        return _Result;                                                                   \
    }                                                                                     \
    template <size_t _Size>                                                               \
    inline int _VFunc(_Ch(&_Buffer)[_Size], _T1 _A1, const _Ch *_Format, va_list _ArgList) \
    {                                                                                     \
        return _VFunc(_Buffer, _Size, _A1, _Format, _ArgList);                            \
    }
#endif

#endif /* _NTIO_CORECRT_H */
