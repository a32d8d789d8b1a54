/*
 * tests/win/reg/values.c - registry values through advapi32:
 * RegSetValueEx, RegQueryValueEx, RegGetValue, RegEnumValue and
 * RegDeleteValue in the A and W forms: sizes (in UTF-8 bytes for the A
 * forms), NUL rules, ERROR_MORE_DATA with the size needed, missing values,
 * bad arguments, RegGetValue's type restrictions and environment expansion.
 *
 * The test runs with NTIO_REG_TEST_VAR=ntio-expanded in its environment.
 */
#include "regtest.h"

#define BASE_W L"Software\\ntio-test\\values"

static HKEY Base;

static void TestStrings(void)
{
    BYTE Buf[256];
    DWORD Size, Type;

    /* W: the size counts the NUL the caller counted. */
    CHECK_OK(RegSetValueExW(Base, L"sz", 0, REG_SZ, (const BYTE *)L"hello", 12));
    Size = 0;
    Type = 0;
    CHECK_OK(RegQueryValueExW(Base, L"sz", NULL, &Type, NULL, &Size));
    CHECK_EQ(Type, REG_SZ);
    CHECK_EQ(Size, 12);
    Size = sizeof Buf;
    CHECK_OK(RegQueryValueExW(Base, L"sz", NULL, &Type, Buf, &Size));
    CHECK_EQ(Size, 12);
    CHECK(RtWcsEq((WCHAR *)Buf, L"hello"));
    /* Too small: ERROR_MORE_DATA, the size needed and the type. */
    Size = 11;
    Type = 0;
    CHECK_ERR(RegQueryValueExW(Base, L"sz", NULL, &Type, Buf, &Size), ERROR_MORE_DATA);
    CHECK_EQ(Size, 12);
    CHECK_EQ(Type, REG_SZ);
    /* Only the type. */
    Type = 0;
    CHECK_OK(RegQueryValueExW(Base, L"sz", NULL, &Type, NULL, NULL));
    CHECK_EQ(Type, REG_SZ);

    /* A size that leaves out the NUL gets it counted, as on Windows. */
    CHECK_OK(RegSetValueExW(Base, L"nonul", 0, REG_SZ, (const BYTE *)L"abc", 6));
    Size = 0;
    CHECK_OK(RegQueryValueExW(Base, L"nonul", NULL, NULL, NULL, &Size));
    CHECK_EQ(Size, 8);
    /* … unless the character after it is not a NUL: the string is stored
     * unterminated, and a NUL is added on the way out when there is room. */
    CHECK_OK(RegSetValueExW(Base, L"unterminated", 0, REG_SZ, (const BYTE *)L"abcX", 6));
    memset(Buf, 0xCC, sizeof Buf);
    Size = sizeof Buf;
    CHECK_OK(RegQueryValueExW(Base, L"unterminated", NULL, NULL, Buf, &Size));
    CHECK_EQ(Size, 6);
    CHECK(RtWcsEq((WCHAR *)Buf, L"abc"));
    memset(Buf, 0xCC, sizeof Buf);
    Size = 6;
    CHECK_OK(RegQueryValueExW(Base, L"unterminated", NULL, NULL, Buf, &Size));
    CHECK(Buf[6] == 0xCC); /* no room: nothing written past the data */

    /* A: UTF-8 in, UTF-16 stored, UTF-8 out with sizes in bytes. */
    static const char Utf8[] = "h\xc3\xa9llo"; /* 6 bytes, 5 characters */
    CHECK_OK(RegSetValueExA(Base, "utf8", 0, REG_SZ, (const BYTE *)Utf8, sizeof Utf8));
    Size = 0;
    CHECK_OK(RegQueryValueExW(Base, L"utf8", NULL, NULL, NULL, &Size));
    CHECK_EQ(Size, 12);
    Size = sizeof Buf;
    CHECK_OK(RegQueryValueExW(Base, L"utf8", NULL, NULL, Buf, &Size));
    CHECK(RtWcsEq((WCHAR *)Buf, L"h\x00e9llo"));
    Size = 0;
    CHECK_OK(RegQueryValueExA(Base, "utf8", NULL, &Type, NULL, &Size));
    CHECK_EQ(Size, 7);
    CHECK_EQ(Type, REG_SZ);
    Size = 6;
    CHECK_ERR(RegQueryValueExA(Base, "utf8", NULL, NULL, Buf, &Size), ERROR_MORE_DATA);
    CHECK_EQ(Size, 7);
    Size = 7;
    CHECK_OK(RegQueryValueExA(Base, "utf8", NULL, NULL, Buf, &Size));
    CHECK(!strcmp((char *)Buf, Utf8));
    /* A without the NUL counted: counted for it, as on Windows. */
    CHECK_OK(RegSetValueExA(Base, "anul", 0, REG_SZ, (const BYTE *)"xyz", 3));
    Size = 0;
    CHECK_OK(RegQueryValueExW(Base, L"anul", NULL, NULL, NULL, &Size));
    CHECK_EQ(Size, 8);

    /* REG_MULTI_SZ and REG_EXPAND_SZ convert too; binary types do not. */
    CHECK_OK(RegSetValueExA(Base, "multi", 0, REG_MULTI_SZ, (const BYTE *)"a\0bc\0", 6));
    Size = sizeof Buf;
    CHECK_OK(RegQueryValueExW(Base, L"multi", NULL, &Type, Buf, &Size));
    CHECK_EQ(Type, REG_MULTI_SZ);
    CHECK_EQ(Size, 12);
    CHECK(!memcmp(Buf, L"a\0bc\0", 12));
    Size = sizeof Buf;
    CHECK_OK(RegQueryValueExA(Base, "multi", NULL, NULL, Buf, &Size));
    CHECK_EQ(Size, 6);
    CHECK(!memcmp(Buf, "a\0bc\0", 6));
    CHECK_OK(RegSetValueExA(Base, "bin", 0, REG_BINARY, (const BYTE *)"\x01\x02\xff", 3));
    Size = sizeof Buf;
    CHECK_OK(RegQueryValueExA(Base, "bin", NULL, &Type, Buf, &Size));
    CHECK_EQ(Type, REG_BINARY);
    CHECK_EQ(Size, 3);
    CHECK(!memcmp(Buf, "\x01\x02\xff", 3));

    /* Empty data. */
    CHECK_OK(RegSetValueExW(Base, L"empty", 0, REG_SZ, NULL, 0));
    Size = 5;
    CHECK_OK(RegQueryValueExW(Base, L"empty", NULL, &Type, Buf, &Size));
    CHECK_EQ(Size, 0);
    CHECK_EQ(Type, REG_SZ);
}

