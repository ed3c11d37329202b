#pragma once
// Read-only memory mapping of a whole file. Move-only; unmaps on destruction.
// Used where loading speed matters (city packs, large JSON), so the OS pages
// data in lazily instead of copying it through read().
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "places/core/diagnostic.hpp"

namespace places {

class MappedFile {
public:
    // Maps `path`; on failure the Result holds an error naming the file and errno text.
    static Result<MappedFile> open(const std::string& path);

    MappedFile() = default;
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    std::span<const std::byte> bytes() const { return {data_, size_}; }
    const char* chars() const { return reinterpret_cast<const char*>(data_); }
    std::size_t size() const { return size_; }
    const std::string& path() const { return path_; }
    // For a caller about to read every byte (an asset cache entry): maps the
    // whole file into the page table in one call instead of one fault per
    // 64 KiB read-around. Advice only; older kernels ignore it.
    void prefault() const;

private:
    const std::byte* data_ = nullptr;
    std::size_t size_ = 0;
    std::string path_;
};

// Reads a whole file into a string (for small text files such as scene files).
Result<std::string> readTextFile(const std::string& path);

}  // namespace places
