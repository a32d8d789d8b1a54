/*
 * tools/reg/query.c - ntio reg query KEY [/v NAME | /ve] [/s]: reg.exe's
 * listing (the key's full name, its values indented by four spaces as
 * NAME    TYPE    DATA, then its subkeys, or with /s every key below).
 */
#include "reg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void RegQueryUsage(void)
{
    fputs("usage: ntio reg query KEY [/v NAME | /ve] [/s]\n"
          "\n"
          "  KEY       ROOT\\Path (ROOT: HKLM, HKCU, HKCR, HKU, HKCC or the long form)\n"
          "  /v NAME   show only the value NAME\n"
          "  /ve       show only the default value, \"(Default)\"\n"
          "  /s        every subkey below KEY too; with /v, search them all for NAME\n"
          "\n"
          "Data is shown as reg.exe shows it: strings as they are, REG_MULTI_SZ with \\0\n"
          "between the strings, REG_DWORD and REG_QWORD as 0x hexadecimal numbers, other\n"
          "types as hexadecimal bytes.\n",
          stdout);
}

static void RegPrintHex64(ULONGLONG v)
{
    char Buf[20];
    int n = 0;
    do {
        Buf[n++] = "0123456789abcdef"[v & 0xF];
        v >>= 4;
    } while (v);
    fputs("0x", stdout);
    while (n)
        putchar(Buf[--n]);
}

static void RegPrintData(DWORD Type, const BYTE *Data, DWORD Size)
{
    const WCHAR *Text = (const WCHAR *)Data;
    size_t Chars = Size / sizeof(WCHAR);
    switch (Type) {
    case REG_SZ:
    case REG_EXPAND_SZ: {
        size_t n = 0;
        while (n < Chars && Text[n])
            n++;
        RegPutWide(Text, n);
        return;
    }
    case REG_MULTI_SZ: {
        size_t i = 0;
        BOOL First = TRUE;
        while (i < Chars && Text[i]) {
            size_t n = 0;
            while (i + n < Chars && Text[i + n])
                n++;
            if (!First)
                fputs("\\0", stdout);
            RegPutWide(Text + i, n);
            First = FALSE;
            i += n + 1;
        }
        return;
    }
    case REG_DWORD:
        if (Size == sizeof(DWORD)) {
            DWORD v;
            memcpy(&v, Data, sizeof v);
            RegPrintHex64(v);
            return;
        }
        break;
    case REG_DWORD_BIG_ENDIAN:
        if (Size == sizeof(DWORD)) {
            RegPrintHex64((DWORD)Data[0] << 24 | (DWORD)Data[1] << 16 | (DWORD)Data[2] << 8 | Data[3]);
            return;
        }
        break;
    case REG_QWORD:
        if (Size == sizeof(ULONGLONG)) {
            ULONGLONG v;
            memcpy(&v, Data, sizeof v);
            RegPrintHex64(v);
            return;
        }
        break;
    }
    for (DWORD i = 0; i < Size; i++)
        printf("%02X", (unsigned)Data[i]);
}

static void RegPrintValue(const WCHAR *Name, DWORD Type, const BYTE *Data, DWORD Size)
{
    fputs("    ", stdout);
    if (Name && Name[0])
        RegPutWide(Name, RegWcsLen(Name));
    else
        fputs("(Default)", stdout);
    printf("    %s    ", RegTypeName(Type));
    RegPrintData(Type, Data, Size);
    putchar('\n');
}

/* "Path\Name" (malloc'd) */
static WCHAR *RegJoin(const WCHAR *Path, const WCHAR *Name)
{
    size_t a = RegWcsLen(Path), b = RegWcsLen(Name);
    WCHAR *s = malloc((a + 1 + b + 1) * sizeof(WCHAR));
    if (s) {
        memcpy(s, Path, a * sizeof(WCHAR));
        s[a] = '\\';
        memcpy(s + a + 1, Name, (b + 1) * sizeof(WCHAR));
    }
    return s;
}

/* The whole key: its name and values (the name only when it has values,
 * or is below the key asked for with /s), a blank line, then its subkeys'
 * names or, with /s, the subkeys themselves. */
