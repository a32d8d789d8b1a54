/*
 * ntio power - put the devices of running ntio kernels to sleep, or wake
 * them: each kernel of the prefix (listed in run/kernels) gets the request
 * and sends system power IRPs down every device stack (kernel/po), so a
 * driver's power paths run while its application is under test.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PO_REMOTE_SIGNAL (SIGRTMIN + 2) /* kernel/po/remote.c */
#define PO_REMOTE_SLEEP 1
#define PO_REMOTE_WAKE 2

static void usage(FILE *Out)
{
    fprintf(Out,
            "usage: ntio power sleep [S1|S2|S3|S4] [PID...]\n"
            "       ntio power wake [PID...]\n"
            "\n"
            "Sends system power IRPs down every device stack of the running ntio kernels\n"
            "of the prefix (all of them, or the processes PID...): sleep asks every device\n"
            "(IRP_MN_QUERY_POWER) and puts it in the state (IRP_MN_SET_POWER, S3 unless\n"
            "given); wake brings them back to S0.  Each kernel reports on its stderr.\n"
            "Environment: NTIO_PREFIX (the prefix; default ~/.ntio).\n");
}

/* The prefix, by the kernel's rule (kernel/ex/prefix.c). */
static void Prefix(char *Out, size_t Size)
{
    const char *Env = getenv("NTIO_PREFIX");
    if (Env && *Env) {
        char Cwd[PATH_MAX];
        size_t c, e = strlen(Env);
        if (Env[0] == '/' || !getcwd(Cwd, sizeof Cwd) || (c = strlen(Cwd)) + e + 2 > Size) {
            snprintf(Out, Size, "%s", Env);
            return;
        }
        memcpy(Out, Cwd, c);
        Out[c] = '/';
        memcpy(Out + c + 1, Env, e + 1);
        return;
    }
    const char *Home = getenv("HOME");
    struct passwd *Pw;
    if ((!Home || !*Home) && (Pw = getpwuid(getuid())))
        Home = Pw->pw_dir;
    snprintf(Out, Size, "%s/.ntio", Home && *Home ? Home : "/tmp");
}

/* Does Pid hold the lock on its registration in Dir (a live ntio kernel)? */
static int IsKernel(const char *Dir, pid_t Pid)
{
    char Path[PATH_MAX + 64];
    snprintf(Path, sizeof Path, "%s/%d", Dir, (int)Pid);
    int Fd = open(Path, O_RDONLY | O_CLOEXEC);
    if (Fd < 0)
        return 0;
    struct flock Lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    int Live = fcntl(Fd, F_GETLK, &Lock) == 0 && Lock.l_type != F_UNLCK && Lock.l_pid == Pid;
    close(Fd);
    if (!Live)
        unlink(Path); /* a kernel that ended without unlisting itself */
    return Live;
}

static int Send(pid_t Pid, int Value)
{
    union sigval V = { .sival_int = Value };
    if (sigqueue(Pid, PO_REMOTE_SIGNAL, V) == 0)
        return 0;
    fprintf(stderr, "ntio power: process %d: %s\n", (int)Pid, strerror(errno));
    return -1;
}

int ntio_power(int argc, char **argv)
{
    int Value, i = 2, Sent = 0, Failed = 0;
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "sleep")) {
        int State = 4; /* PowerSystemSleeping3 */
        if (i < argc && (argv[i][0] == 'S' || argv[i][0] == 's') && argv[i][1] >= '1' &&
            argv[i][1] <= '4' && !argv[i][2]) {
            State = argv[i][1] - '0' + 1;
            i++;
        }
        Value = PO_REMOTE_SLEEP | State << 8;
    } else if (!strcmp(argv[1], "wake")) {
        Value = PO_REMOTE_WAKE;
    } else {
        fprintf(stderr, "ntio power: unknown request '%s'\n", argv[1]);
        usage(stderr);
        return 2;
    }
    char Dir[PATH_MAX + 32];
    Prefix(Dir, PATH_MAX);
    strcat(Dir, "/run/kernels");
    if (i < argc) {
        for (; i < argc; i++) {
            char *End;
            long Pid = strtol(argv[i], &End, 10);
            if (*End || Pid <= 0) {
                fprintf(stderr, "ntio power: '%s' is not a process id\n", argv[i]);
                return 2;
            }
            /* Only a kernel of this prefix gets the signal (another process
             * would be killed by it). */
            if (!IsKernel(Dir, (pid_t)Pid)) {
                fprintf(stderr, "ntio power: process %ld is not an ntio kernel of the prefix\n",
                        Pid);
                Failed++;
            } else if (Send((pid_t)Pid, Value)) {
                Failed++;
            } else {
                Sent++;
            }
        }
        return Failed ? 1 : 0;
    }
    DIR *D = opendir(Dir);
    if (D) {
        for (struct dirent *E; (E = readdir(D)) != NULL;) {
            char *End;
            long Pid = strtol(E->d_name, &End, 10);
            if (*End || Pid <= 0)
                continue;
            if (!IsKernel(Dir, (pid_t)Pid))
                continue;
            if (Send((pid_t)Pid, Value))
                Failed++;
            else
                Sent++;
        }
        closedir(D);
    }
    if (!Sent && !Failed) {
        fprintf(stderr, "ntio power: no ntio kernel is running in the prefix\n");
        return 1;
    }
    printf("ntio power: %s sent to %d kernel%s\n", argv[1], Sent, Sent == 1 ? "" : "s");
    return Failed ? 1 : 0;
}
