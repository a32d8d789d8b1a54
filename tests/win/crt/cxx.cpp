// tests/win/crt/cxx.cpp - the CRT headers from C++ (built with ntio-c++):
// std:: names reach ntio's functions, the size-deducing _s overloads,
// the const-correct wcschr overloads, libstdc++'s own headers beside
// them, and wmain in C++.
#include <windows.h>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cwchar>
#include <cwctype>
#include <string>
#include <vector>
#include <strsafe.h>

#include "crt_test.h"

int wmain(int argc, wchar_t *argv[])
{
    wchar_t Wide[8];
    char Narrow[8];

    CHECK(argc >= 1 && argv[0] != nullptr && std::wcslen(argv[0]) > 0);
    CHECK_EQ(wcscpy_s(Wide, L"abc"), 0);                    // the array overload
    CHECK_EQ(std::wcslen(Wide), 3);
    CHECK_EQ(wcscat_s(Wide, L"de"), 0);
    CHECK_WSTR(Wide, L"abcde");
    CHECK_EQ(sprintf_s(Narrow, "%lu", (DWORD)1234567u), 7);
    CHECK_STR(Narrow, "1234567");
    CHECK_EQ(swprintf_s(Wide, L"%S", "xy"), 2);
    CHECK_WSTR(Wide, L"xy");
    CHECK_EQ(_snprintf_s(Narrow, _TRUNCATE, "%s", "truncated"), -1);
    CHECK_STR(Narrow, "truncat");
    CHECK_EQ(strcpy_s(Narrow, "ok"), 0);
    CHECK_EQ(_itoa_s(-5, Narrow, 10), 0);
    CHECK_STR(Narrow, "-5");

    const wchar_t *Const = L"const";
    const wchar_t *Found = std::wcschr(Const, L'n');       // const in, const out
    CHECK(Found == Const + 2);
    wchar_t Mutable[] = L"mutable";
    wchar_t *Hit = std::wcsstr(Mutable, L"tab");
    CHECK(Hit == Mutable + 2);

    char Buf[64];
    std::snprintf(Buf, sizeof Buf, "%" PRId64 " %ws %I64u", INT64_MIN, L"w", 1ull << 63);
    CHECK_STR(Buf, "-9223372036854775808 w 9223372036854775808");
    CHECK(std::iswalpha(0xE9) && std::towupper(L'a') == L'A');
    CHECK_EQ(std::mbstowcs(Wide, "\xC3\xA9", 8), 1);
    CHECK_EQ(Wide[0], 0xE9);
    CHECK_EQ(std::wcstol(L"77", nullptr, 8), 63);

    std::string Text = "libstdc++";
    std::vector<int> Numbers{ 3, 1, 2 };
    CHECK(Text.size() == 9 && Numbers.size() == 3);

    CHECK_EQ(StringCchCopyA(Narrow, 4, "abcd"), STRSAFE_E_INSUFFICIENT_BUFFER);
    return test_summary("crt cxx");
}
