/*
 * io/iomgr.c - I/O manager start-up and shutdown: the File, Device and
 * Driver object types, the driver services started with the kernel and the
 * drivers named by NTIO_DRIVERS, and what happens
 * when the process exits (handles closed, drivers unloaded, leaks reported).
 */
#include "iop.h"
#include "iocomp.h"
#include "ex/ex.h"
#include "mm/mm.h"
#include "ps/ps.h"
#include "rtl/nls.h"

#include <stdlib.h>
#include <string.h>

VOID IoInitSystem(VOID)
{
    static const OBJECT_TYPE_INITIALIZER FileInit = {
        .WaitObjectOffset = FIELD_OFFSET(FILE_OBJECT, Event),
        .GenericMapping = { FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE,
                            FILE_ALL_ACCESS },
        .ValidAccessMask = FILE_ALL_ACCESS,
        .PoolTag = TAG('F', 'i', 'l', 'e'),
        .CloseProcedure = IopCloseFile,
        .DeleteProcedure = IopDeleteFile,
    };
    static const OBJECT_TYPE_INITIALIZER DeviceInit = {
        .WaitObjectOffset = OB_NOT_WAITABLE,
        .GenericMapping = { FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE,
                            FILE_ALL_ACCESS },
        .ValidAccessMask = FILE_ALL_ACCESS,
        .PoolTag = TAG('D', 'e', 'v', 'i'),
        .DeleteProcedure = IopDeleteDevice,
        .ParseProcedure = IopParseDevice,
    };
    static const OBJECT_TYPE_INITIALIZER DriverInit = {
        .WaitObjectOffset = OB_NOT_WAITABLE,
        .GenericMapping = { STANDARD_RIGHTS_READ, STANDARD_RIGHTS_WRITE, STANDARD_RIGHTS_EXECUTE,
                            STANDARD_RIGHTS_ALL },
        .ValidAccessMask = STANDARD_RIGHTS_ALL,
        .PoolTag = TAG('D', 'r', 'i', 'v'),
        .DeleteProcedure = IopDeleteDriver,
    };
    IopInitializeHangDetection();
    IopFileObjectType = ObpCreateObjectType(L"File", &FileInit);
    IopDeviceObjectType = ObpCreateObjectType(L"Device", &DeviceInit);
    IopDriverObjectType = ObpCreateObjectType(L"Driver", &DriverInit);
    IopInitializeCompletionType();
}

/* ---- drivers started with the kernel ------------------------------------ */

#define IOP_SERVICES_PATH L"\\Registry\\Machine\\System\\CurrentControlSet\\Services"

typedef struct _IOP_BOOT_SERVICE {
    ULONG Start;
    ULONG ErrorControl;
    WCHAR Name[256];
} IOP_BOOT_SERVICE;

static int IopCompareBootServices(const void *A, const void *B)
{
    const IOP_BOOT_SERVICE *a = A, *b = B;
    return a->Start < b->Start ? -1 : a->Start > b->Start;
}

/*
 * The driver services a Windows boot would have started: Type kernel or
 * file system driver, Start SERVICE_BOOT_START, SYSTEM_START or AUTO_START
 * (on Windows the SCM starts the last kind just after boot), in that order,
 * not marked for deletion.  Every process is a boot in the embedded model,
 * so each one starts them.  A failure is reported on stderr (except for
 * SERVICE_ERROR_IGNORE) and the kernel goes on, except that a
 * SERVICE_ERROR_CRITICAL driver failing stops it: Windows would bug-check
 * (or fall back to the last known good configuration, which ntio has not).
 * NTIO_SAFE_MODE=1 starts none of them, which is how such a prefix is
 * repaired (`NTIO_SAFE_MODE=1 ntio sc config NAME start= demand`).
 */
