#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <assimp/Exporter.hpp>
#include <assimp/Importer.hpp>
#include <assimp/postprocess.h>
#include <assimp/scene.h>

#include "places/assets/import.hpp"

namespace fs = std::filesystem;
using namespace places::assets;

namespace {

const std::string kVenues = std::string(PLACES_ASSETS_DIR) + "/venues/";

fs::path scratchDir(const std::string& name) {
    fs::path dir = fs::path(PLACES_BINARY_DIR) / "test-scratch" / "assets" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

AssetModel load(const std::string& relative) {
    places::Result<AssetModel> r = importAsset(kVenues + relative);
    INFO(relative << ": " << r.diagnostics.firstError());
    REQUIRE(r.ok());
    return std::move(*r.value);
}

}  // namespace

TEST_CASE("bundled venue assets import with the documented triangle counts and no warnings") {
    // Counts from assets README / data notes (section 2): per mesh as stored in the file.
    const std::pair<const char*, std::uint64_t> expected[] = {
        {"khronos/Box/Box.glb", 12},
        {"khronos/BoxTextured/BoxTextured.glb", 12},
        {"khronos/CesiumMilkTruck/CesiumMilkTruck.glb", 2856},
        {"khronos/GlamVelvetSofa/GlamVelvetSofa.glb", 4196},
        {"khronos/SheenChair/glTF/SheenChair.gltf", 39936},
        {"kenney/pavement-fountain.glb", 152},
        {"kenney/building-small-a.glb", 452},
        {"kenney/road-straight-lightposts.glb", 190},
        {"obj/spider/spider.obj", 1368},
    };
    for (const auto& [file, triangles] : expected) {
        places::Result<AssetModel> r = importAsset(kVenues + file);
        INFO(file);
        REQUIRE(r.ok());
        CHECK(r.diagnostics.warningCount() == 0);
        CHECK(r->uniqueTriangleCount() == triangles);
        CHECK(r->instancedTriangleCount() >= triangles);
        CHECK_FALSE(r->bounds.empty());
        for (const Mesh& mesh : r->meshes) {
            CHECK(mesh.normals.size() == mesh.positions.size());
            CHECK(mesh.material < r->materials.size());
            for (std::uint32_t index : mesh.indices) REQUIRE(index < mesh.positions.size());
        }
        for (const Image& image : r->images) {
            CHECK_FALSE(image.fallback);
            CHECK(image.rgba.size() == std::size_t{image.width} * image.height * 4);
            CHECK(image.width > 0);
        }
    }
}

TEST_CASE("the root Z-up to Y-up matrix of Khronos samples is applied") {
    const AssetModel box = load("khronos/Box/Box.glb");
    REQUIRE(box.instances.size() == 1);
    // Box.glb root node matrix: mesh +Z becomes +Y, mesh +Y becomes -Z.
    const glm::vec4 up = box.instances[0].transform * glm::vec4(0, 0, 1, 0);
    CHECK(up.y == Approx(1.0f));
    const glm::vec4 back = box.instances[0].transform * glm::vec4(0, 1, 0, 0);
    CHECK(back.z == Approx(-1.0f));

    // The milk truck stands on its wheels: about 2.6 m high, about 5 m long.
    const AssetModel truck = load("khronos/CesiumMilkTruck/CesiumMilkTruck.glb");
    CHECK(truck.instances.size() == 5);  // body (3 primitives) + two wheel nodes
    CHECK(truck.instancedTriangleCount() > truck.uniqueTriangleCount());
    const glm::vec3 size = truck.bounds.size();
    CHECK(size.y > 2.0f);
    CHECK(size.y < 3.5f);
    CHECK(std::max(size.x, size.z) > 4.0f);
    CHECK(std::max(size.x, size.z) < 7.0f);
    CHECK(truck.bounds.min.y == Approx(0.0f).margin(0.6));
}

TEST_CASE("embedded bufferView images are decoded") {
    const AssetModel box = load("khronos/BoxTextured/BoxTextured.glb");
    REQUIRE(box.meshes.size() == 1);
    REQUIRE(box.materials[box.meshes[0].material].baseColorTexture == 0);
    const Image& image = box.images[0];
    CHECK(image.width == 256);
    CHECK(image.height == 256);
    CHECK_FALSE(image.fallback);
    REQUIRE(box.meshes[0].uv0.size() == box.meshes[0].positions.size());

    const AssetModel truck = load("khronos/CesiumMilkTruck/CesiumMilkTruck.glb");
    int textured = 0;
    for (const Material& m : truck.materials) textured += m.baseColorTexture >= 0 ? 1 : 0;
    CHECK(textured == 2);       // wheels and truck share one JPEG
    CHECK(truck.images.size() == 1);
}

TEST_CASE("external textures resolve relative to the asset, also with Windows paths") {
    for (const char* file : {"kenney/building-small-a.glb", "kenney/pavement-fountain.glb",
                             "kenney/road-straight-lightposts.glb"}) {
        const AssetModel kenney = load(file);
        REQUIRE(kenney.images.size() == 1);
        CHECK(fs::path(kenney.images[0].source).filename() == "colormap.png");
        CHECK(kenney.materials[kenney.meshes[0].material].baseColorTexture == 0);
        CHECK(kenney.bounds.size().x == Approx(1.0f).epsilon(0.01));  // Kenney 1x1 tiles
    }
    const AssetModel spider = load("obj/spider/spider.obj");  // map_Kd .\wal67ar_small.jpg
    int textured = 0;
    for (const Material& m : spider.materials) {
        if (m.baseColorTexture < 0) continue;
        ++textured;
        CHECK_FALSE(spider.images[static_cast<std::size_t>(m.baseColorTexture)].fallback);
    }
    CHECK(textured == 5);
    CHECK(spider.images.size() == 5);

    const AssetModel chair = load("khronos/SheenChair/glTF/SheenChair.gltf");  // "./x.png" URIs
    CHECK(chair.images.size() == 3);  // fabric, wood, label base colours
    CHECK(chair.bounds.size().y == Approx(0.686).epsilon(0.02));
}

TEST_CASE("a missing texture gives a visible fallback and a counted warning naming asset and path") {
    const fs::path dir = scratchDir("missing-texture");
    const fs::path copy = dir / "building-small-a.glb";
    fs::copy_file(kVenues + "kenney/building-small-a.glb", copy);  // without Textures/colormap.png

    places::Result<AssetModel> r = importAsset(copy.string());
    REQUIRE(r.ok());
    CHECK(r.diagnostics.counter("missing texture") == 1);
    REQUIRE(r.diagnostics.warningCount() == 1);
    const places::Diagnostic& warning = r.diagnostics.items().front();
    CHECK(warning.where.file == copy.string());
    CHECK_THAT(warning.message, Catch::Contains("Textures/colormap.png"));

    const Material& material = r->materials[r->meshes[0].material];
    REQUIRE(material.baseColorTexture >= 0);
    const Image& image = r->images[static_cast<std::size_t>(material.baseColorTexture)];
    CHECK(image.fallback);
    CHECK(image.rgba[0] == 255);  // magenta corner
    CHECK(image.rgba[1] == 0);
    CHECK(image.rgba[2] == 255);
    CHECK(r->uniqueTriangleCount() == 452);  // geometry is unaffected
}

TEST_CASE("unreadable assets are errors naming the file and the importer's reason") {
    const fs::path dir = scratchDir("broken");
    const fs::path broken = dir / "stage.glb";
    std::ofstream(broken, std::ios::binary) << "glTF this is not a binary glTF container";

    places::Result<AssetModel> r = importAsset(broken.string());
    CHECK_FALSE(r.value.has_value());
    REQUIRE(r.diagnostics.hasErrors());
    CHECK_THAT(r.diagnostics.firstError(), Catch::Contains(broken.string()));
    CHECK_THAT(r.diagnostics.firstError(), Catch::Contains("cannot import asset: "));
    CHECK(r.diagnostics.firstError().size() > broken.string().size() + 40);  // Assimp's reason follows

    places::Result<AssetModel> missing = importAsset((dir / "nope.glb").string());
    CHECK_FALSE(missing.value.has_value());
    CHECK_THAT(missing.diagnostics.firstError(), Catch::Contains("nope.glb"));
    CHECK_THAT(missing.diagnostics.firstError(), Catch::Contains("file not found"));
}

TEST_CASE("FBX imports (written here by Assimp's exporter from a bundled glTF)") {
    const fs::path dir = scratchDir("fbx");
    const fs::path fbx = dir / "kiosk.fbx";
    const std::string source = kVenues + "kenney/building-small-a.glb";
    {
        Assimp::Importer importer;
        const aiScene* scene = importer.ReadFile(source, aiProcess_Triangulate);
        REQUIRE(scene != nullptr);
        Assimp::Exporter exporter;  // ASCII: Assimp 5.2 cannot re-read its own binary FBX
        REQUIRE(exporter.Export(scene, "fbxa", fbx.string()) == AI_SUCCESS);
    }
    fs::create_directories(dir / "Textures");
    fs::copy_file(kVenues + "kenney/Textures/colormap.png", dir / "Textures" / "colormap.png");

    places::Result<AssetModel> r = importAsset(fbx.string());
    INFO(r.diagnostics.firstError());
    REQUIRE(r.ok());
    CHECK(r.diagnostics.warningCount() == 0);
    CHECK(r->format == "fbx");
    CHECK(r->uniqueTriangleCount() == 452);
    const AssetModel gltf = load("kenney/building-small-a.glb");
    for (int axis = 0; axis < 3; ++axis) {
        CHECK(r->bounds.min[axis] == Approx(gltf.bounds.min[axis]).margin(1e-3));
        CHECK(r->bounds.max[axis] == Approx(gltf.bounds.max[axis]).margin(1e-3));
    }
    const Material& material = r->materials[r->meshes[0].material];
    REQUIRE(material.baseColorTexture >= 0);
    CHECK_FALSE(r->images[static_cast<std::size_t>(material.baseColorTexture)].fallback);
}

// Issue #10: the lounge sofas rendered black. GlamVelvetSofa's default fabric
// (navy) has base colour 0.01 and puts its colour in KHR_materials_sheen
// (0.05, 0.17, 0.5); the renderer has no sheen lobe, so the import folds half
// the sheen colour into the base colour.
TEST_CASE("velvet materials keep their sheen colour as base colour") {
    const AssetModel sofa = load("khronos/GlamVelvetSofa/GlamVelvetSofa.glb");
    const Material* navy = nullptr;
    const Material* legs = nullptr;
    for (const Material& m : sofa.materials) {
        if (m.name == "GlamVelvetSofa_fabric_navy") navy = &m;
        if (m.name == "GlamVelvetSofa_legs") legs = &m;
    }
    REQUIRE(navy != nullptr);
    REQUIRE(legs != nullptr);
    CHECK(navy->baseColorFactor.r == Approx(0.01f + 0.5f * 0.05f));
    CHECK(navy->baseColorFactor.g == Approx(0.01f + 0.5f * 0.17f));
    CHECK(navy->baseColorFactor.b == Approx(0.01f + 0.5f * 0.5f));
    CHECK(navy->baseColorFactor.a == Approx(1.0f));
    // Blue, and far from black: linear 0.26 is sRGB ~140 of 255.
    CHECK(navy->baseColorFactor.b > 0.2f);
    CHECK(navy->baseColorFactor.b > navy->baseColorFactor.r * 3.0f);
    // The sofa's fabric mesh uses the navy material (glTF material 3, the
    // default of its KHR_materials_variants).
    bool fabricIsNavy = false;
    for (const Mesh& mesh : sofa.meshes)
        fabricIsNavy |= sofa.materials[mesh.material].name == "GlamVelvetSofa_fabric_navy";
    CHECK(fabricIsNavy);
    // A material without sheen keeps its own colour (the black legs stay black).
    CHECK(legs->baseColorFactor.r == Approx(0.02f));

    // SheenChair's mango velvet: base factor (0.883, 0.035, 0) times its
    // texture, plus sheen (1, 0.329, 0.1).
    const AssetModel chair = load("khronos/SheenChair/glTF/SheenChair.gltf");
    const Material* mango = nullptr;
    for (const Material& m : chair.materials)
        if (m.name == "fabric Mystere Mango Velvet") mango = &m;
    REQUIRE(mango != nullptr);
    CHECK(mango->baseColorFactor.r == Approx(1.0f));  // 0.883 + 0.5, clamped
    CHECK(mango->baseColorFactor.g == Approx(0.035f + 0.5f * 0.329f));
    CHECK(mango->baseColorFactor.b == Approx(0.05f));
    CHECK(mango->baseColorTexture >= 0);
}
