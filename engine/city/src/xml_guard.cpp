#include "xml_guard.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>

#include "ring_scan.hpp"

namespace places::city::detail {

namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// XML name start characters, with every non-ASCII byte allowed (UTF-8 names).
bool isNameStart(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalpha(u) || c == '_' || c == ':' || u >= 0x80;
}

bool isNameChar(char c) {
    return isNameStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.';
}

// The encodings whose bytes below 0x80 are ASCII, so that the markup this scan
// sees is the markup xerces decodes. Compared case-insensitively.
constexpr std::array<std::string_view, 9> kAsciiEncodings = {
    "utf-8", "us-ascii", "ascii", "iso-8859-1", "iso-8859-15", "latin1", "iso_8859-1", "windows-1252", "cp1252"};

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// Printable excerpt for messages (the bytes may be anything): `length` bytes
// from `at`, at most 80, with "..." where the cap cut it short.
std::string excerpt(std::string_view text, std::size_t at, std::size_t length = std::string_view::npos) {
    constexpr std::size_t kMaxShown = 80;
    const std::size_t shown = std::min(length, kMaxShown);
    std::string out(text.substr(at, shown));
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
    if (length > kMaxShown && at + shown < text.size()) out += "...";
    return out;
}

// Line and column of byte `at` (1-based), for messages.
SourceLocation locate(std::string_view text, const std::string& path, std::size_t at) {
    const auto line = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    const std::size_t lineStart = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
    SourceLocation location{path, static_cast<std::uint32_t>(line + 1),
                            static_cast<std::uint32_t>(lineStart == std::string_view::npos ? at + 1 : at - lineStart)};
    location.byteOffset = at;
    return location;
}

class Scanner {
public:
    Scanner(std::string_view text, const std::string& path, Diagnostics& diagnostics)
        : text_(text), path_(path), diagnostics_(diagnostics) {}

    bool run() { return prolog() && tail(); }

private:
    SourceLocation where(std::size_t at) const { return locate(text_, path_, at); }

    bool fail(std::size_t at, std::string message) {
        diagnostics_.error(where(at), std::move(message));
        return false;
    }

    bool startsWith(std::size_t at, std::string_view what) const { return text_.substr(at, what.size()) == what; }

    std::string_view nameAt(std::size_t at) const {
        std::size_t end = at;
        while (end < text_.size() && isNameChar(text_[end])) ++end;
        return text_.substr(at, end - at);
    }

    // <?xml version="1.0" encoding="..."?>: only ASCII-compatible encodings.
    bool declaration(std::size_t at, std::size_t end) {
        const std::string_view decl = text_.substr(at, end - at);
        const std::size_t key = decl.find("encoding");
        if (key == std::string_view::npos) return true;  // UTF-8 by default
        std::size_t q = key + 8;
        while (q < decl.size() && (isSpace(decl[q]) || decl[q] == '=')) ++q;
        if (q >= decl.size() || (decl[q] != '"' && decl[q] != '\'')) return true;  // xerces reports the syntax
        const std::size_t close = decl.find(decl[q], q + 1);
        if (close == std::string_view::npos) return true;
        const std::string_view encoding = decl.substr(q + 1, close - q - 1);
        for (const auto accepted : kAsciiEncodings)
            if (equalsIgnoringCase(encoding, accepted)) return true;
        return fail(at + q + 1, "unsupported XML encoding \"" + excerpt(encoding, 0) +
                                    "\" (CityGML import reads UTF-8, US-ASCII, ISO-8859-1/15 and windows-1252)");
    }

    // Any DOCTYPE is refused; the message names the most dangerous thing in it.
    bool doctype(std::size_t at) {
        constexpr std::string_view kWhy = " (CityGML uses XML Schema, not DTDs: DOCTYPEs are refused, see "
                                          "docs/formats/import-limits.md)";
        std::size_t p = at + 9;
        while (p < text_.size() && isSpace(text_[p])) ++p;
        const std::string name(nameAt(p));
        p += name.size();
        while (p < text_.size() && isSpace(text_[p])) ++p;
        if (startsWith(p, "SYSTEM") || startsWith(p, "PUBLIC"))
            return fail(at, "external DTD refused: <!DOCTYPE" +
                                  excerpt(text_, at + 9, std::min(text_.find('>', at), text_.size()) + 1 - (at + 9)) +
                                  std::string(kWhy));
        // The internal subset: name the first entity declaration in it, if any.
        const std::size_t subsetEnd = text_.find("]>", p);
        const std::size_t entity = text_.find("<!ENTITY", p);
        if (entity != std::string_view::npos && entity < subsetEnd) {
            std::size_t e = entity + 8;
            while (e < text_.size() && isSpace(text_[e])) ++e;
            const bool parameter = e < text_.size() && text_[e] == '%';
            if (parameter) ++e;
            while (e < text_.size() && isSpace(text_[e])) ++e;
            const std::string entityName(nameAt(e));
            e += entityName.size();
            while (e < text_.size() && isSpace(text_[e])) ++e;
            const bool external = startsWith(e, "SYSTEM") || startsWith(e, "PUBLIC");
            const std::string kind = std::string(parameter ? "parameter " : "") + (external ? "external " : "");
            return fail(entity, kind + "entity \"" + excerpt(entityName, 0, 40) + "\" refused" +
                                    (external ? ": " + excerpt(text_, e, std::min<std::size_t>(text_.find('>', e), text_.size()) - e)
                                              : std::string()) +
                                    " (no entity is loaded or expanded)" + std::string(kWhy));
        }
        const std::size_t reference = text_.find('%', p);
        if (reference != std::string_view::npos && reference < subsetEnd)
            return fail(reference, "parameter entity reference refused" + std::string(kWhy));
        return fail(at, "DOCTYPE refused" + std::string(kWhy));
    }

