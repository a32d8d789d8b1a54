/*
 * test_hostfs.c - the host file system and the file information services
 * as user mode calls them (this test's main thread is an application
 * thread): bad pointers, bad and unqueryable classes, short buffers, the
 * handle's access, misaligned buffers, bad handles; what the I/O manager
 * answers itself; AllocationSize; non-ASCII names in any case; opening the
 * volume itself; and the host-path interfaces (IopResolveHostPath,
 * IopQueryHostPath, NtioHostPathToNtPath, NtioQueryHostPathFile).
 */
#include <ntio/ntsvc.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "kmtest.h"
#include "ex/ex.h"
#include "io/builtin.h"

static NTSTATUS Open(PCWSTR Path, ACCESS_MASK Access, ULONG Share, ULONG Disposition, ULONG Options,
                     PLARGE_INTEGER Allocation, PHANDLE Handle)
{
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attr;
    IO_STATUS_BLOCK Iosb;
    RtlInitUnicodeString(&Name, Path);
    InitializeObjectAttributes(&Attr, &Name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    *Handle = NULL;
    return NtCreateFile(Handle, Access, &Attr, &Iosb, Allocation, 0, Share, Disposition, Options, NULL, 0);
}

#define SYNC_FILE (FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE)
#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

static void TestBadArguments(void)
{
    HANDLE h, Reader, Event;
    IO_STATUS_BLOCK Iosb;
    FILE_BASIC_INFORMATION B;
    FILE_STANDARD_INFORMATION S;
    UCHAR Raw[64] __attribute__((aligned(16)));

    CHECK_EQ(Open(L"\\??\\C:\\info.txt", GENERIC_READ | GENERIC_WRITE | SYNCHRONIZE, SHARE_ALL, FILE_CREATE, SYNC_FILE,
                  NULL, &h),
             STATUS_SUCCESS);
    CHECK_EQ(NtWriteFile(h, NULL, NULL, NULL, &Iosb, "12345", 5, NULL, NULL), STATUS_SUCCESS);

    /* Bad pointers from user mode. */
    PUCHAR NoAccess = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    PUCHAR ReadOnly = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(NoAccess != MAP_FAILED && ReadOnly != MAP_FAILED);
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, (PVOID)0x10, sizeof B, FileBasicInformation), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, NoAccess, sizeof B, FileBasicInformation), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, ReadOnly, sizeof B, FileBasicInformation), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtQueryInformationFile(h, (PIO_STATUS_BLOCK)NoAccess, &B, sizeof B, FileBasicInformation),
             STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtQueryInformationFile(h, NULL, &B, sizeof B, FileBasicInformation), STATUS_ACCESS_VIOLATION);
    /* A buffer that ends on an inaccessible page. */
    PUCHAR Pair = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(Pair + 4096, 4096, PROT_NONE);
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, Pair + 4096 - 16, sizeof B, FileBasicInformation),
             STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtSetInformationFile(h, &Iosb, NoAccess, sizeof B, FileBasicInformation), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtReadFile(h, NULL, NULL, NULL, &Iosb, NoAccess, 4, NULL, NULL), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtReadFile(h, NULL, NULL, NULL, &Iosb, ReadOnly, 4, NULL, NULL), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtFlushBuffersFile(h, (PIO_STATUS_BLOCK)ReadOnly), STATUS_ACCESS_VIOLATION);
    LARGE_INTEGER *BadSize = (LARGE_INTEGER *)NoAccess;
    HANDLE h2;
    CHECK_EQ(Open(L"\\??\\C:\\never.txt", GENERIC_WRITE | SYNCHRONIZE, 0, FILE_CREATE, SYNC_FILE, BadSize, &h2),
             STATUS_ACCESS_VIOLATION);

    /* Classes: unknown, or not for this direction. */
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, Raw, sizeof Raw, 0), STATUS_INVALID_INFO_CLASS);
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, Raw, sizeof Raw, FileMaximumInformation), STATUS_INVALID_INFO_CLASS);
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, Raw, sizeof Raw, (FILE_INFORMATION_CLASS)1000),
             STATUS_INVALID_INFO_CLASS);
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, Raw, sizeof Raw, FileRenameInformation), STATUS_INVALID_INFO_CLASS);
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, Raw, sizeof Raw, FileDispositionInformation),
             STATUS_INVALID_INFO_CLASS);
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, Raw, sizeof Raw, FileEndOfFileInformation), STATUS_INVALID_INFO_CLASS);
    CHECK_EQ(NtSetInformationFile(h, &Iosb, Raw, sizeof Raw, FileStandardInformation), STATUS_INVALID_INFO_CLASS);
    CHECK_EQ(NtSetInformationFile(h, &Iosb, Raw, sizeof Raw, FileNameInformation), STATUS_INVALID_INFO_CLASS);
    CHECK_EQ(NtSetInformationFile(h, &Iosb, Raw, sizeof Raw, (FILE_INFORMATION_CLASS)0), STATUS_INVALID_INFO_CLASS);
    /* Valid classes the host file system has nothing for. */
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, Raw, sizeof Raw, FileAlternateNameInformation),
             STATUS_INVALID_PARAMETER);

    /* Too short for the class's structure. */
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, &B, sizeof B - 1, FileBasicInformation), STATUS_INFO_LENGTH_MISMATCH);
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, &S, 0, FileStandardInformation), STATUS_INFO_LENGTH_MISMATCH);
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, Raw, 7, FileNameInformation), STATUS_INFO_LENGTH_MISMATCH);
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, Raw, sizeof(FILE_ALL_INFORMATION) - 1, FileAllInformation),
             STATUS_INFO_LENGTH_MISMATCH);
    CHECK_EQ(NtSetInformationFile(h, &Iosb, Raw, 7, FileEndOfFileInformation), STATUS_INFO_LENGTH_MISMATCH);
    CHECK_EQ(NtSetInformationFile(h, &Iosb, Raw, 0, FileDispositionInformation), STATUS_INFO_LENGTH_MISMATCH);
    /* A name that does not fit: what fits, and its full length. */
    PFILE_NAME_INFORMATION Name = (PFILE_NAME_INFORMATION)Raw;
    memset(Raw, 0xcc, sizeof Raw);
    Iosb.Status = -1;
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, Raw, 10, FileNameInformation), STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(Iosb.Status, STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(Iosb.Information, 10);
    CHECK_EQ(Name->FileNameLength, 9 * sizeof(WCHAR)); /* \info.txt */
    CHECK(Name->FileName[0] == L'\\' && Name->FileName[1] == L'i' && Raw[10] == 0xcc);
    /* FileAllInformation with no room past the name's length field. */
    union {
        FILE_ALL_INFORMATION All;
        UCHAR Bytes[sizeof(FILE_ALL_INFORMATION) + 8];
    } AllBuf;
    memset(&AllBuf, 0xcc, sizeof AllBuf);
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, &AllBuf, sizeof(FILE_ALL_INFORMATION), FileAllInformation),
             STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(AllBuf.All.NameInformation.FileNameLength, 9 * sizeof(WCHAR));
    CHECK(Iosb.Information <= sizeof(FILE_ALL_INFORMATION));
    CHECK(Iosb.Information >= FIELD_OFFSET(FILE_ALL_INFORMATION, NameInformation.FileName));
    CHECK_EQ(AllBuf.Bytes[sizeof(FILE_ALL_INFORMATION)], 0xcc);
    /* Misaligned for the class. */
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, Raw + 4, sizeof B, FileBasicInformation), STATUS_DATATYPE_MISALIGNMENT);
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, Raw + 4, sizeof(FILE_ATTRIBUTE_TAG_INFORMATION),
                                    FileAttributeTagInformation),
             STATUS_SUCCESS);

    /* Bad handles. */
    CHECK_EQ(NtQueryInformationFile(NULL, &Iosb, &S, sizeof S, FileStandardInformation), STATUS_INVALID_HANDLE);
    CHECK_EQ(NtQueryInformationFile((HANDLE)(ULONG_PTR)0x7ff0, &Iosb, &S, sizeof S, FileStandardInformation),
             STATUS_INVALID_HANDLE);
    CHECK_EQ(NtSetInformationFile((HANDLE)(ULONG_PTR)0x7ff0, &Iosb, &B, sizeof B, FileBasicInformation),
             STATUS_INVALID_HANDLE);
    CHECK_EQ(NtFlushBuffersFile((HANDLE)(ULONG_PTR)0x7ff0, &Iosb), STATUS_INVALID_HANDLE);
    CHECK_EQ(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    CHECK_EQ(NtQueryInformationFile(Event, &Iosb, &S, sizeof S, FileStandardInformation), STATUS_OBJECT_TYPE_MISMATCH);
    NtClose(Event);
    NtClose(h);

    /* The handle's access decides. */
    CHECK_EQ(Open(L"\\??\\C:\\INFO.TXT", FILE_READ_DATA | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, SYNC_FILE, NULL,
                  &Reader),
             STATUS_SUCCESS);
    CHECK_EQ(NtQueryInformationFile(Reader, &Iosb, &B, sizeof B, FileBasicInformation), STATUS_ACCESS_DENIED);
    CHECK_EQ(NtQueryInformationFile(Reader, &Iosb, &S, sizeof S, FileStandardInformation), STATUS_SUCCESS);
    CHECK_EQ(S.EndOfFile.QuadPart, 5);
    FILE_END_OF_FILE_INFORMATION E = { { .QuadPart = 1 } };
    CHECK_EQ(NtSetInformationFile(Reader, &Iosb, &E, sizeof E, FileEndOfFileInformation), STATUS_ACCESS_DENIED);
    FILE_DISPOSITION_INFORMATION D = { TRUE };
    CHECK_EQ(NtSetInformationFile(Reader, &Iosb, &D, sizeof D, FileDispositionInformation), STATUS_ACCESS_DENIED);
    CHECK_EQ(NtSetInformationFile(Reader, &Iosb, &B, sizeof B, FileBasicInformation), STATUS_ACCESS_DENIED);
    CHECK_EQ(NtFlushBuffersFile(Reader, &Iosb), STATUS_ACCESS_DENIED);
    CHECK_EQ(NtWriteFile(Reader, NULL, NULL, NULL, &Iosb, "x", 1, NULL, NULL), STATUS_ACCESS_DENIED);

    /* What the I/O manager answers: access, mode, alignment, position. */
    FILE_ACCESS_INFORMATION A;
    CHECK_EQ(NtQueryInformationFile(Reader, &Iosb, &A, sizeof A, FileAccessInformation), STATUS_SUCCESS);
    CHECK_EQ(A.AccessFlags, FILE_READ_DATA | SYNCHRONIZE);
    CHECK_EQ(Iosb.Information, sizeof A);
    FILE_MODE_INFORMATION M;
    CHECK_EQ(NtQueryInformationFile(Reader, &Iosb, &M, sizeof M, FileModeInformation), STATUS_SUCCESS);
    CHECK_EQ(M.Mode, FILE_SYNCHRONOUS_IO_NONALERT);
    M.Mode = FILE_SYNCHRONOUS_IO_NONALERT | FILE_WRITE_THROUGH;
    CHECK_EQ(NtSetInformationFile(Reader, &Iosb, &M, sizeof M, FileModeInformation), STATUS_SUCCESS);
    CHECK_EQ(NtQueryInformationFile(Reader, &Iosb, &M, sizeof M, FileModeInformation), STATUS_SUCCESS);
    CHECK_EQ(M.Mode, FILE_SYNCHRONOUS_IO_NONALERT | FILE_WRITE_THROUGH);
    M.Mode = 0; /* the synchronous mode cannot change */
    CHECK_EQ(NtSetInformationFile(Reader, &Iosb, &M, sizeof M, FileModeInformation), STATUS_INVALID_PARAMETER);
    FILE_ALIGNMENT_INFORMATION Al = { 99 };
    CHECK_EQ(NtQueryInformationFile(Reader, &Iosb, &Al, sizeof Al, FileAlignmentInformation), STATUS_SUCCESS);
    CHECK_EQ(Al.AlignmentRequirement, FILE_BYTE_ALIGNMENT);
    char Buf[8];
    CHECK_EQ(NtReadFile(Reader, NULL, NULL, NULL, &Iosb, Buf, 2, NULL, NULL), STATUS_SUCCESS);
    FILE_POSITION_INFORMATION P;
    CHECK_EQ(NtQueryInformationFile(Reader, &Iosb, &P, sizeof P, FilePositionInformation), STATUS_SUCCESS);
    CHECK_EQ(P.CurrentByteOffset.QuadPart, 2);
    P.CurrentByteOffset.QuadPart = -3;
    CHECK_EQ(NtSetInformationFile(Reader, &Iosb, &P, sizeof P, FilePositionInformation), STATUS_INVALID_PARAMETER);
    NtClose(Reader);

    /* Opened for appending only: every write lands at the end. */
    HANDLE Appender;
    CHECK_EQ(Open(L"\\??\\C:\\info.txt", FILE_APPEND_DATA | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, SYNC_FILE, NULL,
                  &Appender),
             STATUS_SUCCESS);
    LARGE_INTEGER Zero = { .QuadPart = 0 };
    CHECK_EQ(NtWriteFile(Appender, NULL, NULL, NULL, &Iosb, "ab", 2, &Zero, NULL), STATUS_SUCCESS);
    CHECK_EQ(NtQueryInformationFile(Appender, &Iosb, &S, sizeof S, FileStandardInformation), STATUS_SUCCESS);
    CHECK_EQ(S.EndOfFile.QuadPart, 7);
    NtClose(Appender);

    /* Deleting needs DELETE; with it, the name goes at the last close. */
    HANDLE Deleter;
    CHECK_EQ(Open(L"\\??\\C:\\info.txt", DELETE | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, SYNC_FILE, NULL, &Deleter),
             STATUS_SUCCESS);
    CHECK_EQ(NtSetInformationFile(Deleter, &Iosb, &D, sizeof D, FileDispositionInformation), STATUS_SUCCESS);
    /* ... and can be taken back before that. */
    D.DeleteFile = FALSE;
    CHECK_EQ(NtSetInformationFile(Deleter, &Iosb, &D, sizeof D, FileDispositionInformation), STATUS_SUCCESS);
    D.DeleteFile = TRUE;
    NtClose(Deleter);
    CHECK_EQ(Open(L"\\??\\C:\\info.txt", DELETE | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, SYNC_FILE, NULL, &Deleter),
             STATUS_SUCCESS);
    CHECK_EQ(NtSetInformationFile(Deleter, &Iosb, &D, sizeof D, FileDispositionInformation), STATUS_SUCCESS);
    NtClose(Deleter);
    CHECK_EQ(Open(L"\\??\\C:\\info.txt", GENERIC_READ, SHARE_ALL, FILE_OPEN, 0, NULL, &Deleter),
             STATUS_OBJECT_NAME_NOT_FOUND);
    munmap(NoAccess, 4096);
    munmap(ReadOnly, 4096);
    munmap(Pair, 8192);
}

