/*
 * cm/cmname.c - key and value names: the case-folded form the store
 * compares and sorts, and the components of a key path.
 *
 * Windows compares registry names by upcasing each UTF-16 unit and
 * comparing the units as numbers.  The store does the same with memcmp on
 * the upcased name written big-endian (the high byte of a unit first), so
 * a UNIQUE index finds a name whatever its case and ORDER BY gives
 * Windows' enumeration order; SQLite's own NOCASE only folds ASCII.
 */
#include "cm.h"

VOID CmpUpcaseName(PCWCH Name, ULONG Chars, PUCHAR Out)
{
    for (ULONG i = 0; i < Chars; i++) {
        WCHAR c = RtlUpcaseUnicodeChar(Name[i]);
        Out[2 * i] = (UCHAR)(c >> 8);
        Out[2 * i + 1] = (UCHAR)c;
    }
}

BOOLEAN CmpNextComponent(PCWCH Path, ULONG PathChars, ULONG *Pos, ULONG *Start, ULONG *Chars)
{
    ULONG p = *Pos;
    /* Empty components ("a\\b", a trailing '\') are skipped, as Windows'
     * parse of a key path does. */
    while (p < PathChars && Path[p] == L'\\')
        p++;
    if (p == PathChars) {
        *Pos = p;
        return FALSE;
    }
    *Start = p;
    while (p < PathChars && Path[p] != L'\\')
        p++;
    *Chars = p - *Start;
    *Pos = p;
    return TRUE;
}
