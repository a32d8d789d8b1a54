/*
 * tools/devcon/devcon.h - ntio-devcon (`ntio devcon`), Windows' Device
 * Console on ntio's Plug and Play stack: the Configuration Manager API
 * (cfgmgr32) for the device tree, SetupAPI's device installation functions
 * (SetupDiCreateDeviceInfo, SetupDiCallClassInstaller with
 * DIF_REGISTERDEVICE, DIF_REMOVE and DIF_PROPERTYCHANGE, newdev's
 * UpdateDriverForPlugAndPlayDevices) for install, update, remove, enable,
 * disable and restart, as Microsoft's devcon sample calls them, and the
 * registry for what devcon reads from it (class keys, software keys,
 * services).  Strings are UTF-16 inside, UTF-8
 * in arguments and on the terminal.  Output and exit codes are devcon's.
 */
#ifndef NTIO_TOOLS_DEVCON_H
#define NTIO_TOOLS_DEVCON_H

#include <windows.h>
#include <cfgmgr32.h>
#include <setupapi.h>

#include <stdio.h>

/* devcon's exit codes. */
#define DC_EXIT_OK 0     /* success */
#define DC_EXIT_REBOOT 1 /* success, but a restart or reboot is needed */
#define DC_EXIT_FAIL 2   /* failure ("devcon failed.") */
#define DC_EXIT_USAGE 3  /* syntax error ("devcon: Invalid use of CMD.") */

#define DC_ENUM_KEY L"SYSTEM\\CurrentControlSet\\Enum"
#define DC_CLASS_KEY L"SYSTEM\\CurrentControlSet\\Control\\Class"
#define DC_SERVICES_KEY L"SYSTEM\\CurrentControlSet\\Services"

/* One device a command acts on. */
typedef struct _DC_DEVICE {
    PWSTR Id;      /* instance ID, malloc'd */
    DEVINST Dev;   /* from CM_Locate_DevNode (PHANTOM for a non-present one) */
    BOOL Present;  /* in the device tree */
} DC_DEVICE;

typedef struct _DC_LIST {
    DC_DEVICE *Items;
    ULONG Count, Capacity;
} DC_LIST;

/* A command: argc/argv are the arguments after its name (UTF-16). */
typedef int (*DC_COMMAND)(int argc, PWSTR *argv);

/* enum.c: the devices that `<id> [<id>...]` or `=<class> [<id>...]`
 * select, as devcon parses them: `*` is every device, `@` an instance ID,
 * `'` a literal ID, and `*` inside an ID a wildcard; several IDs are
 * alternatives.  All: also the devices that are only in the registry
 * (findall).  Returns DC_EXIT_OK or DC_EXIT_FAIL (out of memory, the tree
 * cannot be read); an empty list is success. */
int DcSelectDevices(int argc, PWSTR *argv, BOOL All, DC_LIST *List);
void DcFreeList(DC_LIST *List);
/* devcon's wildcard match: case-insensitive, `*` any run of characters. */
BOOL DcWildMatch(PCWSTR Item, PCWSTR Pattern, BOOL Literal);

/* Properties of a device instance (CM_DRP_*), malloc'd; NULL when unset or
 * of another type. */
PWSTR DcGetString(DEVINST Dev, ULONG Property);
PWSTR DcGetMultiSz(DEVINST Dev, ULONG Property);
/* FriendlyName, else DeviceDesc (devcon's description), or NULL. */
PWSTR DcGetDescription(DEVINST Dev);
/* A registry value of HKLM\Path as a malloc'd string (REG_SZ, REG_EXPAND_SZ
 * unexpanded) or MULTI_SZ (Type selects), NULL when absent. */
PWSTR DcRegString(PCWSTR Path, PCWSTR Value, DWORD Type);

/* main.c: output helpers */
/* "<instance>: <text>" padded as devcon pads it (%-60s). */
void DcPrintWithInfo(PCWSTR Id, PCWSTR Info);
/* Four spaces per level, then Text and a newline. */
void DcPrintPadded(int Pad, PCWSTR Format, ...);
/* The text of a Win32 error, as Windows' message table words it. */
const char *DcErrorText(DWORD Error);
/* "No matching devices found." / "N matching device(s) found." */
void DcPrintFindTail(ULONG Count);

/* query.c */
int DcFind(int argc, PWSTR *argv);
int DcFindAll(int argc, PWSTR *argv);
int DcStatus(int argc, PWSTR *argv);
int DcHwIds(int argc, PWSTR *argv);
int DcStack(int argc, PWSTR *argv);
int DcDriverFiles(int argc, PWSTR *argv);
int DcClasses(int argc, PWSTR *argv);
int DcListClass(int argc, PWSTR *argv);

/* control.c */
int DcEnable(int argc, PWSTR *argv);
int DcDisable(int argc, PWSTR *argv);
int DcRestart(int argc, PWSTR *argv);
int DcRescan(int argc, PWSTR *argv);

/* install.c */
int DcInstall(int argc, PWSTR *argv);
/* Whether the installation parameters of Device (an element of Set) ask
 * for a restart (DI_NEEDREBOOT, DI_NEEDRESTART) after a request. */
BOOL DcNeedsReboot(HDEVINFO Set, PSP_DEVINFO_DATA Device);
int DcUpdate(int argc, PWSTR *argv);
int DcRemove(int argc, PWSTR *argv);

#endif /* NTIO_TOOLS_DEVCON_H */
