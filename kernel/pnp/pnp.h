/*
 * pnp/pnp.h - the Plug and Play manager's private interface.
 *
 * The device tree is a tree of device nodes, one per physical device
 * object (PDO).  The root node (HTREE\ROOT\0) belongs to the root
 * enumerator (pnp/root.c), whose children are the devices listed under
 * Enum\ROOT in the registry; a started bus driver's children come from its
 * answer to IRP_MN_QUERY_DEVICE_RELATIONS (BusRelations).  Every change to
 * the tree - enumeration, starting, stopping, removal - is made by one
 * worker at a time (pnp/action.c), so the tree needs no lock of its own
 * for those changes.  PpTreeLock guards the tree's links (the worker takes
 * it to link and unlink nodes) for readers outside the worker: the
 * user-mode queries and device interfaces.  A node's State, Problem and
 * Flags are written by the worker alone and read by those queries as a
 * snapshot.
 */
#ifndef NTIO_PNP_H
#define NTIO_PNP_H

#include "io/iop.h"
#include "rtl/nls.h"
#include <ntio/ntpnp.h>
#include <wdmguid.h>

/* The states of a device node, named as Windows names them. */
typedef enum _PNP_DEVNODE_STATE {
    DeviceNodeUninitialized,    /* made; its IDs are not yet known */
    DeviceNodeInitialized,      /* IDs, capabilities and texts queried */
    DeviceNodeDriversAdded,     /* its stack is built (AddDevice of every driver ran) */
    DeviceNodeStarted,
    DeviceNodeQueryStopped,
    DeviceNodeStopped,
    DeviceNodeQueryRemoved,
    DeviceNodeRemovePendingCloses, /* surprise-removed; the stack waits for its handles */
    DeviceNodeRemoved,          /* its stack got IRP_MN_REMOVE_DEVICE */
    DeviceNodeDeleted,          /* gone from the tree */
} PNP_DEVNODE_STATE;

/* DEVICE_NODE.Flags */
#define DNF_ROOT_ENUMERATED 0x0001 /* a child of the root enumerator */
#define DNF_ENUMERATED 0x0002      /* seen in its parent's latest BusRelations */
#define DNF_DISABLED 0x0004        /* disabled by a user (ConfigFlags CONFIGFLAG_DISABLED) */
#define DNF_NEED_ENUMERATION 0x0008
#define DNF_HAS_BOOT_CONFIG 0x0010
#define DNF_REMOVE_ON_CLOSE 0x0020 /* surprise-removed: REMOVE_DEVICE once its files are closed */
#define DNF_FAILED 0x0040          /* reported itself failed: the node stays after the removal */
#define DNF_INSTALL_TRIED 0x0080   /* its driver was looked for in the driver store */
#define DNF_HOLD_NOTIFY 0x0100     /* starting: its interface notifications wait (atomic) */

typedef struct _DEVICE_NODE {
    struct _DEVICE_NODE *Parent;
    LIST_ENTRY Children;            /* DEVICE_NODE.SiblingLink, in enumeration order */
    LIST_ENTRY SiblingLink;
    PDEVICE_OBJECT PhysicalDeviceObject; /* referenced by the node */
    PNP_DEVNODE_STATE State;
    ULONG Flags;                    /* DNF_* */
    ULONG Problem;                  /* CM_PROB_*, 0 = none */
    NTSTATUS ProblemStatus;
    ULONG Level;                    /* the root is 0 */
    WCHAR InstancePath[PNP_INSTANCE_PATH_CHARS]; /* "ROOT\ECHO\0000" */
    PWSTR HardwareIds;              /* REG_MULTI_SZ, pool; may be NULL */
    PWSTR CompatibleIds;
    PWSTR Description;              /* IRP_MN_QUERY_DEVICE_TEXT, pool; may be NULL */
    PWSTR Location;
    DEVICE_CAPABILITIES Capabilities;
    PNP_DEVICE_STATE DeviceState;   /* IRP_MN_QUERY_PNP_DEVICE_STATE */
    PNP_BUS_INFORMATION BusInformation; /* its bus's IRP_MN_QUERY_BUS_INFORMATION answer */
    BOOLEAN HasBusInformation;
    WCHAR Service[64];              /* the function driver's service */
    PDRIVER_OBJECT Drivers[16];     /* the stack's drivers, referenced, bottom filter first */
    ULONG DriverCount;
    LIST_ENTRY TargetNotify;        /* PNP_NOTIFY_ENTRY.DeviceLink, under PpNotifyLock */
    ULONG UsageCount[DeviceUsageTypeDumpFile + 1]; /* special files on it, by type */
} DEVICE_NODE, *PDEVICE_NODE;

