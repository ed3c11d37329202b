#include "places/ui/panel.hpp"

#include <algorithm>
#include <cstdio>

#include <backends/imgui_impl_glfw.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "draw_data.hpp"
#include "places/render/embedded_font.hpp"

namespace places::ui {

namespace {

// GLFW_KEY_ENTER: the index ImGui's GLFW backend maps ImGuiKey_Enter to; the
// scripted input uses the same slot so both paths press the same key.
constexpr int kEnterKey = 257;
constexpr std::size_t kChatLinesShown = 200;

// Latin-1 (umlauts, ß) plus the typographic dashes, quotes and ellipsis that
// venue and act names use ("Bühne – Ausbildungsmesse").
constexpr ImWchar kGlyphRanges[] = {0x0020, 0x00FF, 0x2013, 0x2014, 0x2018, 0x201E, 0x2026, 0x2026, 0x20AC, 0x20AC, 0};

ImVec4 colourOf(std::uint32_t rgba) {
    return {float(rgba & 0xff) / 255.0f, float((rgba >> 8) & 0xff) / 255.0f, float((rgba >> 16) & 0xff) / 255.0f,
            1.0f};
}

}  // namespace

struct Panel::Context {
    ImGuiContext* imgui = nullptr;
    explicit Context(ImFontAtlas*) { imgui = ImGui::CreateContext(); }
    ~Context() { ImGui::DestroyContext(imgui); }
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;
};

Panel::Panel(const PanelOptions& options) : context_(std::make_unique<Context>(nullptr)) {
    ImGui::SetCurrentContext(context_->imgui);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini written into the user's folder
    io.LogFilename = nullptr;
    io.KeyMap[ImGuiKey_Enter] = kEnterKey;
    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 6.0f;
    style.Colors[ImGuiCol_WindowBg].w = 0.86f;
    style.ScaleAllSizes(options.scale);

    // ImGui copies the font data it is given unless told it owns it: give it
    // a copy it may free (FontDataOwnedByAtlas defaults to true).
    const std::span<const std::byte> ttf = render::embeddedFont();
    void* copy = IM_ALLOC(ttf.size());
    std::copy(ttf.begin(), ttf.end(), static_cast<std::byte*>(copy));
    ImFontConfig config;
    config.OversampleH = 2;
    io.Fonts->AddFontFromMemoryTTF(copy, static_cast<int>(ttf.size()), options.fontSizePx * options.scale, &config,
                                   kGlyphRanges);
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    font_.width = static_cast<std::uint32_t>(width);
    font_.height = static_cast<std::uint32_t>(height);
    font_.rgba.assign(pixels, pixels + std::size_t(width) * std::size_t(height) * 4);
    // One texture in the whole UI; the id only has to be non-null.
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(std::uintptr_t{1}));
}

Panel::~Panel() {
    ImGui::SetCurrentContext(context_->imgui);
    if (glfw_) ImGui_ImplGlfw_Shutdown();
}

void Panel::attachWindow(GLFWwindow* window) {
    ImGui::SetCurrentContext(context_->imgui);
    if (glfw_) return;
    ImGui_ImplGlfw_InitForVulkan(window, true);
    glfw_ = true;
}

bool Panel::wantsKeyboard() const {
    ImGui::SetCurrentContext(context_->imgui);
    return visible_ && ImGui::GetIO().WantCaptureKeyboard;
}

bool Panel::wantsPointer() const {
    ImGui::SetCurrentContext(context_->imgui);
    return visible_ && ImGui::GetIO().WantCaptureMouse;
}

bool Panel::hasGlyph(std::uint32_t codepoint) const {
    ImGui::SetCurrentContext(context_->imgui);
    const ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    return codepoint <= 0xFFFF && font->FindGlyphNoFallback(static_cast<ImWchar>(codepoint)) != nullptr;
}

void Panel::typeChat(std::string_view text) { scripted_.emplace_back(text); }

