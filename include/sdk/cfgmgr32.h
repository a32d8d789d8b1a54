/*
 * cfgmgr32.h - the Configuration Manager API (libcfgmgr32.so,
 * win32/cfgmgr32): device instance handles, the device tree (parent,
 * child, sibling, depth), device status and problem codes, removal,
 * disabling and enabling, re-enumeration, device interface lists and the
 * registry properties of device instances, with Windows' semantics and
 * CONFIGRET codes (docs/cfgmgr32.md).  ANSI (the A forms) is UTF-8 in ntio.
 * The *_Ex forms (remote machines) are not provided.
 *
 * Link: ntio-cc links libcfgmgr32.so into an application that calls these
 * functions (Windows: Cfgmgr32.lib).
 */
#ifndef _CFGMGR32_H_
#define _CFGMGR32_H_

#include <windows.h>
/* DN_* status flags and the CM_PROB_* problem codes the PnP manager reports. */
#include <ntio/ntpnp.h>

NTIO_BEGIN_DECLS

#ifndef CMAPI
#define CMAPI NTIO_EXPORT
#endif

/* ---- sizes ----------------------------------------------------------------------- */
#define MAX_DEVICE_ID_LEN 200
#define MAX_DEVNODE_ID_LEN MAX_DEVICE_ID_LEN
#define MAX_GUID_STRING_LEN 39 /* 38 characters and the NUL */
#ifndef MAX_CLASS_NAME_LEN
#define MAX_CLASS_NAME_LEN 32
#endif

/* ---- types --------------------------------------------------------------------- */
typedef DWORD RETURN_TYPE;
typedef RETURN_TYPE CONFIGRET;

/* A device instance handle: valid for the life of the process. */
typedef DWORD DEVNODE, DEVINST;
typedef DEVNODE *PDEVNODE, *PDEVINST;

/* A device instance ID: the registry path of the instance below Enum. */
typedef CHAR *DEVNODEID_A, *DEVINSTID_A;
typedef WCHAR *DEVNODEID_W, *DEVINSTID_W;
#ifdef UNICODE
typedef DEVNODEID_W DEVNODEID;
typedef DEVINSTID_W DEVINSTID;
#else
typedef DEVNODEID_A DEVNODEID;
typedef DEVINSTID_A DEVINSTID;
#endif

/* What vetoed a removal (CM_Query_And_Remove_SubTree, CM_Disable_DevNode),
 * and what the veto name then names. */
typedef enum _PNP_VETO_TYPE {
    PNP_VetoTypeUnknown,            /* name unspecified */
    PNP_VetoLegacyDevice,           /* an instance path */
    PNP_VetoPendingClose,           /* an instance path */
    PNP_VetoWindowsApp,             /* a module */
    PNP_VetoWindowsService,         /* a service */
    PNP_VetoOutstandingOpen,        /* an instance path: a handle is open on it */
    PNP_VetoDevice,                 /* an instance path: its driver failed the query */
    PNP_VetoDriver,                 /* a driver service name */
    PNP_VetoIllegalDeviceRequest,   /* an instance path */
    PNP_VetoInsufficientPower,      /* unspecified */
    PNP_VetoNonDisableable,         /* an instance path */
    PNP_VetoLegacyDriver,           /* a service */
    PNP_VetoInsufficientRights,     /* unspecified */
    PNP_VetoAlreadyRemoved,         /* unspecified */
} PNP_VETO_TYPE, *PPNP_VETO_TYPE;

