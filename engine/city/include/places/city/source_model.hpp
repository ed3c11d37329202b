#pragma once
// What a city-file reader gives back: the objects of one input file, still in
// the file's own CRS (double precision, axis order E, N, H as in the file),
// with each polygon already triangulated. No GPU, no global state: plain data.
#include <cstdint>
#include <string>
#include <vector>

#include <glm/vec3.hpp>

namespace places::city {

// Semantic surface type of a triangle. Closure surfaces are read so they can be
// counted, but the assembly step drops them (they are virtual, not drawn).
// Terrain: the ground itself (relief read from the file, or the ground the
// import derives under the buildings, derived_ground.hpp), never a building's.
enum class SurfaceType : std::uint8_t { Unknown = 0, Roof = 1, Wall = 2, Ground = 3, Closure = 4, Other = 5, Terrain = 6 };
const char* toString(SurfaceType type);

// Terrain: a relief (CityGML dem:ReliefFeature / TINRelief, CityJSON TINRelief)
// or derived ground; counted apart from buildings everywhere.
enum class ObjectKind : std::uint8_t { Building = 0, BuildingPart = 1, Other = 2, Terrain = 3 };
const char* toString(ObjectKind kind);

// Which LoD to keep when an object has several ("auto" = the highest present).
enum class LodChoice : std::uint8_t { Auto = 0, Lod1 = 1, Lod2 = 2 };

// One planar input polygon after triangulation. `vertices` are unique corners
// of the polygon (rings flattened), `indices` 3 per triangle into `vertices`.
struct SourcePolygon {
    SurfaceType surface = SurfaceType::Unknown;
    std::vector<glm::dvec3> vertices;
    std::vector<std::uint32_t> indices;
};

struct SourceObject {
    std::string id;            // gml:id or CityJSON object key
    std::string parentId;      // id of the parent object (BuildingPart -> Building; CityJSON
                               // "parents" of any child object); empty for top-level objects
    ObjectKind kind = ObjectKind::Building;
    std::string type;          // source type name: "Building", "BuildingPart", "Bridge", ...
    std::string function;      // e.g. ALKIS "31001_1000"; empty when absent
    double measuredHeight = -1;  // metres; < 0 when absent
    int lodTimes10 = 0;          // LoD of the geometry kept: 10 = LoD1, 22 = LoD2.2
    std::vector<SourcePolygon> polygons;
    // Points of the object's terrain intersection curves (CityGML
    // lodXTerrainIntersection): exactly where it meets the ground, so the
    // derived ground passes through them (derived_ground.cpp).
    std::vector<glm::dvec3> terrainIntersection;
};

// Counts per surface type as found in the source, before anything is dropped.
struct SurfaceCounts {
    std::uint64_t roof = 0, wall = 0, ground = 0, closure = 0, other = 0, unknown = 0, terrain = 0;
    void add(SurfaceType type);
    SurfaceCounts& operator+=(const SurfaceCounts& other);  // e.g. the reader's per-thread shares
};

struct SourceModel {
    std::string path;          // file the model was read from
    // Normalised CRS as found: "EPSG:25832", "EPSG:7415", or "EPSG:25832+7837"
    // (horizontal + vertical code); empty if none or not understood.
    std::string crs;
    std::string crsSource;     // raw text as found in the file (URN, URL), for messages
    std::vector<SourceObject> objects;
    SurfaceCounts surfaces;    // thematic surfaces (semantic objects), as in the source
    SurfaceCounts polygonSurfaces;  // polygons kept (triangulated), by surface type
    std::uint64_t polygons = 0;   // polygons read
    std::uint64_t triangles = 0;  // triangles produced
};

}  // namespace places::city
