// Welding shared by every detail level.
#include <bit>
#include <cstring>

#include "lod.hpp"

namespace places::city::lod {

void TriangleSoup::reserve(std::size_t triangles) {
    corners.reserve(3 * triangles);
    normals.reserve(3 * triangles);
    building.reserve(triangles);
    surface.reserve(triangles);
}

void TriangleSoup::append(const TriangleSoup& other) {
    corners.insert(corners.end(), other.corners.begin(), other.corners.end());
    normals.insert(normals.end(), other.normals.begin(), other.normals.end());
    building.insert(building.end(), other.building.begin(), other.building.end());
    surface.insert(surface.end(), other.surface.begin(), other.surface.end());
}

namespace {

std::uint64_t mix(std::uint64_t h) {  // murmur3's finaliser
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb93e185a85b3ull;
    return h ^ (h >> 33);
}

std::uint64_t bits(const glm::vec3& v) {
    return (std::uint64_t(std::bit_cast<std::uint32_t>(v.x)) * 0x9e3779b97f4a7c15ull) ^
           (std::uint64_t(std::bit_cast<std::uint32_t>(v.y)) * 0xc2b2ae3d27d4eb4full) ^
           std::bit_cast<std::uint32_t>(v.z);
}

bool same(const glm::vec3& a, const glm::vec3& b) { return std::memcmp(&a, &b, sizeof(glm::vec3)) == 0; }

}  // namespace

Weld weld(const TriangleSoup& soup, WeldKey key) {
    Weld out;
    const std::size_t n = soup.corners.size();
    out.remap.resize(n);
    // Open addressing; slots hold welded vertex ids + 1 (0 = empty). At most n
    // keys, so capacity >= 1.5 n keeps the load <= 2/3 even when nothing welds
    // (flat-shaded soups weld ~1/3 of their corners: load ~0.45 typically).
    std::size_t capacity = 16;
    while (capacity < n + n / 2 + 1) capacity *= 2;
    std::vector<std::uint32_t> table(capacity, 0);
    out.firstCorner.reserve(n);
    const bool full = key == WeldKey::All;
    for (std::size_t c = 0; c < n; ++c) {
        const std::size_t t = c / 3;
        std::uint64_t h = bits(soup.corners[c]) ^ (std::uint64_t(soup.building[t]) << 29);
        // One final mix over all of it; the surface type (nearly a function
        // of the normal) is compared, not hashed.
        if (full) h ^= bits(soup.normals[c]) * 0x165667b19e3779f9ull;
        std::size_t slot = mix(h) & (capacity - 1);
        for (;; slot = (slot + 1) & (capacity - 1)) {
            const std::uint32_t entry = table[slot];
            if (entry == 0) {
                table[slot] = static_cast<std::uint32_t>(out.firstCorner.size()) + 1;
                out.remap[c] = static_cast<std::uint32_t>(out.firstCorner.size());
                out.firstCorner.push_back(static_cast<std::uint32_t>(c));
                break;
            }
            const std::uint32_t f = out.firstCorner[entry - 1];
            if (same(soup.corners[f], soup.corners[c]) && soup.building[f / 3] == soup.building[t] &&
                (!full || (same(soup.normals[f], soup.normals[c]) && soup.surface[f / 3] == soup.surface[t]))) {
                out.remap[c] = entry - 1;
                break;
            }
        }
    }
    return out;
}

TileLevel finishLevel(const TriangleSoup& soup, LevelKind kind, float geometricError) {
    TileLevel level;
    level.kind = kind;
    level.geometricError = geometricError;
    const std::size_t n = soup.corners.size();
    if (n == 0) return level;

    // Welding never merges across buildings or surfaces. Each welded vertex
    // keeps the attributes of the first corner that made it, and the weld
    // numbers vertices in order of first use: that is already the order
    // meshopt_optimizeVertexFetch would give, so the weld is the index buffer.
    //
    // Triangles keep the soup's order, i.e. polygon by polygon (each polygon's
    // triangles consecutive). Flat-shaded polygons share no vertices with each
    // other, so that order is already cache-friendly: measured with
    // meshopt_analyzeVertexCache (16-entry FIFO) on every bundled file, it
    // transforms at most 0.7 % more vertices than meshopt_optimizeVertexCache,
    // and exactly as many on blocks and merged levels, while the reordering was
    // the largest single cost of the tiling (93 M of 746 M instructions for
    // Delfshaven).
    Weld welded = weld(soup, WeldKey::All);
    const std::vector<std::uint32_t>& source = welded.firstCorner;
    const std::size_t vertexCount = source.size();
    level.positions.resize(vertexCount);
    level.normals.resize(vertexCount);
    for (std::size_t v = 0; v < vertexCount; ++v) {
        level.positions[v] = soup.corners[source[v]];
        level.normals[v] = soup.normals[source[v]];
    }
    level.indices = std::move(welded.remap);
    // Triangle t of the level is triangle t of the soup.
    level.triangleBuilding = soup.building;
    level.triangleSurface = soup.surface;
    return level;
}

}  // namespace places::city::lod
