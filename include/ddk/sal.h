/*
 * sal.h - the Windows SDK header of that name, for driver sources: the
 * source-code annotation language, compiled away (see <ntio/sal.h>).
 */
#ifndef NTIO_DDK_SAL_H
#define NTIO_DDK_SAL_H

#include <ntio/sal.h>

#endif /* NTIO_DDK_SAL_H */
