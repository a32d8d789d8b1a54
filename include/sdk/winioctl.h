/* winioctl.h - device I/O control codes for applications. */
#ifndef _WINIOCTL_
#define _WINIOCTL_
#include <ntio/basetypes.h>
#include <ntio/devioctl.h>
#endif
