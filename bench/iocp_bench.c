/*
 * iocp_bench.c - I/O completion port benchmarks, each figure
 * beside its baseline measured in the same run (iocp_base.c: a naive
 * mutex + condition variable queue and an eventfd/epoll queue):
 *
 *   1. post + dequeue packets/s: same thread, one producer → one consumer,
 *      one producer → two consumers; batch 1 (GetQueuedCompletionStatus)
 *      and batch 64 (GetQueuedCompletionStatusEx, producer posting bursts);
 *   2. the same shapes through the baseline queues;
 *   3. context switches per packet, 8 workers doing CPU work and sleeping
 *      1 ms every BLOCK_EVERY packets, port concurrency = cores vs 64,
 *      beside the naive queue;
 *   4. overlapped DeviceIoControl round trips/s through a port to
 *      rtdrv.sys, 16 and 64 in flight, beside the synchronous round trip.
 *
 *   ntio run --driver rtdrv.sys -- ./iocp_bench [ITERATIONS]
 *   ntio run -- ./iocp_bench syscalls [POSTS [WAKES]]
 *
 * The "syscalls" mode is run under strace by scripts/bench.sh and the
 * bench.iocp_syscalls test (bench/iocp_syscalls.sh): posting with no
 * waiter must make no system call; a post that wakes a waiter one futex
 * wake.  See docs/bench.md.
 */
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "iocp_base.h"
#include "rt.h"

#define STOP_KEY ((ULONG_PTR)-1)
#define WINDOW 4096 /* packets a producer may have outstanding */
#define CSW_WORKERS 8
#define CSW_WORK 1500       /* BaseWork iterations per packet (~1-2 µs) */
#define CSW_BURST 32        /* packets posted at once; then the producer sleeps */
#define CSW_BLOCK_EVERY 64  /* a worker sleeps 1 ms every this many packets */

static volatile uint64_t Consumed;

static BOOL Post(HANDLE Port, ULONG_PTR Key, ULONG64 Value)
{
    return PostQueuedCompletionStatus(Port, (DWORD)Value, Key, (LPOVERLAPPED)(ULONG_PTR)Value);
}

static void Fail(const char *What)
{
    fprintf(stderr, "iocp_bench: %s failed: %lu\n", What, (unsigned long)GetLastError());
    exit(1);
}

/* ---- 1. throughput through a port ---- */

typedef struct {
    HANDLE Port;
    int Batch;
    ULONG64 Sum, Count;
} CONSUMER;

static DWORD WINAPI PortConsumer(LPVOID Arg)
{
    CONSUMER *c = Arg;
    OVERLAPPED_ENTRY E[64];
    for (int Done = 0; !Done;) {
        ULONG n = 1, Stops = 0, Got = 0;
        if (c->Batch == 1) {
            DWORD Bytes;
            ULONG_PTR Key;
            LPOVERLAPPED Ov;
            if (!GetQueuedCompletionStatus(c->Port, &Bytes, &Key, &Ov, INFINITE))
                Fail("GetQueuedCompletionStatus");
            E[0].lpCompletionKey = Key;
            E[0].lpOverlapped = Ov;
        } else if (!GetQueuedCompletionStatusEx(c->Port, E, (ULONG)c->Batch, &n, INFINITE, FALSE)) {
            Fail("GetQueuedCompletionStatusEx");
        }
        for (ULONG i = 0; i < n; i++) {
            if (E[i].lpCompletionKey == STOP_KEY) {
                Stops++;
                continue;
            }
            c->Sum += (ULONG_PTR)E[i].lpOverlapped;
            Got++;
        }
        c->Count += Got;
        if (Got)
            __atomic_add_fetch(&Consumed, Got, __ATOMIC_RELEASE);
        if (Stops) {
            Done = 1;
            for (ULONG i = 1; i < Stops; i++) /* the other consumer's */
                Post(c->Port, STOP_KEY, 0);
        }
    }
    return 0;
}

