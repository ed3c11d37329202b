#!/usr/bin/env bash
# Reproduces every number in docs/performance.md, in one run (Release build).
#   tools/bench.sh [import|cityjson|pack|render|relay ...]   (default: all)
# Benchmarks report medians and ratios against a baseline measured in the same
# run; nothing here is a pass/fail test. Pin the driver so every machine
# measures the same one (set VK_DRIVER_FILES yourself to time a real GPU).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh build
PLACES=build/tools/places/places
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/share/vulkan/icd.d/lvp_icd.x86_64.json}
parts=("$@")
((${#parts[@]})) || parts=(import cityjson pack render relay)
GML=(assets/city/citygml/LoD2_32_365_5713_1_NW.gml assets/city/citygml/LoD2_32_370_5713_1_NW.gml
     assets/city/citygml/LoD2_32_370_5714_1_NW.gml)
mkdir -p out
echo "machine: $(nproc) cores, $(uptime | sed 's/.*load average/load average/')"

for part in "${parts[@]}"; do
  case $part in
    import)
      echo "== import: bare libcitygml vs places import vs pack load (3 Gelsenkirchen tiles) =="
      build/tools/bench/places_bench_import --runs 21 "${GML[@]}" ;;
    cityjson)
      echo "== CityJSON reader on Delfshaven (one core) =="
      build/tools/bench/places_bench_cityjson assets/city/cityjson/3-20-DELFSHAVEN.city.json 21 ;;
    pack)
      echo "== pack load, warm and cold =="
      $PLACES import -q "${GML[@]}" -o out/bench.places
      $PLACES bench pack out/bench.places --runs 31
      $PLACES bench pack out/bench.places --runs 31 --cold
      echo "== where Delfshaven's pack bytes go (pack 3.0) =="
      build/tools/bench/places_bench_pack_bytes assets/city/cityjson/3-20-DELFSHAVEN.city.json ;;
    render)
      echo "== renderer =="
      scene=scenes/gelsenkirchen-festival.json
      $PLACES bench render "$scene" --frames 30
      tools/bench_render_vs_f3d.sh build 7 ;;
    relay)
      echo "== relay: 100..1000 visitors, interest management vs naive =="
      $PLACES bench relay --steps 100,250,500,1000 --seconds 5 --priority ;;
    *) echo "bench: unknown part '$part'" >&2; exit 2 ;;
  esac
done
echo "machine after: $(uptime | sed 's/.*load average/load average/')"
