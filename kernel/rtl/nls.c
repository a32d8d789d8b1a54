/*
 * rtl/nls.c - UTF-16 <-> UTF-8 conversion (the ANSI code page of ntio).
 */
#include "nls.h"

SIZE_T RtlpWcslen(const WCHAR *s)
{
    const WCHAR *p = s;
    while (*p)
        p++;
    return (SIZE_T)(p - s);
}

SIZE_T RtlpUtf16ToUtf8(char *Dst, SIZE_T DstBytes, const WCHAR *Src, SIZE_T SrcChars)
{
    SIZE_T Out = 0;
    for (SIZE_T i = 0; i < SrcChars; i++) {
        ULONG c = Src[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < SrcChars && Src[i + 1] >= 0xDC00 &&
            Src[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (Src[i + 1] - 0xDC00);
            i++;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        UCHAR b[4];
        int n;
        if (c < 0x80) {
            b[0] = (UCHAR)c;
            n = 1;
        } else if (c < 0x800) {
            b[0] = (UCHAR)(0xC0 | (c >> 6));
            b[1] = (UCHAR)(0x80 | (c & 0x3F));
            n = 2;
        } else if (c < 0x10000) {
            b[0] = (UCHAR)(0xE0 | (c >> 12));
            b[1] = (UCHAR)(0x80 | ((c >> 6) & 0x3F));
            b[2] = (UCHAR)(0x80 | (c & 0x3F));
            n = 3;
        } else {
            b[0] = (UCHAR)(0xF0 | (c >> 18));
            b[1] = (UCHAR)(0x80 | ((c >> 12) & 0x3F));
            b[2] = (UCHAR)(0x80 | ((c >> 6) & 0x3F));
            b[3] = (UCHAR)(0x80 | (c & 0x3F));
            n = 4;
        }
        for (int k = 0; k < n; k++, Out++)
            if (Out < DstBytes)
                Dst[Out] = (char)b[k];
    }
    return Out;
}

SIZE_T RtlpUtf8ToUtf16(WCHAR *Dst, SIZE_T DstChars, const char *Src, SIZE_T SrcBytes)
{
    SIZE_T Out = 0;
    const UCHAR *s = (const UCHAR *)Src;
    for (SIZE_T i = 0; i < SrcBytes;) {
        ULONG c = s[i];
        int n = 0;
        ULONG min = 0;
        if (c < 0x80) {
            n = 0;
        } else if ((c & 0xE0) == 0xC0) {
            c &= 0x1F, n = 1, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            c &= 0x0F, n = 2, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            c &= 0x07, n = 3, min = 0x10000;
        } else {
            c = 0xFFFD, n = -1;
        }
        i++;
        if (n > 0) {
            int k;
            for (k = 0; k < n && i < SrcBytes && (s[i] & 0xC0) == 0x80; k++, i++)
                c = (c << 6) | (s[i] & 0x3F);
            if (k < n || c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
                c = 0xFFFD;
        }
        if (c >= 0x10000) {
            if (Out < DstChars)
                Dst[Out] = (WCHAR)(0xD800 + ((c - 0x10000) >> 10));
            Out++;
            if (Out < DstChars)
                Dst[Out] = (WCHAR)(0xDC00 + ((c - 0x10000) & 0x3FF));
            Out++;
        } else {
            if (Out < DstChars)
                Dst[Out] = (WCHAR)c;
            Out++;
        }
    }
    return Out;
}
