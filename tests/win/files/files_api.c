/*
 * tests/win/files/files_api.c - files through kernel32 on the drives the
 * host file system serves: C: (the prefix's drive_c) and Z: (the Linux
 * root).  The Windows, system and temporary directories; the current
 * directory (the Linux one, as Z:\…) and relative paths; GetFullPathName
 * and RtlDosPathNameToNtPathName_U; CreateFile with every disposition and
 * its last-error rules, sharing, delete on close, overlapped handles;
 * ReadFile/WriteFile with the position the kernel keeps; SetFilePointer(Ex),
 * GetFileSize(Ex), SetEndOfFile, FlushFileBuffers; DeleteFile,
 * GetFileAttributes, CreateDirectory, RemoveDirectory; GetModuleFileName.
 *
 * Usage: files_api CWD-LINUX-PATH EXE-LINUX-PATH [tmpenv]
 */
#include <windows.h>
#include <ntio/ntfile.h>

#include "../../harness.h"

#define CHECK_ERR(expr, err)                                                                    \
    do {                                                                                        \
        SetLastError(0xdeadbeef);                                                               \
        expr;                                                                                   \
        DWORD _e = GetLastError();                                                              \
        ntio_test_checks++;                                                                     \
        if (_e != (DWORD)(err)) {                                                               \
            ntio_test_failures++;                                                               \
            printf("%s:%d: FAIL: %s: last error %u, expected %u\n", __FILE__, __LINE__, #expr,   \
                   (unsigned)_e, (unsigned)(err));                                              \
        }                                                                                       \
    } while (0)

static char PrefixZ[1024]; /* the prefix as a Z: path */

/* "/a/b" -> "Z:\a\b" */
static void ToZ(char *Out, size_t Size, const char *Linux)
{
    snprintf(Out, Size, "Z:%s", Linux);
    for (char *p = Out; *p; p++)
        if (*p == '/')
            *p = '\\';
}

static BOOL IsDirectory(const char *Path)
{
    DWORD A = GetFileAttributesA(Path);
    return A != INVALID_FILE_ATTRIBUTES && (A & FILE_ATTRIBUTE_DIRECTORY);
}

static void TestSystemDirectories(void)
{
    char Buf[MAX_PATH];
    WCHAR WBuf[MAX_PATH];

    CHECK_EQ(GetWindowsDirectoryA(Buf, sizeof Buf), 10);
    CHECK_STR(Buf, "C:\\windows");
    CHECK_EQ(GetWindowsDirectoryA(Buf, 10), 11); /* no room for the NUL: the size needed */
    CHECK_EQ(GetWindowsDirectoryA(NULL, 0), 11);
    CHECK_EQ(GetWindowsDirectoryW(WBuf, MAX_PATH), 10);
    CHECK(memcmp(WBuf, L"C:\\windows", 11 * sizeof(WCHAR)) == 0);
    CHECK_EQ(GetSystemDirectoryA(Buf, sizeof Buf), 19);
    CHECK_STR(Buf, "C:\\windows\\system32");
    CHECK_EQ(GetSystemDirectoryA(Buf, 19), 20);
    CHECK_EQ(GetSystemDirectoryW(WBuf, MAX_PATH), 19);
    CHECK(memcmp(WBuf, L"C:\\windows\\system32", 20 * sizeof(WCHAR)) == 0);

    /* TMP=/tmp and TEMP=/var/tmp (the test's environment) are Linux
     * paths, not Windows ones: the prefix's temporary directory. */
    CHECK_EQ(GetTempPathA(sizeof Buf, Buf), 16);
    CHECK_STR(Buf, "C:\\windows\\temp\\");
    CHECK_EQ(GetTempPathA(16, Buf), 17);
    CHECK_EQ(GetTempPathW(MAX_PATH, WBuf), 16);
    CHECK(memcmp(WBuf, L"C:\\windows\\temp\\", 17 * sizeof(WCHAR)) == 0);

    /* They exist, on C: and as the Linux directories of the prefix. */
    CHECK(IsDirectory("C:\\windows"));
    CHECK(IsDirectory("C:\\WINDOWS\\SYSTEM32"));
    CHECK(IsDirectory("c:\\windows\\system32\\drivers"));
    CHECK(IsDirectory("C:\\windows\\temp\\"));
    char Linux[1200];
    snprintf(Linux, sizeof Linux, "%s\\drive_c\\windows\\temp", PrefixZ);
    CHECK(IsDirectory(Linux));
    snprintf(Linux, sizeof Linux, "%s\\drive_c\\windows\\system32", PrefixZ);
    CHECK(IsDirectory(Linux));
    /* Z:\ is the Linux root. */
    CHECK(IsDirectory("Z:\\"));
    CHECK(IsDirectory("Z:\\TMP"));
    CHECK(GetFileAttributesA("Z:\\proc\\self\\exe") != INVALID_FILE_ATTRIBUTES);
}

