// `places render` end to end on the shipped scenes: scene file, CityGML import,
// venue assets through Assimp, tile selection, lavapipe (pinned by CTest) with
// the validation layer on (--validation: any message exits 1), compared with
// golden images. Also: a raw CityGML file from the automatic overview, and the
// errors a user gets for bad input.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "golden.hpp"
#include "places/render/rgba_image.hpp"

using places::render::RgbaImage;

namespace {

const std::string kSource = PLACES_SOURCE_DIR;
// City imports of these tests land here, not in the user's ~/.cache.
const std::filesystem::path kImportCache =
    std::filesystem::path(PLACES_BINARY_DIR) / "render-test-output" / "import-cache";

struct Run {
    int exitCode = -1;
    std::string output;  // stdout + stderr
};

// A PNG path for runs whose picture is not looked at (outputs replace only
// regular files, so /dev/null is refused; see the case below).
std::string scratchPng(const std::string& name) {
    return (std::filesystem::path(PLACES_BINARY_DIR) / "render-test-output" / (name + "-scratch.png")).string();
}

Run runPlaces(const std::string& arguments, const std::filesystem::path& cache = kImportCache) {
    // One log per call and process: CTest runs the cases as parallel processes.
    static int calls = 0;
    const std::filesystem::path log = std::filesystem::path(PLACES_BINARY_DIR) / "render-test-output" /
                                      ("places-render-" + std::to_string(::getpid()) + "-" +
                                       std::to_string(++calls) + ".log");
    std::filesystem::create_directories(log.parent_path());
    const std::string command = "PLACES_IMPORT_CACHE='" + cache.string() + "' " + PLACES_EXECUTABLE + " " +
                                arguments + " > " + log.string() + " 2>&1";
    const int status = std::system(command.c_str());
    Run run;
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (FILE* f = std::fopen(log.string().c_str(), "rb")) {
        char buffer[4096];
        std::size_t n = 0;
        while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) run.output.append(buffer, n);
        std::fclose(f);
    }
    return run;
}

RgbaImage renderScene(const std::string& scene, const std::string& options, const std::string& name,
                      const std::filesystem::path& cache = kImportCache) {
    const std::string png = (std::filesystem::path(PLACES_BINARY_DIR) / "render-test-output" / (name + ".png")).string();
    std::filesystem::create_directories(std::filesystem::path(png).parent_path());
    std::filesystem::remove(png);
    const Run run = runPlaces("render " + scene + " " + options + " --size 320x180 --validation --stats -o " + png, cache);
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    CHECK(run.output.find("validation") == std::string::npos);
    return places::render::readPng(png);
}

// Fraction of pixels that are neither sky nor grass: what the city and props cover.
double coveredFraction(const RgbaImage& image) {
    std::size_t covered = 0;
    const std::size_t n = std::size_t{image.width} * image.height;
    for (std::size_t p = 0; p < n; ++p) {
        const int r = image.pixels[p * 4], g = image.pixels[p * 4 + 1], b = image.pixels[p * 4 + 2];
        const bool sky = b > r + 20 && b >= g;
        const bool grass = g > r + 25 && g > b + 25;
        covered += !(sky || grass);
    }
    return double(covered) / double(n);
}

}  // namespace

// The goldens but one force 4x MSAA: the path every GPU takes by default. The
// stage view renders with the default (--msaa auto), which on lavapipe means
// one sample, the path CPU-only machines take.
TEST_CASE("festival scene from its overview matches the golden image", "[render][golden][scene]") {
    const RgbaImage image = renderScene(kSource + "/scenes/gelsenkirchen-festival.json", "--view overview --msaa 4",
                                        "festival-overview");
    REQUIRE(image.width == 320);
    // Buildings and props are there, not only sky and ground.
    CHECK(coveredFraction(image) > 0.02);
    places::render::test::requireMatchesGolden(image, "festival-overview");
}

TEST_CASE("festival scene from the stage view matches the golden image", "[render][golden][scene]") {
    const RgbaImage image = renderScene(kSource + "/scenes/gelsenkirchen-festival.json", "--view stage", "festival-stage");
    CHECK(coveredFraction(image) > 0.05);
    places::render::test::requireMatchesGolden(image, "festival-stage");
}

