#include "places/render/text_layout.hpp"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

namespace places::render {

namespace {

constexpr char32_t kReplacement = 0xfffd;

std::uint32_t packLinear(const glm::vec4& c) {
    auto byte = [](float v) { return std::uint32_t(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); };
    return byte(c.r) | byte(c.g) << 8 | byte(c.b) << 16 | byte(c.a) << 24;
}

}  // namespace

Utf8Decoded decodeUtf8(std::string_view text) {
    Utf8Decoded out;
    out.codepoints.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<std::uint8_t>(text[i]);
        if (lead < 0x80) {
            out.codepoints.push_back(lead);
            ++i;
            continue;
        }
        int length = 0;
        char32_t value = 0, minimum = 0;
        if ((lead & 0xe0) == 0xc0) length = 2, value = lead & 0x1fu, minimum = 0x80;
        else if ((lead & 0xf0) == 0xe0) length = 3, value = lead & 0x0fu, minimum = 0x800;
        else if ((lead & 0xf8) == 0xf0) length = 4, value = lead & 0x07u, minimum = 0x10000;
        // Take the continuation bytes that are there (at most length - 1), so a
        // sequence cut short counts once and decoding resumes after it.
        int consumed = 1;
        while (consumed < length && i + std::size_t(consumed) < text.size() &&
               (static_cast<std::uint8_t>(text[i + std::size_t(consumed)]) & 0xc0) == 0x80) {
            value = value << 6 | (static_cast<std::uint8_t>(text[i + std::size_t(consumed)]) & 0x3fu);
            ++consumed;
        }
        bool valid = length > 0 && consumed == length;
        if (valid && (value < minimum || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))) valid = false;
        if (valid) {
            out.codepoints.push_back(value);
            i += std::size_t(consumed);
        } else {
            // Skip the lead and the continuation bytes that belonged to it.
            out.codepoints.push_back(kReplacement);
            ++out.invalidSequences;
            i += std::size_t(consumed);
        }
    }
    return out;
}

TextLayout layoutText(const FontAtlas& font, std::string_view utf8) {
    TextLayout layout;
    const Utf8Decoded decoded = decodeUtf8(utf8);
    layout.invalidSequences = decoded.invalidSequences;
    if (decoded.codepoints.empty() || font.glyphs.empty()) return layout;
    const float lineHeight = font.lineHeight();

    // Pass 1: pen positions per line (x from the line start), line widths.
    struct Placed {
        const Glyph* glyph;
        float x;
        std::uint32_t line;
    };
    std::vector<Placed> placed;
    std::vector<float> widths{0.0f};
    float pen = 0.0f;
    std::size_t laidOut = 0;
    for (char32_t c : decoded.codepoints) {
        if (c == U'\n') {
            widths.push_back(0.0f);
            pen = 0.0f;
            continue;
        }
        if (laidOut == kMaxTextGlyphs) {
            ++layout.missingGlyphs;
            continue;
        }
        ++laidOut;
        const Glyph* g = font.find(c);
        if (!g) {
            // U+FFFD stands for bad UTF-8, already counted as invalid.
            if (c != kReplacement) ++layout.missingGlyphs;
            g = &font.glyphs[font.fallback];
        }
        const auto line = static_cast<std::uint32_t>(widths.size() - 1);
        placed.push_back({g, pen, line});
        pen += g->advance;
        widths.back() = pen;
    }
    layout.lines = static_cast<std::uint32_t>(widths.size());
    layout.size = {*std::max_element(widths.begin(), widths.end()), float(layout.lines) * lineHeight};

    // Pass 2: quads, each line centred, the last line's descent at y = 0.
    for (const Placed& p : placed) {
        if (p.glyph->size.x <= 0.0f) continue;
        const float baseline = -font.descent + float(layout.lines - 1 - p.line) * lineHeight;
        const glm::vec2 origin(p.x - widths[p.line] * 0.5f, baseline);
        GlyphQuad q;
        q.min = origin + p.glyph->offset;
        q.max = q.min + p.glyph->size;
        q.uvMin = p.glyph->uvMin;
        q.uvMax = p.glyph->uvMax;
        layout.quads.push_back(q);
    }
    return layout;
}

TextBuildStats appendTextTriangles(std::vector<TextVertex>& out, const FontAtlas& font,
                                   std::span<const WorldText> texts, const glm::vec3& viewer) {
    TextBuildStats stats;
    for (const WorldText& t : texts) {
        if (t.colour.a <= 0.0f || t.text.empty() || !(t.emHeightM > 0.0f)) continue;
        glm::vec3 right = t.right, up = t.up;
        if (t.billboard) {
            // Upright: turn about the vertical to face the viewer.
            glm::vec3 toViewer = viewer - t.anchor;
            toViewer.y = 0.0f;
            const float length = glm::length(toViewer);
            right = length > 1e-4f ? glm::cross(glm::vec3(0.0f, 1.0f, 0.0f), toViewer / length) : glm::vec3(1, 0, 0);
            up = {0.0f, 1.0f, 0.0f};
        }
        const TextLayout layout = layoutText(font, t.text);
        stats.missingGlyphs += layout.missingGlyphs;
        stats.invalidSequences += layout.invalidSequences;
        if (layout.quads.empty()) continue;
        ++stats.texts;
        stats.glyphs += static_cast<std::uint32_t>(layout.quads.size());
        const std::uint32_t fill = packLinear(t.colour);
        glm::vec4 outline = t.outline;
        outline.a *= t.colour.a;  // fading fades the outline too
        const std::uint32_t edge = packLinear(outline);
        auto at = [&](float x, float y) { return t.anchor + (right * x + up * y) * t.emHeightM; };
        for (const GlyphQuad& q : layout.quads) {
            const TextVertex bl{at(q.min.x, q.min.y), {q.uvMin.x, q.uvMax.y}, fill, edge};
            const TextVertex br{at(q.max.x, q.min.y), {q.uvMax.x, q.uvMax.y}, fill, edge};
            const TextVertex tr{at(q.max.x, q.max.y), {q.uvMax.x, q.uvMin.y}, fill, edge};
            const TextVertex tl{at(q.min.x, q.max.y), {q.uvMin.x, q.uvMin.y}, fill, edge};
            out.insert(out.end(), {bl, br, tr, bl, tr, tl});
        }
    }
    return stats;
}

double projectedHeightPx(double heightM, double distanceM, double viewportHeightPx, double fovDeg) {
    const double halfFov = fovDeg * 3.14159265358979323846 / 360.0;
    return heightM / (2.0 * distanceM * std::tan(halfFov)) * viewportHeightPx;
}

}  // namespace places::render
