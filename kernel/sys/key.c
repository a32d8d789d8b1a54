/*
 * sys/key.c - the registry services (NtCreateKey, NtQueryValueKey …) and
 * their Zw forms: what the caller passed is validated and captured here;
 * the configuration manager (kernel/cm) does the rest.
 *
 * A key handle's body names a row of the store; every call looks that row
 * up again, so a key deleted by another handle, thread or process gives
 * STATUS_KEY_DELETED.
 */
#include "sys.h"
#include "ex/ex.h"
#include "cm/cm.h"

/* The longest name ob/obname.c's lookup copies (OBP_MAX_PATH characters). */
#define CMP_OB_MAX_NAME (4096 * sizeof(WCHAR))

/* ------------------------------------------------------------ capture */

typedef struct _CMP_CAPTURED {
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    PSECURITY_DESCRIPTOR Descriptor;
} CMP_CAPTURED;

static VOID CmpReleaseCaptured(CMP_CAPTURED *C)
{
    if (C->Name.Buffer)
        ExFreePoolWithTag(C->Name.Buffer, CM_POOL_TAG);
    if (C->Descriptor)
        ExFreePoolWithTag(C->Descriptor, CM_POOL_TAG);
    C->Name.Buffer = NULL;
    C->Descriptor = NULL;
}

/* OBJECT_ATTRIBUTES, its name (any length a UNICODE_STRING allows) and its
 * security descriptor, into kernel memory. */
