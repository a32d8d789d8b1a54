/*
 * test_registry.c - the registry services (NtCreateKey … NtFlushKey and
 * their Zw forms) with Windows' semantics: names, dispositions, every
 * information class and its buffer rules, values of every type, deletion
 * and deleted-key handles, symbolic link keys, volatile keys, security
 * (access checks at open and per handle), and bad input from user mode.
 *
 * This program's main thread is an application thread (PreviousMode
 * UserMode), so the Nt calls below are checked as calls from user mode;
 * the Zw calls are kernel-mode calls.  Stores and processes are covered by
 * test_registry_store.c, the Rtl routines by test_registry_rtl.c.
 */
#include <ntio/ntsvc.h>
#include <unistd.h>
#include "kmtest.h"
#include "cm/cm.h"
#include "se/sep.h"
#include "rtl/nls.h"

#define BASE L"\\Registry\\Machine\\SOFTWARE\\ntiotest"
#define BAD_PTR ((PVOID)(ULONG_PTR)0x10)
#define KERNEL_PTR ((PVOID)(ULONG_PTR)0xFFFF800000001000ULL)

/* ------------------------------------------------------------ helpers */

static NTSTATUS CreateKeyEx(PHANDLE Key, HANDLE Root, PCWSTR Name, ACCESS_MASK Access, ULONG Attributes,
                            ULONG Options, PULONG Disposition)
{
    UNICODE_STRING U;
    OBJECT_ATTRIBUTES A;
    RtlInitUnicodeString(&U, Name);
    InitializeObjectAttributes(&A, &U, Attributes, Root, NULL);
    return NtCreateKey(Key, Access, &A, 0, NULL, Options, Disposition);
}

static NTSTATUS CreateKey(PHANDLE Key, HANDLE Root, PCWSTR Name, ULONG Options, PULONG Disposition)
{
    return CreateKeyEx(Key, Root, Name, KEY_ALL_ACCESS, OBJ_CASE_INSENSITIVE, Options, Disposition);
}

static NTSTATUS OpenKeyEx2(PHANDLE Key, HANDLE Root, PCWSTR Name, ACCESS_MASK Access, ULONG Attributes)
{
    UNICODE_STRING U;
    OBJECT_ATTRIBUTES A;
    RtlInitUnicodeString(&U, Name);
    InitializeObjectAttributes(&A, &U, Attributes, Root, NULL);
    return NtOpenKey(Key, Access, &A);
}

static NTSTATUS OpenKey(PHANDLE Key, HANDLE Root, PCWSTR Name, ACCESS_MASK Access)
{
    return OpenKeyEx2(Key, Root, Name, Access, OBJ_CASE_INSENSITIVE);
}

/* Open-and-close: the status alone. */
static NTSTATUS TryOpen(HANDLE Root, PCWSTR Name, ACCESS_MASK Access)
{
    HANDLE h = NULL;
    NTSTATUS s = OpenKey(&h, Root, Name, Access);
    if (NT_SUCCESS(s))
        NtClose(h);
    return s;
}

static NTSTATUS SetValue(HANDLE Key, PCWSTR Name, ULONG Type, const void *Data, ULONG Size)
{
    UNICODE_STRING U;
    RtlInitUnicodeString(&U, Name);
    return NtSetValueKey(Key, &U, 0, Type, (PVOID)Data, Size);
}

static NTSTATUS QueryValue(HANDLE Key, PCWSTR Name, KEY_VALUE_INFORMATION_CLASS Class, void *Buffer, ULONG Length,
                           ULONG *Result)
{
    UNICODE_STRING U;
    RtlInitUnicodeString(&U, Name);
    return NtQueryValueKey(Key, &U, Class, Buffer, Length, Result);
}

static NTSTATUS DeleteValue(HANDLE Key, PCWSTR Name)
{
    UNICODE_STRING U;
    RtlInitUnicodeString(&U, Name);
    return NtDeleteValueKey(Key, &U);
}

/* A DWORD value, or 0xDEADBEEF when it cannot be read. */
static ULONG GetDword(HANDLE Key, PCWSTR Name)
{
    UCHAR Buffer[64];
    ULONG Len;
    PKEY_VALUE_PARTIAL_INFORMATION I = (PVOID)Buffer;
    if (!NT_SUCCESS(QueryValue(Key, Name, KeyValuePartialInformation, Buffer, sizeof Buffer, &Len)) ||
        I->DataLength != 4)
        return 0xDEADBEEF;
    return *(ULONG *)I->Data;
}

static BOOLEAN WEq(PCWCH Counted, ULONG Bytes, PCWSTR Z)
{
    return Bytes == RtlpWcslen(Z) * sizeof(WCHAR) && !memcmp(Counted, Z, Bytes);
}

static LONGLONG LastWrite(HANDLE Key)
{
    KEY_BASIC_INFORMATION *B;
    UCHAR Buffer[600];
    ULONG Len;
    B = (PVOID)Buffer;
    if (!NT_SUCCESS(NtQueryKey(Key, KeyBasicInformation, Buffer, sizeof Buffer, &Len)))
        return -1;
    return B->LastWriteTime.QuadPart;
}

/* Delete Root\Name and everything below it (kernel mode). */
static void DeleteTree(HANDLE Root, PCWSTR Name)
{
    UNICODE_STRING U;
    OBJECT_ATTRIBUTES A;
    HANDLE Key;
    UCHAR Buffer[600];
    ULONG Len;
    RtlInitUnicodeString(&U, Name);
    InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE | OBJ_OPENLINK, Root, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&Key, KEY_ALL_ACCESS, &A)))
        return;
    while (NT_SUCCESS(ZwEnumerateKey(Key, 0, KeyBasicInformation, Buffer, sizeof Buffer - 2, &Len))) {
        PKEY_BASIC_INFORMATION B = (PVOID)Buffer;
        B->Name[B->NameLength / 2] = 0;
        WCHAR Child[300];
        memcpy(Child, B->Name, B->NameLength + 2);
        DeleteTree(Key, Child);
    }
    ZwDeleteKey(Key);
    ZwClose(Key);
}

/* ------------------------------------------------------------ the tree */

static void TestPredefinedTree(void)
{
    static const PCWSTR Keys[] = {
        L"\\Registry",
        L"\\REGISTRY\\MACHINE",
        L"\\Registry\\Machine\\SYSTEM\\CurrentControlSet\\Services",
        L"\\Registry\\Machine\\SYSTEM\\CurrentControlSet\\Control",
        L"\\Registry\\Machine\\SYSTEM\\CurrentControlSet\\Enum",
        L"\\Registry\\Machine\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion",
        L"\\Registry\\Machine\\SOFTWARE\\Classes",
        L"\\Registry\\Machine\\HARDWARE\\DEVICEMAP",
        L"\\Registry\\User\\.DEFAULT",
    };
    for (size_t i = 0; i < RTL_NUMBER_OF(Keys); i++)
        CHECK_EQ(TryOpen(NULL, Keys[i], KEY_READ), STATUS_SUCCESS);

    /* HKEY_CURRENT_USER: \REGISTRY\USER\<SID>, with a Software key. */
    UNICODE_STRING Path;
    WCHAR Expected[64], Sid[48];
    char Narrow[48];
    CHECK_EQ(RtlFormatCurrentUserKeyPath(&Path), STATUS_SUCCESS);
    if (geteuid() == 0)
        snprintf(Narrow, sizeof Narrow, "S-1-5-18");
    else
        snprintf(Narrow, sizeof Narrow, "S-1-5-21-0-0-0-%u", 1000u + (unsigned)geteuid());
    SIZE_T n = RtlpUtf8ToUtf16(Sid, RTL_NUMBER_OF(Sid), Narrow, strlen(Narrow));
    Sid[n] = 0;
    memcpy(Expected, L"\\REGISTRY\\USER\\", 15 * sizeof(WCHAR));
    memcpy(Expected + 15, Sid, (n + 1) * sizeof(WCHAR));
    CHECK(WEq(Path.Buffer, Path.Length, Expected));
    CHECK_EQ(Path.MaximumLength, Path.Length + 2);
    HANDLE User, Soft;
    UNICODE_STRING U = Path;
    OBJECT_ATTRIBUTES A;
    InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE, NULL, NULL);
    CHECK_EQ(NtOpenKey(&User, KEY_READ, &A), STATUS_SUCCESS);
    CHECK_EQ(OpenKey(&Soft, User, L"Software", KEY_READ), STATUS_SUCCESS);
    NtClose(Soft);
    NtClose(User);
    RtlFreeUnicodeString(&Path);
    CHECK_EQ(RtlOpenCurrentUser(KEY_READ, &User), STATUS_SUCCESS);
    CHECK_EQ(OpenKey(&Soft, User, L"Software", KEY_READ), STATUS_SUCCESS);
    NtClose(Soft);
    NtClose(User);

    /* CurrentVersion\SystemRoot. */
    HANDLE Cv;
    UCHAR Buffer[128];
    ULONG Len;
    CHECK_EQ(OpenKey(&Cv, NULL, L"\\Registry\\Machine\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", KEY_READ),
             STATUS_SUCCESS);
    CHECK_EQ(QueryValue(Cv, L"SystemRoot", KeyValuePartialInformation, Buffer, sizeof Buffer, &Len),
             STATUS_SUCCESS);
    PKEY_VALUE_PARTIAL_INFORMATION P = (PVOID)Buffer;
    CHECK_EQ(P->Type, REG_SZ);
    CHECK(WEq((PCWCH)P->Data, P->DataLength - 2, L"C:\\windows"));
    NtClose(Cv);

    /* HARDWARE is volatile: only volatile keys below it. */
    HANDLE Hw, K;
    CHECK_EQ(OpenKey(&Hw, NULL, L"\\Registry\\Machine\\HARDWARE", KEY_ALL_ACCESS), STATUS_SUCCESS);
    CHECK_EQ(CreateKey(&K, Hw, L"ntiotest-stable", 0, NULL), STATUS_CHILD_MUST_BE_VOLATILE);
    CHECK_EQ(CreateKey(&K, Hw, L"ntiotest-volatile", REG_OPTION_VOLATILE, NULL), STATUS_SUCCESS);
    CHECK_EQ(NtDeleteKey(K), STATUS_SUCCESS);
    NtClose(K);
    /* Predefined roots cannot be deleted. */
    CHECK_EQ(NtDeleteKey(Hw), STATUS_CANNOT_DELETE);
    NtClose(Hw);

    /* KeyTrustInformation: the system hives are trusted. */
    HANDLE Sw;
    KEY_TRUST_INFORMATION T;
    CHECK_EQ(OpenKey(&Sw, NULL, L"\\Registry\\Machine\\SOFTWARE\\Classes", KEY_READ), STATUS_SUCCESS);
    CHECK_EQ(NtQueryKey(Sw, KeyTrustInformation, &T, sizeof T, &Len), STATUS_SUCCESS);
    CHECK_EQ((ULONG)T.TrustedKey, 1);
    NtClose(Sw);
    CHECK_EQ(RtlOpenCurrentUser(KEY_READ, &User), STATUS_SUCCESS);
    CHECK_EQ(NtQueryKey(User, KeyTrustInformation, &T, sizeof T, &Len), STATUS_SUCCESS);
    CHECK_EQ((ULONG)T.TrustedKey, 0);
    NtClose(User);
}

