// Signs and the stage screen of a scene file as plain data (scene_signs.hpp):
// what the screen says at a fixed clock and when it changes, the boards and
// images added to the scene geometry, the sign texts laid out. No GPU.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "places/render/scene_geometry.hpp"
#include "places/runtime/scene_signs.hpp"
#include "places/scenes/scene_file.hpp"
#include "places/scenes/sun.hpp"

using namespace places;

namespace {

const std::string kScene = std::string(PLACES_SOURCE_DIR) + "/tests/render/signs/signs.json";

std::int64_t at(const char* iso) {
    const auto t = scenes::parseIsoTime(iso);
    REQUIRE(t);
    return static_cast<std::int64_t>(*t);
}

std::string oneLine(std::string s) {
    std::replace(s.begin(), s.end(), '\n', ' ');
    return s;
}

}  // namespace

TEST_CASE("the stage screen shows the scheduled act and the next one at a fixed clock", "[runtime][signs]") {
    auto loaded = scenes::loadScene(kScene);
    INFO(loaded.diagnostics.firstError());
    REQUIRE(loaded.ok());
    const scenes::Scene& scene = *loaded.value;
    REQUIRE(scene.events.size() == 1);
    REQUIRE(scene.events[0].screen.has_value());

    const std::string expected =
        "now: Pflege und Gesundheit \xe2\x80\x93 Berufe mit Zukunft \xe2\x80\x94 Revier Health Lab\n"
        "next: Bewerbungsmappe-Check live \xe2\x80\x94 Stadtteilwerkstatt Resse e.V.";
    CHECK(runtime::stageScreenText(scene.events[0], at("2024-10-09T14:30+02:00")) == expected);
    CHECK(runtime::stageScreenText(scene.events[0], at("2024-10-09T14:50+02:00")) ==
          "now: no act\nnext: Bewerbungsmappe-Check live \xe2\x80\x94 Stadtteilwerkstatt Resse e.V.");
    CHECK(runtime::stageScreenText(scene.events[0], at("2024-10-09T18:00+02:00")) ==
          "now: no act\nnext: end of the programme");

    auto font = runtime::sharedDefaultFont();
    REQUIRE(font);
    render::SceneGeometry geometry;
    auto signs = runtime::addSceneSigns(geometry, scene, *font);
    INFO(signs.diagnostics.firstError());
    REQUIRE(signs.value);
    runtime::SceneSigns& s = *signs.value;
    REQUIRE(s.screens.size() == 1);
    CHECK(s.updateScreens(*font, at("2024-10-09T14:30+02:00")));
    // The screen's layout holds the scheduled act (wrapped into lines), every glyph found.
    const runtime::StageScreen& screen = s.screens[0];
    CHECK(oneLine(screen.text.text) == oneLine(expected));
    CHECK(screen.text.layout.missingGlyphs == 0);
    CHECK(screen.text.layout.lines >= 2);
    // Checked again within the act: nothing to lay out. At 14:45 the act ends.
    CHECK_FALSE(s.updateScreens(*font, at("2024-10-09T14:44+02:00")));
    CHECK(s.updateScreens(*font, at("2024-10-09T14:45+02:00")));
    CHECK(oneLine(s.screens[0].text.text).rfind("now: no act next: Bewerbungsmappe", 0) == 0);
}

TEST_CASE("signs become boards, a textured image quad and fitted texts", "[runtime][signs]") {
    auto loaded = scenes::loadScene(kScene);
    REQUIRE(loaded.ok());
    auto font = runtime::sharedDefaultFont();
    REQUIRE(font);
    render::SceneGeometry geometry;
    auto signs = runtime::addSceneSigns(geometry, *loaded.value, *font);
    REQUIRE(signs.value);
    CHECK(signs.diagnostics.warningCount() == 0);
    const runtime::SceneSigns& s = *signs.value;
    CHECK(s.boards == 4);   // three signs and the screen
    CHECK(s.images == 1);   // the logo
    CHECK(geometry.textures.size() == 1);
    CHECK(geometry.textures[0].width == 128);
    CHECK(geometry.instances.size() == 4 * 2 + 1);  // frame and panel per board, the picture
    REQUIRE(s.texts.size() == 2);  // the image sign has no text
    const runtime::SignText& title = s.texts[0];
    CHECK(title.text == "Ausbildungsmesse\nGelsenkirchen \xe2\x80\x93 B\xc3\xbchne");
    CHECK(title.layout.missingGlyphs == 0);
    CHECK(s.texts[1].layout.missingGlyphs == 0);  // "→ Straße der Ausbildung"
    // The title faces south (yaw 180): its text runs west to east for a reader
    // looking north, and it lies in front of the face.
    CHECK(title.world.right.x == Approx(1.0f));
    CHECK_FALSE(title.world.billboard);
    CHECK(title.world.anchor.z > float(loaded.value->signs[0].position.z));

    std::vector<render::WorldText> texts;
    s.appendText(texts);
    CHECK(texts.size() == 2);  // the screen is empty until the first update
    CHECK(texts[0].text == title.text);
}

TEST_CASE("the event clock option: fixed, shifted, malformed", "[runtime][signs]") {
    const auto fixed = runtime::parseEventClock("2024-10-09T14:30+02:00");
    REQUIRE(fixed);
    CHECK(fixed->now() == at("2024-10-09T12:30Z"));
    const auto shifted = runtime::parseEventClock("-86400");
    REQUIRE(shifted);
    CHECK(shifted->offsetSeconds == -86400);
    CHECK(runtime::parseEventClock("")->fixed == std::nullopt);
    CHECK_FALSE(runtime::parseEventClock("2024-10-09T14:30"));  // no offset
    CHECK_FALSE(runtime::parseEventClock("+12x"));
}
