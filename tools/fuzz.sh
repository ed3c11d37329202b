#!/usr/bin/env bash
# Runs every libFuzzer target found in BUILD_DIR/fuzz for SECONDS each, seeded
# from tests/fuzz/corpus/<target>/ (and assets where the target says so).
#   tools/fuzz.sh BUILD_DIR SECONDS   (FUZZ_JOBS targets at a time, default: cores)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build-asan}
SECONDS_PER=${2:-30}
shopt -s nullglob
targets=("$BUILD_DIR"/fuzz/fuzz_*)
if ((${#targets[@]} == 0)); then
  echo "fuzz: no targets in $BUILD_DIR/fuzz" >&2
  exit 0
fi
# One target: its seeds, its extra flags, a bounded run; prints its stats.
fuzz_one() {
  local t=$1 name seeds work extra asan
  name=$(basename "$t")
  seeds=tests/fuzz/corpus/$name
  work=$(mktemp -d)
  mkdir -p "$seeds"
  # Extra libFuzzer flags of one target (tests/fuzz/<target>.flags, one line).
  extra=()
  if [[ -f tests/fuzz/$name.flags ]]; then read -r -a extra < "tests/fuzz/$name.flags"; fi
  echo "fuzz: $name for ${SECONDS_PER}s ${extra[*]}" >&2
  # A target whose third-party code leaks on bad input (libcitygml) turns leak
  # checking off for itself: libFuzzer's per-input check (-detect_leaks=0) and
  # LeakSanitizer's at exit (ASAN_OPTIONS; a later option wins).
  asan=${ASAN_OPTIONS:-}
  if [[ " ${extra[*]} " == *" -detect_leaks=0 "* ]]; then asan="$asan:detect_leaks=0"; fi
  # Crash inputs go next to the build (not into the source tree's root, where
  # libFuzzer would put them by default and a commit could pick them up).
  mkdir -p "$BUILD_DIR/fuzz-artifacts"
  if ! ASAN_OPTIONS=$asan "$t" -max_total_time="$SECONDS_PER" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$BUILD_DIR/fuzz-artifacts/$name-" \
       "${extra[@]}" "$work" "$seeds" 2>"$work.log"; then
    tail -n 60 "$work.log" >&2; echo "fuzz: $name FAILED" >&2; rm -rf "$work"; return 1
  fi
  grep -E "stat::number_of_executed_units" "$work.log" | sed "s/^/fuzz: $name /" >&2 || true
  rm -rf "$work" "$work.log"
}

# Targets run side by side, one per core (each is single-threaded), so the
# fuzzing step takes SECONDS x targets / cores rather than SECONDS x targets.
JOBS=${FUZZ_JOBS:-$(nproc)}
failed=0
running=0
for t in "${targets[@]}"; do
  if ((running >= JOBS)); then
    wait -n || failed=1
    running=$((running - 1))
  fi
  fuzz_one "$t" &
  running=$((running + 1))
done
while ((running > 0)); do
  wait -n || failed=1
  running=$((running - 1))
done
if ((failed)); then echo "fuzz: at least one target FAILED" >&2; exit 1; fi
