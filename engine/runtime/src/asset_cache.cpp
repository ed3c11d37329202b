#include "places/runtime/asset_cache.hpp"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <type_traits>
#include <unistd.h>

#include "cache_bytes.hpp"
#include "places/runtime/import_cache.hpp"
#include "places/assets/import.hpp"
#include "places/core/huge_pages.hpp"
#include "places/core/mapped_file.hpp"
#include "places/core/version.hpp"

namespace places::runtime {

namespace fs = std::filesystem;

namespace {

constexpr char kAssetCacheMagic[8] = {'P', 'L', 'A', 'S', 'S', 'E', 'T', '1'};
// 2: mesh levels and texture mip chains; 3: the import's counters. Any other
// version is a miss (re-import).
constexpr std::uint32_t kFormatVersion = 3;
// What the import makes of the same file: part of the entry name, so entries
// written by an older import are not found. "sheen": KHR_materials_sheen folded
// into the base colour (the velvet sofa was black).
constexpr const char* kImportRevision = "sheen";

using cache_bytes::cacheFolder;
using cache_bytes::Reader;
using cache_bytes::Writer;

std::optional<AssetDependency> describe(const fs::path& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) return std::nullopt;
    const auto mtime = fs::last_write_time(path, ec);
    if (ec) return std::nullopt;
    return AssetDependency{path.string(), size, static_cast<std::int64_t>(mtime.time_since_epoch().count())};
}

// The files an import of `asset` read: the asset, its external textures and,
// for the multi-file formats, the side files Assimp opens by name.
std::vector<AssetDependency> dependenciesOf(const fs::path& asset, const assets::AssetModel& model) {
    std::vector<AssetDependency> deps;
    if (auto d = describe(asset)) deps.push_back(*d);
    for (const assets::Image& image : model.images) {
        if (image.source.find('#') != std::string::npos || image.fallback) continue;  // embedded
        if (auto d = describe(fs::absolute(image.source))) deps.push_back(*d);
    }
    const std::string ext = asset.extension().string();
    if (ext != ".glb" && ext != ".GLB") {
        std::error_code ec;
        for (const auto& file : fs::directory_iterator(asset.parent_path(), ec)) {
            const std::string e = file.path().extension().string();
            if (e == ".bin" || e == ".mtl" || e == ".MTL")
                if (auto d = describe(file.path())) deps.push_back(*d);
        }
    }
    return deps;
}

bool stillValid(const std::vector<AssetDependency>& deps) {
    if (deps.empty()) return false;
    for (const AssetDependency& d : deps) {
        const auto now = describe(d.path);
        if (!now || !(*now == d)) return false;
    }
    return true;
}

// Whether an import may be answered from the cache next time (see the header):
// no warning or error, and no counted missing texture ("missing texture",
// "missing texture: refused path ..."), which adding the file would change.
bool storable(const Result<assets::AssetModel>& imported) {
    if (!imported.value || !imported.diagnostics.items().empty()) return false;
    for (const auto& [reason, n] : imported.diagnostics.counters())
        if (reason.starts_with("missing")) return false;
    return true;
}

// An upper bound of an entry's size: its arrays' bytes plus a generous
// allowance per record for counts, names and small fields.
std::size_t entrySizeBound(const AssetCacheEntry& entry) {
    constexpr std::size_t kPerRecord = 256;
    std::size_t n = 4096 + (entry.dependencies.size() + entry.counters.size()) * kPerRecord;
    for (const AssetDependency& d : entry.dependencies) n += d.path.size();
    for (const auto& [reason, count] : entry.counters) n += reason.size();
    const assets::AssetModel& m = entry.model;
    n += m.path.size() + m.format.size();
    for (const assets::Mesh& mesh : m.meshes) {
        n += kPerRecord + mesh.name.size() + mesh.positions.size() * sizeof(glm::vec3) +
             mesh.normals.size() * sizeof(glm::vec3) + mesh.uv0.size() * sizeof(glm::vec2) + mesh.indices.size() * 4;
        for (const assets::MeshLevel& level : mesh.levels) n += kPerRecord + level.indices.size() * 4;
    }
    for (const assets::Material& mat : m.materials) n += kPerRecord + mat.name.size();
    for (const assets::Image& image : m.images) {
        n += kPerRecord + image.source.size() + image.rgba.size();
        for (const assets::ImageLevel& mip : image.mips) n += kPerRecord + mip.rgba.size();
    }
    for (const assets::MeshInstance& instance : m.instances) n += kPerRecord + instance.node.size();
    return n;
}

}  // namespace

