/*
 * tests/win/crt/wmain.c - wmain gets its arguments and environment in
 * UTF-16 (converted from the UTF-8 command line): every argument is
 * printed as its code units and as text.
 */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

int wmain(int argc, wchar_t *argv[], wchar_t *envp[])
{
    for (int i = 1; i < argc; i++) {
        printf("arg %d:", i);
        for (const wchar_t *p = argv[i]; *p != 0; p++) {
            printf(" %04X", (unsigned)*p);
        }
        wprintf(L" [%s] %zu\n", argv[i], wcslen(argv[i]));
    }
    int Found = 0;
    for (wchar_t **e = envp; *e != NULL; e++) {
        if (wcscmp(*e, L"NTIO_CRT_WMAIN=\u00fc\u20ac") == 0) {
            Found = 1;
        }
    }
    wprintf(L"envp %s\n", Found ? L"converted" : L"MISSING");
    return argv[argc] == NULL ? 0 : 1;
}
