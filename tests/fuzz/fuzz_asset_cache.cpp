// libFuzzer target for the venue asset cache reader (places/runtime/asset_cache.hpp):
// entries are read from disk, so any bytes must give either nullopt or a model
// whose every index the renderer follows is in range, and whose encoding
// decodes again to the same entry.
// Seeds: tests/fuzz/corpus/fuzz_asset_cache/ (places_runtime_tests "[.write-seed]").
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "places/runtime/asset_cache.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace places;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const auto entry = runtime::decodeAssetCacheEntry(bytes);
    if (!entry) return 0;
    const assets::AssetModel& m = entry->model;
    for (const assets::Mesh& mesh : m.meshes) {
        if (mesh.material >= m.materials.size()) __builtin_trap();
        for (std::uint32_t i : mesh.indices)
            if (i >= mesh.positions.size()) __builtin_trap();
        float previous = 0.0f;
        for (const assets::MeshLevel& level : mesh.levels) {
            if (level.indices.size() % 3 != 0 || level.geometricError < previous) __builtin_trap();
            previous = level.geometricError;
            for (std::uint32_t i : level.indices)
                if (i >= mesh.positions.size()) __builtin_trap();
        }
    }
    for (const assets::Image& image : m.images) {
        std::uint32_t w = image.width, h = image.height;
        if (image.rgba.size() != std::size_t{w} * h * 4) __builtin_trap();
        for (const assets::ImageLevel& mip : image.mips) {
            w = w > 1 ? w / 2 : 1;
            h = h > 1 ? h / 2 : 1;
            if (mip.width != w || mip.height != h || mip.rgba.size() != std::size_t{w} * h * 4) __builtin_trap();
        }
    }
    for (const assets::Material& material : m.materials)
        if (material.baseColorTexture >= std::int32_t(m.images.size())) __builtin_trap();
    for (const assets::MeshInstance& instance : m.instances)
        if (instance.mesh >= m.meshes.size()) __builtin_trap();
    // Encoding is canonical (flags written as 0/1, the reader takes any
    // non-zero byte as true): a decoded entry re-encodes to an entry that
    // decodes and re-encodes to itself.
    const std::string canonical = runtime::encodeAssetCacheEntry(*entry);
    const auto again = runtime::decodeAssetCacheEntry(canonical);
    if (!again || runtime::encodeAssetCacheEntry(*again) != canonical) __builtin_trap();
    return 0;
}
