/*
 * pnpbus.c - a bus driver whose children are plugged in and unplugged by
 * its application (IOCTL_BUS_PLUG / IOCTL_BUS_UNPLUG on the bus's device
 * interface).  Its FDO reports the children present in BusRelations; each
 * child is a PDO with hardware ID NTIOBUS\ECHO, on which the PnP manager
 * loads the function driver installed for that ID.  A child's PDO is
 * deleted when it has been unplugged and the PnP manager removes it, as the
 * WDM rules for bus drivers say.  Children numbered RAW_CHILD_FIRST up to
 * EJECT_CHILD_FIRST are raw devices: hardware ID NTIOBUS\RAW, which no driver is installed
 * for, RawDeviceOK, and the bus driver itself answers their requests
 * through an interface it registers on the PDO.  Children numbered
 * EJECT_CHILD_FIRST and up can be ejected and name relations (pnptest.h).
 */
#include <ntddk.h>
#include <ntstrsafe.h>
#include <initguid.h>
#include "pnptest.h"

typedef struct _BUS_COMMON {
    BOOLEAN IsFdo;
} BUS_COMMON;

typedef struct _BUS_FDO {
    BUS_COMMON Common;
    PDEVICE_OBJECT Self, Pdo, Lower;
    UNICODE_STRING Interface;
    FAST_MUTEX Lock;            /* guards Children and each child's Present */
    LIST_ENTRY Children;
} BUS_FDO, *PBUS_FDO;

typedef struct _BUS_PDO {
    BUS_COMMON Common;
    PDEVICE_OBJECT Self;
    PBUS_FDO Bus;
    ULONG Number;
    BOOLEAN Present;            /* plugged in */
    BOOLEAN Raw;                /* Number >= RAW_CHILD_FIRST */
    UNICODE_STRING Interface;   /* a raw child's */
    LIST_ENTRY Link;
} BUS_PDO, *PBUS_PDO;

static NTSTATUS Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

/* A pool copy of Text (PnP IRP answers are freed by the PnP manager). */
static PWCHAR PoolString(PCWSTR Text, BOOLEAN Multi)
{
    SIZE_T Chars = 0;
    while (Text[Chars])
        Chars++;
    SIZE_T Bytes = (Chars + (Multi ? 2 : 1)) * sizeof(WCHAR);
    PWCHAR Copy = ExAllocatePoolWithTag(PagedPool, Bytes, 'suBN');
    if (Copy) {
        RtlZeroMemory(Copy, Bytes);
        RtlCopyMemory(Copy, Text, Chars * sizeof(WCHAR));
    }
    return Copy;
}

/* ---- the children ---- */

/* The child plugged in with Number, its PDO referenced; or NULL. */
static PBUS_PDO FindChild(PBUS_FDO Bus, ULONG Number)
{
    PBUS_PDO Found = NULL;
    ExAcquireFastMutex(&Bus->Lock);
    for (PLIST_ENTRY E = Bus->Children.Flink; E != &Bus->Children && !Found; E = E->Flink) {
        PBUS_PDO Child = CONTAINING_RECORD(E, BUS_PDO, Link);
        if (Child->Number == Number && Child->Present) {
            ObReferenceObject(Child->Self);
            Found = Child;
        }
    }
    ExReleaseFastMutex(&Bus->Lock);
    return Found;
}

