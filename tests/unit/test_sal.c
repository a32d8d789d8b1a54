/*
 * test_sal.c - SAL and driver annotations compile away.
 *
 * The declarations below copy the shapes of annotated code in the WDK
 * samples (sioctl, event, cancel, toaster, kmdf echo) and headers (wdm.h,
 * wdf.h): SAL 2 on parameters, returns, typedefs and struct fields, _When_
 * and _At_ with expressions, __drv_* legacy annotations, SAL 1 "__in"
 * style prototypes, concurrency annotations and the statement-like macros.
 * The names inside annotations (IRQL levels, IRP_MJ_* codes, lock names)
 * deliberately do not exist here: the macros must discard them unseen.
 *
 * System headers are included *after* the annotation headers on purpose:
 * none of the annotation names may break them (glibc, Linux uapi, and in
 * the C++ build libstdc++).  The file is also compiled as C++:
 *     g++ -x c++ -fshort-wchar -Iinclude -Iinclude/ddk -Itests -fsyntax-only
 */
#define _GNU_SOURCE 1 /* <sys/stat.h> then pulls in <linux/stat.h> (a __reserved member) */

#ifdef NTIO_SAL_SYSTEM_NAMES /* set on the command line: do not check the default */
#define TEST_SYSTEM_NAMES_GIVEN 1
#endif

#include <ntio/basetypes.h>
#include <ntio/sal.h>
#include <driverspecs.h>
#include <specstrings.h>
#include <sal.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <arpa/inet.h>   /* __in, __out as parameter names */
#include <netinet/in.h>
#include <link.h>        /* __callback */
#include <envz.h>        /* __override */
#include <regex.h>       /* __range */
#if NTIO_SAL_SYSTEM_NAMES < 2
#include <sys/stat.h>    /* struct statx_timestamp: __reserved */
#include <linux/futex.h> /* struct futex_waitv: __reserved */
#endif
#include <pthread.h>

#if defined(__cplusplus) && NTIO_SAL_SYSTEM_NAMES == 0
#include <algorithm> /* __out, __in as variables in libstdc++ */
#include <atomic>    /* __success */
#include <charconv>  /* __valid */
#include <chrono>    /* __bound */
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <random> /* __range */
#include <regex>  /* __pre, __out */
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>
#endif

#include "harness.h"

/* ------------------------------------------------------------------------
 * Test-local stand-ins for kernel types (no DDK header is included).
 */
#define TEST_STATUS_SUCCESS ((NTSTATUS)0x00000000L)
#define TEST_STATUS_BUFFER_TOO_SMALL ((NTSTATUS)0xC0000023L)
#define TEST_STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000DL)
#define TEST_STATUS_INVALID_DEVICE_REQUEST ((NTSTATUS)0xC0000010L)
#define TEST_NT_SUCCESS(s) (((NTSTATUS)(s)) >= 0)

typedef struct _TEST_IO_STATUS_BLOCK {
    NTSTATUS Status;
    ULONG_PTR Information;
} TEST_IO_STATUS_BLOCK;

typedef struct _TEST_IRP {
    TEST_IO_STATUS_BLOCK IoStatus;
    ULONG IoControlCode;
    _Field_size_bytes_(InputBufferLength) PVOID SystemBuffer;
    ULONG InputBufferLength;
    ULONG OutputBufferLength;
    BOOLEAN Cancel;
} TEST_IRP, *PTEST_IRP;

typedef struct _TEST_DEVICE_OBJECT {
    PVOID DeviceExtension;
    ULONG Flags;
} TEST_DEVICE_OBJECT, *PTEST_DEVICE_OBJECT;

typedef ULONG_PTR TEST_SPIN_LOCK, *PTEST_SPIN_LOCK;
typedef UCHAR TEST_KIRQL, *PTEST_KIRQL;

/* ASSERT and KeGetCurrentIrql for _IRQL_limited_to_ (wdm.h provides them in drivers). */
static int test_assert_failures;
static TEST_KIRQL test_current_irql;
#ifndef ASSERT
#define ASSERT(e) ((e) ? (void)0 : (void)test_assert_failures++)
#endif
#define KeGetCurrentIrql() (test_current_irql)

/* ------------------------------------------------------------------------
 * File-scope analysis directives (they expand to nothing).
 */
_Analysis_mode_(_Analysis_code_type_kernel_driver_)
__kernel_driver
_Create_lock_level_(TEST_LOCK_LEVEL)
__prefast_operator_new_null

/* ------------------------------------------------------------------------
 * Typedefs and structs as wdm.h / ntdef.h / driver headers write them.
 */