extern PDEVICE_NODE PpRootNode;
/* Guards the tree's links and the nodes' Flags/State/Problem for readers
 * outside the worker (the worker takes it around every change). */
extern KGUARDED_MUTEX PpTreeLock;

/* ---- device nodes (pnp/devnode.c) ---- */
PDEVICE_NODE PpCreateDeviceNode(PDEVICE_NODE Parent, PDEVICE_OBJECT Pdo);
VOID PpDeleteDeviceNode(PDEVICE_NODE Node);
/* The node of a PDO (NULL for a device that is not one). */
PDEVICE_NODE PpDeviceNodeOf(PDEVICE_OBJECT Pdo);
/* The node with this instance path (case-insensitive), or NULL; tree lock held. */
PDEVICE_NODE PpFindDeviceNode(PCWSTR InstancePath);
VOID PpSetProblem(PDEVICE_NODE Node, ULONG Problem, NTSTATUS Status);
ULONG PpDeviceNodeStatus(PDEVICE_NODE Node); /* DN_* */
/* Instance paths and IDs compare case-insensitively (ASCII). */
BOOLEAN PpEqualInstance(PCWSTR a, PCWSTR b);
/* Length in characters of a REG_MULTI_SZ, with its final NUL. */
ULONG PpMultiSzChars(PCWSTR MultiSz);

/* ---- PnP IRPs (pnp/irp.c) ---- */
/* Send a PnP IRP to the top of Pdo's stack and wait; *Information gets
 * IoStatus.Information.  The IRP starts as STATUS_NOT_SUPPORTED. */
NTSTATUS PpSendPnpIrp(PDEVICE_OBJECT Pdo, const IO_STACK_LOCATION *Stack, ULONG_PTR *Information);
/* The same with Stack's own major function (IRP_MJ_POWER). */
NTSTATUS PpSendIrp(PDEVICE_OBJECT Pdo, const IO_STACK_LOCATION *Stack, ULONG_PTR *Information);
NTSTATUS PpQueryId(PDEVICE_OBJECT Pdo, BUS_QUERY_ID_TYPE Type, PWSTR *Id);
NTSTATUS PpQueryDeviceText(PDEVICE_OBJECT Pdo, DEVICE_TEXT_TYPE Type, PWSTR *Text);
NTSTATUS PpQueryCapabilities(PDEVICE_OBJECT Pdo, PDEVICE_CAPABILITIES Caps);
/* IRP_MN_QUERY_DEVICE_RELATIONS; *Relations (pool, referenced PDOs) may
 * be NULL on success: no driver answered. */
NTSTATUS PpQueryRelations(PDEVICE_OBJECT Pdo, DEVICE_RELATION_TYPE Type,
                          PDEVICE_RELATIONS *Relations);
NTSTATUS PpSendMinor(PDEVICE_OBJECT Pdo, UCHAR Minor);

/* ---- the root enumerator (pnp/root.c) ---- */
NTSTATUS PpCreateRootDevice(PDEVICE_OBJECT *RootPdo);

/* ---- the worker and its requests (pnp/action.c) ---- */
typedef enum _PP_ACTION {
    PpActionEnumerate,          /* re-enumerate a node's bus relations (and start what is new) */
    PpActionStart,              /* build and start the stack of a node that has none */
    PpActionQueryRemove,        /* query-remove, then remove (a user's request) */
    PpActionDisable,            /* query-remove, remove, mark disabled */
    PpActionRestart,            /* remove and start again (devcon restart) */
    PpActionFinishRemoval,      /* a surprise-removed stack lost its last file */
    PpActionQueryState,         /* IoInvalidateDeviceState: ask IRP_MN_QUERY_PNP_DEVICE_STATE */
    PpActionSleep,              /* a system sleep and its wake (po/system.c) */
    PpActionSetPower,           /* one system power transition (`ntio power`) */
    PpActionRebalance,          /* query-stop, stop and start again (pnp/stop.c) */
    PpActionUsage,              /* IRP_MN_DEVICE_USAGE_NOTIFICATION (pnp/stop.c) */
    PpActionEject,              /* query-remove with relations, remove, eject (pnp/eject.c) */
} PP_ACTION;
/* Queue Action on the node with InstancePath (the root if NULL) and, if
 * Wait, return its result once done.  Any IRQL <= DISPATCH_LEVEL without
 * Wait. */
