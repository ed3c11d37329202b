#include "places/render/dynamic_batches.hpp"

#include <algorithm>
#include <limits>

#include "places/visibility/frustum.hpp"

namespace places::render {

namespace {

city::Bounds transformedBounds(const Model& model, const glm::mat4& m) {
    glm::dvec3 lo(std::numeric_limits<double>::max()), hi(std::numeric_limits<double>::lowest());
    for (int corner = 0; corner < 8; ++corner) {
        const glm::vec3 p((corner & 1) ? model.boundsMax.x : model.boundsMin.x,
                          (corner & 2) ? model.boundsMax.y : model.boundsMin.y,
                          (corner & 4) ? model.boundsMax.z : model.boundsMin.z);
        const glm::dvec3 w(glm::vec3(m * glm::vec4(p, 1.0f)));
        lo = glm::min(lo, w);
        hi = glm::max(hi, w);
    }
    return {lo, hi};
}

}  // namespace

DynamicBatchStats DynamicBatcher::build(std::span<const Model> models, std::span<const Submesh> submeshes,
                                        std::uint32_t materialCount, std::span<const DynamicInstance> instances,
                                        std::span<const visibility::SelectionView> views,
                                        const visibility::SelectionOptions& lod) {
    DynamicBatchStats stats;
    keyed_.clear();
    data_.clear();
    buckets_.resize(materialCount);
    for (auto& bucket : buckets_) bucket.clear();

    for (std::uint32_t i = 0; i < instances.size(); ++i) {
        const DynamicInstance& d = instances[i];
        if (d.model >= models.size() || !(d.colour.a > 0.0f)) {
            ++stats.rejected;
            continue;
        }
        const Model& model = models[d.model];
        const city::Bounds b = transformedBounds(model, d.transform);
        bool visible = false;
        for (const visibility::SelectionView& v : views) visible = visible || visibility::intersects(v.frustum, b);
        if (!visible) {
            ++stats.culled;
            continue;
        }
        std::uint32_t level = 0;
        if (d.level != kChooseLevel) {
            level = std::min<std::uint32_t>(d.level, static_cast<std::uint32_t>(model.levels.size() - 1));
        } else if (model.levels.size() > 1) {
            level = visibility::chooseLevel(model.levelErrors, visibility::placementScale(d.transform),
                                            visibility::nearestEyeDistance(views, b), lod)
                        .level;
        }
        keyed_.push_back({std::uint64_t{d.model} << 32 | level, i});
    }
    // Groups of one model and level, in input order inside a group (stable: a
    // frame's draw order does not depend on the sort's whims).
    std::stable_sort(keyed_.begin(), keyed_.end(), [](const Keyed& a, const Keyed& b) { return a.key < b.key; });
    data_.reserve(keyed_.size());
    for (std::size_t first = 0; first < keyed_.size();) {
        std::size_t last = first;
        while (last < keyed_.size() && keyed_[last].key == keyed_[first].key) ++last;
        const auto base = static_cast<std::uint32_t>(data_.size());
        for (std::size_t k = first; k < last; ++k) {
            const DynamicInstance& d = instances[keyed_[k].index];
            data_.push_back({d.transform, d.colour});
        }
        const auto count = static_cast<std::uint32_t>(last - first);
        const Model& model = models[keyed_[first].key >> 32];
        const auto level = static_cast<std::uint32_t>(keyed_[first].key & 0xffffffffu);
        for (std::uint32_t s : model.levels[level]) {
            const Submesh& sub = submeshes[s];
            if (sub.indexCount == 0 || sub.material >= materialCount) continue;
            buckets_[sub.material].push_back({sub.indexCount, count, sub.firstIndex, sub.vertexOffset, base});
            ++stats.commands;
            stats.triangles += std::uint64_t{sub.triangles()} * count;
        }
        stats.drawn += count;
        first = last;
    }
    return stats;
}

}  // namespace places::render
