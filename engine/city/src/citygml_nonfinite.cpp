#include "citygml_nonfinite.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "ring_scan.hpp"

namespace places::city::detail {

namespace {

// Whether `token` reads as a finite double the way libcitygml's stream does
// (a leading '+' allowed). Underflow (1e-400) reads as 0 there: finite.
bool isFiniteNumber(std::string_view token) {
    if (!token.empty() && token[0] == '+') token.remove_prefix(1);
    double value = 0.0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (end != token.data() + token.size()) return false;
    if (ec == std::errc()) return std::isfinite(value);
    if (ec != std::errc::result_out_of_range) return false;
    const std::string copy(token);  // rare: tell overflow from underflow
    return std::isfinite(std::strtod(copy.c_str(), nullptr));
}

// The start tag `<prefix:name` (any prefix) nearest before `before` and at or
// after `from`; npos if none.
std::size_t findStartTagBefore(std::string_view text, std::string_view name, std::size_t from, std::size_t before) {
    std::size_t at = before;
    while (at > from && (at = text.rfind(name, at - 1)) != std::string_view::npos && at >= from) {
        std::size_t open = at;
        while (open > from && isRingScanNameChar(text[open - 1])) --open;
        const std::size_t end = at + name.size();
        const bool wholeName = open == at || text[at - 1] == ':';  // not "consistsOfBuildingPart"
        if (wholeName && open > 0 && text[open - 1] == '<' && end < text.size() && !isRingScanNameChar(text[end]))
            return open - 1;
    }
    return std::string_view::npos;
}

// The gml:id of the first element starting at or after `from`; empty if none.
std::string idOfElementAt(std::string_view text, std::size_t from) {
    std::size_t open = from;
    while ((open = text.find('<', open)) != std::string_view::npos && open + 1 < text.size() &&
           !isRingScanNameChar(text[open + 1]))
        ++open;
    if (open == std::string_view::npos) return {};
    const std::size_t close = text.find('>', open);
    const std::string_view tag = text.substr(open, close == std::string_view::npos ? text.npos : close - open);
    const std::size_t id = tag.find("id=");
    if (id == std::string_view::npos || id + 4 > tag.size()) return {};
    const char quote = tag[id + 3];
    const std::size_t end = tag.find(quote, id + 4);
    return end == std::string_view::npos ? std::string() : std::string(tag.substr(id + 4, end - id - 4));
}

// The id of the city object whose geometry holds byte `at`, for messages: the
// open BuildingPart/BridgePart around it, else the top-level object of its
// cityObjectMember. The backward searches stay inside that member.
std::string objectIdAt(std::string_view text, std::size_t at) {
    const std::size_t member = findStartTagBefore(text, "cityObjectMember", 0, at);
    const std::size_t from = member == std::string_view::npos ? 0 : member;
    for (std::string_view part : {std::string_view("BuildingPart"), std::string_view("BridgePart")}) {
        const std::size_t open = findStartTagBefore(text, part, from, at);
        if (open == std::string_view::npos) continue;
        const std::string closing = std::string(part) + ">";
        const std::size_t closed = text.find(closing, text.find('>', open));  // after its own start tag
        if (closed == std::string_view::npos || closed > at) return idOfElementAt(text, open);
    }
    return member == std::string_view::npos ? std::string() : idOfElementAt(text, text.find('>', member));
}

}  // namespace

std::string_view markNonFiniteCoordinates(std::string_view text, const std::string& path, bool listSkipped,
                                          std::string& copy, Diagnostics& diagnostics) {
    struct Bad {
        std::size_t begin, end;
    };
    std::vector<Bad> bad;
    scanRingTokens(
        text,
        [&](std::size_t begin, std::size_t end) {
            if (!isFiniteNumber(text.substr(begin, end - begin))) bad.push_back({begin, end});
        },
        [](std::size_t) { return true; });
    if (bad.empty()) return text;

    copy.clear();
    copy.reserve(text.size() + bad.size() * 16);
    std::size_t done = 0, line = 1, lineStart = 0, counted = 0;
    char marker[32];
    for (std::size_t k = 0; k < bad.size(); ++k) {
        const Bad& b = bad[k];
        copy.append(text, done, b.begin - done);
        std::snprintf(marker, sizeof marker, "1.%010zue30", k + 1);
        copy += marker;
        done = b.end;
        if (!listSkipped) continue;
        // Lines counted incrementally: linear in the file however many tokens.
        for (; counted < b.begin; ++counted)
            if (text[counted] == '\n') {
                ++line;
                lineStart = counted + 1;
            }
        SourceLocation where{path, static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(b.begin - lineStart + 1)};
        std::string token(text.substr(b.begin, std::min<std::size_t>(b.end - b.begin, 40)));
        for (char& c : token)
            if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
        const std::string object = objectIdAt(text, b.begin);
        diagnostics.warning(std::move(where), "coordinate \"" + token + "\" is not a finite number" +
                                                  (object.empty() ? std::string() : " (object " + object + ")") +
                                                  ": its polygon is skipped");
    }
    copy.append(text, done);
    return copy;
}

}  // namespace places::city::detail
