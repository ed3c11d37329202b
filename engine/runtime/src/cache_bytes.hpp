#pragma once
// Pieces shared by the on-disk caches of places::runtime (asset_cache.cpp,
// font_cache.cpp): little-endian field-by-field writing and bounds-checked
// reading of their entries, the folder they live in, and the atomic replace
// of an entry. Private to the module (src/, not include/).
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unistd.h>
#include <vector>

#include <glm/glm.hpp>

#include "places/assets/pixel_bytes.hpp"
#include "places/core/huge_pages.hpp"

namespace places::runtime::cache_bytes {

// Little endian, field by field: the value of each word is assembled from its
// bytes, so the file means the same on every host. Arrays of 32-bit words
// (positions, normals, uvs, indices) are copied whole on little-endian hosts,
// where that gives the same bytes, and word by word elsewhere.
template <class T>
constexpr bool kWordArray = std::is_trivially_copyable_v<T> && sizeof(T) % 4 == 0 && alignof(T) == 4;
static_assert(sizeof(glm::vec2) == 8 && sizeof(glm::vec3) == 12 && sizeof(glm::vec4) == 16);

class Writer {
public:
    // Room for `n` bytes before the first write: an asset entry is tens of MB,
    // and growing the string by doubling copied it and faulted in fresh pages
    // several times over (encodeAssetCacheEntry was ~10 % of an empty-cache
    // `places render`). Huge pages as for the decoded arrays (huge_pages.hpp).
    void reserve(std::size_t n) {
        bytes_.reserve(n);
        adviseHugePages(bytes_.data(), n);
    }
    void u8(std::uint8_t v) { bytes_.push_back(static_cast<char>(v)); }
    void u32(std::uint32_t v) {
        for (int shift = 0; shift < 32; shift += 8) bytes_.push_back(static_cast<char>((v >> shift) & 0xffu));
    }
    void u64(std::uint64_t v) {
        u32(static_cast<std::uint32_t>(v));
        u32(static_cast<std::uint32_t>(v >> 32));
    }
    void i32(std::int32_t v) { u32(static_cast<std::uint32_t>(v)); }
    void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
    void f32(float v) { u32(std::bit_cast<std::uint32_t>(v)); }
    template <glm::length_t N>
    void vec(const glm::vec<N, float>& v) {
        for (glm::length_t i = 0; i < N; ++i) f32(v[i]);
    }
    void mat4(const glm::mat4& m) {  // column major
        for (glm::length_t c = 0; c < 4; ++c) vec(m[c]);
    }
    void str(const std::string& s) {
        u32(static_cast<std::uint32_t>(s.size()));
        bytes_.append(s);
    }
    // u32 count, then the elements' 32-bit words.
    template <class T>
    void words(const std::vector<T>& v) {
        static_assert(kWordArray<T>);
        u32(static_cast<std::uint32_t>(v.size()));
        if constexpr (std::endian::native == std::endian::little) {
            bytes_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
        } else {
            for (const T& element : v) {
                std::uint32_t w[sizeof(T) / 4];
                std::memcpy(w, &element, sizeof(T));
                for (std::uint32_t word : w) u32(word);
            }
        }
    }
    void bytes(std::span<const std::uint8_t> v) {
        u32(static_cast<std::uint32_t>(v.size()));
        bytes_.append(reinterpret_cast<const char*>(v.data()), v.size());
    }
    std::string take() { return std::move(bytes_); }

private:
    std::string bytes_;
};

// Every read is bounds-checked; after the first failure all reads fail (and
// return zeros), so callers check ok() once per record.
class Reader {
public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}
    bool ok() const { return ok_; }
    bool atEnd() const { return offset_ == bytes_.size(); }

