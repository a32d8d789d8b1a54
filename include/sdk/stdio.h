/*
 * stdio.h - glibc's stdio with Microsoft's printf and scanf families
 * (win32/msvcrt).
 *
 * Formatting follows the Microsoft CRT (the engine of include/ntio/format.h):
 * long is 32-bit (%ld %lu %lx take a LONG/ULONG/DWORD), %I64d %I32d %Id
 * %Iu, %ws %wc %S %C, %Z/%wZ for counted strings, %p as 16 upper-case hex
 * digits, inf/nan(ind) for special doubles, %n refused.  An invalid format
 * is an invalid parameter (see corecrt.h).  Output goes through glibc's
 * FILE (stdout, fopen ...), so mixing printf with puts/fwrite keeps order.
 * Everything else in this header is glibc's.
 */
#if (defined(_NTIO_WIN32_) || defined(_NTIO_KERNEL_)) && !defined(_NTIO_MSVCRT_)
#include_next <stdio.h>
#else
#ifndef _NTIO_SDK_STDIO_H
#define _NTIO_SDK_STDIO_H
#pragma GCC system_header

#include <corecrt.h>

/* glibc's declarations of the functions ntio replaces are moved aside (corecrt.h). */
#define printf __ntio_glibc_printf
#define fprintf __ntio_glibc_fprintf
#define sprintf __ntio_glibc_sprintf
#define snprintf __ntio_glibc_snprintf
#define vprintf __ntio_glibc_vprintf
#define vfprintf __ntio_glibc_vfprintf
#define vsprintf __ntio_glibc_vsprintf
#define vsnprintf __ntio_glibc_vsnprintf
#define dprintf __ntio_glibc_dprintf
#define vdprintf __ntio_glibc_vdprintf
#define asprintf __ntio_glibc_asprintf
#define vasprintf __ntio_glibc_vasprintf
#define scanf __ntio_glibc_scanf
#define fscanf __ntio_glibc_fscanf
#define sscanf __ntio_glibc_sscanf
#define vscanf __ntio_glibc_vscanf
#define vfscanf __ntio_glibc_vfscanf
#define vsscanf __ntio_glibc_vsscanf
#define fopen __ntio_glibc_fopen
#define freopen __ntio_glibc_freopen
#include_next <stdio.h>
#undef printf
#undef fprintf
#undef sprintf
#undef snprintf
#undef vprintf
#undef vfprintf
#undef vsprintf
#undef vsnprintf
#undef dprintf
#undef vdprintf
#undef asprintf
#undef vasprintf
#undef scanf
#undef fscanf
#undef sscanf
#undef vscanf
#undef vfscanf
#undef vsscanf
#undef fopen
#undef freopen

__BEGIN_DECLS

/* ---- ISO C, with Microsoft's formats ------------------------------------ */

_CRTIMP int printf(const char *__restrict _Format, ...) _NTIO_CRT_AS(printf);
_CRTIMP int fprintf(FILE *__restrict _Stream, const char *__restrict _Format, ...)
    _NTIO_CRT_AS(fprintf);
_CRTIMP int sprintf(char *__restrict _Buffer, const char *__restrict _Format, ...)
    _NTIO_CRT_AS_NTHNL(sprintf);
/* ISO C's snprintf: always terminated (when _BufferCount > 0), returns the full length. */
_CRTIMP int snprintf(char *__restrict _Buffer, size_t _BufferCount,
                     const char *__restrict _Format, ...) _NTIO_CRT_AS_NTHNL(snprintf);
_CRTIMP int vprintf(const char *__restrict _Format, va_list _ArgList) _NTIO_CRT_AS(vprintf);
_CRTIMP int vfprintf(FILE *__restrict _Stream, const char *__restrict _Format, va_list _ArgList)
    _NTIO_CRT_AS(vfprintf);
_CRTIMP int vsprintf(char *__restrict _Buffer, const char *__restrict _Format, va_list _ArgList)
    _NTIO_CRT_AS_NTHNL(vsprintf);
