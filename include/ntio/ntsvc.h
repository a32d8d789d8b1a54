/*
 * ntio/ntsvc.h - the NT system services: the boundary between the Win32
 * layer (and native applications) and the ntio kernel.  Called with the
 * caller's PreviousMode; every pointer, length and handle is validated.
 */
#ifndef NTIO_NTSVC_H
#define NTIO_NTSVC_H

#include <ntio/basetypes.h>
#include <ntio/ntdef.h>
#include <ntio/memory.h>

NTIO_BEGIN_DECLS

#ifndef NTSYSCALLAPI
#define NTSYSCALLAPI NTIO_EXPORT
#endif

NTSYSCALLAPI NTSTATUS NtCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                                   POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                                   PLARGE_INTEGER AllocationSize, ULONG FileAttributes,
                                   ULONG ShareAccess, ULONG CreateDisposition, ULONG CreateOptions,
                                   PVOID EaBuffer, ULONG EaLength);
NTSYSCALLAPI NTSTATUS NtOpenFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                                 ULONG ShareAccess, ULONG OpenOptions);
NTSYSCALLAPI NTSTATUS NtReadFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                                 PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                                 ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key);
NTSYSCALLAPI NTSTATUS NtWriteFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                                  PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                                  ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key);
NTSYSCALLAPI NTSTATUS NtDeviceIoControlFile(HANDLE FileHandle, HANDLE Event,
                                            PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                                            PIO_STATUS_BLOCK IoStatusBlock, ULONG IoControlCode,
                                            PVOID InputBuffer, ULONG InputBufferLength,
                                            PVOID OutputBuffer, ULONG OutputBufferLength);
NTSYSCALLAPI NTSTATUS NtCancelIoFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock);
NTSYSCALLAPI NTSTATUS NtCancelIoFileEx(HANDLE FileHandle, PIO_STATUS_BLOCK IoRequestToCancel,
                                       PIO_STATUS_BLOCK IoStatusBlock);
NTSYSCALLAPI NTSTATUS NtClose(HANDLE Handle);
NTSYSCALLAPI NTSTATUS NtCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                                    POBJECT_ATTRIBUTES ObjectAttributes, EVENT_TYPE EventType,
                                    BOOLEAN InitialState);
NTSYSCALLAPI NTSTATUS NtSetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSYSCALLAPI NTSTATUS NtResetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSYSCALLAPI NTSTATUS NtClearEvent(HANDLE EventHandle);
NTSYSCALLAPI NTSTATUS NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable, PLARGE_INTEGER Timeout);
NTSYSCALLAPI NTSTATUS NtWaitForMultipleObjects(ULONG Count, const HANDLE *Handles, WAIT_TYPE WaitType,
                                               BOOLEAN Alertable, PLARGE_INTEGER Timeout);
NTSYSCALLAPI NTSTATUS NtDelayExecution(BOOLEAN Alertable, PLARGE_INTEGER DelayInterval);

/* ---- threads and processes (sys/thread.c) ------------------------------ */

/* The start routine of a thread made by NtCreateThreadEx; its return value
 * is the thread's exit status. */
typedef NTSTATUS(NTAPI *PUSER_THREAD_START_ROUTINE)(PVOID ThreadParameter);

/* NtCreateThreadEx CreateFlags */
#define THREAD_CREATE_FLAGS_CREATE_SUSPENDED 0x00000001

typedef struct _PS_ATTRIBUTE_LIST *PPS_ATTRIBUTE_LIST;

typedef enum _THREADINFOCLASS {
    ThreadBasicInformation = 0,
} THREADINFOCLASS;

typedef struct _THREAD_BASIC_INFORMATION {
    NTSTATUS ExitStatus;        /* STATUS_PENDING while the thread runs */
    PVOID TebBaseAddress;       /* ntio threads have no TEB: NULL */
    CLIENT_ID ClientId;
    KAFFINITY AffinityMask;
    LONG Priority;
    LONG BasePriority;
} THREAD_BASIC_INFORMATION, *PTHREAD_BASIC_INFORMATION;

typedef enum _PROCESSINFOCLASS {
    ProcessBasicInformation = 0,
} PROCESSINFOCLASS;

typedef struct _PROCESS_BASIC_INFORMATION {
    NTSTATUS ExitStatus;        /* STATUS_PENDING while the process runs */
    PVOID PebBaseAddress;       /* ntio processes have no PEB: NULL */
    KAFFINITY AffinityMask;
    LONG BasePriority;
    ULONG_PTR UniqueProcessId;
    ULONG_PTR InheritedFromUniqueProcessId;
} PROCESS_BASIC_INFORMATION, *PPROCESS_BASIC_INFORMATION;

