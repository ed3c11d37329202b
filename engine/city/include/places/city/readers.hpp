#pragma once
// City-file readers. Each takes a path (or bytes) and returns the objects in
// the file's own CRS, plus errors and counted warnings. They never throw and
// never crash on bad input: a malformed file gives an error naming the file and
// the line/column (XML) or JSON pointer (CityJSON).
#include <functional>
#include <string>
#include <string_view>

#include "places/city/source_model.hpp"
#include "places/core/diagnostic.hpp"

namespace places::city {

struct ReadOptions {
    LodChoice lod = LodChoice::Auto;
    bool listSkipped = false;  // keep one warning per skipped object (the -v listing)
    // Called (CityJSON) with the file's CRS name as soon as its header is read,
    // before its objects: the import looks the name up in PROJ's database on
    // another core meanwhile. The CityGML plugin ABI reads the two above only.
    std::function<void(const std::string& crs)> onCrs;
    // CityJSON: threads that read the CityObjects (0 = one per core); the
    // model and messages are the same for any count.
    unsigned threads = 1;
};

// CityGML 1.0 / 2.0 through libcitygml (tessellating, optimize = true).
Result<SourceModel> readCityGml(const std::string& path, const ReadOptions& options);

// CityJSON 1.1 / 2.0 (transform quantisation, parents/children, LoD strings).
Result<SourceModel> readCityJson(const std::string& path, const ReadOptions& options);
// Same from memory; `name` is used in messages (fuzzing and tests use this).
Result<SourceModel> readCityJsonBuffer(std::string_view json, const std::string& name,
                                       const ReadOptions& options);

// Picks the reader by content sniffing (XML vs JSON), not by file extension.
Result<SourceModel> readCityFile(const std::string& path, const ReadOptions& options);

}  // namespace places::city
