/*
 * kernel/rtl/format.c - the printf-family formatting engine with Microsoft
 * semantics (see include/ntio/format.h for the rules it implements).
 *
 * One engine serves every entry point.  It reads the format through
 * FmtAt() (narrow or WCHAR format) and writes through the RTLP_FMT_OUT
 * primitives, which know the four destinations (narrow buffer, WCHAR
 * buffer, narrow sink, WCHAR output handed to a narrow sink as UTF-8) and
 * convert text between UTF-8 and UTF-16 when a string's width differs from
 * the output's.  Only the digits of a single
 * finite double come from the C library (snprintf); parsing, argument
 * fetching, signs, prefixes, padding and the special values are done here.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <ntio/format.h>
#include <ntio/utf8.h>

/* ------------------------------------------------------------------------ */
/* Output                                                                   */
/* ------------------------------------------------------------------------ */

typedef enum _RTLP_FMT_DEST {
    FmtDestNarrowBuffer,
    FmtDestWideBuffer,
    FmtDestSink,
    FmtDestWideSink,            /* WCHAR output (counted in WCHARs), sunk as UTF-8 */
} RTLP_FMT_DEST;

#define FMT_STAGE_CHARS 256     /* sink output is handed over in pieces this big */
#define FMT_CHUNK 64            /* conversion scratch, in units */

typedef struct _RTLP_FMT_OUT {
    RTLP_FMT_DEST Dest;
    char *NarrowBuffer;         /* FmtDestNarrowBuffer */
    WCHAR *WideBuffer;          /* FmtDestWideBuffer */
    size_t Limit;               /* units that may be stored (room for the NUL excluded) */
    RTLP_FORMAT_SINK Sink;      /* the sinks (may be NULL: count only) */
    void *SinkContext;
    size_t Staged;              /* units in Stage / WideStage */
    size_t Count;               /* units the whole output needs so far */
    union {
        char Stage[FMT_STAGE_CHARS];            /* FmtDestSink */
        WCHAR WideStage[FMT_STAGE_CHARS];       /* FmtDestWideSink */
    };
} RTLP_FMT_OUT;

static BOOLEAN FmtWideOut(const RTLP_FMT_OUT *Out)
{
    return Out->Dest == FmtDestWideBuffer || Out->Dest == FmtDestWideSink;
}

static BOOLEAN FmtIsHighSurrogate(ULONG Unit)
{
    return Unit >= 0xD800 && Unit <= 0xDBFF;
}

/* Converts one code point to UTF-8; returns the bytes written (1..4). */
static size_t FmtUtf8Encode(ULONG Cp, char *Narrow)
{
    if (Cp < 0x80) {
        Narrow[0] = (char)Cp;
        return 1;
    }
    if (Cp < 0x800) {
        Narrow[0] = (char)(0xC0 | (Cp >> 6));
        Narrow[1] = (char)(0x80 | (Cp & 0x3F));
        return 2;
    }
    if (Cp < 0x10000) {
        Narrow[0] = (char)(0xE0 | (Cp >> 12));
        Narrow[1] = (char)(0x80 | ((Cp >> 6) & 0x3F));
        Narrow[2] = (char)(0x80 | (Cp & 0x3F));
        return 3;
    }
    Narrow[0] = (char)(0xF0 | (Cp >> 18));
    Narrow[1] = (char)(0x80 | ((Cp >> 12) & 0x3F));
    Narrow[2] = (char)(0x80 | ((Cp >> 6) & 0x3F));
    Narrow[3] = (char)(0x80 | (Cp & 0x3F));
    return 4;
}

/*
 * Decodes the UTF-16 unit at Chars[*Index] (and its low surrogate) into a
 * code point; a lone surrogate becomes U+FFFD.
 */
static ULONG FmtUtf16Decode(const WCHAR *Chars, size_t Count, size_t *Index)
{
    ULONG Cp = Chars[*Index];
    if (FmtIsHighSurrogate(Cp) && *Index + 1 < Count && Chars[*Index + 1] >= 0xDC00 &&
        Chars[*Index + 1] <= 0xDFFF) {
        Cp = 0x10000 + ((Cp - 0xD800) << 10) + (Chars[*Index + 1] - 0xDC00u);
        (*Index)++;
    } else if (Cp >= 0xD800 && Cp <= 0xDFFF) {
        Cp = 0xFFFD;
    }
    (*Index)++;
    return Cp;
}

/* Hands WCHAR text to the sink of a FmtDestWideSink as UTF-8. */
static void FmtSinkUtf16(RTLP_FMT_OUT *Out, const WCHAR *Chars, size_t Count)
{
    char Narrow[FMT_CHUNK + 4];
    size_t Used = 0;
    size_t i = 0;
    while (i < Count) {
        Used += FmtUtf8Encode(FmtUtf16Decode(Chars, Count, &i), Narrow + Used);
        if (Used >= FMT_CHUNK) {
            Out->Sink(Out->SinkContext, Narrow, Used);
            Used = 0;
        }
    }
    if (Used != 0) {
        Out->Sink(Out->SinkContext, Narrow, Used);
    }
}

/*
 * Hands the staged output to the sink.  A WCHAR stage keeps a trailing high
 * surrogate for the next flush (its low half may follow), unless Final.
 */
