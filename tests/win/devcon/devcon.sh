#!/bin/sh
# `ntio devcon` as a user runs it: every command is a process with a kernel
# of its own, in the test's prefix ($NTIO_PREFIX), so each one finds the
# devices the previous ones left in the registry (ntio's reboot).
#   devcon.sh NTIO DEVINSTALL_FIXTURES PNP_BUILD
ntio=$1 fixtures=$2 pnpbuild=$3
: "${NTIO_PREFIX:?NTIO_PREFIX must name the test prefix}"
checks=0 failed=0

# The driver package in C:\pkg: the device installer's test INF and the
# PnP test drivers it copies.
pkg="$NTIO_PREFIX/drive_c/pkg"
mkdir -p "$pkg" || exit 1
cp "$fixtures/echo.inf" "$pnpbuild/pnpecho.sys" "$pnpbuild/pnpfilt.sys" "$pkg/" || exit 1

fail() {
    failed=$((failed + 1))
    printf '%s\n' "FAIL: $*"
}

# nt STATUS ARGS...: run `ntio ARGS`, expect exit code STATUS.
nt() {
    want=$1
    shift
    out=$("$ntio" "$@" 2>&1)
    got=$?
    printf '%s\n' "--- ntio $* (exit $got)"
    printf '%s\n' "$out"
    checks=$((checks + 1))
    [ "$got" -eq "$want" ] || fail "ntio $*: exit $got, expected $want"
}
# dc STATUS ARGS...: `ntio devcon ARGS`.
dc() {
    want=$1
    shift
    nt "$want" devcon "$@"
}
# has TEXT: the last output has the line (or part of a line) TEXT.
has() {
    checks=$((checks + 1))
    printf '%s\n' "$out" | grep -qF -- "$1" || fail "expected '$1'"
}
hasnt() {
    checks=$((checks + 1))
    printf '%s\n' "$out" | grep -qF -- "$1" && fail "did not expect '$1'"
}
# line TEXT: the output has exactly this line.
line() {
    checks=$((checks + 1))
    printf '%s\n' "$out" | grep -qxF -- "$1" || fail "expected the line '$1'"
}

dev0='ROOT\NTIOTEST\0000'
dev1='ROOT\NTIOTEST\0001'
pad0=$(printf '%-60s' "$dev0")
pad1=$(printf '%-60s' "$dev1")

# ---- help and syntax errors ------------------------------------------------
dc 0 --help
has "Device Console Help:"
has "install              Install a device manually."
dc 0 help status
has "Devcon Status Command"
has "@ISAPNP\\*\\*    - Instance ID with wildcards"
dc 0 help nosuchcommand
line "Unknown command."
dc 3
has "devcon Usage: devcon [-r] <command> [<arg>...]"
dc 3 frobnicate
has "For more information, type: devcon help"
dc 3 install
line "devcon: Invalid use of install."
dc 3 install 'C:\pkg\echo.inf'
line "devcon: Invalid use of install."
dc 3 update 'C:\pkg\echo.inf'
dc 3 status
line "devcon: Invalid use of status."
dc 3 remove
dc 3 disable
dc 3 find

# ---- nothing installed yet ---------------------------------------------------
dc 0 find '*'
line "No matching devices found."
dc 0 status 'ROOT\NTIOECHO'
line "No matching devices found."

# ---- install: a missing INF, an INF for nothing, then the real one ------------
dc 2 install 'C:\pkg\missing.inf' 'ROOT\NTIOECHO'
has 'devcon: C:\pkg\missing.inf: The system cannot find the file specified.'
line "devcon failed."
dc 2 update 'C:\pkg\echo.inf' 'ROOT\NOBODY'
has 'Updating drivers for ROOT\NOBODY from C:\pkg\echo.inf.'
has "The device instance does not exist. (error 0xE000020B)"
line "devcon failed."

dc 0 install 'C:\pkg\echo.inf' 'ROOT\NTIOECHO'
line "Device node created. Install is complete when drivers are installed..."
line 'Updating drivers for ROOT\NTIOECHO from C:\pkg\echo.inf.'
line "Drivers installed successfully."