static NTSTATUS ChildPnp(PBUS_PDO Child, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status = Irp->IoStatus.Status;
    ULONG_PTR Information = Irp->IoStatus.Information;
    WCHAR Text[64];

    switch (Stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
        /* Started raw: nobody above registers an interface for it. */
        if (Child->Raw && !Child->Interface.Buffer) {
            Status = IoRegisterDeviceInterface(Child->Self, &GUID_DEVINTERFACE_NTIO_RAW, NULL,
                                               &Child->Interface);
            if (NT_SUCCESS(Status))
                Status = IoSetDeviceInterfaceState(&Child->Interface, TRUE);
            break;
        }
        Status = STATUS_SUCCESS;
        break;
    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
    case IRP_MN_SURPRISE_REMOVAL:
        Status = STATUS_SUCCESS;
        break;
    case IRP_MN_REMOVE_DEVICE: {
        PBUS_FDO Bus = Child->Bus;
        BOOLEAN Delete;
        ExAcquireFastMutex(&Bus->Lock);
        Delete = !Child->Present;
        if (Delete)
            RemoveEntryList(&Child->Link);
        ExReleaseFastMutex(&Bus->Lock);
        if (Child->Interface.Buffer) {
            IoSetDeviceInterfaceState(&Child->Interface, FALSE);
            RtlFreeUnicodeString(&Child->Interface);
        }
        Complete(Irp, STATUS_SUCCESS, 0);
        if (Delete)
            IoDeleteDevice(Child->Self);
        return STATUS_SUCCESS;
    }
    case IRP_MN_QUERY_ID:
        switch (Stack->Parameters.QueryId.IdType) {
        case BusQueryDeviceID:
            Information = (ULONG_PTR)PoolString(Child->Raw ? L"NTIOBUS\\RAW" : L"NTIOBUS\\ECHO",
                                                FALSE);
            break;
        case BusQueryInstanceID:
            RtlStringCchPrintfW(Text, RTL_NUMBER_OF(Text), L"%04u", Child->Number);
            Information = (ULONG_PTR)PoolString(Text, FALSE);
            break;
        case BusQueryHardwareIDs:
            Information = (ULONG_PTR)PoolString(Child->Raw ? L"NTIOBUS\\RAW" : L"NTIOBUS\\ECHO",
                                                TRUE);
            break;
        case BusQueryCompatibleIDs:
            Information = (ULONG_PTR)PoolString(L"NTIOBUS\\GENERIC", TRUE);
            break;
        default:
            return Complete(Irp, Status, Information);
        }
        Status = Information ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
        break;
    case IRP_MN_QUERY_DEVICE_TEXT:
        if (Stack->Parameters.QueryDeviceText.DeviceTextType == DeviceTextDescription) {
            RtlStringCchPrintfW(Text, RTL_NUMBER_OF(Text), L"ntio test bus echo %u", Child->Number);
            Information = (ULONG_PTR)PoolString(Text, FALSE);
            Status = Information ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
        }
        break;
    case IRP_MN_QUERY_CAPABILITIES: {
        PDEVICE_CAPABILITIES Caps = Stack->Parameters.DeviceCapabilities.Capabilities;
        Caps->Removable = TRUE;
        Caps->SurpriseRemovalOK = TRUE;
        Caps->UniqueID = TRUE;
        Caps->Address = Child->Number;
        Caps->UINumber = Child->Number;
        Caps->RawDeviceOK = Child->Raw;
        Caps->EjectSupported = Child->Number >= EJECT_CHILD_FIRST;
        Caps->DeviceState[PowerSystemWorking] = PowerDeviceD0;
        Status = STATUS_SUCCESS;
        break;
    }
    case IRP_MN_EJECT:
        if (Child->Number < EJECT_CHILD_FIRST)
            break; /* not ejectable: left as it came */
        /* Out of its slot: the bus no longer reports it. */
        ExAcquireFastMutex(&Child->Bus->Lock);
        Child->Present = FALSE;
        ExReleaseFastMutex(&Child->Bus->Lock);
        IoInvalidateDeviceRelations(Child->Bus->Pdo, BusRelations);
        Status = STATUS_SUCCESS;
        break;
    case IRP_MN_QUERY_DEVICE_RELATIONS:
        if ((Stack->Parameters.QueryDeviceRelations.Type == EjectionRelations &&
             Child->Number >= EJECT_CHILD_FIRST && Child->Number % 4 == 0) ||
            (Stack->Parameters.QueryDeviceRelations.Type == RemovalRelations &&
             Child->Number >= EJECT_CHILD_FIRST && Child->Number % 4 == 2)) {
            PBUS_PDO Next = FindChild(Child->Bus, Child->Number + 1);
            if (!Next)
                break;
            PDEVICE_RELATIONS Relations = ExAllocatePoolWithTag(PagedPool, sizeof *Relations, 'suBN');
            if (!Relations) {
                ObDereferenceObject(Next->Self);
                Status = STATUS_INSUFFICIENT_RESOURCES;
                break;
            }
            Relations->Count = 1;
            Relations->Objects[0] = Next->Self; /* FindChild's reference goes with it */
            Information = (ULONG_PTR)Relations;
            Status = STATUS_SUCCESS;
        } else if (Stack->Parameters.QueryDeviceRelations.Type == TargetDeviceRelation) {
            PDEVICE_RELATIONS Relations = ExAllocatePoolWithTag(PagedPool, sizeof *Relations, 'suBN');
            if (!Relations) {
                Status = STATUS_INSUFFICIENT_RESOURCES;
                break;
            }
            ObReferenceObject(Child->Self);
            Relations->Count = 1;
            Relations->Objects[0] = Child->Self;
            Information = (ULONG_PTR)Relations;
            Status = STATUS_SUCCESS;
        }
        break;
    case IRP_MN_QUERY_RESOURCES:
    case IRP_MN_QUERY_RESOURCE_REQUIREMENTS:
        Information = 0;
        Status = STATUS_SUCCESS;
        break;
    default:
        break;
    }
    return Complete(Irp, Status, Information);
}

