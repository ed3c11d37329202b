#include "places/render/ui_pass.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

#include "places/render/gpu.hpp"
#include "places/render/render_targets.hpp"
#include "places/render/upload.hpp"

namespace places::render {

namespace {

constexpr VkDescriptorSetLayoutBinding kFontBinding[] = {
    {0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
};
constexpr VkVertexInputBindingDescription kUiBinding[] = {{0, sizeof(UiVertex), VK_VERTEX_INPUT_RATE_VERTEX}};
constexpr VkVertexInputAttributeDescription kUiAttributes[] = {
    {0, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(UiVertex, position)},
    {1, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(UiVertex, uv)},
    {2, 0, VK_FORMAT_R8G8B8A8_UNORM, offsetof(UiVertex, colour)},
};

GraphicsPipelineCreateInfo uiPipelineInfo(const UiPassCreateInfo& info, VkPipelineLayout layout) {
    GraphicsPipelineCreateInfo p;
    p.vertex = ShaderId::UiVert;
    p.fragment = ShaderId::UiFrag;
    p.vertexLayout = {kUiBinding, kUiAttributes};
    p.layout = layout;
    p.colourFormat = info.colourFormat;
    p.depthFormat = kDepthFormat;  // drawn inside the scene's pass, which has depth
    p.samples = info.samples;
    p.depthTest = false;
    p.depthWrite = false;
    p.alphaBlend = true;
    return p;
}

Image uploadFont(Gpu& gpu, const UiFontAtlas& font) {
    const TextureLevelData level{font.width, font.height, font.rgba};
    return uploadTexture(gpu, std::span(&level, 1));
}

// Grows `buffer` to hold `bytes` (doubling, so it settles after a few frames).
// The FrameRing has waited for this slot, so the old buffer may be replaced;
// its destruction is deferred anyway.
void ensureSize(Gpu& gpu, Buffer& buffer, VkDeviceSize bytes, VkBufferUsageFlags usage) {
    if (bytes <= buffer.size()) return;
    buffer = Buffer(gpu, {std::max<VkDeviceSize>(bytes * 2, 64 * 1024), usage, MemoryUsage::Upload});
}

}  // namespace

UiPass::UiPass(Gpu& gpu, const UiPassCreateInfo& info, const UiFontAtlas& font)
    : gpu_(gpu),
      layout_(gpu, kFontBinding),
      pipelineLayout_(gpu, std::array{layout_.handle()}),
      pipeline_(gpu, uiPipelineInfo(info, pipelineLayout_.handle())),
      font_(uploadFont(gpu, font)),
      sampler_(gpu),
      pool_(gpu, 1, std::array{VkDescriptorPoolSize{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1}}),
      frames_(info.framesInFlight) {
    set_ = pool_.allocate(layout_);
    writeImageDescriptor(gpu.vk(), set_, 0, font_.view(), sampler_.handle());
}

std::uint32_t UiPass::record(VkCommandBuffer cmd, std::uint32_t slot, const UiDrawList& list, std::uint32_t width,
                             std::uint32_t height) {
    if (list.empty() || list.vertices.empty() || list.indices.empty()) return 0;
    PerFrame& f = frames_[slot];
    ensureSize(gpu_, f.vertices, list.vertices.size() * sizeof(UiVertex), VK_BUFFER_USAGE_VERTEX_BUFFER_BIT);
    ensureSize(gpu_, f.indices, list.indices.size() * sizeof(std::uint32_t), VK_BUFFER_USAGE_INDEX_BUFFER_BIT);
    f.vertices.write(std::as_bytes(std::span(list.vertices)));
    f.indices.write(std::as_bytes(std::span(list.indices)));

    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_.handle());
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipelineLayout_.handle(), 0, 1, &set_, 0, nullptr);
    const VkBuffer vertexBuffer = f.vertices.handle();
    const VkDeviceSize zero = 0;
    vkCmdBindVertexBuffers(cmd, 0, 1, &vertexBuffer, &zero);
    vkCmdBindIndexBuffer(cmd, f.indices.handle(), 0, VK_INDEX_TYPE_UINT32);
    const VkViewport viewport{0.0f, 0.0f, float(width), float(height), 0.0f, 1.0f};
    vkCmdSetViewport(cmd, 0, 1, &viewport);
    std::uint32_t draws = 0;
    for (const UiCommand& c : list.commands) {
        // Clip rectangles may reach outside the target (a window dragged off
        // screen); the scissor must not.
        const float x0 = std::clamp(c.clip.x, 0.0f, float(width));
        const float y0 = std::clamp(c.clip.y, 0.0f, float(height));
        const float x1 = std::clamp(c.clip.z, 0.0f, float(width));
        const float y1 = std::clamp(c.clip.w, 0.0f, float(height));
        if (x1 <= x0 || y1 <= y0 || c.indexCount == 0) continue;
        const VkRect2D scissor{{std::int32_t(x0), std::int32_t(y0)},
                               {std::uint32_t(x1 - x0), std::uint32_t(y1 - y0)}};
        vkCmdSetScissor(cmd, 0, 1, &scissor);
        vkCmdDrawIndexed(cmd, c.indexCount, 1, c.firstIndex, c.vertexOffset, 0);
        ++draws;
    }
    // The scene's later draws (none today) expect the full-target scissor back.
    const VkRect2D full{{0, 0}, {width, height}};
    vkCmdSetScissor(cmd, 0, 1, &full);
    return draws;
}

}  // namespace places::render
