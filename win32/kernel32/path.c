/*
 * kernel32/path.c - Win32 paths: full path names and their NT names
 * (RtlDosPathNameToNtPathName_U), the current directory, and the temporary,
 * Windows and system directories.
 *
 * The drive mapping is Wine's: C: is PREFIX/drive_c, Z: the Linux root.
 * The current directory is the Linux one (getcwd / chdir), shown as C:\…
 * when it lies inside drive_c and as Z:\… otherwise; the kernel converts
 * (NtioHostPathToNtPath, NtioQueryHostPathFile), since the drives are its
 * host file system's volumes.
 */
#include "path.h"
#include "rtl/nls.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Rtl routines of the kernel that Windows' ntdll offers applications. */
NTIO_EXPORT NTSTATUS NTAPI RtlDuplicateUnicodeString(ULONG Flags, PCUNICODE_STRING StringIn,
                                                     PUNICODE_STRING StringOut);
#define RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE 1

static BOOLEAN BaseIsSeparator(WCHAR c)
{
    return c == L'\\' || c == L'/';
}

static BOOLEAN BaseIsDriveLetter(WCHAR c)
{
    return (c >= L'A' && c <= L'Z') || (c >= L'a' && c <= L'z');
}

static WCHAR BaseUpcaseAscii(WCHAR c)
{
    return (c >= L'a' && c <= L'z') ? (WCHAR)(c - 32) : c;
}

NTSTATUS BaseHostPathToDosPath(const char *HostPath, PWCHAR Out, SIZE_T Chars, SIZE_T *Length)
{
    ULONG Bytes = 0;
    PWCHAR Nt = malloc((PATH_MAX + 16) * sizeof(WCHAR));
    if (!Nt)
        return STATUS_NO_MEMORY;
    NTSTATUS Status = NtioHostPathToNtPath(HostPath, Nt, (PATH_MAX + 16) * sizeof(WCHAR), &Bytes);
    if (NT_SUCCESS(Status)) {
        /* "\??\C:\…" without its "\??\". */
        SIZE_T n = Bytes / sizeof(WCHAR) - 1 - 4;
        *Length = n;
        if (n + 1 > Chars)
            Status = STATUS_BUFFER_TOO_SMALL;
        else
            memcpy(Out, Nt + 4, (n + 1) * sizeof(WCHAR));
    }
    free(Nt);
    return Status;
}

/* The current directory ("C:\" or "Z:\home\me", no trailing separator
 * below the root) into Out; its length, 0 on failure (last error set). */
static SIZE_T BaseCurrentDirectory(PWCHAR Out, SIZE_T Chars)
{
    char Cwd[PATH_MAX];
    SIZE_T Length = 0;
    if (!getcwd(Cwd, sizeof Cwd)) {
        SetLastError(errno == ENOENT ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND);
        return 0;
    }
    NTSTATUS Status = BaseHostPathToDosPath(Cwd, Out, Chars, &Length);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return 0;
    }
    return Length;
}

typedef enum _BASE_PATH_KIND {
    BasePathDrive,      /* C:\…  */
    BasePathUnc,        /* \\server\share\… */
    BasePathDevice,     /* \\.\…  */
    BasePathVerbatim,   /* \\?\…  (taken as is) */
} BASE_PATH_KIND;

/*
 * The full path of In, as RtlGetFullPathName_U makes it: into Out
 * (BASE_MAX_PATH + 1 characters), returns its length, 0 when In is not a
 * path (last error set).  *Root: characters of the root ("C:\", "\\.\",
 * "\\server\share\") that ".." cannot climb above.
 */
