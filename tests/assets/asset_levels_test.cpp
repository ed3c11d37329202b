// What the import prepares once for renderers: mip chains of textures and
// coarser detail levels of meshes. No GPU.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <glm/geometric.hpp>

#include "places/assets/import.hpp"
#include "places/assets/mesh_levels.hpp"
#include "places/assets/mip_chain.hpp"

using namespace places::assets;

namespace {

// A closed UV sphere of radius `r` with a texture seam (the first and last
// column share positions, not uvs): `rings` x `segments` quads.
Mesh uvSphere(float r, int rings, int segments) {
    Mesh mesh;
    for (int i = 0; i <= rings; ++i) {
        const float theta = 3.14159265f * float(i) / float(rings);
        for (int j = 0; j <= segments; ++j) {
            const float phi = 2.0f * 3.14159265f * float(j) / float(segments);
            const glm::vec3 n(std::sin(theta) * std::cos(phi), std::cos(theta), std::sin(theta) * std::sin(phi));
            mesh.positions.push_back(n * r);
            mesh.normals.push_back(n);
            mesh.uv0.emplace_back(float(j) / float(segments), float(i) / float(rings));
            mesh.bounds.add(n * r);
        }
    }
    const auto row = static_cast<std::uint32_t>(segments + 1);
    for (std::uint32_t i = 0; i < std::uint32_t(rings); ++i)
        for (std::uint32_t j = 0; j < std::uint32_t(segments); ++j) {
            const std::uint32_t a = i * row + j, b = a + row;
            if (i != 0) mesh.indices.insert(mesh.indices.end(), {a, a + 1, b});
            if (i + 1 != std::uint32_t(rings)) mesh.indices.insert(mesh.indices.end(), {a + 1, b + 1, b});
        }
    return mesh;
}

// Checks every level of `mesh` against the documented contract.
void requireValidLevels(const Mesh& mesh) {
    std::size_t previous = mesh.triangleCount();
    float previousError = 0.0f;
    for (const MeshLevel& level : mesh.levels) {
        REQUIRE(level.indices.size() % 3 == 0);
        for (std::uint32_t index : level.indices) REQUIRE(index < mesh.positions.size());
        const std::size_t triangles = level.indices.size() / 3;
        CHECK(triangles > 0);
        CHECK(double(triangles) <= 0.8 * double(previous));  // each level shrinks meaningfully
        CHECK(level.geometricError >= previousError);
        previous = triangles;
        previousError = level.geometricError;
    }
}

}  // namespace

TEST_CASE("mip chains average in linear light down to 1x1", "[assets][texture]") {
    // 4x2: left half white, right half black.
    std::vector<std::uint8_t> rgba;
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 4; ++x) {
            const std::uint8_t c = x < 2 ? 255 : 0;
            rgba.insert(rgba.end(), {c, c, c, 255});
        }
    CHECK(mipLevelCount(4, 2) == 3);
    CHECK(mipLevelCount(1, 1) == 1);
    CHECK(mipLevelCount(5, 3) == 3);
    const auto chain = buildMipChain(4, 2, rgba);
    REQUIRE(chain.size() == 2);
    CHECK(chain[0].width == 2);
    CHECK(chain[0].height == 1);
    CHECK(chain[0].rgba[0] == 255);  // white stays white
    CHECK(chain[0].rgba[4] == 0);
    CHECK(chain[1].width == 1);
    // Half white, half black is 50 % linear light: sRGB 188, not 128.
    CHECK(int(chain[1].rgba[0]) == Approx(188).margin(1));
    CHECK(chain[1].rgba[3] == 255);
    // Odd sizes fold the last row/column in instead of dropping it.
    const std::vector<std::uint8_t> three = {0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 255};
    const auto odd = buildMipChain(3, 1, three);
    REQUIRE(odd.size() == 1);
    CHECK(odd[0].width == 1);
    CHECK(int(odd[0].rgba[0]) == Approx(156).margin(1));  // one third white
}

