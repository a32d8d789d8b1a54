/*
 * ob/obhandle.c - handle tables and the handle-based object calls
 * (ObReferenceObjectByHandle, ObInsertObject, NtClose).
 *
 * A table is a fixed directory of lazily allocated pages of entries; pages
 * are never freed while the table lives, so a lookup indexes without a
 * table lock.  Each entry's object pointer has a lock bit (bit 0): a lookup
 * sets it while it takes its reference, and close sets it while it clears
 * the entry, so a reference can never be taken on an object that a
 * concurrent close is releasing.  Allocation and free of entries go
 * through the table's mutex and a free list.
 *
 * Handle values are multiples of 4 starting at 4, as on Windows; handles
 * in the System process's table (OBJ_KERNEL_HANDLE) carry the sign bit, and
 * user mode cannot use them.
 */
#include "ob.h"
#include "ex/ex.h"
#include "ps/ps.h"

#include <pthread.h>

#define HT_ENTRIES_PER_PAGE 512
#define HT_PAGES 1024
#define HT_MAX_HANDLES (HT_ENTRIES_PER_PAGE * HT_PAGES)
#define KERNEL_HANDLE_MASK ((ULONG_PTR)0xFFFFFFFF80000000ULL)
#define ENTRY_LOCK ((ULONG_PTR)1)
#define OBP_GENERIC_RIGHTS (GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL)

typedef struct _HANDLE_TABLE_ENTRY {
    volatile ULONG_PTR Object;    /* body pointer | ENTRY_LOCK; 0 when free */
    ACCESS_MASK GrantedAccess;
    ULONG NextFree;               /* index+1 of the next free entry, while free */
} HANDLE_TABLE_ENTRY, *PHANDLE_TABLE_ENTRY;

typedef struct _HANDLE_TABLE {
    PHANDLE_TABLE_ENTRY volatile Pages[HT_PAGES];
    pthread_mutex_t Lock;         /* guards allocation, FreeHead, NextUnused */
    ULONG FreeHead;               /* index+1, 0 = none */
    ULONG NextUnused;
    volatile LONG HandleCount;
} HANDLE_TABLE;

PHANDLE_TABLE ObpCreateHandleTable(VOID)
{
    PHANDLE_TABLE T = ExpAllocatePool(NonPagedPool, sizeof(HANDLE_TABLE), TAG('O', 'b', 'h', 't'),
                                      __builtin_return_address(0));
    if (!T)
        return NULL;
    memset(T, 0, sizeof *T);
    pthread_mutex_init(&T->Lock, NULL);
    return T;
}

VOID ObpDestroyHandleTable(PHANDLE_TABLE T)
{
    for (ULONG i = 0; i < HT_PAGES; i++)
        if (T->Pages[i])
            ExpFreePool(T->Pages[i], 0, FALSE, NULL);
    pthread_mutex_destroy(&T->Lock);
    ExpFreePool(T, 0, FALSE, NULL);
}

ULONG ObpHandleCount(PHANDLE_TABLE T)
{
    return (ULONG)__atomic_load_n(&T->HandleCount, __ATOMIC_RELAXED);
}

static PHANDLE_TABLE_ENTRY ObpEntry(PHANDLE_TABLE T, ULONG Index)
{
    PHANDLE_TABLE_ENTRY Page = __atomic_load_n(&T->Pages[Index / HT_ENTRIES_PER_PAGE],
                                               __ATOMIC_ACQUIRE);
    return Page ? &Page[Index % HT_ENTRIES_PER_PAGE] : NULL;
}

static BOOLEAN ObpIsKernelHandle(HANDLE Handle)
{
    return ((ULONG_PTR)Handle & KERNEL_HANDLE_MASK) == KERNEL_HANDLE_MASK &&
           (LONG_PTR)Handle < -2 - 0xFFFF; /* not a pseudo-handle */
}

/* Map a handle value to (table, index); FALSE if malformed. */
static BOOLEAN ObpDecodeHandle(HANDLE Handle, KPROCESSOR_MODE AccessMode, PHANDLE_TABLE *Table,
                               ULONG *Index)
{
    ULONG_PTR v = (ULONG_PTR)Handle;
    if (ObpIsKernelHandle(Handle)) {
        if (AccessMode != KernelMode)
            return FALSE;
        *Table = PsInitialSystemProcess->ObjectTable;
        v &= ~KERNEL_HANDLE_MASK;
    } else {
        *Table = PspCurrentProcess()->ObjectTable;
    }
    if (v == 0 || (v & 3) || (v >> 2) > HT_MAX_HANDLES)
        return FALSE;
    *Index = (ULONG)(v >> 2) - 1;
    return TRUE;
}

