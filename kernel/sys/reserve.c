/*
 * sys/reserve.c - NtAllocateReserveObject: memory reserve objects, made in
 * advance so that a later operation cannot fail for want of memory.
 *
 * An IoCompletion reserve (MemoryReserveIoCompletion) holds one completion
 * packet for NtSetIoCompletionEx (io/iocomp.c).  Windows also has user APC
 * reserves for NtQueueApcThreadEx; ntio has no such service, so it refuses
 * that type rather than hand out an object nothing can use.
 */
#include "sys.h"
#include "io/iocomp.h"

#include <stdio.h>

NTIO_EXPORT NTSTATUS NtAllocateReserveObject(PHANDLE MemoryReserveHandle,
                                             POBJECT_ATTRIBUTES ObjectAttributes,
                                             MEMORY_RESERVE_TYPE Type)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PIOP_COMPLETION_RESERVE Reserve;
    NTSTATUS Status;

    SERVICE_ENTER();
    if ((ULONG)Type >= MemoryReserveTypeMax)
        return KiServiceExit(STATUS_INVALID_PARAMETER);
    if (Type == MemoryReserveUserApc) {
        static volatile LONG Told;
        if (!__atomic_exchange_n(&Told, 1, __ATOMIC_RELAXED))
            fprintf(stderr, "ntio: NtAllocateReserveObject: user APC reserve objects are not "
                            "provided (ntio has no NtQueueApcThreadEx)\n");
        return KiServiceExit(STATUS_NOT_SUPPORTED);
    }
    if (!MemoryReserveHandle ||
        (Mode == UserMode && !SvcProbe(MemoryReserveHandle, sizeof(HANDLE), TRUE)))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    Status = ObCreateObject(IopCompletionReserveType, sizeof *Reserve, (PVOID *)&Reserve);
    if (NT_SUCCESS(Status)) {
        memset(Reserve, 0, sizeof *Reserve);
        Status = SvcInsertObject(Mode, Reserve, ObjectAttributes,
                                 IO_COMPLETION_ALL_ACCESS & ~SYNCHRONIZE, MemoryReserveHandle);
    }
    return KiServiceExit(Status);
}
