#include "draw_data.hpp"

namespace places::ui {

void convertDrawData(const ImDrawData& data, render::UiDrawList& out) {
    out.clear();
    if (data.DisplaySize.x <= 0.0f || data.DisplaySize.y <= 0.0f) return;
    const ImVec2 origin = data.DisplayPos;
    const float sx = 2.0f / data.DisplaySize.x, sy = 2.0f / data.DisplaySize.y;
    out.vertices.reserve(static_cast<std::size_t>(data.TotalVtxCount));
    out.indices.reserve(static_cast<std::size_t>(data.TotalIdxCount));
    for (int l = 0; l < data.CmdListsCount; ++l) {
        const ImDrawList& list = *data.CmdLists[l];
        const auto vertexBase = static_cast<std::int32_t>(out.vertices.size());
        const auto indexBase = static_cast<std::uint32_t>(out.indices.size());
        for (const ImDrawVert& v : list.VtxBuffer)
            // ImGui's IM_COL32 packs R in the lowest byte, as UiVertex does.
            out.vertices.push_back({{(v.pos.x - origin.x) * sx - 1.0f, (v.pos.y - origin.y) * sy - 1.0f},
                                    {v.uv.x, v.uv.y}, v.col});
        for (const ImDrawIdx i : list.IdxBuffer) out.indices.push_back(i);
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            if (cmd.UserCallback) continue;  // the panel installs none
            out.commands.push_back({indexBase + cmd.IdxOffset, cmd.ElemCount,
                                    vertexBase + static_cast<std::int32_t>(cmd.VtxOffset),
                                    {cmd.ClipRect.x - origin.x, cmd.ClipRect.y - origin.y, cmd.ClipRect.z - origin.x,
                                     cmd.ClipRect.w - origin.y}});
        }
    }
}

}  // namespace places::ui
