/*
 * pnpecho.c - a WDM function driver, as PnP drivers are written: no device
 * in DriverEntry; AddDevice attaches a FDO to the PDO the PnP manager
 * found and registers a device interface; START is passed down first and
 * finished on the way up, then the interface is enabled; surprise removal
 * and removal fail the requests still held.  A "FailStart" value of 1 in
 * the device's Device Parameters key makes START fail.
 */
#include <ntddk.h>
#include <initguid.h>
#include "pnptest.h"

typedef struct _FDO_EXTENSION {
    PDEVICE_OBJECT Self, Pdo, Lower;
    UNICODE_STRING Interface;
    KSPIN_LOCK Lock;            /* guards Held and Gone */
    LIST_ENTRY Held;            /* IOCTL_ECHO_HOLD requests */
    BOOLEAN Gone;               /* surprise-removed or removed */
    BOOLEAN Failed;             /* IOCTL_ECHO_FAIL: reports PNP_DEVICE_FAILED */
    BOOLEAN VetoSleep;          /* IOCTL_ECHO_VETO_SLEEP: fails system QUERY_POWER */
    volatile LONG SleepIrps, WakeIrps, D3Irps, D0Irps;
    ULONG Policy;               /* IOCTL_ECHO_POLICY */
    BOOLEAN NewNeeds;           /* report PNP_DEVICE_RESOURCE_REQUIREMENTS_CHANGED once */
    BOOLEAN Stopped;            /* between STOP and the next START */
    LONG QueryStopIrps, CancelStopIrps, StopIrps, StartIrps, PagingFiles;
    DEVICE_POWER_STATE Power;
    WCHAR Greeting[32];
} FDO_EXTENSION, *PFDO_EXTENSION;

static volatile LONG AddDeviceCalls, StartCalls;

static NTSTATUS Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static VOID HeldCancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFDO_EXTENSION Fdo = DeviceObject->DeviceExtension;
    KIRQL OldIrql;
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    KeAcquireSpinLock(&Fdo->Lock, &OldIrql);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
    KeReleaseSpinLock(&Fdo->Lock, OldIrql);
    Complete(Irp, STATUS_CANCELLED, 0);
}

/* The device is going: fail what it holds, and take no more. */
static VOID FailHeld(PFDO_EXTENSION Fdo)
{
    LIST_ENTRY Failed;
    KIRQL OldIrql;
    InitializeListHead(&Failed);
    KeAcquireSpinLock(&Fdo->Lock, &OldIrql);
    Fdo->Gone = TRUE;
    while (!IsListEmpty(&Fdo->Held)) {
        PIRP Irp = CONTAINING_RECORD(RemoveHeadList(&Fdo->Held), IRP, Tail.Overlay.ListEntry);
        if (IoSetCancelRoutine(Irp, NULL))
            InsertTailList(&Failed, &Irp->Tail.Overlay.ListEntry);
        else
            InitializeListHead(&Irp->Tail.Overlay.ListEntry); /* its cancel routine runs */
    }
    KeReleaseSpinLock(&Fdo->Lock, OldIrql);
    while (!IsListEmpty(&Failed))
        Complete(CONTAINING_RECORD(RemoveHeadList(&Failed), IRP, Tail.Overlay.ListEntry),
                 STATUS_DELETE_PENDING, 0);
}

static NTSTATUS StartDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

/* Pass Irp down and wait for the lower drivers to finish it. */
static NTSTATUS ForwardAndWait(PFDO_EXTENSION Fdo, PIRP Irp)
{
    KEVENT Done;
    KeInitializeEvent(&Done, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, StartDone, &Done, TRUE, TRUE, TRUE);
    if (IoCallDriver(Fdo->Lower, Irp) == STATUS_PENDING)
        KeWaitForSingleObject(&Done, Executive, KernelMode, FALSE, NULL);
    return Irp->IoStatus.Status;
}

