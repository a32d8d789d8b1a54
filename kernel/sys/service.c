/*
 * sys/service.c - the common part of every system service.
 */
#include "sys.h"
#include "ex/ex.h"

NTSTATUS KiServiceExit(NTSTATUS Status)
{
    KiCheckKernelApcs(KiGetCurrentThread()); /* before returning to the application */
    KiLeaveKernel();
    if (Status == STATUS_USER_APC)
        KiDeliverUserApcs();
    return Status;
}

NTSTATUS SvcCaptureObjectAttributes(KPROCESSOR_MODE Mode, POBJECT_ATTRIBUTES In,
                                    SVC_CAPTURED_NAME *Out)
{
    UNICODE_STRING Name;
    if (!In)
        return STATUS_INVALID_PARAMETER;
    if (!SvcCopyIn(Mode, &Out->Attributes, In, sizeof *In))
        return STATUS_ACCESS_VIOLATION;
    if (Out->Attributes.Length != sizeof(OBJECT_ATTRIBUTES) ||
        (Out->Attributes.Attributes & ~OBJ_VALID_ATTRIBUTES))
        return STATUS_INVALID_PARAMETER;
    if (Mode == UserMode)
        Out->Attributes.Attributes &= ~OBJ_KERNEL_HANDLE;
    if (!Out->Attributes.ObjectName) {
        Out->Name.Length = Out->Name.MaximumLength = 0;
        Out->Name.Buffer = Out->Buffer;
        Out->Attributes.ObjectName = NULL;
        return STATUS_SUCCESS;
    }
    if (!SvcCopyIn(Mode, &Name, Out->Attributes.ObjectName, sizeof Name))
        return STATUS_ACCESS_VIOLATION;
    if ((Name.Length & 1) || Name.Length > Name.MaximumLength)
        return STATUS_OBJECT_NAME_INVALID;
    if (Name.Length > sizeof Out->Buffer)
        return STATUS_OBJECT_NAME_INVALID;
    if (Name.Length && !SvcCopyIn(Mode, Out->Buffer, Name.Buffer, Name.Length))
        return STATUS_ACCESS_VIOLATION;
    Out->Name.Length = Name.Length;
    Out->Name.MaximumLength = Name.Length;
    Out->Name.Buffer = Out->Buffer;
    Out->Attributes.ObjectName = &Out->Name;
    return STATUS_SUCCESS;
}

NTSTATUS SvcReferenceEvent(HANDLE Event, KPROCESSOR_MODE Mode, PKEVENT *Object)
{
    *Object = NULL;
    if (!Event)
        return STATUS_SUCCESS;
    return ObReferenceObjectByHandle(Event, EVENT_MODIFY_STATE, *ExEventObjectType, Mode,
                                     (PVOID *)Object, NULL);
}

NTSTATUS SvcInsertObject(KPROCESSOR_MODE Mode, PVOID Object, POBJECT_ATTRIBUTES ObjectAttributes,
                         ACCESS_MASK DesiredAccess, PHANDLE UserHandle)
{
    SVC_CAPTURED_NAME *Captured = NULL;
    HANDLE Handle;
    NTSTATUS Status;

    if (ObjectAttributes) {
        Captured = ExpAllocatePool(PagedPool, sizeof *Captured, TAG('S', 'v', 'O', 'a'), NULL);
        Status = Captured ? SvcCaptureObjectAttributes(Mode, ObjectAttributes, Captured)
                          : STATUS_INSUFFICIENT_RESOURCES;
        if (!NT_SUCCESS(Status)) {
            if (Captured)
                ExpFreePool(Captured, 0, FALSE, NULL);
            ObfDereferenceObject(Object);
            return Status;
        }
    }
    Status = ObInsertObject(Object, Captured ? &Captured->Attributes : NULL, DesiredAccess, Mode, &Handle);
    if (NT_SUCCESS(Status) && !SvcCopyOut(Mode, UserHandle, &Handle, sizeof Handle)) {
        ObpCloseHandle(Handle, Mode);
        Status = STATUS_ACCESS_VIOLATION;
    }
    if (Captured)
        ExpFreePool(Captured, 0, FALSE, NULL);
    return Status;
}
