/*
 * tools/devcon/main.c - ntio-devcon, started by `ntio devcon COMMAND ARGS`:
 * the command table, devcon's help texts and its exit codes.
 *
 *   devcon [-r] COMMAND [ARGS]    0 done, 1 done but a restart is needed,
 *                                 2 failed ("devcon failed."),
 *                                 3 bad syntax ("devcon: Invalid use of X.")
 *
 * Like every ntio process, ntio-devcon runs a kernel of its own: the
 * devices in the registry come back and start with it, the command acts on
 * them, and they stop when it exits.  What it changes in the registry
 * (installed drivers, persistent disabling, removed instances) is what the
 * next process finds.  -r (reboot when needed) is accepted; there is
 * nothing to reboot, so the exit code 1 is the only effect.
 */
#include "devcon.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

static int DcHelp(int argc, PWSTR *argv);

static const char IdExamples[] =
    "Examples of <id>:\n"
    " *              - All devices\n"
    " ISAPNP\\PNP0501 - Hardware ID\n"
    " *PNP*          - Hardware ID with wildcards  (* matches anything)\n"
    " @ISAPNP\\*\\*    - Instance ID with wildcards  (@ prefixes instance ID)\n"
    " '*PNP0501      - Hardware ID with apostrophe (' prefixes literal match - matches exactly as typed,\n"
    "                                               including the asterisk.)\n";

static const struct {
    const char *Name;
    DC_COMMAND Run;
    const char *Short;
    const char *Long; /* %s: the command's name; IDS: followed by IdExamples */
    BOOL Ids;
} DcCommands[] = {
    { "classes", DcClasses, "List all device setup classes.",
      "Devcon Classes Command\n"
      "Lists all device setup classes.\n"
      "devcon %s\n"
      "Class entries have the format <name>: <descr>\n"
      "where <name> is the class name and <descr> is the class description.\n",
      FALSE },
    { "disable", DcDisable, "Disable devices.",
      "Devcon Disable Command\n"
      "Disables devices with the specified hardware or instance ID.\n"
      "devcon [-r] %s <id> [<id>...]\n"
      "devcon [-r] %s =<class> [<id>...]\n"
      "-r           Accepted; ntio has no system to reboot (a needed restart is exit code 1).\n"
      "<class>      Specifies a device setup class.\n",
      TRUE },
    { "driverfiles", DcDriverFiles, "List installed driver files for devices.",
      "Devcon Driverfiles Command\n"
      "List installed driver files for devices with the specified hardware or\n"
      "instance ID.\n"
      "devcon %s <id> [<id>...]\n"
      "devcon %s =<class> [<id>...]\n"
      "<class>      Specifies a device setup class.\n",
      TRUE },
    { "enable", DcEnable, "Enable devices.",
      "Devcon Enable Command\n"
      "Enables devices with the specified hardware or instance ID.\n"
      "devcon [-r] %s <id> [<id>...]\n"
      "devcon [-r] %s =<class> [<id>...]\n"
      "-r           Accepted; ntio has no system to reboot (a needed restart is exit code 1).\n"
      "<class>      Specifies a device setup class.\n",
      TRUE },
    { "find", DcFind, "Find devices.",
      "Devcon Find Command\n"
      "Finds devices with the specified hardware or instance ID.\n"
      "devcon %s <id> [<id>...]\n"
      "devcon %s =<class> [<id>...]\n"
      "<class>      Specifies a device setup class.\n",
      TRUE },
    { "findall", DcFindAll, "Find devices, including those that are not currently attached.",
      "Devcon Findall Command\n"
      "Finds devices with the specified hardware or instance ID, including devices\n"
      "that are not currently attached.\n"
      "devcon %s <id> [<id>...]\n"
      "devcon %s =<class> [<id>...]\n"
      "<class>      Specifies a device setup class.\n",
      TRUE },
    { "help", DcHelp, "Display Devcon help.", NULL, FALSE },
    { "hwids", DcHwIds, "List hardware IDs of devices.",
      "Devcon Hwids Command\n"
      "Lists hardware IDs of all devices with the specified hardware or instance ID.\n"
      "devcon %s <id> [<id>...]\n"
      "devcon %s =<class> [<id>...]\n"
      "<class>      Specifies a device setup class.\n",
      TRUE },
    { "install", DcInstall, "Install a device manually.",
      "Devcon Install Command\n"
      "Installs the specified device manually.\n"
      "devcon [-r] %s <inf> <hwid>\n"
      "<inf>        Specifies an INF file with installation information for the device.\n"
      "<hwid>       Specifies a hardware ID for the device.\n"
      "-r           Accepted; ntio has no system to reboot (a needed restart is exit code 1).\n",
      FALSE },
    { "listclass", DcListClass, "List all devices in a setup class.",
      "Devcon Listclass Command\n"
      "Lists all devices in the specified setup classes.\n"
      "devcon %s <class> [<class>...]\n"
      "<class>      Specifies a device setup class.\n"
      "Device entries have the format <instance>: <descr>\n"
      "where <instance> is a unique instance of the device and <descr> is the device description.\n",
      FALSE },
    { "remove", DcRemove, "Remove devices.",
      "Devcon Remove Command\n"
      "Removes devices with the specified hardware or instance ID.\n"
      "devcon [-r] %s <id> [<id>...]\n"
      "devcon [-r] %s =<class> [<id>...]\n"
      "<class>      Specifies a device setup class.\n",
      TRUE },
    { "rescan", DcRescan, "Scan for new hardware.",
      "Devcon Rescan Command\n"
      "Directs Plug and Play to scan for new hardware.\n"
      "devcon %s\n",
      FALSE },
    { "restart", DcRestart, "Restart devices.",
      "Devcon Restart Command\n"
      "Restarts devices with the specified hardware or instance ID.\n"
      "devcon [-r] %s <id> [<id>...]\n"
      "devcon [-r] %s =<class> [<id>...]\n"
      "<class>      Specifies a device setup class.\n",
      TRUE },
    { "stack", DcStack, "List expected driver stack for devices.",
      "Devcon Stack Command\n"
      "Lists the expected driver stack of devices with the specified hardware\n"
      "or instance ID. PnP calls each driver's AddDevice routine when building\n"
      "the device stack.\n"
      "devcon %s <id> [<id>...]\n"
      "devcon %s =<class> [<id>...]\n"
      "<class>      Specifies a device setup class.\n",
      TRUE },
    { "status", DcStatus, "List running status of devices.",
      "Devcon Status Command\n"
      "Lists the running status of devices with the specified hardware or instance ID.\n"
      "devcon %s <id> [<id>...]\n"
      "devcon %s =<class> [<id>...]\n"
      "<class>      Specifies a device setup class.\n",
      TRUE },
    { "update", DcUpdate, "Update a device manually.",
      "Devcon Update Command\n"
      "Updates drivers for all devices with the specified hardware ID (<hwid>).\n"
      "devcon [-r] %s <inf> <hwid>\n"
      "-r           Accepted; ntio has no system to reboot (a needed restart is exit code 1).\n"
      "<inf>        Specifies an INF file with installation information for the devices.\n"
      "<hwid>       Specifies the hardware ID of the devices.\n",
      FALSE },
};
#define DC_COMMAND_COUNT (sizeof DcCommands / sizeof DcCommands[0])

