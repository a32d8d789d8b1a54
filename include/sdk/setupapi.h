/*
 * setupapi.h - the INF functions of SetupAPI (libsetupapi.so, win32/setupapi):
 * opening INF files (and appending more to an open one), finding sections
 * and lines, and reading their fields; and the device information sets
 * (SetupDi*: devices and their interfaces, registry properties, instance
 * IDs, over cfgmgr32; creating and registering root devices, installation
 * requests and their parameters, a device's registry keys), with Windows'
 * semantics and errors (docs/setupapi.md).  ANSI (the A forms) is UTF-8 in ntio.
 *
 * Link: ntio-cc links libsetupapi.so into an application that calls these
 * functions (Windows: Setupapi.lib).
 */
#ifndef NTIO_SETUPAPI_H
#define NTIO_SETUPAPI_H

#include <windows.h>

NTIO_BEGIN_DECLS

#ifndef WINSETUPAPI
#define WINSETUPAPI NTIO_EXPORT
#endif

/* ---- sizes ----------------------------------------------------------------- */
#define LINE_LEN 256                    /* Windows 9x-compatible maximum line length */
#define MAX_INF_STRING_LENGTH 4096      /* a field after %strkey% substitution */
#define MAX_INF_SECTION_NAME_LENGTH 255
#define MAX_TITLE_LEN 60
#define MAX_INSTRUCTION_LEN 256
#define MAX_LABEL_LEN 30
#define MAX_SERVICE_NAME_LEN 256
#define MAX_SUBTITLE_LEN 256
#define MAX_CLASS_NAME_LEN 32

/* ---- INF handles and line contexts ---------------------------------------------- */
typedef PVOID HINF;

/* A line of an open INF, as the SetupFind* functions return it.  The members
 * belong to SetupAPI: applications must not change them. */
typedef struct _INFCONTEXT {
    PVOID Inf;          /* the HINF */
    PVOID CurrentInf;   /* the INF file (of those appended) the line is in */
    UINT Section;
    UINT Line;
} INFCONTEXT, *PINFCONTEXT;

/* SetupOpenInfFile InfStyle */
#define INF_STYLE_NONE 0x00000000
#define INF_STYLE_OLDNT 0x00000001          /* legacy (NT 3.x/4.0) INF: no [Version] Signature */
#define INF_STYLE_WIN4 0x00000002           /* Signature = $Windows NT$ / $Chicago$ / $Windows 95$ */
#define INF_STYLE_CACHE_ENABLE 0x00000010   /* accepted, no effect (no INF cache in ntio) */
#define INF_STYLE_CACHE_DISABLE 0x00000020
#define INF_STYLE_CACHE_IGNORE 0x00000040

/* ---- directory ids (DestinationDirs, CopyFiles, %dirid% in paths) ------------------ */
#define DIRID_ABSOLUTE -1
#define DIRID_ABSOLUTE_16BIT 0xffff
#define DIRID_NULL 0
#define DIRID_SRCPATH 1
#define DIRID_WINDOWS 10
#define DIRID_SYSTEM 11
#define DIRID_DRIVERS 12
#define DIRID_IOSUBSYS DIRID_DRIVERS
#define DIRID_DRIVER_STORE 13
#define DIRID_INF 17
#define DIRID_HELP 18
#define DIRID_FONTS 20
#define DIRID_VIEWERS 21
#define DIRID_COLOR 23
#define DIRID_APPS 24
#define DIRID_SHARED 25
#define DIRID_BOOT 30
#define DIRID_SYSTEM16 50
#define DIRID_SPOOL 51
#define DIRID_SPOOLDRIVERS 52
#define DIRID_USERPROFILE 53
#define DIRID_LOADER 54
#define DIRID_PRINTPROCESSOR 55
#define DIRID_DEFAULT DIRID_SYSTEM
#define DIRID_USER 0x8000

/* ---- opening and closing ---------------------------------------------------------- */
WINSETUPAPI HINF WINAPI SetupOpenInfFileW(PCWSTR FileName, PCWSTR InfClass, DWORD InfStyle,
                                          PUINT ErrorLine);
WINSETUPAPI HINF WINAPI SetupOpenInfFileA(PCSTR FileName, PCSTR InfClass, DWORD InfStyle,
                                          PUINT ErrorLine);
WINSETUPAPI BOOL WINAPI SetupOpenAppendInfFileW(PCWSTR FileName, HINF InfHandle, PUINT ErrorLine);
WINSETUPAPI BOOL WINAPI SetupOpenAppendInfFileA(PCSTR FileName, HINF InfHandle, PUINT ErrorLine);
WINSETUPAPI VOID WINAPI SetupCloseInfFile(HINF InfHandle);

/* ---- sections and lines ------------------------------------------------------------ */
WINSETUPAPI BOOL WINAPI SetupFindFirstLineW(HINF InfHandle, PCWSTR Section, PCWSTR Key,
                                            PINFCONTEXT Context);
WINSETUPAPI BOOL WINAPI SetupFindFirstLineA(HINF InfHandle, PCSTR Section, PCSTR Key,
                                            PINFCONTEXT Context);
WINSETUPAPI BOOL WINAPI SetupFindNextLine(PINFCONTEXT ContextIn, PINFCONTEXT ContextOut);
WINSETUPAPI BOOL WINAPI SetupFindNextMatchLineW(PINFCONTEXT ContextIn, PCWSTR Key,
                                                PINFCONTEXT ContextOut);
