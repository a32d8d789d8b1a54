/*
 * pnp/stop.c - stopping a started device so that it can be given new
 * resources (Windows' rebalance), and telling a stack that a special file
 * (paging, hibernation, crash dump) is placed on it or taken off.
 *
 * Rebalance, as Windows does it on Windows 2000 and later: every started
 * device of the subtree is asked IRP_MN_QUERY_STOP_DEVICE, children first;
 * a failure (the device cannot stop, or cannot hold its requests while
 * stopped) cancels the devices already asked, the one that failed
 * included, with IRP_MN_CANCEL_STOP_DEVICE, and everything keeps running.
 * Otherwise IRP_MN_STOP_DEVICE goes to each, children first, and the
 * subtree is started again, parents first, after its resource requirements
 * are asked anew.  A stopped stack keeps its handles: the drivers hold the
 * requests that arrive meanwhile, so nothing is vetoed for open files.
 *
 * A rebalance is asked for by a device whose IRP_MN_QUERY_PNP_DEVICE_STATE
 * answer carries PNP_DEVICE_RESOURCE_REQUIREMENTS_CHANGED, or through
 * NtPlugPlayControl(PlugPlayControlRebalanceDevice), which a driver's test
 * uses as Windows' device test framework uses its stop action.  Everything
 * here runs on the PnP worker (pnp/action.c), so no other change of the tree
 * interleaves with a stop.
 */
#include "pnp.h"

/* A subtree member that takes part: started (and not going away). */
static BOOLEAN PpIsStarted(PDEVICE_NODE Node)
{
    return Node->State == DeviceNodeStarted;
}

/* Cancel the query-stop of Node's subtree (the nodes that got one). */
static VOID PpCancelStopDeviceNode(PDEVICE_NODE Node)
{
    for (PLIST_ENTRY E = Node->Children.Flink; E != &Node->Children; E = E->Flink)
        PpCancelStopDeviceNode(CONTAINING_RECORD(E, DEVICE_NODE, SiblingLink));
    if (Node->State != DeviceNodeQueryStopped)
        return;
    PpSendMinor(Node->PhysicalDeviceObject, IRP_MN_CANCEL_STOP_DEVICE);
    Node->State = DeviceNodeStarted;
}

/* IRP_MN_QUERY_STOP_DEVICE to the started nodes of the subtree, children
 * first.  On a refusal the whole subtree is cancelled and the failure
 * returned. */
static NTSTATUS PpQueryStopDeviceNode(PDEVICE_NODE Node)
{
    for (PLIST_ENTRY E = Node->Children.Flink; E != &Node->Children; E = E->Flink) {
        NTSTATUS Status = PpQueryStopDeviceNode(CONTAINING_RECORD(E, DEVICE_NODE, SiblingLink));
        if (!NT_SUCCESS(Status)) {
            for (PLIST_ENTRY C = Node->Children.Flink; C != E; C = C->Flink)
                PpCancelStopDeviceNode(CONTAINING_RECORD(C, DEVICE_NODE, SiblingLink));
            return Status;
        }
    }
    if (!PpIsStarted(Node))
        return STATUS_SUCCESS;
    /* STATUS_RESOURCE_REQUIREMENTS_CHANGED is a success that asks for the
     * requirements to be queried again: the restart below always does. */
    NTSTATUS Status = PpSendMinor(Node->PhysicalDeviceObject, IRP_MN_QUERY_STOP_DEVICE);
    if (!NT_SUCCESS(Status)) {
        DbgPrint("ntio: PnP: %ws: IRP_MN_QUERY_STOP_DEVICE refused (0x%08lx); the rebalance "
                 "is cancelled\n", Node->InstancePath, Status);
        /* Windows cancels the one that refused too. */
        PpSendMinor(Node->PhysicalDeviceObject, IRP_MN_CANCEL_STOP_DEVICE);
        for (PLIST_ENTRY C = Node->Children.Flink; C != &Node->Children; C = C->Flink)
            PpCancelStopDeviceNode(CONTAINING_RECORD(C, DEVICE_NODE, SiblingLink));
        return Status;
    }
    Node->State = DeviceNodeQueryStopped;
    return STATUS_SUCCESS;
}

