/*
 * cm/cminit.c - starting the configuration manager: the Key type, the
 * \REGISTRY object, and the predefined tree, created where missing:
 *
 *   \REGISTRY
 *     MACHINE
 *       SYSTEM\CurrentControlSet\{Services, Control, Enum, Hardware Profiles\Current}
 *       SOFTWARE\Microsoft\Windows NT\CurrentVersion, SOFTWARE\Classes
 *       HARDWARE (volatile)\{DESCRIPTION\System, DEVICEMAP, RESOURCEMAP}
 *     USER
 *       .DEFAULT\Software
 *       <SID of the current user>\Software
 *
 * The store is opened here (CmpLockStore runs CmpInitializeStore the first
 * time, and again in a forked child); when it cannot be, the reason is
 * printed, the kernel runs on, and every registry service returns the
 * store's error until a later call succeeds in opening it.
 */
#include "cm.h"
#include "ex/ex.h"
#include "rtl/nls.h"

#include <stdio.h>

BOOLEAN CmpTreeReady;   /* guarded by the store lock */
PCM_KEY_BODY CmpRegistryRootObject; /* set once by CmInitSystem */
CM_KEY_ID CmpRootKeyId; /* written under the store lock; never changes once set */

typedef struct _CMP_PREDEFINED {
    int Parent;           /* index in the table; -1: the root */
    const WCHAR *Name;    /* NULL: the current user's SID */
    BOOLEAN Volatile;
    int Security;         /* a CMP_DEFAULT_SD, or -1: inherited from the parent */
    ULONG Flags;
} CMP_PREDEFINED;

enum { CmpInherit = -1 };
#define HIVE (CM_KEY_FLAG_NO_DELETE | CM_KEY_FLAG_TRUSTED)
#define TRUSTED CM_KEY_FLAG_TRUSTED

static const CMP_PREDEFINED CmpTree[] = {
    /* 0 */ { -1, L"REGISTRY", FALSE, CmpSdUserRoot, CM_KEY_FLAG_NO_DELETE },
    /* 1 */ { 0, L"MACHINE", FALSE, CmpSdMachine, CM_KEY_FLAG_NO_DELETE },
    /* 2 */ { 1, L"SYSTEM", FALSE, CmpInherit, HIVE },
    /* 3 */ { 2, L"CurrentControlSet", FALSE, CmpInherit, TRUSTED },
    /* 4 */ { 3, L"Services", FALSE, CmpInherit, TRUSTED },
    /* 5 */ { 3, L"Control", FALSE, CmpInherit, TRUSTED },
    /* 6 */ { 3, L"Enum", FALSE, CmpInherit, TRUSTED },
    /* 7 */ { 1, L"SOFTWARE", FALSE, CmpInherit, HIVE },
    /* 8 */ { 7, L"Microsoft", FALSE, CmpInherit, TRUSTED },
    /* 9 */ { 8, L"Windows NT", FALSE, CmpInherit, TRUSTED },
    /* 10 */ { 9, L"CurrentVersion", FALSE, CmpInherit, TRUSTED },
    /* 11 */ { 7, L"Classes", FALSE, CmpInherit, TRUSTED },
    /* 12 */ { 1, L"HARDWARE", TRUE, CmpInherit, HIVE },
    /* 13 */ { 12, L"DESCRIPTION", TRUE, CmpInherit, TRUSTED },
    /* 14 */ { 13, L"System", TRUE, CmpInherit, TRUSTED },
    /* 15 */ { 12, L"DEVICEMAP", TRUE, CmpInherit, TRUSTED },
    /* 16 */ { 12, L"RESOURCEMAP", TRUE, CmpInherit, TRUSTED },
    /* 17 */ { 0, L"USER", FALSE, CmpSdUserRoot, CM_KEY_FLAG_NO_DELETE },
    /* 18 */ { 17, L".DEFAULT", FALSE, CmpSdDefaultUser, CM_KEY_FLAG_NO_DELETE },
    /* 19 */ { 18, L"Software", FALSE, CmpInherit, 0 },
    /* 20 */ { 17, NULL, FALSE, CmpSdUserHive, CM_KEY_FLAG_NO_DELETE },
    /* 21 */ { 20, L"Software", FALSE, CmpInherit, 0 },
    /* 22 */ { 3, L"Hardware Profiles", FALSE, CmpInherit, TRUSTED },
    /* 23 */ { 22, L"Current", FALSE, CmpInherit, TRUSTED },   /* HKEY_CURRENT_CONFIG */
};
#define CMP_CURRENT_VERSION 10
#define CMP_TREE_SIZE (sizeof CmpTree / sizeof CmpTree[0])

/* Values a key of the tree gets when it is created. */
static NTSTATUS CmpSeedValues(int Index, CM_KEY_ID Id)
{
    if (Index == CMP_CURRENT_VERSION) {
        static const WCHAR Name[] = L"SystemRoot", Data[] = L"C:\\windows";
        return CmpSetValue(Id, Name, RTL_NUMBER_OF(Name) - 1, REG_SZ, Data, sizeof Data);
    }
    return STATUS_SUCCESS;
}

