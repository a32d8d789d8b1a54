/*
 * setupapi/infsvc.c - a DDInstall.Services section: AddService and
 * DelService (learn.microsoft.com "INF AddService Directive", "INF
 * DDInstall.Services Section").
 *
 *   AddService = ServiceName,[flags],service-install-section[,event-log-install-section...]
 *   DelService = ServiceName[,[flags][,[event-log-section]...]]
 *
 * The service-install section gives ServiceType, StartType, ErrorControl
 * and ServiceBinary (required), DisplayName, Description, LoadOrderGroup,
 * Dependencies, StartName, and AddReg/DelReg whose HKR is the service key.
 * Services go through advapi32's SCM (CreateServiceW, or
 * ChangeServiceConfigW for one that exists, keeping what the
 * SPSVCINST_NOCLOBBER_* flags protect), so they are stored exactly as the
 * SCM stores any driver service.  A ServiceBinary under %windir% is written
 * \SystemRoot\... as Windows writes it (%12%\x.sys ->
 * \SystemRoot\System32\drivers\x.sys).
 */
#include "setupapip.h"
#include "rtl/nls.h"

#include <stdlib.h>
#include <string.h>

/* A value of the service-install section (first line keyed Key), or NULL. */
static PCWSTR InfpServiceValue(PCINFP_INSTALL Install, PCWSTR Section, PCWSTR Key, PINFCONTEXT Ctx)
{
    PCINF_LINE Line = InfpFindFirstLine(Install->Inf, Section, Key, Ctx);
    return Line ? InfpLineField(Line, 1) : NULL;
}

/* The ImagePath form of a ServiceBinary: DIRIDs expanded, and a path under
 * %windir% made \SystemRoot\... */
static DWORD InfpServiceBinary(PCINFP_INSTALL Install, PCWSTR Binary, PWSTR *Out)
{
    PWSTR Path;
    DWORD Error = InfpExpandDirids(Install, Binary, &Path);
    if (Error)
        return Error;
    WCHAR Windows[MAX_PATH];
    UINT n = GetWindowsDirectoryW(Windows, MAX_PATH);
    SIZE_T Length = RtlpWcslen(Path);
    if (n && n < MAX_PATH && Length > n && Path[n] == L'\\') {
        WCHAR Saved = Path[n];
        Path[n] = 0;
        BOOL Under = !InfpCompareNames(Path, Windows);
        Path[n] = Saved;
        if (Under) {
            /* Windows' own spelling of system32 and drivers. */
            PCWSTR Rest = Path + n + 1;
            PCWSTR Tail = Rest;
            PCWSTR Prefix = L"";
            static const WCHAR Sys[] = L"system32\\";
            static const WCHAR Drv[] = L"system32\\drivers\\";
            PWSTR Lower = InfpDuplicate(Rest);
            if (Lower) {
                for (PWSTR p = Lower; *p; p++)
                    if (*p >= L'A' && *p <= L'Z')
                        *p += 32;
                SIZE_T dn = RTL_NUMBER_OF(Drv) - 1, sn = RTL_NUMBER_OF(Sys) - 1;
                if (RtlpWcslen(Lower) > dn && !memcmp(Lower, Drv, dn * sizeof(WCHAR))) {
                    Prefix = L"System32\\drivers\\";
                    Tail = Rest + dn;
                } else if (RtlpWcslen(Lower) > sn && !memcmp(Lower, Sys, sn * sizeof(WCHAR))) {
                    Prefix = L"System32\\";
                    Tail = Rest + sn;
                }
                free(Lower);
            }
            *Out = InfpFormat(L"\\SystemRoot\\%s%s", Prefix, Tail);
            free(Path);
            return *Out ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
        }
    }
    *Out = Path;
    return ERROR_SUCCESS;
}

static DWORD InfpRequiredDword(PCINFP_INSTALL Install, const INF_MERGED_LINE *Directive,
                               PCWSTR Section, PCWSTR Key, DWORD *Value)
{
    INFCONTEXT Ctx;
    PCWSTR Text = InfpServiceValue(Install, Section, Key, &Ctx);
    char k[64], s[300];
    if (!Text) {
        InfpReportLine(Directive, "AddService: [%s] has no %s", InfpNarrow(Section, s, sizeof s),
                       InfpNarrow(Key, k, sizeof k));
        return ERROR_BAD_SERVICE_INSTALLSECT;
    }
    if (!InfpParseInteger(Text, Value)) {
        INF_MERGED_LINE Where;
        InfpMergedFromContext(&Ctx, Section, &Where);
        InfpReportLine(&Where, "%s: not a number", InfpNarrow(Key, k, sizeof k));
        return ERROR_BAD_SERVICE_INSTALLSECT;
    }
    return ERROR_SUCCESS;
}

