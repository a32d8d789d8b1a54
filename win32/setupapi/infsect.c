/*
 * setupapi/infsect.c - which sections device installation uses: the Models
 * section a [Manufacturer] line designates for this platform (TargetOSVersion
 * decorations), the platform extension of a DDInstall section, and the
 * lines of an install section with its Include= and Needs= entries
 * processed.  The rules are those of "INF Manufacturer Section", "Combining
 * Platform Extensions with Operating System Versions", "INF File Platform
 * Extensions and x64-Based Systems" and "INF DDInstall Section".
 */
#include "setupapip.h"
#include "rtl/nls.h"

#include <stdlib.h>
#include <string.h>

static const INFP_PLATFORM InfpNtio = {
    .Architecture = L"amd64",
    .MajorVersion = 10,
    .MinorVersion = 0,
    .BuildNumber = 19041,
    .ProductType = 1,           /* VER_NT_WORKSTATION */
    .SuiteMask = 0x100,         /* VER_SUITE_SINGLEUSERTS, as Windows 10 reports */
};

INFPAPI PCINFP_PLATFORM InfpNtioPlatform(VOID)
{
    return &InfpNtio;
}

static PWSTR InfpConcat(PCWSTR A, PCWSTR Sep, PCWSTR B)
{
    SIZE_T a = RtlpWcslen(A), s = RtlpWcslen(Sep), b = RtlpWcslen(B);
    PWSTR r = malloc((a + s + b + 1) * sizeof(WCHAR));
    if (r) {
        memcpy(r, A, a * sizeof(WCHAR));
        memcpy(r + a, Sep, s * sizeof(WCHAR));
        memcpy(r + a + s, B, (b + 1) * sizeof(WCHAR));
    }
    return r;
}

/* ---- TargetOSVersion decorations ---------------------------------------------------- */

/* NT[Architecture][.[Major][.[Minor][.[ProductType][.[SuiteMask][.[BuildNumber]]]]]] */
typedef struct _INFP_DECORATION {
    BOOLEAN HasArch;
    ULONG Value[5];             /* major, minor, product type, suite mask, build */
    BOOLEAN Has[5];
} INFP_DECORATION;

enum { INFP_MAJOR, INFP_MINOR, INFP_PRODUCT, INFP_SUITE, INFP_BUILD };

/* A number of a decoration: decimal, or hexadecimal after 0x. */
static BOOLEAN InfpParseNumber(PCWSTR s, SIZE_T n, ULONG *Value)
{
    ULONG v = 0;
    SIZE_T i = 0;
    int Base = 10;
    if (n > 2 && s[0] == L'0' && (s[1] == L'x' || s[1] == L'X')) {
        Base = 16;
        i = 2;
    }
    if (i == n)
        return FALSE;
    for (; i < n; i++) {
        WCHAR c = s[i];
        ULONG d;
        if (c >= L'0' && c <= L'9')
            d = c - L'0';
        else if (Base == 16 && c >= L'a' && c <= L'f')
            d = c - L'a' + 10;
        else if (Base == 16 && c >= L'A' && c <= L'F')
            d = c - L'A' + 10;
        else
            return FALSE;
        v = v * (ULONG)Base + d;
    }
    *Value = v;
    return TRUE;
}

/* Parse Text; FALSE if it is no decoration, or is one for another platform. */
static BOOLEAN InfpParseDecoration(PCWSTR Text, PCINFP_PLATFORM Platform, INFP_DECORATION *d)
{
    memset(d, 0, sizeof(*d));
    if ((Text[0] != L'N' && Text[0] != L'n') || (Text[1] != L'T' && Text[1] != L't'))
        return FALSE;
    PCWSTR p = Text + 2, Arch = p;
    while (*p && *p != L'.')
        p++;
    SIZE_T ArchLen = (SIZE_T)(p - Arch);
    if (ArchLen) {
        SIZE_T Want = RtlpWcslen(Platform->Architecture);
        if (ArchLen != Want)
            return FALSE;
        for (SIZE_T i = 0; i < ArchLen; i++) {
            WCHAR a = Arch[i], b = Platform->Architecture[i];
            if (a >= L'A' && a <= L'Z')
                a += 32;
            if (b >= L'A' && b <= L'Z')
                b += 32;
            if (a != b)
                return FALSE;
        }
        d->HasArch = TRUE;
    }
    for (int Part = 0; *p; Part++) {
        if (Part == 5)
            return FALSE;           /* more parts than the format has */
        PCWSTR Start = ++p;         /* past the '.' */
        while (*p && *p != L'.')
            p++;
        if (p > Start) {
            if (!InfpParseNumber(Start, (SIZE_T)(p - Start), &d->Value[Part]))
                return FALSE;
            d->Has[Part] = TRUE;
        }
    }
    return TRUE;
}

