/*
 * ntio/sal.h - Microsoft's source-code annotation language (SAL), compiled
 * away.
 *
 * Windows headers and sources annotate nearly every parameter:
 *
 *     _Must_inspect_result_
 *     NTSTATUS Foo(_In_reads_bytes_(Length) PVOID Buffer, _In_ ULONG Length,
 *                  _Out_opt_ PULONG_PTR Information);
 *
 * MSVC gives these a meaning only under /analyze; in an ordinary build
 * they expand to nothing, and so they do here.  This header covers the
 * whole SDK vocabulary:
 *
 *   - SAL 2 (sal.h since Visual Studio 2012): _In_, _Out_writes_bytes_to_,
 *     _Outptr_result_maybenull_, _When_, _At_, _Success_, _Field_size_ ...
 *   - concurrency SAL (concurrencysal.h): _Requires_lock_held_, _Guarded_by_ ...
 *   - SAL 1.1 (Visual Studio 2005-2010): _In_count_, _Out_z_cap_, _Deref_pre_ ...
 *   - SAL 1 (sal.h and specstrings.h of the WDK 7 era): __in, __out_bcount,
 *     __deref_opt_out, __field_ecount, __success, __checkReturn ...
 *
 * The driver annotations (_IRQL_requires_max_, _Dispatch_type_, __drv_*)
 * are in <driverspecs.h>.
 *
 * Rules this file keeps:
 *
 *   - Every function-like annotation is variadic and expands to nothing.
 *     MSVC only warns when an annotation gets the wrong number of
 *     arguments (C4002/C4003), and real sources rely on that, e.g.
 *     __drv_valueIs(==0,<0) or __drv_innerMustHoldGlobal(CancelSpinLock,);
 *     with "(...)" gcc accepts whatever MSVC accepts.  Arguments such as
 *     _Out_range_(<, 0) or _When_(return >= 0, ...) are discarded unseen,
 *     so the names inside them (IRQL levels, parameters, return) need not
 *     exist.
 *   - Object-like annotations (_In_, __in_opt, _Use_decl_annotations_ ...)
 *     stay object-like, so "_In_ PVOID p" works.
 *   - Each name is defined only if nobody defined it before (#ifndef), so
 *     headers that carry their own stubs keep working.
 *   - Nothing here changes code generation.  The one annotation that
 *     becomes a GCC attribute is __fallthrough (see its definition), where
 *     the attribute does exactly what MSVC's [[fallthrough]] does.  Others
 *     with a look-alike stay empty on purpose: warn_unused_result for
 *     _Check_return_ would flag calls MSVC accepts silently (a cast to void
 *     does not silence it), format(printf) cannot sit on a parameter as
 *     _Printf_format_string_ does, and noreturn for _Analysis_noreturn_
 *     would turn a wrong annotation into undefined behaviour.
 *
 * A handful of SAL 1 names are also ordinary identifiers in the system
 * headers of the host: __in and __out are parameter names in glibc and
 * variables in libstdc++, __reserved is a structure member in Linux
 * headers, __null is g++'s NULL.  See the last block for how those are
 * handled.
 */
#ifndef NTIO_SAL_H
#define NTIO_SAL_H

#ifndef _SAL_VERSION
#define _SAL_VERSION 20
#endif
#ifndef __ATTR_SAL
#define __ATTR_SAL
#endif
#ifndef _USE_DECLSPECS_FOR_SAL
#define _USE_DECLSPECS_FOR_SAL 0
#endif
#ifndef _USE_ATTRIBUTES_FOR_SAL
#define _USE_ATTRIBUTES_FOR_SAL 0
#endif

/* ------------------------------------------------------------------------
 * SAL 2: structural annotations (_At_, _When_, _Success_ ...)
 */
#ifndef _At_
#define _At_(...)
#endif
#ifndef _At_buffer_
#define _At_buffer_(...)
#endif
#ifndef _When_
#define _When_(...)
#endif
#ifndef _Group_
#define _Group_(...)
#endif
#ifndef _GrouP_
#define _GrouP_(...)
#endif
#ifndef _Success_
#define _Success_(...)
#endif
#ifndef _Return_type_success_
#define _Return_type_success_(...)
#endif
#ifndef _On_failure_
#define _On_failure_(...)
#endif
#ifndef _Always_
#define _Always_(...)
#endif
#ifndef _In_defensive_
#define _In_defensive_(...)
#endif
#ifndef _Out_defensive_
#define _Out_defensive_(...)
#endif
#ifndef _Inout_defensive_
#define _Inout_defensive_(...)
#endif
#ifndef _Use_decl_annotations_
#define _Use_decl_annotations_
#endif
#ifndef _Notref_
#define _Notref_
#endif
#ifndef _Pre_defensive_
#define _Pre_defensive_
#endif
#ifndef _Post_defensive_
#define _Post_defensive_
#endif

/* ------------------------------------------------------------------------
 * SAL 2: input parameters
 */
#ifndef _In_
#define _In_
#endif
#ifndef _In_opt_
#define _In_opt_
#endif
#ifndef _In_z_
#define _In_z_
#endif
#ifndef _In_opt_z_
#define _In_opt_z_
#endif
#ifndef _Reserved_
#define _Reserved_
#endif
#ifndef _Const_
#define _Const_
#endif
#ifndef _In_reads_
#define _In_reads_(...)
#endif
#ifndef _In_reads_opt_
#define _In_reads_opt_(...)
#endif
#ifndef _In_reads_bytes_
#define _In_reads_bytes_(...)
#endif
#ifndef _In_reads_bytes_opt_
#define _In_reads_bytes_opt_(...)
#endif
#ifndef _In_reads_z_
#define _In_reads_z_(...)
#endif
#ifndef _In_reads_opt_z_
#define _In_reads_opt_z_(...)
#endif
#ifndef _In_reads_or_z_
#define _In_reads_or_z_(...)
#endif
#ifndef _In_reads_or_z_opt_
#define _In_reads_or_z_opt_(...)
#endif
#ifndef _In_reads_to_ptr_
#define _In_reads_to_ptr_(...)
#endif
#ifndef _In_reads_to_ptr_opt_
#define _In_reads_to_ptr_opt_(...)
#endif
#ifndef _In_reads_to_ptr_z_
#define _In_reads_to_ptr_z_(...)
#endif
#ifndef _In_reads_to_ptr_opt_z_
#define _In_reads_to_ptr_opt_z_(...)
#endif
#ifndef _In_NLS_string_
#define _In_NLS_string_(...)
#endif

/* ------------------------------------------------------------------------
 * SAL 2: output parameters
 */
#ifndef _Out_
#define _Out_
#endif
#ifndef _Out_opt_
#define _Out_opt_
#endif
#ifndef _Out_writes_
#define _Out_writes_(...)
#endif
#ifndef _Out_writes_opt_
#define _Out_writes_opt_(...)
#endif
#ifndef _Out_writes_bytes_
#define _Out_writes_bytes_(...)
#endif
#ifndef _Out_writes_bytes_opt_
#define _Out_writes_bytes_opt_(...)
#endif
#ifndef _Out_writes_z_
#define _Out_writes_z_(...)
#endif
#ifndef _Out_writes_opt_z_
#define _Out_writes_opt_z_(...)
#endif
#ifndef _Out_writes_to_
#define _Out_writes_to_(...)
#endif
#ifndef _Out_writes_to_opt_
#define _Out_writes_to_opt_(...)
#endif
#ifndef _Out_writes_all_
#define _Out_writes_all_(...)
#endif
#ifndef _Out_writes_all_opt_
#define _Out_writes_all_opt_(...)
#endif
#ifndef _Out_writes_bytes_to_
#define _Out_writes_bytes_to_(...)
#endif
#ifndef _Out_writes_bytes_to_opt_
#define _Out_writes_bytes_to_opt_(...)
#endif
#ifndef _Out_writes_bytes_all_
#define _Out_writes_bytes_all_(...)
#endif
#ifndef _Out_writes_bytes_all_opt_
#define _Out_writes_bytes_all_opt_(...)
#endif
#ifndef _Out_writes_to_ptr_
#define _Out_writes_to_ptr_(...)
#endif
#ifndef _Out_writes_to_ptr_opt_
#define _Out_writes_to_ptr_opt_(...)
#endif
#ifndef _Out_writes_to_ptr_z_
#define _Out_writes_to_ptr_z_(...)
#endif
#ifndef _Out_writes_to_ptr_opt_z_
#define _Out_writes_to_ptr_opt_z_(...)
#endif
#ifndef _Writes_and_advances_ptr_
#define _Writes_and_advances_ptr_(...)
#endif
#ifndef _Writes_bytes_and_advances_ptr_
#define _Writes_bytes_and_advances_ptr_(...)
#endif

/* ------------------------------------------------------------------------
 * SAL 2: in/out parameters
 */
#ifndef _Inout_
#define _Inout_
#endif
#ifndef _Inout_opt_
#define _Inout_opt_
#endif
#ifndef _Inout_z_
#define _Inout_z_
#endif
#ifndef _Inout_opt_z_
#define _Inout_opt_z_
#endif
#ifndef _Inout_updates_
#define _Inout_updates_(...)
#endif
#ifndef _Inout_updates_opt_
#define _Inout_updates_opt_(...)
#endif
#ifndef _Inout_updates_z_
#define _Inout_updates_z_(...)
#endif
#ifndef _Inout_updates_opt_z_
#define _Inout_updates_opt_z_(...)
#endif
#ifndef _Inout_updates_to_
#define _Inout_updates_to_(...)
#endif
#ifndef _Inout_updates_to_opt_
#define _Inout_updates_to_opt_(...)
#endif
#ifndef _Inout_updates_all_
#define _Inout_updates_all_(...)
#endif
#ifndef _Inout_updates_all_opt_
#define _Inout_updates_all_opt_(...)
#endif
#ifndef _Inout_updates_bytes_
#define _Inout_updates_bytes_(...)
#endif
#ifndef _Inout_updates_bytes_opt_
#define _Inout_updates_bytes_opt_(...)
#endif
#ifndef _Inout_updates_bytes_to_
#define _Inout_updates_bytes_to_(...)
#endif
#ifndef _Inout_updates_bytes_to_opt_
#define _Inout_updates_bytes_to_opt_(...)
#endif
#ifndef _Inout_updates_bytes_all_
#define _Inout_updates_bytes_all_(...)
#endif
#ifndef _Inout_updates_bytes_all_opt_
#define _Inout_updates_bytes_all_opt_(...)
#endif

/* ------------------------------------------------------------------------
 * SAL 2: pointer-to-pointer outputs (_Outptr_, _COM_Outptr_)
 */
#ifndef _Outptr_
#define _Outptr_
#endif
#ifndef _Outptr_result_maybenull_
#define _Outptr_result_maybenull_
#endif
#ifndef _Outptr_opt_
#define _Outptr_opt_
#endif
#ifndef _Outptr_opt_result_maybenull_
#define _Outptr_opt_result_maybenull_
#endif
#ifndef _Outptr_result_z_
#define _Outptr_result_z_
#endif
#ifndef _Outptr_opt_result_z_
#define _Outptr_opt_result_z_
#endif
#ifndef _Outptr_result_maybenull_z_
#define _Outptr_result_maybenull_z_
#endif
#ifndef _Outptr_opt_result_maybenull_z_
#define _Outptr_opt_result_maybenull_z_
#endif
#ifndef _Outptr_result_nullonfailure_
#define _Outptr_result_nullonfailure_
#endif
#ifndef _Outptr_opt_result_nullonfailure_
#define _Outptr_opt_result_nullonfailure_
#endif
#ifndef _COM_Outptr_
#define _COM_Outptr_
#endif
#ifndef _COM_Outptr_result_maybenull_
#define _COM_Outptr_result_maybenull_
#endif
#ifndef _COM_Outptr_opt_
#define _COM_Outptr_opt_
#endif
#ifndef _COM_Outptr_opt_result_maybenull_
#define _COM_Outptr_opt_result_maybenull_
#endif
#ifndef _Outptr_result_buffer_
#define _Outptr_result_buffer_(...)
#endif
#ifndef _Outptr_result_buffer_to_
#define _Outptr_result_buffer_to_(...)
#endif
#ifndef _Outptr_result_buffer_all_
#define _Outptr_result_buffer_all_(...)
#endif
#ifndef _Outptr_result_buffer_maybenull_
#define _Outptr_result_buffer_maybenull_(...)
#endif
#ifndef _Outptr_result_buffer_to_maybenull_
#define _Outptr_result_buffer_to_maybenull_(...)
#endif
#ifndef _Outptr_result_buffer_all_maybenull_
#define _Outptr_result_buffer_all_maybenull_(...)
#endif
#ifndef _Outptr_result_bytebuffer_
#define _Outptr_result_bytebuffer_(...)
#endif
#ifndef _Outptr_result_bytebuffer_to_
#define _Outptr_result_bytebuffer_to_(...)
#endif
#ifndef _Outptr_result_bytebuffer_all_
#define _Outptr_result_bytebuffer_all_(...)
#endif
#ifndef _Outptr_result_bytebuffer_maybenull_
#define _Outptr_result_bytebuffer_maybenull_(...)
#endif
#ifndef _Outptr_result_bytebuffer_to_maybenull_
#define _Outptr_result_bytebuffer_to_maybenull_(...)
#endif
#ifndef _Outptr_result_bytebuffer_all_maybenull_
#define _Outptr_result_bytebuffer_all_maybenull_(...)
#endif
#ifndef _Outptr_opt_result_buffer_
#define _Outptr_opt_result_buffer_(...)
#endif
#ifndef _Outptr_opt_result_buffer_to_
#define _Outptr_opt_result_buffer_to_(...)
#endif
#ifndef _Outptr_opt_result_buffer_all_
#define _Outptr_opt_result_buffer_all_(...)
#endif
#ifndef _Outptr_opt_result_buffer_maybenull_
#define _Outptr_opt_result_buffer_maybenull_(...)
#endif
#ifndef _Outptr_opt_result_buffer_to_maybenull_
#define _Outptr_opt_result_buffer_to_maybenull_(...)
#endif
#ifndef _Outptr_opt_result_buffer_all_maybenull_
#define _Outptr_opt_result_buffer_all_maybenull_(...)
#endif
#ifndef _Outptr_opt_result_bytebuffer_
#define _Outptr_opt_result_bytebuffer_(...)
#endif
#ifndef _Outptr_opt_result_bytebuffer_to_
#define _Outptr_opt_result_bytebuffer_to_(...)
#endif
#ifndef _Outptr_opt_result_bytebuffer_all_
#define _Outptr_opt_result_bytebuffer_all_(...)
#endif
#ifndef _Outptr_opt_result_bytebuffer_maybenull_
#define _Outptr_opt_result_bytebuffer_maybenull_(...)
#endif
#ifndef _Outptr_opt_result_bytebuffer_to_maybenull_
#define _Outptr_opt_result_bytebuffer_to_maybenull_(...)
#endif
#ifndef _Outptr_opt_result_bytebuffer_all_maybenull_
#define _Outptr_opt_result_bytebuffer_all_maybenull_(...)
#endif

/* ------------------------------------------------------------------------
 * SAL 2: reference-to-pointer outputs (_Outref_) and failure results
 */
#ifndef _Outref_
#define _Outref_
#endif
#ifndef _Outref_result_maybenull_
#define _Outref_result_maybenull_
#endif
#ifndef _Outref_result_nullonfailure_
#define _Outref_result_nullonfailure_
#endif
#ifndef _Result_nullonfailure_
#define _Result_nullonfailure_
#endif
#ifndef _Result_zeroonfailure_
#define _Result_zeroonfailure_
#endif
#ifndef _Outref_result_buffer_
#define _Outref_result_buffer_(...)
#endif
#ifndef _Outref_result_buffer_to_
#define _Outref_result_buffer_to_(...)
#endif
#ifndef _Outref_result_buffer_all_
#define _Outref_result_buffer_all_(...)
#endif
#ifndef _Outref_result_buffer_maybenull_
#define _Outref_result_buffer_maybenull_(...)
#endif
#ifndef _Outref_result_buffer_to_maybenull_
#define _Outref_result_buffer_to_maybenull_(...)
#endif
#ifndef _Outref_result_buffer_all_maybenull_
#define _Outref_result_buffer_all_maybenull_(...)
#endif
#ifndef _Outref_result_bytebuffer_
#define _Outref_result_bytebuffer_(...)
#endif
#ifndef _Outref_result_bytebuffer_to_
#define _Outref_result_bytebuffer_to_(...)
#endif
#ifndef _Outref_result_bytebuffer_all_
#define _Outref_result_bytebuffer_all_(...)
#endif
#ifndef _Outref_result_bytebuffer_maybenull_
#define _Outref_result_bytebuffer_maybenull_(...)
#endif
#ifndef _Outref_result_bytebuffer_to_maybenull_
#define _Outref_result_bytebuffer_to_maybenull_(...)
#endif
#ifndef _Outref_result_bytebuffer_all_maybenull_
#define _Outref_result_bytebuffer_all_maybenull_(...)
#endif

