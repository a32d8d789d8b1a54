/*
 * msvcrt/string_template.h - the Microsoft string additions whose narrow
 * and wide forms are the same but for the character type, written once.
 * Included by string.c and wstring.c (no include guard) after defining:
 *   CRT_CH                     char or wchar_t
 *   CRT_STR(Pre, Post)         the name Pre str Post or Pre wcs Post
 *   CRT_MEM(Post)              the name memPost or wmemPost
 *   CRT_MEM_T                  the mem*_s element type (void / wchar_t)
 *   CRT_MEM_UNIT               its size in bytes (1 / sizeof(wchar_t))
 *   CRT_SET_T                  the _strset value type (int / wchar_t)
 *   CRT_TO_LOWER, CRT_TO_UPPER (one character, folded)
 */

CRTAPI CRT_CH *CRT_STR(_, lwr)(CRT_CH *String)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, NULL);
    for (CRT_CH *p = String; *p != 0; p++) {
        *p = CRT_TO_LOWER(*p);
    }
    return String;
}

CRTAPI CRT_CH *CRT_STR(_, upr)(CRT_CH *String)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, NULL);
    for (CRT_CH *p = String; *p != 0; p++) {
        *p = CRT_TO_UPPER(*p);
    }
    return String;
}

/* _strlwr_s/_strupr_s: EINVAL (the string reset) if it is not terminated within Size. */
static errno_t CrtCase(CRT_CH *String, size_t Size, int Upper, const char *Function)
{
    if (String == NULL || Size == 0 || CRT_STR(, nlen)(String, Size) == Size) {
        if (String != NULL && Size != 0) {
            String[0] = 0;
        }
        errno = EINVAL;
        CrtInvalidParameter(Function);
        return EINVAL;
    }
    if (Upper) {
        CRT_STR(_, upr)(String);
    } else {
        CRT_STR(_, lwr)(String);
    }
    return 0;
}

CRTAPI errno_t CRT_STR(_, lwr_s)(CRT_CH *String, size_t Size)
{
    return CrtCase(String, Size, 0, __func__);
}

CRTAPI errno_t CRT_STR(_, upr_s)(CRT_CH *String, size_t Size)
{
    return CrtCase(String, Size, 1, __func__);
}

CRTAPI CRT_CH *CRT_STR(_, rev)(CRT_CH *String)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, NULL);
    size_t Length = CRT_STR(, len)(String);
    for (size_t i = 0; i < Length / 2; i++) {
        CRT_CH t = String[i];
        String[i] = String[Length - 1 - i];
        String[Length - 1 - i] = t;
    }
    return String;
}

CRTAPI CRT_CH *CRT_STR(_, set)(CRT_CH *String, CRT_SET_T Value)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, NULL);
    for (CRT_CH *p = String; *p != 0; p++) {
        *p = (CRT_CH)Value;
    }
    return String;
}

CRTAPI CRT_CH *CRT_STR(_, nset)(CRT_CH *String, CRT_SET_T Value, size_t MaxCount)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, NULL);
    for (size_t i = 0; i < MaxCount && String[i] != 0; i++) {
        String[i] = (CRT_CH)Value;
    }
    return String;
}

/* ---- bounds-checked (Microsoft's rules, see string.h) ---------------------- */

/* The checks strcpy_s and strcat_s begin with: a destination, then a source. */
#define CRT_CHECK_DESTINATION_SOURCE(Destination, Size, Source)          \
    do {                                                                  \
        if ((Destination) == NULL || (Size) == 0) {                       \
            return CRT_FAIL(EINVAL);                                      \
        }                                                                 \
        if ((Source) == NULL) {                                           \
            (Destination)[0] = 0;                                         \
            return CRT_FAIL(EINVAL);                                      \
        }                                                                 \
    } while (0)

CRTAPI errno_t CRT_STR(, cpy_s)(CRT_CH *Destination, rsize_t Size, const CRT_CH *Source)
{
    CRT_CHECK_DESTINATION_SOURCE(Destination, Size, Source);
    size_t Length = CRT_STR(, nlen)(Source, Size);
    if (Length == Size) {
        Destination[0] = 0;
        return CRT_FAIL(ERANGE);
    }
    CRT_MEM(move)(Destination, Source, Length + 1);
    return 0;
}

