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

/* ---- char (A) ---- */

STRSAFEAPI StringCchCopyA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc)
{
    return StrsafeResult(NtioSsCopyExA(pszDest, cchDest, cchDest * sizeof(char), pszSrc,
                                          STRSAFE_MAX_LENGTH, 0, NULL, NULL, 0));
}
STRSAFEAPI StringCbCopyA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc)
{
    return StrsafeResult(NtioSsCopyExA(pszDest, cbDest / sizeof(char), cbDest, pszSrc,
                                          STRSAFE_MAX_LENGTH, 0, NULL, NULL, 0));
}
STRSAFEAPI StringCchCopyExA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc, STRSAFE_LPSTR *ppszDestEnd,
                               size_t *pcchRemaining, unsigned long dwFlags)
{
    return StrsafeResult(NtioSsCopyExA(pszDest, cchDest, cchDest * sizeof(char), pszSrc,
                                          STRSAFE_MAX_LENGTH, 0, ppszDestEnd, pcchRemaining,
                                          dwFlags));
}
STRSAFEAPI StringCbCopyExA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc, STRSAFE_LPSTR *ppszDestEnd,
                              size_t *pcbRemaining, unsigned long dwFlags)
{
    size_t cchRemaining = 0;
    HRESULT hr = StrsafeResult(NtioSsCopyExA(pszDest, cbDest / sizeof(char), cbDest, pszSrc,
                                                STRSAFE_MAX_LENGTH, 0, ppszDestEnd,
                                                &cchRemaining, dwFlags));
    if ((SUCCEEDED(hr) || hr == STRSAFE_E_INSUFFICIENT_BUFFER) && pcbRemaining != NULL) {
        *pcbRemaining = NTIO_SS_CCH_TO_CB(cchRemaining, cbDest, char);
    }
    return hr;
}
STRSAFEAPI StringCchCopyNA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc, size_t cchToCopy)
{
    return StrsafeResult(NtioSsCopyExA(pszDest, cchDest, cchDest * sizeof(char), pszSrc,
                                          cchToCopy, 0, NULL, NULL, 0));
}
STRSAFEAPI StringCbCopyNA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc, size_t cbToCopy)
{
    return StrsafeResult(NtioSsCopyExA(pszDest, cbDest / sizeof(char), cbDest, pszSrc,
                                          cbToCopy / sizeof(char), 0, NULL, NULL, 0));
}
STRSAFEAPI StringCchCopyNExA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc, size_t cchToCopy,
                                STRSAFE_LPSTR *ppszDestEnd, size_t *pcchRemaining, unsigned long dwFlags)
{
    return StrsafeResult(NtioSsCopyExA(pszDest, cchDest, cchDest * sizeof(char), pszSrc,
                                          cchToCopy, 0, ppszDestEnd, pcchRemaining, dwFlags));
}
STRSAFEAPI StringCbCopyNExA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc, size_t cbToCopy,
                               STRSAFE_LPSTR *ppszDestEnd, size_t *pcbRemaining, unsigned long dwFlags)
{
    size_t cchRemaining = 0;
    HRESULT hr = StrsafeResult(NtioSsCopyExA(pszDest, cbDest / sizeof(char), cbDest, pszSrc,
                                                cbToCopy / sizeof(char), 0, ppszDestEnd,
                                                &cchRemaining, dwFlags));
    if ((SUCCEEDED(hr) || hr == STRSAFE_E_INSUFFICIENT_BUFFER) && pcbRemaining != NULL) {
        *pcbRemaining = NTIO_SS_CCH_TO_CB(cchRemaining, cbDest, char);
    }
    return hr;
}
STRSAFEAPI StringCchCatA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc)
{
    return StrsafeResult(NtioSsCopyExA(pszDest, cchDest, cchDest * sizeof(char), pszSrc,
                                          STRSAFE_MAX_LENGTH, 1, NULL, NULL, 0));
}
STRSAFEAPI StringCbCatA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc)
{
    return StrsafeResult(NtioSsCopyExA(pszDest, cbDest / sizeof(char), cbDest, pszSrc,
                                          STRSAFE_MAX_LENGTH, 1, NULL, NULL, 0));
}
STRSAFEAPI StringCchCatExA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc, STRSAFE_LPSTR *ppszDestEnd,
                              size_t *pcchRemaining, unsigned long dwFlags)
{
    return StrsafeResult(NtioSsCopyExA(pszDest, cchDest, cchDest * sizeof(char), pszSrc,
                                          STRSAFE_MAX_LENGTH, 1, ppszDestEnd, pcchRemaining,
                                          dwFlags));
}
STRSAFEAPI StringCbCatExA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc, STRSAFE_LPSTR *ppszDestEnd,
                             size_t *pcbRemaining, unsigned long dwFlags)
{
    size_t cchRemaining = 0;
    HRESULT hr = StrsafeResult(NtioSsCopyExA(pszDest, cbDest / sizeof(char), cbDest, pszSrc,
                                                STRSAFE_MAX_LENGTH, 1, ppszDestEnd,
                                                &cchRemaining, dwFlags));
    if ((SUCCEEDED(hr) || hr == STRSAFE_E_INSUFFICIENT_BUFFER) && pcbRemaining != NULL) {
        *pcbRemaining = NTIO_SS_CCH_TO_CB(cchRemaining, cbDest, char);
    }
    return hr;
}
STRSAFEAPI StringCchCatNA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc, size_t cchToAppend)
{
    return StrsafeResult(NtioSsCopyExA(pszDest, cchDest, cchDest * sizeof(char), pszSrc,
                                          cchToAppend, 1, NULL, NULL, 0));
}
STRSAFEAPI StringCbCatNA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc, size_t cbToAppend)
{
    return StrsafeResult(NtioSsCopyExA(pszDest, cbDest / sizeof(char), cbDest, pszSrc,
                                          cbToAppend / sizeof(char), 1, NULL, NULL, 0));
}
STRSAFEAPI StringCchCatNExA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc, size_t cchToAppend,
                               STRSAFE_LPSTR *ppszDestEnd, size_t *pcchRemaining, unsigned long dwFlags)
{
    return StrsafeResult(NtioSsCopyExA(pszDest, cchDest, cchDest * sizeof(char), pszSrc,
                                          cchToAppend, 1, ppszDestEnd, pcchRemaining, dwFlags));
}
STRSAFEAPI StringCbCatNExA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc, size_t cbToAppend,
                              STRSAFE_LPSTR *ppszDestEnd, size_t *pcbRemaining, unsigned long dwFlags)
{
    size_t cchRemaining = 0;
    HRESULT hr = StrsafeResult(NtioSsCopyExA(pszDest, cbDest / sizeof(char), cbDest, pszSrc,
                                                cbToAppend / sizeof(char), 1, ppszDestEnd,
                                                &cchRemaining, dwFlags));
    if ((SUCCEEDED(hr) || hr == STRSAFE_E_INSUFFICIENT_BUFFER) && pcbRemaining != NULL) {
        *pcbRemaining = NTIO_SS_CCH_TO_CB(cchRemaining, cbDest, char);
    }
    return hr;
}
STRSAFEAPI StringCchVPrintfA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszFormat, va_list argList)
{
    return StrsafeResult(NtioSsVPrintfExA(pszDest, cchDest, cchDest * sizeof(char), NULL, NULL,
                                             0, pszFormat, argList));
}
STRSAFEAPI StringCbVPrintfA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszFormat, va_list argList)
{
    return StrsafeResult(NtioSsVPrintfExA(pszDest, cbDest / sizeof(char), cbDest, NULL, NULL, 0,
                                             pszFormat, argList));
}
STRSAFEAPI StringCchPrintfA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszFormat, ...)
{
    va_list argList;
    va_start(argList, pszFormat);
    HRESULT hr = StringCchVPrintfA(pszDest, cchDest, pszFormat, argList);
    va_end(argList);
    return hr;
}
STRSAFEAPI StringCbPrintfA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszFormat, ...)
{
    va_list argList;
    va_start(argList, pszFormat);
    HRESULT hr = StringCbVPrintfA(pszDest, cbDest, pszFormat, argList);
    va_end(argList);
    return hr;
}
STRSAFEAPI StringCchVPrintfExA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPSTR *ppszDestEnd,
                                  size_t *pcchRemaining, unsigned long dwFlags, STRSAFE_LPCSTR pszFormat,
                                  va_list argList)
{
    return StrsafeResult(NtioSsVPrintfExA(pszDest, cchDest, cchDest * sizeof(char), ppszDestEnd,
                                             pcchRemaining, dwFlags, pszFormat, argList));
}
STRSAFEAPI StringCbVPrintfExA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPSTR *ppszDestEnd,
                                 size_t *pcbRemaining, unsigned long dwFlags, STRSAFE_LPCSTR pszFormat,
                                 va_list argList)
{
    size_t cchRemaining = 0;
    HRESULT hr = StrsafeResult(NtioSsVPrintfExA(pszDest, cbDest / sizeof(char), cbDest,
                                                   ppszDestEnd, &cchRemaining, dwFlags,
                                                   pszFormat, argList));
    if ((SUCCEEDED(hr) || hr == STRSAFE_E_INSUFFICIENT_BUFFER) && pcbRemaining != NULL) {
        *pcbRemaining = NTIO_SS_CCH_TO_CB(cchRemaining, cbDest, char);
    }
    return hr;
}
STRSAFEAPI StringCchPrintfExA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPSTR *ppszDestEnd,
                                 size_t *pcchRemaining, unsigned long dwFlags, STRSAFE_LPCSTR pszFormat, ...)
{
    va_list argList;
    va_start(argList, pszFormat);
    HRESULT hr = StringCchVPrintfExA(pszDest, cchDest, ppszDestEnd, pcchRemaining, dwFlags,
                                        pszFormat, argList);
    va_end(argList);
    return hr;
}
STRSAFEAPI StringCbPrintfExA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPSTR *ppszDestEnd,
                                size_t *pcbRemaining, unsigned long dwFlags, STRSAFE_LPCSTR pszFormat, ...)
{
    va_list argList;
    va_start(argList, pszFormat);
    HRESULT hr = StringCbVPrintfExA(pszDest, cbDest, ppszDestEnd, pcbRemaining, dwFlags,
                                       pszFormat, argList);
    va_end(argList);
    return hr;
}
STRSAFEAPI StringCchLengthA(STRSAFE_LPCSTR psz, size_t cchMax, size_t *pcchLength)
{
    return StrsafeResult(NtioSsLengthA(psz, cchMax, pcchLength));
}
STRSAFEAPI StringCbLengthA(STRSAFE_LPCSTR psz, size_t cbMax, size_t *pcbLength)
{
    size_t cch = 0;
    HRESULT hr = cbMax > STRSAFE_MAX_CCH * sizeof(char)
                     ? STRSAFE_E_INVALID_PARAMETER
                     : StrsafeResult(NtioSsLengthA(psz, cbMax / sizeof(char), &cch));
    if (pcbLength != NULL) {
        *pcbLength = SUCCEEDED(hr) ? cch * sizeof(char) : 0;
    }
    return hr;
}
#ifdef _NTIO_CRT_APP /* the application CRT's stdin (not in ntio's own DLLs) */
/*
 * Reads a line of standard input (without its newline) into pszDest.  A
 * longer line is cut (STRSAFE_E_INSUFFICIENT_BUFFER; the rest of it stays
 * unread); end of input before any character: STRSAFE_E_END_OF_FILE.
 */
