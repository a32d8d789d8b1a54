/* ntddk.h - the NT driver kit interface: wdm.h plus the non-WDM additions. */
#ifndef _NTDDK_
#define _NTDDK_
#include <wdm.h>
#endif
