/*
 * tests/unit/test_format.c - ntio's printf-family formatter (Microsoft
 * semantics): every conversion and size prefix, flags, width/precision,
 * counted strings, UTF-8/UTF-16 conversion, truncation and return values,
 * invalid formats, the WCHAR variant and the streaming sink.
 *
 * Expected strings are written by hand; only floating-point digits are
 * compared against the C library, which the formatter uses for them.
 */
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdint.h>

#include <ntio/format.h>

#include "harness.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */
/* ------------------------------------------------------------------------ */

static char Buf[4096];
static WCHAR WBuf[1024];

static int Fmt(char *Buffer, size_t Size, const char *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = RtlpFormatV(Buffer, Size, Format, Args);
    va_end(Args);
    return Result;
}

static int FmtW(WCHAR *Buffer, size_t Count, const WCHAR *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = RtlpFormatWV(Buffer, Count, Format, Args);
    va_end(Args);
    return Result;
}

/* Formats into Buf and checks both the text and the return value. */
#define CHECK_FMT(Expected, ...)                                           \
    do {                                                                   \
        int _r = Fmt(Buf, sizeof(Buf), __VA_ARGS__);                       \
        CHECK_STR(Buf, (Expected));                                        \
        CHECK_EQ(_r, strlen(Expected));                                    \
    } while (0)

static size_t WLen(const WCHAR *Text)
{
    size_t n = 0;
    while (Text[n] != 0) {
        n++;
    }
    return n;
}

static void CheckWide(const char *File, int Line, const WCHAR *Got, const WCHAR *Expected,
                      int Result, int ExpectedResult)
{
    size_t GotLength = WLen(Got), ExpectedLength = WLen(Expected);
    ntio_test_checks++;
    if (GotLength != ExpectedLength || memcmp(Got, Expected, GotLength * sizeof(WCHAR)) != 0 ||
        Result != ExpectedResult) {
        ntio_test_failures++;
        fprintf(stderr, "%s:%d: wide CHECK failed (returned %d, expected %d)\n  got:     ", File,
                Line, Result, ExpectedResult);
        for (size_t i = 0; i < GotLength; i++) {
            fprintf(stderr, "%04X ", Got[i]);
        }
        fprintf(stderr, "\n  expected:");
        for (size_t i = 0; i < ExpectedLength; i++) {
            fprintf(stderr, " %04X", Expected[i]);
        }
        fprintf(stderr, "\n");
    }
}

/* Formats into WBuf and checks the text and the return value (WCHAR count). */
#define CHECK_WFMT(Expected, ...)                                          \
    do {                                                                   \
        int _r = FmtW(WBuf, RTL_NUMBER_OF(WBuf), __VA_ARGS__);             \
        CheckWide(__FILE__, __LINE__, WBuf, (Expected), _r, (int)WLen(Expected)); \
    } while (0)

/* The floating-point digits come from the C library: compare with it. */
static char Ref[4096];
#define CHECK_FLOAT_LIKE_LIBC(Format, Value)                               \
    do {                                                                   \
        snprintf(Ref, sizeof(Ref), Format, Value);                         \
        CHECK_FMT(Ref, Format, Value);                                     \
    } while (0)

static double DoubleFromBits(ULONGLONG Bits)
{
    double Value;
    memcpy(&Value, &Bits, sizeof(Value));
    return Value;
}

/* ------------------------------------------------------------------------ */
/* Literals                                                                 */
/* ------------------------------------------------------------------------ */

static void TestLiterals(void)
{
    CHECK_FMT("", "");
    CHECK_FMT("plain text", "plain text");
    CHECK_FMT("100%", "100%%");
    CHECK_FMT("%%", "%%%%");
    CHECK_FMT("a%b", "a%5%b");             /* flags/width before '%' are ignored */
    CHECK_FMT("\xC3\xA9t\xC3\xA9 5", "\xC3\xA9t\xC3\xA9 %d", 5);   /* UTF-8 literal kept */
}

/* ------------------------------------------------------------------------ */
/* Integers                                                                 */
/* ------------------------------------------------------------------------ */

