// places demo: the main job on the bundled Gelsenkirchen data. A relay runs
// in-process with a key made for the run; 100 simulated visitors walk in the
// festival's crowd area by the stage and 40 in the career fair's aisle; then
// either a spectator window on the festival (when a display exists and
// --headless is not given) or, headless, three pictures with the crowd and a
// summary. The city tiles are imported on first use (the import cache).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "places/net/venue_host.hpp"
#include "places/runtime/desktop_view.hpp"
#include "places/runtime/headless_view.hpp"
#include "places/runtime/render_scene.hpp"
#include "render_support.hpp"

namespace places::cli {

namespace {

struct DemoOptions {
    bool headless = false;
    std::string out = "out/demo";
    std::string scenesDir;  // default: scenes/ of this checkout
    std::size_t festivalBots = 100;
    std::size_t fairBots = 40;
    std::uint32_t seed = 1;
    std::string size = "1280x720";
    bool validation = false;
};

// One venue of the demo: where its crowd walks and which pictures it gives.
struct DemoVenue {
    std::string sceneFile;
    std::size_t bots = 0;
    std::string crowdZone;     // the crowd walks in this zone's box (local frame)
    glm::dvec2 centre{0.0};    // ... or around this point
    float area = 20.0f;
    // Pictures: a named view of the scene, or (empty name) a camera at the
    // crowd's west edge looking east into it, close enough for name tags.
    std::vector<std::pair<std::string, std::string>> pictures;  // view, file name
};

std::string defaultScenesDir() {
    // The checkout's scenes/ next to build/tools/places/places, else ./scenes.
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path())
            if (std::filesystem::exists(dir / "scenes" / "gelsenkirchen-festival.json")) return (dir / "scenes").string();
    }
    return "scenes";
}

// The centre and side of the square the crowd walks in: the named zone's
// bounding box (shrunk a little so nobody walks on its edge), or the fallback.
void crowdArea(const runtime::RenderScene& scene, DemoVenue& venue) {
    for (const scenes::Zone& z : scene.zones) {
        if (z.name != venue.crowdZone || z.outline.empty()) continue;
        glm::dvec2 lo = z.outline.front(), hi = lo;
        for (const glm::dvec2& p : z.outline) {
            lo = glm::min(lo, p);
            hi = glm::max(hi, p);
        }
        venue.centre = (lo + hi) * 0.5;
        venue.area = float(std::min(hi.x - lo.x, hi.y - lo.y) * 0.8);
    }
}

render::Camera crowdCamera(const DemoVenue& venue) {
    render::Camera c;
    c.pose.position = {venue.centre.x - venue.area * 0.5 - 3.0, 2.2, venue.centre.y + 3.0};
    c.pose.yawDeg = 85.0;  // east, a little north: into the crowd
    c.pose.pitchDeg = -3.0;
    return c;
}

