/*
 * notmyfault.c - asks Myfault to hang an I/O request.
 *   notmyfault sync     a synchronous DeviceIoControl that never returns
 *   notmyfault exit     an overlapped request left behind at exit
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include "myfault.h"

int main(int argc, char **argv)
{
    BOOL overlapped = argc > 1 && !strcmp(argv[1], "exit");
    HANDLE h = CreateFileA("\\\\.\\Myfault", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                           overlapped ? FILE_FLAG_OVERLAPPED : 0, NULL);
    DWORD bytes;
    if (h == INVALID_HANDLE_VALUE) {
        printf("cannot open \\\\.\\Myfault: %lu\n", (unsigned long)GetLastError());
        return 1;
    }
    if (!overlapped) {
        printf("issuing a synchronous request the driver will never complete\n");
        fflush(stdout);
        DeviceIoControl(h, IOCTL_MYFAULT_HANG, NULL, 0, NULL, 0, &bytes, NULL);
        printf("the request returned, which a hung IRP never does\n");
        return 2;
    }
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (DeviceIoControl(h, IOCTL_MYFAULT_HANG, NULL, 0, NULL, 0, &bytes, &ov) ||
        GetLastError() != ERROR_IO_PENDING) {
        printf("expected ERROR_IO_PENDING, got %lu\n", (unsigned long)GetLastError());
        return 2;
    }
    printf("request pending; exiting with it outstanding\n");
    return 0;
}
