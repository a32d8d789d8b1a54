/*
 * corecrt_wglibc.h - reads glibc's <wchar.h> and <wctype.h> with their
 * functions moved aside (to __ntio_glibc_<name>), so that the CRT headers
 * can declare ntio's functions under the standard names (see corecrt.h).
 * Internal to the CRT headers: applications include <wchar.h>.
 */
#ifndef _NTIO_CORECRT_WGLIBC_H
#define _NTIO_CORECRT_WGLIBC_H
#pragma GCC system_header

#include <corecrt.h>

/* Every function of glibc's wchar.h and the wctype.h functions ntio replaces. */
#define btowc __ntio_glibc_btowc
#define fgetwc __ntio_glibc_fgetwc
#define fgetwc_unlocked __ntio_glibc_fgetwc_unlocked
#define fgetws __ntio_glibc_fgetws
#define fgetws_unlocked __ntio_glibc_fgetws_unlocked
#define fputwc __ntio_glibc_fputwc
#define fputwc_unlocked __ntio_glibc_fputwc_unlocked
#define fputws __ntio_glibc_fputws
#define fputws_unlocked __ntio_glibc_fputws_unlocked
#define fwide __ntio_glibc_fwide
#define fwprintf __ntio_glibc_fwprintf
#define fwscanf __ntio_glibc_fwscanf
#define getwc __ntio_glibc_getwc
#define getwc_unlocked __ntio_glibc_getwc_unlocked
#define getwchar __ntio_glibc_getwchar
#define getwchar_unlocked __ntio_glibc_getwchar_unlocked
#define mbrlen __ntio_glibc_mbrlen
#define mbrtowc __ntio_glibc_mbrtowc
#define mbsinit __ntio_glibc_mbsinit
#define mbsnrtowcs __ntio_glibc_mbsnrtowcs
#define mbsrtowcs __ntio_glibc_mbsrtowcs
#define open_wmemstream __ntio_glibc_open_wmemstream
#define putwc __ntio_glibc_putwc
#define putwc_unlocked __ntio_glibc_putwc_unlocked
#define putwchar __ntio_glibc_putwchar
#define putwchar_unlocked __ntio_glibc_putwchar_unlocked
#define swprintf __ntio_glibc_swprintf
#define swscanf __ntio_glibc_swscanf
#define ungetwc __ntio_glibc_ungetwc
#define vfwprintf __ntio_glibc_vfwprintf
#define vfwscanf __ntio_glibc_vfwscanf
#define vswprintf __ntio_glibc_vswprintf
#define vswscanf __ntio_glibc_vswscanf
#define vwprintf __ntio_glibc_vwprintf
#define vwscanf __ntio_glibc_vwscanf
#define wcpcpy __ntio_glibc_wcpcpy
#define wcpncpy __ntio_glibc_wcpncpy
#define wcrtomb __ntio_glibc_wcrtomb
#define wcscasecmp __ntio_glibc_wcscasecmp
#define wcscasecmp_l __ntio_glibc_wcscasecmp_l
#define wcscat __ntio_glibc_wcscat
#define wcschr __ntio_glibc_wcschr
#define wcschrnul __ntio_glibc_wcschrnul
#define wcscmp __ntio_glibc_wcscmp
#define wcscoll __ntio_glibc_wcscoll
#define wcscoll_l __ntio_glibc_wcscoll_l
#define wcscpy __ntio_glibc_wcscpy
#define wcscspn __ntio_glibc_wcscspn
#define wcsdup __ntio_glibc_wcsdup
#define wcsftime __ntio_glibc_wcsftime
#define wcsftime_l __ntio_glibc_wcsftime_l
#define wcslen __ntio_glibc_wcslen
#define wcsncasecmp __ntio_glibc_wcsncasecmp
#define wcsncasecmp_l __ntio_glibc_wcsncasecmp_l
#define wcsncat __ntio_glibc_wcsncat
#define wcsncmp __ntio_glibc_wcsncmp
#define wcsncpy __ntio_glibc_wcsncpy
#define wcsnlen __ntio_glibc_wcsnlen
#define wcsnrtombs __ntio_glibc_wcsnrtombs
#define wcspbrk __ntio_glibc_wcspbrk
#define wcsrchr __ntio_glibc_wcsrchr
#define wcsrtombs __ntio_glibc_wcsrtombs
#define wcsspn __ntio_glibc_wcsspn
#define wcsstr __ntio_glibc_wcsstr
#define wcstod __ntio_glibc_wcstod
#define wcstod_l __ntio_glibc_wcstod_l
#define wcstof __ntio_glibc_wcstof
#define wcstof128 __ntio_glibc_wcstof128
#define wcstof128_l __ntio_glibc_wcstof128_l
#define wcstof32 __ntio_glibc_wcstof32
#define wcstof32_l __ntio_glibc_wcstof32_l
#define wcstof32x __ntio_glibc_wcstof32x
#define wcstof32x_l __ntio_glibc_wcstof32x_l
#define wcstof64 __ntio_glibc_wcstof64
#define wcstof64_l __ntio_glibc_wcstof64_l
#define wcstof64x __ntio_glibc_wcstof64x
#define wcstof64x_l __ntio_glibc_wcstof64x_l
#define wcstof_l __ntio_glibc_wcstof_l
#define wcstok __ntio_glibc_wcstok
#define wcstol __ntio_glibc_wcstol
#define wcstol_l __ntio_glibc_wcstol_l
#define wcstold __ntio_glibc_wcstold
#define wcstold_l __ntio_glibc_wcstold_l
#define wcstoll __ntio_glibc_wcstoll
#define wcstoll_l __ntio_glibc_wcstoll_l
#define wcstoq __ntio_glibc_wcstoq
#define wcstoul __ntio_glibc_wcstoul
#define wcstoul_l __ntio_glibc_wcstoul_l
#define wcstoull __ntio_glibc_wcstoull
#define wcstoull_l __ntio_glibc_wcstoull_l
#define wcstouq __ntio_glibc_wcstouq
#define wcswcs __ntio_glibc_wcswcs
#define wcswidth __ntio_glibc_wcswidth
#define wcsxfrm __ntio_glibc_wcsxfrm
#define wcsxfrm_l __ntio_glibc_wcsxfrm_l
#define wctob __ntio_glibc_wctob
#define wcwidth __ntio_glibc_wcwidth
#define wmemchr __ntio_glibc_wmemchr
#define wmemcmp __ntio_glibc_wmemcmp
#define wmemcpy __ntio_glibc_wmemcpy
#define wmemmove __ntio_glibc_wmemmove
#define wmempcpy __ntio_glibc_wmempcpy
#define wmemset __ntio_glibc_wmemset
#define wprintf __ntio_glibc_wprintf
#define wscanf __ntio_glibc_wscanf
#define iswalnum __ntio_glibc_iswalnum
#define iswalpha __ntio_glibc_iswalpha
#define iswblank __ntio_glibc_iswblank
#define iswcntrl __ntio_glibc_iswcntrl
#define iswctype __ntio_glibc_iswctype
#define iswdigit __ntio_glibc_iswdigit
#define iswgraph __ntio_glibc_iswgraph
#define iswlower __ntio_glibc_iswlower
#define iswprint __ntio_glibc_iswprint
#define iswpunct __ntio_glibc_iswpunct
#define iswspace __ntio_glibc_iswspace
#define iswupper __ntio_glibc_iswupper
#define iswxdigit __ntio_glibc_iswxdigit
#define towlower __ntio_glibc_towlower
#define towupper __ntio_glibc_towupper

