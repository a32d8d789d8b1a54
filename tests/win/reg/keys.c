/*
 * tests/win/reg/keys.c - registry keys through advapi32: create (with
 * dispositions, parents, classes, volatile keys), open, close, enumerate,
 * describe, flush and delete, in the A and W forms, with Windows' errors
 * for missing keys, bad handles and parameters, small buffers and access
 * rights; the predefined keys from several threads at once.
 */
#include "regtest.h"

#define BASE_W L"Software\\ntio-test\\keys"
#define BASE_A "Software\\ntio-test\\keys"

static void TestCreateOpen(void)
{
    HKEY Base, Key, Again;
    DWORD Disposition = 0;

    CHECK_OK(RegCreateKeyExW(HKEY_CURRENT_USER, BASE_W, 0, NULL, REG_OPTION_NON_VOLATILE,
                             KEY_ALL_ACCESS, NULL, &Base, &Disposition));
    CHECK_EQ(Disposition, REG_CREATED_NEW_KEY);
    CHECK_OK(RegCreateKeyExW(HKEY_CURRENT_USER, BASE_W, 0, NULL, 0, KEY_READ, NULL, &Again,
                             &Disposition));
    CHECK_EQ(Disposition, REG_OPENED_EXISTING_KEY);
    CHECK(Again != Base);
    CHECK_OK(RegCloseKey(Again));

    /* Every missing key on the path is created. */
    CHECK_OK(RegCreateKeyExW(Base, L"one\\two\\three", 0, NULL, 0, KEY_READ, NULL, &Key,
                             &Disposition));
    CHECK_EQ(Disposition, REG_CREATED_NEW_KEY);
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegOpenKeyExW(Base, L"one\\two", 0, KEY_READ, &Key));
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegOpenKeyExA(HKEY_CURRENT_USER, BASE_A "\\ONE\\Two\\three", 0, KEY_READ, &Key));
    CHECK_OK(RegCloseKey(Key));

    /* A forms, with a UTF-8 name. */
    CHECK_OK(RegCreateKeyExA(Base, "caf\xc3\xa9", 0, NULL, 0, KEY_READ, NULL, &Key, &Disposition));
    CHECK_EQ(Disposition, REG_CREATED_NEW_KEY);
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegOpenKeyExW(Base, L"caf\x00e9", 0, KEY_READ, &Key));
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegCreateKeyA(Base, "plain", &Key));
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegOpenKeyA(Base, "plain", &Key));
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegCreateKeyW(Base, L"plain\\deeper", &Key));
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegOpenKeyW(Base, L"plain\\deeper", &Key));
    CHECK_OK(RegCloseKey(Key));

    /* Missing keys and bad arguments. */
    Key = (HKEY)(ULONG_PTR)0x1234;
    CHECK_ERR(RegOpenKeyExW(Base, L"missing", 0, KEY_READ, &Key), ERROR_FILE_NOT_FOUND);
    CHECK(Key == NULL);
    CHECK_ERR(RegOpenKeyExA(Base, "missing\\deeper", 0, KEY_READ, &Key), ERROR_FILE_NOT_FOUND);
    CHECK_ERR(RegOpenKeyW(Base, L"missing", &Key), ERROR_FILE_NOT_FOUND);
    CHECK_ERR(RegOpenKeyExW(NULL, L"Software", 0, KEY_READ, &Key), ERROR_INVALID_HANDLE);
    CHECK_ERR(RegOpenKeyExW(HKEY_CURRENT_USER, L"Software", 0, KEY_READ, NULL),
              ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegOpenKeyA(HKEY_CURRENT_USER, "Software", NULL), ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegCreateKeyExW(HKEY_CURRENT_USER, BASE_W, 1, NULL, 0, KEY_READ, NULL, &Key, NULL),
              ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegCreateKeyExW(HKEY_CURRENT_USER, BASE_W, 0, NULL, 0, KEY_READ, NULL, NULL, NULL),
              ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegCreateKeyExA(NULL, "x", 0, NULL, 0, KEY_READ, NULL, &Key, NULL),
              ERROR_INVALID_HANDLE);
    CHECK_ERR(RegCreateKeyExW(HKEY_CURRENT_USER, BASE_W, 0, NULL, 0x1000, KEY_READ, NULL, &Key, NULL),
              ERROR_INVALID_PARAMETER);
    /* HKEY_PERFORMANCE_DATA is not provided. */
    CHECK_ERR(RegOpenKeyExW((HKEY)(ULONG_PTR)(LONG)0x80000004, L"x", 0, KEY_READ, &Key),
              ERROR_INVALID_HANDLE);
    /* A name component longer than 255 characters. */
    {
        WCHAR Long[300];
        for (int i = 0; i < 299; i++)
            Long[i] = L'k';
        Long[299] = 0;
        /* Windows answers ERROR_INVALID_PARAMETER; ntio's kernel has
         * STATUS_OBJECT_NAME_INVALID (ERROR_INVALID_NAME) for now. */
        LSTATUS Error = RegCreateKeyExW(Base, Long, 0, NULL, 0, KEY_READ, NULL, &Key, NULL);
        CHECK(Error == ERROR_INVALID_PARAMETER || Error == ERROR_INVALID_NAME);
    }

    /* No subkey: a predefined key comes back as itself, "" opens a new
     * handle (except on HKEY_CLASSES_ROOT); RegOpenKey/RegCreateKey give
     * the same handle back. */
    CHECK_OK(RegOpenKeyExW(HKEY_CURRENT_USER, NULL, 0, KEY_READ, &Key));
    CHECK(Key == HKEY_CURRENT_USER);
    CHECK_OK(RegOpenKeyExW(HKEY_CURRENT_USER, L"", 0, KEY_READ, &Key));
    CHECK(Key != HKEY_CURRENT_USER && Key != NULL);
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegOpenKeyExW(Base, L"", 0, KEY_READ, &Key));
    CHECK(Key != Base);
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegOpenKeyW(Base, NULL, &Key));
    CHECK(Key == Base);
    CHECK_OK(RegCreateKeyA(Base, "", &Key));
    CHECK(Key == Base);
    CHECK_OK(RegCreateKeyExW(Base, L"", 0, NULL, 0, KEY_READ, NULL, &Key, &Disposition));
    CHECK(Key != Base);
    CHECK_EQ(Disposition, REG_OPENED_EXISTING_KEY);
    CHECK_OK(RegCloseKey(Key));

    /* Security attributes: an inheritable handle, the default descriptor. */
    SECURITY_ATTRIBUTES Sa = { sizeof Sa, NULL, TRUE };
    CHECK_OK(RegCreateKeyExW(Base, L"inherit", 0, NULL, 0, KEY_READ, &Sa, &Key, &Disposition));
    CHECK_EQ(Disposition, REG_CREATED_NEW_KEY);
    CHECK_OK(RegCloseKey(Key));

    CHECK_OK(RegCloseKey(Base));
}

