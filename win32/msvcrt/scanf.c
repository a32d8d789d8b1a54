/*
 * msvcrt/scanf.c - the scanf families (narrow and wide, plain and _s) with
 * Microsoft's sizes, on glibc FILE streams and on strings.
 *
 * Sizes: hh (char), h (short), none (int), l (a 32-bit LONG), ll I64 L q j
 * z t I (64 bits); I32 (32 bits).  For floats none is float, l double, L
 * long double.  %c %s %[ store narrow text in narrow scanf and wide text in
 * wide scanf; l or w makes them wide, h narrow, %C %S are the other width
 * (Microsoft's rules); text crossing widths is converted between UTF-8 and
 * UTF-16.  %n stores the characters read so far, %p reads a pointer in hex.
 * The _s forms take a buffer size (unsigned, in characters) after each
 * %c %s %[ pointer; a token that does not fit sets the buffer to "" and
 * ends the scan.  The result is the number of fields assigned, or EOF when
 * the input ended before the first conversion.
 */
#include "crt.h"

#include <ctype.h>

/* ---- input ----------------------------------------------------------------- */

typedef struct _CRT_SCAN_INPUT {
    int Wide;                   /* the input's units are wchar_t */
    const char *Narrow;         /* string input */
    const wchar_t *WideText;
    size_t Limit;               /* units of the string that may be read */
    FILE *Stream;               /* stream input */
    size_t Position;            /* units consumed (for %n and the string index) */
} CRT_SCAN_INPUT;

#define CRT_SCAN_END (-1)

static int ScanGet(CRT_SCAN_INPUT *In)
{
    int c;
    if (In->Stream != NULL) {
        if (In->Wide) {
            wint_t w = fgetwc(In->Stream);
            c = w == WEOF ? CRT_SCAN_END : (int)w;
        } else {
            c = getc_unlocked(In->Stream);
            c = c == EOF ? CRT_SCAN_END : c;
        }
    } else if (In->Position >= In->Limit) {
        c = CRT_SCAN_END;
    } else if (In->Wide) {
        c = In->WideText[In->Position];
        c = c == 0 ? CRT_SCAN_END : c;
    } else {
        c = (unsigned char)In->Narrow[In->Position];
        c = c == 0 ? CRT_SCAN_END : c;
    }
    if (c != CRT_SCAN_END) {
        In->Position++;
    }
    return c;
}

static void ScanUnget(CRT_SCAN_INPUT *In, int c)
{
    if (c == CRT_SCAN_END) {
        return;
    }
    In->Position--;
    if (In->Stream != NULL) {
        if (In->Wide) {
            ungetwc((wint_t)c, In->Stream);
        } else {
            ungetc(c, In->Stream);
        }
    }
}

static int ScanIsSpace(const CRT_SCAN_INPUT *In, int c)
{
    if (c == CRT_SCAN_END) {
        return 0;
    }
    return In->Wide ? iswspace((wint_t)c) : (c < 0x80 && isspace(c));
}

/* Skips white space; returns the next unit (not consumed) or CRT_SCAN_END. */
static int ScanSkipSpace(CRT_SCAN_INPUT *In)
{
    int c;
    do {
        c = ScanGet(In);
    } while (ScanIsSpace(In, c));
    ScanUnget(In, c);
    return c;
}

/* ---- the format ---------------------------------------------------------------- */

typedef struct _CRT_SCAN_FORMAT {
    const void *Text;
    int Wide;
} CRT_SCAN_FORMAT;

static unsigned ScanAt(const CRT_SCAN_FORMAT *Format, size_t Index)
{
    return Format->Wide ? (unsigned)((const wchar_t *)Format->Text)[Index]
                        : (unsigned)((const unsigned char *)Format->Text)[Index];
}

static int ScanFormatSpace(const CRT_SCAN_FORMAT *Format, unsigned c)
{
    return Format->Wide ? iswspace(c) != 0 : (c < 0x80 && isspace((int)c));
}

