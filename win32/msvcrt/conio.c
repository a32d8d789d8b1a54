/*
 * msvcrt/conio.c - Microsoft's console I/O on standard input/output.
 *
 * On a terminal a key is read in "key mode": non-canonical input without
 * echo (VMIN 1, VTIME 0), signals kept so that Ctrl+C still interrupts.
 * _getch enters it for one read and restores the terminal; _kbhit enters
 * it and stays (keys typed while a program polls must be neither echoed
 * nor held until Enter), until the next _getch or the end of the process.
 * While key mode lasts, SIGINT/SIGTERM/SIGHUP/SIGQUIT restore the terminal
 * before the default action (only where the program has no handler).
 * On a pipe or a file the bytes of standard input are read as they come;
 * _kbhit polls the descriptor.  Reads go to the descriptor directly (not
 * through stdin's buffer), so that _kbhit's answer is true.
 */
#include "crt.h"

#include <conio.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

/* Terminal state; protected by CrtConLock. */
static pthread_mutex_t CrtConLock = PTHREAD_MUTEX_INITIALIZER;
static struct termios CrtConSaved;          /* the terminal's mode before key mode */
static volatile sig_atomic_t CrtConKeyMode; /* key mode is on (read by signal handlers) */
static int CrtConAtExit;
static int CrtConPushback = -1;             /* _ungetch's byte */
static wint_t CrtConWidePushback = WEOF;    /* _ungetwch's character */
static const int CrtConSignals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static struct sigaction CrtConPrevious[4];
static int CrtConHandlersSet;

static void CrtConRestoreNow(void)
{
    if (CrtConKeyMode) {
        tcsetattr(STDIN_FILENO, TCSANOW, &CrtConSaved);
        CrtConKeyMode = 0;
    }
}

static void CrtConSignal(int Signal)
{
    CrtConRestoreNow();
    /* The default action, as if we had not been here. */
    signal(Signal, SIG_DFL);
    raise(Signal);
}

static void CrtConAtExitRestore(void)
{
    pthread_mutex_lock(&CrtConLock);
    CrtConRestoreNow();
    pthread_mutex_unlock(&CrtConLock);
}

/* Caller holds CrtConLock.  FALSE if standard input is not a terminal. */
static int CrtConEnterKeyMode(void)
{
    if (CrtConKeyMode) {
        return 1;
    }
    struct termios Mode;
    if (tcgetattr(STDIN_FILENO, &Mode) != 0) {
        return 0;
    }
    CrtConSaved = Mode;
    Mode.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    Mode.c_cc[VMIN] = 1;
    Mode.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &Mode) != 0) {
        return 0;
    }
    CrtConKeyMode = 1;
    if (!CrtConAtExit) {
        atexit(CrtConAtExitRestore);
        CrtConAtExit = 1;
    }
    if (!CrtConHandlersSet) {
        for (int i = 0; i < 4; i++) {
            struct sigaction Current;
            if (sigaction(CrtConSignals[i], NULL, &Current) == 0 && Current.sa_handler == SIG_DFL &&
                !(Current.sa_flags & SA_SIGINFO)) {
                struct sigaction Ours;
                memset(&Ours, 0, sizeof Ours);
                Ours.sa_handler = CrtConSignal;
                sigemptyset(&Ours.sa_mask);
                sigaction(CrtConSignals[i], &Ours, &CrtConPrevious[i]);
            }
        }
        CrtConHandlersSet = 1;
    }
    return 1;
}

/* Caller holds CrtConLock. */
static void CrtConLeaveKeyMode(void)
{
    CrtConRestoreNow();
}

/* One byte of standard input (EOF at its end or on an error). */
static int CrtConReadByte(void)
{
    unsigned char Byte;
    for (;;) {
        ssize_t n = read(STDIN_FILENO, &Byte, 1);
        if (n == 1) {
            return Byte;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        return EOF;
    }
}

/* Reads one byte, in key mode on a terminal. Caller holds CrtConLock. */
static int CrtConGetByte(void)
{
    if (CrtConPushback >= 0) {
        int c = CrtConPushback;
        CrtConPushback = -1;
        return c;
    }
    int Terminal = CrtConEnterKeyMode();
    int c = CrtConReadByte();
    if (Terminal) {
        CrtConLeaveKeyMode();
    }
    return c;
}

CRTAPI int _getch(void)
{
    fflush(stdout);
    pthread_mutex_lock(&CrtConLock);
    int c = CrtConGetByte();
    pthread_mutex_unlock(&CrtConLock);
    return c;
}

CRTAPI int _putch(int Character)
{
    int Result = putchar(Character);
    fflush(stdout);
    return Result == EOF ? EOF : (unsigned char)Character;
}

CRTAPI int _getche(void)
{
    int c = _getch();
    if (c != EOF) {
        _putch(c);
    }
    return c;
}

CRTAPI int _ungetch(int Character)
{
    pthread_mutex_lock(&CrtConLock);
    int Result = EOF;
    if (Character != EOF && CrtConPushback < 0) {
        CrtConPushback = (unsigned char)Character;
        Result = CrtConPushback;
    }
    pthread_mutex_unlock(&CrtConLock);
    return Result;
}

CRTAPI int _kbhit(void)
{
    fflush(stdout);
    pthread_mutex_lock(&CrtConLock);
    int Waiting = CrtConPushback >= 0 || CrtConWidePushback != WEOF;
    if (!Waiting) {
        CrtConEnterKeyMode();
        struct pollfd Poll = { .fd = STDIN_FILENO, .events = POLLIN };
        /* A pipe at its end (POLLHUP alone) has no key to give. */
        Waiting = poll(&Poll, 1, 0) == 1 && (Poll.revents & POLLIN) != 0;
    }
    pthread_mutex_unlock(&CrtConLock);
    return Waiting;
}

CRTAPI int _cputs(const char *String)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, -1);
    int Result = fputs(String, stdout) == EOF ? -1 : 0;
    fflush(stdout);
    return Result;
}

