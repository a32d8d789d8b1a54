/* The same Windows-style driver source, compiled as C++ by ntio-c++. */
#include "windrv.c"
