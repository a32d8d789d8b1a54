// tests/win/crt/voidmain_cxx.cpp - "void main()" in C++ (Microsoft's
// compiler accepts it; gcc does not without ntio's entry-point handling):
// compiled, and the process exits with 0.
#include <windows.h>
#include <cstdio>

void main()
{
    std::printf("C++ void main ran\n");
}
