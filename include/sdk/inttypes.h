/*
 * inttypes.h - glibc's <inttypes.h> with the PRI and SCN macros spelled for
 * Microsoft's printf and scanf (ntio's CRT): glibc spells the 64-bit and
 * pointer-sized ones with "l", which Microsoft's printf reads as 32-bit.
 * The types are glibc's, so the FAST16/FAST32 macros name 64 bits, as
 * int_fast16_t and int_fast32_t are long here.
 */
#if (defined(_NTIO_WIN32_) || defined(_NTIO_KERNEL_)) && !defined(_NTIO_MSVCRT_)
#include_next <inttypes.h>
#else
#ifndef _NTIO_SDK_INTTYPES_H
#define _NTIO_SDK_INTTYPES_H
#pragma GCC system_header

#include <corecrt_wglibc.h>

#define wcstoimax __ntio_glibc_wcstoimax
#define wcstoumax __ntio_glibc_wcstoumax
#include_next <inttypes.h>
#undef wcstoimax
#undef wcstoumax

#undef PRId8
#undef PRIdLEAST8
#undef PRIdFAST8
#undef PRId16
#undef PRIdLEAST16
#undef PRIdFAST16
#undef PRId32
#undef PRIdLEAST32
#undef PRIdFAST32
#undef PRId64
#undef PRIdLEAST64
#undef PRIdFAST64
#undef PRIdMAX
#undef PRIdPTR
#undef PRIi8
#undef PRIiLEAST8
#undef PRIiFAST8
#undef PRIi16
#undef PRIiLEAST16
#undef PRIiFAST16
#undef PRIi32
#undef PRIiLEAST32
#undef PRIiFAST32
#undef PRIi64
#undef PRIiLEAST64
#undef PRIiFAST64
#undef PRIiMAX
#undef PRIiPTR
#undef PRIo8
#undef PRIoLEAST8
#undef PRIoFAST8
#undef PRIo16
#undef PRIoLEAST16
#undef PRIoFAST16
#undef PRIo32
#undef PRIoLEAST32
#undef PRIoFAST32
#undef PRIo64
#undef PRIoLEAST64
#undef PRIoFAST64
#undef PRIoMAX
#undef PRIoPTR
#undef PRIu8
#undef PRIuLEAST8
#undef PRIuFAST8
#undef PRIu16
#undef PRIuLEAST16
#undef PRIuFAST16
#undef PRIu32
#undef PRIuLEAST32
#undef PRIuFAST32
#undef PRIu64
#undef PRIuLEAST64
#undef PRIuFAST64
#undef PRIuMAX
#undef PRIuPTR
#undef PRIx8
#undef PRIxLEAST8
#undef PRIxFAST8
#undef PRIx16
#undef PRIxLEAST16
#undef PRIxFAST16
#undef PRIx32
#undef PRIxLEAST32
#undef PRIxFAST32
#undef PRIx64
#undef PRIxLEAST64
#undef PRIxFAST64
#undef PRIxMAX
#undef PRIxPTR
#undef PRIX8
#undef PRIXLEAST8
#undef PRIXFAST8
#undef PRIX16
#undef PRIXLEAST16
#undef PRIXFAST16
#undef PRIX32
#undef PRIXLEAST32
#undef PRIXFAST32
#undef PRIX64
#undef PRIXLEAST64
#undef PRIXFAST64
#undef PRIXMAX
#undef PRIXPTR
#undef SCNd8
#undef SCNdLEAST8
#undef SCNdFAST8
#undef SCNd16
#undef SCNdLEAST16
#undef SCNdFAST16
#undef SCNd32
#undef SCNdLEAST32
#undef SCNdFAST32
#undef SCNd64
#undef SCNdLEAST64
#undef SCNdFAST64
#undef SCNdMAX
#undef SCNdPTR
#undef SCNi8
#undef SCNiLEAST8
#undef SCNiFAST8
#undef SCNi16
#undef SCNiLEAST16
#undef SCNiFAST16
#undef SCNi32
#undef SCNiLEAST32
#undef SCNiFAST32
#undef SCNi64
#undef SCNiLEAST64
#undef SCNiFAST64
#undef SCNiMAX
#undef SCNiPTR
#undef SCNo8
#undef SCNoLEAST8
#undef SCNoFAST8
#undef SCNo16
#undef SCNoLEAST16
#undef SCNoFAST16
#undef SCNo32
#undef SCNoLEAST32
#undef SCNoFAST32
#undef SCNo64
#undef SCNoLEAST64
#undef SCNoFAST64
#undef SCNoMAX
#undef SCNoPTR
#undef SCNu8
#undef SCNuLEAST8
#undef SCNuFAST8
#undef SCNu16
#undef SCNuLEAST16
#undef SCNuFAST16
#undef SCNu32
#undef SCNuLEAST32
#undef SCNuFAST32
#undef SCNu64
#undef SCNuLEAST64
#undef SCNuFAST64
#undef SCNuMAX
#undef SCNuPTR
#undef SCNx8
#undef SCNxLEAST8
#undef SCNxFAST8
#undef SCNx16
#undef SCNxLEAST16
#undef SCNxFAST16
#undef SCNx32
#undef SCNxLEAST32
#undef SCNxFAST32
#undef SCNx64
#undef SCNxLEAST64
#undef SCNxFAST64
#undef SCNxMAX
#undef SCNxPTR

