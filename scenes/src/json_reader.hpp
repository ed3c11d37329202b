#pragma once
// Checked access to a parsed JSON document: every problem becomes a diagnostic
// naming the file and the JSON path in dotted form ("venues[2].asset"), which
// reads better in messages than a JSON pointer. Private to places_scenes.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "places/core/diagnostic.hpp"

namespace places::scenes::detail {

using Json = nlohmann::json;

std::string memberPath(const std::string& path, std::string_view key);
std::string indexPath(const std::string& path, std::size_t index);

class JsonReader {
public:
    JsonReader(std::string file, Diagnostics& diagnostics) : file_(std::move(file)), diagnostics_(diagnostics) {}

    void error(const std::string& path, const std::string& message);
    void warning(const std::string& path, const std::string& message);

    // Warns once per member of `object` whose name is not in `known`.
    void warnUnknown(const Json& object, const std::string& path, std::initializer_list<std::string_view> known);

    // The member `key`, or nullptr when absent (an error when `required`).
    const Json* member(const Json& object, const std::string& path, std::string_view key, bool required);

    // Typed values; an error (and nullopt) on a wrong type or a value outside [min, max].
    std::optional<double> number(const Json& value, const std::string& path, double min, double max);
    std::optional<std::string> string(const Json& value, const std::string& path, bool allowEmpty = false);
    bool expectObject(const Json& value, const std::string& path);
    bool expectArray(const Json& value, const std::string& path);

    // Member shorthands: absent optional members give nullopt without a message.
    std::optional<double> numberMember(const Json& object, const std::string& path, std::string_view key,
                                       bool required, double min, double max);
    std::optional<std::string> stringMember(const Json& object, const std::string& path, std::string_view key,
                                            bool required);

private:
    std::string file_;
    Diagnostics& diagnostics_;
};

// "number", "string", ... as a user would say it.
const char* typeName(const Json& value);

}  // namespace places::scenes::detail
