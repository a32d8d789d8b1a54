/*
 * tests/win/crt/string.c - Microsoft's narrow additions (_stricmp,
 * strcpy_s and friends with their error returns, _itoa, _strlwr ...), the
 * scanf family with Microsoft's sizes, inttypes.h's PRI macros under
 * Microsoft's printf, and stdlib's environment functions.
 */
#include <windows.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crt_test.h"

static void TestStrings(void)
{
    char Small[4];
    char Buf[64];
    errno_t e;

    CHECK(_stricmp("Hello", "hELLO") == 0);
    CHECK(_stricmp("a", "B") < 0);
    CHECK(_stricmp("_", "a") < 0);                  /* compared in lower case */
    CHECK(_strnicmp("ABCx", "abcy", 3) == 0);
    CHECK(stricmp("Q", "q") == 0);
    CHECK(_memicmp("AbC", "aBc", 3) == 0);
    char *Dup = _strdup("copy");
    CHECK(Dup != NULL && strcmp(Dup, "copy") == 0);
    free(Dup);
    strcpy(Buf, "MiXeD");
    CHECK_STR(_strlwr(Buf), "mixed");
    CHECK_STR(_strupr(Buf), "MIXED");
    CHECK_STR(_strrev(Buf), "DEXIM");
    CHECK_EQ(_countof(Buf), 64);

    CHECK_EQ(strcpy_s(Small, sizeof Small, "abc"), 0);
    CHECK_STR(Small, "abc");
    CHECK_HANDLER(1, e = strcpy_s(Small, sizeof Small, "abcd"));
    CHECK_EQ(e, ERANGE);
    CHECK_STR(Small, "");
    CHECK_HANDLER(1, e = strcpy_s(Small, sizeof Small, NULL));
    CHECK_EQ(e, EINVAL);
    CHECK_EQ(strncpy_s(Small, sizeof Small, "abcdef", 2), 0);
    CHECK_STR(Small, "ab");
    CHECK_HANDLER(0, e = strncpy_s(Small, sizeof Small, "abcdef", _TRUNCATE));
    CHECK_EQ(e, STRUNCATE);
    CHECK_STR(Small, "abc");
    strcpy(Small, "a");
    CHECK_EQ(strcat_s(Small, sizeof Small, "b"), 0);
    CHECK_HANDLER(1, e = strcat_s(Small, sizeof Small, "cd"));
    CHECK_EQ(e, ERANGE);
    CHECK_STR(Small, "");
    strcpy(Small, "x");
    CHECK_HANDLER(0, e = strncat_s(Small, sizeof Small, "yzw", _TRUNCATE));
    CHECK_EQ(e, STRUNCATE);
    CHECK_STR(Small, "xyz");
    CHECK_EQ(strnlen_s(NULL, 5), 0);
    CHECK_EQ(strnlen_s("abcdef", 3), 3);

    char *Context = NULL;
    strcpy(Buf, "one two");
    CHECK_STR(strtok_s(Buf, " ", &Context), "one");
    CHECK_STR(strtok_s(NULL, " ", &Context), "two");
    CHECK(strtok_s(NULL, " ", &Context) == NULL);

    int Ints[3] = { 1, 2, 3 };
    int Two[2] = { 9, 9 };
    CHECK_HANDLER(1, e = memcpy_s(Two, sizeof Two, Ints, sizeof Ints));
    CHECK_EQ(e, ERANGE);
    CHECK(Two[0] == 0 && Two[1] == 0);                 /* cleared */
    CHECK_EQ(memmove_s(Ints, sizeof Ints, Ints + 1, 2 * sizeof(int)), 0);
    CHECK(Ints[0] == 2 && Ints[1] == 3);
    CHECK_EQ(strerror_s(Buf, sizeof Buf, ENOENT), 0);
    CHECK(strlen(Buf) > 0);
}

