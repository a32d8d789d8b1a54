/*
 * tools/sc/sc.c - ntio-sc, started by `ntio sc COMMAND ARGS`: sc.exe on top
 * of advapi32's Service Control Manager, for the driver services of the
 * ntio prefix.  Output and exit status are sc.exe's: the status blocks,
 * "[SC] <Function> SUCCESS" / "[SC] <Function> FAILED <error>:" with the
 * error's message, and the Win32 error as exit status (0 on success).
 *
 * ntio-sc runs a kernel of its own, like every ntio process: `start` loads
 * the driver into it, runs DriverEntry, shows the status, and the driver
 * unloads (DriverUnload) when ntio-sc exits.  `stop` stops only a driver
 * running in ntio-sc's own kernel (one the kernel started with it, a
 * SERVICE_SYSTEM_START or AUTO_START driver): a driver started by another
 * process is running there, not here.
 */
#include <windows.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static void ScUsage(FILE *Out)
{
    fputs("usage: ntio sc COMMAND SERVICE [OPTIONS]\n"
          "\n"
          "Create, start, stop, query and delete the driver services of the ntio prefix\n"
          "($NTIO_PREFIX), as sc.exe does.\n"
          "\n"
          "  create NAME binPath= PATH [type= kernel|filesys] [start= demand|boot|system|auto|disabled]\n"
          "              [error= normal|ignore|severe|critical] [group= GROUP] [tag= yes|no]\n"
          "              [depend= A/B] [obj= DRIVEROBJECT] [DisplayName= TEXT]\n"
          "                       install a driver service (PATH: its .sys, a DOS path)\n"
          "  config NAME OPTIONS  change a service's configuration (the options of create)\n"
          "  qc NAME              show a service's configuration\n"
          "  query NAME           show a service's status\n"
          "  start NAME           load the driver (DriverEntry) in ntio-sc's own kernel\n"
          "  stop NAME            unload it (DriverUnload), if it runs in ntio-sc's kernel\n"
          "  delete NAME          mark the service for deletion (its key goes when no\n"
          "                       handle is left and the driver is stopped)\n"
          "\n"
          "An option is written as sc.exe takes it: the name with its '=', a space, the\n"
          "value (binPath= C:\\drivers\\x.sys).  The exit status is the Win32 error, 0 on\n"
          "success (the shell sees its low 8 bits: 1060 is 36).  Every ntio process runs\n"
          "its own kernel: a driver started here unloads when ntio-sc exits; see docs/sc.md.\n",
          Out);
}

/* ---- messages ------------------------------------------------------------ */

static const struct {
    DWORD Error;
    const char *Text;
} ScMessages[] = {
    { ERROR_FILE_NOT_FOUND, "The system cannot find the file specified." },
    { ERROR_PATH_NOT_FOUND, "The system cannot find the path specified." },
    { ERROR_ACCESS_DENIED, "Access is denied." },
    { ERROR_INVALID_HANDLE, "The handle is invalid." },
    { ERROR_NOT_ENOUGH_MEMORY, "Not enough memory resources are available to process this command." },
    { ERROR_NOT_SUPPORTED, "The request is not supported." },
    { ERROR_INVALID_PARAMETER, "The parameter is incorrect." },
    { ERROR_INSUFFICIENT_BUFFER, "The data area passed to a system call is too small." },
    { ERROR_INVALID_NAME, "The filename, directory name, or volume label syntax is incorrect." },
    { ERROR_PROC_NOT_FOUND, "The specified procedure could not be found." },
    { ERROR_BAD_EXE_FORMAT, "%1 is not a valid Win32 application." },
    { ERROR_INVALID_ADDRESS, "Attempt to access invalid address." },
    { ERROR_DEPENDENT_SERVICES_RUNNING,
      "A stop control has been sent to a service that other running services are dependent on." },
    { ERROR_INVALID_SERVICE_CONTROL, "The requested control is not valid for this service." },
    { ERROR_SERVICE_ALREADY_RUNNING, "An instance of the service is already running." },
    { ERROR_SERVICE_DISABLED,
      "The service cannot be started, either because it is disabled or because it has no enabled "
      "devices associated with it." },
    { ERROR_CIRCULAR_DEPENDENCY, "Circular service dependency was specified." },
    { ERROR_SERVICE_DOES_NOT_EXIST, "The specified service does not exist as an installed service." },
    { ERROR_SERVICE_CANNOT_ACCEPT_CTRL, "The service cannot accept control messages at this time." },
    { ERROR_SERVICE_NOT_ACTIVE, "The service has not been started." },
    { ERROR_DATABASE_DOES_NOT_EXIST, "The database specified does not exist." },
    { ERROR_SERVICE_DEPENDENCY_FAIL, "The dependency service or group failed to start." },
    { ERROR_SERVICE_MARKED_FOR_DELETE, "The specified service has been marked for deletion." },
    { ERROR_SERVICE_EXISTS, "The specified service already exists." },
    { ERROR_SERVICE_NEVER_STARTED, "No attempts to start the service have been made since the last boot." },
    { ERROR_DUPLICATE_SERVICE_NAME,
      "The name is already in use as either a service name or a service display name." },
    { ERROR_PRIVILEGE_NOT_HELD, "A required privilege is not held by the client." },
    { RPC_S_SERVER_UNAVAILABLE, "The RPC server is unavailable." },
};

