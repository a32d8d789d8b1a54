/*
 * tests/win/crt/voidmain.c - "VOID main(VOID)" as Microsoft's compiler
 * accepts it: the process exits with 0 even though main's last call
 * (printf) leaves a nonzero value where gcc's code would return it.
 */
#include <windows.h>
#include <stdio.h>

VOID main(VOID)
{
    printf("void main ran\n");
}
