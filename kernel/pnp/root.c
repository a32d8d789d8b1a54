/*
 * pnp/root.c - the root enumerator, \Driver\PnpManager: the bus driver of
 * the root device (HTREE\ROOT\0) and of every root-enumerated device.
 *
 * Its children are the instances listed in the registry under
 * Enum\ROOT\<device>\<instance>, which `ntio devcon install` creates; it
 * answers the PnP manager's questions about them from those keys (the
 * IDs from the key names and the HardwareID and CompatibleIDs values, the
 * description from DeviceDesc), as Windows' root enumerator does.  A
 * software device has no resources, and its PDO has nothing to do for
 * START, STOP or REMOVE except to succeed; its removal deletes the PDO.
 */
#include "pnp.h"
#include "io/builtin.h"
#include "ex/ex.h"

#define PP_ROOT_MAX_CHILDREN 256

/* Device extension of the root enumerator's devices. */
typedef struct _PP_ROOT_PDO {
    BOOLEAN IsRoot;                 /* the root device itself */
    BOOLEAN Present;                /* still listed in the registry (last enumeration) */
    BOOLEAN Removed;                /* IRP_MN_REMOVE_DEVICE arrived: deleted */
    WCHAR Instance[PNP_INSTANCE_PATH_CHARS]; /* "ROOT\ECHO\0000" */
    LIST_ENTRY Link;                /* in PpRootChildren */
} PP_ROOT_PDO, *PPP_ROOT_PDO;

static PDRIVER_OBJECT PpRootDriver;
static PDEVICE_OBJECT PpRootDevice;
/* The root's child PDOs; touched only by the PnP worker (enumeration and
 * removal run there). */
static LIST_ENTRY PpRootChildren = { &PpRootChildren, &PpRootChildren };

static PWSTR PpCopyString(PCWSTR Text, ULONG Chars)
{
    PWSTR Copy = ExAllocatePoolWithTag(PagedPool, (Chars + 1) * sizeof(WCHAR), TAG_PNP);
    if (Copy) {
        memcpy(Copy, Text, Chars * sizeof(WCHAR));
        Copy[Chars] = 0;
    }
    return Copy;
}

/* A MULTI_SZ with one string. */
static PWSTR PpSingleMultiSz(PCWSTR Text)
{
    ULONG Chars = (ULONG)RtlpWcslen(Text);
    PWSTR Copy = ExAllocatePoolWithTag(PagedPool, (Chars + 2) * sizeof(WCHAR), TAG_PNP);
    if (Copy) {
        memcpy(Copy, Text, Chars * sizeof(WCHAR));
        Copy[Chars] = Copy[Chars + 1] = 0;
    }
    return Copy;
}

