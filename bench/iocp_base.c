/*
 * iocp_base.c - the baselines of the completion-port benchmark, in plain
 * Linux C (pthreads, eventfd, epoll; no Windows header):
 *
 *   naive   - a ring under a pthread mutex and a condition variable, one
 *             pthread_cond_signal per item pushed;
 *   eventfd - the same ring under a mutex, announced through an eventfd
 *             watched by epoll, one write per item: batch 1 uses a
 *             semaphore eventfd (one epoll_wait + read + locked pop per
 *             item); at batch 64 the eventfd counts and a woken consumer
 *             pops up to 64 items at a time until the ring is empty.
 *
 * Producers push one item per call (lock, push, unlock, announce), as
 * PostQueuedCompletionStatus posts one packet per call: the queues are
 * compared doing the same work.  Only the consumers take batches.
 *
 * Items are three words, like a completion packet (key, pointer, count).
 * Every run checks that each item arrived exactly once (count and sum).
 */
#define _GNU_SOURCE
#include "iocp_base.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define STOP_KEY ((uintptr_t)-1)
#define MAX_BATCH 64

typedef struct {
    uintptr_t Key;
    void *Ptr;
    uint64_t Value;
} ITEM;

typedef struct {
    int Kind;
    pthread_mutex_t Lock;
    pthread_cond_t NotEmpty; /* naive */
    int EventFd, Epoll;      /* eventfd */
    int Semaphore;           /* eventfd counts items (batch 1) */
    ITEM *Ring;
    uint64_t Mask, Head, Tail; /* under Lock */
    /* consumers' results */
    volatile uint64_t Consumed;
    uint64_t Sum, Count; /* under Lock */
    int Batch;
} BQUEUE;

/* ---- shared helpers ---- */

volatile uint32_t BaseWorkSink;

uint32_t BaseWork(unsigned Iters)
{
    uint32_t h = 2166136261u;
    for (unsigned i = 0; i < Iters; i++)
        h = (h ^ i) * 16777619u;
    BaseWorkSink = h;
    return h;
}

void BaseRusage(uint64_t *Voluntary, uint64_t *Involuntary)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    *Voluntary = (uint64_t)ru.ru_nvcsw;
    *Involuntary = (uint64_t)ru.ru_nivcsw;
}

