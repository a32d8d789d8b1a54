/*
 * setupapi/devinstall.c - installing a device's driver from an INF:
 * UpdateDriverForPlugAndPlayDevices and DiInstallDriver (<newdev.h>), and
 * a root device created and installed in one call, as devcon's install
 * does it with the public functions (docs/devinstall.md).
 *
 * Matching.  A device's IDs (its HardwareID values, then its CompatibleIDs)
 * are compared, case-insensitively, with the hardware-id and compatible-id
 * fields of each line of each [Manufacturer]'s Models section (the
 * TargetOSVersion decoration InfpSelectModelsSection picks).  The best
 * line has the lowest rank, as Windows ranks: a device hardware ID on an
 * INF hardware id (0x0000), on an INF compatible id (0x1000), a device
 * compatible ID on an INF hardware id (0x2000), on a compatible id
 * (0x3000), plus the position of the device ID in its list.
 *
 * Installing onto a device instance (Enum\<instance>):
 *   1. the class key Control\Class\{ClassGuid} ([Version]); a new class
 *      gets its Class value and the INF's [ClassInstall32] section;
 *   2. the software key Control\Class\{ClassGuid}\NNNN: the one the
 *      instance's Driver value names, else the next free;
 *   3. DDInstall (decorated .NTamd64 / .NT / none): DelFiles, CopyFiles,
 *      DelReg, AddReg (in that order, as Windows) with HKR = the software key;
 *   4. DDInstall.Services: AddService / DelService;
 *   5. DDInstall.HW: AddReg / DelReg with HKR = the instance key;
 *   6. the software key's DriverDesc, ProviderName, DriverVersion,
 *      DriverDate, InfPath, InfSection, InfSectionExt, MatchingDeviceId and
 *      the instance's Service, ClassGUID, Class, Driver, Mfg, DeviceDesc,
 *      ConfigFlags (0; CONFIGFLAG_FAILEDINSTALL when a step failed, which
 *      leaves the device with problem 28);
 *   7. the device is restarted (query-remove, remove, start) through the
 *      PnP manager, or started if it was not; a restart vetoed (a handle is
 *      open) asks for a reboot.
 *
 * One lock serializes the installs of this process.
 */
#include "setupapip.h"
#include "rtl/nls.h"
#include <ntio/format.h>
#include <ntio/ntpnp.h>
#include <ntio/ntsvc.h>
#include <newdev.h>

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t InfpInstallLock = PTHREAD_MUTEX_INITIALIZER;

VOID InfpLockInstalls(VOID)
{
    pthread_mutex_lock(&InfpInstallLock);
}

VOID InfpUnlockInstalls(VOID)
{
    pthread_mutex_unlock(&InfpInstallLock);
}

/* ---- small helpers (shared by the directive files) -------------------------------------- */

PWSTR InfpFormat(PCWSTR Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int n = RtlpFormatWV(NULL, 0, Format, Args);
    va_end(Args);
    if (n < 0)
        return NULL;
    PWSTR r = malloc(((SIZE_T)n + 1) * sizeof(WCHAR));
    if (!r)
        return NULL;
    va_start(Args, Format);
    RtlpFormatWV(r, (SIZE_T)n + 1, Format, Args);
    va_end(Args);
    return r;
}

PWSTR InfpDuplicate(PCWSTR Text)
{
    SIZE_T Bytes = (RtlpWcslen(Text) + 1) * sizeof(WCHAR);
    PWSTR r = malloc(Bytes);
    if (r)
        memcpy(r, Text, Bytes);
    return r;
}

BOOL InfpParseInteger(PCWSTR Text, DWORD *Value)
{
    PCWSTR p = Text;
    BOOL Negative = FALSE;
    ULONG Base = 10, v = 0;
    if (!*p) {
        *Value = 0;
        return TRUE;
    }
    if (*p == L'+' || *p == L'-')
        Negative = *p++ == L'-';
    if (p[0] == L'0' && (p[1] == L'x' || p[1] == L'X')) {
        Base = 16;
        p += 2;
    }
    if (!*p)
        return FALSE;
    for (; *p; p++) {
        ULONG d;
        if (*p >= L'0' && *p <= L'9')
            d = *p - L'0';
        else if (Base == 16 && *p >= L'a' && *p <= L'f')
            d = *p - L'a' + 10;
        else if (Base == 16 && *p >= L'A' && *p <= L'F')
            d = *p - L'A' + 10;
        else
            return FALSE;
        v = v * Base + d;
    }
    *Value = Negative ? 0u - v : v;
    return TRUE;
}

const char *InfpNarrow(PCWSTR Text, char *Buffer, SIZE_T Size)
{
    SIZE_T n = RtlpUtf16ToUtf8(Buffer, Size - 1, Text, RtlpWcslen(Text));
    Buffer[n < Size - 1 ? n : Size - 1] = 0;
    return Buffer;
}

VOID InfpReportLine(const INF_MERGED_LINE *Line, const char *Format, ...)
{
    char Message[768], File[600], Section[300];
    va_list Args;
    va_start(Args, Format);
    vsnprintf(Message, sizeof Message, Format, Args);
    va_end(Args);
    if (Line && Line->File && Line->Line)
        fprintf(stderr, "ntio: setupapi: %s:%u: [%s] %s\n",
                InfpNarrow(Line->File->Path, File, sizeof File), (unsigned)Line->Line->LineNumber,
                InfpNarrow(Line->Section ? Line->Section : L"", Section, sizeof Section), Message);
    else
        fprintf(stderr, "ntio: setupapi: %s\n", Message);
}

VOID InfpMergedFromContext(const INFCONTEXT *Context, PCWSTR Section, PINF_MERGED_LINE Out)
{
    Out->File = NULL;
    Out->Section = Section;
    Out->Line = InfpContextLine(Context, &Out->File);
}

