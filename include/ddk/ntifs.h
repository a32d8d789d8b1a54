/* ntifs.h - file-system and filter interfaces; a superset of ntddk.h. */
#ifndef _NTIFS_
#define _NTIFS_
#include <ntddk.h>
#include <ntio/security.h>
#endif
