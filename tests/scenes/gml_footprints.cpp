#include "gml_footprints.hpp"

#include <sstream>

#include "places/core/mapped_file.hpp"

namespace places::scenes::test {

std::vector<Footprint> readGroundFootprints(const std::string& gmlPath) {
    std::vector<Footprint> out;
    places::Result<std::string> text = places::readTextFile(gmlPath);
    if (!text.value) return out;
    const std::string& s = *text.value;
    std::string building;
    std::size_t pos = 0;
    while (true) {
        const std::size_t ground = s.find("<bldg:GroundSurface", pos);
        if (ground == std::string::npos) break;
        // The nearest Building start before this surface owns it (parts included).
        const std::size_t owner = s.rfind("<bldg:Building gml:id=\"", ground);
        if (owner != std::string::npos) {
            const std::size_t idStart = owner + 23;
            building = s.substr(idStart, s.find('"', idStart) - idStart);
        }
        const std::size_t end = s.find("</bldg:GroundSurface>", ground);
        for (std::size_t p = s.find("<gml:posList", ground); p < end; p = s.find("<gml:posList", p + 1)) {
            const std::size_t open = s.find('>', p) + 1;
            std::istringstream numbers(s.substr(open, s.find('<', open) - open));
            Footprint footprint{building, {}};
            double e, n, h;
            while (numbers >> e >> n >> h) footprint.ring.push_back({e, n});
            if (footprint.ring.size() > 1 && footprint.ring.front() == footprint.ring.back()) footprint.ring.pop_back();
            if (footprint.ring.size() >= 3) out.push_back(std::move(footprint));
        }
        pos = end;
    }
    return out;
}

}  // namespace places::scenes::test