static void TestIntegers(void)
{
    char Text[72];
    char Small[3];

    CHECK_STR(_itoa(-12345, Text, 10), "-12345");
    CHECK_STR(_itoa(-1, Text, 16), "ffffffff");
    CHECK_STR(_itoa(5, Text, 2), "101");
    CHECK_STR(_ultoa(4294967295ul, Text, 10), "4294967295");
    CHECK_STR(_ltoa(-2, Text, 16), "fffffffe");
    CHECK_STR(_i64toa(-9000000000LL, Text, 10), "-9000000000");
    CHECK_STR(_ui64toa(0xFFFFFFFFFFFFFFFFull, Text, 36), "3w5e11264sgsf");
    CHECK_STR(itoa(7, Text, 10), "7");
    CHECK_EQ(_itoa_s(99, Small, sizeof Small, 10), 0);
    CHECK_STR(Small, "99");
    CHECK_HANDLER(1, CHECK_EQ(_itoa_s(100, Small, sizeof Small, 10), ERANGE));
    CHECK_STR(Small, "");
    CHECK_HANDLER(1, CHECK_EQ(_itoa_s(1, Small, sizeof Small, 37), EINVAL));
    CHECK_EQ(_atoi64("-123456789012"), -123456789012LL);
    CHECK_EQ(_strtoui64("ffffffffffffffff", NULL, 16), 0xFFFFFFFFFFFFFFFFull);
}

static void TestPriMacros(void)
{
    char Buf[64];
    /* glibc spells these "ld"; under Microsoft's printf that would be 32 bits. */
    sprintf(Buf, "%" PRId64 " %" PRIu64 " %" PRIx64, INT64_MIN, UINT64_MAX, (uint64_t)1 << 40);
    CHECK_STR(Buf, "-9223372036854775808 18446744073709551615 10000000000");
    sprintf(Buf, "%" PRIdPTR " %" PRIuMAX " %" PRId32, (intptr_t)-1, (uintmax_t)1 << 63, INT32_MIN);
    CHECK_STR(Buf, "-1 9223372036854775808 -2147483648");
    sprintf(Buf, "%" PRIdFAST16 " %" PRIdFAST32, (int_fast16_t)-70000, (int_fast32_t)5000000000LL);
    CHECK_STR(Buf, "-70000 5000000000");
}

static void TestScanf(void)
{
    int i = 0;
    LONG l = 0;
    ULONG ul = 0;
    LONGLONG ll = 0;
    unsigned short h = 0;
    unsigned char hh = 0;
    double d = 0;
    float f = 0;
    char Word[16] = "";
    wchar_t WideWord[16] = L"";
    char c = 0;
    void *p = NULL;
    int n = 0;

    /* %ld stores a 32-bit LONG: the bytes beside it stay intact. */
    struct {
        LONG Value;
        LONG Guard;
    } Pair = { 0, 0x5A5A5A5A };
    CHECK_EQ(sscanf("-123", "%ld", &Pair.Value), 1);
    CHECK_EQ(Pair.Value, -123);
    CHECK_EQ(Pair.Guard, 0x5A5A5A5A);

    CHECK_EQ(sscanf("42 -7 0x10 ffffffff", "%d %ld %i %lx", &i, &l, &ll, &ul), 4);
    CHECK_EQ(i, 42);
    CHECK_EQ(l, -7);
    CHECK_EQ(ll, 16);                       /* %i with no size: an int, low half of ll */
    CHECK_EQ(ul, 0xFFFFFFFFu);
    ll = 0;
    CHECK_EQ(sscanf("-9000000000 123456789012", "%I64d %lld", &ll, &ll), 2);
    CHECK_EQ(ll, 123456789012LL);
    CHECK_EQ(sscanf("70000 300", "%hu %hhu", &h, &hh), 2);
    CHECK_EQ(h, 70000 & 0xFFFF);
    CHECK_EQ(hh, 300 & 0xFF);
    CHECK_EQ(sscanf("2.5 -1e3", "%lf %f", &d, &f), 2);
    CHECK(d == 2.5 && f == -1000.0f);
    CHECK_EQ(sscanf("  word rest", "%15s%n", Word, &n), 1);
    CHECK_STR(Word, "word");
    CHECK_EQ(n, 6);
    /* %ls / %S: wide text converted from UTF-8. */
    CHECK_EQ(sscanf("\xC3\xA9t\xC3\xA9 x", "%ls %c", WideWord, &c), 2);
    CHECK_WSTR(WideWord, L"\u00e9t\u00e9");
    CHECK_EQ(c, 'x');
    CHECK_EQ(sscanf("abc123", "%[a-c]%d", Word, &i), 2);
    CHECK_STR(Word, "abc");
    CHECK_EQ(i, 123);
    CHECK_EQ(sscanf("xyz", "%[^y]", Word), 1);
    CHECK_STR(Word, "x");
    CHECK_EQ(sscanf("00000000DEADBEEF", "%p", &p), 1);
    CHECK(p == (void *)(ULONG_PTR)0xDEADBEEF);
    CHECK_EQ(sscanf("5 6", "%*d %d", &i), 1);
    CHECK_EQ(i, 6);
    CHECK_EQ(sscanf("a:b", "%c:%c", &c, &Word[0]), 2);
    CHECK_EQ(sscanf("", "%d", &i), EOF);
    CHECK_EQ(sscanf("   ", "%d", &i), EOF);
    CHECK_EQ(sscanf("x", "%d", &i), 0);
    CHECK_EQ(sscanf("1 x", "%d %d", &i, &i), 1);

    /* sscanf_s: a size after each %s/%c/%[. */
    char Tiny[4];
    CHECK_EQ(sscanf_s("abc def", "%s %s", Tiny, (unsigned)sizeof Tiny, Word,
                      (unsigned)sizeof Word), 2);
    CHECK_STR(Tiny, "abc");
    CHECK_EQ(sscanf_s("abcd", "%s", Tiny, (unsigned)sizeof Tiny), 0);
    CHECK_STR(Tiny, "");
    CHECK_EQ(_snscanf("12345", 3, "%d", &i), 1);
    CHECK_EQ(i, 123);

    /* The wide forms. */
    CHECK_EQ(swscanf(L"\u00e9t\u00e9 17 0x1f", L"%s %d %x", WideWord, &i, &ul), 3);
    CHECK_WSTR(WideWord, L"\u00e9t\u00e9");
    CHECK_EQ(i, 17);
    CHECK_EQ(ul, 31);
    CHECK_EQ(swscanf(L"\u65e5\u672c", L"%S", Word), 1);
    CHECK_STR(Word, "\xE6\x97\xA5\xE6\x9C\xAC");
    CHECK_EQ(swscanf_s(L"long", L"%s", WideWord, 2u), 0);

    /* From a stream. */
    FILE *File = tmpfile();
    CHECK(File != NULL);
    if (File != NULL) {
        fputs("100 200 \xC3\xA9", File);
        rewind(File);
        CHECK_EQ(fscanf(File, "%d %ld %ls", &i, &l, WideWord), 3);
        CHECK(i == 100 && l == 200 && WideWord[0] == 0xE9 && WideWord[1] == 0);
        CHECK_EQ(fscanf(File, "%d", &i), EOF);
        rewind(File);
        CHECK_EQ(fwscanf(File, L"%d %d %s", &i, &l, WideWord), 3);
        CHECK(WideWord[0] == 0xE9);
        fclose(File);
    }
    CHECK_HANDLER(1, CHECK_EQ(sscanf(NULL, "%d", &i), EOF));
}

