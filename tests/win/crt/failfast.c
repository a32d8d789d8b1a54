/*
 * tests/win/crt/failfast.c - an invalid parameter with no handler set ends
 * the process at once, as a release build of the Microsoft CRT does: a
 * message on stderr and exit status 0xC0000409 (0x09 for a Linux parent).
 */
#include <stdio.h>

int main(void)
{
    char Small[4];
    printf("before\n");
    fflush(stdout);
    sprintf_s(Small, sizeof Small, "%s", "does not fit");
    printf("FAIL: the process went on\n");
    return 0;
}