/* ------------------------------------------------------------------------
 * SAL 2: return values
 */
#ifndef _Ret_z_
#define _Ret_z_
#endif
#ifndef _Ret_maybenull_z_
#define _Ret_maybenull_z_
#endif
#ifndef _Ret_notnull_
#define _Ret_notnull_
#endif
#ifndef _Ret_maybenull_
#define _Ret_maybenull_
#endif
#ifndef _Ret_null_
#define _Ret_null_
#endif
#ifndef _Ret_valid_
#define _Ret_valid_
#endif
#ifndef _Ret_writes_
#define _Ret_writes_(...)
#endif
#ifndef _Ret_writes_z_
#define _Ret_writes_z_(...)
#endif
#ifndef _Ret_writes_bytes_
#define _Ret_writes_bytes_(...)
#endif
#ifndef _Ret_writes_maybenull_
#define _Ret_writes_maybenull_(...)
#endif
#ifndef _Ret_writes_maybenull_z_
#define _Ret_writes_maybenull_z_(...)
#endif
#ifndef _Ret_writes_bytes_maybenull_
#define _Ret_writes_bytes_maybenull_(...)
#endif
#ifndef _Ret_writes_to_
#define _Ret_writes_to_(...)
#endif
#ifndef _Ret_writes_bytes_to_
#define _Ret_writes_bytes_to_(...)
#endif
#ifndef _Ret_writes_to_maybenull_
#define _Ret_writes_to_maybenull_(...)
#endif
#ifndef _Ret_writes_bytes_to_maybenull_
#define _Ret_writes_bytes_to_maybenull_(...)
#endif
#ifndef _Ret_reallocated_bytes_
#define _Ret_reallocated_bytes_(...)
#endif
#ifndef _Reallocation_function_
#define _Reallocation_function_(...)
#endif

/* ------------------------------------------------------------------------
 * SAL 2: checks, format strings, ranges, fields and structs
 */
#ifndef _Points_to_data_
#define _Points_to_data_
#endif
#ifndef _Literal_
#define _Literal_
#endif
#ifndef _Notliteral_
#define _Notliteral_
#endif
#ifndef _Check_return_
#define _Check_return_
#endif
#ifndef _Must_inspect_result_
#define _Must_inspect_result_
#endif
#ifndef _Printf_format_string_
#define _Printf_format_string_
#endif
#ifndef _Scanf_format_string_
#define _Scanf_format_string_
#endif
#ifndef _Scanf_s_format_string_
#define _Scanf_s_format_string_
#endif
#ifndef _Field_z_
#define _Field_z_
#endif
#ifndef _Frees_ptr_
#define _Frees_ptr_
#endif
#ifndef _Frees_ptr_opt_
#define _Frees_ptr_opt_
#endif
#ifndef _Post_equals_last_error_
#define _Post_equals_last_error_
#endif
#ifndef _Translates_last_error_to_HRESULT_
#define _Translates_last_error_to_HRESULT_
#endif
#ifndef _Format_string_impl_
#define _Format_string_impl_(...)
#endif
#ifndef _Printf_format_string_params_
#define _Printf_format_string_params_(...)
#endif
#ifndef _Scanf_format_string_params_
#define _Scanf_format_string_params_(...)
#endif
#ifndef _Scanf_s_format_string_params_
#define _Scanf_s_format_string_params_(...)
#endif
#ifndef _In_range_
#define _In_range_(...)
#endif
#ifndef _Out_range_
#define _Out_range_(...)
#endif
#ifndef _Ret_range_
#define _Ret_range_(...)
#endif
#ifndef _Deref_in_range_
#define _Deref_in_range_(...)
#endif
#ifndef _Deref_out_range_
#define _Deref_out_range_(...)
#endif
#ifndef _Deref_inout_range_
#define _Deref_inout_range_(...)
#endif
#ifndef _Deref_ret_range_
#define _Deref_ret_range_(...)
#endif
#ifndef _Deref_pre_range_
#define _Deref_pre_range_(...)
#endif
#ifndef _Deref_post_range_
#define _Deref_post_range_(...)
#endif
#ifndef _Pre_equal_to_
#define _Pre_equal_to_(...)
#endif
#ifndef _Post_equal_to_
#define _Post_equal_to_(...)
#endif
#ifndef _Unchanged_
#define _Unchanged_(...)
#endif
#ifndef _Pre_satisfies_
#define _Pre_satisfies_(...)
#endif
#ifndef _Post_satisfies_
#define _Post_satisfies_(...)
#endif
#ifndef _Struct_size_bytes_
#define _Struct_size_bytes_(...)
#endif
#ifndef _Field_size_
#define _Field_size_(...)
#endif
#ifndef _Field_size_opt_
#define _Field_size_opt_(...)
#endif
#ifndef _Field_size_part_
#define _Field_size_part_(...)
#endif
#ifndef _Field_size_part_opt_
#define _Field_size_part_opt_(...)
#endif
#ifndef _Field_size_full_
#define _Field_size_full_(...)
#endif
#ifndef _Field_size_full_opt_
#define _Field_size_full_opt_(...)
#endif
#ifndef _Field_size_bytes_
#define _Field_size_bytes_(...)
#endif
#ifndef _Field_size_bytes_opt_
#define _Field_size_bytes_opt_(...)
#endif
#ifndef _Field_size_bytes_part_
#define _Field_size_bytes_part_(...)
#endif
#ifndef _Field_size_bytes_part_opt_
#define _Field_size_bytes_part_opt_(...)
#endif
#ifndef _Field_size_bytes_full_
#define _Field_size_bytes_full_(...)
#endif
#ifndef _Field_size_bytes_full_opt_
#define _Field_size_bytes_full_opt_(...)
#endif
#ifndef _Field_range_
#define _Field_range_(...)
#endif
#ifndef _Translates_Win32_to_HRESULT_
#define _Translates_Win32_to_HRESULT_(...)
#endif
#ifndef _Translates_NTSTATUS_to_HRESULT_
#define _Translates_NTSTATUS_to_HRESULT_(...)
#endif

/* ------------------------------------------------------------------------
 * SAL 2: the _Pre_/_Post_ layer, validity, null-ness, buffer extents
 */
#ifndef _Pre_
#define _Pre_
#endif
#ifndef _Post_
#define _Post_
#endif
#ifndef _Valid_
#define _Valid_
#endif
#ifndef _Notvalid_
#define _Notvalid_
#endif
#ifndef _Maybevalid_
#define _Maybevalid_
#endif
#ifndef _Null_terminated_
#define _Null_terminated_
#endif
#ifndef _NullNull_terminated_
#define _NullNull_terminated_
#endif
#ifndef _Null_
#define _Null_
#endif
#ifndef _Notnull_
#define _Notnull_
#endif
#ifndef _Maybenull_
#define _Maybenull_
#endif
#ifndef _Pre_z_
#define _Pre_z_
#endif
#ifndef _Pre_valid_
#define _Pre_valid_
#endif
#ifndef _Pre_opt_valid_
#define _Pre_opt_valid_
#endif
#ifndef _Pre_invalid_
#define _Pre_invalid_
#endif
#ifndef _Pre_unknown_
#define _Pre_unknown_
#endif
#ifndef _Pre_notnull_
#define _Pre_notnull_
#endif
#ifndef _Pre_maybenull_
#define _Pre_maybenull_
#endif
#ifndef _Pre_null_
#define _Pre_null_
#endif
#ifndef _Post_z_
#define _Post_z_
#endif
#ifndef _Post_valid_
#define _Post_valid_
#endif
#ifndef _Post_invalid_
#define _Post_invalid_
#endif
#ifndef _Post_ptr_invalid_
#define _Post_ptr_invalid_
#endif
#ifndef _Post_notnull_
#define _Post_notnull_
#endif
#ifndef _Post_null_
#define _Post_null_
#endif
#ifndef _Post_maybenull_
#define _Post_maybenull_
#endif
#ifndef _Prepost_z_
#define _Prepost_z_
#endif
#ifndef _Readable_bytes_
#define _Readable_bytes_(...)
#endif
#ifndef _Readable_elements_
#define _Readable_elements_(...)
#endif
#ifndef _Writable_bytes_
#define _Writable_bytes_(...)
#endif
#ifndef _Writable_elements_
#define _Writable_elements_(...)
#endif
#ifndef _Pre_readable_size_
#define _Pre_readable_size_(...)
#endif
#ifndef _Pre_writable_size_
#define _Pre_writable_size_(...)
#endif
#ifndef _Pre_readable_byte_size_
#define _Pre_readable_byte_size_(...)
#endif
#ifndef _Pre_writable_byte_size_
#define _Pre_writable_byte_size_(...)
#endif
#ifndef _Post_readable_size_
#define _Post_readable_size_(...)
#endif
#ifndef _Post_writable_size_
#define _Post_writable_size_(...)
#endif
#ifndef _Post_readable_byte_size_
#define _Post_readable_byte_size_(...)
#endif
#ifndef _Post_writable_byte_size_
#define _Post_writable_byte_size_(...)
#endif

/* ------------------------------------------------------------------------
 * SAL 2: analysis directives and function classes
 * _Analysis_assume_(e) discards e, as the SDK does outside /analyze: the
 * expression is not evaluated.
 */
#ifndef _Analysis_noreturn_
#define _Analysis_noreturn_
#endif
#ifndef _Enum_is_bitflag_
#define _Enum_is_bitflag_
#endif
#ifndef _Strict_type_match_
#define _Strict_type_match_
#endif
#ifndef _Maybe_raises_SEH_exception_
#define _Maybe_raises_SEH_exception_
#endif
#ifndef _Raises_SEH_exception_
#define _Raises_SEH_exception_
#endif
#ifndef _Interlocked_operand_
#define _Interlocked_operand_
#endif
#ifndef _Kernel_entry_
#define _Kernel_entry_
#endif
#ifndef _Kernel_entry_always_
#define _Kernel_entry_always_
#endif
#ifndef _Check_return_opt_
#define _Check_return_opt_
#endif
#ifndef _Check_return_wat_
#define _Check_return_wat_
#endif
#ifndef _Analysis_assume_
#define _Analysis_assume_(...)
#endif
#ifndef _Analysis_assume_nullterminated_
#define _Analysis_assume_nullterminated_(...)
#endif
#ifndef _Analysis_mode_
#define _Analysis_mode_(...)
#endif
#ifndef _Function_class_
#define _Function_class_(...)
#endif

/* ------------------------------------------------------------------------
 * SAL 2: expression vocabulary used inside annotation arguments
 * These only ever occur inside the (discarded) arguments of other
 * annotations; they are defined for completeness.
 */
#ifndef _Curr_
#define _Curr_
#endif
#ifndef _Old_
#define _Old_(...)
#endif
#ifndef _Param_
#define _Param_(...)
#endif
#ifndef _String_length_
#define _String_length_(...)
#endif
#ifndef _Nullterm_length_
#define _Nullterm_length_(...)
#endif
#ifndef _Inexpressible_
#define _Inexpressible_(...)
#endif
#ifndef _Macro_value_
#define _Macro_value_(...)
#endif
#ifndef _Macro_defined_
#define _Macro_defined_(...)
#endif
#ifndef _Strstr_
#define _Strstr_(...)
#endif
#ifndef _In_function_class_
#define _In_function_class_(...)
#endif
#ifndef _Called_from_function_class_
#define _Called_from_function_class_(...)
#endif

/* ------------------------------------------------------------------------
 * Concurrency SAL (concurrencysal.h)
 */
#ifndef _Benign_race_begin_
#define _Benign_race_begin_
#endif
#ifndef _Benign_race_end_
#define _Benign_race_end_
#endif
#ifndef _No_competing_thread_begin_
#define _No_competing_thread_begin_
#endif
#ifndef _No_competing_thread_end_
#define _No_competing_thread_end_
#endif
#ifndef _Interlocked_
#define _Interlocked_
#endif
#ifndef _No_competing_thread_
#define _No_competing_thread_
#endif
#ifndef _Requires_no_locks_held_
#define _Requires_no_locks_held_
#endif
#ifndef _Acquires_exclusive_lock_
#define _Acquires_exclusive_lock_(...)
#endif
#ifndef _Acquires_lock_
#define _Acquires_lock_(...)
#endif
#ifndef _Acquires_nonreentrant_lock_
#define _Acquires_nonreentrant_lock_(...)
#endif
#ifndef _Acquires_shared_lock_
#define _Acquires_shared_lock_(...)
#endif
#ifndef _Analysis_assume_lock_acquired_
#define _Analysis_assume_lock_acquired_(...)
#endif
#ifndef _Analysis_assume_lock_released_
#define _Analysis_assume_lock_released_(...)
#endif
#ifndef _Analysis_assume_lock_held_
#define _Analysis_assume_lock_held_(...)
#endif
#ifndef _Analysis_assume_lock_not_held_
#define _Analysis_assume_lock_not_held_(...)
#endif
#ifndef _Analysis_assume_same_lock_
#define _Analysis_assume_same_lock_(...)
#endif
#ifndef _Analysis_suppress_lock_checking_
#define _Analysis_suppress_lock_checking_(...)
#endif
#ifndef _Create_lock_level_
#define _Create_lock_level_(...)
#endif
#ifndef _Csalcat1_
#define _Csalcat1_(...)
#endif
#ifndef _Csalcat2_
#define _Csalcat2_(...)
#endif
#ifndef _Function_ignore_lock_checking_
#define _Function_ignore_lock_checking_(...)
#endif
#ifndef _Guarded_by_
#define _Guarded_by_(...)
#endif
#ifndef _Has_lock_kind_
#define _Has_lock_kind_(...)
#endif
#ifndef _Has_lock_level_
#define _Has_lock_level_(...)
#endif
#ifndef _Internal_lock_level_order_
#define _Internal_lock_level_order_(...)
#endif
#ifndef _Lock_level_order_
#define _Lock_level_order_(...)
#endif
#ifndef _Post_same_lock_
#define _Post_same_lock_(...)
#endif
#ifndef _Releases_exclusive_lock_
#define _Releases_exclusive_lock_(...)
#endif
#ifndef _Releases_lock_
#define _Releases_lock_(...)
#endif
#ifndef _Releases_nonreentrant_lock_
#define _Releases_nonreentrant_lock_(...)
#endif
#ifndef _Releases_shared_lock_
#define _Releases_shared_lock_(...)
#endif
#ifndef _Requires_exclusive_lock_held_
#define _Requires_exclusive_lock_held_(...)
#endif
#ifndef _Requires_shared_lock_held_
#define _Requires_shared_lock_held_(...)
#endif
#ifndef _Requires_lock_held_
#define _Requires_lock_held_(...)
#endif
#ifndef _Requires_lock_not_held_
#define _Requires_lock_not_held_(...)
#endif
#ifndef _Write_guarded_by_
#define _Write_guarded_by_(...)
#endif

/* ------------------------------------------------------------------------
 * Concurrency SAL, legacy lower-case spellings
 */
#ifndef __interlocked
#define __interlocked
#endif
#ifndef __requires_no_locks_held
#define __requires_no_locks_held
#endif
#ifndef __benign_race
#define __benign_race
#endif
#ifndef __no_competing_thread
#define __no_competing_thread
#endif
#ifndef __guarded_by
#define __guarded_by(...)
#endif
#ifndef __write_guarded_by
#define __write_guarded_by(...)
#endif
#ifndef __requires_lock_held
#define __requires_lock_held(...)
#endif
#ifndef __requires_exclusive_lock_held
#define __requires_exclusive_lock_held(...)
#endif
#ifndef __requires_shared_lock_held
#define __requires_shared_lock_held(...)
#endif
#ifndef __requires_lock_not_held
#define __requires_lock_not_held(...)
#endif
#ifndef __acquires_lock
#define __acquires_lock(...)
#endif
#ifndef __acquires_exclusive_lock
#define __acquires_exclusive_lock(...)
#endif
#ifndef __acquires_shared_lock
#define __acquires_shared_lock(...)
#endif
#ifndef __releases_lock
#define __releases_lock(...)
#endif
#ifndef __releases_exclusive_lock
#define __releases_exclusive_lock(...)
#endif
#ifndef __releases_shared_lock
#define __releases_shared_lock(...)
#endif
#ifndef __has_lock_property
#define __has_lock_property(...)
#endif
#ifndef __has_lock_level
#define __has_lock_level(...)
#endif
#ifndef __declare_lock_level
#define __declare_lock_level(...)
#endif
#ifndef __lock_level_order
#define __lock_level_order(...)
#endif
#ifndef __analysis_assume_lock_acquired
#define __analysis_assume_lock_acquired(...)
#endif
#ifndef __analysis_assume_lock_released
#define __analysis_assume_lock_released(...)
#endif
#ifndef __function_ignore_lock_checking
#define __function_ignore_lock_checking(...)
#endif
#ifndef __analysis_suppress_lock_checking
#define __analysis_suppress_lock_checking(...)
#endif

