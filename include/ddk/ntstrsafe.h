/*
 * ntstrsafe.h - the safe string functions for drivers (RtlStringCchCopyW,
 * RtlStringCbPrintfA, RtlUnicodeStringPrintf ...), header-only as
 * Microsoft's.  The character-array functions are <ntio/strsafe_core.h>'s
 * (shared with the applications' <strsafe.h>); the printf forms call the
 * kernel's formatter (RtlpFormatV, RtlpFormatWV), so %wZ, %ws and the
 * other Microsoft formats work.
 *
 * Results:
 *   STATUS_SUCCESS            the whole result fit
 *   STATUS_BUFFER_OVERFLOW    cut to fit: a character array is still
 *                             terminated, a UNICODE_STRING's Length covers
 *                             what fit (Ex + STRSAFE_NO_TRUNCATION: not kept)
 *   STATUS_INVALID_PARAMETER  a size of 0 or above NTSTRSAFE_MAX_CCH
 *                             (NTSTRSAFE_UNICODE_STRING_MAX_CCH for counted
 *                             strings), an unterminated destination for Cat,
 *                             an inconsistent UNICODE_STRING, an invalid
 *                             flag, NULL without STRSAFE_IGNORE_NULLS, an
 *                             invalid format (destination set to "")
 * UNICODE_STRING results are never terminated (Length counts the text).
 */
#ifndef _NTSTRSAFE_H_INCLUDED_
#define _NTSTRSAFE_H_INCLUDED_

#include <stdarg.h>
#include <string.h>
#include <ntio/basetypes.h>
#include <ntio/ntdef.h>
#include <ntio/ntstatus.h>
#include <ntio/strsafe_core.h>

#define NTSTRSAFE_MAX_CCH 2147483647
#define NTSTRSAFE_MAX_LENGTH (NTSTRSAFE_MAX_CCH - 1)
#define NTSTRSAFE_UNICODE_STRING_MAX_CCH 32767

typedef char *NTSTRSAFE_PSTR;
typedef const char *NTSTRSAFE_PCSTR;
typedef WCHAR *NTSTRSAFE_PWSTR;
typedef const WCHAR *NTSTRSAFE_PCWSTR;
typedef const char *STRSAFE_PCNZCH;
typedef const WCHAR *STRSAFE_PCNZWCH;

#define NTSTRSAFEDDI static __inline__ __attribute__((__unused__)) NTSTATUS

static __inline__ __attribute__((__unused__)) NTSTATUS NtstrsafeStatus(int Code)
{
    return Code == NTIO_SS_OK          ? STATUS_SUCCESS
           : Code == NTIO_SS_TRUNCATED ? STATUS_BUFFER_OVERFLOW
                                       : STATUS_INVALID_PARAMETER;
}

NTIO_SS_DEFINE_API(NTSTRSAFEDDI, NTSTATUS, NtstrsafeStatus, Rtl, A, char, NTSTRSAFE_PSTR,
                   NTSTRSAFE_PCSTR, ULONG)
NTIO_SS_DEFINE_API(NTSTRSAFEDDI, NTSTATUS, NtstrsafeStatus, Rtl, W, WCHAR, NTSTRSAFE_PWSTR,
                   NTSTRSAFE_PCWSTR, ULONG)

/* ---- UNICODE_STRING ---------------------------------------------------------------- */

