/*
 * pnp/interface.c - device interfaces: how applications and other drivers
 * find a device by what it does (an interface class GUID) instead of by a
 * fixed name.
 *
 * IoRegisterDeviceInterface gives a PDO's interface its name,
 * \??\<instance path with '#' for '\'>#{class guid}[\RefString], and
 * records it under Control\DeviceClasses\{guid} in the registry, where it
 * stays; IoSetDeviceInterfaceState makes that name a symbolic link to the
 * PDO (CreateFile("\\?\...") then reaches the top of the device's stack,
 * with the RefString as the file name) and tells whoever registered for
 * the class (pnp/notify.c).  Interfaces are disabled when their device is
 * removed.  The enabled ones are kept in a list (PpInterfaceLock).
 */
#include "pnp.h"
#include "ex/ex.h"

typedef struct _PP_INTERFACE {
    LIST_ENTRY Link;
    GUID ClassGuid;
    WCHAR Instance[PNP_INSTANCE_PATH_CHARS]; /* the device's instance path */
    PDEVICE_OBJECT Pdo;             /* referenced while enabled */
    UNICODE_STRING Name;            /* \??\ROOT#ECHO#0000#{guid}[\ref] */
    WCHAR Buffer[PNP_INSTANCE_PATH_CHARS + 128];
} PP_INTERFACE, *PPP_INTERFACE;

static LIST_ENTRY PpInterfaces = { &PpInterfaces, &PpInterfaces };
static KGUARDED_MUTEX PpInterfaceLock;
static BOOLEAN PpInterfaceLockReady;

static VOID PpLockInterfaces(VOID)
{
    /* Made on first use: drivers may register before PpInitSystem runs
     * (in DriverEntry of a boot driver). */
    if (!__atomic_load_n(&PpInterfaceLockReady, __ATOMIC_ACQUIRE)) {
        static volatile LONG Once;
        if (!__atomic_exchange_n(&Once, 1, __ATOMIC_ACQ_REL)) {
            KeInitializeGuardedMutex(&PpInterfaceLock);
            __atomic_store_n(&PpInterfaceLockReady, TRUE, __ATOMIC_RELEASE);
        }
        while (!__atomic_load_n(&PpInterfaceLockReady, __ATOMIC_ACQUIRE))
            ;
    }
    KeAcquireGuardedMutex(&PpInterfaceLock);
}

static VOID PpUnlockInterfaces(VOID)
{
    KeReleaseGuardedMutex(&PpInterfaceLock);
}

static BOOLEAN PpEqualName(PCUNICODE_STRING a, PCUNICODE_STRING b)
{
    return RtlEqualUnicodeString(a, b, TRUE);
}

static PPP_INTERFACE PpFindInterface(PCUNICODE_STRING Name)
{
    for (PLIST_ENTRY E = PpInterfaces.Flink; E != &PpInterfaces; E = E->Flink) {
        PPP_INTERFACE I = CONTAINING_RECORD(E, PP_INTERFACE, Link);
        if (PpEqualName(&I->Name, Name))
            return I;
    }
    return NULL;
}

/* "\??\ROOT#ECHO#0000#{guid}" + "\ref": the name; KeyName gets the
 * registry key of the device's interfaces ("##?#ROOT#ECHO#0000#{guid}"). */
static NTSTATUS PpInterfaceName(PDEVICE_NODE Node, const GUID *Class, PCUNICODE_STRING Ref,
                                PWSTR Name, ULONG Chars, PWSTR KeyName, ULONG KeyChars)
{
    WCHAR Guid[40];
    PpGuidToString(Class, Guid);
    ULONG n = 0, k = 0;
    static const WCHAR Prefix[] = L"\\??\\";
    for (ULONG i = 0; Prefix[i]; i++)
        Name[n++] = Prefix[i];
    KeyName[k++] = L'#';
    KeyName[k++] = L'#';
    KeyName[k++] = L'?';
    KeyName[k++] = L'#';
    for (PCWSTR p = Node->InstancePath; *p; p++) {
        if (n + 1 >= Chars || k + 1 >= KeyChars)
            return STATUS_NAME_TOO_LONG;
        Name[n++] = KeyName[k++] = (*p == L'\\') ? L'#' : *p;
    }
    Name[n++] = KeyName[k++] = L'#';
    for (PCWSTR p = Guid; *p; p++) {
        if (n + 1 >= Chars || k + 1 >= KeyChars)
            return STATUS_NAME_TOO_LONG;
        Name[n++] = KeyName[k++] = *p;
    }
    KeyName[k] = 0;
    if (Ref && Ref->Length) {
        ULONG r = Ref->Length / sizeof(WCHAR);
        if (n + 1 + r + 1 > Chars)
            return STATUS_NAME_TOO_LONG;
        Name[n++] = L'\\';
        for (ULONG i = 0; i < r; i++) {
            if (Ref->Buffer[i] == L'\\' || Ref->Buffer[i] == L'/')
                return STATUS_INVALID_DEVICE_REQUEST;
            Name[n++] = Ref->Buffer[i];
        }
    }
    Name[n] = 0;
    return STATUS_SUCCESS;
}

