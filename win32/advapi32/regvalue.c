/*
 * advapi32/regvalue.c - registry values: RegQueryValueEx, RegGetValue,
 * RegSetValueEx, RegEnumValue, RegDeleteValue.
 *
 * Values are stored as the caller gave them; the A forms convert REG_SZ,
 * REG_EXPAND_SZ and REG_MULTI_SZ data between UTF-8 and UTF-16 and count
 * their sizes in UTF-8 bytes.
 */
#include "advapi32.h"

extern char **environ;

static BOOLEAN RegpIsStringType(DWORD Type)
{
    return Type == REG_SZ || Type == REG_EXPAND_SZ || Type == REG_MULTI_SZ;
}

/* Windows never maps the lowest 64K: such a data pointer is a bad one. */
static BOOLEAN RegpIsBadDataPointer(const void *Data)
{
    return Data && (ULONG_PTR)Data < 0x10000;
}

/* A value's data as the caller's form wants it: the stored bytes, or for
 * the A forms strings in UTF-8 (an odd trailing byte is dropped, as
 * Windows' conversion does). */
typedef struct _REGP_DATA {
    DWORD Type;
    DWORD Size;
    const BYTE *Data;
    BYTE *Allocated;
} REGP_DATA;

static DWORD RegpMakeAnsi(REGP_DATA *Value)
{
    if (!RegpIsStringType(Value->Type))
        return ERROR_SUCCESS;
    const WCHAR *Wide = (const WCHAR *)Value->Data;
    SIZE_T Chars = Value->Size / sizeof(WCHAR);
    SIZE_T Bytes = RtlpUtf16ToUtf8(NULL, 0, Wide, Chars);
    BYTE *Ansi = malloc(Bytes ? Bytes : 1);
    if (!Ansi)
        return ERROR_NOT_ENOUGH_MEMORY;
    RtlpUtf16ToUtf8((char *)Ansi, Bytes, Wide, Chars);
    free(Value->Allocated);
    Value->Allocated = Ansi;
    Value->Data = Ansi;
    Value->Size = (DWORD)Bytes;
    return ERROR_SUCCESS;
}

/* Copy a value out with RegQueryValueEx's rules: no buffer, the size; too
 * small a buffer, ERROR_MORE_DATA and the size; a string that was stored
 * without its NUL gets one when there is room (the size does not count
 * it), as Windows does. */
static DWORD RegpCopyOut(const REGP_DATA *Value, BOOLEAN Ansi, LPDWORD lpType, LPBYTE lpData,
                         LPDWORD lpcbData)
{
    DWORD Error = ERROR_SUCCESS;
    if (lpData) {
        DWORD Room = *lpcbData;
        if (Value->Size > Room) {
            Error = ERROR_MORE_DATA;
        } else {
            memcpy(lpData, Value->Data, Value->Size);
            if (RegpIsStringType(Value->Type)) {
                if (Ansi) {
                    if (Value->Size && Value->Size < Room && lpData[Value->Size - 1])
                        lpData[Value->Size] = 0;
                } else if (Value->Size >= sizeof(WCHAR) && Value->Size + sizeof(WCHAR) <= Room &&
                           (lpData[Value->Size - 2] || lpData[Value->Size - 1])) {
                    lpData[Value->Size] = 0;
                    lpData[Value->Size + 1] = 0;
                }
            }
        }
    }
    if (lpType)
        *lpType = Value->Type;
    if (lpcbData)
        *lpcbData = Value->Size;
    return Error;
}

/* The whole of one value, by name. */
static DWORD RegpReadValue(HANDLE Key, LPCWSTR Name, PVOID Stack, ULONG StackSize, REGP_DATA *Value)
{
    UNICODE_STRING String;
    PVOID Buffer;
    NTSTATUS Status = AdvInitUnicodeString(&String, Name);
    memset(Value, 0, sizeof *Value);
    if (NT_SUCCESS(Status))
        Status = RegpQuery(RegpQueryValueOp, Key, 0, &String, KeyValuePartialInformation, Stack,
                           StackSize, &Buffer);
    if (!NT_SUCCESS(Status))
        return AdvNtStatusToError(Status);
    PKEY_VALUE_PARTIAL_INFORMATION Info = Buffer;
    Value->Type = Info->Type;
    Value->Size = Info->DataLength;
    Value->Data = Info->Data;
    if (Buffer != Stack)
        Value->Allocated = Buffer;
    return ERROR_SUCCESS;
}

