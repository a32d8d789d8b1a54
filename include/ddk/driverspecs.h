/*
 * driverspecs.h - the driver annotations of the WDK (driverspecs.h,
 * kernelspecs.h, sdv_driverspecs.h), compiled away.
 *
 *     _Function_class_(DRIVER_DISPATCH)
 *     _Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
 *     _IRQL_requires_max_(DISPATCH_LEVEL)
 *     _IRQL_requires_same_
 *     NTSTATUS MyDispatch(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp);
 *
 *     __drv_dispatchType(IRP_MJ_CREATE) __drv_maxIRQL(PASSIVE_LEVEL)
 *     DRIVER_DISPATCH MyCreate;                       (WDK 7 spelling)
 *
 * Like the SAL annotations of <ntio/sal.h> (included here), these mean
 * something only to PREfast and Static Driver Verifier; the IRQL rules
 * they describe are checked at run time by the ntio kernel and its
 * verifier instead.  Every annotation expands to nothing, function-like
 * ones are variadic (see <ntio/sal.h> for why), and the IRQL and IRP names
 * inside them are discarded unseen.
 *
 * Two macros are statements, not annotations, and keep their WDK meaning:
 *   _IRQL_limited_to_(level)    ASSERT(KeGetCurrentIrql() <= level);
 *   __sdv_save_request(r) ...   nothing (they only talk to SDV).
 */
#ifndef NTIO_DDK_DRIVERSPECS_H
#define NTIO_DDK_DRIVERSPECS_H

#ifndef DRIVERSPECS_H
#define DRIVERSPECS_H
#endif

#include <ntio/sal.h>

/* ------------------------------------------------------------------------
 * IRQL annotations (SAL 2)
 */
#ifndef _IRQL_saves_
#define _IRQL_saves_
#endif
#ifndef _IRQL_restores_
#define _IRQL_restores_
#endif
#ifndef _IRQL_requires_same_
#define _IRQL_requires_same_
#endif
#ifndef _IRQL_uses_cancel_
#define _IRQL_uses_cancel_
#endif
#ifndef _IRQL_is_cancel_
#define _IRQL_is_cancel_
#endif
#ifndef _IRQL_inout_
#define _IRQL_inout_
#endif
#ifndef _IRQL_requires_
#define _IRQL_requires_(...)
#endif
#ifndef _IRQL_requires_max_
#define _IRQL_requires_max_(...)
#endif
#ifndef _IRQL_requires_min_
#define _IRQL_requires_min_(...)
#endif
#ifndef _IRQL_raises_
#define _IRQL_raises_(...)
#endif
#ifndef _IRQL_saves_global_
#define _IRQL_saves_global_(...)
#endif
#ifndef _IRQL_restores_global_
#define _IRQL_restores_global_(...)
#endif
#ifndef _IRQL_always_function_max_
#define _IRQL_always_function_max_(...)
#endif
#ifndef _IRQL_always_function_min_
#define _IRQL_always_function_min_(...)
#endif

/* ------------------------------------------------------------------------
 * Kernel behaviour annotations and function classes (SAL 2)
 * _Dispatch_type_(IRP_MJ_CREATE) goes with _Function_class_(DRIVER_DISPATCH)
 * (sal.h) on a dispatch routine.
 */
#ifndef _Kernel_IoGetDmaAdapter_
#define _Kernel_IoGetDmaAdapter_
#endif
#ifndef _Kernel_float_saved_
#define _Kernel_float_saved_
#endif
#ifndef _Kernel_float_restored_
#define _Kernel_float_restored_
#endif
#ifndef _Kernel_float_used_
#define _Kernel_float_used_
#endif
#ifndef _Dispatch_type_
#define _Dispatch_type_(...)
#endif
#ifndef _Kernel_clear_do_init_
#define _Kernel_clear_do_init_(...)
#endif
#ifndef _Kernel_acquires_resource_
#define _Kernel_acquires_resource_(...)
#endif
#ifndef _Kernel_releases_resource_
#define _Kernel_releases_resource_(...)
#endif
#ifndef _Kernel_requires_resource_held_
#define _Kernel_requires_resource_held_(...)
#endif
#ifndef _Kernel_requires_resource_not_held_
#define _Kernel_requires_resource_not_held_(...)
#endif
#ifndef _Landmark_
#define _Landmark_(...)
#endif
#ifndef _Analysis_assume_section_locked_
#define _Analysis_assume_section_locked_(...)
#endif
#ifndef _Analysis_assume_section_unlocked_
#define _Analysis_assume_section_unlocked_(...)
#endif

