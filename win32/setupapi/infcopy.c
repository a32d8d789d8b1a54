/*
 * setupapi/infcopy.c - the file directives of an install section: CopyFiles
 * and DelFiles, with [DestinationDirs], [SourceDisksNames] and
 * [SourceDisksFiles] (each with its .amd64 variant first), and the
 * directory ids (DIRIDs) they are written in.
 *
 * A file's source is the package directory (DIRID 1), then the path of its
 * disk in SourceDisksNames (field 4), then its subdirectory in
 * SourceDisksFiles (field 2); a file that SourceDisksFiles does not list is
 * looked for in the package directory itself, as setupapi did before
 * signed packages.  Its destination is the DestinationDirs entry of its
 * file-list section, else DefaultDestDir, else DIRID 11 (DIRID_DEFAULT).
 */
#include "setupapip.h"
#include "rtl/nls.h"
#include <ntio/ntfile.h>
#include <ntio/fileclass.h>
#include <ntio/ntsvc.h>

#include <stdlib.h>
#include <string.h>

/* ---- DIRIDs --------------------------------------------------------------------------- */

typedef struct _INFP_DIRID {
    LONG Id;
    int Base;                   /* 0: %windir%, 1: system32, 2: the system drive root */
    PCWSTR Tail;
} INFP_DIRID;

/* "Using Dirids": the ids of Windows' own directories, under ntio's
 * %windir% (C:\windows of the prefix). */
static const INFP_DIRID InfpDirids[] = {
    { 10, 0, L"" },                               /* DIRID_WINDOWS */
    { 11, 1, L"" },                               /* DIRID_SYSTEM */
    { 12, 1, L"\\drivers" },                      /* DIRID_DRIVERS */
    { 13, 1, L"\\DriverStore\\FileRepository" },  /* DIRID_DRIVER_STORE */
    { 17, 0, L"\\INF" },                          /* DIRID_INF */
    { 18, 0, L"\\Help" },                         /* DIRID_HELP */
    { 20, 0, L"\\Fonts" },                        /* DIRID_FONTS */
    { 21, 1, L"\\viewers" },                      /* DIRID_VIEWERS */
    { 23, 1, L"\\spool\\drivers\\color" },        /* DIRID_COLOR */
    { 24, 2, L"" },                               /* DIRID_APPS: the system drive's root */
    { 25, 0, L"" },                               /* DIRID_SHARED */
    { 30, 2, L"" },                               /* DIRID_BOOT */
    { 50, 0, L"\\system" },                       /* DIRID_SYSTEM16 */
    { 51, 1, L"\\spool" },                        /* DIRID_SPOOL */
    { 52, 1, L"\\spool\\drivers\\x64" },          /* DIRID_SPOOLDRIVERS */
    { 54, 2, L"" },                               /* DIRID_LOADER */
    { 55, 1, L"\\spool\\prtprocs\\x64" },         /* DIRID_PRINTPROCESSOR */
    { 16419, 2, L"ProgramData" },                 /* CSIDL_COMMON_APPDATA */
    { 16422, 2, L"Program Files" },               /* CSIDL_PROGRAM_FILES */
    { 16426, 2, L"Program Files (x86)" },         /* CSIDL_PROGRAM_FILESX86 */
    { 16427, 2, L"Program Files\\Common Files" }, /* CSIDL_PROGRAM_FILES_COMMON */
    { 16428, 2, L"Program Files (x86)\\Common Files" },
};