TEST_CASE("career fair scene from its default view matches the golden image", "[render][golden][scene]") {
    const RgbaImage image = renderScene(kSource + "/scenes/career-fair.json", "--msaa 4", "career-fair");
    CHECK(coveredFraction(image) > 0.02);
    places::render::test::requireMatchesGolden(image, "career-fair");
}

// lavapipe 22.3 drops triangles that need clipping in multiview view 1; the
// renderer's probe sees it and draws the eyes in two passes (stereo_path.hpp),
// so both eyes of this golden are whole.
TEST_CASE("festival scene in multiview stereo matches the golden image", "[render][golden][scene][stereo]") {
    const RgbaImage image =
        renderScene(kSource + "/scenes/gelsenkirchen-festival.json", "--view overview --stereo --msaa 4",
                    "festival-stereo");
    REQUIRE(image.width == 640);  // left | right
    std::size_t differing = 0;
    for (std::uint32_t y = 0; y < image.height; ++y)
        for (std::uint32_t x = 0; x < 320; ++x)
            for (int c = 0; c < 3; ++c)
                differing += image.pixels[(std::size_t{y} * 640 + x) * 4 + std::size_t(c)] !=
                             image.pixels[(std::size_t{y} * 640 + x + 320) * 4 + std::size_t(c)];
    CHECK(differing > 0);  // two eyes, two pictures
    places::render::test::requireMatchesGolden(image, "festival-stereo");
}

// Issue #10: signs and the stage screen. A text sign with umlaut and en dash
// ("Ausbildungsmesse Gelsenkirchen – Bühne"), an image sign (a logo) and a
// stage screen showing the act scheduled at the fixed clock, all facing the
// view; the statistics say every glyph was found.
TEST_CASE("signs and the stage screen at a fixed clock match the golden image", "[render][golden][scene][signs]") {
    const std::string png = (std::filesystem::path(PLACES_BINARY_DIR) / "render-test-output" / "signs.png").string();
    std::filesystem::create_directories(std::filesystem::path(png).parent_path());
    std::filesystem::remove(png);
    const Run run = runPlaces("render " + kSource + "/tests/render/signs/signs.json --clock 2024-10-09T14:30+02:00 "
                              "--msaa 4 --size 320x180 --validation --stats -o " + png);
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    // Two signs' texts and the screen, every glyph in the font.
    CHECK(run.output.find("texts 3 (") != std::string::npos);
    CHECK(run.output.find(" glyphs, 0 missing)") != std::string::npos);
    const RgbaImage image = places::render::readPng(png);
    REQUIRE(image.width == 320);
    places::render::test::requireMatchesGolden(image, "signs");

    // Another act, another screen: the picture changes with the clock.
    const std::string later = (std::filesystem::path(PLACES_BINARY_DIR) / "render-test-output" / "signs-later.png").string();
    const Run again = runPlaces("render " + kSource + "/tests/render/signs/signs.json --clock 2024-10-09T11:10+02:00 "
                                "--msaa 4 --size 320x180 --validation -o " + later);
    INFO(again.output);
    REQUIRE(again.exitCode == 0);
    const auto difference = places::render::test::compareImages(image, places::render::readPng(later), 8);
    CHECK(difference.differingPixels > 100);

    // A malformed clock is bad input: exit 2 naming the option.
    const Run bad =
        runPlaces("render " + kSource + "/tests/render/signs/signs.json --clock 14:30 -o " + scratchPng("bad-clock"));
    CHECK(bad.exitCode == 2);
    CHECK(bad.output.find("--clock") != std::string::npos);
}

