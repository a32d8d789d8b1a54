/*
 * testapp.c - drives the sioctl sample through every transfer method, plus
 * buffered read/write, and checks what comes back.  Exit status 0 when all
 * of it behaved as on Windows.
 */
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>
#include <string.h>
#include "public.h"

static int failures;

#define EXPECT(cond, what)                                             \
    do {                                                               \
        if (!(cond)) {                                                 \
            printf("FAIL: %s (GetLastError=%lu)\n", what, (unsigned long)GetLastError()); \
            failures++;                                                \
        } else {                                                       \
            printf("ok:   %s\n", what);                                \
        }                                                              \
    } while (0)

int main(void)
{
    HANDLE h;
    char in[] = "This String is from User Application; using METHOD_";
    char out[100];
    DWORD bytes;
    BOOL ok;

    h = CreateFileA(DEVICE_PATH, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                    FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        printf("FAIL: CreateFile(%s) error %lu\n", DEVICE_PATH, (unsigned long)GetLastError());
        return 1;
    }

    memset(out, 0, sizeof out);
    ok = DeviceIoControl(h, IOCTL_SIOCTL_METHOD_BUFFERED, in, (DWORD)strlen(in) + 1, out,
                         sizeof out, &bytes, NULL);
    EXPECT(ok && bytes == strlen(DRIVER_REPLY) + 1 && !strcmp(out, DRIVER_REPLY),
           "METHOD_BUFFERED returns the driver's string");

    memset(out, 0, sizeof out);
    ok = DeviceIoControl(h, IOCTL_SIOCTL_METHOD_NEITHER, in, (DWORD)strlen(in) + 1, out,
                         sizeof out, &bytes, NULL);
    EXPECT(ok && !strcmp(out, DRIVER_REPLY), "METHOD_NEITHER writes through the raw pointer");

    memset(out, 0, sizeof out);
    strcpy(out, "direct input data");
    ok = DeviceIoControl(h, IOCTL_SIOCTL_METHOD_IN_DIRECT, in, (DWORD)strlen(in) + 1, out,
                         sizeof out, &bytes, NULL);
    EXPECT(ok && bytes == sizeof out, "METHOD_IN_DIRECT reads the MDL buffer");

    memset(out, 0, sizeof out);
    ok = DeviceIoControl(h, IOCTL_SIOCTL_METHOD_OUT_DIRECT, in, (DWORD)strlen(in) + 1, out,
                         sizeof out, &bytes, NULL);
    EXPECT(ok && !strcmp(out, DRIVER_REPLY), "METHOD_OUT_DIRECT writes the MDL buffer");

    /* A short output buffer: STATUS_BUFFER_OVERFLOW is a warning, the data
     * that fits still arrives, and Win32 says ERROR_MORE_DATA. */
    memset(out, 0, sizeof out);
    ok = DeviceIoControl(h, IOCTL_SIOCTL_METHOD_BUFFERED, in, (DWORD)strlen(in) + 1, out, 10,
                         &bytes, NULL);
    EXPECT(!ok && GetLastError() == ERROR_MORE_DATA && bytes == 10 && !memcmp(out, DRIVER_REPLY, 10),
           "short buffered output: ERROR_MORE_DATA with the first 10 bytes");

    ULONG v = 41, r = 0;
    ok = DeviceIoControl(h, IOCTL_SIOCTL_INCREMENT, &v, sizeof v, &r, sizeof r, &bytes, NULL);
    EXPECT(ok && r == 42 && bytes == 4, "4-byte increment round trip");

    ok = DeviceIoControl(h, 0x12345678, NULL, 0, NULL, 0, &bytes, NULL);
    EXPECT(!ok && GetLastError() == ERROR_INVALID_FUNCTION, "unknown IOCTL: ERROR_INVALID_FUNCTION");

    const char msg[] = "hello, driver";
    ok = WriteFile(h, msg, sizeof msg, &bytes, NULL);
    EXPECT(ok && bytes == sizeof msg, "buffered WriteFile");
    memset(out, 0, sizeof out);
    ok = ReadFile(h, out, sizeof out, &bytes, NULL);
    EXPECT(ok && bytes == sizeof msg && !strcmp(out, msg), "buffered ReadFile returns what was written");

    ok = CloseHandle(h);
    EXPECT(ok, "CloseHandle");
    printf("%s\n", failures ? "ioctl sample: FAILED" : "ioctl sample: all methods behave");
    return failures ? 1 : 0;
}