STRSAFEAPI StringCchGetsExA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPSTR *ppszDestEnd,
                               size_t *pcchRemaining, unsigned long dwFlags)
{
    int Code = NtioSsValidateDestExA(pszDest, cchDest, dwFlags);
    if (Code != NTIO_SS_OK) {
        return StrsafeResult(Code);
    }
    if (dwFlags & ~(unsigned long)STRSAFE_VALID_FLAGS) {
        if (cchDest != 0) {
            pszDest[0] = 0;
        }
        return STRSAFE_E_INVALID_PARAMETER;
    }
    size_t n = 0;
    if (cchDest <= 1) {
        if (cchDest == 1) {
            pszDest[0] = 0;
        }
        Code = cchDest == 0 && pszDest == NULL ? NTIO_SS_INVALID : NTIO_SS_TRUNCATED;
    } else {
        for (;;) {
            int c = getc(stdin);
            if (c == EOF) {
                if (n == 0) {
                    Code = NTIO_SS_END_OF_FILE;
                }
                break;
            }
            if (c == '\n') {
                break;
            }
            if (n + 1 == cchDest) {
                ungetc(c, stdin);
                Code = NTIO_SS_TRUNCATED;
                break;
            }
            pszDest[n++] = (char)c;
        }
        pszDest[n] = 0;
    }
    STRSAFE_LPSTR pszDestEnd = pszDest + n;
    size_t cchRemaining = cchDest - n;
    if (Code == NTIO_SS_OK && (dwFlags & STRSAFE_FILL_BEHIND_NULL) && cchRemaining > 1) {
        memset(pszDestEnd + 1, STRSAFE_GET_FILL_PATTERN(dwFlags), (cchRemaining - 1) * sizeof(char));
    }
    if (Code != NTIO_SS_OK && cchDest != 0) {
        NtioSsFailureFlagsA(pszDest, cchDest * sizeof(char), 0, &pszDestEnd, &cchRemaining,
                              dwFlags);
    }
    if (Code == NTIO_SS_OK || Code == NTIO_SS_TRUNCATED) {
        if (ppszDestEnd != NULL) {
            *ppszDestEnd = pszDestEnd;
        }
        if (pcchRemaining != NULL) {
            *pcchRemaining = cchRemaining;
        }
    }
    return StrsafeResult(Code);
}
STRSAFEAPI StringCchGetsA(STRSAFE_LPSTR pszDest, size_t cchDest)
{
    return StringCchGetsExA(pszDest, cchDest, NULL, NULL, 0);
}
STRSAFEAPI StringCbGetsA(STRSAFE_LPSTR pszDest, size_t cbDest)
{
    return StringCchGetsExA(pszDest, cbDest / sizeof(char), NULL, NULL, 0);
}
STRSAFEAPI StringCbGetsExA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPSTR *ppszDestEnd,
                              size_t *pcbRemaining, unsigned long dwFlags)
{
    size_t cchRemaining = 0;
    HRESULT hr = StringCchGetsExA(pszDest, cbDest / sizeof(char), ppszDestEnd, &cchRemaining,
                                     dwFlags);
    if ((SUCCEEDED(hr) || hr == STRSAFE_E_INSUFFICIENT_BUFFER) && pcbRemaining != NULL) {
        *pcbRemaining = NTIO_SS_CCH_TO_CB(cchRemaining, cbDest, char);
    }
    return hr;
}
#endif

