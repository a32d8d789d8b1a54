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

/* A Cb form's room left in bytes (with the odd bytes past the last character). */
NTIO_SS_INLINE int NtioSsCbRemaining(int Result, size_t cchRemaining, size_t cbDest,
                                     size_t cbChar, size_t *pcbRemaining)
{
    if ((Result == NTIO_SS_OK || Result == NTIO_SS_TRUNCATED) && pcbRemaining != NULL) {
        *pcbRemaining = cchRemaining * cbChar + cbDest % cbChar;
    }
    return Result;
}

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
     * The common end of the Ex functions: the fill behind the result on success, the    \
     * failure flags otherwise, and the Ex outputs for a result that fit or was cut.     \
     */                                                                                   \
    NTIO_SS_INLINE int NtioSsFinishEx##S(CH *pszDest, size_t cchDest, size_t cbDest,      \
                                         int Result, CH *pszDestEnd, size_t cchRemaining, \
                                         size_t cchOriginalLength, CH **ppszDestEnd,      \
                                         size_t *pcchRemaining, unsigned long dwFlags)    \
    {                                                                                     \
        if (Result == NTIO_SS_OK && (dwFlags & STRSAFE_FILL_BEHIND_NULL) &&               \
            cchRemaining > 1) {                                                           \
            memset(pszDestEnd + 1, STRSAFE_GET_FILL_PATTERN(dwFlags),                     \
                   (cchRemaining - 1) * sizeof(CH) + cbDest % sizeof(CH));                \
        }                                                                                 \
        if (Result != NTIO_SS_OK && cchDest != 0) {                                       \
            NtioSsFailureFlags##S(pszDest, cchDest * sizeof(CH), cchOriginalLength,       \
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
        }                                                                                 \
        return NtioSsFinishEx##S(pszDest, cchDest, cbDest, Result, pszDestEnd,            \
                                 cchRemaining, cchDestLength, ppszDestEnd, pcchRemaining, \
                                 dwFlags);                                                \
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
        }                                                                                 \
        return NtioSsFinishEx##S(pszDest, cchDest, cbDest, Result, pszDestEnd,            \
                                 cchRemaining, 0, ppszDestEnd, pcchRemaining, dwFlags);   \
    }                                                                                     \
                                                                                          \
    /* The Cb forms: cbDest bytes, the room left reported in bytes (odd ones included). */ \
    NTIO_SS_INLINE int NtioSsCbCopyEx##S(CH *pszDest, size_t cbDest, const CH *pszSrc,    \
                                         size_t cchToCopy, int Append, CH **ppszDestEnd,  \
                                         size_t *pcbRemaining, unsigned long dwFlags)     \
    {                                                                                     \
        size_t cchRemaining = 0;                                                          \
        int Result = NtioSsCopyEx##S(pszDest, cbDest / sizeof(CH), cbDest, pszSrc,        \
                                     cchToCopy, Append, ppszDestEnd, &cchRemaining,       \
                                     dwFlags);                                            \
        return NtioSsCbRemaining(Result, cchRemaining, cbDest, sizeof(CH), pcbRemaining); \
    }                                                                                     \
                                                                                          \
    NTIO_SS_INLINE int NtioSsCbVPrintfEx##S(CH *pszDest, size_t cbDest, CH **ppszDestEnd, \
                                            size_t *pcbRemaining, unsigned long dwFlags,  \
                                            const CH *pszFormat, va_list argList)         \
    {                                                                                     \
        size_t cchRemaining = 0;                                                          \
        int Result = NtioSsVPrintfEx##S(pszDest, cbDest / sizeof(CH), cbDest, ppszDestEnd, \
                                        &cchRemaining, dwFlags, pszFormat, argList);      \
        return NtioSsCbRemaining(Result, cchRemaining, cbDest, sizeof(CH), pcbRemaining); \
    }                                                                                     \
                                                                                          \
    NTIO_SS_INLINE int NtioSsCbLength##S(const CH *psz, size_t cbMax, size_t *pcbLength)  \
    {                                                                                     \
        size_t cch = 0;                                                                   \
        int Result = cbMax > NTIO_SS_MAX_CCH * sizeof(CH)                                 \
                         ? NTIO_SS_INVALID                                                \
                         : NtioSsLength##S(psz, cbMax / sizeof(CH), &cch);                \
        if (pcbLength != NULL) {                                                          \
            *pcbLength = Result == NTIO_SS_OK ? cch * sizeof(CH) : 0;                     \
        }                                                                                 \
        return Result;                                                                    \
    }

NTIO_SS_DEFINE(char, A, RtlpFormatV)
NTIO_SS_DEFINE(WCHAR, W, RtlpFormatWV)

