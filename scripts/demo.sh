#!/usr/bin/env bash
# The main job: build ntio and run every sample driver with its application.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/scripts/build.sh" "$here/build"
b="$here/build"
echo "== ioctl sample: the four transfer methods and buffered read/write"
"$b/bin/ntio" run --driver "$b/samples/ioctl/sioctl.sys" -- "$b/samples/ioctl/sioctl_app" 2>&1
