/*
 * wctype.h - wide-character classification on the 16-bit wchar_t of ntio
 * applications (corecrt_wctype.h); wctype, wctrans, towctrans and the _l
 * functions, which take code points, are glibc's.
 */
#if (defined(_NTIO_WIN32_) || defined(_NTIO_KERNEL_)) && !defined(_NTIO_MSVCRT_)
#include_next <wctype.h>
#else
#ifndef _NTIO_SDK_WCTYPE_H
#define _NTIO_SDK_WCTYPE_H
#pragma GCC system_header
#include <corecrt_wctype.h>
#endif
#endif
