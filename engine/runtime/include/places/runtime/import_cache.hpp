#pragma once
// The import cache: raw CityGML/CityJSON inputs named by a scene file (or
// given to `places render`/`places view` directly) are imported once into a
// `.places` pack and reused while the inputs are unchanged.
//
// Where: $PLACES_IMPORT_CACHE if set, else $XDG_CACHE_HOME/places/imports,
// else ~/.cache/places/imports (the XDG default), else a `.places-cache` folder
// next to the first input. Not next to the scene by default: scene folders
// are often read-only (installed) or shared in version control.
//
// Key: FNV-1a 64 of the canonical absolute input paths with their sizes and
// modification times (ns), the requested origin and CRS, the import options
// (ImportCacheOptions: derived ground or not), the Places version and the
// tiling revision (kTilingRevision: a new importer may produce different
// packs). Any edit, touch,
// move or replacement of an input gives a new key; stale entries are simply
// never read again (delete the folder to reclaim space).
//
// Concurrency: a pack is written to a unique temporary name in the cache folder
// and renamed into place, so concurrent processes never see a half-written
// pack; two racing imports both succeed and one rename wins.
#include <optional>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "places/city/city_model.hpp"
#include "places/core/diagnostic.hpp"

namespace places::runtime {

struct CachedImport {
    std::string packPath;
    bool hit = false;  // false: imported now
};

// Part of every key: bumped whenever the import or the tiler makes different
// packs from the same files (the version number changes only at releases), so
// a cached pack of an older importer is imported again instead of silently
// reused. The test "the import cache's tiling revision changes with what the
// import makes" records what a pack of a bundled tile holds at each revision
// and fails when the import makes another pack under the same revision.
// 2: merged levels keep every building (issue #13).
// 3: pack format 3.0 (planes encoding; readers refuse older packs).
// 4: terrain in 3.0 packs (derived ground, relief; issue #13).
// 5: derived ground leaves out open land (circumradius over 60 m).
inline constexpr int kTilingRevision = 5;

// What else decides the pack an import makes (part of the key): an import
// without derived ground (`places import --no-ground`) is another pack.
struct ImportCacheOptions {
    bool deriveGround = true;
};

// `origin`: the scene's origin (nullopt: automatic, the city's centre at its lowest point).
Result<CachedImport> importCached(const std::vector<std::string>& inputs,
                                  const std::optional<city::GeoReference>& origin,
                                  const ImportCacheOptions& options = {});

// FNV-1a 64 (the key hash of this cache and the asset cache; not cryptographic:
// keys are never trusted, entries are validated when read). `seed`: the hash
// of the text before this one, so a key over a large part (the font's 760 kB)
// and a small one is hashed without concatenating them first:
// cacheHash(b, cacheHash(a)) == cacheHash(a + b).
inline constexpr std::uint64_t kCacheHashSeed = 0xcbf29ce484222325ull;
std::uint64_t cacheHash(std::string_view text, std::uint64_t seed = kCacheHashSeed);

// The cache key of these inputs as hex (for tests and messages).
std::string importCacheKey(const std::vector<std::string>& inputs, const std::optional<city::GeoReference>& origin,
                           const ImportCacheOptions& options = {});

}  // namespace places::runtime
