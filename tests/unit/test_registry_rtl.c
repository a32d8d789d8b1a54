/*
 * test_registry_rtl.c - the Rtl registry routines (RtlQueryRegistryValues
 * with each flag, RtlWriteRegistryValue, RtlCheckRegistryKey,
 * RtlCreateRegistryKey, RtlDeleteRegistryValue) and IoOpenDriverRegistryKey,
 * as Windows behaves - including where it differs from its documentation
 * (a DIRECT buffer too small is ignored, REQUIRED accepts a default).
 */
#include <ntio/ntsvc.h>
#include "kmtest.h"
#include "rtl/nls.h"

#define RTLBASE L"\\Registry\\Machine\\SOFTWARE\\ntiortl"

/* ------------------------------------------------------------ recording */

#define MAX_CALLS 16
typedef struct _CALL {
    WCHAR Name[64];
    BOOLEAN NullName;
    ULONG Type;
    PVOID DataPointer;
    UCHAR Data[96];
    ULONG Length;
    PVOID EntryContext;
} CALL;

typedef struct _RECORD {
    ULONG Count;
    CALL Calls[MAX_CALLS];
    ULONG FailAt;          /* return FailStatus on call number FailAt (1-based), 0: never */
    NTSTATUS FailStatus;
} RECORD;

static NTSTATUS NTAPI Record(PWSTR ValueName, ULONG ValueType, PVOID ValueData, ULONG ValueLength, PVOID Context,
                             PVOID EntryContext)
{
    RECORD *R = Context;
    if (R->Count < MAX_CALLS) {
        CALL *C = &R->Calls[R->Count];
        memset(C, 0, sizeof *C);
        C->NullName = ValueName == NULL;
        if (ValueName) {
            SIZE_T n = RtlpWcslen(ValueName);
            memcpy(C->Name, ValueName, (n < 63 ? n : 63) * sizeof(WCHAR));
        }
        C->Type = ValueType;
        C->DataPointer = ValueData;
        C->Length = ValueLength;
        if (ValueData)
            memcpy(C->Data, ValueData, ValueLength < sizeof C->Data ? ValueLength : sizeof C->Data);
        C->EntryContext = EntryContext;
    }
    R->Count++;
    if (R->FailAt && R->Count == R->FailAt)
        return R->FailStatus;
    return STATUS_SUCCESS;
}

static BOOLEAN WEqZ(PCWCH A, PCWSTR B)
{
    SIZE_T n = RtlpWcslen(B);
    return RtlpWcslen(A) == n && !memcmp(A, B, n * sizeof(WCHAR));
}

static NTSTATUS Query(PRTL_QUERY_REGISTRY_TABLE Table, RECORD *R)
{
    memset(R, 0, sizeof *R);
    return RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RTLBASE, Table, R, NULL);
}

/* One entry (and the terminator). */
static void Entry(PRTL_QUERY_REGISTRY_TABLE T, PRTL_QUERY_REGISTRY_ROUTINE Routine, ULONG Flags, PCWSTR Name,
                  PVOID EntryContext, ULONG DefaultType, PVOID DefaultData, ULONG DefaultLength)
{
    memset(T, 0, 2 * sizeof *T);
    T->QueryRoutine = Routine;
    T->Flags = Flags;
    T->Name = (PWSTR)Name;
    T->EntryContext = EntryContext;
    T->DefaultType = DefaultType;
    T->DefaultData = DefaultData;
    T->DefaultLength = DefaultLength;
}

static const WCHAR Capitals[] = L"Brussels\0Paris\0%PATH%"; /* no terminators at all */

/* Delete Root\Name and everything below it. */
static void DeleteTree(HANDLE Root, PCWSTR Name)
{
    UNICODE_STRING U;
    OBJECT_ATTRIBUTES A;
    HANDLE Key;
    UCHAR Buffer[600];
    ULONG Len;
    RtlInitUnicodeString(&U, Name);
    InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, Root, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&Key, KEY_ALL_ACCESS, &A)))
        return;
    while (NT_SUCCESS(ZwEnumerateKey(Key, 0, KeyBasicInformation, Buffer, sizeof Buffer - 2, &Len))) {
        PKEY_BASIC_INFORMATION B = (PVOID)Buffer;
        WCHAR Child[300];
        memcpy(Child, B->Name, B->NameLength);
        Child[B->NameLength / 2] = 0;
        DeleteTree(Key, Child);
    }
    ZwDeleteKey(Key);
    ZwClose(Key);
}

