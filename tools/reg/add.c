/*
 * tools/reg/add.c - ntio reg add KEY [/v NAME | /ve] [/t TYPE] [/s SEP]
 * [/d DATA] [/f]: create the key (and its missing parents), set a value.
 */
#include "reg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void RegAddUsage(void)
{
    fputs("usage: ntio reg add KEY [/v NAME | /ve] [/t TYPE] [/s SEPARATOR] [/d DATA] [/f]\n"
          "\n"
          "  KEY           ROOT\\Path; missing keys on the path are created\n"
          "  /v NAME       the value to set\n"
          "  /ve           the default value, \"(Default)\"\n"
          "  /t TYPE       REG_SZ (the default), REG_EXPAND_SZ, REG_MULTI_SZ, REG_DWORD,\n"
          "                REG_QWORD, REG_BINARY or REG_NONE\n"
          "  /s SEPARATOR  the one character between the strings of REG_MULTI_SZ data\n"
          "                (default: the two characters \\0)\n"
          "  /d DATA       the data: text for the string types, a decimal or 0x hexadecimal\n"
          "                number for REG_DWORD and REG_QWORD, hexadecimal digits for\n"
          "                REG_BINARY; none: empty (0 for the numbers)\n"
          "  /f            overwrite an existing value without asking\n"
          "\n"
          "Without /v or /ve only the key is created.  Without /f an existing value is\n"
          "overwritten only if the answer read from standard input is yes.\n",
          stdout);
}

static int RegHexDigit(WCHAR c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A decimal or 0x-hexadecimal number no larger than Max. */
static BOOL RegParseNumber(const char *s, ULONGLONG Max, ULONGLONG *Value)
{
    ULONGLONG v = 0;
    unsigned Base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        Base = 16;
        s += 2;
        if (!*s)
            return FALSE;
    }
    for (; *s; s++) {
        int d = RegHexDigit((WCHAR)(unsigned char)*s);
        if (d < 0 || (unsigned)d >= Base)
            return FALSE;
        if (v > (Max - (ULONGLONG)d) / Base)
            return FALSE;
        v = v * Base + (ULONGLONG)d;
    }
    *Value = v;
    return TRUE;
}

/* The bytes /d DATA stands for, for Type. */
static BOOL RegMakeData(DWORD Type, const char *Text, const char *Separator, BYTE **Data, DWORD *Size)
{
    size_t Chars;
    WCHAR *Wide = RegUtf8ToWide(Text, strlen(Text), &Chars);
    if (!Wide)
        return FALSE;
    switch (Type) {
    case REG_SZ:
    case REG_EXPAND_SZ:
    case REG_NONE: /* reg.exe stores REG_NONE data as a string too */
        *Data = (BYTE *)Wide;
        *Size = (DWORD)((Chars + 1) * sizeof(WCHAR));
        return TRUE;
    case REG_MULTI_SZ: {
        /* Each separator ends a string; an empty string inside the list
         * would end it early, so two separators in a row are refused. */
        WCHAR Sep = 0;
        if (Separator) {
            size_t SepChars;
            WCHAR *SepWide = RegUtf8ToWide(Separator, strlen(Separator), &SepChars);
            BOOL Ok = SepWide && SepChars == 1;
            if (Ok)
                Sep = SepWide[0];
            free(SepWide);
            if (!Ok) {
                free(Wide);
                return FALSE;
            }
        }
        WCHAR *Out = malloc((Chars + 2) * sizeof(WCHAR));
        size_t n = 0;
        if (!Out) {
            free(Wide);
            return FALSE;
        }
        for (size_t i = 0; i < Chars; i++) {
            BOOL End;
            if (Separator)
                End = Wide[i] == Sep;
            else if ((End = Wide[i] == '\\' && i + 1 < Chars && Wide[i + 1] == '0'))
                i++;
            if (End && (n == 0 || Out[n - 1] == 0)) {
                free(Out);
                free(Wide);
                return FALSE;
            }
            Out[n++] = End ? 0 : Wide[i];
        }
        if (n && Out[n - 1])
            Out[n++] = 0;
        Out[n++] = 0;
        free(Wide);
        *Data = (BYTE *)Out;
        *Size = (DWORD)(n * sizeof(WCHAR));
        return TRUE;
    }
    case REG_DWORD:
    case REG_QWORD: {
        ULONGLONG v = 0;
        free(Wide);
        if (*Text && !RegParseNumber(Text, Type == REG_DWORD ? 0xFFFFFFFFull : ~0ull, &v))
            return FALSE;
        *Size = Type == REG_DWORD ? sizeof(DWORD) : sizeof(ULONGLONG);
        *Data = malloc(*Size);
        if (!*Data)
            return FALSE;
        if (Type == REG_DWORD) {
            DWORD d = (DWORD)v;
            memcpy(*Data, &d, sizeof d);
        } else {
            memcpy(*Data, &v, sizeof v);
        }
        return TRUE;
    }
    default: { /* REG_BINARY: hexadecimal digits; an odd first one is a byte of its own */
        BYTE *Out = malloc(Chars / 2 + 2);
        size_t n = 0, i = 0;
        if (!Out) {
            free(Wide);
            return FALSE;
        }
        if (Chars % 2) {
            int d = RegHexDigit(Wide[i++]);
            if (d < 0)
                goto Bad;
            Out[n++] = (BYTE)d;
        }
        for (; i < Chars; i += 2) {
            int Hi = RegHexDigit(Wide[i]), Lo = RegHexDigit(Wide[i + 1]);
            if (Hi < 0 || Lo < 0)
                goto Bad;
            Out[n++] = (BYTE)(Hi << 4 | Lo);
        }
        free(Wide);
        *Data = Out;
        *Size = (DWORD)n;
        return TRUE;
    Bad:
        free(Out);
        free(Wide);
        return FALSE;
    }
    }
}

