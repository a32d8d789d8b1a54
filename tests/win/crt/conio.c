/*
 * tests/win/crt/conio.c - _getch, _getche, _kbhit, _ungetch, _getwch.
 *
 *   conio pipe   standard input is a pipe holding "ab": _kbhit sees data,
 *                _getch/_getche read the bytes (_getche echoes), _ungetch
 *                gives one back, at the end _kbhit is 0 and _getch EOF.
 *   conio tty    standard input is a terminal (driven by pty_conio.py):
 *                each read happens in non-canonical mode without echo and
 *                the terminal's mode is restored afterwards.
 */
#include <windows.h>
#include <conio.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static int Pipe(void)
{
    printf("kbhit %d\n", _kbhit() != 0);
    int a = _getch();
    printf("getch %c\n", a);
    printf("ungetch %c\n", _ungetch('z'));
    printf("kbhit %d\n", _kbhit() != 0);
    printf("getch %c\n", _getch());
    printf("echo [");
    int b = _getche();
    printf("] getche %c\n", b);
    printf("kbhit at end %d\n", _kbhit() != 0);
    printf("getch at end %d\n", _getch());
    return 0;
}

static int SameMode(const struct termios *a, const struct termios *b)
{
    return a->c_lflag == b->c_lflag && a->c_cc[VMIN] == b->c_cc[VMIN];
}

static int Tty(void)
{
    struct termios Before, After;
    if (tcgetattr(0, &Before) != 0) {
        printf("FAIL: standard input is not a terminal\n");
        return 1;
    }
    printf("canonical %d echo %d\n", (Before.c_lflag & ICANON) != 0, (Before.c_lflag & ECHO) != 0);
    printf("ready\n");
    int c = _getch();
    tcgetattr(0, &After);
    printf("got %c restored %d\n", c, SameMode(&Before, &After));

    printf("poll\n");
    int Polls = 0;
    while (!_kbhit() && Polls < 1000) {
        Sleep(10);
        Polls++;
    }
    c = _getch();
    tcgetattr(0, &After);
    printf("kbhit got %c restored %d\n", c, SameMode(&Before, &After));

    printf("wide\n");
    wint_t w = _getwch();
    tcgetattr(0, &After);
    printf("getwch %04X restored %d\n", (unsigned)w, SameMode(&Before, &After));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "tty") == 0) {
        return Tty();
    }
    return Pipe();
}