/* IRP_MN_STOP_DEVICE to the query-stopped nodes, children first. */
static VOID PpStopDeviceNode(PDEVICE_NODE Node)
{
    for (PLIST_ENTRY E = Node->Children.Flink; E != &Node->Children; E = E->Flink)
        PpStopDeviceNode(CONTAINING_RECORD(E, DEVICE_NODE, SiblingLink));
    if (Node->State != DeviceNodeQueryStopped)
        return;
    /* A stop cannot fail: a driver must not fail it, and the result is
     * only reported. */
    NTSTATUS Status = PpSendMinor(Node->PhysicalDeviceObject, IRP_MN_STOP_DEVICE);
    if (!NT_SUCCESS(Status))
        DbgPrint("ntio: PnP: %ws: a driver failed IRP_MN_STOP_DEVICE (0x%08lx), which it must "
                 "not do; the device is stopped all the same\n", Node->InstancePath, Status);
    Node->State = DeviceNodeStopped;
}

/* Start the stopped nodes again, parents first.  A parent that does not
 * start takes its children with it (pnp/start.c). */
static VOID PpRestartStoppedDeviceNode(PDEVICE_NODE Node)
{
    if (Node->State == DeviceNodeStopped)
        PpStartDeviceNode(Node);
    for (PLIST_ENTRY E = Node->Children.Flink; E != &Node->Children;) {
        PDEVICE_NODE Child = CONTAINING_RECORD(E, DEVICE_NODE, SiblingLink);
        E = E->Flink; /* a child that fails to start may leave the tree */
        PpRestartStoppedDeviceNode(Child);
    }
}

NTSTATUS PpRebalanceDeviceNode(PDEVICE_NODE Node)
{
    if (Node == PpRootNode || !PpIsStarted(Node))
        return STATUS_INVALID_DEVICE_STATE;
    NTSTATUS Status = PpQueryStopDeviceNode(Node);
    if (!NT_SUCCESS(Status))
        return STATUS_PLUGPLAY_QUERY_VETOED;
    PpStopDeviceNode(Node);
    PpRestartStoppedDeviceNode(Node);
    return Node->State == DeviceNodeStarted ? STATUS_SUCCESS : Node->ProblemStatus;
}

NTSTATUS PpDeviceUsageNotification(PDEVICE_NODE Node, DEVICE_USAGE_NOTIFICATION_TYPE Type,
                                   BOOLEAN InPath)
{
    if (Type != DeviceUsageTypePaging && Type != DeviceUsageTypeHibernation &&
        Type != DeviceUsageTypeDumpFile)
        return STATUS_INVALID_PARAMETER;
    if (!PpIsStarted(Node))
        return STATUS_INVALID_DEVICE_STATE;
    ULONG *Count = &Node->UsageCount[Type];
    if (!InPath && *Count == 0)
        return STATUS_INVALID_DEVICE_STATE; /* no such file on it */
    IO_STACK_LOCATION Usage = { .MinorFunction = IRP_MN_DEVICE_USAGE_NOTIFICATION };
    Usage.Parameters.UsageNotification.InPath = InPath;
    Usage.Parameters.UsageNotification.Type = Type;
    NTSTATUS Status = PpSendPnpIrp(Node->PhysicalDeviceObject, &Usage, NULL);
    /* Taking a file off is a notice, not a question: counted whatever the
     * drivers answer.  Placing one needs every driver's success; a stack
     * that leaves the IRP as it came (STATUS_NOT_SUPPORTED) cannot hold it. */
    if (!InPath)
        (*Count)--;
    else if (NT_SUCCESS(Status))
        (*Count)++;
    else
        DbgPrint("ntio: PnP: %ws: the stack cannot hold a %s file (0x%08lx)\n",
                 Node->InstancePath,
                 Type == DeviceUsageTypePaging ? "paging"
                 : Type == DeviceUsageTypeHibernation ? "hibernation" : "crash dump",
                 Status);
    return Status;
}
