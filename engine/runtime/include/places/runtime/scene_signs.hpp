#pragma once
// Signs and stage screens of a scene file (format version 2, signs[] and
// events[]) made drawable: each board (a light panel in a dark frame, or the
// stage's dark screen) and each image (a textured quad, aspect kept) joins the
// scene's static geometry once; the text is fitted to its face by
// render::layoutSign and drawn each frame as fixed world text (SDF). Stage
// screens show "now" and "next" of their programme for the event clock and
// are laid out again only when the act changes. CPU only, unit-testable.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <glm/vec3.hpp>

#include "places/core/diagnostic.hpp"
#include "places/render/font_atlas.hpp"
#include "places/render/scene_geometry.hpp"
#include "places/render/sign_layout.hpp"
#include "places/render/world_text.hpp"
#include "places/scenes/scene.hpp"

namespace places::runtime {

// The clock the programme is shown for: the real time, shifted, or fixed
// (`--clock` of places render / view / xr, as for places relay).
struct EventClock {
    std::optional<std::int64_t> fixed;  // Unix seconds; set: time stands still there
    std::int64_t offsetSeconds = 0;     // added to the real time
    std::int64_t now() const;           // Unix seconds
};
// "2024-10-09T14:30+02:00" (fixed), "+3600" / "-86400" (shifted), "" (real
// time). nullopt when malformed.
std::optional<EventClock> parseEventClock(const std::string& text);

// The built-in font's atlas (render::defaultFontAtlas), built once per
// process on first use and shared (sign layout, the renderers' world text);
// nullptr when it cannot be built (its diagnostics go to stderr).
std::shared_ptr<const render::FontAtlas> sharedDefaultFont();

// A sign's face in the local frame.
struct SignFace {
    glm::vec3 centre{0.0f};
    glm::vec3 right{1.0f, 0.0f, 0.0f};  // for a reader facing the sign
    glm::vec3 up{0.0f, 1.0f, 0.0f};
    glm::vec3 normal{0.0f, 0.0f, -1.0f};  // the way the face looks
    float width = 4.0f, height = 1.0f;
};
// From a compass yaw (the face looks towards that heading).
SignFace signFace(const scenes::Sign& sign);

// A text on a face, ready to draw (`world.text` is set from `text` on use).
struct SignText {
    std::string text;
    render::WorldText world;
    render::SignLayout layout;
};

// What the stage screen says at `t`: "now: TITLE — PERFORMER" (or "now: no
// act") and "next: TITLE — PERFORMER" (or "next: end of the programme"), two
// paragraphs.
std::string stageScreenText(const scenes::StageSchedule& schedule, std::int64_t t);

struct StageScreen {
    scenes::StageSchedule schedule;
    SignFace face;
    SignText text;
    // What `text` shows: indices into schedule.acts (none: -1); laid out once.
    std::int64_t now = -1, next = -1;
    bool laidOut = false;
};

struct SceneSigns {
    std::vector<SignText> texts;        // fixed texts of signs[]
    std::vector<StageScreen> screens;   // one per stage programme
    std::uint32_t boards = 0, images = 0;
    bool empty() const { return texts.empty() && screens.empty() && boards == 0; }

    // Lays the screens out again where the act on (or next) changed at `t`;
    // true when any text changed.
    bool updateScreens(const render::FontAtlas& font, std::int64_t t);
    // Appends every sign's and screen's text (views into this object).
    void appendText(std::vector<render::WorldText>& out) const;
};

// Adds the boards and images of `scene`'s signs and stage screens to
// `geometry` and lays out their texts with `font`. Images that cannot be read
// are warnings (the board stays, without picture); texts cut by the limits
// (render::kMaxSignCharacters, kMaxSignLines) and missing glyphs are counted.
Result<SceneSigns> addSceneSigns(render::SceneGeometry& geometry, const scenes::Scene& scene,
                                 const render::FontAtlas& font);

}  // namespace places::runtime
