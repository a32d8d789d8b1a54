/*
 * pnpreg.h - the registry as an installer leaves it for the PnP test
 * devices: what the pnp, cfgmgr32 and setupdi applications write before
 * the PnP manager enumerates.  Include after harness.h (CHECK_EQ).
 */
#ifndef PNPREG_H
#define PNPREG_H

#include <stdio.h>
#include <wchar.h>

/* The size in bytes of a string value, its NULs included; a multi-string
 * literal here is one string followed by "\0" (L"ROOT\\NTIOECHO\0"). */
static inline DWORD StringBytes(PCWSTR Value, DWORD Type)
{
    DWORD Chars = (DWORD)wcslen(Value) + 1;
    if (Type == REG_MULTI_SZ)
        Chars += (DWORD)wcslen(Value + Chars) + 1;
    return Chars * sizeof(WCHAR);
}

/* A REG_SZ, REG_EXPAND_SZ or REG_MULTI_SZ (as StringBytes sizes it). */
static inline void SetString(HKEY Key, PCWSTR Name, PCWSTR Value, DWORD Type)
{
    CHECK_EQ(RegSetValueExW(Key, Name, 0, Type, (const BYTE *)Value, StringBytes(Value, Type)),
             ERROR_SUCCESS);
}

static inline void SetDword(HKEY Key, PCWSTR Name, DWORD Value)
{
    CHECK_EQ(RegSetValueExW(Key, Name, 0, REG_DWORD, (const BYTE *)&Value, sizeof Value),
             ERROR_SUCCESS);
}

/* HKLM\<Format with Arg>, created if need be. */
static inline HKEY CreateKey(PCWSTR Format, PCWSTR Arg)
{
    WCHAR Path[400];
    HKEY Key = NULL;
    swprintf(Path, 400, Format, Arg);
    CHECK_EQ(RegCreateKeyExW(HKEY_LOCAL_MACHINE, Path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &Key, NULL),
             ERROR_SUCCESS);
    return Key;
}

/* A demand-start kernel driver service whose image is Dir\Name.sys. */
static inline void CreateDriverService(PCWSTR Dir, PCWSTR Name)
{
    WCHAR Image[MAX_PATH + 32];
    swprintf(Image, MAX_PATH + 32, L"\\??\\%ls\\%ls.sys", Dir, Name);
    HKEY Key = CreateKey(L"SYSTEM\\CurrentControlSet\\Services\\%ls", Name);
    SetDword(Key, L"Type", 1);  /* SERVICE_KERNEL_DRIVER */
    SetDword(Key, L"Start", 3); /* SERVICE_DEMAND_START */
    SetDword(Key, L"ErrorControl", 1);
    SetString(Key, L"ImagePath", Image, REG_EXPAND_SZ);
    RegCloseKey(Key);
}

#endif
