/*
 * msvcrt/wconv.c - multibyte (UTF-8, the ANSI code page of ntio) <-> wide
 * (UTF-16) conversions: mbstowcs, wcstombs, mbtowc, wctomb, mblen, their _s
 * forms, and the restartable ones of <wchar.h>.
 *
 * A character outside the BMP is one 4-byte UTF-8 sequence and a surrogate
 * pair: the string conversions never split a pair or a sequence at the end
 * of the destination, the single-character ones carry the second half in
 * the mbstate_t (see wchar.h).  Ill-formed UTF-8 and lone surrogates are
 * EILSEQ errors here (the file-name, argument and environment helpers at
 * the end substitute U+FFFD instead).
 */
#include "crt.h"

/* ---- UTF-8 ------------------------------------------------------------- */

size_t CrtUtf8Encode(unsigned Cp, char *Out)
{
    if (Cp < 0x80) {
        Out[0] = (char)Cp;
        return 1;
    }
    if (Cp < 0x800) {
        Out[0] = (char)(0xC0 | (Cp >> 6));
        Out[1] = (char)(0x80 | (Cp & 0x3F));
        return 2;
    }
    if (Cp < 0x10000) {
        Out[0] = (char)(0xE0 | (Cp >> 12));
        Out[1] = (char)(0x80 | ((Cp >> 6) & 0x3F));
        Out[2] = (char)(0x80 | (Cp & 0x3F));
        return 3;
    }
    Out[0] = (char)(0xF0 | (Cp >> 18));
    Out[1] = (char)(0x80 | ((Cp >> 12) & 0x3F));
    Out[2] = (char)(0x80 | ((Cp >> 6) & 0x3F));
    Out[3] = (char)(0x80 | (Cp & 0x3F));
    return 4;
}

/* ---- string cores -------------------------------------------------------- */

/*
 * UTF-8 -> UTF-16.  Converts from *Src (at most SrcMax bytes) into Dst (at
 * most DstMax units; Dst NULL: count only).  Stops after the terminating
 * NUL (stored if there is room; *Src becomes NULL, *Terminated 1), when the
 * next character does not fit, or when SrcMax bytes end in the middle of a
 * sequence.  Returns the units produced (the NUL not counted), or
 * (size_t)-1 on an ill-formed sequence (*Src left at it).
 */
static size_t CrtToUtf16(wchar_t *Dst, size_t DstMax, const char **Src, size_t SrcMax,
                         int *Terminated)
{
    const unsigned char *s = (const unsigned char *)*Src;
    size_t Done = 0;
    size_t Used = 0;

    *Terminated = 0;
    while (Used < SrcMax) {
        unsigned Cp;
        size_t Bad;
        int Length = CrtUtf8Decode(s + Used, SrcMax - Used, &Cp, &Bad);
        if (Length == 0) {
            break;                      /* sequence cut by SrcMax */
        }
        if (Length < 0) {
            *Src = (const char *)(s + Used);
            return (size_t)-1;
        }
        if (Cp == 0) {
            if (Dst != NULL && Done < DstMax) {
                Dst[Done] = 0;
            }
            *Terminated = 1;
            *Src = NULL;
            return Done;
        }
        size_t Units = Cp >= 0x10000 ? 2 : 1;
        if (Dst != NULL) {
            if (DstMax - Done < Units) {
                break;
            }
            if (Units == 2) {
                Dst[Done] = (wchar_t)(0xD800 + ((Cp - 0x10000) >> 10));
                Dst[Done + 1] = (wchar_t)(0xDC00 + ((Cp - 0x10000) & 0x3FF));
            } else {
                Dst[Done] = (wchar_t)Cp;
            }
        }
        Done += Units;
        Used += (size_t)Length;
    }
    *Src = (const char *)(s + Used);
    return Done;
}

/*
 * UTF-16 -> UTF-8, the same way: at most SrcMax units, at most DstMax
 * bytes, never a partial sequence.  (size_t)-1 on a lone surrogate.
 */