/* ---- RegQueryValueEx ------------------------------------------------------ */

NTIO_EXPORT LSTATUS WINAPI RegQueryValueExW(HKEY hKey, LPCWSTR lpValueName, LPDWORD lpReserved,
                                            LPDWORD lpType, LPBYTE lpData, LPDWORD lpcbData)
{
    ULONGLONG Stack[64];
    REGP_DATA Value;
    HANDLE Key;
    DWORD Error;

    if ((lpData && !lpcbData) || lpReserved)
        return ERROR_INVALID_PARAMETER;
    Error = RegpMapKey(hKey, &Key);
    if (Error)
        return Error;
    Error = RegpReadValue(Key, lpValueName, Stack, sizeof Stack, &Value);
    if (Error)
        return Error;
    Error = RegpCopyOut(&Value, FALSE, lpType, lpData, lpcbData);
    free(Value.Allocated);
    return Error;
}

NTIO_EXPORT LSTATUS WINAPI RegQueryValueExA(HKEY hKey, LPCSTR lpValueName, LPDWORD lpReserved,
                                            LPDWORD lpType, LPBYTE lpData, LPDWORD lpcbData)
{
    ULONGLONG Stack[64];
    REGP_DATA Value;
    LPWSTR Name;
    HANDLE Key;
    DWORD Error;

    if ((lpData && !lpcbData) || lpReserved)
        return ERROR_INVALID_PARAMETER;
    Error = RegpMapKey(hKey, &Key);
    if (Error)
        return Error;
    Error = AdvAnsiToUnicode(lpValueName, &Name);
    if (Error)
        return Error;
    Error = RegpReadValue(Key, Name, Stack, sizeof Stack, &Value);
    free(Name);
    if (Error)
        return Error;
    Error = RegpMakeAnsi(&Value);
    if (!Error)
        Error = RegpCopyOut(&Value, TRUE, lpType, lpData, lpcbData);
    free(Value.Allocated);
    return Error;
}

/* ---- RegGetValue ------------------------------------------------------------ */

/* The value of the environment variable Name (Chars long, compared without
 * regard to case, as Windows does), or NULL. */
static const char *RegpGetEnvironment(const WCHAR *Name, SIZE_T Chars)
{
    for (char **Entry = environ; Entry && *Entry; Entry++) {
        const char *Var = *Entry, *Equal = strchr(Var, '=');
        if (!Equal || Equal == Var)
            continue;
        WCHAR Buf[256];
        SIZE_T VarChars = RtlpUtf8ToUtf16(Buf, RTL_NUMBER_OF(Buf), Var, (SIZE_T)(Equal - Var));
        if (VarChars != Chars || VarChars > RTL_NUMBER_OF(Buf))
            continue;
        SIZE_T i;
        for (i = 0; i < Chars; i++)
            if (RtlUpcaseUnicodeChar(Buf[i]) != RtlUpcaseUnicodeChar(Name[i]))
                break;
        if (i == Chars)
            return Equal + 1;
    }
    return NULL;
}

/* %NAME% -> the variable's value, from the process environment; a name
 * that is not set, and a lone %, stay as they are (ExpandEnvironmentStrings'
 * rules).  Src is Chars long; the result is malloc'd and NUL-terminated,
 * *OutChars counting the NUL. */
