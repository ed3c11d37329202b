#include "uv_transform.hpp"

#include <cmath>

namespace places::assets::detail {

bool TextureTransform::isIdentity() const {
    return offset == glm::vec2(0.0f) && rotation == 0.0f && scale == glm::vec2(1.0f);
}

TextureTransform gltfTransformFromAssimp(float translationX, float translationY, float scaleX,
                                         float scaleY, float rotation) {
    // Importer (Assimp 5.2): mRotation = -r, rcos = cos(r), rsin = sin(r),
    //   tx = 0.5*sx*(-rcos + rsin + 1) + offset.x
    //   ty = 0.5*sy*(rsin + rcos - 1) + 1 - sy - offset.y
    TextureTransform t;
    t.rotation = -rotation;
    t.scale = {scaleX, scaleY};
    const float c = std::cos(t.rotation), s = std::sin(t.rotation);
    t.offset.x = translationX - 0.5f * scaleX * (-c + s + 1.0f);
    t.offset.y = 0.5f * scaleY * (s + c - 1.0f) + 1.0f - scaleY - translationY;
    return t;
}

void applyTextureTransform(const TextureTransform& t, std::vector<glm::vec2>& uv) {
    const float c = std::cos(t.rotation), s = std::sin(t.rotation);
    for (glm::vec2& p : uv) {
        const glm::vec2 scaled = p * t.scale;
        // Rotation matrix of the spec: [cos sin; -sin cos] (row-major).
        const glm::vec2 rotated{c * scaled.x + s * scaled.y, -s * scaled.x + c * scaled.y};
        p = rotated + t.offset;
    }
}

}  // namespace places::assets::detail
