#!/bin/sh
# The scm sample's test: scmapp installs its driver through the Service
# Control Manager, uses it, stops it and deletes the service -- twice in a
# row in one prefix, whose registry persists in between.  Then a service
# left installed by one run is found by the next.
#   twice.sh NTIO SCMAPP
set -u
NTIO=$1
APP=$2
KEY='HKLM\SYSTEM\CurrentControlSet\Services\scmsample'
fail() { echo "FAIL: $*"; exit 1; }

rm -rf "$NTIO_PREFIX"

for run in 1 2; do
    echo "== run $run"
    "$NTIO" run -- "$APP" || fail "run $run of scmapp"
    if "$NTIO" reg query "$KEY" >/dev/null 2>&1; then
        fail "the service key is still there after run $run"
    fi
    echo "ok:   no service key after run $run"
done

echo "== install, and leave it installed"
"$NTIO" run -- "$APP" install || fail "scmapp install"
out=$("$NTIO" reg query "$KEY" /v ImagePath) || fail "reg query ImagePath"
printf '%s\n' "$out"
printf '%s\n' "$out" | grep -q 'REG_EXPAND_SZ *\\??\\[A-Z]:\\.*\\scmsample\.sys' ||
    fail "ImagePath is not the NT path of scmsample.sys"
out=$("$NTIO" reg query "$KEY\\Parameters" /v Greeting) || fail "reg query Greeting"
printf '%s\n' "$out" | grep -q 'REG_DWORD *0x2a' || fail "Parameters\\Greeting is not 42"
out=$("$NTIO" sc query scmsample) || fail "ntio sc query"
printf '%s\n' "$out" | grep -q 'STATE *: 1  STOPPED' || fail "a new process sees the driver stopped"

echo "== run 3 finds the service installed"
"$NTIO" run -- "$APP" > run3.log 2>&1; status=$?
cat run3.log
[ $status -eq 0 ] || fail "run 3 of scmapp"
grep -q 'the service was already installed' run3.log || fail "run 3 did not reuse the service"
if "$NTIO" reg query "$KEY" >/dev/null 2>&1; then
    fail "the service key is still there after run 3"
fi
echo "scm sample: PASS"
