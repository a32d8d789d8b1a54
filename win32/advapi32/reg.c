/*
 * advapi32/reg.c - registry keys: the predefined HKEY_* handles, opening,
 * creating, deleting, enumerating and describing keys (values: regvalue.c).
 *
 * An HKEY is the NT key handle itself, except the predefined values
 * (HKEY_LOCAL_MACHINE …), which stand for a handle advapi32 opens on first
 * use and keeps for the life of the process.  The registry functions
 * return their Win32 error and never touch the thread's last error.
 */
#include "advapi32.h"

/* ---- helpers shared with the rest of advapi32 ---------------------------- */

DWORD AdvSetLastNtError(NTSTATUS Status)
{
    DWORD Error = AdvNtStatusToError(Status);
    SetLastError(Error);
    return Error;
}

DWORD AdvAnsiToUnicode(LPCSTR Ansi, LPWSTR *Unicode)
{
    *Unicode = NULL;
    if (!Ansi)
        return ERROR_SUCCESS;
    SIZE_T Bytes = strlen(Ansi);
    SIZE_T Chars = RtlpUtf8ToUtf16(NULL, 0, Ansi, Bytes);
    LPWSTR Out = malloc((Chars + 1) * sizeof(WCHAR));
    if (!Out)
        return ERROR_NOT_ENOUGH_MEMORY;
    RtlpUtf8ToUtf16(Out, Chars, Ansi, Bytes);
    Out[Chars] = 0;
    *Unicode = Out;
    return ERROR_SUCCESS;
}

DWORD AdvUnicodeToAnsi(LPCWSTR Unicode, LPSTR *Ansi)
{
    *Ansi = NULL;
    if (!Unicode)
        return ERROR_SUCCESS;
    SIZE_T Chars = RtlpWcslen(Unicode);
    SIZE_T Bytes = RtlpUtf16ToUtf8(NULL, 0, Unicode, Chars);
    LPSTR Out = malloc(Bytes + 1);
    if (!Out)
        return ERROR_NOT_ENOUGH_MEMORY;
    RtlpUtf16ToUtf8(Out, Bytes, Unicode, Chars);
    Out[Bytes] = 0;
    *Ansi = Out;
    return ERROR_SUCCESS;
}

NTSTATUS AdvInitUnicodeString(PUNICODE_STRING String, LPCWSTR Source)
{
    SIZE_T Chars = Source ? RtlpWcslen(Source) : 0;
    if (Chars * sizeof(WCHAR) > 0xFFFC)
        return STATUS_NAME_TOO_LONG;
    String->Buffer = (PWSTR)Source;
    String->Length = (USHORT)(Chars * sizeof(WCHAR));
    String->MaximumLength = Source ? (USHORT)(String->Length + sizeof(WCHAR)) : 0;
    return STATUS_SUCCESS;
}

/* ---- variable-size queries --------------------------------------------------- */

NTSTATUS RegpQuery(REGP_QUERY Op, HANDLE Key, ULONG Index, PUNICODE_STRING Name, ULONG InfoClass,
                   PVOID Stack, ULONG StackSize, PVOID *Buffer)
{
    PVOID Buf = Stack;
    ULONG Size = StackSize;
    NTSTATUS Status;

    for (;;) {
        ULONG Needed = 0;
        switch (Op) {
        case RegpQueryKeyOp:
            Status = NtQueryKey(Key, (KEY_INFORMATION_CLASS)InfoClass, Buf, Size, &Needed);
            break;
        case RegpEnumKeyOp:
            Status = NtEnumerateKey(Key, Index, (KEY_INFORMATION_CLASS)InfoClass, Buf, Size, &Needed);
            break;
        case RegpQueryValueOp:
            Status = NtQueryValueKey(Key, Name, (KEY_VALUE_INFORMATION_CLASS)InfoClass, Buf, Size,
                                     &Needed);
            break;
        default:
            Status = NtEnumerateValueKey(Key, Index, (KEY_VALUE_INFORMATION_CLASS)InfoClass, Buf,
                                         Size, &Needed);
            break;
        }
        if (Status != STATUS_BUFFER_OVERFLOW && Status != STATUS_BUFFER_TOO_SMALL)
            break;
        /* The value may grow between two calls: ask again with what the
         * last answer needed. */
        if (Buf != Stack)
            free(Buf);
        if (Needed <= Size)
            Needed = Size * 2;
        Buf = malloc(Needed);
        if (!Buf) {
            *Buffer = NULL;
            return STATUS_NO_MEMORY;
        }
        Size = Needed;
    }
    if (!NT_SUCCESS(Status) && Buf != Stack) {
        free(Buf);
        Buf = NULL;
    }
    *Buffer = Buf;
    return Status;
}

