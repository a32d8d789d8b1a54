/*
 * pnp/notify.c - IoRegisterPlugPlayNotification: drivers hear of device
 * interfaces arriving and leaving, and of the removal of a device they
 * hold a file object on.
 *
 * Interface changes are delivered in order by one work item at a time
 * (not inside IoSetDeviceInterfaceState, which a driver calls from its
 * START routine), at PASSIVE_LEVEL, as Windows delivers them; a driver
 * registering with PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES
 * hears of the enabled ones before the call returns.  Target-device
 * notifications are called by the PnP worker as it removes the device,
 * and a failure from the query-remove callback vetoes the removal.
 *
 * Entries are reference counted: a callback runs with its entry
 * referenced and no lock held, so a driver may unregister (even from
 * inside its own callback) at any time; an unregistered entry is not
 * called again, and leaves its lists with its last reference.
 */
#include "pnp.h"
#include "ex/ex.h"

#define PP_NOTIFY_SIGNATURE TAG('P', 'n', 'N', 'e')

typedef struct _PNP_NOTIFY_ENTRY {
    ULONG Signature;
    LIST_ENTRY Link;                /* PpInterfaceNotify or PpOtherNotify */
    LIST_ENTRY DeviceLink;          /* the target node's TargetNotify */
    IO_NOTIFICATION_EVENT_CATEGORY Category;
    GUID ClassGuid;                 /* interface changes */
    PFILE_OBJECT FileObject;        /* target device changes (not referenced, as Windows) */
    PDEVICE_NODE Node;
    PDRIVER_NOTIFICATION_CALLBACK_ROUTINE Callback;
    PVOID Context;
    PDRIVER_OBJECT Driver;          /* referenced: it stays loaded while registered */
    volatile LONG Refs;
    BOOLEAN Unregistered;
    /* Callbacks running now, and who runs them (under PpNotifyLock):
     * unregistering waits for them, unless from inside one of them. */
    LONG Calls;
    PKTHREAD Caller;
    KEVENT Idle;
} PNP_NOTIFY_ENTRY, *PPNP_NOTIFY_ENTRY;

/* Guards every entry list and the pending-event queue. */
static KSPIN_LOCK PpNotifyLock;
static LIST_ENTRY PpInterfaceNotify = { &PpInterfaceNotify, &PpInterfaceNotify };
static LIST_ENTRY PpOtherNotify = { &PpOtherNotify, &PpOtherNotify };

typedef struct _PP_PENDING_EVENT {
    LIST_ENTRY Link;
    PDEVICE_NODE Holder;            /* on PpHeldEvents: the starting node */
    GUID Event, ClassGuid;
    UNICODE_STRING LinkName;
    WCHAR Buffer[PNP_INSTANCE_PATH_CHARS + 128];
} PP_PENDING_EVENT, *PPP_PENDING_EVENT;
static LIST_ENTRY PpPendingEvents = { &PpPendingEvents, &PpPendingEvents };
/* Interface changes of nodes whose START has not completed: Windows sends
 * no arrival before it does (opens fail until then). */
static LIST_ENTRY PpHeldEvents = { &PpHeldEvents, &PpHeldEvents };
static BOOLEAN PpDelivering;
static WORK_QUEUE_ITEM PpDeliveryItem;

/* An unregistered entry stays linked (an iteration may stand on it) until
 * its last reference goes. */
static VOID PpReleaseEntry(PPNP_NOTIFY_ENTRY Entry)
{
    if (__atomic_sub_fetch(&Entry->Refs, 1, __ATOMIC_ACQ_REL) == 0) {
        KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&PpNotifyLock);
        RemoveEntryList(&Entry->Link);
        RemoveEntryList(&Entry->DeviceLink);
        KeReleaseSpinLock(&PpNotifyLock, OldIrql);
        if (Entry->Driver)
            ObfDereferenceObject(Entry->Driver);
        Entry->Signature = 0;
        ExFreePoolWithTag(Entry, TAG_PNP);
    }
}

/* The next live entry after Cursor on List (NULL: from the start),
 * referenced; the caller releases Cursor. */
