/*
 * io/workitem.c - I/O work items (IoAllocateWorkItem, IoQueueWorkItem).
 *
 * An I/O work item is an executive work item bound to a device (or
 * driver) object.  What it adds to ExQueueWorkItem is the reason drivers
 * must use it: the object stays referenced from IoQueueWorkItem until the
 * driver's routine has returned, so the device object - and with it the
 * driver's code - cannot go away while the item waits in a queue or runs.
 */
#include "iop.h"
#include "ex/ex.h"
#include "ke/except.h"

#define WORKER_THREAD_RETURNED_AT_BAD_IRQL 0x000000E1
#define WORKER_INVALID 0x000000E4

#define IOP_WORK_ITEM_SIGNATURE TAG('I', 'o', 'W', 'i')
#define IOP_WORK_ITEM_TAG TAG('I', 'o', 'W', 'k')

struct _IO_WORKITEM {
    WORK_QUEUE_ITEM Item;               /* what goes to the worker (Parameter = this) */
    PVOID IoObject;                     /* device or driver object, referenced while queued */
    PIO_WORKITEM_ROUTINE Routine;       /* set by IoQueueWorkItem, or */
    PIO_WORKITEM_ROUTINE_EX RoutineEx;  /* ...by IoQueueWorkItemEx */
    PVOID Context;
    ULONG Signature;                    /* IOP_WORK_ITEM_SIGNATURE while initialized */
};

static DECLSPEC_NORETURN VOID IopNullPointer(ULONG_PTR Offset, PVOID Caller)
{
    /* What a NULL argument does on Windows: an access violation in kernel
     * mode (caught by a __try, else a bug check). */
    KiRaiseStatusWithInformation(STATUS_ACCESS_VIOLATION, 2, 0 /* read */, Offset, Caller);
}

/* IoObject must be a device or a driver object (0xE4, code 3, if not). */
static VOID IopCheckIoObject(PIO_WORKITEM IoWorkItem, PVOID IoObject, PVOID Caller)
{
    if (!IoObject)
        IopNullPointer(0, Caller);
    CSHORT Type = *(CSHORT *)IoObject; /* DEVICE_OBJECT.Type, DRIVER_OBJECT.Type */
    if (Type != IO_TYPE_DEVICE && Type != IO_TYPE_DRIVER)
        KeBugCheckEx(WORKER_INVALID, 3, (ULONG_PTR)IoWorkItem, (ULONG_PTR)IoObject, 0);
}

static VOID IopInitializeWorkItem(PIO_WORKITEM IoWorkItem, PVOID IoObject)
{
    memset(IoWorkItem, 0, sizeof *IoWorkItem);
    IoWorkItem->Item.List.Flink = NULL;
    IoWorkItem->IoObject = IoObject;
    IoWorkItem->Signature = IOP_WORK_ITEM_SIGNATURE;
}

/* Freeing or uninitializing a queued item: 0xE4, code 2. */
static VOID IopCheckNotQueued(PIO_WORKITEM IoWorkItem)
{
    if (__atomic_load_n(&IoWorkItem->Item.List.Flink, __ATOMIC_ACQUIRE) != NULL) {
        PVOID Routine = IoWorkItem->RoutineEx ? (PVOID)IoWorkItem->RoutineEx
                                              : (PVOID)IoWorkItem->Routine;
        KeBugCheckEx(WORKER_INVALID, 2, (ULONG_PTR)IoWorkItem, (ULONG_PTR)Routine, 0);
    }
}

NTIO_EXPORT PIO_WORKITEM IoAllocateWorkItem(PDEVICE_OBJECT DeviceObject)
{
    PVOID Caller = __builtin_return_address(0);
    IopCheckIoObject(NULL, DeviceObject, Caller);
    /* Charged to the driver that asks, so a leaked item is reported as its. */
    PIO_WORKITEM IoWorkItem = ExpAllocatePool(NonPagedPool, sizeof(IO_WORKITEM),
                                              IOP_WORK_ITEM_TAG, Caller);
    if (!IoWorkItem)
        return NULL;
    IopInitializeWorkItem(IoWorkItem, DeviceObject);
    return IoWorkItem;
}

NTIO_EXPORT VOID IoFreeWorkItem(PIO_WORKITEM IoWorkItem)
{
    PVOID Caller = __builtin_return_address(0);
    if (!IoWorkItem)
        IopNullPointer(FIELD_OFFSET(IO_WORKITEM, Item), Caller);
    IopCheckNotQueued(IoWorkItem);
    IoWorkItem->Signature = 0;
    /* An item that IoAllocateWorkItem did not return fails the pool's own
     * checks here (BAD_POOL_HEADER / BAD_POOL_CALLER), as on Windows. */
    ExpFreePool(IoWorkItem, IOP_WORK_ITEM_TAG, TRUE, Caller);
}

