/*
 * strsafe.h - Microsoft's safe string functions for applications
 * (StringCchCopy, StringCbCat, StringCchPrintf, StringCchLength ...),
 * header-only as Microsoft's, in A and W forms and as TCHAR names
 * (UNICODE picks W).  Implemented in <ntio/strsafe_core.h> (shared with
 * the drivers' <ntstrsafe.h>); formats are Microsoft's (ntio/format.h).
 *
 * Results:
 *   S_OK                            the whole result fit (terminated)
 *   STRSAFE_E_INSUFFICIENT_BUFFER   0x8007007A: cut to fit, still terminated
 *                                   (Ex + STRSAFE_NO_TRUNCATION: not kept)
 *   STRSAFE_E_INVALID_PARAMETER     0x80070057: a size of 0 or above
 *                                   STRSAFE_MAX_CCH, an unterminated
 *                                   destination for Cat, an invalid flag,
 *                                   NULL without STRSAFE_IGNORE_NULLS, an
 *                                   invalid format (destination set to "")
 *   STRSAFE_E_END_OF_FILE           0x80070026: StringCchGets at end of input
 */
#ifndef _STRSAFE_H_INCLUDED_
#define _STRSAFE_H_INCLUDED_
#pragma GCC system_header

#include <stdio.h>
#include <string.h>
#include <stdarg.h>
#include <ntio/basetypes.h>
#include <winerror.h>
#include <ntio/strsafe_core.h>

#define STRSAFE_MAX_CCH 2147483647
#define STRSAFE_MAX_LENGTH (STRSAFE_MAX_CCH - 1)

#ifndef STRSAFE_E_INSUFFICIENT_BUFFER
#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007AL)
#endif
#ifndef STRSAFE_E_INVALID_PARAMETER
#define STRSAFE_E_INVALID_PARAMETER ((HRESULT)0x80070057L)
#endif
#ifndef STRSAFE_E_END_OF_FILE
#define STRSAFE_E_END_OF_FILE ((HRESULT)0x80070026L)
#endif

typedef char *STRSAFE_LPSTR;
typedef const char *STRSAFE_LPCSTR;
typedef WCHAR *STRSAFE_LPWSTR;
typedef const WCHAR *STRSAFE_LPCWSTR;
typedef const char *STRSAFE_PCNZCH;
typedef const WCHAR *STRSAFE_PCNZWCH;

#define STRSAFEAPI static __inline__ __attribute__((__unused__)) HRESULT

static __inline__ __attribute__((__unused__)) HRESULT StrsafeResult(int Code)
{
    switch (Code) {
    case NTIO_SS_OK:
        return S_OK;
    case NTIO_SS_TRUNCATED:
        return STRSAFE_E_INSUFFICIENT_BUFFER;
    case NTIO_SS_END_OF_FILE:
        return STRSAFE_E_END_OF_FILE;
    default:
        return STRSAFE_E_INVALID_PARAMETER;
    }
}

NTIO_SS_DEFINE_API(STRSAFEAPI, HRESULT, StrsafeResult, , A, char, STRSAFE_LPSTR, STRSAFE_LPCSTR,
                   unsigned long)
NTIO_SS_DEFINE_API(STRSAFEAPI, HRESULT, StrsafeResult, , W, WCHAR, STRSAFE_LPWSTR, STRSAFE_LPCWSTR,
                   unsigned long)

#ifdef _NTIO_CRT_APP /* the application CRT's stdin (not in ntio's own DLLs) */
/*
 * StringCchGetsEx and its forms for one character type: CH, S (A or W), INT
 * (what GETC returns), GETC/UNGETC/END (the stdio calls and end of input).
 * Reads a line of standard input (without its newline) into pszDest.  A
 * longer line is cut (STRSAFE_E_INSUFFICIENT_BUFFER; the rest of it stays
 * unread); end of input before any character: STRSAFE_E_END_OF_FILE.
 */