/* A UNICODE_STRING's consistency (Microsoft's rules); NULL is fine only with STRSAFE_IGNORE_NULLS. */
NTSTRSAFEDDI RtlUnicodeStringValidateEx(PCUNICODE_STRING SourceString, ULONG dwFlags)
{
    if (dwFlags & ~(ULONG)STRSAFE_IGNORE_NULLS) {
        return STATUS_INVALID_PARAMETER;
    }
    if (SourceString == NULL) {
        return (dwFlags & STRSAFE_IGNORE_NULLS) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
    }
    if ((SourceString->Length % sizeof(WCHAR)) != 0 ||
        (SourceString->MaximumLength % sizeof(WCHAR)) != 0 ||
        SourceString->Length > SourceString->MaximumLength ||
        SourceString->MaximumLength > NTSTRSAFE_UNICODE_STRING_MAX_CCH * sizeof(WCHAR) ||
        (SourceString->Buffer == NULL &&
         (SourceString->Length != 0 || SourceString->MaximumLength != 0))) {
        return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

NTSTRSAFEDDI RtlUnicodeStringValidate(PCUNICODE_STRING SourceString)
{
    return RtlUnicodeStringValidateEx(SourceString, 0);
}

/* Points DestinationString at pszSrc (not copied); its MaximumLength includes the terminator. */
NTSTRSAFEDDI RtlUnicodeStringInitEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
                                    ULONG dwFlags)
{
    if (dwFlags & ~(ULONG)STRSAFE_IGNORE_NULLS) {
        return STATUS_INVALID_PARAMETER;
    }
    if (DestinationString == NULL) {
        return (dwFlags & STRSAFE_IGNORE_NULLS) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
    }
    DestinationString->Length = 0;
    DestinationString->MaximumLength = 0;
    DestinationString->Buffer = (PWCH)pszSrc;
    if (pszSrc != NULL) {
        size_t cch = 0;
        while (pszSrc[cch] != 0) {
            if (++cch > NTSTRSAFE_UNICODE_STRING_MAX_CCH - 1) {
                DestinationString->Buffer = NULL;
                return STATUS_INVALID_PARAMETER;
            }
        }
        DestinationString->Length = (USHORT)(cch * sizeof(WCHAR));
        DestinationString->MaximumLength = (USHORT)((cch + 1) * sizeof(WCHAR));
    }
    return STATUS_SUCCESS;
}

NTSTRSAFEDDI RtlUnicodeStringInit(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc)
{
    return RtlUnicodeStringInitEx(DestinationString, pszSrc, 0);
}

#define NTIO_US_FLAGS                                                                  \
    (0x000000FF | STRSAFE_IGNORE_NULLS | STRSAFE_FILL_BEHIND | STRSAFE_FILL_ON_FAILURE | \
     STRSAFE_ZERO_LENGTH_ON_FAILURE | STRSAFE_NO_TRUNCATION)

/*
 * The engine of the UNICODE_STRING functions: writes the source (at most
 * cchSrc characters, stopping at a NUL if StopAtNull) after the first
 * cchKeep characters of the destination (0: copy, Length/2: cat), or the
 * formatted text when pszFormat is given.  Handles the Ex flags and
 * RemainingString.
 */
static __inline__ __attribute__((__unused__)) NTSTATUS
NtioUsWrite(PUNICODE_STRING DestinationString, int Append, const WCHAR *pszSrc, size_t cchSrc,
            int StopAtNull, NTSTRSAFE_PCWSTR pszFormat, va_list *argList,
            PUNICODE_STRING RemainingString, ULONG dwFlags)
{
    if (dwFlags & ~(ULONG)NTIO_US_FLAGS) {
        return STATUS_INVALID_PARAMETER;
    }
    if (DestinationString == NULL) {
        if (!(dwFlags & STRSAFE_IGNORE_NULLS)) {
            return STATUS_INVALID_PARAMETER;
        }
        /* No destination: only nothing can be written. */
        if (pszFormat != NULL ? pszFormat[0] != 0 : (pszSrc != NULL && cchSrc != 0 && pszSrc[0] != 0)) {
            return STATUS_INVALID_PARAMETER;
        }
        if (RemainingString != NULL) {
            RemainingString->Buffer = NULL;
            RemainingString->Length = 0;
            RemainingString->MaximumLength = 0;
        }
        return STATUS_SUCCESS;
    }
    if (!NT_SUCCESS(RtlUnicodeStringValidateEx(DestinationString, 0))) {
        return STATUS_INVALID_PARAMETER;
    }
    if (pszFormat == NULL && pszSrc == NULL) {
        if (!(dwFlags & STRSAFE_IGNORE_NULLS)) {
            return STATUS_INVALID_PARAMETER;
        }
        cchSrc = 0;
    }
    if (cchSrc > NTSTRSAFE_UNICODE_STRING_MAX_CCH && cchSrc != (size_t)-1) {
        return STATUS_INVALID_PARAMETER;
    }

    WCHAR *Buffer = DestinationString->Buffer;
    size_t cchDest = DestinationString->MaximumLength / sizeof(WCHAR);
    size_t cchOriginal = DestinationString->Length / sizeof(WCHAR);
    size_t cchStart = Append ? cchOriginal : 0;
    size_t cchRoom = cchDest - cchStart;
    size_t cchNew = cchStart;
    NTSTATUS Status = STATUS_SUCCESS;

    if (pszFormat != NULL) {
        va_list Copy;
        va_copy(Copy, *argList);
        int Length = RtlpFormatUnterminatedWV(cchRoom != 0 ? Buffer + cchStart : NULL, cchRoom,
                                              pszFormat, Copy);
        va_end(Copy);
        if (Length < 0) {
            Status = STATUS_INVALID_PARAMETER;
        } else if ((size_t)Length > cchRoom) {
            Status = cchRoom == 0 ? STATUS_INVALID_PARAMETER : STATUS_BUFFER_OVERFLOW;
            cchNew += cchRoom;
        } else {
            cchNew += (size_t)Length;
        }
    } else {
        size_t n = 0;
        while (n < cchSrc && !(StopAtNull && pszSrc[n] == 0)) {
            if (n == cchRoom) {
                /* Nothing fits at all: Microsoft calls that an invalid parameter. */
                Status = cchRoom == 0 ? STATUS_INVALID_PARAMETER : STATUS_BUFFER_OVERFLOW;
                break;
            }
            Buffer[cchStart + n] = pszSrc[n];
            n++;
        }
        cchNew += n;
    }

    if (NT_SUCCESS(Status)) {
        if ((dwFlags & STRSAFE_FILL_BEHIND) && cchNew < cchDest) {
            memset(Buffer + cchNew, STRSAFE_GET_FILL_PATTERN(dwFlags),
                   (cchDest - cchNew) * sizeof(WCHAR));
        }
    } else {
        if (dwFlags & STRSAFE_NO_TRUNCATION) {
            cchNew = cchOriginal;
            if (!Append) {
                cchNew = 0;
            }
        }
        if (dwFlags & STRSAFE_FILL_ON_FAILURE) {
            memset(Buffer, STRSAFE_GET_FILL_PATTERN(dwFlags), cchDest * sizeof(WCHAR));
            cchNew = STRSAFE_GET_FILL_PATTERN(dwFlags) == 0 ? 0 : cchDest;
        }
        if (dwFlags & STRSAFE_ZERO_LENGTH_ON_FAILURE) {
            cchNew = 0;
        }
    }
    if (NT_SUCCESS(Status) || Status == STATUS_BUFFER_OVERFLOW || dwFlags != 0) {
        DestinationString->Length = (USHORT)(cchNew * sizeof(WCHAR));
    }
    if (RemainingString != NULL && (NT_SUCCESS(Status) || Status == STATUS_BUFFER_OVERFLOW)) {
        RemainingString->Buffer = Buffer + cchNew;
        RemainingString->Length = 0;
        RemainingString->MaximumLength = (USHORT)((cchDest - cchNew) * sizeof(WCHAR));
    }
    return Status;
}

/* The source of a UNICODE_STRING copy, validated. */
#define NTIO_US_SOURCE(SourceString, dwFlags, pszSrc, cchSrc)                           \
    do {                                                                              \
        NTSTATUS _Valid = RtlUnicodeStringValidateEx((SourceString), (dwFlags) & STRSAFE_IGNORE_NULLS); \
        if (!NT_SUCCESS(_Valid)) {                                                    \
            return _Valid;                                                            \
        }                                                                             \
        (pszSrc) = (SourceString) != NULL ? (SourceString)->Buffer : NULL;            \
        (cchSrc) = (SourceString) != NULL ? (SourceString)->Length / sizeof(WCHAR) : 0; \
    } while (0)

/*
 * The UNICODE_STRING Copy (APPEND 0) and Cat (APPEND 1) functions: from a
 * UNICODE_STRING or a terminated string, whole or at most N characters.
 */
#define NTIO_US_DEFINE_COPY(OP, APPEND)                                                    \
    NTSTRSAFEDDI RtlUnicodeString##OP##Ex(PUNICODE_STRING DestinationString,               \
                                          PCUNICODE_STRING SourceString,                   \
                                          PUNICODE_STRING RemainingString, ULONG dwFlags)  \
    {                                                                                      \
        const WCHAR *pszSrc;                                                               \
        size_t cchSrc;                                                                     \
        NTIO_US_SOURCE(SourceString, dwFlags, pszSrc, cchSrc);                             \
        return NtioUsWrite(DestinationString, APPEND, pszSrc, cchSrc, 0, NULL, NULL,       \
                           RemainingString, dwFlags);                                      \
    }                                                                                      \
    NTSTRSAFEDDI RtlUnicodeString##OP(PUNICODE_STRING DestinationString,                   \
                                      PCUNICODE_STRING SourceString)                       \
    {                                                                                      \
        return RtlUnicodeString##OP##Ex(DestinationString, SourceString, NULL, 0);         \
    }                                                                                      \
    NTSTRSAFEDDI RtlUnicodeStringCch##OP##NEx(PUNICODE_STRING DestinationString,           \
                                              PCUNICODE_STRING SourceString, size_t cchMax, \
                                              PUNICODE_STRING RemainingString,             \
                                              ULONG dwFlags)                               \
    {                                                                                      \
        const WCHAR *pszSrc;                                                               \
        size_t cchSrc;                                                                     \
        if (cchMax > NTSTRSAFE_UNICODE_STRING_MAX_CCH) {                                   \
            return STATUS_INVALID_PARAMETER;                                               \
        }                                                                                  \
        NTIO_US_SOURCE(SourceString, dwFlags, pszSrc, cchSrc);                             \
        return NtioUsWrite(DestinationString, APPEND, pszSrc,                              \
                           cchSrc < cchMax ? cchSrc : cchMax, 0, NULL, NULL,               \
                           RemainingString, dwFlags);                                      \
    }                                                                                      \
    NTSTRSAFEDDI RtlUnicodeStringCch##OP##N(PUNICODE_STRING DestinationString,             \
                                            PCUNICODE_STRING SourceString, size_t cchMax)  \
    {                                                                                      \
        return RtlUnicodeStringCch##OP##NEx(DestinationString, SourceString, cchMax, NULL, \
                                            0);                                            \
    }                                                                                      \
    NTSTRSAFEDDI RtlUnicodeStringCb##OP##N(PUNICODE_STRING DestinationString,              \
                                           PCUNICODE_STRING SourceString, size_t cbMax)    \
    {                                                                                      \
        return RtlUnicodeStringCch##OP##NEx(DestinationString, SourceString,               \
                                            cbMax / sizeof(WCHAR), NULL, 0);               \
    }                                                                                      \
    NTSTRSAFEDDI RtlUnicodeStringCb##OP##NEx(PUNICODE_STRING DestinationString,            \
                                             PCUNICODE_STRING SourceString, size_t cbMax,  \
                                             PUNICODE_STRING RemainingString,              \
                                             ULONG dwFlags)                                \
    {                                                                                      \
        return RtlUnicodeStringCch##OP##NEx(DestinationString, SourceString,               \
                                            cbMax / sizeof(WCHAR), RemainingString,        \
                                            dwFlags);                                      \
    }                                                                                      \
    NTSTRSAFEDDI RtlUnicodeString##OP##StringEx(PUNICODE_STRING DestinationString,         \
                                                NTSTRSAFE_PCWSTR pszSrc,                   \
                                                PUNICODE_STRING RemainingString,           \
                                                ULONG dwFlags)                             \
    {                                                                                      \
        return NtioUsWrite(DestinationString, APPEND, pszSrc, (size_t)-1, 1, NULL, NULL,   \
                           RemainingString, dwFlags);                                      \
    }                                                                                      \
    NTSTRSAFEDDI RtlUnicodeString##OP##String(PUNICODE_STRING DestinationString,           \
                                              NTSTRSAFE_PCWSTR pszSrc)                     \
    {                                                                                      \
        return RtlUnicodeString##OP##StringEx(DestinationString, pszSrc, NULL, 0);         \
    }                                                                                      \
    NTSTRSAFEDDI RtlUnicodeStringCch##OP##StringNEx(PUNICODE_STRING DestinationString,     \
                                                    NTSTRSAFE_PCWSTR pszSrc, size_t cchMax, \
                                                    PUNICODE_STRING RemainingString,       \
                                                    ULONG dwFlags)                         \
    {                                                                                      \
        if (cchMax > NTSTRSAFE_UNICODE_STRING_MAX_CCH) {                                   \
            return STATUS_INVALID_PARAMETER;                                               \
        }                                                                                  \
        return NtioUsWrite(DestinationString, APPEND, pszSrc, cchMax, 1, NULL, NULL,       \
                           RemainingString, dwFlags);                                      \
    }                                                                                      \
    NTSTRSAFEDDI RtlUnicodeStringCch##OP##StringN(PUNICODE_STRING DestinationString,       \
                                                  NTSTRSAFE_PCWSTR pszSrc, size_t cchMax)  \
    {                                                                                      \
        return RtlUnicodeStringCch##OP##StringNEx(DestinationString, pszSrc, cchMax, NULL, \
                                                  0);                                      \
    }                                                                                      \
    NTSTRSAFEDDI RtlUnicodeStringCb##OP##StringN(PUNICODE_STRING DestinationString,        \
                                                 NTSTRSAFE_PCWSTR pszSrc, size_t cbMax)    \
    {                                                                                      \
        return RtlUnicodeStringCch##OP##StringNEx(DestinationString, pszSrc,               \
                                                  cbMax / sizeof(WCHAR), NULL, 0);         \
    }

