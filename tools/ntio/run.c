/*
 * ntio run - start the embedded kernel with drivers and run an application.
 *
 *   ntio run [--driver NAME.sys]... [--hang-timeout SECONDS] -- APP [ARGS]
 *
 * The kernel lives in the application's process (libntoskrnl starts with
 * it); this command hands it the drivers to load and the hang timeout
 * through the environment, runs the application, and returns its exit
 * status (128+N if it died of signal N).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void run_usage(FILE *out)
{
    fprintf(out,
            "usage: ntio run [--driver NAME.sys]... [--hang-timeout SECONDS] -- APP [ARGS]\n\n"
            "  --driver PATH         load this driver image (DriverEntry) before the application\n"
            "                        starts; may be given more than once, loaded in order\n"
            "  --hang-timeout SECS   report an IRP its driver neither completes nor lets be\n"
            "                        cancelled once a thread has waited on it this long, or this\n"
            "                        long after the application exits, and end with status 124\n"
            "                        (default 30)\n\n"
            "On exit the application's handles are closed, drivers are unloaded (DriverUnload)\n"
            "and any pool or device object a driver leaked is reported with its tag.\n"
            "The exit status is the application's (3: a DriverEntry failed; 124: a hung IRP).\n\n"
            "Environment: NTIO_PREFIX (the prefix), NTIO_IO_URING=0 (overlapped file I/O on\n"
            "worker threads instead of io_uring); docs/commands.md lists the others.\n");
}

int ntio_run(int argc, char **argv)
{
    char Drivers[8192] = "";
    size_t Used = 0;
    int i;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            run_usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--driver") && i + 1 < argc) {
            char Real[PATH_MAX];
            if (!realpath(argv[++i], Real)) {
                fprintf(stderr, "ntio run: driver %s: %s\n", argv[i], strerror(errno));
                return 2;
            }
            int n = snprintf(Drivers + Used, sizeof Drivers - Used, "%s%s", Used ? ":" : "", Real);
            if (n < 0 || (size_t)n >= sizeof Drivers - Used) {
                fprintf(stderr, "ntio run: too many drivers\n");
                return 2;
            }
            Used += (size_t)n;
        } else if (!strcmp(argv[i], "--hang-timeout") && i + 1 < argc) {
            char *End;
            long s = strtol(argv[++i], &End, 10);
            if (*End || s <= 0) {
                fprintf(stderr, "ntio run: --hang-timeout wants a positive number of seconds\n");
                return 2;
            }
            setenv("NTIO_HANG_TIMEOUT", argv[i], 1);
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "ntio run: unknown option %s\n", argv[i]);
            run_usage(stderr);
            return 2;
        } else {
            break; /* the application, without a "--" */
        }
    }
    if (i >= argc) {
        run_usage(stderr);
        return 2;
    }
    if (Used)
        setenv("NTIO_DRIVERS", Drivers, 1);
    else
        unsetenv("NTIO_DRIVERS");

    pid_t Child = fork();
    if (Child < 0) {
        perror("ntio run: fork");
        return 2;
    }
    if (Child == 0) {
        execvp(argv[i], &argv[i]);
        fprintf(stderr, "ntio run: cannot run %s: %s\n", argv[i], strerror(errno));
        _exit(127);
    }
    int Status;
    while (waitpid(Child, &Status, 0) < 0) {
        if (errno != EINTR) {
            perror("ntio run: waitpid");
            return 2;
        }
    }
    if (WIFEXITED(Status))
        return WEXITSTATUS(Status);
    if (WIFSIGNALED(Status)) {
        fprintf(stderr, "ntio run: %s died of signal %d (%s)\n", argv[i], WTERMSIG(Status),
                strsignal(WTERMSIG(Status)));
        return 128 + WTERMSIG(Status);
    }
    return 1;
}
