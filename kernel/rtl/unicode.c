/*
 * rtl/unicode.c - counted strings: UNICODE_STRING and ANSI_STRING.
 * Lengths are in bytes and never include a terminator; Windows' rules on
 * truncation and errors are kept (see each routine).
 */
#include <wdm.h>
#include "nls.h"
#include "ex/ex.h"

#define TAG_USTR TAG('U', 's', 't', 'r')

NTIO_EXPORT VOID RtlInitUnicodeString(PUNICODE_STRING Dst, PCWSTR Src)
{
    if (Src) {
        SIZE_T Bytes = RtlpWcslen(Src) * sizeof(WCHAR);
        if (Bytes > UNICODE_STRING_MAX_BYTES - sizeof(WCHAR))
            Bytes = UNICODE_STRING_MAX_BYTES - sizeof(WCHAR);
        Dst->Length = (USHORT)Bytes;
        Dst->MaximumLength = (USHORT)(Bytes + sizeof(WCHAR));
    } else {
        Dst->Length = Dst->MaximumLength = 0;
    }
    Dst->Buffer = (PWCH)Src;
}

NTIO_EXPORT NTSTATUS RtlInitUnicodeStringEx(PUNICODE_STRING Dst, PCWSTR Src)
{
    if (Src && RtlpWcslen(Src) * sizeof(WCHAR) > UNICODE_STRING_MAX_BYTES - sizeof(WCHAR))
        return STATUS_NAME_TOO_LONG;
    RtlInitUnicodeString(Dst, Src);
    return STATUS_SUCCESS;
}

NTIO_EXPORT VOID RtlInitAnsiString(PANSI_STRING Dst, PCSTR Src)
{
    if (Src) {
        SIZE_T Bytes = strlen(Src);
        if (Bytes > MAXUSHORT - 1)
            Bytes = MAXUSHORT - 1;
        Dst->Length = (USHORT)Bytes;
        Dst->MaximumLength = (USHORT)(Bytes + 1);
    } else {
        Dst->Length = Dst->MaximumLength = 0;
    }
    Dst->Buffer = (PCHAR)Src;
}

NTIO_EXPORT VOID RtlInitString(PSTRING Dst, PCSTR Src)
{
    RtlInitAnsiString(Dst, Src);
}

NTIO_EXPORT VOID RtlCopyUnicodeString(PUNICODE_STRING Dst, PCUNICODE_STRING Src)
{
    /* Copies as much as fits; NUL-terminates when there is room. */
    if (!Src || !Src->Buffer) {
        Dst->Length = 0;
        return;
    }
    USHORT n = Src->Length < Dst->MaximumLength ? Src->Length : Dst->MaximumLength;
    memmove(Dst->Buffer, Src->Buffer, n);
    Dst->Length = n;
    if (n + sizeof(WCHAR) <= Dst->MaximumLength)
        Dst->Buffer[n / sizeof(WCHAR)] = 0;
}

NTIO_EXPORT NTSTATUS RtlAppendUnicodeStringToString(PUNICODE_STRING Dst, PCUNICODE_STRING Src)
{
    if (!Src->Length)
        return STATUS_SUCCESS;
    if ((ULONG)Dst->Length + Src->Length > Dst->MaximumLength)
        return STATUS_BUFFER_TOO_SMALL;
    memmove((PUCHAR)Dst->Buffer + Dst->Length, Src->Buffer, Src->Length);
    Dst->Length = (USHORT)(Dst->Length + Src->Length);
    if (Dst->Length + sizeof(WCHAR) <= Dst->MaximumLength)
        Dst->Buffer[Dst->Length / sizeof(WCHAR)] = 0;
    return STATUS_SUCCESS;
}

NTIO_EXPORT NTSTATUS RtlAppendUnicodeToString(PUNICODE_STRING Dst, PCWSTR Src)
{
    UNICODE_STRING S;
    if (!Src)
        return STATUS_SUCCESS;
    RtlInitUnicodeString(&S, Src);
    return RtlAppendUnicodeStringToString(Dst, &S);
}