DWORD InfpRunInstallSection(PCINFP_INSTALL Install, PCWSTR Section, HKEY Hkr, ULONG What)
{
    INF_LINE_LIST List;
    DWORD Error = InfpGetInstallSectionLines(Install->Inf, Section, &List);
    if (Error) {
        char n[300];
        InfpReportLine(NULL, "%s: install section [%s]: error 0x%x",
                       InfpNarrow(Install->Inf->Path, (char[600]){ 0 }, 600),
                       InfpNarrow(Section, n, sizeof n), (unsigned)Error);
        return Error;
    }
    /* As Windows orders them: DelFiles, CopyFiles, then DelReg, AddReg;
     * each kind in the order its lines are written. */
    static const struct {
        ULONG What;
        PCWSTR Key;
    } Passes[] = { { INFP_DO_FILES, L"DelFiles" }, { INFP_DO_FILES, L"CopyFiles" },
                   { INFP_DO_REGISTRY, L"DelReg" }, { INFP_DO_REGISTRY, L"AddReg" } };
    for (ULONG p = 0; p < RTL_NUMBER_OF(Passes) && !Error; p++) {
        if (!(What & Passes[p].What))
            continue;
        for (ULONG i = 0; i < List.Count && !Error; i++) {
            const INF_MERGED_LINE *l = &List.Lines[i];
            if (!l->Line->Key || InfpCompareNames(l->Line->Key, Passes[p].Key))
                continue;
            switch (p) {
            case 0: Error = InfpDelFilesDirective(Install, l); break;
            case 1: Error = InfpCopyFilesDirective(Install, l); break;
            case 2: Error = InfpDelRegDirective(Install, l, Hkr); break;
            default: Error = InfpAddRegDirective(Install, l, Hkr); break;
            }
        }
    }
    InfpFreeLineList(&List);
    return Error;
}

/* ---- registry helpers ------------------------------------------------------------------ */

static DWORD InfpSetSz(HKEY Key, PCWSTR Name, PCWSTR Value)
{
    return RegSetValueExW(Key, Name, 0, REG_SZ, (const BYTE *)Value,
                          (DWORD)((RtlpWcslen(Value) + 1) * sizeof(WCHAR)));
}

static DWORD InfpSetDword(HKEY Key, PCWSTR Name, DWORD Value)
{
    return RegSetValueExW(Key, Name, 0, REG_DWORD, (const BYTE *)&Value, sizeof Value);
}

PWSTR InfpQueryString(HKEY Key, PCWSTR Name)
{
    DWORD Type, Bytes = 0;
    if (RegQueryValueExW(Key, Name, NULL, &Type, NULL, &Bytes) != ERROR_SUCCESS ||
        (Type != REG_SZ && Type != REG_MULTI_SZ && Type != REG_EXPAND_SZ))
        return NULL;
    PWSTR v = calloc(Bytes / sizeof(WCHAR) + 2, sizeof(WCHAR));
    if (v && RegQueryValueExW(Key, Name, NULL, &Type, (BYTE *)v, &Bytes) != ERROR_SUCCESS) {
        free(v);
        return NULL;
    }
    return v;
}

DWORD InfpOpenInstanceKey(PCWSTR Instance, REGSAM Access, HKEY *Key)
{
    PWSTR Path = InfpFormat(L"%s\\%s", INFP_ENUM_PATH, Instance);
    if (!Path)
        return ERROR_NOT_ENOUGH_MEMORY;
    DWORD e = RegOpenKeyExW(HKEY_LOCAL_MACHINE, Path, 0, Access, Key);
    free(Path);
    return e;
}

/* ---- the PnP manager ---------------------------------------------------------------------- */

static NTSTATUS InfpPnpControl(PLUGPLAY_CONTROL_CLASS Class, PCWSTR Instance)
{
    PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA Data = { 0 };
    Data.DeviceInstance.Buffer = (PWSTR)Instance;
    Data.DeviceInstance.Length = Data.DeviceInstance.MaximumLength =
        (USHORT)(RtlpWcslen(Instance) * sizeof(WCHAR));
    return NtPlugPlayControl(Class, &Data, sizeof Data);
}

static NTSTATUS InfpPnpStatus(PCWSTR Instance, ULONG *Status, ULONG *Problem)
{
    PLUGPLAY_CONTROL_STATUS_DATA Data = { 0 };
    Data.DeviceInstance.Buffer = (PWSTR)Instance;
    Data.DeviceInstance.Length = Data.DeviceInstance.MaximumLength =
        (USHORT)(RtlpWcslen(Instance) * sizeof(WCHAR));
    NTSTATUS s = NtPlugPlayControl(PlugPlayControlGetDeviceStatus, &Data, sizeof Data);
    *Status = Data.DeviceStatus;
    *Problem = Data.DeviceProblem;
    return s;
}

/* Start a device with its new driver: restart it if it runs.  A veto (an
 * open handle) leaves the old stack: a reboot finishes the install. */
static VOID InfpRestartDevice(PCWSTR Instance, PBOOL Reboot)
{
    ULONG Status = 0, Problem = 0;
    if (!NT_SUCCESS(InfpPnpStatus(Instance, &Status, &Problem)))
        return;
    if (Status & DN_STARTED) {
        if (InfpPnpControl(PlugPlayControlResetDevice, Instance) == STATUS_PLUGPLAY_QUERY_VETOED)
            *Reboot = TRUE;
    } else if (Problem != CM_PROB_DISABLED) {
        InfpPnpControl(PlugPlayControlStartDevice, Instance);
    }
}

/* ---- devices -------------------------------------------------------------------------- */

typedef struct _INFP_DEVICE {
    PWSTR Instance;             /* "ROOT\NTIOECHO\0000" */
    PWSTR Ids;                  /* MULTI_SZ: hardware IDs, then compatible IDs */
    ULONG HardwareCount;        /* how many of Ids are hardware IDs */
} INFP_DEVICE, *PINFP_DEVICE;

typedef struct _INFP_DEVICE_LIST {
    ULONG Count, Capacity;
    PINFP_DEVICE Devices;
} INFP_DEVICE_LIST;

static VOID InfpFreeDevices(INFP_DEVICE_LIST *List)
{
    for (ULONG i = 0; i < List->Count; i++) {
        free(List->Devices[i].Instance);
        free(List->Devices[i].Ids);
    }
    free(List->Devices);
    memset(List, 0, sizeof *List);
}