/* Whether the decoration applies to Platform. */
static BOOLEAN InfpDecorationApplies(const INFP_DECORATION *d, PCINFP_PLATFORM P)
{
    ULONG Major = d->Value[INFP_MAJOR], Minor = d->Value[INFP_MINOR];
    if (Major > P->MajorVersion || (Major == P->MajorVersion && Minor > P->MinorVersion))
        return FALSE;
    /* A build number counts only for the same major.minor version. */
    if (d->Has[INFP_BUILD] && Major == P->MajorVersion && Minor == P->MinorVersion &&
        d->Value[INFP_BUILD] > P->BuildNumber)
        return FALSE;
    if (d->Has[INFP_PRODUCT] && d->Value[INFP_PRODUCT] != P->ProductType)
        return FALSE;
    if (d->Has[INFP_SUITE] && (P->SuiteMask & d->Value[INFP_SUITE]) != d->Value[INFP_SUITE])
        return FALSE;
    return TRUE;
}

/* >0 when a is a closer match than b: the higher OS version first ("a
 * specific version number takes precedence over the product type and suite
 * mask"), then the build within that version, then a product type, a suite
 * mask (more suites first) and an explicit architecture. */
static int InfpCompareDecorations(const INFP_DECORATION *a, const INFP_DECORATION *b,
                                  PCINFP_PLATFORM P)
{
    ULONGLONG va = (ULONGLONG)a->Value[INFP_MAJOR] << 32 | a->Value[INFP_MINOR];
    ULONGLONG vb = (ULONGLONG)b->Value[INFP_MAJOR] << 32 | b->Value[INFP_MINOR];
    if (va != vb)
        return va > vb ? 1 : -1;
    BOOLEAN Current = a->Value[INFP_MAJOR] == P->MajorVersion && a->Value[INFP_MINOR] == P->MinorVersion;
    ULONG ba = Current && a->Has[INFP_BUILD] ? a->Value[INFP_BUILD] : 0;
    ULONG bb = Current && b->Has[INFP_BUILD] ? b->Value[INFP_BUILD] : 0;
    if (ba != bb)
        return ba > bb ? 1 : -1;
    if (a->Has[INFP_PRODUCT] != b->Has[INFP_PRODUCT])
        return a->Has[INFP_PRODUCT] ? 1 : -1;
    int sa = a->Has[INFP_SUITE] ? 1 + __builtin_popcount(a->Value[INFP_SUITE]) : 0;
    int sb = b->Has[INFP_SUITE] ? 1 + __builtin_popcount(b->Value[INFP_SUITE]) : 0;
    if (sa != sb)
        return sa > sb ? 1 : -1;
    if (a->HasArch != b->HasArch)
        return a->HasArch ? 1 : -1;
    return 0;
}

