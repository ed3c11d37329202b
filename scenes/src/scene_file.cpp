// Scene file (docs/formats/scene.md) -> Scene. Reads everything it can and
// reports every problem, rather than stopping at the first, so an author fixes
// a file in one round.
#include "places/scenes/scene_file.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>
#include <tuple>

#include <glm/gtc/constants.hpp>
#include <glm/gtc/quaternion.hpp>
#include <glm/vector_relational.hpp>
#include <glm/trigonometric.hpp>

#include "json_reader.hpp"
#include "scene_fair.hpp"
#include "scene_paths.hpp"
#include "places/city/local_frame.hpp"
#include "places/core/mapped_file.hpp"
#include "places/scenes/sun.hpp"

namespace places::scenes {
namespace {

namespace fs = std::filesystem;
using detail::indexPath;
using detail::Json;
using detail::memberPath;

// Positions farther than this from the origin are almost surely local metres
// written where CRS coordinates are expected (or the wrong way round).
constexpr double kMaxDistanceFromOrigin = 100000.0;
constexpr double kHuge = 1e12;

class SceneParser {
public:
    SceneParser(const std::string& path, Diagnostics& diagnostics)
        : reader_(path, diagnostics), path_(path), dir_(fs::path(path).parent_path()) {}

    std::optional<Scene> parse(const Json& root) {
        if (!reader_.expectObject(root, "(root)")) return std::nullopt;
        Scene scene;
        auto version = reader_.numberMember(root, "", "version", true, 1, kHuge);
        if (version && *version != 1.0 && *version != 2.0 && *version != 3.0) {
            reader_.error("version", "unsupported scene version " + std::to_string(*version) + " (this reader knows 1, 2 and 3)");
        }
        version_ = version.value_or(1.0);
        // Version 2 adds the event sections (scene_fair.hpp); a version 1 file
        // with them gets the warning an older reader would give. Version 3
        // adds heights on the ground ("ground").
        const bool fair = version && (*version == 2.0 || *version == 3.0);
        if (fair) {
            reader_.warnUnknown(root, "", {"version", "name", "venue", "description", "origin", "city", "sun", "venues",
                                           "spawns", "views", "zones", "timeZone", "events", "booths", "portals", "signs"});
        } else {
            reader_.warnUnknown(root, "", {"version", "name", "venue", "description", "origin", "city", "sun",
                                           "venues", "spawns", "views", "zones"});
        }
        scene.name = reader_.stringMember(root, "", "name", true).value_or("");
        // The relay's venue id: tickets name it. Default: the file's stem
        // ("career-fair" for career-fair.json), so a renamed copy is another venue.
        scene.venueId = reader_.stringMember(root, "", "venue", false).value_or(fs::path(path_).stem().string());
        if (const Json* d = reader_.member(root, "", "description", false)) {
            scene.description = reader_.string(*d, "description", true).value_or("");
        }
        if (const Json* o = reader_.member(root, "", "origin", true)) originOk_ = parseOrigin(*o, scene.origin);
        origin_ = scene.origin;
        forEach(root, "city", [&](const Json& v, const std::string& p) { parseCity(v, p, scene); });
        if (const Json* sun = reader_.member(root, "", "sun", false)) parseSun(*sun, scene.sun);
        forEach(root, "venues", [&](const Json& v, const std::string& p) { parseVenue(v, p, scene); });
        forEach(root, "spawns", [&](const Json& v, const std::string& p) { parseSpawn(v, p, scene); });
        forEach(root, "views", [&](const Json& v, const std::string& p) { parseView(v, p, scene); });
        forEach(root, "zones", [&](const Json& v, const std::string& p) { parseZone(v, p, scene); });
        if (fair) {
            const detail::FairContext context{
                reader_, [this](const Json& v, const std::string& p) { return position(v, p); },
                [this](const Json& v, const std::string& p) { return existingFile(v, p); }};
            detail::parseFairSections(root, context, scene);
        }
        return scene;
    }

private:
    template <class F>
    void forEach(const Json& root, const char* key, F&& f) {
        const Json* array = reader_.member(root, "", key, false);
        if (array == nullptr || !reader_.expectArray(*array, key)) return;
        for (std::size_t i = 0; i < array->size(); ++i) f((*array)[i], indexPath(key, i));
    }

