/*
 * winapp.c - an application including its headers the Windows way.
 */
#include <Windows.h>
#include <WinIoCtl.h>
#include <stdio.h>
#include "..\inc\PUBLIC.H"

int main(void)
{
    HANDLE h = CreateFileA("\\\\.\\WinCompile", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    COMPILE_TEST_DATA d = { 20 };
    DWORD bytes = 0;
    if (h == INVALID_HANDLE_VALUE) {
        printf("FAIL: open %lu\n", (unsigned long)GetLastError());
        return 1;
    }
    if (!DeviceIoControl(h, IOCTL_COMPILE_TEST, &d, sizeof d, &d, sizeof d, &bytes, NULL) ||
        d.Value != 41) {
        printf("FAIL: ioctl %lu value %lu\n", (unsigned long)GetLastError(), (unsigned long)d.Value);
        return 1;
    }
    CloseHandle(h);
    printf("windows-style sources: ok\n");
    return 0;
}
