/*
 * msvcrt/startup.c - the program's entry, as the Microsoft CRT runs it.
 *
 * ntio-cc links applications with -Wl,--wrap=__libc_start_main, so the C
 * start-up code (crt1.o) hands main to __wrap___libc_start_main here, which
 * hands glibc a trampoline instead.  The application's source, compiled
 * with <ntio_crtmain.h>, has told __ntio_crt_main_kind (from a constructor,
 * before main runs) what its entry point is:
 *   - a wmain gets argv and envp converted from UTF-8 to UTF-16;
 *   - a void main's return value is garbage in gcc's code: the process
 *     exits with 0, as with the Microsoft CRT.
 * An int main's value is the exit status, as usual.  Programs built
 * without ntio-cc (no --wrap) are not affected.
 */
#include "crt.h"

#define CRT_MAIN_RETURNS_VOID 1     /* _NTIO_MAIN_RETURNS_VOID (ntio_crtmain.h) */
#define CRT_MAIN_WIDE 2             /* _NTIO_MAIN_WIDE */

typedef int (*CRT_MAIN)(int, char **, char **);
typedef int (*CRT_WMAIN)(int, wchar_t **, wchar_t **);

extern int __libc_start_main(CRT_MAIN Main, int Argc, char **Argv, void (*Init)(void),
                             void (*Fini)(void), void (*RtldFini)(void), void *StackEnd);

static int CrtMainKind;
static CRT_MAIN CrtUserMain;
/* The wide arguments and environment of a wmain (kept for the process's life). */
static wchar_t **CrtWideArgv;
static wchar_t **CrtWideEnvp;

CRTAPI void __ntio_crt_main_kind(int Kind)
{
    CrtMainKind = Kind;
}

static void CrtFreeVector(wchar_t **Vector)
{
    if (Vector != NULL) {
        for (size_t i = 0; Vector[i] != NULL; i++) {
            free(Vector[i]);
        }
        free(Vector);
    }
}

/* A NULL-terminated wide copy of a narrow string vector; NULL when out of memory. */
static wchar_t **CrtWidenVector(char **Vector)
{
    size_t Count = 0;
    while (Vector != NULL && Vector[Count] != NULL) {
        Count++;
    }
    wchar_t **Wide = calloc(Count + 1, sizeof(*Wide));
    if (Wide == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < Count; i++) {
        Wide[i] = CrtUtf8ToWide(Vector[i]);
        if (Wide[i] == NULL) {
            CrtFreeVector(Wide);
            return NULL;
        }
    }
    return Wide;
}

/* At the very end (after the program's exit handlers, which may still use argv). */
static __attribute__((destructor)) void CrtFreeWideArguments(void)
{
    CrtFreeVector(CrtWideArgv);
    CrtFreeVector(CrtWideEnvp);
    CrtWideArgv = NULL;
    CrtWideEnvp = NULL;
}

static int CrtMainTrampoline(int Argc, char **Argv, char **Envp)
{
    int Kind = CrtMainKind;
    int Status;

    if (Kind & CRT_MAIN_WIDE) {
        CrtWideArgv = CrtWidenVector(Argv);
        CrtWideEnvp = CrtWidenVector(Envp);
        if (CrtWideArgv == NULL || CrtWideEnvp == NULL) {
            fputs("ntio: out of memory converting the arguments of wmain\n", stderr);
            return 255;
        }
        Status = ((CRT_WMAIN)(void *)CrtUserMain)(Argc, CrtWideArgv, CrtWideEnvp);
    } else {
        Status = CrtUserMain(Argc, Argv, Envp);
    }
    return (Kind & CRT_MAIN_RETURNS_VOID) ? 0 : Status;
}

CRTAPI int __wrap___libc_start_main(CRT_MAIN Main, int Argc, char **Argv, void (*Init)(void),
                                    void (*Fini)(void), void (*RtldFini)(void), void *StackEnd)
{
    CrtUserMain = Main;
    return __libc_start_main(CrtMainTrampoline, Argc, Argv, Init, Fini, RtldFini, StackEnd);
}
