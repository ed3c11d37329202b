// KHR_texture_transform is baked into uv0. Oracle: the raw glTF-space UVs
// (Assimp with the same flags, transform not applied) and the transform
// parameters read from the .gltf JSON itself.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <string>

#include <assimp/Importer.hpp>
#include <assimp/postprocess.h>
#include <assimp/scene.h>
#include <nlohmann/json.hpp>

#include "places/assets/import.hpp"

using namespace places::assets;

TEST_CASE("texture transforms (offset, rotation, scale) are baked into uv0") {
    const std::string path = std::string(PLACES_ASSETS_DIR) + "/venues/khronos/SheenChair/glTF/SheenChair.gltf";
    places::Result<AssetModel> r = importAsset(path);
    REQUIRE(r.ok());

    nlohmann::json gltf;
    std::ifstream(path) >> gltf;
    Assimp::Importer importer;
    const aiScene* raw = importer.ReadFile(path, aiProcess_Triangulate | aiProcess_SortByPType |
                                                     aiProcess_GenSmoothNormals | aiProcess_JoinIdenticalVertices |
                                                     aiProcess_FlipUVs | aiProcess_ValidateDataStructure);
    REQUIRE(raw != nullptr);
    REQUIRE(raw->mNumMeshes == r->meshes.size());

    int checked = 0;
    for (unsigned m = 0; m < raw->mNumMeshes; ++m) {
        const Mesh& mesh = r->meshes[m];
        const std::string materialName = r->materials[mesh.material].name;
        const nlohmann::json* texture = nullptr;
        for (const auto& material : gltf["materials"]) {
            const auto& pbr = material["pbrMetallicRoughness"];
            if (material["name"] == materialName && pbr.contains("baseColorTexture")) texture = &pbr["baseColorTexture"];
        }
        if (texture == nullptr) continue;
        const auto& t = (*texture)["extensions"]["KHR_texture_transform"];
        const float ox = t.contains("offset") ? t["offset"][0].get<float>() : 0.0f;
        const float oy = t.contains("offset") ? t["offset"][1].get<float>() : 0.0f;
        const float sx = t.contains("scale") ? t["scale"][0].get<float>() : 1.0f;
        const float sy = t.contains("scale") ? t["scale"][1].get<float>() : 1.0f;
        const float rot = t.value("rotation", 0.0f);
        INFO(materialName);
        REQUIRE(mesh.uv0.size() == raw->mMeshes[m]->mNumVertices);
        for (std::size_t v = 0; v < mesh.uv0.size(); v += 97) {
            const aiVector3D& uv = raw->mMeshes[m]->mTextureCoords[0][v];
            const float x = uv.x * sx, y = uv.y * sy;
            const float ex = std::cos(rot) * x + std::sin(rot) * y + ox;
            const float ey = -std::sin(rot) * x + std::cos(rot) * y + oy;
            CHECK(mesh.uv0[v].x == Approx(ex).margin(1e-4));
            CHECK(mesh.uv0[v].y == Approx(ey).margin(1e-4));
        }
        ++checked;
    }
    CHECK(checked == 3);  // fabric (scale + offset), wood (with rotation), label (identity)
}
