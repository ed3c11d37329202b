#pragma once
// Turns libcitygml's object tree into SourceObjects (plain data, file CRS).
#include <string>

#include "places/city/readers.hpp"
#include "places/city/source_model.hpp"
#include "places/core/diagnostic.hpp"

namespace citygml {
class CityModel;
}

namespace places::city::detail {

// Appends the objects of `cityModel` to `out.objects` and fills the counters
// of `out`. Skipped objects and polygons are counted in `diagnostics` (and
// listed as warnings when options.listSkipped).
void convertCityModel(const citygml::CityModel& cityModel, const std::string& path, const ReadOptions& options,
                      SourceModel& out, Diagnostics& diagnostics);

// The srsName of the model's envelope, else of the first object envelope or
// geometry that names one (files may declare it only there); empty when none.
std::string findSrsName(const citygml::CityModel& cityModel);

}  // namespace places::city::detail
