/*
 * ntio - the ntio command.  One subcommand per file; this table maps the
 * words to them.
 */
#include <stdio.h>
#include <string.h>

int ntio_run(int argc, char **argv);

static const struct {
    const char *Name;
    int (*Main)(int argc, char **argv);
    const char *Help;
} Commands[] = {
    { "run", ntio_run, "start the kernel with drivers and run an application" },
};

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
