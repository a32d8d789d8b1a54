/*
 * setupapi/infparse.c - the INF file parser: the bytes of a file to sections
 * of lines of fields (setupapip.h), with Windows' syntax rules.
 *
 * Text: UTF-16LE/BE with a BOM, UTF-16LE without one (recognised by its
 * zero high bytes), UTF-8 with or without a BOM; a byte that is not part of
 * valid UTF-8 is Windows-1252 (ntio's ANSI is UTF-8, and old INFs are 1252).
 * A ^Z ends the file; a NUL is a blank.  A .inx file gets stampinf's
 * substitutions ($ARCH$, $KMDFVERSION$) so a driver package's .inx is usable.
 *
 * Syntax, as SetupAPI parses it (the behaviour Wine's conformance tests
 * record on Windows):
 *  - "[name]" starts a section; text after the ']' is ignored; a name runs
 *    to the first ']' (no comments or quotes inside); more than 255
 *    characters is ERROR_SECTION_NAME_TOO_LONG, no ']' on the line is
 *    ERROR_BAD_SECTION_NAME_LINE.  Sections of the same name are merged.
 *  - An entry is "key = field, field …" or "field, field …": the first '='
 *    before any ',' (outside quotes) ends the key.  A one-field line without
 *    '=' uses that field as its key too.
 *  - Fields are trimmed of blanks; inner blanks stay.  "…" quotes keep
 *    everything (",;=\ and blanks), "" inside quotes is one '"', and quoted
 *    and unquoted pieces join into one field.  A quote left open ends at the
 *    end of the line (Windows accepts it; ntio warns on stderr).
 *  - ';' outside quotes starts a comment.
 *  - A '\' followed only by blanks, more '\'s or a comment up to the end of
 *    the line joins the next line (its leading blanks dropped); any other
 *    '\' is an ordinary character.
 *  - Entries before the first section are an error (ERROR_EXPECTED_SECTION_NAME)
 *    unless the file has a [Strings] section, which Windows also tolerates.
 *  - %strkey% tokens in keys and fields are replaced by the values of the
 *    file's [Strings.LLLL] / [Strings] section once the file is read
 *    (so keys match their substituted text); "%%" is '%'; an unknown
 *    token stays as it is; values are not substituted again.  A field is
 *    at most MAX_INF_STRING_LENGTH characters, as on Windows 10.
 */
#include "setupapip.h"
#include "rtl/nls.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

NTIO_EXPORT WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR SourceCharacter);

#define INFP_MAX_SECTION_NAME MAX_INF_SECTION_NAME_LENGTH
#define INFP_MAX_FIELD MAX_INF_STRING_LENGTH

/* ---- names ------------------------------------------------------------------------ */

static inline WCHAR InfpUpcase(WCHAR c)
{
    if (c < 0x80)
        return (c >= L'a' && c <= L'z') ? (WCHAR)(c - 32) : c;
    return RtlUpcaseUnicodeChar(c);
}

INFPAPI int InfpCompareNames(PCWSTR A, PCWSTR B)
{
    for (;; A++, B++) {
        WCHAR a = InfpUpcase(*A), b = InfpUpcase(*B);
        if (a != b)
            return a < b ? -1 : 1;
        if (!a)
            return 0;
    }
}

/* A counted name (not NUL-terminated) against a NUL-terminated one. */
static BOOLEAN InfpEqualCounted(PCWSTR A, SIZE_T ALen, PCWSTR B)
{
    for (SIZE_T i = 0; i < ALen; i++, B++) {
        if (!*B || InfpUpcase(A[i]) != InfpUpcase(*B))
            return FALSE;
    }
    return *B == 0;
}

static ULONG InfpHashCounted(PCWSTR s, SIZE_T Len)
{
    ULONG h = 2166136261u;
    for (SIZE_T i = 0; i < Len; i++) {
        h ^= InfpUpcase(s[i]);
        h *= 16777619u;
    }
    return h;
}

static inline BOOLEAN InfpIsBlank(WCHAR c)
{
    return c == L' ' || c == L'\t' || c == L'\r' || c == L'\v' || c == L'\f';
}

/* ---- storage ---------------------------------------------------------------------- */

/* Strings and field arrays of a file come from blocks freed together when
 * the file is closed. */
struct _INF_ARENA {
    struct _INF_ARENA *Next;
    SIZE_T Used;
    SIZE_T Size;
    _Alignas(16) unsigned char Data[];
};

#define INFP_ARENA_BLOCK 32768

static void *InfpAlloc(PINF_FILE File, SIZE_T Bytes)
{
    Bytes = (Bytes + 15) & ~(SIZE_T)15;
    INF_ARENA *a = File->Arena;
    if (a && a->Size - a->Used >= Bytes) {
        void *p = a->Data + a->Used;
        a->Used += Bytes;
        return p;
    }
    if (Bytes > INFP_ARENA_BLOCK / 4) {
        /* A large string gets a block of its own, behind the current one,
         * which keeps its free space. */
        INF_ARENA *Big = malloc(sizeof(*Big) + Bytes);
        if (!Big)
            return NULL;
        Big->Used = Big->Size = Bytes;
        if (a) {
            Big->Next = a->Next;
            a->Next = Big;
        } else {
            Big->Next = NULL;
            File->Arena = Big;
        }
        return Big->Data;
    }
    a = malloc(sizeof(*a) + INFP_ARENA_BLOCK);
    if (!a)
        return NULL;
    a->Next = File->Arena;
    a->Size = INFP_ARENA_BLOCK;
    a->Used = Bytes;
    File->Arena = a;
    return a->Data;
}

static PWSTR InfpStoreString(PINF_FILE File, PCWSTR s, SIZE_T Len)
{
    PWSTR p = InfpAlloc(File, (Len + 1) * sizeof(WCHAR));
    if (p) {
        memcpy(p, s, Len * sizeof(WCHAR));
        p[Len] = 0;
    }
    return p;
}

