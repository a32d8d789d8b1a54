#!/bin/sh
# `ntio power sleep|wake` against a running kernel: pnp_app installs the
# test devices, then runs again in the background (power-wait) while this
# script sends the sleep and the wake from outside; pnp_app checks that
# the echo driver went through its power path.
#   power.sh NTIO PNP_APP
ntio=$1 app=$2
out=power-wait.out
"$ntio" run -- "$app" install > install.out 2>&1 || { cat install.out; echo "FAIL: install run"; exit 1; }
# Not the "ready" of an earlier run: the background job truncates the file
# only once it is scheduled.
rm -f $out
"$ntio" run -- "$app" power-wait > $out 2>&1 &
pid=$!
i=0
until grep -q ready $out 2>/dev/null; do
  i=$((i + 1))
  if [ $i -gt 200 ] || ! kill -0 $pid 2>/dev/null; then
    cat $out; echo "FAIL: power-wait did not start"; kill $pid 2>/dev/null; exit 1
  fi
  sleep 0.1
done
# A process that is not an ntio kernel of the prefix is never signalled
# (the signal would kill it): this shell, refused.
"$ntio" power sleep $$ 2> refused.out && { kill $pid; echo "FAIL: a non-kernel pid was signalled"; exit 1; }
grep -q "is not an ntio kernel" refused.out || { cat refused.out; kill $pid; echo "FAIL: no refusal message"; exit 1; }
"$ntio" power sleep S3 || { kill $pid; cat $out; echo "FAIL: ntio power sleep"; exit 1; }
sleep 0.3
"$ntio" power wake || { kill $pid; cat $out; echo "FAIL: ntio power wake"; exit 1; }
wait $pid
status=$?
cat $out
# A stale entry (a kernel killed without unlisting itself; pid 1 here) is
# neither signalled nor kept.
stale="${NTIO_PREFIX:-$HOME/.ntio}/run/kernels/1"
: > "$stale"
"$ntio" power wake > /dev/null 2>&1 && { echo "FAIL: a kernel is still listed"; exit 1; }
[ -e "$stale" ] && { echo "FAIL: the stale entry was kept"; exit 1; }
exit $status