    bool parseOrigin(const Json& o, city::GeoReference& geo) {
        if (!reader_.expectObject(o, "origin")) return false;
        reader_.warnUnknown(o, "origin", {"crs", "verticalCrs", "east", "north", "height"});
        auto crs = reader_.stringMember(o, "origin", "crs", true);
        auto east = reader_.numberMember(o, "origin", "east", true, -kHuge, kHuge);
        auto north = reader_.numberMember(o, "origin", "north", true, -kHuge, kHuge);
        auto height = reader_.numberMember(o, "origin", "height", true, -12000, 12000);
        if (const Json* v = reader_.member(o, "origin", "verticalCrs", false)) {
            geo.verticalCrs = reader_.string(*v, "origin.verticalCrs").value_or("");
        }
        if (!crs || !east || !north || !height) return false;
        geo.crs = *crs;
        geo.origin = {*east, *north, *height};
        return true;
    }

    // [E, N, H] in the origin's CRS, or {"local": [x, y, z]} in local metres.
    // Version 3: the height may be "ground" or "ground+0.6" / "ground-1"
    // (metres above the terrain); where `ground` is given it receives that
    // offset and the height becomes the origin's plus the offset until the
    // city answers (placeOnGround). Elsewhere "ground" is an error.
    std::optional<glm::dvec3> position(const Json& v, const std::string& path,
                                       std::optional<double>* ground = nullptr) {
        if (v.is_object()) {
            reader_.warnUnknown(v, path, {"local"});
            const Json* local = reader_.member(v, path, "local", true);
            return local ? triple(*local, memberPath(path, "local"), 1, ground) : std::nullopt;
        }
        auto enh = triple(v, path, 2, ground);
        if (!enh || !originOk_) return std::nullopt;
        const city::GeoReference& o = origin_;
        if (ground && *ground) enh->z = o.origin.z + **ground;
        const glm::dvec3 local = city::toLocal(*enh, o.origin);
        if (glm::length(local) > kMaxDistanceFromOrigin) {
            reader_.error(path, "position is " + std::to_string(static_cast<long long>(glm::length(local) / 1000.0)) +
                                    " km from the origin: expected [east, north, height] in " + o.crs +
                                    ", or {\"local\": [x, y, z]} for local metres");
            return std::nullopt;
        }
        return local;
    }

    // "ground", "ground+0.6", "ground-1" -> the offset above the terrain.
    std::optional<double> groundOffset(const Json& v, const std::string& path, std::optional<double>* ground) {
        const std::string text = v.get<std::string>();
        if (ground == nullptr) {
            reader_.error(path, "height \"" + text + "\" is not supported here (props, spawns and zones only)");
            return std::nullopt;
        }
        if (version_ < 3.0) {
            reader_.error(path, "height \"" + text + "\" needs scene version 3");
            return std::nullopt;
        }
        double offset = 0.0;
        bool ok = text.rfind("ground", 0) == 0;
        if (ok && text.size() > 6) {
            const std::string rest = text.substr(6);
            std::size_t used = 0;
            ok = rest[0] == '+' || rest[0] == '-';
            try {
                if (ok) offset = std::stod(rest, &used);
            } catch (const std::exception&) {
                ok = false;
            }
            ok = ok && used == rest.size() && std::isfinite(offset) && std::abs(offset) <= 1000.0;
        }
        if (!ok) {
            reader_.error(path, "expected a height in metres, \"ground\" or \"ground+N\" / \"ground-N\" (|N| <= 1000), got \"" +
                                    text + "\"");
            return std::nullopt;
        }
        *ground = offset;
        return offset;
    }