#define BASE_MAX_PATH 32767
static SIZE_T BaseFullPath(PCWSTR In, PWCHAR Out, BASE_PATH_KIND *Kind, SIZE_T *RootOut)
{
    SIZE_T InLen = RtlpWcslen(In);
    PWCHAR Cwd = NULL;
    PCWSTR Rest;             /* components still to add, after the root */
    PCWSTR Base = NULL;      /* components of the current directory, before Rest */
    SIZE_T Pos = 0, Root;

    if (InLen == 0) {
        SetLastError(ERROR_INVALID_NAME);
        return 0;
    }
    if (InLen > BASE_MAX_PATH) {
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return 0;
    }
    if (InLen >= 4 && In[0] == L'\\' && In[1] == L'\\' && In[2] == L'?' && In[3] == L'\\') {
        memcpy(Out, In, (InLen + 1) * sizeof(WCHAR));
        *Kind = BasePathVerbatim;
        *RootOut = 4;
        return InLen;
    }

    if (BaseIsSeparator(In[0]) && BaseIsSeparator(In[1])) {
        if ((In[2] == L'.' || In[2] == L'?') && (BaseIsSeparator(In[3]) || In[3] == 0)) {
            memcpy(Out, L"\\\\.\\", 4 * sizeof(WCHAR));
            Pos = 4;
            Rest = In[3] ? In + 4 : In + 3;
            *Kind = BasePathDevice;
        } else {
            /* \\server\share: both are the root. */
            Out[Pos++] = L'\\';
            Out[Pos++] = L'\\';
            PCWSTR p = In + 2;
            for (int Part = 0; Part < 2 && *p; Part++) {
                while (*p && !BaseIsSeparator(*p))
                    Out[Pos++] = *p++;
                Out[Pos++] = L'\\';
                while (BaseIsSeparator(*p))
                    p++;
            }
            Rest = p;
            *Kind = BasePathUnc;
        }
    } else {
        *Kind = BasePathDrive;
        if (BaseIsDriveLetter(In[0]) && In[1] == L':' && BaseIsSeparator(In[2])) {
            Rest = In + 3;
            Out[Pos++] = In[0];
        } else {
            Cwd = malloc((BASE_MAX_PATH + 1) * sizeof(WCHAR));
            if (!Cwd) {
                SetLastError(ERROR_NOT_ENOUGH_MEMORY);
                return 0;
            }
            if (!BaseCurrentDirectory(Cwd, BASE_MAX_PATH + 1)) {
                free(Cwd);
                return 0;
            }
            if (BaseIsDriveLetter(In[0]) && In[1] == L':') {
                /* "C:x": relative to drive C:'s directory, which is the
                 * current one on the current drive, else its root. */
                Out[Pos++] = In[0];
                Rest = In + 2;
                if (BaseUpcaseAscii(In[0]) == BaseUpcaseAscii(Cwd[0]))
                    Base = Cwd + 3;
            } else if (BaseIsSeparator(In[0])) {
                Out[Pos++] = Cwd[0];
                Rest = In + 1;
            } else {
                Out[Pos++] = Cwd[0];
                Base = Cwd + 3;
                Rest = In;
            }
        }
        Out[Pos++] = L':';
        Out[Pos++] = L'\\';
    }
    Root = Pos;

    /* Add the components: "." goes, ".." takes the one before it (never
     * the root), repeated separators are one. */
    for (int Pass = 0; Pass < 2; Pass++) {
        PCWSTR p = Pass == 0 ? Base : Rest;
        if (!p)
            continue;
        while (*p) {
            while (BaseIsSeparator(*p))
                p++;
            PCWSTR Start = p;
            while (*p && !BaseIsSeparator(*p))
                p++;
            SIZE_T n = (SIZE_T)(p - Start);
            if (n == 0 || (n == 1 && Start[0] == L'.'))
                continue;
            if (n == 2 && Start[0] == L'.' && Start[1] == L'.') {
                if (Pos > Root) {
                    Pos--; /* the separator after the last component */
                    while (Pos > Root && Out[Pos - 1] != L'\\')
                        Pos--;
                }
                continue;
            }
            if (Pos + n + 1 > BASE_MAX_PATH) {
                free(Cwd);
                SetLastError(ERROR_FILENAME_EXCED_RANGE);
                return 0;
            }
            memcpy(&Out[Pos], Start, n * sizeof(WCHAR));
            Pos += n;
            Out[Pos++] = L'\\';
        }
    }
    free(Cwd);
    /* A separator at the end stays; otherwise the last component loses it
     * and its trailing dots and spaces. */
    BOOLEAN Trailing = InLen > 0 && BaseIsSeparator(In[InLen - 1]);
    if (!Trailing && Pos > Root) {
        Pos--;
        while (Pos > Root && (Out[Pos - 1] == L'.' || Out[Pos - 1] == L' '))
            Pos--;
    }
    if (*Kind == BasePathDevice && Pos > Root && Out[Pos - 1] == L'\\' && !Trailing)
        Pos--;
    Out[Pos] = 0;
    *RootOut = Root;
    return Pos;
}

