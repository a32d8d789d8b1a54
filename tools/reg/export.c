/*
 * tools/reg/export.c - ntio reg export KEY FILE [/y]: KEY and everything
 * below it as a .reg file ("Windows Registry Editor Version 5.00"), in
 * UTF-16LE with a byte-order mark and CRLF lines, as reg.exe writes it.
 *
 * Each key is a [HKEY_…\Path] section followed by its values and a blank
 * line.  Values are written so that importing the file gives back the very
 * same bytes: "name"="text" only for a REG_SZ that is a proper string (an
 * even size ending in its one NUL, no line breaks), dword:xxxxxxxx only
 * for a 4-byte REG_DWORD, every other value as hex(TYPE):bytes (hex: for
 * REG_BINARY), wrapped with a backslash as regedit wraps them.
 */
#include "reg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void RegExportUsage(void)
{
    fputs("usage: ntio reg export KEY FILE [/y]\n"
          "\n"
          "  KEY    ROOT\\Path: the key, its values and all its subkeys\n"
          "  FILE   the .reg file to write (UTF-16LE, \"Windows Registry Editor Version 5.00\")\n"
          "  /y     overwrite FILE without asking; otherwise the answer is read from\n"
          "         standard input\n",
          stdout);
}

/* The file's text, built in memory and written at the end. */
typedef struct _REG_TEXT {
    WCHAR *Buf;
    size_t Len, Cap;
    BOOL Failed;
} REG_TEXT;

static void RegPut(REG_TEXT *t, const WCHAR *s, size_t n)
{
    if (t->Failed)
        return;
    if (t->Len + n > t->Cap) {
        size_t Cap = (t->Len + n) * 2 + 256;
        WCHAR *Bigger = realloc(t->Buf, Cap * sizeof(WCHAR));
        if (!Bigger) {
            t->Failed = TRUE;
            return;
        }
        t->Buf = Bigger;
        t->Cap = Cap;
    }
    memcpy(t->Buf + t->Len, s, n * sizeof(WCHAR));
    t->Len += n;
}

static void RegPutAscii(REG_TEXT *t, const char *s)
{
    WCHAR Buf[64];
    size_t n = 0;
    while (*s) {
        Buf[n++] = (WCHAR)(unsigned char)*s++;
        if (n == sizeof Buf / sizeof Buf[0]) {
            RegPut(t, Buf, n);
            n = 0;
        }
    }
    RegPut(t, Buf, n);
}

/* "text" with \ and " escaped. */
static void RegPutQuoted(REG_TEXT *t, const WCHAR *s, size_t n)
{
    static const WCHAR Quote = '"', Backslash = '\\';
    RegPut(t, &Quote, 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' || s[i] == '"')
            RegPut(t, &Backslash, 1);
        RegPut(t, s + i, 1);
    }
    RegPut(t, &Quote, 1);
}

/* A REG_SZ that "text" gives back exactly. */
static BOOL RegIsPlainString(const BYTE *Data, DWORD Size)
{
    const WCHAR *s = (const WCHAR *)Data;
    size_t n = Size / sizeof(WCHAR);
    if (Size % sizeof(WCHAR) || n == 0 || s[n - 1])
        return FALSE;
    for (size_t i = 0; i + 1 < n; i++)
        if (!s[i] || s[i] == '\r' || s[i] == '\n')
            return FALSE;
    return TRUE;
}

#define REG_HEX_LINE 77 /* regedit's wrap point: lines end by column 80 */

static void RegPutValue(REG_TEXT *t, const REG_VALUE *v)
{
    size_t Start = t->Len;
    char Buf[32];
    if (v->Name[0]) {
        RegPutQuoted(t, v->Name, RegWcsLen(v->Name));
        RegPutAscii(t, "=");
    } else {
        RegPutAscii(t, "@=");
    }
    if (v->Type == REG_SZ && RegIsPlainString(v->Data, v->Size)) {
        RegPutQuoted(t, (const WCHAR *)v->Data, v->Size / sizeof(WCHAR) - 1);
    } else if (v->Type == REG_DWORD && v->Size == sizeof(DWORD)) {
        DWORD d;
        memcpy(&d, v->Data, sizeof d);
        snprintf(Buf, sizeof Buf, "dword:%08x", (unsigned)d);
        RegPutAscii(t, Buf);
    } else {
        if (v->Type == REG_BINARY)
            snprintf(Buf, sizeof Buf, "hex:");
        else
            snprintf(Buf, sizeof Buf, "hex(%x):", (unsigned)v->Type);
        RegPutAscii(t, Buf);
        size_t Column = t->Len - Start;
        for (DWORD i = 0; i < v->Size; i++) {
            snprintf(Buf, sizeof Buf, "%02x", (unsigned)v->Data[i]);
            RegPutAscii(t, Buf);
            if (i + 1 == v->Size)
                break;
            RegPutAscii(t, ",");
            Column += 3;
            if (Column >= REG_HEX_LINE) {
                RegPutAscii(t, "\\\r\n  ");
                Column = 2;
            }
        }
    }
    RegPutAscii(t, "\r\n");
}

