/*
 * tests/win/scm/scmfail.c - a driver whose DriverEntry fails after making a
 * device: the I/O manager deletes the device, unloads the image, and the
 * SCM reports the status as its Win32 error.
 */
#include <ntddk.h>
#include "scmtest.h"

DRIVER_INITIALIZE DriverEntry;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\ScmFail");
    PDEVICE_OBJECT Device;
    UNREFERENCED_PARAMETER(RegistryPath);
    PVOID Scratch = ExAllocatePool2(POOL_FLAG_PAGED, 64, 'lifS');
    if (Scratch)
        ExFreePoolWithTag(Scratch, 'lifS');
    /* Left behind on purpose: Windows deletes it when DriverEntry fails. */
    IoCreateDevice(DriverObject, 0, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE, &Device);
    return SCMFAIL_STATUS;
}