static const char *ScMessage(DWORD Error)
{
    for (size_t i = 0; i < sizeof ScMessages / sizeof ScMessages[0]; i++)
        if (ScMessages[i].Error == Error)
            return ScMessages[i].Text;
    return NULL;
}

/* "[SC] Function FAILED 1060:" and the message, as sc.exe prints it;
 * returns the error (ntio-sc's exit status). */
static DWORD ScFailed(const char *Function, DWORD Error)
{
    const char *Text = ScMessage(Error);
    printf("[SC] %s FAILED %lu:\n\n", Function, (unsigned long)Error);
    if (Text)
        printf("%s\n\n", Text);
    else
        printf("(error %lu)\n\n", (unsigned long)Error);
    return Error;
}

/* ---- names of values ----------------------------------------------------- */

typedef struct {
    const char *Word;     /* as sc.exe's options spell it */
    const char *Shown;    /* as its output spells it */
    DWORD Value;
} SC_NAMED;

static const SC_NAMED ScTypes[] = {
    { "kernel", "KERNEL_DRIVER", SERVICE_KERNEL_DRIVER },
    { "filesys", "FILE_SYSTEM_DRIVER", SERVICE_FILE_SYSTEM_DRIVER },
    { "own", "WIN32_OWN_PROCESS", SERVICE_WIN32_OWN_PROCESS },
    { "share", "WIN32_SHARE_PROCESS", SERVICE_WIN32_SHARE_PROCESS },
    { "adapt", "ADAPTER", SERVICE_ADAPTER },
    { "rec", "RECOGNIZER_DRIVER", SERVICE_RECOGNIZER_DRIVER },
    { NULL, NULL, 0 },
};
static const SC_NAMED ScStarts[] = {
    { "boot", "BOOT_START", SERVICE_BOOT_START },
    { "system", "SYSTEM_START", SERVICE_SYSTEM_START },
    { "auto", "AUTO_START", SERVICE_AUTO_START },
    { "demand", "DEMAND_START", SERVICE_DEMAND_START },
    { "disabled", "DISABLED", SERVICE_DISABLED },
    { NULL, NULL, 0 },
};
static const SC_NAMED ScErrors[] = {
    { "ignore", "IGNORE", SERVICE_ERROR_IGNORE },
    { "normal", "NORMAL", SERVICE_ERROR_NORMAL },
    { "severe", "SEVERE", SERVICE_ERROR_SEVERE },
    { "critical", "CRITICAL", SERVICE_ERROR_CRITICAL },
    { NULL, NULL, 0 },
};
static const SC_NAMED ScStates[] = {
    { NULL, "STOPPED", SERVICE_STOPPED },
    { NULL, "START_PENDING", SERVICE_START_PENDING },
    { NULL, "STOP_PENDING", SERVICE_STOP_PENDING },
    { NULL, "RUNNING", SERVICE_RUNNING },
    { NULL, "CONTINUE_PENDING", SERVICE_CONTINUE_PENDING },
    { NULL, "PAUSE_PENDING", SERVICE_PAUSE_PENDING },
    { NULL, "PAUSED", SERVICE_PAUSED },
    { NULL, NULL, 0 },
};

