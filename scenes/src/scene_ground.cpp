#include "places/scenes/scene_ground.hpp"

#include <algorithm>
#include <cstdio>

namespace places::scenes {

GroundPlacement placeOnGround(Scene& scene, const GroundHeightAt& ground, Diagnostics& diagnostics) {
    GroundPlacement out;
    for (const GroundAnchor& a : scene.groundAnchors) {
        std::optional<double> lowest;
        for (const glm::dvec2& xz : a.samples)
            if (const auto h = ground(xz.x, xz.y)) lowest = std::min(lowest.value_or(*h), *h);
        if (!lowest) {
            ++out.outside;
            SourceLocation where{scene.path};
            where.pointer = a.path;
            char text[160];
            std::snprintf(text, sizeof text,
                          "position outside the terrain of the city: kept at the origin's height %+.2f m", a.offset);
            diagnostics.warning(std::move(where), text);
            diagnostics.count("position outside the terrain");
        } else {
            ++out.placed;
        }
        const double y = lowest.value_or(0.0) + a.offset;
        switch (a.target) {
            case GroundAnchor::Target::Venue:
                if (a.index < scene.venues.size()) scene.venues[a.index].placement.position.y = y;
                break;
            case GroundAnchor::Target::Spawn:
                if (a.index < scene.spawns.size()) scene.spawns[a.index].position.y = y;
                break;
            case GroundAnchor::Target::Zone:
                if (a.index < scene.zones.size()) {
                    scene.zones[a.index].floor = y;
                    scene.zones[a.index].floorOnGround = false;
                }
                break;
        }
    }
    return out;
}

}  // namespace places::scenes
