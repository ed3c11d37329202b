// readCityGml: loads the CityGML reader plugin on first use and calls it.
//
// Why a plugin: Debian's libcitygml links GDAL, which pulls in 118 shared
// libraries; linked into `places`, every start of every command (render, info,
// relay, ...) paid ~28 ms in the dynamic loader for a reader only `import` and
// a scene's first import need. dlopen defers that cost to the first CityGML
// file actually read. The plugin is never unloaded (libcitygml keeps global
// xerces state).
#include <dlfcn.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "citygml_plugin_abi.hpp"
#include "places/city/assemble.hpp"
#include "places/city/readers.hpp"

namespace places::city {

namespace {

namespace fs = std::filesystem;

std::string executableDirectory() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : exe.parent_path().string();
}

// Where the plugin may live, in order: $PLACES_PLUGIN_DIR (packagers, tests of
// a relocated build), beside the program, ../lib/places from the program (an
// installed layout), and the build tree this library was compiled in.
std::vector<fs::path> pluginCandidates() {
    std::vector<fs::path> dirs;
    if (const char* dir = std::getenv("PLACES_PLUGIN_DIR"); dir && *dir) dirs.emplace_back(dir);
    if (const std::string exe = executableDirectory(); !exe.empty()) {
        dirs.emplace_back(exe);
        dirs.emplace_back(fs::path(exe) / ".." / "lib" / "places");
    }
    dirs.emplace_back(PLACES_PLUGIN_BUILD_DIR);
    std::vector<fs::path> files;
    for (const fs::path& dir : dirs) files.push_back(dir / detail::kCityGmlPluginFile);
    return files;
}

struct LoadedPlugin {
    PlacesCityGmlReadV1 read = nullptr;
    std::string error;  // why it could not be loaded (all places tried)
};

LoadedPlugin loadPlugin() {
    LoadedPlugin plugin;
    std::string tried;
    for (const fs::path& file : pluginCandidates()) {
        std::error_code ec;
        if (!fs::exists(file, ec)) {
            tried += "\n  " + file.string() + ": not there";
            continue;
        }
        void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            const char* why = dlerror();
            tried += "\n  " + file.string() + ": " + (why ? why : "dlopen failed");
            continue;
        }
        void* symbol = dlsym(handle, detail::kCityGmlPluginSymbol);
        if (!symbol) {
            tried += "\n  " + file.string() + ": no " + detail::kCityGmlPluginSymbol + " (stale plugin?)";
            dlclose(handle);
            continue;
        }
        plugin.read = reinterpret_cast<PlacesCityGmlReadV1>(symbol);
        return plugin;
    }
    plugin.error = std::string("CityGML support is not available: cannot load ") + detail::kCityGmlPluginFile +
                   " (set PLACES_PLUGIN_DIR to its folder); tried:" + tried;
    return plugin;
}

const LoadedPlugin& plugin() {
    static const LoadedPlugin loaded = loadPlugin();  // thread-safe, once per process
    return loaded;
}

}  // namespace

Result<SourceModel> readCityGml(const std::string& path, const ReadOptions& options) {
    Result<SourceModel> result;
    const LoadedPlugin& reader = plugin();
    if (!reader.read) {
        result.diagnostics.error({path}, reader.error);
        return result;
    }
    reader.read(&path, &options, &result);
    if (result.value && !result.value->crsSource.empty()) {
        // Unknown names stay empty here; assembleCity reports them with crsSource.
        if (auto name = normaliseCrs(result.value->crsSource))
            result.value->crs =
                name->vertical.empty() ? name->horizontal : name->horizontal + "+" + name->vertical.substr(5);
    }
    return result;
}

}  // namespace places::city

// LeakSanitizer: ignore what libcitygml leaks when load() throws on malformed
// input (its xerces reader, its half-built model, and the logger forwarder
// that model holds). LSan asks the program, not a dlopen'ed library, so this
// lives in the loader that every CityGML-reading program links.
extern "C" const char* __lsan_default_suppressions() {
    return "leak:libcitygml.so\n"
           "leak:libxerces-c\n"
           "leak:places::city::detail::makeLibraryLogger\n";
}
