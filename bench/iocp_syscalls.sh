#!/usr/bin/env bash
# iocp_syscalls.sh - check, under strace, the completion port's system-call
# claims: posting when no thread waits makes no system call,
# dequeuing queued packets makes none, and a post that wakes a blocked
# waiter costs the poster exactly one futex wake.
#
#   bench/iocp_syscalls.sh NTIO IOCP_BENCH [POSTS [WAKES]]
#
# The program (iocp_bench syscalls) writes markers to fd -1 around each
# phase; only the system calls of the thread that wrote the markers, between
# them, are counted.  Exit 0: claims hold; 1: a claim failed; 77: strace is
# missing or cannot trace here (ctest skips).
set -uo pipefail
ntio="$1" bench="$2" posts="${3:-100000}" wakes="${4:-500}"
if ! command -v strace >/dev/null || ! strace -f -qq -o /dev/null true 2>/dev/null; then
  echo "iocp_syscalls: strace is not installed or cannot trace here; skipped"
  exit 77
fi
out="$(mktemp "${TMPDIR:-/tmp}/iocp_syscalls.XXXXXX")"
trap 'rm -f "$out"' EXIT
# LeakSanitizer cannot run under ptrace: no leak check in a sanitizer build.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
if ! strace -f -qq -o "$out" "$ntio" run -- "$bench" syscalls "$posts" "$wakes"; then
  echo "iocp_syscalls: iocp_bench syscalls failed"
  exit 1
fi
awk -v posts="$posts" -v wakes="$wakes" '
  # Lines: "TID  call(args) = result"; "<... call resumed>" continues a call
  # already counted.
  function marker(m) { return index($0, "write(-1, \"" m "\"") > 0 }
  /resumed>/ { next }
  marker("iocp-nowait-begin") { main = $1; phase = "nowait"; next }
  marker("iocp-nowait-end")   { phase = ""; next }
  marker("iocp-drain-begin")  { phase = "drain"; next }
  marker("iocp-drain-end")    { phase = ""; next }
  marker("iocp-waiter")       { waiter = $1; next }
  marker("iocp-wake-begin")   { phase = "wake"; next }
  marker("iocp-wake-end")     { phase = "done"; next }
  phase == "nowait" && $1 == main { nowait++; nowait_what = nowait_what " " $2 }
  phase == "drain" && $1 == main  { drain++; drain_what = drain_what " " $2 }
  phase == "wake" && $1 == main {
    if ($2 ~ /^futex\(/) { if ($0 ~ /FUTEX_WAKE/) wake++; else wake_other++ }
    else if ($2 !~ /^(clock_)?nanosleep\(/) { other++; other_what = other_what " " $2 }
  }
  (phase == "wake" || phase == "done") && waiter != "" && $1 == waiter {
    if ($2 ~ /^futex\(/) wwait++
    else if ($2 ~ /^sched_yield\(/) wyield++
    else wother++
  }
  END {
    bad = 0
    printf "Completion port system calls (strace -f), %d posts with no waiter, %d posts to a blocked waiter\n", posts, wakes
    printf "  post, no thread waiting       : %d system calls for %d posts (claim: 0) %s\n", nowait, posts, nowait ? "FAILED" : "holds"
    if (nowait) { bad = 1; print "    calls:" substr(nowait_what, 1, 300) }
    printf "  dequeue of queued packets     : %d system calls for %d packets (claim: 0) %s\n", drain, posts, drain ? "FAILED" : "holds"
    if (drain) { bad = 1; print "    calls:" substr(drain_what, 1, 300) }
    # A post finds the waiter blocked only if it got there first (under load
    # it may still be on its way): at most one wake per post, nothing else.
    ok = wake <= wakes && wake >= 1 && wake_other == 0 && other == 0
    printf "  post waking a blocked waiter  : %d FUTEX_WAKE, %d other futex, %d other calls for %d posts (claim: at most 1 wake each) %s\n", wake, wake_other, other, wakes, ok ? "holds" : "FAILED"
    if (other) print "    calls:" substr(other_what, 1, 300)
    if (!ok) bad = 1
    printf "  the woken waiter              : %d futex waits, %d sched_yield, %d other calls incl. its exit (%.2f yields per wake)\n", wwait, wyield, wother, wakes ? wyield / wakes : 0
    exit bad
  }' "$out"
