#!/usr/bin/env bash
# The whole test suite: a normal build, then the same suite under
# AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jobs="$(nproc)"

"$here/scripts/build.sh" "$here/build"
(cd "$here/build" && ctest --output-on-failure -j"$jobs")

"$here/scripts/build.sh" "$here/build-asan" -DNTIO_SANITIZE=address,undefined
(cd "$here/build-asan" && UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j"$jobs")
