/*
 * tests/win/crt/tmain.c - tchar.h with UNICODE/_UNICODE: _tmain is wmain,
 * _TCHAR is wchar_t, _tprintf is wprintf, _T("") is L"".
 */
#define UNICODE
#define _UNICODE
#include <windows.h>
#include <tchar.h>
#include <stdio.h>

int _tmain(int argc, _TCHAR *argv[])
{
    _TCHAR Copy[32];
    _tcscpy_s(Copy, _countof(Copy), argc > 1 ? argv[1] : _T("none"));
    _tcscat_s(Copy, _countof(Copy), _T("!"));
    _tprintf(_T("tmain %d [%s] %zu %d\n"), argc, Copy, _tcslen(Copy),
             (int)(sizeof(_TCHAR) == sizeof(wchar_t) && sizeof(TCHAR) == 2));
    _tprintf(_T("upper %c\n"), _totupper(_T('q')));
    return 0;
}