void Panel::peopleAndChat(const PanelModel& model, std::uint32_t height, bool focusChat, PanelActions& actions) {
    char header[64];
    std::snprintf(header, sizeof header, "People (%zu)###people", model.people);
    if (ImGui::CollapsingHeader(header, ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::BeginChild("roster", ImVec2(0, std::max(60.0f, float(height) * 0.28f)), true);
        for (const PersonLine& p : model.roster) {
            ImGui::ColorButton("##c", colourOf(p.colour), ImGuiColorEditFlags_NoTooltip, ImVec2(10, 10));
            ImGui::SameLine();
            ImGui::TextUnformatted(p.name.c_str());
            ImGui::SameLine();
            ImGui::TextDisabled(p.you ? "%s (you)" : "%s", p.role.c_str());
        }
        ImGui::EndChild();
    }
    if (ImGui::CollapsingHeader("Chat", ImGuiTreeNodeFlags_DefaultOpen)) {
        const float inputHeight = ImGui::GetFrameHeightWithSpacing() + ImGui::GetTextLineHeightWithSpacing() + 8;
        ImGui::BeginChild("chat", ImVec2(0, -inputHeight), true);
        const std::size_t first = model.chat.size() > kChatLinesShown ? model.chat.size() - kChatLinesShown : 0;
        for (std::size_t i = first; i < model.chat.size(); ++i) {
            const ChatLine& line = model.chat[i];
            if (line.from.empty()) {
                ImGui::TextDisabled("%s", line.text.c_str());
            } else {
                ImGui::TextWrapped("%s: %s", line.from.c_str(), line.text.c_str());
            }
        }
        if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f) ImGui::SetScrollHereY(1.0f);
        ImGui::EndChild();
        if (focusChat) ImGui::SetKeyboardFocusHere();
        ImGui::SetNextItemWidth(-1);
        if (ImGui::InputTextWithHint("##say", "say something, Enter sends", &chatInput_,
                                     ImGuiInputTextFlags_EnterReturnsTrue)) {
            if (!chatInput_.empty()) actions.chatToSend.push_back(chatInput_);
            chatInput_.clear();
            ImGui::SetKeyboardFocusHere(-1);  // keep typing
        }
    }
}

PanelActions Panel::frame(const PanelModel& model, std::uint32_t width, std::uint32_t height, double seconds) {
    ImGui::SetCurrentContext(context_->imgui);
    ImGuiIO& io = ImGui::GetIO();
    PanelActions actions;
    if (glfw_) ImGui_ImplGlfw_NewFrame();  // sets DisplaySize from the window, feeds input
    io.DisplaySize = ImVec2(float(width), float(height));
    io.DeltaTime = float(std::clamp(seconds, 1e-4, 0.5));

    // Scripted typing: focus the chat field until ImGui says a text field
    // has the keyboard, then type, press Enter, release.
    bool focusChat = false;
    if (!scripted_.empty() && visible_) {
        switch (scriptStep_) {
            case 0:
                focusChat = !io.WantTextInput;
                if (io.WantTextInput) scriptStep_ = 1;
                break;
            case 1: io.AddInputCharactersUTF8(scripted_.front().c_str()); scriptStep_ = 2; break;
            case 2: io.KeysDown[kEnterKey] = true; scriptStep_ = 3; break;
            default:
                io.KeysDown[kEnterKey] = false;
                scripted_.erase(scripted_.begin());
                scriptStep_ = 0;
                break;
        }
    }

    ImGui::NewFrame();
    const float margin = 10.0f;
    if (visible_) {
        ImGui::SetNextWindowPos(ImVec2(margin, margin), ImGuiCond_Always);
        ImGui::SetNextWindowSize(ImVec2(std::min(380.0f, float(width) - 2 * margin),
                                        std::max(120.0f, float(height) - 2 * margin)),
                                 ImGuiCond_Always);
        ImGui::Begin("Places", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                            ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
        ImGui::TextUnformatted(model.venue.empty() ? "(no venue)" : model.venue.c_str());
        if (model.instance >= 0) {
            ImGui::SameLine();
            ImGui::TextDisabled("instance %d", model.instance + 1);
        }
        ImGui::Text("%s", model.connection.c_str());
        if (model.roundTripMs >= 0) {
            ImGui::SameLine();
            ImGui::TextDisabled("RTT %.0f ms", model.roundTripMs);
        }
        if (!model.role.empty()) ImGui::Text("you: %s", model.role.c_str());
        ImGui::Separator();

        if (model.fair && !model.fair->empty()) {
            if (!model.fair->where.empty()) ImGui::TextUnformatted(model.fair->where.c_str());
            if (ImGui::BeginTabBar("tabs")) {
                if (ImGui::BeginTabItem("People & chat", nullptr,
                                        model.showTab == "People & chat" ? ImGuiTabItemFlags_SetSelected : 0)) {
                    peopleAndChat(model, height, focusChat, actions);
                    ImGui::EndTabItem();
                }
                fairTabs(*model.fair, model.showTab, actions);
                ImGui::EndTabBar();
            }
        } else {
            peopleAndChat(model, height, focusChat, actions);
        }
        ImGui::Separator();
        if (!model.status.empty()) ImGui::TextDisabled("%s", model.status.c_str());
        ImGui::TextWrapped("%s", model.help.c_str());
        ImGui::End();
    }
    if (!model.notices.empty()) {
        // Short-lived notices stay visible with the panel hidden: a join or the
        // relay going away must never pass unseen.
        ImGui::SetNextWindowPos(ImVec2(float(width) * 0.5f, margin), ImGuiCond_Always, ImVec2(0.5f, 0.0f));
        ImGui::SetNextWindowBgAlpha(0.7f);
        ImGui::Begin("##notices", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoInputs |
                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
        for (const std::string& n : model.notices) ImGui::TextUnformatted(n.c_str());
        ImGui::End();
    }
    ImGui::Render();
    convertDrawData(*ImGui::GetDrawData(), drawList_);
    return actions;
}

}  // namespace places::ui
