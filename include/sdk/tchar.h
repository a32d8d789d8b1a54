/*
 * tchar.h - Microsoft's generic-text mappings: with _UNICODE defined the
 * _t names are the wide functions (_tprintf is wprintf, _tmain is wmain,
 * _T("x") is L"x"), without it the narrow ones.  As in Microsoft's header
 * only _UNICODE counts (windows.h's TCHAR follows UNICODE: define both).
 * The _MBCS variants are the narrow ones (the multibyte code page is UTF-8).
 */
#if (defined(_NTIO_WIN32_) || defined(_NTIO_KERNEL_)) && !defined(_NTIO_MSVCRT_)
#error "tchar.h is part of the application CRT"
#endif
#ifndef _NTIO_SDK_TCHAR_H
#define _NTIO_SDK_TCHAR_H
#pragma GCC system_header

#include <corecrt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <wchar.h>
#include <time.h>

#define __T(x) _NTIO_TCHAR_T(x)
#define _T(x) __T(x)
#define _TEXT(x) __T(x)

#ifdef _UNICODE

#define _NTIO_TCHAR_T(x) L##x
#define _TEOF WEOF
typedef wchar_t _TCHAR;
typedef wchar_t _TSCHAR;
typedef wchar_t _TUCHAR;
typedef wchar_t _TXCHAR;
typedef wint_t _TINT;
#define _tWinMain wWinMain
#define _tmain wmain
#define _tprintf wprintf
#define _ftprintf fwprintf
#define _stprintf _swprintf
#define _sntprintf _snwprintf
#define _stprintf_s swprintf_s
#define _sntprintf_s _snwprintf_s
#define _vtprintf vwprintf
#define _vftprintf vfwprintf
#define _vstprintf _vswprintf
#define _vsntprintf _vsnwprintf
#define _vstprintf_s vswprintf_s
#define _vsntprintf_s _vsnwprintf_s
#define _tprintf_s wprintf_s
#define _ftprintf_s fwprintf_s
#define _vtprintf_s vwprintf_s
#define _vftprintf_s vfwprintf_s
#define _sctprintf _scwprintf
#define _vsctprintf _vscwprintf
#define _tscanf wscanf
#define _ftscanf fwscanf
#define _stscanf swscanf
#define _tscanf_s wscanf_s
#define _ftscanf_s fwscanf_s
#define _stscanf_s swscanf_s
#define _sntscanf _snwscanf
#define _fgettc fgetwc
#define _fgettchar _fgetwchar
#define _fgetts fgetws
#define _fputtc fputwc
#define _fputtchar _fputwchar
#define _fputts fputws
#define _gettc getwc
#define _gettchar getwchar
#define _puttc putwc
#define _puttchar putwchar
#define _putts _putws
#define _ungettc ungetwc
#define _tfopen _wfopen
#define _tfopen_s _wfopen_s
#define _tfreopen _wfreopen
#define _tfdopen _wfdopen
#define _tremove _wremove
#define _trename _wrename
#define _tperror _wperror
#define _tcscat wcscat
#define _tcscat_s wcscat_s
#define _tcschr wcschr
#define _tcscmp wcscmp
#define _tcscoll wcscoll
#define _tcscpy wcscpy
#define _tcscpy_s wcscpy_s
#define _tcscspn wcscspn
#define _tcsdup _wcsdup
#define _tcsicmp _wcsicmp
#define _tcsicoll _wcsicoll
#define _tcslen wcslen
#define _tcsnlen wcsnlen
#define _tcsclen wcslen
#define _tcsncat wcsncat
#define _tcsncat_s wcsncat_s
#define _tcsnccat wcsncat
#define _tcsncmp wcsncmp
#define _tcsnccmp wcsncmp
#define _tcsncpy wcsncpy
#define _tcsncpy_s wcsncpy_s
#define _tcsnccpy wcsncpy
#define _tcsnicmp _wcsnicmp
#define _tcsncicmp _wcsnicmp
#define _tcspbrk wcspbrk
#define _tcsrchr wcsrchr
#define _tcsrev _wcsrev
#define _tcsset _wcsset
#define _tcsnset _wcsnset
#define _tcsspn wcsspn
#define _tcsstr wcsstr
#define _tcstok _wcstok
#define _tcstok_s wcstok_s
#define _tcslwr _wcslwr
#define _tcslwr_s _wcslwr_s
#define _tcsupr _wcsupr
#define _tcsupr_s _wcsupr_s
#define _tcsxfrm wcsxfrm
#define _tcsftime wcsftime
#define _tcstod wcstod
#define _tcstof wcstof
#define _tcstol wcstol
#define _tcstoul wcstoul
#define _tcstoll wcstoll
#define _tcstoull wcstoull
#define _tcstoi64 _wcstoi64
#define _tcstoui64 _wcstoui64
#define _ttoi _wtoi
#define _ttol _wtol
#define _ttoll _wtoll
#define _ttoi64 _wtoi64
#define _tstof _wtof
#define _tstoi _wtoi
#define _tstol _wtol
#define _tstoi64 _wtoi64
#define _itot _itow
#define _ltot _ltow
#define _ultot _ultow
#define _i64tot _i64tow
#define _ui64tot _ui64tow
#define _itot_s _itow_s
#define _ltot_s _ltow_s
#define _ultot_s _ultow_s
#define _i64tot_s _i64tow_s
#define _ui64tot_s _ui64tow_s
#define _tgetenv _wgetenv
#define _tdupenv_s _wdupenv_s
#define _tgetenv_s _wgetenv_s
#define _tsystem _wsystem
#define _istalnum iswalnum
#define _istalpha iswalpha
#define _istascii iswascii
#define _istcntrl iswcntrl
#define _istdigit iswdigit
#define _istgraph iswgraph
#define _istlower iswlower
#define _istprint iswprint
#define _istpunct iswpunct
#define _istblank iswblank
#define _istspace iswspace
#define _istupper iswupper
#define _istxdigit iswxdigit
#define _totlower towlower
#define _totupper towupper
#define _gettch _getwch
#define _gettche _getwche
#define _puttch _putwch
#define _ungettch _ungetwch
#define _cputts _cputws
#define _tcprintf _cwprintf