/* ------------------------------------------------------------------------
 * Annotation machinery (for headers that build their own annotations)
 */
#ifndef _SAL_nop_impl_
#define _SAL_nop_impl_
#endif
#ifndef _SA_annotes0
#define _SA_annotes0(...)
#endif
#ifndef _SA_annotes1
#define _SA_annotes1(...)
#endif
#ifndef _SA_annotes2
#define _SA_annotes2(...)
#endif
#ifndef _SA_annotes3
#define _SA_annotes3(...)
#endif
#ifndef __ANNOTATION
#define __ANNOTATION(...)
#endif
#ifndef __PRIMOP
#define __PRIMOP(...)
#endif
#ifndef __QUALIFIER
#define __QUALIFIER(...)
#endif
#ifndef _SAL1_Source_
#define _SAL1_Source_(...)
#endif
#ifndef _SAL1_1_Source_
#define _SAL1_1_Source_(...)
#endif
#ifndef _SAL1_2_Source_
#define _SAL1_2_Source_(...)
#endif
#ifndef _SAL2_Source_
#define _SAL2_Source_(...)
#endif
#ifndef _SAL_L_Source_
#define _SAL_L_Source_(...)
#endif

/* ------------------------------------------------------------------------
 * SAL 1.1 (Visual Studio 2005-2010): _In_count_, _Out_cap_, _Deref_pre_ ...
 */
