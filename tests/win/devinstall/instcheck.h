/*
 * instcheck.h - what the installer tests (tests/win/devinstall,
 * tests/win/setupdi's devcreate_app) share: writing a file of the package
 * and asking whether an install left a registry key.  Include after
 * harness.h (CHECK).
 */
#ifndef INSTCHECK_H
#define INSTCHECK_H

/* Path with Text as its contents. */
static void WriteText(PCWSTR Path, const char *Text)
{
    HANDLE h = CreateFileW(Path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD Written;
    CHECK(h != INVALID_HANDLE_VALUE);
    CHECK(WriteFile(h, Text, (DWORD)strlen(Text), &Written, NULL));
    CloseHandle(h);
}

/* HKLM\Key exists. */
static BOOL KeyExists(PCWSTR Key)
{
    HKEY h;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, Key, 0, KEY_READ, &h))
        return FALSE;
    RegCloseKey(h);
    return TRUE;
}

#endif
