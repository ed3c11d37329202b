#include "places/render/warm_up.hpp"

#include "places/assets/mip_chain.hpp"

namespace places::render {

SceneGeometry warmUpGeometry() {
    SceneGeometry scene;
    // 16x16 with its mip chain, like every imported texture the variants are
    // keyed on (sRGB RGBA8, power-of-two, mipmapped).
    Texture texture{"warm-up", 16, 16, std::vector<std::uint8_t>(16 * 16 * 4, 200), {}};
    texture.mips = assets::buildMipChain(texture.width, texture.height, texture.rgba);
    scene.textures.push_back(std::move(texture));
    scene.materials.push_back({0, glm::vec4(1.0f)});
    const std::uint32_t plain = addBoxModel(scene, glm::vec3(1.0f), packRgba8(255, 255, 255), 0);
    const std::uint32_t textured = addBoxModel(scene, glm::vec3(1.0f), packRgba8(255, 255, 255), 1);
    ModelInstance left{plain, glm::mat4(1.0f)};
    left.transform[3] = glm::vec4(-2.0f, 1.0f, 0.0f, 1.0f);
    ModelInstance right{textured, glm::mat4(1.0f)};
    right.transform[3] = glm::vec4(2.0f, 1.0f, 0.0f, 1.0f);
    scene.instances = {left, right};
    return scene;
}

Camera warmUpCamera() {
    Camera camera;
    camera.pose.position = {0.0, 2.0, 10.0};  // south of the boxes, looking north (-z)
    camera.pose.pitchDeg = -5.0;
    return camera;
}

}  // namespace places::render
