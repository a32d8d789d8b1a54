#!/bin/sh
# Driver services the kernel starts with each process, in one prefix:
# run 1 installs them, run 2 finds the system-start driver loaded before
# main (and a failing auto-start one reported, without stopping the
# kernel), run 3 cannot start at all because a critical driver fails, and
# NTIO_SAFE_MODE=1 lets the prefix be repaired.
#   boot.sh NTIO SCM_BOOT
set -u
NTIO=$1
APP=$2
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$NTIO_PREFIX"

"$NTIO" run -- "$APP" create || fail "scm_boot create"

"$NTIO" run -- "$APP" check > check.log 2>&1; status=$?
cat check.log
[ $status -eq 0 ] || fail "scm_boot check"
grep -q 'auto-start driver service ntiotest_auto failed to start: status 0xC0000034' check.log ||
    fail "the failing auto-start service was not reported"
if grep -q 'ntiotest_ignored' check.log; then
    fail "a SERVICE_ERROR_IGNORE service was reported"
fi
grep -q 'scmtest: DriverEntry of ScmTest' check.log || fail "DriverEntry did not run at start"

"$NTIO" run -- "$APP" final > critical.log 2>&1; status=$?
cat critical.log
[ $status -eq 3 ] || fail "a failing critical driver should stop the kernel (status $status, want 3)"
grep -q 'system-start driver service ntiotest_boot failed to start.*critical' critical.log ||
    fail "the critical failure was not reported"

NTIO_SAFE_MODE=1 "$NTIO" sc delete ntiotest_boot || fail "ntio sc delete in safe mode"
"$NTIO" run -- "$APP" final || fail "scm_boot final"
echo "scm boot: PASS"
