#include "places/visibility/level_selection.hpp"

#include <algorithm>
#include <limits>

#include <glm/geometric.hpp>

#include "places/visibility/frustum.hpp"

namespace places::visibility {

LevelChoice chooseLevel(std::span<const float> levelErrors, double errorScale, double distance,
                        const SelectionOptions& options) {
    if (levelErrors.empty()) return {};
    const double factor = screenSpaceErrorFactor(options);
    for (std::size_t i = levelErrors.size(); i-- > 1;) {
        const double sse = screenSpaceError(double(levelErrors[i]) * errorScale, distance, factor);
        if (sse <= options.maxScreenSpaceError) return {static_cast<std::uint32_t>(i), sse};
    }
    return {0, screenSpaceError(double(levelErrors[0]) * errorScale, distance, factor)};
}

double nearestEyeDistance(std::span<const SelectionView> views, const city::Bounds& bounds) {
    double d = std::numeric_limits<double>::infinity();
    for (const SelectionView& view : views)
        d = std::min(d, std::max(0.0, distanceToBounds(view.eye, bounds) - view.eyeRadius));
    return d;
}

double placementScale(const glm::mat4& m) {
    const float longest = std::max({glm::length(glm::vec3(m[0])), glm::length(glm::vec3(m[1])),
                                    glm::length(glm::vec3(m[2]))});
    return double(longest);
}

}  // namespace places::visibility
