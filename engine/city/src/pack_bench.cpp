#include "places/city/pack_bench.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>

#include "places/city/pack.hpp"

namespace places::city {

namespace {

void forgetCachedPages(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;  // the open below reports the problem
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
}

}  // namespace

Result<PackLoadTiming> timePackLoad(const std::string& path, bool dropCache) {
    Result<PackLoadTiming> result;
    if (dropCache) forgetCachedPages(path);
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    auto pack = PackReader::open(path);
    const auto opened = Clock::now();
    result.diagnostics.append(pack.diagnostics);
    if (!pack) return result;
    PackLoadTiming timing;
    timing.fileBytes = pack->fileSize();
    for (std::size_t l = 0; l < pack->levelCount(); ++l) {
        auto view = pack->levelData(l);
        if (!view) {
            result.diagnostics.append(view.diagnostics);
            return result;
        }
        timing.rawGeometryBytes += view->vertexBytes.size() + view->indexBytes.size();
        timing.triangles += view->indexCount / 3;
    }
    const auto touched = Clock::now();
    timing.openSeconds = std::chrono::duration<double>(opened - start).count();
    timing.touchSeconds = std::chrono::duration<double>(touched - opened).count();
    result.value = timing;
    return result;
}

}  // namespace places::city
