/*
 * corecrt_wconio.h - wide console I/O (Microsoft declares it in <conio.h>
 * and <wchar.h>).  See conio.h; the terminal's bytes are UTF-8.
 */
#ifndef _NTIO_CORECRT_WCONIO_H
#define _NTIO_CORECRT_WCONIO_H
#pragma GCC system_header

#include <corecrt_wglibc.h>

__BEGIN_DECLS

/* Reads one character (a UTF-8 sequence) without echo; WEOF at end of input. */
_CRTIMP wint_t _getwch(void);
_CRTIMP wint_t _getwche(void);
_CRTIMP wint_t _putwch(wchar_t _Character);
_CRTIMP wint_t _ungetwch(wint_t _Character);
_CRTIMP int _cputws(const wchar_t *_String);
_CRTIMP int _cwprintf(const wchar_t *_Format, ...);
_CRTIMP int _vcwprintf(const wchar_t *_Format, va_list _ArgList);

__END_DECLS

#endif /* _NTIO_CORECRT_WCONIO_H */
