/*
 * rtl/registry.c - the Rtl registry routines of wdm.h
 * (RtlQueryRegistryValues, RtlWriteRegistryValue …) and ntdll's
 * RtlFormatCurrentUserKeyPath / RtlOpenCurrentUser, on top of the Zw*Key
 * services.
 *
 * RtlQueryRegistryValues follows what Windows does, including where that
 * is not what its page says: a DIRECT buffer too small is left alone and
 * the call succeeds (Windows ignores STATUS_BUFFER_TOO_SMALL from every
 * QueryRoutine, its own direct-store one included), REQUIRED is satisfied
 * by a default, and a REG_MULTI_SZ default is split at its last string
 * that ends before the final character of DefaultLength.  Strings read
 * from the registry are given the terminators they lack (one for REG_SZ
 * and REG_EXPAND_SZ, a double one for REG_MULTI_SZ); defaults are used as
 * given.
 */
#include <wdm.h>
#include "cm/cm.h"
#include "ex/ex.h"
#include "rtl/nls.h"

#define RTLP_REG_TAG TAG('R', 't', 'l', 'R')

/* ---------------------------------------------------------- current user */

NTIO_EXPORT NTSTATUS RtlFormatCurrentUserKeyPath(PUNICODE_STRING CurrentUserKeyPath)
{
    static const WCHAR Prefix[] = L"\\REGISTRY\\USER\\";
    const ULONG PrefixChars = RTL_NUMBER_OF(Prefix) - 1;
    WCHAR Sid[64];
    ULONG SidChars, Bytes;
    PWCHAR Buffer;

    if (!CurrentUserKeyPath)
        return STATUS_INVALID_PARAMETER;
    CmpCurrentUserSidString(Sid, RTL_NUMBER_OF(Sid));
    SidChars = (ULONG)RtlpWcslen(Sid);
    Bytes = (PrefixChars + SidChars) * sizeof(WCHAR);
    Buffer = ExAllocatePoolWithTag(PagedPool, Bytes + sizeof(WCHAR), RTLP_REG_TAG);
    if (!Buffer)
        return STATUS_NO_MEMORY;
    memcpy(Buffer, Prefix, PrefixChars * sizeof(WCHAR));
    memcpy(Buffer + PrefixChars, Sid, SidChars * sizeof(WCHAR));
    Buffer[PrefixChars + SidChars] = 0;
    CurrentUserKeyPath->Buffer = Buffer;
    CurrentUserKeyPath->Length = (USHORT)Bytes;
    CurrentUserKeyPath->MaximumLength = (USHORT)(Bytes + sizeof(WCHAR));
    return STATUS_SUCCESS;
}

NTIO_EXPORT NTSTATUS RtlOpenCurrentUser(ACCESS_MASK DesiredAccess, PHANDLE CurrentUserKey)
{
    UNICODE_STRING Path;
    OBJECT_ATTRIBUTES Attributes;
    NTSTATUS Status;

    if (!CurrentUserKey)
        return STATUS_INVALID_PARAMETER;
    *CurrentUserKey = NULL;
    Status = RtlFormatCurrentUserKeyPath(&Path);
    if (NT_SUCCESS(Status)) {
        InitializeObjectAttributes(&Attributes, &Path, OBJ_CASE_INSENSITIVE, NULL, NULL);
        Status = NtOpenKey(CurrentUserKey, DesiredAccess, &Attributes);
        RtlFreeUnicodeString(&Path);
    }
    if (!NT_SUCCESS(Status)) {
        /* A user without a hive of their own gets the default one. */
        RtlInitUnicodeString(&Path, L"\\REGISTRY\\USER\\.DEFAULT");
        InitializeObjectAttributes(&Attributes, &Path, OBJ_CASE_INSENSITIVE, NULL, NULL);
        Status = NtOpenKey(CurrentUserKey, DesiredAccess, &Attributes);
    }
    return Status;
}

/* ------------------------------------------------------------------ keys */