static PPNP_NOTIFY_ENTRY PpNextEntry(PLIST_ENTRY List, PPNP_NOTIFY_ENTRY Cursor, BOOLEAN Device)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&PpNotifyLock);
    PLIST_ENTRY E = Cursor ? (Device ? Cursor->DeviceLink.Flink : Cursor->Link.Flink) : List->Flink;
    PPNP_NOTIFY_ENTRY Next = NULL;
    for (; E != List; E = E->Flink) {
        PPNP_NOTIFY_ENTRY Candidate = Device ? CONTAINING_RECORD(E, PNP_NOTIFY_ENTRY, DeviceLink)
                                             : CONTAINING_RECORD(E, PNP_NOTIFY_ENTRY, Link);
        if (!Candidate->Unregistered) {
            __atomic_add_fetch(&Candidate->Refs, 1, __ATOMIC_RELAXED);
            Next = Candidate;
            break;
        }
    }
    KeReleaseSpinLock(&PpNotifyLock, OldIrql);
    return Next;
}

/* Count a call of Entry's callback in (FALSE if it was unregistered
 * meanwhile: not called). */
static BOOLEAN PpEnterCallback(PPNP_NOTIFY_ENTRY Entry)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&PpNotifyLock);
    BOOLEAN Live = !Entry->Unregistered;
    if (Live) {
        if (Entry->Calls++ == 0)
            KeClearEvent(&Entry->Idle);
        Entry->Caller = KeGetCurrentThread();
    }
    KeReleaseSpinLock(&PpNotifyLock, OldIrql);
    return Live;
}

static VOID PpLeaveCallback(PPNP_NOTIFY_ENTRY Entry)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&PpNotifyLock);
    if (--Entry->Calls == 0) {
        Entry->Caller = NULL;
        KeSetEvent(&Entry->Idle, IO_NO_INCREMENT, FALSE);
    }
    KeReleaseSpinLock(&PpNotifyLock, OldIrql);
}

static VOID PpCallInterfaceEntry(PPNP_NOTIFY_ENTRY Entry, const GUID *Event, const GUID *Class,
                                 PUNICODE_STRING Link)
{
    DEVICE_INTERFACE_CHANGE_NOTIFICATION Note;
    if (!PpEnterCallback(Entry))
        return;
    Note.Version = 1;
    Note.Size = sizeof Note;
    Note.Event = *Event;
    Note.InterfaceClassGuid = *Class;
    Note.SymbolicLinkName = Link;
    Entry->Callback(&Note, Entry->Context);
    PpLeaveCallback(Entry);
}

static VOID NTAPI PpDeliverEvents(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    for (;;) {
        KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&PpNotifyLock);
        if (IsListEmpty(&PpPendingEvents)) {
            PpDelivering = FALSE;
            KeReleaseSpinLock(&PpNotifyLock, OldIrql);
            return;
        }
        PPP_PENDING_EVENT Ev = CONTAINING_RECORD(RemoveHeadList(&PpPendingEvents),
                                                 PP_PENDING_EVENT, Link);
        KeReleaseSpinLock(&PpNotifyLock, OldIrql);
        for (PPNP_NOTIFY_ENTRY Entry = PpNextEntry(&PpInterfaceNotify, NULL, FALSE), Next; Entry;
             Entry = Next) {
            if (IsEqualGUID(&Entry->ClassGuid, &Ev->ClassGuid))
                PpCallInterfaceEntry(Entry, &Ev->Event, &Ev->ClassGuid, &Ev->LinkName);
            Next = PpNextEntry(&PpInterfaceNotify, Entry, FALSE);
            PpReleaseEntry(Entry);
        }
        ExFreePoolWithTag(Ev, TAG_PNP);
    }
}

/* Start delivering, unless a delivery runs.  PpNotifyLock held; TRUE:
 * the caller queues the work item after releasing it. */
static BOOLEAN PpStartDelivery(VOID)
{
    BOOLEAN Start = !PpDelivering && !IsListEmpty(&PpPendingEvents);
    if (Start)
        PpDelivering = TRUE;
    return Start;
}