enum {
    ScanSizeNone,
    ScanSizeHH,
    ScanSizeH,
    ScanSizeL,          /* l: LONG (32-bit) for integers, double, wide text */
    ScanSize64,         /* ll I64 L q j z t I */
    ScanSize32,         /* I32 */
    ScanSizeBigL,       /* L for floats */
    ScanSizeW,          /* w: wide text */
};

/* ---- a growable token buffer ------------------------------------------------- */

typedef struct _CRT_TOKEN {
    unsigned *Units;
    size_t Count;
    size_t Capacity;
    unsigned Local[64];
} CRT_TOKEN;

static void TokenInit(CRT_TOKEN *Token)
{
    Token->Units = Token->Local;
    Token->Count = 0;
    Token->Capacity = sizeof(Token->Local) / sizeof(Token->Local[0]);
}

static int TokenAdd(CRT_TOKEN *Token, unsigned Unit)
{
    if (Token->Count == Token->Capacity) {
        size_t Capacity = Token->Capacity * 2;
        unsigned *Units = malloc(Capacity * sizeof(unsigned));
        if (Units == NULL) {
            return 0;
        }
        memcpy(Units, Token->Units, Token->Count * sizeof(unsigned));
        if (Token->Units != Token->Local) {
            free(Token->Units);
        }
        Token->Units = Units;
        Token->Capacity = Capacity;
    }
    Token->Units[Token->Count++] = Unit;
    return 1;
}

static void TokenFree(CRT_TOKEN *Token)
{
    if (Token->Units != Token->Local) {
        free(Token->Units);
    }
}

/*
 * Stores a token (units of the input's width) as text of the target's width
 * into Target.  Terminate: add a terminator (%s %[, not %c).  Size: the
 * _s size in target characters (SIZE_MAX: unchecked).  FALSE if it does not
 * fit (the target then holds "" when it has room for that).
 */
static int TokenStore(const CRT_TOKEN *Token, int InputWide, int TargetWide, void *Target,
                      size_t Size, int Terminate)
{
    size_t Need;
    if (InputWide == TargetWide) {
        Need = Token->Count;
        if (Need + (Terminate ? 1 : 0) > Size) {
            goto TooSmall;
        }
        for (size_t i = 0; i < Need; i++) {
            if (TargetWide) {
                ((wchar_t *)Target)[i] = (wchar_t)Token->Units[i];
            } else {
                ((char *)Target)[i] = (char)Token->Units[i];
            }
        }
    } else if (TargetWide) {
        /* UTF-8 bytes to UTF-16. */
        size_t Done = 0, i = 0;
        while (i < Token->Count) {
            unsigned char Bytes[4];
            size_t Have = 0;
            while (Have < 4 && i + Have < Token->Count) {
                Bytes[Have] = (unsigned char)Token->Units[i + Have];
                Have++;
            }
            unsigned Cp;
            size_t Bad;
            int Length = CrtUtf8Decode(Bytes, Have, &Cp, &Bad);
            if (Length <= 0) {
                Cp = 0xFFFD;
                Length = Length < 0 ? (int)Bad : (int)Have;
            }
            size_t Units = Cp >= 0x10000 ? 2 : 1;
            if (Done + Units + (Terminate ? 1 : 0) > Size) {
                goto TooSmall;
            }
            if (Units == 2) {
                ((wchar_t *)Target)[Done++] = (wchar_t)(0xD800 + ((Cp - 0x10000) >> 10));
                ((wchar_t *)Target)[Done++] = (wchar_t)(0xDC00 + ((Cp - 0x10000) & 0x3FF));
            } else {
                ((wchar_t *)Target)[Done++] = (wchar_t)Cp;
            }
            i += (size_t)Length;
        }
        Need = Done;
    } else {
        /* UTF-16 units to UTF-8. */
        size_t Done = 0;
        for (size_t i = 0; i < Token->Count; i++) {
            unsigned Cp = Token->Units[i];
            if (CRT_IS_HIGH_SURROGATE(Cp) && i + 1 < Token->Count &&
                CRT_IS_LOW_SURROGATE(Token->Units[i + 1])) {
                Cp = 0x10000 + ((Cp - 0xD800) << 10) + (Token->Units[i + 1] - 0xDC00u);
                i++;
            } else if (CRT_IS_SURROGATE(Cp)) {
                Cp = 0xFFFD;
            }
            char Bytes[4];
            size_t Length = CrtUtf8Encode(Cp, Bytes);
            if (Done + Length + (Terminate ? 1 : 0) > Size) {
                goto TooSmall;
            }
            memcpy((char *)Target + Done, Bytes, Length);
            Done += Length;
        }
        Need = Done;
    }
    if (Terminate) {
        if (TargetWide) {
            ((wchar_t *)Target)[Need] = 0;
        } else {
            ((char *)Target)[Need] = '\0';
        }
    }
    return 1;

TooSmall:
    if (Size > 0) {
        if (TargetWide) {
            ((wchar_t *)Target)[0] = 0;
        } else {
            ((char *)Target)[0] = '\0';
        }
    }
    return 0;
}

