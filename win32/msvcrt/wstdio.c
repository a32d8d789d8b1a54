/*
 * msvcrt/wstdio.c - wide-character stream I/O on glibc's FILE, and the
 * opening of streams with Microsoft's mode strings and wide file names.
 *
 * Streams stay byte streams (glibc's wide orientation is never set): wide
 * output is written as UTF-8, wide input read as UTF-8.  A surrogate pair
 * may be written or read one half at a time, so the half that is pending
 * is kept per stream (CrtStreams); so is a character given back by
 * ungetwc that has no UTF-8 form of its own (a lone surrogate).
 */
#include "crt.h"

#include <pthread.h>

#define CRT_STREAM_SLOTS 32

typedef struct _CRT_WSTREAM {
    FILE *Stream;
    wchar_t PendingOut;         /* a high surrogate written, its pair not yet */
    wchar_t PendingIn;          /* the next fgetwc returns this first */
    int HasPendingIn;
} CRT_WSTREAM;

/* The per-stream halves; protected by CrtStreamLock (taken after the FILE's own lock). */
static CRT_WSTREAM CrtStreams[CRT_STREAM_SLOTS];
static pthread_mutex_t CrtStreamLock = PTHREAD_MUTEX_INITIALIZER;

/* The slot of Stream, or a free one when Create (NULL if none). Caller holds CrtStreamLock. */
static CRT_WSTREAM *CrtStreamSlot(FILE *Stream, int Create)
{
    CRT_WSTREAM *Free = NULL;
    for (int i = 0; i < CRT_STREAM_SLOTS; i++) {
        if (CrtStreams[i].Stream == Stream) {
            return &CrtStreams[i];
        }
        if (Free == NULL && CrtStreams[i].Stream == NULL) {
            Free = &CrtStreams[i];
        }
    }
    if (Create && Free != NULL) {
        memset(Free, 0, sizeof(*Free));
        Free->Stream = Stream;
        return Free;
    }
    return NULL;
}

static void CrtStreamRelease(CRT_WSTREAM *Slot)
{
    if (Slot != NULL && Slot->PendingOut == 0 && !Slot->HasPendingIn) {
        Slot->Stream = NULL;
    }
}

/* A new FILE at a recycled address must not inherit an old one's halves. */
static void CrtStreamForget(FILE *Stream)
{
    if (Stream == NULL) {
        return;
    }
    pthread_mutex_lock(&CrtStreamLock);
    CRT_WSTREAM *Slot = CrtStreamSlot(Stream, 0);
    if (Slot != NULL) {
        memset(Slot, 0, sizeof(*Slot));
    }
    pthread_mutex_unlock(&CrtStreamLock);
}

/* ---- output ------------------------------------------------------------------- */

int CrtStreamPutWide(FILE *Stream, const wchar_t *Text, size_t Count)
{
    char Bytes[256];
    size_t Used = 0;
    int Failed = 0;

    flockfile(Stream);
    pthread_mutex_lock(&CrtStreamLock);
    CRT_WSTREAM *Slot = CrtStreamSlot(Stream, 0);
    wchar_t High = Slot != NULL ? Slot->PendingOut : 0;
    if (Slot != NULL) {
        Slot->PendingOut = 0;
        CrtStreamRelease(Slot);
    }
    pthread_mutex_unlock(&CrtStreamLock);

    for (size_t i = 0; i < Count; i++) {
        unsigned Cp = Text[i];
        if (High != 0) {
            if (CRT_IS_LOW_SURROGATE(Cp)) {
                Cp = 0x10000 + ((High - 0xD800u) << 10) + (Cp - 0xDC00u);
                High = 0;
            } else {
                Used += CrtUtf8Encode(0xFFFD, Bytes + Used);     /* the lone high half */
                High = 0;
            }
        }
        if (CRT_IS_HIGH_SURROGATE(Cp)) {
            High = (wchar_t)Cp;
            continue;
        }
        if (CRT_IS_LOW_SURROGATE(Cp)) {
            Cp = 0xFFFD;
        }
        Used += CrtUtf8Encode(Cp, Bytes + Used);
        if (Used > sizeof Bytes - 8) {
            if (fwrite_unlocked(Bytes, 1, Used, Stream) != Used) {
                Failed = 1;
            }
            Used = 0;
        }
    }
    if (Used != 0 && fwrite_unlocked(Bytes, 1, Used, Stream) != Used) {
        Failed = 1;
    }
    if (High != 0) {
        pthread_mutex_lock(&CrtStreamLock);
        Slot = CrtStreamSlot(Stream, 1);
        if (Slot != NULL) {
            Slot->PendingOut = High;
        }
        pthread_mutex_unlock(&CrtStreamLock);
        if (Slot == NULL && fwrite_unlocked("\xEF\xBF\xBD", 1, 3, Stream) != 3) {
            Failed = 1;     /* no room to keep it: written as U+FFFD */
        }
    }
    funlockfile(Stream);
    return Failed ? -1 : 0;
}