static NTSTATUS CmpCaptureAttributes(KPROCESSOR_MODE Mode, POBJECT_ATTRIBUTES In, CMP_CAPTURED *Out)
{
    UNICODE_STRING Name;
    NTSTATUS Status;

    memset(Out, 0, sizeof *Out);
    if (!In || !SvcCopyIn(Mode, &Out->Attributes, In, sizeof *In))
        return STATUS_ACCESS_VIOLATION;
    if (Out->Attributes.Length != sizeof(OBJECT_ATTRIBUTES) ||
        (Out->Attributes.Attributes & ~OBJ_VALID_ATTRIBUTES))
        return STATUS_INVALID_PARAMETER;
    if (Mode == UserMode)
        Out->Attributes.Attributes &= ~OBJ_KERNEL_HANDLE;
    if (Out->Attributes.ObjectName) {
        if (!SvcCopyIn(Mode, &Name, Out->Attributes.ObjectName, sizeof Name))
            return STATUS_ACCESS_VIOLATION;
        if ((Name.Length & 1) || Name.Length > Name.MaximumLength)
            return STATUS_OBJECT_NAME_INVALID;
        Out->Name.Buffer = ExAllocatePoolWithTag(PagedPool, Name.Length + sizeof(WCHAR), CM_POOL_TAG);
        if (!Out->Name.Buffer)
            return STATUS_INSUFFICIENT_RESOURCES;
        if (Name.Length && (!Name.Buffer || !SvcCopyIn(Mode, Out->Name.Buffer, Name.Buffer, Name.Length)))
            return STATUS_ACCESS_VIOLATION;
        Out->Name.Length = Name.Length;
        Out->Name.MaximumLength = (USHORT)(Name.Length + sizeof(WCHAR));
    }
    Out->Attributes.ObjectName = &Out->Name;
    if (Out->Attributes.SecurityDescriptor) {
        Status = CmpCaptureSecurityDescriptor(Mode, Out->Attributes.SecurityDescriptor, &Out->Descriptor);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    Out->Attributes.SecurityDescriptor = Out->Descriptor;
    Out->Attributes.SecurityQualityOfService = NULL;
    return STATUS_SUCCESS;
}

/* A value name: the caller's buffer for kernel mode, a copy for user mode
 * (free *Copy when set). */
static NTSTATUS CmpCaptureValueName(KPROCESSOR_MODE Mode, PUNICODE_STRING In, PCWCH *Name, ULONG *Chars,
                                    PWCHAR *Copy)
{
    UNICODE_STRING U;
    *Copy = NULL;
    if (!In || !SvcCopyIn(Mode, &U, In, sizeof U))
        return STATUS_ACCESS_VIOLATION;
    if ((U.Length & 1) || (U.Length && !U.Buffer))
        return U.Length & 1 ? STATUS_INVALID_PARAMETER : STATUS_ACCESS_VIOLATION;
    *Chars = U.Length / sizeof(WCHAR);
    if (Mode == KernelMode || !U.Length) {
        *Name = U.Buffer ? U.Buffer : L"";
        return STATUS_SUCCESS;
    }
    *Copy = ExAllocatePoolWithTag(PagedPool, U.Length, CM_POOL_TAG);
    if (!*Copy)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (!SvcCopyIn(Mode, *Copy, U.Buffer, U.Length)) {
        ExFreePoolWithTag(*Copy, CM_POOL_TAG);
        *Copy = NULL;
        return STATUS_ACCESS_VIOLATION;
    }
    *Name = *Copy;
    return STATUS_SUCCESS;
}

/* ------------------------------------------------------------ open, create */

static NTSTATUS CmpOpenKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                           BOOLEAN Create, PUNICODE_STRING Class, ULONG Options, PULONG Disposition)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    CMP_CAPTURED Captured;
    CM_PARSE_CONTEXT Ctx;
    UNICODE_STRING ClassCopy = { 0, 0, NULL };
    PCM_KEY_BODY RootKey = NULL;
    PVOID Object = NULL;
    HANDLE Handle = NULL, Null = NULL;
    NTSTATUS Status;

    if (!KeyHandle || (Mode == UserMode && !SvcProbe(KeyHandle, sizeof(HANDLE), TRUE)))
        return STATUS_ACCESS_VIOLATION;
    if (Disposition && Mode == UserMode && !SvcProbe(Disposition, sizeof(ULONG), TRUE))
        return STATUS_ACCESS_VIOLATION;
    SvcCopyOut(Mode, KeyHandle, &Null, sizeof Null); /* NULL unless it succeeds, as on Windows */

    Status = CmpCaptureAttributes(Mode, ObjectAttributes, &Captured);
    if (NT_SUCCESS(Status) && Create && Class) {
        UNICODE_STRING U;
        if (!SvcCopyIn(Mode, &U, Class, sizeof U))
            Status = STATUS_ACCESS_VIOLATION;
        else if ((U.Length & 1) || U.Length > U.MaximumLength)
            Status = STATUS_INVALID_PARAMETER;
        else if (U.Length) {
            ClassCopy.Buffer = ExAllocatePoolWithTag(PagedPool, U.Length, CM_POOL_TAG);
            if (!ClassCopy.Buffer)
                Status = STATUS_INSUFFICIENT_RESOURCES;
            else if (!U.Buffer || !SvcCopyIn(Mode, ClassCopy.Buffer, U.Buffer, U.Length))
                Status = STATUS_ACCESS_VIOLATION;
            ClassCopy.Length = ClassCopy.MaximumLength = U.Length;
        }
    }
    if (NT_SUCCESS(Status) && (Options & REG_OPTION_BACKUP_RESTORE) && Mode == UserMode)
        Status = STATUS_ACCESS_DENIED; /* needs SeBackup/SeRestorePrivilege, held by no ntio caller */
    if (!NT_SUCCESS(Status))
        goto out;

    memset(&Ctx, 0, sizeof Ctx);
    Ctx.Signature = CM_PARSE_SIGNATURE;
    Ctx.Create = Create;
    Ctx.CreateOptions = Options;
    Ctx.Class = ClassCopy.Length ? &ClassCopy : NULL;
    Ctx.Descriptor = Captured.Descriptor;
    Ctx.DesiredAccess = DesiredAccess;

    /* Relative to a key: the object manager's lookup starts from
     * directories only, so the key's parse procedure is called here. */
    if (Captured.Attributes.RootDirectory) {
        Status = ObReferenceObjectByHandle(Captured.Attributes.RootDirectory, 0, CmKeyObjectType, Mode,
                                           (PVOID *)&RootKey, NULL);
        if (Status == STATUS_OBJECT_TYPE_MISMATCH)
            RootKey = NULL; /* a directory, perhaps: the object manager decides */
        else if (!NT_SUCCESS(Status))
            goto out;
    }
    UNICODE_STRING Rest;
    if (RootKey) {
        if (Captured.Name.Length && Captured.Name.Buffer[0] == L'\\')
            Status = STATUS_OBJECT_PATH_SYNTAX_BAD;
        else
            Status = CmpParseKey(RootKey, Mode, Captured.Attributes.Attributes, &Captured.Name,
                                 &Captured.Name, &Ctx, &Object);
        ObfDereferenceObject(RootKey);
    } else if (!Captured.Attributes.RootDirectory && CmpRegistryRootObject &&
               CmpSplitRegistryPath(&Captured.Name, &Rest)) {
        /* \REGISTRY\...: straight to the registry's parse, as the object
         * manager would go, whatever the length of the name. */
        Status = CmpParseKey(CmpRegistryRootObject, Mode, Captured.Attributes.Attributes, &Captured.Name,
                             &Rest, &Ctx, &Object);
    } else if (Captured.Name.Length > CMP_OB_MAX_NAME) {
        Status = STATUS_OBJECT_NAME_INVALID; /* more than the object manager's lookup takes */
    } else {
        Status = ObpLookupObjectName(Captured.Attributes.RootDirectory, &Captured.Name,
                                     Captured.Attributes.Attributes, CmKeyObjectType, Mode, &Ctx, &Object);
    }
    if (!NT_SUCCESS(Status))
        goto out;

    Status = ObpCreateHandle(Object, Ctx.GrantedAccess, Captured.Attributes.Attributes, Mode, &Handle);
    ObfDereferenceObject(Object);
    if (!NT_SUCCESS(Status))
        goto out;
    if (!SvcCopyOut(Mode, KeyHandle, &Handle, sizeof Handle)) {
        ObpCloseHandle(Handle, Mode);
        Status = STATUS_ACCESS_VIOLATION;
        goto out;
    }
    if (Disposition && !SvcCopyOut(Mode, Disposition, &Ctx.Disposition, sizeof(ULONG)))
        Status = STATUS_ACCESS_VIOLATION; /* the key is open: the handle stays the caller's */
