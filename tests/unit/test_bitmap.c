/*
 * tests/unit/test_bitmap.c - the Rtl bitmap routines (kernel/rtl/bitmap.c)
 * against a bit-at-a-time model written here from the documentation.
 *
 * Each bitmap lives in a malloc block of exactly (Size + 31) / 32 ULONGs,
 * so AddressSanitizer sees any read or write past the buffer; the unused
 * high bits of the last ULONG hold random garbage that no search may report
 * and no range operation may change.  Every mutating call is checked by
 * comparing the whole buffer with the model's copy.
 */
#include <signal.h>
#include <stdint.h>

#include "kmtest.h"

#define NOT_FOUND 0xFFFFFFFFU

static const ULONG Sizes[] = { 0, 1, 2, 7, 8, 31, 32, 33, 63, 64, 65, 100, 1000, 4097 };

/* ----------------------------------------------------------------- random */

static uint64_t RngState = 0x9E3779B97F4A7C15ULL;

static uint64_t Rand64(void)
{
    /* xorshift64*: reproducible, no libc state */
    RngState ^= RngState >> 12;
    RngState ^= RngState << 25;
    RngState ^= RngState >> 27;
    return RngState * 0x2545F4914F6CDD1DULL;
}

static ULONG RandBelow(ULONG Bound) /* 0 when Bound is 0 */
{
    return Bound ? (ULONG)(Rand64() % Bound) : 0;
}

/* ------------------------------------------------------------------ model */

static int Get(const ULONG *Buffer, ULONG i)
{
    return (int)((Buffer[i / 32] >> (i % 32)) & 1);
}

static void Put(ULONG *Buffer, ULONG i, int Value)
{
    if (Value)
        Buffer[i / 32] |= 1U << (i % 32);
    else
        Buffer[i / 32] &= ~(1U << (i % 32));
}

/* How many bits equal to Value start at i (stopping at Size). */
static ULONG RunAt(const ULONG *Buffer, ULONG Size, ULONG i, int Value)
{
    ULONG n = 0;
    while (i + n < Size && Get(Buffer, i + n) == Value)
        n++;
    return n;
}

/* The documented RtlFind{Clear,Set}Bits: hint first, then wrap once. */
static ULONG ModelFind(const ULONG *Buffer, ULONG Size, ULONG Count, ULONG Hint, int Value)
{
    ULONG p;
    if (Count > Size)
        return NOT_FOUND;
    if (Hint >= Size)
        Hint = 0;
    if (Count == 0)
        return Hint & ~7U;
    for (p = Hint; p + Count <= Size; p++)
        if (RunAt(Buffer, Size, p, Value) >= Count)
            return p;
    for (p = 0; p < Hint && p + Count <= Size; p++)
        if (RunAt(Buffer, Size, p, Value) >= Count)
            return p;
    return NOT_FOUND;
}

/* ---------------------------------------------------------------- fixture */

typedef struct {
    ULONG Size, Words;
    ULONG *Buffer;   /* what the routines see: exactly Words ULONGs */
    ULONG *Model;    /* the expected contents */
    RTL_BITMAP Header;
} BITMAP_CASE;

static void CaseOpen(BITMAP_CASE *C, ULONG Size)
{
    C->Size = Size;
    C->Words = (Size + 31) / 32;
    C->Buffer = C->Words ? malloc(C->Words * sizeof(ULONG)) : NULL;
    C->Model = malloc((C->Words + 1) * sizeof(ULONG));
    RtlInitializeBitMap(&C->Header, C->Buffer, Size);
}

static void CaseClose(BITMAP_CASE *C)
{
    free(C->Buffer);
    free(C->Model);
}

/*
 * Fill with a pattern.  Kind: 0 all clear, 1 all set, 2 random bits of a
 * random density, 3 runs of random lengths (long runs that cross words),
 * 4 isolated bits.  The tail bits past Size get garbage in every case.
 */
