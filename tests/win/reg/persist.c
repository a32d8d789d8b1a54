/*
 * tests/win/reg/persist.c - the registry outlives the process: run once
 * with "write", then again in the same prefix with "check".  Volatile keys
 * do not survive; everything else does, byte for byte.
 */
#include "regtest.h"

static const WCHAR Sz[] = L"persisted \x00e9";
static const BYTE Bin[] = { 0, 1, 2, 0xfe, 0xff };
static const WCHAR Multi[] = L"one\0two\0";

static int Write(void)
{
    HKEY Key, Volatile;
    DWORD Dword = 0xdeadbeef;
    ULONGLONG Qword = 0x0102030405060708ull;
    CHECK_OK(RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\ntio-persist\\sub", 0, NULL, 0,
                             KEY_ALL_ACCESS, NULL, &Key, NULL));
    CHECK_OK(RegSetValueExW(Key, L"sz", 0, REG_SZ, (const BYTE *)Sz, sizeof Sz));
    CHECK_OK(RegSetValueExW(Key, L"dword", 0, REG_DWORD, (const BYTE *)&Dword, sizeof Dword));
    CHECK_OK(RegSetValueExW(Key, L"qword", 0, REG_QWORD, (const BYTE *)&Qword, sizeof Qword));
    CHECK_OK(RegSetValueExW(Key, L"bin", 0, REG_BINARY, Bin, sizeof Bin));
    CHECK_OK(RegSetValueExW(Key, L"multi", 0, REG_MULTI_SZ, (const BYTE *)Multi, sizeof Multi));
    CHECK_OK(RegSetValueExW(Key, NULL, 0, REG_SZ, (const BYTE *)L"default", 16));
    CHECK_OK(RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\ntio-persist\\volatile", 0, NULL,
                             REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL, &Volatile, NULL));
    CHECK_OK(RegSetValueExW(Volatile, L"gone", 0, REG_DWORD, (const BYTE *)&Dword, sizeof Dword));
    CHECK_OK(RegFlushKey(Key));
    CHECK_OK(RegCloseKey(Volatile));
    CHECK_OK(RegCloseKey(Key));
    return RtFinish("reg persist write");
}

static void CheckValue(HKEY Key, const WCHAR *Name, DWORD Type, const void *Data, DWORD Size)
{
    BYTE Buf[128];
    DWORD GotType = 0, GotSize = sizeof Buf;
    CHECK_OK(RegQueryValueExW(Key, Name, NULL, &GotType, Buf, &GotSize));
    CHECK_EQ(GotType, Type);
    CHECK_EQ(GotSize, Size);
    CHECK(GotSize == Size && !memcmp(Buf, Data, Size));
}

static int Check(void)
{
    HKEY Key;
    DWORD Dword = 0xdeadbeef;
    ULONGLONG Qword = 0x0102030405060708ull;
    CHECK_OK(RegOpenKeyExW(HKEY_CURRENT_USER, L"Software\\ntio-persist\\sub", 0, KEY_READ, &Key));
    CheckValue(Key, L"sz", REG_SZ, Sz, sizeof Sz);
    CheckValue(Key, L"dword", REG_DWORD, &Dword, sizeof Dword);
    CheckValue(Key, L"qword", REG_QWORD, &Qword, sizeof Qword);
    CheckValue(Key, L"bin", REG_BINARY, Bin, sizeof Bin);
    CheckValue(Key, L"multi", REG_MULTI_SZ, Multi, sizeof Multi);
    CheckValue(Key, L"", REG_SZ, L"default", 16);
    CHECK_OK(RegCloseKey(Key));
    CHECK_ERR(RegOpenKeyExW(HKEY_CURRENT_USER, L"Software\\ntio-persist\\volatile", 0, KEY_READ, &Key),
              ERROR_FILE_NOT_FOUND);
    CHECK_OK(RegDeleteTreeW(HKEY_CURRENT_USER, L"Software\\ntio-persist"));
    return RtFinish("reg persist check");
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "write"))
        return Write();
    if (argc == 2 && !strcmp(argv[1], "check"))
        return Check();
    printf("FAIL usage: persist write|check\n");
    return 2;
}