NTSTATUS BaseDosPathToNtPath(LPCWSTR Path, PUNICODE_STRING NtName, PWSTR *FilePart)
{
    BASE_PATH_KIND Kind;
    SIZE_T Root;
    NtName->Buffer = NULL;
    NtName->Length = NtName->MaximumLength = 0;
    if (FilePart)
        *FilePart = NULL;
    if (!Path || !Path[0])
        return STATUS_OBJECT_NAME_INVALID;
    PWCHAR Full = malloc((BASE_MAX_PATH + 1) * sizeof(WCHAR));
    PWCHAR Nt = malloc((BASE_MAX_PATH + 8) * sizeof(WCHAR));
    if (!Full || !Nt) {
        free(Full);
        free(Nt);
        return STATUS_NO_MEMORY;
    }
    SIZE_T Len = BaseFullPath(Path, Full, &Kind, &Root);
    if (!Len) {
        free(Full);
        free(Nt);
        return GetLastError() == ERROR_FILENAME_EXCED_RANGE ? STATUS_NAME_TOO_LONG
                                                            : STATUS_OBJECT_NAME_INVALID;
    }
    SIZE_T Pos = 4, Skip = 0;
    memcpy(Nt, L"\\??\\", 4 * sizeof(WCHAR));
    switch (Kind) {
    case BasePathVerbatim:
    case BasePathDevice:
        Skip = 4;
        break;
    case BasePathUnc:
        memcpy(&Nt[Pos], L"UNC\\", 4 * sizeof(WCHAR));
        Pos += 4;
        Skip = 2;
        break;
    case BasePathDrive:
        break;
    }
    memcpy(&Nt[Pos], Full + Skip, (Len - Skip + 1) * sizeof(WCHAR));
    Pos += Len - Skip;
    free(Full);
    if (Pos * sizeof(WCHAR) > UNICODE_STRING_MAX_BYTES - sizeof(WCHAR)) {
        free(Nt);
        return STATUS_NAME_TOO_LONG;
    }
    NtName->Buffer = Nt;
    NtName->Length = (USHORT)(Pos * sizeof(WCHAR));
    NtName->MaximumLength = (USHORT)(NtName->Length + sizeof(WCHAR));
    if (FilePart && Pos > 0 && Nt[Pos - 1] != L'\\') {
        SIZE_T Leaf = Pos;
        while (Leaf > 0 && Nt[Leaf - 1] != L'\\')
            Leaf--;
        *FilePart = &Nt[Leaf];
    }
    return STATUS_SUCCESS;
}

VOID BaseFreeNtPath(PUNICODE_STRING NtName)
{
    free(NtName->Buffer);
    NtName->Buffer = NULL;
}

NTIO_EXPORT BOOLEAN NTAPI RtlDosPathNameToNtPathName_U(PCWSTR DosName, PUNICODE_STRING NtName,
                                                       PCWSTR *FilePart, PVOID Reserved)
{
    UNICODE_STRING Local;
    PWSTR Part = NULL;
    UNREFERENCED_PARAMETER(Reserved);
    if (!NtName)
        return FALSE;
    if (FilePart)
        *FilePart = NULL;
    if (!NT_SUCCESS(BaseDosPathToNtPath(DosName, &Local, &Part)))
        return FALSE;
    /* The caller frees the name with RtlFreeUnicodeString: it comes from
     * the Rtl allocator. */
    NTSTATUS Status = RtlDuplicateUnicodeString(RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE, &Local, NtName);
    if (NT_SUCCESS(Status) && FilePart && Part)
        *FilePart = NtName->Buffer + (Part - Local.Buffer);
    BaseFreeNtPath(&Local);
    return NT_SUCCESS(Status);
}