int runDemo(const DemoOptions& o) {
    std::uint32_t width = 0, height = 0;
    if (!parseSize(o.size, width, height)) {
        std::fprintf(stderr, "places demo: --size must be WIDTHxHEIGHT, got '%s'\n", o.size.c_str());
        return 2;
    }
    const std::string dir = o.scenesDir.empty() ? defaultScenesDir() : o.scenesDir;
    std::vector<DemoVenue> venues = {
        {dir + "/gelsenkirchen-festival.json", o.festivalBots, "Crowd", {15.0, 0.0}, 30.0f,
         {{"overview", "festival-overview.png"}, {"", "festival-stage-name-tags.png"}}},
        {dir + "/career-fair.json", o.fairBots, "", {-5.0, 0.0}, 14.0f, {{"", "career-fair-hall.png"}}},
    };
    // Load (and on the first run import) each venue once to find its crowd area
    // and venue id; the views below load them again from the caches.
    std::vector<std::string> venueIds;
    for (DemoVenue& v : venues) {
        std::fprintf(stderr, "places demo: loading %s\n", v.sceneFile.c_str());
        auto scene = runtime::loadRenderScene(v.sceneFile);
        for (const auto& d : scene.diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
        if (!scene.value) return 2;
        crowdArea(*scene.value, v);
        venueIds.push_back(scene.value->venueId);
    }

    auto host = net::VenueHost::start();
    for (const auto& d : host.diagnostics.items()) std::fprintf(stderr, "places demo: %s\n", d.format().c_str());
    if (!host.value) return 1;
    net::VenueHost& relay = **host.value;
    std::fprintf(stderr, "places demo: relay on 127.0.0.1:%u\n", unsigned(relay.port()));
    std::size_t total = 0;
    for (std::size_t i = 0; i < venues.size(); ++i) {
        net::BotGroup group;
        group.venue = venueIds[i];
        group.count = venues[i].bots;
        group.seed = o.seed + std::uint32_t(i);
        group.centreX = float(venues[i].centre.x);
        group.centreZ = float(venues[i].centre.y);
        group.areaMetres = venues[i].area;
        group.chat = true;
        group.givenNames = true;
        relay.addBots(group);
        total += group.count;
    }
    if (!relay.waitForParticipants(total, 30.0))
        std::fprintf(stderr, "places demo: not every visitor joined within 30 s; going on\n");

    const bool window = !o.headless && (std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY"));
    int code = 0;
    std::vector<std::string> written;
    if (window) {
        runtime::DesktopViewSettings view;
        view.scene = venues[0].sceneFile;
        view.view = "overview";
        view.width = width;
        view.height = height;
        view.validation = o.validation;
        view.join.relay = "127.0.0.1:" + std::to_string(relay.port());
        view.join.ticket = relay.ticket(venueIds[0], net::Role::Spectator, "demo spectator");
        std::fprintf(stderr, "places demo: spectator window on %s (Tab follows a visitor, F1 the panel, Esc quits)\n",
                     venueIds[0].c_str());
        code = runtime::runDesktopView(view);
    } else {
        std::error_code ec;
        std::filesystem::create_directories(o.out, ec);
        for (std::size_t i = 0; i < venues.size() && code == 0; ++i) {
            for (const auto& [viewName, file] : venues[i].pictures) {
                runtime::HeadlessViewSettings h;
                h.scene = venues[i].sceneFile;
                h.view = viewName;
                if (viewName.empty()) h.camera = crowdCamera(venues[i]);
                h.width = width;
                h.height = height;
                h.frames = 20;  // ~0.7 s: snapshots arrive, the interpolation delay passes
                h.validation = o.validation;
                h.join.relay = "127.0.0.1:" + std::to_string(relay.port());
                h.join.ticket = relay.ticket(venueIds[i], net::Role::Spectator, "demo camera");
                h.lastFrame = (std::filesystem::path(o.out) / file).string();
                code = runtime::runHeadlessView(h);
                if (code != 0) break;
                written.push_back(h.lastFrame);
                std::fprintf(stderr, "places demo: wrote %s\n", h.lastFrame.c_str());
            }
        }
    }
    const net::VenueHostSummary summary = relay.stop();
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(summary.toJson());
    j["pictures"] = written;
    std::printf("%s\n", j.dump(2).c_str());
    return code;
}

}  // namespace

void addDemoCommand(CLI::App& app) {
    auto options = std::make_shared<DemoOptions>();
    CLI::App* cmd = app.add_subcommand(
        "demo", "The main job: a relay with 100 festival and 40 career-fair visitors, seen by a spectator "
                "(a window, or --headless pictures and a summary)");
    cmd->add_flag("--headless", options->headless, "No window even when a display exists: write pictures to --out");
    cmd->add_option("--out", options->out, "Folder for the headless pictures")->capture_default_str();
    cmd->add_option("--scenes", options->scenesDir, "Folder holding the shipped scene files (default: the checkout's)");
    cmd->add_option("--festival-visitors", options->festivalBots, "Simulated visitors at the festival stage")
        ->capture_default_str();
    cmd->add_option("--fair-visitors", options->fairBots, "Simulated visitors in the career-fair hall")
        ->capture_default_str();
    cmd->add_option("--seed", options->seed, "Seed of the visitors' walks (same seed, same paths)")->capture_default_str();
    cmd->add_option("--size", options->size, "Picture / window size WIDTHxHEIGHT")->capture_default_str();
    cmd->add_flag("--validation", options->validation, "Vulkan validation layer; any message fails (exit 1)");
    setRenderCommandCallback(*cmd, "demo", [options] { return runDemo(*options); });
}

}  // namespace places::cli