NTIO_US_DEFINE_COPY(Copy, 0)
NTIO_US_DEFINE_COPY(Cat, 1)

NTSTRSAFEDDI RtlUnicodeStringVPrintfEx(PUNICODE_STRING DestinationString,
                                       PUNICODE_STRING RemainingString, ULONG dwFlags,
                                       NTSTRSAFE_PCWSTR pszFormat, va_list argList)
{
    static const WCHAR Empty[1] = { 0 };
    if (pszFormat == NULL) {
        if (!(dwFlags & STRSAFE_IGNORE_NULLS)) {
            return STATUS_INVALID_PARAMETER;
        }
        pszFormat = Empty;
    }
    va_list Copy;
    va_copy(Copy, argList);
    NTSTATUS Status = NtioUsWrite(DestinationString, 0, NULL, 0, 0, pszFormat, &Copy,
                                  RemainingString, dwFlags);
    va_end(Copy);
    return Status;
}
NTSTRSAFEDDI RtlUnicodeStringVPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat,
                                     va_list argList)
{
    return RtlUnicodeStringVPrintfEx(DestinationString, NULL, 0, pszFormat, argList);
}
NTSTRSAFEDDI RtlUnicodeStringPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat,
                                    ...)
{
    va_list argList;
    va_start(argList, pszFormat);
    NTSTATUS Status = RtlUnicodeStringVPrintfEx(DestinationString, NULL, 0, pszFormat, argList);
    va_end(argList);
    return Status;
}
NTSTRSAFEDDI RtlUnicodeStringPrintfEx(PUNICODE_STRING DestinationString,
                                      PUNICODE_STRING RemainingString, ULONG dwFlags,
                                      NTSTRSAFE_PCWSTR pszFormat, ...)
{
    va_list argList;
    va_start(argList, pszFormat);
    NTSTATUS Status = RtlUnicodeStringVPrintfEx(DestinationString, RemainingString, dwFlags,
                                                pszFormat, argList);
    va_end(argList);
    return Status;
}