TEST_CASE("a raw CityGML file renders from an automatic overview, imported once", "[render][scene]") {
    // Its own cache folder: CTest runs the other cases in parallel.
    const std::filesystem::path cache = kImportCache.string() + "-raw";
    std::filesystem::remove_all(cache);
    const std::string gml = kSource + "/assets/city/citygml/LoD2_32_365_5713_1_NW.gml";
    const RgbaImage image = renderScene(gml, "", "citygml-overview", cache);
    CHECK(coveredFraction(image) > 0.05);
    // The second run reads the cached pack instead of importing again.
    const Run again = runPlaces("render " + gml + " --size 64x36 --stats -o " + scratchPng("raw-again"), cache);
    INFO(again.output);
    CHECK(again.exitCode == 0);
    CHECK(again.output.find("import cache hit") != std::string::npos);
    std::size_t packs = 0;
    for (const auto& entry : std::filesystem::directory_iterator(cache)) packs += entry.path().extension() == ".places";
    CHECK(packs == 1);
}

namespace {

// "buildings drawn A of B in view" and "city buildings N" of `places render --stats`.
struct BuildingCounts {
    unsigned drawn = 0, inView = 0, city = 0;
};
BuildingCounts buildingCounts(const std::string& output) {
    BuildingCounts c;
    const auto drawn = output.find("buildings drawn ");
    const auto city = output.find("city buildings ");
    REQUIRE(drawn != std::string::npos);
    REQUIRE(city != std::string::npos);
    REQUIRE(std::sscanf(output.c_str() + drawn, "buildings drawn %u of %u", &c.drawn, &c.inView) == 2);
    REQUIRE(std::sscanf(output.c_str() + city, "city buildings %u", &c.city) == 1);
    return c;
}

}  // namespace

TEST_CASE("the first picture of every bundled city shows at least half of its buildings", "[render][scene][golden]") {
    // Issue #13: the three Gelsenkirchen tiles rendered as sky and fog (1 of
    // 410 buildings). Each bundled city, imported as a user would, rendered
    // from its default view: the statistics count what the drawn levels hold.
    const std::filesystem::path out = std::filesystem::path(PLACES_BINARY_DIR) / "render-test-output";
    const std::filesystem::path cache = kImportCache.string() + "-first-picture";
    std::filesystem::create_directories(out);
    const std::string gml = kSource + "/assets/city/citygml/", json = kSource + "/assets/city/cityjson/";
    const std::string gelsenkirchen = (out / "gelsenkirchen-3.places").string();
    const std::string bag = (out / "3dbag.places").string();
    {
        const Run a = runPlaces("import " + gml + "LoD2_32_365_5713_1_NW.gml " + gml + "LoD2_32_370_5713_1_NW.gml " +
                                gml + "LoD2_32_370_5714_1_NW.gml -o " + gelsenkirchen, cache);
        INFO(a.output);
        REQUIRE(a.exitCode == 0);
        const Run b = runPlaces("import --crs EPSG:7415 " + json + "3dbag_multi_lod.city.json -o " + bag, cache);
        INFO(b.output);
        REQUIRE(b.exitCode == 0);
    }
    const std::pair<std::string, std::string> cities[] = {
        {gelsenkirchen, "first-gelsenkirchen"},
        {json + "3-20-DELFSHAVEN.city.json", "first-delfshaven"},
        {bag, "first-3dbag"},
        {json + "zurich_subset_lod2.city.json", "first-zurich"},
    };
    for (const auto& [source, name] : cities) {
        const std::string png = (out / (name + ".png")).string();
        const Run run = runPlaces("render " + source + " --size 320x180 --validation --stats -o " + png, cache);
        INFO(source << "\n" << run.output);
        REQUIRE(run.exitCode == 0);
        const BuildingCounts c = buildingCounts(run.output);
        CHECK(c.city > 0);
        CHECK(c.drawn <= c.inView);
        CHECK(c.inView <= c.city);
        CHECK(2 * c.drawn >= c.city);
        // Something of the city is on screen. The sparse Zurich subset (135
        // buildings over 2 km, framed whole) covers ~0.2 % of a 320x180
        // picture; the 1 % this asked for before was met by fogged ground
        // that the sky/grass test counted as covered, and per-view fog
        // (thinner over a wide city) took that haze away.
        CHECK(coveredFraction(places::render::readPng(png)) > 0.001);
        if (name == "first-gelsenkirchen")
            places::render::test::requireMatchesGolden(places::render::readPng(png), "gelsenkirchen-first-picture");
    }
}

