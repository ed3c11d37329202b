// CPU-side parts of the renderer: cameras, frusta, scene geometry. No GPU.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include <glm/geometric.hpp>

#include "places/render/antialiasing.hpp"
#include "places/render/asset_geometry.hpp"
#include "places/render/device.hpp"
#include "places/render/demo_city.hpp"
#include "places/render/overlay_text.hpp"
#include "places/render/rgba_image.hpp"
#include "places/render/frame_views.hpp"
#include "places/render/scene_geometry.hpp"
#include "places/render/shadow_pass.hpp"
#include "places/render/tile_levels.hpp"
#include "places/visibility/frustum.hpp"
#include "places/visibility/level_selection.hpp"

using namespace places::render;

namespace {

glm::vec3 project(const EyeView& eye, const glm::vec3& p) {
    const glm::vec4 clip = eye.viewProjection * glm::vec4(p, 1.0f);
    return glm::vec3(clip) / clip.w;
}

}  // namespace

TEST_CASE("frame views use places_visibility's camera: compass yaw, reverse-Z, Vulkan y", "[render][camera]") {
    Camera c;
    c.pose.position = {10, 2, 5};
    c.pose.yawDeg = 90.0;  // looking east (+x)
    const FrameViews v = monoViews(c, 16.0 / 9.0);
    REQUIRE(v.count == 1);
    CHECK(v.selectionViews().size() == 1);
    CHECK(v.eyes[0].eye == glm::vec3(10, 2, 5));
    const glm::vec3 ahead = project(v.eyes[0], {20, 2, 5});
    CHECK(ahead.x == Approx(0.0f).margin(1e-5));
    CHECK(ahead.y == Approx(0.0f).margin(1e-5));
    CHECK(ahead.z == Approx(0.5f / 10.0f));  // near / distance
    CHECK(project(v.eyes[0], {20, 4, 5}).y < 0.0f);  // up is -y in Vulkan clip space
    CHECK(project(v.eyes[0], {20, 2, 7}).x > 0.0f);  // south is to the right when facing east
    // The culling frustum is the same camera: ahead is in, behind is out.
    places::city::Bounds ahead3, behind3;
    ahead3.add({19, 1, 4});
    ahead3.add({21, 3, 6});
    behind3.add({-1, 1, 4});
    behind3.add({1, 3, 6});
    CHECK(places::visibility::intersects(v.culling[0].frustum, ahead3));
    CHECK_FALSE(places::visibility::intersects(v.culling[0].frustum, behind3));
}

TEST_CASE("stereo eyes sit one IPD apart along the camera's right", "[render][camera]") {
    Camera c;
    c.pose.position = {10, 2, 5};
    c.pose.yawDeg = 90.0;
    const FrameViews v = stereoViews(c, 1.0, 0.064);
    REQUIRE(v.count == 2);
    CHECK(glm::distance(v.eyes[0].eye, v.eyes[1].eye) == Approx(0.064f));
    CHECK(v.eyes[1].eye.z > v.eyes[0].eye.z);  // facing east, the right eye is to the south
    CHECK(glm::distance(glm::dvec3(v.eyes[1].eye), v.culling[1].eye) < 1e-5);  // float vs double
    // A point straight ahead lands right of centre in the left eye, left in the right eye.
    CHECK(project(v.eyes[0], {12, 2, 5}).x > 0.0f);
    CHECK(project(v.eyes[1], {12, 2, 5}).x < 0.0f);
}