/* ---- the A forms: UTF-8 (the ANSI code page) ---------------------------- */

PWSTR BaseAnsiToWide(LPCSTR Text)
{
    if (!Text)
        return NULL;
    SIZE_T Bytes = strlen(Text);
    SIZE_T Chars = RtlpUtf8ToUtf16(NULL, 0, Text, Bytes);
    PWSTR Wide = malloc((Chars + 1) * sizeof(WCHAR));
    if (!Wide) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    RtlpUtf8ToUtf16(Wide, Chars, Text, Bytes);
    Wide[Chars] = 0;
    return Wide;
}

DWORD BaseWideResultToAnsi(PCWSTR Wide, SIZE_T Chars, LPSTR Out, DWORD Size)
{
    SIZE_T Bytes = RtlpUtf16ToUtf8(NULL, 0, Wide, Chars);
    if (Bytes + 1 > Size)
        return (DWORD)(Bytes + 1);
    RtlpUtf16ToUtf8(Out, Bytes, Wide, Chars);
    Out[Bytes] = 0;
    return (DWORD)Bytes;
}

/* ---- GetFullPathName ---------------------------------------------------- */

NTIO_EXPORT DWORD WINAPI GetFullPathNameW(LPCWSTR lpFileName, DWORD nBufferLength, LPWSTR lpBuffer,
                                          LPWSTR *lpFilePart)
{
    BASE_PATH_KIND Kind;
    SIZE_T Root;
    if (lpFilePart)
        *lpFilePart = NULL;
    if (!lpFileName) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    PWCHAR Full = malloc((BASE_MAX_PATH + 1) * sizeof(WCHAR));
    if (!Full) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    SIZE_T Len = BaseFullPath(lpFileName, Full, &Kind, &Root);
    if (Len == 0 || Len + 1 > nBufferLength || !lpBuffer) {
        free(Full);
        return Len ? (DWORD)(Len + 1) : 0;
    }
    memcpy(lpBuffer, Full, (Len + 1) * sizeof(WCHAR));
    free(Full);
    if (lpFilePart && lpBuffer[Len - 1] != L'\\') {
        SIZE_T Leaf = Len;
        while (Leaf > 0 && lpBuffer[Leaf - 1] != L'\\')
            Leaf--;
        *lpFilePart = &lpBuffer[Leaf];
    }
    return (DWORD)Len;
}

NTIO_EXPORT DWORD WINAPI GetFullPathNameA(LPCSTR lpFileName, DWORD nBufferLength, LPSTR lpBuffer,
                                          LPSTR *lpFilePart)
{
    BASE_PATH_KIND Kind;
    SIZE_T Root;
    if (lpFilePart)
        *lpFilePart = NULL;
    if (!lpFileName) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    PWSTR Wide = BaseAnsiToWide(lpFileName);
    PWCHAR Full = malloc((BASE_MAX_PATH + 1) * sizeof(WCHAR));
    SIZE_T Len = Wide && Full ? BaseFullPath(Wide, Full, &Kind, &Root) : 0;
    DWORD Result = 0;
    if (Len) {
        Result = BaseWideResultToAnsi(Full, Len, lpBuffer, lpBuffer ? nBufferLength : 0);
        if (Result < nBufferLength && lpBuffer && lpFilePart && Result && lpBuffer[Result - 1] != '\\') {
            char *Slash = strrchr(lpBuffer, '\\');
            *lpFilePart = Slash ? Slash + 1 : lpBuffer;
        }
    } else if (Wide && !Full) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    }
    free(Full);
    free(Wide);
    return Result;
}

/* ---- the current directory ---------------------------------------------- */

