/*
 * setupapi.h - the INF functions of SetupAPI (libsetupapi.so, win32/setupapi):
 * opening INF files (and appending more to an open one), finding sections
 * and lines, and reading their fields, with Windows' semantics and errors
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

NTIO_END_DECLS

#endif /* NTIO_SETUPAPI_H */
