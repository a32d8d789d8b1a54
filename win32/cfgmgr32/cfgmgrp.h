/*
 * cfgmgr32/cfgmgrp.h - what cfgmgr32's sources share: the device instance
 * handle table (devinst.c), the calls into the PnP manager through
 * NtPlugPlayControl and the registry of device instances (control.c), and
 * the UTF-8 conversions of the A forms (ansi.c).
 *
 * cfgmgr32 keeps no state of the device tree: every call asks the PnP
 * manager (the tree, status, interfaces) or reads the registry
 * (Enum\<instance path>) afresh.  The one piece of state is the table of
 * DEVINST handles, which maps small numbers to instance paths for the life
 * of the process, as Windows' string table does.
 */
#ifndef NTIO_CFGMGRP_H
#define NTIO_CFGMGRP_H

#include <windows.h>
#include <cfgmgr32.h>
#include "rtl/nls.h"

#include <stdlib.h>
#include <string.h>

NTIO_BEGIN_DECLS

/* The root of the device tree: always DEVINST 1, instance path HTREE\ROOT\0. */
#define CMP_ROOT_DEVINST 1
#define CMP_ROOT_ID L"HTREE\\ROOT\\0"

/* Device instances in the registry, below HKEY_LOCAL_MACHINE. */
#define CMP_ENUM_KEY L"SYSTEM\\CurrentControlSet\\Enum\\"

/* An instance path with its NUL (MAX_DEVICE_ID_LEN characters). */
typedef WCHAR CMP_PATH[MAX_DEVICE_ID_LEN];

/* ---- device instance handles (devinst.c) ---------------------------------------- */

/* TRUE if Id has the form of a device instance ID: three non-empty parts
 * separated by backslashes, shorter than MAX_DEVICE_ID_LEN, of printable
 * ASCII characters other than space and comma. */
BOOL CmpIsValidDeviceId(PCWSTR Id);

/* The handle of an instance path (case-insensitive), made if new.
 * CR_OUT_OF_MEMORY is the only failure. */
CONFIGRET CmpDevInstFromPath(PCWSTR Path, PDEVINST DevInst);

/* The instance path of a handle: CR_INVALID_DEVNODE for one never handed out. */
CONFIGRET CmpPathFromDevInst(DEVINST DevInst, CMP_PATH Path);

/* ---- the PnP manager and the registry (control.c) --------------------------------- */

/* A UNICODE_STRING over Text (not copied), for NtPlugPlayControl's structures. */
VOID CmpInitString(PUNICODE_STRING String, PCWSTR Text);

/* The CONFIGRET for an NTSTATUS of NtPlugPlayControl. */
CONFIGRET CmpStatusToConfigRet(NTSTATUS Status);

/* PlugPlayControlEnumerateDevice, RegisterNewDevice, StartDevice on Path. */
NTSTATUS CmpDeviceAction(PLUGPLAY_CONTROL_CLASS Class, PCWSTR Path);

/* DN_* and CM_PROB_* of a device in the tree; STATUS_NO_SUCH_DEVICE if it
 * is not there. */
NTSTATUS CmpQueryStatus(PCWSTR Path, PULONG DnStatus, PULONG Problem);

/* A device in the tree: TRUE; only in the registry (or nowhere): FALSE. */
BOOL CmpIsPresent(PCWSTR Path);

/* Parent, first child or next sibling (PNP_GET_*) in the tree. */
NTSTATUS CmpQueryRelated(PCWSTR Path, ULONG Relation, CMP_PATH Related);

/* Query-remove and remove (PlugPlayControlQueryAndRemoveDevice) or disable
 * (PlugPlayControlDisableDevice); a veto's type and name come back in
 * *VetoType and Veto (MAX_PATH characters). */
NTSTATUS CmpRemoveDevice(PLUGPLAY_CONTROL_CLASS Class, PCWSTR Path, PULONG VetoType,
                         WCHAR Veto[MAX_PATH]);

/* Open HKLM\SYSTEM\CurrentControlSet\Enum\<Path>: a Win32 error. */
LONG CmpOpenInstanceKey(PCWSTR Path, REGSAM Access, PHKEY Key);

/* ConfigFlags of the instance key, with Set bits set and Clear bits cleared
 * (a missing value counts as 0; it is written only when it changes); *Old
 * (optional) gets the value before.  CR_NO_SUCH_DEVNODE: no instance key. */
CONFIGRET CmpUpdateConfigFlags(PCWSTR Path, DWORD Set, DWORD Clear, PDWORD Old);

/* ---- ANSI (UTF-8) for the A forms (ansi.c) --------------------------------------- */

/* A device instance ID argument: NULL and "" stay empty (Wide[0] = 0);
 * one that does not fit in CMP_PATH is CR_INVALID_DEVICE_ID. */
CONFIGRET CmpAnsiToPath(PCSTR Ansi, CMP_PATH Wide, BOOL *Given);

/* UTF-16 (Chars units, NULs included) into UTF-8 in malloc'd memory;
 * *Bytes gets its length.  NULL when out of memory. */
PSTR CmpWideToAnsi(PCWSTR Wide, SIZE_T Chars, PULONG Bytes);

NTIO_END_DECLS

#endif /* NTIO_CFGMGRP_H */