namespace {
// Every small box inside either eye's frustum is inside the combined one;
// boxes outside both are mostly outside it too (it is only slightly larger).
void checkCombinedHoldsBothEyes(const FrameViews& v) {
    const places::visibility::SelectionView& combined = v.selectionViews()[0];
    std::uint32_t state = 7, insideEye = 0, outsideBothButIn = 0, outsideBoth = 0;
    auto random = [&state](double lo, double hi) {
        state = state * 1664525u + 1013904223u;
        return lo + (hi - lo) * double(state >> 8) / double(1u << 24);
    };
    for (int i = 0; i < 20000; ++i) {
        const glm::dvec3 p{random(-40, 60), random(-40, 40), random(-45, 55)};
        places::city::Bounds box;
        box.add(p - glm::dvec3(0.05));
        box.add(p + glm::dvec3(0.05));
        const bool left = places::visibility::intersects(v.culling[0].frustum, box);
        const bool right = places::visibility::intersects(v.culling[1].frustum, box);
        const bool both = places::visibility::intersects(combined.frustum, box);
        if (left || right) {
            ++insideEye;
            CHECK(both);
        } else {
            ++outsideBoth;
            outsideBothButIn += both;
        }
        // Level choice never sees the pair farther away than its nearest eye.
        const double nearest = std::min(places::visibility::nearestEyeDistance({&v.culling[0], 1}, box),
                                        places::visibility::nearestEyeDistance({&v.culling[1], 1}, box));
        CHECK(places::visibility::nearestEyeDistance(v.selectionViews(), box) <= nearest + 1e-9);
    }
    CHECK(insideEye > 1000);
    CHECK(outsideBoth > 1000);
    CHECK(double(outsideBothButIn) < 0.05 * double(outsideBoth));
}
}  // namespace

TEST_CASE("a stereo pair is culled as one view that holds both eyes' frusta", "[render][camera][stereo]") {
    Camera c;
    c.pose.position = {10, 2, 5};
    c.pose.yawDeg = 30.0;
    c.pose.pitchDeg = -20.0;
    const double ipd = 0.5;  // large, so that the planes differ measurably
    const FrameViews v = stereoViews(c, 16.0 / 9.0, ipd);
    REQUIRE(v.selectionViews().size() == 1);
    CHECK(v.selectionViews()[0].eyeRadius == Approx(ipd / 2));
    checkCombinedHoldsBothEyes(v);
    // Mono: the eye's own frustum.
    const FrameViews mono = monoViews(c, 16.0 / 9.0);
    CHECK(mono.selectionViews()[0].eyeRadius == 0.0);
    CHECK(mono.selectionViews()[0].eye == mono.culling[0].eye);
}

TEST_CASE("tile levels come from places_visibility's screen-space-error selection", "[render][lod]") {
    SceneGeometry scene;
    addCityTiles(scene, makeDemoTiles(2));
    REQUIRE(scene.tileNodes.size() == scene.tiles.size());
    std::vector<TileLevelRef> chosen;
    places::visibility::Selection selection;

    // Close above the middle, looking down: all four leaves at full detail.
    Camera close;
    close.pose.position = {0, 60, 0};  // 20 m above the roofs: 2 m of error is ~60 px
    close.pose.pitchDeg = -90.0;
    chooseTileLevels(scene.tileNodes, monoViews(close, 1.0), 720.0, selection, chosen);
    REQUIRE(chosen.size() == 4);
    for (const TileLevelRef& ref : chosen) {
        CHECK(ref.tile >= 1);  // the root has no geometry
        CHECK(ref.level == 0);
    }
    CHECK(selection.tiles.size() == 4);

    // Far away (2 m error at 3 km is far below 16 px): the coarse level.
    Camera far = close;
    far.pose.position.y = 3000.0;
    chooseTileLevels(scene.tileNodes, monoViews(far, 1.0), 720.0, selection, chosen);
    REQUIRE(chosen.size() == 4);
    for (const TileLevelRef& ref : chosen) CHECK(ref.level == 1);

    // Looking at the sky: nothing.
    Camera up = close;
    up.pose.pitchDeg = 90.0;
    chooseTileLevels(scene.tileNodes, monoViews(up, 1.0), 720.0, selection, chosen);
    CHECK(chosen.empty());

    // Stereo: one traversal; an eye that sees a tile keeps it for both.
    Camera edge;
    edge.pose.position = {0, 2, 150};  // south of the city, looking north at it
    chooseTileLevels(scene.tileNodes, monoViews(edge, 1.0), 720.0, selection, chosen);
    const std::size_t mono = selection.tiles.size();
    chooseTileLevels(scene.tileNodes, stereoViews(edge, 1.0), 720.0, selection, chosen);
    CHECK(selection.tiles.size() >= mono);
    CHECK(chosen.size() == selection.tiles.size());
}

