/*
 * sys/plugplay.c - NtPlugPlayControl, the PnP manager's system service:
 * what cfgmgr32 and `ntio devcon` ask of the device tree (ntio/ntpnp.h
 * describes each class).  Each class has its own handler; the table maps
 * the class to it and to the size its structure must have.
 */
#include "sys.h"
#include "pnp/pnp.h"
#include "ex/ex.h"

/* Data is a kernel copy of the caller's structure, read from there;
 * results are written to the caller's own, User. */
typedef NTSTATUS (*PP_CONTROL_HANDLER)(KPROCESSOR_MODE Mode, PVOID Data, PVOID User);

/* Capture a caller's instance path (a UNICODE_STRING in its structure). */
static NTSTATUS PpCaptureInstance(KPROCESSOR_MODE Mode, PUNICODE_STRING In,
                                  WCHAR Out[PNP_INSTANCE_PATH_CHARS])
{
    USHORT Chars = In->Length / sizeof(WCHAR);
    if ((In->Length & 1) || Chars >= PNP_INSTANCE_PATH_CHARS || (Chars && !In->Buffer))
        return STATUS_INVALID_PARAMETER;
    if (Chars && !SvcCopyIn(Mode, Out, In->Buffer, In->Length))
        return STATUS_ACCESS_VIOLATION;
    Out[Chars] = 0;
    return STATUS_SUCCESS;
}

/* The node of a captured path ("" is the root); referenced by its PDO. */
static PDEVICE_OBJECT PpReferenceNode(PCWSTR Instance, PDEVICE_NODE *Node)
{
    KeAcquireGuardedMutex(&PpTreeLock);
    PDEVICE_NODE Found = Instance[0] ? PpFindDeviceNode(Instance) : PpRootNode;
    PDEVICE_OBJECT Pdo = Found ? Found->PhysicalDeviceObject : NULL;
    if (Pdo)
        ObfReferenceObject(Pdo);
    KeReleaseGuardedMutex(&PpTreeLock);
    *Node = Found;
    return Pdo;
}

/* The PDO a caller names, referenced; the root ("") only if RootOk. */
static NTSTATUS PpCaptureDevice(KPROCESSOR_MODE Mode, PUNICODE_STRING In, BOOLEAN RootOk,
                                PDEVICE_OBJECT *Pdo)
{
    WCHAR Instance[PNP_INSTANCE_PATH_CHARS];
    NTSTATUS Status = PpCaptureInstance(Mode, In, Instance);
    if (!NT_SUCCESS(Status))
        return Status;
    if (!Instance[0] && !RootOk)
        return STATUS_INVALID_DEVICE_REQUEST;
    PDEVICE_NODE Node;
    *Pdo = PpReferenceNode(Instance, &Node);
    return *Pdo ? STATUS_SUCCESS : STATUS_NO_SUCH_DEVICE;
}

static NTSTATUS PpControlAction(KPROCESSOR_MODE Mode, PVOID Data, PP_ACTION Action)
{
    PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA *Request = Data;
    PDEVICE_OBJECT Pdo;
    NTSTATUS Status = PpCaptureDevice(Mode, &Request->DeviceInstance, TRUE, &Pdo);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = PpRequestDeviceAction(NULL, Pdo, Action, TRUE, NULL, NULL, 0);
    ObfDereferenceObject(Pdo);
    return Status;
}

static NTSTATUS PpControlEnumerate(KPROCESSOR_MODE Mode, PVOID Data, PVOID User)
{
    UNREFERENCED_PARAMETER(User);
    return PpControlAction(Mode, Data, PpActionEnumerate);
}

static NTSTATUS PpControlStart(KPROCESSOR_MODE Mode, PVOID Data, PVOID User)
{
    UNREFERENCED_PARAMETER(User);
    return PpControlAction(Mode, Data, PpActionStart);
}