static void InfpFreeFile(PINF_FILE File)
{
    if (!File)
        return;
    for (ULONG i = 0; i < File->SectionCount; i++)
        free(File->Sections[i].Lines);
    free(File->Sections);
    free(File->Buckets);
    for (INF_ARENA *a = File->Arena, *n; a; a = n) {
        n = a->Next;
        free(a);
    }
    File->Magic = 0;
    free(File);
}

/* ---- sections ---------------------------------------------------------------------- */

static LONG InfpLookupSection(const INF_FILE *File, PCWSTR Name, SIZE_T Len)
{
    if (!File->BucketCount)
        return -1;
    ULONG h = InfpHashCounted(Name, Len) & (File->BucketCount - 1);
    for (LONG i = File->Buckets[h]; i >= 0; i = File->Sections[i].HashNext) {
        if (InfpEqualCounted(Name, Len, File->Sections[i].Name))
            return i;
    }
    return -1;
}

static BOOLEAN InfpRehash(PINF_FILE File, ULONG Buckets)
{
    LONG *b = malloc(Buckets * sizeof(LONG));
    if (!b)
        return FALSE;
    for (ULONG i = 0; i < Buckets; i++)
        b[i] = -1;
    for (ULONG i = 0; i < File->SectionCount; i++) {
        PINF_SECTION s = &File->Sections[i];
        ULONG h = InfpHashCounted(s->Name, RtlpWcslen(s->Name)) & (Buckets - 1);
        s->HashNext = b[h];
        b[h] = (LONG)i;
    }
    free(File->Buckets);
    File->Buckets = b;
    File->BucketCount = Buckets;
    return TRUE;
}

/* The index of section Name (counted), created if new; -1 when out of memory. */
static LONG InfpAddSection(PINF_FILE File, PCWSTR Name, SIZE_T Len)
{
    LONG i = InfpLookupSection(File, Name, Len);
    if (i >= 0)
        return i;
    if (File->SectionCount == File->SectionCapacity) {
        ULONG Cap = File->SectionCapacity ? File->SectionCapacity * 2 : 32;
        PINF_SECTION s = realloc(File->Sections, Cap * sizeof(*s));
        if (!s)
            return -1;
        File->Sections = s;
        File->SectionCapacity = Cap;
    }
    PWSTR Stored = InfpStoreString(File, Name, Len);
    if (!Stored)
        return -1;
    i = (LONG)File->SectionCount++;
    PINF_SECTION s = &File->Sections[i];
    memset(s, 0, sizeof(*s));
    s->Name = Stored;
    if (File->SectionCount > File->BucketCount) {
        if (!InfpRehash(File, File->BucketCount ? File->BucketCount * 2 : 64)) {
            File->SectionCount--;
            return -1;
        }
    } else {
        ULONG h = InfpHashCounted(Name, Len) & (File->BucketCount - 1);
        s->HashNext = File->Buckets[h];
        File->Buckets[h] = i;
    }
    return i;
}

INFPAPI PCINF_SECTION InfpFindSection(const INF_FILE *File, PCWSTR Name)
{
    if (!File || !Name)
        return NULL;
    LONG i = InfpLookupSection(File, Name, RtlpWcslen(Name));
    return i >= 0 ? &File->Sections[i] : NULL;
}

/* ---- diagnostics ------------------------------------------------------------------- */

static void InfpReport(PCWSTR Path, ULONG Line, const char *Format, ...)
{
    char Name[1024];
    SIZE_T Chars = RtlpWcslen(Path);
    SIZE_T n = RtlpUtf16ToUtf8(Name, sizeof(Name) - 1, Path, Chars);
    Name[n < sizeof(Name) - 1 ? n : sizeof(Name) - 1] = 0;
    char Message[512];
    va_list Args;
    va_start(Args, Format);
    vsnprintf(Message, sizeof(Message), Format, Args);
    va_end(Args);
    if (Line)
        fprintf(stderr, "ntio: setupapi: %s:%u: %s\n", Name, (unsigned)Line, Message);
    else
        fprintf(stderr, "ntio: setupapi: %s: %s\n", Name, Message);
}

/* ---- decoding ---------------------------------------------------------------------- */

