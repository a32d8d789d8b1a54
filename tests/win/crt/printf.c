/*
 * tests/win/crt/printf.c - the printf family of ntio's CRT: Microsoft's
 * formats, the return-value and truncation rules of snprintf, _snprintf,
 * sprintf_s, _snprintf_s, swprintf, _snwprintf, swprintf_s, _snwprintf_s,
 * the invalid-parameter handling, and stream output (narrow and wide) read
 * back from a file.
 */
#define _GNU_SOURCE 1 /* the GNU asprintf is tested too */
#include <windows.h>
#include <limits.h>
#include <ntio/ntdef.h> /* UNICODE_STRING, ANSI_STRING (winternl.h on Windows) */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "crt_test.h"

static char Buf[256];
static wchar_t WBuf[256];

#define CHECK_SPRINTF(Expected, ...)                                       \
    do {                                                                   \
        int _r = sprintf(Buf, __VA_ARGS__);                                \
        CHECK_STR(Buf, (Expected));                                        \
        CHECK_EQ(_r, strlen(Expected));                                    \
    } while (0)

#define CHECK_SWPRINTF(Expected, ...)                                      \
    do {                                                                   \
        int _r = swprintf(WBuf, 256, __VA_ARGS__);                         \
        CHECK_WSTR(WBuf, (Expected));                                      \
        CHECK_EQ(_r, wcslen(Expected));                                    \
    } while (0)

static void TestFormats(void)
{
    DWORD Dword = 4000000000u;
    LONG Negative = -7;
    ULONGLONG Big = 0x123456789ABCDEF0ull;
    UNICODE_STRING Us = { 6, 8, (PWCH)L"abc" };
    ANSI_STRING As = { 2, 3, (PCHAR)"xy" };

    /* long is 32-bit: a DWORD prints right with %lu. */
    CHECK_SPRINTF("4000000000", "%lu", Dword);
    CHECK_SPRINTF("-7 fffffff9", "%ld %lx", Negative, Negative);
    CHECK_SPRINTF("ee6b2800", "%lx", Dword);
    /* Microsoft's size prefixes. */
    CHECK_SPRINTF("1311768467463790320 123456789abcdef0", "%I64d %I64x", Big, Big);
    CHECK_SPRINTF("-5 18446744073709551611", "%Id %Iu", (SSIZE_T)-5, (SIZE_T)-5);
    CHECK_SPRINTF("-1", "%I32d", 0xFFFFFFFFu);
    CHECK_SPRINTF("9 8", "%zu %lld", (size_t)9, 8LL);
    /* Wide text in narrow output, converted to UTF-8. */
    CHECK_SPRINTF("wide|W\xC3\xA9|c|\xE2\x82\xAC", "%ws|%S|%wc|%C", L"wide", L"W\u00e9", L'c',
                  L'\u20ac');
    CHECK_SPRINTF("abc xy", "%wZ %Z", &Us, &As);
    CHECK_SPRINTF("(null) (null)", "%s %ws", (char *)NULL, (wchar_t *)NULL);
    /* %p: 16 upper-case digits, no 0x. */
    CHECK_SPRINTF("00000000DEADBEEF", "%p", (void *)(ULONG_PTR)0xDEADBEEF);
    CHECK_SPRINTF("[  3.14] [3.1416e+00] [inf] [-INF]", "[%6.2f] [%.4e] [%f] [%F]", 3.14159,
                  3.14159, 1.0 / 0.0, -1.0 / 0.0);
    CHECK_SPRINTF("0x1f|   -42|-42   |+0042", "%#x|%6d|%-6d|%+05d", 31, -42, -42, 42);

    /* The wide formatter: %s and %c are wide, %S %hs narrow. */
    CHECK_SWPRINTF(L"wide narrow \u00e9 x", L"%s %S %hs %c", L"wide", "narrow", "\xC3\xA9", L'x');
    CHECK_SWPRINTF(L"4000000000 -7 123456789ABCDEF0", L"%lu %ld %I64X", Dword, Negative, Big);
    CHECK_SWPRINTF(L"abc", L"%wZ", &Us);
}

