/*
 * newdev.h - installing the driver of a Plug and Play device from its INF:
 * UpdateDriverForPlugAndPlayDevices and DiInstallDriver (Windows' newdev.dll).
 * In ntio they live in libsetupapi.so (docs/devinstall.md); ntio-cc links it
 * into an application that calls them, as Windows links newdev.lib.
 * ANSI (the A forms) is UTF-8 in ntio.
 */
#ifndef NTIO_NEWDEV_H
#define NTIO_NEWDEV_H

#include <windows.h>
#include <setupapi.h>

NTIO_BEGIN_DECLS

/* A window (no windows in ntio: hwndParent is accepted and unused).  The
 * same typedef as any other header that names HWND, which C allows. */
typedef struct HWND__ *HWND;

#ifndef WINNEWDEVAPI
#define WINNEWDEVAPI NTIO_EXPORT
#endif

/* UpdateDriverForPlugAndPlayDevices' InstallFlags. */
#define INSTALLFLAG_FORCE 0x00000001          /* install even over a newer driver */
#define INSTALLFLAG_READONLY 0x00000002       /* copy, rename or delete no file */
#define INSTALLFLAG_NONINTERACTIVE 0x00000004 /* fail rather than show UI (ntio shows none) */
#define INSTALLFLAG_BITS 0x00000007

/* DiInstallDriver's Flags. */
#define DIIRFLAG_FORCE_INF 0x00000002
#define DIIRFLAG_HOTPATCH 0x00000008
#define DIIRFLAG_NOBACKUP 0x00000010
#define DIIRFLAG_PRE_CONFIGURE_INF 0x00000020
#define DIIRFLAG_INSTALL_AS_SET 0x00000040

WINNEWDEVAPI BOOL WINAPI UpdateDriverForPlugAndPlayDevicesW(HWND hwndParent, LPCWSTR HardwareId,
                                                            LPCWSTR FullInfPath, DWORD InstallFlags,
                                                            PBOOL bRebootRequired);
WINNEWDEVAPI BOOL WINAPI UpdateDriverForPlugAndPlayDevicesA(HWND hwndParent, LPCSTR HardwareId,
                                                            LPCSTR FullInfPath, DWORD InstallFlags,
                                                            PBOOL bRebootRequired);
WINNEWDEVAPI BOOL WINAPI DiInstallDriverW(HWND hwndParent, LPCWSTR InfPath, DWORD Flags,
                                          PBOOL NeedReboot);
WINNEWDEVAPI BOOL WINAPI DiInstallDriverA(HWND hwndParent, LPCSTR InfPath, DWORD Flags,
                                          PBOOL NeedReboot);

#ifdef UNICODE
#define UpdateDriverForPlugAndPlayDevices UpdateDriverForPlugAndPlayDevicesW
#define DiInstallDriver DiInstallDriverW
#else
#define UpdateDriverForPlugAndPlayDevices UpdateDriverForPlugAndPlayDevicesA
#define DiInstallDriver DiInstallDriverA
#endif

NTIO_END_DECLS

#endif /* NTIO_NEWDEV_H */
