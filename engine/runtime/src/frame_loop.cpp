#include "places/runtime/frame_loop.hpp"

#include <sstream>

namespace places::runtime {

std::optional<FrameReport> FrameLoop::frame(ViewSource& source, FrameTarget& target, const FrameContentHook& content) {
    const std::optional<FrameExtent> extent = target.beginFrame();
    if (!extent) return std::nullopt;
    FrameReport report;
    report.extent = *extent;
    report.views = source.views(*extent);
    const double start = render::threadCpuMilliseconds();
    render::chooseTileLevels(scene_.geometry.tileNodes, report.views, double(extent->height), selection_, tiles_);
    report.selectCpuMilliseconds = render::threadCpuMilliseconds() - start;
    content_.clear();
    if (scene_.signFont && !signs_.screens.empty()) {
        const auto now = std::chrono::steady_clock::now();
        if (!nextScreenCheck_ || now >= *nextScreenCheck_) {
            signs_.updateScreens(*scene_.signFont, clock_.now());
            nextScreenCheck_ = now + std::chrono::seconds(1);
        }
    }
    signs_.appendText(content_.text);
    if (content) content({frames_, *extent, &report.views}, content_);
    report.delivery = target.render({gpuScene_, report.views, tiles_, scene_.lighting, content_});
    ++frames_;
    return report;
}

render::FrameInputs toRenderInputs(const FrameInput& in) {
    return {.scene = in.scene,
            .views = in.views,
            .lighting = in.lighting,
            .tiles = in.tiles,
            .dynamic = in.content.dynamic,
            .text = in.content.text,
            .overlay = in.content.overlay,
            .avatars = in.content.avatars,
            .ui = in.content.ui};
}

std::string formatStats(const render::FrameStats& s, double gpuMilliseconds) {
    std::ostringstream out;
    out << "draw calls " << s.drawCalls << ", draw commands " << s.drawCommands << ", triangles " << s.triangles
        << ", visible tiles " << s.visibleTiles << ", buildings drawn " << s.buildingsDrawn << " of "
        << s.buildingsInView << " in view, terrain pieces " << s.terrainPiecesDrawn << ", shadow map draw calls " << s.shadowDrawCalls << ", visible instances " << s.visibleInstances << " (" << s.coarseInstances
        << " at coarser levels), views "
        << s.views << ", texts " << s.texts << " (" << s.glyphs << " glyphs, " << s.missingGlyphs
        << " missing), cpu record " << s.recordMilliseconds << " ms";
    if (gpuMilliseconds >= 0) out << ", gpu " << gpuMilliseconds << " ms";
    return out.str();
}

}  // namespace places::runtime