static void Setup(void)
{
    DeleteTree(NULL, RTLBASE);
    ULONG Dw = 42;
    ULONGLONG Qw = 42;
    CHECK_EQ(RtlCreateRegistryKey(RTL_REGISTRY_ABSOLUTE, RTLBASE), STATUS_SUCCESS);
    CHECK_EQ(RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, RTLBASE, L"WindowsDrive", REG_EXPAND_SZ,
                                   (PVOID)L"%SYSTEMDRIVE%", sizeof(L"%SYSTEMDRIVE%")),
             STATUS_SUCCESS);
    CHECK_EQ(RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, RTLBASE, L"CapitalsOfEurope", REG_MULTI_SZ,
                                   (PVOID)Capitals, sizeof Capitals - sizeof(WCHAR)),
             STATUS_SUCCESS);
    CHECK_EQ(RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, RTLBASE, L"MeaningOfLife32", REG_DWORD, &Dw, 4),
             STATUS_SUCCESS);
    CHECK_EQ(RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, RTLBASE, L"MeaningOfLife64", REG_QWORD, &Qw, 8),
             STATUS_SUCCESS);
    CHECK_EQ(RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, RTLBASE L"\\subkey", L"Color", REG_SZ,
                                   (PVOID)L"Yellow", sizeof(L"Yellow")),
             STATUS_SUCCESS);
}

/* ------------------------------------------------------------ routines */

static void TestRoutine(void)
{
    RTL_QUERY_REGISTRY_TABLE T[3];
    RECORD R;

    /* An empty table; an entry without routine or DIRECT ends the table. */
    memset(T, 0, sizeof T);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    Entry(T, NULL, 0, L"WindowsDrive", NULL, REG_NONE, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 0);

    /* Every value: REG_EXPAND_SZ expanded, REG_MULTI_SZ one call per string. */
    Entry(T, Record, 0, NULL, T, REG_NONE, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 6);
    CHECK(WEqZ(R.Calls[0].Name, L"WindowsDrive"));
    CHECK_EQ(R.Calls[0].Type, REG_SZ);
    CHECK(WEqZ((PCWCH)R.Calls[0].Data, L"C:"));
    CHECK_EQ(R.Calls[0].Length, 6);
    CHECK(R.Calls[0].EntryContext == T);
    static const PCWSTR Split[] = { L"Brussels", L"Paris", L"%PATH%" }; /* not expanded */
    for (int i = 0; i < 3; i++) {
        CHECK(WEqZ(R.Calls[1 + i].Name, L"CapitalsOfEurope"));
        CHECK_EQ(R.Calls[1 + i].Type, REG_SZ);
        CHECK(WEqZ((PCWCH)R.Calls[1 + i].Data, Split[i]));
        CHECK_EQ(R.Calls[1 + i].Length, (RtlpWcslen(Split[i]) + 1) * sizeof(WCHAR));
    }
    CHECK_EQ(R.Calls[4].Type, REG_DWORD);
    CHECK_EQ(*(ULONG *)R.Calls[4].Data, 42);
    CHECK_EQ(R.Calls[5].Type, REG_QWORD);
    CHECK_EQ(R.Calls[5].Length, 8);

    /* NOVALUE: one call without a value; with a name it is ignored. */
    Entry(T, Record, RTL_QUERY_REGISTRY_NOVALUE, NULL, NULL, REG_SZ, (PVOID)L"Some default", 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 1);
    CHECK(R.Calls[0].NullName);
    CHECK_EQ(R.Calls[0].Type, REG_NONE);
    CHECK(R.Calls[0].DataPointer == NULL);
    CHECK_EQ(R.Calls[0].Length, 0);
    Entry(T, Record, RTL_QUERY_REGISTRY_NOVALUE, L"WindowsDrive", NULL, REG_NONE, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 1);
    CHECK(WEqZ((PCWCH)R.Calls[0].Data, L"C:"));

    /* NOEXPAND: raw REG_EXPAND_SZ, and REG_MULTI_SZ in one call with the
     * terminators it lacked. */
    Entry(T, Record, RTL_QUERY_REGISTRY_NOEXPAND, L"WindowsDrive", NULL, REG_NONE, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Calls[0].Type, REG_EXPAND_SZ);
    CHECK(WEqZ((PCWCH)R.Calls[0].Data, L"%SYSTEMDRIVE%"));
    Entry(T, Record, RTL_QUERY_REGISTRY_NOEXPAND, L"CapitalsOfEurope", NULL, REG_NONE, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 1);
    CHECK_EQ(R.Calls[0].Type, REG_MULTI_SZ);
    CHECK_EQ(R.Calls[0].Length, sizeof(L"Brussels\0Paris\0%PATH%\0"));
    CHECK(!memcmp(R.Calls[0].Data, L"Brussels\0Paris\0%PATH%\0", sizeof(L"Brussels\0Paris\0%PATH%\0")));

    /* A routine's error stops the table; STATUS_BUFFER_TOO_SMALL does not. */
    Entry(T, Record, 0, NULL, NULL, REG_NONE, NULL, 0);
    memset(&R, 0, sizeof R);
    R.FailAt = 2;
    R.FailStatus = STATUS_UNSUCCESSFUL;
    CHECK_EQ(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RTLBASE, T, &R, NULL), STATUS_UNSUCCESSFUL);
    CHECK_EQ(R.Count, 2);
    memset(&R, 0, sizeof R);
    R.FailAt = 2;
    R.FailStatus = STATUS_BUFFER_TOO_SMALL;
    CHECK_EQ(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RTLBASE, T, &R, NULL), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 6);
    /* The Ex form is the same. */
    memset(&R, 0, sizeof R);
    CHECK_EQ(RtlQueryRegistryValuesEx(RTL_REGISTRY_ABSOLUTE, RTLBASE, T, &R, NULL), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 6);
}

