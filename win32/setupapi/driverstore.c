/*
 * setupapi/driverstore.c - staging a driver package (what DiInstallDriver
 * and UpdateDriverForPlugAndPlayDevices do before they install it).
 *
 *   %windir%\INF\oemN.inf            the INF, under the next free N; an INF
 *                                    with the same bytes already staged
 *                                    keeps its oemN.inf
 *   %windir%\System32\DriverStore\FileRepository\<name>_amd64_<hash>\
 *                                    the INF and every file its
 *                                    SourceDisksFiles(.amd64) lists, in
 *                                    their subdirectories
 *   HKLM\DRIVERS\DriverDatabase      as Windows 10 records it:
 *     DriverInfFiles\oemN.inf        (default) REG_MULTI_SZ: the package id
 *     DriverPackages\<package id>    (default) oemN.inf, Provider, DriverVer,
 *                                    and ntio's FileRepository directory
 *     DeviceIds\<id>                 one value per INF that lists the id:
 *                                    name oemN.inf, REG_BINARY 4 bytes, 0
 *                                    for a hardware id field, 1 for a
 *                                    compatible id field
 *
 * so that a device can later be matched to a staged INF by its IDs.
 */
#include "setupapip.h"
#include "rtl/nls.h"
#include <ntio/ntpnp.h>

#include <stdlib.h>
#include <string.h>

#define INFP_DRIVER_DATABASE L"DRIVERS\\DriverDatabase"