TEST_CASE("city tiles become coloured submeshes, one per level", "[render][geometry]") {
    const auto tiles = makeDemoTiles(2);
    SceneGeometry scene;
    const CityPalette palette;
    addCityTiles(scene, tiles, palette);
    REQUIRE(scene.tiles.size() == 5);  // the root and 4 leaves
    CHECK(scene.tiles[0].levels.empty());
    for (std::size_t t = 1; t < 5; ++t) {
        REQUIRE(scene.tiles[t].levels.size() == 2);
        const Submesh& fine = scene.submeshes[scene.tiles[t].levels[0]];
        CHECK(fine.triangles() == tiles.tiles[t].levels[0].indices.size() / 3);
        CHECK(scene.tiles[t].centre.x == Approx(tiles.tiles[t].centre.x));
    }
    // Roofs, walls and ground keep their semantic colours.
    std::size_t roof = 0, wall = 0, ground = 0;
    for (const Vertex& v : scene.vertices) {
        roof += v.colour == palette.roof;
        wall += v.colour == palette.wall;
        ground += v.colour == palette.ground;
    }
    CHECK(roof > 0);
    CHECK(wall > roof);
    CHECK(ground > 0);
    CHECK(roof + wall + ground == scene.vertices.size());
    // Indices address the submesh's own vertices.
    for (const Submesh& s : scene.submeshes)
        for (std::uint32_t i = 0; i < s.indexCount; ++i)
            CHECK(scene.indices[s.firstIndex + i] + std::uint32_t(s.vertexOffset) < scene.vertices.size());
}

TEST_CASE("terrain triangles are drawn as ground in the terrain colour, not as a building", "[render][geometry]") {
    auto tiles = makeDemoTiles(2);
    // Turn one leaf's ground triangles into terrain, as a relief or the derived ground is.
    places::city::TileLevel& level = tiles.tiles[1].levels[0];
    std::size_t terrainTriangles = 0;
    for (auto& surface : level.triangleSurface)
        if (surface == places::city::SurfaceType::Ground) {
            surface = places::city::SurfaceType::Terrain;
            ++terrainTriangles;
        }
    REQUIRE(terrainTriangles > 0);
    SceneGeometry scene;
    const CityPalette palette;
    addCityTiles(scene, tiles, palette);
    const Submesh& fine = scene.submeshes[scene.tiles[1].levels[0]];
    std::size_t terrainVertices = 0, roofVertices = 0;
    for (std::uint32_t i = 0; i < fine.indexCount; i += 3) {  // the first corner of each triangle
        const Vertex& v = scene.vertices[scene.indices[fine.firstIndex + i] + std::uint32_t(fine.vertexOffset)];
        terrainVertices += v.colour == palette.terrain;
        roofVertices += v.colour == palette.roof;
    }
    CHECK(terrainVertices == terrainTriangles);
    CHECK(roofVertices > 0);
    CHECK(palette.terrain != palette.roof);
}

TEST_CASE("models take the bounds of their submeshes", "[render][geometry]") {
    SceneGeometry scene;
    const std::uint32_t box = addBoxModel(scene, {1, 2, 3}, packRgba8(255, 0, 0));
    CHECK(scene.models[box].boundsMin == glm::vec3(-1, -2, -3));
    CHECK(scene.models[box].boundsMax == glm::vec3(1, 2, 3));
    CHECK(scene.submeshes[scene.models[box].submeshes()[0]].triangles() == 12);
}

