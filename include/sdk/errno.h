/*
 * errno.h - glibc's errno values (EINVAL and ERANGE are Microsoft's too)
 * plus Microsoft's errno_t and STRUNCATE.
 */
#if (defined(_NTIO_WIN32_) || defined(_NTIO_KERNEL_)) && !defined(_NTIO_MSVCRT_)
#include_next <errno.h>
#else
#ifndef _NTIO_SDK_ERRNO_H
#define _NTIO_SDK_ERRNO_H
#pragma GCC system_header
#include_next <errno.h>
#include <corecrt.h>
#endif
#endif
