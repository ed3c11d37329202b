#include "places/render/sign_layout.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace places::render {

namespace {

constexpr char32_t kEllipsis = 0x2026;

float advance(const FontAtlas& font, char32_t c) {
    const Glyph* g = font.find(c);
    return g ? g->advance : font.glyphs[font.fallback].advance;
}

float widthOf(const FontAtlas& font, std::u32string_view s) {
    float w = 0.0f;
    for (char32_t c : s) w += advance(font, c);
    return w;
}

std::vector<std::u32string> splitAt(std::u32string_view s, char32_t separator) {
    std::vector<std::u32string> parts{{}};
    for (char32_t c : s) {
        if (c == separator) parts.emplace_back();
        else parts.back().push_back(c);
    }
    return parts;
}

struct Wrapped {
    std::vector<std::u32string> lines;
    float widest = 0.0f;  // ems
    bool broken = false;
};

// Greedy wrap of each paragraph at spaces into lines at most `maxEm` wide.
// A word wider than a line: nullopt, or (breakWords) split between characters.
std::optional<Wrapped> wrap(const FontAtlas& font, const std::vector<std::u32string>& paragraphs, float maxEm,
                            bool breakWords) {
    Wrapped out;
    auto push = [&](std::u32string line) {
        out.widest = std::max(out.widest, widthOf(font, line));
        out.lines.push_back(std::move(line));
    };
    for (const std::u32string& paragraph : paragraphs) {
        std::u32string line;
        for (std::u32string& word : splitAt(paragraph, U' ')) {
            if (word.empty()) continue;  // runs of spaces collapse
            std::u32string candidate = line.empty() ? word : line + U' ' + word;
            if (widthOf(font, candidate) <= maxEm) {
                line = std::move(candidate);
                continue;
            }
            if (!line.empty()) push(std::move(line));
            line.clear();
            if (widthOf(font, word) > maxEm) {
                if (!breakWords) return std::nullopt;
                out.broken = true;
                std::u32string piece;
                for (char32_t c : word) {
                    if (!piece.empty() && widthOf(font, piece) + advance(font, c) > maxEm) {
                        push(std::move(piece));
                        piece.clear();
                    }
                    piece.push_back(c);
                }
                word = std::move(piece);
            }
            line = std::move(word);
        }
        push(std::move(line));  // an empty paragraph stays an empty line
    }
    return out;
}

}  // namespace

