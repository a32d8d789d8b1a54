/*
 * tests/win/crt/voidmain_args.c - the WDK samples' entry point,
 * "VOID __cdecl main(ULONG argc, PCHAR argv[])", with a bare "return;":
 * both ways out end the process with status 0.
 */
#include <windows.h>
#include <stdio.h>

VOID __cdecl main(_In_ ULONG argc, _In_reads_(argc) PCHAR argv[])
{
    if (argc < 2) {
        printf("usage: voidmain_args ARG\n");
        return;
    }
    printf("argc %lu, argv[1] %s\n", argc, argv[1]);
}