static void TestClose(void)
{
    HKEY Key;
    CHECK_OK(RegCloseKey(HKEY_LOCAL_MACHINE));
    CHECK_OK(RegCloseKey(HKEY_CURRENT_USER));
    CHECK_OK(RegCloseKey(HKEY_CLASSES_ROOT));
    CHECK_OK(RegCloseKey(HKEY_USERS));
    CHECK_OK(RegCloseKey(HKEY_CURRENT_CONFIG));
    /* A predefined key still works after "closing" it. */
    CHECK_OK(RegOpenKeyExW(HKEY_CURRENT_USER, L"Software", 0, KEY_READ, &Key));
    CHECK_OK(RegCloseKey(Key));
    CHECK_ERR(RegCloseKey(Key), ERROR_INVALID_HANDLE);
    CHECK_ERR(RegCloseKey(NULL), ERROR_INVALID_HANDLE);
    CHECK_ERR(RegCloseKey((HKEY)(ULONG_PTR)0x7ffff0), ERROR_INVALID_HANDLE);
}

static void TestPredefined(void)
{
    HKEY Key;
    DWORD SubKeys, Data = 0, Size = sizeof Data;

    /* HKEY_CURRENT_CONFIG is this key of HKEY_LOCAL_MACHINE (which the
     * kernel does not create yet: made here when missing). */
    CHECK_OK(RegCreateKeyExW(HKEY_LOCAL_MACHINE,
                             L"System\\CurrentControlSet\\Hardware Profiles\\Current", 0, NULL, 0,
                             KEY_ALL_ACCESS, NULL, &Key, NULL));
    CHECK_OK(RegSetValueExW(Key, L"ntio-test", 0, REG_DWORD, (const BYTE *)"\5\0\0\0", 4));
    CHECK_OK(RegGetValueW(HKEY_CURRENT_CONFIG, NULL, L"ntio-test", RRF_RT_REG_DWORD, NULL, &Data,
                          &Size));
    CHECK_EQ(Data, 5);
    CHECK_OK(RegDeleteValueW(Key, L"ntio-test"));
    CHECK_OK(RegCloseKey(Key));
    /* HKEY_CLASSES_ROOT is HKLM\Software\Classes. */
    CHECK_OK(RegCreateKeyExW(HKEY_CLASSES_ROOT, L".ntiotest", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &Key,
                             NULL));
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Software\\Classes\\.ntiotest", 0, KEY_READ, &Key));
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegDeleteKeyW(HKEY_CLASSES_ROOT, L".ntiotest"));
    /* HKEY_USERS holds HKEY_CURRENT_USER. */
    CHECK_OK(RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\ntio-test\\hku", 0, NULL, 0, KEY_READ,
                             NULL, &Key, NULL));
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegQueryInfoKeyW(HKEY_USERS, NULL, NULL, NULL, &SubKeys, NULL, NULL, NULL, NULL, NULL,
                              NULL, NULL));
    BOOL Found = FALSE;
    for (DWORD i = 0; i < SubKeys && !Found; i++) {
        WCHAR Sid[128], Path[256];
        DWORD Chars = 128;
        if (RegEnumKeyExW(HKEY_USERS, i, Sid, &Chars, NULL, NULL, NULL, NULL))
            break;
        memcpy(Path, Sid, Chars * sizeof(WCHAR));
        memcpy(Path + Chars, L"\\Software\\ntio-test\\hku", 24 * sizeof(WCHAR));
        if (!RegOpenKeyExW(HKEY_USERS, Path, 0, KEY_READ, &Key)) {
            Found = TRUE;
            RegCloseKey(Key);
        }
    }
    CHECK(Found);
    CHECK_OK(RegQueryInfoKeyW(HKEY_LOCAL_MACHINE, NULL, NULL, NULL, &SubKeys, NULL, NULL, NULL, NULL,
                              NULL, NULL, NULL));
    CHECK(SubKeys >= 1); /* SOFTWARE, SYSTEM … */
    CHECK_OK(RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Software", 0, KEY_READ, &Key));
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegQueryInfoKeyW(HKEY_USERS, NULL, NULL, NULL, &SubKeys, NULL, NULL, NULL, NULL, NULL,
                              NULL, NULL));
    CHECK(SubKeys >= 1);
    CHECK_OK(RegQueryInfoKeyW(HKEY_CLASSES_ROOT, NULL, NULL, NULL, &SubKeys, NULL, NULL, NULL, NULL,
                              NULL, NULL, NULL));
    CHECK_OK(RegQueryInfoKeyW(HKEY_CURRENT_CONFIG, NULL, NULL, NULL, &SubKeys, NULL, NULL, NULL,
                              NULL, NULL, NULL, NULL));
    /* The sign-extended and the zero-extended forms name the same key. */
    CHECK_OK(RegOpenKeyExW((HKEY)(ULONG_PTR)0x80000002u, L"Software", 0, KEY_READ, &Key));
    CHECK_OK(RegCloseKey(Key));
    /* HKEY_CLASSES_ROOT with "" is itself (documented special case). */
    CHECK_OK(RegOpenKeyExW(HKEY_CLASSES_ROOT, L"", 0, KEY_READ, &Key));
    CHECK(Key == HKEY_CLASSES_ROOT);
    /* HKEY_LOCAL_MACHINE is writable by the prefix's owner. */
    CHECK_OK(RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"Software\\ntio-test", 0, NULL, 0, KEY_ALL_ACCESS,
                             NULL, &Key, NULL));
    CHECK_OK(RegSetValueExW(Key, L"x", 0, REG_DWORD, (const BYTE *)"\1\0\0\0", 4));
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegDeleteTreeW(HKEY_LOCAL_MACHINE, L"Software\\ntio-test"));
    /* The roots cannot be deleted. */
    CHECK_ERR(RegDeleteKeyW(HKEY_CURRENT_USER, L""), ERROR_ACCESS_DENIED);
    CHECK_ERR(RegDeleteKeyW(HKEY_CLASSES_ROOT, L""), ERROR_ACCESS_DENIED);
}

