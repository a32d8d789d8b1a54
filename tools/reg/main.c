/*
 * tools/reg/main.c - ntio-reg, started by `ntio reg OPERATION ARGS`: the
 * operations, key names, reg.exe's messages and prompts, string helpers.
 */
#include "reg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void RegUsage(FILE *Out)
{
    fputs("usage: ntio reg OPERATION [ARGS]\n"
          "\n"
          "Query and edit the registry of the ntio prefix ($NTIO_PREFIX), as reg.exe does.\n"
          "\n"
          "  query KEY [/v NAME | /ve] [/s]           show values and subkeys\n"
          "  add KEY [/v NAME | /ve] [/t TYPE] [/s SEPARATOR] [/d DATA] [/f]\n"
          "                                           create a key, set a value\n"
          "  delete KEY [/v NAME | /ve | /va] [/f]    delete a key (with its subkeys) or values\n"
          "  export KEY FILE [/y]                     write KEY and its subkeys to a .reg file\n"
          "  import FILE                              apply a .reg file\n"
          "\n"
          "KEY is ROOT\\Path, ROOT one of HKLM, HKCU, HKCR, HKU, HKCC or their long forms\n"
          "(HKEY_LOCAL_MACHINE …).  Options may start with / or -.\n"
          "The exit status is 0 on success, 1 on failure.\n"
          "'ntio reg OPERATION --help' describes an operation.\n",
          Out);
}

int main(int argc, char **argv)
{
    static const struct {
        const char *Name;
        int (*Run)(int argc, char **argv);
    } Operations[] = {
        { "query", RegQuery }, { "add", RegAdd },       { "delete", RegDelete },
        { "export", RegExport }, { "import", RegImport },
    };
    if (argc < 2) {
        fputs("ERROR: Invalid syntax.\nType \"ntio reg --help\" for usage.\n", stderr);
        return REG_EXIT_FAILED;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "/?")) {
        RegUsage(stdout);
        return REG_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof Operations / sizeof Operations[0]; i++)
        if (!RegAsciiICmp(argv[1], Operations[i].Name))
            return Operations[i].Run(argc - 1, argv + 1);
    fprintf(stderr, "ERROR: Invalid syntax.\nType \"ntio reg --help\" for usage.\n");
    return REG_EXIT_FAILED;
}

int RegAsciiICmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'a' && x <= 'z')
            x -= 'a' - 'A';
        if (y >= 'a' && y <= 'z')
            y -= 'a' - 'A';
        if (x != y || !x)
            return x - y;
    }
}

/* ---- messages ---------------------------------------------------------------- */

void RegPrintSuccess(void)
{
    puts("The operation completed successfully.");
}

int RegSyntaxError(const char *Command)
{
    fflush(stdout);
    fprintf(stderr, "ERROR: Invalid syntax.\nType \"ntio reg %s --help\" for usage.\n", Command);
    return REG_EXIT_FAILED;
}

const char *RegErrorText(LSTATUS Error)
{
    static const struct {
        LSTATUS Error;
        const char *Text;
    } Messages[] = {
        { ERROR_FILE_NOT_FOUND, "The system was unable to find the specified registry key or value." },
        { ERROR_PATH_NOT_FOUND, "The system was unable to find the specified registry key or value." },
        { ERROR_ACCESS_DENIED, "Access is denied." },
        { ERROR_INVALID_HANDLE, "The handle is invalid." },
        { ERROR_NOT_ENOUGH_MEMORY, "Not enough memory resources are available to process this command." },
        { ERROR_INVALID_PARAMETER, "The parameter is incorrect." },
        { ERROR_INVALID_NAME, "The filename, directory name, or volume label syntax is incorrect." },
        { ERROR_BAD_PATHNAME, "The specified path is invalid." },
        { ERROR_FILENAME_EXCED_RANGE, "The filename or extension is too long." },
        { ERROR_KEY_DELETED, "Illegal operation attempted on a registry key that has been marked for deletion." },
        { ERROR_CHILD_MUST_BE_VOLATILE, "Cannot create a stable subkey under a volatile parent key." },
        { ERROR_NOT_SUPPORTED, "The request is not supported." },
    };
    static char Other[64];
    for (size_t i = 0; i < sizeof Messages / sizeof Messages[0]; i++)
        if (Messages[i].Error == Error)
            return Messages[i].Text;
    snprintf(Other, sizeof Other, "The operation failed with error %u.", (unsigned)Error);
    return Other;
}

