#pragma once
// The RGBA8 bytes of an image or mip level, owned or borrowed.
//
// Owned: a vector filled by a mip filter, an importer or a test. Borrowed: a
// read-only range inside memory that `keepAlive` holds: an asset cache entry's
// mapping (runtime/asset_cache.hpp), so a cached texture goes from the page
// cache straight into the upload's staging buffer; or stb_image's decoded
// buffer, freed with its last user instead of copied. Copying the cache's 33 MB
// of festival textures into fresh vectors first was ~9 % of a warm
// `places render` (the copy, and zeroing the huge pages it wrote to).
//
// Reading is the same either way. Writing goes through vector(), which turns
// borrowed bytes into owned ones first (a copy), so code that builds pixels
// keeps working on a std::vector.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

namespace places::assets {

class PixelBytes {
public:
    PixelBytes() = default;
    // Implicit: a decoded vector is a PixelBytes that owns its bytes.
    PixelBytes(std::vector<std::uint8_t> owned) : owned_(std::move(owned)) {}

    // `bytes` stay valid and unchanged while `keepAlive` lives (a shared
    // mapping of a file that is replaced by rename, never rewritten in place;
    // a decoder's buffer that nothing else writes).
    static PixelBytes borrow(std::span<const std::uint8_t> bytes, std::shared_ptr<const void> keepAlive) {
        PixelBytes p;
        p.borrowed_ = bytes;
        p.keepAlive_ = std::move(keepAlive);
        return p;
    }

    bool borrowed() const { return keepAlive_ != nullptr; }
    std::span<const std::uint8_t> span() const { return borrowed() ? borrowed_ : std::span(owned_); }
    const std::uint8_t* data() const { return span().data(); }
    std::size_t size() const { return span().size(); }
    bool empty() const { return size() == 0; }
    const std::uint8_t& operator[](std::size_t i) const { return span()[i]; }
    const std::uint8_t* begin() const { return data(); }
    const std::uint8_t* end() const { return data() + size(); }

    // The owned vector, for writing; borrowed bytes are copied into it first.
    std::vector<std::uint8_t>& vector() {
        if (borrowed()) {
            owned_.assign(borrowed_.begin(), borrowed_.end());
            borrowed_ = {};
            keepAlive_.reset();
        }
        return owned_;
    }

    friend bool operator==(const PixelBytes& a, const PixelBytes& b) {
        return std::ranges::equal(a.span(), b.span());
    }

private:
    std::vector<std::uint8_t> owned_;
    std::span<const std::uint8_t> borrowed_;
    std::shared_ptr<const void> keepAlive_;  // non-null exactly when borrowed
};

}  // namespace places::assets
