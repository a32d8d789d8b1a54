/*
 * ke/futex.c - the one place ntio blocks a Linux thread: a futex wait with
 * an absolute CLOCK_MONOTONIC deadline, and the matching wake.
 */
#include "ke.h"

#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

ULONGLONG KiMonotonicNs(VOID)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (ULONGLONG)ts.tv_sec * 1000000000ULL + (ULONGLONG)ts.tv_nsec;
}

ULONGLONG KiMonotonicCoarseNs(VOID)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return (ULONGLONG)ts.tv_sec * 1000000000ULL + (ULONGLONG)ts.tv_nsec;
}

/* Returns 0 when woken (or the value already differed), ETIMEDOUT at the deadline. */
int KiFutexWait(volatile int *Address, int Expected, const ULONGLONG *DeadlineNs)
{
    struct timespec ts, *pts = NULL;
    if (DeadlineNs) {
        ts.tv_sec = (time_t)(*DeadlineNs / 1000000000ULL);
        ts.tv_nsec = (long)(*DeadlineNs % 1000000000ULL);
        pts = &ts;
    }
    /* FUTEX_WAIT_BITSET takes an absolute timeout, so spurious wake-ups and
     * EINTR never stretch the wait beyond its deadline. */
    long r = syscall(SYS_futex, Address, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, Expected, pts,
                     NULL, FUTEX_BITSET_MATCH_ANY);
    if (r == -1 && errno == ETIMEDOUT)
        return ETIMEDOUT;
    return 0;
}

void KiFutexWake(volatile int *Address, int Count)
{
    syscall(SYS_futex, Address, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, Count, NULL, NULL, 0);
}

BOOLEAN KiTimeoutToDeadline(PLARGE_INTEGER Timeout, ULONGLONG *DeadlineNs)
{
    if (!Timeout)
        return FALSE;
    LONGLONG t = Timeout->QuadPart;
    ULONGLONG now = KiMonotonicNs();
    if (t <= 0) {
        /* relative, in 100 ns units */
        ULONGLONG rel = (0ULL - (ULONGLONG)t) * 100ULL;
        *DeadlineNs = now + rel;
        return TRUE;
    }
    /* absolute system time (100 ns since 1601): measure against now */
    LARGE_INTEGER sys;
    KeQuerySystemTime(&sys);
    *DeadlineNs = (t > sys.QuadPart) ? now + (ULONGLONG)(t - sys.QuadPart) * 100ULL : now;
    return TRUE;
}