    // Three numbers; the one at `heightIndex` may be "ground..." (see position()).
    std::optional<glm::dvec3> triple(const Json& v, const std::string& path, std::size_t heightIndex = 3,
                                     std::optional<double>* ground = nullptr) {
        if (!v.is_array() || v.size() != 3) {
            reader_.error(path, std::string("expected an array of 3 numbers, got ") +
                                    (v.is_array() ? std::to_string(v.size()) + " elements" : detail::typeName(v)));
            return std::nullopt;
        }
        glm::dvec3 out;
        for (std::size_t i = 0; i < 3; ++i) {
            const std::string element = indexPath(path, i);
            std::optional<double> n;
            if (i == heightIndex && v[i].is_string()) n = groundOffset(v[i], element, ground);
            else n = reader_.number(v[i], element, -kHuge, kHuge);
            if (!n) return std::nullopt;
            out[static_cast<glm::length_t>(i)] = *n;
        }
        return out;
    }

    std::optional<glm::dvec3> positionMember(const Json& o, const std::string& path, const char* key, bool required,
                                             std::optional<double>* ground = nullptr) {
        const Json* v = reader_.member(o, path, key, required);
        return v ? position(*v, memberPath(path, key), ground) : std::nullopt;
    }

    // Records a position written on the ground (resolved by placeOnGround).
    static void anchor(Scene& scene, GroundAnchor::Target target, std::size_t index, std::vector<glm::dvec2> samples,
                       double offset, std::string path) {
        scene.groundAnchors.push_back({target, index, std::move(samples), offset, std::move(path)});
    }

    // A file the scene names, confined to the scene's folder or its assets
    // folder (scene_paths.hpp).
    std::optional<std::string> existingFile(const Json& v, const std::string& path) {
        auto written = reader_.string(v, path);
        if (!written) return std::nullopt;
        const detail::ScenePath file = detail::resolveScenePath(*written, dir_);
        if (!file.error.empty()) {
            reader_.error(path, file.error);
            return std::nullopt;
        }
        return file.path;
    }

    std::string uniqueName(const Json& o, const std::string& path, std::set<std::string>& names, bool required,
                           std::string fallback = {}) {
        std::string name = reader_.stringMember(o, path, "name", required).value_or(fallback);
        if (!name.empty() && !names.insert(name).second) {
            reader_.error(memberPath(path, "name"), "duplicate name '" + name + "'");
        }
        return name;
    }

    void parseCity(const Json& v, const std::string& path, Scene& scene) {
        auto file = existingFile(v, path);
        if (!file) return;
        std::string ext = fs::path(*file).extension().string();
        for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        CitySource source;
        source.written = v.get<std::string>();
        source.path = *file;
        if (ext == ".places") {
            source.kind = CitySource::Kind::Pack;
        } else if (ext == ".gml" || ext == ".xml") {
            source.kind = CitySource::Kind::CityGml;
        } else if (ext == ".json" || ext == ".jsonl") {
            source.kind = CitySource::Kind::CityJson;
        } else {
            reader_.error(path, "unknown city file type '" + ext + "' (expected .places, .gml or .json)");
            return;
        }
        scene.city.push_back(std::move(source));
    }