/* ---- CONFIGRET values ------------------------------------------------------------ */
#define CR_SUCCESS 0x00000000
#define CR_DEFAULT 0x00000001
#define CR_OUT_OF_MEMORY 0x00000002
#define CR_INVALID_POINTER 0x00000003
#define CR_INVALID_FLAG 0x00000004
#define CR_INVALID_DEVNODE 0x00000005
#define CR_INVALID_DEVINST CR_INVALID_DEVNODE
#define CR_INVALID_RES_DES 0x00000006
#define CR_INVALID_LOG_CONF 0x00000007
#define CR_INVALID_ARBITRATOR 0x00000008
#define CR_INVALID_NODELIST 0x00000009
#define CR_DEVNODE_HAS_REQS 0x0000000A
#define CR_DEVINST_HAS_REQS CR_DEVNODE_HAS_REQS
#define CR_INVALID_RESOURCEID 0x0000000B
#define CR_DLVXD_NOT_FOUND 0x0000000C
#define CR_NO_SUCH_DEVNODE 0x0000000D
#define CR_NO_SUCH_DEVINST CR_NO_SUCH_DEVNODE
#define CR_NO_MORE_LOG_CONF 0x0000000E
#define CR_NO_MORE_RES_DES 0x0000000F
#define CR_ALREADY_SUCH_DEVNODE 0x00000010
#define CR_ALREADY_SUCH_DEVINST CR_ALREADY_SUCH_DEVNODE
#define CR_INVALID_RANGE_LIST 0x00000011
#define CR_INVALID_RANGE 0x00000012
#define CR_FAILURE 0x00000013
#define CR_NO_SUCH_LOGICAL_DEV 0x00000014
#define CR_CREATE_BLOCKED 0x00000015
#define CR_NOT_SYSTEM_VM 0x00000016
#define CR_REMOVE_VETOED 0x00000017
#define CR_APM_VETOED 0x00000018
#define CR_INVALID_LOAD_TYPE 0x00000019
#define CR_BUFFER_SMALL 0x0000001A
#define CR_NO_ARBITRATOR 0x0000001B
#define CR_NO_REGISTRY_HANDLE 0x0000001C
#define CR_REGISTRY_ERROR 0x0000001D
#define CR_INVALID_DEVICE_ID 0x0000001E
#define CR_INVALID_DATA 0x0000001F
#define CR_INVALID_API 0x00000020
#define CR_DEVLOADER_NOT_READY 0x00000021
#define CR_NEED_RESTART 0x00000022
#define CR_NO_MORE_HW_PROFILES 0x00000023
#define CR_DEVICE_NOT_THERE 0x00000024
#define CR_NO_SUCH_VALUE 0x00000025
#define CR_WRONG_TYPE 0x00000026
#define CR_INVALID_PRIORITY 0x00000027
#define CR_NOT_DISABLEABLE 0x00000028
#define CR_FREE_RESOURCES 0x00000029
#define CR_QUERY_VETOED 0x0000002A
#define CR_CANT_SHARE_IRQ 0x0000002B
#define CR_NO_DEPENDENT 0x0000002C
#define CR_SAME_RESOURCES 0x0000002D
#define CR_NO_SUCH_REGISTRY_KEY 0x0000002E
#define CR_INVALID_MACHINENAME 0x0000002F
#define CR_REMOTE_COMM_FAILURE 0x00000030
#define CR_MACHINE_UNAVAILABLE 0x00000031
#define CR_NO_CM_SERVICES 0x00000032
#define CR_ACCESS_DENIED 0x00000033
#define CR_CALL_NOT_IMPLEMENTED 0x00000034
#define CR_INVALID_PROPERTY 0x00000035
#define CR_DEVICE_INTERFACE_ACTIVE 0x00000036
#define CR_NO_SUCH_DEVICE_INTERFACE 0x00000037
#define CR_INVALID_REFERENCE_STRING 0x00000038
#define CR_INVALID_CONFLICT_LIST 0x00000039
#define CR_INVALID_INDEX 0x0000003A
#define CR_INVALID_STRUCTURE_SIZE 0x0000003B
#define NUM_CR_RESULTS 0x0000003C

/* ---- problem codes <ntio/ntpnp.h> leaves out (the PnP manager does not
 * report them, but applications name them) --------------------------------------- */