WINSETUPAPI BOOL WINAPI SetupFindNextMatchLineA(PINFCONTEXT ContextIn, PCSTR Key,
                                                PINFCONTEXT ContextOut);
WINSETUPAPI LONG WINAPI SetupGetLineCountW(HINF InfHandle, PCWSTR Section);
WINSETUPAPI LONG WINAPI SetupGetLineCountA(HINF InfHandle, PCSTR Section);
WINSETUPAPI BOOL WINAPI SetupGetLineByIndexW(HINF InfHandle, PCWSTR Section, DWORD Index,
                                             PINFCONTEXT Context);
WINSETUPAPI BOOL WINAPI SetupGetLineByIndexA(HINF InfHandle, PCSTR Section, DWORD Index,
                                             PINFCONTEXT Context);
WINSETUPAPI BOOL WINAPI SetupGetLineTextW(PINFCONTEXT Context, HINF InfHandle, PCWSTR Section,
                                          PCWSTR Key, PWSTR ReturnBuffer, DWORD ReturnBufferSize,
                                          PDWORD RequiredSize);
WINSETUPAPI BOOL WINAPI SetupGetLineTextA(PINFCONTEXT Context, HINF InfHandle, PCSTR Section,
                                          PCSTR Key, PSTR ReturnBuffer, DWORD ReturnBufferSize,
                                          PDWORD RequiredSize);

/* ---- fields (index 0 is the key) ---------------------------------------------------- */
WINSETUPAPI DWORD WINAPI SetupGetFieldCount(PINFCONTEXT Context);
WINSETUPAPI BOOL WINAPI SetupGetStringFieldW(PINFCONTEXT Context, DWORD FieldIndex,
                                             PWSTR ReturnBuffer, DWORD ReturnBufferSize,
                                             PDWORD RequiredSize);
WINSETUPAPI BOOL WINAPI SetupGetStringFieldA(PINFCONTEXT Context, DWORD FieldIndex,
                                             PSTR ReturnBuffer, DWORD ReturnBufferSize,
                                             PDWORD RequiredSize);
WINSETUPAPI BOOL WINAPI SetupGetIntField(PINFCONTEXT Context, DWORD FieldIndex, PINT IntegerValue);
WINSETUPAPI BOOL WINAPI SetupGetMultiSzFieldW(PINFCONTEXT Context, DWORD FieldIndex,
                                              PWSTR ReturnBuffer, DWORD ReturnBufferSize,
                                              LPDWORD RequiredSize);
WINSETUPAPI BOOL WINAPI SetupGetMultiSzFieldA(PINFCONTEXT Context, DWORD FieldIndex,
                                              PSTR ReturnBuffer, DWORD ReturnBufferSize,
                                              LPDWORD RequiredSize);
WINSETUPAPI BOOL WINAPI SetupGetBinaryField(PINFCONTEXT Context, DWORD FieldIndex,
                                            PBYTE ReturnBuffer, DWORD ReturnBufferSize,
                                            LPDWORD RequiredSize);

#ifdef UNICODE
#define SetupOpenInfFile SetupOpenInfFileW
#define SetupOpenAppendInfFile SetupOpenAppendInfFileW
#define SetupFindFirstLine SetupFindFirstLineW
#define SetupFindNextMatchLine SetupFindNextMatchLineW
#define SetupGetLineCount SetupGetLineCountW
#define SetupGetLineByIndex SetupGetLineByIndexW
#define SetupGetLineText SetupGetLineTextW
#define SetupGetStringField SetupGetStringFieldW
#define SetupGetMultiSzField SetupGetMultiSzFieldW
#else
#define SetupOpenInfFile SetupOpenInfFileA
#define SetupOpenAppendInfFile SetupOpenAppendInfFileA
#define SetupFindFirstLine SetupFindFirstLineA
#define SetupFindNextMatchLine SetupFindNextMatchLineA
#define SetupGetLineCount SetupGetLineCountA
#define SetupGetLineByIndex SetupGetLineByIndexA
#define SetupGetLineText SetupGetLineTextA
#define SetupGetStringField SetupGetStringFieldA
#define SetupGetMultiSzField SetupGetMultiSzFieldA
#endif

/* ==== device information sets (SetupDi*: devinfo.c, devintf.c, devprop.c) ============ */
/* Over cfgmgr32 (docs/cfgmgr32.md): an SP_DEVINFO_DATA's DevInst is a cfgmgr32 DEVINST. */

/* The same typedef as any other header that names HWND, which C allows. */
typedef struct HWND__ *HWND;

/* A device information set: a list of device information elements (devices)
 * and of their device interfaces.  INVALID_HANDLE_VALUE when none. */
typedef PVOID HDEVINFO;

#ifndef ANYSIZE_ARRAY
#define ANYSIZE_ARRAY 1
#endif

/* Windows packs these structures to 8 bytes on 64-bit, 1 on 32-bit. */
#if defined(_WIN64) || defined(__x86_64__) || defined(__aarch64__)
#pragma pack(push, 8)
#else
#pragma pack(push, 1)
#endif

/* A device information element; cbSize = sizeof(SP_DEVINFO_DATA) (32 on x64). */
typedef struct _SP_DEVINFO_DATA {
    DWORD cbSize;
    GUID ClassGuid;     /* the device's setup class (ClassGUID), GUID_NULL when none */
    DWORD DevInst;      /* a cfgmgr32 DEVINST */
    ULONG_PTR Reserved; /* SetupAPI's: identifies the element in its set */
} SP_DEVINFO_DATA, *PSP_DEVINFO_DATA;