static void TestEnvironment(void)
{
    char Value[16];
    size_t Needed = 0;
    char *Copy = NULL;
    size_t Count = 0;

    CHECK_EQ(_putenv_s("NTIO_CRT_TEST", "value\xC3\xA9"), 0);
    CHECK_EQ(getenv_s(&Needed, NULL, 0, "NTIO_CRT_TEST"), 0);
    CHECK_EQ(Needed, 8);
    CHECK_EQ(getenv_s(&Needed, Value, sizeof Value, "NTIO_CRT_TEST"), 0);
    CHECK_STR(Value, "value\xC3\xA9");
    CHECK_HANDLER(1, CHECK_EQ(getenv_s(&Needed, Value, 4, "NTIO_CRT_TEST"), ERANGE));
    CHECK_EQ(_dupenv_s(&Copy, &Count, "NTIO_CRT_TEST"), 0);
    CHECK(Copy != NULL && strcmp(Copy, "value\xC3\xA9") == 0 && Count == 8);
    free(Copy);
    const wchar_t *Wide = _wgetenv(L"NTIO_CRT_TEST");
    CHECK(Wide != NULL && wcscmp(Wide, L"value\u00e9") == 0);
    CHECK_EQ(_wputenv(L"NTIO_CRT_TEST=\u00fc"), 0);
    Wide = _wgetenv(L"NTIO_CRT_TEST");
    CHECK(Wide != NULL && wcscmp(Wide, L"\u00fc") == 0);
    CHECK_EQ(_putenv_s("NTIO_CRT_TEST", ""), 0);        /* "" removes it */
    CHECK(getenv("NTIO_CRT_TEST") == NULL);
    CHECK(_wgetenv(L"NTIO_CRT_TEST") == NULL);
    CHECK_EQ(_dupenv_s(&Copy, &Count, "NTIO_CRT_TEST"), 0);
    CHECK(Copy == NULL && Count == 0);
}

int main(void)
{
    _set_invalid_parameter_handler(CrtTestHandler);
    TestStrings();
    TestIntegers();
    TestPriMacros();
    TestScanf();
    TestEnvironment();
    return test_summary("crt string");
}
