/*
 * kernel32/module.c - GetModuleFileName: the file of a module as a Win32
 * path (the executable for a NULL module; /proc/self/exe is a Linux path,
 * shown on its drive, C:\… inside the prefix's drive_c, Z:\… elsewhere).
 *
 * A module handle is the address a module is loaded at, as on Windows;
 * for ELF objects that is the start of their first loaded segment.
 */
#include "path.h"
#include "rtl/nls.h"

#include <link.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct _BASE_MODULE_QUERY {
    ULONG_PTR Base;
    char Path[PATH_MAX];
    BOOLEAN Found;
    BOOLEAN Main;
} BASE_MODULE_QUERY;

static int BaseFindModule(struct dl_phdr_info *Info, size_t Size, void *Data)
{
    BASE_MODULE_QUERY *Q = Data;
    UNREFERENCED_PARAMETER(Size);
    for (int i = 0; i < Info->dlpi_phnum; i++) {
        if (Info->dlpi_phdr[i].p_type != PT_LOAD)
            continue;
        ULONG_PTR Start = Info->dlpi_addr + (Info->dlpi_phdr[i].p_vaddr & ~(ULONG_PTR)0xfff);
        if (Start != Q->Base && Info->dlpi_addr != Q->Base)
            return 0;
        Q->Found = TRUE;
        Q->Main = !Info->dlpi_name || !Info->dlpi_name[0];
        snprintf(Q->Path, sizeof Q->Path, "%s", Q->Main ? "" : Info->dlpi_name);
        return 1;
    }
    return 0;
}

/* The Linux file of hModule into Path; FALSE (last error set) if none. */
static BOOL BaseModuleHostPath(HMODULE hModule, char *Path, SIZE_T Size)
{
    BASE_MODULE_QUERY Q = { .Base = (ULONG_PTR)hModule };
    if (hModule) {
        dl_iterate_phdr(BaseFindModule, &Q);
        if (!Q.Found) {
            SetLastError(ERROR_MOD_NOT_FOUND);
            return FALSE;
        }
    }
    if (!hModule || Q.Main) {
        ssize_t n = readlink("/proc/self/exe", Path, Size - 1);
        if (n <= 0) {
            SetLastError(ERROR_MOD_NOT_FOUND);
            return FALSE;
        }
        Path[n] = 0;
        return TRUE;
    }
    /* A library loaded by a relative name is found from the current
     * directory, as the loader found it. */
    char *Real = realpath(Q.Path, NULL);
    snprintf(Path, Size, "%s", Real ? Real : Q.Path);
    free(Real);
    return TRUE;
}

/* The Win32 path of hModule (malloc'd) and its length; NULL on failure. */
static PWCHAR BaseModuleFileName(HMODULE hModule, SIZE_T *Length)
{
    char Host[PATH_MAX];
    if (!BaseModuleHostPath(hModule, Host, sizeof Host))
        return NULL;
    SIZE_T Chars = PATH_MAX + 16;
    PWCHAR Dos = malloc(Chars * sizeof(WCHAR));
    if (!Dos) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    NTSTATUS Status = BaseHostPathToDosPath(Host, Dos, Chars, Length);
    if (!NT_SUCCESS(Status)) {
        free(Dos);
        BaseSetLastNTError(Status);
        return NULL;
    }
    return Dos;
}

/*
 * Windows' rules: the length without the NUL when the name fits; when it
 * does not, as much as fits with a NUL (nSize characters in all), the
 * return value nSize, and ERROR_INSUFFICIENT_BUFFER.
 */
NTIO_EXPORT DWORD WINAPI GetModuleFileNameW(HMODULE hModule, LPWSTR lpFilename, DWORD nSize)
{
    SIZE_T Len;
    PWCHAR Name = BaseModuleFileName(hModule, &Len);
    if (!Name)
        return 0;
    DWORD Result;
    if (Len < nSize) {
        memcpy(lpFilename, Name, (Len + 1) * sizeof(WCHAR));
        Result = (DWORD)Len;
    } else {
        if (nSize) {
            memcpy(lpFilename, Name, (nSize - 1) * sizeof(WCHAR));
            lpFilename[nSize - 1] = 0;
        }
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        Result = nSize;
    }
    free(Name);
    return Result;
}

NTIO_EXPORT DWORD WINAPI GetModuleFileNameA(HMODULE hModule, LPSTR lpFilename, DWORD nSize)
{
    SIZE_T Len;
    PWCHAR Name = BaseModuleFileName(hModule, &Len);
    if (!Name)
        return 0;
    SIZE_T Bytes = RtlpUtf16ToUtf8(NULL, 0, Name, Len);
    char *Narrow = malloc(Bytes + 1);
    DWORD Result = 0;
    if (!Narrow) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    } else {
        BaseWideResultToAnsi(Name, Len, Narrow, (DWORD)(Bytes + 1));
        if (Bytes < nSize) {
            memcpy(lpFilename, Narrow, Bytes + 1);
            Result = (DWORD)Bytes;
        } else {
            if (nSize) {
                memcpy(lpFilename, Narrow, nSize - 1);
                lpFilename[nSize - 1] = 0;
            }
            SetLastError(ERROR_INSUFFICIENT_BUFFER);
            Result = nSize;
        }
    }
    free(Narrow);
    free(Name);
    return Result;
}
