/*
 * setupapi/devinfop.h - what the device information set sources share
 * (devinfo.c: sets and elements; devintf.c: device interfaces; devprop.c:
 * registry properties and instance IDs; devcreate.c: new elements and their
 * registration; instparams.c, classinst.c, devstate.c: installation
 * requests; devregkey.c: a device's registry keys).
 *
 * An HDEVINFO is a PDI_SET.  A set holds device information elements
 * (DI_DEVICE), each with the device interfaces found for it (DI_INTERFACE).
 * Elements and interfaces are allocated one by one and never move or go
 * before the set is destroyed, so the Reserved member of an SP_DEVINFO_DATA
 * or SP_DEVICE_INTERFACE_DATA is the element's or interface's address; it
 * is only trusted after DipFindDevice / DipFindInterface found it in the
 * set.  Every set lives on a process-wide list, so that a handle that is
 * not a live set (a stale or made-up pointer) gets ERROR_INVALID_HANDLE
 * instead of a crash.
 *
 * Locking: DI_SET.Lock guards the set's device and interface arrays (the
 * SetupDi functions may be called on one set from several threads, as on
 * Windows; they grow when SetupDiOpenDeviceInfo adds an element or
 * SetupDiEnumDeviceInterfaces asks a device for a class not yet asked).
 * Destroying a set while another thread uses it is the caller's bug, as on
 * Windows.
 */
#ifndef NTIO_DEVINFOP_H
#define NTIO_DEVINFOP_H

#include <windows.h>
#include <setupapi.h>
#include <cfgmgr32.h>
#include <pthread.h>

NTIO_BEGIN_DECLS

#define DI_SET_MAGIC 0x49564544u /* "DEVI" */

typedef struct _DI_INTERFACE {
    GUID Class;
    DWORD Flags;            /* SPINT_ACTIVE when enabled */
    PWSTR Path;             /* \\?\ROOT#NTIOECHO#0000#{guid}[\ref] */
    struct _DI_DEVICE *Device;
} DI_INTERFACE, *PDI_INTERFACE;

/* A registry value of an element not yet registered: the instance key
 * does not exist until DIF_REGISTERDEVICE, so its values wait here. */
typedef struct _DI_VALUE {
    PCWSTR Name;                    /* the instance key's value (a static string) */
    DWORD Type;
    DWORD Bytes;
    PBYTE Data;                     /* malloc'd */
} DI_VALUE, *PDI_VALUE;

/* The installation parameters of a set or an element. */
typedef struct _DI_INSTALL {
    SP_DEVINSTALL_PARAMS_W Params;  /* SetupDi[GS]etDeviceInstallParams */
    PSP_CLASSINSTALL_HEADER Class;  /* SetupDiSetClassInstallParams' copy, malloc'd, or NULL */
    DWORD ClassBytes;
} DI_INSTALL, *PDI_INSTALL;

typedef struct _DI_DEVICE {
    DEVINST DevInst;                /* 0 while Phantom */
    GUID ClassGuid;                 /* ClassGUID of the instance key, or all zeros */
    WCHAR InstanceId[MAX_DEVICE_ID_LEN];
    ULONG QueriedCount;             /* interface classes asked of the PnP manager */
    GUID *Queried;
    /* SetupDiCreateDeviceInfo made it and it is not registered yet: the
     * device exists only here (ntio's root enumerator would report any key
     * under Enum\ROOT as a device, so none is written before registration). */
    BOOL Phantom;
    BOOL Removed;                   /* SetupDiRemoveDevice took the device away */
    ULONG ValueCount;               /* Phantom: the values its key will get */
    PDI_VALUE Values;
    DI_INSTALL Install;
} DI_DEVICE, *PDI_DEVICE;

typedef struct _DI_SET {
    ULONG Magic;
    BOOL HasClass;                  /* a setup class was given: elements must match it */
    GUID ClassGuid;
    DI_INSTALL Install;             /* the set's own installation parameters */
    pthread_mutex_t Lock;
    ULONG DeviceCount, DeviceCapacity;
    PDI_DEVICE *Devices;            /* in the order they were added */
    ULONG InterfaceCount, InterfaceCapacity;
    PDI_INTERFACE *Interfaces;      /* in the order they were found */
    struct _DI_SET *Next;           /* the list of live sets */
} DI_SET, *PDI_SET;

/* Fail with a Win32 error (FALSE), or succeed (TRUE, last error cleared). */
BOOL DipFail(DWORD Error);
BOOL DipSucceed(VOID);

/* The set of a handle, or NULL (ERROR_INVALID_HANDLE set) when it is not a
 * live set. */
PDI_SET DipSetFromHandle(HDEVINFO Handle);

/* The element an SP_DEVINFO_DATA names in Set (its cbSize checked), or
 * NULL with ERROR_INVALID_PARAMETER. */
PDI_DEVICE DipFindDevice(PDI_SET Set, PSP_DEVINFO_DATA Data);

/* Fill an SP_DEVINFO_DATA for Device (cbSize already checked). */
VOID DipFillDeviceData(PDI_DEVICE Device, PSP_DEVINFO_DATA Data);

/* The end of a call that added Device to its set: fill the optional Data,
 * whose wrong cbSize is ERROR_INVALID_USER_BUFFER with the element added
 * all the same (documented); else success. */
BOOL DipReturnElement(PDI_DEVICE Device, PSP_DEVINFO_DATA Data);

