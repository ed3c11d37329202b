#pragma once
// The event sections of a version 2 scene file (events, booths, portals,
// signs; docs/formats/scene.md). Private to places_scenes: scene_file.cpp hands
// over its reader and its position and file rules so every path and position
// follows the same conventions as the rest of the file.
#include <functional>
#include <optional>
#include <string>

#include <glm/vec3.hpp>

#include "json_reader.hpp"
#include "places/scenes/scene.hpp"

namespace places::scenes::detail {

struct FairContext {
    JsonReader& reader;
    // A position in either form, resolved to the local frame (errors reported).
    std::function<std::optional<glm::dvec3>(const Json&, const std::string&)> position;
    // A file the scene names, confined and existing (errors reported).
    std::function<std::optional<std::string>(const Json&, const std::string&)> file;
};

// Reads the four sections of `root` into `scene`; zones must be read already
// (schedules, booths and portals name them).
void parseFairSections(const Json& root, const FairContext& context, Scene& scene);

}  // namespace places::scenes::detail
