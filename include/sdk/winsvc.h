/*
 * winsvc.h - the Service Control Manager API of advapi32 (OpenSCManager …).
 *
 * ntio's SCM manages driver services (SERVICE_KERNEL_DRIVER and
 * SERVICE_FILE_SYSTEM_DRIVER): their configuration is the registry's
 * HKLM\SYSTEM\CurrentControlSet\Services\NAME, shared by every process of
 * the prefix; a started driver runs in the kernel of the process that
 * started it (each ntio process has its own).  ntio cannot run user-mode
 * service programs: CreateService of a SERVICE_WIN32_* type fails with
 * ERROR_INVALID_PARAMETER.  Every function sets the last error as
 * Windows' does; ANSI is UTF-8.  docs/sc.md has the details.
 */
#ifndef NTIO_WINSVC_H
#define NTIO_WINSVC_H

#include <windows.h>

NTIO_BEGIN_DECLS

#ifndef WINADVAPI
#define WINADVAPI NTIO_EXPORT
#endif

/* The values of a service key (winnt.h). */
#include <ntio/svcdefs.h>

typedef struct SC_HANDLE__ *SC_HANDLE;
typedef SC_HANDLE *LPSC_HANDLE;
typedef struct SERVICE_STATUS_HANDLE__ *SERVICE_STATUS_HANDLE;

#define SERVICES_ACTIVE_DATABASEW L"ServicesActive"
#define SERVICES_FAILED_DATABASEW L"ServicesFailed"
#define SERVICES_ACTIVE_DATABASEA "ServicesActive"
#define SERVICES_FAILED_DATABASEA "ServicesFailed"
#define SC_GROUP_IDENTIFIERW L'+'
#define SC_GROUP_IDENTIFIERA '+'

/* ChangeServiceConfig: leave this value as it is. */
#define SERVICE_NO_CHANGE 0xffffffff

/* Service Control Manager rights (OpenSCManager). */
#define SC_MANAGER_CONNECT 0x0001
#define SC_MANAGER_CREATE_SERVICE 0x0002
#define SC_MANAGER_ENUMERATE_SERVICE 0x0004
#define SC_MANAGER_LOCK 0x0008
#define SC_MANAGER_QUERY_LOCK_STATUS 0x0010
#define SC_MANAGER_MODIFY_BOOT_CONFIG 0x0020
#define SC_MANAGER_ALL_ACCESS                                                                     \
    (STANDARD_RIGHTS_REQUIRED | SC_MANAGER_CONNECT | SC_MANAGER_CREATE_SERVICE |                  \
     SC_MANAGER_ENUMERATE_SERVICE | SC_MANAGER_LOCK | SC_MANAGER_QUERY_LOCK_STATUS |             \
     SC_MANAGER_MODIFY_BOOT_CONFIG)

/* Service rights (OpenService, CreateService). */
#define SERVICE_QUERY_CONFIG 0x0001
#define SERVICE_CHANGE_CONFIG 0x0002
#define SERVICE_QUERY_STATUS 0x0004
#define SERVICE_ENUMERATE_DEPENDENTS 0x0008
#define SERVICE_START 0x0010
#define SERVICE_STOP 0x0020
#define SERVICE_PAUSE_CONTINUE 0x0040
#define SERVICE_INTERROGATE 0x0080
#define SERVICE_USER_DEFINED_CONTROL 0x0100
#define SERVICE_ALL_ACCESS                                                                        \
    (STANDARD_RIGHTS_REQUIRED | SERVICE_QUERY_CONFIG | SERVICE_CHANGE_CONFIG |                    \
     SERVICE_QUERY_STATUS | SERVICE_ENUMERATE_DEPENDENTS | SERVICE_START | SERVICE_STOP |         \
     SERVICE_PAUSE_CONTINUE | SERVICE_INTERROGATE | SERVICE_USER_DEFINED_CONTROL)

