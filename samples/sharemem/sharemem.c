/*
 * sharemem.c - sharing memory between a driver and an application, as the
 * seed texts do it:
 *   - CreateAndMapMemory (seed 000): a page of nonpaged pool, an MDL built
 *     with MmBuildMdlForNonPagedPool, mapped into the requesting process
 *     with MmMapLockedPagesSpecifyCache(UserMode); later
 *     MmUnmapLockedPages(StoredPointer, StoredMdl);
 *   - "user state to kernel state" (seed 001): IoAllocateMdl on an
 *     application buffer, MmProbeAndLockPages(UserMode) in __try, a
 *     KernelMode mapping;
 *   - "kernel state to user state" (seed 001): 1024 bytes of nonpaged pool
 *     mapped into the application.
 * Mappings must be made in the context of the process that will use them,
 * which is why they happen in the IOCTL dispatch routine.
 */
#include <ntddk.h>
#include "sharemem.h"

static PVOID StoredPointer;  /* the user address of the seed-000 mapping */
static PMDL StoredMdl;
static PVOID StoredBuffer;
static PVOID SmallUser;
static PMDL SmallMdl;
static PVOID SmallBuffer;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH ShareDispatch;
DRIVER_UNLOAD ShareUnload;

/* Seed 000, as written there (its PDF artefacts removed). */
PVOID
CreateAndMapMemory()
{
    PVOID buffer;
    PMDL mdl;
    PVOID userVAToReturn;

    //
    // Allocate a 4K buffer to share with the application
    //
    buffer = ExAllocatePoolWithTag(NonPagedPool, PAGE_SIZE, 'MpaM');
    if (!buffer) {
        return (NULL);
    }

    //
    // Allocate and initalize an MDL that describes the buffer
    //
    mdl = IoAllocateMdl(buffer, PAGE_SIZE, FALSE, FALSE, NULL);
    if (!mdl) {
        ExFreePool(buffer);
        return (NULL);
    }

    //
    // Finish building the MDL -- Fill in the "page portion"
    //
    MmBuildMdlForNonPagedPool(mdl);

    //
    // The preferred V5 way to map the buffer into user space
    //
    userVAToReturn = MmMapLockedPagesSpecifyCache(mdl,                  // MDL
                                                  UserMode,             // Mode
                                                  MmCached,             // Caching
                                                  NULL,                 // Address
                                                  FALSE,                // Bugcheck?
                                                  NormalPagePriority);  // Priority

    //
    // If we get NULL back, the request didn't work.
    // I'm thinkin' that's better than a bug check anyday.
    //
    if (!userVAToReturn) {
        IoFreeMdl(mdl);
        ExFreePool(buffer);
        return (NULL);
    }

    //
    // Store away both the mapped VA and the MDL address, so that
    // later we can call MmUnmapLockedPages(StoredPointer, StoredMdl)
    //
    StoredPointer = userVAToReturn;
    StoredMdl = mdl;
    StoredBuffer = buffer;

    DbgPrint("UserVA = 0x%p\n", userVAToReturn);

    return (userVAToReturn);
}

static VOID UnmapMemory(VOID)
{
    if (StoredMdl) {
        MmUnmapLockedPages(StoredPointer, StoredMdl);
        IoFreeMdl(StoredMdl);
        ExFreePool(StoredBuffer);
        StoredMdl = NULL;
        StoredPointer = StoredBuffer = NULL;
    }
    if (SmallMdl) {
        MmUnmapLockedPages(SmallUser, SmallMdl);
        IoFreeMdl(SmallMdl);
        ExFreePool(SmallBuffer);
        SmallMdl = NULL;
        SmallUser = SmallBuffer = NULL;
    }
}

