#include "places/core/plugin.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <vector>

namespace places {

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> pluginFolders() {
    std::vector<fs::path> dirs;
    if (const char* dir = std::getenv("PLACES_PLUGIN_DIR"); dir && *dir) dirs.emplace_back(dir);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        dirs.push_back(exe.parent_path());
        dirs.push_back(exe.parent_path() / ".." / "lib" / "places");
    }
    dirs.emplace_back(PLACES_PLUGIN_BUILD_DIR);
    return dirs;
}

}  // namespace

PluginSymbol loadPluginSymbol(const std::string& fileName, const std::string& symbol) {
    static std::mutex mutex;
    static std::map<std::string, PluginSymbol> loaded;  // "file:symbol" -> result, also failures
    std::lock_guard lock(mutex);
    const std::string key = fileName + ":" + symbol;
    if (auto it = loaded.find(key); it != loaded.end()) return it->second;

    PluginSymbol result;
    std::string tried;
    for (const fs::path& dir : pluginFolders()) {
        const fs::path file = dir / fileName;
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
        if (void* address = dlsym(handle, symbol.c_str())) {
            result.address = address;
            break;
        }
        tried += "\n  " + file.string() + ": no " + symbol + " (a plugin from another build?)";
        dlclose(handle);
    }
    if (!result.address)
        result.error = "cannot load " + fileName + " (set PLACES_PLUGIN_DIR to its folder); tried:" + tried;
    loaded.emplace(key, result);
    return result;
}

}  // namespace places

// LeakSanitizer: ignore what libcitygml leaks when load() throws on malformed
// input (its xerces reader, its half-built model, and the logger forwarder
// that model holds). LSan asks the program, not a dlopen'ed library, for
// suppressions, and every program that may load the CityGML plugin links
// this file (the plugin loader); without LSan nothing calls it.
extern "C" const char* __lsan_default_suppressions() {
    return "leak:libcitygml.so\n"
           "leak:libxerces-c\n"
           "leak:places::city::detail::makeLibraryLogger\n";
}