typedef _Return_type_success_(return >= 0) LONG TEST_NTSTATUS;
typedef _Null_terminated_ CHAR *TEST_PSTR;
typedef _Null_terminated_ const CHAR *TEST_PCSTR;
typedef _NullNull_terminated_ WCHAR *TEST_PZZWSTR;
typedef __nullterminated const CHAR *TEST_LEGACY_PCSTR;

typedef _Enum_is_bitflag_ enum _TEST_FLAGS {
    TestFlagNone = 0,
    TestFlagRead = 1,
    TestFlagWrite = 2
} TEST_FLAGS;

typedef struct _Struct_size_bytes_(Size) _TEST_VARIABLE_RECORD {
    ULONG Size;
    ULONG Count;
    _Field_size_(Count) PULONG Items;
    _Field_size_opt_(Count) PULONG Spare;
    _Field_size_bytes_(Size) PUCHAR Raw;
    _Field_size_bytes_opt_(Size) PUCHAR RawSpare;
    _Field_size_part_(Count, Used) PULONG Partial;
    _Field_size_bytes_part_(Size, Used) PUCHAR PartialBytes;
    _Field_size_full_(Count) PULONG Full;
    ULONG Used;
    _Field_range_(0, 15) ULONG Level;
    _Field_range_(<=, 64) ULONG Depth;
    _Field_z_ PCHAR Name;
    __field_bcount(Size) PVOID Legacy;
    __field_ecount(Count) PULONG LegacyItems;
    __field_ecount_opt(Count) PULONG LegacyOptional;
    __field_bcount_part(Size, Used) PUCHAR LegacyPartial;
    __field_range(0, 15) ULONG LegacyLevel;
} TEST_VARIABLE_RECORD;

typedef struct _TEST_DEVICE_EXTENSION {
    TEST_SPIN_LOCK Lock;
    _Guarded_by_(Lock) LONG PendingIrps;
    _Write_guarded_by_(Lock) LONG Generation;
    _Interlocked_ volatile LONG RefCount;
    _Has_lock_kind_(_Lock_kind_spin_lock_) TEST_SPIN_LOCK QueueLock;
    _Field_size_(QueueLength) PTEST_IRP *Queue;
    ULONG QueueLength;
} TEST_DEVICE_EXTENSION, *PTEST_DEVICE_EXTENSION;

/* Function-class typedefs, the shape of DRIVER_DISPATCH / IO_COMPLETION_ROUTINE. */
typedef _Function_class_(DRIVER_DISPATCH)
_IRQL_requires_max_(DISPATCH_LEVEL)
_IRQL_requires_same_
NTSTATUS TEST_DRIVER_DISPATCH(_In_ PTEST_DEVICE_OBJECT DeviceObject, _Inout_ PTEST_IRP Irp);
typedef TEST_DRIVER_DISPATCH *PTEST_DRIVER_DISPATCH;

typedef _Function_class_(DRIVER_INITIALIZE)
_IRQL_requires_same_
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS TEST_DRIVER_INITIALIZE(_In_ PTEST_DEVICE_OBJECT DriverObject, _In_ PCWSTR RegistryPath);

typedef _Function_class_(DRIVER_UNLOAD)
_IRQL_requires_(PASSIVE_LEVEL)
_IRQL_requires_same_
VOID TEST_DRIVER_UNLOAD(_In_ PTEST_DEVICE_OBJECT DriverObject);

#if NTIO_SAL_SYSTEM_NAMES >= 1
typedef __drv_functionClass(IO_COMPLETION_ROUTINE)
__drv_sameIRQL
NTSTATUS TEST_IO_COMPLETION_ROUTINE(__in PTEST_DEVICE_OBJECT DeviceObject, __in PTEST_IRP Irp,
                                    __in_xcount_opt("varies") PVOID Context);
#else
typedef _Function_class_(IO_COMPLETION_ROUTINE)
_IRQL_requires_same_
NTSTATUS TEST_IO_COMPLETION_ROUTINE(_In_ PTEST_DEVICE_OBJECT DeviceObject, _In_ PTEST_IRP Irp,
                                    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context);
#endif

typedef _Function_class_(KDEFERRED_ROUTINE)
_IRQL_requires_max_(DISPATCH_LEVEL)
_IRQL_requires_min_(DISPATCH_LEVEL)
_IRQL_requires_(DISPATCH_LEVEL)
_IRQL_requires_same_
VOID TEST_KDEFERRED_ROUTINE(_In_ PVOID Dpc, _In_opt_ PVOID DeferredContext,
                            _In_opt_ PVOID SystemArgument1, _In_opt_ PVOID SystemArgument2);

