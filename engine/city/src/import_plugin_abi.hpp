#pragma once
// The entry point of libplaces_import.so (the whole import pipeline), looked
// up by name with dlsym. As for the CityGML plugin, C++ types cross the
// boundary (same source tree, compiler and standard library), and the "_vN"
// (v2: terrain in ImportRequest/ImportReport) changes with any change to this signature or to what the types hold that
// a stale plugin would misread. Never throws.
#include "places/city/import.hpp"

extern "C" {
using PlacesImportRunV2 = void (*)(const places::city::ImportRequest* request, places::ProgressSink* progress,
                                   places::city::ImportReport* report);
__attribute__((visibility("default"))) void places_import_run_v2(const places::city::ImportRequest* request,
                                                                 places::ProgressSink* progress,
                                                                 places::city::ImportReport* report);
}

namespace places::city::detail {
inline constexpr const char* kImportPluginFile = "libplaces_import.so";
inline constexpr const char* kImportPluginSymbol = "places_import_run_v2";
}  // namespace places::city::detail