static void TestNamesAndVolume(void)
{
    HANDLE h, h2;
    IO_STATUS_BLOCK Iosb;
    FILE_STANDARD_INFORMATION S;

    /* AllocationSize reserves space for a file the call creates. */
    LARGE_INTEGER Alloc = { .QuadPart = 65536 };
    CHECK_EQ(Open(L"\\??\\C:\\alloc.bin", GENERIC_WRITE | DELETE | SYNCHRONIZE, 0, FILE_CREATE,
                  SYNC_FILE | FILE_DELETE_ON_CLOSE, &Alloc, &h),
             STATUS_SUCCESS);
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, &S, sizeof S, FileStandardInformation), STATUS_SUCCESS);
    CHECK_EQ(S.EndOfFile.QuadPart, 0);
    CHECK(S.AllocationSize.QuadPart >= 65536);
    Alloc.QuadPart = -1;
    CHECK_EQ(Open(L"\\??\\C:\\alloc2.bin", GENERIC_WRITE | SYNCHRONIZE, 0, FILE_CREATE, SYNC_FILE, &Alloc, &h2),
             STATUS_INVALID_PARAMETER);
    NtClose(h);

    /* Non-ASCII names match in any case (the kernel's upcase). */
    CHECK_EQ(Open(L"\\??\\C:\\\x00C4rger \x0416.TXT", GENERIC_WRITE | SYNCHRONIZE, SHARE_ALL, FILE_CREATE, SYNC_FILE,
                  NULL, &h),
             STATUS_SUCCESS);
    CHECK_EQ(Open(L"\\??\\c:\\\x00E4RGER \x0436.txt", GENERIC_READ | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, SYNC_FILE,
                  NULL, &h2),
             STATUS_SUCCESS);
    char Host[512], Expect[512];
    ULONG Needed = 0;
    CHECK_EQ(NtioQueryHostPathFile(h2, Host, sizeof Host, &Needed), STATUS_SUCCESS);
    snprintf(Expect, sizeof Expect, "%s/drive_c/\xC3\x84rger \xD0\x96.TXT", ExpGetPrefix());
    CHECK_STR(Host, Expect);
    CHECK_EQ(Needed, strlen(Expect) + 1);
    CHECK_EQ(NtioQueryHostPathFile(h2, Host, 4, &Needed), STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(Needed, strlen(Expect) + 1);
    CHECK_EQ(NtioQueryHostPathFile(h2, (PSTR)0x10, 100, &Needed), STATUS_ACCESS_VIOLATION);
    NtClose(h2);
    FILE_DISPOSITION_INFORMATION D = { TRUE };
    CHECK_EQ(NtSetInformationFile(h, &Iosb, &D, sizeof D, FileDispositionInformation), STATUS_ACCESS_DENIED);
    NtClose(h);

    /* The volume itself: opened, but no file to read or describe. */
    CHECK_EQ(Open(L"\\??\\C:", GENERIC_READ | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT, NULL,
                  &h),
             STATUS_SUCCESS);
    char Buf[4];
    CHECK_EQ(NtReadFile(h, NULL, NULL, NULL, &Iosb, Buf, 4, NULL, NULL), STATUS_INVALID_DEVICE_REQUEST);
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, &S, sizeof S, FileStandardInformation), STATUS_INVALID_PARAMETER);
    NtClose(h);
    /* The root directory. */
    CHECK_EQ(Open(L"\\??\\Z:\\", FILE_LIST_DIRECTORY | SYNCHRONIZE, SHARE_ALL, FILE_OPEN, FILE_DIRECTORY_FILE, NULL,
                  &h),
             STATUS_SUCCESS);
    CHECK_EQ(NtioQueryHostPathFile(h, Host, sizeof Host, NULL), STATUS_SUCCESS);
    CHECK_STR(Host, "/");
    IO_STATUS_BLOCK Iosb2;
    CHECK_EQ(NtSetInformationFile(h, &Iosb2, &D, sizeof D, FileDispositionInformation), STATUS_ACCESS_DENIED);
    NtClose(h);
}

