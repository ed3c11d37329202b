#include "fair_scenes.hpp"

#include <charconv>

#include "places/scenes/scene_file.hpp"
#include "places/scenes/sun.hpp"

namespace places::cli {

Result<net::FairConfig> fairConfigFromScenes(const std::vector<std::string>& files) {
    Result<net::FairConfig> out;
    std::vector<scenes::Scene> loaded;
    for (const std::string& file : files) {
        auto scene = scenes::loadScene(file);
        out.diagnostics.append(scene.diagnostics);
        if (scene.value) loaded.push_back(std::move(*scene.value));
    }
    out.diagnostics.append(scenes::checkPortalTargets(loaded));
    if (out.diagnostics.hasErrors()) return out;
    net::FairConfig config;
    for (const scenes::Scene& s : loaded) {
        net::FairVenue venue;
        venue.venue = s.venueId;
        for (const scenes::StageSchedule& st : s.events) {
            net::FairStage stage;
            stage.zone = st.zone;
            for (const scenes::Act& a : st.acts) stage.acts.push_back({a.title, a.performer, a.time.start, a.time.end});
            venue.stages.push_back(std::move(stage));
        }
        for (const scenes::Booth& b : s.booths) {
            net::FairBooth booth{b.id, b.company, b.staff, {}};
            for (const scenes::TimeSpan& h : b.openHours) booth.openHours.emplace_back(h.start, h.end);
            venue.booths.push_back(std::move(booth));
        }
        for (const scenes::Portal& p : s.portals) {
            const scenes::Zone* z = s.findZone(p.zone);  // the reader checked it exists
            if (!z) continue;
            // A floor on the ground is unknown here (the relay loads no city):
            // the portal then reaches from far below to far above.
            net::FairZone zone{z->outline, z->floor, z->height};
            if (z->floorOnGround) zone = {z->outline, -1.0e6, 2.0e6};
            venue.portals.push_back({p.name, std::move(zone), p.venue, p.spawn});
        }
        config.venues.push_back(std::move(venue));
    }
    out.value = std::move(config);
    return out;
}

bool applyFairClock(const std::string& text, net::FairConfig& config) {
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        std::int64_t seconds = 0;
        const char* first = text.data() + (text[0] == '+' ? 1 : 0);
        const auto [end, ec] = std::from_chars(first, text.data() + text.size(), seconds);
        if (ec != std::errc() || end != text.data() + text.size()) return false;
        config.offsetSeconds = seconds;
        return true;
    }
    const auto t = scenes::parseIsoTime(text);
    if (!t) return false;
    config.fixedTime = static_cast<std::int64_t>(*t);
    return true;
}

}  // namespace places::cli