    void parseSun(const Json& s, Sun& sun) {
        if (!reader_.expectObject(s, "sun")) return;
        reader_.warnUnknown(s, "sun", {"azimuth", "elevation", "time", "latitude", "longitude"});
        const bool angles = s.contains("azimuth") || s.contains("elevation");
        const bool computed = s.contains("time");
        if (angles == computed) {
            reader_.error("sun", "give either azimuth + elevation, or time + latitude + longitude");
            return;
        }
        if (angles) {
            auto az = reader_.numberMember(s, "sun", "azimuth", true, 0.0, 360.0);
            auto el = reader_.numberMember(s, "sun", "elevation", true, -90.0, 90.0);
            if (az && el) {
                sun.azimuthDeg = *az;
                sun.elevationDeg = *el;
            }
            return;
        }
        auto time = reader_.stringMember(s, "sun", "time", true);
        auto lat = reader_.numberMember(s, "sun", "latitude", true, -90.0, 90.0);
        auto lon = reader_.numberMember(s, "sun", "longitude", true, -180.0, 180.0);
        std::optional<double> instant = time ? parseIsoTime(*time) : std::nullopt;
        if (time && !instant) {
            reader_.error("sun.time", "expected an ISO 8601 time with zone, e.g. 2024-07-13T21:30:00+02:00, got '" +
                                          *time + "'");
        }
        if (!instant || !lat || !lon) return;
        const SolarPosition p = solarPosition(*instant, *lat, *lon);
        sun.azimuthDeg = p.azimuthDeg;
        sun.elevationDeg = p.elevationDeg;
        sun.time = *time;
    }

    std::optional<glm::dquat> rotation(const Json& v, const std::string& path) {
        if (v.is_number()) {
            auto yaw = reader_.number(v, path, -360.0, 360.0);
            return yaw ? std::optional(yawPitchRoll(*yaw, 0.0, 0.0)) : std::nullopt;
        }
        if (!reader_.expectObject(v, path)) return std::nullopt;
        reader_.warnUnknown(v, path, {"yaw", "pitch", "roll", "quaternion"});
        if (const Json* q = reader_.member(v, path, "quaternion", false)) {
            const std::string qp = memberPath(path, "quaternion");
            if (v.contains("yaw") || v.contains("pitch") || v.contains("roll")) {
                reader_.error(path, "give either yaw/pitch/roll or quaternion, not both");
                return std::nullopt;
            }
            if (!q->is_array() || q->size() != 4) {
                reader_.error(qp, "expected [x, y, z, w]");
                return std::nullopt;
            }
            double c[4];
            for (std::size_t i = 0; i < 4; ++i) {
                auto n = reader_.number((*q)[i], indexPath(qp, i), -kHuge, kHuge);
                if (!n) return std::nullopt;
                c[i] = *n;
            }
            const glm::dquat out(c[3], c[0], c[1], c[2]);
            const double length = glm::length(out);
            if (std::abs(length - 1.0) > 1e-3) {
                reader_.error(qp, "quaternion is not unit length (" + std::to_string(length) + ")");
                return std::nullopt;
            }
            return out / length;
        }
        auto yaw = reader_.numberMember(v, path, "yaw", false, -360.0, 360.0);
        auto pitch = reader_.numberMember(v, path, "pitch", false, -90.0, 90.0);
        auto roll = reader_.numberMember(v, path, "roll", false, -180.0, 180.0);
        return yawPitchRoll(yaw.value_or(0.0), pitch.value_or(0.0), roll.value_or(0.0));
    }

    // R = Ry(-yaw) * Rx(pitch) * Rz(roll): yaw clockwise seen from above (compass sense).
    static glm::dquat yawPitchRoll(double yaw, double pitch, double roll) {
        return glm::angleAxis(glm::radians(-yaw), glm::dvec3(0, 1, 0)) *
               glm::angleAxis(glm::radians(pitch), glm::dvec3(1, 0, 0)) *
               glm::angleAxis(glm::radians(roll), glm::dvec3(0, 0, 1));
    }

    std::optional<glm::dvec3> scale(const Json& v, const std::string& path) {
        if (v.is_number()) {
            auto s = reader_.number(v, path, 1e-6, 1e6);
            return s ? std::optional(glm::dvec3(*s)) : std::nullopt;
        }
        auto t = triple(v, path);
        if (t && (glm::any(glm::lessThanEqual(*t, glm::dvec3(0.0))))) {
            reader_.error(path, "scale factors must be positive");
            return std::nullopt;
        }
        return t;
    }

