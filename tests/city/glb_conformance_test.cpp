// Exported GLBs against the glTF 2.0 specification, checked two ways with
// Debian's own packages: the rules below (the specification's "must"s that an
// exporter can break, named after the Khronos validator's issue codes), and
// Assimp's glTF 2.0 importer with its data-structure validation. Real imports
// (CityGML with derived ground, CityJSON in another CRS, LoD1) and a synthetic
// city; seeded defects show that each rule can fail.
#include <catch2/catch.hpp>

#include <assimp/Importer.hpp>
#include <assimp/postprocess.h>
#include <assimp/scene.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "places/city/glb_export.hpp"
#include "places/city/import.hpp"
#include "places/core/progress.hpp"
#include "citygml_test_data.hpp"
#include "glb_reader.hpp"
#include "run_places.hpp"
#include "synthetic_city.hpp"

using namespace places::city;
using nlohmann::json;

namespace {

int componentSize(int componentType) {
    switch (componentType) {
        case 5120: case 5121: return 1;  // (unsigned) byte
        case 5122: case 5123: return 2;  // (unsigned) short
        case 5125: case 5126: return 4;  // unsigned int, float
        default: return 0;
    }
}

int componentCount(const std::string& type) {
    if (type == "SCALAR") return 1;
    if (type == "VEC2") return 2;
    if (type == "VEC3") return 3;
    if (type == "VEC4" || type == "MAT2") return 4;
    if (type == "MAT3") return 9;
    if (type == "MAT4") return 16;
    return 0;
}

// Reads component c of element i of a validated accessor as a double.
double component(const test::Glb& glb, const json& accessor, std::size_t i, int c) {
    const json& view = glb.json["bufferViews"][accessor["bufferView"].get<std::size_t>()];
    const int type = accessor["componentType"];
    const std::size_t size = static_cast<std::size_t>(componentSize(type));
    const std::size_t at = view.value("byteOffset", std::size_t{0}) + accessor.value("byteOffset", std::size_t{0}) +
                           (i * static_cast<std::size_t>(componentCount(accessor["type"])) + static_cast<std::size_t>(c)) * size;
    const std::byte* p = glb.bin.data() + at;
    switch (type) {
        case 5121: return static_cast<double>(std::to_integer<std::uint8_t>(*p));
        case 5123: { std::uint16_t v; std::memcpy(&v, p, 2); return v; }
        case 5125: { std::uint32_t v; std::memcpy(&v, p, 4); return v; }
        case 5126: { float v; std::memcpy(&v, p, 4); return static_cast<double>(v); }
        default: return std::numeric_limits<double>::quiet_NaN();
    }
}

bool validIndex(const json& document, const char* array, const json& index) {
    return index.is_number_unsigned() && document.contains(array) &&
           index.get<std::size_t>() < document[array].size();
}

// Every rule the exporter could break; each problem names the object and the
// validator's issue code. Empty = conforming.
std::vector<std::string> conformanceProblems(const test::Glb& glb) {
    std::vector<std::string> problems;
    auto problem = [&](const std::string& where, const std::string& code) { problems.push_back(where + ": " + code); };
    const json& d = glb.json;

    // GLB chunks (glTF 2.0, "Binary glTF Layout").
    for (std::byte b : glb.jsonChunk)
        if (b == std::byte{0}) { problem("JSON chunk", "GLB_CHUNK_PADDING (NUL in the JSON chunk; pad with spaces)"); break; }
    if (glb.bin.size() % 4 != 0) problem("BIN chunk", "GLB_CHUNK_LENGTH_UNALIGNED");

    if (!d.contains("asset") || d["asset"].value("version", "") != "2.0") problem("/asset", "UNKNOWN_ASSET_MAJOR_VERSION");

    // Buffers: one, the GLB-stored one, no URI, no more than 3 bytes short of the chunk.
    const std::size_t buffers = d.contains("buffers") ? d["buffers"].size() : 0;
    if (buffers > 1) problem("/buffers", "more than the GLB-stored buffer");
    if (buffers == 1) {
        const json& b = d["buffers"][0];
        if (b.contains("uri")) problem("/buffers/0", "BUFFER_EXTERNAL (a GLB's own buffer has no uri)");
        const std::size_t length = b.value("byteLength", std::size_t{0});
        if (length > glb.bin.size()) problem("/buffers/0", "BUFFER_GLB_CHUNK_TOO_SMALL");
        if (glb.bin.size() > length + 3) problem("/buffers/0", "GLB_CHUNK_TOO_BIG");
    }

    // Buffer views.
    std::vector<int> viewTarget;
    if (d.contains("bufferViews"))
        for (std::size_t v = 0; v < d["bufferViews"].size(); ++v) {
            const json& view = d["bufferViews"][v];
            const std::string where = "/bufferViews/" + std::to_string(v);
            if (!validIndex(d, "buffers", view.value("buffer", json()))) problem(where, "UNRESOLVED_REFERENCE buffer");
            const std::size_t end = view.value("byteOffset", std::size_t{0}) + view.value("byteLength", std::size_t{0});
            if (buffers == 1 && end > d["buffers"][0].value("byteLength", std::size_t{0}))
                problem(where, "BUFFER_VIEW_TOO_LONG");
            const int target = view.value("target", 0);
            if (target != 0 && target != 34962 && target != 34963) problem(where, "VALUE_NOT_IN_LIST target");
            if (view.contains("byteStride")) problem(where, "byteStride (the exporter writes tightly packed views)");
            viewTarget.push_back(target);
        }

    // Accessors: types, alignment, range, finite values, declared bounds.
    const std::size_t accessorCount = d.contains("accessors") ? d["accessors"].size() : 0;
    std::vector<bool> accessorOk(accessorCount, false);
    for (std::size_t a = 0; a < accessorCount; ++a) {
        const json& accessor = d["accessors"][a];
        const std::string where = "/accessors/" + std::to_string(a);
        if (!validIndex(d, "bufferViews", accessor.value("bufferView", json()))) {
            problem(where, "UNRESOLVED_REFERENCE bufferView");
            continue;
        }
        const int size = componentSize(accessor.value("componentType", 0));
        const int components = componentCount(accessor.value("type", ""));
        const std::size_t count = accessor.value("count", std::size_t{0});
        if (size == 0) { problem(where, "VALUE_NOT_IN_LIST componentType"); continue; }
        if (components == 0) { problem(where, "VALUE_NOT_IN_LIST type"); continue; }
        if (count == 0) problem(where, "VALUE_NOT_IN_RANGE count (>= 1)");
        const json& view = d["bufferViews"][accessor["bufferView"].get<std::size_t>()];
        const std::size_t offset = accessor.value("byteOffset", std::size_t{0});
        if ((view.value("byteOffset", std::size_t{0}) + offset) % static_cast<std::size_t>(size) != 0)
            problem(where, "ACCESSOR_TOTAL_OFFSET_ALIGNMENT");
        if (offset + count * static_cast<std::size_t>(size * components) > view.value("byteLength", std::size_t{0}))
            problem(where, "ACCESSOR_TOO_LONG");
        else if (view.value("byteOffset", std::size_t{0}) + view.value("byteLength", std::size_t{0}) > glb.bin.size())
            problem(where, "BUFFER_VIEW_TOO_LONG (past the BIN chunk)");
        else
            accessorOk[a] = true;
        if (!accessorOk[a]) continue;
        std::vector<double> lo(static_cast<std::size_t>(components), std::numeric_limits<double>::infinity());
        std::vector<double> hi(static_cast<std::size_t>(components), -std::numeric_limits<double>::infinity());
        for (std::size_t i = 0; i < count; ++i)
            for (int c = 0; c < components; ++c) {
                const double v = component(glb, accessor, i, c);
                if (!std::isfinite(v)) { problem(where, "ACCESSOR_INVALID_FLOAT"); i = count; break; }
                lo[static_cast<std::size_t>(c)] = std::min(lo[static_cast<std::size_t>(c)], v);
                hi[static_cast<std::size_t>(c)] = std::max(hi[static_cast<std::size_t>(c)], v);
            }
        // Declared bounds must equal the data's (as float: that is what is stored).
        for (const char* key : {"min", "max"}) {
            if (!accessor.contains(key)) continue;
            const json& declared = accessor[key];
            if (declared.size() != static_cast<std::size_t>(components)) { problem(where, std::string("ACCESSOR_") + key + " length"); continue; }
            const std::vector<double>& actual = std::string(key) == "min" ? lo : hi;
            for (std::size_t c = 0; c < actual.size(); ++c)
                if (static_cast<float>(declared[c].get<double>()) != static_cast<float>(actual[c]))
                    problem(where, std::string("ACCESSOR_") + (std::string(key) == "min" ? "MIN" : "MAX") + "_MISMATCH");
        }
    }

    // Meshes and their primitives.
    std::set<std::size_t> usedAccessors, usedMaterials;
    const std::size_t meshCount = d.contains("meshes") ? d["meshes"].size() : 0;
    for (std::size_t m = 0; m < meshCount; ++m) {
        const json& primitives = d["meshes"][m].value("primitives", json::array());
        if (primitives.empty()) problem("/meshes/" + std::to_string(m), "primitives must not be empty");
        for (std::size_t p = 0; p < primitives.size(); ++p) {
            const json& primitive = primitives[p];
            const std::string where = "/meshes/" + std::to_string(m) + "/primitives/" + std::to_string(p);
            if (primitive.value("mode", 4) != 4) problem(where, "mode (the exporter writes triangles)");
            if (primitive.contains("material")) {
                if (!validIndex(d, "materials", primitive["material"])) problem(where, "UNRESOLVED_REFERENCE material");
                else usedMaterials.insert(primitive["material"].get<std::size_t>());
            }
            const json& attributes = primitive.value("attributes", json::object());
            if (!attributes.contains("POSITION")) problem(where, "MESH_PRIMITIVE_NO_POSITION");
            std::size_t vertices = 0;
            bool first = true;
            for (const auto& [semantic, index] : attributes.items()) {
                const std::string at = where + "/attributes/" + semantic;
                if (!validIndex(d, "accessors", index)) { problem(at, "UNRESOLVED_REFERENCE"); continue; }
                const std::size_t a = index.get<std::size_t>();
                usedAccessors.insert(a);
                const json& accessor = d["accessors"][a];
                const std::size_t count = accessor.value("count", std::size_t{0});
                if (!first && count != vertices) problem(at, "MESH_PRIMITIVE_UNEQUAL_ACCESSOR_COUNT");
                vertices = count;
                first = false;
                if (viewTarget[accessor["bufferView"].get<std::size_t>()] != 34962)
                    problem(at, "BUFFER_VIEW_TARGET_MISMATCH (vertex data needs ARRAY_BUFFER)");
                if ((d["bufferViews"][accessor["bufferView"].get<std::size_t>()].value("byteOffset", std::size_t{0}) +
                     accessor.value("byteOffset", std::size_t{0})) % 4 != 0)
                    problem(at, "MESH_PRIMITIVE_ACCESSOR_UNALIGNED");
                const bool vec3Float = accessor.value("type", "") == "VEC3" && accessor.value("componentType", 0) == 5126;
                if (semantic == "POSITION") {
                    if (!vec3Float) problem(at, "MESH_PRIMITIVE_ATTRIBUTES_ACCESSOR_INVALID_FORMAT");
                    if (!accessor.contains("min") || !accessor.contains("max")) problem(at, "MESH_PRIMITIVE_POSITION_ACCESSOR_WITHOUT_BOUNDS");
                } else if (semantic == "NORMAL") {
                    if (!vec3Float) problem(at, "MESH_PRIMITIVE_ATTRIBUTES_ACCESSOR_INVALID_FORMAT");
                    else if (accessorOk[a])
                        for (std::size_t i = 0; i < count; ++i) {
                            const double x = component(glb, accessor, i, 0), y = component(glb, accessor, i, 1),
                                         z = component(glb, accessor, i, 2);
                            if (std::abs(std::sqrt(x * x + y * y + z * z) - 1.0) > 5e-4) {
                                problem(at, "ACCESSOR_VECTOR3_NON_UNIT (vertex " + std::to_string(i) + ")");
                                break;
                            }
                        }
                } else if (semantic.empty() || semantic[0] != '_') {
                    problem(at, "MESH_PRIMITIVE_INVALID_ATTRIBUTE (application semantics start with _)");
                }
            }
            if (!primitive.contains("indices")) continue;
            if (!validIndex(d, "accessors", primitive["indices"])) { problem(where + "/indices", "UNRESOLVED_REFERENCE"); continue; }
            const std::size_t a = primitive["indices"].get<std::size_t>();
            usedAccessors.insert(a);
            const json& accessor = d["accessors"][a];
            const int type = accessor.value("componentType", 0);
            if (accessor.value("type", "") != "SCALAR" || (type != 5121 && type != 5123 && type != 5125))
                problem(where + "/indices", "MESH_PRIMITIVE_INDICES_ACCESSOR_INVALID_FORMAT");
            if (viewTarget[accessor["bufferView"].get<std::size_t>()] != 34963)
                problem(where + "/indices", "BUFFER_VIEW_TARGET_MISMATCH (indices need ELEMENT_ARRAY_BUFFER)");
            const std::size_t count = accessor.value("count", std::size_t{0});
            if (count % 3 != 0) problem(where + "/indices", "MESH_PRIMITIVE_INCOMPATIBLE_MODE (count not a multiple of 3)");
            if (!accessorOk[a]) continue;
            const double restart = type == 5121 ? 255 : type == 5123 ? 65535 : 4294967295.0;
            for (std::size_t i = 0; i < count; ++i) {
                const double v = component(glb, accessor, i, 0);
                if (v >= static_cast<double>(vertices)) { problem(where + "/indices", "ACCESSOR_INDEX_OOB (index " + std::to_string(i) + ")"); break; }
                if (v == restart) { problem(where + "/indices", "ACCESSOR_INDEX_PRIMITIVE_RESTART"); break; }
            }
        }
    }

    // Nodes and scenes: valid references, every node in the scene once.
    std::set<std::size_t> usedMeshes, sceneNodes;
    const std::size_t nodeCount = d.contains("nodes") ? d["nodes"].size() : 0;
    for (std::size_t n = 0; n < nodeCount; ++n) {
        const json& node = d["nodes"][n];
        if (node.contains("children")) problem("/nodes/" + std::to_string(n), "children (the exporter writes root nodes only)");
        if (!node.contains("mesh")) continue;
        if (!validIndex(d, "meshes", node["mesh"])) problem("/nodes/" + std::to_string(n), "UNRESOLVED_REFERENCE mesh");
        else usedMeshes.insert(node["mesh"].get<std::size_t>());
    }
    if (!validIndex(d, "scenes", d.value("scene", json()))) problem("/scene", "UNRESOLVED_REFERENCE");
    if (d.contains("scenes"))
        for (const json& scene : d["scenes"])
            for (const json& n : scene.value("nodes", json::array())) {
                if (!validIndex(d, "nodes", n)) problem("/scenes", "UNRESOLVED_REFERENCE node");
                else if (!sceneNodes.insert(n.get<std::size_t>()).second) problem("/scenes", "SCENE_NON_ROOT_NODE (node twice)");
            }

    // Materials: factors in range.
    if (d.contains("materials"))
        for (std::size_t m = 0; m < d["materials"].size(); ++m) {
            const json& pbr = d["materials"][m].value("pbrMetallicRoughness", json::object());
            std::vector<double> factors = pbr.value("baseColorFactor", std::vector<double>{1, 1, 1, 1});
            factors.push_back(pbr.value("metallicFactor", 1.0));
            factors.push_back(pbr.value("roughnessFactor", 1.0));
            for (double f : factors)
                if (!(f >= 0.0 && f <= 1.0)) problem("/materials/" + std::to_string(m), "VALUE_NOT_IN_RANGE factor");
        }

    // Nothing written that nothing uses (the validator's UNUSED_OBJECT).
    for (std::size_t a = 0; a < accessorCount; ++a)
        if (!usedAccessors.count(a)) problem("/accessors/" + std::to_string(a), "UNUSED_OBJECT");
    for (std::size_t m = 0; m < meshCount; ++m)
        if (!usedMeshes.count(m)) problem("/meshes/" + std::to_string(m), "UNUSED_OBJECT");
    for (std::size_t n = 0; n < nodeCount; ++n)
        if (!sceneNodes.count(n)) problem("/nodes/" + std::to_string(n), "UNUSED_OBJECT (in no scene)");
    if (d.contains("materials"))
        for (std::size_t m = 0; m < d["materials"].size(); ++m)
            if (!usedMaterials.count(m)) problem("/materials/" + std::to_string(m), "UNUSED_OBJECT");
    return problems;
}

std::size_t indexedTriangles(const json& d) {
    std::size_t triangles = 0;
    for (const json& mesh : d.value("meshes", json::array()))
        for (const json& primitive : mesh["primitives"])
            triangles += d["accessors"][primitive["indices"].get<std::size_t>()]["count"].get<std::size_t>() / 3;
    return triangles;
}

// Assimp's glTF 2.0 importer reads it and its structure validation passes; the
// triangles it sees are the ones the GLB indexes.
void checkWithAssimp(const std::vector<std::byte>& bytes, std::size_t expectedTriangles) {
    Assimp::Importer importer;
    const aiScene* scene = importer.ReadFileFromMemory(bytes.data(), bytes.size(), aiProcess_ValidateDataStructure, "glb");
    INFO(importer.GetErrorString());
    REQUIRE(scene != nullptr);
    REQUIRE(!(scene->mFlags & AI_SCENE_FLAGS_INCOMPLETE));
    std::size_t faces = 0;
    for (unsigned m = 0; m < scene->mNumMeshes; ++m) {
        const aiMesh* mesh = scene->mMeshes[m];
        CHECK(mesh->mPrimitiveTypes == aiPrimitiveType_TRIANGLE);
        CHECK(mesh->HasNormals());
        faces += mesh->mNumFaces;
    }
    CHECK(faces == expectedTriangles);
}

// The file as bytes (test::fileBytes reads it).
std::vector<std::byte> glbFile(const std::string& path) {
    const std::string text = test::fileBytes(path);
    const auto* p = reinterpret_cast<const std::byte*>(text.data());
    return {p, p + text.size()};
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

}  // namespace

TEST_CASE("a synthetic city's GLB conforms to glTF 2.0 and Assimp reads every triangle", "[glb][conformance]") {
    City city = test::makeSyntheticCity({.columns = 12, .rows = 12});
    city.mesh.triangleSurface[0] = SurfaceType::Closure;  // not exported
    auto encoded = encodeGlb(city);
    REQUIRE(encoded.ok());
    const test::Glb glb = test::parseGlb(*encoded);
    const auto problems = conformanceProblems(glb);
    INFO(joined(problems));
    CHECK(problems.empty());
    CHECK(indexedTriangles(glb.json) == city.mesh.triangleCount() - 1);
    checkWithAssimp(*encoded, city.mesh.triangleCount() - 1);
}

TEST_CASE("GLBs exported by places import from real files conform to glTF 2.0", "[glb][conformance][import]") {
    // CityGML in EPSG:25832 with derived ground (a terrain mesh), LoD1 from
    // another NRW tile, CityJSON in the Dutch CRS with relief-free LoD2, and
    // Zürich's CityJSON in EPSG:2056.
    const std::string inputs[] = {
        test::kErle,
        test::cityGml("LoD1_470_5757_1_NW.gml"),
        std::string(PLACES_ASSETS_DIR) + "/city/cityjson/3-20-DELFSHAVEN.city.json",
        std::string(PLACES_ASSETS_DIR) + "/city/cityjson/zurich_subset_lod2.city.json",
    };
    for (const std::string& input : inputs) {
        DYNAMIC_SECTION(input) {
            ImportRequest request;
            request.inputs = {input};
            request.glb = test::tempPath("conformance.glb");
            places::NullProgress progress;
            const ImportReport report = runImportPipeline(request, progress);
            INFO(report.diagnostics.firstError());
            REQUIRE(report.ok);
            const std::vector<std::byte> bytes = glbFile(request.glb);
            const test::Glb glb = test::parseGlb(bytes);
            const auto problems = conformanceProblems(glb);
            INFO(joined(problems));
            CHECK(problems.empty());
            const std::size_t triangles = indexedTriangles(glb.json);
            CHECK(triangles >= report.summary.triangles - report.summary.surfaces.closure);
            checkWithAssimp(bytes, triangles);
        }
    }
}

TEST_CASE("the conformance rules catch each seeded defect", "[glb][conformance]") {
    const City city = test::makeSyntheticCity({.columns = 3, .rows = 2});
    auto encoded = encodeGlb(city);
    REQUIRE(encoded.ok());
    const test::Glb good = test::parseGlb(*encoded);
    REQUIRE(conformanceProblems(good).empty());
    const json& primitive = good.json["meshes"][0]["primitives"][0];
    const std::size_t position = primitive["attributes"]["POSITION"];
    const std::size_t normal = primitive["attributes"]["NORMAL"];
    const std::size_t indices = primitive["indices"];

    auto expectProblem = [&](const std::string& code, auto&& damage) {
        test::Glb bad = good;
        damage(bad);
        const auto problems = conformanceProblems(bad);
        INFO(code << "\n" << joined(problems));
        CHECK(std::any_of(problems.begin(), problems.end(),
                          [&](const std::string& p) { return p.find(code) != std::string::npos; }));
    };
    auto viewOffset = [&](const test::Glb& g, std::size_t accessor) {
        return g.json["bufferViews"][g.json["accessors"][accessor]["bufferView"].get<std::size_t>()]["byteOffset"].get<std::size_t>();
    };
    expectProblem("ACCESSOR_MIN_MISMATCH", [&](test::Glb& g) { g.json["accessors"][position]["min"][1] = -1000.0; });
    expectProblem("MESH_PRIMITIVE_POSITION_ACCESSOR_WITHOUT_BOUNDS", [&](test::Glb& g) { g.json["accessors"][position].erase("max"); });
    expectProblem("ACCESSOR_VECTOR3_NON_UNIT", [&](test::Glb& g) {
        const float longNormal[3] = {0.0f, 1.5f, 0.0f};
        std::memcpy(g.bin.data() + viewOffset(g, normal), longNormal, sizeof longNormal);
    });
    expectProblem("ACCESSOR_INDEX_OOB", [&](test::Glb& g) {
        const std::size_t size = static_cast<std::size_t>(componentSize(g.json["accessors"][indices]["componentType"]));
        std::memset(g.bin.data() + viewOffset(g, indices), 0x7f, size);
    });
    expectProblem("ACCESSOR_INVALID_FLOAT", [&](test::Glb& g) {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        std::memcpy(g.bin.data() + viewOffset(g, position), &nan, 4);
    });
    expectProblem("ACCESSOR_TOO_LONG", [&](test::Glb& g) { g.json["accessors"][position]["count"] = 1u << 30; });
    expectProblem("ACCESSOR_TOTAL_OFFSET_ALIGNMENT", [&](test::Glb& g) { g.json["accessors"][position]["byteOffset"] = 2; });
    expectProblem("BUFFER_VIEW_TARGET_MISMATCH", [&](test::Glb& g) {
        g.json["bufferViews"][g.json["accessors"][indices]["bufferView"].get<std::size_t>()]["target"] = 34962;
    });
    expectProblem("MESH_PRIMITIVE_UNEQUAL_ACCESSOR_COUNT", [&](test::Glb& g) { g.json["accessors"][normal]["count"] = 3; });
    expectProblem("MESH_PRIMITIVE_INVALID_ATTRIBUTE", [&](test::Glb& g) {
        auto& attributes = g.json["meshes"][0]["primitives"][0]["attributes"];
        attributes["BUILDING_ID"] = attributes["_BUILDING_ID"];
        attributes.erase("_BUILDING_ID");
    });
    expectProblem("UNUSED_OBJECT", [&](test::Glb& g) { g.json["accessors"].push_back(g.json["accessors"][position]); });
    expectProblem("UNRESOLVED_REFERENCE material", [&](test::Glb& g) { g.json["meshes"][0]["primitives"][0]["material"] = 99; });
    expectProblem("GLB_CHUNK_TOO_BIG", [&](test::Glb& g) { g.bin.resize(g.bin.size() + 8); });
    expectProblem("UNKNOWN_ASSET_MAJOR_VERSION", [&](test::Glb& g) { g.json["asset"]["version"] = "1.0"; });
    expectProblem("VALUE_NOT_IN_RANGE factor", [&](test::Glb& g) {
        g.json["materials"][0]["pbrMetallicRoughness"]["roughnessFactor"] = 1.5;
    });
}
