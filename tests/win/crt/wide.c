/*
 * tests/win/crt/wide.c - the wide-character library on the 16-bit wchar_t:
 * string functions, the bounds-checked _s forms with Microsoft's error
 * returns, numeric conversions, UTF-8 <-> UTF-16 conversions (surrogate
 * pairs included), classification and case, wide stream I/O.
 */
#define _GNU_SOURCE 1 /* the GNU wcwidth is tested too */
#include <windows.h>
#include <limits.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>
#include <time.h>

#include "crt_test.h"

static void TestStrings(void)
{
    wchar_t Buf[32];
    wchar_t *Context;

    CHECK(sizeof(wchar_t) == 2);
    CHECK_EQ(wcslen(L"hello"), 5);
    CHECK_EQ(wcslen(L""), 0);
    CHECK_EQ(wcsnlen(L"hello", 3), 3);
    CHECK_EQ(wcsnlen(L"hi", 10), 2);
    CHECK(wcscpy(Buf, L"abc") == Buf);
    CHECK_WSTR(Buf, L"abc");
    CHECK_WSTR(wcscat(Buf, L"def"), L"abcdef");
    CHECK_WSTR(wcsncat(Buf, L"ghijk", 2), L"abcdefgh");
    wmemset(Buf, L'#', 32);
    wcsncpy(Buf, L"ab", 4);
    CHECK(Buf[0] == L'a' && Buf[1] == L'b' && Buf[2] == 0 && Buf[3] == 0 && Buf[4] == L'#');
    CHECK(wcscmp(L"abc", L"abd") < 0);
    CHECK(wcscmp(L"abd", L"abc") > 0);
    CHECK(wcscmp(L"abc", L"abc") == 0);
    CHECK(wcscmp(L"\xFFFF", L"a") > 0);            /* code units compare unsigned */
    CHECK(wcsncmp(L"abcX", L"abcY", 3) == 0);
    CHECK(_wcsicmp(L"Hello", L"hELLO") == 0);
    CHECK(_wcsicmp(L"abc", L"ABD") < 0);
    CHECK(_wcsnicmp(L"ABCdef", L"abcXYZ", 3) == 0);
    CHECK(_wcsnicmp(L"ABCdef", L"abcXYZ", 4) != 0);
    CHECK(wcsicmp(L"X", L"x") == 0);
    CHECK(wcschr(L"hello", L'l') != NULL && *wcschr(L"hello", L'l') == L'l');
    CHECK(wcschr(L"hello", L'z') == NULL);
    CHECK(wcschr(L"hello", 0) != NULL);
    CHECK_WSTR(wcsrchr(L"hello", L'l'), L"lo");
    CHECK_WSTR(wcsstr(L"needle in haystack", L"hay"), L"haystack");
    CHECK(wcsstr(L"abc", L"x") == NULL);
    CHECK_EQ(wcsspn(L"aabbcd", L"ab"), 4);
    CHECK_EQ(wcscspn(L"abcd", L"dc"), 2);
    CHECK_WSTR(wcspbrk(L"abcd", L"dc"), L"cd");

    wcscpy(Buf, L"a,b,,c");
    CHECK_WSTR(wcstok(Buf, L",", &Context), L"a");
    CHECK_WSTR(wcstok(NULL, L",", &Context), L"b");
    CHECK_WSTR(wcstok(NULL, L",", &Context), L"c");
    CHECK(wcstok(NULL, L",", &Context) == NULL);

    wchar_t *Copy = _wcsdup(L"dup\u00e9");
    CHECK(Copy != NULL && wcscmp(Copy, L"dup\u00e9") == 0);
    free(Copy);
    Copy = wcsdup(L"posix");
    CHECK(Copy != NULL && wcscmp(Copy, L"posix") == 0);
    free(Copy);

    wcscpy(Buf, L"MiXeD 123");
    CHECK_WSTR(_wcslwr(Buf), L"mixed 123");
    CHECK_WSTR(_wcsupr(Buf), L"MIXED 123");
    CHECK_WSTR(_wcsrev(Buf), L"321 DEXIM");
    CHECK(wmemcmp(L"ab", L"ac", 2) < 0);
    CHECK(wmemchr(L"abc", L'c', 3) != NULL);
    wmemcpy(Buf, L"xyz", 4);
    CHECK_WSTR(Buf, L"xyz");
    wmemmove(Buf + 1, Buf, 4);
    CHECK_WSTR(Buf, L"xxyz");
}

