#!/bin/sh
# The SCM as a standard user: the prefix belongs to this (root) user, the
# checks run as "nobody", who is not its owner.
#   user.sh NTIO SCM_USER
set -u
NTIO=$1
APP=$2
fail() { echo "FAIL: $*"; exit 1; }
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
    echo "needs root and setpriv to run as another user: skipped"
    exit 77
fi
rm -rf "$NTIO_PREFIX"
"$NTIO" run -- "$APP" setup || fail "setup"
# The other user may read and write the files (so the registry opens), but
# owns nothing: ntio makes them a standard user of this prefix.
chmod -R a+rwX "$NTIO_PREFIX"
setpriv --reuid=65534 --regid=65534 --clear-groups "$NTIO" run -- "$APP" user || fail "as a standard user"
"$NTIO" run -- "$APP" cleanup || fail "cleanup"
echo "scm user: PASS"