/* Find (and with Create, make) every key of the tree; Missing: whether one
 * was missing. */
static NTSTATUS CmpWalkTree(BOOLEAN Create, CM_KEY_ID *Ids, BOOLEAN *Missing)
{
    WCHAR Sid[64];
    NTSTATUS Status = STATUS_SUCCESS;
    CmpCurrentUserSidString(Sid, RTL_NUMBER_OF(Sid));
    *Missing = FALSE;

    for (size_t i = 0; i < CMP_TREE_SIZE; i++) {
        const CMP_PREDEFINED *P = &CmpTree[i];
        const WCHAR *Name = P->Name ? P->Name : Sid;
        ULONG Chars = (ULONG)RtlpWcslen(Name);
        CM_KEY_ROW Row;

        if (P->Parent < 0) {
            sqlite3_stmt *S = CmpStatement(CMS_ROOT, &Status);
            if (!S)
                return Status;
            int Rc = CmpStep(S, &Status);
            if (Rc == SQLITE_ROW) {
                Ids[i] = sqlite3_column_int64(S, 0);
                sqlite3_reset(S);
                continue;
            }
            if (Rc != SQLITE_DONE)
                return Status;
            sqlite3_reset(S);
            Status = STATUS_OBJECT_NAME_NOT_FOUND;
        } else {
            Status = CmpLookupChild(Ids[P->Parent], Name, Chars, &Row);
            if (NT_SUCCESS(Status)) {
                Ids[i] = Row.Id;
                continue;
            }
        }
        if (Status != STATUS_OBJECT_NAME_NOT_FOUND)
            return Status;
        *Missing = TRUE;
        if (!Create)
            return STATUS_SUCCESS;

        PSECURITY_DESCRIPTOR Sd = NULL, ParentSd = NULL;
        if (P->Security != CmpInherit) {
            Status = CmpDefaultSecurity((CMP_DEFAULT_SD)P->Security, &Sd);
        } else {
            Status = CmpGetKeySecurity(Ids[P->Parent], &ParentSd);
            if (NT_SUCCESS(Status))
                Status = CmpAssignSecurity(ParentSd, NULL, &Sd);
            if (ParentSd)
                ExFreePoolWithTag(ParentSd, CM_POOL_TAG);
        }
        if (NT_SUCCESS(Status))
            Status = CmpInsertKey(P->Parent < 0 ? 0 : Ids[P->Parent], Name, Chars, NULL, P->Flags,
                                  P->Volatile, Sd, &Ids[i]);
        if (Sd)
            ExFreePool(Sd);
        if (NT_SUCCESS(Status))
            Status = CmpSeedValues((int)i, Ids[i]);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    return STATUS_SUCCESS;
}

NTSTATUS CmpInitializeStore(VOID)
{
    CM_KEY_ID Ids[CMP_TREE_SIZE];
    BOOLEAN Missing;
    NTSTATUS Status;

    /* The keys of instances that have ended go first, so that a volatile
     * key of the tree they owned is made again below. */
    Status = CmpCleanVolatileKeys();
    if (!NT_SUCCESS(Status))
        return Status;
    Status = CmpWalkTree(FALSE, Ids, &Missing);
    if (NT_SUCCESS(Status) && Missing) {
        Status = CmpBeginWrite();
        if (NT_SUCCESS(Status))
            Status = CmpEndWrite(CmpWalkTree(TRUE, Ids, &Missing));
    }
    if (!NT_SUCCESS(Status))
        return Status;
    __atomic_store_n(&CmpRootKeyId, Ids[0], __ATOMIC_RELEASE);
    CmpTreeReady = TRUE;
    return STATUS_SUCCESS;
}

VOID CmInitSystem(VOID)
{
    PCM_KEY_BODY Root;
    UNICODE_STRING Name;
    NTSTATUS Status;

    CmpInitializeKeyType();
    if (!CmKeyObjectType)
        return;
    Status = ObCreateObject(CmKeyObjectType, sizeof(CM_KEY_BODY), (PVOID *)&Root);
    if (NT_SUCCESS(Status)) {
        Root->Signature = CM_KEY_BODY_SIGNATURE;
        Root->RegistryRoot = TRUE;
        Root->KeyId = 0;
        RtlInitUnicodeString(&Name, L"\\REGISTRY");
        Status = ObpInsertName(Root, &Name, OBJ_PERMANENT, NULL);
        if (NT_SUCCESS(Status))
            CmpRegistryRootObject = Root;
        ObfDereferenceObject(Root); /* the name holds it, for good (permanent) */
    }
    if (!NT_SUCCESS(Status)) {
        fprintf(stderr, "ntio: cannot create \\REGISTRY (status 0x%08X)\n", (unsigned)Status);
        return;
    }
    /* Open the store now: the tree, and the volatile keys of instances
     * that have ended.  A failure was reported; the services retry. */
    if (NT_SUCCESS(CmpLockStore()))
        CmpUnlockStore();
}
