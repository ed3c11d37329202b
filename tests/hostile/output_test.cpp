// Hostile outputs (issue #12, item 5): only regular files are replaced, the
// GLB goes through a temporary file like the pack, and a failed write leaves
// neither temporary files nor truncated outputs and says why.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "hostile_inputs.hpp"
#include "places/core/atomic_write.hpp"
#include "run_places.hpp"

namespace {

namespace fs = std::filesystem;
using places::city::test::Run;
using places::city::test::runPlaces;
using places::city::test::tempPath;
using places::city::test::writeTemp;

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Files in `folder` whose name starts with `stem` (the outputs and any temporaries).
int filesStartingWith(const fs::path& folder, const std::string& stem) {
    int n = 0;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.path().filename().string().rfind(stem, 0) == 0) ++n;
    return n;
}

}  // namespace

TEST_CASE("outputs refuse to replace a device node, a directory or a symlink", "[hostile][output]") {
    const std::string input = writeTemp("out_box.gml", places::hostile::cityGmlBox());
    SECTION("-o /dev/full") {
        const Run run = runPlaces("import " + input + " -o /dev/full", 20);
        INFO(run.output);
        CHECK(run.exitCode == 2);
        CHECK(run.output.find("/dev/full: error: refusing to replace a character device") != std::string::npos);
        struct stat st{};
        REQUIRE(::lstat("/dev/full", &st) == 0);
        CHECK(S_ISCHR(st.st_mode));
        CHECK_FALSE(fs::exists("/dev/full.tmp"));
    }
    SECTION("--glb onto a directory and a symlink") {
        const std::string folder = tempPath("out_dir.glb");
        fs::create_directories(folder);
        const Run dir = runPlaces("import " + input + " -o " + tempPath("out_dir.places") + " --glb " + folder, 20);
        INFO(dir.output);
        CHECK(dir.exitCode == 2);
        CHECK(dir.output.find("refusing to replace a directory") != std::string::npos);
        CHECK_FALSE(fs::exists(tempPath("out_dir.places")));  // refused before any work

        const std::string target = writeTemp("out_target.txt", std::string("keep me"));
        const std::string link = tempPath("out_link.glb");
        fs::remove(link);
        fs::create_symlink(target, link);
        const Run sym = runPlaces("import " + input + " -o " + tempPath("out_link.places") + " --glb " + link, 20);
        INFO(sym.output);
        CHECK(sym.exitCode == 2);
        CHECK(sym.output.find("refusing to replace a symbolic link") != std::string::npos);
        CHECK(readAll(target) == "keep me");
    }
}

TEST_CASE("a failed write keeps the previous outputs and leaves no temporary files", "[hostile][output]") {
    const std::string input = writeTemp("full_box.gml", places::hostile::cityGmlBox());
    const fs::path folder = tempPath("full_disk");
    fs::remove_all(folder);
    fs::create_directories(folder);
    const std::string pack = (folder / "city.places").string(), glb = (folder / "city.glb").string();
    const Run first = runPlaces("import " + input + " -o " + pack + " --glb " + glb, 20);
    INFO(first.output);
    REQUIRE(first.exitCode == 0);
    const std::string previousPack = readAll(pack), previousGlb = readAll(glb);
    REQUIRE(previousGlb.size() > 512);
    // Created like any file (0666 minus the umask), not with mkstemp's 0600.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    struct stat st{};
    REQUIRE(::stat(glb.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == (0666 & ~mask));

    // A full disk, as far as this process is concerned: files may not grow past
    // 512 bytes (EFBIG; SIGXFSZ ignored so that write() fails instead of killing).
    const std::string command = "sh -c \"trap '' XFSZ; ulimit -f 1; exec " + std::string(PLACES_BINARY_DIR) +
                                "/tools/places/places import " + input + " -o " + pack + " --glb " + glb + "\" 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string output;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
    const int status = ::pclose(pipe);
    INFO(output);
    CHECK(WEXITSTATUS(status) == 1);
    CHECK(output.find("cannot write the city pack: writing " + pack + ".tmp.") != std::string::npos);
    CHECK(output.find("File too large") != std::string::npos);
    CHECK(readAll(pack) == previousPack);
    CHECK(readAll(glb) == previousGlb);
    CHECK(filesStartingWith(folder, "city.") == 2);  // no temporaries left behind
}

TEST_CASE("writeFileAtomically names the reason when the folder is missing", "[hostile][output]") {
    places::Diagnostics diagnostics;
    const std::byte data[4]{};
    CHECK_FALSE(places::writeFileAtomically(tempPath("no_such_folder") + "/x.glb", data, "the GLB", diagnostics));
    INFO(diagnostics.firstError());
    CHECK(diagnostics.firstError().find("cannot write the GLB: cannot create a temporary file beside it: No such "
                                        "file or directory") != std::string::npos);
}
