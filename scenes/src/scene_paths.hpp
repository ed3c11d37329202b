#pragma once
// Where a file named inside a scene file may be (issue #12): a venue folder
// comes from anywhere, and a scene naming "/etc/passwd", "../../../home/x" or
// a symbolic link pointing out of its folder must not make `places` read it.
//
// The rule (docs/formats/scene.md, "Paths"): a city input or venue asset
// resolves inside the scene file's own folder (subfolders are fine) or inside
// the `assets` folder beside that folder (`<scene folder>/../assets`, the
// layout the repository and an install ship: scenes/ next to assets/, so the
// shipped scenes name "../assets/venues/..."). Absolute paths are refused;
// `..` may only lead into one of the two roots; symbolic links are followed
// and must end inside one of them too.
#include <filesystem>
#include <string>

namespace places::scenes::detail {

struct ScenePath {
    std::string path;   // the file, for opening (lexically normal); empty on error
    std::string error;  // why it is refused or missing; empty when fine
};

// Resolves `written` (as the scene file has it) against `sceneFolder`, the
// folder of the scene file.
ScenePath resolveScenePath(const std::string& written, const std::filesystem::path& sceneFolder);

}  // namespace places::scenes::detail