static size_t CrtToUtf8(char *Dst, size_t DstMax, const wchar_t **Src, size_t SrcMax,
                        int *Terminated)
{
    const wchar_t *s = *Src;
    size_t Done = 0;
    size_t Used = 0;

    *Terminated = 0;
    while (Used < SrcMax) {
        unsigned Cp = s[Used];
        size_t Units = 1;
        if (CRT_IS_HIGH_SURROGATE(Cp)) {
            if (Used + 1 >= SrcMax) {
                break;                  /* the pair is cut by SrcMax */
            }
            if (!CRT_IS_LOW_SURROGATE(s[Used + 1])) {
                *Src = s + Used;
                return (size_t)-1;
            }
            Cp = 0x10000 + ((Cp - 0xD800) << 10) + (s[Used + 1] - 0xDC00u);
            Units = 2;
        } else if (CRT_IS_LOW_SURROGATE(Cp)) {
            *Src = s + Used;
            return (size_t)-1;
        }
        if (Cp == 0) {
            if (Dst != NULL && Done < DstMax) {
                Dst[Done] = '\0';
            }
            *Terminated = 1;
            *Src = NULL;
            return Done;
        }
        char Bytes[4];
        size_t Length = CrtUtf8Encode(Cp, Bytes);
        if (Dst != NULL) {
            if (DstMax - Done < Length) {
                break;
            }
            memcpy(Dst + Done, Bytes, Length);
        }
        Done += Length;
        Used += Units;
    }
    *Src = s + Used;
    return Done;
}

/* ---- stdlib.h ------------------------------------------------------------ */

/*
 * mbstowcs / wcstombs and their _s forms, written once: DCH and SCH are the
 * destination's and the source's character types, CONVERT the core above.
 * Count is in destination units (wcstombs_s: bytes, Microsoft's
 * _MaxCountInBytes): at most Count of them and a terminator into Size.
 */
#define CRT_DEFINE_STRING_CONVERSION(Name, DCH, SCH, CONVERT)                            \
    CRTAPI size_t Name(DCH *Dst, const SCH *Src, size_t Count)                           \
    {                                                                                    \
        CRT_VALIDATE_RETURN(Src != NULL, EINVAL, (size_t)-1);                            \
        int Terminated;                                                                  \
        size_t Result = CONVERT(Dst, Dst != NULL ? Count : SIZE_MAX, &Src, SIZE_MAX,     \
                                &Terminated);                                            \
        if (Result == (size_t)-1) {                                                      \
            errno = EILSEQ;                                                              \
        }                                                                                \
        return Result;                                                                   \
    }                                                                                    \
                                                                                         \
    CRTAPI errno_t Name##_s(size_t *Converted, DCH *Dst, size_t Size, const SCH *Src,    \
                            size_t Count)                                                \
    {                                                                                    \
        if ((Dst == NULL) != (Size == 0)) {                                              \
            return CRT_FAIL(EINVAL);                                                     \
        }                                                                                \
        if (Dst != NULL) {                                                               \
            Dst[0] = 0;                                                                  \
        }                                                                                \
        if (Converted != NULL) {                                                         \
            *Converted = 0;                                                              \
        }                                                                                \
        if (Src == NULL) {                                                               \
            return CRT_FAIL(EINVAL);                                                     \
        }                                                                                \
                                                                                         \
        int Terminated;                                                                  \
        const SCH *Cursor = Src;                                                         \
        if (Dst == NULL) {                                                               \
            size_t Needed = CONVERT(NULL, 0, &Cursor, SIZE_MAX, &Terminated);            \
            if (Needed == (size_t)-1) {                                                  \
                return errno = EILSEQ;                                                   \
            }                                                                            \
            if (Converted != NULL) {                                                     \
                *Converted = Needed + 1;                                                 \
            }                                                                            \
            return 0;                                                                    \
        }                                                                                \
        size_t Limit = Count == _TRUNCATE || Count >= Size ? Size - 1 : Count;           \
        size_t Done = CONVERT(Dst, Limit, &Cursor, SIZE_MAX, &Terminated);               \
        if (Done == (size_t)-1) {                                                        \
            Dst[0] = 0;                                                                  \
            return errno = EILSEQ;                                                       \
        }                                                                                \
        errno_t Status = 0;                                                              \
        /* Stopped by the buffer, not by Count or the end of the string? */              \
        if (!Terminated && Count != _TRUNCATE && Count >= Size) {                        \
            Dst[0] = 0;                                                                  \
            return CRT_FAIL(ERANGE);                                                     \
        }                                                                                \
        if (!Terminated && Count == _TRUNCATE) {                                         \
            Status = STRUNCATE;                                                          \
        }                                                                                \
        Dst[Done] = 0;                                                                   \
        if (Converted != NULL) {                                                         \
            *Converted = Done + 1;                                                       \
        }                                                                                \
        return Status;                                                                   \
    }

