/*
 * bus.c - the PnP sample's bus driver (bus.sys).  Its application plugs
 * echo devices in and unplugs them with IOCTL_BUS_PLUG_IN and
 * IOCTL_BUS_UNPLUG on the bus's device interface.
 *
 * The driver has two kinds of device object:
 *  - the bus's FDO, which AddDevice attaches to the bus's own PDO.  It
 *    reports the children plugged in when the PnP manager asks for its
 *    BusRelations, after IoInvalidateDeviceRelations;
 *  - one PDO per child, which answers the PnP manager's questions (its
 *    IDs, its capabilities).  Its hardware ID SampleBus\Echo is one that
 *    echo.inf lists, so the PnP manager installs echo.sys on it from the
 *    driver store.  A child's PDO is deleted only after it has been
 *    reported missing and the PnP manager has removed it.
 */
#include <ntddk.h>
#include <ntstrsafe.h>
#include <initguid.h>
#include "public.h"

#define BUS_TAG 'suBS'
#define BUS_CHILD_ID L"SampleBus\\Echo"

typedef struct _BUS_EXTENSION {
    BOOLEAN IsFdo;              /* first in both extensions */
    PDEVICE_OBJECT Self, Pdo, Lower;
    UNICODE_STRING InterfaceName;
    IO_REMOVE_LOCK RemoveLock;
    FAST_MUTEX Mutex;           /* guards Children and their flags */
    LIST_ENTRY Children;
} BUS_EXTENSION, *PBUS_EXTENSION;

typedef struct _CHILD_EXTENSION {
    BOOLEAN IsFdo;
    PDEVICE_OBJECT Self;
    PBUS_EXTENSION Bus;         /* NULL once the bus has gone first */
    LIST_ENTRY Link;            /* in Bus->Children */
    ULONG SerialNumber;
    BOOLEAN Present;            /* plugged in */
    BOOLEAN ReportedMissing;    /* unplugged, and left out of BusRelations */
    BOOLEAN SurpriseRemoved;    /* waiting for its IRP_MN_REMOVE_DEVICE */
} CHILD_EXTENSION, *PCHILD_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE BusAddDevice;
DRIVER_UNLOAD BusUnload;
DRIVER_DISPATCH BusDispatchPnp, BusDispatchPower, BusDispatchOther;
IO_COMPLETION_ROUTINE BusSignal;

static NTSTATUS BusComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

/* A string (MultiSz: a one-string MULTI_SZ) in paged pool, as the PnP
 * manager wants the answers it frees. */
static PWCHAR BusPoolString(PCWSTR Text, BOOLEAN MultiSz)
{
    UNICODE_STRING String;
    SIZE_T Bytes;
    PWCHAR Copy;

    RtlInitUnicodeString(&String, Text);
    Bytes = String.Length + (MultiSz ? 2 : 1) * sizeof(WCHAR);
    Copy = ExAllocatePoolWithTag(PagedPool, Bytes, BUS_TAG);
    if (Copy) {
        RtlZeroMemory(Copy, Bytes);
        RtlCopyMemory(Copy, String.Buffer, String.Length);
    }
    return Copy;
}

/* ---- the children's PDOs ---------------------------------------------------- */

static NTSTATUS ChildQueryId(PCHILD_EXTENSION Child, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    WCHAR Serial[8];
    PWCHAR Id;

    switch (Stack->Parameters.QueryId.IdType) {
    case BusQueryDeviceID:
        Id = BusPoolString(BUS_CHILD_ID, FALSE);
        break;
    case BusQueryHardwareIDs:
        Id = BusPoolString(BUS_CHILD_ID, TRUE);
        break;
    case BusQueryInstanceID:
        /* Unique on this bus only (UniqueID is FALSE): the PnP manager
         * makes it unique in the machine. */
        RtlStringCchPrintfW(Serial, RTL_NUMBER_OF(Serial), L"%02u", Child->SerialNumber);
        Id = BusPoolString(Serial, FALSE);
        break;
    default:
        return BusComplete(Irp, Irp->IoStatus.Status, Irp->IoStatus.Information);
    }
    if (!Id)
        return BusComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    return BusComplete(Irp, STATUS_SUCCESS, (ULONG_PTR)Id);
}

