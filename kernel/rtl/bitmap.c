/*
 * rtl/bitmap.c - RTL_BITMAP: the bitmaps drivers keep their tag allocators,
 * slot maps and cluster maps in (semantics in include/ddk/wdm/rtl.h).
 *
 * Bit n is bit (n % 32) of Buffer[n / 32].  Every search works a ULONG at
 * a time: a word is XORed with a "flip" mask so that the bits sought are
 * the 1 bits (flip 0 looks for set bits, flip ~0 for clear bits), bits
 * before the start are masked off, whole words that hold nothing are
 * skipped, and __builtin_ctz/clz finds the bit.  A search never reads a
 * word past the one holding its limit, and clamps what it finds to the
 * limit, so the unused high bits of the last ULONG are never reported,
 * whatever their value.
 *
 * No locking: the caller synchronises, as on Windows.  The buffer is read
 * as ULONGs only (never as 64-bit words), because Windows only promises
 * ULONG alignment and a multiple of 4 bytes.
 */
#include <wdm.h>

#define RTLP_NOT_FOUND 0xFFFFFFFFU

/* Flip masks for the word-at-a-time helpers. */
#define RTLP_SET_BITS 0U            /* the 1 bits of a word are what we look for */
#define RTLP_CLEAR_BITS 0xFFFFFFFFU /* the 0 bits are */

/*
 * A range or index past the end of the bitmap is a caller bug that Windows
 * checks only with ASSERT in checked builds (and then writes past the end,
 * or reads garbage, in free ones).  ntio always checks: RtlAssert reports
 * and bug-checks.  Should it ever return, the operation is skipped rather
 * than corrupting memory.
 */
#define RTLP_CHECK(Expr, Routine)                                                         \
    ((Expr) ? TRUE                                                                        \
            : (RtlAssert((PVOID)#Expr, (PVOID)__FILE__, __LINE__,                         \
                         (PSTR)Routine ": index or range past the end of the bitmap"),    \
               RtlpKeepFrame(), FALSE))

/* Code after the RtlAssert call, so that it is not a tail call: the
 * report's stack then shows the routine that was misused. */
static inline void RtlpKeepFrame(void)
{
    __asm__ __volatile__("");
}

/*
 * The first bit in [From, Limit) whose value is the one Flip selects, or
 * Limit when there is none.  Limit <= SizeOfBitMap.
 */
static inline ULONG RtlpFindNext(const ULONG *Buffer, ULONG From, ULONG Limit, ULONG Flip)
{
    ULONG Word, LastWord, Bits, Index;

    if (From >= Limit)
        return Limit;
    Word = From >> 5;
    LastWord = (Limit - 1) >> 5;
    Bits = (Buffer[Word] ^ Flip) & (0xFFFFFFFFU << (From & 31));
    while (Bits == 0) {
        if (Word == LastWord)
            return Limit;
        Bits = Buffer[++Word] ^ Flip;
    }
    Index = (Word << 5) + (ULONG)__builtin_ctz(Bits);
    return Index < Limit ? Index : Limit;
}

/*
 * The last bit at or before From whose value is the one Flip selects, or
 * RTLP_NOT_FOUND.  From < SizeOfBitMap, so nothing past the end is read.
 */
static inline ULONG RtlpFindPrevious(const ULONG *Buffer, ULONG From, ULONG Flip)
{
    ULONG Word = From >> 5;
    ULONG Bits = (Buffer[Word] ^ Flip) & (0xFFFFFFFFU >> (31 - (From & 31)));

    while (Bits == 0) {
        if (Word == 0)
            return RTLP_NOT_FOUND;
        Bits = Buffer[--Word] ^ Flip;
    }
    return (Word << 5) + 31 - (ULONG)__builtin_clz(Bits);
}