static NTSTATUS PpControlReset(KPROCESSOR_MODE Mode, PVOID Data, PVOID User)
{
    UNREFERENCED_PARAMETER(User);
    return PpControlAction(Mode, Data, PpActionRestart);
}

static NTSTATUS PpControlRebalance(KPROCESSOR_MODE Mode, PVOID Data, PVOID User)
{
    UNREFERENCED_PARAMETER(User);
    return PpControlAction(Mode, Data, PpActionRebalance);
}

static NTSTATUS PpControlUsage(KPROCESSOR_MODE Mode, PVOID Data, PVOID User)
{
    PLUGPLAY_CONTROL_DEVICE_USAGE_DATA *Request = Data;
    PDEVICE_OBJECT Pdo;
    UNREFERENCED_PARAMETER(User);
    if (Request->Type < DeviceUsageTypePaging || Request->Type > DeviceUsageTypeDumpFile)
        return STATUS_INVALID_PARAMETER;
    NTSTATUS Status = PpCaptureDevice(Mode, &Request->DeviceInstance, FALSE, &Pdo);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = PpRequestDeviceUsage(Pdo, (DEVICE_USAGE_NOTIFICATION_TYPE)Request->Type,
                                  Request->InPath != FALSE);
    ObfDereferenceObject(Pdo);
    return Status;
}

/* A new root-enumerated device was written under Enum\ROOT: enumerate
 * the root so that it gets its node (and starts if it is installed). */
static NTSTATUS PpControlRegister(KPROCESSOR_MODE Mode, PVOID Data, PVOID User)
{
    PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA *Request = Data;
    UNREFERENCED_PARAMETER(User);
    WCHAR Instance[PNP_INSTANCE_PATH_CHARS];
    NTSTATUS Status = PpCaptureInstance(Mode, &Request->DeviceInstance, Instance);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = PpRequestDeviceAction(NULL, NULL, PpActionEnumerate, TRUE, NULL, NULL, 0);
    if (!NT_SUCCESS(Status))
        return Status;
    PDEVICE_NODE Node;
    PDEVICE_OBJECT Pdo = PpReferenceNode(Instance, &Node);
    if (!Pdo)
        return STATUS_NO_SUCH_DEVICE;
    ObfDereferenceObject(Pdo);
    return STATUS_SUCCESS;
}

static NTSTATUS PpControlRemoveOrDisable(KPROCESSOR_MODE Mode, PVOID Data, PVOID User,
                                         PP_ACTION Action)
{
    PLUGPLAY_CONTROL_QUERY_REMOVE_DATA *Request = Data, *Out = User;
    WCHAR Veto[PNP_INSTANCE_PATH_CHARS];
    ULONG VetoType = 0;
    PDEVICE_OBJECT Pdo;
    NTSTATUS Status = PpCaptureDevice(Mode, &Request->DeviceInstance, FALSE, &Pdo);
    if (!NT_SUCCESS(Status))
        return Status;
    Veto[0] = 0;
    Status = PpRequestDeviceAction(NULL, Pdo, Action, TRUE, &VetoType, Veto, RTL_NUMBER_OF(Veto));
    ObfDereferenceObject(Pdo);
    if (Status == STATUS_PLUGPLAY_QUERY_VETOED) {
        USHORT Bytes = (USHORT)(RtlpWcslen(Veto) * sizeof(WCHAR));
        if (!SvcCopyOut(Mode, &Out->VetoType, &VetoType, sizeof VetoType))
            return STATUS_ACCESS_VIOLATION;
        if (Request->VetoName.Buffer && Request->VetoName.MaximumLength >= sizeof(WCHAR)) {
            USHORT Room = (USHORT)((Request->VetoName.MaximumLength - sizeof(WCHAR)) & ~1u);
            if (Bytes > Room)
                Bytes = Room;
            WCHAR Nul = 0;
            if (!SvcCopyOut(Mode, Request->VetoName.Buffer, Veto, Bytes) ||
                !SvcCopyOut(Mode, (PUCHAR)Request->VetoName.Buffer + Bytes, &Nul, sizeof Nul) ||
                !SvcCopyOut(Mode, &Out->VetoName.Length, &Bytes, sizeof Bytes))
                return STATUS_ACCESS_VIOLATION;
        }
    }
    return Status;
}

