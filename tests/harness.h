/*
 * tests/harness.h - the assertions every ntio test uses.  A test program
 * runs its checks, prints one line per failure with file and line, and
 * exits non-zero when any check failed.  Works in kernel-side unit tests
 * (DDK headers) and in Win32 test applications (SDK headers) alike.
 */
#ifndef NTIO_TEST_HARNESS_H
#define NTIO_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ntio_test_failures;
static int ntio_test_checks;

#define CHECK(cond)                                                        \
    do {                                                                   \
        ntio_test_checks++;                                                \
        if (!(cond)) {                                                     \
            ntio_test_failures++;                                          \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__,         \
                    __LINE__, #cond);                                      \
        }                                                                  \
    } while (0)

/* Compare two integral values (NTSTATUS, Win32 error, counts); prints both
 * in hex.  A 32-bit operand is compared as 32 bits, so a (signed) NTSTATUS
 * equals the unsigned literal 0xC0000005. */
#define NTIO_TEST_WIDEN(x) \
    (sizeof(x) <= 4 ? (unsigned long long)(unsigned int)(x) : (unsigned long long)(x))
#define CHECK_EQ(a, b)                                                     \
    do {                                                                   \
        unsigned long long _va = NTIO_TEST_WIDEN(a);                       \
        unsigned long long _vb = NTIO_TEST_WIDEN(b);                       \
        ntio_test_checks++;                                                \
        if (_va != _vb) {                                                  \
            ntio_test_failures++;                                          \
            fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %s (0x%llx != 0x%llx)\n", \
                    __FILE__, __LINE__, #a, #b, _va, _vb);                 \
        }                                                                  \
    } while (0)

#define CHECK_STR(a, b)                                                    \
    do {                                                                   \
        const char *_sa = (a), *_sb = (b);                                 \
        ntio_test_checks++;                                                \
        if (strcmp(_sa, _sb) != 0) {                                       \
            ntio_test_failures++;                                          \
            fprintf(stderr, "%s:%d: CHECK_STR failed: \"%s\" != \"%s\"\n", \
                    __FILE__, __LINE__, _sa, _sb);                         \
        }                                                                  \
    } while (0)

/* Call at the end of main: prints a summary and gives the exit status. */
static inline int test_summary(const char *name)
{
    if (ntio_test_checks == 0) {
        fprintf(stderr, "%s: no checks ran\n", name);
        return 1;
    }
    printf("%s: %d checks, %d failed\n", name, ntio_test_checks, ntio_test_failures);
    return ntio_test_failures ? 1 : 0;
}

#endif
