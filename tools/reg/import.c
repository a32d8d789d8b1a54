/*
 * tools/reg/import.c - ntio reg import FILE: apply a .reg file.
 *
 * The file is UTF-16LE (with its byte-order mark, as reg.exe and regedit
 * write it) or UTF-8/ASCII, and starts with "Windows Registry Editor
 * Version 5.00" or "REGEDIT4" (whose hex(2) and hex(7) data are ANSI, not
 * UTF-16).  Lines:
 *   [ROOT\Path]          create the key (and missing parents); values follow
 *   [-ROOT\Path]         delete the key and everything below it
 *   "name"="text"        REG_SZ, with \\ and \" escapes; @ is the default value
 *   "name"=dword:1a2b    REG_DWORD (hexadecimal)
 *   "name"=hex:01,02     REG_BINARY; hex(N): any type N (hexadecimal), a line
 *                        ending in \ continues on the next
 *   "name"=-             delete the value
 *   ; comment
 * A line that cannot be applied is reported with its number; the rest of the
 * file is still applied and the command fails.
 */
#include "reg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void RegImportUsage(void)
{
    fputs("usage: ntio reg import FILE\n"
          "\n"
          "  FILE   a .reg file (\"Windows Registry Editor Version 5.00\" or \"REGEDIT4\"),\n"
          "         UTF-16LE with a byte-order mark or UTF-8\n",
          stdout);
}

typedef struct _REG_LINE {
    const WCHAR *Text;
    size_t Len;
} REG_LINE;

typedef struct _REG_IMPORT {
    const char *File;
    REG_LINE *Lines;
    size_t LineCount;
    size_t Next;   /* the line to read next */
    int Version;   /* 4 (REGEDIT4) or 5 */
    HKEY Key;      /* the current section's key, or NULL */
    BOOL SkipKey;  /* the current section could not be opened: its values are skipped */
    unsigned Errors;
} REG_IMPORT;

static void RegImportProblem(REG_IMPORT *Im, size_t Line, const char *Text)
{
    fflush(stdout);
    fprintf(stderr, "ERROR: %s, line %u: %s\n", Im->File, (unsigned)(Line + 1), Text);
    Im->Errors++;
}

static void RegImportFailure(REG_IMPORT *Im, size_t Line, LSTATUS Error)
{
    RegImportProblem(Im, Line, RegErrorText(Error));
}

/* The file as UTF-16 text. */
static WCHAR *RegDecodeFile(const unsigned char *Bytes, size_t Size, size_t *Chars)
{
    if (Size >= 2 && Bytes[0] == 0xFF && Bytes[1] == 0xFE) {
        size_t n = (Size - 2) / 2;
        WCHAR *Text = malloc((n + 1) * sizeof(WCHAR));
        if (!Text)
            return NULL;
        for (size_t i = 0; i < n; i++)
            Text[i] = (WCHAR)(Bytes[2 + 2 * i] | Bytes[3 + 2 * i] << 8);
        Text[n] = 0;
        *Chars = n;
        return Text;
    }
    if (Size >= 3 && Bytes[0] == 0xEF && Bytes[1] == 0xBB && Bytes[2] == 0xBF)
        Bytes += 3, Size -= 3;
    return RegUtf8ToWide((const char *)Bytes, Size, Chars);
}

static BOOL RegIsSpace(WCHAR c)
{
    return c == ' ' || c == '\t';
}

static void RegTrim(const WCHAR **s, size_t *n)
{
    while (*n && RegIsSpace(**s))
        (*s)++, (*n)--;
    while (*n && RegIsSpace((*s)[*n - 1]))
        (*n)--;
}

static BOOL RegStartsWithI(const WCHAR *s, size_t n, const char *Prefix)
{
    size_t i;
    for (i = 0; Prefix[i]; i++) {
        WCHAR c = i < n ? s[i] : 0;
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        if (c != (WCHAR)(unsigned char)Prefix[i])
            return FALSE;
    }
    return TRUE;
}

