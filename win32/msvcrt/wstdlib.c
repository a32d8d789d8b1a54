/*
 * msvcrt/wstdlib.c - numeric conversions of wide strings (wcstol, _wtoi,
 * wcstod ...), integer-to-text conversions (_itoa, _itow and their _s
 * forms), and the environment through wide strings and Microsoft's _s
 * functions.
 */
#include "crt.h"

#include <pthread.h>
#include <time.h>

/* ---- wide text -> integer ------------------------------------------------ */

static int CrtDigitValue(wchar_t C)
{
    if (C >= '0' && C <= '9') {
        return C - '0';
    }
    if (C >= 'a' && C <= 'z') {
        return C - 'a' + 10;
    }
    if (C >= 'A' && C <= 'Z') {
        return C - 'A' + 10;
    }
    return 99;
}

/*
 * strtoull's parsing of a wide string: white space, a sign, the radix
 * prefix, digits.  Returns the magnitude (ULLONG_MAX and *Overflow on
 * overflow); *End is the first unused character (String when there are no
 * digits).
 */
static unsigned long long CrtParseWide(const wchar_t *String, wchar_t **End, int Radix,
                                       int *Negative, int *Overflow)
{
    const wchar_t *p = String;
    unsigned long long Value = 0;

    *Negative = 0;
    *Overflow = 0;
    while (iswspace(*p)) {
        p++;
    }
    if (*p == '-' || *p == '+') {
        *Negative = *p == '-';
        p++;
    }
    if ((Radix == 0 || Radix == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
        CrtDigitValue(p[2]) < 16) {
        p += 2;
        Radix = 16;
    } else if (Radix == 0) {
        Radix = p[0] == '0' ? 8 : 10;
    }
    const wchar_t *Digits = p;
    for (int d; (d = CrtDigitValue(*p)) < Radix; p++) {
        if (Value > (ULLONG_MAX - (unsigned)d) / (unsigned)Radix) {
            *Overflow = 1;
            Value = ULLONG_MAX;
        } else if (!*Overflow) {
            Value = Value * (unsigned)Radix + (unsigned)d;
        }
    }
    if (End != NULL) {
        *End = (wchar_t *)(p == Digits ? String : p);
    }
    return p == Digits ? 0 : Value;
}

#define CRT_CHECK_PARSE(String, End, Radix)                                      \
    do {                                                                         \
        if ((End) != NULL) {                                                     \
            *(End) = (wchar_t *)(String);                                        \
        }                                                                        \
        CRT_VALIDATE_RETURN((String) != NULL, EINVAL, 0);                        \
        CRT_VALIDATE_RETURN((Radix) == 0 || ((Radix) >= 2 && (Radix) <= 36), EINVAL, 0); \
    } while (0)

/* A signed result in [-Max - 1, Max]. */
static long long CrtSigned(unsigned long long Magnitude, int Negative, int Overflow,
                           long long Max)
{
    if (Negative) {
        if (Overflow || Magnitude > (unsigned long long)Max + 1) {
            errno = ERANGE;
            return -Max - 1;
        }
        return Magnitude == (unsigned long long)Max + 1 ? -Max - 1 : -(long long)Magnitude;
    }
    if (Overflow || Magnitude > (unsigned long long)Max) {
        errno = ERANGE;
        return Max;
    }
    return (long long)Magnitude;
}

/* An unsigned result (a '-' negates it, as in C). */
static unsigned long long CrtUnsigned(unsigned long long Magnitude, int Negative, int Overflow,
                                      unsigned long long Max)
{
    if (Overflow || Magnitude > Max) {
        errno = ERANGE;
        return Max;
    }
    return Negative ? (0 - Magnitude) & Max : Magnitude;
}

CRTAPI long wcstol(const wchar_t *String, wchar_t **End, int Radix)
{
    CRT_CHECK_PARSE(String, End, Radix);
    int Negative, Overflow;
    unsigned long long m = CrtParseWide(String, End, Radix, &Negative, &Overflow);
    return (long)CrtSigned(m, Negative, Overflow, LONG_MAX);
}

CRTAPI unsigned long wcstoul(const wchar_t *String, wchar_t **End, int Radix)
{
    CRT_CHECK_PARSE(String, End, Radix);
    int Negative, Overflow;
    unsigned long long m = CrtParseWide(String, End, Radix, &Negative, &Overflow);
    return (unsigned long)CrtUnsigned(m, Negative, Overflow, ULONG_MAX);
}

CRTAPI long long wcstoll(const wchar_t *String, wchar_t **End, int Radix)
{
    CRT_CHECK_PARSE(String, End, Radix);
    int Negative, Overflow;
    unsigned long long m = CrtParseWide(String, End, Radix, &Negative, &Overflow);
    return CrtSigned(m, Negative, Overflow, LLONG_MAX);
}

CRTAPI unsigned long long wcstoull(const wchar_t *String, wchar_t **End, int Radix)
{
    CRT_CHECK_PARSE(String, End, Radix);
    int Negative, Overflow;
    unsigned long long m = CrtParseWide(String, End, Radix, &Negative, &Overflow);
    return CrtUnsigned(m, Negative, Overflow, ULLONG_MAX);
}

/* _wtoi and friends: decimal, clamped to the named type's range. */
static long long CrtWideToInteger(const wchar_t *String, long long Max)
{
    int Negative, Overflow;
    unsigned long long m = CrtParseWide(String, NULL, 10, &Negative, &Overflow);
    return CrtSigned(m, Negative, Overflow, Max);
}

CRTAPI int _wtoi(const wchar_t *String)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, 0);
    return (int)CrtWideToInteger(String, INT_MAX);
}

