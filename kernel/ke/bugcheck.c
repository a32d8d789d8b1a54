/*
 * kernel/ke/bugcheck.c - KeBugCheckEx: stop with a report.
 *
 * A bug check is a report, not a silent exit.  In order:
 *
 *   1. Claim the bug check (one per process; a second thread waits, a fault
 *      on the bug-checking thread itself prints one line and _exit(134)s).
 *   2. Capture the stack with backtrace() on the current stack: from a fault
 *      it unwinds through the signal frame, so the faulting instruction is a
 *      frame; otherwise the stack starts at KeBugCheckEx's caller.
 *   3. Write the code and its parameters straight to stderr (and to the file
 *      named by NTIO_BUGCHECK_FILE), with no allocation, so that much always
 *      comes out.
 *   4. On a private 1 MB stack (the faulting thread may be out of stack or
 *      on a small signal stack): find the culprit module, symbolize the
 *      stack with elfutils (function, inlining, file:line), and run the
 *      registered callbacks, which append e.g. the IRP involved.
 *   5. Back on the original stack, abort(): a debugger stops in the frame
 *      that bug-checked, and a core shows it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ucontext.h>
#include <unistd.h>

#include <dwarf.h>
#include <elfutils/libdwfl.h>

#include <ntio/seh.h>

#include "ke/bugcheck.h"
#include "ke/except.h"

#define KI_MAX_FRAMES 64
#define KI_MAX_INLINE 6

/* ---- names ---------------------------------------------------------------- */

