/*
 * dpcapp.c - hands the dpcevent driver an event handle and waits for the
 * driver's DPC to signal it; also the handles a driver must refuse.
 */
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>
#include "dpcevent.h"

static int failures;
#define EXPECT(cond, what)                                                                  \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            printf("FAIL: %s (GetLastError=%lu)\n", what, (unsigned long)GetLastError());  \
            failures++;                                                                     \
        } else {                                                                            \
            printf("ok:   %s\n", what);                                                     \
        }                                                                                   \
    } while (0)

int main(void)
{
    HANDLE h = CreateFileA(DPCEVENT_PATH, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    REGISTER_EVENT r;
    DWORD bytes;
    ULONG irql = 99;
    LARGE_INTEGER f, t0, t1;
    if (h == INVALID_HANDLE_VALUE || !ev) {
        printf("FAIL: setup %lu\n", (unsigned long)GetLastError());
        return 1;
    }
    QueryPerformanceFrequency(&f);

    r.Event = ev;
    r.DelayMs = 50;
    QueryPerformanceCounter(&t0);
    EXPECT(DeviceIoControl(h, IOCTL_DPCEVENT_REGISTER, &r, sizeof r, NULL, 0, &bytes, NULL),
           "the driver takes the event handle");
    EXPECT(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "not signalled yet");
    EXPECT(WaitForSingleObject(ev, 5000) == WAIT_OBJECT_0, "the DPC signals it");
    QueryPerformanceCounter(&t1);
    double ms = (double)(t1.QuadPart - t0.QuadPart) * 1000.0 / (double)f.QuadPart;
    EXPECT(ms >= 45.0, "no earlier than the timer's due time");
    EXPECT(DeviceIoControl(h, IOCTL_DPCEVENT_LAST_IRQL, NULL, 0, &irql, sizeof irql, &bytes, NULL) &&
               irql == 2, "the DPC ran at DISPATCH_LEVEL");

    r.Event = (HANDLE)(ULONG_PTR)0x4444;
    EXPECT(!DeviceIoControl(h, IOCTL_DPCEVENT_REGISTER, &r, sizeof r, NULL, 0, &bytes, NULL) &&
               GetLastError() == ERROR_INVALID_HANDLE, "an invalid handle is refused");
    r.Event = h; /* a file, not an event */
    EXPECT(!DeviceIoControl(h, IOCTL_DPCEVENT_REGISTER, &r, sizeof r, NULL, 0, &bytes, NULL) &&
               GetLastError() == ERROR_INVALID_HANDLE, "a handle of another type is refused");

    /* The event stays referenced by the driver after the application
     * closes its handle: the DPC still finds a live event. */
    r.Event = ev;
    r.DelayMs = 20;
    EXPECT(DeviceIoControl(h, IOCTL_DPCEVENT_REGISTER, &r, sizeof r, NULL, 0, &bytes, NULL), "register again");
    CloseHandle(ev);
    Sleep(100);
    EXPECT(DeviceIoControl(h, IOCTL_DPCEVENT_LAST_IRQL, NULL, 0, &irql, sizeof irql, &bytes, NULL),
           "the driver survived the handle closing before its DPC ran");

    CloseHandle(h);
    printf("%s\n", failures ? "dpcevent sample: FAILED" : "dpcevent sample: signalled from a DPC");
    return failures ? 1 : 0;
}
