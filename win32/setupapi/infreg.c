/*
 * setupapi/infreg.c - the registry directives of an install section:
 * AddReg and DelReg (learn.microsoft.com "INF AddReg Directive", "INF
 * DelReg Directive").
 *
 *   reg-root,[subkey],[value-entry-name],[flags],[value][,value...]
 *
 * reg-root is HKCR, HKCU, HKLM, HKU or HKR, the key the section's context
 * gives (a device's software key in DDInstall, its hardware key - the
 * Enum instance key - in DDInstall.HW, the service key in a
 * service-install section, the class key in ClassInstall32).  The flags
 * choose the value type (FLG_ADDREG_TYPE_*: SZ, MULTI_SZ, EXPAND_SZ,
 * BINARY, DWORD, NONE, or any REG_* type as (type << 16) | 1 with binary
 * data) and the operation (NOCLOBBER, APPEND to a MULTI_SZ, DELVAL,
 * KEYONLY, OVERWRITEONLY; the 32/64-bit view bits are accepted, ntio has
 * one registry view).  A line with only a root and a subkey creates the
 * key.  String values have their %DIRID% tokens expanded.
 *
 * A bad root, bad flags or a bad number fail the install: one message on
 * stderr names the INF, the line and the section.
 */
#include "setupapip.h"
#include "rtl/nls.h"
#include <ntio/ntdef.h>
#include <ntio/ntstatus.h>

#include <stdlib.h>
#include <string.h>

#define INFP_ADDREG_VALID_LOW                                                                  \
    (FLG_ADDREG_BINVALUETYPE | FLG_ADDREG_NOCLOBBER | FLG_ADDREG_DELVAL | FLG_ADDREG_APPEND | \
     FLG_ADDREG_KEYONLY | FLG_ADDREG_OVERWRITEONLY | FLG_ADDREG_64BITKEY |                   \
     FLG_ADDREG_KEYONLY_COMMON | FLG_ADDREG_32BITKEY)

/* The key a reg-root names; FALSE for an unknown root. */
static BOOL InfpRoot(PCWSTR Name, HKEY Hkr, HKEY *Root)
{
    static const struct {
        PCWSTR Name;
        HKEY Key;
    } Roots[] = {
        { L"HKCR", HKEY_CLASSES_ROOT }, { L"HKCU", HKEY_CURRENT_USER },
        { L"HKLM", HKEY_LOCAL_MACHINE }, { L"HKU", HKEY_USERS },
    };
    if (!Name)
        return FALSE;
    if (!InfpCompareNames(Name, L"HKR")) {
        *Root = Hkr;
        return Hkr != NULL;
    }
    for (ULONG i = 0; i < RTL_NUMBER_OF(Roots); i++) {
        if (!InfpCompareNames(Name, Roots[i].Name)) {
            *Root = Roots[i].Key;
            return TRUE;
        }
    }
    return FALSE;
}

/* The REG_* type of AddReg flags. */
static DWORD InfpValueType(DWORD Flags)
{
    DWORD High = Flags >> 16;
    if (!(Flags & FLG_ADDREG_BINVALUETYPE))
        return High == 0 ? REG_SZ : High == 1 ? REG_MULTI_SZ : REG_EXPAND_SZ;
    return High == 0 ? REG_BINARY : High == 1 ? REG_DWORD : High == 2 ? REG_NONE : High;
}

/* Open (Create: or create) Root\Sub; an empty Sub is Root itself (*Owned FALSE). */
static DWORD InfpOpenSubkey(HKEY Root, PCWSTR Sub, BOOL Create, HKEY *Key, BOOL *Owned)
{
    *Owned = FALSE;
    if (!Sub || !Sub[0]) {
        *Key = Root;
        return ERROR_SUCCESS;
    }
    LSTATUS s = Create ? RegCreateKeyExW(Root, Sub, 0, NULL, REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS,
                                         NULL, Key, NULL)
                       : RegOpenKeyExW(Root, Sub, 0, KEY_ALL_ACCESS, Key);
    *Owned = s == ERROR_SUCCESS;
    return (DWORD)s;
}

