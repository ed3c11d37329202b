#pragma once
// Terrain of an imported city: the ground the buildings stand on. Plain data in
// and out, no GPU.
//
// Relief read from the files (CityGML dem:ReliefFeature/TINRelief, CityJSON
// TINRelief) is kept as terrain and cut into pieces per leaf tile cell
// (`tileTerrain`), so it is tiled and levelled like buildings. Where the input
// has no relief, `deriveGround` builds one: a 2D Delaunay triangulation of the
// buildings' footprint points (the corners of ground surfaces; for buildings
// without one, the corners at their lowest height) and of their terrain
// intersection curves (CityGML lodXTerrainIntersection, City::terrainIntersection),
// deduplicated on a snap
// grid keeping the lowest point, plus a border ring `margin` metres around
// them whose heights are those of the nearest footprint point; triangles with
// an edge longer than `maxEdge`, or whose circumcircle's radius exceeds
// `maxCircumradius` (an alpha shape: the slivers the triangulation stretches
// along the edge of a district and across squares, fields and parks), are
// left out as open land, where the sky pass's grass shows. Every kept
// footprint corner is a vertex of the ground, so each building's lowest
// ground corner lies on it (within the snap distance times the local slope).
//
// Limits (docs/formats/import-limits.md): at most `maxPointsPerCell`
// footprint points per leaf tile cell; a denser city is thinned by doubling the
// snap distance until every cell fits (reported in GroundReport::snap).
//
// GroundHeights answers "how high is the ground at (x, z)" from the terrain
// triangles of a City or of a TileSet (a pack's leaf tiles at full detail).
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include <glm/vec3.hpp>

#include "places/city/city_model.hpp"
#include "places/city/tiling.hpp"

namespace places::city {

struct GroundOptions {
    bool derive = true;                     // derive ground where the input has no relief
    double snap = 0.05;                     // metres: footprint points closer than this merge (lowest kept)
    std::uint32_t maxPointsPerCell = 20000; // per leaf tile cell, after snapping
    double margin = 20.0;                   // metres of ground around the outermost buildings
    double borderSpacing = 20.0;            // metres between the border ring's points
    double maxEdge = 250.0;                 // metres: longer triangles (empty land between buildings) are left out
    // Metres: triangles with a larger circumcircle are left out too. 60 m keeps
    // streets, yards and the gaps of a street block (circumradius 10-40 m)
    // and drops the land between districts and the long thin triangles along
    // a city's edge (measured on Gelsenkirchen, Delfshaven: docs/formats/import-limits.md).
    double maxCircumradius = 60.0;
};

struct GroundReport {
    bool relief = false;          // the input had relief (kept, nothing derived)
    bool derived = false;         // ground was derived from the buildings
    std::uint64_t points = 0;     // footprint points triangulated (after snapping)
    std::uint64_t intersectionPoints = 0;  // of them before snapping: terrain intersection curve points
    std::uint64_t borderPoints = 0;
    std::uint64_t triangles = 0;  // terrain triangles added (derived) or present (relief)
    std::uint64_t openLand = 0;   // derived: triangles left out as open land (maxEdge, maxCircumradius)
    std::uint64_t pieces = 0;     // terrain records after tiling (one per leaf cell it covers)
    double snap = 0.0;            // snap distance used, metres
};

// Cuts every terrain record into one record per leaf cell (`tileSize` squares
// aligned to multiples of tileSize in the local frame, as the tiler's grid) by
// triangle centroid; the first piece keeps the record's id, the others get
// "<id>#<i>,<j>". Recomputes terrain bounds and City::summary.terrainObjects.
void tileTerrain(City& city, double tileSize);

// Adds derived ground to a city without terrain (does nothing, relief = true,
// when the city has terrain already). Then tiles it like tileTerrain.
GroundReport deriveGround(City& city, double tileSize, const GroundOptions& options);

// deriveGround in two steps: the plan (footprints, Delaunay: nearly all the
// work) only reads the city, so the import runs it on one core while the
// buildings' blocks are built on another; applying it appends the terrain
// records (or tiles the relief) and is cheap.
struct GroundPlan {
    GroundReport report;
    double tileSize = 0.0;
    bool tileOnly = false;  // relief present or derivation off: tileTerrain only
    bool derived = false;   // triangles below are the derived ground
    std::vector<std::array<glm::dvec3, 3>> triangles;
};
GroundPlan planGround(const City& city, double tileSize, const GroundOptions& options);
GroundReport applyGround(City& city, GroundPlan plan);

class GroundHeights {
public:
    static GroundHeights fromCity(const City& city);
    // From the finest level of every leaf (full detail, the pack's level 0).
    static GroundHeights fromTileSet(const TileSet& tiles);

    // Height (local y) of the terrain at local (x, z); the highest surface where
    // terrain overlaps. nullopt outside every terrain triangle.
    std::optional<double> heightAt(double x, double z) const;
    bool empty() const { return corners_.empty(); }
    std::size_t triangleCount() const { return corners_.size() / 3; }

private:
    void addTriangle(const glm::dvec3& a, const glm::dvec3& b, const glm::dvec3& c);
    void buildIndex();

    std::vector<glm::dvec3> corners_;       // 3 per triangle, local frame
    double cell_ = 10.0;                    // metres per bucket
    glm::dvec2 origin_{0.0};
    std::int64_t columns_ = 0, rows_ = 0;
    std::vector<std::uint32_t> bucketStart_;  // columns_ * rows_ + 1 offsets into bucketTris_
    std::vector<std::uint32_t> bucketTris_;
};

}  // namespace places::city
