#!/usr/bin/env bash
# Medians of `places render --timings` per stage, for one or more places
# binaries run alternately (so that load from other work hits all alike):
#   tools/render_timings.sh RUNS BINARY [BINARY...] [-- extra render options]
# e.g. tools/render_timings.sh 9 /tmp/old/places build/tools/places/places
# Renders scenes/gelsenkirchen-festival.json at 1280x720 (SCENE, SIZE override).
# Each binary gets its own import + asset cache (their formats may differ),
# filled by one warm-up run first, so the numbers are those of a second run.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=$1
shift
BINARIES=()
while (($#)) && [[ $1 != -- ]]; do BINARIES+=("$1"); shift; done
[[ ${1:-} == -- ]] && shift
EXTRA=("$@")
SCENE=${SCENE:-scenes/gelsenkirchen-festival.json}
SIZE=${SIZE:-1280x720}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export VK_DRIVER_FILES=/usr/share/vulkan/icd.d/lvp_icd.x86_64.json

run() {  # binary index, binary, output file for the timings
  PLACES_IMPORT_CACHE=$WORK/cache-$1/imports "$2" render "$SCENE" --size "$SIZE" -o "$WORK/frame.png" \
    --timings "${EXTRA[@]}" 2>"$3" >/dev/null
}
for i in "${!BINARIES[@]}"; do run "$i" "${BINARIES[$i]}" /dev/null; done  # fill the caches
for ((r = 0; r < RUNS; ++r)); do
  for i in "${!BINARIES[@]}"; do run "$i" "${BINARIES[$i]}" "$WORK/timings-$i-$r.txt"; done
done
# Stage lines: "start ms  cpu ms  thread  name" (cpu "-" where not known; the
# total line has no duration, its second column is the process's CPU time).
for i in "${!BINARIES[@]}"; do
  echo "== ${BINARIES[$i]} ${EXTRA[*]}"
  cat "$WORK"/timings-"$i"-*.txt | awk '
    /total, process start/ { print "total, process start to PNG\t" $1; print "process CPU (user + sys)\t" $2; next }
    NF >= 5 && $1 ~ /^[0-9.]+$/ && $2 ~ /^[0-9.]+$/ && $4 ~ /^[0-9]+$/ {
      name = $5; for (k = 6; k <= NF; ++k) name = name " " $k
      sub(/asset \((cached|imported)\) /, "asset ", name)
      print name "\t" $2
      if ($3 != "-") print name ", thread CPU\t" $3 }' >"$WORK/stages-$i.tsv"
  cut -f1 "$WORK/stages-$i.tsv" | awk '!seen[$0]++' | while IFS= read -r stage; do
    awk -F'\t' -v s="$stage" '$1 == s { print $2 }' "$WORK/stages-$i.tsv" | sort -n |
      awk -v s="$stage" '{ a[++n] = $1 } END { m = n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        printf "%8.1f ms  %s (%d runs)\n", m, s, n }'
  done
done