/* Byte counts: the characters they hold, and the remainder reported back. */
#define NTIO_SS_CB_TO_CCH(cb, CH) ((cb) / sizeof(CH))
#define NTIO_SS_CCH_TO_CB(cch, cb, CH) ((cch) * sizeof(CH) + (cb) % sizeof(CH))

/*
 * The public character-array functions for one character type, as both
 * headers declare them: DECL (storage and result type), TYPE (the result
 * type), RESULT (an NTIO_SS_* code to TYPE), P (the name prefix: none or
 * Rtl), S (A or W), CH, PSTR/PCSTR (the headers' pointer types), FLAGS (the
 * type of dwFlags).  NTIO_SS_DEFINE_COPY: Copy (APPEND 0) or Cat (APPEND 1)
 * in the Cch and Cb, N and Ex forms.
 */
#define NTIO_SS_DEFINE_COPY(DECL, RESULT, P, S, CH, PSTR, PCSTR, FLAGS, OP, APPEND)          \
    DECL P##StringCch##OP##S(PSTR pszDest, size_t cchDest, PCSTR pszSrc)                     \
    {                                                                                       \
        return RESULT(NtioSsCopyEx##S(pszDest, cchDest, cchDest * sizeof(CH), pszSrc,       \
                                      NTIO_SS_MAX_CCH - 1, APPEND, NULL, NULL, 0));         \
    }                                                                                       \
    DECL P##StringCb##OP##S(PSTR pszDest, size_t cbDest, PCSTR pszSrc)                       \
    {                                                                                       \
        return RESULT(NtioSsCbCopyEx##S(pszDest, cbDest, pszSrc, NTIO_SS_MAX_CCH - 1,       \
                                        APPEND, NULL, NULL, 0));                            \
    }                                                                                       \
    DECL P##StringCch##OP##Ex##S(PSTR pszDest, size_t cchDest, PCSTR pszSrc,                 \
                                 PSTR *ppszDestEnd, size_t *pcchRemaining, FLAGS dwFlags)   \
    {                                                                                       \
        return RESULT(NtioSsCopyEx##S(pszDest, cchDest, cchDest * sizeof(CH), pszSrc,       \
                                      NTIO_SS_MAX_CCH - 1, APPEND, ppszDestEnd,             \
                                      pcchRemaining, dwFlags));                             \
    }                                                                                       \
    DECL P##StringCb##OP##Ex##S(PSTR pszDest, size_t cbDest, PCSTR pszSrc,                   \
                                PSTR *ppszDestEnd, size_t *pcbRemaining, FLAGS dwFlags)     \
    {                                                                                       \
        return RESULT(NtioSsCbCopyEx##S(pszDest, cbDest, pszSrc, NTIO_SS_MAX_CCH - 1,       \
                                        APPEND, ppszDestEnd, pcbRemaining, dwFlags));       \
    }                                                                                       \
    DECL P##StringCch##OP##N##S(PSTR pszDest, size_t cchDest, PCSTR pszSrc,                  \
                                size_t cchToCopy)                                           \
    {                                                                                       \
        return RESULT(NtioSsCopyEx##S(pszDest, cchDest, cchDest * sizeof(CH), pszSrc,       \
                                      cchToCopy, APPEND, NULL, NULL, 0));                   \
    }                                                                                       \
    DECL P##StringCb##OP##N##S(PSTR pszDest, size_t cbDest, PCSTR pszSrc, size_t cbToCopy)   \
    {                                                                                       \
        return RESULT(NtioSsCbCopyEx##S(pszDest, cbDest, pszSrc, cbToCopy / sizeof(CH),     \
                                        APPEND, NULL, NULL, 0));                            \
    }                                                                                       \
    DECL P##StringCch##OP##NEx##S(PSTR pszDest, size_t cchDest, PCSTR pszSrc,                \
                                  size_t cchToCopy, PSTR *ppszDestEnd,                      \
                                  size_t *pcchRemaining, FLAGS dwFlags)                     \
    {                                                                                       \
        return RESULT(NtioSsCopyEx##S(pszDest, cchDest, cchDest * sizeof(CH), pszSrc,       \
                                      cchToCopy, APPEND, ppszDestEnd, pcchRemaining,        \
                                      dwFlags));                                            \
    }                                                                                       \
    DECL P##StringCb##OP##NEx##S(PSTR pszDest, size_t cbDest, PCSTR pszSrc,                  \
                                 size_t cbToCopy, PSTR *ppszDestEnd, size_t *pcbRemaining,  \
                                 FLAGS dwFlags)                                             \
    {                                                                                       \
        return RESULT(NtioSsCbCopyEx##S(pszDest, cbDest, pszSrc, cbToCopy / sizeof(CH),     \
                                        APPEND, ppszDestEnd, pcbRemaining, dwFlags));       \
    }

