/*
 * sys/driver.c - NtLoadDriver, NtUnloadDriver (and their Zw forms) and
 * ntio's NtQueryDriverState: what the Service Control Manager calls to
 * start, stop and watch a driver service.  The work is the I/O manager's
 * (io/driver.c); here the caller's name is captured and its right to load
 * drivers checked.
 */
#include "sys.h"
#include "se/sep.h"

/* SeLoadDriverPrivilege: ntio has no privileges yet, so what Windows grants
 * it to, BUILTIN\Administrators, is what is asked of a user-mode caller
 * (root, or the owner of the prefix; se/token.c).  Kernel mode has it. */
static BOOLEAN SvcCanLoadDrivers(KPROCESSOR_MODE Mode)
{
    static const ULONG Sub[2] = { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS };
    SEP_SID_BUFFER Admins;
    SEP_SUBJECT Subject;
    if (Mode == KernelMode)
        return TRUE;
    SepInitializeSid(&Admins.Sid, 5, 2, Sub);
    SepCaptureSubject(&Subject);
    return SepSubjectHasSid(&Subject, &Admins.Sid);
}

typedef struct _SVC_CAPTURED_STRING {
    UNICODE_STRING String;
    WCHAR Buffer[1024];
} SVC_CAPTURED_STRING;

/* The caller's DriverServiceName, copied into kernel memory. */
static NTSTATUS SvcCaptureServiceName(KPROCESSOR_MODE Mode, PUNICODE_STRING In, SVC_CAPTURED_STRING *Out)
{
    UNICODE_STRING Name;
    if (!In) /* user mode: the probe of NULL faults, as on Windows */
        return Mode == UserMode ? STATUS_ACCESS_VIOLATION : STATUS_INVALID_PARAMETER;
    if (!SvcCopyIn(Mode, &Name, In, sizeof Name))
        return STATUS_ACCESS_VIOLATION;
    if ((Name.Length & 1) || Name.Length > Name.MaximumLength || Name.Length == 0)
        return STATUS_OBJECT_NAME_INVALID;
    if (Name.Length > sizeof Out->Buffer)
        return STATUS_OBJECT_NAME_INVALID;
    if (!SvcCopyIn(Mode, Out->Buffer, Name.Buffer, Name.Length))
        return STATUS_ACCESS_VIOLATION;
    Out->String.Buffer = Out->Buffer;
    Out->String.Length = Out->String.MaximumLength = Name.Length;
    return STATUS_SUCCESS;
}

NTIO_EXPORT NTSTATUS NTAPI NtLoadDriver(PUNICODE_STRING DriverServiceName)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    SVC_CAPTURED_STRING Name;
    NTSTATUS Status;

    SERVICE_ENTER();
    /* Windows checks the privilege before it looks at the name. */
    if (!SvcCanLoadDrivers(Mode))
        return KiServiceExit(STATUS_PRIVILEGE_NOT_HELD);
    Status = SvcCaptureServiceName(Mode, DriverServiceName, &Name);
    if (NT_SUCCESS(Status))
        Status = IopLoadServiceDriver(&Name.String, NULL);
    return KiServiceExit(Status);
}

NTIO_EXPORT NTSTATUS NTAPI NtUnloadDriver(PUNICODE_STRING DriverServiceName)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    SVC_CAPTURED_STRING Name;
    NTSTATUS Status;

    SERVICE_ENTER();
    if (!SvcCanLoadDrivers(Mode))
        return KiServiceExit(STATUS_PRIVILEGE_NOT_HELD);
    Status = SvcCaptureServiceName(Mode, DriverServiceName, &Name);
    if (NT_SUCCESS(Status))
        Status = IopUnloadServiceDriver(&Name.String);
    return KiServiceExit(Status);
}

NTIO_EXPORT NTSTATUS NTAPI NtQueryDriverState(PUNICODE_STRING DriverServiceName, PULONG State)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    SVC_CAPTURED_STRING Name;
    NTSTATUS Status;

    SERVICE_ENTER();
    if (!State)
        return KiServiceExit(STATUS_INVALID_PARAMETER);
    if (Mode == UserMode && !SvcProbe(State, sizeof *State, TRUE))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    Status = SvcCaptureServiceName(Mode, DriverServiceName, &Name);
    if (NT_SUCCESS(Status)) {
        ULONG Value = IopQueryServiceDriverState(&Name.String);
        if (!SvcCopyOut(Mode, State, &Value, sizeof Value))
            Status = STATUS_ACCESS_VIOLATION;
    }
    return KiServiceExit(Status);
}

NTIO_EXPORT NTSTATUS NTAPI ZwLoadDriver(PUNICODE_STRING DriverServiceName)
{
    PKTHREAD Thread = KiGetCurrentThread();
    KPROCESSOR_MODE Saved = Thread->PreviousMode;
    Thread->PreviousMode = KernelMode;
    NTSTATUS Status = NtLoadDriver(DriverServiceName);
    Thread->PreviousMode = Saved;
    return Status;
}

NTIO_EXPORT NTSTATUS NTAPI ZwUnloadDriver(PUNICODE_STRING DriverServiceName)
{
    PKTHREAD Thread = KiGetCurrentThread();
    KPROCESSOR_MODE Saved = Thread->PreviousMode;
    Thread->PreviousMode = KernelMode;
    NTSTATUS Status = NtUnloadDriver(DriverServiceName);
    Thread->PreviousMode = Saved;
    return Status;
}