static LSTATUS RegExportKey(REG_TEXT *t, HKEY Key, const WCHAR *FullName)
{
    REG_VALUE *Values;
    WCHAR **Subkeys;
    DWORD ValueCount, SubkeyCount;
    LSTATUS Error = RegReadValues(Key, &Values, &ValueCount);
    if (Error)
        return Error;
    RegPutAscii(t, "[");
    RegPut(t, FullName, RegWcsLen(FullName));
    RegPutAscii(t, "]\r\n");
    for (DWORD i = 0; i < ValueCount; i++)
        RegPutValue(t, &Values[i]);
    RegPutAscii(t, "\r\n");
    RegFreeValues(Values, ValueCount);

    Error = RegReadSubkeys(Key, &Subkeys, &SubkeyCount);
    if (Error)
        return Error;
    size_t FullLen = RegWcsLen(FullName);
    for (DWORD i = 0; i < SubkeyCount && !Error; i++) {
        size_t NameLen = RegWcsLen(Subkeys[i]);
        WCHAR *Child = malloc((FullLen + 1 + NameLen + 1) * sizeof(WCHAR));
        HKEY Sub;
        if (!Child) {
            Error = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
        memcpy(Child, FullName, FullLen * sizeof(WCHAR));
        Child[FullLen] = '\\';
        memcpy(Child + FullLen + 1, Subkeys[i], (NameLen + 1) * sizeof(WCHAR));
        Error = RegOpenKeyExW(Key, Subkeys[i], 0, KEY_READ, &Sub);
        if (!Error) {
            Error = RegExportKey(t, Sub, Child);
            RegCloseKey(Sub);
        }
        free(Child);
    }
    RegFreeSubkeys(Subkeys, SubkeyCount);
    return Error;
}

int RegExport(int argc, char **argv)
{
    const char *KeyArg = NULL, *FileArg = NULL;
    BOOL Yes = FALSE;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") || !strcmp(argv[i], "/?")) {
            RegExportUsage();
            return REG_EXIT_OK;
        }
    }
    for (int i = 1; i < argc; i++) {
        if (RegIsOption(argv[i], "y") && !Yes)
            Yes = TRUE;
        else if (i == 1 && argv[i][0] != '/' && argv[i][0] != '-')
            KeyArg = argv[i];
        else if (i == 2 && KeyArg)
            FileArg = argv[i];
        else
            return RegSyntaxError("export");
    }
    if (!KeyArg || !FileArg)
        return RegSyntaxError("export");

    REG_KEY_NAME Name;
    WCHAR *KeyWide = RegUtf8ToWide(KeyArg, strlen(KeyArg), NULL);
    BOOL Valid = KeyWide && RegParseKeyName(KeyWide, &Name);
    free(KeyWide);
    if (!Valid) {
        fputs("ERROR: Invalid key name.\nType \"ntio reg export --help\" for usage.\n", stderr);
        return REG_EXIT_FAILED;
    }

    REG_TEXT Text = { 0 };
    WCHAR *FullName = RegFullKeyName(&Name);
    HKEY Key;
    int Exit = REG_EXIT_FAILED;
    LSTATUS Error = FullName ? RegOpenKeyExW(Name.Root, Name.Path, 0, KEY_READ, &Key)
                             : ERROR_NOT_ENOUGH_MEMORY;
    if (!Error) {
        RegPutAscii(&Text, "Windows Registry Editor Version 5.00\r\n\r\n");
        Error = RegExportKey(&Text, Key, FullName);
        RegCloseKey(Key);
        if (!Error && Text.Failed)
            Error = ERROR_NOT_ENOUGH_MEMORY;
    }
    if (Error) {
        RegPrintError(Error);
        goto Out;
    }
    FILE *Existing = fopen(FileArg, "rb");
    if (Existing) {
        fclose(Existing);
        if (!Yes) {
            char *Question = malloc(strlen(FileArg) + 64);
            BOOL Overwrite = FALSE;
            if (Question) {
                sprintf(Question, "File %s already exists. Overwrite", FileArg);
                Overwrite = RegConfirm(Question);
                free(Question);
            }
            if (!Overwrite) {
                puts("The operation was canceled by the user.");
                Exit = REG_EXIT_OK;
                goto Out;
            }
        }
    }
    FILE *File = fopen(FileArg, "wb");
    static const unsigned char Bom[2] = { 0xFF, 0xFE };
    BOOL Written = File && fwrite(Bom, 1, 2, File) == 2 &&
                   fwrite(Text.Buf, sizeof(WCHAR), Text.Len, File) == Text.Len;
    if (File && fclose(File))
        Written = FALSE;
    if (!Written) {
        fputs("ERROR: Error opening the file. There may be a disk or file system error.\n", stderr);
        goto Out;
    }
    RegPrintSuccess();
    Exit = REG_EXIT_OK;
Out:
    free(Text.Buf);
    free(FullName);
    RegFreeKeyName(&Name);
    return Exit;
}
