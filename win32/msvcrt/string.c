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

#define CRT_CH char
#define CRT_STR(Pre, Post) Pre##str##Post
#define CRT_MEM(Post) mem##Post
#define CRT_MEM_T void
#define CRT_MEM_UNIT 1
#define CRT_SET_T int
#define CRT_TO_LOWER(C) ((char)CrtAsciiLower((unsigned char)(C)))
#define CRT_TO_UPPER(C) ((char)CrtAsciiUpper((unsigned char)(C)))
#include "string_template.h"

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