static int RegHexValue(WCHAR c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* "text": the characters up to the closing quote, \\ and \" unescaped.
 * *Used receives how much of s was read (both quotes included). */
static WCHAR *RegParseQuoted(const WCHAR *s, size_t n, size_t *Used, size_t *Chars)
{
    WCHAR *Out = malloc((n + 1) * sizeof(WCHAR));
    size_t o = 0, i = 1;
    if (!Out)
        return NULL;
    for (; i < n && s[i] != '"'; i++) {
        if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '\\' || s[i + 1] == '"'))
            i++;
        Out[o++] = s[i];
    }
    if (i >= n) {
        free(Out);
        return NULL;
    }
    Out[o] = 0;
    *Used = i + 1;
    *Chars = o;
    return Out;
}

/* Apply [KEY] or [-KEY]. */
static void RegImportSection(REG_IMPORT *Im, size_t Line, const WCHAR *s, size_t n)
{
    size_t Close = n;
    while (Close > 0 && s[Close - 1] != ']')
        Close--;
    if (Im->Key)
        RegCloseKey(Im->Key);
    Im->Key = NULL;
    Im->SkipKey = TRUE;
    if (!Close) {
        RegImportProblem(Im, Line, "a key section needs its closing ]");
        return;
    }
    BOOL Delete = n > 1 && s[1] == '-';
    const WCHAR *Name = s + 1 + Delete;
    size_t NameLen = Close - 1 - 1 - Delete;
    RegTrim(&Name, &NameLen);
    WCHAR *Copy = RegWcsDup(Name, NameLen);
    REG_KEY_NAME Key;
    BOOL Valid = Copy && RegParseKeyName(Copy, &Key);
    free(Copy);
    if (!Valid || !Key.Path[0]) {
        if (Valid)
            RegFreeKeyName(&Key);
        RegImportProblem(Im, Line, "invalid key name");
        return;
    }
    LSTATUS Error;
    if (Delete) {
        Error = RegDeleteTreeW(Key.Root, Key.Path);
        if (Error == ERROR_FILE_NOT_FOUND)
            Error = ERROR_SUCCESS; /* already gone */
    } else {
        Error = RegCreateKeyExW(Key.Root, Key.Path, 0, NULL, REG_OPTION_NON_VOLATILE,
                                KEY_QUERY_VALUE | KEY_SET_VALUE, NULL, &Im->Key, NULL);
        if (!Error)
            Im->SkipKey = FALSE;
        else
            Im->Key = NULL;
    }
    RegFreeKeyName(&Key);
    if (Error)
        RegImportFailure(Im, Line, Error);
}

/* hex:… / hex(N):… data, following continuation lines.  s is what follows
 * the colon on the value's line. */
static BOOL RegParseHex(REG_IMPORT *Im, const WCHAR *s, size_t n, BYTE **Data, DWORD *Size)
{
    size_t Cap = 64, Len = 0;
    BYTE *Out = malloc(Cap);
    if (!Out)
        return FALSE;
    for (;;) {
        RegTrim(&s, &n);
        BOOL More = n && s[n - 1] == '\\';
        if (More)
            n--;
        size_t i = 0;
        while (i < n) {
            while (i < n && (RegIsSpace(s[i]) || s[i] == ','))
                i++;
            if (i >= n || s[i] == ';')
                break;
            int Hi = RegHexValue(s[i]), Lo = i + 1 < n ? RegHexValue(s[i + 1]) : -1;
            if (Hi < 0)
                goto Bad;
            BYTE b = (BYTE)(Lo < 0 ? Hi : Hi << 4 | Lo);
            i += Lo < 0 ? 1 : 2;
            if (i < n && !RegIsSpace(s[i]) && s[i] != ',')
                goto Bad;
            if (Len == Cap) {
                BYTE *Bigger = realloc(Out, Cap *= 2);
                if (!Bigger)
                    goto Bad;
                Out = Bigger;
            }
            Out[Len++] = b;
        }
        if (!More || Im->Next >= Im->LineCount)
            break;
        s = Im->Lines[Im->Next].Text;
        n = Im->Lines[Im->Next].Len;
        Im->Next++;
    }
    *Data = Out;
    *Size = (DWORD)Len;
    return TRUE;
Bad:
    free(Out);
    return FALSE;
}

