// A booth zone becomes a booth a visitor recognises (booth_props.hpp). The
// parts are laid out in the booth's own frame, (s, t) metres: s along the
// front, t from the back wall (t = 0) towards the aisle, then placed into the
// zone's rectangle, turned so the counter faces the aisle.
#include "places/scenes/booth_props.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <limits>

#include <glm/geometric.hpp>
#include <glm/gtc/quaternion.hpp>

namespace places::scenes {
namespace {

namespace fs = std::filesystem;

constexpr double kPi = 3.14159265358979323846;

// The shipped assets of the default booth, relative to the `assets` folder,
// with their bounds as assets::importAsset reports them (Kenney's furniture
// kit keeps each model where it stood in the kit's layout, in units of about
// 25 cm), so a part is fitted to a size in metres with its base centre where
// the booth wants it. tests/scenes/booth_props_test.cpp checks these bounds
// against the imported files.
const BoothKitPart kBox{"venues/khronos/Box/Box.glb", {0.0, -0.5, 0.0}, {1.0, 1.0, 1.0}};
const BoothKitPart kScreen{"venues/kenney-furniture/televisionModern.fbx", {-28.5035, 0.0, -23.278}, {6.847, 4.548, 1.284}};
const BoothKitPart kCounter{"venues/kenney-furniture/kitchenBar.fbx", {60.13, 0.0, -19.002}, {4.3, 4.2, 2.1}};
const BoothKitPart kLaptop{"venues/kenney-furniture/laptop.fbx", {-26.815, 0.0, -27.9635}, {2.64, 1.618, 2.401}};
const BoothKitPart kStool{"venues/kenney-furniture/stoolBar.fbx", {31.6675, 0.0, -36.1615}, {2.655, 4.35, 2.299}};
const BoothKitPart kPlant{"venues/kenney-furniture/pottedPlant.fbx", {-34.6395, 0.0, 5.785}, {2.121, 6.54, 2.414}};

// Booth colours (sRGB hex), one per booth in file order, so neighbours differ.
constexpr std::array<unsigned, 8> kAccents = {0x1f5fa8, 0x2a9d5c, 0xe07a1f, 0x7b2cbf,
                                              0xc0392b, 0x14868c, 0xd9a40a, 0xb83280};

glm::vec3 linearFromHex(unsigned hex) {
    glm::vec3 out;
    for (int i = 0; i < 3; ++i) {
        const double c = double((hex >> (16 - 8 * i)) & 0xffu) / 255.0;
        out[i] = float(c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4));
    }
    return out;
}

// The zone's outline as a rectangle (the smallest-area one aligned with an
// edge: exact for `box` zones, a fair fit for polygons and circles).
struct Rect {
    glm::dvec2 centre{0.0};
    glm::dvec2 axis[2]{{1.0, 0.0}, {0.0, 1.0}};  // unit, perpendicular
    double half[2]{0.0, 0.0};
};

Rect fitRect(const std::vector<glm::dvec2>& outline) {
    Rect best;
    double bestArea = std::numeric_limits<double>::max();
    for (std::size_t i = 0; i < outline.size(); ++i) {
        const glm::dvec2 edge = outline[(i + 1) % outline.size()] - outline[i];
        if (glm::length(edge) < 1e-9) continue;
        const glm::dvec2 a = glm::normalize(edge), b{-a.y, a.x};
        double lo[2] = {std::numeric_limits<double>::max(), std::numeric_limits<double>::max()};
        double hi[2] = {std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
        for (const glm::dvec2& p : outline) {
            const double u[2] = {glm::dot(p, a), glm::dot(p, b)};
            for (int k = 0; k < 2; ++k) {
                lo[k] = std::min(lo[k], u[k]);
                hi[k] = std::max(hi[k], u[k]);
            }
        }
        const double area = (hi[0] - lo[0]) * (hi[1] - lo[1]);
        if (area >= bestArea) continue;
        bestArea = area;
        best.axis[0] = a;
        best.axis[1] = b;
        best.half[0] = (hi[0] - lo[0]) / 2.0;
        best.half[1] = (hi[1] - lo[1]) / 2.0;
        best.centre = a * ((lo[0] + hi[0]) / 2.0) + b * ((lo[1] + hi[1]) / 2.0);
    }
    return best;
}

glm::dvec2 zoneCentre(const Zone& zone) { return fitRect(zone.outline).centre; }

// Compass yaw -> direction in (x, z): 0 = north = -z, 90 = east = +x.
glm::dvec2 direction(double yawDeg) {
    const double r = yawDeg * kPi / 180.0;
    return {std::sin(r), -std::cos(r)};
}
double yawOf(glm::dvec2 d) { return std::atan2(d.x, -d.y) * 180.0 / kPi; }

// Where the booth's front should look: its `facing`, else the middle of all
// booth zones (rows face their aisle), else the first spawn, else south.
glm::dvec2 wantedFront(const Scene& scene, const Booth& booth, glm::dvec2 centre) {
    if (booth.facingDeg) return direction(*booth.facingDeg);
    glm::dvec2 sum{0.0};
    std::size_t n = 0;
    for (const Zone& z : scene.zones) {
        if (z.kind != ZoneKind::Booth) continue;
        sum += zoneCentre(z);
        ++n;
    }
    if (n > 1 && glm::length(sum / double(n) - centre) > 0.5) return glm::normalize(sum / double(n) - centre);
    if (!scene.spawns.empty()) {
        const glm::dvec2 spawn{scene.spawns.front().position.x, scene.spawns.front().position.z};
        if (glm::length(spawn - centre) > 0.5) return glm::normalize(spawn - centre);
    }
    return {0.0, 1.0};
}

// One booth laid out in its frame and emitted in the scene's.
class BoothBuilder {
public:
    BoothBuilder(const Booth& booth, const Zone& zone, glm::dvec2 wanted, const std::string& assets,
                 const std::string& entry, glm::vec3 accent, BoothProps& out)
        : booth_(booth), floor_(zone.floor), assets_(assets), entry_(entry), accent_(accent), out_(out) {
        const Rect r = fitRect(zone.outline);
        // The front is the rectangle side whose outward normal is nearest the wanted direction.
        double bestDot = -2.0;
        for (int k = 0; k < 2; ++k) {
            for (double sign : {1.0, -1.0}) {
                const glm::dvec2 n = r.axis[k] * sign;
                if (glm::dot(n, wanted) <= bestDot) continue;
                bestDot = glm::dot(n, wanted);
                front_ = n;
                depth_ = 2.0 * r.half[k];
                width_ = 2.0 * r.half[1 - k];
            }
        }
        side_ = {front_.y, -front_.x};  // to the right of a visitor facing the booth
        back_ = r.centre - front_ * (depth_ / 2.0);
        frontYaw_ = yawOf(front_);
    }

    void build() {
        // The stand fills the zone less a 0.5 m margin, at most 9 x 6 m; the
        // rest in front of it is where visitors queue.
        const double w = std::clamp(width_ - 1.0, 1.0, 9.0);
        const double d = std::clamp(depth_ - 1.0, 1.0, 6.0);
        const double t0 = 0.5;  // the back wall's back face
        const glm::vec3 wall = linearFromHex(0xf0efea), grey = linearFromHex(0xb8bcc2);
        const glm::vec3 carpet = accent_ * 0.35f;
        box("floor", {0.0, 0.03, t0 + d / 2.0}, {w, 0.06, d}, carpet);
        box("back wall", {0.0, 1.5, t0 + 0.1}, {w, 3.0, 0.2}, wall);
        box("fascia", {0.0, 3.35, t0 + 0.125}, {w, 0.7, 0.25}, accent_);
        const double sideDepth = std::min(2.0, d);
        for (double s : {-1.0, 1.0})
            box(s < 0 ? "side wall left" : "side wall right", {s * (w / 2.0 - 0.075), 1.2, t0 + 0.2 + sideDepth / 2.0},
                {0.15, 2.4, sideDepth}, grey);
        // The counter near the stand's front, facing the aisle; staff stand behind it.
        const double tCounter = t0 + std::max(1.2, d - 1.0);
        if (!booth_.model.empty()) {
            // The exhibitor's own model: its origin where the counter would stand, unscaled.
            placeAsset("counter", booth_.model, {0.0, 0.06, tCounter}, 0.0, glm::dvec3(1.0), glm::dvec3(0.0), std::nullopt);
        } else {
            // A bar counter stretched to 2.6 x 1.05 x 0.6 m, a laptop on it turned to the staff.
            place("counter", kCounter, {0.0, 0.06, tCounter}, 0.0, {2.6, 1.05, 0.6});
            place("laptop", kLaptop, {0.6, 1.11, tCounter}, 180.0, {0.36, 0.22, 0.33});
        }
        place("stool", kStool, {-0.6, 0.06, tCounter - 0.9}, 0.0, {0.45, 0.75, 0.4});
        // The screen on the back wall right of the logo, a plant in the front corner.
        place("screen", kScreen, {w / 4.0, 1.0, t0 + 0.4}, 0.0, {2.0, 1.33, 0.375});
        place("plant", kPlant, {-(w / 2.0 - 0.6), 0.06, t0 + d - 0.6}, 0.0, {0.55, 1.7, 0.63});

        // Signs face the aisle, 2 cm in front of the surface they hang on.
        if (!booth_.logo.empty()) sign("logo", "", booth_.logo, {-w / 4.0, 1.8, t0 + 0.22}, 1.6, 1.6);
        sign("name", booth_.company, "", {0.0, 3.35, t0 + 0.27}, w - 0.4, 0.55);
    }

private:
    glm::dvec3 at(glm::dvec3 local) const {
        const glm::dvec2 p = back_ + side_ * local.x + front_ * local.z;
        return {p.x, floor_ + local.y, p.y};
    }

    // `yawDeg` turns the part against the booth's front (0 = its +z to the
    // aisle); `base` is where the bottom centre of the part's bounds goes.
    void place(const char* part, const BoothKitPart& kit, glm::dvec3 base, double yawDeg, glm::dvec3 size,
               std::optional<glm::vec3> colour = std::nullopt) {
        const glm::dvec3 scale = size / kit.size;
        placeAsset(part, assets_ + "/" + kit.file, base, yawDeg, scale, -kit.baseCentre * scale, colour);
    }

    void placeAsset(const char* part, const std::string& asset, glm::dvec3 base, double yawDeg, glm::dvec3 scale,
                    glm::dvec3 shift, std::optional<glm::vec3> colour) {
        Venue v;
        v.name = "booth " + booth_.id + ": " + part;
        v.asset = asset;
        v.entry = entry_;
        // An asset's +z is south (yaw 180) unturned; R = Ry(-yaw) as in the scene format.
        const double yaw = frontYaw_ + yawDeg - 180.0;
        v.placement.rotation = glm::angleAxis(-yaw * kPi / 180.0, glm::dvec3(0.0, 1.0, 0.0));
        v.placement.position = at(base) + v.placement.rotation * shift;
        v.placement.scale = scale;
        v.color = colour;
        out_.venues.push_back(std::move(v));
    }

    // A painted box: `centre` and `size` in metres.
    void box(const char* part, glm::dvec3 centre, glm::dvec3 size, glm::vec3 colour) {
        place(part, kBox, centre - glm::dvec3(0.0, size.y / 2.0, 0.0), 0.0, size, colour);
    }

    void sign(const char* what, const std::string& text, const std::string& image, glm::dvec3 local, double w, double h) {
        Sign s;
        s.name = "booth " + booth_.id + ": " + what;
        s.text = text;
        s.image = image;
        s.position = at(local);
        s.yawDeg = frontYaw_;
        s.width = w;
        s.height = h;
        out_.signs.push_back(std::move(s));
    }

    const Booth& booth_;
    double floor_;
    std::string assets_, entry_;
    glm::vec3 accent_;
    BoothProps& out_;
    glm::dvec2 front_{0.0, 1.0}, side_{1.0, 0.0}, back_{0.0};
    double width_ = 0.0, depth_ = 0.0, frontYaw_ = 0.0;
};

}  // namespace

std::vector<BoothKitPart> boothKit() { return {kBox, kScreen, kCounter, kLaptop, kStool, kPlant}; }

Result<BoothProps> expandBooths(const Scene& scene) {
    Result<BoothProps> result;
    result.value.emplace();
    // The shipped layout: scenes/ beside assets/ (docs/formats/scene.md, Conventions).
    const std::string assets = (fs::path(scene.path).parent_path() / ".." / "assets").lexically_normal().generic_string();
    for (std::size_t i = 0; i < scene.booths.size(); ++i) {
        const Booth& booth = scene.booths[i];
        SourceLocation where;
        where.file = scene.path;
        where.pointer = "booths[" + std::to_string(i) + "]";
        const Zone* zone = booth.zone.empty() ? nullptr : scene.findZone(booth.zone);
        if (zone == nullptr || zone->outline.size() < 3) {
            result.diagnostics.warning(where, "booth '" + booth.id + "' has no zone: no booth props placed");
            result.diagnostics.count("booth without zone");
            continue;
        }
        bool complete = true;
        for (const BoothKitPart& part : boothKit()) {
            const std::string path = assets + "/" + part.file;
            if (fs::exists(path)) continue;
            result.diagnostics.error(where, "the default booth needs " + path + " (the assets folder beside the scene's folder)");
            complete = false;
            break;
        }
        if (!complete) continue;
        const glm::dvec2 centre = zoneCentre(*zone);
        BoothBuilder(booth, *zone, wantedFront(scene, booth, centre), assets, where.pointer,
                     linearFromHex(kAccents[i % kAccents.size()]), *result.value)
            .build();
    }
    return result;
}

Diagnostics addBoothProps(Scene& scene) {
    Result<BoothProps> props = expandBooths(scene);
    for (Venue& v : props.value->venues) scene.venues.push_back(std::move(v));
    for (Sign& s : props.value->signs) scene.signs.push_back(std::move(s));
    return props.diagnostics;
}

}  // namespace places::scenes