std::string encodeUtf8(std::u32string_view codepoints) {
    std::string out;
    out.reserve(codepoints.size());
    for (char32_t c : codepoints) {
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out.push_back(static_cast<char>(0xc0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
        } else if (c < 0x10000) {
            out.push_back(static_cast<char>(0xe0 | (c >> 12)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
        } else {
            out.push_back(static_cast<char>(0xf0 | (c >> 18)));
            out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3f)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
        }
    }
    return out;
}

SignLayout layoutSign(const FontAtlas& font, std::string_view utf8, float widthM, float heightM) {
    SignLayout out;
    const Utf8Decoded decoded = decodeUtf8(utf8);
    std::u32string text = decoded.codepoints;
    while (!text.empty() && (text.back() == U' ' || text.back() == U'\n')) text.pop_back();
    if (text.size() > kMaxSignCharacters) {
        out.truncated += static_cast<std::uint32_t>(text.size() - (kMaxSignCharacters - 1));
        text.resize(kMaxSignCharacters - 1);
        text.push_back(kEllipsis);
    }
    const float margin = kSignMargin * std::min(widthM, heightM);
    const float w = widthM - 2.0f * margin, h = heightM - 2.0f * margin;
    if (text.empty() || font.glyphs.empty() || !(w > 0.0f) || !(h > 0.0f)) {
        out.invalidSequences = decoded.invalidSequences;
        return out;
    }
    std::vector<std::u32string> paragraphs = splitAt(text, U'\n');
    if (paragraphs.size() > kMaxSignLines) {
        for (std::size_t p = kMaxSignLines; p < paragraphs.size(); ++p)
            out.truncated += static_cast<std::uint32_t>(paragraphs[p].size());
        paragraphs.resize(kMaxSignLines);
        paragraphs.back().push_back(kEllipsis);
    }
    const float lineHeight = font.lineHeight();

    // The largest font size whose wrap fits the face: fitting is monotonic in
    // the size (a smaller font wraps into fewer, shorter lines relative to the
    // face), so a bisection finds it. First without splitting words, then
    // (long words, narrow faces) with, down to kMaxSignLines lines.
    const float largest = h / lineHeight;                       // one line fills the height
    const float smallest = h / (float(kMaxSignLines) * lineHeight);
    auto fits = [&](float em, bool breakWords) -> std::optional<Wrapped> {
        auto wrapped = wrap(font, paragraphs, w / em, breakWords);
        if (!wrapped || float(wrapped->lines.size()) * lineHeight * em > h * 1.0001f) return std::nullopt;
        return wrapped;
    };
    // Whole words may shrink the font below `smallest` (one long word on a
    // narrow face) as long as the lines still fit the height.
    float longestWord = 0.0f;
    for (const std::u32string& paragraph : paragraphs)
        for (const std::u32string& word : splitAt(paragraph, U' ')) longestWord = std::max(longestWord, widthOf(font, word));
    const float smallestWhole = longestWord > 0.0f ? std::min(smallest, w / longestWord) : smallest;
    std::optional<Wrapped> chosen;
    float em = 0.0f;
    for (bool breakWords : {false, true}) {
        if (auto top = fits(largest, breakWords)) {
            chosen = std::move(top);
            em = largest;
            break;
        }
        const float bottom = breakWords ? smallest : smallestWhole;
        if (!fits(bottom, breakWords)) continue;
        float lo = bottom, hi = largest;
        for (int i = 0; i < 24; ++i) {
            const float mid = 0.5f * (lo + hi);
            (fits(mid, breakWords) ? lo : hi) = mid;
        }
        chosen = fits(lo, breakWords);
        em = lo;
        break;
    }
    if (!chosen) {
        // Too much text for the face even at the smallest size: the lines that
        // fit, the last one ending in an ellipsis.
        em = smallest;
        chosen = wrap(font, paragraphs, w / em, true);
        std::size_t dropped = 0;
        for (std::size_t l = kMaxSignLines; l < chosen->lines.size(); ++l) dropped += chosen->lines[l].size();
        chosen->lines.resize(kMaxSignLines);
        std::u32string& last = chosen->lines.back();
        while (!last.empty() && widthOf(font, last) + advance(font, kEllipsis) > w / em) {
            last.pop_back();
            ++dropped;
        }
        last.push_back(kEllipsis);
        out.truncated += static_cast<std::uint32_t>(dropped);
    }

    // Balance the lines: the narrowest wrap with no more lines (greedy wrapping
    // fills the first lines and leaves a short last one).
    if (!chosen->broken && chosen->lines.size() > 1) {
        const std::size_t lines = chosen->lines.size();
        float lo = 0.0f, hi = chosen->widest;
        for (int i = 0; i < 20; ++i) {
            const float mid = 0.5f * (lo + hi);
            const auto trial = wrap(font, paragraphs, mid, false);
            (trial && trial->lines.size() <= lines ? hi : lo) = mid;
        }
        if (auto balanced = wrap(font, paragraphs, hi, false); balanced && balanced->lines.size() <= lines)
            chosen = std::move(balanced);
    }

    std::u32string joined;
    for (std::size_t l = 0; l < chosen->lines.size(); ++l) {
        if (l > 0) joined.push_back(U'\n');
        joined += chosen->lines[l];
    }
    out.text = encodeUtf8(joined);
    out.emHeightM = em;
    out.wordsBroken = chosen->broken;
    out.glyphs = layoutText(font, out.text);
    out.lines = out.glyphs.lines;
    out.sizeM = out.glyphs.size * em;
    out.missingGlyphs = out.glyphs.missingGlyphs;
    out.invalidSequences = decoded.invalidSequences;
    // Ems with the block's bottom centre at 0 -> metres about the face's centre.
    for (GlyphQuad& q : out.glyphs.quads) {
        q.min = q.min * em - glm::vec2(0.0f, out.sizeM.y * 0.5f);
        q.max = q.max * em - glm::vec2(0.0f, out.sizeM.y * 0.5f);
    }
    return out;
}

}  // namespace places::render
