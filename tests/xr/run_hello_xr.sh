#!/bin/sh
# hello_xr (an independent OpenXR client, libopenxr-utils) against the simulated
# runtime, with the OpenXR core validation layer and hello_xr's Vulkan validation:
# it must reach FOCUSED, submit frames, leave through STOPPING/EXITING when the
# script ends (exit_at_frame: 270 frames, three seconds at 90 Hz, as issue 9
# asks for "a few seconds"), exit 0, and log no error. `timeout` guards a hang.
# Usage: run_hello_xr.sh MANIFEST OUTPUT_DIR
set -u
manifest=$1
out=$2
rm -rf "$out" && mkdir -p "$out"
cat > "$out/config.json" <<JSON
{"refresh_hz": 90, "eye_size": [256, 256], "exit_at_frame": 270,
 "stats_file": "$out/stats.json", "capture": {"directory": "$out/eyes", "frames": [260]}}
JSON
# hello_xr quits on any key (or EOF): its stdin is a FIFO this shell holds
# open read-write, so it never sees input or EOF.
mkfifo "$out/stdin"
exec 3<>"$out/stdin"
env XR_RUNTIME_JSON="$manifest" PLACES_XR_SIM_CONFIG="$out/config.json" \
    XR_ENABLE_API_LAYERS=XR_APILAYER_LUNARG_core_validation XR_CORE_VALIDATION_EXPORT_TYPE=text \
    XR_CORE_VALIDATION_FILE_NAME="$out/xr-validation.txt" \
    timeout 50 hello_xr -g Vulkan2 -ff Hmd -vc Stereo -s Stage <&3 > "$out/hello_xr.log" 2>&1
code=$?
exec 3<&-
grep -v "Loader Message" "$out/hello_xr.log"
echo "hello_xr exit code: $code"
cat "$out/stats.json"
fail=0
[ "$code" -eq 0 ] || { echo "FAIL: hello_xr exited $code"; fail=1; }
grep -qiE '\[Error|VUID|validation error' "$out/hello_xr.log" && { echo "FAIL: errors in hello_xr's log"; fail=1; }
[ -s "$out/xr-validation.txt" ] && { echo "FAIL: OpenXR core validation messages:"; cat "$out/xr-validation.txt"; fail=1; }
grep -q '"frames_submitted": 270,' "$out/stats.json" || { echo "FAIL: not every frame submitted"; fail=1; }
for state in FOCUSED STOPPING EXITING; do
  grep -q "\"$state\"" "$out/stats.json" || { echo "FAIL: never reached $state"; fail=1; }
done
test -s "$out/eyes/frame-260-left.png" && test -s "$out/eyes/frame-260-right.png" || { echo "FAIL: no eye PNGs"; fail=1; }
cmp -s "$out/eyes/frame-260-left.png" "$out/eyes/frame-260-right.png" && { echo "FAIL: both eyes identical (no parallax)"; fail=1; }
exit $fail