VOID PpNotifyInterfaceChange(const GUID *Event, const GUID *ClassGuid, PUNICODE_STRING Link,
                             PDEVICE_OBJECT Pdo)
{
    PDEVICE_NODE Node = Pdo ? PpDeviceNodeOf(Pdo) : NULL;
    if (Node && !(__atomic_load_n(&Node->Flags, __ATOMIC_ACQUIRE) & DNF_HOLD_NOTIFY))
        Node = NULL;
    PPP_PENDING_EVENT Ev = ExAllocatePoolWithTag(NonPagedPool, sizeof *Ev, TAG_PNP);
    if (!Ev) {
        DbgPrint("ntio: PnP: out of pool; an interface notification is lost\n");
        return;
    }
    Ev->Event = *Event;
    Ev->ClassGuid = *ClassGuid;
    USHORT Len = Link->Length < sizeof Ev->Buffer - sizeof(WCHAR) ? Link->Length
                                                                   : sizeof Ev->Buffer - sizeof(WCHAR);
    memcpy(Ev->Buffer, Link->Buffer, Len);
    Ev->Buffer[Len / sizeof(WCHAR)] = 0;
    Ev->LinkName.Buffer = Ev->Buffer;
    Ev->LinkName.Length = Len;
    Ev->LinkName.MaximumLength = Len + sizeof(WCHAR);
    Ev->Holder = Node;
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&PpNotifyLock);
    InsertTailList(Node ? &PpHeldEvents : &PpPendingEvents, &Ev->Link);
    BOOLEAN Start = PpStartDelivery();
    KeReleaseSpinLock(&PpNotifyLock, OldIrql);
    if (Start)
        ExQueueWorkItem(&PpDeliveryItem, DelayedWorkQueue);
}

VOID PpReleaseNotifications(PDEVICE_NODE Node, BOOLEAN Deliver)
{
    LIST_ENTRY Mine, Dropped;
    InitializeListHead(&Mine);
    InitializeListHead(&Dropped);
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&PpNotifyLock);
    for (PLIST_ENTRY E = PpHeldEvents.Flink; E != &PpHeldEvents;) {
        PPP_PENDING_EVENT Ev = CONTAINING_RECORD(E, PP_PENDING_EVENT, Link);
        E = E->Flink;
        if (Ev->Holder != Node)
            continue;
        RemoveEntryList(&Ev->Link);
        Ev->Holder = NULL;
        /* Not started: an interface that came and went while it tried was
         * never seen, so neither change is told.  A removal of one that was
         * announced before (a restart after a stop) still is. */
        PPP_PENDING_EVENT Arrival = NULL;
        if (!Deliver && IsEqualGUID(&Ev->Event, &GUID_DEVICE_INTERFACE_REMOVAL))
            for (PLIST_ENTRY A = Mine.Flink; A != &Mine && !Arrival; A = A->Flink) {
                PPP_PENDING_EVENT Candidate = CONTAINING_RECORD(A, PP_PENDING_EVENT, Link);
                if (IsEqualGUID(&Candidate->Event, &GUID_DEVICE_INTERFACE_ARRIVAL) &&
                    RtlEqualUnicodeString(&Candidate->LinkName, &Ev->LinkName, TRUE))
                    Arrival = Candidate;
            }
        if (Arrival) {
            RemoveEntryList(&Arrival->Link);
            InsertTailList(&Dropped, &Arrival->Link);
            InsertTailList(&Dropped, &Ev->Link);
        } else {
            InsertTailList(&Mine, &Ev->Link);
        }
    }
    while (!IsListEmpty(&Mine))
        InsertTailList(&PpPendingEvents, RemoveHeadList(&Mine));
    BOOLEAN Start = PpStartDelivery();
    KeReleaseSpinLock(&PpNotifyLock, OldIrql);
    if (Start)
        ExQueueWorkItem(&PpDeliveryItem, DelayedWorkQueue);
    while (!IsListEmpty(&Dropped))
        ExFreePoolWithTag(CONTAINING_RECORD(RemoveHeadList(&Dropped), PP_PENDING_EVENT, Link),
                          TAG_PNP);
}