static const char *ScShown(const SC_NAMED *Table, DWORD Value)
{
    for (; Table->Shown; Table++)
        if (Table->Value == Value)
            return Table->Shown;
    return "";
}

static BOOL ScParseWord(const SC_NAMED *Table, const char *Word, DWORD *Value)
{
    for (; Table->Shown; Table++)
        if (Table->Word && !strcasecmp(Table->Word, Word)) {
            *Value = Table->Value;
            return TRUE;
        }
    return FALSE;
}

/* ---- output ---------------------------------------------------------------- */

static void ScPrintStatus(const char *Name, const SERVICE_STATUS *Status, BOOL Process)
{
    printf("\nSERVICE_NAME: %s \n", Name);
    printf("        TYPE               : %lx  %s \n", (unsigned long)Status->dwServiceType,
           ScShown(ScTypes, Status->dwServiceType & ~SERVICE_INTERACTIVE_PROCESS));
    printf("        STATE              : %lu  %s \n", (unsigned long)Status->dwCurrentState,
           ScShown(ScStates, Status->dwCurrentState));
    if (Status->dwCurrentState != SERVICE_STOPPED)
        printf("                                (%s, %s, %s)\n",
               (Status->dwControlsAccepted & SERVICE_ACCEPT_STOP) ? "STOPPABLE" : "NOT_STOPPABLE",
               (Status->dwControlsAccepted & SERVICE_ACCEPT_PAUSE_CONTINUE) ? "PAUSABLE"
                                                                            : "NOT_PAUSABLE",
               (Status->dwControlsAccepted & SERVICE_ACCEPT_SHUTDOWN) ? "ACCEPTS_SHUTDOWN"
                                                                      : "IGNORES_SHUTDOWN");
    printf("        WIN32_EXIT_CODE    : %lu  (0x%lx)\n", (unsigned long)Status->dwWin32ExitCode,
           (unsigned long)Status->dwWin32ExitCode);
    printf("        SERVICE_EXIT_CODE  : %lu  (0x%lx)\n",
           (unsigned long)Status->dwServiceSpecificExitCode,
           (unsigned long)Status->dwServiceSpecificExitCode);
    printf("        CHECKPOINT         : 0x%lx\n", (unsigned long)Status->dwCheckPoint);
    printf("        WAIT_HINT          : 0x%lx\n", (unsigned long)Status->dwWaitHint);
    if (Process) {
        printf("        PID                : 0\n");
        printf("        FLAGS              : \n");
    }
}

/* ---- commands --------------------------------------------------------------- */

typedef struct {
    DWORD Type, Start, ErrorControl;
    const char *BinaryPath, *Group, *StartName, *DisplayName, *Password;
    char *Depend;       /* '/'-separated on the command line, MULTI_SZ here */
    char *HostPath;     /* BinaryPath converted from a Linux path (owned) */
    BOOL Tag;
} SC_OPTIONS;

/* binPath= as a Linux user types it: an absolute host path (/home/me/x.sys),
 * or a relative one that exists (./x.sys), is the DOS path
 * Z:\home\me\x.sys.  DOS and NT paths (with a drive or a backslash), and
 * other relative paths (System32\drivers\x.sys), pass as sc.exe passes them. */
static char *ScHostPathToDos(const char *Path)
{
    char Real[PATH_MAX];
    const char *Host = Path;
    if (strchr(Path, '\\') || strchr(Path, ':'))
        return NULL;
    if (Path[0] != '/') {
        if (access(Path, F_OK) != 0 || !realpath(Path, Real))
            return NULL;
        Host = Real;
    }
    size_t Len = strlen(Host);
    char *Dos = malloc(Len + 3);
    if (!Dos)
        return NULL;
    Dos[0] = 'Z';
    Dos[1] = ':';
    for (size_t i = 0; i <= Len; i++)
        Dos[i + 2] = Host[i] == '/' ? '\\' : Host[i];
    return Dos;
}

