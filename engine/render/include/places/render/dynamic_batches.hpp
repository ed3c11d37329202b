#pragma once
// The per-frame batching of dynamic instances (plain CPU data, no GPU, unit
// tested): culls each instance by its model's bounds under its transform,
// picks its level (its own, or by screen-space error like props), sorts the
// survivors by (model, level) and makes one instanced indexed command per
// group and submesh, bucketed by material (the renderer draws each bucket
// with one multi-draw-indirect). Storage is reused frame to frame: after the
// first frames of a given size, building allocates nothing.
#include <cstdint>
#include <span>
#include <vector>

#include <glm/mat4x4.hpp>
#include <glm/vec4.hpp>
#include <vulkan/vulkan.h>

#include "places/render/frame_inputs.hpp"
#include "places/render/scene_geometry.hpp"
#include "places/visibility/level_selection.hpp"

namespace places::render {

// One instance as the dynamic pipeline reads it (vertex binding 1, per instance). 80 bytes.
struct DynamicInstanceData {
    glm::mat4 model{1.0f};
    glm::vec4 tint{1.0f};
};

struct DynamicBatchStats {
    std::uint32_t drawn = 0;     // instances in a command
    std::uint32_t culled = 0;    // outside every view
    std::uint32_t rejected = 0;  // model index out of range or fully transparent
    std::uint32_t commands = 0;  // instanced commands (one per group and submesh)
    std::uint64_t triangles = 0; // instances x their level's triangles
};

class DynamicBatcher {
public:
    DynamicBatchStats build(std::span<const Model> models, std::span<const Submesh> submeshes,
                            std::uint32_t materialCount, std::span<const DynamicInstance> instances,
                            std::span<const visibility::SelectionView> views,
                            const visibility::SelectionOptions& lod);
    // Instance data in command order; commands' firstInstance index into it.
    const std::vector<DynamicInstanceData>& instanceData() const { return data_; }
    // Per material: this frame's commands.
    const std::vector<std::vector<VkDrawIndexedIndirectCommand>>& buckets() const { return buckets_; }

private:
    struct Keyed {
        std::uint64_t key;  // model << 32 | level
        std::uint32_t index;
    };
    std::vector<Keyed> keyed_;
    std::vector<DynamicInstanceData> data_;
    std::vector<std::vector<VkDrawIndexedIndirectCommand>> buckets_;
};

}  // namespace places::render
