/*
 * tests/unit/test_format_wide_sink.c - the formatter's entry points for
 * the application CRT: RtlpFormatWToSinkV (wprintf: a WCHAR format whose
 * output reaches the sink as UTF-8, counted in WCHARs) and
 * RtlpFormatUnterminatedV / RtlpFormatUnterminatedWV (_vsnprintf and
 * UNICODE_STRING output: every unit usable, no terminator written).
 */
#include <stdarg.h>

#include <ntio/format.h>

#include "harness.h"

typedef struct _SINK_STATE {
    char Text[8192];
    size_t Length;
    int Calls;
    int SawEmpty;
} SINK_STATE;

static void Sink(void *Context, const char *Chars, size_t Count)
{
    SINK_STATE *State = Context;
    State->Calls++;
    if (Count == 0) {
        State->SawEmpty = 1;
    }
    if (State->Length + Count < sizeof(State->Text)) {
        memcpy(State->Text + State->Length, Chars, Count);
    }
    State->Length += Count;
    State->Text[State->Length < sizeof(State->Text) ? State->Length : sizeof(State->Text) - 1] = 0;
}

static int ToWideSink(SINK_STATE *State, const WCHAR *Format, ...)
{
    va_list Args;
    memset(State, 0, sizeof(*State));
    va_start(Args, Format);
    int Result = RtlpFormatWToSinkV(Sink, State, Format, Args);
    va_end(Args);
    return Result;
}

static int CountWide(const WCHAR *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = RtlpFormatWToSinkV(NULL, NULL, Format, Args);
    va_end(Args);
    return Result;
}

static int Unterminated(char *Buffer, size_t Count, const char *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = RtlpFormatUnterminatedV(Buffer, Count, Format, Args);
    va_end(Args);
    return Result;
}

static int UnterminatedW(WCHAR *Buffer, size_t Count, const WCHAR *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = RtlpFormatUnterminatedWV(Buffer, Count, Format, Args);
    va_end(Args);
    return Result;
}

static int NullFormat(SINK_STATE *State, ...)
{
    va_list Args;
    va_start(Args, State);
    int Result = RtlpFormatWToSinkV(Sink, State, NULL, Args);
    va_end(Args);
    return Result;
}

static void TestWideSink(void)
{
    static SINK_STATE State;
    int r;

    /* %s is WCHAR, %S and %hs narrow; the count is in WCHARs, the bytes are UTF-8. */
    r = ToWideSink(&State, L"%s|%S|%hs|%d", L"\u00e9t\u00e9", "\xC3\xA9", "x", 42);
    CHECK_EQ(r, 3 + 1 + 1 + 1 + 1 + 1 + 2);
    CHECK_STR(State.Text, "\xC3\xA9t\xC3\xA9|\xC3\xA9|x|42");

    /* Literal text of the format is converted too. */
    r = ToWideSink(&State, L"\u65e5\u672c %c", L'\u00fc');
    CHECK_EQ(r, 4);
    CHECK_STR(State.Text, "\xE6\x97\xA5\xE6\x9C\xAC \xC3\xBC");

    /* A surrogate pair is one 4-byte character, counted as 2 WCHARs. */
    r = ToWideSink(&State, L"[%s]", L"\xD83D\xDE00");
    CHECK_EQ(r, 4);
    CHECK_STR(State.Text, "[\xF0\x9F\x98\x80]");

    /* A lone surrogate becomes U+FFFD. */
    r = ToWideSink(&State, L"%s", L"a\xD800" L"b");
    CHECK_EQ(r, 3);
    CHECK_STR(State.Text, "a\xEF\xBF\xBD" "b");
    r = ToWideSink(&State, L"%s", L"\xDC00");
    CHECK_EQ(r, 1);
    CHECK_STR(State.Text, "\xEF\xBF\xBD");

    /* A pair split across the engine's pieces still arrives whole. */
    static WCHAR Long[600];
    for (int i = 0; i < 599; i++) {
        Long[i] = L'w';
    }
    Long[255] = 0xD83D;           /* the pair straddles the 256-unit stage */
    Long[256] = 0xDE00;
    Long[599] = 0;
    r = ToWideSink(&State, L"%s", Long);
    CHECK_EQ(r, 599);
    CHECK_EQ(State.Length, 597 + 4);
    CHECK(memcmp(State.Text + 255, "\xF0\x9F\x98\x80", 4) == 0);
    CHECK(State.Calls > 1);
    CHECK(!State.SawEmpty);

    /* Padding and numbers. */
    r = ToWideSink(&State, L"%-4s|%5.1f|%#x|%I64d", L"ab", 2.5, 255, -5LL);
    CHECK_STR(State.Text, "ab  |  2.5|0xff|-5");
    CHECK_EQ(r, (int)strlen(State.Text));

    /* Long output arrives in pieces that add up. */
    r = ToWideSink(&State, L"%2000d", 1);
    CHECK_EQ(r, 2000);
    CHECK_EQ(State.Length, 2000);
    CHECK(State.Text[1999] == '1');

    /* Invalid formats: -1, what came before delivered. */
    r = ToWideSink(&State, L"ok %y", 1);
    CHECK_EQ(r, -1);
    CHECK_STR(State.Text, "ok ");
    CHECK_EQ(CountWide(L"%n", NULL), -1);
    CHECK_EQ(NullFormat(&State), -1);

    /* A NULL sink counts WCHARs. */
    CHECK_EQ(CountWide(L"%s%S", L"\xD83D\xDE00", "\xF0\x9F\x98\x80"), 4);
    CHECK_EQ(CountWide(L""), 0);
}

static void TestUnterminated(void)
{
    char Buffer[8];
    WCHAR Wide[8];
    int r;

    /* Shorter than the buffer: stored, the rest untouched (no terminator). */
    memset(Buffer, '#', sizeof Buffer);
    r = Unterminated(Buffer, 8, "%d", 123);
    CHECK_EQ(r, 3);
    CHECK(memcmp(Buffer, "123#####", 8) == 0);

    /* Exactly the buffer: every unit used. */
    memset(Buffer, '#', sizeof Buffer);
    r = Unterminated(Buffer, 5, "%s", "abcde");
    CHECK_EQ(r, 5);
    CHECK(memcmp(Buffer, "abcde###", 8) == 0);

    /* Longer: cut at Count, the full length returned. */
    memset(Buffer, '#', sizeof Buffer);
    r = Unterminated(Buffer, 4, "%s", "abcdefgh");
    CHECK_EQ(r, 8);
    CHECK(memcmp(Buffer, "abcd####", 8) == 0);

    /* Measuring. */
    CHECK_EQ(Unterminated(NULL, 0, "%5d", 1), 5);
    CHECK_EQ(Unterminated(NULL, 3, "x"), -1);
    CHECK_EQ(Unterminated(Buffer, 8, "%y"), -1);

    for (int i = 0; i < 8; i++) {
        Wide[i] = L'#';
    }
    r = UnterminatedW(Wide, 3, L"%s-%d", L"ab", 7);
    CHECK_EQ(r, 4);
    CHECK(Wide[0] == L'a' && Wide[1] == L'b' && Wide[2] == L'-' && Wide[3] == L'#');
    r = UnterminatedW(Wide, 8, L"%S", "\xC3\xA9");
    CHECK_EQ(r, 1);
    CHECK(Wide[0] == 0xE9 && Wide[1] == L'b');
    CHECK_EQ(UnterminatedW(NULL, 0, L"%wZ", NULL), 6);     /* "(null)" */
}

int main(void)
{
    TestWideSink();
    TestUnterminated();
    return test_summary("test_format_wide_sink");
}