out:
    if (ClassCopy.Buffer)
        ExFreePoolWithTag(ClassCopy.Buffer, CM_POOL_TAG);
    CmpReleaseCaptured(&Captured);
    return Status;
}

NTIO_EXPORT NTSTATUS NtCreateKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes, ULONG TitleIndex,
                                 PUNICODE_STRING Class, ULONG CreateOptions, PULONG Disposition)
{
    UNREFERENCED_PARAMETER(TitleIndex);
    SERVICE_ENTER();
    if (CreateOptions & ~(ULONG)REG_LEGAL_OPTION)
        return KiServiceExit(STATUS_INVALID_PARAMETER);
    return KiServiceExit(CmpOpenKey(KeyHandle, DesiredAccess, ObjectAttributes, TRUE, Class, CreateOptions,
                                    Disposition));
}

NTIO_EXPORT NTSTATUS NtOpenKeyEx(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes, ULONG OpenOptions)
{
    SERVICE_ENTER();
    if (OpenOptions & ~(ULONG)REG_OPEN_LEGAL_OPTION)
        return KiServiceExit(STATUS_INVALID_PARAMETER);
    /* REG_OPTION_OPEN_LINK does not open a link by itself: OBJ_OPENLINK does. */
    return KiServiceExit(CmpOpenKey(KeyHandle, DesiredAccess, ObjectAttributes, FALSE, NULL,
                                    OpenOptions & REG_OPTION_BACKUP_RESTORE, NULL));
}