/*
 * The first p in [First, LastStart] such that the Count bits [p, p + Count)
 * all have the value Flip selects, or RTLP_NOT_FOUND.  Count >= 1 and
 * LastStart + Count <= SizeOfBitMap.  Each step finds the next candidate
 * bit, then the first bit of the other value within Count of it; a failed
 * candidate resumes after that bit, so every bit is looked at about once.
 */
static ULONG RtlpFindRun(const ULONG *Buffer, ULONG Count, ULONG First, ULONG LastStart, ULONG Flip)
{
    ULONG Position = First, Stop;

    for (;;) {
        Position = RtlpFindNext(Buffer, Position, LastStart + 1, Flip);
        if (Position > LastStart)
            return RTLP_NOT_FOUND;
        Stop = RtlpFindNext(Buffer, Position, Position + Count, ~Flip);
        if (Stop == Position + Count)
            return Position;
        Position = Stop + 1;
    }
}

/* RtlFindClearBits/RtlFindSetBits: the hint, then once around from 0. */
static ULONG RtlpFindBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex, ULONG Flip)
{
    ULONG Size = BitMapHeader->SizeOfBitMap;
    ULONG LastStart, Position = RTLP_NOT_FOUND;

    if (NumberToFind > Size)
        return RTLP_NOT_FOUND;
    if (HintIndex >= Size)
        HintIndex = 0;
    if (NumberToFind == 0)
        return HintIndex & ~7U; /* what Windows returns: the hint's byte */

    LastStart = Size - NumberToFind;
    if (HintIndex <= LastStart)
        Position = RtlpFindRun(BitMapHeader->Buffer, NumberToFind, HintIndex, LastStart, Flip);
    if (Position == RTLP_NOT_FOUND && HintIndex != 0)
        Position = RtlpFindRun(BitMapHeader->Buffer, NumberToFind, 0,
                               HintIndex - 1 < LastStart ? HintIndex - 1 : LastStart, Flip);
    return Position;
}

/* Set (Set = TRUE) or clear Count bits from Start; the range is valid. */
static void RtlpFillRange(ULONG *Buffer, ULONG Start, ULONG Count, BOOLEAN Set)
{
    ULONG Word = Start >> 5, Shift = Start & 31, Mask, Whole;

    if (Count == 0)
        return;
    if (Shift != 0) {
        Mask = 0xFFFFFFFFU << Shift;
        if (Count < 32 - Shift)
            Mask &= (1U << (Shift + Count)) - 1;
        Buffer[Word] = Set ? Buffer[Word] | Mask : Buffer[Word] & ~Mask;
        if (Count <= 32 - Shift)
            return;
        Count -= 32 - Shift;
        Word++;
    }
    Whole = Count >> 5;
    memset(&Buffer[Word], Set ? 0xFF : 0x00, (size_t)Whole * sizeof(ULONG));
    Word += Whole;
    if (Count & 31) {
        Mask = (1U << (Count & 31)) - 1;
        Buffer[Word] = Set ? Buffer[Word] | Mask : Buffer[Word] & ~Mask;
    }
}

static BOOLEAN RtlpRangeIsValid(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Count)
{
    return StartingIndex <= BitMapHeader->SizeOfBitMap &&
           Count <= BitMapHeader->SizeOfBitMap - StartingIndex;
}

/* ------------------------------------------------------------------------ */

NTIO_EXPORT VOID NTAPI RtlInitializeBitMap(PRTL_BITMAP BitMapHeader, PULONG BitMapBuffer,
                                           ULONG SizeOfBitMap)
{
    BitMapHeader->SizeOfBitMap = SizeOfBitMap;
    BitMapHeader->Buffer = BitMapBuffer;
}

/* Whole ULONGs, the unused high bits of the last one included: that is
 * what Windows writes, and code that compares buffers may see it. */