/* Windows-1252 0x80-0x9F (the rest of the high half is Latin-1). */
static const WCHAR InfpCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* One UTF-8 sequence at s (n bytes left): its code point and length, or 0. */
static int InfpUtf8Sequence(const UCHAR *s, SIZE_T n, ULONG *Cp)
{
    ULONG c = s[0], Min;
    int Len;
    if (c < 0x80) {
        *Cp = c;
        return 1;
    }
    if ((c & 0xE0) == 0xC0)
        Len = 2, c &= 0x1F, Min = 0x80;
    else if ((c & 0xF0) == 0xE0)
        Len = 3, c &= 0x0F, Min = 0x800;
    else if ((c & 0xF8) == 0xF0)
        Len = 4, c &= 0x07, Min = 0x10000;
    else
        return 0;
    if ((SIZE_T)Len > n)
        return 0;
    for (int i = 1; i < Len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < Min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *Cp = c;
    return Len;
}

/* UTF-16LE without a BOM: the high bytes of the first characters are zero
 * (an ANSI INF never contains NUL bytes). */
static BOOLEAN InfpLooksUtf16(const UCHAR *b, SIZE_T Bytes)
{
    if (Bytes < 4 || (Bytes & 1))
        return FALSE;
    SIZE_T Pairs = (Bytes < 512 ? Bytes : 512) / 2, Ascii = 0;
    for (SIZE_T i = 0; i < Pairs; i++) {
        if (b[2 * i + 1] == 0 && b[2 * i] != 0)
            Ascii++;
    }
    return Ascii * 4 >= Pairs * 3;
}

/* The file's text as UTF-16 (malloc'd), ^Z-terminated content cut, NULs blanks. */
static DWORD InfpDecode(const void *Data, SIZE_T Bytes, PWSTR *Text, SIZE_T *Chars)
{
    const UCHAR *b = Data;
    PWSTR Out;
    SIZE_T n = 0;

    if (Bytes >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF) ||
                       InfpLooksUtf16(b, Bytes))) {
        BOOLEAN BigEndian = b[0] == 0xFE && b[1] == 0xFF;
        SIZE_T Start = (b[0] == 0xFF && b[1] == 0xFE) || BigEndian ? 2 : 0;
        Out = malloc(((Bytes - Start) / 2 + 1) * sizeof(WCHAR));
        if (!Out)
            return ERROR_NOT_ENOUGH_MEMORY;
        for (SIZE_T i = Start; i + 1 < Bytes; i += 2)
            Out[n++] = BigEndian ? (WCHAR)(b[i] << 8 | b[i + 1]) : (WCHAR)(b[i] | b[i + 1] << 8);
    } else {
        SIZE_T i = 0;
        if (Bytes >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
            i = 3;
        /* Never more UTF-16 units than bytes. */
        Out = malloc((Bytes - i + 1) * sizeof(WCHAR));
        if (!Out)
            return ERROR_NOT_ENOUGH_MEMORY;
        while (i < Bytes) {
            ULONG Cp;
            int Len = InfpUtf8Sequence(b + i, Bytes - i, &Cp);
            if (!Len) {
                UCHAR c = b[i];
                Cp = (c >= 0x80 && c < 0xA0) ? InfpCp1252High[c - 0x80] : c;
                Len = 1;
            }
            if (Cp >= 0x10000) {
                Out[n++] = (WCHAR)(0xD800 + ((Cp - 0x10000) >> 10));
                Out[n++] = (WCHAR)(0xDC00 + ((Cp - 0x10000) & 0x3FF));
            } else {
                Out[n++] = (WCHAR)Cp;
            }
            i += (SIZE_T)Len;
        }
    }
    for (SIZE_T i = 0; i < n; i++) {
        if (Out[i] == 0x1A) {   /* ^Z: the end of the file */
            n = i;
            break;
        }
        if (Out[i] == 0)
            Out[i] = L' ';
    }
    Out[n] = 0;
    *Text = Out;
    *Chars = n;
    return ERROR_SUCCESS;
}

static BOOLEAN InfpIsInx(PCWSTR Path)
{
    SIZE_T n = RtlpWcslen(Path);
    return n >= 4 && InfpEqualCounted(Path + n - 4, 4, L".inx");
}

/* stampinf's placeholders in a .inx: replaced in place of the text. */
static DWORD InfpApplyInx(PWSTR *Text, SIZE_T *Chars)
{
    static const struct {
        PCWSTR From;
        PCWSTR To;
    } Map[] = {
        {L"$ARCH$", INFP_INX_ARCH},
        {L"$KMDFVERSION$", INFP_INX_KMDF_VERSION},
    };
    PCWSTR In = *Text;
    SIZE_T n = *Chars, Grow = 0;
    for (SIZE_T i = 0; i < n; i++) {
        for (unsigned m = 0; m < sizeof(Map) / sizeof(Map[0]); m++) {
            SIZE_T fl = RtlpWcslen(Map[m].From), tl = RtlpWcslen(Map[m].To);
            if (i + fl <= n && !memcmp(In + i, Map[m].From, fl * sizeof(WCHAR)) && tl > fl)
                Grow += tl - fl;
        }
    }
    PWSTR Out = malloc((n + Grow + 1) * sizeof(WCHAR));
    if (!Out)
        return ERROR_NOT_ENOUGH_MEMORY;
    SIZE_T o = 0;
    for (SIZE_T i = 0; i < n;) {
        unsigned m;
        for (m = 0; m < sizeof(Map) / sizeof(Map[0]); m++) {
            SIZE_T fl = RtlpWcslen(Map[m].From);
            if (i + fl <= n && !memcmp(In + i, Map[m].From, fl * sizeof(WCHAR))) {
                SIZE_T tl = RtlpWcslen(Map[m].To);
                memcpy(Out + o, Map[m].To, tl * sizeof(WCHAR));
                o += tl;
                i += fl;
                break;
            }
        }
        if (m == sizeof(Map) / sizeof(Map[0]))
            Out[o++] = In[i++];
    }
    Out[o] = 0;
    free(*Text);
    *Text = Out;
    *Chars = o;
    return ERROR_SUCCESS;
}

/* ---- the parser -------------------------------------------------------------------- */

typedef struct _INFP_PARSER {
    PINF_FILE File;
    PCWSTR Path;
    const WCHAR *Pos;
    const WCHAR *End;
    ULONG Line;                 /* current line, 1-based */
    LONG Section;               /* current section index, -1 before the first */
    ULONG FirstOrphanLine;      /* first entry outside a section, 0 if none */
    BOOLEAN NoMemory;

    /* the field being read */
    PWSTR Token;
    SIZE_T TokenLen;
    SIZE_T TokenCap;
    SIZE_T KeepLen;             /* TokenLen without trailing unquoted blanks */
    BOOLEAN TokenQuoted;        /* a quote was seen: blanks are no longer leading */

    /* the entry being read */
    PWSTR Key;
    BOOLEAN HasKey;
    PWSTR *Fields;
    ULONG FieldCount;
    ULONG FieldCap;
} INFP_PARSER, *PINFP_PARSER;

static void InfpAppendChar(PINFP_PARSER P, WCHAR c)
{
    if (P->TokenLen == P->TokenCap) {
        SIZE_T Cap = P->TokenCap ? P->TokenCap * 2 : 256;
        PWSTR t = realloc(P->Token, Cap * sizeof(WCHAR));
        if (!t) {
            P->NoMemory = TRUE;
            return;
        }
        P->Token = t;
        P->TokenCap = Cap;
    }
    P->Token[P->TokenLen++] = c;
}

static void InfpResetToken(PINFP_PARSER P)
{
    P->TokenLen = P->KeepLen = 0;
    P->TokenQuoted = FALSE;
}