_CRTIMP int vsnprintf(char *__restrict _Buffer, size_t _BufferCount,
                      const char *__restrict _Format, va_list _ArgList)
    _NTIO_CRT_AS_NTHNL(vsnprintf);

/*
 * The scanf family with Microsoft's sizes: %ld %lu %lx store a 32-bit
 * LONG/ULONG, %I64d %lld store 64 bits, %Id a pointer-sized value, %ls %S
 * %lc %C store 16-bit wchar_t text (converted from UTF-8).
 */
_CRTIMP int scanf(const char *__restrict _Format, ...) _NTIO_CRT_AS(scanf);
_CRTIMP int fscanf(FILE *__restrict _Stream, const char *__restrict _Format, ...)
    _NTIO_CRT_AS(fscanf);
_CRTIMP int sscanf(const char *__restrict _Buffer, const char *__restrict _Format, ...)
    _NTIO_CRT_AS_NTHNL(sscanf);
_CRTIMP int vscanf(const char *__restrict _Format, va_list _ArgList) _NTIO_CRT_AS(vscanf);
_CRTIMP int vfscanf(FILE *__restrict _Stream, const char *__restrict _Format, va_list _ArgList)
    _NTIO_CRT_AS(vfscanf);
_CRTIMP int vsscanf(const char *__restrict _Buffer, const char *__restrict _Format,
                    va_list _ArgList) _NTIO_CRT_AS_NTHNL(vsscanf);

/*
 * fopen accepts Microsoft's mode letters: t (text, the default), c n S R T D
 * (caching hints, ignored) and ", ccs=UTF-8|UTF-16LE|UNICODE" (ignored:
 * streams are byte streams and wide I/O is UTF-8).
 */
_CRTIMP FILE *fopen(const char *__restrict _FileName, const char *__restrict _Mode)
    _NTIO_CRT_AS(fopen);
_CRTIMP FILE *freopen(const char *__restrict _FileName, const char *__restrict _Mode,
                      FILE *__restrict _Stream) _NTIO_CRT_AS(freopen);

#ifdef __USE_XOPEN2K8
_CRTIMP int dprintf(int _Fd, const char *__restrict _Format, ...) _NTIO_CRT_AS(dprintf);
_CRTIMP int vdprintf(int _Fd, const char *__restrict _Format, va_list _ArgList)
    _NTIO_CRT_AS(vdprintf);
#endif
#ifdef __USE_GNU
_CRTIMP int asprintf(char **__restrict _Result, const char *__restrict _Format, ...)
    _NTIO_CRT_AS_NTHNL(asprintf);
_CRTIMP int vasprintf(char **__restrict _Result, const char *__restrict _Format,
                      va_list _ArgList) _NTIO_CRT_AS_NTHNL(vasprintf);
#endif

/* ---- Microsoft ---------------------------------------------------------- */

/*
 * _snprintf / _vsnprintf: at most _BufferCount chars; a result of exactly
 * _BufferCount chars is stored unterminated and its length returned; a
 * longer one is stored truncated, unterminated, and -1 is returned.
 */
_CRTIMP int _snprintf(char *_Buffer, size_t _BufferCount, const char *_Format, ...);
_CRTIMP int _vsnprintf(char *_Buffer, size_t _BufferCount, const char *_Format,
                       va_list _ArgList);
/*
 * sprintf_s: NULL buffer or format, or a size of 0: invalid parameter
 * (EINVAL, -1).  A result that does not fit: the buffer becomes "" and it is
 * an invalid parameter (ERANGE, -1).  _snprintf_s: see corecrt_wstdio.h.
 */
_CRTIMP int sprintf_s(char *_Buffer, size_t _BufferCount, const char *_Format, ...);
_CRTIMP int vsprintf_s(char *_Buffer, size_t _BufferCount, const char *_Format,
                       va_list _ArgList);
_CRTIMP int _snprintf_s(char *_Buffer, size_t _BufferCount, size_t _MaxCount,
                        const char *_Format, ...);
