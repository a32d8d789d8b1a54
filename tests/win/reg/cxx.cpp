/*
 * tests/win/reg/cxx.cpp - the registry API from C++: <winreg.h> on its own
 * (it brings <windows.h>) and beside the NT headers, with a few real calls.
 */
#include <winreg.h>
#include <windows.h>
#include <ntio/ntsvc.h>

#include "regtest.h"

int main()
{
    HKEY Key;
    DWORD Disposition = 0, Data = 0, Size = sizeof Data, Type = 0;
    static const DWORD Value = 0x01020304;
    CHECK_OK(RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\ntio-test\\cxx", 0, NULL,
                             REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS, NULL, &Key, &Disposition));
    CHECK(Disposition == REG_CREATED_NEW_KEY || Disposition == REG_OPENED_EXISTING_KEY);
    CHECK_OK(RegSetValueExA(Key, "v", 0, REG_DWORD, reinterpret_cast<const BYTE *>(&Value), 4));
    CHECK_OK(RegGetValueW(Key, NULL, L"v", RRF_RT_REG_DWORD, &Type, &Data, &Size));
    CHECK_EQ(Data, Value);
    CHECK_EQ(Type, REG_DWORD);
    CHECK_OK(RegCloseKey(Key));
    CHECK_OK(RegDeleteTreeA(HKEY_CURRENT_USER, "Software\\ntio-test\\cxx"));
    return RtFinish("reg c++");
}
