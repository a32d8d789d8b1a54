/*
 * msvcrt/wstring.c - the wide-string functions on the 16-bit wchar_t of
 * ntio applications (glibc's assume 32 bits), with Microsoft's additions
 * and their bounds-checked forms.  Comparisons are by code unit; the
 * case-insensitive ones fold with towlower.
 */
#include "crt.h"

/* ---- ISO C -------------------------------------------------------------- */

CRTAPI size_t wcslen(const wchar_t *String)
{
    const wchar_t *p = String;
    while (*p != 0) {
        p++;
    }
    return (size_t)(p - String);
}

CRTAPI size_t wcsnlen(const wchar_t *String, size_t MaxCount)
{
    size_t n = 0;
    while (n < MaxCount && String[n] != 0) {
        n++;
    }
    return n;
}

CRTAPI size_t wcsnlen_s(const wchar_t *String, size_t MaxCount)
{
    return String == NULL ? 0 : wcsnlen(String, MaxCount);
}

CRTAPI wchar_t *wcscpy(wchar_t *Destination, const wchar_t *Source)
{
    wchar_t *d = Destination;
    while ((*d++ = *Source++) != 0) {
    }
    return Destination;
}

CRTAPI wchar_t *wcpcpy(wchar_t *Destination, const wchar_t *Source)
{
    while ((*Destination = *Source++) != 0) {
        Destination++;
    }
    return Destination;
}

CRTAPI wchar_t *wcsncpy(wchar_t *Destination, const wchar_t *Source, size_t Count)
{
    size_t i = 0;
    for (; i < Count && Source[i] != 0; i++) {
        Destination[i] = Source[i];
    }
    for (; i < Count; i++) {
        Destination[i] = 0;
    }
    return Destination;
}

CRTAPI wchar_t *wcpncpy(wchar_t *Destination, const wchar_t *Source, size_t Count)
{
    size_t Length = wcsnlen(Source, Count);
    wcsncpy(Destination, Source, Count);
    return Destination + Length;
}

CRTAPI wchar_t *wcscat(wchar_t *Destination, const wchar_t *Source)
{
    wcscpy(Destination + wcslen(Destination), Source);
    return Destination;
}

CRTAPI wchar_t *wcsncat(wchar_t *Destination, const wchar_t *Source, size_t Count)
{
    wchar_t *d = Destination + wcslen(Destination);
    size_t i = 0;
    for (; i < Count && Source[i] != 0; i++) {
        d[i] = Source[i];
    }
    d[i] = 0;
    return Destination;
}

CRTAPI int wcscmp(const wchar_t *String1, const wchar_t *String2)
{
    while (*String1 != 0 && *String1 == *String2) {
        String1++;
        String2++;
    }
    if (*String1 == *String2) {
        return 0;
    }
    /* wchar_t is unsigned here (as on Windows). */
    return (unsigned)*String1 < (unsigned)*String2 ? -1 : 1;
}

CRTAPI int wcsncmp(const wchar_t *String1, const wchar_t *String2, size_t MaxCount)
{
    for (size_t i = 0; i < MaxCount; i++) {
        if (String1[i] != String2[i]) {
            return (unsigned)String1[i] < (unsigned)String2[i] ? -1 : 1;
        }
        if (String1[i] == 0) {
            break;
        }
    }
    return 0;
}

CRTAPI int wcscoll(const wchar_t *String1, const wchar_t *String2)
{
    return wcscmp(String1, String2);
}

CRTAPI size_t wcsxfrm(wchar_t *Destination, const wchar_t *Source, size_t MaxCount)
{
    size_t Length = wcslen(Source);
    if (Length < MaxCount) {
        wmemcpy(Destination, Source, Length + 1);
    }
    return Length;
}

CRTAPI wchar_t *wcschr(const wchar_t *String, wchar_t C)
{
    for (;; String++) {
        if (*String == C) {
            return (wchar_t *)String;
        }
        if (*String == 0) {
            return NULL;
        }
    }
}