/* Read an instance's IDs. */
static DWORD InfpReadDevice(PCWSTR Instance, PINFP_DEVICE Device)
{
    HKEY Key;
    memset(Device, 0, sizeof *Device);
    DWORD Error = InfpOpenInstanceKey(Instance, KEY_ALL_ACCESS, &Key);
    if (Error)
        return Error == ERROR_FILE_NOT_FOUND ? ERROR_NO_SUCH_DEVINST : Error;
    PWSTR Hw = InfpQueryString(Key, L"HardwareID");
    PWSTR Compat = InfpQueryString(Key, L"CompatibleIDs");
    RegCloseKey(Key);
    SIZE_T HwChars = 0, CompatChars = 0;
    for (PWSTR p = Hw; p && *p; p += RtlpWcslen(p) + 1, Device->HardwareCount++)
        HwChars += RtlpWcslen(p) + 1;
    for (PWSTR p = Compat; p && *p; p += RtlpWcslen(p) + 1)
        CompatChars += RtlpWcslen(p) + 1;
    Device->Ids = calloc(HwChars + CompatChars + 2, sizeof(WCHAR));
    Device->Instance = InfpDuplicate(Instance);
    if (Device->Ids) {
        if (HwChars)
            memcpy(Device->Ids, Hw, HwChars * sizeof(WCHAR));
        if (CompatChars)
            memcpy(Device->Ids + HwChars, Compat, CompatChars * sizeof(WCHAR));
    }
    free(Hw);
    free(Compat);
    if (!Device->Ids || !Device->Instance) {
        free(Device->Ids);
        free(Device->Instance);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    return ERROR_SUCCESS;
}

static BOOL InfpDeviceHasId(const INFP_DEVICE *Device, PCWSTR Id)
{
    for (PCWSTR p = Device->Ids; *p; p += RtlpWcslen(p) + 1)
        if (!InfpCompareNames(p, Id))
            return TRUE;
    return FALSE;
}

/* Every present device (a node of the PnP manager's tree) under Enum,
 * with Id among its IDs when Id is not NULL. */
static DWORD InfpPresentDevices(PCWSTR Id, INFP_DEVICE_LIST *List)
{
    HKEY Enum;
    memset(List, 0, sizeof *List);
    DWORD Error = RegOpenKeyExW(HKEY_LOCAL_MACHINE, INFP_ENUM_PATH, 0, KEY_READ, &Enum);
    if (Error)
        return Error == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : Error;
    WCHAR Bus[PNP_INSTANCE_PATH_CHARS], Dev[PNP_INSTANCE_PATH_CHARS], Inst[PNP_INSTANCE_PATH_CHARS];
    for (DWORD b = 0; !Error; b++) {
        DWORD n = RTL_NUMBER_OF(Bus);
        if (RegEnumKeyExW(Enum, b, Bus, &n, NULL, NULL, NULL, NULL))
            break;
        HKEY BusKey;
        if (RegOpenKeyExW(Enum, Bus, 0, KEY_READ, &BusKey))
            continue;
        for (DWORD d = 0; !Error; d++) {
            n = RTL_NUMBER_OF(Dev);
            if (RegEnumKeyExW(BusKey, d, Dev, &n, NULL, NULL, NULL, NULL))
                break;
            HKEY DevKey;
            if (RegOpenKeyExW(BusKey, Dev, 0, KEY_READ, &DevKey))
                continue;
            for (DWORD i = 0; !Error; i++) {
                n = RTL_NUMBER_OF(Inst);
                if (RegEnumKeyExW(DevKey, i, Inst, &n, NULL, NULL, NULL, NULL))
                    break;
                PWSTR Instance = InfpFormat(L"%s\\%s\\%s", Bus, Dev, Inst);
                ULONG Status, Problem;
                if (!Instance) {
                    Error = ERROR_NOT_ENOUGH_MEMORY;
                    break;
                }
                INFP_DEVICE Device;
                if (RtlpWcslen(Instance) < PNP_INSTANCE_PATH_CHARS &&
                    NT_SUCCESS(InfpPnpStatus(Instance, &Status, &Problem)) &&
                    !InfpReadDevice(Instance, &Device)) {
                    if (Id && !InfpDeviceHasId(&Device, Id)) {
                        free(Device.Instance);
                        free(Device.Ids);
                    } else {
                        if (List->Count == List->Capacity) {
                            ULONG c = List->Capacity ? List->Capacity * 2 : 8;
                            PINFP_DEVICE g = realloc(List->Devices, c * sizeof *g);
                            if (!g) {
                                free(Device.Instance);
                                free(Device.Ids);
                                free(Instance);
                                Error = ERROR_NOT_ENOUGH_MEMORY;
                                break;
                            }
                            List->Devices = g;
                            List->Capacity = c;
                        }
                        List->Devices[List->Count++] = Device;
                    }
                }
                free(Instance);
            }
            RegCloseKey(DevKey);
        }
        RegCloseKey(BusKey);
    }
    RegCloseKey(Enum);
    if (Error)
        InfpFreeDevices(List);
    return Error;
}

/* ---- matching ------------------------------------------------------------------------- */

typedef struct _INFP_MODEL {
    ULONG Rank;
    PCWSTR Manufacturer;        /* the [Manufacturer] line's key */
    PCWSTR Description;         /* the model line's key */
    PCWSTR InstallSection;      /* its DDInstall */
    PCWSTR MatchingId;          /* the INF field that matched */
} INFP_MODEL;

/* The best model line of the INF for a device; FALSE when none matches. */
static BOOL InfpFindModel(PINF_FILE Inf, const INFP_DEVICE *Device, INFP_MODEL *Best)
{
    INFCONTEXT Mfg;
    BOOL Found = FALSE;
    for (PCINF_LINE m = InfpFindFirstLine(Inf, L"Manufacturer", NULL, &Mfg); m;
         m = InfpFindNextLine(&Mfg, NULL, &Mfg)) {
        PWSTR Models;
        if (InfpSelectModelsSection(m, NULL, &Models))
            continue;
        INFCONTEXT Ctx;
        for (PCINF_LINE l = InfpFindFirstLine(Inf, Models, NULL, &Ctx); l;
             l = InfpFindNextLine(&Ctx, NULL, &Ctx)) {
            PCWSTR Section = InfpLineField(l, 1);
            if (!l->Key || !Section || !Section[0])
                continue;
            ULONG Position = 0;
            for (PCWSTR Id = Device->Ids; *Id; Id += RtlpWcslen(Id) + 1, Position++) {
                BOOL DeviceHw = Position < Device->HardwareCount;
                for (ULONG f = 2; f <= l->FieldCount; f++) {
                    PCWSTR InfId = InfpLineField(l, f);
                    if (!InfId[0] || InfpCompareNames(InfId, Id))
                        continue;
                    ULONG Rank = (DeviceHw ? (f == 2 ? 0x0000 : 0x1000) : (f == 2 ? 0x2000 : 0x3000)) +
                                 (Position > 0xFF ? 0xFF : Position);
                    if (!Found || Rank < Best->Rank) {
                        Found = TRUE;
                        Best->Rank = Rank;
                        Best->Manufacturer = m->Key ? m->Key : InfpLineField(m, 1);
                        Best->Description = l->Key;
                        Best->InstallSection = Section;
                        Best->MatchingId = InfId;
                    }
                }
            }
        }
        free(Models);
    }
    return Found;
}

/* ---- [Version] ---------------------------------------------------------------------------- */

PCWSTR InfpVersionValue(PINF_FILE Inf, PCWSTR Key, ULONG Field)
{
    INFCONTEXT Ctx;
    PCINF_LINE l = InfpFindFirstLine(Inf, L"Version", Key, &Ctx);
    return l ? InfpLineField(l, Field) : NULL;
}

/* DriverVer = mm/dd/yyyy[,w.x.y.z]: the date as yyyymmdd, the version as a
 * 64-bit w.x.y.z; FALSE when the date is malformed. */
static BOOL InfpParseDriverDate(PCWSTR Text, char Separator, ULONG *Date)
{
    ULONG Part[3] = { 0, 0, 0 }, i = 0;
    if (!Text || !*Text)
        return FALSE;
    for (; *Text && i < 3; Text++) {
        if (*Text >= L'0' && *Text <= L'9')
            Part[i] = Part[i] * 10 + (*Text - L'0');
        else if (*Text == (WCHAR)Separator)
            i++;
        else
            return FALSE;
    }
    if (i != 2 || !Part[0] || Part[0] > 12 || !Part[1] || Part[1] > 31)
        return FALSE;
    *Date = Part[2] * 10000 + Part[0] * 100 + Part[1];
    return TRUE;
}

static ULONG64 InfpParseVersion(PCWSTR Text)
{
    ULONG64 v = 0;
    ULONG Part = 0, Count = 0;
    for (; Text && Count < 4; Text++) {
        if (*Text >= L'0' && *Text <= L'9') {
            Part = Part * 10 + (*Text - L'0');
            continue;
        }
        v = (v << 16) | (Part & 0xFFFF);
        Part = 0;
        Count++;
        if (!*Text)
            break;
    }
    for (; Count < 4; Count++)
        v <<= 16;
    return v;
}

/* TRUE when the driver installed on the device (its software key) is newer
 * than the INF's (Windows will not replace it unless forced). */
static BOOL InfpInstalledIsNewer(PINF_FILE Inf, HKEY Instance)
{
    PWSTR Driver = InfpQueryString(Instance, L"Driver");
    if (!Driver)
        return FALSE;
    PWSTR Path = InfpFormat(L"%s\\%s", INFP_CLASS_PATH, Driver);
    free(Driver);
    HKEY Soft;
    BOOL Newer = FALSE;
    if (Path && !RegOpenKeyExW(HKEY_LOCAL_MACHINE, Path, 0, KEY_READ, &Soft)) {
        PWSTR OldDate = InfpQueryString(Soft, L"DriverDate");
        PWSTR OldVersion = InfpQueryString(Soft, L"DriverVersion");
        ULONG Old, New;
        if (OldDate && InfpParseDriverDate(OldDate, '-', &Old) &&
            InfpParseDriverDate(InfpVersionValue(Inf, L"DriverVer", 1), '/', &New)) {
            PCWSTR NewVersion = InfpVersionValue(Inf, L"DriverVer", 2);
            Newer = Old > New || (Old == New && OldVersion &&
                                  InfpParseVersion(OldVersion) > InfpParseVersion(NewVersion ? NewVersion : L""));
        }
        free(OldDate);
        free(OldVersion);
        RegCloseKey(Soft);
    }
    free(Path);
    return Newer;
}

/* The [Version] ClassGuid, checked and lower-cased ("{...}", 38 chars). */
static DWORD InfpClassGuid(PINF_FILE Inf, WCHAR Guid[39])
{
    PCWSTR g = InfpVersionValue(Inf, L"ClassGuid", 1);
    if (!g || RtlpWcslen(g) != 38 || g[0] != L'{' || g[37] != L'}')
        goto bad;
    for (ULONG i = 0; i < 38; i++) {
        WCHAR c = g[i];
        BOOL Dash = i == 9 || i == 14 || i == 19 || i == 24;
        if (i == 0 || i == 37)
            ;
        else if (Dash ? c != L'-' : !((c >= L'0' && c <= L'9') || (c >= L'a' && c <= L'f') ||
                                      (c >= L'A' && c <= L'F')))
            goto bad;
        Guid[i] = c >= L'A' && c <= L'F' ? c + 32 : c;
    }
    Guid[38] = 0;
    return ERROR_SUCCESS;
bad:;
    char n[600];
    InfpReportLine(NULL, "%s: [Version] has no valid ClassGuid", InfpNarrow(Inf->Path, n, sizeof n));
    return ERROR_INVALID_CLASS;
}

/* ---- one device ------------------------------------------------------------------------ */

/* The class key; a new class gets its Class value and [ClassInstall32]. */
static DWORD InfpInstallClass(PCINFP_INSTALL Install, PCWSTR Guid, PCWSTR ClassName)
{
    PWSTR Path = InfpFormat(L"%s\\%s", INFP_CLASS_PATH, Guid);
    HKEY Key;
    DWORD Disposition = 0;
    if (!Path)
        return ERROR_NOT_ENOUGH_MEMORY;
    DWORD Error = RegCreateKeyExW(HKEY_LOCAL_MACHINE, Path, 0, NULL, REG_OPTION_NON_VOLATILE,
                                  KEY_ALL_ACCESS, NULL, &Key, &Disposition);
    free(Path);
    if (Error)
        return Error;
    PWSTR Existing = InfpQueryString(Key, L"Class");
    if (!Existing && ClassName && ClassName[0])
        Error = InfpSetSz(Key, L"Class", ClassName);
    free(Existing);
    if (!Error && Disposition == REG_CREATED_NEW_KEY) {
        PWSTR Section;
        if (!InfpSelectInstallSection(Install->Inf, L"ClassInstall32", NULL, &Section, NULL)) {
            Error = InfpRunInstallSection(Install, Section, Key, INFP_DO_FILES | INFP_DO_REGISTRY);
            free(Section);
        }
    }
    RegCloseKey(Key);
    return Error;
}

/* The software key {guid}\NNNN of the device (setupapip.h). */
DWORD InfpOpenSoftwareKey(HKEY Instance, PCWSTR Guid, HKEY *Key, PWSTR *Name)
{
    PWSTR Driver = InfpQueryString(Instance, L"Driver");
    SIZE_T g = RtlpWcslen(Guid);
    DWORD Error;
    *Name = NULL;
    if (Driver && RtlpWcslen(Driver) == g + 5 && Driver[g] == L'\\') {
        Driver[g] = 0;
        BOOL Same = !InfpCompareNames(Driver, Guid);
        Driver[g] = L'\\';
        if (Same) {
            PWSTR Path = InfpFormat(L"%s\\%s", INFP_CLASS_PATH, Driver);
            Error = Path ? RegCreateKeyExW(HKEY_LOCAL_MACHINE, Path, 0, NULL, REG_OPTION_NON_VOLATILE,
                                           KEY_ALL_ACCESS, NULL, Key, NULL)
                         : ERROR_NOT_ENOUGH_MEMORY;
            free(Path);
            if (!Error) {
                *Name = Driver;
                return ERROR_SUCCESS;
            }
        }
    }
    free(Driver);
    for (ULONG n = 0; n < 10000; n++) {
        PWSTR Sub = InfpFormat(L"%s\\%04u", Guid, (unsigned)n);
        PWSTR Path = Sub ? InfpFormat(L"%s\\%s", INFP_CLASS_PATH, Sub) : NULL;
        DWORD Disposition = 0;
        Error = Path ? RegCreateKeyExW(HKEY_LOCAL_MACHINE, Path, 0, NULL, REG_OPTION_NON_VOLATILE,
                                       KEY_ALL_ACCESS, NULL, Key, &Disposition)
                     : ERROR_NOT_ENOUGH_MEMORY;
        free(Path);
        if (!Error && Disposition == REG_CREATED_NEW_KEY) {
            *Name = Sub;
            return ERROR_SUCCESS;
        }
        if (!Error)
            RegCloseKey(*Key);
        free(Sub);
        if (Error)
            return Error;
    }
    return ERROR_NO_MORE_ITEMS;
}

/* Install the chosen model on a device instance (the install lock held). */
static DWORD InfpInstallModel(PCINFP_INSTALL Install, PCWSTR Published, PCWSTR Instance,
                              const INFP_MODEL *Model, PBOOL Reboot)
{
    WCHAR Guid[39];
    HKEY InstanceKey = NULL, Soft = NULL;
    PWSTR Section = NULL, SoftName = NULL, Service = NULL, Sub = NULL, Matching = NULL;
    PCWSTR Extension = L"";
    PCWSTR ClassName = InfpVersionValue(Install->Inf, L"Class", 1);
    DWORD Error = InfpOpenInstanceKey(Instance, KEY_ALL_ACCESS, &InstanceKey);
    if (Error) {
        InstanceKey = NULL;
        Error = Error == ERROR_FILE_NOT_FOUND ? ERROR_NO_SUCH_DEVINST : Error;
        goto out;
    }
    if ((Error = InfpClassGuid(Install->Inf, Guid)))
        goto failed;
    if ((Error = InfpSelectInstallSection(Install->Inf, Model->InstallSection, NULL, &Section,
                                          &Extension))) {
        char n[300], f[600];
        InfpReportLine(NULL, "%s: no install section [%s]", InfpNarrow(Install->Inf->Path, f, sizeof f),
                       InfpNarrow(Model->InstallSection, n, sizeof n));
        goto failed;
    }
    if ((Error = InfpInstallClass(Install, Guid, ClassName)))
        goto failed;
    if ((Error = InfpOpenSoftwareKey(InstanceKey, Guid, &Soft, &SoftName)))
        goto failed;
    /* DDInstall: files and the software key. */
    if ((Error = InfpRunInstallSection(Install, Section, Soft, INFP_DO_FILES | INFP_DO_REGISTRY)))
        goto failed;
    /* DDInstall.Services. */
    if (!(Sub = InfpFormat(L"%s.Services", Section))) {
        Error = ERROR_NOT_ENOUGH_MEMORY;
        goto failed;
    }
    if ((Error = InfpInstallServices(Install, Sub, &Service)))
        goto failed;
    if (!Service) {
        char n[300], f[600];
        InfpReportLine(NULL, "%s: [%s.Services] has no AddService with SPSVCINST_ASSOCSERVICE (0x2)",
                       InfpNarrow(Install->Inf->Path, f, sizeof f), InfpNarrow(Section, n, sizeof n));
        Error = ERROR_NO_ASSOCIATED_SERVICE;
        goto failed;
    }
    /* DDInstall.HW: the hardware key (the instance key). */
    free(Sub);
    if (!(Sub = InfpFormat(L"%s.HW", Section))) {
        Error = ERROR_NOT_ENOUGH_MEMORY;
        goto failed;
    }
    if (InfpSectionExists(Install->Inf, Sub) &&
        (Error = InfpRunInstallSection(Install, Sub, InstanceKey, INFP_DO_REGISTRY)))
        goto failed;

    /* The software key's values. */
    PCWSTR DriverVer = InfpVersionValue(Install->Inf, L"DriverVer", 1);
    PCWSTR Version = InfpVersionValue(Install->Inf, L"DriverVer", 2);
    PCWSTR Provider = InfpVersionValue(Install->Inf, L"Provider", 1);
    ULONG Date;
    WCHAR DateText[16] = L"";
    if (InfpParseDriverDate(DriverVer, '/', &Date)) {
        PWSTR d = InfpFormat(L"%u-%u-%u", (unsigned)(Date / 100 % 100), (unsigned)(Date % 100),
                             (unsigned)(Date / 10000));
        if (d && RtlpWcslen(d) < RTL_NUMBER_OF(DateText))
            memcpy(DateText, d, (RtlpWcslen(d) + 1) * sizeof(WCHAR));
        free(d);
    }
    if (!(Matching = InfpDuplicate(Model->MatchingId))) {
        Error = ERROR_NOT_ENOUGH_MEMORY;
        goto failed;
    }
    for (PWSTR p = Matching; *p; p++)
        if (*p >= L'A' && *p <= L'Z')
            *p += 32;
    if ((Error = InfpSetSz(Soft, L"DriverDesc", Model->Description)) ||
        (Error = InfpSetSz(Soft, L"ProviderName", Provider ? Provider : L"")) ||
        (Error = InfpSetSz(Soft, L"DriverVersion", Version ? Version : L"")) ||
        (Error = InfpSetSz(Soft, L"DriverDate", DateText)) ||
        (Error = InfpSetSz(Soft, L"InfPath", Published)) ||
        (Error = InfpSetSz(Soft, L"InfSection", Model->InstallSection)) ||
        (Error = InfpSetSz(Soft, L"InfSectionExt", Extension)) ||
        (Error = InfpSetSz(Soft, L"MatchingDeviceId", Matching)))
        goto failed;

    /* The instance's. */
    if (Service[0])
        Error = InfpSetSz(InstanceKey, L"Service", Service);
    else if ((Error = RegDeleteValueW(InstanceKey, L"Service")) == ERROR_FILE_NOT_FOUND)
        Error = ERROR_SUCCESS;
    if (Error || (Error = InfpSetSz(InstanceKey, L"ClassGUID", Guid)) ||
        (ClassName && (Error = InfpSetSz(InstanceKey, L"Class", ClassName))) ||
        (Error = InfpSetSz(InstanceKey, L"Driver", SoftName)) ||
        (Error = InfpSetSz(InstanceKey, L"Mfg", Model->Manufacturer)) ||
        (Error = InfpSetSz(InstanceKey, L"DeviceDesc", Model->Description)) ||
        (Error = InfpSetDword(InstanceKey, L"ConfigFlags", 0)))
        goto failed;
    RegCloseKey(InstanceKey);
    InstanceKey = NULL;
    InfpRestartDevice(Instance, Reboot);
    goto out;

failed:
    /* CONFIGFLAG_FAILEDINSTALL, without a function driver: problem 28. */
    RegDeleteValueW(InstanceKey, L"Service");
    InfpSetDword(InstanceKey, L"ConfigFlags", INFP_CONFIGFLAG_FAILEDINSTALL);
    RegCloseKey(InstanceKey);
    InstanceKey = NULL;
    InfpRestartDevice(Instance, Reboot);
out:
    if (InstanceKey)
        RegCloseKey(InstanceKey);
    if (Soft)
        RegCloseKey(Soft);
    free(Section);
    free(SoftName);
    free(Service);
    free(Sub);
    free(Matching);
    return Error;
}

/* ---- the installs ---------------------------------------------------------------------------- */

DWORD InfpPrepareInstall(PINF_FILE Inf, BOOL NoFiles, PINFP_INSTALL Install)
{
    memset(Install, 0, sizeof *Install);
    PWSTR Dir = InfpDuplicate(Inf->Path);
    if (!Dir)
        return ERROR_NOT_ENOUGH_MEMORY;
    for (SIZE_T i = RtlpWcslen(Dir); i > 0; i--) {
        if (Dir[i - 1] == L'\\') {
            Dir[i - 1] = 0;
            break;
        }
    }
    Install->Inf = Inf;
    Install->SourceDir = Dir;
    Install->NoFiles = NoFiles;
    return ERROR_SUCCESS;
}

/* Open the INF of a package (a full path) and set up the install. */
static DWORD InfpOpenPackage(PCWSTR InfPath, BOOL NoFiles, INFP_INSTALL *Install)
{
    WCHAR Full[MAX_PATH];
    UINT ErrorLine = 0;
    PINF_FILE Inf;
    memset(Install, 0, sizeof *Install);
    DWORD n = GetFullPathNameW(InfPath, MAX_PATH, Full, NULL);
    if (!n || n >= MAX_PATH)
        return ERROR_INVALID_PARAMETER;
    DWORD Error = InfpOpen(Full, NULL, INF_STYLE_WIN4, &Inf, &ErrorLine);
    if (Error)
        return Error;
    if ((Error = InfpPrepareInstall(Inf, NoFiles, Install)))
        InfpClose(Inf);
    return Error;
}

static VOID InfpClosePackage(INFP_INSTALL *Install)
{
    if (Install->Inf)
        InfpClose(Install->Inf);
    free((PWSTR)Install->SourceDir);
    memset(Install, 0, sizeof *Install);
}

/* The name the software key's InfPath gives: oemN.inf once staged (the
 * INF's own name when files may not be written). */
static DWORD InfpStage(PCINFP_INSTALL Install, PWSTR *Published)
{
    if (!Install->NoFiles)
        return InfpStageDriverPackage(Install, Published);
    PCWSTR Name = Install->Inf->Path;
    for (PCWSTR p = Name; *p; p++)
        if (*p == L'\\')
            Name = p + 1;
    *Published = InfpDuplicate(Name);
    return *Published ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
}

/* Install the INF on each device of List it has a model for.  Force: also
 * over a newer driver.  ERROR_NO_MORE_ITEMS when no device was installed. */
static DWORD InfpInstallOnDevices(PCINFP_INSTALL Install, const INFP_DEVICE_LIST *List, BOOL Force,
                                  PBOOL Reboot)
{
    PWSTR Published = NULL;
    ULONG Installed = 0;
    DWORD Error = ERROR_SUCCESS;
    for (ULONG i = 0; i < List->Count && !Error; i++) {
        INFP_MODEL Model;
        if (!InfpFindModel(Install->Inf, &List->Devices[i], &Model))
            continue;
        if (!Force) {
            HKEY Key;
            BOOL Newer = FALSE;
            if (!InfpOpenInstanceKey(List->Devices[i].Instance, KEY_ALL_ACCESS, &Key)) {
                Newer = InfpInstalledIsNewer(Install->Inf, Key);
                RegCloseKey(Key);
            }
            if (Newer)
                continue;
        }
        if (!Published && (Error = InfpStage(Install, &Published)))
            break;
        Error = InfpInstallModel(Install, Published, List->Devices[i].Instance, &Model, Reboot);
        if (!Error)
            Installed++;
    }
    free(Published);
    return Error ? Error : Installed ? ERROR_SUCCESS : ERROR_NO_MORE_ITEMS;
}

static DWORD InfpUpdateDriver(PCWSTR HardwareId, PCWSTR InfPath, DWORD Flags, PBOOL Reboot)
{
    INFP_INSTALL Install;
    INFP_DEVICE_LIST List;
    DWORD Error = InfpOpenPackage(InfPath, (Flags & INSTALLFLAG_READONLY) != 0, &Install);
    if (Error)
        return Error;
    Error = InfpPresentDevices(HardwareId, &List);
    if (!Error && !List.Count)
        Error = ERROR_NO_SUCH_DEVINST;
    if (!Error)
        Error = InfpInstallOnDevices(&Install, &List, (Flags & INSTALLFLAG_FORCE) != 0, Reboot);
    InfpFreeDevices(&List);
    InfpClosePackage(&Install);
    return Error;
}

NTIO_EXPORT BOOL WINAPI UpdateDriverForPlugAndPlayDevicesW(HWND hwndParent, LPCWSTR HardwareId,
                                                           LPCWSTR FullInfPath, DWORD InstallFlags,
                                                           PBOOL bRebootRequired)
{
    BOOL Reboot = FALSE;
    UNREFERENCED_PARAMETER(hwndParent);
    if (InstallFlags & ~INSTALLFLAG_BITS) {
        SetLastError(ERROR_INVALID_FLAGS);
        return FALSE;
    }
    if (!HardwareId || !HardwareId[0] || RtlpWcslen(HardwareId) >= PNP_INSTANCE_PATH_CHARS ||
        !FullInfPath || !FullInfPath[0]) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    pthread_mutex_lock(&InfpInstallLock);
    DWORD Error = InfpUpdateDriver(HardwareId, FullInfPath, InstallFlags, &Reboot);
    pthread_mutex_unlock(&InfpInstallLock);
    if (bRebootRequired)
        *bRebootRequired = Reboot;
    SetLastError(Error);
    return Error == ERROR_SUCCESS;
}

/* A UTF-8 argument as UTF-16 (malloc'd; NULL gives NULL). */
static PWSTR InfpWiden(LPCSTR Text)
{
    if (!Text)
        return NULL;
    SIZE_T Bytes = strlen(Text);
    SIZE_T Chars = RtlpUtf8ToUtf16(NULL, 0, Text, Bytes);
    PWSTR w = malloc((Chars + 1) * sizeof(WCHAR));
    if (w) {
        RtlpUtf8ToUtf16(w, Chars, Text, Bytes);
        w[Chars] = 0;
    }
    return w;
}

NTIO_EXPORT BOOL WINAPI UpdateDriverForPlugAndPlayDevicesA(HWND hwndParent, LPCSTR HardwareId,
                                                           LPCSTR FullInfPath, DWORD InstallFlags,
                                                           PBOOL bRebootRequired)
{
    PWSTR Id = InfpWiden(HardwareId), Path = InfpWiden(FullInfPath);
    BOOL Result;
    if ((HardwareId && !Id) || (FullInfPath && !Path)) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        Result = FALSE;
    } else {
        Result = UpdateDriverForPlugAndPlayDevicesW(hwndParent, Id, Path, InstallFlags, bRebootRequired);
    }
    free(Id);
    free(Path);
    return Result;
}

