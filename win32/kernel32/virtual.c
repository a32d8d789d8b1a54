/*
 * kernel32/virtual.c - the process's virtual memory: VirtualAlloc,
 * VirtualFree, VirtualProtect, VirtualQuery, over the NT memory services.
 */
#include "k32.h"

/* What GetSystemInfo reports as dwAllocationGranularity. */
#define BASE_ALLOCATION_GRANULARITY 0x10000

NTIO_EXPORT LPVOID WINAPI VirtualAlloc(LPVOID lpAddress, SIZE_T dwSize, DWORD flAllocationType,
                                       DWORD flProtect)
{
    PVOID Base = lpAddress;
    SIZE_T Size = dwSize;
    NTSTATUS Status;

    /* Nothing lives in the first 64K: an address there is a mistake. */
    if (lpAddress && (ULONG_PTR)lpAddress < BASE_ALLOCATION_GRANULARITY) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    Status = NtAllocateVirtualMemory(NtCurrentProcess(), &Base, 0, &Size, flAllocationType,
                                     flProtect);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return NULL;
    }
    return Base;
}

NTIO_EXPORT BOOL WINAPI VirtualFree(LPVOID lpAddress, SIZE_T dwSize, DWORD dwFreeType)
{
    PVOID Base = lpAddress;
    SIZE_T Size = dwSize;
    NTSTATUS Status;

    /* MEM_RELEASE frees a whole reservation: the size must be 0. */
    if (dwSize && (dwFreeType & MEM_RELEASE)) {
        BaseSetLastNTError(STATUS_INVALID_PARAMETER);
        return FALSE;
    }
    Status = NtFreeVirtualMemory(NtCurrentProcess(), &Base, &Size, dwFreeType);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

NTIO_EXPORT BOOL WINAPI VirtualProtect(LPVOID lpAddress, SIZE_T dwSize, DWORD flNewProtect,
                                       PDWORD lpflOldProtect)
{
    PVOID Base = lpAddress;
    SIZE_T Size = dwSize;
    NTSTATUS Status = NtProtectVirtualMemory(NtCurrentProcess(), &Base, &Size, flNewProtect,
                                             (PULONG)lpflOldProtect);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

NTIO_EXPORT SIZE_T WINAPI VirtualQuery(LPCVOID lpAddress, PMEMORY_BASIC_INFORMATION lpBuffer,
                                       SIZE_T dwLength)
{
    SIZE_T Returned = 0;
    NTSTATUS Status = NtQueryVirtualMemory(NtCurrentProcess(), (PVOID)lpAddress,
                                           MemoryBasicInformation, lpBuffer, dwLength, &Returned);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return 0;
    }
    return Returned;
}
