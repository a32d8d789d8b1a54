/*
 * advapi32/svcp.h - the Service Control Manager's private interface
 * (service.c: handles and the service database; svcctl.c: starting,
 * stopping and status; svcconfig.c: configuration).
 *
 * ntio has no services.exe: the SCM runs inside each process.  What Windows
 * keeps in the SCM's memory is here either in the registry, shared by every
 * process of the prefix (the configuration, and DeleteFlag for a service
 * marked for deletion), or in the process's own kernel (whether the driver
 * is loaded, asked with NtQueryDriverState).  The few things that are per
 * process (handles, the last start's exit code) live in this process.
 */
#ifndef NTIO_SVCP_H
#define NTIO_SVCP_H

#include "advapi32.h"
#include <winsvc.h>
#include <ntio/list.h>

#include <pthread.h>

NTIO_BEGIN_DECLS

#define SC_MAX_NAME 256          /* service and display names, in characters */
#define SC_SERVICES_KEY L"SYSTEM\\CurrentControlSet\\Services"
#define SC_SERVICES_NT_PATH L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"

/* A service as this process knows it: one record per service name, shared
 * by every handle to it, kept for the life of the process (its exit code
 * must survive the handles).  Fields are guarded by ScLock. */
typedef struct _SC_SERVICE {
    LIST_ENTRY Link;
    ULONG Handles;               /* open service handles in this process */
    DWORD Type;                  /* SERVICE_KERNEL_DRIVER / FILE_SYSTEM_DRIVER (cached) */
    DWORD ExitCode;              /* dwWin32ExitCode when stopped */
    WCHAR Name[SC_MAX_NAME + 1]; /* as the registry key is spelled */
} SC_SERVICE, *PSC_SERVICE;

/* What an SC_HANDLE points to.  A handle is only ever looked up in the
 * list of live handles, never dereferenced first, so garbage gives
 * ERROR_INVALID_HANDLE instead of a crash. */
#define SC_MAGIC_MANAGER 0x4D526353u /* "ScRM" */
#define SC_MAGIC_SERVICE 0x76536353u /* "ScSv" */
typedef struct _SC_HANDLE_OBJECT {
    LIST_ENTRY Link;
    ULONG Magic;
    BOOLEAN Closed;              /* CloseServiceHandle ran; freed when References drops */
    LONG References;             /* the handle's own, plus one per call using it */
    ACCESS_MASK Access;          /* granted */
    PSC_SERVICE Service;         /* service handles */
} SC_HANDLE_OBJECT, *PSC_HANDLE_OBJECT;

extern pthread_mutex_t ScLock;

/* Look a handle up (Magic: which kind it must be) and reference it:
 * ERROR_SUCCESS, or ERROR_INVALID_HANDLE.  Drop it with ScDereference. */
DWORD ScReferenceHandle(SC_HANDLE Handle, ULONG Magic, PSC_HANDLE_OBJECT *Object);
VOID ScDereference(PSC_HANDLE_OBJECT Object);
/* Make a service handle for Name with Access granted. */
SC_HANDLE ScCreateServiceHandle(LPCWSTR Name, DWORD Type, ACCESS_MASK Access);

/* Map generic rights and check them against what the caller may have:
 * ERROR_SUCCESS with *Granted, ERROR_ACCESS_DENIED or
 * ERROR_PRIVILEGE_NOT_HELD (ACCESS_SYSTEM_SECURITY). */
DWORD ScGrantManagerAccess(ACCESS_MASK Desired, ACCESS_MASK *Granted);
DWORD ScGrantServiceAccess(ACCESS_MASK Desired, ACCESS_MASK *Granted);

/* The Services key (KEY_READ, or with write rights), and one service's key.
 * Registry errors are returned as they are. */
