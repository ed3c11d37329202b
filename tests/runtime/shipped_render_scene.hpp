#pragma once
// A shipped scene (scenes/NAME) loaded as the front ends load it, through the
// import cache the GPU tests share in the build tree (imported once per tree).
#include <cstdlib>
#include <filesystem>
#include <string>

#include "places/runtime/render_scene.hpp"

namespace places::runtime::test {

inline Result<RenderScene> loadShippedRenderScene(const std::string& name) {
    const std::filesystem::path cache = std::filesystem::path(PLACES_BINARY_DIR) / "runtime-test-import-cache";
    ::setenv("PLACES_IMPORT_CACHE", cache.c_str(), 1);
    Result<RenderScene> loaded = loadRenderScene(std::string(PLACES_SOURCE_DIR) + "/scenes/" + name);
    ::unsetenv("PLACES_IMPORT_CACHE");
    return loaded;
}

// The shipped venues, for tests that hold for every one of them.
inline constexpr const char* kShippedScenes[] = {"gelsenkirchen-festival.json", "career-fair.json"};

}  // namespace places::runtime::test
