/*
 * tests/win/files/fsdrv_app.c - what fsdrv.sys did, seen from an
 * application: the log its DriverEntry wrote under \SystemRoot, read as
 * C:\windows\fsdrv.log; and the names after \\.\FSDRVTEST that reached its
 * IRP_MJ_CREATE as FileObject->FileName.
 */
#include <windows.h>
#include <winioctl.h>

#include "../../harness.h"

#define IOCTL_FSDRV_LAST_NAME CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)

/* Open Path on the device and return the name its driver saw (UTF-16
 * narrowed: the test names are ASCII). */
static BOOL NameSeen(const char *Path, char *Seen, size_t Size)
{
    WCHAR Wide[128];
    DWORD Got = 0;
    HANDLE h = CreateFileA(Path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        printf("FAIL: CreateFile %s: error %u\n", Path, (unsigned)GetLastError());
        return FALSE;
    }
    BOOL Ok = DeviceIoControl(h, IOCTL_FSDRV_LAST_NAME, NULL, 0, Wide, sizeof Wide, &Got, NULL);
    CloseHandle(h);
    size_t n = 0;
    for (; Ok && n < Got / sizeof(WCHAR) && n + 1 < Size; n++)
        Seen[n] = (char)Wide[n];
    Seen[n] = 0;
    return Ok;
}

int main(void)
{
    char Buf[256], Seen[128];
    DWORD n = 0;
    static const char Expected[] = "fsdrv: DriverEntry wrote this\r\nfsdrv: and appended this\r\n";

    HANDLE h = CreateFileA("C:\\windows\\fsdrv.log", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    CHECK(h != INVALID_HANDLE_VALUE);
    memset(Buf, 0, sizeof Buf);
    CHECK(ReadFile(h, Buf, sizeof Buf - 1, &n, NULL));
    CHECK_EQ(n, sizeof Expected - 1);
    CHECK_STR(Buf, Expected);
    CHECK_EQ(GetFileSize(h, NULL), sizeof Expected - 1);
    CloseHandle(h);
    /* Its name on disk is the case the driver gave. */
    h = CreateFileA("C:\\windows\\FsDrv.LOG", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    CHECK(h != INVALID_HANDLE_VALUE);
    CloseHandle(h);

    CHECK(NameSeen("\\\\.\\FSDRVTEST\\file.log", Seen, sizeof Seen));
    CHECK_STR(Seen, "\\file.log");
    CHECK(NameSeen("\\\\.\\fsdrvtest\\dir/Sub.LOG", Seen, sizeof Seen));
    CHECK_STR(Seen, "\\dir\\Sub.LOG");
    CHECK(NameSeen("\\\\.\\FSDRVTEST", Seen, sizeof Seen));
    CHECK_STR(Seen, "");
    CHECK(NameSeen("\\\\?\\FSDRVTEST\\raw\\name", Seen, sizeof Seen));
    CHECK_STR(Seen, "\\raw\\name");
    return test_summary("fsdrv app");
}