static void TestSecure(void)
{
    wchar_t Small[4];
    errno_t e;

    CHECK_EQ(wcscpy_s(Small, 4, L"abc"), 0);
    CHECK_WSTR(Small, L"abc");
    /* Does not fit: "" and ERANGE, after the handler. */
    CHECK_HANDLER(1, e = wcscpy_s(Small, 4, L"abcd"));
    CHECK_EQ(e, ERANGE);
    CHECK_EQ(Small[0], 0);
    /* NULL source: "" and EINVAL; NULL destination or size 0: EINVAL. */
    wcscpy(Small, L"x");
    CHECK_HANDLER(1, e = wcscpy_s(Small, 4, NULL));
    CHECK_EQ(e, EINVAL);
    CHECK_EQ(Small[0], 0);
    CHECK_HANDLER(1, e = wcscpy_s(NULL, 4, L"a"));
    CHECK_EQ(e, EINVAL);
    CHECK_HANDLER(1, e = wcscpy_s(Small, 0, L"a"));
    CHECK_EQ(e, EINVAL);

    /* wcsncpy_s: a count, or _TRUNCATE (STRUNCATE, no handler). */
    CHECK_EQ(wcsncpy_s(Small, 4, L"abcdef", 2), 0);
    CHECK_WSTR(Small, L"ab");
    CHECK_HANDLER(0, e = wcsncpy_s(Small, 4, L"abcdef", _TRUNCATE));
    CHECK_EQ(e, STRUNCATE);
    CHECK_WSTR(Small, L"abc");
    CHECK_HANDLER(1, e = wcsncpy_s(Small, 4, L"abcdef", 5));
    CHECK_EQ(e, ERANGE);
    CHECK_EQ(Small[0], 0);
    CHECK_EQ(wcsncpy_s(NULL, 0, NULL, 0), 0);

    /* wcscat_s. */
    wcscpy(Small, L"a");
    CHECK_EQ(wcscat_s(Small, 4, L"bc"), 0);
    CHECK_WSTR(Small, L"abc");
    CHECK_HANDLER(1, e = wcscat_s(Small, 4, L"d"));
    CHECK_EQ(e, ERANGE);
    CHECK_EQ(Small[0], 0);
    /* An unterminated destination: EINVAL. */
    wmemset(Small, L'z', 4);
    CHECK_HANDLER(1, e = wcscat_s(Small, 4, L"d"));
    CHECK_EQ(e, EINVAL);
    CHECK_EQ(Small[0], 0);
    wcscpy(Small, L"a");
    CHECK_HANDLER(0, e = wcsncat_s(Small, 4, L"bcdef", _TRUNCATE));
    CHECK_EQ(e, STRUNCATE);
    CHECK_WSTR(Small, L"abc");

    /* _wcslwr_s of an unterminated string. */
    wmemset(Small, L'Z', 4);
    CHECK_HANDLER(1, e = _wcslwr_s(Small, 4));
    CHECK_EQ(e, EINVAL);
    wcscpy(Small, L"AB");
    CHECK_EQ(_wcsupr_s(Small, 4), 0);
    CHECK_EQ(_wcslwr_s(Small, 4), 0);
    CHECK_WSTR(Small, L"ab");

    /* wmemcpy_s: too small clears the destination. */
    wchar_t Four[4] = { 1, 2, 3, 4 };
    CHECK_HANDLER(1, e = wmemcpy_s(Four, 2, L"abc", 3));
    CHECK_EQ(e, ERANGE);
    CHECK(Four[0] == 0 && Four[1] == 0 && Four[2] == 3);
    CHECK_EQ(wmemcpy_s(Four, 4, L"abc", 3), 0);
    CHECK(Four[2] == L'c');

    /* _itow_s. */
    CHECK_EQ(_itow_s(-42, Small, 4, 10), 0);
    CHECK_WSTR(Small, L"-42");
    CHECK_HANDLER(1, e = _itow_s(-420, Small, 4, 10));
    CHECK_EQ(e, ERANGE);
    CHECK_EQ(Small[0], 0);
    CHECK_HANDLER(1, e = _itow_s(1, Small, 4, 1));
    CHECK_EQ(e, EINVAL);
}