/* "name"=… or @=… */
static void RegImportValue(REG_IMPORT *Im, size_t Line, const WCHAR *s, size_t n)
{
    WCHAR *Name = NULL;
    size_t Used = 1, NameChars = 0;
    BYTE *Data = NULL;
    DWORD Size = 0, Type = REG_SZ;
    BOOL Remove = FALSE;
    const char *Problem = NULL;

    if (s[0] == '"') {
        Name = RegParseQuoted(s, n, &Used, &NameChars);
        if (!Name) {
            RegImportProblem(Im, Line, "a value name needs its closing quote");
            return;
        }
    }
    s += Used, n -= Used;
    RegTrim(&s, &n);
    if (!n || s[0] != '=') {
        Problem = "a value needs = and its data";
        goto Out;
    }
    s++, n--;
    RegTrim(&s, &n);
    if (n == 1 && s[0] == '-') {
        Remove = TRUE;
    } else if (n && s[0] == '"') {
        size_t Chars;
        WCHAR *Text = RegParseQuoted(s, n, &Used, &Chars);
        const WCHAR *Rest = s + (Text ? Used : 0);
        size_t RestLen = Text ? n - Used : 0;
        RegTrim(&Rest, &RestLen);
        if (!Text || (RestLen && Rest[0] != ';')) {
            free(Text);
            Problem = "invalid string data";
            goto Out;
        }
        Data = (BYTE *)Text;
        Size = (DWORD)((Chars + 1) * sizeof(WCHAR));
    } else if (RegStartsWithI(s, n, "dword:")) {
        DWORD v = 0;
        size_t i = 6, Digits = 0;
        for (; i < n && RegHexValue(s[i]) >= 0; i++, Digits++)
            v = v << 4 | (DWORD)RegHexValue(s[i]);
        const WCHAR *Rest = s + i;
        size_t RestLen = n - i;
        RegTrim(&Rest, &RestLen);
        if (!Digits || Digits > 8 || (RestLen && Rest[0] != ';')) {
            Problem = "invalid dword data";
            goto Out;
        }
        Type = REG_DWORD;
        Size = sizeof v;
        Data = malloc(sizeof v);
        if (Data)
            memcpy(Data, &v, sizeof v);
    } else if (RegStartsWithI(s, n, "hex")) {
        size_t i = 3;
        Type = REG_BINARY;
        if (i < n && s[i] == '(') {
            Type = 0;
            size_t Digits = 0;
            for (i++; i < n && RegHexValue(s[i]) >= 0; i++, Digits++)
                Type = Type << 4 | (DWORD)RegHexValue(s[i]);
            if (!Digits || Digits > 8 || i >= n || s[i] != ')') {
                Problem = "invalid hex(type)";
                goto Out;
            }
            i++;
        }
        if (i >= n || s[i] != ':') {
            Problem = "hex data needs a colon";
            goto Out;
        }
        i++;
        if (!RegParseHex(Im, s + i, n - i, &Data, &Size)) {
            Problem = "invalid hex data";
            goto Out;
        }
        /* REGEDIT4 keeps expandable and multi-strings in ANSI. */
        if (Im->Version == 4 && (Type == REG_EXPAND_SZ || Type == REG_MULTI_SZ)) {
            size_t Chars;
            WCHAR *Wide = RegUtf8ToWide((const char *)Data, Size, &Chars);
            free(Data);
            Data = (BYTE *)Wide;
            Size = (DWORD)(Chars * sizeof(WCHAR));
        }
    } else {
        Problem = "unknown value data";
        goto Out;
    }
    if (!Remove && !Data && Size) {
        Problem = "out of memory";
        goto Out;
    }
    if (Im->SkipKey)
        goto Out;
    if (!Im->Key) {
        Problem = "a value before any [key] section";
        goto Out;
    }
    LSTATUS Error = Remove ? RegDeleteValueW(Im->Key, Name)
                           : RegSetValueExact(Im->Key, Name, Type, Data, Size);
    if (Remove && Error == ERROR_FILE_NOT_FOUND)
        Error = ERROR_SUCCESS;
    if (Error)
        RegImportFailure(Im, Line, Error);
Out:
    if (Problem)
        RegImportProblem(Im, Line, Problem);
    free(Data);
    free(Name);
}

