/*
 * tools/reg/delete.c - ntio reg delete KEY [/v NAME | /ve | /va] [/f]: a
 * key with everything below it, one value, or all of a key's values.
 */
#include "reg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void RegDeleteUsage(void)
{
    fputs("usage: ntio reg delete KEY [/v NAME | /ve | /va] [/f]\n"
          "\n"
          "  KEY       ROOT\\Path; without /v, /ve or /va the key and all its subkeys\n"
          "  /v NAME   delete the value NAME\n"
          "  /ve       delete the default value, \"(Default)\"\n"
          "  /va       delete every value of KEY (its subkeys stay)\n"
          "  /f        do not ask; otherwise the answer is read from standard input\n",
          stdout);
}

static LSTATUS RegDeleteAllValues(HKEY Key)
{
    REG_VALUE *Values;
    DWORD Count;
    LSTATUS Error = RegReadValues(Key, &Values, &Count);
    if (Error)
        return Error;
    for (DWORD i = 0; !Error && i < Count; i++)
        Error = RegDeleteValueW(Key, Values[i].Name);
    RegFreeValues(Values, Count);
    return Error;
}

int RegDelete(int argc, char **argv)
{
    const char *KeyArg = NULL, *ValueArg = NULL;
    BOOL Default = FALSE, All = FALSE, Force = FALSE;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") || !strcmp(argv[i], "/?")) {
            RegDeleteUsage();
            return REG_EXIT_OK;
        }
    }
    for (int i = 1; i < argc; i++) {
        BOOL Chosen = ValueArg || Default || All;
        if (RegIsOption(argv[i], "v") && i + 1 < argc && !Chosen)
            ValueArg = argv[++i];
        else if (RegIsOption(argv[i], "ve") && !Chosen)
            Default = TRUE;
        else if (RegIsOption(argv[i], "va") && !Chosen)
            All = TRUE;
        else if (RegIsOption(argv[i], "f") && !Force)
            Force = TRUE;
        else if (i == 1 && argv[i][0] != '/' && argv[i][0] != '-')
            KeyArg = argv[i];
        else
            return RegSyntaxError("delete");
    }
    if (!KeyArg)
        return RegSyntaxError("delete");

    REG_KEY_NAME Name;
    WCHAR *KeyWide = RegUtf8ToWide(KeyArg, strlen(KeyArg), NULL);
    BOOL Valid = KeyWide && RegParseKeyName(KeyWide, &Name);
    free(KeyWide);
    /* A root key is never deleted; its values may be. */
    if (!Valid || (!Name.Path[0] && !ValueArg && !Default && !All)) {
        if (Valid)
            RegFreeKeyName(&Name);
        fputs("ERROR: Invalid key name.\nType \"ntio reg delete --help\" for usage.\n", stderr);
        return REG_EXIT_FAILED;
    }

    WCHAR *FullName = RegFullKeyName(&Name);
    WCHAR *Value = ValueArg ? RegUtf8ToWide(ValueArg, strlen(ValueArg), NULL) : NULL;
    HKEY Key;
    int Exit = REG_EXIT_OK;
    LSTATUS Error = FullName ? RegOpenKeyExW(Name.Root, Name.Path, 0, KEY_QUERY_VALUE | KEY_SET_VALUE, &Key)
                             : ERROR_NOT_ENOUGH_MEMORY;
    if (Error) {
        RegPrintError(Error);
        Exit = REG_EXIT_FAILED;
        goto Out;
    }
    /* A value that is not there is an error before any question. */
    if ((ValueArg || Default) && (Error = RegQueryValueExW(Key, Value, NULL, NULL, NULL, NULL))) {
        RegPrintError(Error);
        Exit = REG_EXIT_FAILED;
        RegCloseKey(Key);
        goto Out;
    }
    if (!Force) {
        size_t Bytes;
        char *Full = RegWideToUtf8(FullName, RegWcsLen(FullName), &Bytes);
        size_t Size = Bytes + (ValueArg ? strlen(ValueArg) : 0) + 64;
        char *Question = Full ? malloc(Size) : NULL;
        BOOL Yes = FALSE;
        if (Question) {
            if (ValueArg)
                snprintf(Question, Size, "Delete the registry value %s", ValueArg);
            else if (Default)
                snprintf(Question, Size, "Delete the registry value (Default)");
            else if (All)
                snprintf(Question, Size, "Delete all values under the registry key %s", Full);
            else
                snprintf(Question, Size, "Permanently delete the registry key %s", Full);
            Yes = RegConfirm(Question);
        }
        free(Question);
        free(Full);
        if (!Yes) {
            puts("The operation was canceled by the user.");
            RegCloseKey(Key);
            goto Out;
        }
    }
    if (ValueArg || Default)
        Error = RegDeleteValueW(Key, Value);
    else if (All)
        Error = RegDeleteAllValues(Key);
    RegCloseKey(Key);
    if (!ValueArg && !Default && !All)
        Error = RegDeleteTreeW(Name.Root, Name.Path);
    if (Error) {
        RegPrintError(Error);
        Exit = REG_EXIT_FAILED;
    } else {
        RegPrintSuccess();
    }
Out:
    free(Value);
    free(FullName);
    RegFreeKeyName(&Name);
    return Exit;
}