static void FmtFlush(RTLP_FMT_OUT *Out, BOOLEAN Final)
{
    if (Out->Staged == 0) {
        return;
    }
    if (Out->Dest == FmtDestSink) {
        if (Out->Sink != NULL) {
            Out->Sink(Out->SinkContext, Out->Stage, Out->Staged);
        }
        Out->Staged = 0;
    } else if (Out->Dest == FmtDestWideSink) {
        size_t Units = Out->Staged;
        WCHAR Carry = 0;
        if (!Final && FmtIsHighSurrogate(Out->WideStage[Units - 1])) {
            Carry = Out->WideStage[--Units];
        }
        if (Out->Sink != NULL) {
            FmtSinkUtf16(Out, Out->WideStage, Units);
        }
        Out->Staged = 0;
        if (Carry != 0) {
            Out->WideStage[Out->Staged++] = Carry;
        }
    }
}

/* Room left in a buffer destination, in units. */
static size_t FmtRoom(const RTLP_FMT_OUT *Out)
{
    return Out->Count < Out->Limit ? Out->Limit - Out->Count : 0;
}

/* Raw narrow units: only for the narrow destinations. */
static void FmtPutNarrowRaw(RTLP_FMT_OUT *Out, const char *Chars, size_t Count)
{
    if (Count == 0) {
        return;
    }
    if (Out->Dest == FmtDestSink) {
        size_t Done = 0;
        while (Done < Count) {
            size_t Piece = FMT_STAGE_CHARS - Out->Staged;
            if (Piece > Count - Done) {
                Piece = Count - Done;
            }
            memcpy(Out->Stage + Out->Staged, Chars + Done, Piece);
            Out->Staged += Piece;
            Done += Piece;
            if (Out->Staged == FMT_STAGE_CHARS) {
                FmtFlush(Out, FALSE);
            }
        }
    } else {
        size_t Room = FmtRoom(Out);
        if (Room != 0) {
            memcpy(Out->NarrowBuffer + Out->Count, Chars, Count < Room ? Count : Room);
        }
    }
    Out->Count += Count;
}

/* Raw WCHAR units: only for the WCHAR destinations. */
static void FmtPutWideRaw(RTLP_FMT_OUT *Out, const WCHAR *Chars, size_t Count)
{
    if (Count == 0) {
        return;
    }
    if (Out->Dest == FmtDestWideSink) {
        size_t Done = 0;
        while (Done < Count) {
            size_t Piece = FMT_STAGE_CHARS - Out->Staged;
            if (Piece > Count - Done) {
                Piece = Count - Done;
            }
            memcpy(Out->WideStage + Out->Staged, Chars + Done, Piece * sizeof(WCHAR));
            Out->Staged += Piece;
            Done += Piece;
            if (Out->Staged == FMT_STAGE_CHARS) {
                FmtFlush(Out, FALSE);
            }
        }
        Out->Count += Count;
        return;
    }
    size_t Room = FmtRoom(Out);
    if (Room != 0) {
        memcpy(Out->WideBuffer + Out->Count, Chars, (Count < Room ? Count : Room) * sizeof(WCHAR));
    }
    Out->Count += Count;
}

/* Count copies of an ASCII character (padding), in either destination. */
static void FmtPutRepeat(RTLP_FMT_OUT *Out, char Char, size_t Count)
{
    if (Count == 0) {
        return;
    }
    if (Out->Dest == FmtDestSink) {
        char Fill[FMT_CHUNK];
        memset(Fill, Char, sizeof(Fill));
        while (Count != 0) {
            size_t Piece = Count < sizeof(Fill) ? Count : sizeof(Fill);
            FmtPutNarrowRaw(Out, Fill, Piece);
            Count -= Piece;
        }
        return;
    }
    if (Out->Dest == FmtDestWideSink) {
        WCHAR Fill[FMT_CHUNK];
        for (size_t i = 0; i < FMT_CHUNK; i++) {
            Fill[i] = (WCHAR)(unsigned char)Char;
        }
        while (Count != 0) {
            size_t Piece = Count < FMT_CHUNK ? Count : FMT_CHUNK;
            FmtPutWideRaw(Out, Fill, Piece);
            Count -= Piece;
        }
        return;
    }
    /* Buffers: fill what fits, only count the rest (widths can be huge). */
    size_t Room = FmtRoom(Out);
    size_t Fits = Count < Room ? Count : Room;
    if (Fits == 0) {
        /* nothing stored */
    } else if (Out->Dest == FmtDestNarrowBuffer) {
        memset(Out->NarrowBuffer + Out->Count, Char, Fits);
    } else {
        for (size_t i = 0; i < Fits; i++) {
            Out->WideBuffer[Out->Count + i] = (WCHAR)(unsigned char)Char;
        }
    }
    Out->Count += Count;
}

/* ASCII text (digits, prefixes, "(null)", "inf"), in either destination. */
static void FmtPutAscii(RTLP_FMT_OUT *Out, const char *Chars, size_t Count)
{
    if (!FmtWideOut(Out)) {
        FmtPutNarrowRaw(Out, Chars, Count);
        return;
    }
    WCHAR Wide[FMT_CHUNK];
    while (Count != 0) {
        size_t Piece = Count < FMT_CHUNK ? Count : FMT_CHUNK;
        for (size_t i = 0; i < Piece; i++) {
            Wide[i] = (WCHAR)(unsigned char)Chars[i];
        }
        FmtPutWideRaw(Out, Wide, Piece);
        Chars += Piece;
        Count -= Piece;
    }
}

/*
 * Decodes one UTF-8 sequence of at most Avail (>= 1) bytes.  Returns the
 * bytes consumed; an ill-formed sequence yields U+FFFD and consumes its
 * maximal valid prefix (at least one byte), as Unicode recommends.  A NUL
 * byte is never consumed as part of a longer sequence, so a NUL-terminated
 * string is never read past its terminator.
 */
/* One character of UTF-8 text; a bad or cut-off sequence is U+FFFD and
 * consumes its bad part (or the rest of the text). */
