#!/usr/bin/env bash
# The main job on the bundled Gelsenkirchen data (the README's first command):
#   1. import the three Gelsenkirchen LoD2 tiles into a city pack (+ glTF export)
#      and show what the pack holds;
#   2. render the festival venue on the Schalke plaza headless (mono and the
#      stereo pair a headset gets) with draw-call and triangle statistics;
#   3. run a relay with signed tickets and 100 simulated visitors in the
#      festival venue for a few seconds, then stop it with SIGTERM.
# Everything it writes goes to out/.
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

echo "== 2. render the festival venue (headless, Vulkan; mono and stereo) ==" >&2
for view in overview stage crowd; do
  $PLACES render scenes/gelsenkirchen-festival.json --view "$view" --size 1280x720 --stats \
    -o "out/festival-$view.png"
done
$PLACES render scenes/gelsenkirchen-festival.json --view stage --size 1280x720 --stereo --stats \
  -o out/festival-stage-stereo.png

echo "== 3. a shared venue: relay with tickets, 100 visitors for 5 s ==" >&2
[[ -f out/festival.key ]] || $PLACES ticket --generate-key out/festival.key
TICKET=$($PLACES ticket --key out/festival.key --venue gelsenkirchen-festival --role visitor \
  --name "demo visitors" --ttl 600)
PORT=${PLACES_DEMO_PORT:-7777}
$PLACES relay --port "$PORT" --key out/festival.key.pub --stats-port $((PORT + 1)) &
RELAY=$!
trap 'kill $RELAY 2>/dev/null || true' EXIT
sleep 0.5
$PLACES bots --relay 127.0.0.1:"$PORT" --count 100 --venue gelsenkirchen-festival --duration 5 \
  --chat --ticket "$TICKET"
kill -TERM $RELAY
wait $RELAY
trap - EXIT
echo "demo: done; outputs in out/ (gelsenkirchen.places, gelsenkirchen.glb, festival-*.png)" >&2
echo "demo: open a window on the venue with: $PLACES view scenes/gelsenkirchen-festival.json" >&2