# ---- the device, from a new kernel ------------------------------------------
dc 0 status 'ROOT\NTIOECHO'
line "$dev0"
line "    Name: ntio echo device"
line "    Driver is running."
line "1 matching device(s) found."
dc 0 find '*'
line "$pad0: ntio echo device"
line "1 matching device(s) found."
dc 0 find '*ntioecho'
line "$pad0: ntio echo device"
dc 0 find 'root\ntio*'
line "1 matching device(s) found."
dc 0 find "'*NTIOECHO"
line "No matching devices found."
dc 0 find '@ROOT\NTIOTEST\*'
line "$pad0: ntio echo device"
dc 0 find '@ROOT\NTIOECHO'
line "No matching devices found."
dc 0 find "@$dev0"
line "1 matching device(s) found."
dc 0 find '=NtioTest'
line "1 matching device(s) found."
dc 0 find '=ntiotest' 'ROOT\NOBODY'
line "No matching devices found."
dc 0 find '=NoSuchClass' '*'
line "No matching devices found."
dc 0 findall '*'
line "$pad0: ntio echo device"
dc 0 hwids 'ROOT\NTIOECHO'
line "$dev0"
line "    Name: ntio echo device"
line "    Hardware IDs:"
line '        ROOT\NTIOECHO'
dc 0 stack 'ROOT\NTIOECHO'
line "    Setup Class: {6b3f3a10-2f1c-4c1b-9a7e-1d54330ea1ff} NtioTest"
line "    Upper filters:"
line "        pnpfilt"
line "    Controlling service:"
line "        pnpecho"
hasnt "Lower filters:"
dc 0 driverfiles 'ROOT\NTIOECHO'
has '    Driver installed from C:\windows\INF\oem'
has '.inf [Echo_Install]. 2 file(s) used by driver:'
line '        C:\windows\System32\drivers\pnpecho.sys'
line '        C:\windows\System32\drivers\pnpfilt.sys'
dc 0 classes
has "NtioTest            : ntio test devices"
dc 0 listclass NtioTest NoSuchClass
line 'Listing 1 devices in setup class "NtioTest" (ntio test devices).'
line "$pad0: ntio echo device"
line 'There is no "NoSuchClass" setup class on the local machine.'

# ---- disable, enable, restart, rescan ------------------------------------------
dc 0 disable 'ROOT\NTIOECHO'
line "$pad0: Disabled"
line "1 device(s) disabled."
dc 0 status 'ROOT\NTIOECHO'
line "    Device is disabled."
dc 0 restart 'ROOT\NTIOECHO'
line "$pad0: Restarted"
dc 0 status 'ROOT\NTIOECHO'
line "    Device is disabled."
dc 0 enable 'ROOT\NTIOECHO'
line "$pad0: Enabled"
line "1 device(s) are enabled."
dc 0 status 'ROOT\NTIOECHO'
line "    Driver is running."
dc 0 restart "@$dev0"
line "$pad0: Restarted"
line "1 device(s) restarted."
dc 0 rescan
line "Scanning for new hardware."
line "Scanning completed."
dc 0 enable 'ROOT\NOBODY'
line "No matching devices found."

# ---- update, with a Linux path --------------------------------------------------
dc 0 update "$pkg/echo.inf" 'ROOT\NTIOECHO'
has "Updating drivers for ROOT\\NTIOECHO from Z:"
line "Drivers installed successfully."
dc 0 status '*'
line "    Driver is running."

# ---- a second device: patterns pick one or both ------------------------------------
dc 0 install 'C:\pkg\echo.inf' 'ROOT\NTIOECHO'
line "Drivers installed successfully."
dc 0 find '*'
line "$pad0: ntio echo device"
line "$pad1: ntio echo device"
line "2 matching device(s) found."
dc 0 disable "@$dev1"
line "$pad1: Disabled"
line "1 device(s) disabled."
dc 0 status '=NtioTest'
line "    Driver is running."
line "    Device is disabled."
line "2 matching device(s) found."
dc 0 remove "@$dev1"
line "$pad1: Removed"
line "1 device(s) were removed."
dc 0 findall '*'
hasnt "$dev1"
line "1 matching device(s) found."

# ---- remove: gone from the tree and the registry ------------------------------
dc 0 remove 'ROOT\NTIOECHO'
line "$pad0: Removed"
line "1 device(s) were removed."
dc 0 status 'ROOT\NTIOECHO'
line "No matching devices found."
dc 0 findall '*'
line "No matching devices found."
nt 1 reg query "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\$dev0"
dc 0 remove 'ROOT\NTIOECHO'
line "No devices were removed."

# ---- reinstall ---------------------------------------------------------------------
dc 0 install 'C:\pkg\echo.inf' 'ROOT\NTIOECHO'
line "Drivers installed successfully."
dc 0 status 'ROOT\NTIOECHO'
line "$dev0"
line "    Driver is running."
line "1 matching device(s) found."

echo "devcon: $checks checks, $failed failed"
[ "$failed" -eq 0 ]