static size_t FmtUtf8Decode(const unsigned char *Bytes, size_t Avail, ULONG *CodePoint)
{
    unsigned Cp;
    size_t Bad;
    int Length = RtlpUtf8DecodeOne(Bytes, Avail, &Cp, &Bad);
    if (Length > 0) {
        *CodePoint = Cp;
        return (size_t)Length;
    }
    *CodePoint = 0xFFFD;
    return Length == 0 ? Avail : Bad;
}

/* Narrow (UTF-8) text: copied to narrow output, converted to UTF-16 for WCHAR output. */
static void FmtPutUtf8Text(RTLP_FMT_OUT *Out, const char *Chars, size_t Count)
{
    if (!FmtWideOut(Out)) {
        FmtPutNarrowRaw(Out, Chars, Count);
        return;
    }
    const unsigned char *Bytes = (const unsigned char *)Chars;
    WCHAR Wide[FMT_CHUNK + 2];
    size_t Used = 0;
    size_t Pos = 0;
    while (Pos < Count) {
        ULONG Cp;
        Pos += FmtUtf8Decode(Bytes + Pos, Count - Pos, &Cp);
        if (Cp >= 0x10000) {
            Cp -= 0x10000;
            Wide[Used++] = (WCHAR)(0xD800 + (Cp >> 10));
            Wide[Used++] = (WCHAR)(0xDC00 + (Cp & 0x3FF));
        } else {
            Wide[Used++] = (WCHAR)Cp;
        }
        if (Used >= FMT_CHUNK) {
            FmtPutWideRaw(Out, Wide, Used);
            Used = 0;
        }
    }
    FmtPutWideRaw(Out, Wide, Used);
}

/* WCHAR (UTF-16) text: copied to WCHAR output, converted to UTF-8 for narrow output. */
static void FmtPutUtf16Text(RTLP_FMT_OUT *Out, const WCHAR *Chars, size_t Count)
{
    if (FmtWideOut(Out)) {
        FmtPutWideRaw(Out, Chars, Count);
        return;
    }
    char Narrow[FMT_CHUNK + 4];
    size_t Used = 0;
    size_t i = 0;
    while (i < Count) {
        Used += FmtUtf8Encode(FmtUtf16Decode(Chars, Count, &i), Narrow + Used);
        if (Used >= FMT_CHUNK) {
            FmtPutNarrowRaw(Out, Narrow, Used);
            Used = 0;
        }
    }
    FmtPutNarrowRaw(Out, Narrow, Used);
}

/* ------------------------------------------------------------------------ */
/* Conversion specifications                                                */
/* ------------------------------------------------------------------------ */

#define FMT_LEFT  0x01u         /* '-' */
#define FMT_PLUS  0x02u         /* '+' */
#define FMT_SPACE 0x04u         /* ' ' */
#define FMT_ALT   0x08u         /* '#' */
#define FMT_ZERO  0x10u         /* '0' */

typedef enum _RTLP_FMT_SIZE {
    FmtSizeNone,
    FmtSizeHH,
    FmtSizeH,
    FmtSizeL,                   /* 32-bit long (LLP64); wide for c s Z */
    FmtSizeLL,
    FmtSizeI,                   /* pointer size */
    FmtSizeI32,
    FmtSizeI64,
    FmtSizeJ,
    FmtSizeZ,
    FmtSizeT,
    FmtSizeBigL,                /* L: long double */
    FmtSizeW,                   /* w: wide for c s Z */
    FmtSizeBigT,                /* T: the formatter's natural width for c s Z */
} RTLP_FMT_SIZE;

typedef struct _RTLP_FMT_SPEC {
    unsigned Flags;
    size_t Width;
    int Precision;              /* -1: not given */
    RTLP_FMT_SIZE Size;
    unsigned Conversion;
} RTLP_FMT_SPEC;

/* The text a conversion hands to FmtPutField. */
typedef enum _RTLP_FMT_BODY {
    FmtBodyAscii,               /* ASCII digits etc. */
    FmtBodyNarrow,              /* UTF-8 / narrow string */
    FmtBodyWide,                /* UTF-16 string */
} RTLP_FMT_BODY;

/*
 * Writes one field: [spaces][Prefix][zeros][Zeros x '0'][body][spaces].
 * Length is what the body counts for the width (source characters).
 * ZeroFill is the '0'-precision fill of integers, ZerosAt the position in
 * an ASCII body where it goes (used by floats whose exact digits end
 * before the requested precision).
 */
static void FmtPutField(RTLP_FMT_OUT *Out, const RTLP_FMT_SPEC *Spec, const char *Prefix,
                        size_t PrefixLength, RTLP_FMT_BODY Kind, const void *Body,
                        size_t BodyUnits, size_t Length, size_t ZeroFill, size_t ZerosAt)
{
    size_t Total = PrefixLength + ZeroFill + Length;
    size_t Pad = Spec->Width > Total ? Spec->Width - Total : 0;

    if (!(Spec->Flags & FMT_LEFT) && !(Spec->Flags & FMT_ZERO)) {
        FmtPutRepeat(Out, ' ', Pad);
    }
    FmtPutAscii(Out, Prefix, PrefixLength);
    if (!(Spec->Flags & FMT_LEFT) && (Spec->Flags & FMT_ZERO)) {
        FmtPutRepeat(Out, '0', Pad);
    }
    switch (Kind) {
    case FmtBodyAscii:
        FmtPutAscii(Out, (const char *)Body, ZerosAt);
        FmtPutRepeat(Out, '0', ZeroFill);
        FmtPutAscii(Out, (const char *)Body + ZerosAt, BodyUnits - ZerosAt);
        break;
    case FmtBodyNarrow:
        FmtPutUtf8Text(Out, (const char *)Body, BodyUnits);
        break;
    case FmtBodyWide:
        FmtPutUtf16Text(Out, (const WCHAR *)Body, BodyUnits);
        break;
    }
    if (Spec->Flags & FMT_LEFT) {
        FmtPutRepeat(Out, ' ', Pad);
    }
}