/* Fields From.. of a line as bytes (hexadecimal, 0x optional, at most FF). */
static DWORD InfpBinaryFields(PCINF_LINE Line, ULONG From, BYTE **Data, DWORD *Bytes)
{
    ULONG Count = Line->FieldCount >= From ? Line->FieldCount - From + 1 : 0;
    BYTE *b = malloc(Count ? Count : 1);
    *Data = b;
    *Bytes = 0;
    if (!b)
        return ERROR_NOT_ENOUGH_MEMORY;
    for (ULONG i = 0; i < Count; i++) {
        PCWSTR f = InfpLineField(Line, From + i);
        ULONG v = 0;
        if (f[0] == L'0' && (f[1] == L'x' || f[1] == L'X'))
            f += 2;
        if (!*f)
            return ERROR_INVALID_DATA;
        for (; *f; f++) {
            int d = *f >= L'0' && *f <= L'9' ? *f - L'0'
                    : *f >= L'a' && *f <= L'f' ? *f - L'a' + 10
                    : *f >= L'A' && *f <= L'F' ? *f - L'A' + 10 : -1;
            if (d < 0 || (v = v * 16 + d) > 0xFF)
                return ERROR_INVALID_DATA;
        }
        b[i] = (BYTE)v;
    }
    *Bytes = Count;
    return ERROR_SUCCESS;
}

static BOOL InfpMultiSzContains(PCWSTR Multi, SIZE_T Chars, PCWSTR s)
{
    for (SIZE_T i = 0; i < Chars && Multi[i];) {
        if (!InfpCompareNames(Multi + i, s))
            return TRUE;
        i += RtlpWcslen(Multi + i) + 1;
    }
    return FALSE;
}

/* An existing value (malloc'd, with two NULs after it), or NULL. */
static PWSTR InfpQueryMultiSz(HKEY Key, PCWSTR Name, SIZE_T *Chars)
{
    DWORD Type, Bytes = 0;
    *Chars = 0;
    if (RegQueryValueExW(Key, Name, NULL, &Type, NULL, &Bytes) != ERROR_SUCCESS ||
        (Type != REG_MULTI_SZ && Type != REG_SZ))
        return NULL;
    PWSTR v = calloc(Bytes / sizeof(WCHAR) + 2, sizeof(WCHAR));
    if (v && RegQueryValueExW(Key, Name, NULL, &Type, (BYTE *)v, &Bytes) != ERROR_SUCCESS) {
        free(v);
        return NULL;
    }
    if (v) {
        /* The used part: up to the list's terminating empty string. */
        SIZE_T i = 0, Max = Bytes / sizeof(WCHAR);
        while (i < Max && v[i])
            i += RtlpWcslen(v + i) + 1;
        *Chars = i;
    }
    return v;
}

/* The MULTI_SZ of fields From.. (stopping at the first empty one), each
 * %DIRID%-expanded; appended to Existing (leaving out strings it has) when
 * Existing is not NULL. */
static DWORD InfpBuildMultiSz(PCINFP_INSTALL Install, PCINF_LINE Line, ULONG From, PCWSTR Existing,
                              SIZE_T ExistingChars, PWSTR *Out, DWORD *Bytes)
{
    SIZE_T Capacity = ExistingChars + 2, Used = ExistingChars;
    for (ULONG i = From; i <= Line->FieldCount; i++)
        Capacity += RtlpWcslen(InfpLineField(Line, i)) + 1 + MAX_PATH;
    PWSTR m = calloc(Capacity, sizeof(WCHAR));
    if (!m)
        return ERROR_NOT_ENOUGH_MEMORY;
    if (ExistingChars)
        memcpy(m, Existing, ExistingChars * sizeof(WCHAR));
    for (ULONG i = From; i <= Line->FieldCount; i++) {
        PCWSTR f = InfpLineField(Line, i);
        if (!f[0])
            break;
        PWSTR e;
        DWORD Error = InfpExpandDirids(Install, f, &e);
        if (Error) {
            free(m);
            return Error;
        }
        SIZE_T n = RtlpWcslen(e);
        if (Existing && InfpMultiSzContains(m, Used, e)) {
            free(e);
            continue;
        }
        if (Used + n + 2 > Capacity) {
            Capacity = (Used + n + 2) * 2;
            PWSTR g = realloc(m, Capacity * sizeof(WCHAR));
            if (!g) {
                free(e);
                free(m);
                return ERROR_NOT_ENOUGH_MEMORY;
            }
            m = g;
        }
        memcpy(m + Used, e, (n + 1) * sizeof(WCHAR));
        Used += n + 1;
        free(e);
    }
    m[Used++] = 0;
    *Out = m;
    *Bytes = (DWORD)(Used * sizeof(WCHAR));
    return ERROR_SUCCESS;
}

