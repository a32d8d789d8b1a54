/*
 * ntio/utf8.h - decoding one UTF-8 sequence, strictly (no overlong forms,
 * no encoded surrogates, nothing above U+10FFFF): the one decoder of the
 * kernel's format engine and the CRT.
 *
 * Returns the length of the sequence with *CodePoint set; 0 when Avail
 * bytes end inside a sequence that is valid so far; -1 for an invalid
 * one, with *Bad the number of bytes that make up the bad part (at least 1).
 */
#ifndef NTIO_UTF8_H
#define NTIO_UTF8_H

#include <stddef.h>

static inline int RtlpUtf8DecodeOne(const unsigned char *Bytes, size_t Avail, unsigned *CodePoint,
                                    size_t *Bad)
{
    unsigned Lead = Bytes[0];
    unsigned Low = 0x80, High = 0xBF;
    size_t Need;
    unsigned Value;

    if (Lead < 0x80) {
        *CodePoint = Lead;
        return 1;
    }
    if (Lead >= 0xC2 && Lead <= 0xDF) {
        Need = 1;
        Value = Lead & 0x1F;
    } else if (Lead >= 0xE0 && Lead <= 0xEF) {
        Need = 2;
        Value = Lead & 0x0F;
        if (Lead == 0xE0) {
            Low = 0xA0;         /* no overlong forms */
        } else if (Lead == 0xED) {
            High = 0x9F;        /* no encoded surrogates */
        }
    } else if (Lead >= 0xF0 && Lead <= 0xF4) {
        Need = 3;
        Value = Lead & 0x07;
        if (Lead == 0xF0) {
            Low = 0x90;
        } else if (Lead == 0xF4) {
            High = 0x8F;        /* nothing above U+10FFFF */
        }
    } else {
        *Bad = 1;
        return -1;
    }
    for (size_t i = 1; i <= Need; i++) {
        if (i >= Avail) {
            return 0;
        }
        if (Bytes[i] < Low || Bytes[i] > High) {
            *Bad = i;
            return -1;
        }
        Value = (Value << 6) | (Bytes[i] & 0x3F);
        Low = 0x80;
        High = 0xBF;
    }
    *CodePoint = Value;
    return (int)Need + 1;
}

#endif /* NTIO_UTF8_H */
