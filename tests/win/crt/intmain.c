/*
 * tests/win/crt/intmain.c - an int main without a return statement exits
 * with 0 (C99's rule, kept by ntio's entry-point handling).
 */
#include <stdio.h>

int main(void)
{
    printf("int main falls off its end\n");
}
