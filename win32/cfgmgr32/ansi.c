/*
 * cfgmgr32/ansi.c - the A forms' strings: ntio's ANSI code page is UTF-8,
 * so an A function converts its arguments to UTF-16, calls the W work and
 * converts what it returns; lengths of A buffers are in bytes.
 */
#include "cfgmgrp.h"

CONFIGRET CmpAnsiToPath(PCSTR Ansi, CMP_PATH Wide, BOOL *Given)
{
    Wide[0] = 0;
    *Given = Ansi && Ansi[0];
    if (!*Given)
        return CR_SUCCESS;
    SIZE_T Bytes = strlen(Ansi);
    SIZE_T Chars = RtlpUtf8ToUtf16(NULL, 0, Ansi, Bytes);
    if (Chars >= MAX_DEVICE_ID_LEN)
        return CR_INVALID_DEVICE_ID;
    RtlpUtf8ToUtf16(Wide, Chars, Ansi, Bytes);
    Wide[Chars] = 0;
    return CR_SUCCESS;
}

PSTR CmpWideToAnsi(PCWSTR Wide, SIZE_T Chars, PULONG Bytes)
{
    SIZE_T Need = RtlpUtf16ToUtf8(NULL, 0, Wide, Chars);
    PSTR Ansi = malloc(Need + 1);
    if (!Ansi)
        return NULL;
    RtlpUtf16ToUtf8(Ansi, Need, Wide, Chars);
    Ansi[Need] = 0;
    *Bytes = (ULONG)Need;
    return Ansi;
}