#ifndef _In_count_
#define _In_count_(...)
#endif
#ifndef _In_count_c_
#define _In_count_c_(...)
#endif
#ifndef _In_count_x_
#define _In_count_x_(...)
#endif
#ifndef _In_bytecount_
#define _In_bytecount_(...)
#endif
#ifndef _In_bytecount_c_
#define _In_bytecount_c_(...)
#endif
#ifndef _In_bytecount_x_
#define _In_bytecount_x_(...)
#endif
#ifndef _In_opt_count_
#define _In_opt_count_(...)
#endif
#ifndef _In_opt_count_c_
#define _In_opt_count_c_(...)
#endif
#ifndef _In_opt_count_x_
#define _In_opt_count_x_(...)
#endif
#ifndef _In_opt_bytecount_
#define _In_opt_bytecount_(...)
#endif
#ifndef _In_opt_bytecount_c_
#define _In_opt_bytecount_c_(...)
#endif
#ifndef _In_opt_bytecount_x_
#define _In_opt_bytecount_x_(...)
#endif
#ifndef _In_z_count_
#define _In_z_count_(...)
#endif
#ifndef _In_z_count_c_
#define _In_z_count_c_(...)
#endif
#ifndef _In_z_bytecount_
#define _In_z_bytecount_(...)
#endif
#ifndef _In_z_bytecount_c_
#define _In_z_bytecount_c_(...)
#endif
#ifndef _In_opt_z_count_
#define _In_opt_z_count_(...)
#endif
#ifndef _In_opt_z_count_c_
#define _In_opt_z_count_c_(...)
#endif
#ifndef _In_opt_z_bytecount_
#define _In_opt_z_bytecount_(...)
#endif
#ifndef _In_opt_z_bytecount_c_
#define _In_opt_z_bytecount_c_(...)
#endif
#ifndef _In_ptrdiff_count_
#define _In_ptrdiff_count_(...)
#endif
#ifndef _In_opt_ptrdiff_count_
#define _In_opt_ptrdiff_count_(...)
#endif
#ifndef _Out_cap_
#define _Out_cap_(...)
#endif
#ifndef _Out_cap_c_
#define _Out_cap_c_(...)
#endif
#ifndef _Out_cap_x_
#define _Out_cap_x_(...)
#endif
#ifndef _Out_bytecap_
#define _Out_bytecap_(...)
#endif
#ifndef _Out_bytecap_c_
#define _Out_bytecap_c_(...)
#endif
#ifndef _Out_bytecap_x_
#define _Out_bytecap_x_(...)
#endif
#ifndef _Out_opt_cap_
#define _Out_opt_cap_(...)
#endif
#ifndef _Out_opt_cap_c_
#define _Out_opt_cap_c_(...)
#endif
#ifndef _Out_opt_cap_x_
#define _Out_opt_cap_x_(...)
#endif
#ifndef _Out_opt_bytecap_
#define _Out_opt_bytecap_(...)
#endif
#ifndef _Out_opt_bytecap_c_
#define _Out_opt_bytecap_c_(...)
#endif
#ifndef _Out_opt_bytecap_x_
#define _Out_opt_bytecap_x_(...)
#endif
#ifndef _Out_cap_m_
#define _Out_cap_m_(...)
#endif
#ifndef _Out_opt_cap_m_
#define _Out_opt_cap_m_(...)
#endif
#ifndef _Out_z_cap_m_
#define _Out_z_cap_m_(...)
#endif
#ifndef _Out_opt_z_cap_m_
#define _Out_opt_z_cap_m_(...)
#endif
#ifndef _Out_ptrdiff_cap_
#define _Out_ptrdiff_cap_(...)
#endif
#ifndef _Out_opt_ptrdiff_cap_
#define _Out_opt_ptrdiff_cap_(...)
#endif
#ifndef _Out_z_cap_
#define _Out_z_cap_(...)
#endif
#ifndef _Out_z_cap_c_
#define _Out_z_cap_c_(...)
#endif
#ifndef _Out_z_cap_x_
#define _Out_z_cap_x_(...)
#endif
#ifndef _Out_z_bytecap_
#define _Out_z_bytecap_(...)
#endif
#ifndef _Out_z_bytecap_c_
#define _Out_z_bytecap_c_(...)
#endif
#ifndef _Out_z_bytecap_x_
#define _Out_z_bytecap_x_(...)
#endif
#ifndef _Out_opt_z_cap_
#define _Out_opt_z_cap_(...)
#endif
#ifndef _Out_opt_z_cap_c_
#define _Out_opt_z_cap_c_(...)
#endif
#ifndef _Out_opt_z_cap_x_
#define _Out_opt_z_cap_x_(...)
#endif
#ifndef _Out_opt_z_bytecap_
#define _Out_opt_z_bytecap_(...)
#endif
#ifndef _Out_opt_z_bytecap_c_
#define _Out_opt_z_bytecap_c_(...)
#endif
#ifndef _Out_opt_z_bytecap_x_
#define _Out_opt_z_bytecap_x_(...)
#endif
#ifndef _Out_cap_post_count_
#define _Out_cap_post_count_(...)
#endif
#ifndef _Out_bytecap_post_bytecount_
#define _Out_bytecap_post_bytecount_(...)
#endif
#ifndef _Out_z_cap_post_count_
#define _Out_z_cap_post_count_(...)
#endif
#ifndef _Out_z_bytecap_post_bytecount_
#define _Out_z_bytecap_post_bytecount_(...)
#endif
#ifndef _Out_opt_cap_post_count_
#define _Out_opt_cap_post_count_(...)
#endif
#ifndef _Out_opt_bytecap_post_bytecount_
#define _Out_opt_bytecap_post_bytecount_(...)
#endif
#ifndef _Out_opt_z_cap_post_count_
#define _Out_opt_z_cap_post_count_(...)
#endif
#ifndef _Out_opt_z_bytecap_post_bytecount_
#define _Out_opt_z_bytecap_post_bytecount_(...)
#endif
#ifndef _Out_capcount_
#define _Out_capcount_(...)
#endif
#ifndef _Out_capcount_x_
#define _Out_capcount_x_(...)
#endif
#ifndef _Out_bytecapcount_
#define _Out_bytecapcount_(...)
#endif
#ifndef _Out_bytecapcount_x_
#define _Out_bytecapcount_x_(...)
#endif
#ifndef _Out_opt_capcount_
#define _Out_opt_capcount_(...)
#endif
#ifndef _Out_opt_capcount_x_
#define _Out_opt_capcount_x_(...)
#endif
#ifndef _Out_opt_bytecapcount_
#define _Out_opt_bytecapcount_(...)
#endif
#ifndef _Out_opt_bytecapcount_x_
#define _Out_opt_bytecapcount_x_(...)
#endif
#ifndef _Out_z_capcount_
#define _Out_z_capcount_(...)
#endif
#ifndef _Out_z_bytecapcount_
#define _Out_z_bytecapcount_(...)
#endif
#ifndef _Out_opt_z_capcount_
#define _Out_opt_z_capcount_(...)
#endif
#ifndef _Out_opt_z_bytecapcount_
#define _Out_opt_z_bytecapcount_(...)
#endif
#ifndef _Inout_count_
#define _Inout_count_(...)
#endif
#ifndef _Inout_count_c_
#define _Inout_count_c_(...)
#endif
#ifndef _Inout_count_x_
#define _Inout_count_x_(...)
#endif
#ifndef _Inout_bytecount_
#define _Inout_bytecount_(...)
#endif
#ifndef _Inout_bytecount_c_
#define _Inout_bytecount_c_(...)
#endif
#ifndef _Inout_bytecount_x_
#define _Inout_bytecount_x_(...)
#endif
#ifndef _Inout_opt_count_
#define _Inout_opt_count_(...)
#endif
#ifndef _Inout_opt_count_c_
#define _Inout_opt_count_c_(...)
#endif
#ifndef _Inout_opt_count_x_
#define _Inout_opt_count_x_(...)
#endif
#ifndef _Inout_opt_bytecount_
#define _Inout_opt_bytecount_(...)
#endif
#ifndef _Inout_opt_bytecount_c_
#define _Inout_opt_bytecount_c_(...)
#endif
#ifndef _Inout_opt_bytecount_x_
#define _Inout_opt_bytecount_x_(...)
#endif
#ifndef _Inout_z_count_
#define _Inout_z_count_(...)
#endif
#ifndef _Inout_z_count_c_
#define _Inout_z_count_c_(...)
#endif
#ifndef _Inout_z_bytecount_
#define _Inout_z_bytecount_(...)
#endif
#ifndef _Inout_z_bytecount_c_
#define _Inout_z_bytecount_c_(...)
#endif
#ifndef _Inout_opt_z_count_
#define _Inout_opt_z_count_(...)
#endif
#ifndef _Inout_opt_z_count_c_
#define _Inout_opt_z_count_c_(...)
#endif
#ifndef _Inout_opt_z_bytecount_
#define _Inout_opt_z_bytecount_(...)
#endif
#ifndef _Inout_opt_z_bytecount_c_
#define _Inout_opt_z_bytecount_c_(...)
#endif
#ifndef _Inout_ptrdiff_count_
#define _Inout_ptrdiff_count_(...)
#endif
#ifndef _Inout_opt_ptrdiff_count_
#define _Inout_opt_ptrdiff_count_(...)
#endif
#ifndef _Inout_cap_
#define _Inout_cap_(...)
#endif
#ifndef _Inout_cap_c_
#define _Inout_cap_c_(...)
#endif
#ifndef _Inout_cap_x_
#define _Inout_cap_x_(...)
#endif
#ifndef _Inout_bytecap_
#define _Inout_bytecap_(...)
#endif
#ifndef _Inout_bytecap_c_
#define _Inout_bytecap_c_(...)
#endif
#ifndef _Inout_bytecap_x_
#define _Inout_bytecap_x_(...)
#endif
#ifndef _Inout_opt_cap_
#define _Inout_opt_cap_(...)
#endif
#ifndef _Inout_opt_cap_c_
#define _Inout_opt_cap_c_(...)
#endif
#ifndef _Inout_opt_cap_x_
#define _Inout_opt_cap_x_(...)
#endif
#ifndef _Inout_opt_bytecap_
#define _Inout_opt_bytecap_(...)
#endif
#ifndef _Inout_opt_bytecap_c_
#define _Inout_opt_bytecap_c_(...)
#endif
#ifndef _Inout_opt_bytecap_x_
#define _Inout_opt_bytecap_x_(...)
#endif
#ifndef _Inout_z_cap_
#define _Inout_z_cap_(...)
#endif
#ifndef _Inout_z_cap_c_
#define _Inout_z_cap_c_(...)
#endif
#ifndef _Inout_z_cap_x_
#define _Inout_z_cap_x_(...)
#endif
#ifndef _Inout_z_bytecap_
#define _Inout_z_bytecap_(...)
#endif
#ifndef _Inout_z_bytecap_c_
#define _Inout_z_bytecap_c_(...)
#endif
#ifndef _Inout_z_bytecap_x_
#define _Inout_z_bytecap_x_(...)
#endif
#ifndef _Inout_opt_z_cap_
#define _Inout_opt_z_cap_(...)
#endif
#ifndef _Inout_opt_z_cap_c_
#define _Inout_opt_z_cap_c_(...)
#endif
#ifndef _Inout_opt_z_cap_x_
#define _Inout_opt_z_cap_x_(...)
#endif
#ifndef _Inout_opt_z_bytecap_
#define _Inout_opt_z_bytecap_(...)
#endif
#ifndef _Inout_opt_z_bytecap_c_
#define _Inout_opt_z_bytecap_c_(...)
#endif
#ifndef _Inout_opt_z_bytecap_x_
#define _Inout_opt_z_bytecap_x_(...)
#endif
#ifndef _Ret_
#define _Ret_
#endif
#ifndef _Ret_opt_
#define _Ret_opt_
#endif
#ifndef _In_bound_
#define _In_bound_
#endif
#ifndef _Out_bound_
#define _Out_bound_
#endif
#ifndef _Ret_bound_
#define _Ret_bound_
#endif
#ifndef _Deref_in_bound_
#define _Deref_in_bound_
#endif
#ifndef _Deref_out_bound_
#define _Deref_out_bound_
#endif
#ifndef _Deref_inout_bound_
#define _Deref_inout_bound_
#endif
#ifndef _Deref_ret_bound_
#define _Deref_ret_bound_
#endif
#ifndef _Deref_out_
#define _Deref_out_
#endif
#ifndef _Deref_out_opt_
#define _Deref_out_opt_
#endif
#ifndef _Deref_opt_out_
#define _Deref_opt_out_
#endif
#ifndef _Deref_opt_out_opt_
#define _Deref_opt_out_opt_
#endif
#ifndef _Deref_out_z_
#define _Deref_out_z_
#endif
#ifndef _Deref_out_opt_z_
#define _Deref_out_opt_z_
#endif
#ifndef _Deref_opt_out_z_
#define _Deref_opt_out_z_
#endif
#ifndef _Deref_opt_out_opt_z_
#define _Deref_opt_out_opt_z_
#endif
#ifndef _Deref_pre_z_
#define _Deref_pre_z_
#endif
#ifndef _Deref_pre_opt_z_
#define _Deref_pre_opt_z_
#endif
#ifndef _Deref_pre_valid_
#define _Deref_pre_valid_
#endif
#ifndef _Deref_pre_opt_valid_
#define _Deref_pre_opt_valid_
#endif
#ifndef _Deref_pre_notnull_
#define _Deref_pre_notnull_
#endif
#ifndef _Deref_pre_maybenull_
#define _Deref_pre_maybenull_
#endif
#ifndef _Deref_pre_null_
#define _Deref_pre_null_
#endif
#ifndef _Deref_pre_cap_
#define _Deref_pre_cap_(...)
#endif
#ifndef _Deref_pre_cap_c_
#define _Deref_pre_cap_c_(...)
#endif
#ifndef _Deref_pre_cap_x_
#define _Deref_pre_cap_x_(...)
#endif
#ifndef _Deref_pre_bytecap_
#define _Deref_pre_bytecap_(...)
#endif
#ifndef _Deref_pre_bytecap_c_
#define _Deref_pre_bytecap_c_(...)
#endif
#ifndef _Deref_pre_bytecap_x_
#define _Deref_pre_bytecap_x_(...)
#endif
#ifndef _Deref_pre_z_cap_
#define _Deref_pre_z_cap_(...)
#endif
#ifndef _Deref_pre_z_cap_c_
#define _Deref_pre_z_cap_c_(...)
#endif
#ifndef _Deref_pre_z_cap_x_
#define _Deref_pre_z_cap_x_(...)
#endif
#ifndef _Deref_pre_z_bytecap_
#define _Deref_pre_z_bytecap_(...)
#endif
#ifndef _Deref_pre_z_bytecap_c_
#define _Deref_pre_z_bytecap_c_(...)
#endif
#ifndef _Deref_pre_z_bytecap_x_
#define _Deref_pre_z_bytecap_x_(...)
#endif
#ifndef _Deref_pre_valid_cap_
#define _Deref_pre_valid_cap_(...)
#endif
#ifndef _Deref_pre_valid_cap_c_
#define _Deref_pre_valid_cap_c_(...)
#endif
#ifndef _Deref_pre_valid_cap_x_
#define _Deref_pre_valid_cap_x_(...)
#endif
#ifndef _Deref_pre_valid_bytecap_
#define _Deref_pre_valid_bytecap_(...)
#endif
#ifndef _Deref_pre_valid_bytecap_c_
#define _Deref_pre_valid_bytecap_c_(...)
#endif
#ifndef _Deref_pre_valid_bytecap_x_
#define _Deref_pre_valid_bytecap_x_(...)
#endif
#ifndef _Deref_pre_opt_cap_
#define _Deref_pre_opt_cap_(...)
#endif
#ifndef _Deref_pre_opt_cap_c_
#define _Deref_pre_opt_cap_c_(...)
#endif
#ifndef _Deref_pre_opt_cap_x_
#define _Deref_pre_opt_cap_x_(...)
#endif
#ifndef _Deref_pre_opt_bytecap_
#define _Deref_pre_opt_bytecap_(...)
#endif
#ifndef _Deref_pre_opt_bytecap_c_
#define _Deref_pre_opt_bytecap_c_(...)
#endif
#ifndef _Deref_pre_opt_bytecap_x_
#define _Deref_pre_opt_bytecap_x_(...)
#endif
#ifndef _Deref_pre_opt_z_cap_
#define _Deref_pre_opt_z_cap_(...)
#endif
#ifndef _Deref_pre_opt_z_cap_c_
#define _Deref_pre_opt_z_cap_c_(...)
#endif
#ifndef _Deref_pre_opt_z_cap_x_
#define _Deref_pre_opt_z_cap_x_(...)
#endif
#ifndef _Deref_pre_opt_z_bytecap_
#define _Deref_pre_opt_z_bytecap_(...)
#endif
#ifndef _Deref_pre_opt_z_bytecap_c_
#define _Deref_pre_opt_z_bytecap_c_(...)
#endif
#ifndef _Deref_pre_opt_z_bytecap_x_
#define _Deref_pre_opt_z_bytecap_x_(...)
#endif
#ifndef _Deref_pre_opt_valid_cap_
#define _Deref_pre_opt_valid_cap_(...)
#endif
#ifndef _Deref_pre_opt_valid_cap_c_
#define _Deref_pre_opt_valid_cap_c_(...)
#endif
#ifndef _Deref_pre_opt_valid_cap_x_
#define _Deref_pre_opt_valid_cap_x_(...)
#endif
#ifndef _Deref_pre_opt_valid_bytecap_
#define _Deref_pre_opt_valid_bytecap_(...)
#endif
#ifndef _Deref_pre_opt_valid_bytecap_c_
#define _Deref_pre_opt_valid_bytecap_c_(...)
#endif
#ifndef _Deref_pre_opt_valid_bytecap_x_
#define _Deref_pre_opt_valid_bytecap_x_(...)
#endif
#ifndef _Deref_pre_count_
#define _Deref_pre_count_(...)
#endif
#ifndef _Deref_pre_count_c_
#define _Deref_pre_count_c_(...)
#endif
#ifndef _Deref_pre_count_x_
#define _Deref_pre_count_x_(...)
#endif
#ifndef _Deref_pre_bytecount_
#define _Deref_pre_bytecount_(...)
#endif
#ifndef _Deref_pre_bytecount_c_
#define _Deref_pre_bytecount_c_(...)
#endif
#ifndef _Deref_pre_bytecount_x_
#define _Deref_pre_bytecount_x_(...)
#endif
#ifndef _Deref_pre_opt_count_
#define _Deref_pre_opt_count_(...)
#endif
#ifndef _Deref_pre_opt_count_c_
#define _Deref_pre_opt_count_c_(...)
#endif
#ifndef _Deref_pre_opt_count_x_
#define _Deref_pre_opt_count_x_(...)
#endif
#ifndef _Deref_pre_opt_bytecount_
#define _Deref_pre_opt_bytecount_(...)
#endif
#ifndef _Deref_pre_opt_bytecount_c_
#define _Deref_pre_opt_bytecount_c_(...)
#endif
#ifndef _Deref_pre_opt_bytecount_x_
#define _Deref_pre_opt_bytecount_x_(...)
#endif
#ifndef _Deref_post_z_
#define _Deref_post_z_
#endif
#ifndef _Deref_post_opt_z_
#define _Deref_post_opt_z_
#endif
#ifndef _Deref_post_valid_
#define _Deref_post_valid_
#endif
#ifndef _Deref_post_opt_valid_
#define _Deref_post_opt_valid_
#endif
#ifndef _Deref_post_notnull_
#define _Deref_post_notnull_
#endif
#ifndef _Deref_post_maybenull_
#define _Deref_post_maybenull_
#endif
#ifndef _Deref_post_null_
#define _Deref_post_null_
#endif
#ifndef _Deref_post_cap_
#define _Deref_post_cap_(...)
#endif
#ifndef _Deref_post_cap_c_
#define _Deref_post_cap_c_(...)
#endif
#ifndef _Deref_post_cap_x_
#define _Deref_post_cap_x_(...)
#endif
#ifndef _Deref_post_bytecap_
#define _Deref_post_bytecap_(...)
#endif
#ifndef _Deref_post_bytecap_c_
#define _Deref_post_bytecap_c_(...)
#endif
#ifndef _Deref_post_bytecap_x_
#define _Deref_post_bytecap_x_(...)
#endif
#ifndef _Deref_post_z_cap_
#define _Deref_post_z_cap_(...)
#endif
#ifndef _Deref_post_z_cap_c_
#define _Deref_post_z_cap_c_(...)
#endif
#ifndef _Deref_post_z_cap_x_
#define _Deref_post_z_cap_x_(...)
#endif
#ifndef _Deref_post_z_bytecap_
#define _Deref_post_z_bytecap_(...)
#endif
#ifndef _Deref_post_z_bytecap_c_
#define _Deref_post_z_bytecap_c_(...)
#endif
#ifndef _Deref_post_z_bytecap_x_
#define _Deref_post_z_bytecap_x_(...)
#endif
#ifndef _Deref_post_valid_cap_
#define _Deref_post_valid_cap_(...)
#endif
#ifndef _Deref_post_valid_cap_c_
#define _Deref_post_valid_cap_c_(...)
#endif
#ifndef _Deref_post_valid_cap_x_
#define _Deref_post_valid_cap_x_(...)
#endif
#ifndef _Deref_post_valid_bytecap_
#define _Deref_post_valid_bytecap_(...)
#endif
#ifndef _Deref_post_valid_bytecap_c_
#define _Deref_post_valid_bytecap_c_(...)
#endif
#ifndef _Deref_post_valid_bytecap_x_
#define _Deref_post_valid_bytecap_x_(...)
#endif
#ifndef _Deref_post_opt_cap_
#define _Deref_post_opt_cap_(...)
#endif
#ifndef _Deref_post_opt_cap_c_
#define _Deref_post_opt_cap_c_(...)
#endif
#ifndef _Deref_post_opt_cap_x_
#define _Deref_post_opt_cap_x_(...)
#endif
#ifndef _Deref_post_opt_bytecap_
#define _Deref_post_opt_bytecap_(...)
#endif
#ifndef _Deref_post_opt_bytecap_c_
#define _Deref_post_opt_bytecap_c_(...)
#endif
#ifndef _Deref_post_opt_bytecap_x_
#define _Deref_post_opt_bytecap_x_(...)
#endif
#ifndef _Deref_post_opt_z_cap_
#define _Deref_post_opt_z_cap_(...)
#endif
#ifndef _Deref_post_opt_z_cap_c_
#define _Deref_post_opt_z_cap_c_(...)
#endif
#ifndef _Deref_post_opt_z_cap_x_
#define _Deref_post_opt_z_cap_x_(...)
#endif
#ifndef _Deref_post_opt_z_bytecap_
#define _Deref_post_opt_z_bytecap_(...)
#endif
#ifndef _Deref_post_opt_z_bytecap_c_
#define _Deref_post_opt_z_bytecap_c_(...)
#endif
#ifndef _Deref_post_opt_z_bytecap_x_
#define _Deref_post_opt_z_bytecap_x_(...)
#endif
#ifndef _Deref_post_opt_valid_cap_
#define _Deref_post_opt_valid_cap_(...)
#endif
#ifndef _Deref_post_opt_valid_cap_c_
#define _Deref_post_opt_valid_cap_c_(...)
#endif
#ifndef _Deref_post_opt_valid_cap_x_
#define _Deref_post_opt_valid_cap_x_(...)
#endif
#ifndef _Deref_post_opt_valid_bytecap_
#define _Deref_post_opt_valid_bytecap_(...)
#endif
#ifndef _Deref_post_opt_valid_bytecap_c_
#define _Deref_post_opt_valid_bytecap_c_(...)
#endif
#ifndef _Deref_post_opt_valid_bytecap_x_
#define _Deref_post_opt_valid_bytecap_x_(...)
#endif
#ifndef _Deref_post_count_
#define _Deref_post_count_(...)
#endif
#ifndef _Deref_post_count_c_
#define _Deref_post_count_c_(...)
#endif
#ifndef _Deref_post_count_x_
#define _Deref_post_count_x_(...)
#endif
#ifndef _Deref_post_bytecount_
#define _Deref_post_bytecount_(...)
#endif
#ifndef _Deref_post_bytecount_c_
#define _Deref_post_bytecount_c_(...)
#endif
#ifndef _Deref_post_bytecount_x_
#define _Deref_post_bytecount_x_(...)
#endif
#ifndef _Deref_post_opt_count_
#define _Deref_post_opt_count_(...)
#endif
#ifndef _Deref_post_opt_count_c_
#define _Deref_post_opt_count_c_(...)
#endif
#ifndef _Deref_post_opt_count_x_
#define _Deref_post_opt_count_x_(...)
#endif
#ifndef _Deref_post_opt_bytecount_
#define _Deref_post_opt_bytecount_(...)
#endif
#ifndef _Deref_post_opt_bytecount_c_
#define _Deref_post_opt_bytecount_c_(...)
#endif
#ifndef _Deref_post_opt_bytecount_x_
#define _Deref_post_opt_bytecount_x_(...)
#endif
#ifndef _Deref_pre_invalid_
#define _Deref_pre_invalid_
#endif
#ifndef _Deref_pre_readonly_
#define _Deref_pre_readonly_
#endif
#ifndef _Deref_pre_writeonly_
#define _Deref_pre_writeonly_
#endif
#ifndef _Deref_ret_z_
#define _Deref_ret_z_
#endif
#ifndef _Deref_ret_opt_z_
#define _Deref_ret_opt_z_
#endif
#ifndef _Deref2_pre_readonly_
#define _Deref2_pre_readonly_
#endif
#ifndef _Ret_opt_valid_
#define _Ret_opt_valid_
#endif
#ifndef _Ret_opt_z_
#define _Ret_opt_z_
#endif
#ifndef _Pre_opt_z_
#define _Pre_opt_z_
#endif
#ifndef _Pre_readonly_
#define _Pre_readonly_
#endif
#ifndef _Pre_writeonly_
#define _Pre_writeonly_
#endif
#ifndef _Pre_cap_c_one_
#define _Pre_cap_c_one_
#endif
#ifndef _Pre_opt_cap_c_one_
#define _Pre_opt_cap_c_one_
#endif
#ifndef _Post_maybez_
#define _Post_maybez_
#endif
#ifndef _Prepost_opt_z_
#define _Prepost_opt_z_
#endif
#ifndef _Prepost_valid_
#define _Prepost_valid_
#endif
#ifndef _Prepost_opt_valid_
#define _Prepost_opt_valid_
#endif
#ifndef _Deref_prepost_z_
#define _Deref_prepost_z_
#endif
#ifndef _Deref_prepost_opt_z_
#define _Deref_prepost_opt_z_
#endif
#ifndef _Deref_prepost_valid_
#define _Deref_prepost_valid_
#endif
#ifndef _Deref_prepost_opt_valid_
#define _Deref_prepost_opt_valid_
#endif
#ifndef _Deref_inout_z_
#define _Deref_inout_z_
#endif
#ifndef _Ret_cap_
#define _Ret_cap_(...)
#endif
#ifndef _Ret_cap_c_
#define _Ret_cap_c_(...)
#endif
#ifndef _Ret_cap_x_
#define _Ret_cap_x_(...)
#endif
#ifndef _Ret_bytecap_
#define _Ret_bytecap_(...)
#endif
#ifndef _Ret_bytecap_c_
#define _Ret_bytecap_c_(...)
#endif
#ifndef _Ret_bytecap_x_
#define _Ret_bytecap_x_(...)
#endif
#ifndef _Ret_count_
#define _Ret_count_(...)
#endif
#ifndef _Ret_count_c_
#define _Ret_count_c_(...)
#endif
#ifndef _Ret_count_x_
#define _Ret_count_x_(...)
#endif
#ifndef _Ret_bytecount_
#define _Ret_bytecount_(...)
#endif
#ifndef _Ret_bytecount_c_
#define _Ret_bytecount_c_(...)
#endif
#ifndef _Ret_bytecount_x_
#define _Ret_bytecount_x_(...)
#endif
#ifndef _Ret_opt_cap_
#define _Ret_opt_cap_(...)
#endif
#ifndef _Ret_opt_cap_c_
#define _Ret_opt_cap_c_(...)
#endif
#ifndef _Ret_opt_cap_x_
#define _Ret_opt_cap_x_(...)
#endif
#ifndef _Ret_opt_bytecap_
#define _Ret_opt_bytecap_(...)
#endif
#ifndef _Ret_opt_bytecap_c_
#define _Ret_opt_bytecap_c_(...)
#endif
#ifndef _Ret_opt_bytecap_x_
#define _Ret_opt_bytecap_x_(...)
#endif
#ifndef _Ret_opt_count_
#define _Ret_opt_count_(...)
#endif
#ifndef _Ret_opt_count_c_
#define _Ret_opt_count_c_(...)
#endif
#ifndef _Ret_opt_count_x_
#define _Ret_opt_count_x_(...)
#endif
#ifndef _Ret_opt_bytecount_
#define _Ret_opt_bytecount_(...)
#endif
#ifndef _Ret_opt_bytecount_c_
#define _Ret_opt_bytecount_c_(...)
#endif
#ifndef _Ret_opt_bytecount_x_
#define _Ret_opt_bytecount_x_(...)
#endif
#ifndef _Ret_z_cap_
#define _Ret_z_cap_(...)
#endif
#ifndef _Ret_z_bytecap_
#define _Ret_z_bytecap_(...)
#endif
#ifndef _Ret_z_count_
#define _Ret_z_count_(...)
#endif
#ifndef _Ret_z_bytecount_
#define _Ret_z_bytecount_(...)
#endif
#ifndef _Ret_opt_z_cap_
#define _Ret_opt_z_cap_(...)
#endif
#ifndef _Ret_opt_z_bytecap_
#define _Ret_opt_z_bytecap_(...)
#endif
#ifndef _Ret_opt_z_count_
#define _Ret_opt_z_count_(...)
#endif
#ifndef _Ret_opt_z_bytecount_
#define _Ret_opt_z_bytecount_(...)
#endif
#ifndef _Pre_cap_
#define _Pre_cap_(...)
#endif
#ifndef _Pre_cap_c_
#define _Pre_cap_c_(...)
#endif
#ifndef _Pre_cap_x_
#define _Pre_cap_x_(...)
#endif
#ifndef _Pre_bytecap_
#define _Pre_bytecap_(...)
#endif
#ifndef _Pre_bytecap_c_
#define _Pre_bytecap_c_(...)
#endif
#ifndef _Pre_bytecap_x_
#define _Pre_bytecap_x_(...)
#endif
#ifndef _Pre_z_cap_
#define _Pre_z_cap_(...)
#endif
#ifndef _Pre_z_cap_c_
#define _Pre_z_cap_c_(...)
#endif
#ifndef _Pre_z_cap_x_
#define _Pre_z_cap_x_(...)
#endif
#ifndef _Pre_z_bytecap_
#define _Pre_z_bytecap_(...)
#endif
#ifndef _Pre_z_bytecap_c_
#define _Pre_z_bytecap_c_(...)
#endif
#ifndef _Pre_z_bytecap_x_
#define _Pre_z_bytecap_x_(...)
#endif
#ifndef _Pre_valid_cap_
#define _Pre_valid_cap_(...)
#endif
#ifndef _Pre_valid_cap_c_
#define _Pre_valid_cap_c_(...)
#endif
#ifndef _Pre_valid_cap_x_
#define _Pre_valid_cap_x_(...)
#endif
#ifndef _Pre_valid_bytecap_
#define _Pre_valid_bytecap_(...)
#endif
#ifndef _Pre_valid_bytecap_c_
#define _Pre_valid_bytecap_c_(...)
#endif
#ifndef _Pre_valid_bytecap_x_
#define _Pre_valid_bytecap_x_(...)
#endif
#ifndef _Pre_opt_cap_
#define _Pre_opt_cap_(...)
#endif
#ifndef _Pre_opt_cap_c_
#define _Pre_opt_cap_c_(...)
#endif
#ifndef _Pre_opt_cap_x_
#define _Pre_opt_cap_x_(...)
#endif
#ifndef _Pre_opt_bytecap_
#define _Pre_opt_bytecap_(...)
#endif
#ifndef _Pre_opt_bytecap_c_
#define _Pre_opt_bytecap_c_(...)
#endif
#ifndef _Pre_opt_bytecap_x_
#define _Pre_opt_bytecap_x_(...)
#endif
#ifndef _Pre_opt_z_cap_
#define _Pre_opt_z_cap_(...)
#endif
#ifndef _Pre_opt_z_cap_c_
#define _Pre_opt_z_cap_c_(...)
#endif
#ifndef _Pre_opt_z_cap_x_
#define _Pre_opt_z_cap_x_(...)
#endif
#ifndef _Pre_opt_z_bytecap_
#define _Pre_opt_z_bytecap_(...)
#endif
#ifndef _Pre_opt_z_bytecap_c_
#define _Pre_opt_z_bytecap_c_(...)
#endif
#ifndef _Pre_opt_z_bytecap_x_
#define _Pre_opt_z_bytecap_x_(...)
#endif
#ifndef _Pre_opt_valid_cap_
#define _Pre_opt_valid_cap_(...)
#endif
#ifndef _Pre_opt_valid_cap_c_
#define _Pre_opt_valid_cap_c_(...)
#endif
#ifndef _Pre_opt_valid_cap_x_
#define _Pre_opt_valid_cap_x_(...)
#endif
#ifndef _Pre_opt_valid_bytecap_
#define _Pre_opt_valid_bytecap_(...)
#endif
#ifndef _Pre_opt_valid_bytecap_c_
#define _Pre_opt_valid_bytecap_c_(...)
#endif
#ifndef _Pre_opt_valid_bytecap_x_
#define _Pre_opt_valid_bytecap_x_(...)
#endif
#ifndef _Pre_cap_m_
#define _Pre_cap_m_(...)
#endif
#ifndef _Pre_cap_for_
#define _Pre_cap_for_(...)
#endif
#ifndef _Pre_ptrdiff_cap_
#define _Pre_ptrdiff_cap_(...)
#endif
#ifndef _Pre_ptrdiff_count_
#define _Pre_ptrdiff_count_(...)
#endif
#ifndef _Pre_opt_cap_m_
#define _Pre_opt_cap_m_(...)
#endif
#ifndef _Pre_opt_cap_for_
#define _Pre_opt_cap_for_(...)
#endif
#ifndef _Pre_opt_ptrdiff_cap_
#define _Pre_opt_ptrdiff_cap_(...)
#endif
#ifndef _Pre_opt_ptrdiff_count_
#define _Pre_opt_ptrdiff_count_(...)
#endif
#ifndef _Pre_count_
#define _Pre_count_(...)
#endif
#ifndef _Pre_count_c_
#define _Pre_count_c_(...)
#endif
#ifndef _Pre_count_x_
#define _Pre_count_x_(...)
#endif
#ifndef _Pre_bytecount_
#define _Pre_bytecount_(...)
#endif
#ifndef _Pre_bytecount_c_
#define _Pre_bytecount_c_(...)
#endif
#ifndef _Pre_bytecount_x_
#define _Pre_bytecount_x_(...)
#endif
#ifndef _Pre_opt_count_
#define _Pre_opt_count_(...)
#endif
#ifndef _Pre_opt_count_c_
#define _Pre_opt_count_c_(...)
#endif
#ifndef _Pre_opt_count_x_
#define _Pre_opt_count_x_(...)
#endif
#ifndef _Pre_opt_bytecount_
#define _Pre_opt_bytecount_(...)
#endif
#ifndef _Pre_opt_bytecount_c_
#define _Pre_opt_bytecount_c_(...)
#endif
#ifndef _Pre_opt_bytecount_x_
#define _Pre_opt_bytecount_x_(...)
#endif
#ifndef _Post_cap_
#define _Post_cap_(...)
#endif
#ifndef _Post_bytecap_
#define _Post_bytecap_(...)
#endif
#ifndef _Post_count_
#define _Post_count_(...)
#endif
#ifndef _Post_count_c_
#define _Post_count_c_(...)
#endif
#ifndef _Post_count_x_
#define _Post_count_x_(...)
#endif
#ifndef _Post_bytecount_
#define _Post_bytecount_(...)
#endif
#ifndef _Post_bytecount_c_
#define _Post_bytecount_c_(...)
#endif
#ifndef _Post_bytecount_x_
#define _Post_bytecount_x_(...)
#endif
#ifndef _Post_z_count_
#define _Post_z_count_(...)
#endif
#ifndef _Post_z_count_c_
#define _Post_z_count_c_(...)
#endif
#ifndef _Post_z_count_x_
#define _Post_z_count_x_(...)
#endif
#ifndef _Post_z_bytecount_
#define _Post_z_bytecount_(...)
#endif
#ifndef _Post_z_bytecount_c_
#define _Post_z_bytecount_c_(...)
#endif
#ifndef _Post_z_bytecount_x_
#define _Post_z_bytecount_x_(...)
#endif
#ifndef _Prepost_count_
#define _Prepost_count_(...)
#endif
#ifndef _Prepost_count_c_
#define _Prepost_count_c_(...)
#endif
#ifndef _Prepost_count_x_
#define _Prepost_count_x_(...)
#endif
#ifndef _Prepost_bytecount_
#define _Prepost_bytecount_(...)
#endif
#ifndef _Prepost_bytecount_c_
#define _Prepost_bytecount_c_(...)
#endif
#ifndef _Prepost_bytecount_x_
#define _Prepost_bytecount_x_(...)
#endif
#ifndef _Prepost_opt_count_
#define _Prepost_opt_count_(...)
#endif
#ifndef _Prepost_opt_count_c_
#define _Prepost_opt_count_c_(...)
#endif
#ifndef _Prepost_opt_count_x_
#define _Prepost_opt_count_x_(...)
#endif
#ifndef _Prepost_opt_bytecount_
#define _Prepost_opt_bytecount_(...)
#endif
#ifndef _Prepost_opt_bytecount_c_
#define _Prepost_opt_bytecount_c_(...)
#endif
#ifndef _Prepost_opt_bytecount_x_
#define _Prepost_opt_bytecount_x_(...)
#endif
#ifndef _Deref_prepost_cap_
#define _Deref_prepost_cap_(...)
#endif
#ifndef _Deref_prepost_cap_x_
#define _Deref_prepost_cap_x_(...)
#endif
#ifndef _Deref_prepost_bytecap_
#define _Deref_prepost_bytecap_(...)
#endif
#ifndef _Deref_prepost_bytecap_x_
#define _Deref_prepost_bytecap_x_(...)
#endif
#ifndef _Deref_prepost_valid_cap_
#define _Deref_prepost_valid_cap_(...)
#endif
#ifndef _Deref_prepost_valid_cap_x_
#define _Deref_prepost_valid_cap_x_(...)
#endif
#ifndef _Deref_prepost_valid_bytecap_
#define _Deref_prepost_valid_bytecap_(...)
#endif
#ifndef _Deref_prepost_valid_bytecap_x_
#define _Deref_prepost_valid_bytecap_x_(...)
#endif
#ifndef _Deref_prepost_opt_cap_
#define _Deref_prepost_opt_cap_(...)
#endif
#ifndef _Deref_prepost_opt_cap_x_
#define _Deref_prepost_opt_cap_x_(...)
#endif
#ifndef _Deref_prepost_opt_bytecap_
#define _Deref_prepost_opt_bytecap_(...)
#endif
#ifndef _Deref_prepost_opt_bytecap_x_
#define _Deref_prepost_opt_bytecap_x_(...)
#endif
#ifndef _Deref_prepost_opt_valid_cap_
#define _Deref_prepost_opt_valid_cap_(...)
#endif
#ifndef _Deref_prepost_opt_valid_cap_x_
#define _Deref_prepost_opt_valid_cap_x_(...)
#endif
#ifndef _Deref_prepost_opt_valid_bytecap_
#define _Deref_prepost_opt_valid_bytecap_(...)
#endif
#ifndef _Deref_prepost_opt_valid_bytecap_x_
#define _Deref_prepost_opt_valid_bytecap_x_(...)
#endif
#ifndef _Deref_prepost_z_cap_
#define _Deref_prepost_z_cap_(...)
#endif
#ifndef _Deref_prepost_z_bytecap_
#define _Deref_prepost_z_bytecap_(...)
#endif
#ifndef _Deref_prepost_opt_z_cap_
#define _Deref_prepost_opt_z_cap_(...)
#endif
#ifndef _Deref_prepost_opt_z_bytecap_
#define _Deref_prepost_opt_z_bytecap_(...)
#endif
#ifndef _Deref_prepost_count_
#define _Deref_prepost_count_(...)
#endif
#ifndef _Deref_prepost_count_x_
#define _Deref_prepost_count_x_(...)
#endif
#ifndef _Deref_prepost_bytecount_
#define _Deref_prepost_bytecount_(...)
#endif
#ifndef _Deref_prepost_bytecount_x_
#define _Deref_prepost_bytecount_x_(...)
#endif
#ifndef _Deref_prepost_opt_count_
#define _Deref_prepost_opt_count_(...)
#endif
#ifndef _Deref_prepost_opt_count_x_
#define _Deref_prepost_opt_count_x_(...)
#endif
#ifndef _Deref_prepost_opt_bytecount_
#define _Deref_prepost_opt_bytecount_(...)
#endif
#ifndef _Deref_prepost_opt_bytecount_x_
#define _Deref_prepost_opt_bytecount_x_(...)
#endif
#ifndef _Deref_out_z_cap_c_
#define _Deref_out_z_cap_c_(...)
#endif
#ifndef _Deref_inout_z_cap_c_
#define _Deref_inout_z_cap_c_(...)
#endif
#ifndef _Deref_out_z_bytecap_c_
#define _Deref_out_z_bytecap_c_(...)
#endif
#ifndef _Deref_inout_z_bytecap_c_
#define _Deref_inout_z_bytecap_c_(...)
#endif