#else /* !_UNICODE */

#define _NTIO_TCHAR_T(x) x
#define _TEOF EOF
typedef char _TCHAR;
typedef signed char _TSCHAR;
typedef unsigned char _TUCHAR;
typedef char _TXCHAR;
typedef int _TINT;
#define _tWinMain WinMain
#define _tmain main
#define _tprintf printf
#define _ftprintf fprintf
#define _stprintf sprintf
#define _sntprintf _snprintf
#define _stprintf_s sprintf_s
#define _sntprintf_s _snprintf_s
#define _vtprintf vprintf
#define _vftprintf vfprintf
#define _vstprintf vsprintf
#define _vsntprintf _vsnprintf
#define _vstprintf_s vsprintf_s
#define _vsntprintf_s _vsnprintf_s
#define _tprintf_s printf_s
#define _ftprintf_s fprintf_s
#define _vtprintf_s vprintf_s
#define _vftprintf_s vfprintf_s
#define _sctprintf _scprintf
#define _vsctprintf _vscprintf
#define _tscanf scanf
#define _ftscanf fscanf
#define _stscanf sscanf
#define _tscanf_s scanf_s
#define _ftscanf_s fscanf_s
#define _stscanf_s sscanf_s
#define _sntscanf _snscanf
#define _fgettc fgetc
#define _fgettchar _fgetchar
#define _fgetts fgets
#define _fputtc fputc
#define _fputtchar _fputchar
#define _fputts fputs
#define _gettc getc
#define _gettchar getchar
#define _puttc putc
#define _puttchar putchar
#define _putts puts
#define _ungettc ungetc
#define _tfopen fopen
#define _tfopen_s fopen_s
#define _tfreopen freopen
#define _tfdopen _fdopen
#define _tremove remove
#define _trename rename
#define _tperror perror
#define _tcscat strcat
#define _tcscat_s strcat_s
#define _tcschr strchr
#define _tcscmp strcmp
#define _tcscoll strcoll
#define _tcscpy strcpy
#define _tcscpy_s strcpy_s
#define _tcscspn strcspn
#define _tcsdup _strdup
#define _tcsicmp _stricmp
#define _tcsicoll _stricoll
#define _tcslen strlen
#define _tcsnlen strnlen
#define _tcsclen strlen
#define _tcsncat strncat
#define _tcsncat_s strncat_s
#define _tcsnccat strncat
#define _tcsncmp strncmp
#define _tcsnccmp strncmp
#define _tcsncpy strncpy
#define _tcsncpy_s strncpy_s
#define _tcsnccpy strncpy
#define _tcsnicmp _strnicmp
#define _tcsncicmp _strnicmp
#define _tcspbrk strpbrk
#define _tcsrchr strrchr
#define _tcsrev _strrev
#define _tcsset _strset
#define _tcsnset _strnset
#define _tcsspn strspn
#define _tcsstr strstr
#define _tcstok strtok
#define _tcstok_s strtok_s
#define _tcslwr _strlwr
#define _tcslwr_s _strlwr_s
#define _tcsupr _strupr
#define _tcsupr_s _strupr_s
#define _tcsxfrm strxfrm
#define _tcsftime strftime
#define _tcstod strtod
#define _tcstof strtof
#define _tcstol strtol
#define _tcstoul strtoul
#define _tcstoll strtoll
#define _tcstoull strtoull
#define _tcstoi64 _strtoi64
#define _tcstoui64 _strtoui64
#define _ttoi atoi
#define _ttol atol
#define _ttoll atoll
#define _ttoi64 _atoi64
#define _tstof atof
#define _tstoi atoi
#define _tstol atol
#define _tstoi64 _atoi64
#define _itot _itoa
#define _ltot _ltoa
#define _ultot _ultoa
#define _i64tot _i64toa
#define _ui64tot _ui64toa
#define _itot_s _itoa_s
#define _ltot_s _ltoa_s
#define _ultot_s _ultoa_s
#define _i64tot_s _i64toa_s
#define _ui64tot_s _ui64toa_s
#define _tgetenv getenv
#define _tdupenv_s _dupenv_s
#define _tgetenv_s getenv_s
#define _tsystem system
#define _istalnum isalnum
#define _istalpha isalpha
#define _istascii __isascii
#define _istcntrl iscntrl
#define _istdigit isdigit
#define _istgraph isgraph
#define _istlower islower
#define _istprint isprint
#define _istpunct ispunct
#define _istblank isblank
#define _istspace isspace
#define _istupper isupper
#define _istxdigit isxdigit
#define _totlower tolower
#define _totupper toupper
#define _gettch _getch
#define _gettche _getche
#define _puttch _putch
#define _ungettch _ungetch
#define _cputts _cputs
#define _tcprintf _cprintf
/* The byte-wise helpers of Microsoft's _MBCS mappings, for single-byte text. */
#define _tcsinc(p) ((p) + 1)
#define _tcsdec(start, p) ((p) > (start) ? (p) - 1 : NULL)
#define _tcsnextc(p) ((unsigned int)*(const unsigned char *)(p))
#define _tccpy(d, s) (*(d) = *(s))
#define _tclen(p) 1

#endif /* _UNICODE */

#ifdef _UNICODE
#define _tcsinc(p) ((p) + 1)
#define _tcsdec(start, p) ((p) > (start) ? (p) - 1 : NULL)
#define _tcsnextc(p) ((unsigned int)*(p))
#define _tccpy(d, s) (*(d) = *(s))
#define _tclen(p) 1
#endif

#endif /* _NTIO_SDK_TCHAR_H */