CRTAPI long _wtol(const wchar_t *String)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, 0);
    return (long)CrtWideToInteger(String, INT32_MAX);   /* a Windows LONG */
}

CRTAPI long long _wtoll(const wchar_t *String)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, 0);
    return CrtWideToInteger(String, LLONG_MAX);
}

CRTAPI long long _wtoi64(const wchar_t *String)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, 0);
    return CrtWideToInteger(String, LLONG_MAX);
}

/* ---- wide text -> floating point ----------------------------------------- */

/*
 * The ASCII run after the white space is handed to glibc's strtod family
 * (the current locale's decimal point, hex floats, inf and nan as in C);
 * End is mapped back one character per byte.
 */
#define CRT_FLOAT_PARSER(Name, Type, Parse)                                      \
    CRTAPI Type Name(const wchar_t *String, wchar_t **End)                       \
    {                                                                            \
        if (End != NULL) {                                                       \
            *End = (wchar_t *)String;                                            \
        }                                                                        \
        CRT_VALIDATE_RETURN(String != NULL, EINVAL, 0);                          \
        const wchar_t *p = String;                                               \
        while (iswspace(*p)) {                                                   \
            p++;                                                                 \
        }                                                                        \
        size_t Run = 0;                                                          \
        while (p[Run] != 0 && p[Run] < 0x80) {                                   \
            Run++;                                                               \
        }                                                                        \
        char Local[128];                                                         \
        char *Text = Run < sizeof Local ? Local : malloc(Run + 1);               \
        if (Text == NULL) {                                                      \
            errno = ENOMEM;                                                      \
            return 0;                                                            \
        }                                                                        \
        for (size_t i = 0; i < Run; i++) {                                       \
            Text[i] = (char)p[i];                                                \
        }                                                                        \
        Text[Run] = '\0';                                                        \
        char *Stop;                                                              \
        Type Value = Parse(Text, &Stop);                                         \
        if (End != NULL && Stop != Text) {                                       \
            *End = (wchar_t *)p + (Stop - Text);                                 \
        }                                                                        \
        if (Text != Local) {                                                     \
            free(Text);                                                          \
        }                                                                        \
        return Value;                                                            \
    }

CRT_FLOAT_PARSER(wcstod, double, strtod)
CRT_FLOAT_PARSER(wcstof, float, strtof)
CRT_FLOAT_PARSER(wcstold, long double, strtold)

CRTAPI double _wtof(const wchar_t *String)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, 0);
    return wcstod(String, NULL);
}

/* ---- integer -> text ------------------------------------------------------- */

/*
 * Microsoft's rules: radix 2..36; a negative value gets a '-' only in radix
 * 10, other radixes show the two's complement of the value's own width.
 * Writes the text (terminated) into Text, returns its length.
 */
