/*
 * pnp/irp.c - the PnP IRPs the PnP manager sends (and the power manager's
 * system power IRPs), synchronously, to the top of a device's stack, as
 * Windows' IopSynchronousCall does: the IRP
 * starts as STATUS_NOT_SUPPORTED (a driver that does not handle a minor
 * code passes it down untouched, and the bus driver leaves it so), the
 * completion routine stops completion so the manager reads the result
 * and frees the IRP itself.
 */
#include "pnp.h"

static NTSTATUS PpIrpDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

NTSTATUS PpSendPnpIrp(PDEVICE_OBJECT Pdo, const IO_STACK_LOCATION *Stack, ULONG_PTR *Information)
{
    IO_STACK_LOCATION Pnp = *Stack;
    Pnp.MajorFunction = IRP_MJ_PNP;
    return PpSendIrp(Pdo, &Pnp, Information);
}

NTSTATUS PpSendIrp(PDEVICE_OBJECT Pdo, const IO_STACK_LOCATION *Stack, ULONG_PTR *Information)
{
    PDEVICE_OBJECT Top = IoGetAttachedDeviceReference(Pdo);
    KEVENT Done;
    PIRP Irp = IoAllocateIrp(Top->StackSize, FALSE);
    if (Information)
        *Information = 0;
    if (!Irp) {
        ObfDereferenceObject(Top);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeEvent(&Done, NotificationEvent, FALSE);
    Irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    Irp->IoStatus.Information = 0;
    PIO_STACK_LOCATION Next = IoGetNextIrpStackLocation(Irp);
    *Next = *Stack;
    Next->DeviceObject = NULL;
    Next->FileObject = NULL;
    IoSetCompletionRoutine(Irp, PpIrpDone, &Done, TRUE, TRUE, TRUE);
    /* Pending or not, the completion routine sets the event.  A power IRP
     * a driver never completes is Windows' DRIVER_POWER_STATE_FAILURE
     * (0x9F, 3): reported, not waited for forever. */
    IoCallDriver(Top, Irp);
    if (Stack->MajorFunction == IRP_MJ_POWER) {
        LARGE_INTEGER Limit = { .QuadPart = -(LONGLONG)(IopHangTimeoutNs / 100) };
        if (KeWaitForSingleObject(&Done, Executive, KernelMode, FALSE, &Limit) == STATUS_TIMEOUT) {
            IopReportIrp(stderr, Irp, "a power IRP its driver neither completed nor passed on");
            KeBugCheckEx(0x9F /* DRIVER_POWER_STATE_FAILURE */, 3, (ULONG_PTR)Pdo,
                         (ULONG_PTR)Top, (ULONG_PTR)Irp);
        }
    } else {
        KeWaitForSingleObject(&Done, Executive, KernelMode, FALSE, NULL);
    }
    NTSTATUS Status = Irp->IoStatus.Status;
    if (Information)
        *Information = Irp->IoStatus.Information;
    IoFreeIrp(Irp);
    ObfDereferenceObject(Top);
    return Status;
}

NTSTATUS PpQueryId(PDEVICE_OBJECT Pdo, BUS_QUERY_ID_TYPE Type, PWSTR *Id)
{
    IO_STACK_LOCATION Stack = { .MinorFunction = IRP_MN_QUERY_ID };
    ULONG_PTR Info;
    Stack.Parameters.QueryId.IdType = Type;
    NTSTATUS Status = PpSendPnpIrp(Pdo, &Stack, &Info);
    *Id = NT_SUCCESS(Status) ? (PWSTR)Info : NULL;
    if (NT_SUCCESS(Status) && !Info)
        Status = STATUS_NOT_SUPPORTED;
    return Status;
}

NTSTATUS PpQueryDeviceText(PDEVICE_OBJECT Pdo, DEVICE_TEXT_TYPE Type, PWSTR *Text)
{
    IO_STACK_LOCATION Stack = { .MinorFunction = IRP_MN_QUERY_DEVICE_TEXT };
    ULONG_PTR Info;
    Stack.Parameters.QueryDeviceText.DeviceTextType = Type;
    Stack.Parameters.QueryDeviceText.LocaleId = 0x0409;
    NTSTATUS Status = PpSendPnpIrp(Pdo, &Stack, &Info);
    *Text = NT_SUCCESS(Status) ? (PWSTR)Info : NULL;
    if (NT_SUCCESS(Status) && !Info)
        Status = STATUS_NOT_SUPPORTED;
    return Status;
}

NTSTATUS PpQueryCapabilities(PDEVICE_OBJECT Pdo, PDEVICE_CAPABILITIES Caps)
{
    IO_STACK_LOCATION Stack = { .MinorFunction = IRP_MN_QUERY_CAPABILITIES };
    /* As Windows fills it before sending: the size and version, unknown
     * address and UI number, and D-states unspecified. */
    memset(Caps, 0, sizeof *Caps);
    Caps->Size = sizeof *Caps;
    Caps->Version = 1;
    Caps->Address = 0xFFFFFFFF;
    Caps->UINumber = 0xFFFFFFFF;
    Stack.Parameters.DeviceCapabilities.Capabilities = Caps;
    return PpSendPnpIrp(Pdo, &Stack, NULL);
}

NTSTATUS PpQueryRelations(PDEVICE_OBJECT Pdo, DEVICE_RELATION_TYPE Type,
                          PDEVICE_RELATIONS *Relations)
{
    IO_STACK_LOCATION Stack = { .MinorFunction = IRP_MN_QUERY_DEVICE_RELATIONS };
    ULONG_PTR Info;
    Stack.Parameters.QueryDeviceRelations.Type = Type;
    NTSTATUS Status = PpSendPnpIrp(Pdo, &Stack, &Info);
    *Relations = NT_SUCCESS(Status) ? (PDEVICE_RELATIONS)Info : NULL;
    return Status;
}

NTSTATUS PpSendMinor(PDEVICE_OBJECT Pdo, UCHAR Minor)
{
    IO_STACK_LOCATION Stack = { .MinorFunction = Minor };
    return PpSendPnpIrp(Pdo, &Stack, NULL);
}