std::string encodeAssetCacheEntry(const AssetCacheEntry& entry) {
    Writer w;
    w.reserve(entrySizeBound(entry));
    for (char c : kAssetCacheMagic) w.u8(static_cast<std::uint8_t>(c));
    w.u32(kFormatVersion);
    w.u32(static_cast<std::uint32_t>(entry.dependencies.size()));
    for (const AssetDependency& d : entry.dependencies) {
        w.str(d.path);
        w.u64(d.size);
        w.i64(d.mtime);
    }
    w.u32(static_cast<std::uint32_t>(entry.counters.size()));
    for (const auto& [reason, n] : entry.counters) {
        w.str(reason);
        w.u64(n);
    }
    const assets::AssetModel& m = entry.model;
    w.str(m.path);
    w.str(m.format);
    w.u32(static_cast<std::uint32_t>(m.meshes.size()));
    for (const assets::Mesh& mesh : m.meshes) {
        w.str(mesh.name);
        w.u32(mesh.material);
        w.vec(mesh.bounds.min);
        w.vec(mesh.bounds.max);
        w.words(mesh.positions);
        w.words(mesh.normals);
        w.words(mesh.uv0);
        w.words(mesh.indices);
        w.u32(static_cast<std::uint32_t>(mesh.levels.size()));
        for (const assets::MeshLevel& level : mesh.levels) {
            w.f32(level.geometricError);
            w.words(level.indices);
        }
    }
    w.u32(static_cast<std::uint32_t>(m.materials.size()));
    for (const assets::Material& mat : m.materials) {
        w.str(mat.name);
        w.vec(mat.baseColorFactor);
        w.i32(mat.baseColorTexture);
        w.u8(static_cast<std::uint8_t>(mat.alphaMode));
        w.f32(mat.alphaCutoff);
        w.u8(static_cast<std::uint8_t>(mat.doubleSided));
    }
    w.u32(static_cast<std::uint32_t>(m.images.size()));
    for (const assets::Image& image : m.images) {
        w.str(image.source);
        w.u8(static_cast<std::uint8_t>(image.fallback));
        w.u32(image.width);
        w.u32(image.height);
        w.bytes(image.rgba);
        w.u32(static_cast<std::uint32_t>(image.mips.size()));
        for (const assets::ImageLevel& mip : image.mips) {
            w.u32(mip.width);
            w.u32(mip.height);
            w.bytes(mip.rgba);
        }
    }
    w.u32(static_cast<std::uint32_t>(m.instances.size()));
    for (const assets::MeshInstance& instance : m.instances) {
        w.u32(instance.mesh);
        w.mat4(instance.transform);
        w.str(instance.node);
    }
    w.vec(m.bounds.min);
    w.vec(m.bounds.max);
    return w.take();
}

