/*
 * echo.c - the PnP sample's function driver (echo.sys).  A write stores
 * its bytes in the device; a read gives them back.
 *
 * A WDM function driver, as the WDK describes one:
 *  - DriverEntry creates no device.  The PnP manager calls AddDevice for
 *    each device the INF installed echo.sys on, and AddDevice creates the
 *    FDO, attaches it to the PDO and registers the device interface.
 *  - IRP_MN_START_DEVICE goes to the bus driver first and is finished on
 *    the way up; then the interface is enabled and applications find it.
 *  - A remove lock keeps the FDO until the requests in progress are done.
 *  - While the device is asked to stop (a resource rebalance) or to go,
 *    reads and writes are held in a cancel-safe queue, and served when it
 *    runs again.  After a surprise removal they fail.
 *  - Power IRPs are passed down: the device keeps no state to save.
 */
#include <ntddk.h>
#include <initguid.h>
#include "public.h"

#define ECHO_TAG 'ohcE'

typedef enum _ECHO_STATE {
    EchoNotStarted,
    EchoStarted,
    EchoStopPending,     /* QUERY_STOP succeeded: requests are held */
    EchoStopped,         /* STOP: held until START */
    EchoRemovePending,   /* QUERY_REMOVE succeeded: held until CANCEL_REMOVE */
    EchoSurpriseRemoved, /* gone: requests fail until REMOVE */
    EchoDeleted,
} ECHO_STATE;

typedef struct _ECHO_EXTENSION {
    PDEVICE_OBJECT Lower;        /* what AddDevice attached to */
    UNICODE_STRING InterfaceName;
    IO_REMOVE_LOCK RemoveLock;
    KSPIN_LOCK Lock;             /* guards State and the data */
    ECHO_STATE State;
    ULONG Length;
    UCHAR Data[ECHO_MAX_DATA];
    IO_CSQ HoldQueue;            /* requests waiting for the device to run */
    KSPIN_LOCK HoldLock;         /* the queue's lock, taken inside Lock */
    LIST_ENTRY Held;
} ECHO_EXTENSION, *PECHO_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE EchoAddDevice;
DRIVER_UNLOAD EchoUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLEANUP) _Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH EchoCreateClose;
_Dispatch_type_(IRP_MJ_READ) _Dispatch_type_(IRP_MJ_WRITE) DRIVER_DISPATCH EchoReadWrite;
_Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH EchoPnp;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH EchoPower;
IO_COMPLETION_ROUTINE EchoSignal;
IO_CSQ_INSERT_IRP EchoHoldInsert;
IO_CSQ_REMOVE_IRP EchoHoldRemove;
IO_CSQ_PEEK_NEXT_IRP EchoHoldPeek;
IO_CSQ_ACQUIRE_LOCK EchoHoldAcquire;
IO_CSQ_RELEASE_LOCK EchoHoldRelease;
IO_CSQ_COMPLETE_CANCELED_IRP EchoHoldCanceled;

static NTSTATUS EchoComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

/* Complete a request that holds the remove lock, and release it. */
static NTSTATUS EchoFinish(PECHO_EXTENSION Ext, PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    EchoComplete(Irp, Status, Information);
    IoReleaseRemoveLock(&Ext->RemoveLock, Irp);
    return Status;
}

/* ---- the hold queue: a cancel-safe queue (IoCsqXxx) ---------------------- */

#define HOLD_EXT(Csq) CONTAINING_RECORD(Csq, ECHO_EXTENSION, HoldQueue)

VOID EchoHoldInsert(PIO_CSQ Csq, PIRP Irp)
{
    InsertTailList(&HOLD_EXT(Csq)->Held, &Irp->Tail.Overlay.ListEntry);
}

VOID EchoHoldRemove(PIO_CSQ Csq, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Csq);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
}