/* Seconds for N packets, or -1 if one was lost or duplicated. */
static double PortThroughput(int Consumers, int Batch, ULONG64 N)
{
    HANDLE Port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    CONSUMER C[2] = { { Port, Batch, 0, 0 }, { Port, Batch, 0, 0 } };
    HANDLE T[2];
    double t0, t1;
    if (!Port)
        Fail("CreateIoCompletionPort");
    Consumed = 0;
    if (Consumers == 0) {
        OVERLAPPED_ENTRY E[64];
        t0 = BaseNow();
        for (ULONG64 i = 0; i < N; i += (ULONG64)Batch) {
            for (int k = 0; k < Batch; k++)
                if (!Post(Port, 1, i + (ULONG64)k))
                    Fail("PostQueuedCompletionStatus");
            if (Batch == 1) {
                DWORD Bytes;
                ULONG_PTR Key;
                LPOVERLAPPED Ov;
                if (!GetQueuedCompletionStatus(Port, &Bytes, &Key, &Ov, INFINITE))
                    Fail("GetQueuedCompletionStatus");
                C[0].Sum += (ULONG_PTR)Ov;
                C[0].Count++;
                continue;
            }
            for (ULONG Got = 0, n; Got < (ULONG)Batch; Got += n) {
                if (!GetQueuedCompletionStatusEx(Port, E, (ULONG)Batch - Got, &n, INFINITE, FALSE))
                    Fail("GetQueuedCompletionStatusEx");
                for (ULONG k = 0; k < n; k++)
                    C[0].Sum += (ULONG_PTR)E[k].lpOverlapped;
                C[0].Count += n;
            }
        }
        t1 = BaseNow();
    } else {
        for (int c = 0; c < Consumers; c++)
            if (!(T[c] = CreateThread(NULL, 0, PortConsumer, &C[c], 0, NULL)))
                Fail("CreateThread");
        t0 = BaseNow();
        for (ULONG64 i = 0; i < N; i += (ULONG64)Batch) {
            BaseThrottle(&Consumed, i, WINDOW);
            for (int k = 0; k < Batch; k++)
                if (!Post(Port, 1, i + (ULONG64)k))
                    Fail("PostQueuedCompletionStatus");
        }
        BaseThrottle(&Consumed, N, 0);
        t1 = BaseNow();
        for (int c = 0; c < Consumers; c++)
            Post(Port, STOP_KEY, 0);
        WaitForMultipleObjects((DWORD)Consumers, T, TRUE, INFINITE);
        for (int c = 0; c < Consumers; c++)
            CloseHandle(T[c]);
    }
    CloseHandle(Port);
    ULONG64 Sum = C[0].Sum + C[1].Sum, Count = C[0].Count + C[1].Count;
    return Count == N && Sum == N * (N - 1) / 2 ? t1 - t0 : -1;
}

/* ---- 3. context switches ---- */

static DWORD WINAPI CswWorker(LPVOID Arg)
{
    HANDLE Port = Arg;
    for (ULONG64 Mine = 1;; Mine++) {
        DWORD Bytes;
        ULONG_PTR Key;
        LPOVERLAPPED Ov;
        if (!GetQueuedCompletionStatus(Port, &Bytes, &Key, &Ov, INFINITE))
            Fail("GetQueuedCompletionStatus");
        if (Key == STOP_KEY)
            break;
        BaseWork(CSW_WORK);
        __atomic_add_fetch(&Consumed, 1, __ATOMIC_RELEASE);
        if (Mine % CSW_BLOCK_EVERY == 0)
            SleepEx(1, FALSE); /* blocks: the port lets another worker run */
    }
    return 0;
}

static void PortContextSwitches(DWORD Concurrency, ULONG64 N, BASE_CSW *Out)
{
    HANDLE Port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, Concurrency);
    HANDLE T[CSW_WORKERS];
    uint64_t v0, i0, v1, i1;
    if (!Port)
        Fail("CreateIoCompletionPort");
    Consumed = 0;
    for (int w = 0; w < CSW_WORKERS; w++)
        if (!(T[w] = CreateThread(NULL, 0, CswWorker, Port, 0, NULL)))
            Fail("CreateThread");
    Sleep(10); /* let them all block on the port */
    BaseRusage(&v0, &i0);
    double t0 = BaseNow();
    for (ULONG64 i = 0; i < N; i += CSW_BURST) {
        for (ULONG64 k = i; k < i + CSW_BURST; k++)
            if (!Post(Port, 1, k))
                Fail("PostQueuedCompletionStatus");
        BaseAwait(&Consumed, i + CSW_BURST);
    }
    double t1 = BaseNow();
    BaseRusage(&v1, &i1);
    for (int w = 0; w < CSW_WORKERS; w++)
        Post(Port, STOP_KEY, 0);
    WaitForMultipleObjects(CSW_WORKERS, T, TRUE, INFINITE);
    for (int w = 0; w < CSW_WORKERS; w++)
        CloseHandle(T[w]);
    CloseHandle(Port);
    Out->Seconds = t1 - t0;
    Out->Voluntary = v1 - v0;
    Out->Involuntary = i1 - i0;
}