/* A device interface; cbSize = sizeof(SP_DEVICE_INTERFACE_DATA) (32 on x64). */
typedef struct _SP_DEVICE_INTERFACE_DATA {
    DWORD cbSize;
    GUID InterfaceClassGuid;
    DWORD Flags;        /* SPINT_* */
    ULONG_PTR Reserved;
} SP_DEVICE_INTERFACE_DATA, *PSP_DEVICE_INTERFACE_DATA;
typedef SP_DEVICE_INTERFACE_DATA SP_INTERFACE_DEVICE_DATA, *PSP_INTERFACE_DEVICE_DATA;

/* SP_DEVICE_INTERFACE_DATA Flags */
#define SPINT_ACTIVE 0x00000001  /* enabled (IoSetDeviceInterfaceState TRUE) */
#define SPINT_DEFAULT 0x00000002
#define SPINT_REMOVED 0x00000004
#define SPID_ACTIVE SPINT_ACTIVE
#define SPID_DEFAULT SPINT_DEFAULT
#define SPID_REMOVED SPINT_REMOVED

/* The \\?\ path of an interface.  cbSize is always the size of the fixed
 * part, sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_W/A) (8 and 8 on x64, 6 and
 * 5 on x86), never that of the whole buffer. */
typedef struct _SP_DEVICE_INTERFACE_DETAIL_DATA_A {
    DWORD cbSize;
    CHAR DevicePath[ANYSIZE_ARRAY];
} SP_DEVICE_INTERFACE_DETAIL_DATA_A, *PSP_DEVICE_INTERFACE_DETAIL_DATA_A;
typedef struct _SP_DEVICE_INTERFACE_DETAIL_DATA_W {
    DWORD cbSize;
    WCHAR DevicePath[ANYSIZE_ARRAY];
} SP_DEVICE_INTERFACE_DETAIL_DATA_W, *PSP_DEVICE_INTERFACE_DETAIL_DATA_W;

/* ---- installation requests (SetupDiCallClassInstaller: classinst.c) ---------------- */
typedef UINT DI_FUNCTION;

/* The header of every class install parameter structure: cbSize is
 * sizeof(SP_CLASSINSTALL_HEADER), InstallFunction the DIF code the
 * structure belongs to. */
typedef struct _SP_CLASSINSTALL_HEADER {
    DWORD cbSize;
    DI_FUNCTION InstallFunction;
} SP_CLASSINSTALL_HEADER, *PSP_CLASSINSTALL_HEADER;

/* DIF_PROPERTYCHANGE's parameters. */
typedef struct _SP_PROPCHANGE_PARAMS {
    SP_CLASSINSTALL_HEADER ClassInstallHeader;
    DWORD StateChange;  /* DICS_* */
    DWORD Scope;        /* DICS_FLAG_* */
    DWORD HwProfile;    /* 0: the current hardware profile */
} SP_PROPCHANGE_PARAMS, *PSP_PROPCHANGE_PARAMS;

/* DIF_REMOVE's parameters. */
typedef struct _SP_REMOVEDEVICE_PARAMS {
    SP_CLASSINSTALL_HEADER ClassInstallHeader;
    DWORD Scope;        /* DI_REMOVEDEVICE_* */
    DWORD HwProfile;
} SP_REMOVEDEVICE_PARAMS, *PSP_REMOVEDEVICE_PARAMS;

/* A file queue and its callback (SetupAPI's file queues; ntio has none,
 * so SP_DEVINSTALL_PARAMS only carries them). */
typedef PVOID HSPFILEQ;
typedef UINT (CALLBACK *PSP_FILE_CALLBACK_A)(PVOID Context, UINT Notification, UINT_PTR Param1,
                                             UINT_PTR Param2);
typedef UINT (CALLBACK *PSP_FILE_CALLBACK_W)(PVOID Context, UINT Notification, UINT_PTR Param1,
                                             UINT_PTR Param2);

/* The installation parameters of a set or of one element; cbSize is the
 * structure's size (584 for W, 320 for A on x64). */
typedef struct _SP_DEVINSTALL_PARAMS_A {
    DWORD cbSize;
    DWORD Flags;        /* DI_* */
    DWORD FlagsEx;      /* DI_FLAGSEX_* */
    HWND hwndParent;
    PSP_FILE_CALLBACK_A InstallMsgHandler;
    PVOID InstallMsgHandlerContext;
    HSPFILEQ FileQueue;
    ULONG_PTR ClassInstallReserved;
    DWORD Reserved;
    CHAR DriverPath[MAX_PATH];
} SP_DEVINSTALL_PARAMS_A, *PSP_DEVINSTALL_PARAMS_A;
typedef struct _SP_DEVINSTALL_PARAMS_W {
    DWORD cbSize;
    DWORD Flags;
    DWORD FlagsEx;
    HWND hwndParent;
    PSP_FILE_CALLBACK_W InstallMsgHandler;
    PVOID InstallMsgHandlerContext;
    HSPFILEQ FileQueue;
    ULONG_PTR ClassInstallReserved;
    DWORD Reserved;
    WCHAR DriverPath[MAX_PATH];
} SP_DEVINSTALL_PARAMS_W, *PSP_DEVINSTALL_PARAMS_W;

#pragma pack(pop)

/* SetupDiGetClassDevs Flags */
#define DIGCF_DEFAULT 0x00000001         /* accepted: no default interfaces in ntio */
#define DIGCF_PRESENT 0x00000002         /* only devices in the tree */
#define DIGCF_ALLCLASSES 0x00000004      /* every setup (or interface) class */
#define DIGCF_PROFILE 0x00000008         /* accepted: one hardware profile */
#define DIGCF_DEVICEINTERFACE 0x00000010 /* ClassGuid is an interface class */
#define DIGCF_INTERFACEDEVICE DIGCF_DEVICEINTERFACE