/* The request after Irp (or the first), of file PeekContext if given. */
PIRP EchoHoldPeek(PIO_CSQ Csq, PIRP Irp, PVOID PeekContext)
{
    PLIST_ENTRY Head = &HOLD_EXT(Csq)->Held;
    PLIST_ENTRY Entry = Irp ? Irp->Tail.Overlay.ListEntry.Flink : Head->Flink;
    for (; Entry != Head; Entry = Entry->Flink) {
        PIRP Next = CONTAINING_RECORD(Entry, IRP, Tail.Overlay.ListEntry);
        if (!PeekContext || IoGetCurrentIrpStackLocation(Next)->FileObject == PeekContext)
            return Next;
    }
    return NULL;
}

_IRQL_raises_(DISPATCH_LEVEL)
VOID EchoHoldAcquire(PIO_CSQ Csq, PKIRQL Irql)
{
    KeAcquireSpinLock(&HOLD_EXT(Csq)->HoldLock, Irql);
}

VOID EchoHoldRelease(PIO_CSQ Csq, KIRQL Irql)
{
    KeReleaseSpinLock(&HOLD_EXT(Csq)->HoldLock, Irql);
}

VOID EchoHoldCanceled(PIO_CSQ Csq, PIRP Irp)
{
    EchoFinish(HOLD_EXT(Csq), Irp, STATUS_CANCELLED, 0);
}

/* ---- reads and writes ----------------------------------------------------- */

/* Store a write's bytes, or copy the stored bytes into a read (Lock held).
 * Returns the bytes moved. */
static ULONG EchoTransfer(PECHO_EXTENSION Ext, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    PVOID Buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG Length;

    if (Stack->MajorFunction == IRP_MJ_WRITE) {
        Length = min(Stack->Parameters.Write.Length, (ULONG)sizeof Ext->Data);
        RtlCopyMemory(Ext->Data, Buffer, Length);
        Ext->Length = Length;
    } else {
        Length = min(Stack->Parameters.Read.Length, Ext->Length);
        RtlCopyMemory(Buffer, Ext->Data, Length);
    }
    return Length;
}

NTSTATUS EchoReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PECHO_EXTENSION Ext = DeviceObject->DeviceExtension;
    NTSTATUS Status = IoAcquireRemoveLock(&Ext->RemoveLock, Irp);
    ULONG Bytes = 0;
    KIRQL Irql;

    if (!NT_SUCCESS(Status))
        return EchoComplete(Irp, Status, 0);
    KeAcquireSpinLock(&Ext->Lock, &Irql);
    switch (Ext->State) {
    case EchoStarted:
        Bytes = EchoTransfer(Ext, Irp);
        break;
    case EchoStopPending:
    case EchoStopped:
    case EchoRemovePending:
        /* Paused: the request waits (pending, with its remove lock) for
         * the device to run again. */
        IoCsqInsertIrp(&Ext->HoldQueue, Irp, NULL);
        KeReleaseSpinLock(&Ext->Lock, Irql);
        return STATUS_PENDING;
    default:
        Status = STATUS_NO_SUCH_DEVICE;
        break;
    }
    KeReleaseSpinLock(&Ext->Lock, Irql);
    return EchoFinish(Ext, Irp, Status, Bytes);
}

/* Under Lock: once the state says the device is paused, no transfer is
 * under way. */
static VOID EchoSetState(PECHO_EXTENSION Ext, ECHO_STATE State)
{
    KIRQL Irql;
    KeAcquireSpinLock(&Ext->Lock, &Irql);
    Ext->State = State;
    KeReleaseSpinLock(&Ext->Lock, Irql);
}

/* The device runs (again): serve the requests it held. */
static VOID EchoResume(PECHO_EXTENSION Ext)
{
    PIRP Irp;
    KIRQL Irql;

    EchoSetState(Ext, EchoStarted);
    while ((Irp = IoCsqRemoveNextIrp(&Ext->HoldQueue, NULL)) != NULL) {
        KeAcquireSpinLock(&Ext->Lock, &Irql);
        ULONG Bytes = EchoTransfer(Ext, Irp);
        KeReleaseSpinLock(&Ext->Lock, Irql);
        EchoFinish(Ext, Irp, STATUS_SUCCESS, Bytes);
    }
}