NTIO_EXPORT BOOL WINAPI DiInstallDriverW(HWND hwndParent, LPCWSTR InfPath, DWORD Flags,
                                         PBOOL NeedReboot)
{
    BOOL Reboot = FALSE;
    UNREFERENCED_PARAMETER(hwndParent);
    /* DIIRFLAG_INSTALL_AS_SET (a directory of INFs installed at the next
     * shutdown) and the hot-patch / pre-configure flags are not ntio's. */
    if (Flags & ~(DIIRFLAG_FORCE_INF | DIIRFLAG_NOBACKUP)) {
        SetLastError(ERROR_INVALID_FLAGS);
        return FALSE;
    }
    if (!InfPath || !InfPath[0]) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    pthread_mutex_lock(&InfpInstallLock);
    INFP_INSTALL Install;
    INFP_DEVICE_LIST List = { 0 };
    PWSTR Published = NULL;
    DWORD Error = InfpOpenPackage(InfPath, FALSE, &Install);
    if (!Error)
        Error = InfpStageDriverPackage(&Install, &Published);
    if (!Error)
        Error = InfpPresentDevices(NULL, &List);
    if (!Error) {
        /* Devices without a driver, and (forced, or not newer) the others. */
        Error = InfpInstallOnDevices(&Install, &List, (Flags & DIIRFLAG_FORCE_INF) != 0, &Reboot);
        if (Error == ERROR_NO_MORE_ITEMS)
            Error = ERROR_SUCCESS; /* staged: that alone succeeds */
    }
    free(Published);
    InfpFreeDevices(&List);
    InfpClosePackage(&Install);
    pthread_mutex_unlock(&InfpInstallLock);
    if (NeedReboot)
        *NeedReboot = Reboot;
    SetLastError(Error);
    return Error == ERROR_SUCCESS;
}