/* ---- 4. overlapped DeviceIoControl through a port ---- */

typedef struct {
    OVERLAPPED Ov;
    ULONG In, Out;
} RT_REQUEST;

static BOOL Submit(HANDLE h, RT_REQUEST *r, ULONG Value)
{
    memset(&r->Ov, 0, sizeof r->Ov);
    r->In = Value;
    r->Out = 0;
    return DeviceIoControl(h, IOCTL_RT_INCREMENT, &r->In, sizeof r->In, &r->Out, sizeof r->Out,
                           NULL, &r->Ov) ||
           GetLastError() == ERROR_IO_PENDING;
}

/* Seconds for N round trips Depth deep, or -1 on a wrong completion. */
static double PortIoctl(int Depth, ULONG N)
{
    RT_REQUEST Req[64];
    OVERLAPPED_ENTRY E[64];
    HANDLE h = CreateFileA("\\\\.\\NtioRt", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                           FILE_FLAG_OVERLAPPED, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return -2;
    HANDLE Port = CreateIoCompletionPort(h, NULL, 0x5254, 0);
    if (!Port)
        Fail("CreateIoCompletionPort (associate)");
    ULONG Submitted = 0, Done = 0;
    double t0 = BaseNow();
    for (int k = 0; k < Depth && Submitted < N; k++)
        if (!Submit(h, &Req[k], Submitted++))
            Fail("DeviceIoControl (overlapped)");
    while (Done < N) {
        ULONG n;
        if (!GetQueuedCompletionStatusEx(Port, E, 64, &n, INFINITE, FALSE))
            Fail("GetQueuedCompletionStatusEx");
        for (ULONG i = 0; i < n; i++) {
            RT_REQUEST *r = CONTAINING_RECORD(E[i].lpOverlapped, RT_REQUEST, Ov);
            if (E[i].lpCompletionKey != 0x5254 || E[i].Internal != 0 ||
                E[i].dwNumberOfBytesTransferred != sizeof(ULONG) || r->Out != r->In + 1)
                return -1;
            Done++;
            if (Submitted < N && !Submit(h, r, Submitted++))
                Fail("DeviceIoControl (overlapped)");
        }
    }
    double t1 = BaseNow();
    CloseHandle(Port);
    CloseHandle(h);
    return t1 - t0;
}

static double SyncIoctl(ULONG N)
{
    DWORD Bytes;
    ULONG v = 0, r;
    HANDLE h = CreateFileA("\\\\.\\NtioRt", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0,
                           NULL);
    if (h == INVALID_HANDLE_VALUE)
        return -2;
    double t0 = BaseNow();
    for (ULONG i = 0; i < N; i++) {
        if (!DeviceIoControl(h, IOCTL_RT_INCREMENT, &v, sizeof v, &r, sizeof r, &Bytes, NULL) ||
            r != v + 1)
            return -1;
        v = r;
    }
    double t1 = BaseNow();
    CloseHandle(h);
    return t1 - t0;
}

/* ---- 5. system calls (run under strace) ---- */

typedef struct {
    HANDLE Port;
    ULONG Wakes;
} WAITER;

static DWORD WINAPI Waiter(LPVOID Arg)
{
    WAITER *w = Arg;
    BaseMark("iocp-waiter");
    for (ULONG i = 0; i < w->Wakes; i++) {
        DWORD Bytes;
        ULONG_PTR Key;
        LPOVERLAPPED Ov;
        if (!GetQueuedCompletionStatus(w->Port, &Bytes, &Key, &Ov, INFINITE))
            Fail("GetQueuedCompletionStatus");
    }
    return 0;
}

static int Syscalls(ULONG Posts, ULONG Wakes)
{
    HANDLE Port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    OVERLAPPED_ENTRY E[64];
    if (!Port)
        Fail("CreateIoCompletionPort");
    /* Warm up with as many packets as will be measured: the first posts
     * grow the nonpaged pool (ftruncate + mmap of its backing file per
     * 64 KB); the measured ones reuse those packets. */
    for (ULONG k = 0; k < Posts; k++)
        Post(Port, 1, (ULONG64)k);
    for (ULONG Got = 0, n; Got < Posts; Got += n)
        if (!GetQueuedCompletionStatusEx(Port, E, 64, &n, 0, FALSE))
            Fail("GetQueuedCompletionStatusEx");

    BaseMark("iocp-nowait-begin");
    for (ULONG i = 0; i < Posts; i++)
        if (!Post(Port, 1, i))
            Fail("PostQueuedCompletionStatus");
    BaseMark("iocp-nowait-end");
    BaseMark("iocp-drain-begin");
    ULONG Drained = 0;
    for (ULONG n; Drained < Posts; Drained += n)
        if (!GetQueuedCompletionStatusEx(Port, E, 64, &n, 0, FALSE))
            break;
    BaseMark("iocp-drain-end");

    WAITER W = { Port, Wakes };
    HANDLE T = CreateThread(NULL, 0, Waiter, &W, 0, NULL);
    if (!T)
        Fail("CreateThread");
    BaseSleepMicro(20000);
    BaseMark("iocp-wake-begin");
    for (ULONG i = 0; i < Wakes; i++) {
        BaseSleepMicro(300); /* nanosleep, not a futex: the waiter blocks meanwhile */
        if (!Post(Port, 1, i))
            Fail("PostQueuedCompletionStatus");
    }
    BaseMark("iocp-wake-end");
    WaitForSingleObject(T, INFINITE);
    CloseHandle(T);
    CloseHandle(Port);
    printf("posted %lu with no waiter, drained %lu; posted %lu to a blocked waiter\n",
           (unsigned long)Posts, (unsigned long)Drained, (unsigned long)Wakes);
    return Drained == Posts ? 0 : 1;
}

/* ---- report ---- */

static double Rate(ULONG64 N, double s)
{
    return s > 0 ? (double)N / s : 0;
}

static void Row(const char *Name, ULONG64 Np, double Port, ULONG64 Nn, double Naive, ULONG64 Ne,
                double Evfd)
{
    printf("  %-30s %12.0f %12.0f %12.0f   %6.1fx %6.1fx\n", Name, Rate(Np, Port), Rate(Nn, Naive),
           Rate(Ne, Evfd), Naive > 0 && Port > 0 ? Rate(Np, Port) / Rate(Nn, Naive) : 0,
           Evfd > 0 && Port > 0 ? Rate(Np, Port) / Rate(Ne, Evfd) : 0);
}

static const char *Met(int Ok)
{
    return Ok ? "met" : "NOT met";
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "syscalls"))
        return Syscalls(argc > 2 ? strtoul(argv[2], NULL, 10) : 100000,
                        argc > 3 ? strtoul(argv[3], NULL, 10) : 1000);
    ULONG64 n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
    if (n < 1024)
        n = 1024;
    n &= ~(ULONG64)63; /* whole bursts */
    int Cpus = BaseCpus();
    int Bad = 0;

    /* 1 + 2: throughput. */
    static const struct {
        const char *Name;
        int Consumers, Batch;
    } Shapes[] = {
        { "same thread, batch 1", 0, 1 },  { "same thread, batch 64", 0, 64 },
        { "1 -> 1, batch 1", 1, 1 },       { "1 -> 1, batch 64", 1, 64 },
        { "1 -> 2, batch 1", 2, 1 },       { "1 -> 2, batch 64", 2, 64 },
    };
    enum { NSHAPES = sizeof Shapes / sizeof Shapes[0] };
    double P[NSHAPES], Nv[NSHAPES], Ev[NSHAPES];
    ULONG64 Np[NSHAPES], Nn[NSHAPES], Ne[NSHAPES];
    for (int s = 0; s < NSHAPES; s++) {
        /* Fewer items for the slow per-item baselines: the run stays short. */
        Np[s] = Shapes[s].Consumers == 0 ? n * 4 : n;
        Nn[s] = Shapes[s].Batch == 1 ? n / 2 : n;
        Ne[s] = Shapes[s].Batch == 1 ? n / 4 : n;
        Nn[s] &= ~(ULONG64)63;
        Ne[s] &= ~(ULONG64)63;
        P[s] = PortThroughput(Shapes[s].Consumers, Shapes[s].Batch, Np[s]);
        Nv[s] = BaseThroughput(BASE_NAIVE, Shapes[s].Consumers, Shapes[s].Batch, Nn[s], WINDOW);
        Ev[s] = BaseThroughput(BASE_EVENTFD, Shapes[s].Consumers, Shapes[s].Batch, Ne[s], WINDOW);
        if (P[s] < 0 || Nv[s] < 0 || Ev[s] < 0) {
            fprintf(stderr, "iocp_bench: %s: a packet was lost or duplicated\n", Shapes[s].Name);
            Bad = 1;
        }
    }
    printf("Completion port post + dequeue, packets/s (%d CPUs, base iterations %I64u)\n", Cpus, n);
    printf("  %-30s %12s %12s %12s   %7s %7s\n", "shape", "port", "mutex+cv", "eventfd", "/cv",
           "/evfd");
    for (int s = 0; s < NSHAPES; s++)
        Row(Shapes[s].Name, Np[s], P[s], Nn[s], Nv[s], Ne[s], Ev[s]);
    fflush(stdout);

    /* 3: context switches. */
    ULONG64 Nc = (n / 8) & ~(ULONG64)(CSW_BURST - 1);
    BASE_CSW Lim, Unl, Nai;
    PortContextSwitches((DWORD)Cpus, Nc, &Lim);
    PortContextSwitches(64, Nc, &Unl);
    BaseContextSwitches(CSW_WORKERS, Nc, CSW_WORK, CSW_BURST, CSW_BLOCK_EVERY, &Nai);
    printf("\nContext switches per packet (getrusage, whole process): %d workers, %u work "
           "iterations each,\n  sleep 1 ms every %u packets; bursts of %u posts, the producer "
           "sleeping until each is consumed; %I64u packets\n",
           CSW_WORKERS, CSW_WORK, CSW_BLOCK_EVERY, CSW_BURST, Nc);
    printf("  %-30s %10s %10s %10s %12s\n", "queue", "per packet", "voluntary", "involuntary",
           "packets/s");
    const struct {
        const char *Name;
        BASE_CSW *R;
    } Cs[] = { { "port, concurrency = CPUs", &Lim },
               { "port, concurrency 64", &Unl },
               { "mutex+cv (one signal per item)", &Nai } };
    double PerPacket[3];
    for (int k = 0; k < 3; k++) {
        PerPacket[k] = (double)(Cs[k].R->Voluntary + Cs[k].R->Involuntary) / (double)Nc;
        printf("  %-30s %10.3f %10I64u %10I64u %12.0f\n", Cs[k].Name, PerPacket[k],
               Cs[k].R->Voluntary, Cs[k].R->Involuntary, Rate(Nc, Cs[k].R->Seconds));
    }
    fflush(stdout);

    /* 4: overlapped DeviceIoControl through a port. */
    ULONG Ni = (ULONG)(n / 2);
    double Sy = SyncIoctl(Ni), D16 = PortIoctl(16, Ni), D64 = PortIoctl(64, Ni);
    printf("\nDeviceIoControl IOCTL_RT_INCREMENT to rtdrv.sys, round trips/s (%lu each)\n",
           (unsigned long)Ni);
    if (Sy == -2 || D16 == -2 || D64 == -2) {
        printf("  \\\\.\\NtioRt missing: run under  ntio run --driver rtdrv.sys --\n");
    } else {
        if (Sy < 0 || D16 < 0 || D64 < 0) {
            fprintf(stderr, "iocp_bench: a DeviceIoControl completion was wrong\n");
            Bad = 1;
        }
        printf("  %-30s %12.0f  (baseline)\n", "synchronous", Rate(Ni, Sy));
        printf("  %-30s %12.0f  %5.2fx\n", "overlapped via port, 16 deep", Rate(Ni, D16),
               Rate(Ni, D16) / Rate(Ni, Sy));
        printf("  %-30s %12.0f  %5.2fx\n", "overlapped via port, 64 deep", Rate(Ni, D64),
               Rate(Ni, D64) / Rate(Ni, Sy));
    }

    /* The goals ntio sets for its ports. */
    double Same1 = Rate(Np[0], P[0]), Same64 = Rate(Np[1], P[1]), One64 = Rate(Np[3], P[3]);
    double Evfd64 = Rate(Ne[3], Ev[3]);
    printf("\nGoals\n");
    printf("  same-thread post+dequeue >= 30 M/s       : batch 1 %6.1f M/s %s; batch 64 %6.1f M/s %s\n",
           Same1 / 1e6, Met(Same1 >= 30e6), Same64 / 1e6, Met(Same64 >= 30e6));
    printf("  1 -> 1, 64-batches >= 5 M/s               : %6.1f M/s %s\n", One64 / 1e6,
           Met(One64 >= 5e6));
    printf("  1 -> 1, 64-batches >= 10x eventfd/epoll   : %6.1fx %s\n",
           Evfd64 > 0 ? One64 / Evfd64 : 0, Met(Evfd64 > 0 && One64 >= 10 * Evfd64));
    printf("  fewer context switches than mutex+cv      : %.3f (concurrency %d) vs %.3f per packet %s\n",
           PerPacket[0], Cpus, PerPacket[2], Met(PerPacket[0] < PerPacket[2]));
    printf("  no syscall to post, one futex per wake    : run scripts/bench.sh (strace), "
           "docs/bench.md\n");
    return Bad;
}