typedef _Function_class_(EVT_WDF_DRIVER_DEVICE_ADD)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS TEST_EVT_WDF_DRIVER_DEVICE_ADD(_In_ PVOID Driver, _Inout_ PVOID DeviceInit);

typedef _Function_class_(EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID TEST_EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL(_In_ PVOID Queue, _In_ PVOID Request,
                                             _In_ size_t OutputBufferLength,
                                             _In_ size_t InputBufferLength,
                                             _In_ ULONG IoControlCode);

/* ------------------------------------------------------------------------
 * Prototypes in the style of wdm.h / wdf.h (declared only).
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
_Acquires_lock_(*SpinLock)
_Requires_lock_not_held_(*SpinLock)
_IRQL_saves_global_(OldIrql, OldIrql)
_IRQL_raises_(DISPATCH_LEVEL)
VOID TestAcquireSpinLock(_Inout_ PTEST_SPIN_LOCK SpinLock, _Out_ _At_(*OldIrql, _IRQL_saves_) PTEST_KIRQL OldIrql);

_Requires_lock_held_(*SpinLock)
_Releases_lock_(*SpinLock)
_IRQL_requires_(DISPATCH_LEVEL)
VOID TestReleaseSpinLock(_Inout_ PTEST_SPIN_LOCK SpinLock, _In_ _IRQL_restores_ TEST_KIRQL NewIrql);

_Requires_lock_held_(_Global_cancel_spin_lock_)
_Releases_lock_(_Global_cancel_spin_lock_)
_IRQL_requires_min_(DISPATCH_LEVEL)
_IRQL_requires_(DISPATCH_LEVEL)
VOID TestCancelRoutine(_Inout_ PTEST_DEVICE_OBJECT DeviceObject, _Inout_ _IRQL_uses_cancel_ PTEST_IRP Irp);

_IRQL_requires_max_(DISPATCH_LEVEL)
_When_(return == 0, _At_(Irp->IoStatus.Status, _Out_range_(<, 0)))
_When_(return != 0, _At_(Irp->IoStatus.Status, _Out_range_(>=, 0)))
BOOLEAN TestCancelIrp(_In_ PTEST_IRP Irp);

__drv_allocatesMem(Mem)
_When_((PoolType & 0x1) != 0,
       __drv_reportError("Must succeed pool allocations are forbidden. "
                         "Allocation failures cause a system crash"))
_When_((PoolType & 0x2) == 0, _Post_maybenull_ _Must_inspect_result_)
_When_((PoolType & 0x2) != 0, _Post_notnull_)
_Post_writable_byte_size_(NumberOfBytes)
_IRQL_requires_max_(DISPATCH_LEVEL)
PVOID TestAllocatePoolWithTag(_In_ __drv_strictTypeMatch(__drv_typeExpr) ULONG PoolType,
                              _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);

_IRQL_requires_max_(DISPATCH_LEVEL)
VOID TestFreePool(_Pre_notnull_ __drv_freesMem(Mem) PVOID P);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS TestRequestRetrieveInputBuffer(_In_ PVOID Request, _In_ size_t MinimumRequiredLength,
                                        _Outptr_result_bytebuffer_(*Length) PVOID *Buffer,
                                        _Out_opt_ size_t *Length);

_IRQL_requires_max_(PASSIVE_LEVEL)
_When_(Timeout == NULL, _IRQL_requires_max_(APC_LEVEL))
_When_(Timeout->QuadPart != 0, _IRQL_requires_max_(APC_LEVEL))
_When_(Timeout != NULL && Timeout->QuadPart == 0, _IRQL_requires_max_(DISPATCH_LEVEL))
NTSTATUS TestWaitForSingleObject(_In_ _Points_to_data_ PVOID Object, _In_ ULONG WaitReason,
                                 _In_ __drv_strictType(KPROCESSOR_MODE / enum _MODE, __drv_typeConst)
                                     UCHAR WaitMode,
                                 _In_ BOOLEAN Alertable, _In_opt_ PLARGE_INTEGER Timeout);

_IRQL_requires_max_(DISPATCH_LEVEL)
LONG TestInterlockedIncrement(_Inout_ _Interlocked_operand_ LONG volatile *Addend);

_Success_(return != 0)
_Ret_maybenull_
_Post_writable_byte_size_(Size)
__drv_allocatesMem(Mem)
PVOID TestMaybeAllocate(_In_ SIZE_T Size);

#if NTIO_SAL_SYSTEM_NAMES >= 1 /* bare __in / __out: WDK 7 headers */
__drv_maxIRQL(DISPATCH_LEVEL)
__drv_minIRQL(PASSIVE_LEVEL)
__drv_savesIRQLGlobal(OldIrql, Lock)
__drv_setsIRQL(DISPATCH_LEVEL)
__drv_acquiresCancelSpinLock
VOID TestAcquireCancelSpinLock(__out __drv_savesIRQL PTEST_KIRQL Irql);

__drv_requiresIRQL(DISPATCH_LEVEL)
__drv_releasesCancelSpinLock
__drv_restoresIRQLGlobal(OldIrql, Lock)
VOID TestReleaseCancelSpinLock(__in __drv_restoresIRQL __drv_useCancelIRQL TEST_KIRQL Irql);

__drv_valueIs(==0;<0)
__drv_valueIs(<0, ==0) /* a comma, as some WDK 7 headers write it: more arguments than the WDK macro has */
__drv_when(Flags != 0, __drv_reportError("Flags must be zero"))
__drv_preferredFunction("TestNewApi", "Obsolete")
__drv_clearDoInit(TRUE)
__drv_floatUsed
__checkReturn
NTSTATUS TestLegacyApi(__in ULONG Flags, __drv_in(__drv_nonConstant) ULONG Value,
                       __drv_out(__drv_valueIs(==0)) PULONG Result,
                       __drv_arg(Value, __drv_constant) ULONG Mode);
#endif

_Kernel_float_saved_
_At_(*FloatSave, _Kernel_requires_resource_not_held_(FloatState) _Kernel_acquires_resource_(FloatState))
_When_(return < 0, _At_(*FloatSave, _Kernel_requires_resource_not_held_(FloatState)))
NTSTATUS TestSaveFloatingPointState(_Out_ PVOID FloatSave);

_Kernel_float_restored_
NTSTATUS TestRestoreFloatingPointState(_In_ _Kernel_requires_resource_held_(FloatState)
                                       _Kernel_releases_resource_(FloatState) PVOID FloatSave);

_Kernel_clear_do_init_(__yes)
_Kernel_IoGetDmaAdapter_
PVOID TestGetDmaAdapter(_In_opt_ PVOID PhysicalDeviceObject);

_Ret_range_(<=, 0x7FFFFFFF)
_Check_return_
ULONG TestClamp(_In_range_(0, 100) ULONG Percent, _In_range_(<=, 10) ULONG Scale);

_Analysis_noreturn_
__analysis_noreturn
DECLSPEC_NORETURN
VOID TestBugCheck(_In_ ULONG BugCheckCode);

_Check_return_opt_
int TestLogPrintf(_In_z_ _Printf_format_string_ PCSTR Format, ...);

int TestLogPrintfParams(_In_z_ _Printf_format_string_params_(1) PCSTR Format,
                        __drv_formatString(printf) ...);

#ifdef __cplusplus
extern "C++" {
struct TestInterface {
    virtual ~TestInterface() {}
    _Check_return_ virtual long QueryInterface(_In_ const GUID &riid,
                                               _COM_Outptr_ void **ppvObject) = 0;
    _Success_(return >= 0) virtual long GetName(_Outref_result_buffer_(Size) wchar_t *&Name,
                                                _Out_ size_t &Size) = 0;
    virtual void SetFlags(_In_ _Strict_type_match_ TEST_FLAGS Flags) = 0;
};
}
#endif

/* ------------------------------------------------------------------------
 * Dispatch routines in the sioctl / event / cancel sample style: forward
 * declarations by function class, then definitions that take the
 * annotations from the declaration.
 */
TEST_DRIVER_INITIALIZE TestDriverEntry;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
TEST_DRIVER_DISPATCH TestCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
TEST_DRIVER_DISPATCH TestDeviceControl;

__drv_dispatchType(IRP_MJ_PNP)
__drv_dispatchType_other
TEST_DRIVER_DISPATCH TestLegacyDispatch;

TEST_DRIVER_UNLOAD TestUnload;
TEST_KDEFERRED_ROUTINE TestTimerDpc;
TEST_IO_COMPLETION_ROUTINE TestCompletion;
TEST_EVT_WDF_DRIVER_DEVICE_ADD TestEvtDeviceAdd;
TEST_EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL TestEvtIoDeviceControl;

static PTEST_DRIVER_DISPATCH TestMajorFunction[2];

/*
 * _IRQL_limited_to_ is a statement, not an annotation: its argument is
 * compared with the current IRQL, so from here on the levels must exist
 * (wdm.h defines them in drivers).  Everything above compiled without.
 */
#ifndef PASSIVE_LEVEL
#define PASSIVE_LEVEL 0
#endif
#ifndef DISPATCH_LEVEL
#define DISPATCH_LEVEL 2
#endif

#define TEST_IOCTL_ECHO 0x222000u

_Use_decl_annotations_
NTSTATUS TestDriverEntry(PTEST_DEVICE_OBJECT DriverObject, PCWSTR RegistryPath)
{
    (void)DriverObject;
    (void)RegistryPath;
    TestMajorFunction[0] = TestCreateClose;
    TestMajorFunction[1] = TestDeviceControl;
    return TEST_STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS TestCreateClose(PTEST_DEVICE_OBJECT DeviceObject, PTEST_IRP Irp)
{
    (void)DeviceObject;
    _IRQL_limited_to_(PASSIVE_LEVEL);
    Irp->IoStatus.Status = TEST_STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    return TEST_STATUS_SUCCESS;
}

/* METHOD_BUFFERED echo: output is the input, reversed. */
_Use_decl_annotations_
NTSTATUS TestDeviceControl(PTEST_DEVICE_OBJECT DeviceObject, PTEST_IRP Irp)
{
    NTSTATUS status;
    _Field_size_bytes_(Irp->InputBufferLength) PUCHAR buffer = (PUCHAR)Irp->SystemBuffer;
    ULONG i;

    (void)DeviceObject;
    switch (Irp->IoControlCode) {
    case TEST_IOCTL_ECHO:
        if (Irp->OutputBufferLength < Irp->InputBufferLength) {
            status = TEST_STATUS_BUFFER_TOO_SMALL;
            Irp->IoStatus.Information = 0;
            break;
        }
        for (i = 0; i < Irp->InputBufferLength / 2; i++) {
            UCHAR t = buffer[i];
            buffer[i] = buffer[Irp->InputBufferLength - 1 - i];
            buffer[Irp->InputBufferLength - 1 - i] = t;
        }
        Irp->IoStatus.Information = Irp->InputBufferLength;
        status = TEST_STATUS_SUCCESS;
        break;
    default:
        status = TEST_STATUS_INVALID_DEVICE_REQUEST;
        Irp->IoStatus.Information = 0;
        break;
    }
    Irp->IoStatus.Status = status;
    return status;
}

_Use_decl_annotations_
NTSTATUS TestLegacyDispatch(PTEST_DEVICE_OBJECT DeviceObject, PTEST_IRP Irp)
{
    NTSTATUS status = TEST_STATUS_SUCCESS;

    (void)DeviceObject;
    switch (Irp->IoControlCode) {
    case 1:
        Irp->IoStatus.Information += 1;
        __fallthrough;
    case 2:
        Irp->IoStatus.Information += 10;
        break;
    default:
        status = TEST_STATUS_INVALID_PARAMETER;
        break;
    }
    Irp->IoStatus.Status = status;
    return status;
}

_Use_decl_annotations_
VOID TestUnload(PTEST_DEVICE_OBJECT DriverObject)
{
    (void)DriverObject;
}

_Use_decl_annotations_
VOID TestTimerDpc(PVOID Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    PTEST_DEVICE_EXTENSION extension = (PTEST_DEVICE_EXTENSION)DeferredContext;

    (void)Dpc;
    (void)SystemArgument1;
    (void)SystemArgument2;
    _IRQL_limited_to_(DISPATCH_LEVEL);
    _Benign_race_begin_
    extension->Generation++;
    _Benign_race_end_
    _Analysis_assume_lock_held_(extension->Lock);
    extension->PendingIrps++;
    _Analysis_assume_lock_released_(extension->Lock);
}

_Use_decl_annotations_
NTSTATUS TestCompletion(PTEST_DEVICE_OBJECT DeviceObject, PTEST_IRP Irp, PVOID Context)
{
    (void)DeviceObject;
    __analysis_assume(Context != NULL);
    *(PULONG)Context += 1;
    __sdv_save_request(Irp);
    __sdv_retrieve_request(Irp);
    return Irp->IoStatus.Status;
}

_Use_decl_annotations_
NTSTATUS TestEvtDeviceAdd(PVOID Driver, PVOID DeviceInit)
{
    (void)Driver;
    (void)DeviceInit;
    _IRQL_limited_to_(PASSIVE_LEVEL)
    return TEST_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID TestEvtIoDeviceControl(PVOID Queue, PVOID Request, size_t OutputBufferLength,
                            size_t InputBufferLength, ULONG IoControlCode)
{
    (void)Queue;
    (void)OutputBufferLength;
    (void)InputBufferLength;
    (void)IoControlCode;
    /* The framework may call at DISPATCH_LEVEL; this queue promises PASSIVE_LEVEL. */
    _IRQL_limited_to_(PASSIVE_LEVEL);
    __sdv_save_request(Request);
}

/* ------------------------------------------------------------------------
 * Helpers with SAL 2 buffer annotations (defined and run).
 */
_Success_(return != FALSE)
_Must_inspect_result_
static BOOLEAN TestParseUlong(_In_z_ PCSTR Text, _Out_ _When_(return != FALSE, _Post_valid_) PULONG Value)
{
    ULONG v = 0;

    *Value = 0;
    if (*Text == '\0')
        return FALSE;
    for (; *Text; Text++) {
        if (*Text < '0' || *Text > '9')
            return FALSE;
        v = v * 10 + (ULONG)(*Text - '0');
    }
    *Value = v;
    return TRUE;
}

/* strncpy-like: copies at most Cch-1 characters, always terminates, returns the length. */
_Ret_range_(0, Cch - 1)
static size_t TestCopyString(_Out_writes_z_(Cch) PCHAR Dest, _In_range_(>=, 1) size_t Cch,
                             _In_reads_or_z_(Cch) PCSTR Src)
{
    size_t n = 0;

    while (n + 1 < Cch && Src[n] != '\0') {
        Dest[n] = Src[n];
        n++;
    }
    Dest[n] = '\0';
    return n;
}

static ULONG TestSum(_In_reads_(Count) const ULONG *Values, _In_ ULONG Count,
                     _Out_writes_to_opt_(1, *Written) PULONG Total, _Out_opt_ PULONG Written)
{
    ULONG sum = 0, i;

    for (i = 0; i < Count; i++)
        sum += Values[i];
    if (Total)
        *Total = sum;
    if (Written)
        *Written = Total ? 1 : 0;
    return sum;
}

_Must_inspect_result_
static NTSTATUS TestAllocateCopy(_In_reads_bytes_(Length) const VOID *Source, _In_ SIZE_T Length,
                                 _Outptr_result_bytebuffer_(Length) _Result_nullonfailure_ PVOID *Copy)
{
    *Copy = NULL;
    if (Length == 0)
        return TEST_STATUS_INVALID_PARAMETER;
    *Copy = malloc(Length);
    if (*Copy == NULL)
        return TEST_STATUS_INVALID_PARAMETER;
    memcpy(*Copy, Source, Length);
    return TEST_STATUS_SUCCESS;
}

static VOID TestFree(_Pre_maybenull_ _Post_invalid_ _Frees_ptr_opt_ PVOID P)
{
    free(P);
}

static ULONG TestXor(_Inout_updates_bytes_(Length) PUCHAR Buffer, _In_ ULONG Length,
                     _In_ _Literal_ UCHAR Key, _Reserved_ PVOID Reserved)
{
    ULONG i;

    (void)Reserved;
    for (i = 0; i < Length; i++)
        Buffer[i] ^= Key;
    return Length;
}

/* ------------------------------------------------------------------------
 * SAL 1 prototypes, the shape of WDK 7 samples (toaster, older sioctl).
 * __in and __out are host-system names too: see NTIO_SAL_SYSTEM_NAMES.
 */
__checkReturn
__success(return >= 0)
static LONG TestLegacyCopy(__out_bcount_part(OutLength, *Written) PUCHAR Out,
                           __in_opt ULONG OutLength,
                           __in_bcount(InLength) const UCHAR *In,
                           __inout_opt PULONG Reserved,
                           __in_bcount_opt(InLength) const UCHAR *Unused,
                           ULONG InLength,
                           __out_opt PULONG Written)
{
    ULONG n = InLength < OutLength ? InLength : OutLength;

    (void)Reserved;
    (void)Unused;
    memcpy(Out, In, n);
    if (Written)
        *Written = n;
    return n == InLength ? 0 : -1;
}

static VOID TestLegacyPointers(__deref_out_opt PVOID *Result, __deref_opt_out PVOID *Optional,
                               __inout_ecount_full(Count) PULONG Items, ULONG Count,
                               __out_ecount_part_opt(Count, 1) PULONG Spare,
                               __in_z_opt const char *Name, __deref_out_ecount(Count) PULONG *Array,
                               __in_range(0, 1) ULONG Flags)
{
    (void)Flags;
    (void)Optional;
    (void)Name;
    (void)Spare;
    *Result = Items;
    *Array = Items;
    if (Count)
        Items[0]++;
}

#if NTIO_SAL_SYSTEM_NAMES >= 1
/* The bare __in / __out spelling, as most WDK 7 code writes it. */
__drv_maxIRQL(DISPATCH_LEVEL)
__drv_sameIRQL
static NTSTATUS TestBareInOut(__in PTEST_DEVICE_OBJECT DeviceObject, __in PTEST_IRP Irp,
                              __out PULONG Information)
{
    (void)DeviceObject;
    *Information = (ULONG)Irp->IoStatus.Information;
    return Irp->IoStatus.Status;
}
#endif

/* ------------------------------------------------------------------------
 * Expansion checks: an annotated declaration must read as if the
 * annotations were not there.
 */
#define TEST_STR2(...) #__VA_ARGS__
#define TEST_STR(...) TEST_STR2(__VA_ARGS__)

int main(void)
{
    /* Annotations expand to nothing, whatever their arguments. */
    CHECK_STR(TEST_STR(_In_ _Out_ _Inout_opt_ int), "int");
    CHECK_STR(TEST_STR(_In_reads_bytes_(Length) _Out_writes_bytes_to_(Size, *Written) int), "int");
    CHECK_STR(TEST_STR(_When_(return >= 0, _Out_) _At_(Irp->IoStatus.Status, _Out_range_(<, 0)) int),
              "int");
    CHECK_STR(TEST_STR(_IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_
                           _Function_class_(DRIVER_DISPATCH) _Dispatch_type_(IRP_MJ_READ) int),
              "int");
    CHECK_STR(TEST_STR(__drv_maxIRQL(DISPATCH_LEVEL) __drv_innerMustHoldGlobal(CancelSpinLock, )
                           __drv_valueIs(<0, ==0) __drv_holdsCancelSpinLock() int),
              "int");
    CHECK_STR(TEST_STR(__in_opt __out_ecount_part(Size, Length) __deref_opt_out_opt __checkReturn int),
              "int");
    CHECK_STR(TEST_STR(_In_count_(n) _Out_z_cap_post_count_(c, n) _Deref_pre_opt_z_bytecap_x_(n) int),
              "int");
    CHECK_STR(TEST_STR(_Requires_lock_held_(_Global_critical_region_) _Guarded_by_(L) __guarded_by(L) int),
              "int");
    CHECK_STR(TEST_STR(_Analysis_assume_(x != 0) __analysis_assume(y) int), "int");

    /* Values the SDK gives. */
    CHECK_EQ(_SAL_VERSION, 20);
    CHECK_EQ(__drv_typeConst, 0);
    CHECK_EQ(__drv_typeExpr, 3);
    CHECK_EQ(__drv_nop(41) + 1, 42);
#if !defined(TEST_SYSTEM_NAMES_GIVEN) && defined(__cplusplus)
    CHECK_EQ(NTIO_SAL_SYSTEM_NAMES, 0);
#elif !defined(TEST_SYSTEM_NAMES_GIVEN)
    CHECK_EQ(NTIO_SAL_SYSTEM_NAMES, 1);
#endif

    /* The annotated dispatch routines run. */
    {
        TEST_DEVICE_OBJECT device = {NULL, 0};
        UCHAR data[5] = {'a', 'b', 'c', 'd', 'e'};
        TEST_IRP irp;

        CHECK_EQ(TestDriverEntry(&device, L"\\Registry\\Machine\\System"), TEST_STATUS_SUCCESS);
        CHECK(TestMajorFunction[1] == TestDeviceControl);

        memset(&irp, 0, sizeof(irp));
        irp.IoStatus.Information = 99;
        CHECK_EQ(TestMajorFunction[0](&device, &irp), TEST_STATUS_SUCCESS);
        CHECK_EQ(irp.IoStatus.Information, 0);

        memset(&irp, 0, sizeof(irp));
        irp.IoControlCode = TEST_IOCTL_ECHO;
        irp.SystemBuffer = data;
        irp.InputBufferLength = sizeof(data);
        irp.OutputBufferLength = sizeof(data);
        CHECK_EQ(TestMajorFunction[1](&device, &irp), TEST_STATUS_SUCCESS);
        CHECK_EQ(irp.IoStatus.Status, TEST_STATUS_SUCCESS);
        CHECK_EQ(irp.IoStatus.Information, 5);
        CHECK(memcmp(data, "edcba", 5) == 0);

        irp.OutputBufferLength = 2;
        CHECK_EQ(TestDeviceControl(&device, &irp), TEST_STATUS_BUFFER_TOO_SMALL);
        CHECK_EQ(irp.IoStatus.Information, 0);
        irp.IoControlCode = 0x1234;
        CHECK(!TEST_NT_SUCCESS(TestDeviceControl(&device, &irp)));
        CHECK_EQ(irp.IoStatus.Status, TEST_STATUS_INVALID_DEVICE_REQUEST);

        /* __fallthrough really falls through. */
        memset(&irp, 0, sizeof(irp));
        irp.IoControlCode = 1;
        CHECK_EQ(TestLegacyDispatch(&device, &irp), TEST_STATUS_SUCCESS);
        CHECK_EQ(irp.IoStatus.Information, 11);
        irp.IoControlCode = 2;
        irp.IoStatus.Information = 0;
        (void)TestLegacyDispatch(&device, &irp);
        CHECK_EQ(irp.IoStatus.Information, 10);
        irp.IoControlCode = 3;
        CHECK_EQ(TestLegacyDispatch(&device, &irp), TEST_STATUS_INVALID_PARAMETER);

        /* Completion routine with SDV hooks, DPC with concurrency annotations. */
        {
            ULONG calls = 0;
            TEST_DEVICE_EXTENSION extension;

            irp.IoStatus.Status = TEST_STATUS_BUFFER_TOO_SMALL;
            CHECK_EQ(TestCompletion(&device, &irp, &calls), TEST_STATUS_BUFFER_TOO_SMALL);
            CHECK_EQ(calls, 1);

            memset(&extension, 0, sizeof(extension));
            test_current_irql = 2;
            TestTimerDpc(NULL, &extension, NULL, NULL);
            CHECK_EQ(extension.Generation, 1);
            CHECK_EQ(extension.PendingIrps, 1);
        }

#if NTIO_SAL_SYSTEM_NAMES >= 1
        {
            ULONG information = 0;

            irp.IoStatus.Status = TEST_STATUS_SUCCESS;
            irp.IoStatus.Information = 7;
            CHECK_EQ(TestBareInOut(&device, &irp, &information), TEST_STATUS_SUCCESS);
            CHECK_EQ(information, 7);
        }
#endif
    }

    /* _IRQL_limited_to_ asserts like the WDK's (ASSERT(KeGetCurrentIrql() <= level)). */
    test_assert_failures = 0;
    test_current_irql = 0;
    TestEvtIoDeviceControl(NULL, NULL, 0, 0, 0);
    CHECK_EQ(TestEvtDeviceAdd(NULL, NULL), TEST_STATUS_SUCCESS);
    CHECK_EQ(test_assert_failures, 0);
    test_current_irql = 2;
    TestEvtIoDeviceControl(NULL, NULL, 0, 0, 0);
    CHECK_EQ(test_assert_failures, 1);
    test_current_irql = 0;

    /* SAL 2 helpers. */
    {
        ULONG value = 1;
        CHAR name[6];
        ULONG values[4] = {1, 2, 3, 4};
        ULONG total = 0, written = 0;
        PVOID copy = NULL;
        UCHAR bytes[3] = {1, 2, 3};

        CHECK(TestParseUlong("4096", &value));
        CHECK_EQ(value, 4096);
        CHECK(!TestParseUlong("12x", &value));
        CHECK_EQ(value, 0);

        CHECK_EQ(TestCopyString(name, sizeof(name), "sioctl.sys"), 5);
        CHECK_STR(name, "sioct");
        CHECK_EQ(TestCopyString(name, sizeof(name), "ab"), 2);
        CHECK_STR(name, "ab");

        CHECK_EQ(TestSum(values, 4, &total, &written), 10);
        CHECK_EQ(total, 10);
        CHECK_EQ(written, 1);
        CHECK_EQ(TestSum(values, 2, NULL, NULL), 3);

        CHECK_EQ(TestAllocateCopy(bytes, sizeof(bytes), &copy), TEST_STATUS_SUCCESS);
        CHECK(copy != NULL && memcmp(copy, bytes, sizeof(bytes)) == 0);
        TestFree(copy);
        CHECK_EQ(TestAllocateCopy(bytes, 0, &copy), TEST_STATUS_INVALID_PARAMETER);
        CHECK(copy == NULL);

        CHECK_EQ(TestXor(bytes, sizeof(bytes), 0xFF, NULL), 3);
        CHECK_EQ(bytes[0], 0xFE);
        CHECK_EQ(bytes[2], 0xFC);
    }

    /* SAL 1 helpers. */
    {
        UCHAR out[4];
        const UCHAR in[6] = {9, 8, 7, 6, 5, 4};
        ULONG written = 0;
        ULONG items[2] = {5, 6};
        PVOID result = NULL;
        PULONG array = NULL;

        CHECK_EQ(TestLegacyCopy(out, sizeof(out), in, NULL, NULL, 3, &written), 0);
        CHECK_EQ(written, 3);
        CHECK_EQ(out[2], 7);
        CHECK_EQ(TestLegacyCopy(out, sizeof(out), in, NULL, NULL, sizeof(in), &written), -1);
        CHECK_EQ(written, 4);

        TestLegacyPointers(&result, NULL, items, 2, NULL, "toaster", &array, 0);
        CHECK(result == items);
        CHECK(array == items);
        CHECK_EQ(items[0], 6);
    }

    return test_summary("test_sal");
}