static void TestDefaults(void)
{
    RTL_QUERY_REGISTRY_TABLE T[2];
    RECORD R;
    static WCHAR Some[] = L"Some default", Drive[] = L"%SYSTEMDRIVE%";
    static WCHAR MultiDefault[] = L"Brussels\0Paris\0%PATH%\0", Abc[] = L"A\0B\0C";

    /* DefaultLength as given: no terminator added. */
    Entry(T, Record, 0, L"I don't exist", NULL, REG_SZ, Some, 4 * sizeof(WCHAR));
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 1);
    CHECK(WEqZ(R.Calls[0].Name, L"I don't exist"));
    CHECK_EQ(R.Calls[0].Type, REG_SZ);
    CHECK_EQ(R.Calls[0].Length, 8);
    CHECK(!memcmp(R.Calls[0].Data, L"Some", 8));
    /* Length 0: computed; the caller's data itself, REG_SZ not expanded. */
    Entry(T, Record, 0, L"I don't exist", NULL, REG_SZ, Drive, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK(R.Calls[0].DataPointer == Drive);
    CHECK_EQ(R.Calls[0].Length, sizeof Drive);
    /* REG_EXPAND_SZ defaults are expanded, and reported as REG_SZ. */
    Entry(T, Record, 0, L"I don't exist", NULL, REG_EXPAND_SZ, Drive, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Calls[0].Type, REG_SZ);
    CHECK(WEqZ((PCWCH)R.Calls[0].Data, L"C:"));
    CHECK_EQ(R.Calls[0].Length, 6);
    /* REG_MULTI_SZ: split, pointing into the default. */
    Entry(T, Record, 0, L"I don't exist", NULL, REG_MULTI_SZ, MultiDefault, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 3);
    CHECK(R.Calls[0].DataPointer == MultiDefault);
    CHECK(R.Calls[1].DataPointer == MultiDefault + 9);
    CHECK(WEqZ((PCWCH)R.Calls[2].Data, L"%PATH%"));
    /* A length that stops inside the list: strings ending before its last
     * character only. */
    Entry(T, Record, 0, L"I don't exist", NULL, REG_MULTI_SZ, Abc, sizeof Abc);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 2);
    Entry(T, Record, 0, L"I don't exist", NULL, REG_MULTI_SZ, Abc, sizeof Abc - sizeof(WCHAR));
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 2);
    /* Non-string: as given. */
    Entry(T, Record, 0, L"I don't exist", NULL, REG_DWORD, (PVOID)(ULONG_PTR)0xdeadbeef, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Calls[0].Type, REG_DWORD);
    CHECK(R.Calls[0].DataPointer == (PVOID)(ULONG_PTR)0xdeadbeef);
    CHECK_EQ(R.Calls[0].Length, 0);
    /* REG_NONE: no default, no call. */
    Entry(T, Record, 0, L"I don't exist", NULL, REG_NONE, Some, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 0);
    /* A string default without data is not valid. */
    Entry(T, Record, 0, L"I don't exist", NULL, REG_SZ, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_DATA_OVERRUN);
    CHECK_EQ(R.Count, 0);
    /* REQUIRED: a default satisfies it; without one it fails. */
    Entry(T, Record, RTL_QUERY_REGISTRY_REQUIRED, L"I don't exist", NULL, REG_SZ, Some, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 1);
    Entry(T, Record, RTL_QUERY_REGISTRY_REQUIRED, L"I don't exist", NULL, REG_NONE, Some, 0);
    CHECK_EQ(Query(T, &R), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(R.Count, 0);
    Entry(T, Record, RTL_QUERY_REGISTRY_REQUIRED, L"MeaningOfLife32", NULL, REG_NONE, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 1);
}