/* ---- the bus ---- */

static NTSTATUS WaitDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS BusPnp(PBUS_FDO Bus, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    switch (Stack->MinorFunction) {
    case IRP_MN_START_DEVICE: {
        KEVENT Done;
        KeInitializeEvent(&Done, NotificationEvent, FALSE);
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, WaitDone, &Done, TRUE, TRUE, TRUE);
        if (IoCallDriver(Bus->Lower, Irp) == STATUS_PENDING)
            KeWaitForSingleObject(&Done, Executive, KernelMode, FALSE, NULL);
        NTSTATUS Status = Irp->IoStatus.Status;
        if (NT_SUCCESS(Status))
            Status = IoSetDeviceInterfaceState(&Bus->Interface, TRUE);
        return Complete(Irp, Status, 0);
    }
    case IRP_MN_QUERY_DEVICE_RELATIONS: {
        if (Stack->Parameters.QueryDeviceRelations.Type != BusRelations)
            break;
        ULONG Count = 0;
        ExAcquireFastMutex(&Bus->Lock);
        for (PLIST_ENTRY E = Bus->Children.Flink; E != &Bus->Children; E = E->Flink)
            Count += CONTAINING_RECORD(E, BUS_PDO, Link)->Present;
        PDEVICE_RELATIONS Relations = ExAllocatePoolWithTag(
            PagedPool, FIELD_OFFSET(DEVICE_RELATIONS, Objects) + (Count + 1) * sizeof(PVOID), 'suBN');
        if (!Relations) {
            ExReleaseFastMutex(&Bus->Lock);
            return Complete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
        }
        Relations->Count = 0;
        for (PLIST_ENTRY E = Bus->Children.Flink; E != &Bus->Children; E = E->Flink) {
            PBUS_PDO Child = CONTAINING_RECORD(E, BUS_PDO, Link);
            if (!Child->Present)
                continue;
            ObReferenceObject(Child->Self);
            Relations->Objects[Relations->Count++] = Child->Self;
        }
        ExReleaseFastMutex(&Bus->Lock);
        Irp->IoStatus.Information = (ULONG_PTR)Relations;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;
    }
    case IRP_MN_REMOVE_DEVICE: {
        IoSetDeviceInterfaceState(&Bus->Interface, FALSE);
        /* The children go with the bus: the PnP manager removed their
         * stacks first, and those it never saw have none. */
        ExAcquireFastMutex(&Bus->Lock);
        while (!IsListEmpty(&Bus->Children)) {
            PBUS_PDO Child = CONTAINING_RECORD(RemoveHeadList(&Bus->Children), BUS_PDO, Link);
            InitializeListHead(&Child->Link);
            Child->Present = FALSE;
            IoDeleteDevice(Child->Self);
        }
        ExReleaseFastMutex(&Bus->Lock);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        NTSTATUS Status = IoCallDriver(Bus->Lower, Irp);
        IoDetachDevice(Bus->Lower);
        RtlFreeUnicodeString(&Bus->Interface);
        IoDeleteDevice(Bus->Self);
        return Status;
    }
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
    case IRP_MN_SURPRISE_REMOVAL:
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;
    default:
        break;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(Bus->Lower, Irp);
}