/* The current token (trailing blanks dropped) as a stored string, reset. */
static PWSTR InfpTakeToken(PINFP_PARSER P)
{
    PWSTR s = InfpStoreString(P->File, P->Token ? P->Token : L"", P->KeepLen);
    if (!s)
        P->NoMemory = TRUE;
    InfpResetToken(P);
    return s;
}

static void InfpPushField(PINFP_PARSER P)
{
    PWSTR s = InfpTakeToken(P);
    if (!s)
        return;
    if (P->FieldCount == P->FieldCap) {
        ULONG Cap = P->FieldCap ? P->FieldCap * 2 : 16;
        PWSTR *f = realloc(P->Fields, Cap * sizeof(PWSTR));
        if (!f) {
            P->NoMemory = TRUE;
            return;
        }
        P->Fields = f;
        P->FieldCap = Cap;
    }
    P->Fields[P->FieldCount++] = s;
}

static void InfpSkipToEol(PINFP_PARSER P)
{
    while (P->Pos < P->End && *P->Pos != L'\n')
        P->Pos++;
}

/* "…" at Pos: its text (with "" as '"') joins the token. */
static void InfpReadQuoted(PINFP_PARSER P)
{
    P->Pos++;
    for (;;) {
        if (P->Pos >= P->End || *P->Pos == L'\n') {
            InfpReport(P->Path, P->Line,
                       "warning: unterminated quoted string (closed at the end of the line)");
            break;
        }
        if (*P->Pos == L'"') {
            if (P->Pos + 1 < P->End && P->Pos[1] == L'"') {
                InfpAppendChar(P, L'"');
                P->Pos += 2;
                continue;
            }
            P->Pos++;
            break;
        }
        InfpAppendChar(P, *P->Pos++);
    }
    P->TokenQuoted = TRUE;
    P->KeepLen = P->TokenLen;
}

/* A '\' at Pos that continues the entry on the next line: consume it, the
 * rest of the line and the next line's leading blanks. */
static BOOLEAN InfpContinueLine(PINFP_PARSER P)
{
    const WCHAR *q = P->Pos + 1;
    while (q < P->End && (*q == L'\\' || InfpIsBlank(*q)))
        q++;
    if (q < P->End && *q == L';') {
        while (q < P->End && *q != L'\n')
            q++;
    } else if (q < P->End && *q != L'\n') {
        return FALSE;
    }
    P->TokenLen = P->KeepLen;
    if (q < P->End) {
        q++;
        P->Line++;
    }
    while (q < P->End && InfpIsBlank(*q))
        q++;
    P->Pos = q;
    return TRUE;
}

static void InfpAddLine(PINFP_PARSER P, ULONG LineNumber)
{
    PINF_SECTION s = &P->File->Sections[P->Section];
    if (s->LineCount == s->LineCapacity) {
        ULONG Cap = s->LineCapacity ? s->LineCapacity * 2 : 8;
        PINF_LINE l = realloc(s->Lines, Cap * sizeof(*l));
        if (!l) {
            P->NoMemory = TRUE;
            return;
        }
        s->Lines = l;
        s->LineCapacity = Cap;
    }
    PCWSTR *Fields = InfpAlloc(P->File, P->FieldCount * sizeof(PCWSTR));
    if (!Fields) {
        P->NoMemory = TRUE;
        return;
    }
    memcpy(Fields, P->Fields, P->FieldCount * sizeof(PCWSTR));
    PINF_LINE l = &s->Lines[s->LineCount++];
    l->FieldCount = P->FieldCount;
    l->Fields = Fields;
    l->LineNumber = LineNumber;
    /* A single field without '=' is the line's key too: the same string,
     * which substitution keeps shared. */
    l->Key = P->HasKey ? P->Key : (P->FieldCount == 1 ? Fields[0] : NULL);
}

/* An entry starting at Pos (a non-blank that is not '[', ';' or a newline). */
static void InfpReadEntry(PINFP_PARSER P)
{
    ULONG EntryLine = P->Line;
    P->FieldCount = 0;
    P->HasKey = FALSE;
    P->Key = NULL;
    InfpResetToken(P);

    while (P->Pos < P->End && *P->Pos != L'\n' && !P->NoMemory) {
        WCHAR c = *P->Pos;
        if (c == L'"') {
            InfpReadQuoted(P);
            continue;
        }
        if (c == L';') {
            InfpSkipToEol(P);
            break;
        }
        if (c == L',') {
            InfpPushField(P);
            P->Pos++;
            continue;
        }
        if (c == L'=' && !P->HasKey && P->FieldCount == 0) {
            P->Key = InfpTakeToken(P);
            P->HasKey = TRUE;
            P->Pos++;
            continue;
        }
        if (c == L'\\' && InfpContinueLine(P))
            continue;
        if (InfpIsBlank(c)) {
            /* Leading blanks are dropped; inner ones kept, trailing ones
             * dropped when the field ends (KeepLen). */
            if (P->TokenLen || P->TokenQuoted)
                InfpAppendChar(P, c);
            P->Pos++;
            continue;
        }
        InfpAppendChar(P, c);
        P->KeepLen = P->TokenLen;
        P->Pos++;
    }
    InfpPushField(P);
    if (P->NoMemory)
        return;
    if (P->Section < 0) {
        if (!P->FirstOrphanLine)
            P->FirstOrphanLine = EntryLine;
        return;
    }
    InfpAddLine(P, EntryLine);
}

/* "[name]" at Pos. */
static DWORD InfpReadSectionHeader(PINFP_PARSER P)
{
    const WCHAR *Start = P->Pos + 1, *q = Start;
    while (q < P->End && *q != L'\n' && *q != L']')
        q++;
    if (q >= P->End || *q != L']') {
        InfpReport(P->Path, P->Line, "unterminated section name");
        return ERROR_BAD_SECTION_NAME_LINE;
    }
    SIZE_T Len = (SIZE_T)(q - Start);
    if (Len > INFP_MAX_SECTION_NAME) {
        InfpReport(P->Path, P->Line, "section name longer than %u characters",
                   (unsigned)INFP_MAX_SECTION_NAME);
        return ERROR_SECTION_NAME_TOO_LONG;
    }
    P->Section = InfpAddSection(P->File, Start, Len);
    if (P->Section < 0)
        return ERROR_NOT_ENOUGH_MEMORY;
    P->Pos = q + 1;
    InfpSkipToEol(P);   /* the rest of the line is ignored */
    return ERROR_SUCCESS;
}

