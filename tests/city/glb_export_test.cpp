// Structure of the exported GLB, read back with a minimal GLB parser.
#include <catch2/catch.hpp>

#include <cstring>

#include <nlohmann/json.hpp>

#include "places/city/glb_export.hpp"
#include "glb_reader.hpp"
#include "synthetic_city.hpp"

using namespace places::city;

TEST_CASE("GLB export keeps semantics, ids and the georeference", "[glb]") {
    City city = test::makeSyntheticCity();
    // A closure triangle must not be exported.
    city.mesh.triangleSurface[0] = SurfaceType::Closure;
    auto encoded = encodeGlb(city);
    REQUIRE(encoded.ok());
    const test::Glb glb = test::parseGlb(*encoded);
    const auto& j = glb.json;

    const auto& geo = j.at("asset").at("extras").at("georeference");
    CHECK(geo.at("crs") == "EPSG:25832");
    CHECK(geo.at("origin") == nlohmann::json({367000.0, 5713500.0, 50.0}));

    std::vector<std::string> materials;
    for (const auto& m : j.at("materials")) materials.push_back(m.at("name"));
    CHECK(materials == std::vector<std::string>{"roof", "wall", "ground"});

    const auto& buildings = j.at("nodes").at(0).at("extras").at("buildings");
    REQUIRE(buildings.at("id").size() == city.buildings.size());
    CHECK(buildings.at("id").at(1) == city.buildings[1].id);
    CHECK(buildings.at("function").at(1) == city.buildings[1].function);

    // Triangles per material match the city's, minus the closure.
    std::size_t expected[3] = {0, 0, 0};
    for (SurfaceType s : city.mesh.triangleSurface) {
        if (s == SurfaceType::Roof) ++expected[0];
        if (s == SurfaceType::Wall) ++expected[1];
        if (s == SurfaceType::Ground) ++expected[2];
    }
    const auto& primitives = j.at("meshes").at(0).at("primitives");
    REQUIRE(primitives.size() == 3);
    for (std::size_t p = 0; p < 3; ++p) {
        const auto& accessors = j.at("accessors");
        const auto& primitive = primitives.at(p);
        CHECK(accessors.at(primitive.at("indices").get<std::size_t>()).at("count") == 3 * expected[p]);
        // Every _BUILDING_ID names a building of the right surface's triangles.
        const auto& ids = accessors.at(primitive.at("attributes").at("_BUILDING_ID").get<std::size_t>());
        const auto& view = j.at("bufferViews").at(ids.at("bufferView").get<std::size_t>());
        const std::size_t count = ids.at("count");
        for (std::size_t i = 0; i < count; ++i) {
            float id;
            std::memcpy(&id, glb.bin.data() + view.at("byteOffset").get<std::size_t>() + 4 * i, 4);
            CHECK(id >= 0.0f);
            CHECK(id < static_cast<float>(city.buildings.size()));
        }
    }
}