static void RtlpFillAll(PRTL_BITMAP BitMapHeader, int Byte)
{
    /* An empty bitmap may have no buffer at all: touch nothing. */
    if (BitMapHeader->SizeOfBitMap != 0)
        memset(BitMapHeader->Buffer, Byte,
               (((size_t)BitMapHeader->SizeOfBitMap + 31) / 32) * sizeof(ULONG));
}

NTIO_EXPORT VOID NTAPI RtlClearAllBits(PRTL_BITMAP BitMapHeader)
{
    RtlpFillAll(BitMapHeader, 0x00);
}

NTIO_EXPORT VOID NTAPI RtlSetAllBits(PRTL_BITMAP BitMapHeader)
{
    RtlpFillAll(BitMapHeader, 0xFF);
}

NTIO_EXPORT VOID NTAPI RtlClearBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber)
{
    if (!RTLP_CHECK(BitNumber < BitMapHeader->SizeOfBitMap, "RtlClearBit"))
        return;
    BitMapHeader->Buffer[BitNumber >> 5] &= ~(1U << (BitNumber & 31));
}

NTIO_EXPORT VOID NTAPI RtlSetBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber)
{
    if (!RTLP_CHECK(BitNumber < BitMapHeader->SizeOfBitMap, "RtlSetBit"))
        return;
    BitMapHeader->Buffer[BitNumber >> 5] |= 1U << (BitNumber & 31);
}

NTIO_EXPORT BOOLEAN NTAPI RtlTestBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber)
{
    if (!RTLP_CHECK(BitNumber < BitMapHeader->SizeOfBitMap, "RtlTestBit"))
        return FALSE;
    return (BOOLEAN)((BitMapHeader->Buffer[BitNumber >> 5] >> (BitNumber & 31)) & 1);
}

/* The documentation makes a zero count a no-op before anything else, so
 * only a non-empty range is checked. */
NTIO_EXPORT VOID NTAPI RtlClearBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToClear)
{
    if (NumberToClear == 0)
        return;
    if (!RTLP_CHECK(RtlpRangeIsValid(BitMapHeader, StartingIndex, NumberToClear), "RtlClearBits"))
        return;
    RtlpFillRange(BitMapHeader->Buffer, StartingIndex, NumberToClear, FALSE);
}

NTIO_EXPORT VOID NTAPI RtlSetBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToSet)
{
    if (NumberToSet == 0)
        return;
    if (!RTLP_CHECK(RtlpRangeIsValid(BitMapHeader, StartingIndex, NumberToSet), "RtlSetBits"))
        return;
    RtlpFillRange(BitMapHeader->Buffer, StartingIndex, NumberToSet, TRUE);
}

/* A range that is empty or leaves the bitmap is an answer (FALSE), not a
 * caller bug: the documentation says so. */
NTIO_EXPORT BOOLEAN NTAPI RtlAreBitsClear(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length)
{
    if (Length == 0 || !RtlpRangeIsValid(BitMapHeader, StartingIndex, Length))
        return FALSE;
    return (BOOLEAN)(RtlpFindNext(BitMapHeader->Buffer, StartingIndex, StartingIndex + Length,
                                  RTLP_SET_BITS) == StartingIndex + Length);
}

NTIO_EXPORT BOOLEAN NTAPI RtlAreBitsSet(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length)
{
    if (Length == 0 || !RtlpRangeIsValid(BitMapHeader, StartingIndex, Length))
        return FALSE;
    return (BOOLEAN)(RtlpFindNext(BitMapHeader->Buffer, StartingIndex, StartingIndex + Length,
                                  RTLP_CLEAR_BITS) == StartingIndex + Length);
}

NTIO_EXPORT ULONG NTAPI RtlNumberOfSetBits(PRTL_BITMAP BitMapHeader)
{
    const ULONG *Buffer = BitMapHeader->Buffer;
    ULONG Size = BitMapHeader->SizeOfBitMap;
    ULONG Whole = Size >> 5, Count = 0, Word;

    for (Word = 0; Word < Whole; Word++)
        Count += (ULONG)__builtin_popcount(Buffer[Word]);
    if (Size & 31)
        Count += (ULONG)__builtin_popcount(Buffer[Whole] & ((1U << (Size & 31)) - 1));
    return Count;
}