/* sc.exe's "name= value" options (also accepted: "name=value"). */
static BOOL ScParseOptions(int argc, char **argv, SC_OPTIONS *Options, BOOL Change)
{
    Options->Type = Change ? SERVICE_NO_CHANGE : SERVICE_KERNEL_DRIVER;
    Options->Start = Change ? SERVICE_NO_CHANGE : SERVICE_DEMAND_START;
    Options->ErrorControl = Change ? SERVICE_NO_CHANGE : SERVICE_ERROR_NORMAL;
    for (int i = 0; i < argc; i++) {
        const char *Arg = argv[i], *Eq = strchr(Arg, '=');
        if (!Eq) {
            fprintf(stderr, "[SC] unexpected argument: %s\n", Arg);
            return FALSE;
        }
        size_t NameLen = (size_t)(Eq - Arg) + 1; /* with '=' */
        const char *Value = Eq[1] ? Eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (!Value) {
            fprintf(stderr, "[SC] %.*s needs a value\n", (int)NameLen, Arg);
            return FALSE;
        }
#define OPT(n) (NameLen == sizeof(n) - 1 && !strncasecmp(Arg, n, NameLen))
        if (OPT("type=")) {
            /* own, share … reach CreateService, which refuses them. */
            if (!ScParseWord(ScTypes, Value, &Options->Type)) {
                fprintf(stderr, "[SC] type= wants kernel or filesys, not %s\n", Value);
                return FALSE;
            }
        } else if (OPT("start=")) {
            if (!ScParseWord(ScStarts, Value, &Options->Start)) {
                fprintf(stderr, "[SC] start= wants boot, system, auto, demand or disabled\n");
                return FALSE;
            }
        } else if (OPT("error=")) {
            if (!ScParseWord(ScErrors, Value, &Options->ErrorControl)) {
                fprintf(stderr, "[SC] error= wants normal, severe, critical or ignore\n");
                return FALSE;
            }
        } else if (OPT("binpath=")) {
            free(Options->HostPath);
            Options->HostPath = ScHostPathToDos(Value);
            Options->BinaryPath = Options->HostPath ? Options->HostPath : Value;
        } else if (OPT("group=")) {
            Options->Group = Value;
        } else if (OPT("tag=")) {
            Options->Tag = !strcasecmp(Value, "yes");
        } else if (OPT("depend=")) {
            size_t Len = strlen(Value);
            free(Options->Depend);
            Options->Depend = calloc(Len + 2, 1);
            if (!Options->Depend)
                return FALSE;
            for (size_t k = 0; k < Len; k++)
                Options->Depend[k] = Value[k] == '/' ? 0 : Value[k];
        } else if (OPT("obj=")) {
            Options->StartName = Value;
        } else if (OPT("displayname=")) {
            Options->DisplayName = Value;
        } else if (OPT("password=")) {
            Options->Password = Value;
        } else {
            fprintf(stderr, "[SC] unknown option %.*s\n", (int)NameLen, Arg);
            return FALSE;
        }
#undef OPT
    }
    return TRUE;
}

static SC_HANDLE ScOpenManager(DWORD Access, DWORD *Error)
{
    SC_HANDLE Manager = OpenSCManagerA(NULL, NULL, Access);
    if (!Manager)
        *Error = ScFailed("OpenSCManager", GetLastError());
    return Manager;
}

static SC_HANDLE ScOpen(const char *Name, DWORD Access, SC_HANDLE *Manager, DWORD *Error)
{
    *Manager = ScOpenManager(SC_MANAGER_CONNECT, Error);
    if (!*Manager)
        return NULL;
    SC_HANDLE Service = OpenServiceA(*Manager, Name, Access);
    if (!Service) {
        *Error = ScFailed("OpenService", GetLastError());
        CloseServiceHandle(*Manager);
        *Manager = NULL;
    }
    return Service;
}

static void ScClose(SC_HANDLE Service, SC_HANDLE Manager)
{
    if (Service)
        CloseServiceHandle(Service);
    if (Manager)
        CloseServiceHandle(Manager);
}