#define STRSAFE_DEFINE_GETS(CH, S, PSTR, INT, GETC, UNGETC, END)                            \
    NTIO_SS_INLINE int NtioSsGetsEx##S(CH *pszDest, size_t cchDest, CH **ppszDestEnd,      \
                                       size_t *pcchRemaining, unsigned long dwFlags)       \
    {                                                                                      \
        int Code = NtioSsValidateDestEx##S(pszDest, cchDest, dwFlags);                     \
        if (Code != NTIO_SS_OK) {                                                          \
            return Code;                                                                   \
        }                                                                                  \
        if (dwFlags & ~(unsigned long)STRSAFE_VALID_FLAGS) {                               \
            if (cchDest != 0) {                                                            \
                pszDest[0] = 0;                                                            \
            }                                                                              \
            return NTIO_SS_INVALID;                                                        \
        }                                                                                  \
        size_t n = 0;                                                                      \
        if (cchDest <= 1) {                                                                \
            if (cchDest == 1) {                                                            \
                pszDest[0] = 0;                                                            \
            }                                                                              \
            Code = cchDest == 0 && pszDest == NULL ? NTIO_SS_INVALID : NTIO_SS_TRUNCATED;  \
        } else {                                                                           \
            for (;;) {                                                                     \
                INT c = GETC(stdin);                                                       \
                if (c == END) {                                                            \
                    if (n == 0) {                                                          \
                        Code = NTIO_SS_END_OF_FILE;                                        \
                    }                                                                      \
                    break;                                                                 \
                }                                                                          \
                if (c == '\n') {                                                           \
                    break;                                                                 \
                }                                                                          \
                if (n + 1 == cchDest) {                                                    \
                    UNGETC(c, stdin);                                                      \
                    Code = NTIO_SS_TRUNCATED;                                              \
                    break;                                                                 \
                }                                                                          \
                pszDest[n++] = (CH)c;                                                      \
            }                                                                              \
            pszDest[n] = 0;                                                                \
        }                                                                                  \
        return NtioSsFinishEx##S(pszDest, cchDest, cchDest * sizeof(CH), Code, pszDest + n, \
                                 cchDest - n, 0, ppszDestEnd, pcchRemaining, dwFlags);     \
    }                                                                                      \
    STRSAFEAPI StringCchGetsEx##S(PSTR pszDest, size_t cchDest, PSTR *ppszDestEnd,         \
                                  size_t *pcchRemaining, unsigned long dwFlags)            \
    {                                                                                      \
        return StrsafeResult(NtioSsGetsEx##S(pszDest, cchDest, ppszDestEnd, pcchRemaining, \
                                             dwFlags));                                    \
    }                                                                                      \
    STRSAFEAPI StringCchGets##S(PSTR pszDest, size_t cchDest)                              \
    {                                                                                      \
        return StringCchGetsEx##S(pszDest, cchDest, NULL, NULL, 0);                        \
    }                                                                                      \
    STRSAFEAPI StringCbGets##S(PSTR pszDest, size_t cbDest)                                \
    {                                                                                      \
        return StringCchGetsEx##S(pszDest, cbDest / sizeof(CH), NULL, NULL, 0);            \
    }                                                                                      \
    STRSAFEAPI StringCbGetsEx##S(PSTR pszDest, size_t cbDest, PSTR *ppszDestEnd,           \
                                 size_t *pcbRemaining, unsigned long dwFlags)              \
    {                                                                                      \
        size_t cchRemaining = 0;                                                           \
        int Code = NtioSsGetsEx##S(pszDest, cbDest / sizeof(CH), ppszDestEnd,              \
                                   &cchRemaining, dwFlags);                                \
        return StrsafeResult(                                                              \
            NtioSsCbRemaining(Code, cchRemaining, cbDest, sizeof(CH), pcbRemaining));      \
    }

STRSAFE_DEFINE_GETS(char, A, STRSAFE_LPSTR, int, getc, ungetc, EOF)
STRSAFE_DEFINE_GETS(WCHAR, W, STRSAFE_LPWSTR, wint_t, fgetwc, ungetwc, WEOF)
#endif

/* ---- TCHAR names ---- */
#ifdef UNICODE
#define StringCchCopy StringCchCopyW
#define StringCbCopy StringCbCopyW
#define StringCchCopyEx StringCchCopyExW
#define StringCbCopyEx StringCbCopyExW
#define StringCchCopyN StringCchCopyNW
#define StringCbCopyN StringCbCopyNW
#define StringCchCopyNEx StringCchCopyNExW
#define StringCbCopyNEx StringCbCopyNExW
#define StringCchCat StringCchCatW
#define StringCbCat StringCbCatW
#define StringCchCatEx StringCchCatExW
#define StringCbCatEx StringCbCatExW
#define StringCchCatN StringCchCatNW
#define StringCbCatN StringCbCatNW
#define StringCchCatNEx StringCchCatNExW
#define StringCbCatNEx StringCbCatNExW
#define StringCchVPrintf StringCchVPrintfW
#define StringCbVPrintf StringCbVPrintfW
#define StringCchPrintf StringCchPrintfW
#define StringCbPrintf StringCbPrintfW
#define StringCchVPrintfEx StringCchVPrintfExW
#define StringCbVPrintfEx StringCbVPrintfExW
#define StringCchPrintfEx StringCchPrintfExW
#define StringCbPrintfEx StringCbPrintfExW
#define StringCchLength StringCchLengthW
#define StringCbLength StringCbLengthW
#define StringCchGets StringCchGetsW
#define StringCbGets StringCbGetsW
#define StringCchGetsEx StringCchGetsExW
#define StringCbGetsEx StringCbGetsExW
#else
#define StringCchCopy StringCchCopyA
#define StringCbCopy StringCbCopyA
#define StringCchCopyEx StringCchCopyExA
#define StringCbCopyEx StringCbCopyExA
#define StringCchCopyN StringCchCopyNA
#define StringCbCopyN StringCbCopyNA
#define StringCchCopyNEx StringCchCopyNExA
#define StringCbCopyNEx StringCbCopyNExA
#define StringCchCat StringCchCatA
#define StringCbCat StringCbCatA
#define StringCchCatEx StringCchCatExA
#define StringCbCatEx StringCbCatExA
#define StringCchCatN StringCchCatNA
#define StringCbCatN StringCbCatNA
#define StringCchCatNEx StringCchCatNExA
#define StringCbCatNEx StringCbCatNExA
#define StringCchVPrintf StringCchVPrintfA
#define StringCbVPrintf StringCbVPrintfA
#define StringCchPrintf StringCchPrintfA
#define StringCbPrintf StringCbPrintfA
#define StringCchVPrintfEx StringCchVPrintfExA
#define StringCbVPrintfEx StringCbVPrintfExA
#define StringCchPrintfEx StringCchPrintfExA
#define StringCbPrintfEx StringCbPrintfExA
#define StringCchLength StringCchLengthA
#define StringCbLength StringCbLengthA
#define StringCchGets StringCchGetsA
#define StringCbGets StringCbGetsA
#define StringCchGetsEx StringCchGetsExA
#define StringCbGetsEx StringCbGetsExA
#endif

#endif /* _STRSAFE_H_INCLUDED_ */
