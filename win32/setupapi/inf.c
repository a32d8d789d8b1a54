/*
 * setupapi/inf.c - the public INF functions of SetupAPI (SetupOpenInfFile,
 * SetupFindFirstLine, SetupGetStringField …) over the parser's INF_FILE
 * (infparse.c).
 *
 * Windows' conventions kept here: the functions report errors through the
 * thread's last error and set it to NO_ERROR when they succeed; a missing
 * section is ERROR_LINE_NOT_FOUND for the line functions and
 * ERROR_SECTION_NOT_FOUND for SetupGetLineCount; a field index past the
 * line (or 0 on a line without a key) is ERROR_INVALID_PARAMETER; the
 * string functions take a NULL buffer as a size query (TRUE with
 * *RequiredSize), and fail with ERROR_INSUFFICIENT_BUFFER, *RequiredSize
 * set and the buffer untouched, when it is too small.  Sizes are in
 * characters, bytes for the A forms (ANSI is UTF-8).
 */
#include "setupapip.h"
#include "rtl/nls.h"

#include <stdlib.h>
#include <string.h>

/* ---- helpers ------------------------------------------------------------------------------ */

static BOOL InfFail(DWORD Error)
{
    SetLastError(Error);
    return FALSE;
}

static BOOL InfSucceed(VOID)
{
    SetLastError(NO_ERROR);
    return TRUE;
}

/* A UTF-8 argument as UTF-16 (malloc'd; NULL in gives NULL out). */
static DWORD InfToWide(PCSTR Ansi, PWSTR *Wide)
{
    *Wide = NULL;
    if (!Ansi)
        return ERROR_SUCCESS;
    SIZE_T Bytes = strlen(Ansi);
    SIZE_T Chars = RtlpUtf8ToUtf16(NULL, 0, Ansi, Bytes);
    PWSTR w = malloc((Chars + 1) * sizeof(WCHAR));
    if (!w)
        return ERROR_NOT_ENOUGH_MEMORY;
    RtlpUtf8ToUtf16(w, Chars, Ansi, Bytes);
    w[Chars] = 0;
    *Wide = w;
    return ERROR_SUCCESS;
}

/* Return a result of Chars UTF-16 characters (its NULs included, the
 * final one excluded) through a caller's buffer by the two-call protocol:
 * as UTF-16 sized in characters, or for the A forms (Ansi) converted to
 * UTF-8 and sized in bytes. */
static BOOL InfReturn(PCWSTR Text, SIZE_T Chars, PVOID Buffer, DWORD Size, PDWORD Required,
                      BOOL Ansi)
{
    SIZE_T Units = Ansi ? RtlpUtf16ToUtf8(NULL, 0, Text, Chars) : Chars;
    if (Required)
        *Required = (DWORD)(Units + 1);
    if (!Buffer)
        return InfSucceed();
    if (Size < Units + 1)
        return InfFail(ERROR_INSUFFICIENT_BUFFER);
    if (Ansi) {
        RtlpUtf16ToUtf8(Buffer, Units, Text, Chars);
        ((PSTR)Buffer)[Units] = 0;
    } else {
        memcpy(Buffer, Text, Chars * sizeof(WCHAR));
        ((PWSTR)Buffer)[Chars] = 0;
    }
    return InfSucceed();
}

/* InfReturn for a result built in the heap (NULL: out of memory), which
 * it frees. */
static BOOL InfReturnBuilt(PWSTR Text, SIZE_T Chars, PVOID Buffer, DWORD Size, PDWORD Required,
                           BOOL Ansi)
{
    if (!Text)
        return InfFail(ERROR_NOT_ENOUGH_MEMORY);
    BOOL Ok = InfReturn(Text, Chars, Buffer, Size, Required, Ansi);
    free(Text);
    return Ok;
}

/* The line of a context, or FALSE with the last error set. */
static PCINF_LINE InfContextLine(PINFCONTEXT Context)
{
    if (!Context) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    PCINF_LINE Line = InfpContextLine(Context, NULL);
    if (!Line)
        SetLastError(InfpFromHandle(Context->Inf) ? ERROR_LINE_NOT_FOUND : ERROR_INVALID_HANDLE);
    return Line;
}

/* ---- opening and closing ------------------------------------------------------------------ */

