/*
 * pnp/devnode.c - device nodes: the tree, lookups, status as cfgmgr32
 * reports it, and the registry helpers the PnP manager shares.
 */
#include "pnp.h"
#include "ex/ex.h"

/* The PnP event GUIDs the manager compares and sends, defined here once. */
#include <initguid.h>
#include <wdmguid.h>

PDEVICE_NODE PpRootNode;
KGUARDED_MUTEX PpTreeLock;

PDEVICE_NODE PpCreateDeviceNode(PDEVICE_NODE Parent, PDEVICE_OBJECT Pdo)
{
    PDEVICE_NODE Node = ExAllocatePoolWithTag(NonPagedPool, sizeof *Node, TAG_PNP);
    if (!Node)
        return NULL;
    memset(Node, 0, sizeof *Node);
    InitializeListHead(&Node->Children);
    InitializeListHead(&Node->TargetNotify);
    Node->PhysicalDeviceObject = Pdo;
    ObfReferenceObject(Pdo);
    Pdo->DeviceObjectExtension->DeviceNode = Node;
    /* A PDO is a PnP device; its driver cleared DO_DEVICE_INITIALIZING
     * (or should have): as Windows, the PnP manager clears it for it. */
    Pdo->Flags &= ~DO_DEVICE_INITIALIZING;
    Node->Parent = Parent;
    if (Parent) {
        Node->Level = Parent->Level + 1;
        KeAcquireGuardedMutex(&PpTreeLock);
        InsertTailList(&Parent->Children, &Node->SiblingLink);
        KeReleaseGuardedMutex(&PpTreeLock);
    } else {
        InitializeListHead(&Node->SiblingLink);
    }
    return Node;
}

VOID PpDeleteDeviceNode(PDEVICE_NODE Node)
{
    PpDisableDeviceInterfaces(Node);
    KeAcquireGuardedMutex(&PpTreeLock);
    RemoveEntryList(&Node->SiblingLink);
    InitializeListHead(&Node->SiblingLink);
    Node->State = DeviceNodeDeleted;
    Node->PhysicalDeviceObject->DeviceObjectExtension->DeviceNode = NULL;
    KeReleaseGuardedMutex(&PpTreeLock);
    ObfDereferenceObject(Node->PhysicalDeviceObject);
    if (Node->HardwareIds)
        ExFreePool(Node->HardwareIds);
    if (Node->CompatibleIds)
        ExFreePool(Node->CompatibleIds);
    if (Node->Description)
        ExFreePool(Node->Description);
    if (Node->Location)
        ExFreePool(Node->Location);
    ExFreePoolWithTag(Node, TAG_PNP);
}

PDEVICE_NODE PpDeviceNodeOf(PDEVICE_OBJECT Pdo)
{
    return Pdo ? Pdo->DeviceObjectExtension->DeviceNode : NULL;
}

BOOLEAN PpEqualInstance(PCWSTR a, PCWSTR b)
{
    for (;; a++, b++) {
        WCHAR x = *a, y = *b;
        if (x >= L'a' && x <= L'z')
            x -= 32;
        if (y >= L'a' && y <= L'z')
            y -= 32;
        if (x != y)
            return FALSE;
        if (!x)
            return TRUE;
    }
}

static PDEVICE_NODE PpFindIn(PDEVICE_NODE Node, PCWSTR InstancePath)
{
    if (PpEqualInstance(Node->InstancePath, InstancePath))
        return Node;
    for (PLIST_ENTRY E = Node->Children.Flink; E != &Node->Children; E = E->Flink) {
        PDEVICE_NODE Found = PpFindIn(CONTAINING_RECORD(E, DEVICE_NODE, SiblingLink), InstancePath);
        if (Found)
            return Found;
    }
    return NULL;
}

PDEVICE_NODE PpFindDeviceNode(PCWSTR InstancePath)
{
    return PpRootNode ? PpFindIn(PpRootNode, InstancePath) : NULL;
}

VOID PpSetProblem(PDEVICE_NODE Node, ULONG Problem, NTSTATUS Status)
{
    Node->Problem = Problem;
    Node->ProblemStatus = Status;
}

