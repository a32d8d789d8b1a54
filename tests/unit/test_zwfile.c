/*
 * test_zwfile.c - files through the Zw* calls of a driver (a system thread
 * of this test plays one): \SystemRoot\…, \??\C:\…, \DosDevices\Z:\…
 * on the host file system; the six dispositions and their Information,
 * reading and writing with and without a position, end of file, the
 * information classes a driver uses, names found whatever their case,
 * NTFS's name errors, share access, delete pending and delete on close.
 */
#include <ntio/ntsvc.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "kmtest.h"
#include "io/builtin.h"
#include "rtl/nls.h"

static char TmpDir[256];      /* /tmp/ntio-zwfile-PID */
static WCHAR TmpNt[256];      /* \DosDevices\Z:\tmp\ntio-zwfile-PID */

static void Wide(PWCHAR Out, SIZE_T Chars, const char *In)
{
    SIZE_T i = 0;
    for (; In[i] && i + 1 < Chars; i++)
        Out[i] = (WCHAR)(UCHAR)In[i];
    Out[i] = 0;
}

/* A kernel-handle open as a driver makes it. */
static NTSTATUS Open(PCWSTR Path, ACCESS_MASK Access, ULONG Share, ULONG Disposition, ULONG Options,
                     PHANDLE Handle, ULONG_PTR *Information)
{
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attr;
    IO_STATUS_BLOCK Iosb = { .Information = 0xdead };
    RtlInitUnicodeString(&Name, Path);
    InitializeObjectAttributes(&Attr, &Name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    *Handle = NULL;
    NTSTATUS s = ZwCreateFile(Handle, Access, &Attr, &Iosb, NULL, FILE_ATTRIBUTE_NORMAL, Share, Disposition,
                              Options, NULL, 0);
    if (Information)
        *Information = Iosb.Information;
    return s;
}

#define RW (GENERIC_READ | GENERIC_WRITE)
#define SYNC_FILE (FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE)
#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

static LONGLONG QueryPosition(HANDLE h)
{
    FILE_POSITION_INFORMATION P = { { .QuadPart = -7 } };
    IO_STATUS_BLOCK Iosb;
    CHECK_EQ(ZwQueryInformationFile(h, &Iosb, &P, sizeof P, FilePositionInformation), STATUS_SUCCESS);
    return P.CurrentByteOffset.QuadPart;
}

static FILE_STANDARD_INFORMATION QueryStandard(HANDLE h)
{
    FILE_STANDARD_INFORMATION S;
    IO_STATUS_BLOCK Iosb;
    memset(&S, 0xcc, sizeof S);
    CHECK_EQ(ZwQueryInformationFile(h, &Iosb, &S, sizeof S, FileStandardInformation), STATUS_SUCCESS);
    CHECK_EQ(Iosb.Information, sizeof S);
    return S;
}

static void ReadWriteAndQuery(void)
{
    HANDLE h, h2;
    ULONG_PTR Info;
    IO_STATUS_BLOCK Iosb;
    char Buf[64];

    /* A driver's log under \SystemRoot, as they write them. */
    CHECK_EQ(Open(L"\\SystemRoot\\SIoctl.LOG", RW | SYNCHRONIZE, FILE_SHARE_READ, FILE_OVERWRITE_IF, SYNC_FILE,
                  &h, &Info),
             STATUS_SUCCESS);
    CHECK_EQ(Info, FILE_CREATED);
    CHECK_EQ(ZwWriteFile(h, NULL, NULL, NULL, &Iosb, "hello, ", 7, NULL, NULL), STATUS_SUCCESS);
    CHECK_EQ(Iosb.Information, 7);
    CHECK_EQ(ZwWriteFile(h, NULL, NULL, NULL, &Iosb, "world\n", 6, NULL, NULL), STATUS_SUCCESS);
    CHECK_EQ(QueryPosition(h), 13);
    FILE_STANDARD_INFORMATION S = QueryStandard(h);
    CHECK_EQ(S.EndOfFile.QuadPart, 13);
    CHECK(S.AllocationSize.QuadPart >= 13);
    CHECK_EQ(S.NumberOfLinks, 1);
    CHECK_EQ(S.DeletePending, FALSE);
    CHECK_EQ(S.Directory, FALSE);

    /* The name on disk keeps the caller's case; another case finds it. */
    char Host[512];
    CHECK_EQ(IopResolveHostPath(&(UNICODE_STRING)RTL_CONSTANT_STRING(L"\\??\\c:\\WINDOWS\\sioctl.log"), Host,
                                sizeof Host),
             STATUS_SUCCESS);
    const char *Leaf = strrchr(Host, '/');
    CHECK_STR(Leaf ? Leaf : "", "/SIoctl.LOG");
    CHECK(strstr(Host, "/drive_c/windows/SIoctl.LOG") != NULL);
    struct stat St;
    CHECK(stat(Host, &St) == 0 && St.st_size == 13);

    /* A second open, sharing what the first does. */
    CHECK_EQ(Open(L"\\??\\C:\\windows\\sioctl.log", GENERIC_READ | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                  FILE_OPEN, SYNC_FILE, &h2, &Info),
             STATUS_SUCCESS);
    CHECK_EQ(Info, FILE_OPENED);
    memset(Buf, 0, sizeof Buf);
    CHECK_EQ(ZwReadFile(h2, NULL, NULL, NULL, &Iosb, Buf, 5, NULL, NULL), STATUS_SUCCESS);
    CHECK_EQ(Iosb.Information, 5);
    CHECK_STR(Buf, "hello");
    CHECK_EQ(QueryPosition(h2), 5);
    CHECK_EQ(QueryPosition(h), 13); /* each file object has its own */
    /* An explicit offset reads there, and moves the position past it. */
    LARGE_INTEGER At = { .QuadPart = 7 };
    memset(Buf, 0, sizeof Buf);
    CHECK_EQ(ZwReadFile(h2, NULL, NULL, NULL, &Iosb, Buf, sizeof Buf, &At, NULL), STATUS_SUCCESS);
    CHECK_EQ(Iosb.Information, 6);
    CHECK_STR(Buf, "world\n");
    CHECK_EQ(QueryPosition(h2), 13);
    /* At the end: STATUS_END_OF_FILE, nothing moved. */
    Iosb.Information = 99;
    CHECK_EQ(ZwReadFile(h2, NULL, NULL, NULL, &Iosb, Buf, sizeof Buf, NULL, NULL), STATUS_END_OF_FILE);
    At.QuadPart = 1000;
    CHECK_EQ(ZwReadFile(h2, NULL, NULL, NULL, &Iosb, Buf, sizeof Buf, &At, NULL), STATUS_END_OF_FILE);
    CHECK_EQ(QueryPosition(h2), 13);
    /* FILE_USE_FILE_POINTER_POSITION is the position. */
    FILE_POSITION_INFORMATION P = { { .QuadPart = 2 } };
    CHECK_EQ(ZwSetInformationFile(h2, &Iosb, &P, sizeof P, FilePositionInformation), STATUS_SUCCESS);
    At.HighPart = -1;
    At.LowPart = FILE_USE_FILE_POINTER_POSITION;
    memset(Buf, 0, sizeof Buf);
    CHECK_EQ(ZwReadFile(h2, NULL, NULL, NULL, &Iosb, Buf, 3, &At, NULL), STATUS_SUCCESS);
    CHECK_STR(Buf, "llo");
    CHECK_EQ(QueryPosition(h2), 5);
    /* A negative position is refused. */
    P.CurrentByteOffset.QuadPart = -1;
    CHECK_EQ(ZwSetInformationFile(h2, &Iosb, &P, sizeof P, FilePositionInformation), STATUS_INVALID_PARAMETER);
    At.QuadPart = -5;
    CHECK_EQ(ZwReadFile(h2, NULL, NULL, NULL, &Iosb, Buf, 3, &At, NULL), STATUS_INVALID_PARAMETER);
    /* The second open did not share writing with a writer already there. */
    HANDLE h3;
    CHECK_EQ(Open(L"\\SystemRoot\\SIOCTL.LOG", GENERIC_READ | SYNCHRONIZE, FILE_SHARE_READ, FILE_OPEN, SYNC_FILE,
                  &h3, NULL),
             STATUS_SHARING_VIOLATION);
    /* and a writer is refused by the readers, which do not share writing... */
    CHECK_EQ(Open(L"\\SystemRoot\\sioctl.log", GENERIC_WRITE | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, SYNC_FILE, &h3,
                  NULL),
             STATUS_SHARING_VIOLATION);
    /* ...while an open for attributes only takes no part in sharing. */
    CHECK_EQ(Open(L"\\SystemRoot\\sioctl.log", FILE_READ_ATTRIBUTES | SYNCHRONIZE, 0, FILE_OPEN, SYNC_FILE, &h3,
                  NULL),
             STATUS_SUCCESS);
    CHECK_EQ(QueryStandard(h3).EndOfFile.QuadPart, 13);
    /* It may not read. */
    CHECK(!NT_SUCCESS(ZwReadFile(h3, NULL, NULL, NULL, &Iosb, Buf, 3, NULL, NULL)));
    ZwClose(h3);

    /* Writing at the end of the file, wherever the position is. */
    At.HighPart = -1;
    At.LowPart = FILE_WRITE_TO_END_OF_FILE;
    P.CurrentByteOffset.QuadPart = 0;
    CHECK_EQ(ZwSetInformationFile(h, &Iosb, &P, sizeof P, FilePositionInformation), STATUS_SUCCESS);
    CHECK_EQ(ZwWriteFile(h, NULL, NULL, NULL, &Iosb, "more\n", 5, &At, NULL), STATUS_SUCCESS);
    CHECK_EQ(QueryPosition(h), 18);
    CHECK_EQ(QueryStandard(h).EndOfFile.QuadPart, 18);

    /* End of file: shorter, then longer (zeros). */
    FILE_END_OF_FILE_INFORMATION E = { { .QuadPart = 5 } };
    CHECK_EQ(ZwSetInformationFile(h, &Iosb, &E, sizeof E, FileEndOfFileInformation), STATUS_SUCCESS);
    CHECK_EQ(QueryStandard(h2).EndOfFile.QuadPart, 5);
    E.EndOfFile.QuadPart = 8;
    CHECK_EQ(ZwSetInformationFile(h, &Iosb, &E, sizeof E, FileEndOfFileInformation), STATUS_SUCCESS);
    At.QuadPart = 0;
    memset(Buf, 0x55, sizeof Buf);
    CHECK_EQ(ZwReadFile(h2, NULL, NULL, NULL, &Iosb, Buf, sizeof Buf, &At, NULL), STATUS_SUCCESS);
    CHECK_EQ(Iosb.Information, 8);
    CHECK(memcmp(Buf, "hello\0\0\0", 8) == 0);
    E.EndOfFile.QuadPart = -1;
    CHECK_EQ(ZwSetInformationFile(h, &Iosb, &E, sizeof E, FileEndOfFileInformation), STATUS_INVALID_PARAMETER);
    /* The reader may not change the size. */
    E.EndOfFile.QuadPart = 1;
    CHECK(!NT_SUCCESS(ZwSetInformationFile(h2, &Iosb, &E, sizeof E, FileEndOfFileInformation)));
    /* Allocation: more reserves (the data stays), less cuts the data. */
    FILE_ALLOCATION_INFORMATION A = { { .QuadPart = 1 << 20 } };
    CHECK_EQ(ZwSetInformationFile(h, &Iosb, &A, sizeof A, FileAllocationInformation), STATUS_SUCCESS);
    CHECK_EQ(QueryStandard(h).EndOfFile.QuadPart, 8);
    A.AllocationSize.QuadPart = 2;
    CHECK_EQ(ZwSetInformationFile(h, &Iosb, &A, sizeof A, FileAllocationInformation), STATUS_SUCCESS);
    CHECK_EQ(QueryStandard(h).EndOfFile.QuadPart, 2);

    /* Basic information: times and attributes. */
    FILE_BASIC_INFORMATION B;
    CHECK_EQ(ZwQueryInformationFile(h, &Iosb, &B, sizeof B, FileBasicInformation), STATUS_SUCCESS);
    CHECK_EQ(Iosb.Information, sizeof B);
    CHECK_EQ(B.FileAttributes, FILE_ATTRIBUTE_ARCHIVE);
    CHECK(B.LastWriteTime.QuadPart > 130000000000000000LL); /* after 2012 */
    CHECK(B.CreationTime.QuadPart > 0 && B.CreationTime.QuadPart <= B.LastWriteTime.QuadPart);
    FILE_BASIC_INFORMATION Set = { .LastWriteTime.QuadPart = 125911584000000000LL, /* 2000-01-01 */
                                   .FileAttributes = FILE_ATTRIBUTE_READONLY };
    CHECK_EQ(ZwSetInformationFile(h, &Iosb, &Set, sizeof Set, FileBasicInformation), STATUS_SUCCESS);
    CHECK_EQ(ZwQueryInformationFile(h, &Iosb, &B, sizeof B, FileBasicInformation), STATUS_SUCCESS);
    CHECK_EQ(B.LastWriteTime.QuadPart, 125911584000000000LL);
    CHECK_EQ(B.FileAttributes, FILE_ATTRIBUTE_ARCHIVE | FILE_ATTRIBUTE_READONLY);
    CHECK(stat(Host, &St) == 0 && (St.st_mode & 0222) == 0 && St.st_mtime == 946684800);
    /* A read-only file cannot be opened for writing, nor deleted. */
    CHECK_EQ(Open(L"\\SystemRoot\\sioctl.log", GENERIC_WRITE | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, SYNC_FILE, &h3,
                  NULL),
             STATUS_ACCESS_DENIED);
    Set.LastWriteTime.QuadPart = 0;
    Set.FileAttributes = FILE_ATTRIBUTE_NORMAL;
    CHECK_EQ(ZwSetInformationFile(h, &Iosb, &Set, sizeof Set, FileBasicInformation), STATUS_SUCCESS);
    CHECK_EQ(ZwQueryInformationFile(h, &Iosb, &B, sizeof B, FileBasicInformation), STATUS_SUCCESS);
    CHECK_EQ(B.FileAttributes, FILE_ATTRIBUTE_ARCHIVE);
    Set.FileAttributes = FILE_ATTRIBUTE_DIRECTORY;
    CHECK_EQ(ZwSetInformationFile(h, &Iosb, &Set, sizeof Set, FileBasicInformation), STATUS_INVALID_PARAMETER);

    /* The other classes a driver asks for. */
    FILE_NETWORK_OPEN_INFORMATION N;
    CHECK_EQ(ZwQueryInformationFile(h, &Iosb, &N, sizeof N, FileNetworkOpenInformation), STATUS_SUCCESS);
    CHECK_EQ(N.EndOfFile.QuadPart, 2);
    CHECK_EQ(N.FileAttributes, FILE_ATTRIBUTE_ARCHIVE);
    FILE_ATTRIBUTE_TAG_INFORMATION T;
    CHECK_EQ(ZwQueryInformationFile(h, &Iosb, &T, sizeof T, FileAttributeTagInformation), STATUS_SUCCESS);
    CHECK_EQ(T.FileAttributes, FILE_ATTRIBUTE_ARCHIVE);
    CHECK_EQ(T.ReparseTag, 0);
    FILE_INTERNAL_INFORMATION I;
    CHECK_EQ(ZwQueryInformationFile(h, &Iosb, &I, sizeof I, FileInternalInformation), STATUS_SUCCESS);
    CHECK_EQ(I.IndexNumber.QuadPart, (LONGLONG)St.st_ino);
    struct {
        FILE_NAME_INFORMATION Info;
        WCHAR More[64];
    } Name;
    CHECK_EQ(ZwQueryInformationFile(h, &Iosb, &Name, sizeof Name, FileNameInformation), STATUS_SUCCESS);
    CHECK_EQ(Name.Info.FileNameLength, 19 * sizeof(WCHAR));
    CHECK(memcmp(Name.Info.FileName, L"\\windows\\SIoctl.LOG", 19 * sizeof(WCHAR)) == 0);
    CHECK_EQ(Iosb.Information, FIELD_OFFSET(FILE_NAME_INFORMATION, FileName) + 19 * sizeof(WCHAR));
    struct {
        FILE_ALL_INFORMATION Info;
        WCHAR More[64];
    } All;
    CHECK_EQ(ZwQueryInformationFile(h, &Iosb, &All, sizeof All, FileAllInformation), STATUS_SUCCESS);
    CHECK_EQ(All.Info.StandardInformation.EndOfFile.QuadPart, 2);
    CHECK_EQ(All.Info.NameInformation.FileNameLength, 19 * sizeof(WCHAR));
    CHECK_EQ(All.Info.ModeInformation.Mode, FILE_SYNCHRONOUS_IO_NONALERT);
    CHECK_EQ(All.Info.PositionInformation.CurrentByteOffset.QuadPart, QueryPosition(h));
    CHECK_EQ(All.Info.AccessInformation.AccessFlags & (FILE_READ_DATA | FILE_WRITE_DATA),
             FILE_READ_DATA | FILE_WRITE_DATA);
    FILE_MODE_INFORMATION M;
    CHECK_EQ(ZwQueryInformationFile(h, &Iosb, &M, sizeof M, FileModeInformation), STATUS_SUCCESS);
    CHECK_EQ(M.Mode, FILE_SYNCHRONOUS_IO_NONALERT);
    CHECK_EQ(ZwFlushBuffersFile(h, &Iosb), STATUS_SUCCESS);

    ZwClose(h2);
    ZwClose(h);
}

static void Dispositions(void)
{
    HANDLE h;
    ULONG_PTR Info;
    IO_STATUS_BLOCK Iosb;
    WCHAR Path[300], Dir[300];

    RtlZeroMemory(Path, sizeof Path);
    memcpy(Dir, TmpNt, sizeof TmpNt);
    /* \DosDevices\Z:\tmp\ntio-zwfile-PID: the Linux /tmp. */
    CHECK_EQ(Open(Dir, FILE_LIST_DIRECTORY | SYNCHRONIZE, SHARE_ALL, FILE_CREATE,
                  FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, &h, &Info),
             STATUS_SUCCESS);
    CHECK_EQ(Info, FILE_CREATED);
    ZwClose(h);
    struct stat St;
    CHECK(stat(TmpDir, &St) == 0 && S_ISDIR(St.st_mode));

    SIZE_T n = RtlpWcslen(Dir);
    memcpy(Path, Dir, n * sizeof(WCHAR));
    memcpy(&Path[n], L"\\Data.bin", 10 * sizeof(WCHAR));
    CHECK_EQ(Open(Path, RW | SYNCHRONIZE, 0, FILE_OPEN, SYNC_FILE, &h, &Info), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(Open(Path, RW | SYNCHRONIZE, 0, FILE_OVERWRITE, SYNC_FILE, &h, &Info), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(Open(Path, RW | SYNCHRONIZE, 0, FILE_CREATE, SYNC_FILE, &h, &Info), STATUS_SUCCESS);
    CHECK_EQ(Info, FILE_CREATED);
    CHECK_EQ(ZwWriteFile(h, NULL, NULL, NULL, &Iosb, "0123456789", 10, NULL, NULL), STATUS_SUCCESS);
    ZwClose(h);
    CHECK_EQ(Open(Path, RW | SYNCHRONIZE, 0, FILE_CREATE, SYNC_FILE, &h, &Info), STATUS_OBJECT_NAME_COLLISION);
    CHECK_EQ(Open(Path, RW | SYNCHRONIZE, 0, FILE_OPEN_IF, SYNC_FILE, &h, &Info), STATUS_SUCCESS);
    CHECK_EQ(Info, FILE_OPENED);
    CHECK_EQ(QueryStandard(h).EndOfFile.QuadPart, 10);
    ZwClose(h);
    CHECK_EQ(Open(Path, RW | SYNCHRONIZE, 0, FILE_OVERWRITE, SYNC_FILE, &h, &Info), STATUS_SUCCESS);
    CHECK_EQ(Info, FILE_OVERWRITTEN);
    CHECK_EQ(QueryStandard(h).EndOfFile.QuadPart, 0);
    ZwWriteFile(h, NULL, NULL, NULL, &Iosb, "abc", 3, NULL, NULL);
    ZwClose(h);
    CHECK_EQ(Open(Path, RW | SYNCHRONIZE, 0, FILE_OVERWRITE_IF, SYNC_FILE, &h, &Info), STATUS_SUCCESS);
    CHECK_EQ(Info, FILE_OVERWRITTEN);
    CHECK_EQ(QueryStandard(h).EndOfFile.QuadPart, 0);
    ZwWriteFile(h, NULL, NULL, NULL, &Iosb, "abc", 3, NULL, NULL);
    ZwClose(h);
    /* Overwriting is writing, for sharing. */
    HANDLE Reader;
    CHECK_EQ(Open(Path, GENERIC_READ | SYNCHRONIZE, FILE_SHARE_READ, FILE_OPEN, SYNC_FILE, &Reader, &Info),
             STATUS_SUCCESS);
    CHECK_EQ(Open(Path, GENERIC_READ | SYNCHRONIZE, SHARE_ALL, FILE_OVERWRITE, SYNC_FILE, &h, &Info),
             STATUS_SHARING_VIOLATION);
    CHECK_EQ(QueryStandard(Reader).EndOfFile.QuadPart, 3);
    ZwClose(Reader);
    CHECK_EQ(Open(Path, RW | SYNCHRONIZE | DELETE, 0, FILE_SUPERSEDE, SYNC_FILE, &h, &Info), STATUS_SUCCESS);
    CHECK_EQ(Info, FILE_SUPERSEDED);
    CHECK_EQ(QueryStandard(h).EndOfFile.QuadPart, 0);
    ZwClose(h);

    /* Asynchronous file objects have no position. */
    CHECK_EQ(Open(Path, RW, 0, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &h, &Info), STATUS_SUCCESS);
    char Buf[8];
    CHECK_EQ(ZwWriteFile(h, NULL, NULL, NULL, &Iosb, "xy", 2, NULL, NULL), STATUS_INVALID_PARAMETER);
    /* Their transfers run in the background: pended, then the file
     * object's event is signalled with the status block written. */
    LARGE_INTEGER At = { .QuadPart = 4 };
    CHECK_EQ(ZwWriteFile(h, NULL, NULL, NULL, &Iosb, "xy", 2, &At, NULL), STATUS_PENDING);
    CHECK_EQ(ZwWaitForSingleObject(h, FALSE, NULL), STATUS_SUCCESS);
    CHECK_EQ(Iosb.Status, STATUS_SUCCESS);
    CHECK_EQ(Iosb.Information, 2);
    At.QuadPart = 0;
    CHECK_EQ(ZwReadFile(h, NULL, NULL, NULL, &Iosb, Buf, 8, &At, NULL), STATUS_PENDING);
    CHECK_EQ(ZwWaitForSingleObject(h, FALSE, NULL), STATUS_SUCCESS);
    CHECK_EQ(Iosb.Status, STATUS_SUCCESS);
    CHECK_EQ(Iosb.Information, 6);
    CHECK(memcmp(Buf, "\0\0\0\0xy", 6) == 0);
    /* A forked child must not use the parent's ring: it gets its own on
     * its first asynchronous transfer, and the parent's keeps working. */
    pid_t Child = fork();
    if (Child == 0) {
        IO_STATUS_BLOCK Io;
        char B[8] = { 0 };
        LARGE_INTEGER Zero = { .QuadPart = 0 };
        NTSTATUS S = ZwReadFile(h, NULL, NULL, NULL, &Io, B, 8, &Zero, NULL);
        if (S == STATUS_PENDING)
            S = ZwWaitForSingleObject(h, FALSE, NULL);
        _exit(S == STATUS_SUCCESS && Io.Information == 6 && memcmp(B, "\0\0\0\0xy", 6) == 0 ? 0 : 1);
    }
    int ChildStatus = -1;
    CHECK(Child > 0 && waitpid(Child, &ChildStatus, 0) == Child);
    CHECK(WIFEXITED(ChildStatus) && WEXITSTATUS(ChildStatus) == 0);
    memset(Buf, 0, sizeof Buf);
    CHECK_EQ(ZwReadFile(h, NULL, NULL, NULL, &Iosb, Buf, 8, &At, NULL), STATUS_PENDING);
    CHECK_EQ(ZwWaitForSingleObject(h, FALSE, NULL), STATUS_SUCCESS);
    CHECK_EQ(Iosb.Information, 6);
    /* Their FilePositionInformation is kept by the file system. */
    FILE_POSITION_INFORMATION P = { { .QuadPart = 3 } };
    CHECK_EQ(ZwSetInformationFile(h, &Iosb, &P, sizeof P, FilePositionInformation), STATUS_SUCCESS);
    CHECK_EQ(QueryPosition(h), 3);
    ZwClose(h);

    /* Directories and files are not each other. */
    CHECK_EQ(Open(Dir, GENERIC_READ | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, SYNC_FILE, &h, &Info),
             STATUS_FILE_IS_A_DIRECTORY);
    CHECK_EQ(Open(Path, GENERIC_READ | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, FILE_DIRECTORY_FILE, &h, &Info),
             STATUS_NOT_A_DIRECTORY);
    CHECK_EQ(Open(Dir, GENERIC_READ | SYNCHRONIZE, SHARE_ALL, FILE_OVERWRITE_IF, FILE_DIRECTORY_FILE, &h, &Info),
             STATUS_INVALID_PARAMETER);
    CHECK_EQ(Open(Dir, FILE_LIST_DIRECTORY | SYNCHRONIZE, SHARE_ALL, FILE_OPEN_IF, FILE_DIRECTORY_FILE, &h, &Info),
             STATUS_SUCCESS);
    CHECK_EQ(Info, FILE_OPENED);
    FILE_STANDARD_INFORMATION S = QueryStandard(h);
    CHECK_EQ(S.Directory, TRUE);
    At.QuadPart = 0;
    CHECK_EQ(ZwReadFile(h, NULL, NULL, NULL, &Iosb, Buf, 8, &At, NULL), STATUS_INVALID_DEVICE_REQUEST);
    FILE_BASIC_INFORMATION B;
    CHECK_EQ(ZwQueryInformationFile(h, &Iosb, &B, sizeof B, FileBasicInformation), STATUS_SUCCESS);
    CHECK_EQ(B.FileAttributes, FILE_ATTRIBUTE_DIRECTORY);
    ZwClose(h);

    /* Names NTFS refuses, and paths that are not there. */
    WCHAR Bad[320];
    static const PCWSTR BadLeaves[] = { L"\\a*b", L"\\a?b", L"\\a<b", L"\\a|b", L"\\a\"b", L"\\a:b",
                                        L"\\..\\x", L"\\.", L"\\a\\\\b" };
    for (SIZE_T i = 0; i < RTL_NUMBER_OF(BadLeaves); i++) {
        memcpy(Bad, Dir, n * sizeof(WCHAR));
        memcpy(&Bad[n], BadLeaves[i], (RtlpWcslen(BadLeaves[i]) + 1) * sizeof(WCHAR));
        CHECK_EQ(Open(Bad, RW | SYNCHRONIZE, 0, FILE_OPEN_IF, SYNC_FILE, &h, &Info), STATUS_OBJECT_NAME_INVALID);
    }
    memcpy(Bad, Dir, n * sizeof(WCHAR));
    memcpy(&Bad[n], L"\\missing\\x", 11 * sizeof(WCHAR));
    CHECK_EQ(Open(Bad, RW | SYNCHRONIZE, 0, FILE_OPEN_IF, SYNC_FILE, &h, &Info), STATUS_OBJECT_PATH_NOT_FOUND);
    memcpy(&Bad[n], L"\\Data.bin\\x", 12 * sizeof(WCHAR));
    CHECK_EQ(Open(Bad, RW | SYNCHRONIZE, 0, FILE_OPEN_IF, SYNC_FILE, &h, &Info), STATUS_OBJECT_PATH_NOT_FOUND);
    memcpy(&Bad[n], L"\\Data.bin\\", 11 * sizeof(WCHAR));
    CHECK_EQ(Open(Bad, GENERIC_READ | SYNCHRONIZE, 0, FILE_OPEN, 0, &h, &Info), STATUS_OBJECT_NAME_INVALID);
    /* No drive Q:. */
    CHECK_EQ(Open(L"\\DosDevices\\Q:\\x", GENERIC_READ, 0, FILE_OPEN, 0, &h, &Info), STATUS_OBJECT_PATH_NOT_FOUND);

    /* Deleting: the disposition, then the last handle takes the name. */
    CHECK_EQ(Open(Path, DELETE | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, SYNC_FILE, &h, &Info), STATUS_SUCCESS);
    HANDLE h2;
    CHECK_EQ(Open(Path, GENERIC_READ | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, SYNC_FILE, &h2, &Info), STATUS_SUCCESS);
    FILE_DISPOSITION_INFORMATION D = { TRUE };
    CHECK_EQ(ZwSetInformationFile(h2, &Iosb, &D, sizeof D, FileDispositionInformation), STATUS_ACCESS_DENIED);
    CHECK_EQ(ZwSetInformationFile(h, &Iosb, &D, sizeof D, FileDispositionInformation), STATUS_SUCCESS);
    CHECK_EQ(QueryStandard(h2).DeletePending, TRUE);
    HANDLE h3;
    CHECK_EQ(Open(Path, GENERIC_READ | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, SYNC_FILE, &h3, &Info),
             STATUS_DELETE_PENDING);
    char Linux[300];
    snprintf(Linux, sizeof Linux, "%s/Data.bin", TmpDir);
    ZwClose(h);
    CHECK(access(Linux, F_OK) == 0); /* a handle is left */
    ZwClose(h2);
    CHECK(access(Linux, F_OK) != 0);
    CHECK_EQ(Open(Path, GENERIC_READ | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, SYNC_FILE, &h3, &Info),
             STATUS_OBJECT_NAME_NOT_FOUND);

    /* Delete on close, and a share mode without FILE_SHARE_DELETE. */
    CHECK_EQ(Open(Path, RW | DELETE | SYNCHRONIZE, FILE_SHARE_READ, FILE_CREATE, SYNC_FILE | FILE_DELETE_ON_CLOSE,
                  &h, &Info),
             STATUS_SUCCESS);
    CHECK_EQ(Open(Path, DELETE | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, SYNC_FILE, &h2, &Info),
             STATUS_SHARING_VIOLATION);
    CHECK(access(Linux, F_OK) == 0);
    ZwClose(h);
    CHECK(access(Linux, F_OK) != 0);
    /* FILE_DELETE_ON_CLOSE needs DELETE access. */
    CHECK_EQ(Open(Path, RW | SYNCHRONIZE, 0, FILE_CREATE, SYNC_FILE | FILE_DELETE_ON_CLOSE, &h, &Info),
             STATUS_INVALID_PARAMETER);

    /* A directory with something in it is not deleted. */
    CHECK_EQ(Open(Path, RW | SYNCHRONIZE, 0, FILE_CREATE, SYNC_FILE, &h, &Info), STATUS_SUCCESS);
    ZwClose(h);
    CHECK_EQ(Open(Dir, DELETE | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, FILE_DIRECTORY_FILE, &h, &Info), STATUS_SUCCESS);
    CHECK_EQ(ZwSetInformationFile(h, &Iosb, &D, sizeof D, FileDispositionInformation), STATUS_DIRECTORY_NOT_EMPTY);

    /* Rename within the directory (a bare name) and to a full path. */
    CHECK_EQ(Open(Path, DELETE | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, SYNC_FILE, &h2, &Info), STATUS_SUCCESS);
    struct {
        FILE_RENAME_INFORMATION Info;
        WCHAR More[300];
    } R;
    memset(&R, 0, sizeof R);
    R.Info.FileNameLength = 9 * sizeof(WCHAR);
    memcpy(R.Info.FileName, L"Moved.txt", 9 * sizeof(WCHAR));
    CHECK_EQ(ZwSetInformationFile(h2, &Iosb, &R, sizeof R, FileRenameInformation), STATUS_SUCCESS);
    snprintf(Linux, sizeof Linux, "%s/Moved.txt", TmpDir);
    CHECK(access(Linux, F_OK) == 0);
    /* Into \SystemRoot: another volume. */
    PCWSTR Other = L"\\SystemRoot\\moved.txt";
    R.Info.FileNameLength = (ULONG)(RtlpWcslen(Other) * sizeof(WCHAR));
    memcpy(R.Info.FileName, Other, R.Info.FileNameLength);
    CHECK_EQ(ZwSetInformationFile(h2, &Iosb, &R, sizeof R, FileRenameInformation), STATUS_NOT_SAME_DEVICE);
    /* Onto an existing name: only when asked to replace it. */
    HANDLE h4;
    memcpy(&Bad[n], L"\\Other.txt", 11 * sizeof(WCHAR));
    CHECK_EQ(Open(Bad, RW | SYNCHRONIZE, 0, FILE_CREATE, SYNC_FILE, &h4, &Info), STATUS_SUCCESS);
    ZwClose(h4);
    R.Info.FileNameLength = (ULONG)(RtlpWcslen(Bad) * sizeof(WCHAR));
    memcpy(R.Info.FileName, Bad, R.Info.FileNameLength);
    CHECK_EQ(ZwSetInformationFile(h2, &Iosb, &R, sizeof R, FileRenameInformation), STATUS_OBJECT_NAME_COLLISION);
    R.Info.ReplaceIfExists = TRUE;
    CHECK_EQ(ZwSetInformationFile(h2, &Iosb, &R, sizeof R, FileRenameInformation), STATUS_SUCCESS);
    CHECK(access(Linux, F_OK) != 0);
    memcpy(&Bad[n], L"\\OTHER.TXT", 11 * sizeof(WCHAR));
    CHECK_EQ(Open(Bad, GENERIC_READ | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, SYNC_FILE, &h4, &Info), STATUS_SUCCESS);
    ZwClose(h4);
    CHECK_EQ(ZwSetInformationFile(h2, &Iosb, &D, sizeof D, FileDispositionInformation), STATUS_SUCCESS);
    ZwClose(h2);
    /* Now empty: the directory goes. */
    CHECK_EQ(ZwSetInformationFile(h, &Iosb, &D, sizeof D, FileDispositionInformation), STATUS_SUCCESS);
    ZwClose(h);
    CHECK(access(TmpDir, F_OK) != 0);
}

static void DriverThread(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    CHECK_EQ(ExGetPreviousMode(), KernelMode);
    ReadWriteAndQuery();
    Dispositions();
    PsTerminateSystemThread(STATUS_SUCCESS);
}

int main(void)
{
    snprintf(TmpDir, sizeof TmpDir, "/tmp/ntio-zwfile-%d", (int)getpid());
    char Nt[300];
    snprintf(Nt, sizeof Nt, "\\DosDevices\\Z:\\TMP\\ntio-zwfile-%d", (int)getpid());
    Wide(TmpNt, RTL_NUMBER_OF(TmpNt), Nt);
    KmJoinThread(KmStartThread(DriverThread, NULL));
    return test_summary("test_zwfile");
}