static NTSTATUS ChildPnp(PCHILD_EXTENSION Child, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status = Irp->IoStatus.Status;
    ULONG_PTR Information = Irp->IoStatus.Information;
    PDEVICE_CAPABILITIES Caps;
    PDEVICE_RELATIONS Relations;
    PBUS_EXTENSION Bus;
    WCHAR Text[40];

    switch (Stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
        /* No hardware behind it: nothing to start or stop. */
        Status = STATUS_SUCCESS;
        break;

    case IRP_MN_SURPRISE_REMOVAL:
        Child->SurpriseRemoved = TRUE;
        Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        Child->SurpriseRemoved = FALSE;
        if (!Child->ReportedMissing) {
            /* Disabled or restarted, but still plugged in: the PDO stays,
             * and can be started again. */
            Status = STATUS_SUCCESS;
            break;
        }
        Bus = Child->Bus;
        if (Bus) {
            ExAcquireFastMutex(&Bus->Mutex);
            RemoveEntryList(&Child->Link);
            ExReleaseFastMutex(&Bus->Mutex);
        }
        BusComplete(Irp, STATUS_SUCCESS, 0);
        IoDeleteDevice(Child->Self);
        return STATUS_SUCCESS;

    case IRP_MN_QUERY_ID:
        return ChildQueryId(Child, Irp);

    case IRP_MN_QUERY_DEVICE_TEXT:
        if (Stack->Parameters.QueryDeviceText.DeviceTextType == DeviceTextDescription) {
            RtlStringCchPrintfW(Text, RTL_NUMBER_OF(Text), L"Sample bus echo device %u",
                                Child->SerialNumber);
            Information = (ULONG_PTR)BusPoolString(Text, FALSE);
            Status = Information ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
        }
        break;

    case IRP_MN_QUERY_CAPABILITIES:
        Caps = Stack->Parameters.DeviceCapabilities.Capabilities;
        Caps->Removable = TRUE;
        Caps->SurpriseRemovalOK = TRUE;
        Caps->UniqueID = FALSE;
        Caps->Address = Child->SerialNumber;
        Caps->UINumber = Child->SerialNumber;
        Caps->DeviceState[PowerSystemWorking] = PowerDeviceD0;
        Status = STATUS_SUCCESS;
        break;

    case IRP_MN_QUERY_DEVICE_RELATIONS:
        /* A PDO answers for itself (the PnP manager's notifications). */
        if (Stack->Parameters.QueryDeviceRelations.Type != TargetDeviceRelation)
            break;
        Relations = ExAllocatePoolWithTag(PagedPool, sizeof *Relations, BUS_TAG);
        if (!Relations) {
            Status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        ObReferenceObject(Child->Self);
        Relations->Count = 1;
        Relations->Objects[0] = Child->Self;
        Information = (ULONG_PTR)Relations;
        Status = STATUS_SUCCESS;
        break;

    default:
        /* Left as it came: the status the PnP manager set. */
        break;
    }
    return BusComplete(Irp, Status, Information);
}

static NTSTATUS ChildPower(PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status = Irp->IoStatus.Status;

    PoStartNextPowerIrp(Irp);
    switch (Stack->MinorFunction) {
    case IRP_MN_SET_POWER:
        if (Stack->Parameters.Power.Type == DevicePowerState)
            PoSetPowerState(Stack->DeviceObject, DevicePowerState, Stack->Parameters.Power.State);
        Status = STATUS_SUCCESS;
        break;
    case IRP_MN_QUERY_POWER:
        Status = STATUS_SUCCESS;
        break;
    default:
        break;
    }
    return BusComplete(Irp, Status, Irp->IoStatus.Information);
}

/* ---- the bus's FDO -------------------------------------------------------- */

NTSTATUS BusSignal(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

/* BusRelations: the children plugged in, after any an upper driver gave. */
static NTSTATUS BusReportChildren(PBUS_EXTENSION Bus, PIRP Irp)
{
    PDEVICE_RELATIONS Old = (PDEVICE_RELATIONS)Irp->IoStatus.Information, New;
    ULONG OldCount = Old ? Old->Count : 0, Count = OldCount;
    PLIST_ENTRY Entry;

    ExAcquireFastMutex(&Bus->Mutex);
    for (Entry = Bus->Children.Flink; Entry != &Bus->Children; Entry = Entry->Flink)
        Count += CONTAINING_RECORD(Entry, CHILD_EXTENSION, Link)->Present;
    New = ExAllocatePoolWithTag(PagedPool,
                                FIELD_OFFSET(DEVICE_RELATIONS, Objects) + max(Count, 1) * sizeof(PVOID),
                                BUS_TAG);
    if (!New) {
        ExReleaseFastMutex(&Bus->Mutex);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (OldCount)
        RtlCopyMemory(New->Objects, Old->Objects, OldCount * sizeof(PVOID));
    New->Count = OldCount;
    for (Entry = Bus->Children.Flink; Entry != &Bus->Children; Entry = Entry->Flink) {
        PCHILD_EXTENSION Child = CONTAINING_RECORD(Entry, CHILD_EXTENSION, Link);
        if (!Child->Present) {
            Child->ReportedMissing = TRUE;
            continue;
        }
        ObReferenceObject(Child->Self);
        New->Objects[New->Count++] = Child->Self;
    }
    ExReleaseFastMutex(&Bus->Mutex);
    if (Old)
        ExFreePool(Old);
    Irp->IoStatus.Information = (ULONG_PTR)New;
    return STATUS_SUCCESS;
}

/* The bus goes: children the PnP manager no longer has go with it; one
 * still waiting for its REMOVE is left to delete itself then.  The list is
 * this routine's alone: the bus's requests are drained (the remove lock)
 * and PnP IRPs come one at a time. */
static VOID BusDeleteChildren(PBUS_EXTENSION Bus)
{
    while (!IsListEmpty(&Bus->Children)) {
        PCHILD_EXTENSION Child =
            CONTAINING_RECORD(RemoveHeadList(&Bus->Children), CHILD_EXTENSION, Link);
        if (Child->SurpriseRemoved) {
            Child->Bus = NULL;
            Child->ReportedMissing = TRUE;
        } else {
            IoDeleteDevice(Child->Self);
        }
    }
}

static NTSTATUS BusPnp(PBUS_EXTENSION Bus, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status = IoAcquireRemoveLock(&Bus->RemoveLock, Irp);
    KEVENT Done;

    if (!NT_SUCCESS(Status))
        return BusComplete(Irp, Status, 0);

    switch (Stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
        /* Down first, then finished on the way up. */
        KeInitializeEvent(&Done, NotificationEvent, FALSE);
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, BusSignal, &Done, TRUE, TRUE, TRUE);
        if (IoCallDriver(Bus->Lower, Irp) == STATUS_PENDING)
            KeWaitForSingleObject(&Done, Executive, KernelMode, FALSE, NULL);
        Status = Irp->IoStatus.Status;
        if (NT_SUCCESS(Status))
            Status = IoSetDeviceInterfaceState(&Bus->InterfaceName, TRUE);
        BusComplete(Irp, Status, 0);
        IoReleaseRemoveLock(&Bus->RemoveLock, Irp);
        return Status;

    case IRP_MN_QUERY_DEVICE_RELATIONS:
        if (Stack->Parameters.QueryDeviceRelations.Type != BusRelations)
            break;
        Status = BusReportChildren(Bus, Irp);
        if (!NT_SUCCESS(Status)) {
            BusComplete(Irp, Status, 0);
            IoReleaseRemoveLock(&Bus->RemoveLock, Irp);
            return Status;
        }
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
        /* The bus holds no resources and no requests. */
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_SURPRISE_REMOVAL:
        IoSetDeviceInterfaceState(&Bus->InterfaceName, FALSE);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        IoSetDeviceInterfaceState(&Bus->InterfaceName, FALSE);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        Status = IoCallDriver(Bus->Lower, Irp);
        IoReleaseRemoveLockAndWait(&Bus->RemoveLock, Irp);
        BusDeleteChildren(Bus);
        IoDetachDevice(Bus->Lower);
        RtlFreeUnicodeString(&Bus->InterfaceName);
        IoDeleteDevice(Bus->Self);
        return Status;

    default:
        break;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    Status = IoCallDriver(Bus->Lower, Irp);
    IoReleaseRemoveLock(&Bus->RemoveLock, Irp);
    return Status;
}

/* IOCTL_BUS_PLUG_IN and IOCTL_BUS_UNPLUG. */
static NTSTATUS BusPlug(PBUS_EXTENSION Bus, ULONG Code, ULONG SerialNumber)
{
    PCHILD_EXTENSION Child = NULL;
    PDEVICE_OBJECT Pdo;
    PLIST_ENTRY Entry;
    NTSTATUS Status = STATUS_SUCCESS;

    if (SerialNumber < 1 || SerialNumber > 99)
        return STATUS_INVALID_PARAMETER;
    ExAcquireFastMutex(&Bus->Mutex);
    for (Entry = Bus->Children.Flink; Entry != &Bus->Children; Entry = Entry->Flink)
        if (CONTAINING_RECORD(Entry, CHILD_EXTENSION, Link)->SerialNumber == SerialNumber)
            Child = CONTAINING_RECORD(Entry, CHILD_EXTENSION, Link);

    if (Code == IOCTL_BUS_UNPLUG) {
        if (Child && Child->Present)
            Child->Present = FALSE;
        else
            Status = STATUS_NO_SUCH_DEVICE;
    } else if (Child) {
        /* Plugged in, or unplugged and not yet removed. */
        Status = STATUS_OBJECT_NAME_COLLISION;
    } else {
        Status = IoCreateDevice(Bus->Self->DriverObject, sizeof(CHILD_EXTENSION), NULL,
                                FILE_DEVICE_UNKNOWN,
                                FILE_AUTOGENERATED_DEVICE_NAME | FILE_DEVICE_SECURE_OPEN, FALSE,
                                &Pdo);
        if (NT_SUCCESS(Status)) {
            Child = Pdo->DeviceExtension;
            Child->Self = Pdo;
            Child->Bus = Bus;
            Child->SerialNumber = SerialNumber;
            Child->Present = TRUE;
            InsertTailList(&Bus->Children, &Child->Link);
            Pdo->Flags |= DO_POWER_PAGABLE;
            Pdo->Flags &= ~DO_DEVICE_INITIALIZING;
        }
    }
    ExReleaseFastMutex(&Bus->Mutex);
    if (NT_SUCCESS(Status))
        IoInvalidateDeviceRelations(Bus->Pdo, BusRelations);
    return Status;
}

/* ---- dispatch ----------------------------------------------------------------- */

NTSTATUS BusDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PBUS_EXTENSION Bus = DeviceObject->DeviceExtension;
    if (Bus->IsFdo)
        return BusPnp(Bus, Irp);
    return ChildPnp(DeviceObject->DeviceExtension, Irp);
}

NTSTATUS BusDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PBUS_EXTENSION Bus = DeviceObject->DeviceExtension;
    NTSTATUS Status;

    if (!Bus->IsFdo)
        return ChildPower(Irp);
    PoStartNextPowerIrp(Irp);
    Status = IoAcquireRemoveLock(&Bus->RemoveLock, Irp);
    if (!NT_SUCCESS(Status))
        return BusComplete(Irp, Status, 0);
    IoSkipCurrentIrpStackLocation(Irp);
    Status = PoCallDriver(Bus->Lower, Irp);
    IoReleaseRemoveLock(&Bus->RemoveLock, Irp);
    return Status;
}

/* Create, cleanup, close and the bus's IOCTLs. */
NTSTATUS BusDispatchOther(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PBUS_EXTENSION Bus = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status;
    ULONG Code;

    if (!Bus->IsFdo) /* the children's requests go to echo.sys, above */
        return BusComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    if (Stack->MajorFunction != IRP_MJ_DEVICE_CONTROL)
        return BusComplete(Irp, STATUS_SUCCESS, 0);
    Status = IoAcquireRemoveLock(&Bus->RemoveLock, Irp);
    if (!NT_SUCCESS(Status))
        return BusComplete(Irp, Status, 0);
    Code = Stack->Parameters.DeviceIoControl.IoControlCode;
    if (Code != IOCTL_BUS_PLUG_IN && Code != IOCTL_BUS_UNPLUG)
        Status = STATUS_INVALID_DEVICE_REQUEST;
    else if (Stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG))
        Status = STATUS_BUFFER_TOO_SMALL;
    else
        Status = BusPlug(Bus, Code, *(PULONG)Irp->AssociatedIrp.SystemBuffer);
    BusComplete(Irp, Status, 0);
    IoReleaseRemoveLock(&Bus->RemoveLock, Irp);
    return Status;
}

