#!/usr/bin/env bash
# The main job on the bundled Gelsenkirchen data (what the README's first command runs).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh build
mkdir -p out
echo "== importing the three Gelsenkirchen LoD2 tiles ==" >&2
build/tools/places/places import assets/city/citygml/LoD2_32_365_5713_1_NW.gml \
  assets/city/citygml/LoD2_32_370_5713_1_NW.gml assets/city/citygml/LoD2_32_370_5714_1_NW.gml \
  -o out/gelsenkirchen.places --glb out/gelsenkirchen.glb
build/tools/places/places info out/gelsenkirchen.places
