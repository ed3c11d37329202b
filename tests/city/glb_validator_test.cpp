// The Khronos glTF validator must report zero errors and zero warnings on an
// exported city. Needs Node.js and tools/setup.sh's gltf-validator.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "places/city/glb_export.hpp"
#include "synthetic_city.hpp"

using namespace places::city;

TEST_CASE("exported GLB passes the Khronos glTF validator without errors or warnings", "[glb][validator]") {
    const auto path =
        (std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "_places_validate.glb")).string();
    const City city = test::makeSyntheticCity({.columns = 12, .rows = 12});
    REQUIRE(exportGlb(city, path).ok());

    const std::string command = std::string(PLACES_NODE) + " " + PLACES_SOURCE_DIR + "/tools/gltf_validate.mjs " + path;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string output;
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
    const int status = ::pclose(pipe);
    INFO(output);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) != 2);  // the validator itself is missing or failed to load
    const auto report = nlohmann::json::parse(output);
    const auto& issues = report.at("issues");
    CHECK(issues.at("numErrors") == 0);
    CHECK(issues.at("numWarnings") == 0);
    CHECK(report.at("info").at("totalTriangleCount") == city.mesh.triangleCount());
    CHECK(WEXITSTATUS(status) == 0);
    std::filesystem::remove(path);
}
