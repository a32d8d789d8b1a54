/*
 * cm/cmquery.c - what NtQueryKey and NtEnumerateKey return: the
 * KEY_*_INFORMATION structures, built from the store and written to the
 * caller's buffer under Windows' buffer rules (see <ntio/ntreg.h>).
 */
#include "cm.h"
#include "ex/ex.h"

#define CMP_ALIGN(x, a) (((x) + ((a) - 1)) & ~((ULONG)(a) - 1))

typedef struct _CMP_KEY_DATA {
    CM_KEY_ID Id;
    const WCHAR *Name;
    ULONG NameBytes;
    const WCHAR *Class; /* NULL when the key has none */
    ULONG ClassBytes;
    LONGLONG LastWrite;
    ULONG Flags;
} CMP_KEY_DATA;

typedef struct _CMP_KEY_STATS {
    ULONG SubKeys, MaxNameLen, MaxClassLen, Values, MaxValueNameLen, MaxValueDataLen;
} CMP_KEY_STATS;

static NTSTATUS CmpKeyStats(CM_KEY_ID Id, CMP_KEY_STATS *Stats)
{
    NTSTATUS Status = STATUS_SUCCESS;
    sqlite3_stmt *S = CmpStatement(CMS_KEY_STATS, &Status);
    if (!S)
        return Status;
    sqlite3_bind_int64(S, 1, Id);
    if (CmpStep(S, &Status) != SQLITE_ROW)
        return NT_SUCCESS(Status) ? STATUS_REGISTRY_CORRUPT : Status;
    Stats->SubKeys = (ULONG)sqlite3_column_int64(S, 0);
    Stats->MaxNameLen = (ULONG)sqlite3_column_int64(S, 1);
    Stats->MaxClassLen = (ULONG)sqlite3_column_int64(S, 2);
    Stats->Values = (ULONG)sqlite3_column_int64(S, 3);
    Stats->MaxValueNameLen = (ULONG)sqlite3_column_int64(S, 4);
    Stats->MaxValueDataLen = (ULONG)sqlite3_column_int64(S, 5);
    sqlite3_reset(S);
    return STATUS_SUCCESS;
}

/* The full path of a key, \REGISTRY\..., into a pool buffer. */
static NTSTATUS CmpKeyPath(CM_KEY_ID Id, PWCHAR *Path, ULONG *Bytes)
{
    NTSTATUS Status = STATUS_SUCCESS;
    sqlite3_stmt *S = CmpStatement(CMS_KEY_PATH, &Status);
    PWCHAR Buffer = NULL;
    ULONG Used = 0, Room = 0;
    int Rc;
    if (!S)
        return Status;
    sqlite3_bind_int64(S, 1, Id);
    while ((Rc = CmpStep(S, &Status)) == SQLITE_ROW) {
        ULONG NameBytes;
        const void *Name = CmpColumnBlob(S, 0, &NameBytes);
        if (Used + sizeof(WCHAR) + NameBytes > Room) {
            ULONG NewRoom = (Room ? Room * 2 : 256) + NameBytes;
            PWCHAR New = ExAllocatePoolWithTag(PagedPool, NewRoom, CM_POOL_TAG);
            if (!New) {
                Status = STATUS_INSUFFICIENT_RESOURCES;
                break;
            }
            if (Buffer) {
                memcpy(New, Buffer, Used);
                ExFreePoolWithTag(Buffer, CM_POOL_TAG);
            }
            Buffer = New;
            Room = NewRoom;
        }
        Buffer[Used / sizeof(WCHAR)] = L'\\';
        memcpy((PUCHAR)Buffer + Used + sizeof(WCHAR), Name, NameBytes);
        Used += sizeof(WCHAR) + NameBytes;
    }
    sqlite3_reset(S);
    if (Rc != SQLITE_DONE || !NT_SUCCESS(Status) || !Used) {
        if (Buffer)
            ExFreePoolWithTag(Buffer, CM_POOL_TAG);
        if (!NT_SUCCESS(Status))
            return Status;
        return Used ? STATUS_REGISTRY_IO_FAILED : STATUS_KEY_DELETED;
    }
    *Path = Buffer;
    *Bytes = Used;
    return STATUS_SUCCESS;
}

