// Assimp scene -> AssetModel. Assimp stays inside this file: the public model
// is plain data so the renderer, scene tools and tests never include Assimp.
#include "places/assets/import.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <utility>

#include <assimp/GltfMaterial.h>
#include <assimp/Importer.hpp>
#include <assimp/material.h>
#include <assimp/metadata.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>

#include "places/assets/mesh_levels.hpp"
#include "asset_references.hpp"
#include "places/assets/mip_chain.hpp"
#include "sheen.hpp"
#include "texture.hpp"
#include "uv_transform.hpp"

namespace places::assets {
namespace {

namespace fs = std::filesystem;

glm::mat4 toGlm(const aiMatrix4x4& m) {
    // aiMatrix4x4 is row-major (a1..a4 = first row); glm is column-major.
    return glm::mat4(m.a1, m.b1, m.c1, m.d1,  //
                     m.a2, m.b2, m.c2, m.d2,  //
                     m.a3, m.b3, m.c3, m.d3,  //
                     m.a4, m.b4, m.c4, m.d4);
}

std::string lowerExtension(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    if (!ext.empty() && ext[0] == '.') ext.erase(0, 1);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

// FBX files declare their axes in metadata; Assimp leaves the conversion to the
// caller. Maps the file's right/up/front axes onto +X/+Y/+Z (Y-up, like glTF).
glm::mat4 fbxAxisCorrection(const aiScene& scene) {
    const aiMetadata* meta = scene.mMetaData;
    int up = 1, upSign = 1, front = 2, frontSign = 1, coord = 0, coordSign = 1;
    if (meta == nullptr || !meta->Get("UpAxis", up)) return glm::mat4(1.0f);
    meta->Get("UpAxisSign", upSign);
    meta->Get("FrontAxis", front);
    meta->Get("FrontAxisSign", frontSign);
    meta->Get("CoordAxis", coord);
    meta->Get("CoordAxisSign", coordSign);
    auto axis = [](int index, int sign) {
        glm::vec3 v(0.0f);
        v[std::clamp(index, 0, 2)] = sign < 0 ? -1.0f : 1.0f;
        return v;
    };
    const glm::vec3 right = axis(coord, coordSign), upVec = axis(up, upSign), fwd = axis(front, frontSign);
    glm::mat4 m(1.0f);
    // Rows of the rotation are the file's axes: file-right -> x, file-up -> y, file-front -> z.
    for (int c = 0; c < 3; ++c) {
        m[c][0] = right[c];
        m[c][1] = upVec[c];
        m[c][2] = fwd[c];
    }
    return m;
}

struct MaterialInfo {
    unsigned uvChannel = 0;
    detail::TextureTransform transform;
};

class AssetBuilder {
public:
    AssetBuilder(const std::string& path, const aiScene& scene, const ImportOptions& options,
                 Result<AssetModel>& result)
        : path_(path), dir_(fs::path(path).parent_path()), scene_(scene), options_(options),
          diagnostics_(result.diagnostics), model_(*result.value) {}

    void build() {
        const std::string ext = lowerExtension(path_);
        gltf_ = ext == "gltf" || ext == "glb";
        for (unsigned i = 0; i < scene_.mNumMaterials; ++i) addMaterial(*scene_.mMaterials[i]);
        if (model_.materials.empty()) model_.materials.push_back(Material{"default"});
        meshIndex_.assign(scene_.mNumMeshes, -1);
        for (unsigned i = 0; i < scene_.mNumMeshes; ++i) addMesh(i, *scene_.mMeshes[i]);
        const glm::mat4 root = ext == "fbx" ? fbxAxisCorrection(scene_) : glm::mat4(1.0f);
        addNode(*scene_.mRootNode, root);
    }

private:
    void addMaterial(const aiMaterial& src) {
        Material m;
        m.name = src.GetName().C_Str();
        aiColor4D colour;
        if (src.Get(AI_MATKEY_BASE_COLOR, colour) == AI_SUCCESS ||
            src.Get(AI_MATKEY_COLOR_DIFFUSE, colour) == AI_SUCCESS) {
            m.baseColorFactor = {colour.r, colour.g, colour.b, colour.a};
        }
        // KHR_materials_sheen (velvet, cloth): such materials put their colour in
        // the sheen lobe and keep the base almost black (GlamVelvetSofa's navy
        // fabric: base 0.01, sheen 0.05/0.17/0.5), so without a sheen term they
        // render black. The renderer has no sheen lobe; the sheen's average
        // reflectance is folded into the diagonal base colour instead (see
        // detail::foldSheen).
        aiColor4D sheen;
        if (src.Get(AI_MATKEY_SHEEN_COLOR_FACTOR, sheen) == AI_SUCCESS) {
            m.baseColorFactor = detail::foldSheen(m.baseColorFactor, {sheen.r, sheen.g, sheen.b});
            diagnostics_.count("approximated: KHR_materials_sheen folded into the base colour");
        }
        aiString alphaMode;
        if (src.Get(AI_MATKEY_GLTF_ALPHAMODE, alphaMode) == AI_SUCCESS) {
            const std::string mode = alphaMode.C_Str();
            m.alphaMode = mode == "MASK" ? AlphaMode::Mask : mode == "BLEND" ? AlphaMode::Blend : AlphaMode::Opaque;
            src.Get(AI_MATKEY_GLTF_ALPHACUTOFF, m.alphaCutoff);
        } else {
            float opacity = 1.0f;  // OBJ "d", FBX opacity
            if (src.Get(AI_MATKEY_OPACITY, opacity) == AI_SUCCESS && opacity < 1.0f) {
                m.alphaMode = AlphaMode::Blend;
                m.baseColorFactor.a = opacity;
            }
        }
        int twoSided = 0;
        if (src.Get(AI_MATKEY_TWOSIDED, twoSided) == AI_SUCCESS) m.doubleSided = twoSided != 0;

        MaterialInfo info;
        for (aiTextureType type : {aiTextureType_BASE_COLOR, aiTextureType_DIFFUSE}) {
            if (src.GetTextureCount(type) == 0) continue;
            aiString texPath;
            unsigned uvIndex = 0;
            if (src.GetTexture(type, 0, &texPath, nullptr, &uvIndex) != AI_SUCCESS) continue;
            info.uvChannel = uvIndex;
            aiUVTransform uvt;
            if (src.Get(AI_MATKEY_UVTRANSFORM(type, 0), uvt) == AI_SUCCESS) {
                if (gltf_) {
                    // aiProcess_FlipUVs negated translation.y and rotation; undo that first.
                    info.transform = detail::gltfTransformFromAssimp(uvt.mTranslation.x, -uvt.mTranslation.y,
                                                                     uvt.mScaling.x, uvt.mScaling.y, -uvt.mRotation);
                } else {
                    diagnostics_.count("ignored: texture transform (non-glTF)");
                }
            }
            m.baseColorTexture = textureIndex(texPath.C_Str(), m.name);
            break;
        }
        model_.materials.push_back(std::move(m));
        materialInfo_.push_back(info);
    }

    std::int32_t textureIndex(const std::string& reference, const std::string& materialName) {
        if (const aiTexture* embedded = scene_.GetEmbeddedTexture(reference.c_str())) {
            return cached("embedded:" + reference, [&](std::string& error) -> std::optional<Image> {
                const std::string source = path_ + "#" + reference;
                if (!options_.decodeTextures) return Image{0, 0, {}, source, false};
                if (embedded->mHeight == 0) {  // compressed bytes (PNG/JPEG), mWidth = byte count
                    return detail::decodeImage(reinterpret_cast<const unsigned char*>(embedded->pcData),
                                               embedded->mWidth, source, error);
                }
                Image image{embedded->mWidth, embedded->mHeight, {}, source, false};
                std::vector<std::uint8_t>& rgba = image.rgba.vector();
                rgba.reserve(std::size_t{image.width} * image.height * 4);
                for (std::size_t i = 0; i < std::size_t{image.width} * image.height; ++i) {
                    const aiTexel& t = embedded->pcData[i];
                    rgba.insert(rgba.end(), {t.r, t.g, t.b, t.a});
                }
                return image;
            }, reference, materialName);
        }
        // Formats checkAssetReferences cannot read (FBX, ...) name textures
        // too: those outside the folder become the visible checker, counted.
        std::string why;
        const auto confined = detail::confinedPath(dir_, reference, why);
        if (!confined) {
            return cached("refused:" + reference, [&](std::string& error) -> std::optional<Image> {
                diagnostics_.count("missing texture: refused path outside the asset's folder");
                error = "refused: " + why;
                return std::nullopt;
            }, reference, materialName);
        }
        const fs::path file = *confined;
        return cached(file.string(), [&](std::string& error) -> std::optional<Image> {
            if (!options_.decodeTextures) {
                if (fs::is_regular_file(file)) return Image{0, 0, {}, file.string(), false};
                error = "file not found";
                return std::nullopt;
            }
            return detail::decodeImageFile(file.string(), error);
        }, reference, materialName);
    }

    template <class Load>
    std::int32_t cached(const std::string& key, Load&& load, const std::string& reference,
                        const std::string& materialName) {
        if (auto it = imageIndex_.find(key); it != imageIndex_.end()) return it->second;
        std::string error;
        std::optional<Image> image = load(error);
        std::int32_t index;
        if (image) {
            index = static_cast<std::int32_t>(model_.images.size());
            model_.images.push_back(std::move(*image));
        } else {
            diagnostics_.warning({path_}, "missing texture '" + reference + "' of material '" + materialName +
                                              "' (" + key + "): " + error + "; using the fallback checker");
            diagnostics_.count("missing texture");
            index = fallbackIndex();
        }
        imageIndex_.emplace(key, index);
        return index;
    }

    std::int32_t fallbackIndex() {
        if (fallback_ < 0) {
            fallback_ = static_cast<std::int32_t>(model_.images.size());
            model_.images.push_back(makeFallbackImage());
        }
        return fallback_;
    }

    void addMesh(unsigned index, const aiMesh& src) {
        if ((src.mPrimitiveTypes & aiPrimitiveType_TRIANGLE) == 0 || src.mNumVertices == 0) {
            diagnostics_.count("skipped: non-triangle mesh");
            return;
        }
        Mesh mesh;
        mesh.name = src.mName.C_Str();
        mesh.material = src.mMaterialIndex < model_.materials.size() ? src.mMaterialIndex : 0;
        mesh.positions.reserve(src.mNumVertices);
        for (unsigned v = 0; v < src.mNumVertices; ++v) {
            const aiVector3D& p = src.mVertices[v];
            mesh.positions.emplace_back(p.x, p.y, p.z);
            mesh.bounds.add(mesh.positions.back());
        }
        if (src.mNormals != nullptr) {
            mesh.normals.reserve(src.mNumVertices);
            for (unsigned v = 0; v < src.mNumVertices; ++v) {
                const aiVector3D& n = src.mNormals[v];
                mesh.normals.emplace_back(n.x, n.y, n.z);
            }
        }
        const MaterialInfo info = mesh.material < materialInfo_.size() ? materialInfo_[mesh.material] : MaterialInfo{};
        if (info.uvChannel < AI_MAX_NUMBER_OF_TEXTURECOORDS && src.mTextureCoords[info.uvChannel] != nullptr) {
            mesh.uv0.reserve(src.mNumVertices);
            for (unsigned v = 0; v < src.mNumVertices; ++v) {
                const aiVector3D& t = src.mTextureCoords[info.uvChannel][v];
                mesh.uv0.emplace_back(t.x, t.y);
            }
            if (!info.transform.isIdentity()) detail::applyTextureTransform(info.transform, mesh.uv0);
        }
        mesh.indices.reserve(std::size_t{src.mNumFaces} * 3);
        for (unsigned f = 0; f < src.mNumFaces; ++f) {
            const aiFace& face = src.mFaces[f];
            if (face.mNumIndices != 3) {  // SortByPType leaves points/lines in mixed meshes
                diagnostics_.count("skipped: non-triangle face");
                continue;
            }
            mesh.indices.insert(mesh.indices.end(), face.mIndices, face.mIndices + 3);
        }
        meshIndex_[index] = static_cast<std::int32_t>(model_.meshes.size());
        model_.meshes.push_back(std::move(mesh));
    }

    void addNode(const aiNode& node, const glm::mat4& parent) {
        const glm::mat4 world = parent * toGlm(node.mTransformation);
        for (unsigned i = 0; i < node.mNumMeshes; ++i) {
            const std::int32_t mesh = node.mMeshes[i] < meshIndex_.size() ? meshIndex_[node.mMeshes[i]] : -1;
            if (mesh < 0) continue;
            model_.instances.push_back({static_cast<std::uint32_t>(mesh), world, node.mName.C_Str()});
            for (const glm::vec3& p : model_.meshes[static_cast<std::size_t>(mesh)].positions) {
                model_.bounds.add(glm::vec3(world * glm::vec4(p, 1.0f)));
            }
        }
        for (unsigned i = 0; i < node.mNumChildren; ++i) addNode(*node.mChildren[i], world);
    }

    const std::string& path_;
    fs::path dir_;
    const aiScene& scene_;
    const ImportOptions& options_;
    Diagnostics& diagnostics_;
    AssetModel& model_;
    bool gltf_ = false;
    std::vector<MaterialInfo> materialInfo_;
    std::vector<std::int32_t> meshIndex_;
    std::map<std::string, std::int32_t> imageIndex_;
    std::int32_t fallback_ = -1;
};

}  // namespace

Result<AssetModel> importAsset(const std::string& path, const ImportOptions& options) {
    Result<AssetModel> result;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        result.diagnostics.error({path}, "file not found");
        return result;
    }
    // Before Assimp opens anything the asset names (it would follow any path).
    if (!detail::checkAssetReferences(path, result.diagnostics)) return result;
    Assimp::Importer importer;
    // FBX files are often in centimetres; Assimp converts to metres on request.
    importer.SetPropertyBool(AI_CONFIG_FBX_CONVERT_TO_M, true);
    // FlipUVs: every importer hands out bottom-left UVs (glTF's are flipped on
    // import); flipping once more gives the top-left convention of glTF and of
    // decoded image rows, for all formats alike.
    const unsigned flags = aiProcess_Triangulate | aiProcess_SortByPType | aiProcess_GenSmoothNormals |
                           aiProcess_JoinIdenticalVertices | aiProcess_FlipUVs | aiProcess_ValidateDataStructure;
    const aiScene* scene = importer.ReadFile(path, flags);
    if (scene == nullptr || scene->mRootNode == nullptr || (scene->mFlags & AI_SCENE_FLAGS_INCOMPLETE) != 0) {
        const std::string reason = importer.GetErrorString();
        result.diagnostics.error({path}, "cannot import asset: " +
                                             (reason.empty() ? std::string("incomplete scene") : reason));
        return result;
    }
    result.value.emplace();
    result.value->path = path;
    result.value->format = lowerExtension(path);
    AssetBuilder(path, *scene, options, result).build();
    // Done once here so that renderers (through the asset cache) only copy.
    if (options.buildLevels)
        for (Mesh& mesh : result.value->meshes) buildMeshLevels(mesh);
    if (options.buildMips)
        for (Image& image : result.value->images) image.mips = buildMipChain(image.width, image.height, image.rgba);
    if (result.value->meshes.empty()) result.diagnostics.warning({path}, "asset has no triangle meshes");
    return result;
}

}  // namespace places::assets