static DWORD InfpBadLine(const INF_MERGED_LINE *Where, DWORD Error, const char *What, PCWSTR Text)
{
    char n[256];
    InfpReportLine(Where, "%s \"%s\"", What, Text ? InfpNarrow(Text, n, sizeof n) : "");
    return Error;
}

/* ntoskrnl's: an SDDL string as a self-relative security descriptor
 * (kernel/se/sddl.c, the parser behind IoCreateDeviceSecure). */
NTSTATUS RtlpSddlToSelfRelativeDescriptor(PCWSTR Sddl, PVOID Buffer, ULONG BufferSize,
                                                   PULONG Needed);

DWORD InfpSddlToDescriptor(PCWSTR Sddl, PBYTE *Descriptor, PDWORD Bytes)
{
    BYTE *Sd = NULL;
    ULONG Needed = 0;
    NTSTATUS Status = RtlpSddlToSelfRelativeDescriptor(Sddl, NULL, 0, &Needed);
    if (Status == STATUS_BUFFER_TOO_SMALL && !(Sd = malloc(Needed)))
        return ERROR_NOT_ENOUGH_MEMORY;
    if (Sd)
        Status = RtlpSddlToSelfRelativeDescriptor(Sddl, Sd, Needed, &Needed);
    if (!NT_SUCCESS(Status) || !Sd) {
        free(Sd);
        return ERROR_INVALID_DATA;
    }
    *Descriptor = Sd;
    *Bytes = Needed;
    return ERROR_SUCCESS;
}

/* One line of an add-registry section. */