static void TestNumbers(void)
{
    wchar_t *End;
    wchar_t Text[40];

    CHECK_EQ(wcstol(L"  -1234xyz", &End, 10), -1234L);
    CHECK_WSTR(End, L"xyz");
    CHECK_EQ(wcstol(L"0x1F", &End, 0), 31);
    CHECK_EQ(wcstol(L"017", NULL, 0), 15);
    CHECK_EQ(wcstoul(L"ffffffff", NULL, 16), 0xFFFFFFFFu);
    CHECK_EQ(wcstoll(L"-9223372036854775808", NULL, 10), LLONG_MIN);
    errno = 0;
    CHECK_EQ(wcstoull(L"18446744073709551616", NULL, 10), ULLONG_MAX);
    CHECK_EQ(errno, ERANGE);
    CHECK_EQ(_wcstoi64(L"123456789012", NULL, 10), 123456789012LL);
    CHECK_EQ(wcstol(L"junk", &End, 10), 0);
    CHECK_WSTR(End, L"junk");
    CHECK_HANDLER(1, CHECK_EQ(wcstol(L"1", NULL, 99), 0));
    CHECK_EQ(_wtoi(L" 42abc"), 42);
    CHECK_EQ(_wtol(L"-7"), -7L);
    errno = 0;
    CHECK_EQ(_wtoi(L"99999999999"), INT_MAX);
    CHECK_EQ(errno, ERANGE);
    CHECK_EQ(_wtoi64(L"-5000000000"), -5000000000LL);
    CHECK(wcstod(L" 2.5e3rest", &End) == 2500.0);
    CHECK_WSTR(End, L"rest");
    CHECK(_wtof(L"0.25") == 0.25);

    CHECK_WSTR(_itow(255, Text, 16), L"ff");
    CHECK_WSTR(_itow(-255, Text, 16), L"ffffff01");        /* two's complement outside radix 10 */
    CHECK_WSTR(_itow(-255, Text, 10), L"-255");
    CHECK_WSTR(_ultow(4000000000ul, Text, 10), L"4000000000");
    CHECK_WSTR(_ltow(-1, Text, 16), L"ffffffff");          /* a LONG is 32-bit */
    CHECK_WSTR(_i64tow(-1, Text, 16), L"ffffffffffffffff");
    CHECK_WSTR(_ui64tow(18446744073709551615ull, Text, 10), L"18446744073709551615");

    struct tm Time;
    memset(&Time, 0, sizeof Time);
    Time.tm_year = 124;
    Time.tm_mon = 0;
    Time.tm_mday = 2;
    Time.tm_hour = 3;
    CHECK_EQ(wcsftime(Text, 40, L"%Y-%m-%d %H \u00e9", &Time), 15);
    CHECK_WSTR(Text, L"2024-01-02 03 \u00e9");
    CHECK_EQ(wcsftime(Text, 5, L"%Y-%m-%d", &Time), 0);
}

