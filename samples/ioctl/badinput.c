/*
 * badinput.c - what the I/O system answers to bad requests from an
 * application: each call must fail with the error Windows gives, and the
 * kernel side must survive all of them.
 */
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>
#include <string.h>
#include "public.h"

static int failures;

static void Expect(BOOL ok, DWORD want, const char *what)
{
    DWORD got = GetLastError();
    if (ok || got != want) {
        printf("FAIL: %s: returned %s, error %lu, expected error %lu\n", what, ok ? "TRUE" : "FALSE",
               (unsigned long)got, (unsigned long)want);
        failures++;
    } else {
        printf("ok:   %s -> error %lu\n", what, (unsigned long)want);
    }
}

static void ExpectOk(BOOL ok, const char *what)
{
    if (!ok) {
        printf("FAIL: %s: error %lu\n", what, (unsigned long)GetLastError());
        failures++;
    } else {
        printf("ok:   %s\n", what);
    }
}

int main(void)
{
    DWORD bytes;
    ULONG v = 1, r;
    HANDLE h, ro, ev;

    h = CreateFileA("\\\\.\\NoSuchDevice", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    Expect(h != INVALID_HANDLE_VALUE, ERROR_FILE_NOT_FOUND, "open a device that does not exist");
    h = CreateFileA(NULL, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    Expect(h != INVALID_HANDLE_VALUE, ERROR_INVALID_PARAMETER, "open with a NULL name");
    h = CreateFileA(DEVICE_PATH, GENERIC_READ, 0, NULL, 99, 0, NULL);
    Expect(h != INVALID_HANDLE_VALUE, ERROR_INVALID_PARAMETER, "open with a bad disposition");
    h = CreateFileA("\\\\.\\IoctlTest\\..\\..\\x", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h); /* a trailing name reaches the driver as FileName; sioctl accepts it */

    h = CreateFileA(DEVICE_PATH, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ro = CreateFileA(DEVICE_PATH, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (h == INVALID_HANDLE_VALUE || ro == INVALID_HANDLE_VALUE || !ev) {
        printf("FAIL: setup (%lu)\n", (unsigned long)GetLastError());
        return 1;
    }

    Expect(DeviceIoControl((HANDLE)(ULONG_PTR)0x12344, IOCTL_SIOCTL_INCREMENT, &v, 4, &r, 4, &bytes, NULL),
           ERROR_INVALID_HANDLE, "IOCTL on a handle that does not exist");
    Expect(DeviceIoControl(ev, IOCTL_SIOCTL_INCREMENT, &v, 4, &r, 4, &bytes, NULL), ERROR_INVALID_HANDLE,
           "IOCTL on an event handle");
    Expect(DeviceIoControl(h, IOCTL_SIOCTL_INCREMENT, (PVOID)0x10, 4, &r, 4, &bytes, NULL), ERROR_NOACCESS,
           "IOCTL with an input pointer in the first page");
    Expect(DeviceIoControl(h, IOCTL_SIOCTL_INCREMENT, NULL, 4, &r, 4, &bytes, NULL), ERROR_NOACCESS,
           "IOCTL with a NULL input buffer and a length");
    Expect(DeviceIoControl(h, IOCTL_SIOCTL_INCREMENT, &v, 4, (PVOID)0xFFFF800000000000ULL, 4, &bytes, NULL),
           ERROR_NOACCESS, "IOCTL with a kernel-range output pointer");
    Expect(DeviceIoControl(h, IOCTL_SIOCTL_METHOD_OUT_DIRECT, &v, 4, (PVOID)0x20000, 64, &bytes, NULL),
           ERROR_NOACCESS, "direct I/O on an unmapped output buffer");
    Expect(DeviceIoControl(h, IOCTL_SIOCTL_INCREMENT, &v, 2, &r, 4, &bytes, NULL), ERROR_INSUFFICIENT_BUFFER,
           "IOCTL with a short input (driver's STATUS_BUFFER_TOO_SMALL)");
    Expect(DeviceIoControl(ro, IOCTL_SIOCTL_RESET, NULL, 0, NULL, 0, &bytes, NULL), ERROR_ACCESS_DENIED,
           "FILE_WRITE_ACCESS IOCTL on a read-only handle");
    ExpectOk(DeviceIoControl(h, IOCTL_SIOCTL_RESET, NULL, 0, NULL, 0, &bytes, NULL),
             "the same IOCTL on a read-write handle succeeds");
    Expect(WriteFile(ro, "x", 1, &bytes, NULL), ERROR_ACCESS_DENIED, "WriteFile on a read-only handle");

    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = (HANDLE)(ULONG_PTR)0x77770;
    Expect(DeviceIoControl(h, IOCTL_SIOCTL_INCREMENT, &v, 4, &r, 4, &bytes, &ov), ERROR_INVALID_HANDLE,
           "OVERLAPPED with an invalid event handle");

    Expect(CancelIoEx(h, NULL), ERROR_NOT_FOUND, "CancelIoEx with nothing pending");
    Expect(WaitForSingleObject((HANDLE)(ULONG_PTR)0x5550, 0) != WAIT_FAILED, ERROR_INVALID_HANDLE,
           "wait on an invalid handle");

    HANDLE async = CreateFileA(DEVICE_PATH, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                               FILE_FLAG_OVERLAPPED, NULL);
    char buf[8];
    Expect(ReadFile(async, buf, sizeof buf, &bytes, NULL), ERROR_INVALID_PARAMETER,
           "ReadFile on an overlapped handle without an OVERLAPPED");
    /* An overlapped request that completes at once: TRUE, the event set,
     * the OVERLAPPED filled in. */
    memset(&ov, 0, sizeof ov);
    ov.hEvent = ev;
    r = 0;
    BOOL ok = DeviceIoControl(async, IOCTL_SIOCTL_INCREMENT, &v, 4, &r, 4, &bytes, &ov);
    if (!ok || r != 2 || ov.Internal != 0 || ov.InternalHigh != 4 || WaitForSingleObject(ev, 0) != WAIT_OBJECT_0) {
        printf("FAIL: immediate overlapped completion (ok=%d r=%lu Internal=%lx)\n", ok, (unsigned long)r,
               (unsigned long)ov.Internal);
        failures++;
    } else {
        printf("ok:   overlapped request completed at once reports through OVERLAPPED and event\n");
    }
    /* A request that fails at once writes no status and signals nothing. */
    ResetEvent(ev);
    memset(&ov, 0, sizeof ov);
    ov.hEvent = ev;
    ok = DeviceIoControl(async, 0x22FFFF, NULL, 0, NULL, 0, &bytes, &ov);
    if (ok || GetLastError() != ERROR_INVALID_FUNCTION || WaitForSingleObject(ev, 0) != WAIT_TIMEOUT ||
        ov.Internal != (ULONG_PTR)0x103 /* still STATUS_PENDING, as kernel32 set it */) {
        printf("FAIL: synchronous failure must not signal (err %lu)\n", (unsigned long)GetLastError());
        failures++;
    } else {
        printf("ok:   an overlapped request that fails at once signals nothing\n");
    }

    CloseHandle(async);
    CloseHandle(ro);
    CloseHandle(ev);
    ExpectOk(CloseHandle(h), "first close");
    Expect(CloseHandle(h), ERROR_INVALID_HANDLE, "closing the same handle twice");

    printf("%s\n", failures ? "bad input: FAILED" : "bad input: every call got Windows' answer");
    return failures ? 1 : 0;
}