TEST_CASE("venue assets become textured models placed once per mesh instance", "[render][geometry]") {
    places::assets::AssetModel asset;
    asset.images.push_back({2, 2, std::vector<std::uint8_t>(16, 200), "tex.png", false});
    asset.materials.push_back({"painted", glm::vec4(0.5f, 0.5f, 0.5f, 1.0f), 0});
    asset.materials.push_back({"plain", glm::vec4(1.0f, 0.0f, 0.0f, 1.0f), -1});
    places::assets::Mesh mesh;
    mesh.positions = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
    mesh.normals = {{0, 0, 1}, {0, 0, 1}, {0, 0, 1}};
    mesh.uv0 = {{0, 0}, {1, 0}, {0, 1}};
    mesh.indices = {0, 1, 2};
    mesh.material = 0;
    asset.meshes.push_back(mesh);
    mesh.material = 1;
    asset.meshes.push_back(mesh);
    glm::mat4 shifted(1.0f);
    shifted[3] = glm::vec4(0, 5, 0, 1);
    asset.instances = {{0, glm::mat4(1.0f), "a"}, {1, shifted, "b"}};

    SceneGeometry scene;
    const AssetGeometry geometry = addAsset(scene, asset);
    REQUIRE(geometry.meshModels.size() == 2);
    REQUIRE(scene.textures.size() == 1);
    REQUIRE(scene.materials.size() == 3);  // the plain city material first
    CHECK(scene.materials[1].texture == 0);
    CHECK(scene.materials[2].texture == -1);
    CHECK(scene.materials[2].baseColour == glm::vec4(1, 0, 0, 1));
    CHECK(scene.submeshes[scene.models[geometry.meshModels[1]].submeshes()[0]].material == 2);
    CHECK(scene.vertices[1].uv == glm::vec2(1, 0));

    glm::mat4 placement(2.0f);
    placement[3] = glm::vec4(100, 0, 0, 1);
    placeAsset(scene, geometry, asset, placement);
    placeAsset(scene, geometry, asset, glm::mat4(1.0f));
    REQUIRE(scene.instances.size() == 4);
    // Venue placement after the asset's own node transform.
    CHECK(glm::vec3(scene.instances[1].transform[3]) == glm::vec3(100, 10, 0));
}

TEST_CASE("mesh levels become model levels sharing the mesh's vertices", "[render][geometry][lod]") {
    places::assets::AssetModel asset;
    asset.materials.push_back({"plain", glm::vec4(1.0f), -1});
    places::assets::Mesh mesh;
    mesh.positions = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {1, 1, 0}};
    mesh.normals.assign(4, {0, 0, 1});
    mesh.indices = {0, 1, 2, 2, 1, 3};
    mesh.levels.push_back({{0, 1, 3}, 0.5f});
    asset.meshes.push_back(mesh);
    asset.instances = {{0, glm::mat4(1.0f), "a"}};

    SceneGeometry scene;
    const AssetGeometry geometry = addAsset(scene, asset);
    const Model& model = scene.models[geometry.meshModels[0]];
    REQUIRE(model.levels.size() == 2);
    CHECK(model.levelErrors == std::vector<float>{0.0f, 0.5f});
    CHECK(scene.vertices.size() == 4);  // a level adds indices, not vertices
    const Submesh& full = scene.submeshes[model.levels[0][0]];
    const Submesh& coarse = scene.submeshes[model.levels[1][0]];
    CHECK(full.triangles() == 2);
    CHECK(coarse.triangles() == 1);
    CHECK(coarse.vertexOffset == full.vertexOffset);
    CHECK(coarse.material == full.material);
    CHECK(scene.indices[coarse.firstIndex + 2] == 3);
}