static DWORD ScCreate(const char *Name, int argc, char **argv)
{
    SC_OPTIONS O = { 0 };
    DWORD Error = ERROR_SUCCESS, Tag = 0;
    if (!ScParseOptions(argc, argv, &O, FALSE) || !O.BinaryPath) {
        if (!O.BinaryPath)
            fprintf(stderr, "[SC] create needs binPath= PATH (the driver's .sys)\n");
        free(O.Depend);
        free(O.HostPath);
        return ERROR_INVALID_COMMAND_LINE;
    }
    SC_HANDLE Manager = ScOpenManager(SC_MANAGER_CREATE_SERVICE, &Error);
    if (Manager) {
        SC_HANDLE Service = CreateServiceA(Manager, Name, O.DisplayName, SERVICE_ALL_ACCESS, O.Type,
                                           O.Start, O.ErrorControl, O.BinaryPath, O.Group,
                                           O.Tag ? &Tag : NULL, O.Depend, O.StartName, O.Password);
        if (Service) {
            puts("[SC] CreateService SUCCESS");
            CloseServiceHandle(Service);
        } else {
            Error = ScFailed("CreateService", GetLastError());
        }
        CloseServiceHandle(Manager);
    }
    free(O.Depend);
    free(O.HostPath);
    return Error;
}

static DWORD ScConfig(const char *Name, int argc, char **argv)
{
    SC_OPTIONS O = { 0 };
    DWORD Error = ERROR_SUCCESS, Tag = 0;
    SC_HANDLE Manager;
    if (!ScParseOptions(argc, argv, &O, TRUE)) {
        free(O.Depend);
        free(O.HostPath);
        return ERROR_INVALID_COMMAND_LINE;
    }
    SC_HANDLE Service = ScOpen(Name, SERVICE_CHANGE_CONFIG, &Manager, &Error);
    if (Service) {
        if (ChangeServiceConfigA(Service, O.Type, O.Start, O.ErrorControl, O.BinaryPath, O.Group,
                                 O.Tag ? &Tag : NULL, O.Depend, O.StartName, O.Password,
                                 O.DisplayName))
            puts("[SC] ChangeServiceConfig SUCCESS");
        else
            Error = ScFailed("ChangeServiceConfig", GetLastError());
    }
    ScClose(Service, Manager);
    free(O.Depend);
    free(O.HostPath);
    return Error;
}

static DWORD ScQueryConfig(const char *Name)
{
    DWORD Error = ERROR_SUCCESS, Needed = 0;
    SC_HANDLE Manager;
    SC_HANDLE Service = ScOpen(Name, SERVICE_QUERY_CONFIG, &Manager, &Error);
    if (!Service)
        return Error;
    QUERY_SERVICE_CONFIGA *Config = NULL;
    if (!QueryServiceConfigA(Service, NULL, 0, &Needed) &&
        GetLastError() == ERROR_INSUFFICIENT_BUFFER && (Config = malloc(Needed)) &&
        QueryServiceConfigA(Service, Config, Needed, &Needed)) {
        puts("[SC] QueryServiceConfig SUCCESS");
        printf("\nSERVICE_NAME: %s\n", Name);
        printf("        TYPE               : %lx  %s \n", (unsigned long)Config->dwServiceType,
               ScShown(ScTypes, Config->dwServiceType));
        printf("        START_TYPE         : %lu   %s\n", (unsigned long)Config->dwStartType,
               ScShown(ScStarts, Config->dwStartType));
        printf("        ERROR_CONTROL      : %lu   %s\n", (unsigned long)Config->dwErrorControl,
               ScShown(ScErrors, Config->dwErrorControl));
        printf("        BINARY_PATH_NAME   : %s\n", Config->lpBinaryPathName);
        printf("        LOAD_ORDER_GROUP   : %s\n", Config->lpLoadOrderGroup);
        printf("        TAG                : %lu\n", (unsigned long)Config->dwTagId);
        printf("        DISPLAY_NAME       : %s\n", Config->lpDisplayName);
        printf("        DEPENDENCIES       : ");
        const char *Sep = "";
        for (const char *p = Config->lpDependencies; *p; p += strlen(p) + 1) {
            printf("%s%s", Sep, p);
            Sep = "\n                           : ";
        }
        printf("\n        SERVICE_START_NAME : %s\n", Config->lpServiceStartName);
    } else {
        Error = ScFailed("QueryServiceConfig", Config || GetLastError() != ERROR_INSUFFICIENT_BUFFER
                                                   ? GetLastError()
                                                   : ERROR_NOT_ENOUGH_MEMORY);
    }
    free(Config);
    ScClose(Service, Manager);
    return Error;
}

