#pragma once
// Merges the SourceModels of one import into a City: resolves each file's CRS,
// transforms into the target CRS with PROJ (double precision), picks the origin,
// rebases into the local Y-up frame, drops closure surfaces (counted), computes
// flat normals, and removes objects present in several inputs (adjacent tiles).
#include <optional>
#include <string>
#include <vector>

#include <glm/vec3.hpp>

#include "places/city/city_model.hpp"
#include "places/core/diagnostic.hpp"
#include "places/core/progress.hpp"

namespace places::city {

struct AssembleOptions {
    // CRS assumed for inputs that declare none (e.g. "EPSG:7415"); empty = error
    // for such inputs unless `allowLocal`.
    std::string fallbackCrs;
    bool allowLocal = false;             // treat CRS-less inputs as local metres (warned)
    // Output origin (E, N, H in originCrs) that becomes local (0,0,0). nullopt =
    // auto: centre of the XY bounding box of all drawn geometry, at its minimum
    // height (so local y >= 0 and the lowest ground is y = 0).
    std::optional<glm::dvec3> origin;
    std::string originCrs;               // CRS of `origin` and of the output; empty = first input's
    bool listSkipped = false;            // one warning per dropped duplicate object (the -v listing)
    // Threads meshing the objects (0 = one per core); the City and the
    // messages are the same for any count.
    unsigned threads = 1;
};

// Maps CRS names found in files to "EPSG:n" (AdV URNs, OGC URLs, "EPSG:n",
// "urn:ogc:def:crs:EPSG::n"). Returns empty when not understood.
struct CrsName {
    std::string horizontal;  // "EPSG:25832"
    std::string vertical;    // "EPSG:7837" or empty
};
std::optional<CrsName> normaliseCrs(const std::string& text);

// Fails (no value) on CRS problems: an input without a usable CRS and no
// fallback, mixing georeferenced and local inputs, or an output CRS that is not
// projected in metres. Geometry problems are counted in the diagnostics:
// "dropped: closure surface", "dropped: duplicate object", zero-area polygons
// and triangles, non-planar polygons (kept, shaded per triangle).
Result<City> assembleCity(std::vector<SourceModel> sources, const AssembleOptions& options,
                          ProgressSink& progress);

}  // namespace places::city