CRTAPI int _vcprintf(const char *Format, va_list Args)
{
    int Result = vfprintf(stdout, Format, Args);
    fflush(stdout);
    return Result;
}

CRTAPI int _cprintf(const char *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = _vcprintf(Format, Args);
    va_end(Args);
    return Result;
}

CRTAPI errno_t _cgets_s(char *Buffer, size_t Size, size_t *SizeRead)
{
    if (Buffer == NULL || Size == 0 || SizeRead == NULL) {
        return CRT_FAIL(EINVAL);
    }
    fflush(stdout);
    size_t Done = 0;
    *SizeRead = 0;
    Buffer[0] = '\0';
    /* A line, as the terminal's canonical mode edits it. */
    for (;;) {
        pthread_mutex_lock(&CrtConLock);
        int c;
        if (CrtConPushback >= 0) {
            c = CrtConPushback;
            CrtConPushback = -1;
        } else {
            CrtConLeaveKeyMode();
            c = CrtConReadByte();
        }
        pthread_mutex_unlock(&CrtConLock);
        if (c == EOF || c == '\n') {
            break;
        }
        if (c == '\r') {
            continue;
        }
        if (Done + 1 < Size) {
            Buffer[Done++] = (char)c;
        }
    }
    Buffer[Done] = '\0';
    *SizeRead = Done;
    return 0;
}

/* ---- wide ----------------------------------------------------------------- */

CRTAPI wint_t _getwch(void)
{
    fflush(stdout);
    pthread_mutex_lock(&CrtConLock);
    if (CrtConWidePushback != WEOF) {
        wint_t Ch = CrtConWidePushback;
        CrtConWidePushback = WEOF;
        pthread_mutex_unlock(&CrtConLock);
        return Ch;
    }
    int Terminal = CrtConEnterKeyMode();
    unsigned char Bytes[4];
    size_t Count = 0;
    unsigned Cp = 0xFFFD;
    int c = CrtConPushback >= 0 ? CrtConPushback : CrtConReadByte();
    CrtConPushback = -1;
    if (c == EOF) {
        if (Terminal) {
            CrtConLeaveKeyMode();
        }
        pthread_mutex_unlock(&CrtConLock);
        return WEOF;
    }
    Bytes[Count++] = (unsigned char)c;
    for (;;) {
        size_t Bad;
        int Length = CrtUtf8Decode(Bytes, Count, &Cp, &Bad);
        if (Length > 0) {
            break;
        }
        if (Length < 0) {
            if (Count > 1) {
                CrtConPushback = Bytes[Count - 1];
            }
            Cp = 0xFFFD;
            break;
        }
        c = CrtConReadByte();
        if (c == EOF) {
            Cp = 0xFFFD;
            break;
        }
        Bytes[Count++] = (unsigned char)c;
    }
    if (Cp >= 0x10000) {
        Cp -= 0x10000;
        CrtConWidePushback = 0xDC00 + (Cp & 0x3FF);
        Cp = 0xD800 + (Cp >> 10);
    }
    if (Terminal) {
        CrtConLeaveKeyMode();
    }
    pthread_mutex_unlock(&CrtConLock);
    return (wint_t)Cp;
}

CRTAPI wint_t _putwch(wchar_t Character)
{
    int Failed = CrtStreamPutWide(stdout, &Character, 1);
    fflush(stdout);
    return Failed ? WEOF : (wint_t)Character;
}

CRTAPI wint_t _getwche(void)
{
    wint_t Ch = _getwch();
    if (Ch != WEOF) {
        _putwch((wchar_t)Ch);
    }
    return Ch;
}

CRTAPI wint_t _ungetwch(wint_t Character)
{
    pthread_mutex_lock(&CrtConLock);
    wint_t Result = WEOF;
    if (Character != WEOF && CrtConWidePushback == WEOF) {
        CrtConWidePushback = Character;
        Result = Character;
    }
    pthread_mutex_unlock(&CrtConLock);
    return Result;
}

CRTAPI int _cputws(const wchar_t *String)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, -1);
    int Result = CrtStreamPutWide(stdout, String, wcslen(String));
    fflush(stdout);
    return Result == 0 ? 0 : -1;
}

CRTAPI int _vcwprintf(const wchar_t *Format, va_list Args)
{
    int Result = vfwprintf(stdout, Format, Args);
    fflush(stdout);
    return Result;
}

CRTAPI int _cwprintf(const wchar_t *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = _vcwprintf(Format, Args);
    va_end(Args);
    return Result;
}
