#!/bin/sh
# with_xvfb.sh DEPTH COMMAND [ARGS...]
# Runs COMMAND on a private Xvfb screen (1280x720, DEPTH bits) and exits with
# COMMAND's own status. Not `xvfb-run -a`: parallel tests race it for the same
# display number, and its status can replace the command's ("problem while
# cleaning up temporary directory"). -displayfd lets the server pick a free
# display and tells us which once it accepts connections.
set -u
depth=$1
shift
dir=$(mktemp -d)
Xvfb -displayfd 3 -screen 0 1280x720x"$depth" -nolisten tcp 3>"$dir/display" 2>"$dir/xvfb.log" &
xvfb=$!
tries=0
while [ ! -s "$dir/display" ]; do
  tries=$((tries + 1))
  if [ "$tries" -gt 200 ] || ! kill -0 "$xvfb" 2>/dev/null; then
    echo "with_xvfb: Xvfb did not start:" >&2
    cat "$dir/xvfb.log" >&2
    kill "$xvfb" 2>/dev/null
    rm -rf "$dir"
    exit 125
  fi
  sleep 0.05
done
DISPLAY=":$(tr -d '\n' < "$dir/display")" "$@"
code=$?
kill "$xvfb" 2>/dev/null
wait "$xvfb" 2>/dev/null
rm -rf "$dir"
exit "$code"
