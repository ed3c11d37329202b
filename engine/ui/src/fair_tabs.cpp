// The thin ImGui layer over FairPanelModel: rows and labels as the model has
// them, a button for each action the model offers (absent = not shown).
#include <imgui.h>
#include <imgui_stdlib.h>

#include "places/ui/panel.hpp"

namespace places::ui {

namespace {

// A button that appends its action when pressed; ImGui ids are made unique
// by `id` (booth or talk) so equal labels in different rows stay distinct.
void actionButton(const char* label, const std::string& id, const FairAction& action, PanelActions& out) {
    ImGui::PushID(id.c_str());
    if (ImGui::SmallButton(label)) out.fair.push_back(action);
    ImGui::PopID();
}

void talkTab(const TalkWindow& t, std::string& input, PanelActions& actions) {
    ImGui::Text("Private talk with %s", t.with.c_str());
    if (!t.company.empty()) ImGui::TextDisabled("%s", t.company.c_str());
    ImGui::SameLine();
    actionButton("end talk", std::to_string(t.talk), t.end, actions);
    const float inputHeight = ImGui::GetFrameHeightWithSpacing() + 8;
    ImGui::BeginChild("talkchat", ImVec2(0, -inputHeight), true);
    for (const TalkLine& line : t.chat)
        ImGui::TextWrapped("%s%s: %s", line.from.c_str(), line.you ? " (you)" : "", line.text.c_str());
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f) ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputTextWithHint("##talk", "only the two of you read this", &input,
                                 ImGuiInputTextFlags_EnterReturnsTrue)) {
        if (!input.empty()) {
            FairAction say = t.say;
            say.text = input;
            actions.fair.push_back(std::move(say));
        }
        input.clear();
        ImGui::SetKeyboardFocusHere(-1);
    }
}

}  // namespace

void Panel::fairTabs(const FairPanelModel& fair, const std::string& showTab, PanelActions& actions) {
    // PanelModel::showTab: the named tab comes to the front this frame.
    const auto tab = [&showTab](const char* label) {
        return ImGui::BeginTabItem(label, nullptr, showTab == label ? ImGuiTabItemFlags_SetSelected : 0);
    };
    if (!fair.schedule.empty() && tab("Schedule")) {
        for (const ScheduleRow& r : fair.schedule) {
            ImGui::TextUnformatted(r.stage.c_str());
            if (r.nowTitle.empty()) {
                ImGui::TextDisabled("  now: nothing on");
            } else {
                ImGui::TextWrapped("  now: %s (%s), %s", r.nowTitle.c_str(), r.nowPerformer.c_str(), r.nowWhen.c_str());
            }
            if (r.nextTitle.empty()) {
                ImGui::TextDisabled("  next: nothing left");
            } else {
                ImGui::TextWrapped("  next: %s (%s), %s", r.nextTitle.c_str(), r.nextPerformer.c_str(),
                                   r.nextWhen.c_str());
            }
            ImGui::Separator();
        }
        ImGui::EndTabItem();
    }
    if (!fair.booths.empty() && tab("Booths")) {
        for (const BoothRow& r : fair.booths) {
            ImGui::TextUnformatted(r.company.c_str());
            if (!r.description.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r.description.c_str());
            ImGui::TextDisabled("  %s, %u in queue, %u talking", r.status.c_str(), unsigned(r.queueLength),
                                unsigned(r.talksNow));
            if (r.myPosition > 0) {
                ImGui::SameLine();
                ImGui::Text("you: #%u", unsigned(r.myPosition));
            }
            if (r.join) {
                ImGui::SameLine();
                actionButton("join queue", r.id, *r.join, actions);
            }
            if (r.leave) {
                ImGui::SameLine();
                actionButton("leave", r.id, *r.leave, actions);
            }
        }
        if (fair.spectator) ImGui::TextDisabled("Spectators see the counts only.");
        ImGui::EndTabItem();
    }
    if (!fair.spectator && !fair.booths.empty() && tab("My queue")) {
        if (fair.myQueues.empty()) ImGui::TextDisabled("Not queueing. Join a queue in Booths.");
        for (const QueueRow& q : fair.myQueues) {
            ImGui::Text("%s: #%u, %s", q.company.c_str(), unsigned(q.position), q.wait.c_str());
            ImGui::SameLine();
            actionButton("leave", q.booth, q.leave, actions);
        }
        ImGui::EndTabItem();
    }
    if (fair.talk && tab("Talk")) {
        talkTab(*fair.talk, talkInput_, actions);
        ImGui::EndTabItem();
    }
    if (fair.desk && tab("Booth desk")) {
        const ExhibitorDesk& d = *fair.desk;
        ImGui::Text("%s%s", d.company.c_str(), d.away ? " (away)" : "");
        actionButton(d.away ? "back" : "away", d.booth, d.toggleAway, actions);
        if (d.callNext) {
            ImGui::SameLine();
            actionButton("call next", d.booth, *d.callNext, actions);
        }
        ImGui::Text("Queue (%zu)", d.queue.size());
        for (std::size_t i = 0; i < d.queue.size(); ++i) ImGui::BulletText("%zu. %s", i + 1, d.queue[i].c_str());
        ImGui::Text("Talks (%zu)", d.talks.size());
        for (const DeskTalk& t : d.talks) {
            ImGui::BulletText("%s", t.with.c_str());
            ImGui::SameLine();
            actionButton("end", std::to_string(t.talk), t.end, actions);
        }
        ImGui::EndTabItem();
    }
}

}  // namespace places::ui