/* ------------------------------------------------------------------------
 * SAL 1 buffer annotations: __in_ecount, __out_bcount_part, __deref_out_opt ...
 * Every [__deref|__deref_opt] x [__in|__out|__inout] x [_ecount|_bcount|
 * _xcount] x [_part|_full] x [_z|_nz] x [_opt] combination of sal.h and
 * specstrings.h.  __in and __out themselves are in the last block.
 */
#ifndef __ecount
#define __ecount(...)
#endif
#ifndef __ecount_opt
#define __ecount_opt(...)
#endif
#ifndef __bcount
#define __bcount(...)
#endif
#ifndef __bcount_opt
#define __bcount_opt(...)
#endif
#ifndef __xcount
#define __xcount(...)
#endif
#ifndef __xcount_opt
#define __xcount_opt(...)
#endif
#ifndef __in_opt
#define __in_opt
#endif
#ifndef __in_z
#define __in_z
#endif
#ifndef __in_z_opt
#define __in_z_opt
#endif
#ifndef __in_nz
#define __in_nz
#endif
#ifndef __in_nz_opt
#define __in_nz_opt
#endif
#ifndef __in_ecount
#define __in_ecount(...)
#endif
#ifndef __in_ecount_opt
#define __in_ecount_opt(...)
#endif
#ifndef __in_ecount_z
#define __in_ecount_z(...)
#endif
#ifndef __in_ecount_z_opt
#define __in_ecount_z_opt(...)
#endif
#ifndef __in_ecount_nz
#define __in_ecount_nz(...)
#endif
#ifndef __in_ecount_nz_opt
#define __in_ecount_nz_opt(...)
#endif
#ifndef __in_bcount
#define __in_bcount(...)
#endif
#ifndef __in_bcount_opt
#define __in_bcount_opt(...)
#endif
#ifndef __in_bcount_z
#define __in_bcount_z(...)
#endif
#ifndef __in_bcount_z_opt
#define __in_bcount_z_opt(...)
#endif
#ifndef __in_bcount_nz
#define __in_bcount_nz(...)
#endif
#ifndef __in_bcount_nz_opt
#define __in_bcount_nz_opt(...)
#endif
#ifndef __in_xcount
#define __in_xcount(...)
#endif
#ifndef __in_xcount_opt
#define __in_xcount_opt(...)
#endif
#ifndef __in_xcount_z
#define __in_xcount_z(...)
#endif
#ifndef __in_xcount_z_opt
#define __in_xcount_z_opt(...)
#endif
#ifndef __in_xcount_nz
#define __in_xcount_nz(...)
#endif
#ifndef __in_xcount_nz_opt
#define __in_xcount_nz_opt(...)
#endif
#ifndef __out_opt
#define __out_opt
#endif
#ifndef __out_z
#define __out_z
#endif
#ifndef __out_z_opt
#define __out_z_opt
#endif
#ifndef __out_nz
#define __out_nz
#endif
#ifndef __out_nz_opt
#define __out_nz_opt
#endif
#ifndef __out_ecount
#define __out_ecount(...)
#endif
#ifndef __out_ecount_opt
#define __out_ecount_opt(...)
#endif
#ifndef __out_ecount_z
#define __out_ecount_z(...)
#endif
#ifndef __out_ecount_z_opt
#define __out_ecount_z_opt(...)
#endif
#ifndef __out_ecount_nz
#define __out_ecount_nz(...)
#endif
#ifndef __out_ecount_nz_opt
#define __out_ecount_nz_opt(...)
#endif
#ifndef __out_ecount_part
#define __out_ecount_part(...)
#endif
#ifndef __out_ecount_part_opt
#define __out_ecount_part_opt(...)
#endif
#ifndef __out_ecount_part_z
#define __out_ecount_part_z(...)
#endif
#ifndef __out_ecount_part_z_opt
#define __out_ecount_part_z_opt(...)
#endif
#ifndef __out_ecount_part_nz
#define __out_ecount_part_nz(...)
#endif
#ifndef __out_ecount_part_nz_opt
#define __out_ecount_part_nz_opt(...)
#endif
#ifndef __out_ecount_full
#define __out_ecount_full(...)
#endif
#ifndef __out_ecount_full_opt
#define __out_ecount_full_opt(...)
#endif
#ifndef __out_ecount_full_z
#define __out_ecount_full_z(...)
#endif
#ifndef __out_ecount_full_z_opt
#define __out_ecount_full_z_opt(...)
#endif
#ifndef __out_ecount_full_nz
#define __out_ecount_full_nz(...)
#endif
#ifndef __out_ecount_full_nz_opt
#define __out_ecount_full_nz_opt(...)
#endif
#ifndef __out_bcount
#define __out_bcount(...)
#endif
#ifndef __out_bcount_opt
#define __out_bcount_opt(...)
#endif
#ifndef __out_bcount_z
#define __out_bcount_z(...)
#endif
#ifndef __out_bcount_z_opt
#define __out_bcount_z_opt(...)
#endif
#ifndef __out_bcount_nz
#define __out_bcount_nz(...)
#endif
#ifndef __out_bcount_nz_opt
#define __out_bcount_nz_opt(...)
#endif
#ifndef __out_bcount_part
#define __out_bcount_part(...)
#endif
#ifndef __out_bcount_part_opt
#define __out_bcount_part_opt(...)
#endif
#ifndef __out_bcount_part_z
#define __out_bcount_part_z(...)
#endif
#ifndef __out_bcount_part_z_opt
#define __out_bcount_part_z_opt(...)
#endif
#ifndef __out_bcount_part_nz
#define __out_bcount_part_nz(...)
#endif
#ifndef __out_bcount_part_nz_opt
#define __out_bcount_part_nz_opt(...)
#endif
#ifndef __out_bcount_full
#define __out_bcount_full(...)
#endif
#ifndef __out_bcount_full_opt
#define __out_bcount_full_opt(...)
#endif
#ifndef __out_bcount_full_z
#define __out_bcount_full_z(...)
#endif
#ifndef __out_bcount_full_z_opt
#define __out_bcount_full_z_opt(...)
#endif
#ifndef __out_bcount_full_nz
#define __out_bcount_full_nz(...)
#endif
#ifndef __out_bcount_full_nz_opt
#define __out_bcount_full_nz_opt(...)
#endif
#ifndef __out_xcount
#define __out_xcount(...)
#endif
#ifndef __out_xcount_opt
#define __out_xcount_opt(...)
#endif
#ifndef __out_xcount_z
#define __out_xcount_z(...)
#endif
#ifndef __out_xcount_z_opt
#define __out_xcount_z_opt(...)
#endif
#ifndef __out_xcount_nz
#define __out_xcount_nz(...)
#endif
#ifndef __out_xcount_nz_opt
#define __out_xcount_nz_opt(...)
#endif
#ifndef __out_xcount_part
#define __out_xcount_part(...)
#endif
#ifndef __out_xcount_part_opt
#define __out_xcount_part_opt(...)
#endif
#ifndef __out_xcount_part_z
#define __out_xcount_part_z(...)
#endif
#ifndef __out_xcount_part_z_opt
#define __out_xcount_part_z_opt(...)
#endif
#ifndef __out_xcount_part_nz
#define __out_xcount_part_nz(...)
#endif
#ifndef __out_xcount_part_nz_opt
#define __out_xcount_part_nz_opt(...)
#endif
#ifndef __out_xcount_full
#define __out_xcount_full(...)
#endif
#ifndef __out_xcount_full_opt
#define __out_xcount_full_opt(...)
#endif
#ifndef __out_xcount_full_z
#define __out_xcount_full_z(...)
#endif
#ifndef __out_xcount_full_z_opt
#define __out_xcount_full_z_opt(...)
#endif
#ifndef __out_xcount_full_nz
#define __out_xcount_full_nz(...)
#endif
#ifndef __out_xcount_full_nz_opt
#define __out_xcount_full_nz_opt(...)
#endif
#ifndef __inout
#define __inout
#endif
#ifndef __inout_opt
#define __inout_opt
#endif
#ifndef __inout_z
#define __inout_z
#endif
#ifndef __inout_z_opt
#define __inout_z_opt
#endif
#ifndef __inout_nz
#define __inout_nz
#endif
#ifndef __inout_nz_opt
#define __inout_nz_opt
#endif
#ifndef __inout_ecount
#define __inout_ecount(...)
#endif
#ifndef __inout_ecount_opt
#define __inout_ecount_opt(...)
#endif
#ifndef __inout_ecount_z
#define __inout_ecount_z(...)
#endif
#ifndef __inout_ecount_z_opt
#define __inout_ecount_z_opt(...)
#endif
#ifndef __inout_ecount_nz
#define __inout_ecount_nz(...)
#endif
#ifndef __inout_ecount_nz_opt
#define __inout_ecount_nz_opt(...)
#endif
#ifndef __inout_ecount_part
#define __inout_ecount_part(...)
#endif
#ifndef __inout_ecount_part_opt
#define __inout_ecount_part_opt(...)
#endif
#ifndef __inout_ecount_part_z
#define __inout_ecount_part_z(...)
#endif
#ifndef __inout_ecount_part_z_opt
#define __inout_ecount_part_z_opt(...)
#endif
#ifndef __inout_ecount_part_nz
#define __inout_ecount_part_nz(...)
#endif
#ifndef __inout_ecount_part_nz_opt
#define __inout_ecount_part_nz_opt(...)
#endif
#ifndef __inout_ecount_full
#define __inout_ecount_full(...)
#endif
#ifndef __inout_ecount_full_opt
#define __inout_ecount_full_opt(...)
#endif
#ifndef __inout_ecount_full_z
#define __inout_ecount_full_z(...)
#endif
#ifndef __inout_ecount_full_z_opt
#define __inout_ecount_full_z_opt(...)
#endif
#ifndef __inout_ecount_full_nz
#define __inout_ecount_full_nz(...)
#endif
#ifndef __inout_ecount_full_nz_opt
#define __inout_ecount_full_nz_opt(...)
#endif
#ifndef __inout_bcount
#define __inout_bcount(...)
#endif
#ifndef __inout_bcount_opt
#define __inout_bcount_opt(...)
#endif
#ifndef __inout_bcount_z
#define __inout_bcount_z(...)
#endif
#ifndef __inout_bcount_z_opt
#define __inout_bcount_z_opt(...)
#endif
#ifndef __inout_bcount_nz
#define __inout_bcount_nz(...)
#endif
#ifndef __inout_bcount_nz_opt
#define __inout_bcount_nz_opt(...)
#endif
#ifndef __inout_bcount_part
#define __inout_bcount_part(...)
#endif
#ifndef __inout_bcount_part_opt
#define __inout_bcount_part_opt(...)
#endif
#ifndef __inout_bcount_part_z
#define __inout_bcount_part_z(...)
#endif
#ifndef __inout_bcount_part_z_opt
#define __inout_bcount_part_z_opt(...)
#endif
#ifndef __inout_bcount_part_nz
#define __inout_bcount_part_nz(...)
#endif
#ifndef __inout_bcount_part_nz_opt
#define __inout_bcount_part_nz_opt(...)
#endif
#ifndef __inout_bcount_full
#define __inout_bcount_full(...)
#endif
#ifndef __inout_bcount_full_opt
#define __inout_bcount_full_opt(...)
#endif
#ifndef __inout_bcount_full_z
#define __inout_bcount_full_z(...)
#endif
#ifndef __inout_bcount_full_z_opt
#define __inout_bcount_full_z_opt(...)
#endif
#ifndef __inout_bcount_full_nz
#define __inout_bcount_full_nz(...)
#endif
#ifndef __inout_bcount_full_nz_opt
#define __inout_bcount_full_nz_opt(...)
#endif
#ifndef __inout_xcount
#define __inout_xcount(...)
#endif
#ifndef __inout_xcount_opt
#define __inout_xcount_opt(...)
#endif
#ifndef __inout_xcount_z
#define __inout_xcount_z(...)
#endif
#ifndef __inout_xcount_z_opt
#define __inout_xcount_z_opt(...)
#endif
#ifndef __inout_xcount_nz
#define __inout_xcount_nz(...)
#endif
#ifndef __inout_xcount_nz_opt
#define __inout_xcount_nz_opt(...)
#endif
#ifndef __inout_xcount_part
#define __inout_xcount_part(...)
#endif
#ifndef __inout_xcount_part_opt
#define __inout_xcount_part_opt(...)
#endif
#ifndef __inout_xcount_part_z
#define __inout_xcount_part_z(...)
#endif
#ifndef __inout_xcount_part_z_opt
#define __inout_xcount_part_z_opt(...)
#endif
#ifndef __inout_xcount_part_nz
#define __inout_xcount_part_nz(...)
#endif
#ifndef __inout_xcount_part_nz_opt
#define __inout_xcount_part_nz_opt(...)
#endif
#ifndef __inout_xcount_full
#define __inout_xcount_full(...)
#endif
#ifndef __inout_xcount_full_opt
#define __inout_xcount_full_opt(...)
#endif
#ifndef __inout_xcount_full_z
#define __inout_xcount_full_z(...)
#endif
#ifndef __inout_xcount_full_z_opt
#define __inout_xcount_full_z_opt(...)
#endif
#ifndef __inout_xcount_full_nz
#define __inout_xcount_full_nz(...)
#endif
#ifndef __inout_xcount_full_nz_opt
#define __inout_xcount_full_nz_opt(...)
#endif
#ifndef __deref_ecount
#define __deref_ecount(...)
#endif
#ifndef __deref_ecount_opt
#define __deref_ecount_opt(...)
#endif
#ifndef __deref_bcount
#define __deref_bcount(...)
#endif
#ifndef __deref_bcount_opt
#define __deref_bcount_opt(...)
#endif
#ifndef __deref_xcount
#define __deref_xcount(...)
#endif
#ifndef __deref_xcount_opt
#define __deref_xcount_opt(...)
#endif
#ifndef __deref_in
#define __deref_in
#endif
#ifndef __deref_in_opt
#define __deref_in_opt
#endif
#ifndef __deref_in_z
#define __deref_in_z
#endif
#ifndef __deref_in_z_opt
#define __deref_in_z_opt
#endif
#ifndef __deref_in_nz
#define __deref_in_nz
#endif
#ifndef __deref_in_nz_opt
#define __deref_in_nz_opt
#endif
#ifndef __deref_in_ecount
#define __deref_in_ecount(...)
#endif
#ifndef __deref_in_ecount_opt
#define __deref_in_ecount_opt(...)
#endif
#ifndef __deref_in_ecount_z
#define __deref_in_ecount_z(...)
#endif
#ifndef __deref_in_ecount_z_opt
#define __deref_in_ecount_z_opt(...)
#endif
#ifndef __deref_in_ecount_nz
#define __deref_in_ecount_nz(...)
#endif
#ifndef __deref_in_ecount_nz_opt
#define __deref_in_ecount_nz_opt(...)
#endif
#ifndef __deref_in_bcount
#define __deref_in_bcount(...)
#endif
#ifndef __deref_in_bcount_opt
#define __deref_in_bcount_opt(...)
#endif
#ifndef __deref_in_bcount_z
#define __deref_in_bcount_z(...)
#endif
#ifndef __deref_in_bcount_z_opt
#define __deref_in_bcount_z_opt(...)
#endif
#ifndef __deref_in_bcount_nz
#define __deref_in_bcount_nz(...)
#endif
#ifndef __deref_in_bcount_nz_opt
#define __deref_in_bcount_nz_opt(...)
#endif
#ifndef __deref_in_xcount
#define __deref_in_xcount(...)
#endif
#ifndef __deref_in_xcount_opt
#define __deref_in_xcount_opt(...)
#endif
#ifndef __deref_in_xcount_z
#define __deref_in_xcount_z(...)
#endif
#ifndef __deref_in_xcount_z_opt
#define __deref_in_xcount_z_opt(...)
#endif
#ifndef __deref_in_xcount_nz
#define __deref_in_xcount_nz(...)
#endif
#ifndef __deref_in_xcount_nz_opt
#define __deref_in_xcount_nz_opt(...)
#endif
#ifndef __deref_out
#define __deref_out
#endif
#ifndef __deref_out_opt
#define __deref_out_opt
#endif
#ifndef __deref_out_z
#define __deref_out_z
#endif
#ifndef __deref_out_z_opt
#define __deref_out_z_opt
#endif
#ifndef __deref_out_nz
#define __deref_out_nz
#endif
#ifndef __deref_out_nz_opt
#define __deref_out_nz_opt
#endif
#ifndef __deref_out_ecount
#define __deref_out_ecount(...)
#endif
#ifndef __deref_out_ecount_opt
#define __deref_out_ecount_opt(...)
#endif
#ifndef __deref_out_ecount_z
#define __deref_out_ecount_z(...)
#endif
#ifndef __deref_out_ecount_z_opt
#define __deref_out_ecount_z_opt(...)
#endif
#ifndef __deref_out_ecount_nz
#define __deref_out_ecount_nz(...)
#endif
#ifndef __deref_out_ecount_nz_opt
#define __deref_out_ecount_nz_opt(...)
#endif
#ifndef __deref_out_ecount_part
#define __deref_out_ecount_part(...)
#endif
#ifndef __deref_out_ecount_part_opt
#define __deref_out_ecount_part_opt(...)
#endif
#ifndef __deref_out_ecount_part_z
#define __deref_out_ecount_part_z(...)
#endif
#ifndef __deref_out_ecount_part_z_opt
#define __deref_out_ecount_part_z_opt(...)
#endif
#ifndef __deref_out_ecount_part_nz
#define __deref_out_ecount_part_nz(...)
#endif
#ifndef __deref_out_ecount_part_nz_opt
#define __deref_out_ecount_part_nz_opt(...)
#endif
#ifndef __deref_out_ecount_full
#define __deref_out_ecount_full(...)
#endif
#ifndef __deref_out_ecount_full_opt
#define __deref_out_ecount_full_opt(...)
#endif
#ifndef __deref_out_ecount_full_z
#define __deref_out_ecount_full_z(...)
#endif
#ifndef __deref_out_ecount_full_z_opt
#define __deref_out_ecount_full_z_opt(...)
#endif
#ifndef __deref_out_ecount_full_nz
#define __deref_out_ecount_full_nz(...)
#endif
#ifndef __deref_out_ecount_full_nz_opt
#define __deref_out_ecount_full_nz_opt(...)
#endif
#ifndef __deref_out_bcount
#define __deref_out_bcount(...)
#endif
#ifndef __deref_out_bcount_opt
#define __deref_out_bcount_opt(...)
#endif
#ifndef __deref_out_bcount_z
#define __deref_out_bcount_z(...)
#endif
#ifndef __deref_out_bcount_z_opt
#define __deref_out_bcount_z_opt(...)
#endif
#ifndef __deref_out_bcount_nz
#define __deref_out_bcount_nz(...)
#endif
#ifndef __deref_out_bcount_nz_opt
#define __deref_out_bcount_nz_opt(...)
#endif
#ifndef __deref_out_bcount_part
#define __deref_out_bcount_part(...)
#endif
#ifndef __deref_out_bcount_part_opt
#define __deref_out_bcount_part_opt(...)
#endif
#ifndef __deref_out_bcount_part_z
#define __deref_out_bcount_part_z(...)
#endif
#ifndef __deref_out_bcount_part_z_opt
#define __deref_out_bcount_part_z_opt(...)
#endif
#ifndef __deref_out_bcount_part_nz
#define __deref_out_bcount_part_nz(...)
#endif
#ifndef __deref_out_bcount_part_nz_opt
#define __deref_out_bcount_part_nz_opt(...)
#endif
#ifndef __deref_out_bcount_full
#define __deref_out_bcount_full(...)
#endif
#ifndef __deref_out_bcount_full_opt
#define __deref_out_bcount_full_opt(...)
#endif
#ifndef __deref_out_bcount_full_z
#define __deref_out_bcount_full_z(...)
#endif
#ifndef __deref_out_bcount_full_z_opt
#define __deref_out_bcount_full_z_opt(...)
#endif
#ifndef __deref_out_bcount_full_nz
#define __deref_out_bcount_full_nz(...)
#endif
#ifndef __deref_out_bcount_full_nz_opt
#define __deref_out_bcount_full_nz_opt(...)
#endif
#ifndef __deref_out_xcount
#define __deref_out_xcount(...)
#endif
#ifndef __deref_out_xcount_opt
#define __deref_out_xcount_opt(...)
#endif
#ifndef __deref_out_xcount_z
#define __deref_out_xcount_z(...)
#endif
#ifndef __deref_out_xcount_z_opt
#define __deref_out_xcount_z_opt(...)
#endif
#ifndef __deref_out_xcount_nz
#define __deref_out_xcount_nz(...)
#endif
#ifndef __deref_out_xcount_nz_opt
#define __deref_out_xcount_nz_opt(...)
#endif
#ifndef __deref_out_xcount_part
#define __deref_out_xcount_part(...)
#endif
#ifndef __deref_out_xcount_part_opt
#define __deref_out_xcount_part_opt(...)
#endif
#ifndef __deref_out_xcount_part_z
#define __deref_out_xcount_part_z(...)
#endif
#ifndef __deref_out_xcount_part_z_opt
#define __deref_out_xcount_part_z_opt(...)
#endif
#ifndef __deref_out_xcount_part_nz
#define __deref_out_xcount_part_nz(...)
#endif
#ifndef __deref_out_xcount_part_nz_opt
#define __deref_out_xcount_part_nz_opt(...)
#endif
#ifndef __deref_out_xcount_full
#define __deref_out_xcount_full(...)
#endif
#ifndef __deref_out_xcount_full_opt
#define __deref_out_xcount_full_opt(...)
#endif
#ifndef __deref_out_xcount_full_z
#define __deref_out_xcount_full_z(...)
#endif
#ifndef __deref_out_xcount_full_z_opt
#define __deref_out_xcount_full_z_opt(...)
#endif
#ifndef __deref_out_xcount_full_nz
#define __deref_out_xcount_full_nz(...)
#endif
#ifndef __deref_out_xcount_full_nz_opt
#define __deref_out_xcount_full_nz_opt(...)
#endif
#ifndef __deref_inout
#define __deref_inout
#endif
#ifndef __deref_inout_opt
#define __deref_inout_opt
#endif
#ifndef __deref_inout_z
#define __deref_inout_z
#endif
#ifndef __deref_inout_z_opt
#define __deref_inout_z_opt
#endif
#ifndef __deref_inout_nz
#define __deref_inout_nz
#endif
#ifndef __deref_inout_nz_opt
#define __deref_inout_nz_opt
#endif
#ifndef __deref_inout_ecount
#define __deref_inout_ecount(...)
#endif
#ifndef __deref_inout_ecount_opt
#define __deref_inout_ecount_opt(...)
#endif
#ifndef __deref_inout_ecount_z
#define __deref_inout_ecount_z(...)
#endif
#ifndef __deref_inout_ecount_z_opt
#define __deref_inout_ecount_z_opt(...)
#endif
#ifndef __deref_inout_ecount_nz
#define __deref_inout_ecount_nz(...)
#endif
#ifndef __deref_inout_ecount_nz_opt
#define __deref_inout_ecount_nz_opt(...)
#endif
#ifndef __deref_inout_ecount_part
#define __deref_inout_ecount_part(...)
#endif
#ifndef __deref_inout_ecount_part_opt
#define __deref_inout_ecount_part_opt(...)
#endif
#ifndef __deref_inout_ecount_part_z
#define __deref_inout_ecount_part_z(...)
#endif
#ifndef __deref_inout_ecount_part_z_opt
#define __deref_inout_ecount_part_z_opt(...)
#endif
#ifndef __deref_inout_ecount_part_nz
#define __deref_inout_ecount_part_nz(...)
#endif
#ifndef __deref_inout_ecount_part_nz_opt
#define __deref_inout_ecount_part_nz_opt(...)
#endif
#ifndef __deref_inout_ecount_full
#define __deref_inout_ecount_full(...)
#endif
#ifndef __deref_inout_ecount_full_opt
#define __deref_inout_ecount_full_opt(...)
#endif
#ifndef __deref_inout_ecount_full_z
#define __deref_inout_ecount_full_z(...)
#endif
#ifndef __deref_inout_ecount_full_z_opt
#define __deref_inout_ecount_full_z_opt(...)
#endif
#ifndef __deref_inout_ecount_full_nz
#define __deref_inout_ecount_full_nz(...)
#endif
#ifndef __deref_inout_ecount_full_nz_opt
#define __deref_inout_ecount_full_nz_opt(...)
#endif
#ifndef __deref_inout_bcount
#define __deref_inout_bcount(...)
#endif
#ifndef __deref_inout_bcount_opt
#define __deref_inout_bcount_opt(...)
#endif
#ifndef __deref_inout_bcount_z
#define __deref_inout_bcount_z(...)
#endif
#ifndef __deref_inout_bcount_z_opt
#define __deref_inout_bcount_z_opt(...)
#endif
#ifndef __deref_inout_bcount_nz
#define __deref_inout_bcount_nz(...)
#endif
#ifndef __deref_inout_bcount_nz_opt
#define __deref_inout_bcount_nz_opt(...)
#endif
#ifndef __deref_inout_bcount_part
#define __deref_inout_bcount_part(...)
#endif
#ifndef __deref_inout_bcount_part_opt
#define __deref_inout_bcount_part_opt(...)
#endif
#ifndef __deref_inout_bcount_part_z
#define __deref_inout_bcount_part_z(...)
#endif
#ifndef __deref_inout_bcount_part_z_opt
#define __deref_inout_bcount_part_z_opt(...)
#endif
#ifndef __deref_inout_bcount_part_nz
#define __deref_inout_bcount_part_nz(...)
#endif
#ifndef __deref_inout_bcount_part_nz_opt
#define __deref_inout_bcount_part_nz_opt(...)
#endif
#ifndef __deref_inout_bcount_full
#define __deref_inout_bcount_full(...)
#endif
#ifndef __deref_inout_bcount_full_opt
#define __deref_inout_bcount_full_opt(...)
#endif
#ifndef __deref_inout_bcount_full_z
#define __deref_inout_bcount_full_z(...)
#endif
#ifndef __deref_inout_bcount_full_z_opt
#define __deref_inout_bcount_full_z_opt(...)
#endif
#ifndef __deref_inout_bcount_full_nz
#define __deref_inout_bcount_full_nz(...)
#endif
#ifndef __deref_inout_bcount_full_nz_opt
#define __deref_inout_bcount_full_nz_opt(...)
#endif
#ifndef __deref_inout_xcount
#define __deref_inout_xcount(...)
#endif
#ifndef __deref_inout_xcount_opt
#define __deref_inout_xcount_opt(...)
#endif
#ifndef __deref_inout_xcount_z
#define __deref_inout_xcount_z(...)
#endif
#ifndef __deref_inout_xcount_z_opt
#define __deref_inout_xcount_z_opt(...)
#endif
#ifndef __deref_inout_xcount_nz
#define __deref_inout_xcount_nz(...)
#endif
#ifndef __deref_inout_xcount_nz_opt
#define __deref_inout_xcount_nz_opt(...)
#endif
#ifndef __deref_inout_xcount_part
#define __deref_inout_xcount_part(...)
#endif
#ifndef __deref_inout_xcount_part_opt
#define __deref_inout_xcount_part_opt(...)
#endif
#ifndef __deref_inout_xcount_part_z
#define __deref_inout_xcount_part_z(...)
#endif
#ifndef __deref_inout_xcount_part_z_opt
#define __deref_inout_xcount_part_z_opt(...)
#endif
#ifndef __deref_inout_xcount_part_nz
#define __deref_inout_xcount_part_nz(...)
#endif
#ifndef __deref_inout_xcount_part_nz_opt
#define __deref_inout_xcount_part_nz_opt(...)
#endif
#ifndef __deref_inout_xcount_full
#define __deref_inout_xcount_full(...)
#endif
#ifndef __deref_inout_xcount_full_opt
#define __deref_inout_xcount_full_opt(...)
#endif
#ifndef __deref_inout_xcount_full_z
#define __deref_inout_xcount_full_z(...)
#endif
#ifndef __deref_inout_xcount_full_z_opt
#define __deref_inout_xcount_full_z_opt(...)
#endif
#ifndef __deref_inout_xcount_full_nz
#define __deref_inout_xcount_full_nz(...)
#endif
#ifndef __deref_inout_xcount_full_nz_opt
#define __deref_inout_xcount_full_nz_opt(...)
#endif
#ifndef __deref_opt_ecount
#define __deref_opt_ecount(...)
#endif
#ifndef __deref_opt_ecount_opt
#define __deref_opt_ecount_opt(...)
#endif
#ifndef __deref_opt_bcount
#define __deref_opt_bcount(...)
#endif
#ifndef __deref_opt_bcount_opt
#define __deref_opt_bcount_opt(...)
#endif
#ifndef __deref_opt_xcount
#define __deref_opt_xcount(...)
#endif
#ifndef __deref_opt_xcount_opt
#define __deref_opt_xcount_opt(...)
#endif
#ifndef __deref_opt_in
#define __deref_opt_in
#endif
#ifndef __deref_opt_in_opt
#define __deref_opt_in_opt
#endif
#ifndef __deref_opt_in_z
#define __deref_opt_in_z
#endif
#ifndef __deref_opt_in_z_opt
#define __deref_opt_in_z_opt
#endif
#ifndef __deref_opt_in_nz
#define __deref_opt_in_nz
#endif
#ifndef __deref_opt_in_nz_opt
#define __deref_opt_in_nz_opt
#endif
#ifndef __deref_opt_in_ecount
#define __deref_opt_in_ecount(...)
#endif
#ifndef __deref_opt_in_ecount_opt
#define __deref_opt_in_ecount_opt(...)
#endif
#ifndef __deref_opt_in_ecount_z
#define __deref_opt_in_ecount_z(...)
#endif
#ifndef __deref_opt_in_ecount_z_opt
#define __deref_opt_in_ecount_z_opt(...)
#endif
#ifndef __deref_opt_in_ecount_nz
#define __deref_opt_in_ecount_nz(...)
#endif
#ifndef __deref_opt_in_ecount_nz_opt
#define __deref_opt_in_ecount_nz_opt(...)
#endif
#ifndef __deref_opt_in_bcount
#define __deref_opt_in_bcount(...)
#endif
#ifndef __deref_opt_in_bcount_opt
#define __deref_opt_in_bcount_opt(...)
#endif
#ifndef __deref_opt_in_bcount_z
#define __deref_opt_in_bcount_z(...)
#endif
#ifndef __deref_opt_in_bcount_z_opt
#define __deref_opt_in_bcount_z_opt(...)
#endif
#ifndef __deref_opt_in_bcount_nz
#define __deref_opt_in_bcount_nz(...)
#endif
#ifndef __deref_opt_in_bcount_nz_opt
#define __deref_opt_in_bcount_nz_opt(...)
#endif
#ifndef __deref_opt_in_xcount
#define __deref_opt_in_xcount(...)
#endif
#ifndef __deref_opt_in_xcount_opt
#define __deref_opt_in_xcount_opt(...)
#endif
#ifndef __deref_opt_in_xcount_z
#define __deref_opt_in_xcount_z(...)
#endif
#ifndef __deref_opt_in_xcount_z_opt
#define __deref_opt_in_xcount_z_opt(...)
#endif
#ifndef __deref_opt_in_xcount_nz
#define __deref_opt_in_xcount_nz(...)
#endif
#ifndef __deref_opt_in_xcount_nz_opt
#define __deref_opt_in_xcount_nz_opt(...)
#endif
#ifndef __deref_opt_out
#define __deref_opt_out
#endif
#ifndef __deref_opt_out_opt
#define __deref_opt_out_opt
#endif
#ifndef __deref_opt_out_z
#define __deref_opt_out_z
#endif
#ifndef __deref_opt_out_z_opt
#define __deref_opt_out_z_opt
#endif
#ifndef __deref_opt_out_nz
#define __deref_opt_out_nz
#endif
#ifndef __deref_opt_out_nz_opt
#define __deref_opt_out_nz_opt
#endif
#ifndef __deref_opt_out_ecount
#define __deref_opt_out_ecount(...)
#endif
#ifndef __deref_opt_out_ecount_opt
#define __deref_opt_out_ecount_opt(...)
#endif
#ifndef __deref_opt_out_ecount_z
#define __deref_opt_out_ecount_z(...)
#endif
#ifndef __deref_opt_out_ecount_z_opt
#define __deref_opt_out_ecount_z_opt(...)
#endif
#ifndef __deref_opt_out_ecount_nz
#define __deref_opt_out_ecount_nz(...)
#endif
#ifndef __deref_opt_out_ecount_nz_opt
#define __deref_opt_out_ecount_nz_opt(...)
#endif
#ifndef __deref_opt_out_ecount_part
#define __deref_opt_out_ecount_part(...)
#endif
#ifndef __deref_opt_out_ecount_part_opt
#define __deref_opt_out_ecount_part_opt(...)
#endif
#ifndef __deref_opt_out_ecount_part_z
#define __deref_opt_out_ecount_part_z(...)
#endif
#ifndef __deref_opt_out_ecount_part_z_opt
#define __deref_opt_out_ecount_part_z_opt(...)
#endif
#ifndef __deref_opt_out_ecount_part_nz
#define __deref_opt_out_ecount_part_nz(...)
#endif
#ifndef __deref_opt_out_ecount_part_nz_opt
#define __deref_opt_out_ecount_part_nz_opt(...)
#endif
#ifndef __deref_opt_out_ecount_full
#define __deref_opt_out_ecount_full(...)
#endif
#ifndef __deref_opt_out_ecount_full_opt
#define __deref_opt_out_ecount_full_opt(...)
#endif
#ifndef __deref_opt_out_ecount_full_z
#define __deref_opt_out_ecount_full_z(...)
#endif
#ifndef __deref_opt_out_ecount_full_z_opt
#define __deref_opt_out_ecount_full_z_opt(...)
#endif
#ifndef __deref_opt_out_ecount_full_nz
#define __deref_opt_out_ecount_full_nz(...)
#endif
#ifndef __deref_opt_out_ecount_full_nz_opt
#define __deref_opt_out_ecount_full_nz_opt(...)
#endif
#ifndef __deref_opt_out_bcount
#define __deref_opt_out_bcount(...)
#endif
#ifndef __deref_opt_out_bcount_opt
#define __deref_opt_out_bcount_opt(...)
#endif
#ifndef __deref_opt_out_bcount_z
#define __deref_opt_out_bcount_z(...)
#endif
#ifndef __deref_opt_out_bcount_z_opt
#define __deref_opt_out_bcount_z_opt(...)
#endif
#ifndef __deref_opt_out_bcount_nz
#define __deref_opt_out_bcount_nz(...)
#endif
#ifndef __deref_opt_out_bcount_nz_opt
#define __deref_opt_out_bcount_nz_opt(...)
#endif
#ifndef __deref_opt_out_bcount_part
#define __deref_opt_out_bcount_part(...)
#endif
#ifndef __deref_opt_out_bcount_part_opt
#define __deref_opt_out_bcount_part_opt(...)
#endif
#ifndef __deref_opt_out_bcount_part_z
#define __deref_opt_out_bcount_part_z(...)
#endif
#ifndef __deref_opt_out_bcount_part_z_opt
#define __deref_opt_out_bcount_part_z_opt(...)
#endif
#ifndef __deref_opt_out_bcount_part_nz
#define __deref_opt_out_bcount_part_nz(...)
#endif
#ifndef __deref_opt_out_bcount_part_nz_opt
#define __deref_opt_out_bcount_part_nz_opt(...)
#endif
#ifndef __deref_opt_out_bcount_full
#define __deref_opt_out_bcount_full(...)
#endif
#ifndef __deref_opt_out_bcount_full_opt
#define __deref_opt_out_bcount_full_opt(...)
#endif
#ifndef __deref_opt_out_bcount_full_z
#define __deref_opt_out_bcount_full_z(...)
#endif
#ifndef __deref_opt_out_bcount_full_z_opt
#define __deref_opt_out_bcount_full_z_opt(...)
#endif
#ifndef __deref_opt_out_bcount_full_nz
#define __deref_opt_out_bcount_full_nz(...)
#endif
#ifndef __deref_opt_out_bcount_full_nz_opt
#define __deref_opt_out_bcount_full_nz_opt(...)
#endif
#ifndef __deref_opt_out_xcount
#define __deref_opt_out_xcount(...)
#endif
#ifndef __deref_opt_out_xcount_opt
#define __deref_opt_out_xcount_opt(...)
#endif
#ifndef __deref_opt_out_xcount_z
#define __deref_opt_out_xcount_z(...)
#endif
#ifndef __deref_opt_out_xcount_z_opt
#define __deref_opt_out_xcount_z_opt(...)
#endif
#ifndef __deref_opt_out_xcount_nz
#define __deref_opt_out_xcount_nz(...)
#endif
#ifndef __deref_opt_out_xcount_nz_opt
#define __deref_opt_out_xcount_nz_opt(...)
#endif
#ifndef __deref_opt_out_xcount_part
#define __deref_opt_out_xcount_part(...)
#endif
#ifndef __deref_opt_out_xcount_part_opt
#define __deref_opt_out_xcount_part_opt(...)
#endif
#ifndef __deref_opt_out_xcount_part_z
#define __deref_opt_out_xcount_part_z(...)
#endif
#ifndef __deref_opt_out_xcount_part_z_opt
#define __deref_opt_out_xcount_part_z_opt(...)
#endif
#ifndef __deref_opt_out_xcount_part_nz
#define __deref_opt_out_xcount_part_nz(...)
#endif
#ifndef __deref_opt_out_xcount_part_nz_opt
#define __deref_opt_out_xcount_part_nz_opt(...)
#endif
#ifndef __deref_opt_out_xcount_full
#define __deref_opt_out_xcount_full(...)
#endif
#ifndef __deref_opt_out_xcount_full_opt
#define __deref_opt_out_xcount_full_opt(...)
#endif
#ifndef __deref_opt_out_xcount_full_z
#define __deref_opt_out_xcount_full_z(...)
#endif
#ifndef __deref_opt_out_xcount_full_z_opt
#define __deref_opt_out_xcount_full_z_opt(...)
#endif
#ifndef __deref_opt_out_xcount_full_nz
#define __deref_opt_out_xcount_full_nz(...)
#endif
#ifndef __deref_opt_out_xcount_full_nz_opt
#define __deref_opt_out_xcount_full_nz_opt(...)
#endif
#ifndef __deref_opt_inout
#define __deref_opt_inout
#endif
#ifndef __deref_opt_inout_opt
#define __deref_opt_inout_opt
#endif
#ifndef __deref_opt_inout_z
#define __deref_opt_inout_z
#endif
#ifndef __deref_opt_inout_z_opt
#define __deref_opt_inout_z_opt
#endif
#ifndef __deref_opt_inout_nz
#define __deref_opt_inout_nz
#endif
#ifndef __deref_opt_inout_nz_opt
#define __deref_opt_inout_nz_opt
#endif
#ifndef __deref_opt_inout_ecount
#define __deref_opt_inout_ecount(...)
#endif
#ifndef __deref_opt_inout_ecount_opt
#define __deref_opt_inout_ecount_opt(...)
#endif
#ifndef __deref_opt_inout_ecount_z
#define __deref_opt_inout_ecount_z(...)
#endif
#ifndef __deref_opt_inout_ecount_z_opt
#define __deref_opt_inout_ecount_z_opt(...)
#endif
#ifndef __deref_opt_inout_ecount_nz
#define __deref_opt_inout_ecount_nz(...)
#endif
#ifndef __deref_opt_inout_ecount_nz_opt
#define __deref_opt_inout_ecount_nz_opt(...)
#endif
#ifndef __deref_opt_inout_ecount_part
#define __deref_opt_inout_ecount_part(...)
#endif
#ifndef __deref_opt_inout_ecount_part_opt
#define __deref_opt_inout_ecount_part_opt(...)
#endif
#ifndef __deref_opt_inout_ecount_part_z
#define __deref_opt_inout_ecount_part_z(...)
#endif
#ifndef __deref_opt_inout_ecount_part_z_opt
#define __deref_opt_inout_ecount_part_z_opt(...)
#endif
#ifndef __deref_opt_inout_ecount_part_nz
#define __deref_opt_inout_ecount_part_nz(...)
#endif
#ifndef __deref_opt_inout_ecount_part_nz_opt
#define __deref_opt_inout_ecount_part_nz_opt(...)
#endif
#ifndef __deref_opt_inout_ecount_full
#define __deref_opt_inout_ecount_full(...)
#endif
#ifndef __deref_opt_inout_ecount_full_opt
#define __deref_opt_inout_ecount_full_opt(...)
#endif
#ifndef __deref_opt_inout_ecount_full_z
#define __deref_opt_inout_ecount_full_z(...)
#endif
#ifndef __deref_opt_inout_ecount_full_z_opt
#define __deref_opt_inout_ecount_full_z_opt(...)
#endif
#ifndef __deref_opt_inout_ecount_full_nz
#define __deref_opt_inout_ecount_full_nz(...)
#endif
#ifndef __deref_opt_inout_ecount_full_nz_opt
#define __deref_opt_inout_ecount_full_nz_opt(...)
#endif
#ifndef __deref_opt_inout_bcount
#define __deref_opt_inout_bcount(...)
#endif
#ifndef __deref_opt_inout_bcount_opt
#define __deref_opt_inout_bcount_opt(...)
#endif
#ifndef __deref_opt_inout_bcount_z
#define __deref_opt_inout_bcount_z(...)
#endif
#ifndef __deref_opt_inout_bcount_z_opt
#define __deref_opt_inout_bcount_z_opt(...)
#endif
#ifndef __deref_opt_inout_bcount_nz
#define __deref_opt_inout_bcount_nz(...)
#endif
#ifndef __deref_opt_inout_bcount_nz_opt
#define __deref_opt_inout_bcount_nz_opt(...)
#endif
#ifndef __deref_opt_inout_bcount_part
#define __deref_opt_inout_bcount_part(...)
#endif
#ifndef __deref_opt_inout_bcount_part_opt
#define __deref_opt_inout_bcount_part_opt(...)
#endif
#ifndef __deref_opt_inout_bcount_part_z
#define __deref_opt_inout_bcount_part_z(...)
#endif
#ifndef __deref_opt_inout_bcount_part_z_opt
#define __deref_opt_inout_bcount_part_z_opt(...)
#endif
#ifndef __deref_opt_inout_bcount_part_nz
#define __deref_opt_inout_bcount_part_nz(...)
#endif
#ifndef __deref_opt_inout_bcount_part_nz_opt
#define __deref_opt_inout_bcount_part_nz_opt(...)
#endif
#ifndef __deref_opt_inout_bcount_full
#define __deref_opt_inout_bcount_full(...)
#endif
#ifndef __deref_opt_inout_bcount_full_opt
#define __deref_opt_inout_bcount_full_opt(...)
#endif
#ifndef __deref_opt_inout_bcount_full_z
#define __deref_opt_inout_bcount_full_z(...)
#endif
#ifndef __deref_opt_inout_bcount_full_z_opt
#define __deref_opt_inout_bcount_full_z_opt(...)
#endif
#ifndef __deref_opt_inout_bcount_full_nz
#define __deref_opt_inout_bcount_full_nz(...)
#endif
#ifndef __deref_opt_inout_bcount_full_nz_opt
#define __deref_opt_inout_bcount_full_nz_opt(...)
#endif
#ifndef __deref_opt_inout_xcount
#define __deref_opt_inout_xcount(...)
#endif
#ifndef __deref_opt_inout_xcount_opt
#define __deref_opt_inout_xcount_opt(...)
#endif
#ifndef __deref_opt_inout_xcount_z
#define __deref_opt_inout_xcount_z(...)
#endif
#ifndef __deref_opt_inout_xcount_z_opt
#define __deref_opt_inout_xcount_z_opt(...)
#endif
#ifndef __deref_opt_inout_xcount_nz
#define __deref_opt_inout_xcount_nz(...)
#endif
#ifndef __deref_opt_inout_xcount_nz_opt
#define __deref_opt_inout_xcount_nz_opt(...)
#endif
#ifndef __deref_opt_inout_xcount_part
#define __deref_opt_inout_xcount_part(...)
#endif
#ifndef __deref_opt_inout_xcount_part_opt
#define __deref_opt_inout_xcount_part_opt(...)
#endif
#ifndef __deref_opt_inout_xcount_part_z
#define __deref_opt_inout_xcount_part_z(...)
#endif
#ifndef __deref_opt_inout_xcount_part_z_opt
#define __deref_opt_inout_xcount_part_z_opt(...)
#endif
#ifndef __deref_opt_inout_xcount_part_nz
#define __deref_opt_inout_xcount_part_nz(...)
#endif
#ifndef __deref_opt_inout_xcount_part_nz_opt
#define __deref_opt_inout_xcount_part_nz_opt(...)
#endif
#ifndef __deref_opt_inout_xcount_full
#define __deref_opt_inout_xcount_full(...)
#endif
#ifndef __deref_opt_inout_xcount_full_opt
#define __deref_opt_inout_xcount_full_opt(...)
#endif
#ifndef __deref_opt_inout_xcount_full_z
#define __deref_opt_inout_xcount_full_z(...)
#endif
#ifndef __deref_opt_inout_xcount_full_z_opt
#define __deref_opt_inout_xcount_full_z_opt(...)
#endif
#ifndef __deref_opt_inout_xcount_full_nz
#define __deref_opt_inout_xcount_full_nz(...)
#endif
#ifndef __deref_opt_inout_xcount_full_nz_opt
#define __deref_opt_inout_xcount_full_nz_opt(...)
#endif
#ifndef __in_awcount
#define __in_awcount(...)
#endif
#ifndef __out_awcount
#define __out_awcount(...)
#endif

