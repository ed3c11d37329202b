// Hand-written GLB: nlohmann for the JSON chunk, one binary chunk. tinygltf
// was not used: it copies every buffer into its own model first and drags
// image code in, while the layout here is fixed and small to write directly.
#include "places/city/glb_export.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include <glm/geometric.hpp>
#include <nlohmann/json.hpp>

#include "places/core/atomic_write.hpp"
#include "places/core/version.hpp"

namespace places::city {

namespace {

using nlohmann::json;

enum Material { kRoof, kWall, kGround, kOther, kTerrain, kMaterialCount };

int materialOf(SurfaceType type) {
    switch (type) {
        case SurfaceType::Roof: return kRoof;
        case SurfaceType::Wall: return kWall;
        case SurfaceType::Ground: return kGround;
        case SurfaceType::Closure: return -1;  // virtual: not drawn
        case SurfaceType::Terrain: return kTerrain;
        case SurfaceType::Other:
        case SurfaceType::Unknown: break;
    }
    return kOther;
}

// glTF colour factors are linear; the palette is picked in sRGB.
float linear(float srgb) {
    return srgb <= 0.04045f ? srgb / 12.92f : std::pow((srgb + 0.055f) / 1.055f, 2.4f);
}

struct Palette {
    const char* name;
    std::array<float, 3> srgb;
};
constexpr Palette kPalette[kMaterialCount] = {
    {"roof", {0.62f, 0.29f, 0.22f}},    // brick red-brown tiles
    {"wall", {0.86f, 0.83f, 0.77f}},    // light warm grey plaster
    {"ground", {0.50f, 0.50f, 0.50f}},  // grey
    {"other", {0.63f, 0.67f, 0.72f}},   // cool grey: towers, bridges, unknown
    {"terrain", {0.50f, 0.57f, 0.38f}}, // dry-grass green: relief and derived ground (as the renderer's)
};

class BinaryChunk {
public:
    // Appends a 4-byte aligned bufferView and returns its index.
    template <class T>
    std::size_t view(json& gltf, const std::vector<T>& data, int target) {
        bytes_.resize((bytes_.size() + 3) / 4 * 4);
        const std::size_t offset = bytes_.size();
        const auto* p = reinterpret_cast<const std::byte*>(data.data());
        bytes_.insert(bytes_.end(), p, p + data.size() * sizeof(T));
        gltf["bufferViews"].push_back(
            {{"buffer", 0}, {"byteOffset", offset}, {"byteLength", data.size() * sizeof(T)}, {"target", target}});
        return gltf["bufferViews"].size() - 1;
    }
    std::vector<std::byte>& bytes() { return bytes_; }

private:
    std::vector<std::byte> bytes_;
};

constexpr int kArrayBuffer = 34962, kElementArrayBuffer = 34963;
constexpr int kFloat = 5126, kUnsignedShort = 5123, kUnsignedInt = 5125;

std::size_t accessor(json& gltf, std::size_t view, int componentType, std::size_t count, const char* type) {
    gltf["accessors"].push_back({{"bufferView", view}, {"componentType", componentType}, {"count", count}, {"type", type}});
    return gltf["accessors"].size() - 1;
}

// One primitive's vertex and index data, with city vertices renumbered.
struct Primitive {
    std::vector<glm::vec3> positions, normals;
    std::vector<float> building;
    std::vector<std::uint32_t> indices;
};

}  // namespace

Result<std::vector<std::byte>> encodeGlb(const City& city, const GlbOptions& options) {
    Result<std::vector<std::byte>> result;
    if (city.buildings.size() > (1u << 24)) {
        result.diagnostics.error({}, "glTF export keeps building ids as floats: at most 16,777,216 buildings");
        return result;
    }
    const CityMesh& mesh = city.mesh;
    std::array<Primitive, kMaterialCount> primitives;
    // remap[v] = vertex index inside the primitive that first used v (per primitive).
    std::vector<std::uint32_t> remap(mesh.positions.size());
    std::vector<std::int8_t> owner(mesh.positions.size(), -1);
    for (std::size_t t = 0; t < mesh.triangleCount(); ++t) {
        const int m = materialOf(mesh.triangleSurface[t]);
        if (m < 0) continue;
        Primitive& p = primitives[static_cast<std::size_t>(m)];
        for (std::size_t i = 0; i < 3; ++i) {
            const std::uint32_t v = mesh.indices[3 * t + i];
            if (owner[v] != m) {  // first use in this primitive (vertices are per polygon, so rarely re-owned)
                owner[v] = static_cast<std::int8_t>(m);
                remap[v] = static_cast<std::uint32_t>(p.positions.size());
                p.positions.push_back(mesh.positions[v]);
                glm::vec3 n = mesh.normals[v];
                const float length = glm::length(n);
                // The validator requires unit normals; a degenerate one points up.
                p.normals.push_back(std::isfinite(length) && length > 1e-6f ? n / length : glm::vec3(0, 1, 0));
                p.building.push_back(static_cast<float>(mesh.triangleBuilding[t]));
            }
            p.indices.push_back(remap[v]);
        }
    }

    json gltf;
    gltf["asset"] = {{"version", "2.0"}, {"generator", std::string("places ") + kVersion}};
    gltf["asset"]["extras"]["georeference"] = {
        {"crs", city.geo.crs},
        {"verticalCrs", city.geo.verticalCrs},
        {"origin", {city.geo.origin.x, city.geo.origin.y, city.geo.origin.z}},
        {"axes", "x = east, y = up, z = south, metres relative to origin"}};
    BinaryChunk bin;
    json attributes = json::array();
    json meshPrimitives = json::array();
    json terrainPrimitives = json::array();  // own mesh and node, so viewers and tools tell ground from buildings
    for (std::size_t m = 0; m < kMaterialCount; ++m) {
        Primitive& p = primitives[m];
        if (p.indices.empty()) continue;
        const auto& colour = kPalette[m].srgb;
        gltf["materials"].push_back({{"name", kPalette[m].name},
                                     {"doubleSided", options.doubleSided},
                                     {"pbrMetallicRoughness",
                                      {{"baseColorFactor", {linear(colour[0]), linear(colour[1]), linear(colour[2]), 1.0}},
                                       {"metallicFactor", 0.0},
                                       {"roughnessFactor", 0.9}}}});
        glm::vec3 lo(std::numeric_limits<float>::max()), hi(std::numeric_limits<float>::lowest());
        for (const auto& v : p.positions) {
            lo = glm::min(lo, v);
            hi = glm::max(hi, v);
        }
        const std::size_t count = p.positions.size();
        const std::size_t position = accessor(gltf, bin.view(gltf, p.positions, kArrayBuffer), kFloat, count, "VEC3");
        gltf["accessors"][position]["min"] = {lo.x, lo.y, lo.z};
        gltf["accessors"][position]["max"] = {hi.x, hi.y, hi.z};
        const std::size_t normal = accessor(gltf, bin.view(gltf, p.normals, kArrayBuffer), kFloat, count, "VEC3");
        const std::size_t building = accessor(gltf, bin.view(gltf, p.building, kArrayBuffer), kFloat, count, "SCALAR");
        std::size_t indices;
        if (count <= 65535) {
            std::vector<std::uint16_t> small(p.indices.begin(), p.indices.end());
            indices = accessor(gltf, bin.view(gltf, small, kElementArrayBuffer), kUnsignedShort, small.size(), "SCALAR");
        } else {
            indices = accessor(gltf, bin.view(gltf, p.indices, kElementArrayBuffer), kUnsignedInt, p.indices.size(), "SCALAR");
        }
        (m == kTerrain ? terrainPrimitives : meshPrimitives)
            .push_back({{"attributes", {{"POSITION", position}, {"NORMAL", normal}, {"_BUILDING_ID", building}}},
                        {"indices", indices},
                        {"material", gltf["materials"].size() - 1},
                        {"mode", 4}});
    }

    json buildings = {{"id", json::array()}, {"function", json::array()}, {"parent", json::array()},
                      {"measuredHeight", json::array()}, {"kind", json::array()}};
    for (const BuildingRecord& b : city.buildings) {
        buildings["id"].push_back(b.id);
        buildings["function"].push_back(b.function);
        buildings["parent"].push_back(b.parent);
        buildings["measuredHeight"].push_back(b.measuredHeight >= 0.0f ? json(b.measuredHeight) : json(nullptr));
        buildings["kind"].push_back(toString(b.kind));
    }
    json node = {{"name", "city"}, {"extras", {{"buildings", std::move(buildings)}}}};
    if (!meshPrimitives.empty()) {
        gltf["meshes"].push_back({{"name", "city"}, {"primitives", std::move(meshPrimitives)}});
        node["mesh"] = 0;
    }
    gltf["nodes"].push_back(std::move(node));
    json sceneNodes = {0};
    if (!terrainPrimitives.empty()) {
        gltf["meshes"].push_back({{"name", "terrain"}, {"primitives", std::move(terrainPrimitives)}});
        gltf["nodes"].push_back(
            {{"name", "terrain"}, {"mesh", gltf["meshes"].size() - 1}, {"extras", {{"kind", "terrain"}}}});
        sceneNodes.push_back(gltf["nodes"].size() - 1);
    }
    gltf["scenes"].push_back({{"name", "city"}, {"nodes", std::move(sceneNodes)}});
    gltf["scene"] = 0;
    std::vector<std::byte>& data = bin.bytes();
    data.resize((data.size() + 3) / 4 * 4);
    if (!data.empty()) gltf["buffers"].push_back({{"byteLength", data.size()}});

    std::string text = gltf.dump();
    text.resize((text.size() + 3) / 4 * 4, ' ');  // chunks are 4-byte aligned; JSON pads with spaces
    std::vector<std::byte> glb;
    const auto put32 = [&](std::uint32_t v) {
        const auto* p = reinterpret_cast<const std::byte*>(&v);
        glb.insert(glb.end(), p, p + 4);
    };
    const std::size_t total = 12 + 8 + text.size() + (data.empty() ? 0 : 8 + data.size());
    if (total > std::numeric_limits<std::uint32_t>::max()) {
        result.diagnostics.error({}, "the city is too large for one GLB (4 GiB limit)");
        return result;
    }
    put32(0x46546C67);  // "glTF"
    put32(2);
    put32(static_cast<std::uint32_t>(total));
    put32(static_cast<std::uint32_t>(text.size()));
    put32(0x4E4F534A);  // "JSON"
    const auto* chars = reinterpret_cast<const std::byte*>(text.data());
    glb.insert(glb.end(), chars, chars + text.size());
    if (!data.empty()) {
        put32(static_cast<std::uint32_t>(data.size()));
        put32(0x004E4942);  // "BIN\0"
        glb.insert(glb.end(), data.begin(), data.end());
    }
    result.value = std::move(glb);
    return result;
}

Result<GlbStats> exportGlb(const City& city, const std::string& path, const GlbOptions& options) {
    Result<GlbStats> result;
    auto encoded = encodeGlb(city, options);
    result.diagnostics = std::move(encoded.diagnostics);
    if (!encoded.value) return result;
    // Temporary file + rename, like the pack: a killed import keeps the previous GLB.
    if (!writeFileAtomically(path, *encoded.value, "the GLB", result.diagnostics)) return result;
    GlbStats stats;
    stats.bytes = encoded.value->size();
    for (SurfaceType s : city.mesh.triangleSurface) stats.triangles += materialOf(s) >= 0;
    stats.buildings = city.buildings.size();
    result.value = stats;
    return result;
}

}  // namespace places::city