static const PCWSTR RtlpRegistryBases[RTL_REGISTRY_MAXIMUM] = {
    [RTL_REGISTRY_ABSOLUTE] = NULL,
    [RTL_REGISTRY_SERVICES] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Services",
    [RTL_REGISTRY_CONTROL] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Control",
    [RTL_REGISTRY_WINDOWS_NT] = L"\\Registry\\Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion",
    [RTL_REGISTRY_DEVICEMAP] = L"\\Registry\\Machine\\Hardware\\DeviceMap",
    [RTL_REGISTRY_USER] = NULL, /* the current user's key */
};

/* A kernel handle to the key RelativeTo/Path name (opened or created);
 * *Close tells whether it is ours to close (not for RTL_REGISTRY_HANDLE). */
static NTSTATUS RtlpGetRegistryHandle(ULONG RelativeTo, PCWSTR Path, BOOLEAN Create, PHANDLE Handle,
                                      BOOLEAN *Close)
{
    ULONG Base = RelativeTo & ~(ULONG)(RTL_REGISTRY_HANDLE | RTL_REGISTRY_OPTIONAL);
    UNICODE_STRING Name, UserPath = { 0, 0, NULL };
    OBJECT_ATTRIBUTES Attributes;
    PCWSTR Prefix = NULL;
    SIZE_T PrefixChars = 0, PathChars, Chars;
    PWCHAR Buffer;
    NTSTATUS Status;

    *Handle = NULL;
    *Close = FALSE;
    if (RelativeTo & RTL_REGISTRY_HANDLE) {
        *Handle = (HANDLE)Path;
        return STATUS_SUCCESS;
    }
    if (Base >= RTL_REGISTRY_MAXIMUM)
        return STATUS_INVALID_PARAMETER;
    PathChars = Path ? RtlpWcslen(Path) : 0;
    if (Base == RTL_REGISTRY_ABSOLUTE) {
        if (!PathChars)
            return STATUS_OBJECT_PATH_SYNTAX_BAD;
    } else if (Base == RTL_REGISTRY_USER) {
        Status = RtlFormatCurrentUserKeyPath(&UserPath);
        if (!NT_SUCCESS(Status))
            return Status;
        Prefix = UserPath.Buffer;
        PrefixChars = UserPath.Length / sizeof(WCHAR);
    } else {
        Prefix = RtlpRegistryBases[Base];
        PrefixChars = RtlpWcslen(Prefix);
    }
    Chars = PrefixChars + 1 + PathChars;
    if (Chars * sizeof(WCHAR) > UNICODE_STRING_MAX_BYTES) {
        RtlFreeUnicodeString(&UserPath);
        return STATUS_NAME_TOO_LONG;
    }
    Buffer = ExAllocatePoolWithTag(PagedPool, (Chars + 1) * sizeof(WCHAR), RTLP_REG_TAG);
    if (!Buffer) {
        RtlFreeUnicodeString(&UserPath);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Chars = 0;
    if (Prefix) {
        memcpy(Buffer, Prefix, PrefixChars * sizeof(WCHAR));
        Chars = PrefixChars;
        if (PathChars && Path[0] != L'\\')
            Buffer[Chars++] = L'\\';
    }
    if (PathChars)
        memcpy(Buffer + Chars, Path, PathChars * sizeof(WCHAR));
    Chars += PathChars;
    Name.Buffer = Buffer;
    Name.Length = Name.MaximumLength = (USHORT)(Chars * sizeof(WCHAR));
    RtlFreeUnicodeString(&UserPath);

    InitializeObjectAttributes(&Attributes, &Name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    if (Create)
        Status = ZwCreateKey(Handle, MAXIMUM_ALLOWED, &Attributes, 0, NULL, REG_OPTION_NON_VOLATILE, NULL);
    else
        Status = ZwOpenKey(Handle, MAXIMUM_ALLOWED, &Attributes);
    ExFreePoolWithTag(Buffer, RTLP_REG_TAG);
    *Close = NT_SUCCESS(Status);
    return Status;
}

NTIO_EXPORT NTSTATUS RtlCheckRegistryKey(ULONG RelativeTo, PWSTR Path)
{
    PAGED_CODE();
    HANDLE Key;
    BOOLEAN Close;
    NTSTATUS Status = RtlpGetRegistryHandle(RelativeTo, Path, FALSE, &Key, &Close);
    if (Close)
        ZwClose(Key);
    return Status;
}

NTIO_EXPORT NTSTATUS RtlCreateRegistryKey(ULONG RelativeTo, PWSTR Path)
{
    PAGED_CODE();
    HANDLE Key;
    BOOLEAN Close;
    NTSTATUS Status = RtlpGetRegistryHandle(RelativeTo, Path, TRUE, &Key, &Close);
    if (Close)
        ZwClose(Key);
    return Status;
}

NTIO_EXPORT NTSTATUS RtlWriteRegistryValue(ULONG RelativeTo, PCWSTR Path, PCWSTR ValueName, ULONG ValueType,
                                           PVOID ValueData, ULONG ValueLength)
{
    HANDLE Key;
    BOOLEAN Close;
    UNICODE_STRING Name;
    NTSTATUS Status;
    PAGED_CODE();
    Status = RtlpGetRegistryHandle(RelativeTo, Path, TRUE, &Key, &Close);
    if (!NT_SUCCESS(Status))
        return Status;
    RtlInitUnicodeString(&Name, ValueName);
    Status = ZwSetValueKey(Key, &Name, 0, ValueType, ValueData, ValueLength);
    if (Close)
        ZwClose(Key);
    return Status;
}

NTIO_EXPORT NTSTATUS RtlDeleteRegistryValue(ULONG RelativeTo, PCWSTR Path, PCWSTR ValueName)
{
    HANDLE Key;
    BOOLEAN Close;
    UNICODE_STRING Name;
    NTSTATUS Status;
    PAGED_CODE();
    Status = RtlpGetRegistryHandle(RelativeTo, Path, FALSE, &Key, &Close);
    if (!NT_SUCCESS(Status))
        return Status;
    RtlInitUnicodeString(&Name, ValueName);
    Status = ZwDeleteValueKey(Key, &Name);
    if (Close)
        ZwClose(Key);
    return Status;
}

/* ------------------------------------------------ environment expansion */

/* The system environment REG_EXPAND_SZ values are expanded with. */
static const struct {
    PCWSTR Name, Value;
} RtlpSystemEnvironment[] = {
    { L"SystemRoot", L"C:\\windows" },
    { L"windir", L"C:\\windows" },
    { L"SystemDrive", L"C:" },
    { L"ProgramFiles", L"C:\\Program Files" },
    { L"ProgramFiles(x86)", L"C:\\Program Files (x86)" },
    { L"ProgramW6432", L"C:\\Program Files" },
    { L"CommonProgramFiles", L"C:\\Program Files\\Common Files" },
    { L"ProgramData", L"C:\\ProgramData" },
    { L"ALLUSERSPROFILE", L"C:\\ProgramData" },
    { L"PUBLIC", L"C:\\Users\\Public" },
    { L"ComSpec", L"C:\\windows\\system32\\cmd.exe" },
    { L"TEMP", L"C:\\windows\\TEMP" },
    { L"TMP", L"C:\\windows\\TEMP" },
    { L"OS", L"Windows_NT" },
    { L"PROCESSOR_ARCHITECTURE", L"AMD64" },
};

static BOOLEAN RtlpNameEquals(PCWCH A, SIZE_T AChars, PCWCH B, SIZE_T BChars)
{
    if (AChars != BChars)
        return FALSE;
    for (SIZE_T i = 0; i < AChars; i++)
        if (RtlUpcaseUnicodeChar(A[i]) != RtlUpcaseUnicodeChar(B[i]))
            return FALSE;
    return TRUE;
}

/* The value of Name[0..Chars) in Environment ("NAME=value\0...\0\0"), or
 * without one in the system environment.  NULL when unknown. */
static PCWSTR RtlpLookupVariable(PCWSTR Environment, PCWCH Name, SIZE_T Chars)
{
    if (Environment) {
        for (PCWSTR Entry = Environment; *Entry; Entry += RtlpWcslen(Entry) + 1) {
            PCWSTR Equals = Entry + 1; /* "=C:" style names start with '=' */
            while (*Equals && *Equals != L'=')
                Equals++;
            if (*Equals && RtlpNameEquals(Entry, (SIZE_T)(Equals - Entry), Name, Chars))
                return Equals + 1;
        }
        return NULL;
    }
    for (SIZE_T i = 0; i < RTL_NUMBER_OF(RtlpSystemEnvironment); i++) {
        PCWSTR N = RtlpSystemEnvironment[i].Name;
        if (RtlpNameEquals(N, RtlpWcslen(N), Name, Chars))
            return RtlpSystemEnvironment[i].Value;
    }
    return NULL;
}

/* Expand Src[0..Chars) (up to a NUL) into Dst (DstChars, may be NULL);
 * returns the characters the result needs, terminator excluded.  An
 * unknown %NAME% is kept as it is, as RtlExpandEnvironmentStrings does. */
static SIZE_T RtlpExpandInto(PCWSTR Environment, PCWCH Src, SIZE_T Chars, PWCHAR Dst, SIZE_T DstChars)
{
    SIZE_T Out = 0;
#define RTLP_PUT(c)                       \
    do {                                  \
        if (Dst && Out < DstChars)        \
            Dst[Out] = (c);               \
        Out++;                            \
    } while (0)
    for (SIZE_T i = 0; i < Chars && Src[i]; i++) {
        if (Src[i] == L'%') {
            SIZE_T j = i + 1;
            while (j < Chars && Src[j] && Src[j] != L'%')
                j++;
            if (j < Chars && Src[j] == L'%' && j > i + 1) {
                PCWSTR Value = RtlpLookupVariable(Environment, Src + i + 1, j - i - 1);
                if (Value) {
                    for (PCWSTR v = Value; *v; v++)
                        RTLP_PUT(*v);
                    i = j;
                    continue;
                }
                for (SIZE_T k = i; k < j; k++)
                    RTLP_PUT(Src[k]);
                i = j - 1; /* the closing '%' may open the next name */
                continue;
            }
        }
        RTLP_PUT(Src[i]);
    }
#undef RTLP_PUT
    return Out;
}

static NTSTATUS RtlpExpand(PCWSTR Environment, PCWCH Src, ULONG Bytes, PWCHAR *Expanded, ULONG *ExpandedBytes)
{
    SIZE_T Chars = Bytes / sizeof(WCHAR);
    SIZE_T Need = RtlpExpandInto(Environment, Src, Chars, NULL, 0);
    if ((Need + 1) * sizeof(WCHAR) > UNICODE_STRING_MAX_BYTES)
        return STATUS_BUFFER_TOO_SMALL; /* as Windows: more than a string can hold */
    *Expanded = ExAllocatePoolWithTag(PagedPool, (Need + 1) * sizeof(WCHAR), RTLP_REG_TAG);
    if (!*Expanded)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlpExpandInto(Environment, Src, Chars, *Expanded, Need);
    (*Expanded)[Need] = 0;
    *ExpandedBytes = (ULONG)((Need + 1) * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

/* ------------------------------------------------------------- the query */

static BOOLEAN RtlpIsStringType(ULONG Type)
{
    return Type == REG_SZ || Type == REG_EXPAND_SZ || Type == REG_MULTI_SZ;
}

/* RTL_QUERY_REGISTRY_DIRECT: store into EntryContext (see wdm/cm.h). */
static NTSTATUS RtlpStoreDirect(PVOID EntryContext, ULONG Type, PVOID Data, ULONG Length)
{
    if (RtlpIsStringType(Type)) {
        PUNICODE_STRING String = EntryContext;
        if (Length > UNICODE_STRING_MAX_BYTES)
            return STATUS_BUFFER_TOO_SMALL;
        if (!String->Buffer) {
            String->Buffer = ExAllocatePoolWithTag(PagedPool, Length ? Length : sizeof(WCHAR), RTLP_REG_TAG);
            if (!String->Buffer)
                return STATUS_NO_MEMORY;
            String->MaximumLength = (USHORT)Length;
        } else if (Length > String->MaximumLength) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        if (Length)
            memcpy(String->Buffer, Data, Length);
        String->Length = (USHORT)(Length >= sizeof(WCHAR) ? Length - sizeof(WCHAR) : 0);
        return STATUS_SUCCESS;
    }
    if (Length <= sizeof(ULONG)) {
        if (Length)
            memcpy(EntryContext, Data, Length);
        return STATUS_SUCCESS;
    }
    LONG Size = *(PLONG)EntryContext;
    if (Size < 0) {
        if ((ULONG)-(LONGLONG)Size < Length)
            return STATUS_BUFFER_TOO_SMALL;
        memcpy(EntryContext, Data, Length);
    } else {
        if ((ULONGLONG)Size < (ULONGLONG)Length + 2 * sizeof(ULONG))
            return STATUS_BUFFER_TOO_SMALL;
        ((PULONG)EntryContext)[0] = Length;
        ((PULONG)EntryContext)[1] = Type;
        memcpy((PUCHAR)EntryContext + 2 * sizeof(ULONG), Data, Length);
    }
    return STATUS_SUCCESS;
}

/* One call: to the QueryRoutine, or the direct store.  Windows ignores
 * STATUS_BUFFER_TOO_SMALL from either. */
static NTSTATUS RtlpCallEntry(PRTL_QUERY_REGISTRY_TABLE Entry, PWSTR Name, ULONG Type, PVOID Data, ULONG Length,
                              PVOID Context)
{
    NTSTATUS Status;
    if (Entry->Flags & RTL_QUERY_REGISTRY_DIRECT)
        Status = RtlpStoreDirect(Entry->EntryContext, Type, Data, Length);
    else
        Status = Entry->QueryRoutine(Name, Type, Data, Length, Context, Entry->EntryContext);
    return Status == STATUS_BUFFER_TOO_SMALL ? STATUS_SUCCESS : Status;
}

/* A value (from the registry or a default): REG_EXPAND_SZ expanded,
 * REG_MULTI_SZ split, unless NOEXPAND. */
static NTSTATUS RtlpProcessValue(PRTL_QUERY_REGISTRY_TABLE Entry, PWSTR Name, ULONG Type, PVOID Data,
                                 ULONG Length, PVOID Context, PVOID Environment)
{
    BOOLEAN Raw = (Entry->Flags & RTL_QUERY_REGISTRY_NOEXPAND) != 0;
    NTSTATUS Status;

    if (Type == REG_MULTI_SZ && !Raw) {
        PWCHAR Strings = Data;
        ULONG Chars = Length / sizeof(WCHAR), Pos = 0;
        /* Each string that ends before the last character (the list's own
         * terminator); an empty string ends the list. */
        while (Chars && Pos < Chars - 1) {
            ULONG n = 0;
            while (Pos + n < Chars && Strings[Pos + n])
                n++;
            if (n == 0 || Pos + n + 1 > Chars - 1)
                break;
            Status = RtlpCallEntry(Entry, Name, REG_SZ, Strings + Pos, (n + 1) * sizeof(WCHAR), Context);
            if (!NT_SUCCESS(Status))
                return Status;
            Pos += n + 1;
        }
        return STATUS_SUCCESS;
    }
    if (Type == REG_EXPAND_SZ && !Raw) {
        PWCHAR Expanded;
        ULONG Bytes;
        Status = RtlpExpand(Environment, Data, Length, &Expanded, &Bytes);
        if (Status == STATUS_BUFFER_TOO_SMALL)
            return STATUS_SUCCESS;
        if (!NT_SUCCESS(Status))
            return Status;
        Status = RtlpCallEntry(Entry, Name, REG_SZ, Expanded, Bytes, Context);
        ExFreePoolWithTag(Expanded, RTLP_REG_TAG);
        return Status;
    }
    return RtlpCallEntry(Entry, Name, Type, Data, Length, Context);
}

/* A value's full information, with room for the terminators a string may
 * lack.  Name NULL: value number Index.  Free with ExFreePool. */
static NTSTATUS RtlpReadValue(HANDLE Key, PCWSTR Name, ULONG Index, PKEY_VALUE_FULL_INFORMATION *Info)
{
    UNICODE_STRING U;
    ULONG Size = 512, Needed = 0;
    NTSTATUS Status;

    if (Name)
        RtlInitUnicodeString(&U, Name);
    for (;;) {
        PKEY_VALUE_FULL_INFORMATION Buffer = ExAllocatePoolWithTag(PagedPool, Size, RTLP_REG_TAG);
        if (!Buffer)
            return STATUS_INSUFFICIENT_RESOURCES;
        ULONG Usable = Size - 2 * sizeof(WCHAR); /* room for two terminators after the data */
        if (Name)
            Status = ZwQueryValueKey(Key, &U, KeyValueFullInformation, Buffer, Usable, &Needed);
        else
            Status = ZwEnumerateValueKey(Key, Index, KeyValueFullInformation, Buffer, Usable, &Needed);
        if (NT_SUCCESS(Status) && Status != STATUS_BUFFER_OVERFLOW) {
            *Info = Buffer;
            return STATUS_SUCCESS;
        }
        ExFreePoolWithTag(Buffer, RTLP_REG_TAG);
        if (Status != STATUS_BUFFER_OVERFLOW && Status != STATUS_BUFFER_TOO_SMALL)
            return Status;
        if (Needed > 0x7FFFFFF0u - 16)
            return STATUS_INSUFFICIENT_RESOURCES;
        Size = Needed + 4 * sizeof(WCHAR);
    }
}

/* Hand a value read from the registry to the entry: the name terminated,
 * strings given the terminators they lack. */
static NTSTATUS RtlpProcessRegistryValue(PRTL_QUERY_REGISTRY_TABLE Entry, PKEY_VALUE_FULL_INFORMATION Info,
                                         PWSTR Name, PVOID Context, PVOID Environment)
{
    PUCHAR Data = (PUCHAR)Info + Info->DataOffset;
    ULONG Length = Info->DataLength;

    if ((Entry->Flags & RTL_QUERY_REGISTRY_TYPECHECK) &&
        Info->Type != (Entry->DefaultType >> RTL_QUERY_REGISTRY_TYPECHECK_SHIFT))
        return STATUS_OBJECT_TYPE_MISMATCH;
    if (RtlpIsStringType(Info->Type)) {
        PWCHAR Chars = (PWCHAR)Data;
        Length &= ~1u;
        if (Length < sizeof(WCHAR) || Chars[Length / sizeof(WCHAR) - 1]) {
            Chars[Length / sizeof(WCHAR)] = 0;
            Length += sizeof(WCHAR);
        }
        if (Info->Type == REG_MULTI_SZ &&
            (Length < 2 * sizeof(WCHAR) || Chars[Length / sizeof(WCHAR) - 2])) {
            Chars[Length / sizeof(WCHAR)] = 0;
            Length += sizeof(WCHAR);
        }
    }
    return RtlpProcessValue(Entry, Name, Info->Type, Data, Length, Context, Environment);
}

/* A named value that does not exist: the default, if there is one. */
static NTSTATUS RtlpProcessDefault(PRTL_QUERY_REGISTRY_TABLE Entry, PVOID Context, PVOID Environment)
{
    ULONG Type = Entry->DefaultType;
    PVOID Data = Entry->DefaultData;
    ULONG Length = Entry->DefaultLength;

    if (Entry->Flags & RTL_QUERY_REGISTRY_TYPECHECK)
        Type &= ~(ULONG)RTL_QUERY_REGISTRY_TYPECHECK_MASK;
    if (Type == REG_NONE)
        return (Entry->Flags & RTL_QUERY_REGISTRY_REQUIRED) ? STATUS_OBJECT_NAME_NOT_FOUND : STATUS_SUCCESS;
    if (RtlpIsStringType(Type) && Length == 0) {
        PCWSTR s = Data;
        if (!s)
            return STATUS_DATA_OVERRUN;
        if (Type == REG_MULTI_SZ) {
            SIZE_T n = 0;
            while (s[n] || s[n + 1])
                n++;
            Length = (ULONG)((n + 2) * sizeof(WCHAR));
        } else {
            Length = (ULONG)((RtlpWcslen(s) + 1) * sizeof(WCHAR));
        }
    }
    return RtlpProcessValue(Entry, Entry->Name, Type, Data, Length, Context, Environment);
}

/* The value entries of a table: Name given, NOVALUE, or every value. */
static NTSTATUS RtlpQueryEntry(PRTL_QUERY_REGISTRY_TABLE Entry, HANDLE Key, PVOID Context, PVOID Environment,
                               BOOLEAN AllValues)
{
    PKEY_VALUE_FULL_INFORMATION Info;
    NTSTATUS Status;

    if (!AllValues) {
        Status = Key ? RtlpReadValue(Key, Entry->Name, 0, &Info) : STATUS_OBJECT_NAME_NOT_FOUND;
        if (Status == STATUS_OBJECT_NAME_NOT_FOUND)
            return RtlpProcessDefault(Entry, Context, Environment);
        if (!NT_SUCCESS(Status))
            return Status;
        Status = RtlpProcessRegistryValue(Entry, Info, Entry->Name, Context, Environment);
        ExFreePoolWithTag(Info, RTLP_REG_TAG);
        if (NT_SUCCESS(Status) && (Entry->Flags & RTL_QUERY_REGISTRY_DELETE)) {
            UNICODE_STRING U;
            RtlInitUnicodeString(&U, Entry->Name);
            Status = ZwDeleteValueKey(Key, &U);
        }
        return Status;
    }

    if (Entry->Flags & RTL_QUERY_REGISTRY_NOVALUE)
        return Entry->QueryRoutine(NULL, REG_NONE, NULL, 0, Context, Entry->EntryContext);

    ULONG Index = 0, Seen = 0;
    for (;;) {
        Status = Key ? RtlpReadValue(Key, NULL, Index, &Info) : STATUS_NO_MORE_ENTRIES;
        if (Status == STATUS_NO_MORE_ENTRIES)
            break;
        if (!NT_SUCCESS(Status))
            return Status;
        Seen++;
        /* The name, terminated, in front of the data it is part of. */
        ULONG NameChars = Info->NameLength / sizeof(WCHAR);
        PWCHAR Name = ExAllocatePoolWithTag(PagedPool, (NameChars + 1) * sizeof(WCHAR), RTLP_REG_TAG);
        if (!Name) {
            ExFreePoolWithTag(Info, RTLP_REG_TAG);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        memcpy(Name, Info->Name, NameChars * sizeof(WCHAR));
        Name[NameChars] = 0;
        Status = RtlpProcessRegistryValue(Entry, Info, Name, Context, Environment);
        ExFreePoolWithTag(Info, RTLP_REG_TAG);
        if (NT_SUCCESS(Status) && (Entry->Flags & RTL_QUERY_REGISTRY_DELETE)) {
            UNICODE_STRING U = { (USHORT)(NameChars * sizeof(WCHAR)), (USHORT)(NameChars * sizeof(WCHAR)), Name };
            Status = ZwDeleteValueKey(Key, &U); /* the next value is now number Index */
        } else {
            Index++;
        }
        ExFreePoolWithTag(Name, RTLP_REG_TAG);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    if (!Seen && (Entry->Flags & RTL_QUERY_REGISTRY_REQUIRED))
        return STATUS_OBJECT_NAME_NOT_FOUND;
    return STATUS_SUCCESS;
}

static NTSTATUS RtlpQueryRegistryValues(ULONG RelativeTo, PCWSTR Path, PRTL_QUERY_REGISTRY_TABLE QueryTable,
                                        PVOID Context, PVOID Environment)
{
    HANDLE Top, Current, Sub = NULL;
    BOOLEAN CloseTop;
    NTSTATUS Status;

    if (!QueryTable)
        return STATUS_INVALID_PARAMETER;
    Status = RtlpGetRegistryHandle(RelativeTo, Path, FALSE, &Top, &CloseTop);
    if (!NT_SUCCESS(Status)) {
        if ((RelativeTo & RTL_REGISTRY_OPTIONAL) && Status == STATUS_OBJECT_NAME_NOT_FOUND)
            return STATUS_SUCCESS; /* an optional key that is not there */
        return Status;
    }
    Current = Top;

    for (PRTL_QUERY_REGISTRY_TABLE Entry = QueryTable;
         Entry->QueryRoutine || (Entry->Flags & (RTL_QUERY_REGISTRY_SUBKEY | RTL_QUERY_REGISTRY_DIRECT));
         Entry++) {
        BOOLEAN Direct = (Entry->Flags & RTL_QUERY_REGISTRY_DIRECT) != 0;
        if (Direct && (!Entry->Name || Entry->QueryRoutine || (Entry->Flags & RTL_QUERY_REGISTRY_SUBKEY))) {
            Status = STATUS_INVALID_PARAMETER;
            break;
        }
        if (Entry->Flags & (RTL_QUERY_REGISTRY_TOPKEY | RTL_QUERY_REGISTRY_SUBKEY)) {
            if (Sub)
                ZwClose(Sub);
            Sub = NULL;
            Current = Top;
        }
        if (Entry->Flags & RTL_QUERY_REGISTRY_SUBKEY) {
            UNICODE_STRING U;
            OBJECT_ATTRIBUTES A;
            if (!Entry->Name) {
                Status = STATUS_INVALID_PARAMETER;
                break;
            }
            RtlInitUnicodeString(&U, Entry->Name);
            InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, Top, NULL);
            Status = ZwOpenKey(&Sub, MAXIMUM_ALLOWED, &A);
            if (Status == STATUS_OBJECT_NAME_NOT_FOUND && !(Entry->Flags & RTL_QUERY_REGISTRY_REQUIRED)) {
                /* Until the next SUBKEY or TOPKEY, the entries find nothing. */
                Sub = NULL;
                Current = NULL;
                Status = STATUS_SUCCESS;
                continue;
            }
            if (!NT_SUCCESS(Status)) {
                Sub = NULL;
                break;
            }
            Current = Sub;
            /* With a routine, the entry also reports the subkey's values. */
            if (!Entry->QueryRoutine)
                continue;
            Status = RtlpQueryEntry(Entry, Current, Context, Environment, TRUE);
        } else if (!Entry->QueryRoutine && !Direct) {
            continue; /* a TOPKEY entry and nothing else */
        } else {
            Status = RtlpQueryEntry(Entry, Current, Context, Environment, Entry->Name == NULL);
        }
        if (!NT_SUCCESS(Status))
            break;
    }
    if (Sub)
        ZwClose(Sub);
    if (CloseTop)
        ZwClose(Top);
    return Status;
}

NTIO_EXPORT NTSTATUS RtlQueryRegistryValues(ULONG RelativeTo, PCWSTR Path, PRTL_QUERY_REGISTRY_TABLE QueryTable,
                                            PVOID Context, PVOID Environment)
{
    PAGED_CODE();
    return RtlpQueryRegistryValues(RelativeTo, Path, QueryTable, Context, Environment);
}

NTIO_EXPORT NTSTATUS RtlQueryRegistryValuesEx(ULONG RelativeTo, PCWSTR Path,
                                              PRTL_QUERY_REGISTRY_TABLE QueryTable, PVOID Context,
                                              PVOID Environment)
{
    PAGED_CODE();
    return RtlpQueryRegistryValues(RelativeTo, Path, QueryTable, Context, Environment);
}