static void TestSetQueryErrors(void)
{
    BYTE Buf[16];
    DWORD Size = sizeof Buf, Reserved = 0;

    CHECK_ERR(RegQueryValueExW(Base, L"missing", NULL, NULL, Buf, &Size), ERROR_FILE_NOT_FOUND);
    CHECK_ERR(RegQueryValueExA(Base, "missing", NULL, NULL, NULL, &Size), ERROR_FILE_NOT_FOUND);
    CHECK_ERR(RegQueryValueExW(Base, L"sz", NULL, NULL, Buf, NULL), ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegQueryValueExA(Base, "sz", &Reserved, NULL, Buf, &Size), ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegQueryValueExW(NULL, L"sz", NULL, NULL, Buf, &Size), ERROR_INVALID_HANDLE);
    CHECK_ERR(RegQueryValueExW((HKEY)(ULONG_PTR)0x7ffff0, L"sz", NULL, NULL, Buf, &Size),
              ERROR_INVALID_HANDLE);
    /* A data pointer in the never-mapped first 64K. */
    CHECK_ERR(RegSetValueExW(Base, L"bad", 0, REG_SZ, (const BYTE *)1, 1), ERROR_NOACCESS);
    CHECK_ERR(RegSetValueExA(Base, "bad", 0, REG_BINARY, (const BYTE *)16, 4), ERROR_NOACCESS);
    CHECK_ERR(RegSetValueExW(NULL, L"x", 0, REG_SZ, (const BYTE *)L"x", 4), ERROR_INVALID_HANDLE);
    /* Value names: up to 16383 characters. */
    static WCHAR Long[16386];
    for (int i = 0; i < 16384; i++)
        Long[i] = L'v';
    Long[16384] = 0;
    CHECK_ERR(RegSetValueExW(Base, Long, 0, REG_DWORD, (const BYTE *)"\0\0\0\0", 4),
              ERROR_INVALID_PARAMETER);
    Long[16383] = 0;
    CHECK_OK(RegSetValueExW(Base, Long, 0, REG_DWORD, (const BYTE *)"\0\0\0\0", 4));
    CHECK_OK(RegDeleteValueW(Base, Long));

    /* The default value: NULL and "" name it. */
    CHECK_OK(RegSetValueExW(Base, NULL, 0, REG_SZ, (const BYTE *)L"dflt", 10));
    Size = sizeof Buf;
    CHECK_OK(RegQueryValueExA(Base, "", NULL, NULL, Buf, &Size));
    CHECK(!strcmp((char *)Buf, "dflt"));
    CHECK_OK(RegDeleteValueA(Base, NULL));
    CHECK_ERR(RegQueryValueExW(Base, L"", NULL, NULL, NULL, &Size), ERROR_FILE_NOT_FOUND);

    /* A large value goes through the heap. */
    static BYTE Big[100000], Back[100000];
    for (unsigned i = 0; i < sizeof Big; i++)
        Big[i] = (BYTE)(i * 7);
    CHECK_OK(RegSetValueExW(Base, L"big", 0, REG_BINARY, Big, sizeof Big));
    Size = sizeof Back;
    CHECK_OK(RegQueryValueExW(Base, L"big", NULL, NULL, Back, &Size));
    CHECK_EQ(Size, sizeof Big);
    CHECK(!memcmp(Big, Back, sizeof Big));
    CHECK_OK(RegDeleteValueW(Base, L"big"));

    CHECK_ERR(RegDeleteValueW(Base, L"missing"), ERROR_FILE_NOT_FOUND);
    CHECK_ERR(RegDeleteValueA(Base, "missing"), ERROR_FILE_NOT_FOUND);
    CHECK_ERR(RegDeleteValueW(NULL, L"sz"), ERROR_INVALID_HANDLE);
}