/* ---- WCHAR (W) ---- */

STRSAFEAPI StringCchCopyW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc)
{
    return StrsafeResult(NtioSsCopyExW(pszDest, cchDest, cchDest * sizeof(WCHAR), pszSrc,
                                          STRSAFE_MAX_LENGTH, 0, NULL, NULL, 0));
}
STRSAFEAPI StringCbCopyW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc)
{
    return StrsafeResult(NtioSsCopyExW(pszDest, cbDest / sizeof(WCHAR), cbDest, pszSrc,
                                          STRSAFE_MAX_LENGTH, 0, NULL, NULL, 0));
}
STRSAFEAPI StringCchCopyExW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc, STRSAFE_LPWSTR *ppszDestEnd,
                               size_t *pcchRemaining, unsigned long dwFlags)
{
    return StrsafeResult(NtioSsCopyExW(pszDest, cchDest, cchDest * sizeof(WCHAR), pszSrc,
                                          STRSAFE_MAX_LENGTH, 0, ppszDestEnd, pcchRemaining,
                                          dwFlags));
}
STRSAFEAPI StringCbCopyExW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc, STRSAFE_LPWSTR *ppszDestEnd,
                              size_t *pcbRemaining, unsigned long dwFlags)
{
    size_t cchRemaining = 0;
    HRESULT hr = StrsafeResult(NtioSsCopyExW(pszDest, cbDest / sizeof(WCHAR), cbDest, pszSrc,
                                                STRSAFE_MAX_LENGTH, 0, ppszDestEnd,
                                                &cchRemaining, dwFlags));
    if ((SUCCEEDED(hr) || hr == STRSAFE_E_INSUFFICIENT_BUFFER) && pcbRemaining != NULL) {
        *pcbRemaining = NTIO_SS_CCH_TO_CB(cchRemaining, cbDest, WCHAR);
    }
    return hr;
}
STRSAFEAPI StringCchCopyNW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc, size_t cchToCopy)
{
    return StrsafeResult(NtioSsCopyExW(pszDest, cchDest, cchDest * sizeof(WCHAR), pszSrc,
                                          cchToCopy, 0, NULL, NULL, 0));
}
STRSAFEAPI StringCbCopyNW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc, size_t cbToCopy)
{
    return StrsafeResult(NtioSsCopyExW(pszDest, cbDest / sizeof(WCHAR), cbDest, pszSrc,
                                          cbToCopy / sizeof(WCHAR), 0, NULL, NULL, 0));
}
STRSAFEAPI StringCchCopyNExW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc, size_t cchToCopy,
                                STRSAFE_LPWSTR *ppszDestEnd, size_t *pcchRemaining, unsigned long dwFlags)
{
    return StrsafeResult(NtioSsCopyExW(pszDest, cchDest, cchDest * sizeof(WCHAR), pszSrc,
                                          cchToCopy, 0, ppszDestEnd, pcchRemaining, dwFlags));
}
STRSAFEAPI StringCbCopyNExW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc, size_t cbToCopy,
                               STRSAFE_LPWSTR *ppszDestEnd, size_t *pcbRemaining, unsigned long dwFlags)
{
    size_t cchRemaining = 0;
    HRESULT hr = StrsafeResult(NtioSsCopyExW(pszDest, cbDest / sizeof(WCHAR), cbDest, pszSrc,
                                                cbToCopy / sizeof(WCHAR), 0, ppszDestEnd,
                                                &cchRemaining, dwFlags));
    if ((SUCCEEDED(hr) || hr == STRSAFE_E_INSUFFICIENT_BUFFER) && pcbRemaining != NULL) {
        *pcbRemaining = NTIO_SS_CCH_TO_CB(cchRemaining, cbDest, WCHAR);
    }
    return hr;
}
STRSAFEAPI StringCchCatW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc)
{
    return StrsafeResult(NtioSsCopyExW(pszDest, cchDest, cchDest * sizeof(WCHAR), pszSrc,
                                          STRSAFE_MAX_LENGTH, 1, NULL, NULL, 0));
}
STRSAFEAPI StringCbCatW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc)
{
    return StrsafeResult(NtioSsCopyExW(pszDest, cbDest / sizeof(WCHAR), cbDest, pszSrc,
                                          STRSAFE_MAX_LENGTH, 1, NULL, NULL, 0));
}
STRSAFEAPI StringCchCatExW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc, STRSAFE_LPWSTR *ppszDestEnd,
                              size_t *pcchRemaining, unsigned long dwFlags)
{
    return StrsafeResult(NtioSsCopyExW(pszDest, cchDest, cchDest * sizeof(WCHAR), pszSrc,
                                          STRSAFE_MAX_LENGTH, 1, ppszDestEnd, pcchRemaining,
                                          dwFlags));
}
STRSAFEAPI StringCbCatExW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc, STRSAFE_LPWSTR *ppszDestEnd,
                             size_t *pcbRemaining, unsigned long dwFlags)
{
    size_t cchRemaining = 0;
    HRESULT hr = StrsafeResult(NtioSsCopyExW(pszDest, cbDest / sizeof(WCHAR), cbDest, pszSrc,
                                                STRSAFE_MAX_LENGTH, 1, ppszDestEnd,
                                                &cchRemaining, dwFlags));
    if ((SUCCEEDED(hr) || hr == STRSAFE_E_INSUFFICIENT_BUFFER) && pcbRemaining != NULL) {
        *pcbRemaining = NTIO_SS_CCH_TO_CB(cchRemaining, cbDest, WCHAR);
    }
    return hr;
}
STRSAFEAPI StringCchCatNW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc, size_t cchToAppend)
{
    return StrsafeResult(NtioSsCopyExW(pszDest, cchDest, cchDest * sizeof(WCHAR), pszSrc,
                                          cchToAppend, 1, NULL, NULL, 0));
}
STRSAFEAPI StringCbCatNW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc, size_t cbToAppend)
{
    return StrsafeResult(NtioSsCopyExW(pszDest, cbDest / sizeof(WCHAR), cbDest, pszSrc,
                                          cbToAppend / sizeof(WCHAR), 1, NULL, NULL, 0));
}
STRSAFEAPI StringCchCatNExW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc, size_t cchToAppend,
                               STRSAFE_LPWSTR *ppszDestEnd, size_t *pcchRemaining, unsigned long dwFlags)
{
    return StrsafeResult(NtioSsCopyExW(pszDest, cchDest, cchDest * sizeof(WCHAR), pszSrc,
                                          cchToAppend, 1, ppszDestEnd, pcchRemaining, dwFlags));
}
STRSAFEAPI StringCbCatNExW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc, size_t cbToAppend,
                              STRSAFE_LPWSTR *ppszDestEnd, size_t *pcbRemaining, unsigned long dwFlags)
{
    size_t cchRemaining = 0;
    HRESULT hr = StrsafeResult(NtioSsCopyExW(pszDest, cbDest / sizeof(WCHAR), cbDest, pszSrc,
                                                cbToAppend / sizeof(WCHAR), 1, ppszDestEnd,
                                                &cchRemaining, dwFlags));
    if ((SUCCEEDED(hr) || hr == STRSAFE_E_INSUFFICIENT_BUFFER) && pcbRemaining != NULL) {
        *pcbRemaining = NTIO_SS_CCH_TO_CB(cchRemaining, cbDest, WCHAR);
    }
    return hr;
}
STRSAFEAPI StringCchVPrintfW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszFormat, va_list argList)
{
    return StrsafeResult(NtioSsVPrintfExW(pszDest, cchDest, cchDest * sizeof(WCHAR), NULL, NULL,
                                             0, pszFormat, argList));
}
STRSAFEAPI StringCbVPrintfW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszFormat, va_list argList)
{
    return StrsafeResult(NtioSsVPrintfExW(pszDest, cbDest / sizeof(WCHAR), cbDest, NULL, NULL, 0,
                                             pszFormat, argList));
}
STRSAFEAPI StringCchPrintfW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszFormat, ...)
{
    va_list argList;
    va_start(argList, pszFormat);
    HRESULT hr = StringCchVPrintfW(pszDest, cchDest, pszFormat, argList);
    va_end(argList);
    return hr;
}
STRSAFEAPI StringCbPrintfW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszFormat, ...)
{
    va_list argList;
    va_start(argList, pszFormat);
    HRESULT hr = StringCbVPrintfW(pszDest, cbDest, pszFormat, argList);
    va_end(argList);
    return hr;
}
STRSAFEAPI StringCchVPrintfExW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPWSTR *ppszDestEnd,
                                  size_t *pcchRemaining, unsigned long dwFlags, STRSAFE_LPCWSTR pszFormat,
                                  va_list argList)
{
    return StrsafeResult(NtioSsVPrintfExW(pszDest, cchDest, cchDest * sizeof(WCHAR), ppszDestEnd,
                                             pcchRemaining, dwFlags, pszFormat, argList));
}
STRSAFEAPI StringCbVPrintfExW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPWSTR *ppszDestEnd,
                                 size_t *pcbRemaining, unsigned long dwFlags, STRSAFE_LPCWSTR pszFormat,
                                 va_list argList)
{
    size_t cchRemaining = 0;
    HRESULT hr = StrsafeResult(NtioSsVPrintfExW(pszDest, cbDest / sizeof(WCHAR), cbDest,
                                                   ppszDestEnd, &cchRemaining, dwFlags,
                                                   pszFormat, argList));
    if ((SUCCEEDED(hr) || hr == STRSAFE_E_INSUFFICIENT_BUFFER) && pcbRemaining != NULL) {
        *pcbRemaining = NTIO_SS_CCH_TO_CB(cchRemaining, cbDest, WCHAR);
    }
    return hr;
}
STRSAFEAPI StringCchPrintfExW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPWSTR *ppszDestEnd,
                                 size_t *pcchRemaining, unsigned long dwFlags, STRSAFE_LPCWSTR pszFormat, ...)
{
    va_list argList;
    va_start(argList, pszFormat);
    HRESULT hr = StringCchVPrintfExW(pszDest, cchDest, ppszDestEnd, pcchRemaining, dwFlags,
                                        pszFormat, argList);
    va_end(argList);
    return hr;
}
STRSAFEAPI StringCbPrintfExW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPWSTR *ppszDestEnd,
                                size_t *pcbRemaining, unsigned long dwFlags, STRSAFE_LPCWSTR pszFormat, ...)
{
    va_list argList;
    va_start(argList, pszFormat);
    HRESULT hr = StringCbVPrintfExW(pszDest, cbDest, ppszDestEnd, pcbRemaining, dwFlags,
                                       pszFormat, argList);
    va_end(argList);
    return hr;
}
STRSAFEAPI StringCchLengthW(STRSAFE_LPCWSTR psz, size_t cchMax, size_t *pcchLength)
{
    return StrsafeResult(NtioSsLengthW(psz, cchMax, pcchLength));
}
STRSAFEAPI StringCbLengthW(STRSAFE_LPCWSTR psz, size_t cbMax, size_t *pcbLength)
{
    size_t cch = 0;
    HRESULT hr = cbMax > STRSAFE_MAX_CCH * sizeof(WCHAR)
                     ? STRSAFE_E_INVALID_PARAMETER
                     : StrsafeResult(NtioSsLengthW(psz, cbMax / sizeof(WCHAR), &cch));
    if (pcbLength != NULL) {
        *pcbLength = SUCCEEDED(hr) ? cch * sizeof(WCHAR) : 0;
    }
    return hr;
}
#ifdef _NTIO_CRT_APP /* the application CRT's stdin (not in ntio's own DLLs) */
/*
 * Reads a line of standard input (without its newline) into pszDest.  A
 * longer line is cut (STRSAFE_E_INSUFFICIENT_BUFFER; the rest of it stays
 * unread); end of input before any character: STRSAFE_E_END_OF_FILE.
 */