NTIO_EXPORT ULONG NTAPI RtlNumberOfClearBits(PRTL_BITMAP BitMapHeader)
{
    return BitMapHeader->SizeOfBitMap - RtlNumberOfSetBits(BitMapHeader);
}

NTIO_EXPORT ULONG NTAPI RtlNumberOfSetBitsUlongPtr(ULONG_PTR Target)
{
    return (ULONG)__builtin_popcountll((unsigned long long)Target);
}

NTIO_EXPORT ULONG NTAPI RtlFindClearBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex)
{
    return RtlpFindBits(BitMapHeader, NumberToFind, HintIndex, RTLP_CLEAR_BITS);
}

NTIO_EXPORT ULONG NTAPI RtlFindSetBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex)
{
    return RtlpFindBits(BitMapHeader, NumberToFind, HintIndex, RTLP_SET_BITS);
}

NTIO_EXPORT ULONG NTAPI RtlFindClearBitsAndSet(PRTL_BITMAP BitMapHeader, ULONG NumberToFind,
                                               ULONG HintIndex)
{
    ULONG Position = RtlpFindBits(BitMapHeader, NumberToFind, HintIndex, RTLP_CLEAR_BITS);

    if (Position != RTLP_NOT_FOUND)
        RtlpFillRange(BitMapHeader->Buffer, Position, NumberToFind, TRUE);
    return Position;
}

NTIO_EXPORT ULONG NTAPI RtlFindSetBitsAndClear(PRTL_BITMAP BitMapHeader, ULONG NumberToFind,
                                               ULONG HintIndex)
{
    ULONG Position = RtlpFindBits(BitMapHeader, NumberToFind, HintIndex, RTLP_SET_BITS);

    if (Position != RTLP_NOT_FOUND)
        RtlpFillRange(BitMapHeader->Buffer, Position, NumberToFind, FALSE);
    return Position;
}

/* Where the search stopped is what Windows leaves in *StartingRunIndex
 * when there is no run: SizeOfBitMap, or FromIndex when it starts past the
 * end. */
NTIO_EXPORT ULONG NTAPI RtlFindNextForwardRunClear(PRTL_BITMAP BitMapHeader, ULONG FromIndex,
                                                   PULONG StartingRunIndex)
{
    ULONG Size = BitMapHeader->SizeOfBitMap, Start;

    if (FromIndex >= Size) {
        *StartingRunIndex = FromIndex;
        return 0;
    }
    Start = RtlpFindNext(BitMapHeader->Buffer, FromIndex, Size, RTLP_CLEAR_BITS);
    *StartingRunIndex = Start;
    if (Start == Size)
        return 0;
    return RtlpFindNext(BitMapHeader->Buffer, Start, Size, RTLP_SET_BITS) - Start;
}

NTIO_EXPORT ULONG NTAPI RtlFindFirstRunClear(PRTL_BITMAP BitMapHeader, PULONG StartingIndex)
{
    return RtlFindNextForwardRunClear(BitMapHeader, 0, StartingIndex);
}

/* The run is cut at FromIndex: it is the clear bits that precede it (and
 * FromIndex itself), not the whole run FromIndex may sit in.  A FromIndex
 * past the end starts at the last bit, so bits past the end never count. */
