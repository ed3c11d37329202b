// `places info` on a real pack file, run as the user runs it.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "pack_test_support.hpp"
#include "run_places.hpp"

using namespace places::city;

using test::runPlaces;
using test::Run;
using test::writeTemp;

TEST_CASE("places info --json reports what the pack holds", "[pack][info]") {
    const auto p = test::packedCity(true);
    const std::string path = writeTemp("places_info_test.places", p.bytes);
    const Run run = runPlaces("info --verify --json " + path);
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const auto j = nlohmann::json::parse(run.output);

    std::uint64_t topLevel = 0, parts = 0;
    for (const auto& b : p.city.buildings) {
        topLevel += b.parent < 0;
        parts += b.kind == ObjectKind::BuildingPart;
    }
    CHECK(j.at("buildings") == topLevel);
    CHECK(j.at("parts") == parts);
    CHECK(parts > 0);
    CHECK(j.at("triangles") == p.city.mesh.triangleCount());
    CHECK(j.at("tiles") == p.tiles.tiles.size());
    CHECK(j.at("crs") == "EPSG:25832");
    CHECK(j.at("verticalCrs") == "EPSG:7837");
    CHECK(j.at("origin") == nlohmann::json({367000.0, 5713500.0, 50.0}));
    CHECK(j.at("bounds").at("min").at(0).get<double>() == p.city.bounds.min.x);
    CHECK(j.at("bounds").at("max").at(2).get<double>() == p.city.bounds.max.z);
    CHECK(j.at("skipped").at("skipped: degenerate polygon") == 3);
    CHECK(j.at("skipped").at("salvaged: non-planar polygon") == 2);
    CHECK(j.at("compression") == "zstd");
    CHECK(j.at("fileSize") == p.bytes.size());
    CHECK(j.at("levels").at("full").at("triangles") == p.city.mesh.triangleCount());
    CHECK(j.at("levels").contains("merged"));
    CHECK(j.at("sources") == nlohmann::json(p.city.sources));

    const Run text = runPlaces("info " + path);
    CHECK(text.exitCode == 0);
    CHECK_THAT(text.output, Catch::Contains("buildings " + std::to_string(topLevel)));
    std::filesystem::remove(path);
}

TEST_CASE("places info on a broken pack exits 2 naming file and byte", "[pack][info]") {
    auto bytes = test::packedCity(false, {.columns = 2, .rows = 2}).bytes;
    bytes.resize(bytes.size() / 2);
    const std::string path = writeTemp("places_info_broken.places", bytes);
    const Run run = runPlaces("info --json " + path);
    CHECK(run.exitCode == 2);
    CHECK_THAT(run.output, Catch::Contains(path + "@byte ") && Catch::Contains("truncated"));
    std::filesystem::remove(path);
}
