/*
 * specstrings.h - the Windows header of that name, for driver sources.
 * On Windows it pulls in sal.h (SAL 2 and the SAL 1 "__in" family) and the
 * driver annotations; here both are empty macros (see <ntio/sal.h> and
 * <driverspecs.h>).
 */
#ifndef NTIO_DDK_SPECSTRINGS_H
#define NTIO_DDK_SPECSTRINGS_H

#ifndef SPECSTRINGS_H
#define SPECSTRINGS_H
#endif
#ifndef __specstrings
#define __specstrings
#endif

#include <ntio/sal.h>
#include <ddk/driverspecs.h>

#endif /* NTIO_DDK_SPECSTRINGS_H */