/* Seed 001, "user state to kernel state". */
static NTSTATUS SumUserBuffer(PVOID Address, ULONG Length, PULONG Sum)
{
    PMDL pMdl = IoAllocateMdl(Address, Length, FALSE, FALSE, NULL);
    PUCHAR pMapedAddr;
    NTSTATUS status = STATUS_SUCCESS;
    if (!pMdl)
        return STATUS_INSUFFICIENT_RESOURCES;
    __try {
        MmProbeAndLockPages(pMdl, UserMode, IoReadAccess);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
        DbgPrint("MmProbeAndLockPages exception 0x%08X\n", status);
    }
    if (!NT_SUCCESS(status)) {
        IoFreeMdl(pMdl);
        return status;
    }
    pMapedAddr = MmMapLockedPagesSpecifyCache(pMdl, KernelMode, MmCached, NULL, FALSE,
                                              NormalPagePriority);
    if (!pMapedAddr) {
        MmUnlockPages(pMdl);
        IoFreeMdl(pMdl);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *Sum = 0;
    for (ULONG i = 0; i < Length; i++)
        *Sum += pMapedAddr[i];
    MmUnmapLockedPages(pMapedAddr, pMdl);
    MmUnlockPages(pMdl);
    IoFreeMdl(pMdl);
    return STATUS_SUCCESS;
}

/* Seed 001, "kernel state to user state": 1024 bytes, not a whole page. */
static PVOID MapSmallBuffer(VOID)
{
    PVOID psharemm_sys = ExAllocatePool(NonPagedPool, 1024);
    PMDL psharemm_mdl;
    PVOID psharemm_user;
    if (!psharemm_sys)
        return NULL;
    RtlZeroMemory(psharemm_sys, 1024);
    psharemm_mdl = IoAllocateMdl(psharemm_sys, 1024, FALSE, FALSE, NULL);
    if (!psharemm_mdl) {
        ExFreePool(psharemm_sys);
        return NULL;
    }
    MmBuildMdlForNonPagedPool(psharemm_mdl);
    psharemm_user = MmMapLockedPagesSpecifyCache(psharemm_mdl, UserMode, MmCached, NULL, FALSE,
                                                 NormalPagePriority);
    KdPrint(("psharemm_sys's address is: 0x%p\n", (PUCHAR)psharemm_sys));
    KdPrint(("psharemm_user's address is: 0x%p\n", (PUCHAR)psharemm_user));
    RtlCopyMemory(psharemm_sys, SHAREMEM_DRIVER_TEXT, sizeof SHAREMEM_DRIVER_TEXT);
    SmallBuffer = psharemm_sys;
    SmallMdl = psharemm_mdl;
    SmallUser = psharemm_user;
    return psharemm_user;
}

NTSTATUS ShareDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    PVOID sysbuf = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;

    if (sp->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        switch (sp->Parameters.DeviceIoControl.IoControlCode) {
        case IOCTL_SHAREMEM_MAP:
        case IOCTL_SHAREMEM_MAP_SMALL: {
            PVOID va;
            if (outLen < sizeof(ULONG64)) {
                status = STATUS_BUFFER_TOO_SMALL;
                break;
            }
            if (StoredMdl || SmallMdl) {
                status = STATUS_DEVICE_BUSY;
                break;
            }
            va = sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_SHAREMEM_MAP
                     ? CreateAndMapMemory()
                     : MapSmallBuffer();
            if (!va) {
                status = STATUS_INSUFFICIENT_RESOURCES;
                break;
            }
            *(PULONG64)sysbuf = (ULONG64)(ULONG_PTR)va;
            Irp->IoStatus.Information = sizeof(ULONG64);
            break;
        }
        case IOCTL_SHAREMEM_UNMAP:
            UnmapMemory();
            break;
        case IOCTL_SHAREMEM_POKE:
            if (!StoredBuffer) {
                status = STATUS_INVALID_DEVICE_STATE;
                break;
            }
            RtlCopyMemory(StoredBuffer, SHAREMEM_DRIVER_TEXT, sizeof SHAREMEM_DRIVER_TEXT);
            break;
        case IOCTL_SHAREMEM_PEEK:
            if (!StoredBuffer) {
                status = STATUS_INVALID_DEVICE_STATE;
                break;
            }
            if (outLen > PAGE_SIZE)
                outLen = PAGE_SIZE;
            RtlCopyMemory(sysbuf, StoredBuffer, outLen);
            Irp->IoStatus.Information = outLen;
            break;
        case IOCTL_SHAREMEM_LOCK_USER: {
            USER_RANGE range;
            ULONG sum = 0;
            if (inLen < sizeof range || outLen < sizeof(ULONG)) {
                status = STATUS_BUFFER_TOO_SMALL;
                break;
            }
            RtlCopyMemory(&range, sysbuf, sizeof range);
            status = SumUserBuffer((PVOID)(ULONG_PTR)range.Address, range.Length, &sum);
            if (NT_SUCCESS(status)) {
                *(PULONG)sysbuf = sum;
                Irp->IoStatus.Information = sizeof(ULONG);
            }
            break;
        }
        default:
            status = STATUS_INVALID_DEVICE_REQUEST;
        }
    } else if (sp->MajorFunction == IRP_MJ_CLEANUP) {
        /* The mappings belong to the process that is closing its handle. */
        UnmapMemory();
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID ShareUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ShareMem");
    UnmapMemory();
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ShareMem");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ShareMem");
    PDEVICE_OBJECT device;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
    if (!NT_SUCCESS(status))
        return status;
    device->Flags |= DO_BUFFERED_IO;
    for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = ShareDispatch;
    DriverObject->DriverUnload = ShareUnload;
    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status))
        IoDeleteDevice(device);
    return status;
}
