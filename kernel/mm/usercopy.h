/*
 * kernel/mm/usercopy.h - copying from and to user memory without setjmp
 * (private).
 *
 * The routines in usercopy.S may fault on user addresses; the kernel's
 * fault handler recognises the faulting instruction through an exception
 * table (like Linux's copy_from_user) and resumes at a fixup that returns
 * how much was left.  No __try is needed, and the fast path is a plain
 * `rep movsb`.  The fixups work once the kernel's fault handler is
 * installed (KiInitializeExceptionHandling, at kernel start).
 */
#ifndef NTIO_MM_USERCOPY_H
#define NTIO_MM_USERCOPY_H

#include <ntio/seh.h>

NTIO_BEGIN_DECLS

/*
 * Copy Length bytes from Src to Dst.  Returns the number of bytes NOT
 * copied: 0 on success; otherwise the bytes [0, Length - result) were
 * copied and the byte at offset Length - result of Src (read) or Dst
 * (write) is inaccessible.  The I/O manager turns a non-zero result into
 * STATUS_ACCESS_VIOLATION.  Either side may be the user buffer.
 */
SIZE_T MiCopyUserMemory(void *Dst, const void *Src, SIZE_T Length);

/*
 * Touch the byte at First and the first byte of every later page up to
 * and including Last (read, or an atomic `lock or $0` for Write).  Returns
 * 0, or the address that faulted.  First must be >= 64K.
 */
ULONG_PTR MiProbeUserPages(ULONG_PTR First, ULONG_PTR Last, ULONG Write);

/*
 * TRUE if [Address, Address+Length) lies in the user range and every page
 * is readable (Write FALSE) or writable (Write TRUE) right now.  Length 0
 * is TRUE.
 */
BOOLEAN MiProbeUserRange(const void *Address, SIZE_T Length, BOOLEAN Write);

/*
 * For the fault handler: if Ip is a faulting instruction of usercopy.S,
 * the address to resume at; otherwise 0.
 */
ULONG_PTR MiLookupUserCopyFixup(ULONG_PTR Ip);

NTIO_END_DECLS

#endif /* NTIO_MM_USERCOPY_H */
