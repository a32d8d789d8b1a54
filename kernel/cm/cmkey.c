/*
 * cm/cmkey.c - the Key object type and its parse procedure: opening and
 * creating keys by name, following symbolic link keys, and deleting keys.
 *
 * \REGISTRY is a permanent Key object in the object namespace; a name
 * lookup that reaches it hands the rest of the name to CmpParseKey, which
 * walks the store one component at a time (case-insensitively) and makes
 * a new key body for the key it ends at.  NtCreateKey and NtOpenKey call
 * CmpParseKey directly when RootDirectory is a key handle (the object
 * manager's lookup only starts from directories).
 *
 * Creating takes the store's write lock only when the last component is
 * missing, and then walks again inside the transaction, so two creators of
 * the same key (threads or processes) end with one key, one of them
 * REG_CREATED_NEW_KEY and the other REG_OPENED_EXISTING_KEY.
 */
#include "cm.h"
#include "ex/ex.h"

POBJECT_TYPE CmKeyObjectType;

static const WCHAR CmpSymbolicLinkValueName[] = L"SymbolicLinkValue";
#define CMP_SYMLINK_CHARS (RTL_NUMBER_OF(CmpSymbolicLinkValueName) - 1)

/* CmpCreateMissing found the path changed under it: walk again (an error
 * status, so that it stops the steps that follow it). */
#define CMP_STATUS_WALK_AGAIN STATUS_RETRY

/* ------------------------------------------------------------ store level */

NTSTATUS CmpLookupChild(CM_KEY_ID Parent, PCWCH Name, ULONG Chars, PCM_KEY_ROW Row)
{
    UCHAR Upper[CM_MAX_KEY_NAME_CHARS * 2];
    NTSTATUS Status = STATUS_SUCCESS;
    sqlite3_stmt *S;
    int Rc;

    if (Chars > CM_MAX_KEY_NAME_CHARS)
        return STATUS_OBJECT_NAME_INVALID;
    CmpUpcaseName(Name, Chars, Upper);
    S = CmpStatement(CMS_KEY_LOOKUP, &Status);
    if (!S)
        return Status;
    sqlite3_bind_int64(S, 1, Parent);
    CmpBindBlob(S, 2, Upper, Chars * 2);
    Rc = CmpStep(S, &Status);
    if (Rc == SQLITE_ROW) {
        Row->Id = sqlite3_column_int64(S, 0);
        Row->Flags = (ULONG)sqlite3_column_int(S, 1);
        Row->Volatile = sqlite3_column_int(S, 2) != 0;
        Status = STATUS_SUCCESS;
    } else if (Rc == SQLITE_DONE) {
        Status = STATUS_OBJECT_NAME_NOT_FOUND;
    }
    sqlite3_reset(S);
    return Status;
}

NTSTATUS CmpGetKey(CM_KEY_ID Id, PCM_KEY_ROW Row)
{
    NTSTATUS Status = STATUS_SUCCESS;
    sqlite3_stmt *S = CmpStatement(CMS_KEY_GET, &Status);
    int Rc;
    if (!S)
        return Status;
    sqlite3_bind_int64(S, 1, Id);
    Rc = CmpStep(S, &Status);
    if (Rc == SQLITE_ROW) {
        Row->Id = Id;
        Row->Flags = (ULONG)sqlite3_column_int(S, 0);
        Row->Volatile = sqlite3_column_int(S, 1) != 0;
        Status = STATUS_SUCCESS;
    } else if (Rc == SQLITE_DONE) {
        Status = STATUS_KEY_DELETED;
    }
    sqlite3_reset(S);
    return Status;
}

NTSTATUS CmpGetKeySecurity(CM_KEY_ID Id, PSECURITY_DESCRIPTOR *Descriptor)
{
    NTSTATUS Status = STATUS_SUCCESS;
    sqlite3_stmt *S = CmpStatement(CMS_KEY_SD, &Status);
    int Rc;
    *Descriptor = NULL;
    if (!S)
        return Status;
    sqlite3_bind_int64(S, 1, Id);
    Rc = CmpStep(S, &Status);
    if (Rc == SQLITE_ROW) {
        ULONG Bytes;
        const void *Blob = CmpColumnBlob(S, 0, &Bytes);
        /* The database is outside the kernel's control: never follow an
         * offset it holds without checking it. */
        if (!Blob || !SepValidRelativeDescriptor(Blob, Bytes)) {
            Status = CmpSqliteStatus(SQLITE_CORRUPT, "a key's security descriptor is damaged");
        } else if (!(*Descriptor = ExAllocatePoolWithTag(PagedPool, Bytes, CM_POOL_TAG))) {
            Status = STATUS_INSUFFICIENT_RESOURCES;
        } else {
            memcpy(*Descriptor, Blob, Bytes);
            Status = STATUS_SUCCESS;
        }
    } else if (Rc == SQLITE_DONE) {
        Status = STATUS_KEY_DELETED;
    }
    sqlite3_reset(S);
    return Status;
}