NTIO_EXPORT ULONG NTAPI RtlFindLastBackwardRunClear(PRTL_BITMAP BitMapHeader, ULONG FromIndex,
                                                    PULONG StartingRunIndex)
{
    ULONG Size = BitMapHeader->SizeOfBitMap, Last, Before, Start;

    *StartingRunIndex = 0;
    if (Size == 0)
        return 0;
    if (FromIndex >= Size)
        FromIndex = Size - 1;
    Last = RtlpFindPrevious(BitMapHeader->Buffer, FromIndex, RTLP_CLEAR_BITS);
    if (Last == RTLP_NOT_FOUND)
        return 0;
    Before = RtlpFindPrevious(BitMapHeader->Buffer, Last, RTLP_SET_BITS);
    Start = Before == RTLP_NOT_FOUND ? 0 : Before + 1;
    *StartingRunIndex = Start;
    return Last - Start + 1;
}

NTIO_EXPORT ULONG NTAPI RtlFindLongestRunClear(PRTL_BITMAP BitMapHeader, PULONG StartingIndex)
{
    const ULONG *Buffer = BitMapHeader->Buffer;
    ULONG Size = BitMapHeader->SizeOfBitMap;
    ULONG Position = 0, Start, End, Best = 0, BestStart = 0;

    while (Position < Size) {
        Start = RtlpFindNext(Buffer, Position, Size, RTLP_CLEAR_BITS);
        /* Nothing left, or too little left to beat the best (ties keep the first). */
        if (Size - Start <= Best)
            break;
        End = RtlpFindNext(Buffer, Start, Size, RTLP_SET_BITS);
        if (End - Start > Best) {
            Best = End - Start;
            BestStart = Start;
        }
        Position = End;
    }
    *StartingIndex = BestStart;
    return Best;
}

/*
 * With LocateLongestRuns the array is kept sorted, longest first; a run
 * goes after the runs at least as long as it (so of equal runs the earlier
 * comes first), and once the array is full a run gets in only by being
 * strictly longer than the shortest, which it pushes out.
 */
NTIO_EXPORT ULONG NTAPI RtlFindClearRuns(PRTL_BITMAP BitMapHeader, PRTL_BITMAP_RUN RunArray,
                                         ULONG SizeOfRunArray, BOOLEAN LocateLongestRuns)
{
    const ULONG *Buffer = BitMapHeader->Buffer;
    ULONG Size = BitMapHeader->SizeOfBitMap;
    ULONG Position = 0, Start, Length, Found = 0, Low, High, Middle;

    if (SizeOfRunArray == 0)
        return 0;
    while (Position < Size) {
        Start = RtlpFindNext(Buffer, Position, Size, RTLP_CLEAR_BITS);
        if (Start == Size)
            break;
        Position = RtlpFindNext(Buffer, Start, Size, RTLP_SET_BITS);
        Length = Position - Start;

        if (!LocateLongestRuns) {
            RunArray[Found].StartingIndex = Start;
            RunArray[Found].NumberOfBits = Length;
            if (++Found == SizeOfRunArray)
                break;
            continue;
        }
        if (Found == SizeOfRunArray && Length <= RunArray[Found - 1].NumberOfBits)
            continue;
        /* First slot holding a strictly shorter run. */
        Low = 0;
        High = Found;
        while (Low < High) {
            Middle = Low + (High - Low) / 2;
            if (RunArray[Middle].NumberOfBits >= Length)
                Low = Middle + 1;
            else
                High = Middle;
        }
        if (Found < SizeOfRunArray)
            Found++;
        memmove(&RunArray[Low + 1], &RunArray[Low], (size_t)(Found - 1 - Low) * sizeof(*RunArray));
        RunArray[Low].StartingIndex = Start;
        RunArray[Low].NumberOfBits = Length;
    }
    return Found;
}

NTIO_EXPORT CCHAR NTAPI RtlFindLeastSignificantBit(ULONGLONG Set)
{
    return Set ? (CCHAR)__builtin_ctzll(Set) : (CCHAR)-1;
}

NTIO_EXPORT CCHAR NTAPI RtlFindMostSignificantBit(ULONGLONG Set)
{
    return Set ? (CCHAR)(63 - __builtin_clzll(Set)) : (CCHAR)-1;
}