static size_t CrtIntegerText(unsigned long long Value, int Negative, int Radix, char *Text)
{
    char Reverse[72];
    size_t n = 0;
    do {
        unsigned Digit = (unsigned)(Value % (unsigned)Radix);
        Reverse[n++] = (char)(Digit < 10 ? '0' + Digit : 'a' + Digit - 10);
        Value /= (unsigned)Radix;
    } while (Value != 0);
    size_t Length = 0;
    if (Negative) {
        Text[Length++] = '-';
    }
    while (n != 0) {
        Text[Length++] = Reverse[--n];
    }
    Text[Length] = '\0';
    return Length;
}

/* The _s conversions' checks (Microsoft's order), for both widths; Value is the magnitude. */
static errno_t CrtIntegerToBuffer(unsigned long long Value, int Negative, void *Buffer,
                                  size_t Size, int Radix, int Wide, const char *Function)
{
    if (Buffer == NULL || Size == 0) {
        errno = EINVAL;
        CrtInvalidParameter(Function);
        return EINVAL;
    }
    if (Wide) {
        ((wchar_t *)Buffer)[0] = 0;
    } else {
        ((char *)Buffer)[0] = '\0';
    }
    if (Size <= (size_t)(Negative ? 2 : 1)) {
        errno = ERANGE;
        CrtInvalidParameter(Function);
        return ERANGE;
    }
    if (Radix < 2 || Radix > 36) {
        errno = EINVAL;
        CrtInvalidParameter(Function);
        return EINVAL;
    }
    char Text[72];
    size_t Length = CrtIntegerText(Value, Negative, Radix, Text);
    if (Length >= Size) {
        errno = ERANGE;
        CrtInvalidParameter(Function);
        return ERANGE;
    }
    for (size_t i = 0; i <= Length; i++) {
        if (Wide) {
            ((wchar_t *)Buffer)[i] = (wchar_t)Text[i];
        } else {
            ((char *)Buffer)[i] = Text[i];
        }
    }
    return 0;
}

/* Value's sign counts only in radix 10; otherwise the bits of its own width (Unsigned) are shown. */
#define CRT_NEGATIVE(Value, Radix) ((Radix) == 10 && (Value) < 0)
#define CRT_MAGNITUDE(Value, Radix, Unsigned)                                    \
    (CRT_NEGATIVE(Value, Radix) ? 0ull - (unsigned long long)(long long)(Value)  \
                                : (unsigned long long)(Unsigned)(Value))

/* The unbounded forms: the buffer is assumed large enough (65 chars do). */
#define CRT_UNBOUNDED_TEXT 72

