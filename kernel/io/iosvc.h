/*
 * io/iosvc.h - the shared front and tail of the file I/O services.
 */
#ifndef NTIO_IOSVC_H
#define NTIO_IOSVC_H

#include "iop.h"

typedef struct _IOP_REQUEST {
    PFILE_OBJECT FileObject;    /* referenced */
    PKEVENT Event;              /* referenced, until handed to the IRP */
    PDEVICE_OBJECT Device;      /* top of the file's device stack */
    KPROCESSOR_MODE Mode;
    BOOLEAN Synchronous;        /* FO_SYNCHRONOUS_IO: the file lock is held */
} IOP_REQUEST, *PIOP_REQUEST;

NTSTATUS IopBeginRequest(HANDLE FileHandle, ACCESS_MASK Needed, HANDLE Event,
                         PIO_STATUS_BLOCK IoStatusBlock, PIOP_REQUEST R);
VOID IopEndRequest(PIOP_REQUEST R);
PIRP IopBuildRequestIrp(PIOP_REQUEST R, UCHAR Major, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                        PIO_STATUS_BLOCK IoStatusBlock);
VOID IopAbortRequestIrp(PIRP Irp);
NTSTATUS IopLockUserBuffer(PIRP Irp, PVOID Buffer, ULONG Length, KPROCESSOR_MODE Mode,
                           LOCK_OPERATION Operation);

#endif