CRT_DEFINE_STRING_CONVERSION(mbstowcs, wchar_t, char, CrtToUtf16)
CRT_DEFINE_STRING_CONVERSION(wcstombs, char, wchar_t, CrtToUtf8)

CRTAPI int mblen(const char *Ch, size_t MaxCount)
{
    /* mbtowc without a destination (UTF-8 has no shift states: NULL gives 0). */
    return mbtowc(NULL, Ch, MaxCount);
}

CRTAPI int mbtowc(wchar_t *Dst, const char *Src, size_t Count)
{
    if (Src == NULL) {
        return 0;
    }
    if (Count == 0) {
        return -1;
    }
    unsigned Cp;
    size_t Bad;
    int Length = CrtUtf8Decode((const unsigned char *)Src, Count, &Cp, &Bad);
    if (Length <= 0) {
        errno = EILSEQ;
        return -1;
    }
    if (Dst != NULL) {
        *Dst = (wchar_t)(Cp >= 0x10000 ? 0xD800 + ((Cp - 0x10000) >> 10) : Cp);
    }
    return Cp == 0 ? 0 : Length;
}

CRTAPI int wctomb(char *Dst, wchar_t Ch)
{
    if (Dst == NULL) {
        return 0;
    }
    if (CRT_IS_SURROGATE(Ch)) {
        errno = EILSEQ;
        return -1;
    }
    return (int)CrtUtf8Encode(Ch, Dst);
}

CRTAPI errno_t wctomb_s(int *SizeConverted, char *Dst, rsize_t Size, wchar_t Ch)
{
    if (Dst == NULL && Size > 0) {
        return CRT_FAIL(EINVAL);
    }
    if (SizeConverted != NULL) {
        *SizeConverted = -1;
    }
    if (Dst == NULL) {
        if (SizeConverted != NULL) {
            *SizeConverted = 0;
        }
        return 0;
    }
    if (CRT_IS_SURROGATE(Ch)) {
        return errno = EILSEQ;
    }
    char Bytes[4];
    size_t Length = CrtUtf8Encode(Ch, Bytes);
    if (Length > Size) {
        return CRT_FAIL(ERANGE);
    }
    memcpy(Dst, Bytes, Length);
    if (SizeConverted != NULL) {
        *SizeConverted = (int)Length;
    }
    return 0;
}

/* ---- restartable conversions (wchar.h) ----------------------------------- */

enum {
    CrtStateNone,
    CrtStatePartial,        /* Bytes[0..Count) of an incomplete UTF-8 sequence */
    CrtStateLow,            /* mbrtowc owes the low surrogate Unit */
    CrtStateHigh,           /* wcrtomb holds the high surrogate Unit */
};

typedef struct _CRT_MBSTATE {
    unsigned char Bytes[4];
    unsigned char Count;
    unsigned char Kind;
    unsigned short Unit;
} CRT_MBSTATE;

_Static_assert(sizeof(CRT_MBSTATE) <= sizeof(mbstate_t), "mbstate_t holds ntio's state");

static CRT_MBSTATE CrtLoadState(const mbstate_t *State)
{
    CRT_MBSTATE Value;
    memcpy(&Value, State, sizeof(Value));
    return Value;
}

static void CrtStoreState(mbstate_t *State, const CRT_MBSTATE *Value)
{
    memset(State, 0, sizeof(*State));
    memcpy(State, Value, sizeof(*Value));
}

CRTAPI int mbsinit(const mbstate_t *State)
{
    if (State == NULL) {
        return 1;
    }
    CRT_MBSTATE Value = CrtLoadState(State);
    return Value.Kind == CrtStateNone;
}

CRTAPI wint_t btowc(int Ch)
{
    return Ch >= 0 && Ch < 0x80 ? (wint_t)Ch : WEOF;
}

CRTAPI int wctob(wint_t Ch)
{
    return Ch < 0x80 ? (int)Ch : EOF;
}

