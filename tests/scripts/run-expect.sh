#!/usr/bin/env bash
# run-expect.sh STATUS [PATTERN...] -- COMMAND [ARGS...]
# Runs COMMAND, prints its output, and succeeds only if it exited with
# STATUS and its combined output matches every extended regex PATTERN.
set -u
want="$1"; shift
patterns=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do patterns+=("$1"); shift; done
shift
out="$("$@" 2>&1)"; got=$?
printf '%s\n' "$out"
rc=0
if [ "$got" != "$want" ]; then echo "run-expect: exit status $got, expected $want"; rc=1; fi
for p in "${patterns[@]}"; do
  if ! printf '%s\n' "$out" | grep -Eq -- "$p"; then echo "run-expect: output lacks /$p/"; rc=1; fi
done
exit $rc
