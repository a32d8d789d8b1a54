/*
 * sal.h - the Windows SDK header of that name, for application sources:
 * the source-code annotation language, compiled away (see <ntio/sal.h>).
 */
#ifndef NTIO_SDK_SAL_H
#define NTIO_SDK_SAL_H

#include <ntio/sal.h>

#endif /* NTIO_SDK_SAL_H */
