// Events, booths, portals and signs of a scene file (scene_fair.hpp). Every
// rule a relay relies on is checked here, at the JSON path, so a relay never
// starts with a program it would have to guess about: overlapping acts, a booth
// without a company, a portal to a venue nobody knows.
#include "scene_fair.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>

#include "places/core/mapped_file.hpp"
#include "places/scenes/sun.hpp"

namespace places::scenes::detail {
namespace {

namespace fs = std::filesystem;

class FairParser {
public:
    FairParser(const FairContext& c, Scene& scene) : c_(c), r_(c.reader), scene_(scene) {}

    void parse(const Json& root) {
        if (const Json* tz = r_.member(root, "", "timeZone", false)) scene_.timeZone = r_.string(*tz, "timeZone").value_or("");
        forEach(root, "events", [&](const Json& v, const std::string& p) { parseSchedule(v, p); });
        forEach(root, "booths", [&](const Json& v, const std::string& p) { parseBooth(v, p); });
        forEach(root, "portals", [&](const Json& v, const std::string& p) { parsePortal(v, p); });
        forEach(root, "signs", [&](const Json& v, const std::string& p) { parseSign(v, p); });
    }

private:
    template <class F>
    void forEach(const Json& root, const char* key, F&& f) {
        const Json* array = r_.member(root, "", key, false);
        if (array == nullptr || !r_.expectArray(*array, key)) return;
        for (std::size_t i = 0; i < array->size(); ++i) f((*array)[i], indexPath(key, i));
    }

    std::optional<std::int64_t> instant(const Json& o, const std::string& path, const char* key) {
        auto text = r_.stringMember(o, path, key, true);
        if (!text) return std::nullopt;
        auto t = parseIsoTime(*text);
        if (!t) {
            r_.error(memberPath(path, key), "expected an ISO 8601 time with UTC offset, e.g. 2026-07-11T14:00+02:00, got '" +
                                                *text + "'");
            return std::nullopt;
        }
        return static_cast<std::int64_t>(*t);
    }

    std::optional<TimeSpan> span(const Json& o, const std::string& path) {
        if (!r_.expectObject(o, path)) return std::nullopt;
        auto start = instant(o, path, "start");
        auto end = instant(o, path, "end");
        if (!start || !end) return std::nullopt;
        if (*end <= *start) {
            r_.error(memberPath(path, "end"), "ends before it starts");
            return std::nullopt;
        }
        return TimeSpan{*start, *end};
    }

    // A PNG or JPEG file, confined like every scene path; checked by its magic
    // bytes, so a renamed file is caught here and not by the renderer.
    std::optional<std::string> image(const Json& o, const std::string& path, const char* key) {
        const Json* v = r_.member(o, path, key, false);
        if (!v) return std::nullopt;
        const std::string p = memberPath(path, key);
        auto file = c_.file(*v, p);
        if (!file) return std::nullopt;
        std::array<unsigned char, 8> head{};
        std::ifstream in(*file, std::ios::binary);
        in.read(reinterpret_cast<char*>(head.data()), head.size());
        const bool png = in.gcount() == 8 && head[0] == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G';
        const bool jpeg = in.gcount() >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF;
        if (!png && !jpeg) {
            r_.error(p, "not a PNG or JPEG image: " + v->get<std::string>());
            return std::nullopt;
        }
        return file;
    }

    // The zone `key` names must exist and be of `kind`.
    std::optional<std::string> zoneRef(const Json& o, const std::string& path, const char* key, bool required,
                                       std::optional<ZoneKind> kind) {
        auto name = r_.stringMember(o, path, key, required);
        if (!name) return std::nullopt;
        const Zone* z = scene_.findZone(*name);
        if (!z) {
            r_.error(memberPath(path, key), "unknown zone '" + *name + "'");
            return std::nullopt;
        }
        if (kind && z->kind != *kind) {
            r_.error(memberPath(path, key), "zone '" + *name + "' is a " + toString(z->kind) + ", expected a " +
                                                toString(*kind));
            return std::nullopt;
        }
        return name;
    }

