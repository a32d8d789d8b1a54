/*
 * po/power.c - the power manager's DDIs for drivers: PoCallDriver,
 * PoStartNextPowerIrp, PoSetPowerState, PoRequestPowerIrp.
 *
 * Since Windows Vista power IRPs are no longer serialised per device:
 * PoCallDriver passes an IRP down like IoCallDriver, and
 * PoStartNextPowerIrp has nothing left to do (both are documented so).
 * A device's power state, as its driver last reported it with
 * PoSetPowerState, lives in its DEVOBJ_EXTENSION.
 */
#include "io/iop.h"
#include "ex/ex.h"

NTIO_EXPORT NTSTATUS PoCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    return IofCallDriver(DeviceObject, Irp);
}

NTIO_EXPORT VOID PoStartNextPowerIrp(PIRP Irp)
{
    UNREFERENCED_PARAMETER(Irp);
}

/* DEVOBJ_EXTENSION.PowerFlags: the system state in bits 0-3 and the
 * device state in bits 4-7, as Windows keeps them. */
NTIO_EXPORT POWER_STATE PoSetPowerState(PDEVICE_OBJECT DeviceObject, POWER_STATE_TYPE Type,
                                        POWER_STATE State)
{
    PDEVOBJ_EXTENSION Doe = DeviceObject->DeviceObjectExtension;
    POWER_STATE Old;
    ULONG Flags = Doe->PowerFlags;
    if (Type == DevicePowerState) {
        Old.DeviceState = (DEVICE_POWER_STATE)((Flags >> 4) & 0xF);
        if (Old.DeviceState == PowerDeviceUnspecified)
            Old.DeviceState = PowerDeviceD0;
        Doe->PowerFlags = (Flags & ~0xF0u) | (((ULONG)State.DeviceState & 0xF) << 4);
    } else {
        Old.SystemState = (SYSTEM_POWER_STATE)(Flags & 0xF);
        if (Old.SystemState == PowerSystemUnspecified)
            Old.SystemState = PowerSystemWorking;
        Doe->PowerFlags = (Flags & ~0xFu) | ((ULONG)State.SystemState & 0xF);
    }
    return Old;
}

typedef struct _PO_REQUEST {
    PREQUEST_POWER_COMPLETE Complete;
    PVOID Context;
    UCHAR Minor;
    POWER_STATE State;
    PDEVICE_OBJECT Pdo;
} PO_REQUEST, *PPO_REQUEST;

static NTSTATUS PopRequestDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PPO_REQUEST Request = Context;
    if (Request->Complete)
        Request->Complete(Request->Pdo, Request->Minor, Request->State, Request->Context,
                          &Irp->IoStatus);
    ObfDereferenceObject(Request->Pdo);
    ExFreePoolWithTag(Request, TAG('P', 'o', 'R', 'q'));
    IoFreeIrp(Irp);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

NTIO_EXPORT NTSTATUS PoRequestPowerIrp(PDEVICE_OBJECT DeviceObject, UCHAR MinorFunction,
                                       POWER_STATE PowerState,
                                       PREQUEST_POWER_COMPLETE CompletionFunction, PVOID Context,
                                       PIRP *Irp)
{
    if (MinorFunction != IRP_MN_SET_POWER && MinorFunction != IRP_MN_QUERY_POWER &&
        MinorFunction != IRP_MN_WAIT_WAKE)
        return STATUS_INVALID_PARAMETER_2;
    PDEVICE_OBJECT Top = IoGetAttachedDeviceReference(DeviceObject);
    PIRP New = IoAllocateIrp(Top->StackSize, FALSE);
    PPO_REQUEST Request = ExAllocatePoolWithTag(NonPagedPool, sizeof *Request,
                                                TAG('P', 'o', 'R', 'q'));
    if (!New || !Request) {
        if (New)
            IoFreeIrp(New);
        if (Request)
            ExFreePoolWithTag(Request, TAG('P', 'o', 'R', 'q'));
        ObfDereferenceObject(Top);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Request->Complete = CompletionFunction;
    Request->Context = Context;
    Request->Minor = MinorFunction;
    Request->State = PowerState;
    Request->Pdo = DeviceObject;
    ObfReferenceObject(DeviceObject);
    New->IoStatus.Status = STATUS_NOT_SUPPORTED;
    PIO_STACK_LOCATION Stack = IoGetNextIrpStackLocation(New);
    Stack->MajorFunction = IRP_MJ_POWER;
    Stack->MinorFunction = MinorFunction;
    if (MinorFunction == IRP_MN_WAIT_WAKE) {
        Stack->Parameters.WaitWake.PowerState = PowerState.SystemState;
    } else {
        Stack->Parameters.Power.Type = DevicePowerState;
        Stack->Parameters.Power.State = PowerState;
        Stack->Parameters.Power.ShutdownType = PowerActionNone;
    }
    IoSetCompletionRoutine(New, PopRequestDone, Request, TRUE, TRUE, TRUE);
    if (Irp)
        *Irp = New;
    IoCallDriver(Top, New);
    ObfDereferenceObject(Top);
    return STATUS_PENDING;
}