static void TestIntegers(void)
{
    CHECK_FMT("0", "%d", 0);
    CHECK_FMT("42", "%d", 42);
    CHECK_FMT("-42", "%i", -42);
    CHECK_FMT("2147483647", "%d", INT_MAX);
    CHECK_FMT("-2147483648", "%d", INT_MIN);
    CHECK_FMT("4294967295", "%u", 0xFFFFFFFFu);
    CHECK_FMT("377", "%o", 255);
    CHECK_FMT("ff", "%x", 255);
    CHECK_FMT("FF", "%X", 255);
    CHECK_FMT("deadbeef DEADBEEF", "%x %X", 0xDEADBEEFu, 0xDEADBEEFu);

    /* LLP64: l is 32-bit, so the high bit is the sign. */
    CHECK_FMT("-5", "%ld", (LONG)-5);
    CHECK_FMT("4294967295", "%lu", (ULONG)0xFFFFFFFF);
    CHECK_FMT("-1", "%ld", (ULONG)0xFFFFFFFF);
    CHECK_FMT("ffffffff", "%lx", (ULONG)0xFFFFFFFF);
    CHECK_FMT("FFFFFFFB", "%lX", (LONG)-5);
    CHECK_FMT("-2147483648", "%ld", (LONG)MINLONG);
    CHECK_FMT("37777777777", "%lo", (ULONG)0xFFFFFFFF);
    /* A 64-bit value given to %ld: only the low 32 bits count. */
    CHECK_FMT("-1 7", "%ld %d", 0x12345678FFFFFFFFull, 7);

    /* h and hh truncate the promoted int. */
    CHECK_FMT("-1", "%hd", (short)-1);
    CHECK_FMT("65535", "%hu", 0x1FFFF);
    CHECK_FMT("-32768", "%hd", 0x8000);
    CHECK_FMT("ffff", "%hx", -1);
    CHECK_FMT("-128", "%hhd", 0x180);
    CHECK_FMT("255", "%hhu", 0x1FF);
    CHECK_FMT("7f", "%hhx", 0x37F);

    /* 64-bit prefixes. */
    CHECK_FMT("-9223372036854775808", "%lld", LLONG_MIN);
    CHECK_FMT("9223372036854775807", "%lld", LLONG_MAX);
    CHECK_FMT("18446744073709551615", "%llu", ULLONG_MAX);
    CHECK_FMT("-1234567890123", "%I64d", (LONGLONG)-1234567890123LL);
    CHECK_FMT("18446744073709551615", "%I64u", (ULONGLONG)~0ull);
    CHECK_FMT("123456789abcdef0", "%I64x", 0x123456789ABCDEF0ull);
    CHECK_FMT("123456789ABCDEF0", "%I64X", 0x123456789ABCDEF0ull);
    CHECK_FMT("1777777777777777777777", "%I64o", ~0ull);
    CHECK_FMT("ffffffffffffffff", "%llx", ~0ull);
    CHECK_FMT("-1", "%I32d", -1);
    CHECK_FMT("ffffffff", "%I32x", 0xFFFFFFFFu);
    CHECK_FMT("-1 9", "%I32d %d", 0xABCDEF00FFFFFFFFull, 9);
    CHECK_FMT("18446744073709551615", "%Iu", (SIZE_T)SIZE_MAX);
    CHECK_FMT("-3", "%Id", (SSIZE_T)-3);
    CHECK_FMT("100000000", "%Ix", (ULONG_PTR)0x100000000ull);
    CHECK_FMT("400000000000", "%Io", (SIZE_T)0x40000000ull * 32);  /* 2^35 */
    CHECK_FMT("4294967296", "%zu", (size_t)0x100000000ull);
    CHECK_FMT("-4294967296", "%zd", (ptrdiff_t)-0x100000000ll);
    CHECK_FMT("-4294967296", "%td", (ptrdiff_t)-0x100000000ll);
    CHECK_FMT("9223372036854775807", "%jd", (intmax_t)INTMAX_MAX);
    CHECK_FMT("ffffffffffffffff", "%jx", (uintmax_t)UINTMAX_MAX);
}

static void TestIntegerFlags(void)
{
    CHECK_FMT("+5", "%+d", 5);
    CHECK_FMT("-5", "%+d", -5);
    CHECK_FMT("+0", "%+d", 0);
    CHECK_FMT(" 5", "% d", 5);
    CHECK_FMT("-5", "% d", -5);
    CHECK_FMT("+5", "%+ d", 5);             /* '+' wins over ' ' */
    CHECK_FMT("+5", "% +d", 5);
    CHECK_FMT("5", "%+u", 5);               /* no sign for unsigned conversions */
    CHECK_FMT("ff", "% x", 255);
    CHECK_FMT("   42", "%5d", 42);
    CHECK_FMT("42   |", "%-5d|", 42);
    CHECK_FMT("+5   |", "%-+5d|", 5);
    CHECK_FMT("42", "%1d", 42);              /* width is a minimum */
    CHECK_FMT("-0042", "%05d", -42);
    CHECK_FMT("00042", "%05d", 42);
    CHECK_FMT("42   ", "%-05d", 42);         /* '-' wins over '0' */
    CHECK_FMT("+0042", "%+05d", 42);
    CHECK_FMT(" 0042", "% 05d", 42);
    CHECK_FMT("0xff", "%#x", 255);
    CHECK_FMT("0XFF", "%#X", 255);
    CHECK_FMT("0", "%#x", 0);                /* no prefix for zero */
    CHECK_FMT("010", "%#o", 8);
    CHECK_FMT("0", "%#o", 0);
    CHECK_FMT("0x0000ff", "%#08x", 255);
    CHECK_FMT("    0xff", "%#8x", 255);
    CHECK_FMT("0xff    |", "%-#8x|", 255);
    CHECK_FMT("0x123456789abcdef0", "%#I64x", 0x123456789ABCDEF0ull);
}

static void TestIntegerPrecision(void)
{
    CHECK_FMT("007", "%.3d", 7);
    CHECK_FMT("-007", "%.3d", -7);
    CHECK_FMT("+007", "%+.3d", 7);
    CHECK_FMT("12345", "%.3d", 12345);
    CHECK_FMT("", "%.0d", 0);
    CHECK_FMT("", "%.d", 0);
    CHECK_FMT("     |", "%5.0d|", 0);
    CHECK_FMT("1", "%.0d", 1);
    CHECK_FMT("     007", "%08.3d", 7);      /* a precision turns '0' off */
    CHECK_FMT("007     |", "%-8.3d|", 7);
    CHECK_FMT("000ab", "%.5x", 0xAB);
    CHECK_FMT("0x001", "%#.3x", 1);
    CHECK_FMT("00010", "%#.5o", 8);          /* the precision already gives the 0 */
    CHECK_FMT("0", "%#.0o", 0);
    CHECK_FMT("", "%#.0x", 0);
    CHECK_FMT("-0002147483648", "%.13d", INT_MIN);
    CHECK_FMT("00000000000000000000000000000042", "%.32d", 42);
}

static void TestStar(void)
{
    CHECK_FMT("   42", "%*d", 5, 42);
    CHECK_FMT("42   |", "%-*d|", 5, 42);
    CHECK_FMT("42   |", "%*d|", -5, 42);    /* negative width: '-' flag */
    CHECK_FMT("007", "%.*d", 3, 7);
    CHECK_FMT("7", "%.*d", -1, 7);          /* negative precision: as if omitted */
    CHECK_FMT("   007", "%*.*d", 6, 3, 7);
    CHECK_FMT("abc", "%.*s", 3, "abcdef");
    CHECK_FMT("abc", "%.*s", -1, "abc");
    CHECK_FMT("  ab|", "%*.*s|", 4, 2, "abcdef");
    CHECK_FMT("00042", "%0*d", 5, 42);
    CHECK_FMT("1 2 3", "%*d %d %.*d", 1, 1, 2, 1, 3);
}

/* ------------------------------------------------------------------------ */
/* Pointers                                                                 */
/* ------------------------------------------------------------------------ */