CRTAPI size_t mbrtowc(wchar_t *Dst, const char *Src, size_t Count, mbstate_t *State)
{
    static mbstate_t Internal;
    if (State == NULL) {
        State = &Internal;
    }
    if (Src == NULL) {
        Dst = NULL;
        Src = "";
        Count = 1;
    }
    CRT_MBSTATE Value = CrtLoadState(State);
    CRT_MBSTATE Reset = { { 0 }, 0, CrtStateNone, 0 };

    if (Value.Kind == CrtStateLow) {
        if (Dst != NULL) {
            *Dst = (wchar_t)Value.Unit;
        }
        CrtStoreState(State, &Reset);
        return (size_t)-3;
    }
    if (Value.Kind == CrtStateHigh) {
        /* A wcrtomb state handed to mbrtowc. */
        CrtStoreState(State, &Reset);
        errno = EINVAL;
        return (size_t)-1;
    }
    if (Count == 0) {
        return (size_t)-2;
    }

    size_t Old = Value.Kind == CrtStatePartial ? Value.Count : 0;
    unsigned char Bytes[4];
    memcpy(Bytes, Value.Bytes, Old);
    size_t Added = Count < 4 - Old ? Count : 4 - Old;
    memcpy(Bytes + Old, Src, Added);

    unsigned Cp;
    size_t Bad;
    int Length = CrtUtf8Decode(Bytes, Old + Added, &Cp, &Bad);
    if (Length == 0) {
        Value.Kind = CrtStatePartial;
        Value.Count = (unsigned char)(Old + Added);
        memcpy(Value.Bytes, Bytes, Old + Added);
        CrtStoreState(State, &Value);
        return (size_t)-2;
    }
    if (Length < 0) {
        CrtStoreState(State, &Reset);
        errno = EILSEQ;
        return (size_t)-1;
    }
    if (Cp >= 0x10000) {
        Cp -= 0x10000;
        if (Dst != NULL) {
            *Dst = (wchar_t)(0xD800 + (Cp >> 10));
        }
        Value = Reset;
        Value.Kind = CrtStateLow;
        Value.Unit = (unsigned short)(0xDC00 + (Cp & 0x3FF));
        CrtStoreState(State, &Value);
    } else {
        if (Dst != NULL) {
            *Dst = (wchar_t)Cp;
        }
        CrtStoreState(State, &Reset);
    }
    return Cp == 0 ? 0 : (size_t)Length - Old;
}

CRTAPI size_t mbrlen(const char *Src, size_t Count, mbstate_t *State)
{
    static mbstate_t Internal;
    return mbrtowc(NULL, Src, Count, State != NULL ? State : &Internal);
}

CRTAPI size_t wcrtomb(char *Dst, wchar_t Ch, mbstate_t *State)
{
    static mbstate_t Internal;
    char Scratch[4];
    if (State == NULL) {
        State = &Internal;
    }
    if (Dst == NULL) {
        Dst = Scratch;
        Ch = 0;
    }
    CRT_MBSTATE Value = CrtLoadState(State);
    CRT_MBSTATE Reset = { { 0 }, 0, CrtStateNone, 0 };

    if (Value.Kind == CrtStateHigh) {
        CrtStoreState(State, &Reset);
        if (!CRT_IS_LOW_SURROGATE(Ch)) {
            errno = EILSEQ;
            return (size_t)-1;
        }
        unsigned Cp = 0x10000 + ((Value.Unit - 0xD800u) << 10) + (Ch - 0xDC00u);
        return CrtUtf8Encode(Cp, Dst);
    }
    if (Value.Kind != CrtStateNone) {
        CrtStoreState(State, &Reset);
        errno = EINVAL;
        return (size_t)-1;
    }
    if (CRT_IS_HIGH_SURROGATE(Ch)) {
        Value.Kind = CrtStateHigh;
        Value.Unit = Ch;
        CrtStoreState(State, &Value);
        return 0;
    }
    if (CRT_IS_LOW_SURROGATE(Ch)) {
        errno = EILSEQ;
        return (size_t)-1;
    }
    return CrtUtf8Encode(Ch, Dst);
}

