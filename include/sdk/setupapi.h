/*
 * setupapi.h - the INF functions of SetupAPI (libsetupapi.so, win32/setupapi):
 * opening INF files (and appending more to an open one), finding sections
 * and lines, and reading their fields; and the device information sets
 * (SetupDi*: devices and their interfaces, registry properties, instance
 * IDs, over cfgmgr32), with Windows' semantics and errors
 * (docs/setupapi.md).  ANSI (the A forms) is UTF-8 in ntio.
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

/* ---- sets and elements (devinfo.c) --------------------------------------------- */
WINSETUPAPI HDEVINFO WINAPI SetupDiCreateDeviceInfoList(const GUID *ClassGuid, HWND hwndParent);
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

#ifdef UNICODE
typedef SP_DEVICE_INTERFACE_DETAIL_DATA_W SP_DEVICE_INTERFACE_DETAIL_DATA;
typedef PSP_DEVICE_INTERFACE_DETAIL_DATA_W PSP_DEVICE_INTERFACE_DETAIL_DATA;
#define SetupDiGetClassDevs SetupDiGetClassDevsW
#define SetupDiOpenDeviceInfo SetupDiOpenDeviceInfoW
#define SetupDiGetDeviceInterfaceDetail SetupDiGetDeviceInterfaceDetailW
#define SetupDiGetDeviceRegistryProperty SetupDiGetDeviceRegistryPropertyW
#define SetupDiGetDeviceInstanceId SetupDiGetDeviceInstanceIdW
#else
typedef SP_DEVICE_INTERFACE_DETAIL_DATA_A SP_DEVICE_INTERFACE_DETAIL_DATA;
typedef PSP_DEVICE_INTERFACE_DETAIL_DATA_A PSP_DEVICE_INTERFACE_DETAIL_DATA;
#define SetupDiGetClassDevs SetupDiGetClassDevsA
#define SetupDiOpenDeviceInfo SetupDiOpenDeviceInfoA
#define SetupDiGetDeviceInterfaceDetail SetupDiGetDeviceInterfaceDetailA
#define SetupDiGetDeviceRegistryProperty SetupDiGetDeviceRegistryPropertyA
#define SetupDiGetDeviceInstanceId SetupDiGetDeviceInstanceIdA
#endif

NTIO_END_DECLS

#endif /* NTIO_SETUPAPI_H */