CRTAPI wchar_t *wcschrnul(const wchar_t *String, wchar_t C)
{
    while (*String != 0 && *String != C) {
        String++;
    }
    return (wchar_t *)String;
}

CRTAPI wchar_t *wcsrchr(const wchar_t *String, wchar_t C)
{
    const wchar_t *Last = NULL;
    for (;; String++) {
        if (*String == C) {
            Last = String;
        }
        if (*String == 0) {
            return (wchar_t *)Last;
        }
    }
}

CRTAPI size_t wcsspn(const wchar_t *String, const wchar_t *Control)
{
    size_t n = 0;
    while (String[n] != 0 && wcschr(Control, String[n]) != NULL) {
        n++;
    }
    return n;
}

CRTAPI size_t wcscspn(const wchar_t *String, const wchar_t *Control)
{
    size_t n = 0;
    while (String[n] != 0 && wcschr(Control, String[n]) == NULL) {
        n++;
    }
    return n;
}

CRTAPI wchar_t *wcspbrk(const wchar_t *String, const wchar_t *Control)
{
    String += wcscspn(String, Control);
    return *String != 0 ? (wchar_t *)String : NULL;
}

CRTAPI wchar_t *wcsstr(const wchar_t *String, const wchar_t *SubString)
{
    size_t Length = wcslen(SubString);
    if (Length == 0) {
        return (wchar_t *)String;
    }
    for (; *String != 0; String++) {
        if (*String == *SubString && wcsncmp(String, SubString, Length) == 0) {
            return (wchar_t *)String;
        }
    }
    return NULL;
}

CRTAPI wchar_t *wcstok(wchar_t *String, const wchar_t *Delimiter, wchar_t **Context)
{
    if (String == NULL) {
        String = *Context;
        if (String == NULL) {
            return NULL;
        }
    }
    String += wcsspn(String, Delimiter);
    if (*String == 0) {
        *Context = String;
        return NULL;
    }
    wchar_t *End = String + wcscspn(String, Delimiter);
    if (*End != 0) {
        *End++ = 0;
    }
    *Context = End;
    return String;
}

CRTAPI wchar_t *wcstok_s(wchar_t *String, const wchar_t *Delimiter, wchar_t **Context)
{
    CRT_VALIDATE_RETURN(Context != NULL, EINVAL, NULL);
    CRT_VALIDATE_RETURN(Delimiter != NULL, EINVAL, NULL);
    CRT_VALIDATE_RETURN(String != NULL || *Context != NULL, EINVAL, NULL);
    return wcstok(String, Delimiter, Context);
}

CRTAPI wchar_t *_wcstok(wchar_t *String, const wchar_t *Delimiter)
{
    static __thread wchar_t *Context;
    return wcstok(String, Delimiter, &Context);
}

CRTAPI wchar_t *wmemchr(const wchar_t *Buffer, wchar_t C, size_t N)
{
    for (size_t i = 0; i < N; i++) {
        if (Buffer[i] == C) {
            return (wchar_t *)Buffer + i;
        }
    }
    return NULL;
}

CRTAPI int wmemcmp(const wchar_t *Buffer1, const wchar_t *Buffer2, size_t N)
{
    for (size_t i = 0; i < N; i++) {
        if (Buffer1[i] != Buffer2[i]) {
            return (unsigned)Buffer1[i] < (unsigned)Buffer2[i] ? -1 : 1;
        }
    }
    return 0;
}

CRTAPI wchar_t *wmemcpy(wchar_t *Destination, const wchar_t *Source, size_t N)
{
    return memcpy(Destination, Source, N * sizeof(wchar_t));
}

CRTAPI wchar_t *wmempcpy(wchar_t *Destination, const wchar_t *Source, size_t N)
{
    return (wchar_t *)memcpy(Destination, Source, N * sizeof(wchar_t)) + N;
}

CRTAPI wchar_t *wmemmove(wchar_t *Destination, const wchar_t *Source, size_t N)
{
    return memmove(Destination, Source, N * sizeof(wchar_t));
}