WINSETUPAPI HINF WINAPI SetupOpenInfFileW(PCWSTR FileName, PCWSTR InfClass, DWORD InfStyle,
                                          PUINT ErrorLine)
{
    PINF_FILE File;
    DWORD Error = InfpOpen(FileName, InfClass, InfStyle & (INF_STYLE_OLDNT | INF_STYLE_WIN4), &File,
                           ErrorLine);
    if (Error) {
        SetLastError(Error);
        return INVALID_HANDLE_VALUE;
    }
    SetLastError(NO_ERROR);
    return File;
}

WINSETUPAPI HINF WINAPI SetupOpenInfFileA(PCSTR FileName, PCSTR InfClass, DWORD InfStyle,
                                          PUINT ErrorLine)
{
    PWSTR Name, Class;
    DWORD Error = InfToWide(FileName, &Name);
    if (!Error)
        Error = InfToWide(InfClass, &Class);
    if (Error) {
        free(Name);
        if (ErrorLine)
            *ErrorLine = 0;
        SetLastError(Error);
        return INVALID_HANDLE_VALUE;
    }
    HINF Inf = SetupOpenInfFileW(Name, Class, InfStyle, ErrorLine);
    DWORD Last = GetLastError();
    free(Name);
    free(Class);
    SetLastError(Last);
    return Inf;
}

WINSETUPAPI BOOL WINAPI SetupOpenAppendInfFileW(PCWSTR FileName, HINF InfHandle, PUINT ErrorLine)
{
    PINF_FILE Head = InfpFromHandle(InfHandle), Child;
    if (!Head) {
        if (ErrorLine)
            *ErrorLine = 0;
        return InfFail(ERROR_INVALID_HANDLE);
    }
    /* "This function requires a Windows INF file." */
    if (Head->Style != INF_STYLE_WIN4) {
        if (ErrorLine)
            *ErrorLine = 0;
        return InfFail(ERROR_INVALID_PARAMETER);
    }
    if (FileName) {
        DWORD Error = InfpOpen(FileName, NULL, INF_STYLE_WIN4, &Child, ErrorLine);
        if (!Error)
            Error = InfpAppend(Head, Child);
        return Error ? InfFail(Error) : InfSucceed();
    }

    /* No name: the LayoutFile entries of [Version] (of the first file). */
    PCINF_SECTION Version = InfpFindSection(Head, L"Version");
    PCINF_LINE Layout = NULL;
    for (ULONG i = 0; Version && i < Version->LineCount; i++) {
        if (Version->Lines[i].Key && !InfpCompareNames(Version->Lines[i].Key, L"LayoutFile")) {
            Layout = &Version->Lines[i];
            break;
        }
    }
    if (!Layout) {
        if (ErrorLine)
            *ErrorLine = 0;
        return InfFail(ERROR_INVALID_DATA);
    }
    for (ULONG i = 0; i < Layout->FieldCount; i++) {
        if (!Layout->Fields[i][0])
            continue;
        DWORD Error = InfpOpen(Layout->Fields[i], NULL, INF_STYLE_WIN4, &Child, ErrorLine);
        if (!Error)
            Error = InfpAppend(Head, Child);
        if (Error)
            return InfFail(Error);
    }
    return InfSucceed();
}

WINSETUPAPI BOOL WINAPI SetupOpenAppendInfFileA(PCSTR FileName, HINF InfHandle, PUINT ErrorLine)
{
    PWSTR Name;
    DWORD Error = InfToWide(FileName, &Name);
    if (Error)
        return InfFail(Error);
    BOOL Ok = SetupOpenAppendInfFileW(Name, InfHandle, ErrorLine);
    DWORD Last = GetLastError();
    free(Name);
    SetLastError(Last);
    return Ok;
}

WINSETUPAPI VOID WINAPI SetupCloseInfFile(HINF InfHandle)
{
    /* NULL, INVALID_HANDLE_VALUE and stale handles are ignored (the last
     * error is left alone, as Windows). */
    InfpClose(InfpFromHandle(InfHandle));
}

/* ---- sections and lines ------------------------------------------------------------------- */

