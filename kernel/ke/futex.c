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
    /* A thread associated with a kernel queue stops counting as active
     * while it sleeps (another may take the queue's next entry), and counts
     * again when it wakes.  Other threads pay one test of a per-thread field. */
    PKTHREAD Thread = KiCurrentThread;
    if (__builtin_expect(Thread != NULL && Thread->Queue != NULL, 0) &&
        __atomic_load_n(Address, __ATOMIC_ACQUIRE) == Expected) {
        struct _KQUEUE *Queue = KiQueueThreadBlocking(Thread);
        int r = KiFutexWaitRaw(Address, Expected, DeadlineNs);
        if (Queue)
            KiQueueThreadWoken(Thread, Queue);
        return r;
    }
    return KiFutexWaitRaw(Address, Expected, DeadlineNs);
}

int KiFutexWaitRaw(volatile int *Address, int Expected, const ULONGLONG *DeadlineNs)
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
        /* relative, in 100 ns units; anything past a century is as good as
         * forever (and must not overflow the deadline) */
        ULONGLONG rel100 = 0ULL - (ULONGLONG)t;
        const ULONGLONG Century100 = 100ULL * 365 * 24 * 3600 * 10000000ULL;
        if (rel100 > Century100)
            rel100 = Century100;
        *DeadlineNs = now + rel100 * 100ULL;
        return TRUE;
    }
    /* absolute system time (100 ns since 1601): measure against now */
    LARGE_INTEGER sys;
    KeQuerySystemTime(&sys);
    ULONGLONG ahead100 = (t > sys.QuadPart) ? (ULONGLONG)(t - sys.QuadPart) : 0;
    const ULONGLONG Century100 = 100ULL * 365 * 24 * 3600 * 10000000ULL;
    *DeadlineNs = now + (ahead100 > Century100 ? Century100 : ahead100) * 100ULL;
    return TRUE;
}
