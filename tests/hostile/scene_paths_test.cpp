// Hostile scene files (issue #12): files a scene names (city inputs, venue
// assets) resolve only inside the scene's own folder or the assets folder
// beside it. Absolute paths, `..` leading out and symbolic links pointing out
// are errors naming the scene file and the JSON path, and `places` exits 2.
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "places/scenes/scene_file.hpp"
#include "run_places.hpp"

namespace {

namespace fs = std::filesystem;
using places::city::test::Run;
using places::city::test::runPlaces;
using places::city::test::tempPath;

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// root/scenes/scene.json beside root/assets, with root/secret.glb outside both.
struct Layout {
    fs::path root = tempPath("scene_paths");
    fs::path scenes = root / "scenes";
    fs::path scene = scenes / "scene.json";
    Layout() {
        fs::remove_all(root);
        write(scenes / "props" / "booth.glb", "x");
        write(root / "assets" / "stage.glb", "x");
        write(root / "secret.glb", "x");
        write(root / "secret.gml", "x");
        fs::create_symlink("../secret.glb", scenes / "link.glb");
        fs::create_directory_symlink("..", scenes / "up");
    }
    // The scene's first error, or "" when it loads.
    std::string error(const std::string& city, const std::string& asset) const {
        const std::string json = R"({"version": 1, "name": "t",
            "origin": {"crs": "EPSG:25832", "east": 0, "north": 0, "height": 0},)" +
                                 (city.empty() ? std::string() : R"("city": [")" + city + R"("],)") +
                                 R"("venues": [{"asset": ")" + asset + R"(", "position": {"local": [0, 0, 0]}}]})";
        write(scene, json);
        const auto result = places::scenes::loadScene(scene.string());
        return result.diagnostics.hasErrors() ? result.diagnostics.firstError() : std::string();
    }
};

}  // namespace

TEST_CASE("a scene's files stay inside its folder or the assets folder beside it", "[hostile][scene]") {
    const Layout l;
    const std::string at = l.scene.string() + " (venues[0].asset): error: ";
    CHECK(l.error("", "props/booth.glb").empty());
    CHECK(l.error("", "../assets/stage.glb").empty());
    CHECK(l.error("", "./props/../props/booth.glb").empty());

    CHECK(l.error("", "/etc/passwd") == at + "absolute path refused: /etc/passwd (files named in a scene resolve "
                                            "inside its folder or the assets folder beside it)");
    CHECK(l.error("", "../secret.glb").starts_with(at + "path leads outside the scene's folder: ../secret.glb"));
    CHECK(l.error("", "props/../../secret.glb").starts_with(at + "path leads outside"));
    CHECK(l.error("", "../assets/../secret.glb").starts_with(at + "path leads outside"));
    CHECK(l.error("", "../../../../../../etc/passwd").starts_with(at + "path leads outside"));
    // Refused before looking: a missing file outside says the same as an existing one.
    CHECK(l.error("", "../no-such.glb").starts_with(at + "path leads outside"));
    CHECK(l.error("", "link.glb").starts_with(at + "symbolic link leads outside the scene's folder: link.glb"));
    CHECK(l.error("", "up/secret.glb").starts_with(at + "symbolic link leads outside"));
    CHECK(l.error("", "missing.glb") == at + "file not found: missing.glb");

    const std::string city = l.scene.string() + " (city[0]): error: ";
    CHECK(l.error((l.root / "secret.gml").string(), "props/booth.glb").starts_with(city + "absolute path refused"));
    CHECK(l.error("../secret.gml", "props/booth.glb").starts_with(city + "path leads outside"));
}

TEST_CASE("places refuses a scene naming a file outside with exit 2", "[hostile][scene]") {
    const Layout l;
    CHECK(l.error("", "../secret.glb").find("path leads outside") != std::string::npos);  // writes the scene
    const Run run = runPlaces("render " + l.scene.string() + " --size 64x64 -o " + tempPath("scene_paths.png"), 60);
    INFO(run.output);
    CHECK(run.exitCode == 2);
    CHECK(run.output.find(l.scene.string() + " (venues[0].asset): error: path leads outside") != std::string::npos);
}

// The other side of the refusal: a scene whose asset lies inside its folder
// renders. Under ASan this is also the one unit test that takes `places render`
// through uploads, a frame and the PNG, with the Vulkan driver unloaded before
// LeakSanitizer looks (see engine/render/src/driver_residency.cpp).
TEST_CASE("places renders a scene whose files stay inside its folder", "[hostile][scene]") {
    const Layout l;
    fs::copy_file(fs::path(PLACES_ASSETS_DIR) / "venues/khronos/Box/Box.glb", l.scenes / "props" / "box.glb",
                  fs::copy_options::overwrite_existing);
    REQUIRE(l.error("", "props/box.glb").empty());  // writes the scene
    const std::string png = tempPath("scene_paths_inside.png");
    fs::remove(png);
    const Run run = runPlaces("render " + l.scene.string() + " --size 64x64 -o " + png, 120);
    INFO(run.output);
    CHECK(run.exitCode == 0);
    CHECK(fs::file_size(png) > 0);
}
