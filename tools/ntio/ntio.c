/*
 * ntio - the ntio command.  One subcommand per file; this table maps the
 * words to them.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int ntio_run(int argc, char **argv);
int ntio_power(int argc, char **argv);
static int ntio_exec_tool(int argc, char **argv);

static const struct {
    const char *Name;
    int (*Main)(int argc, char **argv);
    const char *Help;
} Commands[] = {
    { "run", ntio_run, "start the kernel with drivers and run an application" },
    { "reg", ntio_exec_tool, "query and edit the registry of the prefix (like reg.exe)" },
    { "sc", ntio_exec_tool, "create, start, stop, query and delete services (like sc.exe)" },
    { "devcon", ntio_exec_tool, "install, find, enable, disable and remove devices (like devcon.exe)" },
    { "power", ntio_power, "put the devices of running kernels to sleep, or wake them" },
};

/* Commands that need a kernel of their own (they call the Win32 API) are
 * separate programs next to this one, ntio-NAME: the `ntio` launcher itself
 * never starts a kernel. */
static int ntio_exec_tool(int argc, char **argv)
{
    char self[PATH_MAX], path[PATH_MAX + 32];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n < 0) {
        perror("ntio: /proc/self/exe");
        return 2;
    }
    self[n] = 0;
    char *slash = strrchr(self, '/');
    *slash = 0;
    snprintf(path, sizeof path, "%s/ntio-%s", self, argv[0]);
    execv(path, argv);
    fprintf(stderr, "ntio: cannot run %s: %s\n", path, strerror(errno));
    return 2;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: ntio COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof Commands / sizeof Commands[0]; i++)
        fprintf(out, "  %-8s %s\n", Commands[i].Name, Commands[i].Help);
    fprintf(out, "\n'ntio COMMAND --help' describes a command.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    for (size_t i = 0; i < sizeof Commands / sizeof Commands[0]; i++)
        if (!strcmp(argv[1], Commands[i].Name))
            return Commands[i].Main(argc - 1, argv + 1);
    fprintf(stderr, "ntio: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
