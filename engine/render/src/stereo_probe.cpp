#include "places/render/stereo_path.hpp"

#include <cstring>

#include "places/render/barriers.hpp"
#include "places/render/buffer.hpp"
#include "places/render/frame_ring.hpp"
#include "places/render/gpu.hpp"
#include "places/render/image.hpp"
#include "places/render/pipeline.hpp"

namespace places::render {

const char* stereoPathName(StereoPath path) {
    switch (path) {
        case StereoPath::Auto: return "auto";
        case StereoPath::Multiview: return "multiview";
        case StereoPath::TwoPass: return "two-pass";
    }
    return "?";
}

std::optional<StereoPath> parseStereoPath(std::string_view text) {
    for (StereoPath p : {StereoPath::Auto, StereoPath::Multiview, StereoPath::TwoPass})
        if (text == stereoPathName(p)) return p;
    return std::nullopt;
}

namespace {

constexpr std::uint32_t kProbeSize = 32;
constexpr VkFormat kProbeFormat = VK_FORMAT_R8G8B8A8_UNORM;

void drawProbe(VkCommandBuffer cmd, VkImageView view, std::uint32_t viewMask, VkPipeline pipeline) {
    VkRenderingAttachmentInfo colour{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    colour.imageView = view;
    colour.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    colour.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;  // black
    colour.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    VkRenderingInfo rendering{VK_STRUCTURE_TYPE_RENDERING_INFO};
    rendering.renderArea = {{0, 0}, {kProbeSize, kProbeSize}};
    rendering.layerCount = 1;
    rendering.viewMask = viewMask;
    rendering.colorAttachmentCount = 1;
    rendering.pColorAttachments = &colour;
    vkCmdBeginRendering(cmd, &rendering);
    const VkViewport viewport{0, 0, float(kProbeSize), float(kProbeSize), 0, 1};
    const VkRect2D scissor{{0, 0}, {kProbeSize, kProbeSize}};
    vkCmdSetViewport(cmd, 0, 1, &viewport);
    vkCmdSetScissor(cmd, 0, 1, &scissor);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline);
    vkCmdDraw(cmd, 3, 1, 0, 0);
    vkCmdEndRendering(cmd);
}

}  // namespace

MultiviewProbe probeMultiview(Gpu& gpu) {
    const PipelineLayout layout(gpu, std::span<const VkDescriptorSetLayout>{});
    GraphicsPipelineCreateInfo p;
    p.vertex = ShaderId::ProbeVert;
    p.fragment = ShaderId::ProbeFrag;
    p.layout = layout.handle();
    p.colourFormat = kProbeFormat;
    p.depthFormat = VK_FORMAT_UNDEFINED;
    p.depthTest = false;
    p.depthWrite = false;
    p.viewMask = 0b11;
    const GraphicsPipeline multiview(gpu, p);
    p.viewMask = 0;
    const GraphicsPipeline single(gpu, p);

    const ImageCreateInfo imageInfo{kProbeSize, kProbeSize, 2, kProbeFormat,
                                    VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT};
    const Image both(gpu, imageInfo);   // one multiview pass
    const Image alone(gpu, imageInfo);  // one pass per layer
    constexpr VkDeviceSize kLayerBytes = VkDeviceSize{kProbeSize} * kProbeSize * 4;
    const Buffer bothPixels(gpu, {2 * kLayerBytes, VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage::Readback});
    const Buffer alonePixels(gpu, {2 * kLayerBytes, VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage::Readback});

    FrameRing ring(gpu, 1);
    const Frame frame = ring.begin();
    const VkCommandBuffer cmd = frame.commands;
    const VkPipelineStageFlags2 colourStage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
    for (const Image* image : {&both, &alone})
        transition(cmd, {image->handle(), VK_IMAGE_ASPECT_COLOR_BIT, 2, VK_IMAGE_LAYOUT_UNDEFINED,
                         VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE,
                         colourStage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT});
    drawProbe(cmd, both.view(), 0b11, multiview.handle());
    drawProbe(cmd, alone.layerView(0), 0, single.handle());
    drawProbe(cmd, alone.layerView(1), 0, single.handle());
    for (const auto& [image, buffer] : {std::pair{&both, &bothPixels}, std::pair{&alone, &alonePixels}}) {
        transition(cmd, {image->handle(), VK_IMAGE_ASPECT_COLOR_BIT, 2, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                         VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, colourStage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                         VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_READ_BIT});
        copyImageToHostBuffer(cmd, image->handle(), 2, {kProbeSize, kProbeSize}, buffer->handle());
    }
    ring.submit();
    ring.finish();
    bothPixels.invalidate();
    alonePixels.invalidate();

    MultiviewProbe probe;
    const auto* a = reinterpret_cast<const std::uint32_t*>(alonePixels.mapped());
    const auto* b = reinterpret_cast<const std::uint32_t*>(bothPixels.mapped());
    for (std::size_t i = 0; i < 2 * kLayerBytes / 4; ++i) {
        probe.coveredPixels += (a[i] & 0xffffffu) != 0;
        probe.differingPixels += a[i] != b[i];
    }
    return probe;
}

std::string StereoChoice::describe() const {
    std::string text = stereoPathName(path);
    if (probe)
        text += " (multiview probe: " + std::to_string(probe->differingPixels) + " of " +
                std::to_string(probe->coveredPixels) + " pixels differ)";
    else
        text += " (forced)";
    return text;
}

StereoChoice chooseStereoPath(Gpu& gpu, StereoPath requested) {
    if (requested != StereoPath::Auto) return {requested, std::nullopt};
    const MultiviewProbe probe = probeMultiview(gpu);
    return {probe.multiviewCorrect() ? StereoPath::Multiview : StereoPath::TwoPass, probe};
}

}  // namespace places::render