/* One of the classes both NtQueryKey and NtEnumerateKey return. */
static NTSTATUS CmpFormatKey(const CMP_KEY_DATA *K, KEY_INFORMATION_CLASS Class, PCM_OUTPUT Out,
                             PULONG Needed)
{
    NTSTATUS Status;
    CMP_PART Parts[2];
    ULONG Fixed;

    switch (Class) {
    case KeyBasicInformation: {
        KEY_BASIC_INFORMATION I;
        I.LastWriteTime.QuadPart = K->LastWrite;
        I.TitleIndex = 0;
        I.NameLength = K->NameBytes;
        Fixed = FIELD_OFFSET(KEY_BASIC_INFORMATION, Name);
        Parts[0] = (CMP_PART){ Fixed, K->Name, K->NameBytes };
        return CmpEmit(Out, &I, Fixed, Parts, 1, Fixed + K->NameBytes, Needed);
    }
    case KeyNodeInformation: {
        KEY_NODE_INFORMATION I;
        ULONG Need;
        I.LastWriteTime.QuadPart = K->LastWrite;
        I.TitleIndex = 0;
        I.NameLength = K->NameBytes;
        I.ClassLength = K->ClassBytes;
        Fixed = FIELD_OFFSET(KEY_NODE_INFORMATION, Name);
        Parts[0] = (CMP_PART){ Fixed, K->Name, K->NameBytes };
        if (K->Class) {
            I.ClassOffset = CMP_ALIGN(Fixed + K->NameBytes, sizeof(ULONG));
            Parts[1] = (CMP_PART){ I.ClassOffset, K->Class, K->ClassBytes };
            Need = I.ClassOffset + K->ClassBytes;
        } else {
            I.ClassOffset = 0xFFFFFFFF;
            Parts[1] = (CMP_PART){ 0, NULL, 0 };
            Need = Fixed + K->NameBytes;
        }
        return CmpEmit(Out, &I, Fixed, Parts, 2, Need, Needed);
    }
    case KeyFullInformation:
    case KeyCachedInformation: {
        CMP_KEY_STATS St = { 0 };
        Status = CmpKeyStats(K->Id, &St);
        if (!NT_SUCCESS(Status))
            return Status;
        if (Class == KeyCachedInformation) {
            KEY_CACHED_INFORMATION C;
            memset(&C, 0, sizeof C);
            C.LastWriteTime.QuadPart = K->LastWrite;
            C.SubKeys = St.SubKeys;
            C.MaxNameLen = St.MaxNameLen;
            C.Values = St.Values;
            C.MaxValueNameLen = St.MaxValueNameLen;
            C.MaxValueDataLen = St.MaxValueDataLen;
            C.NameLength = K->NameBytes;
            return CmpEmit(Out, &C, sizeof C, NULL, 0, sizeof C, Needed);
        }
        KEY_FULL_INFORMATION I;
        memset(&I, 0, sizeof I);
        I.LastWriteTime.QuadPart = K->LastWrite;
        Fixed = FIELD_OFFSET(KEY_FULL_INFORMATION, Class);
        I.ClassOffset = K->Class ? Fixed : 0xFFFFFFFF;
        I.ClassLength = K->ClassBytes;
        I.SubKeys = St.SubKeys;
        I.MaxNameLen = St.MaxNameLen;
        I.MaxClassLen = St.MaxClassLen;
        I.Values = St.Values;
        I.MaxValueNameLen = St.MaxValueNameLen;
        I.MaxValueDataLen = St.MaxValueDataLen;
        Parts[0] = (CMP_PART){ Fixed, K->Class, K->ClassBytes };
        return CmpEmit(Out, &I, Fixed, Parts, 1, Fixed + K->ClassBytes, Needed);
    }
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

/* The key's own row (store locked; the data stays valid until S is reset). */
static NTSTATUS CmpReadKey(CM_KEY_ID Id, sqlite3_stmt **Row, CMP_KEY_DATA *K)
{
    NTSTATUS Status = STATUS_SUCCESS;
    sqlite3_stmt *S = CmpStatement(CMS_KEY_GET, &Status);
    int Rc;
    if (!S)
        return Status;
    sqlite3_bind_int64(S, 1, Id);
    Rc = CmpStep(S, &Status);
    if (Rc == SQLITE_DONE)
        return STATUS_KEY_DELETED;
    if (Rc != SQLITE_ROW)
        return Status;
    K->Id = Id;
    K->Flags = (ULONG)sqlite3_column_int(S, 0);
    K->Name = CmpColumnBlob(S, 3, &K->NameBytes);
    if (sqlite3_column_type(S, 4) == SQLITE_NULL) {
        K->Class = NULL;
        K->ClassBytes = 0;
    } else {
        K->Class = CmpColumnBlob(S, 4, &K->ClassBytes);
    }
    K->LastWrite = sqlite3_column_int64(S, 5);
    *Row = S;
    return STATUS_SUCCESS;
}

NTSTATUS CmpQueryKey(CM_KEY_ID Id, KEY_INFORMATION_CLASS Class, PCM_OUTPUT Out, PULONG Needed)
{
    sqlite3_stmt *Row = NULL;
    CMP_KEY_DATA K;
    NTSTATUS Status = CmpReadKey(Id, &Row, &K);
    if (!NT_SUCCESS(Status))
        return Status;

    switch (Class) {
    case KeyBasicInformation:
    case KeyNodeInformation:
    case KeyFullInformation:
    case KeyCachedInformation:
        return CmpFormatKey(&K, Class, Out, Needed);
    case KeyNameInformation: {
        PWCHAR Path = NULL;
        ULONG Bytes = 0;
        KEY_NAME_INFORMATION I;
        CMP_PART Part;
        Status = CmpKeyPath(Id, &Path, &Bytes);
        if (!NT_SUCCESS(Status))
            return Status;
        I.NameLength = Bytes;
        Part = (CMP_PART){ FIELD_OFFSET(KEY_NAME_INFORMATION, Name), Path, Bytes };
        Status = CmpEmit(Out, &I, FIELD_OFFSET(KEY_NAME_INFORMATION, Name), &Part, 1,
                         FIELD_OFFSET(KEY_NAME_INFORMATION, Name) + Bytes, Needed);
        ExFreePoolWithTag(Path, CM_POOL_TAG);
        return Status;
    }
    case KeyVirtualizationInformation: {
        KEY_VIRTUALIZATION_INFORMATION I;
        memset(&I, 0, sizeof I); /* ntio does not virtualize the registry */
        return CmpEmit(Out, &I, sizeof I, NULL, 0, sizeof I, Needed);
    }
    case KeyHandleTagsInformation: {
        KEY_HANDLE_TAGS_INFORMATION I = { 0 };
        return CmpEmit(Out, &I, sizeof I, NULL, 0, sizeof I, Needed);
    }
    case KeyTrustInformation: {
        KEY_TRUST_INFORMATION I;
        memset(&I, 0, sizeof I);
        I.TrustedKey = (K.Flags & CM_KEY_FLAG_TRUSTED) ? 1 : 0;
        return CmpEmit(Out, &I, sizeof I, NULL, 0, sizeof I, Needed);
    }
    case KeyLayerInformation: {
        KEY_LAYER_INFORMATION I;
        memset(&I, 0, sizeof I); /* no layered keys */
        return CmpEmit(Out, &I, sizeof I, NULL, 0, sizeof I, Needed);
    }
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

NTSTATUS CmpEnumerateKey(CM_KEY_ID Id, ULONG Index, KEY_INFORMATION_CLASS Class, PCM_OUTPUT Out,
                         PULONG Needed)
{
    NTSTATUS Status = STATUS_SUCCESS;
    CMP_KEY_DATA K;
    CM_KEY_ROW Row;
    sqlite3_stmt *S;
    int Rc;

    if (Class != KeyBasicInformation && Class != KeyNodeInformation && Class != KeyFullInformation)
        return STATUS_INVALID_PARAMETER;
    S = CmpStatement(CMS_KEY_ENUM, &Status);
    if (!S)
        return Status;
    sqlite3_bind_int64(S, 1, Id);
    sqlite3_bind_int64(S, 2, (sqlite3_int64)Index);
    Rc = CmpStep(S, &Status);
    if (Rc == SQLITE_DONE) {
        sqlite3_reset(S);
        Status = CmpGetKey(Id, &Row);
        return NT_SUCCESS(Status) ? STATUS_NO_MORE_ENTRIES : Status;
    }
    if (Rc != SQLITE_ROW)
        return Status;
    K.Id = sqlite3_column_int64(S, 0);
    K.Name = CmpColumnBlob(S, 1, &K.NameBytes);
    if (sqlite3_column_type(S, 2) == SQLITE_NULL) {
        K.Class = NULL;
        K.ClassBytes = 0;
    } else {
        K.Class = CmpColumnBlob(S, 2, &K.ClassBytes);
    }
    K.LastWrite = sqlite3_column_int64(S, 3);
    K.Flags = 0;
    return CmpFormatKey(&K, Class, Out, Needed);
}