TEST_CASE("textures upload from the first prepared level within the size cap", "[render][texture]") {
    places::assets::AssetModel asset;
    asset.images.push_back({8, 2, std::vector<std::uint8_t>(8 * 2 * 4, 100), "tex.png", false});
    SceneGeometry scene;
    addAsset(scene, asset);  // no prepared chain: addAsset builds it
    REQUIRE(scene.textures.size() == 1);
    const Texture& t = scene.textures[0];
    REQUIRE(t.levelCount() == 4);  // 8x2, 4x1, 2x1, 1x1
    CHECK(t.levelWidth(1) == 4);
    CHECK(t.levelHeight(1) == 1);
    CHECK(t.levelPixels(3).size() == 4);
    CHECK(t.firstLevelWithin(2048) == 0);
    CHECK(t.firstLevelWithin(8) == 0);
    CHECK(t.firstLevelWithin(7) == 1);
    CHECK(t.firstLevelWithin(4) == 1);
    CHECK(t.firstLevelWithin(2) == 2);
    CHECK(t.firstLevelWithin(0) == 3);  // never past the last level
    // A prepared chain (from the import or the asset cache) is taken as it is.
    asset.images[0].mips = {{4, 1, std::vector<std::uint8_t>(16, 7)}};
    addAsset(scene, asset);
    CHECK(scene.textures[1].levelCount() == 2);
    CHECK(scene.textures[1].levelPixels(1)[0] == 7);
}

TEST_CASE("overlay text becomes panel and glyph triangles inside the target", "[render][overlay]") {
    std::vector<OverlayVertex> out;
    appendOverlayText(out, "draw calls 5\ntriangles 1322", 10.0f, 10.0f, 2.0f, 640, 360);
    REQUIRE(out.size() % 3 == 0);
    CHECK(out.size() > 2 * 6 + 20 * 6);  // two panels plus many glyph quads
    for (const OverlayVertex& v : out) {
        CHECK(v.position.x >= -1.0f);
        CHECK(v.position.x <= 1.0f);
        CHECK(v.position.y >= -1.0f);
        CHECK(v.position.y <= 1.0f);
    }
    // Top-left placement: the first panel starts near the top-left corner.
    CHECK(out.front().position.x < -0.95f);
    CHECK(out.front().position.y < -0.9f);
    std::vector<OverlayVertex> empty;
    appendOverlayText(empty, "", 0.0f, 0.0f, 1.0f, 640, 360);
    CHECK(empty.empty());
}

TEST_CASE("msaa auto gives GPUs 4x and CPU devices one sample and explicit values force it", "[render][msaa]") {
    using places::render::Msaa;
    CHECK(places::render::parseMsaa("auto") == Msaa::Auto);
    CHECK(places::render::parseMsaa("1") == Msaa::Off);
    CHECK(places::render::parseMsaa("off") == Msaa::Off);
    CHECK(places::render::parseMsaa("4") == Msaa::X4);
    CHECK_FALSE(places::render::parseMsaa("8").has_value());
    CHECK_FALSE(places::render::parseMsaa("").has_value());

    places::render::DeviceCapabilities gpu;
    gpu.msaaSamples = VK_SAMPLE_COUNT_4_BIT;
    places::render::DeviceCapabilities cpu = gpu;
    cpu.cpuDevice = true;
    places::render::DeviceCapabilities noMsaa;  // colour+depth cannot do 4 samples
    CHECK(places::render::chooseSamples(Msaa::Auto, gpu) == VK_SAMPLE_COUNT_4_BIT);
    CHECK(places::render::chooseSamples(Msaa::Auto, cpu) == VK_SAMPLE_COUNT_1_BIT);
    CHECK(places::render::chooseSamples(Msaa::X4, cpu) == VK_SAMPLE_COUNT_4_BIT);
    CHECK(places::render::chooseSamples(Msaa::Off, gpu) == VK_SAMPLE_COUNT_1_BIT);
    CHECK(places::render::chooseSamples(Msaa::X4, noMsaa) == VK_SAMPLE_COUNT_1_BIT);
    for (const Msaa m : {Msaa::Auto, Msaa::Off, Msaa::X4})
        CHECK(places::render::parseMsaa(places::render::toString(m)) == m);
}

