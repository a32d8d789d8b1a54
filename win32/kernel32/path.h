/*
 * kernel32/path.h - what path.c offers the other parts of kernel32 that
 * take a path (file.c, module.c).
 */
#ifndef NTIO_K32_PATH_H
#define NTIO_K32_PATH_H

#include "k32.h"

/* The NT name CreateFile opens for a Win32 path (RtlDosPathNameToNtPathName_U's
 * rules); NtName->Buffer is malloc'd: free it with BaseFreeNtPath.
 * STATUS_OBJECT_NAME_INVALID for an empty path, STATUS_NAME_TOO_LONG. */
NTSTATUS BaseDosPathToNtPath(LPCWSTR Path, PUNICODE_STRING NtName, PWSTR *FilePart);
VOID BaseFreeNtPath(PUNICODE_STRING NtName);
/* A Linux path as the Win32 path of its drive ("Z:\usr\bin\x"); *Length
 * without the NUL; STATUS_BUFFER_TOO_SMALL when Chars cannot hold it. */
NTSTATUS BaseHostPathToDosPath(const char *HostPath, PWCHAR Out, SIZE_T Chars, SIZE_T *Length);
/* An A argument as UTF-16 (malloc'd; NULL and ERROR_NOT_ENOUGH_MEMORY on failure). */
PWSTR BaseAnsiToWide(LPCSTR Text);
/* A W result into an A buffer with the Win32 rules: the length without
 * the NUL if it fits in Size bytes, else the size needed with it. */
DWORD BaseWideResultToAnsi(PCWSTR Wide, SIZE_T Chars, LPSTR Out, DWORD Size);

#endif
