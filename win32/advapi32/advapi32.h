/*
 * advapi32/advapi32.h - private helpers shared by advapi32's sources (the
 * registry, reg*.c, and the Service Control Manager client, service.c).
 * advapi32 reaches the kernel only through the NT system services.
 */
#ifndef NTIO_ADVAPI32_H
#define NTIO_ADVAPI32_H

/* The NT headers first: winreg.h leaves out the value types, access rights
 * and options <ntio/ntreg.h> already defined. */
#include <ntio/ntdef.h>
#include <ntio/ntsvc.h>
#include <windows.h>
#include "rtl/nls.h"

#include <stdlib.h>
#include <string.h>

NTIO_BEGIN_DECLS

/* Rtl exports advapi32 uses that no application-side header declares. */
NTSYSAPI WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR SourceCharacter);

/* The Win32 error for an NTSTATUS (the registry functions return it and
 * leave the last error alone). */
static inline DWORD AdvNtStatusToError(NTSTATUS Status)
{
    return NT_SUCCESS(Status) ? ERROR_SUCCESS : RtlNtStatusToDosError(Status);
}

/* Record an NTSTATUS as the thread's last error (for the functions that
 * report failure through GetLastError); returns the Win32 error. */
DWORD AdvSetLastNtError(NTSTATUS Status);

/* ANSI (UTF-8) <-> Unicode, into malloc'd NUL-terminated strings; free()
 * them.  A NULL input gives NULL and ERROR_SUCCESS. */
DWORD AdvAnsiToUnicode(LPCSTR Ansi, LPWSTR *Unicode);
DWORD AdvUnicodeToAnsi(LPCWSTR Unicode, LPSTR *Ansi);

/* A counted string over a NUL-terminated one; NULL gives the empty string.
 * Fails (STATUS_NAME_TOO_LONG) when it does not fit a UNICODE_STRING. */
NTSTATUS AdvInitUnicodeString(PUNICODE_STRING String, LPCWSTR Source);

/* ---- the registry (reg.c) ------------------------------------------------ */

/* The NT handle behind an HKEY, opening a predefined key on first use.
 * Returns ERROR_INVALID_HANDLE for NULL and unknown predefined values. */
DWORD RegpMapKey(HKEY hKey, PHANDLE Handle);
/* TRUE for the predefined HKEY_* values (which RegCloseKey does not close). */
BOOLEAN RegpIsPredefinedKey(HKEY hKey);

/* NtQueryKey / NtEnumerateKey / NtQueryValueKey / NtEnumerateValueKey into
 * Stack, or into a malloc'd buffer when the answer does not fit (asked
 * again until it does).  *Buffer is Stack or that buffer (free it), NULL
 * on failure. */
typedef enum _REGP_QUERY {
    RegpQueryKeyOp,
    RegpEnumKeyOp,
    RegpQueryValueOp,
    RegpEnumValueOp,
} REGP_QUERY;
NTSTATUS RegpQuery(REGP_QUERY Op, HANDLE Key, ULONG Index, PUNICODE_STRING Name, ULONG InfoClass,
                   PVOID Stack, ULONG StackSize, PVOID *Buffer);

NTIO_END_DECLS

#endif /* NTIO_ADVAPI32_H */
