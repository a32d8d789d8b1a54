/*
 * shareapp.c - uses the sharemem driver's mappings and checks that the
 * application and the driver see each other's writes, that unmapping
 * removes the mapping, and that a bad buffer is refused.
 */
#include <windows.h>
#include <winioctl.h>
#include <excpt.h>
#include <stdio.h>
#include <string.h>
#include "sharemem.h"

static int failures;
#define EXPECT(cond, what)                                                                   \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            printf("FAIL: %s (GetLastError=%lu)\n", what, (unsigned long)GetLastError());   \
            failures++;                                                                      \
        } else {                                                                             \
            printf("ok:   %s\n", what);                                                      \
        }                                                                                    \
    } while (0)

/* Reads one byte at p; TRUE if it faulted. */
static BOOL Faults(volatile char *p)
{
    volatile BOOL faulted = FALSE;
    __try {
        (void)*p;
    } __except (GetExceptionCode() == EXCEPTION_ACCESS_VIOLATION ? EXCEPTION_EXECUTE_HANDLER
                                                                 : EXCEPTION_CONTINUE_SEARCH) {
        faulted = TRUE;
    }
    return faulted;
}

int main(void)
{
    HANDLE h = CreateFileA("\\\\.\\ShareMem", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                           0, NULL);
    unsigned long long va = 0;
    char page[64];
    DWORD bytes;
    BOOL ok;
    if (h == INVALID_HANDLE_VALUE) {
        printf("FAIL: cannot open \\\\.\\ShareMem: %lu\n", (unsigned long)GetLastError());
        return 1;
    }

    /* seed 000 */
    ok = DeviceIoControl(h, IOCTL_SHAREMEM_MAP, NULL, 0, &va, sizeof va, &bytes, NULL);
    EXPECT(ok && va && (va & 0xfff) == 0, "driver pool page mapped into the application");
    char *shared = (char *)(ULONG_PTR)va;
    if (ok && va) {
        strcpy(shared, "written by the application");
        memset(page, 0, sizeof page);
        ok = DeviceIoControl(h, IOCTL_SHAREMEM_PEEK, NULL, 0, page, sizeof page, &bytes, NULL);
        EXPECT(ok && !strcmp(page, "written by the application"), "the driver sees the application's write");
        ok = DeviceIoControl(h, IOCTL_SHAREMEM_POKE, NULL, 0, NULL, 0, &bytes, NULL);
        EXPECT(ok && !strcmp(shared, SHAREMEM_DRIVER_TEXT), "the application sees the driver's write");
        ok = DeviceIoControl(h, IOCTL_SHAREMEM_UNMAP, NULL, 0, NULL, 0, &bytes, NULL);
        EXPECT(ok && Faults(shared), "after MmUnmapLockedPages the address is gone");
    }

    /* seed 001: kernel to user, 1024 bytes */
    va = 0;
    ok = DeviceIoControl(h, IOCTL_SHAREMEM_MAP_SMALL, NULL, 0, &va, sizeof va, &bytes, NULL);
    EXPECT(ok && va && !strcmp((char *)(ULONG_PTR)va, SHAREMEM_DRIVER_TEXT),
           "1024 bytes of driver pool readable in the application");
    DeviceIoControl(h, IOCTL_SHAREMEM_UNMAP, NULL, 0, NULL, 0, &bytes, NULL);

    /* seed 001: user to kernel */
    static unsigned char buffer[10000];
    unsigned int expect = 0;
    for (unsigned i = 0; i < sizeof buffer; i++) {
        buffer[i] = (unsigned char)(i * 7);
        expect += buffer[i];
    }
    USER_RANGE range = { (unsigned long long)(ULONG_PTR)buffer, sizeof buffer };
    unsigned int sum = 0;
    ok = DeviceIoControl(h, IOCTL_SHAREMEM_LOCK_USER, &range, sizeof range, &sum, sizeof sum, &bytes, NULL);
    EXPECT(ok && sum == expect, "the driver locks and reads an application buffer (3 pages)");

    range.Address = 0x1000;
    ok = DeviceIoControl(h, IOCTL_SHAREMEM_LOCK_USER, &range, sizeof range, &sum, sizeof sum, &bytes, NULL);
    EXPECT(!ok && GetLastError() == ERROR_NOACCESS, "an unmapped buffer: MmProbeAndLockPages raises, ERROR_NOACCESS");

    /* a mapping left in place is removed when the handle closes (CLEANUP) */
    ok = DeviceIoControl(h, IOCTL_SHAREMEM_MAP, NULL, 0, &va, sizeof va, &bytes, NULL);
    EXPECT(ok, "map again");
    CloseHandle(h);
    EXPECT(Faults((volatile char *)(ULONG_PTR)va), "closing the handle unmapped it");

    printf("%s\n", failures ? "sharemem sample: FAILED" : "sharemem sample: memory shared both ways");
    return failures ? 1 : 0;
}