static void TestPointers(void)
{
    void *p = (void *)(ULONG_PTR)0x00007FF6A1B2C3D4ull;
    CHECK_FMT("00007FF6A1B2C3D4", "%p", p);
    CHECK_FMT("0000000000000000", "%p", (void *)NULL);
    CHECK_FMT("FFFFFFFFFFFFFFFF", "%p", (void *)~(ULONG_PTR)0);
    CHECK_FMT("    00007FF6A1B2C3D4", "%20p", p);
    CHECK_FMT("00007FF6A1B2C3D4    |", "%-20p|", p);
    CHECK_FMT("00007FF6A1B2C3D4", "%#p", p);        /* no 0x */
    CHECK_FMT("    00007FF6A1B2C3D4", "%020p", p);  /* the forced precision turns '0' off */
    CHECK_FMT("00007FF6A1B2C3D4", "%.4p", p);       /* precision ignored */
    CHECK_FMT("00007FF6A1B2C3D4 x", "%p %c", p, 'x');
}

/* ------------------------------------------------------------------------ */
/* Characters                                                               */
/* ------------------------------------------------------------------------ */

static void TestCharacters(void)
{
    CHECK_FMT("A", "%c", 'A');
    CHECK_FMT("  A", "%3c", 'A');
    CHECK_FMT("A  |", "%-3c|", 'A');
    CHECK_FMT("00A", "%03c", 'A');           /* Microsoft pads characters with '0' */
    CHECK_FMT("A", "%.0c", 'A');             /* precision does not apply */
    CHECK_FMT("B", "%hc", 'B');
    CHECK_FMT("x", "%c", 0x178);             /* the low byte */
    CHECK_FMT("\xC3\xA9", "%C", (WCHAR)0x00E9);
    CHECK_FMT("\xE4\xB8\xAD", "%lc", (WCHAR)0x4E2D);
    CHECK_FMT("\xE4\xB8\xAD", "%wc", (WCHAR)0x4E2D);
    CHECK_FMT("Z", "%hC", 'Z');
    CHECK_FMT("\xEF\xBF\xBD", "%C", (WCHAR)0xD800);  /* a lone surrogate */
    CHECK_FMT("  \xC3\xA9", "%3C", (WCHAR)0x00E9);   /* width counts the WCHAR */

    /* %c with 0 writes a NUL into the output. */
    memset(Buf, 'X', 8);
    int r = Fmt(Buf, sizeof(Buf), "a%cb", 0);
    CHECK_EQ(r, 3);
    CHECK(Buf[0] == 'a' && Buf[1] == '\0' && Buf[2] == 'b' && Buf[3] == '\0');
}

/* ------------------------------------------------------------------------ */
/* Strings                                                                  */
/* ------------------------------------------------------------------------ */

static void TestNarrowStrings(void)
{
    char NotTerminated[3] = { 'a', 'b', 'c' };

    CHECK_FMT("hello", "%s", "hello");
    CHECK_FMT("     hello", "%10s", "hello");
    CHECK_FMT("hello     |", "%-10s|", "hello");
    CHECK_FMT("he", "%.2s", "hello");
    CHECK_FMT("", "%.0s", "hello");
    CHECK_FMT("hello", "%.10s", "hello");
    CHECK_FMT("   he", "%5.2s", "hello");
    CHECK_FMT("00000hello", "%010s", "hello");      /* Microsoft pads strings with '0' */
    CHECK_FMT("hello", "%hs", "hello");
    CHECK_FMT("hello", "%hS", "hello");
    CHECK_FMT("", "%s", "");
    CHECK_FMT("abc", "%.3s", NotTerminated);
    CHECK_FMT("\xC3\xA9\xE4\xB8\xAD", "%s", "\xC3\xA9\xE4\xB8\xAD");
    CHECK_FMT("\xC3", "%.1s", "\xC3\xA9");          /* narrow to narrow: bytes */
    CHECK_FMT("(null)", "%s", (char *)NULL);
    CHECK_FMT("(nu", "%.3s", (char *)NULL);
    CHECK_FMT("  (null)", "%8s", (char *)NULL);
    CHECK_FMT("(null)", "%hs", (char *)NULL);
    CHECK_FMT("a-b", "%s-%s", "a", "b");
}

static void TestWideStringsInNarrowOutput(void)
{
    static const WCHAR Accented[] = { 0x00E9, 0x4E2D, 0 };          /* "é中" */
    static const WCHAR Emoji[] = { 0xD83D, 0xDE00, 0 };             /* U+1F600 */
    static const WCHAR LoneHigh[] = { 0xD83D, 'x', 0 };
    static const WCHAR LoneLow[] = { 'y', 0xDE00, 0 };
    static const WCHAR HighAtEnd[] = { 'z', 0xD83D, 0 };

    CHECK_FMT("wide", "%ws", L"wide");
    CHECK_FMT("wide", "%S", L"wide");
    CHECK_FMT("wide", "%ls", L"wide");
    CHECK_FMT("wide", "%wS", L"wide");
    CHECK_FMT("\xC3\xA9\xE4\xB8\xAD", "%ws", L"\u00e9\u4e2d");
    CHECK_FMT("\xC3\xA9\xE4\xB8\xAD", "%ws", Accented);
    CHECK_FMT("\xF0\x9F\x98\x80", "%ws", Emoji);
    CHECK(sizeof(L"\U0001F600") == 3 * sizeof(WCHAR));             /* -fshort-wchar: UTF-16 */
    CHECK_FMT("\xF0\x9F\x98\x80", "%ws", L"\U0001F600");
    CHECK_FMT("\xEF\xBF\xBDx", "%ws", LoneHigh);
    CHECK_FMT("y\xEF\xBF\xBD", "%ws", LoneLow);
    CHECK_FMT("z\xEF\xBF\xBD", "%ws", HighAtEnd);
    CHECK_FMT("\xC3\xA9", "%.1ws", Accented);                       /* precision counts WCHARs */
    CHECK_FMT("\xEF\xBF\xBD", "%.1ws", Emoji);                      /* ...and may split a pair */
    CHECK_FMT("   \xC3\xA9\xE4\xB8\xAD", "%5ws", Accented);         /* width counts WCHARs too */
    CHECK_FMT("\xC3\xA9\xE4\xB8\xAD   |", "%-5S|", Accented);
    CHECK_FMT("000\xC3\xA9\xE4\xB8\xAD", "%05ws", Accented);
    CHECK_FMT("ab  |", "%-4S|", L"ab");
    CHECK_FMT("(null)", "%ws", (WCHAR *)NULL);
    CHECK_FMT("(null)", "%S", (WCHAR *)NULL);
    CHECK_FMT("(n", "%.2ls", (WCHAR *)NULL);
}

