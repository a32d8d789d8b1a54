/*
 * ctype.h - glibc's character classification with Microsoft's additions
 * and, as in Microsoft's header, the wide classification functions
 * (corecrt_wctype.h).
 */
#if (defined(_NTIO_WIN32_) || defined(_NTIO_KERNEL_)) && !defined(_NTIO_MSVCRT_)
#include_next <ctype.h>
#else
#ifndef _NTIO_SDK_CTYPE_H
#define _NTIO_SDK_CTYPE_H
#pragma GCC system_header

#include <corecrt.h>
#include_next <ctype.h>

#ifndef __toascii
#define __toascii(_C) ((_C) & 0x7f)
#endif
#ifndef __isascii
#define __isascii(_C) ((unsigned)(_C) < 0x80)
#endif
#define __iscsymf(_C) (isalpha(_C) || ((_C) == '_'))
#define __iscsym(_C) (isalnum(_C) || ((_C) == '_'))
#define iscsymf __iscsymf
#define iscsym __iscsym

#include <corecrt_wctype.h>

#endif /* _NTIO_SDK_CTYPE_H */
#endif
