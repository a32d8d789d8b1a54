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

#define CRT_CH wchar_t
#define CRT_STR(Pre, Post) Pre##wcs##Post
#define CRT_MEM(Post) wmem##Post
#define CRT_MEM_T wchar_t
#define CRT_MEM_UNIT sizeof(wchar_t)
#define CRT_SET_T wchar_t
#define CRT_TO_LOWER(C) ((wchar_t)towlower(C))
#define CRT_TO_UPPER(C) ((wchar_t)towupper(C))
#include "string_template.h"
