/*
 * ob/obtype.c - object types, object creation and the reference counts.
 *
 * An object is a header followed by its body; the body pointer is what the
 * rest of the kernel and drivers see.  PointerCount counts every reference,
 * including one for each handle; when it reaches zero the type's delete
 * procedure runs and the memory is freed.
 */
#include "ob.h"
#include "ex/ex.h"
#include "ke/ke.h"

#define REFERENCE_BY_POINTER 0x00000018

POBJECT_TYPE ObpTypeObjectType;

POBJECT_TYPE ObpCreateObjectType(PCWSTR Name, const OBJECT_TYPE_INITIALIZER *Init)
{
    POBJECT_TYPE Type = ExpAllocatePool(NonPagedPool, sizeof(OBJECT_TYPE), TAG('O', 'b', 'T', 'y'),
                                        __builtin_return_address(0));
    if (!Type)
        return NULL;
    memset(Type, 0, sizeof *Type);
    RtlInitUnicodeString(&Type->Name, Name);
    Type->TypeInfo = *Init;
    return Type;
}

ACCESS_MASK ObpMapGenericMask(POBJECT_TYPE Type, ACCESS_MASK Access)
{
    const GENERIC_MAPPING *M = &Type->TypeInfo.GenericMapping;
    if (Access & GENERIC_READ)
        Access |= M->GenericRead;
    if (Access & GENERIC_WRITE)
        Access |= M->GenericWrite;
    if (Access & GENERIC_EXECUTE)
        Access |= M->GenericExecute;
    if (Access & GENERIC_ALL)
        Access |= M->GenericAll;
    return Access & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);
}

NTSTATUS ObCreateObject(POBJECT_TYPE Type, SIZE_T BodySize, PVOID *Object)
{
    SIZE_T Size = FIELD_OFFSET(OBJECT_HEADER, Body) + BodySize;
    POBJECT_HEADER Header = ExpAllocatePool(NonPagedPool, Size, Type->TypeInfo.PoolTag,
                                            __builtin_return_address(0));
    if (!Header)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(Header, 0, Size);
    Header->PointerCount = 1;
    Header->Type = Type;
    Header->CreatorAddress = __builtin_return_address(0);
    __atomic_add_fetch(&Type->TotalNumberOfObjects, 1, __ATOMIC_RELAXED);
    *Object = OBJECT_HEADER_TO_OBJECT(Header);
    return STATUS_SUCCESS;
}

VOID ObpFreeObject(POBJECT_HEADER Header)
{
    POBJECT_TYPE Type = Header->Type;
    if (Header->Directory)
        ObpRemoveName(Header);
    if (Type->TypeInfo.DeleteProcedure)
        Type->TypeInfo.DeleteProcedure(OBJECT_HEADER_TO_OBJECT(Header));
    if (Header->Name.Buffer)
        ExpFreePool(Header->Name.Buffer, 0, FALSE, NULL);
    __atomic_sub_fetch(&Type->TotalNumberOfObjects, 1, __ATOMIC_RELAXED);
    ExpFreePool(Header, Type->TypeInfo.PoolTag, TRUE, NULL);
}

/* A reference unless the last one is already gone (the object is being
 * deleted): for objects found through a list that their deletion leaves. */
