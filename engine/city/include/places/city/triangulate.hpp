#pragma once
// Triangulation of one planar polygon with holes (a CityGML/CityJSON surface).
//
// The polygon is projected onto its best-fit plane (the Newell normal of the
// exterior ring, through the ring's centroid) in double precision, tessellated
// in 2D, and the triangles index the original 3D corners. Simple rings without
// holes are ear-clipped; holes, crossings and touching corners go to GLU's
// tessellator (odd winding rule, so holes work whatever their orientation).
// Units are whatever the caller's coordinates are; the tolerances below assume
// metres.
//
// Threads: each thread lazily creates and keeps one GLU tessellator, so calls
// on different threads are independent.
#include <cstdint>
#include <span>
#include <vector>

#include <glm/vec3.hpp>

namespace places::city {

// The rings of one polygon, flattened: ring 0 is the exterior, the others are
// holes. Rings may be open or closed (a repeated first point is ignored).
struct PolygonRings {
    std::span<const glm::dvec3> points;          // all rings, one after the other
    std::span<const std::uint32_t> ringSizes;    // points per ring; sum == points.size()
};

struct TriangulateOptions {
    // Largest distance (metres) of a corner from the best-fit plane for which the
    // polygon counts as planar. 1 cm is well above the millimetre quantisation of
    // CityJSON files and below anything visible.
    double planarTolerance = 0.01;
    // Up to this distance a non-planar polygon is salvaged: it is tessellated in
    // its projection and keeps its 3D corners (so each triangle is still exact).
    // Beyond it the projection can fold, so the polygon is skipped.
    double maxNonPlanarDeviation = 0.5;
    // Strictly convex quads without holes (~80 % of the surfaces of LoD2
    // data: walls) skip GLU and take the two triangles GLU itself emits for
    // them, in GLU's order (see triangulate.cpp). false sends them through GLU;
    // tests compare the two.
    bool convexQuadFastPath = true;
    // Other rings without holes of up to 64 corners are ear-clipped when they
    // are strictly simple (no crossing or touching edges); GLU takes the rest.
    // Same polygon, other (equally valid) triangles than GLU's; ~50x cheaper.
    // false sends them through GLU; tests compare the two.
    bool earClipping = true;
    // Polygons with more corners than this (all rings together) are skipped,
    // counted as "polygon too large": GLU's sweep is quadratic in them (10 k
    // corners take 0.6 s, 30 k 5.4 s, a million minutes), and a building's
    // surface has tens to hundreds. docs/formats/import-limits.md.
    std::size_t maxCorners = 10000;
};

enum class TriangulateStatus : std::uint8_t {
    Ok,        // planar and valid
    Salvaged,  // triangulated after a repair; `reason` says which
    Skipped,   // no triangles; `reason` says why
};

struct Triangulation {
    TriangulateStatus status = TriangulateStatus::Ok;
    // Static text naming the repair or the defect ("non-planar polygon",
    // "fewer than 3 distinct points", ...); empty when Ok. Stable: callers use
    // it as a Diagnostics counter key.
    const char* reason = "";
    std::vector<glm::dvec3> vertices;      // distinct corners (+ points added at self-intersections)
    std::vector<std::uint32_t> indices;    // 3 per triangle, counter-clockwise about `normal`
    glm::dvec3 normal{0.0};                // unit Newell normal of the exterior ring
    double planeDeviation = 0.0;           // largest corner distance from the plane

    std::size_t triangleCount() const { return indices.size() / 3; }
};

// Never fails loudly: degenerate or broken input yields status Skipped with a
// reason. Non-finite coordinates are rejected before GLU sees them.
Triangulation triangulatePolygon(const PolygonRings& polygon, const TriangulateOptions& options = {});

// Convenience for callers holding one vector per ring (tests, small tools).
Triangulation triangulatePolygon(const std::vector<std::vector<glm::dvec3>>& rings,
                                 const TriangulateOptions& options = {});

}  // namespace places::city
