/*
 * ntio/strsafe_core.h - the one implementation behind <strsafe.h>
 * (applications: HRESULT) and <ntstrsafe.h> (drivers: NTSTATUS).  Not
 * included directly.
 *
 * Like Microsoft's, the functions are inline and header-only.  They follow
 * Microsoft's strsafe code: a destination of 0 or more than the maximum
 * characters is invalid; copies and concatenations stop one character
 * short of the end and terminate, reporting the truncation; the Ex forms
 * report the end of the result and the room left, and take the flags
 * below (low byte: the fill byte).  The printf forms use the kernel's
 * formatter (ntio/format.h), so their formats are Microsoft's; an invalid
 * format is an invalid parameter here (the destination becomes "").
 *
 * Each function returns one of the NTIO_SS_* codes; the headers turn them
 * into S_OK / STRSAFE_E_INSUFFICIENT_BUFFER / STRSAFE_E_INVALID_PARAMETER or
 * STATUS_SUCCESS / STATUS_BUFFER_OVERFLOW / STATUS_INVALID_PARAMETER.
 */
#ifndef NTIO_STRSAFE_CORE_H
#define NTIO_STRSAFE_CORE_H

#include <stdarg.h>
#include <string.h>

#include <ntio/basetypes.h>
#include <ntio/format.h>

#define STRSAFE_IGNORE_NULLS 0x00000100
#define STRSAFE_FILL_BEHIND_NULL 0x00000200
#define STRSAFE_FILL_ON_FAILURE 0x00000400
#define STRSAFE_NULL_ON_FAILURE 0x00000800
#define STRSAFE_NO_TRUNCATION 0x00001000
#define STRSAFE_VALID_FLAGS                                                            \
    (0x000000FF | STRSAFE_IGNORE_NULLS | STRSAFE_FILL_BEHIND_NULL |                   \
     STRSAFE_FILL_ON_FAILURE | STRSAFE_NULL_ON_FAILURE | STRSAFE_NO_TRUNCATION)
#define STRSAFE_FILL_BYTE(x) ((unsigned long)(((x) & 0x000000FF) | STRSAFE_FILL_BEHIND_NULL))
#define STRSAFE_FAILURE_BYTE(x) ((unsigned long)(((x) & 0x000000FF) | STRSAFE_FILL_ON_FAILURE))
#define STRSAFE_GET_FILL_PATTERN(dwFlags) ((int)((dwFlags) & 0x000000FF))

/* The same bits under the names of the UNICODE_STRING functions (ntstrsafe.h). */
#define STRSAFE_FILL_BEHIND STRSAFE_FILL_BEHIND_NULL
#define STRSAFE_ZERO_LENGTH_ON_FAILURE STRSAFE_NULL_ON_FAILURE

#define NTIO_SS_OK 0
#define NTIO_SS_TRUNCATED 1
#define NTIO_SS_INVALID 2
#define NTIO_SS_END_OF_FILE 3

/* Both headers use 2147483647 characters as the largest buffer. */
#define NTIO_SS_MAX_CCH 2147483647

#define NTIO_SS_INLINE static __inline__ __attribute__((__unused__))

/*
 * The functions for one character type: CH (char or WCHAR), S (A or W),
 * FORMATV (RtlpFormatV or RtlpFormatWV).
 */
