#pragma once
// A venue asset (stage, truck, chair) as plain data: what the renderer uploads
// and what scene tools measure. Produced by importAsset() from glTF/GLB, OBJ or
// FBX; independent of the importer library and of the GPU.
//
// Frame: the asset's own frame after its node transforms, Y up, metres as
// authored (glTF is Y-up metres by definition; Khronos samples authored Z-up
// carry a root matrix that the node flattening applies). Scenes place this
// frame into the city's local frame (x east, y up, z south).
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <glm/mat4x4.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>
#include <glm/vec4.hpp>

#include "places/assets/pixel_bytes.hpp"

namespace places::assets {

struct Bounds {
    glm::vec3 min{std::numeric_limits<float>::max()};
    glm::vec3 max{std::numeric_limits<float>::lowest()};
    bool empty() const { return min.x > max.x; }
    glm::vec3 size() const { return empty() ? glm::vec3(0.0f) : max - min; }
    glm::vec3 centre() const { return (min + max) * 0.5f; }
    void add(const glm::vec3& p);
    void add(const Bounds& b);
};

// Bounds of `b` after the affine transform `m` (bounds of its 8 transformed corners).
Bounds transformBounds(const Bounds& b, const glm::mat4& m);

// One mip level of a texture (layout as Image::rgba).
struct ImageLevel {
    std::uint32_t width = 0, height = 0;
    PixelBytes rgba;  // width * height * 4 bytes
};

// Decoded texture: RGBA8, rows top to bottom (row 0 = top of the image, which is
// where uv (0,0) samples; see Mesh::uv0). Not premultiplied, sRGB-encoded colour.
struct Image {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    PixelBytes rgba;                 // width * height * 4 bytes
    std::string source;              // file path, or "<asset>#embedded N"; "fallback" for the checker
    bool fallback = false;           // true: stands in for a texture that could not be read
    // Levels 1.. of the mip chain down to 1x1 (mip_chain.hpp), each halving the
    // previous (max(1, n / 2)). Built at import; empty when not built (a 1x1
    // image, ImportOptions::buildMips off, or an image made by hand).
    std::vector<ImageLevel> mips;
};

enum class AlphaMode : std::uint8_t { Opaque = 0, Mask = 1, Blend = 2 };
const char* toString(AlphaMode mode);

struct Material {
    std::string name;
    glm::vec4 baseColorFactor{1.0f};      // linear RGBA, multiplies the texture
    std::int32_t baseColorTexture = -1;   // index into AssetModel::images, -1 = none
    AlphaMode alphaMode = AlphaMode::Opaque;
    float alphaCutoff = 0.5f;             // used when alphaMode == Mask
    bool doubleSided = false;
};

// A coarser version of a mesh (mesh_levels.hpp): indices into the mesh's own
// vertices, and how far it may deviate from the full mesh.
struct MeshLevel {
    std::vector<std::uint32_t> indices;  // 3 per triangle, into Mesh::positions
    float geometricError = 0.0f;         // mesh frame units (metres as authored)
};

// One triangle list with one material. Vertices are in the mesh's own frame;
// instances place it. uv0 follows the glTF convention ((0,0) = top-left of the
// image) for every input format, with texture transforms (KHR_texture_transform)
// already applied, so a renderer samples `images[material.baseColorTexture]` at uv0.
struct Mesh {
    std::string name;
    std::vector<glm::vec3> positions;
    std::vector<glm::vec3> normals;     // unit; generated (smooth) when the file has none
    std::vector<glm::vec2> uv0;         // empty when the mesh has no texture coordinates
    std::vector<std::uint32_t> indices; // 3 per triangle
    std::uint32_t material = 0;         // index into AssetModel::materials
    Bounds bounds;                      // of `positions`
    // Coarser levels, fine -> coarse (fewer triangles, non-decreasing error);
    // empty: full detail only. Built at import for meshes large enough.
    std::vector<MeshLevel> levels;

    std::size_t triangleCount() const { return indices.size() / 3; }
};

// A placement of a mesh: the node hierarchy flattened, `transform` = product of
// all node matrices from the root (asset frame <- mesh frame).
struct MeshInstance {
    std::uint32_t mesh = 0;  // index into AssetModel::meshes
    glm::mat4 transform{1.0f};
    std::string node;        // name of the node that referenced the mesh
};

struct AssetModel {
    std::string path;                     // as given to importAsset
    std::string format;                   // "glTF", "OBJ", "FBX", ... (Assimp's importer name)
    std::vector<Mesh> meshes;
    std::vector<Material> materials;      // never empty when meshes exist
    std::vector<Image> images;
    std::vector<MeshInstance> instances;
    Bounds bounds;                        // asset frame, over all instanced vertices

    std::uint64_t uniqueTriangleCount() const;    // sum over meshes (as stored)
    std::uint64_t instancedTriangleCount() const; // sum over instances (as drawn)
};

}  // namespace places::assets