#define CM_PROB_ENTRY_IS_WRONG_TYPE 0x00000004
#define CM_PROB_LACKED_ARBITRATOR 0x00000005
#define CM_PROB_BOOT_CONFIG_CONFLICT 0x00000006
#define CM_PROB_FAILED_FILTER 0x00000007
#define CM_PROB_DEVLOADER_NOT_FOUND 0x00000008
#define CM_PROB_INVALID_DATA 0x00000009
#define CM_PROB_NORMAL_CONFLICT 0x0000000C
#define CM_PROB_NOT_VERIFIED 0x0000000D
#define CM_PROB_REENUMERATION 0x0000000F
#define CM_PROB_PARTIAL_LOG_CONF 0x00000010
#define CM_PROB_UNKNOWN_RESOURCE 0x00000011
#define CM_PROB_VXDLDR 0x00000014
#define CM_PROB_DEVLOADER_NOT_READY 0x00000017
#define CM_PROB_MOVED 0x00000019
#define CM_PROB_TOO_EARLY 0x0000001A
#define CM_PROB_NO_VALID_LOG_CONF 0x0000001B
#define CM_PROB_HARDWARE_DISABLED 0x0000001D
#define CM_PROB_CANT_SHARE_IRQ 0x0000001E
#define CM_PROB_TRANSLATION_FAILED 0x00000021
#define CM_PROB_NO_SOFTCONFIG 0x00000022
#define CM_PROB_BIOS_TABLE 0x00000023
#define CM_PROB_IRQ_TRANSLATION_FAILED 0x00000024
#define CM_PROB_FAILED_DRIVER_ENTRY 0x00000025
#define CM_PROB_DRIVER_FAILED_PRIOR_UNLOAD 0x00000026
#define CM_PROB_LEGACY_SERVICE_NO_DEVICES 0x00000029
#define CM_PROB_DUPLICATE_DEVICE 0x0000002A
#define CM_PROB_HALTED 0x0000002C
#define CM_PROB_PHANTOM 0x0000002D
#define CM_PROB_SYSTEM_SHUTDOWN 0x0000002E
#define CM_PROB_DRIVER_BLOCKED 0x00000030
#define CM_PROB_REGISTRY_TOO_LARGE 0x00000031
#define CM_PROB_SETPROPERTIES_FAILED 0x00000032
#define CM_PROB_WAITING_ON_DEPENDENCY 0x00000033
#define CM_PROB_UNSIGNED_DRIVER 0x00000034
#define CM_PROB_USED_BY_DEBUGGER 0x00000035
#define CM_PROB_DEVICE_RESET 0x00000036
#define CM_PROB_CONSOLE_LOCKED 0x00000037
#define CM_PROB_NEED_CLASS_CONFIG 0x00000038
#define CM_PROB_GUEST_ASSIGNMENT_FAILED 0x00000039

/* ---- flags ---------------------------------------------------------------------- */
/* CM_Locate_DevNode */
#define CM_LOCATE_DEVNODE_NORMAL 0x00000000       /* only a device in the tree */
#define CM_LOCATE_DEVNODE_PHANTOM 0x00000001      /* also one only in the registry */
#define CM_LOCATE_DEVNODE_CANCELREMOVE 0x00000002
#define CM_LOCATE_DEVNODE_NOVALIDATION 0x00000004 /* not used */
#define CM_LOCATE_DEVNODE_BITS 0x00000007
#define CM_LOCATE_DEVINST_NORMAL CM_LOCATE_DEVNODE_NORMAL
#define CM_LOCATE_DEVINST_PHANTOM CM_LOCATE_DEVNODE_PHANTOM
#define CM_LOCATE_DEVINST_CANCELREMOVE CM_LOCATE_DEVNODE_CANCELREMOVE
#define CM_LOCATE_DEVINST_NOVALIDATION CM_LOCATE_DEVNODE_NOVALIDATION
#define CM_LOCATE_DEVINST_BITS CM_LOCATE_DEVNODE_BITS

