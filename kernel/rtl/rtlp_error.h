/*
 * kernel/rtl/rtlp_error.h - NTSTATUS to Win32 error translation (error.c).
 *
 * RtlNtStatusToDosError and RtlNtStatusToDosErrorNoTeb are public DDIs;
 * their prototypes move to the DDK headers.  RtlpCheckStatusTableSorted
 * is the self-check the unit test runs on the mapping table.
 */
#ifndef NTIO_RTLP_ERROR_H
#define NTIO_RTLP_ERROR_H

#include <ntio/basetypes.h>

NTIO_BEGIN_DECLS

ULONG NTAPI RtlNtStatusToDosError(NTSTATUS Status);
ULONG NTAPI RtlNtStatusToDosErrorNoTeb(NTSTATUS Status);

/* TRUE when the mapping table is strictly ascending by status value. */
BOOLEAN RtlpCheckStatusTableSorted(void);

NTIO_END_DECLS

#endif /* NTIO_RTLP_ERROR_H */