WINSETUPAPI BOOL WINAPI SetupFindFirstLineW(HINF InfHandle, PCWSTR Section, PCWSTR Key,
                                            PINFCONTEXT Context)
{
    PINF_FILE Head = InfpFromHandle(InfHandle);
    if (!Head)
        return InfFail(ERROR_INVALID_HANDLE);
    if (!Section || !Context)
        return InfFail(ERROR_INVALID_PARAMETER);
    INFCONTEXT Found;
    if (!InfpFindFirstLine(Head, Section, Key, &Found))
        return InfFail(ERROR_LINE_NOT_FOUND);
    *Context = Found;
    return InfSucceed();
}

WINSETUPAPI BOOL WINAPI SetupFindFirstLineA(HINF InfHandle, PCSTR Section, PCSTR Key,
                                            PINFCONTEXT Context)
{
    PWSTR SectionW = NULL, KeyW = NULL;
    DWORD Error = InfToWide(Section, &SectionW);
    if (!Error)
        Error = InfToWide(Key, &KeyW);
    BOOL Ok = Error ? InfFail(Error) : SetupFindFirstLineW(InfHandle, SectionW, KeyW, Context);
    DWORD Last = GetLastError();
    free(SectionW);
    free(KeyW);
    SetLastError(Last);
    return Ok;
}

WINSETUPAPI BOOL WINAPI SetupFindNextLine(PINFCONTEXT ContextIn, PINFCONTEXT ContextOut)
{
    return SetupFindNextMatchLineW(ContextIn, NULL, ContextOut);
}

WINSETUPAPI BOOL WINAPI SetupFindNextMatchLineW(PINFCONTEXT ContextIn, PCWSTR Key,
                                                PINFCONTEXT ContextOut)
{
    if (!ContextOut || !InfContextLine(ContextIn))
        return InfFail(ContextOut ? GetLastError() : ERROR_INVALID_PARAMETER);
    if (!InfpFindNextLine(ContextIn, Key, ContextOut))
        return InfFail(ERROR_LINE_NOT_FOUND);
    return InfSucceed();
}

WINSETUPAPI BOOL WINAPI SetupFindNextMatchLineA(PINFCONTEXT ContextIn, PCSTR Key,
                                                PINFCONTEXT ContextOut)
{
    PWSTR KeyW;
    DWORD Error = InfToWide(Key, &KeyW);
    if (Error)
        return InfFail(Error);
    BOOL Ok = SetupFindNextMatchLineW(ContextIn, KeyW, ContextOut);
    DWORD Last = GetLastError();
    free(KeyW);
    SetLastError(Last);
    return Ok;
}

WINSETUPAPI LONG WINAPI SetupGetLineCountW(HINF InfHandle, PCWSTR Section)
{
    PINF_FILE Head = InfpFromHandle(InfHandle);
    if (!Head) {
        SetLastError(ERROR_INVALID_HANDLE);
        return -1;
    }
    if (!Section) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return -1;
    }
    LONG Count = -1;
    for (PINF_FILE f = Head; f; f = __atomic_load_n(&f->Next, __ATOMIC_ACQUIRE)) {
        PCINF_SECTION s = InfpFindSection(f, Section);
        if (s)
            Count = (Count < 0 ? 0 : Count) + (LONG)s->LineCount;
    }
    SetLastError(Count < 0 ? ERROR_SECTION_NOT_FOUND : NO_ERROR);
    return Count;
}

WINSETUPAPI LONG WINAPI SetupGetLineCountA(HINF InfHandle, PCSTR Section)
{
    PWSTR SectionW;
    DWORD Error = InfToWide(Section, &SectionW);
    if (Error) {
        SetLastError(Error);
        return -1;
    }
    LONG Count = SetupGetLineCountW(InfHandle, SectionW);
    DWORD Last = GetLastError();
    free(SectionW);
    SetLastError(Last);
    return Count;
}