std::optional<AssetCacheEntry> decodeAssetCacheEntry(std::string_view bytes, std::shared_ptr<const void> keepAlive) {
    Reader r(bytes);
    for (char c : kAssetCacheMagic)
        if (r.u8() != static_cast<std::uint8_t>(c)) return std::nullopt;
    if (r.u32() != kFormatVersion || !r.ok()) return std::nullopt;
    AssetCacheEntry entry;
    const std::uint32_t deps = r.count(20);
    for (std::uint32_t i = 0; i < deps && r.ok(); ++i) {
        AssetDependency d;
        d.path = r.str();
        d.size = r.u64();
        d.mtime = r.i64();
        entry.dependencies.push_back(std::move(d));
    }
    const std::uint32_t counters = r.count(12);
    for (std::uint32_t i = 0; i < counters && r.ok(); ++i) {
        std::string reason = r.str();
        entry.counters[std::move(reason)] = r.u64();
    }
    assets::AssetModel& m = entry.model;
    m.path = r.str();
    m.format = r.str();
    const std::uint32_t meshes = r.count(52);
    for (std::uint32_t i = 0; i < meshes && r.ok(); ++i) {
        assets::Mesh mesh;
        mesh.name = r.str();
        mesh.material = r.u32();
        mesh.bounds.min = r.vec<3>();
        mesh.bounds.max = r.vec<3>();
        mesh.positions = r.words<glm::vec3>();
        mesh.normals = r.words<glm::vec3>();
        mesh.uv0 = r.words<glm::vec2>();
        mesh.indices = r.words<std::uint32_t>();
        const std::uint32_t levels = r.count(8);
        for (std::uint32_t l = 0; l < levels && r.ok(); ++l) {
            assets::MeshLevel level;
            level.geometricError = r.f32();
            level.indices = r.words<std::uint32_t>();
            mesh.levels.push_back(std::move(level));
        }
        m.meshes.push_back(std::move(mesh));
    }
    const std::uint32_t materials = r.count(30);
    for (std::uint32_t i = 0; i < materials && r.ok(); ++i) {
        assets::Material mat;
        mat.name = r.str();
        mat.baseColorFactor = r.vec<4>();
        mat.baseColorTexture = r.i32();
        const auto alpha = r.u8();
        if (alpha > 2) return std::nullopt;
        mat.alphaMode = static_cast<assets::AlphaMode>(alpha);
        mat.alphaCutoff = r.f32();
        mat.doubleSided = r.u8() != 0;
        m.materials.push_back(std::move(mat));
    }
    const std::uint32_t images = r.count(21);
    for (std::uint32_t i = 0; i < images && r.ok(); ++i) {
        assets::Image image;
        image.source = r.str();
        image.fallback = r.u8() != 0;
        image.width = r.u32();
        image.height = r.u32();
        image.rgba = r.pixels(keepAlive);
        if (image.rgba.size() != std::size_t{image.width} * image.height * 4) return std::nullopt;
        const std::uint32_t mips = r.count(12);
        std::uint32_t w = image.width, h = image.height;
        for (std::uint32_t l = 0; l < mips && r.ok(); ++l) {
            assets::ImageLevel mip;
            mip.width = r.u32();
            mip.height = r.u32();
            mip.rgba = r.pixels(keepAlive);
            if (w == 1 && h == 1) return std::nullopt;  // nothing below 1x1
            w = std::max(1u, w / 2);
            h = std::max(1u, h / 2);
            if (mip.width != w || mip.height != h || mip.rgba.size() != std::size_t{w} * h * 4) return std::nullopt;
            image.mips.push_back(std::move(mip));
        }
        if (mips != 0 && (w != 1 || h != 1)) return std::nullopt;  // a chain stops at 1x1, never before
        m.images.push_back(std::move(image));
    }
    const std::uint32_t instances = r.count(72);
    for (std::uint32_t i = 0; i < instances && r.ok(); ++i) {
        assets::MeshInstance instance;
        instance.mesh = r.u32();
        instance.transform = r.mat4();
        instance.node = r.str();
        m.instances.push_back(std::move(instance));
    }
    m.bounds.min = r.vec<3>();
    m.bounds.max = r.vec<3>();
    if (!r.ok() || !r.atEnd()) return std::nullopt;
    // Indices the renderer follows must stay in range (a corrupt entry must not crash it).
    for (const assets::Mesh& mesh : m.meshes) {
        if (mesh.material >= m.materials.size() || mesh.normals.size() != mesh.positions.size() ||
            (!mesh.uv0.empty() && mesh.uv0.size() != mesh.positions.size()))
            return std::nullopt;
        for (std::uint32_t index : mesh.indices)
            if (index >= mesh.positions.size()) return std::nullopt;
        float previousError = 0.0f;  // levels run fine -> coarse: errors never decrease
        for (const assets::MeshLevel& level : mesh.levels) {
            if (level.indices.size() % 3 != 0 || !(level.geometricError >= previousError)) return std::nullopt;
            previousError = level.geometricError;
            for (std::uint32_t index : level.indices)
                if (index >= mesh.positions.size()) return std::nullopt;
        }
    }
    for (const assets::Material& mat : m.materials)
        if (mat.baseColorTexture >= std::int32_t(m.images.size())) return std::nullopt;
    for (const assets::MeshInstance& instance : m.instances)
        if (instance.mesh >= m.meshes.size()) return std::nullopt;
    return entry;
}

Result<assets::AssetModel> importAssetCached(const std::string& path, bool* hit) {
    if (hit) *hit = false;
    const fs::path folder = cacheFolder();
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(fs::absolute(path), ec);
    if (folder.empty() || ec) return assets::importAsset(path);
    char name[32];
    std::snprintf(name, sizeof name, "%016llx.asset",
                  static_cast<unsigned long long>(cacheHash(canonical.string() + "\n" + kVersion + "\n" + kImportRevision)));
    const fs::path entryPath = folder / name;

    if (fs::is_regular_file(entryPath, ec)) {
        if (auto file = MappedFile::open(entryPath.string()); file.value) {
            // Shared: the textures' pixels borrow the mapping (see the header).
            const auto mapping = std::make_shared<const MappedFile>(std::move(*file.value));
            mapping->prefault();  // every byte is read: meshes copied out below, texels by the upload
            if (auto entry = decodeAssetCacheEntry(std::string_view(mapping->chars(), mapping->size()), mapping);
                entry && stillValid(entry->dependencies)) {
                entry->model.path = path;  // as this caller named it
                if (hit) *hit = true;
                Result<assets::AssetModel> result;
                result.value = std::move(entry->model);
                for (const auto& [reason, n] : entry->counters) result.diagnostics.count(reason, n);
                return result;
            }
        }
    }

    Result<assets::AssetModel> imported = assets::importAsset(path);
    if (!storable(imported)) return imported;
    AssetCacheEntry entry{dependenciesOf(canonical, *imported.value), imported.diagnostics.counters(),
                          std::move(*imported.value)};
    const std::string bytes = encodeAssetCacheEntry(entry);
    imported.value = std::move(entry.model);
    cache_bytes::replaceFile(entryPath, bytes);
    return imported;
}

}  // namespace places::runtime