static ACCESS_MASK GrantedOf(HANDLE h)
{
    FILE_ACCESS_INFORMATION A = { 0 };
    IO_STATUS_BLOCK Iosb;
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, &A, sizeof A, FileAccessInformation), STATUS_SUCCESS);
    return A.AccessFlags;
}

/* MAXIMUM_ALLOWED is resolved by the file system to the rights it grants:
 * those are the handle's, and sharing is judged by them. */
static void TestMaximumAllowed(void)
{
    HANDLE A, B, C;
    IO_STATUS_BLOCK Iosb;
    FILE_DISPOSITION_INFORMATION D = { TRUE };
    char Buf[8];

    CHECK_EQ(Open(L"\\??\\C:\\max.txt", GENERIC_WRITE | SYNCHRONIZE, 0, FILE_CREATE, SYNC_FILE, NULL, &A),
             STATUS_SUCCESS);
    /* A writer that shares nothing keeps out a MAXIMUM_ALLOWED open ... */
    CHECK_EQ(Open(L"\\??\\C:\\max.txt", MAXIMUM_ALLOWED, SHARE_ALL, FILE_OPEN, FILE_NON_DIRECTORY_FILE, NULL, &B),
             STATUS_SHARING_VIOLATION);
    CHECK(B == NULL);
    /* ... but not one that only reads the attributes. */
    CHECK_EQ(Open(L"\\??\\C:\\max.txt", FILE_READ_ATTRIBUTES, 0, FILE_OPEN, 0, NULL, &B), STATUS_SUCCESS);
    NtClose(B);
    CHECK_EQ(NtWriteFile(A, NULL, NULL, NULL, &Iosb, "hello", 5, NULL, NULL), STATUS_SUCCESS);
    NtClose(A);

    /* All rights of a writable file, and the share check counts them. */
    CHECK_EQ(Open(L"\\??\\C:\\max.txt", MAXIMUM_ALLOWED | SYNCHRONIZE, FILE_SHARE_READ, FILE_OPEN, SYNC_FILE, NULL,
                  &B),
             STATUS_SUCCESS);
    CHECK_EQ(GrantedOf(B), FILE_ALL_ACCESS);
    CHECK_EQ(Open(L"\\??\\C:\\max.txt", FILE_WRITE_DATA, SHARE_ALL, FILE_OPEN, 0, NULL, &C),
             STATUS_SHARING_VIOLATION);
    CHECK_EQ(Open(L"\\??\\C:\\max.txt", FILE_READ_DATA, SHARE_ALL, FILE_OPEN, 0, NULL, &C), STATUS_SUCCESS);
    NtClose(C);
    CHECK_EQ(Open(L"\\??\\C:\\max.txt", FILE_READ_DATA, FILE_SHARE_READ | FILE_SHARE_DELETE, FILE_OPEN, 0, NULL, &C),
             STATUS_SHARING_VIOLATION); /* B writes, C must share writing */
    CHECK_EQ(Open(L"\\??\\C:\\max.txt", FILE_READ_DATA, SHARE_ALL & ~FILE_SHARE_DELETE, FILE_OPEN, 0, NULL, &C),
             STATUS_SHARING_VIOLATION); /* and deleting */
    LARGE_INTEGER Zero = { .QuadPart = 0 };
    CHECK_EQ(NtWriteFile(B, NULL, NULL, NULL, &Iosb, "J", 1, &Zero, NULL), STATUS_SUCCESS);
    CHECK_EQ(NtReadFile(B, NULL, NULL, NULL, &Iosb, Buf, 5, &Zero, NULL), STATUS_SUCCESS);
    CHECK(memcmp(Buf, "Jello", 5) == 0);
    NtClose(B);

    /* A read-only file: no writing or appending, even for root; reading,
     * the attributes (to clear the read-only one) and deleting rights stay. */
    FILE_BASIC_INFORMATION Basic;
    CHECK_EQ(Open(L"\\??\\C:\\max.txt", FILE_WRITE_ATTRIBUTES | FILE_READ_ATTRIBUTES, SHARE_ALL, FILE_OPEN, 0, NULL,
                  &A),
             STATUS_SUCCESS);
    CHECK_EQ(NtQueryInformationFile(A, &Iosb, &Basic, sizeof Basic, FileBasicInformation), STATUS_SUCCESS);
    Basic.FileAttributes = FILE_ATTRIBUTE_READONLY;
    CHECK_EQ(NtSetInformationFile(A, &Iosb, &Basic, sizeof Basic, FileBasicInformation), STATUS_SUCCESS);
    NtClose(A);
    CHECK_EQ(Open(L"\\??\\C:\\max.txt", MAXIMUM_ALLOWED | SYNCHRONIZE, FILE_SHARE_READ, FILE_OPEN, SYNC_FILE, NULL,
                  &B),
             STATUS_SUCCESS);
    ACCESS_MASK Granted = GrantedOf(B);
    CHECK_EQ(Granted & (FILE_WRITE_DATA | FILE_APPEND_DATA), 0);
    CHECK_EQ(Granted & (FILE_READ_DATA | FILE_WRITE_ATTRIBUTES | DELETE | SYNCHRONIZE),
             FILE_READ_DATA | FILE_WRITE_ATTRIBUTES | DELETE | SYNCHRONIZE);
    CHECK_EQ(NtWriteFile(B, NULL, NULL, NULL, &Iosb, "x", 1, &Zero, NULL), STATUS_ACCESS_DENIED);
    CHECK_EQ(NtReadFile(B, NULL, NULL, NULL, &Iosb, Buf, 5, &Zero, NULL), STATUS_SUCCESS);
    CHECK(memcmp(Buf, "Jello", 5) == 0);
    /* Only a reader: a second reader that does not share writing is fine. */
    CHECK_EQ(Open(L"\\??\\C:\\max.txt", FILE_READ_DATA, FILE_SHARE_READ | FILE_SHARE_DELETE, FILE_OPEN, 0, NULL, &C),
             STATUS_SUCCESS);
    NtClose(C);
    NtClose(B);
    /* Asking for writing beside MAXIMUM_ALLOWED is still refused. */
    CHECK_EQ(Open(L"\\??\\C:\\max.txt", MAXIMUM_ALLOWED | FILE_WRITE_DATA, SHARE_ALL, FILE_OPEN, 0, NULL, &B),
             STATUS_ACCESS_DENIED);

    /* The file object's DELETE comes from the resolved rights too. */
    CHECK_EQ(Open(L"\\??\\C:\\max.txt", FILE_WRITE_ATTRIBUTES, SHARE_ALL, FILE_OPEN, 0, NULL, &A), STATUS_SUCCESS);
    Basic.FileAttributes = FILE_ATTRIBUTE_NORMAL;
    CHECK_EQ(NtSetInformationFile(A, &Iosb, &Basic, sizeof Basic, FileBasicInformation), STATUS_SUCCESS);
    NtClose(A);
    CHECK_EQ(Open(L"\\??\\C:\\max.txt", MAXIMUM_ALLOWED, SHARE_ALL, FILE_OPEN, 0, NULL, &B), STATUS_SUCCESS);
    CHECK_EQ(NtSetInformationFile(B, &Iosb, &D, sizeof D, FileDispositionInformation), STATUS_SUCCESS);
    NtClose(B);
    CHECK_EQ(Open(L"\\??\\C:\\max.txt", FILE_READ_ATTRIBUTES, SHARE_ALL, FILE_OPEN, 0, NULL, &B),
             STATUS_OBJECT_NAME_NOT_FOUND);

    /* A file the open creates: everything. */
    CHECK_EQ(Open(L"\\??\\C:\\max2.txt", MAXIMUM_ALLOWED, 0, FILE_CREATE, FILE_DELETE_ON_CLOSE, NULL, &B),
             STATUS_SUCCESS);
    CHECK_EQ(GrantedOf(B), FILE_ALL_ACCESS);
    CHECK_EQ(Open(L"\\??\\C:\\max2.txt", FILE_READ_ATTRIBUTES, SHARE_ALL, FILE_OPEN, 0, NULL, &C), STATUS_SUCCESS);
    NtClose(C);
    CHECK_EQ(Open(L"\\??\\C:\\max2.txt", FILE_READ_DATA, SHARE_ALL, FILE_OPEN, 0, NULL, &C), STATUS_SHARING_VIOLATION);
    NtClose(B);
    CHECK_EQ(Open(L"\\??\\C:\\max2.txt", FILE_READ_ATTRIBUTES, SHARE_ALL, FILE_OPEN, 0, NULL, &C),
             STATUS_OBJECT_NAME_NOT_FOUND);
}