CRTAPI wint_t fputwc(wchar_t Ch, FILE *Stream)
{
    CRT_VALIDATE_RETURN(Stream != NULL, EINVAL, WEOF);
    return CrtStreamPutWide(Stream, &Ch, 1) == 0 ? (wint_t)Ch : WEOF;
}

CRTAPI wint_t putwchar(wchar_t Ch)
{
    return fputwc(Ch, stdout);
}

CRTAPI int fputws(const wchar_t *String, FILE *Stream)
{
    CRT_VALIDATE_RETURN(String != NULL && Stream != NULL, EINVAL, -1);
    return CrtStreamPutWide(Stream, String, wcslen(String)) == 0 ? 0 : -1;
}

CRTAPI int _putws(const wchar_t *String)
{
    CRT_VALIDATE_RETURN(String != NULL, EINVAL, (int)WEOF);
    flockfile(stdout);
    int Result = CrtStreamPutWide(stdout, String, wcslen(String)) == 0 &&
                         CrtStreamPutWide(stdout, L"\n", 1) == 0
                     ? 0
                     : (int)WEOF;
    funlockfile(stdout);
    return Result;
}

/* ---- input -------------------------------------------------------------------- */

CRTAPI wint_t fgetwc(FILE *Stream)
{
    CRT_VALIDATE_RETURN(Stream != NULL, EINVAL, WEOF);

    flockfile(Stream);
    pthread_mutex_lock(&CrtStreamLock);
    CRT_WSTREAM *Slot = CrtStreamSlot(Stream, 0);
    if (Slot != NULL && Slot->HasPendingIn) {
        wint_t Ch = Slot->PendingIn;
        Slot->HasPendingIn = 0;
        CrtStreamRelease(Slot);
        pthread_mutex_unlock(&CrtStreamLock);
        funlockfile(Stream);
        return Ch;
    }
    pthread_mutex_unlock(&CrtStreamLock);

    unsigned char Bytes[4];
    size_t Count = 0;
    unsigned Cp;
    int c = getc_unlocked(Stream);
    if (c == EOF) {
        funlockfile(Stream);
        return WEOF;
    }
    Bytes[Count++] = (unsigned char)c;
    for (;;) {
        size_t Bad;
        int Length = CrtUtf8Decode(Bytes, Count, &Cp, &Bad);
        if (Length > 0) {
            break;
        }
        if (Length < 0) {
            /* The byte that broke the sequence may begin the next character. */
            if (Count > 1) {
                ungetc(Bytes[Count - 1], Stream);
            }
            Cp = 0xFFFD;
            break;
        }
        c = getc_unlocked(Stream);
        if (c == EOF) {
            Cp = 0xFFFD;        /* a sequence cut by the end of the stream */
            break;
        }
        Bytes[Count++] = (unsigned char)c;
    }
    if (Cp >= 0x10000) {
        Cp -= 0x10000;
        pthread_mutex_lock(&CrtStreamLock);
        Slot = CrtStreamSlot(Stream, 1);
        if (Slot != NULL) {
            Slot->PendingIn = (wchar_t)(0xDC00 + (Cp & 0x3FF));
            Slot->HasPendingIn = 1;
            Cp = 0xD800 + (Cp >> 10);
        } else {
            Cp = 0xFFFD;
        }
        pthread_mutex_unlock(&CrtStreamLock);
    }
    funlockfile(Stream);
    return (wint_t)Cp;
}

CRTAPI wint_t getwchar(void)
{
    return fgetwc(stdin);
}

