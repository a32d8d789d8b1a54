/*
 * msvcrt/invarg.c - the invalid-parameter handler of the CRT and errno
 * accessors.
 *
 * A thread's own handler (_set_thread_local_invalid_parameter_handler)
 * comes first, then the process's; without either the default handler
 * ends the process at once, as a release build of the Microsoft CRT does
 * (__fastfail(FAST_FAIL_INVALID_ARG): exit status STATUS_STACK_BUFFER_OVERRUN,
 * no exit handlers, no stdio flush).
 */
#include "crt.h"

#include <unistd.h>

/* What Windows reports for __fastfail(FAST_FAIL_INVALID_ARG). */
#define CRT_FAIL_FAST_STATUS 0xC0000409u

static _invalid_parameter_handler CrtProcessHandler;       /* atomic */
static __thread _invalid_parameter_handler CrtThreadHandler;

CRTAPI _invalid_parameter_handler __cdecl
_set_invalid_parameter_handler(_invalid_parameter_handler Handler)
{
    return __atomic_exchange_n(&CrtProcessHandler, Handler, __ATOMIC_ACQ_REL);
}

CRTAPI _invalid_parameter_handler __cdecl _get_invalid_parameter_handler(void)
{
    return __atomic_load_n(&CrtProcessHandler, __ATOMIC_ACQUIRE);
}

CRTAPI _invalid_parameter_handler __cdecl
_set_thread_local_invalid_parameter_handler(_invalid_parameter_handler Handler)
{
    _invalid_parameter_handler Old = CrtThreadHandler;
    CrtThreadHandler = Handler;
    return Old;
}

CRTAPI _invalid_parameter_handler __cdecl _get_thread_local_invalid_parameter_handler(void)
{
    return CrtThreadHandler;
}

static __attribute__((noreturn)) void CrtFailFast(const char *Function)
{
    char Line[256];
    int n = snprintf(Line, sizeof Line,
                     "ntio: invalid parameter passed to a C runtime function%s%s; "
                     "ending the process (0x%08X)\n",
                     Function != NULL ? ": " : "", Function != NULL ? Function : "",
                     CRT_FAIL_FAST_STATUS);
    if (n > 0) {
        ssize_t Ignored = write(2, Line, (size_t)n < sizeof Line ? (size_t)n : sizeof Line - 1);
        (void)Ignored;
    }
    _exit((int)(CRT_FAIL_FAST_STATUS & 0xFF));
}

CRTAPI void __cdecl _invalid_parameter(const wchar_t *Expression, const wchar_t *Function,
                                       const wchar_t *File, unsigned int Line, uintptr_t Reserved)
{
    _invalid_parameter_handler Handler = CrtThreadHandler;
    if (Handler == NULL) {
        Handler = __atomic_load_n(&CrtProcessHandler, __ATOMIC_ACQUIRE);
    }
    if (Handler != NULL) {
        Handler(Expression, Function, File, Line, Reserved);
        return;
    }
    CrtFailFast(NULL);
}

CRTAPI void __cdecl _invalid_parameter_noinfo(void)
{
    _invalid_parameter(NULL, NULL, NULL, 0, 0);
}

CRTAPI void __cdecl _invalid_parameter_noinfo_noreturn(void)
{
    _invalid_parameter(NULL, NULL, NULL, 0, 0);
    CrtFailFast(NULL);
}

void CrtInvalidParameter(const char *Function)
{
    _invalid_parameter_handler Handler = CrtThreadHandler;
    if (Handler == NULL) {
        Handler = __atomic_load_n(&CrtProcessHandler, __ATOMIC_ACQUIRE);
    }
    if (Handler != NULL) {
        /* Keep errno for the caller: the handler may change it. */
        int Saved = errno;
        Handler(NULL, NULL, NULL, 0, 0);
        errno = Saved;
        return;
    }
    CrtFailFast(Function);
}

CRTAPI errno_t __cdecl _set_errno(int Value)
{
    errno = Value;
    return 0;
}

CRTAPI errno_t __cdecl _get_errno(int *Value)
{
    CRT_VALIDATE_RETURN(Value != NULL, EINVAL, EINVAL);
    *Value = errno;
    return 0;
}
