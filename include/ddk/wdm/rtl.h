/* wdm/rtl.h - part of wdm.h (see there): Rtl bitmaps and bit scans.
 *
 * A bitmap is a caller-owned array of ULONGs described by an RTL_BITMAP
 * header.  Bit n is bit (n % 32) of Buffer[n / 32], least significant bit
 * first, exactly as on Windows, so a bitmap can be shared with code that
 * reads the buffer directly.  The caller synchronises access; none of these
 * routines lock, allocate or wait, so they run at any IRQL when the header
 * and the buffer are resident.
 *
 * Bits past SizeOfBitMap in the last ULONG are never reported or changed by
 * the searches and range operations; only RtlClearAllBits/RtlSetAllBits
 * write whole ULONGs, as Windows' do.  Searches that find nothing return
 * 0xFFFFFFFF (the RtlFind*Bits family) or a run length of zero (the
 * RtlFind*Run* family).  RtlSetBit/RtlClearBit/RtlTestBit on a bit past the
 * end, and RtlSetBits/RtlClearBits on a range past the end, are caller bugs
 * that a checked Windows build asserts on; ntio always does (RtlAssert, bug
 * check 0x1E with STATUS_ASSERTION_FAILURE) instead of corrupting memory.
 */
#ifndef _NTIO_WDM_RTL_H_
#define _NTIO_WDM_RTL_H_

NTIO_BEGIN_DECLS

typedef struct _RTL_BITMAP {
    ULONG SizeOfBitMap; /* number of bits */
    PULONG Buffer;      /* ULONG-aligned, (SizeOfBitMap + 31) / 32 ULONGs */
} RTL_BITMAP, *PRTL_BITMAP;

typedef struct _RTL_BITMAP_RUN {
    ULONG StartingIndex;
    ULONG NumberOfBits;
} RTL_BITMAP_RUN, *PRTL_BITMAP_RUN;

/* Copies Buffer and Size into the header; the bits are not touched. */
NTSYSAPI VOID NTAPI RtlInitializeBitMap(PRTL_BITMAP BitMapHeader, PULONG BitMapBuffer,
                                        ULONG SizeOfBitMap);

/* Fill every ULONG the bitmap uses (including the unused high bits of the
 * last one, as Windows does). */
NTSYSAPI VOID NTAPI RtlClearAllBits(PRTL_BITMAP BitMapHeader);
NTSYSAPI VOID NTAPI RtlSetAllBits(PRTL_BITMAP BitMapHeader);

/* One bit; BitNumber must be < SizeOfBitMap. */
NTSYSAPI VOID NTAPI RtlClearBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber);
NTSYSAPI VOID NTAPI RtlSetBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber);
NTSYSAPI BOOLEAN NTAPI RtlTestBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber);

/* The x64 WDK's RtlCheckBit: inline, unchecked, 0 or 1. */
FORCEINLINE BOOLEAN RtlCheckBit(PRTL_BITMAP BitMapHeader, ULONG BitPosition)
{
    return (BOOLEAN)((BitMapHeader->Buffer[BitPosition / 32] >> (BitPosition % 32)) & 1);
}

/* A range; a zero count does nothing; StartingIndex + Number must be
 * <= SizeOfBitMap. */
NTSYSAPI VOID NTAPI RtlClearBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToClear);
NTSYSAPI VOID NTAPI RtlSetBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToSet);

/* TRUE when all Length bits from StartingIndex are clear (set); FALSE when
 * one is not, when Length is zero or when the range leaves the bitmap. */
NTSYSAPI BOOLEAN NTAPI RtlAreBitsClear(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length);
NTSYSAPI BOOLEAN NTAPI RtlAreBitsSet(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length);

NTSYSAPI ULONG NTAPI RtlNumberOfClearBits(PRTL_BITMAP BitMapHeader);
NTSYSAPI ULONG NTAPI RtlNumberOfSetBits(PRTL_BITMAP BitMapHeader);
NTSYSAPI ULONG NTAPI RtlNumberOfSetBitsUlongPtr(ULONG_PTR Target);

/*
 * First position p >= HintIndex with NumberToFind clear (set) bits at
 * [p, p + NumberToFind); failing that, the first such p below HintIndex
 * (the search wraps to the start once).  HintIndex >= SizeOfBitMap counts
 * as 0.  0xFFFFFFFF when there is none or NumberToFind > SizeOfBitMap;
 * NumberToFind == 0 gives HintIndex rounded down to a multiple of 8.
 * The AndSet/AndClear forms also flip the range they return.
 */
NTSYSAPI ULONG NTAPI RtlFindClearBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex);
NTSYSAPI ULONG NTAPI RtlFindSetBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex);
NTSYSAPI ULONG NTAPI RtlFindClearBitsAndSet(PRTL_BITMAP BitMapHeader, ULONG NumberToFind,
                                            ULONG HintIndex);
NTSYSAPI ULONG NTAPI RtlFindSetBitsAndClear(PRTL_BITMAP BitMapHeader, ULONG NumberToFind,
                                            ULONG HintIndex);

/*
 * Runs of clear bits; each returns the run's length, 0 when there is none.
 * FindFirstRunClear: the first run in the bitmap.  FindNextForwardRunClear:
 * the first run at or after FromIndex (starting there if FromIndex is
 * clear); when none, *StartingRunIndex is SizeOfBitMap (FromIndex if that
 * is already past the end).  FindLastBackwardRunClear: the last clear bit
 * at or before FromIndex and the run of clear bits that ends there
 * (FromIndex past the end counts as the last bit); when none,
 * *StartingRunIndex is 0.  FindLongestRunClear: the longest run, the first
 * of equal ones; *StartingIndex is 0 when there is none.
 */
NTSYSAPI ULONG NTAPI RtlFindFirstRunClear(PRTL_BITMAP BitMapHeader, PULONG StartingIndex);
NTSYSAPI ULONG NTAPI RtlFindNextForwardRunClear(PRTL_BITMAP BitMapHeader, ULONG FromIndex,
                                                PULONG StartingRunIndex);
NTSYSAPI ULONG NTAPI RtlFindLastBackwardRunClear(PRTL_BITMAP BitMapHeader, ULONG FromIndex,
                                                 PULONG StartingRunIndex);
NTSYSAPI ULONG NTAPI RtlFindLongestRunClear(PRTL_BITMAP BitMapHeader, PULONG StartingIndex);

/*
 * Up to SizeOfRunArray maximal runs of clear bits; returns how many were
 * stored.  LocateLongestRuns FALSE: the first runs, in bitmap order.  TRUE:
 * the longest runs of the whole bitmap, longest first (of equal runs, the
 * earlier one first and kept).
 */
NTSYSAPI ULONG NTAPI RtlFindClearRuns(PRTL_BITMAP BitMapHeader, PRTL_BITMAP_RUN RunArray,
                                      ULONG SizeOfRunArray, BOOLEAN LocateLongestRuns);

/* Position of the lowest (highest) set bit of Set, -1 when Set is 0. */
NTSYSAPI CCHAR NTAPI RtlFindLeastSignificantBit(ULONGLONG Set);
NTSYSAPI CCHAR NTAPI RtlFindMostSignificantBit(ULONGLONG Set);

NTIO_END_DECLS

#endif /* _NTIO_WDM_RTL_H_ */
