/*
 * tests/win/reg/regtest.h - checks for the registry test applications.
 * Each failed check prints "FAIL" with its line; main returns the number of
 * failures.  Output uses narrow printf with %s/%d/%u only.
 */
#ifndef NTIO_TESTS_REGTEST_H
#define NTIO_TESTS_REGTEST_H

#include <windows.h>

#include <stdio.h>
#include <string.h>

static int RtFailures, RtChecks;

#define CHECK(cond)                                                                    \
    do {                                                                               \
        RtChecks++;                                                                    \
        if (!(cond)) {                                                                 \
            RtFailures++;                                                              \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                     \
        }                                                                              \
    } while (0)

/* An LSTATUS that must be Expected. */
#define CHECK_ERR(call, expected)                                                      \
    do {                                                                               \
        LSTATUS RtErr_ = (call);                                                       \
        RtChecks++;                                                                    \
        if (RtErr_ != (LSTATUS)(expected)) {                                           \
            RtFailures++;                                                              \
            printf("FAIL %s:%d: %s: %d, expected %d\n", __FILE__, __LINE__, #call,     \
                   (int)RtErr_, (int)(expected));                                      \
        }                                                                              \
    } while (0)

#define CHECK_OK(call) CHECK_ERR(call, ERROR_SUCCESS)

/* An unsigned that must be Expected. */
#define CHECK_EQ(value, expected)                                                      \
    do {                                                                               \
        unsigned RtV_ = (unsigned)(value), RtE_ = (unsigned)(expected);                \
        RtChecks++;                                                                    \
        if (RtV_ != RtE_) {                                                            \
            RtFailures++;                                                              \
            printf("FAIL %s:%d: %s is %u, expected %u\n", __FILE__, __LINE__, #value,  \
                   RtV_, RtE_);                                                        \
        }                                                                              \
    } while (0)

static inline size_t RtWcsLen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* Equal UTF-16 strings (both terminated). */
static inline int RtWcsEq(const WCHAR *a, const WCHAR *b)
{
    size_t n = RtWcsLen(a);
    return n == RtWcsLen(b) && !memcmp(a, b, n * sizeof(WCHAR));
}

static inline int RtFinish(const char *Name)
{
    printf("%s: %d checks, %d failed\n", Name, RtChecks, RtFailures);
    return RtFailures ? 1 : 0;
}

#endif