/* Controls (ControlService). */
#define SERVICE_CONTROL_STOP 0x00000001
#define SERVICE_CONTROL_PAUSE 0x00000002
#define SERVICE_CONTROL_CONTINUE 0x00000003
#define SERVICE_CONTROL_INTERROGATE 0x00000004
#define SERVICE_CONTROL_SHUTDOWN 0x00000005
#define SERVICE_CONTROL_PARAMCHANGE 0x00000006
#define SERVICE_CONTROL_NETBINDADD 0x00000007
#define SERVICE_CONTROL_NETBINDREMOVE 0x00000008
#define SERVICE_CONTROL_NETBINDENABLE 0x00000009
#define SERVICE_CONTROL_NETBINDDISABLE 0x0000000A

/* SERVICE_STATUS.dwCurrentState */
#define SERVICE_STOPPED 0x00000001
#define SERVICE_START_PENDING 0x00000002
#define SERVICE_STOP_PENDING 0x00000003
#define SERVICE_RUNNING 0x00000004
#define SERVICE_CONTINUE_PENDING 0x00000005
#define SERVICE_PAUSE_PENDING 0x00000006
#define SERVICE_PAUSED 0x00000007

/* SERVICE_STATUS.dwControlsAccepted */
#define SERVICE_ACCEPT_STOP 0x00000001
#define SERVICE_ACCEPT_PAUSE_CONTINUE 0x00000002
#define SERVICE_ACCEPT_SHUTDOWN 0x00000004
#define SERVICE_ACCEPT_PARAMCHANGE 0x00000008
#define SERVICE_ACCEPT_NETBINDCHANGE 0x00000010
#define SERVICE_ACCEPT_HARDWAREPROFILECHANGE 0x00000020
#define SERVICE_ACCEPT_POWEREVENT 0x00000040
#define SERVICE_ACCEPT_SESSIONCHANGE 0x00000080
#define SERVICE_ACCEPT_PRESHUTDOWN 0x00000100

/* SERVICE_STATUS_PROCESS.dwServiceFlags */
#define SERVICE_RUNS_IN_SYSTEM_PROCESS 0x00000001

typedef struct _SERVICE_STATUS {
    DWORD dwServiceType;
    DWORD dwCurrentState;
    DWORD dwControlsAccepted;
    DWORD dwWin32ExitCode;
    DWORD dwServiceSpecificExitCode;
    DWORD dwCheckPoint;
    DWORD dwWaitHint;
} SERVICE_STATUS, *LPSERVICE_STATUS;

typedef struct _SERVICE_STATUS_PROCESS {
    DWORD dwServiceType;
    DWORD dwCurrentState;
    DWORD dwControlsAccepted;
    DWORD dwWin32ExitCode;
    DWORD dwServiceSpecificExitCode;
    DWORD dwCheckPoint;
    DWORD dwWaitHint;
    DWORD dwProcessId;
    DWORD dwServiceFlags;
} SERVICE_STATUS_PROCESS, *LPSERVICE_STATUS_PROCESS;

typedef enum _SC_STATUS_TYPE {
    SC_STATUS_PROCESS_INFO = 0
} SC_STATUS_TYPE;

typedef struct _QUERY_SERVICE_CONFIGA {
    DWORD dwServiceType;
    DWORD dwStartType;
    DWORD dwErrorControl;
    LPSTR lpBinaryPathName;
    LPSTR lpLoadOrderGroup;
    DWORD dwTagId;
    LPSTR lpDependencies;
    LPSTR lpServiceStartName;
    LPSTR lpDisplayName;
} QUERY_SERVICE_CONFIGA, *LPQUERY_SERVICE_CONFIGA;

typedef struct _QUERY_SERVICE_CONFIGW {
    DWORD dwServiceType;
    DWORD dwStartType;
    DWORD dwErrorControl;
    LPWSTR lpBinaryPathName;
    LPWSTR lpLoadOrderGroup;
    DWORD dwTagId;
    LPWSTR lpDependencies;
    LPWSTR lpServiceStartName;
    LPWSTR lpDisplayName;
} QUERY_SERVICE_CONFIGW, *LPQUERY_SERVICE_CONFIGW;

/* The largest buffer QueryServiceConfig ever needs (Windows documents 8K). */
#define SERVICE_CONFIG_MAX_BYTES 8192