/* ------------------------------------------------------------------------ */
/* Integers and pointers                                                    */
/* ------------------------------------------------------------------------ */

static BOOLEAN FmtIntegerSizeValid(RTLP_FMT_SIZE Size)
{
    return Size != FmtSizeBigL && Size != FmtSizeW && Size != FmtSizeBigT;
}

/* Fetches an integer argument of the size the prefix names, sign- or zero-extended. */
static ULONGLONG FmtFetchInteger(va_list *Args, RTLP_FMT_SIZE Size, BOOLEAN Signed)
{
    switch (Size) {
    case FmtSizeHH:
        return Signed ? (ULONGLONG)(LONGLONG)(signed char)va_arg(*Args, int)
                      : (ULONGLONG)(unsigned char)va_arg(*Args, int);
    case FmtSizeH:
        return Signed ? (ULONGLONG)(LONGLONG)(short)va_arg(*Args, int)
                      : (ULONGLONG)(unsigned short)va_arg(*Args, int);
    case FmtSizeLL:
    case FmtSizeI:
    case FmtSizeI64:
    case FmtSizeJ:
    case FmtSizeZ:
    case FmtSizeT:
        return (ULONGLONG)va_arg(*Args, long long);
    default:    /* none, l (LONG is 32-bit), I32 */
        return Signed ? (ULONGLONG)(LONGLONG)va_arg(*Args, int)
                      : (ULONGLONG)va_arg(*Args, unsigned int);
    }
}

static void FmtInteger(RTLP_FMT_OUT *Out, RTLP_FMT_SPEC *Spec, ULONGLONG Value, BOOLEAN Negative)
{
    static const char Lower[] = "0123456789abcdef";
    static const char Upper[] = "0123456789ABCDEF";
    const char *Digits = Lower;
    unsigned Base = 10;
    char Text[24];                      /* 64-bit octal needs 22 */
    size_t Start = sizeof(Text);
    char Prefix[2];
    size_t PrefixLength = 0;
    size_t Precision;

    switch (Spec->Conversion) {
    case 'o':
        Base = 8;
        break;
    case 'X':
    case 'p':
        Digits = Upper;
        Base = 16;
        break;
    case 'x':
        Base = 16;
        break;
    default:
        break;
    }

    /* A precision turns the '0' flag off (C and Microsoft alike). */
    if (Spec->Precision >= 0) {
        Precision = (size_t)Spec->Precision;
        Spec->Flags &= ~FMT_ZERO;
    } else {
        Precision = 1;
    }

    for (ULONGLONG Rest = Value; Rest != 0; Rest /= Base) {
        Text[--Start] = Digits[Rest % Base];
    }
    size_t DigitCount = sizeof(Text) - Start;
    size_t ZeroFill = Precision > DigitCount ? Precision - DigitCount : 0;

    if (Spec->Conversion == 'd' || Spec->Conversion == 'i') {
        if (Negative) {
            Prefix[PrefixLength++] = '-';
        } else if (Spec->Flags & FMT_PLUS) {
            Prefix[PrefixLength++] = '+';
        } else if (Spec->Flags & FMT_SPACE) {
            Prefix[PrefixLength++] = ' ';
        }
    } else if (Spec->Conversion == 'o') {
        /* '#': the first digit is a 0 (added only when there is none). */
        if ((Spec->Flags & FMT_ALT) && ZeroFill == 0 && (DigitCount == 0 || Text[Start] != '0')) {
            ZeroFill = 1;
        }
    } else if ((Spec->Conversion == 'x' || Spec->Conversion == 'X') && (Spec->Flags & FMT_ALT) &&
               Value != 0) {
        Prefix[PrefixLength++] = '0';
        Prefix[PrefixLength++] = (char)Spec->Conversion;
    }

    FmtPutField(Out, Spec, Prefix, PrefixLength, FmtBodyAscii, Text + Start, DigitCount,
                DigitCount, ZeroFill, 0);
}

/* ------------------------------------------------------------------------ */
/* Floating point                                                           */
/* ------------------------------------------------------------------------ */

/*
 * Precision beyond which a double has no more non-zero digits: %f of the
 * smallest denormal has 1074 decimals, a double has at most 767 significant
 * decimal digits, and 13 hex digits after the point.  Larger precisions are
 * produced by appending zeros, so the digit buffer stays bounded.
 */
#define FMT_MAX_F_PRECISION 1074
#define FMT_MAX_E_PRECISION 780
#define FMT_MAX_A_PRECISION 13
#define FMT_FLOAT_CHARS     (309 + 1 + FMT_MAX_F_PRECISION + 32)

/* Microsoft's names for the special values (UCRT since Visual Studio 2015). */
static const char *FmtSpecialName(ULONGLONG Bits, BOOLEAN Capitals)
{
    ULONGLONG Mantissa = Bits & 0x000FFFFFFFFFFFFFull;
    ULONGLONG QuietBit = 0x0008000000000000ull;

    if (Mantissa == 0) {
        return Capitals ? "INF" : "inf";
    }
    if ((Bits >> 63) != 0 && Mantissa == QuietBit) {
        return Capitals ? "NAN(IND)" : "nan(ind)";      /* the x64 "default NaN", e.g. 0.0/0.0 */
    }
    if (Mantissa & QuietBit) {
        return Capitals ? "NAN" : "nan";
    }
    return Capitals ? "NAN(SNAN)" : "nan(snan)";
}

