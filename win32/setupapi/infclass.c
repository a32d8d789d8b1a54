/*
 * setupapi/infclass.c - SetupDiGetINFClass: the setup class an INF's
 * [Version] section names, its Class and ClassGUID entries, which a
 * devcon-style installer needs to make a device of that class.
 *
 * As Windows: the file is found as SetupOpenInfFile finds it (a name
 * without a path in %windir%\inf), and a missing or malformed one is the
 * open's error, before any other parameter is looked at.  Then a NULL
 * ClassGuid or ClassName, or a ClassNameSize of 0, is
 * ERROR_INVALID_PARAMETER; a ClassGUID that is not a GUID is
 * ERROR_INVALID_PARAMETER too; an INF with neither entry has no class
 * (ERROR_NO_ASSOCIATED_CLASS).  Without ClassGUID the GUID is GUID_NULL;
 * without Class the name is that of the installed class of the GUID
 * (Control\Class\{guid}'s Class value), "" when there is none.  The name
 * follows the size protocol in characters (UTF-8 bytes for the A form),
 * the NUL included: *RequiredSize is set even when it does not fit
 * (ERROR_INSUFFICIENT_BUFFER).
 */
#include "devinfop.h"
#include "setupapip.h"
#include "rtl/nls.h"

#include <stdlib.h>
#include <string.h>

/* The class of INF InfName: *ClassGuid, and *ClassName (malloc'd). */
static DWORD DipReadInfClass(PCWSTR InfName, LPGUID ClassGuid, PVOID ClassNameBuffer,
                             DWORD ClassNameSize, PWSTR *ClassName)
{
    PINF_FILE Inf;
    UINT Line = 0;
    if (!InfName)
        return ERROR_INVALID_PARAMETER;
    DWORD Error = InfpOpen(InfName, NULL, INF_STYLE_WIN4, &Inf, &Line);
    if (Error != ERROR_SUCCESS)
        return Error;
    PCWSTR Name = InfpVersionValue(Inf, L"Class", 1);
    PCWSTR Guid = InfpVersionValue(Inf, L"ClassGUID", 1);
    if (Name && !Name[0])
        Name = NULL;
    if (Guid && !Guid[0])
        Guid = NULL;
    if (!ClassGuid || !ClassNameBuffer || !ClassNameSize)
        Error = ERROR_INVALID_PARAMETER;
    else if (!Name && !Guid)
        Error = ERROR_NO_ASSOCIATED_CLASS;
    else if (Guid && !DipParseGuid(Guid, ClassGuid))
        Error = ERROR_INVALID_PARAMETER;
    if (Error == ERROR_SUCCESS) {
        if (!Guid)
            memset(ClassGuid, 0, sizeof *ClassGuid);
        if (Name) {
            *ClassName = InfpDuplicate(Name);
        } else {
            /* The name of the class installed under that GUID. */
            PWSTR Path = InfpFormat(L"%s\\%s", INFP_CLASS_PATH, Guid);
            HKEY Key;
            *ClassName = NULL;
            if (Path && RegOpenKeyExW(HKEY_LOCAL_MACHINE, Path, 0, KEY_QUERY_VALUE, &Key) ==
                            ERROR_SUCCESS) {
                *ClassName = InfpQueryString(Key, L"Class");
                RegCloseKey(Key);
            }
            if (Path && !*ClassName)
                *ClassName = InfpDuplicate(L"");
            free(Path);
        }
        if (!*ClassName)
            Error = ERROR_NOT_ENOUGH_MEMORY;
    }
    InfpClose(Inf);
    return Error;
}

WINSETUPAPI BOOL WINAPI SetupDiGetINFClassW(PCWSTR InfName, LPGUID ClassGuid, PWSTR ClassName,
                                            DWORD ClassNameSize, PDWORD RequiredSize)
{
    PWSTR Name;
    DWORD Error = DipReadInfClass(InfName, ClassGuid, ClassName, ClassNameSize, &Name);
    if (Error != ERROR_SUCCESS)
        return DipFail(Error);
    DWORD Need = (DWORD)RtlpWcslen(Name) + 1;
    if (RequiredSize)
        *RequiredSize = Need;
    if (ClassNameSize >= Need)
        memcpy(ClassName, Name, Need * sizeof(WCHAR));
    free(Name);
    return ClassNameSize >= Need ? DipSucceed() : DipFail(ERROR_INSUFFICIENT_BUFFER);
}

WINSETUPAPI BOOL WINAPI SetupDiGetINFClassA(PCSTR InfName, LPGUID ClassGuid, PSTR ClassName,
                                            DWORD ClassNameSize, PDWORD RequiredSize)
{
    PWSTR Wide, Name = NULL;
    DWORD Error = DipToWide(InfName, &Wide);
    if (Error == ERROR_SUCCESS)
        Error = DipReadInfClass(Wide, ClassGuid, ClassName, ClassNameSize, &Name);
    free(Wide);
    if (Error != ERROR_SUCCESS)
        return DipFail(Error);
    SIZE_T Chars = RtlpWcslen(Name);
    DWORD Need = DipToUtf8(Name, Chars, NULL, 0) + 1;
    if (RequiredSize)
        *RequiredSize = Need;
    if (ClassNameSize >= Need) {
        DipToUtf8(Name, Chars, ClassName, ClassNameSize);
        ClassName[Need - 1] = 0;
    }
    free(Name);
    return ClassNameSize >= Need ? DipSucceed() : DipFail(ERROR_INSUFFICIENT_BUFFER);
}