/* ---- the predefined keys ----------------------------------------------------- */

/* HKEY_CLASSES_ROOT (0) … HKEY_CURRENT_CONFIG (5): the handle opened on first
 * use.  Published with a compare-exchange: a thread that loses the race
 * closes its own handle and takes the winner's.  Never closed. */
#define REGP_PREDEFINED_COUNT 6
#define REGP_HKCU_INDEX 1
static HANDLE RegpPredefined[REGP_PREDEFINED_COUNT];

static const WCHAR *const RegpPredefinedPath[REGP_PREDEFINED_COUNT] = {
    L"\\Registry\\Machine\\Software\\Classes", /* HKEY_CLASSES_ROOT */
    NULL,                                       /* HKEY_CURRENT_USER: the caller's SID */
    L"\\Registry\\Machine",                     /* HKEY_LOCAL_MACHINE */
    L"\\Registry\\User",                        /* HKEY_USERS */
    NULL,                                       /* HKEY_PERFORMANCE_DATA: not provided */
    L"\\Registry\\Machine\\System\\CurrentControlSet\\Hardware Profiles\\Current",
};

/* The low 32 bits of a predefined HKEY, or 0.  Windows' headers sign-extend
 * the 32-bit constants; a zero-extended value is accepted too. */
static ULONG RegpPredefinedValue(HKEY hKey)
{
    ULONG_PTR Value = (ULONG_PTR)hKey;
    ULONG High = (ULONG)(Value >> 32), Low = (ULONG)Value;
    if (High != 0 && High != 0xFFFFFFFF)
        return 0;
    if ((Low >= 0x80000000 && Low <= 0x80000006) || Low == 0x80000050 || Low == 0x80000060)
        return Low;
    return 0;
}

BOOLEAN RegpIsPredefinedKey(HKEY hKey)
{
    return RegpPredefinedValue(hKey) != 0;
}