NTSTATUS BusAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT Fdo;
    PBUS_EXTENSION Bus;
    NTSTATUS Status = IoCreateDevice(DriverObject, sizeof(BUS_EXTENSION), NULL,
                                     FILE_DEVICE_BUS_EXTENDER, FILE_DEVICE_SECURE_OPEN, FALSE, &Fdo);
    if (!NT_SUCCESS(Status))
        return Status;
    Bus = Fdo->DeviceExtension;
    Bus->IsFdo = TRUE;
    Bus->Self = Fdo;
    Bus->Pdo = Pdo;
    ExInitializeFastMutex(&Bus->Mutex);
    InitializeListHead(&Bus->Children);
    IoInitializeRemoveLock(&Bus->RemoveLock, BUS_TAG, 0, 0);
    Status = IoRegisterDeviceInterface(Pdo, &GUID_DEVINTERFACE_SAMPLE_BUS, NULL, &Bus->InterfaceName);
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(Fdo);
        return Status;
    }
    Bus->Lower = IoAttachDeviceToDeviceStack(Fdo, Pdo);
    if (!Bus->Lower) {
        RtlFreeUnicodeString(&Bus->InterfaceName);
        IoDeleteDevice(Fdo);
        return STATUS_NO_SUCH_DEVICE;
    }
    Fdo->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
    Fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID BusUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = BusDispatchOther;
    DriverObject->MajorFunction[IRP_MJ_PNP] = BusDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = BusDispatchPower;
    DriverObject->DriverExtension->AddDevice = BusAddDevice;
    DriverObject->DriverUnload = BusUnload;
    return STATUS_SUCCESS;
}
