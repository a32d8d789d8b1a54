/*
 * pnp/eject.c - an orderly removal together with the devices that go with
 * it, and ejection.
 *
 * A device's drivers may name other devices that cannot stay without it:
 * IRP_MN_QUERY_DEVICE_RELATIONS with RemovalRelations (asked of the whole
 * stack) and, for an eject, EjectionRelations (answered by the bus driver
 * for its PDO).  As Windows does, those devices (and their children) are
 * query-removed with the device, a veto from any of them cancels them all,
 * and otherwise every one is removed, the related ones first.
 *
 * An eject (IoRequestDeviceEject: the eject button; CM_Request_Device_Eject:
 * "Safely remove hardware") then sends IRP_MN_EJECT to what is left of the
 * stack, the bus driver's PDO, if the device can be ejected
 * (DEVICE_CAPABILITIES.EjectSupported).  The device stays in the tree with
 * CM_PROB_HELD_FOR_EJECT until its bus stops reporting it, as on Windows.
 */
#include "pnp.h"

#define PP_MAX_RELATED 32

/* PNP_VETO_TYPE values (cfgmgr32.h). */
#define PNP_VetoDevice 6

typedef struct _PP_RELATED {
    ULONG Count;
    PDEVICE_NODE Nodes[PP_MAX_RELATED];
} PP_RELATED;

/* Is Node Root or below it? */
static BOOLEAN PpInSubtree(PDEVICE_NODE Node, PDEVICE_NODE Root)
{
    for (PDEVICE_NODE N = Node; N; N = N->Parent)
        if (N == Root)
            return TRUE;
    return FALSE;
}

/* Add the nodes of Node's Type relations to Related: a device the tree
 * knows, running, not Node, not one of its ancestors (which would take
 * Node with it), not already covered by Node's subtree or the list. */
static VOID PpAddRelations(PDEVICE_NODE Node, DEVICE_RELATION_TYPE Type, PP_RELATED *Related)
{
    PDEVICE_RELATIONS Relations = NULL;
    if (!NT_SUCCESS(PpQueryRelations(Node->PhysicalDeviceObject, Type, &Relations)) || !Relations)
        return;
    for (ULONG i = 0; i < Relations->Count; i++) {
        PDEVICE_NODE Other = PpDeviceNodeOf(Relations->Objects[i]);
        BOOLEAN Take = Other && !PpInSubtree(Node, Other) && !PpInSubtree(Other, Node) &&
                       PpIsActive(Other);
        for (ULONG j = 0; Take && j < Related->Count; j++)
            Take = Related->Nodes[j] != Other && !PpInSubtree(Other, Related->Nodes[j]);
        if (Take && Related->Count < PP_MAX_RELATED)
            Related->Nodes[Related->Count++] = Other;
        else if (Take)
            DbgPrint("ntio: PnP: %ws: more than %u related devices; %ws is left out\n",
                     Node->InstancePath, PP_MAX_RELATED, Other->InstancePath);
        ObfDereferenceObject(Relations->Objects[i]);
    }
    ExFreePool(Relations);
}

NTSTATUS PpRemoveWithRelations(PDEVICE_NODE Node, BOOLEAN Eject, PULONG VetoType, PWSTR VetoName,
                               ULONG VetoChars)
{
    PP_RELATED Related = { 0 };
    if (PpIsActive(Node)) {
        PpAddRelations(Node, RemovalRelations, &Related);
        if (Eject)
            PpAddRelations(Node, EjectionRelations, &Related);
        NTSTATUS Status = PpQueryRemoveDeviceNode(Node, VetoType, VetoName, VetoChars);
        if (!NT_SUCCESS(Status))
            return Status;
        for (ULONG i = 0; i < Related.Count; i++) {
            Status = PpQueryRemoveDeviceNode(Related.Nodes[i], VetoType, VetoName, VetoChars);
            if (!NT_SUCCESS(Status)) {
                /* The ones asked before it, and the device itself. */
                while (i--)
                    PpCancelRemoveDeviceNode(Related.Nodes[i]);
                PpCancelRemoveDeviceNode(Node);
                return Status;
            }
        }
    }
    for (ULONG i = 0; i < Related.Count; i++)
        PpRemoveDeviceNode(Related.Nodes[i], FALSE);
    PpRemoveDeviceNode(Node, FALSE);
    if (!Eject)
        return STATUS_SUCCESS;
    if (Node->Capabilities.EjectSupported) {
        NTSTATUS Status = PpSendMinor(Node->PhysicalDeviceObject, IRP_MN_EJECT);
        if (!NT_SUCCESS(Status)) {
            /* Removed all the same: it can be started again. */
            DbgPrint("ntio: PnP: %ws: IRP_MN_EJECT failed (0x%08lx)\n", Node->InstancePath,
                     Status);
            if (VetoType)
                *VetoType = PNP_VetoDevice;
            return STATUS_PLUGPLAY_QUERY_VETOED;
        }
    }
    PpSetProblem(Node, CM_PROB_HELD_FOR_EJECT, STATUS_SUCCESS);
    return STATUS_SUCCESS;
}

NTIO_EXPORT VOID IoRequestDeviceEject(PDEVICE_OBJECT PhysicalDeviceObject)
{
    if (!PpDeviceNodeOf(PhysicalDeviceObject))
        KeBugCheckEx(PNP_DETECTED_FATAL_ERROR, 2, (ULONG_PTR)PhysicalDeviceObject, 0, 0);
    PpRequestDeviceAction(NULL, PhysicalDeviceObject, PpActionEject, FALSE, NULL, NULL, 0);
}