static NTSTATUS RegpOpenPath(PHANDLE Handle, PCWSTR Path)
{
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attr;
    AdvInitUnicodeString(&Name, Path);
    InitializeObjectAttributes(&Attr, &Name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    return NtOpenKey(Handle, MAXIMUM_ALLOWED, &Attr);
}

static DWORD RegpOpenPredefined(ULONG Index, PHANDLE Handle)
{
    HANDLE Key = __atomic_load_n(&RegpPredefined[Index], __ATOMIC_ACQUIRE);
    NTSTATUS Status;
    if (Key) {
        *Handle = Key;
        return ERROR_SUCCESS;
    }
    /* HKEY_CURRENT_USER: \Registry\User\<the caller's SID>, or .DEFAULT
     * when that hive is not there, as on Windows. */
    if (Index == REGP_HKCU_INDEX)
        Status = RtlOpenCurrentUser(MAXIMUM_ALLOWED, &Key);
    else
        Status = RegpOpenPath(&Key, RegpPredefinedPath[Index]);
    if (!NT_SUCCESS(Status))
        return AdvNtStatusToError(Status);
    PVOID Previous = InterlockedCompareExchangePointer((PVOID volatile *)&RegpPredefined[Index], Key,
                                                       NULL);
    if (Previous) {
        NtClose(Key);
        Key = Previous;
    }
    *Handle = Key;
    return ERROR_SUCCESS;
}

DWORD RegpMapKey(HKEY hKey, PHANDLE Handle)
{
    ULONG Predefined = RegpPredefinedValue(hKey);
    *Handle = NULL;
    if (Predefined) {
        ULONG Index = Predefined - 0x80000000;
        if (Index >= REGP_PREDEFINED_COUNT || (Index != REGP_HKCU_INDEX && !RegpPredefinedPath[Index]))
            return ERROR_INVALID_HANDLE;
        return RegpOpenPredefined(Index, Handle);
    }
    if (!hKey)
        return ERROR_INVALID_HANDLE;
    *Handle = (HANDLE)hKey;
    return ERROR_SUCCESS;
}

/* ---- open, create, close ---------------------------------------------------- */

NTIO_EXPORT LSTATUS WINAPI RegOpenKeyExW(HKEY hKey, LPCWSTR lpSubKey, DWORD ulOptions,
                                         REGSAM samDesired, PHKEY phkResult)
{
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attr;
    HANDLE Root, Key;
    NTSTATUS Status;
    DWORD Error;

    if (!phkResult)
        return ERROR_INVALID_PARAMETER;
    Error = RegpMapKey(hKey, &Root);
    if (Error) {
        *phkResult = NULL;
        return Error;
    }
    /* The documented special cases: no subkey on a predefined key (other
     * than HKEY_CLASSES_ROOT), and "" on HKEY_CLASSES_ROOT, give back the
     * predefined key itself. */
    if ((!lpSubKey && RegpIsPredefinedKey(hKey) && hKey != HKEY_CLASSES_ROOT) ||
        (lpSubKey && !lpSubKey[0] && hKey == HKEY_CLASSES_ROOT)) {
        *phkResult = hKey;
        return ERROR_SUCCESS;
    }
    Status = AdvInitUnicodeString(&Name, lpSubKey);
    if (NT_SUCCESS(Status)) {
        InitializeObjectAttributes(&Attr, &Name,
                                   OBJ_CASE_INSENSITIVE |
                                       ((ulOptions & REG_OPTION_OPEN_LINK) ? OBJ_OPENLINK : 0),
                                   Root, NULL);
        samDesired &= ~(REGSAM)KEY_WOW64_RES; /* one 64-bit view */
        if (ulOptions & REG_OPTION_BACKUP_RESTORE)
            Status = NtOpenKeyEx(&Key, samDesired, &Attr, REG_OPTION_BACKUP_RESTORE);
        else
            Status = NtOpenKey(&Key, samDesired, &Attr);
    }
    if (!NT_SUCCESS(Status)) {
        *phkResult = NULL;
        return AdvNtStatusToError(Status);
    }
    *phkResult = (HKEY)Key;
    return ERROR_SUCCESS;
}

NTIO_EXPORT LSTATUS WINAPI RegOpenKeyExA(HKEY hKey, LPCSTR lpSubKey, DWORD ulOptions,
                                         REGSAM samDesired, PHKEY phkResult)
{
    LPWSTR SubKey;
    DWORD Error = AdvAnsiToUnicode(lpSubKey, &SubKey);
    if (Error)
        return Error;
    Error = RegOpenKeyExW(hKey, SubKey, ulOptions, samDesired, phkResult);
    free(SubKey);
    return Error;
}

NTIO_EXPORT LSTATUS WINAPI RegOpenKeyW(HKEY hKey, LPCWSTR lpSubKey, PHKEY phkResult)
{
    if (!phkResult)
        return ERROR_INVALID_PARAMETER;
    /* No subkey: the same handle back (RegOpenKey only). */
    if (!lpSubKey || !lpSubKey[0]) {
        HANDLE Root;
        DWORD Error = RegpMapKey(hKey, &Root);
        if (Error)
            return Error;
        *phkResult = hKey;
        return ERROR_SUCCESS;
    }
    return RegOpenKeyExW(hKey, lpSubKey, 0, MAXIMUM_ALLOWED, phkResult);
}

NTIO_EXPORT LSTATUS WINAPI RegOpenKeyA(HKEY hKey, LPCSTR lpSubKey, PHKEY phkResult)
{
    LPWSTR SubKey;
    DWORD Error = AdvAnsiToUnicode(lpSubKey, &SubKey);
    if (Error)
        return Error;
    Error = RegOpenKeyW(hKey, SubKey, phkResult);
    free(SubKey);
    return Error;
}

/* NtCreateKey creates the last component of a path only; RegCreateKeyEx
 * creates every missing key on the way, each with the caller's options
 * (REG_OPTION_VOLATILE applies to all of them). */
static NTSTATUS RegpCreateKeyPath(HANDLE Root, PUNICODE_STRING Path, ACCESS_MASK Access,
                                  PUNICODE_STRING Class, ULONG Options, ULONG Attributes,
                                  PVOID SecurityDescriptor, PHANDLE Key, PULONG Disposition)
{
    OBJECT_ATTRIBUTES Attr;
    InitializeObjectAttributes(&Attr, Path, Attributes, Root, SecurityDescriptor);
    NTSTATUS Status = NtCreateKey(Key, Access, &Attr, 0, Class, Options, Disposition);
    if (Status != STATUS_OBJECT_NAME_NOT_FOUND && Status != STATUS_OBJECT_PATH_NOT_FOUND)
        return Status;

    USHORT Chars = Path->Length / sizeof(WCHAR);
    USHORT Start = 0;
    HANDLE Current = Root;
    BOOLEAN Owned = FALSE;
    while (Start < Chars) {
        USHORT End = Start;
        while (End < Chars && Path->Buffer[End] != L'\\')
            End++;
        /* The last component: the rest is empty or a trailing backslash. */
        BOOLEAN Last = End + 1 >= Chars;
        UNICODE_STRING Component;
        HANDLE Next;
        ULONG Disp;
        Component.Buffer = Path->Buffer + Start;
        Component.Length = Component.MaximumLength = (USHORT)((End - Start) * sizeof(WCHAR));
        InitializeObjectAttributes(&Attr, &Component, Last ? Attributes : OBJ_CASE_INSENSITIVE, Current,
                                   Last ? SecurityDescriptor : NULL);
        Status = NtCreateKey(&Next, Last ? Access : MAXIMUM_ALLOWED, &Attr, 0, Last ? Class : NULL,
                             Options, &Disp);
        if (Owned)
            NtClose(Current);
        if (!NT_SUCCESS(Status))
            return Status;
        Current = Next;
        Owned = TRUE;
        if (Last) {
            *Key = Next;
            if (Disposition)
                *Disposition = Disp;
            return STATUS_SUCCESS;
        }
        Start = End + 1;
    }
    /* Not reached: a path the first NtCreateKey could not find has a component. */
    if (Owned)
        NtClose(Current);
    return STATUS_OBJECT_NAME_INVALID;
}

NTIO_EXPORT LSTATUS WINAPI RegCreateKeyExW(HKEY hKey, LPCWSTR lpSubKey, DWORD Reserved,
                                           LPWSTR lpClass, DWORD dwOptions, REGSAM samDesired,
                                           const SECURITY_ATTRIBUTES *lpSecurityAttributes,
                                           PHKEY phkResult, LPDWORD lpdwDisposition)
{
    UNICODE_STRING Name, Class;
    HANDLE Root, Key;
    ULONG Disposition = 0;
    NTSTATUS Status;
    DWORD Error;

    if (!phkResult || Reserved)
        return ERROR_INVALID_PARAMETER;
    Error = RegpMapKey(hKey, &Root);
    if (Error)
        return Error;
    Status = AdvInitUnicodeString(&Name, lpSubKey);
    if (NT_SUCCESS(Status))
        Status = AdvInitUnicodeString(&Class, lpClass);
    if (NT_SUCCESS(Status)) {
        ULONG Attributes = OBJ_CASE_INSENSITIVE;
        if (lpSecurityAttributes && lpSecurityAttributes->bInheritHandle)
            Attributes |= OBJ_INHERIT;
        if (dwOptions & REG_OPTION_OPEN_LINK)
            Attributes |= OBJ_OPENLINK;
        Status = RegpCreateKeyPath(Root, &Name, samDesired & ~(REGSAM)KEY_WOW64_RES,
                                   lpClass ? &Class : NULL, dwOptions & ~REG_OPTION_OPEN_LINK,
                                   Attributes,
                                   lpSecurityAttributes ? lpSecurityAttributes->lpSecurityDescriptor
                                                        : NULL,
                                   &Key, &Disposition);
    }
    if (!NT_SUCCESS(Status))
        return AdvNtStatusToError(Status);
    *phkResult = (HKEY)Key;
    if (lpdwDisposition)
        *lpdwDisposition = Disposition;
    return ERROR_SUCCESS;
}

NTIO_EXPORT LSTATUS WINAPI RegCreateKeyExA(HKEY hKey, LPCSTR lpSubKey, DWORD Reserved,
                                           LPSTR lpClass, DWORD dwOptions, REGSAM samDesired,
                                           const SECURITY_ATTRIBUTES *lpSecurityAttributes,
                                           PHKEY phkResult, LPDWORD lpdwDisposition)
{
    LPWSTR SubKey, Class = NULL;
    DWORD Error = AdvAnsiToUnicode(lpSubKey, &SubKey);
    if (!Error)
        Error = AdvAnsiToUnicode(lpClass, &Class);
    if (!Error)
        Error = RegCreateKeyExW(hKey, SubKey, Reserved, Class, dwOptions, samDesired,
                                lpSecurityAttributes, phkResult, lpdwDisposition);
    free(SubKey);
    free(Class);
    return Error;
}

NTIO_EXPORT LSTATUS WINAPI RegCreateKeyW(HKEY hKey, LPCWSTR lpSubKey, PHKEY phkResult)
{
    if (!phkResult)
        return ERROR_INVALID_PARAMETER;
    /* No subkey: the same handle back, as RegOpenKey does. */
    if (!lpSubKey || !lpSubKey[0]) {
        HANDLE Root;
        DWORD Error = RegpMapKey(hKey, &Root);
        if (Error)
            return Error;
        *phkResult = hKey;
        return ERROR_SUCCESS;
    }
    return RegCreateKeyExW(hKey, lpSubKey, 0, NULL, REG_OPTION_NON_VOLATILE, MAXIMUM_ALLOWED, NULL,
                           phkResult, NULL);
}

NTIO_EXPORT LSTATUS WINAPI RegCreateKeyA(HKEY hKey, LPCSTR lpSubKey, PHKEY phkResult)
{
    LPWSTR SubKey;
    DWORD Error = AdvAnsiToUnicode(lpSubKey, &SubKey);
    if (Error)
        return Error;
    Error = RegCreateKeyW(hKey, SubKey, phkResult);
    free(SubKey);
    return Error;
}

NTIO_EXPORT LSTATUS WINAPI RegCloseKey(HKEY hKey)
{
    if (RegpIsPredefinedKey(hKey))
        return ERROR_SUCCESS;
    if (!hKey)
        return ERROR_INVALID_HANDLE;
    return AdvNtStatusToError(NtClose((HANDLE)hKey));
}

NTIO_EXPORT LSTATUS WINAPI RegFlushKey(HKEY hKey)
{
    HANDLE Key;
    DWORD Error = RegpMapKey(hKey, &Key);
    if (Error)
        return Error;
    return AdvNtStatusToError(NtFlushKey(Key));
}

/* ---- delete ------------------------------------------------------------------- */

NTIO_EXPORT LSTATUS WINAPI RegDeleteKeyExW(HKEY hKey, LPCWSTR lpSubKey, REGSAM samDesired,
                                           DWORD Reserved)
{
    HKEY Key;
    DWORD Error;
    UNREFERENCED_PARAMETER(Reserved);

    if (!lpSubKey)
        return ERROR_INVALID_PARAMETER;
    /* The handle's own access does not matter: the subkey is opened for
     * DELETE, which its security descriptor decides. */
    Error = RegOpenKeyExW(hKey, lpSubKey, 0, DELETE | (samDesired & KEY_WOW64_RES), &Key);
    if (Error)
        return Error;
    if (RegpIsPredefinedKey(Key))
        return ERROR_ACCESS_DENIED; /* "" on HKEY_CLASSES_ROOT: the root itself */
    /* A key with subkeys: STATUS_CANNOT_DELETE, ERROR_ACCESS_DENIED. */
    Error = AdvNtStatusToError(NtDeleteKey((HANDLE)Key));
    NtClose((HANDLE)Key);
    return Error;
}

NTIO_EXPORT LSTATUS WINAPI RegDeleteKeyExA(HKEY hKey, LPCSTR lpSubKey, REGSAM samDesired,
                                           DWORD Reserved)
{
    LPWSTR SubKey;
    DWORD Error;
    if (!lpSubKey)
        return ERROR_INVALID_PARAMETER;
    Error = AdvAnsiToUnicode(lpSubKey, &SubKey);
    if (Error)
        return Error;
    Error = RegDeleteKeyExW(hKey, SubKey, samDesired, Reserved);
    free(SubKey);
    return Error;
}

NTIO_EXPORT LSTATUS WINAPI RegDeleteKeyW(HKEY hKey, LPCWSTR lpSubKey)
{
    return RegDeleteKeyExW(hKey, lpSubKey, 0, 0);
}

NTIO_EXPORT LSTATUS WINAPI RegDeleteKeyA(HKEY hKey, LPCSTR lpSubKey)
{
    return RegDeleteKeyExA(hKey, lpSubKey, 0, 0);
}

/* Delete everything below Key: its subkeys (depth first) and its values. */
static DWORD RegpDeleteContents(HANDLE Key)
{
    ULONGLONG Stack[80];
    PVOID Buffer;
    NTSTATUS Status;
    DWORD Error;

    for (;;) {
        /* Always index 0: each pass deletes the key it found. */
        Status = RegpQuery(RegpEnumKeyOp, Key, 0, NULL, KeyBasicInformation, Stack, sizeof Stack,
                           &Buffer);
        if (Status == STATUS_NO_MORE_ENTRIES)
            break;
        if (!NT_SUCCESS(Status))
            return AdvNtStatusToError(Status);
        PKEY_BASIC_INFORMATION Info = Buffer;
        UNICODE_STRING Name;
        OBJECT_ATTRIBUTES Attr;
        HANDLE Child;
        Name.Buffer = Info->Name;
        Name.Length = Name.MaximumLength = (USHORT)Info->NameLength;
        InitializeObjectAttributes(&Attr, &Name, OBJ_CASE_INSENSITIVE, Key, NULL);
        Status = NtOpenKey(&Child, KEY_ENUMERATE_SUB_KEYS | KEY_QUERY_VALUE | KEY_SET_VALUE | DELETE,
                           &Attr);
        if (Buffer != Stack)
            free(Buffer);
        if (!NT_SUCCESS(Status))
            return AdvNtStatusToError(Status);
        Error = RegpDeleteContents(Child);
        if (!Error)
            Error = AdvNtStatusToError(NtDeleteKey(Child));
        NtClose(Child);
        if (Error)
            return Error;
    }
    for (;;) {
        Status = RegpQuery(RegpEnumValueOp, Key, 0, NULL, KeyValueBasicInformation, Stack,
                           sizeof Stack, &Buffer);
        if (Status == STATUS_NO_MORE_ENTRIES)
            break;
        if (!NT_SUCCESS(Status))
            return AdvNtStatusToError(Status);
        PKEY_VALUE_BASIC_INFORMATION Info = Buffer;
        UNICODE_STRING Name;
        Name.Buffer = Info->Name;
        Name.Length = Name.MaximumLength = (USHORT)Info->NameLength;
        Status = NtDeleteValueKey(Key, &Name);
        if (Buffer != Stack)
            free(Buffer);
        if (!NT_SUCCESS(Status))
            return AdvNtStatusToError(Status);
    }
    return ERROR_SUCCESS;
}

NTIO_EXPORT LSTATUS WINAPI RegDeleteTreeW(HKEY hKey, LPCWSTR lpSubKey)
{
    HKEY Key;
    DWORD Error;
    if (lpSubKey) {
        Error = RegOpenKeyExW(hKey, lpSubKey, 0,
                              KEY_ENUMERATE_SUB_KEYS | KEY_QUERY_VALUE | KEY_SET_VALUE | DELETE, &Key);
        if (Error)
            return Error;
        if (RegpIsPredefinedKey(Key))
            return ERROR_ACCESS_DENIED;
        Error = RegpDeleteContents((HANDLE)Key);
        if (!Error)
            Error = AdvNtStatusToError(NtDeleteKey((HANDLE)Key));
        NtClose((HANDLE)Key);
        return Error;
    }
    /* No subkey: empty hKey, keep it. */
    HANDLE Handle;
    Error = RegpMapKey(hKey, &Handle);
    if (Error)
        return Error;
    return RegpDeleteContents(Handle);
}

NTIO_EXPORT LSTATUS WINAPI RegDeleteTreeA(HKEY hKey, LPCSTR lpSubKey)
{
    LPWSTR SubKey;
    DWORD Error = AdvAnsiToUnicode(lpSubKey, &SubKey);
    if (Error)
        return Error;
    Error = RegDeleteTreeW(hKey, SubKey);
    free(SubKey);
    return Error;
}

/* ---- enumerate and describe --------------------------------------------------- */

/* The class a KEY_NODE/FULL_INFORMATION carries (ClassOffset is 0xFFFFFFFF
 * when the key has none). */
static const WCHAR *RegpClassOf(PVOID Info, ULONG ClassOffset, ULONG ClassLength)
{
    static const WCHAR None[1];
    return ClassLength ? (const WCHAR *)((PUCHAR)Info + ClassOffset) : None;
}

static VOID RegpToFileTime(PFILETIME Out, const LARGE_INTEGER *Time)
{
    Out->dwLowDateTime = (DWORD)Time->QuadPart;
    Out->dwHighDateTime = (DWORD)((ULONGLONG)Time->QuadPart >> 32);
}

/* The subkey at Index with its class: the pieces both RegEnumKeyEx forms
 * need, in a buffer the caller frees when it is not Stack. */
static DWORD RegpEnumKey(HKEY hKey, DWORD Index, PVOID Stack, ULONG StackSize,
                         PKEY_NODE_INFORMATION *Info)
{
    HANDLE Key;
    PVOID Buffer;
    DWORD Error = RegpMapKey(hKey, &Key);
    if (Error)
        return Error;
    NTSTATUS Status = RegpQuery(RegpEnumKeyOp, Key, Index, NULL, KeyNodeInformation, Stack, StackSize,
                                &Buffer);
    if (!NT_SUCCESS(Status))
        return AdvNtStatusToError(Status); /* STATUS_NO_MORE_ENTRIES: ERROR_NO_MORE_ITEMS */
    *Info = Buffer;
    return ERROR_SUCCESS;
}

NTIO_EXPORT LSTATUS WINAPI RegEnumKeyExW(HKEY hKey, DWORD dwIndex, LPWSTR lpName, LPDWORD lpcchName,
                                         LPDWORD lpReserved, LPWSTR lpClass, LPDWORD lpcchClass,
                                         PFILETIME lpftLastWriteTime)
{
    ULONGLONG Stack[80];
    PKEY_NODE_INFORMATION Info;
    DWORD Error;

    if (!lpName || !lpcchName || lpReserved || (lpClass && !lpcchClass))
        return ERROR_INVALID_PARAMETER;
    Error = RegpEnumKey(hKey, dwIndex, Stack, sizeof Stack, &Info);
    if (Error)
        return Error;
    DWORD NameChars = Info->NameLength / sizeof(WCHAR);
    DWORD ClassChars = Info->ClassLength / sizeof(WCHAR);
    /* Both buffers must hold the string and its NUL; on failure the
     * counts are left as they were. */
    if (NameChars >= *lpcchName || (lpClass && ClassChars >= *lpcchClass)) {
        Error = ERROR_MORE_DATA;
    } else {
        memcpy(lpName, Info->Name, NameChars * sizeof(WCHAR));
        lpName[NameChars] = 0;
        *lpcchName = NameChars;
        if (lpClass) {
            memcpy(lpClass, RegpClassOf(Info, Info->ClassOffset, Info->ClassLength),
                   ClassChars * sizeof(WCHAR));
            lpClass[ClassChars] = 0;
            *lpcchClass = ClassChars;
        }
        if (lpftLastWriteTime)
            RegpToFileTime(lpftLastWriteTime, &Info->LastWriteTime);
    }
    if ((PVOID)Info != Stack)
        free(Info);
    return Error;
}

NTIO_EXPORT LSTATUS WINAPI RegEnumKeyExA(HKEY hKey, DWORD dwIndex, LPSTR lpName, LPDWORD lpcchName,
                                         LPDWORD lpReserved, LPSTR lpClass, LPDWORD lpcchClass,
                                         PFILETIME lpftLastWriteTime)
{
    ULONGLONG Stack[80];
    PKEY_NODE_INFORMATION Info;
    DWORD Error;

    if (!lpName || !lpcchName || lpReserved || (lpClass && !lpcchClass))
        return ERROR_INVALID_PARAMETER;
    Error = RegpEnumKey(hKey, dwIndex, Stack, sizeof Stack, &Info);
    if (Error)
        return Error;
    const WCHAR *Class = RegpClassOf(Info, Info->ClassOffset, Info->ClassLength);
    SIZE_T NameChars = Info->NameLength / sizeof(WCHAR), ClassChars = Info->ClassLength / sizeof(WCHAR);
    SIZE_T NameBytes = RtlpUtf16ToUtf8(NULL, 0, Info->Name, NameChars);
    SIZE_T ClassBytes = RtlpUtf16ToUtf8(NULL, 0, Class, ClassChars);
    if (NameBytes >= *lpcchName || (lpClass && ClassBytes >= *lpcchClass)) {
        Error = ERROR_MORE_DATA;
    } else {
        RtlpUtf16ToUtf8(lpName, NameBytes, Info->Name, NameChars);
        lpName[NameBytes] = 0;
        *lpcchName = (DWORD)NameBytes;
        if (lpClass) {
            RtlpUtf16ToUtf8(lpClass, ClassBytes, Class, ClassChars);
            lpClass[ClassBytes] = 0;
            *lpcchClass = (DWORD)ClassBytes;
        }
        if (lpftLastWriteTime)
            RegpToFileTime(lpftLastWriteTime, &Info->LastWriteTime);
    }
    if ((PVOID)Info != Stack)
        free(Info);
    return Error;
}

/* RegQueryInfoKey: the counts and maxima are those of the Unicode names
 * for both forms (the A form's can be larger than needed), as on Windows. */
static DWORD RegpQueryInfoKey(HKEY hKey, PVOID Stack, ULONG StackSize, PKEY_FULL_INFORMATION *Info,
                              LPDWORD lpcSubKeys, LPDWORD lpcbMaxSubKeyLen, LPDWORD lpcbMaxClassLen,
                              LPDWORD lpcValues, LPDWORD lpcbMaxValueNameLen,
                              LPDWORD lpcbMaxValueLen, LPDWORD lpcbSecurityDescriptor,
                              PFILETIME lpftLastWriteTime)
{
    HANDLE Key;
    PVOID Buffer;
    DWORD Error = RegpMapKey(hKey, &Key);
    if (Error)
        return Error;
    NTSTATUS Status = RegpQuery(RegpQueryKeyOp, Key, 0, NULL, KeyFullInformation, Stack, StackSize,
                                &Buffer);
    if (!NT_SUCCESS(Status))
        return AdvNtStatusToError(Status);
    PKEY_FULL_INFORMATION Full = Buffer;
    /* The size of the key's security descriptor needs a service that
     * reads it (NtQuerySecurityObject), which the kernel does not have. */
    if (lpcbSecurityDescriptor) {
        if (Buffer != Stack)
            free(Buffer);
        return ERROR_NOT_SUPPORTED;
    }
    if (lpcSubKeys)
        *lpcSubKeys = Full->SubKeys;
    if (lpcbMaxSubKeyLen)
        *lpcbMaxSubKeyLen = Full->MaxNameLen / sizeof(WCHAR);
    if (lpcbMaxClassLen)
        *lpcbMaxClassLen = Full->MaxClassLen / sizeof(WCHAR);
    if (lpcValues)
        *lpcValues = Full->Values;
    if (lpcbMaxValueNameLen)
        *lpcbMaxValueNameLen = Full->MaxValueNameLen / sizeof(WCHAR);
    if (lpcbMaxValueLen)
        *lpcbMaxValueLen = Full->MaxValueDataLen;
    if (lpftLastWriteTime)
        RegpToFileTime(lpftLastWriteTime, &Full->LastWriteTime);
    *Info = Full;
    return ERROR_SUCCESS;
}

NTIO_EXPORT LSTATUS WINAPI RegQueryInfoKeyW(HKEY hKey, LPWSTR lpClass, LPDWORD lpcchClass,
                                            LPDWORD lpReserved, LPDWORD lpcSubKeys,
                                            LPDWORD lpcbMaxSubKeyLen, LPDWORD lpcbMaxClassLen,
                                            LPDWORD lpcValues, LPDWORD lpcbMaxValueNameLen,
                                            LPDWORD lpcbMaxValueLen, LPDWORD lpcbSecurityDescriptor,
                                            PFILETIME lpftLastWriteTime)
{
    ULONGLONG Stack[80];
    PKEY_FULL_INFORMATION Info;
    DWORD Error;

    if (lpReserved || (lpClass && !lpcchClass))
        return ERROR_INVALID_PARAMETER;
    Error = RegpQueryInfoKey(hKey, Stack, sizeof Stack, &Info, lpcSubKeys, lpcbMaxSubKeyLen,
                             lpcbMaxClassLen, lpcValues, lpcbMaxValueNameLen, lpcbMaxValueLen,
                             lpcbSecurityDescriptor, lpftLastWriteTime);
    if (Error)
        return Error;
    DWORD ClassChars = Info->ClassLength / sizeof(WCHAR);
    if (lpClass) {
        if (ClassChars >= *lpcchClass) {
            Error = ERROR_MORE_DATA;
        } else {
            memcpy(lpClass, RegpClassOf(Info, Info->ClassOffset, Info->ClassLength),
                   ClassChars * sizeof(WCHAR));
            lpClass[ClassChars] = 0;
        }
    }
    if (lpcchClass)
        *lpcchClass = ClassChars;
    if ((PVOID)Info != Stack)
        free(Info);
    return Error;
}

NTIO_EXPORT LSTATUS WINAPI RegQueryInfoKeyA(HKEY hKey, LPSTR lpClass, LPDWORD lpcchClass,
                                            LPDWORD lpReserved, LPDWORD lpcSubKeys,
                                            LPDWORD lpcbMaxSubKeyLen, LPDWORD lpcbMaxClassLen,
                                            LPDWORD lpcValues, LPDWORD lpcbMaxValueNameLen,
                                            LPDWORD lpcbMaxValueLen, LPDWORD lpcbSecurityDescriptor,
                                            PFILETIME lpftLastWriteTime)
{
    ULONGLONG Stack[80];
    PKEY_FULL_INFORMATION Info;
    DWORD Error;

    if (lpReserved || (lpClass && !lpcchClass))
        return ERROR_INVALID_PARAMETER;
    Error = RegpQueryInfoKey(hKey, Stack, sizeof Stack, &Info, lpcSubKeys, lpcbMaxSubKeyLen,
                             lpcbMaxClassLen, lpcValues, lpcbMaxValueNameLen, lpcbMaxValueLen,
                             lpcbSecurityDescriptor, lpftLastWriteTime);
    if (Error)
        return Error;
    const WCHAR *Class = RegpClassOf(Info, Info->ClassOffset, Info->ClassLength);
    SIZE_T ClassChars = Info->ClassLength / sizeof(WCHAR);
    SIZE_T ClassBytes = RtlpUtf16ToUtf8(NULL, 0, Class, ClassChars);
    if (lpClass) {
        if (ClassBytes >= *lpcchClass) {
            Error = ERROR_MORE_DATA;
        } else {
            RtlpUtf16ToUtf8(lpClass, ClassBytes, Class, ClassChars);
            lpClass[ClassBytes] = 0;
        }
    }
    if (lpcchClass)
        *lpcchClass = (DWORD)ClassBytes;
    if ((PVOID)Info != Stack)
        free(Info);
    return Error;
}
