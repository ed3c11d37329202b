#pragma once
// Imports the venue assets of a scene, each distinct file once. Diagnostics of
// the import are reported at the first venue naming the file
// ("venues[3].asset"): an unreadable asset is an error, a missing texture a
// warning (counted as "missing texture"; the asset keeps a fallback image).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "places/assets/asset_model.hpp"
#include "places/assets/import.hpp"
#include "places/core/diagnostic.hpp"
#include "places/scenes/scene.hpp"

namespace places::scenes {

struct SceneAssets {
    std::vector<assets::AssetModel> models;  // one per distinct asset file
    std::vector<std::int32_t> venueModel;    // per Scene::venues entry: index into models, -1 if unreadable
};

Result<SceneAssets> loadSceneAssets(const Scene& scene, const assets::ImportOptions& options = {});

// How one asset file becomes a model (assets::importAsset, or a caching
// wrapper around it). Called concurrently from several threads, each call
// with a different path.
using AssetImporter = std::function<Result<assets::AssetModel>(const std::string& path)>;

// The same with `importer`, the distinct files imported on up to `threads`
// threads (0 = one per hardware thread). Models, their order and the
// diagnostics are those of a sequential import, whatever the thread count.
Result<SceneAssets> loadSceneAssets(const Scene& scene, const AssetImporter& importer, unsigned threads = 0);

}  // namespace places::scenes
