#include "places/core/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

namespace places {

Result<MappedFile> MappedFile::open(const std::string& path) {
    Result<MappedFile> result;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        result.diagnostics.error({path}, std::string("cannot open: ") + std::strerror(errno));
        return result;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        result.diagnostics.error({path}, "not a regular file");
        ::close(fd);
        return result;
    }
    MappedFile file;
    file.path_ = path;
    file.size_ = static_cast<std::size_t>(st.st_size);
    if (file.size_ > 0) {
        void* p = ::mmap(nullptr, file.size_, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            result.diagnostics.error({path}, std::string("cannot map: ") + std::strerror(errno));
            ::close(fd);
            return result;
        }
        file.data_ = static_cast<const std::byte*>(p);
    }
    ::close(fd);  // the mapping stays valid without the descriptor
    result.value = std::move(file);
    return result;
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      path_(std::move(other.path_)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
    if (this != &other) {
        if (data_) ::munmap(const_cast<std::byte*>(data_), size_);
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
        path_ = std::move(other.path_);
    }
    return *this;
}

MappedFile::~MappedFile() {
    if (data_) ::munmap(const_cast<std::byte*>(data_), size_);
}

void MappedFile::prefault() const {
#ifdef MADV_POPULATE_READ
    if (size_ != 0) ::madvise(const_cast<std::byte*>(data_), size_, MADV_POPULATE_READ);
#endif
}

Result<std::string> readTextFile(const std::string& path) {
    Result<std::string> result;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        result.diagnostics.error({path}, std::string("cannot open: ") + std::strerror(errno));
        return result;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    result.value = std::move(ss).str();
    return result;
}

}  // namespace places