/* SetupDiOpenDeviceInfo OpenFlags */
#define DIOD_INHERIT_CLASSDRVS 0x00000002 /* accepted: no class driver lists yet */
#define DIOD_CANCEL_REMOVE 0x00000004     /* accepted: removal is never pending */

/* SetupDiGetDeviceRegistryProperty properties (CM_DRP_* - 1) */
#define SPDRP_DEVICEDESC 0x00000000           /* REG_SZ */
#define SPDRP_HARDWAREID 0x00000001           /* REG_MULTI_SZ */
#define SPDRP_COMPATIBLEIDS 0x00000002        /* REG_MULTI_SZ */
#define SPDRP_UNUSED0 0x00000003
#define SPDRP_SERVICE 0x00000004              /* REG_SZ */
#define SPDRP_UNUSED1 0x00000005
#define SPDRP_UNUSED2 0x00000006
#define SPDRP_CLASS 0x00000007                /* REG_SZ */
#define SPDRP_CLASSGUID 0x00000008            /* REG_SZ */
#define SPDRP_DRIVER 0x00000009               /* REG_SZ */
#define SPDRP_CONFIGFLAGS 0x0000000A          /* REG_DWORD */
#define SPDRP_MFG 0x0000000B                  /* REG_SZ */
#define SPDRP_FRIENDLYNAME 0x0000000C         /* REG_SZ */
#define SPDRP_LOCATION_INFORMATION 0x0000000D /* REG_SZ */
#define SPDRP_PHYSICAL_DEVICE_OBJECT_NAME 0x0000000E
#define SPDRP_CAPABILITIES 0x0000000F         /* REG_DWORD (CM_DEVCAP_*) */
#define SPDRP_UI_NUMBER 0x00000010
#define SPDRP_UPPERFILTERS 0x00000011         /* REG_MULTI_SZ */
#define SPDRP_LOWERFILTERS 0x00000012         /* REG_MULTI_SZ */
#define SPDRP_BUSTYPEGUID 0x00000013
#define SPDRP_LEGACYBUSTYPE 0x00000014
#define SPDRP_BUSNUMBER 0x00000015
#define SPDRP_ENUMERATOR_NAME 0x00000016      /* REG_SZ */
#define SPDRP_SECURITY 0x00000017
#define SPDRP_SECURITY_SDS 0x00000018
#define SPDRP_DEVTYPE 0x00000019
#define SPDRP_EXCLUSIVE 0x0000001A
#define SPDRP_CHARACTERISTICS 0x0000001B
#define SPDRP_ADDRESS 0x0000001C
#define SPDRP_UI_NUMBER_DESC_FORMAT 0x0000001D
#define SPDRP_DEVICE_POWER_DATA 0x0000001E
#define SPDRP_REMOVAL_POLICY 0x0000001F
#define SPDRP_REMOVAL_POLICY_HW_DEFAULT 0x00000020
#define SPDRP_REMOVAL_POLICY_OVERRIDE 0x00000021
#define SPDRP_INSTALL_STATE 0x00000022
#define SPDRP_LOCATION_PATHS 0x00000023
#define SPDRP_BASE_CONTAINERID 0x00000024
#define SPDRP_MAXIMUM_PROPERTY 0x00000025

/* Installation requests (DIF codes) for SetupDiCallClassInstaller.  ntio
 * carries out DIF_REGISTERDEVICE, DIF_REMOVE and DIF_PROPERTYCHANGE (their
 * default handlers); see docs/setupapi.md for the others. */
#define DIF_SELECTDEVICE 0x00000001
#define DIF_INSTALLDEVICE 0x00000002
#define DIF_ASSIGNRESOURCES 0x00000003
#define DIF_PROPERTIES 0x00000004
#define DIF_REMOVE 0x00000005
#define DIF_FIRSTTIMESETUP 0x00000006
#define DIF_FOUNDDEVICE 0x00000007
#define DIF_SELECTCLASSDRIVERS 0x00000008
#define DIF_VALIDATECLASSDRIVERS 0x00000009
#define DIF_INSTALLCLASSDRIVERS 0x0000000A
#define DIF_CALCDISKSPACE 0x0000000B
#define DIF_DESTROYPRIVATEDATA 0x0000000C
#define DIF_VALIDATEDRIVER 0x0000000D
#define DIF_MOVEDEVICE 0x0000000E
#define DIF_DETECT 0x0000000F
#define DIF_INSTALLWIZARD 0x00000010
#define DIF_DESTROYWIZARDDATA 0x00000011
#define DIF_PROPERTYCHANGE 0x00000012
#define DIF_ENABLECLASS 0x00000013
#define DIF_DETECTVERIFY 0x00000014
#define DIF_INSTALLDEVICEFILES 0x00000015
#define DIF_UNREMOVE 0x00000016
#define DIF_SELECTBESTCOMPATDRV 0x00000017
#define DIF_ALLOW_INSTALL 0x00000018
#define DIF_REGISTERDEVICE 0x00000019
#define DIF_NEWDEVICEWIZARD_PRESELECT 0x0000001A
#define DIF_NEWDEVICEWIZARD_SELECT 0x0000001B
#define DIF_NEWDEVICEWIZARD_PREANALYZE 0x0000001C
#define DIF_NEWDEVICEWIZARD_POSTANALYZE 0x0000001D
#define DIF_NEWDEVICEWIZARD_FINISHINSTALL 0x0000001E
#define DIF_UNUSED1 0x0000001F
#define DIF_INSTALLINTERFACES 0x00000020
#define DIF_DETECTCANCEL 0x00000021
#define DIF_REGISTER_COINSTALLERS 0x00000022
#define DIF_ADDPROPERTYPAGE_ADVANCED 0x00000023
#define DIF_ADDPROPERTYPAGE_BASIC 0x00000024
#define DIF_RESERVED1 0x00000025
#define DIF_TROUBLESHOOTER 0x00000026
#define DIF_POWERMESSAGEWAKE 0x00000027
#define DIF_ADDREMOTEPROPERTYPAGE_ADVANCED 0x00000028
#define DIF_UPDATEDRIVER_UI 0x00000029
#define DIF_FINISHINSTALL_ACTION 0x0000002A
#define DIF_RESERVED2 0x00000030