static DWORD InfpAddRegLine(PCINFP_INSTALL Install, const INF_MERGED_LINE *Where, HKEY Hkr)
{
    PCINF_LINE Line = Where->Line;
    PCWSTR RootName = InfpLineField(Line, 1), Sub = InfpLineField(Line, 2);
    PCWSTR Name = InfpLineField(Line, 3), FlagText = InfpLineField(Line, 4);
    HKEY Root, Key;
    DWORD Flags = 0, Error;
    BOOL Owned;

    if (!InfpRoot(RootName, Hkr, &Root))
        return InfpBadLine(Where, ERROR_BADKEY, "AddReg: bad registry root", RootName);
    if (FlagText && !InfpParseInteger(FlagText, &Flags))
        return InfpBadLine(Where, ERROR_INVALID_DATA, "AddReg: bad flags", FlagText);
    if ((Flags & 0xFFFF & ~INFP_ADDREG_VALID_LOW) ||
        (!(Flags & FLG_ADDREG_BINVALUETYPE) && (Flags >> 16) > 2))
        return InfpBadLine(Where, ERROR_INVALID_DATA, "AddReg: bad flags", FlagText);

    if (Flags & FLG_ADDREG_DELVAL) {
        Error = InfpOpenSubkey(Root, Sub, FALSE, &Key, &Owned);
        if (Error == ERROR_FILE_NOT_FOUND)
            return ERROR_SUCCESS;
        if (Error)
            return Error;
        if (Name)
            Error = RegDeleteValueW(Key, Name[0] ? Name : NULL);
        else if (Sub && Sub[0]) {
            if (Owned)
                RegCloseKey(Key);
            Owned = FALSE;
            RegDeleteTreeW(Root, Sub);
            Error = RegDeleteKeyW(Root, Sub);
        }
        if (Owned)
            RegCloseKey(Key);
        return Error == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : Error;
    }

    Error = InfpOpenSubkey(Root, Sub, TRUE, &Key, &Owned);
    if (Error) {
        char n[256];
        InfpReportLine(Where, "AddReg: cannot create key \"%s\" (error %u)",
                       InfpNarrow(Sub ? Sub : L"", n, sizeof n), (unsigned)Error);
        return Error;
    }
    if (!Name || (Flags & (FLG_ADDREG_KEYONLY | FLG_ADDREG_KEYONLY_COMMON)))
        goto out;
    PCWSTR ValueName = Name[0] ? Name : NULL;
    DWORD Type = InfpValueType(Flags);
    DWORD ExistingType, ExistingBytes;
    BOOL Exists = RegQueryValueExW(Key, ValueName, NULL, &ExistingType, NULL, &ExistingBytes) ==
                  ERROR_SUCCESS;
    if ((Flags & FLG_ADDREG_NOCLOBBER) && Exists)
        goto out;
    if ((Flags & FLG_ADDREG_OVERWRITEONLY) && !Exists)
        goto out;

    BYTE *Data = NULL;
    DWORD Bytes = 0;
    if (Type == REG_SZ || Type == REG_EXPAND_SZ) {
        PCWSTR Text = InfpLineField(Line, 5);
        PWSTR e;
        Error = InfpExpandDirids(Install, Text ? Text : L"", &e);
        if (!Error) {
            Data = (BYTE *)e;
            Bytes = (DWORD)((RtlpWcslen(e) + 1) * sizeof(WCHAR));
        }
    } else if (Type == REG_MULTI_SZ) {
        SIZE_T OldChars = 0;
        PWSTR Old = (Flags & FLG_ADDREG_APPEND) ? InfpQueryMultiSz(Key, ValueName, &OldChars) : NULL;
        PWSTR m;
        Error = InfpBuildMultiSz(Install, Line, 5, (Flags & FLG_ADDREG_APPEND) ? (Old ? Old : L"") : NULL,
                                 OldChars, &m, &Bytes);
        free(Old);
        if (!Error)
            Data = (BYTE *)m;
    } else if (Type == REG_DWORD && Line->FieldCount <= 5) {
        PCWSTR Text = InfpLineField(Line, 5);
        DWORD v = 0;
        if (Text && !InfpParseInteger(Text, &v)) {
            Error = InfpBadLine(Where, ERROR_INVALID_DATA, "AddReg: bad number", Text);
        } else if ((Data = malloc(sizeof v))) {
            memcpy(Data, &v, sizeof v);
            Bytes = sizeof v;
        } else {
            Error = ERROR_NOT_ENOUGH_MEMORY;
        }
    } else {
        Error = InfpBinaryFields(Line, 5, &Data, &Bytes);
        if (Error == ERROR_INVALID_DATA)
            InfpReportLine(Where, "AddReg: bad binary data");
    }
    if (!Error && Type == REG_SZ && Root == Hkr && (!Sub || !Sub[0]) && ValueName &&
        !InfpCompareNames(ValueName, L"Security")) {
        /* HKR,,Security,,"SDDL": the device's (or class's) security, kept
         * as the self-relative descriptor the PnP manager applies. */
        PBYTE Sd;
        DWORD SdBytes;
        Error = InfpSddlToDescriptor((PCWSTR)Data, &Sd, &SdBytes);
        if (Error == ERROR_INVALID_DATA) {
            Error = InfpBadLine(Where, ERROR_INVALID_DATA, "AddReg: bad security descriptor string",
                                (PCWSTR)Data);
        } else if (!Error) {
            free(Data);
            Data = Sd;
            Bytes = SdBytes;
            Type = REG_BINARY;
        }
    }
    if (!Error)
        Error = RegSetValueExW(Key, ValueName, 0, Type, Data, Bytes);
    free(Data);
out:
    if (Owned)
        RegCloseKey(Key);
    return Error;
}