#define NTIO_SS_DEFINE(CH, S, FORMATV)                                                    \
                                                                                          \
    /* The length of a string of at most Max characters; invalid if it has no end. */    \
    NTIO_SS_INLINE int NtioSsLength##S(const CH *psz, size_t cchMax, size_t *pcchLength)  \
    {                                                                                     \
        size_t n = 0;                                                                     \
        if (psz == NULL || cchMax > NTIO_SS_MAX_CCH) {                                    \
            if (pcchLength != NULL) {                                                     \
                *pcchLength = 0;                                                          \
            }                                                                             \
            return NTIO_SS_INVALID;                                                       \
        }                                                                                 \
        while (n < cchMax && psz[n] != 0) {                                               \
            n++;                                                                          \
        }                                                                                 \
        if (pcchLength != NULL) {                                                         \
            *pcchLength = n < cchMax ? n : 0;                                             \
        }                                                                                 \
        return n < cchMax ? NTIO_SS_OK : NTIO_SS_INVALID;                                 \
    }                                                                                     \
                                                                                          \
    /* Copies at most cchToCopy characters, terminating within cchDest (> 0). */         \
    NTIO_SS_INLINE int NtioSsCopyWorker##S(CH *pszDest, size_t cchDest, size_t *pcchNew,  \
                                           const CH *pszSrc, size_t cchToCopy)            \
    {                                                                                     \
        size_t n = 0;                                                                     \
        int Result = NTIO_SS_OK;                                                          \
        while (n < cchDest && cchToCopy != 0 && pszSrc[n] != 0) {                         \
            pszDest[n] = pszSrc[n];                                                       \
            n++;                                                                          \
            cchToCopy--;                                                                  \
        }                                                                                 \
        if (n == cchDest) {                                                               \
            n--;                                                                          \
            Result = NTIO_SS_TRUNCATED;                                                   \
        }                                                                                 \
        pszDest[n] = 0;                                                                   \
        if (pcchNew != NULL) {                                                            \
            *pcchNew = n;                                                                 \
        }                                                                                 \
        return Result;                                                                    \
    }                                                                                     \
                                                                                          \
    /* Formats into cchDest (> 0) characters, terminated. */                             \
    NTIO_SS_INLINE int NtioSsPrintfWorker##S(CH *pszDest, size_t cchDest, size_t *pcchNew, \
                                             const CH *pszFormat, va_list argList)        \
    {                                                                                     \
        int Length = FORMATV(pszDest, cchDest, pszFormat, argList);                       \
        if (Length < 0) {                                                                 \
            pszDest[0] = 0;                                                               \
            *pcchNew = 0;                                                                 \
            return NTIO_SS_INVALID;                                                       \
        }                                                                                 \
        if ((size_t)Length >= cchDest) {                                                  \
            *pcchNew = cchDest - 1;                                                       \
            return NTIO_SS_TRUNCATED;                                                     \
        }                                                                                 \
        *pcchNew = (size_t)Length;                                                        \
        return NTIO_SS_OK;                                                                \
    }                                                                                     \
                                                                                          \
    /* Microsoft's handling of the failure flags (cbDest: the whole buffer in bytes). */ \
    NTIO_SS_INLINE void NtioSsFailureFlags##S(CH *pszDest, size_t cbDest,                 \
                                              size_t cchOriginalLength, CH **ppszDestEnd, \
                                              size_t *pcchRemaining, unsigned long dwFlags) \
    {                                                                                     \
        size_t cchDest = cbDest / sizeof(CH);                                             \
        if (cchDest > 0 && (dwFlags & STRSAFE_NO_TRUNCATION)) {                           \
            *ppszDestEnd = pszDest + cchOriginalLength;                                   \
            *pcchRemaining = cchDest - cchOriginalLength;                                 \
            pszDest[cchOriginalLength] = 0;                                               \
        }                                                                                 \
        if (dwFlags & STRSAFE_FILL_ON_FAILURE) {                                          \
            memset(pszDest, STRSAFE_GET_FILL_PATTERN(dwFlags), cbDest);                   \
            if (STRSAFE_GET_FILL_PATTERN(dwFlags) == 0) {                                 \
                *ppszDestEnd = pszDest;                                                   \
                *pcchRemaining = cchDest;                                                 \
            } else if (cchDest > 0) {                                                     \
                *ppszDestEnd = pszDest + cchDest - 1;                                     \
                *pcchRemaining = 1;                                                       \
                pszDest[cchDest - 1] = 0;                                                 \
            }                                                                             \
        }                                                                                 \
        if (cchDest > 0 && (dwFlags & STRSAFE_NULL_ON_FAILURE)) {                         \
            *ppszDestEnd = pszDest;                                                       \
            *pcchRemaining = cchDest;                                                     \
            pszDest[0] = 0;                                                               \
        }                                                                                 \
    }                                                                                     \
                                                                                          \
    NTIO_SS_INLINE int NtioSsValidateDestEx##S(const CH *pszDest, size_t cchDest,         \
                                               unsigned long dwFlags)                     \
    {                                                                                     \
        if (dwFlags & STRSAFE_IGNORE_NULLS) {                                             \
            return (pszDest == NULL && cchDest != 0) || cchDest > NTIO_SS_MAX_CCH         \
                       ? NTIO_SS_INVALID                                                  \
                       : NTIO_SS_OK;                                                      \
        }                                                                                 \
        return cchDest == 0 || cchDest > NTIO_SS_MAX_CCH ? NTIO_SS_INVALID : NTIO_SS_OK;  \
    }                                                                                     \
                                                                                          \
    /*                                                                                   \
     * Copy, CopyN, Cat, CatN (Cat: the existing string is kept) and the Ex outputs.     \
     * cbDest is the caller's byte count (for the Cb forms' odd remainders).              \
     */                                                                                   \
    NTIO_SS_INLINE int NtioSsCopyEx##S(CH *pszDest, size_t cchDest, size_t cbDest,        \
                                       const CH *pszSrc, size_t cchToCopy, int Append,    \
                                       CH **ppszDestEnd, size_t *pcchRemaining,           \
                                       unsigned long dwFlags)                             \
    {                                                                                     \
        size_t cchDestLength = 0;                                                         \
        int Result = NtioSsValidateDestEx##S(pszDest, cchDest, dwFlags);                  \
        if (Result != NTIO_SS_OK) {                                                       \
            return Result;                                                                \
        }                                                                                 \
        if (Append && pszDest != NULL) {                                                  \
            Result = NtioSsLength##S(pszDest, cchDest, &cchDestLength);                   \
            if (Result != NTIO_SS_OK) {                                                   \
                return Result;                                                            \
            }                                                                             \
        }                                                                                 \
        CH *pszDestEnd = pszDest + cchDestLength;                                         \
        size_t cchRemaining = cchDest - cchDestLength;                                    \
        if (pszSrc == NULL && (dwFlags & STRSAFE_IGNORE_NULLS)) {                         \
            static const CH Empty[1] = { 0 };                                             \
            pszSrc = Empty;                                                               \
        }                                                                                 \
        if (dwFlags & ~(unsigned long)STRSAFE_VALID_FLAGS) {                              \
            Result = NTIO_SS_INVALID;                                                     \
            if (cchDest != 0 && !Append) {                                                \
                pszDest[0] = 0;                                                           \
            }                                                                             \
        } else if (cchToCopy > NTIO_SS_MAX_CCH - 1) {                                     \
            Result = NTIO_SS_INVALID;                                                     \
            if (cchDest != 0 && !Append) {                                                \
                pszDest[0] = 0;                                                           \
            }                                                                             \
        } else if (cchRemaining <= (Append ? 1u : 0u)) {                                  \
            /* No room at all: only a failure if there was something to copy. */         \
            if (cchToCopy != 0 && pszSrc[0] != 0) {                                       \
                Result = pszDest == NULL ? NTIO_SS_INVALID : NTIO_SS_TRUNCATED;           \
            }                                                                             \
        } else {                                                                          \
            size_t cchCopied = 0;                                                         \
            Result = NtioSsCopyWorker##S(pszDestEnd, cchRemaining, &cchCopied, pszSrc,    \
                                         cchToCopy);                                      \
            pszDestEnd += cchCopied;                                                      \
            cchRemaining -= cchCopied;                                                    \
            if (Result == NTIO_SS_OK && (dwFlags & STRSAFE_FILL_BEHIND_NULL) &&           \
                cchRemaining > 1) {                                                       \
                memset(pszDestEnd + 1, STRSAFE_GET_FILL_PATTERN(dwFlags),                 \
                       (cchRemaining - 1) * sizeof(CH) + cbDest % sizeof(CH));            \
            }                                                                             \
        }                                                                                 \
        if (Result != NTIO_SS_OK && cchDest != 0) {                                       \
            NtioSsFailureFlags##S(pszDest, cchDest * sizeof(CH), cchDestLength,           \
                                  &pszDestEnd, &cchRemaining, dwFlags);                   \
        }                                                                                 \
        if (Result == NTIO_SS_OK || Result == NTIO_SS_TRUNCATED) {                        \
            if (ppszDestEnd != NULL) {                                                    \
                *ppszDestEnd = pszDestEnd;                                                \
            }                                                                             \
            if (pcchRemaining != NULL) {                                                  \
                *pcchRemaining = cchRemaining;                                            \
            }                                                                             \
        }                                                                                 \
        return Result;                                                                    \
    }                                                                                     \
                                                                                          \
    NTIO_SS_INLINE int NtioSsVPrintfEx##S(CH *pszDest, size_t cchDest, size_t cbDest,     \
                                          CH **ppszDestEnd, size_t *pcchRemaining,        \
                                          unsigned long dwFlags, const CH *pszFormat,     \
                                          va_list argList)                                \
    {                                                                                     \
        int Result = NtioSsValidateDestEx##S(pszDest, cchDest, dwFlags);                  \
        if (Result != NTIO_SS_OK) {                                                       \
            return Result;                                                                \
        }                                                                                 \
        CH *pszDestEnd = pszDest;                                                         \
        size_t cchRemaining = cchDest;                                                    \
        if (pszFormat == NULL && (dwFlags & STRSAFE_IGNORE_NULLS)) {                      \
            static const CH Empty[1] = { 0 };                                             \
            pszFormat = Empty;                                                            \
        }                                                                                 \
        if (dwFlags & ~(unsigned long)STRSAFE_VALID_FLAGS) {                              \
            Result = NTIO_SS_INVALID;                                                     \
            if (cchDest != 0) {                                                           \
                pszDest[0] = 0;                                                           \
            }                                                                             \
        } else if (pszFormat == NULL) {                                                   \
            Result = NTIO_SS_INVALID;                                                     \
            if (cchDest != 0) {                                                           \
                pszDest[0] = 0;                                                           \
            }                                                                             \
        } else if (cchDest == 0) {                                                        \
            if (pszFormat[0] != 0) {                                                      \
                Result = pszDest == NULL ? NTIO_SS_INVALID : NTIO_SS_TRUNCATED;           \
            }                                                                             \
        } else {                                                                          \
            size_t cchNew = 0;                                                            \
            Result = NtioSsPrintfWorker##S(pszDest, cchDest, &cchNew, pszFormat, argList); \
            pszDestEnd = pszDest + cchNew;                                                \
            cchRemaining = cchDest - cchNew;                                              \
            if (Result == NTIO_SS_OK && (dwFlags & STRSAFE_FILL_BEHIND_NULL) &&           \
                cchRemaining > 1) {                                                       \
                memset(pszDestEnd + 1, STRSAFE_GET_FILL_PATTERN(dwFlags),                 \
                       (cchRemaining - 1) * sizeof(CH) + cbDest % sizeof(CH));            \
            }                                                                             \
        }                                                                                 \
        if (Result != NTIO_SS_OK && cchDest != 0) {                                       \
            NtioSsFailureFlags##S(pszDest, cchDest * sizeof(CH), 0, &pszDestEnd,          \
                                  &cchRemaining, dwFlags);                                \
        }                                                                                 \
        if (Result == NTIO_SS_OK || Result == NTIO_SS_TRUNCATED) {                        \
            if (ppszDestEnd != NULL) {                                                    \
                *ppszDestEnd = pszDestEnd;                                                \
            }                                                                             \
            if (pcchRemaining != NULL) {                                                  \
                *pcchRemaining = cchRemaining;                                            \
            }                                                                             \
        }                                                                                 \
        return Result;                                                                    \
    }

NTIO_SS_DEFINE(char, A, RtlpFormatV)
NTIO_SS_DEFINE(WCHAR, W, RtlpFormatWV)

/* Byte counts: the characters they hold, and the remainder reported back. */
#define NTIO_SS_CB_TO_CCH(cb, CH) ((cb) / sizeof(CH))
#define NTIO_SS_CCH_TO_CB(cch, cb, CH) ((cch) * sizeof(CH) + (cb) % sizeof(CH))

#endif /* NTIO_STRSAFE_CORE_H */
