/*
 * public.h - what the PnP sample's drivers and its application share: the
 * device interface classes and the I/O control codes.  One source file of
 * each image includes <initguid.h> first, to define the GUIDs.
 */
#ifndef PNP_SAMPLE_PUBLIC_H
#define PNP_SAMPLE_PUBLIC_H

/* An echo device (echo.sys): a write stores up to ECHO_MAX_DATA bytes, a
 * read gives them back. */
DEFINE_GUID(GUID_DEVINTERFACE_ECHO, /* {0b30e992-c603-49f4-b6d2-bf33cf707ba9} */
            0x0b30e992, 0xc603, 0x49f4, 0xb6, 0xd2, 0xbf, 0x33, 0xcf, 0x70, 0x7b, 0xa9);
#define ECHO_MAX_DATA 256

/* The sample bus (bus.sys): the application plugs in and unplugs the
 * echo devices it reports, each named by a serial number (a ULONG, 1 to
 * 99) in the input buffer. */
DEFINE_GUID(GUID_DEVINTERFACE_SAMPLE_BUS, /* {45265fea-6f1c-43d4-bbbf-b6adb5e9d319} */
            0x45265fea, 0x6f1c, 0x43d4, 0xbb, 0xbf, 0xb6, 0xad, 0xb5, 0xe9, 0xd3, 0x19);
#define IOCTL_BUS_PLUG_IN CTL_CODE(FILE_DEVICE_BUS_EXTENDER, 0x800, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_BUS_UNPLUG CTL_CODE(FILE_DEVICE_BUS_EXTENDER, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

/* The counter filter (counter.sys) above each echo device answers this
 * one itself: how many IRPs of each major function it has passed down. */
#define IOCTL_COUNTER_GET_COUNTS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define COUNTER_MAJOR_FUNCTIONS 28 /* IRP_MJ_MAXIMUM_FUNCTION + 1 */
#define COUNTER_CREATE 0x00        /* IRP_MJ_CREATE, for applications */
#define COUNTER_READ 0x03          /* IRP_MJ_READ */
#define COUNTER_WRITE 0x04         /* IRP_MJ_WRITE */

typedef struct _COUNTER_COUNTS {
    ULONG Irps[COUNTER_MAJOR_FUNCTIONS]; /* indexed by IRP_MJ_XXX */
} COUNTER_COUNTS, *PCOUNTER_COUNTS;

#endif
