#include "places/scenes/scene_assets.hpp"

#include <map>

namespace places::scenes {

Result<SceneAssets> loadSceneAssets(const Scene& scene, const assets::ImportOptions& options) {
    Result<SceneAssets> result;
    result.value.emplace();
    SceneAssets& out = *result.value;
    std::map<std::string, std::int32_t> byPath;
    for (std::size_t i = 0; i < scene.venues.size(); ++i) {
        const std::string& path = scene.venues[i].asset;
        auto [it, inserted] = byPath.emplace(path, -1);
        if (inserted) {
            Result<assets::AssetModel> model = assets::importAsset(path, options);
            // Re-anchor the asset's messages at the scene entry that named it.
            SourceLocation where{scene.path};
            where.pointer = "venues[" + std::to_string(i) + "].asset";
            for (const Diagnostic& d : model.diagnostics.items()) {
                if (d.severity == Severity::Error) {
                    result.diagnostics.error(where, d.message + " (" + d.where.format() + ")");
                } else {
                    result.diagnostics.warning(where, d.message + " (" + d.where.format() + ")");
                }
            }
            for (const auto& [reason, n] : model.diagnostics.counters()) result.diagnostics.count(reason, n);
            if (model.value && !model.diagnostics.hasErrors()) {
                it->second = static_cast<std::int32_t>(out.models.size());
                out.models.push_back(std::move(*model.value));
            }
        }
        out.venueModel.push_back(it->second);
    }
    return result;
}

}  // namespace places::scenes
