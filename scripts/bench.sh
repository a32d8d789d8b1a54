#!/usr/bin/env bash
# Build and run the benchmarks; each prints its figures beside its baseline.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/scripts/build.sh" "$here/build"
b="$here/build"
"$b/bin/ntio" run --driver "$b/bench/rtdrv.sys" -- "$b/bench/ioctl_rt" "${1:-2000000}"
