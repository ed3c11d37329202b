#pragma once
// The CityGML reader's body over bytes already in memory: checks the XML
// envelope (xml_guard.hpp), then parses with libcitygml. Inside the plugin
// only; the CityGML fuzzer links it directly.
#include <string>
#include <string_view>

#include "places/city/readers.hpp"
#include "places/city/source_model.hpp"
#include "places/core/diagnostic.hpp"

namespace places::city::detail {

// `path` names the document in diagnostics; nothing is read from it.
Result<SourceModel> readCityGmlDocument(std::string_view bytes, const std::string& path, const ReadOptions& options);

}  // namespace places::city::detail