void RegPrintError(LSTATUS Error)
{
    fflush(stdout); /* errors go to stderr, after what was already said */
    fprintf(stderr, "ERROR: %s\n", RegErrorText(Error));
}

BOOL RegIsOption(const char *Arg, const char *Name)
{
    return (Arg[0] == '/' || Arg[0] == '-') && !RegAsciiICmp(Arg + 1, Name);
}

BOOL RegConfirm(const char *Question)
{
    char Line[256];
    for (;;) {
        printf("%s (Yes/No)? ", Question);
        fflush(stdout);
        if (!fgets(Line, sizeof Line, stdin)) {
            putchar('\n');
            return FALSE;
        }
        char *p = Line, *End;
        while (*p == ' ' || *p == '\t')
            p++;
        End = p + strlen(p);
        while (End > p && (End[-1] == '\n' || End[-1] == '\r' || End[-1] == ' ' || End[-1] == '\t'))
            *--End = 0;
        /* An answer that came from a pipe or file is shown, so the output
         * reads as it would at a terminal. */
        if (!isatty(0))
            printf("%s\n", p);
        if (!RegAsciiICmp(p, "yes") || !RegAsciiICmp(p, "y"))
            return TRUE;
        if (!RegAsciiICmp(p, "no") || !RegAsciiICmp(p, "n"))
            return FALSE;
    }
}

/* ---- key names --------------------------------------------------------------- */

static const struct {
    const char *Short;
    const char *Long;
    HKEY Root;
} RegRoots[] = {
    { "HKLM", "HKEY_LOCAL_MACHINE", HKEY_LOCAL_MACHINE },
    { "HKCU", "HKEY_CURRENT_USER", HKEY_CURRENT_USER },
    { "HKCR", "HKEY_CLASSES_ROOT", HKEY_CLASSES_ROOT },
    { "HKU", "HKEY_USERS", HKEY_USERS },
    { "HKCC", "HKEY_CURRENT_CONFIG", HKEY_CURRENT_CONFIG },
};

static BOOL RegAsciiEqualI(const WCHAR *w, size_t Chars, const char *a)
{
    size_t i;
    for (i = 0; i < Chars && a[i]; i++) {
        WCHAR c = w[i];
        if (c >= 'a' && c <= 'z')
            c -= 'a' - 'A';
        if (c != (WCHAR)(unsigned char)a[i])
            return FALSE;
    }
    return i == Chars && !a[i];
}

BOOL RegParseKeyName(const WCHAR *Name, REG_KEY_NAME *Key)
{
    size_t Len = RegWcsLen(Name), RootLen = 0;
    memset(Key, 0, sizeof *Key);
    while (RootLen < Len && Name[RootLen] != '\\')
        RootLen++;
    for (size_t i = 0; i < sizeof RegRoots / sizeof RegRoots[0]; i++) {
        if (RegAsciiEqualI(Name, RootLen, RegRoots[i].Short) ||
            RegAsciiEqualI(Name, RootLen, RegRoots[i].Long)) {
            Key->Root = RegRoots[i].Root;
            Key->RootName = RegRoots[i].Long;
            break;
        }
    }
    if (!Key->Root)
        return FALSE; /* remote names (\\HOST\KEY) included */
    size_t Start = RootLen < Len ? RootLen + 1 : Len, End = Len;
    while (End > Start && Name[End - 1] == '\\')
        End--;
    Key->Path = RegWcsDup(Name + Start, End - Start);
    return Key->Path != NULL;
}

