#include "places/assets/asset_model.hpp"

#include <glm/common.hpp>

namespace places::assets {

void Bounds::add(const glm::vec3& p) {
    min = glm::min(min, p);
    max = glm::max(max, p);
}

void Bounds::add(const Bounds& b) {
    if (b.empty()) return;
    add(b.min);
    add(b.max);
}

Bounds transformBounds(const Bounds& b, const glm::mat4& m) {
    Bounds out;
    if (b.empty()) return out;
    for (int i = 0; i < 8; ++i) {
        const glm::vec3 corner{(i & 1) ? b.max.x : b.min.x, (i & 2) ? b.max.y : b.min.y,
                               (i & 4) ? b.max.z : b.min.z};
        out.add(glm::vec3(m * glm::vec4(corner, 1.0f)));
    }
    return out;
}

const char* toString(AlphaMode mode) {
    switch (mode) {
        case AlphaMode::Opaque: return "OPAQUE";
        case AlphaMode::Mask: return "MASK";
        case AlphaMode::Blend: return "BLEND";
    }
    return "?";
}

std::uint64_t AssetModel::uniqueTriangleCount() const {
    std::uint64_t n = 0;
    for (const Mesh& m : meshes) n += m.triangleCount();
    return n;
}

std::uint64_t AssetModel::instancedTriangleCount() const {
    std::uint64_t n = 0;
    for (const MeshInstance& i : instances) n += meshes[i.mesh].triangleCount();
    return n;
}

}  // namespace places::assets
