/*
 * msvcrt/io.c - Microsoft's _setmode.  Translation modes are recorded per
 * descriptor and reported back; nothing is translated (newlines stay "\n",
 * wide text is UTF-8 in every mode), see io.h.
 */
#include "crt.h"

#include <fcntl.h>
#include <io.h>
#include <pthread.h>

#define CRT_MODE_SLOTS 64

/* The recorded modes of descriptors 0..63 (0 = never set: text); protected by CrtModeLock. */
static int CrtModes[CRT_MODE_SLOTS];
static pthread_mutex_t CrtModeLock = PTHREAD_MUTEX_INITIALIZER;

CRTAPI int _setmode(int Fd, int Mode)
{
    CRT_VALIDATE_RETURN(Mode == _O_TEXT || Mode == _O_BINARY || Mode == _O_WTEXT ||
                            Mode == _O_U8TEXT || Mode == _O_U16TEXT,
                        EINVAL, -1);
    CRT_VALIDATE_RETURN(Fd >= 0 && fcntl(Fd, F_GETFD) != -1, EBADF, -1);
    int Previous = _O_TEXT;
    pthread_mutex_lock(&CrtModeLock);
    if (Fd < CRT_MODE_SLOTS) {
        if (CrtModes[Fd] != 0) {
            Previous = CrtModes[Fd];
        }
        CrtModes[Fd] = Mode;
    }
    pthread_mutex_unlock(&CrtModeLock);
    return Previous;
}
