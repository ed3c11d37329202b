#include "asset_references.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

#include <nlohmann/json.hpp>

#include "places/core/mapped_file.hpp"

namespace places::assets::detail {

namespace {

namespace fs = std::filesystem;

std::string lowerExtension(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

// "scheme:" as in RFC 3986 (letters, digits, + - .), at least two characters
// so that a Windows drive letter ("C:") is reported as absolute, not a URL.
bool hasScheme(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon < 2 || !std::isalpha(static_cast<unsigned char>(text[0]))) return false;
    return std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
    });
}

bool isInside(const fs::path& inner, const fs::path& folder) {
    const fs::path relative = inner.lexically_relative(folder);
    return !relative.empty() && *relative.begin() != "..";
}

void refuse(Diagnostics& diagnostics, SourceLocation where, const std::string& reference, const std::string& why) {
    std::string shown = reference.substr(0, 120);
    for (char& c : shown)
        if (static_cast<unsigned char>(c) < 0x20) c = '?';
    diagnostics.error(std::move(where), "refused reference \"" + shown + "\": " + why +
                                            " (assets may name only files inside their own folder, or data: URIs)");
}

// glTF: buffers[].uri and images[].uri of the JSON (a .gltf file or a .glb's
// JSON chunk). Unparsable JSON is left to Assimp to report.
void checkGltfJson(std::string_view json, const std::string& path, const fs::path& folder, Diagnostics& diagnostics) {
    const nlohmann::json root = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
    if (root.is_discarded() || !root.is_object()) return;
    for (const char* member : {"buffers", "images"}) {
        const auto list = root.find(member);
        if (list == root.end() || !list->is_array()) continue;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const nlohmann::json& entry = (*list)[i];
            if (!entry.is_object()) continue;
            const auto uri = entry.find("uri");
            if (uri == entry.end() || !uri->is_string()) continue;
            const std::string& text = uri->get_ref<const std::string&>();
            if (text.rfind("data:", 0) == 0) continue;
            std::string why;
            if (confinedPath(folder, text, why)) continue;
            SourceLocation where{path};
            where.pointer = "/" + std::string(member) + "/" + std::to_string(i) + "/uri";
            refuse(diagnostics, std::move(where), text, why);
        }
    }
}

// GLB: 12-byte header ("glTF", version 2, length), then chunk 0 = JSON.
void checkGlb(std::string_view bytes, const std::string& path, const fs::path& folder, Diagnostics& diagnostics) {
    if (bytes.size() < 20 || bytes.substr(0, 4) != "glTF") return;  // Assimp reports it
    std::uint32_t chunkLength = 0, chunkType = 0;
    std::memcpy(&chunkLength, bytes.data() + 12, 4);
    std::memcpy(&chunkType, bytes.data() + 16, 4);
    if (chunkType != 0x4E4F534Au || chunkLength > bytes.size() - 20) return;  // "JSON"
    checkGltfJson(bytes.substr(20, chunkLength), path, folder, diagnostics);
}

// The rest of an OBJ/MTL line after its keyword, trimmed.
std::string restOfLine(const std::string& line, std::size_t keywordLength) {
    std::size_t begin = keywordLength, end = line.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(line[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(line[end - 1]))) --end;
    return line.substr(begin, end - begin);
}

bool isTextureStatement(std::string_view keyword) {
    return keyword.rfind("map_", 0) == 0 || keyword == "bump" || keyword == "disp" || keyword == "decal" ||
           keyword == "refl" || keyword == "norm";
}

// MTL texture statements: options ("-s 1 1 1 -clamp on") come first, the file
// name last, so the last word is checked (and the whole rest of the line, for
// names with spaces).
void checkMtl(const fs::path& mtl, const fs::path& folder, Diagnostics& diagnostics) {
    std::ifstream in(mtl);
    std::string line;
    for (std::uint32_t number = 1; std::getline(in, line); ++number) {
        std::istringstream words(line);
        std::string keyword, word, last;
        words >> keyword;
        if (!isTextureStatement(keyword)) continue;
        while (words >> word) last = word;
        for (const std::string& name : {last, restOfLine(line, keyword.size())}) {
            std::string why;
            if (name.empty() || confinedPath(folder, name, why)) continue;
            refuse(diagnostics, {mtl.string(), number}, name, why);
            break;
        }
    }
}

void checkObj(const std::string& path, const fs::path& folder, Diagnostics& diagnostics) {
    std::ifstream in(path);
    std::string line;
    for (std::uint32_t number = 1; std::getline(in, line); ++number) {
        if (line.rfind("mtllib", 0) != 0 || line.size() < 7 || !std::isspace(static_cast<unsigned char>(line[6])))
            continue;
        const std::string name = restOfLine(line, 6);
        std::string why;
        if (const auto mtl = confinedPath(folder, name, why)) {
            std::error_code ec;
            if (fs::is_regular_file(*mtl, ec)) checkMtl(*mtl, folder, diagnostics);
        } else {
            refuse(diagnostics, {path, number}, name, why);
        }
    }
}

}  // namespace

std::string normaliseReference(std::string text) {
    std::replace(text.begin(), text.end(), '\\', '/');
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    while (out.rfind("./", 0) == 0) out.erase(0, 2);
    return out;
}

std::optional<fs::path> confinedPath(const fs::path& folder, const std::string& reference, std::string& why) {
    if (hasScheme(reference)) {
        why = "a URL (" + reference.substr(0, reference.find(':')) + ":)";
        return std::nullopt;
    }
    const std::string relative = normaliseReference(reference);
    if (relative.find('\0') != std::string::npos) {
        why = "contains a NUL byte";
        return std::nullopt;
    }
    if (relative.empty() || fs::path(relative).is_absolute() || (relative.size() > 1 && relative[1] == ':')) {
        why = relative.empty() ? "empty" : "an absolute path";
        return std::nullopt;
    }
    const fs::path base = folder.empty() ? fs::path(".") : folder;
    const fs::path file = (base / relative).lexically_normal();
    if (!isInside(file, base.lexically_normal())) {
        why = "outside the asset's folder";
        return std::nullopt;
    }
    // A symlink inside the folder may point anywhere: compare real paths.
    std::error_code ec1, ec2;
    const fs::path real = fs::weakly_canonical(file, ec1), realBase = fs::weakly_canonical(base, ec2);
    if (!ec1 && !ec2 && !isInside(real, realBase)) {
        why = "outside the asset's folder (through a symbolic link)";
        return std::nullopt;
    }
    return file;
}

bool checkAssetReferences(const std::string& path, Diagnostics& diagnostics) {
    const std::uint64_t before = diagnostics.errorCount();
    const fs::path folder = fs::path(path).parent_path();
    const std::string ext = lowerExtension(path);
    if (ext == ".gltf" || ext == ".glb") {
        auto file = MappedFile::open(path);
        if (!file) return true;  // importAsset reports unreadable files
        const std::string_view bytes(file->chars(), file->size());
        if (ext == ".glb") checkGlb(bytes, path, folder, diagnostics);
        else checkGltfJson(bytes, path, folder, diagnostics);
    } else if (ext == ".obj") {
        checkObj(path, folder, diagnostics);
    }
    return diagnostics.errorCount() == before;
}

}  // namespace places::assets::detail