WINSETUPAPI BOOL WINAPI SetupGetLineByIndexW(HINF InfHandle, PCWSTR Section, DWORD Index,
                                             PINFCONTEXT Context)
{
    PINF_FILE Head = InfpFromHandle(InfHandle);
    if (!Head)
        return InfFail(ERROR_INVALID_HANDLE);
    if (!Section || !Context)
        return InfFail(ERROR_INVALID_PARAMETER);
    /* The merged section: the lines of each file in append order. */
    for (PINF_FILE f = Head; f; f = __atomic_load_n(&f->Next, __ATOMIC_ACQUIRE)) {
        PCINF_SECTION s = InfpFindSection(f, Section);
        if (!s)
            continue;
        if (Index < s->LineCount) {
            Context->Inf = Head;
            Context->CurrentInf = f;
            Context->Section = (UINT)(s - f->Sections);
            Context->Line = Index;
            return InfSucceed();
        }
        Index -= s->LineCount;
    }
    return InfFail(ERROR_LINE_NOT_FOUND);
}

WINSETUPAPI BOOL WINAPI SetupGetLineByIndexA(HINF InfHandle, PCSTR Section, DWORD Index,
                                             PINFCONTEXT Context)
{
    PWSTR SectionW;
    DWORD Error = InfToWide(Section, &SectionW);
    if (Error)
        return InfFail(Error);
    BOOL Ok = SetupGetLineByIndexW(InfHandle, SectionW, Index, Context);
    DWORD Last = GetLastError();
    free(SectionW);
    SetLastError(Last);
    return Ok;
}

/* The text of a line: its fields joined by commas (the key left out). */
static PWSTR InfLineText(PCINF_LINE Line, SIZE_T *Chars)
{
    SIZE_T n = 0;
    for (ULONG i = 0; i < Line->FieldCount; i++)
        n += RtlpWcslen(Line->Fields[i]) + 1;
    PWSTR Text = malloc(n * sizeof(WCHAR));
    if (!Text)
        return NULL;
    SIZE_T o = 0;
    for (ULONG i = 0; i < Line->FieldCount; i++) {
        SIZE_T l = RtlpWcslen(Line->Fields[i]);
        memcpy(Text + o, Line->Fields[i], l * sizeof(WCHAR));
        o += l;
        Text[o++] = i + 1 < Line->FieldCount ? L',' : 0;
    }
    *Chars = n - 1;
    return Text;
}

/* The line SetupGetLineText designates: Context, or InfHandle/Section/Key. */
static PCINF_LINE InfTextLine(PINFCONTEXT Context, HINF InfHandle, PCWSTR Section, PCWSTR Key)
{
    if (Context)
        return InfContextLine(Context);
    PINF_FILE Head = InfpFromHandle(InfHandle);
    if (!Head) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    if (!Section || !Key) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    INFCONTEXT Found;
    PCINF_LINE Line = InfpFindFirstLine(Head, Section, Key, &Found);
    if (!Line)
        SetLastError(ERROR_LINE_NOT_FOUND);
    return Line;
}

WINSETUPAPI BOOL WINAPI SetupGetLineTextW(PINFCONTEXT Context, HINF InfHandle, PCWSTR Section,
                                          PCWSTR Key, PWSTR ReturnBuffer, DWORD ReturnBufferSize,
                                          PDWORD RequiredSize)
{
    PCINF_LINE Line = InfTextLine(Context, InfHandle, Section, Key);
    if (!Line)
        return FALSE;
    SIZE_T Chars = 0;
    PWSTR Text = InfLineText(Line, &Chars);
    return InfReturnBuilt(Text, Chars, ReturnBuffer, ReturnBufferSize, RequiredSize, FALSE);
}

WINSETUPAPI BOOL WINAPI SetupGetLineTextA(PINFCONTEXT Context, HINF InfHandle, PCSTR Section,
                                          PCSTR Key, PSTR ReturnBuffer, DWORD ReturnBufferSize,
                                          PDWORD RequiredSize)
{
    PCINF_LINE Line;
    if (Context) {
        Line = InfContextLine(Context);
    } else {
        PWSTR SectionW = NULL, KeyW = NULL;
        DWORD Error = InfToWide(Section, &SectionW);
        if (!Error)
            Error = InfToWide(Key, &KeyW);
        if (Error)
            Line = NULL, SetLastError(Error);
        else
            Line = InfTextLine(NULL, InfHandle, SectionW, KeyW);
        DWORD Last = GetLastError();
        free(SectionW);
        free(KeyW);
        SetLastError(Last);
    }
    if (!Line)
        return FALSE;
    SIZE_T Chars = 0;
    PWSTR Text = InfLineText(Line, &Chars);
    return InfReturnBuilt(Text, Chars, ReturnBuffer, ReturnBufferSize, RequiredSize, TRUE);
}

