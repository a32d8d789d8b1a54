/*
 * cm/cmvalue.c - values: set, delete, query and enumerate, and the
 * KEY_VALUE_*_INFORMATION structures written under Windows' buffer rules.
 * Data is stored as the caller gave it, whatever its type.
 */
#include "cm.h"
#include "ex/ex.h"

#define CMP_ALIGN_PTR(p, a) (((ULONG_PTR)(p) + ((a) - 1)) & ~(ULONG_PTR)((a) - 1))

static const WCHAR CmpLinkValueName[] = L"SymbolicLinkValue";

/* The upcased name for the store: on the stack when short. */
typedef struct _CMP_UNAME {
    PUCHAR Bytes;
    UCHAR Small[256 * 2];
} CMP_UNAME;

static NTSTATUS CmpMakeUname(PCWCH Name, ULONG Chars, CMP_UNAME *U)
{
    U->Bytes = U->Small;
    if (Chars > RTL_NUMBER_OF(U->Small) / 2) {
        U->Bytes = ExAllocatePoolWithTag(PagedPool, Chars * 2, CM_POOL_TAG);
        if (!U->Bytes)
            return STATUS_INSUFFICIENT_RESOURCES;
    }
    CmpUpcaseName(Name, Chars, U->Bytes);
    return STATUS_SUCCESS;
}

static VOID CmpFreeUname(CMP_UNAME *U)
{
    if (U->Bytes != U->Small)
        ExFreePoolWithTag(U->Bytes, CM_POOL_TAG);
}

static BOOLEAN CmpIsLinkValueName(PCWCH Name, ULONG Chars)
{
    if (Chars != RTL_NUMBER_OF(CmpLinkValueName) - 1)
        return FALSE;
    for (ULONG i = 0; i < Chars; i++)
        if (RtlUpcaseUnicodeChar(Name[i]) != RtlUpcaseUnicodeChar(CmpLinkValueName[i]))
            return FALSE;
    return TRUE;
}

NTSTATUS CmpSetValue(CM_KEY_ID Key, PCWCH Name, ULONG Chars, ULONG Type, const VOID *Data, ULONG Bytes)
{
    NTSTATUS Status = STATUS_SUCCESS;
    CMP_UNAME U;
    sqlite3_stmt *S;

    Status = CmpMakeUname(Name, Chars, &U);
    if (!NT_SUCCESS(Status))
        return Status;
    S = CmpStatement(CMS_VALUE_SET, &Status);
    if (S) {
        sqlite3_bind_int64(S, 1, Key);
        CmpBindBlob(S, 2, Name, Chars * 2);
        CmpBindBlob(S, 3, U.Bytes, Chars * 2);
        sqlite3_bind_int64(S, 4, (sqlite3_int64)Type);
        CmpBindBlob(S, 5, Data, Bytes);
        if (CmpStep(S, &Status) == SQLITE_DONE) {
            sqlite3_reset(S);
            Status = STATUS_SUCCESS;
        }
    }
    CmpFreeUname(&U);
    return Status;
}

NTSTATUS CmpSetValueKey(CM_KEY_ID Id, PCWCH Name, ULONG Chars, ULONG Type, const VOID *Data, ULONG Bytes)
{
    CM_KEY_ROW Key;
    NTSTATUS Status = CmpLockStore();
    if (!NT_SUCCESS(Status))
        return Status;
    Status = CmpBeginWrite();
    if (NT_SUCCESS(Status)) {
        Status = CmpGetKey(Id, &Key);
        /* A link key holds its target and nothing else. */
        if (NT_SUCCESS(Status) && (Key.Flags & CM_KEY_FLAG_LINK) &&
            (Type != REG_LINK || !CmpIsLinkValueName(Name, Chars)))
            Status = STATUS_ACCESS_DENIED;
        if (NT_SUCCESS(Status))
            Status = CmpSetValue(Id, Name, Chars, Type, Data, Bytes);
        if (NT_SUCCESS(Status))
            Status = CmpTouchKey(Id);
        Status = CmpEndWrite(Status);
    }
    CmpUnlockStore();
    return Status;
}

NTSTATUS CmpDeleteValueKey(CM_KEY_ID Id, PCWCH Name, ULONG Chars)
{
    CM_KEY_ROW Key;
    CMP_UNAME U;
    sqlite3_stmt *S;
    NTSTATUS Status = CmpLockStore();
    if (!NT_SUCCESS(Status))
        return Status;
    Status = CmpMakeUname(Name, Chars, &U);
    if (!NT_SUCCESS(Status)) {
        CmpUnlockStore();
        return Status;
    }
    Status = CmpBeginWrite();
    if (NT_SUCCESS(Status)) {
        Status = CmpGetKey(Id, &Key);
        if (NT_SUCCESS(Status) && (S = CmpStatement(CMS_VALUE_DELETE, &Status))) {
            sqlite3_bind_int64(S, 1, Id);
            CmpBindBlob(S, 2, U.Bytes, Chars * 2);
            if (CmpStep(S, &Status) == SQLITE_DONE) {
                sqlite3_reset(S);
                Status = sqlite3_changes(sqlite3_db_handle(S)) ? STATUS_SUCCESS
                                                                : STATUS_OBJECT_NAME_NOT_FOUND;
            }
        }
        if (NT_SUCCESS(Status))
            Status = CmpTouchKey(Id);
        Status = CmpEndWrite(Status);
    }
    CmpFreeUname(&U);
    CmpUnlockStore();
    return Status;
}

