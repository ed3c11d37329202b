#pragma once
// A scene file shipped in scenes/, loaded as `places` loads it: no error, no warning.
#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "places/scenes/scene_file.hpp"

namespace places::scenes::test {

inline Scene loadShipped(const std::string& file) {
    places::Result<Scene> r = loadScene(std::string(PLACES_SOURCE_DIR) + "/scenes/" + file);
    INFO(r.diagnostics.firstError());
    REQUIRE(r.ok());
    CHECK(r.diagnostics.warningCount() == 0);
    return std::move(*r.value);
}

}  // namespace places::scenes::test