    void parseSchedule(const Json& v, const std::string& path) {
        if (!r_.expectObject(v, path)) return;
        r_.warnUnknown(v, path, {"stage", "acts", "screen"});
        StageSchedule schedule;
        if (const Json* screen = r_.member(v, path, "screen", false)) {
            const std::string sp = memberPath(path, "screen");
            if (r_.expectObject(*screen, sp)) {
                r_.warnUnknown(*screen, sp, {"position", "yaw", "width", "height"});
                Sign placed;
                placed.width = 6.0;
                placed.height = 2.0;
                if (placement(*screen, sp, placed)) schedule.screen = std::move(placed);
            }
        }
        auto zone = zoneRef(v, path, "stage", true, ZoneKind::Stage);
        if (zone && !stages_.insert(*zone).second) r_.error(memberPath(path, "stage"), "a second schedule for '" + *zone + "'");
        const Json* acts = r_.member(v, path, "acts", true);
        const std::string ap = memberPath(path, "acts");
        if (!acts || !r_.expectArray(*acts, ap)) return;
        std::vector<std::pair<Act, std::size_t>> read;  // with the index, for messages after sorting
        for (std::size_t i = 0; i < acts->size(); ++i) {
            const Json& a = (*acts)[i];
            const std::string p = indexPath(ap, i);
            if (!r_.expectObject(a, p)) continue;
            r_.warnUnknown(a, p, {"title", "performer", "start", "end", "image"});
            Act act;
            auto title = r_.stringMember(a, p, "title", true);
            if (const Json* pf = r_.member(a, p, "performer", false))
                act.performer = r_.string(*pf, memberPath(p, "performer"), true).value_or("");
            auto time = span(a, p);
            act.image = image(a, p, "image").value_or("");
            if (!title || !time) continue;
            act.title = *title;
            act.time = *time;
            read.emplace_back(std::move(act), i);
        }
        std::sort(read.begin(), read.end(), [](const auto& x, const auto& y) { return x.first.time.start < y.first.time.start; });
        for (std::size_t k = 1; k < read.size(); ++k) {
            if (read[k].first.time.start < read[k - 1].first.time.end) {
                r_.error(indexPath(ap, read[k].second), "time slot overlaps " + indexPath(ap, read[k - 1].second) + " ('" +
                                                            read[k - 1].first.title + "') on the same stage");
                return;
            }
        }
        if (!zone) return;
        schedule.zone = *zone;
        for (auto& [act, i] : read) schedule.acts.push_back(std::move(act));
        scene_.events.push_back(std::move(schedule));
    }

    void parseBooth(const Json& v, const std::string& path) {
        if (!r_.expectObject(v, path)) return;
        r_.warnUnknown(v, path, {"id", "zone", "company", "description", "logo", "openHours", "model", "staff", "facing"});
        Booth booth;
        auto id = r_.stringMember(v, path, "id", true);
        if (id && !boothIds_.insert(*id).second) r_.error(memberPath(path, "id"), "duplicate booth id '" + *id + "'");
        auto company = r_.stringMember(v, path, "company", true);
        if (v.contains("zone")) {
            auto zone = zoneRef(v, path, "zone", false, ZoneKind::Booth);
            if (!zone) return;
            booth.zone = *zone;
        }
        if (const Json* d = r_.member(v, path, "description", false))
            booth.description = r_.string(*d, memberPath(path, "description"), true).value_or("");
        booth.logo = image(v, path, "logo").value_or("");
        if (v.contains("facing")) booth.facingDeg = r_.numberMember(v, path, "facing", false, -360.0, 360.0);
        if (const Json* m = r_.member(v, path, "model", false)) booth.model = c_.file(*m, memberPath(path, "model")).value_or("");
        if (const Json* hours = r_.member(v, path, "openHours", false); hours && r_.expectArray(*hours, memberPath(path, "openHours"))) {
            for (std::size_t i = 0; i < hours->size(); ++i) {
                if (auto s = span((*hours)[i], indexPath(memberPath(path, "openHours"), i))) booth.openHours.push_back(*s);
            }
        }
        if (const Json* staff = r_.member(v, path, "staff", false); staff && r_.expectArray(*staff, memberPath(path, "staff"))) {
            for (std::size_t i = 0; i < staff->size(); ++i) {
                if (auto n = r_.string((*staff)[i], indexPath(memberPath(path, "staff"), i))) booth.staff.push_back(*n);
            }
        }
        if (!id || !company) return;
        booth.id = *id;
        booth.company = *company;
        scene_.booths.push_back(std::move(booth));
    }