static void CaseFill(BITMAP_CASE *C, int Kind)
{
    ULONG i, Density = RandBelow(17); /* in 16ths */
    int Value = (int)(Rand64() & 1);
    ULONG Left = 0;

    for (i = 0; i < C->Words; i++)
        C->Buffer[i] = (ULONG)Rand64();
    for (i = 0; i < C->Size; i++) {
        int Bit;
        switch (Kind) {
        case 0: Bit = 0; break;
        case 1: Bit = 1; break;
        case 2: Bit = RandBelow(16) < Density; break;
        case 3:
            if (Left == 0) {
                Value = !Value;
                Left = 1 + RandBelow(RandBelow(4) == 0 ? 200 : 12);
            }
            Left--;
            Bit = Value;
            break;
        default: Bit = RandBelow(20) == 0; break;
        }
        Put(C->Buffer, i, Bit);
    }
    if (C->Words)
        memcpy(C->Model, C->Buffer, C->Words * sizeof(ULONG));
}

static int Reported;

/* Compare the buffer with the model, tail bits included. */
static void CheckBuffer(BITMAP_CASE *C, const char *What, ULONG A, ULONG B)
{
    int Same = C->Words == 0 || memcmp(C->Buffer, C->Model, C->Words * sizeof(ULONG)) == 0;
    CHECK(Same);
    if (!Same && ++Reported <= 10)
        fprintf(stderr, "  buffer differs after %s(%u, %u), size %u\n", What, A, B, C->Size);
}

