/*
 * tests/win/crt/cdeclmain.c - "int __cdecl main(ULONG argc, PCHAR argv[])"
 * compiles without warnings (-Wall -Werror) and its value is the exit status.
 */
#include <windows.h>
#include <stdio.h>

int __cdecl main(ULONG argc, PCHAR argv[])
{
    printf("argc %lu, last %s\n", argc, argv[argc - 1]);
    return (int)argc + 10;
}
