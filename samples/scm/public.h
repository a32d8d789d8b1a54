/*
 * public.h - what the scmsample driver and its application share.
 */
#ifndef SCMSAMPLE_PUBLIC_H
#define SCMSAMPLE_PUBLIC_H

#define SCMSAMPLE_SERVICE "scmsample"          /* the service, and scmsample.sys */
#define SCMSAMPLE_DEVICE_PATH "\\\\.\\ScmSample"
#define SCMSAMPLE_GREETING_DEFAULT 7            /* when Parameters\Greeting is absent */

/* Buffered, no input; the output is SCMSAMPLE_INFO. */
#define IOCTL_SCMSAMPLE_INFO CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _SCMSAMPLE_INFO {
    ULONG Greeting;          /* Parameters\Greeting of the service key, read in DriverEntry */
    ULONG Loads;             /* how often DriverEntry ran in this image (1: a fresh image) */
    ULONG Opens;             /* IRP_MJ_CREATE seen since DriverEntry */
    WCHAR RegistryPath[200]; /* what DriverEntry was given */
} SCMSAMPLE_INFO;

#endif