    // "#RRGGBB" or [r, g, b] in [0, 1], both sRGB-encoded (what colour pickers
    // show) -> linear RGB (what the renderer multiplies).
    std::optional<glm::vec3> color(const Json& v, const std::string& path) {
        glm::dvec3 srgb;
        if (v.is_string()) {
            const std::string text = v.get<std::string>();
            const bool hex = text.size() == 7 && text[0] == '#' &&
                             text.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos;
            if (!hex) {
                reader_.error(path, "expected a colour \"#RRGGBB\" or [r, g, b] in [0, 1], got \"" + text + "\"");
                return std::nullopt;
            }
            for (int i = 0; i < 3; ++i)
                srgb[i] = double(std::stoi(text.substr(1 + 2 * std::size_t(i), 2), nullptr, 16)) / 255.0;
        } else {
            auto t = triple(v, path);
            if (!t) return std::nullopt;
            if (glm::any(glm::lessThan(*t, glm::dvec3(0.0))) || glm::any(glm::greaterThan(*t, glm::dvec3(1.0)))) {
                reader_.error(path, "colour components must be in [0, 1]");
                return std::nullopt;
            }
            srgb = *t;
        }
        glm::vec3 linear;
        for (int i = 0; i < 3; ++i)
            linear[i] = float(srgb[i] <= 0.04045 ? srgb[i] / 12.92 : std::pow((srgb[i] + 0.055) / 1.055, 2.4));
        return linear;
    }

    void parseVenue(const Json& v, const std::string& path, Scene& scene) {
        if (!reader_.expectObject(v, path)) return;
        reader_.warnUnknown(v, path, {"name", "asset", "position", "rotation", "scale", "color"});
        Venue venue;
        const Json* asset = reader_.member(v, path, "asset", true);
        auto file = asset ? existingFile(*asset, memberPath(path, "asset")) : std::nullopt;
        venue.name = uniqueName(v, path, venueNames_, false,
                                file ? fs::path(*file).stem().string() + " (" + path + ")" : "");
        std::optional<double> ground;
        auto pos = positionMember(v, path, "position", true, &ground);
        if (const Json* r = reader_.member(v, path, "rotation", false)) {
            auto q = rotation(*r, memberPath(path, "rotation"));
            if (!q) return;
            venue.placement.rotation = *q;
        }
        if (const Json* s = reader_.member(v, path, "scale", false)) {
            auto sc = scale(*s, memberPath(path, "scale"));
            if (!sc) return;
            venue.placement.scale = *sc;
        }
        if (const Json* c = reader_.member(v, path, "color", false)) {
            venue.color = color(*c, memberPath(path, "color"));
            if (!venue.color) return;
        }
        if (!file || !pos) return;
        venue.asset = *file;
        venue.placement.position = *pos;
        if (ground)
            anchor(scene, GroundAnchor::Target::Venue, scene.venues.size(), {{pos->x, pos->z}}, *ground,
                   memberPath(path, "position"));
        scene.venues.push_back(std::move(venue));
    }

    void parseSpawn(const Json& v, const std::string& path, Scene& scene) {
        if (!reader_.expectObject(v, path)) return;
        reader_.warnUnknown(v, path, {"name", "position", "yaw"});
        SpawnPoint spawn;
        spawn.name = uniqueName(v, path, spawnNames_, true);
        std::optional<double> ground;
        auto pos = positionMember(v, path, "position", true, &ground);
        spawn.yawDeg = reader_.numberMember(v, path, "yaw", false, -360.0, 360.0).value_or(0.0);
        if (!pos) return;
        spawn.position = *pos;
        if (ground)
            anchor(scene, GroundAnchor::Target::Spawn, scene.spawns.size(), {{pos->x, pos->z}}, *ground,
                   memberPath(path, "position"));
        scene.spawns.push_back(std::move(spawn));
    }

