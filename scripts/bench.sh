#!/usr/bin/env bash
# Build and run the benchmarks; each prints its figures beside its baseline.
#   scripts/bench.sh [IOCTL_ITERATIONS [IOCP_ITERATIONS]]
# NTIO_BENCH_BUILD=DIR uses an existing build directory (not rebuilt).
# See docs/bench.md for what each figure means.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ -n "${NTIO_BENCH_BUILD:-}" ]; then
  b="$NTIO_BENCH_BUILD"
else
  "$here/scripts/build.sh" "$here/build"
  b="$here/build"
fi
"$b/bin/ntio" run --driver "$b/bench/rtdrv.sys" -- "$b/bench/ioctl_rt" "${1:-2000000}"
echo
"$b/bin/ntio" run --driver "$b/bench/rtdrv.sys" -- "$b/bench/iocp_bench" ${2:+"$2"}
echo
# The completion port's system-call claims, counted with strace.
status=0
"$here/bench/iocp_syscalls.sh" "$b/bin/ntio" "$b/bench/iocp_bench" 100000 1000 || status=$?
[ $status -eq 77 ] && status=0 # no strace: reported, not a failure
exit $status