_CRTIMP int _vsnprintf_s(char *_Buffer, size_t _BufferCount, size_t _MaxCount,
                         const char *_Format, va_list _ArgList);
/* The length of the result (what _vsnprintf would need). */
_CRTIMP int _scprintf(const char *_Format, ...);
_CRTIMP int _vscprintf(const char *_Format, va_list _ArgList);
_CRTIMP int printf_s(const char *_Format, ...);
_CRTIMP int vprintf_s(const char *_Format, va_list _ArgList);
_CRTIMP int fprintf_s(FILE *_Stream, const char *_Format, ...);
_CRTIMP int vfprintf_s(FILE *_Stream, const char *_Format, va_list _ArgList);

_CRTIMP int scanf_s(const char *_Format, ...);
_CRTIMP int fscanf_s(FILE *_Stream, const char *_Format, ...);
_CRTIMP int sscanf_s(const char *_Buffer, const char *_Format, ...);
_CRTIMP int vscanf_s(const char *_Format, va_list _ArgList);
_CRTIMP int vfscanf_s(FILE *_Stream, const char *_Format, va_list _ArgList);
_CRTIMP int vsscanf_s(const char *_Buffer, const char *_Format, va_list _ArgList);
_CRTIMP int _snscanf(const char *_Buffer, size_t _BufferCount, const char *_Format, ...);
_CRTIMP int _snscanf_s(const char *_Buffer, size_t _BufferCount, const char *_Format, ...);

_CRTIMP errno_t fopen_s(FILE **_Stream, const char *_FileName, const char *_Mode);
_CRTIMP errno_t freopen_s(FILE **_Stream, const char *_FileName, const char *_Mode,
                          FILE *_OldStream);

/* Microsoft's names for glibc functions. */
_CRTIMP int _fileno(FILE *_Stream) _NTIO_CRT_ALIAS_NTH("fileno");
_CRTIMP FILE *_fdopen(int _FileHandle, const char *_Mode) _NTIO_CRT_ALIAS_NTH("fdopen");
_CRTIMP FILE *_popen(const char *_Command, const char *_Mode) _NTIO_CRT_ALIAS("popen");
_CRTIMP int _pclose(FILE *_Stream) _NTIO_CRT_ALIAS("pclose");
_CRTIMP int _fseeki64(FILE *_Stream, long long _Offset, int _Origin) _NTIO_CRT_ALIAS("fseeko");
_CRTIMP long long _ftelli64(FILE *_Stream) _NTIO_CRT_ALIAS("ftello");
_CRTIMP int _fgetchar(void) _NTIO_CRT_ALIAS("getchar");
_CRTIMP int _fputchar(int _Character) _NTIO_CRT_ALIAS("putchar");
_CRTIMP int _getc_nolock(FILE *_Stream) _NTIO_CRT_ALIAS("getc_unlocked");
_CRTIMP int _putc_nolock(int _Character, FILE *_Stream) _NTIO_CRT_ALIAS("putc_unlocked");
_CRTIMP int _fflush_nolock(FILE *_Stream) _NTIO_CRT_ALIAS("fflush_unlocked");
_CRTIMP void _lock_file(FILE *_Stream) _NTIO_CRT_ALIAS_NTH("flockfile");
_CRTIMP void _unlock_file(FILE *_Stream) _NTIO_CRT_ALIAS_NTH("funlockfile");
_CRTIMP int _unlink(const char *_FileName) _NTIO_CRT_ALIAS_NTH("unlink");
/* Flushes every output stream; returns the number of open streams flushed (0 if unknown). */
_CRTIMP int _flushall(void);

__END_DECLS

#ifdef __cplusplus
extern "C++" {
_NTIO_CPP_ARRAY_PRINTF_0(sprintf_s, vsprintf_s, char)
_NTIO_CPP_ARRAY_PRINTF_1(_snprintf_s, _vsnprintf_s, char, size_t, _MaxCount)
}
#endif

/* Microsoft's stdio.h declares the wide I/O functions too. */
#include <corecrt_wstdio.h>

#endif /* _NTIO_SDK_STDIO_H */
#endif