DWORD ScOpenServicesKey(REGSAM Access, HKEY *Key);
DWORD ScOpenServiceKey(LPCWSTR Name, REGSAM Access, HKEY *Key);
/* A REG_DWORD value, or Default if absent or not a DWORD. */
DWORD ScQueryDword(HKEY Key, LPCWSTR Name, DWORD Default);
/* A string value into a malloc'd buffer (NUL-terminated; a REG_MULTI_SZ
 * double-NUL-terminated); *Value = NULL if absent. */
DWORD ScQueryString(HKEY Key, LPCWSTR Name, DWORD ExpectedType, LPWSTR *Value);
/* Whether the service is marked for deletion (DeleteFlag, or its key
 * already gone). */
BOOLEAN ScIsMarkedForDelete(LPCWSTR Name);

/* The kernel's view of the driver (DRIVER_STATE_*), and the service's
 * status as QueryServiceStatus reports it. */
ULONG ScQueryDriverState(LPCWSTR Name);
VOID ScFillStatus(PSC_SERVICE Service, ULONG DriverState, LPSERVICE_STATUS Status);
/* The NT key path the kernel wants: \Registry\Machine\System\...\Services\NAME. */
VOID ScServiceKeyPath(LPCWSTR Name, PWCHAR Path, SIZE_T PathChars, PUNICODE_STRING String);

/* Name checks (CreateService, display names): ERROR_SUCCESS,
 * ERROR_INVALID_NAME. */
DWORD ScValidateServiceName(LPCWSTR Name);
/* The checks CreateService and ChangeServiceConfig share on the type,
 * start type and error control (SERVICE_NO_CHANGE allowed if Change):
 * only driver types, since ntio runs no service programs.
 * ERROR_INVALID_PARAMETER. */
DWORD ScValidateTypes(DWORD Type, DWORD Start, DWORD ErrorControl, BOOLEAN Change);
/* Case-insensitive comparison of service and display names. */
BOOLEAN ScNamesEqual(LPCWSTR A, LPCWSTR B);
/* Whether DisplayName collides with another service's name or display
 * name; Self is the service being changed (NULL for a new one). */
BOOLEAN ScDisplayNameTaken(LPCWSTR DisplayName, LPCWSTR Self);
/* A free load-order tag in Group (one more than the largest in use). */
DWORD ScNextTag(LPCWSTR Group);
/* An image path as the SCM stores it for a driver (\??\C:\..., or as
 * given); malloc'd.  ERROR_INVALID_PARAMETER for an empty or bad path. */
DWORD ScImagePathForDriver(LPCWSTR BinaryPath, LPWSTR *ImagePath);
/* Write the dependency list (a MULTI_SZ of names and +groups) as
 * DependOnService / DependOnGroup. */
DWORD ScWriteDependencies(HKEY Key, LPCWSTR Dependencies);
/* Delete the service's key and everything under it (the last handle of a
 * service marked for deletion, or one left marked by an earlier process). */
VOID ScDeleteServiceKey(LPCWSTR Name);
/* Once per process: remove services an earlier process marked for
 * deletion but could not delete (as Windows does at boot). */
VOID ScInitializeDatabase(VOID);

/* ANSI (UTF-8) multi-strings to Unicode and back; malloc'd. */
DWORD ScAnsiToUnicodeMulti(LPCSTR Ansi, LPWSTR *Unicode);
/* The strings CreateServiceA and ChangeServiceConfigA share, in UTF-16
 * (NULL stays NULL); ScFreeConfigStrings frees them whatever happened. */
typedef struct _SC_CONFIG_STRINGS_W {
    LPWSTR Display, Binary, Group, Depends, Start, Password;
} SC_CONFIG_STRINGS_W;
DWORD ScConfigStringsToUnicode(SC_CONFIG_STRINGS_W *W, LPCSTR Display, LPCSTR Binary, LPCSTR Group,
                               LPCSTR Depends, LPCSTR Start, LPCSTR Password);
VOID ScFreeConfigStrings(SC_CONFIG_STRINGS_W *W);
SIZE_T ScMultiLength(LPCWSTR Multi);   /* in characters, both NULs included */

NTIO_END_DECLS

#endif /* NTIO_SVCP_H */
