/*
 * tests/win/scm/scmtest.h - what the SCM test drivers, the Win32 tests and
 * the kernel unit test (tests/unit/test_loaddriver.c) share.
 */
#ifndef SCMTEST_H
#define SCMTEST_H

/* The device extension of every scmtest device: what DriverEntry saw. */
typedef struct _SCMTEST_INFO {
    ULONG Loads;              /* DriverEntry calls in this image (1: a fresh image) */
    WCHAR RegistryPath[200];  /* as DriverEntry got it */
    WCHAR ServiceKeyName[64]; /* DriverObject->DriverExtension->ServiceKeyName */
} SCMTEST_INFO;

/* Buffered, no input; the output is SCMTEST_INFO. */
#define IOCTL_SCMTEST_INFO CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)

/* What scmfail.sys's DriverEntry returns (after making a device). */
#define SCMFAIL_STATUS ((NTSTATUS)0xC00000C0L) /* STATUS_DEVICE_DOES_NOT_EXIST */

#endif