static void TestGetValue(void)
{
    BYTE Buf[256];
    DWORD Size, Type, Dword;
    ULONGLONG Qword = 0x1122334455667788ull;

    Dword = 0x12345678;
    CHECK_OK(RegSetValueExW(Base, L"dw", 0, REG_DWORD, (const BYTE *)&Dword, 4));
    CHECK_OK(RegSetValueExW(Base, L"qw", 0, REG_QWORD, (const BYTE *)&Qword, 8));
    CHECK_OK(RegSetValueExW(Base, L"bin4", 0, REG_BINARY, (const BYTE *)"\1\2\3\4", 4));
    CHECK_OK(RegSetValueExW(Base, L"bin8", 0, REG_BINARY, (const BYTE *)"\1\2\3\4\5\6\7\10", 8));
    static const WCHAR Raw[] = L"<%NTIO_REG_TEST_VAR%|%ntio_reg_test_var%|%NTIO_NOT_SET%|%>";
    CHECK_OK(RegSetValueExW(Base, L"exp", 0, REG_EXPAND_SZ, (const BYTE *)Raw, sizeof Raw));
    static const WCHAR Expanded[] = L"<ntio-expanded|ntio-expanded|%NTIO_NOT_SET%|%>";
    DWORD ExpandedSize = sizeof Expanded;

    /* Type restrictions. */
    Size = 4;
    Dword = 0;
    CHECK_OK(RegGetValueW(Base, NULL, L"dw", RRF_RT_REG_DWORD, &Type, &Dword, &Size));
    CHECK_EQ(Dword, 0x12345678);
    CHECK_EQ(Type, REG_DWORD);
    Size = 4;
    Type = 0;
    Dword = 0;
    CHECK_ERR(RegGetValueW(Base, NULL, L"dw", RRF_RT_REG_SZ | RRF_RT_REG_BINARY, &Type, &Dword, &Size),
              ERROR_UNSUPPORTED_TYPE);
    CHECK_EQ(Type, REG_DWORD); /* the value was read all the same, as on Windows */
    CHECK_EQ(Size, 4);
    CHECK_ERR(RegGetValueW(Base, NULL, L"dw", 0, NULL, NULL, NULL), ERROR_UNSUPPORTED_TYPE);
    Size = 4;
    CHECK_OK(RegGetValueW(Base, NULL, L"bin4", RRF_RT_DWORD, &Type, &Dword, &Size));
    CHECK_EQ(Type, REG_BINARY);
    Size = 8;
    CHECK_ERR(RegGetValueW(Base, NULL, L"bin8", RRF_RT_DWORD, &Type, &Qword, &Size),
              ERROR_DATATYPE_MISMATCH);
    Size = 8;
    CHECK_OK(RegGetValueW(Base, NULL, L"bin8", RRF_RT_QWORD, &Type, &Qword, &Size));
    Size = 8;
    CHECK_OK(RegGetValueA(Base, NULL, "qw", RRF_RT_QWORD, &Type, &Qword, &Size));
    CHECK(Qword == 0x1122334455667788ull);
    CHECK_EQ(Type, REG_QWORD);
    Size = 8;
    CHECK_ERR(RegGetValueW(Base, NULL, L"qw", RRF_RT_DWORD, &Type, &Qword, &Size),
              ERROR_UNSUPPORTED_TYPE);

    /* Strings come back terminated; the size counts the terminator. */
    Size = sizeof Buf;
    CHECK_OK(RegGetValueW(Base, NULL, L"unterminated", RRF_RT_REG_SZ, &Type, Buf, &Size));
    CHECK_EQ(Size, 8);
    CHECK(RtWcsEq((WCHAR *)Buf, L"abc"));
    Size = 6;
    CHECK_ERR(RegGetValueW(Base, NULL, L"unterminated", RRF_RT_REG_SZ, &Type, Buf, &Size),
              ERROR_MORE_DATA);
    CHECK_EQ(Size, 8);
    Size = 0;
    CHECK_OK(RegGetValueA(Base, NULL, "unterminated", RRF_RT_REG_SZ, &Type, NULL, &Size));
    CHECK_EQ(Size, 4);
    Size = sizeof Buf;
    CHECK_OK(RegGetValueW(Base, NULL, L"empty", RRF_RT_REG_SZ, &Type, Buf, &Size));
    CHECK_EQ(Size, 2);
    Size = sizeof Buf;
    CHECK_OK(RegGetValueA(Base, NULL, "empty", RRF_RT_REG_SZ, &Type, Buf, &Size));
    CHECK_EQ(Size, 1);
    CHECK(Buf[0] == 0);
    /* REG_MULTI_SZ gets its final empty string. */
    CHECK_OK(RegSetValueExW(Base, L"multi-open", 0, REG_MULTI_SZ, (const BYTE *)L"a\0bX", 6));
    Size = sizeof Buf;
    CHECK_OK(RegGetValueW(Base, NULL, L"multi-open", RRF_RT_REG_MULTI_SZ, &Type, Buf, &Size));
    CHECK_EQ(Size, 10);
    CHECK(!memcmp(Buf, L"a\0b\0\0", 10));

    /* REG_EXPAND_SZ: expanded into REG_SZ from the process environment
     * (names without regard to case; unset names and a lone % stay). */
    memset(Buf, 0, sizeof Buf);
    Size = sizeof Buf;
    CHECK_OK(RegGetValueW(Base, NULL, L"exp", RRF_RT_REG_SZ, &Type, Buf, &Size));
    CHECK_EQ(Type, REG_SZ);
    CHECK_EQ(Size, ExpandedSize);
    CHECK(RtWcsEq((WCHAR *)Buf, Expanded));
    Size = 0;
    CHECK_OK(RegGetValueW(Base, NULL, L"exp", RRF_RT_ANY, &Type, NULL, &Size));
    CHECK_EQ(Size, ExpandedSize);
    CHECK_EQ(Type, REG_SZ);
    Size = 10;
    CHECK_ERR(RegGetValueW(Base, NULL, L"exp", RRF_RT_REG_SZ, &Type, Buf, &Size), ERROR_MORE_DATA);
    CHECK_EQ(Size, ExpandedSize);
    Size = sizeof Buf;
    CHECK_OK(RegGetValueA(Base, NULL, "exp", RRF_RT_REG_SZ, &Type, Buf, &Size));
    CHECK(!strcmp((char *)Buf, "<ntio-expanded|ntio-expanded|%NTIO_NOT_SET%|%>"));
    CHECK_EQ(Size, ExpandedSize / 2);
    /* RRF_NOEXPAND: the stored string, as REG_EXPAND_SZ. */
    Size = sizeof Buf;
    CHECK_OK(RegGetValueW(Base, NULL, L"exp", RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND, &Type, Buf, &Size));
    CHECK_EQ(Type, REG_EXPAND_SZ);
    CHECK_EQ(Size, sizeof Raw);
    Size = sizeof Buf;
    CHECK_ERR(RegGetValueW(Base, NULL, L"exp", RRF_RT_REG_SZ | RRF_NOEXPAND, &Type, Buf, &Size),
              ERROR_UNSUPPORTED_TYPE);
    /* Asking for REG_EXPAND_SZ without RRF_NOEXPAND is an error. */
    CHECK_ERR(RegGetValueW(Base, NULL, L"exp", RRF_RT_REG_EXPAND_SZ, &Type, Buf, &Size),
              ERROR_INVALID_PARAMETER);

    /* The subkey argument, and the errors. */
    Size = 4;
    CHECK_OK(RegGetValueW(HKEY_CURRENT_USER, BASE_W, L"dw", RRF_RT_REG_DWORD, NULL, &Dword, &Size));
    CHECK_EQ(Dword, 0x12345678);
    Size = 4;
    CHECK_OK(RegGetValueA(HKEY_CURRENT_USER, "Software\\ntio-test\\values", "dw", RRF_RT_DWORD, NULL,
                          &Dword, &Size));
    Size = 4;
    CHECK_ERR(RegGetValueW(HKEY_CURRENT_USER, L"Software\\ntio-test\\missing", L"dw", RRF_RT_ANY, NULL,
                           &Dword, &Size),
              ERROR_FILE_NOT_FOUND);
    CHECK_ERR(RegGetValueW(Base, NULL, L"missing", RRF_RT_ANY, NULL, NULL, NULL), ERROR_FILE_NOT_FOUND);
    CHECK_ERR(RegGetValueW(Base, NULL, L"dw", RRF_RT_ANY, NULL, &Dword, NULL), ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegGetValueW(Base, L"", L"dw", RRF_RT_ANY | RRF_SUBKEY_WOW6464KEY | RRF_SUBKEY_WOW6432KEY,
                           NULL, NULL, NULL),
              ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegGetValueW(NULL, NULL, L"dw", RRF_RT_ANY, NULL, NULL, NULL), ERROR_INVALID_HANDLE);
    /* RRF_ZEROONFAILURE clears the caller's buffer on any failure. */
    memset(Buf, 0x55, sizeof Buf);
    Size = 16;
    CHECK_ERR(RegGetValueW(Base, NULL, L"missing", RRF_RT_ANY | RRF_ZEROONFAILURE, NULL, Buf, &Size),
              ERROR_FILE_NOT_FOUND);
    CHECK(Buf[0] == 0 && Buf[15] == 0 && Buf[16] == 0x55);
    memset(Buf, 0x55, sizeof Buf);
    Size = 4;
    CHECK_ERR(RegGetValueA(Base, NULL, "utf8", RRF_RT_REG_SZ | RRF_ZEROONFAILURE, NULL, Buf, &Size),
              ERROR_MORE_DATA);
    CHECK_EQ(Size, 7);
    CHECK(Buf[0] == 0 && Buf[3] == 0 && Buf[4] == 0x55);
    memset(Buf, 0x55, sizeof Buf);
    Size = 4;
    CHECK_ERR(RegGetValueW(Base, NULL, L"dw", RRF_RT_REG_SZ | RRF_ZEROONFAILURE, NULL, Buf, &Size),
              ERROR_UNSUPPORTED_TYPE);
    CHECK(Buf[0] == 0 && Buf[3] == 0);
}

