/*
 * pnp/enum.c - enumeration: a started device's BusRelations become the
 * children of its node.  A new PDO gets a node, which the PnP manager
 * then asks for its IDs, capabilities and texts (recording them under
 * Enum\<instance path> in the registry, as Windows does) and starts; a
 * child missing from the answer has been unplugged: it is surprise-removed.
 */
#include "pnp.h"
#include "ex/ex.h"

/* CONFIGFLAG_* of a device instance's ConfigFlags value. */
#define CONFIGFLAG_DISABLED 0x00000001
#define CONFIGFLAG_REINSTALL 0x00000020
#define CONFIGFLAG_FAILEDINSTALL 0x00000040

/* Instance path of a new node: DeviceID\InstanceID.  A bus that does not
 * promise unique instance IDs (UniqueID FALSE) gets them prefixed with its
 * own identity, so that two buses' children do not collide, in the shape
 * of Windows' parent ID prefix ("1&2c7b1a3e&0&"). */
static NTSTATUS PpMakeInstancePath(PDEVICE_NODE Node, PCWSTR DeviceId, PCWSTR InstanceId)
{
    WCHAR Prefix[32] = L"";
    if (!Node->Capabilities.UniqueID && Node->Parent && Node->Parent != PpRootNode) {
        ULONG Hash = 2166136261u;
        for (PCWSTR p = Node->Parent->InstancePath; *p; p++)
            Hash = (Hash ^ (*p >= L'a' && *p <= L'z' ? *p - 32 : *p)) * 16777619u;
        char Narrow[32];
        snprintf(Narrow, sizeof Narrow, "%x&%08x&0&", (unsigned)Node->Parent->Level, (unsigned)Hash);
        for (ULONG i = 0; Narrow[i]; i++)
            Prefix[i] = (WCHAR)Narrow[i], Prefix[i + 1] = 0;
    }
    ULONG d = (ULONG)RtlpWcslen(DeviceId), p = (ULONG)RtlpWcslen(Prefix),
          n = (ULONG)RtlpWcslen(InstanceId);
    if (d + 1 + p + n + 1 > PNP_INSTANCE_PATH_CHARS || !d || !n)
        return STATUS_INVALID_DEVICE_REQUEST;
    /* Validate as Windows does: no backslash in the instance ID, no
     * spaces or commas anywhere, printable characters. */
    for (ULONG i = 0; i < n; i++)
        if (InstanceId[i] == L'\\' || InstanceId[i] <= L' ' || InstanceId[i] == L',')
            return STATUS_INVALID_DEVICE_REQUEST;
    for (ULONG i = 0; i < d; i++)
        if (DeviceId[i] <= L' ' || DeviceId[i] == L',')
            return STATUS_INVALID_DEVICE_REQUEST;
    memcpy(Node->InstancePath, DeviceId, d * sizeof(WCHAR));
    Node->InstancePath[d] = L'\\';
    memcpy(Node->InstancePath + d + 1, Prefix, p * sizeof(WCHAR));
    memcpy(Node->InstancePath + d + 1 + p, InstanceId, n * sizeof(WCHAR));
    Node->InstancePath[d + 1 + p + n] = 0;
    return STATUS_SUCCESS;
}