static NTSTATUS PpControlQueryRemove(KPROCESSOR_MODE Mode, PVOID Data, PVOID User)
{
    return PpControlRemoveOrDisable(Mode, Data, User, PpActionQueryRemove);
}

static NTSTATUS PpControlDisable(KPROCESSOR_MODE Mode, PVOID Data, PVOID User)
{
    return PpControlRemoveOrDisable(Mode, Data, User, PpActionDisable);
}

static NTSTATUS PpControlEject(KPROCESSOR_MODE Mode, PVOID Data, PVOID User)
{
    return PpControlRemoveOrDisable(Mode, Data, User, PpActionEject);
}

/* A node's status, problem and depth, read together under the tree lock. */
static NTSTATUS PpSnapshotNode(KPROCESSOR_MODE Mode, PUNICODE_STRING DeviceInstance,
                               PULONG DnStatus, PULONG Problem, PULONG Depth)
{
    WCHAR Instance[PNP_INSTANCE_PATH_CHARS];
    NTSTATUS Status = PpCaptureInstance(Mode, DeviceInstance, Instance);
    if (!NT_SUCCESS(Status))
        return Status;
    KeAcquireGuardedMutex(&PpTreeLock);
    PDEVICE_NODE Node = Instance[0] ? PpFindDeviceNode(Instance) : PpRootNode;
    if (Node) {
        *DnStatus = PpDeviceNodeStatus(Node);
        *Problem = Node->Problem;
        *Depth = Node->Level;
    }
    KeReleaseGuardedMutex(&PpTreeLock);
    return Node ? STATUS_SUCCESS : STATUS_NO_SUCH_DEVICE;
}