static NTSTATUS IopStartServiceDrivers(VOID)
{
    UNICODE_STRING ServicesPath = RTL_CONSTANT_STRING(IOP_SERVICES_PATH);
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Services;
    IOP_BOOT_SERVICE *List = NULL;
    ULONG Count = 0, Capacity = 0;
    NTSTATUS Result = STATUS_SUCCESS;
    const char *Safe = getenv("NTIO_SAFE_MODE");

    if (Safe && *Safe && strcmp(Safe, "0") != 0)
        return STATUS_SUCCESS;
    InitializeObjectAttributes(&Attributes, &ServicesPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&Services, KEY_READ, &Attributes)))
        return STATUS_SUCCESS; /* no services yet */
    for (ULONG Index = 0;; Index++) {
        UCHAR Buffer[sizeof(KEY_BASIC_INFORMATION) + 256 * sizeof(WCHAR)];
        PKEY_BASIC_INFORMATION Info = (PKEY_BASIC_INFORMATION)Buffer;
        ULONG Length;
        NTSTATUS Status = ZwEnumerateKey(Services, Index, KeyBasicInformation, Info, sizeof Buffer,
                                         &Length);
        if (Status == STATUS_NO_MORE_ENTRIES)
            break;
        if (!NT_SUCCESS(Status))
            continue; /* a name too long for a service */
        UNICODE_STRING Name = { (USHORT)Info->NameLength, (USHORT)Info->NameLength, Info->Name };
        HANDLE Key;
        InitializeObjectAttributes(&Attributes, &Name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                                   Services, NULL);
        if (!NT_SUCCESS(ZwOpenKey(&Key, KEY_READ, &Attributes)))
            continue;
        /* An absent or ill-typed value keeps its default. */
        ULONG Type = 0, Start = SERVICE_DISABLED, ErrorControl = SERVICE_ERROR_NORMAL, Deleted = 0;
        IopQueryDword(Key, L"Type", &Type);
        IopQueryDword(Key, L"Start", &Start);
        IopQueryDword(Key, L"ErrorControl", &ErrorControl);
        IopQueryDword(Key, L"DeleteFlag", &Deleted);
        ZwClose(Key);
        if ((Type != SERVICE_KERNEL_DRIVER && Type != SERVICE_FILE_SYSTEM_DRIVER) ||
            Start > SERVICE_AUTO_START || Deleted)
            continue;
        if (Count == Capacity) {
            ULONG NewCapacity = Capacity ? Capacity * 2 : 8;
            IOP_BOOT_SERVICE *Bigger = realloc(List, NewCapacity * sizeof *List);
            if (!Bigger)
                break;
            List = Bigger;
            Capacity = NewCapacity;
        }
        IOP_BOOT_SERVICE *S = &List[Count++];
        S->Start = Start;
        S->ErrorControl = ErrorControl;
        memcpy(S->Name, Info->Name, Info->NameLength);
        S->Name[Info->NameLength / sizeof(WCHAR)] = 0;
    }
    ZwClose(Services);
    if (Count)
        qsort(List, Count, sizeof *List, IopCompareBootServices);

    for (ULONG i = 0; i < Count; i++) {
        WCHAR Path[sizeof IOP_SERVICES_PATH / sizeof(WCHAR) + 1 + 256];
        ULONG n = 0;
        for (const WCHAR *p = IOP_SERVICES_PATH; *p; p++)
            Path[n++] = *p;
        Path[n++] = L'\\';
        for (const WCHAR *p = List[i].Name; *p; p++)
            Path[n++] = *p;
        Path[n] = 0;
        UNICODE_STRING Key;
        RtlInitUnicodeString(&Key, Path);
        NTSTATUS Status = IopLoadServiceDriver(&Key, NULL);
        if (NT_SUCCESS(Status) || Status == STATUS_IMAGE_ALREADY_LOADED)
            continue;
        if (List[i].ErrorControl != SERVICE_ERROR_IGNORE) {
            char Name[512];
            SIZE_T Len = RtlpUtf16ToUtf8(Name, sizeof Name - 1, List[i].Name, RtlpWcslen(List[i].Name));
            Name[Len < sizeof Name ? Len : sizeof Name - 1] = 0;
            fprintf(stderr, "ntio: the %s driver service %s failed to start: status 0x%08X%s\n",
                    List[i].Start == SERVICE_BOOT_START     ? "boot-start"
                    : List[i].Start == SERVICE_SYSTEM_START ? "system-start"
                                                            : "auto-start",
                    Name, (unsigned)Status,
                    List[i].ErrorControl == SERVICE_ERROR_CRITICAL
                        ? " (critical: the kernel stops; NTIO_SAFE_MODE=1 starts no driver "
                          "service, to repair it)"
                        : "");
        }
        if (List[i].ErrorControl == SERVICE_ERROR_CRITICAL) {
            Result = Status;
            break;
        }
    }
    free(List);
    return Result;
}