double BaseNow(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void BaseThrottle(const volatile uint64_t *Consumed, uint64_t Posted, uint64_t Window)
{
    for (unsigned Spins = 0; Posted - __atomic_load_n(Consumed, __ATOMIC_ACQUIRE) > Window; Spins++) {
        if (Spins < 64)
            __builtin_ia32_pause();
        else
            sched_yield(); /* 2 cores: let the consumers run */
    }
}

void BaseAwait(const volatile uint64_t *Consumed, uint64_t Target)
{
    while (__atomic_load_n(Consumed, __ATOMIC_ACQUIRE) < Target)
        BaseSleepMicro(50); /* asleep: the CPUs are the workers' */
}

void BaseSleepMicro(unsigned Us)
{
    struct timespec ts = { .tv_sec = Us / 1000000, .tv_nsec = (long)(Us % 1000000) * 1000 };
    nanosleep(&ts, NULL);
}

void BaseMark(const char *Text)
{
    size_t n = 0;
    while (Text[n])
        n++;
    /* A write to fd -1 fails at once and shows in strace with its text. */
    (void)!syscall(SYS_write, -1, Text, n);
}

int BaseCpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* ---- the queues ---- */

static int QInit(BQUEUE *q, int Kind, int Batch, uint64_t Capacity)
{
    uint64_t Cap = 64;
    while (Cap < Capacity)
        Cap <<= 1;
    *q = (BQUEUE){ .Kind = Kind, .Mask = Cap - 1, .Batch = Batch, .EventFd = -1, .Epoll = -1 };
    q->Ring = malloc(Cap * sizeof(ITEM));
    if (!q->Ring)
        return -1;
    pthread_mutex_init(&q->Lock, NULL);
    pthread_cond_init(&q->NotEmpty, NULL);
    if (Kind == BASE_EVENTFD) {
        q->Semaphore = Batch == 1;
        q->EventFd = eventfd(0, EFD_NONBLOCK | (q->Semaphore ? EFD_SEMAPHORE : 0));
        q->Epoll = epoll_create1(0);
        struct epoll_event ev = { .events = EPOLLIN };
        if (q->EventFd < 0 || q->Epoll < 0 || epoll_ctl(q->Epoll, EPOLL_CTL_ADD, q->EventFd, &ev))
            return -1;
    }
    return 0;
}

static void QDestroy(BQUEUE *q)
{
    if (q->EventFd >= 0)
        close(q->EventFd);
    if (q->Epoll >= 0)
        close(q->Epoll);
    pthread_cond_destroy(&q->NotEmpty);
    pthread_mutex_destroy(&q->Lock);
    free(q->Ring);
}

static void QPush(BQUEUE *q, const ITEM *Items, unsigned n)
{
    pthread_mutex_lock(&q->Lock);
    for (unsigned i = 0; i < n; i++)
        q->Ring[q->Tail++ & q->Mask] = Items[i];
    pthread_mutex_unlock(&q->Lock);
    if (q->Kind == BASE_NAIVE) {
        for (unsigned i = 0; i < n; i++)
            pthread_cond_signal(&q->NotEmpty); /* one signal per item */
    } else {
        uint64_t v = q->Semaphore ? 1 : n;
        for (unsigned i = 0; i < (q->Semaphore ? n : 1u); i++)
            (void)!write(q->EventFd, &v, sizeof v);
    }
}

/* Pop up to Max items without waiting (lock held by the caller). */
static unsigned QTakeLocked(BQUEUE *q, ITEM *Out, unsigned Max)
{
    unsigned n = 0;
    while (n < Max && q->Head != q->Tail)
        Out[n++] = q->Ring[q->Head++ & q->Mask];
    return n;
}

/* Pop 1..Max items, waiting for the first. */
static unsigned QPop(BQUEUE *q, ITEM *Out, unsigned Max)
{
    unsigned n;
    if (q->Kind == BASE_NAIVE) {
        pthread_mutex_lock(&q->Lock);
        while (q->Head == q->Tail)
            pthread_cond_wait(&q->NotEmpty, &q->Lock);
        n = QTakeLocked(q, Out, Max);
        pthread_mutex_unlock(&q->Lock);
        return n;
    }
    for (;;) {
        if (!q->Semaphore) {
            /* Drain what is there before sleeping again. */
            pthread_mutex_lock(&q->Lock);
            n = QTakeLocked(q, Out, Max);
            pthread_mutex_unlock(&q->Lock);
            if (n)
                return n;
        }
        struct epoll_event ev;
        if (epoll_wait(q->Epoll, &ev, 1, -1) < 1)
            continue;
        uint64_t v;
        if (read(q->EventFd, &v, sizeof v) != sizeof v)
            continue; /* another consumer took it */
        if (q->Semaphore) {
            /* One count per item: this item is ours. */
            pthread_mutex_lock(&q->Lock);
            n = QTakeLocked(q, Out, 1);
            pthread_mutex_unlock(&q->Lock);
            if (n)
                return n;
        }
    }
}

/* ---- throughput ---- */

/* Consume until a stop item; extra stops in a batch go back. */
static void *Consumer(void *Arg)
{
    BQUEUE *q = Arg;
    ITEM Items[MAX_BATCH];
    uint64_t Sum = 0, Count = 0;
    for (int Done = 0; !Done;) {
        unsigned n = QPop(q, Items, (unsigned)q->Batch), Stops = 0, Got = 0;
        for (unsigned i = 0; i < n; i++) {
            if (Items[i].Key == STOP_KEY) {
                Stops++;
                continue;
            }
            Sum += Items[i].Value;
            Got++;
        }
        Count += Got;
        if (Got)
            __atomic_add_fetch(&q->Consumed, Got, __ATOMIC_RELEASE);
        if (Stops) {
            Done = 1;
            ITEM Stop = { .Key = STOP_KEY };
            for (unsigned i = 1; i < Stops; i++)
                QPush(q, &Stop, 1);
        }
    }
    pthread_mutex_lock(&q->Lock);
    q->Sum += Sum;
    q->Count += Count;
    pthread_mutex_unlock(&q->Lock);
    return NULL;
}

double BaseThroughput(int Kind, int Consumers, int Batch, uint64_t N, uint64_t Window)
{
    BQUEUE q;
    ITEM Burst[MAX_BATCH];
    pthread_t Threads[2];
    double t0, t1;
    if (Batch > MAX_BATCH || Consumers > 2 || QInit(&q, Kind, Batch, Window + 4 * MAX_BATCH))
        return -1;
    for (int i = 0; i < Batch; i++)
        Burst[i] = (ITEM){ .Key = 1, .Ptr = &q };

    if (Consumers == 0) {
        ITEM Out[MAX_BATCH];
        uint64_t Sum = 0, Count = 0;
        t0 = BaseNow();
        for (uint64_t i = 0; i < N; i += (uint64_t)Batch) {
            for (int k = 0; k < Batch; k++) {
                Burst[k].Value = i + (uint64_t)k;
                QPush(&q, &Burst[k], 1);
            }
            if (Kind == BASE_EVENTFD && !q.Semaphore) {
                /* One turn of an event loop: the wake-up, then the drain
                 * (batch 1 does its epoll_wait + read per item in QPop). */
                struct epoll_event ev;
                uint64_t v;
                if (epoll_wait(q.Epoll, &ev, 1, -1) == 1)
                    (void)!read(q.EventFd, &v, sizeof v);
            }
            for (unsigned Got = 0; Got < (unsigned)Batch;) {
                unsigned n = QPop(&q, Out, (unsigned)Batch - Got);
                for (unsigned k = 0; k < n; k++)
                    Sum += Out[k].Value;
                Got += n;
                Count += n;
            }
        }
        t1 = BaseNow();
        q.Sum = Sum;
        q.Count = Count;
    } else {
        for (int c = 0; c < Consumers; c++)
            pthread_create(&Threads[c], NULL, Consumer, &q);
        t0 = BaseNow();
        for (uint64_t i = 0; i < N; i += (uint64_t)Batch) {
            BaseThrottle(&q.Consumed, i, Window);
            for (int k = 0; k < Batch; k++) {
                Burst[k].Value = i + (uint64_t)k;
                QPush(&q, &Burst[k], 1);
            }
        }
        BaseThrottle(&q.Consumed, N, 0);
        t1 = BaseNow();
        ITEM Stop = { .Key = STOP_KEY };
        for (int c = 0; c < Consumers; c++)
            QPush(&q, &Stop, 1);
        for (int c = 0; c < Consumers; c++)
            pthread_join(Threads[c], NULL);
    }
    int Ok = q.Count == N && q.Sum == N * (N - 1) / 2;
    QDestroy(&q);
    return Ok ? t1 - t0 : -1;
}

/* ---- context switches ---- */

typedef struct {
    BQUEUE *Q;
    unsigned WorkIters, BlockEvery;
} CSW_ARGS;

static void *CswWorker(void *Arg)
{
    CSW_ARGS *a = Arg;
    ITEM Item;
    for (uint64_t Mine = 1;; Mine++) {
        QPop(a->Q, &Item, 1);
        if (Item.Key == STOP_KEY)
            break;
        BaseWork(a->WorkIters);
        __atomic_add_fetch(&a->Q->Consumed, 1, __ATOMIC_RELEASE);
        if (a->BlockEvery && Mine % a->BlockEvery == 0)
            BaseSleepMicro(1000); /* a blocking call, like SleepEx(1) */
    }
    return NULL;
}

void BaseContextSwitches(int Workers, uint64_t N, unsigned WorkIters, unsigned Burst,
                         unsigned BlockEvery, BASE_CSW *Out)
{
    BQUEUE q;
    pthread_t Threads[64];
    CSW_ARGS Args = { .Q = &q, .WorkIters = WorkIters, .BlockEvery = BlockEvery };
    uint64_t v0, i0, v1, i1;
    *Out = (BASE_CSW){ 0 };
    if (Workers > 64 || QInit(&q, BASE_NAIVE, 1, (uint64_t)Burst + (uint64_t)Workers + 64))
        return;
    for (int w = 0; w < Workers; w++)
        pthread_create(&Threads[w], NULL, CswWorker, &Args);
    BaseSleepMicro(10000); /* let them all block on the queue */
    BaseRusage(&v0, &i0);
    double t0 = BaseNow();
    for (uint64_t i = 0; i < N; i += Burst) {
        for (uint64_t k = i; k < i + Burst; k++) {
            ITEM Item = { .Key = 1, .Ptr = &q, .Value = k };
            QPush(&q, &Item, 1);
        }
        BaseAwait(&q.Consumed, i + Burst);
    }
    double t1 = BaseNow();
    BaseRusage(&v1, &i1);
    ITEM Stop = { .Key = STOP_KEY };
    for (int w = 0; w < Workers; w++)
        QPush(&q, &Stop, 1);
    for (int w = 0; w < Workers; w++)
        pthread_join(Threads[w], NULL);
    QDestroy(&q);
    Out->Seconds = t1 - t0;
    Out->Voluntary = v1 - v0;
    Out->Involuntary = i1 - i0;
}
