/*
 * stdlib.h - glibc's stdlib with Microsoft's additions (_itoa, _countof,
 * _MAX_PATH, _dupenv_s ...), the multibyte conversions on the 16-bit
 * wchar_t (mbstowcs, wcstombs ...: the multibyte code page is UTF-8, the
 * ANSI code page of ntio) and, as in Microsoft's header, the wide
 * conversions (corecrt_wstdlib.h).  Implemented in win32/msvcrt.
 */
#if (defined(_NTIO_WIN32_) || defined(_NTIO_KERNEL_)) && !defined(_NTIO_MSVCRT_)
#include_next <stdlib.h>
#else
#ifndef _NTIO_SDK_STDLIB_H
#define _NTIO_SDK_STDLIB_H
#pragma GCC system_header

#include <corecrt.h>

/*
 * Not moved aside (unlike stdio.h and wchar.h): libstdc++ reads glibc's
 * stdlib.h directly (<cstdlib> uses #include_next), so the declarations
 * below only add the assembler names to glibc's (see also <cstdlib>).
 */
#include_next <stdlib.h>

/* UTF-8 needs up to 4 bytes for one character. */
#undef MB_CUR_MAX
#define MB_CUR_MAX 4

#define _MAX_PATH 260
#define _MAX_DRIVE 3
#define _MAX_DIR 256
#define _MAX_FNAME 256
#define _MAX_EXT 256
#define _MAX_ENV 32767
#define _MAX_ITOSTR_BASE10_COUNT (1 + 10 + 1)
#define _MAX_LTOSTR_BASE10_COUNT (1 + 10 + 1)
#define _MAX_ULTOSTR_BASE10_COUNT (10 + 1)
#define _MAX_I64TOSTR_BASE10_COUNT (1 + 19 + 1)
#define _MAX_U64TOSTR_BASE10_COUNT (20 + 1)
#define _MAX_ITOSTR_BASE16_COUNT (8 + 1)
#define _MAX_ITOSTR_BASE2_COUNT (32 + 1)
#define _MAX_I64TOSTR_BASE16_COUNT (16 + 1)
#define _MAX_I64TOSTR_BASE2_COUNT (64 + 1)

#ifndef __cplusplus
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#endif
#define __max(a, b) (((a) > (b)) ? (a) : (b))
#define __min(a, b) (((a) < (b)) ? (a) : (b))

__BEGIN_DECLS

/* ---- multibyte (UTF-8) <-> wide (UTF-16) -------------------------------- */

/*
 * A character outside the Basic Multilingual Plane is one 4-byte UTF-8
 * sequence and two wchar_t (a surrogate pair): mbtowc stores the high
 * surrogate of it (and returns 4), wctomb of a lone surrogate fails.
 * mbstowcs/wcstombs convert whole strings, pairs included; an invalid
 * sequence stops them with (size_t)-1 and errno EILSEQ.
 */
_CRTIMP int mblen(const char *_Ch, size_t _MaxCount) _NTIO_CRT_AS_NTH(mblen);
_CRTIMP int mbtowc(wchar_t *__restrict _DstCh, const char *__restrict _SrcCh, size_t _SrcSizeInBytes)
    _NTIO_CRT_AS_NTH(mbtowc);
_CRTIMP int wctomb(char *_MbCh, wchar_t _WCh) _NTIO_CRT_AS_NTH(wctomb);
_CRTIMP size_t mbstowcs(wchar_t *__restrict _Dest, const char *__restrict _Source, size_t _MaxCount)
    _NTIO_CRT_AS_NTH(mbstowcs);
_CRTIMP size_t wcstombs(char *__restrict _Dest, const wchar_t *__restrict _Source, size_t _MaxCount)
    _NTIO_CRT_AS_NTH(wcstombs);
_CRTIMP errno_t mbstowcs_s(size_t *_PtNumOfCharConverted, wchar_t *_DstBuf, size_t _SizeInWords,
                           const char *_SrcBuf, size_t _MaxCount);
_CRTIMP errno_t wcstombs_s(size_t *_PtNumOfCharConverted, char *_Dst, size_t _DstSizeInBytes,
                           const wchar_t *_Src, size_t _MaxCountInBytes);
_CRTIMP errno_t wctomb_s(int *_SizeConverted, char *_MbCh, rsize_t _SizeInBytes, wchar_t _WCh);

/* ---- Microsoft ---------------------------------------------------------- */

