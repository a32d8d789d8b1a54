/* tests/win/scm/scmnoentry.c - a shared object built like a driver but
 * without a DriverEntry: not a driver image (ERROR_BAD_EXE_FORMAT). */
int ScmNotADriver(void);
int ScmNotADriver(void)
{
    return 42;
}