NTIO_EXPORT NTSTATUS NtOpenKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes)
{
    return NtOpenKeyEx(KeyHandle, DesiredAccess, ObjectAttributes, 0);
}

/* ------------------------------------------------------------ handles */

static NTSTATUS CmpReferenceKey(HANDLE KeyHandle, ACCESS_MASK Access, KPROCESSOR_MODE Mode, PCM_KEY_BODY *Body)
{
    return ObReferenceObjectByHandle(KeyHandle, Access, CmKeyObjectType, Mode, (PVOID *)Body, NULL);
}

NTIO_EXPORT NTSTATUS NtDeleteKey(HANDLE KeyHandle)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PCM_KEY_BODY Body;
    NTSTATUS Status;
    SERVICE_ENTER();
    Status = CmpReferenceKey(KeyHandle, DELETE, Mode, &Body);
    if (NT_SUCCESS(Status)) {
        Status = CmpDeleteKey(CmpKeyIdOf(Body));
        ObfDereferenceObject(Body);
    }
    return KiServiceExit(Status);
}

NTIO_EXPORT NTSTATUS NtFlushKey(HANDLE KeyHandle)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PCM_KEY_BODY Body;
    CM_KEY_ROW Row;
    NTSTATUS Status;
    SERVICE_ENTER();
    Status = CmpReferenceKey(KeyHandle, 0, Mode, &Body);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    Status = CmpLockStore();
    if (NT_SUCCESS(Status)) {
        Status = CmpGetKey(CmpKeyIdOf(Body), &Row);
        if (NT_SUCCESS(Status))
            Status = CmpFlushStore();
        CmpUnlockStore();
    }
    ObfDereferenceObject(Body);
    return KiServiceExit(Status);
}

/* The end of every query: the size needed goes to *ResultLength whenever
 * the answer is one of the three buffer outcomes. */
static NTSTATUS CmpFinishQuery(KPROCESSOR_MODE Mode, NTSTATUS Status, ULONG Needed, PULONG ResultLength)
{
    if (Status == STATUS_SUCCESS || Status == STATUS_BUFFER_OVERFLOW || Status == STATUS_BUFFER_TOO_SMALL)
        if (!SvcCopyOut(Mode, ResultLength, &Needed, sizeof Needed))
            return STATUS_ACCESS_VIOLATION;
    return Status;
}

static BOOLEAN CmpQueryArgumentsValid(KPROCESSOR_MODE Mode, PVOID Buffer, ULONG Length, PULONG ResultLength)
{
    return ResultLength && SvcProbeQueryOutput(Mode, Buffer, Length, ResultLength) &&
           (Mode == KernelMode || SvcProbe(ResultLength, sizeof(ULONG), TRUE));
}

NTIO_EXPORT NTSTATUS NtQueryKey(HANDLE KeyHandle, KEY_INFORMATION_CLASS KeyInformationClass,
                                PVOID KeyInformation, ULONG Length, PULONG ResultLength)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    CM_OUTPUT Out = { KeyInformation, Length, Mode, FALSE };
    ACCESS_MASK Access = KEY_QUERY_VALUE;
    PCM_KEY_BODY Body;
    ULONG Needed = 0;
    NTSTATUS Status;

    SERVICE_ENTER();
    if (!CmpQueryArgumentsValid(Mode, KeyInformation, Length, ResultLength))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    switch (KeyInformationClass) {
    case KeyNameInformation:
    case KeyHandleTagsInformation:
        Access = 0; /* no access needed to learn these */
        break;
    case KeyBasicInformation:
    case KeyNodeInformation:
    case KeyFullInformation:
    case KeyCachedInformation:
    case KeyVirtualizationInformation:
    case KeyTrustInformation:
    case KeyLayerInformation:
        break;
    default:
        return KiServiceExit(STATUS_INVALID_PARAMETER);
    }
    Status = CmpReferenceKey(KeyHandle, Access, Mode, &Body);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    Status = CmpLockStore();
    if (NT_SUCCESS(Status)) {
        Status = CmpQueryKey(CmpKeyIdOf(Body), KeyInformationClass, &Out, &Needed);
        CmpUnlockStore();
    }
    ObfDereferenceObject(Body);
    return KiServiceExit(CmpFinishQuery(Mode, Status, Needed, ResultLength));
}

