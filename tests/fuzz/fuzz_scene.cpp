// libFuzzer target for the scene loader: any bytes as a scene file must yield
// a Result with diagnostics (JSON paths), never a crash or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "places/scenes/scene_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view json(reinterpret_cast<const char*>(data), size);
    const auto result = places::scenes::parseScene(json, "fuzz-scene.json");
    if (!result.value && !result.diagnostics.hasErrors()) __builtin_trap();  // no scene must say why
    return 0;
}