/* ------------------------------------------------------------ names */

static void TestNames(HANDLE Base)
{
    HANDLE K;
    ULONG Disp = 0;

    CHECK_EQ(CreateKey(&K, Base, L"CaseKey", 0, &Disp), STATUS_SUCCESS);
    CHECK_EQ(Disp, REG_CREATED_NEW_KEY);
    NtClose(K);
    Disp = 0;
    CHECK_EQ(CreateKey(&K, Base, L"CASEKEY", 0, &Disp), STATUS_SUCCESS);
    CHECK_EQ(Disp, REG_OPENED_EXISTING_KEY);
    /* The name keeps the case it was created with. */
    UCHAR Buffer[600];
    ULONG Len;
    PKEY_BASIC_INFORMATION B = (PVOID)Buffer;
    CHECK_EQ(NtQueryKey(K, KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
    CHECK(WEq(B->Name, B->NameLength, L"CaseKey"));
    NtClose(K);
    /* Case-insensitive beyond ASCII (the kernel's upcase table). */
    CHECK_EQ(CreateKey(&K, Base, L"\x00e9t\x00e9-\x0434", 0, NULL), STATUS_SUCCESS);
    NtClose(K);
    CHECK_EQ(TryOpen(Base, L"\x00c9T\x00c9-\x0414", KEY_READ), STATUS_SUCCESS);
    /* Absolute, in any case; \REGISTRY itself. */
    CHECK_EQ(TryOpen(NULL, L"\\REGISTRY\\MACHINE\\SOFTWARE\\NTIOTEST\\casekey", KEY_READ), STATUS_SUCCESS);
    CHECK_EQ(TryOpen(NULL, L"\\registry\\", KEY_READ), STATUS_SUCCESS);
    /* Empty components are skipped; a trailing backslash too. */
    CHECK_EQ(TryOpen(NULL, BASE L"\\\\CaseKey\\", KEY_READ), STATUS_SUCCESS);
    CHECK_EQ(CreateKey(&K, Base, L"Trail\\", 0, &Disp), STATUS_SUCCESS);
    CHECK_EQ(Disp, REG_CREATED_NEW_KEY);
    NtClose(K);
    CHECK_EQ(TryOpen(Base, L"Trail", KEY_READ), STATUS_SUCCESS);
    /* Parents are not created; a missing one is NAME_NOT_FOUND. */
    CHECK_EQ(CreateKey(&K, Base, L"Missing\\Child", 0, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(TryOpen(Base, L"Missing\\Child", KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(TryOpen(Base, L"Missing", KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
    /* The object namespace around \REGISTRY. */
    CHECK_EQ(TryOpen(NULL, L"\\", KEY_READ), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_EQ(TryOpen(NULL, L"\\Device", KEY_READ), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_EQ(TryOpen(NULL, L"\\Foobar", KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(TryOpen(NULL, L"\\Foobar\\Machine", KEY_READ), STATUS_OBJECT_PATH_NOT_FOUND);
    CHECK_EQ(TryOpen(NULL, L"Machine\\Software", KEY_READ), STATUS_OBJECT_PATH_SYNTAX_BAD);
    CHECK_EQ(TryOpen(NULL, L"", KEY_READ), STATUS_OBJECT_PATH_SYNTAX_BAD);
    CHECK_EQ(TryOpen(Base, L"\\CaseKey", KEY_READ), STATUS_OBJECT_PATH_SYNTAX_BAD);
    /* Relative with an empty name: the same key again. */
    CHECK_EQ(OpenKey(&K, Base, L"", KEY_READ), STATUS_SUCCESS);
    CHECK_EQ(NtQueryKey(K, KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
    CHECK(WEq(B->Name, B->NameLength, L"ntiotest"));
    NtClose(K);
    /* Relative to a directory handle: the object manager's lookup. */
    HANDLE Dir;
    UNICODE_STRING RootName;
    OBJECT_ATTRIBUTES A;
    RtlInitUnicodeString(&RootName, L"\\");
    InitializeObjectAttributes(&A, &RootName, 0, NULL, NULL);
    PVOID RootDir;
    CHECK_EQ(ObReferenceObjectByName(&RootName, 0, ObpDirectoryObjectType, KernelMode, NULL, &RootDir),
             STATUS_SUCCESS);
    CHECK_EQ(ObpCreateHandle(RootDir, DIRECTORY_TRAVERSE, 0, UserMode, &Dir), STATUS_SUCCESS);
    ObfDereferenceObject(RootDir);
    CHECK_EQ(TryOpen(Dir, L"Registry\\Machine\\SOFTWARE\\ntiotest", KEY_READ), STATUS_SUCCESS);
    NtClose(Dir);

    /* 255 characters per component, not 256. */
    WCHAR Long[300];
    for (int i = 0; i < 256; i++)
        Long[i] = L'a' + (i % 26);
    Long[255] = 0;
    CHECK_EQ(CreateKey(&K, Base, Long, 0, NULL), STATUS_SUCCESS);
    CHECK_EQ(NtDeleteKey(K), STATUS_SUCCESS);
    NtClose(K);
    Long[255] = L'x';
    Long[256] = 0;
    CHECK_EQ(CreateKey(&K, Base, Long, 0, NULL), STATUS_OBJECT_NAME_INVALID);
    CHECK_EQ(TryOpen(Base, Long, KEY_READ), STATUS_OBJECT_NAME_INVALID);

    /* Options and attributes. */
    CHECK_EQ(CreateKey(&K, Base, L"Bad", 0x100, NULL), STATUS_INVALID_PARAMETER);
    UNICODE_STRING U;
    RtlInitUnicodeString(&U, L"Bad");
    InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE, Base, NULL);
    A.Length *= 2;
    CHECK_EQ(NtCreateKey(&K, KEY_READ, &A, 0, NULL, 0, NULL), STATUS_INVALID_PARAMETER);
    CHECK_EQ(NtOpenKey(&K, KEY_READ, &A), STATUS_INVALID_PARAMETER);
    A.Length = sizeof A;
    CHECK_EQ(NtOpenKeyEx(&K, KEY_READ, &A, REG_OPTION_VOLATILE), STATUS_INVALID_PARAMETER);
    InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE, Base, NULL);
    CHECK_EQ(NtOpenKeyEx(&K, KEY_READ, &A, REG_OPTION_OPEN_LINK), STATUS_OBJECT_NAME_NOT_FOUND);
    /* A failed open leaves NULL in the handle. */
    K = (HANDLE)0x1234;
    CHECK_EQ(TryOpen(Base, L"Bad", KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(OpenKey(&K, Base, L"Bad", KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK(K == NULL);
    /* Backup/restore needs a privilege user mode does not hold. */
    CHECK_EQ(CreateKey(&K, Base, L"Bad", REG_OPTION_BACKUP_RESTORE, NULL), STATUS_ACCESS_DENIED);
}

/* ------------------------------------------------------------ values */

static void TestValueTypes(HANDLE Base)
{
    HANDLE K;
    UCHAR Buffer[256];
    ULONG Len;
    PKEY_VALUE_PARTIAL_INFORMATION P = (PVOID)Buffer;
    static const WCHAR Sz[] = L"hello", Expand[] = L"%SystemRoot%\\x", Multi[] = L"a\0bc\0";
    static const UCHAR Bin[] = { 1, 2, 3, 0, 5 };
    ULONG Dw = 0x11223344, Be = 0x44332211;
    ULONGLONG Qw = 0x1122334455667788ULL;
    static const WCHAR Link[] = L"\\Registry\\Machine\\Nowhere";
    const struct {
        PCWSTR Name;
        ULONG Type;
        const void *Data;
        ULONG Size;
    } Values[] = {
        { L"none", REG_NONE, Bin, sizeof Bin },
        { L"sz", REG_SZ, Sz, sizeof Sz },
        { L"expand", REG_EXPAND_SZ, Expand, sizeof Expand },
        { L"binary", REG_BINARY, Bin, sizeof Bin },
        { L"dword", REG_DWORD, &Dw, sizeof Dw },
        { L"dwordbe", REG_DWORD_BIG_ENDIAN, &Be, sizeof Be },
        { L"link", REG_LINK, Link, sizeof Link - 2 },
        { L"multi", REG_MULTI_SZ, Multi, sizeof Multi },
        { L"qword", REG_QWORD, &Qw, sizeof Qw },
        { L"custom", 0xff00ff00, NULL, 0 },
        { L"empty", REG_BINARY, NULL, 0 },
        { L"", REG_SZ, Sz, sizeof Sz }, /* the default value */
    };

    CHECK_EQ(CreateKey(&K, Base, L"Types", 0, NULL), STATUS_SUCCESS);
    for (size_t i = 0; i < RTL_NUMBER_OF(Values); i++)
        CHECK_EQ(SetValue(K, Values[i].Name, Values[i].Type, Values[i].Data, Values[i].Size), STATUS_SUCCESS);
    for (size_t i = 0; i < RTL_NUMBER_OF(Values); i++) {
        memset(Buffer, 0xCC, sizeof Buffer);
        CHECK_EQ(QueryValue(K, Values[i].Name, KeyValuePartialInformation, Buffer, sizeof Buffer, &Len),
                 STATUS_SUCCESS);
        CHECK_EQ(P->Type, Values[i].Type);
        CHECK_EQ(P->DataLength, Values[i].Size);
        CHECK_EQ(P->TitleIndex, 0);
        CHECK_EQ(Len, FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) + Values[i].Size);
        CHECK(!Values[i].Size || !memcmp(P->Data, Values[i].Data, Values[i].Size));
    }
    /* Enumeration: in the order the values were first set. */
    for (ULONG i = 0; i < RTL_NUMBER_OF(Values); i++) {
        PKEY_VALUE_BASIC_INFORMATION Vb = (PVOID)Buffer;
        CHECK_EQ(NtEnumerateValueKey(K, i, KeyValueBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
        CHECK(WEq(Vb->Name, Vb->NameLength, Values[i].Name));
        CHECK_EQ(Vb->Type, Values[i].Type);
    }
    CHECK_EQ(NtEnumerateValueKey(K, RTL_NUMBER_OF(Values), KeyValueBasicInformation, Buffer, sizeof Buffer, &Len),
             STATUS_NO_MORE_ENTRIES);
    /* Replacing keeps the place and the case of the name. */
    ULONG Two = 2;
    CHECK_EQ(SetValue(K, L"SZ", REG_DWORD, &Two, 4), STATUS_SUCCESS);
    PKEY_VALUE_BASIC_INFORMATION Vb = (PVOID)Buffer;
    CHECK_EQ(NtEnumerateValueKey(K, 1, KeyValueBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
    CHECK(WEq(Vb->Name, Vb->NameLength, L"sz"));
    CHECK_EQ(Vb->Type, REG_DWORD);
    CHECK_EQ(GetDword(K, L"Sz"), 2);
    /* Delete, and a second time. */
    CHECK_EQ(DeleteValue(K, L"DWORD"), STATUS_SUCCESS);
    CHECK_EQ(DeleteValue(K, L"dword"), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(QueryValue(K, L"dword", KeyValuePartialInformation, Buffer, sizeof Buffer, &Len),
             STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(QueryValue(K, L"never", KeyValueBasicInformation, Buffer, sizeof Buffer, &Len),
             STATUS_OBJECT_NAME_NOT_FOUND);
    /* Bad classes. */
    CHECK_EQ(QueryValue(K, L"qword", MaxKeyValueInfoClass, Buffer, sizeof Buffer, &Len), STATUS_INVALID_PARAMETER);
    CHECK_EQ(NtEnumerateValueKey(K, 0, (KEY_VALUE_INFORMATION_CLASS)77, Buffer, sizeof Buffer, &Len),
             STATUS_INVALID_PARAMETER);
    KEY_VALUE_LAYER_INFORMATION Layer;
    CHECK_EQ(QueryValue(K, L"qword", KeyValueLayerInformation, &Layer, sizeof Layer, &Len), STATUS_SUCCESS);
    CHECK_EQ(Len, sizeof Layer);
    CHECK_EQ((ULONG)Layer.IsTombstone, 0);

    /* Value names: up to 16383 characters. */
    static WCHAR LongName[16400];
    for (int i = 0; i < 16384; i++)
        LongName[i] = L'v';
    LongName[16383] = 0;
    CHECK_EQ(SetValue(K, LongName, REG_DWORD, &Dw, 4), STATUS_SUCCESS);
    CHECK_EQ(GetDword(K, LongName), Dw);
    LongName[16383] = L'v';
    LongName[16384] = 0;
    CHECK_EQ(SetValue(K, LongName, REG_DWORD, &Dw, 4), STATUS_INVALID_PARAMETER);
    CHECK_EQ(QueryValue(K, LongName, KeyValueBasicInformation, NULL, 0, &Len), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(DeleteValue(K, LongName), STATUS_OBJECT_NAME_NOT_FOUND);
    /* Large data. */
    ULONG Big = 3 << 20;
    PUCHAR Data = malloc(Big), Back = malloc(Big + 64);
    for (ULONG i = 0; i < Big; i++)
        Data[i] = (UCHAR)(i * 7);
    CHECK_EQ(SetValue(K, L"big", REG_BINARY, Data, Big), STATUS_SUCCESS);
    CHECK_EQ(QueryValue(K, L"big", KeyValuePartialInformation, Back, Big + 64, &Len), STATUS_SUCCESS);
    CHECK_EQ(((PKEY_VALUE_PARTIAL_INFORMATION)Back)->DataLength, Big);
    CHECK(!memcmp(((PKEY_VALUE_PARTIAL_INFORMATION)Back)->Data, Data, Big));
    free(Data);
    free(Back);
    NtClose(K);
}

static void TestValueBuffers(HANDLE Base)
{
    HANDLE K;
    UCHAR Buffer[256];
    ULONG Len, Expected;
    static const WCHAR Str[] = L"stringW";
    ULONG Data = 711;

    CHECK_EQ(CreateKey(&K, Base, L"Buffers", 0, NULL), STATUS_SUCCESS);
    CHECK_EQ(SetValue(K, L"deletetest", REG_DWORD, &Data, 4), STATUS_SUCCESS);
    CHECK_EQ(SetValue(K, L"stringtest", REG_SZ, Str, sizeof Str), STATUS_SUCCESS);

    /* Basic: the fixed part fits, the name does not. */
    PKEY_VALUE_BASIC_INFORMATION B = (PVOID)Buffer;
    memset(Buffer, 0xBD, sizeof Buffer);
    Len = 0;
    CHECK_EQ(QueryValue(K, L"deletetest", KeyValueBasicInformation, Buffer,
                        FIELD_OFFSET(KEY_VALUE_BASIC_INFORMATION, Name) + 4, &Len),
             STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(B->Type, REG_DWORD);
    CHECK_EQ(B->NameLength, 20);
    CHECK_EQ(Len, FIELD_OFFSET(KEY_VALUE_BASIC_INFORMATION, Name) + 20);
    CHECK(!memcmp(B->Name, L"de", 4));          /* what fits is copied */
    CHECK_EQ(Buffer[FIELD_OFFSET(KEY_VALUE_BASIC_INFORMATION, Name) + 4], 0xBD); /* no further */
    CHECK_EQ(QueryValue(K, L"deletetest", KeyValueBasicInformation, Buffer, Len, &Len), STATUS_SUCCESS);
    CHECK(WEq(B->Name, B->NameLength, L"deletetest"));

    /* Partial: NULL buffer, 1 byte, fixed - 1, fixed, all. */
    PKEY_VALUE_PARTIAL_INFORMATION P = (PVOID)Buffer;
    CHECK_EQ(QueryValue(K, L"stringtest", KeyValuePartialInformation, NULL, 0, &Len), STATUS_BUFFER_TOO_SMALL);
    Expected = FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) + sizeof Str;
    CHECK_EQ(Len, Expected);
    memset(Buffer, 0xBD, sizeof Buffer);
    Len = 0;
    CHECK_EQ(QueryValue(K, L"stringtest", KeyValuePartialInformation, Buffer, 1, &Len), STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(Len, Expected);
    CHECK_EQ(Buffer[0], 0xBD); /* nothing written */
    CHECK_EQ(QueryValue(K, L"stringtest", KeyValuePartialInformation, Buffer,
                        FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) - 1, &Len),
             STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(Buffer[0], 0xBD);
    CHECK_EQ(QueryValue(K, L"stringtest", KeyValuePartialInformation, Buffer,
                        FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) + 3, &Len),
             STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(Len, Expected);
    CHECK_EQ(P->Type, REG_SZ);
    CHECK_EQ(P->DataLength, sizeof Str);
    CHECK(!memcmp(P->Data, Str, 3));
    CHECK_EQ(P->Data[3], 0xBD);
    memset(Buffer, 0xBD, sizeof Buffer);
    CHECK_EQ(QueryValue(K, L"stringtest", KeyValuePartialInformation, Buffer, Expected, &Len), STATUS_SUCCESS);
    CHECK(!memcmp(P->Data, Str, sizeof Str));
    CHECK_EQ(Buffer[Expected], 0xBD);

    /* Full: name, then the data ULONG-aligned. */
    PKEY_VALUE_FULL_INFORMATION F = (PVOID)Buffer;
    CHECK_EQ(QueryValue(K, L"deletetest", KeyValueFullInformation, Buffer,
                        FIELD_OFFSET(KEY_VALUE_FULL_INFORMATION, Name), &Len),
             STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(F->DataLength, 4);
    CHECK_EQ(F->NameLength, 20);
    CHECK_EQ(Len, FIELD_OFFSET(KEY_VALUE_FULL_INFORMATION, Name) + 20 + 4);
    CHECK_EQ(QueryValue(K, L"deletetest", KeyValueFullInformation, Buffer, Len, &Len), STATUS_SUCCESS);
    CHECK_EQ(F->DataOffset, 40);
    CHECK_EQ(*(ULONG *)(Buffer + F->DataOffset), 711);
    CHECK(WEq(F->Name, F->NameLength, L"deletetest"));
    /* "stringtest" has a 10-char name: 20 + 20 = 40, already aligned; a
     * 3-char name (26 bytes) is padded to 28. */
    CHECK_EQ(SetValue(K, L"abc", REG_DWORD, &Data, 4), STATUS_SUCCESS);
    CHECK_EQ(QueryValue(K, L"abc", KeyValueFullInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
    CHECK_EQ(F->DataOffset, 28);
    CHECK_EQ(Len, 32);

    /* Align64: the data at an 8-byte address of the caller's buffer. */
    ULONGLONG Aligned[32];
    PUCHAR Odd = (PUCHAR)Aligned + 4;
    CHECK_EQ(QueryValue(K, L"abc", KeyValueFullInformationAlign64, Odd, 200, &Len), STATUS_SUCCESS);
    F = (PVOID)Odd;
    CHECK_EQ(((ULONG_PTR)Odd + F->DataOffset) % 8, 0);
    CHECK_EQ(F->DataOffset, 28);
    CHECK_EQ(*(ULONG *)(Odd + F->DataOffset), 711);
    CHECK_EQ(QueryValue(K, L"abc", KeyValueFullInformationAlign64, Aligned, 200, &Len), STATUS_SUCCESS);
    F = (PVOID)Aligned;
    CHECK_EQ(F->DataOffset, 32);
    CHECK_EQ(Len, 36);
    PKEY_VALUE_PARTIAL_INFORMATION_ALIGN64 P64 = (PVOID)Odd;
    CHECK_EQ(QueryValue(K, L"abc", KeyValuePartialInformationAlign64, Odd, 8, &Len), STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(Len, 12);
    CHECK_EQ(P64->Type, REG_DWORD);
    CHECK_EQ(P64->DataLength, 4);
    CHECK_EQ(QueryValue(K, L"abc", KeyValuePartialInformationAlign64, Odd, 12, &Len), STATUS_SUCCESS);
    CHECK_EQ(*(ULONG *)P64->Data, 711);

    /* Enumeration follows the same rules. */
    CHECK_EQ(NtEnumerateValueKey(K, 0, KeyValuePartialInformation, Buffer, 2, &Len), STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(Len, FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) + 4);
    CHECK_EQ(NtEnumerateValueKey(K, 0, KeyValuePartialInformation, Buffer, 12, &Len), STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(NtEnumerateValueKey(K, 0, KeyValuePartialInformation, Buffer, 16, &Len), STATUS_SUCCESS);
    NtClose(K);
}

/* ------------------------------------------------------------ keys */

static void TestKeyInformation(HANDLE Base)
{
    HANDLE K, Sub;
    UCHAR Buffer[1024];
    ULONG Len;
    UNICODE_STRING Class;
    OBJECT_ATTRIBUTES A;
    UNICODE_STRING U;
    ULONG Dw = 64;

    /* A key with a class, two subkeys (one with a class) and a value. */
    RtlInitUnicodeString(&Class, L"MyClass");
    RtlInitUnicodeString(&U, L"Info");
    InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE, Base, NULL);
    CHECK_EQ(NtCreateKey(&K, KEY_ALL_ACCESS, &A, 0, &Class, 0, NULL), STATUS_SUCCESS);
    RtlInitUnicodeString(&U, L"b_sub");
    InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE, K, NULL);
    RtlInitUnicodeString(&Class, L"C2");
    CHECK_EQ(NtCreateKey(&Sub, KEY_ALL_ACCESS, &A, 0, &Class, 0, NULL), STATUS_SUCCESS);
    NtClose(Sub);
    CHECK_EQ(CreateKey(&Sub, K, L"A_longer_sub", 0, NULL), STATUS_SUCCESS);
    NtClose(Sub);
    CHECK_EQ(SetValue(K, L"val", REG_DWORD, &Dw, 4), STATUS_SUCCESS);

    /* Basic */
    PKEY_BASIC_INFORMATION B = (PVOID)Buffer;
    CHECK_EQ(NtQueryKey(K, KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
    CHECK_EQ(Len, FIELD_OFFSET(KEY_BASIC_INFORMATION, Name) + 8);
    CHECK(WEq(B->Name, B->NameLength, L"Info"));
    CHECK(B->LastWriteTime.QuadPart > 0);
    CHECK_EQ(NtQueryKey(K, KeyBasicInformation, Buffer, FIELD_OFFSET(KEY_BASIC_INFORMATION, Name) - 1, &Len),
             STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(Len, FIELD_OFFSET(KEY_BASIC_INFORMATION, Name) + 8);
    CHECK_EQ(NtQueryKey(K, KeyBasicInformation, Buffer, FIELD_OFFSET(KEY_BASIC_INFORMATION, Name) + 2, &Len),
             STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(B->NameLength, 8);
    /* Node: name, then the class at a ULONG boundary. */
    PKEY_NODE_INFORMATION N = (PVOID)Buffer;
    CHECK_EQ(NtQueryKey(K, KeyNodeInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
    CHECK(WEq(N->Name, N->NameLength, L"Info"));
    CHECK_EQ(N->ClassOffset, FIELD_OFFSET(KEY_NODE_INFORMATION, Name) + 8);
    CHECK(WEq((PCWCH)(Buffer + N->ClassOffset), N->ClassLength, L"MyClass"));
    CHECK_EQ(Len, N->ClassOffset + 14);
    /* Full: counts and maxima in bytes. */
    PKEY_FULL_INFORMATION F = (PVOID)Buffer;
    CHECK_EQ(NtQueryKey(K, KeyFullInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
    CHECK_EQ(F->SubKeys, 2);
    CHECK_EQ(F->MaxNameLen, 24);
    CHECK_EQ(F->MaxClassLen, 4);
    CHECK_EQ(F->Values, 1);
    CHECK_EQ(F->MaxValueNameLen, 6);
    CHECK_EQ(F->MaxValueDataLen, 4);
    CHECK_EQ(F->ClassOffset, FIELD_OFFSET(KEY_FULL_INFORMATION, Class));
    CHECK_EQ(F->ClassLength, 14);
    CHECK(WEq(F->Class, F->ClassLength, L"MyClass"));
    CHECK_EQ(Len, FIELD_OFFSET(KEY_FULL_INFORMATION, Class) + 14);
    CHECK_EQ(NtQueryKey(K, KeyFullInformation, Buffer, FIELD_OFFSET(KEY_FULL_INFORMATION, Class), &Len),
             STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(F->SubKeys, 2);
    /* Cached */
    KEY_CACHED_INFORMATION C;
    CHECK_EQ(NtQueryKey(K, KeyCachedInformation, &C, sizeof C, &Len), STATUS_SUCCESS);
    CHECK_EQ(Len, sizeof C);
    CHECK_EQ(C.SubKeys, 2);
    CHECK_EQ(C.MaxNameLen, 24);
    CHECK_EQ(C.Values, 1);
    CHECK_EQ(C.MaxValueNameLen, 6);
    CHECK_EQ(C.MaxValueDataLen, 4);
    CHECK_EQ(C.NameLength, 8);
    CHECK_EQ(NtQueryKey(K, KeyCachedInformation, &C, sizeof C - 1, &Len), STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(Len, sizeof C);
    /* Name: the full path; TOO_SMALL below the fixed part, OVERFLOW above. */
    PKEY_NAME_INFORMATION Nm = (PVOID)Buffer;
    ULONG Need;
    CHECK_EQ(NtQueryKey(K, KeyNameInformation, NULL, 0, &Need), STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(NtQueryKey(K, KeyNameInformation, Buffer, 1, &Len), STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(Len, Need);
    CHECK_EQ(NtQueryKey(K, KeyNameInformation, Buffer, FIELD_OFFSET(KEY_NAME_INFORMATION, Name), &Len),
             STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(Len, Need);
    CHECK_EQ(NtQueryKey(K, KeyNameInformation, Buffer, Need, &Len), STATUS_SUCCESS);
    CHECK(WEq(Nm->Name, Nm->NameLength, L"\\REGISTRY\\MACHINE\\SOFTWARE\\ntiotest\\Info"));
    CHECK_EQ(Need, FIELD_OFFSET(KEY_NAME_INFORMATION, Name) + Nm->NameLength);
    /* The others. */
    KEY_VIRTUALIZATION_INFORMATION V;
    KEY_HANDLE_TAGS_INFORMATION T;
    CHECK_EQ(NtQueryKey(K, KeyVirtualizationInformation, &V, sizeof V, &Len), STATUS_SUCCESS);
    CHECK_EQ((ULONG)(V.VirtualizationCandidate | V.VirtualizationEnabled), 0);
    CHECK_EQ(NtQueryKey(K, KeyHandleTagsInformation, &T, sizeof T, &Len), STATUS_SUCCESS);
    CHECK_EQ(NtQueryKey(K, KeyFlagsInformation, Buffer, sizeof Buffer, &Len), STATUS_INVALID_PARAMETER);
    CHECK_EQ(NtQueryKey(K, MaxKeyInfoClass, Buffer, sizeof Buffer, &Len), STATUS_INVALID_PARAMETER);

    /* Enumeration: sorted without regard to case, Basic/Node/Full only. */
    CHECK_EQ(NtEnumerateKey(K, 0, KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
    CHECK(WEq(B->Name, B->NameLength, L"A_longer_sub"));
    CHECK_EQ(NtEnumerateKey(K, 1, KeyNodeInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
    CHECK(WEq(N->Name, N->NameLength, L"b_sub"));
    CHECK(WEq((PCWCH)(Buffer + N->ClassOffset), N->ClassLength, L"C2"));
    CHECK_EQ(NtEnumerateKey(K, 0, KeyNodeInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
    CHECK_EQ(N->ClassOffset, 0xFFFFFFFF);
    CHECK_EQ(N->ClassLength, 0);
    CHECK_EQ(NtEnumerateKey(K, 1, KeyFullInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
    CHECK_EQ(F->SubKeys, 0);
    CHECK(WEq(F->Class, F->ClassLength, L"C2"));
    CHECK_EQ(NtEnumerateKey(K, 2, KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_NO_MORE_ENTRIES);
    CHECK_EQ(NtEnumerateKey(K, 0, KeyNameInformation, Buffer, sizeof Buffer, &Len), STATUS_INVALID_PARAMETER);
    CHECK_EQ(NtEnumerateKey(K, 0, KeyBasicInformation, Buffer, 4, &Len), STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(Len, FIELD_OFFSET(KEY_BASIC_INFORMATION, Name) + 24);
    /* Subkeys sort as Windows sorts: upcased UTF-16 units. */
    HANDLE S;
    CHECK_EQ(CreateKey(&S, K, L"_under", 0, NULL), STATUS_SUCCESS); /* '_' (0x5F) > 'B' */
    NtClose(S);
    CHECK_EQ(NtEnumerateKey(K, 2, KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
    CHECK(WEq(B->Name, B->NameLength, L"_under"));
    /* Volatile subkeys come after the stable ones. */
    CHECK_EQ(CreateKey(&S, K, L"0_volatile", REG_OPTION_VOLATILE, NULL), STATUS_SUCCESS);
    CHECK_EQ(NtEnumerateKey(K, 3, KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
    CHECK(WEq(B->Name, B->NameLength, L"0_volatile"));
    CHECK_EQ(NtDeleteKey(S), STATUS_SUCCESS);
    NtClose(S);
    NtClose(K);
}

static void TestLastWrite(HANDLE Base)
{
    HANDLE K, Sub;
    ULONG Dw = 1;
    LONGLONG T0, T1;
    CHECK_EQ(CreateKey(&K, Base, L"Times", 0, NULL), STATUS_SUCCESS);
    T0 = LastWrite(K);
    KmSleepMs(2);
    CHECK_EQ(CreateKey(&Sub, K, L"child", 0, NULL), STATUS_SUCCESS);
    T1 = LastWrite(K);
    CHECK(T1 > T0); /* a new subkey */
    LONGLONG SubT = LastWrite(Sub);
    KmSleepMs(2);
    CHECK_EQ(SetValue(Sub, L"v", REG_DWORD, &Dw, 4), STATUS_SUCCESS);
    CHECK(LastWrite(Sub) > SubT); /* a value changed */
    CHECK_EQ(LastWrite(K), T1);   /* not the parent's */
    KmSleepMs(2);
    HANDLE Again;
    CHECK_EQ(OpenKey(&Again, K, L"child", KEY_READ), STATUS_SUCCESS);
    NtClose(Again);
    CHECK_EQ(LastWrite(K), T1); /* opening changes nothing */
    CHECK_EQ(NtDeleteKey(Sub), STATUS_SUCCESS);
    CHECK(LastWrite(K) > T1); /* a subkey deleted */
    NtClose(Sub);
    /* FILETIME: 100 ns since 1601, so after 2020 (> 1.3e17). */
    CHECK(T0 > 132223104000000000LL);
    NtClose(K);
}

static void TestDelete(HANDLE Base)
{
    HANDLE K, Sub, Other;
    UCHAR Buffer[256];
    ULONG Len, Dw = 5;
    UNICODE_STRING U;

    CHECK_EQ(CreateKey(&K, Base, L"Doomed", 0, NULL), STATUS_SUCCESS);
    CHECK_EQ(CreateKey(&Sub, K, L"sub", 0, NULL), STATUS_SUCCESS);
    CHECK_EQ(SetValue(K, L"value", REG_DWORD, &Dw, 4), STATUS_SUCCESS);
    CHECK_EQ(NtDeleteKey(K), STATUS_CANNOT_DELETE); /* it has a subkey */
    CHECK_EQ(NtDeleteKey(Sub), STATUS_SUCCESS);
    NtClose(Sub);
    CHECK_EQ(OpenKey(&Other, Base, L"Doomed", KEY_READ), STATUS_SUCCESS);
    /* Without DELETE access, no. */
    CHECK_EQ(NtDeleteKey(Other), STATUS_ACCESS_DENIED);
    CHECK_EQ(NtDeleteKey(K), STATUS_SUCCESS);
    /* Every handle to it now finds it deleted. */
    CHECK_EQ(NtQueryKey(K, KeyNameInformation, Buffer, sizeof Buffer, &Len), STATUS_KEY_DELETED);
    CHECK_EQ(NtQueryKey(Other, KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_KEY_DELETED);
    CHECK_EQ(NtEnumerateKey(K, 0, KeyFullInformation, Buffer, sizeof Buffer, &Len), STATUS_KEY_DELETED);
    CHECK_EQ(QueryValue(K, L"value", KeyValueBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_KEY_DELETED);
    CHECK_EQ(NtEnumerateValueKey(K, 0, KeyValuePartialInformation, Buffer, sizeof Buffer, &Len),
             STATUS_KEY_DELETED);
    CHECK_EQ(SetValue(K, L"value", REG_SZ, L"test", 10), STATUS_KEY_DELETED);
    CHECK_EQ(DeleteValue(K, L"value"), STATUS_KEY_DELETED);
    CHECK_EQ(NtFlushKey(K), STATUS_KEY_DELETED);
    CHECK_EQ(NtDeleteKey(K), STATUS_SUCCESS); /* deleted already: nothing to do */
    CHECK_EQ(TryOpen(K, L"subkey", KEY_READ), STATUS_KEY_DELETED);
    CHECK_EQ(CreateKey(&Sub, K, L"subkey", 0, NULL), STATUS_KEY_DELETED);
    CHECK_EQ(TryOpen(K, L"", KEY_READ), STATUS_KEY_DELETED);
    CHECK_EQ(TryOpen(Base, L"Doomed", KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
    /* Its values went with it: a new key of that name starts empty. */
    HANDLE New;
    CHECK_EQ(CreateKey(&New, Base, L"Doomed", 0, NULL), STATUS_SUCCESS);
    RtlInitUnicodeString(&U, L"value");
    CHECK_EQ(NtQueryValueKey(New, &U, KeyValueBasicInformation, Buffer, sizeof Buffer, &Len),
             STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(NtQueryValueKey(K, &U, KeyValueBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_KEY_DELETED);
    CHECK_EQ(NtDeleteKey(New), STATUS_SUCCESS);
    NtClose(New);
    NtClose(Other);
    NtClose(K);
}

/* ------------------------------------------------------------ handles */

static void TestHandles(HANDLE Base)
{
    HANDLE Event, K;
    UCHAR Buffer[64];
    ULONG Len, Dw = 1;
    OBJECT_ATTRIBUTES A;
    UNICODE_STRING U;

    CHECK_EQ(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    CHECK_EQ(QueryValue(Event, L"x", KeyValuePartialInformation, Buffer, sizeof Buffer, &Len),
             STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_EQ(NtQueryKey(Event, KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_EQ(SetValue(Event, L"x", REG_DWORD, &Dw, 4), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_EQ(NtDeleteKey(Event), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_EQ(TryOpen(Event, L"x", KEY_READ), STATUS_OBJECT_TYPE_MISMATCH);
    NtClose(Event);
    static const HANDLE Bad[] = { NULL, (HANDLE)0x1234, (HANDLE)(ULONG_PTR)0x7FFFFFFC };
    for (size_t i = 0; i < RTL_NUMBER_OF(Bad); i++) {
        CHECK_EQ(QueryValue(Bad[i], L"x", KeyValuePartialInformation, Buffer, sizeof Buffer, &Len),
                 STATUS_INVALID_HANDLE);
        CHECK_EQ(NtQueryKey(Bad[i], KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_INVALID_HANDLE);
        CHECK_EQ(NtEnumerateKey(Bad[i], 0, KeyBasicInformation, Buffer, sizeof Buffer, &Len),
                 STATUS_INVALID_HANDLE);
        CHECK_EQ(NtEnumerateValueKey(Bad[i], 0, KeyValueBasicInformation, Buffer, sizeof Buffer, &Len),
                 STATUS_INVALID_HANDLE);
        CHECK_EQ(SetValue(Bad[i], L"x", REG_DWORD, &Dw, 4), STATUS_INVALID_HANDLE);
        CHECK_EQ(DeleteValue(Bad[i], L"x"), STATUS_INVALID_HANDLE);
        CHECK_EQ(NtDeleteKey(Bad[i]), STATUS_INVALID_HANDLE);
        CHECK_EQ(NtFlushKey(Bad[i]), STATUS_INVALID_HANDLE);
    }
    CHECK_EQ(TryOpen((HANDLE)0x1234, L"x", KEY_READ), STATUS_INVALID_HANDLE);

    /* Zw: kernel mode, a kernel handle user mode cannot use. */
    RtlInitUnicodeString(&U, BASE);
    InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    CHECK_EQ(ZwOpenKey(&K, KEY_READ, &A), STATUS_SUCCESS);
    CHECK(((ULONG_PTR)K & 0x80000000) != 0);
    CHECK_EQ(ZwQueryKey(K, KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
    CHECK_EQ(NtQueryKey(K, KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_INVALID_HANDLE);
    CHECK_EQ(ZwFlushKey(K), STATUS_SUCCESS);
    CHECK_EQ(ZwClose(K), STATUS_SUCCESS);
}

/* ------------------------------------------------------------ bad pointers */

static void TestUserPointers(HANDLE Base)
{
    HANDLE K;
    UCHAR Buffer[64];
    ULONG Len, Dw = 1;
    UNICODE_STRING U, BadName;
    OBJECT_ATTRIBUTES A;
    static const PVOID Bad[] = { BAD_PTR, KERNEL_PTR };

    CHECK_EQ(CreateKey(&K, Base, L"Ptrs", 0, NULL), STATUS_SUCCESS);
    CHECK_EQ(SetValue(K, L"v", REG_DWORD, &Dw, 4), STATUS_SUCCESS);
    RtlInitUnicodeString(&U, L"Ptrs");
    for (size_t i = 0; i < RTL_NUMBER_OF(Bad); i++) {
        PVOID P = Bad[i];
        HANDLE H;
        InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE, Base, NULL);
        CHECK_EQ(NtCreateKey(P, KEY_READ, &A, 0, NULL, 0, NULL), STATUS_ACCESS_VIOLATION);
        CHECK_EQ(NtOpenKey(P, KEY_READ, &A), STATUS_ACCESS_VIOLATION);
        CHECK_EQ(NtCreateKey(&H, KEY_READ, &A, 0, NULL, 0, P), STATUS_ACCESS_VIOLATION);
        CHECK_EQ(NtOpenKey(&H, KEY_READ, P), STATUS_ACCESS_VIOLATION);
        CHECK_EQ(NtCreateKey(&H, KEY_READ, &A, 0, P, 0, NULL), STATUS_ACCESS_VIOLATION);
        A.ObjectName = P;
        CHECK_EQ(NtOpenKey(&H, KEY_READ, &A), STATUS_ACCESS_VIOLATION);
        BadName.Length = BadName.MaximumLength = 8;
        BadName.Buffer = P;
        A.ObjectName = &BadName;
        CHECK_EQ(NtOpenKey(&H, KEY_READ, &A), STATUS_ACCESS_VIOLATION);
        A.ObjectName = &U;
        A.SecurityDescriptor = P;
        CHECK_EQ(NtCreateKey(&H, KEY_READ, &A, 0, NULL, 0, NULL), STATUS_ACCESS_VIOLATION);
        CHECK_EQ(NtQueryValueKey(K, P, KeyValuePartialInformation, Buffer, sizeof Buffer, &Len),
                 STATUS_ACCESS_VIOLATION);
        CHECK_EQ(NtQueryValueKey(K, &BadName, KeyValuePartialInformation, Buffer, sizeof Buffer, &Len),
                 STATUS_ACCESS_VIOLATION);
        CHECK_EQ(QueryValue(K, L"v", KeyValuePartialInformation, P, 64, &Len), STATUS_ACCESS_VIOLATION);
        CHECK_EQ(QueryValue(K, L"v", KeyValuePartialInformation, Buffer, sizeof Buffer, P), STATUS_ACCESS_VIOLATION);
        CHECK_EQ(NtQueryKey(K, KeyBasicInformation, P, 64, &Len), STATUS_ACCESS_VIOLATION);
        CHECK_EQ(NtQueryKey(K, KeyBasicInformation, Buffer, sizeof Buffer, P), STATUS_ACCESS_VIOLATION);
        CHECK_EQ(NtEnumerateKey(K, 0, KeyBasicInformation, P, 64, &Len), STATUS_ACCESS_VIOLATION);
        CHECK_EQ(NtEnumerateValueKey(K, 0, KeyValueBasicInformation, P, 64, &Len), STATUS_ACCESS_VIOLATION);
        CHECK_EQ(NtEnumerateValueKey(K, 0, KeyValueBasicInformation, Buffer, 64, P), STATUS_ACCESS_VIOLATION);
        CHECK_EQ(SetValue(K, L"v", REG_BINARY, P, 16), STATUS_ACCESS_VIOLATION);
        CHECK_EQ(NtSetValueKey(K, P, 0, REG_DWORD, &Dw, 4), STATUS_ACCESS_VIOLATION);
        CHECK_EQ(NtDeleteValueKey(K, P), STATUS_ACCESS_VIOLATION);
    }
    HANDLE Unused;
    CHECK_EQ(NtOpenKey(&Unused, KEY_READ, NULL), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(QueryValue(K, L"v", KeyValuePartialInformation, Buffer, sizeof Buffer, NULL), STATUS_ACCESS_VIOLATION);
    /* A failed call changed nothing. */
    CHECK_EQ(GetDword(K, L"v"), 1);
    NtClose(K);
}

/* ------------------------------------------------------------ links */

static void TestLinks(HANDLE Base)
{
    HANDLE Root, Link, K;
    UCHAR Buffer[512];
    ULONG Len, Dw = 0xbeef;
    PKEY_VALUE_PARTIAL_INFORMATION P = (PVOID)Buffer;
    static const WCHAR Target[] = BASE L"\\Links\\target";
    static const WCHAR Loop[] = BASE L"\\Links\\link\\x";

    CHECK_EQ(CreateKey(&Root, Base, L"Links", 0, NULL), STATUS_SUCCESS);
    CHECK_EQ(CreateKey(&Link, Root, L"link", REG_OPTION_CREATE_LINK, NULL), STATUS_SUCCESS);
    /* Only SymbolicLinkValue, only REG_LINK. */
    CHECK_EQ(SetValue(Link, L"SymbolicLinkValue", REG_SZ, Target, sizeof Target - 2), STATUS_ACCESS_DENIED);
    CHECK_EQ(SetValue(Link, L"other", REG_LINK, Target, sizeof Target - 2), STATUS_ACCESS_DENIED);
    CHECK_EQ(SetValue(Link, L"SymbolicLinkValue", REG_LINK, Target, sizeof Target - 2), STATUS_SUCCESS);
    /* A link to a missing key. */
    K = (HANDLE)0xdeadbeef;
    CHECK_EQ(OpenKey(&K, Root, L"link", KEY_ALL_ACCESS), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK(K == NULL);
    CHECK_EQ(CreateKey(&K, Root, L"target", 0, NULL), STATUS_SUCCESS);
    CHECK_EQ(SetValue(K, L"value", REG_DWORD, &Dw, 4), STATUS_SUCCESS);
    NtClose(K);
    /* Through the link. */
    CHECK_EQ(OpenKey(&K, Root, L"link", KEY_ALL_ACCESS), STATUS_SUCCESS);
    CHECK_EQ(GetDword(K, L"value"), 0xbeef);
    CHECK_EQ(QueryValue(K, L"SymbolicLinkValue", KeyValuePartialInformation, Buffer, sizeof Buffer, &Len),
             STATUS_OBJECT_NAME_NOT_FOUND);
    PKEY_NAME_INFORMATION Nm = (PVOID)Buffer;
    CHECK_EQ(NtQueryKey(K, KeyNameInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
    CHECK(WEq(Nm->Name, Nm->NameLength, L"\\REGISTRY\\MACHINE\\SOFTWARE\\ntiotest\\Links\\target"));
    NtClose(K);
    /* Through the link as a middle component, absolute. */
    HANDLE Deep;
    CHECK_EQ(CreateKey(&Deep, NULL, BASE L"\\Links\\link\\deeper", 0, NULL), STATUS_SUCCESS);
    NtClose(Deep);
    CHECK_EQ(TryOpen(Root, L"target\\deeper", KEY_READ), STATUS_SUCCESS);
    /* The link itself with OBJ_OPENLINK (REG_OPTION_OPEN_LINK alone does not). */
    CHECK_EQ(OpenKeyEx2(&K, Root, L"link", KEY_ALL_ACCESS, OBJ_OPENLINK), STATUS_SUCCESS);
    CHECK_EQ(QueryValue(K, L"SymbolicLinkValue", KeyValuePartialInformation, Buffer, sizeof Buffer, &Len),
             STATUS_SUCCESS);
    CHECK_EQ(P->Type, REG_LINK);
    CHECK_EQ(P->DataLength, sizeof Target - 2);
    NtClose(K);
    UNICODE_STRING U;
    OBJECT_ATTRIBUTES A;
    RtlInitUnicodeString(&U, L"link");
    InitializeObjectAttributes(&A, &U, 0, Root, NULL);
    CHECK_EQ(NtOpenKeyEx(&K, KEY_ALL_ACCESS, &A, REG_OPTION_OPEN_LINK), STATUS_SUCCESS);
    CHECK_EQ(GetDword(K, L"value"), 0xbeef); /* the target's */
    NtClose(K);
    /* An existing name with REG_OPTION_CREATE_LINK: a collision. */
    K = (HANDLE)0xdeadbeef;
    CHECK_EQ(CreateKey(&K, Root, L"link", REG_OPTION_CREATE_LINK, NULL), STATUS_OBJECT_NAME_COLLISION);
    CHECK(K == NULL);
    /* Creating through a link whose target is gone creates the target. */
    CHECK_EQ(OpenKey(&K, Root, L"target\\deeper", KEY_ALL_ACCESS), STATUS_SUCCESS);
    CHECK_EQ(NtDeleteKey(K), STATUS_SUCCESS);
    NtClose(K);
    CHECK_EQ(OpenKey(&K, Root, L"target", KEY_ALL_ACCESS), STATUS_SUCCESS);
    CHECK_EQ(NtDeleteKey(K), STATUS_SUCCESS);
    NtClose(K);
    CHECK_EQ(TryOpen(Root, L"link", KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
    ULONG Disp;
    CHECK_EQ(CreateKey(&K, Root, L"link", 0, &Disp), STATUS_SUCCESS);
    CHECK_EQ(Disp, REG_CREATED_NEW_KEY);
    NtClose(K);
    CHECK_EQ(TryOpen(Root, L"target", KEY_READ), STATUS_SUCCESS);
    /* A link to itself: followed round and round, then given up. */
    CHECK_EQ(SetValue(Link, L"SymbolicLinkValue", REG_LINK, Loop, sizeof Loop - 2 - 4), STATUS_SUCCESS);
    CHECK_EQ(TryOpen(Root, L"link", KEY_READ), STATUS_NAME_TOO_LONG);
    CHECK_EQ(OpenKeyEx2(&K, Root, L"link", KEY_READ, OBJ_OPENLINK), STATUS_SUCCESS);
    NtClose(K);
    /* A relative target is not followed. */
    CHECK_EQ(SetValue(Link, L"SymbolicLinkValue", REG_LINK, L"target", 12), STATUS_SUCCESS);
    CHECK_EQ(TryOpen(Root, L"link", KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(NtDeleteKey(Link), STATUS_SUCCESS);
    NtClose(Link);
    NtClose(Root);
}

/* ------------------------------------------------------------ volatile */

static void TestVolatile(HANDLE Base)
{
    HANDLE V, C, S;
    ULONG Disp;
    CHECK_EQ(CreateKey(&V, Base, L"Vol", REG_OPTION_VOLATILE, &Disp), STATUS_SUCCESS);
    CHECK_EQ(Disp, REG_CREATED_NEW_KEY);
    CHECK_EQ(CreateKey(&C, V, L"stable", REG_OPTION_NON_VOLATILE, NULL), STATUS_CHILD_MUST_BE_VOLATILE);
    CHECK_EQ(CreateKey(&C, V, L"child", REG_OPTION_VOLATILE, NULL), STATUS_SUCCESS);
    /* Opening an existing key with other options only opens it. */
    CHECK_EQ(CreateKey(&S, Base, L"Vol", 0, &Disp), STATUS_SUCCESS);
    CHECK_EQ(Disp, REG_OPENED_EXISTING_KEY);
    NtClose(S);
    CHECK_EQ(NtDeleteKey(C), STATUS_SUCCESS);
    CHECK_EQ(NtDeleteKey(V), STATUS_SUCCESS);
    NtClose(C);
    NtClose(V);
}

/* ------------------------------------------------------------ security */

static PSECURITY_DESCRIPTOR Sddl(PCWSTR Text)
{
    UNICODE_STRING U;
    PSECURITY_DESCRIPTOR Sd = NULL;
    RtlInitUnicodeString(&U, Text);
    CHECK_EQ(SepSddlToSecurityDescriptor(&U, &Sd), STATUS_SUCCESS);
    return Sd;
}

static void TestSecurity(HANDLE Base)
{
    HANDLE K, S;
    ULONG Dw = 1, Len;
    UCHAR Buffer[128];
    UNICODE_STRING U;
    OBJECT_ATTRIBUTES A;

    /* Per-handle access. */
    CHECK_EQ(OpenKey(&K, Base, L"", KEY_READ), STATUS_SUCCESS);
    CHECK_EQ(SetValue(K, L"x", REG_DWORD, &Dw, 4), STATUS_ACCESS_DENIED);
    CHECK_EQ(CreateKey(&S, Base, L"Acc", 0, NULL), STATUS_SUCCESS); /* a creator gets what it asks */
    CHECK_EQ(SetValue(S, L"x", REG_DWORD, &Dw, 4), STATUS_SUCCESS);
    NtClose(S);
    NtClose(K);
    CHECK_EQ(OpenKey(&K, Base, L"Acc", KEY_SET_VALUE), STATUS_SUCCESS);
    CHECK_EQ(QueryValue(K, L"x", KeyValuePartialInformation, Buffer, sizeof Buffer, &Len), STATUS_ACCESS_DENIED);
    CHECK_EQ(NtQueryKey(K, KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_ACCESS_DENIED);
    CHECK_EQ(NtEnumerateKey(K, 0, KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_ACCESS_DENIED);
    CHECK_EQ(NtEnumerateValueKey(K, 0, KeyValueBasicInformation, Buffer, sizeof Buffer, &Len),
             STATUS_ACCESS_DENIED);
    CHECK_EQ(NtQueryKey(K, KeyNameInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS); /* needs none */
    CHECK_EQ(DeleteValue(K, L"x"), STATUS_SUCCESS);
    NtClose(K);
    CHECK_EQ(OpenKey(&K, Base, L"Acc", KEY_QUERY_VALUE), STATUS_SUCCESS);
    CHECK_EQ(NtEnumerateKey(K, 0, KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_ACCESS_DENIED);
    CHECK_EQ(NtQueryKey(K, KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
    NtClose(K);
    /* Generic rights map to the key's. */
    CHECK_EQ(OpenKey(&K, Base, L"Acc", GENERIC_READ), STATUS_SUCCESS);
    CHECK_EQ(NtEnumerateKey(K, 0, KeyBasicInformation, Buffer, sizeof Buffer, &Len), STATUS_NO_MORE_ENTRIES);
    CHECK_EQ(SetValue(K, L"x", REG_DWORD, &Dw, 4), STATUS_ACCESS_DENIED);
    NtClose(K);
    /* ACCESS_SYSTEM_SECURITY needs a privilege user mode does not hold. */
    CHECK_EQ(TryOpen(Base, L"Acc", KEY_READ | ACCESS_SYSTEM_SECURITY), STATUS_PRIVILEGE_NOT_HELD);
    CHECK_EQ(CreateKeyEx(&K, Base, L"Sacl", KEY_READ | ACCESS_SYSTEM_SECURITY, OBJ_CASE_INSENSITIVE, 0, NULL),
             STATUS_PRIVILEGE_NOT_HELD);
    CHECK_EQ(TryOpen(Base, L"Sacl", KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
    /* KEY_WOW64_* select a view, they are not rights. */
    CHECK_EQ(OpenKey(&K, Base, L"Acc", KEY_READ | KEY_WOW64_64KEY), STATUS_SUCCESS);
    NtClose(K);

    /* A standard user: read HKLM, not write it. */
    SepSetTestIdentity(FALSE);
    CHECK_EQ(TryOpen(NULL, BASE, KEY_READ), STATUS_SUCCESS);
    CHECK_EQ(TryOpen(NULL, BASE, KEY_WRITE), STATUS_ACCESS_DENIED);
    CHECK_EQ(TryOpen(NULL, BASE, KEY_SET_VALUE), STATUS_ACCESS_DENIED);
    CHECK_EQ(TryOpen(NULL, BASE, DELETE), STATUS_ACCESS_DENIED);
    CHECK_EQ(CreateKey(&K, NULL, BASE L"\\UserMade", 0, NULL), STATUS_ACCESS_DENIED);
    CHECK_EQ(CreateKeyEx(&K, NULL, BASE L"\\UserMade", KEY_READ, OBJ_CASE_INSENSITIVE, 0, NULL),
             STATUS_ACCESS_DENIED); /* creating needs KEY_CREATE_SUB_KEY on the parent */
    CHECK_EQ(CreateKeyEx(&K, NULL, BASE L"\\Acc", KEY_READ, OBJ_CASE_INSENSITIVE, 0, NULL),
             STATUS_SUCCESS); /* an existing key only needs what is asked */
    NtClose(K);
    /* MAXIMUM_ALLOWED: what the descriptor gives. */
    CHECK_EQ(OpenKey(&K, NULL, BASE L"\\Acc", MAXIMUM_ALLOWED), STATUS_SUCCESS);
    CHECK_EQ(GetDword(K, L"x"), 0xDEADBEEF); /* readable, and absent */
    CHECK_EQ(SetValue(K, L"x", REG_DWORD, &Dw, 4), STATUS_ACCESS_DENIED);
    NtClose(K);
    /* Kernel mode is not checked, unless it asks. */
    RtlInitUnicodeString(&U, BASE L"\\Acc");
    InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    CHECK_EQ(ZwOpenKey(&K, KEY_ALL_ACCESS, &A), STATUS_SUCCESS);
    ZwClose(K);
    A.Attributes |= OBJ_FORCE_ACCESS_CHECK;
    CHECK_EQ(ZwOpenKey(&K, KEY_ALL_ACCESS, &A), STATUS_ACCESS_DENIED);
    SepSetTestIdentity(TRUE);
    CHECK_EQ(ZwOpenKey(&K, KEY_ALL_ACCESS, &A), STATUS_SUCCESS);
    ZwClose(K);
    SepResetTestIdentity();

    /* A descriptor given at creation (self-relative, from SDDL): SYSTEM only. */
    PSECURITY_DESCRIPTOR Sd = Sddl(L"D:P(A;;KA;;;SY)");
    RtlInitUnicodeString(&U, L"SystemOnly");
    InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE, Base, Sd);
    CHECK_EQ(NtCreateKey(&K, KEY_ALL_ACCESS, &A, 0, NULL, 0, NULL), STATUS_SUCCESS);
    NtClose(K);
    SepSetTestIdentity(FALSE);
    CHECK_EQ(TryOpen(Base, L"SystemOnly", KEY_READ), STATUS_ACCESS_DENIED);
    SepSetTestIdentity(TRUE);
    CHECK_EQ(TryOpen(Base, L"SystemOnly", KEY_READ), STATUS_SUCCESS);
    SepResetTestIdentity();
    SepFreeSecurityDescriptor(Sd);
    /* Not protected: the parent's inheritable ACEs are added (Users: read). */
    Sd = Sddl(L"D:(A;;KA;;;SY)");
    RtlInitUnicodeString(&U, L"Inherits");
    InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE, Base, Sd);
    CHECK_EQ(NtCreateKey(&K, KEY_ALL_ACCESS, &A, 0, NULL, 0, NULL), STATUS_SUCCESS);
    NtClose(K);
    SepSetTestIdentity(FALSE);
    CHECK_EQ(TryOpen(Base, L"Inherits", KEY_READ), STATUS_SUCCESS);
    CHECK_EQ(TryOpen(Base, L"Inherits", KEY_WRITE), STATUS_ACCESS_DENIED);
    SepResetTestIdentity();
    SepFreeSecurityDescriptor(Sd);
    /* Everyone may write this one; its children inherit that (CI). */
    Sd = Sddl(L"D:P(A;CI;KA;;;WD)");
    RtlInitUnicodeString(&U, L"Open");
    InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE, Base, Sd);
    CHECK_EQ(NtCreateKey(&K, KEY_ALL_ACCESS, &A, 0, NULL, 0, NULL), STATUS_SUCCESS);
    SepFreeSecurityDescriptor(Sd);
    SepSetTestIdentity(FALSE);
    CHECK_EQ(CreateKey(&S, K, L"child", 0, NULL), STATUS_SUCCESS);
    NtClose(S);
    CHECK_EQ(TryOpen(K, L"child", KEY_ALL_ACCESS), STATUS_SUCCESS);
    SepResetTestIdentity();
    NtClose(K);

    /* A symbolic link needs KEY_CREATE_LINK on the parent as well. */
    Sd = Sddl(L"D:P(A;CI;KA;;;SY)(A;CI;0x0005;;;WD)"); /* everyone: query, create subkey */
    RtlInitUnicodeString(&U, L"NoLinks");
    InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE, Base, Sd);
    CHECK_EQ(NtCreateKey(&K, KEY_ALL_ACCESS, &A, 0, NULL, 0, NULL), STATUS_SUCCESS);
    SepFreeSecurityDescriptor(Sd);
    SepSetTestIdentity(FALSE);
    CHECK_EQ(CreateKey(&S, K, L"link", REG_OPTION_CREATE_LINK, NULL), STATUS_ACCESS_DENIED);
    CHECK_EQ(CreateKey(&S, K, L"plain", 0, NULL), STATUS_SUCCESS);
    NtClose(S);
    SepResetTestIdentity();
    CHECK_EQ(CreateKey(&S, K, L"link", REG_OPTION_CREATE_LINK, NULL), STATUS_SUCCESS);
    NtClose(S);
    NtClose(K);

    /* An absolute descriptor built by hand. */
    struct {
        ACL Acl;
        ACCESS_ALLOWED_ACE Ace;
        ULONG MoreSid[2]; /* SidStart holds the first 4 bytes of the 12-byte SID */
    } Dacl;
    memset(&Dacl, 0, sizeof Dacl);
    Dacl.Acl.AclRevision = ACL_REVISION;
    Dacl.Acl.AclSize = sizeof(ACL) + FIELD_OFFSET(ACCESS_ALLOWED_ACE, SidStart) + 12;
    Dacl.Acl.AceCount = 1;
    Dacl.Ace.Header.AceType = ACCESS_ALLOWED_ACE_TYPE;
    Dacl.Ace.Header.AceSize = FIELD_OFFSET(ACCESS_ALLOWED_ACE, SidStart) + 12;
    Dacl.Ace.Mask = GENERIC_READ;
    PISID Sid = (PISID)&Dacl.Ace.SidStart;
    static const ULONG World = SECURITY_WORLD_RID;
    SepInitializeSid(Sid, 1, 1, &World); /* Everyone */
    SECURITY_DESCRIPTOR Abs;
    memset(&Abs, 0, sizeof Abs);
    Abs.Revision = SECURITY_DESCRIPTOR_REVISION;
    Abs.Control = SE_DACL_PRESENT | SE_DACL_PROTECTED;
    Abs.Dacl = &Dacl.Acl;
    RtlInitUnicodeString(&U, L"AbsoluteSd");
    InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE, Base, &Abs);
    CHECK_EQ(NtCreateKey(&K, KEY_ALL_ACCESS, &A, 0, NULL, 0, NULL), STATUS_SUCCESS);
    NtClose(K);
    SepSetTestIdentity(FALSE);
    CHECK_EQ(TryOpen(Base, L"AbsoluteSd", KEY_READ), STATUS_SUCCESS);  /* GENERIC_READ mapped to KEY_READ */
    CHECK_EQ(TryOpen(Base, L"AbsoluteSd", KEY_SET_VALUE), STATUS_ACCESS_DENIED);
    SepResetTestIdentity();
    /* Malformed descriptors. */
    Abs.Revision = 7;
    RtlInitUnicodeString(&U, L"BadSd");
    CHECK_EQ(NtCreateKey(&K, KEY_ALL_ACCESS, &A, 0, NULL, 0, NULL), STATUS_UNKNOWN_REVISION);
    Abs.Revision = SECURITY_DESCRIPTOR_REVISION;
    Dacl.Acl.AclRevision = 9;
    CHECK_EQ(NtCreateKey(&K, KEY_ALL_ACCESS, &A, 0, NULL, 0, NULL), STATUS_INVALID_ACL);
    Dacl.Acl.AclRevision = ACL_REVISION;
    Dacl.Ace.Header.AceSize = 200;
    CHECK_EQ(NtCreateKey(&K, KEY_ALL_ACCESS, &A, 0, NULL, 0, NULL), STATUS_INVALID_ACL);
    CHECK_EQ(TryOpen(Base, L"BadSd", KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
}

/* ------------------------------------------------------------ limits */

static void TestLongPaths(HANDLE Base)
{
    /* 24 levels of 200 characters: a path of more than 4800. */
    static WCHAR Path[6000];
    WCHAR Component[201];
    HANDLE K, Parent;
    for (int i = 0; i < 200; i++)
        Component[i] = L'a' + (i % 26);
    Component[200] = 0;
    memcpy(Path, BASE, sizeof BASE - 2);
    ULONG Pos = RTL_NUMBER_OF(BASE) - 1;
    CHECK_EQ(OpenKey(&Parent, Base, L"", KEY_ALL_ACCESS), STATUS_SUCCESS);
    for (int Level = 0; Level < 24; Level++) {
        Component[0] = L'A' + Level;
        CHECK_EQ(CreateKey(&K, Parent, Component, 0, NULL), STATUS_SUCCESS);
        NtClose(Parent);
        Parent = K;
        Path[Pos++] = L'\\';
        memcpy(Path + Pos, Component, 200 * sizeof(WCHAR));
        Pos += 200;
    }
    NtClose(Parent);
    Path[Pos] = 0;
    CHECK(Pos > 4800);
    CHECK_EQ(TryOpen(NULL, Path, KEY_READ), STATUS_SUCCESS);
    /* Other names that long are more than the object manager takes. */
    memcpy(Path, L"\\??\\", 8);
    CHECK_EQ(TryOpen(NULL, Path, KEY_READ), STATUS_OBJECT_NAME_INVALID);
}

static void RaisedIrqlBody(void)
{
    KIRQL Old;
    HANDLE K;
    UNICODE_STRING U;
    OBJECT_ATTRIBUTES A;
    RtlInitUnicodeString(&U, BASE);
    InitializeObjectAttributes(&A, &U, OBJ_KERNEL_HANDLE, NULL, NULL);
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    ZwOpenKey(&K, KEY_READ, &A); /* the registry is pageable: a bug check */
    _exit(0);
}

static void TestIrql(void)
{
    /* DRIVER_IRQL_NOT_LESS_OR_EQUAL, as Windows' paged registry code gives. */
    CHECK_BUGCHECK(KmRunChild(RaisedIrqlBody), 0xD1, KM_ANY_P1);
}

/* ------------------------------------------------------------ speed */

static void TestSpeed(HANDLE Base)
{
    HANDLE K;
    UCHAR Buffer[64];
    ULONG Len, Dw = 7;
    const int N = 2000;
    CHECK_EQ(CreateKey(&K, Base, L"Speed", 0, NULL), STATUS_SUCCESS);
    CHECK_EQ(SetValue(K, L"value", REG_DWORD, &Dw, 4), STATUS_SUCCESS);
    ULONGLONG T0 = KmNowNs();
    for (int i = 0; i < N; i++)
        QueryValue(K, L"value", KeyValuePartialInformation, Buffer, sizeof Buffer, &Len);
    ULONGLONG Ns = (KmNowNs() - T0) / N;
    printf("test_registry: NtQueryValueKey on an open key: %llu ns\n", Ns);
    /* A few microseconds; the bound leaves room for sanitizers and a busy machine. */
    CHECK(Ns < 200000);
    NtClose(K);
}

int main(void)
{
    HANDLE Base;
    CHECK_EQ(ExGetPreviousMode(), UserMode);
    DeleteTree(NULL, BASE);
    CHECK_EQ(CreateKey(&Base, NULL, BASE, 0, NULL), STATUS_SUCCESS);

    TestPredefinedTree();
    TestNames(Base);
    TestValueTypes(Base);
    TestValueBuffers(Base);
    TestKeyInformation(Base);
    TestLastWrite(Base);
    TestDelete(Base);
    TestHandles(Base);
    TestUserPointers(Base);
    TestLinks(Base);
    TestVolatile(Base);
    TestSecurity(Base);
    TestLongPaths(Base);
    TestIrql();
    TestSpeed(Base);

    NtClose(Base);
    DeleteTree(NULL, BASE);
    CHECK_EQ(TryOpen(NULL, BASE, KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
    return test_summary("test_registry");
}
