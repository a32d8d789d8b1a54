#!/usr/bin/env bash
# The main job: build ntio and run every sample driver with its application.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/scripts/build.sh" "$here/build"
b="$here/build"
# The demo runs in a prefix of its own: it neither needs nor changes ~/.ntio.
export NTIO_PREFIX="$(mktemp -d "${TMPDIR:-/tmp}/ntio-demo.XXXXXX")"
trap 'rm -rf "$NTIO_PREFIX"' EXIT
echo "== ioctl sample: the four transfer methods and buffered read/write"
"$b/bin/ntio" run --driver "$b/samples/ioctl/sioctl.sys" -- "$b/samples/ioctl/sioctl_app" 2>&1
# folder, driver, application, what it shows
for s in "sharemem sharemem shareapp the seed texts: memory shared between a driver and the application" \
         "cancel pendq pendapp a cancel-safe queue: every way a pended read ends" \
         "dpcevent dpcevent dpcapp an application's event signalled from a driver's DPC"; do
  set -- $s
  dir=$1 drv=$2 app=$3; shift 3
  echo
  echo "== $dir sample: $*"
  "$b/bin/ntio" run --driver "$b/samples/$dir/$drv.sys" -- "$b/samples/$dir/$app" 2>&1
done
echo
echo "== myfault sample: a request its driver never completes, reported instead of hanging"
"$b/bin/ntio" run --hang-timeout 2 --driver "$b/samples/myfault/myfault.sys" -- "$b/samples/myfault/notmyfault" sync 2>&1 || echo "(exit status $? - expected 124)"
echo
echo "== scm sample: an application that installs its own driver through the Service Control Manager"
"$b/bin/ntio" run -- "$b/samples/scm/scmapp" 2>&1
echo
echo "== pnp sample: PnP drivers installed from their INFs, found by interface; a bus's devices plugged in and out"
(cd "$b/samples/pnp" &&
 "$b/bin/ntio" devcon install echo.inf 'Root\SampleEcho' 2>&1 &&
 "$b/bin/ntio" devcon install bus.inf 'Root\SampleBus' 2>&1 &&
 "$b/bin/ntio" run -- ./findecho 2>&1)
