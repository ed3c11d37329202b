#!/usr/bin/env bash
# Time from process start to PNG written, 1280x720, both on the CPU, side by side:
#   places render scenes/gelsenkirchen-festival.json (Vulkan on lavapipe; city from
#     the import cache and props from the asset cache, i.e. a second run; also
#     reported: a first run with both caches empty)
#   f3d --output ... city.glb (OpenGL on llvmpipe, under one Xvfb server started
#     once here so its start-up is not charged to f3d) on the same city exported
#     by `places import --glb`.
# Medians of RUNS runs, wall and CPU time (user + sys, every thread: on a
# loaded machine the wall time is mostly waiting for a core); "warm" keeps Mesa's shader disk cache, "cold" sets
# MESA_SHADER_CACHE_DISABLE=true (every shader compiled in the run). The
# "cold" empty-cache row is the whole first start: import cache, asset cache
# and Mesa's shader cache all empty; its ratio is against f3d, cold too.
#   tools/bench_render_vs_f3d.sh [BUILD_DIR] [RUNS]
# PLACES_RENDER_ARGS adds options to places render (e.g. "--msaa 4").
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
RUNS=${2:-5}
PLACES=$BUILD_DIR/tools/places/places
# f3d is only this benchmark's yardstick: it pulls VTK and OpenCASCADE (hundreds
# of MB), so tools/setup.sh (build, tests, demo) leaves it out and it is
# installed here, from Debian, the first time the benchmark runs.
if ! command -v f3d >/dev/null 2>&1; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "bench_render_vs_f3d: installing Debian's f3d (the viewer compared against)" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends f3d >&2
fi
SCENE=scenes/gelsenkirchen-festival.json
CITY=assets/city/citygml/LoD2_32_365_5713_1_NW.gml   # the festival scene's city
WORK=$(mktemp -d)
XVFB_PID=
cleanup() { [[ -n $XVFB_PID ]] && kill "$XVFB_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
export VK_DRIVER_FILES=/usr/share/vulkan/icd.d/lvp_icd.x86_64.json
export PLACES_IMPORT_CACHE=$WORK/cache/imports   # the asset cache is its sibling, $WORK/cache/assets-cache

"$PLACES" import "$CITY" -o "$WORK/city.places" --glb "$WORK/city.glb" >/dev/null 2>&1
"$PLACES" render "$SCENE" --size 64x36 -o "$WORK/warm-up.png" >/dev/null 2>&1  # fills the import cache

DISPLAY_NUMBER=$((100 + RANDOM % 800))
Xvfb ":$DISPLAY_NUMBER" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
sleep 1

ms() {  # "wall_ms cpu_ms" of a command or function (CPU = user + sys, children included), output discarded
  local start end cpu
  start=$(date +%s%N)
  cpu=$({ TIMEFORMAT='%3U %3S'; time "$@" >/dev/null 2>&1; } 2>&1)
  end=$(date +%s%N)
  echo "$(((end - start) / 1000000)) $(awk '{printf "%d", ($1 + $2) * 1000}' <<<"$cpu")"
}
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

read -r -a EXTRA <<<"${PLACES_RENDER_ARGS:-}"
places_run() { "$PLACES" render "$SCENE" --size 1280x720 "${EXTRA[@]}" -o "$WORK/places.png"; }
places_first_run() { rm -rf "$WORK/cache"; places_run; }
f3d_run() { DISPLAY=":$DISPLAY_NUMBER" f3d --output "$WORK/f3d.png" --resolution 1280,720 "$WORK/city.glb"; }

printf '%-6s %-34s %10s %10s\n' cache command "wall ms" "CPU ms"
for mode in warm cold; do
  if [[ $mode == cold ]]; then export MESA_SHADER_CACHE_DISABLE=true; else unset MESA_SHADER_CACHE_DISABLE; fi
  places_run >/dev/null 2>&1; f3d_run >/dev/null 2>&1  # one unmeasured run each (disk cache, page cache)
  p=(); f=(); q=(); pc=(); fc=(); qc=()
  for ((i = 0; i < RUNS; ++i)); do
    read -r w c <<<"$(ms places_run)"; p+=("$w"); pc+=("$c")
    read -r w c <<<"$(ms f3d_run)"; f+=("$w"); fc+=("$c")
    read -r w c <<<"$(ms places_first_run)"; q+=("$w"); qc+=("$c")
  done
  echo "  wall samples places ${p[*]} / f3d ${f[*]} / empty caches ${q[*]}" >&2
  echo "  CPU samples  places ${pc[*]} / f3d ${fc[*]} / empty caches ${qc[*]}" >&2
  echo "  load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  pm=$(printf '%s\n' "${p[@]}" | median); pcm=$(printf '%s\n' "${pc[@]}" | median)
  fm=$(printf '%s\n' "${f[@]}" | median); fcm=$(printf '%s\n' "${fc[@]}" | median)
  qm=$(printf '%s\n' "${q[@]}" | median); qcm=$(printf '%s\n' "${qc[@]}" | median)
  printf '%-6s %-34s %10s %10s\n' "$mode" "places render (festival scene)" "$pm" "$pcm"
  printf '%-6s %-34s %10s %10s\n' "$mode" "places render, empty caches" "$qm" "$qcm"
  printf '%-6s %-34s %10s %10s\n' "$mode" "f3d (city.glb only)" "$fm" "$fcm"
  awk -v p="$pm" -v f="$fm" -v pc="$pcm" -v fc="$fcm" -v m="$mode" \
    'BEGIN {printf "%-6s ratio places / f3d = %.2f wall, %.2f CPU\n", m, p / f, pc / fc}'
  awk -v p="$qm" -v f="$fm" -v pc="$qcm" -v fc="$fcm" -v m="$mode" \
    'BEGIN {printf "%-6s ratio places, empty caches / f3d = %.2f wall, %.2f CPU\n", m, p / f, pc / fc}'
done
test -s "$WORK/places.png" && test -s "$WORK/f3d.png"
