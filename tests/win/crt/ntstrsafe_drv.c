/*
 * tests/win/crt/ntstrsafe_drv.c - <ntstrsafe.h> in a driver, and %wZ in
 * DbgPrint.  DriverEntry runs the checks (STATUS_SUCCESS,
 * STATUS_BUFFER_OVERFLOW with a terminated cut, STATUS_INVALID_PARAMETER
 * for bad sizes, the UNICODE_STRING functions) and prints one line per
 * failure and a summary through DbgPrint; a failed check fails DriverEntry.
 */
#include <ntddk.h>
#include <ntstrsafe.h>

static int Checks, Failures;

#define CHECK(Condition)                                                             \
    do {                                                                             \
        Checks++;                                                                    \
        if (!(Condition)) {                                                          \
            Failures++;                                                              \
            DbgPrint("ntstrsafe: FAIL line %d: %s\n", __LINE__, #Condition);         \
        }                                                                            \
    } while (0)

static BOOLEAN WideEquals(const WCHAR *a, const WCHAR *b)
{
    while (*a != 0 && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static BOOLEAN CountedEquals(PCUNICODE_STRING s, const WCHAR *Text)
{
    USHORT i;
    for (i = 0; i < s->Length / sizeof(WCHAR); i++) {
        if (Text[i] == 0 || s->Buffer[i] != Text[i]) {
            return FALSE;
        }
    }
    return Text[i] == 0;
}

static VOID TestArrays(VOID)
{
    char Buf[8];
    WCHAR WBuf[8];
    size_t Length = 0;

    CHECK(RtlStringCchCopyA(Buf, 8, "fits") == STATUS_SUCCESS && strcmp(Buf, "fits") == 0);
    CHECK(RtlStringCchCopyA(Buf, 8, "does not fit") == STATUS_BUFFER_OVERFLOW);
    CHECK(strcmp(Buf, "does no") == 0);
    CHECK(RtlStringCchCopyW(WBuf, 0, L"x") == STATUS_INVALID_PARAMETER);
    CHECK(RtlStringCchCopyW(WBuf, (size_t)NTSTRSAFE_MAX_CCH + 1, L"x") == STATUS_INVALID_PARAMETER);
    CHECK(RtlStringCbCopyW(WBuf, sizeof WBuf, L"0123456789") == STATUS_BUFFER_OVERFLOW);
    CHECK(WideEquals(WBuf, L"0123456"));
    CHECK(RtlStringCchCopyNW(WBuf, 8, L"abcdef", 2) == STATUS_SUCCESS && WideEquals(WBuf, L"ab"));
    CHECK(RtlStringCchCatW(WBuf, 8, L"cdefgh") == STATUS_BUFFER_OVERFLOW);
    CHECK(WideEquals(WBuf, L"abcdefg"));
    RtlStringCchCopyA(Buf, 8, "a");
    CHECK(RtlStringCchCatNA(Buf, 8, "bcdef", 2) == STATUS_SUCCESS && strcmp(Buf, "abc") == 0);

    /* The printf forms, with the kernel's formats. */
    CHECK(RtlStringCchPrintfA(Buf, 8, "%lu", 4000000u) == STATUS_SUCCESS);
    CHECK(strcmp(Buf, "4000000") == 0);
    CHECK(RtlStringCchPrintfA(Buf, 8, "%ws=%d", L"value", 123) == STATUS_BUFFER_OVERFLOW);
    CHECK(strcmp(Buf, "value=1") == 0);
    CHECK(RtlStringCbPrintfW(WBuf, sizeof WBuf, L"%s%I64u", L"n", 12345ull) == STATUS_SUCCESS);
    CHECK(WideEquals(WBuf, L"n12345"));
    CHECK(RtlStringCchPrintfW(WBuf, 8, L"%s", L"truncated!") == STATUS_BUFFER_OVERFLOW);
    CHECK(WideEquals(WBuf, L"truncat"));
    CHECK(RtlStringCchPrintfA(Buf, 0, "x") == STATUS_INVALID_PARAMETER);

    WCHAR *End = NULL;
    size_t Remaining = 0;
    CHECK(RtlStringCchPrintfExW(WBuf, 8, &End, &Remaining, 0, L"%d", 42) == STATUS_SUCCESS);
    CHECK(End == WBuf + 2 && Remaining == 6);
    CHECK(RtlStringCchCopyExW(WBuf, 8, L"0123456789", &End, &Remaining,
                              STRSAFE_NULL_ON_FAILURE) == STATUS_BUFFER_OVERFLOW);
    CHECK(WBuf[0] == 0 && End == WBuf && Remaining == 8);

    CHECK(RtlStringCchLengthW(L"four", 10, &Length) == STATUS_SUCCESS && Length == 4);
    CHECK(RtlStringCchLengthW(L"four", 4, &Length) == STATUS_INVALID_PARAMETER && Length == 0);
    CHECK(RtlStringCbLengthA("ab", 3, &Length) == STATUS_SUCCESS && Length == 2);
}

static VOID TestUnicodeStrings(VOID)
{
    WCHAR Storage[8];
    UNICODE_STRING Dest = { 0, sizeof(Storage), Storage };
    UNICODE_STRING Source;
    UNICODE_STRING Remaining;

    CHECK(RtlUnicodeStringInit(&Source, L"source") == STATUS_SUCCESS);
    CHECK(Source.Length == 12 && Source.MaximumLength == 14);
    CHECK(RtlUnicodeStringValidate(&Source) == STATUS_SUCCESS);
    UNICODE_STRING Odd = { 3, 8, Storage };
    CHECK(RtlUnicodeStringValidate(&Odd) == STATUS_INVALID_PARAMETER);

    CHECK(RtlUnicodeStringCopy(&Dest, &Source) == STATUS_SUCCESS);
    CHECK(CountedEquals(&Dest, L"source"));
    CHECK(RtlUnicodeStringCatString(&Dest, L"xyz") == STATUS_BUFFER_OVERFLOW);
    CHECK(Dest.Length == 16 && CountedEquals(&Dest, L"sourcexy"));  /* all 8, no terminator */
    CHECK(RtlUnicodeStringCatString(&Dest, L"z") == STATUS_INVALID_PARAMETER);  /* already full */
    CHECK(RtlUnicodeStringCopyString(&Dest, L"ab") == STATUS_SUCCESS && Dest.Length == 4);
    CHECK(RtlUnicodeStringCat(&Dest, &Source) == STATUS_SUCCESS);    /* exactly fits */
    CHECK(CountedEquals(&Dest, L"absource"));
    CHECK(RtlUnicodeStringCatString(&Dest, L"") == STATUS_SUCCESS);  /* nothing to add */

    /* RtlUnicodeStringPrintf: %wZ of another counted string, cut to fit. */
    CHECK(RtlUnicodeStringPrintf(&Dest, L"<%wZ>", &Source) == STATUS_SUCCESS);
    CHECK(CountedEquals(&Dest, L"<source>"));
    CHECK(RtlUnicodeStringPrintf(&Dest, L"%d-%d-%d", 100, 200, 300) == STATUS_BUFFER_OVERFLOW);
    CHECK(CountedEquals(&Dest, L"100-200-"));
    CHECK(RtlUnicodeStringPrintfEx(&Dest, &Remaining, 0, L"%S", "hi") == STATUS_SUCCESS);
    CHECK(CountedEquals(&Dest, L"hi") && Remaining.Buffer == Storage + 2 &&
          Remaining.Length == 0 && Remaining.MaximumLength == 12);
    CHECK(RtlUnicodeStringPrintfEx(&Dest, NULL, STRSAFE_NO_TRUNCATION, L"%s", L"far too long") ==
          STATUS_BUFFER_OVERFLOW);
    CHECK(Dest.Length == 0);
    UNICODE_STRING Empty = { 0, 0, NULL };
    CHECK(RtlUnicodeStringCopyString(&Empty, L"x") == STATUS_INVALID_PARAMETER);
    CHECK(RtlUnicodeStringPrintf(NULL, L"x") == STATUS_INVALID_PARAMETER);

    WCHAR Array[4];
    CHECK(RtlStringCchCopyUnicodeString(Array, 4, &Source) == STATUS_BUFFER_OVERFLOW);
    CHECK(WideEquals(Array, L"sou"));
}

static VOID NTAPI DriverUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    DbgPrint("ntstrsafe: unloaded\n");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name;
    UNREFERENCED_PARAMETER(RegistryPath);

    TestArrays();
    TestUnicodeStrings();
    /* %wZ and %Z in DbgPrint. */
    ANSI_STRING Ansi;
    RtlInitUnicodeString(&Name, L"\\Device\\NtstrsafeTest");
    RtlInitAnsiString(&Ansi, "ansi");
    DbgPrint("ntstrsafe: name=%wZ ansi=%Z null=%wZ\n", &Name, &Ansi, (PUNICODE_STRING)NULL);
    DbgPrint("ntstrsafe: %d checks, %d failed\n", Checks, Failures);
    DriverObject->DriverUnload = DriverUnload;
    return Failures == 0 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