NTIO_EXPORT WCHAR RtlUpcaseUnicodeChar(WCHAR c)
{
    if (c < 'a')
        return c;
    if (c <= 'z')
        return (WCHAR)(c - 0x20);
    if (c < 0xE0)
        return c;
    if (c <= 0xFE && c != 0xF7)
        return (WCHAR)(c - 0x20);
    if (c == 0xFF)
        return 0x178;
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 &&
        c != 0x17F) {
        /* Latin Extended-A alternates upper/lower, with a phase shift at 0x139..0x148 and 0x179..0x17E. */
        BOOLEAN OddLower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        if (OddLower ? (c & 1) == 0 : (c & 1) == 1)
            return (WCHAR)(c - 1);
        return c;
    }
    if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2)
        return (WCHAR)(c - 0x20);
    if (c >= 0x430 && c <= 0x44F)
        return (WCHAR)(c - 0x20);
    if (c >= 0x450 && c <= 0x45F)
        return (WCHAR)(c - 0x50);
    if (c >= 0xFF41 && c <= 0xFF5A)
        return (WCHAR)(c - 0x20);
    return c;
}

NTIO_EXPORT WCHAR RtlDowncaseUnicodeChar(WCHAR c)
{
    if (c >= 'A' && c <= 'Z')
        return (WCHAR)(c + 0x20);
    if (c < 0xC0)
        return c;
    if (c <= 0xDE && c != 0xD7)
        return (WCHAR)(c + 0x20);
    if (c == 0x178)
        return 0xFF;
    if (c >= 0x100 && c <= 0x17F) {
        WCHAR Lower = (WCHAR)(c + 1);
        if (RtlUpcaseUnicodeChar(Lower) == c && Lower != c)
            return Lower;
        return c;
    }
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
        return (WCHAR)(c + 0x20);
    if (c >= 0x410 && c <= 0x42F)
        return (WCHAR)(c + 0x20);
    if (c >= 0x400 && c <= 0x40F)
        return (WCHAR)(c + 0x50);
    if (c >= 0xFF21 && c <= 0xFF3A)
        return (WCHAR)(c + 0x20);
    return c;
}

NTIO_EXPORT LONG RtlCompareUnicodeString(PCUNICODE_STRING S1, PCUNICODE_STRING S2,
                                         BOOLEAN CaseInSensitive)
{
    USHORT n1 = S1->Length / sizeof(WCHAR), n2 = S2->Length / sizeof(WCHAR);
    USHORT n = n1 < n2 ? n1 : n2;
    for (USHORT i = 0; i < n; i++) {
        WCHAR a = S1->Buffer[i], b = S2->Buffer[i];
        if (CaseInSensitive) {
            a = RtlUpcaseUnicodeChar(a);
            b = RtlUpcaseUnicodeChar(b);
        }
        if (a != b)
            return (LONG)a - (LONG)b;
    }
    return (LONG)n1 - (LONG)n2;
}

NTIO_EXPORT BOOLEAN RtlEqualUnicodeString(PCUNICODE_STRING S1, PCUNICODE_STRING S2,
                                          BOOLEAN CaseInSensitive)
{
    if (S1->Length != S2->Length)
        return FALSE;
    return RtlCompareUnicodeString(S1, S2, CaseInSensitive) == 0;
}

NTIO_EXPORT BOOLEAN RtlPrefixUnicodeString(PCUNICODE_STRING S1, PCUNICODE_STRING S2,
                                           BOOLEAN CaseInSensitive)
{
    if (S1->Length > S2->Length)
        return FALSE;
    UNICODE_STRING Head = { S1->Length, S1->Length, S2->Buffer };
    return RtlCompareUnicodeString(S1, &Head, CaseInSensitive) == 0;
}

NTIO_EXPORT NTSTATUS RtlUnicodeStringToAnsiString(PANSI_STRING Dst, PCUNICODE_STRING Src,
                                                  BOOLEAN Allocate)
{
    SIZE_T Need = RtlpUtf16ToUtf8(NULL, 0, Src->Buffer, Src->Length / sizeof(WCHAR));
    NTSTATUS Status = STATUS_SUCCESS;
    if (Need > MAXUSHORT - 1)
        return STATUS_INVALID_PARAMETER_2;
    if (Allocate) {
        Dst->Buffer = ExpAllocatePool(PagedPool, Need + 1, TAG_USTR, __builtin_return_address(0));
        if (!Dst->Buffer)
            return STATUS_NO_MEMORY;
        Dst->MaximumLength = (USHORT)(Need + 1);
    } else if (Need >= Dst->MaximumLength) {
        if (!Dst->MaximumLength)
            return STATUS_BUFFER_OVERFLOW;
        Status = STATUS_BUFFER_OVERFLOW; /* converts what fits, as Windows does */
        Need = Dst->MaximumLength - 1U;
    }
    RtlpUtf16ToUtf8(Dst->Buffer, Need, Src->Buffer, Src->Length / sizeof(WCHAR));
    Dst->Buffer[Need] = 0;
    Dst->Length = (USHORT)Need;
    return Status;
}

