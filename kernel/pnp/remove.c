/*
 * pnp/remove.c - taking devices away: the orderly removal a user asks for
 * (query, then remove, or cancel when vetoed), and the surprise removal of
 * a device that vanished from its bus.
 *
 * Orderly: the node's subtree is asked first, children before parents.
 * Handles that registered for target-device notifications hear
 * GUID_TARGET_DEVICE_QUERY_REMOVE and may veto; a handle still open after
 * that vetoes (PNP_VetoOutstandingOpen), as does a driver failing
 * IRP_MN_QUERY_REMOVE_DEVICE (PNP_VetoDevice).  A veto cancels the devices
 * already queried (IRP_MN_CANCEL_REMOVE_DEVICE).  Then IRP_MN_REMOVE_DEVICE
 * goes to every stack, children first.
 *
 * Surprise: IRP_MN_SURPRISE_REMOVAL at once (drivers fail their pending
 * and new requests), interfaces disabled so that nobody opens it again,
 * and IRP_MN_REMOVE_DEVICE once the last handle to the stack is closed.
 */
#include "pnp.h"
#include "ex/ex.h"

/* PNP_VETO_TYPE values (cfgmgr32.h). */
#define PNP_VetoOutstandingOpen 5
#define PNP_VetoDevice 6
#define PNP_VetoDriver 7

/* Files open on the stack: each counts in its device's ReferenceCount. */
static LONG PpOpenCount(PDEVICE_NODE Node)
{
    LONG Count = 0;
    for (PDEVICE_OBJECT D = Node->PhysicalDeviceObject; D; D = D->AttachedDevice)
        Count += __atomic_load_n(&D->ReferenceCount, __ATOMIC_SEQ_CST);
    return Count;
}

/* ExtensionFlags are also changed by IoDeleteDevice: atomically. */
VOID PpMarkStack(PDEVICE_NODE Node, ULONG Set, ULONG Clear)
{
    for (PDEVICE_OBJECT D = Node->PhysicalDeviceObject; D; D = D->AttachedDevice) {
        if (Clear)
            __atomic_and_fetch(&D->DeviceObjectExtension->ExtensionFlags, ~Clear, __ATOMIC_SEQ_CST);
        if (Set)
            __atomic_or_fetch(&D->DeviceObjectExtension->ExtensionFlags, Set, __ATOMIC_SEQ_CST);
    }
}

static VOID PpVeto(PDEVICE_NODE Node, ULONG Type, PULONG VetoType, PWSTR VetoName, ULONG VetoChars)
{
    if (VetoType)
        *VetoType = Type;
    if (VetoName && VetoChars) {
        ULONG n = 0;
        for (; Node->InstancePath[n] && n < VetoChars - 1; n++)
            VetoName[n] = Node->InstancePath[n];
        VetoName[n] = 0;
    }
}

BOOLEAN PpIsActive(PDEVICE_NODE Node)
{
    return Node->State == DeviceNodeStarted || Node->State == DeviceNodeDriversAdded;
}

NTSTATUS PpQueryRemoveDeviceNode(PDEVICE_NODE Node, PULONG VetoType, PWSTR VetoName,
                                 ULONG VetoChars)
{
    /* Children first; on a veto, those already asked are cancelled. */
    for (PLIST_ENTRY E = Node->Children.Flink; E != &Node->Children; E = E->Flink) {
        PDEVICE_NODE Child = CONTAINING_RECORD(E, DEVICE_NODE, SiblingLink);
        if (!PpIsActive(Child))
            continue;
        NTSTATUS Status = PpQueryRemoveDeviceNode(Child, VetoType, VetoName, VetoChars);
        if (!NT_SUCCESS(Status)) {
            for (PLIST_ENTRY C = Node->Children.Flink; C != E; C = C->Flink)
                PpCancelRemoveDeviceNode(CONTAINING_RECORD(C, DEVICE_NODE, SiblingLink));
            return Status;
        }
    }
    NTSTATUS Status = PpNotifyTargetDevice(Node, &GUID_TARGET_DEVICE_QUERY_REMOVE);
    /* No new opens from now on; an open that counted itself before this
     * shows in the count below, one after it sees the flag (io/file.c). */
    PpMarkStack(Node, DOE_REMOVE_PENDING, 0);
    if (!NT_SUCCESS(Status)) {
        PpVeto(Node, PNP_VetoDriver, VetoType, VetoName, VetoChars);
        PpNotifyTargetDevice(Node, &GUID_TARGET_DEVICE_REMOVE_CANCELLED);
        Status = STATUS_PLUGPLAY_QUERY_VETOED;
    } else if (PpOpenCount(Node) > 0) {
        PpVeto(Node, PNP_VetoOutstandingOpen, VetoType, VetoName, VetoChars);
        PpNotifyTargetDevice(Node, &GUID_TARGET_DEVICE_REMOVE_CANCELLED);
        Status = STATUS_PLUGPLAY_QUERY_VETOED;
    } else {
        Status = PpSendMinor(Node->PhysicalDeviceObject, IRP_MN_QUERY_REMOVE_DEVICE);
        if (!NT_SUCCESS(Status)) {
            PpVeto(Node, PNP_VetoDevice, VetoType, VetoName, VetoChars);
            /* Windows cancels the one that failed too. */
            PpSendMinor(Node->PhysicalDeviceObject, IRP_MN_CANCEL_REMOVE_DEVICE);
            PpNotifyTargetDevice(Node, &GUID_TARGET_DEVICE_REMOVE_CANCELLED);
            Status = STATUS_PLUGPLAY_QUERY_VETOED;
        }
    }
    if (!NT_SUCCESS(Status)) {
        PpMarkStack(Node, 0, DOE_REMOVE_PENDING);
        for (PLIST_ENTRY C = Node->Children.Flink; C != &Node->Children; C = C->Flink)
            PpCancelRemoveDeviceNode(CONTAINING_RECORD(C, DEVICE_NODE, SiblingLink));
        return Status;
    }
    Node->State = DeviceNodeQueryRemoved;
    return STATUS_SUCCESS;
}

