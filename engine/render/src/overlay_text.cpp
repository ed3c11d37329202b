#include "places/render/overlay_text.hpp"

#include <string>

// stb_easy_font is a header of static functions (no implementation macro);
// it is written in loose C, so its conversions are not ours to fix.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#include <stb_easy_font.h>
#pragma GCC diagnostic pop

#include "places/render/scene_geometry.hpp"

namespace places::render {

namespace {

struct EasyFontVertex {  // stb_easy_font's output: x, y, z floats and RGBA8
    float x, y, z;
    std::uint8_t rgba[4];
};
static_assert(sizeof(EasyFontVertex) == 16);

void appendQuad(std::vector<OverlayVertex>& out, glm::vec2 a, glm::vec2 b, std::uint32_t colour, glm::vec2 toNdc) {
    auto ndc = [&](float px, float py) { return glm::vec2(px * toNdc.x - 1.0f, py * toNdc.y - 1.0f); };
    const glm::vec2 p00 = ndc(a.x, a.y), p10 = ndc(b.x, a.y), p11 = ndc(b.x, b.y), p01 = ndc(a.x, b.y);
    for (const glm::vec2& p : {p00, p10, p11, p00, p11, p01}) out.push_back({p, colour});
}

}  // namespace

void appendOverlayText(std::vector<OverlayVertex>& out, std::string_view text, float x, float y, float scale,
                       std::uint32_t width, std::uint32_t height) {
    const glm::vec2 toNdc(2.0f / float(width), 2.0f / float(height));
    const float lineHeight = 12.0f * scale;
    std::vector<EasyFontVertex> quads(4000);
    std::size_t start = 0;
    float lineY = y;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        std::string line(text.substr(start, end - start));
        if (!line.empty()) {
            const float w = float(stb_easy_font_width(line.data())) * scale;
            appendQuad(out, {x - 4.0f, lineY - 3.0f}, {x + w + 4.0f, lineY + lineHeight - 1.0f},
                       packRgba8(20, 24, 30), toNdc);
            const int count = stb_easy_font_print(0.0f, 0.0f, line.data(), nullptr, quads.data(),
                                                  static_cast<int>(quads.size() * sizeof(EasyFontVertex)));
            for (int q = 0; q < count; ++q) {
                const EasyFontVertex* v = &quads[std::size_t(q) * 4];
                appendQuad(out, {x + v[0].x * scale, lineY + v[0].y * scale}, {x + v[2].x * scale, lineY + v[2].y * scale},
                           packRgba8(235, 240, 245), toNdc);
            }
        }
        lineY += lineHeight;
        start = end + 1;
    }
}

}  // namespace places::render