NTSTATUS PpNotifyTargetDevice(PDEVICE_NODE Node, const GUID *Event)
{
    NTSTATUS Result = STATUS_SUCCESS;
    BOOLEAN Query = IsEqualGUID(Event, &GUID_TARGET_DEVICE_QUERY_REMOVE);
    for (PPNP_NOTIFY_ENTRY Entry = PpNextEntry(&Node->TargetNotify, NULL, TRUE), Next; Entry;
         Entry = Next) {
        TARGET_DEVICE_REMOVAL_NOTIFICATION Note;
        Note.Version = 1;
        Note.Size = sizeof Note;
        Note.Event = *Event;
        Note.FileObject = Entry->FileObject;
        NTSTATUS Status = STATUS_SUCCESS;
        if (PpEnterCallback(Entry)) {
            Status = Entry->Callback(&Note, Entry->Context);
            PpLeaveCallback(Entry);
        }
        if (Query && !NT_SUCCESS(Status) && NT_SUCCESS(Result))
            Result = Status;
        Next = (Query && !NT_SUCCESS(Result)) ? NULL : PpNextEntry(&Node->TargetNotify, Entry, TRUE);
        PpReleaseEntry(Entry);
    }
    if (IsEqualGUID(Event, &GUID_TARGET_DEVICE_REMOVE_COMPLETE)) {
        /* Windows drops the registrations of a removed device. */
        KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&PpNotifyLock);
        while (!IsListEmpty(&Node->TargetNotify)) {
            PPNP_NOTIFY_ENTRY Entry = CONTAINING_RECORD(RemoveHeadList(&Node->TargetNotify),
                                                        PNP_NOTIFY_ENTRY, DeviceLink);
            InitializeListHead(&Entry->DeviceLink);
            Entry->Node = NULL;
        }
        KeReleaseSpinLock(&PpNotifyLock, OldIrql);
    }
    return Result;
}

NTIO_EXPORT NTSTATUS IoRegisterPlugPlayNotification(IO_NOTIFICATION_EVENT_CATEGORY EventCategory,
                                                    ULONG EventCategoryFlags,
                                                    PVOID EventCategoryData,
                                                    PDRIVER_OBJECT DriverObject,
                                                    PDRIVER_NOTIFICATION_CALLBACK_ROUTINE CallbackRoutine,
                                                    PVOID Context, PVOID *NotificationEntry)
{
    if (!DriverObject || !CallbackRoutine || !NotificationEntry)
        return STATUS_INVALID_PARAMETER;
    *NotificationEntry = NULL;
    PDEVICE_NODE Node = NULL;
    switch (EventCategory) {
    case EventCategoryDeviceInterfaceChange:
        if (!EventCategoryData)
            return STATUS_INVALID_PARAMETER;
        break;
    case EventCategoryTargetDeviceChange: {
        PFILE_OBJECT File = EventCategoryData;
        if (!File || File->Type != IO_TYPE_FILE)
            return STATUS_INVALID_PARAMETER;
        PDEVICE_OBJECT Pdo = IoGetDeviceAttachmentBaseRef(File->DeviceObject);
        Node = PpDeviceNodeOf(Pdo);
        ObfDereferenceObject(Pdo);
        if (!Node)
            return STATUS_INVALID_DEVICE_REQUEST; /* not a PnP device */
        break;
    }
    case EventCategoryHardwareProfileChange:
        break; /* ntio has no docking stations: never called */
    default:
        return STATUS_INVALID_PARAMETER;
    }
    PPNP_NOTIFY_ENTRY Entry = ExAllocatePoolWithTag(NonPagedPool, sizeof *Entry, TAG_PNP);
    if (!Entry)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(Entry, 0, sizeof *Entry);
    Entry->Signature = PP_NOTIFY_SIGNATURE;
    Entry->Category = EventCategory;
    Entry->Callback = CallbackRoutine;
    Entry->Context = Context;
    Entry->Driver = DriverObject;
    ObfReferenceObject(DriverObject);
    Entry->Refs = 1; /* the registration's */
    KeInitializeEvent(&Entry->Idle, NotificationEvent, TRUE);
    InitializeListHead(&Entry->DeviceLink);
    if (EventCategory == EventCategoryDeviceInterfaceChange)
        Entry->ClassGuid = *(const GUID *)EventCategoryData;
    if (EventCategory == EventCategoryTargetDeviceChange) {
        Entry->FileObject = EventCategoryData;
        Entry->Node = Node;
    }
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&PpNotifyLock);
    InsertTailList(EventCategory == EventCategoryDeviceInterfaceChange ? &PpInterfaceNotify
                                                                        : &PpOtherNotify,
                   &Entry->Link);
    if (Node)
        InsertTailList(&Node->TargetNotify, &Entry->DeviceLink);
    KeReleaseSpinLock(&PpNotifyLock, OldIrql);
    *NotificationEntry = Entry;

    if (EventCategory == EventCategoryDeviceInterfaceChange &&
        (EventCategoryFlags & PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES)) {
        PZZWSTR List = NULL;
        /* The entry is held: the callback may unregister it. */
        __atomic_add_fetch(&Entry->Refs, 1, __ATOMIC_RELAXED);
        if (NT_SUCCESS(IoGetDeviceInterfaces(&Entry->ClassGuid, NULL, 0, &List))) {
            for (PWSTR p = List; *p; p += RtlpWcslen(p) + 1) {
                UNICODE_STRING Link;
                RtlInitUnicodeString(&Link, p);
                PpCallInterfaceEntry(Entry, &GUID_DEVICE_INTERFACE_ARRIVAL, &Entry->ClassGuid, &Link);
            }
            ExFreePool(List);
        }
        PpReleaseEntry(Entry);
    }
    return STATUS_SUCCESS;
}