/* ---- fields -------------------------------------------------------------------------------- */

WINSETUPAPI DWORD WINAPI SetupGetFieldCount(PINFCONTEXT Context)
{
    PCINF_LINE Line = InfContextLine(Context);
    if (!Line)
        return 0;
    SetLastError(NO_ERROR);
    return Line->FieldCount;
}

/* Field FieldIndex of the context's line, or NULL with the last error set. */
static PCWSTR InfContextField(PINFCONTEXT Context, DWORD FieldIndex)
{
    PCINF_LINE Line = InfContextLine(Context);
    if (!Line)
        return NULL;
    PCWSTR Field = InfpLineField(Line, FieldIndex);
    if (!Field)
        SetLastError(ERROR_INVALID_PARAMETER);
    return Field;
}

WINSETUPAPI BOOL WINAPI SetupGetStringFieldW(PINFCONTEXT Context, DWORD FieldIndex,
                                             PWSTR ReturnBuffer, DWORD ReturnBufferSize,
                                             PDWORD RequiredSize)
{
    PCWSTR Field = InfContextField(Context, FieldIndex);
    if (!Field)
        return FALSE;
    return InfReturn(Field, RtlpWcslen(Field), ReturnBuffer, ReturnBufferSize, RequiredSize, FALSE);
}

WINSETUPAPI BOOL WINAPI SetupGetStringFieldA(PINFCONTEXT Context, DWORD FieldIndex,
                                             PSTR ReturnBuffer, DWORD ReturnBufferSize,
                                             PDWORD RequiredSize)
{
    PCWSTR Field = InfContextField(Context, FieldIndex);
    if (!Field)
        return FALSE;
    return InfReturn(Field, RtlpWcslen(Field), ReturnBuffer, ReturnBufferSize, RequiredSize, TRUE);
}

/* An integer field: an optional sign, then decimal digits, or hexadecimal
 * ones after 0x/0X; an empty field is 0 (an omitted optional value).
 * Overflow wraps to 32 bits. */
WINSETUPAPI BOOL WINAPI SetupGetIntField(PINFCONTEXT Context, DWORD FieldIndex, PINT IntegerValue)
{
    PCWSTR Field = InfContextField(Context, FieldIndex);
    if (!Field)
        return FALSE;
    if (!IntegerValue)
        return InfFail(ERROR_INVALID_PARAMETER);
    PCWSTR p = Field;
    BOOLEAN Negative = FALSE;
    if (!*p) {
        *IntegerValue = 0;
        return InfSucceed();
    }
    if (*p == L'+' || *p == L'-')
        Negative = *p++ == L'-';
    ULONG Base = 10, Value = 0;
    if (p[0] == L'0' && (p[1] == L'x' || p[1] == L'X')) {
        Base = 16;
        p += 2;
    }
    if (!*p)
        return InfFail(ERROR_INVALID_DATA);
    for (; *p; p++) {
        ULONG d;
        if (*p >= L'0' && *p <= L'9')
            d = *p - L'0';
        else if (Base == 16 && *p >= L'a' && *p <= L'f')
            d = *p - L'a' + 10;
        else if (Base == 16 && *p >= L'A' && *p <= L'F')
            d = *p - L'A' + 10;
        else
            return InfFail(ERROR_INVALID_DATA);
        Value = Value * Base + d;
    }
    *IntegerValue = (INT)(Negative ? 0u - Value : Value);
    return InfSucceed();
}

/* Fields FieldIndex.. as a REG_MULTI_SZ list, stopping at the first empty
 * field (the format cannot hold one). */
static PWSTR InfMultiSz(PCINF_LINE Line, DWORD FieldIndex, SIZE_T *Chars)
{
    SIZE_T n = 0;
    ULONG End = FieldIndex - 1;
    for (; End < Line->FieldCount && Line->Fields[End][0]; End++)
        n += RtlpWcslen(Line->Fields[End]) + 1;
    PWSTR List = malloc((n + 1) * sizeof(WCHAR));
    if (!List)
        return NULL;
    SIZE_T o = 0;
    for (ULONG i = FieldIndex - 1; i < End; i++) {
        SIZE_T l = RtlpWcslen(Line->Fields[i]);
        memcpy(List + o, Line->Fields[i], (l + 1) * sizeof(WCHAR));
        o += l + 1;
    }
    List[o] = 0;
    *Chars = o;     /* the final NUL is added by InfReturn */
    return List;
}

