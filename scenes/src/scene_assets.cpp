#include "places/scenes/scene_assets.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

namespace places::scenes {

Result<SceneAssets> loadSceneAssets(const Scene& scene, const assets::ImportOptions& options) {
    return loadSceneAssets(scene, [&options](const std::string& path) { return assets::importAsset(path, options); }, 1);
}

Result<SceneAssets> loadSceneAssets(const Scene& scene, const AssetImporter& importer, unsigned threads) {
    // Distinct files in order of first mention, and which venue first named each.
    std::map<std::string, std::size_t> distinctIndex;
    std::vector<std::string> paths;
    std::vector<std::size_t> firstVenue;
    std::vector<std::size_t> venueFile;
    for (std::size_t i = 0; i < scene.venues.size(); ++i) {
        auto [it, inserted] = distinctIndex.emplace(scene.venues[i].asset, paths.size());
        if (inserted) {
            paths.push_back(scene.venues[i].asset);
            firstVenue.push_back(i);
        }
        venueFile.push_back(it->second);
    }

    // Work-stealing over the distinct files: one slot per file, so no locks.
    std::vector<Result<assets::AssetModel>> imported(paths.size());
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t f = next++; f < paths.size(); f = next++) imported[f] = importer(paths[f]);
    };
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::jthread> workers;
    for (std::size_t t = 1; t < std::min<std::size_t>(threads, paths.size()); ++t) workers.emplace_back(work);
    work();
    workers.clear();  // joins

    Result<SceneAssets> result;
    result.value.emplace();
    SceneAssets& out = *result.value;
    std::vector<std::int32_t> fileModel(paths.size(), -1);
    for (std::size_t f = 0; f < paths.size(); ++f) {
        Result<assets::AssetModel>& model = imported[f];
        // Re-anchor the asset's messages at the scene entry that named it.
        SourceLocation where{scene.path};
        const Venue& first = scene.venues[firstVenue[f]];
        where.pointer = first.entry.empty() ? "venues[" + std::to_string(firstVenue[f]) + "].asset" : first.entry;
        for (const Diagnostic& d : model.diagnostics.items()) {
            if (d.severity == Severity::Error) {
                result.diagnostics.error(where, d.message + " (" + d.where.format() + ")");
            } else {
                result.diagnostics.warning(where, d.message + " (" + d.where.format() + ")");
            }
        }
        for (const auto& [reason, n] : model.diagnostics.counters()) result.diagnostics.count(reason, n);
        if (model.value && !model.diagnostics.hasErrors()) {
            fileModel[f] = static_cast<std::int32_t>(out.models.size());
            out.models.push_back(std::move(*model.value));
        }
    }
    for (std::size_t f : venueFile) out.venueModel.push_back(fileModel[f]);
    return result;
}

}  // namespace places::scenes
