/*
 * io/driver.c - driver images: loading (DriverEntry), unloading
 * (DriverUnload, at once or when the last open file of the driver's devices
 * goes), and telling which image an address belongs to.
 *
 * A driver image is an ELF shared object built by `ntio-cc -mdriver`.  It
 * is loaded RTLD_LOCAL so two drivers may use the same function names.  An
 * image stopped through NtUnloadDriver (the SCM) is dlclose'd once its
 * DriverUnload ran and nothing of it is left, so that starting the service
 * again runs DriverEntry on a fresh image, as Windows maps it anew; at
 * process exit images stay mapped (nothing is gained, and atexit handlers
 * and leak reports may still look at them).
 *
 * Driver services (NtLoadDriver) are described by their registry key: the
 * service name is the key's last component, the driver object is
 * \Driver\NAME (\FileSystem\NAME for a file system driver), and DriverEntry
 * gets the key's path as RegistryPath.
 */
#include "iop.h"
#include "builtin.h"
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
    char Service[128];          /* the service (key) name, UTF-8 */
    BOOLEAN UnloadInvoked;      /* NtUnloadDriver asked (atomic; DRVO_UNLOAD_INVOKED's copy) */
    BOOLEAN Unloaded;           /* DriverUnload ran, or DriverEntry failed */
    BOOLEAN Reported;           /* its leaks were reported when it stopped */
    BOOLEAN Released;           /* and the image closed: nothing of it is left */
    BOOLEAN LoadedForPnp;       /* loaded by the PnP manager for a device's stack */
} IOP_DRIVER_IMAGE;

/* The image list and every image's Unloaded/Released flags (and
 * DriverObject->Flags' DRVO_UNLOAD_INVOKED) are guarded by IopDriverLock.
 * Records are never freed (a report may still name an image); a Released
 * one no longer counts as the owner of its address range. */
static LIST_ENTRY IopDriverImages = { &IopDriverImages, &IopDriverImages };
static pthread_mutex_t IopDriverLock = PTHREAD_MUTEX_INITIALIZER;

/* Serialises NtLoadDriver and NtUnloadDriver (Windows'
 * IopDriverLoadResource).  Recursive: a DriverEntry may load another
 * driver.  Deferred unloads (the last file closing) do not take it; they
 * claim the image by setting Unloaded under IopDriverLock. */
static pthread_mutex_t IopLoadLock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;


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

/* Prefix + Name (UTF-8) as a NUL-terminated UTF-16 string in paged pool. */
static PWCHAR IopWidePrintf(const char *Prefix, const char *Name)
{
    char Narrow[600];
    int Len = snprintf(Narrow, sizeof Narrow, "%s%s", Prefix, Name);
    if (Len < 0 || (SIZE_T)Len >= sizeof Narrow)
        return NULL;
    PWCHAR W = ExpAllocatePool(PagedPool, ((SIZE_T)Len + 1) * sizeof(WCHAR), TAG('I', 'o', 'N', 'm'), NULL);
    if (!W)
        return NULL;
    SIZE_T n = RtlpUtf8ToUtf16(W, (SIZE_T)Len, Narrow, (SIZE_T)Len);
    W[n] = 0;
    return W;
}

static IOP_DRIVER_IMAGE *IopImageOfDriver(PDRIVER_OBJECT Driver)
{
    return Driver && (Driver->Flags & IOP_DRVO_IMAGE) ? Driver->DriverSection : NULL;
}

/* The loaded (not unloaded) image of a service, by name, case-insensitive;
 * or of an image file.  IopDriverLock held. */
static IOP_DRIVER_IMAGE *IopFindLoadedImage(const char *Service, const char *Path)
{
    for (PLIST_ENTRY E = IopDriverImages.Flink; E != &IopDriverImages; E = E->Flink) {
        IOP_DRIVER_IMAGE *Image = CONTAINING_RECORD(E, IOP_DRIVER_IMAGE, Link);
        if (Image->Released)
            continue;
        if (Service && !Image->Unloaded && !strcasecmp(Image->Service, Service))
            return Image;
        if (Path && !strcmp(Image->Path, Path))
            return Image;
    }
    return NULL;
}