/* ---- numbers ----------------------------------------------------------------- */

static int ScanDigit(int c, int Base)
{
    int d;
    if (c >= '0' && c <= '9') {
        d = c - '0';
    } else if (c >= 'a' && c <= 'z') {
        d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'Z') {
        d = c - 'A' + 10;
    } else {
        return -1;
    }
    return d < Base ? d : -1;
}

/*
 * Reads an integer of at most Width units (0: no limit).  Base 0: %i's
 * prefixes.  FALSE on a matching failure.  The value wraps modulo 2^64.
 */
static int ScanInteger(CRT_SCAN_INPUT *In, size_t Width, int Base, unsigned long long *Value)
{
    size_t Left = Width != 0 ? Width : SIZE_MAX;
    int Negative = 0;
    int Digits = 0;
    unsigned long long v = 0;
    int c = ScanGet(In);

    if (Left != 0 && (c == '-' || c == '+')) {
        Negative = c == '-';
        Left--;
        c = Left != 0 ? ScanGet(In) : CRT_SCAN_END;
    }
    if (Left != 0 && c == '0' && (Base == 0 || Base == 16)) {
        Digits = 1;                     /* the 0 counts, whatever follows */
        Left--;
        c = Left != 0 ? ScanGet(In) : CRT_SCAN_END;
        if (Left != 0 && (c == 'x' || c == 'X')) {
            Base = 16;
            Left--;
            c = Left != 0 ? ScanGet(In) : CRT_SCAN_END;
        } else if (Base == 0) {
            Base = 8;
        }
    }
    if (Base == 0) {
        Base = 10;
    }
    while (Left != 0 && ScanDigit(c, Base) >= 0) {
        v = v * (unsigned)Base + (unsigned)ScanDigit(c, Base);
        Digits = 1;
        Left--;
        c = Left != 0 ? ScanGet(In) : CRT_SCAN_END;
    }
    if (Left != 0 || c != CRT_SCAN_END) {
        ScanUnget(In, c);
    }
    if (!Digits) {
        return 0;
    }
    *Value = Negative ? 0 - v : v;
    return 1;
}