static void FmtFloat(RTLP_FMT_OUT *Out, RTLP_FMT_SPEC *Spec, double Value)
{
    unsigned Conv = Spec->Conversion;
    BOOLEAN Capitals = (Conv == 'A' || Conv == 'E' || Conv == 'F' || Conv == 'G');
    BOOLEAN Hex = (Conv == 'a' || Conv == 'A');
    ULONGLONG Bits;
    char Prefix[3];
    size_t PrefixLength = 0;

    memcpy(&Bits, &Value, sizeof(Bits));
    if ((Bits >> 63) != 0) {
        Prefix[PrefixLength++] = '-';
    } else if (Spec->Flags & FMT_PLUS) {
        Prefix[PrefixLength++] = '+';
    } else if (Spec->Flags & FMT_SPACE) {
        Prefix[PrefixLength++] = ' ';
    }

    if (((Bits >> 52) & 0x7FF) == 0x7FF) {
        /* inf / nan: a string, padded with spaces, precision and '#' ignored. */
        const char *Name = FmtSpecialName(Bits, Capitals);
        size_t Length = strlen(Name);
        Spec->Flags &= ~FMT_ZERO;
        FmtPutField(Out, Spec, Prefix, PrefixLength, FmtBodyAscii, Name, Length, Length, 0, 0);
        return;
    }

    int Precision = Spec->Precision;
    if (Precision < 0) {
        Precision = Hex ? 13 : 6;       /* %a: exact for a double, as the UCRT does */
    } else if (Precision == 0 && (Conv == 'g' || Conv == 'G')) {
        Precision = 1;
    }
    int Cap;
    switch (Conv) {
    case 'f':
    case 'F':
        Cap = FMT_MAX_F_PRECISION;
        break;
    case 'a':
    case 'A':
        Cap = FMT_MAX_A_PRECISION;
        break;
    default:
        Cap = FMT_MAX_E_PRECISION;
        break;
    }
    size_t ExtraZeros = 0;
    if (Precision > Cap) {
        /* %g drops trailing zeros unless '#' keeps them. */
        if ((Conv != 'g' && Conv != 'G') || (Spec->Flags & FMT_ALT)) {
            ExtraZeros = (size_t)(Precision - Cap);
        }
        Precision = Cap;
    }

    /* The digits of |Value|, from the C library; the sign is ours. */
    char Spelling[6];
    size_t s = 0;
    Spelling[s++] = '%';
    if (Spec->Flags & FMT_ALT) {
        Spelling[s++] = '#';
    }
    Spelling[s++] = '.';
    Spelling[s++] = '*';
    Spelling[s++] = (char)Conv;
    Spelling[s] = '\0';

    ULONGLONG MagnitudeBits = Bits & ~(1ull << 63);
    double Magnitude;
    memcpy(&Magnitude, &MagnitudeBits, sizeof(Magnitude));

    char Digits[FMT_FLOAT_CHARS];
    int Produced = snprintf(Digits, sizeof(Digits), Spelling, Precision, Magnitude);
    if (Produced < 0) {
        Produced = 0;
    }
    size_t Length = (size_t)Produced < sizeof(Digits) ? (size_t)Produced : sizeof(Digits) - 1;

    /* Whatever the locale's radix character is, the point is '.'. */
    size_t Kept = 0;
    for (size_t i = 0; i < Length; i++) {
        char c = Digits[i];
        BOOLEAN Plain = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
                        c == 'x' || c == 'X' || c == 'p' || c == 'P' || c == '+' || c == '-';
        if (Plain) {
            Digits[Kept++] = c;
        } else if (Kept == 0 || Digits[Kept - 1] != '.') {
            Digits[Kept++] = '.';
        }
    }
    Length = Kept;

    const char *Body = Digits;
    if (Hex && Length >= 2 && Digits[0] == '0' && (Digits[1] == 'x' || Digits[1] == 'X')) {
        /* "0x" belongs to the prefix: zero padding goes after it. */
        Prefix[PrefixLength++] = '0';
        Prefix[PrefixLength++] = Capitals ? 'X' : 'x';
        Body += 2;
        Length -= 2;
    }

    size_t ZerosAt = Length;
    if (ExtraZeros != 0 && Conv != 'f' && Conv != 'F') {
        char Marker = Hex ? 'p' : 'e';
        for (size_t i = 0; i < Length; i++) {
            if (Body[i] == Marker || Body[i] == Marker - ('a' - 'A')) {
                ZerosAt = i;
                break;
            }
        }
    }

    FmtPutField(Out, Spec, Prefix, PrefixLength, FmtBodyAscii, Body, Length, Length, ExtraZeros,
                ZerosAt);
}

/* ------------------------------------------------------------------------ */
/* Characters and strings                                                   */
/* ------------------------------------------------------------------------ */

/* Microsoft's rule: is this c/C/s/S/Z conversion a WCHAR one? */
static BOOLEAN FmtIsWideText(const RTLP_FMT_SPEC *Spec, BOOLEAN WideFormatter)
{
    switch (Spec->Size) {
    case FmtSizeL:
    case FmtSizeW:
        return TRUE;
    case FmtSizeH:
        return FALSE;
    case FmtSizeBigT:
        return WideFormatter;
    default:
        break;
    }
    switch (Spec->Conversion) {
    case 'c':
    case 's':
        return WideFormatter;
    case 'C':
    case 'S':
        return !WideFormatter;
    default:    /* 'Z': ANSI_STRING unless w/l says UNICODE_STRING, in either formatter */
        return FALSE;
    }
}

static size_t FmtWideLength(const WCHAR *Text, size_t Max)
{
    size_t Length = 0;
    while (Length < Max && Text[Length] != 0) {
        Length++;
    }
    return Length;
}

