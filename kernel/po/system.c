/*
 * po/system.c - system power transitions: sleep and wake, carried to every
 * device stack as system power IRPs, so that drivers' power paths run.
 *
 * Going to sleep, every started device is asked (IRP_MN_QUERY_POWER with
 * the sleep state), children before their parents; if one refuses, the
 * ones already asked are told the system stays at S0 (IRP_MN_SET_POWER S0)
 * and the transition fails.  Otherwise every device gets IRP_MN_SET_POWER
 * with the sleep state, children first.  Waking, IRP_MN_SET_POWER S0 goes
 * to every device, parents first.  A device's power policy owner answers
 * a system IRP by requesting the matching device IRP (PoRequestPowerIrp),
 * as Windows drivers do.  ntio's machine wakes at once: a sleep is
 * followed by its wake by whoever asked for it.
 *
 * Transitions run on the PnP worker (pnp/action.c), so the tree does not
 * change under them.
 */
#include "pnp/pnp.h"
#include "ex/ex.h"
#include "sys/sys.h"

static SYSTEM_POWER_STATE PopSystemState = PowerSystemWorking;

static NTSTATUS PopSystemIrp(PDEVICE_NODE Node, UCHAR Minor, SYSTEM_POWER_STATE State,
                             POWER_ACTION Action)
{
    IO_STACK_LOCATION Stack = { .MajorFunction = IRP_MJ_POWER, .MinorFunction = Minor };
    Stack.Parameters.Power.Type = SystemPowerState;
    Stack.Parameters.Power.State.SystemState = State;
    Stack.Parameters.Power.ShutdownType = Action;
    return PpSendIrp(Node->PhysicalDeviceObject, &Stack, NULL);
}

static BOOLEAN PopIsStarted(PDEVICE_NODE Node)
{
    return Node->State == DeviceNodeStarted && Node != PpRootNode;
}

/* Children first.  *Failed gets the first node that refused a query. */
static NTSTATUS PopSleepSubtree(PDEVICE_NODE Node, UCHAR Minor, SYSTEM_POWER_STATE State,
                                POWER_ACTION Action, PDEVICE_NODE *Failed)
{
    for (PLIST_ENTRY E = Node->Children.Flink; E != &Node->Children; E = E->Flink) {
        NTSTATUS Status = PopSleepSubtree(CONTAINING_RECORD(E, DEVICE_NODE, SiblingLink), Minor,
                                          State, Action, Failed);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    if (!PopIsStarted(Node))
        return STATUS_SUCCESS;
    NTSTATUS Status = PopSystemIrp(Node, Minor, State, Action);
    if (!NT_SUCCESS(Status) && Minor == IRP_MN_QUERY_POWER) {
        *Failed = Node;
        DbgPrint("ntio: power: %ws refused S%u (0x%08lx)\n", Node->InstancePath,
                 (unsigned)State - 1, Status);
        return Status;
    }
    return STATUS_SUCCESS; /* a failed SET_POWER cannot stop the transition */
}

/* Parents first (waking). */
static VOID PopWakeSubtree(PDEVICE_NODE Node)
{
    if (PopIsStarted(Node))
        PopSystemIrp(Node, IRP_MN_SET_POWER, PowerSystemWorking, PowerActionNone);
    for (PLIST_ENTRY E = Node->Children.Flink; E != &Node->Children; E = E->Flink)
        PopWakeSubtree(CONTAINING_RECORD(E, DEVICE_NODE, SiblingLink));
}

NTSTATUS PopSetSystemPowerState(SYSTEM_POWER_STATE State, POWER_ACTION Action)
{
    if (!PpRootNode)
        return STATUS_NOT_SUPPORTED;
    if (State == PowerSystemWorking) {
        if (PopSystemState == PowerSystemWorking)
            return STATUS_INVALID_DEVICE_STATE; /* awake already */
        PopWakeSubtree(PpRootNode);
        PopSystemState = PowerSystemWorking;
        return STATUS_SUCCESS;
    }
    if (State < PowerSystemSleeping1 || State > PowerSystemHibernate)
        return STATUS_INVALID_PARAMETER_2;
    if (PopSystemState != PowerSystemWorking)
        return STATUS_INVALID_DEVICE_STATE; /* asleep already */
    PDEVICE_NODE Failed = NULL;
    NTSTATUS Status = PopSleepSubtree(PpRootNode, IRP_MN_QUERY_POWER, State, Action, &Failed);
    if (!NT_SUCCESS(Status)) {
        /* The system stays at S0: every started device is told so. */
        PopWakeSubtree(PpRootNode);
        return STATUS_CANCELLED; /* a device refused */
    }
    PopSleepSubtree(PpRootNode, IRP_MN_SET_POWER, State, Action, &Failed);
    PopSystemState = State;
    return STATUS_SUCCESS;
}

/*
 * NtInitiatePowerAction: PowerActionSleep or PowerActionHibernate puts
 * every device to sleep in MinSystemState (S1..S4) and, the machine being
 * ntio's, wakes them again before returning; PowerActionNone is refused.
 * STATUS_CANCELLED when a device refused the sleep.
 */
NTIO_EXPORT NTSTATUS NtInitiatePowerAction(POWER_ACTION SystemAction,
                                           SYSTEM_POWER_STATE MinSystemState, ULONG Flags,
                                           BOOLEAN Asynchronous)
{
    UNREFERENCED_PARAMETER(Flags);
    SERVICE_ENTER();
    if (SystemAction != PowerActionSleep && SystemAction != PowerActionHibernate)
        return KiServiceExit(STATUS_INVALID_PARAMETER_1);
    if (SystemAction == PowerActionHibernate)
        MinSystemState = PowerSystemHibernate;
    else if (MinSystemState < PowerSystemSleeping1 || MinSystemState > PowerSystemSleeping3)
        return KiServiceExit(STATUS_INVALID_PARAMETER_2);
    NTSTATUS Status = PpRequestPowerAction(MinSystemState, SystemAction, !Asynchronous);
    /* Queued (STATUS_PENDING) is success for an asynchronous request, and
     * for one made on the PnP worker itself, which cannot wait for it. */
    return KiServiceExit(Status == STATUS_PENDING ? STATUS_SUCCESS : Status);
}