static DWORD RegpExpand(const WCHAR *Src, SIZE_T Chars, WCHAR **Out, SIZE_T *OutChars)
{
    SIZE_T Cap = Chars + 64, Len = 0;
    WCHAR *Buf = malloc(Cap * sizeof(WCHAR));
    if (!Buf)
        return ERROR_NOT_ENOUGH_MEMORY;
    SIZE_T i = 0;
    while (i < Chars && Src[i]) {
        const WCHAR *Piece = Src + i;
        SIZE_T PieceChars = 1;
        const char *Value = NULL;
        if (Src[i] == L'%') {
            SIZE_T j = i + 1;
            while (j < Chars && Src[j] && Src[j] != L'%')
                j++;
            if (j < Chars && Src[j] == L'%') {
                if (j > i + 1)
                    Value = RegpGetEnvironment(Src + i + 1, j - i - 1);
                PieceChars = j - i + 1; /* %NAME% as it is, when NAME is not set */
            } else {
                PieceChars = j - i; /* no closing %: the rest as it is */
            }
        }
        SIZE_T Need = Value ? RtlpUtf8ToUtf16(NULL, 0, Value, strlen(Value)) : PieceChars;
        if (Len + Need + 1 > Cap) {
            Cap = (Len + Need + 1) * 2;
            WCHAR *Bigger = realloc(Buf, Cap * sizeof(WCHAR));
            if (!Bigger) {
                free(Buf);
                return ERROR_NOT_ENOUGH_MEMORY;
            }
            Buf = Bigger;
        }
        if (Value)
            RtlpUtf8ToUtf16(Buf + Len, Need, Value, strlen(Value));
        else
            memcpy(Buf + Len, Piece, PieceChars * sizeof(WCHAR));
        Len += Need;
        i += PieceChars;
    }
    Buf[Len++] = 0;
    *Out = Buf;
    *OutChars = Len;
    return ERROR_SUCCESS;
}

/* Strings as RegGetValue returns them: NUL-terminated (REG_MULTI_SZ with
 * its final empty string), REG_EXPAND_SZ expanded to REG_SZ unless
 * RRF_NOEXPAND.  Value keeps the stored data otherwise. */
static DWORD RegpFinishString(REGP_DATA *Value, DWORD Flags)
{
    if (!RegpIsStringType(Value->Type))
        return ERROR_SUCCESS;
    const WCHAR *Src = (const WCHAR *)Value->Data;
    SIZE_T Chars = Value->Size / sizeof(WCHAR);
    WCHAR *Out;
    SIZE_T OutChars;
    if (Value->Type == REG_EXPAND_SZ && !(Flags & RRF_NOEXPAND)) {
        DWORD Error = RegpExpand(Src, Chars, &Out, &OutChars);
        if (Error)
            return Error;
        Value->Type = REG_SZ;
    } else {
        Out = malloc((Chars + 2) * sizeof(WCHAR));
        if (!Out)
            return ERROR_NOT_ENOUGH_MEMORY;
        memcpy(Out, Src, Chars * sizeof(WCHAR));
        OutChars = Chars;
        if (!OutChars || Out[OutChars - 1])
            Out[OutChars++] = 0;
        if (Value->Type == REG_MULTI_SZ && OutChars >= 2 && Out[OutChars - 2])
            Out[OutChars++] = 0;
    }
    free(Value->Allocated);
    Value->Allocated = (BYTE *)Out;
    Value->Data = (BYTE *)Out;
    Value->Size = (DWORD)(OutChars * sizeof(WCHAR));
    return ERROR_SUCCESS;
}

/* ERROR_UNSUPPORTED_TYPE when the type is not one dwFlags allows; a
 * REG_BINARY asked for as RRF_RT_DWORD / RRF_RT_QWORD must have that size
 * (ERROR_DATATYPE_MISMATCH). */
static DWORD RegpCheckType(DWORD Flags, DWORD Type, DWORD Size)
{
    static const DWORD Mask[] = {
        [REG_NONE] = RRF_RT_REG_NONE,         [REG_SZ] = RRF_RT_REG_SZ,
        [REG_EXPAND_SZ] = RRF_RT_REG_EXPAND_SZ, [REG_BINARY] = RRF_RT_REG_BINARY,
        [REG_DWORD] = RRF_RT_REG_DWORD,       [REG_MULTI_SZ] = RRF_RT_REG_MULTI_SZ,
        [REG_QWORD] = RRF_RT_REG_QWORD,
    };
    DWORD Allowed = Type < RTL_NUMBER_OF(Mask) ? Mask[Type] : 0;
    /* Other types (REG_LINK, REG_RESOURCE_LIST …) pass only RRF_RT_ANY. */
    if ((Flags & RRF_RT_ANY) == RRF_RT_ANY)
        return ERROR_SUCCESS;
    if (!(Flags & Allowed))
        return ERROR_UNSUPPORTED_TYPE;
    if (Type == REG_BINARY) {
        if ((Flags & RRF_RT_ANY) == RRF_RT_DWORD && Size != sizeof(DWORD))
            return ERROR_DATATYPE_MISMATCH;
        if ((Flags & RRF_RT_ANY) == RRF_RT_QWORD && Size != sizeof(ULONGLONG))
            return ERROR_DATATYPE_MISMATCH;
    }
    return ERROR_SUCCESS;
}