    std::uint8_t u8() { return take(1) ? static_cast<std::uint8_t>(bytes_[offset_ - 1]) : 0; }
    std::uint32_t u32() {
        if (!take(4)) return 0;
        return word(bytes_.data() + offset_ - 4);
    }
    std::uint64_t u64() {
        const std::uint64_t low = u32();
        return low | (std::uint64_t{u32()} << 32);
    }
    std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
    std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
    float f32() { return std::bit_cast<float>(u32()); }
    template <glm::length_t N>
    glm::vec<N, float> vec() {
        glm::vec<N, float> v;
        for (glm::length_t i = 0; i < N; ++i) v[i] = f32();
        return v;
    }
    glm::mat4 mat4() {
        glm::mat4 m;
        for (glm::length_t c = 0; c < 4; ++c) m[c] = vec<4>();
        return m;
    }
    std::string str() {
        const auto n = u32();
        if (!take(n)) return {};
        return std::string(bytes_.substr(offset_ - n, n));
    }
    template <class T>
    std::vector<T> words() {
        static_assert(kWordArray<T>);
        const char* source = array(sizeof(T));
        if (!source) return {};
        std::vector<T> v;
        v.reserve(count_);
        adviseHugePages(v.data(), count_ * sizeof(T));  // before the first write (huge_pages.hpp)
        v.resize(count_);
        if constexpr (std::endian::native == std::endian::little) {
            if (count_ != 0) std::memcpy(v.data(), source, count_ * sizeof(T));  // data() may be null when empty
        } else {
            for (std::size_t i = 0; i < count_; ++i) {
                std::uint32_t w[sizeof(T) / 4];
                for (std::size_t k = 0; k < sizeof(T) / 4; ++k) w[k] = word(source + (i * sizeof(T) + k * 4));
                std::memcpy(&v[i], w, sizeof(T));
            }
        }
        return v;
    }
    std::vector<std::uint8_t> bytes() {
        const char* source = array(1);
        if (!source) return {};
        // Pixels (tens of MB): copied once, not zero-filled first, into huge
        // pages where the kernel allows (a fault per 2 MiB, not per 4 KiB).
        return copyIntoAdvisedVector(reinterpret_cast<const std::uint8_t*>(source), count_);
    }
    // The same bytes as pixels: borrowed from the entry when `keepAlive` holds
    // it (assets::PixelBytes), else copied.
    assets::PixelBytes pixels(const std::shared_ptr<const void>& keepAlive) {
        if (!keepAlive) return bytes();
        const char* source = array(1);
        if (!source) return {};
        return assets::PixelBytes::borrow({reinterpret_cast<const std::uint8_t*>(source), count_}, keepAlive);
    }
    // A count of records each at least `minBytes` long: rejects counts the rest cannot hold.
    std::uint32_t count(std::size_t minBytes) {
        const auto n = u32();
        if (ok_ && std::size_t{n} > (bytes_.size() - offset_) / minBytes) ok_ = false;
        return ok_ ? n : 0;
    }

private:
    static std::uint32_t word(const char* p) {
        std::uint32_t v = 0;
        for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(p[i]);
        return v;
    }
    // A u32 element count, then count * elementSize bytes: their start, or
    // nullptr (and !ok) when they do not fit.
    const char* array(std::size_t elementSize) {
        const auto n = u32();
        if (!ok_ || std::size_t{n} > (bytes_.size() - offset_) / elementSize) {
            ok_ = false;
            return nullptr;
        }
        count_ = n;
        take(n * elementSize);
        return bytes_.data() + offset_ - n * elementSize;
    }
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
    std::size_t count_ = 0;  // of the last array()
    bool ok_ = true;
};

inline std::filesystem::path cacheFolder() {
    if (const char* dir = std::getenv("PLACES_IMPORT_CACHE"); dir && *dir)
        return std::filesystem::path(dir).parent_path() / "assets-cache";
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "places" / "assets";
    if (const char* home = std::getenv("HOME"); home && *home) return std::filesystem::path(home) / ".cache" / "places" / "assets";
    return {};
}

// Writes `bytes` to a unique temporary name beside `path` and renames it into
// place, so a concurrent reader sees the old entry or the new one, never half.
// Failures are silent: a cache that cannot be written only costs time.
inline void replaceFile(const std::filesystem::path& path, const std::string& bytes) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    const std::filesystem::path temporary = path.string() + ".tmp" + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out) {
            out.close();
            std::filesystem::remove(temporary, ec);
            return;
        }
    }
    std::filesystem::rename(temporary, path, ec);
    if (ec) std::filesystem::remove(temporary, ec);
}

}  // namespace places::runtime::cache_bytes
