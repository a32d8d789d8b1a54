/*
 * fcntl.h - glibc's fcntl.h plus Microsoft's _O_ names.  _O_RDONLY ...
 * _O_EXCL are glibc's O_ values (for open); _O_TEXT, _O_BINARY, _O_WTEXT,
 * _O_U16TEXT and _O_U8TEXT are translation modes for _setmode (io.h) only.
 */
#if (defined(_NTIO_WIN32_) || defined(_NTIO_KERNEL_)) && !defined(_NTIO_MSVCRT_)
#include_next <fcntl.h>
#else
#ifndef _NTIO_SDK_FCNTL_H
#define _NTIO_SDK_FCNTL_H
#pragma GCC system_header
#include_next <fcntl.h>

#define _O_RDONLY O_RDONLY
#define _O_WRONLY O_WRONLY
#define _O_RDWR O_RDWR
#define _O_APPEND O_APPEND
#define _O_CREAT O_CREAT
#define _O_TRUNC O_TRUNC
#define _O_EXCL O_EXCL
#define _O_NOINHERIT O_CLOEXEC

#define _O_TEXT 0x4000
#define _O_BINARY 0x8000
#define _O_RAW _O_BINARY
#define _O_WTEXT 0x10000
#define _O_U16TEXT 0x20000
#define _O_U8TEXT 0x40000
#endif
#endif
