/*
 * pkgstage.h - putting a driver package together for the installer tests
 * (tests/win/devinstall, tests/win/autoinstall): files built on the Linux
 * side copied into C:\pkg of the prefix.  Include after harness.h.
 */
#ifndef PKGSTAGE_H
#define PKGSTAGE_H

#define PKG L"C:\\pkg"

/* A Linux directory as a Z: path. */
static void ZPath(PWSTR Out, const char *Linux)
{
    PWSTR o = Out;
    *o++ = L'Z';
    *o++ = L':';
    for (const char *p = Linux; *p && o < Out + 590; p++)
        *o++ = *p == '/' ? L'\\' : (WCHAR)(unsigned char)*p;
    *o = 0;
}

static BOOL CopyOne(PCWSTR From, PCWSTR To)
{
    HANDLE In = CreateFileW(From, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (In == INVALID_HANDLE_VALUE)
        return FALSE;
    HANDLE Out = CreateFileW(To, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    BOOL Ok = Out != INVALID_HANDLE_VALUE;
    static BYTE Buffer[65536];
    DWORD Read, Written;
    while (Ok && ReadFile(In, Buffer, sizeof Buffer, &Read, NULL) && Read)
        Ok = WriteFile(Out, Buffer, Read, &Written, NULL) && Written == Read;
    if (Out != INVALID_HANDLE_VALUE)
        CloseHandle(Out);
    CloseHandle(In);
    return Ok;
}

/* Dir\Name copied to C:\pkg\Name. */
static void Stage(PCWSTR Dir, PCWSTR Name)
{
    WCHAR From[700], To[700];
    swprintf(From, 700, L"%ls\\%ls", Dir, Name);
    swprintf(To, 700, L"%ls\\%ls", PKG, Name);
    CHECK(CopyOne(From, To));
}

#endif
