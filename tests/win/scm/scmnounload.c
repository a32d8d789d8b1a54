/* tests/win/scm/scmnounload.c - scmtest.c without a DriverUnload: it cannot
 * be stopped (ControlService: ERROR_INVALID_SERVICE_CONTROL). */
#define SCMTEST_NAME L"ScmNoUnload"
#define SCMTEST_UNLOAD 0
#include "scmtest.c"