/* The set and element of a handle and an SP_DEVINFO_DATA, or NULL with
 * the last error: ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER. */
PDI_DEVICE DipElementOf(HDEVINFO Handle, PSP_DEVINFO_DATA Data, PDI_SET *Set);

/* A new element's common part: Install initialized.  NULL when out of memory. */
PDI_DEVICE DipNewDevice(VOID);

/* Free an element (not, or no longer, in a set). */
VOID DipFreeDevice(PDI_DEVICE Device);

/* Append a new element to Set; Lock held.  ERROR_NOT_ENOUGH_MEMORY. */
DWORD DipInsertLocked(PDI_SET Set, PDI_DEVICE Device);

/* TRUE when an element not yet registered, of any live set, is Id. */
BOOL DipPhantomExists(PCWSTR Id);

/* The SetupAPI error of a cfgmgr32 result: ERROR_NO_SUCH_DEVINST for a
 * device that is not there, ERROR_INVALID_DEVINST_NAME, ERROR_NOT_DISABLEABLE ... */
DWORD DipErrorOfConfigRet(CONFIGRET Cr);

/* Locate an instance ID ("" is the root) as cfgmgr32 does: ERROR_SUCCESS,
 * ERROR_INVALID_DEVINST_NAME, ERROR_NO_SUCH_DEVINST. */
DWORD DipLocate(PCWSTR Id, BOOL Present, PDEVINST DevInst);

/* TRUE when the enumerator (the first part of instance ID Id) is
 * Enumerator, compared without case. */
BOOL DipEnumeratorIs(PCWSTR Id, PCWSTR Enumerator);

/* Add the device of instance path Id to Set (or find it there); Present
 * asks for a device in the tree.  A Win32 error: ERROR_NO_SUCH_DEVINST for
 * no such device, ERROR_INVALID_DEVINST_NAME for a malformed ID,
 * ERROR_CLASS_MISMATCH when the set's class is another. */
DWORD DipAddDevice(PDI_SET Set, PCWSTR Id, BOOL Present, PDI_DEVICE *Device);

/* Ask the PnP manager for Device's interfaces of Class (once per class and
 * device) and add them to Set; AllDevices adds the registered but disabled
 * ones too.  Called with Set->Lock held.  A Win32 error. */
DWORD DipQueryInterfaces(PDI_SET Set, PDI_DEVICE Device, const GUID *Class, BOOL AllDevices);

/* Number of interfaces of Device (any class) in Set; Lock held. */
ULONG DipInterfaceCountOf(PDI_SET Set, PDI_DEVICE Device);

/* The interface classes recorded under Control\DeviceClasses (malloc'd). */
DWORD DipInterfaceClasses(GUID **Classes, PULONG Count);

/* Parse "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" (any case): TRUE if it is one. */
BOOL DipParseGuid(PCWSTR Text, GUID *Guid);
/* A GUID as the registry writes it, "{...}" in lower case (malloc'd; NULL
 * when out of memory). */
PWSTR DipGuidText(const GUID *Guid);

/* Case-insensitive comparison of IDs and paths (ASCII case: IDs are ASCII). */
static inline int DipCompareNoCase(PCWSTR a, PCWSTR b)
{
    for (;; a++, b++) {
        WCHAR x = *a >= L'a' && *a <= L'z' ? (WCHAR)(*a - 32) : *a;
        WCHAR y = *b >= L'a' && *b <= L'z' ? (WCHAR)(*b - 32) : *b;
        if (x != y)
            return x < y ? -1 : 1;
        if (!x)
            return 0;
    }
}

static inline BOOL DipHasChar(PCWSTR s, WCHAR c)
{
    for (; *s; s++) {
        if (*s == c)
            return TRUE;
    }
    return FALSE;
}

/* UTF-8 (the A forms) to UTF-16, malloc'd; NULL in gives NULL out. */
DWORD DipToWide(PCSTR Ansi, PWSTR *Wide);

/* Chars UTF-16 units as UTF-8 into Buffer (Bytes long, may be NULL): the
 * number of bytes they take, written only when they fit. */
DWORD DipToUtf8(PCWSTR Wide, SIZE_T Chars, PSTR Buffer, DWORD Bytes);

/* ---- installation (instparams.c) ------------------------------------------------------- */

/* Fresh installation parameters. */
VOID DipInitInstall(PDI_INSTALL Install);
VOID DipFreeInstall(PDI_INSTALL Install);

/* The class install parameters in force for Function on Device (else on
 * Set), copied to Params (Bytes long): FALSE with ERROR_NO_CLASSINSTALL_PARAMS
 * when there are none of that request. */
BOOL DipClassParams(PDI_SET Set, PDI_DEVICE Device, DI_FUNCTION Function, PVOID Params,
                    DWORD Bytes);

/* Flags |= DI_NEEDREBOOT on Device's installation parameters (a restart of
 * the device or the system finishes the request). */
VOID DipNeedReboot(PDI_SET Set, PDI_DEVICE Device);

/* ---- an element's values (devprop.c) --------------------------------------------------- */

/* Forget the values an element kept (Lock held, or the element in no set). */
VOID DipFreeValues(PDI_DEVICE Device);

/* Record (Data NULL: forget) a value of a Phantom element; Lock not held. */
DWORD DipSetPendingValue(PDI_SET Set, PDI_DEVICE Device, PCWSTR Name, DWORD Type,
                         const VOID *Data, DWORD Bytes);

NTIO_END_DECLS

#endif /* NTIO_DEVINFOP_H */
