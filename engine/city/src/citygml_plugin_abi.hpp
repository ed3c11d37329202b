#pragma once
// The one entry point of libplaces_citygml.so, looked up by name with dlsym.
// C++ types cross the boundary: the plugin is built from this source tree with
// the same compiler and standard library as the program loading it, and the
// versioned name ("_v1") changes whenever this signature or the layout of
// ReadOptions / Result<SourceModel> changes in a way a stale plugin would
// misread. The function never throws.
#include <string>

#include "places/city/readers.hpp"
#include "places/city/source_model.hpp"
#include "places/core/diagnostic.hpp"

extern "C" {
using PlacesCityGmlReadV1 = void (*)(const std::string* path, const places::city::ReadOptions* options,
                                     places::Result<places::city::SourceModel>* result);
__attribute__((visibility("default"))) void places_citygml_read_v1(const std::string* path, const places::city::ReadOptions* options,
                            places::Result<places::city::SourceModel>* result);
}

namespace places::city::detail {
inline constexpr const char* kCityGmlPluginFile = "libplaces_citygml.so";
inline constexpr const char* kCityGmlPluginSymbol = "places_citygml_read_v1";
}  // namespace places::city::detail
