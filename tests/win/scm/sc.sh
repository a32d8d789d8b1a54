#!/bin/sh
# `ntio sc`: sc.exe's commands, output and exit statuses (the Win32 error,
# as the shell sees it: its low 8 bits).
#   sc.sh NTIO DRIVER_DIR
set -u
NTIO=$1
DIR=$2
fail() { echo "FAIL: $*"; exit 1; }
# expect STATUS COMMAND...: run `ntio sc COMMAND...`, keep its output in $out
expect() {
    want=$1; shift
    out=$("$NTIO" sc "$@" 2>sc.err); status=$?
    echo "\$ ntio sc $*"; printf '%s\n' "$out"; cat sc.err
    [ $status -eq $want ] || fail "ntio sc $*: exit status $status, want $want"
}
has() { printf '%s\n' "$out" | grep -q -- "$1" || fail "no '$1' in the output"; }
rm -rf "$NTIO_PREFIX"

expect 0 --help
has "usage: ntio sc"
expect 103 bogus name                       # ERROR_INVALID_COMMAND_LINE 1639
expect 36 query nosuch                      # 1060
has "\[SC\] OpenService FAILED 1060:"
has "The specified service does not exist as an installed service."

expect 0 create scdemo type= kernel start= demand binPath= "$DIR/scmtest.sys" DisplayName= "SC Demo" error= normal
has "\[SC\] CreateService SUCCESS"
expect 49 create scdemo type= kernel binPath= "$DIR/scmtest.sys"    # 1073
has "\[SC\] CreateService FAILED 1073:"
has "The specified service already exists."
expect 87 create scown type= own binPath= "$DIR/scmtest.sys"        # ERROR_INVALID_PARAMETER
has "\[SC\] CreateService FAILED 87:"
expect 103 create scbad binPath=                                      # no value

expect 0 qc scdemo
has "\[SC\] QueryServiceConfig SUCCESS"
has "SERVICE_NAME: scdemo"
has "TYPE               : 1  KERNEL_DRIVER"
has "START_TYPE         : 3   DEMAND_START"
has "ERROR_CONTROL      : 1   NORMAL"
has 'BINARY_PATH_NAME   : \\??\\Z:\\.*\\scmtest.sys'
has "DISPLAY_NAME       : SC Demo"

expect 0 query scdemo
has "SERVICE_NAME: scdemo"
has "STATE              : 1  STOPPED"
has "WIN32_EXIT_CODE    : 1077  (0x435)"

expect 0 start scdemo
has "STATE              : 4  RUNNING"
has "(STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)"
has "PID                : 0"
grep -q "scmtest: DriverEntry of ScmTest" sc.err || fail "DriverEntry did not run in ntio-sc"
grep -q "scmtest: DriverUnload of ScmTest" sc.err || fail "the driver did not unload when ntio-sc exited"
grep -q "unloads when ntio-sc exits" sc.err || fail "no note about ntio-sc's own kernel"

expect 38 stop scdemo                       # 1062: not running in this process
has "\[SC\] ControlService FAILED 1062:"
has "The service has not been started."

expect 0 config scdemo start= disabled
has "\[SC\] ChangeServiceConfig SUCCESS"
expect 34 start scdemo                      # 1058
has "\[SC\] StartService FAILED 1058:"
expect 0 config scdemo start= demand binPath= "$DIR/nosuch.sys"
expect 2 start scdemo                       # ERROR_FILE_NOT_FOUND
has "\[SC\] StartService FAILED 2:"
has "The system cannot find the file specified."

expect 0 delete scdemo
has "\[SC\] DeleteService SUCCESS"
expect 36 delete scdemo                     # gone with ntio-sc's last handle: 1060
expect 36 qc scdemo
echo "ntio sc: PASS"