#define CRT_INTEGER_CONVERSIONS(Suffix, Char, Wide)                                          \
    CRTAPI errno_t _ito##Suffix##_s(int Value, Char *Buffer, size_t Size, int Radix)         \
    {                                                                                        \
        return CrtIntegerToBuffer(CRT_MAGNITUDE(Value, Radix, unsigned),                     \
                                  CRT_NEGATIVE(Value, Radix), Buffer, Size, Radix, Wide,     \
                                  __func__);                                                 \
    }                                                                                        \
    CRTAPI errno_t _lto##Suffix##_s(long Value, Char *Buffer, size_t Size, int Radix)        \
    {                                                                                        \
        int32_t Long = (int32_t)Value; /* a Windows LONG */                                  \
        return CrtIntegerToBuffer(CRT_MAGNITUDE(Long, Radix, uint32_t),                      \
                                  CRT_NEGATIVE(Long, Radix), Buffer, Size, Radix, Wide,      \
                                  __func__);                                                 \
    }                                                                                        \
    CRTAPI errno_t _ulto##Suffix##_s(unsigned long Value, Char *Buffer, size_t Size,         \
                                     int Radix)                                              \
    {                                                                                        \
        return CrtIntegerToBuffer((uint32_t)Value, 0, Buffer, Size, Radix, Wide, __func__);  \
    }                                                                                        \
    CRTAPI errno_t _i64to##Suffix##_s(long long Value, Char *Buffer, size_t Size, int Radix) \
    {                                                                                        \
        return CrtIntegerToBuffer(CRT_MAGNITUDE(Value, Radix, unsigned long long),           \
                                  CRT_NEGATIVE(Value, Radix), Buffer, Size, Radix, Wide,     \
                                  __func__);                                                 \
    }                                                                                        \
    CRTAPI errno_t _ui64to##Suffix##_s(unsigned long long Value, Char *Buffer, size_t Size,  \
                                       int Radix)                                            \
    {                                                                                        \
        return CrtIntegerToBuffer(Value, 0, Buffer, Size, Radix, Wide, __func__);            \
    }                                                                                        \
    CRTAPI Char *_ito##Suffix(int Value, Char *Buffer, int Radix)                            \
    {                                                                                        \
        _ito##Suffix##_s(Value, Buffer, CRT_UNBOUNDED_TEXT, Radix);                          \
        return Buffer;                                                                       \
    }                                                                                        \
    CRTAPI Char *_lto##Suffix(long Value, Char *Buffer, int Radix)                           \
    {                                                                                        \
        _lto##Suffix##_s(Value, Buffer, CRT_UNBOUNDED_TEXT, Radix);                          \
        return Buffer;                                                                       \
    }                                                                                        \
    CRTAPI Char *_ulto##Suffix(unsigned long Value, Char *Buffer, int Radix)                 \
    {                                                                                        \
        _ulto##Suffix##_s(Value, Buffer, CRT_UNBOUNDED_TEXT, Radix);                         \
        return Buffer;                                                                       \
    }                                                                                        \
    CRTAPI Char *_i64to##Suffix(long long Value, Char *Buffer, int Radix)                    \
    {                                                                                        \
        _i64to##Suffix##_s(Value, Buffer, CRT_UNBOUNDED_TEXT, Radix);                        \
        return Buffer;                                                                       \
    }                                                                                        \
    CRTAPI Char *_ui64to##Suffix(unsigned long long Value, Char *Buffer, int Radix)          \
    {                                                                                        \
        _ui64to##Suffix##_s(Value, Buffer, CRT_UNBOUNDED_TEXT, Radix);                       \
        return Buffer;                                                                       \
    }

CRT_INTEGER_CONVERSIONS(a, char, 0)
CRT_INTEGER_CONVERSIONS(w, wchar_t, 1)

/* ---- the environment --------------------------------------------------------- */

CRTAPI errno_t getenv_s(size_t *Required, char *Buffer, rsize_t Size, const char *Name)
{
    if (Required == NULL) {
        return CRT_FAIL(EINVAL);
    }
    *Required = 0;
    if ((Buffer == NULL) != (Size == 0)) {
        return CRT_FAIL(EINVAL);
    }
    if (Buffer != NULL) {
        Buffer[0] = '\0';
    }
    if (Name == NULL) {
        return CRT_FAIL(EINVAL);
    }
    const char *Value = getenv(Name);
    if (Value == NULL) {
        return 0;
    }
    size_t Needed = strlen(Value) + 1;
    *Required = Needed;
    if (Size == 0) {
        return 0;
    }
    if (Size < Needed) {
        return CRT_FAIL(ERANGE);
    }
    memcpy(Buffer, Value, Needed);
    return 0;
}

CRTAPI errno_t _dupenv_s(char **Buffer, size_t *Count, const char *Name)
{
    if (Buffer == NULL) {
        return CRT_FAIL(EINVAL);
    }
    *Buffer = NULL;
    if (Count != NULL) {
        *Count = 0;
    }
    if (Name == NULL) {
        return CRT_FAIL(EINVAL);
    }
    const char *Value = getenv(Name);
    if (Value == NULL) {
        return 0;
    }
    size_t Size = strlen(Value) + 1;
    char *Copy = malloc(Size);
    if (Copy == NULL) {
        return errno = ENOMEM;
    }
    memcpy(Copy, Value, Size);
    *Buffer = Copy;
    if (Count != NULL) {
        *Count = Size;
    }
    return 0;
}

CRTAPI errno_t _putenv_s(const char *Name, const char *Value)
{
    if (Name == NULL || Value == NULL || *Name == '\0' || strchr(Name, '=') != NULL) {
        return CRT_FAIL(EINVAL);
    }
    /* An empty value removes the variable (Microsoft's rule). */
    int Result = *Value == '\0' ? unsetenv(Name) : setenv(Name, Value, 1);
    return Result == 0 ? 0 : errno;
}