/* Open the SCM database of the local machine: lpMachineName NULL, "" or
 * this computer's name (others: RPC_S_SERVER_UNAVAILABLE); lpDatabaseName
 * NULL or SERVICES_ACTIVE_DATABASE (SERVICES_FAILED_DATABASE:
 * ERROR_DATABASE_DOES_NOT_EXIST, anything else ERROR_INVALID_NAME).
 * Rights beyond SC_MANAGER_CONNECT, ENUMERATE_SERVICE and
 * QUERY_LOCK_STATUS need an administrator: ERROR_ACCESS_DENIED. */
WINADVAPI SC_HANDLE WINAPI OpenSCManagerA(LPCSTR lpMachineName, LPCSTR lpDatabaseName,
                                          DWORD dwDesiredAccess);
WINADVAPI SC_HANDLE WINAPI OpenSCManagerW(LPCWSTR lpMachineName, LPCWSTR lpDatabaseName,
                                          DWORD dwDesiredAccess);

/* Install a driver service (SC_MANAGER_CREATE_SERVICE).  lpBinaryPathName
 * is the image's DOS path, stored as the NT path \??\C:\... (a path that
 * already starts with \??\ or \SystemRoot\, or a relative one such as
 * System32\drivers\x.sys, is stored as given).  lpServiceStartName is the
 * driver object name (optional); lpPassword is ignored for drivers.
 * lpdwTagId must be NULL (ERROR_INVALID_PARAMETER otherwise: load-order
 * tags are not assigned). */
WINADVAPI SC_HANDLE WINAPI CreateServiceA(SC_HANDLE hSCManager, LPCSTR lpServiceName,
                                          LPCSTR lpDisplayName, DWORD dwDesiredAccess,
                                          DWORD dwServiceType, DWORD dwStartType,
                                          DWORD dwErrorControl, LPCSTR lpBinaryPathName,
                                          LPCSTR lpLoadOrderGroup, LPDWORD lpdwTagId,
                                          LPCSTR lpDependencies, LPCSTR lpServiceStartName,
                                          LPCSTR lpPassword);
WINADVAPI SC_HANDLE WINAPI CreateServiceW(SC_HANDLE hSCManager, LPCWSTR lpServiceName,
                                          LPCWSTR lpDisplayName, DWORD dwDesiredAccess,
                                          DWORD dwServiceType, DWORD dwStartType,
                                          DWORD dwErrorControl, LPCWSTR lpBinaryPathName,
                                          LPCWSTR lpLoadOrderGroup, LPDWORD lpdwTagId,
                                          LPCWSTR lpDependencies, LPCWSTR lpServiceStartName,
                                          LPCWSTR lpPassword);
WINADVAPI SC_HANDLE WINAPI OpenServiceA(SC_HANDLE hSCManager, LPCSTR lpServiceName,
                                        DWORD dwDesiredAccess);
WINADVAPI SC_HANDLE WINAPI OpenServiceW(SC_HANDLE hSCManager, LPCWSTR lpServiceName,
                                        DWORD dwDesiredAccess);
/* Load the driver into this process's kernel (SERVICE_START); arguments
 * are ignored for drivers, as on Windows. */
WINADVAPI BOOL WINAPI StartServiceA(SC_HANDLE hService, DWORD dwNumServiceArgs,
                                    LPCSTR *lpServiceArgVectors);
WINADVAPI BOOL WINAPI StartServiceW(SC_HANDLE hService, DWORD dwNumServiceArgs,
                                    LPCWSTR *lpServiceArgVectors);
/* SERVICE_CONTROL_STOP (SERVICE_STOP) unloads the driver: at once
 * (SERVICE_STOPPED) or, while files of its devices are open, when the last
 * one closes (SERVICE_STOP_PENDING until then).  SERVICE_CONTROL_INTERROGATE
 * (SERVICE_INTERROGATE) reports the state; other controls are not valid
 * for drivers (ERROR_INVALID_SERVICE_CONTROL). */