static void DcLongHelp(size_t i)
{
    const char *Text = DcCommands[i].Long;
    /* The text names the command once or twice. */
    printf(Text, DcCommands[i].Name, DcCommands[i].Name);
    if (DcCommands[i].Ids)
        fputs(IdExamples, stdout);
}

static void DcGeneralHelp(void)
{
    fputs("Device Console Help:\n"
          "devcon [-r] <command> [<arg>...]\n"
          "-r           Accepted; ntio has no system to reboot (a needed restart is exit code 1).\n"
          "<command>    Specifies a Devcon command (see command list below).\n"
          "<arg>...     One or more arguments that modify a command.\n"
          "For help with a specific command, type: devcon help <command>\n"
          "\n",
          stdout);
    for (size_t i = 0; i < DC_COMMAND_COUNT; i++)
        printf("%-20s %s\n", DcCommands[i].Name, DcCommands[i].Short);
    fputs("\nntio devcon acts on the devices of the prefix ($NTIO_PREFIX); see docs/devcon.md.\n",
          stdout);
}

static int DcHelp(int argc, PWSTR *argv)
{
    if (argc) {
        for (size_t i = 0; i < DC_COMMAND_COUNT; i++) {
            char Name[32];
            snprintf(Name, sizeof Name, "%ls", argv[0]);
            if (DcCommands[i].Long && !strcasecmp(Name, DcCommands[i].Name)) {
                DcLongHelp(i);
                return DC_EXIT_OK;
            }
        }
        fputs("Unknown command.\n", stdout);
        return DC_EXIT_OK;
    }
    DcGeneralHelp();
    return DC_EXIT_OK;
}

/* ---- output ---------------------------------------------------------------- */

void DcPrintWithInfo(PCWSTR Id, PCWSTR Info)
{
    if (Info)
        printf("%-60ls: %ls\n", Id, Info);
    else
        printf("%ls\n", Id);
}

void DcPrintPadded(int Pad, PCWSTR Format, ...)
{
    WCHAR Line[2048];
    va_list Args;
    va_start(Args, Format);
    vswprintf(Line, sizeof Line / sizeof Line[0], Format, Args);
    va_end(Args);
    for (int i = 0; i < Pad; i++)
        fputs("    ", stdout);
    printf("%ls\n", Line);
}

void DcPrintFindTail(ULONG Count)
{
    if (Count)
        printf("%lu matching device(s) found.\n", Count);
    else
        puts("No matching devices found.");
}

