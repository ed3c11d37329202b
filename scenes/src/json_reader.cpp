#include "json_reader.hpp"

#include <cmath>
#include <sstream>

namespace places::scenes::detail {

std::string memberPath(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string indexPath(const std::string& path, std::size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

const char* typeName(const Json& value) {
    switch (value.type()) {
        case Json::value_t::null: return "null";
        case Json::value_t::object: return "object";
        case Json::value_t::array: return "array";
        case Json::value_t::string: return "string";
        case Json::value_t::boolean: return "boolean";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
        case Json::value_t::number_float: return "number";
        default: return "value";
    }
}

void JsonReader::error(const std::string& path, const std::string& message) {
    SourceLocation where{file_};
    where.pointer = path;
    diagnostics_.error(std::move(where), message);
}

void JsonReader::warning(const std::string& path, const std::string& message) {
    SourceLocation where{file_};
    where.pointer = path;
    diagnostics_.warning(std::move(where), message);
}

void JsonReader::warnUnknown(const Json& object, const std::string& path,
                             std::initializer_list<std::string_view> known) {
    if (!object.is_object()) return;
    for (const auto& [key, value] : object.items()) {
        bool found = false;
        for (std::string_view k : known) found = found || k == key;
        if (!found) {
            warning(memberPath(path, key), "unknown field (ignored)");
            diagnostics_.count("unknown field");
        }
    }
}

const Json* JsonReader::member(const Json& object, const std::string& path, std::string_view key, bool required) {
    if (object.is_object()) {
        const auto it = object.find(key);
        if (it != object.end()) return &*it;
    }
    if (required) error(memberPath(path, key), "missing required field");
    return nullptr;
}

std::optional<double> JsonReader::number(const Json& value, const std::string& path, double min, double max) {
    if (!value.is_number()) {
        error(path, std::string("expected a number, got ") + typeName(value));
        return std::nullopt;
    }
    const double v = value.get<double>();
    if (!std::isfinite(v) || v < min || v > max) {
        std::ostringstream text;
        text << "value " << v << " out of range [" << min << ", " << max << "]";
        error(path, text.str());
        return std::nullopt;
    }
    return v;
}

std::optional<std::string> JsonReader::string(const Json& value, const std::string& path, bool allowEmpty) {
    if (!value.is_string()) {
        error(path, std::string("expected a string, got ") + typeName(value));
        return std::nullopt;
    }
    std::string s = value.get<std::string>();
    if (s.empty() && !allowEmpty) {
        error(path, "must not be empty");
        return std::nullopt;
    }
    return s;
}

bool JsonReader::expectObject(const Json& value, const std::string& path) {
    if (value.is_object()) return true;
    error(path, std::string("expected an object, got ") + typeName(value));
    return false;
}

bool JsonReader::expectArray(const Json& value, const std::string& path) {
    if (value.is_array()) return true;
    error(path, std::string("expected an array, got ") + typeName(value));
    return false;
}

std::optional<double> JsonReader::numberMember(const Json& object, const std::string& path, std::string_view key,
                                               bool required, double min, double max) {
    const Json* v = member(object, path, key, required);
    return v ? number(*v, memberPath(path, key), min, max) : std::nullopt;
}

std::optional<std::string> JsonReader::stringMember(const Json& object, const std::string& path,
                                                    std::string_view key, bool required) {
    const Json* v = member(object, path, key, required);
    return v ? string(*v, memberPath(path, key)) : std::nullopt;
}

}  // namespace places::scenes::detail