/* ------------------------------------------------------------------------
 * SAL 1 helper layer (sal.h)
 */
#ifndef __maybenull
#define __maybenull
#endif
#ifndef __readonly
#define __readonly
#endif
#ifndef __notreadonly
#define __notreadonly
#endif
#ifndef __maybereadonly
#define __maybereadonly
#endif
#ifndef __notvalid
#define __notvalid
#endif
#ifndef __maybevalid
#define __maybevalid
#endif
#ifndef __exceptthat
#define __exceptthat
#endif
#ifndef __execeptthat
#define __execeptthat
#endif
#ifndef __refparam
#define __refparam
#endif
#ifndef __post_except_maybenull
#define __post_except_maybenull
#endif
#ifndef __pre_except_maybenull
#define __pre_except_maybenull
#endif
#ifndef __post_deref_except_maybenull
#define __post_deref_except_maybenull
#endif
#ifndef __pre_deref_except_maybenull
#define __pre_deref_except_maybenull
#endif
#ifndef __inner_exceptthat
#define __inner_exceptthat
#endif
#ifndef __inner_override
#define __inner_override
#endif
#ifndef __inner_callback
#define __inner_callback
#endif
#ifndef __inner_checkReturn
#define __inner_checkReturn
#endif
#ifndef __inner_fallthrough_dec
#define __inner_fallthrough_dec
#endif
#ifndef __inner_fallthrough
#define __inner_fallthrough
#endif
#ifndef __inner_bound
#define __inner_bound
#endif
#ifndef __inner_assume_bound_dec
#define __inner_assume_bound_dec
#endif
#ifndef __inner_allocator
#define __inner_allocator
#endif
#ifndef __inner_assume_validated_dec
#define __inner_assume_validated_dec
#endif
#ifndef __inner_encoded
#define __inner_encoded
#endif
#ifndef __readableTo
#define __readableTo(...)
#endif
#ifndef __elem_readableTo
#define __elem_readableTo(...)
#endif
#ifndef __byte_readableTo
#define __byte_readableTo(...)
#endif
#ifndef __writableTo
#define __writableTo(...)
#endif
#ifndef __elem_writableTo
#define __elem_writableTo(...)
#endif
#ifndef __byte_writableTo
#define __byte_writableTo(...)
#endif
#ifndef __precond
#define __precond(...)
#endif
#ifndef __postcond
#define __postcond(...)
#endif
#ifndef __inexpressible_readableTo
#define __inexpressible_readableTo(...)
#endif
#ifndef __inexpressible_writableTo
#define __inexpressible_writableTo(...)
#endif
#ifndef __inner_typefix
#define __inner_typefix(...)
#endif
#ifndef __inner_blocksOn
#define __inner_blocksOn(...)
#endif
#ifndef __inner_control_entrypoint
#define __inner_control_entrypoint(...)
#endif
#ifndef __inner_data_entrypoint
#define __inner_data_entrypoint(...)
#endif
#ifndef __inner_success
#define __inner_success(...)
#endif
#ifndef __inner_range
#define __inner_range(...)
#endif
#ifndef __inner_assume_bound
#define __inner_assume_bound(...)
#endif
#ifndef __inner_data_source
#define __inner_data_source(...)
#endif
#ifndef __inner_this_data_source
#define __inner_this_data_source(...)
#endif
#ifndef __inner_out_validated
#define __inner_out_validated(...)
#endif
#ifndef __inner_this_out_validated
#define __inner_this_out_validated(...)
#endif
#ifndef __inner_assume_validated
#define __inner_assume_validated(...)
#endif
#ifndef __inner_transfer
#define __inner_transfer(...)
#endif

