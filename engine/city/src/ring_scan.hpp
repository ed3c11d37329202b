#pragma once
// A byte-level walk over the coordinates of every gml:LinearRing of a CityGML
// document, before xerces sees it: the ring-size limit (xml_guard.cpp) and the
// non-finite coordinate marking (citygml_nonfinite.cpp) both read the same
// tokens. Linear in the size of the document; no XML parser.
#include <cctype>
#include <cstddef>
#include <string_view>

namespace places::city::detail {

// XML name characters, with every non-ASCII byte allowed (UTF-8 names).
inline bool isRingScanNameChar(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || c == ':' || c == '-' || c == '.' || u >= 0x80;
}

// For each LinearRing element (any namespace prefix): onToken(begin, end) for
// every run of text outside tags that is not white space or a comma (the
// numbers of posList, pos and coordinates; gml:coordinates separates with
// commas), then onRingEnd(open), `open` being the byte offset of the ring's
// '<'. onRingEnd returns false to stop the walk.
template <class OnToken, class OnRingEnd>
void scanRingTokens(std::string_view text, OnToken&& onToken, OnRingEnd&& onRingEnd) {
    constexpr std::string_view kRing = "LinearRing";
    std::size_t at = 0;
    while ((at = text.find(kRing, at)) != std::string_view::npos) {
        // An opening tag: '<' then an optional "prefix:" then the name.
        std::size_t open = at;
        while (open > 0 && isRingScanNameChar(text[open - 1])) --open;
        const std::size_t nameEnd = at + kRing.size();
        at = nameEnd;
        if (open == 0 || text[open - 1] != '<' || (nameEnd < text.size() && isRingScanNameChar(text[nameEnd])))
            continue;
        bool inTag = true;
        std::size_t token = std::string_view::npos;  // start of the current token
        std::size_t p = nameEnd;
        for (; p < text.size(); ++p) {
            const char c = text[p];
            if (inTag) {
                if (c == '>') inTag = false;
                continue;
            }
            const bool separator = c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == '<';
            if (separator && token != std::string_view::npos) {
                onToken(token, p);
                token = std::string_view::npos;
            } else if (!separator && token == std::string_view::npos) {
                token = p;
            }
            if (c != '<') continue;
            inTag = true;
            if (p + 1 < text.size() && text[p + 1] == '/') {  // an end tag: </prefix:LinearRing>?
                std::size_t e = p + 2;
                while (e < text.size() && isRingScanNameChar(text[e])) ++e;
                if (text.substr(p + 2, e - p - 2).ends_with(kRing)) break;
            }
        }
        if (token != std::string_view::npos) onToken(token, p);  // unterminated document: xerces reports it
        if (!onRingEnd(open - 1)) return;
        at = p;
    }
}

}  // namespace places::city::detail
