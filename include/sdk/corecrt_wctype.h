/*
 * corecrt_wctype.h - wide-character classification and case mapping
 * (Microsoft declares it in <ctype.h>, <wctype.h> and <wchar.h>).
 * Implemented in win32/msvcrt/wctype.c.
 *
 * Classification follows Unicode whatever the locale (as Microsoft's,
 * whose tables cover every wchar_t); a surrogate is none of the classes.
 * Case mapping follows the current locale: ASCII only in the "C" locale
 * (Microsoft's rule), Unicode once setlocale chose a UTF-8 locale.
 * iswctype takes a descriptor from wctype() or one of Microsoft's masks
 * (_ALPHA, _DIGIT ...).
 */
#ifndef _NTIO_CORECRT_WCTYPE_H
#define _NTIO_CORECRT_WCTYPE_H
#pragma GCC system_header

#include <corecrt_wglibc.h>

/* Microsoft's character-class masks (for iswctype). */
#ifndef _UPPER
#define _UPPER 0x0001
#define _LOWER 0x0002
#define _DIGIT 0x0004
#define _SPACE 0x0008
#define _PUNCT 0x0010
#define _CONTROL 0x0020
#define _BLANK 0x0040
#define _HEX 0x0080
#define _LEADBYTE 0x8000
#define _ALPHA (0x0100 | _UPPER | _LOWER)
#endif

__BEGIN_DECLS

_CRTIMP int iswalnum(wint_t _C) _NTIO_CRT_AS_NTH(iswalnum);
_CRTIMP int iswalpha(wint_t _C) _NTIO_CRT_AS_NTH(iswalpha);
_CRTIMP int iswblank(wint_t _C) _NTIO_CRT_AS_NTH(iswblank);
_CRTIMP int iswcntrl(wint_t _C) _NTIO_CRT_AS_NTH(iswcntrl);
_CRTIMP int iswdigit(wint_t _C) _NTIO_CRT_AS_NTH(iswdigit);
_CRTIMP int iswgraph(wint_t _C) _NTIO_CRT_AS_NTH(iswgraph);
_CRTIMP int iswlower(wint_t _C) _NTIO_CRT_AS_NTH(iswlower);
_CRTIMP int iswprint(wint_t _C) _NTIO_CRT_AS_NTH(iswprint);
_CRTIMP int iswpunct(wint_t _C) _NTIO_CRT_AS_NTH(iswpunct);
_CRTIMP int iswspace(wint_t _C) _NTIO_CRT_AS_NTH(iswspace);
_CRTIMP int iswupper(wint_t _C) _NTIO_CRT_AS_NTH(iswupper);
_CRTIMP int iswxdigit(wint_t _C) _NTIO_CRT_AS_NTH(iswxdigit);
_CRTIMP int iswctype(wint_t _C, wctype_t _Type) _NTIO_CRT_AS_NTH(iswctype);
_CRTIMP wint_t towlower(wint_t _C) _NTIO_CRT_AS_NTH(towlower);
_CRTIMP wint_t towupper(wint_t _C) _NTIO_CRT_AS_NTH(towupper);

/* Microsoft's additions. */
_CRTIMP int iswascii(wint_t _C);
_CRTIMP int __iswcsym(wint_t _C);
_CRTIMP int __iswcsymf(wint_t _C);

__END_DECLS

#endif /* _NTIO_CORECRT_WCTYPE_H */