DWORD InfpDirectoryOfDirid(PCINFP_INSTALL Install, LONG Dirid, PWSTR *Path)
{
    WCHAR Base[MAX_PATH];
    *Path = NULL;
    if (Dirid == DIRID_SRCPATH) {
        *Path = InfpDuplicate(Install->SourceDir);
        return *Path ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
    }
    for (ULONG i = 0; i < RTL_NUMBER_OF(InfpDirids); i++) {
        if (InfpDirids[i].Id != Dirid)
            continue;
        UINT n = InfpDirids[i].Base == 1 ? GetSystemDirectoryW(Base, MAX_PATH)
                                         : GetWindowsDirectoryW(Base, MAX_PATH);
        if (!n || n >= MAX_PATH)
            return ERROR_PATH_NOT_FOUND;
        if (InfpDirids[i].Base == 2)
            Base[3] = 0; /* "C:\" */
        *Path = InfpFormat(L"%s%s", Base, InfpDirids[i].Tail);
        return *Path ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
    }
    return ERROR_INVALID_PARAMETER;
}

/* A DIRID written as a field: decimal, or hexadecimal after 0x. */
static BOOLEAN InfpParseDirid(PCWSTR Text, SIZE_T Chars, LONG *Dirid)
{
    LONG Sign = 1, v = 0;
    SIZE_T i = 0;
    int Base = 10;
    if (Chars && Text[0] == L'-') {
        Sign = -1;
        i++;
    }
    if (Chars - i > 2 && Text[i] == L'0' && (Text[i + 1] == L'x' || Text[i + 1] == L'X')) {
        Base = 16;
        i += 2;
    }
    if (i >= Chars)
        return FALSE;
    for (; i < Chars; i++) {
        WCHAR c = Text[i];
        int d = c >= L'0' && c <= L'9' ? c - L'0'
                : Base == 16 && c >= L'a' && c <= L'f' ? c - L'a' + 10
                : Base == 16 && c >= L'A' && c <= L'F' ? c - L'A' + 10 : -1;
        if (d < 0 || v > 0x7FFFFFF)
            return FALSE;
        v = v * Base + d;
    }
    *Dirid = v * Sign;
    return TRUE;
}

DWORD InfpExpandDirids(PCINFP_INSTALL Install, PCWSTR Text, PWSTR *Out)
{
    SIZE_T Length = RtlpWcslen(Text), Capacity = Length + 1, Used = 0;
    PWSTR r = malloc(Capacity * sizeof(WCHAR));
    *Out = NULL;
    if (!r)
        return ERROR_NOT_ENOUGH_MEMORY;
    for (SIZE_T i = 0; i < Length;) {
        PCWSTR Piece = Text + i;
        SIZE_T PieceChars = 1;
        PWSTR Dir = NULL;
        if (Text[i] == L'%') {
            SIZE_T j = i + 1;
            while (j < Length && Text[j] != L'%')
                j++;
            LONG Dirid;
            if (j < Length && InfpParseDirid(Text + i + 1, j - i - 1, &Dirid) &&
                InfpDirectoryOfDirid(Install, Dirid, &Dir) == ERROR_SUCCESS) {
                Piece = Dir;
                PieceChars = RtlpWcslen(Dir);
                i = j + 1;
            } else {
                i++;
            }
        } else {
            i++;
        }
        if (Used + PieceChars + 1 > Capacity) {
            Capacity = (Used + PieceChars + 1) * 2;
            PWSTR Grown = realloc(r, Capacity * sizeof(WCHAR));
            if (!Grown) {
                free(Dir);
                free(r);
                return ERROR_NOT_ENOUGH_MEMORY;
            }
            r = Grown;
        }
        memcpy(r + Used, Piece, PieceChars * sizeof(WCHAR));
        Used += PieceChars;
        free(Dir);
    }
    r[Used] = 0;
    *Out = r;
    return ERROR_SUCCESS;
}

/* ---- files ---------------------------------------------------------------------------- */

