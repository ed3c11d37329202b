#include <cctype>
#include <cstdio>
#include <string>

#include "places/city/readers.hpp"

namespace places::city {

namespace {

enum class Format { Empty, Xml, Json, Unknown, Unreadable };

// Looks at the first non-blank byte (after a UTF-8 BOM): '<' is XML (CityGML),
// '{' is JSON (CityJSON). Extensions are not trusted: NRW serves .gml and
// .xml, CityJSON comes as .json, .city.json and .jsonl.
Format sniff(const std::string& path, std::string& head) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return Format::Unreadable;
    char buf[512];
    const std::size_t n = std::fread(buf, 1, sizeof buf, f);
    std::fclose(f);
    std::size_t i = 0;
    if (n >= 3 && static_cast<unsigned char>(buf[0]) == 0xEF && static_cast<unsigned char>(buf[1]) == 0xBB &&
        static_cast<unsigned char>(buf[2]) == 0xBF)
        i = 3;
    while (i < n && std::isspace(static_cast<unsigned char>(buf[i]))) ++i;
    if (i == n) return Format::Empty;
    head.assign(buf + i, std::min<std::size_t>(16, n - i));
    if (buf[i] == '<') return Format::Xml;
    if (buf[i] == '{') return Format::Json;
    return Format::Unknown;
}

}  // namespace

Result<SourceModel> readCityFile(const std::string& path, const ReadOptions& options) {
    std::string head;
    switch (sniff(path, head)) {
        case Format::Xml: return readCityGml(path, options);
        case Format::Json: return readCityJson(path, options);
        case Format::Unreadable: {
            Result<SourceModel> r;
            r.diagnostics.error({path}, "cannot open file");
            return r;
        }
        case Format::Empty: {
            Result<SourceModel> r;
            r.diagnostics.error({path, 1, 1}, "empty file: expected CityGML (XML) or CityJSON");
            return r;
        }
        case Format::Unknown: break;
    }
    for (char& c : head)
        if (!std::isprint(static_cast<unsigned char>(c))) c = '?';
    Result<SourceModel> r;
    r.diagnostics.error({path, 1, 1}, "not CityGML (XML) or CityJSON: file starts with \"" + head + "\"");
    return r;
}

}  // namespace places::city