NTIO_EXPORT BOOL WINAPI DiInstallDriverA(HWND hwndParent, LPCSTR InfPath, DWORD Flags,
                                         PBOOL NeedReboot)
{
    PWSTR Path = InfpWiden(InfPath);
    if (InfPath && !Path) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    BOOL Result = DiInstallDriverW(hwndParent, Path, Flags, NeedReboot);
    free(Path);
    return Result;
}

/* ---- a root device, as devcon installs one ---------------------------------------------- */

INFPAPI DWORD InfpInstallRootDevice(PCWSTR InfPath, PCWSTR HardwareId, DWORD InstallFlags,
                                    PWSTR Instance, ULONG InstanceChars, PBOOL Reboot)
{
    BOOL LocalReboot = FALSE;
    if (!Reboot)
        Reboot = &LocalReboot;
    *Reboot = FALSE;
    if ((InstallFlags & ~INSTALLFLAG_BITS))
        return ERROR_INVALID_FLAGS;
    if (!InfPath || !InfPath[0] || !HardwareId || !HardwareId[0] ||
        RtlpWcslen(HardwareId) >= PNP_INSTANCE_PATH_CHARS - 1)
        return ERROR_INVALID_PARAMETER;

    /* SetupDiGetINFClass, SetupDiCreateDeviceInfo(DICD_GENERATE_ID),
     * SPDRP_HARDWAREID, DIF_REGISTERDEVICE: ROOT\<CLASS>\NNNN in the tree. */
    WCHAR Full[MAX_PATH], ClassName[MAX_CLASS_NAME_LEN];
    GUID Class;
    DWORD n = GetFullPathNameW(InfPath, MAX_PATH, Full, NULL);
    if (!n || n >= MAX_PATH)
        return ERROR_INVALID_PARAMETER;
    if (!SetupDiGetINFClassW(Full, &Class, ClassName, MAX_CLASS_NAME_LEN, NULL))
        return GetLastError();
    HDEVINFO Set = SetupDiCreateDeviceInfoList(&Class, NULL);
    if (Set == INVALID_HANDLE_VALUE)
        return GetLastError();
    SP_DEVINFO_DATA Device = { sizeof Device };
    SIZE_T IdChars = RtlpWcslen(HardwareId) + 1;
    PWSTR Multi = calloc(IdChars + 1, sizeof(WCHAR)); /* a MULTI_SZ of one ID */
    DWORD Error = ERROR_SUCCESS;
    if (!Multi)
        Error = ERROR_NOT_ENOUGH_MEMORY;
    else
        memcpy(Multi, HardwareId, IdChars * sizeof(WCHAR));
    if (!Error && !SetupDiCreateDeviceInfoW(Set, ClassName, &Class, NULL, NULL, DICD_GENERATE_ID,
                                            &Device))
        Error = GetLastError();
    if (!Error && Instance &&
        !SetupDiGetDeviceInstanceIdW(Set, &Device, Instance, InstanceChars, NULL))
        Error = GetLastError();
    if (!Error && (!SetupDiSetDeviceRegistryPropertyW(Set, &Device, SPDRP_HARDWAREID, (BYTE *)Multi,
                                                       (DWORD)((IdChars + 1) * sizeof(WCHAR))) ||
                   !SetupDiCallClassInstaller(DIF_REGISTERDEVICE, Set, &Device)))
        Error = GetLastError();
    free(Multi);
    SetupDiDestroyDeviceInfoList(Set); /* an element not registered leaves no trace */
    if (Error)
        return Error;
    /* Then UpdateDriverForPlugAndPlayDevices' work, forced, as devcon does it. */
    pthread_mutex_lock(&InfpInstallLock);
    Error = InfpUpdateDriver(HardwareId, InfPath, InstallFlags | INSTALLFLAG_FORCE, Reboot);
    pthread_mutex_unlock(&InfpInstallLock);
    return Error;
}