NTSTATUS PpRequestDeviceAction(PCWSTR InstancePath, PDEVICE_OBJECT Pdo, PP_ACTION Action,
                               BOOLEAN Wait, PULONG VetoType, PWSTR VetoName, ULONG VetoChars);
/* A special file placed on (InPath) or taken off a device, on the worker. */
NTSTATUS PpRequestDeviceUsage(PDEVICE_OBJECT Pdo, DEVICE_USAGE_NOTIFICATION_TYPE Type,
                              BOOLEAN InPath);
VOID PpInitSystem(VOID);
VOID PpShutdownSystem(VOID);
/* Sleep in State (then wake) on the worker; Wait for the result. */
NTSTATUS PpRequestPowerAction(SYSTEM_POWER_STATE State, POWER_ACTION Action, BOOLEAN Wait);
/* Go to State (a sleep state, or S0 to wake) on the worker, and wait. */
NTSTATUS PpRequestPowerTransition(SYSTEM_POWER_STATE State, POWER_ACTION Action);
/* po/remote.c: `ntio power` reaching this kernel. */
VOID PopInitRemote(VOID);
VOID PopShutdownRemote(VOID);
/* po/system.c: the transition itself (worker only). */
NTSTATUS PopSetSystemPowerState(SYSTEM_POWER_STATE State, POWER_ACTION Action);

/* ---- enumeration, starting and removal (pnp/enum.c, start.c, remove.c) ---- */
NTSTATUS PpEnumerateDevice(PDEVICE_NODE Node);
NTSTATUS PpStartDeviceNode(PDEVICE_NODE Node);
/* pnp/stop.c: stop the started subtree of Node and start it again;
 * STATUS_PLUGPLAY_QUERY_VETOED when a device refused to stop. */
NTSTATUS PpRebalanceDeviceNode(PDEVICE_NODE Node);
NTSTATUS PpDeviceUsageNotification(PDEVICE_NODE Node, DEVICE_USAGE_NOTIFICATION_TYPE Type,
                                   BOOLEAN InPath);
/* pnp/install.c: a device without a driver whose IDs a staged package
 * lists is installed from it, on a thread of its own (TRUE: started). */
BOOLEAN PpInstallFromDriverStore(PDEVICE_NODE Node);
/* The registry key of a node's instance (Enum\<InstancePath>), opened. */
NTSTATUS PpOpenInstanceKey(PDEVICE_NODE Node, ACCESS_MASK Access, BOOLEAN Create, PHANDLE Key);
/* A node with a stack that runs or is being built (Started or DriversAdded):
 * one an orderly removal asks. */
BOOLEAN PpIsActive(PDEVICE_NODE Node);
NTSTATUS PpQueryRemoveDeviceNode(PDEVICE_NODE Node, PULONG VetoType, PWSTR VetoName,
                                 ULONG VetoChars);
/* pnp/eject.c: an orderly removal of Node with the devices its drivers
 * name in RemovalRelations (and EjectionRelations, if Eject), which are
 * query-removed and removed with it; with Eject the device then gets
 * IRP_MN_EJECT and is held for eject (problem 47).  The node stays. */
NTSTATUS PpRemoveWithRelations(PDEVICE_NODE Node, BOOLEAN Eject, PULONG VetoType, PWSTR VetoName,
                               ULONG VetoChars);
VOID PpCancelRemoveDeviceNode(PDEVICE_NODE Node);
/* Send IRP_MN_REMOVE_DEVICE down the node's stack (children first) and
 * tear it down; Delete also takes the node out of the tree. */
VOID PpRemoveDeviceNode(PDEVICE_NODE Node, BOOLEAN Delete);
/* The device is gone without warning (missing from its bus's relations). */
VOID PpSurpriseRemoveDeviceNode(PDEVICE_NODE Node);
/* A file of a surprise-removed stack was closed: finish the removal once
 * none is left. */
