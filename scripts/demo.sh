#!/usr/bin/env bash
# The main job: build ntio and run every sample driver with its application.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/scripts/build.sh" "$here/build"
b="$here/build"
echo "== ioctl sample: the four transfer methods and buffered read/write"
"$b/bin/ntio" run --driver "$b/samples/ioctl/sioctl.sys" -- "$b/samples/ioctl/sioctl_app" 2>&1
echo
echo "== myfault sample: a request its driver never completes, reported instead of hanging"
"$b/bin/ntio" run --hang-timeout 2 --driver "$b/samples/myfault/myfault.sys" -- "$b/samples/myfault/notmyfault" sync 2>&1 || echo "(exit status $? - expected 124)"