    void parseView(const Json& v, const std::string& path, Scene& scene) {
        if (!reader_.expectObject(v, path)) return;
        reader_.warnUnknown(v, path, {"name", "position", "yaw", "pitch", "lookAt", "fov"});
        CameraView view;
        view.name = uniqueName(v, path, viewNames_, true);
        auto pos = positionMember(v, path, "position", true);
        view.verticalFovDeg = reader_.numberMember(v, path, "fov", false, 1.0, 170.0).value_or(60.0);
        if (v.contains("lookAt")) {
            if (v.contains("yaw") || v.contains("pitch")) {
                reader_.error(path, "give either yaw/pitch or lookAt, not both");
                return;
            }
            auto target = positionMember(v, path, "lookAt", true);
            if (!pos || !target) return;
            const glm::dvec3 d = *target - *pos;
            if (glm::length(d) < 1e-6) {
                reader_.error(memberPath(path, "lookAt"), "lookAt equals position");
                return;
            }
            const double horizontal = std::hypot(d.x, d.z);
            view.pitchDeg = glm::degrees(std::atan2(d.y, horizontal));
            view.yawDeg = horizontal > 1e-9 ? glm::degrees(std::atan2(d.x, -d.z)) : 0.0;
            if (view.yawDeg < 0.0) view.yawDeg += 360.0;
        } else {
            view.yawDeg = reader_.numberMember(v, path, "yaw", false, -360.0, 360.0).value_or(0.0);
            view.pitchDeg = reader_.numberMember(v, path, "pitch", false, -90.0, 90.0).value_or(0.0);
        }
        if (!pos) return;
        view.position = *pos;
        scene.views.push_back(std::move(view));
    }

    void parseZone(const Json& v, const std::string& path, Scene& scene) {
        if (!reader_.expectObject(v, path)) return;
        reader_.warnUnknown(v, path, {"name", "kind", "shape", "height", "exhibitor", "description"});
        Zone zone;
        zone.name = uniqueName(v, path, zoneNames_, true);
        if (auto kind = reader_.stringMember(v, path, "kind", true)) {
            if (*kind == "stage") zone.kind = ZoneKind::Stage;
            else if (*kind == "booth") zone.kind = ZoneKind::Booth;
            else if (*kind == "lounge") zone.kind = ZoneKind::Lounge;
            else if (*kind == "area") zone.kind = ZoneKind::Area;
            else reader_.error(memberPath(path, "kind"), "unknown zone kind '" + *kind + "' (stage, booth, lounge, area)");
        }
        zone.height = reader_.numberMember(v, path, "height", false, 0.01, 1000.0).value_or(4.0);
        if (const Json* e = reader_.member(v, path, "exhibitor", false)) {
            zone.exhibitor = reader_.string(*e, memberPath(path, "exhibitor")).value_or("");
        }
        if (const Json* d = reader_.member(v, path, "description", false)) {
            zone.description = reader_.string(*d, memberPath(path, "description"), true).value_or("");
        }
        const Json* shape = reader_.member(v, path, "shape", true);
        ZoneGround ground;
        if (shape == nullptr || !parseShape(*shape, memberPath(path, "shape"), zone, ground)) return;
        if (ground.offset) {
            zone.floorOnGround = true;
            anchor(scene, GroundAnchor::Target::Zone, scene.zones.size(), std::move(ground.samples), *ground.offset,
                   std::move(ground.path));
        }
        scene.zones.push_back(std::move(zone));
    }

    // Where a zone's floor asks the ground: the centre, or every polygon point.
    struct ZoneGround {
        std::optional<double> offset;
        std::vector<glm::dvec2> samples;
        std::string path;
    };

