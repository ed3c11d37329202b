#include "places/runtime/asset_cache.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <type_traits>
#include <unistd.h>

#include "places/runtime/import_cache.hpp"
#include "places/assets/import.hpp"
#include "places/core/mapped_file.hpp"
#include "places/core/version.hpp"

namespace places::runtime {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'P', 'L', 'A', 'S', 'S', 'E', 'T', '1'};
// 2: mesh levels and texture mip chains. Any other version is a miss (re-import).
constexpr std::uint32_t kFormatVersion = 2;

class Writer {
public:
    template <class T>
    void pod(const T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        bytes_.append(reinterpret_cast<const char*>(&value), sizeof(T));
    }
    void str(const std::string& s) {
        pod(static_cast<std::uint32_t>(s.size()));
        bytes_.append(s);
    }
    template <class T>
    void array(const std::vector<T>& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        pod(static_cast<std::uint32_t>(v.size()));
        bytes_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
    }
    std::string take() { return std::move(bytes_); }

private:
    std::string bytes_;
};

// Every read is bounds-checked; after the first failure all reads fail.
class Reader {
public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}
    bool ok() const { return ok_; }
    bool atEnd() const { return offset_ == bytes_.size(); }

    template <class T>
    T pod() {
        static_assert(std::is_trivially_copyable_v<T>);
        T value{};
        if (take(sizeof(T))) std::memcpy(&value, bytes_.data() + offset_ - sizeof(T), sizeof(T));
        return value;
    }
    std::string str() {
        const auto n = pod<std::uint32_t>();
        if (!take(n)) return {};
        return std::string(bytes_.substr(offset_ - n, n));
    }
    template <class T>
    std::vector<T> array() {
        const auto n = pod<std::uint32_t>();
        if (!ok_ || std::size_t{n} > (bytes_.size() - offset_) / sizeof(T)) {
            ok_ = false;
            return {};
        }
        take(n * sizeof(T));
        const char* source = bytes_.data() + offset_ - n * sizeof(T);
        if constexpr (sizeof(T) == 1) {
            // Pixels (tens of MB): copied once, not zero-filled first.
            const auto* first = reinterpret_cast<const T*>(source);
            return std::vector<T>(first, first + n);
        } else {
            std::vector<T> v(n);
            if (n != 0) std::memcpy(v.data(), source, n * sizeof(T));  // data() may be null when empty
            return v;
        }
    }
    // A count of records each at least `minBytes` long: rejects counts the rest cannot hold.
    std::uint32_t count(std::size_t minBytes) {
        const auto n = pod<std::uint32_t>();
        if (ok_ && std::size_t{n} > (bytes_.size() - offset_) / minBytes) ok_ = false;
        return ok_ ? n : 0;
    }

private:
    bool take(std::size_t n) {
        if (!ok_ || n > bytes_.size() - offset_) {
            ok_ = false;
            return false;
        }
        offset_ += n;
        return true;
    }
    std::string_view bytes_;
    std::size_t offset_ = 0;
    bool ok_ = true;
};

fs::path cacheFolder() {
    if (const char* dir = std::getenv("PLACES_IMPORT_CACHE"); dir && *dir)
        return fs::path(dir).parent_path() / "assets-cache";
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "places" / "assets";
    if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "places" / "assets";
    return {};
}

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

}  // namespace

std::string encodeAssetCacheEntry(const AssetCacheEntry& entry) {
    Writer w;
    for (char c : kMagic) w.pod(c);
    w.pod(kFormatVersion);
    w.pod(static_cast<std::uint32_t>(entry.dependencies.size()));
    for (const AssetDependency& d : entry.dependencies) {
        w.str(d.path);
        w.pod(d.size);
        w.pod(d.mtime);
    }
    const assets::AssetModel& m = entry.model;
    w.str(m.path);
    w.str(m.format);
    w.pod(static_cast<std::uint32_t>(m.meshes.size()));
    for (const assets::Mesh& mesh : m.meshes) {
        w.str(mesh.name);
        w.pod(mesh.material);
        w.pod(mesh.bounds.min);
        w.pod(mesh.bounds.max);
        w.array(mesh.positions);
        w.array(mesh.normals);
        w.array(mesh.uv0);
        w.array(mesh.indices);
        w.pod(static_cast<std::uint32_t>(mesh.levels.size()));
        for (const assets::MeshLevel& level : mesh.levels) {
            w.pod(level.geometricError);
            w.array(level.indices);
        }
    }
    w.pod(static_cast<std::uint32_t>(m.materials.size()));
    for (const assets::Material& mat : m.materials) {
        w.str(mat.name);
        w.pod(mat.baseColorFactor);
        w.pod(mat.baseColorTexture);
        w.pod(static_cast<std::uint8_t>(mat.alphaMode));
        w.pod(mat.alphaCutoff);
        w.pod(static_cast<std::uint8_t>(mat.doubleSided));
    }
    w.pod(static_cast<std::uint32_t>(m.images.size()));
    for (const assets::Image& image : m.images) {
        w.str(image.source);
        w.pod(static_cast<std::uint8_t>(image.fallback));
        w.pod(image.width);
        w.pod(image.height);
        w.array(image.rgba);
        w.pod(static_cast<std::uint32_t>(image.mips.size()));
        for (const assets::ImageLevel& mip : image.mips) {
            w.pod(mip.width);
            w.pod(mip.height);
            w.array(mip.rgba);
        }
    }
    w.pod(static_cast<std::uint32_t>(m.instances.size()));
    for (const assets::MeshInstance& instance : m.instances) {
        w.pod(instance.mesh);
        w.pod(instance.transform);
        w.str(instance.node);
    }
    w.pod(m.bounds.min);
    w.pod(m.bounds.max);
    return w.take();
}

