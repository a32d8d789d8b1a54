/*
 * kernel/mm/probe.c - ProbeForRead / ProbeForWrite and the user address
 * range.
 *
 * The user part of the address space is [64K, MmUserProbeAddress).  On
 * Windows x64 MmUserProbeAddress is 0x7FFFFFFF0000; Linux x86-64 gives
 * processes everything below 0x7FFFFFFFF000 (the main thread's stack sits
 * right under it when ASLR is off, as under gdb), so ntio uses the Linux
 * boundary: a buffer on the stack of an application being debugged is a
 * user buffer.  Windows never maps the first 64K, and neither do Linux's
 * defaults (vm.mmap_min_addr), so a buffer starting there is rejected as
 * well: a NULL-based pointer is never a valid user buffer.
 */
#include <stdio.h>

#include <ntio/seh.h>

#include "ke/except.h"
#include "mm/usercopy.h"

#define MI_LOWEST_USER_ADDRESS 0x10000ULL
#define MI_USER_PROBE_ADDRESS 0x7FFFFFFFF000ULL

NTIO_EXPORT ULONG_PTR MmUserProbeAddress = MI_USER_PROBE_ADDRESS;
NTIO_EXPORT PVOID MmHighestUserAddress = (PVOID)(MI_USER_PROBE_ADDRESS - 1);

/* The exception table of usercopy.S: (start, end, fixup), each an offset
   from its own position. */
extern const int MiUserCopyExTable[] __attribute__((visibility("hidden")));
extern const int MiUserCopyExTableEnd[] __attribute__((visibility("hidden")));

ULONG_PTR MiLookupUserCopyFixup(ULONG_PTR Ip)
{
    const int *Entry;

    for (Entry = MiUserCopyExTable; Entry < MiUserCopyExTableEnd; Entry += 3) {
        ULONG_PTR Start = (ULONG_PTR)&Entry[0] + (LONG_PTR)Entry[0];
        ULONG_PTR End = (ULONG_PTR)&Entry[1] + (LONG_PTR)Entry[1];
        if (Ip >= Start && Ip < End)
            return (ULONG_PTR)&Entry[2] + (LONG_PTR)Entry[2];
    }
    return 0;
}

/* Windows ASSERTs the alignment in checked builds and otherwise uses it as a
   mask; ntio reports the bad call (a few times) and then does the same. */
static VOID MiCheckProbeAlignment(const char *Routine, ULONG Alignment, PVOID Caller)
{
    static int Reported;

    if (Alignment == 1 || Alignment == 2 || Alignment == 4 || Alignment == 8 ||
        Alignment == 16)
        return;
    if (__atomic_fetch_add(&Reported, 1, __ATOMIC_RELAXED) < 8)
        fprintf(stderr,
                "ntio: %s called from %p with Alignment %u; it must be 1, 2, 4, 8 or 16\n",
                Routine, Caller, Alignment);
}

static BOOLEAN MiIsUserRange(ULONG_PTR Start, SIZE_T Length)
{
    ULONG_PTR End = Start + Length;

    return End >= Start && Start >= MI_LOWEST_USER_ADDRESS && End <= MmUserProbeAddress;
}

NTIO_EXPORT VOID NTAPI ProbeForRead(const volatile VOID *Address, SIZE_T Length, ULONG Alignment)
{
    ULONG_PTR Start = (ULONG_PTR)Address;
    PVOID Caller = __builtin_return_address(0);

    if (Length == 0)
        return;
    MiCheckProbeAlignment("ProbeForRead", Alignment, Caller);
    if (Start & (ULONG_PTR)(Alignment - 1))
        KiRaiseStatusWithInformation(STATUS_DATATYPE_MISALIGNMENT, 0, 0, 0, Caller);
    if (!MiIsUserRange(Start, Length))
        KiRaiseStatusWithInformation(STATUS_ACCESS_VIOLATION, 2, EXCEPTION_READ_FAULT, Start,
                                     Caller);
}

NTIO_EXPORT VOID NTAPI ProbeForWrite(volatile VOID *Address, SIZE_T Length, ULONG Alignment)
{
    ULONG_PTR Start = (ULONG_PTR)Address;
    ULONG_PTR Fault;
    PVOID Caller = __builtin_return_address(0);

    if (Length == 0)
        return;
    MiCheckProbeAlignment("ProbeForWrite", Alignment, Caller);
    if (Start & (ULONG_PTR)(Alignment - 1))
        KiRaiseStatusWithInformation(STATUS_DATATYPE_MISALIGNMENT, 0, 0, 0, Caller);
    if (!MiIsUserRange(Start, Length))
        KiRaiseStatusWithInformation(STATUS_ACCESS_VIOLATION, 2, EXCEPTION_WRITE_FAULT, Start,
                                     Caller);
    Fault = MiProbeUserPages(Start, Start + Length - 1, TRUE);
    if (Fault != 0)
        KiRaiseStatusWithInformation(STATUS_ACCESS_VIOLATION, 2, EXCEPTION_WRITE_FAULT, Fault,
                                     Caller);
}

NTIO_EXPORT BOOLEAN MiProbeUserRange(const void *Address, SIZE_T Length, BOOLEAN Write)
{
    ULONG_PTR Start = (ULONG_PTR)Address;

    if (Length == 0)
        return TRUE;
    if (!MiIsUserRange(Start, Length))
        return FALSE;
    return MiProbeUserPages(Start, Start + Length - 1, Write ? 1 : 0) == 0;
}