NTIO_EXPORT NTSTATUS RtlAnsiStringToUnicodeString(PUNICODE_STRING Dst, PCANSI_STRING Src,
                                                  BOOLEAN Allocate)
{
    SIZE_T Chars = RtlpUtf8ToUtf16(NULL, 0, Src->Buffer, Src->Length);
    SIZE_T Need = Chars * sizeof(WCHAR);
    if (Need > UNICODE_STRING_MAX_BYTES - sizeof(WCHAR))
        return STATUS_INVALID_PARAMETER_2;
    if (Allocate) {
        Dst->Buffer = ExpAllocatePool(PagedPool, Need + sizeof(WCHAR), TAG_USTR,
                                      __builtin_return_address(0));
        if (!Dst->Buffer)
            return STATUS_NO_MEMORY;
        Dst->MaximumLength = (USHORT)(Need + sizeof(WCHAR));
    } else if (Need + sizeof(WCHAR) > Dst->MaximumLength) {
        return STATUS_BUFFER_OVERFLOW;
    }
    RtlpUtf8ToUtf16(Dst->Buffer, Chars, Src->Buffer, Src->Length);
    Dst->Buffer[Chars] = 0;
    Dst->Length = (USHORT)Need;
    return STATUS_SUCCESS;
}

NTIO_EXPORT VOID RtlFreeUnicodeString(PUNICODE_STRING S)
{
    if (S->Buffer)
        ExpFreePool(S->Buffer, 0, FALSE, __builtin_return_address(0));
    S->Buffer = NULL;
    S->Length = S->MaximumLength = 0;
}

NTIO_EXPORT VOID RtlFreeAnsiString(PANSI_STRING S)
{
    if (S->Buffer)
        ExpFreePool(S->Buffer, 0, FALSE, __builtin_return_address(0));
    S->Buffer = NULL;
    S->Length = S->MaximumLength = 0;
}

NTIO_EXPORT NTSTATUS RtlDuplicateUnicodeString(ULONG Flags, PCUNICODE_STRING In, PUNICODE_STRING Out)
{
    if (!In || !Out || (In->Length & 1) || In->Length > In->MaximumLength ||
        (Flags & ~(RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE |
                   RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING)))
        return STATUS_INVALID_PARAMETER;
    BOOLEAN Terminate = (Flags & RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE) != 0;
    if (In->Length == 0 && !(Flags & RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING)) {
        Out->Length = Out->MaximumLength = 0;
        Out->Buffer = NULL;
        return STATUS_SUCCESS;
    }
    SIZE_T Size = In->Length + (Terminate ? sizeof(WCHAR) : 0);
    if (Size > UNICODE_STRING_MAX_BYTES)
        return STATUS_NAME_TOO_LONG;
    Out->Buffer = ExpAllocatePool(PagedPool, Size ? Size : sizeof(WCHAR), TAG_USTR,
                                  __builtin_return_address(0));
    if (!Out->Buffer)
        return STATUS_NO_MEMORY;
    memcpy(Out->Buffer, In->Buffer, In->Length);
    if (Terminate)
        Out->Buffer[In->Length / sizeof(WCHAR)] = 0;
    Out->Length = In->Length;
    Out->MaximumLength = (USHORT)(Size ? Size : sizeof(WCHAR));
    return STATUS_SUCCESS;
}

NTIO_EXPORT SIZE_T RtlCompareMemory(const VOID *Source1, const VOID *Source2, SIZE_T Length)
{
    const UCHAR *a = Source1, *b = Source2;
    SIZE_T i = 0;
    while (i < Length && a[i] == b[i])
        i++;
    return i;
}
