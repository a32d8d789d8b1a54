/* The same Windows-style application source, compiled as C++ by ntio-c++. */
#include "winapp.c"
