// Hostile venue assets (issue #12, item 6): files named inside an asset resolve
// only inside the asset's own folder; anything else is an error naming the JSON
// path (glTF) or the line (OBJ/MTL), before Assimp opens any of it.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "places/assets/import.hpp"
#include "run_places.hpp"

namespace {

namespace fs = std::filesystem;
using places::city::test::tempPath;

// Three float3 positions (one triangle), 36 bytes, and the same as base64.
constexpr char kTriangle[] = "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x80?\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x80?\0\0\0\0";
constexpr const char* kTriangleBase64 = "AAAAAAAAAAAAAAAAAACAPwAAAAAAAAAAAAAAAAAAgD8AAAAA";

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// One triangle whose positions live in buffer `uri`; optionally one image.
std::string gltf(const std::string& uri, const std::string& imageUri = "") {
    std::string json = R"({"asset":{"version":"2.0"},"scene":0,"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],)"
                       R"("meshes":[{"primitives":[{"attributes":{"POSITION":0}}]}],)"
                       R"("accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3",)"
                       R"("min":[0,0,0],"max":[1,1,0]}],"bufferViews":[{"buffer":0,"byteLength":36}],)"
                       R"("buffers":[{"byteLength":36,"uri":")" + uri + "\"}]";
    if (!imageUri.empty()) json += R"(,"images":[{"uri":")" + imageUri + "\"}]";
    return json + "}";
}

// A fresh venue folder with a "secret" file beside it (outside it).
struct Venue {
    fs::path root = tempPath("venue_root");
    fs::path folder = root / "venue";
    fs::path secret = root / "secret.bin";
    Venue() {
        fs::remove_all(root);
        write(secret, std::string(kTriangle, 36));
    }
};

std::string importError(const fs::path& asset) {
    const auto result = places::assets::importAsset(asset.string());
    return result.value ? std::string() : result.diagnostics.firstError();
}

}  // namespace

TEST_CASE("a glTF buffer URI leaving the asset's folder is refused with its JSON path", "[hostile][assets]") {
    Venue venue;
    const fs::path asset = venue.folder / "prop.gltf";
    write(asset, gltf("../secret.bin"));
    const auto result = places::assets::importAsset(asset.string());
    INFO(result.diagnostics.firstError());
    CHECK_FALSE(result.value);
    CHECK(result.diagnostics.firstError().find("prop.gltf (/buffers/0/uri): error: refused reference "
                                               "\"../secret.bin\": outside the asset's folder") != std::string::npos);

    write(asset, gltf("..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd"));
    CHECK(importError(asset).find("(/buffers/0/uri)") != std::string::npos);
    write(asset, gltf("/etc/passwd"));
    CHECK(importError(asset).find("an absolute path") != std::string::npos);
    write(asset, gltf("file:///etc/passwd"));
    CHECK(importError(asset).find("a URL (file:)") != std::string::npos);
}

TEST_CASE("image URIs and symlinks out of the folder are refused, data: URIs and subfolders are fine",
          "[hostile][assets]") {
    Venue venue;
    const fs::path asset = venue.folder / "prop.gltf";
    write(venue.folder / "bin" / "triangle.bin", std::string(kTriangle, 36));
    write(asset, gltf("bin/triangle.bin"));
    const auto inside = places::assets::importAsset(asset.string());
    INFO(inside.diagnostics.firstError());
    REQUIRE(inside.value);
    CHECK(inside.value->meshes.size() == 1);

    write(asset, gltf(std::string("data:application/octet-stream;base64,") + kTriangleBase64));
    CHECK(places::assets::importAsset(asset.string()).value.has_value());

    write(asset, gltf("bin/triangle.bin", "../../../../../../etc/hostname"));
    CHECK(importError(asset).find("(/images/0/uri)") != std::string::npos);

    fs::create_symlink(venue.secret, venue.folder / "link.bin");
    write(asset, gltf("link.bin"));
    CHECK(importError(asset).find("through a symbolic link") != std::string::npos);
}

TEST_CASE("a glTF buffer URL is never fetched", "[hostile][assets]") {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0);
    REQUIRE(::listen(fd, 4) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0);
    Venue venue;
    const fs::path asset = venue.folder / "prop.gltf";
    write(asset, gltf("http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/x.bin"));
    CHECK(importError(asset).find("a URL (http:)") != std::string::npos);
    pollfd p{fd, POLLIN, 0};
    CHECK(::poll(&p, 1, 0) == 0);
    ::close(fd);
}

TEST_CASE("OBJ mtllib and MTL texture maps leaving the folder are refused with their line", "[hostile][assets]") {
    Venue venue;
    const fs::path obj = venue.folder / "prop.obj";
    write(venue.root / "evil.mtl", "newmtl m\nmap_Kd secret.bin\n");
    write(obj, "# prop\nmtllib ../evil.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
    const std::string objError = importError(obj);
    INFO(objError);
    CHECK(objError.find("prop.obj:2: error: refused reference \"../evil.mtl\"") != std::string::npos);

    write(venue.folder / "prop.mtl", "newmtl m\nKd 1 1 1\nmap_Kd -s 1 1 1 ..\\..\\..\\..\\etc\\passwd\n");
    write(obj, "mtllib prop.mtl\nusemtl m\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
    const std::string mtlError = importError(obj);
    INFO(mtlError);
    CHECK(mtlError.find("prop.mtl:3: error: refused reference \"..\\..\\..\\..\\etc\\passwd\"") != std::string::npos);
}
