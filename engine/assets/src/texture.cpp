#include "texture.hpp"

#include <climits>
#include <cstring>
#include <memory>

#include <stb_image.h>

#include "places/assets/import.hpp"
#include "places/core/mapped_file.hpp"

namespace places::assets {

Image makeFallbackImage() {
    constexpr std::uint32_t kSize = 64, kSquare = 8;
    Image image;
    image.width = kSize;
    image.height = kSize;
    image.source = "fallback";
    image.fallback = true;
    std::vector<std::uint8_t> rgba(std::size_t{kSize} * kSize * 4);
    for (std::uint32_t y = 0; y < kSize; ++y) {
        for (std::uint32_t x = 0; x < kSize; ++x) {
            const bool magenta = ((x / kSquare) + (y / kSquare)) % 2 == 0;
            std::uint8_t* p = &rgba[(std::size_t{y} * kSize + x) * 4];
            p[0] = magenta ? 255 : 0;
            p[1] = 0;
            p[2] = magenta ? 255 : 0;
            p[3] = 255;
        }
    }
    image.rgba = std::move(rgba);
    return image;
}

namespace detail {

std::optional<Image> decodeImage(const unsigned char* data, std::size_t size, std::string source,
                                 std::string& error) {
    if (size == 0 || size > static_cast<std::size_t>(INT_MAX)) {
        error = size == 0 ? "empty image" : "image larger than 2 GiB";
        return std::nullopt;
    }
    int w = 0, h = 0, channels = 0;
    stbi_uc* pixels = stbi_load_from_memory(data, static_cast<int>(size), &w, &h, &channels, 4);
    if (pixels == nullptr) {
        const char* reason = stbi_failure_reason();
        error = std::string("cannot decode image: ") + (reason ? reason : "unknown format");
        return std::nullopt;
    }
    Image image;
    image.width = static_cast<std::uint32_t>(w);
    image.height = static_cast<std::uint32_t>(h);
    image.source = std::move(source);
    // The decoder's buffer becomes the image's pixels (freed with the last
    // owner), not copied into a vector: one fewer full copy per texture on a
    // first import.
    const std::shared_ptr<const void> owner(pixels, [](const void* p) { stbi_image_free(const_cast<void*>(p)); });
    image.rgba = PixelBytes::borrow({pixels, std::size_t{image.width} * image.height * 4}, owner);
    return image;
}

std::optional<Image> decodeImageFile(const std::string& path, std::string& error) {
    Result<MappedFile> file = MappedFile::open(path);
    if (!file.ok()) {
        error = "file not found or unreadable";
        return std::nullopt;
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(file->chars());
    return decodeImage(bytes, file->size(), path, error);
}

}  // namespace detail
}  // namespace places::assets