NTIO_EXPORT NTSTATUS NtEnumerateKey(HANDLE KeyHandle, ULONG Index, KEY_INFORMATION_CLASS KeyInformationClass,
                                    PVOID KeyInformation, ULONG Length, PULONG ResultLength)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    CM_OUTPUT Out = { KeyInformation, Length, Mode, FALSE };
    PCM_KEY_BODY Body;
    ULONG Needed = 0;
    NTSTATUS Status;

    SERVICE_ENTER();
    if (!CmpQueryArgumentsValid(Mode, KeyInformation, Length, ResultLength))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    if (KeyInformationClass != KeyBasicInformation && KeyInformationClass != KeyNodeInformation &&
        KeyInformationClass != KeyFullInformation)
        return KiServiceExit(STATUS_INVALID_PARAMETER);
    Status = CmpReferenceKey(KeyHandle, KEY_ENUMERATE_SUB_KEYS, Mode, &Body);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    Status = CmpLockStore();
    if (NT_SUCCESS(Status)) {
        Status = CmpEnumerateKey(CmpKeyIdOf(Body), Index, KeyInformationClass, &Out, &Needed);
        CmpUnlockStore();
    }
    ObfDereferenceObject(Body);
    return KiServiceExit(CmpFinishQuery(Mode, Status, Needed, ResultLength));
}

static BOOLEAN CmpValueClassValid(KEY_VALUE_INFORMATION_CLASS Class)
{
    return (ULONG)Class < (ULONG)MaxKeyValueInfoClass;
}

NTIO_EXPORT NTSTATUS NtQueryValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName,
                                     KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
                                     PVOID KeyValueInformation, ULONG Length, PULONG ResultLength)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    CM_OUTPUT Out = { KeyValueInformation, Length, Mode, FALSE };
    PCM_KEY_BODY Body;
    PCWCH Name;
    PWCHAR Copy;
    ULONG Chars, Needed = 0;
    NTSTATUS Status;

    SERVICE_ENTER();
    if (!CmpQueryArgumentsValid(Mode, KeyValueInformation, Length, ResultLength))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    Status = CmpReferenceKey(KeyHandle, KEY_QUERY_VALUE, Mode, &Body);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    if (!CmpValueClassValid(KeyValueInformationClass)) {
        ObfDereferenceObject(Body);
        return KiServiceExit(STATUS_INVALID_PARAMETER);
    }
    Status = CmpCaptureValueName(Mode, ValueName, &Name, &Chars, &Copy);
    if (NT_SUCCESS(Status)) {
        if (Chars > CM_MAX_VALUE_NAME_CHARS) {
            Status = STATUS_OBJECT_NAME_NOT_FOUND; /* no value can have that name */
        } else if (NT_SUCCESS(Status = CmpLockStore())) {
            Status = CmpQueryValue(CmpKeyIdOf(Body), Name, Chars, KeyValueInformationClass, &Out, &Needed);
            CmpUnlockStore();
        }
        if (Copy)
            ExFreePoolWithTag(Copy, CM_POOL_TAG);
    }
    ObfDereferenceObject(Body);
    return KiServiceExit(CmpFinishQuery(Mode, Status, Needed, ResultLength));
}

