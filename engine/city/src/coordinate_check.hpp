#pragma once
// Coordinates that must never reach the bounds, the origin or the mesh.
//
// One absurd vertex (1e308 in a CityGML posList) used to move the automatic
// origin to 5e307 and every building with it, and `info --verify` called the
// pack fine. assembleCity therefore drops, before it picks the origin, every
// polygon with a coordinate that is
//  - NaN or infinite as read ("skipped: polygon with a NaN or infinite
//    coordinate"),
//  - outside its input CRS's area of use as PROJ knows it, widened by
//    kAreaMarginDegrees ("... outside the CRS's area of use"); inputs without a
//    CRS (--local) outside +-kMaxLocalMetres instead,
//  - at a height outside [kMinHeight, kMaxHeight] metres,
//  - not transformable into the output CRS ("... could not be transformed").
// The area is the input's, not the output's: a city may legitimately be
// output in a neighbouring UTM zone (--origin-crs), far outside that zone.
// Each polygon is counted by reason, and each object that lost polygons is
// counted ("objects with skipped coordinates") and, with -v, listed by id.
// Limits: docs/formats/import-limits.md.
#include <optional>

#include "places/city/crs_transform.hpp"
#include "places/city/source_model.hpp"
#include "places/core/diagnostic.hpp"

namespace places::city::detail {

// UTM zones are 6 degrees wide and data at their edges is routinely kept in
// the neighbouring zone (Aachen, west of 6 deg E, is published in EPSG:25832).
inline constexpr double kAreaMarginDegrees = 2.0;
inline constexpr double kMaxLocalMetres = 1.0e7;
inline constexpr double kMinHeight = -12000.0;  // below the deepest ocean trench
inline constexpr double kMaxHeight = 10000.0;   // above the highest summit

enum class CoordinateStage {
    AsRead,       // in the input's CRS: NaN/Inf, area of use (or the local bound), heights
    Transformed,  // in the output CRS: what PROJ could not transform (NaN)
};

// Drops the bad polygons of `source`. `area`: its CRS's area
// (projectedAreaOfUse); nullopt = none known, or `local` (no CRS).
void dropBadCoordinates(SourceModel& source, CoordinateStage stage, const std::optional<ProjectedArea>& area,
                        bool local, bool listSkipped, Diagnostics& diagnostics);

}  // namespace places::city::detail