/* The drivers the kernel starts before the application runs: the driver
 * services of the registry, then those `ntio run --driver` asked for (a
 * ':'-separated list in NTIO_DRIVERS). */
NTSTATUS IopLoadBootDrivers(VOID)
{
    NTSTATUS Result = IopStartServiceDrivers();
    if (!NT_SUCCESS(Result))
        return Result;
    const char *List = getenv("NTIO_DRIVERS");
    if (!List || !*List)
        return STATUS_SUCCESS;
    char *Copy = strdup(List), *Save = NULL;
    for (char *Path = strtok_r(Copy, ":", &Save); Path; Path = strtok_r(NULL, ":", &Save)) {
        NTSTATUS Status = IopLoadDriver(Path, NULL);
        if (!NT_SUCCESS(Status)) {
            Result = Status;
            break;
        }
    }
    free(Copy);
    return Result;
}

/* The application is exiting: every thread's outstanding IRPs, and the
 * thread-agnostic ones of files bound to completion ports, are
 * cancelled and given the hang timeout to finish; one that does not is
 * reported and the process ends with IOP_EXIT_HUNG_IRP. */
static VOID IopRundownApplicationIo(VOID)
{
    PEPROCESS Process = PspApplicationProcess;
    PKTHREAD Threads[256];
    ULONG Count = 0, Left = 0;
    KIRQL OldIrql = KeAcquireSpinLockRaiseToDpc(&Process->ThreadListLock);
    for (PLIST_ENTRY E = Process->ThreadListHead.Flink;
         E != &Process->ThreadListHead && Count < RTL_NUMBER_OF(Threads); E = E->Flink) {
        PETHREAD T = CONTAINING_RECORD(E, ETHREAD, ThreadListEntry);
        ObfReferenceObject(T);
        Threads[Count++] = &T->Tcb;
    }
    KeReleaseSpinLock(&Process->ThreadListLock, OldIrql);
    for (ULONG i = 0; i < Count; i++)
        IopCancelThreadIrps(Threads[i], NULL, NULL);
    ULONGLONG Deadline = KiMonotonicNs() + IopHangTimeoutNs;
    for (ULONG i = 0; i < Count; i++) {
        ULONGLONG Now = KiMonotonicNs();
        Left += IopWaitForThreadIrps(Threads[i], Deadline > Now ? Deadline - Now : 0,
                                     "the application exited, and the driver neither completed "
                                     "nor cancelled it");
        ObfDereferenceObject(Threads[i]);
    }
    /* And the thread-agnostic I/O of files bound to completion ports,
     * which outlives the threads that issued it. */
    Left += IopRundownThreadAgnosticIo(Deadline);
    if (Left)
        IopEndProcessForHungIrp();
}

VOID IoShutdownSystem(VOID)
{
    ULONG Leaks = 0;
    /* As when a Windows process exits: its threads' I/O is cancelled first
     * (a thread blocked in a synchronous request holds its file's lock),
     * then its handles close and drivers see CLEANUP and CLOSE for every
     * file still open. */
    IopRundownApplicationIo();
    PpWaitForInstalls();
    ObpFlushHandleCache(KiGetCurrentThread());
    ObpCloseAllHandles(PspApplicationProcess);
    ObpFlushDeferredDeletes();
    /* Every PnP stack gets IRP_MN_REMOVE_DEVICE before its drivers unload. */
    PpShutdownSystem();
    ObpFlushDeferredDeletes();
    IopFlushThreadCaches(KiGetCurrentThread());
    IopShutdownCompletion(); /* cached completion packets */
    MiUnmapAllUserViews();
    IopUnloadAllDrivers();
    Leaks += IopReportLeakedDevices(stderr);
    Leaks += ExpReportPoolLeaks(stderr, IopModuleOfAddress);
    if (Leaks)
        fprintf(stderr, "ntio: %u leak%s reported at driver unload\n", Leaks, Leaks == 1 ? "" : "s");
}
