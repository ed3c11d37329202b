#include "places/render/asset_geometry.hpp"

#include "places/assets/mip_chain.hpp"

namespace places::render {

std::int32_t addTextures(SceneGeometry& scene, std::vector<assets::Image> images) {
    const auto first = static_cast<std::int32_t>(scene.textures.size());
    for (assets::Image& image : images) {
        // Imports prepare the chain; a model made some other way gets it here.
        if (image.mips.empty() && (image.width > 1 || image.height > 1))
            image.mips = assets::buildMipChain(image.width, image.height, image.rgba);
        scene.textures.push_back(
            {std::move(image.source), image.width, image.height, std::move(image.rgba), std::move(image.mips)});
    }
    return first;
}

AssetGeometry addAsset(SceneGeometry& scene, const assets::AssetModel& asset) {
    return addAsset(scene, asset, addTextures(scene, asset.images));
}

AssetGeometry addAsset(SceneGeometry& scene, const assets::AssetModel& asset, std::int32_t firstTexture) {
    const auto firstMaterial = static_cast<std::uint32_t>(scene.materials.size());
    for (const assets::Material& m : asset.materials) {
        Material material;
        material.baseColour = m.baseColorFactor;
        const std::int32_t texture = firstTexture + m.baseColorTexture;
        const bool textured = m.baseColorTexture >= 0 && static_cast<std::size_t>(texture) < scene.textures.size() &&
                              !scene.textures[static_cast<std::size_t>(texture)].rgba.empty();
        if (textured) material.texture = texture;
        scene.materials.push_back(material);
    }
    AssetGeometry out;
    std::vector<Vertex> vertices;  // reused per mesh
    for (const assets::Mesh& mesh : asset.meshes) {
        vertices.assign(mesh.positions.size(), Vertex{});
        for (std::size_t i = 0; i < mesh.positions.size(); ++i) {
            vertices[i].position = mesh.positions[i];
            if (i < mesh.normals.size()) vertices[i].normal = mesh.normals[i];
            if (i < mesh.uv0.size()) vertices[i].uv = mesh.uv0[i];
        }
        const std::uint32_t material =
            mesh.material < asset.materials.size() ? firstMaterial + mesh.material : 0;
        const std::uint32_t full = scene.addSubmesh(vertices, mesh.indices, material);
        const std::uint32_t model = scene.addModel({full});
        for (const assets::MeshLevel& level : mesh.levels)
            scene.addModelLevel(model, {scene.addSubmeshLevel(full, level.indices)}, level.geometricError);
        out.meshModels.push_back(model);
    }
    return out;
}

void placeAsset(SceneGeometry& scene, const AssetGeometry& geometry, const assets::AssetModel& asset,
                const glm::mat4& placement) {
    for (const assets::MeshInstance& instance : asset.instances) {
        if (instance.mesh >= geometry.meshModels.size()) continue;
        scene.instances.push_back({geometry.meshModels[instance.mesh], placement * instance.transform});
    }
}

}  // namespace places::render