static LSTATUS RegQueryKey(HKEY Key, const WCHAR *FullName, BOOL Recurse, BOOL Below)
{
    REG_VALUE *Values;
    DWORD ValueCount, SubkeyCount;
    WCHAR **Subkeys;
    LSTATUS Error = RegReadValues(Key, &Values, &ValueCount);
    if (Error)
        return Error;
    if (ValueCount || Below) {
        RegPutWide(FullName, RegWcsLen(FullName));
        putchar('\n');
    }
    for (DWORD i = 0; i < ValueCount; i++)
        RegPrintValue(Values[i].Name, Values[i].Type, Values[i].Data, Values[i].Size);
    if (ValueCount || Below)
        putchar('\n');
    RegFreeValues(Values, ValueCount);

    Error = RegReadSubkeys(Key, &Subkeys, &SubkeyCount);
    if (Error)
        return Error;
    for (DWORD i = 0; i < SubkeyCount && !Error; i++) {
        WCHAR *Child = RegJoin(FullName, Subkeys[i]);
        if (!Child) {
            Error = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
        if (Recurse) {
            HKEY Sub;
            Error = RegOpenKeyExW(Key, Subkeys[i], 0, KEY_READ, &Sub);
            if (!Error) {
                Error = RegQueryKey(Sub, Child, TRUE, TRUE);
                RegCloseKey(Sub);
            }
        } else {
            RegPutWide(Child, RegWcsLen(Child));
            putchar('\n');
        }
        free(Child);
    }
    RegFreeSubkeys(Subkeys, SubkeyCount);
    return Error;
}

/* One value; with /s, in every key below too.  *Found counts the matches. */
static LSTATUS RegQueryValue(HKEY Key, const WCHAR *FullName, const WCHAR *Name, BOOL Recurse,
                             DWORD *Found)
{
    DWORD Type, Size = 0;
    BYTE *Data = NULL;
    LSTATUS Error;
    for (;;) {
        DWORD Room = Size;
        Error = RegQueryValueExW(Key, Name, NULL, &Type, Data, &Size);
        if (Error == ERROR_SUCCESS && Data)
            break;
        if (Error != ERROR_SUCCESS && (Error != ERROR_MORE_DATA || Size <= Room))
            break;
        BYTE *Bigger = realloc(Data, Size ? Size : 1);
        if (!Bigger) {
            Error = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
        Data = Bigger;
    }
    if (Error == ERROR_SUCCESS) {
        RegPutWide(FullName, RegWcsLen(FullName));
        putchar('\n');
        RegPrintValue(Name, Type, Data, Size);
        putchar('\n');
        (*Found)++;
    }
    free(Data);
    if (!Recurse)
        return Error;
    if (Error != ERROR_SUCCESS && Error != ERROR_FILE_NOT_FOUND)
        return Error;

    WCHAR **Subkeys;
    DWORD Count;
    Error = RegReadSubkeys(Key, &Subkeys, &Count);
    if (Error)
        return Error;
    for (DWORD i = 0; i < Count && !Error; i++) {
        HKEY Sub;
        WCHAR *Child = RegJoin(FullName, Subkeys[i]);
        if (!Child) {
            Error = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
        Error = RegOpenKeyExW(Key, Subkeys[i], 0, KEY_READ, &Sub);
        if (!Error) {
            Error = RegQueryValue(Sub, Child, Name, TRUE, Found);
            RegCloseKey(Sub);
        }
        free(Child);
    }
    RegFreeSubkeys(Subkeys, Count);
    return Error;
}

int RegQuery(int argc, char **argv)
{
    const char *KeyArg = NULL, *ValueArg = NULL;
    BOOL Default = FALSE, Recurse = FALSE;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") || !strcmp(argv[i], "/?")) {
            RegQueryUsage();
            return REG_EXIT_OK;
        }
    }
    for (int i = 1; i < argc; i++) {
        if (RegIsOption(argv[i], "v") && i + 1 < argc && !ValueArg && !Default)
            ValueArg = argv[++i];
        else if (RegIsOption(argv[i], "ve") && !ValueArg && !Default)
            Default = TRUE;
        else if (RegIsOption(argv[i], "s") && !Recurse)
            Recurse = TRUE;
        else if (i == 1 && argv[i][0] != '/' && argv[i][0] != '-')
            KeyArg = argv[i];
        else
            return RegSyntaxError("query");
    }
    if (!KeyArg)
        return RegSyntaxError("query");

    REG_KEY_NAME Name;
    WCHAR *KeyWide = RegUtf8ToWide(KeyArg, strlen(KeyArg), NULL);
    BOOL Valid = KeyWide && RegParseKeyName(KeyWide, &Name);
    free(KeyWide);
    if (!Valid) {
        fputs("ERROR: Invalid key name.\nType \"ntio reg query --help\" for usage.\n", stderr);
        return REG_EXIT_FAILED;
    }
    WCHAR *FullName = RegFullKeyName(&Name);
    HKEY Key;
    LSTATUS Error = FullName ? RegOpenKeyExW(Name.Root, Name.Path, 0, KEY_READ, &Key)
                             : ERROR_NOT_ENOUGH_MEMORY;
    int Exit = REG_EXIT_OK;
    if (Error) {
        RegPrintError(Error);
        Exit = REG_EXIT_FAILED;
    } else {
        putchar('\n');
        if (ValueArg || Default) {
            WCHAR *Value = ValueArg ? RegUtf8ToWide(ValueArg, strlen(ValueArg), NULL) : NULL;
            DWORD Found = 0;
            Error = RegQueryValue(Key, FullName, Value, Recurse, &Found);
            if (Recurse) {
                printf("End of search: %u match(es) found.\n", (unsigned)Found);
            } else if (Error == ERROR_FILE_NOT_FOUND && Default) {
                /* No default value: reg.exe shows it as not set. */
                RegPutWide(FullName, RegWcsLen(FullName));
                puts("\n    (Default)    REG_SZ    (value not set)");
                Error = ERROR_SUCCESS;
            }
            free(Value);
        } else {
            Error = RegQueryKey(Key, FullName, Recurse, FALSE);
        }
        if (Error) {
            RegPrintError(Error);
            Exit = REG_EXIT_FAILED;
        }
        RegCloseKey(Key);
    }
    free(FullName);
    RegFreeKeyName(&Name);
    return Exit;
}
