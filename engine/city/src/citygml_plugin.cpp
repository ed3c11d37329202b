// readCityGml: loads the CityGML reader plugin on first use and calls it.
//
// Why a plugin: Debian's libcitygml links GDAL, which pulls in 118 shared
// libraries; linked into `places`, every start of every command (render, info,
// relay, ...) paid ~28 ms in the dynamic loader for a reader only `import` and
// a scene's first import need. dlopen defers that cost to the first CityGML
// file actually read. The plugin is never unloaded (libcitygml keeps global
// xerces state).
#include <string>

#include "citygml_plugin_abi.hpp"
#include "places/city/assemble.hpp"
#include "places/city/readers.hpp"
#include "places/core/plugin.hpp"

namespace places::city {

Result<SourceModel> readCityGml(const std::string& path, const ReadOptions& options) {
    Result<SourceModel> result;
    const PluginSymbol plugin = loadPluginSymbol(detail::kCityGmlPluginFile, detail::kCityGmlPluginSymbol);
    if (!plugin.address) {
        result.diagnostics.error({path}, "CityGML support is not available: " + plugin.error);
        return result;
    }
    reinterpret_cast<PlacesCityGmlReadV1>(plugin.address)(&path, &options, &result);
    if (result.value && !result.value->crsSource.empty()) {
        // Unknown names stay empty here; assembleCity reports them with crsSource.
        if (auto name = normaliseCrs(result.value->crsSource))
            result.value->crs =
                name->vertical.empty() ? name->horizontal : name->horizontal + "+" + name->vertical.substr(5);
    }
    return result;
}

}  // namespace places::city
