/*
 * rtl/slist.c - interlocked sequenced singly linked lists (SLIST_HEADER),
 * lock-free, with the x64 Windows layout:
 *
 *   Alignment (first 8 bytes):  Depth (16 bits) | Sequence (48 bits) << 16
 *   Region    (next 8 bytes):   the first entry (16-byte aligned, so the
 *                               low 4 bits, HeaderX64.Reserved, are zero)
 *
 * Every change is one `lock cmpxchg16b` of both halves, and every change
 * bumps Sequence.  That is what defeats ABA: a pop that read First and
 * First->Next, then lost the CPU while others popped First, popped its
 * successor and pushed First back, finds the same First but a different
 * Sequence, and retries instead of installing a stale Next.
 *
 * The other hazard of a lock-free pop is reading First->Next after another
 * thread has popped First and freed it (back to pool, maybe unmapped).
 * Windows resumes such a faulting read through an exception-table entry
 * for its pop routine; ntio reads Next with MiCopyUserMemory, whose faults
 * the kernel's fault handler turns into a failed copy the same way.  The
 * value read is garbage in that case, but the compare-exchange then fails
 * because the header changed, and the pop retries.  (The copy routine is
 * assembly, so AddressSanitizer does not flag the deliberate stale read.)
 */
#include <wdm.h>

#include "mm/usercopy.h"

#define SLIST_DEPTH_MASK 0xFFFFULL
#define SLIST_SEQUENCE_ONE 0x10000ULL

/* The next Alignment word: Depth changed by Delta, Sequence + 1. */
static __inline__ ULONGLONG RtlpNextSListAlignment(ULONGLONG Alignment, int Delta)
{
    ULONGLONG Depth = (Alignment + (ULONGLONG)(LONGLONG)Delta) & SLIST_DEPTH_MASK;
    return ((Alignment & ~SLIST_DEPTH_MASK) + SLIST_SEQUENCE_ONE) | Depth;
}

/* Compare Head with (*OldAlignment, *OldRegion) and, if equal, store
 * (NewAlignment, NewRegion); otherwise load the current value into the
 * old pair.  A full barrier either way. */
static __inline__ BOOLEAN RtlpCompareExchangeSList(PSLIST_HEADER Head, ULONGLONG *OldAlignment,
                                                   ULONGLONG *OldRegion, ULONGLONG NewAlignment,
                                                   ULONGLONG NewRegion)
{
    BOOLEAN Equal;

    __asm__ __volatile__("lock cmpxchg16b %1"
                         : "=@ccz"(Equal), "+m"(*Head), "+a"(*OldAlignment), "+d"(*OldRegion)
                         : "b"(NewAlignment), "c"(NewRegion)
                         : "memory");
    return Equal;
}

/* A consistent-enough snapshot: two loads; the compare-exchange that
 * follows validates the pair. */
static __inline__ VOID RtlpReadSList(PSLIST_HEADER Head, ULONGLONG *Alignment, ULONGLONG *Region)
{
    *Alignment = __atomic_load_n(&Head->Alignment, __ATOMIC_ACQUIRE);
    *Region = __atomic_load_n(&Head->Region, __ATOMIC_ACQUIRE);
}

NTIO_EXPORT VOID InitializeSListHead(PSLIST_HEADER SListHead)
{
    if ((ULONG_PTR)SListHead & 15)
        RtlRaiseStatus(STATUS_DATATYPE_MISALIGNMENT);
    SListHead->Alignment = 0;
    SListHead->Region = 0;
}

NTIO_EXPORT USHORT ExQueryDepthSList(PSLIST_HEADER SListHead)
{
    return (USHORT)(__atomic_load_n(&SListHead->Alignment, __ATOMIC_RELAXED) & SLIST_DEPTH_MASK);
}

NTIO_EXPORT PSLIST_ENTRY FirstEntrySList(const SLIST_HEADER *SListHead)
{
    return (PSLIST_ENTRY)(ULONG_PTR)__atomic_load_n(&SListHead->Region, __ATOMIC_ACQUIRE);
}

NTIO_EXPORT PSLIST_ENTRY ExpInterlockedPushEntrySList(PSLIST_HEADER ListHead, PSLIST_ENTRY ListEntry)
{
    ULONGLONG Alignment, Region;

    /* The header keeps entry addresses >> 4: an unaligned entry cannot be
     * represented (Windows would silently lose the low bits). */
    if ((ULONG_PTR)ListEntry & 15)
        RtlRaiseStatus(STATUS_DATATYPE_MISALIGNMENT);
    RtlpReadSList(ListHead, &Alignment, &Region);
    do {
        ListEntry->Next = (PSLIST_ENTRY)(ULONG_PTR)Region;
    } while (!RtlpCompareExchangeSList(ListHead, &Alignment, &Region,
                                       RtlpNextSListAlignment(Alignment, +1),
                                       (ULONGLONG)(ULONG_PTR)ListEntry));
    return (PSLIST_ENTRY)(ULONG_PTR)Region;
}

NTIO_EXPORT PSLIST_ENTRY ExpInterlockedPopEntrySList(PSLIST_HEADER ListHead)
{
    ULONGLONG Alignment, Region;

    RtlpReadSList(ListHead, &Alignment, &Region);
    for (;;) {
        PSLIST_ENTRY First = (PSLIST_ENTRY)(ULONG_PTR)Region;
        PSLIST_ENTRY Next = NULL;

        if (First == NULL)
            return NULL;
        /* First may already be popped and freed by another thread: read
         * its link without trusting it (see the top of the file). */
        if (MiCopyUserMemory(&Next, &First->Next, sizeof Next) != 0) {
            RtlpReadSList(ListHead, &Alignment, &Region);
            continue;
        }
        if (RtlpCompareExchangeSList(ListHead, &Alignment, &Region,
                                     RtlpNextSListAlignment(Alignment, -1),
                                     (ULONGLONG)(ULONG_PTR)Next))
            return First;
    }
}

NTIO_EXPORT PSLIST_ENTRY ExpInterlockedFlushSList(PSLIST_HEADER ListHead)
{
    ULONGLONG Alignment, Region;

    RtlpReadSList(ListHead, &Alignment, &Region);
    while (Region != 0) {
        ULONGLONG Empty = (Alignment & ~SLIST_DEPTH_MASK) + SLIST_SEQUENCE_ONE;
        if (RtlpCompareExchangeSList(ListHead, &Alignment, &Region, Empty, 0))
            break;
    }
    return (PSLIST_ENTRY)(ULONG_PTR)Region;
}