CRTAPI wchar_t *wmemset(wchar_t *Destination, wchar_t Value, size_t N)
{
    for (size_t i = 0; i < N; i++) {
        Destination[i] = Value;
    }
    return Destination;
}

CRTAPI wchar_t *wcsdup(const wchar_t *String)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, NULL);
    size_t Size = (wcslen(String) + 1) * sizeof(wchar_t);
    wchar_t *Copy = malloc(Size);
    if (Copy == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    return memcpy(Copy, String, Size);
}

/* ---- case ---------------------------------------------------------------- */

static unsigned CrtFold(wchar_t C)
{
    return (unsigned)towlower(C);
}

CRTAPI int _wcsicmp(const wchar_t *String1, const wchar_t *String2)
{
    CRT_VALIDATE_RETURN(String1 != NULL && String2 != NULL, EINVAL, INT_MAX);
    unsigned a, b;
    do {
        a = CrtFold(*String1++);
        b = CrtFold(*String2++);
    } while (a != 0 && a == b);
    return (int)a - (int)b;
}

CRTAPI int _wcsnicmp(const wchar_t *String1, const wchar_t *String2, size_t MaxCount)
{
    if (MaxCount == 0) {
        return 0;
    }
    CRT_VALIDATE_RETURN(String1 != NULL && String2 != NULL, EINVAL, INT_MAX);
    unsigned a, b;
    do {
        a = CrtFold(*String1++);
        b = CrtFold(*String2++);
    } while (--MaxCount != 0 && a != 0 && a == b);
    return (int)a - (int)b;
}

CRTAPI int wcscasecmp(const wchar_t *String1, const wchar_t *String2)
{
    return _wcsicmp(String1, String2);
}

CRTAPI int wcsncasecmp(const wchar_t *String1, const wchar_t *String2, size_t MaxCount)
{
    return _wcsnicmp(String1, String2, MaxCount);
}

CRTAPI wchar_t *_wcslwr(wchar_t *String)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, NULL);
    for (wchar_t *p = String; *p != 0; p++) {
        *p = (wchar_t)towlower(*p);
    }
    return String;
}

CRTAPI wchar_t *_wcsupr(wchar_t *String)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, NULL);
    for (wchar_t *p = String; *p != 0; p++) {
        *p = (wchar_t)towupper(*p);
    }
    return String;
}

/* _wcslwr_s/_wcsupr_s: EINVAL (the string reset) if it is not terminated within Size. */
static errno_t CrtWideCase(wchar_t *String, size_t Size, int Upper, const char *Function)
{
    if (String == NULL || Size == 0) {
        errno = EINVAL;
        CrtInvalidParameter(Function);
        return EINVAL;
    }
    if (wcsnlen(String, Size) == Size) {
        String[0] = 0;
        errno = EINVAL;
        CrtInvalidParameter(Function);
        return EINVAL;
    }
    if (Upper) {
        _wcsupr(String);
    } else {
        _wcslwr(String);
    }
    return 0;
}

CRTAPI errno_t _wcslwr_s(wchar_t *String, size_t Size)
{
    return CrtWideCase(String, Size, 0, __func__);
}

CRTAPI errno_t _wcsupr_s(wchar_t *String, size_t Size)
{
    return CrtWideCase(String, Size, 1, __func__);
}

CRTAPI wchar_t *_wcsrev(wchar_t *String)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, NULL);
    size_t Length = wcslen(String);
    for (size_t i = 0; i < Length / 2; i++) {
        wchar_t t = String[i];
        String[i] = String[Length - 1 - i];
        String[Length - 1 - i] = t;
    }
    return String;
}

CRTAPI wchar_t *_wcsset(wchar_t *String, wchar_t Value)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, NULL);
    for (wchar_t *p = String; *p != 0; p++) {
        *p = Value;
    }
    return String;
}

CRTAPI wchar_t *_wcsnset(wchar_t *String, wchar_t Value, size_t MaxCount)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, NULL);
    for (size_t i = 0; i < MaxCount && String[i] != 0; i++) {
        String[i] = Value;
    }
    return String;
}