TEST_CASE("a dense mesh gets levels at about 1/4, 1/16, 1/64 of its triangles, with growing errors", "[assets][lod]") {
    Mesh sphere = uvSphere(2.0f, 64, 128);  // 16,128 triangles, 2 m radius
    const std::size_t full = sphere.triangleCount();
    buildMeshLevels(sphere);
    REQUIRE(sphere.levels.size() == 3);
    requireValidLevels(sphere);
    double expected = double(full);
    for (const MeshLevel& level : sphere.levels) {
        expected *= 0.25;
        // The 5 % error cap may stop the simplifier somewhat above the target.
        const double triangles = double(level.indices.size() / 3);
        CHECK(triangles >= 0.85 * expected);
        CHECK(triangles <= 1.4 * expected);
        CHECK(level.geometricError > 0.0f);  // a sphere has no exact simplification
    }
    CHECK(sphere.levels[2].geometricError > sphere.levels[0].geometricError);
    // Errors are in the mesh's units: bounded by the cap relative to its extent (4 m).
    CHECK(sphere.levels.back().geometricError <= 0.05f * 4.0f * 1.01f);
    // A coarse level of a sphere stays on it: vertices never leave the surface
    // (only original vertices are used), and triangle centres sag inwards by
    // at most a few times the reported error.
    for (const MeshLevel& level : sphere.levels) {
        float sag = 0.0f;
        for (std::size_t t = 0; t < level.indices.size(); t += 3) {
            const glm::vec3 c = (sphere.positions[level.indices[t]] + sphere.positions[level.indices[t + 1]] +
                                 sphere.positions[level.indices[t + 2]]) / 3.0f;
            sag = std::max(sag, 2.0f - glm::length(c));
        }
        INFO("level error " << level.geometricError << ", sag " << sag);
        CHECK(sag <= 4.0f * level.geometricError + 1e-4f);
    }
    // Twice the size, twice the error (same relative simplification).
    Mesh big = uvSphere(4.0f, 64, 128);
    buildMeshLevels(big);
    REQUIRE(big.levels.size() == sphere.levels.size());
    CHECK(big.levels[0].geometricError == Approx(2.0f * sphere.levels[0].geometricError).epsilon(0.05));
}

TEST_CASE("small meshes get no levels, options bound the chain", "[assets][lod]") {
    Mesh small = uvSphere(1.0f, 4, 8);  // 48 triangles
    buildMeshLevels(small);
    CHECK(small.levels.empty());
    Mesh sphere = uvSphere(1.0f, 32, 64);
    MeshLevelOptions one;
    one.maxLevels = 1;
    buildMeshLevels(sphere, one);
    CHECK(sphere.levels.size() == 1);
    // A tight error cap stops the simplifier early: the level that cannot shrink is dropped.
    MeshLevelOptions exact;
    exact.maxRelativeError = 1e-6f;
    buildMeshLevels(sphere, exact);
    CHECK(sphere.levels.empty());
}

TEST_CASE("imports prepare mip chains and mesh levels, options turn them off", "[assets][lod][texture]") {
    const std::string chair = std::string(PLACES_ASSETS_DIR) + "/venues/khronos/SheenChair/glTF/SheenChair.gltf";
    const auto r = importAsset(chair);
    REQUIRE(r.ok());
    std::size_t full = 0, coarsest = 0;
    for (const Mesh& mesh : r->meshes) {
        requireValidLevels(mesh);
        full += mesh.triangleCount();
        coarsest += mesh.levels.empty() ? mesh.triangleCount() : mesh.levels.back().indices.size() / 3;
    }
    CHECK(coarsest * 4 < full);  // ~40k triangles: the coarsest levels are a small fraction
    REQUIRE_FALSE(r->images.empty());
    for (const Image& image : r->images) {
        REQUIRE_FALSE(image.mips.empty());
        CHECK(image.mips.size() + 1 == mipLevelCount(image.width, image.height));
        CHECK(image.mips.back().width == 1);
        CHECK(image.mips.back().height == 1);
        CHECK(image.mips[0].width == std::max(1u, image.width / 2));
    }
    ImportOptions plain;
    plain.buildLevels = false;
    plain.buildMips = false;
    const auto bare = importAsset(chair, plain);
    REQUIRE(bare.ok());
    for (const Mesh& mesh : bare->meshes) CHECK(mesh.levels.empty());
    for (const Image& image : bare->images) CHECK(image.mips.empty());
}
