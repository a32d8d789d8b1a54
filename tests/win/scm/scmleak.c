/*
 * tests/win/scm/scmleak.c - a driver whose DriverUnload forgets its pool
 * and its device: the unload reports both ("ntio: leak: …"), and the image
 * stays mapped because the device could still be called.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
static PVOID Forgotten;

static VOID ScmLeakUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject); /* neither ExFreePool nor IoDeleteDevice */
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\ScmLeak");
    PDEVICE_OBJECT Device;
    UNREFERENCED_PARAMETER(RegistryPath);
    Forgotten = ExAllocatePool2(POOL_FLAG_NON_PAGED, 48, 'kaeL');
    if (!Forgotten)
        return STATUS_INSUFFICIENT_RESOURCES;
    NTSTATUS Status = IoCreateDevice(DriverObject, 0, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE, &Device);
    if (!NT_SUCCESS(Status)) {
        ExFreePoolWithTag(Forgotten, 'kaeL');
        return Status;
    }
    DriverObject->DriverUnload = ScmLeakUnload;
    return STATUS_SUCCESS;
}