INFPAPI DWORD InfpSelectModelsSection(PCINF_LINE ManufacturerLine, PCINFP_PLATFORM Platform,
                                      PWSTR *Section)
{
    if (!Section)
        return ERROR_INVALID_PARAMETER;
    *Section = NULL;
    if (!ManufacturerLine || !ManufacturerLine->FieldCount || !ManufacturerLine->Fields[0][0])
        return ERROR_INVALID_PARAMETER;
    if (!Platform)
        Platform = &InfpNtio;

    PCWSTR Base = ManufacturerLine->Fields[0], Best = NULL;
    INFP_DECORATION BestDecoration = {0}, d;
    for (ULONG i = 1; i < ManufacturerLine->FieldCount; i++) {
        PCWSTR Text = ManufacturerLine->Fields[i];
        if (!InfpParseDecoration(Text, Platform, &d) || !InfpDecorationApplies(&d, Platform))
            continue;
        if (!Best || InfpCompareDecorations(&d, &BestDecoration, Platform) > 0) {
            Best = Text;
            BestDecoration = d;
        }
    }
    *Section = Best ? InfpConcat(Base, L".", Best) : InfpConcat(Base, L"", L"");
    return *Section ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
}

INFPAPI DWORD InfpSelectInstallSection(PINF_FILE Head, PCWSTR Base, PCINFP_PLATFORM Platform,
                                       PWSTR *Section, PCWSTR *Extension)
{
    if (!Section)
        return ERROR_INVALID_PARAMETER;
    *Section = NULL;
    if (Extension)
        *Extension = NULL;
    if (!InfpFromHandle(Head) || !Base)
        return ERROR_INVALID_PARAMETER;
    if (!Platform)
        Platform = &InfpNtio;

    /* .NT<arch>, then .NT, then none ("INF File Platform Extensions and
     * x64-Based Systems"), each looked for in every file of the HINF. */
    PWSTR Arch = InfpConcat(L".NT", Platform->Architecture, L"");
    if (!Arch)
        return ERROR_NOT_ENOUGH_MEMORY;
    PCWSTR Extensions[] = {Arch, L".NT", L""};
    DWORD Error = ERROR_SECTION_NOT_FOUND;
    for (unsigned i = 0; i < 3; i++) {
        PWSTR Name = InfpConcat(Base, Extensions[i], L"");
        if (!Name) {
            Error = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
        if (InfpSectionExists(Head, Name)) {
            *Section = Name;
            if (Extension)
                *Extension = Name + RtlpWcslen(Base);
            Error = ERROR_SUCCESS;
            break;
        }
        free(Name);
    }
    free(Arch);
    return Error;
}

/* ---- Include= and Needs= ------------------------------------------------------------------ */

static BOOLEAN InfpIsFile(PCWSTR Path)
{
    DWORD a = GetFileAttributesW(Path);
    return a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY);
}

/* Append the INF Name that a line of Includer names, unless the HINF has it. */
static DWORD InfpInclude(PINF_FILE Head, const INF_FILE *Includer, PCWSTR Name)
{
    PWSTR Path = NULL;
    BOOLEAN Separator = FALSE;
    for (PCWSTR p = Name; *p; p++) {
        if (*p == L'\\' || *p == L'/')
            Separator = TRUE;
    }
    if (!Separator) {
        /* Next to the INF that includes it (a driver package's own INFs),
         * then where SetupOpenInfFile looks (%windir%\inf, system32). */
        PCWSTR Slash = NULL;
        for (PCWSTR p = Includer->Path; *p; p++) {
            if (*p == L'\\' || *p == L'/')
                Slash = p;
        }
        if (Slash) {
            SIZE_T DirLen = (SIZE_T)(Slash + 1 - Includer->Path), NameLen = RtlpWcslen(Name);
            Path = malloc((DirLen + NameLen + 1) * sizeof(WCHAR));
            if (!Path)
                return ERROR_NOT_ENOUGH_MEMORY;
            memcpy(Path, Includer->Path, DirLen * sizeof(WCHAR));
            memcpy(Path + DirLen, Name, (NameLen + 1) * sizeof(WCHAR));
            if (!InfpIsFile(Path)) {
                free(Path);
                Path = NULL;
            }
        }
    }
    if (!Path) {
        DWORD Error = InfpResolvePath(Name, &Path);
        if (Error)
            return Error;
    }
    for (const INF_FILE *f = Head; f; f = __atomic_load_n(&((PINF_FILE)f)->Next, __ATOMIC_ACQUIRE)) {
        if (!InfpCompareNames(f->Path, Path)) {
            free(Path);
            return ERROR_SUCCESS;   /* already part of the HINF */
        }
    }
    PINF_FILE Child;
    UINT Line;
    DWORD Error = InfpOpen(Path, NULL, INF_STYLE_WIN4, &Child, &Line);
    free(Path);
    if (!Error) {
        Error = InfpAppend(Head, Child);
        if (Error)
            InfpClose(Child);
    }
    return Error;
}

