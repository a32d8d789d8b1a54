/*
 * tests/win/crt/drvhost.c - the application the ntstrsafe driver test runs
 * (the checks happen in the driver's DriverEntry).
 */
#include <stdio.h>

int main(void)
{
    printf("drvhost: done\n");
    return 0;
}
