/*
 * tests/win/crt/stdout.c - what printf and wprintf write to standard
 * output, compared byte for byte with stdout.expected: Microsoft's formats,
 * narrow and wide output interleaved with puts/putchar/fwrite in order,
 * UTF-8 for everything wide, conio's output functions.
 */
#include <windows.h>
#include <ntio/ntdef.h> /* UNICODE_STRING (winternl.h on Windows) */
#include <stdio.h>
#include <wchar.h>
#include <conio.h>

int main(void)
{
    DWORD Dword = 0xFFFFFFFF;
    LONG Long = -2;
    ULONG_PTR Pointer = 0x7FFE0000;
    WCHAR Name[] = L"\\Device\\Null";
    UNICODE_STRING Us = { sizeof(Name) - sizeof(WCHAR), sizeof(Name), Name };

    printf("dword %lu %lx %lX long %ld %li\n", Dword, Dword, Dword, Long, Long);
    printf("i64 %I64d %I64u %I64x id %Id iu %Iu i32 %I32u\n", -9000000000LL, 9000000000ULL,
           0xABCDEF0123ULL, (SSIZE_T)-1, (SIZE_T)42, 7u);
    printf("ptr %p size %zu %zx\n", (void *)Pointer, (size_t)1 << 40, (size_t)255);
    printf("ws [%ws] S [%S] wc [%wc] C [%C] wZ [%wZ]\n", L"wide", L"\u00e9t\u00e9", L'w',
           L'\u00fc', &Us);
    printf("hs [%hs] hc [%hc] width [%8ws] [%-8S] prec [%.3ws]\n", "narrow", 'n', L"r", L"l",
           L"truncate");
    printf("float %.3f %e %g %G %a\n", 1.0 / 3.0, 12345.678, 0.0001, 1e20, 1.0);
    puts("puts keeps its place");
    putchar('c');
    putchar('\n');
    fwrite("fwrite\n", 1, 7, stdout);
    wprintf(L"wprintf %s %S %d %c %hs\n", L"wide", "narrow", 12, L'\u00e9', "hs");
    wprintf(L"\u65e5\u672c\u8a9e \U0001F600 %lu\n", Dword);
    fwprintf(stdout, L"%-5s|%5s|\n", L"ab", L"cd");
    putwchar(L'\u00e9');
    fputws(L" fputws\n", stdout);
    _putws(L"_putws");
    printf("%d%%\n", 100);
    _cputs("cputs ");
    _putch('!');
    _cprintf(" cprintf %ws\n", L"w");
    _cwprintf(L"cwprintf %s\n", L"w");
    printf_s("printf_s %u\n", 1u);
    wprintf_s(L"wprintf_s %u\n", 2u);
    return 0;
}
