/*
 * pnpwatch.c - a driver that watches echo devices come and go, the way a
 * driver using another device does: it registers for arrivals of the echo
 * interface (existing ones included), opens each device that arrives with
 * IoGetDeviceObjectPointer, and registers for that device's target-device
 * changes, which it may veto (IOCTL_WATCH_VETO).  Its control device
 * \Device\PnpWatch (\\.\PnpWatch) answers IOCTL_WATCH_STATS with what it
 * saw.
 */
#include <ntddk.h>
#include <initguid.h>
#include <wdmguid.h>
#include "pnptest.h"

#define MAX_TARGETS 32

typedef struct _WATCH {
    PVOID InterfaceEntry;
    KGUARDED_MUTEX Lock;        /* guards Stats, Veto and Targets */
    WATCH_STATS Stats;
    BOOLEAN Veto;
    PVOID Targets[MAX_TARGETS]; /* target-device registrations, NULL when free */
} WATCH;

static WATCH Watch;
static PDEVICE_OBJECT Control;

static NTSTATUS TargetChange(PVOID NotificationStructure, PVOID Context)
{
    PTARGET_DEVICE_REMOVAL_NOTIFICATION Note = NotificationStructure;
    ULONG Slot = (ULONG)(ULONG_PTR)Context;
    NTSTATUS Status = STATUS_SUCCESS;
    KeAcquireGuardedMutex(&Watch.Lock);
    if (IsEqualGUID(&Note->Event, &GUID_TARGET_DEVICE_QUERY_REMOVE)) {
        Watch.Stats.QueryRemoves++;
        if (Watch.Veto)
            Status = STATUS_UNSUCCESSFUL;
    } else if (IsEqualGUID(&Note->Event, &GUID_TARGET_DEVICE_REMOVE_CANCELLED)) {
        Watch.Stats.RemoveCancels++;
    } else if (IsEqualGUID(&Note->Event, &GUID_TARGET_DEVICE_REMOVE_COMPLETE)) {
        Watch.Stats.RemoveCompletes++;
        /* The device is gone: its registration goes too (from inside its
         * own callback, which the Ex form allows). */
        PVOID Entry = Watch.Targets[Slot];
        Watch.Targets[Slot] = NULL;
        if (Entry)
            IoUnregisterPlugPlayNotificationEx(Entry);
    }
    KeReleaseGuardedMutex(&Watch.Lock);
    return Status;
}

static NTSTATUS InterfaceChange(PVOID NotificationStructure, PVOID Context)
{
    PDEVICE_INTERFACE_CHANGE_NOTIFICATION Note = NotificationStructure;
    UNREFERENCED_PARAMETER(Context);
    if (IsEqualGUID(&Note->Event, &GUID_DEVICE_INTERFACE_REMOVAL)) {
        KeAcquireGuardedMutex(&Watch.Lock);
        Watch.Stats.Removals++;
        KeReleaseGuardedMutex(&Watch.Lock);
        return STATUS_SUCCESS;
    }
    if (!IsEqualGUID(&Note->Event, &GUID_DEVICE_INTERFACE_ARRIVAL))
        return STATUS_SUCCESS;
    /* Arrived: its START has completed, so it opens. */
    PFILE_OBJECT File;
    PDEVICE_OBJECT Device;
    NTSTATUS Status = IoGetDeviceObjectPointer(Note->SymbolicLinkName, FILE_READ_DATA, &File, &Device);
    KeAcquireGuardedMutex(&Watch.Lock);
    Watch.Stats.Arrivals++;
    if (!NT_SUCCESS(Status)) {
        Watch.Stats.OpenFailures++;
        Watch.Stats.LastOpenStatus = Status;
        KeReleaseGuardedMutex(&Watch.Lock);
        return STATUS_SUCCESS;
    }
    ULONG Slot = 0;
    while (Slot < MAX_TARGETS && Watch.Targets[Slot])
        Slot++;
    if (Slot < MAX_TARGETS &&
        NT_SUCCESS(IoRegisterPlugPlayNotification(EventCategoryTargetDeviceChange, 0, File,
                                                  Control->DriverObject, TargetChange,
                                                  (PVOID)(ULONG_PTR)Slot, &Watch.Targets[Slot])))
        Watch.Stats.Targets++;
    KeReleaseGuardedMutex(&Watch.Lock);
    /* Not kept open: an open file would veto every query-remove. */
    ObDereferenceObject(File);
    return STATUS_SUCCESS;
}

static NTSTATUS Dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG_PTR Information = 0;
    UNREFERENCED_PARAMETER(DeviceObject);
    if (Stack->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        ULONG Code = Stack->Parameters.DeviceIoControl.IoControlCode;
        KeAcquireGuardedMutex(&Watch.Lock);
        if (Code == IOCTL_WATCH_STATS &&
            Stack->Parameters.DeviceIoControl.OutputBufferLength >= sizeof(WATCH_STATS)) {
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &Watch.Stats, sizeof(WATCH_STATS));
            Information = sizeof(WATCH_STATS);
        } else if (Code == IOCTL_WATCH_VETO &&
                   Stack->Parameters.DeviceIoControl.InputBufferLength >= sizeof(ULONG)) {
            Watch.Veto = *(PULONG)Irp->AssociatedIrp.SystemBuffer != 0;
        } else {
            Status = STATUS_INVALID_DEVICE_REQUEST;
        }
        KeReleaseGuardedMutex(&Watch.Lock);
    }
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static VOID Unload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    /* No callback runs once these return. */
    IoUnregisterPlugPlayNotificationEx(Watch.InterfaceEntry);
    for (ULONG i = 0; i < MAX_TARGETS; i++) {
        KeAcquireGuardedMutex(&Watch.Lock);
        PVOID Entry = Watch.Targets[i];
        Watch.Targets[i] = NULL;
        KeReleaseGuardedMutex(&Watch.Lock);
        if (Entry)
            IoUnregisterPlugPlayNotificationEx(Entry);
    }
    UNICODE_STRING Link;
    RtlInitUnicodeString(&Link, L"\\DosDevices\\PnpWatch");
    IoDeleteSymbolicLink(&Link);
    IoDeleteDevice(Control);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name, Link;
    UNREFERENCED_PARAMETER(RegistryPath);
    KeInitializeGuardedMutex(&Watch.Lock);
    RtlInitUnicodeString(&Name, L"\\Device\\PnpWatch");
    RtlInitUnicodeString(&Link, L"\\DosDevices\\PnpWatch");
    NTSTATUS Status = IoCreateDevice(DriverObject, 0, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE, &Control);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = IoCreateSymbolicLink(&Link, &Name);
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(Control);
        return Status;
    }
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = Dispatch;
    /* A name nobody has does not open. */
    UNICODE_STRING Nobody;
    PFILE_OBJECT File;
    PDEVICE_OBJECT Device;
    RtlInitUnicodeString(&Nobody, L"\\Device\\PnpWatchNobody");
    Watch.Stats.NoSuchNameStatus = IoGetDeviceObjectPointer(&Nobody, FILE_READ_DATA, &File, &Device);
    DriverObject->DriverUnload = Unload;
    Status = IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange,
                                            PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                                            (PVOID)&GUID_DEVINTERFACE_NTIO_ECHO, DriverObject,
                                            InterfaceChange, NULL, &Watch.InterfaceEntry);
    if (!NT_SUCCESS(Status)) {
        IoDeleteSymbolicLink(&Link);
        IoDeleteDevice(Control);
    }
    return Status;
}