/* CM_Query_And_Remove_SubTree */
#define CM_REMOVE_UI_OK 0x00000000
#define CM_REMOVE_UI_NOT_OK 0x00000001
#define CM_REMOVE_NO_RESTART 0x00000002
#define CM_REMOVE_DISABLE 0x00000004 /* disable the device once removed */
#define CM_REMOVE_BITS 0x00000007
#define CM_QUERY_REMOVE_UI_OK CM_REMOVE_UI_OK
#define CM_QUERY_REMOVE_UI_NOT_OK CM_REMOVE_UI_NOT_OK
#define CM_QUERY_REMOVE_BITS (CM_QUERY_REMOVE_UI_OK | CM_QUERY_REMOVE_UI_NOT_OK)

/* CM_Reenumerate_DevNode */
#define CM_REENUMERATE_NORMAL 0x00000000
#define CM_REENUMERATE_SYNCHRONOUS 0x00000001
#define CM_REENUMERATE_RETRY_INSTALLATION 0x00000002
#define CM_REENUMERATE_ASYNCHRONOUS 0x00000004
#define CM_REENUMERATE_BITS 0x00000007

/* CM_Setup_DevNode */
#define CM_SETUP_DEVNODE_READY 0x00000000
#define CM_SETUP_DEVINST_READY CM_SETUP_DEVNODE_READY
#define CM_SETUP_BITS 0x0000000F

/* CM_Disable_DevNode */
#define CM_DISABLE_POLITE 0x00000000
#define CM_DISABLE_UI_NOT_OK 0x00000004
#define CM_DISABLE_PERSIST 0x00000008 /* CONFIGFLAG_DISABLED in the registry */
#define CM_DISABLE_BITS 0x0000000F

/* CM_Get_Device_Interface_List(_Size) */
#define CM_GET_DEVICE_INTERFACE_LIST_PRESENT 0x00000000     /* interfaces enabled now */
#define CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES 0x00000001 /* registered ones too */
#define CM_GET_DEVICE_INTERFACE_LIST_BITS 0x00000001

/* ---- registry properties (CM_Get_DevNode_Registry_Property) ------------------------- */
#define CM_DRP_DEVICEDESC 0x00000001           /* DeviceDesc, REG_SZ */
#define CM_DRP_HARDWAREID 0x00000002           /* HardwareID, REG_MULTI_SZ */
#define CM_DRP_COMPATIBLEIDS 0x00000003        /* CompatibleIDs, REG_MULTI_SZ */
#define CM_DRP_SERVICE 0x00000005              /* Service, REG_SZ */
#define CM_DRP_CLASS 0x00000008                /* Class, REG_SZ */
#define CM_DRP_CLASSGUID 0x00000009            /* ClassGUID, REG_SZ */
#define CM_DRP_DRIVER 0x0000000A               /* Driver, REG_SZ */
#define CM_DRP_CONFIGFLAGS 0x0000000B          /* ConfigFlags, REG_DWORD */
#define CM_DRP_MFG 0x0000000C                  /* Mfg, REG_SZ */
#define CM_DRP_FRIENDLYNAME 0x0000000D         /* FriendlyName, REG_SZ */
#define CM_DRP_LOCATION_INFORMATION 0x0000000E /* LocationInformation, REG_SZ */
#define CM_DRP_CAPABILITIES 0x00000010         /* Capabilities, REG_DWORD (CM_DEVCAP_*) */
#define CM_DRP_UPPERFILTERS 0x00000012         /* UpperFilters, REG_MULTI_SZ */
#define CM_DRP_LOWERFILTERS 0x00000013         /* LowerFilters, REG_MULTI_SZ */
#define CM_DRP_ENUMERATOR_NAME 0x00000017      /* the instance path's first part, REG_SZ */
#define CM_DRP_MIN 0x00000001
#define CM_DRP_MAX 0x00000025