VOID PpCancelRemoveDeviceNode(PDEVICE_NODE Node)
{
    for (PLIST_ENTRY E = Node->Children.Flink; E != &Node->Children; E = E->Flink)
        PpCancelRemoveDeviceNode(CONTAINING_RECORD(E, DEVICE_NODE, SiblingLink));
    if (Node->State != DeviceNodeQueryRemoved)
        return;
    PpSendMinor(Node->PhysicalDeviceObject, IRP_MN_CANCEL_REMOVE_DEVICE);
    PpMarkStack(Node, 0, DOE_REMOVE_PENDING);
    Node->State = DeviceNodeStarted;
    PpNotifyTargetDevice(Node, &GUID_TARGET_DEVICE_REMOVE_CANCELLED);
}

/* IRP_MN_REMOVE_DEVICE to the stack; the drivers detach and delete their
 * devices (the bus driver decides about its PDO). */
static VOID PpSendRemove(PDEVICE_NODE Node)
{
    BOOLEAN HadStack = PpIsActive(Node) ||
                       Node->State == DeviceNodeQueryRemoved ||
                       Node->State == DeviceNodeRemovePendingCloses;
    PpDisableDeviceInterfaces(Node);
    if (HadStack) {
        PpMarkStack(Node, DOE_REMOVE_PROCESSED, DOE_REMOVE_PENDING);
        if (Node->State != DeviceNodeRemovePendingCloses) {
            /* A device still there goes to D3 before it is removed. */
            IO_STACK_LOCATION D3 = { .MajorFunction = IRP_MJ_POWER,
                                     .MinorFunction = IRP_MN_SET_POWER };
            D3.Parameters.Power.Type = DevicePowerState;
            D3.Parameters.Power.State.DeviceState = PowerDeviceD3;
            D3.Parameters.Power.ShutdownType = PowerActionNone;
            PpSendIrp(Node->PhysicalDeviceObject, &D3, NULL);
        }
        PpSendMinor(Node->PhysicalDeviceObject, IRP_MN_REMOVE_DEVICE);
        PpNotifyTargetDevice(Node, &GUID_TARGET_DEVICE_REMOVE_COMPLETE);
    }
    PpReleaseDrivers(Node);
    Node->Flags &= ~DNF_REMOVE_ON_CLOSE;
    memset(Node->UsageCount, 0, sizeof Node->UsageCount); /* its files went with it */
    Node->State = DeviceNodeRemoved;
}

VOID PpRemoveDeviceNode(PDEVICE_NODE Node, BOOLEAN Delete)
{
    /* Children first: a bus's children are deleted with it (they are its PDOs). */
    while (!IsListEmpty(&Node->Children))
        PpRemoveDeviceNode(CONTAINING_RECORD(Node->Children.Flink, DEVICE_NODE, SiblingLink), TRUE);
    if (Node->State != DeviceNodeRemoved && Node->State != DeviceNodeDeleted)
        PpSendRemove(Node);
    else
        PpDisableDeviceInterfaces(Node);
    if (Delete)
        PpDeleteDeviceNode(Node);
}

