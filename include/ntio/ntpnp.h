/*
 * ntio/ntpnp.h - what the PnP manager (kernel/pnp) and its user-mode
 * clients (cfgmgr32, setupapi, ntio devcon) share: device node status
 * flags and problem codes with Windows' values (cfgmgr32.h has the same
 * names), and NtPlugPlayControl, the system service behind them.
 */
#ifndef NTIO_NTPNP_H
#define NTIO_NTPNP_H

#include <ntio/basetypes.h>
#include <ntio/ntdef.h>
#include <ntio/power.h>

#ifndef NTSYSCALLAPI
#define NTSYSCALLAPI NTIO_EXPORT
#endif

/* Device node status (CM_Get_DevNode_Status's ulStatus). */
#ifndef DN_ROOT_ENUMERATED
#define DN_ROOT_ENUMERATED 0x00000001
#define DN_DRIVER_LOADED 0x00000002
#define DN_ENUM_LOADED 0x00000004
#define DN_STARTED 0x00000008
#define DN_MANUAL 0x00000010
#define DN_NEED_TO_ENUM 0x00000020
#define DN_NOT_FIRST_TIME 0x00000040
#define DN_HARDWARE_ENUM 0x00000080
#define DN_LIAR 0x00000100
#define DN_HAS_MARK 0x00000200
#define DN_HAS_PROBLEM 0x00000400
#define DN_FILTERED 0x00000800
#define DN_MOVED 0x00001000
#define DN_DISABLEABLE 0x00002000
#define DN_REMOVABLE 0x00004000
#define DN_PRIVATE_PROBLEM 0x00008000
#define DN_MF_PARENT 0x00010000
#define DN_MF_CHILD 0x00020000
#define DN_WILL_BE_REMOVED 0x00040000
#define DN_NOT_FIRST_TIMEE 0x00080000
#define DN_STOP_FREE_RES 0x00100000
#define DN_REBAL_CANDIDATE 0x00200000
#define DN_BAD_PARTIAL 0x00400000
#define DN_NT_ENUMERATOR 0x00800000
#define DN_NT_DRIVER 0x01000000
#define DN_NEEDS_LOCKING 0x02000000
#define DN_ARM_WAKEUP 0x04000000
#define DN_APM_ENUMERATOR 0x08000000
#define DN_APM_DRIVER 0x10000000
#define DN_SILENT_INSTALL 0x20000000
#define DN_NO_SHOW_IN_DM 0x40000000
#define DN_BOOT_LOG_PROB 0x80000000
#endif

/* Problem codes (CM_Get_DevNode_Status's ulProblemNumber). */
#ifndef CM_PROB_NOT_CONFIGURED
#define CM_PROB_NOT_CONFIGURED 0x00000001
#define CM_PROB_DEVLOADER_FAILED 0x00000002
#define CM_PROB_OUT_OF_MEMORY 0x00000003
#define CM_PROB_FAILED_START 0x0000000A
#define CM_PROB_LIAR 0x0000000B
#define CM_PROB_NEED_RESTART 0x0000000E
#define CM_PROB_REINSTALL 0x00000012
#define CM_PROB_REGISTRY 0x00000013
#define CM_PROB_WILL_BE_REMOVED 0x00000015
#define CM_PROB_DISABLED 0x00000016
#define CM_PROB_DEVICE_NOT_THERE 0x00000018
#define CM_PROB_FAILED_INSTALL 0x0000001C
#define CM_PROB_FAILED_ADD 0x0000001F
#define CM_PROB_DISABLED_SERVICE 0x00000020
#define CM_PROB_DRIVER_FAILED_LOAD 0x00000027
#define CM_PROB_DRIVER_SERVICE_KEY_INVALID 0x00000028
#define CM_PROB_FAILED_POST_START 0x0000002B
#define CM_PROB_HELD_FOR_EJECT 0x0000002F
#endif

/*
 * NtPlugPlayControl: the user-mode side of the PnP manager.  Each class
 * takes its own structure (Length must be its size); device instances are
 * named by instance path ("ROOT\ECHO\0000").  Requests that change the
 * tree are carried out by the PnP manager's worker, and the call returns
 * once they are done.
 */
typedef enum _PLUGPLAY_CONTROL_CLASS {
    PlugPlayControlEnumerateDevice = 0,     /* PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA */
    PlugPlayControlRegisterNewDevice = 1,   /* PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA */
    PlugPlayControlStartDevice = 4,         /* PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA */
    PlugPlayControlQueryAndRemoveDevice = 6, /* PLUGPLAY_CONTROL_QUERY_REMOVE_DATA */
    PlugPlayControlGetInterfaceDeviceList = 10, /* PLUGPLAY_CONTROL_INTERFACE_LIST_DATA */
    PlugPlayControlGetRelatedDevice = 12,   /* PLUGPLAY_CONTROL_RELATED_DEVICE_DATA */
    PlugPlayControlGetDeviceStatus = 14,    /* PLUGPLAY_CONTROL_STATUS_DATA */
    PlugPlayControlGetDeviceDepth = 15,     /* PLUGPLAY_CONTROL_DEPTH_DATA */
    PlugPlayControlResetDevice = 20,        /* PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA */
    PlugPlayControlDisableDevice = 31,      /* PLUGPLAY_CONTROL_QUERY_REMOVE_DATA */
    /* ntio's own, for testing drivers (as Windows' device test framework
     * drives them): */
    PlugPlayControlRebalanceDevice = 32,    /* PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA */
    PlugPlayControlDeviceUsage = 33,        /* PLUGPLAY_CONTROL_DEVICE_USAGE_DATA */
    /* CM_Request_Device_Eject: query-remove with the removal and ejection
     * relations, remove, IRP_MN_EJECT if the device supports it; the
     * device is left with CM_PROB_HELD_FOR_EJECT. */
    PlugPlayControlRequestEject = 34,       /* PLUGPLAY_CONTROL_QUERY_REMOVE_DATA */
    PlugPlayControlMaximum
} PLUGPLAY_CONTROL_CLASS;

