/*
 * tests/win/crt/implicitmain.c - "main()" with an implicit int (C89, which
 * Microsoft's compiler still accepts), and an int main that falls off its
 * end in another function's file: see intmain.c.
 */
#include <stdio.h>

main()
{
    printf("implicit int main\n");
    return 7;
}