/* Many threads open the predefined keys for the first time at once. */
static volatile LONG Go;
static DWORD WINAPI PredefinedThread(LPVOID Arg)
{
    static const HKEY Roots[] = { HKEY_CLASSES_ROOT, HKEY_USERS, HKEY_CURRENT_CONFIG };
    DWORD Bad = 0;
    while (!Go)
        ;
    for (int i = 0; i < 50; i++) {
        DWORD SubKeys;
        if (RegQueryInfoKeyW(Roots[(i + (int)(ULONG_PTR)Arg) % 3], NULL, NULL, NULL, &SubKeys, NULL,
                             NULL, NULL, NULL, NULL, NULL, NULL))
            Bad++;
    }
    return Bad;
}

static void TestPredefinedThreads(void)
{
    HANDLE Threads[8];
    for (int i = 0; i < 8; i++) {
        Threads[i] = CreateThread(NULL, 0, PredefinedThread, (LPVOID)(ULONG_PTR)i, 0, NULL);
        CHECK(Threads[i] != NULL);
    }
    Go = 1;
    for (int i = 0; i < 8; i++) {
        DWORD Code = 1;
        WaitForSingleObject(Threads[i], INFINITE);
        CHECK(GetExitCodeThread(Threads[i], &Code));
        CHECK_EQ(Code, 0);
        CloseHandle(Threads[i]);
    }
}