int RegAdd(int argc, char **argv)
{
    const char *KeyArg = NULL, *ValueArg = NULL, *TypeArg = NULL, *SepArg = NULL, *DataArg = NULL;
    BOOL Default = FALSE, Force = FALSE;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") || !strcmp(argv[i], "/?")) {
            RegAddUsage();
            return REG_EXIT_OK;
        }
    }
    for (int i = 1; i < argc; i++) {
        if (RegIsOption(argv[i], "v") && i + 1 < argc && !ValueArg && !Default)
            ValueArg = argv[++i];
        else if (RegIsOption(argv[i], "ve") && !ValueArg && !Default)
            Default = TRUE;
        else if (RegIsOption(argv[i], "t") && i + 1 < argc && !TypeArg)
            TypeArg = argv[++i];
        else if (RegIsOption(argv[i], "s") && i + 1 < argc && !SepArg)
            SepArg = argv[++i];
        else if (RegIsOption(argv[i], "d") && i + 1 < argc && !DataArg)
            DataArg = argv[++i];
        else if (RegIsOption(argv[i], "f") && !Force)
            Force = TRUE;
        else if (i == 1 && argv[i][0] != '/' && argv[i][0] != '-')
            KeyArg = argv[i];
        else
            return RegSyntaxError("add");
    }
    DWORD Type = REG_SZ;
    if (!KeyArg || (TypeArg && !RegTypeFromName(TypeArg, &Type)))
        return RegSyntaxError("add");
    if ((Type != REG_SZ && Type != REG_EXPAND_SZ && Type != REG_MULTI_SZ && Type != REG_DWORD &&
         Type != REG_QWORD && Type != REG_BINARY && Type != REG_NONE) ||
        (SepArg && Type != REG_MULTI_SZ))
        return RegSyntaxError("add");

    REG_KEY_NAME Name;
    WCHAR *KeyWide = RegUtf8ToWide(KeyArg, strlen(KeyArg), NULL);
    BOOL Valid = KeyWide && RegParseKeyName(KeyWide, &Name);
    free(KeyWide);
    if (!Valid || !Name.Path[0]) {
        if (Valid)
            RegFreeKeyName(&Name);
        fputs("ERROR: Invalid key name.\nType \"ntio reg add --help\" for usage.\n", stderr);
        return REG_EXIT_FAILED;
    }

    BYTE *Data = NULL;
    DWORD Size = 0;
    BOOL SetValue = ValueArg || Default || TypeArg || DataArg;
    if (SetValue && !RegMakeData(Type, DataArg ? DataArg : "", SepArg, &Data, &Size)) {
        RegFreeKeyName(&Name);
        return RegSyntaxError("add");
    }
    WCHAR *Value = ValueArg ? RegUtf8ToWide(ValueArg, strlen(ValueArg), NULL) : NULL;

    HKEY Key;
    int Exit = REG_EXIT_OK;
    LSTATUS Error = RegCreateKeyExW(Name.Root, Name.Path, 0, NULL, REG_OPTION_NON_VOLATILE,
                                    KEY_QUERY_VALUE | KEY_SET_VALUE, NULL, &Key, NULL);
    BOOL Opened = !Error;
    if (!Error && SetValue) {
        if (!Force && RegQueryValueExW(Key, Value, NULL, NULL, NULL, NULL) == ERROR_SUCCESS) {
            char Question[512];
            snprintf(Question, sizeof Question, "Value %s exists, overwrite",
                     ValueArg ? ValueArg : "(Default)");
            if (!RegConfirm(Question)) {
                puts("The operation was canceled by the user.");
                goto Done;
            }
        }
        Error = RegSetValueExact(Key, Value, Type, Data, Size);
    }
    if (Error) {
        RegPrintError(Error);
        Exit = REG_EXIT_FAILED;
    } else {
        RegPrintSuccess();
    }
Done:
    if (Opened)
        RegCloseKey(Key);
    free(Value);
    free(Data);
    RegFreeKeyName(&Name);
    return Exit;
}
