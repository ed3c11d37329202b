// runImport: runImportPipeline from libplaces_import.so.
//
// Why: the import pipeline needs PROJ (which brings curl, TIFF, SQLite and
// 30-odd more libraries: ~7.5 ms of dynamic loading at every start), the
// CityJSON parser, GLU and the pack writer's compressors. The places program
// links only what rendering, packs and the relay need and loads the import
// on the first import, so `places render`, `info` or `relay` start without it.
#include "import_plugin_abi.hpp"
#include "places/city/import.hpp"
#include "places/core/plugin.hpp"

namespace places::city {

ImportReport runImport(const ImportRequest& request, ProgressSink& progress) {
    ImportReport report;
    const PluginSymbol plugin = loadPluginSymbol(detail::kImportPluginFile, detail::kImportPluginSymbol);
    if (!plugin.address) {
        report.exitCode = 1;
        report.diagnostics.error({request.inputs.empty() ? std::string() : request.inputs.front()},
                                 "city import is not available: " + plugin.error);
        return report;
    }
    reinterpret_cast<PlacesImportRunV2>(plugin.address)(&request, &progress, &report);
    return report;
}

}  // namespace places::city