int RegImport(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") || !strcmp(argv[i], "/?")) {
            RegImportUsage();
            return REG_EXIT_OK;
        }
    }
    /* FILE is a Linux path: it may well start with a slash. */
    if (argc != 2)
        return RegSyntaxError("import");

    REG_IMPORT Im = { .File = argv[1] };
    unsigned char *Bytes = NULL;
    size_t Size = 0, Chars = 0;
    FILE *File = fopen(argv[1], "rb");
    if (File) {
        size_t Cap = 0, Got;
        do {
            if (Size == Cap) {
                unsigned char *Bigger = realloc(Bytes, Cap = Cap ? Cap * 2 : 65536);
                if (!Bigger)
                    break;
                Bytes = Bigger;
            }
            Got = fread(Bytes + Size, 1, Cap - Size, File);
            Size += Got;
        } while (Got);
        if (ferror(File) || !feof(File)) {
            free(Bytes);
            Bytes = NULL;
        }
        fclose(File);
    }
    if (!Bytes) {
        fputs("ERROR: Error opening the file. There may be a disk or file system error.\n", stderr);
        return REG_EXIT_FAILED;
    }
    WCHAR *Text = RegDecodeFile(Bytes, Size, &Chars);
    free(Bytes);
    if (!Text) {
        RegPrintError(ERROR_NOT_ENOUGH_MEMORY);
        return REG_EXIT_FAILED;
    }

    /* Lines end with CRLF, LF or CR. */
    size_t Cap = 0;
    for (size_t i = 0; i <= Chars;) {
        size_t Start = i;
        while (i < Chars && Text[i] != '\r' && Text[i] != '\n')
            i++;
        if (Im.LineCount == Cap) {
            REG_LINE *Bigger = realloc(Im.Lines, (Cap = Cap ? Cap * 2 : 256) * sizeof *Im.Lines);
            if (!Bigger)
                break;
            Im.Lines = Bigger;
        }
        Im.Lines[Im.LineCount].Text = Text + Start;
        Im.Lines[Im.LineCount++].Len = i - Start;
        if (i < Chars && Text[i] == '\r' && i + 1 < Chars && Text[i + 1] == '\n')
            i++;
        i++;
    }

    /* The header: the first line that is not blank. */
    while (Im.Next < Im.LineCount) {
        const WCHAR *s = Im.Lines[Im.Next].Text;
        size_t n = Im.Lines[Im.Next].Len;
        Im.Next++;
        RegTrim(&s, &n);
        if (!n)
            continue;
        if (n == 36 && RegStartsWithI(s, n, "windows registry editor version 5.00"))
            Im.Version = 5;
        else if (n == 8 && RegStartsWithI(s, n, "regedit4"))
            Im.Version = 4;
        break;
    }
    if (!Im.Version) {
        fprintf(stderr, "ERROR: %s is not a registry script.\n", argv[1]);
        free(Im.Lines);
        free(Text);
        return REG_EXIT_FAILED;
    }

    while (Im.Next < Im.LineCount) {
        size_t Line = Im.Next++;
        const WCHAR *s = Im.Lines[Line].Text;
        size_t n = Im.Lines[Line].Len;
        RegTrim(&s, &n);
        if (!n || s[0] == ';' || s[0] == '#')
            continue;
        if (s[0] == '[')
            RegImportSection(&Im, Line, s, n);
        else if (s[0] == '"' || s[0] == '@')
            RegImportValue(&Im, Line, s, n);
        else
            RegImportProblem(&Im, Line, "not a key, a value or a comment");
    }
    if (Im.Key)
        RegCloseKey(Im.Key);
    free(Im.Lines);
    free(Text);
    if (Im.Errors) {
        fputs("ERROR: Error accessing the registry.\n", stderr);
        return REG_EXIT_FAILED;
    }
    RegPrintSuccess();
    return REG_EXIT_OK;
}
