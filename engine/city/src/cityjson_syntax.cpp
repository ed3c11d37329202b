// Precise syntax-error locations for the CityJSON reader. simdjson (the fast
// path) reports only that a document is invalid, so on failure the same bytes
// are re-read once by nlohmann's SAX parser, which builds nothing and stops at
// the first error with its byte position. Valid files never come here.
#include <nlohmann/json.hpp>

#include "cityjson_context.hpp"

namespace places::city::cityjson {
namespace {

class ErrorCatcher final : public nlohmann::json_sax<nlohmann::json> {
public:
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
        failed = true;
        byte = position;
        // "[json.exception.parse_error.101] parse error at line 3, column 7: what" -> "what"
        std::string_view what = ex.what();
        const auto column = what.find("column ");
        const auto colon = what.find(": ", column == std::string_view::npos ? 0 : column);
        message = std::string(colon == std::string_view::npos ? what : what.substr(colon + 2));
        return false;
    }

    bool failed = false;
    std::size_t byte = 0;  // characters read when the error was seen (1-based position)
    std::string message;
};

}  // namespace

namespace {

SyntaxError errorAt(std::string_view json, std::size_t at, std::string message) {
    SyntaxError error;
    error.message = std::move(message);
    error.byteOffset = at;
    error.line = 1;
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < at; ++i) {
        if (json[i] == '\n') {
            ++error.line;
            lineStart = i + 1;
        }
    }
    error.column = static_cast<std::uint32_t>(at - lineStart + 1);
    return error;
}

}  // namespace

std::optional<SyntaxError> locateSyntaxError(std::string_view json) {
    ErrorCatcher catcher;
    nlohmann::json::sax_parse(json.begin(), json.end(), &catcher);
    if (!catcher.failed) return std::nullopt;
    // The offending character is the last one read; at end of input, the end.
    const std::size_t at = std::min(catcher.byte > 0 ? catcher.byte - 1 : 0, json.size());
    return errorAt(json, at, std::move(catcher.message));
}

std::optional<SyntaxError> locateTooDeep(std::string_view json, std::size_t maxDepth) {
    std::size_t depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (inString) {
            if (c == '\\') ++i;
            else if (c == '"') inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > maxDepth)
                return errorAt(json, i, "nesting deeper than " + std::to_string(maxDepth) +
                                            " arrays/objects (the reader's limit, docs/formats/import-limits.md)");
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::nullopt;
}

}  // namespace places::city::cityjson
