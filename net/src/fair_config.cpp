#include "places/net/fair_config.hpp"

#include <algorithm>

#include "places/core/outline.hpp"

namespace places::net {

const FairAct* FairStage::now(std::int64_t t) const {
    for (const FairAct& a : acts)
        if (t >= a.start && t < a.end) return &a;
    return nullptr;
}

const FairAct* FairStage::next(std::int64_t t) const {
    for (const FairAct& a : acts)
        if (a.start > t) return &a;
    return nullptr;
}

bool FairBooth::openAt(std::int64_t t) const {
    if (openHours.empty()) return true;
    return std::any_of(openHours.begin(), openHours.end(), [&](const auto& h) { return t >= h.first && t < h.second; });
}

bool FairZone::contains(const glm::dvec3& p) const {
    if (p.y < floor - 0.5 || p.y > floor + height || outline.size() < 3) return false;  // a head is above the floor
    return insideOutline(outline, p.x, p.z);
}

const FairVenue* FairConfig::find(const std::string& venue) const {
    for (const FairVenue& v : venues)
        if (v.venue == venue) return &v;
    return nullptr;
}

}  // namespace places::net