DWORD InfpCreateDirectoryPath(PCWSTR Path)
{
    PWSTR p = InfpDuplicate(Path);
    if (!p)
        return ERROR_NOT_ENOUGH_MEMORY;
    DWORD Error = ERROR_SUCCESS;
    SIZE_T n = RtlpWcslen(p);
    /* Each component after the drive ("C:\") in turn. */
    for (SIZE_T i = 3; i <= n && !Error; i++) {
        if (p[i] != L'\\' && p[i] != L'/' && p[i] != 0)
            continue;
        WCHAR Saved = p[i];
        p[i] = 0;
        DWORD Attributes = GetFileAttributesW(p);
        if (Attributes == INVALID_FILE_ATTRIBUTES) {
            if (!CreateDirectoryW(p, NULL) && GetLastError() != ERROR_ALREADY_EXISTS)
                Error = GetLastError();
        } else if (!(Attributes & FILE_ATTRIBUTE_DIRECTORY)) {
            Error = ERROR_DIRECTORY;
        }
        p[i] = Saved;
    }
    free(p);
    return Error;
}

/* TRUE when two files have the same bytes. */
static BOOL InfpSameFile(HANDLE A, PCWSTR BPath)
{
    HANDLE B = CreateFileW(BPath, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                           NULL, OPEN_EXISTING, 0, NULL);
    if (B == INVALID_HANDLE_VALUE)
        return FALSE;
    BOOL Same = GetFileSize(A, NULL) == GetFileSize(B, NULL);
    static const DWORD Chunk = 32 * 1024;
    BYTE *Buffer = Same ? malloc(2 * Chunk) : NULL;
    Same = Same && Buffer;
    while (Same) {
        DWORD ReadA = 0, ReadB = 0;
        if (!ReadFile(A, Buffer, Chunk, &ReadA, NULL) || !ReadFile(B, Buffer + Chunk, Chunk, &ReadB, NULL) ||
            ReadA != ReadB || memcmp(Buffer, Buffer + Chunk, ReadA))
            Same = FALSE;
        else if (!ReadA)
            break;
    }
    free(Buffer);
    CloseHandle(B);
    LARGE_INTEGER Zero = { 0 };
    SetFilePointerEx(A, Zero, NULL, FILE_BEGIN);
    return Same;
}

static DWORD InfpCopyContents(HANDLE In, HANDLE Out)
{
    static const DWORD Chunk = 64 * 1024;
    BYTE *Buffer = malloc(Chunk);
    DWORD Error = Buffer ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
    while (!Error) {
        DWORD Read = 0, Written = 0;
        if (!ReadFile(In, Buffer, Chunk, &Read, NULL))
            Error = GetLastError();
        else if (!Read)
            break;
        else if (!WriteFile(Out, Buffer, Read, &Written, NULL))
            Error = GetLastError();
        else if (Written != Read)
            Error = ERROR_WRITE_FAULT;
    }
    free(Buffer);
    return Error;
}

/* Rename the file open as Handle (with DELETE access) to Destination, replacing it. */
static DWORD InfpRenameOver(HANDLE Handle, PCWSTR Destination)
{
    UNICODE_STRING Nt;
    if (!RtlDosPathNameToNtPathName_U(Destination, &Nt, NULL, NULL))
        return ERROR_INVALID_NAME;
    ULONG Size = FIELD_OFFSET(FILE_RENAME_INFORMATION, FileName) + Nt.Length + sizeof(WCHAR);
    PFILE_RENAME_INFORMATION Rename = calloc(1, Size);
    DWORD Error = ERROR_NOT_ENOUGH_MEMORY;
    if (Rename) {
        IO_STATUS_BLOCK Iosb;
        Rename->ReplaceIfExists = TRUE;
        Rename->FileNameLength = Nt.Length;
        memcpy(Rename->FileName, Nt.Buffer, Nt.Length);
        NTSTATUS Status = NtSetInformationFile(Handle, &Iosb, Rename, Size, FileRenameInformation);
        Error = NT_SUCCESS(Status) ? ERROR_SUCCESS : RtlNtStatusToDosError(Status);
        free(Rename);
    }
    RtlFreeUnicodeString(&Nt);
    return Error;
}