#include_next <wchar.h>
#include_next <wctype.h>
#undef btowc
#undef fgetwc
#undef fgetwc_unlocked
#undef fgetws
#undef fgetws_unlocked
#undef fputwc
#undef fputwc_unlocked
#undef fputws
#undef fputws_unlocked
#undef fwide
#undef fwprintf
#undef fwscanf
#undef getwc
#undef getwc_unlocked
#undef getwchar
#undef getwchar_unlocked
#undef mbrlen
#undef mbrtowc
#undef mbsinit
#undef mbsnrtowcs
#undef mbsrtowcs
#undef open_wmemstream
#undef putwc
#undef putwc_unlocked
#undef putwchar
#undef putwchar_unlocked
#undef swprintf
#undef swscanf
#undef ungetwc
#undef vfwprintf
#undef vfwscanf
#undef vswprintf
#undef vswscanf
#undef vwprintf
#undef vwscanf
#undef wcpcpy
#undef wcpncpy
#undef wcrtomb
#undef wcscasecmp
#undef wcscasecmp_l
#undef wcscat
#undef wcschr
#undef wcschrnul
#undef wcscmp
#undef wcscoll
#undef wcscoll_l
#undef wcscpy
#undef wcscspn
#undef wcsdup
#undef wcsftime
#undef wcsftime_l
#undef wcslen
#undef wcsncasecmp
#undef wcsncasecmp_l
#undef wcsncat
#undef wcsncmp
#undef wcsncpy
#undef wcsnlen
#undef wcsnrtombs
#undef wcspbrk
#undef wcsrchr
#undef wcsrtombs
#undef wcsspn
#undef wcsstr
#undef wcstod
#undef wcstod_l
#undef wcstof
#undef wcstof128
#undef wcstof128_l
#undef wcstof32
#undef wcstof32_l
#undef wcstof32x
#undef wcstof32x_l
#undef wcstof64
#undef wcstof64_l
#undef wcstof64x
#undef wcstof64x_l
#undef wcstof_l
#undef wcstok
#undef wcstol
#undef wcstol_l
#undef wcstold
#undef wcstold_l
#undef wcstoll
#undef wcstoll_l
#undef wcstoq
#undef wcstoul
#undef wcstoul_l
#undef wcstoull
#undef wcstoull_l
#undef wcstouq
#undef wcswcs
#undef wcswidth
#undef wcsxfrm
#undef wcsxfrm_l
#undef wctob
#undef wcwidth
#undef wmemchr
#undef wmemcmp
#undef wmemcpy
#undef wmemmove
#undef wmempcpy
#undef wmemset
#undef wprintf
#undef wscanf
#undef iswalnum
#undef iswalpha
#undef iswblank
#undef iswcntrl
#undef iswctype
#undef iswdigit
#undef iswgraph
#undef iswlower
#undef iswprint
#undef iswpunct
#undef iswspace
#undef iswupper
#undef iswxdigit
#undef towlower
#undef towupper


/*
 * Microsoft's WEOF is the 16-bit 0xFFFF, so that the common
 *   wchar_t c; while ((c = getwc(f)) != WEOF) ...
 * ends; ntio's functions return it (wint_t itself stays glibc's 32-bit type).
 */
#undef WEOF
#define WEOF ((wint_t)0xFFFF)

#endif /* _NTIO_CORECRT_WGLIBC_H */
