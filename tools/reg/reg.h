/*
 * tools/reg/reg.h - ntio-reg (`ntio reg`), reg.exe on top of advapi32's
 * registry API.  Strings are UTF-16 (WCHAR) inside, UTF-8 on the terminal
 * and in arguments; the W functions keep every value's bytes exact.
 */
#ifndef NTIO_TOOLS_REG_H
#define NTIO_TOOLS_REG_H

#include <windows.h>

#include <stddef.h>

/* Exit statuses, as reg.exe's. */
#define REG_EXIT_OK 0
#define REG_EXIT_FAILED 1

/* A key named on the command line or in a .reg file: the predefined root
 * and the path below it (empty for the root itself). */
typedef struct _REG_KEY_NAME {
    HKEY Root;
    const char *RootName; /* HKEY_LOCAL_MACHINE … */
    WCHAR *Path;          /* malloc'd, no leading or trailing backslash */
} REG_KEY_NAME;

/* main.c: names, messages, strings, prompts */
BOOL RegParseKeyName(const WCHAR *Name, REG_KEY_NAME *Key);
void RegFreeKeyName(REG_KEY_NAME *Key);
/* "ROOT\Path" in UTF-16 (malloc'd) */
WCHAR *RegFullKeyName(const REG_KEY_NAME *Key);
/* reg.exe's text for a Win32 error, and "ERROR: <that text>" on stderr. */
const char *RegErrorText(LSTATUS Error);
void RegPrintError(LSTATUS Error);
/* ERROR: Invalid syntax. and the usage hint for Command. */
int RegSyntaxError(const char *Command);
void RegPrintSuccess(void);
/* Ask Question (Yes/No) on stdout and read the answer from stdin, as
 * reg.exe does; end of input is No. */
BOOL RegConfirm(const char *Question);
/* Options: "/v", "-v", case-insensitive. */
BOOL RegIsOption(const char *Arg, const char *Name);

int RegAsciiICmp(const char *a, const char *b);
size_t RegWcsLen(const WCHAR *s);
WCHAR *RegWcsDup(const WCHAR *s, size_t Chars);
int RegWcsICmp(const WCHAR *a, const WCHAR *b);
/* UTF-8 <-> UTF-16, malloc'd and terminated; the count (Chars, Bytes) leaves out the NUL. */
WCHAR *RegUtf8ToWide(const char *Utf8, size_t Bytes, size_t *Chars);
char *RegWideToUtf8(const WCHAR *Wide, size_t Chars, size_t *Bytes);
/* Print UTF-16 as UTF-8 on stdout. */
void RegPutWide(const WCHAR *s, size_t Chars);

const char *RegTypeName(DWORD Type);
/* REG_SZ … from its name (case-insensitive); FALSE when unknown. */
BOOL RegTypeFromName(const char *Name, DWORD *Type);

/* RegSetValueExW that stores exactly Size bytes, also for a string
 * without its terminator. */
LSTATUS RegSetValueExact(HKEY Key, const WCHAR *Name, DWORD Type, const BYTE *Data, DWORD Size);

/* Every value of a key, in enumeration order (for query and export). */
typedef struct _REG_VALUE {
    WCHAR *Name;
    DWORD Type;
    BYTE *Data;
    DWORD Size;
} REG_VALUE;
LSTATUS RegReadValues(HKEY Key, REG_VALUE **Values, DWORD *Count);
void RegFreeValues(REG_VALUE *Values, DWORD Count);
/* Subkey names, in enumeration order. */
LSTATUS RegReadSubkeys(HKEY Key, WCHAR ***Names, DWORD *Count);
void RegFreeSubkeys(WCHAR **Names, DWORD Count);

/* the subcommands */
int RegQuery(int argc, char **argv);
int RegAdd(int argc, char **argv);
int RegDelete(int argc, char **argv);
int RegExport(int argc, char **argv);
int RegImport(int argc, char **argv);

#endif