/* ------------------------------------------------------------------------
 * SAL 1 advanced annotations (sal.h, specstrings.h)
 */
#ifndef __nullterminated
#define __nullterminated
#endif
#ifndef __nullnullterminated
#define __nullnullterminated
#endif
#ifndef __checkReturn
#define __checkReturn
#endif
#ifndef __override
#define __override
#endif
#ifndef __callback
#define __callback
#endif
#ifndef __format_string
#define __format_string
#endif
#ifndef __useHeader
#define __useHeader
#endif
#ifndef __allocator
#define __allocator
#endif
#ifndef __in_bound
#define __in_bound
#endif
#ifndef __out_bound
#define __out_bound
#endif
#ifndef __deref_out_bound
#define __deref_out_bound
#endif
#ifndef __rpc_entry
#define __rpc_entry
#endif
#ifndef __kernel_entry
#define __kernel_entry
#endif
#ifndef __gdi_entry
#define __gdi_entry
#endif
#ifndef __encoded_pointer
#define __encoded_pointer
#endif
#ifndef __encoded_array
#define __encoded_array
#endif
#ifndef __field_encoded_pointer
#define __field_encoded_pointer
#endif
#ifndef __field_encoded_array
#define __field_encoded_array
#endif
#ifndef __possibly_notnulltermiated
#define __possibly_notnulltermiated
#endif
#ifndef __possibly_notnullterminated
#define __possibly_notnullterminated
#endif
#ifndef __nonvolatile
#define __nonvolatile
#endif
#ifndef __deref_volatile
#define __deref_volatile
#endif
#ifndef __deref_nonvolatile
#define __deref_nonvolatile
#endif
#ifndef __analysis_noreturn
#define __analysis_noreturn
#endif
#ifndef __nothrow
#define __nothrow
#endif
#ifndef __success
#define __success(...)
#endif
#ifndef __typefix
#define __typefix(...)
#endif
#ifndef __blocksOn
#define __blocksOn(...)
#endif
#ifndef __control_entrypoint
#define __control_entrypoint(...)
#endif
#ifndef __data_entrypoint
#define __data_entrypoint(...)
#endif
#ifndef __on_failure
#define __on_failure(...)
#endif
#ifndef __analysis_assume
#define __analysis_assume(...)
#endif
#ifndef __analysis_assert
#define __analysis_assert(...)
#endif
#ifndef __analysis_hint
#define __analysis_hint(...)
#endif
#ifndef __analysis_assume_nullterminated
#define __analysis_assume_nullterminated(...)
#endif
#ifndef __range
#define __range(...)
#endif
#ifndef __in_range
#define __in_range(...)
#endif
#ifndef __out_range
#define __out_range(...)
#endif
#ifndef __deref_in_range
#define __deref_in_range(...)
#endif
#ifndef __deref_out_range
#define __deref_out_range(...)
#endif
#ifndef __deref_inout_range
#define __deref_inout_range(...)
#endif
#ifndef __field_range
#define __field_range(...)
#endif
#ifndef __field_data_source
#define __field_data_source(...)
#endif
#ifndef __in_data_source
#define __in_data_source(...)
#endif
#ifndef __out_data_source
#define __out_data_source(...)
#endif
#ifndef __out_validated
#define __out_validated(...)
#endif
#ifndef __this_out_data_source
#define __this_out_data_source(...)
#endif
#ifndef __this_out_validated
#define __this_out_validated(...)
#endif
#ifndef __transfer
#define __transfer(...)
#endif
#ifndef __type_has_adt_prop
#define __type_has_adt_prop(...)
#endif
#ifndef __out_has_adt_prop
#define __out_has_adt_prop(...)
#endif
#ifndef __out_not_has_adt_prop
#define __out_not_has_adt_prop(...)
#endif
#ifndef __out_transfer_adt_prop
#define __out_transfer_adt_prop(...)
#endif
#ifndef __out_has_type_adt_props
#define __out_has_type_adt_props(...)
#endif
#ifndef __assume_validated
#define __assume_validated(...)
#endif
#ifndef __assume_bound
#define __assume_bound(...)
#endif
#ifndef __file_parser
#define __file_parser(...)
#endif
#ifndef __file_parser_class
#define __file_parser_class(...)
#endif
#ifndef __file_parser_library
#define __file_parser_library(...)
#endif
#ifndef __source_code_content
#define __source_code_content(...)
#endif
#ifndef __class_code_content
#define __class_code_content(...)
#endif
#ifndef __struct_bcount
#define __struct_bcount(...)
#endif
#ifndef __struct_xcount
#define __struct_xcount(...)
#endif
#ifndef __field_ecount
#define __field_ecount(...)
#endif
#ifndef __field_ecount_opt
#define __field_ecount_opt(...)
#endif
#ifndef __field_ecount_part
#define __field_ecount_part(...)
#endif
#ifndef __field_ecount_part_opt
#define __field_ecount_part_opt(...)
#endif
#ifndef __field_ecount_full
#define __field_ecount_full(...)
#endif
#ifndef __field_ecount_full_opt
#define __field_ecount_full_opt(...)
#endif
#ifndef __field_bcount
#define __field_bcount(...)
#endif
#ifndef __field_bcount_opt
#define __field_bcount_opt(...)
#endif
#ifndef __field_bcount_part
#define __field_bcount_part(...)
#endif
#ifndef __field_bcount_part_opt
#define __field_bcount_part_opt(...)
#endif
#ifndef __field_bcount_full
#define __field_bcount_full(...)
#endif
#ifndef __field_bcount_full_opt
#define __field_bcount_full_opt(...)
#endif
#ifndef __field_xcount
#define __field_xcount(...)
#endif
#ifndef __field_xcount_opt
#define __field_xcount_opt(...)
#endif
#ifndef __field_xcount_part
#define __field_xcount_part(...)
#endif
#ifndef __field_xcount_part_opt
#define __field_xcount_part_opt(...)
#endif
#ifndef __field_xcount_full
#define __field_xcount_full(...)
#endif
#ifndef __field_xcount_full_opt
#define __field_xcount_full_opt(...)
#endif
#ifndef __field_nullterminated
#define __field_nullterminated
#endif