/* The service key, for the section's AddReg/DelReg (HKR) and Description. */
static DWORD InfpOpenServiceKey(PCWSTR Name, HKEY *Key)
{
    PWSTR Path = InfpFormat(L"SYSTEM\\CurrentControlSet\\Services\\%s", Name);
    if (!Path)
        return ERROR_NOT_ENOUGH_MEMORY;
    DWORD Error = (DWORD)RegOpenKeyExW(HKEY_LOCAL_MACHINE, Path, 0, KEY_ALL_ACCESS, Key);
    free(Path);
    return Error;
}

static DWORD InfpAddService(PCINFP_INSTALL Install, const INF_MERGED_LINE *Directive, PCWSTR Name,
                            DWORD Flags, PCWSTR Section)
{
    DWORD Type, Start, ErrorControl, Error;
    INFCONTEXT Ctx;
    char s[300];

    if (!Section || !Section[0] || !InfpSectionExists(Install->Inf, Section)) {
        InfpReportLine(Directive, "AddService: no service-install section [%s]",
                       InfpNarrow(Section ? Section : L"", s, sizeof s));
        return ERROR_SECTION_NOT_FOUND;
    }
    if ((Error = InfpRequiredDword(Install, Directive, Section, L"ServiceType", &Type)) ||
        (Error = InfpRequiredDword(Install, Directive, Section, L"StartType", &Start)) ||
        (Error = InfpRequiredDword(Install, Directive, Section, L"ErrorControl", &ErrorControl)))
        return Error;
    PCWSTR Binary = InfpServiceValue(Install, Section, L"ServiceBinary", &Ctx);
    if (!Binary || !Binary[0]) {
        InfpReportLine(Directive, "AddService: [%s] has no ServiceBinary",
                       InfpNarrow(Section, s, sizeof s));
        return ERROR_BAD_SERVICE_INSTALLSECT;
    }
    PCWSTR Display = InfpServiceValue(Install, Section, L"DisplayName", &Ctx);
    PCWSTR Description = InfpServiceValue(Install, Section, L"Description", &Ctx);
    PCWSTR Group = InfpServiceValue(Install, Section, L"LoadOrderGroup", &Ctx);
    PCWSTR StartName = InfpServiceValue(Install, Section, L"StartName", &Ctx);
    PWSTR Dependencies = NULL;
    PCINF_LINE DepLine = InfpFindFirstLine(Install->Inf, Section, L"Dependencies", &Ctx);
    if (DepLine) {
        SIZE_T Chars = 1;
        for (ULONG i = 1; i <= DepLine->FieldCount; i++)
            Chars += RtlpWcslen(InfpLineField(DepLine, i)) + 1;
        Dependencies = calloc(Chars + 1, sizeof(WCHAR));
        if (!Dependencies)
            return ERROR_NOT_ENOUGH_MEMORY;
        SIZE_T Used = 0;
        for (ULONG i = 1; i <= DepLine->FieldCount; i++) {
            PCWSTR d = InfpLineField(DepLine, i);
            SIZE_T n = RtlpWcslen(d);
            if (!n)
                continue;
            memcpy(Dependencies + Used, d, (n + 1) * sizeof(WCHAR));
            Used += n + 1;
        }
    }
    PWSTR ImagePath = NULL;
    Error = InfpServiceBinary(Install, Binary, &ImagePath);
    SC_HANDLE Manager = NULL, Service = NULL;
    if (!Error) {
        Manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS);
        if (!Manager)
            Error = GetLastError();
    }
    if (!Error) {
        Service = CreateServiceW(Manager, Name, Display, SERVICE_ALL_ACCESS, Type, Start,
                                 ErrorControl, ImagePath, Group, NULL, Dependencies, StartName, NULL);
        if (!Service && GetLastError() == ERROR_SERVICE_EXISTS) {
            Service = OpenServiceW(Manager, Name, SERVICE_ALL_ACCESS);
            if (Service &&
                !ChangeServiceConfigW(
                    Service, Type, (Flags & SPSVCINST_NOCLOBBER_STARTTYPE) ? SERVICE_NO_CHANGE : Start,
                    (Flags & SPSVCINST_NOCLOBBER_ERRORCONTROL) ? SERVICE_NO_CHANGE : ErrorControl,
                    ImagePath, (Flags & SPSVCINST_NOCLOBBER_LOADORDERGROUP) ? NULL : (Group ? Group : L""),
                    NULL,
                    (Flags & SPSVCINST_NOCLOBBER_DEPENDENCIES) ? NULL
                                                               : (Dependencies ? Dependencies : L"\0"),
                    StartName, NULL,
                    (Flags & SPSVCINST_NOCLOBBER_DISPLAYNAME) ? NULL : Display)) {
                Error = GetLastError();
            }
        }
        if (!Service && !Error)
            Error = GetLastError();
        if (Error) {
            InfpReportLine(Directive, "AddService: cannot install service (error %u)", (unsigned)Error);
        }
    }
    /* Description, and the section's own registry directives on the service key. */
    HKEY Key = NULL;
    if (!Error)
        Error = InfpOpenServiceKey(Name, &Key);
    if (!Error && Description && Description[0] &&
        !((Flags & SPSVCINST_NOCLOBBER_DESCRIPTION) &&
          RegQueryValueExW(Key, L"Description", NULL, NULL, NULL, NULL) == ERROR_SUCCESS))
        Error = RegSetValueExW(Key, L"Description", 0, REG_SZ, (const BYTE *)Description,
                               (DWORD)((RtlpWcslen(Description) + 1) * sizeof(WCHAR)));
    if (!Error)
        Error = InfpRunInstallSection(Install, Section, Key, INFP_DO_REGISTRY);
    if (Key)
        RegCloseKey(Key);
    if (Service)
        CloseServiceHandle(Service);
    if (Manager)
        CloseServiceHandle(Manager);
    free(ImagePath);
    free(Dependencies);
    return Error;
}