/* The device is going: applications no longer find it, and what it held
 * fails. */
static VOID EchoGone(PECHO_EXTENSION Ext, ECHO_STATE State)
{
    PIRP Irp;

    EchoSetState(Ext, State);
    IoSetDeviceInterfaceState(&Ext->InterfaceName, FALSE);
    while ((Irp = IoCsqRemoveNextIrp(&Ext->HoldQueue, NULL)) != NULL)
        EchoFinish(Ext, Irp, STATUS_NO_SUCH_DEVICE, 0);
}

/* ---- create, cleanup, close ----------------------------------------------- */

NTSTATUS EchoCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PECHO_EXTENSION Ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status;
    PIRP Held;

    if (Stack->MajorFunction == IRP_MJ_CLOSE)
        return EchoComplete(Irp, STATUS_SUCCESS, 0); /* a close always succeeds */
    Status = IoAcquireRemoveLock(&Ext->RemoveLock, Irp);
    if (!NT_SUCCESS(Status))
        return EchoComplete(Irp, Stack->MajorFunction == IRP_MJ_CLEANUP ? STATUS_SUCCESS : Status, 0);
    if (Stack->MajorFunction == IRP_MJ_CREATE) {
        /* No new opens once the device is going. */
        if (Ext->State == EchoRemovePending || Ext->State == EchoSurpriseRemoved)
            Status = STATUS_DELETE_PENDING;
    } else {
        /* The last handle of a file is closed: its held requests end. */
        while ((Held = IoCsqRemoveNextIrp(&Ext->HoldQueue, Stack->FileObject)) != NULL)
            EchoFinish(Ext, Held, STATUS_CANCELLED, 0);
    }
    return EchoFinish(Ext, Irp, Status, 0);
}

/* ---- Plug and Play ------------------------------------------------------- */

NTSTATUS EchoSignal(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED; /* the IRP is ours again */
}

/* Pass Irp down and wait until the drivers below have finished it. */
static NTSTATUS EchoForwardAndWait(PECHO_EXTENSION Ext, PIRP Irp)
{
    KEVENT Done;

    KeInitializeEvent(&Done, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, EchoSignal, &Done, TRUE, TRUE, TRUE);
    if (IoCallDriver(Ext->Lower, Irp) == STATUS_PENDING)
        KeWaitForSingleObject(&Done, Executive, KernelMode, FALSE, NULL);
    return Irp->IoStatus.Status;
}