/* ------------------------------------------------------------------------
 * Compilation-unit kind (declarations at file scope; nothing here)
 */
#ifndef __internal_kernel_driver
#define __internal_kernel_driver
#endif
#ifndef __kernel_code
#define __kernel_code
#endif
#ifndef __kernel_driver
#define __kernel_driver
#endif
#ifndef __user_driver
#define __user_driver
#endif
#ifndef __user_code
#define __user_code
#endif
#ifndef __drv_WDM
#define __drv_WDM
#endif
#ifndef __drv_KMDF
#define __drv_KMDF
#endif
#ifndef __drv_NDIS
#define __drv_NDIS
#endif
#ifndef __prefast_operator_new_throws
#define __prefast_operator_new_throws
#endif
#ifndef __prefast_operator_new_null
#define __prefast_operator_new_null
#endif
#ifndef ___drv_unit_internal_kernel_driver
#define ___drv_unit_internal_kernel_driver
#endif
#ifndef ___drv_unit_kernel_code
#define ___drv_unit_kernel_code
#endif
#ifndef ___drv_unit_kernel_driver
#define ___drv_unit_kernel_driver
#endif
#ifndef ___drv_unit_user_driver
#define ___drv_unit_user_driver
#endif
#ifndef ___drv_unit_user_code
#define ___drv_unit_user_code
#endif
#ifndef __drv_Mode_impl
#define __drv_Mode_impl(...)
#endif
#ifndef __drv_unit
#define __drv_unit(...)
#endif

/* ------------------------------------------------------------------------
 * __drv_ core wrappers and function classes (legacy)
 */
#ifndef __drv_declspec
#define __drv_declspec(...)
#endif
#ifndef __drv_deref
#define __drv_deref(...)
#endif
#ifndef __drv_in
#define __drv_in(...)
#endif
#ifndef __drv_in_deref
#define __drv_in_deref(...)
#endif
#ifndef __drv_out
#define __drv_out(...)
#endif
#ifndef __drv_out_deref
#define __drv_out_deref(...)
#endif
#ifndef __drv_when
#define __drv_when(...)
#endif
#ifndef __drv_at
#define __drv_at(...)
#endif
#ifndef __drv_fun
#define __drv_fun(...)
#endif
#ifndef __drv_ret
#define __drv_ret(...)
#endif
#ifndef __drv_arg
#define __drv_arg(...)
#endif
#ifndef __drv_defined
#define __drv_defined(...)
#endif
#ifndef __drv_functionClass
#define __drv_functionClass(...)
#endif
#ifndef __drv_innerFunctionProperty
#define __drv_innerFunctionProperty(...)
#endif

/* ------------------------------------------------------------------------
 * __drv_ resources (legacy)
 */
#ifndef __drv_acquiresResource
#define __drv_acquiresResource(...)
#endif
#ifndef __drv_releasesResource
#define __drv_releasesResource(...)
#endif
#ifndef __drv_acquiresResourceGlobal
#define __drv_acquiresResourceGlobal(...)
#endif
#ifndef __drv_releasesResourceGlobal
#define __drv_releasesResourceGlobal(...)
#endif
#ifndef __drv_mustHold
#define __drv_mustHold(...)
#endif
#ifndef __drv_neverHold
#define __drv_neverHold(...)
#endif
#ifndef __drv_mustHoldGlobal
#define __drv_mustHoldGlobal(...)
#endif
#ifndef __drv_neverHoldGlobal
#define __drv_neverHoldGlobal(...)
#endif
#ifndef __drv_innerAcquiresGlobal
#define __drv_innerAcquiresGlobal(...)
#endif
#ifndef __drv_innerReleasesGlobal
#define __drv_innerReleasesGlobal(...)
#endif
#ifndef __drv_innerMustHoldGlobal
#define __drv_innerMustHoldGlobal(...)
#endif
#ifndef __drv_innerNeverHoldGlobal
#define __drv_innerNeverHoldGlobal(...)
#endif

