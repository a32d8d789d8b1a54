/*
 * public.h - what the ioctl sample driver and its application share.
 */
#ifndef IOCTL_SAMPLE_PUBLIC_H
#define IOCTL_SAMPLE_PUBLIC_H

#define SIOCTL_TYPE 40000

#define IOCTL_SIOCTL_METHOD_IN_DIRECT \
    CTL_CODE(SIOCTL_TYPE, 0x900, METHOD_IN_DIRECT, FILE_ANY_ACCESS)
#define IOCTL_SIOCTL_METHOD_OUT_DIRECT \
    CTL_CODE(SIOCTL_TYPE, 0x901, METHOD_OUT_DIRECT, FILE_ANY_ACCESS)
#define IOCTL_SIOCTL_METHOD_BUFFERED \
    CTL_CODE(SIOCTL_TYPE, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_SIOCTL_METHOD_NEITHER \
    CTL_CODE(SIOCTL_TYPE, 0x903, METHOD_NEITHER, FILE_ANY_ACCESS)
/* 4 bytes in, the same value plus one out: the benchmark's round trip. */
#define IOCTL_SIOCTL_INCREMENT \
    CTL_CODE(SIOCTL_TYPE, 0x904, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* Needs write access on the handle. */
#define IOCTL_SIOCTL_RESET \
    CTL_CODE(SIOCTL_TYPE, 0x905, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define DRIVER_NAME "SIoctl"
#define DEVICE_PATH "\\\\.\\IoctlTest"
#define DRIVER_REPLY "This String is from Device Driver !!!"

#endif