static void TestCountedStrings(void)
{
    WCHAR Storage[] = L"HelloWorld";
    UNICODE_STRING Us = { 5 * sizeof(WCHAR), sizeof(Storage), Storage };   /* "Hello", not terminated */
    UNICODE_STRING Empty = { 0, sizeof(Storage), Storage };
    UNICODE_STRING NoBuffer = { 4, 4, NULL };
    UNICODE_STRING Odd = { 3, sizeof(Storage), Storage };                  /* odd byte count */
    WCHAR Exact[3] = { 'a', 'b', 'c' };
    UNICODE_STRING Unterminated = { sizeof(Exact), sizeof(Exact), Exact };
    WCHAR Intl[] = { 0x00E9, 0xD83D, 0xDE00, 'q' };
    UNICODE_STRING UsIntl = { 3 * sizeof(WCHAR), sizeof(Intl), Intl };
    WCHAR WithNul[] = { 'a', 0, 'b' };
    UNICODE_STRING UsNul = { sizeof(WithNul), sizeof(WithNul), WithNul };
    UNICODE_STRING UsConst = RTL_CONSTANT_STRING(L"\\Device\\Null");

    CHECK_FMT("Hello", "%wZ", &Us);
    CHECK_FMT("[Hello]", "[%wZ]", &Us);
    CHECK_FMT("     Hello", "%10wZ", &Us);
    CHECK_FMT("Hello  |", "%-7wZ|", &Us);
    CHECK_FMT("Hel", "%.3wZ", &Us);
    CHECK_FMT("Hello", "%lZ", &Us);
    CHECK_FMT("", "%wZ", &Empty);
    CHECK_FMT("(null)", "%wZ", (PUNICODE_STRING)NULL);
    CHECK_FMT("(null)", "%wZ", &NoBuffer);
    CHECK_FMT("H", "%wZ", &Odd);
    CHECK_FMT("abc", "%wZ", &Unterminated);
    CHECK_FMT("\xC3\xA9\xF0\x9F\x98\x80", "%wZ", &UsIntl);
    CHECK_FMT("\\Device\\Null", "%wZ", &UsConst);
    int r = Fmt(Buf, sizeof(Buf), "%wZ", &UsNul);     /* Length rules, embedded NULs too */
    CHECK_EQ(r, 3);
    CHECK(Buf[0] == 'a' && Buf[1] == '\0' && Buf[2] == 'b');

    char Chars[] = "abcdef";
    ANSI_STRING As = { 3, sizeof(Chars), Chars };
    ANSI_STRING AsNoBuffer = { 3, 3, NULL };
    CHECK_FMT("abc", "%Z", &As);
    CHECK_FMT("abc", "%hZ", &As);
    CHECK_FMT("  abc", "%5Z", &As);
    CHECK_FMT("ab", "%.2Z", &As);
    CHECK_FMT("(null)", "%Z", (PANSI_STRING)NULL);
    CHECK_FMT("(null)", "%Z", &AsNoBuffer);
    CHECK_FMT("abc/Hello", "%Z/%wZ", &As, &Us);
}

/* ------------------------------------------------------------------------ */
/* Floating point                                                           */
/* ------------------------------------------------------------------------ */

static void TestFloats(void)
{
    /* By hand. */
    CHECK_FMT("3.141590", "%f", 3.14159);
    CHECK_FMT("3.14", "%.2f", 3.14159);
    CHECK_FMT("1.234568e+04", "%e", 12345.678);
    CHECK_FMT("1.234568E+04", "%E", 12345.678);
    CHECK_FMT("1.000000e+100", "%e", 1e100);
    CHECK_FMT("1.000000e-300", "%e", 1e-300);
    CHECK_FMT("0.000000e+00", "%e", 0.0);
    CHECK_FMT("0.0001", "%g", 0.0001);
    CHECK_FMT("1e-05", "%g", 0.00001);
    CHECK_FMT("1E-10", "%G", 1e-10);
    CHECK_FMT("100000", "%g", 100000.0);
    CHECK_FMT("1e+06", "%g", 1e6);
    CHECK_FMT("3.14", "%.3g", 3.14159);
    CHECK_FMT("1.00000", "%#g", 1.0);
    CHECK_FMT("0x1.0000000000000p+0", "%a", 1.0);   /* Microsoft: 13 digits by default */
    CHECK_FMT("0X1.0000000000000P+0", "%A", 1.0);
    CHECK_FMT("0x1.8p+0", "%.1a", 1.5);
    CHECK_FMT("-0x1.8p+1", "%.1a", -3.0);
    CHECK_FMT("0x0.0000000000000p+0", "%a", 0.0);
    CHECK_FMT("0x001.8p+0", "%010.1a", 1.5);         /* zeros after the 0x */
    CHECK_FMT("2", "%.0f", 2.5);                     /* round half to even */
    CHECK_FMT("4", "%.0f", 3.5);
    CHECK_FMT("1.", "%#.0f", 1.0);
    CHECK_FMT("+1.500000", "%+f", 1.5);
    CHECK_FMT(" 1.500000", "% f", 1.5);
    CHECK_FMT("-00003.142", "%010.3f", -3.14159);
    CHECK_FMT("+0003.142", "%+09.3f", 3.14159);
    CHECK_FMT("3.14      |", "%-10.2f|", 3.14159);
    CHECK_FMT("  3.14e+00", "%10.2e", 3.14159);
    CHECK_FMT("-0.000000", "%f", -0.0);
    CHECK_FMT("1.500000", "%lf", 1.5);
    CHECK_FMT("1.500000", "%Lf", 1.5L);              /* MSVC long double is a double */
    CHECK_FMT("1.500000 7", "%Lf %d", 1.5L, 7);
    CHECK_FMT("3.142", "%.*f", 3, 3.14159);
    CHECK_FMT("1.5 x 2", "%g %s %d", 1.5, "x", 2);
    CHECK_FMT("1.50", "%.2F", 1.5);
}