static const struct {
    ULONG Code;
    const char *Name;
} KiBugCheckNames[] = {
    { 0x01, "APC_INDEX_MISMATCH" },
    { 0x02, "DEVICE_QUEUE_NOT_BUSY" },
    { 0x03, "INVALID_AFFINITY_SET" },
    { 0x04, "INVALID_DATA_ACCESS_TRAP" },
    { 0x05, "INVALID_PROCESS_ATTACH_ATTEMPT" },
    { 0x06, "INVALID_PROCESS_DETACH_ATTEMPT" },
    { 0x07, "INVALID_SOFTWARE_INTERRUPT" },
    { 0x08, "IRQL_NOT_DISPATCH_LEVEL" },
    { 0x09, "IRQL_NOT_GREATER_OR_EQUAL" },
    { 0x0A, "IRQL_NOT_LESS_OR_EQUAL" },
    { 0x0B, "NO_EXCEPTION_HANDLING_SUPPORT" },
    { 0x0C, "MAXIMUM_WAIT_OBJECTS_EXCEEDED" },
    { 0x0D, "MUTEX_LEVEL_NUMBER_VIOLATION" },
    { 0x0E, "NO_USER_MODE_CONTEXT" },
    { 0x0F, "SPIN_LOCK_ALREADY_OWNED" },
    { 0x10, "SPIN_LOCK_NOT_OWNED" },
    { 0x11, "THREAD_NOT_MUTEX_OWNER" },
    { 0x12, "TRAP_CAUSE_UNKNOWN" },
    { 0x13, "EMPTY_THREAD_REAPER_LIST" },
    { 0x14, "CREATE_DELETE_LOCK_NOT_LOCKED" },
    { 0x15, "LAST_CHANCE_CALLED_FROM_KMODE" },
    { 0x16, "CID_HANDLE_CREATION" },
    { 0x17, "CID_HANDLE_DELETION" },
    { 0x18, "REFERENCE_BY_POINTER" },
    { 0x19, "BAD_POOL_HEADER" },
    { 0x1A, "MEMORY_MANAGEMENT" },
    { 0x1B, "PFN_SHARE_COUNT" },
    { 0x1C, "PFN_REFERENCE_COUNT" },
    { 0x1D, "NO_SPIN_LOCK_AVAILABLE" },
    { 0x1E, "KMODE_EXCEPTION_NOT_HANDLED" },
    { 0x1F, "SHARED_RESOURCE_CONV_ERROR" },
    { 0x20, "KERNEL_APC_PENDING_DURING_EXIT" },
    { 0x21, "QUOTA_UNDERFLOW" },
    { 0x22, "FILE_SYSTEM" },
    { 0x23, "FAT_FILE_SYSTEM" },
    { 0x24, "NTFS_FILE_SYSTEM" },
    { 0x25, "NPFS_FILE_SYSTEM" },
    { 0x26, "CDFS_FILE_SYSTEM" },
    { 0x27, "RDR_FILE_SYSTEM" },
    { 0x28, "CORRUPT_ACCESS_TOKEN" },
    { 0x29, "SECURITY_SYSTEM" },
    { 0x2A, "INCONSISTENT_IRP" },
    { 0x2B, "PANIC_STACK_SWITCH" },
    { 0x2C, "PORT_DRIVER_INTERNAL" },
    { 0x2D, "SCSI_DISK_DRIVER_INTERNAL" },
    { 0x2E, "DATA_BUS_ERROR" },
    { 0x2F, "INSTRUCTION_BUS_ERROR" },
    { 0x30, "SET_OF_INVALID_CONTEXT" },
    { 0x31, "PHASE0_INITIALIZATION_FAILED" },
    { 0x32, "PHASE1_INITIALIZATION_FAILED" },
    { 0x33, "UNEXPECTED_INITIALIZATION_CALL" },
    { 0x34, "CACHE_MANAGER" },
    { 0x35, "NO_MORE_IRP_STACK_LOCATIONS" },
    { 0x36, "DEVICE_REFERENCE_COUNT_NOT_ZERO" },
    { 0x37, "FLOPPY_INTERNAL_ERROR" },
    { 0x38, "SERIAL_DRIVER_INTERNAL" },
    { 0x39, "SYSTEM_EXIT_OWNED_MUTEX" },
    { 0x3A, "SYSTEM_UNWIND_PREVIOUS_USER" },
    { 0x3B, "SYSTEM_SERVICE_EXCEPTION" },
    { 0x3C, "INTERRUPT_UNWIND_ATTEMPTED" },
    { 0x3D, "INTERRUPT_EXCEPTION_NOT_HANDLED" },
    { 0x3E, "MULTIPROCESSOR_CONFIGURATION_NOT_SUPPORTED" },
    { 0x3F, "NO_MORE_SYSTEM_PTES" },
    { 0x40, "TARGET_MDL_TOO_SMALL" },
    { 0x41, "MUST_SUCCEED_POOL_EMPTY" },
    { 0x42, "ATDISK_DRIVER_INTERNAL" },
    { 0x43, "NO_SUCH_PARTITION" },
    { 0x44, "MULTIPLE_IRP_COMPLETE_REQUESTS" },
    { 0x45, "INSUFFICIENT_SYSTEM_MAP_REGS" },
    { 0x46, "DEREF_UNKNOWN_LOGON_SESSION" },
    { 0x47, "REF_UNKNOWN_LOGON_SESSION" },
    { 0x48, "CANCEL_STATE_IN_COMPLETED_IRP" },
    { 0x49, "PAGE_FAULT_WITH_INTERRUPTS_OFF" },
    { 0x4A, "IRQL_GT_ZERO_AT_SYSTEM_SERVICE" },
    { 0x4B, "STREAMS_INTERNAL_ERROR" },
    { 0x4C, "FATAL_UNHANDLED_HARD_ERROR" },
    { 0x4D, "NO_PAGES_AVAILABLE" },
    { 0x4E, "PFN_LIST_CORRUPT" },
    { 0x4F, "NDIS_INTERNAL_ERROR" },
    { 0x50, "PAGE_FAULT_IN_NONPAGED_AREA" },
    { 0x51, "REGISTRY_ERROR" },
    { 0x52, "MAILSLOT_FILE_SYSTEM" },
    { 0x53, "NO_BOOT_DEVICE" },
    { 0x54, "LM_SERVER_INTERNAL_ERROR" },
    { 0x55, "DATA_COHERENCY_EXCEPTION" },
    { 0x56, "INSTRUCTION_COHERENCY_EXCEPTION" },
    { 0x57, "XNS_INTERNAL_ERROR" },
    { 0x58, "FTDISK_INTERNAL_ERROR" },
    { 0x59, "PINBALL_FILE_SYSTEM" },
    { 0x5A, "CRITICAL_SERVICE_FAILED" },
    { 0x5B, "SET_ENV_VAR_FAILED" },
    { 0x5C, "HAL_INITIALIZATION_FAILED" },
    { 0x5D, "UNSUPPORTED_PROCESSOR" },
    { 0x5E, "OBJECT_INITIALIZATION_FAILED" },
    { 0x5F, "SECURITY_INITIALIZATION_FAILED" },
    { 0x60, "PROCESS_INITIALIZATION_FAILED" },
    { 0x61, "HAL1_INITIALIZATION_FAILED" },
    { 0x62, "OBJECT1_INITIALIZATION_FAILED" },
    { 0x63, "SECURITY1_INITIALIZATION_FAILED" },
    { 0x64, "SYMBOLIC_INITIALIZATION_FAILED" },
    { 0x65, "MEMORY1_INITIALIZATION_FAILED" },
    { 0x66, "CACHE_INITIALIZATION_FAILED" },
    { 0x67, "CONFIG_INITIALIZATION_FAILED" },
    { 0x68, "FILE_INITIALIZATION_FAILED" },
    { 0x69, "IO1_INITIALIZATION_FAILED" },
    { 0x6A, "LPC_INITIALIZATION_FAILED" },
    { 0x6B, "PROCESS1_INITIALIZATION_FAILED" },
    { 0x6C, "REFMON_INITIALIZATION_FAILED" },
    { 0x6D, "SESSION1_INITIALIZATION_FAILED" },
    { 0x74, "BAD_SYSTEM_CONFIG_INFO" },
    { 0x75, "CANNOT_WRITE_CONFIGURATION" },
    { 0x76, "PROCESS_HAS_LOCKED_PAGES" },
    { 0x77, "KERNEL_STACK_INPAGE_ERROR" },
    { 0x78, "PHASE0_EXCEPTION" },
    { 0x79, "MISMATCHED_HAL" },
    { 0x7A, "KERNEL_DATA_INPAGE_ERROR" },
    { 0x7B, "INACCESSIBLE_BOOT_DEVICE" },
    { 0x7C, "BUGCODE_NDIS_DRIVER" },
    { 0x7D, "INSTALL_MORE_MEMORY" },
    { 0x7E, "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED" },
    { 0x7F, "UNEXPECTED_KERNEL_MODE_TRAP" },
    { 0x80, "NMI_HARDWARE_FAILURE" },
    { 0x81, "SPIN_LOCK_INIT_FAILURE" },
    { 0x82, "DFS_FILE_SYSTEM" },
    { 0x85, "SETUP_FAILURE" },
    { 0x8B, "MBR_CHECKSUM_MISMATCH" },
    { 0x8E, "KERNEL_MODE_EXCEPTION_NOT_HANDLED" },
    { 0x8F, "PP0_INITIALIZATION_FAILED" },
    { 0x90, "PP1_INITIALIZATION_FAILED" },
    { 0x92, "UP_DRIVER_ON_MP_SYSTEM" },
    { 0x93, "INVALID_KERNEL_HANDLE" },
    { 0x94, "KERNEL_STACK_LOCKED_AT_EXIT" },
    { 0x96, "INVALID_WORK_QUEUE_ITEM" },
    { 0x97, "BOUND_IMAGE_UNSUPPORTED" },
    { 0x98, "END_OF_NT_EVALUATION_PERIOD" },
    { 0x99, "INVALID_REGION_OR_SEGMENT" },
    { 0x9A, "SYSTEM_LICENSE_VIOLATION" },
    { 0x9B, "UDFS_FILE_SYSTEM" },
    { 0x9C, "MACHINE_CHECK_EXCEPTION" },
    { 0x9E, "USER_MODE_HEALTH_MONITOR" },
    { 0x9F, "DRIVER_POWER_STATE_FAILURE" },
    { 0xA0, "INTERNAL_POWER_ERROR" },
    { 0xA1, "PCI_BUS_DRIVER_INTERNAL" },
    { 0xA2, "MEMORY_IMAGE_CORRUPT" },
    { 0xA3, "ACPI_DRIVER_INTERNAL" },
    { 0xA4, "CNSS_FILE_SYSTEM_FILTER" },
    { 0xA5, "ACPI_BIOS_ERROR" },
    { 0xA7, "BAD_EXHANDLE" },
    { 0xAB, "SESSION_HAS_VALID_POOL_ON_EXIT" },
    { 0xAC, "HAL_MEMORY_ALLOCATION" },
    { 0xAD, "VIDEO_DRIVER_DEBUG_REPORT_REQUEST" },
    { 0xB4, "VIDEO_DRIVER_INIT_FAILURE" },
    { 0xB8, "ATTEMPTED_SWITCH_FROM_DPC" },
    { 0xB9, "CHIPSET_DETECTED_ERROR" },
    { 0xBA, "SESSION_HAS_VALID_VIEWS_ON_EXIT" },
    { 0xBB, "NETWORK_BOOT_INITIALIZATION_FAILED" },
    { 0xBC, "NETWORK_BOOT_DUPLICATE_ADDRESS" },
    { 0xBE, "ATTEMPTED_WRITE_TO_READONLY_MEMORY" },
    { 0xBF, "MUTEX_ALREADY_OWNED" },
    { 0xC1, "SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION" },
    { 0xC2, "BAD_POOL_CALLER" },
    { 0xC4, "DRIVER_VERIFIER_DETECTED_VIOLATION" },
    { 0xC5, "DRIVER_CORRUPTED_EXPOOL" },
    { 0xC6, "DRIVER_CAUGHT_MODIFYING_FREED_POOL" },
    { 0xC7, "TIMER_OR_DPC_INVALID" },
    { 0xC8, "IRQL_UNEXPECTED_VALUE" },
    { 0xC9, "DRIVER_VERIFIER_IOMANAGER_VIOLATION" },
    { 0xCA, "PNP_DETECTED_FATAL_ERROR" },
    { 0xCB, "DRIVER_LEFT_LOCKED_PAGES_IN_PROCESS" },
    { 0xCC, "PAGE_FAULT_IN_FREED_SPECIAL_POOL" },
    { 0xCD, "PAGE_FAULT_BEYOND_END_OF_ALLOCATION" },
    { 0xCE, "DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS" },
    { 0xCF, "TERMINAL_SERVER_DRIVER_MADE_INCORRECT_MEMORY_REFERENCE" },
    { 0xD0, "DRIVER_CORRUPTED_MMPOOL" },
    { 0xD1, "DRIVER_IRQL_NOT_LESS_OR_EQUAL" },
    { 0xD2, "BUGCODE_ID_DRIVER" },
    { 0xD3, "DRIVER_PORTION_MUST_BE_NONPAGED" },
    { 0xD4, "SYSTEM_SCAN_AT_RAISED_IRQL_CAUGHT_IMPROPER_DRIVER_UNLOAD" },
    { 0xD5, "DRIVER_PAGE_FAULT_IN_FREED_SPECIAL_POOL" },
    { 0xD6, "DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION" },
    { 0xD7, "DRIVER_UNMAPPING_INVALID_VIEW" },
    { 0xD8, "DRIVER_USED_EXCESSIVE_PTES" },
    { 0xD9, "LOCKED_PAGES_TRACKER_CORRUPTION" },
    { 0xDA, "SYSTEM_PTE_MISUSE" },
    { 0xDB, "DRIVER_CORRUPTED_SYSPTES" },
    { 0xDC, "DRIVER_INVALID_STACK_ACCESS" },
    { 0xDE, "POOL_CORRUPTION_IN_FILE_AREA" },
    { 0xDF, "IMPERSONATING_WORKER_THREAD" },
    { 0xE0, "ACPI_BIOS_FATAL_ERROR" },
    { 0xE1, "WORKER_THREAD_RETURNED_AT_BAD_IRQL" },
    { 0xE2, "MANUALLY_INITIATED_CRASH" },
    { 0xE3, "RESOURCE_NOT_OWNED" },
    { 0xE4, "WORKER_INVALID" },
    { 0xE6, "DRIVER_VERIFIER_DMA_VIOLATION" },
    { 0xE7, "INVALID_FLOATING_POINT_STATE" },
    { 0xE8, "INVALID_CANCEL_OF_FILE_OPEN" },
    { 0xE9, "ACTIVE_EX_WORKER_THREAD_TERMINATION" },
    { 0xEA, "THREAD_STUCK_IN_DEVICE_DRIVER" },
    { 0xEB, "DIRTY_MAPPED_PAGES_CONGESTION" },
    { 0xEC, "SESSION_HAS_VALID_SPECIAL_POOL_ON_EXIT" },
    { 0xED, "UNMOUNTABLE_BOOT_VOLUME" },
    { 0xEF, "CRITICAL_PROCESS_DIED" },
    { 0xF1, "SCSI_VERIFIER_DETECTED_VIOLATION" },
    { 0xF4, "CRITICAL_OBJECT_TERMINATION" },
    { 0xF5, "FLTMGR_FILE_SYSTEM" },
    { 0xF7, "DRIVER_OVERRAN_STACK_BUFFER" },
    { 0xF8, "RAMDISK_BOOT_INITIALIZATION_FAILED" },
    { 0xF9, "DRIVER_RETURNED_STATUS_REPARSE_FOR_VOLUME_OPEN" },
    { 0xFA, "HTTP_DRIVER_CORRUPTED" },
    { 0xFC, "ATTEMPTED_EXECUTE_OF_NOEXECUTE_MEMORY" },
    { 0xFD, "DIRTY_NOWRITE_PAGES_CONGESTION" },
    { 0xFE, "BUGCODE_USB_DRIVER" },
    { 0xFF, "RESERVE_QUEUE_OVERFLOW" },
    { 0x100, "LOADER_BLOCK_MISMATCH" },
    { 0x101, "CLOCK_WATCHDOG_TIMEOUT" },
    { 0x102, "DPC_WATCHDOG_TIMEOUT" },
    { 0x103, "MUP_FILE_SYSTEM" },
    { 0x104, "AGP_INVALID_ACCESS" },
    { 0x105, "AGP_GART_CORRUPTION" },
    { 0x106, "AGP_ILLEGALLY_REPROGRAMMED" },
    { 0x108, "THIRD_PARTY_FILE_SYSTEM_FAILURE" },
    { 0x109, "CRITICAL_STRUCTURE_CORRUPTION" },
    { 0x10A, "APP_TAGGING_INITIALIZATION_FAILED" },
    { 0x10C, "FSRTL_EXTRA_CREATE_PARAMETER_VIOLATION" },
    { 0x10D, "WDF_VIOLATION" },
    { 0x10E, "VIDEO_MEMORY_MANAGEMENT_INTERNAL" },
    { 0x10F, "RESOURCE_MANAGER_EXCEPTION_NOT_HANDLED" },
    { 0x111, "RECURSIVE_NMI" },
    { 0x112, "MSRPC_STATE_VIOLATION" },
    { 0x113, "VIDEO_DXGKRNL_FATAL_ERROR" },
    { 0x116, "VIDEO_TDR_FAILURE" },
    { 0x117, "VIDEO_TDR_TIMEOUT_DETECTED" },
    { 0x119, "VIDEO_SCHEDULER_INTERNAL_ERROR" },
    { 0x11A, "EM_INITIALIZATION_FAILURE" },
    { 0x11B, "DRIVER_RETURNED_HOLDING_CANCEL_LOCK" },
    { 0x11C, "ATTEMPTED_WRITE_TO_CM_PROTECTED_STORAGE" },
    { 0x11D, "EVENT_TRACING_FATAL_ERROR" },
    { 0x11E, "TOO_MANY_RECURSIVE_FAULTS" },
    { 0x11F, "INVALID_DRIVER_HANDLE" },
    { 0x120, "BITLOCKER_FATAL_ERROR" },
    { 0x121, "DRIVER_VIOLATION" },
    { 0x122, "WHEA_INTERNAL_ERROR" },
    { 0x124, "WHEA_UNCORRECTABLE_ERROR" },
    { 0x127, "PAGE_NOT_ZERO" },
    { 0x12B, "FAULTY_HARDWARE_CORRUPTED_PAGE" },
    { 0x12C, "EXFAT_FILE_SYSTEM" },
    { 0x131, "RESOURCE_OWNER_POINTER_INVALID" },
    { 0x133, "DPC_WATCHDOG_VIOLATION" },
    { 0x134, "DRIVE_EXTENDER" },
    { 0x135, "REGISTRY_FILTER_DRIVER_EXCEPTION" },
    { 0x138, "GPIO_CONTROLLER_DRIVER_ERROR" },
    { 0x139, "KERNEL_SECURITY_CHECK_FAILURE" },
    { 0x13A, "KERNEL_MODE_HEAP_CORRUPTION" },
    { 0x13B, "PASSIVE_INTERRUPT_ERROR" },
    { 0x13C, "INVALID_IO_BOOST_STATE" },
    { 0x13D, "CRITICAL_INITIALIZATION_FAILURE" },
    { 0x140, "STORAGE_DEVICE_ABNORMALITY_DETECTED" },
    { 0x144, "BUGCODE_USB3_DRIVER" },
    { 0x149, "REFS_FILE_SYSTEM" },
    { 0x14A, "KERNEL_WMI_INTERNAL" },
    { 0x14B, "SOC_SUBSYSTEM_FAILURE" },
    { 0x154, "UNEXPECTED_STORE_EXCEPTION" },
    { 0x156, "WINSOCK_DETECTED_HUNG_CLOSESOCKET_LIVEDUMP" },
    { 0x157, "KERNEL_THREAD_PRIORITY_FLOOR_VIOLATION" },
    { 0x15F, "CONNECTED_STANDBY_WATCHDOG_TIMEOUT_LIVEDUMP" },
    { 0x160, "WIN32K_ATOMIC_CHECK_FAILURE" },
    { 0x162, "KERNEL_AUTO_BOOST_INVALID_LOCK_RELEASE" },
    { 0x163, "WORKER_THREAD_TEST_CONDITION" },
    { 0x16C, "INVALID_RUNDOWN_PROTECTION_FLAGS" },
    { 0x16D, "INVALID_SLOT_ALLOCATOR_FLAGS" },
    { 0x16E, "ERESOURCE_INVALID_RELEASE" },
    { 0x175, "PREVIOUS_FATAL_ABNORMAL_RESET_ERROR" },
    { 0x178, "ELAM_DRIVER_DETECTED_FATAL_ERROR" },
    { 0x187, "VIDEO_DWMINIT_TIMEOUT_FALLBACK_BDD" },
    { 0x189, "BAD_OBJECT_HEADER" },
    { 0x18B, "SECURE_KERNEL_ERROR" },
    { 0x18C, "HYPERGUARD_VIOLATION" },
    { 0x18E, "KERNEL_PARTITION_REFERENCE_VIOLATION" },
    { 0x190, "WIN32K_CRITICAL_FAILURE_LIVEDUMP" },
    { 0x191, "PF_DETECTED_CORRUPTION" },
    { 0x192, "KERNEL_AUTO_BOOST_LOCK_ACQUISITION_WITH_RAISED_IRQL" },
    { 0x193, "VIDEO_DXGKRNL_LIVEDUMP" },
    { 0x196, "LOADER_ROLLBACK_DETECTED" },
    { 0x197, "WIN32K_SECURITY_FAILURE" },
    { 0x199, "KERNEL_STORAGE_SLOT_IN_USE" },
    { 0x19A, "WORKER_THREAD_RETURNED_WHILE_ATTACHED_TO_SILO" },
    { 0x19B, "TTM_FATAL_ERROR" },
    { 0x19C, "WIN32K_POWER_WATCHDOG_TIMEOUT" },
    { 0x1A0, "TTM_WATCHDOG_TIMEOUT" },
    { 0x1C4, "DRIVER_VERIFIER_DETECTED_VIOLATION_LIVEDUMP" },
    { 0x1C5, "IO_THREADPOOL_DEADLOCK_LIVEDUMP" },
    { 0x1C6, "FAST_ERESOURCE_PRECONDITION_VIOLATION" },
    { 0x1C7, "STORE_DATA_STRUCTURE_CORRUPTION" },
    { 0x1C8, "MANUALLY_INITIATED_POWER_BUTTON_HOLD" },
    { 0x1CA, "SYNTHETIC_WATCHDOG_TIMEOUT" },
    { 0x1CC, "EXRESOURCE_TIMEOUT_LIVEDUMP" },
    { 0x1CD, "INVALID_CALLBACK_STACK_ADDRESS" },
    { 0x1CE, "INVALID_KERNEL_STACK_ADDRESS" },
    { 0x1D5, "DRIVER_PNP_WATCHDOG" },
    { 0x1D6, "WORKER_THREAD_RETURNED_WITH_NON_DEFAULT_WORKLOAD_CLASS" },
    { 0x1DA, "HAL_BLOCKED_PROCESSOR_INTERNAL_ERROR" },
    { 0x1E4, "VIDEO_DXGKRNL_SYSMM_FATAL_ERROR" },
    { 0x20001, "HYPERVISOR_ERROR" },
    { 0xDEADDEAD, "MANUALLY_INITIATED_CRASH1" },
};