NTIO_EXPORT ULONG IoSizeofWorkItem(VOID)
{
    return (ULONG)sizeof(IO_WORKITEM);
}

NTIO_EXPORT VOID IoInitializeWorkItem(PVOID IoObject, PIO_WORKITEM IoWorkItem)
{
    PVOID Caller = __builtin_return_address(0);
    if (!IoWorkItem)
        IopNullPointer(0, Caller);
    IopCheckIoObject(IoWorkItem, IoObject, Caller);
    IopInitializeWorkItem(IoWorkItem, IoObject);
}

NTIO_EXPORT VOID IoUninitializeWorkItem(PIO_WORKITEM IoWorkItem)
{
    if (!IoWorkItem)
        IopNullPointer(0, __builtin_return_address(0));
    IopCheckNotQueued(IoWorkItem);
    IoWorkItem->Signature = 0;
    IoWorkItem->IoObject = NULL;
}

/* The executive work routine of every I/O work item. */
static VOID IopProcessWorkItem(PVOID Parameter)
{
    PIO_WORKITEM IoWorkItem = Parameter;
    PVOID IoObject = IoWorkItem->IoObject;
    PIO_WORKITEM_ROUTINE_EX RoutineEx = IoWorkItem->RoutineEx;
    PIO_WORKITEM_ROUTINE Routine = IoWorkItem->Routine;
    PVOID Context = IoWorkItem->Context;

    /* The routine may free the item (IoFreeWorkItem) or queue it again:
     * nothing of it is touched afterwards. */
    if (RoutineEx)
        RoutineEx(IoObject, Context, IoWorkItem);
    else
        Routine((PDEVICE_OBJECT)IoObject, Context);
    /* The worker checks this too, but would name this function: check it
     * here, naming the driver's routine. */
    KIRQL Irql = KeGetCurrentIrql();
    if (Irql != PASSIVE_LEVEL)
        KeBugCheckEx(WORKER_THREAD_RETURNED_AT_BAD_IRQL,
                     RoutineEx ? (ULONG_PTR)RoutineEx : (ULONG_PTR)Routine, Irql,
                     (ULONG_PTR)Context, (ULONG_PTR)IoWorkItem);
    ObfDereferenceObject(IoObject);
}

static VOID IopQueueWorkItem(PIO_WORKITEM IoWorkItem, PIO_WORKITEM_ROUTINE Routine,
                             PIO_WORKITEM_ROUTINE_EX RoutineEx, WORK_QUEUE_TYPE QueueType,
                             PVOID Context, PVOID Caller)
{
    if (!IoWorkItem)
        IopNullPointer(FIELD_OFFSET(IO_WORKITEM, IoObject), Caller);
    /* Memory IoAllocateWorkItem/IoInitializeWorkItem never initialized (or
     * that IoFreeWorkItem/IoUninitializeWorkItem already released) names
     * no I/O object. */
    if (IoWorkItem->Signature != IOP_WORK_ITEM_SIGNATURE)
        KeBugCheckEx(WORKER_INVALID, 3, (ULONG_PTR)IoWorkItem, (ULONG_PTR)IoWorkItem->IoObject, 0);
    if (!Routine && !RoutineEx)
        KeBugCheckEx(WORKER_INVALID, 7, (ULONG_PTR)IoWorkItem, QueueType, 0);
    /* Still queued: changing its routine now would run the wrong one. */
    if (__atomic_load_n(&IoWorkItem->Item.List.Flink, __ATOMIC_ACQUIRE) != NULL)
        KeBugCheckEx(WORKER_INVALID, 1, (ULONG_PTR)IoWorkItem, QueueType, 0);
    ObfReferenceObject(IoWorkItem->IoObject);
    IoWorkItem->Routine = Routine;
    IoWorkItem->RoutineEx = RoutineEx;
    IoWorkItem->Context = Context;
    ExInitializeWorkItem(&IoWorkItem->Item, IopProcessWorkItem, IoWorkItem);
    ExQueueWorkItem(&IoWorkItem->Item, QueueType);
}

NTIO_EXPORT VOID IoQueueWorkItem(PIO_WORKITEM IoWorkItem, PIO_WORKITEM_ROUTINE WorkerRoutine,
                                 WORK_QUEUE_TYPE QueueType, PVOID Context)
{
    IopQueueWorkItem(IoWorkItem, WorkerRoutine, NULL, QueueType, Context,
                     __builtin_return_address(0));
}

NTIO_EXPORT VOID IoQueueWorkItemEx(PIO_WORKITEM IoWorkItem, PIO_WORKITEM_ROUTINE_EX WorkerRoutine,
                                   WORK_QUEUE_TYPE QueueType, PVOID Context)
{
    IopQueueWorkItem(IoWorkItem, NULL, WorkerRoutine, QueueType, Context,
                     __builtin_return_address(0));
}