/* ------------------------------------------------------------------------
 * __drv_ IRQL annotations (legacy spellings of the _IRQL_ set)
 */
#ifndef __drv_savesIRQL
#define __drv_savesIRQL
#endif
#ifndef __drv_restoresIRQL
#define __drv_restoresIRQL
#endif
#ifndef __drv_sameIRQL
#define __drv_sameIRQL
#endif
#ifndef __drv_useCancelIRQL
#define __drv_useCancelIRQL
#endif
#ifndef __drv_isCancelIRQL
#define __drv_isCancelIRQL
#endif
#ifndef __drv_setsIRQL
#define __drv_setsIRQL(...)
#endif
#ifndef __drv_raisesIRQL
#define __drv_raisesIRQL(...)
#endif
#ifndef __drv_requiresIRQL
#define __drv_requiresIRQL(...)
#endif
#ifndef __drv_maxIRQL
#define __drv_maxIRQL(...)
#endif
#ifndef __drv_minIRQL
#define __drv_minIRQL(...)
#endif
#ifndef __drv_savesIRQLGlobal
#define __drv_savesIRQLGlobal(...)
#endif
#ifndef __drv_restoresIRQLGlobal
#define __drv_restoresIRQLGlobal(...)
#endif
#ifndef __drv_minFunctionIRQL
#define __drv_minFunctionIRQL(...)
#endif
#ifndef __drv_maxFunctionIRQL
#define __drv_maxFunctionIRQL(...)
#endif

/* ------------------------------------------------------------------------
 * __drv_ parameter, memory, floating point and dispatch annotations (legacy)
 */
#ifndef __drv_IoGetDmaAdapter
#define __drv_IoGetDmaAdapter
#endif
#ifndef __drv_constant
#define __drv_constant
#endif
#ifndef __drv_nonConstant
#define __drv_nonConstant
#endif
#ifndef __drv_notPointer
#define __drv_notPointer
#endif
#ifndef __drv_isObjectPointer
#define __drv_isObjectPointer
#endif
#ifndef __drv_aliasesMem
#define __drv_aliasesMem
#endif
#ifndef __drv_floatSaved
#define __drv_floatSaved
#endif
#ifndef __drv_floatRestored
#define __drv_floatRestored
#endif
#ifndef __drv_floatUsed
#define __drv_floatUsed
#endif
#ifndef __drv_interlocked
#define __drv_interlocked
#endif
#ifndef __drv_inTry
#define __drv_inTry
#endif
#ifndef __drv_notInTry
#define __drv_notInTry
#endif
#ifndef __drv_dispatchType_other
#define __drv_dispatchType_other
#endif
#ifndef __drv_clearDoInit
#define __drv_clearDoInit(...)
#endif
#ifndef __drv_valueIs
#define __drv_valueIs(...)
#endif
#ifndef __drv_strictTypeMatch
#define __drv_strictTypeMatch(...)
#endif
#ifndef __drv_strictType
#define __drv_strictType(...)
#endif
#ifndef __drv_allocatesMem
#define __drv_allocatesMem(...)
#endif
#ifndef __drv_freesMem
#define __drv_freesMem(...)
#endif
#ifndef __drv_preferredFunction
#define __drv_preferredFunction(...)
#endif
#ifndef __drv_reportError
#define __drv_reportError(...)
#endif
#ifndef __drv_formatString
#define __drv_formatString(...)
#endif
#ifndef __drv_dispatchType
#define __drv_dispatchType(...)
#endif
#ifndef __drv_completionType
#define __drv_completionType(...)
#endif
#ifndef __drv_callbackType
#define __drv_callbackType(...)
#endif