/* One line of a del-registry section. */
static DWORD InfpDelRegLine(const INF_MERGED_LINE *Where, HKEY Hkr)
{
    PCINF_LINE Line = Where->Line;
    PCWSTR RootName = InfpLineField(Line, 1), Sub = InfpLineField(Line, 2);
    PCWSTR Name = InfpLineField(Line, 3), FlagText = InfpLineField(Line, 4);
    HKEY Root, Key;
    DWORD Flags = 0, Error;
    BOOL Owned;

    if (!InfpRoot(RootName, Hkr, &Root))
        return InfpBadLine(Where, ERROR_BADKEY, "DelReg: bad registry root", RootName);
    if (FlagText && !InfpParseInteger(FlagText, &Flags))
        return InfpBadLine(Where, ERROR_INVALID_DATA, "DelReg: bad flags", FlagText);
    if (Flags & 0xFFFF & ~(INFP_ADDREG_VALID_LOW | FLG_ADDREG_DELREG_BIT))
        return InfpBadLine(Where, ERROR_INVALID_DATA, "DelReg: bad flags", FlagText);

    if (!Name || (Flags & FLG_ADDREG_KEYONLY_COMMON)) {
        /* The whole subkey. */
        if (!Sub || !Sub[0])
            return ERROR_SUCCESS; /* never the root itself */
        RegDeleteTreeW(Root, Sub);
        Error = RegDeleteKeyW(Root, Sub);
        return Error == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : Error;
    }
    Error = InfpOpenSubkey(Root, Sub, FALSE, &Key, &Owned);
    if (Error)
        return Error == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : Error;
    PCWSTR ValueName = Name[0] ? Name : NULL;
    if ((Flags & FLG_DELREG_MULTI_SZ_DELSTRING) == FLG_DELREG_MULTI_SZ_DELSTRING) {
        /* Take one string out of a MULTI_SZ (every occurrence). */
        PCWSTR Remove = InfpLineField(Line, 5);
        SIZE_T Chars;
        PWSTR Old = Remove ? InfpQueryMultiSz(Key, ValueName, &Chars) : NULL;
        if (Old) {
            PWSTR New = calloc(Chars + 2, sizeof(WCHAR));
            SIZE_T Used = 0;
            for (SIZE_T i = 0; New && i < Chars && Old[i];) {
                SIZE_T n = RtlpWcslen(Old + i);
                if (InfpCompareNames(Old + i, Remove)) {
                    memcpy(New + Used, Old + i, (n + 1) * sizeof(WCHAR));
                    Used += n + 1;
                }
                i += n + 1;
            }
            if (!New)
                Error = ERROR_NOT_ENOUGH_MEMORY;
            else
                Error = RegSetValueExW(Key, ValueName, 0, REG_MULTI_SZ, (BYTE *)New,
                                       (DWORD)((Used + 1) * sizeof(WCHAR)));
            free(New);
            free(Old);
        }
    } else {
        Error = RegDeleteValueW(Key, ValueName);
        if (Error == ERROR_FILE_NOT_FOUND)
            Error = ERROR_SUCCESS;
    }
    if (Owned)
        RegCloseKey(Key);
    return Error;
}

/* Each section named by the directive's fields, line by line. */
static DWORD InfpRegistryDirective(PCINFP_INSTALL Install, const INF_MERGED_LINE *Directive,
                                   HKEY Hkr, BOOL Add)
{
    DWORD Error = ERROR_SUCCESS;
    for (ULONG f = 0; f < Directive->Line->FieldCount && !Error; f++) {
        PCWSTR Section = Directive->Line->Fields[f];
        if (!Section[0])
            continue;
        if (!InfpSectionExists(Install->Inf, Section)) {
            char n[300];
            InfpReportLine(Directive, "%s: no section [%s]", Add ? "AddReg" : "DelReg",
                           InfpNarrow(Section, n, sizeof n));
            return ERROR_SECTION_NOT_FOUND;
        }
        INFCONTEXT Ctx;
        for (PCINF_LINE Line = InfpFindFirstLine(Install->Inf, Section, NULL, &Ctx); Line && !Error;
             Line = InfpFindNextLine(&Ctx, NULL, &Ctx)) {
            INF_MERGED_LINE Where;
            InfpMergedFromContext(&Ctx, Section, &Where);
            Error = Add ? InfpAddRegLine(Install, &Where, Hkr) : InfpDelRegLine(&Where, Hkr);
        }
    }
    return Error;
}

DWORD InfpAddRegDirective(PCINFP_INSTALL Install, const INF_MERGED_LINE *Directive, HKEY Hkr)
{
    return InfpRegistryDirective(Install, Directive, Hkr, TRUE);
}

DWORD InfpDelRegDirective(PCINFP_INSTALL Install, const INF_MERGED_LINE *Directive, HKEY Hkr)
{
    return InfpRegistryDirective(Install, Directive, Hkr, FALSE);
}