/* A narrow string of at most Bytes bytes (stopping at a NUL), precision counts characters. */
static void FmtNarrowString(RTLP_FMT_OUT *Out, const RTLP_FMT_SPEC *Spec, const char *Text,
                            size_t Bytes)
{
    size_t Max = Spec->Precision >= 0 ? (size_t)Spec->Precision : SIZE_MAX;
    size_t Units = 0;
    size_t Characters = 0;

    if (!FmtWideOut(Out)) {
        /* Narrow to narrow: characters are bytes (Microsoft and C). */
        size_t Limit = Bytes < Max ? Bytes : Max;
        while (Units < Limit && Text[Units] != 0) {
            Units++;
        }
        Characters = Units;
    } else {
        /* Narrow to WCHAR: a character is one UTF-8 sequence. */
        while (Characters < Max && Units < Bytes && Text[Units] != 0) {
            ULONG Cp;
            Units += FmtUtf8Decode((const unsigned char *)Text + Units, Bytes - Units, &Cp);
            Characters++;
        }
    }
    FmtPutField(Out, Spec, NULL, 0, FmtBodyNarrow, Text, Units, Characters, 0, 0);
}

/* A WCHAR string of at most Units WCHARs (stopping at a NUL); precision counts WCHARs. */
static void FmtWideString(RTLP_FMT_OUT *Out, const RTLP_FMT_SPEC *Spec, const WCHAR *Text,
                          size_t Units)
{
    size_t Max = Spec->Precision >= 0 ? (size_t)Spec->Precision : SIZE_MAX;
    size_t Length = FmtWideLength(Text, Units < Max ? Units : Max);
    FmtPutField(Out, Spec, NULL, 0, FmtBodyWide, Text, Length, Length, 0, 0);
}

/* A counted string (%Z): Length bytes, embedded NULs included. */
static void FmtCountedString(RTLP_FMT_OUT *Out, const RTLP_FMT_SPEC *Spec, const void *Text,
                             size_t Units, BOOLEAN Wide)
{
    size_t Max = Spec->Precision >= 0 ? (size_t)Spec->Precision : SIZE_MAX;
    size_t Characters = 0;
    size_t Used = 0;

    if (Wide || !FmtWideOut(Out)) {
        Used = Characters = Units < Max ? Units : Max;
    } else {
        const unsigned char *Bytes = (const unsigned char *)Text;
        while (Characters < Max && Used < Units) {
            ULONG Cp;
            Used += FmtUtf8Decode(Bytes + Used, Units - Used, &Cp);
            Characters++;
        }
    }
    FmtPutField(Out, Spec, NULL, 0, Wide ? FmtBodyWide : FmtBodyNarrow, Text, Used, Characters, 0,
                0);
}

static const char FmtNullText[] = "(null)";

/* ------------------------------------------------------------------------ */
/* The engine                                                               */
/* ------------------------------------------------------------------------ */

typedef struct _RTLP_FMT_INPUT {
    const void *Format;
    BOOLEAN Wide;               /* WCHAR format, WCHAR output */
} RTLP_FMT_INPUT;

static unsigned FmtAt(const RTLP_FMT_INPUT *In, size_t Index)
{
    return In->Wide ? (unsigned)((const WCHAR *)In->Format)[Index]
                    : (unsigned)((const unsigned char *)In->Format)[Index];
}

static void FmtPutLiteral(RTLP_FMT_OUT *Out, const RTLP_FMT_INPUT *In, size_t Start, size_t Count)
{
    if (Count == 0) {
        return;
    }
    if (In->Wide) {
        FmtPutWideRaw(Out, (const WCHAR *)In->Format + Start, Count);
    } else {
        FmtPutNarrowRaw(Out, (const char *)In->Format + Start, Count);
    }
}

/* A decimal number in the format; FALSE when it does not fit an int. */
static BOOLEAN FmtParseNumber(const RTLP_FMT_INPUT *In, size_t *Index, int *Number)
{
    long long Value = 0;
    unsigned c;
    while ((c = FmtAt(In, *Index)) >= '0' && c <= '9') {
        Value = Value * 10 + (c - '0');
        if (Value > INT_MAX) {
            return FALSE;
        }
        (*Index)++;
    }
    *Number = (int)Value;
    return TRUE;
}

/*
 * Parses the conversion specification after a '%' at *Index (flags, width,
 * precision, size) and leaves the conversion character in Spec.  Reads the
 * '*' arguments.  FALSE for a malformed specification.
 */