static DWORD RegpGetValue(HKEY hkey, LPCWSTR lpSubKey, LPCWSTR lpValue, DWORD dwFlags, BOOLEAN Ansi,
                          LPDWORD pdwType, PVOID pvData, LPDWORD pcbData)
{
    ULONGLONG Stack[64];
    REGP_DATA Value;
    HKEY Opened = NULL;
    HANDLE Key;
    DWORD Error;

    if ((pvData && !pcbData) || (dwFlags & RRF_WOW64_MASK) == RRF_WOW64_MASK)
        return ERROR_INVALID_PARAMETER;
    /* REG_EXPAND_SZ is only ever returned unexpanded. */
    if ((dwFlags & RRF_RT_REG_EXPAND_SZ) && !(dwFlags & RRF_NOEXPAND) &&
        (dwFlags & RRF_RT_ANY) != RRF_RT_ANY)
        return ERROR_INVALID_PARAMETER;
    DWORD Room = pcbData ? *pcbData : 0;

    if (lpSubKey && lpSubKey[0]) {
        Error = RegOpenKeyExW(hkey, lpSubKey, 0, KEY_QUERY_VALUE, &Opened);
        if (!Error)
            Error = RegpMapKey(Opened, &Key);
    } else {
        Error = RegpMapKey(hkey, &Key);
    }
    if (!Error) {
        Error = RegpReadValue(Key, lpValue, Stack, sizeof Stack, &Value);
        if (!Error) {
            Error = RegpFinishString(&Value, dwFlags);
            if (!Error && Ansi)
                Error = RegpMakeAnsi(&Value);
            if (!Error) {
                if (pvData && Value.Size > Room)
                    Error = ERROR_MORE_DATA;
                else if (pvData)
                    memcpy(pvData, Value.Data, Value.Size);
                DWORD TypeError = RegpCheckType(dwFlags, Value.Type, Value.Size);
                if (TypeError)
                    Error = TypeError;
                if (pdwType)
                    *pdwType = Value.Type;
                if (pcbData)
                    *pcbData = Value.Size;
            }
            free(Value.Allocated);
        }
    }
    if (Opened)
        RegCloseKey(Opened);
    if (Error && pvData && (dwFlags & RRF_ZEROONFAILURE))
        memset(pvData, 0, Room);
    return Error;
}

NTIO_EXPORT LSTATUS WINAPI RegGetValueW(HKEY hkey, LPCWSTR lpSubKey, LPCWSTR lpValue, DWORD dwFlags,
                                        LPDWORD pdwType, PVOID pvData, LPDWORD pcbData)
{
    return RegpGetValue(hkey, lpSubKey, lpValue, dwFlags, FALSE, pdwType, pvData, pcbData);
}

NTIO_EXPORT LSTATUS WINAPI RegGetValueA(HKEY hkey, LPCSTR lpSubKey, LPCSTR lpValue, DWORD dwFlags,
                                        LPDWORD pdwType, PVOID pvData, LPDWORD pcbData)
{
    LPWSTR SubKey, Value = NULL;
    DWORD Error = AdvAnsiToUnicode(lpSubKey, &SubKey);
    if (!Error)
        Error = AdvAnsiToUnicode(lpValue, &Value);
    if (!Error)
        Error = RegpGetValue(hkey, SubKey, Value, dwFlags, TRUE, pdwType, pvData, pcbData);
    else if (pvData && pcbData && (dwFlags & RRF_ZEROONFAILURE))
        memset(pvData, 0, *pcbData);
    free(SubKey);
    free(Value);
    return Error;
}