/* An allocation that cannot be had fails the create and leaves no file. */
static void TestAllocationFails(void)
{
    HANDLE h;
    IO_STATUS_BLOCK Iosb;
    LARGE_INTEGER Huge = { .QuadPart = 1LL << 62 };
    NTSTATUS Status = Open(L"\\??\\C:\\huge.bin", GENERIC_WRITE | SYNCHRONIZE, 0, FILE_CREATE, SYNC_FILE, &Huge, &h);
    CHECK(!NT_SUCCESS(Status));
    CHECK(h == NULL);
    CHECK_EQ(Open(L"\\??\\C:\\huge.bin", FILE_READ_ATTRIBUTES, SHARE_ALL, FILE_OPEN, 0, NULL, &h),
             STATUS_OBJECT_NAME_NOT_FOUND);
    Status = Open(L"\\??\\C:\\huge.bin", GENERIC_WRITE | SYNCHRONIZE, 0, FILE_OVERWRITE_IF, SYNC_FILE, &Huge, &h);
    CHECK(!NT_SUCCESS(Status));
    CHECK_EQ(Open(L"\\??\\C:\\huge.bin", FILE_READ_ATTRIBUTES, SHARE_ALL, FILE_OPEN, 0, NULL, &h),
             STATUS_OBJECT_NAME_NOT_FOUND);
    /* The failed creates hold no share access: the name is free. */
    LARGE_INTEGER Some = { .QuadPart = 8192 };
    CHECK_EQ(Open(L"\\??\\C:\\huge.bin", GENERIC_WRITE | DELETE | SYNCHRONIZE, 0, FILE_CREATE,
                  SYNC_FILE | FILE_DELETE_ON_CLOSE, &Some, &h),
             STATUS_SUCCESS);
    FILE_STANDARD_INFORMATION S;
    CHECK_EQ(NtQueryInformationFile(h, &Iosb, &S, sizeof S, FileStandardInformation), STATUS_SUCCESS);
    CHECK(S.AllocationSize.QuadPart >= 8192);
    CHECK_EQ(S.EndOfFile.QuadPart, 0);
    /* An existing file that is opened, not overwritten, keeps its allocation. */
    HANDLE h2;
    CHECK_EQ(Open(L"\\??\\C:\\huge.bin", FILE_READ_ATTRIBUTES, SHARE_ALL, FILE_OPEN_IF, 0, &Huge, &h2), STATUS_SUCCESS);
    NtClose(h2);
    NtClose(h);
}