void RegFreeKeyName(REG_KEY_NAME *Key)
{
    free(Key->Path);
    Key->Path = NULL;
}

WCHAR *RegFullKeyName(const REG_KEY_NAME *Key)
{
    size_t RootLen = strlen(Key->RootName), PathLen = RegWcsLen(Key->Path);
    WCHAR *Full = malloc((RootLen + 1 + PathLen + 1) * sizeof(WCHAR));
    if (!Full)
        return NULL;
    for (size_t i = 0; i < RootLen; i++)
        Full[i] = (WCHAR)Key->RootName[i];
    size_t n = RootLen;
    if (PathLen) {
        Full[n++] = '\\';
        memcpy(Full + n, Key->Path, PathLen * sizeof(WCHAR));
        n += PathLen;
    }
    Full[n] = 0;
    return Full;
}

/* ---- value types ------------------------------------------------------------- */

static const struct {
    DWORD Type;
    const char *Name;
} RegTypes[] = {
    { REG_NONE, "REG_NONE" },
    { REG_SZ, "REG_SZ" },
    { REG_EXPAND_SZ, "REG_EXPAND_SZ" },
    { REG_BINARY, "REG_BINARY" },
    { REG_DWORD, "REG_DWORD" },
    { REG_DWORD_BIG_ENDIAN, "REG_DWORD_BIG_ENDIAN" },
    { REG_LINK, "REG_LINK" },
    { REG_MULTI_SZ, "REG_MULTI_SZ" },
    { REG_RESOURCE_LIST, "REG_RESOURCE_LIST" },
    { REG_FULL_RESOURCE_DESCRIPTOR, "REG_FULL_RESOURCE_DESCRIPTOR" },
    { REG_RESOURCE_REQUIREMENTS_LIST, "REG_RESOURCE_REQUIREMENTS_LIST" },
    { REG_QWORD, "REG_QWORD" },
};

const char *RegTypeName(DWORD Type)
{
    static char Unknown[16];
    for (size_t i = 0; i < sizeof RegTypes / sizeof RegTypes[0]; i++)
        if (RegTypes[i].Type == Type)
            return RegTypes[i].Name;
    snprintf(Unknown, sizeof Unknown, "0x%x", (unsigned)Type);
    return Unknown;
}

BOOL RegTypeFromName(const char *Name, DWORD *Type)
{
    for (size_t i = 0; i < sizeof RegTypes / sizeof RegTypes[0]; i++) {
        if (!RegAsciiICmp(RegTypes[i].Name, Name)) {
            *Type = RegTypes[i].Type;
            return TRUE;
        }
    }
    return FALSE;
}

/* ---- strings -------------------------------------------------------------------- */

size_t RegWcsLen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

WCHAR *RegWcsDup(const WCHAR *s, size_t Chars)
{
    WCHAR *d = malloc((Chars + 1) * sizeof(WCHAR));
    if (d) {
        memcpy(d, s, Chars * sizeof(WCHAR));
        d[Chars] = 0;
    }
    return d;
}

int RegWcsICmp(const WCHAR *a, const WCHAR *b)
{
    for (;; a++, b++) {
        WCHAR x = *a, y = *b;
        if (x >= 'a' && x <= 'z')
            x -= 'a' - 'A';
        if (y >= 'a' && y <= 'z')
            y -= 'a' - 'A';
        if (x != y || !x)
            return (int)x - (int)y;
    }
}