ULONG PpDeviceNodeStatus(PDEVICE_NODE Node)
{
    ULONG Status = DN_NT_ENUMERATOR | DN_NT_DRIVER;
    if (Node->Flags & DNF_ROOT_ENUMERATED)
        Status |= DN_ROOT_ENUMERATED;
    if (Node->State >= DeviceNodeDriversAdded && Node->State <= DeviceNodeQueryRemoved)
        Status |= DN_DRIVER_LOADED;
    if (Node->State == DeviceNodeStarted || Node->State == DeviceNodeQueryStopped ||
        Node->State == DeviceNodeQueryRemoved)
        Status |= DN_STARTED;
    if (Node->Problem)
        Status |= DN_HAS_PROBLEM;
    if (Node->Capabilities.Removable)
        Status |= DN_REMOVABLE;
    if (!(Node->DeviceState & PNP_DEVICE_NOT_DISABLEABLE))
        Status |= DN_DISABLEABLE;
    if (Node->Capabilities.SilentInstall)
        Status |= DN_SILENT_INSTALL;
    if (Node->DeviceState & PNP_DEVICE_DONT_DISPLAY_IN_UI)
        Status |= DN_NO_SHOW_IN_DM;
    return Status;
}

ULONG PpMultiSzChars(PCWSTR MultiSz)
{
    ULONG n = 0;
    if (!MultiSz)
        return 0;
    while (MultiSz[n])
        n += (ULONG)RtlpWcslen(MultiSz + n) + 1;
    return n + 1;
}

/* ---- registry ---- */

NTSTATUS PpOpenKey(PCWSTR Path, PCWSTR Sub, ACCESS_MASK Access, BOOLEAN Create, HANDLE Root,
                   PHANDLE Key)
{
    WCHAR Full[512];
    ULONG n = 0;
    for (PCWSTR p = Path; p && *p && n < RTL_NUMBER_OF(Full) - 1; p++)
        Full[n++] = *p;
    for (PCWSTR p = Sub; p && *p && n < RTL_NUMBER_OF(Full) - 1; p++)
        Full[n++] = *p;
    if (n >= RTL_NUMBER_OF(Full) - 1)
        return STATUS_NAME_TOO_LONG;
    Full[n] = 0;
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;
    RtlInitUnicodeString(&Name, Full);
    InitializeObjectAttributes(&Attributes, &Name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, Root,
                               NULL);
    if (!Create)
        return ZwOpenKey(Key, Access, &Attributes);
    NTSTATUS Status = ZwCreateKey(Key, Access, &Attributes, 0, NULL, REG_OPTION_NON_VOLATILE, NULL);
    if (Status != STATUS_OBJECT_NAME_NOT_FOUND)
        return Status;
    /* A parent is missing (Enum\<enumerator>\<device> of a new bus child):
     * make the path one key at a time, as the registry makes one per call. */
    for (ULONG i = 1; i <= n; i++) {
        if (i < n && Full[i] != L'\\')
            continue;
        WCHAR Saved = Full[i];
        Full[i] = 0;
        RtlInitUnicodeString(&Name, Full);
        HANDLE Part;
        Status = ZwCreateKey(&Part, i == n ? Access : KEY_CREATE_SUB_KEY, &Attributes, 0, NULL,
                             REG_OPTION_NON_VOLATILE, NULL);
        Full[i] = Saved;
        if (!NT_SUCCESS(Status) && Status != STATUS_OBJECT_NAME_NOT_FOUND && i < n)
            continue; /* \Registry, \Registry\Machine ...: not keys one creates */
        if (!NT_SUCCESS(Status))
            return Status;
        if (i == n)
            *Key = Part;
        else
            ZwClose(Part);
    }
    return STATUS_SUCCESS;
}

NTSTATUS PpQueryString(HANDLE Key, PCWSTR Name, PWSTR Buffer, ULONG Chars, PWSTR *Copy)
{
    UNICODE_STRING ValueName;
    ULONG Needed = 0;
    RtlInitUnicodeString(&ValueName, Name);
    NTSTATUS Status = ZwQueryValueKey(Key, &ValueName, KeyValuePartialInformation, NULL, 0, &Needed);
    if (Status != STATUS_BUFFER_TOO_SMALL && Status != STATUS_BUFFER_OVERFLOW)
        return NT_SUCCESS(Status) ? STATUS_OBJECT_TYPE_MISMATCH : Status;
    PKEY_VALUE_PARTIAL_INFORMATION Info = ExAllocatePoolWithTag(PagedPool, Needed, TAG_PNP);
    if (!Info)
        return STATUS_INSUFFICIENT_RESOURCES;
    Status = ZwQueryValueKey(Key, &ValueName, KeyValuePartialInformation, Info, Needed, &Needed);
    if (NT_SUCCESS(Status) && Info->Type != REG_SZ && Info->Type != REG_MULTI_SZ &&
        Info->Type != REG_EXPAND_SZ)
        Status = STATUS_OBJECT_TYPE_MISMATCH;
    if (NT_SUCCESS(Status)) {
        /* Two NULs past the data, whatever the writer left off. */
        ULONG DataChars = Info->DataLength / sizeof(WCHAR);
        if (Copy) {
            PWSTR Out = ExAllocatePoolWithTag(PagedPool, (DataChars + 2) * sizeof(WCHAR), TAG_PNP);
            if (!Out) {
                Status = STATUS_INSUFFICIENT_RESOURCES;
            } else {
                memcpy(Out, Info->Data, DataChars * sizeof(WCHAR));
                Out[DataChars] = Out[DataChars + 1] = 0;
                *Copy = Out;
            }
        } else if (DataChars + 2 > Chars) {
            Status = STATUS_BUFFER_TOO_SMALL;
        } else {
            memcpy(Buffer, Info->Data, DataChars * sizeof(WCHAR));
            Buffer[DataChars] = Buffer[DataChars + 1] = 0;
        }
    }
    ExFreePoolWithTag(Info, TAG_PNP);
    return Status;
}

