/*
 * pnp/action.c - the PnP manager's worker: requests to enumerate, start,
 * remove, disable or restart a device are queued and carried out one at a
 * time on a system worker thread, as Windows' device action worker does.
 * A driver may ask (IoInvalidateDeviceRelations) at DISPATCH_LEVEL; a
 * user-mode request (NtPlugPlayControl) waits for its result.  A request
 * made on the worker itself (a driver's START routine asking for its own
 * enumeration) is carried out after the current one, never waited for.
 *
 * Also here: starting the tree with the kernel (the root enumerator's
 * devices come back from the registry) and removing every device before
 * the drivers unload at exit.
 */
#include "pnp.h"
#include "ex/ex.h"

typedef struct _PP_REQUEST {
    LIST_ENTRY Link;
    PP_ACTION Action;
    PDEVICE_OBJECT Pdo;             /* referenced; or NULL: by Instance */
    WCHAR Instance[PNP_INSTANCE_PATH_CHARS];
    PKEVENT Done;                   /* the waiter's, or NULL */
    NTSTATUS Status;
    PULONG VetoType;
    PWSTR VetoName;
    ULONG VetoChars;
    /* PpActionSleep, PpActionSetPower: SYSTEM_POWER_STATE, POWER_ACTION;
     * PpActionUsage: DEVICE_USAGE_NOTIFICATION_TYPE, InPath. */
    ULONG Argument[2];
} PP_REQUEST, *PPP_REQUEST;

/* Queued requests and whether the worker runs, under PpRequestLock. */
static KSPIN_LOCK PpRequestLock;
static LIST_ENTRY PpRequests = { &PpRequests, &PpRequests };
static BOOLEAN PpWorkerQueued;
static WORK_QUEUE_ITEM PpWorkItem;
static PKTHREAD volatile PpWorkerThread;
static BOOLEAN PpShuttingDown;

static PDEVICE_NODE PpRequestNode(PPP_REQUEST Request)
{
    if (Request->Pdo)
        return PpDeviceNodeOf(Request->Pdo);
    if (!Request->Instance[0])
        return PpRootNode;
    KeAcquireGuardedMutex(&PpTreeLock);
    PDEVICE_NODE Node = PpFindDeviceNode(Request->Instance);
    KeReleaseGuardedMutex(&PpTreeLock);
    return Node;
}

static NTSTATUS PpCarryOut(PPP_REQUEST Request)
{
    if (Request->Action == PpActionSleep) {
        /* ntio's machine wakes as soon as everything is asleep. */
        NTSTATUS Status = PopSetSystemPowerState((SYSTEM_POWER_STATE)Request->Argument[0],
                                                 (POWER_ACTION)Request->Argument[1]);
        if (NT_SUCCESS(Status))
            PopSetSystemPowerState(PowerSystemWorking, PowerActionNone);
        return Status;
    }
    if (Request->Action == PpActionSetPower)
        return PopSetSystemPowerState((SYSTEM_POWER_STATE)Request->Argument[0],
                                      (POWER_ACTION)Request->Argument[1]);
    PDEVICE_NODE Node = PpRequestNode(Request);
    if (!Node || Node->State == DeviceNodeDeleted)
        return STATUS_NO_SUCH_DEVICE;
    switch (Request->Action) {
    case PpActionEnumerate:
        return PpEnumerateDevice(Node);
    case PpActionFinishRemoval:
        return PpFinishPendingRemoval(Node);
    case PpActionSleep:
    case PpActionSetPower:
        break; /* above */
    case PpActionQueryState: {
        IO_STACK_LOCATION Ask = { .MinorFunction = IRP_MN_QUERY_PNP_DEVICE_STATE };
        ULONG_PTR Info = 0;
        if (Node->State != DeviceNodeStarted ||
            !NT_SUCCESS(PpSendPnpIrp(Node->PhysicalDeviceObject, &Ask, &Info)))
            return STATUS_SUCCESS;
        Node->DeviceState = (PNP_DEVICE_STATE)Info;
        if (Node->DeviceState & (PNP_DEVICE_FAILED | PNP_DEVICE_REMOVED))
            PpFailDeviceNode(Node, CM_PROB_FAILED_POST_START);
        else if (Node->DeviceState & PNP_DEVICE_RESOURCE_REQUIREMENTS_CHANGED)
            PpRebalanceDeviceNode(Node); /* new requirements: stopped and started again */
        return STATUS_SUCCESS;
    }
    case PpActionRebalance:
        return PpRebalanceDeviceNode(Node);
    case PpActionUsage:
        return PpDeviceUsageNotification(Node, (DEVICE_USAGE_NOTIFICATION_TYPE)Request->Argument[0],
                                         Request->Argument[1] != 0);
    case PpActionStart:
        if (Node->State == DeviceNodeStarted)
            return STATUS_SUCCESS;
        if (Node->Flags & DNF_DISABLED) {
            Node->Flags &= ~DNF_DISABLED;
            PpPersistDisabled(Node, FALSE);
        }
        return PpStartDeviceNode(Node);
    case PpActionQueryRemove:
    case PpActionDisable:
    case PpActionRestart:
    case PpActionEject: {
        if (Node == PpRootNode)
            return STATUS_INVALID_DEVICE_REQUEST;
        if (Node->State == DeviceNodeRemovePendingCloses) {
            /* Surprise-removed, its handles still open. */
            if (Request->VetoType)
                *Request->VetoType = 5; /* PNP_VetoOutstandingOpen */
            return STATUS_PLUGPLAY_QUERY_VETOED;
        }
        NTSTATUS Status = PpRemoveWithRelations(Node, Request->Action == PpActionEject,
                                                Request->VetoType, Request->VetoName,
                                                Request->VetoChars);
        if (!NT_SUCCESS(Status))
            return Status;
        if (Request->Action == PpActionDisable) {
            Node->Flags |= DNF_DISABLED;
            PpPersistDisabled(Node, TRUE);
            PpSetProblem(Node, CM_PROB_DISABLED, STATUS_SUCCESS);
        } else if (Request->Action == PpActionRestart) {
            Status = PpStartDeviceNode(Node);
        }
        return Status;
    }
    }
    return STATUS_INVALID_PARAMETER;
}

