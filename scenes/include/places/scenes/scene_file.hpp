#pragma once
// Reads a scene file (JSON, docs/formats/scene.md). Never throws on bad input:
// every error and warning names the JSON path ("venues[2].asset") and what is
// wrong, e.g. "scene.json (venues[2].asset): error: file not found: stage.glb".
// Errors: malformed JSON, wrong types, missing required fields, out-of-range
// values, files that do not exist, duplicate names. Warnings: unknown fields.
// Relative paths resolve against the scene file's folder, and files the scene
// names must lie inside that folder or the `assets` folder beside it (absolute
// paths, `..` and symbolic links leading elsewhere are errors;
// scenes/src/scene_paths.hpp).
#include <string>
#include <string_view>
#include <vector>

#include "places/core/diagnostic.hpp"
#include "places/scenes/scene.hpp"

namespace places::scenes {

Result<Scene> loadScene(const std::string& path);
// Same from memory; `path` names the file in messages and anchors relative paths.
Result<Scene> parseScene(std::string_view json, const std::string& path);

// The scenes a relay serves together: every portal must lead to one of their
// venues (an error at the portal's `portals[i].venue` otherwise).
Diagnostics checkPortalTargets(const std::vector<Scene>& scenes);

}  // namespace places::scenes
