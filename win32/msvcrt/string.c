/*
 * msvcrt/string.c - Microsoft's additions to <string.h>: case-insensitive
 * comparisons (ASCII folding, the "C" locale's rule), in-place case and
 * order changes, and the bounds-checked functions (see string.h for their
 * error rules).
 */
#include "crt.h"

static int CrtAsciiLower(int C)
{
    return C >= 'A' && C <= 'Z' ? C + ('a' - 'A') : C;
}

static int CrtAsciiUpper(int C)
{
    return C >= 'a' && C <= 'z' ? C - ('a' - 'A') : C;
}

CRTAPI int _stricmp(const char *String1, const char *String2)
{
    CRT_VALIDATE_RETURN(String1 != NULL && String2 != NULL, EINVAL, INT_MAX);
    int a, b;
    do {
        a = CrtAsciiLower((unsigned char)*String1++);
        b = CrtAsciiLower((unsigned char)*String2++);
    } while (a != 0 && a == b);
    return a - b;
}

CRTAPI int _strnicmp(const char *String1, const char *String2, size_t MaxCount)
{
    if (MaxCount == 0) {
        return 0;
    }
    CRT_VALIDATE_RETURN(String1 != NULL && String2 != NULL, EINVAL, INT_MAX);
    int a, b;
    do {
        a = CrtAsciiLower((unsigned char)*String1++);
        b = CrtAsciiLower((unsigned char)*String2++);
    } while (--MaxCount != 0 && a != 0 && a == b);
    return a - b;
}

CRTAPI int _memicmp(const void *Buffer1, const void *Buffer2, size_t Size)
{
    if (Size == 0) {
        return 0;
    }
    CRT_VALIDATE_RETURN(Buffer1 != NULL && Buffer2 != NULL, EINVAL, INT_MAX);
    const unsigned char *a = Buffer1, *b = Buffer2;
    for (size_t i = 0; i < Size; i++) {
        int Difference = CrtAsciiLower(a[i]) - CrtAsciiLower(b[i]);
        if (Difference != 0) {
            return Difference;
        }
    }
    return 0;
}

CRTAPI char *_strlwr(char *String)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, NULL);
    for (char *p = String; *p != '\0'; p++) {
        *p = (char)CrtAsciiLower((unsigned char)*p);
    }
    return String;
}

CRTAPI char *_strupr(char *String)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, NULL);
    for (char *p = String; *p != '\0'; p++) {
        *p = (char)CrtAsciiUpper((unsigned char)*p);
    }
    return String;
}

static errno_t CrtCase(char *String, size_t Size, int Upper, const char *Function)
{
    if (String == NULL || Size == 0 || strnlen(String, Size) == Size) {
        if (String != NULL && Size != 0) {
            String[0] = '\0';
        }
        errno = EINVAL;
        CrtInvalidParameter(Function);
        return EINVAL;
    }
    if (Upper) {
        _strupr(String);
    } else {
        _strlwr(String);
    }
    return 0;
}

CRTAPI errno_t _strlwr_s(char *String, size_t Size)
{
    return CrtCase(String, Size, 0, __func__);
}

CRTAPI errno_t _strupr_s(char *String, size_t Size)
{
    return CrtCase(String, Size, 1, __func__);
}

CRTAPI char *_strrev(char *String)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, NULL);
    size_t Length = strlen(String);
    for (size_t i = 0; i < Length / 2; i++) {
        char t = String[i];
        String[i] = String[Length - 1 - i];
        String[Length - 1 - i] = t;
    }
    return String;
}

CRTAPI char *_strset(char *String, int Value)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, NULL);
    for (char *p = String; *p != '\0'; p++) {
        *p = (char)Value;
    }
    return String;
}

CRTAPI char *_strnset(char *String, int Value, size_t MaxCount)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, NULL);
    for (size_t i = 0; i < MaxCount && String[i] != '\0'; i++) {
        String[i] = (char)Value;
    }
    return String;
}

/* "message: error text\n" for errno (Microsoft's _strerror); per thread. */
CRTAPI char *_strerror(const char *Message)
{
    static __thread char Buffer[256];
    char Text[128];
    const char *Error = strerror_r(errno, Text, sizeof Text);
    if (Message != NULL && *Message != '\0') {
        snprintf(Buffer, sizeof Buffer, "%s: %s\n", Message, Error);
    } else {
        snprintf(Buffer, sizeof Buffer, "%s\n", Error);
    }
    return Buffer;
}

CRTAPI errno_t strerror_s(char *Buffer, size_t Size, int ErrorNumber)
{
    if (Buffer == NULL || Size == 0) {
        return CRT_FAIL(EINVAL);
    }
    char Text[128];
    const char *Error = strerror_r(ErrorNumber, Text, sizeof Text);
    /* Microsoft cuts a long message to fit (STRUNCATE is not reported). */
    size_t Length = strnlen(Error, Size - 1);
    memmove(Buffer, Error, Length);
    Buffer[Length] = '\0';
    return 0;
}