/* SP_PROPCHANGE_PARAMS StateChange */
#define DICS_ENABLE 0x00000001
#define DICS_DISABLE 0x00000002
#define DICS_PROPCHANGE 0x00000003 /* stop and restart the device */
#define DICS_START 0x00000004      /* DICS_FLAG_CONFIGSPECIFIC only */
#define DICS_STOP 0x00000005       /* DICS_FLAG_CONFIGSPECIFIC only */
/* Scope of a state change, and of SetupDiOpenDevRegKey / SetupDiCreateDevRegKey */
#define DICS_FLAG_GLOBAL 0x00000001         /* every hardware profile */
#define DICS_FLAG_CONFIGSPECIFIC 0x00000002 /* one hardware profile */
#define DICS_FLAG_CONFIGGENERAL 0x00000004  /* obsolete */

/* SP_REMOVEDEVICE_PARAMS Scope */
#define DI_REMOVEDEVICE_GLOBAL 0x00000001
#define DI_REMOVEDEVICE_CONFIGSPECIFIC 0x00000002

/* SP_DEVINSTALL_PARAMS Flags */
#define DI_SHOWOEM 0x00000001
#define DI_SHOWCOMPAT 0x00000002
#define DI_SHOWCLASS 0x00000004
#define DI_SHOWALL 0x00000007
#define DI_NOVCP 0x00000008
#define DI_DIDCOMPAT 0x00000010             /* read-only */
#define DI_DIDCLASS 0x00000020              /* read-only */
#define DI_AUTOASSIGNRES 0x00000040
#define DI_NEEDRESTART 0x00000080           /* a restart finishes the request */
#define DI_NEEDREBOOT 0x00000100            /* the same */
#define DI_NOBROWSE 0x00000200
#define DI_MULTMFGS 0x00000400              /* read-only */
#define DI_DISABLED 0x00000800
#define DI_GENERALPAGE_ADDED 0x00001000
#define DI_RESOURCEPAGE_ADDED 0x00002000
#define DI_PROPERTIES_CHANGE 0x00004000
#define DI_INF_IS_SORTED 0x00008000
#define DI_ENUMSINGLEINF 0x00010000
#define DI_DONOTCALLCONFIGMG 0x00020000
#define DI_INSTALLDISABLED 0x00040000
#define DI_COMPAT_FROM_CLASS 0x00080000
#define DI_CLASSINSTALLPARAMS 0x00100000    /* the class install parameters are in force */
#define DI_NODI_DEFAULTACTION 0x00200000    /* SetupDiCallClassInstaller runs no default handler */
#define DI_QUIETINSTALL 0x00800000
#define DI_NOFILECOPY 0x01000000
#define DI_FORCECOPY 0x02000000
#define DI_DRIVERPAGE_ADDED 0x04000000
#define DI_USECI_SELECTSTRINGS 0x08000000
#define DI_OVERRIDE_INFFLAGS 0x10000000
#define DI_PROPS_NOCHANGEUSAGE 0x20000000
#define DI_NOSELECTICONS 0x40000000
#define DI_NOWRITE_IDS 0x80000000

/* SP_DEVINSTALL_PARAMS FlagsEx */
#define DI_FLAGSEX_CI_FAILED 0x00000004
#define DI_FLAGSEX_FINISHINSTALL_ACTION 0x00000008
#define DI_FLAGSEX_DIDINFOLIST 0x00000010
#define DI_FLAGSEX_DIDCOMPATINFO 0x00000020
#define DI_FLAGSEX_FILTERCLASSES 0x00000040
#define DI_FLAGSEX_SETFAILEDINSTALL 0x00000080
#define DI_FLAGSEX_DEVICECHANGE 0x00000100
#define DI_FLAGSEX_ALWAYSWRITEIDS 0x00000200
#define DI_FLAGSEX_PROPCHANGE_PENDING 0x00000400
#define DI_FLAGSEX_ALLOWEXCLUDEDDRVS 0x00000800
#define DI_FLAGSEX_NOUIONQUERYREMOVE 0x00001000
#define DI_FLAGSEX_USECLASSFORCOMPAT 0x00002000
#define DI_FLAGSEX_NO_DRVREG_MODIFY 0x00008000
#define DI_FLAGSEX_IN_SYSTEM_SETUP 0x00010000
#define DI_FLAGSEX_INET_DRIVER 0x00020000
#define DI_FLAGSEX_APPENDDRIVERLIST 0x00040000
#define DI_FLAGSEX_PREINSTALLBACKUP 0x00080000
#define DI_FLAGSEX_BACKUPONREPLACE 0x00100000
#define DI_FLAGSEX_DRIVERLIST_FROM_URL 0x00200000
#define DI_FLAGSEX_EXCLUDE_OLD_INET_DRIVERS 0x00800000
#define DI_FLAGSEX_POWERPAGE_ADDED 0x01000000
#define DI_FLAGSEX_FILTERSIMILARDRIVERS 0x02000000
#define DI_FLAGSEX_INSTALLEDDRIVER 0x04000000
#define DI_FLAGSEX_NO_CLASSLIST_NODE_MERGE 0x08000000
#define DI_FLAGSEX_ALTPLATFORM_DRVSEARCH 0x10000000
#define DI_FLAGSEX_RESTART_DEVICE_ONLY 0x20000000
#define DI_FLAGSEX_RECURSIVESEARCH 0x40000000
#define DI_FLAGSEX_SEARCH_PUBLISHED_INFS 0x80000000