#define EXPECT(Actual, Expected, ...)                                                    \
    do {                                                                                 \
        unsigned long long _x = (Actual), _y = (Expected);                               \
        ntio_test_checks++;                                                              \
        if (_x != _y) {                                                                  \
            ntio_test_failures++;                                                        \
            if (++Reported <= 30) {                                                      \
                fprintf(stderr, "%s:%d: %s = 0x%llx, expected 0x%llx: ", __FILE__,       \
                        __LINE__, #Actual, _x, _y);                                      \
                fprintf(stderr, __VA_ARGS__);                                            \
                fputc('\n', stderr);                                                     \
            }                                                                            \
        }                                                                                \
    } while (0)

/* Hints and counts worth trying for a bitmap of Size bits. */
static ULONG PickIndex(ULONG Size)
{
    switch (RandBelow(8)) {
    case 0: return 0;
    case 1: return Size ? Size - 1 : 0;
    case 2: return Size;
    case 3: return Size + 1 + RandBelow(40);
    case 4: return 0xFFFFFFFFU;
    case 5: return RandBelow(Size) & ~31U; /* word boundaries */
    default: return RandBelow(Size + 1);
    }
}

static ULONG PickCount(ULONG Size)
{
    switch (RandBelow(10)) {
    case 0: return 0;
    case 1: return 1;
    case 2: return Size;
    case 3: return Size + 1;
    case 4: return 0xFFFFFFFFU;
    case 5: return 1 + RandBelow(40);
    case 6: return 32 + RandBelow(70);
    default: return 1 + RandBelow(Size ? Size : 1);
    }
}

/* ------------------------------------------------------- model-based tests */

static void TestWholeBitmap(BITMAP_CASE *C)
{
    ULONG i, Set = 0;

    for (i = 0; i < C->Size; i++)
        Set += (ULONG)Get(C->Model, i);
    EXPECT(RtlNumberOfSetBits(&C->Header), Set, "size %u", C->Size);
    EXPECT(RtlNumberOfClearBits(&C->Header), C->Size - Set, "size %u", C->Size);
    CheckBuffer(C, "RtlNumberOfSetBits", 0, 0);

    for (i = 0; i < C->Size; i++) {
        if (C->Size > 200 && RandBelow(8) != 0)
            continue;
        EXPECT(RtlTestBit(&C->Header, i), (ULONG)Get(C->Model, i), "bit %u size %u", i, C->Size);
        EXPECT(RtlCheckBit(&C->Header, i), (ULONG)Get(C->Model, i), "bit %u size %u", i, C->Size);
    }
}

static void TestSearches(BITMAP_CASE *C)
{
    int Trial, Value;

    for (Trial = 0; Trial < 40; Trial++) {
        ULONG Count = PickCount(C->Size), Hint = PickIndex(C->Size);
        for (Value = 0; Value <= 1; Value++) {
            ULONG Expected = ModelFind(C->Model, C->Size, Count, Hint, Value);
            ULONG Got = Value ? RtlFindSetBits(&C->Header, Count, Hint)
                              : RtlFindClearBits(&C->Header, Count, Hint);
            EXPECT(Got, Expected, "RtlFind%sBits(%u, hint %u), size %u", Value ? "Set" : "Clear",
                   Count, Hint, C->Size);
            CheckBuffer(C, Value ? "RtlFindSetBits" : "RtlFindClearBits", Count, Hint);
        }
    }
}

/* The AndSet/AndClear forms, repeatedly, as a tag allocator would use them. */
static void TestAllocate(BITMAP_CASE *C)
{
    int Trial;

    for (Trial = 0; Trial < 40; Trial++) {
        ULONG Count = RandBelow(3) ? 1 + RandBelow(8) : PickCount(C->Size);
        ULONG Hint = PickIndex(C->Size), i;
        int Value = RandBelow(2);
        ULONG Expected = ModelFind(C->Model, C->Size, Count, Hint, Value);
        ULONG Got = Value ? RtlFindSetBitsAndClear(&C->Header, Count, Hint)
                          : RtlFindClearBitsAndSet(&C->Header, Count, Hint);
        EXPECT(Got, Expected, "RtlFind%s(%u, hint %u), size %u",
               Value ? "SetBitsAndClear" : "ClearBitsAndSet", Count, Hint, C->Size);
        if (Expected != NOT_FOUND)
            for (i = 0; i < Count; i++)
                Put(C->Model, Expected + i, !Value);
        CheckBuffer(C, Value ? "RtlFindSetBitsAndClear" : "RtlFindClearBitsAndSet", Count, Hint);
    }
}

static void TestRanges(BITMAP_CASE *C)
{
    int Trial;

    for (Trial = 0; Trial < 60; Trial++) {
        ULONG Start = RandBelow(C->Size + 1), i;
        ULONG Count = RandBelow(C->Size - Start + 1);
        int Value = RandBelow(2);

        if (RandBelow(4) == 0) /* a whole-word-aligned range, or up to the end */
            Start &= ~31U, Count = C->Size - Start;
        if (Value)
            RtlSetBits(&C->Header, Start, Count);
        else
            RtlClearBits(&C->Header, Start, Count);
        for (i = 0; i < Count; i++)
            Put(C->Model, Start + i, Value);
        CheckBuffer(C, Value ? "RtlSetBits" : "RtlClearBits", Start, Count);

        if (C->Size) {
            ULONG Bit = RandBelow(C->Size);
            Value = RandBelow(2);
            if (Value)
                RtlSetBit(&C->Header, Bit);
            else
                RtlClearBit(&C->Header, Bit);
            Put(C->Model, Bit, Value);
            CheckBuffer(C, Value ? "RtlSetBit" : "RtlClearBit", Bit, 0);
        }
    }

    for (Trial = 0; Trial < 60; Trial++) {
        ULONG Start = PickIndex(C->Size), Length = PickCount(C->Size);
        BOOLEAN Valid = Length != 0 && Start < C->Size && Length <= C->Size - Start;
        ULONG Clear = Valid && RunAt(C->Model, C->Size, Start, 0) >= Length;
        ULONG Set = Valid && RunAt(C->Model, C->Size, Start, 1) >= Length;

        if (RandBelow(2) && C->Size) { /* often a range that is all one value */
            Start = RandBelow(C->Size);
            Length = RunAt(C->Model, C->Size, Start, Get(C->Model, Start));
            Length = RandBelow(3) == 0 ? Length + 1 : 1 + RandBelow(Length);
            Valid = Length <= C->Size - Start;
            Clear = Valid && RunAt(C->Model, C->Size, Start, 0) >= Length;
            Set = Valid && RunAt(C->Model, C->Size, Start, 1) >= Length;
        }
        EXPECT(RtlAreBitsClear(&C->Header, Start, Length), Clear, "(%u, %u) size %u", Start,
               Length, C->Size);
        EXPECT(RtlAreBitsSet(&C->Header, Start, Length), Set, "(%u, %u) size %u", Start, Length,
               C->Size);
    }
    CheckBuffer(C, "RtlAreBits*", 0, 0);
}

static void TestRuns(BITMAP_CASE *C)
{
    ULONG From, Index, Length, i, Expected, ExpectedStart;
    ULONG Starts[5000], Lengths[5000], Runs = 0;
    RTL_BITMAP_RUN Array[64];

    /* all maximal clear runs, in order */
    for (i = 0; i < C->Size;) {
        if (Get(C->Model, i)) {
            i++;
            continue;
        }
        Starts[Runs] = i;
        Lengths[Runs] = RunAt(C->Model, C->Size, i, 0);
        i += Lengths[Runs++];
    }

    Length = RtlFindFirstRunClear(&C->Header, &Index);
    EXPECT(Length, Runs ? Lengths[0] : 0, "FirstRunClear size %u", C->Size);
    if (Runs)
        EXPECT(Index, Starts[0], "FirstRunClear size %u", C->Size);

    for (From = 0; From <= C->Size + 2; From++) {
        if (C->Size > 200 && From < C->Size && RandBelow(8) != 0)
            continue;
        /* forward: first clear bit at or after From, the run from there */
        ExpectedStart = From;
        while (ExpectedStart < C->Size && Get(C->Model, ExpectedStart))
            ExpectedStart++;
        Expected = RunAt(C->Model, C->Size, ExpectedStart, 0);
        Index = 0x12345678;
        Length = RtlFindNextForwardRunClear(&C->Header, From, &Index);
        EXPECT(Length, Expected, "NextForwardRunClear(%u) size %u", From, C->Size);
        EXPECT(Index, From >= C->Size ? From : ExpectedStart, "NextForwardRunClear(%u) size %u",
               From, C->Size);

        /* backward: last clear bit at or before From, the run ending there */
        {
            LONG Last = (LONG)(From < C->Size ? From : C->Size - 1), First;
            while (Last >= 0 && Get(C->Model, (ULONG)Last))
                Last--;
            First = Last;
            while (First > 0 && !Get(C->Model, (ULONG)First - 1))
                First--;
            Index = 0x12345678;
            Length = RtlFindLastBackwardRunClear(&C->Header, From, &Index);
            EXPECT(Length, Last < 0 ? 0 : (ULONG)(Last - First + 1),
                   "LastBackwardRunClear(%u) size %u", From, C->Size);
            EXPECT(Index, Last < 0 ? 0 : (ULONG)First, "LastBackwardRunClear(%u) size %u", From,
                   C->Size);
        }
    }
    Length = RtlFindLastBackwardRunClear(&C->Header, 0xFFFFFFFFU, &Index);
    EXPECT(Length, Runs ? Lengths[Runs - 1] : 0, "LastBackwardRunClear(~0) size %u", C->Size);
    if (Runs)
        EXPECT(Index, Starts[Runs - 1], "LastBackwardRunClear(~0) size %u", C->Size);

    /* longest: the first of the longest */
    Expected = 0;
    ExpectedStart = 0;
    for (i = 0; i < Runs; i++)
        if (Lengths[i] > Expected)
            Expected = Lengths[i], ExpectedStart = Starts[i];
    Index = 0x12345678;
    EXPECT(RtlFindLongestRunClear(&C->Header, &Index), Expected, "LongestRunClear size %u", C->Size);
    EXPECT(Index, ExpectedStart, "LongestRunClear size %u", C->Size);

    /* the first N runs; the N longest, longest first, earlier first on ties */
    {
        static const ULONG Wanted[] = { 0, 1, 2, 3, 5, 64 };
        ULONG w, k;
        for (w = 0; w < sizeof Wanted / sizeof Wanted[0]; w++) {
            ULONG N = Wanted[w], Got, Take = Runs < N ? Runs : N;
            BOOLEAN Taken[5000];

            memset(Array, 0xA5, sizeof Array);
            Got = RtlFindClearRuns(&C->Header, Array, N, FALSE);
            EXPECT(Got, Take, "ClearRuns(%u, FALSE) size %u", N, C->Size);
            for (k = 0; k < Take && k < Got; k++) {
                EXPECT(Array[k].StartingIndex, Starts[k], "ClearRuns(%u, FALSE)[%u]", N, k);
                EXPECT(Array[k].NumberOfBits, Lengths[k], "ClearRuns(%u, FALSE)[%u]", N, k);
            }
            if (N < 64)
                EXPECT(Array[N].StartingIndex, 0xA5A5A5A5U, "ClearRuns wrote past %u", N);

            memset(Array, 0xA5, sizeof Array);
            memset(Taken, 0, sizeof Taken);
            Got = RtlFindClearRuns(&C->Header, Array, N, TRUE);
            EXPECT(Got, Take, "ClearRuns(%u, TRUE) size %u", N, C->Size);
            for (k = 0; k < Take && k < Got; k++) {
                ULONG Best = Runs, r;
                for (r = 0; r < Runs; r++)
                    if (!Taken[r] && (Best == Runs || Lengths[r] > Lengths[Best]))
                        Best = r;
                Taken[Best] = TRUE;
                EXPECT(Array[k].StartingIndex, Starts[Best], "ClearRuns(%u, TRUE)[%u] size %u", N,
                       k, C->Size);
                EXPECT(Array[k].NumberOfBits, Lengths[Best], "ClearRuns(%u, TRUE)[%u] size %u",
                       N, k, C->Size);
            }
            if (N < 64)
                EXPECT(Array[N].StartingIndex, 0xA5A5A5A5U, "ClearRuns wrote past %u", N);
        }
    }
    CheckBuffer(C, "run searches", 0, 0);
}

static void TestAllBits(BITMAP_CASE *C)
{
    ULONG i;

    RtlSetAllBits(&C->Header);
    for (i = 0; i < C->Words; i++)
        C->Model[i] = 0xFFFFFFFFU; /* whole ULONGs, as Windows writes them */
    CheckBuffer(C, "RtlSetAllBits", 0, 0);
    EXPECT(RtlNumberOfSetBits(&C->Header), C->Size, "size %u", C->Size);
    EXPECT(RtlFindClearBits(&C->Header, 1, 0), NOT_FOUND, "size %u", C->Size);
    EXPECT(RtlFindFirstRunClear(&C->Header, &i), 0, "size %u", C->Size);
    EXPECT(i, C->Size, "FirstRunClear on a full bitmap stops at the end, size %u", C->Size);

    RtlClearAllBits(&C->Header);
    for (i = 0; i < C->Words; i++)
        C->Model[i] = 0;
    CheckBuffer(C, "RtlClearAllBits", 0, 0);
    EXPECT(RtlNumberOfClearBits(&C->Header), C->Size, "size %u", C->Size);
    EXPECT(RtlFindSetBits(&C->Header, 1, 0), NOT_FOUND, "size %u", C->Size);
    EXPECT(RtlFindLongestRunClear(&C->Header, &i), C->Size, "size %u", C->Size);
    EXPECT(i, 0, "size %u", C->Size);
    if (C->Size)
        EXPECT(RtlFindClearBits(&C->Header, C->Size, C->Size / 2), 0, "whole bitmap, size %u",
               C->Size);
}

static void TestModel(void)
{
    ULONG s;
    int Kind, Round;

    for (s = 0; s < sizeof Sizes / sizeof Sizes[0]; s++) {
        BITMAP_CASE C;
        CaseOpen(&C, Sizes[s]);
        for (Round = 0; Round < 3; Round++) {
            for (Kind = 0; Kind < 5; Kind++) {
                CaseFill(&C, Kind);
                TestWholeBitmap(&C);
                TestSearches(&C);
                TestRuns(&C);
                TestRanges(&C);
                TestWholeBitmap(&C);
                TestSearches(&C);
                TestRuns(&C);
                TestAllocate(&C);
                TestRuns(&C);
            }
        }
        CaseFill(&C, 2);
        TestAllBits(&C);
        CaseClose(&C);
    }
}

/* ------------------------------------------------------ documented corners */

static void TestCorners(void)
{
    ULONG Buffer[3], Index;
    RTL_BITMAP Bm;
    RTL_BITMAP_RUN Runs[4];

    /* RtlInitializeBitMap copies the two values and leaves the bits alone */
    memset(Buffer, 0xCC, sizeof Buffer);
    RtlInitializeBitMap(&Bm, Buffer, 70);
    CHECK(Bm.Buffer == Buffer);
    CHECK_EQ(Bm.SizeOfBitMap, 70);
    CHECK_EQ(Buffer[0], 0xCCCCCCCC);

    /* an empty bitmap: nothing is read, nothing found */
    RtlInitializeBitMap(&Bm, NULL, 0);
    CHECK_EQ(RtlFindClearBits(&Bm, 0, 0), 0);
    CHECK_EQ(RtlFindClearBits(&Bm, 0, 5), 0);
    CHECK_EQ(RtlFindClearBits(&Bm, 1, 0), NOT_FOUND);
    CHECK_EQ(RtlFindSetBitsAndClear(&Bm, 1, 0), NOT_FOUND);
    CHECK_EQ(RtlNumberOfSetBits(&Bm), 0);
    CHECK_EQ(RtlNumberOfClearBits(&Bm), 0);
    CHECK_EQ(RtlAreBitsClear(&Bm, 0, 0), FALSE);
    CHECK_EQ(RtlAreBitsClear(&Bm, 0, 1), FALSE);
    CHECK_EQ(RtlFindFirstRunClear(&Bm, &Index), 0);
    CHECK_EQ(RtlFindNextForwardRunClear(&Bm, 3, &Index), 0);
    CHECK_EQ(Index, 3);
    CHECK_EQ(RtlFindLastBackwardRunClear(&Bm, 3, &Index), 0);
    CHECK_EQ(RtlFindLongestRunClear(&Bm, &Index), 0);
    CHECK_EQ(RtlFindClearRuns(&Bm, Runs, 4, TRUE), 0);
    RtlClearAllBits(&Bm);
    RtlSetAllBits(&Bm);
    RtlSetBits(&Bm, 0, 0); /* a zero count is a no-op, even at the end */

    /* 70 bits: bits 0-3 clear, 4 set, 5-39 clear, 40-69 set; tail garbage clear */
    memset(Buffer, 0, sizeof Buffer);
    RtlInitializeBitMap(&Bm, Buffer, 70);
    RtlSetBits(&Bm, 4, 1);
    RtlSetBits(&Bm, 40, 30);
    CHECK_EQ(Buffer[0], 0x00000010);
    CHECK_EQ(Buffer[1], 0xFFFFFF00);
    CHECK_EQ(Buffer[2], 0x0000003F);

    /* NumberToFind 0: the hint rounded down to its byte (hint >= size is 0) */
    CHECK_EQ(RtlFindClearBits(&Bm, 0, 13), 8);
    CHECK_EQ(RtlFindClearBits(&Bm, 0, 69), 64);
    CHECK_EQ(RtlFindClearBits(&Bm, 0, 70), 0);
    CHECK_EQ(RtlFindSetBits(&Bm, 0, 7), 0);
    CHECK_EQ(RtlFindClearBitsAndSet(&Bm, 0, 23), 16);
    CHECK_EQ(Buffer[0], 0x00000010); /* and nothing set */
    /* more than the bitmap holds */
    CHECK_EQ(RtlFindClearBits(&Bm, 71, 0), NOT_FOUND);
    CHECK_EQ(RtlFindClearBits(&Bm, 0xFFFFFFFF, 0), NOT_FOUND);
    /* the hint is exact to the bit, and a run may start at it mid-run */
    CHECK_EQ(RtlFindClearBits(&Bm, 3, 1), 1);
    CHECK_EQ(RtlFindClearBits(&Bm, 5, 1), 5);
    CHECK_EQ(RtlFindClearBits(&Bm, 4, 37), 0); /* 37-39 too short: wraps to 0-3 */
    CHECK_EQ(RtlFindClearBits(&Bm, 5, 37), 5);
    CHECK_EQ(RtlFindClearBits(&Bm, 2, 38), 38);
    CHECK_EQ(RtlFindClearBits(&Bm, 35, 4), 5);
    CHECK_EQ(RtlFindClearBits(&Bm, 36, 0), NOT_FOUND);
    CHECK_EQ(RtlFindSetBits(&Bm, 30, 0), 40); /* ends exactly at the last bit */
    CHECK_EQ(RtlFindSetBits(&Bm, 1, 70), 4);  /* hint past the end is 0 */
    CHECK_EQ(RtlFindSetBits(&Bm, 31, 0), NOT_FOUND); /* the tail bits do not count */
    Buffer[2] = 0xFFFFFFFF;                          /* ... even when they are set */
    CHECK_EQ(RtlFindSetBits(&Bm, 31, 0), NOT_FOUND);
    CHECK_EQ(RtlNumberOfSetBits(&Bm), 31);
    CHECK_EQ(RtlAreBitsSet(&Bm, 40, 30), TRUE);
    CHECK_EQ(RtlAreBitsSet(&Bm, 40, 31), FALSE); /* leaves the bitmap */
    CHECK_EQ(RtlAreBitsClear(&Bm, 5, 0), FALSE); /* zero length */
    CHECK_EQ(RtlAreBitsClear(&Bm, 5, 0xFFFFFFFF), FALSE); /* wraps around */
    CHECK_EQ(RtlFindClearBitsAndSet(&Bm, 2, 60), 0);
    CHECK_EQ(Buffer[0], 0x00000013);
    CHECK_EQ(Buffer[2], 0xFFFFFFFF);
    Buffer[2] = 0x0000003F; /* clear bits past the end are not a run */
    CHECK_EQ(RtlFindClearBits(&Bm, 1, 40), 2);
    CHECK_EQ(RtlFindNextForwardRunClear(&Bm, 40, &Index), 0);
    CHECK_EQ(Index, 70);
    CHECK_EQ(RtlFindNextForwardRunClear(&Bm, 70, &Index), 0);
    CHECK_EQ(Index, 70);
    CHECK_EQ(RtlFindNextForwardRunClear(&Bm, 1000, &Index), 0);
    CHECK_EQ(Index, 1000);
    CHECK_EQ(RtlFindNextForwardRunClear(&Bm, 7, &Index), 33);
    CHECK_EQ(Index, 7);
    CHECK_EQ(RtlFindLastBackwardRunClear(&Bm, 20, &Index), 16); /* cut at FromIndex */
    CHECK_EQ(Index, 5);
    CHECK_EQ(RtlFindLastBackwardRunClear(&Bm, 69, &Index), 35);
    CHECK_EQ(Index, 5);
    CHECK_EQ(RtlFindLastBackwardRunClear(&Bm, 3, &Index), 2);
    CHECK_EQ(Index, 2);
    CHECK_EQ(RtlFindLastBackwardRunClear(&Bm, 2, &Index), 1);
    CHECK_EQ(Index, 2);
    CHECK_EQ(RtlFindLastBackwardRunClear(&Bm, 1, &Index), 0);
    CHECK_EQ(Index, 0);
    CHECK_EQ(RtlFindLongestRunClear(&Bm, &Index), 35);
    CHECK_EQ(Index, 5);
    CHECK_EQ(RtlFindClearRuns(&Bm, Runs, 4, FALSE), 2);
    CHECK_EQ(Runs[0].StartingIndex, 2);
    CHECK_EQ(Runs[0].NumberOfBits, 2);
    CHECK_EQ(Runs[1].StartingIndex, 5);
    CHECK_EQ(Runs[1].NumberOfBits, 35);
    CHECK_EQ(RtlFindClearRuns(&Bm, Runs, 1, FALSE), 1);
    CHECK_EQ(Runs[0].StartingIndex, 2);
    CHECK_EQ(RtlFindClearRuns(&Bm, Runs, 1, TRUE), 1);
    CHECK_EQ(Runs[0].StartingIndex, 5);
    CHECK_EQ(RtlFindClearRuns(&Bm, Runs, 4, TRUE), 2);
    CHECK_EQ(Runs[0].NumberOfBits, 35);
    CHECK_EQ(Runs[1].NumberOfBits, 2);
    CHECK_EQ(RtlFindClearRuns(&Bm, Runs, 0, TRUE), 0);

    /* SetAllBits/ClearAllBits write whole ULONGs, never the next one */
    Buffer[0] = Buffer[1] = Buffer[2] = 0x5A5A5A5A;
    RtlInitializeBitMap(&Bm, Buffer, 33);
    RtlSetAllBits(&Bm);
    CHECK_EQ(Buffer[0], 0xFFFFFFFF);
    CHECK_EQ(Buffer[1], 0xFFFFFFFF);
    CHECK_EQ(Buffer[2], 0x5A5A5A5A);
    RtlClearAllBits(&Bm);
    CHECK_EQ(Buffer[1], 0);
    CHECK_EQ(Buffer[2], 0x5A5A5A5A);

    /* RtlCheckBit gives 0 or 1, bit 31 included */
    Buffer[0] = 0x80000001;
    RtlInitializeBitMap(&Bm, Buffer, 32);
    CHECK_EQ(RtlCheckBit(&Bm, 31), 1);
    CHECK_EQ(RtlCheckBit(&Bm, 30), 0);
    CHECK_EQ(RtlTestBit(&Bm, 31), TRUE);
    CHECK_EQ(RtlTestBit(&Bm, 0), TRUE);
}

static void TestBitScans(void)
{
    int i, Trial;

    CHECK_EQ(RtlFindLeastSignificantBit(0), (CCHAR)-1);
    CHECK_EQ(RtlFindMostSignificantBit(0), (CCHAR)-1);
    CHECK_EQ(RtlNumberOfSetBitsUlongPtr(0), 0);
    CHECK_EQ(RtlNumberOfSetBitsUlongPtr(~(ULONG_PTR)0), 64);
    for (i = 0; i < 64; i++) {
        ULONGLONG Bit = 1ULL << i;
        CHECK_EQ(RtlFindLeastSignificantBit(Bit), i);
        CHECK_EQ(RtlFindMostSignificantBit(Bit), i);
        CHECK_EQ(RtlFindLeastSignificantBit(~0ULL << i), i);
        CHECK_EQ(RtlFindMostSignificantBit(Bit | (Bit - 1)), i);
    }
    for (Trial = 0; Trial < 2000; Trial++) {
        ULONGLONG v = Rand64() >> RandBelow(64);
        int Low = -1, High = -1, Count = 0;
        for (i = 0; i < 64; i++)
            if ((v >> i) & 1) {
                if (Low < 0)
                    Low = i;
                High = i;
                Count++;
            }
        EXPECT(RtlFindLeastSignificantBit(v), (ULONGLONG)(CCHAR)Low, "0x%llx", v);
        EXPECT(RtlFindMostSignificantBit(v), (ULONGLONG)(CCHAR)High, "0x%llx", v);
        EXPECT(RtlNumberOfSetBitsUlongPtr((ULONG_PTR)v), (ULONG)Count, "0x%llx", v);
    }
}

/* ------------------------------------------------ caller bugs: assertions */

static ULONG ChildBuffer[3];
static RTL_BITMAP ChildBitmap;

static void ChildInit(void)
{
    memset(ChildBuffer, 0, sizeof ChildBuffer);
    RtlInitializeBitMap(&ChildBitmap, ChildBuffer, 70);
}

static void ChildSetBitsPastEnd(void)
{
    ChildInit();
    RtlSetBits(&ChildBitmap, 60, 11);
}

static void ChildClearBitsPastEnd(void)
{
    ChildInit();
    RtlClearBits(&ChildBitmap, 71, 1);
}

static void ChildSetBitsWrapping(void)
{
    ChildInit();
    RtlSetBits(&ChildBitmap, 5, 0xFFFFFFFF); /* 5 + count wraps to 4 */
}

static void ChildSetBitPastEnd(void)
{
    ChildInit();
    RtlSetBit(&ChildBitmap, 70);
}

static void ChildClearBitPastEnd(void)
{
    ChildInit();
    RtlClearBit(&ChildBitmap, 0xFFFFFFFF);
}

static void ChildTestBitPastEnd(void)
{
    ChildInit();
    (void)RtlTestBit(&ChildBitmap, 70);
}

static void ChildValidEdges(void)
{
    ChildInit();
    RtlSetBits(&ChildBitmap, 0, 70);  /* exactly the bitmap */
    RtlClearBits(&ChildBitmap, 70, 0); /* empty, at the end */
    RtlClearBits(&ChildBitmap, 500, 0); /* empty: a no-op, as documented */
    RtlSetBit(&ChildBitmap, 69);
    RtlClearBit(&ChildBitmap, 69);
    (void)RtlTestBit(&ChildBitmap, 69);
}

static void ExpectAssertion(void (*Body)(void), const char *Routine)
{
    int Status = KmRunChild(Body);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "BUGCHECK 0x0000001E (KMODE_EXCEPTION_NOT_HANDLED)");
    CHECK_HAS(KmReport, "c0000420 0x"); /* STATUS_ASSERTION_FAILURE */
    CHECK_HAS(KmStderr, "Assertion failed");
    CHECK_HAS(KmStderr, Routine);
    CHECK_HAS(KmReport, Routine); /* the misused routine is on the reported stack */
}

static void TestCallerBugs(void)
{
    int Status;

    ExpectAssertion(ChildSetBitsPastEnd, "RtlSetBits");
    ExpectAssertion(ChildClearBitsPastEnd, "RtlClearBits");
    ExpectAssertion(ChildSetBitsWrapping, "RtlSetBits");
    ExpectAssertion(ChildSetBitPastEnd, "RtlSetBit");
    ExpectAssertion(ChildClearBitPastEnd, "RtlClearBit");
    ExpectAssertion(ChildTestBitPastEnd, "RtlTestBit");

    Status = KmRunChild(ChildValidEdges);
    CHECK(WIFEXITED(Status) && WEXITSTATUS(Status) == 0);
    CHECK_EQ(KmReport[0], 0);
}

int main(void)
{
    TestCorners();
    TestBitScans();
    TestModel();
    TestCallerBugs();
    return test_summary("test_bitmap");
}