static void TestConversions(void)
{
    wchar_t Wide[16];
    char Narrow[32];
    mbstate_t State;

    /* UTF-8 -> UTF-16, a supplementary character as a surrogate pair. */
    CHECK_EQ(mbstowcs(Wide, "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 16), 5);
    CHECK(Wide[0] == L'a' && Wide[1] == 0xE9 && Wide[2] == 0x20AC && Wide[3] == 0xD83D &&
          Wide[4] == 0xDE00 && Wide[5] == 0);
    CHECK_EQ(mbstowcs(NULL, "\xF0\x9F\x98\x80x", 0), 3);
    /* A pair is not split at the end of the destination. */
    wmemset(Wide, L'#', 16);
    CHECK_EQ(mbstowcs(Wide, "a\xF0\x9F\x98\x80", 2), 1);
    CHECK(Wide[1] == L'#');
    errno = 0;
    CHECK_EQ(mbstowcs(Wide, "bad\xFF", 16), (size_t)-1);
    CHECK_EQ(errno, EILSEQ);

    /* UTF-16 -> UTF-8. */
    CHECK_EQ(wcstombs(Narrow, L"a\u00e9\xD83D\xDE00", sizeof Narrow), 7);
    CHECK_STR(Narrow, "a\xC3\xA9\xF0\x9F\x98\x80");
    CHECK_EQ(wcstombs(NULL, L"\u20ac", 0), 3);
    errno = 0;
    CHECK_EQ(wcstombs(Narrow, L"x\xDC00", sizeof Narrow), (size_t)-1);
    CHECK_EQ(errno, EILSEQ);
    /* A sequence is not split either. */
    memset(Narrow, '#', sizeof Narrow);
    CHECK_EQ(wcstombs(Narrow, L"a\u20ac", 3), 1);
    CHECK(Narrow[1] == '#');

    size_t Converted = 0;
    CHECK_EQ(mbstowcs_s(&Converted, Wide, 16, "xyz", _TRUNCATE), 0);
    CHECK_EQ(Converted, 4);
    CHECK_WSTR(Wide, L"xyz");
    CHECK_EQ(mbstowcs_s(&Converted, Wide, 3, "xyz", _TRUNCATE), STRUNCATE);
    CHECK_WSTR(Wide, L"xy");
    CHECK_HANDLER(1, CHECK_EQ(mbstowcs_s(&Converted, Wide, 3, "xyz", 10), ERANGE));
    CHECK_EQ(wcstombs_s(&Converted, Narrow, sizeof Narrow, L"\u00e9", _TRUNCATE), 0);
    CHECK_EQ(Converted, 3);

    /* One character at a time. */
    CHECK_EQ(mbtowc(Wide, "\xE2\x82\xAC", 3), 3);
    CHECK_EQ(Wide[0], 0x20AC);
    CHECK_EQ(mbtowc(Wide, "\xE2\x82", 2), -1);
    CHECK_EQ(wctomb(Narrow, 0xE9), 2);
    CHECK_EQ(wctomb(Narrow, 0xD800), -1);
    CHECK_EQ(mblen("\xC3\xA9", 2), 2);
    CHECK_EQ(btowc('A'), L'A');
    CHECK_EQ(btowc(0xE9), WEOF);
    CHECK_EQ(wctob(L'z'), 'z');

    /* Restartable: a sequence given in pieces, and a pair from one sequence. */
    memset(&State, 0, sizeof State);
    CHECK(mbsinit(&State));
    CHECK_EQ(mbrtowc(Wide, "\xF0\x9F", 2, &State), (size_t)-2);
    CHECK(!mbsinit(&State));
    CHECK_EQ(mbrtowc(Wide, "\x98\x80", 2, &State), 2);
    CHECK_EQ(Wide[0], 0xD83D);
    CHECK_EQ(mbrtowc(Wide, "z", 1, &State), (size_t)-3);
    CHECK_EQ(Wide[0], 0xDE00);
    CHECK(mbsinit(&State));
    CHECK_EQ(mbrtowc(Wide, "z", 1, &State), 1);
    CHECK_EQ(wcrtomb(Narrow, 0xD83D, &State), 0);
    CHECK_EQ(wcrtomb(Narrow, 0xDE00, &State), 4);
    CHECK(memcmp(Narrow, "\xF0\x9F\x98\x80", 4) == 0);
    const char *Source = "ab\xC3\xA9";
    memset(&State, 0, sizeof State);
    CHECK_EQ(mbsrtowcs(Wide, &Source, 16, &State), 3);
    CHECK(Source == NULL);
    const wchar_t *WideSource = L"\u00e9!";
    CHECK_EQ(wcsrtombs(Narrow, &WideSource, sizeof Narrow, &State), 3);
    CHECK(WideSource == NULL);
}

static void TestClasses(void)
{
    CHECK(iswalpha(L'a') && iswalpha(0xE9) && iswalpha(0x65E5));  /* Unicode, in the C locale */
    CHECK(!iswalpha(L'1') && !iswalpha(0xD800) && !iswalpha(WEOF));
    CHECK(iswdigit(L'7') && !iswdigit(L'x'));
    CHECK(iswspace(L' ') && iswspace(L'\t') && iswspace(0x3000) && !iswspace(L'x'));
    CHECK(iswupper(0xC9) && iswlower(0xE9));
    CHECK(iswxdigit(L'F') && !iswxdigit(L'G'));
    CHECK(iswpunct(L'!') && iswcntrl(L'\n') && iswprint(L' ') && !iswgraph(L' '));
    CHECK(iswalnum(L'z') && iswblank(L' '));
    CHECK(iswctype(L'q', wctype("alpha")) && !iswctype(L'1', wctype("alpha")));
    CHECK(iswctype(L'5', _DIGIT) && iswctype(L'a', _ALPHA) && !iswctype(L'a', _DIGIT));
    CHECK(iswascii(L'a') && !iswascii(0xE9));
    /* Case: ASCII in the "C" locale (Microsoft's rule). */
    CHECK_EQ(towupper(L'a'), L'A');
    CHECK_EQ(towlower(L'Q'), L'q');
    CHECK_EQ(towupper(0xE9), 0xE9);
    CHECK_EQ(towupper(0xD800), 0xD800);
    CHECK_EQ(towupper(WEOF), WEOF);
    CHECK_EQ(wcwidth(L'a'), 1);
    CHECK_EQ(wcwidth(0x65E5), 2);
}

static void TestStreams(void)
{
    FILE *File = tmpfile();
    CHECK(File != NULL);
    if (File == NULL) {
        return;
    }
    CHECK_EQ(fputwc(L'\u00e9', File), 0xE9);
    CHECK_EQ(fputws(L"x\xD83D", File), 0);
    CHECK_EQ(fputwc(0xDE00, File), 0xDE00);      /* the pair written in two calls */
    CHECK_EQ(fputws(L"\nline2\n", File), 0);
    CHECK_EQ(fwide(File, 1), 0);
    fflush(File);
    rewind(File);
    char Bytes[32] = "";
    CHECK_EQ(fread(Bytes, 1, sizeof Bytes, File), 14);
    CHECK(memcmp(Bytes, "\xC3\xA9x\xF0\x9F\x98\x80\nline2\n", 14) == 0);
    rewind(File);
    CHECK_EQ(fgetwc(File), 0xE9);
    CHECK_EQ(fgetwc(File), L'x');
    CHECK_EQ(fgetwc(File), 0xD83D);
    CHECK_EQ(fgetwc(File), 0xDE00);
    CHECK_EQ(ungetwc(L'\u20ac', File), 0x20AC);
    CHECK_EQ(fgetwc(File), 0x20AC);
    wchar_t Line[16];
    CHECK(fgetws(Line, 16, File) != NULL);
    CHECK_WSTR(Line, L"\n");
    CHECK(fgetws(Line, 16, File) != NULL);
    CHECK_WSTR(Line, L"line2\n");
    CHECK_EQ(fgetwc(File), WEOF);
    CHECK(fgetws(Line, 16, File) == NULL);
    /* The usual loop ends with Microsoft's 16-bit WEOF. */
    rewind(File);
    wchar_t c;
    int Count = 0;
    while ((c = fgetwc(File)) != WEOF && Count < 100) {
        Count++;
    }
    CHECK_EQ(Count, 11);
    fclose(File);

    /* _wfopen: a UTF-16 name is a UTF-8 name on disk. */
    wchar_t Name[64];
    swprintf(Name, 64, L"/tmp/ntio-crt-\u00e9-%lu.txt", (unsigned long)GetCurrentProcessId());
    FILE *Named = _wfopen(Name, L"wt, ccs=UTF-8");
    CHECK(Named != NULL);
    if (Named != NULL) {
        fwprintf(Named, L"%s", L"ok");
        fclose(Named);
        char NarrowName[64];
        wcstombs(NarrowName, Name, sizeof NarrowName);
        FILE *Check = fopen(NarrowName, "r");
        CHECK(Check != NULL);
        if (Check != NULL) {
            char Text[8] = "";
            CHECK(fgets(Text, sizeof Text, Check) != NULL);
            CHECK_STR(Text, "ok");
            fclose(Check);
        }
        CHECK_EQ(_wremove(Name), 0);
    }
    CHECK_HANDLER(1, CHECK(fopen("/tmp/x", "q") == NULL));
}

int main(void)
{
    _set_invalid_parameter_handler(CrtTestHandler);
    TestStrings();
    TestSecure();
    TestNumbers();
    TestConversions();
    TestClasses();
    TestStreams();
    return test_summary("crt wide");
}