static NTSTATUS PpControlStatus(KPROCESSOR_MODE Mode, PVOID Data, PVOID User)
{
    PLUGPLAY_CONTROL_STATUS_DATA *Request = Data, *Out = User;
    ULONG DnStatus, Problem, Depth;
    NTSTATUS Status = PpSnapshotNode(Mode, &Request->DeviceInstance, &DnStatus, &Problem, &Depth);
    if (!NT_SUCCESS(Status))
        return Status;
    if (!SvcCopyOut(Mode, &Out->DeviceStatus, &DnStatus, sizeof DnStatus) ||
        !SvcCopyOut(Mode, &Out->DeviceProblem, &Problem, sizeof Problem))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

static NTSTATUS PpControlDepth(KPROCESSOR_MODE Mode, PVOID Data, PVOID User)
{
    PLUGPLAY_CONTROL_DEPTH_DATA *Request = Data, *Out = User;
    ULONG DnStatus, Problem, Depth;
    NTSTATUS Status = PpSnapshotNode(Mode, &Request->DeviceInstance, &DnStatus, &Problem, &Depth);
    if (!NT_SUCCESS(Status))
        return Status;
    return SvcCopyOut(Mode, &Out->Depth, &Depth, sizeof Depth) ? STATUS_SUCCESS
                                                               : STATUS_ACCESS_VIOLATION;
}

/* The first node from Link on in a child list that has its instance path:
 * a node just linked in by the worker gets it a moment later, and until
 * then it is not yet a device anybody can name.  Tree lock held. */
static PDEVICE_NODE PpNextNamedNode(PLIST_ENTRY Head, PLIST_ENTRY Link)
{
    for (; Link != Head; Link = Link->Flink) {
        PDEVICE_NODE Node = CONTAINING_RECORD(Link, DEVICE_NODE, SiblingLink);
        if (Node->InstancePath[0])
            return Node;
    }
    return NULL;
}

static NTSTATUS PpControlRelated(KPROCESSOR_MODE Mode, PVOID Data, PVOID User)
{
    PLUGPLAY_CONTROL_RELATED_DEVICE_DATA *Request = Data, *Out = User;
    WCHAR Instance[PNP_INSTANCE_PATH_CHARS], Related[PNP_INSTANCE_PATH_CHARS];
    NTSTATUS Status = PpCaptureInstance(Mode, &Request->TargetDeviceInstance, Instance);
    if (!NT_SUCCESS(Status))
        return Status;
    KeAcquireGuardedMutex(&PpTreeLock);
    PDEVICE_NODE Node = Instance[0] ? PpFindDeviceNode(Instance) : PpRootNode, Other = NULL;
    if (Node) {
        switch (Request->Relation) {
        case PNP_GET_PARENT_DEVICE:
            Other = Node->Parent;
            break;
        case PNP_GET_CHILD_DEVICE:
            Other = PpNextNamedNode(&Node->Children, Node->Children.Flink);
            break;
        case PNP_GET_SIBLING_DEVICE:
            if (Node->Parent)
                Other = PpNextNamedNode(&Node->Parent->Children, Node->SiblingLink.Flink);
            break;
        default:
            KeReleaseGuardedMutex(&PpTreeLock);
            return STATUS_INVALID_PARAMETER;
        }
        if (Other)
            memcpy(Related, Other->InstancePath, sizeof Related);
    }
    KeReleaseGuardedMutex(&PpTreeLock);
    if (!Node)
        return STATUS_NO_SUCH_DEVICE;
    if (!Other)
        return STATUS_NO_SUCH_DEVICE;
    ULONG Needed = (ULONG)RtlpWcslen(Related) + 1, Room = Request->RelatedDeviceInstanceLength;
    if (!SvcCopyOut(Mode, &Out->RelatedDeviceInstanceLength, &Needed, sizeof Needed))
        return STATUS_ACCESS_VIOLATION;
    if (Room < Needed || !Request->RelatedDeviceInstance)
        return STATUS_BUFFER_TOO_SMALL;
    return SvcCopyOut(Mode, Request->RelatedDeviceInstance, Related, Needed * sizeof(WCHAR))
               ? STATUS_SUCCESS
               : STATUS_ACCESS_VIOLATION;
}

static NTSTATUS PpControlInterfaces(KPROCESSOR_MODE Mode, PVOID Data, PVOID User)
{
    PLUGPLAY_CONTROL_INTERFACE_LIST_DATA *Request = Data, *Out = User;
    WCHAR Instance[PNP_INSTANCE_PATH_CHARS];
    GUID Class;
    ULONG Chars;
    NTSTATUS Status = PpCaptureInstance(Mode, &Request->DeviceInstance, Instance);
    if (!NT_SUCCESS(Status))
        return Status;
    if (!Request->InterfaceClassGuid || !SvcCopyIn(Mode, &Class, Request->InterfaceClassGuid, sizeof Class))
        return STATUS_ACCESS_VIOLATION;
    if (Instance[0]) {
        KeAcquireGuardedMutex(&PpTreeLock);
        PDEVICE_NODE Node = PpFindDeviceNode(Instance);
        KeReleaseGuardedMutex(&PpTreeLock);
        if (!Node)
            return STATUS_NO_SUCH_DEVICE;
    }
    BOOLEAN All = (Request->Flags & 1) != 0;
    PpListInterfaces(&Class, Instance, All, TRUE, NULL, 0, &Chars);
    ULONG Room = Request->BufferSize;
    if (!Request->Buffer || Room < Chars) {
        if (!SvcCopyOut(Mode, &Out->BufferSize, &Chars, sizeof Chars))
            return STATUS_ACCESS_VIOLATION;
        return STATUS_BUFFER_TOO_SMALL;
    }
    PWSTR List = ExAllocatePoolWithTag(PagedPool, Chars * sizeof(WCHAR), TAG_PNP);
    if (!List)
        return STATUS_INSUFFICIENT_RESOURCES;
    Status = PpListInterfaces(&Class, Instance, All, TRUE, List, Chars, &Chars);
    if (NT_SUCCESS(Status) && (!SvcCopyOut(Mode, Request->Buffer, List, Chars * sizeof(WCHAR)) ||
                               !SvcCopyOut(Mode, &Out->BufferSize, &Chars, sizeof Chars)))
        Status = STATUS_ACCESS_VIOLATION;
    ExFreePoolWithTag(List, TAG_PNP);
    return Status; /* grown meanwhile: STATUS_BUFFER_TOO_SMALL, asked again */
}

static const struct {
    PP_CONTROL_HANDLER Handler;
    ULONG Size;
} PpControlTable[PlugPlayControlMaximum] = {
    [PlugPlayControlEnumerateDevice] = { PpControlEnumerate, sizeof(PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA) },
    [PlugPlayControlRegisterNewDevice] = { PpControlRegister, sizeof(PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA) },
    [PlugPlayControlStartDevice] = { PpControlStart, sizeof(PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA) },
    [PlugPlayControlQueryAndRemoveDevice] = { PpControlQueryRemove, sizeof(PLUGPLAY_CONTROL_QUERY_REMOVE_DATA) },
    [PlugPlayControlGetInterfaceDeviceList] = { PpControlInterfaces, sizeof(PLUGPLAY_CONTROL_INTERFACE_LIST_DATA) },
    [PlugPlayControlGetRelatedDevice] = { PpControlRelated, sizeof(PLUGPLAY_CONTROL_RELATED_DEVICE_DATA) },
    [PlugPlayControlGetDeviceStatus] = { PpControlStatus, sizeof(PLUGPLAY_CONTROL_STATUS_DATA) },
    [PlugPlayControlGetDeviceDepth] = { PpControlDepth, sizeof(PLUGPLAY_CONTROL_DEPTH_DATA) },
    [PlugPlayControlResetDevice] = { PpControlReset, sizeof(PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA) },
    [PlugPlayControlDisableDevice] = { PpControlDisable, sizeof(PLUGPLAY_CONTROL_QUERY_REMOVE_DATA) },
    [PlugPlayControlRebalanceDevice] = { PpControlRebalance, sizeof(PLUGPLAY_CONTROL_DEVICE_CONTROL_DATA) },
    [PlugPlayControlDeviceUsage] = { PpControlUsage, sizeof(PLUGPLAY_CONTROL_DEVICE_USAGE_DATA) },
    [PlugPlayControlRequestEject] = { PpControlEject, sizeof(PLUGPLAY_CONTROL_QUERY_REMOVE_DATA) },
};

NTIO_EXPORT NTSTATUS NtPlugPlayControl(PLUGPLAY_CONTROL_CLASS PlugPlayControlClass, PVOID Buffer,
                                       ULONG BufferLength)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    SERVICE_ENTER();
    if ((ULONG)PlugPlayControlClass >= PlugPlayControlMaximum ||
        !PpControlTable[PlugPlayControlClass].Handler)
        return KiServiceExit(STATUS_INVALID_PARAMETER_1);
    if (BufferLength != PpControlTable[PlugPlayControlClass].Size)
        return KiServiceExit(STATUS_INFO_LENGTH_MISMATCH);
    if (!PpRootNode)
        return KiServiceExit(STATUS_NOT_SUPPORTED); /* the PnP manager did not start */
    /* The handlers read the caller's structure through a kernel copy and
     * write results straight back into the caller's. */
    ULONG64 Copy[16]; /* the largest structure is 40 bytes */
    if (!Buffer || !SvcCopyIn(Mode, Copy, Buffer, BufferLength))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    if (Mode == UserMode && !SvcProbe(Buffer, BufferLength, TRUE))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    return KiServiceExit(PpControlTable[PlugPlayControlClass].Handler(Mode, Copy, Buffer));
}