static BOOLEAN FmtParseSpec(const RTLP_FMT_INPUT *In, size_t *Index, va_list *Args,
                            RTLP_FMT_SPEC *Spec)
{
    size_t i = *Index;
    unsigned c;

    Spec->Flags = 0;
    Spec->Width = 0;
    Spec->Precision = -1;
    Spec->Size = FmtSizeNone;

    for (;; i++) {
        c = FmtAt(In, i);
        if (c == '-') {
            Spec->Flags |= FMT_LEFT;
        } else if (c == '+') {
            Spec->Flags |= FMT_PLUS;
        } else if (c == ' ') {
            Spec->Flags |= FMT_SPACE;
        } else if (c == '#') {
            Spec->Flags |= FMT_ALT;
        } else if (c == '0') {
            Spec->Flags |= FMT_ZERO;
        } else {
            break;
        }
    }

    if (c == '*') {
        int Width = va_arg(*Args, int);
        if (Width < 0) {
            Spec->Flags |= FMT_LEFT;
            Spec->Width = (size_t)(-(long long)Width);
        } else {
            Spec->Width = (size_t)Width;
        }
        i++;
    } else {
        int Width;
        if (!FmtParseNumber(In, &i, &Width)) {
            return FALSE;
        }
        Spec->Width = (size_t)Width;
    }

    if (FmtAt(In, i) == '.') {
        i++;
        if (FmtAt(In, i) == '*') {
            int Precision = va_arg(*Args, int);
            Spec->Precision = Precision < 0 ? -1 : Precision;   /* negative: as if omitted */
            i++;
        } else if (!FmtParseNumber(In, &i, &Spec->Precision)) {
            return FALSE;
        }
    }

    c = FmtAt(In, i);
    switch (c) {
    case 'h':
        if (FmtAt(In, i + 1) == 'h') {
            Spec->Size = FmtSizeHH;
            i++;
        } else {
            Spec->Size = FmtSizeH;
        }
        i++;
        break;
    case 'l':
        if (FmtAt(In, i + 1) == 'l') {
            Spec->Size = FmtSizeLL;
            i++;
        } else {
            Spec->Size = FmtSizeL;
        }
        i++;
        break;
    case 'I':
        if (FmtAt(In, i + 1) == '3' && FmtAt(In, i + 2) == '2') {
            Spec->Size = FmtSizeI32;
            i += 2;
        } else if (FmtAt(In, i + 1) == '6' && FmtAt(In, i + 2) == '4') {
            Spec->Size = FmtSizeI64;
            i += 2;
        } else {
            Spec->Size = FmtSizeI;
        }
        i++;
        break;
    case 'j':
        Spec->Size = FmtSizeJ;
        i++;
        break;
    case 'z':
        Spec->Size = FmtSizeZ;
        i++;
        break;
    case 't':
        Spec->Size = FmtSizeT;
        i++;
        break;
    case 'L':
        Spec->Size = FmtSizeBigL;
        i++;
        break;
    case 'w':
        Spec->Size = FmtSizeW;
        i++;
        break;
    case 'T':
        Spec->Size = FmtSizeBigT;
        i++;
        break;
    default:
        break;
    }

    Spec->Conversion = FmtAt(In, i);
    *Index = i;
    return TRUE;
}

/* Formats one conversion whose specification is parsed; FALSE if it is invalid. */
static BOOLEAN FmtConvert(RTLP_FMT_OUT *Out, const RTLP_FMT_INPUT *In, RTLP_FMT_SPEC *Spec,
                          va_list *Args)
{
    switch (Spec->Conversion) {
    case 'd':
    case 'i': {
        if (!FmtIntegerSizeValid(Spec->Size)) {
            return FALSE;
        }
        LONGLONG Value = (LONGLONG)FmtFetchInteger(Args, Spec->Size, TRUE);
        ULONGLONG Magnitude = Value < 0 ? 0 - (ULONGLONG)Value : (ULONGLONG)Value;
        FmtInteger(Out, Spec, Magnitude, Value < 0);
        return TRUE;
    }

    case 'u':
    case 'o':
    case 'x':
    case 'X':
        if (!FmtIntegerSizeValid(Spec->Size)) {
            return FALSE;
        }
        FmtInteger(Out, Spec, FmtFetchInteger(Args, Spec->Size, FALSE), FALSE);
        return TRUE;

    case 'p':
        /* Always every digit of a 64-bit pointer, upper case, no "0x", '#' ignored. */
        Spec->Precision = 2 * (int)sizeof(void *);
        Spec->Flags &= ~FMT_ALT;
        FmtInteger(Out, Spec, (ULONGLONG)(ULONG_PTR)va_arg(*Args, void *), FALSE);
        return TRUE;

    case 'n':
        /* Disabled by default on Windows (_set_printf_count_output). */
        return FALSE;

    case 'a':
    case 'A':
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
        /* MSVC's long double is a double; gcc passes an 80-bit one for L. */
        double Value = Spec->Size == FmtSizeBigL ? (double)va_arg(*Args, long double)
                                                 : va_arg(*Args, double);
        FmtFloat(Out, Spec, Value);
        return TRUE;
    }

    case 'c':
    case 'C': {
        int Value = va_arg(*Args, int);
        if (FmtIsWideText(Spec, In->Wide)) {
            WCHAR Char = (WCHAR)Value;
            FmtPutField(Out, Spec, NULL, 0, FmtBodyWide, &Char, 1, 1, 0, 0);
        } else {
            char Char = (char)Value;
            FmtPutField(Out, Spec, NULL, 0, FmtBodyNarrow, &Char, 1, 1, 0, 0);
        }
        return TRUE;
    }

    case 's':
    case 'S': {
        const void *Text = va_arg(*Args, const void *);
        if (Text == NULL) {
            FmtNarrowString(Out, Spec, FmtNullText, sizeof(FmtNullText) - 1);
        } else if (FmtIsWideText(Spec, In->Wide)) {
            FmtWideString(Out, Spec, (const WCHAR *)Text, SIZE_MAX);
        } else {
            FmtNarrowString(Out, Spec, (const char *)Text, SIZE_MAX);
        }
        return TRUE;
    }

    case 'Z': {
        const void *Counted = va_arg(*Args, const void *);
        BOOLEAN Wide = FmtIsWideText(Spec, In->Wide);
        if (Wide) {
            const UNICODE_STRING *String = (const UNICODE_STRING *)Counted;
            if (String != NULL && String->Buffer != NULL) {
                FmtCountedString(Out, Spec, String->Buffer, String->Length / sizeof(WCHAR), TRUE);
                return TRUE;
            }
        } else {
            const ANSI_STRING *String = (const ANSI_STRING *)Counted;
            if (String != NULL && String->Buffer != NULL) {
                FmtCountedString(Out, Spec, String->Buffer, String->Length, FALSE);
                return TRUE;
            }
        }
        FmtNarrowString(Out, Spec, FmtNullText, sizeof(FmtNullText) - 1);
        return TRUE;
    }

    case '%':
        /* "%%"; flags or a width before it are ignored, as the UCRT does. */
        FmtPutAscii(Out, "%", 1);
        return TRUE;

    default:
        /* Unknown conversion, or the format ended inside the specification. */
        return FALSE;
    }
}

