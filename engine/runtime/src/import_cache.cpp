#include "places/runtime/import_cache.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <unistd.h>

#include "places/city/import.hpp"
#include "places/core/version.hpp"

namespace places::runtime {

namespace fs = std::filesystem;

namespace {

fs::path cacheFolder(const std::vector<std::string>& inputs) {
    if (const char* dir = std::getenv("PLACES_IMPORT_CACHE"); dir && *dir) return fs::path(dir);
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "places" / "imports";
    if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "places" / "imports";
    return fs::absolute(inputs.front()).parent_path() / ".places-cache";
}

}  // namespace

std::uint64_t cacheHash(std::string_view text, std::uint64_t seed) {
    std::uint64_t h = seed;
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ull;
    }
    return h;
}

std::string importCacheKey(const std::vector<std::string>& inputs, const std::optional<city::GeoReference>& origin,
                           const ImportCacheOptions& options) {
    std::ostringstream key;
    key.precision(17);
    key << "places " << kVersion << " tiling " << kTilingRevision << "\n";
    // Appended only when it differs from the default, so the keys of the
    // packs already cached (all with derived ground) stay valid.
    if (!options.deriveGround) key << "no ground\n";
    for (const std::string& input : inputs) {
        std::error_code ec;
        const fs::path path = fs::weakly_canonical(fs::absolute(input), ec);
        const auto size = fs::file_size(path, ec);
        const auto mtime = fs::last_write_time(path, ec).time_since_epoch().count();
        key << path.string() << "\t" << (ec ? 0 : size) << "\t" << (ec ? 0 : mtime) << "\n";
    }
    if (origin) key << origin->crs << "\t" << origin->origin.x << "\t" << origin->origin.y << "\t" << origin->origin.z;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(cacheHash(key.str())));
    return hex;
}

Result<CachedImport> importCached(const std::vector<std::string>& inputs,
                                  const std::optional<city::GeoReference>& origin, const ImportCacheOptions& options) {
    Result<CachedImport> result;
    const fs::path folder = cacheFolder(inputs);
    const fs::path pack = folder / (importCacheKey(inputs, origin, options) + ".places");
    std::error_code ec;
    if (fs::is_regular_file(pack, ec)) {
        result.value = CachedImport{pack.string(), true};
        return result;
    }
    fs::create_directories(folder, ec);
    if (ec) {
        result.diagnostics.error({folder.string()}, "cannot create the import cache folder: " + ec.message() +
                                                        " (set PLACES_IMPORT_CACHE to a writable folder)");
        return result;
    }
    const fs::path temporary = pack.string() + ".tmp" + std::to_string(::getpid());
    city::ImportRequest request;
    request.inputs = inputs;
    request.output = temporary.string();
    request.ground.derive = options.deriveGround;
    if (origin) {
        request.assemble.origin = origin->origin;
        request.assemble.originCrs = origin->crs;
    }
    NullProgress progress;
    city::ImportReport report = city::runImport(request, progress);
    result.diagnostics.append(report.diagnostics);
    if (!report.ok) {
        fs::remove(temporary, ec);
        if (!result.diagnostics.hasErrors()) result.diagnostics.error({inputs.front()}, "import failed");
        return result;
    }
    fs::rename(temporary, pack, ec);
    if (ec) {
        fs::remove(temporary, ec);
        result.diagnostics.error({pack.string()}, "cannot store the imported pack: " + ec.message());
        return result;
    }
    result.value = CachedImport{pack.string(), false};
    return result;
}

}  // namespace places::runtime