static DWORD InfpDelService(PCWSTR Name, DWORD Flags)
{
    SC_HANDLE Manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    if (!Manager)
        return GetLastError();
    DWORD Error = ERROR_SUCCESS;
    SC_HANDLE Service = OpenServiceW(Manager, Name, SERVICE_ALL_ACCESS);
    if (Service) {
        if (Flags & SPSVCINST_STOPSERVICE) {
            SERVICE_STATUS Status;
            ControlService(Service, SERVICE_CONTROL_STOP, &Status);
        }
        if (!DeleteService(Service) && GetLastError() != ERROR_SERVICE_MARKED_FOR_DELETE)
            Error = GetLastError();
        CloseServiceHandle(Service);
    } else if (GetLastError() != ERROR_SERVICE_DOES_NOT_EXIST) {
        Error = GetLastError();
    }
    CloseServiceHandle(Manager);
    return Error;
}

DWORD InfpInstallServices(PCINFP_INSTALL Install, PCWSTR Section, PWSTR *AssociatedService)
{
    INF_LINE_LIST List;
    *AssociatedService = NULL;
    DWORD Error = InfpGetInstallSectionLines(Install->Inf, Section, &List);
    if (Error == ERROR_SECTION_NOT_FOUND)
        return ERROR_SUCCESS; /* no .Services section: nothing to do */
    if (Error)
        return Error;
    for (ULONG i = 0; i < List.Count && !Error; i++) {
        const INF_MERGED_LINE *l = &List.Lines[i];
        PCWSTR Key = l->Line->Key;
        BOOL Add = Key && !InfpCompareNames(Key, L"AddService");
        BOOL Del = Key && !InfpCompareNames(Key, L"DelService");
        if (!Add && !Del)
            continue;
        PCWSTR Name = InfpLineField(l->Line, 1);
        PCWSTR FlagText = InfpLineField(l->Line, 2);
        DWORD Flags = 0;
        if (FlagText && !InfpParseInteger(FlagText, &Flags)) {
            InfpReportLine(l, "%s: bad flags", Add ? "AddService" : "DelService");
            Error = ERROR_INVALID_DATA;
            break;
        }
        if (Add && (Flags & SPSVCINST_ASSOCSERVICE)) {
            free(*AssociatedService);
            *AssociatedService = InfpDuplicate(Name ? Name : L"");
            if (!*AssociatedService)
                Error = ERROR_NOT_ENOUGH_MEMORY;
        }
        if (Error || !Name || !Name[0])
            continue; /* "AddService = ,2": the null driver */
        Error = Add ? InfpAddService(Install, l, Name, Flags, InfpLineField(l->Line, 3))
                    : InfpDelService(Name, Flags);
    }
    InfpFreeLineList(&List);
    if (Error) {
        free(*AssociatedService);
        *AssociatedService = NULL;
    }
    return Error;
}
