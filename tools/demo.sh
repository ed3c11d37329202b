#!/usr/bin/env bash
# The main job on the bundled Gelsenkirchen data (the README's first command):
#   1. setup (Debian packages, build);
#   2. import the three Gelsenkirchen LoD2 tiles into a city pack (+ glTF
#      export) and show what the pack holds;
#   3. `places demo`: a relay in-process with signed tickets, 100 simulated
#      visitors at the festival stage and 40 in the career-fair hall, seen by a
#      spectator: a window when a display exists, else three pictures with the
#      crowd in out/demo/ and a summary (visitors per venue and instance, relay
#      tick p99, pose latency p99).
# Extra arguments go to `places demo` (e.g. --headless, --out DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh build
PLACES=build/tools/places/places
mkdir -p out

echo "== 1. import the Gelsenkirchen twin (3 LoD2 tiles, EPSG:25832) ==" >&2
$PLACES import assets/city/citygml/LoD2_32_365_5713_1_NW.gml \
  assets/city/citygml/LoD2_32_370_5713_1_NW.gml assets/city/citygml/LoD2_32_370_5714_1_NW.gml \
  -o out/gelsenkirchen.places --glb out/gelsenkirchen.glb
$PLACES info out/gelsenkirchen.places

echo "== 2. people in the venues: relay, 140 visitors, a spectator ==" >&2
$PLACES demo --out out/demo "$@" | tee out/demo-summary.json
echo "demo: done; outputs in out/ (gelsenkirchen.places, gelsenkirchen.glb, demo/*.png, demo-summary.json)" >&2
echo "demo: join the festival yourself: $PLACES view scenes/gelsenkirchen-festival.json --relay HOST:PORT --ticket FILE" >&2