CRTAPI wint_t ungetwc(wint_t Ch, FILE *Stream)
{
    CRT_VALIDATE_RETURN(Stream != NULL, EINVAL, WEOF);
    if (Ch == WEOF) {
        return WEOF;
    }
    flockfile(Stream);
    wint_t Result = Ch;
    if (!CRT_IS_SURROGATE(Ch) && Ch < 0x10000) {
        /* Give the bytes back to the stream: narrow reads see them too. */
        char Bytes[4];
        size_t Length = CrtUtf8Encode(Ch, Bytes);
        while (Length != 0) {
            if (ungetc((unsigned char)Bytes[--Length], Stream) == EOF) {
                Result = WEOF;
                break;
            }
        }
    } else {
        pthread_mutex_lock(&CrtStreamLock);
        CRT_WSTREAM *Slot = CrtStreamSlot(Stream, 1);
        if (Slot != NULL && !Slot->HasPendingIn) {
            Slot->PendingIn = (wchar_t)Ch;
            Slot->HasPendingIn = 1;
        } else {
            Result = WEOF;
        }
        pthread_mutex_unlock(&CrtStreamLock);
    }
    funlockfile(Stream);
    return Result;
}

CRTAPI wchar_t *fgetws(wchar_t *Buffer, int Count, FILE *Stream)
{
    CRT_VALIDATE_RETURN(Buffer != NULL && Count > 0 && Stream != NULL, EINVAL, NULL);
    int Done = 0;
    while (Done < Count - 1) {
        wint_t Ch = fgetwc(Stream);
        if (Ch == WEOF) {
            if (Done == 0 || ferror(Stream)) {
                return NULL;
            }
            break;
        }
        Buffer[Done++] = (wchar_t)Ch;
        if (Ch == L'\n') {
            break;
        }
    }
    Buffer[Done] = 0;
    return Buffer;
}

CRTAPI int fwide(FILE *Stream, int Mode)
{
    (void)Stream;
    (void)Mode;
    return 0;
}

/* ---- opening streams ---------------------------------------------------------- */

/*
 * Microsoft's mode string to glibc's: "r" "w" "a" with '+', 'b', 'x' (and
 * glibc's 'e' 'm'); 't' and the hints c n N S R T D are dropped, and so is
 * ", ccs=...".  FALSE for a mode Microsoft's fopen rejects.
 */
static int CrtOpenMode(const char *Mode, char *Out, size_t OutSize)
{
    size_t n = 0;
    if (Mode == NULL || (*Mode != 'r' && *Mode != 'w' && *Mode != 'a')) {
        return 0;
    }
    Out[n++] = *Mode++;
    for (; *Mode != '\0' && *Mode != ','; Mode++) {
        switch (*Mode) {
        case '+':
        case 'b':
        case 'x':
        case 'e':
        case 'm':
            if (memchr(Out, *Mode, n) == NULL && n + 1 < OutSize) {
                Out[n++] = *Mode;
            }
            break;
        case 't':
        case 'c':
        case 'n':
        case 'N':
        case 'S':
        case 'R':
        case 'T':
        case 'D':
        case ' ':
            break;
        default:
            return 0;
        }
    }
    if (*Mode == ',') {
        Mode++;
        while (*Mode == ' ') {
            Mode++;
        }
        if (strncmp(Mode, "ccs", 3) != 0) {
            return 0;
        }
    }
    Out[n] = '\0';
    return 1;
}

CRTAPI FILE *fopen(const char *Name, const char *Mode)
{
    char GlibcMode[8];
    CRT_VALIDATE_RETURN(Name != NULL && Mode != NULL && *Mode != '\0', EINVAL, NULL);
    CRT_VALIDATE_RETURN(CrtOpenMode(Mode, GlibcMode, sizeof GlibcMode), EINVAL, NULL);
    FILE *Stream = CrtGlibcFopen(Name, GlibcMode);
    CrtStreamForget(Stream);
    return Stream;
}

CRTAPI FILE *freopen(const char *Name, const char *Mode, FILE *Stream)
{
    char GlibcMode[8];
    CRT_VALIDATE_RETURN(Mode != NULL && *Mode != '\0' && Stream != NULL, EINVAL, NULL);
    CRT_VALIDATE_RETURN(CrtOpenMode(Mode, GlibcMode, sizeof GlibcMode), EINVAL, NULL);
    CrtStreamForget(Stream);
    return CrtGlibcFreopen(Name, GlibcMode, Stream);
}

