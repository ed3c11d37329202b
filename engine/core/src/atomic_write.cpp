#include "places/core/atomic_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace places {

namespace {

const char* kindOf(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISLNK(mode)) return "a symbolic link";
    return "not a regular file";
}

// mkstemp creates files 0600; outputs get what open(..., 0666) would give.
// The umask is read from /proc (Linux 4.7+), not by setting it and back:
// umask() is process-wide, and another thread could create a file in between.
mode_t defaultMode() {
    mode_t mask = 022;
    if (std::FILE* status = std::fopen("/proc/self/status", "r")) {
        char line[256];
        unsigned value = 0;
        while (std::fgets(line, sizeof line, status))
            if (std::sscanf(line, "Umask: %o", &value) == 1) {
                mask = static_cast<mode_t>(value);
                break;
            }
        std::fclose(status);
    }
    return 0666 & ~mask;
}

}  // namespace

bool checkReplaceable(const std::string& path, Diagnostics& diagnostics) {
    struct stat st{};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return true;
        diagnostics.error({path}, std::string("cannot check the output: ") + std::strerror(errno));
        return false;
    }
    if (S_ISREG(st.st_mode)) return true;
    diagnostics.error({path}, std::string("refusing to replace ") + kindOf(st.st_mode) +
                                  ": outputs replace only regular files");
    return false;
}

bool writeFileAtomically(const std::string& path, std::span<const std::byte> bytes, const std::string& what,
                         Diagnostics& diagnostics) {
    if (!checkReplaceable(path, diagnostics)) return false;
    std::string temporary = path + ".tmp.XXXXXX";
    const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
    if (fd < 0) {
        diagnostics.error({path}, "cannot write " + what + ": cannot create a temporary file beside it: " +
                                      std::strerror(errno));
        return false;
    }
    const auto fail = [&](const char* step, int error) {
        ::unlink(temporary.c_str());
        diagnostics.error({path}, "cannot write " + what + ": " + step + " " + temporary + ": " + std::strerror(error));
        return false;
    };
    const char* data = reinterpret_cast<const char*>(bytes.data());
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int error = n < 0 ? errno : EIO;
            ::close(fd);
            return fail("writing", error);
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    // Data on disk before the rename makes it visible: after a crash the
    // target is the old file or the whole new one.
    if (::fchmod(fd, defaultMode()) != 0 || ::fsync(fd) != 0) {
        const int error = errno;
        ::close(fd);
        return fail("flushing", error);
    }
    if (::close(fd) != 0) return fail("closing", errno);
    if (!checkReplaceable(path, diagnostics)) {  // the target changed while we wrote
        ::unlink(temporary.c_str());
        return false;
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) return fail("renaming", errno);
    return true;
}

}  // namespace places