/*
 * _wgetenv returns a wide copy of the variable that stays valid until the
 * variable changes (Microsoft's pointer into its wide environment behaves
 * the same way).  The copies are kept per name.
 */
typedef struct _CRT_WIDE_ENV {
    struct _CRT_WIDE_ENV *Next;
    char *Name;
    char *Value;            /* the narrow value the wide copy was made from */
    wchar_t *Wide;
} CRT_WIDE_ENV;

static CRT_WIDE_ENV *CrtWideEnv;        /* protected by CrtWideEnvLock */
static pthread_mutex_t CrtWideEnvLock = PTHREAD_MUTEX_INITIALIZER;

CRTAPI wchar_t *_wgetenv(const wchar_t *Name)
{
    CRT_VALIDATE_RETURN(Name != NULL, EINVAL, NULL);
    char *NarrowName = CrtWideToUtf8(Name);
    if (NarrowName == NULL) {
        return NULL;
    }
    wchar_t *Result = NULL;
    pthread_mutex_lock(&CrtWideEnvLock);
    const char *Value = getenv(NarrowName);
    if (Value != NULL) {
        CRT_WIDE_ENV *Entry = CrtWideEnv;
        while (Entry != NULL && strcmp(Entry->Name, NarrowName) != 0) {
            Entry = Entry->Next;
        }
        if (Entry != NULL && strcmp(Entry->Value, Value) == 0) {
            Result = Entry->Wide;
        } else {
            char *ValueCopy = strdup(Value);
            wchar_t *Wide = CrtUtf8ToWide(Value);
            if (Entry == NULL && ValueCopy != NULL && Wide != NULL) {
                Entry = calloc(1, sizeof(*Entry));
                if (Entry != NULL) {
                    Entry->Name = NarrowName;
                    NarrowName = NULL;
                    Entry->Next = CrtWideEnv;
                    CrtWideEnv = Entry;
                }
            }
            if (Entry != NULL && ValueCopy != NULL && Wide != NULL) {
                free(Entry->Value);
                free(Entry->Wide);
                Entry->Value = ValueCopy;
                Entry->Wide = Wide;
                Result = Wide;
            } else {
                free(ValueCopy);
                free(Wide);
                errno = ENOMEM;
            }
        }
    }
    pthread_mutex_unlock(&CrtWideEnvLock);
    free(NarrowName);
    return Result;
}

/*
 * The variable Name (wide) as a wide copy to free: *Wide is NULL when it is
 * not set.  Returns 0 or the errno of a failed conversion.
 */
static errno_t CrtWideGetenvCopy(const wchar_t *Name, wchar_t **Wide)
{
    *Wide = NULL;
    char *NarrowName = CrtWideToUtf8(Name);
    if (NarrowName == NULL) {
        return errno;
    }
    const char *Value = getenv(NarrowName);
    free(NarrowName);
    if (Value == NULL) {
        return 0;
    }
    *Wide = CrtUtf8ToWide(Value);
    return *Wide == NULL ? errno : 0;
}

CRTAPI errno_t _wgetenv_s(size_t *Required, wchar_t *Buffer, size_t Size, const wchar_t *Name)
{
    if (Required == NULL) {
        return CRT_FAIL(EINVAL);
    }
    *Required = 0;
    if ((Buffer == NULL) != (Size == 0)) {
        return CRT_FAIL(EINVAL);
    }
    if (Buffer != NULL) {
        Buffer[0] = 0;
    }
    if (Name == NULL) {
        return CRT_FAIL(EINVAL);
    }
    wchar_t *Wide;
    errno_t Status = CrtWideGetenvCopy(Name, &Wide);
    if (Status != 0 || Wide == NULL) {
        return Status;
    }
    size_t Needed = wcslen(Wide) + 1;
    *Required = Needed;
    if (Size != 0) {
        if (Size < Needed) {
            Status = CRT_FAIL(ERANGE);
        } else {
            wmemcpy(Buffer, Wide, Needed);
        }
    }
    free(Wide);
    return Status;
}