static BOOLEAN InfpIsKey(PCINF_LINE Line, PCWSTR Key)
{
    return Line->Key && !InfpCompareNames(Line->Key, Key);
}

static DWORD InfpListAdd(PINF_LINE_LIST List, ULONG *Capacity, const INFCONTEXT *At,
                         PCINF_LINE Line)
{
    if (List->Count == *Capacity) {
        ULONG Cap = *Capacity ? *Capacity * 2 : 16;
        PINF_MERGED_LINE l = realloc(List->Lines, Cap * sizeof(*l));
        if (!l)
            return ERROR_NOT_ENOUGH_MEMORY;
        List->Lines = l;
        *Capacity = Cap;
    }
    PINF_FILE File = At->CurrentInf;
    PINF_MERGED_LINE m = &List->Lines[List->Count++];
    m->File = File;
    m->Section = File->Sections[At->Section].Name;
    m->Line = Line;
    return ERROR_SUCCESS;
}

/* The lines of Section except its Include/Needs entries. */
static DWORD InfpAddSectionLines(PINF_FILE Head, PCWSTR Section, PINF_LINE_LIST List,
                                 ULONG *Capacity)
{
    INFCONTEXT At;
    for (PCINF_LINE l = InfpFindFirstLine(Head, Section, NULL, &At); l;
         l = InfpFindNextLine(&At, NULL, &At)) {
        if (InfpIsKey(l, L"Include") || InfpIsKey(l, L"Needs"))
            continue;
        DWORD Error = InfpListAdd(List, Capacity, &At, l);
        if (Error)
            return Error;
    }
    return ERROR_SUCCESS;
}

INFPAPI DWORD InfpGetInstallSectionLines(PINF_FILE Head, PCWSTR Section, PINF_LINE_LIST List)
{
    if (!List)
        return ERROR_INVALID_PARAMETER;
    List->Count = 0;
    List->Lines = NULL;
    if (!InfpFromHandle(Head) || !Section)
        return ERROR_INVALID_PARAMETER;
    if (!InfpSectionExists(Head, Section))
        return ERROR_SECTION_NOT_FOUND;

    INFCONTEXT At;
    PCINF_LINE l;
    DWORD Error = ERROR_SUCCESS;
    ULONG Capacity = 0;

    /* Include= first, so that the needed sections exist. */
    for (l = InfpFindFirstLine(Head, Section, L"Include", &At); l && !Error;
         l = InfpFindNextLine(&At, L"Include", &At)) {
        for (ULONG i = 0; i < l->FieldCount && !Error; i++) {
            if (l->Fields[i][0])
                Error = InfpInclude(Head, At.CurrentInf, l->Fields[i]);
        }
    }
    if (!Error)
        Error = InfpAddSectionLines(Head, Section, List, &Capacity);
    for (l = InfpFindFirstLine(Head, Section, L"Needs", &At); l && !Error;
         l = InfpFindNextLine(&At, L"Needs", &At)) {
        for (ULONG i = 0; i < l->FieldCount && !Error; i++) {
            PCWSTR Needed = l->Fields[i];
            if (!Needed[0])
                continue;
            if (!InfpSectionExists(Head, Needed))
                Error = ERROR_SECTION_NOT_FOUND;
            else
                Error = InfpAddSectionLines(Head, Needed, List, &Capacity);
        }
    }
    if (Error)
        InfpFreeLineList(List);
    return Error;
}

INFPAPI VOID InfpFreeLineList(PINF_LINE_LIST List)
{
    if (!List)
        return;
    free(List->Lines);
    List->Lines = NULL;
    List->Count = 0;
}
