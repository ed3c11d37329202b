#include "scene_paths.hpp"

#include <algorithm>
#include <array>

namespace places::scenes::detail {

namespace {

namespace fs = std::filesystem;

constexpr const char* kRule = "files named in a scene resolve inside its folder or the assets folder beside it";

// Whether `path` is `root` or below it, compared element by element (both
// absolute and normal; "/a/bc" is not below "/a/b").
bool within(const fs::path& path, const fs::path& root) {
    auto r = root.begin(), p = path.begin();
    for (; r != root.end(); ++r, ++p) {
        if (r->empty()) continue;  // a trailing separator
        if (p == path.end() || *p != *r) return false;
    }
    return true;
}

std::array<fs::path, 2> roots(const fs::path& sceneFolder) {
    const fs::path folder = fs::absolute(sceneFolder.empty() ? fs::path(".") : sceneFolder).lexically_normal();
    return {folder, (folder / ".." / "assets").lexically_normal()};
}

bool withinAny(const fs::path& path, const std::array<fs::path, 2>& rootList) {
    return std::any_of(rootList.begin(), rootList.end(), [&](const fs::path& root) { return within(path, root); });
}

}  // namespace

ScenePath resolveScenePath(const std::string& written, const fs::path& sceneFolder) {
    ScenePath out;
    const fs::path given(written);
    if (given.is_absolute()) {
        out.error = "absolute path refused: " + written + " (" + kRule + ")";
        return out;
    }
    // Lexically first, so that a refused path says nothing about whether the
    // file it names exists.
    const auto lexicalRoots = roots(sceneFolder);
    const fs::path lexical = (lexicalRoots[0] / given).lexically_normal();
    if (!withinAny(lexical, lexicalRoots)) {
        out.error = "path leads outside the scene's folder: " + written + " (" + kRule + ")";
        return out;
    }
    const fs::path resolved = sceneFolder / given;
    std::error_code ec;
    if (!fs::is_regular_file(resolved, ec)) {
        out.error = "file not found: " + written;
        return out;
    }
    // Symbolic links (of the file or of a folder on the way) must stay inside too.
    std::array<fs::path, 2> realRoots;
    for (std::size_t i = 0; i < realRoots.size(); ++i) realRoots[i] = fs::weakly_canonical(lexicalRoots[i], ec);
    const fs::path real = fs::canonical(resolved, ec);
    if (ec || !withinAny(real, realRoots)) {
        out.error = "symbolic link leads outside the scene's folder: " + written + " (" + kRule + ")";
        return out;
    }
    out.path = resolved.lexically_normal().string();
    return out;
}

}  // namespace places::scenes::detail