NTIO_EXPORT NTSTATUS NtEnumerateValueKey(HANDLE KeyHandle, ULONG Index,
                                         KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
                                         PVOID KeyValueInformation, ULONG Length, PULONG ResultLength)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    CM_OUTPUT Out = { KeyValueInformation, Length, Mode, FALSE };
    PCM_KEY_BODY Body;
    ULONG Needed = 0;
    NTSTATUS Status;

    SERVICE_ENTER();
    if (!CmpQueryArgumentsValid(Mode, KeyValueInformation, Length, ResultLength))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    if (!CmpValueClassValid(KeyValueInformationClass))
        return KiServiceExit(STATUS_INVALID_PARAMETER);
    Status = CmpReferenceKey(KeyHandle, KEY_QUERY_VALUE, Mode, &Body);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    Status = CmpLockStore();
    if (NT_SUCCESS(Status)) {
        Status = CmpEnumerateValue(CmpKeyIdOf(Body), Index, KeyValueInformationClass, &Out, &Needed);
        CmpUnlockStore();
    }
    ObfDereferenceObject(Body);
    return KiServiceExit(CmpFinishQuery(Mode, Status, Needed, ResultLength));
}

NTIO_EXPORT NTSTATUS NtSetValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName, ULONG TitleIndex, ULONG Type,
                                   PVOID Data, ULONG DataSize)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PCM_KEY_BODY Body;
    PCWCH Name;
    PWCHAR Copy;
    PVOID DataCopy = NULL;
    ULONG Chars;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(TitleIndex);
    SERVICE_ENTER();
    Status = CmpReferenceKey(KeyHandle, KEY_SET_VALUE, Mode, &Body);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    Status = CmpCaptureValueName(Mode, ValueName, &Name, &Chars, &Copy);
    if (!NT_SUCCESS(Status))
        goto out;
    if (Chars > CM_MAX_VALUE_NAME_CHARS) {
        Status = STATUS_INVALID_PARAMETER;
        goto out;
    }
    if (DataSize > CM_MAX_VALUE_DATA) {
        Status = STATUS_INSUFFICIENT_RESOURCES;
        goto out;
    }
    if (DataSize && !Data) {
        Status = STATUS_ACCESS_VIOLATION;
        goto out;
    }
    if (DataSize && Mode == UserMode) {
        /* The store reads the data after the caller's memory has been
         * probed: a copy, so that a fault cannot happen inside SQLite. */
        DataCopy = ExAllocatePoolWithTag(PagedPool, DataSize, CM_POOL_TAG);
        if (!DataCopy) {
            Status = STATUS_INSUFFICIENT_RESOURCES;
            goto out;
        }
        if (!SvcCopyIn(Mode, DataCopy, Data, DataSize)) {
            Status = STATUS_ACCESS_VIOLATION;
            goto out;
        }
        Data = DataCopy;
    }
    Status = CmpSetValueKey(CmpKeyIdOf(Body), Name, Chars, Type, Data, DataSize);
out:
    if (DataCopy)
        ExFreePoolWithTag(DataCopy, CM_POOL_TAG);
    if (Copy)
        ExFreePoolWithTag(Copy, CM_POOL_TAG);
    ObfDereferenceObject(Body);
    return KiServiceExit(Status);
}

NTIO_EXPORT NTSTATUS NtDeleteValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PCM_KEY_BODY Body;
    PCWCH Name;
    PWCHAR Copy;
    ULONG Chars;
    NTSTATUS Status;

    SERVICE_ENTER();
    Status = CmpReferenceKey(KeyHandle, KEY_SET_VALUE, Mode, &Body);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    Status = CmpCaptureValueName(Mode, ValueName, &Name, &Chars, &Copy);
    if (NT_SUCCESS(Status)) {
        if (Chars > CM_MAX_VALUE_NAME_CHARS) {
            /* Cannot exist - unless the key itself is gone. */
            CM_KEY_ROW Row;
            Status = CmpLockStore();
            if (NT_SUCCESS(Status)) {
                Status = CmpGetKey(CmpKeyIdOf(Body), &Row);
                CmpUnlockStore();
            }
            if (NT_SUCCESS(Status))
                Status = STATUS_OBJECT_NAME_NOT_FOUND;
        } else {
            Status = CmpDeleteValueKey(CmpKeyIdOf(Body), Name, Chars);
        }
        if (Copy)
            ExFreePoolWithTag(Copy, CM_POOL_TAG);
    }
    ObfDereferenceObject(Body);
    return KiServiceExit(Status);
}

