#!/usr/bin/env bash
# Prepares a Debian 12 machine for Places and builds it.
#   tools/setup.sh [BUILD_DIR]      (default: build, a Release build)
# Idempotent: packages already installed are not touched, so a second run only
# (re)builds. Installs Debian packages through apt only; the build downloads nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}

# Everything the build, the tests and the demo need, one line per purpose.
PACKAGES=(
  cmake ninja-build g++ pkg-config git                     # toolchain
  clang libclang-rt-14-dev                                 # sanitizers, libFuzzer
  catch2                                                   # tests
  libglm-dev nlohmann-json3-dev libcli11-dev libspdlog-dev # basics
  libcitygml-dev libglu1-mesa-dev libproj-dev proj-data    # city import
  libxerces-c-dev   # catch the SAXParseException libcitygml lets escape (line/column of bad XML)
  libmeshoptimizer-dev libzstd-dev libstb-dev libtinygltf-dev
  zlib1g-dev                                               # CRC-32 of the city pack (pack branch)
  libassimp-dev                                            # venue assets; reads exported GLBs back in tests
  libvulkan-dev mesa-vulkan-drivers vulkan-tools vulkan-validationlayers glslc spirv-tools
  libglfw3-dev xvfb xauth imagemagick                      # windows, screenshots
  libopenxr-dev libopenxr-loader1 openxr-layer-corevalidation libopenxr-utils
  libenet-dev libsodium-dev libcpp-httplib-dev             # relay
  systemd           # systemd-analyze checks the relay's service unit (tools/systemd)
  libsimdjson-dev                                          # fast CityJSON parsing
  fonts-dejavu-core   # source of assets/fonts/DejaVuSans.ttf (world text; the copy in assets/ is what the build uses)
  libimgui-dev                                             # the visitor's panel (Dear ImGui)
  libopenal-dev     # spatial voice: OpenAL Soft (HRTF playback, microphone capture, the loopback device tests mix into)
  libopus-dev       # spatial voice: the Opus codec (20 ms frames, in-band FEC, concealment; the voice bots too)
  libspeexdsp-dev   # spatial voice: speexdsp's adaptive jitter buffer, one per remote speaker
)

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
fi
cmake --build "$BUILD_DIR" >&2