/* SetupDiCreateDeviceInfo CreationFlags */
#define DICD_GENERATE_ID 0x00000001       /* DeviceName is a device ID: ROOT\<NAME>\NNNN */
#define DICD_INHERIT_CLASSDRVS 0x00000002 /* accepted: sets have no class driver list yet */

/* SetupDiRegisterDeviceInfo Flags, and the duplicate comparison it calls */
#define SPRDI_FIND_DUPS 0x00000001
typedef DWORD (CALLBACK *PSP_DETSIG_CMPPROC)(HDEVINFO DeviceInfoSet,
                                             PSP_DEVINFO_DATA NewDeviceData,
                                             PSP_DEVINFO_DATA ExistingDeviceData,
                                             PVOID CompareContext);

/* SetupDiOpenDevRegKey / SetupDiCreateDevRegKey KeyType */
#define DIREG_DEV 0x00000001  /* the hardware key: Enum\<instance>\Device Parameters */
#define DIREG_DRV 0x00000002  /* the software key: Control\Class\{guid}\NNNN */
#define DIREG_BOTH 0x00000004 /* SetupDiDeleteDevRegKey only */

/* ---- sets and elements (devinfo.c) --------------------------------------------- */
WINSETUPAPI HDEVINFO WINAPI SetupDiCreateDeviceInfoList(const GUID *ClassGuid, HWND hwndParent);
/* MachineName NULL or "": this computer (the only one ntio reaches). */
WINSETUPAPI HDEVINFO WINAPI SetupDiCreateDeviceInfoListExW(const GUID *ClassGuid, HWND hwndParent,
                                                           PCWSTR MachineName, PVOID Reserved);
WINSETUPAPI HDEVINFO WINAPI SetupDiCreateDeviceInfoListExA(const GUID *ClassGuid, HWND hwndParent,
                                                           PCSTR MachineName, PVOID Reserved);
WINSETUPAPI HDEVINFO WINAPI SetupDiGetClassDevsW(const GUID *ClassGuid, PCWSTR Enumerator,
                                                 HWND hwndParent, DWORD Flags);
WINSETUPAPI HDEVINFO WINAPI SetupDiGetClassDevsA(const GUID *ClassGuid, PCSTR Enumerator,
                                                 HWND hwndParent, DWORD Flags);
WINSETUPAPI BOOL WINAPI SetupDiEnumDeviceInfo(HDEVINFO DeviceInfoSet, DWORD MemberIndex,
                                              PSP_DEVINFO_DATA DeviceInfoData);
WINSETUPAPI BOOL WINAPI SetupDiOpenDeviceInfoW(HDEVINFO DeviceInfoSet, PCWSTR DeviceInstanceId,
                                               HWND hwndParent, DWORD OpenFlags,
                                               PSP_DEVINFO_DATA DeviceInfoData);
WINSETUPAPI BOOL WINAPI SetupDiOpenDeviceInfoA(HDEVINFO DeviceInfoSet, PCSTR DeviceInstanceId,
                                               HWND hwndParent, DWORD OpenFlags,
                                               PSP_DEVINFO_DATA DeviceInfoData);
WINSETUPAPI BOOL WINAPI SetupDiDestroyDeviceInfoList(HDEVINFO DeviceInfoSet);

/* ---- device interfaces (devintf.c) ------------------------------------------------ */
WINSETUPAPI BOOL WINAPI SetupDiEnumDeviceInterfaces(HDEVINFO DeviceInfoSet,
                                                    PSP_DEVINFO_DATA DeviceInfoData,
                                                    const GUID *InterfaceClassGuid,
                                                    DWORD MemberIndex,
                                                    PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData);
WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInterfaceDetailW(
    HDEVINFO DeviceInfoSet, PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
    PSP_DEVICE_INTERFACE_DETAIL_DATA_W DeviceInterfaceDetailData,
    DWORD DeviceInterfaceDetailDataSize, PDWORD RequiredSize, PSP_DEVINFO_DATA DeviceInfoData);
WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInterfaceDetailA(
    HDEVINFO DeviceInfoSet, PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
    PSP_DEVICE_INTERFACE_DETAIL_DATA_A DeviceInterfaceDetailData,
    DWORD DeviceInterfaceDetailDataSize, PDWORD RequiredSize, PSP_DEVINFO_DATA DeviceInfoData);
#define SetupDiEnumInterfaceDevice SetupDiEnumDeviceInterfaces