/* Radix 2..36; a negative value has a '-' only in radix 10.  _ltoa/_ultoa convert a 32-bit LONG/ULONG. */
_CRTIMP char *_itoa(int _Value, char *_Buffer, int _Radix);
_CRTIMP char *_ltoa(long _Value, char *_Buffer, int _Radix);
_CRTIMP char *_ultoa(unsigned long _Value, char *_Buffer, int _Radix);
_CRTIMP char *_i64toa(long long _Value, char *_Buffer, int _Radix);
_CRTIMP char *_ui64toa(unsigned long long _Value, char *_Buffer, int _Radix);
_CRTIMP errno_t _itoa_s(int _Value, char *_Buffer, size_t _BufferCount, int _Radix);
_CRTIMP errno_t _ltoa_s(long _Value, char *_Buffer, size_t _BufferCount, int _Radix);
_CRTIMP errno_t _ultoa_s(unsigned long _Value, char *_Buffer, size_t _BufferCount, int _Radix);
_CRTIMP errno_t _i64toa_s(long long _Value, char *_Buffer, size_t _BufferCount, int _Radix);
_CRTIMP errno_t _ui64toa_s(unsigned long long _Value, char *_Buffer, size_t _BufferCount,
                           int _Radix);
_CRTIMP char *itoa(int _Value, char *_Buffer, int _Radix) _NTIO_CRT_ALIAS("_itoa");
_CRTIMP char *ltoa(long _Value, char *_Buffer, int _Radix) _NTIO_CRT_ALIAS("_ltoa");
_CRTIMP char *ultoa(unsigned long _Value, char *_Buffer, int _Radix) _NTIO_CRT_ALIAS("_ultoa");

_CRTIMP long long _atoi64(const char *_String) _NTIO_CRT_ALIAS_NTH("atoll");
_CRTIMP long long _strtoi64(const char *_String, char **_EndPtr, int _Radix)
    _NTIO_CRT_ALIAS_NTH("strtoll");
_CRTIMP unsigned long long _strtoui64(const char *_String, char **_EndPtr, int _Radix)
    _NTIO_CRT_ALIAS_NTH("strtoull");

_CRTIMP errno_t getenv_s(size_t *_RequiredCount, char *_Buffer, rsize_t _BufferCount,
                         const char *_VarName);
_CRTIMP errno_t _dupenv_s(char **_Buffer, size_t *_BufferCount, const char *_VarName);
_CRTIMP errno_t _putenv_s(const char *_Name, const char *_Value);

__END_DECLS

/* Byte swaps and rotations (Microsoft's intrinsics). */
static __inline__ unsigned short _byteswap_ushort(unsigned short _Value)
{
    return __builtin_bswap16(_Value);
}
static __inline__ unsigned int _byteswap_ulong(unsigned int _Value)
{
    return __builtin_bswap32(_Value);
}
static __inline__ unsigned long long _byteswap_uint64(unsigned long long _Value)
{
    return __builtin_bswap64(_Value);
}
static __inline__ unsigned int _rotl(unsigned int _Value, int _Shift)
{
    _Shift &= 31;
    return _Shift ? (_Value << _Shift) | (_Value >> (32 - _Shift)) : _Value;
}
static __inline__ unsigned int _rotr(unsigned int _Value, int _Shift)
{
    _Shift &= 31;
    return _Shift ? (_Value >> _Shift) | (_Value << (32 - _Shift)) : _Value;
}
static __inline__ unsigned long long _rotl64(unsigned long long _Value, int _Shift)
{
    _Shift &= 63;
    return _Shift ? (_Value << _Shift) | (_Value >> (64 - _Shift)) : _Value;
}
static __inline__ unsigned long long _rotr64(unsigned long long _Value, int _Shift)
{
    _Shift &= 63;
    return _Shift ? (_Value >> _Shift) | (_Value << (64 - _Shift)) : _Value;
}
static __inline__ long long _abs64(long long _Value)
{
    return _Value < 0 ? -_Value : _Value;
}

#ifdef __cplusplus
extern "C++" {
_NTIO_CPP_ARRAY_1_1(errno_t, _itoa_s, int, _Value, char, _Buffer, int, _Radix)
_NTIO_CPP_ARRAY_1_1(errno_t, _ltoa_s, long, _Value, char, _Buffer, int, _Radix)
_NTIO_CPP_ARRAY_1_1(errno_t, _ultoa_s, unsigned long, _Value, char, _Buffer, int, _Radix)
_NTIO_CPP_ARRAY_1_2(errno_t, mbstowcs_s, size_t *, _PtNumOfCharConverted, wchar_t, _Dest,
                    const char *, _Source, size_t, _MaxCount)
_NTIO_CPP_ARRAY_1_2(errno_t, wcstombs_s, size_t *, _PtNumOfCharConverted, char, _Dest,
                    const wchar_t *, _Source, size_t, _MaxCount)
}
#endif

#include <corecrt_wstdlib.h>

#endif /* _NTIO_SDK_STDLIB_H */
#endif