static VOID ReadParameters(PFDO_EXTENSION Fdo, PULONG FailStart)
{
    HANDLE Key;
    UCHAR Buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + 64];
    PKEY_VALUE_PARTIAL_INFORMATION Info = (PKEY_VALUE_PARTIAL_INFORMATION)Buffer;
    UNICODE_STRING Name;
    ULONG Length;
    *FailStart = 0;
    if (!NT_SUCCESS(IoOpenDeviceRegistryKey(Fdo->Pdo, PLUGPLAY_REGKEY_DEVICE, KEY_READ, &Key)))
        return;
    RtlInitUnicodeString(&Name, L"FailStart");
    if (NT_SUCCESS(ZwQueryValueKey(Key, &Name, KeyValuePartialInformation, Info, sizeof Buffer,
                                   &Length)) &&
        Info->Type == REG_DWORD)
        *FailStart = *(PULONG)Info->Data;
    RtlInitUnicodeString(&Name, L"Greeting");
    if (NT_SUCCESS(ZwQueryValueKey(Key, &Name, KeyValuePartialInformation, Info,
                                   sizeof Buffer - sizeof(WCHAR), &Length)) &&
        Info->Type == REG_SZ && Info->DataLength < sizeof Fdo->Greeting)
        RtlCopyMemory(Fdo->Greeting, Info->Data, Info->DataLength);
    ZwClose(Key);
}

static NTSTATUS DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFDO_EXTENSION Fdo = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status;
    ULONG FailStart;

    switch (Stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
        Status = ForwardAndWait(Fdo, Irp);
        if (NT_SUCCESS(Status)) {
            InterlockedIncrement(&StartCalls);
            ReadParameters(Fdo, &FailStart);
            if (FailStart)
                Status = STATUS_DEVICE_CONFIGURATION_ERROR;
        }
        if (NT_SUCCESS(Status)) {
            POWER_STATE D0;
            D0.DeviceState = PowerDeviceD0;
            Fdo->Power = PowerDeviceD0;
            PoSetPowerState(DeviceObject, DevicePowerState, D0);
            /* Started again after a stop: its interface stayed enabled. */
            if (!Fdo->Stopped)
                Status = IoSetDeviceInterfaceState(&Fdo->Interface, TRUE);
            /* Still starting a while after the interface is enabled: nobody
             * may hear of it before the START completes. */
            LARGE_INTEGER Delay = { .QuadPart = -20 * 10000 };
            KeDelayExecutionThread(KernelMode, FALSE, &Delay);
            Fdo->Stopped = FALSE;
            Fdo->StartIrps++;
        }
        return Complete(Irp, Status, 0);
    case IRP_MN_SURPRISE_REMOVAL:
        IoSetDeviceInterfaceState(&Fdo->Interface, FALSE);
        FailHeld(Fdo);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;
    case IRP_MN_REMOVE_DEVICE:
        FailHeld(Fdo);
        IoSetDeviceInterfaceState(&Fdo->Interface, FALSE);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        Status = IoCallDriver(Fdo->Lower, Irp);
        IoDetachDevice(Fdo->Lower);
        RtlFreeUnicodeString(&Fdo->Interface);
        IoDeleteDevice(DeviceObject);
        return Status;
    case IRP_MN_QUERY_PNP_DEVICE_STATE:
        if (Fdo->Failed) {
            Irp->IoStatus.Information |= PNP_DEVICE_FAILED;
            Irp->IoStatus.Status = STATUS_SUCCESS;
        }
        if (Fdo->NewNeeds) {
            Fdo->NewNeeds = FALSE;
            Irp->IoStatus.Information |= PNP_DEVICE_RESOURCE_REQUIREMENTS_CHANGED;
            Irp->IoStatus.Status = STATUS_SUCCESS;
        }
        break;
    case IRP_MN_QUERY_STOP_DEVICE:
        Fdo->QueryStopIrps++;
        if (Fdo->Policy & ECHO_POLICY_VETO_STOP)
            return Complete(Irp, STATUS_UNSUCCESSFUL, 0); /* not passed down */
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;
    case IRP_MN_CANCEL_STOP_DEVICE:
        Fdo->CancelStopIrps++;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;
    case IRP_MN_STOP_DEVICE:
        if (Fdo->Stopped)
            DbgPrint("pnpecho: a second STOP without a START between\n");
        Fdo->StopIrps++;
        Fdo->Stopped = TRUE;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;
    case IRP_MN_DEVICE_USAGE_NOTIFICATION:
        if (Stack->Parameters.UsageNotification.Type != DeviceUsageTypePaging ||
            !(Fdo->Policy & ECHO_POLICY_PAGING)) {
            if (Stack->Parameters.UsageNotification.InPath)
                return Complete(Irp, STATUS_UNSUCCESSFUL, 0); /* cannot hold it */
            break;
        }
        Fdo->PagingFiles += Stack->Parameters.UsageNotification.InPath ? 1 : -1;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;
    default:
        break;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(Fdo->Lower, Irp);
}