CRTAPI errno_t wcrtomb_s(size_t *Result, char *Dst, size_t Size, wchar_t Ch, mbstate_t *State)
{
    if ((Dst == NULL) != (Size == 0)) {
        return CRT_FAIL(EINVAL);
    }
    char Bytes[4];
    size_t Length = wcrtomb(Bytes, Ch, State);
    if (Result != NULL) {
        *Result = Length;
    }
    if (Length == (size_t)-1) {
        return errno;
    }
    if (Dst != NULL) {
        if (Length > Size) {
            return CRT_FAIL(ERANGE);
        }
        memcpy(Dst, Bytes, Length);
    }
    return 0;
}

/*
 * The end of mbsnrtowcs / wcsnrtombs: the stateless rest of *Src (SrcCount
 * units of SCH) after the Done units the state gave, with CONVERT.
 */
#define CRT_CONVERT_REST(SCH, CONVERT)                                                   \
    do {                                                                                 \
        int Terminated;                                                                  \
        const SCH *Cursor = *Src;                                                        \
        size_t More = CONVERT(Dst != NULL ? Dst + Done : NULL,                           \
                              Dst != NULL ? Count - Done : 0, &Cursor, SrcCount,         \
                              &Terminated);                                              \
        if (Dst != NULL) {                                                               \
            *Src = Cursor;                                                               \
        }                                                                                \
        if (More == (size_t)-1) {                                                        \
            errno = EILSEQ;                                                              \
            return (size_t)-1;                                                           \
        }                                                                                \
        return Done + More;                                                              \
    } while (0)

/*
 * The string forms.  A state left by mbrtowc/wcrtomb (half a character) is
 * finished first; the rest is stateless.
 */
CRTAPI size_t mbsnrtowcs(wchar_t *Dst, const char **Src, size_t SrcCount, size_t Count,
                         mbstate_t *State)
{
    static mbstate_t Internal;
    if (State == NULL) {
        State = &Internal;
    }
    size_t Done = 0;
    CRT_MBSTATE Value = CrtLoadState(State);
    while (Value.Kind != CrtStateNone && (Dst == NULL || Done < Count)) {
        wchar_t Ch;
        size_t Length = mbrtowc(&Ch, *Src, SrcCount, State);
        if (Length == (size_t)-1) {
            return (size_t)-1;
        }
        if (Length == (size_t)-2) {
            *Src += SrcCount;
            return Done;
        }
        if (Dst != NULL) {
            Dst[Done] = Ch;
        }
        Done++;
        if (Length == 0) {
            *Src = NULL;
            return Done - 1;
        }
        if (Length != (size_t)-3) {
            *Src += Length;
            SrcCount -= Length;
        }
        Value = CrtLoadState(State);
    }
    if (Dst != NULL && Done >= Count) {
        return Done;
    }
    CRT_CONVERT_REST(char, CrtToUtf16);
}

CRTAPI size_t mbsrtowcs(wchar_t *Dst, const char **Src, size_t Count, mbstate_t *State)
{
    return mbsnrtowcs(Dst, Src, SIZE_MAX, Count, State);
}

CRTAPI size_t wcsnrtombs(char *Dst, const wchar_t **Src, size_t SrcCount, size_t Count,
                         mbstate_t *State)
{
    static mbstate_t Internal;
    if (State == NULL) {
        State = &Internal;
    }
    size_t Done = 0;
    CRT_MBSTATE Value = CrtLoadState(State);
    if (Value.Kind == CrtStateHigh) {
        /* Finish the pair wcrtomb began. */
        if (SrcCount == 0) {
            return 0;
        }
        char Bytes[4];
        size_t Length = wcrtomb(Bytes, **Src, State);
        if (Length == (size_t)-1) {
            return (size_t)-1;
        }
        if (Dst != NULL) {
            if (Length > Count) {
                return 0;
            }
            memcpy(Dst, Bytes, Length);
        }
        Done = Length;
        (*Src)++;
        SrcCount--;
    } else if (Value.Kind != CrtStateNone) {
        errno = EINVAL;
        return (size_t)-1;
    }
    CRT_CONVERT_REST(wchar_t, CrtToUtf8);
}

CRTAPI size_t wcsrtombs(char *Dst, const wchar_t **Src, size_t Count, mbstate_t *State)
{
    return wcsnrtombs(Dst, Src, SIZE_MAX, Count, State);
}

