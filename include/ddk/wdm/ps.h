/* wdm/ps.h - part of wdm.h (see there): system threads and thread queries.
 *
 * PsCreateSystemThread/PsTerminateSystemThread are wdm.h DDIs; the thread
 * queries below them live in ntddk.h or ntifs.h in the WDK, and are
 * declared here so that every driver header sees them. */
#ifndef _NTIO_WDM_PS_H_
#define _NTIO_WDM_PS_H_

NTIO_BEGIN_DECLS

/* Thread and process access rights (the values of the WDK). */
/* THREAD_* and PROCESS_* access rights: <ntio/access.h>. */

/* The entry point of a system thread: runs at PASSIVE_LEVEL in kernel mode. */
typedef VOID NTAPI KSTART_ROUTINE(PVOID StartContext);
typedef KSTART_ROUTINE *PKSTART_ROUTINE;

/*
 * Create a system thread that runs StartRoutine(StartContext) at
 * PASSIVE_LEVEL in kernel mode.  ProcessHandle NULL: the thread belongs to
 * the System process; NtCurrentProcess() or a handle with
 * PROCESS_CREATE_THREAD: to that process.  *ThreadHandle is always a kernel
 * handle (as on Windows Vista and later): close it with ZwClose.  The
 * thread object is signalled when the thread ends; it ends when
 * StartRoutine returns (exit status STATUS_SUCCESS) or calls
 * PsTerminateSystemThread.  IRQL: PASSIVE_LEVEL.
 */
NTKERNELAPI NTSTATUS NTAPI PsCreateSystemThread(PHANDLE ThreadHandle, ULONG DesiredAccess,
                                                POBJECT_ATTRIBUTES ObjectAttributes,
                                                HANDLE ProcessHandle, PCLIENT_ID ClientId,
                                                PKSTART_ROUTINE StartRoutine, PVOID StartContext);
/* End the calling system thread with ExitStatus; does not return, except
 * with STATUS_INVALID_PARAMETER when the caller is not a system thread. */
NTKERNELAPI NTSTATUS NTAPI PsTerminateSystemThread(NTSTATUS ExitStatus);

NTKERNELAPI HANDLE NTAPI PsGetThreadId(PETHREAD Thread);
NTKERNELAPI HANDLE NTAPI PsGetThreadProcessId(PETHREAD Thread);
NTKERNELAPI PEPROCESS NTAPI PsGetThreadProcess(PETHREAD Thread);
NTKERNELAPI BOOLEAN NTAPI PsIsSystemThread(PETHREAD Thread);
NTKERNELAPI BOOLEAN NTAPI PsIsThreadTerminating(PETHREAD Thread);
/* STATUS_PENDING while the thread runs, its exit status once it ends. */
NTKERNELAPI NTSTATUS NTAPI PsGetThreadExitStatus(PETHREAD Thread);

NTIO_END_DECLS

#endif /* _NTIO_WDM_PS_H_ */