INFPAPI DWORD InfpInstallDeviceInstance(PCWSTR InfPath, PCWSTR Instance, DWORD InstallFlags,
                                        PBOOL Reboot)
{
    BOOL LocalReboot = FALSE;
    if (!Reboot)
        Reboot = &LocalReboot;
    *Reboot = FALSE;
    if (InstallFlags & ~INSTALLFLAG_BITS)
        return ERROR_INVALID_FLAGS;
    if (!InfPath || !InfPath[0] || !Instance || !Instance[0] ||
        RtlpWcslen(Instance) >= PNP_INSTANCE_PATH_CHARS)
        return ERROR_INVALID_PARAMETER;
    pthread_mutex_lock(&InfpInstallLock);
    INFP_INSTALL Install;
    INFP_DEVICE Device = { 0 };
    ULONG Status, Problem;
    DWORD Error = InfpOpenPackage(InfPath, (InstallFlags & INSTALLFLAG_READONLY) != 0, &Install);
    if (!Error && !NT_SUCCESS(InfpPnpStatus(Instance, &Status, &Problem)))
        Error = ERROR_NO_SUCH_DEVINST;
    if (!Error)
        Error = InfpReadDevice(Instance, &Device);
    if (!Error) {
        INFP_DEVICE_LIST One = { 1, 1, &Device };
        Error = InfpInstallOnDevices(&Install, &One, (InstallFlags & INSTALLFLAG_FORCE) != 0, Reboot);
        if (Error == ERROR_NO_MORE_ITEMS) {
            INFP_MODEL Model;
            if (!InfpFindModel(Install.Inf, &Device, &Model))
                Error = ERROR_NO_COMPAT_DRIVERS;
        }
    }
    free(Device.Instance);
    free(Device.Ids);
    InfpClosePackage(&Install);
    pthread_mutex_unlock(&InfpInstallLock);
    return Error;
}
