/* initguid.h - DEFINE_GUID defines (not just declares) the GUIDs of the
 * headers included after this one. */
#define INITGUID
#include <ntio/guiddef.h>