static DWORD InfpParseText(PINFP_PARSER P, PUINT ErrorLine)
{
    while (P->Pos < P->End) {
        WCHAR c = *P->Pos;
        DWORD Error = ERROR_SUCCESS;
        if (c == L'\n') {
            P->Line++;
            P->Pos++;
        } else if (InfpIsBlank(c)) {
            P->Pos++;
        } else if (c == L';') {
            InfpSkipToEol(P);
        } else if (c == L'[') {
            Error = InfpReadSectionHeader(P);
        } else {
            InfpReadEntry(P);
        }
        if (!Error && P->NoMemory)
            Error = ERROR_NOT_ENOUGH_MEMORY;
        if (Error) {
            if (ErrorLine)
                *ErrorLine = Error == ERROR_NOT_ENOUGH_MEMORY ? 0 : P->Line;
            return Error;
        }
    }
    return ERROR_SUCCESS;
}

/* ---- %strkey% substitution ---------------------------------------------------------- */

typedef struct _INFP_STRING {
    PCWSTR Key;
    PCWSTR Value;
} INFP_STRING;

typedef struct _INFP_STRINGS {
    ULONG Size;                 /* power of two; 0 when the file has no Strings section */
    INFP_STRING *Slots;
} INFP_STRINGS;

/* The [Strings.LLLL] or [Strings] section to use: the exact language, then
 * its SUBLANG_NEUTRAL form, then any sublanguage of it, then [Strings]. */
static LONG InfpChooseStrings(PINF_FILE File)
{
    LONG Plain = -1, Best = -1;
    int BestScore = 0;
    const ULONG Primary = INFP_LANGUAGE & 0x3FF;
    for (ULONG i = 0; i < File->SectionCount; i++) {
        PCWSTR Name = File->Sections[i].Name;
        SIZE_T Len = RtlpWcslen(Name);
        if (Len < 7)
            continue;
        BOOLEAN Prefix = TRUE;
        for (SIZE_T k = 0; k < 7; k++) {
            if (InfpUpcase(Name[k]) != (WCHAR)"STRINGS"[k])
                Prefix = FALSE;
        }
        if (!Prefix)
            continue;
        if (Len == 7) {
            if (Plain < 0)
                Plain = (LONG)i;
            continue;
        }
        if (Name[7] != L'.' || Len == 8 || Len > 12)
            continue;
        ULONG Lang = 0;
        SIZE_T k;
        for (k = 8; k < Len; k++) {
            WCHAR c = Name[k];
            ULONG d;
            if (c >= L'0' && c <= L'9')
                d = c - L'0';
            else if (c >= L'a' && c <= L'f')
                d = c - L'a' + 10;
            else if (c >= L'A' && c <= L'F')
                d = c - L'A' + 10;
            else
                break;
            Lang = Lang * 16 + d;
        }
        if (k < Len)
            continue;
        int Score = 0;
        if (Lang == INFP_LANGUAGE)
            Score = 3;
        else if (Lang == Primary)           /* MAKELANGID(primary, SUBLANG_NEUTRAL) */
            Score = 2;
        else if ((Lang & 0x3FF) == Primary)
            Score = 1;
        if (Score > BestScore) {
            BestScore = Score;
            Best = (LONG)i;
        }
    }
    return Best >= 0 ? Best : Plain;
}

static DWORD InfpBuildStrings(PINF_FILE File, LONG Section, INFP_STRINGS *Table)
{
    Table->Size = 0;
    Table->Slots = NULL;
    if (Section < 0)
        return ERROR_SUCCESS;
    PCINF_SECTION s = &File->Sections[Section];
    ULONG Size = 16;
    while (Size < s->LineCount * 2)
        Size *= 2;
    Table->Slots = calloc(Size, sizeof(INFP_STRING));
    if (!Table->Slots)
        return ERROR_NOT_ENOUGH_MEMORY;
    Table->Size = Size;
    for (ULONG i = 0; i < s->LineCount; i++) {
        PCINF_LINE l = &s->Lines[i];
        if (!l->Key)
            continue;
        ULONG h = InfpHashCounted(l->Key, RtlpWcslen(l->Key)) & (Size - 1);
        while (Table->Slots[h].Key && InfpCompareNames(Table->Slots[h].Key, l->Key))
            h = (h + 1) & (Size - 1);
        if (!Table->Slots[h].Key) {     /* the first definition of a key wins */
            Table->Slots[h].Key = l->Key;
            Table->Slots[h].Value = l->Fields[0];
        }
    }
    return ERROR_SUCCESS;
}

static PCWSTR InfpLookupString(const INFP_STRINGS *Table, PCWSTR Name, SIZE_T Len)
{
    if (!Table->Size)
        return NULL;
    ULONG h = InfpHashCounted(Name, Len) & (Table->Size - 1);
    for (; Table->Slots[h].Key; h = (h + 1) & (Table->Size - 1)) {
        if (InfpEqualCounted(Name, Len, Table->Slots[h].Key))
            return Table->Slots[h].Value;
    }
    return NULL;
}

typedef struct _INFP_BUFFER {
    PWSTR Data;
    SIZE_T Len;
    SIZE_T Cap;
} INFP_BUFFER;

