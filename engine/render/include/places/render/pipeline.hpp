#pragma once
// Pipeline layouts and graphics pipelines for dynamic rendering (no render
// pass objects). Viewport and scissor are dynamic, so pipelines survive
// window resizes; a pipeline is tied to its attachment formats, sample count
// and multiview view mask.
#include <cstdint>
#include <span>

#include <vulkan/vulkan.h>

#include "places/render/shaders.hpp"

namespace places::render {

class Gpu;
class DescriptorSetLayout;

class PipelineLayout {
public:
    PipelineLayout(Gpu& gpu, std::span<const VkDescriptorSetLayout> setLayouts);
    ~PipelineLayout();
    PipelineLayout(const PipelineLayout&) = delete;
    PipelineLayout& operator=(const PipelineLayout&) = delete;
    VkPipelineLayout handle() const { return layout_; }

private:
    Gpu& gpu_;
    VkPipelineLayout layout_ = VK_NULL_HANDLE;
};

struct VertexLayout {
    std::span<const VkVertexInputBindingDescription> bindings;
    std::span<const VkVertexInputAttributeDescription> attributes;
};

struct GraphicsPipelineCreateInfo {
    ShaderId vertex = ShaderId::SceneVert;
    ShaderId fragment = ShaderId::SceneFrag;
    VertexLayout vertexLayout;   // empty: vertices made in the shader
    VkPipelineLayout layout = VK_NULL_HANDLE;
    VkFormat colourFormat = VK_FORMAT_R8G8B8A8_SRGB;
    VkFormat depthFormat = VK_FORMAT_D32_SFLOAT;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    std::uint32_t viewMask = 0;  // 0b11: stereo multiview
    bool depthTest = true;       // reversed Z: GREATER passes
    bool depthWrite = true;
    VkCullModeFlags cull = VK_CULL_MODE_NONE;
    bool alphaBlend = false;     // straight alpha: src * a + dst * (1 - a)
    // Depth only (shadow maps): no colour attachment (`colourFormat` is
    // ignored) and no fragment shader unless `depthOnlyFragment` (one that
    // only discards, e.g. the dither of fading avatars).
    bool depthOnly = false;
    bool depthOnlyFragment = false;
};

class GraphicsPipeline {
public:
    GraphicsPipeline(Gpu& gpu, const GraphicsPipelineCreateInfo& info);
    ~GraphicsPipeline();
    GraphicsPipeline(const GraphicsPipeline&) = delete;
    GraphicsPipeline& operator=(const GraphicsPipeline&) = delete;
    VkPipeline handle() const { return pipeline_; }

private:
    Gpu& gpu_;
    VkPipeline pipeline_ = VK_NULL_HANDLE;
};

}  // namespace places::render