static void TestFloatsAgainstLibc(void)
{
    static const double Values[] = {
        0.0, 1.0, -1.0, 0.1, 2.5, 123456.789, 1e-7, 6.02214076e23, 1.7976931348623157e308,
        2.2250738585072014e-308, 4.9406564584124654e-324, -123.456e-10,
    };
    static const char *const Formats[] = {
        "%f", "%e", "%g", "%E", "%G", "%.0f", "%.0e", "%.10g", "%#g", "%#.0e", "%+.3e",
        "%-12.4f|", "%012.3e", "% .2f", "%.17g", "%20.10f", "%F", "%.3a", "%.0a", "%#.0a",
    };
    for (size_t v = 0; v < RTL_NUMBER_OF(Values); v++) {
        for (size_t f = 0; f < RTL_NUMBER_OF(Formats); f++) {
            CHECK_FLOAT_LIKE_LIBC(Formats[f], Values[v]);
        }
    }

    /* Precisions beyond the digits a double has are completed with zeros. */
    CHECK_FLOAT_LIKE_LIBC("%.1100f", 1.0);
    CHECK_FLOAT_LIKE_LIBC("%.1100f", 4.9406564584124654e-324);
    CHECK_FLOAT_LIKE_LIBC("%.1074f", 4.9406564584124654e-324);
    CHECK_FLOAT_LIKE_LIBC("%.900e", 0.1);
    CHECK_FLOAT_LIKE_LIBC("%.900e", 4.9406564584124654e-324);
    CHECK_FLOAT_LIKE_LIBC("%#.900g", 0.1);
    CHECK_FLOAT_LIKE_LIBC("%#.900g", 1e300);
    CHECK_FLOAT_LIKE_LIBC("%#.900g", 1e-300);
    CHECK_FLOAT_LIKE_LIBC("%.900g", 0.1);
    CHECK_FLOAT_LIKE_LIBC("%.20a", 1.0);
    CHECK_FLOAT_LIKE_LIBC("%.20A", 3.0);
    CHECK_FLOAT_LIKE_LIBC("%2000.3f", 1.5);
    int r = Fmt(Buf, sizeof(Buf), "%.1100f", 1.0);
    CHECK_EQ(r, 1102);
    CHECK(Buf[1] == '.' && Buf[1101] == '0' && Buf[1102] == '\0');
}

static void TestFloatSpecials(void)
{
    double Inf = DoubleFromBits(0x7FF0000000000000ull);
    double NegInf = DoubleFromBits(0xFFF0000000000000ull);
    double QuietNan = DoubleFromBits(0x7FF8000000000000ull);
    double Indefinite = DoubleFromBits(0xFFF8000000000000ull);   /* what 0.0/0.0 gives on x64 */
    double Signaling = DoubleFromBits(0x7FF0000000000001ull);
    double NegPayload = DoubleFromBits(0xFFF8000000000001ull);

    CHECK_FMT("inf", "%f", Inf);
    CHECK_FMT("INF", "%F", Inf);
    CHECK_FMT("-inf", "%e", NegInf);
    CHECK_FMT("-INF", "%E", NegInf);
    CHECK_FMT("inf", "%g", Inf);
    CHECK_FMT("INF", "%A", Inf);
    CHECK_FMT("inf", "%a", Inf);
    CHECK_FMT("+inf", "%+f", Inf);
    CHECK_FMT(" inf", "% f", Inf);
    CHECK_FMT("     inf", "%08f", Inf);             /* padded with spaces, not zeros */
    CHECK_FMT("inf   |", "%-6f|", Inf);
    CHECK_FMT("inf", "%.2f", Inf);
    CHECK_FMT("inf", "%#.0f", Inf);
    CHECK_FMT("nan", "%f", QuietNan);
    CHECK_FMT("NAN", "%G", QuietNan);
    CHECK_FMT("-nan(ind)", "%f", Indefinite);
    CHECK_FMT("-NAN(IND)", "%G", Indefinite);
    CHECK_FMT("nan(snan)", "%e", Signaling);
    CHECK_FMT("NAN(SNAN)", "%E", Signaling);
    CHECK_FMT("-nan", "%g", NegPayload);
    CHECK_FMT("+nan", "%+f", QuietNan);
    CHECK_FMT("  -nan(ind)", "%11.3f", Indefinite);
}

static void TestFloatLocale(void)
{
    /* The point stays '.' whatever LC_NUMERIC says (when such a locale exists). */
    static const char *const Locales[] = { "de_DE.UTF-8", "fr_FR.UTF-8", "de_DE", "fr_FR" };
    for (size_t i = 0; i < RTL_NUMBER_OF(Locales); i++) {
        if (setlocale(LC_NUMERIC, Locales[i]) != NULL) {
            CHECK_FMT("1.50", "%.2f", 1.5);
            CHECK_FMT("1.500000e+00", "%e", 1.5);
            setlocale(LC_NUMERIC, "C");
            break;
        }
    }
    CHECK_FMT("1.50", "%.2f", 1.5);
}

/* ------------------------------------------------------------------------ */
/* Truncation and return values                                             */
/* ------------------------------------------------------------------------ */