static DWORD ScQuery(const char *Name)
{
    DWORD Error = ERROR_SUCCESS;
    SC_HANDLE Manager;
    SERVICE_STATUS Status;
    SC_HANDLE Service = ScOpen(Name, SERVICE_QUERY_STATUS, &Manager, &Error);
    if (!Service)
        return Error;
    if (QueryServiceStatus(Service, &Status))
        ScPrintStatus(Name, &Status, FALSE);
    else
        Error = ScFailed("QueryServiceStatus", GetLastError());
    ScClose(Service, Manager);
    return Error;
}

static DWORD ScStart(const char *Name)
{
    DWORD Error = ERROR_SUCCESS, Needed;
    SC_HANDLE Manager;
    SERVICE_STATUS_PROCESS Status;
    SC_HANDLE Service = ScOpen(Name, SERVICE_START | SERVICE_QUERY_STATUS, &Manager, &Error);
    if (!Service)
        return Error;
    if (!StartServiceA(Service, 0, NULL))
        Error = ScFailed("StartService", GetLastError());
    else if (QueryServiceStatusEx(Service, SC_STATUS_PROCESS_INFO, (LPBYTE)&Status, sizeof Status,
                                  &Needed)) {
        ScPrintStatus(Name, (const SERVICE_STATUS *)&Status, TRUE);
        fprintf(stderr, "ntio sc: %s runs in ntio-sc's own kernel and unloads when ntio-sc exits "
                        "(each ntio process has its own kernel)\n",
                Name);
    }
    ScClose(Service, Manager);
    return Error;
}

static DWORD ScStop(const char *Name)
{
    DWORD Error = ERROR_SUCCESS;
    SC_HANDLE Manager;
    SERVICE_STATUS Status;
    SC_HANDLE Service = ScOpen(Name, SERVICE_STOP | SERVICE_QUERY_STATUS, &Manager, &Error);
    if (!Service)
        return Error;
    if (ControlService(Service, SERVICE_CONTROL_STOP, &Status)) {
        ScPrintStatus(Name, &Status, FALSE);
    } else {
        Error = GetLastError();
        ScFailed("ControlService", Error);
        if (Error == ERROR_SERVICE_NOT_ACTIVE)
            fprintf(stderr, "ntio sc: a driver runs in the kernel of the process that started it; "
                            "%s does not run in ntio-sc's\n",
                    Name);
    }
    ScClose(Service, Manager);
    return Error;
}

static DWORD ScDelete(const char *Name)
{
    DWORD Error = ERROR_SUCCESS;
    SC_HANDLE Manager;
    SC_HANDLE Service = ScOpen(Name, DELETE, &Manager, &Error);
    if (!Service)
        return Error;
    if (DeleteService(Service))
        puts("[SC] DeleteService SUCCESS");
    else
        Error = ScFailed("DeleteService", GetLastError());
    ScClose(Service, Manager);
    return Error;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        ScUsage(stderr);
        return ERROR_INVALID_COMMAND_LINE;
    }
    const char *Command = argv[1];
    if (!strcmp(Command, "--help") || !strcmp(Command, "-h") || !strcmp(Command, "/?") ||
        !strcasecmp(Command, "help")) {
        ScUsage(stdout);
        return 0;
    }
    if (argc < 3) {
        fprintf(stderr, "[SC] %s needs a service name\n", Command);
        ScUsage(stderr);
        return ERROR_INVALID_COMMAND_LINE;
    }
    const char *Name = argv[2];
    BOOL Extra = argc > 3;
    if (!strcasecmp(Command, "create"))
        return (int)ScCreate(Name, argc - 3, argv + 3);
    if (!strcasecmp(Command, "config"))
        return (int)ScConfig(Name, argc - 3, argv + 3);
    if (Extra) {
        fprintf(stderr, "[SC] %s takes only a service name\n", Command);
        return ERROR_INVALID_COMMAND_LINE;
    }
    if (!strcasecmp(Command, "qc"))
        return (int)ScQueryConfig(Name);
    if (!strcasecmp(Command, "query"))
        return (int)ScQuery(Name);
    if (!strcasecmp(Command, "start"))
        return (int)ScStart(Name);
    if (!strcasecmp(Command, "stop"))
        return (int)ScStop(Name);
    if (!strcasecmp(Command, "delete"))
        return (int)ScDelete(Name);
    fprintf(stderr, "[SC] unknown command %s\n", Command);
    ScUsage(stderr);
    return ERROR_INVALID_COMMAND_LINE;
}