TEST_CASE("PNG written in parallel strips reads back pixel-identical, stereo side by side", "[render][png]") {
    // Noise (incompressible) and flat rows (long runs) exercise both deflate
    // paths; 181 rows do not divide evenly into strips.
    places::render::RgbaImage image{97, 181, 2, {}};
    image.pixels.resize(image.layerBytes() * 2);
    std::uint32_t state = 12345;
    for (std::size_t i = 0; i < image.pixels.size(); ++i) {
        state = state * 1664525u + 1013904223u;
        const std::size_t row = (i / 4 / 97) % 181;
        image.pixels[i] = row % 3 == 0 ? std::uint8_t(row) : std::uint8_t(state >> 24);
        if (i % 4 == 3) image.pixels[i] = 255;  // opaque: the PNG is RGB
    }
    const std::string path = std::string(PLACES_BINARY_DIR) + "/png-roundtrip-test.png";
    REQUIRE(places::render::writePng(path, image));
    const places::render::RgbaImage back = places::render::readPng(path);
    REQUIRE(back.width == 2 * 97);
    REQUIRE(back.height == 181);
    const places::render::RgbaImage expected = image.sideBySide();
    CHECK(back.pixels == expected.pixels);
}

TEST_CASE("PNG outputs replace only regular files, through a temporary file", "[render][png][hostile]") {
    namespace fs = std::filesystem;
    places::render::RgbaImage image{8, 4, 1, std::vector<std::uint8_t>(8 * 4 * 4, 200)};
    for (std::size_t i = 3; i < image.pixels.size(); i += 4) image.pixels[i] = 255;  // opaque: the PNG is RGB
    const fs::path folder = fs::path(PLACES_BINARY_DIR) / "png-output-test";
    fs::remove_all(folder);
    fs::create_directories(folder);
    auto filesIn = [&] {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    };
    const fs::path target = folder / "keep.txt";
    { std::ofstream(target) << "keep me"; }
    auto readAll = [](const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };

    SECTION("a symlink at the output is refused; what it points to is untouched") {
        fs::create_symlink(target, folder / "link.png");
        places::Diagnostics diagnostics;
        CHECK_FALSE(places::render::writePng((folder / "link.png").string(), image, diagnostics));
        INFO(diagnostics.firstError());
        CHECK(diagnostics.firstError().find("refusing to replace a symbolic link") != std::string::npos);
        CHECK(readAll(target) == "keep me");
        CHECK(filesIn() == std::vector<std::string>{"keep.txt", "link.png"});  // no temporary left
    }
    SECTION("a device node is refused") {
        places::Diagnostics diagnostics;
        CHECK_FALSE(places::render::writePng("/dev/full", image, diagnostics));
        CHECK(diagnostics.firstError().find("/dev/full: error: refusing to replace a character device") !=
              std::string::npos);
    }
    SECTION("a regular file is replaced whole, with no temporary left beside it") {
        const fs::path png = folder / "shot.png";
        { std::ofstream(png) << "an older picture"; }
        places::Diagnostics diagnostics;
        REQUIRE(places::render::writePng(png.string(), image, diagnostics));
        const places::render::RgbaImage back = places::render::readPng(png.string());
        CHECK(back.width == 8);
        CHECK(back.pixels == image.pixels);
        CHECK(filesIn() == std::vector<std::string>{"keep.txt", "shot.png"});
    }
}

