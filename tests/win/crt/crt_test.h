/*
 * tests/win/crt/crt_test.h - what the CRT tests share: the harness's CHECK
 * macros, wide-string comparison, and an invalid-parameter handler that
 * counts its calls instead of ending the process.
 */
#ifndef NTIO_CRT_TEST_H
#define NTIO_CRT_TEST_H

#include <stdlib.h>
#include <wchar.h>

#include "../../harness.h"

static int CrtTestHandlerCalls;

static __attribute__((unused)) void __cdecl CrtTestHandler(const wchar_t *Expression, const wchar_t *Function,
                                   const wchar_t *File, unsigned int Line, uintptr_t Reserved)
{
    (void)Expression;
    (void)Function;
    (void)File;
    (void)Line;
    (void)Reserved;
    CrtTestHandlerCalls++;
}

/* Runs Expression and checks how many times the invalid-parameter handler ran. */
#define CHECK_HANDLER(Expected, Expression)                                \
    do {                                                                   \
        int _before = CrtTestHandlerCalls;                                 \
        Expression;                                                        \
        CHECK_EQ(CrtTestHandlerCalls - _before, (Expected));               \
    } while (0)

#define CHECK_WSTR(a, b)                                                   \
    do {                                                                   \
        const wchar_t *_wa = (a), *_wb = (b);                              \
        ntio_test_checks++;                                                \
        if (wcscmp(_wa, _wb) != 0) {                                       \
            ntio_test_failures++;                                          \
            fprintf(stderr, "%s:%d: CHECK_WSTR failed: \"%ls\" != \"%ls\"\n", \
                    __FILE__, __LINE__, _wa, _wb);                         \
        }                                                                  \
    } while (0)

#endif
