/*
 * ntio/interlocked.h - the Interlocked* family (winnt.h/wdm.h), as GCC
 * atomics.  Every Interlocked operation is a full barrier, as on Windows.
 */
#ifndef NTIO_INTERLOCKED_H
#define NTIO_INTERLOCKED_H

#include <ntio/basetypes.h>

#define NTIO_ATOMIC_FN static __inline__ __attribute__((always_inline, unused))

NTIO_ATOMIC_FN LONG InterlockedIncrement(LONG volatile *a) { return __atomic_add_fetch(a, 1, __ATOMIC_SEQ_CST); }
NTIO_ATOMIC_FN LONG InterlockedDecrement(LONG volatile *a) { return __atomic_sub_fetch(a, 1, __ATOMIC_SEQ_CST); }
NTIO_ATOMIC_FN LONG InterlockedExchange(LONG volatile *t, LONG v) { return __atomic_exchange_n(t, v, __ATOMIC_SEQ_CST); }
NTIO_ATOMIC_FN LONG InterlockedExchangeAdd(LONG volatile *a, LONG v) { return __atomic_fetch_add(a, v, __ATOMIC_SEQ_CST); }
NTIO_ATOMIC_FN LONG InterlockedAdd(LONG volatile *a, LONG v) { return __atomic_add_fetch(a, v, __ATOMIC_SEQ_CST); }
NTIO_ATOMIC_FN LONG InterlockedOr(LONG volatile *a, LONG v) { return __atomic_fetch_or(a, v, __ATOMIC_SEQ_CST); }
NTIO_ATOMIC_FN LONG InterlockedAnd(LONG volatile *a, LONG v) { return __atomic_fetch_and(a, v, __ATOMIC_SEQ_CST); }
NTIO_ATOMIC_FN LONG InterlockedXor(LONG volatile *a, LONG v) { return __atomic_fetch_xor(a, v, __ATOMIC_SEQ_CST); }
NTIO_ATOMIC_FN LONG InterlockedCompareExchange(LONG volatile *d, LONG x, LONG c)
{
    __atomic_compare_exchange_n(d, &c, x, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return c;
}
NTIO_ATOMIC_FN LONG64 InterlockedIncrement64(LONG64 volatile *a) { return __atomic_add_fetch(a, 1, __ATOMIC_SEQ_CST); }
NTIO_ATOMIC_FN LONG64 InterlockedDecrement64(LONG64 volatile *a) { return __atomic_sub_fetch(a, 1, __ATOMIC_SEQ_CST); }
NTIO_ATOMIC_FN LONG64 InterlockedExchange64(LONG64 volatile *t, LONG64 v) { return __atomic_exchange_n(t, v, __ATOMIC_SEQ_CST); }
NTIO_ATOMIC_FN LONG64 InterlockedExchangeAdd64(LONG64 volatile *a, LONG64 v) { return __atomic_fetch_add(a, v, __ATOMIC_SEQ_CST); }
NTIO_ATOMIC_FN LONG64 InterlockedAdd64(LONG64 volatile *a, LONG64 v) { return __atomic_add_fetch(a, v, __ATOMIC_SEQ_CST); }
NTIO_ATOMIC_FN LONG64 InterlockedOr64(LONG64 volatile *a, LONG64 v) { return __atomic_fetch_or(a, v, __ATOMIC_SEQ_CST); }
NTIO_ATOMIC_FN LONG64 InterlockedAnd64(LONG64 volatile *a, LONG64 v) { return __atomic_fetch_and(a, v, __ATOMIC_SEQ_CST); }
NTIO_ATOMIC_FN LONG64 InterlockedCompareExchange64(LONG64 volatile *d, LONG64 x, LONG64 c)
{
    __atomic_compare_exchange_n(d, &c, x, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return c;
}
NTIO_ATOMIC_FN PVOID InterlockedExchangePointer(PVOID volatile *t, PVOID v) { return __atomic_exchange_n(t, v, __ATOMIC_SEQ_CST); }
NTIO_ATOMIC_FN PVOID InterlockedCompareExchangePointer(PVOID volatile *d, PVOID x, PVOID c)
{
    __atomic_compare_exchange_n(d, &c, x, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return c;
}
#define InterlockedIncrementAcquire InterlockedIncrement
#define InterlockedDecrementRelease InterlockedDecrement
#define InterlockedCompareExchangeAcquire InterlockedCompareExchange
#define InterlockedCompareExchangeRelease InterlockedCompareExchange
#define InterlockedExchangeAddSizeT(a, b) ((SIZE_T)InterlockedExchangeAdd64((LONG64 volatile *)(a), (LONG64)(b)))
#define InterlockedIncrementSizeT(a) ((SIZE_T)InterlockedIncrement64((LONG64 volatile *)(a)))
#define InterlockedDecrementSizeT(a) ((SIZE_T)InterlockedDecrement64((LONG64 volatile *)(a)))

#define MemoryBarrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define KeMemoryBarrier() MemoryBarrier()
#define KeMemoryBarrierWithoutFence() __asm__ __volatile__("" ::: "memory")
#define _ReadWriteBarrier() __asm__ __volatile__("" ::: "memory")
#define YieldProcessor() __builtin_ia32_pause()

#endif
