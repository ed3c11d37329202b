#include "places/render/pipeline.hpp"

#include <optional>

#include "places/render/gpu.hpp"
#include "places/render/vk_check.hpp"

namespace places::render {

namespace {

// Shader modules live only for pipeline creation.
class ShaderModule {
public:
    ShaderModule(VkDevice device, std::span<const std::uint32_t> code) : device_(device) {
        VkShaderModuleCreateInfo info{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
        info.codeSize = code.size_bytes();
        info.pCode = code.data();
        PLACES_VK_CHECK(vkCreateShaderModule(device, &info, nullptr, &module_));
    }
    ~ShaderModule() { vkDestroyShaderModule(device_, module_, nullptr); }
    ShaderModule(const ShaderModule&) = delete;
    ShaderModule& operator=(const ShaderModule&) = delete;
    VkShaderModule handle() const { return module_; }

private:
    VkDevice device_;
    VkShaderModule module_ = VK_NULL_HANDLE;
};

}  // namespace

PipelineLayout::PipelineLayout(Gpu& gpu, std::span<const VkDescriptorSetLayout> setLayouts) : gpu_(gpu) {
    VkPipelineLayoutCreateInfo info{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    info.setLayoutCount = static_cast<std::uint32_t>(setLayouts.size());
    info.pSetLayouts = setLayouts.data();
    PLACES_VK_CHECK(vkCreatePipelineLayout(gpu.vk(), &info, nullptr, &layout_));
}

PipelineLayout::~PipelineLayout() { gpu_.deleter.retire(VK_OBJECT_TYPE_PIPELINE_LAYOUT, layout_); }

GraphicsPipeline::GraphicsPipeline(Gpu& gpu, const GraphicsPipelineCreateInfo& info) : gpu_(gpu) {
    const ShaderModule vertex(gpu.vk(), shaderCode(info.vertex));
    std::optional<ShaderModule> fragment;
    if (!info.depthOnly || info.depthOnlyFragment) fragment.emplace(gpu.vk(), shaderCode(info.fragment));
    VkPipelineShaderStageCreateInfo stages[2] = {
        {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO, nullptr, 0, VK_SHADER_STAGE_VERTEX_BIT,
         vertex.handle(), "main", nullptr},
        {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO, nullptr, 0, VK_SHADER_STAGE_FRAGMENT_BIT,
         fragment ? fragment->handle() : VK_NULL_HANDLE, "main", nullptr},
    };

    VkPipelineVertexInputStateCreateInfo vertexInput{VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO};
    vertexInput.vertexBindingDescriptionCount = static_cast<std::uint32_t>(info.vertexLayout.bindings.size());
    vertexInput.pVertexBindingDescriptions = info.vertexLayout.bindings.data();
    vertexInput.vertexAttributeDescriptionCount =
        static_cast<std::uint32_t>(info.vertexLayout.attributes.size());
    vertexInput.pVertexAttributeDescriptions = info.vertexLayout.attributes.data();

    VkPipelineInputAssemblyStateCreateInfo assembly{VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO};
    assembly.topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST;

    VkPipelineViewportStateCreateInfo viewport{VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO};
    viewport.viewportCount = 1;
    viewport.scissorCount = 1;

    VkPipelineRasterizationStateCreateInfo raster{VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO};
    raster.polygonMode = VK_POLYGON_MODE_FILL;
    raster.cullMode = info.cull;
    raster.frontFace = VK_FRONT_FACE_COUNTER_CLOCKWISE;
    raster.lineWidth = 1.0f;

    VkPipelineMultisampleStateCreateInfo multisample{VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO};
    multisample.rasterizationSamples = info.samples;

    VkPipelineDepthStencilStateCreateInfo depth{VK_STRUCTURE_TYPE_PIPELINE_DEPTH_STENCIL_STATE_CREATE_INFO};
    depth.depthTestEnable = info.depthTest ? VK_TRUE : VK_FALSE;
    depth.depthWriteEnable = info.depthWrite ? VK_TRUE : VK_FALSE;
    depth.depthCompareOp = VK_COMPARE_OP_GREATER;

    VkPipelineColorBlendAttachmentState attachment{};
    attachment.colorWriteMask = VK_COLOR_COMPONENT_R_BIT | VK_COLOR_COMPONENT_G_BIT |
                                VK_COLOR_COMPONENT_B_BIT | VK_COLOR_COMPONENT_A_BIT;
    if (info.alphaBlend) {
        attachment.blendEnable = VK_TRUE;
        attachment.srcColorBlendFactor = VK_BLEND_FACTOR_SRC_ALPHA;
        attachment.dstColorBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
        attachment.colorBlendOp = VK_BLEND_OP_ADD;
        attachment.srcAlphaBlendFactor = VK_BLEND_FACTOR_ONE;
        attachment.dstAlphaBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
        attachment.alphaBlendOp = VK_BLEND_OP_ADD;
    }
    VkPipelineColorBlendStateCreateInfo blend{VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO};
    blend.attachmentCount = info.depthOnly ? 0 : 1;
    blend.pAttachments = &attachment;

    const VkDynamicState dynamicStates[] = {VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR};
    VkPipelineDynamicStateCreateInfo dynamic{VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO};
    dynamic.dynamicStateCount = 2;
    dynamic.pDynamicStates = dynamicStates;

    VkPipelineRenderingCreateInfo rendering{VK_STRUCTURE_TYPE_PIPELINE_RENDERING_CREATE_INFO};
    rendering.viewMask = info.viewMask;
    rendering.colorAttachmentCount = info.depthOnly ? 0 : 1;
    rendering.pColorAttachmentFormats = &info.colourFormat;
    rendering.depthAttachmentFormat = info.depthFormat;

    VkGraphicsPipelineCreateInfo create{VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO};
    create.pNext = &rendering;
    create.stageCount = fragment ? 2 : 1;
    create.pStages = stages;
    create.pVertexInputState = &vertexInput;
    create.pInputAssemblyState = &assembly;
    create.pViewportState = &viewport;
    create.pRasterizationState = &raster;
    create.pMultisampleState = &multisample;
    create.pDepthStencilState = &depth;
    create.pColorBlendState = &blend;
    create.pDynamicState = &dynamic;
    create.layout = info.layout;
    PLACES_VK_CHECK(vkCreateGraphicsPipelines(gpu.vk(), VK_NULL_HANDLE, 1, &create, nullptr, &pipeline_));
}

GraphicsPipeline::~GraphicsPipeline() { gpu_.deleter.retire(VK_OBJECT_TYPE_PIPELINE, pipeline_); }

}  // namespace places::render