VOID PpCheckPendingRemoval(PDEVICE_OBJECT Device);
NTSTATUS PpFinishPendingRemoval(PDEVICE_NODE Node);
/* A started device reported PNP_DEVICE_FAILED: surprise-removed, its node
 * kept with Problem. */
VOID PpFailDeviceNode(PDEVICE_NODE Node, ULONG Problem);
/* Set/clear DOE_* on every device of the node's stack (atomically). */
VOID PpMarkStack(PDEVICE_NODE Node, ULONG Set, ULONG Clear);
/* ConfigFlags' CONFIGFLAG_DISABLED, so a disabled device stays so. */
VOID PpPersistDisabled(PDEVICE_NODE Node, BOOLEAN Disabled);
/* Drop the node's references to its stack's drivers; a driver the PnP
 * manager loaded and nothing uses any more is unloaded. */
VOID PpReleaseDrivers(PDEVICE_NODE Node);
/* Does some device node's stack use Driver?  (NtUnloadDriver refuses it.) */
BOOLEAN PpDriverInUse(PDRIVER_OBJECT Driver);

/* ---- device interfaces and notifications (pnp/interface.c, notify.c) ---- */
VOID PpDisableDeviceInterfaces(PDEVICE_NODE Node);
/* The interfaces of a class (any if NULL) and device (any if NULL or ""),
 * enabled only or all, as a MULTI_SZ of kernel (\??\) or user (\\?\)
 * names; *Chars gets the characters needed (STATUS_BUFFER_TOO_SMALL). */
NTSTATUS PpListInterfaces(const GUID *Class, PCWSTR Instance, BOOLEAN IncludeDisabled,
                          BOOLEAN UserNames, PWSTR Buffer, ULONG BufferChars, PULONG Chars);
/* Queue an interface notification; one of a node that is starting
 * (DNF_HOLD_NOTIFY) waits for PpReleaseNotifications. */
VOID PpNotifyInterfaceChange(const GUID *Event, const GUID *ClassGuid, PUNICODE_STRING Link,
                             PDEVICE_OBJECT Pdo);
/* The node's start is over: its held notifications are delivered, in
 * order (Deliver), or dropped (it did not start: nobody saw it come). */
VOID PpReleaseNotifications(PDEVICE_NODE Node, BOOLEAN Deliver);
/* Target-device notifications of the node: QUERY_REMOVE returns the
 * first failure (a veto); the others cannot fail. */
NTSTATUS PpNotifyTargetDevice(PDEVICE_NODE Node, const GUID *Event);
VOID PpInitNotify(VOID);
VOID PpDrainNotifications(VOID);

/* Registry paths. */
#define PP_ENUM_PATH L"\\Registry\\Machine\\System\\CurrentControlSet\\Enum\\"
#define PP_CLASS_PATH L"\\Registry\\Machine\\System\\CurrentControlSet\\Control\\Class\\"
#define PP_SERVICES_PATH L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"
#define PP_DEVICE_CLASSES_PATH \
    L"\\Registry\\Machine\\System\\CurrentControlSet\\Control\\DeviceClasses\\"

/* Registry helpers (pnp/devnode.c).  Strings are NUL-terminated. */
NTSTATUS PpOpenKey(PCWSTR Path, PCWSTR Sub, ACCESS_MASK Access, BOOLEAN Create, HANDLE Root,
                   PHANDLE Key);
/* A REG_SZ/REG_MULTI_SZ/REG_EXPAND_SZ value into Buffer (Chars), or a
 * pool copy when Buffer is NULL (*Copy). */
NTSTATUS PpQueryString(HANDLE Key, PCWSTR Name, PWSTR Buffer, ULONG Chars, PWSTR *Copy);
NTSTATUS PpSetValue(HANDLE Key, PCWSTR Name, ULONG Type, const VOID *Data, ULONG Size);
/* "{xxxxxxxx-...}" from a GUID, 39 characters with the NUL. */
VOID PpGuidToString(const GUID *Guid, PWSTR Text);

#define TAG_PNP TAG('P', 'n', 'p', ' ')
#define PNP_DETECTED_FATAL_ERROR 0x000000CA

#endif