TEST_CASE("headset eyes: asymmetric XrFovf frusta, one combined culling view", "[render][camera][stereo]") {
    // A tilted, turned head; the eyes 0.5 m apart (large, so the planes differ
    // measurably) with a real headset's outward-wider fields of view.
    const glm::dquat head = glm::angleAxis(glm::radians(-30.0), glm::dvec3(0, 1, 0)) *
                            glm::angleAxis(glm::radians(-20.0), glm::dvec3(1, 0, 0)) *
                            glm::angleAxis(glm::radians(10.0), glm::dvec3(0, 0, 1));
    const glm::dvec3 centre{10, 2, 5};
    std::array<HeadsetEye, 2> eyes;
    eyes[0].position = centre + head * glm::dvec3(-0.25, 0, 0);
    eyes[1].position = centre + head * glm::dvec3(0.25, 0, 0);
    eyes[0].orientation = eyes[1].orientation = head;
    eyes[0].fov = {-0.82, 0.70, 0.76, -0.84};
    eyes[1].fov = {-0.70, 0.82, 0.76, -0.84};
    const FrameViews v = headsetViews(eyes, 0.05);
    REQUIRE(v.count == 2);
    CHECK(glm::distance(glm::dvec3(v.eyes[1].eye), eyes[1].position) < 1e-5);
    // A point on each eye's own left frustum edge lands on that eye's left clip edge.
    for (std::size_t i = 0; i < 2; ++i) {
        const glm::dvec3 onEdge = eyes[i].position + head * glm::dvec3(std::tan(eyes[i].fov.angleLeft) * 10.0, 0, -10.0);
        CHECK(project(v.eyes[i], glm::vec3(onEdge)).x == Approx(-1.0f).margin(1e-4));
    }
    CHECK(v.selectionViews()[0].eyeRadius == Approx(0.25));
    CHECK(v.verticalFovDeg == Approx(glm::degrees(0.76 + 0.84)));
    checkCombinedHoldsBothEyes(v);
}

namespace {

std::vector<CityTileGeometry> cityTiles(const places::city::TileSet& tiles, std::span<const std::uint32_t> roots) {
    SceneGeometry scene;
    addCityTiles(scene, tiles, CityPalette{}, roots);
    return scene.tiles;
}

}  // namespace

TEST_CASE("city tiles count their top-level buildings per level and per subtree", "[render][geometry]") {
    const auto tiles = makeDemoTiles(2);
    const std::vector<CityTileGeometry> geometry = cityTiles(tiles, {});
    REQUIRE(geometry.size() == tiles.tiles.size());
    std::uint32_t leaves = 0;
    for (std::size_t t = 0; t < tiles.tiles.size(); ++t) {
        const auto& levels = tiles.tiles[t].levels;
        REQUIRE(geometry[t].levelBuildings.size() == levels.size());
        for (std::size_t l = 0; l < levels.size(); ++l) {
            const std::set<std::uint32_t> ids(levels[l].triangleBuilding.begin(), levels[l].triangleBuilding.end());
            CHECK(geometry[t].levelBuildings[l] == ids.size());
            CHECK(!ids.empty());
        }
        if (tiles.tiles[t].leaf()) {
            CHECK(geometry[t].subtreeBuildings == geometry[t].levelBuildings.front());
            leaves += geometry[t].subtreeBuildings;
        }
    }
    CHECK(geometry[0].subtreeBuildings == leaves);  // the root stands for every leaf
    CHECK(leaves >= 4);  // four leaves, each with buildings

    // Parts of one building count once: every id's root is building 0.
    const std::vector<std::uint32_t> oneBuilding(10000, 0u);
    const std::vector<CityTileGeometry> merged = cityTiles(tiles, oneBuilding);
    for (std::size_t t = 1; t < merged.size(); ++t)
        for (std::uint32_t count : merged[t].levelBuildings) CHECK(count == 1);
}