static void TestTruncation(void)
{
    char Small[8];
    int r;

    r = Fmt(NULL, 0, "hello");
    CHECK_EQ(r, 5);
    r = Fmt(NULL, 0, "%d-%ws-%s", 12345, L"\u00e9", "x");
    CHECK_EQ(r, 10);                          /* 5 + 1 + 2 UTF-8 bytes + 1 + 1 */

    memset(Small, 'X', sizeof(Small));
    r = Fmt(Small, 0, "hello");
    CHECK_EQ(r, 5);
    CHECK(Small[0] == 'X');                   /* nothing written */

    memset(Small, 'X', sizeof(Small));
    r = Fmt(Small, 1, "hello");
    CHECK_EQ(r, 5);
    CHECK_STR(Small, "");
    CHECK(Small[1] == 'X');

    memset(Small, 'X', sizeof(Small));
    r = Fmt(Small, 5, "hello");
    CHECK_EQ(r, 5);
    CHECK_STR(Small, "hell");

    memset(Small, 'X', sizeof(Small));
    r = Fmt(Small, 6, "hello");               /* exactly fits */
    CHECK_EQ(r, 5);
    CHECK_STR(Small, "hello");
    CHECK(Small[6] == 'X');

    memset(Small, 'X', sizeof(Small));
    r = Fmt(Small, 3, "%d", 12345);
    CHECK_EQ(r, 5);
    CHECK_STR(Small, "12");

    r = Fmt(Small, 4, "%s%s", "ab", "cd");
    CHECK_EQ(r, 4);
    CHECK_STR(Small, "abc");

    r = Fmt(Small, sizeof(Small), "%10d", 1);
    CHECK_EQ(r, 10);
    CHECK_STR(Small, "       ");

    r = Fmt(Small, sizeof(Small), "%-10d|", 1);
    CHECK_EQ(r, 11);
    CHECK_STR(Small, "1      ");

    r = Fmt(Small, 2, "%ws", L"\u00e9");       /* may cut a UTF-8 sequence, like vsnprintf */
    CHECK_EQ(r, 2);
    CHECK(Small[0] == '\xC3' && Small[1] == '\0');

    /* Huge widths are counted, not written. */
    r = Fmt(Small, sizeof(Small), "%100000d", 1);
    CHECK_EQ(r, 100000);
    CHECK_STR(Small, "       ");
    r = Fmt(Small, sizeof(Small), "%.100000d", 1);
    CHECK_EQ(r, 100000);
    CHECK_STR(Small, "0000000");

    /* More than INT_MAX chars cannot be reported. */
    r = Fmt(Small, sizeof(Small), "%2147483647d%d", 1, 2);
    CHECK_EQ(r, -1);
    r = Fmt(Small, sizeof(Small), "%2147483647d", 1);
    CHECK_EQ(r, INT_MAX);
}

/* ------------------------------------------------------------------------ */
/* Invalid formats                                                          */
/* ------------------------------------------------------------------------ */

static void TestInvalid(void)
{
    int Count = 1234;
    int r;

    r = Fmt(Buf, sizeof(Buf), "%y", 1);
    CHECK_EQ(r, -1);
    CHECK_STR(Buf, "");
    r = Fmt(Buf, sizeof(Buf), "ab%kcd", 1);
    CHECK_EQ(r, -1);
    CHECK_STR(Buf, "ab");                     /* what came before stays, terminated */
    r = Fmt(Buf, sizeof(Buf), "abc%");
    CHECK_EQ(r, -1);
    CHECK_STR(Buf, "abc");
    r = Fmt(Buf, sizeof(Buf), "%5");
    CHECK_EQ(r, -1);
    r = Fmt(Buf, sizeof(Buf), "%-");
    CHECK_EQ(r, -1);
    r = Fmt(Buf, sizeof(Buf), "%.");
    CHECK_EQ(r, -1);
    r = Fmt(Buf, sizeof(Buf), "%l");
    CHECK_EQ(r, -1);
    r = Fmt(Buf, sizeof(Buf), "%I64");
    CHECK_EQ(r, -1);

    /* %n is refused and its argument is left alone. */
    r = Fmt(Buf, sizeof(Buf), "12345%n6789", &Count);
    CHECK_EQ(r, -1);
    CHECK_EQ(Count, 1234);
    CHECK_STR(Buf, "12345");
    r = Fmt(Buf, sizeof(Buf), "%hn", &Count);
    CHECK_EQ(r, -1);

    /* Size prefixes that make no sense. */
    CHECK_EQ(Fmt(Buf, sizeof(Buf), "%hld", 1), -1);     /* two prefixes */
    CHECK_EQ(Fmt(Buf, sizeof(Buf), "%lhd", 1), -1);
    CHECK_EQ(Fmt(Buf, sizeof(Buf), "%Lld", 1ll), -1);
    CHECK_EQ(Fmt(Buf, sizeof(Buf), "%wd", 1), -1);
    CHECK_EQ(Fmt(Buf, sizeof(Buf), "%Ld", 1), -1);
    CHECK_EQ(Fmt(Buf, sizeof(Buf), "%Tx", 1), -1);
    CHECK_EQ(Fmt(Buf, sizeof(Buf), "%Nd", 1), -1);
    CHECK_EQ(Fmt(Buf, sizeof(Buf), "%lllx", 1ll), -1);

    /* Numbers that do not fit an int. */
    CHECK_EQ(Fmt(Buf, sizeof(Buf), "%99999999999d", 1), -1);
    CHECK_EQ(Fmt(Buf, sizeof(Buf), "%.99999999999d", 1), -1);

    /* Bad arguments to the entry points. */
    CHECK_EQ(Fmt(NULL, 10, "x"), -1);
    CHECK_EQ(Fmt(Buf, sizeof(Buf), NULL), -1);
    CHECK_EQ(FmtW(NULL, 10, L"x"), -1);
    CHECK_EQ(FmtW(WBuf, 10, NULL), -1);

    /* A valid conversion still works after an invalid call. */
    CHECK_FMT("ok 1", "ok %d", 1);
}

/* ------------------------------------------------------------------------ */
/* The WCHAR formatter                                                      */
/* ------------------------------------------------------------------------ */

