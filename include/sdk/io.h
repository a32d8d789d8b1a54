/*
 * io.h - Microsoft's low-level I/O names for the POSIX functions
 * (_read is read, _isatty is isatty ...) and _setmode.
 */
#if (defined(_NTIO_WIN32_) || defined(_NTIO_KERNEL_)) && !defined(_NTIO_MSVCRT_)
#error "io.h is part of the application CRT"
#endif
#ifndef _NTIO_SDK_IO_H
#define _NTIO_SDK_IO_H
#pragma GCC system_header

#include <corecrt.h>
#include <fcntl.h>
#include <unistd.h>

__BEGIN_DECLS

_CRTIMP int _access(const char *_FileName, int _AccessMode) _NTIO_CRT_ALIAS_NTH("access");
_CRTIMP int _close(int _FileHandle) _NTIO_CRT_ALIAS("close");
_CRTIMP int _dup(int _FileHandle) _NTIO_CRT_ALIAS_NTH("dup");
_CRTIMP int _dup2(int _FileHandleSrc, int _FileHandleDst) _NTIO_CRT_ALIAS_NTH("dup2");
_CRTIMP int _isatty(int _FileHandle) _NTIO_CRT_ALIAS_NTH("isatty");
_CRTIMP long long _lseeki64(int _FileHandle, long long _Offset, int _Origin)
    _NTIO_CRT_ALIAS_NTH("lseek");
_CRTIMP int _read(int _FileHandle, void *_DstBuf, unsigned int _MaxCharCount)
    _NTIO_CRT_ALIAS("read");
_CRTIMP int _write(int _FileHandle, const void *_Buf, unsigned int _MaxCharCount)
    _NTIO_CRT_ALIAS("write");
_CRTIMP int _unlink(const char *_FileName) _NTIO_CRT_ALIAS_NTH("unlink");
/*
 * Sets the translation mode of a descriptor (_O_TEXT, _O_BINARY,
 * _O_U8TEXT, _O_U16TEXT, _O_WTEXT) and returns the previous one.  The mode
 * is recorded, nothing is translated: newlines stay "\n" and wide output
 * is UTF-8 in every mode.  -1 and EINVAL for a bad mode or descriptor.
 */
_CRTIMP int _setmode(int _FileHandle, int _Mode);

__END_DECLS

#endif /* _NTIO_SDK_IO_H */
