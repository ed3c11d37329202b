#include "places/city/city_model.hpp"
#include "places/city/source_model.hpp"

#include <glm/common.hpp>

namespace places::city {

const char* toString(SurfaceType type) {
    switch (type) {
        case SurfaceType::Roof: return "roof";
        case SurfaceType::Wall: return "wall";
        case SurfaceType::Ground: return "ground";
        case SurfaceType::Closure: return "closure";
        case SurfaceType::Other: return "other";
        case SurfaceType::Terrain: return "terrain";
        case SurfaceType::Unknown: break;
    }
    return "unknown";
}

const char* toString(ObjectKind kind) {
    switch (kind) {
        case ObjectKind::Building: return "Building";
        case ObjectKind::BuildingPart: return "BuildingPart";
        case ObjectKind::Terrain: return "Terrain";
        case ObjectKind::Other: break;
    }
    return "Other";
}

void SurfaceCounts::add(SurfaceType type) {
    switch (type) {
        case SurfaceType::Roof: ++roof; break;
        case SurfaceType::Wall: ++wall; break;
        case SurfaceType::Ground: ++ground; break;
        case SurfaceType::Closure: ++closure; break;
        case SurfaceType::Other: ++other; break;
        case SurfaceType::Terrain: ++terrain; break;
        case SurfaceType::Unknown: ++unknown; break;
    }
}

SurfaceCounts& SurfaceCounts::operator+=(const SurfaceCounts& o) {
    roof += o.roof;
    wall += o.wall;
    ground += o.ground;
    closure += o.closure;
    other += o.other;
    unknown += o.unknown;
    terrain += o.terrain;
    return *this;
}

void Bounds::add(const glm::dvec3& p) {
    min = glm::min(min, p);
    max = glm::max(max, p);
}

void Bounds::add(const Bounds& b) {
    if (b.empty()) return;
    add(b.min);
    add(b.max);
}

}  // namespace places::city