static void TestWide(void)
{
    static const WCHAR Lone[] = { 'a', 0xD800, 'b', 0 };
    static const WCHAR ExpectLone[] = { 'a', 0xD800, 'b', 0 };
    static const WCHAR Fffd1[] = { 0xFFFD, 0 };
    static const WCHAR Fffd3[] = { 0xFFFD, 0xFFFD, 0xFFFD, 0 };
    static const WCHAR FffdX[] = { 0xFFFD, 'x', 0 };
    static const WCHAR Fffd2[] = { 0xFFFD, 0xFFFD, 0 };
    WCHAR Storage[] = L"HelloWorld";
    UNICODE_STRING Us = { 5 * sizeof(WCHAR), sizeof(Storage), Storage };
    char Chars[] = "abcdef";
    ANSI_STRING As = { 3, sizeof(Chars), Chars };

    CHECK_WFMT(L"", L"");
    CHECK_WFMT(L"text 100%", L"text 100%%");
    CHECK_WFMT(L"\u00e9 5", L"\u00e9 %d", 5);                 /* non-ASCII literal */
    CHECK_WFMT(L"\U0001F600!", L"\U0001F600%c", L'!');        /* surrogates in the format */

    /* %s and %c are WCHAR in wide formats; %S %C %hs %hc narrow. */
    CHECK_WFMT(L"wide", L"%s", L"wide");
    CHECK_WFMT(L"narrow", L"%S", "narrow");
    CHECK_WFMT(L"narrow", L"%hs", "narrow");
    CHECK_WFMT(L"narrow", L"%hS", "narrow");
    CHECK_WFMT(L"wide", L"%ls", L"wide");
    CHECK_WFMT(L"wide", L"%ws", L"wide");
    CHECK_WFMT(L"wide", L"%lS", L"wide");
    CHECK_WFMT(L"\u00e9", L"%c", (WCHAR)0x00E9);
    CHECK_WFMT(L"A", L"%C", 'A');
    CHECK_WFMT(L"B", L"%hc", 'B');
    CHECK_WFMT(L"\u4e2d", L"%lc", (WCHAR)0x4E2D);
    CHECK_WFMT(L"\u4e2d", L"%wc", (WCHAR)0x4E2D);
    CHECK_WFMT(L"  x", L"%3c", L'x');
    CHECK_WFMT(Fffd1, L"%C", 0xE9);                           /* a lone byte >= 0x80 is not UTF-8 */
    CHECK_WFMT(ExpectLone, L"%s", Lone);                      /* WCHAR to WCHAR: verbatim */

    /* UTF-8 to UTF-16, precision and width count source characters. */
    CHECK_WFMT(L"\u00e9\u4e2d\U0001F600", L"%S", "\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80");
    CHECK_EQ(FmtW(WBuf, RTL_NUMBER_OF(WBuf), L"%S", "\xF0\x9F\x98\x80"), 2);
    CHECK_WFMT(L"\u00e9\u4e2d", L"%.2S", "\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80");
    CHECK_WFMT(L"   \u00e9\u4e2d", L"%5S", "\xC3\xA9\xE4\xB8\xAD");
    CHECK_WFMT(L"\u00e9\u4e2d   |", L"%-5hs|", "\xC3\xA9\xE4\xB8\xAD");
    CHECK_WFMT(Fffd1, L"%S", "\xFF");
    CHECK_WFMT(Fffd1, L"%S", "\xE4\xB8");                     /* truncated sequence: one U+FFFD */
    CHECK_WFMT(FffdX, L"%S", "\xE4\xB8x");
    CHECK_WFMT(Fffd2, L"%S", "\xC0\x80");                     /* overlong */
    CHECK_WFMT(Fffd3, L"%S", "\xED\xA0\x80");                 /* an encoded surrogate */
    CHECK_WFMT(Fffd3, L"%S", "\xF4\x90\x80");                 /* above U+10FFFF: 3 subparts */
    CHECK_WFMT(L"(null)", L"%s", (WCHAR *)NULL);
    CHECK_WFMT(L"(null)", L"%S", (char *)NULL);
    CHECK_WFMT(L"(nu", L"%.3s", (WCHAR *)NULL);
    CHECK_WFMT(L"wi", L"%.2s", L"wide");
    CHECK_WFMT(L"  wide", L"%6s", L"wide");
    CHECK_WFMT(L"00wide", L"%06s", L"wide");

    /* Counted strings. */
    CHECK_WFMT(L"Hello", L"%wZ", &Us);
    CHECK_WFMT(L"   Hello", L"%8wZ", &Us);
    CHECK_WFMT(L"He", L"%.2wZ", &Us);
    CHECK_WFMT(L"abc", L"%Z", &As);
    CHECK_WFMT(L"abc", L"%hZ", &As);
    CHECK_WFMT(L"(null)", L"%wZ", (PUNICODE_STRING)NULL);

    /* Numbers. */
    CHECK_WFMT(L"-42 +7 0x1f 0X1F 017", L"%d %+d %#x %#X %#o", -42, 7, 31, 31, 15);
    CHECK_WFMT(L"-1 4294967295", L"%ld %lu", (ULONG)0xFFFFFFFF, (ULONG)0xFFFFFFFF);
    CHECK_WFMT(L"123456789abcdef0", L"%I64x", 0x123456789ABCDEF0ull);
    CHECK_WFMT(L"18446744073709551615", L"%Iu", (SIZE_T)SIZE_MAX);
    CHECK_WFMT(L"00007FF6A1B2C3D4", L"%p", (void *)(ULONG_PTR)0x00007FF6A1B2C3D4ull);
    CHECK_WFMT(L"  007", L"%5.3d", 7);
    CHECK_WFMT(L"   42", L"%*d", 5, 42);
    CHECK_WFMT(L"3.14", L"%.2f", 3.14159);
    CHECK_WFMT(L"-1.500000e+00", L"%e", -1.5);
    CHECK_WFMT(L"-nan(ind)", L"%f", DoubleFromBits(0xFFF8000000000000ull));
    CHECK_WFMT(L"0x1.8p+0", L"%.1a", 1.5);

    /* Truncation and return values (WCHARs). */
    WCHAR Small[8];
    int r;
    r = FmtW(NULL, 0, L"%S", "\xC3\xA9\xF0\x9F\x98\x80");
    CHECK_EQ(r, 3);
    for (size_t i = 0; i < RTL_NUMBER_OF(Small); i++) {
        Small[i] = 'X';
    }
    r = FmtW(Small, 0, L"hello");
    CHECK_EQ(r, 5);
    CHECK(Small[0] == 'X');
    r = FmtW(Small, 1, L"hello");
    CHECK_EQ(r, 5);
    CHECK(Small[0] == 0 && Small[1] == 'X');
    r = FmtW(Small, 6, L"hello");
    CHECK_EQ(r, 5);
    CheckWide(__FILE__, __LINE__, Small, L"hello", r, 5);
    CHECK(Small[6] == 'X');
    r = FmtW(Small, 4, L"%s", L"hello");
    CheckWide(__FILE__, __LINE__, Small, L"hel", r, 5);
    r = FmtW(Small, 8, L"%20d", 1);
    CheckWide(__FILE__, __LINE__, Small, L"       ", r, 20);

    /* Invalid. */
    CHECK_EQ(FmtW(WBuf, RTL_NUMBER_OF(WBuf), L"%y"), -1);
    CHECK_EQ(FmtW(WBuf, RTL_NUMBER_OF(WBuf), L"ab%n", &r), -1);
    CheckWide(__FILE__, __LINE__, WBuf, L"ab", 0, 0);
    CHECK_EQ(FmtW(WBuf, RTL_NUMBER_OF(WBuf), L"%\u0164"), -1);    /* not a conversion, even if its low byte were */
    CHECK_EQ(FmtW(WBuf, RTL_NUMBER_OF(WBuf), L"%"), -1);
}

