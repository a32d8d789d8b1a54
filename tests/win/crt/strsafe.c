/*
 * tests/win/crt/strsafe.c - <strsafe.h> in an application: S_OK,
 * STRSAFE_E_INSUFFICIENT_BUFFER (cut, still terminated) and
 * STRSAFE_E_INVALID_PARAMETER for the Cch/Cb Copy, CopyN, Cat, CatN,
 * Printf and Length functions, A and W, the Ex flags and outputs, and the
 * TCHAR names.
 */
#include <windows.h>
#include <strsafe.h>
#include <stdio.h>
#include <string.h>

#include "crt_test.h"

static void TestCopyAndCat(void)
{
    char Buf[8];
    WCHAR WBuf[8];
    HRESULT hr;

    CHECK_EQ(STRSAFE_E_INSUFFICIENT_BUFFER, 0x8007007A);
    CHECK_EQ(STRSAFE_E_INVALID_PARAMETER, 0x80070057);

    CHECK_EQ(StringCchCopyA(Buf, 8, "short"), S_OK);
    CHECK_STR(Buf, "short");
    hr = StringCchCopyA(Buf, 8, "much too long");
    CHECK_EQ(hr, STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK_STR(Buf, "much to");                      /* cut, terminated */
    CHECK_EQ(StringCchCopyA(Buf, 8, "1234567"), S_OK);   /* exactly fits */
    CHECK_EQ(StringCchCopyA(Buf, 0, "x"), STRSAFE_E_INVALID_PARAMETER);
    CHECK_EQ(StringCchCopyA(Buf, (size_t)STRSAFE_MAX_CCH + 1, "x"), STRSAFE_E_INVALID_PARAMETER);
    CHECK_EQ(StringCbCopyA(Buf, sizeof Buf, "cb"), S_OK);

    CHECK_EQ(StringCchCopyW(WBuf, 8, L"w\u00e9"), S_OK);
    CHECK_WSTR(WBuf, L"w\u00e9");
    CHECK_EQ(StringCbCopyW(WBuf, sizeof WBuf, L"0123456789"), STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK_WSTR(WBuf, L"0123456");
    CHECK_EQ(StringCbCopyW(WBuf, 1, L"x"), STRSAFE_E_INVALID_PARAMETER);  /* 0 characters */

    CHECK_EQ(StringCchCopyNA(Buf, 8, "abcdef", 3), S_OK);
    CHECK_STR(Buf, "abc");
    CHECK_EQ(StringCchCopyNA(Buf, 4, "abcdef", 5), STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK_STR(Buf, "abc");
    CHECK_EQ(StringCchCopyNA(Buf, 8, "abc", STRSAFE_MAX_CCH), STRSAFE_E_INVALID_PARAMETER);

    StringCchCopyA(Buf, 8, "ab");
    CHECK_EQ(StringCchCatA(Buf, 8, "cd"), S_OK);
    CHECK_STR(Buf, "abcd");
    CHECK_EQ(StringCchCatA(Buf, 8, "efghij"), STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK_STR(Buf, "abcdefg");
    CHECK_EQ(StringCchCatA(Buf, 8, "x"), STRSAFE_E_INSUFFICIENT_BUFFER);   /* already full */
    CHECK_STR(Buf, "abcdefg");
    memset(Buf, 'z', sizeof Buf);                   /* not terminated within 8 */
    CHECK_EQ(StringCchCatA(Buf, 8, "x"), STRSAFE_E_INVALID_PARAMETER);
    StringCchCopyA(Buf, 8, "a");
    CHECK_EQ(StringCchCatNA(Buf, 8, "bcdef", 2), S_OK);
    CHECK_STR(Buf, "abc");
    StringCchCopyW(WBuf, 8, L"a");
    CHECK_EQ(StringCbCatW(WBuf, sizeof WBuf, L"bcdefghij"), STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK_WSTR(WBuf, L"abcdefg");
}

static void TestPrintf(void)
{
    char Buf[8];
    WCHAR WBuf[8];
    HRESULT hr;

    CHECK_EQ(StringCchPrintfA(Buf, 8, "%lu", (DWORD)4000000u), S_OK);
    CHECK_STR(Buf, "4000000");
    hr = StringCchPrintfA(Buf, 8, "%s-%d", "long", 12345);
    CHECK_EQ(hr, STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK_STR(Buf, "long-12");
    CHECK_EQ(StringCchPrintfA(Buf, 0, "x"), STRSAFE_E_INVALID_PARAMETER);
    CHECK_EQ(StringCchPrintfA(Buf, 8, "%y"), STRSAFE_E_INVALID_PARAMETER);
    CHECK_STR(Buf, "");
    CHECK_EQ(StringCchPrintfW(WBuf, 8, L"%s|%S", L"w", "n"), S_OK);
    CHECK_WSTR(WBuf, L"w|n");
    CHECK_EQ(StringCbPrintfW(WBuf, sizeof WBuf, L"%I64d", -12345678LL),
             STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK_WSTR(WBuf, L"-123456");
}

static void TestLength(void)
{
    size_t Length = 99;
    CHECK_EQ(StringCchLengthA("abc", 10, &Length), S_OK);
    CHECK_EQ(Length, 3);
    CHECK_EQ(StringCchLengthA("abc", 3, &Length), STRSAFE_E_INVALID_PARAMETER);  /* no end within 3 */
    CHECK_EQ(Length, 0);
    CHECK_EQ(StringCchLengthA(NULL, 3, &Length), STRSAFE_E_INVALID_PARAMETER);
    CHECK_EQ(StringCbLengthW(L"ab", 6, &Length), S_OK);
    CHECK_EQ(Length, 4);
    CHECK_EQ(StringCchLengthW(L"x", (size_t)STRSAFE_MAX_CCH + 1, NULL), STRSAFE_E_INVALID_PARAMETER);
}

static void TestEx(void)
{
    char Buf[8];
    char *End = NULL;
    size_t Remaining = 0;

    CHECK_EQ(StringCchCopyExA(Buf, 8, "abc", &End, &Remaining, 0), S_OK);
    CHECK(End == Buf + 3 && *End == '\0');
    CHECK_EQ(Remaining, 5);
    CHECK_EQ(StringCchCatExA(Buf, 8, "defghij", &End, &Remaining, 0),
             STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(End == Buf + 7);
    CHECK_EQ(Remaining, 1);

    /* STRSAFE_FILL_BEHIND_NULL: the rest of the buffer gets the fill byte. */
    memset(Buf, 0, sizeof Buf);
    CHECK_EQ(StringCchCopyExA(Buf, 8, "ab", NULL, NULL, STRSAFE_FILL_BYTE('@')), S_OK);
    CHECK(memcmp(Buf, "ab\0@@@@@", 8) == 0);
    /* STRSAFE_NO_TRUNCATION: a cat that does not fit keeps the old string. */
    StringCchCopyA(Buf, 8, "abc");
    CHECK_EQ(StringCchCatExA(Buf, 8, "defghij", &End, &Remaining, STRSAFE_NO_TRUNCATION),
             STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK_STR(Buf, "abc");
    CHECK(End == Buf + 3);
    CHECK_EQ(Remaining, 5);
    /* STRSAFE_NULL_ON_FAILURE: "" on failure. */
    CHECK_EQ(StringCchCopyExA(Buf, 8, "0123456789", NULL, NULL, STRSAFE_NULL_ON_FAILURE),
             STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK_STR(Buf, "");
    /* STRSAFE_FILL_ON_FAILURE: the whole buffer filled, then terminated. */
    CHECK_EQ(StringCchPrintfExA(Buf, 8, NULL, NULL, STRSAFE_FAILURE_BYTE('!'), "%s", "toolong!"),
             STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(memcmp(Buf, "!!!!!!!\0", 8) == 0);
    /* STRSAFE_IGNORE_NULLS: a NULL source is "", a NULL destination of size 0 takes nothing. */
    CHECK_EQ(StringCchCopyExA(Buf, 8, NULL, NULL, NULL, STRSAFE_IGNORE_NULLS), S_OK);
    CHECK_STR(Buf, "");
    CHECK_EQ(StringCchCopyExA(NULL, 0, "", NULL, NULL, STRSAFE_IGNORE_NULLS), S_OK);
    CHECK_EQ(StringCchCopyExA(NULL, 0, "x", NULL, NULL, STRSAFE_IGNORE_NULLS),
             STRSAFE_E_INVALID_PARAMETER);
    /* An unknown flag. */
    CHECK_EQ(StringCchCopyExA(Buf, 8, "x", NULL, NULL, 0x10000), STRSAFE_E_INVALID_PARAMETER);
    /* Cb: the remainder in bytes. */
    WCHAR WBuf[8];
    size_t cbRemaining = 0;
    CHECK_EQ(StringCbCopyExW(WBuf, sizeof WBuf, L"ab", NULL, &cbRemaining, 0), S_OK);
    CHECK_EQ(cbRemaining, 12);
}

static void TestTchar(void)
{
    /* Without UNICODE the TCHAR names are the A functions. */
    char Buf[4];
    CHECK_EQ(StringCchCopy(Buf, ARRAYSIZE(Buf), "abcd"), STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK_STR(Buf, "abc");
    CHECK_EQ(StringCchPrintf(Buf, ARRAYSIZE(Buf), "%d", 7), S_OK);
    CHECK_STR(Buf, "7");
}

int main(void)
{
    TestCopyAndCat();
    TestPrintf();
    TestLength();
    TestEx();
    TestTchar();
    return test_summary("crt strsafe");
}
