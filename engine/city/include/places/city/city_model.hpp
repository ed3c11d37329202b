#pragma once
// The imported city: all input files merged, transformed into one CRS and
// rebased into one local frame. This is what tiling, the pack writer and the
// glTF exporter consume.
//
// Local frame (used everywhere after import): right-handed, Y up, metres.
//   x = east, y = up, z = south (= -north), relative to GeoReference::origin.
// Conversion from the CRS happens in double precision; only the rebased
// coordinates are stored as float (float32 at northing 5.7e6 would lose 0.5 m).
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <glm/vec3.hpp>

#include "places/city/source_model.hpp"

namespace places::city {

struct GeoReference {
    std::string crs;             // horizontal CRS of `origin`, e.g. "EPSG:25832"; "LOCAL" = none
    std::string verticalCrs;     // e.g. "EPSG:7837" (DHHN2016); empty when unknown
    glm::dvec3 origin{0.0};      // E, N, H in `crs` that maps to local (0,0,0)
};

struct Bounds {
    glm::dvec3 min{std::numeric_limits<double>::max()};
    glm::dvec3 max{std::numeric_limits<double>::lowest()};
    bool empty() const { return min.x > max.x; }
    void add(const glm::dvec3& p);
    void add(const Bounds& b);
};

struct BuildingRecord {
    std::string id;
    std::string function;          // function code; lets a renderer style towers, bridges
    float measuredHeight = -1.0f;  // metres; < 0 when absent
    std::int32_t parent = -1;      // index into City::buildings for parts, else -1
    ObjectKind kind = ObjectKind::Building;
    std::uint8_t lodTimes10 = 0;
    std::uint16_t sourceFile = 0;  // index into City::sources
    Bounds bounds;                 // local frame; empty for parents without own geometry
};

// One mesh for the whole city: flat-shaded, so vertices are not shared between
// polygons. Per-triangle attributes let tiles and exports keep the semantics.
struct CityMesh {
    std::vector<glm::vec3> positions;             // local frame
    std::vector<glm::vec3> normals;               // unit, per vertex (flat per polygon)
    std::vector<std::uint32_t> indices;           // 3 per triangle
    std::vector<std::uint32_t> triangleBuilding;  // per triangle: index into City::buildings
    std::vector<SurfaceType> triangleSurface;     // per triangle

    std::size_t triangleCount() const { return indices.size() / 3; }
};

struct ImportSummary {
    std::uint64_t files = 0;
    std::uint64_t buildings = 0;   // top-level objects (Building and others), terrain not included
    std::uint64_t parts = 0;       // objects with a parent (BuildingParts, CityJSON children)
    std::uint64_t terrainObjects = 0;  // relief read from the files plus derived ground pieces
    std::uint64_t polygons = 0;
    std::uint64_t triangles = 0;   // of the mesh, terrain included
    // Triangles of the mesh per surface type (they add up to `triangles`),
    // plus the closure triangles dropped (not in the mesh).
    SurfaceCounts surfaces;
};

struct City {
    GeoReference geo;
    std::vector<std::string> sources;   // input file names (not paths: packs move)
    std::vector<BuildingRecord> buildings;
    CityMesh mesh;
    Bounds bounds;                      // local frame
    ImportSummary summary;
    // Where buildings meet the ground (SourceObject::terrainIntersection),
    // local frame; input of the derived ground only, not written to packs.
    std::vector<glm::dvec3> terrainIntersection;
};

}  // namespace places::city
