#!/bin/sh
# The pnp sample's test, run as a user runs the sample, each command a
# process (and a kernel) of its own in the test's prefix: the two driver
# packages installed with `ntio devcon install`; findecho twice (the second
# time the bus's children find their driver installed); the echo device
# restarted (query-remove, remove, start) and removed, after which findecho
# finds no echo device and says so.  With "rebalance", the devices are
# stopped and started again under I/O instead (rebalance.c).
#   pnp.sh NTIO DIR [rebalance]    (DIR holds the INFs, drivers and programs)
set -u
ntio=$1 dir=$2 what=${3:-findecho}
: "${NTIO_PREFIX:?NTIO_PREFIX must name the test prefix}"
fail() { echo "FAIL: $*"; exit 1; }

# run STATUS ARGS...: `ntio ARGS`, which must exit with STATUS.
run() {
    want=$1
    shift
    echo "\$ ntio $*"
    out=$("$ntio" "$@" 2>&1)
    got=$?
    printf '%s\n' "$out"
    [ "$got" -eq "$want" ] || fail "ntio $*: exit status $got, expected $want"
}
# has TEXT: the last command's output has TEXT.
has() {
    printf '%s\n' "$out" | grep -qF -- "$1" || fail "expected '$1'"
}

rm -rf "$NTIO_PREFIX"
run 0 devcon install "$dir/echo.inf" 'Root\SampleEcho'
has 'Drivers installed successfully.'
run 0 devcon install "$dir/bus.inf" 'Root\SampleBus'
has 'Drivers installed successfully.'
run 0 devcon stack 'Root\SampleEcho'
printf '%s\n' "$out" | grep -A1 'Upper filters:' | grep -q 'counter' || fail "counter is not the upper filter"
printf '%s\n' "$out" | grep -A1 'Controlling service:' | grep -q 'echo' || fail "echo is not the function driver"
run 0 devcon status 'Root\SampleEcho' 'Root\SampleBus'
[ "$(printf '%s\n' "$out" | grep -c 'Driver is running.')" -eq 2 ] || fail "the devices are not running"

if [ "$what" = rebalance ]; then
    run 0 run -- "$dir/rebalance"
    has ', 0 errors'
    echo "pnp sample: PASS"
    exit 0
fi

run 0 run -- "$dir/findecho"
has 'findecho: all done'
# The children plugged in are installed now, and start at once.
run 0 run -- "$dir/findecho"
has 'findecho: all done'
run 0 devcon findall 'SampleBus\Echo'
has '2 matching device(s) found.'

run 0 devcon restart 'Root\SampleEcho'
has '1 device(s) restarted.'
run 0 devcon remove 'Root\SampleEcho'
has '1 device(s) were removed.'
run 1 run -- "$dir/findecho"
has 'no echo device is present'
echo "pnp sample: PASS"