/* ------------------------------------------------------------------------
 * __drv_ composite lock annotations (legacy)
 */
#ifndef __drv_acquiresCancelSpinLock
#define __drv_acquiresCancelSpinLock
#endif
#ifndef __drv_releasesCancelSpinLock
#define __drv_releasesCancelSpinLock
#endif
#ifndef __drv_mustHoldCancelSpinLock
#define __drv_mustHoldCancelSpinLock
#endif
#ifndef __drv_neverHoldCancelSpinLock
#define __drv_neverHoldCancelSpinLock
#endif
#ifndef __drv_acquiresCriticalRegion
#define __drv_acquiresCriticalRegion
#endif
#ifndef __drv_releasesCriticalRegion
#define __drv_releasesCriticalRegion
#endif
#ifndef __drv_mustHoldCriticalRegion
#define __drv_mustHoldCriticalRegion
#endif
#ifndef __drv_neverHoldCriticalRegion
#define __drv_neverHoldCriticalRegion
#endif
#ifndef __drv_acquiresPriorityRegion
#define __drv_acquiresPriorityRegion
#endif
#ifndef __drv_releasesPriorityRegion
#define __drv_releasesPriorityRegion
#endif
#ifndef __drv_mustHoldPriorityRegion
#define __drv_mustHoldPriorityRegion
#endif
#ifndef __drv_neverHoldPriorityRegion
#define __drv_neverHoldPriorityRegion
#endif
#ifndef __drv_acquiresExclusiveResource
#define __drv_acquiresExclusiveResource(...)
#endif
#ifndef __drv_releasesExclusiveResource
#define __drv_releasesExclusiveResource(...)
#endif
#ifndef __drv_acquiresExclusiveResourceGlobal
#define __drv_acquiresExclusiveResourceGlobal(...)
#endif
#ifndef __drv_releasesExclusiveResourceGlobal
#define __drv_releasesExclusiveResourceGlobal(...)
#endif
#ifndef __drv_holdsCancelSpinLock
#define __drv_holdsCancelSpinLock(...)
#endif
#ifndef __drv_holdsCriticalRegion
#define __drv_holdsCriticalRegion(...)
#endif
#ifndef __drv_holdsPriorityRegion
#define __drv_holdsPriorityRegion(...)
#endif

/* ------------------------------------------------------------------------
 * Static Driver Verifier hooks (statements; nothing outside an SDV run)
 */
#ifndef __sdv_save_request
#define __sdv_save_request(...)
#endif
#ifndef __sdv_retrieve_request
#define __sdv_retrieve_request(...)
#endif
#ifndef __sdv_save_adapter_context
#define __sdv_save_adapter_context(...)
#endif

/* ------------------------------------------------------------------------
 * Definitions with a value
 */

/* __drv_strictType(KIRQL, __drv_typeConst) modes, as numbered by the WDK. */
#ifndef __drv_typeConst
#define __drv_typeConst 0
#endif
#ifndef __drv_typeCond
#define __drv_typeCond 1
#endif
#ifndef __drv_typeBitset
#define __drv_typeBitset 2
#endif
#ifndef __drv_typeExpr
#define __drv_typeExpr 3
#endif

/* Passes its argument through (the WDK's wrapper for annotation lists). */
#ifndef __drv_nop
#define __drv_nop(x) x
#endif

/*
 * _IRQL_limited_to_(PASSIVE_LEVEL); at the top of a callback that the
 * framework may describe with a higher maximum IRQL than it really uses.
 * A statement (used inside function bodies), defined as the WDK defines
 * it: ASSERT and KeGetCurrentIrql come from <wdm.h>.  The trailing ';' is
 * the WDK's too, so the macro works with and without one after it.
 */
#ifndef _IRQL_limited_to_
#define _IRQL_limited_to_(level) ASSERT(KeGetCurrentIrql() <= (level));
#endif

#endif /* NTIO_DDK_DRIVERSPECS_H */
