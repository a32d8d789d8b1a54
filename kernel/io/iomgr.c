/*
 * io/iomgr.c - I/O manager start-up and shutdown: the File, Device and
 * Driver object types, the drivers named by NTIO_DRIVERS, and what happens
 * when the process exits (handles closed, drivers unloaded, leaks reported).
 */
#include "iop.h"
#include "ex/ex.h"
#include "mm/mm.h"
#include "ps/ps.h"

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
}

/* Load the drivers `ntio run --driver` asked for (a ':'-separated list). */
NTSTATUS IopLoadBootDrivers(VOID)
{
    const char *List = getenv("NTIO_DRIVERS");
    if (!List || !*List)
        return STATUS_SUCCESS;
    char *Copy = strdup(List), *Save = NULL;
    NTSTATUS Result = STATUS_SUCCESS;
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

/* The application is exiting: every thread's outstanding IRPs are
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
    ObpCloseAllHandles(PspApplicationProcess);
    IopFlushThreadCaches(KiGetCurrentThread());
    MiUnmapAllUserViews();
    IopUnloadAllDrivers();
    Leaks += IopReportLeakedDevices(stderr);
    Leaks += ExpReportPoolLeaks(stderr, IopModuleOfAddress);
    if (Leaks)
        fprintf(stderr, "ntio: %u leak%s reported at driver unload\n", Leaks, Leaks == 1 ? "" : "s");
}