static LONGLONG DeviceSawAllocation = -1;
static ACCESS_MASK DeviceSawAccess;

static NTSTATUS DeviceDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PIO_STACK_LOCATION Sp = IoGetCurrentIrpStackLocation(Irp);
    if (Sp->MajorFunction == IRP_MJ_CREATE) {
        DeviceSawAllocation = Irp->Overlay.AllocationSize.QuadPart;
        DeviceSawAccess = Sp->Parameters.Create.SecurityContext->DesiredAccess;
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS Resolve(PCWSTR Path, char *Buffer, SIZE_T Size)
{
    UNICODE_STRING Name;
    RtlInitUnicodeString(&Name, Path);
    return IopResolveHostPath(&Name, Buffer, Size);
}

static void TestHostPaths(void)
{
    char Path[600], Expect[600];
    const char *Prefix = ExpGetPrefix();

    /* A driver image named in any case, as the SCM will ask. */
    snprintf(Path, sizeof Path, "%s/drive_c/windows/system32/drivers/sioctl.sys", Prefix);
    FILE *F = fopen(Path, "w");
    CHECK(F != NULL);
    if (F)
        fclose(F);
    snprintf(Expect, sizeof Expect, "%s", Path);
    CHECK_EQ(Resolve(L"\\SystemRoot\\System32\\Drivers\\SIoctl.sys", Path, sizeof Path), STATUS_SUCCESS);
    CHECK_STR(Path, Expect);
    CHECK_EQ(Resolve(L"\\??\\C:\\WINDOWS\\system32\\DRIVERS\\sioctl.SYS", Path, sizeof Path), STATUS_SUCCESS);
    CHECK_STR(Path, Expect);
    CHECK_EQ(Resolve(L"\\SystemRoot\\System32\\Drivers\\SIoctl.sys", Path, 10), STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(Resolve(L"\\SystemRoot\\System32\\Drivers\\nothere.sys", Path, sizeof Path), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(Resolve(L"\\SystemRoot\\System32\\Nowhere\\x.sys", Path, sizeof Path), STATUS_OBJECT_PATH_NOT_FOUND);
    CHECK_EQ(Resolve(L"\\SystemRoot\\System32\\Drivers", Path, sizeof Path), STATUS_FILE_IS_A_DIRECTORY);
    CHECK_EQ(Resolve(L"\\DosDevices\\Z:\\proc\\self\\exe", Path, sizeof Path), STATUS_SUCCESS);
    CHECK_STR(Path, "/proc/self/exe");
    CHECK_EQ(Resolve(L"\\Driver", Path, sizeof Path), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_EQ(Resolve(L"\\Nothing\\x.sys", Path, sizeof Path), STATUS_OBJECT_PATH_NOT_FOUND);

    /* A device is no host file. */
    PDRIVER_OBJECT Driver = KmCreateDriver(DeviceDispatch);
    UNICODE_STRING DevName = RTL_CONSTANT_STRING(L"\\Device\\HostfsTestDev");
    PDEVICE_OBJECT Device = NULL;
    CHECK_EQ(IoCreateDevice(Driver, 0, &DevName, FILE_DEVICE_UNKNOWN, 0, FALSE, &Device), STATUS_SUCCESS);
    if (Device)
        Device->Flags &= ~DO_DEVICE_INITIALIZING;
    CHECK_EQ(Resolve(L"\\Device\\HostfsTestDev", Path, sizeof Path), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_EQ(Resolve(L"\\Device\\HostfsTestDev\\file.sys", Path, sizeof Path), STATUS_OBJECT_TYPE_MISMATCH);
    HANDLE h;
    CHECK_EQ(Open(L"\\Device\\HostfsTestDev\\x", GENERIC_READ, 0, FILE_OPEN, 0, NULL, &h), STATUS_SUCCESS);
    PFILE_OBJECT File;
    CHECK_EQ(ObReferenceObjectByHandle(h, 0, IopFileObjectType, KernelMode, (PVOID *)&File, NULL), STATUS_SUCCESS);
    CHECK_EQ(IopQueryHostPath(File, Path, sizeof Path), STATUS_OBJECT_TYPE_MISMATCH);
    ObDereferenceObject(File);
    CHECK_EQ(NtioQueryHostPathFile(h, Path, sizeof Path, NULL), STATUS_OBJECT_TYPE_MISMATCH);
    NtClose(h);
    /* A driver finds the allocation in Irp->Overlay.AllocationSize (and
     * its completion is no user APC); one that leaves MAXIMUM_ALLOWED as
     * it is grants the file object all rights. */
    LARGE_INTEGER Alloc = { .QuadPart = 12345 };
    CHECK_EQ(Open(L"\\Device\\HostfsTestDev\\y", MAXIMUM_ALLOWED, 0, FILE_CREATE, 0, &Alloc, &h), STATUS_SUCCESS);
    CHECK_EQ(DeviceSawAllocation, 12345);
    CHECK_EQ(DeviceSawAccess, MAXIMUM_ALLOWED);
    CHECK_EQ(GrantedOf(h), FILE_ALL_ACCESS);
    NtClose(h);
    CHECK_EQ(Open(L"\\Device\\HostfsTestDev\\y", FILE_READ_DATA, 0, FILE_OPEN, 0, NULL, &h), STATUS_SUCCESS);
    CHECK_EQ(DeviceSawAllocation, 0);
    CHECK_EQ(GrantedOf(h), FILE_READ_DATA);
    NtClose(h);
    IoDeleteDevice(Device);

    /* Linux paths to NT names: C: inside the prefix's drive_c, Z: elsewhere. */
    WCHAR Nt[300];
    ULONG Bytes = 0;
    CHECK_EQ(NtioHostPathToNtPath("/usr/bin/../lib//x/.", Nt, sizeof Nt, &Bytes), STATUS_SUCCESS);
    CHECK(memcmp(Nt, L"\\??\\Z:\\usr\\lib\\x", 17 * sizeof(WCHAR)) == 0);
    CHECK_EQ(Bytes, 17 * sizeof(WCHAR));
    CHECK_EQ(NtioHostPathToNtPath("/", Nt, sizeof Nt, &Bytes), STATUS_SUCCESS);
    CHECK(memcmp(Nt, L"\\??\\Z:\\", 8 * sizeof(WCHAR)) == 0);
    snprintf(Path, sizeof Path, "%s/drive_c/windows/x", Prefix);
    CHECK_EQ(NtioHostPathToNtPath(Path, Nt, sizeof Nt, &Bytes), STATUS_SUCCESS);
    CHECK(memcmp(Nt, L"\\??\\C:\\windows\\x", 17 * sizeof(WCHAR)) == 0);
    snprintf(Path, sizeof Path, "%s/drive_c", Prefix);
    CHECK_EQ(NtioHostPathToNtPath(Path, Nt, sizeof Nt, &Bytes), STATUS_SUCCESS);
    CHECK(memcmp(Nt, L"\\??\\C:\\", 8 * sizeof(WCHAR)) == 0);
    snprintf(Path, sizeof Path, "%s/drive_cx", Prefix); /* only a prefix of the name */
    CHECK_EQ(NtioHostPathToNtPath(Path, Nt, sizeof Nt, &Bytes), STATUS_SUCCESS);
    CHECK(Nt[4] == L'Z');
    CHECK_EQ(NtioHostPathToNtPath("relative/x", Nt, sizeof Nt, &Bytes), STATUS_OBJECT_PATH_SYNTAX_BAD);
    CHECK_EQ(NtioHostPathToNtPath("/usr", Nt, 6, &Bytes), STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(Bytes, 11 * sizeof(WCHAR));
    CHECK_EQ(NtioHostPathToNtPath((PCSTR)0x10, Nt, sizeof Nt, &Bytes), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtioHostPathToNtPath("/usr", (PWSTR)0x10, 100, &Bytes), STATUS_ACCESS_VIOLATION);
}

int main(void)
{
    CHECK_EQ(ExGetPreviousMode(), UserMode);
    TestBadArguments();
    TestNamesAndVolume();
    TestMaximumAllowed();
    TestAllocationFails();
    TestHostPaths();
    return test_summary("test_hostfs");
}