/* ---- leak reports ------------------------------------------------------- */

static __thread IOP_DRIVER_IMAGE *IopReportedImage;

/* ExpReportPoolLeaks' filter when one image is being released. */
static const char *IopModuleOfReportedImage(PVOID Address)
{
    IOP_DRIVER_IMAGE *Image = IopReportedImage;
    if ((ULONG_PTR)Address >= Image->Base && (ULONG_PTR)Address < Image->End)
        return Image->Name;
    return NULL;
}

static ULONG IopReportImageDevices(FILE *Out, IOP_DRIVER_IMAGE *Image)
{
    ULONG n = 0;
    for (PDEVICE_OBJECT D = Image->DriverObject->DeviceObject; D; D = D->NextDevice) {
        char Name[512];
        ObpQueryNameUtf8(D, Name, sizeof Name);
        fprintf(Out, "ntio: leak: %s did not delete device object %s (%p) in DriverUnload\n",
                Image->Name, Name, (void *)D);
        n++;
    }
    return n;
}

/* The driver is stopped (DriverUnload ran, or DriverEntry failed): report
 * what it left behind, and unless a device of it survives (its dispatch
 * routines could still be called), unmap the image and let the driver
 * object go.  Called without locks. */
static VOID IopReleaseImage(IOP_DRIVER_IMAGE *Image, BOOLEAN ReportDevices)
{
    PDRIVER_OBJECT Driver = Image->DriverObject;
    ULONG Leaks = ReportDevices ? IopReportImageDevices(stderr, Image) : 0;
    IopReportedImage = Image;
    Leaks += ExpReportPoolLeaks(stderr, IopModuleOfReportedImage);
    IopReportedImage = NULL;
    if (Leaks)
        fprintf(stderr, "ntio: %u leak%s reported at unload of %s\n", Leaks, Leaks == 1 ? "" : "s",
                Image->Name);
    /* A PnP notification it did not unregister would call into it. */
    ULONG Registrations = PpDriverNotificationCount(Driver);
    if (Registrations)
        fprintf(stderr, "ntio: %s unloaded with %u PnP notification%s still registered "
                        "(IoUnregisterPlugPlayNotification was not called); the image stays "
                        "mapped\n", Image->Name, Registrations, Registrations == 1 ? "" : "s");
    BOOLEAN Stays = Driver->DeviceObject || Registrations;
    pthread_mutex_lock(&IopDriverLock);
    Image->Reported = TRUE;
    if (!Stays)
        Image->Released = TRUE;
    pthread_mutex_unlock(&IopDriverLock);
    if (Stays)
        return; /* its routines may still be called: it stays mapped */
    dlclose(Image->Handle);
    Image->Handle = NULL;
    /* An image dlclose cannot unmap (a C++ image with STB_GNU_UNIQUE
     * symbols, or one the application links to) keeps its globals: the
     * next DriverEntry would not start from a fresh image. */
    void *Still = dlopen(Image->Path, RTLD_NOW | RTLD_NOLOAD);
    if (Still) {
        dlclose(Still);
        fprintf(stderr, "ntio: %s stays mapped after its unload: starting it again reuses its "
                        "global variables\n", Image->Name);
    }
    ObfDereferenceObject(Driver);
}

/* ---- loading ------------------------------------------------------------ */

/* Call DriverEntry or DriverUnload as the kernel does: kernel mode, faults
 * in the driver are bug checks. */
static NTSTATUS IopCallDriverEntry(PDRIVER_INITIALIZE Entry, PDRIVER_OBJECT Driver,
                                   PUNICODE_STRING RegistryPath)
{
    PKTHREAD Thread = KiGetCurrentThread();
    KPROCESSOR_MODE SavedMode = Thread->PreviousMode;
    Thread->PreviousMode = KernelMode;
    KiEnterKernel();
    NTSTATUS Status = Entry(Driver, RegistryPath);
    KiLeaveKernel();
    Thread->PreviousMode = SavedMode;
    return Status;
}

