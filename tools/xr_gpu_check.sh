#!/usr/bin/env bash
# Frame pacing of the headset frame loop on a real GPU: the festival scene on
# the simulated headset at 90 Hz with headset-sized eyes, rendered by the
# machine's NVIDIA Vulkan driver instead of lavapipe. Prints the device, the
# missed display times, the GPU time per stereo frame and the stereo/mono CPU
# ratio (`places bench xr`, docs/performance-xr.md). Zero missed is the goal.
#
#   tools/xr_gpu_check.sh [BUILD_DIR]        (default: build; built if missing)
#   HZ=72 EYE=1832x1920 FRAMES=900 VIEW=stage tools/xr_gpu_check.sh
#
# Exit 0 after a run on the NVIDIA driver (whatever it measured), 1 when no
# NVIDIA driver is found or the run ended up on another device, 2 on a
# failed build or bench.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
HZ=${HZ:-90}
EYE=${EYE:-1440x1600}     # per eye: Valve Index; Quest 2 through Link is about 1832x1920
FRAMES=${FRAMES:-900}     # measured frames (10 s at 90 Hz), after the bench's warm-up
SCENE=${SCENE:-scenes/gelsenkirchen-festival.json}
VIEW=${VIEW:-crowd}
PLACES=$BUILD/tools/places/places

if [[ ! -x $PLACES ]]; then
  echo "== building places and the simulated runtime in $BUILD =="
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null || exit 2
  cmake --build "$BUILD" -j"$(nproc)" --target places places_xr_simulated || exit 2
fi

icd=
for f in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json \
         /usr/share/vulkan/icd.d/nvidia_icd.x86_64.json /etc/vulkan/icd.d/nvidia_icd.x86_64.json; do
  [[ -f $f ]] && { icd=$f; break; }
done
if [[ -z $icd ]]; then
  echo "xr_gpu_check: no NVIDIA Vulkan driver manifest (nvidia_icd.json) found" >&2
  exit 1
fi
export VK_DRIVER_FILES=$icd   # only this driver: the simulated headset takes the first device
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,clocks.max.graphics --format=csv,noheader

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
w=${EYE%x*}
h=${EYE#*x}
echo "{\"refresh_hz\": $HZ, \"eye_size\": [$w, $h]}" > "$out/sim.json"
echo "machine: $(nproc) cores, $(uptime | sed 's/.*load average/load average/')"
echo "== $SCENE, view $VIEW, 2x${w}x${h} at $HZ Hz, $FRAMES frames, driver $icd =="
PLACES_XR_SIM_CONFIG=$out/sim.json "$PLACES" bench xr "$SCENE" --view "$VIEW" --simulated --frames "$FRAMES" \
  --json > "$out/bench.json" || { cat "$out/bench.json" >&2; exit 2; }
cat "$out/bench.json"
python3 - "$out/bench.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
shown = r["frames"] + r["missed_frames"]
print(f"device: {r['device']}; {r['stereo_path']}; {r['swapchains']}")
print(f"missed display times at {r['refresh_hz']:.0f} Hz: {r['missed_frames']} of {shown}")
print(f"GPU ms per stereo frame (median): {r['stereo_gpu_ms_median']:.2f} "
      f"(the display period is {1000.0 / r['refresh_hz']:.2f} ms)")
print(f"CPU ms per frame, median: stereo {r['stereo_cpu_ms_median']:.3f}, mono {r['mono_cpu_ms_median']:.3f}, "
      f"ratio {r['stereo_over_mono']:.2f}x (target <= 1.2x)")
if "llvmpipe" in r["device"].lower():
    print("xr_gpu_check: the run used lavapipe, not the GPU", file=sys.stderr)
    sys.exit(1)
EOF
