/* tests/win/scm/scmtest2.c - a second image of scmtest.c: \Device\ScmTest2. */
#define SCMTEST_NAME L"ScmTest2"
#include "scmtest.c"