static BOOLEAN InfpBufferAppend(INFP_BUFFER *b, PCWSTR s, SIZE_T n)
{
    if (b->Len + n > INFP_MAX_FIELD)       /* longer results are cut, as Windows */
        n = INFP_MAX_FIELD - b->Len;
    if (b->Len + n + 1 > b->Cap) {
        SIZE_T Cap = b->Cap ? b->Cap : 256;
        while (Cap < b->Len + n + 1)
            Cap *= 2;
        PWSTR d = realloc(b->Data, Cap * sizeof(WCHAR));
        if (!d)
            return FALSE;
        b->Data = d;
        b->Cap = Cap;
    }
    memcpy(b->Data + b->Len, s, n * sizeof(WCHAR));
    b->Len += n;
    return TRUE;
}

/* Raw with its %strkey% tokens replaced; Raw itself when it has none. */
static PCWSTR InfpSubstitute(PINF_FILE File, const INFP_STRINGS *Table, PWSTR Raw,
                             INFP_BUFFER *b)
{
    SIZE_T n = RtlpWcslen(Raw);
    SIZE_T i;
    for (i = 0; i < n && Raw[i] != L'%'; i++)
        ;
    if (i == n) {
        if (n > INFP_MAX_FIELD)
            Raw[INFP_MAX_FIELD] = 0;
        return Raw;
    }
    b->Len = 0;
    for (i = 0; i < n;) {
        if (Raw[i] != L'%') {
            SIZE_T j = i;
            while (j < n && Raw[j] != L'%')
                j++;
            if (!InfpBufferAppend(b, Raw + i, j - i))
                return NULL;
            i = j;
            continue;
        }
        SIZE_T j = i + 1;
        while (j < n && Raw[j] != L'%')
            j++;
        if (j == n) {                   /* a '%' without its pair: as it is */
            if (!InfpBufferAppend(b, Raw + i, n - i))
                return NULL;
            break;
        }
        PCWSTR Value;
        BOOLEAN Ok;
        if (j == i + 1)
            Ok = InfpBufferAppend(b, L"%", 1);
        else if ((Value = InfpLookupString(Table, Raw + i + 1, j - i - 1)))
            Ok = InfpBufferAppend(b, Value, RtlpWcslen(Value));
        else
            Ok = InfpBufferAppend(b, Raw + i, j - i + 1);
        if (!Ok)
            return NULL;
        i = j + 1;
    }
    return InfpStoreString(File, b->Data ? b->Data : L"", b->Len);
}

static DWORD InfpSubstituteAll(PINF_FILE File)
{
    LONG StringsSection = InfpChooseStrings(File);
    INFP_STRINGS Table;
    DWORD Error = InfpBuildStrings(File, StringsSection, &Table);
    if (Error)
        return Error;
    if (StringsSection < 0)
        File->StringsLanguage = 0xFFFF;
    else {
        PCWSTR Name = File->Sections[StringsSection].Name;
        ULONG Lang = 0;
        for (PCWSTR p = Name[7] ? Name + 8 : Name + 7; *p; p++)
            Lang = Lang * 16 + (ULONG)(*p <= L'9' ? *p - L'0' : (InfpUpcase(*p) - L'A' + 10));
        File->StringsLanguage = (LANGID)Lang;
    }
    INFP_BUFFER b = {0};
    for (ULONG s = 0; s < File->SectionCount && !Error; s++) {
        PINF_SECTION Section = &File->Sections[s];
        for (ULONG i = 0; i < Section->LineCount && !Error; i++) {
            PINF_LINE l = &Section->Lines[i];
            BOOLEAN KeyIsField = l->Key && l->Key == l->Fields[0];
            for (ULONG f = 0; f < l->FieldCount; f++) {
                PCWSTR v = InfpSubstitute(File, &Table, (PWSTR)l->Fields[f], &b);
                if (!v) {
                    Error = ERROR_NOT_ENOUGH_MEMORY;
                    break;
                }
                l->Fields[f] = v;
            }
            if (Error)
                break;
            if (KeyIsField) {
                l->Key = l->Fields[0];
            } else if (l->Key) {
                l->Key = InfpSubstitute(File, &Table, (PWSTR)l->Key, &b);
                if (!l->Key)
                    Error = ERROR_NOT_ENOUGH_MEMORY;
            }
        }
    }
    free(b.Data);
    free(Table.Slots);
    return Error;
}

/* ---- loading ------------------------------------------------------------------------ */

static PCINF_LINE InfpFileFirstLine(const INF_FILE *File, PCWSTR Section, PCWSTR Key)
{
    PCINF_SECTION s = InfpFindSection(File, Section);
    if (!s)
        return NULL;
    for (ULONG i = 0; i < s->LineCount; i++) {
        if (s->Lines[i].Key && !InfpCompareNames(s->Lines[i].Key, Key))
            return &s->Lines[i];
    }
    return NULL;
}

static BOOLEAN InfpHasWin4Signature(const INF_FILE *File)
{
    PCINF_LINE l = InfpFileFirstLine(File, L"Version", L"Signature");
    if (!l)
        return FALSE;
    PCWSTR Sig = l->Fields[0];
    return !InfpCompareNames(Sig, L"$Windows NT$") || !InfpCompareNames(Sig, L"$Chicago$") ||
           !InfpCompareNames(Sig, L"$Windows 95$");
}