/*
 * NtCreateThreadEx - create a thread in the calling (application) process
 * that runs StartRoutine(Argument) in user mode (PreviousMode UserMode).
 * The signature is Windows'; what ntio supports of it:
 *   ProcessHandle     NtCurrentProcess() or a handle to the calling process
 *                     (PROCESS_CREATE_THREAD); any other process:
 *                     STATUS_NOT_SUPPORTED.
 *   CreateFlags       0 or THREAD_CREATE_FLAGS_CREATE_SUSPENDED (the thread
 *                     waits until NtResumeThread); anything else:
 *                     STATUS_INVALID_PARAMETER.
 *   ZeroBits          must be 0 (STATUS_INVALID_PARAMETER otherwise).
 *   StackSize, MaximumStackSize
 *                     commit and reserve sizes; the Linux stack is the larger
 *                     of the two (at least 256K), 0 and 0 for the default.
 *   AttributeList     must be NULL (STATUS_INVALID_PARAMETER otherwise); use
 *                     NtQueryInformationThread for the client id.
 * When StartRoutine returns, the thread ends with its return value as exit
 * status, and if it was the last thread of the process, the process ends.
 */
NTSYSCALLAPI NTSTATUS NtCreateThreadEx(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                                       POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle,
                                       PUSER_THREAD_START_ROUTINE StartRoutine, PVOID Argument,
                                       ULONG CreateFlags, SIZE_T ZeroBits, SIZE_T StackSize,
                                       SIZE_T MaximumStackSize, PPS_ATTRIBUTE_LIST AttributeList);
/*
 * NtTerminateThread - end the calling thread with ExitStatus.  ThreadHandle
 * NULL: unless it is the last thread of the process
 * (STATUS_CANT_TERMINATE_SELF then); NtCurrentThread() or a handle to the
 * calling thread (THREAD_TERMINATE): the last thread ends the process with
 * ExitStatus.  Another thread: STATUS_NOT_SUPPORTED (ntio cannot stop a
 * running Linux thread safely).
 */
NTSYSCALLAPI NTSTATUS NtTerminateThread(HANDLE ThreadHandle, NTSTATUS ExitStatus);
/* Lower the suspend count of a thread created suspended (THREAD_SUSPEND_RESUME);
 * it runs when the count reaches zero.  PreviousSuspendCount: the count
 * before (0 for a thread that is not suspended). */
NTSYSCALLAPI NTSTATUS NtResumeThread(HANDLE ThreadHandle, PULONG PreviousSuspendCount);
/* ThreadBasicInformation (THREAD_QUERY_LIMITED_INFORMATION). */
NTSYSCALLAPI NTSTATUS NtQueryInformationThread(HANDLE ThreadHandle,
                                               THREADINFOCLASS ThreadInformationClass,
                                               PVOID ThreadInformation,
                                               ULONG ThreadInformationLength, PULONG ReturnLength);
/* End the calling process (NtCurrentProcess() or a handle to it with
 * PROCESS_TERMINATE): exit(ExitStatus) -- the process's handles are closed
 * and the drivers unloaded by the kernel's exit handler.  NULL (terminate
 * every other thread) and other processes: STATUS_NOT_SUPPORTED. */
NTSYSCALLAPI NTSTATUS NtTerminateProcess(HANDLE ProcessHandle, NTSTATUS ExitStatus);
/* ProcessBasicInformation (PROCESS_QUERY_LIMITED_INFORMATION). */
NTSYSCALLAPI NTSTATUS NtQueryInformationProcess(HANDLE ProcessHandle,
                                                PROCESSINFOCLASS ProcessInformationClass,
                                                PVOID ProcessInformation,
                                                ULONG ProcessInformationLength,
                                                PULONG ReturnLength);

/* ---- virtual memory (sys/memory.c) ------------------------------------- */


typedef enum _MEMORY_INFORMATION_CLASS {
    MemoryBasicInformation = 0,
} MEMORY_INFORMATION_CLASS;

/*
 * The private memory of the calling process, with Windows' rules: a
 * reservation starts on a 64K boundary, commits and protections work on
 * pages, committed pages start zeroed, MEM_RELEASE frees (part of) a
 * reservation, MEM_DECOMMIT returns pages to the reserved state.
 * ProcessHandle: NtCurrentProcess() or a handle to the calling process
 * (PROCESS_VM_OPERATION; PROCESS_QUERY_INFORMATION for the query).
 * Supported: MEM_COMMIT, MEM_RESERVE, MEM_TOP_DOWN (accepted; placement is
 * the system's) and MEM_RESET; MEM_WRITE_WATCH, MEM_PHYSICAL,
 * MEM_LARGE_PAGES and MEM_RESET_UNDO give STATUS_NOT_SUPPORTED, as do
 * PAGE_GUARD, PAGE_NOCACHE and PAGE_WRITECOMBINE.  NtProtectVirtualMemory
 * and NtQueryVirtualMemory also describe and change memory the process got
 * elsewhere (stacks, images, malloc), as on Windows.
 */
NTSYSCALLAPI NTSTATUS NtAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                              ULONG_PTR ZeroBits, PSIZE_T RegionSize,
                                              ULONG AllocationType, ULONG Protect);