/*
 * A file is replaced by writing a new one beside it and renaming it over
 * the old: a driver image the kernel has loaded from the old file keeps its
 * pages (ntio maps drivers from their files), where Windows would refuse
 * to overwrite a file in use.  A destination with the same bytes is left
 * alone.
 */
DWORD InfpCopyFile(PCWSTR Source, PCWSTR Destination, BOOL FailIfExists)
{
    DWORD Error = ERROR_SUCCESS;
    HANDLE In = CreateFileW(Source, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (In == INVALID_HANDLE_VALUE)
        return GetLastError();
    PWSTR Dir = InfpDuplicate(Destination);
    PWSTR Temporary = InfpFormat(L"%s.ntio-new", Destination);
    if (!Dir || !Temporary) {
        Error = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    for (SIZE_T i = RtlpWcslen(Dir); i > 0; i--) {
        if (Dir[i - 1] == L'\\') {
            Dir[i - 1] = 0;
            break;
        }
    }
    if ((Error = InfpCreateDirectoryPath(Dir)))
        goto out;
    BOOL Exists = GetFileAttributesW(Destination) != INVALID_FILE_ATTRIBUTES;
    if (Exists && FailIfExists) {
        Error = ERROR_FILE_EXISTS;
        goto out;
    }
    if (Exists && InfpSameFile(In, Destination))
        goto out;
    if (FailIfExists) {
        HANDLE Out = CreateFileW(Destination, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
        if (Out == INVALID_HANDLE_VALUE) {
            Error = GetLastError();
            goto out;
        }
        Error = InfpCopyContents(In, Out);
        CloseHandle(Out);
        if (Error)
            DeleteFileW(Destination);
        goto out;
    }
    HANDLE Out = CreateFileW(Temporary, GENERIC_WRITE | DELETE, 0, NULL, CREATE_ALWAYS,
                             FILE_ATTRIBUTE_NORMAL, NULL);
    if (Out == INVALID_HANDLE_VALUE) {
        Error = GetLastError();
        goto out;
    }
    Error = InfpCopyContents(In, Out);
    if (!Error)
        Error = InfpRenameOver(Out, Destination);
    CloseHandle(Out);
    if (Error)
        DeleteFileW(Temporary);
out:
    free(Dir);
    free(Temporary);
    CloseHandle(In);
    return Error;
}

/* ---- CopyFiles / DelFiles --------------------------------------------------------------- */

/* The first line keyed Key in Section.amd64 (then Section) of the HINF. */
static PCINF_LINE InfpFindDecorated(PINF_FILE Inf, PCWSTR Section, PCWSTR Key, PINFCONTEXT Ctx)
{
    PWSTR Decorated = InfpFormat(L"%s.%s", Section, InfpNtioPlatform()->Architecture);
    PCINF_LINE Line = NULL;
    if (Decorated) {
        Line = InfpFindFirstLine(Inf, Decorated, Key, Ctx);
        free(Decorated);
    }
    return Line ? Line : InfpFindFirstLine(Inf, Section, Key, Ctx);
}

/* Where a file of the package is: SourceDir[\disk path][\subdir]\Name. */
static PWSTR InfpSourcePath(PCINFP_INSTALL Install, PCWSTR Name)
{
    INFCONTEXT Ctx;
    PCWSTR DiskPath = L"", SubDir = L"";
    PCINF_LINE File = InfpFindDecorated(Install->Inf, L"SourceDisksFiles", Name, &Ctx);
    if (File) {
        PCWSTR Disk = InfpLineField(File, 1);
        PCWSTR Sub = InfpLineField(File, 2);
        if (Sub)
            SubDir = Sub;
        PCINF_LINE DiskLine = Disk && Disk[0]
                                  ? InfpFindDecorated(Install->Inf, L"SourceDisksNames", Disk, &Ctx)
                                  : NULL;
        PCWSTR Path = DiskLine ? InfpLineField(DiskLine, 4) : NULL;
        if (Path)
            DiskPath = Path;
    }
    while (*DiskPath == L'\\')
        DiskPath++;
    while (*SubDir == L'\\')
        SubDir++;
    return InfpFormat(L"%s%s%s%s%s\\%s", Install->SourceDir, *DiskPath ? L"\\" : L"", DiskPath,
                      *SubDir ? L"\\" : L"", SubDir, Name);
}

/* The destination directory of a file-list section (NULL: "@file"). */
static DWORD InfpDestinationDir(PCINFP_INSTALL Install, PCWSTR ListSection, PWSTR *Dir)
{
    INFCONTEXT Ctx;
    PCINF_LINE Line = ListSection ? InfpFindFirstLine(Install->Inf, L"DestinationDirs", ListSection, &Ctx)
                                  : NULL;
    if (!Line)
        Line = InfpFindFirstLine(Install->Inf, L"DestinationDirs", L"DefaultDestDir", &Ctx);
    LONG Dirid = DIRID_DEFAULT;
    PCWSTR Sub = NULL;
    if (Line) {
        PCWSTR Id = InfpLineField(Line, 1);
        if (!Id || !InfpParseDirid(Id, RtlpWcslen(Id), &Dirid)) {
            INF_MERGED_LINE Where;
            InfpMergedFromContext(&Ctx, L"DestinationDirs", &Where);
            InfpReportLine(&Where, "bad DIRID");
            return ERROR_INVALID_DATA;
        }
        Sub = InfpLineField(Line, 2);
    }
    PWSTR Base = NULL;
    DWORD Error;
    if (Dirid == DIRID_ABSOLUTE || Dirid == (LONG)DIRID_ABSOLUTE_16BIT) {
        Base = InfpDuplicate(L"");
        Error = Base ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
    } else {
        Error = InfpDirectoryOfDirid(Install, Dirid, &Base);
    }
    if (Error) {
        INF_MERGED_LINE Where;
        InfpMergedFromContext(&Ctx, L"DestinationDirs", &Where);
        InfpReportLine(Line ? &Where : NULL, "DIRID %d is not one ntio knows", (int)Dirid);
        return Error;
    }
    PWSTR Expanded = NULL;
    if (Sub && Sub[0] && (Error = InfpExpandDirids(Install, Sub, &Expanded))) {
        free(Base);
        return Error;
    }
    if (Expanded)
        *Dir = InfpFormat(L"%s%s%s", Base, Base[0] ? L"\\" : L"", Expanded);
    else
        *Dir = InfpDuplicate(Base);
    free(Expanded);
    free(Base);
    return *Dir ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
}

static DWORD InfpCopyOne(PCINFP_INSTALL Install, const INF_MERGED_LINE *Where, PCWSTR DestDir,
                         PCWSTR DestName, PCWSTR SourceName, DWORD Flags)
{
    PWSTR Source = InfpSourcePath(Install, SourceName);
    PWSTR Dest = InfpFormat(L"%s\\%s", DestDir, DestName);
    DWORD Error = Source && Dest ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
    if (!Error) {
        BOOL Exists = GetFileAttributesW(Dest) != INVALID_FILE_ATTRIBUTES;
        if ((Flags & COPYFLG_REPLACEONLY) && !Exists)
            goto out;
        if ((Flags & COPYFLG_NO_OVERWRITE) && Exists)
            goto out;
        Error = InfpCopyFile(Source, Dest, FALSE);
        if (Error) {
            char s[600], d[600];
            s[RtlpUtf16ToUtf8(s, sizeof s - 1, Source, RtlpWcslen(Source)) % sizeof s] = 0;
            d[RtlpUtf16ToUtf8(d, sizeof d - 1, Dest, RtlpWcslen(Dest)) % sizeof d] = 0;
            InfpReportLine(Where, "cannot copy %s to %s (error %u)", s, d, (unsigned)Error);
        }
    }
out:
    free(Source);
    free(Dest);
    return Error;
}

DWORD InfpCopyFilesDirective(PCINFP_INSTALL Install, const INF_MERGED_LINE *Directive)
{
    DWORD Error = ERROR_SUCCESS;
    for (ULONG f = 0; f < Directive->Line->FieldCount && !Error; f++) {
        PCWSTR Name = Directive->Line->Fields[f];
        if (!Name[0])
            continue;
        PWSTR DestDir = NULL;
        if (Name[0] == L'@') { /* CopyFiles=@file: one file to DefaultDestDir */
            Error = InfpDestinationDir(Install, NULL, &DestDir);
            if (!Error && !Install->NoFiles)
                Error = InfpCopyOne(Install, Directive, DestDir, Name + 1, Name + 1, 0);
            free(DestDir);
            continue;
        }
        INFCONTEXT Ctx;
        PCINF_LINE Line = InfpFindFirstLine(Install->Inf, Name, NULL, &Ctx);
        if (!Line) {
            if (!InfpSectionExists(Install->Inf, Name)) {
                char n[300];
                n[RtlpUtf16ToUtf8(n, sizeof n - 1, Name, RtlpWcslen(Name)) % sizeof n] = 0;
                InfpReportLine(Directive, "CopyFiles: no section [%s]", n);
                Error = ERROR_SECTION_NOT_FOUND;
            }
            continue;
        }
        Error = InfpDestinationDir(Install, Name, &DestDir);
        for (; Line && !Error; Line = InfpFindNextLine(&Ctx, NULL, &Ctx)) {
            PCWSTR Dest = InfpLineField(Line, 1);
            PCWSTR Source = InfpLineField(Line, 2);
            PCWSTR FlagText = InfpLineField(Line, 4);
            DWORD Flags = 0;
            if (FlagText && !InfpParseInteger(FlagText, &Flags)) {
                INF_MERGED_LINE Bad;
                InfpMergedFromContext(&Ctx, Name, &Bad);
                InfpReportLine(&Bad, "bad CopyFiles flags");
                Error = ERROR_INVALID_DATA;
                break;
            }
            if (!Dest || !Dest[0])
                continue;
            if (!Source || !Source[0])
                Source = Dest;
            INF_MERGED_LINE Where;
            InfpMergedFromContext(&Ctx, Name, &Where);
            if (!Install->NoFiles)
                Error = InfpCopyOne(Install, &Where, DestDir, Dest, Source, Flags);
        }
        free(DestDir);
    }
    return Error;
}

DWORD InfpDelFilesDirective(PCINFP_INSTALL Install, const INF_MERGED_LINE *Directive)
{
    DWORD Error = ERROR_SUCCESS;
    for (ULONG f = 0; f < Directive->Line->FieldCount && !Error; f++) {
        PCWSTR Name = Directive->Line->Fields[f];
        INFCONTEXT Ctx;
        if (!Name[0])
            continue;
        PCINF_LINE Line = InfpFindFirstLine(Install->Inf, Name, NULL, &Ctx);
        PWSTR DestDir = NULL;
        if (!Line)
            continue;
        Error = InfpDestinationDir(Install, Name, &DestDir);
        for (; Line && !Error; Line = InfpFindNextLine(&Ctx, NULL, &Ctx)) {
            PCWSTR File = InfpLineField(Line, 1);
            if (!File || !File[0] || Install->NoFiles)
                continue;
            PWSTR Path = InfpFormat(L"%s\\%s", DestDir, File);
            if (!Path)
                Error = ERROR_NOT_ENOUGH_MEMORY;
            else if (!DeleteFileW(Path) && GetLastError() != ERROR_FILE_NOT_FOUND)
                Error = GetLastError();
            free(Path);
        }
        free(DestDir);
    }
    return Error;
}