NTIO_EXPORT DWORD WINAPI GetCurrentDirectoryW(DWORD nBufferLength, LPWSTR lpBuffer)
{
    PWCHAR Cwd = malloc((BASE_MAX_PATH + 1) * sizeof(WCHAR));
    if (!Cwd) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    SIZE_T Len = BaseCurrentDirectory(Cwd, BASE_MAX_PATH + 1);
    DWORD Result = 0;
    if (Len) {
        if (Len + 1 > nBufferLength || !lpBuffer) {
            Result = (DWORD)(Len + 1);
        } else {
            memcpy(lpBuffer, Cwd, (Len + 1) * sizeof(WCHAR));
            Result = (DWORD)Len;
        }
    }
    free(Cwd);
    return Result;
}

NTIO_EXPORT DWORD WINAPI GetCurrentDirectoryA(DWORD nBufferLength, LPSTR lpBuffer)
{
    PWCHAR Cwd = malloc((BASE_MAX_PATH + 1) * sizeof(WCHAR));
    if (!Cwd) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    SIZE_T Len = BaseCurrentDirectory(Cwd, BASE_MAX_PATH + 1);
    DWORD Result = Len ? BaseWideResultToAnsi(Cwd, Len, lpBuffer, lpBuffer ? nBufferLength : 0) : 0;
    free(Cwd);
    return Result;
}

NTIO_EXPORT BOOL WINAPI SetCurrentDirectoryW(LPCWSTR lpPathName)
{
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attr;
    IO_STATUS_BLOCK Iosb;
    HANDLE Dir;
    if (!lpPathName) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    NTSTATUS Status = BaseDosPathToNtPath(lpPathName, &Name, NULL);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status == STATUS_NAME_TOO_LONG ? Status : STATUS_OBJECT_PATH_NOT_FOUND);
        return FALSE;
    }
    InitializeObjectAttributes(&Attr, &Name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    Status = NtOpenFile(&Dir, FILE_TRAVERSE | SYNCHRONIZE, &Attr, &Iosb,
                        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                        FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT);
    BaseFreeNtPath(&Name);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    /* The directory found (whatever case was asked) becomes Linux's
     * current directory. */
    char Host[PATH_MAX];
    ULONG Needed;
    Status = NtioQueryHostPathFile(Dir, Host, sizeof Host, &Needed);
    NtClose(Dir);
    if (!NT_SUCCESS(Status)) {
        /* Not a directory of a drive (a device): Windows cannot make that
         * current either. */
        SetLastError(Status == STATUS_OBJECT_TYPE_MISMATCH ? ERROR_DIRECTORY : RtlNtStatusToDosError(Status));
        return FALSE;
    }
    if (chdir(Host) != 0) {
        SetLastError(errno == EACCES ? ERROR_ACCESS_DENIED : ERROR_PATH_NOT_FOUND);
        return FALSE;
    }
    return TRUE;
}

NTIO_EXPORT BOOL WINAPI SetCurrentDirectoryA(LPCSTR lpPathName)
{
    if (!lpPathName) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    PWSTR Wide = BaseAnsiToWide(lpPathName);
    if (!Wide)
        return FALSE;
    BOOL Ok = SetCurrentDirectoryW(Wide);
    free(Wide);
    return Ok;
}

/* ---- the temporary, Windows and system directories ---------------------- */

static const WCHAR BaseWindowsDirectory[] = L"C:\\windows";
static const WCHAR BaseSystemDirectory[] = L"C:\\windows\\system32";

/* Copy Text with Windows' return rules: the length without the NUL when
 * it fits, else the size needed with it. */
static UINT BaseReturnString(PCWSTR Text, SIZE_T Len, LPWSTR Buffer, UINT Size)
{
    if (Len + 1 > Size || !Buffer)
        return (UINT)(Len + 1);
    memcpy(Buffer, Text, (Len + 1) * sizeof(WCHAR));
    return (UINT)Len;
}

