/*
 * cfgmgr32/devinst.c - device instance handles (DEVINST) and locating
 * device instances: CM_Locate_DevNode, CM_Get_Device_ID(_Size).
 *
 * A DEVINST is an index into a process-wide table of instance paths, as
 * Windows' cfgmgr32 hands out string table IDs: the same path (compared
 * case-insensitively) always gets the same handle, and a handle stays
 * valid for the life of the process whatever becomes of its device (a
 * call on a device that left the tree reports CR_NO_SUCH_DEVNODE).  The
 * root of the tree is DEVINST 1.
 */
#include "cfgmgrp.h"

#include <pthread.h>

typedef struct _CMP_ENTRY {
    PWSTR Path;         /* malloc'd; never changes nor goes away */
    DEVINST Next;       /* the next entry of the same hash bucket, 0 ends */
} CMP_ENTRY;

#define CMP_BUCKETS 256 /* a power of two */

/* The table, under CmpTableLock.  Entry 0 is not used (DEVINST 0 is no
 * handle); entry 1 is the root once the table is made. */
static pthread_mutex_t CmpTableLock = PTHREAD_MUTEX_INITIALIZER;
static CMP_ENTRY *CmpEntries;
static ULONG CmpEntryCount, CmpEntryCapacity; /* entries in use, including entry 0 */
static DEVINST CmpBuckets[CMP_BUCKETS];

static WCHAR CmpUpcase(WCHAR c)
{
    return c >= L'a' && c <= L'z' ? (WCHAR)(c - 32) : c;
}

static BOOL CmpEqualPath(PCWSTR a, PCWSTR b)
{
    for (; CmpUpcase(*a) == CmpUpcase(*b); a++, b++)
        if (!*a)
            return TRUE;
    return FALSE;
}

static ULONG CmpHashPath(PCWSTR Path)
{
    ULONG Hash = 2166136261u;
    for (; *Path; Path++)
        Hash = (Hash ^ CmpUpcase(*Path)) * 16777619u;
    return Hash & (CMP_BUCKETS - 1);
}

/* Add Path; the table lock is held.  0 when out of memory. */
static DEVINST CmpAddLocked(PCWSTR Path)
{
    if (CmpEntryCount == CmpEntryCapacity) {
        ULONG Capacity = CmpEntryCapacity ? CmpEntryCapacity * 2 : 64;
        CMP_ENTRY *Entries = realloc(CmpEntries, Capacity * sizeof *Entries);
        if (!Entries)
            return 0;
        CmpEntries = Entries;
        CmpEntryCapacity = Capacity;
    }
    SIZE_T Bytes = (RtlpWcslen(Path) + 1) * sizeof(WCHAR);
    PWSTR Copy = malloc(Bytes);
    if (!Copy)
        return 0;
    memcpy(Copy, Path, Bytes);
    if (CmpEntryCount == 0)
        CmpEntryCount = 1; /* entry 0: no handle */
    DEVINST DevInst = CmpEntryCount++;
    ULONG Bucket = CmpHashPath(Path);
    CmpEntries[DevInst].Path = Copy;
    CmpEntries[DevInst].Next = CmpBuckets[Bucket];
    CmpBuckets[Bucket] = DevInst;
    return DevInst;
}

/* The root comes first, so that it is DEVINST 1; the table lock is held. */
static BOOL CmpEnsureRootLocked(VOID)
{
    return CmpEntryCount > CMP_ROOT_DEVINST || CmpAddLocked(CMP_ROOT_ID) == CMP_ROOT_DEVINST;
}

CONFIGRET CmpDevInstFromPath(PCWSTR Path, PDEVINST DevInst)
{
    CONFIGRET Result = CR_SUCCESS;
    pthread_mutex_lock(&CmpTableLock);
    DEVINST Found = 0;
    if (!CmpEnsureRootLocked()) {
        Result = CR_OUT_OF_MEMORY;
    } else {
        for (Found = CmpBuckets[CmpHashPath(Path)]; Found; Found = CmpEntries[Found].Next)
            if (CmpEqualPath(CmpEntries[Found].Path, Path))
                break;
        if (!Found && !(Found = CmpAddLocked(Path)))
            Result = CR_OUT_OF_MEMORY;
    }
    pthread_mutex_unlock(&CmpTableLock);
    *DevInst = Found;
    return Result;
}

CONFIGRET CmpPathFromDevInst(DEVINST DevInst, CMP_PATH Path)
{
    CONFIGRET Result = CR_INVALID_DEVNODE;
    pthread_mutex_lock(&CmpTableLock);
    if (!CmpEnsureRootLocked()) {
        Result = CR_OUT_OF_MEMORY;
    } else if (DevInst && DevInst < CmpEntryCount) {
        memcpy(Path, CmpEntries[DevInst].Path,
               (RtlpWcslen(CmpEntries[DevInst].Path) + 1) * sizeof(WCHAR));
        Result = CR_SUCCESS;
    }
    pthread_mutex_unlock(&CmpTableLock);
    return Result;
}

BOOL CmpIsValidDeviceId(PCWSTR Id)
{
    ULONG Parts = 1;
    if (!Id[0] || Id[0] == L'\\')
        return FALSE;
    for (ULONG n = 0; Id[n]; n++) {
        WCHAR c = Id[n];
        if (n >= MAX_DEVICE_ID_LEN - 1 || c <= L' ' || c > 0x7F || c == L',')
            return FALSE;
        if (c == L'\\') {
            if (!Id[n + 1] || Id[n + 1] == L'\\')
                return FALSE; /* an empty part */
            Parts++;
        }
    }
    return Parts == 3;
}