    bool parseShape(const Json& s, const std::string& path, Zone& zone, ZoneGround& ground) {
        if (!reader_.expectObject(s, path)) return false;
        reader_.warnUnknown(s, path, {"box", "circle", "polygon"});
        if (s.size() != 1) {
            reader_.error(path, "expected exactly one of box, circle, polygon");
            return false;
        }
        if (const Json* box = reader_.member(s, path, "box", false)) {
            const std::string p = memberPath(path, "box");
            if (!reader_.expectObject(*box, p)) return false;
            reader_.warnUnknown(*box, p, {"center", "size", "yaw"});
            auto centre = positionMember(*box, p, "center", true, &ground.offset);
            const Json* size = reader_.member(*box, p, "size", true);
            const double yaw = reader_.numberMember(*box, p, "yaw", false, -360.0, 360.0).value_or(0.0);
            std::optional<double> w, d;
            if (size && (!size->is_array() || size->size() != 2)) {
                reader_.error(memberPath(p, "size"), "expected [width east-west, depth north-south] in metres");
            } else if (size) {
                w = reader_.number((*size)[0], indexPath(memberPath(p, "size"), 0), 0.01, 1e5);
                d = reader_.number((*size)[1], indexPath(memberPath(p, "size"), 1), 0.01, 1e5);
            }
            if (!centre || !w || !d) return false;
            // Corners counter-clockwise seen from above (x east, z south), then yawed clockwise.
            const double a = glm::radians(yaw), c = std::cos(a), sn = std::sin(a);
            for (const glm::dvec2 corner : {glm::dvec2(-*w, *d), glm::dvec2(*w, *d), glm::dvec2(*w, -*d), glm::dvec2(-*w, -*d)}) {
                const glm::dvec2 h = corner * 0.5;
                zone.outline.push_back({centre->x + c * h.x - sn * h.y, centre->z + sn * h.x + c * h.y});
            }
            zone.floor = centre->y;
            ground.samples = {{centre->x, centre->z}};
            ground.path = memberPath(p, "center");
            return true;
        }
        if (const Json* circle = reader_.member(s, path, "circle", false)) {
            const std::string p = memberPath(path, "circle");
            if (!reader_.expectObject(*circle, p)) return false;
            reader_.warnUnknown(*circle, p, {"center", "radius"});
            auto centre = positionMember(*circle, p, "center", true, &ground.offset);
            auto radius = reader_.numberMember(*circle, p, "radius", true, 0.01, 1e5);
            if (!centre || !radius) return false;
            constexpr int kSides = 32;  // outline polygon; inscribed, within 0.5 % of the radius
            for (int i = 0; i < kSides; ++i) {
                const double a = -2.0 * glm::pi<double>() * i / kSides;
                zone.outline.push_back({centre->x + *radius * std::cos(a), centre->z + *radius * std::sin(a)});
            }
            zone.floor = centre->y;
            ground.samples = {{centre->x, centre->z}};
            ground.path = memberPath(p, "center");
            return true;
        }
        const Json* polygon = reader_.member(s, path, "polygon", true);
        const std::string p = memberPath(path, "polygon");
        if (!polygon || !reader_.expectArray(*polygon, p)) return false;
        if (polygon->size() < 3) {
            reader_.error(p, "a polygon needs at least 3 points");
            return false;
        }
        zone.floor = std::numeric_limits<double>::max();
        double area2 = 0.0;
        std::size_t onGround = 0;
        for (std::size_t i = 0; i < polygon->size(); ++i) {
            std::optional<double> pointGround;
            auto point = position((*polygon)[i], indexPath(p, i), &pointGround);
            if (!point) return false;
            zone.outline.push_back({point->x, point->z});
            zone.floor = std::min(zone.floor, point->y);
            if (pointGround) {
                ++onGround;
                ground.samples.push_back({point->x, point->z});
                ground.offset = std::min(ground.offset.value_or(*pointGround), *pointGround);
            }
        }
        // One floor: a polygon partly on the ground would have two references.
        if (onGround != 0 && onGround != polygon->size()) {
            reader_.error(p, "give every polygon point the height \"ground\", or none");
            return false;
        }
        ground.path = p;
        for (std::size_t i = 0, j = zone.outline.size() - 1; i < zone.outline.size(); j = i++) {
            area2 += zone.outline[j].x * zone.outline[i].y - zone.outline[i].x * zone.outline[j].y;
        }
        if (std::abs(area2) < 1e-6) {
            reader_.error(p, "polygon has no area");
            return false;
        }
        // With z pointing south, a positive shoelace sum in (x, z) is clockwise seen from above.
        if (area2 > 0.0) std::reverse(zone.outline.begin(), zone.outline.end());
        return true;
    }

