/*
 * setupapi/devinfop.h - what the device information set sources share
 * (devinfo.c: sets and elements; devintf.c: device interfaces; devprop.c:
 * registry properties and instance IDs).
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

typedef struct _DI_DEVICE {
    DEVINST DevInst;
    GUID ClassGuid;                 /* ClassGUID of the instance key, or all zeros */
    WCHAR InstanceId[MAX_DEVICE_ID_LEN];
    ULONG QueriedCount;             /* interface classes asked of the PnP manager */
    GUID *Queried;
} DI_DEVICE, *PDI_DEVICE;

typedef struct _DI_SET {
    ULONG Magic;
    BOOL HasClass;                  /* a setup class was given: elements must match it */
    GUID ClassGuid;
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

NTIO_END_DECLS

#endif /* NTIO_DEVINFOP_H */