static NTSTATUS PpRootQueryId(PPP_ROOT_PDO Pdo, BUS_QUERY_ID_TYPE Type, PWSTR *Id)
{
    PCWSTR Instance = Pdo->Instance;
    PCWSTR Last = Instance;
    for (PCWSTR p = Instance; *p; p++)
        if (*p == L'\\')
            Last = p + 1;
    *Id = NULL;
    switch (Type) {
    case BusQueryDeviceID: /* "ROOT\ECHO" */
        *Id = PpCopyString(Instance, (ULONG)(Last - Instance - 1));
        break;
    case BusQueryInstanceID: /* "0000" */
        *Id = PpCopyString(Last, (ULONG)RtlpWcslen(Last));
        break;
    case BusQueryHardwareIDs:
    case BusQueryCompatibleIDs: {
        if (Pdo->IsRoot)
            return STATUS_NOT_SUPPORTED;
        HANDLE Key;
        NTSTATUS Status = PpOpenKey(PP_ENUM_PATH, Instance, KEY_READ, FALSE, NULL, &Key);
        if (!NT_SUCCESS(Status))
            return STATUS_NOT_SUPPORTED;
        Status = PpQueryString(Key, Type == BusQueryHardwareIDs ? L"HardwareID" : L"CompatibleIDs",
                               NULL, 0, Id);
        ZwClose(Key);
        if (!NT_SUCCESS(Status))
            return Status == STATUS_INSUFFICIENT_RESOURCES ? Status : STATUS_NOT_SUPPORTED;
        return STATUS_SUCCESS;
    }
    default:
        return STATUS_NOT_SUPPORTED;
    }
    return *Id ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

static NTSTATUS PpRootQueryText(PPP_ROOT_PDO Pdo, DEVICE_TEXT_TYPE Type, PWSTR *Text)
{
    *Text = NULL;
    if (Type != DeviceTextDescription || Pdo->IsRoot)
        return STATUS_NOT_SUPPORTED;
    HANDLE Key;
    NTSTATUS Status = PpOpenKey(PP_ENUM_PATH, Pdo->Instance, KEY_READ, FALSE, NULL, &Key);
    if (!NT_SUCCESS(Status))
        return STATUS_NOT_SUPPORTED;
    Status = PpQueryString(Key, L"DeviceDesc", NULL, 0, Text);
    ZwClose(Key);
    if (NT_SUCCESS(Status)) {
        /* An INF's DeviceDesc is "@oem.inf,%desc%;Text": the text is after the ';'. */
        PWSTR Semi = *Text;
        while (*Semi && *Semi != L';')
            Semi++;
        if (**Text == L'@' && *Semi) {
            PWSTR Plain = PpSingleMultiSz(Semi + 1);
            ExFreePool(*Text);
            *Text = Plain;
        }
    }
    return NT_SUCCESS(Status) && *Text ? STATUS_SUCCESS : STATUS_NOT_SUPPORTED;
}

static BOOLEAN PpRootStillListed(PCWSTR Instance)
{
    HANDLE Key;
    if (!NT_SUCCESS(PpOpenKey(PP_ENUM_PATH, Instance, KEY_READ, FALSE, NULL, &Key)))
        return FALSE;
    ZwClose(Key);
    return TRUE;
}

/* The PDO whose extension is Ext (extension follows the device object). */
static PDEVICE_OBJECT PpRootPdoOf(PPP_ROOT_PDO Ext)
{
    return (PDEVICE_OBJECT)((PUCHAR)Ext - sizeof(DEVICE_OBJECT));
}

static PDEVICE_OBJECT PpRootChild(PCWSTR Instance)
{
    for (PLIST_ENTRY E = PpRootChildren.Flink; E != &PpRootChildren; E = E->Flink) {
        PPP_ROOT_PDO Ext = CONTAINING_RECORD(E, PP_ROOT_PDO, Link);
        if (PpEqualInstance(Ext->Instance, Instance))
            return PpRootPdoOf(Ext);
    }
    return NULL;
}

static NTSTATUS PpRootCreatePdo(PCWSTR Instance, PDEVICE_OBJECT *Pdo)
{
    NTSTATUS Status = IoCreateDevice(PpRootDriver, sizeof(PP_ROOT_PDO), NULL, FILE_DEVICE_UNKNOWN,
                                     FILE_AUTOGENERATED_DEVICE_NAME | FILE_DEVICE_SECURE_OPEN,
                                     FALSE, Pdo);
    if (!NT_SUCCESS(Status))
        return Status;
    PPP_ROOT_PDO Ext = (*Pdo)->DeviceExtension;
    memset(Ext, 0, sizeof *Ext);
    ULONG n = 0;
    for (; Instance[n] && n < PNP_INSTANCE_PATH_CHARS - 1; n++)
        Ext->Instance[n] = Instance[n];
    Ext->Present = TRUE;
    InsertTailList(&PpRootChildren, &Ext->Link);
    (*Pdo)->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

/* The registry's root devices, as BusRelations (each PDO referenced). */
static NTSTATUS PpRootEnumerate(PDEVICE_RELATIONS *Out)
{
    HANDLE Root, DeviceKey;
    UCHAR Buffer[sizeof(KEY_BASIC_INFORMATION) + 256 * sizeof(WCHAR)];
    PKEY_BASIC_INFORMATION Info = (PKEY_BASIC_INFORMATION)Buffer;
    ULONG Length;
    PDEVICE_RELATIONS Relations = ExAllocatePoolWithTag(
        PagedPool, FIELD_OFFSET(DEVICE_RELATIONS, Objects) + PP_ROOT_MAX_CHILDREN * sizeof(PVOID),
        TAG_PNP);
    if (!Relations)
        return STATUS_INSUFFICIENT_RESOURCES;
    Relations->Count = 0;
    for (PLIST_ENTRY E = PpRootChildren.Flink; E != &PpRootChildren; E = E->Flink)
        CONTAINING_RECORD(E, PP_ROOT_PDO, Link)->Present = FALSE;

    if (NT_SUCCESS(PpOpenKey(PP_ENUM_PATH, L"ROOT", KEY_READ, FALSE, NULL, &Root))) {
        for (ULONG i = 0; NT_SUCCESS(ZwEnumerateKey(Root, i, KeyBasicInformation, Info,
                                                     sizeof Buffer - sizeof(WCHAR), &Length));
             i++) {
            WCHAR Device[128];
            ULONG Chars = Info->NameLength / sizeof(WCHAR);
            if (Chars >= RTL_NUMBER_OF(Device))
                continue;
            memcpy(Device, Info->Name, Chars * sizeof(WCHAR));
            Device[Chars] = 0;
            if (!NT_SUCCESS(PpOpenKey(L"", Device, KEY_READ, FALSE, Root, &DeviceKey)))
                continue;
            for (ULONG j = 0; NT_SUCCESS(ZwEnumerateKey(DeviceKey, j, KeyBasicInformation, Info,
                                                         sizeof Buffer - sizeof(WCHAR), &Length));
                 j++) {
                WCHAR Instance[PNP_INSTANCE_PATH_CHARS];
                ULONG IChars = Info->NameLength / sizeof(WCHAR);
                if (5 + Chars + 1 + IChars + 1 > RTL_NUMBER_OF(Instance))
                    continue;
                memcpy(Instance, L"ROOT\\", 5 * sizeof(WCHAR));
                memcpy(Instance + 5, Device, Chars * sizeof(WCHAR));
                Instance[5 + Chars] = L'\\';
                memcpy(Instance + 6 + Chars, Info->Name, IChars * sizeof(WCHAR));
                Instance[6 + Chars + IChars] = 0;
                PDEVICE_OBJECT Pdo = PpRootChild(Instance);
                if (!Pdo && !NT_SUCCESS(PpRootCreatePdo(Instance, &Pdo)))
                    continue;
                ((PPP_ROOT_PDO)Pdo->DeviceExtension)->Present = TRUE;
                if (Relations->Count < PP_ROOT_MAX_CHILDREN) {
                    ObfReferenceObject(Pdo);
                    Relations->Objects[Relations->Count++] = Pdo;
                }
            }
            ZwClose(DeviceKey);
        }
        ZwClose(Root);
    }
    *Out = Relations;
    return STATUS_SUCCESS;
}

static NTSTATUS PpRootDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    PPP_ROOT_PDO Ext = DeviceObject->DeviceExtension;
    NTSTATUS Status = Irp->IoStatus.Status;
    PWSTR Text;

    switch (Stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
    case IRP_MN_SURPRISE_REMOVAL:
        Status = STATUS_SUCCESS;
        break;
    case IRP_MN_REMOVE_DEVICE:
        Status = STATUS_SUCCESS;
        if (!Ext->IsRoot && !Ext->Removed && !PpRootStillListed(Ext->Instance)) {
            /* Gone from the registry: the PDO goes too.  One still listed
             * stays, to be started again (a disabled or restarted device). */
            Ext->Removed = TRUE;
            RemoveEntryList(&Ext->Link);
            Irp->IoStatus.Status = Status;
            IoCompleteRequest(Irp, IO_NO_INCREMENT);
            IoDeleteDevice(DeviceObject);
            return Status;
        }
        break;
    case IRP_MN_QUERY_DEVICE_RELATIONS:
        if (Stack->Parameters.QueryDeviceRelations.Type == BusRelations && Ext->IsRoot) {
            PDEVICE_RELATIONS Relations;
            Status = PpRootEnumerate(&Relations);
            if (NT_SUCCESS(Status))
                Irp->IoStatus.Information = (ULONG_PTR)Relations;
        } else if (Stack->Parameters.QueryDeviceRelations.Type == TargetDeviceRelation) {
            PDEVICE_RELATIONS Relations = ExAllocatePoolWithTag(PagedPool, sizeof *Relations, TAG_PNP);
            if (!Relations) {
                Status = STATUS_INSUFFICIENT_RESOURCES;
            } else {
                ObfReferenceObject(DeviceObject);
                Relations->Count = 1;
                Relations->Objects[0] = DeviceObject;
                Irp->IoStatus.Information = (ULONG_PTR)Relations;
                Status = STATUS_SUCCESS;
            }
        }
        break;
    case IRP_MN_QUERY_ID:
        Status = PpRootQueryId(Ext, Stack->Parameters.QueryId.IdType, &Text);
        if (NT_SUCCESS(Status))
            Irp->IoStatus.Information = (ULONG_PTR)Text;
        else if (Status == STATUS_NOT_SUPPORTED)
            Status = Irp->IoStatus.Status;
        break;
    case IRP_MN_QUERY_DEVICE_TEXT:
        Status = PpRootQueryText(Ext, Stack->Parameters.QueryDeviceText.DeviceTextType, &Text);
        if (NT_SUCCESS(Status))
            Irp->IoStatus.Information = (ULONG_PTR)Text;
        else
            Status = Irp->IoStatus.Status;
        break;
    case IRP_MN_QUERY_CAPABILITIES: {
        PDEVICE_CAPABILITIES Caps = Stack->Parameters.DeviceCapabilities.Capabilities;
        /* A software device: always there, not removable, no power
         * management of its own (D0 in S0, D3 when the system sleeps). */
        Caps->DeviceD1 = Caps->DeviceD2 = FALSE;
        Caps->Removable = FALSE;
        Caps->UniqueID = FALSE;
        Caps->SilentInstall = TRUE;
        Caps->RawDeviceOK = FALSE;
        Caps->DeviceState[PowerSystemWorking] = PowerDeviceD0;
        for (int s = PowerSystemSleeping1; s < PowerSystemMaximum; s++)
            Caps->DeviceState[s] = PowerDeviceD3;
        Caps->SystemWake = PowerSystemUnspecified;
        Caps->DeviceWake = PowerDeviceUnspecified;
        Status = STATUS_SUCCESS;
        break;
    }
    case IRP_MN_QUERY_RESOURCES:
    case IRP_MN_QUERY_RESOURCE_REQUIREMENTS:
        /* A software device needs no resources. */
        Irp->IoStatus.Information = 0;
        Status = STATUS_SUCCESS;
        break;
    default:
        break; /* left as it came: STATUS_NOT_SUPPORTED, or what a filter set */
    }
    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS PpRootDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status = Irp->IoStatus.Status;
    if (Stack->MinorFunction == IRP_MN_SET_POWER || Stack->MinorFunction == IRP_MN_QUERY_POWER)
        Status = STATUS_SUCCESS;
    PoStartNextPowerIrp(Irp);
    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS PpRootDispatchOther(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    /* Nothing opens a PDO of the root enumerator without a function driver above it. */
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

static NTSTATUS PpRootDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = PpRootDispatchOther;
    DriverObject->MajorFunction[IRP_MJ_PNP] = PpRootDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = PpRootDispatchPower;
    return STATUS_SUCCESS;
}

NTSTATUS PpCreateRootDevice(PDEVICE_OBJECT *RootPdo)
{
    NTSTATUS Status = IopCreateBuiltinDriver(L"\\Driver\\PnpManager", PpRootDriverEntry,
                                             &PpRootDriver);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = IoCreateDevice(PpRootDriver, sizeof(PP_ROOT_PDO), NULL, FILE_DEVICE_CONTROLLER,
                            FILE_AUTOGENERATED_DEVICE_NAME, FALSE, &PpRootDevice);
    if (!NT_SUCCESS(Status))
        return Status;
    PPP_ROOT_PDO Ext = PpRootDevice->DeviceExtension;
    memset(Ext, 0, sizeof *Ext);
    Ext->IsRoot = TRUE;
    Ext->Present = TRUE;
    memcpy(Ext->Instance, L"HTREE\\ROOT\\0", sizeof L"HTREE\\ROOT\\0");
    PpRootDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    *RootPdo = PpRootDevice;
    return STATUS_SUCCESS;
}