/* The device IRP asked for a system IRP is done: the system IRP goes on
 * down, as the power policy owner of a WDM stack does it. */
static VOID DeviceIrpDone(PDEVICE_OBJECT DeviceObject, UCHAR MinorFunction, POWER_STATE PowerState,
                          PVOID Context, PIO_STATUS_BLOCK IoStatus)
{
    PIRP SystemIrp = Context;
    PFDO_EXTENSION Fdo = IoGetCurrentIrpStackLocation(SystemIrp)->DeviceObject->DeviceExtension;
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(MinorFunction);
    UNREFERENCED_PARAMETER(PowerState);
    UNREFERENCED_PARAMETER(IoStatus);
    PoStartNextPowerIrp(SystemIrp);
    IoSkipCurrentIrpStackLocation(SystemIrp);
    PoCallDriver(Fdo->Lower, SystemIrp);
}

static NTSTATUS DispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFDO_EXTENSION Fdo = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    if (Stack->Parameters.Power.Type == SystemPowerState) {
        SYSTEM_POWER_STATE S = Stack->Parameters.Power.State.SystemState;
        if (Stack->MinorFunction == IRP_MN_QUERY_POWER && S != PowerSystemWorking && Fdo->VetoSleep) {
            PoStartNextPowerIrp(Irp);
            return Complete(Irp, STATUS_UNSUCCESSFUL, 0);
        }
        if (Stack->MinorFunction == IRP_MN_SET_POWER) {
            /* S0 means D0, any sleep D3: ask for the device IRP first. */
            POWER_STATE D;
            D.DeviceState = S == PowerSystemWorking ? PowerDeviceD0 : PowerDeviceD3;
            InterlockedIncrement(S == PowerSystemWorking ? &Fdo->WakeIrps : &Fdo->SleepIrps);
            IoMarkIrpPending(Irp);
            if (!NT_SUCCESS(PoRequestPowerIrp(Fdo->Pdo, IRP_MN_SET_POWER, D, DeviceIrpDone, Irp,
                                              NULL)))
                DeviceIrpDone(DeviceObject, IRP_MN_SET_POWER, D, Irp, NULL);
            return STATUS_PENDING;
        }
    } else if (Stack->MinorFunction == IRP_MN_SET_POWER) {
        Fdo->Power = Stack->Parameters.Power.State.DeviceState;
        InterlockedIncrement(Fdo->Power == PowerDeviceD0 ? &Fdo->D0Irps : &Fdo->D3Irps);
        PoSetPowerState(DeviceObject, DevicePowerState, Stack->Parameters.Power.State);
    }
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(Fdo->Lower, Irp);
}

