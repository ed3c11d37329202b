#pragma once
// The venue asset cache: a decoded AssetModel (meshes with their coarser
// detail levels, materials, RGBA8 base-colour textures with their full mip
// chains, instances) stored as one binary file, so a second `places render` of
// a scene skips Assimp, Draco, PNG/JPEG decoding, mesh simplification and mip
// building: the renderer copies the prepared levels straight into its uploads.
//
// Where: next to the import cache, in the sibling folder `assets` of it
// ($PLACES_IMPORT_CACHE/../assets-cache when that is set, else
// $XDG_CACHE_HOME/places/assets or ~/.cache/places/assets).
//
// Key: FNV-1a 64 of the canonical absolute asset path and the Places version.
// Validity: the entry lists every file the import read (the asset, its
// external textures, a .gltf's .bin buffers, an .obj's .mtl files) with size
// and modification time (ns); any change makes it a miss and the asset is
// imported again. Imports with a warning/error, or with a counted missing
// texture (a file the dependency list cannot watch for), are not stored, so
// they warn on every run until fixed. Other counters (an approximated
// KHR_materials_sheen, a skipped non-triangle face: facts of the files
// themselves) are stored with the entry and counted again on every hit: the
// velvet sofa and the sheen chair would otherwise be re-imported (Draco, PNG
// decoding, simplification) on every start.
//
// File layout (private to this cache; a reader rejects any other
// magic/version and the caller re-imports). Every number is little endian,
// encoded and decoded field by field (not as host structs), so an entry means
// the same on any host; tests/runtime/asset_cache_test.cpp pins the bytes.
//   "PLASSET1"  u32 version (= 3; 2 had no counters, 1 no mesh levels and no mips)
//   u32 dependencyCount, then per file: str path, u64 size, i64 mtime
//   u32 counterCount, then per counter: str reason, u64 count
//   str path, str format
//   u32 meshCount, per mesh: str name, u32 material, vec3 boundsMin/Max,
//       u32 n + n vec3 positions, u32 n + n vec3 normals, u32 n + n vec2 uv0,
//       u32 n + n u32 indices,
//       u32 levelCount, per level (fine -> coarse): f32 geometricError,
//           u32 n + n u32 indices
//   u32 materialCount, per material: str name, vec4 baseColorFactor,
//       i32 baseColorTexture, u8 alphaMode, f32 alphaCutoff, u8 doubleSided
//   u32 imageCount, per image: str source, u8 fallback, u32 width, u32 height,
//       u32 n + n bytes RGBA8 (n = width*height*4),
//       u32 mipCount, per mip level 1..: u32 width, u32 height, u32 n + n bytes
//           (each level max(1, previous / 2) on both axes; mipCount 0 or down to 1x1)
//   u32 instanceCount, per instance: u32 mesh, 16 f32 transform (column major), str node
//   vec3 boundsMin, vec3 boundsMax
// where str = u32 byte count + bytes, vecN = N f32.
//
// Concurrency: written to a unique temporary name and renamed into place.
// A hit keeps the entry mapped while its textures live: their pixels borrow
// the mapping (assets::PixelBytes) rather than being copied out, which is
// safe because an entry is only ever replaced by rename, never rewritten.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "places/assets/asset_model.hpp"
#include "places/core/diagnostic.hpp"

namespace places::runtime {

// importAsset(path) through the cache. `hit` (optional) tells whether the
// cache answered. Cache failures (unwritable folder, corrupt entry) never
// fail the import: the asset is imported normally.
Result<assets::AssetModel> importAssetCached(const std::string& path, bool* hit = nullptr);

struct AssetDependency {
    std::string path;
    std::uint64_t size = 0;
    std::int64_t mtime = 0;  // ns since the file clock's epoch
    bool operator==(const AssetDependency&) const = default;
};

struct AssetCacheEntry {
    std::vector<AssetDependency> dependencies;
    std::map<std::string, std::uint64_t> counters;  // the import's Diagnostics::counters()
    assets::AssetModel model;
};

// The cache file's bytes, and back (exposed for tests). Decoding returns
// nullopt for anything that is not a complete entry of this version. With
// `keepAlive` the images' pixels borrow `bytes`, which it must keep valid and
// unchanged; without, they are copied.
std::string encodeAssetCacheEntry(const AssetCacheEntry& entry);
std::optional<AssetCacheEntry> decodeAssetCacheEntry(std::string_view bytes,
                                                     std::shared_ptr<const void> keepAlive = {});

}  // namespace places::runtime
