#pragma once
// Paths of the bundled CityGML tiles (assets/city/citygml, see ATTRIBUTION.md)
// and of scratch files the tests write into the build tree.
#include <filesystem>
#include <fstream>
#include <string>

namespace places::city::test {

inline std::string cityGml(const std::string& name) { return std::string(PLACES_ASSETS_DIR) + "/city/citygml/" + name; }

inline const std::string kErle = cityGml("LoD2_32_365_5713_1_NW.gml");         // Gelsenkirchen-Erle, LoD2
inline const std::string kResseSouth = cityGml("LoD2_32_370_5713_1_NW.gml");   // Resse, LoD2
inline const std::string kResseNorth = cityGml("LoD2_32_370_5714_1_NW.gml");   // Resse, north of it
inline const std::string kBielefeld = cityGml("LoD1_470_5757_1_NW.gml");       // LoD1 only

// Writes `bytes` to a file under the build tree and returns its path.
inline std::string scratchFile(const std::string& name, const std::string& bytes) {
    const auto dir = std::filesystem::path(PLACES_BINARY_DIR) / "test-scratch" / "city";
    std::filesystem::create_directories(dir);
    const auto path = (dir / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

inline std::string fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace places::city::test