/* ---- bounds-checked ------------------------------------------------------- */

CRTAPI errno_t strcpy_s(char *Destination, rsize_t Size, const char *Source)
{
    if (Destination == NULL || Size == 0) {
        return CRT_FAIL(EINVAL);
    }
    if (Source == NULL) {
        Destination[0] = '\0';
        return CRT_FAIL(EINVAL);
    }
    size_t Length = strnlen(Source, Size);
    if (Length == Size) {
        Destination[0] = '\0';
        return CRT_FAIL(ERANGE);
    }
    memmove(Destination, Source, Length + 1);
    return 0;
}

CRTAPI errno_t strncpy_s(char *Destination, rsize_t Size, const char *Source, rsize_t MaxCount)
{
    if (MaxCount == 0 && Destination == NULL && Size == 0) {
        return 0;
    }
    if (Destination == NULL || Size == 0) {
        return CRT_FAIL(EINVAL);
    }
    if (MaxCount == 0) {
        Destination[0] = '\0';
        return 0;
    }
    if (Source == NULL) {
        Destination[0] = '\0';
        return CRT_FAIL(EINVAL);
    }
    size_t Length = strnlen(Source, MaxCount == _TRUNCATE ? Size : MaxCount);
    if (Length < Size) {
        memmove(Destination, Source, Length);
        Destination[Length] = '\0';
        return 0;
    }
    if (MaxCount == _TRUNCATE) {
        memmove(Destination, Source, Size - 1);
        Destination[Size - 1] = '\0';
        return STRUNCATE;
    }
    Destination[0] = '\0';
    return CRT_FAIL(ERANGE);
}

CRTAPI errno_t strcat_s(char *Destination, rsize_t Size, const char *Source)
{
    if (Destination == NULL || Size == 0) {
        return CRT_FAIL(EINVAL);
    }
    if (Source == NULL) {
        Destination[0] = '\0';
        return CRT_FAIL(EINVAL);
    }
    size_t Used = strnlen(Destination, Size);
    if (Used == Size) {
        Destination[0] = '\0';
        return CRT_FAIL(EINVAL);
    }
    size_t Length = strnlen(Source, Size - Used);
    if (Length == Size - Used) {
        Destination[0] = '\0';
        return CRT_FAIL(ERANGE);
    }
    memmove(Destination + Used, Source, Length + 1);
    return 0;
}

CRTAPI errno_t strncat_s(char *Destination, rsize_t Size, const char *Source, rsize_t MaxCount)
{
    if (MaxCount == 0 && Destination == NULL && Size == 0) {
        return 0;
    }
    if (Destination == NULL || Size == 0) {
        return CRT_FAIL(EINVAL);
    }
    if (MaxCount != 0 && Source == NULL) {
        Destination[0] = '\0';
        return CRT_FAIL(EINVAL);
    }
    size_t Used = strnlen(Destination, Size);
    if (Used == Size) {
        Destination[0] = '\0';
        return CRT_FAIL(EINVAL);
    }
    size_t Room = Size - Used;
    size_t Length = MaxCount == 0 ? 0
                                  : strnlen(Source, MaxCount == _TRUNCATE ? Room : MaxCount);
    if (Length < Room) {
        memmove(Destination + Used, Source, Length);
        Destination[Used + Length] = '\0';
        return 0;
    }
    if (MaxCount == _TRUNCATE) {
        memmove(Destination + Used, Source, Room - 1);
        Destination[Size - 1] = '\0';
        return STRUNCATE;
    }
    Destination[0] = '\0';
    return CRT_FAIL(ERANGE);
}

CRTAPI size_t strnlen_s(const char *String, size_t MaxCount)
{
    return String == NULL ? 0 : strnlen(String, MaxCount);
}

CRTAPI char *strtok_s(char *String, const char *Delimiter, char **Context)
{
    CRT_VALIDATE_RETURN(Context != NULL, EINVAL, NULL);
    CRT_VALIDATE_RETURN(Delimiter != NULL, EINVAL, NULL);
    CRT_VALIDATE_RETURN(String != NULL || *Context != NULL, EINVAL, NULL);
    return strtok_r(String, Delimiter, Context);
}

CRTAPI errno_t memcpy_s(void *Destination, rsize_t DestinationSize, const void *Source,
                        rsize_t Count)
{
    if (Count == 0) {
        return 0;
    }
    if (Destination == NULL) {
        return CRT_FAIL(EINVAL);
    }
    if (Source == NULL || DestinationSize < Count) {
        memset(Destination, 0, DestinationSize);
        return CRT_FAIL(Source == NULL ? EINVAL : ERANGE);
    }
    memcpy(Destination, Source, Count);
    return 0;
}

CRTAPI errno_t memmove_s(void *Destination, rsize_t DestinationSize, const void *Source,
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
    memmove(Destination, Source, Count);
    return 0;
}