CRTAPI errno_t CRT_STR(, ncpy_s)(CRT_CH *Destination, rsize_t Size, const CRT_CH *Source,
                                 rsize_t MaxCount)
{
    if (MaxCount == 0 && Destination == NULL && Size == 0) {
        return 0;
    }
    if (Destination == NULL || Size == 0) {
        return CRT_FAIL(EINVAL);
    }
    if (MaxCount == 0) {
        Destination[0] = 0;
        return 0;
    }
    if (Source == NULL) {
        Destination[0] = 0;
        return CRT_FAIL(EINVAL);
    }
    size_t Length = CRT_STR(, nlen)(Source, MaxCount == _TRUNCATE ? Size : MaxCount);
    if (Length < Size) {
        CRT_MEM(move)(Destination, Source, Length);
        Destination[Length] = 0;
        return 0;
    }
    if (MaxCount == _TRUNCATE) {
        CRT_MEM(move)(Destination, Source, Size - 1);
        Destination[Size - 1] = 0;
        return STRUNCATE;
    }
    Destination[0] = 0;
    return CRT_FAIL(ERANGE);
}

CRTAPI errno_t CRT_STR(, cat_s)(CRT_CH *Destination, rsize_t Size, const CRT_CH *Source)
{
    CRT_CHECK_DESTINATION_SOURCE(Destination, Size, Source);
    size_t Used = CRT_STR(, nlen)(Destination, Size);
    if (Used == Size) {
        /* The destination is not terminated within its size. */
        Destination[0] = 0;
        return CRT_FAIL(EINVAL);
    }
    size_t Length = CRT_STR(, nlen)(Source, Size - Used);
    if (Length == Size - Used) {
        Destination[0] = 0;
        return CRT_FAIL(ERANGE);
    }
    CRT_MEM(move)(Destination + Used, Source, Length + 1);
    return 0;
}

CRTAPI errno_t CRT_STR(, ncat_s)(CRT_CH *Destination, rsize_t Size, const CRT_CH *Source,
                                 rsize_t MaxCount)
{
    if (MaxCount == 0 && Destination == NULL && Size == 0) {
        return 0;
    }
    if (Destination == NULL || Size == 0) {
        return CRT_FAIL(EINVAL);
    }
    if (MaxCount != 0 && Source == NULL) {
        Destination[0] = 0;
        return CRT_FAIL(EINVAL);
    }
    size_t Used = CRT_STR(, nlen)(Destination, Size);
    if (Used == Size) {
        Destination[0] = 0;
        return CRT_FAIL(EINVAL);
    }
    size_t Room = Size - Used;          /* including the terminator */
    size_t Length = MaxCount == 0 ? 0
                                  : CRT_STR(, nlen)(Source, MaxCount == _TRUNCATE ? Room : MaxCount);
    if (Length < Room) {
        CRT_MEM(move)(Destination + Used, Source, Length);
        Destination[Used + Length] = 0;
        return 0;
    }
    if (MaxCount == _TRUNCATE) {
        CRT_MEM(move)(Destination + Used, Source, Room - 1);
        Destination[Size - 1] = 0;
        return STRUNCATE;
    }
    Destination[0] = 0;
    return CRT_FAIL(ERANGE);
}

CRTAPI errno_t CRT_MEM(cpy_s)(CRT_MEM_T *Destination, rsize_t DestinationSize,
                              const CRT_MEM_T *Source, rsize_t Count)
{
    if (Count == 0) {
        return 0;
    }
    if (Destination == NULL) {
        return CRT_FAIL(EINVAL);
    }
    if (Source == NULL || DestinationSize < Count) {
        /* Microsoft clears the destination before reporting the error. */
        memset(Destination, 0, DestinationSize * CRT_MEM_UNIT);
        return CRT_FAIL(Source == NULL ? EINVAL : ERANGE);
    }
    memcpy(Destination, Source, Count * CRT_MEM_UNIT);
    return 0;
}

CRTAPI errno_t CRT_MEM(move_s)(CRT_MEM_T *Destination, rsize_t DestinationSize,
                               const CRT_MEM_T *Source, rsize_t Count)
{
    if (Count == 0) {
        return 0;
    }
    if (Destination == NULL || Source == NULL) {
        return CRT_FAIL(EINVAL);
    }
    if (DestinationSize < Count) {
        return CRT_FAIL(ERANGE);
    }
    memmove(Destination, Source, Count * CRT_MEM_UNIT);
    return 0;
}