NTIO_EXPORT const char *KiBugCheckName(ULONG Code)
{
    size_t i;

    for (i = 0; i < RTL_NUMBER_OF(KiBugCheckNames); i++)
        if (KiBugCheckNames[i].Code == Code)
            return KiBugCheckNames[i].Name;
    return NULL;
}

/* ---- callbacks ------------------------------------------------------------- */

static KI_BUGCHECK_CALLBACK KiBugCheckCallbacks[KI_BUGCHECK_MAX_CALLBACKS];

NTIO_EXPORT BOOLEAN KiRegisterBugCheckCallback(KI_BUGCHECK_CALLBACK Callback)
{
    int i;

    for (i = 0; i < KI_BUGCHECK_MAX_CALLBACKS; i++)
        if (__atomic_load_n(&KiBugCheckCallbacks[i], __ATOMIC_ACQUIRE) == Callback)
            return TRUE;
    for (i = 0; i < KI_BUGCHECK_MAX_CALLBACKS; i++) {
        KI_BUGCHECK_CALLBACK Empty = NULL;
        if (__atomic_compare_exchange_n(&KiBugCheckCallbacks[i], &Empty, Callback, FALSE,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            return TRUE;
    }
    return FALSE;
}

NTIO_EXPORT VOID KiDeregisterBugCheckCallback(KI_BUGCHECK_CALLBACK Callback)
{
    int i;

    for (i = 0; i < KI_BUGCHECK_MAX_CALLBACKS; i++) {
        KI_BUGCHECK_CALLBACK Expected = Callback;
        __atomic_compare_exchange_n(&KiBugCheckCallbacks[i], &Expected, NULL, FALSE,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    }
}

/* ---- the state of the one bug check ---------------------------------------- */

static pid_t KiBugCheckOwner;   /* thread id of the bug-checking thread, 0 = none */

static struct {
    ULONG Code;
    ULONG_PTR Parameter[4];
    const ucontext_t *Context;        /* the fault, or NULL */
    KI_BUGCHECK_EXCEPTION Exception;
    BOOLEAN HaveException;
    ULONG_PTR Frames[KI_MAX_FRAMES];  /* Frames[0] = faulting PC / KeBugCheckEx's caller */
    int FrameCount;
    BOOLEAN Unwound;                  /* FALSE: the unwinder did not reach Frames[0] */
    ULONG_PTR Raw[KI_MAX_FRAMES];     /* the whole backtrace, when !Unwound */
    int RawCount;
    int Fd[2];
    int FdCount;
    pid_t Thread;
    LONG KernelDepth;
} KiReport;

/* the report runs on this stack */
static unsigned char KiBugCheckStack[1024 * 1024] __attribute__((aligned(64)));

NTIO_EXPORT BOOLEAN KiBugCheckInProgress(VOID)
{
    return __atomic_load_n(&KiBugCheckOwner, __ATOMIC_ACQUIRE) != 0;
}

/* write() the whole buffer to every report destination */
static void KiReportWriteRaw(const char *Text, size_t Length)
{
    int i;

    for (i = 0; i < KiReport.FdCount; i++) {
        const char *p = Text;
        size_t Left = Length;
        while (Left > 0) {
            ssize_t n = write(KiReport.Fd[i], p, Left);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            p += n;
            Left -= (size_t)n;
        }
    }
}

static void __attribute__((format(printf, 1, 2))) KiReportPrintfRaw(const char *Format, ...)
{
    char Line[512];
    va_list Args;
    int n;

    va_start(Args, Format);
    n = vsnprintf(Line, sizeof Line, Format, Args);
    va_end(Args);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof Line)
        n = sizeof Line - 1;
    KiReportWriteRaw(Line, (size_t)n);
}

NTIO_EXPORT DECLSPEC_NORETURN VOID KiBugCheckReentered(int Signal, ULONG_PTR Pc)
{
    if (__atomic_load_n(&KiBugCheckOwner, __ATOMIC_ACQUIRE) == gettid()) {
        char Line[160];
        int n = snprintf(Line, sizeof Line,
                         "*** ntio BUGCHECK: %s at 0x%lx while reporting bug check 0x%08X; "
                         "giving up\n",
                         Signal ? strsignal(Signal) : "exception raised", (unsigned long)Pc,
                         KiReport.Code);
        if (n > 0)
            (void)!write(STDERR_FILENO, Line,
                         (size_t)n < sizeof Line ? (size_t)n : sizeof Line - 1);
        _exit(128 + SIGABRT);
    }
    /* another thread is bug-checking: it ends the process */
    for (;;)
        pause();
}

static void KiBugCheckTimeout(int Signal)
{
    static const char Text[] = "*** ntio BUGCHECK: the report did not finish in time; aborting\n";

    (void)Signal;
    (void)!write(STDERR_FILENO, Text, sizeof Text - 1);
    abort();
}

/* ---- modules and symbols ------------------------------------------------------ */

typedef struct _KI_FRAME_INFO {
    const char *Module;               /* basename, or NULL */
    ULONG_PTR ModuleOffset;
    const char *Symbol;               /* the ELF symbol (outermost function) */
    ULONG_PTR SymbolOffset;
    const char *Function;             /* innermost (inlined) function */
    const char *File;
    int Line;
    int InlineCount;                  /* callers the innermost function is inlined into */
    struct {
        const char *Function;
        const char *File;
        int Line;
    } Inline[KI_MAX_INLINE];
    Dwfl_Module *DwflModule;
} KI_FRAME_INFO;

static const char *KiBaseName(const char *Path)
{
    const char *Slash;

    if (Path == NULL)
        return NULL;
    Slash = strrchr(Path, '/');
    return Slash ? Slash + 1 : Path;
}

static Dwfl *KiOpenDwfl(void)
{
    static char *DebugInfoPath = NULL;
    static const Dwfl_Callbacks Callbacks = {
        .find_elf = dwfl_linux_proc_find_elf,
        .find_debuginfo = dwfl_standard_find_debuginfo,
        .debuginfo_path = &DebugInfoPath,
    };
    Dwfl *Session = dwfl_begin(&Callbacks);

    if (Session == NULL)
        return NULL;
    dwfl_report_begin(Session);
    if (dwfl_linux_proc_report(Session, getpid()) != 0) {
        dwfl_end(Session);
        return NULL;
    }
    dwfl_report_end(Session, NULL, NULL);
    return Session;
}

static const char *KiDieName(Dwarf_Die *Die)
{
    Dwarf_Attribute Attribute;

    return dwarf_formstring(dwarf_attr_integrate(Die, DW_AT_name, &Attribute));
}

static BOOLEAN KiIsFunctionScope(Dwarf_Die *Die)
{
    int Tag = dwarf_tag(Die);

    return Tag == DW_TAG_subprogram || Tag == DW_TAG_inlined_subroutine ||
           Tag == DW_TAG_entry_point;
}

/*
 * The innermost function at Address, and the functions it is inlined into
 * with their call sites.  dwarf_getscopes continues an inlined subroutine
 * with the scopes of its abstract definition; the chain of concrete
 * callers comes from dwarf_getscopes_die (as in eu-addr2line -i).
 */
static void KiDescribeInlining(Dwarf_Die *Cu, Dwarf_Addr Address, KI_FRAME_INFO *Info)
{
    Dwarf_Die *Scopes = NULL, *Chain = NULL, *Walk;
    Dwarf_Files *Files = NULL;
    size_t FileCount = 0;
    int Count, WalkCount, i, First = -1, Pending = -1;

    Count = dwarf_getscopes(Cu, Address, &Scopes);
    for (i = 0; i < Count; i++) {
        if (KiIsFunctionScope(&Scopes[i])) {
            First = i;
            break;
        }
    }
    if (First < 0) {
        free(Scopes);
        return;
    }
    Walk = &Scopes[First];
    WalkCount = Count - First;
    if (dwarf_tag(&Scopes[First]) == DW_TAG_inlined_subroutine) {
        int ChainCount = dwarf_getscopes_die(&Scopes[First], &Chain);
        if (ChainCount > 0) {
            Walk = Chain;
            WalkCount = ChainCount;
        }
    }
    if (dwarf_getsrcfiles(Cu, &Files, &FileCount) != 0)
        Files = NULL;

    for (i = 0; i < WalkCount; i++) {
        if (!KiIsFunctionScope(&Walk[i]))
            continue;
        if (Info->Function == NULL) {
            Info->Function = KiDieName(&Walk[i]);
        } else if (Pending >= 0 && Info->InlineCount < KI_MAX_INLINE) {
            Dwarf_Attribute Attribute;
            Dwarf_Word FileIndex = 0, LineNumber = 0;
            int k = Info->InlineCount++;

            Info->Inline[k].Function = KiDieName(&Walk[i]);
            if (Files != NULL &&
                dwarf_formudata(dwarf_attr(&Walk[Pending], DW_AT_call_file, &Attribute),
                                &FileIndex) == 0 &&
                FileIndex < FileCount)
                Info->Inline[k].File = dwarf_filesrc(Files, FileIndex, NULL, NULL);
            if (dwarf_formudata(dwarf_attr(&Walk[Pending], DW_AT_call_line, &Attribute),
                                &LineNumber) == 0)
                Info->Inline[k].Line = (int)LineNumber;
        }
        if (dwarf_tag(&Walk[i]) != DW_TAG_inlined_subroutine)
            break;   /* reached the real function */
        Pending = i;
    }
    free(Chain);
    free(Scopes);
}

/* Describe the code at Pc; Exact is FALSE for return addresses. */
static void KiDescribe(Dwfl *Session, ULONG_PTR Pc, BOOLEAN Exact, KI_FRAME_INFO *Info)
{
    ULONG_PTR Lookup = Exact || Pc == 0 ? Pc : Pc - 1;
    Dl_info Dl;

    memset(Info, 0, sizeof *Info);
    if (Session != NULL) {
        Dwfl_Module *Module = dwfl_addrmodule(Session, Lookup);
        if (Module != NULL) {
            Dwarf_Addr Start = 0;
            GElf_Off Offset = 0;
            GElf_Sym Symbol;
            const char *Name = dwfl_module_info(Module, NULL, &Start, NULL, NULL, NULL, NULL, NULL);
            Dwfl_Line *Line;
            Dwarf_Addr Bias = 0;
            Dwarf_Die *Cu;

            Info->DwflModule = Module;
            Info->Module = KiBaseName(Name);
            Info->ModuleOffset = Pc - (ULONG_PTR)Start;
            Info->Symbol = dwfl_module_addrinfo(Module, Lookup, &Offset, &Symbol, NULL, NULL, NULL);
            Info->SymbolOffset = (ULONG_PTR)Offset + (Pc - Lookup);
            Line = dwfl_module_getsrc(Module, Lookup);
            if (Line != NULL)
                Info->File = dwfl_lineinfo(Line, NULL, &Info->Line, NULL, NULL, NULL);

            Cu = dwfl_module_addrdie(Module, Lookup, &Bias);
            if (Cu != NULL)
                KiDescribeInlining(Cu, Lookup - Bias, Info);
        }
    }
    if (Info->Module == NULL && dladdr((void *)Lookup, &Dl) != 0) {
        Info->Module = KiBaseName(Dl.dli_fname);
        Info->ModuleOffset = Pc - (ULONG_PTR)Dl.dli_fbase;
        if (Info->Symbol == NULL && Dl.dli_sname != NULL) {
            Info->Symbol = Dl.dli_sname;
            Info->SymbolOffset = Pc - (ULONG_PTR)Dl.dli_saddr;
        }
    }
    if (Info->Module != NULL && Info->Module[0] == '\0')
        Info->Module = program_invocation_short_name;
    if (Info->Function == NULL)
        Info->Function = Info->Symbol;
}

static BOOLEAN KiIsDriverImage(const char *Module)
{
    size_t Length = Module ? strlen(Module) : 0;

    return Length > 4 && strcasecmp(Module + Length - 4, ".sys") == 0;
}

static BOOLEAN KiIsSystemLibrary(const char *Module)
{
    static const char *const Prefixes[] = {
        "libc.so", "libc-", "ld-linux", "ld64.so", "libgcc_s", "libstdc++", "libasan", "libubsan",
        "libtsan", "liblsan", "libhwasan", "libdw", "libelf", "libpthread", "libm.so", "libdl",
        "librt", "libz.so", "liblzma", "libbz2", "libzstd", "linux-vdso", "[vdso]",
    };
    size_t i;

    if (Module == NULL)
        return TRUE;
    for (i = 0; i < RTL_NUMBER_OF(Prefixes); i++)
        if (strncmp(Module, Prefixes[i], strlen(Prefixes[i])) == 0)
            return TRUE;
    return FALSE;
}

static void KiPrintFrame(FILE *Out, int Index, ULONG_PTR Pc, const KI_FRAME_INFO *Info)
{
    int i;

    fprintf(Out, "  #%-2d 0x%016lx", Index, (unsigned long)Pc);
    if (Info->Module != NULL)
        fprintf(Out, "  %s+0x%lx", Info->Module, (unsigned long)Info->ModuleOffset);
    else
        fprintf(Out, "  ?");
    if (Info->Function != NULL && Info->InlineCount > 0)
        fprintf(Out, "  %s", Info->Function);
    else if (Info->Symbol != NULL)
        fprintf(Out, "  %s+0x%lx", Info->Symbol, (unsigned long)Info->SymbolOffset);
    if (Info->File != NULL)
        fprintf(Out, "  (%s:%d)", Info->File, Info->Line);
    fputc('\n', Out);
    for (i = 0; i < Info->InlineCount; i++) {
        BOOLEAN Last = i == Info->InlineCount - 1;
        fprintf(Out, "        inlined into %s",
                Info->Inline[i].Function ? Info->Inline[i].Function : "?");
        if (Last && Info->Symbol != NULL)
            fprintf(Out, " (%s+0x%lx)", Info->Symbol, (unsigned long)Info->SymbolOffset);
        if (Info->Inline[i].File != NULL)
            fprintf(Out, "  (%s:%d)", Info->Inline[i].File, Info->Inline[i].Line);
        fputc('\n', Out);
    }
}

/* ---- the report ------------------------------------------------------------------ */

static ssize_t KiReportCookieWrite(void *Cookie, const char *Buffer, size_t Size)
{
    (void)Cookie;
    KiReportWriteRaw(Buffer, Size);
    return (ssize_t)Size;
}

static void KiWriteReport(void)
{
    static char LineBuffer[4096];
    static KI_FRAME_INFO Info[KI_MAX_FRAMES];
    cookie_io_functions_t Io = { .write = KiReportCookieWrite };
    FILE *Out;
    Dwfl *Session;
    Dwfl_Module *Kernel = NULL;
    const char *KernelName = NULL;
    int i, Culprit = -1;

    Out = fopencookie(NULL, "w", Io);
    if (Out == NULL) {
        KiReportPrintfRaw("(report stream unavailable: %s)\n", strerror(errno));
        return;
    }
    setvbuf(Out, LineBuffer, _IOLBF, sizeof LineBuffer);

    Session = KiOpenDwfl();
    {
        KI_FRAME_INFO Self;
        KiDescribe(Session, (ULONG_PTR)&KeBugCheckEx, TRUE, &Self);
        Kernel = Self.DwflModule;
        KernelName = Self.Module;
    }
    for (i = 0; i < KiReport.FrameCount; i++)
        KiDescribe(Session, KiReport.Frames[i], i == 0 && KiReport.Context != NULL, &Info[i]);

    /* the culprit: a driver image first, then any module that is not the
       kernel or a system library, else where it happened */
    for (i = 0; i < KiReport.FrameCount && Culprit < 0; i++)
        if (KiIsDriverImage(Info[i].Module))
            Culprit = i;
    for (i = 0; i < KiReport.FrameCount && Culprit < 0; i++) {
        BOOLEAN IsKernel = Kernel != NULL ? Info[i].DwflModule == Kernel
                                          : (Info[i].Module && KernelName &&
                                             strcmp(Info[i].Module, KernelName) == 0);
        if (Info[i].Module != NULL && !IsKernel && !KiIsSystemLibrary(Info[i].Module))
            Culprit = i;
    }
    for (i = 0; i < KiReport.FrameCount && Culprit < 0; i++)
        if (Info[i].Module != NULL)
            Culprit = i;
    if (Culprit < 0 && KiReport.FrameCount > 0)
        Culprit = 0;

    if (Culprit >= 0) {
        const KI_FRAME_INFO *C = &Info[Culprit];
        fprintf(Out, "Culprit: %s (at %s+0x%lx", C->Module ? C->Module : "unknown module",
                C->Module ? C->Module : "?", (unsigned long)C->ModuleOffset);
        if (C->Function != NULL)
            fprintf(Out, ", in %s", C->Function);
        if (C->File != NULL)
            fprintf(Out, ", %s:%d", C->File, C->Line);
        fprintf(Out, ")\n");
    }
    fprintf(Out, "Thread: %d, %s\n", (int)KiReport.Thread,
            KiReport.KernelDepth > 0 ? "in kernel" : "in application code");
    fprintf(Out, "Stack:\n");
    for (i = 0; i < KiReport.FrameCount; i++) {
        int Repeats = 0;
        KiPrintFrame(Out, i, KiReport.Frames[i], &Info[i]);
        while (i + 1 < KiReport.FrameCount && KiReport.Frames[i + 1] == KiReport.Frames[i]) {
            Repeats++;
            i++;
        }
        if (Repeats > 0)
            fprintf(Out, "        ... the same frame %d more time%s (recursion)\n", Repeats,
                    Repeats == 1 ? "" : "s");
    }
    if (KiReport.FrameCount == KI_MAX_FRAMES)
        fprintf(Out, "  ... (deeper frames not shown)\n");
    if (!KiReport.Unwound && KiReport.FrameCount < 2) {
        fprintf(Out, "  (the unwinder did not reach the faulting frame; whole backtrace:)\n");
        for (i = 0; i < KiReport.RawCount; i++) {
            KI_FRAME_INFO Raw;
            KiDescribe(Session, KiReport.Raw[i], FALSE, &Raw);
            KiPrintFrame(Out, i, KiReport.Raw[i], &Raw);
        }
    }
    fflush(Out);

    for (i = 0; i < KI_BUGCHECK_MAX_CALLBACKS; i++) {
        KI_BUGCHECK_CALLBACK Callback = __atomic_load_n(&KiBugCheckCallbacks[i], __ATOMIC_ACQUIRE);
        if (Callback != NULL) {
            Callback(Out);
            fflush(Out);
        }
    }
    fprintf(Out, "*** end of ntio bugcheck report\n");
    fflush(Out);
    /* the stream and the elfutils session are left open: the process ends now */
}

/* Call Function on KiBugCheckStack and come back. */
static void KiCallOnBugCheckStack(void (*Function)(void))
{
    void *Top = KiBugCheckStack + sizeof KiBugCheckStack;

    __asm__ __volatile__("movq %%rsp, %%rbx\n\t"
                         "movq %1, %%rsp\n\t"
                         "callq *%0\n\t"
                         "movq %%rbx, %%rsp\n\t"
                         : "+r"(Function)
                         : "r"(Top)
                         : "rbx", "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
                           "memory", "cc", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5",
                           "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13",
                           "xmm14", "xmm15", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)",
                           "st(6)", "st(7)");
}

static void KiCaptureStack(ULONG_PTR StartPc, const ucontext_t *Context)
{
    void *Raw[KI_MAX_FRAMES + 8];
    int Count = backtrace(Raw, (int)RTL_NUMBER_OF(Raw));
    int i, Start = -1;

    for (i = 0; i < Count; i++) {
        if ((ULONG_PTR)Raw[i] == StartPc) {
            Start = i;
            break;
        }
    }
    KiReport.FrameCount = 0;
    if (Start >= 0) {
        KiReport.Unwound = TRUE;
        for (i = Start; i < Count && KiReport.FrameCount < KI_MAX_FRAMES; i++)
            KiReport.Frames[KiReport.FrameCount++] = (ULONG_PTR)Raw[i];
        return;
    }
    /* The unwinder could not get there, typically because the PC is not in
       any code (a call through a bad function pointer).  The word at the
       stack pointer is then the return address into the caller. */
    KiReport.Unwound = FALSE;
    KiReport.Frames[KiReport.FrameCount++] = StartPc;
    if (Context != NULL) {
        Dl_info Dl;
        ULONG_PTR Sp = (ULONG_PTR)Context->uc_mcontext.gregs[REG_RSP];
        if (dladdr((void *)StartPc, &Dl) == 0 && Sp != 0 && (Sp & 7) == 0) {
            ULONG_PTR Return = *(const ULONG_PTR *)Sp;
            if (dladdr((void *)Return, &Dl) != 0)
                KiReport.Frames[KiReport.FrameCount++] = Return;
        }
    }
    for (i = 0; i < Count && KiReport.RawCount < KI_MAX_FRAMES; i++)
        KiReport.Raw[KiReport.RawCount++] = (ULONG_PTR)Raw[i];
}

NTIO_EXPORT DECLSPEC_NORETURN VOID KiBugCheck(ULONG Code, ULONG_PTR P1, ULONG_PTR P2,
                                             ULONG_PTR P3, ULONG_PTR P4, ULONG_PTR StartPc,
                                             const void *SignalContext,
                                             const KI_BUGCHECK_EXCEPTION *Exception)
{
    pid_t Self = gettid();
    pid_t Expected = 0;
    const char *Name = KiBugCheckName(Code);
    const char *Path;
    int i;

    if (!__atomic_compare_exchange_n(&KiBugCheckOwner, &Expected, Self, FALSE, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE))
        KiBugCheckReentered(0, StartPc);

    /* faults from here on are not the driver's to handle; a callback may
       still use __try for itself */
    __ntio_seh_thread.Top = NULL;
    __ntio_seh_thread.FaultNesting = 0;

    KiReport.Code = Code;
    KiReport.Parameter[0] = P1;
    KiReport.Parameter[1] = P2;
    KiReport.Parameter[2] = P3;
    KiReport.Parameter[3] = P4;
    KiReport.Context = SignalContext;
    if (Exception != NULL) {
        KiReport.Exception = *Exception;
        KiReport.HaveException = TRUE;
    }
    KiReport.Thread = Self;
    KiReport.KernelDepth = __ntio_seh_thread.KernelDepth;
    KiReport.Fd[KiReport.FdCount++] = STDERR_FILENO;
    Path = getenv("NTIO_BUGCHECK_FILE");
    if (Path != NULL && Path[0] != '\0') {
        int Fd = open(Path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (Fd >= 0)
            KiReport.Fd[KiReport.FdCount++] = Fd;
    }

    KiCaptureStack(StartPc, SignalContext);

    /* what the program printed so far comes before the report (unless the
       dead code holds a stream's lock) */
    if (ftrylockfile(stdout) == 0) {
        fflush_unlocked(stdout);
        funlockfile(stdout);
    }
    if (ftrylockfile(stderr) == 0) {
        fflush_unlocked(stderr);
        funlockfile(stderr);
    }

    /* what always comes out, whatever happens next */
    KiReportPrintfRaw("\n*** ntio BUGCHECK 0x%08X (%s)\n", Code,
                      Name ? Name : "unknown bug check code");
    KiReportPrintfRaw("Arguments: 0x%016lx 0x%016lx 0x%016lx 0x%016lx\n", (unsigned long)P1,
                      (unsigned long)P2, (unsigned long)P3, (unsigned long)P4);
    if (KiReport.HaveException) {
        const KI_BUGCHECK_EXCEPTION *E = &KiReport.Exception;
        const char *ExceptionName = KiExceptionName(E->Code);
        char Detail[96] = "";
        if (E->StackOverflow)
            snprintf(Detail, sizeof Detail, " (stack overflow touching 0x%lx)",
                     (unsigned long)E->Information[1]);
        else if (E->Code == STATUS_ACCESS_VIOLATION && E->NumberParameters >= 2)
            snprintf(Detail, sizeof Detail, " %s 0x%016lx",
                     E->Information[0] == EXCEPTION_WRITE_FAULT     ? "writing"
                     : E->Information[0] == EXCEPTION_EXECUTE_FAULT ? "executing"
                                                                    : "reading",
                     (unsigned long)E->Information[1]);
        KiReportPrintfRaw("Exception: 0x%08X %s%s at 0x%016lx\n", (ULONG)E->Code,
                          ExceptionName ? ExceptionName : "", Detail, (unsigned long)E->Address);
    }

    /* the rest allocates and needs stack: do it on a stack of its own, and
       give up rather than hang if the heap lock is held by the dead code */
    {
        struct sigaction Timeout;
        memset(&Timeout, 0, sizeof Timeout);
        Timeout.sa_handler = KiBugCheckTimeout;
        sigaction(SIGALRM, &Timeout, NULL);
        alarm(30);
    }
    KiCallOnBugCheckStack(KiWriteReport);
    alarm(0);

    for (i = 1; i < KiReport.FdCount; i++)
        close(KiReport.Fd[i]);
    KiReport.FdCount = 1;
    abort();
}

NTIO_EXPORT DECLSPEC_NORETURN VOID NTAPI KeBugCheckEx(ULONG BugCheckCode,
                                                     ULONG_PTR BugCheckParameter1,
                                                     ULONG_PTR BugCheckParameter2,
                                                     ULONG_PTR BugCheckParameter3,
                                                     ULONG_PTR BugCheckParameter4)
{
    KiBugCheck(BugCheckCode, BugCheckParameter1, BugCheckParameter2, BugCheckParameter3,
               BugCheckParameter4, (ULONG_PTR)__builtin_return_address(0), NULL, NULL);
}

NTIO_EXPORT DECLSPEC_NORETURN VOID NTAPI KeBugCheck(ULONG BugCheckCode)
{
    KiBugCheck(BugCheckCode, 0, 0, 0, 0, (ULONG_PTR)__builtin_return_address(0), NULL, NULL);
}
