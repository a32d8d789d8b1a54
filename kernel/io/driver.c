/*
 * io/driver.c - driver images: loading (DriverEntry), unloading
 * (DriverUnload) and telling which image an address belongs to.
 *
 * A driver image is an ELF shared object built by `ntio-cc -mdriver`.  It
 * is loaded RTLD_LOCAL so two drivers may use the same function names, and
 * is never dlclose'd while anything could still call into it.
 */
#include "iop.h"
#include "ex/ex.h"
#include "ke/except.h"
#include "rtl/nls.h"

#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

POBJECT_TYPE IopDriverObjectType;
NTIO_EXPORT POBJECT_TYPE *IoDriverObjectType = &IopDriverObjectType;

typedef struct _IOP_DRIVER_IMAGE {
    LIST_ENTRY Link;
    PDRIVER_OBJECT DriverObject;
    void *Handle;
    ULONG_PTR Base, End;        /* the image's mapped range */
    char Path[512];
    char Name[64];              /* "mydrv.sys" */
    BOOLEAN Unloaded;
} IOP_DRIVER_IMAGE;

static LIST_ENTRY IopDriverImages = { &IopDriverImages, &IopDriverImages };
static pthread_mutex_t IopDriverLock = PTHREAD_MUTEX_INITIALIZER;

NTSTATUS IopInvalidDeviceRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

VOID IopDeleteDriver(PVOID Object)
{
    PDRIVER_OBJECT Driver = Object;
    if (Driver->DriverName.Buffer)
        ExpFreePool(Driver->DriverName.Buffer, 0, FALSE, NULL);
    if (Driver->DriverExtension && Driver->DriverExtension->ServiceKeyName.Buffer)
        ExpFreePool(Driver->DriverExtension->ServiceKeyName.Buffer, 0, FALSE, NULL);
}

static int IopFindImageRange(struct dl_phdr_info *Info, size_t Size, void *Data)
{
    IOP_DRIVER_IMAGE *Image = Data;
    UNREFERENCED_PARAMETER(Size);
    if (!Info->dlpi_name || strcmp(Info->dlpi_name, Image->Path) != 0)
        return 0;
    ULONG_PTR Lo = ~(ULONG_PTR)0, Hi = 0;
    for (int i = 0; i < Info->dlpi_phnum; i++) {
        if (Info->dlpi_phdr[i].p_type != PT_LOAD)
            continue;
        ULONG_PTR a = Info->dlpi_addr + Info->dlpi_phdr[i].p_vaddr;
        ULONG_PTR b = a + Info->dlpi_phdr[i].p_memsz;
        if (a < Lo)
            Lo = a;
        if (b > Hi)
            Hi = b;
    }
    Image->Base = Lo;
    Image->End = Hi;
    return 1;
}

static PWCHAR IopWidePrintf(const char *Prefix, const char *Name)
{
    size_t Len = strlen(Prefix) + strlen(Name);
    PWCHAR W = ExpAllocatePool(PagedPool, (Len + 1) * sizeof(WCHAR), TAG('I', 'o', 'N', 'm'), NULL);
    if (!W)
        return NULL;
    char Narrow[600];
    snprintf(Narrow, sizeof Narrow, "%s%s", Prefix, Name);
    SIZE_T n = RtlpUtf8ToUtf16(W, Len, Narrow, strlen(Narrow));
    W[n] = 0;
    return W;
}