CRTAPI errno_t _wdupenv_s(wchar_t **Buffer, size_t *Count, const wchar_t *Name)
{
    if (Buffer == NULL) {
        return CRT_FAIL(EINVAL);
    }
    *Buffer = NULL;
    if (Count != NULL) {
        *Count = 0;
    }
    if (Name == NULL) {
        return CRT_FAIL(EINVAL);
    }
    wchar_t *Wide;
    errno_t Status = CrtWideGetenvCopy(Name, &Wide);
    if (Status != 0 || Wide == NULL) {
        return Status;
    }
    *Buffer = Wide;
    if (Count != NULL) {
        *Count = wcslen(Wide) + 1;
    }
    return 0;
}

CRTAPI errno_t _wputenv_s(const wchar_t *Name, const wchar_t *Value)
{
    if (Name == NULL || Value == NULL) {
        return CRT_FAIL(EINVAL);
    }
    char *NarrowName = CrtWideToUtf8(Name);
    char *NarrowValue = CrtWideToUtf8(Value);
    errno_t Status;
    if (NarrowName == NULL || NarrowValue == NULL) {
        Status = ENOMEM;
    } else {
        Status = _putenv_s(NarrowName, NarrowValue);
    }
    free(NarrowName);
    free(NarrowValue);
    return Status;
}

CRTAPI int _wputenv(const wchar_t *EnvString)
{
    CRT_VALIDATE_RETURN(EnvString != NULL, EINVAL, -1);
    const wchar_t *Equals = wcschr(EnvString, L'=');
    CRT_VALIDATE_RETURN(Equals != NULL && Equals != EnvString, EINVAL, -1);
    size_t NameLength = (size_t)(Equals - EnvString);
    wchar_t *Name = malloc((NameLength + 1) * sizeof(wchar_t));
    if (Name == NULL) {
        errno = ENOMEM;
        return -1;
    }
    wmemcpy(Name, EnvString, NameLength);
    Name[NameLength] = 0;
    errno_t Status = _wputenv_s(Name, Equals + 1);
    free(Name);
    return Status == 0 ? 0 : -1;
}

CRTAPI int _wsystem(const wchar_t *Command)
{
    if (Command == NULL) {
        return system(NULL);
    }
    char *Narrow = CrtWideToUtf8(Command);
    if (Narrow == NULL) {
        return -1;
    }
    int Result = system(Narrow);
    free(Narrow);
    return Result;
}

/* ---- time ---------------------------------------------------------------- */

/*
 * wcsftime: the format goes through glibc's strftime in UTF-8 (the
 * current locale's names) and the result comes back as UTF-16.  0 (and
 * Buffer set to "") when the result and its terminator do not fit.
 */
CRTAPI size_t wcsftime(wchar_t *Buffer, size_t Size, const wchar_t *Format, const struct tm *Tm)
{
    CRT_VALIDATE_RETURN(Buffer != NULL && Size > 0, EINVAL, 0);
    Buffer[0] = 0;
    CRT_VALIDATE_RETURN(Format != NULL && Tm != NULL, EINVAL, 0);

    char *NarrowFormat = CrtWideToUtf8(Format);
    if (NarrowFormat == NULL) {
        return 0;
    }
    /* A UTF-16 unit needs at most 3 UTF-8 bytes: a bigger result cannot fit. */
    size_t Limit = Size * 3 + 1;
    size_t Capacity = Limit < 256 ? Limit : 256;
    char *Text = NULL;
    size_t Length = 0;
    for (;;) {
        char *Grown = realloc(Text, Capacity);
        if (Grown == NULL) {
            free(Text);
            free(NarrowFormat);
            errno = ENOMEM;
            return 0;
        }
        Text = Grown;
        Length = CrtGlibcStrftime(Text, Capacity, NarrowFormat, Tm);
        if (Length != 0 || Capacity >= Limit) {
            break;
        }
        Capacity = Capacity * 2 < Limit ? Capacity * 2 : Limit;
    }
    size_t Result = 0;
    if (Length != 0) {
        Text[Length] = '\0';
        wchar_t *Wide = CrtUtf8ToWide(Text);
        if (Wide != NULL) {
            size_t Units = wcslen(Wide);
            if (Units < Size) {
                wmemcpy(Buffer, Wide, Units + 1);
                Result = Units;
            }
            free(Wide);
        }
    }
    free(Text);
    free(NarrowFormat);
    return Result;
}