#define NTIO_SS_DEFINE_API(DECL, TYPE, RESULT, P, S, CH, PSTR, PCSTR, FLAGS)                \
    NTIO_SS_DEFINE_COPY(DECL, RESULT, P, S, CH, PSTR, PCSTR, FLAGS, Copy, 0)                 \
    NTIO_SS_DEFINE_COPY(DECL, RESULT, P, S, CH, PSTR, PCSTR, FLAGS, Cat, 1)                  \
    DECL P##StringCchVPrintf##S(PSTR pszDest, size_t cchDest, PCSTR pszFormat,              \
                                va_list argList)                                            \
    {                                                                                       \
        return RESULT(NtioSsVPrintfEx##S(pszDest, cchDest, cchDest * sizeof(CH), NULL,      \
                                         NULL, 0, pszFormat, argList));                     \
    }                                                                                       \
    DECL P##StringCbVPrintf##S(PSTR pszDest, size_t cbDest, PCSTR pszFormat,                \
                               va_list argList)                                             \
    {                                                                                       \
        return RESULT(NtioSsCbVPrintfEx##S(pszDest, cbDest, NULL, NULL, 0, pszFormat,       \
                                           argList));                                       \
    }                                                                                       \
    DECL P##StringCchPrintf##S(PSTR pszDest, size_t cchDest, PCSTR pszFormat, ...)          \
    {                                                                                       \
        va_list argList;                                                                    \
        va_start(argList, pszFormat);                                                       \
        TYPE Result = P##StringCchVPrintf##S(pszDest, cchDest, pszFormat, argList);         \
        va_end(argList);                                                                    \
        return Result;                                                                      \
    }                                                                                       \
    DECL P##StringCbPrintf##S(PSTR pszDest, size_t cbDest, PCSTR pszFormat, ...)            \
    {                                                                                       \
        va_list argList;                                                                    \
        va_start(argList, pszFormat);                                                       \
        TYPE Result = P##StringCbVPrintf##S(pszDest, cbDest, pszFormat, argList);           \
        va_end(argList);                                                                    \
        return Result;                                                                      \
    }                                                                                       \
    DECL P##StringCchVPrintfEx##S(PSTR pszDest, size_t cchDest, PSTR *ppszDestEnd,          \
                                  size_t *pcchRemaining, FLAGS dwFlags, PCSTR pszFormat,    \
                                  va_list argList)                                          \
    {                                                                                       \
        return RESULT(NtioSsVPrintfEx##S(pszDest, cchDest, cchDest * sizeof(CH),            \
                                         ppszDestEnd, pcchRemaining, dwFlags, pszFormat,    \
                                         argList));                                         \
    }                                                                                       \
    DECL P##StringCbVPrintfEx##S(PSTR pszDest, size_t cbDest, PSTR *ppszDestEnd,            \
                                 size_t *pcbRemaining, FLAGS dwFlags, PCSTR pszFormat,      \
                                 va_list argList)                                           \
    {                                                                                       \
        return RESULT(NtioSsCbVPrintfEx##S(pszDest, cbDest, ppszDestEnd, pcbRemaining,      \
                                           dwFlags, pszFormat, argList));                   \
    }                                                                                       \
    DECL P##StringCchPrintfEx##S(PSTR pszDest, size_t cchDest, PSTR *ppszDestEnd,           \
                                 size_t *pcchRemaining, FLAGS dwFlags, PCSTR pszFormat, ...) \
    {                                                                                       \
        va_list argList;                                                                    \
        va_start(argList, pszFormat);                                                       \
        TYPE Result = P##StringCchVPrintfEx##S(pszDest, cchDest, ppszDestEnd,               \
                                               pcchRemaining, dwFlags, pszFormat, argList); \
        va_end(argList);                                                                    \
        return Result;                                                                      \
    }                                                                                       \
    DECL P##StringCbPrintfEx##S(PSTR pszDest, size_t cbDest, PSTR *ppszDestEnd,             \
                                size_t *pcbRemaining, FLAGS dwFlags, PCSTR pszFormat, ...)  \
    {                                                                                       \
        va_list argList;                                                                    \
        va_start(argList, pszFormat);                                                       \
        TYPE Result = P##StringCbVPrintfEx##S(pszDest, cbDest, ppszDestEnd, pcbRemaining,   \
                                              dwFlags, pszFormat, argList);                 \
        va_end(argList);                                                                    \
        return Result;                                                                      \
    }                                                                                       \
    DECL P##StringCchLength##S(PCSTR psz, size_t cchMax, size_t *pcchLength)                \
    {                                                                                       \
        return RESULT(NtioSsLength##S(psz, cchMax, pcchLength));                            \
    }                                                                                       \
    DECL P##StringCbLength##S(PCSTR psz, size_t cbMax, size_t *pcbLength)                   \
    {                                                                                       \
        return RESULT(NtioSsCbLength##S(psz, cbMax, pcbLength));                            \
    }

#endif /* NTIO_STRSAFE_CORE_H */