std::optional<AssetCacheEntry> decodeAssetCacheEntry(std::string_view bytes) {
    Reader r(bytes);
    for (char c : kMagic)
        if (r.pod<char>() != c) return std::nullopt;
    if (r.pod<std::uint32_t>() != kFormatVersion || !r.ok()) return std::nullopt;
    AssetCacheEntry entry;
    const std::uint32_t deps = r.count(20);
    for (std::uint32_t i = 0; i < deps && r.ok(); ++i) {
        AssetDependency d;
        d.path = r.str();
        d.size = r.pod<std::uint64_t>();
        d.mtime = r.pod<std::int64_t>();
        entry.dependencies.push_back(std::move(d));
    }
    assets::AssetModel& m = entry.model;
    m.path = r.str();
    m.format = r.str();
    const std::uint32_t meshes = r.count(52);
    for (std::uint32_t i = 0; i < meshes && r.ok(); ++i) {
        assets::Mesh mesh;
        mesh.name = r.str();
        mesh.material = r.pod<std::uint32_t>();
        mesh.bounds.min = r.pod<glm::vec3>();
        mesh.bounds.max = r.pod<glm::vec3>();
        mesh.positions = r.array<glm::vec3>();
        mesh.normals = r.array<glm::vec3>();
        mesh.uv0 = r.array<glm::vec2>();
        mesh.indices = r.array<std::uint32_t>();
        const std::uint32_t levels = r.count(8);
        for (std::uint32_t l = 0; l < levels && r.ok(); ++l) {
            assets::MeshLevel level;
            level.geometricError = r.pod<float>();
            level.indices = r.array<std::uint32_t>();
            mesh.levels.push_back(std::move(level));
        }
        m.meshes.push_back(std::move(mesh));
    }
    const std::uint32_t materials = r.count(30);
    for (std::uint32_t i = 0; i < materials && r.ok(); ++i) {
        assets::Material mat;
        mat.name = r.str();
        mat.baseColorFactor = r.pod<glm::vec4>();
        mat.baseColorTexture = r.pod<std::int32_t>();
        const auto alpha = r.pod<std::uint8_t>();
        if (alpha > 2) return std::nullopt;
        mat.alphaMode = static_cast<assets::AlphaMode>(alpha);
        mat.alphaCutoff = r.pod<float>();
        mat.doubleSided = r.pod<std::uint8_t>() != 0;
        m.materials.push_back(std::move(mat));
    }
    const std::uint32_t images = r.count(21);
    for (std::uint32_t i = 0; i < images && r.ok(); ++i) {
        assets::Image image;
        image.source = r.str();
        image.fallback = r.pod<std::uint8_t>() != 0;
        image.width = r.pod<std::uint32_t>();
        image.height = r.pod<std::uint32_t>();
        image.rgba = r.array<std::uint8_t>();
        if (image.rgba.size() != std::size_t{image.width} * image.height * 4) return std::nullopt;
        const std::uint32_t mips = r.count(12);
        std::uint32_t w = image.width, h = image.height;
        for (std::uint32_t l = 0; l < mips && r.ok(); ++l) {
            assets::ImageLevel mip;
            mip.width = r.pod<std::uint32_t>();
            mip.height = r.pod<std::uint32_t>();
            mip.rgba = r.array<std::uint8_t>();
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
        instance.mesh = r.pod<std::uint32_t>();
        instance.transform = r.pod<glm::mat4>();
        instance.node = r.str();
        m.instances.push_back(std::move(instance));
    }
    m.bounds.min = r.pod<glm::vec3>();
    m.bounds.max = r.pod<glm::vec3>();
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
                  static_cast<unsigned long long>(cacheHash(canonical.string() + "\n" + kVersion)));
    const fs::path entryPath = folder / name;

    if (fs::is_regular_file(entryPath, ec)) {
        if (auto file = MappedFile::open(entryPath.string()); file.value) {
            if (auto entry = decodeAssetCacheEntry(std::string_view(file.value->chars(), file.value->size()));
                entry && stillValid(entry->dependencies)) {
                entry->model.path = path;  // as this caller named it
                if (hit) *hit = true;
                Result<assets::AssetModel> result;
                result.value = std::move(entry->model);
                return result;
            }
        }
    }

    Result<assets::AssetModel> imported = assets::importAsset(path);
    const bool clean = imported.value && imported.diagnostics.items().empty() && imported.diagnostics.counters().empty();
    if (!clean) return imported;
    AssetCacheEntry entry{dependenciesOf(canonical, *imported.value), std::move(*imported.value)};
    const std::string bytes = encodeAssetCacheEntry(entry);
    imported.value = std::move(entry.model);
    fs::create_directories(folder, ec);
    const fs::path temporary = entryPath.string() + ".tmp" + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out) {
            out.close();
            fs::remove(temporary, ec);
            return imported;
        }
    }
    fs::rename(temporary, entryPath, ec);
    if (ec) fs::remove(temporary, ec);
    return imported;
}

}  // namespace places::runtime