    detail::JsonReader reader_;
    std::string path_;  // the scene file, for the default venue id
    fs::path dir_;
    bool originOk_ = false;
    double version_ = 1.0;
    city::GeoReference origin_;  // copy of Scene::origin once read; positions resolve against it
    std::set<std::string> venueNames_, spawnNames_, viewNames_, zoneNames_;
};

std::pair<std::uint32_t, std::uint32_t> lineColumn(std::string_view text, std::size_t byte) {
    std::uint32_t line = 1, column = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

}  // namespace

Result<Scene> parseScene(std::string_view json, const std::string& path) {
    Result<Scene> result;
    Json root;
    try {
        root = Json::parse(json.begin(), json.end());
    } catch (const Json::parse_error& e) {
        const auto [line, column] = lineColumn(json, e.byte > 0 ? e.byte - 1 : 0);
        std::string what = e.what();
        if (const auto colon = what.find("; "); colon != std::string::npos) what = what.substr(colon + 2);
        result.diagnostics.error({path, line, column}, "malformed JSON: " + what);
        return result;
    } catch (const Json::exception& e) {
        // A number beyond double's range ("1e999") is out_of_range 406, which
        // carries no position; the message quotes the number, so find it.
        std::string what = e.what();
        const auto open = what.find('\''), close = what.rfind('\'');
        SourceLocation where{path};
        if (open != std::string::npos && close > open + 1) {
            const auto at = json.find(std::string_view(what).substr(open + 1, close - open - 1));
            if (at != std::string_view::npos) std::tie(where.line, where.column) = lineColumn(json, at);
        }
        if (const auto colon = what.find("] "); colon != std::string::npos) what = what.substr(colon + 2);
        result.diagnostics.error(std::move(where), "unsupported JSON: " + what);
        return result;
    }
    SceneParser parser(path, result.diagnostics);
    result.value = parser.parse(root);
    if (result.value) result.value->path = path;
    return result;
}

Result<Scene> loadScene(const std::string& path) {
    Result<std::string> text = readTextFile(path);
    if (!text.value) {
        Result<Scene> result;
        result.diagnostics = text.diagnostics;
        return result;
    }
    return parseScene(*text.value, path);
}

static std::string knownVenueList(const std::vector<Scene>& scenes) {
    std::string out;
    for (const Scene& s : scenes) {
        if (!out.empty()) out += ", ";
        out += s.venueId;
    }
    return out;
}

Diagnostics checkPortalTargets(const std::vector<Scene>& scenes) {
    Diagnostics d;
    for (const Scene& s : scenes) {
        for (std::size_t i = 0; i < s.portals.size(); ++i) {
            const Portal& p = s.portals[i];
            const bool known = std::any_of(scenes.begin(), scenes.end(), [&](const Scene& o) { return o.venueId == p.venue; });
            if (known) continue;
            SourceLocation where{s.path};
            where.pointer = "portals[";
            where.pointer += std::to_string(i);
            where.pointer += "].venue";
            d.error(std::move(where), "unknown venue '" + p.venue + "' (the relay loads: " + knownVenueList(scenes) + ")");
        }
    }
    return d;
}

}  // namespace places::scenes