static NTSTATUS DispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFDO_EXTENSION Fdo = DeviceObject->DeviceExtension;
    if (IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_CREATE && Fdo->Gone)
        return Complete(Irp, STATUS_NO_SUCH_DEVICE, 0);
    return Complete(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS DispatchControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFDO_EXTENSION Fdo = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    KIRQL OldIrql;
    if (Fdo->Gone)
        return Complete(Irp, STATUS_DELETE_PENDING, 0);
    switch (Stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_ECHO_INFO: {
        ECHO_INFO *Info = Irp->AssociatedIrp.SystemBuffer;
        ULONG Length;
        WCHAR Ids[128];
        if (Stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof *Info)
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        RtlZeroMemory(Info, sizeof *Info);
        Info->AddDeviceCalls = (ULONG)AddDeviceCalls;
        Info->StartCalls = (ULONG)StartCalls;
        Info->FilterAbove = DeviceObject->AttachedDevice != NULL;
        PDEVICE_OBJECT Lower = IoGetLowerDeviceObject(DeviceObject);
        Info->FdoOnPdo = Lower == Fdo->Pdo;
        if (Lower)
            ObDereferenceObject(Lower);
        Info->DevicePowerState = Fdo->Power;
        if (NT_SUCCESS(IoGetDeviceProperty(Fdo->Pdo, DevicePropertyHardwareID, sizeof Ids, Ids,
                                           &Length)))
            RtlCopyMemory(Info->HardwareId, Ids, min(Length, sizeof Info->HardwareId - sizeof(WCHAR)));
        if (NT_SUCCESS(IoGetDeviceProperty(Fdo->Pdo, DevicePropertyEnumeratorName,
                                           sizeof Info->Enumerator, Info->Enumerator, &Length)))
            ;
        RtlCopyMemory(Info->Greeting, Fdo->Greeting, sizeof Info->Greeting);
        Info->SleepIrps = (ULONG)Fdo->SleepIrps;
        Info->WakeIrps = (ULONG)Fdo->WakeIrps;
        Info->D3Irps = (ULONG)Fdo->D3Irps;
        Info->D0Irps = (ULONG)Fdo->D0Irps;
        Info->QueryStopIrps = (ULONG)Fdo->QueryStopIrps;
        Info->CancelStopIrps = (ULONG)Fdo->CancelStopIrps;
        Info->StopIrps = (ULONG)Fdo->StopIrps;
        Info->StartIrps = (ULONG)Fdo->StartIrps;
        Info->PagingFiles = (ULONG)Fdo->PagingFiles;
        return Complete(Irp, STATUS_SUCCESS, sizeof *Info);
    }
    case IOCTL_ECHO_FAIL:
        Fdo->Failed = TRUE;
        IoInvalidateDeviceState(Fdo->Pdo);
        return Complete(Irp, STATUS_SUCCESS, 0);
    case IOCTL_ECHO_POLICY:
        if (Stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG))
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        Fdo->Policy = *(PULONG)Irp->AssociatedIrp.SystemBuffer;
        if (Fdo->Policy & ECHO_POLICY_NEW_NEEDS) {
            Fdo->NewNeeds = TRUE;
            IoInvalidateDeviceState(Fdo->Pdo);
        }
        return Complete(Irp, STATUS_SUCCESS, 0);
    case IOCTL_ECHO_VETO_SLEEP:
        if (Stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG))
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        Fdo->VetoSleep = *(PULONG)Irp->AssociatedIrp.SystemBuffer != 0;
        return Complete(Irp, STATUS_SUCCESS, 0);
    case IOCTL_ECHO_HOLD:
        KeAcquireSpinLock(&Fdo->Lock, &OldIrql);
        IoMarkIrpPending(Irp);
        InsertTailList(&Fdo->Held, &Irp->Tail.Overlay.ListEntry);
        IoSetCancelRoutine(Irp, HeldCancel);
        if (Irp->Cancel && IoSetCancelRoutine(Irp, NULL)) {
            RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
            KeReleaseSpinLock(&Fdo->Lock, OldIrql);
            Complete(Irp, STATUS_CANCELLED, 0);
            return STATUS_PENDING;
        }
        KeReleaseSpinLock(&Fdo->Lock, OldIrql);
        return STATUS_PENDING;
    default:
        return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

static NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT Device;
    NTSTATUS Status = IoCreateDevice(DriverObject, sizeof(FDO_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    PFDO_EXTENSION Fdo = Device->DeviceExtension;
    RtlZeroMemory(Fdo, sizeof *Fdo);
    Fdo->Self = Device;
    Fdo->Pdo = Pdo;
    KeInitializeSpinLock(&Fdo->Lock);
    InitializeListHead(&Fdo->Held);
    Fdo->Power = PowerDeviceD3;
    Status = IoRegisterDeviceInterface(Pdo, &GUID_DEVINTERFACE_NTIO_ECHO, NULL, &Fdo->Interface);
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(Device);
        return Status;
    }
    Fdo->Lower = IoAttachDeviceToDeviceStack(Device, Pdo);
    if (!Fdo->Lower) {
        RtlFreeUnicodeString(&Fdo->Interface);
        IoDeleteDevice(Device);
        return STATUS_NO_SUCH_DEVICE;
    }
    Device->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
    Device->Flags &= ~DO_DEVICE_INITIALIZING;
    InterlockedIncrement(&AddDeviceCalls);
    return STATUS_SUCCESS;
}

static VOID Unload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->DriverExtension->AddDevice = AddDevice;
    DriverObject->DriverUnload = Unload;
    DriverObject->MajorFunction[IRP_MJ_PNP] = DispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = DispatchPower;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchControl;
    return STATUS_SUCCESS;
}