/* ---- CM_Locate_DevNode ---------------------------------------------------------------- */

CMAPI CONFIGRET WINAPI CM_Locate_DevNodeW(PDEVINST pdnDevInst, DEVINSTID_W pDeviceID, ULONG ulFlags)
{
    if (!pdnDevInst)
        return CR_INVALID_POINTER;
    *pdnDevInst = 0;
    if (ulFlags & ~CM_LOCATE_DEVNODE_BITS)
        return CR_INVALID_FLAG;
    if (!pDeviceID || !pDeviceID[0]) {
        *pdnDevInst = CMP_ROOT_DEVINST;
        return CmpDevInstFromPath(CMP_ROOT_ID, pdnDevInst); /* makes the table */
    }
    if (!CmpIsValidDeviceId(pDeviceID))
        return CR_INVALID_DEVICE_ID;
    /* CM_LOCATE_DEVNODE_CANCELREMOVE: a removal in progress is carried out
     * by the PnP manager before it answers, so there is none to cancel. */
    if (!CmpIsPresent(pDeviceID)) {
        HKEY Key;
        if (!(ulFlags & CM_LOCATE_DEVNODE_PHANTOM) ||
            CmpOpenInstanceKey(pDeviceID, KEY_QUERY_VALUE, &Key) != ERROR_SUCCESS)
            return CR_NO_SUCH_DEVNODE;
        RegCloseKey(Key);
    }
    return CmpDevInstFromPath(pDeviceID, pdnDevInst);
}

CMAPI CONFIGRET WINAPI CM_Locate_DevNodeA(PDEVINST pdnDevInst, DEVINSTID_A pDeviceID, ULONG ulFlags)
{
    CMP_PATH Path;
    BOOL Given;
    if (!pdnDevInst)
        return CR_INVALID_POINTER;
    *pdnDevInst = 0;
    if (ulFlags & ~CM_LOCATE_DEVNODE_BITS)
        return CR_INVALID_FLAG;
    CONFIGRET Result = CmpAnsiToPath(pDeviceID, Path, &Given);
    if (Result != CR_SUCCESS)
        return Result;
    return CM_Locate_DevNodeW(pdnDevInst, Given ? Path : NULL, ulFlags);
}

/* ---- CM_Get_Device_ID ----------------------------------------------------------------- */

/* As Windows: the ID and a NUL when there is room for both; the ID alone
 * when there is room for exactly the ID (CR_SUCCESS, no NUL: the size
 * CM_Get_Device_ID_Size reports leaves the NUL out); as much as fits and
 * CR_BUFFER_SMALL when there is not. */
CMAPI CONFIGRET WINAPI CM_Get_Device_IDW(DEVINST dnDevInst, PWSTR Buffer, ULONG BufferLen,
                                         ULONG ulFlags)
{
    CMP_PATH Path;
    if (!Buffer)
        return CR_INVALID_POINTER;
    if (ulFlags)
        return CR_INVALID_FLAG;
    CONFIGRET Result = CmpPathFromDevInst(dnDevInst, Path);
    if (Result != CR_SUCCESS)
        return Result;
    ULONG Chars = (ULONG)RtlpWcslen(Path);
    if (BufferLen < Chars) {
        memcpy(Buffer, Path, BufferLen * sizeof(WCHAR));
        return CR_BUFFER_SMALL;
    }
    memcpy(Buffer, Path, Chars * sizeof(WCHAR));
    if (BufferLen > Chars)
        Buffer[Chars] = 0;
    return CR_SUCCESS;
}

CMAPI CONFIGRET WINAPI CM_Get_Device_IDA(DEVINST dnDevInst, PSTR Buffer, ULONG BufferLen,
                                         ULONG ulFlags)
{
    CMP_PATH Path;
    ULONG Bytes;
    if (!Buffer)
        return CR_INVALID_POINTER;
    if (ulFlags)
        return CR_INVALID_FLAG;
    CONFIGRET Result = CmpPathFromDevInst(dnDevInst, Path);
    if (Result != CR_SUCCESS)
        return Result;
    PSTR Ansi = CmpWideToAnsi(Path, RtlpWcslen(Path), &Bytes);
    if (!Ansi)
        return CR_OUT_OF_MEMORY;
    if (BufferLen < Bytes) {
        memcpy(Buffer, Ansi, BufferLen);
        Result = CR_BUFFER_SMALL;
    } else {
        memcpy(Buffer, Ansi, Bytes);
        if (BufferLen > Bytes)
            Buffer[Bytes] = 0;
    }
    free(Ansi);
    return Result;
}

CMAPI CONFIGRET WINAPI CM_Get_Device_ID_Size(PULONG pulLen, DEVINST dnDevInst, ULONG ulFlags)
{
    CMP_PATH Path;
    if (!pulLen)
        return CR_INVALID_POINTER;
    *pulLen = 0;
    if (ulFlags)
        return CR_INVALID_FLAG;
    CONFIGRET Result = CmpPathFromDevInst(dnDevInst, Path);
    if (Result == CR_SUCCESS)
        *pulLen = (ULONG)RtlpWcslen(Path);
    return Result;
}
