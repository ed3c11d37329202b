#pragma once
// The per-object half of assembling (private to places_city): a run of a
// source's objects turned into local-frame triangles, on any thread. The
// polygon checks and the rebasing are most of assembling and independent per
// object, so assembleCity meshes consecutive runs of objects on all threads
// and appends them in document order on one (assemble.cpp), where duplicates
// are dropped and the notes become diagnostics: the City and its messages are
// the same for any thread count.
#include <cstdint>
#include <span>
#include <vector>

#include <glm/vec3.hpp>

#include "places/city/city_model.hpp"
#include "places/city/source_model.hpp"

namespace places::city::detail {

struct MeshedObjects {
    // Flat-shaded vertices (a polygon's corners share its normal) and the
    // triangles, indices counted from the run's first vertex.
    std::vector<glm::vec3> positions;
    std::vector<glm::vec3> normals;
    std::vector<std::uint32_t> indices;
    std::vector<SurfaceType> surfaces;  // per triangle
    // What was dropped, salvaged or skipped, in the order met (string literals).
    std::vector<const char*> notes;
    // Per object, where its part of the arrays above ends.
    struct Object {
        std::size_t vertexEnd = 0, indexEnd = 0, noteEnd = 0;
        Bounds bounds;             // of its kept vertices, local frame
        SurfaceCounts surfaces;    // kept triangles per type, plus closure triangles dropped
        std::uint64_t polygons = 0;  // kept polygons
    };
    std::vector<Object> objects;
};

// `origin` in the objects' CRS (E, N, H): local (0, 0, 0). Closures are
// dropped, polygons with non-finite corners or without area skipped,
// zero-area triangles removed and non-planar polygons shaded per triangle.
void meshObjects(std::span<const SourceObject> objects, const glm::dvec3& origin, MeshedObjects& out);

}  // namespace places::city::detail