static void TestReturnRules(void)
{
    char Small[8];
    int r;

    /* snprintf (ISO C): always terminated, returns the full length. */
    r = snprintf(Small, sizeof Small, "%s", "abcdefghij");
    CHECK_EQ(r, 10);
    CHECK_STR(Small, "abcdefg");
    CHECK_EQ(snprintf(NULL, 0, "%d", 12345), 5);

    /* _snprintf: -1 when cut, and no terminator. */
    memset(Small, '#', sizeof Small);
    r = _snprintf(Small, 4, "%s", "abcdefgh");
    CHECK_EQ(r, -1);
    CHECK(memcmp(Small, "abcd####", 8) == 0);
    /* Exactly Count characters: stored, unterminated, the length returned. */
    memset(Small, '#', sizeof Small);
    r = _snprintf(Small, 4, "%d", 1234);
    CHECK_EQ(r, 4);
    CHECK(memcmp(Small, "1234####", 8) == 0);
    /* Shorter: terminated. */
    r = _snprintf(Small, 8, "%d", 12);
    CHECK_EQ(r, 2);
    CHECK_STR(Small, "12");
    CHECK_EQ(_snprintf(NULL, 0, "%s", "count"), 5);

    /* _scprintf counts. */
    CHECK_EQ(_scprintf("%I64u", ULLONG_MAX), 20);

    /* sprintf_s: fits. */
    r = sprintf_s(Small, sizeof Small, "%d-%d", 1, 2);
    CHECK_EQ(r, 3);
    CHECK_STR(Small, "1-2");

    /* _snprintf_s with _TRUNCATE: cut, terminated, -1, no handler. */
    CHECK_HANDLER(0, r = _snprintf_s(Small, sizeof Small, _TRUNCATE, "%s", "0123456789"));
    CHECK_EQ(r, -1);
    CHECK_STR(Small, "0123456");
    /* A count below the size: at most that many characters. */
    CHECK_HANDLER(0, r = _snprintf_s(Small, sizeof Small, 3, "%s", "0123456789"));
    CHECK_EQ(r, -1);
    CHECK_STR(Small, "012");
    CHECK_HANDLER(0, r = _snprintf_s(Small, sizeof Small, 3, "%s", "ab"));
    CHECK_EQ(r, 2);
    CHECK_STR(Small, "ab");

    /* The wide counterparts. */
    wchar_t WSmall[6];
    r = swprintf(WSmall, 6, L"%s", L"abcdefgh");
    CHECK_EQ(r, -1);                               /* ISO swprintf: -1 when cut */
    CHECK_WSTR(WSmall, L"abcde");
    r = swprintf(WSmall, 6, L"%d", 42);
    CHECK_EQ(r, 2);
    CHECK_WSTR(WSmall, L"42");
    wmemset(WSmall, L'#', 6);
    r = _snwprintf(WSmall, 3, L"%s", L"abcdef");
    CHECK_EQ(r, -1);
    CHECK(WSmall[0] == L'a' && WSmall[2] == L'c' && WSmall[3] == L'#');
    r = _snwprintf(WSmall, 3, L"%s", L"xyz");
    CHECK_EQ(r, 3);
    CHECK(WSmall[2] == L'z' && WSmall[3] == L'#');
    CHECK_HANDLER(0, r = _snwprintf_s(WSmall, 6, _TRUNCATE, L"%S", "abcdefgh"));
    CHECK_EQ(r, -1);
    CHECK_WSTR(WSmall, L"abcde");
    CHECK_EQ(_scwprintf(L"%s%d", L"ab", 100), 5);
    r = swprintf_s(WSmall, 6, L"%c%c", L'o', L'k');
    CHECK_EQ(r, 2);
    CHECK_WSTR(WSmall, L"ok");
}

