#pragma once
// Coordinate transformation between two horizontal CRSs with PROJ, fully
// offline (network grids disabled). Used by assembleCity to bring every input
// into the output CRS before rebasing; public so tests and tools can check
// transforms against published coordinate pairs.
//
// Axis order: always easting/longitude first, northing/latitude second
// (PROJ's "visualization" order), whatever the CRS's official axis order,
// because that is how CityGML and CityJSON producers write coordinates.
// Heights pass through unchanged: inputs carry heights in their vertical CRS
// and Places does not shift between height systems (no geoid grids offline).
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include <glm/vec3.hpp>

#include "places/core/diagnostic.hpp"

namespace places::city {

class CrsTransform {
public:
    // `from`/`to` are PROJ-understood CRS names, normally "EPSG:n" as produced by
    // normaliseCrs(). Compound CRSs are reduced to their horizontal part. Fails
    // with an error naming the CRS when PROJ does not know it.
    static Result<CrsTransform> create(const std::string& from, const std::string& to);

    CrsTransform(CrsTransform&&) noexcept;
    CrsTransform& operator=(CrsTransform&&) noexcept;
    CrsTransform(const CrsTransform&) = delete;
    CrsTransform& operator=(const CrsTransform&) = delete;
    ~CrsTransform();

    // Transforms x/y of every point in place; z is left as it is. Points PROJ
    // cannot transform (outside the CRS's domain) become NaN; returns their count.
    // Not thread-safe: one CrsTransform per thread.
    std::size_t transform(std::span<glm::dvec3> points) const;

private:
    struct State;
    explicit CrsTransform(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

// What the local frame needs to know about a CRS (via PROJ's database).
struct CrsKind {
    bool known = false;      // PROJ understands the name
    bool projectedMetres = false;  // horizontal part is a projected CRS in metres
    std::string name;        // PROJ's name, e.g. "ETRS89 / UTM zone 32N"
};
CrsKind describeCrs(const std::string& crs);

// Where coordinates in a projected CRS may lie: PROJ's area of use of the CRS
// (proj_get_area_of_use, longitude/latitude degrees) widened by
// `marginDegrees` on every side and clamped to the globe, transformed into the
// CRS's own easting/northing (proj_trans_bounds, edges densified). Nullopt
// when PROJ knows no area for it.
struct ProjectedArea {
    double minEasting = 0.0, minNorthing = 0.0, maxEasting = 0.0, maxNorthing = 0.0;
    bool contains(double easting, double northing) const {
        return easting >= minEasting && easting <= maxEasting && northing >= minNorthing && northing <= maxNorthing;
    }
};
std::optional<ProjectedArea> projectedAreaOfUse(const std::string& crs, double marginDegrees);

}  // namespace places::city
