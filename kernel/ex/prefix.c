/*
 * ex/prefix.c - the ntio prefix: the one directory that holds what the
 * kernel keeps between runs (the registry, drive C: with \SystemRoot).
 * $NTIO_PREFIX, or ~/.ntio when unset; created on first use, as a Wine
 * prefix is.  Two prefixes never share state.
 *
 *   PREFIX/registry.db                    the registry (kernel/cm)
 *   PREFIX/drive_c/                       C:
 *   PREFIX/drive_c/windows/               \SystemRoot
 *   PREFIX/drive_c/windows/system32/drivers
 *   PREFIX/drive_c/windows/temp           GetTempPath
 */
#include "ex.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char ExpPrefix[PATH_MAX];
static pthread_once_t ExpPrefixOnce = PTHREAD_ONCE_INIT;

/* mkdir -p for one path; an existing directory is fine. */
static int ExpMakeDirectories(const char *Path)
{
    char Buf[PATH_MAX];
    if (strlen(Path) >= sizeof Buf)
        return -1;
    strcpy(Buf, Path);
    for (char *p = Buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(Buf, 0755) && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(Buf, 0755) && errno != EEXIST)
        return -1;
    return 0;
}

static void ExpInitializePrefix(void)
{
    const char *Env = getenv("NTIO_PREFIX");
    if (Env && *Env) {
        if (Env[0] == '/')
            snprintf(ExpPrefix, sizeof ExpPrefix, "%s", Env);
        else {
            char Cwd[PATH_MAX];
            if (!getcwd(Cwd, sizeof Cwd))
                strcpy(Cwd, "/");
            snprintf(ExpPrefix, sizeof ExpPrefix, "%s/%s", Cwd, Env);
        }
    } else {
        const char *Home = getenv("HOME");
        struct passwd *Pw;
        if ((!Home || !*Home) && (Pw = getpwuid(getuid())))
            Home = Pw->pw_dir;
        snprintf(ExpPrefix, sizeof ExpPrefix, "%s/.ntio", Home && *Home ? Home : "/tmp");
    }
    size_t Len = strlen(ExpPrefix);
    while (Len > 1 && ExpPrefix[Len - 1] == '/')
        ExpPrefix[--Len] = 0;

    static const char *const Dirs[] = {
        "drive_c/windows/system32/drivers",
        "drive_c/windows/temp",
        "run/kernels", /* the running kernels, for `ntio power` (po/remote.c) */
    };
    for (size_t i = 0; i < sizeof Dirs / sizeof Dirs[0]; i++) {
        char Path[PATH_MAX + 64];
        snprintf(Path, sizeof Path, "%s/%s", ExpPrefix, Dirs[i]);
        if (ExpMakeDirectories(Path))
            fprintf(stderr, "ntio: cannot create %s in the prefix %s: %s\n", Dirs[i], ExpPrefix,
                    strerror(errno));
    }
}

const char *ExpGetPrefix(VOID)
{
    pthread_once(&ExpPrefixOnce, ExpInitializePrefix);
    return ExpPrefix;
}

int ExpPrefixPath(char *Buffer, SIZE_T Size, const char *Relative)
{
    int n = snprintf(Buffer, Size, "%s/%s", ExpGetPrefix(), Relative);
    return n >= 0 && (SIZE_T)n < Size ? 0 : -1;
}
