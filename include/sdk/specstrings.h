/*
 * specstrings.h - the Windows header of that name, for application
 * sources.  As in the SDK it brings sal.h and the driver annotations,
 * which user-mode headers and UMDF drivers use too (__drv_allocatesMem,
 * _Function_class_, _IRQL_requires_max_ in shared headers).  All of them
 * compile away (see <ntio/sal.h> and <ddk/driverspecs.h>).
 */
#ifndef NTIO_SDK_SPECSTRINGS_H
#define NTIO_SDK_SPECSTRINGS_H

#ifndef SPECSTRINGS_H
#define SPECSTRINGS_H
#endif
#ifndef __specstrings
#define __specstrings
#endif

#include <ntio/sal.h>
#include <ddk/driverspecs.h>

#endif /* NTIO_SDK_SPECSTRINGS_H */
