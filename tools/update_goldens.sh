#!/usr/bin/env bash
# Regenerates the render golden images (tests/render/golden/*.png) on the
# pinned lavapipe driver: the synthetic-city and avatar/name-tag goldens
# (render_gpu_test, every test case tagged [golden]) and the
# shipped scenes through `places render` (render_scene_test), the headset's
# eyes through `places xr --simulated` (xr_eyes_test), the panel's fair tabs
# (places_ui_gpu_tests). Review the new
# images (git diff shows them changed; look at them) before committing them.
#   tools/update_goldens.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
cmake --build "$BUILD_DIR" --target render_gpu_test render_scene_test places_runtime_gpu_tests places xr_eyes_test \
  places_ui_gpu_tests >&2
export VK_DRIVER_FILES=/usr/share/vulkan/icd.d/lvp_icd.x86_64.json PLACES_UPDATE_GOLDENS=1
"$BUILD_DIR/tests/render/render_gpu_test" "[golden]"
"$BUILD_DIR/tests/render/render_scene_test" "[golden]"
PLACES_IMPORT_CACHE=${PLACES_IMPORT_CACHE:-$BUILD_DIR/runtime-test-import-cache} \
  "$BUILD_DIR/tests/runtime/places_runtime_gpu_tests" "[golden]"
# The headset's eyes and their depth (xr-eyes*.png): `places xr` on the simulated runtime.
"$BUILD_DIR/tests/xr/xr_eyes_test" "[golden]"
# The panel's fair tabs (fair-panel-*.png) at a fixed clock.
"$BUILD_DIR/tests/ui/places_ui_gpu_tests" "[golden]"
git status --short tests/render/golden