/* ---- registry properties and instance IDs (devprop.c) -------------------------------- */
WINSETUPAPI BOOL WINAPI SetupDiGetDeviceRegistryPropertyW(HDEVINFO DeviceInfoSet,
                                                          PSP_DEVINFO_DATA DeviceInfoData,
                                                          DWORD Property,
                                                          PDWORD PropertyRegDataType,
                                                          PBYTE PropertyBuffer,
                                                          DWORD PropertyBufferSize,
                                                          PDWORD RequiredSize);
WINSETUPAPI BOOL WINAPI SetupDiGetDeviceRegistryPropertyA(HDEVINFO DeviceInfoSet,
                                                          PSP_DEVINFO_DATA DeviceInfoData,
                                                          DWORD Property,
                                                          PDWORD PropertyRegDataType,
                                                          PBYTE PropertyBuffer,
                                                          DWORD PropertyBufferSize,
                                                          PDWORD RequiredSize);
WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInstanceIdW(HDEVINFO DeviceInfoSet,
                                                    PSP_DEVINFO_DATA DeviceInfoData,
                                                    PWSTR DeviceInstanceId,
                                                    DWORD DeviceInstanceIdSize,
                                                    PDWORD RequiredSize);
WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInstanceIdA(HDEVINFO DeviceInfoSet,
                                                    PSP_DEVINFO_DATA DeviceInfoData,
                                                    PSTR DeviceInstanceId,
                                                    DWORD DeviceInstanceIdSize,
                                                    PDWORD RequiredSize);

/* Sizes in bytes; NULL with 0 clears a property. */
WINSETUPAPI BOOL WINAPI SetupDiSetDeviceRegistryPropertyW(HDEVINFO DeviceInfoSet,
                                                          PSP_DEVINFO_DATA DeviceInfoData,
                                                          DWORD Property,
                                                          const BYTE *PropertyBuffer,
                                                          DWORD PropertyBufferSize);
WINSETUPAPI BOOL WINAPI SetupDiSetDeviceRegistryPropertyA(HDEVINFO DeviceInfoSet,
                                                          PSP_DEVINFO_DATA DeviceInfoData,
                                                          DWORD Property,
                                                          const BYTE *PropertyBuffer,
                                                          DWORD PropertyBufferSize);

/* ---- creating and registering devices (devcreate.c) ---------------------------------- */
WINSETUPAPI BOOL WINAPI SetupDiCreateDeviceInfoW(HDEVINFO DeviceInfoSet, PCWSTR DeviceName,
                                                 const GUID *ClassGuid, PCWSTR DeviceDescription,
                                                 HWND hwndParent, DWORD CreationFlags,
                                                 PSP_DEVINFO_DATA DeviceInfoData);
WINSETUPAPI BOOL WINAPI SetupDiCreateDeviceInfoA(HDEVINFO DeviceInfoSet, PCSTR DeviceName,
                                                 const GUID *ClassGuid, PCSTR DeviceDescription,
                                                 HWND hwndParent, DWORD CreationFlags,
                                                 PSP_DEVINFO_DATA DeviceInfoData);
WINSETUPAPI BOOL WINAPI SetupDiRegisterDeviceInfo(HDEVINFO DeviceInfoSet,
                                                  PSP_DEVINFO_DATA DeviceInfoData, DWORD Flags,
                                                  PSP_DETSIG_CMPPROC CompareProc,
                                                  PVOID CompareContext,
                                                  PSP_DEVINFO_DATA DupDeviceInfoData);

/* ---- installation requests and their parameters (classinst.c, instparams.c, devstate.c) ---- */
WINSETUPAPI BOOL WINAPI SetupDiCallClassInstaller(DI_FUNCTION InstallFunction,
                                                  HDEVINFO DeviceInfoSet,
                                                  PSP_DEVINFO_DATA DeviceInfoData);
WINSETUPAPI BOOL WINAPI SetupDiSetClassInstallParamsW(HDEVINFO DeviceInfoSet,
                                                      PSP_DEVINFO_DATA DeviceInfoData,
                                                      PSP_CLASSINSTALL_HEADER ClassInstallParams,
                                                      DWORD ClassInstallParamsSize);
WINSETUPAPI BOOL WINAPI SetupDiSetClassInstallParamsA(HDEVINFO DeviceInfoSet,
                                                      PSP_DEVINFO_DATA DeviceInfoData,
                                                      PSP_CLASSINSTALL_HEADER ClassInstallParams,
                                                      DWORD ClassInstallParamsSize);
WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInstallParamsW(HDEVINFO DeviceInfoSet,
                                                       PSP_DEVINFO_DATA DeviceInfoData,
                                                       PSP_DEVINSTALL_PARAMS_W DeviceInstallParams);
WINSETUPAPI BOOL WINAPI SetupDiGetDeviceInstallParamsA(HDEVINFO DeviceInfoSet,
                                                       PSP_DEVINFO_DATA DeviceInfoData,
                                                       PSP_DEVINSTALL_PARAMS_A DeviceInstallParams);
WINSETUPAPI BOOL WINAPI SetupDiSetDeviceInstallParamsW(HDEVINFO DeviceInfoSet,
                                                       PSP_DEVINFO_DATA DeviceInfoData,
                                                       PSP_DEVINSTALL_PARAMS_W DeviceInstallParams);
WINSETUPAPI BOOL WINAPI SetupDiSetDeviceInstallParamsA(HDEVINFO DeviceInfoSet,
                                                       PSP_DEVINFO_DATA DeviceInfoData,
                                                       PSP_DEVINSTALL_PARAMS_A DeviceInstallParams);