NTSTATUS EchoPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PECHO_EXTENSION Ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status = IoAcquireRemoveLock(&Ext->RemoveLock, Irp);

    if (!NT_SUCCESS(Status))
        return EchoComplete(Irp, Status, 0);

    switch (Stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
        /* The bus driver starts the device first. */
        Status = EchoForwardAndWait(Ext, Irp);
        if (NT_SUCCESS(Status))
            Status = IoSetDeviceInterfaceState(&Ext->InterfaceName, TRUE);
        if (NT_SUCCESS(Status))
            EchoResume(Ext);
        return EchoFinish(Ext, Irp, Status, 0);

    case IRP_MN_QUERY_STOP_DEVICE:
        EchoSetState(Ext, EchoStopPending);
        break;
    case IRP_MN_STOP_DEVICE:
        EchoSetState(Ext, EchoStopped);
        break;
    case IRP_MN_QUERY_REMOVE_DEVICE:
        EchoSetState(Ext, EchoRemovePending);
        break;

    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
        /* Bottom up, as START: then the device runs again, if this
         * driver had paused it. */
        Status = EchoForwardAndWait(Ext, Irp);
        if (NT_SUCCESS(Status) &&
            (Ext->State == EchoStopPending || Ext->State == EchoRemovePending))
            EchoResume(Ext);
        return EchoFinish(Ext, Irp, Status, 0);

    case IRP_MN_SURPRISE_REMOVAL:
        EchoGone(Ext, EchoSurpriseRemoved);
        break;

    case IRP_MN_REMOVE_DEVICE:
        EchoGone(Ext, EchoDeleted);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        Status = IoCallDriver(Ext->Lower, Irp);
        /* Wait for the requests still in progress, then go. */
        IoReleaseRemoveLockAndWait(&Ext->RemoveLock, Irp);
        IoDetachDevice(Ext->Lower);
        RtlFreeUnicodeString(&Ext->InterfaceName);
        IoDeleteDevice(DeviceObject);
        return Status;

    default:
        /* Not this driver's business: down as it came. */
        IoSkipCurrentIrpStackLocation(Irp);
        Status = IoCallDriver(Ext->Lower, Irp);
        IoReleaseRemoveLock(&Ext->RemoveLock, Irp);
        return Status;
    }
    /* A request this driver agreed to: the drivers below decide too. */
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoSkipCurrentIrpStackLocation(Irp);
    Status = IoCallDriver(Ext->Lower, Irp);
    IoReleaseRemoveLock(&Ext->RemoveLock, Irp);
    return Status;
}

NTSTATUS EchoPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PECHO_EXTENSION Ext = DeviceObject->DeviceExtension;
    NTSTATUS Status = IoAcquireRemoveLock(&Ext->RemoveLock, Irp);

    PoStartNextPowerIrp(Irp);
    if (!NT_SUCCESS(Status))
        return EchoComplete(Irp, Status, 0);
    IoSkipCurrentIrpStackLocation(Irp);
    Status = PoCallDriver(Ext->Lower, Irp);
    IoReleaseRemoveLock(&Ext->RemoveLock, Irp);
    return Status;
}

/* ---- the driver ------------------------------------------------------------ */

NTSTATUS EchoAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT Fdo;
    PECHO_EXTENSION Ext;
    NTSTATUS Status = IoCreateDevice(DriverObject, sizeof(ECHO_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &Fdo);
    if (!NT_SUCCESS(Status))
        return Status;
    Ext = Fdo->DeviceExtension;
    Ext->State = EchoNotStarted;
    KeInitializeSpinLock(&Ext->Lock);
    KeInitializeSpinLock(&Ext->HoldLock);
    InitializeListHead(&Ext->Held);
    IoCsqInitialize(&Ext->HoldQueue, EchoHoldInsert, EchoHoldRemove, EchoHoldPeek, EchoHoldAcquire,
                    EchoHoldRelease, EchoHoldCanceled);
    IoInitializeRemoveLock(&Ext->RemoveLock, ECHO_TAG, 0, 0);

    Status = IoRegisterDeviceInterface(Pdo, &GUID_DEVINTERFACE_ECHO, NULL, &Ext->InterfaceName);
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(Fdo);
        return Status;
    }
    Ext->Lower = IoAttachDeviceToDeviceStack(Fdo, Pdo);
    if (!Ext->Lower) {
        RtlFreeUnicodeString(&Ext->InterfaceName);
        IoDeleteDevice(Fdo);
        return STATUS_NO_SUCH_DEVICE;
    }
    Fdo->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
    Fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID EchoUnload(PDRIVER_OBJECT DriverObject)
{
    /* Every device is gone (REMOVE deleted it): nothing is left to free. */
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = EchoCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = EchoCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = EchoCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = EchoReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = EchoReadWrite;
    DriverObject->MajorFunction[IRP_MJ_PNP] = EchoPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = EchoPower;
    DriverObject->DriverExtension->AddDevice = EchoAddDevice;
    DriverObject->DriverUnload = EchoUnload;
    return STATUS_SUCCESS;
}
