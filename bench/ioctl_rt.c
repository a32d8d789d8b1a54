/*
 * ioctl_rt.c - DeviceIoControl round trips per second (METHOD_BUFFERED,
 * 4 bytes in and out) against a driver that completes at once:
 * synchronous, and overlapped 16 deep waiting on events; beside the
 * baseline of the same dispatch work called directly, in the same run.
 *
 *   ntio run --driver rtdrv.sys -- ./ioctl_rt [ITERATIONS]
 */
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rt.h"

static double Seconds(LARGE_INTEGER a, LARGE_INTEGER b, LARGE_INTEGER f)
{
    return (double)(b.QuadPart - a.QuadPart) / (double)f.QuadPart;
}

int main(int argc, char **argv)
{
    ULONG n = argc > 1 ? (ULONG)strtoul(argv[1], NULL, 10) : 2000000;
    LARGE_INTEGER f, t0, t1;
    DWORD bytes;
    QueryPerformanceFrequency(&f);

    HANDLE h = CreateFileA("\\\\.\\NtioRt", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "ioctl_rt: cannot open \\\\.\\NtioRt (%lu); run under ntio run --driver rtdrv.sys\n",
                (unsigned long)GetLastError());
        return 1;
    }
    /* Baseline: the dispatch work alone, timed inside the driver. */
    union { ULONG In; LONGLONG Out; } b = { .In = n };
    if (!DeviceIoControl(h, IOCTL_RT_BASELINE, &b, sizeof b.In, &b, sizeof b.Out, &bytes, NULL)) {
        fprintf(stderr, "baseline failed: %lu\n", (unsigned long)GetLastError());
        return 1;
    }
    double base_ns = (double)b.Out * 100.0 / n;

    ULONG v = 0, r;
    QueryPerformanceCounter(&t0);
    for (ULONG i = 0; i < n; i++) {
        if (!DeviceIoControl(h, IOCTL_RT_INCREMENT, &v, sizeof v, &r, sizeof r, &bytes, NULL) || r != v + 1) {
            fprintf(stderr, "sync round trip %lu failed\n", (unsigned long)i);
            return 1;
        }
        v = r;
    }
    QueryPerformanceCounter(&t1);
    double sync_s = Seconds(t0, t1, f);
    CloseHandle(h);

    /* Overlapped, 16 in flight, each waited on through its event. */
    enum { DEPTH = 16 };
    h = CreateFileA("\\\\.\\NtioRt", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                    FILE_FLAG_OVERLAPPED, NULL);
    OVERLAPPED ov[DEPTH];
    ULONG in[DEPTH], out[DEPTH];
    for (int k = 0; k < DEPTH; k++) {
        memset(&ov[k], 0, sizeof ov[k]);
        ov[k].hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
        in[k] = (ULONG)k;
    }
    ULONG ovn = n / 4;
    QueryPerformanceCounter(&t0);
    for (ULONG i = 0; i < ovn; i += DEPTH) {
        for (int k = 0; k < DEPTH; k++)
            if (!DeviceIoControl(h, IOCTL_RT_INCREMENT, &in[k], 4, &out[k], 4, NULL, &ov[k]) &&
                GetLastError() != ERROR_IO_PENDING) {
                fprintf(stderr, "overlapped submit failed: %lu\n", (unsigned long)GetLastError());
                return 1;
            }
        for (int k = 0; k < DEPTH; k++) {
            if (!GetOverlappedResult(h, &ov[k], &bytes, TRUE) || out[k] != in[k] + 1) {
                fprintf(stderr, "overlapped completion failed\n");
                return 1;
            }
        }
    }
    QueryPerformanceCounter(&t1);
    double ov_s = Seconds(t0, t1, f);
    for (int k = 0; k < DEPTH; k++)
        CloseHandle(ov[k].hEvent);
    CloseHandle(h);

    printf("DeviceIoControl METHOD_BUFFERED 4+4 bytes, %lu iterations\n", (unsigned long)n);
    printf("  baseline (dispatch called directly): %8.1f ns/op  %12.0f ops/s\n", base_ns, 1e9 / base_ns);
    printf("  synchronous round trip             : %8.1f ns/op  %12.0f ops/s  (goal >= 5,000,000/s)\n",
           sync_s * 1e9 / n, n / sync_s);
    printf("  overlapped, 16 deep, event waits   : %8.1f ns/op  %12.0f ops/s\n",
           ov_s * 1e9 / ovn, ovn / ov_s);
    return 0;
}
