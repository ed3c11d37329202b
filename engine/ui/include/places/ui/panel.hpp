#pragma once
// The visitor's panel in `places view`: venue and instance, connection state
// and round-trip time, the people present with their roles, chat (read and
// send), recent notices (joins, leaves, the relay going away) and the help
// line. Built with Dear ImGui each frame from a plain PanelModel; what the
// user did comes back as PanelActions. The result is a render::UiDrawList
// (places_render draws it, ImGui stays private to this module).
//
// Threads: one Panel per thread that uses it (each owns its ImGui context).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "places/render/ui_draw.hpp"
#include "places/ui/fair_panel.hpp"

struct GLFWwindow;

namespace places::ui {

struct PersonLine {
    std::string name;
    std::string role;                    // "visitor", "host", ...
    std::uint32_t colour = 0xffffffffu;  // sRGB RGBA8 swatch (the avatar's colour)
    bool you = false;
};

struct ChatLine {
    std::string from;   // empty: a system line (relay, notices)
    std::string text;
};

struct PanelModel {
    std::string venue;         // venue name or id
    int instance = -1;         // 0-based; < 0: not joined
    std::string role;          // this client's role ("spectator", "visitor", ...)
    std::string connection;    // "connected", "connecting to HOST:PORT", "disconnected: why"
    double roundTripMs = -1;   // < 0: unknown
    std::size_t people = 0;    // participants in the instance, this client included
    std::vector<PersonLine> roster;
    std::vector<ChatLine> chat;      // oldest first; the panel shows the last ones
    std::vector<std::string> notices;  // current short notices, newest last
    std::string help;          // keys and mouse, one line
    std::string status;        // frame statistics, one line
    // Venues with an event (scene format 2): the tabs Schedule, Booths, My
    // queue, Talk and, for an exhibitor, Booth desk beside People & chat.
    std::optional<FairPanelModel> fair;
    // The tab brought to the front this frame ("People & chat", "Schedule",
    // "Booths", "My queue", "Talk", "Booth desk"); empty: the one last chosen.
    // Scripted views and the panel's golden images pick a tab with it.
    std::string showTab;
};

struct PanelActions {
    std::vector<std::string> chatToSend;  // lines the user entered this frame
    std::vector<FairAction> fair;         // fair buttons pressed, talk lines entered
};

struct PanelOptions {
    float fontSizePx = 16.0f;
    float scale = 1.0f;  // HiDPI factor
};

class Panel {
public:
    explicit Panel(const PanelOptions& options = {});
    ~Panel();
    Panel(const Panel&) = delete;
    Panel& operator=(const Panel&) = delete;

    // The font atlas the draw lists point into (upload once: RendererCreateInfo::uiFont).
    const render::UiFontAtlas& fontAtlas() const { return font_; }

    // Mouse and keyboard from a GLFW window (ImGui's GLFW backend, chaining
    // callbacks installed before this call). Without it the panel takes no
    // pointer input (headless clients, tests).
    void attachWindow(GLFWwindow* window);

    // Builds one frame at `width` x `height` pixels and converts it into
    // drawList(). Hidden panels still show notices (they are short-lived).
    PanelActions frame(const PanelModel& model, std::uint32_t width, std::uint32_t height, double seconds);
    const render::UiDrawList& drawList() const { return drawList_; }

    void setVisible(bool visible) { visible_ = visible; }
    bool visible() const { return visible_; }
    // Whether the UI has the keyboard / pointer now (the camera ignores them then).
    bool wantsKeyboard() const;
    bool wantsPointer() const;

    // Whether the panel's font has a glyph for `codepoint` (not the fallback box).
    bool hasGlyph(std::uint32_t codepoint) const;

    // Scripted input (tests, --say): types `text` into the chat field and
    // presses Enter over the next frames, exactly as a user would.
    void typeChat(std::string_view text);

private:
    void peopleAndChat(const PanelModel& model, std::uint32_t height, bool focusChat, PanelActions& actions);
    void fairTabs(const FairPanelModel& fair, const std::string& showTab, PanelActions& actions);
    struct Context;
    std::unique_ptr<Context> context_;
    render::UiFontAtlas font_;
    render::UiDrawList drawList_;
    std::string chatInput_;
    std::string talkInput_;
    std::vector<std::string> scripted_;  // queued typeChat texts
    int scriptStep_ = 0;                 // 0 idle, 1 focus + type, 2 press Enter, 3 release
    bool visible_ = true;
    bool glfw_ = false;
};

}  // namespace places::ui