/* mbsrtowcs_s / wcsrtombs_s: Name##_s over the restartable Name. */
#define CRT_DEFINE_RESTARTABLE_S(Name, DCH, SCH)                                         \
    CRTAPI errno_t Name##_s(size_t *Result, DCH *Dst, size_t Size, const SCH **Src,      \
                            size_t Count, mbstate_t *State)                              \
    {                                                                                    \
        if ((Dst == NULL) != (Size == 0) || Src == NULL || *Src == NULL) {               \
            if (Dst != NULL && Size > 0) {                                               \
                Dst[0] = 0;                                                              \
            }                                                                            \
            return CRT_FAIL(EINVAL);                                                     \
        }                                                                                \
        size_t Limit =                                                                   \
            Dst == NULL ? 0 : (Count == _TRUNCATE || Count >= Size ? Size - 1 : Count);  \
        size_t Done = Name(Dst, Src, Dst != NULL ? Limit : 0, State);                    \
        if (Done == (size_t)-1) {                                                        \
            if (Dst != NULL) {                                                           \
                Dst[0] = 0;                                                              \
            }                                                                            \
            return errno;                                                                \
        }                                                                                \
        errno_t Status = 0;                                                              \
        if (Dst != NULL) {                                                               \
            if (*Src != NULL && Count != _TRUNCATE && Count >= Size) {                   \
                Dst[0] = 0;                                                              \
                return CRT_FAIL(ERANGE);                                                 \
            }                                                                            \
            if (*Src != NULL && Count == _TRUNCATE) {                                    \
                Status = STRUNCATE;                                                      \
            }                                                                            \
            Dst[Done] = 0;                                                               \
        }                                                                                \
        if (Result != NULL) {                                                            \
            *Result = Done + 1;                                                          \
        }                                                                                \
        return Status;                                                                   \
    }

CRT_DEFINE_RESTARTABLE_S(mbsrtowcs, wchar_t, char)
CRT_DEFINE_RESTARTABLE_S(wcsrtombs, char, wchar_t)

/* ---- lenient whole-string helpers (file names, arguments, environment) -------- */

wchar_t *CrtUtf8ToWide(const char *Text)
{
    size_t Bytes = strlen(Text);
    /* One unit per byte is always enough (a 4-byte sequence gives 2 units). */
    wchar_t *Wide = malloc((Bytes + 1) * sizeof(wchar_t));
    if (Wide == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    const unsigned char *s = (const unsigned char *)Text;
    size_t Used = 0, Done = 0;
    while (Used < Bytes) {
        unsigned Cp;
        size_t Bad;
        int Length = CrtUtf8Decode(s + Used, Bytes - Used, &Cp, &Bad);
        if (Length <= 0) {
            Cp = 0xFFFD;
            Length = Length < 0 ? (int)Bad : (int)(Bytes - Used);
        }
        if (Cp >= 0x10000) {
            Wide[Done++] = (wchar_t)(0xD800 + ((Cp - 0x10000) >> 10));
            Wide[Done++] = (wchar_t)(0xDC00 + ((Cp - 0x10000) & 0x3FF));
        } else {
            Wide[Done++] = (wchar_t)Cp;
        }
        Used += (size_t)Length;
    }
    Wide[Done] = 0;
    return Wide;
}

char *CrtWideToUtf8(const wchar_t *Text)
{
    size_t Units = wcslen(Text);
    /* Three bytes per unit is always enough (a pair gives 4 bytes for 2 units). */
    char *Narrow = malloc(Units * 3 + 1);
    if (Narrow == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    size_t Done = 0;
    for (size_t i = 0; i < Units; i++) {
        unsigned Cp = Text[i];
        if (CRT_IS_HIGH_SURROGATE(Cp) && i + 1 < Units && CRT_IS_LOW_SURROGATE(Text[i + 1])) {
            Cp = 0x10000 + ((Cp - 0xD800) << 10) + (Text[i + 1] - 0xDC00u);
            i++;
        } else if (CRT_IS_SURROGATE(Cp)) {
            Cp = 0xFFFD;
        }
        Done += CrtUtf8Encode(Cp, Narrow + Done);
    }
    Narrow[Done] = '\0';
    return Narrow;
}
