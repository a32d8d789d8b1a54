#!/usr/bin/env bash
# Installs the Debian packages ntio needs to build and test, if any are
# missing.  Safe to run repeatedly; does nothing when all are present.
set -euo pipefail
PKGS=(build-essential cmake pkg-config libdw-dev libsqlite3-dev liburing-dev gdb valgrind strace)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "ntio: installing missing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