static void TestDirect(void)
{
    RTL_QUERY_REGISTRY_TABLE T[2];
    RECORD R;
    WCHAR StrBuf[32];
    UNICODE_STRING Str;
    ULONG Int;
    union {
        LONG Size;
        UCHAR Data[32];
    } Sized;
    struct {
        ULONG Size;
        ULONG Type;
        UCHAR Data[32];
    } Typed;
    static WCHAR Some[] = L"Some default", Drive[] = L"%SYSTEMDRIVE%";

#define RESET_STR(Max)                                          \
    do {                                                        \
        Str.Buffer = StrBuf;                                    \
        Str.MaximumLength = (Max);                              \
        Str.Length = (USHORT)((Max) - 2);                       \
        memset(StrBuf, 0x23, sizeof StrBuf);                    \
    } while (0)

    /* A string into a UNICODE_STRING: expanded. */
    RESET_STR(sizeof StrBuf);
    Entry(T, NULL, RTL_QUERY_REGISTRY_DIRECT, L"WindowsDrive", &Str, REG_NONE, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(Str.Length, 4);
    CHECK(!memcmp(StrBuf, L"C:", 6));
    /* Too small: left as it was, and the call succeeds. */
    RESET_STR(4);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(Str.Length, 2);
    CHECK_EQ(StrBuf[0], 0x2323);
    /* NOEXPAND: raw. */
    RESET_STR(sizeof StrBuf);
    Entry(T, NULL, RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_NOEXPAND, L"WindowsDrive", &Str, REG_NONE, NULL,
          0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(Str.Length, sizeof(L"%SYSTEMDRIVE%") - 2);
    CHECK(!memcmp(StrBuf, L"%SYSTEMDRIVE%", sizeof(L"%SYSTEMDRIVE%")));
    /* REG_MULTI_SZ with NOEXPAND: whole, double-terminated. */
    WCHAR Big[64];
    UNICODE_STRING BigStr = { 0, sizeof Big, Big };
    Entry(T, NULL, RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_NOEXPAND, L"CapitalsOfEurope", &BigStr, REG_NONE,
          NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(BigStr.Length, sizeof(L"Brussels\0Paris\0%PATH%\0") - 2);
    CHECK(!memcmp(Big, L"Brussels\0Paris\0%PATH%\0", sizeof(L"Brussels\0Paris\0%PATH%\0")));
    /* Up to 4 bytes: at EntryContext. */
    Int = 1;
    Entry(T, NULL, RTL_QUERY_REGISTRY_DIRECT, L"MeaningOfLife32", &Int, REG_NONE, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(Int, 42);
    /* More: a negative size, data only. */
    memset(&Sized, 0x23, sizeof Sized);
    Sized.Size = -(LONG)sizeof Sized;
    Entry(T, NULL, RTL_QUERY_REGISTRY_DIRECT, L"MeaningOfLife64", &Sized, REG_NONE, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(*(ULONGLONG *)Sized.Data, 42);
    CHECK_EQ(Sized.Data[8], 0x23);
    memset(&Sized, 0x23, sizeof Sized);
    Sized.Size = -1;
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(Sized.Size, -1); /* too small: untouched */
    /* A positive size: length, type, data. */
    memset(&Typed, 0x23, sizeof Typed);
    Typed.Size = sizeof Typed.Data;
    Entry(T, NULL, RTL_QUERY_REGISTRY_DIRECT, L"MeaningOfLife64", &Typed, REG_NONE, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(Typed.Size, 8);
    CHECK_EQ(Typed.Type, REG_QWORD);
    CHECK_EQ(*(ULONGLONG *)Typed.Data, 42);
    memset(&Typed, 0x23, sizeof Typed);
    Typed.Size = 1;
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(Typed.Size, 1);
    CHECK_EQ(Typed.Type, 0x23232323);

    /* Defaults stored directly. */
    RESET_STR(sizeof StrBuf);
    Entry(T, NULL, RTL_QUERY_REGISTRY_DIRECT, L"I don't exist", &Str, REG_SZ, Some, 4 * sizeof(WCHAR));
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(Str.Length, 6);
    CHECK(!memcmp(StrBuf, L"Some", 8));
    RESET_STR(sizeof StrBuf);
    Entry(T, NULL, RTL_QUERY_REGISTRY_DIRECT, L"I don't exist", &Str, REG_EXPAND_SZ, Drive, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(Str.Length, 4);
    CHECK(!memcmp(StrBuf, L"C:", 6));
    Int = 1;
    Entry(T, NULL, RTL_QUERY_REGISTRY_DIRECT, L"I don't exist", &Int, REG_DWORD, (PVOID)(ULONG_PTR)0xdeadbeef, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(Int, 1); /* zero bytes */
    memset(&Typed, 0x23, sizeof Typed);
    Typed.Size = sizeof Typed.Data;
    Entry(T, NULL, RTL_QUERY_REGISTRY_DIRECT, L"I don't exist", &Typed, REG_NONE, Some, sizeof Some);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(Typed.Type, 0x23232323); /* REG_NONE: no default */
    Entry(T, NULL, RTL_QUERY_REGISTRY_DIRECT, L"I don't exist", &Typed, REG_QWORD, Some, sizeof Some);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(Typed.Size, sizeof Typed.Data); /* 26 + 8 > 32: too small */
    RESET_STR(sizeof StrBuf);
    Entry(T, NULL, RTL_QUERY_REGISTRY_DIRECT, L"I don't exist", &Str, REG_SZ, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_DATA_OVERRUN);

    /* DIRECT takes no routine and needs a name. */
    RESET_STR(sizeof StrBuf);
    Entry(T, Record, RTL_QUERY_REGISTRY_DIRECT, L"WindowsDrive", &Str, REG_NONE, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_INVALID_PARAMETER);
    CHECK_EQ(R.Count, 0);
    Entry(T, NULL, RTL_QUERY_REGISTRY_DIRECT, NULL, &Str, REG_NONE, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_INVALID_PARAMETER);

    /* TYPECHECK: the expected type in the top byte of DefaultType. */
    UNICODE_STRING Alloc = { 0, 0, NULL };
    Entry(T, NULL, RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK, L"WindowsDrive", &Alloc,
          REG_EXPAND_SZ << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK(Alloc.Buffer != NULL); /* allocated for a NULL Buffer */
    CHECK_EQ(Alloc.Length, 4);
    CHECK_EQ(Alloc.MaximumLength, 6);
    CHECK(Alloc.Buffer && !memcmp(Alloc.Buffer, L"C:", 6));
    if (Alloc.Buffer)
        ExFreePool(Alloc.Buffer);
    Int = 1;
    Entry(T, NULL, RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK, L"WindowsDrive", &Int,
          REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_EQ(Int, 1);
    Entry(T, NULL, RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK, L"MeaningOfLife32", &Int,
          REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(Int, 42);
#undef RESET_STR
}

static void TestSubkeysAndDelete(void)
{
    RTL_QUERY_REGISTRY_TABLE T[4];
    RECORD R;
    static WCHAR Def[] = L"dflt";

    /* SUBKEY with a routine: every value of the subkey. */
    Entry(T, Record, RTL_QUERY_REGISTRY_SUBKEY, L"subkey", NULL, REG_NONE, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 1);
    CHECK(WEqZ((PCWCH)R.Calls[0].Data, L"Yellow"));
    /* SUBKEY then a name in it; TOPKEY back to the top. */
    memset(T, 0, sizeof T);
    T[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    T[0].Name = (PWSTR)L"subkey";
    T[1].QueryRoutine = Record;
    T[1].Name = (PWSTR)L"Color";
    T[2].QueryRoutine = Record;
    T[2].Flags = RTL_QUERY_REGISTRY_TOPKEY;
    T[2].Name = (PWSTR)L"MeaningOfLife32";
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 2);
    CHECK(WEqZ(R.Calls[0].Name, L"Color"));
    CHECK(WEqZ((PCWCH)R.Calls[0].Data, L"Yellow"));
    CHECK_EQ(*(ULONG *)R.Calls[1].Data, 42);
    /* Without TOPKEY the second lookup is in the subkey: the default. */
    T[2].Flags = 0;
    T[2].DefaultType = REG_SZ;
    T[2].DefaultData = Def;
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 2);
    CHECK(R.Calls[1].DataPointer == Def);
    /* A missing subkey: its entries find nothing - unless REQUIRED. */
    T[0].Name = (PWSTR)L"nosuchkey";
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 1); /* Color: not found, no default; the other: its default */
    CHECK(R.Calls[0].DataPointer == Def);
    T[0].Flags |= RTL_QUERY_REGISTRY_REQUIRED;
    CHECK_EQ(Query(T, &R), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(R.Count, 0);
    /* SUBKEY needs a name. */
    Entry(T, Record, RTL_QUERY_REGISTRY_SUBKEY, NULL, NULL, REG_NONE, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_INVALID_PARAMETER);

    /* DELETE: the value goes once reported. */
    Entry(T, Record, RTL_QUERY_REGISTRY_DELETE, L"WindowsDrive", NULL, REG_NONE, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 1);
    CHECK(WEqZ((PCWCH)R.Calls[0].Data, L"C:"));
    CHECK_EQ(RtlDeleteRegistryValue(RTL_REGISTRY_ABSOLUTE, RTLBASE, L"WindowsDrive"), STATUS_OBJECT_NAME_NOT_FOUND);
    /* With every value of a key: all of them. */
    CHECK_EQ(RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, RTLBASE L"\\subkey", L"Shape", REG_SZ, (PVOID)L"Round",
                                   sizeof(L"Round")),
             STATUS_SUCCESS);
    Entry(T, Record, RTL_QUERY_REGISTRY_SUBKEY | RTL_QUERY_REGISTRY_DELETE, L"subkey", NULL, REG_NONE, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK_EQ(R.Count, 2);
    Entry(T, Record, RTL_QUERY_REGISTRY_SUBKEY | RTL_QUERY_REGISTRY_REQUIRED, L"subkey", NULL, REG_NONE, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_OBJECT_NAME_NOT_FOUND); /* no values left */
}

static void TestEnvironment(void)
{
    RTL_QUERY_REGISTRY_TABLE T[2];
    RECORD R;
    static const WCHAR Env[] = L"FOO=bar\0SystemRoot=D:\\win\0";
    CHECK_EQ(RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, RTLBASE, L"Paths", REG_EXPAND_SZ,
                                   (PVOID)L"%SystemRoot%\\x;%windir%;%FOO%;%NOPE%;100%", 
                                   sizeof(L"%SystemRoot%\\x;%windir%;%FOO%;%NOPE%;100%")),
             STATUS_SUCCESS);
    Entry(T, Record, 0, L"Paths", NULL, REG_NONE, NULL, 0);
    CHECK_EQ(Query(T, &R), STATUS_SUCCESS);
    CHECK(WEqZ((PCWCH)R.Calls[0].Data, L"C:\\windows\\x;C:\\windows;%FOO%;%NOPE%;100%"));
    memset(&R, 0, sizeof R);
    CHECK_EQ(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RTLBASE, T, &R, (PVOID)Env), STATUS_SUCCESS);
    CHECK(WEqZ((PCWCH)R.Calls[0].Data, L"D:\\win\\x;%windir%;bar;%NOPE%;100%")); /* that block only */
}

/* ------------------------------------------------------------ keys */

static void TestRelativeTo(void)
{
    RTL_QUERY_REGISTRY_TABLE T[2];
    RECORD R;
    ULONG Dw = 9;
    static WCHAR Empty[] = L"";

    /* Each base. */
    CHECK_EQ(RtlWriteRegistryValue(RTL_REGISTRY_SERVICES, L"ntiortlsvc", L"Start", REG_DWORD, &Dw, 4),
             STATUS_SUCCESS);
    CHECK_EQ(RtlCheckRegistryKey(RTL_REGISTRY_ABSOLUTE,
                                 (PWSTR)L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\ntiortlsvc"),
             STATUS_SUCCESS);
    CHECK_EQ(RtlWriteRegistryValue(RTL_REGISTRY_CONTROL, L"\\ntiortl", L"v", REG_DWORD, &Dw, 4), STATUS_SUCCESS);
    CHECK_EQ(RtlCheckRegistryKey(RTL_REGISTRY_CONTROL, (PWSTR)L"ntiortl"), STATUS_SUCCESS);
    /* HARDWARE is volatile: the Rtl routines create stable keys, which
     * cannot live there. */
    CHECK_EQ(RtlCreateRegistryKey(RTL_REGISTRY_DEVICEMAP, (PWSTR)L"ntiortl"), STATUS_CHILD_MUST_BE_VOLATILE);
    HANDLE Vol;
    UNICODE_STRING VolName;
    OBJECT_ATTRIBUTES VolAttr;
    RtlInitUnicodeString(&VolName, L"\\Registry\\Machine\\HARDWARE\\DEVICEMAP\\ntiortl");
    InitializeObjectAttributes(&VolAttr, &VolName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    CHECK_EQ(ZwCreateKey(&Vol, KEY_ALL_ACCESS, &VolAttr, 0, NULL, REG_OPTION_VOLATILE, NULL), STATUS_SUCCESS);
    ZwClose(Vol);
    CHECK_EQ(RtlCheckRegistryKey(RTL_REGISTRY_DEVICEMAP, (PWSTR)L"ntiortl"), STATUS_SUCCESS);
    CHECK_EQ(RtlWriteRegistryValue(RTL_REGISTRY_DEVICEMAP, L"ntiortl", L"v", REG_DWORD, &Dw, 4), STATUS_SUCCESS);
    Entry(T, Record, 0, L"SystemRoot", NULL, REG_NONE, NULL, 0);
    memset(&R, 0, sizeof R);
    CHECK_EQ(RtlQueryRegistryValues(RTL_REGISTRY_WINDOWS_NT, NULL, T, &R, NULL), STATUS_SUCCESS);
    CHECK(WEqZ((PCWCH)R.Calls[0].Data, L"C:\\windows"));
    /* The current user's key: with no path, the key itself. */
    CHECK_EQ(RtlCheckRegistryKey(RTL_REGISTRY_USER, NULL), STATUS_SUCCESS);
    CHECK_EQ(RtlCheckRegistryKey(RTL_REGISTRY_USER, Empty), STATUS_SUCCESS);
    CHECK_EQ(RtlCheckRegistryKey(RTL_REGISTRY_USER, (PWSTR)L"Software"), STATUS_SUCCESS);
    CHECK_EQ(RtlCreateRegistryKey(RTL_REGISTRY_USER | RTL_REGISTRY_OPTIONAL, NULL), STATUS_SUCCESS);
    CHECK_EQ(RtlWriteRegistryValue(RTL_REGISTRY_USER, L"Software\\ntiortl", L"v", REG_DWORD, &Dw, 4), STATUS_SUCCESS);
    /* A handle. */
    HANDLE Key;
    UNICODE_STRING U;
    OBJECT_ATTRIBUTES A;
    RtlInitUnicodeString(&U, RTLBASE);
    InitializeObjectAttributes(&A, &U, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    CHECK_EQ(ZwOpenKey(&Key, KEY_READ, &A), STATUS_SUCCESS);
    Entry(T, Record, 0, L"MeaningOfLife32", NULL, REG_NONE, NULL, 0);
    memset(&R, 0, sizeof R);
    CHECK_EQ(RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)Key, T, &R, NULL), STATUS_SUCCESS);
    CHECK_EQ(*(ULONG *)R.Calls[0].Data, 42);
    CHECK_EQ(RtlCheckRegistryKey(RTL_REGISTRY_HANDLE, (PWSTR)Key), STATUS_SUCCESS);
    ZwClose(Key); /* still open until now: the Rtl routines do not close a caller's handle */
    /* OPTIONAL: a missing key is no error for the query. */
    memset(&R, 0, sizeof R);
    CHECK_EQ(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RTLBASE L"\\none", T, &R, NULL),
             STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL, RTLBASE L"\\none", T, &R, NULL),
             STATUS_SUCCESS);
    CHECK_EQ(R.Count, 0);
    /* Bad arguments. */
    CHECK_EQ(RtlCheckRegistryKey(RTL_REGISTRY_ABSOLUTE, NULL), STATUS_OBJECT_PATH_SYNTAX_BAD);
    CHECK_EQ(RtlCheckRegistryKey(RTL_REGISTRY_ABSOLUTE, Empty), STATUS_OBJECT_PATH_SYNTAX_BAD);
    CHECK_EQ(RtlCreateRegistryKey(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL, NULL), STATUS_OBJECT_PATH_SYNTAX_BAD);
    CHECK_EQ(RtlCheckRegistryKey(RTL_REGISTRY_USER + 1, (PWSTR)RTLBASE), STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlCreateRegistryKey((RTL_REGISTRY_USER + 1) | RTL_REGISTRY_OPTIONAL, NULL), STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlQueryRegistryValues(RTL_REGISTRY_MAXIMUM, RTLBASE, T, &R, NULL), STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlWriteRegistryValue(RTL_REGISTRY_MAXIMUM, RTLBASE, L"v", REG_DWORD, &Dw, 4),
             STATUS_INVALID_PARAMETER);
    /* Create: the key, not its parents; existing is fine. */
    CHECK_EQ(RtlCreateRegistryKey(RTL_REGISTRY_ABSOLUTE, (PWSTR)RTLBASE), STATUS_SUCCESS);
    CHECK_EQ(RtlCreateRegistryKey(RTL_REGISTRY_ABSOLUTE, (PWSTR)RTLBASE L"\\a\\b"), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(RtlCheckRegistryKey(RTL_REGISTRY_ABSOLUTE, (PWSTR)RTLBASE L"\\a"), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, RTLBASE L"\\a\\b", L"v", REG_DWORD, &Dw, 4),
             STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(RtlDeleteRegistryValue(RTL_REGISTRY_ABSOLUTE, RTLBASE, L"MeaningOfLife32"), STATUS_SUCCESS);
    CHECK_EQ(RtlDeleteRegistryValue(RTL_REGISTRY_ABSOLUTE, RTLBASE, L"MeaningOfLife32"), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(RtlDeleteRegistryValue(RTL_REGISTRY_ABSOLUTE, RTLBASE L"\\none", L"x"), STATUS_OBJECT_NAME_NOT_FOUND);
}

/* ------------------------------------------------------------ drivers */

static void TestDriverKeys(void)
{
    PDRIVER_OBJECT Driver = KmCreateDriver(NULL);
    HANDLE Key = NULL;
    ULONG Dw = 5, Len;
    UCHAR Buffer[300];
    static const WCHAR Service[] = L"ntiortldrv";

    CHECK(Driver != NULL);
    /* No service name yet. */
    CHECK_EQ(IoOpenDriverRegistryKey(Driver, DriverRegKeyParameters, KEY_READ, 0, &Key), STATUS_INVALID_PARAMETER);
    PWCHAR Name = ExAllocatePoolWithTag(PagedPool, sizeof Service, 0x74736554);
    memcpy(Name, Service, sizeof Service);
    RtlInitUnicodeString(&Driver->DriverExtension->ServiceKeyName, Name);

    static const struct {
        DRIVER_REGKEY_TYPE Type;
        PCWSTR Path;
    } Kinds[] = {
        { DriverRegKeyParameters, L"\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\ntiortldrv\\Parameters" },
        { DriverRegKeyPersistentState, L"\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\ntiortldrv\\State" },
        { DriverRegKeySharedPersistentState,
          L"\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\ntiortldrv\\SharedState" },
    };
    for (size_t i = 0; i < RTL_NUMBER_OF(Kinds); i++) {
        CHECK_EQ(IoOpenDriverRegistryKey(Driver, Kinds[i].Type, KEY_ALL_ACCESS, 0, &Key), STATUS_SUCCESS);
        CHECK(((ULONG_PTR)Key & 0x80000000) != 0); /* a kernel handle */
        UNICODE_STRING U;
        RtlInitUnicodeString(&U, L"v");
        CHECK_EQ(ZwSetValueKey(Key, &U, 0, REG_DWORD, &Dw, 4), STATUS_SUCCESS);
        PKEY_NAME_INFORMATION N = (PVOID)Buffer;
        CHECK_EQ(ZwQueryKey(Key, KeyNameInformation, Buffer, sizeof Buffer, &Len), STATUS_SUCCESS);
        CHECK(N->NameLength == RtlpWcslen(Kinds[i].Path) * 2 && !memcmp(N->Name, Kinds[i].Path, N->NameLength));
        ZwClose(Key);
        /* Again: opened, not created twice. */
        CHECK_EQ(IoOpenDriverRegistryKey(Driver, Kinds[i].Type, KEY_READ, 0, &Key), STATUS_SUCCESS);
        ZwClose(Key);
    }
    Key = (HANDLE)1;
    CHECK_EQ(IoOpenDriverRegistryKey(Driver, (DRIVER_REGKEY_TYPE)3, KEY_READ, 0, &Key), STATUS_INVALID_PARAMETER);
    CHECK(Key == NULL);
    CHECK_EQ(IoOpenDriverRegistryKey(Driver, DriverRegKeyParameters, KEY_READ, 1, &Key), STATUS_INVALID_PARAMETER);
    CHECK_EQ(IoOpenDriverRegistryKey(NULL, DriverRegKeyParameters, KEY_READ, 0, &Key), STATUS_INVALID_PARAMETER);
    CHECK_EQ(IoOpenDriverRegistryKey(Driver, DriverRegKeyParameters, KEY_READ, 0, NULL), STATUS_INVALID_PARAMETER);
    ObDereferenceObject(Driver);
}

int main(void)
{
    Setup();
    TestRoutine();
    TestDefaults();
    TestDirect();
    TestSubkeysAndDelete();
    TestEnvironment();
    TestRelativeTo();
    TestDriverKeys();
    return test_summary("test_registry_rtl");
}