static NTSTATUS BusControl(PBUS_FDO Bus, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG Code = Stack->Parameters.DeviceIoControl.IoControlCode;
    if ((Code != IOCTL_BUS_PLUG && Code != IOCTL_BUS_UNPLUG && Code != IOCTL_BUS_EJECT) ||
        Stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG))
        return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    ULONG Number = *(PULONG)Irp->AssociatedIrp.SystemBuffer;
    if (Code == IOCTL_BUS_EJECT) {
        /* The child's eject button: the PnP manager takes it from here. */
        PBUS_PDO Child = FindChild(Bus, Number);
        if (!Child)
            return Complete(Irp, STATUS_NO_SUCH_DEVICE, 0);
        IoRequestDeviceEject(Child->Self);
        ObDereferenceObject(Child->Self);
        return Complete(Irp, STATUS_SUCCESS, 0);
    }
    PBUS_PDO Found = NULL;
    ExAcquireFastMutex(&Bus->Lock);
    for (PLIST_ENTRY E = Bus->Children.Flink; E != &Bus->Children; E = E->Flink) {
        PBUS_PDO Child = CONTAINING_RECORD(E, BUS_PDO, Link);
        if (Child->Number == Number)
            Found = Child;
    }
    NTSTATUS Status = STATUS_SUCCESS;
    if (Code == IOCTL_BUS_UNPLUG) {
        if (Found && Found->Present)
            Found->Present = FALSE;
        else
            Status = STATUS_NO_SUCH_DEVICE;
    } else if (Found && Found->Present) {
        Status = STATUS_OBJECT_NAME_COLLISION;
    } else if (Found) {
        Found->Present = TRUE; /* plugged in again before it was removed */
    } else {
        PDEVICE_OBJECT Pdo;
        Status = IoCreateDevice(Bus->Self->DriverObject, sizeof(BUS_PDO), NULL, FILE_DEVICE_UNKNOWN,
                                FILE_AUTOGENERATED_DEVICE_NAME | FILE_DEVICE_SECURE_OPEN, FALSE,
                                &Pdo);
        if (NT_SUCCESS(Status)) {
            PBUS_PDO Child = Pdo->DeviceExtension;
            RtlZeroMemory(Child, sizeof *Child);
            Child->Self = Pdo;
            Child->Bus = Bus;
            Child->Number = Number;
            Child->Present = TRUE;
            Child->Raw = Number >= RAW_CHILD_FIRST && Number < EJECT_CHILD_FIRST;
            InsertTailList(&Bus->Children, &Child->Link);
            Pdo->Flags |= DO_BUS_ENUMERATED_DEVICE | DO_POWER_PAGABLE;
            Pdo->Flags &= ~DO_DEVICE_INITIALIZING;
        }
    }
    ExReleaseFastMutex(&Bus->Lock);
    if (NT_SUCCESS(Status))
        IoInvalidateDeviceRelations(Bus->Pdo, BusRelations);
    return Complete(Irp, Status, 0);
}

static NTSTATUS DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    BUS_COMMON *Common = DeviceObject->DeviceExtension;
    return Common->IsFdo ? BusPnp((PBUS_FDO)Common, Irp) : ChildPnp((PBUS_PDO)Common, Irp);
}

static NTSTATUS DispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    BUS_COMMON *Common = DeviceObject->DeviceExtension;
    PoStartNextPowerIrp(Irp);
    if (Common->IsFdo) {
        IoSkipCurrentIrpStackLocation(Irp);
        return PoCallDriver(((PBUS_FDO)Common)->Lower, Irp);
    }
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status = Irp->IoStatus.Status;
    if (Stack->MinorFunction == IRP_MN_SET_POWER || Stack->MinorFunction == IRP_MN_QUERY_POWER)
        Status = STATUS_SUCCESS;
    return Complete(Irp, Status, 0);
}

static NTSTATUS DispatchOther(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    BUS_COMMON *Common = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    if (!Common->IsFdo) {
        /* A raw child is opened and used with no function driver above. */
        PBUS_PDO Child = (PBUS_PDO)Common;
        if (!Child->Raw)
            return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
        if (Stack->MajorFunction != IRP_MJ_DEVICE_CONTROL)
            return Complete(Irp, STATUS_SUCCESS, 0); /* create, close, cleanup */
        if (Stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_RAW_NUMBER)
            return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
        if (Stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG))
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        *(PULONG)Irp->AssociatedIrp.SystemBuffer = Child->Number;
        return Complete(Irp, STATUS_SUCCESS, sizeof(ULONG));
    }
    if (Stack->MajorFunction == IRP_MJ_DEVICE_CONTROL)
        return BusControl((PBUS_FDO)Common, Irp);
    return Complete(Irp, STATUS_SUCCESS, 0); /* create, close, cleanup */
}

static NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT Device;
    NTSTATUS Status = IoCreateDevice(DriverObject, sizeof(BUS_FDO), NULL, FILE_DEVICE_BUS_EXTENDER,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    PBUS_FDO Bus = Device->DeviceExtension;
    RtlZeroMemory(Bus, sizeof *Bus);
    Bus->Common.IsFdo = TRUE;
    Bus->Self = Device;
    Bus->Pdo = Pdo;
    ExInitializeFastMutex(&Bus->Lock);
    InitializeListHead(&Bus->Children);
    Status = IoRegisterDeviceInterface(Pdo, &GUID_DEVINTERFACE_NTIO_BUS, NULL, &Bus->Interface);
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(Device);
        return Status;
    }
    Bus->Lower = IoAttachDeviceToDeviceStack(Device, Pdo);
    Device->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
    Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static VOID Unload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = DispatchOther;
    DriverObject->MajorFunction[IRP_MJ_PNP] = DispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = DispatchPower;
    DriverObject->DriverExtension->AddDevice = AddDevice;
    DriverObject->DriverUnload = Unload;
    return STATUS_SUCCESS;
}