NTSYSCALLAPI NTSTATUS NtFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                          PSIZE_T RegionSize, ULONG FreeType);
NTSYSCALLAPI NTSTATUS NtProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                             PSIZE_T NumberOfBytesToProtect, ULONG NewProtect,
                                             PULONG OldProtect);
NTSYSCALLAPI NTSTATUS NtQueryVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress,
                                           MEMORY_INFORMATION_CLASS MemoryInformationClass,
                                           PVOID MemoryInformation, SIZE_T MemoryInformationLength,
                                           PSIZE_T ReturnLength);

NTSYSCALLAPI ULONG RtlNtStatusToDosError(NTSTATUS Status);

NTIO_END_DECLS

#include <ntio/ntreg.h>
#include <ntio/ntfile.h>
#include <ntio/ntdrv.h>


/*
 * I/O completion ports (the IoCompletion object, a kernel queue: KQUEUE).
 * NumberOfConcurrentThreads 0: as many as there are processors.
 * NtRemoveIoCompletion(Ex) waits up to Timeout (NULL: forever) and returns
 * STATUS_SUCCESS with a packet, STATUS_TIMEOUT, STATUS_ABANDONED when the
 * port's last handle was closed during the wait, or (Ex, Alertable)
 * STATUS_USER_APC.  Access: IO_COMPLETION_MODIFY_STATE to queue or remove,
 * IO_COMPLETION_QUERY_STATE to query.
 */
#ifndef IO_COMPLETION_QUERY_STATE
#define IO_COMPLETION_QUERY_STATE 0x0001
#define IO_COMPLETION_MODIFY_STATE 0x0002
#define IO_COMPLETION_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)
#endif

NTIO_BEGIN_DECLS

typedef enum _IO_COMPLETION_INFORMATION_CLASS {
    IoCompletionBasicInformation = 0,
} IO_COMPLETION_INFORMATION_CLASS;

typedef struct _IO_COMPLETION_BASIC_INFORMATION {
    LONG Depth; /* packets queued */
} IO_COMPLETION_BASIC_INFORMATION, *PIO_COMPLETION_BASIC_INFORMATION;

NTSYSCALLAPI NTSTATUS NtCreateIoCompletion(PHANDLE IoCompletionHandle, ACCESS_MASK DesiredAccess,
                                           POBJECT_ATTRIBUTES ObjectAttributes,
                                           ULONG NumberOfConcurrentThreads);
NTSYSCALLAPI NTSTATUS NtSetIoCompletion(HANDLE IoCompletionHandle, PVOID KeyContext,
                                        PVOID ApcContext, NTSTATUS IoStatus,
                                        ULONG_PTR IoStatusInformation);
/* The same with the packet of an IoCompletion reserve object
 * (NtAllocateReserveObject), so that it cannot fail for want of memory.
 * The packet is the reserve's again once removed from the port; posting it
 * while it is still queued fails with STATUS_INVALID_PARAMETER_2. */
NTSYSCALLAPI NTSTATUS NtSetIoCompletionEx(HANDLE IoCompletionHandle,
                                          HANDLE IoCompletionPacketHandle, PVOID KeyContext,
                                          PVOID ApcContext, NTSTATUS IoStatus,
                                          ULONG_PTR IoStatusInformation);
NTSYSCALLAPI NTSTATUS NtRemoveIoCompletion(HANDLE IoCompletionHandle, PVOID *KeyContext,
                                           PVOID *ApcContext, PIO_STATUS_BLOCK IoStatusBlock,
                                           PLARGE_INTEGER Timeout);
/* Count 0: STATUS_INVALID_PARAMETER.  *NumEntriesRemoved: packets taken
 * (0 unless the status is STATUS_SUCCESS). */
NTSYSCALLAPI NTSTATUS NtRemoveIoCompletionEx(HANDLE IoCompletionHandle,
                                             PFILE_IO_COMPLETION_INFORMATION IoCompletionInformation,
                                             ULONG Count, PULONG NumEntriesRemoved,
                                             PLARGE_INTEGER Timeout, BOOLEAN Alertable);
NTSYSCALLAPI NTSTATUS NtQueryIoCompletion(HANDLE IoCompletionHandle,
                                          IO_COMPLETION_INFORMATION_CLASS InformationClass,
                                          PVOID IoCompletionInformation, ULONG Length,
                                          PULONG ResultLength);

/* Memory reserve objects.  ntio provides MemoryReserveIoCompletion (for
 * NtSetIoCompletionEx); MemoryReserveUserApc is refused with
 * STATUS_NOT_SUPPORTED, as there is no NtQueueApcThreadEx to use it. */
typedef enum _MEMORY_RESERVE_TYPE {
    MemoryReserveUserApc,
    MemoryReserveIoCompletion,
    MemoryReserveTypeMax
} MEMORY_RESERVE_TYPE;

NTSYSCALLAPI NTSTATUS NtAllocateReserveObject(PHANDLE MemoryReserveHandle,
                                              POBJECT_ATTRIBUTES ObjectAttributes,
                                              MEMORY_RESERVE_TYPE Type);

NTIO_END_DECLS

#endif
