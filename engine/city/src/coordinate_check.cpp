#include "coordinate_check.hpp"

#include <cmath>
#include <string>

namespace places::city::detail {

namespace {

constexpr const char* kNonFinite = "skipped: polygon with a NaN or infinite coordinate";
constexpr const char* kNotTransformed = "skipped: polygon whose coordinates could not be transformed";
constexpr const char* kOutsideArea = "skipped: polygon with a coordinate outside the CRS's area of use";
constexpr const char* kOutsideLocal = "skipped: polygon with a local coordinate beyond 10,000 km";
constexpr const char* kHeight = "skipped: polygon with a height outside -12,000..10,000 m";

bool finite(const glm::dvec3& v) { return std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z); }

// The reason `polygon` must go, or null.
const char* defect(const SourcePolygon& polygon, CoordinateStage stage, const std::optional<ProjectedArea>& area,
                   bool local) {
    for (const glm::dvec3& v : polygon.vertices) {
        if (!finite(v)) return stage == CoordinateStage::AsRead ? kNonFinite : kNotTransformed;
        if (stage == CoordinateStage::Transformed) continue;
        if (local && (std::abs(v.x) > kMaxLocalMetres || std::abs(v.y) > kMaxLocalMetres)) return kOutsideLocal;
        if (!local && area && !area->contains(v.x, v.y)) return kOutsideArea;
        if (v.z < kMinHeight || v.z > kMaxHeight) return kHeight;
    }
    return nullptr;
}

}  // namespace

void dropBadCoordinates(SourceModel& source, CoordinateStage stage, const std::optional<ProjectedArea>& area,
                        bool local, bool listSkipped, Diagnostics& diagnostics) {
    {
        for (SourceObject& object : source.objects) {
            std::size_t dropped = 0;
            const char* first = nullptr;
            std::erase_if(object.polygons, [&](const SourcePolygon& polygon) {
                const char* reason = defect(polygon, stage, area, local);
                if (!reason) return false;
                diagnostics.count(reason);
                if (!first) first = reason;
                ++dropped;
                return true;
            });
            if (dropped == 0) continue;
            diagnostics.count("objects with skipped coordinates");
            if (listSkipped) {
                SourceLocation where{source.path};
                where.pointer = object.id;
                // Every reason reads "skipped: polygon <why>".
                diagnostics.warning(std::move(where), object.type + " " + object.id + ": " +
                                                          std::to_string(dropped) + " polygon(s) skipped (" +
                                                          std::string(first).substr(17) + ")");
            }
        }
    }
}

}  // namespace places::city::detail