NTIO_EXPORT NTSTATUS IoUnregisterPlugPlayNotificationEx(PVOID NotificationEntry)
{
    PPNP_NOTIFY_ENTRY Entry = NotificationEntry;
    if (!Entry || Entry->Signature != PP_NOTIFY_SIGNATURE)
        return STATUS_INVALID_PARAMETER;
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&PpNotifyLock);
    if (Entry->Unregistered) {
        KeReleaseSpinLock(&PpNotifyLock, OldIrql);
        return STATUS_INVALID_PARAMETER;
    }
    Entry->Unregistered = TRUE;
    BOOLEAN Wait = Entry->Calls > 0 && Entry->Caller != KeGetCurrentThread();
    KeReleaseSpinLock(&PpNotifyLock, OldIrql);
    /* As Windows promises: no callback of it runs once this returns
     * (except the one this is called from). */
    if (Wait)
        KeWaitForSingleObject(&Entry->Idle, Executive, KernelMode, FALSE, NULL);
    PpReleaseEntry(Entry);
    return STATUS_SUCCESS;
}

NTIO_EXPORT NTSTATUS IoUnregisterPlugPlayNotification(PVOID NotificationEntry)
{
    return IoUnregisterPlugPlayNotificationEx(NotificationEntry);
}

ULONG PpDriverNotificationCount(PDRIVER_OBJECT Driver)
{
    static PLIST_ENTRY const Lists[] = { &PpInterfaceNotify, &PpOtherNotify };
    ULONG Count = 0;
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&PpNotifyLock);
    for (ULONG i = 0; i < RTL_NUMBER_OF(Lists); i++)
        for (PLIST_ENTRY E = Lists[i]->Flink; E != Lists[i]; E = E->Flink) {
            PPNP_NOTIFY_ENTRY Entry = CONTAINING_RECORD(E, PNP_NOTIFY_ENTRY, Link);
            Count += Entry->Driver == Driver && !Entry->Unregistered;
        }
    KeReleaseSpinLock(&PpNotifyLock, OldIrql);
    return Count;
}

VOID PpInitNotify(VOID)
{
    KeInitializeSpinLock(&PpNotifyLock);
    ExInitializeWorkItem(&PpDeliveryItem, PpDeliverEvents, NULL);
}

/* Exit: the notifications still queued are delivered before the drivers
 * that registered for them unload. */
VOID PpDrainNotifications(VOID)
{
    while (__atomic_load_n(&PpDelivering, __ATOMIC_ACQUIRE)) {
        LARGE_INTEGER Ms = { .QuadPart = -10000 };
        KeDelayExecutionThread(KernelMode, FALSE, &Ms);
    }
}