/* ------------------------------------------------------------------------
 * SAL 1 names shared with host system headers
 *
 * NTIO_SAL_SYSTEM_NAMES chooses which of them become (empty) macros:
 *
 *   0  none of them;
 *   1  __in __out __valid __pre __deref __notnull __bound and, in C, __null:
 *      in C these are only parameter names in glibc prototypes, where an
 *      empty macro leaves a valid declaration, but libstdc++ uses them as
 *      variables (std::string, <iostream>, <algorithm>, <regex> ...);
 *   2  as 1, plus __reserved, a structure member in Linux uapi headers
 *      (struct statx_timestamp via <sys/stat.h> with _GNU_SOURCE, struct
 *      futex_waitv): only safe when no such header follows.
 *
 * The default is 1 for C and 0 for C++.  A C++ source that uses __in or
 * __out (rare: C++ drivers of the WDK 7 era) and includes no standard C++
 * header after this one can define NTIO_SAL_SYSTEM_NAMES to 1.  __null is
 * never defined in C++: it is the compiler's null pointer constant there.
 */
#ifndef NTIO_SAL_SYSTEM_NAMES
#ifdef __cplusplus
#define NTIO_SAL_SYSTEM_NAMES 0
#else
#define NTIO_SAL_SYSTEM_NAMES 1
#endif
#endif

#if NTIO_SAL_SYSTEM_NAMES >= 1
#ifndef __in
#define __in
#endif
#ifndef __out
#define __out
#endif
#ifndef __valid
#define __valid
#endif
#ifndef __pre
#define __pre
#endif
#ifndef __deref
#define __deref
#endif
#ifndef __notnull
#define __notnull
#endif
#ifndef __bound
#define __bound
#endif
#if !defined(__cplusplus) && !defined(__null)
#define __null
#endif
#endif

#if NTIO_SAL_SYSTEM_NAMES >= 2
#ifndef __reserved
#define __reserved
#endif
#endif

/* __post is not shared with the system headers and is always defined. */
#ifndef __post
#define __post
#endif

/*
 * __fallthrough; marks an intended fall-through into the next case label.
 * The SDK makes it [[fallthrough]] where the compiler has it; GCC's
 * attribute is the same thing in C and C++ and keeps -Wimplicit-fallthrough
 * quiet at exactly those places.  Like [[fallthrough]] it wants the ';'.
 */
#ifndef __fallthrough
#if defined(__has_attribute)
#if __has_attribute(__fallthrough__)
#define __fallthrough __attribute__((__fallthrough__))
#endif
#endif
#ifndef __fallthrough
#define __fallthrough
#endif
#endif

#endif /* NTIO_SAL_H */