NTSTATUS IopLoadDriver(const char *ImagePath, PDRIVER_OBJECT *DriverObjectOut)
{
    IOP_DRIVER_IMAGE *Image = calloc(1, sizeof *Image);
    char *Real;
    NTSTATUS Status;

    if (!Image)
        return STATUS_INSUFFICIENT_RESOURCES;
    Real = realpath(ImagePath, NULL);
    if (!Real) {
        fprintf(stderr, "ntio: driver image %s: not found\n", ImagePath);
        free(Image);
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    snprintf(Image->Path, sizeof Image->Path, "%s", Real);
    free(Real);
    const char *Base = strrchr(Image->Path, '/');
    snprintf(Image->Name, sizeof Image->Name, "%.63s", Base ? Base + 1 : Image->Path);

    Image->Handle = dlopen(Image->Path, RTLD_NOW | RTLD_LOCAL);
    if (!Image->Handle) {
        fprintf(stderr, "ntio: cannot load driver %s: %s\n", Image->Name, dlerror());
        free(Image);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    PDRIVER_INITIALIZE Entry = (PDRIVER_INITIALIZE)dlsym(Image->Handle, "DriverEntry");
    if (!Entry) {
        fprintf(stderr, "ntio: %s is not a driver: it has no DriverEntry\n", Image->Name);
        dlclose(Image->Handle);
        free(Image);
        return STATUS_PROCEDURE_NOT_FOUND;
    }
    dl_iterate_phdr(IopFindImageRange, Image);

    /* \Driver\<image name without .sys>, and its service key. */
    char Service[sizeof Image->Name];
    snprintf(Service, sizeof Service, "%s", Image->Name);
    char *Dot = strrchr(Service, '.');
    if (Dot)
        *Dot = 0;

    PDRIVER_OBJECT Driver;
    SIZE_T Size = sizeof(DRIVER_OBJECT) + sizeof(DRIVER_EXTENSION);
    Status = ObCreateObject(IopDriverObjectType, Size, (PVOID *)&Driver);
    if (!NT_SUCCESS(Status)) {
        dlclose(Image->Handle);
        free(Image);
        return Status;
    }
    Driver->Type = IO_TYPE_DRIVER;
    Driver->Size = sizeof(DRIVER_OBJECT);
    Driver->DriverExtension = (PDRIVER_EXTENSION)(Driver + 1);
    Driver->DriverExtension->DriverObject = Driver;
    Driver->DriverStart = (PVOID)Image->Base;
    Driver->DriverSize = (ULONG)(Image->End - Image->Base);
    Driver->DriverSection = Image;
    Driver->DriverInit = Entry;
    for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        Driver->MajorFunction[i] = IopInvalidDeviceRequest;
    RtlInitUnicodeString(&Driver->DriverName, IopWidePrintf("\\Driver\\", Service));
    RtlInitUnicodeString(&Driver->DriverExtension->ServiceKeyName, IopWidePrintf("", Service));

    Status = ObpInsertName(Driver, &Driver->DriverName, OBJ_PERMANENT, NULL);
    if (!NT_SUCCESS(Status)) {
        fprintf(stderr, "ntio: cannot load %s: a driver named %s is already loaded\n", Image->Name,
                Service);
        ObfDereferenceObject(Driver);
        dlclose(Image->Handle);
        free(Image);
        return Status;
    }
    Image->DriverObject = Driver;
    pthread_mutex_lock(&IopDriverLock);
    InsertTailList(&IopDriverImages, &Image->Link);
    pthread_mutex_unlock(&IopDriverLock);

    UNICODE_STRING RegistryPath;
    PWCHAR RegPath = IopWidePrintf("\\Registry\\Machine\\System\\CurrentControlSet\\Services\\",
                                   Service);
    RtlInitUnicodeString(&RegistryPath, RegPath);

    PKTHREAD Thread = KiGetCurrentThread();
    KPROCESSOR_MODE SavedMode = Thread->PreviousMode;
    Thread->PreviousMode = KernelMode;
    KiEnterKernel();
    Status = Entry(Driver, &RegistryPath);
    KiLeaveKernel();
    Thread->PreviousMode = SavedMode;
    ExpFreePool(RegPath, 0, FALSE, NULL);

    if (!NT_SUCCESS(Status)) {
        fprintf(stderr, "ntio: DriverEntry of %s failed with status 0x%08X\n", Image->Name,
                (unsigned)Status);
        /* Windows deletes what a failed DriverEntry left behind. */
        while (Driver->DeviceObject)
            IoDeleteDevice(Driver->DeviceObject);
        Image->Unloaded = TRUE;
        ObMakeTemporaryObject(Driver);
        ObfDereferenceObject(Driver);
        return Status;
    }
    /* Devices made in DriverEntry are ready once it returns. */
    for (PDEVICE_OBJECT D = Driver->DeviceObject; D; D = D->NextDevice)
        D->Flags &= ~DO_DEVICE_INITIALIZING;
    if (DriverObjectOut)
        *DriverObjectOut = Driver;
    return STATUS_SUCCESS;
}

VOID IopUnloadDriver(PDRIVER_OBJECT Driver)
{
    IOP_DRIVER_IMAGE *Image = Driver->DriverSection;
    if (Image->Unloaded)
        return;
    Image->Unloaded = TRUE;
    if (Driver->DriverUnload) {
        PKTHREAD Thread = KiGetCurrentThread();
        KPROCESSOR_MODE SavedMode = Thread->PreviousMode;
        Thread->PreviousMode = KernelMode;
        KiEnterKernel();
        Driver->DriverUnload(Driver);
        /* DPCs the driver queued must have run before its code goes. */
        KeFlushQueuedDpcs();
        KiLeaveKernel();
        Thread->PreviousMode = SavedMode;
    }
    ObMakeTemporaryObject(Driver);
}

VOID IopUnloadAllDrivers(VOID)
{
    pthread_mutex_lock(&IopDriverLock);
    for (PLIST_ENTRY E = IopDriverImages.Blink; E != &IopDriverImages; E = E->Blink) {
        IOP_DRIVER_IMAGE *Image = CONTAINING_RECORD(E, IOP_DRIVER_IMAGE, Link);
        if (Image->Unloaded)
            continue;
        pthread_mutex_unlock(&IopDriverLock);
        if (Image->DriverObject->DriverUnload)
            IopUnloadDriver(Image->DriverObject);
        pthread_mutex_lock(&IopDriverLock);
    }
    pthread_mutex_unlock(&IopDriverLock);
}

const char *IopDriverImageName(PDRIVER_OBJECT Driver)
{
    IOP_DRIVER_IMAGE *Image = Driver ? Driver->DriverSection : NULL;
    return Image ? Image->Name : "(no image)";
}

const char *IopModuleOfAddress(PVOID Address)
{
    const char *Name = NULL;
    pthread_mutex_lock(&IopDriverLock);
    for (PLIST_ENTRY E = IopDriverImages.Flink; E != &IopDriverImages; E = E->Flink) {
        IOP_DRIVER_IMAGE *Image = CONTAINING_RECORD(E, IOP_DRIVER_IMAGE, Link);
        if ((ULONG_PTR)Address >= Image->Base && (ULONG_PTR)Address < Image->End) {
            Name = Image->Name;
            break;
        }
    }
    pthread_mutex_unlock(&IopDriverLock);
    return Name;
}

ULONG IopReportLeakedDevices(FILE *Out)
{
    ULONG n = 0;
    pthread_mutex_lock(&IopDriverLock);
    for (PLIST_ENTRY E = IopDriverImages.Flink; E != &IopDriverImages; E = E->Flink) {
        IOP_DRIVER_IMAGE *Image = CONTAINING_RECORD(E, IOP_DRIVER_IMAGE, Link);
        /* Only a driver that was unloaded had to delete its devices. */
        if (!Image->Unloaded || !Image->DriverObject->DriverUnload)
            continue;
        for (PDEVICE_OBJECT D = Image->DriverObject->DeviceObject; D; D = D->NextDevice) {
            char Name[512];
            ObpQueryNameUtf8(D, Name, sizeof Name);
            fprintf(Out, "ntio: leak: %s did not delete device object %s (%p) in DriverUnload\n",
                    Image->Name, Name, (void *)D);
            n++;
        }
    }
    pthread_mutex_unlock(&IopDriverLock);
    return n;
}