/* ------------------------------------------------------------------------ */
/* The sink                                                                 */
/* ------------------------------------------------------------------------ */

typedef struct {
    char Text[4096];
    size_t Length;
    int Calls;
    BOOLEAN SawEmpty;
} SINK_STATE;

static void CollectSink(void *Context, const char *Chars, size_t Count)
{
    SINK_STATE *State = Context;
    State->Calls++;
    if (Count == 0) {
        State->SawEmpty = TRUE;
    }
    if (State->Length + Count < sizeof(State->Text)) {
        memcpy(State->Text + State->Length, Chars, Count);
        State->Length += Count;
        State->Text[State->Length] = '\0';
    }
}

static int ToSink(SINK_STATE *State, const char *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    memset(State, 0, sizeof(*State));
    int Result = RtlpFormatToSinkV(CollectSink, State, Format, Args);
    va_end(Args);
    return Result;
}

static int CountOnly(const char *Format, ...)
{
    va_list Args;
    va_start(Args, Format);
    int Result = RtlpFormatToSinkV(NULL, NULL, Format, Args);
    va_end(Args);
    return Result;
}

static void TestSink(void)
{
    static SINK_STATE State;
    int r;

    r = ToSink(&State, "%s-%d-%ws", "ab", 42, L"\u00e9");
    CHECK_EQ(r, 8);
    CHECK_STR(State.Text, "ab-42-\xC3\xA9");
    CHECK_EQ(State.Calls, 1);

    r = ToSink(&State, "");
    CHECK_EQ(r, 0);
    CHECK_EQ(State.Calls, 0);                 /* never called with nothing */

    /* Long output arrives in several pieces that add up. */
    r = ToSink(&State, "[%1000d]", 7);
    CHECK_EQ(r, 1002);
    CHECK_EQ(State.Length, 1002);
    CHECK(State.Calls > 1);
    CHECK(!State.SawEmpty);
    CHECK(State.Text[0] == '[' && State.Text[999] == ' ' && State.Text[1000] == '7' &&
          State.Text[1001] == ']');

    char Long[3000];
    memset(Long, 'q', sizeof(Long) - 1);
    Long[sizeof(Long) - 1] = '\0';
    r = ToSink(&State, "<%s>", Long);
    CHECK_EQ(r, 3001);
    CHECK_EQ(State.Length, 3001);
    CHECK(State.Text[0] == '<' && State.Text[1] == 'q' && State.Text[2999] == 'q' &&
          State.Text[3000] == '>');

    /* Invalid: what came before is delivered, then -1. */
    r = ToSink(&State, "before %y after", 1);
    CHECK_EQ(r, -1);
    CHECK_STR(State.Text, "before ");

    /* A NULL sink only counts. */
    CHECK_EQ(CountOnly("%5d", 1), 5);
    CHECK_EQ(CountOnly("%2000s", "x"), 2000);
}

/* ------------------------------------------------------------------------ */
/* Everything in one call: the va_list advances by the right amounts.       */
/* ------------------------------------------------------------------------ */

static void TestMixed(void)
{
    WCHAR Storage[] = L"Dev";
    UNICODE_STRING Us = { 3 * sizeof(WCHAR), sizeof(Storage), Storage };

    CHECK_FMT("a=-1 b=ff c=-2 d=18446744073709551615 e=x f=1.50 g=0000000000001000 h=Dev i=wide j=3 k=7",
              "a=%ld b=%hhx c=%I64d d=%Iu e=%c f=%.2f g=%p h=%wZ i=%ws j=%hd k=%I32u",
              (ULONG)0xFFFFFFFF, 0x1FF, (LONGLONG)-2, (SIZE_T)SIZE_MAX, 'x', 1.5,
              (void *)(ULONG_PTR)0x1000, &Us, L"wide", 3, 7);
    CHECK_EQ(CountOnly("%d%s", 12, "abc"), 5);
    CHECK_EQ(CountOnly("%q"), -1);
}

int main(void)
{
    TestLiterals();
    TestIntegers();
    TestIntegerFlags();
    TestIntegerPrecision();
    TestStar();
    TestPointers();
    TestCharacters();
    TestNarrowStrings();
    TestWideStringsInNarrowOutput();
    TestCountedStrings();
    TestFloats();
    TestFloatsAgainstLibc();
    TestFloatSpecials();
    TestFloatLocale();
    TestTruncation();
    TestInvalid();
    TestWide();
    TestSink();
    TestMixed();
    return test_summary("test_format");
}
