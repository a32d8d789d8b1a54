/*
 * tests/win/exit.c - how a process ends (the test checks the exit status):
 *   last-worker   main calls ExitThread(7); the worker, the last thread,
 *                 returns 42: the process ends with 42.
 *   last-main     a worker calls ExitThread(5); then main, the last
 *                 thread, calls ExitThread(9): the process ends with 9.
 *   exit-process  a worker calls ExitProcess(3) while main waits forever.
 *   return-main   main returns 5 while a worker still waits: the process
 *                 ends with 5 (the C runtime calls ExitProcess).
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static DWORD WINAPI LateReturn(LPVOID Parameter)
{
    Sleep(100);
    printf("worker: returning 42\n");
    fflush(stdout);
    return (DWORD)(ULONG_PTR)Parameter;
}

static DWORD WINAPI EarlyExit(LPVOID Parameter)
{
    ExitThread((DWORD)(ULONG_PTR)Parameter);
}

static DWORD WINAPI EndProcess(LPVOID Parameter)
{
    Sleep(50);
    fflush(stdout);
    ExitProcess((UINT)(ULONG_PTR)Parameter);
}

static DWORD WINAPI WaitForever(LPVOID Parameter)
{
    Sleep(INFINITE);
    return 0;
}

int main(int argc, char **argv)
{
    const char *Mode = argc > 1 ? argv[1] : "";
    HANDLE Thread;

    if (!strcmp(Mode, "last-worker")) {
        Thread = CreateThread(NULL, 0, LateReturn, (LPVOID)42, 0, NULL);
        if (!Thread)
            return 100;
        CloseHandle(Thread);
        ExitThread(7);
    }
    if (!strcmp(Mode, "last-main")) {
        Thread = CreateThread(NULL, 0, EarlyExit, (LPVOID)5, 0, NULL);
        if (!Thread || WaitForSingleObject(Thread, 5000) != WAIT_OBJECT_0)
            return 100;
        DWORD Code = 0;
        if (!GetExitCodeThread(Thread, &Code) || Code != 5) {
            printf("FAIL: worker exit code %lu\n", (unsigned long)Code);
            return 101;
        }
        CloseHandle(Thread);
        fflush(stdout);
        ExitThread(9);
    }
    if (!strcmp(Mode, "exit-process")) {
        Thread = CreateThread(NULL, 0, EndProcess, (LPVOID)3, 0, NULL);
        if (!Thread)
            return 100;
        WaitForSingleObject(Thread, INFINITE);
        printf("FAIL: main went on after ExitProcess\n");
        return 101;
    }
    if (!strcmp(Mode, "return-main")) {
        Thread = CreateThread(NULL, 0, WaitForever, NULL, 0, NULL);
        if (!Thread)
            return 100;
        Sleep(20);
        return 5;
    }
    printf("FAIL: unknown mode %s\n", Mode);
    return 102;
}
