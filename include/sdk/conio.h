/*
 * conio.h - Microsoft's console I/O (win32/msvcrt/conio.c).
 *
 * On a terminal, _getch/_getche/_getwch read one key without waiting for
 * Enter: the terminal is switched to non-canonical mode without echo for
 * the read and restored after it (Ctrl+C still interrupts).  _kbhit
 * switches the terminal to that mode too and leaves it there, so that keys
 * typed while the program polls are neither echoed nor held until Enter;
 * the next _getch, or the end of the process, restores the terminal.  On a
 * pipe or a file they read standard input's bytes (as Microsoft's read the
 * console), and _kbhit reports whether a byte can be read without waiting.
 * A key is returned as the bytes the terminal sends: function and arrow
 * keys arrive as their escape sequences, not as Microsoft's 0xE0 prefix.
 * Output (_putch, _cputs, _cprintf) goes to standard output, flushed at
 * once; standard output is flushed before every read, so a prompt without
 * a newline shows.
 */
#if (defined(_NTIO_WIN32_) || defined(_NTIO_KERNEL_)) && !defined(_NTIO_MSVCRT_)
#error "conio.h is part of the application CRT"
#endif
#ifndef _NTIO_SDK_CONIO_H
#define _NTIO_SDK_CONIO_H
#pragma GCC system_header

#include <corecrt.h>
#include <corecrt_wconio.h>

__BEGIN_DECLS

/* Reads one byte without echo; EOF at end of input. */
_CRTIMP int _getch(void);
_CRTIMP int _getche(void);
_CRTIMP int _getch_nolock(void) _NTIO_CRT_ALIAS("_getch");
_CRTIMP int _getche_nolock(void) _NTIO_CRT_ALIAS("_getche");
/* Nonzero if a key (a byte of input) is waiting. */
_CRTIMP int _kbhit(void);
/* Pushes one byte back for the next _getch; EOF if one is already pushed back. */
_CRTIMP int _ungetch(int _Character);
_CRTIMP int _putch(int _Character);
_CRTIMP int _putch_nolock(int _Character) _NTIO_CRT_ALIAS("_putch");
/* Writes the string (no newline added); 0, or -1 on error. */
_CRTIMP int _cputs(const char *_String);
_CRTIMP int _cprintf(const char *_Format, ...);
_CRTIMP int _vcprintf(const char *_Format, va_list _ArgList);
/* Reads a line into _Buffer (at most _BufferCount-1 chars, without the newline). */
_CRTIMP errno_t _cgets_s(char *_Buffer, size_t _BufferCount, size_t *_SizeRead);

/* The old names. */
_CRTIMP int getch(void) _NTIO_CRT_ALIAS("_getch");
_CRTIMP int getche(void) _NTIO_CRT_ALIAS("_getche");
_CRTIMP int kbhit(void) _NTIO_CRT_ALIAS("_kbhit");
_CRTIMP int ungetch(int _Character) _NTIO_CRT_ALIAS("_ungetch");
_CRTIMP int putch(int _Character) _NTIO_CRT_ALIAS("_putch");
_CRTIMP int cputs(const char *_String) _NTIO_CRT_ALIAS("_cputs");
_CRTIMP int cprintf(const char *_Format, ...) _NTIO_CRT_ALIAS("_cprintf");

__END_DECLS

#endif /* _NTIO_SDK_CONIO_H */
