/*
 * ob/obinit.c - object manager start-up: the namespace and its directories.
 */
#include "ob.h"

VOID ObInitSystem(VOID)
{
    ObpInitializeNamespace();
}