BOOLEAN ObpReferenceObjectSafe(PVOID Object)
{
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
    LONG_PTR Count = __atomic_load_n(&Header->PointerCount, __ATOMIC_RELAXED);
    while (Count > 0)
        if (__atomic_compare_exchange_n(&Header->PointerCount, &Count, Count + 1, 1,
                                        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return TRUE;
    return FALSE;
}

NTIO_EXPORT LONG_PTR ObfReferenceObject(PVOID Object)
{
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
    LONG_PTR New = __atomic_add_fetch(&Header->PointerCount, 1, __ATOMIC_RELAXED);
    if (New <= 1)
        KeBugCheckEx(REFERENCE_BY_POINTER, (ULONG_PTR)Header->Type, (ULONG_PTR)Object, 1,
                     (ULONG_PTR)New);
    return New;
}

/*
 * Deferred deletion.  An object's delete procedure may block or call into
 * its driver (a file object's sends IRP_MJ_CLOSE and may end a pending
 * driver unload), so it must run at PASSIVE_LEVEL.  When the last
 * reference goes at DISPATCH_LEVEL (a DPC completing an IRP drops the
 * file object the IRP held), the object is queued here and freed by a
 * system worker thread, as Windows' ObpDeferObjectDeletion does.
 * The list is lock-free (push: compare-exchange; the worker takes the
 * whole list at once); ObpDeferredQueued makes one work item cover every
 * push made before the worker took the list.
 */
static POBJECT_HEADER volatile ObpDeferredDeleteList;
static volatile LONG ObpDeferredQueued;
static volatile LONG ObpDeferredPending; /* pushed and not yet freed */
static WORK_QUEUE_ITEM ObpDeferredWorkItem;

VOID ObpProcessDeferredDeletes(VOID)
{
    POBJECT_HEADER List = __atomic_exchange_n(&ObpDeferredDeleteList, NULL, __ATOMIC_ACQUIRE);
    while (List) {
        POBJECT_HEADER Next = List->NextDeferred;
        ObpFreeObject(List);
        __atomic_sub_fetch(&ObpDeferredPending, 1, __ATOMIC_RELEASE);
        List = Next;
    }
}

VOID ObpFlushDeferredDeletes(VOID)
{
    /* A worker may be freeing a batch it took: wait for it (bounded: a
     * delete procedure that hangs is reported by the hang detector). */
    for (int i = 0; i < 10000; i++) {
        ObpProcessDeferredDeletes();
        if (__atomic_load_n(&ObpDeferredPending, __ATOMIC_ACQUIRE) == 0)
            return;
        KeDelayExecutionThread(KernelMode, FALSE, &(LARGE_INTEGER){ .QuadPart = -10000 });
    }
}

static VOID ObpDeferredDeleteWorker(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    __atomic_store_n(&ObpDeferredQueued, 0, __ATOMIC_SEQ_CST);
    ObpProcessDeferredDeletes();
}

static VOID ObpDeferDelete(POBJECT_HEADER Header)
{
    __atomic_add_fetch(&ObpDeferredPending, 1, __ATOMIC_RELAXED);
    POBJECT_HEADER Head = __atomic_load_n(&ObpDeferredDeleteList, __ATOMIC_RELAXED);
    do
        Header->NextDeferred = Head;
    while (!__atomic_compare_exchange_n(&ObpDeferredDeleteList, &Head, Header, TRUE, __ATOMIC_RELEASE,
                                        __ATOMIC_RELAXED));
    if (__atomic_exchange_n(&ObpDeferredQueued, 1, __ATOMIC_SEQ_CST) == 0) {
        ExInitializeWorkItem(&ObpDeferredWorkItem, ObpDeferredDeleteWorker, NULL);
        ExQueueWorkItem(&ObpDeferredWorkItem, DelayedWorkQueue);
    }
}

NTIO_EXPORT LONG_PTR ObfDereferenceObject(PVOID Object)
{
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
    LONG_PTR New = __atomic_sub_fetch(&Header->PointerCount, 1, __ATOMIC_ACQ_REL);
    if (New == 0 && KeGetCurrentIrql() > APC_LEVEL)
        ObpDeferDelete(Header);
    else if (New == 0)
        ObpFreeObject(Header);
    else if (New < 0)
        /* Dereferenced more often than referenced: Windows' 0x18. */
        KeBugCheckEx(REFERENCE_BY_POINTER, (ULONG_PTR)Header->Type, (ULONG_PTR)Object, 2,
                     (ULONG_PTR)New);
    return New;
}

NTIO_EXPORT NTSTATUS ObReferenceObjectByPointer(PVOID Object, ACCESS_MASK DesiredAccess,
                                                POBJECT_TYPE ObjectType,
                                                KPROCESSOR_MODE AccessMode)
{
    UNREFERENCED_PARAMETER(DesiredAccess);
    UNREFERENCED_PARAMETER(AccessMode);
    if (ObjectType && OBJECT_TO_OBJECT_HEADER(Object)->Type != ObjectType)
        return STATUS_OBJECT_TYPE_MISMATCH;
    ObfReferenceObject(Object);
    return STATUS_SUCCESS;
}

VOID ObMakeTemporaryObject(PVOID Object)
{
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
    Header->Flags &= ~OB_FLAG_PERMANENT;
    if (Header->HandleCount == 0 && Header->Directory)
        ObpRemoveName(Header);
}

BOOLEAN ObpIsWaitable(PVOID Object, PVOID *DispatcherObject)
{
    POBJECT_TYPE Type = OBJECT_TO_OBJECT_HEADER(Object)->Type;
    if (Type->TypeInfo.WaitObjectOffset == OB_NOT_WAITABLE)
        return FALSE;
    *DispatcherObject = (PUCHAR)Object + Type->TypeInfo.WaitObjectOffset;
    return TRUE;
}