WCHAR *RegUtf8ToWide(const char *Utf8, size_t Bytes, size_t *Chars)
{
    const unsigned char *s = (const unsigned char *)Utf8;
    WCHAR *Out = malloc((Bytes + 1) * sizeof(WCHAR)); /* never more units than bytes */
    size_t n = 0;
    if (!Out)
        return NULL;
    for (size_t i = 0; i < Bytes;) {
        unsigned long c = s[i++];
        int More = 0;
        unsigned long Min = 0;
        if (c >= 0xF0 && c < 0xF8)
            c &= 0x07, More = 3, Min = 0x10000;
        else if (c >= 0xE0 && c < 0xF0)
            c &= 0x0F, More = 2, Min = 0x800;
        else if (c >= 0xC0 && c < 0xE0)
            c &= 0x1F, More = 1, Min = 0x80;
        else if (c >= 0x80)
            c = 0xFFFD;
        int k;
        for (k = 0; k < More && i < Bytes && (s[i] & 0xC0) == 0x80; k++)
            c = (c << 6) | (s[i++] & 0x3F);
        if (k < More || c < Min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            c = More ? 0xFFFD : c;
        if (c >= 0x10000) {
            Out[n++] = (WCHAR)(0xD800 + ((c - 0x10000) >> 10));
            Out[n++] = (WCHAR)(0xDC00 + ((c - 0x10000) & 0x3FF));
        } else {
            Out[n++] = (WCHAR)c;
        }
    }
    Out[n] = 0;
    if (Chars)
        *Chars = n;
    return Out;
}

char *RegWideToUtf8(const WCHAR *Wide, size_t Chars, size_t *Bytes)
{
    char *Out = malloc(Chars * 3 + 1);
    size_t n = 0;
    if (!Out)
        return NULL;
    for (size_t i = 0; i < Chars; i++) {
        unsigned long c = Wide[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < Chars && Wide[i + 1] >= 0xDC00 &&
            Wide[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (Wide[++i] - 0xDC00);
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        if (c < 0x80) {
            Out[n++] = (char)c;
        } else if (c < 0x800) {
            Out[n++] = (char)(0xC0 | (c >> 6));
            Out[n++] = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            Out[n++] = (char)(0xE0 | (c >> 12));
            Out[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
            Out[n++] = (char)(0x80 | (c & 0x3F));
        } else {
            Out[n++] = (char)(0xF0 | (c >> 18));
            Out[n++] = (char)(0x80 | ((c >> 12) & 0x3F));
            Out[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
            Out[n++] = (char)(0x80 | (c & 0x3F));
        }
    }
    Out[n] = 0;
    if (Bytes)
        *Bytes = n;
    return Out;
}

void RegPutWide(const WCHAR *s, size_t Chars)
{
    size_t Bytes;
    char *Utf8 = RegWideToUtf8(s, Chars, &Bytes);
    if (Utf8) {
        fwrite(Utf8, 1, Bytes, stdout);
        free(Utf8);
    }
}

/* ---- writing a value exactly -------------------------------------------------- */

LSTATUS RegSetValueExact(HKEY Key, const WCHAR *Name, DWORD Type, const BYTE *Data, DWORD Size)
{
    /* RegSetValueEx counts one more NUL when a string's data does not end
     * in one but the character after it is a NUL (Windows' rule for callers
     * that forgot the terminator).  An unterminated string from a .reg file
     * must stay as it is: the data goes in a copy with a character that is
     * not NUL after it. */
    BOOL String = Type == REG_SZ || Type == REG_EXPAND_SZ || Type == REG_MULTI_SZ;
    if (!String || Size < sizeof(WCHAR) || Size % sizeof(WCHAR) ||
        (Data[Size - 1] == 0 && Data[Size - 2] == 0))
        return RegSetValueExW(Key, Name, 0, Type, Data, Size);
    BYTE *Copy = malloc(Size + sizeof(WCHAR));
    if (!Copy)
        return ERROR_NOT_ENOUGH_MEMORY;
    memcpy(Copy, Data, Size);
    Copy[Size] = Copy[Size + 1] = 0xFF;
    LSTATUS Error = RegSetValueExW(Key, Name, 0, Type, Copy, Size);
    free(Copy);
    return Error;
}

/* ---- reading a key ---------------------------------------------------------------- */

LSTATUS RegReadValues(HKEY Key, REG_VALUE **Values, DWORD *Count)
{
    REG_VALUE *List = NULL;
    DWORD n = 0, Cap = 0;
    WCHAR *Name = malloc(16384 * sizeof(WCHAR)); /* the longest value name, and its NUL */
    LSTATUS Error = Name ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;

    for (DWORD Index = 0; !Error; Index++) {
        DWORD NameChars = 16384, Type, Size = 0;
        Error = RegEnumValueW(Key, Index, Name, &NameChars, NULL, &Type, NULL, &Size);
        if (Error == ERROR_NO_MORE_ITEMS) {
            Error = ERROR_SUCCESS;
            break;
        }
        if (Error)
            break;
        BYTE *Data = malloc(Size ? Size : 1);
        if (!Data) {
            Error = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
        /* The value may change between the two calls: ask until it fits. */
        for (;;) {
            DWORD Room = Size;
            NameChars = 16384;
            Error = RegEnumValueW(Key, Index, Name, &NameChars, NULL, &Type, Data, &Size);
            if (Error != ERROR_MORE_DATA || Size <= Room)
                break;
            BYTE *Bigger = realloc(Data, Size);
            if (!Bigger) {
                Error = ERROR_NOT_ENOUGH_MEMORY;
                break;
            }
            Data = Bigger;
        }
        if (Error == ERROR_SUCCESS && n == Cap) {
            Cap = Cap ? Cap * 2 : 16;
            REG_VALUE *Bigger = realloc(List, Cap * sizeof *List);
            if (!Bigger)
                Error = ERROR_NOT_ENOUGH_MEMORY;
            else
                List = Bigger;
        }
        if (Error) {
            free(Data);
            break;
        }
        List[n].Name = RegWcsDup(Name, NameChars);
        List[n].Type = Type;
        List[n].Data = Data;
        List[n].Size = Size;
        n++;
    }
    free(Name);
    if (Error) {
        RegFreeValues(List, n);
        return Error;
    }
    *Values = List;
    *Count = n;
    return ERROR_SUCCESS;
}

void RegFreeValues(REG_VALUE *Values, DWORD Count)
{
    for (DWORD i = 0; i < Count; i++) {
        free(Values[i].Name);
        free(Values[i].Data);
    }
    free(Values);
}

LSTATUS RegReadSubkeys(HKEY Key, WCHAR ***Names, DWORD *Count)
{
    WCHAR **List = NULL;
    DWORD n = 0, Cap = 0;
    WCHAR Name[256]; /* a key name has at most 255 characters */
    LSTATUS Error = ERROR_SUCCESS;

    for (DWORD Index = 0;; Index++) {
        DWORD Chars = 256;
        Error = RegEnumKeyExW(Key, Index, Name, &Chars, NULL, NULL, NULL, NULL);
        if (Error == ERROR_NO_MORE_ITEMS) {
            Error = ERROR_SUCCESS;
            break;
        }
        if (Error)
            break;
        if (n == Cap) {
            Cap = Cap ? Cap * 2 : 16;
            WCHAR **Bigger = realloc(List, Cap * sizeof *List);
            if (!Bigger) {
                Error = ERROR_NOT_ENOUGH_MEMORY;
                break;
            }
            List = Bigger;
        }
        List[n++] = RegWcsDup(Name, Chars);
    }
    if (Error) {
        RegFreeSubkeys(List, n);
        return Error;
    }
    *Names = List;
    *Count = n;
    return ERROR_SUCCESS;
}

void RegFreeSubkeys(WCHAR **Names, DWORD Count)
{
    for (DWORD i = 0; i < Count; i++)
        free(Names[i]);
    free(Names);
}