TEST_CASE("bad input names what is wrong and exits 2", "[render][scene]") {
    const Run missing = runPlaces("render " + kSource + "/no-such-scene.json -o " + scratchPng("missing"));
    CHECK(missing.exitCode == 2);
    CHECK(missing.output.find("file not found") != std::string::npos);
    const Run view =
        runPlaces("render " + kSource + "/scenes/career-fair.json --view nowhere -o " + scratchPng("view-nowhere"));
    CHECK(view.exitCode == 2);
    CHECK(view.output.find("no view 'nowhere'") != std::string::npos);
    const Run camera = runPlaces("render demo: --camera 1,2,3 -o " + scratchPng("bad-camera"));
    CHECK(camera.exitCode == 2);
    // An output that is not a regular file is refused before anything is drawn.
    const Run device = runPlaces("render demo: --stats -o /dev/null");
    INFO(device.output);
    CHECK(device.exitCode == 2);
    CHECK(device.output.find("/dev/null: error: refusing to replace a character device") != std::string::npos);
    CHECK(device.output.find("draw calls") == std::string::npos);
}

TEST_CASE("a venue prop with a missing texture renders the visible checker and warns", "[render][scene]") {
    const std::filesystem::path dir = std::filesystem::path(PLACES_BINARY_DIR) / "render-test-output" / "missing-texture";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    // The Kenney building without its Textures/colormap.png next to it.
    std::filesystem::copy_file(kSource + "/assets/venues/kenney/building-small-a.glb", dir / "building.glb");
    const std::filesystem::path scene = dir / "scene.json";
    if (FILE* f = std::fopen(scene.string().c_str(), "wb")) {
        std::fputs(R"({"version": 1, "name": "missing texture",
          "origin": {"crs": "EPSG:25832", "east": 0, "north": 0, "height": 0},
          "venues": [{"name": "house", "asset": "building.glb", "position": [0, 0, 0], "scale": 4}],
          "views": [{"name": "front", "position": [0, -14, 3], "lookAt": [0, 0, 2]}]})",
                   f);
        std::fclose(f);
    }
    const std::string png = (dir / "out.png").string();
    const Run run = runPlaces("render " + scene.string() + " --size 160x90 --validation -o " + png);
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    CHECK(run.output.find("Textures/colormap.png") != std::string::npos);  // the warning names the texture
    const RgbaImage image = places::render::readPng(png);
    REQUIRE(image.width == 160);
    std::size_t magenta = 0;
    for (std::size_t p = 0; p < std::size_t{image.width} * image.height; ++p) {
        const int r = image.pixels[p * 4], g = image.pixels[p * 4 + 1], b = image.pixels[p * 4 + 2];
        magenta += r > 120 && b > 120 && g < r / 2 && g < b / 2;
    }
    CHECK(magenta > 50);
}

TEST_CASE("with no eye distance both eyes of the festival stage view are the same picture", "[render][scene][stereo]") {
    // The stage view puts the crowd area's floor across the near and side
    // planes: the right eye lost it under multiview on lavapipe 22.3.
    const RgbaImage image = renderScene(kSource + "/scenes/gelsenkirchen-festival.json",
                                        "--view stage --stereo --ipd 0 --stereo-path auto", "festival-stage-ipd0");
    REQUIRE(image.width == 640);
    RgbaImage left{320, image.height, 1, {}}, right{320, image.height, 1, {}};
    for (std::uint32_t y = 0; y < image.height; ++y) {
        const auto row = image.pixels.begin() + std::ptrdiff_t(std::size_t{y} * 640 * 4);
        left.pixels.insert(left.pixels.end(), row, row + 320 * 4);
        right.pixels.insert(right.pixels.end(), row + 320 * 4, row + 640 * 4);
    }
    const auto diff = places::render::test::compareImages(left, right, 2);
    INFO(diff.differingPixels << " pixels differ by more than 2");
    CHECK(diff.differingPixels == 0);
}