#define PRId8 "hhd"
#define PRIdLEAST8 "hhd"
#define PRIdFAST8 "hhd"
#define PRId16 "hd"
#define PRIdLEAST16 "hd"
#define PRIdFAST16 "lld"
#define PRId32 "d"
#define PRIdLEAST32 "d"
#define PRIdFAST32 "lld"
#define PRId64 "lld"
#define PRIdLEAST64 "lld"
#define PRIdFAST64 "lld"
#define PRIdMAX "lld"
#define PRIdPTR "lld"
#define PRIi8 "hhi"
#define PRIiLEAST8 "hhi"
#define PRIiFAST8 "hhi"
#define PRIi16 "hi"
#define PRIiLEAST16 "hi"
#define PRIiFAST16 "lli"
#define PRIi32 "i"
#define PRIiLEAST32 "i"
#define PRIiFAST32 "lli"
#define PRIi64 "lli"
#define PRIiLEAST64 "lli"
#define PRIiFAST64 "lli"
#define PRIiMAX "lli"
#define PRIiPTR "lli"
#define PRIo8 "hho"
#define PRIoLEAST8 "hho"
#define PRIoFAST8 "hho"
#define PRIo16 "ho"
#define PRIoLEAST16 "ho"
#define PRIoFAST16 "llo"
#define PRIo32 "o"
#define PRIoLEAST32 "o"
#define PRIoFAST32 "llo"
#define PRIo64 "llo"
#define PRIoLEAST64 "llo"
#define PRIoFAST64 "llo"
#define PRIoMAX "llo"
#define PRIoPTR "llo"
#define PRIu8 "hhu"
#define PRIuLEAST8 "hhu"
#define PRIuFAST8 "hhu"
#define PRIu16 "hu"
#define PRIuLEAST16 "hu"
#define PRIuFAST16 "llu"
#define PRIu32 "u"
#define PRIuLEAST32 "u"
#define PRIuFAST32 "llu"
#define PRIu64 "llu"
#define PRIuLEAST64 "llu"
#define PRIuFAST64 "llu"
#define PRIuMAX "llu"
#define PRIuPTR "llu"
#define PRIx8 "hhx"
#define PRIxLEAST8 "hhx"
#define PRIxFAST8 "hhx"
#define PRIx16 "hx"
#define PRIxLEAST16 "hx"
#define PRIxFAST16 "llx"
#define PRIx32 "x"
#define PRIxLEAST32 "x"
#define PRIxFAST32 "llx"
#define PRIx64 "llx"
#define PRIxLEAST64 "llx"
#define PRIxFAST64 "llx"
#define PRIxMAX "llx"
#define PRIxPTR "llx"
#define PRIX8 "hhX"
#define PRIXLEAST8 "hhX"
#define PRIXFAST8 "hhX"
#define PRIX16 "hX"
#define PRIXLEAST16 "hX"
#define PRIXFAST16 "llX"
#define PRIX32 "X"
#define PRIXLEAST32 "X"
#define PRIXFAST32 "llX"
#define PRIX64 "llX"
#define PRIXLEAST64 "llX"
#define PRIXFAST64 "llX"
#define PRIXMAX "llX"
#define PRIXPTR "llX"
#define SCNd8 "hhd"
#define SCNdLEAST8 "hhd"
#define SCNdFAST8 "hhd"
#define SCNd16 "hd"
#define SCNdLEAST16 "hd"
#define SCNdFAST16 "lld"
#define SCNd32 "d"
#define SCNdLEAST32 "d"
#define SCNdFAST32 "lld"
#define SCNd64 "lld"
#define SCNdLEAST64 "lld"
#define SCNdFAST64 "lld"
#define SCNdMAX "lld"
#define SCNdPTR "lld"
#define SCNi8 "hhi"
#define SCNiLEAST8 "hhi"
#define SCNiFAST8 "hhi"
#define SCNi16 "hi"
#define SCNiLEAST16 "hi"
#define SCNiFAST16 "lli"
#define SCNi32 "i"
#define SCNiLEAST32 "i"
#define SCNiFAST32 "lli"
#define SCNi64 "lli"
#define SCNiLEAST64 "lli"
#define SCNiFAST64 "lli"
#define SCNiMAX "lli"
#define SCNiPTR "lli"
#define SCNo8 "hho"
#define SCNoLEAST8 "hho"
#define SCNoFAST8 "hho"
#define SCNo16 "ho"
#define SCNoLEAST16 "ho"
#define SCNoFAST16 "llo"
#define SCNo32 "o"
#define SCNoLEAST32 "o"
#define SCNoFAST32 "llo"
#define SCNo64 "llo"
#define SCNoLEAST64 "llo"
#define SCNoFAST64 "llo"
#define SCNoMAX "llo"
#define SCNoPTR "llo"
#define SCNu8 "hhu"
#define SCNuLEAST8 "hhu"
#define SCNuFAST8 "hhu"
#define SCNu16 "hu"
#define SCNuLEAST16 "hu"
#define SCNuFAST16 "llu"
#define SCNu32 "u"
#define SCNuLEAST32 "u"
#define SCNuFAST32 "llu"
#define SCNu64 "llu"
#define SCNuLEAST64 "llu"
#define SCNuFAST64 "llu"
#define SCNuMAX "llu"
#define SCNuPTR "llu"
#define SCNx8 "hhx"
#define SCNxLEAST8 "hhx"
#define SCNxFAST8 "hhx"
#define SCNx16 "hx"
#define SCNxLEAST16 "hx"
#define SCNxFAST16 "llx"
#define SCNx32 "x"
#define SCNxLEAST32 "x"
#define SCNxFAST32 "llx"
#define SCNx64 "llx"
#define SCNxLEAST64 "llx"
#define SCNxFAST64 "llx"
#define SCNxMAX "llx"
#define SCNxPTR "llx"

__BEGIN_DECLS
_CRTIMP intmax_t wcstoimax(const wchar_t *__restrict _String, wchar_t **__restrict _EndPtr,
                           int _Radix) _NTIO_CRT_AS_NTHNL(wcstoll);
_CRTIMP uintmax_t wcstoumax(const wchar_t *__restrict _String, wchar_t **__restrict _EndPtr,
                            int _Radix) _NTIO_CRT_AS_NTHNL(wcstoull);
__END_DECLS

#endif /* _NTIO_SDK_INTTYPES_H */
#endif