CRTAPI errno_t fopen_s(FILE **Result, const char *Name, const char *Mode)
{
    if (Result == NULL) {
        return CRT_FAIL(EINVAL);
    }
    *Result = fopen(Name, Mode);
    return *Result != NULL ? 0 : errno;
}

CRTAPI errno_t freopen_s(FILE **Result, const char *Name, const char *Mode, FILE *Stream)
{
    if (Result == NULL) {
        return CRT_FAIL(EINVAL);
    }
    *Result = freopen(Name, Mode, Stream);
    return *Result != NULL ? 0 : errno;
}

CRTAPI FILE *_wfopen(const wchar_t *Name, const wchar_t *Mode)
{
    CRT_VALIDATE_RETURN(Name != NULL && Mode != NULL && *Mode != 0, EINVAL, NULL);
    char *NarrowName = CrtWideToUtf8(Name);
    char *NarrowMode = CrtWideToUtf8(Mode);
    FILE *Stream = NULL;
    if (NarrowName != NULL && NarrowMode != NULL) {
        Stream = fopen(NarrowName, NarrowMode);
    }
    free(NarrowName);
    free(NarrowMode);
    return Stream;
}

CRTAPI errno_t _wfopen_s(FILE **Result, const wchar_t *Name, const wchar_t *Mode)
{
    if (Result == NULL) {
        return CRT_FAIL(EINVAL);
    }
    *Result = _wfopen(Name, Mode);
    return *Result != NULL ? 0 : errno;
}

CRTAPI FILE *_wfreopen(const wchar_t *Name, const wchar_t *Mode, FILE *Stream)
{
    CRT_VALIDATE_RETURN(Mode != NULL && *Mode != 0 && Stream != NULL, EINVAL, NULL);
    char *NarrowName = Name != NULL ? CrtWideToUtf8(Name) : NULL;
    char *NarrowMode = CrtWideToUtf8(Mode);
    FILE *Result = NULL;
    if ((Name == NULL || NarrowName != NULL) && NarrowMode != NULL) {
        Result = freopen(NarrowName, NarrowMode, Stream);
    }
    free(NarrowName);
    free(NarrowMode);
    return Result;
}

CRTAPI FILE *_wfdopen(int Fd, const wchar_t *Mode)
{
    char GlibcMode[8];
    CRT_VALIDATE_RETURN(Mode != NULL && *Mode != 0, EINVAL, NULL);
    char *NarrowMode = CrtWideToUtf8(Mode);
    if (NarrowMode == NULL) {
        return NULL;
    }
    int Valid = CrtOpenMode(NarrowMode, GlibcMode, sizeof GlibcMode);
    free(NarrowMode);
    CRT_VALIDATE_RETURN(Valid, EINVAL, NULL);
    FILE *Stream = fdopen(Fd, GlibcMode);
    CrtStreamForget(Stream);
    return Stream;
}

CRTAPI int _wremove(const wchar_t *Name)
{
    CRT_VALIDATE_RETURN(Name != NULL, EINVAL, -1);
    char *Narrow = CrtWideToUtf8(Name);
    if (Narrow == NULL) {
        return -1;
    }
    int Result = remove(Narrow);
    free(Narrow);
    return Result;
}

CRTAPI int _wrename(const wchar_t *OldName, const wchar_t *NewName)
{
    CRT_VALIDATE_RETURN(OldName != NULL && NewName != NULL, EINVAL, -1);
    char *Old = CrtWideToUtf8(OldName);
    char *New = CrtWideToUtf8(NewName);
    int Result = -1;
    if (Old != NULL && New != NULL) {
        Result = rename(Old, New);
    }
    free(Old);
    free(New);
    return Result;
}

CRTAPI void _wperror(const wchar_t *Message)
{
    int Error = errno;
    char *Narrow = Message != NULL ? CrtWideToUtf8(Message) : NULL;
    errno = Error;
    perror(Narrow);
    free(Narrow);
}

CRTAPI int _flushall(void)
{
    fflush(NULL);
    return 0;
}