/* The stack of a device that is gone (or failed) is told at once
 * (IRP_MN_SURPRISE_REMOVAL), takes no more opens, loses its interfaces, and
 * waits for its handles to close before IRP_MN_REMOVE_DEVICE.  Flagged
 * before the caller counts the handles: a close after the count finds the
 * flag and asks the worker, which looks again (PpFinishPendingRemoval). */
static VOID PpBeginSurpriseRemoval(PDEVICE_NODE Node, ULONG Problem, NTSTATUS Why, ULONG Flags)
{
    PpMarkStack(Node, DOE_REMOVE_PENDING, 0);
    PpDisableDeviceInterfaces(Node);
    PpSendMinor(Node->PhysicalDeviceObject, IRP_MN_SURPRISE_REMOVAL);
    PpNotifyTargetDevice(Node, &GUID_TARGET_DEVICE_REMOVE_COMPLETE);
    PpSetProblem(Node, Problem, Why);
    Node->State = DeviceNodeRemovePendingCloses;
    Node->Flags |= DNF_REMOVE_ON_CLOSE | Flags;
}

VOID PpSurpriseRemoveDeviceNode(PDEVICE_NODE Node)
{
    if (Node->State == DeviceNodeRemovePendingCloses)
        return; /* already gone, waiting for its handles */
    for (PLIST_ENTRY E = Node->Children.Flink; E != &Node->Children;) {
        PDEVICE_NODE Child = CONTAINING_RECORD(E, DEVICE_NODE, SiblingLink);
        E = E->Flink;
        PpSurpriseRemoveDeviceNode(Child);
    }
    if (!PpIsActive(Node) && Node->State != DeviceNodeQueryRemoved) {
        /* Never started, or disabled: nothing to warn, but the bus driver
         * gets the REMOVE_DEVICE that lets it delete the vanished PDO. */
        if (IsListEmpty(&Node->Children)) {
            PpDisableDeviceInterfaces(Node);
            PpSendMinor(Node->PhysicalDeviceObject, IRP_MN_REMOVE_DEVICE);
            PpReleaseDrivers(Node);
            PpDeleteDeviceNode(Node);
        }
        return;
    }
    PpBeginSurpriseRemoval(Node, CM_PROB_DEVICE_NOT_THERE, STATUS_NO_SUCH_DEVICE, 0);
    if (PpOpenCount(Node) > 0 || !IsListEmpty(&Node->Children))
        return;
    PpRemoveDeviceNode(Node, TRUE);
}

/* Called by the worker for a node whose last file closed. */
NTSTATUS PpFinishPendingRemoval(PDEVICE_NODE Node)
{
    if (!(Node->Flags & DNF_REMOVE_ON_CLOSE) || PpOpenCount(Node) > 0 ||
        !IsListEmpty(&Node->Children))
        return STATUS_SUCCESS;
    PDEVICE_NODE Parent = Node->Parent;
    if (Node->Flags & DNF_FAILED) {
        /* Still there, but failed: the stack goes, the node stays with
         * its problem. */
        ULONG Problem = Node->Problem;
        NTSTATUS Why = Node->ProblemStatus;
        PpRemoveDeviceNode(Node, FALSE);
        Node->Flags &= ~DNF_FAILED;
        PpSetProblem(Node, Problem, Why);
        return STATUS_SUCCESS;
    }
    PpRemoveDeviceNode(Node, TRUE);
    /* Its parent may have been waiting for it, or may have it back. */
    if (Parent && Parent->State == DeviceNodeRemovePendingCloses)
        PpFinishPendingRemoval(Parent);
    else if (Parent && Parent->State == DeviceNodeStarted)
        PpEnumerateDevice(Parent);
    return STATUS_SUCCESS;
}

/* Called at the last close of a device of a stack being removed; the
 * worker looks at the node (it may be gone by then). */
VOID PpCheckPendingRemoval(PDEVICE_OBJECT Device)
{
    PDEVICE_OBJECT Pdo = IoGetDeviceAttachmentBaseRef(Device);
    PpRequestDeviceAction(NULL, Pdo, PpActionFinishRemoval, FALSE, NULL, NULL, 0);
    ObfDereferenceObject(Pdo);
}

/* The device reported itself failed (IRP_MN_QUERY_PNP_DEVICE_STATE):
 * as a surprise removal, but its node stays, with Problem. */
VOID PpFailDeviceNode(PDEVICE_NODE Node, ULONG Problem)
{
    if (!PpIsActive(Node))
        return;
    PpBeginSurpriseRemoval(Node, Problem, STATUS_UNSUCCESSFUL, DNF_FAILED);
    PpFinishPendingRemoval(Node);
}
