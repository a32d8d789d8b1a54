/*
 * tests/win/systhread_app.c - the application side of systhread_drv.c: it
 * lets the driver's worker thread run for a while, then ends; the kernel
 * unloads the driver at exit, which stops its thread.
 */
#include <windows.h>
#include <stdio.h>

int main(void)
{
    Sleep(30);
    printf("systhread_app: done\n");
    return 0;
}
