#!/usr/bin/env bash
# Regenerates the README's pictures (docs/images/*.png) from the bundled
# Gelsenkirchen data with the current renderer, headless on Mesa's lavapipe
# (the commands docs/images/README.md documents): the festival overview (the
# scene's default view: derived terrain under the city, the sun's shadows),
# the demo's crowd picture, and, where f3d is installed, the comparison with
# f3d (f3d, xvfb-run and ImageMagick's montage are optional: not in
# tools/setup.sh, as for tools/bench_render_vs_f3d.sh). Look at the new images before committing them.
#   tools/readme_images.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
PLACES="$BUILD_DIR/tools/places/places"
cmake --build "$BUILD_DIR" --target places places_import places_citygml >&2
export VK_DRIVER_FILES=/usr/share/vulkan/icd.d/lvp_icd.x86_64.json
export PLACES_IMPORT_CACHE=${PLACES_IMPORT_CACHE:-$BUILD_DIR/readme-images/import-cache}
OUT="$BUILD_DIR/readme-images"
mkdir -p "$OUT"

"$PLACES" render scenes/gelsenkirchen-festival.json --view overview --size 1280x720 --msaa 4 \
  -o docs/images/festival.png

rm -rf "$OUT/demo"
"$PLACES" demo --headless --out "$OUT/demo" --size 1280x720 > "$OUT/demo.json"
cp "$OUT/demo/festival-stage-name-tags.png" docs/images/festival-crowd.png

if command -v f3d > /dev/null && command -v xvfb-run > /dev/null && command -v montage > /dev/null; then
  G=assets/city/citygml
  "$PLACES" import -q "$G/LoD2_32_365_5713_1_NW.gml" "$G/LoD2_32_370_5713_1_NW.gml" \
    "$G/LoD2_32_370_5714_1_NW.gml" -o "$OUT/g3.places" --glb "$OUT/g3.glb"
  "$PLACES" render "$OUT/g3.places" --size 640x360 --msaa 4 -o "$OUT/ours.png"
  xvfb-run -a f3d --output "$OUT/f3d.png" --resolution 640,360 "$OUT/g3.glb"
  xvfb-run -a f3d --output "$OUT/f3d-34.png" --resolution 640,360 --camera-azimuth-angle 35 \
    --camera-elevation-angle 35 -q "$OUT/g3.glb"
  montage "$OUT/ours.png" "$OUT/f3d.png" "$OUT/f3d-34.png" -tile 3x1 -geometry +0+0 docs/images/legibility-vs-f3d.png
else
  echo "f3d (or xvfb-run, ImageMagick montage) not installed: docs/images/legibility-vs-f3d.png left as it is" >&2
fi
git status --short docs/images