STRSAFEAPI StringCchGetsExW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPWSTR *ppszDestEnd,
                               size_t *pcchRemaining, unsigned long dwFlags)
{
    int Code = NtioSsValidateDestExW(pszDest, cchDest, dwFlags);
    if (Code != NTIO_SS_OK) {
        return StrsafeResult(Code);
    }
    if (dwFlags & ~(unsigned long)STRSAFE_VALID_FLAGS) {
        if (cchDest != 0) {
            pszDest[0] = 0;
        }
        return STRSAFE_E_INVALID_PARAMETER;
    }
    size_t n = 0;
    if (cchDest <= 1) {
        if (cchDest == 1) {
            pszDest[0] = 0;
        }
        Code = cchDest == 0 && pszDest == NULL ? NTIO_SS_INVALID : NTIO_SS_TRUNCATED;
    } else {
        for (;;) {
            wint_t c = fgetwc(stdin);
            if (c == WEOF) {
                if (n == 0) {
                    Code = NTIO_SS_END_OF_FILE;
                }
                break;
            }
            if (c == '\n') {
                break;
            }
            if (n + 1 == cchDest) {
                ungetwc(c, stdin);
                Code = NTIO_SS_TRUNCATED;
                break;
            }
            pszDest[n++] = (WCHAR)c;
        }
        pszDest[n] = 0;
    }
    STRSAFE_LPWSTR pszDestEnd = pszDest + n;
    size_t cchRemaining = cchDest - n;
    if (Code == NTIO_SS_OK && (dwFlags & STRSAFE_FILL_BEHIND_NULL) && cchRemaining > 1) {
        memset(pszDestEnd + 1, STRSAFE_GET_FILL_PATTERN(dwFlags), (cchRemaining - 1) * sizeof(WCHAR));
    }
    if (Code != NTIO_SS_OK && cchDest != 0) {
        NtioSsFailureFlagsW(pszDest, cchDest * sizeof(WCHAR), 0, &pszDestEnd, &cchRemaining,
                              dwFlags);
    }
    if (Code == NTIO_SS_OK || Code == NTIO_SS_TRUNCATED) {
        if (ppszDestEnd != NULL) {
            *ppszDestEnd = pszDestEnd;
        }
        if (pcchRemaining != NULL) {
            *pcchRemaining = cchRemaining;
        }
    }
    return StrsafeResult(Code);
}
STRSAFEAPI StringCchGetsW(STRSAFE_LPWSTR pszDest, size_t cchDest)
{
    return StringCchGetsExW(pszDest, cchDest, NULL, NULL, 0);
}
STRSAFEAPI StringCbGetsW(STRSAFE_LPWSTR pszDest, size_t cbDest)
{
    return StringCchGetsExW(pszDest, cbDest / sizeof(WCHAR), NULL, NULL, 0);
}
STRSAFEAPI StringCbGetsExW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPWSTR *ppszDestEnd,
                              size_t *pcbRemaining, unsigned long dwFlags)
{
    size_t cchRemaining = 0;
    HRESULT hr = StringCchGetsExW(pszDest, cbDest / sizeof(WCHAR), ppszDestEnd, &cchRemaining,
                                     dwFlags);
    if ((SUCCEEDED(hr) || hr == STRSAFE_E_INSUFFICIENT_BUFFER) && pcbRemaining != NULL) {
        *pcbRemaining = NTIO_SS_CCH_TO_CB(cchRemaining, cbDest, WCHAR);
    }
    return hr;
}
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