/* ---- RegSetValueEx, RegDeleteValue ----------------------------------------- */

NTIO_EXPORT LSTATUS WINAPI RegSetValueExW(HKEY hKey, LPCWSTR lpValueName, DWORD Reserved, DWORD dwType,
                                          const BYTE *lpData, DWORD cbData)
{
    UNICODE_STRING Name;
    HANDLE Key;
    DWORD Error;
    UNREFERENCED_PARAMETER(Reserved);

    if (RegpIsBadDataPointer(lpData))
        return ERROR_NOACCESS;
    Error = RegpMapKey(hKey, &Key);
    if (Error)
        return Error;
    /* A string whose size leaves out its NUL gets it counted, as Windows
     * does. */
    if (lpData && RegpIsStringType(dwType) && cbData >= sizeof(WCHAR) && !(cbData & 1)) {
        const WCHAR *String = (const WCHAR *)lpData;
        DWORD Chars = cbData / sizeof(WCHAR);
        if (String[Chars - 1] && !String[Chars])
            cbData += sizeof(WCHAR);
    }
    NTSTATUS Status = AdvInitUnicodeString(&Name, lpValueName);
    if (NT_SUCCESS(Status))
        Status = NtSetValueKey(Key, &Name, 0, dwType, (PVOID)lpData, cbData);
    return AdvNtStatusToError(Status);
}

NTIO_EXPORT LSTATUS WINAPI RegSetValueExA(HKEY hKey, LPCSTR lpValueName, DWORD Reserved, DWORD dwType,
                                          const BYTE *lpData, DWORD cbData)
{
    LPWSTR Name, Wide = NULL;
    DWORD Error;

    if (RegpIsBadDataPointer(lpData))
        return ERROR_NOACCESS;
    Error = AdvAnsiToUnicode(lpValueName, &Name);
    if (Error)
        return Error;
    if (lpData && RegpIsStringType(dwType)) {
        if (cbData && lpData[cbData - 1] && !lpData[cbData])
            cbData++;
        SIZE_T Chars = RtlpUtf8ToUtf16(NULL, 0, (const char *)lpData, cbData);
        Wide = malloc(Chars ? Chars * sizeof(WCHAR) : 1);
        if (!Wide) {
            free(Name);
            return ERROR_NOT_ENOUGH_MEMORY;
        }
        RtlpUtf8ToUtf16(Wide, Chars, (const char *)lpData, cbData);
        lpData = (const BYTE *)Wide;
        cbData = (DWORD)(Chars * sizeof(WCHAR));
    }
    Error = RegSetValueExW(hKey, Name, Reserved, dwType, lpData, cbData);
    free(Wide);
    free(Name);
    return Error;
}

NTIO_EXPORT LSTATUS WINAPI RegDeleteValueW(HKEY hKey, LPCWSTR lpValueName)
{
    UNICODE_STRING Name;
    HANDLE Key;
    DWORD Error = RegpMapKey(hKey, &Key);
    if (Error)
        return Error;
    NTSTATUS Status = AdvInitUnicodeString(&Name, lpValueName);
    if (NT_SUCCESS(Status))
        Status = NtDeleteValueKey(Key, &Name);
    return AdvNtStatusToError(Status);
}

NTIO_EXPORT LSTATUS WINAPI RegDeleteValueA(HKEY hKey, LPCSTR lpValueName)
{
    LPWSTR Name;
    DWORD Error = AdvAnsiToUnicode(lpValueName, &Name);
    if (Error)
        return Error;
    Error = RegDeleteValueW(hKey, Name);
    free(Name);
    return Error;
}

/* ---- RegEnumValue ------------------------------------------------------------ */