static const struct {
    DWORD Error;
    const char *Text;
} DcMessages[] = {
    { ERROR_FILE_NOT_FOUND, "The system cannot find the file specified." },
    { ERROR_PATH_NOT_FOUND, "The system cannot find the path specified." },
    { ERROR_ACCESS_DENIED, "Access is denied." },
    { ERROR_NOT_ENOUGH_MEMORY, "Not enough memory resources are available to process this command." },
    { ERROR_INVALID_PARAMETER, "The parameter is incorrect." },
    { ERROR_INVALID_FLAGS, "Invalid flags." },
    { ERROR_NO_MORE_ITEMS, "No more data is available." },
    { ERROR_BADKEY, "The configuration registry key is invalid." },
    { ERROR_INVALID_DATA, "The data is invalid." },
    { ERROR_SERVICE_DOES_NOT_EXIST, "The specified service does not exist as an installed service." },
    { ERROR_WRONG_INF_STYLE, "The style of the INF is different than what was requested." },
    { ERROR_SECTION_NOT_FOUND, "The required section was not found in the INF." },
    { ERROR_BAD_SECTION_NAME_LINE, "The INF contains an invalid section name line." },
    { ERROR_GENERAL_SYNTAX, "The INF contains a syntax error." },
    { ERROR_INVALID_CLASS, "The class is invalid." },
    { ERROR_NO_SUCH_DEVINST, "The device instance does not exist." },
    { ERROR_DEVINST_ALREADY_EXISTS, "The device instance already exists." },
    { ERROR_NO_ASSOCIATED_SERVICE, "The installation failed because a function driver was not specified for "
                                   "this device instance." },
    { ERROR_NO_COMPAT_DRIVERS, "There are no compatible drivers for this device." },
    { ERROR_BAD_SERVICE_INSTALLSECT, "A service installation section in this INF is invalid." },
};

const char *DcErrorText(DWORD Error)
{
    for (size_t i = 0; i < sizeof DcMessages / sizeof DcMessages[0]; i++)
        if (DcMessages[i].Error == Error)
            return DcMessages[i].Text;
    return NULL;
}

/* ---- main ------------------------------------------------------------------ */

static void DcUsage(void)
{
    fputs("devcon Usage: devcon [-r] <command> [<arg>...]\n"
          "For more information, type: devcon help\n",
          stderr);
}

/* UTF-8 (ntio's ANSI code page) to UTF-16; a byte that is not valid UTF-8
 * becomes U+FFFD. */
static PWSTR DcWiden(const char *s)
{
    size_t n = strlen(s);
    PWSTR w = malloc((n + 1) * sizeof(WCHAR)), o = w;
    const unsigned char *p = (const unsigned char *)s;
    if (!w)
        return NULL;
    while (*p) {
        unsigned c = *p, len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        unsigned cp = len == 1 ? c : len == 2 ? c & 0x1f : len == 3 ? c & 0x0f : c & 0x07;
        for (unsigned i = 1; i < len; i++)
            if ((p[i] & 0xc0) != 0x80)
                len = 0;
            else
                cp = (cp << 6) | (p[i] & 0x3f);
        if (!len || cp > 0x10ffff) {
            *o++ = 0xfffd;
            p++;
            continue;
        }
        p += len;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            *o++ = (WCHAR)(0xd800 | (cp >> 10));
            *o++ = (WCHAR)(0xdc00 | (cp & 0x3ff));
        } else {
            *o++ = (WCHAR)cp;
        }
    }
    *o = 0;
    return w;
}

int main(int argc, char **argv)
{
    int First = 1;
    while (First < argc && (argv[First][0] == '-' || argv[First][0] == '/') &&
           (!strcasecmp(argv[First] + 1, "r") || !strcasecmp(argv[First] + 1, "u") ||
            !strcasecmp(argv[First] + 1, "f")))
        First++; /* -r: nothing to reboot; -u, -f: accepted, as devcon does */
    if (First >= argc) {
        DcUsage();
        return DC_EXIT_USAGE;
    }
    const char *Command = argv[First];
    if (!strcmp(Command, "--help") || !strcmp(Command, "-h") || !strcmp(Command, "/?") ||
        !strcmp(Command, "-?"))
        Command = "help";
    else if (Command[0] == '-' || Command[0] == '/')
        Command++;
    First++;
    for (size_t i = 0; i < DC_COMMAND_COUNT; i++) {
        if (strcasecmp(Command, DcCommands[i].Name))
            continue;
        int Count = argc - First;
        PWSTR *Args = calloc(Count + 1, sizeof *Args);
        if (!Args)
            return DC_EXIT_FAIL;
        for (int a = 0; a < Count; a++)
            if (!(Args[a] = DcWiden(argv[First + a]))) {
                fputs("devcon: out of memory\n", stderr);
                return DC_EXIT_FAIL;
            }
        fflush(stdout);
        int Result = DcCommands[i].Run(Count, Args);
        fflush(stdout);
        if (Result == DC_EXIT_USAGE)
            fprintf(stderr, "devcon: Invalid use of %s.\nFor more information, type: devcon help %s\n",
                    DcCommands[i].Name, DcCommands[i].Name);
        else if (Result == DC_EXIT_FAIL)
            fputs("devcon failed.\n", stderr);
        for (int a = 0; a < Count; a++)
            free(Args[a]);
        free(Args);
        return Result;
    }
    DcUsage();
    return DC_EXIT_USAGE;
}