NTSTATUS PpSetValue(HANDLE Key, PCWSTR Name, ULONG Type, const VOID *Data, ULONG Size)
{
    UNICODE_STRING ValueName;
    RtlInitUnicodeString(&ValueName, Name);
    return ZwSetValueKey(Key, &ValueName, 0, Type, (PVOID)Data, Size);
}

VOID PpGuidToString(const GUID *Guid, PWSTR Text)
{
    static const WCHAR Hex[] = L"0123456789ABCDEF";
    ULONG n = 0;
    Text[n++] = L'{';
    for (int i = 7; i >= 0; i--)
        Text[n++] = Hex[(Guid->Data1 >> (4 * i)) & 0xF];
    Text[n++] = L'-';
    for (int i = 3; i >= 0; i--)
        Text[n++] = Hex[(Guid->Data2 >> (4 * i)) & 0xF];
    Text[n++] = L'-';
    for (int i = 3; i >= 0; i--)
        Text[n++] = Hex[(Guid->Data3 >> (4 * i)) & 0xF];
    Text[n++] = L'-';
    for (int i = 0; i < 8; i++) {
        if (i == 2)
            Text[n++] = L'-';
        Text[n++] = Hex[Guid->Data4[i] >> 4];
        Text[n++] = Hex[Guid->Data4[i] & 0xF];
    }
    Text[n++] = L'}';
    Text[n] = 0;
}

NTSTATUS PpOpenInstanceKey(PDEVICE_NODE Node, ACCESS_MASK Access, BOOLEAN Create, PHANDLE Key)
{
    return PpOpenKey(PP_ENUM_PATH, Node->InstancePath, Access, Create, NULL, Key);
}

VOID PpPersistDisabled(PDEVICE_NODE Node, BOOLEAN Disabled)
{
    HANDLE Key;
    ULONG Flags = 0;
    if (!NT_SUCCESS(PpOpenInstanceKey(Node, KEY_ALL_ACCESS, FALSE, &Key)))
        return;
    IopQueryDword(Key, L"ConfigFlags", &Flags);
    Flags = Disabled ? (Flags | 0x1) : (Flags & ~0x1u); /* CONFIGFLAG_DISABLED */
    PpSetValue(Key, L"ConfigFlags", REG_DWORD, &Flags, sizeof Flags);
    ZwClose(Key);
}

static BOOLEAN PpDriverInSubtree(PDEVICE_NODE Node, PDRIVER_OBJECT Driver)
{
    for (ULONG i = 0; i < Node->DriverCount; i++)
        if (Node->Drivers[i] == Driver)
            return TRUE;
    for (PLIST_ENTRY E = Node->Children.Flink; E != &Node->Children; E = E->Flink)
        if (PpDriverInSubtree(CONTAINING_RECORD(E, DEVICE_NODE, SiblingLink), Driver))
            return TRUE;
    return FALSE;
}

VOID PpReleaseDrivers(PDEVICE_NODE Node)
{
    while (Node->DriverCount) {
        /* Out of the node first: PpDriverInUse must not count it. */
        PDRIVER_OBJECT Driver = Node->Drivers[--Node->DriverCount];
        Node->Drivers[Node->DriverCount] = NULL;
        IopUnloadPnpDriverIfIdle(Driver);
        ObfDereferenceObject(Driver);
    }
}

BOOLEAN PpDriverInUse(PDRIVER_OBJECT Driver)
{
    if (!PpRootNode)
        return FALSE;
    KeAcquireGuardedMutex(&PpTreeLock);
    BOOLEAN Used = PpDriverInSubtree(PpRootNode, Driver);
    KeReleaseGuardedMutex(&PpTreeLock);
    return Used;
}