/* Lock an entry that holds an object; returns the object or NULL. */
static PVOID ObpLockEntry(PHANDLE_TABLE_ENTRY E)
{
    for (;;) {
        ULONG_PTR v = __atomic_load_n(&E->Object, __ATOMIC_ACQUIRE);
        if (v == 0)
            return NULL;
        if (v & ENTRY_LOCK) {
            __builtin_ia32_pause();
            continue;
        }
        if (__atomic_compare_exchange_n(&E->Object, &v, v | ENTRY_LOCK, 1, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED))
            return (PVOID)v;
    }
}

static VOID ObpUnlockEntry(PHANDLE_TABLE_ENTRY E, PVOID Object)
{
    __atomic_store_n(&E->Object, (ULONG_PTR)Object, __ATOMIC_RELEASE);
}

NTSTATUS ObpCreateHandle(PVOID Object, ACCESS_MASK GrantedAccess, ULONG Attributes,
                         KPROCESSOR_MODE AccessMode, PHANDLE Handle)
{
    BOOLEAN Kernel = (Attributes & OBJ_KERNEL_HANDLE) && AccessMode == KernelMode;
    PEPROCESS Process = Kernel ? PsInitialSystemProcess : PspCurrentProcess();
    PHANDLE_TABLE T = Process->ObjectTable;
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
    ULONG Index;
    PHANDLE_TABLE_ENTRY E;

    pthread_mutex_lock(&T->Lock);
    if (T->FreeHead) {
        Index = T->FreeHead - 1;
        E = ObpEntry(T, Index);
        T->FreeHead = E->NextFree;
    } else {
        if (T->NextUnused >= HT_MAX_HANDLES) {
            pthread_mutex_unlock(&T->Lock);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        Index = T->NextUnused;
        ULONG PageNo = Index / HT_ENTRIES_PER_PAGE;
        if (!T->Pages[PageNo]) {
            PHANDLE_TABLE_ENTRY Page = ExpAllocatePool(
                NonPagedPool, HT_ENTRIES_PER_PAGE * sizeof(HANDLE_TABLE_ENTRY),
                TAG('O', 'b', 'h', 't'), __builtin_return_address(0));
            if (!Page) {
                pthread_mutex_unlock(&T->Lock);
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            memset(Page, 0, HT_ENTRIES_PER_PAGE * sizeof(HANDLE_TABLE_ENTRY));
            __atomic_store_n(&T->Pages[PageNo], Page, __ATOMIC_RELEASE);
        }
        T->NextUnused++;
        E = ObpEntry(T, Index);
    }
    E->GrantedAccess = GrantedAccess;
    E->NextFree = 0;
    __atomic_add_fetch(&Header->PointerCount, 1, __ATOMIC_RELAXED); /* the handle's reference */
    __atomic_add_fetch(&Header->HandleCount, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&Header->Type->TotalNumberOfHandles, 1, __ATOMIC_RELAXED);
    __atomic_store_n(&E->Object, (ULONG_PTR)Object, __ATOMIC_RELEASE);
    __atomic_add_fetch(&T->HandleCount, 1, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&T->Lock);

    ULONG_PTR Value = ((ULONG_PTR)Index + 1) << 2;
    if (Kernel)
        Value |= KERNEL_HANDLE_MASK;
    *Handle = (HANDLE)Value;
    return STATUS_SUCCESS;
}

/* Drop one handle's worth of counts on Object (entry already cleared). */
static VOID ObpDecrementHandleCount(PEPROCESS Process, PVOID Object, ACCESS_MASK Granted)
{
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
    LONG_PTR Left = __atomic_sub_fetch(&Header->HandleCount, 1, __ATOMIC_ACQ_REL);
    __atomic_sub_fetch(&Header->Type->TotalNumberOfHandles, 1, __ATOMIC_RELAXED);
    if (Header->Type->TypeInfo.CloseProcedure)
        Header->Type->TypeInfo.CloseProcedure(Process, Object, Granted, (ULONG_PTR)Left + 1,
                                              (ULONG_PTR)Left + 1);
    if (Left == 0 && !(Header->Flags & OB_FLAG_PERMANENT) && Header->Directory)
        ObpRemoveName(Header);
    ObfDereferenceObject(Object);
}

static NTSTATUS ObpCloseEntry(PEPROCESS Process, PHANDLE_TABLE T, ULONG Index)
{
    PHANDLE_TABLE_ENTRY E = ObpEntry(T, Index);
    PVOID Object;
    ACCESS_MASK Granted;
    if (!E || !(Object = ObpLockEntry(E)))
        return STATUS_INVALID_HANDLE;
    Granted = E->GrantedAccess;
    __atomic_store_n(&E->Object, 0, __ATOMIC_RELEASE);
    pthread_mutex_lock(&T->Lock);
    E->NextFree = T->FreeHead;
    T->FreeHead = Index + 1;
    __atomic_sub_fetch(&T->HandleCount, 1, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&T->Lock);
    ObpDecrementHandleCount(Process, Object, Granted);
    return STATUS_SUCCESS;
}

NTSTATUS ObpCloseHandle(HANDLE Handle, KPROCESSOR_MODE AccessMode)
{
    PHANDLE_TABLE T;
    ULONG Index;
    if (Handle == NtCurrentProcess() || Handle == NtCurrentThread())
        return STATUS_SUCCESS; /* closing a pseudo-handle is a no-op on Windows */
    if (!ObpDecodeHandle(Handle, AccessMode, &T, &Index))
        return STATUS_INVALID_HANDLE;
    PKTHREAD Thread = KiGetCurrentThread();
    if (Thread->HandleCache.Object && Thread->HandleCache.Entry == ObpEntry(T, Index))
        ObpFlushHandleCache(Thread); /* the object goes with its last handle */
    PEPROCESS Owner = (T == PsInitialSystemProcess->ObjectTable) ? PsInitialSystemProcess
                                                                 : PspCurrentProcess();
    return ObpCloseEntry(Owner, T, Index);
}

VOID ObpCloseAllHandles(PEPROCESS Process)
{
    PHANDLE_TABLE T = Process->ObjectTable;
    ULONG Limit = T->NextUnused;
    for (ULONG i = 0; i < Limit; i++) {
        PHANDLE_TABLE_ENTRY E = ObpEntry(T, i);
        if (E && __atomic_load_n(&E->Object, __ATOMIC_ACQUIRE))
            ObpCloseEntry(Process, T, i);
    }
}

VOID ObpEnumerateHandles(PHANDLE_TABLE T, OBP_ENUM_HANDLE_ROUTINE Routine, PVOID Context)
{
    ULONG Limit = T->NextUnused;
    for (ULONG i = 0; i < Limit; i++) {
        PHANDLE_TABLE_ENTRY E = ObpEntry(T, i);
        PVOID Object;
        if (!E || !(Object = ObpLockEntry(E)))
            continue;
        ObfReferenceObject(Object);
        ACCESS_MASK Granted = E->GrantedAccess;
        ObpUnlockEntry(E, Object);
        BOOLEAN Stop = Routine((HANDLE)(((ULONG_PTR)i + 1) << 2), Object, Granted, Context);
        ObfDereferenceObject(Object);
        if (Stop)
            break;
    }
}

NTIO_EXPORT NTSTATUS ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
                                               POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                               PVOID *Object, POBJECT_HANDLE_INFORMATION Info)
{
    PHANDLE_TABLE T;
    ULONG Index;
    PHANDLE_TABLE_ENTRY E;
    PVOID Body;
    ACCESS_MASK Granted;

    *Object = NULL;
    if (Handle == NtCurrentProcess() || Handle == NtCurrentThread()) {
        PVOID Self = (Handle == NtCurrentProcess()) ? (PVOID)PspCurrentProcess()
                                                    : (PVOID)KiGetCurrentThread();
        POBJECT_TYPE Want = (Handle == NtCurrentProcess()) ? PspProcessType : PspThreadType;
        if (ObjectType && ObjectType != Want)
            return STATUS_OBJECT_TYPE_MISMATCH;
        ObfReferenceObject(Self);
        *Object = Self;
        if (Info) {
            Info->GrantedAccess = (Want == PspProcessType) ? PROCESS_ALL_ACCESS : THREAD_ALL_ACCESS;
            Info->HandleAttributes = 0;
        }
        return STATUS_SUCCESS;
    }
    if (!ObpDecodeHandle(Handle, AccessMode, &T, &Index) || !(E = ObpEntry(T, Index)) ||
        !(Body = ObpLockEntry(E)))
        return STATUS_INVALID_HANDLE;
    Granted = E->GrantedAccess;
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Body);
    if (ObjectType && Header->Type != ObjectType) {
        ObpUnlockEntry(E, Body);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    if (AccessMode != KernelMode && DesiredAccess) {
        ACCESS_MASK Want = (DesiredAccess & OBP_GENERIC_RIGHTS)
                               ? ObpMapGenericMask(Header->Type, DesiredAccess)
                               : DesiredAccess;
        if ((Want & ~Granted) != 0) {
            ObpUnlockEntry(E, Body);
            return STATUS_ACCESS_DENIED;
        }
    }
    __atomic_add_fetch(&Header->PointerCount, 1, __ATOMIC_RELAXED);
    ObpUnlockEntry(E, Body);
    *Object = Body;
    if (Info) {
        Info->GrantedAccess = Granted;
        Info->HandleAttributes = 0;
    }
    return STATUS_SUCCESS;
}

/*
 * The thread's one-entry handle cache.  A completion-port server calls
 * PostQueuedCompletionStatus and GetQueuedCompletionStatus on one handle
 * from every thread, millions of times a second.  Through the path above,
 * each call writes the handle's entry (its lock bit) and the object's
 * pointer count twice, and with a producer and a consumer on two CPUs
 * those two cache lines bounce between them on every call: half the time
 * of a post.  Instead the thread keeps a reference to the object behind
 * the handle it used last.  A later call with that handle checks with
 * plain loads that the entry still holds the same object (a close clears
 * the entry, and holds its lock bit while it does) and that the handle
 * grants the access; the object cannot go away meanwhile, because the
 * cache's reference keeps it.  A call that finds the handle closed fails
 * as it would without the cache.
 *
 * The cached reference is dropped when the thread looks up another handle
 * this way, closes this one, or exits.  Until then it keeps the object
 * (not the handle) alive after another thread's close, so it is only for
 * types whose deletion does nothing outside the object.  A lookup nested
 * inside a call that is using the cache (a kernel APC during a wait), and
 * one asking for generic rights, take an ordinary reference.
 */
NTSTATUS ObpReferenceHandleCached(HANDLE Handle, ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
                                  KPROCESSOR_MODE AccessMode, PVOID *Object, BOOLEAN *Cached)
{
    PKTHREAD Thread = KiGetCurrentThread();
    PHANDLE_TABLE T;
    ULONG Index;
    PHANDLE_TABLE_ENTRY E;
    NTSTATUS Status;

    *Cached = FALSE;
    if (Thread->HandleCache.Busy || Thread->Terminated || (DesiredAccess & OBP_GENERIC_RIGHTS))
        return ObReferenceObjectByHandle(Handle, DesiredAccess, ObjectType, AccessMode, Object,
                                         NULL);
    /* Entries never move while their table lives, and a thread stays in
     * its process (ntio has no KeStackAttachProcess; one would have to
     * flush the cache): the cached entry is the one Handle decodes to. */
    PVOID Body = Thread->HandleCache.Object;
    E = Thread->HandleCache.Entry;
    if (Body && Thread->HandleCache.Handle == Handle && Thread->HandleCache.Mode == AccessMode &&
        __atomic_load_n(&E->Object, __ATOMIC_ACQUIRE) == (ULONG_PTR)Body &&
        OBJECT_TO_OBJECT_HEADER(Body)->Type == ObjectType) {
        /* The access, then the object again: a close and a reopen of the
         * same object in this slot between the two loads would otherwise
         * pair the old match with the new handle's access. */
        ACCESS_MASK Granted = __atomic_load_n(&E->GrantedAccess, __ATOMIC_ACQUIRE);
        if (__atomic_load_n(&E->Object, __ATOMIC_ACQUIRE) == (ULONG_PTR)Body &&
            (AccessMode == KernelMode || !(DesiredAccess & ~Granted))) {
            Thread->HandleCache.Busy = TRUE;
            *Object = Body;
            *Cached = TRUE;
            return STATUS_SUCCESS;
        }
    }
    Status = ObReferenceObjectByHandle(Handle, DesiredAccess, ObjectType, AccessMode, Object, NULL);
    if (!NT_SUCCESS(Status) || !ObpDecodeHandle(Handle, AccessMode, &T, &Index) ||
        !(E = ObpEntry(T, Index)))
        return Status; /* a pseudo-handle is not cached */
    /* The call's reference becomes the cache's.  The entry is claimed
     * (Busy) before the old reference is dropped: deleting the old object
     * may lower the IRQL and run a kernel APC, which must not fill the
     * cache under this call. */
    PVOID Old = Thread->HandleCache.Object;
    Thread->HandleCache.Handle = Handle;
    Thread->HandleCache.Entry = E;
    Thread->HandleCache.Mode = AccessMode;
    Thread->HandleCache.Object = *Object;
    Thread->HandleCache.Busy = TRUE;
    *Cached = TRUE;
    if (Old)
        ObfDereferenceObject(Old);
    return Status;
}

VOID ObpReleaseHandleCached(PVOID Object, BOOLEAN Cached)
{
    if (!Cached) {
        ObfDereferenceObject(Object);
        return;
    }
    PKTHREAD Thread = KiGetCurrentThread();
    Thread->HandleCache.Busy = FALSE;
    /* Its last handle was closed while this call used it: let it go now,
     * as it would have without the cache. */
    if (__atomic_load_n(&OBJECT_TO_OBJECT_HEADER(Object)->HandleCount, __ATOMIC_ACQUIRE) == 0)
        ObpFlushHandleCache(Thread);
}

VOID ObpFlushHandleCache(PKTHREAD Thread)
{
    PVOID Object = Thread->HandleCache.Object;
    if (!Object || Thread->HandleCache.Busy)
        return;
    Thread->HandleCache.Object = NULL;
    Thread->HandleCache.Handle = NULL;
    ObfDereferenceObject(Object);
}

NTSTATUS ObInsertObject(PVOID Object, POBJECT_ATTRIBUTES ObjectAttributes, ACCESS_MASK DesiredAccess,
                        KPROCESSOR_MODE AccessMode, PHANDLE Handle)
{
    NTSTATUS Status = STATUS_SUCCESS, NameStatus = STATUS_SUCCESS;
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
    ULONG Attributes = ObjectAttributes ? ObjectAttributes->Attributes : 0;
    PVOID Target = Object;

    if (ObjectAttributes && ObjectAttributes->ObjectName && ObjectAttributes->ObjectName->Length) {
        PVOID Existing = NULL;
        NameStatus = ObpInsertName(Object, ObjectAttributes->ObjectName, Attributes, &Existing);
        if (NameStatus == STATUS_OBJECT_NAME_EXISTS) {
            Target = Existing; /* OBJ_OPENIF: hand out the existing object */
        } else if (!NT_SUCCESS(NameStatus)) {
            ObfDereferenceObject(Object);
            return NameStatus;
        }
    }
    if (Handle) {
        ACCESS_MASK Granted = ObpMapGenericMask(Header->Type, DesiredAccess);
        if (DesiredAccess & MAXIMUM_ALLOWED)
            Granted = Header->Type->TypeInfo.ValidAccessMask;
        Status = ObpCreateHandle(Target, Granted & ~MAXIMUM_ALLOWED, Attributes, AccessMode, Handle);
    }
    /* The handle holds its own reference.  With a handle the creation
     * reference is consumed, as Windows' ObInsertObject does; without one the
     * caller keeps it.  Under OBJ_OPENIF the new object is discarded and the
     * lookup reference on the existing one dropped. */
    if (Target != Object) {
        ObfDereferenceObject(Target);
        ObfDereferenceObject(Object);
    } else if (Handle) {
        ObfDereferenceObject(Object);
    }
    return NT_SUCCESS(Status) ? NameStatus : Status;
}

NTSTATUS ObReferenceObjectByName(PUNICODE_STRING ObjectName, ULONG Attributes,
                                 POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                 PVOID ParseContext, PVOID *Object)
{
    return ObpLookupObjectName(NULL, ObjectName, Attributes, ObjectType, AccessMode, ParseContext,
                               Object);
}

NTSTATUS ObOpenObjectByName(POBJECT_ATTRIBUTES ObjectAttributes, POBJECT_TYPE ObjectType,
                            KPROCESSOR_MODE AccessMode, ACCESS_MASK DesiredAccess,
                            PVOID ParseContext, PHANDLE Handle)
{
    PVOID Object;
    NTSTATUS Status;
    if (!ObjectAttributes || !ObjectAttributes->ObjectName)
        return STATUS_OBJECT_NAME_INVALID;
    Status = ObpLookupObjectName(ObjectAttributes->RootDirectory, ObjectAttributes->ObjectName,
                                 ObjectAttributes->Attributes, ObjectType, AccessMode, ParseContext,
                                 &Object);
    if (!NT_SUCCESS(Status))
        return Status;
    POBJECT_TYPE Type = OBJECT_TO_OBJECT_HEADER(Object)->Type;
    ACCESS_MASK Granted = ObpMapGenericMask(Type, DesiredAccess);
    if (DesiredAccess & MAXIMUM_ALLOWED)
        Granted = Type->TypeInfo.ValidAccessMask;
    Status = ObpCreateHandle(Object, Granted & ~MAXIMUM_ALLOWED, ObjectAttributes->Attributes,
                             AccessMode, Handle);
    ObfDereferenceObject(Object);
    return Status;
}