static VOID NTAPI PpWorker(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    PpWorkerThread = KeGetCurrentThread();
    for (;;) {
        KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&PpRequestLock);
        if (IsListEmpty(&PpRequests)) {
            PpWorkerQueued = FALSE;
            PpWorkerThread = NULL;
            KeReleaseSpinLock(&PpRequestLock, OldIrql);
            return;
        }
        PPP_REQUEST Request = CONTAINING_RECORD(RemoveHeadList(&PpRequests), PP_REQUEST, Link);
        KeReleaseSpinLock(&PpRequestLock, OldIrql);

        Request->Status = PpCarryOut(Request);
        if (Request->Pdo)
            ObfDereferenceObject(Request->Pdo);
        if (Request->Done)
            KeSetEvent(Request->Done, IO_NO_INCREMENT, FALSE); /* the waiter frees it */
        else
            ExFreePoolWithTag(Request, TAG_PNP);
    }
}

static NTSTATUS PpQueueRequest(PPP_REQUEST Request, BOOLEAN Wait);

static PPP_REQUEST PpAllocateRequest(PP_ACTION Action, PDEVICE_OBJECT Pdo)
{
    PPP_REQUEST Request = ExAllocatePoolWithTag(NonPagedPool, sizeof *Request, TAG_PNP);
    if (!Request)
        return NULL;
    memset(Request, 0, sizeof *Request);
    Request->Action = Action;
    if (Pdo) {
        ObfReferenceObject(Pdo);
        Request->Pdo = Pdo;
    }
    return Request;
}

/* Queue an action that takes two arguments (PP_REQUEST.Argument). */
static NTSTATUS PpQueueWithArguments(PP_ACTION What, PDEVICE_OBJECT Pdo, ULONG First,
                                     ULONG Second, BOOLEAN Wait)
{
    PPP_REQUEST Request = PpAllocateRequest(What, Pdo);
    if (!Request)
        return STATUS_INSUFFICIENT_RESOURCES;
    Request->Argument[0] = First;
    Request->Argument[1] = Second;
    return PpQueueRequest(Request, Wait);
}

NTSTATUS PpRequestPowerAction(SYSTEM_POWER_STATE State, POWER_ACTION Action, BOOLEAN Wait)
{
    return PpQueueWithArguments(PpActionSleep, NULL, State, Action, Wait);
}

NTSTATUS PpRequestPowerTransition(SYSTEM_POWER_STATE State, POWER_ACTION Action)
{
    return PpQueueWithArguments(PpActionSetPower, NULL, State, Action, TRUE);
}

NTSTATUS PpRequestDeviceUsage(PDEVICE_OBJECT Pdo, DEVICE_USAGE_NOTIFICATION_TYPE Type,
                              BOOLEAN InPath)
{
    return PpQueueWithArguments(PpActionUsage, Pdo, Type, InPath, TRUE);
}

NTSTATUS PpRequestDeviceAction(PCWSTR InstancePath, PDEVICE_OBJECT Pdo, PP_ACTION Action,
                               BOOLEAN Wait, PULONG VetoType, PWSTR VetoName, ULONG VetoChars)
{
    PPP_REQUEST Request = PpAllocateRequest(Action, Pdo);
    if (!Request)
        return STATUS_INSUFFICIENT_RESOURCES;
    for (ULONG i = 0; InstancePath && InstancePath[i] && i < PNP_INSTANCE_PATH_CHARS - 1; i++)
        Request->Instance[i] = InstancePath[i];
    Request->VetoType = VetoType;
    Request->VetoName = VetoName;
    Request->VetoChars = VetoChars;
    return PpQueueRequest(Request, Wait);
}