static VOID IopCallDriverUnload(PDRIVER_OBJECT Driver)
{
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

/*
 * Load the image at HostPath (a Linux path) as the driver of service
 * Service (UTF-8), a file system driver if FileSystem, and run DriverEntry
 * with RegistryPath.  When DriverEntry fails, what it left is deleted or
 * reported and the image unmapped.
 */
static NTSTATUS IopLoadImage(const char *HostPath, const char *Service, BOOLEAN FileSystem,
                             PUNICODE_STRING RegistryPath, PDRIVER_OBJECT *DriverObjectOut)
{
    IOP_DRIVER_IMAGE *Image = calloc(1, sizeof *Image);
    char *Real;
    NTSTATUS Status;

    if (!Image)
        return STATUS_INSUFFICIENT_RESOURCES;
    Real = realpath(HostPath, NULL);
    if (!Real) {
        fprintf(stderr, "ntio: driver image %s: not found\n", HostPath);
        free(Image);
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    snprintf(Image->Path, sizeof Image->Path, "%s", Real);
    free(Real);
    const char *Base = strrchr(Image->Path, '/');
    snprintf(Image->Name, sizeof Image->Name, "%.63s", Base ? Base + 1 : Image->Path);
    snprintf(Image->Service, sizeof Image->Service, "%s", Service);

    /* One image, one driver: Windows refuses to map a loaded image again,
     * and a second dlopen would share the first one's globals. */
    pthread_mutex_lock(&IopDriverLock);
    IOP_DRIVER_IMAGE *Other = IopFindLoadedImage(Service, Image->Path);
    BOOLEAN SameService = Other && !Other->Unloaded && !strcasecmp(Other->Service, Service);
    pthread_mutex_unlock(&IopDriverLock);
    if (Other) {
        fprintf(stderr, "ntio: cannot load %s: %s\n", Image->Name,
                SameService ? "that driver is already loaded" : "the image is already loaded");
        free(Image);
        return STATUS_IMAGE_ALREADY_LOADED;
    }

    Image->Handle = dlopen(Image->Path, RTLD_NOW | RTLD_LOCAL);
    if (!Image->Handle) {
        const char *Why = dlerror();
        fprintf(stderr, "ntio: cannot load driver %s: %s\n", Image->Name, Why ? Why : "?");
        free(Image);
        /* A routine the kernel does not export is a missing import, as
         * Windows reports it; anything else is not an image we can run. */
        return Why && strstr(Why, "undefined symbol") ? STATUS_PROCEDURE_NOT_FOUND
                                                       : STATUS_INVALID_IMAGE_FORMAT;
    }
    PDRIVER_INITIALIZE Entry = (PDRIVER_INITIALIZE)dlsym(Image->Handle, "DriverEntry");
    if (!Entry) {
        fprintf(stderr, "ntio: %s is not a driver: it has no DriverEntry\n", Image->Name);
        dlclose(Image->Handle);
        free(Image);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    dl_iterate_phdr(IopFindImageRange, Image);

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
    Driver->Flags = DRVO_LEGACY_DRIVER | IOP_DRVO_IMAGE;
    Driver->DriverExtension = (PDRIVER_EXTENSION)(Driver + 1);
    Driver->DriverExtension->DriverObject = Driver;
    Driver->DriverStart = (PVOID)Image->Base;
    Driver->DriverSize = (ULONG)(Image->End - Image->Base);
    Driver->DriverSection = Image;
    Driver->DriverInit = Entry;
    for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        Driver->MajorFunction[i] = IopInvalidDeviceRequest;
    RtlInitUnicodeString(&Driver->DriverName,
                         IopWidePrintf(FileSystem ? "\\FileSystem\\" : "\\Driver\\", Service));
    RtlInitUnicodeString(&Driver->DriverExtension->ServiceKeyName, IopWidePrintf("", Service));
    if (!Driver->DriverName.Buffer || !Driver->DriverExtension->ServiceKeyName.Buffer) {
        ObfDereferenceObject(Driver);
        dlclose(Image->Handle);
        free(Image);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    Status = ObpInsertName(Driver, &Driver->DriverName, OBJ_PERMANENT, NULL);
    if (!NT_SUCCESS(Status)) {
        fprintf(stderr, "ntio: cannot load %s: a driver named %s is already loaded\n", Image->Name,
                Service);
        ObfDereferenceObject(Driver);
        dlclose(Image->Handle);
        free(Image);
        return Status == STATUS_OBJECT_NAME_COLLISION ? STATUS_IMAGE_ALREADY_LOADED : Status;
    }
    Image->DriverObject = Driver;
    pthread_mutex_lock(&IopDriverLock);
    InsertTailList(&IopDriverImages, &Image->Link);
    pthread_mutex_unlock(&IopDriverLock);

    Status = IopCallDriverEntry(Entry, Driver, RegistryPath);
    if (!NT_SUCCESS(Status)) {
        fprintf(stderr, "ntio: DriverEntry of %s failed with status 0x%08X\n", Image->Name,
                (unsigned)Status);
        /* Windows deletes what a failed DriverEntry left behind, and does
         * not call DriverUnload. */
        while (Driver->DeviceObject)
            IoDeleteDevice(Driver->DeviceObject);
        pthread_mutex_lock(&IopDriverLock);
        Image->Unloaded = TRUE;
        pthread_mutex_unlock(&IopDriverLock);
        ObMakeTemporaryObject(Driver);
        IopReleaseImage(Image, FALSE);
        return Status;
    }
    /* Devices made in DriverEntry are ready once it returns. */
    for (PDEVICE_OBJECT D = Driver->DeviceObject; D; D = D->NextDevice)
        D->Flags &= ~DO_DEVICE_INITIALIZING;
    if (DriverObjectOut)
        *DriverObjectOut = Driver;
    return STATUS_SUCCESS;
}

/* A driver named on the command line (`ntio run --driver`, NTIO_DRIVERS):
 * its service name is the image's file name without ".sys". */
NTSTATUS IopLoadDriver(const char *ImagePath, PDRIVER_OBJECT *DriverObjectOut)
{
    char Service[128];
    const char *Base = strrchr(ImagePath, '/');
    snprintf(Service, sizeof Service, "%s", Base ? Base + 1 : ImagePath);
    char *Dot = strrchr(Service, '.');
    if (Dot && Dot != Service)
        *Dot = 0;

    UNICODE_STRING RegistryPath;
    PWCHAR RegPath = IopWidePrintf("\\Registry\\Machine\\System\\CurrentControlSet\\Services\\",
                                   Service);
    if (!RegPath)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlInitUnicodeString(&RegistryPath, RegPath);
    pthread_mutex_lock(&IopLoadLock);
    NTSTATUS Status = IopLoadImage(ImagePath, Service, FALSE, &RegistryPath, DriverObjectOut);
    pthread_mutex_unlock(&IopLoadLock);
    ExpFreePool(RegPath, 0, FALSE, NULL);
    return Status;
}

/* ---- driver services ---------------------------------------------------- */

/* The service name of a key path: its last component, in UTF-8. */
static NTSTATUS IopServiceNameOfKey(PCUNICODE_STRING KeyPath, char *Name, SIZE_T Size)
{
    USHORT Chars = KeyPath->Length / sizeof(WCHAR), Start = Chars;
    while (Start > 0 && KeyPath->Buffer[Start - 1] != L'\\')
        Start--;
    if (Start == Chars)
        return STATUS_OBJECT_NAME_INVALID;
    SIZE_T n = RtlpUtf16ToUtf8(Name, Size - 1, KeyPath->Buffer + Start, Chars - Start);
    if (n >= Size)
        return STATUS_OBJECT_NAME_INVALID;
    Name[n] = 0;
    return STATUS_SUCCESS;
}

/* A value of the open key: a DWORD, or a string (NUL-terminated, in
 * Buffer of BufferChars).  STATUS_OBJECT_NAME_NOT_FOUND if absent. */
static NTSTATUS IopQueryValue(HANDLE Key, PCWSTR Name, ULONG *Type, PVOID Data, ULONG DataSize,
                              ULONG *DataLength)
{
    UCHAR Buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + 1024];
    PKEY_VALUE_PARTIAL_INFORMATION Info = (PKEY_VALUE_PARTIAL_INFORMATION)Buffer;
    UNICODE_STRING ValueName;
    ULONG Length;
    RtlInitUnicodeString(&ValueName, Name);
    NTSTATUS Status = ZwQueryValueKey(Key, &ValueName, KeyValuePartialInformation, Info,
                                      sizeof Buffer, &Length);
    if (!NT_SUCCESS(Status))
        return Status == STATUS_BUFFER_OVERFLOW ? STATUS_NAME_TOO_LONG : Status;
    if (Info->DataLength > DataSize)
        return STATUS_NAME_TOO_LONG;
    *Type = Info->Type;
    memcpy(Data, Info->Data, Info->DataLength);
    *DataLength = Info->DataLength;
    return STATUS_SUCCESS;
}

NTSTATUS IopQueryDword(HANDLE Key, PCWSTR Name, PULONG Value)
{
    ULONG Type, Length, Data;
    NTSTATUS Status = IopQueryValue(Key, Name, &Type, &Data, sizeof Data, &Length);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Type != REG_DWORD || Length != sizeof Data)
        return STATUS_OBJECT_TYPE_MISMATCH;
    *Value = Data;
    return STATUS_SUCCESS;
}

/* The NT path of the driver image of a service: ImagePath as Windows'
 * I/O manager reads it (absent: System32\drivers\NAME.sys; not starting
 * with a backslash: under \SystemRoot). */
static NTSTATUS IopImagePathOfService(HANDLE Key, const char *Service, PWCHAR Path, ULONG PathChars)
{
    WCHAR Value[512];
    ULONG Type, Length;
    NTSTATUS Status = IopQueryValue(Key, L"ImagePath", &Type, Value, sizeof Value - sizeof(WCHAR),
                                    &Length);
    if (Status == STATUS_OBJECT_NAME_NOT_FOUND) {
        char Narrow[300];
        snprintf(Narrow, sizeof Narrow, "\\SystemRoot\\System32\\drivers\\%s.sys", Service);
        SIZE_T n = RtlpUtf8ToUtf16(Path, PathChars - 1, Narrow, strlen(Narrow));
        Path[n] = 0;
        return STATUS_SUCCESS;
    }
    if (!NT_SUCCESS(Status))
        return Status == STATUS_NAME_TOO_LONG ? STATUS_ILL_FORMED_SERVICE_ENTRY : Status;
    if (Type != REG_SZ && Type != REG_EXPAND_SZ)
        return STATUS_ILL_FORMED_SERVICE_ENTRY;
    ULONG Chars = Length / sizeof(WCHAR);
    Value[Chars] = 0;
    Chars = (ULONG)RtlpWcslen(Value);
    if (Chars == 0)
        return STATUS_ILL_FORMED_SERVICE_ENTRY;
    static const WCHAR Root[] = L"\\SystemRoot\\";
    ULONG Used = 0;
    if (Value[0] != L'\\') {
        for (; Root[Used]; Used++)
            Path[Used] = Root[Used];
    }
    if (Used + Chars + 1 > PathChars)
        return STATUS_ILL_FORMED_SERVICE_ENTRY;
    memcpy(Path + Used, Value, Chars * sizeof(WCHAR));
    Path[Used + Chars] = 0;
    return STATUS_SUCCESS;
}

NTSTATUS IopLoadServiceDriver(PUNICODE_STRING ServiceKey, PDRIVER_OBJECT *DriverObjectOut)
{
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Key;
    char Service[128];
    NTSTATUS Status;

    if (DriverObjectOut)
        *DriverObjectOut = NULL;
    InitializeObjectAttributes(&Attributes, ServiceKey, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    Status = ZwOpenKey(&Key, KEY_READ, &Attributes);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = IopServiceNameOfKey(ServiceKey, Service, sizeof Service);
    ULONG Type = 0;
    if (NT_SUCCESS(Status) && (!NT_SUCCESS(IopQueryDword(Key, L"Type", &Type)) ||
                               (Type != SERVICE_KERNEL_DRIVER && Type != SERVICE_FILE_SYSTEM_DRIVER)))
        Status = STATUS_ILL_FORMED_SERVICE_ENTRY;
    WCHAR NtPath[600];
    if (NT_SUCCESS(Status))
        Status = IopImagePathOfService(Key, Service, NtPath, RTL_NUMBER_OF(NtPath));
    ZwClose(Key);
    if (!NT_SUCCESS(Status))
        return Status;

    pthread_mutex_lock(&IopLoadLock);
    pthread_mutex_lock(&IopDriverLock);
    IOP_DRIVER_IMAGE *Loaded = IopFindLoadedImage(Service, NULL);
    pthread_mutex_unlock(&IopDriverLock);
    if (Loaded) {
        pthread_mutex_unlock(&IopLoadLock);
        return STATUS_IMAGE_ALREADY_LOADED;
    }
    UNICODE_STRING Path;
    char HostPath[4096];
    RtlInitUnicodeString(&Path, NtPath);
    Status = IopResolveHostPath(&Path, HostPath, sizeof HostPath);
    if (NT_SUCCESS(Status))
        Status = IopLoadImage(HostPath, Service, Type == SERVICE_FILE_SYSTEM_DRIVER, ServiceKey,
                              DriverObjectOut);
    pthread_mutex_unlock(&IopLoadLock);
    return Status;
}

/* The driver object of a service for the PnP manager, referenced: the one
 * already running (a --driver image counts under its file name), or the
 * service's image loaded now. */
NTSTATUS IopReferenceServiceDriver(PCWSTR Service, PDRIVER_OBJECT *DriverObject)
{
    char Name[128];
    SIZE_T Chars = RtlpWcslen(Service);
    SIZE_T n = RtlpUtf16ToUtf8(Name, sizeof Name - 1, Service, Chars);
    *DriverObject = NULL;
    if (!Chars || n >= sizeof Name - 1)
        return STATUS_OBJECT_NAME_INVALID;
    Name[n] = 0;
    for (int Attempt = 0; Attempt < 2; Attempt++) {
        pthread_mutex_lock(&IopDriverLock);
        IOP_DRIVER_IMAGE *Loaded = IopFindLoadedImage(Name, NULL);
        if (Loaded && !Loaded->UnloadInvoked) {
            ObfReferenceObject(Loaded->DriverObject);
            *DriverObject = Loaded->DriverObject;
        }
        pthread_mutex_unlock(&IopDriverLock);
        if (*DriverObject)
            return STATUS_SUCCESS;
        if (Loaded)
            return STATUS_DELETE_PENDING; /* stopping: not for new devices */
        WCHAR Path[256];
        static const WCHAR Prefix[] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\";
        SIZE_T p = RTL_NUMBER_OF(Prefix) - 1;
        if (p + Chars + 1 > RTL_NUMBER_OF(Path))
            return STATUS_OBJECT_NAME_INVALID;
        memcpy(Path, Prefix, p * sizeof(WCHAR));
        memcpy(Path + p, Service, (Chars + 1) * sizeof(WCHAR));
        UNICODE_STRING Key;
        RtlInitUnicodeString(&Key, Path);
        PDRIVER_OBJECT Driver;
        NTSTATUS Status = IopLoadServiceDriver(&Key, &Driver);
        if (NT_SUCCESS(Status)) {
            ObfReferenceObject(Driver);
            pthread_mutex_lock(&IopDriverLock);
            IopImageOfDriver(Driver)->LoadedForPnp = TRUE;
            pthread_mutex_unlock(&IopDriverLock);
            *DriverObject = Driver;
            return Status;
        }
        if (Status != STATUS_IMAGE_ALREADY_LOADED)
            return Status;
        /* Loaded meanwhile by another thread: take that one. */
    }
    return STATUS_IMAGE_ALREADY_LOADED;
}

/* ---- unloading ---------------------------------------------------------- */

/* Whether some device of the driver still has an open file (or another
 * driver's device attached), which keeps DriverUnload from running. */
static BOOLEAN IopDriverDevicesReferenced(PDRIVER_OBJECT Driver)
{
    for (PDEVICE_OBJECT D = Driver->DeviceObject; D; D = D->NextDevice)
        if (__atomic_load_n(&D->ReferenceCount, __ATOMIC_SEQ_CST) || D->AttachedDevice)
            return TRUE;
    return FALSE;
}

/* From now on the driver's devices take no new opens (io/file.c looks at
 * UnloadInvoked after counting itself in).  IopDriverLock held. */
static VOID IopMarkUnloadInvoked(IOP_DRIVER_IMAGE *Image)
{
    Image->DriverObject->Flags |= DRVO_UNLOAD_INVOKED;
    __atomic_store_n(&Image->UnloadInvoked, TRUE, __ATOMIC_SEQ_CST);
}

/* Run DriverUnload and take the image down (Release) or leave it for the
 * exit report.  The caller claimed the image (set Unloaded). */
static VOID IopFinishUnload(IOP_DRIVER_IMAGE *Image, BOOLEAN Release)
{
    PDRIVER_OBJECT Driver = Image->DriverObject;
    if (Driver->DriverUnload)
        IopCallDriverUnload(Driver);
    ObMakeTemporaryObject(Driver);
    if (Release)
        IopReleaseImage(Image, TRUE);
}

PVOID IopImageOfDevice(PDEVICE_OBJECT Device)
{
    PDRIVER_OBJECT Driver = Device->DriverObject;
    return Driver && (Driver->Flags & IOP_DRVO_IMAGE) ? Driver->DriverSection : NULL;
}

BOOLEAN IopImageUnloadInvoked(PVOID ImageRecord)
{
    IOP_DRIVER_IMAGE *Image = ImageRecord;
    return Image && __atomic_load_n(&Image->UnloadInvoked, __ATOMIC_SEQ_CST);
}

/* A device of the image lost its last open file: if the driver's unload
 * was pending on it, it happens now (Windows' IopCheckUnloadDriver).  The
 * record outlives the driver object, so this is safe even if another
 * thread finished the unload meanwhile. */
VOID IopCheckUnloadImage(PVOID ImageRecord)
{
    IOP_DRIVER_IMAGE *Image = ImageRecord;
    if (!IopImageUnloadInvoked(Image))
        return;
    pthread_mutex_lock(&IopDriverLock);
    BOOLEAN Now = !Image->Unloaded && !IopDriverDevicesReferenced(Image->DriverObject);
    if (Now)
        Image->Unloaded = TRUE;
    pthread_mutex_unlock(&IopDriverLock);
    if (Now)
        IopFinishUnload(Image, TRUE);
}

NTSTATUS IopUnloadServiceDriver(PCUNICODE_STRING ServiceKey)
{
    char Service[128];
    NTSTATUS Status = IopServiceNameOfKey(ServiceKey, Service, sizeof Service);
    if (!NT_SUCCESS(Status))
        return Status;
    pthread_mutex_lock(&IopLoadLock);
    pthread_mutex_lock(&IopDriverLock);
    IOP_DRIVER_IMAGE *Image = IopFindLoadedImage(Service, NULL);
    BOOLEAN Now = FALSE;
    if (!Image) {
        Status = STATUS_OBJECT_NAME_NOT_FOUND;
    } else if (!Image->DriverObject->DriverUnload ||
               (Image->DriverObject->Flags & DRVO_UNLOAD_INVOKED) ||
               PpDriverInUse(Image->DriverObject)) {
        /* Also refused while a PnP device's stack uses the driver: its
         * devices go with their device nodes, not with the service. */
        /* No DriverUnload: the driver cannot be stopped.  Already pending:
         * it is stopping. */
        Status = STATUS_INVALID_DEVICE_REQUEST;
    } else {
        /* From now on its devices take no new opens.  An open counts
         * itself in ReferenceCount before it looks at UnloadInvoked, and
         * this looks at the counts after setting it (both sequentially
         * consistent): either the open fails, or the unload waits for it. */
        IopMarkUnloadInvoked(Image);
        Now = !IopDriverDevicesReferenced(Image->DriverObject);
        if (Now)
            Image->Unloaded = TRUE;
    }
    pthread_mutex_unlock(&IopDriverLock);
    if (Now)
        IopFinishUnload(Image, TRUE);
    pthread_mutex_unlock(&IopLoadLock);
    return Status;
}

/* As Windows' PnP manager after IRP_MN_REMOVE_DEVICE: a driver it loaded
 * whose last device is gone is unloaded (DriverUnload, then the image), so
 * the next device that needs it runs DriverEntry on a fresh image.  A
 * driver the SCM or `ntio run --driver` started stays: that start is not
 * the PnP manager's to undo; so does one without DriverUnload. */
VOID IopUnloadPnpDriverIfIdle(PDRIVER_OBJECT Driver)
{
    IOP_DRIVER_IMAGE *Image = IopImageOfDriver(Driver);
    if (!Image)
        return;
    pthread_mutex_lock(&IopLoadLock);
    pthread_mutex_lock(&IopDriverLock);
    BOOLEAN Now = Image->LoadedForPnp && !Image->Unloaded && !Image->UnloadInvoked &&
                  Driver->DriverUnload && !Driver->DeviceObject && !PpDriverInUse(Driver);
    if (Now) {
        IopMarkUnloadInvoked(Image);
        Image->Unloaded = TRUE;
    }
    pthread_mutex_unlock(&IopDriverLock);
    if (Now)
        IopFinishUnload(Image, TRUE);
    pthread_mutex_unlock(&IopLoadLock);
}

ULONG IopQueryServiceDriverState(PCUNICODE_STRING ServiceKey)
{
    char Service[128];
    ULONG State = DRIVER_STATE_STOPPED;
    if (!NT_SUCCESS(IopServiceNameOfKey(ServiceKey, Service, sizeof Service)))
        return State;
    pthread_mutex_lock(&IopDriverLock);
    IOP_DRIVER_IMAGE *Image = IopFindLoadedImage(Service, NULL);
    if (Image)
        State = (Image->DriverObject->Flags & DRVO_UNLOAD_INVOKED) ? DRIVER_STATE_UNLOAD_PENDING
                                                                   : DRIVER_STATE_RUNNING;
    pthread_mutex_unlock(&IopDriverLock);
    return State;
}

/* Process exit: every driver still loaded is unloaded (those without
 * DriverUnload stay, as on a Windows shutdown).  Images stay mapped; what
 * they leaked is reported by IoShutdownSystem. */
VOID IopUnloadDriver(PDRIVER_OBJECT Driver)
{
    IOP_DRIVER_IMAGE *Image = Driver->DriverSection;
    pthread_mutex_lock(&IopDriverLock);
    BOOLEAN Claimed = !Image->Unloaded;
    Image->Unloaded = TRUE;
    IopMarkUnloadInvoked(Image);
    pthread_mutex_unlock(&IopDriverLock);
    if (Claimed)
        IopFinishUnload(Image, FALSE);
}

VOID IopUnloadAllDrivers(VOID)
{
    pthread_mutex_lock(&IopDriverLock);
    for (PLIST_ENTRY E = IopDriverImages.Blink; E != &IopDriverImages; E = E->Blink) {
        IOP_DRIVER_IMAGE *Image = CONTAINING_RECORD(E, IOP_DRIVER_IMAGE, Link);
        if (Image->Unloaded || !Image->DriverObject->DriverUnload)
            continue;
        pthread_mutex_unlock(&IopDriverLock);
        IopUnloadDriver(Image->DriverObject);
        pthread_mutex_lock(&IopDriverLock);
    }
    pthread_mutex_unlock(&IopDriverLock);
}

const char *IopDriverImageName(PDRIVER_OBJECT Driver)
{
    IOP_DRIVER_IMAGE *Image = IopImageOfDriver(Driver);
    return Image ? Image->Name : "(no image)";
}

const char *IopModuleOfAddress(PVOID Address)
{
    const char *Name = NULL;
    pthread_mutex_lock(&IopDriverLock);
    for (PLIST_ENTRY E = IopDriverImages.Flink; E != &IopDriverImages; E = E->Flink) {
        IOP_DRIVER_IMAGE *Image = CONTAINING_RECORD(E, IOP_DRIVER_IMAGE, Link);
        /* Addresses of an image whose leaks were reported at its unload
         * are not charged to it again at exit; a driver that cannot be
         * unloaded (no DriverUnload) never gives its memory back, as on
         * Windows, and leaks nothing. */
        if (Image->Reported || (!Image->Unloaded && !Image->DriverObject->DriverUnload))
            continue;
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
        if (Image->Reported || !Image->Unloaded || !Image->DriverObject->DriverUnload)
            continue;
        n += IopReportImageDevices(Out, Image);
    }
    pthread_mutex_unlock(&IopDriverLock);
    return n;
}