/* ------------------------------------------------------------ Zw forms */

/* A Zw call is the Nt call made with PreviousMode = KernelMode. */
#define CMP_ZW_CALL(Call)                                 \
    do {                                                  \
        PAGED_CODE(); /* the registry is pageable */      \
        PKTHREAD Thread = KiGetCurrentThread();           \
        KPROCESSOR_MODE Saved = Thread->PreviousMode;     \
        Thread->PreviousMode = KernelMode;                \
        NTSTATUS ZwStatus = (Call);                       \
        Thread->PreviousMode = Saved;                     \
        return ZwStatus;                                  \
    } while (0)

NTIO_EXPORT NTSTATUS ZwCreateKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                                 ULONG TitleIndex, PUNICODE_STRING Class, ULONG CreateOptions, PULONG Disposition)
{
    CMP_ZW_CALL(NtCreateKey(KeyHandle, DesiredAccess, ObjectAttributes, TitleIndex, Class, CreateOptions,
                            Disposition));
}

NTIO_EXPORT NTSTATUS ZwOpenKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes)
{
    CMP_ZW_CALL(NtOpenKey(KeyHandle, DesiredAccess, ObjectAttributes));
}

NTIO_EXPORT NTSTATUS ZwOpenKeyEx(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                                 ULONG OpenOptions)
{
    CMP_ZW_CALL(NtOpenKeyEx(KeyHandle, DesiredAccess, ObjectAttributes, OpenOptions));
}

NTIO_EXPORT NTSTATUS ZwDeleteKey(HANDLE KeyHandle)
{
    CMP_ZW_CALL(NtDeleteKey(KeyHandle));
}

NTIO_EXPORT NTSTATUS ZwDeleteValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName)
{
    CMP_ZW_CALL(NtDeleteValueKey(KeyHandle, ValueName));
}

NTIO_EXPORT NTSTATUS ZwEnumerateKey(HANDLE KeyHandle, ULONG Index, KEY_INFORMATION_CLASS KeyInformationClass,
                                    PVOID KeyInformation, ULONG Length, PULONG ResultLength)
{
    CMP_ZW_CALL(NtEnumerateKey(KeyHandle, Index, KeyInformationClass, KeyInformation, Length, ResultLength));
}

NTIO_EXPORT NTSTATUS ZwEnumerateValueKey(HANDLE KeyHandle, ULONG Index,
                                         KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
                                         PVOID KeyValueInformation, ULONG Length, PULONG ResultLength)
{
    CMP_ZW_CALL(NtEnumerateValueKey(KeyHandle, Index, KeyValueInformationClass, KeyValueInformation, Length,
                                    ResultLength));
}

NTIO_EXPORT NTSTATUS ZwFlushKey(HANDLE KeyHandle)
{
    CMP_ZW_CALL(NtFlushKey(KeyHandle));
}

NTIO_EXPORT NTSTATUS ZwQueryKey(HANDLE KeyHandle, KEY_INFORMATION_CLASS KeyInformationClass, PVOID KeyInformation,
                                ULONG Length, PULONG ResultLength)
{
    CMP_ZW_CALL(NtQueryKey(KeyHandle, KeyInformationClass, KeyInformation, Length, ResultLength));
}

NTIO_EXPORT NTSTATUS ZwQueryValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName,
                                     KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
                                     PVOID KeyValueInformation, ULONG Length, PULONG ResultLength)
{
    CMP_ZW_CALL(NtQueryValueKey(KeyHandle, ValueName, KeyValueInformationClass, KeyValueInformation, Length,
                                ResultLength));
}

NTIO_EXPORT NTSTATUS ZwSetValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName, ULONG TitleIndex, ULONG Type,
                                   PVOID Data, ULONG DataSize)
{
    CMP_ZW_CALL(NtSetValueKey(KeyHandle, ValueName, TitleIndex, Type, Data, DataSize));
}
