/*
 * pnptest.h - what the PnP test drivers and their application share.
 */
#ifndef PNPTEST_H
#define PNPTEST_H

/* The echo device's interface, and the test bus's. */
DEFINE_GUID(GUID_DEVINTERFACE_NTIO_ECHO, 0x6b3f3a10, 0x2f1c, 0x4c1b, 0x9a, 0x7e, 0x1d, 0x54, 0x33,
            0x0e, 0xa1, 0x01);
DEFINE_GUID(GUID_DEVINTERFACE_NTIO_BUS, 0x6b3f3a10, 0x2f1c, 0x4c1b, 0x9a, 0x7e, 0x1d, 0x54, 0x33,
            0x0e, 0xa1, 0x02);

/* The interface a raw child of the test bus (RAW_CHILD_FIRST up to
 * EJECT_CHILD_FIRST) registers on itself; it answers IOCTL_RAW_NUMBER with its number. */
DEFINE_GUID(GUID_DEVINTERFACE_NTIO_RAW, 0x6b3f3a10, 0x2f1c, 0x4c1b, 0x9a, 0x7e, 0x1d, 0x54, 0x33,
            0x0e, 0xa1, 0x03);
#define RAW_CHILD_FIRST 100
#define IOCTL_RAW_NUMBER CTL_CODE(FILE_DEVICE_UNKNOWN, 0x930, METHOD_BUFFERED, FILE_ANY_ACCESS)

/* Children numbered EJECT_CHILD_FIRST and up can be ejected (EjectSupported;
 * IRP_MN_EJECT unplugs them).  Of those, a child N with N % 4 == 0 names
 * child N + 1 in its EjectionRelations, one with N % 4 == 2 in its
 * RemovalRelations (when N + 1 is plugged in).  IOCTL_BUS_EJECT presses
 * child N's eject button (IoRequestDeviceEject). */
#define EJECT_CHILD_FIRST 200
#define IOCTL_BUS_EJECT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x922, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define IOCTL_ECHO_INFO CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* Held until the device goes (completed with STATUS_DELETE_PENDING) or cancelled. */
#define IOCTL_ECHO_HOLD CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* The device reports itself failed (IoInvalidateDeviceState). */
#define IOCTL_ECHO_FAIL CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* The device refuses (TRUE) or accepts system sleep (a ULONG in). */
#define IOCTL_ECHO_VETO_SLEEP CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* How the device answers stop and special-file requests (ECHO_POLICY_*,
 * a ULONG in). */
#define IOCTL_ECHO_POLICY CTL_CODE(FILE_DEVICE_UNKNOWN, 0x904, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define ECHO_POLICY_VETO_STOP 1    /* fails IRP_MN_QUERY_STOP_DEVICE */
#define ECHO_POLICY_NEW_NEEDS 2    /* reports new resource requirements (IoInvalidateDeviceState) */
#define ECHO_POLICY_PAGING 4       /* can hold a paging file */
/* Answered by the upper filter: the IRPs it passed down. */
#define IOCTL_FILTER_COUNT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x910, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* The bus: plug in / unplug child number N (a ULONG in). */
#define IOCTL_BUS_PLUG CTL_CODE(FILE_DEVICE_UNKNOWN, 0x920, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_BUS_UNPLUG CTL_CODE(FILE_DEVICE_UNKNOWN, 0x921, METHOD_BUFFERED, FILE_ANY_ACCESS)

/* pnpwatch (\\.\PnpWatch): what it saw of echo devices; whether it vetoes
 * their query-removes (a ULONG in). */
#define IOCTL_WATCH_STATS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x940, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_WATCH_VETO CTL_CODE(FILE_DEVICE_UNKNOWN, 0x941, METHOD_BUFFERED, FILE_ANY_ACCESS)
typedef struct _WATCH_STATS {
    ULONG Arrivals, Removals;   /* interface notifications */
    ULONG OpenFailures;         /* arrivals whose device did not open */
    LONG LastOpenStatus;
    ULONG Targets;              /* target-device registrations made */
    ULONG QueryRemoves, RemoveCancels, RemoveCompletes;
    LONG NoSuchNameStatus;      /* IoGetDeviceObjectPointer of a name nobody has */
} WATCH_STATS;

typedef struct _ECHO_INFO {
    ULONG AddDeviceCalls;       /* by the driver, since it was loaded */
    ULONG StartCalls;
    ULONG FilterAbove;          /* a device is attached above the echo FDO */
    ULONG FdoOnPdo;             /* the FDO sits right on the PDO (no lower filter) */
    ULONG DevicePowerState;     /* as set with PoSetPowerState */
    WCHAR HardwareId[64];       /* IoGetDeviceProperty(DevicePropertyHardwareID), first string */
    WCHAR Enumerator[16];       /* DevicePropertyEnumeratorName */
    WCHAR Greeting[32];         /* "Greeting" of the Device Parameters key */
    ULONG SleepIrps;            /* system SET_POWER to a sleep state */
    ULONG WakeIrps;             /* system SET_POWER to S0 */
    ULONG D3Irps, D0Irps;       /* device SET_POWER it asked for (and got) */
    ULONG QueryStopIrps, CancelStopIrps, StopIrps; /* this device's */
    ULONG StartIrps;            /* this device's */
    ULONG PagingFiles;          /* IRP_MN_DEVICE_USAGE_NOTIFICATION it accepted, less removals */
} ECHO_INFO;

#endif