static DWORD InfpLoad(PCWSTR Path, const void *Data, SIZE_T Bytes, PCWSTR InfClass,
                      DWORD StyleMask, PINF_FILE *Result, PUINT ErrorLine)
{
    PWSTR Text = NULL;
    SIZE_T Chars = 0;
    DWORD Error;

    *Result = NULL;
    PINF_FILE File = calloc(1, sizeof(*File));
    if (!File)
        return ERROR_NOT_ENOUGH_MEMORY;
    File->Magic = INF_FILE_MAGIC;
    File->Head = File;
    File->Path = InfpStoreString(File, Path, RtlpWcslen(Path));
    if (!File->Path) {
        Error = ERROR_NOT_ENOUGH_MEMORY;
        goto fail;
    }

    Error = InfpDecode(Data, Bytes, &Text, &Chars);
    if (!Error && InfpIsInx(Path))
        Error = InfpApplyInx(&Text, &Chars);
    if (Error)
        goto fail;
    if (Chars == 0) {
        /* Windows: an empty file is a general syntax error. */
        InfpReport(Path, 0, "empty file");
        Error = ERROR_GENERAL_SYNTAX;
        goto fail;
    }

    INFP_PARSER P = {0};
    P.File = File;
    P.Path = Path;
    P.Pos = Text;
    P.End = Text + Chars;
    P.Line = 1;
    P.Section = -1;
    Error = InfpParseText(&P, ErrorLine);
    free(P.Token);
    free(P.Fields);
    if (Error)
        goto fail_syntax;

    /* Style first: a file that is not an INF at all is the wrong style,
     * whatever it contains. */
    if (InfpHasWin4Signature(File)) {
        File->Style = INF_STYLE_WIN4;
    } else {
        File->Style = INF_STYLE_OLDNT;
    }
    if (!(StyleMask & File->Style)) {
        Error = ERROR_WRONG_INF_STYLE;
        goto fail;
    }
    if (P.FirstOrphanLine && InfpLookupSection(File, L"Strings", 7) < 0) {
        InfpReport(Path, P.FirstOrphanLine, "entry outside any section (expected a [section] name)");
        if (ErrorLine)
            *ErrorLine = P.FirstOrphanLine;
        Error = ERROR_EXPECTED_SECTION_NAME;
        goto fail_syntax;
    }

    Error = InfpSubstituteAll(File);
    if (Error)
        goto fail;

    if (InfClass) {
        PCINF_LINE Class = InfpFileFirstLine(File, L"Version", L"Class");
        if (!Class || InfpCompareNames(Class->Fields[0], InfClass)) {
            Error = ERROR_CLASS_MISMATCH;
            goto fail;
        }
    }
    free(Text);
    *Result = File;
    return ERROR_SUCCESS;

fail:
    if (ErrorLine)
        *ErrorLine = 0;
fail_syntax:
    free(Text);
    InfpFreeFile(File);
    return Error;
}

INFPAPI DWORD InfpOpenBuffer(PCWSTR Path, const void *Data, SIZE_T Bytes, DWORD StyleMask,
                             PINF_FILE *File, PUINT ErrorLine)
{
    if (!File)
        return ERROR_INVALID_PARAMETER;
    *File = NULL;
    if (!Path || (!Data && Bytes))
        return ERROR_INVALID_PARAMETER;
    return InfpLoad(Path, Data, Bytes, NULL, StyleMask, File, ErrorLine);
}

/* FileName as SetupOpenInfFile finds it: with a path separator, made a full
 * path; without one, %windir%\inf\FileName or %windir%\system32\FileName. */
DWORD InfpResolvePath(PCWSTR FileName, PWSTR *Path)
{
    *Path = NULL;
    BOOLEAN Separator = FALSE;
    for (PCWSTR p = FileName; *p; p++) {
        if (*p == L'\\' || *p == L'/')
            Separator = TRUE;
    }
    if (Separator) {
        DWORD n = GetFullPathNameW(FileName, 0, NULL, NULL);
        if (!n)
            return GetLastError();
        PWSTR Full = malloc(n * sizeof(WCHAR));
        if (!Full)
            return ERROR_NOT_ENOUGH_MEMORY;
        DWORD m = GetFullPathNameW(FileName, n, Full, NULL);
        if (!m || m >= n) {
            free(Full);
            return m ? ERROR_FILENAME_EXCED_RANGE : GetLastError();
        }
        *Path = Full;
        return ERROR_SUCCESS;
    }
    static const PCWSTR Dirs[] = {L"\\inf\\", L"\\system32\\"};
    UINT WinLen = GetWindowsDirectoryW(NULL, 0);
    if (!WinLen)
        return GetLastError();
    SIZE_T NameLen = RtlpWcslen(FileName);
    PWSTR Candidate = malloc((WinLen + 16 + NameLen) * sizeof(WCHAR));
    if (!Candidate)
        return ERROR_NOT_ENOUGH_MEMORY;
    for (unsigned d = 0; d < 2; d++) {
        UINT n = GetWindowsDirectoryW(Candidate, WinLen);
        if (!n || n >= WinLen)
            break;
        if (n && Candidate[n - 1] == L'\\')
            n--;
        SIZE_T dl = RtlpWcslen(Dirs[d]);
        memcpy(Candidate + n, Dirs[d], dl * sizeof(WCHAR));
        memcpy(Candidate + n + dl, FileName, (NameLen + 1) * sizeof(WCHAR));
        DWORD Attributes = GetFileAttributesW(Candidate);
        if (Attributes != INVALID_FILE_ATTRIBUTES && !(Attributes & FILE_ATTRIBUTE_DIRECTORY)) {
            *Path = Candidate;
            return ERROR_SUCCESS;
        }
    }
    free(Candidate);
    return ERROR_FILE_NOT_FOUND;
}

