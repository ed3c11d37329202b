#pragma once
// KHR_texture_transform, baked into texture coordinates at import so renderers
// need no per-material UV matrix. Private to places_assets.
#include <vector>

#include <glm/vec2.hpp>

namespace places::assets::detail {

// The glTF form: uv' = T(offset) * R(rotation) * S(scale) * uv, in glTF UV space
// ((0,0) = top-left), rotation in radians (KHR_texture_transform spec).
struct TextureTransform {
    glm::vec2 offset{0.0f};
    float rotation = 0.0f;
    glm::vec2 scale{1.0f};

    bool isIdentity() const;
};

// Assimp 5.x's glTF2 importer stores KHR_texture_transform as an aiUVTransform
// re-expressed for its flipped-V, centre-rotating convention (glTF2Importer.cpp,
// "A change of coordinates is required ..."). This inverts that mapping to get
// the glTF parameters back; arguments are the aiUVTransform fields.
TextureTransform gltfTransformFromAssimp(float translationX, float translationY, float scaleX,
                                         float scaleY, float rotation);

void applyTextureTransform(const TextureTransform& transform, std::vector<glm::vec2>& uv);

}  // namespace places::assets::detail