static void TestTmpEnvironment(void)
{
    char Buf[MAX_PATH];
    /* TMP=C:\Users\me\Temp: a Windows path, taken, with a separator added. */
    CHECK_EQ(GetTempPathA(sizeof Buf, Buf), 17);
    CHECK_STR(Buf, "C:\\Users\\me\\Temp\\");
}

static void TestCurrentDirectory(const char *LinuxCwd)
{
    char Expected[1024], Buf[1024];
    WCHAR WBuf[1024];
    ToZ(Expected, sizeof Expected, LinuxCwd);
    DWORD Len = (DWORD)strlen(Expected);

    /* The Linux current directory, as a Z: path. */
    CHECK_EQ(GetCurrentDirectoryA(sizeof Buf, Buf), Len);
    CHECK_STR(Buf, Expected);
    CHECK_EQ(GetCurrentDirectoryA(0, NULL), Len + 1);
    CHECK_EQ(GetCurrentDirectoryA(Len, Buf), Len + 1);
    CHECK_EQ(GetCurrentDirectoryA(Len + 1, Buf), Len);
    CHECK_EQ(GetCurrentDirectoryW(1024, WBuf), Len);
    CHECK(WBuf[0] == L'Z' && WBuf[1] == L':' && WBuf[2] == L'\\');

    /* Into the prefix: C:, in the case on disk. */
    CHECK(CreateDirectoryA("C:\\windows\\temp\\Work", NULL));
    CHECK_ERR(CHECK(!CreateDirectoryA("C:\\WINDOWS\\temp\\work", NULL)), ERROR_ALREADY_EXISTS);
    CHECK_ERR(CHECK(!CreateDirectoryA("C:\\windows\\temp\\nope\\x", NULL)), ERROR_PATH_NOT_FOUND);
    CHECK(SetCurrentDirectoryA("C:\\WINDOWS\\TEMP\\WORK"));
    CHECK_EQ(GetCurrentDirectoryA(sizeof Buf, Buf), 20);
    CHECK_STR(Buf, "C:\\windows\\temp\\Work");
    CHECK_ERR(CHECK(!SetCurrentDirectoryA("nosuch")), ERROR_FILE_NOT_FOUND);
    CHECK_ERR(CHECK(!SetCurrentDirectoryA("nosuch\\deeper")), ERROR_PATH_NOT_FOUND);
    CHECK_STR(Buf, "C:\\windows\\temp\\Work");

    /* Relative names from there. */
    HANDLE h = CreateFileA("rel.txt", GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    CHECK(h != INVALID_HANDLE_VALUE);
    DWORD n;
    CHECK(WriteFile(h, "relative", 8, &n, NULL) && n == 8);
    CloseHandle(h);
    CHECK(GetFileAttributesA("C:\\windows\\temp\\Work\\rel.txt") != INVALID_FILE_ATTRIBUTES);
    CHECK(GetFileAttributesA(".\\REL.TXT") != INVALID_FILE_ATTRIBUTES);
    CHECK(GetFileAttributesA("sub\\..\\rel.txt") != INVALID_FILE_ATTRIBUTES);
    CHECK(GetFileAttributesA("\\windows\\temp\\work\\rel.txt") != INVALID_FILE_ATTRIBUTES);
    CHECK(GetFileAttributesA("C:rel.txt") != INVALID_FILE_ATTRIBUTES);
    CHECK(GetFileAttributesA("../work/rel.txt") != INVALID_FILE_ATTRIBUTES);
    CHECK_ERR(CHECK(GetFileAttributesA("Z:rel.txt") == INVALID_FILE_ATTRIBUTES), ERROR_FILE_NOT_FOUND);
    CHECK_ERR(CHECK(SetCurrentDirectoryA("rel.txt") == FALSE), ERROR_DIRECTORY);

    /* GetFullPathName: the same rules, by name only. */
    char *Part = NULL;
    CHECK_EQ(GetFullPathNameA("rel.txt", sizeof Buf, Buf, &Part), 28);
    CHECK_STR(Buf, "C:\\windows\\temp\\Work\\rel.txt");
    CHECK(Part && strcmp(Part, "rel.txt") == 0);
    CHECK_EQ(GetFullPathNameA("rel.txt", 28, Buf, &Part), 29);
    CHECK_EQ(GetFullPathNameA("a\\b\\..\\c. ", sizeof Buf, Buf, NULL), 24);
    CHECK_STR(Buf, "C:\\windows\\temp\\Work\\a\\c");
    GetFullPathNameA("..\\..\\x", sizeof Buf, Buf, NULL);
    CHECK_STR(Buf, "C:\\windows\\x");
    GetFullPathNameA("C:\\..\\..\\", sizeof Buf, Buf, &Part);
    CHECK_STR(Buf, "C:\\");
    CHECK(Part == NULL);
    GetFullPathNameA("/usr/lib/", sizeof Buf, Buf, &Part);
    CHECK_STR(Buf, "C:\\usr\\lib\\");
    CHECK(Part == NULL);
    GetFullPathNameA("z:/tmp//x/./y", sizeof Buf, Buf, NULL);
    CHECK_STR(Buf, "z:\\tmp\\x\\y");
    GetFullPathNameA("Z:x", sizeof Buf, Buf, NULL);
    CHECK_STR(Buf, "Z:\\x");
    GetFullPathNameA("C:x", sizeof Buf, Buf, NULL);
    CHECK_STR(Buf, "C:\\windows\\temp\\Work\\x");
    GetFullPathNameA("\\\\.\\FOO\\bar.log", sizeof Buf, Buf, &Part);
    CHECK_STR(Buf, "\\\\.\\FOO\\bar.log");
    CHECK(Part && strcmp(Part, "bar.log") == 0);
    GetFullPathNameA("\\\\?\\C:\\a\\..\\b", sizeof Buf, Buf, NULL);
    CHECK_STR(Buf, "\\\\?\\C:\\a\\..\\b");
    GetFullPathNameA("\\\\server\\share\\..\\x", sizeof Buf, Buf, NULL);
    CHECK_STR(Buf, "\\\\server\\share\\x");
    CHECK_ERR(CHECK_EQ(GetFullPathNameA("", sizeof Buf, Buf, NULL), 0), ERROR_INVALID_NAME);
    LPWSTR WPart;
    CHECK_EQ(GetFullPathNameW(L"rel.txt", 1024, WBuf, &WPart), 28);
    CHECK(WPart == WBuf + 21);

    /* RtlDosPathNameToNtPathName_U, for the SCM and native callers. */
    static const struct {
        PCWSTR Dos;
        PCWSTR Nt;
        int Part; /* index of the file part, -1 for none */
    } Names[] = {
        { L"C:\\x", L"\\??\\C:\\x", 7 },
        { L"c:/Dir/./Sub/../File.sys", L"\\??\\c:\\Dir\\File.sys", 11 },
        { L"\\\\.\\NONPNP\\file.log", L"\\??\\NONPNP\\file.log", 11 },
        { L"\\\\.\\NONPNP", L"\\??\\NONPNP", 4 },
        { L"\\\\?\\C:\\x", L"\\??\\C:\\x", 7 },
        { L"\\\\server\\share\\x", L"\\??\\UNC\\server\\share\\x", 21 },
        { L"rel.txt", L"\\??\\C:\\windows\\temp\\Work\\rel.txt", 25 },
        { L"\\top", L"\\??\\C:\\top", 7 },
        { L"Z:\\tmp\\", L"\\??\\Z:\\tmp\\", -1 },
    };
    for (size_t i = 0; i < sizeof Names / sizeof Names[0]; i++) {
        UNICODE_STRING Nt = { 0 };
        PCWSTR FilePart = (PCWSTR)1;
        CHECK(RtlDosPathNameToNtPathName_U(Names[i].Dos, &Nt, &FilePart, NULL));
        size_t Want = 0;
        while (Names[i].Nt[Want])
            Want++;
        CHECK_EQ(Nt.Length, Want * sizeof(WCHAR));
        CHECK(Nt.Buffer && memcmp(Nt.Buffer, Names[i].Nt, Want * sizeof(WCHAR)) == 0 && Nt.Buffer[Want] == 0);
        if (Names[i].Part < 0)
            CHECK(FilePart == NULL);
        else
            CHECK(FilePart == Nt.Buffer + Names[i].Part);
        if (Nt.Length != Want * sizeof(WCHAR))
            printf("FAIL: name %u\n", (unsigned)i);
        RtlFreeUnicodeString(&Nt);
    }
    UNICODE_STRING Nt = { 0 };
    CHECK(!RtlDosPathNameToNtPathName_U(L"", &Nt, NULL, NULL));
    CHECK(!RtlDosPathNameToNtPathName_U(NULL, &Nt, NULL, NULL));

    CHECK(DeleteFileA("rel.txt"));
    /* Back to where the test started, by its Z: name. */
    CHECK(SetCurrentDirectoryA(Expected));
    CHECK_EQ(GetCurrentDirectoryA(sizeof Buf, Buf), Len);
    CHECK_STR(Buf, Expected);
}

#define DATA "C:\\windows\\temp\\Work\\data.bin"

static HANDLE Open(const char *Path, DWORD Access, DWORD Share, DWORD Disposition, DWORD Flags)
{
    return CreateFileA(Path, Access, Share, NULL, Disposition, Flags ? Flags : FILE_ATTRIBUTE_NORMAL, NULL);
}

static DWORD FileSize(HANDLE h)
{
    DWORD High = 7;
    DWORD Low = GetFileSize(h, &High);
    CHECK_EQ(High, 0);
    return Low;
}

static void TestCreateDispositions(void)
{
    HANDLE h;
    DWORD n;
    CHECK_ERR(h = Open(DATA, GENERIC_READ, 0, OPEN_EXISTING, 0), ERROR_FILE_NOT_FOUND);
    CHECK(h == INVALID_HANDLE_VALUE);
    CHECK_ERR(h = Open("C:\\windows\\temp\\Work\\none\\data.bin", GENERIC_READ, 0, OPEN_EXISTING, 0),
              ERROR_PATH_NOT_FOUND);
    CHECK_ERR(h = Open(DATA, GENERIC_READ, 0, TRUNCATE_EXISTING, 0), ERROR_FILE_NOT_FOUND);
    CHECK_ERR(h = Open(DATA, GENERIC_READ, 0, 0, 0), ERROR_INVALID_PARAMETER);
    CHECK_ERR(h = Open(DATA, GENERIC_READ, 0, 6, 0), ERROR_INVALID_PARAMETER);
    CHECK_ERR(h = Open("C:\\windows\\temp\\a*b", GENERIC_READ, 0, OPEN_ALWAYS, 0), ERROR_INVALID_NAME);
    CHECK_ERR(h = Open("", GENERIC_READ, 0, OPEN_ALWAYS, 0), ERROR_PATH_NOT_FOUND);

    CHECK_ERR(h = Open(DATA, GENERIC_WRITE, 0, CREATE_NEW, 0), 0);
    CHECK(WriteFile(h, "0123456789", 10, &n, NULL) && n == 10);
    CloseHandle(h);
    CHECK_ERR(h = Open(DATA, GENERIC_WRITE, 0, CREATE_NEW, 0), ERROR_FILE_EXISTS);
    CHECK(h == INVALID_HANDLE_VALUE);
    CHECK_ERR(h = Open(DATA, GENERIC_READ, 0, OPEN_ALWAYS, 0), ERROR_ALREADY_EXISTS);
    CHECK_EQ(FileSize(h), 10);
    CloseHandle(h);
    CHECK_ERR(h = Open(DATA, GENERIC_WRITE, 0, TRUNCATE_EXISTING, 0), 0);
    CHECK_EQ(FileSize(h), 0);
    WriteFile(h, "abc", 3, &n, NULL);
    CloseHandle(h);
    CHECK_ERR(h = Open(DATA, GENERIC_WRITE | GENERIC_READ, 0, CREATE_ALWAYS, 0), ERROR_ALREADY_EXISTS);
    CHECK_EQ(FileSize(h), 0);
    CloseHandle(h);
    CHECK(DeleteFileA(DATA));
    CHECK_ERR(h = Open(DATA, GENERIC_WRITE, 0, CREATE_ALWAYS, 0), 0);
    CloseHandle(h);
    CHECK(DeleteFileW(L"C:\\windows\\temp\\Work\\DATA.BIN"));
    CHECK_ERR(h = Open(DATA, GENERIC_WRITE, 0, OPEN_ALWAYS, 0), 0);
    CloseHandle(h);
    CHECK(DeleteFileA(DATA));

    /* The W form, and a name found whatever its case. */
    h = CreateFileW(L"C:\\windows\\temp\\Work\\SIoctl.LOG", GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    CHECK(h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
    h = Open("c:\\WINDOWS\\Temp\\work\\sioctl.log", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    CHECK(h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
    char Linux[1200];
    snprintf(Linux, sizeof Linux, "%s\\drive_c\\windows\\temp\\Work\\SIoctl.LOG", PrefixZ);
    CHECK(GetFileAttributesA(Linux) != INVALID_FILE_ATTRIBUTES);
    CHECK(DeleteFileA("C:\\windows\\temp\\work\\sioctl.log"));
}

static void TestReadWriteAndPointer(void)
{
    HANDLE h;
    DWORD n;
    char Buf[64];
    LONG High;
    LARGE_INTEGER Li, New;

    h = Open(DATA, GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
    CHECK(h != INVALID_HANDLE_VALUE);
    CHECK(WriteFile(h, "0123456789", 10, &n, NULL) && n == 10);
    CHECK_EQ(SetFilePointer(h, 0, NULL, FILE_CURRENT), 10);
    CHECK_EQ(FileSize(h), 10);
    CHECK(GetFileSizeEx(h, &Li) && Li.QuadPart == 10);
    CHECK_EQ(SetFilePointer(h, 2, NULL, FILE_BEGIN), 2);
    memset(Buf, 0, sizeof Buf);
    CHECK(ReadFile(h, Buf, 3, &n, NULL) && n == 3);
    CHECK_STR(Buf, "234");
    CHECK_EQ(SetFilePointer(h, 0, NULL, FILE_CURRENT), 5);
    CHECK_EQ(SetFilePointer(h, -1, NULL, FILE_END), 9);
    CHECK_ERR(CHECK_EQ(SetFilePointer(h, -100, NULL, FILE_CURRENT), INVALID_SET_FILE_POINTER),
              ERROR_NEGATIVE_SEEK);
    CHECK_EQ(SetFilePointer(h, 0, NULL, FILE_CURRENT), 9); /* not moved */
    CHECK_ERR(CHECK_EQ(SetFilePointer(h, 0, NULL, 7), INVALID_SET_FILE_POINTER), ERROR_INVALID_PARAMETER);
    /* Reading at the end: success with nothing. */
    SetFilePointer(h, 0, NULL, FILE_END);
    n = 99;
    CHECK(ReadFile(h, Buf, sizeof Buf, &n, NULL) && n == 0);

    /* Beyond 4 GB: the high half. */
    High = 1;
    CHECK_EQ(SetFilePointer(h, 16, &High, FILE_BEGIN), 16);
    CHECK_EQ(High, 1);
    Li.QuadPart = 0;
    CHECK(SetFilePointerEx(h, Li, &New, FILE_CURRENT) && New.QuadPart == 0x100000010LL);
    CHECK_ERR(CHECK_EQ(SetFilePointer(h, 0, NULL, FILE_CURRENT), INVALID_SET_FILE_POINTER),
              ERROR_INVALID_PARAMETER);
    High = 0;
    CHECK_ERR(CHECK_EQ(SetFilePointer(h, -1, &High, FILE_BEGIN), INVALID_SET_FILE_POINTER), NO_ERROR);
    CHECK_EQ(High, 0);
    High = -1;
    CHECK_ERR(CHECK_EQ(SetFilePointer(h, -1, &High, FILE_BEGIN), INVALID_SET_FILE_POINTER),
              ERROR_NEGATIVE_SEEK);
    Li.QuadPart = -5;
    CHECK_ERR(CHECK(!SetFilePointerEx(h, Li, &New, FILE_BEGIN)), ERROR_NEGATIVE_SEEK);

    /* SetEndOfFile at the pointer: shorter, longer (zeros), and a size
     * whose low half is INVALID_FILE_SIZE. */
    CHECK_EQ(SetFilePointer(h, 4, NULL, FILE_BEGIN), 4);
    CHECK(SetEndOfFile(h));
    CHECK_EQ(FileSize(h), 4);
    CHECK_EQ(SetFilePointer(h, 100, NULL, FILE_BEGIN), 100);
    CHECK(SetEndOfFile(h));
    CHECK_EQ(FileSize(h), 100);
    SetFilePointer(h, 4, NULL, FILE_BEGIN);
    memset(Buf, 'x', sizeof Buf);
    CHECK(ReadFile(h, Buf, 8, &n, NULL) && n == 8);
    CHECK(memcmp(Buf, "\0\0\0\0\0\0\0\0", 8) == 0);
    High = 0;
    SetFilePointer(h, -1, &High, FILE_BEGIN);
    CHECK(SetEndOfFile(h));
    DWORD SizeHigh = 5;
    CHECK_ERR(CHECK_EQ(GetFileSize(h, &SizeHigh), INVALID_FILE_SIZE), NO_ERROR);
    CHECK_EQ(SizeHigh, 0);
    SetFilePointer(h, 10, NULL, FILE_BEGIN);
    CHECK(SetEndOfFile(h));
    CHECK(FlushFileBuffers(h));

    /* An OVERLAPPED gives the position on a synchronous handle too; the
     * pointer ends after the transfer. */
    OVERLAPPED Ov;
    memset(&Ov, 0, sizeof Ov);
    Ov.Offset = 6;
    memset(Buf, 0, sizeof Buf);
    CHECK(ReadFile(h, Buf, 2, &n, &Ov) && n == 2);
    CHECK_STR(Buf, "\0\0");
    CHECK_EQ(SetFilePointer(h, 0, NULL, FILE_CURRENT), 8);
    Ov.Offset = 0;
    CHECK(WriteFile(h, "ABCD", 4, &n, &Ov) && n == 4);
    Ov.Offset = 100;
    CHECK_ERR(CHECK(!ReadFile(h, Buf, 2, &n, &Ov)), ERROR_HANDLE_EOF);
    CloseHandle(h);

    /* Read-only handles: no writing, no flushing. */
    h = Open(DATA, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    CHECK_ERR(CHECK(!WriteFile(h, "x", 1, &n, NULL)), ERROR_ACCESS_DENIED);
    CHECK_ERR(CHECK(!FlushFileBuffers(h)), ERROR_ACCESS_DENIED);
    CHECK_ERR(CHECK(!SetEndOfFile(h)), ERROR_ACCESS_DENIED);
    memset(Buf, 0, sizeof Buf);
    CHECK(ReadFile(h, Buf, sizeof Buf, &n, NULL) && n == 10);
    CHECK(memcmp(Buf, "ABCD\0\0\0\0\0\0", 10) == 0);
    CloseHandle(h);

    /* An overlapped handle has no pointer: every transfer names its offset. */
    h = Open(DATA, GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING, FILE_FLAG_OVERLAPPED);
    CHECK(h != INVALID_HANDLE_VALUE);
    memset(&Ov, 0, sizeof Ov);
    Ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    Ov.Offset = 2;
    if (!WriteFile(h, "zz", 2, &n, &Ov))
        CHECK_EQ(GetLastError(), ERROR_IO_PENDING);
    CHECK(GetOverlappedResult(h, &Ov, &n, TRUE) && n == 2);
    Ov.Offset = 0;
    memset(Buf, 0, sizeof Buf);
    if (!ReadFile(h, Buf, 4, &n, &Ov))
        CHECK_EQ(GetLastError(), ERROR_IO_PENDING);
    CHECK(GetOverlappedResult(h, &Ov, &n, TRUE) && n == 4);
    CHECK_STR(Buf, "ABzz");
    CHECK_ERR(CHECK(!ReadFile(h, Buf, 4, &n, NULL)), ERROR_INVALID_PARAMETER);
    CloseHandle(Ov.hEvent);
    CloseHandle(h);

    /* Bad handles. */
    CHECK_ERR(CHECK_EQ(GetFileSize((HANDLE)(ULONG_PTR)0x1234, NULL), INVALID_FILE_SIZE), ERROR_INVALID_HANDLE);
    CHECK_ERR(CHECK_EQ(SetFilePointer(INVALID_HANDLE_VALUE, 0, NULL, FILE_BEGIN), INVALID_SET_FILE_POINTER),
              ERROR_INVALID_HANDLE);
    CHECK_ERR(CHECK(!SetEndOfFile(NULL)), ERROR_INVALID_HANDLE);
    CHECK_ERR(CHECK(!FlushFileBuffers((HANDLE)(ULONG_PTR)0x1234)), ERROR_INVALID_HANDLE);
}

static void TestSharingAndDeletion(void)
{
    HANDLE h1, h2, h3;
    DWORD n;
    h1 = Open(DATA, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    CHECK(h1 != INVALID_HANDLE_VALUE);
    CHECK_ERR(h2 = Open(DATA, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0),
              ERROR_SHARING_VIOLATION);
    CHECK(h2 == INVALID_HANDLE_VALUE);
    CHECK_ERR(h2 = Open(DATA, GENERIC_READ, 0, OPEN_EXISTING, 0), ERROR_SHARING_VIOLATION);
    /* MAXIMUM_ALLOWED asks for writing too, which h1 does not share. */
    CHECK_ERR(h2 = Open(DATA, MAXIMUM_ALLOWED, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, OPEN_EXISTING, 0),
              ERROR_SHARING_VIOLATION);
    CHECK(h2 == INVALID_HANDLE_VALUE);
    h3 = Open(DATA, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    CHECK(h3 != INVALID_HANDLE_VALUE);
    CHECK_ERR(CHECK(!DeleteFileA(DATA)), ERROR_SHARING_VIOLATION);
    CloseHandle(h3);
    CloseHandle(h1);
    CHECK(DeleteFileA(DATA));
    CHECK_ERR(CHECK_EQ(GetFileAttributesA(DATA), INVALID_FILE_ATTRIBUTES), ERROR_FILE_NOT_FOUND);
    CHECK_ERR(CHECK(!DeleteFileA(DATA)), ERROR_FILE_NOT_FOUND);
    CHECK_ERR(CHECK(!DeleteFileA("C:\\windows\\temp\\Work")), ERROR_ACCESS_DENIED);

    /* Delete on close. */
    h1 = Open("C:\\windows\\temp\\Work\\gone.tmp", GENERIC_WRITE, FILE_SHARE_DELETE, CREATE_NEW,
              FILE_FLAG_DELETE_ON_CLOSE);
    CHECK(h1 != INVALID_HANDLE_VALUE);
    CHECK(WriteFile(h1, "x", 1, &n, NULL));
    CHECK(GetFileAttributesA("C:\\windows\\temp\\Work\\gone.tmp") != INVALID_FILE_ATTRIBUTES);
    CloseHandle(h1);
    CHECK_ERR(GetFileAttributesA("C:\\windows\\temp\\Work\\gone.tmp"), ERROR_FILE_NOT_FOUND);

    /* Directories: CreateFile needs FILE_FLAG_BACKUP_SEMANTICS for them. */
    CHECK(CreateDirectoryW(L"C:\\windows\\temp\\Work\\Sub", NULL));
    CHECK_EQ(GetFileAttributesW(L"C:\\windows\\temp\\work\\sub"), FILE_ATTRIBUTE_DIRECTORY);
    CHECK_ERR(h1 = Open("C:\\windows\\temp\\Work\\Sub", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0),
              ERROR_ACCESS_DENIED);
    h1 = Open("C:\\windows\\temp\\Work\\Sub", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING,
              FILE_FLAG_BACKUP_SEMANTICS);
    CHECK(h1 != INVALID_HANDLE_VALUE);
    CHECK_EQ(FileSize(h1), 0);
    CloseHandle(h1);
    h1 = Open("C:\\windows\\temp\\Work\\Sub\\f.txt", GENERIC_WRITE, 0, CREATE_NEW, 0);
    CloseHandle(h1);
    CHECK_EQ(GetFileAttributesA("C:\\windows\\temp\\Work\\Sub\\f.txt"), FILE_ATTRIBUTE_ARCHIVE);
    CHECK_ERR(CHECK(!RemoveDirectoryA("C:\\windows\\temp\\Work\\Sub")), ERROR_DIR_NOT_EMPTY);
    CHECK_ERR(CHECK(!RemoveDirectoryA("C:\\windows\\temp\\Work\\Sub\\f.txt")), ERROR_DIRECTORY);
    CHECK_ERR(CHECK(!RemoveDirectoryA("C:\\windows\\temp\\Work\\Nope")), ERROR_FILE_NOT_FOUND);
    CHECK(DeleteFileA("C:\\windows\\temp\\Work\\Sub\\f.txt"));
    CHECK(RemoveDirectoryW(L"C:\\windows\\temp\\Work\\SUB"));
    CHECK_ERR(GetFileAttributesA("C:\\windows\\temp\\Work\\Sub"), ERROR_FILE_NOT_FOUND);
    CHECK(RemoveDirectoryA("C:\\windows\\temp\\Work"));
}

static void TestModuleFileName(const char *Exe)
{
    char Expected[1024], Buf[1024];
    WCHAR WBuf[1024];
    ToZ(Expected, sizeof Expected, Exe);
    DWORD Len = (DWORD)strlen(Expected);
    CHECK_EQ(GetModuleFileNameA(NULL, Buf, sizeof Buf), Len);
    CHECK_STR(Buf, Expected);
    CHECK_EQ(GetModuleFileNameW(NULL, WBuf, 1024), Len);
    CHECK(WBuf[0] == L'Z' && WBuf[1] == L':' && WBuf[Len] == 0);
    /* Too small: truncated, terminated, nSize returned. */
    memset(Buf, 'x', sizeof Buf);
    CHECK_ERR(CHECK_EQ(GetModuleFileNameA(NULL, Buf, 5), 5), ERROR_INSUFFICIENT_BUFFER);
    CHECK(memcmp(Buf, Expected, 4) == 0 && Buf[4] == 0);
    CHECK_ERR(CHECK_EQ(GetModuleFileNameW(NULL, WBuf, Len), Len), ERROR_INSUFFICIENT_BUFFER);
    CHECK(WBuf[Len - 1] == 0);
    CHECK_ERR(CHECK_EQ(GetModuleFileNameA((HMODULE)(ULONG_PTR)0x1000, Buf, sizeof Buf), 0), ERROR_MOD_NOT_FOUND);
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[3], "tmpenv") == 0) {
        TestTmpEnvironment();
        return test_summary("files_api tmpenv");
    }
    if (argc < 3) {
        printf("usage: files_api CWD EXE\n");
        return 2;
    }
    const char *Prefix = getenv("NTIO_PREFIX");
    CHECK(Prefix && Prefix[0] == '/');
    ToZ(PrefixZ, sizeof PrefixZ, Prefix ? Prefix : "/nowhere");
    TestSystemDirectories();
    TestCurrentDirectory(argv[1]);
    TestCreateDispositions();
    TestReadWriteAndPointer();
    TestSharingAndDeletion();
    TestModuleFileName(argv[2]);
    return test_summary("files_api");
}