/* The value at Index: name (pointing into *Buffer) and data. */
static DWORD RegpEnumValue(HKEY hKey, DWORD Index, PVOID Stack, ULONG StackSize, PVOID *Buffer,
                           const WCHAR **Name, SIZE_T *NameChars, REGP_DATA *Value)
{
    HANDLE Key;
    DWORD Error = RegpMapKey(hKey, &Key);
    memset(Value, 0, sizeof *Value);
    if (Error)
        return Error;
    NTSTATUS Status = RegpQuery(RegpEnumValueOp, Key, Index, NULL, KeyValueFullInformation, Stack,
                                StackSize, Buffer);
    if (!NT_SUCCESS(Status))
        return AdvNtStatusToError(Status); /* STATUS_NO_MORE_ENTRIES: ERROR_NO_MORE_ITEMS */
    PKEY_VALUE_FULL_INFORMATION Info = *Buffer;
    *Name = Info->Name;
    *NameChars = Info->NameLength / sizeof(WCHAR);
    Value->Type = Info->Type;
    Value->Size = Info->DataLength;
    Value->Data = (const BYTE *)Info + Info->DataOffset;
    return ERROR_SUCCESS;
}

/* Windows' rules for an enumerated value that does not fit: ERROR_MORE_DATA,
 * the type and the data size reported, the name and its count untouched. */
static DWORD RegpFinishEnumValue(const REGP_DATA *Value, BOOLEAN Ansi, BOOLEAN NameFits, LPDWORD lpType,
                                 LPBYTE lpData, LPDWORD lpcbData)
{
    if (!NameFits) {
        if (lpType)
            *lpType = Value->Type;
        if (lpcbData)
            *lpcbData = Value->Size;
        return ERROR_MORE_DATA;
    }
    return RegpCopyOut(Value, Ansi, lpType, lpData, lpcbData);
}

NTIO_EXPORT LSTATUS WINAPI RegEnumValueW(HKEY hKey, DWORD dwIndex, LPWSTR lpValueName,
                                         LPDWORD lpcchValueName, LPDWORD lpReserved, LPDWORD lpType,
                                         LPBYTE lpData, LPDWORD lpcbData)
{
    ULONGLONG Stack[80];
    PVOID Buffer;
    const WCHAR *Name;
    SIZE_T NameChars;
    REGP_DATA Value;
    DWORD Error;

    if (!lpValueName || !lpcchValueName || lpReserved || (lpData && !lpcbData))
        return ERROR_INVALID_PARAMETER;
    Error = RegpEnumValue(hKey, dwIndex, Stack, sizeof Stack, &Buffer, &Name, &NameChars, &Value);
    if (Error)
        return Error;
    BOOLEAN NameFits = NameChars < *lpcchValueName;
    Error = RegpFinishEnumValue(&Value, FALSE, NameFits, lpType, lpData, lpcbData);
    if (!Error) {
        memcpy(lpValueName, Name, NameChars * sizeof(WCHAR));
        lpValueName[NameChars] = 0;
        *lpcchValueName = (DWORD)NameChars;
    }
    if (Buffer != Stack)
        free(Buffer);
    return Error;
}

NTIO_EXPORT LSTATUS WINAPI RegEnumValueA(HKEY hKey, DWORD dwIndex, LPSTR lpValueName,
                                         LPDWORD lpcchValueName, LPDWORD lpReserved, LPDWORD lpType,
                                         LPBYTE lpData, LPDWORD lpcbData)
{
    ULONGLONG Stack[80];
    PVOID Buffer;
    const WCHAR *Name;
    SIZE_T NameChars;
    REGP_DATA Value;
    DWORD Error;

    if (!lpValueName || !lpcchValueName || lpReserved || (lpData && !lpcbData))
        return ERROR_INVALID_PARAMETER;
    Error = RegpEnumValue(hKey, dwIndex, Stack, sizeof Stack, &Buffer, &Name, &NameChars, &Value);
    if (Error)
        return Error;
    SIZE_T NameBytes = RtlpUtf16ToUtf8(NULL, 0, Name, NameChars);
    BOOLEAN NameFits = NameBytes < *lpcchValueName;
    Error = RegpMakeAnsi(&Value);
    if (!Error)
        Error = RegpFinishEnumValue(&Value, TRUE, NameFits, lpType, lpData, lpcbData);
    if (!Error) {
        RtlpUtf16ToUtf8(lpValueName, NameBytes, Name, NameChars);
        lpValueName[NameBytes] = 0;
        *lpcchValueName = (DWORD)NameBytes;
    }
    free(Value.Allocated);
    if (Buffer != Stack)
        free(Buffer);
    return Error;
}