static void TestInvalidParameters(void)
{
    char Small[8];
    wchar_t WSmall[4];
    int r;

    /* sprintf_s that does not fit: "" in the buffer, ERANGE, -1, the handler. */
    strcpy(Small, "old");
    errno = 0;
    CHECK_HANDLER(1, r = sprintf_s(Small, sizeof Small, "%s", "too long for it"));
    CHECK_EQ(r, -1);
    CHECK_EQ(errno, ERANGE);
    CHECK_STR(Small, "");

    /* _snprintf_s with a count that does not fit the buffer: the same. */
    strcpy(Small, "old");
    errno = 0;
    CHECK_HANDLER(1, r = _snprintf_s(Small, 4, 10, "%s", "abcdefgh"));
    CHECK_EQ(r, -1);
    CHECK_EQ(errno, ERANGE);
    CHECK_STR(Small, "");

    /* NULL buffer or format, zero size: EINVAL. */
    errno = 0;
    CHECK_HANDLER(1, r = sprintf_s(NULL, 8, "x"));
    CHECK_EQ(r, -1);
    CHECK_EQ(errno, EINVAL);
    errno = 0;
    CHECK_HANDLER(1, r = sprintf_s(Small, 0, "x"));
    CHECK_EQ(r, -1);
    CHECK_EQ(errno, EINVAL);
    errno = 0;
    CHECK_HANDLER(1, r = snprintf(Small, sizeof Small, NULL));
    CHECK_EQ(r, -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_HANDLER(1, r = _snprintf(NULL, 5, "x"));
    CHECK_EQ(r, -1);

    /* An invalid conversion or %n: an invalid parameter too. */
    errno = 0;
    CHECK_HANDLER(1, r = sprintf(Small, "a%yb"));
    CHECK_EQ(r, -1);
    CHECK_EQ(errno, EINVAL);
    int Count = 0;
    CHECK_HANDLER(1, r = snprintf(Small, sizeof Small, "ab%n", &Count));
    CHECK_EQ(r, -1);
    CHECK_EQ(Count, 0);

    /* swprintf_s too small. */
    errno = 0;
    CHECK_HANDLER(1, r = swprintf_s(WSmall, 4, L"%s", L"abcd"));
    CHECK_EQ(r, -1);
    CHECK_EQ(errno, ERANGE);
    CHECK_WSTR(WSmall, L"");
}

static void TestStreams(void)
{
    FILE *File = tmpfile();
    CHECK(File != NULL);
    if (File == NULL) {
        return;
    }
    /* printf and wprintf output interleave with glibc's own stream functions. */
    CHECK_EQ(fprintf(File, "%lu|%ws|", (DWORD)3000000000u, L"\u00e9"), 14);
    CHECK_EQ(fputs("puts|", File), 1);
    CHECK_EQ(fwprintf(File, L"%s|%S|%I64d\n", L"\u65e5\u672c", "n", -1LL), 8);
    CHECK_EQ(fwprintf_s(File, L"%c", L'!'), 1);
    rewind(File);
    char Line[64] = "";
    CHECK(fgets(Line, sizeof Line, File) != NULL);
    CHECK_STR(Line, "3000000000|\xC3\xA9|puts|\xE6\x97\xA5\xE6\x9C\xAC|n|-1\n");
    CHECK(fgets(Line, sizeof Line, File) != NULL);
    CHECK_STR(Line, "!");
    fclose(File);

    /* A NULL stream is an invalid parameter. */
    CHECK_HANDLER(1, CHECK_EQ(fprintf(NULL, "x"), -1));

    /* asprintf and vdprintf-style helpers use the same engine. */
    char *Text = NULL;
    CHECK_EQ(asprintf(&Text, "%lu/%ws", (DWORD)4294967295u, L"ok"), 13);
    CHECK(Text != NULL && strcmp(Text, "4294967295/ok") == 0);
    free(Text);
}

int main(void)
{
    _set_invalid_parameter_handler(CrtTestHandler);
    TestFormats();
    TestReturnRules();
    TestInvalidParameters();
    TestStreams();
    return test_summary("crt printf");
}