NTSTATUS CmpInsertKey(CM_KEY_ID Parent, PCWCH Name, ULONG Chars, PCUNICODE_STRING Class, ULONG Flags,
                      BOOLEAN Volatile, PSECURITY_DESCRIPTOR Descriptor, CM_KEY_ID *Id)
{
    UCHAR Upper[CM_MAX_KEY_NAME_CHARS * 2];
    NTSTATUS Status = STATUS_SUCCESS;
    sqlite3_stmt *S;

    if (Chars > CM_MAX_KEY_NAME_CHARS)
        return STATUS_OBJECT_NAME_INVALID;
    CmpUpcaseName(Name, Chars, Upper);
    S = CmpStatement(CMS_KEY_INSERT, &Status);
    if (!S)
        return Status;
    if (Parent)
        sqlite3_bind_int64(S, 1, Parent);
    else
        sqlite3_bind_null(S, 1);
    CmpBindBlob(S, 2, Name, Chars * 2);
    CmpBindBlob(S, 3, Upper, Chars * 2);
    if (Class && Class->Length)
        CmpBindBlob(S, 4, Class->Buffer, Class->Length);
    else
        sqlite3_bind_null(S, 4);
    sqlite3_bind_int64(S, 5, CmpNow());
    sqlite3_bind_int(S, 6, (int)Flags);
    if (Volatile)
        sqlite3_bind_text(S, 7, CmpCurrentInstance(), -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(S, 7);
    CmpBindBlob(S, 8, Descriptor, CmpSecurityLength(Descriptor));
    if (CmpStep(S, &Status) != SQLITE_DONE)
        return Status;
    sqlite3_reset(S);
    *Id = sqlite3_last_insert_rowid(sqlite3_db_handle(S));
    return STATUS_SUCCESS;
}

NTSTATUS CmpTouchKey(CM_KEY_ID Id)
{
    NTSTATUS Status = STATUS_SUCCESS;
    sqlite3_stmt *S = CmpStatement(CMS_KEY_TOUCH, &Status);
    if (!S)
        return Status;
    sqlite3_bind_int64(S, 1, Id);
    sqlite3_bind_int64(S, 2, CmpNow());
    if (CmpStep(S, &Status) != SQLITE_DONE)
        return Status;
    sqlite3_reset(S);
    return STATUS_SUCCESS;
}

/* The parent of a key (0 for the root). */
static NTSTATUS CmpGetParent(CM_KEY_ID Id, CM_KEY_ID *Parent, ULONG *Flags)
{
    NTSTATUS Status = STATUS_SUCCESS;
    sqlite3_stmt *S = CmpStatement(CMS_KEY_GET, &Status);
    int Rc;
    if (!S)
        return Status;
    sqlite3_bind_int64(S, 1, Id);
    Rc = CmpStep(S, &Status);
    if (Rc == SQLITE_ROW) {
        *Flags = (ULONG)sqlite3_column_int(S, 0);
        *Parent = sqlite3_column_int64(S, 2);
        Status = STATUS_SUCCESS;
    } else if (Rc == SQLITE_DONE) {
        Status = STATUS_KEY_DELETED;
    }
    sqlite3_reset(S);
    return Status;
}

NTSTATUS CmpDeleteKey(CM_KEY_ID Id)
{
    NTSTATUS Status = CmpLockStore();
    CM_KEY_ID Parent = 0;
    ULONG Flags = 0;
    sqlite3_stmt *S;

    if (!NT_SUCCESS(Status))
        return Status;
    Status = CmpBeginWrite();
    if (!NT_SUCCESS(Status))
        goto out;
    Status = CmpGetParent(Id, &Parent, &Flags);
    if (Status == STATUS_KEY_DELETED) {
        /* Deleted already (by this or another handle): nothing to do. */
        Status = CmpEndWrite(STATUS_SUCCESS);
        goto out;
    }
    if (NT_SUCCESS(Status) && (Flags & CM_KEY_FLAG_NO_DELETE))
        Status = STATUS_CANNOT_DELETE;
    if (NT_SUCCESS(Status) && (S = CmpStatement(CMS_KEY_HAS_CHILD, &Status))) {
        sqlite3_bind_int64(S, 1, Id);
        int Rc = CmpStep(S, &Status);
        if (Rc == SQLITE_ROW)
            Status = STATUS_CANNOT_DELETE; /* Windows deletes leaves only */
        sqlite3_reset(S);
    }
    if (NT_SUCCESS(Status) && (S = CmpStatement(CMS_KEY_DELETE, &Status))) {
        sqlite3_bind_int64(S, 1, Id);
        if (CmpStep(S, &Status) == SQLITE_DONE)
            sqlite3_reset(S);
    }
    if (NT_SUCCESS(Status) && Parent)
        Status = CmpTouchKey(Parent);
    Status = CmpEndWrite(Status);
out:
    CmpUnlockStore();
    return Status;
}

/* --------------------------------------------------------------- objects */

NTSTATUS CmpCreateKeyBody(CM_KEY_ID Id, PCM_KEY_BODY *Body)
{
    PCM_KEY_BODY New;
    NTSTATUS Status = ObCreateObject(CmKeyObjectType, sizeof(CM_KEY_BODY), (PVOID *)&New);
    if (!NT_SUCCESS(Status))
        return Status;
    New->Signature = CM_KEY_BODY_SIGNATURE;
    New->RegistryRoot = FALSE;
    New->KeyId = Id;
    *Body = New;
    return STATUS_SUCCESS;
}

/* The target of a link key, a new pool string (UTF-16, Chars long). */
static NTSTATUS CmpReadLinkTarget(CM_KEY_ID Link, PWCHAR *Target, ULONG *Chars)
{
    UCHAR Upper[CMP_SYMLINK_CHARS * 2];
    NTSTATUS Status = STATUS_SUCCESS;
    sqlite3_stmt *S = CmpStatement(CMS_VALUE_GET, &Status);
    int Rc;
    *Target = NULL;
    if (!S)
        return Status;
    CmpUpcaseName(CmpSymbolicLinkValueName, CMP_SYMLINK_CHARS, Upper);
    sqlite3_bind_int64(S, 1, Link);
    CmpBindBlob(S, 2, Upper, sizeof Upper);
    Rc = CmpStep(S, &Status);
    if (Rc == SQLITE_DONE) {
        Status = STATUS_OBJECT_NAME_NOT_FOUND; /* a link to nowhere */
    } else if (Rc == SQLITE_ROW) {
        ULONG Bytes;
        const void *Data = CmpColumnBlob(S, 2, &Bytes);
        if (sqlite3_column_int(S, 1) != REG_LINK || Bytes < sizeof(WCHAR) || (Bytes & 1) ||
            Bytes > UNICODE_STRING_MAX_BYTES) {
            Status = STATUS_OBJECT_NAME_NOT_FOUND;
        } else if (!(*Target = ExAllocatePoolWithTag(PagedPool, Bytes, CM_POOL_TAG))) {
            Status = STATUS_INSUFFICIENT_RESOURCES;
        } else {
            memcpy(*Target, Data, Bytes);
            *Chars = Bytes / sizeof(WCHAR);
            Status = STATUS_SUCCESS;
        }
    }
    sqlite3_reset(S);
    return Status;
}

BOOLEAN CmpSplitRegistryPath(PCUNICODE_STRING Name, PUNICODE_STRING Rest)
{
    static const WCHAR Registry[] = L"\\REGISTRY";
    const USHORT n = RTL_NUMBER_OF(Registry) - 1;
    USHORT Chars = Name->Length / sizeof(WCHAR);
    if (Chars < n)
        return FALSE;
    for (USHORT i = 0; i < n; i++)
        if (RtlUpcaseUnicodeChar(Name->Buffer[i]) != Registry[i])
            return FALSE;
    if (Chars > n && Name->Buffer[n] != L'\\')
        return FALSE;
    Rest->Buffer = Name->Buffer + n;
    Rest->Length = Rest->MaximumLength = (USHORT)((Chars - n) * sizeof(WCHAR));
    return TRUE;
}

/* Does Path[0..Chars) start with the component "REGISTRY" (an absolute
 * registry path)?  *After: the index just past it. */
static BOOLEAN CmpIsRegistryPath(PCWCH Path, ULONG Chars, ULONG *After)
{
    static const WCHAR Registry[] = L"\\REGISTRY";
    const ULONG n = RTL_NUMBER_OF(Registry) - 1;
    if (Chars < n)
        return FALSE;
    for (ULONG i = 0; i < n; i++)
        if (RtlUpcaseUnicodeChar(Path[i]) != Registry[i])
            return FALSE;
    if (Chars > n && Path[n] != L'\\')
        return FALSE;
    *After = n;
    return TRUE;
}

typedef struct _CMP_WALK {
    PWCHAR Path;        /* the name left to walk (pool) */
    ULONG Chars;
    CM_KEY_ID Start;    /* where it starts */
} CMP_WALK;

/* Replace Walk's path by Target + the components after Consumed, starting
 * from the root (Target is absolute: \REGISTRY\...). */
static NTSTATUS CmpReparse(CMP_WALK *Walk, PWCHAR Target, ULONG TargetChars, ULONG Consumed)
{
    ULONG After;
    ULONG Rest = Walk->Chars - Consumed;
    if (!CmpIsRegistryPath(Target, TargetChars, &After))
        return STATUS_OBJECT_NAME_NOT_FOUND; /* a relative or foreign target */
    ULONG NewChars = (TargetChars - After) + Rest;
    if ((ULONGLONG)NewChars * sizeof(WCHAR) > UNICODE_STRING_MAX_BYTES)
        return STATUS_NAME_TOO_LONG;
    PWCHAR New = ExAllocatePoolWithTag(PagedPool, (NewChars + 1) * sizeof(WCHAR), CM_POOL_TAG);
    if (!New)
        return STATUS_INSUFFICIENT_RESOURCES;
    memcpy(New, Target + After, (TargetChars - After) * sizeof(WCHAR));
    memcpy(New + (TargetChars - After), Walk->Path + Consumed, Rest * sizeof(WCHAR));
    ExFreePoolWithTag(Walk->Path, CM_POOL_TAG);
    Walk->Path = New;
    Walk->Chars = NewChars;
    Walk->Start = CmpRootKeyId;
    return STATUS_SUCCESS;
}

typedef enum _CMP_WALK_RESULT {
    CmpWalkFound,    /* *Key is the key named */
    CmpWalkMissing,  /* the last component is missing; *Key its parent */
    CmpWalkReparse,  /* a link was met: Walk now holds the new path */
} CMP_WALK_RESULT;

/* Walk the path (store locked).  Create: whether a missing last component
 * may be created; CreateLink: REG_OPTION_CREATE_LINK. */
static NTSTATUS CmpWalk(CMP_WALK *Walk, ULONG Attributes, BOOLEAN Create, BOOLEAN CreateLink,
                        PCM_KEY_ROW Key, CMP_WALK_RESULT *Result, ULONG *LastStart, ULONG *LastChars)
{
    ULONG Pos = 0, Start, Chars;
    NTSTATUS Status = CmpGetKey(Walk->Start, Key);
    if (!NT_SUCCESS(Status))
        return Status;
    BOOLEAN Have = CmpNextComponent(Walk->Path, Walk->Chars, &Pos, &Start, &Chars);
    while (Have) {
        ULONG NextStart, NextChars, After = Pos;
        BOOLEAN Last = !CmpNextComponent(Walk->Path, Walk->Chars, &After, &NextStart, &NextChars);
        CM_KEY_ROW Child;
        if (Chars > CM_MAX_KEY_NAME_CHARS)
            return STATUS_OBJECT_NAME_INVALID;
        Status = CmpLookupChild(Key->Id, Walk->Path + Start, Chars, &Child);
        if (Status == STATUS_OBJECT_NAME_NOT_FOUND) {
            if (Last && Create) {
                *LastStart = Start;
                *LastChars = Chars;
                *Result = CmpWalkMissing;
                return STATUS_SUCCESS;
            }
            return STATUS_OBJECT_NAME_NOT_FOUND;
        }
        if (!NT_SUCCESS(Status))
            return Status;
        if (Last && Create && CreateLink)
            return STATUS_OBJECT_NAME_COLLISION;
        if ((Child.Flags & CM_KEY_FLAG_LINK) && !(Last && (Attributes & OBJ_OPENLINK))) {
            PWCHAR Target = NULL;
            ULONG TargetChars = 0;
            Status = CmpReadLinkTarget(Child.Id, &Target, &TargetChars);
            if (!NT_SUCCESS(Status))
                return Status;
            Status = CmpReparse(Walk, Target, TargetChars, Pos);
            ExFreePoolWithTag(Target, CM_POOL_TAG);
            if (!NT_SUCCESS(Status))
                return Status;
            *Result = CmpWalkReparse;
            return STATUS_SUCCESS;
        }
        *Key = Child;
        Start = NextStart;
        Chars = NextChars;
        Pos = After;
        Have = !Last;
    }
    *Result = CmpWalkFound;
    return STATUS_SUCCESS;
}

/* Create the missing last component under Walk's path (store locked,
 * outside any transaction).  CMP_STATUS_WALK_AGAIN: walk again (the key appeared,
 * or a link was met, meanwhile). */
static NTSTATUS CmpCreateMissing(CMP_WALK *Walk, ULONG Attributes, KPROCESSOR_MODE Mode,
                                 PCM_PARSE_CONTEXT Ctx, CM_KEY_ID *Created)
{
    CM_KEY_ROW Parent;
    CMP_WALK_RESULT Result;
    ULONG Start = 0, Chars = 0;
    PSECURITY_DESCRIPTOR ParentSd = NULL, NewSd = NULL;
    ACCESS_MASK Granted;
    NTSTATUS Status = CmpBeginWrite();
    if (!NT_SUCCESS(Status))
        return Status;
    Status = CmpWalk(Walk, Attributes, TRUE, (Ctx->CreateOptions & REG_OPTION_CREATE_LINK) != 0, &Parent,
                     &Result, &Start, &Chars);
    if (NT_SUCCESS(Status) && Result != CmpWalkMissing)
        Status = CMP_STATUS_WALK_AGAIN; /* created by someone else, or a link: walk again */
    if (NT_SUCCESS(Status) && Parent.Volatile && !(Ctx->CreateOptions & REG_OPTION_VOLATILE))
        Status = STATUS_CHILD_MUST_BE_VOLATILE;
    /* The creator gets what it asks without a check, but not a right that
     * takes a privilege (SeSecurityPrivilege, held by no ntio caller). */
    if (NT_SUCCESS(Status) && (Ctx->DesiredAccess & ACCESS_SYSTEM_SECURITY) &&
        (Mode == UserMode || (Attributes & OBJ_FORCE_ACCESS_CHECK)))
        Status = STATUS_PRIVILEGE_NOT_HELD;
    if (NT_SUCCESS(Status))
        Status = CmpGetKeySecurity(Parent.Id, &ParentSd);
    if (NT_SUCCESS(Status))
        Status = CmpAccessCheck(ParentSd,
                                KEY_CREATE_SUB_KEY |
                                    ((Ctx->CreateOptions & REG_OPTION_CREATE_LINK) ? KEY_CREATE_LINK : 0),
                                Mode, Attributes, &Granted);
    if (NT_SUCCESS(Status))
        Status = CmpAssignSecurity(ParentSd, Ctx->Descriptor, &NewSd);
    if (NT_SUCCESS(Status)) {
        ULONG Flags = (Parent.Flags & CM_KEY_FLAG_TRUSTED) |
                      ((Ctx->CreateOptions & REG_OPTION_CREATE_LINK) ? CM_KEY_FLAG_LINK : 0);
        Status = CmpInsertKey(Parent.Id, Walk->Path + Start, Chars, Ctx->Class, Flags,
                              (Ctx->CreateOptions & REG_OPTION_VOLATILE) != 0, NewSd, Created);
    }
    if (NT_SUCCESS(Status))
        Status = CmpTouchKey(Parent.Id);
    if (Status == CMP_STATUS_WALK_AGAIN)
        CmpRollback();
    else
        Status = CmpEndWrite(Status);
    if (ParentSd)
        ExFreePoolWithTag(ParentSd, CM_POOL_TAG);
    if (NewSd)
        ExFreePoolWithTag(NewSd, CM_POOL_TAG);
    return Status;
}

/* Open or create; the key's id and the access granted. */
static NTSTATUS CmpOpenOrCreate(CMP_WALK *Walk, ULONG Attributes, KPROCESSOR_MODE Mode,
                                PCM_PARSE_CONTEXT Ctx, CM_KEY_ID *Id)
{
    BOOLEAN Create = Ctx && Ctx->Create;
    BOOLEAN CreateLink = Create && (Ctx->CreateOptions & REG_OPTION_CREATE_LINK);
    NTSTATUS Status;

    for (int Round = 0; Round <= CM_MAX_REPARSE; Round++) {
        CM_KEY_ROW Key;
        CMP_WALK_RESULT Result;
        ULONG Start, Chars;
        PSECURITY_DESCRIPTOR Sd = NULL;

        Status = CmpLockStore();
        if (!NT_SUCCESS(Status))
            return Status;
        if (!Walk->Start)
            Walk->Start = CmpRootKeyId; /* the store opened only now */
        Status = CmpWalk(Walk, Attributes, Create, CreateLink, &Key, &Result, &Start, &Chars);
        if (NT_SUCCESS(Status) && Result == CmpWalkFound) {
            Status = CmpGetKeySecurity(Key.Id, &Sd);
        } else if (NT_SUCCESS(Status) && Result == CmpWalkMissing) {
            Status = CmpCreateMissing(Walk, Attributes, Mode, Ctx, Id);
            CmpUnlockStore();
            if (Status == CMP_STATUS_WALK_AGAIN)
                continue;
            if (NT_SUCCESS(Status)) {
                /* The creator gets the access it asked for (the new key's
                 * descriptor is not checked against its creator). */
                ACCESS_MASK Want = Ctx->DesiredAccess & ~(ACCESS_MASK)KEY_WOW64_RES;
                Ctx->GrantedAccess = (Want & MAXIMUM_ALLOWED)
                                         ? KEY_ALL_ACCESS
                                         : SepMapGenericMask(Want, &CmKeyMapping);
                Ctx->Disposition = REG_CREATED_NEW_KEY;
            }
            return Status;
        }
        CmpUnlockStore();
        if (!NT_SUCCESS(Status))
            return Status;
        if (Result == CmpWalkReparse)
            continue;

        /* Found: check the caller may have what it asks. */
        if (Ctx) {
            Status = CmpAccessCheck(Sd, Ctx->DesiredAccess, Mode, Attributes, &Ctx->GrantedAccess);
            Ctx->Disposition = REG_OPENED_EXISTING_KEY;
        }
        ExFreePoolWithTag(Sd, CM_POOL_TAG);
        if (NT_SUCCESS(Status))
            *Id = Key.Id;
        return Status;
    }
    /* Links that lead to links, round and round. */
    return STATUS_NAME_TOO_LONG;
}

NTSTATUS CmpParseKey(PVOID ParseObject, KPROCESSOR_MODE AccessMode, ULONG Attributes,
                     PUNICODE_STRING CompleteName, PUNICODE_STRING RemainingName, PVOID Context,
                     PVOID *Object)
{
    PCM_KEY_BODY Start = ParseObject;
    PCM_PARSE_CONTEXT Ctx = Context;
    CMP_WALK Walk;
    CM_KEY_ID Id = 0;
    PCM_KEY_BODY Body;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(CompleteName);
    *Object = NULL;
    /* Another component's lookup context has no business here. */
    if (Ctx && Ctx->Signature != CM_PARSE_SIGNATURE)
        return STATUS_OBJECT_TYPE_MISMATCH;
    if (Ctx && Ctx->Create && (Ctx->CreateOptions & REG_OPTION_CREATE_LINK) &&
        !(RemainingName && RemainingName->Length))
        return STATUS_OBJECT_NAME_COLLISION; /* the starting key exists */

    Walk.Chars = RemainingName ? RemainingName->Length / sizeof(WCHAR) : 0;
    Walk.Path = ExAllocatePoolWithTag(PagedPool, (Walk.Chars + 1) * sizeof(WCHAR), CM_POOL_TAG);
    if (!Walk.Path)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (Walk.Chars)
        memcpy(Walk.Path, RemainingName->Buffer, Walk.Chars * sizeof(WCHAR));
    Walk.Start = CmpKeyIdOf(Start);

    Status = CmpOpenOrCreate(&Walk, Attributes, AccessMode, Ctx, &Id);
    ExFreePoolWithTag(Walk.Path, CM_POOL_TAG);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = CmpCreateKeyBody(Id, &Body);
    if (NT_SUCCESS(Status))
        *Object = Body;
    return Status;
}

VOID CmpInitializeKeyType(VOID)
{
    static const OBJECT_TYPE_INITIALIZER Init = {
        .WaitObjectOffset = OB_NOT_WAITABLE,
        .GenericMapping = { KEY_READ, KEY_WRITE, KEY_EXECUTE, KEY_ALL_ACCESS },
        .ValidAccessMask = KEY_ALL_ACCESS | SYNCHRONIZE | ACCESS_SYSTEM_SECURITY,
        .PoolTag = TAG('K', 'e', 'y', ' '),
        .ParseProcedure = CmpParseKey,
    };
    CmKeyObjectType = ObpCreateObjectType(L"Key", &Init);
}
