/*
 * iocp_base.h - the completion-port benchmark's Linux baselines (plain
 * pthread / eventfd / epoll code in iocp_base.c, no Windows headers) and
 * the helpers both sides share, so the port and its baselines do exactly
 * the same work around the queue.
 */
#ifndef IOCP_BASE_H
#define IOCP_BASE_H

#include <stdint.h>

/* Baseline queues. */
enum { BASE_NAIVE, BASE_EVENTFD };

/* Producer → consumers through a baseline queue: Consumers 0 is the same
 * thread (push then pop), else 1 or 2 consumer threads; Batch 1 or 64 (the
 * producer pushes bursts of Batch items, one call per item; a consumer pops
 * up to Batch at a time); at most Window items outstanding.  Returns the seconds taken, or
 * a negative value if an item was lost or duplicated. */
double BaseThroughput(int Kind, int Consumers, int Batch, uint64_t N, uint64_t Window);

/* The context-switch workload on the naive queue: Workers threads take
 * items one at a time, spin WorkIters of CPU work on each and sleep 1 ms
 * every BlockEvery items; the producer pushes Burst items, one call each,
 * then sleeps until they are consumed (N a multiple of Burst).  Returns
 * the context switches (voluntary + involuntary, getrusage RUSAGE_SELF)
 * during the run. */
typedef struct {
    double Seconds;
    uint64_t Voluntary, Involuntary;
} BASE_CSW;
void BaseContextSwitches(int Workers, uint64_t N, unsigned WorkIters, unsigned Burst,
                         unsigned BlockEvery, BASE_CSW *Out);

/* Shared helpers. */
uint32_t BaseWork(unsigned Iters);                  /* CPU work, not optimised away */
void BaseRusage(uint64_t *Voluntary, uint64_t *Involuntary);
double BaseNow(void);                               /* CLOCK_MONOTONIC seconds */
void BaseThrottle(const volatile uint64_t *Consumed, uint64_t Posted, uint64_t Window);
void BaseSleepMicro(unsigned Us);                   /* nanosleep: no futex */
void BaseAwait(const volatile uint64_t *Consumed, uint64_t Target); /* sleeps until reached */
void BaseMark(const char *Text);                    /* write(-1, Text): an strace marker */
int BaseCpus(void);

#endif
