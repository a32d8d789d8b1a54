/*
 * io/device.c - device objects, symbolic links and device stacks.
 */
#include "iop.h"
#include "ex/ex.h"

POBJECT_TYPE IopDeviceObjectType;
NTIO_EXPORT POBJECT_TYPE *IoDeviceObjectType = &IopDeviceObjectType;

/* Protects every device's AttachedDevice link and drivers' device lists. */
static KSPIN_LOCK IopDatabaseLock;

NTIO_EXPORT NTSTATUS IoCreateDevice(PDRIVER_OBJECT DriverObject, ULONG DeviceExtensionSize,
                                    PUNICODE_STRING DeviceName, DEVICE_TYPE DeviceType,
                                    ULONG DeviceCharacteristics, BOOLEAN Exclusive,
                                    PDEVICE_OBJECT *DeviceObject)
{
    PDEVICE_OBJECT Device;
    SIZE_T ExtSize = (DeviceExtensionSize + 15) & ~(SIZE_T)15;
    NTSTATUS Status;

    *DeviceObject = NULL;
    if (!DriverObject || (DeviceName && DeviceName->Length && !DeviceName->Buffer))
        return STATUS_INVALID_PARAMETER;
    Status = ObCreateObject(IopDeviceObjectType, sizeof(DEVICE_OBJECT) + ExtSize, (PVOID *)&Device);
    if (!NT_SUCCESS(Status))
        return Status;
    Device->Type = IO_TYPE_DEVICE;
    Device->Size = (USHORT)(sizeof(DEVICE_OBJECT) + DeviceExtensionSize);
    Device->DriverObject = DriverObject;
    Device->DeviceExtension = DeviceExtensionSize ? (PVOID)(Device + 1) : NULL;
    Device->DeviceType = DeviceType;
    Device->Characteristics = DeviceCharacteristics;
    Device->StackSize = 1;
    Device->Flags = DO_DEVICE_INITIALIZING | (Exclusive ? DO_EXCLUSIVE : 0);
    Device->AlignmentRequirement = 0;
    Device->SectorSize = 0;
    KeInitializeEvent(&Device->DeviceLock, SynchronizationEvent, TRUE);
    InitializeListHead(&Device->DeviceQueue.DeviceListHead);
    KeInitializeSpinLock(&Device->DeviceQueue.Lock);
    Device->DeviceQueue.Type = 0x14; /* DEVICE_QUEUE */
    Device->DeviceQueue.Size = sizeof(KDEVICE_QUEUE);

    if (DeviceName && DeviceName->Length) {
        Status = ObpInsertName(Device, DeviceName, OBJ_PERMANENT, NULL);
        if (!NT_SUCCESS(Status)) {
            ObfDereferenceObject(Device);
            return Status;
        }
        Device->Flags |= DO_DEVICE_HAS_NAME;
    }
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopDatabaseLock);
    Device->NextDevice = DriverObject->DeviceObject;
    DriverObject->DeviceObject = Device;
    KeReleaseSpinLock(&IopDatabaseLock, OldIrql);
    *DeviceObject = Device;
    return STATUS_SUCCESS;
}

NTIO_EXPORT VOID IoDeleteDevice(PDEVICE_OBJECT DeviceObject)
{
    PDRIVER_OBJECT Driver = DeviceObject->DriverObject;
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopDatabaseLock);
    for (PDEVICE_OBJECT *Link = &Driver->DeviceObject; *Link; Link = &(*Link)->NextDevice) {
        if (*Link == DeviceObject) {
            *Link = DeviceObject->NextDevice;
            break;
        }
    }
    DeviceObject->NextDevice = NULL;
    KeReleaseSpinLock(&IopDatabaseLock, OldIrql);
    /* The name goes now; the memory when the last open file lets go. */
    ObMakeTemporaryObject(DeviceObject);
    ObfDereferenceObject(DeviceObject);
}

VOID IopDeleteDevice(PVOID Object)
{
    IopFreeStartIoExtension(Object);
}

NTIO_EXPORT NTSTATUS IoCreateSymbolicLink(PUNICODE_STRING SymbolicLinkName,
                                          PUNICODE_STRING DeviceName)
{
    if (!SymbolicLinkName || !DeviceName)
        return STATUS_INVALID_PARAMETER;
    return ObpCreateSymbolicLink(SymbolicLinkName, DeviceName, OBJ_PERMANENT, NULL);
}

NTIO_EXPORT NTSTATUS IoDeleteSymbolicLink(PUNICODE_STRING SymbolicLinkName)
{
    PVOID Link;
    NTSTATUS Status = ObpLookupObjectName(NULL, SymbolicLinkName, OBJ_OPENLINK,
                                          ObpSymbolicLinkObjectType, KernelMode, NULL, &Link);
    if (!NT_SUCCESS(Status))
        return Status;
    ObMakeTemporaryObject(Link);
    ObfDereferenceObject(Link);
    return STATUS_SUCCESS;
}

NTIO_EXPORT PDEVICE_OBJECT IoGetAttachedDevice(PDEVICE_OBJECT DeviceObject)
{
    while (DeviceObject->AttachedDevice)
        DeviceObject = DeviceObject->AttachedDevice;
    return DeviceObject;
}

NTIO_EXPORT PDEVICE_OBJECT IoGetAttachedDeviceReference(PDEVICE_OBJECT DeviceObject)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopDatabaseLock);
    PDEVICE_OBJECT Top = IoGetAttachedDevice(DeviceObject);
    ObfReferenceObject(Top);
    KeReleaseSpinLock(&IopDatabaseLock, OldIrql);
    return Top;
}

NTIO_EXPORT PDEVICE_OBJECT IoGetRelatedDeviceObject(PFILE_OBJECT FileObject)
{
    return IoGetAttachedDevice(FileObject->DeviceObject);
}

NTIO_EXPORT NTSTATUS IoAttachDeviceToDeviceStackSafe(PDEVICE_OBJECT SourceDevice,
                                                     PDEVICE_OBJECT TargetDevice,
                                                     PDEVICE_OBJECT *AttachedToDeviceObject)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopDatabaseLock);
    PDEVICE_OBJECT Top = IoGetAttachedDevice(TargetDevice);
    /* Set the out parameter before the link is visible, which is the point
     * of the Safe variant: a filter's IRPs may arrive at once. */
    *AttachedToDeviceObject = Top;
    Top->AttachedDevice = SourceDevice;
    SourceDevice->StackSize = (CCHAR)(Top->StackSize + 1);
    SourceDevice->AlignmentRequirement = Top->AlignmentRequirement;
    SourceDevice->SectorSize = Top->SectorSize;
    KeReleaseSpinLock(&IopDatabaseLock, OldIrql);
    return STATUS_SUCCESS;
}

NTIO_EXPORT PDEVICE_OBJECT IoAttachDeviceToDeviceStack(PDEVICE_OBJECT SourceDevice,
                                                       PDEVICE_OBJECT TargetDevice)
{
    PDEVICE_OBJECT Lower;
    IoAttachDeviceToDeviceStackSafe(SourceDevice, TargetDevice, &Lower);
    return Lower;
}

NTIO_EXPORT VOID IoDetachDevice(PDEVICE_OBJECT TargetDevice)
{
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&IopDatabaseLock);
    TargetDevice->AttachedDevice = NULL;
    KeReleaseSpinLock(&IopDatabaseLock, OldIrql);
}
