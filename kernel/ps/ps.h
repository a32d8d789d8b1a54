/*
 * ps/ps.h - processes and threads.
 *
 * In the embedded model there are two processes: System (PID 4), which
 * owns kernel handles and system threads, and the application process that
 * hosts the kernel.  Every thread belongs to one of them.
 */
#ifndef NTIO_PS_H
#define NTIO_PS_H

#include "ke/ke.h"
#include "ob/ob.h"
#include <ntio/ntsvc.h>

typedef struct _KPROCESS {
    DISPATCHER_HEADER Header;       /* signalled when the process has exited */
} KPROCESS;

typedef struct _EPROCESS {
    KPROCESS Pcb;
    HANDLE UniqueProcessId;
    PHANDLE_TABLE ObjectTable;
    KSPIN_LOCK ThreadListLock;
    LIST_ENTRY ThreadListHead;      /* ETHREAD.ThreadListEntry */
    CHAR ImageFileName[16];
    volatile LONG ActiveThreads;
    BOOLEAN Exiting;
} EPROCESS;

typedef struct _ETHREAD {
    KTHREAD Tcb;
    CLIENT_ID Cid;
    LIST_ENTRY ThreadListEntry;
    PVOID StartAddress;
    NTSTATUS ExitStatus;
} ETHREAD;


extern NTKERNELAPI PEPROCESS PsInitialSystemProcess;
extern PEPROCESS PspApplicationProcess;
extern POBJECT_TYPE PspProcessType, PspThreadType;

VOID PspInitializeProcesses(VOID);
/* Create the ETHREAD object for the calling Linux thread in Process. */
PETHREAD PspCreateThreadObject(PEPROCESS Process, BOOLEAN SystemThread);
/* The calling thread is leaving: cancel its IRPs, signal its object. */
VOID PspExitThread(PETHREAD Thread);

/* Thread creation and exit (ps/create.c), for PsCreateSystemThread and the
 * thread system services (sys/thread.c).  Insert makes the caller's handle
 * before the new thread may run. */
typedef NTSTATUS (*PSP_INSERT_THREAD_ROUTINE)(PETHREAD Thread, PVOID Context);
NTSTATUS PspCreateThread(PEPROCESS Process, BOOLEAN SystemThread, PKSTART_ROUTINE SystemRoutine,
                         PUSER_THREAD_START_ROUTINE UserRoutine, PVOID StartContext,
                         BOOLEAN CreateSuspended, SIZE_T StackSize, PSP_INSERT_THREAD_ROUTINE Insert,
                         PVOID InsertContext);
NTSTATUS PspTerminateCurrentThread(NTSTATUS ExitStatus, BOOLEAN FailIfLastThread);
ULONG PspResumeThread(PETHREAD Thread);
DECLSPEC_NORETURN VOID PspExitProcess(NTSTATUS ExitStatus);

static __inline__ PEPROCESS PspCurrentProcess(VOID)
{
    return KiGetCurrentThread()->Process;
}

#endif
