/*
 * pnp/start.c - building a device's stack and starting it.
 *
 * The drivers come from the instance's registry key, in Windows' order,
 * bottom to top: the device's LowerFilters, its class's LowerFilters
 * (Control\Class\{ClassGUID}), the function driver (Service), the
 * device's UpperFilters, the class's UpperFilters.  Each is loaded if it
 * is not yet, and its AddDevice attaches a device object to the stack.
 * Then IRP_MN_START_DEVICE goes down the stack (a software device has no
 * resources to hand out), and a started bus is enumerated.  A step that
 * fails leaves the node with the problem code Windows shows for it
 * (Device Manager's "Code 10" and so on), its stack taken down again.
 */
#include "pnp.h"
#include "ex/ex.h"
#include "se/sep.h"

#define CONFIGFLAG_FAILEDINSTALL 0x00000040
#define SERVICE_DISABLED 0x00000004

/* Append the names of a REG_MULTI_SZ value to Names (pool copies in Owned). */
static VOID PpAddDriverNames(HANDLE Key, PCWSTR Value, PCWSTR *Names, ULONG *Count, ULONG Max,
                             PWSTR *Owned)
{
    PWSTR List = NULL;
    if (!Key || !NT_SUCCESS(PpQueryString(Key, Value, NULL, 0, &List)))
        return;
    *Owned = List;
    for (PWSTR p = List; *p && *Count < Max; p += RtlpWcslen(p) + 1)
        Names[(*Count)++] = p;
}

/* Tear down what AddDevice built (REMOVE_DEVICE to the stack) and drop
 * the drivers' references. */
static VOID PpUnwindStack(PDEVICE_NODE Node, BOOLEAN SendRemove)
{
    PpDisableDeviceInterfaces(Node); /* enabled in AddDevice or START */
    if (SendRemove && Node->PhysicalDeviceObject->AttachedDevice)
        PpSendMinor(Node->PhysicalDeviceObject, IRP_MN_REMOVE_DEVICE);
    PpReleaseDrivers(Node);
}

/* A "Security" value (REG_BINARY, a self-relative security descriptor, as
 * an INF's Security= entry leaves it) of Key, in pool; NULL if none.  A
 * malformed one is reported and ignored. */
static PSECURITY_DESCRIPTOR PpQuerySecurity(HANDLE Key, PCWSTR Where, PULONG Length)
{
    UNICODE_STRING Name;
    ULONG Needed = 0;
    RtlInitUnicodeString(&Name, L"Security");
    if (!Key || ZwQueryValueKey(Key, &Name, KeyValuePartialInformation, NULL, 0, &Needed) !=
                    STATUS_BUFFER_TOO_SMALL)
        return NULL;
    PKEY_VALUE_PARTIAL_INFORMATION Info = ExAllocatePoolWithTag(PagedPool, Needed, TAG_PNP);
    PSECURITY_DESCRIPTOR Sd = NULL;
    if (Info && NT_SUCCESS(ZwQueryValueKey(Key, &Name, KeyValuePartialInformation, Info, Needed,
                                           &Needed))) {
        if (Info->Type == REG_BINARY && SepValidRelativeDescriptor(Info->Data, Info->DataLength)) {
            Sd = ExAllocatePoolWithTag(PagedPool, Info->DataLength, SEP_DESCRIPTOR_TAG);
            if (Sd)
                memcpy(Sd, Info->Data, Info->DataLength);
            *Length = Info->DataLength;
        } else {
            DbgPrint("ntio: PnP: %ws: its Security value is not a self-relative security "
                     "descriptor (REG_BINARY); ignored\n", Where);
        }
    }
    if (Info)
        ExFreePoolWithTag(Info, TAG_PNP);
    return Sd;
}

/* The device's security from the registry, as Windows applies it: the
 * instance's Security value, else its class's, replaces whatever the
 * drivers gave their devices (IoCreateDeviceSecure's default), on every
 * device of the stack, so opens are checked against it. */