/* The engine: formats In with Args into Out. Returns the unit count or -1. */
static int FmtRun(RTLP_FMT_OUT *Out, const RTLP_FMT_INPUT *In, va_list Args)
{
    va_list Ap;
    size_t Index = 0;
    size_t Run = 0;
    BOOLEAN Ok = TRUE;

    va_copy(Ap, Args);
    for (;;) {
        unsigned c = FmtAt(In, Index);
        if (c == 0) {
            break;
        }
        if (c != '%') {
            Index++;
            continue;
        }
        FmtPutLiteral(Out, In, Run, Index - Run);
        Index++;

        RTLP_FMT_SPEC Spec;
        if (!FmtParseSpec(In, &Index, &Ap, &Spec) || !FmtConvert(Out, In, &Spec, &Ap)) {
            Ok = FALSE;
            break;
        }
        Index++;
        Run = Index;
    }
    if (Ok) {
        FmtPutLiteral(Out, In, Run, Index - Run);
    }
    va_end(Ap);
    FmtFlush(Out, TRUE);

    if (!Ok || Out->Count > (size_t)INT_MAX) {
        return -1;
    }
    return (int)Out->Count;
}

/* ------------------------------------------------------------------------ */
/* Entry points                                                             */
/* ------------------------------------------------------------------------ */

static void FmtInit(RTLP_FMT_OUT *Out, RTLP_FMT_DEST Dest)
{
    memset(Out, 0, offsetof(RTLP_FMT_OUT, Stage));
    Out->Dest = Dest;
}

/* Formats into a narrow buffer of Size units; Terminate: keep one for the NUL. */
static int FmtNarrowBuffer(char *Buffer, size_t Size, BOOLEAN Terminate, const char *Format,
                           va_list Args)
{
    RTLP_FMT_OUT Out;
    RTLP_FMT_INPUT In;

    if (Format == NULL || (Buffer == NULL && Size != 0)) {
        return -1;
    }
    FmtInit(&Out, FmtDestNarrowBuffer);
    Out.NarrowBuffer = Buffer;
    Out.Limit = Terminate && Size != 0 ? Size - 1 : Size;
    In.Format = Format;
    In.Wide = FALSE;

    int Result = FmtRun(&Out, &In, Args);
    if (Terminate && Size != 0) {
        Buffer[Out.Count < Out.Limit ? Out.Count : Out.Limit] = '\0';
    }
    return Result;
}

static int FmtWideBuffer(WCHAR *Buffer, size_t Count, BOOLEAN Terminate, const WCHAR *Format,
                         va_list Args)
{
    RTLP_FMT_OUT Out;
    RTLP_FMT_INPUT In;

    if (Format == NULL || (Buffer == NULL && Count != 0)) {
        return -1;
    }
    FmtInit(&Out, FmtDestWideBuffer);
    Out.WideBuffer = Buffer;
    Out.Limit = Terminate && Count != 0 ? Count - 1 : Count;
    In.Format = Format;
    In.Wide = TRUE;

    int Result = FmtRun(&Out, &In, Args);
    if (Terminate && Count != 0) {
        Buffer[Out.Count < Out.Limit ? Out.Count : Out.Limit] = 0;
    }
    return Result;
}

NTIO_EXPORT int RtlpFormatV(char *Buffer, size_t Size, const char *Format, va_list Args)
{
    return FmtNarrowBuffer(Buffer, Size, TRUE, Format, Args);
}

NTIO_EXPORT int RtlpFormatWV(WCHAR *Buffer, size_t Count, const WCHAR *Format, va_list Args)
{
    return FmtWideBuffer(Buffer, Count, TRUE, Format, Args);
}

NTIO_EXPORT int RtlpFormatUnterminatedV(char *Buffer, size_t Count, const char *Format,
                                        va_list Args)
{
    return FmtNarrowBuffer(Buffer, Count, FALSE, Format, Args);
}

NTIO_EXPORT int RtlpFormatUnterminatedWV(WCHAR *Buffer, size_t Count, const WCHAR *Format,
                                         va_list Args)
{
    return FmtWideBuffer(Buffer, Count, FALSE, Format, Args);
}

NTIO_EXPORT int RtlpFormatToSinkV(RTLP_FORMAT_SINK Sink, void *Context, const char *Format,
                                  va_list Args)
{
    RTLP_FMT_OUT Out;
    RTLP_FMT_INPUT In;

    if (Format == NULL) {
        return -1;
    }
    FmtInit(&Out, FmtDestSink);
    Out.Sink = Sink;
    Out.SinkContext = Context;
    In.Format = Format;
    In.Wide = FALSE;

    return FmtRun(&Out, &In, Args);
}

NTIO_EXPORT int RtlpFormatWToSinkV(RTLP_FORMAT_SINK Sink, void *Context, const WCHAR *Format,
                                   va_list Args)
{
    RTLP_FMT_OUT Out;
    RTLP_FMT_INPUT In;

    if (Format == NULL) {
        return -1;
    }
    FmtInit(&Out, FmtDestWideSink);
    Out.Sink = Sink;
    Out.SinkContext = Context;
    In.Format = Format;
    In.Wide = TRUE;

    return FmtRun(&Out, &In, Args);
}
