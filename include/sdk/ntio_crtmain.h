/*
 * ntio_crtmain.h - the application entry points the Microsoft compiler
 * accepts, for gcc.  ntio-cc includes it first in every application source
 * (-include); it is not meant to be included by hand.
 *
 *   int main(void) / int main(int, char **[, char **])   as usual
 *   int __cdecl main(ULONG argc, PCHAR argv[])         (ntio-cc: -Wno-main)
 *   main() { ... }                                     implicit int (C)
 *   VOID main(VOID) / VOID __cdecl main(ULONG, PCHAR[]) exits with status 0
 *   int wmain(int argc, wchar_t *argv[], wchar_t *envp[])  UTF-16 arguments
 *   _tmain (tchar.h)                                   main or wmain
 *
 * How.  "main(" and "wmain(" are function-like macros.  The tokens before
 * them (the return type the program wrote) end up declaring a probe
 * function, whose type says whether main returns void; a constructor
 * tells libmsvcrt what kind of entry point the program has; the function
 * itself is then declared as main, so gcc keeps main's rules (an int main
 * that falls off its end returns 0).  wmain becomes main with wide
 * parameters.  libmsvcrt's start-up (win32/msvcrt/startup.c, reached
 * through ntio-cc's -Wl,--wrap=__libc_start_main) converts the arguments
 * and the environment to UTF-16 for wmain and turns a void main's return
 * into exit status 0, as the Microsoft CRT does.
 *
 * In C a void main stays a void function (a bare "return;" is fine).  C++
 * does not allow ::main to return void: there a void main is compiled as
 * returning int (0 when it falls off its end), so it cannot contain a bare
 * "return;".  A program that calls main itself, or names a member or a
 * variable main followed by "(", needs "(main)(...)" there.
 */
#ifndef _NTIO_CRTMAIN_H
#define _NTIO_CRTMAIN_H
#pragma GCC system_header

/* The kinds of entry point (libmsvcrt's __ntio_crt_main_kind). */
#define _NTIO_MAIN_RETURNS_VOID 1
#define _NTIO_MAIN_WIDE 2

#ifdef __cplusplus
extern "C" void __ntio_crt_main_kind(int _Kind);
template <class _T> struct __ntio_main_return {
    typedef _T type;
};
template <> struct __ntio_main_return<void> {
    typedef int type;
};
#define _NTIO_MAIN_PROBE_STORAGE
#define _NTIO_MAIN_RETURN_TYPE decltype(__ntio_main_probe())
#define _NTIO_MAIN_IS_VOID 0
#define _NTIO_MAIN_TYPE __ntio_main_return<_NTIO_MAIN_RETURN_TYPE>::type
#else
extern void __ntio_crt_main_kind(int _Kind);
/* "extern": without it an implicit-int main() would leave a declaration with no type at all. */
#define _NTIO_MAIN_PROBE_STORAGE extern
#define _NTIO_MAIN_RETURN_TYPE __typeof__(__ntio_main_probe())
#define _NTIO_MAIN_IS_VOID __builtin_types_compatible_p(_NTIO_MAIN_RETURN_TYPE, void)
#define _NTIO_MAIN_TYPE _NTIO_MAIN_RETURN_TYPE
#endif

#define _NTIO_MAIN_CAT2(a, b) a##b
#define _NTIO_MAIN_CAT(a, b) _NTIO_MAIN_CAT2(a, b)
#define _NTIO_MAIN_ENTRY(_Kind, ...)                                                      \
    _NTIO_MAIN_PROBE_STORAGE __ntio_main_probe(void);                                     \
    static void __attribute__((__constructor__)) _NTIO_MAIN_CAT(__ntio_main_kind_,        \
                                                                __LINE__)(void)           \
    {                                                                                     \
        __ntio_crt_main_kind((_Kind) | (_NTIO_MAIN_IS_VOID ? _NTIO_MAIN_RETURNS_VOID : 0)); \
    }                                                                                     \
    _NTIO_MAIN_TYPE(main)(__VA_ARGS__)

#define main(...) _NTIO_MAIN_ENTRY(0, __VA_ARGS__)
#define wmain(...) _NTIO_MAIN_ENTRY(_NTIO_MAIN_WIDE, __VA_ARGS__)

#endif /* _NTIO_CRTMAIN_H */