/* ---- bounds-checked (Microsoft's rules, see corecrt_wstring.h) ------------- */

CRTAPI errno_t wcscpy_s(wchar_t *Destination, rsize_t Size, const wchar_t *Source)
{
    if (Destination == NULL || Size == 0) {
        return CRT_FAIL(EINVAL);
    }
    if (Source == NULL) {
        Destination[0] = 0;
        return CRT_FAIL(EINVAL);
    }
    size_t Length = wcsnlen(Source, Size);
    if (Length == Size) {
        Destination[0] = 0;
        return CRT_FAIL(ERANGE);
    }
    wmemmove(Destination, Source, Length + 1);
    return 0;
}

CRTAPI errno_t wcsncpy_s(wchar_t *Destination, rsize_t Size, const wchar_t *Source,
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
    size_t Length = wcsnlen(Source, MaxCount == _TRUNCATE ? Size : MaxCount);
    if (Length < Size) {
        wmemmove(Destination, Source, Length);
        Destination[Length] = 0;
        return 0;
    }
    if (MaxCount == _TRUNCATE) {
        wmemmove(Destination, Source, Size - 1);
        Destination[Size - 1] = 0;
        return STRUNCATE;
    }
    Destination[0] = 0;
    return CRT_FAIL(ERANGE);
}

CRTAPI errno_t wcscat_s(wchar_t *Destination, rsize_t Size, const wchar_t *Source)
{
    if (Destination == NULL || Size == 0) {
        return CRT_FAIL(EINVAL);
    }
    if (Source == NULL) {
        Destination[0] = 0;
        return CRT_FAIL(EINVAL);
    }
    size_t Used = wcsnlen(Destination, Size);
    if (Used == Size) {
        /* The destination is not terminated within its size. */
        Destination[0] = 0;
        return CRT_FAIL(EINVAL);
    }
    size_t Length = wcsnlen(Source, Size - Used);
    if (Length == Size - Used) {
        Destination[0] = 0;
        return CRT_FAIL(ERANGE);
    }
    wmemmove(Destination + Used, Source, Length + 1);
    return 0;
}

CRTAPI errno_t wcsncat_s(wchar_t *Destination, rsize_t Size, const wchar_t *Source,
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
    size_t Used = wcsnlen(Destination, Size);
    if (Used == Size) {
        Destination[0] = 0;
        return CRT_FAIL(EINVAL);
    }
    size_t Room = Size - Used;          /* including the terminator */
    size_t Length = MaxCount == 0 ? 0
                                  : wcsnlen(Source, MaxCount == _TRUNCATE ? Room : MaxCount);
    if (Length < Room) {
        wmemmove(Destination + Used, Source, Length);
        Destination[Used + Length] = 0;
        return 0;
    }
    if (MaxCount == _TRUNCATE) {
        wmemmove(Destination + Used, Source, Room - 1);
        Destination[Size - 1] = 0;
        return STRUNCATE;
    }
    Destination[0] = 0;
    return CRT_FAIL(ERANGE);
}

CRTAPI errno_t wmemcpy_s(wchar_t *Destination, rsize_t DestinationSize, const wchar_t *Source,
                         rsize_t Count)
{
    if (Count == 0) {
        return 0;
    }
    if (Destination == NULL) {
        return CRT_FAIL(EINVAL);
    }
    if (Source == NULL || DestinationSize < Count) {
        /* Microsoft clears the destination before reporting the error. */
        memset(Destination, 0, DestinationSize * sizeof(wchar_t));
        return CRT_FAIL(Source == NULL ? EINVAL : ERANGE);
    }
    memcpy(Destination, Source, Count * sizeof(wchar_t));
    return 0;
}

CRTAPI errno_t wmemmove_s(wchar_t *Destination, rsize_t DestinationSize, const wchar_t *Source,
                          rsize_t Count)
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
    memmove(Destination, Source, Count * sizeof(wchar_t));
    return 0;
}