#define PNP_INSTANCE_PATH_CHARS 200 /* MAX_DEVICE_ID_LEN */

typedef struct _PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA {
    UNICODE_STRING DeviceInstance;
    ULONG Flags;                    /* EnumerateDevice: 1 = synchronous (always so here) */
} PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA;

/* PlugPlayControlRebalanceDevice: the device's started subtree is asked
 * IRP_MN_QUERY_STOP_DEVICE, stopped and started again, as for a resource
 * rebalance; STATUS_PLUGPLAY_QUERY_VETOED when a driver refused to stop
 * (the devices got IRP_MN_CANCEL_STOP_DEVICE and keep running),
 * STATUS_INVALID_DEVICE_STATE when the device is not started. */

/* PlugPlayControlDeviceUsage: a special file is placed on the device
 * (InPath TRUE) or taken off it, and its stack hears of it through
 * IRP_MN_DEVICE_USAGE_NOTIFICATION; the drivers' answer is returned.
 * Type is DeviceUsageTypePaging (1), Hibernation (2) or DumpFile (3). */
typedef struct _PLUGPLAY_CONTROL_DEVICE_USAGE_DATA {
    UNICODE_STRING DeviceInstance;
    ULONG Type;                     /* DEVICE_USAGE_NOTIFICATION_TYPE */
    BOOLEAN InPath;
} PLUGPLAY_CONTROL_DEVICE_USAGE_DATA;

/* What vetoed a query-remove (PNP_VETO_TYPE values of cfgmgr32.h). */
typedef struct _PLUGPLAY_CONTROL_QUERY_REMOVE_DATA {
    UNICODE_STRING DeviceInstance;
    ULONG Flags;
    ULONG VetoType;                 /* out */
    UNICODE_STRING VetoName;        /* out: Buffer/MaximumLength from the caller */
} PLUGPLAY_CONTROL_QUERY_REMOVE_DATA;

typedef struct _PLUGPLAY_CONTROL_STATUS_DATA {
    UNICODE_STRING DeviceInstance;
    ULONG Operation;                /* 0 = get */
    ULONG DeviceStatus;             /* out: DN_* */
    ULONG DeviceProblem;            /* out: CM_PROB_* */
} PLUGPLAY_CONTROL_STATUS_DATA;

typedef struct _PLUGPLAY_CONTROL_DEPTH_DATA {
    UNICODE_STRING DeviceInstance;
    ULONG Depth;                    /* out: the root is 0 */
} PLUGPLAY_CONTROL_DEPTH_DATA;

#define PNP_GET_PARENT_DEVICE 1
#define PNP_GET_CHILD_DEVICE 2
#define PNP_GET_SIBLING_DEVICE 3

typedef struct _PLUGPLAY_CONTROL_RELATED_DEVICE_DATA {
    UNICODE_STRING TargetDeviceInstance;
    ULONG Relation;                 /* PNP_GET_* */
    PWCHAR RelatedDeviceInstance;   /* out */
    ULONG RelatedDeviceInstanceLength; /* in: characters of room; out: needed, with the NUL */
} PLUGPLAY_CONTROL_RELATED_DEVICE_DATA;

/* A REG_MULTI_SZ of user-mode interface names (\\?\...); with
 * Buffer NULL or too small, STATUS_BUFFER_TOO_SMALL and the size needed. */
typedef struct _PLUGPLAY_CONTROL_INTERFACE_LIST_DATA {
    UNICODE_STRING DeviceInstance;  /* empty: every device */
    GUID *InterfaceClassGuid;
    ULONG Flags;                    /* 1 = include interfaces not enabled */
    PWCHAR Buffer;
    ULONG BufferSize;               /* in: characters of room; out: characters needed */
} PLUGPLAY_CONTROL_INTERFACE_LIST_DATA;

NTIO_BEGIN_DECLS
/* Sleep: every started device is asked for SystemAction's sleep state
 * (IRP_MN_QUERY_POWER, children first), then put in it (IRP_MN_SET_POWER),
 * and then - ntio's machine waking at once - brought back to S0, parents
 * first.  PowerActionSleep with MinSystemState S1..S3, or
 * PowerActionHibernate (S4).  STATUS_CANCELLED when a device refused.
 * Flags are ignored; Asynchronous returns before the transition. */
NTSYSCALLAPI NTSTATUS NtInitiatePowerAction(POWER_ACTION SystemAction,
                                            SYSTEM_POWER_STATE MinSystemState, ULONG Flags,
                                            BOOLEAN Asynchronous);
NTSYSCALLAPI NTSTATUS NtPlugPlayControl(PLUGPLAY_CONTROL_CLASS PlugPlayControlClass, PVOID Buffer,
                                        ULONG BufferLength);
NTIO_END_DECLS

#endif
