// Terrain pieces per leaf cell, and ground derived from building footprints
// where the input has no relief (ground.hpp explains the scheme).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <unordered_map>

#include <glm/common.hpp>
#include <glm/geometric.hpp>

#include "delaunay.hpp"
#include "places/city/ground.hpp"

namespace places::city {

namespace {

struct CellKey {
    std::int64_t x, z;
    bool operator<(const CellKey& o) const { return x != o.x ? x < o.x : z < o.z; }
    bool operator==(const CellKey& o) const { return x == o.x && z == o.z; }
};
struct CellHash {
    std::size_t operator()(const CellKey& k) const {
        return std::hash<std::int64_t>()(k.x * 73856093LL ^ k.z * 19349663LL);
    }
};

CellKey cellOf(double x, double z, double size) {
    return {static_cast<std::int64_t>(std::floor(x / size)), static_cast<std::int64_t>(std::floor(z / size))};
}

glm::dvec3 corner(const CityMesh& mesh, std::size_t t, std::size_t i) { return glm::dvec3(mesh.positions[mesh.indices[3 * t + i]]); }

// Lowest footprint point per snap cell: the point itself, not the cell centre,
// so the ground passes exactly through the corners it keeps.
using SnapGrid = std::unordered_map<CellKey, glm::dvec3, CellHash>;

void addPoint(SnapGrid& grid, const glm::dvec3& p, double snap) {
    auto [it, inserted] = grid.try_emplace(cellOf(p.x, p.z, snap), p);
    if (!inserted && p.y < it->second.y) it->second = p;
}

// Footprint points of every non-terrain record: the corners of its ground
// surfaces, or, without any, its corners within 5 cm of its lowest point.
std::vector<glm::dvec3> footprintPoints(const City& city) {
    const CityMesh& mesh = city.mesh;
    const std::size_t records = city.buildings.size();
    std::vector<float> lowest(records, std::numeric_limits<float>::max());
    std::vector<char> hasGround(records, 0);
    std::vector<glm::dvec3> points;
    for (std::size_t t = 0; t < mesh.triangleCount(); ++t) {
        const std::uint32_t b = mesh.triangleBuilding[t];
        if (city.buildings[b].kind == ObjectKind::Terrain) continue;
        for (std::size_t i = 0; i < 3; ++i) lowest[b] = std::min(lowest[b], mesh.positions[mesh.indices[3 * t + i]].y);
        if (mesh.triangleSurface[t] != SurfaceType::Ground) continue;
        hasGround[b] = 1;
        for (std::size_t i = 0; i < 3; ++i) points.push_back(corner(mesh, t, i));
    }
    for (std::size_t t = 0; t < mesh.triangleCount(); ++t) {
        const std::uint32_t b = mesh.triangleBuilding[t];
        if (hasGround[b] || city.buildings[b].kind == ObjectKind::Terrain) continue;
        for (std::size_t i = 0; i < 3; ++i) {
            const glm::dvec3 p = corner(mesh, t, i);
            if (p.y <= double(lowest[b]) + 0.05) points.push_back(p);
        }
    }
    return points;
}

// Snaps to `snap`, doubling it until no leaf cell holds more than the limit.
// A snap cell with a `preferred` point (terrain intersection: where the
// building meets the ground) takes the lowest of those; the others the
// lowest `raw` point (a footprint corner may be a basement floor below it).
std::vector<glm::dvec3> thin(const std::vector<glm::dvec3>& raw, const std::vector<glm::dvec3>& preferred,
                             double tileSize, const GroundOptions& options, double& snap) {
    snap = std::max(options.snap, 1e-3);
    for (int attempt = 0; attempt < 24; ++attempt, snap *= 2.0) {
        SnapGrid grid, first;
        grid.reserve(raw.size() + preferred.size());
        for (const auto& p : preferred) addPoint(first, p, snap);
        for (const auto& p : raw)
            if (!first.contains(cellOf(p.x, p.z, snap))) addPoint(grid, p, snap);
        for (const auto& [key, p] : first) grid[key] = p;
        std::unordered_map<CellKey, std::uint32_t, CellHash> perCell;
        std::uint32_t most = 0;
        for (const auto& [key, p] : grid) most = std::max(most, ++perCell[cellOf(p.x, p.z, tileSize)]);
        if (most <= options.maxPointsPerCell || attempt == 23) {
            std::vector<glm::dvec3> kept;
            kept.reserve(grid.size());
            for (const auto& [key, p] : grid) kept.push_back(p);
            // Hash order is not stable across library versions: sort for a reproducible pack.
            std::sort(kept.begin(), kept.end(), [](const glm::dvec3& a, const glm::dvec3& b) {
                return a.x != b.x ? a.x < b.x : a.z != b.z ? a.z < b.z : a.y < b.y;
            });
            return kept;
        }
    }
    return {};
}

// A ring of points `margin` outside the footprints' XZ box, heights of the
// nearest footprint point (searched in a sample of at most 4096 points).
std::vector<glm::dvec3> borderRing(const std::vector<glm::dvec3>& points, const GroundOptions& options) {
    glm::dvec2 lo(std::numeric_limits<double>::max()), hi(std::numeric_limits<double>::lowest());
    for (const auto& p : points) {
        lo = glm::min(lo, glm::dvec2(p.x, p.z));
        hi = glm::max(hi, glm::dvec2(p.x, p.z));
    }
    lo -= options.margin;
    hi += options.margin;
    const std::size_t stride = std::max<std::size_t>(1, points.size() / 4096);
    const auto nearestHeight = [&](double x, double z) {
        double best = std::numeric_limits<double>::max(), height = 0.0;
        for (std::size_t i = 0; i < points.size(); i += stride) {
            const double d = (points[i].x - x) * (points[i].x - x) + (points[i].z - z) * (points[i].z - z);
            if (d < best) {
                best = d;
                height = points[i].y;
            }
        }
        return height;
    };
    std::vector<glm::dvec3> ring;
    const double spacing = std::max(options.borderSpacing, 1.0);
    const auto steps = [&](double length) { return std::max<std::int64_t>(1, std::int64_t(std::ceil(length / spacing))); };
    const std::int64_t nx = steps(hi.x - lo.x), nz = steps(hi.y - lo.y);
    const auto add = [&](double x, double z) { ring.push_back({x, nearestHeight(x, z), z}); };
    for (std::int64_t i = 0; i < nx; ++i) {
        const double x = lo.x + (hi.x - lo.x) * double(i) / double(nx);
        add(x, lo.y);
        add(x + (hi.x - lo.x) / double(nx), hi.y);
    }
    for (std::int64_t i = 0; i < nz; ++i) {
        const double z = lo.y + (hi.y - lo.y) * double(i) / double(nz);
        add(hi.x, z);
        add(lo.x, z + (hi.y - lo.y) / double(nz));
    }
    return ring;
}

// Appends one flat-shaded, upward-facing terrain triangle for `record`.
void appendTriangle(City& city, glm::dvec3 a, glm::dvec3 b, glm::dvec3 c, std::uint32_t record) {
    glm::dvec3 n = glm::cross(b - a, c - a);
    if (n.y < 0.0) {
        std::swap(b, c);
        n = -n;
    }
    const double length = glm::length(n);
    if (!(length > 0.0)) return;
    n /= length;
    CityMesh& mesh = city.mesh;
    const auto base = static_cast<std::uint32_t>(mesh.positions.size());
    for (const glm::dvec3& p : {a, b, c}) {
        mesh.positions.emplace_back(p);
        mesh.normals.emplace_back(n);
        city.buildings[record].bounds.add(p);
    }
    mesh.indices.insert(mesh.indices.end(), {base, base + 1, base + 2});
    mesh.triangleBuilding.push_back(record);
    mesh.triangleSurface.push_back(SurfaceType::Terrain);
}

}  // namespace

void tileTerrain(City& city, double tileSize) {
    CityMesh& mesh = city.mesh;
    // (record, cell) -> record index; the first cell of a record keeps it.
    std::map<std::pair<std::uint32_t, CellKey>, std::uint32_t> pieces;
    std::unordered_map<std::uint32_t, CellKey> firstCell;
    for (std::size_t t = 0; t < mesh.triangleCount(); ++t) {
        const std::uint32_t b = mesh.triangleBuilding[t];
        if (city.buildings[b].kind != ObjectKind::Terrain) continue;
        const glm::dvec3 c = (corner(mesh, t, 0) + corner(mesh, t, 1) + corner(mesh, t, 2)) / 3.0;
        const CellKey cell = cellOf(c.x, c.z, tileSize);
        auto first = firstCell.try_emplace(b, cell).first;
        std::uint32_t target = b;
        if (!(first->second == cell)) {
            auto [it, inserted] = pieces.try_emplace({b, cell}, 0u);
            if (inserted) {
                BuildingRecord piece = city.buildings[b];
                piece.id += '#';
                piece.id += std::to_string(cell.x);
                piece.id += ',';
                piece.id += std::to_string(cell.z);
                it->second = static_cast<std::uint32_t>(city.buildings.size());
                city.buildings.push_back(std::move(piece));
            }
            target = it->second;
        }
        mesh.triangleBuilding[t] = target;
    }
    city.summary.terrainObjects = 0;
    for (BuildingRecord& b : city.buildings)
        if (b.kind == ObjectKind::Terrain) {
            b.bounds = {};
            ++city.summary.terrainObjects;
        }
    for (std::size_t t = 0; t < mesh.triangleCount(); ++t) {
        BuildingRecord& b = city.buildings[mesh.triangleBuilding[t]];
        if (b.kind != ObjectKind::Terrain) continue;
        for (std::size_t i = 0; i < 3; ++i) b.bounds.add(corner(mesh, t, i));
    }
}

GroundPlan planGround(const City& city, double tileSize, const GroundOptions& options) {
    GroundPlan plan;
    plan.tileSize = tileSize;
    GroundReport& report = plan.report;
    for (std::size_t t = 0; t < city.mesh.triangleCount(); ++t)
        report.triangles += city.mesh.triangleSurface[t] == SurfaceType::Terrain;
    report.relief = report.triangles > 0;
    if (report.relief || !options.derive) {
        plan.tileOnly = true;
        return plan;
    }
    // Footprint corners plus the terrain intersection curves' points (CityGML
    // lodXTerrainIntersection: exactly where a building meets the ground),
    // which win where both fall in one snap cell.
    report.intersectionPoints = city.terrainIntersection.size();
    const std::vector<glm::dvec3> points =
        thin(footprintPoints(city), city.terrainIntersection, tileSize, options, report.snap);
    if (points.size() < 3) return plan;
    std::vector<glm::dvec3> all = points;
    const std::vector<glm::dvec3> ring = borderRing(points, options);
    all.insert(all.end(), ring.begin(), ring.end());
    std::vector<glm::dvec2> plane;
    plane.reserve(all.size());
    for (const auto& p : all) plane.emplace_back(p.x, p.z);
    const auto triangles = detail::delaunay(plane);
    if (triangles.empty()) return plan;

    const double longest = options.maxEdge * options.maxEdge;
    const double r2limit = options.maxCircumradius * options.maxCircumradius;
    const auto span = [](const glm::dvec3& p, const glm::dvec3& q) {
        return (p.x - q.x) * (p.x - q.x) + (p.z - q.z) * (p.z - q.z);
    };
    plan.triangles.reserve(triangles.size());
    for (const auto& tri : triangles) {
        const glm::dvec3 &a = all[tri[0]], &b = all[tri[1]], &c = all[tri[2]];
        // No invented ground across the empty land between distant buildings
        // (two tiles kilometres apart, a sparse subset): the sky's plane shows there.
        const double ab = span(a, b), bc = span(b, c), ca = span(c, a);
        // Circumradius R = |ab| |bc| |ca| / (4 area), compared squared: R^2 =
        // ab bc ca / (2 |cross|)^2 with the edges' squared lengths. A sliver
        // (cross near 0) has a huge R and goes; so does a wide open triangle.
        const double cross = (b.x - a.x) * (c.z - a.z) - (b.z - a.z) * (c.x - a.x);
        const bool open = ab > longest || bc > longest || ca > longest || ab * bc * ca > r2limit * 4.0 * cross * cross;
        if (open) {
            ++report.openLand;
            continue;
        }
        plan.triangles.push_back({a, b, c});
    }
    plan.derived = true;
    report.points = points.size();
    report.borderPoints = ring.size();
    return plan;
}

GroundReport applyGround(City& city, GroundPlan plan) {
    GroundReport report = plan.report;
    if (plan.tileOnly) {
        tileTerrain(city, plan.tileSize);
        report.pieces = city.summary.terrainObjects;
        return report;
    }
    if (!plan.derived) return report;

    // One terrain record per leaf cell, by triangle centroid (as tileTerrain cuts relief).
    std::map<CellKey, std::uint32_t> records;
    city.mesh.positions.reserve(city.mesh.positions.size() + 3 * plan.triangles.size());
    city.mesh.normals.reserve(city.mesh.normals.size() + 3 * plan.triangles.size());
    for (const auto& [a, b, c] : plan.triangles) {
        const glm::dvec3 centroid = (a + b + c) / 3.0;
        const CellKey cell = cellOf(centroid.x, centroid.z, plan.tileSize);
        auto [it, inserted] = records.try_emplace(cell, 0u);
        if (inserted) {
            BuildingRecord record;
            record.id = "places:derived-ground:";
            record.id += std::to_string(cell.x);
            record.id += ',';
            record.id += std::to_string(cell.z);
            record.function = "derived-ground";
            record.kind = ObjectKind::Terrain;
            it->second = static_cast<std::uint32_t>(city.buildings.size());
            city.buildings.push_back(std::move(record));
        }
        const std::size_t before = city.mesh.triangleCount();
        appendTriangle(city, a, b, c, it->second);
        report.triangles += city.mesh.triangleCount() - before;
    }
    for (const auto& [cell, record] : records) city.bounds.add(city.buildings[record].bounds);
    city.summary.triangles = city.mesh.triangleCount();
    city.summary.surfaces.terrain += report.triangles;
    city.summary.terrainObjects += records.size();
    report.derived = true;
    report.pieces = records.size();
    return report;
}

GroundReport deriveGround(City& city, double tileSize, const GroundOptions& options) {
    return applyGround(city, planGround(city, tileSize, options));
}

}  // namespace places::city