static void TestEnumValues(void)
{
    HKEY Key;
    WCHAR Name[32];
    char NameA[32];
    BYTE Data[64];
    DWORD Chars, Size, Type, Reserved = 0;

    CHECK_OK(RegCreateKeyExW(Base, L"enum", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &Key, NULL));
    /* Enumerated in the order they were first set. */
    CHECK_OK(RegSetValueExW(Key, L"zeta", 0, REG_SZ, (const BYTE *)L"foobar", 14));
    CHECK_OK(RegSetValueExW(Key, L"alpha", 0, REG_DWORD, (const BYTE *)"\7\0\0\0", 4));
    CHECK_OK(RegSetValueExA(Key, "m\xc3\xa9", 0, REG_SZ, (const BYTE *)"\xc3\xa9t\xc3\xa9", 6));
    CHECK_OK(RegSetValueExW(Key, L"zeta", 0, REG_SZ, (const BYTE *)L"foobar", 14)); /* keeps its place */

    Chars = 32;
    Size = sizeof Data;
    CHECK_OK(RegEnumValueW(Key, 0, Name, &Chars, NULL, &Type, Data, &Size));
    CHECK(RtWcsEq(Name, L"zeta"));
    CHECK_EQ(Chars, 4);
    CHECK_EQ(Type, REG_SZ);
    CHECK_EQ(Size, 14);
    CHECK(RtWcsEq((WCHAR *)Data, L"foobar"));
    Chars = 32;
    CHECK_OK(RegEnumValueW(Key, 1, Name, &Chars, NULL, &Type, NULL, NULL));
    CHECK(RtWcsEq(Name, L"alpha"));
    CHECK_EQ(Type, REG_DWORD);
    Chars = 32;
    Size = 0;
    CHECK_OK(RegEnumValueW(Key, 1, Name, &Chars, NULL, NULL, NULL, &Size));
    CHECK_EQ(Size, 4);
    Chars = 32;
    CHECK_ERR(RegEnumValueW(Key, 3, Name, &Chars, NULL, NULL, NULL, NULL), ERROR_NO_MORE_ITEMS);

    /* The name does not fit: ERROR_MORE_DATA, its count untouched, the
     * type and data size reported. */
    Chars = 4;
    Size = sizeof Data;
    Type = 0;
    CHECK_ERR(RegEnumValueW(Key, 0, Name, &Chars, NULL, &Type, Data, &Size), ERROR_MORE_DATA);
    CHECK_EQ(Chars, 4);
    CHECK_EQ(Type, REG_SZ);
    CHECK_EQ(Size, 14);
    /* The data does not fit. */
    Chars = 32;
    Size = 13;
    CHECK_ERR(RegEnumValueW(Key, 0, Name, &Chars, NULL, &Type, Data, &Size), ERROR_MORE_DATA);
    CHECK_EQ(Size, 14);
    CHECK_EQ(Chars, 32);

    /* A form: names and string data in UTF-8 bytes. */
    Chars = 32;
    Size = sizeof Data;
    CHECK_OK(RegEnumValueA(Key, 2, NameA, &Chars, NULL, &Type, Data, &Size));
    CHECK(!strcmp(NameA, "m\xc3\xa9"));
    CHECK_EQ(Chars, 3);
    CHECK_EQ(Size, 6);
    CHECK(!strcmp((char *)Data, "\xc3\xa9t\xc3\xa9"));
    Chars = 3;
    Size = sizeof Data;
    CHECK_ERR(RegEnumValueA(Key, 2, NameA, &Chars, NULL, &Type, Data, &Size), ERROR_MORE_DATA);
    CHECK_EQ(Chars, 3);
    CHECK_EQ(Size, 6);
    Chars = 32;
    Size = 5;
    CHECK_ERR(RegEnumValueA(Key, 0, NameA, &Chars, NULL, &Type, Data, &Size), ERROR_MORE_DATA);
    CHECK_EQ(Size, 7);
    Chars = 32;
    CHECK_ERR(RegEnumValueA(Key, 3, NameA, &Chars, NULL, NULL, NULL, NULL), ERROR_NO_MORE_ITEMS);

    /* Bad arguments. */
    Chars = 32;
    CHECK_ERR(RegEnumValueW(Key, 0, NULL, &Chars, NULL, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegEnumValueW(Key, 0, Name, NULL, NULL, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegEnumValueA(Key, 0, NameA, &Chars, &Reserved, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegEnumValueW(Key, 0, Name, &Chars, NULL, NULL, Data, NULL), ERROR_INVALID_PARAMETER);
    CHECK_ERR(RegEnumValueW(NULL, 0, Name, &Chars, NULL, NULL, NULL, NULL), ERROR_INVALID_HANDLE);

    CHECK_OK(RegDeleteValueW(Key, L"alpha"));
    Chars = 32;
    CHECK_OK(RegEnumValueW(Key, 1, Name, &Chars, NULL, NULL, NULL, NULL));
    CHECK(RtWcsEq(Name, L"m\x00e9"));
    CHECK_OK(RegCloseKey(Key));
}

int main(void)
{
    RegDeleteTreeW(HKEY_CURRENT_USER, BASE_W);
    CHECK_OK(RegCreateKeyExW(HKEY_CURRENT_USER, BASE_W, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &Base, NULL));
    TestStrings();
    TestSetQueryErrors();
    TestGetValue();
    TestEnumValues();
    CHECK_OK(RegCloseKey(Base));
    CHECK_OK(RegDeleteTreeW(HKEY_CURRENT_USER, BASE_W));
    return RtFinish("reg values");
}