    // The venue id a scene file declares ("venue", else its file stem),
    // read without loading the file as a scene (it may portal back here).
    std::optional<std::string> venueOfSceneFile(const std::string& file, const std::string& path) {
        Result<std::string> text = readTextFile(file);
        if (!text.value) {
            r_.error(path, "cannot read " + file);
            return std::nullopt;
        }
        const Json doc = Json::parse(*text.value, nullptr, false);
        if (doc.is_discarded() || !doc.is_object()) {
            r_.error(path, "not a scene file (malformed JSON): " + file);
            return std::nullopt;
        }
        if (const auto it = doc.find("venue"); it != doc.end() && it->is_string()) return it->get<std::string>();
        return fs::path(file).stem().string();
    }

    void parsePortal(const Json& v, const std::string& path) {
        if (!r_.expectObject(v, path)) return;
        r_.warnUnknown(v, path, {"name", "zone", "venue", "scene", "spawn"});
        Portal portal;
        auto name = r_.stringMember(v, path, "name", true);
        if (name && !portalNames_.insert(*name).second) r_.error(memberPath(path, "name"), "duplicate name '" + *name + "'");
        auto zone = zoneRef(v, path, "zone", true, std::nullopt);
        std::optional<std::string> declared;
        if (const Json* s = r_.member(v, path, "scene", false)) {
            auto file = c_.file(*s, memberPath(path, "scene"));
            if (!file) return;
            portal.scene = *file;
            declared = venueOfSceneFile(*file, memberPath(path, "scene"));
            if (!declared) return;
        }
        auto venue = r_.stringMember(v, path, "venue", !declared);
        if (venue && declared && *venue != *declared) {
            r_.error(memberPath(path, "venue"), "unknown venue '" + *venue + "': the portal's scene file is venue '" +
                                                    *declared + "'");
            return;
        }
        if (venue && *venue == scene_.venueId) {
            r_.error(memberPath(path, "venue"), "a portal must lead to another venue, not to '" + *venue + "' itself");
            return;
        }
        if (const Json* sp = r_.member(v, path, "spawn", false)) portal.spawn = r_.string(*sp, memberPath(path, "spawn")).value_or("");
        if (!name || !zone || (!venue && !declared)) return;
        portal.name = *name;
        portal.zone = *zone;
        portal.venue = venue ? *venue : *declared;
        scene_.portals.push_back(std::move(portal));
    }

    void parseSign(const Json& v, const std::string& path) {
        if (!r_.expectObject(v, path)) return;
        r_.warnUnknown(v, path, {"name", "text", "image", "position", "yaw", "width", "height"});
        Sign sign;
        auto name = r_.stringMember(v, path, "name", true);
        if (name && !signNames_.insert(*name).second) r_.error(memberPath(path, "name"), "duplicate name '" + *name + "'");
        if (const Json* t = r_.member(v, path, "text", false)) sign.text = r_.string(*t, memberPath(path, "text"), true).value_or("");
        const bool hasImage = v.contains("image");
        sign.image = image(v, path, "image").value_or("");
        if (sign.text.empty() && !hasImage) r_.error(path, "a sign needs a text or an image");
        const bool placed = placement(v, path, sign);
        if (!name || !placed) return;
        sign.name = *name;
        scene_.signs.push_back(std::move(sign));
    }

    // position (required), yaw, width, height of a sign or a stage screen;
    // `sign` holds the defaults. False when the position is missing or bad.
    bool placement(const Json& v, const std::string& path, Sign& sign) {
        const Json* pos = r_.member(v, path, "position", true);
        auto p = pos ? c_.position(*pos, memberPath(path, "position")) : std::nullopt;
        sign.yawDeg = r_.numberMember(v, path, "yaw", false, -360.0, 360.0).value_or(0.0);
        sign.width = r_.numberMember(v, path, "width", false, 0.01, 1000.0).value_or(sign.width);
        sign.height = r_.numberMember(v, path, "height", false, 0.01, 1000.0).value_or(sign.height);
        if (p) sign.position = *p;
        return p.has_value();
    }

    const FairContext& c_;
    JsonReader& r_;
    Scene& scene_;
    std::set<std::string> stages_, boothIds_, portalNames_, signNames_;
};

}  // namespace

void parseFairSections(const Json& root, const FairContext& context, Scene& scene) {
    FairParser(context, scene).parse(root);
}

}  // namespace places::scenes::detail