/* Control\DeviceClasses\{guid}\##?#...#{guid}\#[ref], made if need be. */
static NTSTATUS PpOpenInterfaceKey(const GUID *Class, PCWSTR KeyName, PCUNICODE_STRING Ref,
                                   PHANDLE Key)
{
    WCHAR Sub[PNP_INSTANCE_PATH_CHARS + 160];
    WCHAR Guid[40];
    ULONG n = 0;
    PpGuidToString(Class, Guid);
    for (PCWSTR p = Guid; *p; p++)
        Sub[n++] = *p;
    Sub[n++] = L'\\';
    for (PCWSTR p = KeyName; *p && n < RTL_NUMBER_OF(Sub) - 2; p++)
        Sub[n++] = *p;
    Sub[n++] = L'\\';
    Sub[n++] = L'#';
    for (ULONG i = 0; Ref && i < Ref->Length / sizeof(WCHAR) && n < RTL_NUMBER_OF(Sub) - 1; i++)
        Sub[n++] = Ref->Buffer[i];
    Sub[n] = 0;
    return PpOpenKey(PP_DEVICE_CLASSES_PATH, Sub, KEY_ALL_ACCESS, TRUE, NULL, Key);
}

NTIO_EXPORT NTSTATUS IoRegisterDeviceInterface(PDEVICE_OBJECT PhysicalDeviceObject,
                                               const GUID *InterfaceClassGuid,
                                               PUNICODE_STRING ReferenceString,
                                               PUNICODE_STRING SymbolicLinkName)
{
    PDEVICE_NODE Node = PpDeviceNodeOf(PhysicalDeviceObject);
    WCHAR Name[PNP_INSTANCE_PATH_CHARS + 128], KeyName[PNP_INSTANCE_PATH_CHARS + 64];
    if (!Node || !Node->InstancePath[0] || !InterfaceClassGuid || !SymbolicLinkName)
        return STATUS_INVALID_DEVICE_REQUEST; /* not a PnP PDO */
    NTSTATUS Status = PpInterfaceName(Node, InterfaceClassGuid, ReferenceString, Name,
                                      RTL_NUMBER_OF(Name), KeyName, RTL_NUMBER_OF(KeyName));
    if (!NT_SUCCESS(Status))
        return Status;

    HANDLE Key;
    Status = PpOpenInterfaceKey(InterfaceClassGuid, KeyName, ReferenceString, &Key);
    if (NT_SUCCESS(Status)) {
        /* The user-mode name, as SetupDiGetDeviceInterfaceDetail gives it. */
        WCHAR User[RTL_NUMBER_OF(Name)];
        memcpy(User, Name, sizeof Name);
        User[1] = L'\\';
        PpSetValue(Key, L"SymbolicLink", REG_SZ, User, ((ULONG)RtlpWcslen(User) + 1) * sizeof(WCHAR));
        ZwClose(Key);
        HANDLE Parent;
        WCHAR Guid[40], Sub[RTL_NUMBER_OF(KeyName) + 48];
        PpGuidToString(InterfaceClassGuid, Guid);
        ULONG n = 0;
        for (PCWSTR p = Guid; *p; p++)
            Sub[n++] = *p;
        Sub[n++] = L'\\';
        for (PCWSTR p = KeyName; *p; p++)
            Sub[n++] = *p;
        Sub[n] = 0;
        if (NT_SUCCESS(PpOpenKey(PP_DEVICE_CLASSES_PATH, Sub, KEY_ALL_ACCESS, TRUE, NULL, &Parent))) {
            PpSetValue(Parent, L"DeviceInstance", REG_SZ, Node->InstancePath,
                       ((ULONG)RtlpWcslen(Node->InstancePath) + 1) * sizeof(WCHAR));
            ZwClose(Parent);
        }
    }

    UNICODE_STRING Wanted;
    RtlInitUnicodeString(&Wanted, Name);
    PpLockInterfaces();
    PPP_INTERFACE I = PpFindInterface(&Wanted);
    if (!I) {
        I = ExAllocatePoolWithTag(NonPagedPool, sizeof *I, TAG_PNP);
        if (!I) {
            PpUnlockInterfaces();
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        memset(I, 0, sizeof *I);
        I->ClassGuid = *InterfaceClassGuid;
        memcpy(I->Instance, Node->InstancePath, sizeof I->Instance);
        memcpy(I->Buffer, Name, (RtlpWcslen(Name) + 1) * sizeof(WCHAR));
        RtlInitUnicodeString(&I->Name, I->Buffer);
        InsertTailList(&PpInterfaces, &I->Link);
    }
    PpUnlockInterfaces();

    SymbolicLinkName->Buffer = ExAllocatePoolWithTag(PagedPool, Wanted.Length + sizeof(WCHAR), TAG_PNP);
    if (!SymbolicLinkName->Buffer)
        return STATUS_INSUFFICIENT_RESOURCES;
    memcpy(SymbolicLinkName->Buffer, Name, Wanted.Length + sizeof(WCHAR));
    SymbolicLinkName->Length = Wanted.Length;
    SymbolicLinkName->MaximumLength = Wanted.Length + sizeof(WCHAR);
    return STATUS_SUCCESS;
}

/* Enable or disable I (interface lock held); the notification is queued. */
static NTSTATUS PpSetInterfaceState(PPP_INTERFACE I, BOOLEAN Enable)
{
    if (Enable) {
        if (I->Pdo)
            return STATUS_OBJECT_NAME_EXISTS;
        KeAcquireGuardedMutex(&PpTreeLock);
        PDEVICE_NODE Node = PpFindDeviceNode(I->Instance);
        PDEVICE_OBJECT Pdo = Node ? Node->PhysicalDeviceObject : NULL;
        if (Pdo)
            ObfReferenceObject(Pdo);
        KeReleaseGuardedMutex(&PpTreeLock);
        if (!Pdo)
            return STATUS_INVALID_DEVICE_REQUEST;
        /* The link's target: the PDO's name, then the reference string. */
        WCHAR Target[300];
        if (!ObpQueryNameString(Pdo, Target, RTL_NUMBER_OF(Target) - 64)) {
            ObfDereferenceObject(Pdo);
            return STATUS_INVALID_DEVICE_REQUEST; /* an unnamed PDO */
        }
        PCWSTR Ref = I->Buffer;
        for (PCWSTR p = I->Buffer + 4; *p; p++)
            if (*p == L'\\')
                Ref = p;
        if (Ref != I->Buffer) {
            ULONG t = (ULONG)RtlpWcslen(Target);
            for (PCWSTR p = Ref; *p && t < RTL_NUMBER_OF(Target) - 1; p++)
                Target[t++] = *p;
            Target[t] = 0;
        }
        UNICODE_STRING TargetName;
        RtlInitUnicodeString(&TargetName, Target);
        NTSTATUS Status = IoCreateSymbolicLink(&I->Name, &TargetName);
        if (!NT_SUCCESS(Status)) {
            ObfDereferenceObject(Pdo);
            return Status;
        }
        I->Pdo = Pdo;
        PpNotifyInterfaceChange(&GUID_DEVICE_INTERFACE_ARRIVAL, &I->ClassGuid, &I->Name, Pdo);
        return STATUS_SUCCESS;
    }
    if (!I->Pdo)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    IoDeleteSymbolicLink(&I->Name);
    PpNotifyInterfaceChange(&GUID_DEVICE_INTERFACE_REMOVAL, &I->ClassGuid, &I->Name, I->Pdo);
    ObfDereferenceObject(I->Pdo);
    I->Pdo = NULL;
    return STATUS_SUCCESS;
}

NTIO_EXPORT NTSTATUS IoSetDeviceInterfaceState(PUNICODE_STRING SymbolicLinkName, BOOLEAN Enable)
{
    if (!SymbolicLinkName || !SymbolicLinkName->Length)
        return STATUS_INVALID_PARAMETER;
    PpLockInterfaces();
    PPP_INTERFACE I = PpFindInterface(SymbolicLinkName);
    NTSTATUS Status = I ? PpSetInterfaceState(I, Enable) : STATUS_OBJECT_NAME_NOT_FOUND;
    PpUnlockInterfaces();
    return Status;
}

VOID PpDisableDeviceInterfaces(PDEVICE_NODE Node)
{
    PpLockInterfaces();
    for (PLIST_ENTRY E = PpInterfaces.Flink; E != &PpInterfaces; E = E->Flink) {
        PPP_INTERFACE I = CONTAINING_RECORD(E, PP_INTERFACE, Link);
        if (I->Pdo && I->Pdo == Node->PhysicalDeviceObject)
            PpSetInterfaceState(I, FALSE);
    }
    PpUnlockInterfaces();
}

/* The interfaces of a class (all classes if Class is NULL), of one device
 * (Instance) or all, enabled only or all, as a MULTI_SZ of kernel names
 * (\??\...) or user names (\\?\...).  *Chars gets the length needed;
 * Buffer may be NULL to ask for it. */
/* Add one name to a MULTI_SZ being built (n characters so far). */
static VOID PpAppendName(PCWSTR Name, ULONG Len, BOOLEAN UserNames, PWSTR Buffer,
                         ULONG BufferChars, ULONG *n)
{
    if (Buffer && *n + Len + 2 <= BufferChars) {
        memcpy(Buffer + *n, Name, Len * sizeof(WCHAR));
        Buffer[*n + 1] = UserNames ? L'\\' : L'?';
        Buffer[*n + Len] = 0;
    }
    *n += Len + 1;
}

/* The interfaces of Class recorded in the registry that this process has
 * not registered: those of devices an earlier run knew, which are not
 * enabled (Windows lists them with DEVICE_INTERFACE_INCLUDE_NONACTIVE).
 * Interface lock held. */
static VOID PpListRecordedInterfaces(const GUID *Class, PCWSTR Instance, BOOLEAN UserNames,
                                     PWSTR Buffer, ULONG BufferChars, ULONG *n)
{
    UCHAR Space[sizeof(KEY_BASIC_INFORMATION) + (PNP_INSTANCE_PATH_CHARS + 64) * sizeof(WCHAR)];
    PKEY_BASIC_INFORMATION Info = (PKEY_BASIC_INFORMATION)Space;
    WCHAR Guid[40], Sub[PNP_INSTANCE_PATH_CHARS + 64], Device[PNP_INSTANCE_PATH_CHARS];
    WCHAR Link[PNP_INSTANCE_PATH_CHARS + 128];
    HANDLE ClassKey, DeviceKey, RefKey;
    ULONG Length;
    PpGuidToString(Class, Guid);
    if (!NT_SUCCESS(PpOpenKey(PP_DEVICE_CLASSES_PATH, Guid, KEY_READ, FALSE, NULL, &ClassKey)))
        return;
    for (ULONG i = 0; NT_SUCCESS(ZwEnumerateKey(ClassKey, i, KeyBasicInformation, Info,
                                                 sizeof Space - sizeof(WCHAR), &Length));
         i++) {
        Info->Name[Info->NameLength / sizeof(WCHAR)] = 0;
        memcpy(Sub, Info->Name, Info->NameLength + sizeof(WCHAR));
        if (!NT_SUCCESS(PpOpenKey(L"", Sub, KEY_READ, FALSE, ClassKey, &DeviceKey)))
            continue;
        if (Instance && Instance[0] &&
            (!NT_SUCCESS(PpQueryString(DeviceKey, L"DeviceInstance", Device,
                                       RTL_NUMBER_OF(Device), NULL)) ||
             !PpEqualInstance(Device, Instance))) {
            ZwClose(DeviceKey);
            continue;
        }
        for (ULONG j = 0; NT_SUCCESS(ZwEnumerateKey(DeviceKey, j, KeyBasicInformation, Info,
                                                     sizeof Space - sizeof(WCHAR), &Length));
             j++) {
            Info->Name[Info->NameLength / sizeof(WCHAR)] = 0;
            memcpy(Sub, Info->Name, Info->NameLength + sizeof(WCHAR));
            if (!NT_SUCCESS(PpOpenKey(L"", Sub, KEY_READ, FALSE, DeviceKey, &RefKey)))
                continue;
            NTSTATUS Status = PpQueryString(RefKey, L"SymbolicLink", Link, RTL_NUMBER_OF(Link),
                                            NULL);
            ZwClose(RefKey);
            if (!NT_SUCCESS(Status) || RtlpWcslen(Link) < 4)
                continue;
            Link[1] = L'?'; /* recorded as the user-mode name */
            UNICODE_STRING Name;
            RtlInitUnicodeString(&Name, Link);
            if (!PpFindInterface(&Name)) /* listed already, from this process */
                PpAppendName(Link, Name.Length / sizeof(WCHAR), UserNames, Buffer, BufferChars, n);
        }
        ZwClose(DeviceKey);
    }
    ZwClose(ClassKey);
}

NTSTATUS PpListInterfaces(const GUID *Class, PCWSTR Instance, BOOLEAN IncludeDisabled,
                          BOOLEAN UserNames, PWSTR Buffer, ULONG BufferChars, PULONG Chars)
{
    ULONG n = 0;
    PpLockInterfaces();
    for (PLIST_ENTRY E = PpInterfaces.Flink; E != &PpInterfaces; E = E->Flink) {
        PPP_INTERFACE I = CONTAINING_RECORD(E, PP_INTERFACE, Link);
        if ((Class && !IsEqualGUID(&I->ClassGuid, Class)) || (!IncludeDisabled && !I->Pdo) ||
            (Instance && Instance[0] && !PpEqualInstance(I->Instance, Instance)))
            continue;
        PpAppendName(I->Name.Buffer, I->Name.Length / sizeof(WCHAR), UserNames, Buffer,
                     BufferChars, &n);
    }
    if (IncludeDisabled && Class)
        PpListRecordedInterfaces(Class, Instance, UserNames, Buffer, BufferChars, &n);
    PpUnlockInterfaces();
    *Chars = n + 1;
    if (!Buffer || n + 1 > BufferChars)
        return STATUS_BUFFER_TOO_SMALL;
    Buffer[n] = 0;
    return STATUS_SUCCESS;
}

NTIO_EXPORT NTSTATUS IoGetDeviceInterfaces(const GUID *InterfaceClassGuid,
                                           PDEVICE_OBJECT PhysicalDeviceObject, ULONG Flags,
                                           PZZWSTR *SymbolicLinkList)
{
    PCWSTR Instance = NULL;
    ULONG Chars;
    if (!InterfaceClassGuid || !SymbolicLinkList)
        return STATUS_INVALID_PARAMETER;
    *SymbolicLinkList = NULL;
    if (PhysicalDeviceObject) {
        PDEVICE_NODE Node = PpDeviceNodeOf(PhysicalDeviceObject);
        if (!Node)
            return STATUS_INVALID_DEVICE_REQUEST;
        Instance = Node->InstancePath;
    }
    BOOLEAN All = (Flags & DEVICE_INTERFACE_INCLUDE_NONACTIVE) != 0;
    for (;;) {
        PpListInterfaces(InterfaceClassGuid, Instance, All, FALSE, NULL, 0, &Chars);
        PWSTR List = ExAllocatePoolWithTag(PagedPool, (Chars + 1) * sizeof(WCHAR), TAG_PNP);
        if (!List)
            return STATUS_INSUFFICIENT_RESOURCES;
        ULONG Needed;
        if (NT_SUCCESS(PpListInterfaces(InterfaceClassGuid, Instance, All, FALSE, List, Chars + 1,
                                        &Needed))) {
            *SymbolicLinkList = List;
            return STATUS_SUCCESS;
        }
        ExFreePoolWithTag(List, TAG_PNP); /* one was enabled meanwhile: again */
    }
}

NTIO_EXPORT NTSTATUS IoOpenDeviceInterfaceRegistryKey(PUNICODE_STRING SymbolicLinkName,
                                                      ACCESS_MASK DesiredAccess,
                                                      PHANDLE DeviceInterfaceKey)
{
    WCHAR Name[PNP_INSTANCE_PATH_CHARS + 128], KeyName[PNP_INSTANCE_PATH_CHARS + 64];
    UNICODE_STRING Ref = { 0 };
    GUID Class;
    PpLockInterfaces();
    PPP_INTERFACE I = SymbolicLinkName ? PpFindInterface(SymbolicLinkName) : NULL;
    if (!I) {
        PpUnlockInterfaces();
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    Class = I->ClassGuid;
    memcpy(Name, I->Buffer, sizeof Name);
    PpUnlockInterfaces();
    /* The key name is the link name without "\??\" and the reference. */
    ULONG k = 0;
    KeyName[k++] = L'#', KeyName[k++] = L'#', KeyName[k++] = L'?', KeyName[k++] = L'#';
    PWSTR p = Name + 4;
    for (; *p && *p != L'\\'; p++)
        KeyName[k++] = *p;
    KeyName[k] = 0;
    if (*p == L'\\')
        RtlInitUnicodeString(&Ref, p + 1);
    HANDLE Key, Params;
    NTSTATUS Status = PpOpenInterfaceKey(&Class, KeyName, &Ref, &Key);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = PpOpenKey(L"", L"Device Parameters", DesiredAccess, TRUE, Key, &Params);
    ZwClose(Key);
    if (NT_SUCCESS(Status))
        *DeviceInterfaceKey = Params;
    return Status;
}