/* CM_DRP_CAPABILITIES bits */
#define CM_DEVCAP_LOCKSUPPORTED 0x00000001
#define CM_DEVCAP_EJECTSUPPORTED 0x00000002
#define CM_DEVCAP_REMOVABLE 0x00000004
#define CM_DEVCAP_DOCKDEVICE 0x00000008
#define CM_DEVCAP_UNIQUEID 0x00000010
#define CM_DEVCAP_SILENTINSTALL 0x00000020
#define CM_DEVCAP_RAWDEVICEOK 0x00000040
#define CM_DEVCAP_SURPRISEREMOVALOK 0x00000080

/* CM_DRP_CONFIGFLAGS bits (regstr.h) that ntio's PnP manager acts on */
#ifndef CONFIGFLAG_DISABLED
#define CONFIGFLAG_DISABLED 0x00000001 /* not started (CM_PROB_DISABLED) */
#endif
#ifndef CONFIGFLAG_FAILEDINSTALL
#define CONFIGFLAG_FAILEDINSTALL 0x00000040 /* CM_PROB_FAILED_INSTALL */
#endif

/* ---- locating device instances (cfgmgr32/devinst.c) ------------------------------ */
/* NULL or "" locates the root of the tree. */
CMAPI CONFIGRET WINAPI CM_Locate_DevNodeA(PDEVINST pdnDevInst, DEVINSTID_A pDeviceID, ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Locate_DevNodeW(PDEVINST pdnDevInst, DEVINSTID_W pDeviceID, ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Get_Device_IDA(DEVINST dnDevInst, PSTR Buffer, ULONG BufferLen,
                                         ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Get_Device_IDW(DEVINST dnDevInst, PWSTR Buffer, ULONG BufferLen,
                                         ULONG ulFlags);
/* In characters, without the NUL. */
CMAPI CONFIGRET WINAPI CM_Get_Device_ID_Size(PULONG pulLen, DEVINST dnDevInst, ULONG ulFlags);

/* ---- status (cfgmgr32/status.c) ------------------------------------------------ */
CMAPI CONFIGRET WINAPI CM_Get_DevNode_Status(PULONG pulStatus, PULONG pulProblemNumber,
                                             DEVINST dnDevInst, ULONG ulFlags);

/* ---- the tree (cfgmgr32/tree.c) ------------------------------------------------- */
CMAPI CONFIGRET WINAPI CM_Get_Parent(PDEVINST pdnDevInst, DEVINST dnDevInst, ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Get_Child(PDEVINST pdnDevInst, DEVINST dnDevInst, ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Get_Sibling(PDEVINST pdnDevInst, DEVINST dnDevInst, ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Get_Depth(PULONG pulDepth, DEVINST dnDevInst, ULONG ulFlags);

/* ---- removal, disabling, starting (cfgmgr32/remove.c) ------------------------------ */
CMAPI CONFIGRET WINAPI CM_Query_And_Remove_SubTreeA(DEVINST dnAncestor, PPNP_VETO_TYPE pVetoType,
                                                    LPSTR pszVetoName, ULONG ulNameLength,
                                                    ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Query_And_Remove_SubTreeW(DEVINST dnAncestor, PPNP_VETO_TYPE pVetoType,
                                                    LPWSTR pszVetoName, ULONG ulNameLength,
                                                    ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Request_Device_EjectW(DEVINST dnDevInst, PPNP_VETO_TYPE pVetoType,
                                                LPWSTR pszVetoName, ULONG ulNameLength,
                                                ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Request_Device_EjectA(DEVINST dnDevInst, PPNP_VETO_TYPE pVetoType,
                                                LPSTR pszVetoName, ULONG ulNameLength,
                                                ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Disable_DevNode(DEVINST dnDevInst, ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Enable_DevNode(DEVINST dnDevInst, ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Reenumerate_DevNode(DEVINST dnDevInst, ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Setup_DevNode(DEVINST dnDevInst, ULONG ulFlags);
#define CM_Disable_DevInst CM_Disable_DevNode
#define CM_Enable_DevInst CM_Enable_DevNode
#define CM_Reenumerate_DevInst CM_Reenumerate_DevNode
#define CM_Setup_DevInst CM_Setup_DevNode

/* ---- device interfaces (cfgmgr32/interface.c) ------------------------------------ */
/* A list of \\?\ names, each NUL-terminated, ending with an empty one;
 * lengths in characters (bytes for the A forms). */
CMAPI CONFIGRET WINAPI CM_Get_Device_Interface_ListA(LPGUID InterfaceClassGuid,
                                                     DEVINSTID_A pDeviceID, PZZSTR Buffer,
                                                     ULONG BufferLen, ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Get_Device_Interface_ListW(LPGUID InterfaceClassGuid,
                                                     DEVINSTID_W pDeviceID, PZZWSTR Buffer,
                                                     ULONG BufferLen, ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Get_Device_Interface_List_SizeA(PULONG pulLen, LPGUID InterfaceClassGuid,
                                                          DEVINSTID_A pDeviceID, ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Get_Device_Interface_List_SizeW(PULONG pulLen, LPGUID InterfaceClassGuid,
                                                          DEVINSTID_W pDeviceID, ULONG ulFlags);

/* ---- registry properties (cfgmgr32/property.c) ------------------------------------ */
CMAPI CONFIGRET WINAPI CM_Get_DevNode_Registry_PropertyA(DEVINST dnDevInst, ULONG ulProperty,
                                                         PULONG pulRegDataType, PVOID Buffer,
                                                         PULONG pulLength, ULONG ulFlags);
CMAPI CONFIGRET WINAPI CM_Get_DevNode_Registry_PropertyW(DEVINST dnDevInst, ULONG ulProperty,
                                                         PULONG pulRegDataType, PVOID Buffer,
                                                         PULONG pulLength, ULONG ulFlags);
#define CM_Get_DevInst_Registry_PropertyA CM_Get_DevNode_Registry_PropertyA
#define CM_Get_DevInst_Registry_PropertyW CM_Get_DevNode_Registry_PropertyW

/* ---- errors (cfgmgr32/error.c) --------------------------------------------------- */
CMAPI DWORD WINAPI CM_MapCrToWin32Err(CONFIGRET CmReturnCode, DWORD DefaultErr);

#ifdef UNICODE
#define CM_Locate_DevNode CM_Locate_DevNodeW
#define CM_Locate_DevInst CM_Locate_DevNodeW
#define CM_Get_Device_ID CM_Get_Device_IDW
#define CM_Query_And_Remove_SubTree CM_Query_And_Remove_SubTreeW
#define CM_Request_Device_Eject CM_Request_Device_EjectW
#define CM_Get_Device_Interface_List CM_Get_Device_Interface_ListW
#define CM_Get_Device_Interface_List_Size CM_Get_Device_Interface_List_SizeW
#define CM_Get_DevNode_Registry_Property CM_Get_DevNode_Registry_PropertyW
#define CM_Get_DevInst_Registry_Property CM_Get_DevNode_Registry_PropertyW
#else
#define CM_Locate_DevNode CM_Locate_DevNodeA
#define CM_Locate_DevInst CM_Locate_DevNodeA
#define CM_Get_Device_ID CM_Get_Device_IDA
#define CM_Query_And_Remove_SubTree CM_Query_And_Remove_SubTreeA
#define CM_Request_Device_Eject CM_Request_Device_EjectA
#define CM_Get_Device_Interface_List CM_Get_Device_Interface_ListA
#define CM_Get_Device_Interface_List_Size CM_Get_Device_Interface_List_SizeA
#define CM_Get_DevNode_Registry_Property CM_Get_DevNode_Registry_PropertyA
#define CM_Get_DevInst_Registry_Property CM_Get_DevNode_Registry_PropertyA
#endif
#define CM_Locate_DevInstA CM_Locate_DevNodeA
#define CM_Locate_DevInstW CM_Locate_DevNodeW

NTIO_END_DECLS

#endif /* _CFGMGR32_H_ */
