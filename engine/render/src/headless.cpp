#include "places/render/headless.hpp"

#include "places/render/barriers.hpp"
#include "places/render/gpu.hpp"

namespace places::render {

namespace {
constexpr VkFormat kOutputFormat = VK_FORMAT_R8G8B8A8_SRGB;
}

HeadlessRenderer::HeadlessRenderer(Gpu& gpu, const HeadlessCreateInfo& info)
    : gpu_(gpu),
      info_(info),
      renderer_(gpu, {kOutputFormat, info.views, 2, info.msaa, false, info.maxScreenSpaceErrorPx, info.font, info.uiFont,
                       info.shadows, 2048, info.stereoPath}),
      frames_(gpu, 2),
      targets_(gpu, {info.width, info.height, info.views, kOutputFormat, renderer_.samples(),
                     renderer_.resolvesAfterPasses(), info.keepDepth,
                     chooseDepthResolveMode(gpu.device.capabilities().depthResolveModes)}),
      output_(gpu, {info.width, info.height, info.views, kOutputFormat,
                    VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT,
                    VK_SAMPLE_COUNT_1_BIT}),
      readback_(gpu, {VkDeviceSize{info.width} * info.height * 4 * info.views, VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                      MemoryUsage::Readback}) {}

RenderOutput HeadlessRenderer::output() const {
    return {output_.handle(), output_.view(), {output_.layerView(0), output_.layerView(info_.views - 1)}};
}

FrameStats HeadlessRenderer::submitFrame(const FrameInputs& in) {
    const Frame frame = frames_.begin();
    const FrameStats stats =
        renderer_.record(frame, targets_, output(), in);
    frames_.submit();
    return stats;
}

HeadlessRenderer::Result HeadlessRenderer::renderAndDeliver(
    const FrameInputs& in, const std::function<void(VkCommandBuffer, VkImage)>& deliver) {
    const Frame frame = frames_.begin();
    Result result;
    result.stats = renderer_.record(frame, targets_, output(), in);
    transition(frame.commands, {output_.handle(), VK_IMAGE_ASPECT_COLOR_BIT, info_.views,
                                VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                                VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_READ_BIT});
    deliver(frame.commands, output_.handle());
    frames_.submit();
    frames_.finish();
    result.gpuMilliseconds = frames_.lastGpuMilliseconds();
    return result;
}

ImageLayer HeadlessRenderer::deliveredDepth(std::uint32_t view) const { return targets_.keptDepth(view); }

HeadlessRenderer::~HeadlessRenderer() { frames_.finish(); }

HeadlessRenderer::Result HeadlessRenderer::render(const FrameInputs& in) {
    const Frame frame = frames_.begin();
    Result result;
    result.stats =
        renderer_.record(frame, targets_, output(), in);
    transition(frame.commands, {output_.handle(), VK_IMAGE_ASPECT_COLOR_BIT, info_.views,
                                VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                                VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_READ_BIT});
    copyImageToHostBuffer(frame.commands, output_.handle(), info_.views, {info_.width, info_.height},
                          readback_.handle());
    frames_.submit();
    frames_.finish();
    result.gpuMilliseconds = frames_.lastGpuMilliseconds();

    readback_.invalidate();
    result.image = {info_.width, info_.height, info_.views, {}};
    result.image.pixels.assign(reinterpret_cast<const std::uint8_t*>(readback_.mapped()),
                               reinterpret_cast<const std::uint8_t*>(readback_.mapped()) + readback_.size());
    return result;
}

}  // namespace places::render