static DWORD InfpReadFile(PCWSTR Path, void **Data, SIZE_T *Bytes)
{
    *Data = NULL;
    *Bytes = 0;
    HANDLE h = CreateFileW(Path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return GetLastError();
    DWORD Error = ERROR_SUCCESS;
    LARGE_INTEGER Size;
    if (!GetFileSizeEx(h, &Size)) {
        Error = GetLastError();
    } else if (Size.QuadPart > 0x7FFFFFFF) {
        Error = ERROR_NOT_ENOUGH_MEMORY;    /* no INF is that large */
    } else {
        SIZE_T Total = (SIZE_T)Size.QuadPart, Done = 0;
        UCHAR *Buffer = malloc(Total ? Total : 1);
        if (!Buffer) {
            Error = ERROR_NOT_ENOUGH_MEMORY;
        } else {
            while (Done < Total) {
                DWORD Got = 0;
                if (!ReadFile(h, Buffer + Done, (DWORD)(Total - Done), &Got, NULL)) {
                    Error = GetLastError();
                    break;
                }
                if (!Got)
                    break;          /* the file shrank: parse what is there */
                Done += Got;
            }
            if (Error)
                free(Buffer);
            else {
                *Data = Buffer;
                *Bytes = Done;
            }
        }
    }
    CloseHandle(h);
    return Error;
}

INFPAPI DWORD InfpOpen(PCWSTR FileName, PCWSTR InfClass, DWORD StyleMask, PINF_FILE *File,
                       PUINT ErrorLine)
{
    PWSTR Path;
    void *Data;
    SIZE_T Bytes;

    if (!File)
        return ERROR_INVALID_PARAMETER;
    *File = NULL;
    if (!FileName || !*FileName) {
        if (ErrorLine)
            *ErrorLine = 0;
        return FileName ? ERROR_FILE_NOT_FOUND : ERROR_INVALID_PARAMETER;
    }
    DWORD Error = InfpResolvePath(FileName, &Path);
    if (!Error) {
        Error = InfpReadFile(Path, &Data, &Bytes);
        if (!Error) {
            Error = InfpLoad(Path, Data, Bytes, InfClass, StyleMask, File, ErrorLine);
            free(Data);
            free(Path);
            return Error;
        }
        free(Path);
    }
    if (ErrorLine)
        *ErrorLine = 0;
    return Error;
}

/* ---- handles and the append chain ------------------------------------------------------ */

static inline PINF_FILE InfpNext(const INF_FILE *File)
{
    return __atomic_load_n(&((PINF_FILE)File)->Next, __ATOMIC_ACQUIRE);
}

INFPAPI PINF_FILE InfpFromHandle(HINF Inf)
{
    PINF_FILE File = Inf;
    if (!File || Inf == INVALID_HANDLE_VALUE)
        return NULL;
    if (File->Magic != INF_FILE_MAGIC || File->Head != File)
        return NULL;
    return File;
}

INFPAPI DWORD InfpAppend(PINF_FILE Head, PINF_FILE Child)
{
    if (!InfpFromHandle(Head) || !InfpFromHandle(Child) || Head == Child)
        return ERROR_INVALID_PARAMETER;
    for (PINF_FILE f = Child; f; f = InfpNext(f))
        f->Head = Head;
    PINF_FILE *Link = &Head->Next;
    for (;;) {
        PINF_FILE Expected = NULL;
        if (__atomic_compare_exchange_n(Link, &Expected, Child, FALSE, __ATOMIC_RELEASE,
                                        __ATOMIC_ACQUIRE))
            return ERROR_SUCCESS;
        Link = &Expected->Next;
    }
}

INFPAPI VOID InfpClose(PINF_FILE Head)
{
    if (!InfpFromHandle(Head))
        return;
    for (PINF_FILE f = Head, n; f; f = n) {
        n = InfpNext(f);
        InfpFreeFile(f);
    }
}

/* ---- walking -------------------------------------------------------------------------- */

INFPAPI BOOLEAN InfpSectionExists(const INF_FILE *Head, PCWSTR Name)
{
    for (const INF_FILE *f = Head; f; f = InfpNext(f)) {
        if (InfpFindSection(f, Name))
            return TRUE;
    }
    return FALSE;
}

/* From line Start of section Section of File on, then the same section in
 * the files appended after it: the first line matching Key. */
static PCINF_LINE InfpScan(PINF_FILE Head, PINF_FILE File, LONG Section, ULONG Start,
                           PCWSTR Name, PCWSTR Key, PINFCONTEXT Out)
{
    for (PINF_FILE f = File; f; f = InfpNext(f), Start = 0) {
        LONG s = f == File ? Section : InfpLookupSection(f, Name, RtlpWcslen(Name));
        if (s < 0)
            continue;
        PCINF_SECTION Sec = &f->Sections[s];
        for (ULONG i = Start; i < Sec->LineCount; i++) {
            PCINF_LINE l = &Sec->Lines[i];
            if (Key && (!l->Key || InfpCompareNames(l->Key, Key)))
                continue;
            Out->Inf = Head;
            Out->CurrentInf = f;
            Out->Section = (UINT)s;
            Out->Line = i;
            return l;
        }
    }
    return NULL;
}

INFPAPI PCINF_LINE InfpFindFirstLine(PINF_FILE Head, PCWSTR Section, PCWSTR Key,
                                     PINFCONTEXT Context)
{
    if (!InfpFromHandle(Head) || !Section || !Context)
        return NULL;
    for (PINF_FILE f = Head; f; f = InfpNext(f)) {
        LONG s = InfpLookupSection(f, Section, RtlpWcslen(Section));
        if (s >= 0)
            return InfpScan(Head, f, s, 0, Section, Key, Context);
    }
    return NULL;
}

INFPAPI PCINF_LINE InfpContextLine(const INFCONTEXT *Context, PINF_FILE *File)
{
    if (!Context)
        return NULL;
    PINF_FILE Head = InfpFromHandle(Context->Inf), f;
    if (!Head)
        return NULL;
    for (f = Head; f && f != Context->CurrentInf; f = InfpNext(f))
        ;
    if (!f || Context->Section >= f->SectionCount ||
        Context->Line >= f->Sections[Context->Section].LineCount)
        return NULL;
    if (File)
        *File = f;
    return &f->Sections[Context->Section].Lines[Context->Line];
}

INFPAPI PCINF_LINE InfpFindNextLine(const INFCONTEXT *In, PCWSTR Key, PINFCONTEXT Out)
{
    PINF_FILE File;
    if (!Out || !InfpContextLine(In, &File))
        return NULL;
    INFCONTEXT Found;
    PCINF_LINE l = InfpScan(In->Inf, File, (LONG)In->Section, In->Line + 1,
                            File->Sections[In->Section].Name, Key, &Found);
    if (l)
        *Out = Found;
    return l;
}

INFPAPI PCWSTR InfpLineField(PCINF_LINE Line, ULONG Index)
{
    if (!Line)
        return NULL;
    if (Index == 0)
        return Line->Key;
    return Index <= Line->FieldCount ? Line->Fields[Index - 1] : NULL;
}