NTIO_EXPORT UINT WINAPI GetWindowsDirectoryW(LPWSTR lpBuffer, UINT uSize)
{
    return BaseReturnString(BaseWindowsDirectory, RTL_NUMBER_OF(BaseWindowsDirectory) - 1, lpBuffer, uSize);
}

NTIO_EXPORT UINT WINAPI GetWindowsDirectoryA(LPSTR lpBuffer, UINT uSize)
{
    return BaseWideResultToAnsi(BaseWindowsDirectory, RTL_NUMBER_OF(BaseWindowsDirectory) - 1, lpBuffer,
                                lpBuffer ? uSize : 0);
}

NTIO_EXPORT UINT WINAPI GetSystemWindowsDirectoryW(LPWSTR lpBuffer, UINT uSize)
{
    return GetWindowsDirectoryW(lpBuffer, uSize);
}

NTIO_EXPORT UINT WINAPI GetSystemWindowsDirectoryA(LPSTR lpBuffer, UINT uSize)
{
    return GetWindowsDirectoryA(lpBuffer, uSize);
}

NTIO_EXPORT UINT WINAPI GetSystemDirectoryW(LPWSTR lpBuffer, UINT uSize)
{
    return BaseReturnString(BaseSystemDirectory, RTL_NUMBER_OF(BaseSystemDirectory) - 1, lpBuffer, uSize);
}

NTIO_EXPORT UINT WINAPI GetSystemDirectoryA(LPSTR lpBuffer, UINT uSize)
{
    return BaseWideResultToAnsi(BaseSystemDirectory, RTL_NUMBER_OF(BaseSystemDirectory) - 1, lpBuffer,
                                lpBuffer ? uSize : 0);
}

/*
 * The temporary directory: TMP, TEMP, USERPROFILE, as Windows looks, but
 * only values that are Windows paths ("X:…"): the Linux environment's
 * TMP=/tmp is not one.  Without any, C:\windows\temp\ in the prefix (what
 * a Wine prefix's TEMP names).  Always with a trailing separator.
 */
static SIZE_T BaseTempPath(PWCHAR Out)
{
    static const char *const Names[] = { "TMP", "TEMP", "USERPROFILE" };
    BASE_PATH_KIND Kind;
    SIZE_T Root;
    for (SIZE_T i = 0; i < RTL_NUMBER_OF(Names); i++) {
        const char *Value = getenv(Names[i]);
        if (!Value || !((Value[0] | 0x20) >= 'a' && (Value[0] | 0x20) <= 'z') || Value[1] != ':')
            continue;
        PWSTR Wide = BaseAnsiToWide(Value);
        SIZE_T Len = Wide ? BaseFullPath(Wide, Out, &Kind, &Root) : 0;
        free(Wide);
        if (Len && Len + 1 < BASE_MAX_PATH) {
            if (Out[Len - 1] != L'\\') {
                Out[Len++] = L'\\';
                Out[Len] = 0;
            }
            return Len;
        }
    }
    static const WCHAR Default[] = L"C:\\windows\\temp\\";
    memcpy(Out, Default, sizeof Default);
    return RTL_NUMBER_OF(Default) - 1;
}

NTIO_EXPORT DWORD WINAPI GetTempPathW(DWORD nBufferLength, LPWSTR lpBuffer)
{
    PWCHAR Path = malloc((BASE_MAX_PATH + 1) * sizeof(WCHAR));
    if (!Path) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    SIZE_T Len = BaseTempPath(Path);
    DWORD Result = BaseReturnString(Path, Len, lpBuffer, nBufferLength);
    free(Path);
    return Result;
}

NTIO_EXPORT DWORD WINAPI GetTempPathA(DWORD nBufferLength, LPSTR lpBuffer)
{
    PWCHAR Path = malloc((BASE_MAX_PATH + 1) * sizeof(WCHAR));
    if (!Path) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    SIZE_T Len = BaseTempPath(Path);
    DWORD Result = BaseWideResultToAnsi(Path, Len, lpBuffer, lpBuffer ? nBufferLength : 0);
    free(Path);
    return Result;
}