    bool prolog() {
        std::size_t p = 0;
        if (startsWith(0, "\xEF\xBB\xBF")) p = 3;
        const std::size_t first = p;
        while (true) {
            while (p < text_.size() && isSpace(text_[p])) ++p;
            if (p >= text_.size()) return fail(p, "no root element (expected <CityModel>)");
            if (startsWith(p, "<?")) {
                const std::size_t end = text_.find("?>", p + 2);
                if (end == std::string_view::npos) return fail(p, "unterminated processing instruction");
                if (p == first && startsWith(p, "<?xml") && p + 5 < text_.size() && isSpace(text_[p + 5]) &&
                    !declaration(p, end))
                    return false;
                p = end + 2;
            } else if (startsWith(p, "<!--")) {
                const std::size_t end = text_.find("-->", p + 4);
                if (end == std::string_view::npos) return fail(p, "unterminated comment");
                p = end + 3;
            } else if (startsWith(p, "<!DOCTYPE")) {
                return doctype(p);
            } else if (text_[p] == '<' && p + 1 < text_.size() && isNameStart(text_[p + 1])) {
                root_ = nameAt(p + 1);
                rootStart_ = p;
                return true;
            } else {
                return fail(p, "not well-formed XML before the root element: \"" + excerpt(text_, p, 20) +
                                   "\" (only UTF-8 / ASCII-compatible XML is read)");
            }
        }
    }

    // After the root element only white space, comments and processing
    // instructions may follow. The root's end tag is found backwards (memrchr
    // over '<', fast even across a gigabyte of padding); then the trailer is
    // read forwards and its first other byte is the error.
    bool tail() {
        const std::string closing = "</" + std::string(root_);
        std::size_t end = std::string_view::npos;
        const char* base = text_.data();
        std::size_t limit = text_.size();
        while (limit > rootStart_) {
            const void* hit = ::memrchr(base + rootStart_, '<', limit - rootStart_);
            if (!hit) break;
            const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(hit) - base);
            if (startsWith(at, closing)) {
                std::size_t q = at + closing.size();
                while (q < text_.size() && isSpace(text_[q])) ++q;
                if (q < text_.size() && text_[q] == '>') end = q + 1;
                break;
            }
            limit = at;
        }
        if (end == std::string_view::npos) {
            // A self-closing root (<CityModel/>) has nothing to read; xerces
            // reports unclosed roots with their line.
            return true;
        }
        std::size_t p = end;
        while (true) {
            while (p < text_.size() && isSpace(text_[p])) ++p;
            if (p >= text_.size()) return true;
            if (startsWith(p, "<!--")) {
                const std::size_t close = text_.find("-->", p + 4);
                if (close == std::string_view::npos) break;
                p = close + 3;
            } else if (startsWith(p, "<?")) {
                const std::size_t close = text_.find("?>", p + 2);
                if (close == std::string_view::npos) break;
                p = close + 2;
            } else {
                break;
            }
        }
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02x", static_cast<unsigned>(static_cast<unsigned char>(text_[p])));
        return fail(p, std::to_string(text_.size() - p) + " bytes of trailing data after </" + std::string(root_) +
                           "> at byte " + std::to_string(p) + " (first byte " + byte +
                           "): the document ends with its root element");
    }

    std::string_view text_;
    const std::string& path_;
    Diagnostics& diagnostics_;
    std::string_view root_;
    std::size_t rootStart_ = 0;
};

}  // namespace

bool checkRingSizes(std::string_view text, const std::string& path, std::size_t maxCorners, Diagnostics& diagnostics) {
    std::size_t numbers = 0;
    bool ok = true;
    scanRingTokens(
        text, [&](std::size_t, std::size_t) { ++numbers; },
        [&](std::size_t open) {
            if (numbers > 3 * maxCorners) {
                diagnostics.error(locate(text, path, open),
                                  "ring with about " + std::to_string(numbers / 3) + " corners: more than " +
                                      std::to_string(maxCorners) +
                                      " corners per ring are refused (tessellation is quadratic in them; "
                                      "docs/formats/import-limits.md)");
                ok = false;
            }
            numbers = 0;
            return ok;
        });
    return ok;
}

bool checkExternalReferences(std::string_view text, const std::string& path, Diagnostics& diagnostics) {
    constexpr std::string_view kName = "informationSystem";
    std::size_t at = 0;
    while ((at = text.find(kName, at)) != std::string_view::npos) {
        std::size_t open = at;
        while (open > 0 && isNameChar(text[open - 1])) --open;
        at += kName.size();
        if (open == 0 || text[open - 1] != '<' || (at < text.size() && isNameChar(text[at]))) continue;
        const std::size_t tagEnd = text.find('>', at);
        if (tagEnd == std::string_view::npos || text[tagEnd - 1] == '/') continue;  // xerces reports it / empty
        const std::size_t next = text.find('<', tagEnd);
        if (next == std::string_view::npos) return true;
        if (next + 1 < text.size() && text[next + 1] == '/') continue;  // its end tag (xerces checks the name)
        diagnostics.error(locate(text, path, next),
                          "element inside <" + std::string(text.substr(open, at - open)) +
                              ">, which holds a URI: refused (the CityGML library misreads it)");
        return false;
    }
    return true;
}

bool checkXmlEnvelope(std::string_view text, const std::string& path, Diagnostics& diagnostics) {
    return Scanner(text, path, diagnostics).run();
}

}  // namespace places::city::detail
