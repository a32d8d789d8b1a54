/*
 * ke/time.c - system time (100 ns units since 1601-01-01 UTC), interrupt
 * time and the performance counter.
 */
#include "ke.h"

#include <time.h>

#define EPOCH_DIFFERENCE_100NS 116444736000000000LL /* 1601 -> 1970 */

NTIO_EXPORT VOID KeQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    CurrentTime->QuadPart = EPOCH_DIFFERENCE_100NS + (LONGLONG)ts.tv_sec * 10000000LL +
                            ts.tv_nsec / 100;
}

NTIO_EXPORT ULONGLONG KeQueryInterruptTime(VOID)
{
    return KiMonotonicNs() / 100;
}

NTIO_EXPORT LARGE_INTEGER KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency)
{
    /* 10 MHz, the frequency modern Windows reports. */
    LARGE_INTEGER Now;
    if (PerformanceFrequency)
        PerformanceFrequency->QuadPart = 10000000;
    Now.QuadPart = (LONGLONG)(KiMonotonicNs() / 100);
    return Now;
}
