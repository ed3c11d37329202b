#pragma once
// GroundQuery over what a scene holds today: the triangles of every city
// tile's full-detail level and of every placed prop, in a uniform XZ grid
// built once, plus the renderer's infinite ground plane. Terrain (a later
// pack layer) plugs in as another GroundQuery.
//
// Walkable: a surface whose normal is within maxSlopeDeg of up, whose point
// is outside every closed building or prop volume (probed just below the
// surface: if horizontal rays in most of the four axis directions first meet
// the BACK of a face, the point is inside a volume, so the surface is a roof
// or a prop's top), and with headroom above it (no roof or table overhead).
// City surfaces face outwards (the importer's normals), which the inside test
// relies on; a mesh with inward faces reads as outside.
// Frame: the local frame (metres, Y up, x east, z south).
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "places/render/scene_geometry.hpp"
#include "places/xr/ground_query.hpp"

namespace places::xr {

struct SceneGroundSettings {
    double maxSlopeDeg = 30.0;     // steeper surfaces are walls or roofs
    double headroomM = 2.0;        // free height above the feet
    double insideProbeM = 0.15;    // how far below the surface the inside test starts
    double insideRayM = 200.0;     // how far the inside test looks for a wall
    double cellSizeM = 4.0;        // grid cell (grown for very large scenes, see kMaxCells)
};

struct GroundTriangle {
    glm::vec3 a{0.0f}, b{0.0f}, c{0.0f};  // local frame; (b - a) x (c - a) is the outward normal
};

// Every city tile's level 0 and every instance's full-detail submeshes as
// triangles in the local frame, wound so that the cross product follows the
// vertex normals (outwards).
std::vector<GroundTriangle> sceneTriangles(const render::SceneGeometry& scene);

class SceneGround final : public GroundQuery {
public:
    static constexpr std::size_t kMaxCells = std::size_t{1} << 20;  // bounds the grid's memory

    SceneGround(std::vector<GroundTriangle> triangles, double groundPlaneY, const SceneGroundSettings& settings = {});

    std::optional<SurfaceHit> firstHit(const glm::dvec3& a, const glm::dvec3& b) const override;
    bool walkable(const SurfaceHit& hit) const override;

    // The city's terrain (local y at local (x, z), nullopt off it): where it
    // answers, the infinite ground plane is not ground, so an arc over a
    // valley passes the plane and lands on the terrain's own triangles (they
    // are among the tiles' triangles), and on a hill it never stops at a
    // plane buried in it.
    void setTerrain(std::function<std::optional<double>(double x, double z)> terrainAt) {
        terrainAt_ = std::move(terrainAt);
    }

    // Whether `point` lies inside a closed volume (see above).
    bool inside(const glm::dvec3& point) const;
    std::size_t triangleCount() const { return triangles_.size(); }

private:
    struct RawHit {
        double fraction;
        glm::dvec3 outward;  // the triangle's outward unit normal
    };
    std::optional<RawHit> nearestTriangle(const glm::dvec3& a, const glm::dvec3& b) const;

    std::vector<GroundTriangle> triangles_;
    double planeY_;
    SceneGroundSettings settings_;
    std::function<std::optional<double>(double, double)> terrainAt_;
    // Grid over the triangles' XZ bounds; cell (i, k) lists triangles
    // cellTriangles_[cellStart_[k * nx_ + i] .. cellStart_[k * nx_ + i + 1]).
    glm::dvec2 gridMin_{0.0};
    double cell_ = 1.0;
    std::int64_t nx_ = 0, nz_ = 0;
    std::vector<std::uint32_t> cellStart_;
    std::vector<std::uint32_t> cellTriangles_;
};

}  // namespace places::xr