static VOID PpApplySecurity(PDEVICE_NODE Node, HANDLE Key, HANDLE ClassKey)
{
    ULONG Length = 0;
    PSECURITY_DESCRIPTOR Sd = PpQuerySecurity(Key, Node->InstancePath, &Length);
    if (!Sd)
        Sd = PpQuerySecurity(ClassKey, Node->InstancePath, &Length);
    if (!Sd)
        return;
    for (PDEVICE_OBJECT D = Node->PhysicalDeviceObject; D; D = D->AttachedDevice) {
        PSECURITY_DESCRIPTOR Copy = ExAllocatePoolWithTag(PagedPool, Length, SEP_DESCRIPTOR_TAG);
        if (!Copy)
            continue;
        memcpy(Copy, Sd, Length);
        PSECURITY_DESCRIPTOR Old = D->SecurityDescriptor;
        D->SecurityDescriptor = Copy;
        /* Not freed now: an open may be checking against it. */
        SepFreeSecurityDescriptor(D->DeviceObjectExtension->ReplacedSecurity);
        D->DeviceObjectExtension->ReplacedSecurity = Old;
    }
    SepFreeSecurityDescriptor(Sd);
}

static NTSTATUS PpAddDevices(PDEVICE_NODE Node)
{
    HANDLE Key = NULL, ClassKey = NULL;
    PCWSTR Names[RTL_NUMBER_OF(Node->Drivers)];
    PWSTR Owned[4] = { NULL, NULL, NULL, NULL };
    ULONG Count = 0, Flags = 0, FunctionIndex;
    WCHAR ClassGuid[64];
    NTSTATUS Status;

    BOOLEAN Raw = FALSE;
    Status = PpOpenInstanceKey(Node, KEY_READ, FALSE, &Key);
    if (!NT_SUCCESS(Status))
        Key = NULL;
    if (!Key ||
        !NT_SUCCESS(PpQueryString(Key, L"Service", Node->Service, RTL_NUMBER_OF(Node->Service),
                                  NULL)) ||
        !Node->Service[0]) {
        /* Nothing installed for it (yet). */
        Node->Service[0] = 0;
        BOOLEAN Failed = Key && NT_SUCCESS(IopQueryDword(Key, L"ConfigFlags", &Flags)) &&
                         (Flags & CONFIGFLAG_FAILEDINSTALL);
        /* A staged driver package may list it: installed (and started)
         * from there, as the Plug and Play service would.  Otherwise a PDO
         * its bus driver can run alone (RawDeviceOK) starts raw, as on
         * Windows: no function driver, the bus driver answering its
         * requests. */
        if (Failed || PpInstallFromDriverStore(Node) || !Node->Capabilities.RawDeviceOK) {
            PpSetProblem(Node, Failed ? CM_PROB_FAILED_INSTALL : CM_PROB_NOT_CONFIGURED,
                         STATUS_NO_SUCH_DEVICE);
            if (Key)
                ZwClose(Key);
            return STATUS_NO_SUCH_DEVICE;
        }
        Raw = TRUE;
    }
    if (NT_SUCCESS(PpQueryString(Key, L"ClassGUID", ClassGuid, RTL_NUMBER_OF(ClassGuid), NULL)))
        PpOpenKey(PP_CLASS_PATH, ClassGuid, KEY_READ, FALSE, NULL, &ClassKey);
    PpAddDriverNames(Key, L"LowerFilters", Names, &Count, RTL_NUMBER_OF(Names) - 1, &Owned[0]);
    PpAddDriverNames(ClassKey, L"LowerFilters", Names, &Count, RTL_NUMBER_OF(Names) - 1, &Owned[1]);
    FunctionIndex = Raw ? ~0u : Count;
    if (!Raw)
        Names[Count++] = Node->Service;
    PpAddDriverNames(Key, L"UpperFilters", Names, &Count, RTL_NUMBER_OF(Names), &Owned[2]);
    PpAddDriverNames(ClassKey, L"UpperFilters", Names, &Count, RTL_NUMBER_OF(Names), &Owned[3]);

    Status = STATUS_SUCCESS;
    for (ULONG i = 0; i < Count; i++) {
        PDRIVER_OBJECT Driver;
        ULONG Start = 0;
        HANDLE ServiceKey;
        if (NT_SUCCESS(PpOpenKey(PP_SERVICES_PATH, Names[i], KEY_READ, FALSE, NULL, &ServiceKey))) {
            if (NT_SUCCESS(IopQueryDword(ServiceKey, L"Start", &Start)) && Start == SERVICE_DISABLED) {
                ZwClose(ServiceKey);
                PpSetProblem(Node, CM_PROB_DISABLED_SERVICE, STATUS_PLUGPLAY_NO_DEVICE);
                Status = STATUS_PLUGPLAY_NO_DEVICE;
                break;
            }
            ZwClose(ServiceKey);
        }
        Status = IopReferenceServiceDriver(Names[i], &Driver);
        if (!NT_SUCCESS(Status)) {
            DbgPrint("ntio: PnP: %ws: driver service %ws did not load (0x%08lx)\n",
                     Node->InstancePath, Names[i], Status);
            PpSetProblem(Node, Status == STATUS_OBJECT_NAME_NOT_FOUND
                                   ? CM_PROB_DRIVER_SERVICE_KEY_INVALID
                                   : CM_PROB_DRIVER_FAILED_LOAD,
                         Status);
            break;
        }
        Node->Drivers[Node->DriverCount++] = Driver;
        if (!Driver->DriverExtension || !Driver->DriverExtension->AddDevice) {
            DbgPrint("ntio: PnP: %ws: driver %ws has no AddDevice routine (not a PnP driver)\n",
                     Node->InstancePath, Names[i]);
            PpSetProblem(Node, CM_PROB_FAILED_ADD, STATUS_INVALID_DEVICE_REQUEST);
            Status = STATUS_INVALID_DEVICE_REQUEST;
            break;
        }
        Status = Driver->DriverExtension->AddDevice(Driver, Node->PhysicalDeviceObject);
        if (!NT_SUCCESS(Status)) {
            DbgPrint("ntio: PnP: %ws: AddDevice of %ws failed (0x%08lx)\n", Node->InstancePath,
                     Names[i], Status);
            PpSetProblem(Node, CM_PROB_FAILED_ADD, Status);
            break;
        }
        if (i == FunctionIndex && Node->PhysicalDeviceObject->AttachedDevice == NULL)
            DbgPrint("ntio: PnP: %ws: the function driver %ws attached no device\n",
                     Node->InstancePath, Names[i]);
    }
    for (ULONG i = 0; i < RTL_NUMBER_OF(Owned); i++)
        if (Owned[i])
            ExFreePool(Owned[i]);
    if (NT_SUCCESS(Status))
        PpApplySecurity(Node, Key, ClassKey);
    if (Key)
        ZwClose(Key);
    if (ClassKey)
        ZwClose(ClassKey);
    if (!NT_SUCCESS(Status)) {
        PpUnwindStack(Node, TRUE);
        return Status;
    }
    /* Devices the drivers forgot to mark ready are, once AddDevice returned. */
    for (PDEVICE_OBJECT D = Node->PhysicalDeviceObject->AttachedDevice; D; D = D->AttachedDevice)
        D->Flags &= ~DO_DEVICE_INITIALIZING;
    Node->State = DeviceNodeDriversAdded;
    return STATUS_SUCCESS;
}