/* Ask a new node who it is, and write it down under Enum. */
static NTSTATUS PpInitializeDeviceNode(PDEVICE_NODE Node)
{
    PDEVICE_OBJECT Pdo = Node->PhysicalDeviceObject;
    PWSTR DeviceId = NULL, InstanceId = NULL;
    NTSTATUS Status = PpQueryCapabilities(Pdo, &Node->Capabilities);
    if (!NT_SUCCESS(Status) && Status != STATUS_NOT_SUPPORTED)
        goto out;
    Status = PpQueryId(Pdo, BusQueryDeviceID, &DeviceId);
    if (!NT_SUCCESS(Status))
        goto out;
    Status = PpQueryId(Pdo, BusQueryInstanceID, &InstanceId);
    if (!NT_SUCCESS(Status)) {
        /* No instance ID: Windows uses "0" made unique by the prefix. */
        InstanceId = ExAllocatePoolWithTag(PagedPool, 2 * sizeof(WCHAR), TAG_PNP);
        if (!InstanceId) {
            Status = STATUS_INSUFFICIENT_RESOURCES;
            goto out;
        }
        InstanceId[0] = L'0';
        InstanceId[1] = 0;
    }
    Status = PpMakeInstancePath(Node, DeviceId, InstanceId);
    if (!NT_SUCCESS(Status))
        goto out;
    KeAcquireGuardedMutex(&PpTreeLock);
    PDEVICE_NODE Twin = PpFindDeviceNode(Node->InstancePath);
    KeReleaseGuardedMutex(&PpTreeLock);
    if (Twin && Twin != Node) {
        DbgPrint("ntio: PnP: two devices claim the instance path %ws; the second is not "
                 "started\n", Node->InstancePath);
        Node->InstancePath[0] = 0;
        Status = STATUS_OBJECT_NAME_COLLISION;
        goto out;
    }
    PpQueryId(Pdo, BusQueryHardwareIDs, &Node->HardwareIds);
    PpQueryId(Pdo, BusQueryCompatibleIDs, &Node->CompatibleIds);
    PpQueryDeviceText(Pdo, DeviceTextDescription, &Node->Description);
    PpQueryDeviceText(Pdo, DeviceTextLocationInformation, &Node->Location);
    /* Asked once, here on the worker, like every PnP IRP. */
    IO_STACK_LOCATION Bus = { .MinorFunction = IRP_MN_QUERY_BUS_INFORMATION };
    ULONG_PTR BusInfo = 0;
    if (NT_SUCCESS(PpSendPnpIrp(Pdo, &Bus, &BusInfo)) && BusInfo) {
        Node->BusInformation = *(PPNP_BUS_INFORMATION)BusInfo;
        Node->HasBusInformation = TRUE;
        ExFreePool((PVOID)BusInfo);
    }

    HANDLE Key;
    Status = PpOpenInstanceKey(Node, KEY_ALL_ACCESS, TRUE, &Key);
    if (NT_SUCCESS(Status)) {
        if (Node->HardwareIds)
            PpSetValue(Key, L"HardwareID", REG_MULTI_SZ, Node->HardwareIds,
                       PpMultiSzChars(Node->HardwareIds) * sizeof(WCHAR));
        if (Node->CompatibleIds)
            PpSetValue(Key, L"CompatibleIDs", REG_MULTI_SZ, Node->CompatibleIds,
                       PpMultiSzChars(Node->CompatibleIds) * sizeof(WCHAR));
        WCHAR Existing[4];
        if (Node->Description &&
            PpQueryString(Key, L"DeviceDesc", Existing, RTL_NUMBER_OF(Existing), NULL) ==
                STATUS_OBJECT_NAME_NOT_FOUND)
            PpSetValue(Key, L"DeviceDesc", REG_SZ, Node->Description,
                       ((ULONG)RtlpWcslen(Node->Description) + 1) * sizeof(WCHAR));
        ULONG Caps = 0, Flags = 0;
        if (Node->Capabilities.LockSupported) Caps |= 0x1;
        if (Node->Capabilities.EjectSupported) Caps |= 0x2;
        if (Node->Capabilities.Removable) Caps |= 0x4;
        if (Node->Capabilities.DockDevice) Caps |= 0x8;
        if (Node->Capabilities.UniqueID) Caps |= 0x10;
        if (Node->Capabilities.SilentInstall) Caps |= 0x20;
        if (Node->Capabilities.RawDeviceOK) Caps |= 0x40;
        if (Node->Capabilities.SurpriseRemovalOK) Caps |= 0x80;
        PpSetValue(Key, L"Capabilities", REG_DWORD, &Caps, sizeof Caps);
        if (NT_SUCCESS(IopQueryDword(Key, L"ConfigFlags", &Flags)) && (Flags & CONFIGFLAG_DISABLED))
            Node->Flags |= DNF_DISABLED;
        ZwClose(Key);
    }
    Node->State = DeviceNodeInitialized;
    Status = STATUS_SUCCESS;
out:
    if (DeviceId)
        ExFreePool(DeviceId);
    if (InstanceId)
        ExFreePool(InstanceId);
    return Status;
}

NTSTATUS PpEnumerateDevice(PDEVICE_NODE Node)
{
    PDEVICE_RELATIONS Relations = NULL;
    if (Node->State != DeviceNodeStarted)
        return STATUS_SUCCESS;
    NTSTATUS Status = PpQueryRelations(Node->PhysicalDeviceObject, BusRelations, &Relations);
    if (!NT_SUCCESS(Status) || !Relations) {
        /* Not a bus (nobody answered): its children, if any, stay. */
        return Status == STATUS_NOT_SUPPORTED || NT_SUCCESS(Status) ? STATUS_SUCCESS : Status;
    }
    for (PLIST_ENTRY E = Node->Children.Flink; E != &Node->Children; E = E->Flink)
        CONTAINING_RECORD(E, DEVICE_NODE, SiblingLink)->Flags &= ~DNF_ENUMERATED;
    for (ULONG i = 0; i < Relations->Count; i++) {
        PDEVICE_OBJECT Pdo = Relations->Objects[i];
        PDEVICE_NODE Child = PpDeviceNodeOf(Pdo);
        if (Child && Child->Parent != Node) {
            DbgPrint("ntio: PnP: %p reports PDO %p, which belongs to another bus\n",
                     Node->PhysicalDeviceObject, Pdo);
        } else if (!Child) {
            Child = PpCreateDeviceNode(Node, Pdo);
            if (Child && Node == PpRootNode)
                Child->Flags |= DNF_ROOT_ENUMERATED;
        }
        if (Child && Child->Parent == Node)
            Child->Flags |= DNF_ENUMERATED;
        ObfDereferenceObject(Pdo); /* the reference the relations held */
    }
    ExFreePool(Relations);

    /* Children no longer reported are gone. */
    for (PLIST_ENTRY E = Node->Children.Flink; E != &Node->Children;) {
        PDEVICE_NODE Child = CONTAINING_RECORD(E, DEVICE_NODE, SiblingLink);
        E = E->Flink;
        if (!(Child->Flags & DNF_ENUMERATED))
            PpSurpriseRemoveDeviceNode(Child);
    }
    /* New ones are initialised and started, and in turn enumerated. */
    for (PLIST_ENTRY E = Node->Children.Flink; E != &Node->Children;) {
        PDEVICE_NODE Child = CONTAINING_RECORD(E, DEVICE_NODE, SiblingLink);
        E = E->Flink;
        if (Child->State != DeviceNodeUninitialized)
            continue;
        Status = PpInitializeDeviceNode(Child);
        if (!NT_SUCCESS(Status)) {
            PpSetProblem(Child, CM_PROB_DEVICE_NOT_THERE, Status);
            continue;
        }
        if (Child->Flags & DNF_DISABLED) {
            PpSetProblem(Child, CM_PROB_DISABLED, STATUS_SUCCESS);
            continue;
        }
        PpStartDeviceNode(Child); /* enumerates it too once started */
    }
    return STATUS_SUCCESS;
}
