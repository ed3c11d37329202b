// The panel without a GPU: what a frame draws, where, and that typed chat comes
// back as an action through ImGui's real input path.
#include <catch2/catch.hpp>

#include <algorithm>

#include "places/ui/panel.hpp"

using places::ui::Panel;
using places::ui::PanelModel;

namespace {

PanelModel sampleModel() {
    PanelModel m;
    m.venue = "Ausbildungsmesse Gelsenkirchen – Bühne";
    m.instance = 0;
    m.role = "spectator";
    m.connection = "connected";
    m.roundTripMs = 12;
    m.people = 3;
    m.roster = {{"Ada", "host", 0xff3050e0u, false}, {"Jörg", "visitor", 0xff30e050u, false},
                {"me", "spectator", 0xffffffffu, true}};
    m.chat = {{"Ada", "Willkommen!"}, {"", "Jörg joined"}};
    m.help = "F1 panel";
    return m;
}

// Bounding box of the draw list in NDC.
std::array<float, 4> extent(const places::render::UiDrawList& list) {
    std::array<float, 4> e{2, 2, -2, -2};
    for (const auto& v : list.vertices) {
        e[0] = std::min(e[0], v.position.x);
        e[1] = std::min(e[1], v.position.y);
        e[2] = std::max(e[2], v.position.x);
        e[3] = std::max(e[3], v.position.y);
    }
    return e;
}

}  // namespace

TEST_CASE("the font covers umlauts, ß and the en dash", "[ui]") {
    Panel panel;
    for (std::uint32_t c : {0x41u, 0xFCu, 0xF6u, 0xDFu, 0xC4u, 0x2013u, 0x20ACu}) {
        INFO(c);
        CHECK(panel.hasGlyph(c));
    }
    CHECK_FALSE(panel.hasGlyph(0x4E2Du));  // CJK is not in the atlas (counted as missing, not drawn as garbage)
    const auto& atlas = panel.fontAtlas();
    REQUIRE(atlas.width > 0);
    REQUIRE(atlas.rgba.size() == std::size_t(atlas.width) * atlas.height * 4);
}

TEST_CASE("a panel frame draws the panel at the left, inside the target", "[ui]") {
    Panel panel;
    const PanelModel model = sampleModel();
    panel.frame(model, 1280, 720, 1.0 / 60);
    const auto& list = panel.drawList();
    REQUIRE_FALSE(list.empty());
    REQUIRE(list.vertices.size() > 100);  // text of venue, people and chat: many glyph quads
    const auto e = extent(list);
    CHECK(e[0] >= -1.0f);
    CHECK(e[1] >= -1.0f);
    CHECK(e[2] <= -1.0f + 2.0f * 400.0f / 1280.0f);  // a 380 px wide panel 10 px from the left
    CHECK(e[3] <= 1.0f);
    for (const auto& c : list.commands) {
        CHECK(c.firstIndex + c.indexCount <= list.indices.size());
        CHECK(c.clip.z <= 1280.0f + 0.5f);
    }
    for (std::uint32_t i : list.indices) REQUIRE(i < list.vertices.size());
}

TEST_CASE("a hidden panel draws only the notices", "[ui]") {
    Panel panel;
    PanelModel model = sampleModel();
    panel.setVisible(false);
    panel.frame(model, 640, 360, 1.0 / 60);
    CHECK(panel.drawList().empty());
    model.notices = {"Ada joined"};
    panel.frame(model, 640, 360, 1.0 / 60);  // an auto-sized window is measured in its first frame...
    panel.frame(model, 640, 360, 1.0 / 60);  // ...and drawn from the second
    REQUIRE_FALSE(panel.drawList().empty());
    const auto e = extent(panel.drawList());
    CHECK(e[0] > -0.6f);  // centred at the top, not the panel on the left
    CHECK(e[2] < 0.6f);
}

TEST_CASE("typed chat comes back as an action once, with umlauts intact", "[ui]") {
    Panel panel;
    const PanelModel model = sampleModel();
    panel.typeChat("Grüße aus Resse");
    std::vector<std::string> sent;
    for (int frame = 0; frame < 8; ++frame) {
        const auto actions = panel.frame(model, 1280, 720, 1.0 / 60);
        sent.insert(sent.end(), actions.chatToSend.begin(), actions.chatToSend.end());
    }
    REQUIRE(sent == std::vector<std::string>{"Grüße aus Resse"});
}