static DWORD InfpReadWholeFile(PCWSTR Path, BYTE **Data, DWORD *Bytes)
{
    *Data = NULL;
    *Bytes = 0;
    HANDLE h = CreateFileW(Path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return GetLastError();
    DWORD Size = GetFileSize(h, NULL), Read = 0, Error = ERROR_SUCCESS;
    BYTE *b = malloc(Size ? Size : 1);
    if (!b)
        Error = ERROR_NOT_ENOUGH_MEMORY;
    else if (!ReadFile(h, b, Size, &Read, NULL))
        Error = GetLastError();
    else if (Read != Size)
        Error = ERROR_READ_FAULT;
    CloseHandle(h);
    if (Error) {
        free(b);
        return Error;
    }
    *Data = b;
    *Bytes = Size;
    return ERROR_SUCCESS;
}

static BOOL InfpSameContents(PCWSTR Path, const BYTE *Data, DWORD Bytes)
{
    BYTE *Other;
    DWORD OtherBytes;
    if (InfpReadWholeFile(Path, &Other, &OtherBytes))
        return FALSE;
    BOOL Same = OtherBytes == Bytes && !memcmp(Other, Data, Bytes);
    free(Other);
    return Same;
}

static DWORD InfpSetString(HKEY Key, PCWSTR Name, PCWSTR Value, DWORD Type)
{
    SIZE_T Chars = RtlpWcslen(Value) + 1;
    if (Type == REG_MULTI_SZ) {
        PWSTR m = calloc(Chars + 1, sizeof(WCHAR));
        if (!m)
            return ERROR_NOT_ENOUGH_MEMORY;
        memcpy(m, Value, Chars * sizeof(WCHAR));
        DWORD e = RegSetValueExW(Key, Name, 0, Type, (BYTE *)m, (DWORD)((Chars + 1) * sizeof(WCHAR)));
        free(m);
        return e;
    }
    return RegSetValueExW(Key, Name, 0, Type, (const BYTE *)Value, (DWORD)(Chars * sizeof(WCHAR)));
}

static DWORD InfpCreateDatabaseKey(PCWSTR Sub, PCWSTR Name, HKEY *Key)
{
    PWSTR Path = InfpFormat(L"%s\\%s\\%s", INFP_DRIVER_DATABASE, Sub, Name);
    if (!Path)
        return ERROR_NOT_ENOUGH_MEMORY;
    DWORD e = RegCreateKeyExW(HKEY_LOCAL_MACHINE, Path, 0, NULL, REG_OPTION_NON_VOLATILE,
                              KEY_ALL_ACCESS, NULL, Key, NULL);
    free(Path);
    return e;
}

/* Copy the files of the package (SourceDisksFiles) into its repository. */
static DWORD InfpCopyPackageFiles(PCINFP_INSTALL Install, PCWSTR Repository)
{
    static const PCWSTR Sections[] = { L"SourceDisksFiles.amd64", L"SourceDisksFiles" };
    DWORD Error = ERROR_SUCCESS;
    for (ULONG s = 0; s < RTL_NUMBER_OF(Sections) && !Error; s++) {
        INFCONTEXT Ctx;
        for (PCINF_LINE Line = InfpFindFirstLine(Install->Inf, Sections[s], NULL, &Ctx); Line && !Error;
             Line = InfpFindNextLine(&Ctx, NULL, &Ctx)) {
            PCWSTR Name = Line->Key ? Line->Key : InfpLineField(Line, 1);
            PCWSTR Disk = Line->Key ? InfpLineField(Line, 1) : NULL;
            PCWSTR Sub = Line->Key ? InfpLineField(Line, 2) : NULL;
            PCWSTR DiskPath = NULL;
            INFCONTEXT DiskCtx;
            if (Disk && Disk[0]) {
                PCINF_LINE d = InfpFindFirstLine(Install->Inf, L"SourceDisksNames.amd64", Disk, &DiskCtx);
                if (!d)
                    d = InfpFindFirstLine(Install->Inf, L"SourceDisksNames", Disk, &DiskCtx);
                DiskPath = d ? InfpLineField(d, 4) : NULL;
            }
            while (DiskPath && *DiskPath == L'\\')
                DiskPath++;
            while (Sub && *Sub == L'\\')
                Sub++;
            PCWSTR dp = DiskPath && DiskPath[0] ? DiskPath : NULL;
            PCWSTR sp = Sub && Sub[0] ? Sub : NULL;
            PWSTR Relative = InfpFormat(L"%s%s%s%s%s", dp ? dp : L"", dp ? L"\\" : L"", sp ? sp : L"",
                                        sp ? L"\\" : L"", Name);
            PWSTR From = Relative ? InfpFormat(L"%s\\%s", Install->SourceDir, Relative) : NULL;
            PWSTR To = Relative ? InfpFormat(L"%s\\%s", Repository, Relative) : NULL;
            if (!From || !To) {
                Error = ERROR_NOT_ENOUGH_MEMORY;
            } else if ((Error = InfpCopyFile(From, To, FALSE))) {
                INF_MERGED_LINE Where;
                char n[600];
                InfpMergedFromContext(&Ctx, Sections[s], &Where);
                InfpReportLine(&Where, "driver package file %s: error %u", InfpNarrow(From, n, sizeof n),
                               (unsigned)Error);
            }
            free(Relative);
            free(From);
            free(To);
        }
    }
    return Error;
}

/* Index the IDs of every model line of the INF under DeviceIds. */
static DWORD InfpIndexDeviceIds(PCINFP_INSTALL Install, PCWSTR Published)
{
    INFCONTEXT Mfg;
    DWORD Error = ERROR_SUCCESS;
    for (PCINF_LINE m = InfpFindFirstLine(Install->Inf, L"Manufacturer", NULL, &Mfg); m && !Error;
         m = InfpFindNextLine(&Mfg, NULL, &Mfg)) {
        PWSTR Models;
        if (InfpSelectModelsSection(m, NULL, &Models))
            continue;
        INFCONTEXT Ctx;
        for (PCINF_LINE l = InfpFindFirstLine(Install->Inf, Models, NULL, &Ctx); l && !Error;
             l = InfpFindNextLine(&Ctx, NULL, &Ctx)) {
            for (ULONG f = 2; f <= l->FieldCount && !Error; f++) {
                PCWSTR Id = InfpLineField(l, f);
                if (!Id[0] || RtlpWcslen(Id) >= PNP_INSTANCE_PATH_CHARS)
                    continue;
                PWSTR Lower = InfpDuplicate(Id);
                if (!Lower) {
                    Error = ERROR_NOT_ENOUGH_MEMORY;
                    break;
                }
                for (PWSTR p = Lower; *p; p++) {
                    if (*p >= L'A' && *p <= L'Z')
                        *p += 32;
                    else if (*p == L'\\')
                        *p = L'#'; /* a key name cannot hold a backslash */
                }
                HKEY Key;
                Error = InfpCreateDatabaseKey(L"DeviceIds", Lower, &Key);
                if (!Error) {
                    DWORD Rank = f == 2 ? 0 : 1;
                    Error = RegSetValueExW(Key, Published, 0, REG_BINARY, (BYTE *)&Rank, sizeof Rank);
                    RegCloseKey(Key);
                }
                free(Lower);
            }
        }
        free(Models);
    }
    return Error;
}

DWORD InfpStageDriverPackage(PCINFP_INSTALL Install, PWSTR *PublishedName)
{
    BYTE *Data;
    DWORD Bytes, Error;
    WCHAR Windows[MAX_PATH];
    *PublishedName = NULL;
    if ((Error = InfpReadWholeFile(Install->Inf->Path, &Data, &Bytes)))
        return Error;
    GetWindowsDirectoryW(Windows, MAX_PATH);
    PWSTR InfDir = InfpFormat(L"%s\\INF", Windows);
    PWSTR Published = NULL, Target = NULL;
    if (!InfDir || (Error = InfpCreateDirectoryPath(InfDir)))
        goto out;

    /* The same INF already staged keeps its name; else the next free oemN. */
    for (ULONG n = 0; n < 100000 && !Published; n++) {
        free(Target);
        Target = InfpFormat(L"%s\\oem%u.inf", InfDir, (unsigned)n);
        if (!Target) {
            Error = ERROR_NOT_ENOUGH_MEMORY;
            goto out;
        }
        if (GetFileAttributesW(Target) == INVALID_FILE_ATTRIBUTES) {
            Error = InfpCopyFile(Install->Inf->Path, Target, TRUE);
            if (Error == ERROR_FILE_EXISTS) /* another process took it */
                continue;
            if (Error)
                goto out;
        } else if (!InfpSameContents(Target, Data, Bytes)) {
            continue;
        }
        if (!(Published = InfpFormat(L"oem%u.inf", (unsigned)n))) {
            Error = ERROR_NOT_ENOUGH_MEMORY;
            goto out;
        }
    }
    if (!Published) {
        Error = ERROR_FILE_EXISTS;
        goto out;
    }

    /* The package id: the INF's name, the architecture, a hash of its bytes. */
    ULONG64 Hash = 0xcbf29ce484222325ull;
    for (DWORD i = 0; i < Bytes; i++)
        Hash = (Hash ^ Data[i]) * 0x100000001b3ull;
    PCWSTR Name = Install->Inf->Path;
    for (PCWSTR p = Name; *p; p++)
        if (*p == L'\\')
            Name = p + 1;
    PWSTR Package = InfpFormat(L"%s_amd64_%08x%08x", Name, (unsigned)(Hash >> 32), (unsigned)Hash);
    if (!Package) {
        Error = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    for (PWSTR p = Package; *p; p++)
        if (*p >= L'A' && *p <= L'Z')
            *p += 32;
    PWSTR Repository = InfpFormat(L"%s\\System32\\DriverStore\\FileRepository\\%s", Windows, Package);
    PWSTR RepoInf = Repository ? InfpFormat(L"%s\\%s", Repository, Name) : NULL;
    if (!RepoInf)
        Error = ERROR_NOT_ENOUGH_MEMORY;
    if (!Error && !Install->NoFiles && !(Error = InfpCopyFile(Install->Inf->Path, RepoInf, FALSE)))
        Error = InfpCopyPackageFiles(Install, Repository);

    HKEY Key;
    if (!Error && !(Error = InfpCreateDatabaseKey(L"DriverInfFiles", Published, &Key))) {
        Error = InfpSetString(Key, NULL, Package, REG_MULTI_SZ);
        RegCloseKey(Key);
    }
    if (!Error && !(Error = InfpCreateDatabaseKey(L"DriverPackages", Package, &Key))) {
        INFCONTEXT Ctx;
        PCINF_LINE l;
        Error = InfpSetString(Key, NULL, Published, REG_SZ);
        if (!Error && (l = InfpFindFirstLine(Install->Inf, L"Version", L"Provider", &Ctx)))
            Error = InfpSetString(Key, L"Provider", InfpLineField(l, 1), REG_SZ);
        if (!Error && (l = InfpFindFirstLine(Install->Inf, L"Version", L"DriverVer", &Ctx))) {
            PWSTR Ver = InfpFormat(L"%s,%s", InfpLineField(l, 1),
                                   InfpLineField(l, 2) ? InfpLineField(l, 2) : L"");
            Error = Ver ? InfpSetString(Key, L"DriverVer", Ver, REG_SZ) : ERROR_NOT_ENOUGH_MEMORY;
            free(Ver);
        }
        if (!Error)
            Error = InfpSetString(Key, L"FileRepository", Repository, REG_SZ);
        RegCloseKey(Key);
    }
    if (!Error)
        Error = InfpIndexDeviceIds(Install, Published);
    if (Error) {
        char n[300];
        InfpReportLine(NULL, "cannot stage the driver package in the driver store (%s: error %u)",
                       InfpNarrow(Published, n, sizeof n), (unsigned)Error);
    }
    free(Package);
    free(Repository);
    free(RepoInf);
out:
    if (!Error) {
        *PublishedName = Published;
        Published = NULL;
    }
    free(Published);
    free(Target);
    free(InfDir);
    free(Data);
    return Error;
}