static void TestEnumerate(void)
{
    HKEY Base, Key;
    WCHAR Name[64];
    char NameA[64];
    DWORD Chars, Count;
    FILETIME Time;

    CHECK_OK(RegCreateKeyExW(HKEY_CURRENT_USER, BASE_W L"\\enum", 0, NULL, 0, KEY_ALL_ACCESS, NULL,
                             &Base, NULL));
    /* Created out of order; enumerated by name, case-insensitively. */
    static const WCHAR *const Names[] = { L"b1", L"A2", L"c3" };
    for (int i = 0; i < 3; i++) {
        CHECK_OK(RegCreateKeyExW(Base, Names[i], 0, i == 0 ? L"Class1" : NULL, 0, KEY_READ, NULL,
                                 &Key, NULL));
        CHECK_OK(RegCloseKey(Key));
    }
    Chars = 64;
    memset(&Time, 0, sizeof Time);
    CHECK_OK(RegEnumKeyExW(Base, 0, Name, &Chars, NULL, NULL, NULL, &Time));
    CHECK(RtWcsEq(Name, L"A2"));
    CHECK_EQ(Chars, 2);
    CHECK(Time.dwHighDateTime != 0);
    Chars = 64;
    CHECK_OK(RegEnumKeyExW(Base, 1, Name, &Chars, NULL, NULL, NULL, NULL));
    CHECK(RtWcsEq(Name, L"b1"));
    Chars = 64;
    CHECK_OK(RegEnumKeyExW(Base, 2, Name, &Chars, NULL, NULL, NULL, NULL));
    CHECK(RtWcsEq(Name, L"c3"));
    Chars = 64;
    CHECK_ERR(RegEnumKeyExW(Base, 3, Name, &Chars, NULL, NULL, NULL, NULL), ERROR_NO_MORE_ITEMS);

    /* The buffer holds the name and its NUL, or ERROR_MORE_DATA and the
     * count stays. */
    Chars = 2;
    CHECK_ERR(RegEnumKeyExW(Base, 0, Name, &Chars, NULL, NULL, NULL, NULL), ERROR_MORE_DATA);
    CHECK_EQ(Chars, 2);
    Chars = 3;
    CHECK_OK(RegEnumKeyExW(Base, 0, Name, &Chars, NULL, NULL, NULL, NULL));
    CHECK_EQ(Chars, 2);

    /* With the class. */
    WCHAR Class[16];
    DWORD ClassChars = 16;
    Chars = 64;
    CHECK_OK(RegEnumKeyExW(Base, 1, Name, &Chars, NULL, Class, &ClassChars, NULL));
    CHECK(RtWcsEq(Class, L"Class1"));
    CHECK_EQ(ClassChars, 6);
    ClassChars = 6;
    Chars = 64;
    CHECK_ERR(RegEnumKeyExW(Base, 1, Name, &Chars, NULL, Class, &ClassChars, NULL), ERROR_MORE_DATA);
    ClassChars = 16;
    Chars = 64;
    CHECK_OK(RegEnumKeyExW(Base, 0, Name, &Chars, NULL, Class, &ClassChars, NULL));
    CHECK_EQ(ClassChars, 0);
    CHECK(Class[0] == 0);

    /* Bad arguments. */
    Chars = 64;
    CHECK_ERR(RegEnumKeyExW(Base, 0, NULL, &Chars, NULL, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegEnumKeyExW(Base, 0, Name, NULL, NULL, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegEnumKeyExW(Base, 0, Name, &Chars, &Count, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegEnumKeyExW(Base, 0, Name, &Chars, NULL, Class, NULL, NULL), ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegEnumKeyExW(NULL, 0, Name, &Chars, NULL, NULL, NULL, NULL), ERROR_INVALID_HANDLE);

    /* A form: UTF-8 names, counted in bytes. */
    CHECK_OK(RegCreateKeyExA(Base, "d\xc3\xa9", 0, NULL, 0, KEY_READ, NULL, &Key, NULL));
    CHECK_OK(RegCloseKey(Key));
    DWORD Bytes = 3;
    CHECK_ERR(RegEnumKeyExA(Base, 3, NameA, &Bytes, NULL, NULL, NULL, NULL), ERROR_MORE_DATA);
    CHECK_EQ(Bytes, 3);
    Bytes = 4;
    CHECK_OK(RegEnumKeyExA(Base, 3, NameA, &Bytes, NULL, NULL, NULL, NULL));
    CHECK_EQ(Bytes, 3);
    CHECK(!strcmp(NameA, "d\xc3\xa9"));
    char ClassA[16];
    DWORD ClassBytes = 16;
    Bytes = 64;
    CHECK_OK(RegEnumKeyExA(Base, 1, NameA, &Bytes, NULL, ClassA, &ClassBytes, NULL));
    CHECK(!strcmp(NameA, "b1") && !strcmp(ClassA, "Class1"));
    CHECK_EQ(ClassBytes, 6);
    Bytes = 64;
    CHECK_ERR(RegEnumKeyExA(Base, 4, NameA, &Bytes, NULL, NULL, NULL, NULL), ERROR_NO_MORE_ITEMS);

    /* RegQueryInfoKey: counts and maxima (characters for names, bytes for data). */
    DWORD SubKeys, MaxSubKey, MaxClass, Values, MaxValueName, MaxValue;
    CHECK_OK(RegSetValueExW(Base, L"value-name", 0, REG_BINARY, (const BYTE *)"12345", 5));
    CHECK_OK(RegQueryInfoKeyW(Base, NULL, NULL, NULL, &SubKeys, &MaxSubKey, &MaxClass, &Values,
                              &MaxValueName, &MaxValue, NULL, &Time));
    CHECK_EQ(SubKeys, 4);
    CHECK_EQ(MaxSubKey, 2);
    CHECK_EQ(MaxClass, 6);
    CHECK_EQ(Values, 1);
    CHECK_EQ(MaxValueName, 10);
    CHECK_EQ(MaxValue, 5);
    CHECK_OK(RegQueryInfoKeyA(Base, NULL, NULL, NULL, &SubKeys, NULL, NULL, &Values, NULL, NULL, NULL,
                              NULL));
    CHECK_EQ(SubKeys, 4);
    /* The key's own class. */
    CHECK_OK(RegOpenKeyExW(Base, L"b1", 0, KEY_READ, &Key));
    ClassChars = 16;
    CHECK_OK(RegQueryInfoKeyW(Key, Class, &ClassChars, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                              NULL));
    CHECK(RtWcsEq(Class, L"Class1"));
    CHECK_EQ(ClassChars, 6);
    ClassChars = 6;
    CHECK_ERR(RegQueryInfoKeyW(Key, Class, &ClassChars, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                               NULL, NULL),
              ERROR_MORE_DATA);
    CHECK_EQ(ClassChars, 6);
    ClassBytes = 16;
    CHECK_OK(RegQueryInfoKeyA(Key, ClassA, &ClassBytes, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                              NULL, NULL));
    CHECK(!strcmp(ClassA, "Class1"));
    CHECK_EQ(ClassBytes, 6);
    ClassChars = 0;
    CHECK_OK(RegQueryInfoKeyW(Key, NULL, &ClassChars, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                              NULL));
    CHECK_EQ(ClassChars, 6);
    CHECK_ERR(RegQueryInfoKeyW(Key, Class, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
              ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegQueryInfoKeyW(Key, NULL, NULL, &Count, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                               NULL),
              ERROR_INVALID_PARAMETER);
    /* The size of the security descriptor needs NtQuerySecurityObject. */
    DWORD SdSize;
    CHECK_ERR(RegQueryInfoKeyW(Key, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, &SdSize,
                               NULL),
              ERROR_NOT_SUPPORTED);
    CHECK_OK(RegCloseKey(Key));
    CHECK_ERR(RegQueryInfoKeyW(NULL, NULL, NULL, NULL, &SubKeys, NULL, NULL, NULL, NULL, NULL, NULL,
                               NULL),
              ERROR_INVALID_HANDLE);

    CHECK_OK(RegFlushKey(Base));
    CHECK_OK(RegFlushKey(HKEY_CURRENT_USER));
    CHECK_ERR(RegFlushKey(NULL), ERROR_INVALID_HANDLE);
    CHECK_OK(RegCloseKey(Base));
}

static void TestDelete(void)
{
    HKEY Base, Key, Other;
    CHECK_OK(RegCreateKeyExW(HKEY_CURRENT_USER, BASE_W L"\\del", 0, NULL, 0, KEY_ALL_ACCESS, NULL,
                             &Base, NULL));
    CHECK_OK(RegCreateKeyExW(Base, L"parent\\child", 0, NULL, 0, KEY_READ, NULL, &Key, NULL));
    CHECK_OK(RegCloseKey(Key));
    /* A key with subkeys cannot be deleted. */
    CHECK_ERR(RegDeleteKeyW(Base, L"parent"), ERROR_ACCESS_DENIED);
    CHECK_ERR(RegDeleteKeyW(Base, L"missing"), ERROR_FILE_NOT_FOUND);
    CHECK_ERR(RegDeleteKeyA(Base, "missing"), ERROR_FILE_NOT_FOUND);
    CHECK_ERR(RegDeleteKeyW(Base, NULL), ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegDeleteKeyExA(Base, NULL, KEY_WOW64_64KEY, 0), ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegDeleteKeyW(NULL, L"parent"), ERROR_INVALID_HANDLE);
    CHECK_OK(RegDeleteKeyExW(Base, L"parent\\child", KEY_WOW64_64KEY, 0));
    CHECK_ERR(RegOpenKeyExW(Base, L"parent\\child", 0, KEY_READ, &Key), ERROR_FILE_NOT_FOUND);
    CHECK_OK(RegDeleteKeyA(Base, "PARENT"));

    /* A handle to a key deleted through another handle. */
    CHECK_OK(RegCreateKeyExW(Base, L"gone", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &Key, NULL));
    CHECK_OK(RegOpenKeyExW(Base, L"gone", 0, KEY_ALL_ACCESS, &Other));
    CHECK_OK(RegDeleteKeyExA(Base, "gone", 0, 0));
    CHECK_ERR(RegSetValueExW(Key, L"v", 0, REG_SZ, (const BYTE *)L"x", 4), ERROR_KEY_DELETED);
    HKEY Sub = NULL;
    CHECK_ERR(RegCreateKeyExW(Other, L"sub", 0, NULL, 0, KEY_READ, NULL, &Sub, NULL),
              ERROR_KEY_DELETED);
    CHECK_OK(RegCloseKey(Other));
    CHECK_OK(RegCloseKey(Key));

    /* RegDeleteTree: a whole tree, or everything below a kept key. */
    CHECK_OK(RegCreateKeyExW(Base, L"tree\\a\\b", 0, NULL, 0, KEY_SET_VALUE, NULL, &Key, NULL));
    CHECK_OK(RegSetValueExW(Key, L"v", 0, REG_SZ, (const BYTE *)L"x", 4));
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegCreateKeyExW(Base, L"tree\\c", 0, NULL, 0, KEY_SET_VALUE, NULL, &Key, NULL));
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegOpenKeyExW(Base, L"tree", 0, KEY_ALL_ACCESS, &Key));
    CHECK_OK(RegSetValueExW(Key, L"top", 0, REG_SZ, (const BYTE *)L"x", 4));
    CHECK_OK(RegDeleteTreeW(Key, NULL));
    DWORD SubKeys = 9, Values = 9;
    CHECK_OK(RegQueryInfoKeyW(Key, NULL, NULL, NULL, &SubKeys, NULL, NULL, &Values, NULL, NULL, NULL,
                              NULL));
    CHECK_EQ(SubKeys, 0);
    CHECK_EQ(Values, 0);
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegCreateKeyExW(Base, L"tree\\x\\y", 0, NULL, 0, KEY_READ, NULL, &Key, NULL));
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegDeleteTreeA(Base, "tree"));
    CHECK_ERR(RegOpenKeyExW(Base, L"tree", 0, KEY_READ, &Key), ERROR_FILE_NOT_FOUND);
    CHECK_ERR(RegDeleteTreeW(Base, L"tree"), ERROR_FILE_NOT_FOUND);
    CHECK_OK(RegCloseKey(Base));
}