TEST_CASE("terrain pieces in a tile level are counted apart from its buildings", "[render][geometry]") {
    auto tiles = makeDemoTiles(2);
    std::size_t leaf = 0;
    while (leaf < tiles.tiles.size() && !tiles.tiles[leaf].leaf()) ++leaf;
    REQUIRE(leaf < tiles.tiles.size());
    places::city::TileLevel& level = tiles.tiles[leaf].levels.front();
    const std::size_t triangles = level.triangleBuilding.size();
    REQUIRE(triangles >= 4);
    level.triangleSurface.resize(triangles, places::city::SurfaceType::Roof);
    // The first two triangles become two terrain pieces (records 9000, 9001).
    for (std::size_t t = 0; t < 2; ++t) {
        level.triangleSurface[t] = places::city::SurfaceType::Terrain;
        level.triangleBuilding[t] = 9000u + std::uint32_t(t);
    }
    const std::set<std::uint32_t> buildings(level.triangleBuilding.begin() + 2, level.triangleBuilding.end());
    const std::vector<CityTileGeometry> geometry = cityTiles(tiles, {});
    REQUIRE(geometry[leaf].levelTerrainPieces.size() == tiles.tiles[leaf].levels.size());
    CHECK(geometry[leaf].levelBuildings.front() == buildings.size());
    CHECK(geometry[leaf].levelTerrainPieces.front() == 2);
    CHECK(geometry[leaf].subtreeBuildings == buildings.size());
}

TEST_CASE("the sun's shadow map is fitted to its receivers, nearest the sun deepest", "[render][shadow]") {
    places::city::Bounds receivers;
    receivers.add(glm::dvec3(-100, 0, -50));
    receivers.add(glm::dvec3(100, 30, 50));
    places::city::Bounds casters = receivers;
    casters.add(glm::dvec3(300, 200, 0));  // a tower outside the receivers
    const glm::vec3 toSun = glm::normalize(glm::vec3(0.3f, 0.8f, 0.5f));
    const SunShadowFit fit = fitSunShadow(toSun, receivers, casters, 1024);
    REQUIRE(fit.valid);
    auto clip = [&](const glm::dvec3& p) {
        const glm::vec4 c = fit.viewProjection * glm::vec4(glm::vec3(p), 1.0f);
        return glm::vec3(c) / c.w;
    };
    for (int i = 0; i < 8; ++i) {
        const glm::dvec3 corner(i & 1 ? 100 : -100, i & 2 ? 30 : 0, i & 4 ? 50 : -50);
        const glm::vec3 c = clip(corner);
        CHECK(std::abs(c.x) <= 1.0f);
        CHECK(std::abs(c.y) <= 1.0f);
        CHECK(c.z > 0.0f);
        CHECK(c.z < 1.0f);
        // Reversed Z: a point 10 m towards the sun is nearer, so deeper.
        CHECK(clip(corner + glm::dvec3(toSun) * 10.0).z > c.z);
    }
    CHECK(clip(glm::dvec3(300, 200, 0)).z <= 1.0f);  // the tower's top is inside the depth range
    CHECK(fit.texelMetres > 0.1f);
    CHECK(fit.texelMetres < 0.5f);  // ~250 m of receivers over 1024 texels

    CHECK(!fitSunShadow(toSun, {}, casters, 1024).valid);
}

TEST_CASE("shadow receivers: near the eye on the street, everything from above", "[render][shadow]") {
    places::city::Bounds city;
    city.add(glm::dvec3(-5000, 0, -5000));
    city.add(glm::dvec3(5000, 100, 5000));
    const places::city::Bounds street = shadowReceivers(city, {0, 1.7, 0}, {0, 0, -1}, 0.0);
    CHECK(street.max.x - street.min.x == Approx(160.0));  // the 80 m minimum half-size
    CHECK(street.max.z < 80.0);                           // mostly ahead (north, -z)
    CHECK(street.min.z < -80.0);
    const places::city::Bounds above = shadowReceivers(city, {0, 2000, 0}, {0, -1, 0}, 0.0);
    CHECK(above.max.x - above.min.x == Approx(10000.0));  // clamped to the content
}
