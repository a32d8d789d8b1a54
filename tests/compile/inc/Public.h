/* A header the compile test names with backslashes and another case. */
#ifndef COMPILE_TEST_PUBLIC_H
#define COMPILE_TEST_PUBLIC_H
#include "Shared\Types.h"
#define IOCTL_COMPILE_TEST CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#endif