/* Queue Request (pool, freed by whoever finishes with it) and, if Wait,
 * return its result once carried out. */
static NTSTATUS PpQueueRequest(PPP_REQUEST Request, BOOLEAN Wait)
{
    KEVENT Done;
    /* Waiting for itself would never end: the worker carries it out later. */
    if (Wait && KeGetCurrentThread() == PpWorkerThread) {
        Wait = FALSE;
        Request->VetoType = NULL; /* the caller's stack is gone by then */
        Request->VetoName = NULL;
        Request->VetoChars = 0;
    }
    if (Wait) {
        KeInitializeEvent(&Done, NotificationEvent, FALSE);
        Request->Done = &Done;
    }
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&PpRequestLock);
    if (PpShuttingDown) {
        KeReleaseSpinLock(&PpRequestLock, OldIrql);
        if (Request->Pdo)
            ObfDereferenceObject(Request->Pdo);
        ExFreePoolWithTag(Request, TAG_PNP);
        return STATUS_TOO_LATE;
    }
    InsertTailList(&PpRequests, &Request->Link);
    BOOLEAN Start = !PpWorkerQueued;
    PpWorkerQueued = TRUE;
    KeReleaseSpinLock(&PpRequestLock, OldIrql);
    if (Start)
        ExQueueWorkItem(&PpWorkItem, DelayedWorkQueue);
    if (!Wait)
        return STATUS_PENDING;
    KeWaitForSingleObject(&Done, Executive, KernelMode, FALSE, NULL);
    NTSTATUS Status = Request->Status;
    ExFreePoolWithTag(Request, TAG_PNP);
    return Status;
}

NTIO_EXPORT VOID IoInvalidateDeviceRelations(PDEVICE_OBJECT DeviceObject, DEVICE_RELATION_TYPE Type)
{
    /* Only bus relations change the tree here; the others are asked for
     * when the PnP manager needs them. */
    if (Type == BusRelations && PpDeviceNodeOf(DeviceObject))
        PpRequestDeviceAction(NULL, DeviceObject, PpActionEnumerate, FALSE, NULL, NULL, 0);
}

NTIO_EXPORT VOID IoInvalidateDeviceState(PDEVICE_OBJECT PhysicalDeviceObject)
{
    PDEVICE_NODE Node = PpDeviceNodeOf(PhysicalDeviceObject);
    if (!Node)
        KeBugCheckEx(PNP_DETECTED_FATAL_ERROR, 2, (ULONG_PTR)PhysicalDeviceObject, 0, 0);
    PpRequestDeviceAction(NULL, PhysicalDeviceObject, PpActionQueryState, FALSE, NULL, NULL, 0);
}

VOID PpInitSystem(VOID)
{
    PDEVICE_OBJECT RootPdo;
    KeInitializeSpinLock(&PpRequestLock);
    KeInitializeGuardedMutex(&PpTreeLock);
    ExInitializeWorkItem(&PpWorkItem, PpWorker, NULL);
    PpInitNotify();
    if (!NT_SUCCESS(PpCreateRootDevice(&RootPdo))) {
        fprintf(stderr, "ntio: the PnP manager cannot create the root device\n");
        return;
    }
    PpRootNode = PpCreateDeviceNode(NULL, RootPdo);
    if (!PpRootNode)
        return;
    memcpy(PpRootNode->InstancePath, L"HTREE\\ROOT\\0", sizeof L"HTREE\\ROOT\\0");
    PpRootNode->State = DeviceNodeStarted;
    /* The devices installed before come back: enumerate the root (which
     * starts what it finds) before the application runs. */
    PpRequestDeviceAction(NULL, NULL, PpActionEnumerate, TRUE, NULL, NULL, 0);
    PopInitRemote();
}

/* Children first, then the node: every stack gets IRP_MN_REMOVE_DEVICE
 * before its drivers are unloaded. */
static VOID PpRemoveSubtree(PDEVICE_NODE Node)
{
    while (!IsListEmpty(&Node->Children))
        PpRemoveSubtree(CONTAINING_RECORD(Node->Children.Flink, DEVICE_NODE, SiblingLink));
    if (Node != PpRootNode)
        PpRemoveDeviceNode(Node, TRUE);
}

VOID PpShutdownSystem(VOID)
{
    if (!PpRootNode)
        return;
    PopShutdownRemote();
    /* Accept nothing more, and let the worker finish what is queued. */
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&PpRequestLock);
    PpShuttingDown = TRUE;
    KeReleaseSpinLock(&PpRequestLock, OldIrql);
    while (__atomic_load_n(&PpWorkerQueued, __ATOMIC_ACQUIRE)) {
        LARGE_INTEGER Ms = { .QuadPart = -10000 };
        KeDelayExecutionThread(KernelMode, FALSE, &Ms);
    }
    PpWorkerThread = KeGetCurrentThread();
    PpRemoveSubtree(PpRootNode);
    PpWorkerThread = NULL;
    PpDrainNotifications();
}
