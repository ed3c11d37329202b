#pragma once
// Dear ImGui's draw data -> render::UiDrawList (pixels -> NDC, 16-bit -> 32-bit
// indices, one UiCommand per ImDrawCmd with its clip rectangle).
#include <imgui.h>

#include "places/render/ui_draw.hpp"

namespace places::ui {

void convertDrawData(const ImDrawData& data, render::UiDrawList& out);

}  // namespace places::ui