/* Build the stack if need be and send START; the node ends Started, or
 * with its problem. */
static NTSTATUS PpBuildAndStart(PDEVICE_NODE Node)
{
    PDEVICE_OBJECT Pdo = Node->PhysicalDeviceObject;
    ULONG_PTR Info = 0;
    NTSTATUS Status;

    if (Node->State == DeviceNodeRemoved)
        Node->State = DeviceNodeInitialized;
    else if (Node->State == DeviceNodeStopped)
        Node->State = DeviceNodeDriversAdded; /* its stack stays: START again */
    if (Node->State != DeviceNodeInitialized && Node->State != DeviceNodeDriversAdded) {
        DbgPrint("ntio: PnP: %ws: cannot start in state %d\n", Node->InstancePath, Node->State);
        return STATUS_INVALID_DEVICE_STATE;
    }
    PpSetProblem(Node, 0, STATUS_SUCCESS);
    if (Node->State == DeviceNodeInitialized) {
        Status = PpAddDevices(Node);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    if (Node->State != DeviceNodeDriversAdded)
        return STATUS_INVALID_DEVICE_STATE;

    /* Resources: asked for, and none assigned (ntio's devices are software). */
    IO_STACK_LOCATION Ask = { .MinorFunction = IRP_MN_QUERY_RESOURCE_REQUIREMENTS };
    if (NT_SUCCESS(PpSendPnpIrp(Pdo, &Ask, &Info)) && Info)
        ExFreePool((PVOID)Info);

    IO_STACK_LOCATION Start = { .MinorFunction = IRP_MN_START_DEVICE };
    Start.Parameters.StartDevice.AllocatedResources = NULL;
    Start.Parameters.StartDevice.AllocatedResourcesTranslated = NULL;
    /* While it starts, its stack takes no opens. */
    PpMarkStack(Node, DOE_START_PENDING, 0);
    Status = PpSendPnpIrp(Pdo, &Start, NULL);
    PpMarkStack(Node, 0, DOE_START_PENDING);
    if (!NT_SUCCESS(Status)) {
        DbgPrint("ntio: PnP: %ws: IRP_MN_START_DEVICE failed (0x%08lx)\n", Node->InstancePath,
                 Status);
        PpSetProblem(Node, CM_PROB_FAILED_START, Status);
        /* As Windows: a stack that failed to start gets REMOVE_DEVICE, after
         * the children it had before a stop. */
        while (!IsListEmpty(&Node->Children))
            PpRemoveDeviceNode(CONTAINING_RECORD(Node->Children.Flink, DEVICE_NODE, SiblingLink),
                               TRUE);
        PpUnwindStack(Node, TRUE);
        Node->State = DeviceNodeInitialized;
        return Status;
    }
    Node->State = DeviceNodeStarted;
    PpMarkStack(Node, 0, DOE_REMOVE_PENDING | DOE_REMOVE_PROCESSED);

    IO_STACK_LOCATION State = { .MinorFunction = IRP_MN_QUERY_PNP_DEVICE_STATE };
    if (NT_SUCCESS(PpSendPnpIrp(Pdo, &State, &Info))) {
        Node->DeviceState = (PNP_DEVICE_STATE)Info;
        if (Node->DeviceState & (PNP_DEVICE_FAILED | PNP_DEVICE_REMOVED)) {
            PpFailDeviceNode(Node, CM_PROB_FAILED_POST_START);
            return STATUS_UNSUCCESSFUL;
        }
    }
    return STATUS_SUCCESS;
}

NTSTATUS PpStartDeviceNode(PDEVICE_NODE Node)
{
    /* The interfaces its drivers enable are announced once START has
     * completed, as Windows does; not at all if it did not start. */
    __atomic_or_fetch(&Node->Flags, DNF_HOLD_NOTIFY, __ATOMIC_RELEASE);
    NTSTATUS Status = PpBuildAndStart(Node);
    __atomic_and_fetch(&Node->Flags, ~DNF_HOLD_NOTIFY, __ATOMIC_RELEASE);
    BOOLEAN Started = NT_SUCCESS(Status) && Node->State == DeviceNodeStarted;
    PpReleaseNotifications(Node, Started);
    /* A bus's children. */
    return Started ? PpEnumerateDevice(Node) : Status;
}