static int ScanLower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Reads a floating-point number (C's syntax, with inf, nan and hex forms) into Text. */
static int ScanFloat(CRT_SCAN_INPUT *In, size_t Width, char *Text, size_t TextSize)
{
    size_t Left = Width != 0 ? Width : SIZE_MAX;
    size_t n = 0;
    int Digits = 0;
    int Hex = 0;
    int c = ScanGet(In);

#define SCAN_TAKE()                                                       \
    do {                                                                  \
        if (n + 1 < TextSize) {                                           \
            Text[n++] = (char)c;                                          \
        }                                                                 \
        Left--;                                                           \
        c = Left != 0 ? ScanGet(In) : CRT_SCAN_END;                       \
    } while (0)

    if (Left != 0 && (c == '-' || c == '+')) {
        SCAN_TAKE();
    }
    if (Left != 0 && (ScanLower(c) == 'i' || ScanLower(c) == 'n')) {
        const char *Word = ScanLower(c) == 'i' ? "infinity" : "nan";
        size_t Matched = 0;
        while (Left != 0 && Word[Matched] != '\0' && ScanLower(c) == Word[Matched]) {
            SCAN_TAKE();
            Matched++;
        }
        if (Matched < 3 || (Word[0] == 'i' && Matched != 3 && Matched != 8)) {
            ScanUnget(In, c);
            return 0;
        }
        if (Word[0] == 'n' && Left != 0 && c == '(') {
            do {
                SCAN_TAKE();
            } while (Left != 0 && c != ')' && c != CRT_SCAN_END &&
                     (isalnum(c) || c == '_'));
            if (c != ')') {
                ScanUnget(In, c);
                return 0;
            }
            SCAN_TAKE();
        }
        ScanUnget(In, c);
        Text[n] = '\0';
        return 1;
    }
    if (Left != 0 && c == '0') {
        SCAN_TAKE();
        Digits = 1;
        if (Left != 0 && (c == 'x' || c == 'X')) {
            Hex = 1;
            SCAN_TAKE();
        }
    }
    while (Left != 0 && (Hex ? isxdigit(c) : isdigit(c))) {
        SCAN_TAKE();
        Digits = 1;
    }
    if (Left != 0 && c == '.') {
        SCAN_TAKE();
        while (Left != 0 && (Hex ? isxdigit(c) : isdigit(c))) {
            SCAN_TAKE();
            Digits = 1;
        }
    }
    if (Digits && Left != 0 && ScanLower(c) == (Hex ? 'p' : 'e')) {
        SCAN_TAKE();
        if (Left != 0 && (c == '-' || c == '+')) {
            SCAN_TAKE();
        }
        while (Left != 0 && isdigit(c)) {
            SCAN_TAKE();
        }
    }
#undef SCAN_TAKE
    ScanUnget(In, c);
    Text[n] = '\0';
    return Digits;
}

/* ---- the engine ----------------------------------------------------------------- */

static void ScanStoreInteger(void *Target, int Size, unsigned long long Value)
{
    switch (Size) {
    case ScanSizeHH:
        *(unsigned char *)Target = (unsigned char)Value;
        break;
    case ScanSizeH:
        *(unsigned short *)Target = (unsigned short)Value;
        break;
    case ScanSize64:
        *(unsigned long long *)Target = Value;
        break;
    default:            /* none, l (LONG), I32 */
        *(unsigned int *)Target = (unsigned int)Value;
        break;
    }
}

/* Is c in the scanset Set[0..Length) (after '[' and an optional '^')? */
static int ScanInSet(const CRT_SCAN_FORMAT *Format, size_t Start, size_t End, unsigned c)
{
    for (size_t i = Start; i < End; i++) {
        unsigned Low = ScanAt(Format, i);
        if (i + 2 < End && ScanAt(Format, i + 1) == '-') {
            unsigned High = ScanAt(Format, i + 2);
            if ((c >= Low && c <= High) || (c >= High && c <= Low)) {
                return 1;
            }
            i += 2;
        } else if (c == Low) {
            return 1;
        }
    }
    return 0;
}

static int CrtScan(CRT_SCAN_INPUT *In, const CRT_SCAN_FORMAT *Format, int Secure, va_list *Args)
{
    size_t i = 0;
    int Assigned = 0;
    int Converted = 0;          /* a conversion was attempted with input available */
    int InputFailure = 0;

    for (;;) {
        unsigned f = ScanAt(Format, i);
        if (f == 0) {
            break;
        }
        if (ScanFormatSpace(Format, f)) {
            while (ScanFormatSpace(Format, ScanAt(Format, i))) {
                i++;
            }
            ScanSkipSpace(In);
            continue;
        }
        if (f != '%' || ScanAt(Format, i + 1) == '%') {
            /* A literal character (or "%%") must come next. */
            if (f == '%') {
                i++;
                ScanSkipSpace(In);
            }
            int c = ScanGet(In);
            if (c == CRT_SCAN_END) {
                InputFailure = 1;
                break;
            }
            if ((unsigned)c != f) {
                ScanUnget(In, c);
                break;
            }
            i++;
            continue;
        }

        /* A conversion: %[*][width][size]type */
        i++;
        int Suppress = 0;
        size_t Width = 0;
        int Size = ScanSizeNone;
        if (ScanAt(Format, i) == '*') {
            Suppress = 1;
            i++;
        }
        while (ScanAt(Format, i) >= '0' && ScanAt(Format, i) <= '9') {
            Width = Width * 10 + (ScanAt(Format, i) - '0');
            i++;
        }
        switch (ScanAt(Format, i)) {
        case 'h':
            i++;
            if (ScanAt(Format, i) == 'h') {
                i++;
                Size = ScanSizeHH;
            } else {
                Size = ScanSizeH;
            }
            break;
        case 'l':
            i++;
            if (ScanAt(Format, i) == 'l') {
                i++;
                Size = ScanSize64;
            } else {
                Size = ScanSizeL;
            }
            break;
        case 'I':
            i++;
            if (ScanAt(Format, i) == '6' && ScanAt(Format, i + 1) == '4') {
                i += 2;
                Size = ScanSize64;
            } else if (ScanAt(Format, i) == '3' && ScanAt(Format, i + 1) == '2') {
                i += 2;
                Size = ScanSize32;
            } else {
                Size = ScanSize64;
            }
            break;
        case 'L':
            i++;
            Size = ScanSizeBigL;
            break;
        case 'q':
        case 'j':
        case 'z':
        case 't':
            i++;
            Size = ScanSize64;
            break;
        case 'w':
            i++;
            Size = ScanSizeW;
            break;
        default:
            break;
        }
        unsigned Type = ScanAt(Format, i);
        if (Type == 0) {
            break;
        }
        i++;

        if (Type == 'n') {
            if (!Suppress) {
                ScanStoreInteger(va_arg(*Args, void *), Size, In->Position);
            }
            continue;
        }

        /* Every conversion but %c, %[ and %n skips white space first. */
        if (Type != 'c' && Type != 'C' && Type != '[') {
            if (ScanSkipSpace(In) == CRT_SCAN_END) {
                InputFailure = 1;
                break;
            }
        }

        switch (Type) {
        case 'd':
        case 'i':
        case 'u':
        case 'o':
        case 'x':
        case 'X':
        case 'p': {
            int Base = Type == 'd' || Type == 'u' ? 10 : Type == 'i' ? 0 : Type == 'o' ? 8 : 16;
            unsigned long long Value;
            if (Size == ScanSizeBigL) {
                Size = ScanSize64;
            }
            if (Type == 'p') {
                Size = ScanSize64;
            }
            if (!ScanInteger(In, Width, Base, &Value)) {
                goto Done;
            }
            Converted = 1;
            if (!Suppress) {
                ScanStoreInteger(va_arg(*Args, void *), Size, Value);
                Assigned++;
            }
            break;
        }

        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case 'a':
        case 'A': {
            char Text[512];
            if (!ScanFloat(In, Width, Text, sizeof Text)) {
                goto Done;
            }
            Converted = 1;
            if (!Suppress) {
                void *Target = va_arg(*Args, void *);
                if (Size == ScanSizeL) {
                    *(double *)Target = strtod(Text, NULL);
                } else if (Size == ScanSizeBigL || Size == ScanSize64) {
                    *(long double *)Target = strtold(Text, NULL);
                } else {
                    *(float *)Target = strtof(Text, NULL);
                }
                Assigned++;
            }
            break;
        }

        case 'c':
        case 'C':
        case 's':
        case 'S':
        case '[': {
            /* The target's width: Microsoft's rules (see the file comment). */
            int TargetWide;
            if (Size == ScanSizeL || Size == ScanSizeW) {
                TargetWide = 1;
            } else if (Size == ScanSizeH) {
                TargetWide = 0;
            } else if (Type == 'C' || Type == 'S') {
                TargetWide = !Format->Wide;
            } else {
                TargetWide = Format->Wide;
            }
            size_t SetStart = 0, SetEnd = 0;
            int Negate = 0;
            if (Type == '[') {
                if (ScanAt(Format, i) == '^') {
                    Negate = 1;
                    i++;
                }
                SetStart = i;
                if (ScanAt(Format, i) == ']') {
                    i++;
                }
                while (ScanAt(Format, i) != 0 && ScanAt(Format, i) != ']') {
                    i++;
                }
                if (ScanAt(Format, i) == 0) {
                    goto Done;  /* an unterminated scanset */
                }
                SetEnd = i;
                i++;
            }
            int Chars = Type == 'c' || Type == 'C';
            size_t Limit = Width != 0 ? Width : Chars ? 1 : SIZE_MAX;

            CRT_TOKEN Token;
            TokenInit(&Token);
            int c = CRT_SCAN_END;
            size_t Taken = 0;
            int Memory = 1;
            while (Taken < Limit) {
                c = ScanGet(In);
                if (c == CRT_SCAN_END) {
                    break;
                }
                int Accept;
                if (Chars) {
                    Accept = 1;
                } else if (Type == '[') {
                    Accept = ScanInSet(Format, SetStart, SetEnd, (unsigned)c) != Negate;
                } else {
                    Accept = !ScanIsSpace(In, c);
                }
                if (!Accept) {
                    ScanUnget(In, c);
                    c = CRT_SCAN_END;
                    break;
                }
                if (!TokenAdd(&Token, (unsigned)c)) {
                    Memory = 0;
                    break;
                }
                /* A multibyte character counts once when it becomes wide text. */
                if (!(Chars && TargetWide && !In->Wide && (c & 0xC0) == 0x80)) {
                    Taken++;
                }
                if (Chars && TargetWide && !In->Wide && Taken == Limit) {
                    /* Take the rest of the last character's sequence. */
                    int Next;
                    while ((Next = ScanGet(In)) != CRT_SCAN_END && (Next & 0xC0) == 0x80) {
                        TokenAdd(&Token, (unsigned)Next);
                    }
                    ScanUnget(In, Next);
                }
            }
            if (!Memory || Token.Count == 0 || (Chars && Taken < Limit)) {
                TokenFree(&Token);
                if (Token.Count == 0 && c == CRT_SCAN_END && !Converted && Assigned == 0) {
                    InputFailure = 1;
                }
                goto Done;
            }
            Converted = 1;
            if (!Suppress) {
                void *Target = va_arg(*Args, void *);
                size_t TargetSize = SIZE_MAX;
                if (Secure) {
                    TargetSize = va_arg(*Args, unsigned);
                }
                int Fits = TokenStore(&Token, In->Wide, TargetWide, Target, TargetSize, !Chars);
                TokenFree(&Token);
                if (!Fits) {
                    goto Done;
                }
                Assigned++;
            } else {
                TokenFree(&Token);
            }
            break;
        }

        default:
            /* An unknown conversion ends the scan. */
            goto Done;
        }
    }
Done:
    if (InputFailure && Assigned == 0 && !Converted) {
        return EOF;
    }
    return Assigned;
}

/* ---- entry points ------------------------------------------------------------- */

static int CrtScanString(const char *String, size_t Limit, const char *Format, int Secure,
                         va_list Args)
{
    CRT_SCAN_INPUT In = { .Narrow = String, .Limit = Limit };
    CRT_SCAN_FORMAT F = { Format, 0 };
    va_list Copy;
    va_copy(Copy, Args);
    int Result = CrtScan(&In, &F, Secure, &Copy);
    va_end(Copy);
    return Result;
}

static int CrtScanWideString(const wchar_t *String, size_t Limit, const wchar_t *Format,
                             int Secure, va_list Args)
{
    CRT_SCAN_INPUT In = { .Wide = 1, .WideText = String, .Limit = Limit };
    CRT_SCAN_FORMAT F = { Format, 1 };
    va_list Copy;
    va_copy(Copy, Args);
    int Result = CrtScan(&In, &F, Secure, &Copy);
    va_end(Copy);
    return Result;
}

static int CrtScanStream(FILE *Stream, const void *Format, int Wide, int Secure, va_list Args)
{
    CRT_SCAN_INPUT In = { .Wide = Wide, .Stream = Stream };
    CRT_SCAN_FORMAT F = { Format, Wide };
    va_list Copy;
    va_copy(Copy, Args);
    flockfile(Stream);
    int Result = CrtScan(&In, &F, Secure, &Copy);
    funlockfile(Stream);
    va_end(Copy);
    return Result;
}

#define CRT_SCAN_CHECK(Pointer, Format)                                           \
    do {                                                                          \
        CRT_VALIDATE_RETURN(CrtNotNull(Pointer), EINVAL, EOF);                    \
        CRT_VALIDATE_RETURN(CrtNotNull(Format), EINVAL, EOF);                     \
    } while (0)

/*
 * The scanf functions for one character type and one kind: CH, W (nothing
 * or w, as in vsscanf / vswscanf), S (nothing or _s), SCAN_STRING (the
 * string scanner for CH), WIDE, SECURE (the _s forms: sizes after %s %c %[).
 */
#define CRT_SCAN_FAMILY(CH, W, S, SCAN_STRING, WIDE, SECURE)                     \
    CRTAPI int vs##W##scanf##S(const CH *String, const CH *Format, va_list Args) \
    {                                                                            \
        CRT_SCAN_CHECK(String, Format);                                          \
        return SCAN_STRING(String, SIZE_MAX, Format, SECURE, Args);              \
    }                                                                            \
    CRTAPI int vf##W##scanf##S(FILE *Stream, const CH *Format, va_list Args)     \
    {                                                                            \
        CRT_SCAN_CHECK(Stream, Format);                                          \
        return CrtScanStream(Stream, Format, WIDE, SECURE, Args);                \
    }                                                                            \
    CRTAPI int v##W##scanf##S(const CH *Format, va_list Args)                    \
    {                                                                            \
        return vf##W##scanf##S(stdin, Format, Args);                             \
    }                                                                            \
    CRTAPI int s##W##scanf##S(const CH *String, const CH *Format, ...)           \
        CRT_VA_FORWARD(int, Format, vs##W##scanf##S(String, Format, Args))       \
    CRTAPI int f##W##scanf##S(FILE *Stream, const CH *Format, ...)               \
        CRT_VA_FORWARD(int, Format, vf##W##scanf##S(Stream, Format, Args))       \
    CRTAPI int W##scanf##S(const CH *Format, ...)                                \
        CRT_VA_FORWARD(int, Format, vf##W##scanf##S(stdin, Format, Args))        \
    CRTAPI int _sn##W##scanf##S(const CH *String, size_t Count, const CH *Format, ...) \
    {                                                                            \
        CRT_SCAN_CHECK(String, Format);                                          \
        CRT_VA_FORWARD(int, Format, SCAN_STRING(String, Count, Format, SECURE, Args)) \
    }

CRT_SCAN_FAMILY(char, , , CrtScanString, 0, 0)
CRT_SCAN_FAMILY(char, , _s, CrtScanString, 0, 1)
CRT_SCAN_FAMILY(wchar_t, w, , CrtScanWideString, 1, 0)
CRT_SCAN_FAMILY(wchar_t, w, _s, CrtScanWideString, 1, 1)