/* The default handlers of DIF_PROPERTYCHANGE and DIF_REMOVE. */
WINSETUPAPI BOOL WINAPI SetupDiChangeState(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData);
WINSETUPAPI BOOL WINAPI SetupDiRemoveDevice(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData);

/* ---- a device's registry keys (devregkey.c) -------------------------------------------- */
/* INVALID_HANDLE_VALUE and the last error on failure; close with RegCloseKey. */
WINSETUPAPI HKEY WINAPI SetupDiOpenDevRegKey(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
                                             DWORD Scope, DWORD HwProfile, DWORD KeyType,
                                             REGSAM samDesired);
WINSETUPAPI HKEY WINAPI SetupDiCreateDevRegKeyW(HDEVINFO DeviceInfoSet,
                                                PSP_DEVINFO_DATA DeviceInfoData, DWORD Scope,
                                                DWORD HwProfile, DWORD KeyType, HINF InfHandle,
                                                PCWSTR InfSectionName);
WINSETUPAPI HKEY WINAPI SetupDiCreateDevRegKeyA(HDEVINFO DeviceInfoSet,
                                                PSP_DEVINFO_DATA DeviceInfoData, DWORD Scope,
                                                DWORD HwProfile, DWORD KeyType, HINF InfHandle,
                                                PCSTR InfSectionName);

/* ---- an INF's setup class (infclass.c) ----------------------------------------------- */
/* ClassNameSize and *RequiredSize in characters (bytes for A), the NUL included. */
WINSETUPAPI BOOL WINAPI SetupDiGetINFClassW(PCWSTR InfName, LPGUID ClassGuid, PWSTR ClassName,
                                            DWORD ClassNameSize, PDWORD RequiredSize);
WINSETUPAPI BOOL WINAPI SetupDiGetINFClassA(PCSTR InfName, LPGUID ClassGuid, PSTR ClassName,
                                            DWORD ClassNameSize, PDWORD RequiredSize);

#ifdef UNICODE
typedef SP_DEVICE_INTERFACE_DETAIL_DATA_W SP_DEVICE_INTERFACE_DETAIL_DATA;
typedef PSP_DEVICE_INTERFACE_DETAIL_DATA_W PSP_DEVICE_INTERFACE_DETAIL_DATA;
#define SetupDiGetClassDevs SetupDiGetClassDevsW
#define SetupDiOpenDeviceInfo SetupDiOpenDeviceInfoW
#define SetupDiGetDeviceInterfaceDetail SetupDiGetDeviceInterfaceDetailW
#define SetupDiGetDeviceRegistryProperty SetupDiGetDeviceRegistryPropertyW
#define SetupDiGetDeviceInstanceId SetupDiGetDeviceInstanceIdW
typedef SP_DEVINSTALL_PARAMS_W SP_DEVINSTALL_PARAMS;
typedef PSP_DEVINSTALL_PARAMS_W PSP_DEVINSTALL_PARAMS;
typedef PSP_FILE_CALLBACK_W PSP_FILE_CALLBACK;
#define SetupDiCreateDeviceInfoListEx SetupDiCreateDeviceInfoListExW
#define SetupDiSetDeviceRegistryProperty SetupDiSetDeviceRegistryPropertyW
#define SetupDiCreateDeviceInfo SetupDiCreateDeviceInfoW
#define SetupDiSetClassInstallParams SetupDiSetClassInstallParamsW
#define SetupDiGetDeviceInstallParams SetupDiGetDeviceInstallParamsW
#define SetupDiSetDeviceInstallParams SetupDiSetDeviceInstallParamsW
#define SetupDiCreateDevRegKey SetupDiCreateDevRegKeyW
#define SetupDiGetINFClass SetupDiGetINFClassW
#else
typedef SP_DEVICE_INTERFACE_DETAIL_DATA_A SP_DEVICE_INTERFACE_DETAIL_DATA;
typedef PSP_DEVICE_INTERFACE_DETAIL_DATA_A PSP_DEVICE_INTERFACE_DETAIL_DATA;
#define SetupDiGetClassDevs SetupDiGetClassDevsA
#define SetupDiOpenDeviceInfo SetupDiOpenDeviceInfoA
#define SetupDiGetDeviceInterfaceDetail SetupDiGetDeviceInterfaceDetailA
#define SetupDiGetDeviceRegistryProperty SetupDiGetDeviceRegistryPropertyA
#define SetupDiGetDeviceInstanceId SetupDiGetDeviceInstanceIdA
typedef SP_DEVINSTALL_PARAMS_A SP_DEVINSTALL_PARAMS;
typedef PSP_DEVINSTALL_PARAMS_A PSP_DEVINSTALL_PARAMS;
typedef PSP_FILE_CALLBACK_A PSP_FILE_CALLBACK;
#define SetupDiCreateDeviceInfoListEx SetupDiCreateDeviceInfoListExA
#define SetupDiSetDeviceRegistryProperty SetupDiSetDeviceRegistryPropertyA
#define SetupDiCreateDeviceInfo SetupDiCreateDeviceInfoA
#define SetupDiSetClassInstallParams SetupDiSetClassInstallParamsA
#define SetupDiGetDeviceInstallParams SetupDiGetDeviceInstallParamsA
#define SetupDiSetDeviceInstallParams SetupDiSetDeviceInstallParamsA
#define SetupDiCreateDevRegKey SetupDiCreateDevRegKeyA
#define SetupDiGetINFClass SetupDiGetINFClassA
#endif

NTIO_END_DECLS

#endif /* NTIO_SETUPAPI_H */