WINADVAPI BOOL WINAPI ControlService(SC_HANDLE hService, DWORD dwControl,
                                     LPSERVICE_STATUS lpServiceStatus);
WINADVAPI BOOL WINAPI QueryServiceStatus(SC_HANDLE hService, LPSERVICE_STATUS lpServiceStatus);
WINADVAPI BOOL WINAPI QueryServiceStatusEx(SC_HANDLE hService, SC_STATUS_TYPE InfoLevel,
                                           LPBYTE lpBuffer, DWORD cbBufSize,
                                           LPDWORD pcbBytesNeeded);
WINADVAPI BOOL WINAPI QueryServiceConfigA(SC_HANDLE hService,
                                          LPQUERY_SERVICE_CONFIGA lpServiceConfig, DWORD cbBufSize,
                                          LPDWORD pcbBytesNeeded);
WINADVAPI BOOL WINAPI QueryServiceConfigW(SC_HANDLE hService,
                                          LPQUERY_SERVICE_CONFIGW lpServiceConfig, DWORD cbBufSize,
                                          LPDWORD pcbBytesNeeded);
WINADVAPI BOOL WINAPI ChangeServiceConfigA(SC_HANDLE hService, DWORD dwServiceType,
                                           DWORD dwStartType, DWORD dwErrorControl,
                                           LPCSTR lpBinaryPathName, LPCSTR lpLoadOrderGroup,
                                           LPDWORD lpdwTagId, LPCSTR lpDependencies,
                                           LPCSTR lpServiceStartName, LPCSTR lpPassword,
                                           LPCSTR lpDisplayName);
WINADVAPI BOOL WINAPI ChangeServiceConfigW(SC_HANDLE hService, DWORD dwServiceType,
                                           DWORD dwStartType, DWORD dwErrorControl,
                                           LPCWSTR lpBinaryPathName, LPCWSTR lpLoadOrderGroup,
                                           LPDWORD lpdwTagId, LPCWSTR lpDependencies,
                                           LPCWSTR lpServiceStartName, LPCWSTR lpPassword,
                                           LPCWSTR lpDisplayName);
/* Mark the service for deletion (DELETE): its key goes when the last
 * handle to it in this process closes and its driver is not running here;
 * meanwhile starting or changing it fails with
 * ERROR_SERVICE_MARKED_FOR_DELETE. */
WINADVAPI BOOL WINAPI DeleteService(SC_HANDLE hService);
WINADVAPI BOOL WINAPI CloseServiceHandle(SC_HANDLE hSCObject);

#ifdef UNICODE
#define SERVICES_ACTIVE_DATABASE SERVICES_ACTIVE_DATABASEW
#define SERVICES_FAILED_DATABASE SERVICES_FAILED_DATABASEW
#define SC_GROUP_IDENTIFIER SC_GROUP_IDENTIFIERW
#define QUERY_SERVICE_CONFIG QUERY_SERVICE_CONFIGW
#define LPQUERY_SERVICE_CONFIG LPQUERY_SERVICE_CONFIGW
#define OpenSCManager OpenSCManagerW
#define CreateService CreateServiceW
#define OpenService OpenServiceW
#define StartService StartServiceW
#define QueryServiceConfig QueryServiceConfigW
#define ChangeServiceConfig ChangeServiceConfigW
#else
#define SERVICES_ACTIVE_DATABASE SERVICES_ACTIVE_DATABASEA
#define SERVICES_FAILED_DATABASE SERVICES_FAILED_DATABASEA
#define SC_GROUP_IDENTIFIER SC_GROUP_IDENTIFIERA
#define QUERY_SERVICE_CONFIG QUERY_SERVICE_CONFIGA
#define LPQUERY_SERVICE_CONFIG LPQUERY_SERVICE_CONFIGA
#define OpenSCManager OpenSCManagerA
#define CreateService CreateServiceA
#define OpenService OpenServiceA
#define StartService StartServiceA
#define QueryServiceConfig QueryServiceConfigA
#define ChangeServiceConfig ChangeServiceConfigA
#endif

NTIO_END_DECLS

#endif /* NTIO_WINSVC_H */