/* ---- UNICODE_STRING -> character array ------------------------------------------------- */

/* Copies (Append 0) or appends (Append 1) a UNICODE_STRING to a character array. */
NTSTRSAFEDDI NtioUsToArray(NTSTRSAFE_PWSTR pszDest, size_t cchDest, PCUNICODE_STRING SourceString,
                           int Append, NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcchRemaining,
                           ULONG dwFlags)
{
    const WCHAR *pszSrc;
    size_t cchSrc;
    NTIO_US_SOURCE(SourceString, dwFlags, pszSrc, cchSrc);
    if (pszSrc == NULL) {
        static const WCHAR Empty[1] = { 0 };
        pszSrc = Empty;
        cchSrc = 0;
    }
    return NtstrsafeStatus(NtioSsCopyExW(pszDest, cchDest, cchDest * sizeof(WCHAR), pszSrc, cchSrc,
                                         Append, ppszDestEnd, pcchRemaining, dwFlags));
}
NTSTRSAFEDDI RtlStringCchCopyUnicodeStringEx(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                             PCUNICODE_STRING SourceString,
                                             NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcchRemaining,
                                             ULONG dwFlags)
{
    return NtioUsToArray(pszDest, cchDest, SourceString, 0, ppszDestEnd, pcchRemaining, dwFlags);
}
NTSTRSAFEDDI RtlStringCchCopyUnicodeString(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                           PCUNICODE_STRING SourceString)
{
    return RtlStringCchCopyUnicodeStringEx(pszDest, cchDest, SourceString, NULL, NULL, 0);
}
NTSTRSAFEDDI RtlStringCbCopyUnicodeString(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                          PCUNICODE_STRING SourceString)
{
    return RtlStringCchCopyUnicodeStringEx(pszDest, cbDest / sizeof(WCHAR), SourceString, NULL,
                                           NULL, 0);
}
NTSTRSAFEDDI RtlStringCbCopyUnicodeStringEx(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                            PCUNICODE_STRING SourceString,
                                            NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcbRemaining,
                                            ULONG dwFlags)
{
    size_t cchRemaining = 0;
    NTSTATUS Status = RtlStringCchCopyUnicodeStringEx(pszDest, cbDest / sizeof(WCHAR),
                                                       SourceString, ppszDestEnd, &cchRemaining,
                                                       dwFlags);
    if ((NT_SUCCESS(Status) || Status == STATUS_BUFFER_OVERFLOW) && pcbRemaining != NULL) {
        *pcbRemaining = NTIO_SS_CCH_TO_CB(cchRemaining, cbDest, WCHAR);
    }
    return Status;
}
NTSTRSAFEDDI RtlStringCchCatUnicodeStringEx(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                            PCUNICODE_STRING SourceString,
                                            NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcchRemaining,
                                            ULONG dwFlags)
{
    return NtioUsToArray(pszDest, cchDest, SourceString, 1, ppszDestEnd, pcchRemaining, dwFlags);
}
NTSTRSAFEDDI RtlStringCchCatUnicodeString(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                          PCUNICODE_STRING SourceString)
{
    return RtlStringCchCatUnicodeStringEx(pszDest, cchDest, SourceString, NULL, NULL, 0);
}
NTSTRSAFEDDI RtlStringCbCatUnicodeString(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                         PCUNICODE_STRING SourceString)
{
    return RtlStringCchCatUnicodeStringEx(pszDest, cbDest / sizeof(WCHAR), SourceString, NULL,
                                          NULL, 0);
}

#endif /* _NTSTRSAFE_H_INCLUDED_ */