static void TestAccess(void)
{
    HKEY Base, Key;
    WCHAR Name[16];
    DWORD Chars = 16, Size = 4, Data;
    CHECK_OK(RegCreateKeyExW(HKEY_CURRENT_USER, BASE_W L"\\access\\sub", 0, NULL, 0, KEY_ALL_ACCESS,
                             NULL, &Base, NULL));
    CHECK_OK(RegSetValueExW(Base, L"v", 0, REG_DWORD, (const BYTE *)"\1\0\0\0", 4));
    CHECK_OK(RegCloseKey(Base));

    CHECK_OK(RegOpenKeyExW(HKEY_CURRENT_USER, BASE_W L"\\access\\sub", 0, KEY_READ, &Key));
    CHECK_ERR(RegSetValueExW(Key, L"v", 0, REG_DWORD, (const BYTE *)"\2\0\0\0", 4),
              ERROR_ACCESS_DENIED);
    CHECK_ERR(RegDeleteValueW(Key, L"v"), ERROR_ACCESS_DENIED);
    CHECK_OK(RegQueryValueExW(Key, L"v", NULL, NULL, (BYTE *)&Data, &Size));
    CHECK_OK(RegCloseKey(Key));

    CHECK_OK(RegOpenKeyExW(HKEY_CURRENT_USER, BASE_W L"\\access\\sub", 0, KEY_SET_VALUE, &Key));
    CHECK_ERR(RegQueryValueExW(Key, L"v", NULL, NULL, (BYTE *)&Data, &Size), ERROR_ACCESS_DENIED);
    CHECK_ERR(RegGetValueW(Key, NULL, L"v", RRF_RT_ANY, NULL, &Data, &Size), ERROR_ACCESS_DENIED);
    CHECK_ERR(RegEnumValueW(Key, 0, Name, &Chars, NULL, NULL, NULL, NULL), ERROR_ACCESS_DENIED);
    CHECK_ERR(RegQueryInfoKeyW(Key, NULL, NULL, NULL, &Size, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
              ERROR_ACCESS_DENIED);
    CHECK_OK(RegCloseKey(Key));

    CHECK_OK(RegOpenKeyExW(HKEY_CURRENT_USER, BASE_W L"\\access", 0, KEY_QUERY_VALUE, &Key));
    Chars = 16;
    CHECK_ERR(RegEnumKeyExW(Key, 0, Name, &Chars, NULL, NULL, NULL, NULL), ERROR_ACCESS_DENIED);
    CHECK_OK(RegCloseKey(Key));
}

static void TestVolatile(void)
{
    HKEY Volatile, Key;
    DWORD Disposition;
    CHECK_OK(RegCreateKeyExW(HKEY_CURRENT_USER, BASE_W L"\\volatile", 0, NULL, REG_OPTION_VOLATILE,
                             KEY_ALL_ACCESS, NULL, &Volatile, &Disposition));
    CHECK_EQ(Disposition, REG_CREATED_NEW_KEY);
    CHECK_ERR(RegCreateKeyExW(Volatile, L"stable", 0, NULL, REG_OPTION_NON_VOLATILE, KEY_READ, NULL,
                              &Key, NULL),
              ERROR_CHILD_MUST_BE_VOLATILE);
    CHECK_OK(RegCreateKeyExA(Volatile, "a\\b", 0, NULL, REG_OPTION_VOLATILE, KEY_READ, NULL, &Key,
                             &Disposition));
    CHECK_EQ(Disposition, REG_CREATED_NEW_KEY);
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegCloseKey(Volatile));
}