/* A value row as a KEY_VALUE_*_INFORMATION. */
static NTSTATUS CmpFormatValue(const WCHAR *Name, ULONG NameBytes, ULONG Type, const VOID *Data,
                               ULONG DataBytes, KEY_VALUE_INFORMATION_CLASS Class, PCM_OUTPUT Out,
                               PULONG Needed)
{
    switch (Class) {
    case KeyValueBasicInformation: {
        KEY_VALUE_BASIC_INFORMATION I = { 0, Type, NameBytes };
        ULONG Fixed = FIELD_OFFSET(KEY_VALUE_BASIC_INFORMATION, Name);
        CMP_PART Part = { Fixed, Name, NameBytes };
        return CmpEmit(Out, &I, Fixed, &Part, 1, Fixed + NameBytes, Needed);
    }
    case KeyValueFullInformation:
    case KeyValueFullInformationAlign64: {
        KEY_VALUE_FULL_INFORMATION I;
        ULONG Align = Class == KeyValueFullInformationAlign64 ? sizeof(ULONGLONG) : sizeof(ULONG);
        ULONG Fixed = FIELD_OFFSET(KEY_VALUE_FULL_INFORMATION, Name);
        /* The data starts at an aligned address of the caller's buffer. */
        ULONG_PTR NameEnd = (ULONG_PTR)Out->Buffer + Fixed + NameBytes;
        I.TitleIndex = 0;
        I.Type = Type;
        I.DataOffset = (ULONG)(CMP_ALIGN_PTR(NameEnd, Align) - (ULONG_PTR)Out->Buffer);
        I.DataLength = DataBytes;
        I.NameLength = NameBytes;
        CMP_PART Parts[2] = { { Fixed, Name, NameBytes }, { I.DataOffset, Data, DataBytes } };
        return CmpEmit(Out, &I, Fixed, Parts, 2, I.DataOffset + DataBytes, Needed);
    }
    case KeyValuePartialInformation: {
        KEY_VALUE_PARTIAL_INFORMATION I = { 0, Type, DataBytes };
        ULONG Fixed = FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data);
        CMP_PART Part = { Fixed, Data, DataBytes };
        return CmpEmit(Out, &I, Fixed, &Part, 1, Fixed + DataBytes, Needed);
    }
    case KeyValuePartialInformationAlign64: {
        KEY_VALUE_PARTIAL_INFORMATION_ALIGN64 I = { Type, DataBytes };
        ULONG Fixed = FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION_ALIGN64, Data);
        CMP_PART Part = { Fixed, Data, DataBytes };
        return CmpEmit(Out, &I, Fixed, &Part, 1, Fixed + DataBytes, Needed);
    }
    case KeyValueLayerInformation: {
        KEY_VALUE_LAYER_INFORMATION I;
        memset(&I, 0, sizeof I); /* no layered keys: never a tombstone */
        return CmpEmit(Out, &I, sizeof I, NULL, 0, sizeof I, Needed);
    }
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

/* Format the current row of S (name, type, data) and reset S. */
static NTSTATUS CmpFormatRow(sqlite3_stmt *S, KEY_VALUE_INFORMATION_CLASS Class, PCM_OUTPUT Out,
                             PULONG Needed)
{
    ULONG NameBytes, DataBytes;
    const void *Name = CmpColumnBlob(S, 0, &NameBytes);
    ULONG Type = (ULONG)sqlite3_column_int64(S, 1);
    const void *Data = CmpColumnBlob(S, 2, &DataBytes);
    NTSTATUS Status = CmpFormatValue(Name, NameBytes, Type, Data, DataBytes, Class, Out, Needed);
    sqlite3_reset(S);
    return Status;
}

NTSTATUS CmpQueryValue(CM_KEY_ID Id, PCWCH Name, ULONG Chars, KEY_VALUE_INFORMATION_CLASS Class,
                       PCM_OUTPUT Out, PULONG Needed)
{
    CMP_UNAME U;
    CM_KEY_ROW Key;
    sqlite3_stmt *S;
    int Rc;
    NTSTATUS Status = CmpMakeUname(Name, Chars, &U);
    if (!NT_SUCCESS(Status))
        return Status;
    S = CmpStatement(CMS_VALUE_GET, &Status);
    if (S) {
        sqlite3_bind_int64(S, 1, Id);
        CmpBindBlob(S, 2, U.Bytes, Chars * 2);
        Rc = CmpStep(S, &Status);
        if (Rc == SQLITE_ROW) {
            Status = CmpFormatRow(S, Class, Out, Needed);
        } else if (Rc == SQLITE_DONE) {
            sqlite3_reset(S);
            /* No such value - or no such key any more. */
            Status = CmpGetKey(Id, &Key);
            if (NT_SUCCESS(Status))
                Status = STATUS_OBJECT_NAME_NOT_FOUND;
        }
    }
    CmpFreeUname(&U);
    return Status;
}

NTSTATUS CmpEnumerateValue(CM_KEY_ID Id, ULONG Index, KEY_VALUE_INFORMATION_CLASS Class,
                           PCM_OUTPUT Out, PULONG Needed)
{
    NTSTATUS Status = STATUS_SUCCESS;
    CM_KEY_ROW Key;
    sqlite3_stmt *S = CmpStatement(CMS_VALUE_ENUM, &Status);
    int Rc;
    if (!S)
        return Status;
    sqlite3_bind_int64(S, 1, Id);
    sqlite3_bind_int64(S, 2, (sqlite3_int64)Index);
    Rc = CmpStep(S, &Status);
    if (Rc == SQLITE_ROW)
        return CmpFormatRow(S, Class, Out, Needed);
    if (Rc != SQLITE_DONE)
        return Status;
    sqlite3_reset(S);
    Status = CmpGetKey(Id, &Key);
    return NT_SUCCESS(Status) ? STATUS_NO_MORE_ENTRIES : Status;
}
