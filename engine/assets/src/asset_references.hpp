#pragma once
// Files an asset names inside itself (glTF buffer and image URIs, OBJ mtllib,
// MTL texture maps) resolve only inside the asset's own folder (subfolders
// included). A venue folder comes from anywhere: a buffer URI of
// "../../../../etc/passwd" or "file:///etc/shadow" must not pull a file the
// user never named into the asset cache, and "http://..." must not make the
// renderer fetch anything. Checked before Assimp opens a single referenced
// file (Assimp itself would follow any path), so a refusal is an error with
// the JSON path or the line that names the file.
#include <filesystem>
#include <optional>
#include <string>

#include "places/core/diagnostic.hpp"

namespace places::assets::detail {

// A reference as written in a file, made a relative path: '\' -> '/', percent
// escapes decoded, leading "./" removed (OBJ/MTL from Windows tools use '\';
// glTF URIs may be percent-encoded).
std::string normaliseReference(std::string text);

// The file `reference` names relative to `folder`, or nullopt with `why` set
// when it is a URL, absolute, or leaves the folder (by "..", or through a
// symlink that points outside). data: URIs are not files: the caller skips them.
std::optional<std::filesystem::path> confinedPath(const std::filesystem::path& folder, const std::string& reference,
                                                  std::string& why);

// Checks the references of the asset at `path` (.gltf, .glb, .obj and the
// .mtl files it names; other formats have no references we can read before
// Assimp). Reports each refusal as an error and returns false if any.
bool checkAssetReferences(const std::string& path, Diagnostics& diagnostics);

}  // namespace places::assets::detail