/* The registry functions return their error and leave the last error
 * alone, as on Windows. */
static void TestLastError(void)
{
    HKEY Key;
    SetLastError(12345);
    CHECK_ERR(RegOpenKeyExW(HKEY_CURRENT_USER, L"Software\\ntio-test\\missing", 0, KEY_READ, &Key),
              ERROR_FILE_NOT_FOUND);
    CHECK_ERR(RegQueryValueExA(HKEY_CURRENT_USER, "missing", NULL, NULL, NULL, NULL),
              ERROR_FILE_NOT_FOUND);
    CHECK_ERR(RegCloseKey(NULL), ERROR_INVALID_HANDLE);
    CHECK_EQ(GetLastError(), 12345);
    CHECK_OK(RegOpenKeyExW(HKEY_CURRENT_USER, L"Software", 0, KEY_READ, &Key));
    CHECK_OK(RegCloseKey(Key));
    CHECK_EQ(GetLastError(), 12345);
}

int main(void)
{
    HKEY Key;
    /* A fresh start: the prefix is the test's own, but a rerun keeps it. */
    RegDeleteTreeW(HKEY_CURRENT_USER, BASE_W);
    TestCreateOpen();
    TestClose();
    TestPredefined();
    TestPredefinedThreads();
    TestEnumerate();
    TestDelete();
    TestAccess();
    TestVolatile();
    TestLastError();
    CHECK_OK(RegDeleteTreeW(HKEY_CURRENT_USER, BASE_W));
    CHECK_ERR(RegOpenKeyExW(HKEY_CURRENT_USER, BASE_W, 0, KEY_READ, &Key), ERROR_FILE_NOT_FOUND);
    return RtFinish("reg keys");
}
