#include "places/runtime/scene_signs.hpp"

#include <chrono>
#include <charconv>
#include <cmath>
#include <cstdio>

#include <glm/geometric.hpp>

#include "places/assets/asset_model.hpp"
#include "places/render/asset_geometry.hpp"
#include "places/render/rgba_image.hpp"
#include "places/runtime/font_cache.hpp"
#include "places/scenes/sun.hpp"

namespace places::runtime {

namespace {

// Looks (sRGB vertex colours; the board is lit like every prop).
constexpr std::uint32_t kBoardColour = render::packRgba8(238, 234, 222);   // off-white panel
constexpr std::uint32_t kFrameColour = render::packRgba8(46, 52, 64);      // dark frame
constexpr std::uint32_t kScreenColour = render::packRgba8(14, 16, 22);     // a switched-on screen's black
constexpr glm::vec4 kSignInk{0.012f, 0.022f, 0.06f, 1.0f};                 // linear: dark navy
constexpr glm::vec4 kScreenInk{0.95f, 0.92f, 0.78f, 1.0f};                 // linear: warm white, unlit
constexpr float kBoardDepthM = 0.06f;
constexpr float kTextLiftM = 0.012f;  // text and image in front of the face (no depth fighting)

struct BoxModels {
    std::optional<std::uint32_t> board, frame, screen;
};

std::uint32_t unitBox(render::SceneGeometry& g, std::optional<std::uint32_t>& model, std::uint32_t colour) {
    if (!model) model = render::addBoxModel(g, glm::vec3(0.5f), colour);
    return *model;
}

// A unit box (model space [-0.5, 0.5]^3) scaled to w x h x d on the face's
// axes, its front at `front` along the face's normal.
glm::mat4 boxOnFace(const SignFace& f, float w, float h, float d, float front) {
    glm::mat4 m(1.0f);
    m[0] = glm::vec4(f.right * w, 0.0f);
    m[1] = glm::vec4(f.up * h, 0.0f);
    m[2] = glm::vec4(f.normal * d, 0.0f);
    m[3] = glm::vec4(f.centre + f.normal * (front - 0.5f * d), 1.0f);
    return m;
}

void addBoard(render::SceneGeometry& g, BoxModels& boxes, const SignFace& f, bool screen) {
    const float border = 0.03f * std::min(f.width, f.height) + 0.03f;
    g.instances.push_back({unitBox(g, boxes.frame, kFrameColour),
                           boxOnFace(f, f.width + 2.0f * border, f.height + 2.0f * border, kBoardDepthM * 0.8f, -0.004f)});
    g.instances.push_back({screen ? unitBox(g, boxes.screen, kScreenColour) : unitBox(g, boxes.board, kBoardColour),
                           boxOnFace(f, f.width, f.height, kBoardDepthM, 0.0f)});
}

// The picture as a textured quad in the rectangle of the face centred at
// `centre` (face units) of size w x h, aspect kept.
bool addImage(render::SceneGeometry& g, const SignFace& f, const std::string& path, glm::vec2 centre, glm::vec2 size,
              Diagnostics& diagnostics, const SourceLocation& where) {
    render::RgbaImage picture = render::readPng(path);  // stb: PNG and JPEG
    if (picture.width == 0) {
        diagnostics.warning(where, "cannot decode the sign's image " + path + " (sign drawn without it)");
        diagnostics.count("sign image unreadable");
        return false;
    }
    const float aspect = float(picture.width) / float(picture.height);
    glm::vec2 half = size * 0.5f;
    if (half.x / half.y > aspect) half.x = half.y * aspect;
    else half.y = half.x / aspect;
    assets::Image image;
    image.width = picture.width;
    image.height = picture.height;
    image.rgba = std::move(picture.pixels);
    image.source = path;
    std::vector<assets::Image> images;
    images.push_back(std::move(image));
    const std::int32_t texture = render::addTextures(g, std::move(images));
    const auto material = static_cast<std::uint32_t>(g.materials.size());
    g.materials.push_back({texture, glm::vec4(1.0f)});
    const glm::vec3 c = f.centre + f.right * centre.x + f.up * centre.y + f.normal * kTextLiftM;
    auto corner = [&](float x, float y, glm::vec2 uv) {
        return render::Vertex{c + f.right * (x * half.x) + f.up * (y * half.y), f.normal, uv, 0xffffffffu};
    };
    const render::Vertex quad[4] = {corner(-1, -1, {0, 1}), corner(1, -1, {1, 1}), corner(1, 1, {1, 0}),
                                    corner(-1, 1, {0, 0})};
    const std::uint32_t indices[6] = {0, 1, 2, 0, 2, 3};
    g.instances.push_back({g.addModel({g.addSubmesh(quad, indices, material)}), glm::mat4(1.0f)});
    return true;
}

// Text fitted into the face's rectangle centred at `centre` (face units), w x h.
SignText layOut(const render::FontAtlas& font, const SignFace& f, const std::string& text, glm::vec2 centre,
                glm::vec2 size, const glm::vec4& ink) {
    SignText out;
    out.layout = render::layoutSign(font, text, size.x, size.y);
    out.text = out.layout.text;
    render::WorldText& w = out.world;
    w.emHeightM = out.layout.emHeightM;
    w.colour = out.layout.emHeightM > 0.0f ? ink : glm::vec4(0.0f);
    w.outline = glm::vec4(ink.r, ink.g, ink.b, 0.0f);  // no outline band: the board is the background
    w.billboard = false;
    w.right = f.right;
    w.up = f.up;
    w.anchor = f.centre + f.right * centre.x + f.up * (centre.y - 0.5f * out.layout.sizeM.y) + f.normal * kTextLiftM;
    return out;
}

void countLayout(const render::SignLayout& l, Diagnostics& diagnostics) {
    if (l.truncated > 0) diagnostics.count("sign text cut (limits or face size)", l.truncated);
    if (l.missingGlyphs > 0) diagnostics.count("sign text: glyph not in the font", l.missingGlyphs);
    if (l.wordsBroken) diagnostics.count("sign text: word split (wider than the sign)");
}

// No screen in the file: above the zone's centre, facing the scene's default view.
SignFace defaultScreen(const scenes::Scene& scene, const scenes::Zone& zone) {
    glm::dvec2 c(0.0);
    for (const glm::dvec2& p : zone.outline) c += p;
    if (!zone.outline.empty()) c /= double(zone.outline.size());
    scenes::Sign s;
    s.width = 6.0;
    s.height = 2.0;
    s.position = {c.x, zone.floor + std::min(zone.height, 5.0) + 1.0, c.y};
    if (!scene.views.empty()) {
        const glm::dvec3 d = scene.views.front().position - s.position;
        if (std::abs(d.x) + std::abs(d.z) > 1e-6) s.yawDeg = glm::degrees(std::atan2(d.x, -d.z));
    }
    return signFace(s);
}

}  // namespace

std::shared_ptr<const render::FontAtlas> sharedDefaultFont() {
    static const std::shared_ptr<const render::FontAtlas> font = [] {
        auto atlas = cachedDefaultFontAtlas();
        for (const auto& d : atlas.diagnostics.items()) std::fprintf(stderr, "%s\n", d.format().c_str());
        return atlas.value ? std::make_shared<const render::FontAtlas>(std::move(*atlas.value)) : nullptr;
    }();
    return font;
}

std::int64_t EventClock::now() const {
    if (fixed) return *fixed;
    const auto real = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    return static_cast<std::int64_t>(real.count()) + offsetSeconds;
}

std::optional<EventClock> parseEventClock(const std::string& text) {
    EventClock clock;
    if (text.empty()) return clock;
    if (text[0] == '+' || text[0] == '-') {
        const char* first = text.data() + (text[0] == '+' ? 1 : 0);
        const auto [end, ec] = std::from_chars(first, text.data() + text.size(), clock.offsetSeconds);
        if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
        return clock;
    }
    const auto t = scenes::parseIsoTime(text);
    if (!t) return std::nullopt;
    clock.fixed = static_cast<std::int64_t>(std::floor(*t));
    return clock;
}

SignFace signFace(const scenes::Sign& sign) {
    SignFace f;
    const double yaw = glm::radians(sign.yawDeg);
    // Compass heading -> local frame (x east, z south): north is -z.
    f.normal = glm::vec3(float(std::sin(yaw)), 0.0f, float(-std::cos(yaw)));
    // A reader looks along -normal; their right is (-normal) x up.
    f.right = glm::cross(-f.normal, glm::vec3(0.0f, 1.0f, 0.0f));
    f.up = {0.0f, 1.0f, 0.0f};
    f.centre = glm::vec3(sign.position);
    f.width = float(sign.width);
    f.height = float(sign.height);
    return f;
}

std::string stageScreenText(const scenes::StageSchedule& schedule, std::int64_t t) {
    auto describe = [](const scenes::Act& act) {
        std::string s = act.title;
        if (!act.performer.empty()) {
            s += " \u2014 ";
            s += act.performer;
        }
        return s;
    };
    std::string text = "now: ";
    const scenes::Act* now = schedule.now(t);
    text += now ? describe(*now) : std::string("no act");
    text += "\nnext: ";
    const scenes::Act* next = schedule.next(t);
    text += next ? describe(*next) : std::string("end of the programme");
    return text;
}

bool SceneSigns::updateScreens(const render::FontAtlas& font, std::int64_t t) {
    bool changed = false;
    for (StageScreen& s : screens) {
        const scenes::Act* now = s.schedule.now(t);
        const scenes::Act* next = s.schedule.next(t);
        const std::int64_t nowIndex = now ? now - s.schedule.acts.data() : -1;
        const std::int64_t nextIndex = next ? next - s.schedule.acts.data() : -1;
        if (s.laidOut && nowIndex == s.now && nextIndex == s.next) continue;
        const glm::vec2 inner(s.face.width * 0.94f, s.face.height * 0.94f);
        s.text = layOut(font, s.face, stageScreenText(s.schedule, t), {0.0f, 0.0f}, inner, kScreenInk);
        s.now = nowIndex;
        s.next = nextIndex;
        s.laidOut = true;
        changed = true;
    }
    return changed;
}

void SceneSigns::appendText(std::vector<render::WorldText>& out) const {
    auto add = [&](const SignText& t) {
        if (t.text.empty()) return;
        render::WorldText w = t.world;
        w.text = t.text;
        out.push_back(w);
    };
    for (const SignText& t : texts) add(t);
    for (const StageScreen& s : screens) add(s.text);
}

Result<SceneSigns> addSceneSigns(render::SceneGeometry& geometry, const scenes::Scene& scene,
                                 const render::FontAtlas& font) {
    Result<SceneSigns> result;
    SceneSigns signs;
    BoxModels boxes;
    for (std::size_t i = 0; i < scene.signs.size(); ++i) {
        const scenes::Sign& sign = scene.signs[i];
        const SignFace f = signFace(sign);
        addBoard(geometry, boxes, f, false);
        ++signs.boards;
        // Text and picture share the face: the picture takes a square on the
        // left (or the whole face without text), the text the rest.
        glm::vec2 textCentre(0.0f), textSize(f.width, f.height);
        if (!sign.image.empty()) {
            const bool withText = !sign.text.empty();
            const float side = withText ? std::min(f.height, 0.5f * f.width) : 0.0f;
            const glm::vec2 imageSize = withText ? glm::vec2(side) * 0.9f : glm::vec2(f.width, f.height) * 0.92f;
            const glm::vec2 imageCentre = withText ? glm::vec2(-0.5f * f.width + 0.5f * side, 0.0f) : glm::vec2(0.0f);
            if (addImage(geometry, f, sign.image, imageCentre, imageSize, result.diagnostics,
                         SourceLocation{scene.path, 0, 0, std::nullopt, "signs[" + std::to_string(i) + "].image"}))
                ++signs.images;
            textCentre.x = 0.5f * side;
            textSize.x = f.width - side;
        }
        if (!sign.text.empty()) {
            signs.texts.push_back(layOut(font, f, sign.text, textCentre, textSize, kSignInk));
            countLayout(signs.texts.back().layout, result.diagnostics);
        }
    }
    for (const scenes::StageSchedule& schedule : scene.events) {
        const scenes::Zone* zone = scene.findZone(schedule.zone);
        if (!schedule.screen && !zone) continue;
        StageScreen screen;
        screen.schedule = schedule;
        screen.face = schedule.screen ? signFace(*schedule.screen) : defaultScreen(scene, *zone);
        addBoard(geometry, boxes, screen.face, true);
        ++signs.boards;
        signs.screens.push_back(std::move(screen));
    }
    result.value = std::move(signs);
    return result;
}

}  // namespace places::runtime
