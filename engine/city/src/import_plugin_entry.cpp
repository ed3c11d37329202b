// libplaces_import.so: runImportPipeline behind a C entry point (see
// import_plugin.cpp for why the places program calls it through a plugin).
#include <exception>
#include <string>

#include "import_plugin_abi.hpp"

extern "C" void places_import_run_v2(const places::city::ImportRequest* request, places::ProgressSink* progress,
                                     places::city::ImportReport* report) {
    try {
        *report = places::city::runImportPipeline(*request, *progress);
    } catch (const std::exception& e) {  // e.g. bad_alloc: reported, never thrown across dlopen
        report->ok = false;
        report->exitCode = 1;
        report->diagnostics.error({request->inputs.empty() ? std::string() : request->inputs.front()},
                                  std::string("import failed: ") + e.what());
    }
}