static PCINF_LINE InfMultiSzLine(PINFCONTEXT Context, DWORD FieldIndex)
{
    PCINF_LINE Line = InfContextLine(Context);
    if (Line && (FieldIndex == 0 || FieldIndex > Line->FieldCount)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return Line;
}

/* SetupGetMultiSzField, its result as UTF-16 or (Ansi) UTF-8. */
static BOOL InfGetMultiSzField(PINFCONTEXT Context, DWORD FieldIndex, PVOID ReturnBuffer,
                               DWORD ReturnBufferSize, LPDWORD RequiredSize, BOOL Ansi)
{
    PCINF_LINE Line = InfMultiSzLine(Context, FieldIndex);
    if (!Line)
        return FALSE;
    SIZE_T Chars = 0;
    PWSTR List = InfMultiSz(Line, FieldIndex, &Chars);
    return InfReturnBuilt(List, Chars, ReturnBuffer, ReturnBufferSize, RequiredSize, Ansi);
}

WINSETUPAPI BOOL WINAPI SetupGetMultiSzFieldW(PINFCONTEXT Context, DWORD FieldIndex,
                                              PWSTR ReturnBuffer, DWORD ReturnBufferSize,
                                              LPDWORD RequiredSize)
{
    return InfGetMultiSzField(Context, FieldIndex, ReturnBuffer, ReturnBufferSize, RequiredSize,
                              FALSE);
}

WINSETUPAPI BOOL WINAPI SetupGetMultiSzFieldA(PINFCONTEXT Context, DWORD FieldIndex,
                                              PSTR ReturnBuffer, DWORD ReturnBufferSize,
                                              LPDWORD RequiredSize)
{
    return InfGetMultiSzField(Context, FieldIndex, ReturnBuffer, ReturnBufferSize, RequiredSize,
                              TRUE);
}

/* Fields FieldIndex.. as bytes, each a hexadecimal number (0x optional) up
 * to FF.  The fields are checked before any size is reported. */
WINSETUPAPI BOOL WINAPI SetupGetBinaryField(PINFCONTEXT Context, DWORD FieldIndex,
                                            PBYTE ReturnBuffer, DWORD ReturnBufferSize,
                                            LPDWORD RequiredSize)
{
    PCINF_LINE Line = InfMultiSzLine(Context, FieldIndex);
    if (!Line)
        return FALSE;
    ULONG Count = Line->FieldCount - (FieldIndex - 1);
    BYTE Stack[64];
    PBYTE Bytes = Count <= sizeof(Stack) ? Stack : malloc(Count);
    if (!Bytes)
        return InfFail(ERROR_NOT_ENOUGH_MEMORY);
    for (ULONG i = 0; i < Count; i++) {
        PCWSTR p = Line->Fields[FieldIndex - 1 + i];
        ULONG Value = 0;
        if (p[0] == L'0' && (p[1] == L'x' || p[1] == L'X'))
            p += 2;
        for (; *p; p++) {
            ULONG d;
            if (*p >= L'0' && *p <= L'9')
                d = *p - L'0';
            else if (*p >= L'a' && *p <= L'f')
                d = *p - L'a' + 10;
            else if (*p >= L'A' && *p <= L'F')
                d = *p - L'A' + 10;
            else
                d = 0x100;
            Value = Value * 16 + d;
            if (d > 15 || Value > 0xFF) {
                if (Bytes != Stack)
                    free(Bytes);
                return InfFail(ERROR_INVALID_DATA);
            }
        }
        Bytes[i] = (BYTE)Value;
    }
    BOOL Ok;
    if (RequiredSize)
        *RequiredSize = Count;
    if (ReturnBuffer && ReturnBufferSize < Count) {
        Ok = InfFail(ERROR_INSUFFICIENT_BUFFER);
    } else {
        if (ReturnBuffer)
            memcpy(ReturnBuffer, Bytes, Count);
        Ok = InfSucceed();
    }
    if (Bytes != Stack)
        free(Bytes);
    return Ok;
}
