#pragma once
// Building footprints straight from NRW LoD2 CityGML text (the GroundSurface
// rings), as an oracle independent of the city import: the shipped-scene test
// uses it to prove no prop stands inside a building.
#include <string>
#include <vector>

#include <glm/vec2.hpp>

namespace places::scenes::test {

struct Footprint {
    std::string building;             // gml:id of the Building
    std::vector<glm::dvec2> ring;     // (E, N), closing point dropped
};

std::vector<Footprint> readGroundFootprints(const std::string& gmlPath);

}  // namespace places::scenes::test
