/* guiddef.h - GUID definitions (see ntio/guiddef.h). */
#include <ntio/guiddef.h>
